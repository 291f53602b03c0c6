//! The autoscaling view: per HPA, its CPU utilization against the target and its desired and
//! current replicas over time, then the cluster's nodes and pending pods, then every recent
//! decision of the HPA controller and the Cluster Autoscaler, each opening on why (a
//! `<details>`: the browser keeps it open across redraws). Draws only; sends nothing.

use super::chart::{parse_colour, time_chart};
use crate::view_model::autoscaling::{AutoscalingView, HpaChart, Why, WINDOW_SECS};
use plotters::prelude::*;
use std::rc::Rc;
use yew::prelude::*;

/// Okabe–Ito colours, each line also named in the legend.
const UTILIZATION: &str = "#0072B2";
const TARGET: &str = "#D55E00";
const DESIRED: &str = "#E69F00";
const CURRENT: &str = "#009E73";
const NODES: &str = "#000000";
const READY: &str = "#56B4E9";
const PENDING: &str = "#CC79A7";

#[derive(Properties, PartialEq)]
pub struct AutoscalingProps {
    pub view: Rc<AutoscalingView>,
    pub generation: u64,
    pub tabs: Html,
}

type Line<'a> = (&'a str, u32, &'a [(f64, f64)]);

fn min_x(lines: &[Line]) -> f64 {
    lines.iter().flat_map(|l| l.2.iter()).map(|p| p.0).fold(-60.0f64, f64::min).max(-(WINDOW_SECS as f64))
}

fn draw_lines(id: &str, lines: &[Line], floor_max: f64) -> Option<()> {
    let max_y = lines.iter().flat_map(|l| l.2.iter()).map(|p| p.1).fold(floor_max, f64::max) * 1.15 + 0.5;
    let x0 = min_x(lines);
    time_chart(id, x0, max_y, 36, 5, |chart| {
        for (colour, width, points) in lines {
            let c = parse_colour(colour);
            chart.draw_series(LineSeries::new(points.iter().copied(), c.stroke_width(*width))).ok()?;
        }
        Some(())
    })
}

fn draw_hpa(i: usize, h: &HpaChart) {
    let target: Vec<(f64, f64)> = match h.target {
        Some(t) => {
            let x0 = min_x(&[("", 0, &h.utilization)]);
            vec![(x0, t as f64), (0.0, t as f64)]
        }
        None => Vec::new(),
    };
    draw_lines(
        &format!("hpa-util-{i}"),
        &[(TARGET, 1, &target), (UTILIZATION, 2, &h.utilization)],
        h.target.unwrap_or(50) as f64,
    );
    draw_lines(&format!("hpa-replicas-{i}"), &[(DESIRED, 1, &h.desired), (CURRENT, 3, &h.current)], h.max as f64);
}

fn last(points: &[(f64, f64)]) -> String {
    points.last().map_or("—".into(), |p| format!("{:.0}", p.1))
}

