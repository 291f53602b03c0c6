//! The host component: owns the lab session (cluster, console, exercise progress) and the
//! browser timer, and hands plain data and callbacks to the panels. The browser's clock only
//! *triggers* simulator steps; the simulator never reads it.

use crate::components::*;
use crate::exercises::{self, ExerciseId};
use crate::storage;
use crate::text::{Line, LineKind};
use crate::traffic_view::{self, TrafficView, VersionSeries};
use crate::view_model::{self, ClusterView};
use gloo::timers::callback::Interval;
use kubelab_lab::{Session, TrafficChange};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Simulated seconds per wall-clock second.
pub const SPEEDS: [u32; 7] = [1, 2, 5, 10, 20, 30, 60];
/// The browser timer period.
const TICK_MS: u32 = 100;

#[derive(Clone, Debug, PartialEq)]
pub enum Selection {
    None,
    Object { kind: String, namespace: String, name: String },
}

pub enum Msg {
    Submit(String),
    Tick,
    TogglePlay,
    StepOnce,
    SetSpeed(u32),
    Select(Selection),
    ChooseExercise(ExerciseId),
    Reset,
    RevealHint(usize),
    TogglePresenter,
    ToggleSystem,
    EditFile(String, String),
    ApplyFile(String),
    ClearConsole,
    SetInspectorMode(InspectorMode),
    Visit(String),
    Traffic(TrafficAction),
    ChartTab(ChartTab),
    OutsideTab(OutsideTab),
}

/// What the right-hand "from outside" panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutsideTab {
    Browser,
    Traffic,
}

/// What the centre chart panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartTab {
    Replicas,
    Traffic,
}

pub struct App {
    exercise: ExerciseId,
    session: Rc<RefCell<Session>>,
    inspector_text: String,
    lines: Vec<Line>,
    history: Vec<String>,
    playing: bool,
    speed: u32,
    acc_tenths: u32,
    selection: Selection,
    inspector_mode: InspectorMode,
    presenter: bool,
    show_system: bool,
    view: Rc<ClusterView>,
    generation: u64,
    _interval: Interval,
    ticks_since_save: u32,
    browser: Option<BrowserResult>,
    chart_tab: ChartTab,
    outside_tab: OutsideTab,
    /// Switched to the traffic tab once, when traffic first started.
    traffic_seen: bool,
    traffic: Rc<TrafficView>,
    traffic_series: Rc<Vec<VersionSeries>>,
    traffic_error: Option<String>,
}

impl App {
    fn start(exercise: ExerciseId, notices: &mut Vec<Line>) -> (Session, Vec<Line>, Vec<String>) {
        match storage::load(exercise) {
            Ok(Some((session, lines, history))) => return (session, lines, history),
            Ok(None) => {}
            Err(why) => notices.push(Line::new(
                LineKind::Info,
                format!("Your saved session could not be restored ({why}); starting afresh."),
            )),
        }
        let session = exercises::new_session(exercise);
        let mut lines = vec![Line::new(LineKind::Info, exercises::banner(exercise))];
        lines.append(notices);
        (session, lines, Vec::new())
    }

    fn refresh(&mut self) {
        {
            let session = self.session.borrow();
            let cluster = session.cluster();
            self.view = Rc::new(view_model::cluster_view(cluster, self.show_system));
            self.traffic = Rc::new(traffic_view::traffic_view(cluster));
            self.traffic_series = Rc::new(traffic_view::version_series(cluster, 600));
        }
        if self.traffic.active && !self.traffic_seen {
            self.traffic_seen = true;
            self.chart_tab = ChartTab::Traffic;
        }
        self.generation += 1;
        self.update_inspector();
    }

