//! The cluster view: nodes with their pods (coloured by ReplicaSet, with state symbols), pods not
//! yet scheduled, nodes joining (a machine provisioning, NotReady) and leaving (cordoned,
//! draining), each with a text label; and the deployments with their ReplicaSets; sends the
//! object clicked.

use crate::view_model::nodes::NodePhase;
use crate::view_model::{ClusterView, PodView, Selection};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClusterProps {
    pub view: Rc<ClusterView>,
    pub generation: u64,
    pub selected: Selection,
    pub on_select: Callback<Selection>,
}

fn select(on_select: &Callback<Selection>, kind: &str, namespace: &str, name: &str) -> Callback<MouseEvent> {
    let sel = Selection::Object { kind: kind.into(), namespace: namespace.into(), name: name.into() };
    let cb = on_select.clone();
    Callback::from(move |_| cb.emit(sel.clone()))
}

fn select_key(on_select: &Callback<Selection>, kind: &str, namespace: &str, name: &str) -> Callback<KeyboardEvent> {
    let sel = Selection::Object { kind: kind.into(), namespace: namespace.into(), name: name.into() };
    let cb = on_select.clone();
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            cb.emit(sel.clone());
        }
    })
}

fn pod(p: &PodView, on_select: &Callback<Selection>, selected: &Selection) -> Html {
    let is_sel = matches!(selected, Selection::Object { kind, name, .. } if kind == "pod" && *name == p.name);
    let mut title = format!("{} — {} ({}), {}", p.name, p.state.label(), p.status, p.image);
    if p.rps > 0 {
        title.push_str(&format!(", answering {} requests/s", p.rps));
    }
    html! {
        <li key={format!("{}/{}", p.namespace, p.name)}
            class={classes!("pod", p.state.css(), is_sel.then_some("selected"))}
            style={format!("--rs: {}", p.colour)}
            title={title.clone()}
            aria-label={title}
            data-pod={p.name.clone()}
            data-state={p.state.css()}
            data-rps={p.rps.to_string()}
            tabindex="0"
            onclick={select(on_select, "pod", &p.namespace, &p.name)}
            onkeydown={select_key(on_select, "pod", &p.namespace, &p.name)}>
            <span class="sym" aria-hidden="true">{ p.state.symbol() }</span>
            <span class="pname">{ short_name(&p.name, &p.owner) }</span>
            <span class="pstatus">{ &p.status }</span>
            <span class="pver" aria-hidden="true">{ version(&p.image) }</span>
            if p.rps > 0 {
                <span class="rps" aria-hidden="true">{ format!("{}/s", p.rps) }</span>
            }
        </li>
    }
}

/// The version a pod runs, as its chip shows it: the image's tag (`nginx:1.27` is `1.27`, an
/// untagged image `latest`); a digest is cut to its first characters.
fn version(image: &str) -> String {
    let name = image.rsplit('/').next().unwrap_or(image);
    if let Some((_, digest)) = name.split_once('@') {
        return digest.trim_start_matches("sha256:").chars().take(7).collect();
    }
    match name.split_once(':') {
        Some((_, tag)) if !tag.is_empty() => tag.to_string(),
        _ => "latest".to_string(),
    }
}

/// `web-7c5ddbdf54-2xvkl` shows as `…-2xvkl` when grouped under its ReplicaSet; a StatefulSet's
/// `db-0` keeps its whole name (its stable identity is the point).
fn short_name(name: &str, owner: &str) -> String {
    match name.strip_prefix(owner).and_then(|s| s.strip_prefix('-')) {
        Some(suffix) if !owner.is_empty() && !suffix.bytes().all(|b| b.is_ascii_digit()) => format!("…{suffix}"),
        _ => name.to_string(),
    }
}

