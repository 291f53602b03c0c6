//! The lab's state and every transition of it, with no Yew, web-sys or gloo (a reducer in the
//! style of Yew's `function_todomvc`), so each transition is tested natively.
//!
//! `app.rs` turns clicks, typed lines and timer ticks into [`Action`]s, hands each to
//! [`LabState::update`], re-renders when the [`Update`] asks for it and carries out its
//! [`Effect`]s against local storage. The browser's clock only *triggers* simulator steps
//! ([`Action::Tick`], every [`TICK_MS`]); the simulator never reads it.

use crate::exercises::{self, ExerciseId};
use crate::text::{Line, LineKind};
use crate::traffic_view::{self, TrafficView, VersionSeries};
use crate::view_model::{self, BrowserResult, ClusterView, Selection, CHART_WINDOW};
use kubelab_lab::{SavedSession, Session, TrafficChange};
use kubelab_sim::traffic::{ClientSpec, ProxyMode};
use serde::{Deserialize, Serialize};
use std::cell::{Ref, RefCell};
use std::rc::Rc;

/// Simulated seconds per wall-clock second.
pub const SPEEDS: [u32; 7] = [1, 2, 5, 10, 20, 30, 60];
/// The browser timer's period: each tick adds `speed` tenths of a simulated second.
pub const TICK_MS: u32 = 100;
/// While time runs, the session is saved after this many ticks that moved the clock.
pub const SAVE_EVERY_TICKS: u32 = 20;
/// Console lines kept on screen.
pub const SCROLLBACK: usize = 2000;
/// Console lines kept across a reload.
pub const SAVED_LINES: usize = 400;
/// Commands kept in the history across a reload.
pub const SAVED_HISTORY: usize = 200;

/// What the inspector shows of the selected object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InspectorMode {
    Describe,
    Yaml,
}

/// What the centre chart panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartTab {
    Replicas,
    Traffic,
}

/// What the right-hand "from outside" panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutsideTab {
    Browser,
    Traffic,
}

/// What the traffic controls ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum TrafficAction {
    /// Start or change an outside client.
    SetClient {
        name: String,
        url: String,
        rate: u32,
        keep_alive: bool,
    },
    RemoveClient(String),
    Mode(ProxyMode),
    /// Run a load-generator pod against this in-cluster URL at about this rate.
    LoadPod {
        url: String,
        rate: u32,
    },
    /// Stop a load-generator pod (delete it).
    StopPod(String),
}

/// Everything that can happen to the lab.
#[derive(Debug)]
pub enum Action {
    /// A line (or a block of lines) entered in the console.
    Submit(String),
    /// The browser timer fired (every [`TICK_MS`]).
    Tick,
    TogglePlay,
    /// Advance the simulated clock by one second.
    StepOnce,
    SetSpeed(u32),
    Select(Selection),
    ChooseExercise(ExerciseId),
    /// What local storage holds for an exercise (the answer to [`Effect::Load`]).
    Loaded {
        exercise: ExerciseId,
        saved: Option<String>,
    },
    /// Start the exercise over.
    Reset,
    RevealHint(usize),
    TogglePresenter,
    ToggleSystem,
    EditFile(String, String),
    ApplyFile(String),
    ClearConsole,
    SetInspectorMode(InspectorMode),
    /// Open a URL in the browser panel.
    Visit(String),
    Traffic(TrafficAction),
    ChartTab(ChartTab),
    OutsideTab(OutsideTab),
}

/// Work for the host, in order: local storage is the only thing outside the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Store this exercise's session, scrollback and history (as [`encode`] wrote them).
    Save { exercise: ExerciseId, data: String },
    /// Remove what is stored for this exercise.
    Forget(ExerciseId),
    /// Open this exercise on the next page load.
    RememberExercise(ExerciseId),
    /// Read what is stored for this exercise and answer with [`Action::Loaded`].
    Load(ExerciseId),
}

/// What one action asks of the host.
#[must_use]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Update {
    /// Something on screen may have changed.
    pub render: bool,
    pub effects: Vec<Effect>,
}

/// What local storage holds per exercise: the session's replay log (not the cluster: replaying
/// the log with the same seed rebuilds it exactly), the end of the scrollback and the history.
#[derive(Serialize, Deserialize)]
struct Stored {
    session: String,
    lines: Vec<Line>,
    history: Vec<String>,
}

