//! Snapshots: a session's whole state as text, so that a reload restores it from the latest
//! snapshot plus the log entries after it instead of replaying the log from the start.
//!
//! # What is saved and what is recomputed
//! A snapshot is two lines: a small JSON header, then the JSON body.
//! - The header names the [`SNAPSHOT_FORMAT`], the build ([`build_id`]), the exercise and its
//!   fingerprint, how many log entries the snapshot covers and a digest of them, the simulated
//!   time, and the body's length and digest. Everything that decides whether the snapshot may be
//!   used is checked from the header before the body is parsed.
//! - The body holds what cannot be recomputed cheaply: the cluster (`Cluster` serialises all of
//!   its state: objects, events, each controller's memory, the random streams, the last hour of
//!   metrics and traffic series, which the simulator already keeps bounded), the console's own
//!   state ([`kubelab_console::ConsoleState`]: open shell, port-forwards, pending edit), the
//!   progress, the time setup ended, and the exit code of each input.
//! - Recomputed from the saved log instead of stored twice: the log itself (the snapshot covers
//!   its first `log_len` entries), the history (each input of the log with its exit code), and
//!   the exercise's folder (the exercise's files, then each file write of the log in order).
//!   Hints revealed come from the saved session, as without a snapshot.
//! - Compressed: the body's JSON repeats itself (the per-second metrics and traffic samples of
//!   the last hour, the objects' field names); `pack.rs` compresses it (LZ77) and writes the
//!   bytes as text that local storage keeps at 15 bits per UTF-16 unit.
//!
//! # Refusals
//! A snapshot is used only when its format and build are this ones, its exercise and
//! fingerprint match, it covers a prefix of the saved log (same digest), and its body is intact
//! (same length and digest) and consistent. Anything else is a [`SnapshotError`], and the caller
//! ([`super::Restoring`]) replays the log instead. The body digest is also what keeps a
//! corrupted snapshot from reaching the simulator: a snapshot is trusted as a cache of this
//! browser's own work, not as input from elsewhere (links and exported files carry the log).
//!
//! Simplified: the build's identity is this crate's version, the snapshot format and a digest of
//! a small reference run (a cluster with one deployment after 30 s, and its console), so a
//! change to the simulator's serialised shape, or to what that run does, refuses old snapshots;
//! a behaviour change elsewhere in the simulator does not.

use super::{pack, FolderFiles, LogEntry, SavedSession, Session};
use crate::exercise::Exercise;
use crate::progress::{HistoryEntry, Progress};
use kubelab_console::{Console, ConsoleConfig, ConsoleState, NoFiles};
use kubelab_sim::hash::Fnv64;
use kubelab_sim::{Cluster, SimTime};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;
use std::sync::OnceLock;

/// The version of the snapshot format this crate writes and reads.
pub const SNAPSHOT_FORMAT: u32 = 1;

/// The largest body a snapshot may unpack to (256 MiB).
const MAX_PLAIN_LEN: usize = 256 << 20;

/// Why a snapshot was not used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SnapshotError {
    /// Not a snapshot, or a damaged one.
    Malformed(String),
    /// Written in another format version.
    Format { found: u64, expected: u32 },
    /// Written by another build of the lab.
    OtherBuild,
    /// It belongs to another exercise or session, or to another version of this one's log.
    Mismatch(String),
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotError::Malformed(why) => write!(f, "the snapshot is damaged ({why})"),
            SnapshotError::Format { found, expected } => {
                write!(f, "the snapshot has format version {found}; this version reads {expected}")
            }
            SnapshotError::OtherBuild => f.write_str("the snapshot was written by another version of the lab"),
            SnapshotError::Mismatch(why) => write!(f, "the snapshot does not belong to this session ({why})"),
        }
    }
}

impl std::error::Error for SnapshotError {}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    format: u32,
    build: String,
    exercise: String,
    fingerprint: String,
    /// The log entries the snapshot includes (a prefix of the saved log).
    log_len: usize,
    log_digest: String,
    now: SimTime,
    body_len: usize,
    body_digest: String,
    /// The body's JSON length before compression (`pack.rs`).
    plain_len: usize,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    started: SimTime,
    /// The exit code of each input in the log, in order (the history's one fact not in the log).
    exit_codes: Vec<i32>,
    progress: Progress,
    console: ConsoleState,
    cluster: Cluster,
}

