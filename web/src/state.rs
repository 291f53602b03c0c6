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
use crate::view_model::autoscaling::{self, AutoscalingView, Samples};
use crate::view_model::{self, BrowserResult, ClusterView, Selection, CHART_WINDOW};
use kubelab_lab::{SavedSession, Session, TrafficChange};
use kubelab_sim::traffic::{ClientSpec, ProxyMode};
use serde::{Deserialize, Serialize};
use std::cell::{Ref, RefCell};
use std::rc::Rc;

mod restore;

pub use restore::{BusyView, Slicer, ViewState, RESTORE_AT_ONCE_SECS, SLICE_MS, SNAPSHOT_EVERY};

/// The time controls' skips, in simulated seconds.
pub const SKIPS: [(u64, &str); 3] = [(60, "+1 min"), (600, "+10 min"), (3600, "+1 h")];
mod share;
pub use share::ShareBox;

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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InspectorMode {
    Describe,
    Yaml,
}

/// What the centre chart panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChartTab {
    Replicas,
    Traffic,
    /// HPAs and the Cluster Autoscaler (`components/autoscaling.rs`).
    Autoscaling,
    /// The four deployment strategies raced (`components/race.rs`).
    Race,
    /// Git, pull requests, the pipeline and Argo CD (`components/gitops.rs`).
    GitOps,
}

/// What the right-hand "from outside" panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    /// What local storage holds for an exercise (the answer to [`Effect::Load`]): what
    /// [`encode`] wrote and the latest snapshot.
    Loaded {
        exercise: ExerciseId,
        saved: Option<String>,
        snapshot: Option<String>,
    },
    /// Advance the clock this many simulated seconds, in slices (see `state/restore.rs`).
    Skip(u64),
    /// Do one slice of the work in progress: at most this many simulated seconds.
    Work(u64),
    /// The page is being hidden or closed: save, with a snapshot.
    PageHide,
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
    /// The text of `kubectl edit`'s file changed in the editor.
    EditorInput(String),
    /// Save `kubectl edit`'s file: kubectl applies it (or opens it again with its errors).
    EditorSave,
    /// Quit `kubectl edit`'s editor without saving (the file as it was handed out).
    EditorCancel,
    /// Open the share box with a link to the session (`state/share.rs`).
    ShareOpen,
    /// The share box's moment changed: `HH:MM[:SS]`, or empty for the session's end.
    ShareAt(String),
    ShareClose,
    /// Download the session as a file ([`Effect::Download`]).
    ExportSession,
    /// A session file chosen for import: its name and bytes.
    ImportSession {
        name: String,
        bytes: Vec<u8>,
    },
    /// The page was opened with this fragment (a share link): open its session.
    OpenLink(String),
}

/// The file `kubectl edit` opened, as the editor holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editing {
    pub file_name: String,
    /// The text as the console handed it out (what Cancel saves).
    pub original: String,
    /// The text as edited.
    pub text: String,
}

impl Editing {
    fn of(request: &kubelab_console::EditRequest) -> Editing {
        Editing { file_name: request.file_name.clone(), original: request.text.clone(), text: request.text.clone() }
    }
}

/// Work for the host, in order: local storage is the only thing outside the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Store this exercise's session, scrollback and history (as [`encode`] wrote them).
    Save { exercise: ExerciseId, data: String },
    /// Store this exercise's latest snapshot ([`Session::snapshot`]).
    SaveSnapshot { exercise: ExerciseId, data: String },
    /// Remove what is stored for this exercise (its snapshot too).
    Forget(ExerciseId),
    /// Open this exercise on the next page load.
    RememberExercise(ExerciseId),
    /// Read what is stored for this exercise and answer with [`Action::Loaded`].
    Load(ExerciseId),
    /// Offer this file for download.
    Download { name: String, contents: String },
    /// Take the share link out of the address bar (its session has been opened, or refused).
    ClearFragment,
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
    /// The clock's state and the panels' choices (absent in what older versions stored).
    #[serde(default)]
    view: Option<ViewState>,
}

/// Appends a console answer to the scrollback (and keeps it bounded).
fn push_output(lines: &mut Vec<Line>, out: &kubelab_console::Output) {
    for (kind, text) in
        [(LineKind::Stderr, &out.warnings), (LineKind::Stdout, &out.stdout), (LineKind::Stderr, &out.stderr)]
    {
        if !text.is_empty() {
            lines.push(Line::new(kind, text.trim_end_matches('\n')));
        }
    }
    if let Some(note) = out.lab_note() {
        lines.push(Line::new(LineKind::Note, format!("({note})")));
    }
    if out.edit.is_some() {
        lines.push(Line::new(LineKind::Note, "(kubectl edit: the file is open in the editor; Save or Cancel there)"));
    }
    if lines.len() > SCROLLBACK {
        let cut = lines.len() - SCROLLBACK;
        lines.drain(..cut);
    }
}

