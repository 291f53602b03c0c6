//! `Session`: one student's run of one exercise — the console (and its cluster), the history,
//! the progress — and its replay log, which is how a session is saved and restored.
//!
//! # Saving without serialising the cluster
//! The cluster is deterministic: the exercise (profile, seed, setup, files) plus the student's
//! actions at known simulated times give the same cluster, byte for byte. So a session records
//! only its actions — each console input and each file edit, with the [`SimTime`] it happened
//! at — plus the time `now`. [`Session::restore`] builds a fresh session and replays the log:
//! it steps the clock to each entry's time, applies the entry, and finally steps to `now`.
//!
//! The clock moves in two ways only, both replayed identically: inside a console input
//! (`sleep`, `rollout status`, `get -w`), and through [`Session::step_clock`], which steps one
//! simulated second at a time and updates the progress after each second. Restoring steps the
//! same seconds and runs the same inputs, so the progress is looked at in the same states and
//! comes out identical too (hints revealed are saved separately, as counts per step).
//!
//! # Snapshots
//! Replaying costs what stepping costs, so a long session would take long to come back. A
//! [`Session::snapshot`] (`session/snapshot.rs`) is the whole state as compressed text (the
//! cluster, the console's own state, the progress; what the log already says is not stored
//! twice); [`Restoring`] (`session/restore.rs`) restores from the latest snapshot plus the log
//! entries after it, or replays the whole log when there is no usable snapshot, at once or in
//! slices. The log stays the truth: links, exported files and grading use it alone.

use crate::exercise::{validate_file_name, Exercise};
use crate::progress::{GoalStatus, HistoryEntry, Progress};
use kubelab_console::{Console, FileEntry, Files, Output, MAX_INPUT};
use kubelab_sim::{Cluster, SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

mod choose;
mod pack;
mod restore;
mod snapshot;

pub use restore::Restoring;
pub use snapshot::{build_id, Snapshot, SnapshotError, SNAPSHOT_FORMAT};

/// The version of the [`SavedSession`] format this crate writes and reads.
pub const SAVE_FORMAT: u32 = 1;

/// A saved session may span at most this much simulated time after setup (a year). Not a limit a
/// student meets: a reload restores from a snapshot plus the log's tail ([`Restoring`]), so a
/// long session costs no more to restore than a short one. It only keeps a corrupt `now` from
/// asking for an endless replay.
pub const MAX_SAVED_SPAN: SimDuration = SimDuration::from_secs(366 * 24 * 3600);

/// A saved session may hold at most this many log entries.
pub const MAX_SAVED_ENTRIES: usize = 20_000;

/// Largest file a student may write into the session's folder (1 MiB, as the CLI reads).
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// One thing the student did, at a simulated time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum LogEntry {
    /// A console input.
    Input { at: SimTime, line: String },
    /// A file written (created or changed) in the exercise's folder.
    File { at: SimTime, name: String, contents: String },
    /// A page fetched by the student's browser from outside the cluster (a NodePort URL).
    /// Logged because the request draws from the cluster's traffic stream and lands in access logs.
    Visit { at: SimTime, url: String },
    /// A change to the traffic: an outside client added, changed or removed, or kube-proxy's
    /// mode switched (from the traffic panel).
    Traffic { at: SimTime, change: TrafficChange },
    /// The text saved in the editor of a pending `kubectl edit` ([`Session::finish_edit`]).
    EditSaved { at: SimTime, text: String },
}

/// What the traffic panel can change. Logged so that a restored session sends the same load.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum TrafficChange {
    SetClient(kubelab_sim::traffic::ClientSpec),
    RemoveClient(String),
    ProxyMode(kubelab_sim::traffic::ProxyMode),
}

impl LogEntry {
    pub fn at(&self) -> SimTime {
        match self {
            LogEntry::Input { at, .. }
            | LogEntry::File { at, .. }
            | LogEntry::Visit { at, .. }
            | LogEntry::Traffic { at, .. }
            | LogEntry::EditSaved { at, .. } => *at,
        }
    }
}

