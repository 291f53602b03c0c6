//! Persistence in the browser's local storage: per exercise, what `state::encode` wrote (the
//! session's replay log, the console's scrollback and command history, the view) and, under a
//! key of its own, the session's latest snapshot; and the exercise last open. Reading and writing only: what is stored, and what happens when it cannot be restored,
//! is decided in `state.rs`.

use crate::exercises::ExerciseId;
use crate::state;
use crate::text::Line;
use gloo::storage::{LocalStorage, Storage};
use kubelab_lab::Session;

const LAST_KEY: &str = "kubelab:last-exercise";

fn key(id: ExerciseId) -> String {
    format!("kubelab:session:{}", id.key())
}

/// The latest snapshot of the exercise's session, kept apart so that saving the log (often) does
/// not rewrite it.
fn snapshot_key(id: ExerciseId) -> String {
    format!("kubelab:snapshot:{}", id.key())
}

/// The snapshot stored for exercise `id`, if any.
pub fn read_snapshot(id: ExerciseId) -> Option<String> {
    LocalStorage::raw().get_item(&snapshot_key(id)).ok().flatten()
}

/// Stores a snapshot; when it does not fit, the old one is removed (a reload replays the log).
pub fn write_snapshot(id: ExerciseId, data: &str) {
    if LocalStorage::raw().set_item(&snapshot_key(id), data).is_err() {
        LocalStorage::delete(snapshot_key(id));
    }
}

/// What is stored for exercise `id`, if anything.
pub fn read(id: ExerciseId) -> Option<String> {
    LocalStorage::raw().get_item(&key(id)).ok().flatten()
}

/// Stores `data` for exercise `id`. Quota errors only cost persistence; the lab keeps running.
pub fn write(id: ExerciseId, data: &str) {
    let _ = LocalStorage::raw().set_item(&key(id), data);
}

/// Stores a session with its scrollback and history (`state::encode`).
pub fn save(id: ExerciseId, session: &Session, lines: &[Line], history: &[String]) {
    write(id, &state::encode(session, lines, history));
}

/// `Ok(None)`: nothing saved. `Err`: something was saved but could not be restored (it is
/// removed, so the next reload starts clean).
pub fn load(id: ExerciseId) -> Result<Option<state::Restored>, String> {
    let Some(data) = read(id) else { return Ok(None) };
    let restored = state::decode(id, &data);
    if restored.is_err() {
        clear(id);
    }
    restored.map(Some)
}

pub fn clear(id: ExerciseId) {
    LocalStorage::delete(key(id));
    LocalStorage::delete(snapshot_key(id));
}

pub fn last_exercise() -> Option<ExerciseId> {
    LocalStorage::get::<String>(LAST_KEY).ok().and_then(|k| ExerciseId::from_key(&k))
}

pub fn set_last_exercise(id: ExerciseId) {
    let _ = LocalStorage::set(LAST_KEY, id.key());
}
