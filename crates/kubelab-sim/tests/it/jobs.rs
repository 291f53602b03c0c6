//! Jobs and CronJobs through the public API: a Job runs its pods to completion, a failing Job
//! backs off and stops at its backoff limit, a CronJob starts a Job every scheduled minute and
//! keeps its history; and, as a property, a Job never has more active pods than parallelism.

use kubelab_sim::api::*;
use kubelab_sim::*;
use proptest::prelude::*;

fn job(name: &str, image: &str, script: &str) -> Job {
    let mut j = Job { api_version: "batch/v1".into(), kind: "Job".into(), ..Default::default() };
    j.metadata.name = name.into();
    j.metadata.namespace = Some("default".into());
    j.spec.template.spec.restart_policy = Some("Never".into());
    let command = if script.is_empty() { vec![] } else { vec!["sh".into(), "-c".into(), script.into()] };
    j.spec.template.spec.containers.push(Container {
        name: name.into(),
        image: image.into(),
        command,
        ..Default::default()
    });
    j
}

fn get_job(c: &Cluster, name: &str) -> Job {
    match c.get(Kind::Job, "default", name) {
        Some(Object::Job(j)) => j.clone(),
        other => panic!("no job {name}: {other:?}"),
    }
}

fn pods_of(c: &Cluster, uid: &str) -> Vec<Pod> {
    c.pods().filter(|p| p.metadata.controller_ref().is_some_and(|r| r.uid == uid)).cloned().collect()
}

#[test]
fn a_job_runs_its_pod_to_completion() {
    let mut c = Cluster::new(ClusterConfig::current(1));
    let mut j = job("pi", "perl:5.34.0", "");
    j.spec.template.spec.containers[0].command =
        ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"].iter().map(|s| s.to_string()).collect();
    let created = c.create(Object::Job(j)).expect("job");
    let Object::Job(j) = created else { panic!() };
    assert_eq!((j.spec.completions, j.spec.parallelism, j.spec.backoff_limit), (Some(1), Some(1), Some(6)));
    let uid = j.metadata.uid.clone();
    assert_eq!(j.spec.template.metadata.labels.get("batch.kubernetes.io/controller-uid"), Some(&uid));
    assert_eq!(j.metadata.labels.get("job-name").map(String::as_str), Some("pi"));
    assert!(c.run_until(SimDuration::from_secs(120), |c| get_job(c, "pi").is_finished()));
    let j = get_job(&c, "pi");
    let types: Vec<&str> = j.status.conditions.iter().map(|c| &*c.type_).collect();
    assert_eq!(types, ["SuccessCriteriaMet", "Complete"]);
    assert_eq!((j.status.succeeded, j.status.active, j.status.failed), (1, 0, 0));
    assert!(j.status.completion_time.is_some());
    let pods = pods_of(&c, &uid);
    assert_eq!(pods.len(), 1);
    assert_eq!(pods[0].status.phase, "Succeeded");
    let reasons: Vec<String> = c.events_for(&uid).iter().map(|e| e.reason.to_string()).collect();
    assert_eq!(reasons, ["SuccessfulCreate", "Completed"]);
    // Deleting the Job takes its pods along.
    c.delete(Kind::Job, "default", "pi", DeleteOptions::default()).expect("delete");
    c.run_for(SimDuration::from_secs(2));
    assert!(pods_of(&c, &uid).is_empty());
}

#[test]
fn a_failing_job_backs_off_until_its_limit() {
    let mut c = Cluster::new(ClusterConfig::current(2));
    let mut j = job("fail", "busybox:1.36", "echo oops; exit 1");
    j.spec.backoff_limit = Some(2);
    let Object::Job(j) = c.create(Object::Job(j)).expect("job") else { panic!() };
    let uid = j.metadata.uid.clone();
    let mut created_at = Vec::new();
    let done = c.run_until(SimDuration::from_secs(300), |c| get_job(c, "fail").condition("Failed").is_some());
    assert!(done);
    for e in c.events_for(&uid) {
        if e.reason == "SuccessfulCreate" {
            created_at.push(e.first_timestamp.as_secs());
        }
    }
    assert_eq!(created_at.len(), 3, "backoffLimit 2: three pods");
    // The second pod waits 10 s after the first failure, the third 20 s after the second.
    let gaps: Vec<u64> = created_at.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(gaps[1] > gaps[0] && gaps[0] >= 10, "{gaps:?}");
    let j = get_job(&c, "fail");
    assert_eq!(j.status.failed, 3);
    let failed = j.condition("Failed").expect("Failed");
    assert_eq!(failed.reason, "BackoffLimitExceeded");
    assert!(c.events_for(&uid).iter().any(|e| e.reason == "BackoffLimitExceeded" && e.type_ == "Warning"));
    assert!(pods_of(&c, &uid).iter().all(|p| p.status.phase == "Failed"));
}