/// The stored form of a session with its scrollback and history (the last [`SAVED_LINES`]
/// lines and [`SAVED_HISTORY`] commands).
pub fn encode(session: &Session, lines: &[Line], history: &[String]) -> String {
    encode_with(session, lines, history, None)
}

/// [`encode`] with the view.
fn encode_with(session: &Session, lines: &[Line], history: &[String], view: Option<ViewState>) -> String {
    let stored = Stored {
        session: session.save().to_json(),
        lines: lines[lines.len().saturating_sub(SAVED_LINES)..].to_vec(),
        history: history[history.len().saturating_sub(SAVED_HISTORY)..].to_vec(),
        view,
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
    derived: Derived,
    /// The cluster's size over time, for the autoscaling chart.
    samples: Samples,
    /// `kubectl edit`'s file, while its editor is open.
    editing: Option<Rc<Editing>>,
    /// Counts the refreshes of the derived views (the canvases redraw when it changes).
    generation: u64,
    /// A restore or a skip in progress (see `state/restore.rs`).
    busy: Option<restore::Busy>,
    /// Actions that arrived while busy, to run once the work is done.
    queued: Vec<Action>,
    /// When the latest snapshot was stored, and the log's length then (`None`: none yet).
    snapshot_at: Option<(kubelab_sim::SimTime, usize)>,
    /// The share box, while open.
    share: Option<ShareBox>,
}

/// The views drawn from the cluster, derived again after every change.
struct Derived {
    view: Rc<ClusterView>,
    traffic: Rc<TrafficView>,
    traffic_series: Rc<Vec<VersionSeries>>,
    autoscaling: Rc<AutoscalingView>,
}

impl Derived {
    fn of(session: &Session, show_system: bool, samples: &Samples) -> Derived {
        let cluster = session.cluster();
        Derived {
            autoscaling: Rc::new(autoscaling::autoscaling_view(cluster, samples)),
            view: Rc::new(view_model::cluster_view(cluster, show_system)),
            traffic: Rc::new(traffic_view::traffic_view(cluster)),
            traffic_series: Rc::new(traffic_view::version_series(cluster, CHART_WINDOW)),
        }
    }
}

/// A session of `exercise`: restored from `saved` (and `snapshot`), at once or as busy work, or
/// fresh with the exercise's banner (and a notice, and the stored entry forgotten, when `saved`
/// cannot be restored).
fn open(
    exercise: ExerciseId,
    saved: Option<&str>,
    snapshot: Option<&str>,
    effects: &mut Vec<Effect>,
) -> (Restored, Option<ViewState>, Option<restore::Busy>) {
    let mut notice = None;
    if let Some(data) = saved {
        match restore::start(exercise, data, snapshot) {
            Ok(restore::Opening::Ready { session, lines, history, view }) => {
                return ((*session, lines, history), view, None)
            }
            Ok(restore::Opening::Busy(busy)) => {
                let lines = vec![Line::new(LineKind::Info, exercises::banner(exercise))];
                return ((exercises::new_session(exercise), lines, Vec::new()), None, Some(busy));
            }
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
    ((exercises::new_session(exercise), lines, Vec::new()), None, None)
}

impl LabState {
    /// The lab on page load: `exercise` with what local storage holds for it. The effects are
    /// [`Effect::Forget`] when that could not be restored.
    pub fn new(exercise: ExerciseId, saved: Option<&str>) -> (LabState, Vec<Effect>) {
        LabState::load(exercise, saved, None)
    }

    /// [`LabState::new`] with the latest snapshot stored for `exercise`. A long restore goes on
    /// as busy work ([`LabState::busy`]).
    pub fn load(exercise: ExerciseId, saved: Option<&str>, snapshot: Option<&str>) -> (LabState, Vec<Effect>) {
        let mut effects = Vec::new();
        let ((session, lines, history), view, busy) = open(exercise, saved, snapshot, &mut effects);
        let mut samples = Samples::default();
        samples.record(session.cluster());
        let derived = Derived::of(&session, false, &samples);
        let traffic_active = derived.traffic.active;
        let editing = session.console().pending_edit().map(|r| Rc::new(Editing::of(r)));
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
            chart_tab: if traffic_active { ChartTab::Traffic } else { ChartTab::Replicas },
            outside_tab: OutsideTab::Browser,
            traffic_seen: traffic_active,
            browser: None,
            traffic_error: None,
            derived,
            samples,
            editing,
            generation: 0,
            busy,
            queued: Vec::new(),
            snapshot_at: None,
            share: None,
        };
        let mut state = state;
        if let Some(v) = view {
            state.apply_view(v);
            state.refresh();
        }
        (state, effects)
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) -> Update {
        let action = match self.while_busy(action) {
            Ok(update) => return update,
            Err(action) => action,
        };
        let mut effects = Vec::new();
        match action {
            Action::Skip(secs) => self.start_skip(secs),
            // Without work in progress there is nothing to do.
            Action::Work(_) => return Update::default(),
            // Every change of the log or the view was saved as it happened: a snapshot is all that
            // is missing (and, written alone, it never overwrites what is stored for the log).
            Action::PageHide => {
                if self.snapshot_due(true) {
                    let session = self.session.borrow();
                    self.snapshot_at = Some((session.now(), session.log().len()));
                    effects.push(Effect::SaveSnapshot { exercise: self.exercise, data: session.snapshot() });
                }
                return Update { render: false, effects };
            }
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
            Action::TogglePlay => {
                self.playing = !self.playing;
                self.save(&mut effects);
            }
            Action::StepOnce => {
                self.playing = false;
                self.session.borrow_mut().step_clock(1);
                self.refresh();
                self.save(&mut effects);
            }
            Action::SetSpeed(s) => {
                if SPEEDS.contains(&s) {
                    self.speed = s;
                    self.save(&mut effects);
                }
            }
            Action::Select(selection) => {
                self.selection = selection;
                self.update_inspector();
                self.save(&mut effects);
            }
            Action::SetInspectorMode(mode) => {
                self.inspector_mode = mode;
                self.update_inspector();
                self.save(&mut effects);
            }
            Action::ChooseExercise(id) => {
                if id != self.exercise {
                    self.save(&mut effects);
                    effects.push(Effect::RememberExercise(id));
                    effects.push(Effect::Load(id));
                }
            }
            Action::Loaded { exercise, saved, snapshot } => {
                let ((session, lines, history), view, busy) =
                    open(exercise, saved.as_deref(), snapshot.as_deref(), &mut effects);
                self.exercise = exercise;
                self.install(session, lines, history, view);
                self.busy = busy;
            }
            Action::Reset => {
                effects.push(Effect::Forget(self.exercise));
                self.snapshot_at = None;
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
            Action::TogglePresenter => {
                self.presenter = !self.presenter;
                self.save(&mut effects);
            }
            Action::ToggleSystem => {
                self.show_system = !self.show_system;
                self.refresh();
                self.save(&mut effects);
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
            Action::ChartTab(tab) => {
                self.chart_tab = tab;
                self.save(&mut effects);
            }
            Action::OutsideTab(tab) => {
                self.outside_tab = tab;
                self.save(&mut effects);
            }
            Action::EditorInput(text) => {
                if let Some(e) = self.editing.as_mut() {
                    Rc::make_mut(e).text = text;
                }
            }
            Action::EditorSave | Action::EditorCancel => {
                let Some(editing) = self.editing.take() else {
                    return Update::default();
                };
                let saved = if matches!(action, Action::EditorSave) { &editing.text } else { &editing.original };
                let out = self.session.borrow_mut().finish_edit(saved);
                self.editing = out.edit.as_ref().map(|r| Rc::new(Editing::of(r)));
                push_output(Rc::make_mut(&mut self.lines), &out);
                self.refresh();
                self.save(&mut effects);
            }
            Action::ShareOpen => self.share_open(),
            Action::ShareAt(at) => self.share_at(at),
            Action::ShareClose => self.share = None,
            Action::ExportSession => self.export(&mut effects),
            Action::ImportSession { name, bytes } => self.import(&name, &bytes, &mut effects),
            Action::OpenLink(fragment) => self.open_link(&fragment, &mut effects),
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
        &self.derived.view
    }
    pub fn traffic(&self) -> &Rc<TrafficView> {
        &self.derived.traffic
    }
    pub fn traffic_series(&self) -> &Rc<Vec<VersionSeries>> {
        &self.derived.traffic_series
    }
    pub fn autoscaling(&self) -> &Rc<AutoscalingView> {
        &self.derived.autoscaling
    }
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Derives the views again after the cluster (or what is shown of it) changed.
    fn refresh(&mut self) {
        self.samples.record(self.session.borrow().cluster());
        self.derived = Derived::of(&self.session.borrow(), self.show_system, &self.samples);
        if self.derived.traffic.active && !self.traffic_seen {
            self.traffic_seen = true;
            self.chart_tab = ChartTab::Traffic;
        }
        self.generation += 1;
        self.update_inspector();
        self.share_refresh();
    }

    fn save(&mut self, effects: &mut Vec<Effect>) {
        self.save_with(effects, false);
    }

    /// Saves the session with the view, and its snapshot when one is due (`force`: unless one
    /// was taken at this very time).
    fn save_with(&mut self, effects: &mut Vec<Effect>, force: bool) {
        self.ticks_since_save = 0;
        let data = encode_with(&self.session.borrow(), &self.lines, &self.history, Some(self.view_state()));
        effects.push(Effect::Save { exercise: self.exercise, data });
        if self.snapshot_due(force) {
            let session = self.session.borrow();
            self.snapshot_at = Some((session.now(), session.log().len()));
            effects.push(Effect::SaveSnapshot { exercise: self.exercise, data: session.snapshot() });
        }
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
        // Any input abandons an open `kubectl edit` (the console drops it too).
        self.editing = out.edit.as_ref().map(|r| Rc::new(Editing::of(r)));
        push_output(lines, &out);
    }

    /// `kubectl edit`'s file while its editor is open.
    pub fn editing(&self) -> Option<&Rc<Editing>> {
        self.editing.as_ref()
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

#[cfg(test)]
mod autoscaling_tests;

#[cfg(test)]
mod tests {
    use super::*;

    const PLAY: ExerciseId = ExerciseId::Playground;

    fn fresh(id: ExerciseId) -> LabState {
        let (state, effects) = LabState::new(id, None);
        assert_eq!(effects, vec![]);
        state
    }

    fn now(state: &LabState) -> u64 {
        state.session().cluster().now().as_secs()
    }

    /// The cluster as JSON: two sessions hold the same cluster when these are equal.
    fn cluster_json(session: &Session) -> String {
        serde_json::to_string(session.cluster()).unwrap()
    }

    fn saves(update: &Update) -> Vec<&str> {
        update
            .effects
            .iter()
            .filter_map(|e| match e {
                Effect::Save { data, .. } => Some(data.as_str()),
                _ => None,
            })
            .collect()
    }

    fn texts(state: &LabState) -> Vec<String> {
        state.lines().iter().map(|l| l.text.clone()).collect()
    }

    /// The playground with `web.yaml` applied (3 nginx pods behind NodePort Service `web`),
    /// 20 simulated seconds later.
    fn playground_with_web() -> LabState {
        let mut s = fresh(PLAY);
        let _ = s.update(Action::ApplyFile("web.yaml".into()));
        let _ = s.update(Action::Submit("sleep 20".into()));
        s
    }

    #[test]
    fn kubectl_edit_opens_the_editor_and_save_cancel_and_errors_go_through_kubectl() {
        let mut s = playground_with_web();
        let _ = s.update(Action::Submit("kubectl edit deployment web".into()));
        let editing = s.editing().expect("the editor is open").clone();
        assert!(editing.text.starts_with("# Please edit the object below."));
        // Cancel: kubectl's answer for an editor quit without a change.
        let _ = s.update(Action::EditorCancel);
        assert!(s.editing().is_none());
        assert_eq!(texts(&s).last().map(String::as_str), Some("Edit cancelled, no changes made."));
        // An invalid edit comes back with the reason; a valid one is saved and stored.
        let _ = s.update(Action::Submit("kubectl edit deployment web".into()));
        let text = s.editing().expect("open").text.clone();
        let _ = s.update(Action::EditorInput(text.replacen("replicas: 3", "replicas: -3", 1)));
        let _ = s.update(Action::EditorSave);
        let again = s.editing().expect("re-opened with the error").clone();
        assert!(again.text.contains("# deployments.apps \"web\" was not valid:"), "{}", again.text);
        let _ = s.update(Action::EditorInput(again.text.replacen("replicas: -3", "replicas: 4", 1)));
        let update = s.update(Action::EditorSave);
        assert!(s.editing().is_none());
        assert_eq!(texts(&s).last().map(String::as_str), Some("deployment.apps/web edited"));
        // The save holds the edit: a reload rebuilds the same cluster.
        let data = saves(&update)[0].to_string();
        let (restored, _) = LabState::new(PLAY, Some(&data));
        assert_eq!(cluster_json(&restored.session.borrow()), cluster_json(&s.session.borrow()));
        // Typing a command while the editor is open abandons the edit.
        let _ = s.update(Action::Submit("kubectl edit deployment web".into()));
        let _ = s.update(Action::Submit("kubectl get deploy".into()));
        assert!(s.editing().is_none());
    }

    #[test]
    fn a_first_visit_starts_the_exercise_with_its_banner_and_the_clock_running() {
        let s = fresh(ExerciseId::Ex4);
        assert_eq!(s.exercise(), ExerciseId::Ex4);
        assert_eq!(texts(&s), vec![exercises::banner(ExerciseId::Ex4)]);
        assert!(s.history().is_empty());
        assert!(s.playing());
        assert_eq!(s.speed(), 1);
        assert_eq!(s.selection(), &Selection::None);
        assert_eq!(s.chart_tab(), ChartTab::Replicas, "no traffic yet: the replica chart");
        assert_eq!(s.outside_tab(), OutsideTab::Browser);
        assert!(!s.presenter() && !s.show_system());
        assert_eq!(&**s.inspector_text(), "");
        assert!(s.browser().is_none() && s.traffic_error().is_none());
        assert!(s.view().nodes.len() >= 2, "the cluster view is drawn from the start");
    }

    #[test]
    fn each_tick_adds_speed_tenths_of_a_second_and_a_pause_stops_the_clock() {
        let mut s = fresh(PLAY);
        let start = now(&s);
        // Speed 1: nine ticks (0.9 s) draw nothing, the tenth steps one second.
        for _ in 0..9 {
            assert_eq!(s.update(Action::Tick), Update::default());
        }
        assert_eq!(now(&s), start);
        let generation = s.generation();
        assert!(s.update(Action::Tick).render);
        assert_eq!(now(&s), start + 1);
        assert_eq!(s.generation(), generation + 1, "the views were derived again");
        // Speed 5: half a second per tick.
        assert!(s.update(Action::SetSpeed(5)).render);
        assert_eq!(s.speed(), 5);
        assert!(!s.update(Action::Tick).render);
        assert!(s.update(Action::Tick).render);
        assert_eq!(now(&s), start + 2);
        // Speed 60: six seconds per tick.
        let _ = s.update(Action::SetSpeed(60));
        let _ = s.update(Action::Tick);
        assert_eq!(now(&s), start + 8);
        // A speed the menu does not offer is ignored.
        let _ = s.update(Action::SetSpeed(7));
        assert_eq!(s.speed(), 60);
        // Paused: ticks change nothing; a single step still moves one second.
        assert!(s.update(Action::TogglePlay).render);
        assert!(!s.playing());
        for _ in 0..30 {
            assert_eq!(s.update(Action::Tick), Update::default());
        }
        assert_eq!(now(&s), start + 8);
        let step = s.update(Action::StepOnce);
        assert_eq!(now(&s), start + 9);
        assert_eq!(saves(&step).len(), 1, "a single step is saved at once");
        let _ = s.update(Action::TogglePlay);
        let _ = s.update(Action::Tick);
        assert_eq!(now(&s), start + 15);
    }

    #[test]
    fn while_time_runs_the_session_is_saved_every_twenty_ticks_that_moved_the_clock() {
        let mut s = fresh(PLAY);
        let _ = s.update(Action::SetSpeed(10));
        for tick in 1..=19 {
            assert!(saves(&s.update(Action::Tick)).is_empty(), "tick {tick}");
        }
        let twentieth = s.update(Action::Tick);
        assert_eq!(twentieth.effects.len(), 1);
        let (restored, ..) = decode(PLAY, saves(&twentieth)[0]).unwrap();
        assert_eq!(restored.now(), s.session().now(), "the save holds the clock as it is now");
        // Anything saved in between restarts the count.
        for _ in 0..10 {
            let _ = s.update(Action::Tick);
        }
        assert_eq!(saves(&s.update(Action::Submit("kubectl get pods".into()))).len(), 1);
        for tick in 1..=19 {
            assert!(saves(&s.update(Action::Tick)).is_empty(), "tick {tick} after the command");
        }
        assert_eq!(saves(&s.update(Action::Tick)).len(), 1);
        // Ticks that do not move the clock do not count.
        let _ = s.update(Action::SetSpeed(1));
        for _ in 0..199 {
            assert!(saves(&s.update(Action::Tick)).is_empty());
        }
        assert_eq!(saves(&s.update(Action::Tick)).len(), 1, "the 200th tick is the 20th second");
    }

    #[test]
    fn a_console_line_is_echoed_with_its_prompt_run_kept_in_the_history_and_saved() {
        let mut s = fresh(PLAY);
        let update = s.update(Action::Submit("kubectl create deployment web --image=nginx --replicas=2".into()));
        assert!(update.render);
        let lines = s.lines();
        assert_eq!(lines[1].kind, LineKind::Input);
        assert_eq!(lines[1].prompt, "$ ");
        assert_eq!(lines[1].text, "kubectl create deployment web --image=nginx --replicas=2");
        assert_eq!(lines[2], Line::new(LineKind::Stdout, "deployment.apps/web created"));
        assert_eq!(**s.history(), vec!["kubectl create deployment web --image=nginx --replicas=2".to_string()]);
        assert_eq!(s.view().deployments.len(), 1, "the cluster view shows the new deployment");
        // The save restores the same cluster, scrollback and history.
        let (restored, lines, history) = decode(PLAY, saves(&update)[0]).unwrap();
        assert_eq!(cluster_json(&restored), cluster_json(&s.session()));
        assert_eq!(lines, **s.lines());
        assert_eq!(history, **s.history());

        // An error goes to stderr; the same command twice is one history entry; blank lines none.
        let _ = s.update(Action::Submit("kubectl get pod nope".into()));
        let _ = s.update(Action::Submit("kubectl get pod nope".into()));
        assert_eq!(s.history().len(), 2);
        let last = s.lines().last().unwrap();
        assert_eq!(
            (&last.kind, last.text.as_str()),
            (&LineKind::Stderr, "Error from server (NotFound): pods \"nope\" not found")
        );

        // A here-document: the first line is the input, the rest continuations; one history entry.
        let heredoc = "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\nEOF";
        let _ = s.update(Action::Submit(heredoc.into()));
        let kinds: Vec<&LineKind> = s.lines().iter().rev().take(7).rev().map(|l| &l.kind).collect();
        assert_eq!(kinds[0], &LineKind::Input);
        assert!(kinds[1..6].iter().all(|k| **k == LineKind::Continuation), "{kinds:?}");
        assert_eq!(texts(&s).last().map(String::as_str), Some("namespace/team created"));
        assert_eq!(s.history().last().map(String::as_str), Some(heredoc));
        let _ = s.update(Action::Submit("   ".into()));
        assert_eq!(s.lines().last().map(|l| (&l.kind, l.text.as_str())), Some((&LineKind::Input, "   ")));
        assert_eq!(s.history().last().map(String::as_str), Some(heredoc), "a blank line is not history");

        // Simulated time a command let pass is said on a line of its own, outside its output.
        let _ = s.update(Action::Submit("sleep 30".into()));
        assert_eq!(s.lines().last().map(|l| (&l.kind, l.text.as_str())), Some((&LineKind::Note, "(30s passed)")));

        // A pod shell's prompt is kept on the lines typed in it.
        let _ = s.update(Action::Submit("kubectl run -it box --image=busybox -- sh".into()));
        let _ = s.update(Action::Submit("hostname".into()));
        let typed = s.lines().iter().rev().find(|l| l.kind == LineKind::Input).unwrap();
        assert_eq!((typed.text.as_str(), typed.prompt.as_str()), ("hostname", "/ # "));
        let _ = s.update(Action::Submit("exit".into()));

        // `clear` and the panel's clear button empty the scrollback, not the history.
        let _ = s.update(Action::Submit("clear".into()));
        assert!(s.lines().is_empty());
        assert!(!s.history().contains(&"clear".to_string()));
        let _ = s.update(Action::Submit("kubectl get ns".into()));
        assert!(!s.lines().is_empty());
        let _ = s.update(Action::ClearConsole);
        assert!(s.lines().is_empty());
        assert_eq!(s.history().last().map(String::as_str), Some("kubectl get ns"));
    }

    #[test]
    fn the_scrollback_is_shared_with_a_render_and_bounded() {
        let mut s = fresh(PLAY);
        // A render hands the panel the same vector, and ticks leave it alone.
        let shown = s.lines().clone();
        let _ = s.update(Action::SetSpeed(60));
        let _ = s.update(Action::Tick);
        assert!(Rc::ptr_eq(&shown, s.lines()), "a tick does not copy the scrollback");
        // A change is made on the state's copy; what the panel was given stays as it was.
        let _ = s.update(Action::Submit("kubectl get nodes".into()));
        assert_eq!(shown.len(), 1);
        assert!(s.lines().len() > 1);
        // At most 2000 lines are kept, the newest; a save keeps the last 400.
        for i in 0..250 {
            let block: Vec<String> = (0..10).map(|j| format!("# {i}.{j}")).collect();
            let _ = s.update(Action::Submit(block.join("\n")));
        }
        let update = s.update(Action::Submit("# last".into()));
        assert_eq!(s.lines().len(), SCROLLBACK);
        assert_eq!(texts(&s).last().map(String::as_str), Some("# last"));
        let (_, saved_lines, saved_history) = decode(PLAY, saves(&update)[0]).unwrap();
        assert_eq!(saved_lines.len(), SAVED_LINES);
        assert_eq!(saved_lines.last().map(|l| l.text.as_str()), Some("# last"));
        assert_eq!(saved_history.len(), SAVED_HISTORY);
        assert_eq!(saved_history.last().map(String::as_str), Some("# last"));
    }

    #[test]
    fn presenter_system_pods_and_tabs_toggle() {
        let mut s = fresh(PLAY);
        let _ = s.update(Action::TogglePresenter);
        assert!(s.presenter());
        let _ = s.update(Action::TogglePresenter);
        assert!(!s.presenter());
        let pods = s.view().pod_count;
        let _ = s.update(Action::ToggleSystem);
        assert!(s.show_system());
        assert!(s.view().pod_count > pods, "system pods are drawn");
        let _ = s.update(Action::ToggleSystem);
        assert_eq!(s.view().pod_count, pods);
        let _ = s.update(Action::ChartTab(ChartTab::Traffic));
        assert_eq!(s.chart_tab(), ChartTab::Traffic);
        let _ = s.update(Action::OutsideTab(OutsideTab::Traffic));
        assert_eq!(s.outside_tab(), OutsideTab::Traffic);
        let _ = s.update(Action::ChartTab(ChartTab::Replicas));
        assert_eq!(s.chart_tab(), ChartTab::Replicas);
    }

    #[test]
    fn the_inspector_describes_or_prints_the_selection_without_touching_the_history() {
        let mut s = playground_with_web();
        let history = s.session().history().len();
        let web = Selection::Object { kind: "deployment".into(), namespace: "default".into(), name: "web".into() };
        let _ = s.update(Action::Select(web.clone()));
        assert_eq!(s.selection(), &web);
        assert!(s.inspector_text().starts_with("Name:                   web\nNamespace:              default\n"));
        let _ = s.update(Action::SetInspectorMode(InspectorMode::Yaml));
        assert_eq!(s.inspector_mode(), InspectorMode::Yaml);
        assert!(s.inspector_text().starts_with("apiVersion: apps/v1\nkind: Deployment\n"), "{}", s.inspector_text());
        // The text follows the cluster: scaling shows in the next refresh.
        let _ = s.update(Action::Submit("kubectl scale deployment web --replicas=5".into()));
        assert!(s.inspector_text().contains("\n  replicas: 5\n"));
        // Nodes are cluster-scoped (no namespace); a deleted object gives kubectl's error.
        let node = s.view().nodes[0].name.clone();
        let _ = s.update(Action::SetInspectorMode(InspectorMode::Describe));
        let _ = s.update(Action::Select(Selection::Object {
            kind: "node".into(),
            namespace: String::new(),
            name: node.clone(),
        }));
        assert!(s.inspector_text().starts_with(&format!("Name:               {node}\n")), "{}", s.inspector_text());
        let gone = Selection::Object { kind: "pod".into(), namespace: "default".into(), name: "gone".into() };
        let _ = s.update(Action::Select(gone));
        assert_eq!(&**s.inspector_text(), "Error from server (NotFound): pods \"gone\" not found\n");
        let _ = s.update(Action::Select(Selection::None));
        assert_eq!(&**s.inspector_text(), "");
        assert_eq!(s.session().history().len(), history + 1, "only the scale command is in the exercise history");
    }

    #[test]
    fn choosing_another_exercise_saves_this_one_remembers_the_choice_and_loads_the_other() {
        let mut s = fresh(PLAY);
        let _ = s.update(Action::Submit("kubectl create namespace mine".into()));
        assert_eq!(s.update(Action::ChooseExercise(PLAY)).effects, vec![], "the same exercise: nothing happens");
        let update = s.update(Action::ChooseExercise(ExerciseId::Ex4));
        let [Effect::Save { exercise: PLAY, data }, Effect::RememberExercise(ExerciseId::Ex4), Effect::Load(ExerciseId::Ex4)] =
            &update.effects[..]
        else {
            panic!("{:?}", update.effects);
        };
        assert!(cluster_json(&decode(PLAY, data).unwrap().0).contains("\"mine\""));
        // Nothing stored for exercise 4: it starts fresh, with nothing selected.
        let _ = s.update(Action::Select(Selection::Object {
            kind: "namespace".into(),
            namespace: String::new(),
            name: "mine".into(),
        }));
        let loaded = s.update(Action::Loaded { exercise: ExerciseId::Ex4, saved: None, snapshot: None });
        assert!(loaded.render);
        assert_eq!(loaded.effects, vec![]);
        assert_eq!(s.exercise(), ExerciseId::Ex4);
        assert_eq!(texts(&s), vec![exercises::banner(ExerciseId::Ex4)]);
        assert!(s.history().is_empty());
        assert_eq!(s.selection(), &Selection::None);
        assert_eq!(&**s.inspector_text(), "");
        assert!(!cluster_json(&s.session()).contains("\"mine\""));
        // Back to the playground: what was stored comes back.
        let _ = s.update(Action::ChooseExercise(PLAY));
        let _ = s.update(Action::Loaded { exercise: PLAY, saved: Some(data.clone()), snapshot: None });
        assert_eq!(s.exercise(), PLAY);
        assert!(cluster_json(&s.session()).contains("\"mine\""));
        assert_eq!(s.history().last().map(String::as_str), Some("kubectl create namespace mine"));
    }

    #[test]
    fn the_completer_follows_the_session_when_it_is_replaced() {
        let mut s = fresh(PLAY);
        let complete = s.completer();
        let _ = s.update(Action::Submit("kubectl create namespace alpha".into()));
        assert!(complete(("kubectl get ns al".into(), 16)).1.contains(&"alpha".to_string()));
        let _ = s.update(Action::Reset);
        assert!(!complete(("kubectl get ns al".into(), 16)).1.contains(&"alpha".to_string()));
    }

    #[test]
    fn reset_forgets_the_stored_session_and_starts_over() {
        let mut s = playground_with_web();
        let web = Selection::Object { kind: "deployment".into(), namespace: "default".into(), name: "web".into() };
        let _ = s.update(Action::Select(web));
        let update = s.update(Action::Reset);
        assert_eq!(update.effects.len(), 2);
        assert_eq!(update.effects[0], Effect::Forget(PLAY));
        let (restored, lines, history) = decode(PLAY, saves(&update)[0]).unwrap();
        assert_eq!(texts(&s), vec![format!("{} (started over)", exercises::banner(PLAY))]);
        assert!(s.history().is_empty());
        assert_eq!(s.selection(), &Selection::None);
        assert!(s.view().deployments.is_empty());
        assert_eq!(cluster_json(&restored), cluster_json(&exercises::new_session(PLAY)));
        assert_eq!((lines, history), ((**s.lines()).clone(), vec![]));
    }

    #[test]
    fn a_saved_session_is_restored_and_an_unreadable_one_discarded_with_a_notice() {
        let s = playground_with_web();
        let data = encode(&s.session(), s.lines(), s.history());
        let (restored, effects) = LabState::new(PLAY, Some(&data));
        assert_eq!(effects, vec![]);
        assert_eq!(cluster_json(&restored.session()), cluster_json(&s.session()));
        assert_eq!(restored.lines(), s.lines());
        assert_eq!(restored.history(), s.history());
        assert_eq!(restored.view().deployments.len(), 1);

        let broken = [
            ("{ not json".to_string(), "unreadable: "),
            (r#"{"session":"[]","lines":[],"history":[]}"#.to_string(), ""),
            // Saved for another exercise.
            (encode(&exercises::new_session(ExerciseId::Ex4), &[], &[]), ""),
        ];
        for (data, why) in broken {
            let (s, effects) = LabState::new(PLAY, Some(&data));
            let lines = texts(&s);
            assert_eq!(effects, vec![Effect::Forget(PLAY)], "{data}");
            assert_eq!(lines.len(), 2, "{lines:?}");
            assert_eq!(lines[0], exercises::banner(PLAY));
            assert!(lines[1].starts_with(&format!("Your saved session could not be restored ({why}")), "{lines:?}");
            assert!(lines[1].ends_with("); starting afresh."));
            assert!(s.history().is_empty());
            assert!(s.view().deployments.is_empty());
        }
        // The same when another exercise is chosen and its entry is unreadable.
        let mut s = fresh(ExerciseId::Ex4);
        let loaded = s.update(Action::Loaded { exercise: PLAY, saved: Some("][".into()), snapshot: None });
        assert_eq!(loaded.effects, vec![Effect::Forget(PLAY)]);
        assert!(texts(&s)[1].starts_with("Your saved session could not be restored (unreadable: "));
    }

    #[test]
    fn files_hints_the_browser_and_traffic_change_the_session_and_are_saved() {
        let mut s = fresh(PLAY);
        // Editing a file is saved; applying it runs `kubectl apply -f` in the console.
        let edited = s.session().files()[0].1.replace("replicas: 3", "replicas: 2");
        let update = s.update(Action::EditFile("web.yaml".into(), edited.clone()));
        assert_eq!(saves(&update).len(), 1);
        assert_eq!(s.session().files()[0].1, edited);
        let _ = s.update(Action::ApplyFile("web.yaml".into()));
        assert!(texts(&s).contains(&"kubectl apply -f web.yaml".to_string()));
        assert_eq!(s.history().last().map(String::as_str), Some("kubectl apply -f web.yaml"));
        let _ = s.update(Action::Submit("sleep 20".into()));
        assert_eq!(s.view().deployments[0].ready, 2);

        let update = s.update(Action::RevealHint(0));
        assert_eq!(saves(&update).len(), 1);
        assert_eq!(s.session().revealed_hints(0).len(), 1);

        // The browser panel: a node port reaches a pod; a bad URL is explained.
        let urls = view_model::node_port_urls(s.session().cluster());
        let url = urls[0].1.clone();
        let update = s.update(Action::Visit(url.clone()));
        assert_eq!(saves(&update).len(), 1);
        let page = s.browser().unwrap();
        assert_eq!(page.url, url);
        assert!(page.status.starts_with("200 from pod default/web-"), "{}", page.status);
        assert!(page.html);
        let _ = s.update(Action::Visit("ftp://x/".into()));
        assert_eq!(s.browser().unwrap().status, "Only http:// URLs can be opened here.");

        // Traffic: the first client switches the chart to traffic once; a refused change says why.
        assert_eq!(s.chart_tab(), ChartTab::Replicas);
        let client = TrafficAction::SetClient { name: "client-1".into(), url, rate: 50, keep_alive: false };
        assert_eq!(saves(&s.update(Action::Traffic(client))).len(), 1);
        assert_eq!(s.traffic().clients.len(), 1);
        assert_eq!(s.chart_tab(), ChartTab::Traffic);
        let (reloaded, _) = LabState::new(PLAY, Some(&encode(&s.session(), s.lines(), s.history())));
        assert_eq!(reloaded.chart_tab(), ChartTab::Traffic, "a reload with traffic running opens on its chart");
        let _ = s.update(Action::ChartTab(ChartTab::Replicas));
        let _ = s.update(Action::StepOnce);
        assert_eq!(s.chart_tab(), ChartTab::Replicas, "only the first time");
        let bad =
            TrafficAction::SetClient { name: "client-2".into(), url: "nonsense".into(), rate: 5, keep_alive: false };
        let _ = s.update(Action::Traffic(bad));
        assert!(s.traffic_error().is_some());
        let _ = s.update(Action::Traffic(TrafficAction::RemoveClient("client-1".into())));
        assert_eq!(s.traffic_error(), None);
        assert!(s.traffic().clients.is_empty());
        // A load-generator pod is a console command, named after the first free `load-N`.
        let _ = s.update(Action::Traffic(TrafficAction::LoadPod { url: "http://web".into(), rate: 10 }));
        assert!(s.history().last().unwrap().starts_with("kubectl run load-1 "), "{:?}", s.history().last());
        let _ = s.update(Action::Traffic(TrafficAction::StopPod("load-1".into())));
        assert_eq!(s.history().last().map(String::as_str), Some("kubectl delete pod load-1 --now"));
    }
}