/// [`Body`] as written, borrowing the session's state.
#[derive(Serialize)]
struct BodyRef<'a> {
    started: SimTime,
    exit_codes: Vec<i32>,
    progress: &'a Progress,
    console: ConsoleState,
    cluster: &'a Cluster,
}

/// A snapshot read from text: its header checked for format and build, its body not parsed yet.
pub struct Snapshot<'a> {
    header: Header,
    body: &'a str,
}

fn digest(bytes: &[u8]) -> String {
    let mut h = Fnv64::new();
    h.write_prefixed(bytes);
    h.hex()
}

fn log_digest(log: &[LogEntry]) -> String {
    let mut h = Fnv64::new();
    for entry in log {
        h.write_prefixed(serde_json::to_string(entry).unwrap_or_default().as_bytes());
    }
    h.hex()
}

/// `value` as JSON text, through a `Value` (as the console prints objects), so that the `.wasm`
/// holds one encoder per type rather than two.
fn json_text<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_value(value).map(|v| v.to_string()).unwrap_or_default()
}

/// This build's identity as snapshots record it: the crate version, [`SNAPSHOT_FORMAT`] and a
/// digest of a reference run's serialised state (computed once).
pub fn build_id() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| {
        let config = ConsoleConfig { seed: 1, profile: kubelab_console::Profile::Current };
        let mut console = Console::new(config, Box::new(NoFiles));
        console.run("kubectl create deployment ref --image=nginx --replicas=2");
        console.run("sleep 30");
        let mut h = Fnv64::new();
        h.write_prefixed(json_text(console.cluster()).as_bytes());
        h.write_prefixed(json_text(&console.state()).as_bytes());
        format!("{}+{SNAPSHOT_FORMAT}+{}", env!("CARGO_PKG_VERSION"), h.hex())
    })
}

/// The snapshot of `session` (covering its first `log_len` log entries: all of them but in
/// tests).
pub(super) fn take(session: &Session, log_len: usize) -> String {
    let log = &session.log[..log_len.min(session.log.len())];
    let inputs = log.iter().filter(|e| matches!(e, LogEntry::Input { .. })).count();
    let body = BodyRef {
        started: session.started,
        exit_codes: session.history.iter().take(inputs).map(|h| h.exit_code).collect(),
        progress: &session.progress,
        console: session.console.state(),
        cluster: session.console.cluster(),
    };
    let plain = json_text(&body);
    let body = pack::to_text(&pack::compress(plain.as_bytes()));
    let header = Header {
        format: SNAPSHOT_FORMAT,
        build: build_id().to_string(),
        exercise: session.exercise.id.clone(),
        fingerprint: session.exercise.fingerprint(),
        log_len: log.len(),
        log_digest: log_digest(log),
        now: session.now(),
        body_len: body.len(),
        body_digest: digest(body.as_bytes()),
        plain_len: plain.len(),
    };
    let header = serde_json::to_string(&header).unwrap_or_default();
    format!("{header}\n{body}")
}

impl Session {
    /// The session's state as a snapshot (text; see the module doc of `session::snapshot`), for
    /// [`super::Restoring::start`] to restore from together with a later [`Session::save`].
    pub fn snapshot(&self) -> String {
        take(self, self.log.len())
    }
}

impl<'a> Snapshot<'a> {
    /// Reads a snapshot's header and checks its format and build.
    pub fn parse(text: &'a str) -> Result<Snapshot<'a>, SnapshotError> {
        let (head, body) = text.split_once('\n').ok_or_else(|| SnapshotError::Malformed("no header line".into()))?;
        let value: serde_json::Value =
            serde_json::from_str(head).map_err(|e| SnapshotError::Malformed(e.to_string()))?;
        let format = value
            .get("format")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| SnapshotError::Malformed("no format".into()))?;
        if format != u64::from(SNAPSHOT_FORMAT) {
            return Err(SnapshotError::Format { found: format, expected: SNAPSHOT_FORMAT });
        }
        let header: Header = serde_json::from_value(value).map_err(|e| SnapshotError::Malformed(e.to_string()))?;
        if header.build != build_id() {
            return Err(SnapshotError::OtherBuild);
        }
        Ok(Snapshot { header, body })
    }

    /// The simulated time the snapshot was taken at.
    pub fn now(&self) -> SimTime {
        self.header.now
    }