/// A session as saved: the replay log, not the cluster. Serialises to JSON
/// ([`SavedSession::to_json`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedSession {
    /// [`SAVE_FORMAT`] when written.
    pub format: u32,
    /// The exercise's id.
    pub exercise: String,
    /// [`Exercise::fingerprint`] when written.
    pub fingerprint: String,
    pub log: Vec<LogEntry>,
    /// The simulated time when saved.
    pub now: SimTime,
    /// Hints revealed, per step.
    #[serde(default)]
    pub hints: Vec<usize>,
}

/// Why a session could not be started or restored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionError {
    /// A setup line of the exercise failed (an authoring mistake).
    Setup { line: String, message: String },
    /// Not a saved session (bad JSON, missing or unknown fields, impossible values).
    Malformed(String),
    /// Written in another format version.
    Format { found: u64, expected: u32 },
    /// Saved for another exercise.
    OtherExercise { found: String, expected: String },
    /// The exercise's setup or files changed since the session was saved.
    ExerciseChanged,
    /// Replaying did not reach the saved times (the log was edited, or the simulator changed).
    Diverged(String),
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionError::Setup { line, message } => {
                write!(f, "setup line `{line}` failed: {}", message.trim_end())
            }
            SessionError::Malformed(why) => write!(f, "not a saved session: {why}"),
            SessionError::Format { found, expected } => {
                write!(f, "the saved session has format version {found}; this version reads {expected}")
            }
            SessionError::OtherExercise { found, expected } => {
                write!(f, "the saved session belongs to exercise {found}, not {expected}")
            }
            SessionError::ExerciseChanged => {
                f.write_str("the exercise's setup or files changed since the session was saved")
            }
            SessionError::Diverged(why) => write!(f, "the saved session does not replay: {why}"),
        }
    }
}

impl std::error::Error for SessionError {}

/// The address the student's browser appears to come from (TEST-NET-3, never a real host).
pub const BROWSER_IP: &str = "203.0.113.10";

impl SavedSession {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parses a saved session. A different `format` is reported as such, before the rest of the
    /// document is looked at (another version may have other fields).
    pub fn from_json(json: &str) -> Result<SavedSession, SessionError> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| SessionError::Malformed(e.to_string()))?;
        let format = value
            .get("format")
            .ok_or_else(|| SessionError::Malformed("no `format` field".into()))?
            .as_u64()
            .ok_or_else(|| SessionError::Malformed("`format` is not a whole number".into()))?;
        if format != u64::from(SAVE_FORMAT) {
            return Err(SessionError::Format { found: format, expected: SAVE_FORMAT });
        }
        serde_json::from_value(value).map_err(|e| SessionError::Malformed(e.to_string()))
    }
}

/// The exercise's folder as `kubectl -f` sees it: its files (shared with the session, which
/// may write new versions), listed by `.` and readable as `name` or `./name`.
///
/// With an `outer` file system (the terminal's working directory, [`Session::with_outer_files`]),
/// a path the outer one can read wins, and the folder's copy serves what it cannot; `.` lists
/// both. The outer one is consulted only once setup is done (`outer` is `None` until then), so
/// setup always reads the exercise's own copies.
struct FolderFiles {
    files: Rc<RefCell<BTreeMap<String, String>>>,
    outer: Rc<RefCell<Option<Box<dyn Files>>>>,
}

impl FolderFiles {
    /// The folder's own answer.
    fn read_own(&self, path: &str) -> Result<FileEntry, String> {
        match folder_name(path) {
            Some("") => Ok(FileEntry::Dir(self.files.borrow().keys().cloned().collect())),
            Some(name) => match self.files.borrow().get(name) {
                Some(contents) => Ok(FileEntry::File(contents.clone())),
                None => Err(format!("the path \"{path}\" does not exist")),
            },
            None => Err(format!("the path \"{path}\" does not exist")),
        }
    }
}

