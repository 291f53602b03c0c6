//! Traffic: the controls (clients outside the cluster, load-generator pods, kube-proxy's mode),
//! the flow diagram (clients → Services → pods, a sample of the last second's requests moving
//! along, coloured by the version that answered) and the requests-per-second chart per version.

use super::chart::{parse_colour, time_chart};
use crate::state::TrafficAction;
use crate::traffic_view::{Flow, TrafficView, VersionSeries, FAILED};
use kubelab_sim::traffic::ProxyMode;
use plotters::prelude::*;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TrafficProps {
    pub view: Rc<TrafficView>,
    pub error: Option<String>,
    pub on_action: Callback<TrafficAction>,
    /// The tab buttons (Browser | Traffic) shown as the title.
    pub tabs: Html,
}

fn input_value(r: &NodeRef) -> String {
    r.cast::<web_sys::HtmlInputElement>()
        .map(|i| i.value())
        .or_else(|| r.cast::<web_sys::HtmlSelectElement>().map(|s| s.value()))
        .unwrap_or_default()
}

fn checked(r: &NodeRef) -> bool {
    r.cast::<web_sys::HtmlInputElement>().is_some_and(|i| i.checked())
}

/// The next free `client-N` name.
fn next_name(view: &TrafficView) -> String {
    (1..).map(|i| format!("client-{i}")).find(|n| !view.clients.iter().any(|c| &c.name == n)).unwrap_or_default()
}