#[test]
fn a_deadline_fails_the_job_and_a_ttl_deletes_it() {
    let mut c = Cluster::new(ClusterConfig::current(3));
    let mut j = job("slow", "busybox:1.36", "sleep 600");
    j.spec.active_deadline_seconds = Some(20);
    j.spec.ttl_seconds_after_finished = Some(30);
    c.create(Object::Job(j)).expect("job");
    assert!(c.run_until(SimDuration::from_secs(120), |c| get_job(c, "slow").condition("Failed").is_some()));
    assert_eq!(get_job(&c, "slow").condition("Failed").map(|c| c.reason.clone()).as_deref(), Some("DeadlineExceeded"));
    assert!(c.run_until(SimDuration::from_secs(40), |c| c.get(Kind::Job, "default", "slow").is_none()));
}

#[test]
fn a_cronjob_starts_a_job_every_minute_and_keeps_three() {
    let mut c = Cluster::new(ClusterConfig::current(4));
    let mut cj = CronJob { api_version: "batch/v1".into(), kind: "CronJob".into(), ..Default::default() };
    cj.metadata.name = "hello".into();
    cj.metadata.namespace = Some("default".into());
    cj.spec.schedule = "*/1 * * * *".into();
    cj.spec.job_template.spec = *job("hello", "busybox:1.28", "echo Hello; sleep 2").spec;
    cj.spec.job_template.spec.template.spec.restart_policy = Some("OnFailure".into());
    c.create(Object::CronJob(Box::new(cj))).expect("cronjob");
    c.run_for(SimDuration::from_secs(6 * 60));
    let jobs: Vec<String> = c.list(Kind::Job, Some("default")).iter().map(|o| o.meta().name.clone()).collect();
    // Three finished ones (successfulJobsHistoryLimit) and the one of this minute, running.
    assert_eq!(jobs.len(), 4, "{jobs:?}");
    let finished =
        c.list(Kind::Job, Some("default")).iter().filter(|o| matches!(o, Object::Job(j) if j.is_finished())).count();
    assert_eq!(finished, 3);
    let minute = c.unix_secs(c.now()) / 60;
    assert!(jobs
        .iter()
        .all(|n| n.strip_prefix("hello-").and_then(|m| m.parse::<i64>().ok()).is_some_and(|m| m <= minute)));
    let Some(Object::CronJob(cj)) = c.get(Kind::CronJob, "default", "hello") else { panic!() };
    assert!(cj.status.last_schedule_time.is_some() && cj.status.last_successful_time.is_some());
    // A bad schedule is refused with the parser's message.
    let mut bad = cj.clone();
    bad.metadata = ObjectMeta { name: "bad".into(), namespace: Some("default".into()), ..Default::default() };
    bad.status = Default::default();
    bad.spec.schedule = "61 * * * *".into();
    let err = c.create(Object::CronJob(bad)).unwrap_err();
    assert!(err.to_string().contains("end of range (61) above maximum (59): 61"), "{err}");
}

fn cronjob(name: &str, schedule: &str, script: &str, policy: &str) -> CronJob {
    let mut cj = CronJob { api_version: "batch/v1".into(), kind: "CronJob".into(), ..Default::default() };
    cj.metadata.name = name.into();
    cj.metadata.namespace = Some("default".into());
    cj.spec.schedule = schedule.into();
    cj.spec.concurrency_policy = Some(policy.into());
    cj.spec.job_template.spec = *job(name, "busybox:1.36", script).spec;
    cj
}

