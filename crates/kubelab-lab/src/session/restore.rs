//! [`Restoring`]: a saved session being rebuilt, from its latest [`Snapshot`] (when one is
//! given and accepted) plus the log entries after it, or from the start by replaying the whole
//! log. The work can be done at once ([`Restoring::finish`]) or in slices of at most so many
//! simulated seconds ([`Restoring::work`]), so that a browser can show progress and stay
//! responsive between slices; the result does not depend on the slice sizes.

use super::snapshot::Snapshot;
use super::{
    LogEntry, SavedSession, Session, SessionError, MAX_FILE_BYTES, MAX_SAVED_ENTRIES, MAX_SAVED_SPAN, SAVE_FORMAT,
};
use crate::exercise::{validate_file_name, Exercise};
use kubelab_console::MAX_INPUT;
use kubelab_sim::SimTime;

/// A session on its way back: the session so far, the log entries still to apply and the time
/// to reach.
pub struct Restoring {
    session: Session,
    log: Vec<LogEntry>,
    /// The next entry of `log` to apply.
    next: usize,
    now: SimTime,
    hints: Vec<usize>,
    /// Where the replay started (the snapshot's time, or the end of setup).
    from: SimTime,
    /// Why the snapshot given was not used (`None`: none given, or it was used).
    refused: Option<String>,
    used_snapshot: bool,
    /// Set by `stop_at`: an input that ran past the end is no divergence.
    cut: bool,
}

impl Restoring {
    /// Checks `saved` and sets the restore up: from `snapshot` (the text
    /// [`Session::snapshot`] wrote) when it belongs to this build, this exercise and this log
    /// (taken at or before the saved time, or later if it covers the whole log: then the
    /// session resumes at the snapshot's time), from a fresh session otherwise ([`Restoring::snapshot_refused`] says why). Errors are those
    /// of [`Session::restore`]; a bad snapshot is never one of them.
    pub fn start(exercise: Exercise, saved: &SavedSession, snapshot: Option<&str>) -> Result<Restoring, SessionError> {
        check(&exercise, saved)?;
        let mut refused = None;
        let mut base = None;
        if let Some(text) = snapshot {
            match Snapshot::parse(text).and_then(|s| s.into_session(&exercise, saved)) {
                Ok(pair) => base = Some(pair),
                Err(why) => refused = Some(why.to_string()),
            }
        }
        let used_snapshot = base.is_some();
        let (session, next) = match base {
            Some(pair) => pair,
            None => (Session::new(exercise)?, 0),
        };
        let start = session.started;
        if saved.now < start || saved.now.since(start) > MAX_SAVED_SPAN {
            return Err(SessionError::Malformed(format!(
                "`now` {} ms is outside the session's time",
                saved.now.as_millis()
            )));
        }
        if saved.log.first().is_some_and(|e| e.at() < start) {
            return Err(SessionError::Malformed("the first log entry comes before the session started".into()));
        }
        let from = session.now();
        Ok(Restoring {
            session,
            log: saved.log.clone(),
            next,
            // A snapshot newer than the saved time (it covers the whole log) wins.
            now: saved.now.max(from),
            hints: saved.hints.clone(),
            from,
            refused,
            used_snapshot,
            cut: false,
        })
    }

    /// Replays only up to `until` ([`Session::restore_until`]): the entries logged after it are
    /// left out and the clock stops there, or where the last input left it if that is later.
    pub(crate) fn stop_at(&mut self, until: SimTime) {
        let keep = self.log.iter().position(|e| e.at() > until).unwrap_or(self.log.len()).max(self.next);
        self.log.truncate(keep);
        self.now = self.now.min(until).max(self.from);
        self.cut = true;
    }

    /// Replays for at most `max_seconds` simulated seconds of stepping (log entries in between
    /// are applied as they come; an input that waits may take longer). `Ok(true)` once the saved
    /// time is reached and every entry applied.
    pub fn work(&mut self, max_seconds: u64) -> Result<bool, SessionError> {
        let mut budget = max_seconds;
        loop {
            let target = match self.log.get(self.next) {
                Some(entry) => entry.at(),
                None => self.now,
            };
            let now = self.session.now();
            if self.cut && now >= target && self.next >= self.log.len() {
                break;
            }
            if now > target {
                return Err(SessionError::Diverged(format!(
                    "an entry at {} ms comes before the replayed clock ({} ms)",
                    target.as_millis(),
                    now.as_millis()
                )));
            }
            let gap = target.since(now).as_millis();
            if !gap.is_multiple_of(1000) {
                return Err(SessionError::Diverged(format!(
                    "{} ms is not on the one-second clock",
                    target.as_millis()
                )));
            }
            if gap > 0 {
                if budget == 0 {
                    return Ok(false);
                }
                let secs = (gap / 1000).min(budget);
                self.session.step_clock(secs);
                budget -= secs;
                continue;
            }
            let Some(entry) = self.log.get(self.next) else { break };
            let entry = entry.clone();
            self.next += 1;
            apply(&mut self.session, &entry)?;
        }
        self.session.progress.set_hints(&self.session.exercise, &self.hints);
        self.session.last_met.clear();
        Ok(true)
    }

