//! The events panel: the cluster's events, newest first, with a filter box kept in the panel;
//! sends nothing. Each event is a row of columns (age, reason, object; the message below), so
//! an age never runs into a reason. A pod's kubelet lifecycle (Pulling → Pulled → Created →
//! Started) is one row that opens to show its events: it stands where its newest event would.

use crate::view_model::EventRow;
use std::collections::BTreeMap;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EventsProps {
    pub events: std::rc::Rc<Vec<EventRow>>,
}

/// The kubelet's events as a container image is fetched and the container started.
const LIFECYCLE: [&str; 4] = ["Pulling", "Pulled", "Created", "Started"];

/// One row of the panel: an event, or an object's lifecycle events (newest first).
#[derive(Debug, PartialEq)]
pub enum Entry<'a> {
    One(&'a EventRow),
    Lifecycle(Vec<&'a EventRow>),
}

/// Groups `rows` (newest first): every object's lifecycle events go in one entry, placed at its
/// newest event; the other events stay as they are.
pub fn group<'a>(rows: impl Iterator<Item = &'a EventRow>) -> Vec<Entry<'a>> {
    let mut out: Vec<Entry<'a>> = Vec::new();
    let mut at: BTreeMap<&'a str, usize> = BTreeMap::new();
    for row in rows {
        if !LIFECYCLE.contains(&row.reason.as_str()) || row.type_ == "Warning" {
            out.push(Entry::One(row));
            continue;
        }
        match at.get(row.object.as_str()).and_then(|&i| out.get_mut(i)) {
            Some(Entry::Lifecycle(members)) => members.push(row),
            _ => {
                at.insert(row.object.as_str(), out.len());
                out.push(Entry::Lifecycle(vec![row]));
            }
        }
    }
    out
}

fn row(e: &EventRow) -> Html {
    html! {
        <>
            <span class="age">{ &e.age }</span>
            <span class="reason">{ if e.type_ == "Warning" { "⚠ " } else { "" } }{ &e.reason }</span>
            <span class="object" title={e.object.clone()}>{ &e.object }</span>
            <span class="message">{ &e.message }{ if e.count > 1 { format!(" (×{})", e.count) } else { String::new() } }</span>
        </>
    }
}

fn single(e: &EventRow) -> Html {
    html! { <li class={classes!("event", (e.type_ == "Warning").then_some("warning"))}>{ row(e) }</li> }
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
    let entries = group(p.events.iter().filter(|e| e.matches(&filter)).take(150));
    html! {
        <div class="panel events" id="events">
            <h2>{ "Events" }</h2>
            <input class="filter" type="search" placeholder="filter by object or reason" aria-label="Filter events" value={(*filter).clone()} oninput={on_input} />
            <ol class="timeline">
                { for entries.iter().map(|entry| match entry {
                    Entry::One(e) => single(e),
                    Entry::Lifecycle(members) if members.len() < 2 => members.iter().map(|e| single(e)).collect::<Html>(),
                    Entry::Lifecycle(members) => {
                        let Some(newest) = members.first() else { return html! {} };
                        let chain: Vec<&str> = members.iter().rev().map(|m| m.reason.as_str()).collect();
                        html! {
                            <li class="event-group" data-object={newest.object.clone()}>
                                <details>
                                    <summary class="event">
                                        <span class="age">{ &newest.age }</span>
                                        <span class="reason">{ &newest.reason }</span>
                                        <span class="object" title={newest.object.clone()}>{ &newest.object }</span>
                                        <span class="message">{ chain.join(" → ") }{ format!(" ({} events)", members.len()) }</span>
                                    </summary>
                                    <ol class="timeline">
                                        { for members.iter().map(|e| html! { <li class="event">{ row(e) }</li> }) }
                                    </ol>
                                </details>
                            </li>
                        }
                    }
                }) }
            </ol>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(reason: &str, object: &str) -> EventRow {
        EventRow {
            age: "1s".into(),
            type_: "Normal".into(),
            reason: reason.into(),
            object: object.into(),
            message: String::new(),
            count: 1,
        }
    }

    #[test]
    fn a_pods_lifecycle_is_one_entry_at_its_newest_event() {
        // Newest first, two pods starting at once, with the ReplicaSet's event between.
        let rows = [
            ev("Started", "pod/a"),
            ev("Started", "pod/b"),
            ev("Created", "pod/a"),
            ev("SuccessfulCreate", "replicaset/web"),
            ev("Created", "pod/b"),
            ev("Pulled", "pod/a"),
            ev("Pulling", "pod/a"),
            ev("Scheduled", "pod/a"),
        ];
        let entries = group(rows.iter());
        let shape: Vec<String> = entries
            .iter()
            .map(|e| match e {
                Entry::One(r) => format!("{} {}", r.reason, r.object),
                Entry::Lifecycle(m) => {
                    format!(
                        "{}: {}",
                        m[0].object,
                        m.iter().rev().map(|r| r.reason.as_str()).collect::<Vec<_>>().join(">")
                    )
                }
            })
            .collect();
        assert_eq!(
            shape,
            [
                "pod/a: Pulling>Pulled>Created>Started",
                "pod/b: Created>Started",
                "SuccessfulCreate replicaset/web",
                "Scheduled pod/a",
            ]
        );
    }

    #[test]
    fn warnings_are_never_folded_away() {
        let mut failed = ev("Pulled", "pod/a");
        failed.type_ = "Warning".into();
        let rows = [ev("Started", "pod/a"), failed];
        assert_eq!(group(rows.iter()).len(), 2);
    }
}
