//! The Job controller and the TTL-after-finished controller.
//!
//! A Job keeps `min(parallelism, completions - succeeded)` pods active (a work queue, with
//! completions unset, keeps `parallelism` until one pod succeeded). Each pod that ends is
//! counted once: `Succeeded` pods add to `status.succeeded`, `Failed` ones to `status.failed`.
//! After a failure new pods wait a back-off of 10 s doubling per failure since the last success,
//! capped at 10 minutes (`MaxJobPodFailureBackOff`; 6 minutes on the course-era controller).
//! The Job fails with `BackoffLimitExceeded` when more pods failed than `backoffLimit` (with
//! restartPolicy OnFailure: when its active pods' restarts reach it), and with
//! `DeadlineExceeded` once it has been active `activeDeadlineSeconds`; its active pods are then
//! deleted and counted as failed. It completes when `completions` pods succeeded (`CompletionsReached`, a
//! `completionTime`, a `Completed` event). Current servers (v1.31+) first add the interim
//! condition (`SuccessCriteriaMet`, `FailureTarget`) and the final one (`Complete`, `Failed`)
//! once no pod of the Job is left running; the course-era controller writes the final
//! condition at once, without reason on `Complete` and without a `Completed` event.
//! `ttlSecondsAfterFinished` deletes a finished Job (and, by garbage collection, its pods).
//!
//! Simplified: no pod failure policy, no Indexed completion mode, no suspend (a suspended Job
//! creates no pods and gets no condition), no pod finalizers (`batch.kubernetes.io/job-tracking`);
//! at most 500 pods are created per sync, without slow-start batches.

use crate::api::*;
use crate::cluster::{Api, DeleteOptions};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

const COMPONENT: &str = "job-controller";
/// Pods created in one sync at most.
const BURST: i64 = 500;

/// The controller's memory per Job uid: which pods were counted, and the back-off.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub(crate) struct JobState {
    jobs: BTreeMap<String, Tracked>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
struct Tracked {
    counted: BTreeSet<String>,
    /// Failures since the last success (the back-off exponent).
    failures_in_row: u32,
    /// No new pod before this instant.
    backoff_until: Option<SimTime>,
}

/// `DefaultJobPodFailureBackOff * 2^(failures-1)`, capped.
pub(crate) fn backoff_secs(failures_in_row: u32, cap_secs: u64) -> u64 {
    if failures_in_row == 0 {
        return 0;
    }
    let exp = (failures_in_row - 1).min(20);
    (10u64 << exp).min(cap_secs)
}

/// How many pods should be active: kubernetes' `wantActive` for NonIndexed Jobs.
pub(crate) fn want_active(parallelism: i64, completions: Option<i64>, succeeded: i64, active: i64) -> i64 {
    match completions {
        Some(c) => parallelism.min((c - succeeded).max(0)),
        // A work queue: once one pod succeeded, no new pods (the others finish on their own).
        None if succeeded > 0 => active.min(parallelism),
        None => parallelism,
    }
}

/// Whether a Job is done succeeding (`Complete`'s rule).
pub(crate) fn complete(completions: Option<i64>, succeeded: i64, active: i64) -> bool {
    match completions {
        Some(c) => succeeded >= c,
        None => succeeded > 0 && active == 0,
    }
}

pub(crate) fn reconcile(api: &mut Api<'_, JobState>) {
    let jobs: Vec<Job> = api
        .list(Kind::Job, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::Job(j) if !j.metadata.is_deleting() => Some(j.clone()),
            _ => None,
        })
        .collect();
    let live: BTreeSet<&str> = jobs.iter().map(|j| j.metadata.uid.as_str()).collect();
    api.own.jobs.retain(|uid, _| live.contains(uid.as_str()));
    for job in jobs {
        sync(api, job);
    }
}

fn condition(type_: &'static str, reason: &str, message: &str, now: SimTime) -> Condition {
    Condition {
        type_: type_.into(),
        status: "True".into(),
        last_probe_time: Some(now),
        last_transition_time: Some(now),
        reason: reason.into(),
        message: message.into(),
        ..Default::default()
    }
}

