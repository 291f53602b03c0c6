//! Persistence in the browser's local storage: per exercise, the session's replay log (not the
//! cluster: replaying the log with the same seed rebuilds it exactly), the console's scrollback
//! and command history. Anything unreadable is discarded with a message, never a crash.

use crate::exercises::{self, ExerciseId};
use crate::text::Line;
use gloo::storage::{LocalStorage, Storage};
use kubelab_lab::{SavedSession, Session};
use serde::{Deserialize, Serialize};

const LAST_KEY: &str = "kubelab:last-exercise";
/// Scrollback lines kept across a reload.
const SAVED_LINES: usize = 400;

fn key(id: ExerciseId) -> String {
    format!("kubelab:session:{}", id.key())
}

#[derive(Serialize, Deserialize)]
struct Stored {
    session: String,
    lines: Vec<Line>,
    history: Vec<String>,
}

pub fn save(id: ExerciseId, session: &Session, lines: &[Line], history: &[String]) {
    let start = lines.len().saturating_sub(SAVED_LINES);
    let stored = Stored {
        session: session.save().to_json(),
        lines: lines[start..].to_vec(),
        history: history.iter().rev().take(200).rev().cloned().collect(),
    };
    // Quota errors only cost persistence; the lab keeps running.
    let _ = LocalStorage::set(key(id), stored);
}

/// `Ok(None)`: nothing saved. `Err`: something was saved but could not be restored (it is
/// removed, so the next reload starts clean).
pub fn load(id: ExerciseId) -> Result<Option<(Session, Vec<Line>, Vec<String>)>, String> {
    let raw: Option<String> = LocalStorage::raw().get_item(&key(id)).ok().flatten();
    let Some(raw) = raw else { return Ok(None) };
    let result = serde_json::from_str::<Stored>(&raw).map_err(|e| format!("unreadable: {e}")).and_then(|s| {
        let saved = SavedSession::from_json(&s.session).map_err(|e| e.to_string())?;
        let session = exercises::restore(id, &saved)?;
        Ok(Some((session, s.lines, s.history)))
    });
    if result.is_err() {
        clear(id);
    }
    result
}

pub fn clear(id: ExerciseId) {
    LocalStorage::delete(key(id));
}

pub fn last_exercise() -> Option<ExerciseId> {
    LocalStorage::get::<String>(LAST_KEY).ok().and_then(|k| ExerciseId::from_key(&k))
}

pub fn set_last_exercise(id: ExerciseId) {
    let _ = LocalStorage::set(LAST_KEY, id.key());
}
