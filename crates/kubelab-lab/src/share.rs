//! Sessions that travel: share links, exported session files and a state digest.
//!
//! A session is its replay log ([`SavedSession`]): the same exercise, seed and profile plus the
//! same inputs at the same simulated times give the same cluster on any machine. So a link
//! and an exported file carry the log, never the cluster, and [`digest`] (a hash of the
//! objects, events, traffic and progress) checks that two machines arrived at the same state.
//!
//! # Share links
//! The part after `#` of a link is a list of `key=value` pairs joined by `&`, in this order:
//!
//! | key       | value                                                                  |
//! |-----------|------------------------------------------------------------------------|
//! | `v`       | `1`, the format ([`LINK_VERSION`])                                     |
//! | `ex`      | the exercise's id (`ex4`)                                              |
//! | `profile` | the exercise's profile (`course`, `current`)                           |
//! | `seed`    | the exercise's seed                                                    |
//! | `fp`      | [`Exercise::fingerprint`], 16 hex digits                               |
//! | `log`     | the log: `{"now":…,"hints":[…],"log":[…]}`, compressed ([`codec`]), base64url |
//! | `at`      | optional: open at this simulated clock time, `HH:MM` or `HH:MM:SS`     |
//!
//! `profile`, `seed` and `fp` repeat what the exercise says so that a link made for another
//! version of the exercise is refused with a reason instead of replaying into something else.
//! `at=12:40` replays the log up to the first moment, counted from the session's start, at
//! which the simulated clock (the one the web app shows) reads 12:40:00; an input that started
//! by then is run whole (a `sleep 60` at 12:39:30 ends at 12:40:30). A moment after the end of
//! the session is refused.
//!
//! # Exported sessions
//! [`ExportedSession`] is a JSON file: the [`SavedSession`] under `session`, and, for people and
//! `kubelab grade`, the exercise, its seed and profile, the simulated clock when exported and
//! the [`digest`] of the state then. Reading one ([`read_session_file`]) also accepts a bare
//! [`SavedSession`]. Both are bounded ([`MAX_FILE_BYTES`], [`MAX_LOG_BYTES`]) and every defect
//! is an error naming it, never a panic.

pub mod codec;

use crate::builtin::BUILTIN;
use crate::exercise::Exercise;
use crate::session::{LogEntry, SavedSession, Session, SessionError, SAVE_FORMAT};
use kubelab_console::Profile;
use kubelab_sim::hash::Fnv64;
use kubelab_sim::{Cluster, SimTime};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The link format this crate writes and reads (`v=1`).
pub const LINK_VERSION: u32 = 1;
/// The exported-file format this crate writes and reads (`"kubelab_export": 1`).
pub const EXPORT_FORMAT: u32 = 1;
/// Longest fragment read (characters).
pub const MAX_LINK_CHARS: usize = 4 << 20;
/// Largest log a link may decompress to (a zip bomb is refused at this size).
pub const MAX_LOG_BYTES: usize = 16 << 20;
/// Largest session file read.
pub const MAX_FILE_BYTES: usize = 32 << 20;

/// Why a link or a session file cannot be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Not a share link: a missing, unknown or malformed field.
    NotALink(String),
    /// Not a session file.
    NotAFile(String),
    /// A link or file of another format version.
    Version(String),
    /// No shipped exercise has this id.
    UnknownExercise(String),
    /// The link or file was made for another version of the exercise.
    Mismatch(String),
    /// The `at` moment is not in the session.
    Moment(String),
    /// Too large to read.
    TooLarge(String),
    /// The log itself is refused or does not replay.
    Session(SessionError),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::NotALink(why) => write!(f, "not a Kubelab session link: {why}"),
            ShareError::NotAFile(why) => write!(f, "not a Kubelab session file: {why}"),
            ShareError::Version(why) => f.write_str(why),
            ShareError::UnknownExercise(id) => write!(f, "unknown exercise \"{id}\" (not shipped with this version)"),
            ShareError::Mismatch(why) => write!(f, "made for another version of the exercise: {why}"),
            ShareError::Moment(why) => f.write_str(why),
            ShareError::TooLarge(why) => write!(f, "too large: {why}"),
            ShareError::Session(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ShareError {}

impl From<SessionError> for ShareError {
    fn from(e: SessionError) -> ShareError {
        ShareError::Session(e)
    }
}

/// A time of day on the simulated clock, as the web app shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockTime {
    /// Seconds after midnight (< 86,400).
    pub secs: u32,
}