    /// Does the rest of the work at once.
    pub fn finish(mut self) -> Result<Session, SessionError> {
        while !self.work(u64::MAX)? {}
        Ok(self.session)
    }

    /// The session, once [`Restoring::work`] returned `Ok(true)` (before that, a session part
    /// of the way).
    pub fn into_session(self) -> Session {
        self.session
    }

    /// Simulated milliseconds replayed so far and in all (for a progress bar).
    pub fn progress(&self) -> (u64, u64) {
        let total = self.now.since(self.from).as_millis();
        let done = self.session.now().since(self.from).as_millis().min(total);
        (done, total)
    }

    /// Why the snapshot given to [`Restoring::start`] was refused (the log is replayed instead).
    pub fn snapshot_refused(&self) -> Option<&str> {
        self.refused.as_deref()
    }

    /// Whether the restore started from a snapshot.
    pub fn used_snapshot(&self) -> bool {
        self.used_snapshot
    }
}

fn apply(session: &mut Session, entry: &LogEntry) -> Result<(), SessionError> {
    match entry {
        LogEntry::Input { line, .. } => {
            session.run(line);
        }
        LogEntry::File { name, contents, .. } => {
            session.set_file(name, contents).map_err(SessionError::Malformed)?;
        }
        LogEntry::Visit { url, .. } => {
            session.visit(url);
        }
        LogEntry::Traffic { change, .. } => {
            session.change_traffic(change.clone()).map_err(SessionError::Malformed)?;
        }
        LogEntry::EditSaved { text, .. } => {
            session.finish_edit(text);
        }
    }
    Ok(())
}

/// What can be checked of a saved session without running anything.
fn check(exercise: &Exercise, saved: &SavedSession) -> Result<(), SessionError> {
    if saved.format != SAVE_FORMAT {
        return Err(SessionError::Format { found: u64::from(saved.format), expected: SAVE_FORMAT });
    }
    if saved.exercise != exercise.id {
        return Err(SessionError::OtherExercise { found: saved.exercise.clone(), expected: exercise.id.clone() });
    }
    if saved.fingerprint != exercise.fingerprint() {
        return Err(SessionError::ExerciseChanged);
    }
    if saved.log.len() > MAX_SAVED_ENTRIES {
        return Err(SessionError::Malformed(format!("{} log entries (at most {MAX_SAVED_ENTRIES})", saved.log.len())));
    }
    if saved.hints.len() > exercise.steps.len() {
        return Err(SessionError::Malformed(format!(
            "hints for {} steps; the exercise has {}",
            saved.hints.len(),
            exercise.steps.len()
        )));
    }
    for (step, (&shown, s)) in saved.hints.iter().zip(&exercise.steps).enumerate() {
        if shown > s.hints.len() {
            return Err(SessionError::Malformed(format!(
                "{shown} hints shown for step {}, which has {}",
                step + 1,
                s.hints.len()
            )));
        }
    }
    let mut previous = SimTime(0);
    for entry in &saved.log {
        let at = entry.at();
        if at < previous || at > saved.now {
            return Err(SessionError::Malformed(format!("log entry at {} ms is out of order", at.as_millis())));
        }
        previous = at;
        match entry {
            LogEntry::Input { line, .. } => {
                if line.trim().is_empty() || line.len() > MAX_INPUT {
                    return Err(SessionError::Malformed("a log entry has an empty or oversized input".into()));
                }
            }
            LogEntry::File { name, contents, .. } => {
                validate_file_name(name).map_err(SessionError::Malformed)?;
                if contents.len() > MAX_FILE_BYTES {
                    return Err(SessionError::Malformed(format!("file {name} is too large")));
                }
            }
            LogEntry::Visit { url, .. } => {
                if url.len() > 2048 {
                    return Err(SessionError::Malformed("a visited URL is too long".into()));
                }
            }
            LogEntry::Traffic { .. } => {}
            LogEntry::EditSaved { text, .. } => {
                if text.len() > MAX_FILE_BYTES {
                    return Err(SessionError::Malformed("a saved edit is too large".into()));
                }
            }
        }
    }
    Ok(())
}
