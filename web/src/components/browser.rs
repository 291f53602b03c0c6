//! The browser panel: a small web browser outside the cluster, with the node-port URLs of the
//! cluster's services as suggestions and the last page opened; sends the URL to visit.

use crate::view_model::BrowserResult;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BrowserProps {
    /// (label, url) of every NodePort / LoadBalancer service, reachable on a node's IP.
    pub suggestions: Rc<Vec<(String, String)>>,
    pub result: Option<BrowserResult>,
    pub on_visit: Callback<String>,
    /// The tab buttons (Browser | Traffic) shown as the title.
    pub tabs: Html,
}

/// A small web browser outside the cluster: opens `http://<node IP>:<nodePort>/` and shows the
/// page the answering pod served (with a kubeadm cluster's LoadBalancer stuck at `<pending>`,
/// this is how the course reaches its services).
#[function_component(BrowserPanel)]
pub fn browser_panel(p: &BrowserProps) -> Html {
    let input = use_node_ref();
    // What the student typed, kept across re-renders (the simulation re-renders every tick).
    let draft = use_state(|| None::<String>);
    let go = {
        let input = input.clone();
        let on_visit = p.on_visit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(i) = input.cast::<web_sys::HtmlInputElement>() {
                let url = i.value();
                if !url.trim().is_empty() {
                    on_visit.emit(url.trim().to_string());
                }
            }
        })
    };
    let value = (*draft).clone().unwrap_or_else(|| {
        p.result
            .as_ref()
            .map(|r| r.url.clone())
            .or_else(|| p.suggestions.first().map(|s| s.1.clone()))
            .unwrap_or_default()
    });
    let on_input = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                draft.set(Some(i.value()));
            }
        })
    };
    html! {
        <div class="panel browser" id="browser">
            <h2>{ p.tabs.clone() }<span class="muted">{ " — from your laptop, through a node port" }</span></h2>
            <form class="browser-bar" onsubmit={go}>
                <input id="browser-url" type="text" aria-label="URL" ref={input} value={value} oninput={on_input} placeholder="http://<node IP>:<nodePort>/" />
                <button id="browser-go" type="submit">{ "Go" }</button>
            </form>
            if !p.suggestions.is_empty() {
                <div class="suggestions">
                    { for p.suggestions.iter().map(|(label, url)| {
                        let on_visit = p.on_visit.clone();
                        let u = url.clone();
                        let draft = draft.clone();
                        html! { <button class="suggestion" title={url.clone()} onclick={Callback::from(move |_| { draft.set(None); on_visit.emit(u.clone()) })}>{ label }</button> }
                    }) }
                </div>
            } else {
                <p class="muted">{ "Expose a deployment with type NodePort or LoadBalancer to browse it here." }</p>
            }
            if let Some(r) = &p.result {
                <div class="browser-status" id="browser-status">{ &r.status }</div>
                if r.html {
                    <iframe id="browser-page" sandbox="" title="The page the pod served" srcdoc={r.body.clone()}></iframe>
                } else {
                    <pre class="mono browser-text">{ &r.body }</pre>
                }
            }
        </div>
    }
}