/// `path` relative to the folder with any `./` removed: `""` for the folder itself (`.`, `./`),
/// `Some(name)` for a plain name, `None` for the empty path.
fn folder_name(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let mut rest = path;
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    if rest == "." {
        rest = "";
    }
    Some(rest)
}

impl Files for FolderFiles {
    fn read(&self, path: &str) -> Result<FileEntry, String> {
        let own = self.read_own(path);
        let outer = self.outer.borrow();
        let Some(outer) = outer.as_ref() else { return own };
        match (outer.read(path), own) {
            // `-f .` applies the real files and the exercise's copies alike.
            (Ok(FileEntry::Dir(mut names)), Ok(FileEntry::Dir(more))) if folder_name(path) == Some("") => {
                names.extend(more);
                kubelab_sim::sort::natural(&mut names);
                names.dedup();
                Ok(FileEntry::Dir(names))
            }
            (Ok(entry), _) => Ok(entry),
            (Err(_), own @ Ok(_)) => own,
            (Err(error), Err(_)) => Err(error),
        }
    }
}

/// One student's run of one exercise.
pub struct Session {
    exercise: Exercise,
    console: Console,
    files: Rc<RefCell<BTreeMap<String, String>>>,
    history: Vec<HistoryEntry>,
    log: Vec<LogEntry>,
    progress: Progress,
    started: SimTime,
    last_met: Vec<String>,
}

impl Session {
    /// Starts the exercise: a console with its profile and seed, serving its files, with its
    /// setup lines run. The progress is updated once (nothing should be met yet).
    pub fn new(exercise: Exercise) -> Result<Session, SessionError> {
        Session::start(exercise, None)
    }

    /// [`Session::new`] in a real working directory (the terminal's `kubelab --exercise`): once
    /// setup is done, `kubectl -f` reads a path from `outer` when it can, and the exercise's copy
    /// otherwise, so a real file wins over the exercise's file of the same name; `-f .` lists
    /// both. Setup reads only the exercise's copies. Reads from `outer` are not in the replay
    /// log, so such a session restores only while the real files stay the same.
    pub fn with_outer_files(exercise: Exercise, outer: Box<dyn Files>) -> Result<Session, SessionError> {
        Session::start(exercise, Some(outer))
    }

    fn start(exercise: Exercise, outer: Option<Box<dyn Files>>) -> Result<Session, SessionError> {
        let files: BTreeMap<String, String> =
            exercise.files.iter().map(|f| (f.name.clone(), f.contents.clone())).collect();
        let files = Rc::new(RefCell::new(files));
        let outer_slot = Rc::new(RefCell::new(None));
        let mut config = exercise.profile.cluster_config(exercise.seed);
        config.metrics_server = exercise.addons.iter().any(|a| a == "metrics-server");
        config.argo_rollouts = exercise.addons.iter().any(|a| a == "argo-rollouts");
        config.argocd = exercise.addons.iter().any(|a| a == "argocd");
        let folder = FolderFiles { files: files.clone(), outer: outer_slot.clone() };
        if let Some(cluster) = &exercise.cluster {
            // The exercise's own cluster (`cluster: cloud` or its node groups), with its addons.
            let (metrics_server, argo_rollouts, argocd) = (config.metrics_server, config.argo_rollouts, config.argocd);
            config = cluster.clone();
            config.metrics_server |= metrics_server;
            config.argo_rollouts |= argo_rollouts;
            config.argocd |= argocd;
        }
        let mut console = Console::with_cluster(exercise.profile, config, Box::new(folder));
        for image in &exercise.images {
            // Validated when the exercise was loaded.
            if let Err(message) = console.cluster_mut().register_image(image.clone()) {
                return Err(SessionError::Setup { line: format!("images: {}", image.repository), message });
            }
        }
        if let Err(message) = console.seed_repos(&exercise.repos) {
            return Err(SessionError::Setup { line: "repos:".into(), message });
        }
        for line in &exercise.setup {
            let out = console.run(line);
            if out.exit_code != 0 {
                return Err(SessionError::Setup { line: line.clone(), message: out.stderr });
            }
        }
        *outer_slot.borrow_mut() = outer;
        let started = console.cluster().now();
        let progress = Progress::new(&exercise);
        let mut session = Session {
            exercise,
            console,
            files,
            history: Vec::new(),
            log: Vec::new(),
            progress,
            started,
            last_met: Vec::new(),
        };
        session.update();
        Ok(session)
    }

