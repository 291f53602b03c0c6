//! The CronJob controller (`cronjob_controllerv2` on current servers; the course-era one
//! polled every 10 seconds, so its Jobs start up to 10 s after their minute).
//!
//! Each sync: finished Jobs leave `status.active` (`SawCompletedJob`; a succeeded one sets
//! `lastSuccessfulTime`); then, unless suspended, the most recent unmet schedule time since
//! `lastScheduleTime` (or the creation) is found: more than 100 missed times give a
//! `TooManyMissedTimes` warning, times older than `startingDeadlineSeconds` are not looked at
//! (a start found later than that gives `MissSchedule`), `Forbid` skips it while a Job is active (`JobAlreadyActive`), `Replace`
//! deletes the active Jobs first (`SuccessfulDelete`), and the Job `<cronjob>-<minutes since the
//! epoch>` (course era: seconds) is created from the template (`SuccessfulCreate`). Finished
//! Jobs beyond `successfulJobsHistoryLimit` / `failedJobsHistoryLimit` are deleted, oldest first.
//!
//! Simplified: schedules are in UTC and `timeZone` is not modelled; a Job the controller
//! did not create is never adopted.

use crate::api::cron::{Civil, Schedule};
use crate::api::*;
use crate::cluster::{Api, DeleteOptions};
use crate::time::SimTime;

const COMPONENT: &str = "cronjob-controller";
/// More missed start times than this only warn (`TooManyMissedTimes`).
pub(crate) const MAX_MISSED: i64 = 100;

/// What the schedule says at `now` (unix seconds): the most recent unmet time after
/// `earliest`, and whether more than [`MAX_MISSED`] times were missed. kubernetes'
/// `mostRecentScheduleTime`.
pub(crate) fn most_recent(schedule: &Schedule, earliest: i64, now: i64) -> (Option<i64>, bool) {
    let Some(t1) = schedule.next(earliest) else { return (None, false) };
    if now < t1 {
        return (None, false);
    }
    let Some(t2) = schedule.next(t1) else { return (Some(t1), false) };
    if now < t2 {
        return (Some(t1), false);
    }
    let between = (t2 - t1).max(1);
    let missed = now.saturating_sub(t1) / between + 1;
    // Start a little before the estimate and walk forward to the last time not after now.
    let mut t = t1.saturating_add((missed - 2).max(0).saturating_mul(between)).saturating_sub(between);
    let mut last = None;
    for _ in 0..10_000 {
        match schedule.next(t) {
            Some(n) if n <= now => {
                last = Some(n);
                t = n;
            }
            _ => break,
        }
    }
    (last.or(Some(t1)), missed > MAX_MISSED)
}

fn unix(api: &Api<'_>, t: SimTime) -> i64 {
    api.unix_secs(t)
}

fn sim_time(api: &Api<'_>, unix_secs: i64) -> SimTime {
    let delta = unix_secs - api.unix_secs(SimTime::ZERO);
    SimTime((delta.max(0) as u64).saturating_mul(1000))
}

fn rfc3339(t: i64) -> String {
    let c = Civil::from_unix(t);
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", c.year, c.month, c.day, c.hour, c.minute, t.rem_euclid(60))
}

/// Records an event unless the same one was recorded at or after `since` (the controller
/// requeues a CronJob for its next schedule time, so it says each thing once per time).
fn record_once(
    api: &mut Api<'_>,
    obj: &Object,
    type_: &'static str,
    reason: &'static str,
    message: String,
    since: SimTime,
) {
    let uid = &obj.meta().uid;
    let seen = api.events().iter().any(|e| {
        &e.involved_object.uid == uid && e.reason == reason && e.message == message && e.last_timestamp >= since
    });
    if !seen {
        api.record_event(obj, type_, reason, message, COMPONENT);
    }
}

pub(crate) fn reconcile(api: &mut Api<'_>) {
    let current = api.version().at_least(21);
    if !current && !api.now().as_secs().is_multiple_of(10) {
        if api.list(Kind::CronJob, None).iter().any(|o| !o.meta().is_deleting()) {
            // The old controller looks every ten seconds.
            let next = (api.now().as_secs() / 10 + 1) * 10;
            api.wake_at(SimTime(next.saturating_mul(1000)));
        }
        return;
    }
    let cronjobs: Vec<CronJob> = api
        .list(Kind::CronJob, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::CronJob(c) if !c.metadata.is_deleting() => Some((**c).clone()),
            _ => None,
        })
        .collect();
    for cj in cronjobs {
        if !cj.is_suspended() {
            if let Some(next) = Schedule::parse(&cj.spec.schedule).ok().and_then(|s| s.next(unix(api, api.now()))) {
                api.wake_at(sim_time(api, next));
            }
        }
        sync(api, cj, current);
    }
}