/// The stored form of a session with its scrollback and history (the last [`SAVED_LINES`]
/// lines and [`SAVED_HISTORY`] commands).
pub fn encode(session: &Session, lines: &[Line], history: &[String]) -> String {
    let stored = Stored {
        session: session.save().to_json(),
        lines: lines[lines.len().saturating_sub(SAVED_LINES)..].to_vec(),
        history: history[history.len().saturating_sub(SAVED_HISTORY)..].to_vec(),
    };
    // Strings and plain structs: serialising cannot fail.
    serde_json::to_string(&stored).unwrap_or_default()
}

/// A session restored from local storage, with its scrollback and command history.
pub type Restored = (Session, Vec<Line>, Vec<String>);

/// A stored session of exercise `id` restored by replaying its log, with its scrollback and
/// history; or why it cannot be.
pub fn decode(id: ExerciseId, data: &str) -> Result<Restored, String> {
    let stored = serde_json::from_str::<Stored>(data).map_err(|e| format!("unreadable: {e}"))?;
    let saved = SavedSession::from_json(&stored.session).map_err(|e| e.to_string())?;
    let session = exercises::restore(id, &saved)?;
    Ok((session, stored.lines, stored.history))
}

/// The whole lab as the page shows it: the session (cluster, console, exercise progress), the
/// console's scrollback and history, the clock's pace, the panels' choices, and the views
/// derived from the cluster after every change.
pub struct LabState {
    exercise: ExerciseId,
    /// Shared with the console's Tab completion; replaced in place, so the handle stays valid.
    session: Rc<RefCell<Session>>,
    /// Shared with the console panel: a render hands over the `Rc`, a change copies at most once.
    lines: Rc<Vec<Line>>,
    history: Rc<Vec<String>>,
    playing: bool,
    speed: u32,
    /// Tenths of a simulated second not stepped yet.
    acc_tenths: u32,
    ticks_since_save: u32,
    selection: Selection,
    inspector_mode: InspectorMode,
    inspector_text: Rc<str>,
    presenter: bool,
    show_system: bool,
    chart_tab: ChartTab,
    outside_tab: OutsideTab,
    /// Switched to the traffic tab once, when traffic first started.
    traffic_seen: bool,
    browser: Option<BrowserResult>,
    traffic_error: Option<String>,
    view: Rc<ClusterView>,
    traffic: Rc<TrafficView>,
    traffic_series: Rc<Vec<VersionSeries>>,
    /// Counts the refreshes of the derived views (the canvases redraw when it changes).
    generation: u64,
}

/// A session of `exercise`: restored from `saved`, or fresh with the exercise's banner (and a
/// notice, and the stored entry forgotten, when `saved` cannot be restored).
fn open(exercise: ExerciseId, saved: Option<&str>, effects: &mut Vec<Effect>) -> Restored {
    let mut notice = None;
    if let Some(data) = saved {
        match decode(exercise, data) {
            Ok(restored) => return restored,
            Err(why) => {
                effects.push(Effect::Forget(exercise));
                notice = Some(Line::new(
                    LineKind::Info,
                    format!("Your saved session could not be restored ({why}); starting afresh."),
                ));
            }
        }
    }
    let mut lines = vec![Line::new(LineKind::Info, exercises::banner(exercise))];
    lines.extend(notice);
    (exercises::new_session(exercise), lines, Vec::new())
}