    fn update(&mut self) -> Vec<String> {
        let newly = self.progress.update(&self.exercise, self.console.cluster(), &self.history);
        self.last_met = newly.clone();
        newly
    }

    /// Runs one console input (a command line, possibly with a here-document), records it in
    /// the history and the replay log, and updates the progress. Blank inputs, and inputs the
    /// console refuses as too long, are not recorded.
    pub fn run(&mut self, input: &str) -> Output {
        let at = self.console.cluster().now();
        let out = match self.answer_choice(input) {
            Some(out) => out,
            None => self.console.run(input),
        };
        if input.trim().is_empty() || input.len() > MAX_INPUT {
            self.last_met.clear();
            return out;
        }
        self.history.push(HistoryEntry { line: input.to_string(), exit_code: out.exit_code, at });
        self.log.push(LogEntry::Input { at, line: input.to_string() });
        self.update();
        out
    }

    /// Hands the text saved in `kubectl edit`'s editor to the console
    /// ([`Console::finish_edit`]), records it in the replay log and updates the progress.
    pub fn finish_edit(&mut self, saved: &str) -> Output {
        let at = self.console.cluster().now();
        let out = self.console.finish_edit(saved);
        self.log.push(LogEntry::EditSaved { at, text: saved.to_string() });
        self.update();
        out
    }

    /// The student's browser, outside the cluster, fetches `url` (e.g. `http://<node IP>:<nodePort>/`):
    /// through the node port, kube-proxy and a ready pod, like `curl` from a laptop. Recorded in
    /// the replay log.
    pub fn visit(&mut self, url: &str) -> kubelab_sim::network::HttpOutcome {
        let at = self.console.cluster().now();
        let client = kubelab_sim::network::Client {
            namespace: "default",
            ip: BROWSER_IP,
            user_agent: "Mozilla/5.0 (X11; Linux x86_64) Kubelab",
        };
        let outcome = kubelab_sim::network::http_get_from_outside(self.console.cluster_mut(), &client, url);
        self.log.push(LogEntry::Visit { at, url: url.to_string() });
        outcome
    }

    /// Changes the traffic (see [`TrafficChange`]); an invalid client is refused with the
    /// reason and changes nothing.
    pub fn change_traffic(&mut self, change: TrafficChange) -> Result<(), String> {
        let at = self.console.cluster().now();
        let cluster = self.console.cluster_mut();
        match &change {
            TrafficChange::SetClient(spec) => kubelab_sim::traffic::set_client(cluster, spec)?,
            TrafficChange::RemoveClient(name) => {
                if !kubelab_sim::traffic::remove_client(cluster, name) {
                    return Err(format!("no client {name:?}"));
                }
            }
            TrafficChange::ProxyMode(mode) => kubelab_sim::traffic::set_proxy_mode(cluster, *mode),
        }
        self.log.push(LogEntry::Traffic { at, change });
        Ok(())
    }