impl ClockTime {
    /// `HH:MM` or `HH:MM:SS` (24-hour, two digits each).
    pub fn parse(text: &str) -> Result<ClockTime, ShareError> {
        let bad = || ShareError::Moment(format!("the moment \"{text}\" is not HH:MM or HH:MM:SS"));
        let parts: Vec<&str> = text.split(':').collect();
        if !(2..=3).contains(&parts.len())
            || parts.iter().any(|p| p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(bad());
        }
        let num = |i: usize| parts.get(i).map_or(Ok(0), |p| p.parse::<u32>().map_err(|_| bad()));
        let (h, m, s) = (num(0)?, num(1)?, num(2)?);
        if h > 23 || m > 59 || s > 59 {
            return Err(bad());
        }
        Ok(ClockTime { secs: h * 3600 + m * 60 + s })
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}:{:02}", self.secs / 3600, (self.secs / 60) % 60, self.secs % 60)
    }
}

/// The simulated clock at `t`, as the web app shows it.
pub fn clock_at(cluster: &Cluster, t: SimTime) -> ClockTime {
    ClockTime { secs: cluster.unix_secs(t).rem_euclid(86_400) as u32 }
}

/// `2m05s`, `1h02m03s`: a span of whole seconds.
pub fn span_text(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m{s:02}s"),
        _ => format!("{h}h{m:02}m{s:02}s"),
    }
}

/// Hashes `v` (as JSON text, or nothing when it failed) and a line break into `h`.
fn write_value(h: &mut Fnv64, v: Result<serde_json::Value, serde_json::Error>) {
    h.write(v.map(|v| v.to_string()).unwrap_or_default().as_bytes());
    h.write(b"\n");
}

/// A hash of what a student can observe of the session's state (FNV-1a, 64 bits, 16 hex
/// digits): the clock, every API object in its wire form, the events, the traffic each pod
/// served, and the progress. Equal on two machines when they replayed to the same state.
///
/// Simplified: controllers' private memory (random streams' positions, queues, the chart's
/// samples) is not hashed, because serialising the whole cluster would add a second serialiser
/// of it to the `.wasm` (about 40 KB gzipped); the objects go through the `serde_json::Value`
/// form the console's `-o yaml` already uses. Tests compare the whole serialised cluster with
/// [`hash_hex`] where size does not matter.
pub fn digest(session: &Session) -> String {
    let cluster = session.cluster();
    let mut h = Fnv64::new();
    h.write(&cluster.now().as_millis().to_le_bytes());
    for object in cluster.objects() {
        write_value(&mut h, Ok(object.to_json()));
    }
    for event in cluster.events() {
        write_value(&mut h, serde_json::to_value(event));
    }
    for pod in kubelab_sim::traffic::state(cluster).pods() {
        h.write(pod.namespace.as_bytes());
        h.write(pod.name.as_bytes());
        write_value(&mut h, serde_json::to_value(pod.total));
    }
    write_value(&mut h, serde_json::to_value(session.progress()));
    h.hex()
}

/// FNV-1a (64 bits, 16 hex digits) of `bytes`: for tests that hash a whole serialised cluster.
pub fn hash_hex(bytes: &[u8]) -> String {
    let mut h = Fnv64::new();
    h.write(bytes);
    h.hex()
}

/// What a link's `log` field holds.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkBody {
    now: SimTime,
    #[serde(default)]
    hints: Vec<usize>,
    log: Vec<LogEntry>,
}

/// A decoded share link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub exercise: String,
    pub profile: Profile,
    pub seed: u64,
    pub saved: SavedSession,
    pub at: Option<ClockTime>,
}

/// The fragment (without `#`) of a link to `session`, optionally opening at `at`.
pub fn link_fragment(session: &Session, at: Option<ClockTime>) -> String {
    let saved = session.save();
    let body = LinkBody { now: saved.now, hints: saved.hints, log: saved.log };
    let json = serde_json::to_string(&body).unwrap_or_default();
    let ex = session.exercise();
    let mut out = format!(
        "v={LINK_VERSION}&ex={}&profile={}&seed={}&fp={}&log={}",
        ex.id,
        ex.profile.name(),
        ex.seed,
        saved.fingerprint,
        codec::base64url(&codec::compress(json.as_bytes()))
    );
    if let Some(at) = at {
        out.push_str(&format!("&at={at}"));
    }
    out
}