impl LabState {
    /// The lab on page load: `exercise` with what local storage holds for it. The effects are
    /// [`Effect::Forget`] when that could not be restored.
    pub fn new(exercise: ExerciseId, saved: Option<&str>) -> (LabState, Vec<Effect>) {
        let mut effects = Vec::new();
        let (session, lines, history) = open(exercise, saved, &mut effects);
        let cluster = session.cluster();
        let view = Rc::new(view_model::cluster_view(cluster, false));
        let traffic = Rc::new(traffic_view::traffic_view(cluster));
        let traffic_series = Rc::new(traffic_view::version_series(cluster, CHART_WINDOW));
        let state = LabState {
            exercise,
            session: Rc::new(RefCell::new(session)),
            lines: Rc::new(lines),
            history: Rc::new(history),
            playing: true,
            speed: 1,
            acc_tenths: 0,
            ticks_since_save: 0,
            selection: Selection::None,
            inspector_mode: InspectorMode::Describe,
            inspector_text: Rc::from(""),
            presenter: false,
            show_system: false,
            chart_tab: if traffic.active { ChartTab::Traffic } else { ChartTab::Replicas },
            outside_tab: OutsideTab::Browser,
            traffic_seen: traffic.active,
            browser: None,
            traffic_error: None,
            view,
            traffic,
            traffic_series,
            generation: 0,
        };
        (state, effects)
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) -> Update {
        let mut effects = Vec::new();
        match action {
            Action::Submit(input) => {
                self.run_input(input);
                self.refresh();
                self.save(&mut effects);
            }
            Action::Tick => {
                if !self.playing {
                    return Update::default();
                }
                self.acc_tenths += self.speed;
                let steps = self.acc_tenths / 10;
                self.acc_tenths %= 10;
                if steps == 0 {
                    return Update::default();
                }
                self.session.borrow_mut().step_clock(u64::from(steps));
                self.refresh();
                self.ticks_since_save += 1;
                if self.ticks_since_save >= SAVE_EVERY_TICKS {
                    self.save(&mut effects);
                }
            }
            Action::TogglePlay => self.playing = !self.playing,
            Action::StepOnce => {
                self.session.borrow_mut().step_clock(1);
                self.refresh();
                self.save(&mut effects);
            }
            Action::SetSpeed(s) => {
                if SPEEDS.contains(&s) {
                    self.speed = s;
                }
            }
            Action::Select(selection) => {
                self.selection = selection;
                self.update_inspector();
            }
            Action::SetInspectorMode(mode) => {
                self.inspector_mode = mode;
                self.update_inspector();
            }
            Action::ChooseExercise(id) => {
                if id != self.exercise {
                    self.save(&mut effects);
                    effects.push(Effect::RememberExercise(id));
                    effects.push(Effect::Load(id));
                }
            }
            Action::Loaded { exercise, saved } => {
                let (session, lines, history) = open(exercise, saved.as_deref(), &mut effects);
                self.exercise = exercise;
                *self.session.borrow_mut() = session;
                self.lines = Rc::new(lines);
                self.history = Rc::new(history);
                self.selection = Selection::None;
                self.refresh();
            }
            Action::Reset => {
                effects.push(Effect::Forget(self.exercise));
                *self.session.borrow_mut() = exercises::new_session(self.exercise);
                let banner = format!("{} (started over)", exercises::banner(self.exercise));
                self.lines = Rc::new(vec![Line::new(LineKind::Info, banner)]);
                self.history = Rc::new(Vec::new());
                self.selection = Selection::None;
                self.refresh();
                self.save(&mut effects);
            }
            Action::RevealHint(step) => {
                self.session.borrow_mut().reveal_hint(step);
                self.save(&mut effects);
            }
            Action::TogglePresenter => self.presenter = !self.presenter,
            Action::ToggleSystem => {
                self.show_system = !self.show_system;
                self.refresh();
            }
            Action::EditFile(name, content) => {
                // A name the exercise does not offer is refused; nothing changes then.
                let _ = self.session.borrow_mut().set_file(&name, &content);
                self.save(&mut effects);
            }
            Action::ApplyFile(name) => {
                self.run_input(format!("kubectl apply -f {name}"));
                self.refresh();
                self.save(&mut effects);
            }
            Action::ClearConsole => self.lines = Rc::new(Vec::new()),
            Action::Traffic(action) => {
                self.traffic_action(action);
                self.refresh();
                self.save(&mut effects);
            }
            Action::ChartTab(tab) => self.chart_tab = tab,
            Action::OutsideTab(tab) => self.outside_tab = tab,
            Action::Visit(url) => {
                let outcome = self.session.borrow_mut().visit(&url);
                self.browser = Some(view_model::browser_result(&url, outcome));
                self.refresh();
                self.save(&mut effects);
            }
        }
        Update { render: true, effects }
    }

