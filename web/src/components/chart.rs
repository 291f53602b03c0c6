//! The replica chart (plotters on a canvas): desired and available replicas over time per
//! ReplicaSet of one deployment, and the time-chart drawing the traffic chart shares; sends nothing.

use crate::view_model::RsSeries;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    pub series: Rc<Vec<RsSeries>>,
    pub generation: u64,
    /// The tab buttons (Replicas | Traffic) shown as the title.
    pub tabs: Html,
}

pub(crate) fn parse_colour(hex: &str) -> RGBColor {
    let h = hex.trim_start_matches('#');
    let byte = |i: usize| h.get(i..i + 2).and_then(|s| u8::from_str_radix(s, 16).ok()).unwrap_or(0);
    RGBColor(byte(0), byte(2), byte(4))
}

/// Sizes canvas `id`'s drawing buffer to the box the page gives it (so the layout, not the
/// drawing, decides its shape: nothing is stretched), and returns the size of its axis labels
/// in pixels: the canvas's CSS font size (larger in the presenter layout).
pub(crate) fn fit_canvas(id: &str) -> f64 {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else { return 12.0 };
    let Some(canvas) = window
        .document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok())
    else {
        return 12.0;
    };
    let (w, h) = (canvas.client_width(), canvas.client_height());
    if w > 0 && h > 0 {
        if canvas.width() != w as u32 {
            canvas.set_width(w as u32);
        }
        if canvas.height() != h as u32 {
            canvas.set_height(h as u32);
        }
    }
    window
        .get_computed_style(&canvas)
        .ok()
        .flatten()
        .and_then(|s| s.get_property_value("font-size").ok())
        .and_then(|v| v.trim_end_matches("px").parse::<f64>().ok())
        .filter(|px| (6.0..=64.0).contains(px))
        .unwrap_or(12.0)
}

/// The plot area of a time chart, seconds ago on x.
pub(crate) type TimeChart<'a> = ChartContext<
    'a,
    CanvasBackend,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Draws a time chart on canvas `id`: x from `min_x` seconds ago to now, y from 0 to `max_y`
/// with `y_labels` labels in a `y_area`-pixel margin, the light mesh every chart here shares;
/// `lines` draws the series.
pub(crate) fn time_chart(
    id: &str,
    min_x: f64,
    max_y: f64,
    y_area: u32,
    y_labels: usize,
    lines: impl FnOnce(&mut TimeChart) -> Option<()>,
) -> Option<()> {
    let font = fit_canvas(id);
    let scale = font / 12.0;
    let backend = CanvasBackend::new(id)?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let mut chart = ChartBuilder::on(&root)
        .margin(6)
        .x_label_area_size((22.0 * scale) as u32)
        .y_label_area_size((f64::from(y_area) * scale) as u32)
        .build_cartesian_2d(min_x..0.0, 0.0..max_y)
        .ok()?;
    chart
        .configure_mesh()
        .label_style(("sans-serif", font))
        .y_labels(y_labels)
        .x_labels(7)
        .x_label_formatter(&|x| format!("{:.0}", x))
        .y_label_formatter(&|y| format!("{:.0}", y))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .ok()?;
    lines(&mut chart)?;
    root.present().ok()
}

fn draw(id: &str, series: &[RsSeries]) -> Option<()> {
    let max_y =
        series.iter().flat_map(|s| s.desired.iter().chain(s.available.iter())).map(|p| p.1).fold(1.0f64, f64::max)
            + 1.0;
    let min_x = series.iter().flat_map(|s| s.desired.iter()).map(|p| p.0).fold(-60.0f64, f64::min);
    time_chart(id, min_x, max_y, 28, (max_y as usize + 1).min(8), |chart| {
        for s in series {
            let colour = parse_colour(s.colour);
            chart.draw_series(LineSeries::new(s.desired.iter().copied(), colour.stroke_width(1))).ok()?;
            chart.draw_series(LineSeries::new(s.available.iter().copied(), colour.stroke_width(3))).ok()?;
        }
        Some(())
    })
}

/// The chart in words (its text equivalent): each ReplicaSet's desired and available replicas
/// now, and the most available over the window.
fn summary(series: &[RsSeries]) -> String {
    let mut out = String::from("Chart of replicas per ReplicaSet over time");
    for s in series {
        let last = |v: &[(f64, f64)]| v.last().map_or(0.0, |p| p.1);
        let peak = s.available.iter().map(|p| p.1).fold(0.0f64, f64::max);
        out.push_str(&format!(
            "; {}: {:.0} desired, {:.0} available now (at most {peak:.0})",
            s.name,
            last(&s.desired),
            last(&s.available)
        ));
    }
    out
}

/// Replicas desired (thin) and available (thick) per ReplicaSet of the selected deployment.
#[function_component(ChartPanel)]
pub fn chart_panel(p: &ChartProps) -> Html {
    {
        let series = p.series.clone();
        use_effect_with((p.generation, series), move |(_, series)| {
            draw("rs-chart", series);
            || ()
        });
    }
    html! {
        <div class="panel chart">
            <h2>{ p.tabs.clone() }<span class="muted">{ " — seconds ago on the x axis; thin line: desired, thick: available" }</span></h2>
            if p.series.is_empty() {
                <p class="muted">{ "Create a deployment to see its ReplicaSets here." }</p>
            }
            <div class="chart-body">
                <canvas id="rs-chart" width="640" height="170" role="img" aria-label={summary(&p.series)}></canvas>
                <ul class="chart-legend">
                    { for p.series.iter().map(|s| html! {
                        <li style={format!("--rs: {}", s.colour)}><span class="swatch" aria-hidden="true"></span>{ &s.name }</li>
                    }) }
                </ul>
            </div>
        </div>
    }
}
