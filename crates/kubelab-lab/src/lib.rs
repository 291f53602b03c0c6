//! Kubelab's lab engine: guided exercises over the simulated cluster. No I/O, no UI, no real
//! time; it builds for `wasm32-unknown-unknown` as well as natively.
//!
//! # Overview
//! - [`Exercise`] — an exercise loaded from the text of `exercises/<id>/exercise.yaml` and the
//!   manifests it lists (the caller reads or embeds them): profile and seed of the cluster,
//!   setup lines, and steps, each with goals, hints and a solution. The file format is
//!   documented for course authors in `exercises/README.md`.
//! - [`Condition`] — what a goal checks: a small composable language (`all`, `any`, `not`,
//!   `was`, and predicates over deployments, replica sets, autoscalers, pods, any object, events
//!   and the commands the student ran). [`Condition::evaluate`] is a pure function of a
//!   [`Context`] (cluster, history, the goal's memory) and returns an [`Evaluation`]: met or
//!   not, with a one-line explanation for the UI.
//! - [`BUILTIN`] — the shipped exercises (`exercises/*`), embedded: the one list the browser
//!   app and `kubelab --exercise` offer.
//! - [`CommandPattern`] — the word-glob matcher behind `ran:` and `failed:`.
//! - [`Progress`] — which goals are met (sticky), which step is current, which hints are shown;
//!   serialisable, kept next to the cluster and never inside it. [`Progress::update`] is
//!   called after every change.
//! - [`Session`] — the convenience type a UI holds: the [`kubelab_console::Console`], the
//!   student's [`HistoryEntry`] list, the exercise and the progress, and a replay log. A session
//!   is saved as a [`SavedSession`] (inputs and file edits with their simulated times, JSON) and
//!   restored by replaying it deterministically; a [`Session::snapshot`] (the whole state, see
//!   `session::snapshot`) lets [`Restoring`] restore from it plus the log's tail instead.
//! - [`share`] — sessions that travel: share links (the log compressed into a URL fragment,
//!   optionally opening at a simulated moment), exported session files, and [`share::digest`],
//!   a hash of the state that two machines compare.
//!
//! # Example
//! ```
//! use kubelab_lab::{Exercise, Session};
//! let yaml = r#"
//! id: tiny
//! title: A tiny exercise
//! profile: current
//! steps:
//!   - title: Look at the nodes
//!     goals:
//!       - id: nodes
//!         text: List the nodes
//!         check: {ran: kubectl get nodes}
//!     solution: [kubectl get nodes]
//! "#;
//! let exercise = Exercise::load(yaml, &[]).unwrap();
//! let mut session = Session::new(exercise).unwrap();
//! session.run("kubectl get nodes");
//! assert!(session.progress().is_met("nodes"));
//! let saved = session.save().to_json();
//! let again = Session::restore(session.exercise().clone(), &kubelab_lab::SavedSession::from_json(&saved).unwrap()).unwrap();
//! assert_eq!(again.progress(), session.progress());
//! ```

pub mod builtin;
pub mod condition;
pub mod exercise;
pub mod pattern;
pub mod progress;
pub mod race;
pub mod session;
pub mod share;

pub use builtin::{builtin, Builtin, BUILTIN};
pub use condition::{Cmp, CommandCheck, Condition, Context, Count, Evaluation, Memory, Since};
pub use exercise::{Exercise, ExerciseFile, Goal, LoadError, Step};
pub use pattern::CommandPattern;
pub use progress::{GoalRecord, GoalStatus, HistoryEntry, Progress, StepStart};
pub use session::{
    build_id, LogEntry, Restoring, SavedSession, Session, SessionError, Snapshot, SnapshotError, TrafficChange,
    MAX_FILE_BYTES, MAX_SAVED_ENTRIES, MAX_SAVED_SPAN, SAVE_FORMAT, SNAPSHOT_FORMAT,
};