fn owned_jobs(api: &Api<'_>, cj: &CronJob) -> Vec<Job> {
    api.list(Kind::Job, Some(cj.metadata.ns()))
        .into_iter()
        .filter_map(|o| match o {
            Object::Job(j) if j.metadata.controller_ref().is_some_and(|r| r.uid == cj.metadata.uid) => Some(j.clone()),
            _ => None,
        })
        .collect()
}

#[inline(never)] // out of `Cluster::settle`, so the web split can leave it out of the first download
fn sync(api: &mut Api<'_>, mut cj: CronJob, current: bool) {
    let obj = Object::CronJob(Box::new(cj.clone()));
    let jobs = owned_jobs(api, &cj);
    // Finished or vanished Jobs leave the active list.
    let mut active = Vec::new();
    for r in std::mem::take(&mut cj.status.active) {
        match jobs.iter().find(|j| j.metadata.uid == r.uid) {
            Some(j) if j.is_finished() => {
                let cond = if j.condition("Complete").is_some() { "Complete" } else { "Failed" };
                let msg = if current {
                    format!("Saw completed job: {}, condition: {cond}", j.metadata.name)
                } else {
                    format!("Saw completed job: {}", j.metadata.name)
                };
                api.record_event(&obj, "Normal", "SawCompletedJob", msg, COMPONENT);
                if cond == "Complete" && current {
                    if let Some(t) = j.status.completion_time {
                        if cj.status.last_successful_time.is_none_or(|l| l < t) {
                            cj.status.last_successful_time = Some(t);
                        }
                    }
                }
            }
            Some(_) => active.push(r),
            None => {}
        }
    }
    cj.status.active = active;
    if !cj.is_suspended() {
        schedule(api, &mut cj, &obj, current);
    }
    api.put(Object::CronJob(Box::new(cj.clone())));
    clean_history(api, &cj, &obj);
}

