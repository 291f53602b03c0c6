//! Long work in slices, and what a reload brings back.
//!
//! - **Busy work.** Restoring a saved session whose log tail is long, and the time controls'
//!   skips ("+1 min", "+10 min", "+1 h"), run as [`Busy`] work: the host sends
//!   [`Action::Work`] with a number of simulated seconds chosen by a [`Slicer`] (so that a slice
//!   takes about [`SLICE_MS`] of real time) and yields to the browser between slices; the page
//!   draws a progress bar ([`LabState::busy`]). The result does not depend on the slice sizes.
//!   Meanwhile the clock does not play, and inputs that would change the session (console lines,
//!   files, traffic, ...) are queued and run, in order, once the work is done. Choosing another
//!   exercise or Reset abandons the work.
//! - **Snapshots.** Besides the log (saved as before), the session's snapshot
//!   ([`kubelab_lab::Session::snapshot`]) is stored under its own key every [`SNAPSHOT_EVERY`]
//!   simulated seconds, after a skip or a long restore, and when the page is hidden or closed
//!   ([`Action::PageHide`]); a reload restores from it plus the log's tail. A snapshot that cannot
//!   be used (another build, damaged) is said in the console and the log is replayed instead.
//! - **The view.** The clock's state (playing or paused, speed) and the panels' choices
//!   (selection, inspector mode, presenter, system pods, tabs) are stored with the session as a
//!   [`ViewState`] and come back on reload.

use super::{exercises, Action, ChartTab, Effect, InspectorMode, LabState, Line, LineKind, OutsideTab, Update};
use crate::view_model::Selection;
use kubelab_lab::{Restoring, SavedSession, Session};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// Simulated seconds between two snapshots while the clock runs.
pub const SNAPSHOT_EVERY: u64 = 300;
/// A restore that replays at most this many simulated seconds is done at once.
pub const RESTORE_AT_ONCE_SECS: u64 = 120;
/// Real milliseconds a slice of busy work aims at.
pub const SLICE_MS: f64 = 30.0;
/// The most simulated seconds in one slice.
pub const MAX_SLICE_SECS: u64 = 3600;

/// The view as stored with the session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewState {
    pub playing: bool,
    pub speed: u32,
    pub selection: Selection,
    pub inspector_mode: InspectorMode,
    pub presenter: bool,
    pub show_system: bool,
    pub chart_tab: ChartTab,
    pub outside_tab: OutsideTab,
    pub traffic_seen: bool,
}

/// Work in progress.
pub(super) enum Busy {
    /// A saved session coming back; the lines, history and view to show once it is.
    Restoring { restoring: Box<Restoring>, lines: Vec<Line>, history: Vec<String>, view: Option<ViewState> },
    /// A skip: simulated seconds still to step, of `total`.
    Skipping { left: u64, total: u64 },
}

/// What the progress bar shows.
#[derive(Clone, Debug, PartialEq)]
pub struct BusyView {
    pub label: &'static str,
    /// Done so far and in all, in simulated milliseconds.
    pub done: u64,
    pub total: u64,
}

/// Chooses how many simulated seconds the next slice steps, from how long the last ones took.
#[derive(Clone, Debug)]
pub struct Slicer {
    secs: u64,
}

impl Default for Slicer {
    fn default() -> Slicer {
        Slicer { secs: 10 }
    }
}

impl Slicer {
    /// Simulated seconds for the next slice.
    pub fn chunk(&self) -> u64 {
        self.secs
    }

    /// A slice of `secs` simulated seconds took `elapsed_ms`: the next one aims at
    /// [`SLICE_MS`], growing at most fourfold at a time.
    pub fn record(&mut self, secs: u64, elapsed_ms: f64) {
        let secs = secs.max(1) as f64;
        let wanted = if elapsed_ms > 0.0 { secs * SLICE_MS / elapsed_ms } else { secs * 4.0 };
        let wanted = wanted.min(self.secs as f64 * 4.0);
        self.secs = (wanted as u64).clamp(1, MAX_SLICE_SECS);
    }
}

/// How a saved session opens: at once, or as busy work.
pub(super) enum Opening {
    Ready { session: Session, lines: Vec<Line>, history: Vec<String>, view: Option<ViewState> },
    Busy(Busy),
}

/// Starts restoring `saved` (what `encode` wrote) with `snapshot`; a short tail is replayed at
/// once. `Err`: why it cannot be restored.
pub(super) fn start(
    exercise: crate::exercises::ExerciseId,
    saved: &str,
    snapshot: Option<&str>,
) -> Result<Opening, String> {
    let stored = serde_json::from_str::<super::Stored>(saved).map_err(|e| format!("unreadable: {e}"))?;
    let log = SavedSession::from_json(&stored.session).map_err(|e| e.to_string())?;
    let restoring = Restoring::start(exercises::exercise(exercise), &log, snapshot).map_err(|e| e.to_string())?;
    let mut lines = stored.lines;
    if let Some(why) = restoring.snapshot_refused() {
        lines.push(Line::new(LineKind::Info, format!("Your session's snapshot was not used ({why}); its log was replayed instead.")));
    }
    let (done, total) = restoring.progress();
    if total - done <= RESTORE_AT_ONCE_SECS * 1000 {
        let session = restoring.finish().map_err(|e| e.to_string())?;
        return Ok(Opening::Ready { session, lines, history: stored.history, view: stored.view });
    }
    Ok(Opening::Busy(Busy::Restoring {
        restoring: Box::new(restoring),
        lines,
        history: stored.history,
        view: stored.view,
    }))
}