#[inline(never)] // out of `Cluster::settle`, so the web split can leave it out of the first download
fn sync(api: &mut Api<'_, JobState>, mut job: Job) {
    let now = api.now();
    let version = api.version();
    let current = version.at_least(21);
    let uid = job.metadata.uid.clone();
    if job.is_finished() {
        if let Some(ttl) = job.spec.ttl_seconds_after_finished {
            let finished = job
                .status
                .conditions
                .iter()
                .filter(|c| matches!(&*c.type_, "Complete" | "Failed"))
                .filter_map(|c| c.last_transition_time)
                .max();
            match finished.map(|t| t + SimDuration::from_secs(ttl.max(0) as u64)) {
                Some(at) if at <= now => {
                    let _ = api.delete_internal(&Object::Job(job).key(), DeleteOptions::default());
                }
                Some(at) => api.wake_at(at),
                None => {}
            }
        }
        return;
    }
    let obj = Object::Job(job.clone());
    let ns = job.metadata.ns().to_string();
    // The Job's pods, and the ones that ended since the last sync.
    let (mut active, mut terminating, mut ready, mut restarts, mut new_ok, mut new_failed) =
        (Vec::<(ObjectKey, String)>::new(), 0i64, 0i64, 0i64, 0i64, 0i64);
    let mut ended: Vec<(String, bool)> = Vec::new();
    for p in api.pods_controlled_by(&ns, &uid) {
        match p.status.phase.as_str() {
            "Succeeded" | "Failed" => ended.push((p.metadata.uid.clone(), p.status.phase == "Succeeded")),
            _ if p.metadata.is_deleting() => terminating += 1,
            _ => {
                if p.is_ready() {
                    ready += 1;
                }
                restarts += p.restarts();
                active.push((ObjectKey::new(Kind::Pod, &ns, &p.metadata.name), p.metadata.name.clone()));
            }
        }
    }
    {
        let tracked = api.own.jobs.entry(uid.clone()).or_default();
        for (pod_uid, ok) in ended {
            if tracked.counted.insert(pod_uid) {
                if ok {
                    new_ok += 1;
                } else {
                    new_failed += 1;
                }
            }
        }
    }
    let tracked = api.own.jobs.entry(uid.clone()).or_default();
    if new_ok > 0 {
        tracked.failures_in_row = 0;
        tracked.backoff_until = None;
    }
    if new_failed > 0 {
        tracked.failures_in_row = tracked.failures_in_row.saturating_add(new_failed as u32);
        let cap = if current { 600 } else { 360 };
        tracked.backoff_until = Some(now + SimDuration::from_secs(backoff_secs(tracked.failures_in_row, cap)));
    }
    let backoff_until = tracked.backoff_until;
    job.status.succeeded += new_ok;
    job.status.failed += new_failed;
    if job.status.start_time.is_none() && !job.is_suspended() {
        job.status.start_time = Some(now);
    }
    let start = job.status.start_time.unwrap_or(now);
    if let Some(d) = job.spec.active_deadline_seconds.filter(|d| *d > 0) {
        api.wake_at(start + SimDuration::from_secs(d as u64));
    }
    let on_failure = job.spec.template.spec.restart_policy.as_deref() == Some("OnFailure");
    let limit = job.backoff_limit();
    let past_on_failure = on_failure && if limit == 0 { restarts > 0 } else { restarts >= limit };
    let interim = |j: &Job, t: &str| j.condition(t).cloned();
    // An interim condition already decided the end.
    let mut failure = interim(&job, "FailureTarget").map(|c| (c.reason, c.message));
    if failure.is_none() {
        if job.status.failed > limit || past_on_failure {
            failure = Some(("BackoffLimitExceeded".into(), "Job has reached the specified backoff limit".into()));
        } else if job
            .spec
            .active_deadline_seconds
            .is_some_and(|d| d > 0 && now.since(start).as_secs() >= d as u64 && job.status.start_time.is_some())
        {
            failure = Some(("DeadlineExceeded".into(), "Job was active longer than specified deadline".into()));
        }
    }
    let succeeded = complete(job.spec.completions, job.status.succeeded, active.len() as i64);
    if let Some((reason, message)) = failure {
        // Delete what still runs; those pods count as failed (`failed += active`).
        for (key, name) in std::mem::take(&mut active) {
            let pod_uid = api.get_by_key(&key).map(|o| o.meta().uid.clone()).unwrap_or_default();
            if api.delete_internal(&key, DeleteOptions::default()).is_ok() {
                api.record_event(&obj, "Normal", "SuccessfulDelete", format!("Deleted pod: {name}"), COMPONENT);
                job.status.failed += 1;
                api.own.jobs.entry(uid.clone()).or_default().counted.insert(pod_uid);
            }
        }
        let still = terminating + count_terminating(api, &ns, &uid);
        if current && interim(&job, "FailureTarget").is_none() {
            job.status.conditions.push(condition("FailureTarget", &reason, &message, now));
        }
        if !current || still == 0 {
            job.status.conditions.push(condition("Failed", &reason, &message, now));
            api.record_event(&obj, "Warning", reason.clone(), message.clone(), COMPONENT);
        }
        terminating = still;
    } else if succeeded {
        let (reason, message) = ("CompletionsReached", "Reached expected number of succeeded pods");
        for (key, name) in std::mem::take(&mut active) {
            if api.delete_internal(&key, DeleteOptions::default()).is_ok() {
                api.record_event(&obj, "Normal", "SuccessfulDelete", format!("Deleted pod: {name}"), COMPONENT);
            }
        }
        let still = terminating + count_terminating(api, &ns, &uid);
        if current && interim(&job, "SuccessCriteriaMet").is_none() {
            job.status.conditions.push(condition("SuccessCriteriaMet", reason, message, now));
        }
        if !current {
            job.status.conditions.push(condition("Complete", "", "", now));
            job.status.completion_time = Some(now);
        } else if still == 0 {
            job.status.conditions.push(condition("Complete", reason, message, now));
            job.status.completion_time = Some(now);
            api.record_event(&obj, "Normal", "Completed", "Job completed".into(), COMPONENT);
        }
        terminating = still;
    } else if !job.is_suspended() {
        let want = want_active(job.parallelism(), job.spec.completions, job.status.succeeded, active.len() as i64);
        let diff = want - active.len() as i64;
        if let Some(t) = backoff_until.filter(|t| *t > now && diff > 0) {
            api.wake_at(t);
        }
        if diff > 0 && backoff_until.is_none_or(|t| t <= now) {
            for _ in 0..diff.min(BURST) {
                match create_pod(api, &job, &obj) {
                    Some(key) => {
                        let name = key.name.clone();
                        active.push((key, name));
                    }
                    None => break,
                }
            }
        } else if diff < 0 {
            // Surplus pods (parallelism went down): the newest go.
            for (key, name) in active.split_off(want.max(0) as usize) {
                if api.delete_internal(&key, DeleteOptions::default()).is_ok() {
                    api.record_event(&obj, "Normal", "SuccessfulDelete", format!("Deleted pod: {name}"), COMPONENT);
                    terminating += 1;
                }
            }
        }
    }
    job.status.active = active.len() as i64;
    if version.at_least(24) {
        job.status.ready = Some(ready.min(active.len() as i64));
    }
    if version.at_least(28) {
        job.status.terminating = Some(terminating);
    }
    if version.at_least(26) {
        job.status.uncounted_terminated_pods = Some(serde_json::json!({}));
    }
    api.put(Object::Job(job));
}

