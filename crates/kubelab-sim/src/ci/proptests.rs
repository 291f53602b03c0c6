//! Invariants of every run under random pushes (green, failing test, vulnerable base image, a
//! refused kubectl step) and waits: jobs start in order, each after the one before ended; a
//! failed job skips every job after it; a run succeeds exactly when every job did.

use super::tests::support::{cluster_with_config, push_kind};
use super::*;
use crate::SimDuration;
use proptest::prelude::*;

fn check(c: &crate::Cluster) -> Result<(), String> {
    let now = c.now();
    for r in c.pipeline_runs() {
        let mut prev_end: Option<SimTime> = None;
        let mut failed = false;
        for s in &r.stages {
            if failed && s.state != StageState::Skipped {
                return Err(format!("run {}: {} after a failure is {:?}", r.id, s.name, s.state));
            }
            if let (Some(p), Some(start)) = (prev_end, s.started) {
                if start <= p {
                    return Err(format!("run {}: {} started before the job before it ended", r.id, s.name));
                }
            }
            if let Some(start) = s.started {
                if start > now {
                    return Err(format!("run {}: {} started in the future", r.id, s.name));
                }
            }
            if s.state == StageState::Running && prev_end.is_none() && s.name != r.stages[0].name {
                return Err(format!("run {}: {} runs before the job before it ended", r.id, s.name));
            }
            failed |= s.state == StageState::Failed;
            prev_end = s.finished.or(prev_end);
        }
        let all_ok = r.stages.iter().all(|s| s.state == StageState::Succeeded);
        match r.result {
            RunResult::Success if !all_ok => return Err(format!("run {} succeeded with a job not done", r.id)),
            RunResult::Failure if !failed && r.error.is_none() => {
                return Err(format!("run {} failed with no failed job", r.id))
            }
            RunResult::InProgress | RunResult::Queued if failed || all_ok => {
                return Err(format!("run {} is still {:?} after it ended", r.id, r.result))
            }
            _ => {}
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn stages_run_in_order_and_a_failure_skips_the_rest(
        ops in prop::collection::vec((0u8..5, 0u64..200), 1..8),
        seed in 0u64..100,
    ) {
        let mut c = cluster_with_config(seed);
        for (i, (kind, wait)) in ops.into_iter().enumerate() {
            if kind < 4 {
                push_kind(&mut c, kind, i);
            }
            c.run_for(SimDuration::from_secs(wait));
            if let Err(e) = check(&c) {
                prop_assert!(false, "{}", e);
            }
        }
        c.run_for(SimDuration::from_secs(600));
        prop_assert!(c.pipeline_runs().iter().all(|r| r.result.is_done()));
        if let Err(e) = check(&c) {
            prop_assert!(false, "{}", e);
        }
    }
}