fn plain_word(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 100
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Decodes a link, a fragment, or a fragment with its `#`.
pub fn parse_link(text: &str) -> Result<Link, ShareError> {
    let not = |why: String| ShareError::NotALink(why);
    if text.len() > MAX_LINK_CHARS {
        return Err(ShareError::TooLarge(format!("a link of {} characters (at most {MAX_LINK_CHARS})", text.len())));
    }
    let fragment = text.trim();
    let fragment = fragment.split_once('#').map_or(fragment, |(_, f)| f);
    let mut fields: [Option<&str>; 7] = [None; 7];
    const KEYS: [&str; 7] = ["v", "ex", "profile", "seed", "fp", "log", "at"];
    for pair in fragment.split('&') {
        let (key, value) = pair.split_once('=').ok_or_else(|| not(format!("\"{}\" is not key=value", cut(pair))))?;
        let i = KEYS.iter().position(|k| *k == key).ok_or_else(|| not(format!("unknown field \"{}\"", cut(key))))?;
        if fields[i].replace(value).is_some() {
            return Err(not(format!("the field \"{key}\" appears twice")));
        }
    }
    let field = |i: usize| fields[i].ok_or_else(|| not(format!("no \"{}\" field", KEYS[i])));
    let version = field(0)?;
    if version != LINK_VERSION.to_string() {
        return Err(ShareError::Version(format!(
            "the link has format version {}; this version of Kubelab reads {LINK_VERSION}",
            cut(version)
        )));
    }
    let exercise = field(1)?;
    if !plain_word(exercise) {
        return Err(not("the exercise id is not a plain name".into()));
    }
    let profile: Profile = field(2)?.parse().map_err(|e: kubelab_console::UnknownProfile| not(e.to_string()))?;
    let seed: u64 = field(3)?.parse().map_err(|_| not("the seed is not a whole number".into()))?;
    let fingerprint = field(4)?;
    if fingerprint.len() != 16 || !fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(not("the fingerprint is not 16 hex digits".into()));
    }
    let packed = codec::from_base64url(field(5)?).map_err(|e| not(format!("log: {e}")))?;
    let json = codec::decompress(&packed, MAX_LOG_BYTES).map_err(|e| match e {
        codec::DecodeError::TooLarge(_) => ShareError::TooLarge(format!("the log is over {MAX_LOG_BYTES} bytes")),
        e => not(format!("log: {e}")),
    })?;
    // Through `serde_json::Value`, as `SavedSession::from_json` reads: one deserialiser of the
    // log's types in the `.wasm`, not two.
    let value: serde_json::Value = serde_json::from_slice(&json).map_err(|e| not(format!("log: {e}")))?;
    let body: LinkBody = serde_json::from_value(value).map_err(|e| not(format!("log: {e}")))?;
    let at = fields[6].map(ClockTime::parse).transpose()?;
    Ok(Link {
        exercise: exercise.to_string(),
        profile,
        seed,
        saved: SavedSession {
            format: SAVE_FORMAT,
            exercise: exercise.to_string(),
            fingerprint: fingerprint.to_ascii_lowercase(),
            log: body.log,
            now: body.now,
            hints: body.hints,
        },
        at,
    })
}

