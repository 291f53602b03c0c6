//! The progress bar of work in slices (a restore, a skip): a label, a bar and the simulated time
//! done of the total. Hidden when nothing is in progress.

use crate::state::BusyView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    pub busy: Option<BusyView>,
}

/// `12m 30s` for a span of simulated milliseconds.
fn span(ms: u64) -> String {
    let s = ms / 1000;
    match (s / 3600, s / 60 % 60, s % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, s) => format!("{m}m {s}s"),
        (h, m, _) => format!("{h}h {m}m"),
    }
}

#[function_component(ProgressBar)]
pub fn progress_bar(p: &ProgressProps) -> Html {
    let Some(b) = &p.busy else { return html! {} };
    let percent = b.done.saturating_mul(100).checked_div(b.total).map_or(100, |p| p.min(100));
    html! {
        <div class="busy" id="busy" role="progressbar" aria-label={b.label} aria-valuemin="0" aria-valuemax="100"
             aria-valuenow={percent.to_string()}>
            <span class="busy-label">{ b.label }</span>
            <span class="busy-track"><span class="busy-fill" style={format!("width: {percent}%")}></span></span>
            <span class="busy-text">{ format!("{} of {}", span(b.done), span(b.total)) }</span>
        </div>
    }
}