fn schedule(api: &mut Api<'_>, cj: &mut CronJob, obj: &Object, current: bool) {
    let Ok(sched) = Schedule::parse(&cj.spec.schedule) else { return };
    let now = unix(api, api.now());
    let mut earliest = unix(api, cj.status.last_schedule_time.unwrap_or(cj.metadata.creation_timestamp));
    if let Some(d) = cj.spec.starting_deadline_seconds {
        earliest = earliest.max(now - d);
    }
    let (scheduled, too_many) = most_recent(&sched, earliest, now);
    let Some(at) = scheduled else { return };
    let at_sim = sim_time(api, at);
    if too_many {
        record_once(
            api,
            obj,
            "Warning",
            "TooManyMissedTimes",
            "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew".into(),
            at_sim,
        );
    }
    if let Some(d) = cj.spec.starting_deadline_seconds.filter(|d| at.saturating_add(*d) >= now) {
        // The start is missed once the deadline passed.
        api.wake_at(sim_time(api, at.saturating_add(d).saturating_add(1)));
    }
    if cj.spec.starting_deadline_seconds.is_some_and(|d| at.saturating_add(d) < now) {
        let c = Civil::from_unix(at);
        const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
        const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let when = format!(
            "{}, {:02} {} {} {:02}:{:02}:00 +0000",
            DAYS[c.weekday as usize % 7],
            c.day,
            MONTHS[(c.month as usize + 11) % 12],
            c.year,
            c.hour,
            c.minute
        );
        let msg = format!("Missed scheduled time to start a job: {when}");
        record_once(api, obj, "Warning", "MissSchedule", msg, at_sim);
        return;
    }
    let name = format!("{}-{}", cj.metadata.name, if current { at / 60 } else { at });
    if cj.status.active.iter().any(|r| r.name == name) || cj.status.last_schedule_time == Some(at_sim) {
        return;
    }
    if cj.concurrency_policy() == "Forbid" && !cj.status.active.is_empty() {
        record_once(
            api,
            obj,
            "Normal",
            "JobAlreadyActive",
            "Not starting job because prior execution is running and concurrency policy is Forbid".into(),
            at_sim,
        );
        return;
    }
    if cj.concurrency_policy() == "Replace" {
        for r in std::mem::take(&mut cj.status.active) {
            let key = ObjectKey::new(Kind::Job, &r.namespace, &r.name);
            if api.delete_internal(&key, DeleteOptions::default()).is_ok() {
                api.record_event(obj, "Normal", "SuccessfulDelete", format!("Deleted job {}", r.name), COMPONENT);
            }
        }
    }
    let t = &cj.spec.job_template;
    let mut annotations = t.metadata.annotations.clone();
    if api.version().at_least(28) {
        annotations.insert(CRONJOB_SCHEDULED_ANNOTATION.into(), rfc3339(at));
    }
    let job = Job {
        api_version: "batch/v1".into(),
        kind: "Job".into(),
        metadata: ObjectMeta {
            name: name.clone(),
            namespace: Some(cj.metadata.ns().to_string()),
            labels: t.metadata.labels.clone(),
            annotations,
            owner_references: vec![OwnerReference {
                api_version: if current { "batch/v1" } else { "batch/v1beta1" }.into(),
                kind: "CronJob".into(),
                name: cj.metadata.name.clone(),
                uid: cj.metadata.uid.clone(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            }]
            .into(),
            ..Default::default()
        },
        spec: Box::new(t.spec.clone()),
        status: Default::default(),
    };
    match api.create_internal(Object::Job(job)) {
        Ok(created) => {
            api.record_event(obj, "Normal", "SuccessfulCreate", format!("Created job {name}"), COMPONENT);
            let m = created.meta();
            cj.status.active.push(JobReference {
                api_version: "batch/v1".into(),
                kind: "Job".into(),
                name: m.name.clone(),
                namespace: m.ns().to_string(),
                resource_version: m.resource_version.to_string(),
                uid: m.uid.clone(),
            });
            cj.status.last_schedule_time = Some(at_sim);
        }
        Err(crate::ApiError::AlreadyExists { .. }) => {
            cj.status.last_schedule_time = Some(at_sim);
        }
        Err(e) => {
            api.record_event(obj, "Warning", "FailedCreate", format!("Error creating job: {e}"), COMPONENT);
        }
    }
}

/// Deletes finished Jobs beyond the history limits, oldest start first.
fn clean_history(api: &mut Api<'_>, cj: &CronJob, obj: &Object) {
    let jobs = owned_jobs(api, cj);
    for (cond, limit) in
        [("Complete", cj.spec.successful_jobs_history_limit), ("Failed", cj.spec.failed_jobs_history_limit)]
    {
        let Some(limit) = limit else { continue };
        let mut done: Vec<&Job> = jobs.iter().filter(|j| j.condition(cond).is_some()).collect();
        crate::sort::by_key(&mut done, |j| {
            (j.status.start_time.unwrap_or(j.metadata.creation_timestamp), j.metadata.name.clone())
        });
        let surplus = done.len().saturating_sub(limit.max(0) as usize);
        for j in done.into_iter().take(surplus) {
            let key = ObjectKey::new(Kind::Job, j.metadata.ns(), &j.metadata.name);
            if api.delete_internal(&key, DeleteOptions::default()).is_ok() {
                api.record_event(
                    obj,
                    "Normal",
                    "SuccessfulDelete",
                    format!("Deleted job {}", j.metadata.name),
                    COMPONENT,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_772_438_400; // 2026-03-02T08:00:00Z, a Monday

    /// Cases of kubernetes' `TestMostRecentScheduleTime` (cronjob utils_test.go).
    #[test]
    fn most_recent_schedule_time_table() {
        let every_hour = Schedule::parse("0 * * * *").unwrap();
        // "now before next schedule": nothing unmet.
        assert_eq!(most_recent(&every_hour, T0, T0 + 30 * 60), (None, false));
        // "now just after next schedule": that time.
        assert_eq!(most_recent(&every_hour, T0, T0 + 3600 + 60), (Some(T0 + 3600), false));
        // "missed 5 schedules": the latest of them.
        assert_eq!(most_recent(&every_hour, T0, T0 + 5 * 3600 + 10), (Some(T0 + 5 * 3600), false));
        // "rogue cronjob": more than 100 missed: the latest, with the warning.
        assert_eq!(most_recent(&every_hour, T0, T0 + 200 * 3600), (Some(T0 + 200 * 3600), true));
        // "complex schedule": 30 6-16/4 * * 1-5 from Monday 08:00 to Tuesday 12:00.
        let complex = Schedule::parse("30 6-16/4 * * 1-5").unwrap();
        assert_eq!(most_recent(&complex, T0, T0 + 28 * 3600), (Some(T0 + 26 * 3600 + 30 * 60), false));
        // An impossible date never comes.
        assert_eq!(most_recent(&Schedule::parse("59 23 31 2 *").unwrap(), T0, T0 + 86_400), (None, false));
    }

    #[test]
    fn job_names_and_timestamps() {
        assert_eq!(rfc3339(T0 + 61), "2026-03-02T08:01:01Z");
        assert_eq!(format!("hello-{}", (T0 + 60) / 60), "hello-29540641");
    }
}
