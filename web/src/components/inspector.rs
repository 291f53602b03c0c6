//! The inspector: `kubectl describe` or `-o yaml` of the object selected in the cluster view;
//! sends the mode chosen, and closing it.

use crate::state::InspectorMode;
use crate::view_model::Selection;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub selection: Selection,
    pub mode: InspectorMode,
    pub text: AttrValue,
    pub on_mode: Callback<InspectorMode>,
    pub on_close: Callback<()>,
}

/// `kubectl describe` / `-o yaml` of the object clicked in the cluster view.
#[function_component(Inspector)]
pub fn inspector(p: &InspectorProps) -> Html {
    let Selection::Object { kind, name, .. } = &p.selection else {
        return html! {
            <div class="panel inspector empty" id="inspector">
                <h2>{ "Inspector" }</h2>
                <p class="muted">{ "Click a pod, ReplicaSet or Deployment to see its describe and YAML." }</p>
            </div>
        };
    };
    let describe = p.on_mode.reform(|_: MouseEvent| InspectorMode::Describe);
    let yaml = p.on_mode.reform(|_: MouseEvent| InspectorMode::Yaml);
    let close = p.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="panel inspector" id="inspector">
            <h2>{ format!("{kind}/{name}") }</h2>
            <div class="tabs" role="tablist">
                <button role="tab" aria-selected={(p.mode == InspectorMode::Describe).to_string()} onclick={describe}>{ "describe" }</button>
                <button role="tab" aria-selected={(p.mode == InspectorMode::Yaml).to_string()} onclick={yaml}>{ "YAML" }</button>
                <button class="close" onclick={close} aria-label="Close inspector">{ "✕" }</button>
            </div>
            <pre class="mono scroll">{ p.text.clone() }</pre>
        </div>
    }
}