/// Nodes as boxes with their pods inside; the deployments with their ReplicaSets, then the
/// StatefulSets, DaemonSets and Jobs.
#[function_component(ClusterPanel)]
pub fn cluster_panel(p: &ClusterProps) -> Html {
    let v = &p.view;
    html! {
        <div class="panel cluster" id="cluster">
            <h2>{ "Cluster" }<span class="muted">{ format!(" — {} pods", v.pod_count) }</span></h2>
            <div class="legend" aria-label="Pod states">
                { for [crate::view_model::PodState::Pending, crate::view_model::PodState::Creating, crate::view_model::PodState::NotReady, crate::view_model::PodState::Ready, crate::view_model::PodState::Terminating, crate::view_model::PodState::Failing].iter().map(|s| html! {
                    <span class={classes!("legend-item", s.css())}><span class="sym">{ s.symbol() }</span>{ " " }{ s.label() }</span>
                }) }
            </div>
            <div class="nodes">
                { for v.nodes.iter().map(|n| html! {
                    <div class={classes!("node", (!n.ready).then_some("notready"), n.phase.css())} key={n.name.clone()} data-node={n.name.clone()} data-phase={n.phase.label()}>
                        <div class="node-title" tabindex="0"
                             onclick={select(&p.on_select, "node", "", &n.name)}
                             onkeydown={select_key(&p.on_select, "node", "", &n.name)}>
                            <strong>{ &n.name }</strong>
                            <span class="muted">{ if n.role.is_empty() { String::new() } else { format!(" ({})", n.role) } }</span>
                            if n.phase != NodePhase::Ready {
                                <span class="node-phase"><span aria-hidden="true">{ n.phase.symbol() }</span>{ " " }{ n.phase.label() }</span>
                            }
                            <span class="count">{ format!("{} pods", n.pods.len()) }</span>
                        </div>
                        <ul class="pods">{ for n.pods.iter().map(|x| pod(x, &p.on_select, &p.selected)) }</ul>
                    </div>
                }) }
                { for v.provisioning.iter().map(|(name, group)| html! {
                    <div class="node provisioning" key={format!("machine/{name}")} data-node={name.clone()} data-phase="provisioning">
                        <div class="node-title">
                            <strong>{ name }</strong>
                            <span class="node-phase"><span aria-hidden="true">{ NodePhase::Provisioning.symbol() }</span>{ " provisioning" }</span>
                            <span class="muted">{ format!(" (node pool {group}: the machine is starting, no Node yet)") }</span>
                        </div>
                    </div>
                }) }
                if !v.unscheduled.is_empty() {
                    <div class="node unscheduled" data-node="unscheduled">
                        <div class="node-title"><strong>{ "Unscheduled" }</strong></div>
                        <ul class="pods">{ for v.unscheduled.iter().map(|x| pod(x, &p.on_select, &p.selected)) }</ul>
                    </div>
                }
            </div>
            <table class="workloads" id="workloads">
                <thead><tr><th>{ "Workload" }</th><th>{ "desired" }</th><th>{ "current" }</th><th>{ "ready" }</th><th>{ "image" }</th></tr></thead>
                <tbody>
                { for v.deployments.iter().map(|d| html! {
                    <>
                    <tr class="deployment" key={format!("d/{}/{}", d.namespace, d.name)} tabindex="0" title={format!("deploy/{} {}", d.name, d.strategy)}
                        onclick={select(&p.on_select, "deployment", &d.namespace, &d.name)}
                        onkeydown={select_key(&p.on_select, "deployment", &d.namespace, &d.name)}>
                        <td><strong>{ format!("deploy/{}", d.name) }</strong><span class="muted">{ format!(" {}", d.strategy) }</span></td>
                        <td>{ d.desired }</td><td>{ d.updated }{ " updated" }</td><td>{ format!("{}/{}", d.ready, d.desired) }</td><td></td>
                    </tr>
                    { for d.replica_sets.iter().map(|r| html! {
                        <tr class="replicaset" key={format!("rs/{}", r.name)} tabindex="0" title={format!("rs/{} (rev {}) {}", r.name, r.revision, r.image)} style={format!("--rs: {}", r.colour)}
                            onclick={select(&p.on_select, "replicaset", &d.namespace, &r.name)}
                            onkeydown={select_key(&p.on_select, "replicaset", &d.namespace, &r.name)}>
                            <td><span class="swatch" aria-hidden="true"></span>{ format!("rs/{} (rev {})", r.name, r.revision) }</td>
                            <td>{ r.desired }</td><td>{ r.current }</td><td>{ r.ready }</td><td class="mono">{ &r.image }</td>
                        </tr>
                    }) }
                    </>
                }) }
                { for v.others.iter().map(|w| html! {
                    <tr class="workload" key={format!("{}/{}/{}", w.short, w.namespace, w.name)} tabindex="0" title={format!("{}/{} {}", w.short, w.name, w.image)}
                        onclick={select(&p.on_select, w.kind, &w.namespace, &w.name)}
                        onkeydown={select_key(&p.on_select, w.kind, &w.namespace, &w.name)}>
                        <td><strong>{ format!("{}/{}", w.short, w.name) }</strong></td>
                        <td>{ &w.desired }</td><td>{ &w.current }</td><td>{ &w.ready }</td><td class="mono">{ &w.image }</td>
                    </tr>
                }) }
                </tbody>
            </table>
        </div>
    }
}
