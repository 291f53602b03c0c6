//! `kubelab grade FILE...`: replays exported sessions (the web app's "Export session") natively
//! and reports, per file, the exercise, each goal met or not and the simulated time it was
//! first met, then a summary line. Everything goes to stdout in file order, so the report of a
//! class reads top to bottom and can be redirected to a file.
//!
//! A file that cannot be graded (unreadable, too large, not a session file, another format, an
//! unknown exercise, a log that does not replay) gets one line, `FILE: error: REASON`, and the
//! others are graded all the same. The exit code is 0 when every file was graded (goals met or
//! not) and 1 when some file could not be.

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

use kubelab_lab::share::{self, clock_at, span_text, ShareError, MAX_FILE_BYTES};
use kubelab_lab::Session;

/// The report of one file: its lines, or why it could not be graded.
pub fn grade_file(path: &Path) -> Result<String, String> {
    let bytes = read_bounded(path)?;
    let imported = share::read_session_file(&bytes).map_err(|e| e.to_string())?;
    let session = imported.open().map_err(|e: ShareError| e.to_string())?;
    Ok(report(&session, imported.digest.as_deref()))
}

/// The file's bytes, refusing directories and anything over [`MAX_FILE_BYTES`] before reading it.
fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
    if meta.is_dir() {
        return Err("is a directory".into());
    }
    let too_large = |n: u64| format!("too large: {n} bytes (at most {MAX_FILE_BYTES})");
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The exercise line, one line per goal, and the count.
pub fn report(session: &Session, exported_digest: Option<&str>) -> String {
    let exercise = session.exercise();
    let cluster = session.cluster();
    let started = session.started();
    let since_start = |t: share::ClockTime, at_ms: u64| {
        format!("{t}, +{}", span_text(at_ms.saturating_sub(started.as_millis()) / 1000))
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "exercise {} ({}), profile {}, seed {}; simulated from {} to {}",
        exercise.id,
        exercise.title,
        exercise.profile.name(),
        exercise.seed,
        clock_at(cluster, started),
        since_start(clock_at(cluster, session.now()), session.now().as_millis()),
    );
    let total = exercise.goals().count();
    let mut met = 0;
    for goal in exercise.goals() {
        match session.progress().goal_record(&goal.id) {
            Some(record) => {
                met += 1;
                let when = since_start(clock_at(cluster, record.at), record.at.as_millis());
                let _ = writeln!(out, "  [x] {}: {} (met at {when})", goal.id, goal.text);
            }
            None => {
                let _ = writeln!(out, "  [ ] {}: {}", goal.id, goal.text);
            }
        }
    }
    let _ = writeln!(out, "  goals: {met} of {total} met");
    if let Some(expected) = exported_digest {
        let replayed = share::digest(session);
        if replayed != expected {
            let _ = writeln!(
                out,
                "  note: the replay ends in another state than the export (digest {replayed}, the file says {expected}): exported by another version of Kubelab, or edited"
            );
        }
    }
    out
}

/// Grades every file; returns the report and whether all could be read.
pub fn grade(paths: &[PathBuf]) -> (String, bool) {
    let mut out = String::new();
    let mut failed = 0;
    let mut goals = (0usize, 0usize);
    for path in paths {
        let name = path.display();
        match grade_file(path) {
            Ok(report) => {
                if let Some(line) = report.lines().find_map(|l| l.trim().strip_prefix("goals: ")) {
                    let mut words = line.split(' ');
                    let met = words.next().and_then(|w| w.parse::<usize>().ok()).unwrap_or(0);
                    let total = words.nth(1).and_then(|w| w.parse::<usize>().ok()).unwrap_or(0);
                    goals = (goals.0 + met, goals.1 + total);
                }
                let _ = write!(out, "{name}: {report}");
            }
            Err(reason) => {
                failed += 1;
                let _ = writeln!(out, "{name}: error: {}", one_line(&reason));
            }
        }
    }
    let graded = paths.len() - failed;
    let _ = write!(out, "graded {graded} of {} files", paths.len());
    if failed > 0 {
        let _ = write!(out, " ({failed} could not be read)");
    }
    let _ = writeln!(out, "; goals met: {} of {}", goals.0, goals.1);
    (out, failed == 0)
}

/// An error as one line: a reason may quote several lines of a setup's output.
fn one_line(reason: &str) -> String {
    reason.split('\n').map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" / ")
}