impl LabState {
    /// The work in progress, for the progress bar (`None`: nothing is).
    pub fn busy(&self) -> Option<BusyView> {
        Some(match self.busy.as_ref()? {
            Busy::Restoring { restoring, .. } => {
                let (done, total) = restoring.progress();
                BusyView { label: "Restoring your session", done, total }
            }
            Busy::Skipping { left, total } => {
                BusyView { label: "Skipping ahead", done: (total - left) * 1000, total: total * 1000 }
            }
        })
    }

    /// The view as it is now, to store.
    pub(super) fn view_state(&self) -> ViewState {
        ViewState {
            playing: self.playing,
            speed: self.speed,
            selection: self.selection.clone(),
            inspector_mode: self.inspector_mode,
            presenter: self.presenter,
            show_system: self.show_system,
            chart_tab: self.chart_tab,
            outside_tab: self.outside_tab,
            traffic_seen: self.traffic_seen,
        }
    }

    pub(super) fn apply_view(&mut self, v: ViewState) {
        self.playing = v.playing;
        if super::SPEEDS.contains(&v.speed) {
            self.speed = v.speed;
        }
        self.selection = v.selection;
        self.inspector_mode = v.inspector_mode;
        self.presenter = v.presenter;
        self.show_system = v.show_system;
        self.chart_tab = v.chart_tab;
        self.outside_tab = v.outside_tab;
        self.traffic_seen = v.traffic_seen;
    }

    /// Puts a restored (or fresh) session in place with its scrollback, history and view.
    pub(super) fn install(&mut self, session: Session, lines: Vec<Line>, history: Vec<String>, view: Option<ViewState>) {
        // A restored session may end inside `kubectl edit`: its file opens again.
        self.editing = session.console().pending_edit().map(|r| Rc::new(super::Editing::of(r)));
        self.snapshot_at = None;
        *self.session.borrow_mut() = session;
        self.lines = Rc::new(lines);
        self.history = Rc::new(history);
        self.selection = Selection::None;
        if let Some(v) = view {
            self.apply_view(v);
        }
        self.refresh();
    }

    /// Whether a snapshot is due at the session's time (`force`: unless one was just taken).
    pub(super) fn snapshot_due(&self, force: bool) -> bool {
        let session = self.session.borrow();
        let now = session.now();
        let last = self.snapshot_at.unwrap_or(session.started());
        if force {
            return self.snapshot_at != Some(now) && now > session.started();
        }
        now.since(last).as_secs() >= SNAPSHOT_EVERY
    }

    /// Handles `action` while work is in progress: `Ok` when done with it (queued, ignored, or
    /// the work itself), `Err(action)` to handle it as usual.
    pub(super) fn while_busy(&mut self, action: Action) -> Result<Update, Action> {
        if let Action::Work(secs) = action {
            return Ok(self.work(secs));
        }
        let restoring = match &self.busy {
            None => return Err(action),
            Some(b) => matches!(b, Busy::Restoring { .. }),
        };
        match action {
            Action::Tick => Ok(Update::default()),
            Action::Skip(_) => Ok(Update::default()),
            // The stored session is intact while it is being restored: nothing to save.
            Action::PageHide if restoring => Ok(Update::default()),
            Action::TogglePlay
            | Action::SetSpeed(_)
            | Action::TogglePresenter
            | Action::ToggleSystem
            | Action::ChartTab(_)
            | Action::OutsideTab(_)
            | Action::ClearConsole
            | Action::PageHide => Err(action),
            Action::ChooseExercise(id) if restoring => {
                self.busy = None;
                self.queued.clear();
                if id == self.exercise {
                    return Ok(Update::default());
                }
                Ok(Update { render: true, effects: vec![Effect::RememberExercise(id), Effect::Load(id)] })
            }
            Action::ChooseExercise(_) | Action::Reset | Action::Loaded { .. } => {
                self.busy = None;
                self.queued.clear();
                Err(action)
            }
            other => {
                self.queued.push(other);
                Ok(Update::default())
            }
        }
    }

    /// Starts a skip of `secs` simulated seconds.
    pub(super) fn start_skip(&mut self, secs: u64) {
        if secs > 0 {
            self.busy = Some(Busy::Skipping { left: secs, total: secs });
        }
    }

    /// One slice of the work in progress, of at most `secs` simulated seconds.
    fn work(&mut self, secs: u64) -> Update {
        let secs = secs.max(1);
        let mut effects = Vec::new();
        match self.busy.take() {
            None => return Update::default(),
            Some(Busy::Skipping { left, total }) => {
                let n = secs.min(left);
                self.session.borrow_mut().step_clock(n);
                self.refresh();
                if left > n {
                    self.busy = Some(Busy::Skipping { left: left - n, total });
                    return Update { render: true, effects };
                }
                self.save_with(&mut effects, true);
            }
            Some(Busy::Restoring { mut restoring, lines, history, view }) => match restoring.work(secs) {
                Ok(false) => {
                    self.busy = Some(Busy::Restoring { restoring, lines, history, view });
                    return Update { render: true, effects };
                }
                Ok(true) => {
                    self.install(restoring.into_session(), lines, history, view);
                    self.save_with(&mut effects, true);
                }
                Err(why) => {
                    effects.push(Effect::Forget(self.exercise));
                    let mut lines = vec![Line::new(LineKind::Info, exercises::banner(self.exercise))];
                    lines.push(Line::new(
                        LineKind::Info,
                        format!("Your saved session could not be restored ({why}); starting afresh."),
                    ));
                    self.install(exercises::new_session(self.exercise), lines, Vec::new(), None);
                }
            },
        }
        for action in std::mem::take(&mut self.queued) {
            let update = self.update(action);
            effects.extend(update.effects);
        }
        Update { render: true, effects }
    }
}
