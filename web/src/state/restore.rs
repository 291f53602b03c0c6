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

/// Simulated seconds between two snapshots while the clock runs. A snapshot costs a few hundred
/// milliseconds of the page's time, so it is rare: the one taken when the page is hidden or
/// closed is the one a reload normally uses; these only bound the log's tail after a crash.
pub const SNAPSHOT_EVERY: u64 = 1800;
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
    Ready { session: Box<Session>, lines: Vec<Line>, history: Vec<String>, view: Option<ViewState> },
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
        lines.push(Line::new(
            LineKind::Info,
            format!("Your session's snapshot was not used ({why}); its log was replayed instead."),
        ));
    }
    let (done, total) = restoring.progress();
    if total - done <= RESTORE_AT_ONCE_SECS * 1000 {
        let session = restoring.finish().map_err(|e| e.to_string())?;
        return Ok(Opening::Ready { session: Box::new(session), lines, history: stored.history, view: stored.view });
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
    pub(super) fn install(
        &mut self,
        session: Session,
        lines: Vec<Line>,
        history: Vec<String>,
        view: Option<ViewState>,
    ) {
        // A restored session may end inside `kubectl edit`: its file opens again.
        self.editing = session.console().pending_edit().map(|r| Rc::new(super::Editing::of(r)));
        self.snapshot_at = None;
        *self.session.borrow_mut() = session;
        self.lines = Rc::new(lines);
        self.history = Rc::new(history);
        self.selection = Selection::None;
        if let Some(v) = view {
            self.apply_view(v);
        } else {
            // A session without a stored view opens on the default tabs: tabs chosen in another
            // exercise stay with it (the traffic tab opens by itself once traffic starts).
            self.chart_tab = ChartTab::Replicas;
            self.outside_tab = OutsideTab::Browser;
            self.traffic_seen = false;
        }
        self.refresh();
    }

    /// Whether a snapshot is due at the session's time (`force`: unless one was just taken).
    pub(super) fn snapshot_due(&self, force: bool) -> bool {
        let session = self.session.borrow();
        let here = (session.now(), session.log().len());
        if force {
            return self.snapshot_at != Some(here) && (here.0 > session.started() || here.1 > 0);
        }
        let last = self.snapshot_at.map_or(session.started(), |(at, _)| at);
        here.0.since(last).as_secs() >= SNAPSHOT_EVERY
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

#[cfg(test)]
mod tests {
    use super::super::*;
    use super::*;

    const PLAY: ExerciseId = ExerciseId::Playground;

    fn fresh() -> LabState {
        LabState::new(PLAY, None).0
    }

    fn cluster_json(s: &LabState) -> String {
        serde_json::to_string(s.session().cluster()).expect("json")
    }

    /// The last log save and the last snapshot among `effects`.
    fn stored(effects: &[Effect]) -> (Option<String>, Option<String>) {
        let mut out = (None, None);
        for e in effects {
            match e {
                Effect::Save { data, .. } => out.0 = Some(data.clone()),
                Effect::SaveSnapshot { data, .. } => out.1 = Some(data.clone()),
                _ => {}
            }
        }
        out
    }

    /// Works until nothing is in progress, in slices of `secs`; the effects, and how many slices.
    fn work_out(s: &mut LabState, secs: u64) -> (Vec<Effect>, usize) {
        let (mut effects, mut slices) = (Vec::new(), 0);
        while s.busy().is_some() {
            effects.extend(s.update(Action::Work(secs)).effects);
            slices += 1;
            assert!(slices < 100_000);
        }
        (effects, slices)
    }

    #[test]
    fn a_reload_brings_back_the_clock_state_speed_and_panels() {
        let mut s = fresh();
        let _ = s.update(Action::ApplyFile("web.yaml".into()));
        let web = Selection::Object { kind: "deployment".into(), namespace: "default".into(), name: "web".into() };
        for a in [
            Action::TogglePlay,
            Action::SetSpeed(20),
            Action::Select(web.clone()),
            Action::SetInspectorMode(InspectorMode::Yaml),
            Action::TogglePresenter,
            Action::ToggleSystem,
            Action::ChartTab(ChartTab::Traffic),
            Action::OutsideTab(OutsideTab::Traffic),
        ] {
            let _ = s.update(a);
        }
        let (data, _) = stored(&s.update(Action::OutsideTab(OutsideTab::Traffic)).effects);
        let (r, effects) = LabState::new(PLAY, data.as_deref());
        assert_eq!(effects, vec![]);
        assert!(!r.playing(), "paused when saved: paused after the reload");
        assert_eq!(r.speed(), 20);
        assert_eq!(r.selection(), &web);
        assert_eq!(r.inspector_mode(), InspectorMode::Yaml);
        assert!(r.inspector_text().contains("kind: Deployment"), "{}", r.inspector_text());
        assert!(r.presenter() && r.show_system());
        assert_eq!((r.chart_tab(), r.outside_tab()), (ChartTab::Traffic, OutsideTab::Traffic));
        assert_eq!(r.view_state(), s.view_state());
    }

    #[test]
    fn a_step_while_time_plays_pauses_it() {
        let mut s = fresh();
        assert!(s.playing());
        let start = s.session().now();
        let _ = s.update(Action::StepOnce);
        assert_eq!((s.session().now().since(start).as_secs(), s.playing()), (1, false));
    }

    #[test]
    fn tabs_chosen_in_one_exercise_stay_with_it() {
        let mut s = fresh();
        let _ = s.update(Action::ChartTab(ChartTab::Traffic));
        let (saved, _) = stored(&s.update(Action::OutsideTab(OutsideTab::Traffic)).effects);
        let _ = s.update(Action::Loaded { exercise: ExerciseId::Ex4, saved: None, snapshot: None });
        assert_eq!((s.chart_tab(), s.outside_tab()), (ChartTab::Replicas, OutsideTab::Browser));
        let _ = s.update(Action::Loaded { exercise: PLAY, saved, snapshot: None });
        assert_eq!((s.chart_tab(), s.outside_tab()), (ChartTab::Traffic, OutsideTab::Traffic), "and come back with it");
    }

    #[test]
    fn a_skip_runs_in_slices_queues_inputs_and_ends_saved_with_a_snapshot() {
        let mut straight = fresh();
        let mut s = fresh();
        let start = s.session().now();
        let _ = s.update(Action::Skip(600));
        let b = s.busy().expect("busy");
        assert_eq!((b.label, b.done, b.total), ("Skipping ahead", 0, 600_000));
        // The clock does not play meanwhile; an input waits for the skip.
        let _ = s.update(Action::Tick);
        assert_eq!(s.update(Action::Submit("kubectl get nodes".into())), Update::default());
        let _ = s.update(Action::Skip(3600));
        let _ = s.update(Action::Work(7));
        assert_eq!(s.busy().map(|b| b.done), Some(7000));
        assert_eq!(s.session().now().since(start).as_secs(), 7);
        assert!(s.history().is_empty(), "the input is queued");
        let (effects, slices) = work_out(&mut s, 100);
        assert_eq!(slices, 6);
        assert_eq!(s.session().now().since(start).as_secs(), 600, "the second skip was refused while busy");
        assert_eq!(s.history().last().map(String::as_str), Some("kubectl get nodes"), "then the input ran");
        let (data, snapshot) = stored(&effects);
        assert!(data.is_some() && snapshot.is_some(), "{effects:?}");
        // The same as stepping straight through.
        let _ = straight.update(Action::Skip(600));
        let _ = work_out(&mut straight, 600);
        let _ = straight.update(Action::Submit("kubectl get nodes".into()));
        assert_eq!(cluster_json(&s), cluster_json(&straight));
        // A reload with that snapshot is at once.
        let (r, _) = LabState::load(PLAY, data.as_deref(), snapshot.as_deref());
        assert!(r.busy().is_none());
        assert_eq!(cluster_json(&r), cluster_json(&s));
    }

    #[test]
    fn snapshots_follow_the_clock_and_the_page_hiding() {
        let mut s = fresh();
        let _ = s.update(Action::SetSpeed(60));
        let mut snapshots = 0;
        // 6 s per tick, a save every 20 ticks (120 s), a snapshot at the first save 1800 s after
        // the last one: 600 ticks (3600 s) take snapshots at 1800 s and 3600 s.
        for _ in 0..600 {
            snapshots += stored(&s.update(Action::Tick).effects).1.is_some() as usize;
        }
        assert_eq!(snapshots, 2);
        let _ = s.update(Action::Tick);
        let hidden = s.update(Action::PageHide);
        assert!(stored(&hidden.effects).1.is_some(), "hiding the page takes one");
        assert!(stored(&s.update(Action::PageHide).effects).1.is_none(), "not twice at one time");
        assert_eq!(stored(&fresh().update(Action::PageHide).effects).1, None, "nothing to snapshot yet");
    }

    #[test]
    fn a_long_log_without_a_snapshot_is_replayed_in_slices_and_a_bad_snapshot_is_said() {
        let mut s = fresh();
        let _ = s.update(Action::ApplyFile("web.yaml".into()));
        let _ = s.update(Action::Skip(400));
        let _ = work_out(&mut s, 400);
        let (data, _) = stored(&s.update(Action::Submit("kubectl scale deployment web --replicas=4".into())).effects);
        // The page closes a little later: the snapshot is newer than the saved log.
        for _ in 0..10 {
            let _ = s.update(Action::Tick);
        }
        let (none, snapshot) = stored(&s.update(Action::PageHide).effects);
        assert_eq!(none, None, "hiding the page writes the snapshot only");
        let (data, snapshot) = (data.expect("saved"), snapshot.expect("snapshot"));
        for bad in [None, Some("not a snapshot")] {
            let (mut r, effects) = LabState::load(PLAY, Some(&data), bad);
            assert_eq!(effects, vec![]);
            let b = r.busy().expect("a long replay is busy work");
            assert_eq!(b.label, "Restoring your session");
            assert!(b.total >= 400_000);
            // Inputs wait; nothing is saved over the stored session meanwhile.
            let _ = r.update(Action::Submit("kubectl get deploy".into()));
            assert_eq!(r.update(Action::PageHide), Update::default());
            let (effects, slices) = work_out(&mut r, 50);
            assert!(slices >= 8, "{slices}");
            assert!(stored(&effects).1.is_some(), "a snapshot after a long restore");
            assert_eq!(r.history().len(), s.history().len() + 1);
            let notice = r.lines().iter().any(|l| l.text.starts_with("Your session's snapshot was not used ("));
            assert_eq!(notice, bad.is_some());
        }
        let (r, _) = LabState::load(PLAY, Some(&data), Some(&snapshot));
        assert!(r.busy().is_none(), "with its snapshot: at once");
        assert_eq!(cluster_json(&r), cluster_json(&s));
        assert_eq!(r.lines(), s.lines());
    }

    #[test]
    fn choosing_another_exercise_while_restoring_does_not_overwrite_the_stored_session() {
        let mut s = fresh();
        let _ = s.update(Action::Skip(300));
        let _ = work_out(&mut s, 300);
        let (data, _) = stored(&s.update(Action::SetSpeed(2)).effects);
        let (mut r, _) = LabState::load(PLAY, data.as_deref(), None);
        assert!(r.busy().is_some());
        let update = r.update(Action::ChooseExercise(ExerciseId::Ex4));
        assert_eq!(update.effects, vec![Effect::RememberExercise(ExerciseId::Ex4), Effect::Load(ExerciseId::Ex4)]);
        assert!(r.busy().is_none());
    }

    #[test]
    fn slices_aim_at_the_target_time() {
        let mut slicer = Slicer::default();
        assert_eq!(slicer.chunk(), 10);
        slicer.record(10, 1.0);
        assert_eq!(slicer.chunk(), 40, "grows at most fourfold");
        slicer.record(40, 120.0);
        assert_eq!(slicer.chunk(), 10, "40 s took 120 ms: 10 s take 30");
        slicer.record(10, 10_000.0);
        assert_eq!(slicer.chunk(), 1, "never below a second");
        for _ in 0..20 {
            slicer.record(slicer.chunk(), 0.0);
        }
        assert_eq!(slicer.chunk(), MAX_SLICE_SECS);
    }
}