fn legend(items: &[(&'static str, String)]) -> Html {
    html! {
        <ul class="chart-legend">
            { for items.iter().map(|(colour, label)| html! {
                <li style={format!("--rs: {colour}")}><span class="swatch" aria-hidden="true"></span>{ label.clone() }</li>
            }) }
        </ul>
    }
}

fn why_item(w: &Why) -> Html {
    html! {
        <li key={w.key.clone()}>
            <details class="why">
                <summary><span class="mono">{ &w.time }</span>{ " " }{ &w.summary }</summary>
                <ul class="why-lines">{ for w.details.iter().map(|l| html! { <li>{ l }</li> }) }</ul>
                if !w.pods.is_empty() {
                    <table class="why-pods">
                        <thead><tr><th>{ "pod" }</th><th>{ "sample" }</th><th>{ "request" }</th><th>{ "counted as" }</th></tr></thead>
                        <tbody>{ for w.pods.iter().map(|(pod, sample, request, how)| html! {
                            <tr><td class="mono">{ pod }</td><td class="num">{ sample }</td><td class="num">{ request }</td><td>{ how }</td></tr>
                        }) }</tbody>
                    </table>
                }
            </details>
        </li>
    }
}

#[function_component(AutoscalingPanel)]
pub fn autoscaling_panel(p: &AutoscalingProps) -> Html {
    {
        let view = p.view.clone();
        use_effect_with((p.generation, view), move |(_, v)| {
            for (i, h) in v.hpas.iter().enumerate() {
                draw_hpa(i, h);
            }
            draw_lines(
                "nodes-chart",
                &[(NODES, 3, &v.nodes), (READY, 1, &v.ready_nodes), (PENDING, 2, &v.pending)],
                3.0,
            );
            || ()
        });
    }
    let v = &p.view;
    html! {
        <div class="panel chart autoscaling" id="autoscaling">
            <h2>{ p.tabs.clone() }<span class="muted">{ " — seconds ago on the x axis" }</span></h2>
            if !v.relevant {
                <p class="muted">{ "No HorizontalPodAutoscaler yet: `kubectl autoscale deployment NAME --cpu-percent=50 --min=1 --max=10`." }</p>
            }
            { for v.hpas.iter().enumerate().map(|(i, h)| {
                let util = format!(
                    "HPA {}: CPU utilization {}% against a target of {}; desired {} and current {} replicas (min {}, max {})",
                    h.name, last(&h.utilization), h.target.map_or("none".into(), |t| format!("{t}%")), last(&h.desired), last(&h.current), h.min, h.max
                );
                html! {
                    <section class="hpa-chart" key={format!("{}/{}", h.namespace, h.name)} data-hpa={h.name.clone()} aria-label={format!("HPA {}", h.name)}>
                        <h3>{ format!("hpa/{}", h.name) }</h3>
                        <div class="chart-body">
                            <canvas id={format!("hpa-util-{i}")} class="hpa-canvas" width="640" height="110" role="img" aria-label={util.clone()}></canvas>
                            { legend(&[(UTILIZATION, format!("CPU {}%", last(&h.utilization))), (TARGET, format!("target {}", h.target.map_or("—".into(), |t| format!("{t}%"))))]) }
                        </div>
                        <div class="chart-body">
                            <canvas id={format!("hpa-replicas-{i}")} class="hpa-canvas" width="640" height="110" role="img" aria-label={format!("Replicas of {}: desired {}, current {}", h.name, last(&h.desired), last(&h.current))}></canvas>
                            { legend(&[(DESIRED, format!("desired {} (thin)", last(&h.desired))), (CURRENT, format!("current {} (thick)", last(&h.current)))]) }
                        </div>
                    </section>
                }
            }) }
            <section class="hpa-chart" aria-label="Nodes and pending pods">
                <h3>{ "Nodes and pending pods" }{ if v.provisioning > 0 { format!(" — {} node(s) provisioning", v.provisioning) } else { String::new() } }</h3>
                <div class="chart-body">
                    <canvas id="nodes-chart" class="hpa-canvas" width="640" height="110" role="img"
                        aria-label={format!("Nodes {}, ready {}, pending pods {}", last(&v.nodes), last(&v.ready_nodes), last(&v.pending))}></canvas>
                    { legend(&[(NODES, format!("nodes {}", last(&v.nodes))), (READY, format!("ready {}", last(&v.ready_nodes))), (PENDING, format!("pending pods {}", last(&v.pending)))]) }
                </div>
            </section>
            <div class="decisions">
                <section aria-label="HPA decisions">
                    <h3>{ "HPA decisions" }<span class="muted">{ " — newest first; open one to see why" }</span></h3>
                    if v.hpa_decisions.is_empty() {
                        <p class="muted">{ "None yet: the HPA controller syncs every 15 s." }</p>
                    }
                    <ul class="why-list" id="hpa-decisions">{ for v.hpa_decisions.iter().map(why_item) }</ul>
                </section>
                if !v.autoscaler_decisions.is_empty() {
                    <section aria-label="Cluster Autoscaler decisions">
                        <h3>{ "Cluster Autoscaler decisions" }</h3>
                        <ul class="why-list" id="ca-decisions">{ for v.autoscaler_decisions.iter().map(why_item) }</ul>
                    </section>
                }
            </div>
        </div>
    }
}
