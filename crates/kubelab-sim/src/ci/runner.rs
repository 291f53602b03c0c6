//! The pipeline runner: starts runs from webhook deliveries, plans each job's duration, log and
//! result, and moves the jobs along the clock.

use super::{CiState, LogLine};
use crate::cluster::Api;
use crate::git::Forge;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};

/// What the runner decided for a job when its run started.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Plan {
    pub(crate) start: SimTime,
    pub(crate) end: SimTime,
    pub(crate) ok: bool,
    /// Lines to come (written as the clock passes them).
    pub(crate) lines: Vec<LogLine>,
}

/// Runs the runner at the current instant.
pub(crate) fn reconcile(_api: &mut Api<'_, CiState>, _forge: &mut Forge) {}
