//! The panes and the presenter layout's own controls. In the presenter layout (a projector,
//! a live demo) the cluster view and the console take the screen and the side panels fold away;
//! "Side panels" brings them back on demand, and the spotlight enlarges one centre panel
//! (chosen with its button, or by clicking the panel itself). Both choices are the page's, not
//! an exercise's: they are kept in local storage (`kubelab:layout`) across reloads. The
//! layouts themselves are CSS (`layout.css`); this only sets `data-` attributes.

use gloo::storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

const KEY: &str = "kubelab:layout";

/// The centre panels a spotlight can enlarge: (id of the panel, label).
const SPOTS: [(&str, &str); 3] = [("cluster", "Cluster"), ("chart", "Chart"), ("console", "Console")];

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Choices {
    /// The id of the spotlit panel.
    #[serde(default)]
    spotlight: Option<String>,
    /// The side panels are shown in the presenter layout.
    #[serde(default)]
    sides: bool,
}

#[derive(Properties, PartialEq)]
pub struct PanesProps {
    pub presenter: bool,
    pub left: Html,
    pub center: Html,
    pub right: Html,
}

/// The spot a click inside the centre column lands on: the panel it is in, if it is one of
/// [`SPOTS`] (the flow diagram counts as the chart).
fn spot_of(target: Option<web_sys::EventTarget>) -> Option<&'static str> {
    use wasm_bindgen::JsCast;
    let el = target?.dyn_into::<web_sys::Element>().ok()?;
    let panel = el.closest(".center > .panel").ok()??;
    let list = panel.class_list();
    SPOTS.iter().map(|(id, _)| *id).find(|id| list.contains(id))
}

/// `main.panes` with its three columns, and in the presenter layout the toolbar of the
/// spotlight and the side panels.
#[function_component(Panes)]
pub fn panes(p: &PanesProps) -> Html {
    let choices = use_state(|| LocalStorage::get::<Choices>(KEY).unwrap_or_default());
    let set = {
        let choices = choices.clone();
        Callback::from(move |c: Choices| {
            let _ = LocalStorage::set(KEY, &c);
            choices.set(c);
        })
    };
    let spotlight = |id: Option<&str>| {
        let set = set.clone();
        let c = (*choices).clone();
        let id = id.map(str::to_string);
        Callback::from(move |_: MouseEvent| set.emit(Choices { spotlight: id.clone(), ..c.clone() }))
    };
    let on_center_click = {
        let set = set.clone();
        let c = (*choices).clone();
        let presenter = p.presenter;
        Callback::from(move |e: MouseEvent| {
            if !presenter {
                return;
            }
            if let Some(spot) = spot_of(e.target()) {
                if c.spotlight.as_deref() != Some(spot) {
                    set.emit(Choices { spotlight: Some(spot.to_string()), ..c.clone() });
                }
            }
        })
    };
    let toggle_sides = {
        let set = set.clone();
        let c = (*choices).clone();
        Callback::from(move |_: MouseEvent| set.emit(Choices { sides: !c.sides, ..c.clone() }))
    };
    let spot = if p.presenter { choices.spotlight.clone().unwrap_or_default() } else { String::new() };
    let sides = !p.presenter || choices.sides;
    html! {
        <main class={classes!("panes", (!sides).then_some("folded"))} data-spotlight={spot.clone()}>
            if p.presenter {
                <div class="presenter-bar" role="toolbar" aria-label="Presenter layout">
                    <button id="side-panels" aria-pressed={choices.sides.to_string()} onclick={toggle_sides}
                            title="Show the exercise, files, inspector, browser, traffic and events panels">{ "Side panels" }</button>
                    <span class="muted">{ "Spotlight:" }</span>
                    { for SPOTS.iter().map(|(id, label)| html! {
                        <button id={format!("spot-{id}")} aria-pressed={(spot == *id).to_string()} onclick={spotlight(Some(id))}>{ *label }</button>
                    }) }
                    <button id="spot-none" aria-pressed={spot.is_empty().to_string()} onclick={spotlight(None)}>{ "None" }</button>
                </div>
            }
            <section class="left">{ p.left.clone() }</section>
            <section class="center" onclick={on_center_click}>{ p.center.clone() }</section>
            <section class="right">{ p.right.clone() }</section>
        </main>
    }
}