/// At most 40 characters of a user's text, for an error message.
fn cut(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// The shipped exercise `id`, loaded.
pub fn shipped_exercise(id: &str) -> Result<Exercise, ShareError> {
    let builtin = BUILTIN.iter().find(|b| b.id == id).ok_or_else(|| ShareError::UnknownExercise(cut(id)))?;
    builtin.load().map_err(|e| ShareError::UnknownExercise(format!("{id}: {e}")))
}

impl Link {
    /// The session the link names, replayed (up to `at`, when it names a moment), of the
    /// shipped exercise it names.
    pub fn open(&self) -> Result<Session, ShareError> {
        self.open_with(shipped_exercise(&self.exercise)?)
    }

    /// [`Link::open`] with the exercise given.
    pub fn open_with(&self, exercise: Exercise) -> Result<Session, ShareError> {
        if exercise.profile != self.profile || exercise.seed != self.seed {
            return Err(ShareError::Mismatch(format!(
                "the link says profile {} and seed {}; the exercise has profile {} and seed {}",
                self.profile.name(),
                self.seed,
                exercise.profile.name(),
                exercise.seed
            )));
        }
        if self.saved.fingerprint != exercise.fingerprint() {
            return Err(ShareError::Session(SessionError::ExerciseChanged));
        }
        let Some(at) = self.at else { return Ok(Session::restore(exercise, &self.saved)?) };
        let fresh = Session::new(exercise.clone())?;
        let start = fresh.started();
        let from = clock_at(fresh.cluster(), start);
        let delta = (i64::from(at.secs) - i64::from(from.secs)).rem_euclid(86_400) as u64;
        let until = SimTime(start.as_millis() - start.as_millis() % 1000 + delta * 1000);
        if until > self.saved.now {
            let end = clock_at(fresh.cluster(), self.saved.now);
            return Err(ShareError::Moment(format!(
                "the session runs from {from} to {end} (simulated); {at} is not in it"
            )));
        }
        Ok(Session::restore_until(exercise, &self.saved, until.max(start))?)
    }
}

/// A session as exported to a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportedSession {
    /// [`EXPORT_FORMAT`].
    pub kubelab_export: u32,
    pub exercise: String,
    /// The exercise's title.
    pub title: String,
    pub profile: String,
    pub seed: u64,
    /// The simulated clock when exported (`HH:MM:SS`).
    pub simulated: String,
    /// Simulated seconds since the session started.
    pub elapsed_secs: u64,
    /// [`digest`] of the state when exported.
    pub digest: String,
    pub session: SavedSession,
}

/// `session` as an [`ExportedSession`].
pub fn export(session: &Session) -> ExportedSession {
    let ex = session.exercise();
    ExportedSession {
        kubelab_export: EXPORT_FORMAT,
        exercise: ex.id.clone(),
        title: ex.title.clone(),
        profile: ex.profile.name().to_string(),
        seed: ex.seed,
        simulated: clock_at(session.cluster(), session.now()).to_string(),
        elapsed_secs: session.now().as_millis().saturating_sub(session.started().as_millis()) / 1000,
        digest: digest(session),
        session: session.save(),
    }
}

impl ExportedSession {
    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        // Pretty-printed as a `Value`: the pretty printer then serialises one type, not all of
        // the log's.
        let value = serde_json::to_value(self).unwrap_or_default();
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        text
    }

    /// A file name for it: `kubelab-<exercise>-<HH>h<MM>m<SS>s.json`.
    pub fn file_name(&self) -> String {
        format!("kubelab-{}-{}.json", self.exercise, self.simulated.replacen(':', "h", 1).replacen(':', "m", 1) + "s")
    }
}

/// What a session file held: the log, and the digest it was exported with (none for a bare
/// [`SavedSession`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub saved: SavedSession,
    pub digest: Option<String>,
}

/// Reads an exported session (or a bare [`SavedSession`]) from a file's bytes.
pub fn read_session_file(bytes: &[u8]) -> Result<Imported, ShareError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ShareError::TooLarge(format!("{} bytes (at most {MAX_FILE_BYTES})", bytes.len())));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ShareError::NotAFile("not UTF-8 text".into()))?;
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ShareError::NotAFile(format!("not JSON ({e})")))?;
    let Some(object) = value.as_object() else {
        return Err(ShareError::NotAFile("not a JSON object".into()));
    };
    if object.contains_key("format") && !object.contains_key("kubelab_export") {
        let saved = SavedSession::from_json(text)?;
        return Ok(Imported { saved, digest: None });
    }
    match object.get("kubelab_export").map(serde_json::Value::as_u64) {
        None => return Err(ShareError::NotAFile("no \"kubelab_export\" field".into())),
        Some(Some(v)) if v == u64::from(EXPORT_FORMAT) => {}
        Some(Some(v)) => {
            return Err(ShareError::Version(format!(
                "the file has export format {v}; this version of Kubelab reads {EXPORT_FORMAT}"
            )))
        }
        Some(None) => return Err(ShareError::NotAFile("\"kubelab_export\" is not a whole number".into())),
    }
    let exported: ExportedSession = serde_json::from_value(value).map_err(|e| ShareError::NotAFile(e.to_string()))?;
    if exported.exercise != exported.session.exercise {
        return Err(ShareError::NotAFile("the file's exercise and its session's differ".into()));
    }
    Ok(Imported { saved: exported.session, digest: Some(exported.digest) })
}

impl Imported {
    /// Replays it against the shipped exercise it names.
    pub fn open(&self) -> Result<Session, ShareError> {
        Ok(Session::restore(shipped_exercise(&self.saved.exercise)?, &self.saved)?)
    }
}

#[cfg(test)]
mod tests;