fn reasons(c: &Cluster, kind: Kind, name: &str) -> Vec<String> {
    let uid = c.get(kind, "default", name).map(|o| o.meta().uid.clone()).unwrap_or_default();
    c.events_for(&uid).iter().map(|e| e.reason.to_string()).collect()
}

#[test]
fn forbid_skips_a_run_while_one_is_active_and_replace_deletes_it() {
    let mut c = Cluster::new(ClusterConfig::current(5));
    c.create(Object::CronJob(Box::new(cronjob("f", "* * * * *", "sleep 90", "Forbid")))).expect("forbid");
    c.create(Object::CronJob(Box::new(cronjob("r", "* * * * *", "sleep 90", "Replace")))).expect("replace");
    c.run_for(SimDuration::from_secs(3 * 60 + 5));
    let owned = |c: &Cluster, owner: &str| {
        c.list(Kind::Job, Some("default"))
            .into_iter()
            .filter(|o| o.meta().controller_ref().is_some_and(|r| r.name == owner))
            .count()
    };
    // Forbid: the first job runs 90 s, so the second minute is skipped.
    assert!(reasons(&c, Kind::CronJob, "f").contains(&"JobAlreadyActive".to_string()));
    assert!(owned(&c, "f") < 3, "{}", owned(&c, "f"));
    // Replace: every minute the running job is deleted and a new one made; one job left.
    assert!(reasons(&c, Kind::CronJob, "r").contains(&"SuccessfulDelete".to_string()));
    assert_eq!(owned(&c, "r"), 1);
}

#[test]
fn a_suspended_cronjob_starts_nothing_and_a_start_past_its_deadline_is_skipped() {
    let mut c = Cluster::new(ClusterConfig::current(6));
    let mut cj = cronjob("s", "* * * * *", "echo hi", "Allow");
    cj.spec.suspend = Some(true);
    cj.spec.starting_deadline_seconds = Some(10);
    c.create(Object::CronJob(Box::new(cj))).expect("cronjob");
    c.run_for(SimDuration::from_secs(150));
    assert!(c.list(Kind::Job, Some("default")).is_empty());
    // Resumed 30 s after a minute: that start is more than 10 s late, so the controller does
    // not look back that far (`mostRecentScheduleTime` from now - startingDeadlineSeconds).
    let now = c.unix_secs(c.now());
    c.run_for(SimDuration::from_secs((90 - now.rem_euclid(60)).rem_euclid(60) as u64));
    let Some(Object::CronJob(cj)) = c.get(Kind::CronJob, "default", "s").cloned() else { panic!() };
    let mut cj = *cj;
    cj.spec.suspend = Some(false);
    c.update(Object::CronJob(Box::new(cj))).expect("resume");
    assert!(c.list(Kind::Job, Some("default")).is_empty(), "{:?}", reasons(&c, Kind::CronJob, "s"));
    c.run_for(SimDuration::from_secs(60));
    assert_eq!(c.list(Kind::Job, Some("default")).len(), 1);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Whatever the numbers and however the pods end, a Job never has more active pods than
    /// its parallelism, and never more succeeded than completions.
    #[test]
    fn never_more_active_pods_than_parallelism(
        parallelism in 0i64..5,
        completions in proptest::option::of(1i64..6),
        fail in any::<bool>(),
        secs in 1u64..6,
        seed in 0u64..1000,
    ) {
        let mut c = Cluster::new(ClusterConfig::current(seed));
        let script = if fail { format!("sleep {secs}; exit 1") } else { format!("sleep {secs}") };
        let mut j = job("p", "busybox:1.36", &script);
        j.spec.parallelism = Some(parallelism);
        j.spec.completions = completions;
        j.spec.backoff_limit = Some(3);
        let Object::Job(j) = c.create(Object::Job(j)).expect("job") else { panic!() };
        let uid = j.metadata.uid.clone();
        for _ in 0..90 {
            c.step();
            let active = c.pods().filter(|p| p.is_active() && p.metadata.controller_ref().is_some_and(|r| r.uid == uid)).count() as i64;
            prop_assert!(active <= parallelism, "{active} active > parallelism {parallelism}");
            let j = get_job(&c, "p");
            prop_assert!(j.status.active <= parallelism);
            if let Some(n) = completions {
                prop_assert!(j.status.succeeded <= n);
            }
        }
    }
}