    fn traffic_action(&mut self, action: TrafficAction) {
        self.traffic_error = None;
        let change = match action {
            TrafficAction::SetClient { name, url, rate, keep_alive } => {
                TrafficChange::SetClient(kubelab_sim::traffic::ClientSpec { name, url, rate, keep_alive })
            }
            TrafficAction::RemoveClient(name) => TrafficChange::RemoveClient(name),
            TrafficAction::Mode(m) => TrafficChange::ProxyMode(m),
            TrafficAction::LoadPod { url, rate } => {
                let name = {
                    let session = self.session.borrow();
                    let cluster = session.cluster();
                    (1..)
                        .map(|i| format!("load-{i}"))
                        .find(|n| cluster.get(kubelab_sim::Kind::Pod, "default", n).is_none())
                        .unwrap_or_default()
                };
                self.run_input(traffic_view::load_generator_command(&name, &url, rate));
                return;
            }
            TrafficAction::StopPod(pod) => {
                self.run_input(format!("kubectl delete pod {pod} --now"));
                return;
            }
        };
        if let Err(e) = self.session.borrow_mut().change_traffic(change) {
            self.traffic_error = Some(e);
        }
    }

    fn save(&mut self) {
        self.ticks_since_save = 0;
        storage::save(self.exercise, &self.session.borrow(), &self.lines, &self.history);
    }

    fn run_input(&mut self, input: String) {
        // Inputs keep the prompt they were typed at (`$ `, or a pod shell's).
        let prompt = self.session.borrow().console().prompt();
        let mut first = true;
        for l in input.split('\n') {
            let kind = if first { LineKind::Input } else { LineKind::Continuation };
            let mut line = Line::new(kind, l.to_string());
            if first {
                line.prompt = prompt.clone();
            }
            self.lines.push(line);
            first = false;
        }
        let trimmed = input.trim();
        if trimmed == "clear" {
            self.lines.clear();
            return;
        }
        if !trimmed.is_empty() && self.history.last().map(String::as_str) != Some(input.as_str()) {
            self.history.push(input.clone());
        }
        let out = self.session.borrow_mut().run(&input);
        if !out.warnings.is_empty() {
            self.lines.push(Line::new(LineKind::Stderr, out.warnings.trim_end_matches('\n').to_string()));
        }
        if !out.stdout.is_empty() {
            self.lines.push(Line::new(LineKind::Stdout, out.stdout.trim_end_matches('\n').to_string()));
        }
        if !out.stderr.is_empty() {
            self.lines.push(Line::new(LineKind::Stderr, out.stderr.trim_end_matches('\n').to_string()));
        }
        // Keep the scrollback bounded.
        if self.lines.len() > 2000 {
            let cut = self.lines.len() - 2000;
            self.lines.drain(..cut);
        }
    }

    fn update_inspector(&mut self) {
        let Selection::Object { kind, namespace, name } = &self.selection else {
            self.inspector_text.clear();
            return;
        };
        // Nodes are cluster-scoped: no namespace flag for them.
        let ns = if namespace.is_empty() { String::new() } else { format!(" -n {namespace}") };
        let line = match self.inspector_mode {
            InspectorMode::Describe => format!("kubectl describe {kind} {name}{ns}"),
            InspectorMode::Yaml => format!("kubectl get {kind} {name}{ns} -o yaml"),
        };
        // A read-only query: it goes to the console directly, not into the exercise history.
        let out = self.session.borrow_mut().console_mut().run(&line);
        self.inspector_text = if out.stdout.is_empty() { out.stderr } else { out.stdout };
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let exercise = storage::last_exercise().unwrap_or(ExerciseId::Ex4);
        let mut notices = Vec::new();
        let (session, lines, history) = App::start(exercise, &mut notices);
        let link = ctx.link().clone();
        let interval = Interval::new(TICK_MS, move || link.send_message(Msg::Tick));
        let view = Rc::new(view_model::cluster_view(session.cluster(), false));
        let traffic = Rc::new(traffic_view::traffic_view(session.cluster()));
        let traffic_series = Rc::new(traffic_view::version_series(session.cluster(), 600));
        App {
            exercise,
            session: Rc::new(RefCell::new(session)),
            inspector_text: String::new(),
            lines,
            history,
            playing: true,
            speed: 1,
            acc_tenths: 0,
            selection: Selection::None,
            inspector_mode: InspectorMode::Describe,
            presenter: false,
            show_system: false,
            view,
            generation: 0,
            _interval: interval,
            ticks_since_save: 0,
            browser: None,
            chart_tab: if traffic.active { ChartTab::Traffic } else { ChartTab::Replicas },
            outside_tab: OutsideTab::Browser,
            traffic_seen: traffic.active,
            traffic,
            traffic_series,
            traffic_error: None,
        }
    }