    pub fn exercise(&self) -> ExerciseId {
        self.exercise
    }
    /// The session, to read (drawing, the exercise panel).
    pub fn session(&self) -> Ref<'_, Session> {
        self.session.borrow()
    }
    /// Tab completion for the console panel: `(line, cursor)` to (start of the word to
    /// replace, candidates), always against the current session.
    pub fn completer(&self) -> impl Fn((String, usize)) -> (usize, Vec<String>) + 'static {
        let session = self.session.clone();
        move |(line, pos)| session.borrow().console().complete(&line, pos)
    }
    pub fn lines(&self) -> &Rc<Vec<Line>> {
        &self.lines
    }
    pub fn history(&self) -> &Rc<Vec<String>> {
        &self.history
    }
    pub fn playing(&self) -> bool {
        self.playing
    }
    pub fn speed(&self) -> u32 {
        self.speed
    }
    pub fn selection(&self) -> &Selection {
        &self.selection
    }
    pub fn inspector_mode(&self) -> InspectorMode {
        self.inspector_mode
    }
    /// The inspector's `kubectl describe` or `-o yaml` output (empty with nothing selected).
    pub fn inspector_text(&self) -> &Rc<str> {
        &self.inspector_text
    }
    pub fn presenter(&self) -> bool {
        self.presenter
    }
    pub fn show_system(&self) -> bool {
        self.show_system
    }
    pub fn chart_tab(&self) -> ChartTab {
        self.chart_tab
    }
    pub fn outside_tab(&self) -> OutsideTab {
        self.outside_tab
    }
    pub fn browser(&self) -> Option<&BrowserResult> {
        self.browser.as_ref()
    }
    /// Why the last traffic change was refused.
    pub fn traffic_error(&self) -> Option<&str> {
        self.traffic_error.as_deref()
    }
    pub fn view(&self) -> &Rc<ClusterView> {
        &self.view
    }
    pub fn traffic(&self) -> &Rc<TrafficView> {
        &self.traffic
    }
    pub fn traffic_series(&self) -> &Rc<Vec<VersionSeries>> {
        &self.traffic_series
    }
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Derives the views again after the cluster (or what is shown of it) changed.
    fn refresh(&mut self) {
        {
            let session = self.session.borrow();
            let cluster = session.cluster();
            self.view = Rc::new(view_model::cluster_view(cluster, self.show_system));
            self.traffic = Rc::new(traffic_view::traffic_view(cluster));
            self.traffic_series = Rc::new(traffic_view::version_series(cluster, CHART_WINDOW));
        }
        if self.traffic.active && !self.traffic_seen {
            self.traffic_seen = true;
            self.chart_tab = ChartTab::Traffic;
        }
        self.generation += 1;
        self.update_inspector();
    }

    fn save(&mut self, effects: &mut Vec<Effect>) {
        self.ticks_since_save = 0;
        let data = encode(&self.session.borrow(), &self.lines, &self.history);
        effects.push(Effect::Save { exercise: self.exercise, data });
    }

    fn run_input(&mut self, input: String) {
        // Inputs keep the prompt they were typed at (`$ `, or a pod shell's).
        let prompt = self.session.borrow().console().prompt();
        let lines = Rc::make_mut(&mut self.lines);
        for (i, l) in input.split('\n').enumerate() {
            let mut line = Line::new(if i == 0 { LineKind::Input } else { LineKind::Continuation }, l);
            if i == 0 {
                line.prompt = prompt.clone();
            }
            lines.push(line);
        }
        let trimmed = input.trim();
        if trimmed == "clear" {
            lines.clear();
            return;
        }
        if !trimmed.is_empty() && self.history.last() != Some(&input) {
            Rc::make_mut(&mut self.history).push(input.clone());
        }
        let out = self.session.borrow_mut().run(&input);
        for (kind, text) in
            [(LineKind::Stderr, out.warnings), (LineKind::Stdout, out.stdout), (LineKind::Stderr, out.stderr)]
        {
            if !text.is_empty() {
                lines.push(Line::new(kind, text.trim_end_matches('\n')));
            }
        }
        // Keep the scrollback bounded.
        if lines.len() > SCROLLBACK {
            let cut = lines.len() - SCROLLBACK;
            lines.drain(..cut);
        }
    }

    fn traffic_action(&mut self, action: TrafficAction) {
        self.traffic_error = None;
        let change = match action {
            TrafficAction::SetClient { name, url, rate, keep_alive } => {
                TrafficChange::SetClient(ClientSpec { name, url, rate, keep_alive })
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

    /// Runs the inspector's read-only query for the selection (nothing selected: no text).
    fn update_inspector(&mut self) {
        let Selection::Object { kind, namespace, name } = &self.selection else {
            self.inspector_text = Rc::from("");
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
        self.inspector_text = Rc::from(if out.stdout.is_empty() { out.stderr } else { out.stdout });
    }
}
