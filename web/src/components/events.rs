//! The events panel: the cluster's events, newest first, with a filter box kept in the panel;
//! sends nothing.

use crate::view_model::EventRow;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EventsProps {
    pub events: std::rc::Rc<Vec<EventRow>>,
}

/// The cluster's events, newest first, filterable by object or reason.
#[function_component(EventsPanel)]
pub fn events_panel(p: &EventsProps) -> Html {
    let filter = use_state(String::new);
    let on_input = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                filter.set(input.value());
            }
        })
    };
    let rows = p.events.iter().filter(|e| e.matches(&filter));
    html! {
        <div class="panel events" id="events">
            <h2>{ "Events" }</h2>
            <input class="filter" type="search" placeholder="filter by object or reason" aria-label="Filter events" value={(*filter).clone()} oninput={on_input} />
            <ol class="timeline">
                { for rows.take(150).map(|e| html! {
                    <li class={classes!("event", (e.type_ == "Warning").then_some("warning"))}>
                        <span class="age">{ &e.age }</span>
                        <span class="reason">{ if e.type_ == "Warning" { "⚠ " } else { "" } }{ &e.reason }</span>
                        <span class="object">{ &e.object }</span>
                        <span class="message">{ &e.message }{ if e.count > 1 { format!(" (×{})", e.count) } else { String::new() } }</span>
                    </li>
                }) }
            </ol>
        </div>
    }
}
