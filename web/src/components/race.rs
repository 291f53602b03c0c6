//! The race view (issue 12): pick the v2 a change brings, run the four strategies side by side
//! (`kubelab_lab::race::Race`, four clusters from one seed), one lane per strategy with pods
//! and requests by version over the race's one clock, and under them the table `kubelab race`
//! prints, measured from the runs. The race is computed in slices (a lane's setup, or a few
//! simulated seconds of every lane, sized to about 30 ms of the browser's time) with the
//! browser's turn in between, so the page stays responsive; a progress bar shows how far it
//! is. Not part of the session: nothing here is recorded or graded.

use super::chart::{fit_canvas, parse_colour};
use crate::view_model::race::{lane_view, LaneView, RaceLine};
use gloo::timers::callback::Timeout;
use kubelab_lab::race::{Race, RaceConfig, HORIZON_SECS, V2};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use yew::prelude::*;

/// The wall time a slice aims at, in milliseconds.
const SLICE_MS: f64 = 30.0;

pub enum Msg {
    Pick(String),
    Start,
    Slice,
    Stop,
}

#[derive(Properties, PartialEq)]
pub struct RaceProps {
    pub tabs: Html,
}

pub struct RacePanel {
    v2: V2,
    race: Option<Race>,
    lanes: Vec<LaneView>,
    next: Option<Timeout>,
    /// Simulated seconds per lane in the next slice.
    secs: u64,
    /// Wall milliseconds spent computing, and simulated seconds computed (all lanes).
    wall_ms: f64,
    simulated: u64,
    error: Option<String>,
    /// Counts the slices computed, and the count the canvases were last drawn at (the page's
    /// clock re-renders this panel every tick; the lanes change only with a slice).
    slices: u64,
    drawn: u64,
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

fn draw(id: &str, lines: &[RaceLine], x_max: f64) -> Option<()> {
    let font = fit_canvas(id);
    let max_y = lines.iter().flat_map(|l| l.points.iter()).map(|p| p.1).fold(1.0f64, f64::max) * 1.1;
    let root = CanvasBackend::new(id)?.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let mut chart = ChartBuilder::on(&root)
        .margin(4)
        .margin_right((14.0 * font / 12.0) as u32)
        .x_label_area_size((18.0 * font / 12.0) as u32)
        .y_label_area_size((30.0 * font / 12.0) as u32)
        .build_cartesian_2d(0.0..x_max, 0.0..max_y)
        .ok()?;
    chart
        .configure_mesh()
        .label_style(("sans-serif", font))
        .x_labels(6)
        .y_labels(4)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .ok()?;
    for l in lines {
        let points = l.points.iter().copied().filter(|p| p.0 <= x_max);
        chart.draw_series(LineSeries::new(points, parse_colour(l.colour).stroke_width(l.width))).ok()?;
    }
    root.present().ok()
}

fn legend(lines: &[RaceLine]) -> Html {
    html! {
        <ul class="chart-legend">
            { for lines.iter().map(|l| html! {
                <li style={format!("--rs: {}", l.colour)}><span class="swatch" aria-hidden="true"></span>{ &l.label }</li>
            }) }
        </ul>
    }
}

fn now_text(lines: &[RaceLine]) -> String {
    lines
        .iter()
        .map(|l| format!("{} {:.0}", l.label, l.points.last().map_or(0.0, |p| p.1)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The seconds the lanes' charts show, the same for every lane: the change and what followed
/// (a minute and a half past the last operator command, two minutes at least), not the quiet
/// rest of the horizon, which the table measures.
fn x_range(lanes: &[LaneView]) -> f64 {
    let last = lanes.iter().flat_map(|l| l.commands.iter().map(|c| c.0)).max().unwrap_or(0);
    (last + 90).clamp(120, HORIZON_SECS) as f64
}

impl RacePanel {
    fn schedule(&mut self, ctx: &Context<Self>) {
        let link = ctx.link().clone();
        self.next = Some(Timeout::new(0, move || link.send_message(Msg::Slice)));
    }
}

impl Component for RacePanel {
    type Message = Msg;
    type Properties = RaceProps;

    fn create(_: &Context<Self>) -> Self {
        RacePanel {
            v2: V2::Errors,
            race: None,
            lanes: Vec::new(),
            next: None,
            secs: 5,
            wall_ms: 0.0,
            simulated: 0,
            error: None,
            slices: 0,
            drawn: 0,
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Pick(v) => {
                if let Some(v2) = V2::parse(&v) {
                    self.v2 = v2;
                }
            }
            Msg::Start => {
                self.error = None;
                self.lanes.clear();
                self.wall_ms = 0.0;
                self.simulated = 0;
                self.secs = 5;
                match Race::new(RaceConfig { seed: 1, replicas: 10, v2: self.v2 }) {
                    Ok(r) => {
                        self.race = Some(r);
                        self.schedule(ctx);
                    }
                    Err(e) => self.error = Some(e),
                }
            }
            Msg::Stop => {
                self.next = None;
                self.race = None;
            }
            Msg::Slice => {
                self.next = None;
                let Some(race) = self.race.as_mut() else { return false };
                let before = race.lanes().iter().map(|l| l.warm_up_secs() + l.secs()).sum::<u64>();
                let start = now_ms();
                let building = race.lanes().len() < 4;
                if let Err(e) = race.step(self.secs) {
                    self.error = Some(e);
                    self.race = None;
                    return true;
                }
                let spent = now_ms() - start;
                self.wall_ms += spent;
                self.simulated += race.lanes().iter().map(|l| l.warm_up_secs() + l.secs()).sum::<u64>() - before;
                // Size the next slice to the browser's pace (a lane's setup is one slice).
                if !building {
                    if spent < SLICE_MS / 2.0 {
                        self.secs = (self.secs * 2).min(60);
                    } else if spent > SLICE_MS * 1.5 {
                        self.secs = (self.secs / 2).max(1);
                    }
                }
                self.lanes = race.lanes().iter().map(lane_view).collect();
                self.slices += 1;
                if !race.finished() {
                    self.schedule(ctx);
                }
            }
        }
        true
    }

    fn rendered(&mut self, _: &Context<Self>, _: bool) {
        if self.drawn == self.slices {
            return;
        }
        self.drawn = self.slices;
        let x_max = x_range(&self.lanes);
        for (i, l) in self.lanes.iter().enumerate() {
            draw(&format!("race-pods-{i}"), &l.pods, x_max);
            draw(&format!("race-requests-{i}"), &l.requests, x_max);
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let running = self.next.is_some();
        let (done, total) = self.race.as_ref().map_or((0, 1), Race::progress);
        let secs = self.race.as_ref().map_or(0, Race::secs);
        let table = self.race.as_ref().and_then(Race::table);
        let on_pick = link.callback(|e: Event| {
            use wasm_bindgen::JsCast;
            Msg::Pick(
                e.target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                    .map(|s| s.value())
                    .unwrap_or_default(),
            )
        });
        let per_minute = if self.simulated > 0 { self.wall_ms / (self.simulated as f64 / 60.0) } else { 0.0 };
        html! {
            <div class="panel chart race" id="race">
                <h2>{ ctx.props().tabs.clone() }<span class="muted">{ " — four clusters, one seed, one clock; seconds after the change on the x axis" }</span></h2>
                <div class="race-controls">
                    <label>{ "v1.0.0 → " }
                        <select id="race-v2" onchange={on_pick} disabled={running}>
                            { for V2::ALL.iter().map(|v| html! {
                                <option value={v.name()} selected={*v == self.v2}>{ format!("{} ({})", v.tag(), v.describe()) }</option>
                            }) }
                        </select>
                    </label>
                    if running {
                        <button id="race-stop" onclick={link.callback(|_| Msg::Stop)}>{ "Stop" }</button>
                    } else {
                        <button id="race-start" onclick={link.callback(|_| Msg::Start)}>{ "Run the race" }</button>
                    }
                    if self.race.is_some() {
                        <progress id="race-progress" max={total.to_string()} value={done.to_string()} aria-label="Race computed"></progress>
                        <span class="muted" aria-live="polite">{ format!("{secs} s of {HORIZON_SECS} s after the change") }</span>
                    }
                </div>
                <p class="muted small">{ "10 replicas behind Service my-app, one client at about 65 requests/s. Operator rule in every lane: roll back when v2's error rate over 30 s exceeds 5 % or it is not ready within 120 s." }</p>
                if let Some(e) = &self.error {
                    <p class="traffic-error" role="alert">{ e }</p>
                }
                <div class="lanes">
                    { for self.lanes.iter().enumerate().map(|(i, l)| html! {
                        <section class="lane" key={l.strategy} data-lane={l.strategy} aria-label={format!("{} lane", l.strategy)}>
                            <h3>{ l.strategy }<span class="muted">{ format!(" — {}", l.phase) }</span></h3>
                            <div class="lane-chart">
                                <span class="small muted">{ "pods by version" }</span>
                                <canvas id={format!("race-pods-{i}")} class="race-canvas" width="300" height="90" role="img" aria-label={format!("{} pods: {}", l.strategy, now_text(&l.pods))}></canvas>
                                { legend(&l.pods) }
                            </div>
                            <div class="lane-chart">
                                <span class="small muted">{ "requests/s by version" }</span>
                                <canvas id={format!("race-requests-{i}")} class="race-canvas" width="300" height="90" role="img" aria-label={format!("{} requests per second: {}", l.strategy, now_text(&l.requests))}></canvas>
                                { legend(&l.requests) }
                            </div>
                            <details class="why"><summary>{ format!("{} operator commands", l.commands.len()) }</summary>
                                <ul class="why-lines mono">{ for l.commands.iter().map(|(s, c)| html! { <li>{ format!("{s:>3}s  {c}") }</li> }) }</ul>
                            </details>
                        </section>
                    }) }
                </div>
                if let Some(t) = table {
                    <pre class="race-table" id="race-table" tabindex="0" aria-label="The race's measures, one row per strategy">{ t }</pre>
                    <p class="muted small" id="race-timing">{ format!("Computed in {:.1} s of this browser's time: {per_minute:.0} ms per simulated minute.", self.wall_ms / 1000.0) }</p>
                }
            </div>
        }
    }
}
