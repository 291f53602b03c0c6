//! The time controls: the simulated clock, play/pause, a one-second step (which pauses a playing
//! clock, so it is always there for the keyboard), skips ahead (1 min,
//! 10 min, 1 h: run in slices by the state, with a progress bar) and the speed menu; sends each.

use crate::state::{SKIPS, SPEEDS};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TimeProps {
    pub clock: String,
    pub playing: bool,
    pub speed: u32,
    pub on_toggle: Callback<()>,
    pub on_step: Callback<()>,
    /// Skip ahead this many simulated seconds (in slices, with a progress bar).
    pub on_skip: Callback<u64>,
    /// Work is in progress (a skip or a restore): stepping and skipping wait.
    pub busy: bool,
    pub on_speed: Callback<u32>,
}

/// The simulated clock with play/pause, single step and speed.
#[function_component(TimeControls)]
pub fn time_controls(p: &TimeProps) -> Html {
    let toggle = p.on_toggle.reform(|_: MouseEvent| ());
    let step = p.on_step.reform(|_: MouseEvent| ());
    let on_speed = p.on_speed.clone();
    let change = Callback::from(move |e: Event| {
        let value = e.target_dyn_into::<web_sys::HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
        if let Ok(v) = value.parse::<u32>() {
            on_speed.emit(v);
        }
    });
    html! {
        <div class="time" role="group" aria-label="Simulated time">
            <span class="clock-label">{ "sim time" }</span><span class="clock" id="clock" title="Simulated cluster time">{ &p.clock }</span>
            <button id="play" onclick={toggle} aria-label={if p.playing { "Pause" } else { "Play" }}>
                { if p.playing { "❚❚ Pause" } else { "▶ Play" } }
            </button>
            <button id="step" onclick={step} disabled={p.busy}
                    title={if p.playing { "Pause and advance one simulated second" } else { "Advance one simulated second" }}>{ "+1 s" }</button>
            { for SKIPS.iter().map(|&(secs, label)| {
                let on_skip = p.on_skip.clone();
                html! {
                    <button class="skip" id={format!("skip-{secs}")} disabled={p.busy}
                            title={format!("Advance {label} of simulated time", label = label.trim_start_matches('+'))}
                            onclick={Callback::from(move |_: MouseEvent| on_skip.emit(secs))}>{ label }</button>
                }
            }) }
            <label>{ "Speed " }
                <select id="speed" onchange={change}>
                    { for SPEEDS.iter().map(|s| html! { <option value={s.to_string()} selected={*s == p.speed}>{ format!("{s}×") }</option> }) }
                </select>
            </label>
        </div>
    }
}