    fn update(&mut self, _ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Submit(input) => {
                self.run_input(input);
                self.refresh();
                self.save();
            }
            Msg::Tick => {
                if !self.playing {
                    return false;
                }
                self.acc_tenths += self.speed;
                let steps = self.acc_tenths / 10;
                self.acc_tenths %= 10;
                if steps == 0 {
                    return false;
                }
                self.session.borrow_mut().step_clock(steps as u64);
                self.refresh();
                self.ticks_since_save += 1;
                if self.ticks_since_save >= 20 {
                    self.save();
                }
            }
            Msg::TogglePlay => self.playing = !self.playing,
            Msg::StepOnce => {
                self.session.borrow_mut().step_clock(1);
                self.refresh();
                self.save();
            }
            Msg::SetSpeed(s) => {
                if SPEEDS.contains(&s) {
                    self.speed = s;
                }
            }
            Msg::Select(sel) => {
                self.selection = sel;
                self.update_inspector();
            }
            Msg::SetInspectorMode(m) => {
                self.inspector_mode = m;
                self.update_inspector();
            }
            Msg::ChooseExercise(id) => {
                if id != self.exercise {
                    self.save();
                    self.exercise = id;
                    storage::set_last_exercise(id);
                    let mut notices = Vec::new();
                    let (session, lines, history) = App::start(id, &mut notices);
                    self.session = Rc::new(RefCell::new(session));
                    self.lines = lines;
                    self.history = history;
                    self.selection = Selection::None;
                    self.refresh();
                }
            }
            Msg::Reset => {
                storage::clear(self.exercise);
                self.session = Rc::new(RefCell::new(exercises::new_session(self.exercise)));
                self.lines =
                    vec![Line::new(LineKind::Info, format!("{} (started over)", exercises::banner(self.exercise)))];
                self.history.clear();
                self.selection = Selection::None;
                self.refresh();
                self.save();
            }
            Msg::RevealHint(step) => {
                self.session.borrow_mut().reveal_hint(step);
                self.save();
            }
            Msg::TogglePresenter => self.presenter = !self.presenter,
            Msg::ToggleSystem => {
                self.show_system = !self.show_system;
                self.refresh();
            }
            Msg::EditFile(name, content) => {
                let _ = self.session.borrow_mut().set_file(&name, &content);
                self.save();
            }
            Msg::ApplyFile(name) => {
                self.run_input(format!("kubectl apply -f {name}"));
                self.refresh();
                self.save();
            }
            Msg::ClearConsole => self.lines.clear(),
            Msg::Traffic(action) => {
                self.traffic_action(action);
                self.refresh();
                self.save();
            }
            Msg::ChartTab(tab) => self.chart_tab = tab,
            Msg::OutsideTab(tab) => self.outside_tab = tab,
            Msg::Visit(url) => {
                let outcome = self.session.borrow_mut().visit(&url);
                self.browser = Some(browser_result(&url, outcome));
                self.refresh();
                self.save();
            }
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let session = self.session.borrow();
        let cluster = session.cluster();
        let root_class = classes!("app", self.presenter.then_some("presenter"));
        let exercise_view = exercises::exercise_view(&session);
        let completer = {
            let session = self.session.clone();
            Callback::from(move |(line, pos): (String, usize)| session.borrow().console().complete(&line, pos))
        };
        let tab = |t: ChartTab, label: &'static str, id: &'static str| {
            html! {
                <button role="tab" id={id} aria-selected={(self.chart_tab == t).to_string()}
                        onclick={link.callback(move |_| Msg::ChartTab(t))}>{ label }</button>
            }
        };
        let tabs = html! {
            <span class="chart-tabs" role="tablist">
                { tab(ChartTab::Replicas, "Replicas over time", "tab-replicas") }
                { tab(ChartTab::Traffic, "Traffic", "tab-traffic") }
            </span>
        };
        let outside_tab = |t: OutsideTab, label: String, id: &'static str| {
            html! {
                <button role="tab" id={id} aria-selected={(self.outside_tab == t).to_string()}
                        onclick={link.callback(move |_| Msg::OutsideTab(t))}>{ label }</button>
            }
        };
        let clients = self.traffic.clients.len();
        let outside_tabs = html! {
            <span class="chart-tabs" role="tablist">
                { outside_tab(OutsideTab::Browser, "Browser".into(), "tab-browser") }
                { outside_tab(OutsideTab::Traffic, if clients > 0 { format!("Traffic ({clients})") } else { "Traffic".into() }, "tab-load") }
            </span>
        };
        html! {
            <div class={root_class}>
                <header class="topbar">
                    <h1>{ "Kubelab" }</h1>
                    <ExercisePicker current={self.exercise} on_choose={link.callback(Msg::ChooseExercise)} />
                    <TimeControls
                        clock={self.view.time.clone()}
                        playing={self.playing}
                        speed={self.speed}
                        on_toggle={link.callback(|_| Msg::TogglePlay)}
                        on_step={link.callback(|_| Msg::StepOnce)}
                        on_speed={link.callback(Msg::SetSpeed)} />
                    <div class="toggles">
                        <button id="presenter" aria-pressed={self.presenter.to_string()} onclick={link.callback(|_| Msg::TogglePresenter)}>{ "Presenter" }</button>
                        <button id="system" aria-pressed={self.show_system.to_string()} onclick={link.callback(|_| Msg::ToggleSystem)}>{ "System pods" }</button>
                        <button id="reset" onclick={link.callback(|_| Msg::Reset)}>{ "Reset" }</button>
                    </div>
                </header>
                <main class="panes">
                    <section class="left">
                        <ExercisePanel view={Rc::new(exercise_view)} on_hint={link.callback(Msg::RevealHint)} />
                        <FilesPanel
                            files={Rc::new(exercises::files(&session))}
                            on_edit={link.callback(|(n, c)| Msg::EditFile(n, c))}
                            on_apply={link.callback(Msg::ApplyFile)} />
                    </section>
                    <section class="center">
                        <ClusterPanel view={self.view.clone()} generation={self.generation} on_select={link.callback(Msg::Select)} selected={self.selection.clone()} />
                        if self.chart_tab == ChartTab::Replicas {
                            <ChartPanel series={Rc::new(chart_for(cluster, &self.selection, &self.view))} generation={self.generation} tabs={tabs} />
                        } else {
                            <FlowPanel view={self.traffic.clone()} series={self.traffic_series.clone()} generation={self.generation} speed={if self.playing { self.speed } else { 1 }} tabs={tabs} />
                        }
                        <ConsolePanel
                            lines={Rc::new(self.lines.clone())}
                            history={Rc::new(self.history.clone())}
                            on_submit={link.callback(Msg::Submit)}
                            on_clear={link.callback(|_| Msg::ClearConsole)}
                            prompt={session.console().prompt()}
                            {completer} />
                    </section>
                    <section class="right">
                        <Inspector selection={self.selection.clone()} mode={self.inspector_mode} text={AttrValue::from(self.inspector_text.clone())} on_mode={link.callback(Msg::SetInspectorMode)} on_close={link.callback(|_| Msg::Select(Selection::None))} />
                        if self.outside_tab == OutsideTab::Browser {
                            <BrowserPanel suggestions={Rc::new(node_port_urls(cluster))} result={self.browser.clone()} on_visit={link.callback(Msg::Visit)} tabs={outside_tabs} />
                        } else {
                            <TrafficPanel view={self.traffic.clone()} error={self.traffic_error.clone()} on_action={link.callback(Msg::Traffic)} tabs={outside_tabs} />
                        }
                        <EventsPanel events={Rc::new(events_for(cluster))} />
                    </section>
                </main>
            </div>
        }
    }
}

