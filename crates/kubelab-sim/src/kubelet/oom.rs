//! The OOM killer as the kubelet reports it: the resource model (`usage::tick`) finds a container
//! whose working set passed its memory limit; the kernel kills it at once (exit code 137, SIGKILL)
//! and the kubelet sees the exit at its next relist, a second later, reporting the container
//! terminated with reason `OOMKilled` (its state, then its last state once it restarts with the
//! usual crash back-off).

use super::{CState, KubeletState};
use crate::time::{SimDuration, SimTime};

/// The exit code of a process killed by SIGKILL.
pub(crate) const OOM_EXIT_CODE: i64 = 137;

fn key(uid: &str, idx: usize) -> String {
    format!("{uid}/{idx}")
}

/// Kills container `name` of pod `uid` for running out of memory at `now`. Returns false if it
/// was not running, or was already killed.
pub(crate) fn oom_kill(kubelet: &mut KubeletState, uid: &str, name: &str, now: SimTime) -> bool {
    let Some(rt) = kubelet.pods.edit().get_mut(uid) else { return false };
    if rt.kill_at.is_some() {
        return false;
    }
    let Some((idx, c)) = rt.containers.iter_mut().enumerate().find(|(_, c)| c.name == name) else { return false };
    let at = now + SimDuration::from_secs(1);
    match &mut c.state {
        CState::Running { exits_at, exit_code, .. } if exits_at.is_none_or(|t| t > at) => {
            *exits_at = Some(at);
            *exit_code = OOM_EXIT_CODE;
        }
        _ => return false,
    }
    let live: Vec<String> = kubelet.pods.keys().cloned().collect();
    kubelet.oom_killed.retain(|k, _| k.split_once('/').is_some_and(|(u, _)| live.iter().any(|l| l == u)));
    kubelet.oom_killed.insert(key(uid, idx), at);
    true
}

/// The reason a container that exited at `at` with `exit_code` is reported with.
pub(super) fn exit_reason(kubelet: &KubeletState, uid: &str, idx: usize, at: SimTime, exit_code: i64) -> &'static str {
    if kubelet.oom_killed.get(&key(uid, idx)) == Some(&at) {
        "OOMKilled"
    } else if exit_code == 0 {
        "Completed"
    } else {
        "Error"
    }
}
