//! `kubectl describe job` and `kubectl describe cronjob` (kubectl's `describeJob`,
//! `describeCronJob` and `describeJobTemplate`).

use super::{events, map_lines, pod_template, Out};
use crate::text::human_duration;
use crate::Era;
use kubelab_sim::api::*;
use kubelab_sim::Cluster;

fn selector_text(sel: Option<&LabelSelector>) -> Option<String> {
    sel.and_then(|s| s.to_selector().ok()).map(|s| s.to_string())
}

fn bool_ptr(b: Option<bool>) -> &'static str {
    match b {
        Some(true) => "True",
        Some(false) => "False",
        None => "<unset>",
    }
}

pub(super) fn job(cluster: &Cluster, j: &Job, era: &Era) -> String {
    let mut out = Out::new(cluster);
    let m = &j.metadata;
    out.line(0, &format!("Name:\t{}", m.name));
    out.line(0, &format!("Namespace:\t{}", m.ns()));
    out.line(0, &format!("Selector:\t{}", selector_text(j.spec.selector.as_ref()).unwrap_or_default()));
    map_lines(&mut out, 0, "Labels:", &m.labels, era);
    map_lines(&mut out, 0, "Annotations:", &m.annotations, era);
    if let Some(o) = m.controller_ref() {
        out.line(0, &format!("Controlled By:\t{}/{}", o.kind, o.name));
    }
    if let Some(p) = j.spec.parallelism {
        out.line(0, &format!("Parallelism:\t{p}"));
    }
    match j.spec.completions {
        Some(c) => out.line(0, &format!("Completions:\t{c}")),
        None => out.line(0, "Completions:\t<unset>"),
    }
    if era.describe_job_spec_lines {
        if let Some(mode) = &j.spec.completion_mode {
            out.line(0, &format!("Completion Mode:\t{mode}"));
        }
        if let Some(s) = j.spec.suspend {
            out.line(0, &format!("Suspend:\t{s}"));
        }
        if let Some(b) = j.spec.backoff_limit {
            out.line(0, &format!("Backoff Limit:\t{b}"));
        }
        if let Some(t) = j.spec.ttl_seconds_after_finished {
            out.line(0, &format!("TTL Seconds After Finished:\t{t}"));
        }
    }
    if let Some(s) = j.status.start_time {
        let t = out.time(s);
        out.line(0, &format!("Start Time:\t{t}"));
    }
    if let Some(c) = j.status.completion_time {
        let t = out.time(c);
        out.line(0, &format!("Completed At:\t{t}"));
    }
    if let (Some(s), Some(c)) = (j.status.start_time, j.status.completion_time) {
        out.line(0, &format!("Duration:\t{}", human_duration(c.as_millis() as i64 - s.as_millis() as i64)));
    }
    if let Some(d) = j.spec.active_deadline_seconds {
        out.line(0, &format!("Active Deadline Seconds:\t{d}s"));
    }
    let st = &j.status;
    let pods = if !era.describe_job_spec_lines {
        format!("{} Running / {} Succeeded / {} Failed", st.active, st.succeeded, st.failed)
    } else if let Some(ready) = st.ready {
        format!("{} Active ({ready} Ready) / {} Succeeded / {} Failed", st.active, st.succeeded, st.failed)
    } else {
        format!("{} Active / {} Succeeded / {} Failed", st.active, st.succeeded, st.failed)
    };
    out.line(0, &format!("Pods Statuses:\t{pods}"));
    out.line(0, "Pod Template:");
    pod_template(&mut out, 1, &j.spec.template, era);
    events(&mut out, cluster, &m.uid, era);
    out.finish()
}

pub(super) fn cronjob(cluster: &Cluster, cj: &CronJob, era: &Era) -> String {
    let mut out = Out::new(cluster);
    let m = &cj.metadata;
    let s = &cj.spec;
    out.line(0, &format!("Name:\t{}", m.name));
    out.line(0, &format!("Namespace:\t{}", m.ns()));
    map_lines(&mut out, 0, "Labels:", &m.labels, era);
    map_lines(&mut out, 0, "Annotations:", &m.annotations, era);
    out.line(0, &format!("Schedule:\t{}", s.schedule));
    out.line(0, &format!("Concurrency Policy:\t{}", s.concurrency_policy.as_deref().unwrap_or("")));
    out.line(0, &format!("Suspend:\t{}", bool_ptr(s.suspend)));
    let or_unset = |v: Option<i64>, unit: &str| v.map(|n| format!("{n}{unit}")).unwrap_or_else(|| "<unset>".into());
    out.line(0, &format!("Successful Job History Limit:\t{}", or_unset(s.successful_jobs_history_limit, "")));
    out.line(0, &format!("Failed Job History Limit:\t{}", or_unset(s.failed_jobs_history_limit, "")));
    out.line(0, &format!("Starting Deadline Seconds:\t{}", or_unset(s.starting_deadline_seconds, "s")));
    let t = &s.job_template.spec;
    out.line(0, &format!("Selector:\t{}", selector_text(t.selector.as_ref()).unwrap_or_else(|| "<unset>".into())));
    out.line(0, &format!("Parallelism:\t{}", or_unset(t.parallelism, "")));
    out.line(0, &format!("Completions:\t{}", or_unset(t.completions, "")));
    if let Some(d) = t.active_deadline_seconds {
        out.line(0, &format!("Active Deadline Seconds:\t{d}s"));
    }
    out.line(0, "Pod Template:");
    pod_template(&mut out, 1, &t.template, era);
    match cj.status.last_schedule_time {
        Some(l) => {
            let t = out.time(l);
            out.line(0, &format!("Last Schedule Time:\t{t}"));
        }
        None => out.line(0, "Last Schedule Time:\t<unset>"),
    }
    let active: Vec<&str> = cj.status.active.iter().map(|r| r.name.as_str()).collect();
    out.line(0, &format!("Active Jobs:\t{}", if active.is_empty() { "<none>".into() } else { active.join(", ") }));
    events(&mut out, cluster, &m.uid, era);
    out.finish()
}