fn chart_for(cluster: &kubelab_sim::Cluster, selection: &Selection, view: &ClusterView) -> Vec<view_model::RsSeries> {
    let (ns, name) = match selection {
        Selection::Object { kind, namespace, name } if kind == "deployment" => (namespace.clone(), name.clone()),
        Selection::Object { kind, namespace, name } if kind == "replicaset" || kind == "pod" => {
            let dep = view
                .deployments
                .iter()
                .find(|d| d.namespace == *namespace && d.replica_sets.iter().any(|r| name.starts_with(&r.name)));
            match dep {
                Some(d) => (d.namespace.clone(), d.name.clone()),
                None => return vec![],
            }
        }
        _ => match view.deployments.last() {
            Some(d) => (d.namespace.clone(), d.name.clone()),
            None => return vec![],
        },
    };
    view_model::chart_series(cluster, &ns, &name, 600)
}

fn events_for(cluster: &kubelab_sim::Cluster) -> Vec<EventRow> {
    let now = cluster.now().as_millis() as i64;
    let evs = cluster.events();
    let start = evs.len().saturating_sub(300);
    evs[start..]
        .iter()
        .rev()
        .map(|e| EventRow {
            age: kubelab_console::text::human_duration(now - e.last_timestamp.as_millis() as i64),
            type_: e.type_.clone(),
            reason: e.reason.clone(),
            object: format!("{}/{}", e.involved_object.kind.to_lowercase(), e.involved_object.name),
            message: e.message.clone(),
            count: e.count,
        })
        .collect()
}