fn count_terminating(api: &Api<'_, JobState>, ns: &str, uid: &str) -> i64 {
    api.pods_controlled_by(ns, uid)
        .filter(|p| p.metadata.is_deleting() && p.status.phase != "Succeeded" && p.status.phase != "Failed")
        .count() as i64
}

/// Creates one pod from the Job's template, with its `SuccessfulCreate` or `FailedCreate`.
fn create_pod(api: &mut Api<'_, JobState>, job: &Job, obj: &Object) -> Option<ObjectKey> {
    let t = &job.spec.template;
    let mut pod = Pod {
        api_version: "v1".into(),
        kind: "Pod".into(),
        metadata: ObjectMeta {
            generate_name: Some(format!("{}-", job.metadata.name)),
            namespace: Some(job.metadata.ns().to_string()),
            labels: t.metadata.labels.clone(),
            annotations: t.metadata.annotations.clone(),
            owner_references: vec![OwnerReference {
                api_version: "batch/v1".into(),
                kind: "Job".into(),
                name: job.metadata.name.clone(),
                uid: job.metadata.uid.clone(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            }]
            .into(),
            ..Default::default()
        },
        spec: t.spec.clone(),
        status: Default::default(),
    };
    pod.spec.node_name = None;
    match api.create_internal(Object::Pod(pod)) {
        Ok(created) => {
            let msg = format!("Created pod: {}", created.meta().name);
            api.record_event(obj, "Normal", "SuccessfulCreate", msg, COMPONENT);
            Some(created.key())
        }
        Err(e) => {
            api.record_event(obj, "Warning", "FailedCreate", format!("Error creating: {e}"), COMPONENT);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The back-off of `TestJobBackoff`-style cases: 10 s doubling, capped.
    #[test]
    fn backoff_doubles_to_the_cap() {
        let got: Vec<u64> = (0..8).map(|n| backoff_secs(n, 600)).collect();
        assert_eq!(got, vec![0, 10, 20, 40, 80, 160, 320, 600]);
        assert_eq!(backoff_secs(7, 360), 360);
        assert_eq!(backoff_secs(u32::MAX, 600), 600);
    }

    /// Rows of kubernetes' `TestControllerSyncJob` table (NonIndexed): parallelism,
    /// completions, succeeded and active pods, and how many active pods the sync wants.
    #[test]
    fn want_active_follows_the_sync_job_table() {
        // "job start": parallelism 2, completions 5, nothing yet: 2 pods.
        assert_eq!(want_active(2, Some(5), 0, 0), 2);
        // "WQ job start": completions unset: parallelism pods.
        assert_eq!(want_active(2, None, 0, 0), 2);
        // "too few active pods": 1 succeeded, 1 active of 2 wanted.
        assert_eq!(want_active(2, Some(5), 1, 1), 2);
        // "too many active pods": parallelism 2, 3 active: down to 2.
        assert_eq!(want_active(2, Some(5), 0, 3), 2);
        // "more succeeded than completions left": 4 of 5 succeeded: 1 pod.
        assert_eq!(want_active(2, Some(5), 4, 0), 1);
        // "WQ job: one pod succeeded, the rest finish": no new pods.
        assert_eq!(want_active(2, None, 1, 1), 1);
        assert_eq!(want_active(2, None, 1, 0), 0);
        // "zero parallelism": nothing runs.
        assert_eq!(want_active(0, Some(5), 0, 0), 0);
        assert!(complete(Some(5), 5, 0));
        assert!(!complete(Some(5), 4, 1));
        assert!(complete(None, 1, 0));
        assert!(!complete(None, 1, 1));
        assert!(!complete(None, 0, 0));
    }
}