/// The controls and the list of clients.
#[function_component(TrafficPanel)]
pub fn traffic_panel(p: &TrafficProps) -> Html {
    let target = use_node_ref();
    let rate = use_node_ref();
    let keep = use_node_ref();
    // Kept in state: the simulation re-renders every tick, which would reset a fixed `value`.
    let rate_text = use_state(|| "50".to_string());
    let on_rate = {
        let rate_text = rate_text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                rate_text.set(i.value());
            }
        })
    };
    let v = &p.view;
    let from_outside = {
        let (target, rate, keep, on_action, view) =
            (target.clone(), rate.clone(), keep.clone(), p.on_action.clone(), v.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(t) = input_value(&target).parse::<usize>().ok().and_then(|i| view.targets.get(i).cloned()) else {
                return;
            };
            if let Some(url) = t.outside_url {
                let rate = input_value(&rate).trim().parse::<u32>().unwrap_or(50);
                on_action.emit(TrafficAction::SetClient {
                    name: next_name(&view),
                    url,
                    rate,
                    keep_alive: checked(&keep),
                });
            }
        })
    };
    let from_pod = {
        let (target, rate, on_action, view) = (target.clone(), rate.clone(), p.on_action.clone(), v.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(t) = input_value(&target).parse::<usize>().ok().and_then(|i| view.targets.get(i).cloned()) {
                let rate = input_value(&rate).trim().parse::<u32>().unwrap_or(50);
                on_action.emit(TrafficAction::LoadPod { url: t.cluster_url, rate });
            }
        })
    };
    let mode = |m: ProxyMode, label: &'static str, title: &'static str| {
        let on_action = p.on_action.clone();
        html! {
            <button id={format!("proxy-{}", m.name())} aria-pressed={(v.mode == m).to_string()} title={title}
                    onclick={Callback::from(move |_| on_action.emit(TrafficAction::Mode(m)))}>{ label }</button>
        }
    };
    html! {
        <div class="panel traffic" id="traffic">
            <h2>{ p.tabs.clone() }<span class="muted">{ " — clients sending requests" }</span></h2>
            <div class="proxy-mode" role="group" aria-label="kube-proxy mode">
                <span class="muted">{ "kube-proxy: " }</span>
                { mode(ProxyMode::Iptables, "iptables", "Random: a random ready pod per new connection (the default)") }
                { mode(ProxyMode::Ipvs, "IPVS", "Round-robin: the ready pods in turn, one new connection each") }
                <span class="muted">{ if v.mode == ProxyMode::Ipvs { " round-robin" } else { " random" } }</span>
            </div>
            if v.targets.is_empty() {
                <p class="muted">{ "Create a Service (kubectl expose ...) to send traffic to it." }</p>
            } else {
                <form class="traffic-add" onsubmit={from_outside}>
                    <label>{ "to " }
                        <select id="traffic-target" ref={target}>
                            { for v.targets.iter().enumerate().map(|(i, t)| html! { <option value={i.to_string()}>{ &t.label }</option> }) }
                        </select>
                    </label>
                    <label>{ "at " }<input id="traffic-rate" ref={rate} type="number" min="1" max="20000" value={(*rate_text).clone()} oninput={on_rate} />{ " req/s" }</label>
                    <label title="Reuse one connection for every request"><input id="traffic-keepalive" ref={keep} type="checkbox" />{ " keep-alive" }</label>
                    <div class="traffic-buttons">
                        <button id="traffic-start" type="submit" title="A client outside the cluster, through a node port">{ "Send from outside" }</button>
                        <button id="traffic-pod" type="button" onclick={from_pod} title="A busybox pod looping wget against the Service's name">{ "Run a load-generator pod" }</button>
                    </div>
                </form>
            }
            if let Some(e) = &p.error {
                <p class="traffic-error" role="alert">{ e }</p>
            }
            if !v.clients.is_empty() {
                <table class="clients" id="traffic-clients">
                    <thead><tr><th>{ "client" }</th><th>{ "sent/s" }</th><th>{ "failed" }</th><th>{ "ms" }</th><th><span class="sr">{ "Stop" }</span></th></tr></thead>
                    <tbody>
                    { for v.clients.iter().map(|c| {
                        let on_action = p.on_action.clone();
                        let stop = match &c.pod {
                            Some(pod) => { let pod = pod.clone(); Callback::from(move |_: MouseEvent| on_action.emit(TrafficAction::StopPod(pod.clone()))) }
                            None => { let n = c.name.clone(); Callback::from(move |_: MouseEvent| on_action.emit(TrafficAction::RemoveClient(n.clone()))) }
                        };
                        let detail = match &c.pinned {
                            Some(p) => format!("{} — kept alive on {p}", c.route),
                            None => c.route.clone(),
                        };
                        html! {
                            <tr key={c.name.clone()} data-client={c.name.clone()} class={classes!((c.last_errors > 0).then_some("failing"))}>
                                <td>
                                    <div class="mono" title={format!("from {}", c.ip)}>{ &c.name }{ if c.keep_alive { " (keep-alive)" } else { "" } }</div>
                                    <div class="muted route" title={c.url.clone()}>{ detail }</div>
                                    if c.outside && c.pod.is_none() {
                                        { load_slider(c, &p.on_action) }
                                    }
                                </td>
                                <td class="num sent">{ c.last_requests }<span class="muted">{ format!(" of {}", c.rate) }</span></td>
                                <td class="num">{ c.last_errors }</td>
                                <td class="num">{ c.latency_ms }</td>
                                <td><button class="stop" onclick={stop} aria-label={format!("Stop {}", c.name)}>{ "Stop" }</button></td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
            }
            <p class="muted small">{ "Simulated: each second's requests see the cluster as it is at the end of that second; kube-proxy updates every node at once." }</p>
        </div>
    }
}

/// The load of an outside client as a slider: each change (on release, or a key press) sends
/// the client again at the new rate, which the session records as a traffic input and replays.
fn load_slider(c: &crate::traffic_view::ClientRow, on_action: &Callback<TrafficAction>) -> Html {
    let (name, url, keep_alive) = (c.name.clone(), c.url.clone(), c.keep_alive);
    let on_action = on_action.clone();
    let onchange = Callback::from(move |e: Event| {
        use wasm_bindgen::JsCast;
        let rate = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.value().parse::<u32>().ok());
        if let Some(rate) = rate.filter(|r| *r >= 1) {
            on_action.emit(TrafficAction::SetClient { name: name.clone(), url: url.clone(), rate, keep_alive });
        }
    });
    let max = c.rate_value.saturating_mul(2).clamp(200, 20_000);
    html! {
        <label class="load-slider">{ "load " }
            <input type="range" min="1" max={max.to_string()} step="1" value={c.rate_value.to_string()}
                   data-client={c.name.clone()} aria-label={format!("Requests per second {} sends", c.name)} {onchange} />
            <span class="num">{ format!(" {}/s", c.rate_value) }</span>
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct FlowProps {
    pub view: Rc<TrafficView>,
    pub series: Rc<Vec<VersionSeries>>,
    pub generation: u64,
    /// Simulated seconds per wall-clock second (the dots' speed).
    pub speed: u32,
    pub tabs: Html,
}

fn draw_series(id: &str, series: &[VersionSeries]) -> Option<()> {
    let max_y = series.iter().flat_map(|s| s.requests.iter()).map(|p| p.1).fold(1.0f64, f64::max) * 1.1;
    let min_x = series.iter().flat_map(|s| s.requests.iter()).map(|p| p.0).fold(-60.0f64, f64::min);
    time_chart(id, min_x, max_y, 40, 5, |chart| {
        for s in series {
            let colour = parse_colour(s.colour);
            chart.draw_series(LineSeries::new(s.requests.iter().copied(), colour.stroke_width(2))).ok()?;
            if s.errors.iter().any(|p| p.1 > 0.0) {
                let red = parse_colour(FAILED);
                chart.draw_series(LineSeries::new(s.errors.iter().copied(), red.stroke_width(1))).ok()?;
            }
        }
        Some(())
    })
}

fn flow_svg(f: &Flow, generation: u64, speed: u32) -> Html {
    let second_ms = (1000 / speed.max(1)).clamp(250, 1000) as f64;
    let node = |n: &crate::traffic_view::FlowNode, w: f64, cls: &'static str| {
        html! {
            <g class={classes!("flow-node", cls)} data-id={n.id.clone()}>
                <rect x={n.x.to_string()} y={n.y.to_string()} width={w.to_string()} height="20" rx="3" style={format!("--rs: {}", n.colour)} />
                <text x={(n.x + 5.0).to_string()} y={(n.y + 14.0).to_string()}>{ &n.label }</text>
                <text class="rate" x={(n.x + w - 4.0).to_string()} y={(n.y + 14.0).to_string()} text-anchor="end">{ &n.detail }</text>
            </g>
        }
    };
    html! {
        <>
        <svg class="flow-svg" viewBox={format!("0 0 {} {}", f.width, f.height)} role="img" aria-describedby="flow-text"
             aria-label={format!("Traffic flow: {} clients, {} services, {} pods; {} sampled requests", f.clients.len(), f.services.len(), f.pods.len(), f.dots.len())}>
            <text class="col" x="10" y="11">{ "clients" }</text>
            <text class="col" x="230" y="11">{ "Service (kube-proxy)" }</text>
            <text class="col" x="450" y="11">{ "pods (req/s answered)" }</text>
            { for f.links.iter().map(|(a, b)| html! {
                <line class="link" x1={a.0.to_string()} y1={a.1.to_string()} x2={b.0.to_string()} y2={b.1.to_string()} />
            }) }
            { for f.dots.iter().enumerate().map(|(i, d)| {
                let [a, b, c] = d.points;
                let style = format!(
                    "--x0:{:.0}px;--y0:{:.0}px;--x1:{:.0}px;--y1:{:.0}px;--x2:{:.0}px;--y2:{:.0}px;--delay:{:.0}ms;--dur:{:.0}ms;fill:{}",
                    a.0, a.1, b.0, b.1, c.0, c.1, d.at_ms as f64 * second_ms / 1000.0, second_ms * 0.9, d.colour
                );
                html! { <circle key={format!("{generation}-{i}")} class={classes!("req", (!d.ok).then_some("failed"))} r="4" cx="0" cy="0" style={style}><title>{ d.title.clone() }</title></circle> }
            }) }
            { for f.clients.iter().map(|n| node(n, 150.0, "client")) }
            { for f.services.iter().map(|n| node(n, 150.0, "service")) }
            { for f.pods.iter().map(|n| node(n, 180.0, "pod")) }
        </svg>
        // The diagram's text equivalent: every box of each column with its figures.
        <ul class="sr" id="flow-text">
            { for [("client", &f.clients), ("Service", &f.services), ("pod", &f.pods)].into_iter().flat_map(|(what, nodes)| nodes.iter().map(move |n| html! {
                <li>{ format!("{what} {}: {}", n.label, n.detail) }</li>
            })) }
        </ul>
        </>
    }
}

/// The traffic chart in words (its text equivalent): each version's requests per second now and
/// at most over the window, and failures if any.
fn traffic_summary(series: &[VersionSeries]) -> String {
    let mut out = String::from("Chart of requests per second per version over time");
    for s in series {
        let now = s.requests.last().map_or(0.0, |p| p.1);
        let peak = s.requests.iter().map(|p| p.1).fold(0.0f64, f64::max);
        let failed: f64 = s.errors.iter().map(|p| p.1).sum();
        out.push_str(&format!("; {}: {now:.0}/s now, at most {peak:.0}/s", s.version));
        if failed > 0.0 {
            out.push_str(&format!(", {failed:.0} failed"));
        }
    }
    out
}

/// The flow diagram and the per-version chart (a tab of the centre chart panel).
#[function_component(FlowPanel)]
pub fn flow_panel(p: &FlowProps) -> Html {
    {
        let series = p.series.clone();
        use_effect_with((p.generation, series), move |(_, series)| {
            draw_series("traffic-chart", series);
            || ()
        });
    }
    let v = &p.view;
    html! {
        <div class="panel chart flow" id="flow">
            <h2>{ p.tabs.clone() }<span class="muted">{ " — the last second's requests, coloured by the version that answered" }</span></h2>
            if v.flow.clients.is_empty() {
                <p class="muted">{ "No client is sending. Start one in the Traffic panel (from outside through a node port, or a load-generator pod)." }</p>
            } else {
                { flow_svg(&v.flow, p.generation, p.speed) }
            }
            <div class="chart-body">
                <canvas id="traffic-chart" width="640" height="130" role="img" aria-label={traffic_summary(&p.series)}></canvas>
                <ul class="chart-legend" id="traffic-legend">
                    { for v.versions.iter().map(|r| html! {
                        <li style={format!("--rs: {}", r.colour)} data-version={r.version.clone()} title={r.version.clone()}>
                            <span class="swatch" aria-hidden="true"></span>
                            { format!("{} {}/s", r.version.rsplit('/').next().unwrap_or(&r.version), r.requests) }
                            if r.errors > 0 { <span class="failed-count">{ format!(" ({} failed)", r.errors) }</span> }
                        </li>
                    }) }
                    if p.series.iter().any(|s| s.errors.iter().any(|e| e.1 > 0.0)) {
                        <li style={format!("--rs: {FAILED}")}><span class="swatch" aria-hidden="true"></span>{ "failed/s" }</li>
                    }
                </ul>
            </div>
        </div>
    }
}
