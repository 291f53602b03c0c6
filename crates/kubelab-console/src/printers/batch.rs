//! `get jobs` and `get cronjobs` rows (kubectl's `printJob` and `printCronJob`).

use super::{age, containers_images, selector_cell};
use crate::text::human_duration;
use crate::Era;
use kubelab_sim::api::*;
use kubelab_sim::Cluster;

/// The STATUS cell: kubectl 1.33's order of conditions.
pub fn job_status(j: &Job) -> &'static str {
    if j.condition("Complete").is_some() {
        "Complete"
    } else if j.condition("Failed").is_some() {
        "Failed"
    } else if j.metadata.is_deleting() {
        "Terminating"
    } else if j.condition("Suspended").is_some() {
        "Suspended"
    } else if j.condition("FailureTarget").is_some() {
        "FailureTarget"
    } else if j.condition("SuccessCriteriaMet").is_some() {
        "SuccessCriteriaMet"
    } else {
        "Running"
    }
}

/// COMPLETIONS: `1/1`, or for a work queue `0/1 of 3`.
pub fn completions(j: &Job) -> String {
    match j.spec.completions {
        Some(c) => format!("{}/{c}", j.status.succeeded),
        None if j.parallelism() > 1 => format!("{}/1 of {}", j.status.succeeded, j.parallelism()),
        None => format!("{}/1", j.status.succeeded),
    }
}

/// DURATION: from the start to the completion, or to now while running.
pub fn duration(cluster: &Cluster, j: &Job) -> String {
    match (j.status.start_time, j.status.completion_time) {
        (None, _) => String::new(),
        (Some(s), None) => age(cluster, s),
        (Some(s), Some(e)) => human_duration(e.as_millis() as i64 - s.as_millis() as i64),
    }
}

pub fn job_row(cluster: &Cluster, j: &Job, era: &Era, wide: bool, name: String, a: String) -> Vec<String> {
    let mut r = if era.job_desired_successful_columns {
        let desired = j.spec.completions.map(|c| c.to_string()).unwrap_or_else(|| "<none>".into());
        vec![name, desired, j.status.succeeded.to_string(), a]
    } else {
        vec![name, job_status(j).into(), completions(j), duration(cluster, j), a]
    };
    if wide {
        let (names, images) = containers_images(&j.spec.template.spec);
        r.extend([names, images, selector_cell(&j.spec.selector)]);
    }
    r
}

pub fn cronjob_row(cluster: &Cluster, cj: &CronJob, era: &Era, wide: bool, name: String, a: String) -> Vec<String> {
    let last = cj.status.last_schedule_time.map(|t| age(cluster, t)).unwrap_or_else(|| "<none>".into());
    let suspend = match cj.spec.suspend {
        Some(true) => "True",
        Some(false) => "False",
        None => "<unset>",
    };
    let mut r = vec![name, cj.spec.schedule.clone()];
    if era.cronjob_timezone_column {
        r.push(cj.spec.time_zone.clone().unwrap_or_else(|| "<none>".into()));
    }
    r.extend([suspend.to_string(), cj.status.active.len().to_string(), last, a]);
    if wide {
        let spec = &cj.spec.job_template.spec;
        let (names, images) = containers_images(&spec.template.spec);
        r.extend([names, images, selector_cell(&spec.selector)]);
    }
    r
}