    /// Advances the simulated clock `seconds` seconds, updating the progress after each second
    /// that is stepped and after each run of idle seconds the cluster skips (`Cluster::advance`:
    /// nothing changes in those, so the goals are the same as if looked at every second).
    /// Returns the goals met meanwhile.
    pub fn step_clock(&mut self, seconds: u64) -> Vec<String> {
        let mut newly = Vec::new();
        let end = self.now() + SimDuration::from_secs(seconds);
        while self.now() < end {
            self.console.cluster_mut().advance(end);
            newly.extend(self.update());
        }
        self.last_met = newly.clone();
        newly
    }

    /// Writes a file into the exercise's folder (a new one, or a new version of a listed one),
    /// for later `kubectl apply -f`. Recorded in the replay log.
    pub fn set_file(&mut self, name: &str, contents: &str) -> Result<(), String> {
        validate_file_name(name)?;
        if contents.len() > MAX_FILE_BYTES {
            return Err(format!(
                "the file \"{name}\" is too large ({} bytes; at most {MAX_FILE_BYTES})",
                contents.len()
            ));
        }
        let at = self.console.cluster().now();
        self.files.borrow_mut().insert(name.to_string(), contents.to_string());
        self.log.push(LogEntry::File { at, name: name.to_string(), contents: contents.to_string() });
        Ok(())
    }

    /// The files in the exercise's folder, as `(name, contents)`, sorted by name.
    pub fn files(&self) -> Vec<(String, String)> {
        self.files.borrow().iter().map(|(n, c)| (n.clone(), c.clone())).collect()
    }

    /// Reveals the next hint of `step` and returns its text (`None` when none is left).
    pub fn reveal_hint(&mut self, step: usize) -> Option<&str> {
        let idx = self.progress.reveal_hint(&self.exercise, step)?;
        self.exercise.steps.get(step).and_then(|s| s.hints.get(idx)).map(String::as_str)
    }

    /// The hints of `step` revealed so far.
    pub fn revealed_hints(&self, step: usize) -> &[String] {
        match self.exercise.steps.get(step) {
            Some(s) => &s.hints[..self.progress.hints_revealed(step).min(s.hints.len())],
            None => &[],
        }
    }

    /// The goals of `step`, met or not, each with its explanation.
    pub fn goal_statuses(&self, step: usize) -> Vec<GoalStatus> {
        self.progress.goal_statuses(&self.exercise, self.console.cluster(), &self.history, step)
    }

    pub fn exercise(&self) -> &Exercise {
        &self.exercise
    }
    pub fn console(&self) -> &Console {
        &self.console
    }
    /// The console, for callers that must run something outside the student's history (a
    /// read-only query for a view). Anything run here is **not** in the replay log: a command
    /// that changes the cluster or moves the clock (even `kubectl get -w` or `rollout status`)
    /// makes a later [`Session::restore`] differ. Prefer [`Session::run`].
    pub fn console_mut(&mut self) -> &mut Console {
        &mut self.console
    }
    pub fn cluster(&self) -> &Cluster {
        self.console.cluster()
    }
    pub fn progress(&self) -> &Progress {
        &self.progress
    }
    pub fn history(&self) -> &[HistoryEntry] {
        &self.history
    }
    /// Every input and file write, with its time.
    pub fn log(&self) -> &[LogEntry] {
        &self.log
    }
    /// The simulated time now.
    pub fn now(&self) -> SimTime {
        self.console.cluster().now()
    }
    /// The simulated time when setup had finished and the student started.
    pub fn started(&self) -> SimTime {
        self.started
    }
    /// Goals met by the latest `run` or `step_clock`.
    pub fn last_met(&self) -> &[String] {
        &self.last_met
    }

    /// The session as a replay log.
    pub fn save(&self) -> SavedSession {
        SavedSession {
            format: SAVE_FORMAT,
            exercise: self.exercise.id.clone(),
            fingerprint: self.exercise.fingerprint(),
            log: self.log.clone(),
            now: self.now(),
            hints: self.progress.hint_counts().to_vec(),
        }
    }

