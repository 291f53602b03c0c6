//! The banner shown when a saved session could not be restored: what happened in plain words,
//! the technical reason behind a "Details" disclosure, and a button to dismiss it (the banner's
//! own state: it comes back only with another failure, which mounts it anew); sends nothing.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RestoreBannerProps {
    /// Why the saved session could not be restored (shown under "Details").
    pub why: AttrValue,
}

/// The reason inside the console's notice line (`Your saved session could not be restored
/// (WHY); starting afresh.`), if `text` is that line.
pub fn restore_failure(text: &str) -> Option<&str> {
    text.strip_prefix("Your saved session could not be restored (")?.strip_suffix("); starting afresh.")
}

#[function_component(RestoreBanner)]
pub fn restore_banner(p: &RestoreBannerProps) -> Html {
    let dismissed = use_state(|| false);
    if *dismissed {
        return html! {};
    }
    let dismiss = Callback::from(move |_: MouseEvent| dismissed.set(true));
    html! {
        <div class="restore-banner" id="restore-banner" role="status">
            <p>
                <strong>{ "Your saved work for this exercise could not be opened, so the exercise starts afresh." }</strong>
                { " This can happen after the lab was updated. Everything else is as it was." }
            </p>
            <details>
                <summary>{ "Details" }</summary>
                <p class="mono">{ p.why.clone() }</p>
            </details>
            <button id="restore-dismiss" onclick={dismiss}>{ "OK" }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_reason_is_read_from_the_notice() {
        let line = "Your saved session could not be restored (unreadable: expected value at line 1 column 1); starting afresh.";
        assert_eq!(super::restore_failure(line), Some("unreadable: expected value at line 1 column 1"));
        assert_eq!(super::restore_failure("Kubelab: a current cluster"), None);
    }
}