    /// The session as it was when the snapshot was taken, and the index of the first log entry
    /// of `saved` still to replay; checked against the exercise and the saved log first.
    pub(super) fn into_session(
        self,
        exercise: &Exercise,
        saved: &SavedSession,
    ) -> Result<(Session, usize), SnapshotError> {
        let h = &self.header;
        if h.exercise != exercise.id || h.fingerprint != exercise.fingerprint() {
            return Err(SnapshotError::Mismatch("another exercise, or the exercise changed".into()));
        }
        let Some(prefix) = saved.log.get(..h.log_len) else {
            return Err(SnapshotError::Mismatch("it covers more of the log than was saved".into()));
        };
        if log_digest(prefix) != h.log_digest {
            return Err(SnapshotError::Mismatch("the log differs".into()));
        }
        let after_last = prefix.last().is_none_or(|e| e.at() <= h.now);
        let before_next = saved.log.get(h.log_len).is_none_or(|e| h.now <= e.at());
        // A snapshot may be newer than the saved time when it covers the whole log (taken as the
        // page closed, after the log was last saved): the session then resumes at its time.
        let newer_ok = h.log_len == saved.log.len();
        if (h.now > saved.now && !newer_ok) || !after_last || !before_next {
            return Err(SnapshotError::Mismatch("its time does not fit the log".into()));
        }
        let log_len = h.log_len;
        let session = self.rebuild(exercise, prefix)?;
        Ok((session, log_len))
    }

    /// Parses the body (after checking its digest) and puts the session together.
    pub(super) fn rebuild(self, exercise: &Exercise, log: &[LogEntry]) -> Result<Session, SnapshotError> {
        let h = self.header;
        if self.body.len() != h.body_len || digest(self.body.as_bytes()) != h.body_digest {
            return Err(SnapshotError::Malformed("its body does not match its digest".into()));
        }
        if h.plain_len > MAX_PLAIN_LEN {
            return Err(SnapshotError::Malformed("its body is too large".into()));
        }
        let packed = pack::from_text(self.body).map_err(SnapshotError::Malformed)?;
        let plain = pack::decompress(&packed, h.plain_len).map_err(SnapshotError::Malformed)?;
        if plain.len() != h.plain_len {
            return Err(SnapshotError::Malformed("its body has another length than recorded".into()));
        }
        // Through a `Value`, as manifests are read: the objects' decoders are then the ones the
        // console already has (decoding straight from the text would add its own copy of each
        // to the `.wasm`).
        let malformed = |e: serde_json::Error| SnapshotError::Malformed(e.to_string());
        let value: serde_json::Value = serde_json::from_slice(&plain).map_err(malformed)?;
        let body: Body = serde_json::from_value(value).map_err(malformed)?;
        let inputs: Vec<(SimTime, &String)> = log
            .iter()
            .filter_map(|e| match e {
                LogEntry::Input { at, line } => Some((*at, line)),
                _ => None,
            })
            .collect();
        if body.exit_codes.len() != inputs.len() {
            return Err(SnapshotError::Malformed("exit codes do not match the log's inputs".into()));
        }
        if body.cluster.now() != h.now || body.started > h.now {
            return Err(SnapshotError::Malformed("its times disagree".into()));
        }
        if body.progress.exercise_id() != exercise.id || body.progress.current_step() > exercise.steps.len() {
            return Err(SnapshotError::Malformed("its progress is for another exercise".into()));
        }
        let history = inputs
            .iter()
            .zip(&body.exit_codes)
            .map(|((at, line), code)| HistoryEntry { line: (*line).clone(), exit_code: *code, at: *at })
            .collect();
        let mut files: BTreeMap<String, String> =
            exercise.files.iter().map(|f| (f.name.clone(), f.contents.clone())).collect();
        for entry in log {
            if let LogEntry::File { name, contents, .. } = entry {
                files.insert(name.clone(), contents.clone());
            }
        }
        let files = Rc::new(RefCell::new(files));
        let folder = FolderFiles { files: files.clone(), outer: Rc::new(RefCell::new(None)) };
        let console = Console::from_parts(exercise.profile, Box::new(folder), body.cluster, body.console);
        Ok(Session {
            exercise: exercise.clone(),
            console,
            files,
            history,
            log: log.to_vec(),
            progress: body.progress,
            started: body.started,
            last_met: Vec::new(),
        })
    }
}