    /// Rebuilds a saved session by replaying its whole log (see [`Restoring`] for a restore
    /// from a snapshot, or one done in slices). Refuses, with an error and never a panic, a
    /// session from another exercise or format version, one whose exercise changed, and one
    /// that is malformed or does not replay to its saved times.
    pub fn restore(exercise: Exercise, saved: &SavedSession) -> Result<Session, SessionError> {
        Restoring::start(exercise, saved, None)?.finish()
    }

    /// [`Session::restore`] up to the moment `until` (a share link's `at`): the entries logged at
    /// or before it are replayed, then the clock runs on to `until` (or stays where the last
    /// input left it, when that input — a `sleep`, a `rollout status` — ran past it). An
    /// `until` after the saved `now` is the saved `now`.
    pub fn restore_until(exercise: Exercise, saved: &SavedSession, until: SimTime) -> Result<Session, SessionError> {
        let mut restoring = Restoring::start(exercise, saved, None)?;
        restoring.stop_at(until);
        restoring.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files_fs() -> FolderFiles {
        let mut m = BTreeMap::new();
        m.insert("web.yaml".to_string(), "kind: Pod\n".to_string());
        m.insert("b.yaml".to_string(), "kind: Service\n".to_string());
        FolderFiles { files: Rc::new(RefCell::new(m)), outer: Rc::new(RefCell::new(None)) }
    }

    #[test]
    fn folder_files_serve_names_dot_slash_and_the_folder() {
        let fs = files_fs();
        assert!(matches!(fs.read("web.yaml"), Ok(FileEntry::File(c)) if c == "kind: Pod\n"));
        assert!(matches!(fs.read("./web.yaml"), Ok(FileEntry::File(_))));
        assert!(matches!(fs.read("."), Ok(FileEntry::Dir(n)) if n == ["b.yaml", "web.yaml"]));
        assert!(matches!(fs.read("./"), Ok(FileEntry::Dir(_))));
        assert_eq!(fs.read("nope.yaml").err().as_deref(), Some("the path \"nope.yaml\" does not exist"));
        assert!(fs.read("").is_err());
        assert!(fs.read("/etc/passwd").is_err());
    }

    /// An outer file system holding `web.yaml` (another version) and `mine.yaml`.
    struct Outer;

    impl Files for Outer {
        fn read(&self, path: &str) -> Result<FileEntry, String> {
            match path {
                "web.yaml" | "./web.yaml" => Ok(FileEntry::File("kind: Deployment\n".into())),
                "mine.yaml" => Ok(FileEntry::File("kind: ConfigMap\n".into())),
                "." => Ok(FileEntry::Dir(vec!["mine.yaml".into(), "notes.txt".into(), "web.yaml".into()])),
                _ => Err(format!("the path \"{path}\" does not exist on disk")),
            }
        }
    }

    #[test]
    fn outer_files_win_over_the_folder_and_the_folder_fills_in() {
        let fs = files_fs();
        *fs.outer.borrow_mut() = Some(Box::new(Outer));
        assert!(matches!(fs.read("web.yaml"), Ok(FileEntry::File(c)) if c == "kind: Deployment\n"));
        assert!(matches!(fs.read("./web.yaml"), Ok(FileEntry::File(c)) if c == "kind: Deployment\n"));
        assert!(matches!(fs.read("mine.yaml"), Ok(FileEntry::File(c)) if c == "kind: ConfigMap\n"));
        assert!(matches!(fs.read("./b.yaml"), Ok(FileEntry::File(c)) if c == "kind: Service\n"));
        assert!(matches!(fs.read("."), Ok(FileEntry::Dir(n)) if n == ["b.yaml", "mine.yaml", "notes.txt", "web.yaml"]));
        assert_eq!(fs.read("gone.yaml").err().as_deref(), Some("the path \"gone.yaml\" does not exist on disk"));
    }

    #[test]
    fn setup_reads_the_exercises_own_copy_and_the_student_the_outer_one() {
        let yaml =
            "id: o\ntitle: O\nprofile: current\nfiles: [web.yaml]\nsetup: [kubectl apply -f web.yaml]\nsteps: []\n";
        let own = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: own\n";
        let exercise = Exercise::load(yaml, &[("web.yaml", own)]).expect("exercise");
        struct Disk;
        impl Files for Disk {
            fn read(&self, path: &str) -> Result<FileEntry, String> {
                match path {
                    "web.yaml" => {
                        Ok(FileEntry::File("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: disk\n".into()))
                    }
                    _ => Err(format!("the path \"{path}\" does not exist")),
                }
            }
        }
        let mut s = Session::with_outer_files(exercise, Box::new(Disk)).expect("setup used the exercise's copy");
        let out = s.run("kubectl apply -f web.yaml");
        assert_eq!(out.stdout, "configmap/disk created\n", "{}", out.stderr);
        assert!(s.cluster().get(kubelab_sim::Kind::ConfigMap, "default", "own").is_some());
    }

    #[test]
    fn a_kubectl_edit_is_saved_and_restored() {
        let yaml =
            "id: e\ntitle: E\nprofile: current\nsetup: [kubectl create deployment web --image=nginx:1.25]\nsteps: []\n";
        let exercise = || Exercise::load(yaml, &[]).expect("exercise");
        let mut s = Session::new(exercise()).expect("setup");
        let req = s.run("kubectl edit deploy web").edit.expect("the editor opens");
        let out = s.finish_edit(&req.text.replace("nginx:1.25", "nginx:1.26"));
        assert_eq!(out.stdout, "deployment.apps/web edited\n", "{}", out.stderr);
        let image = |s: &Session| {
            let d = s.cluster().get(kubelab_sim::Kind::Deployment, "default", "web").and_then(|o| o.as_deployment());
            d.map(|d| d.spec.template.spec.containers[0].image.clone())
        };
        let restored = Session::restore(exercise(), &s.save()).expect("restores");
        assert_eq!(image(&restored).as_deref(), Some("nginx:1.26"));
        assert_eq!(restored.cluster().objects().count(), s.cluster().objects().count());
    }

    #[test]
    fn from_json_reports_format_before_fields() {
        let old = r#"{"format": 0, "whatever": true}"#;
        assert_eq!(SavedSession::from_json(old), Err(SessionError::Format { found: 0, expected: SAVE_FORMAT }));
        assert!(matches!(SavedSession::from_json("{"), Err(SessionError::Malformed(_))));
        assert!(matches!(SavedSession::from_json("[]"), Err(SessionError::Malformed(_))));
        assert!(matches!(SavedSession::from_json(r#"{"format": "1"}"#), Err(SessionError::Malformed(_))));
        let unknown = r#"{"format": 1, "exercise": "x", "fingerprint": "0", "log": [], "now": 0, "extra": 1}"#;
        assert!(matches!(SavedSession::from_json(unknown), Err(SessionError::Malformed(_))));
        let fine = r#"{"format": 1, "exercise": "x", "fingerprint": "0", "log": [{"input": {"at": 5000, "line": "kubectl get po"}}], "now": 6000}"#;
        let saved = SavedSession::from_json(fine).expect("valid");
        assert_eq!(saved.log[0], LogEntry::Input { at: SimTime(5000), line: "kubectl get po".into() });
        assert_eq!(SavedSession::from_json(&saved.to_json()), Ok(saved));
    }

    /// A session of an empty current-cluster exercise running `replicas` pods of
    /// `karthequian/helloworld:<tag>` behind NodePort Service `hello`, ready; and that Service's
    /// URL on node01.
    fn hello_behind_a_node_port(tag: &str, replicas: u32) -> (Exercise, Session, String) {
        let yaml = "id: hello\ntitle: Hello\nprofile: current\nsteps: []\n";
        let exercise = Exercise::load(yaml, &[]).expect("exercise");
        let mut s = Session::new(exercise.clone()).expect("session");
        s.run(&format!(
            "kubectl create deployment hello --image=karthequian/helloworld:{tag} --replicas={replicas} --port=80"
        ));
        s.run("kubectl expose deployment hello --type=NodePort --port=80");
        s.step_clock(20);
        let Some(kubelab_sim::Object::Service(svc)) = s.cluster().get(kubelab_sim::Kind::Service, "default", "hello")
        else {
            panic!("service")
        };
        let port = svc.spec.ports[0].node_port.expect("node port");
        let Some(kubelab_sim::Object::Node(node)) = s.cluster().get(kubelab_sim::Kind::Node, "", "node01") else {
            panic!("node")
        };
        let url = format!("http://{}:{port}/", node.internal_ip().expect("ip"));
        (exercise, s, url)
    }

    #[test]
    fn a_browser_visit_through_a_node_port_reaches_a_pod_and_replays_exactly() {
        let (exercise, mut s, url) = hello_behind_a_node_port("blue", 2);
        let first = s.visit(&url);
        let kubelab_sim::network::HttpOutcome::Answered { status, body, .. } = &first else { panic!("{first:?}") };
        assert_eq!(*status, 200);
        assert!(body.contains("blue"), "{body}");
        s.visit(&url);
        s.step_clock(3);
        let restored = Session::restore(exercise, &s.save()).expect("restore");
        assert_eq!(
            serde_json::to_string(restored.cluster()).expect("serialises"),
            serde_json::to_string(s.cluster()).expect("serialises")
        );
        assert!(matches!(
            s.visit("http://10.255.255.1:31999/"),
            kubelab_sim::network::HttpOutcome::TimedOut { .. } | kubelab_sim::network::HttpOutcome::Refused { .. }
        ));
    }

    #[test]
    fn traffic_changes_are_logged_and_replay_to_the_same_counters() {
        use kubelab_sim::traffic::{self, ClientSpec, ProxyMode};
        let (exercise, mut s, url) = hello_behind_a_node_port("black", 3);
        let spec = ClientSpec { name: "shop".into(), url, rate: 250, keep_alive: false };
        s.change_traffic(TrafficChange::SetClient(spec.clone())).expect("client");
        s.step_clock(5);
        assert_eq!(traffic::state(s.cluster()).last_sample().expect("sample").total().requests, 250);
        s.change_traffic(TrafficChange::ProxyMode(ProxyMode::Ipvs)).expect("mode");
        s.change_traffic(TrafficChange::SetClient(ClientSpec { rate: 90, ..spec })).expect("client");
        s.step_clock(3);
        s.run("kubectl set image deployment/hello helloworld=karthequian/helloworld:blue");
        s.step_clock(10);
        // Refused changes are not logged.
        let bad = ClientSpec { name: "x".into(), url: "http://hello/".into(), rate: 1, keep_alive: false };
        assert!(s.change_traffic(TrafficChange::SetClient(bad)).is_err());
        assert!(s.change_traffic(TrafficChange::RemoveClient("nobody".into())).is_err());
        assert_eq!(s.log().iter().filter(|e| matches!(e, LogEntry::Traffic { .. })).count(), 3);
        let saved = s.save();
        let restored =
            Session::restore(exercise, &SavedSession::from_json(&saved.to_json()).expect("json")).expect("restore");
        let per_pod = |c: &Cluster| -> Vec<(String, u64)> {
            traffic::state(c).pods().map(|p| (p.name.clone(), p.total.requests)).collect()
        };
        assert!(!per_pod(s.cluster()).is_empty());
        assert_eq!(per_pod(restored.cluster()), per_pod(s.cluster()));
        assert_eq!(
            serde_json::to_string(restored.cluster()).expect("serialises"),
            serde_json::to_string(s.cluster()).expect("serialises")
        );
    }
}