/// `http://<node IP>:<nodePort>/` for every NodePort or LoadBalancer service outside kube-system.
fn node_port_urls(cluster: &kubelab_sim::Cluster) -> Vec<(String, String)> {
    use kubelab_sim::{Kind, Object};
    let Some(ip) = traffic_view::worker_ip(cluster) else { return vec![] };
    let mut out = Vec::new();
    for o in cluster.list(Kind::Service, None) {
        let Object::Service(s) = o else { continue };
        if s.metadata.ns() == "kube-system" {
            continue;
        }
        for p in &s.spec.ports {
            if let Some(np) = p.node_port {
                out.push((format!("{} :{np}", s.metadata.name), format!("http://{ip}:{np}/")));
            }
        }
    }
    out
}

fn browser_result(url: &str, outcome: kubelab_sim::network::HttpOutcome) -> BrowserResult {
    use kubelab_sim::network::HttpOutcome;
    let (status, body, html) = match outcome {
        HttpOutcome::Answered { status, body, pod, .. } => {
            let html = body.trim_start().starts_with('<');
            (format!("{status} from pod {}/{}", pod.0, pod.1), body, html)
        }
        HttpOutcome::CouldNotResolve => {
            ("This site can't be reached: the server's address could not be found.".into(), String::new(), false)
        }
        HttpOutcome::Refused { ip, port } => (
            format!("This site can't be reached: {ip}:{port} refused to connect (no ready pod behind it)."),
            String::new(),
            false,
        ),
        HttpOutcome::TimedOut { ip, port } => {
            (format!("This site can't be reached: {ip}:{port} took too long to respond."), String::new(), false)
        }
        HttpOutcome::BadUrl => ("Only http:// URLs can be opened here.".into(), String::new(), false),
    };
    BrowserResult { url: url.to_string(), status, body, html }
}
