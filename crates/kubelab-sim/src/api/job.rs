//! batch/v1 Jobs and CronJobs (batch/v1beta1 CronJobs on the course-era server), with the API
//! server's defaults, generated selectors and validation.
//!
//! Defaults (`SetDefaults_Job`): completions and parallelism 1 when both are unset (a set
//! parallelism alone leaves completions unset: a work queue), backoffLimit 6, completionMode
//! NonIndexed, suspend false and, on current servers, podReplacementPolicy TerminatingOrFailed.
//! The Job's labels default to its template's. The selector is generated at creation
//! (`generateSelector`, unless `manualSelector: true`): the template gets `controller-uid` and
//! `job-name` labels (v1.27+: also `batch.kubernetes.io/controller-uid` and
//! `batch.kubernetes.io/job-name`, and the selector matches the newer key). CronJobs default
//! concurrencyPolicy Allow, suspend false and history limits 3 succeeded / 1 failed.
//!
//! Simplified: no Indexed completion mode arithmetic (it validates and runs as NonIndexed), no
//! pod failure policy, no success policy, no `timeZone` other than unset.

use super::cron::Schedule;
use super::meta::is_zero;
use super::meta::{Condition, Extra, ObjectMeta};
use super::pod::PodTemplateSpec;
use super::selector::LabelSelector;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};

pub const JOB_NAME_LABEL: &str = "job-name";
pub const CONTROLLER_UID_LABEL: &str = "controller-uid";
pub const BATCH_JOB_NAME_LABEL: &str = "batch.kubernetes.io/job-name";
pub const BATCH_CONTROLLER_UID_LABEL: &str = "batch.kubernetes.io/controller-uid";
pub const CRONJOB_SCHEDULED_ANNOTATION: &str = "batch.kubernetes.io/cronjob-scheduled-timestamp";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Job {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: Box<JobSpec>,
    pub status: JobStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JobSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completions: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_deadline_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backoff_limit: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manual_selector: Option<bool>,
    pub template: PodTemplateSpec,
    #[serde(rename = "ttlSecondsAfterFinished", skip_serializing_if = "Option::is_none")]
    pub ttl_seconds_after_finished: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod_replacement_policy: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JobStatus {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<SimTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion_time: Option<SimTime>,
    #[serde(skip_serializing_if = "is_zero")]
    pub active: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub succeeded: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub failed: i64,
    /// v1.24+: always written by the controller.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ready: Option<i64>,
    /// v1.28+ (pod replacement policy): always written by the controller.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terminating: Option<i64>,
    /// v1.26+ (finalizer tracking): `{}` once the controller synced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncounted_terminated_pods: Option<serde_json::Value>,
}

impl Job {
    pub fn parallelism(&self) -> i64 {
        self.spec.parallelism.unwrap_or(1).max(0)
    }
    pub fn backoff_limit(&self) -> i64 {
        self.spec.backoff_limit.unwrap_or(6)
    }
    pub fn is_suspended(&self) -> bool {
        self.spec.suspend == Some(true)
    }
    pub fn condition(&self, type_: &str) -> Option<&Condition> {
        self.status.conditions.iter().find(|c| c.type_ == type_ && c.status == "True")
    }
    /// Complete or Failed.
    pub fn is_finished(&self) -> bool {
        self.condition("Complete").is_some() || self.condition("Failed").is_some()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CronJob {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: CronJobSpec,
    pub status: CronJobStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CronJobSpec {
    pub schedule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starting_deadline_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concurrency_policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    pub job_template: JobTemplateSpec,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successful_jobs_history_limit: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed_jobs_history_limit: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JobTemplateSpec {
    pub metadata: ObjectMeta,
    pub spec: JobSpec,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CronJobStatus {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub active: Vec<JobReference>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_schedule_time: Option<SimTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_successful_time: Option<SimTime>,
}

/// An entry of a CronJob's `status.active` (a core/v1 ObjectReference).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JobReference {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub namespace: String,
    pub resource_version: String,
    pub uid: String,
}

impl CronJob {
    pub fn is_suspended(&self) -> bool {
        self.spec.suspend == Some(true)
    }
    pub fn concurrency_policy(&self) -> &str {
        self.spec.concurrency_policy.as_deref().unwrap_or("Allow")
    }
}

/// `SetDefaults_Job` (`podReplacementPolicy` only on servers that have it).
pub fn default_job(job: &mut Job, version_minor: u32) {
    let s = &mut job.spec;
    if s.completions.is_none() && s.parallelism.is_none() {
        s.completions = Some(1);
        s.parallelism = Some(1);
    }
    s.parallelism.get_or_insert(1);
    s.backoff_limit.get_or_insert(6);
    if version_minor >= 21 {
        s.completion_mode.get_or_insert_with(|| "NonIndexed".into());
        s.suspend.get_or_insert(false);
    }
    if version_minor >= 29 {
        s.pod_replacement_policy.get_or_insert_with(|| "TerminatingOrFailed".into());
    }
    if job.metadata.labels.is_empty() {
        job.metadata.labels = job.spec.template.metadata.labels.clone();
    }
}

/// `SetDefaults_CronJob`.
pub fn default_cronjob(cj: &mut CronJob) {
    let s = &mut cj.spec;
    s.concurrency_policy.get_or_insert_with(|| "Allow".into());
    s.suspend.get_or_insert(false);
    s.successful_jobs_history_limit.get_or_insert(3);
    s.failed_jobs_history_limit.get_or_insert(1);
}

/// The Job strategy's `generateSelector` at creation, once the uid is known: labels on the
/// template and the selector (unless `manualSelector`); then the Job's labels default to them.
pub fn generate_selector(job: &mut Job, version_minor: u32) {
    if job.spec.manual_selector == Some(true) {
        return;
    }
    let uid = job.metadata.uid.clone();
    let name = job.metadata.name.clone();
    let labels = &mut job.spec.template.metadata.labels;
    let newer = version_minor >= 27;
    if newer {
        labels.insert(BATCH_CONTROLLER_UID_LABEL.into(), uid.clone());
        labels.insert(BATCH_JOB_NAME_LABEL.into(), name.clone());
    }
    labels.insert(CONTROLLER_UID_LABEL.into(), uid.clone());
    labels.insert(JOB_NAME_LABEL.into(), name);
    let key = if newer { BATCH_CONTROLLER_UID_LABEL } else { CONTROLLER_UID_LABEL };
    let sel = job.spec.selector.get_or_insert_with(Default::default);
    sel.match_labels.insert(key.into(), uid);
    if job.metadata.labels.is_empty() {
        job.metadata.labels = job.spec.template.metadata.labels.clone();
    }
}

fn non_negative(v: Option<i64>, path: &str, causes: &mut Vec<String>) {
    if let Some(n) = v.filter(|n| *n < 0) {
        causes.push(format!("{path}: Invalid value: {n}: must be greater than or equal to 0"));
    }
}

/// `validateJobSpec` at `path` (`spec`, `spec.jobTemplate.spec`), without the pod spec.
pub fn validate_job_spec(s: &JobSpec, path: &str, generated_selector: bool, causes: &mut Vec<String>) {
    non_negative(s.parallelism, &format!("{path}.parallelism"), causes);
    non_negative(s.completions, &format!("{path}.completions"), causes);
    non_negative(s.backoff_limit, &format!("{path}.backoffLimit"), causes);
    non_negative(s.ttl_seconds_after_finished, &format!("{path}.ttlSecondsAfterFinished"), causes);
    if let Some(n) = s.active_deadline_seconds.filter(|n| *n <= 0) {
        causes.push(format!("{path}.activeDeadlineSeconds: Invalid value: {n}: must be greater than 0"));
    }
    if let Some(m) = s.completion_mode.as_deref().filter(|m| !matches!(*m, "NonIndexed" | "Indexed")) {
        causes.push(format!(
            "{path}.completionMode: Unsupported value: \"{m}\": supported values: \"NonIndexed\", \"Indexed\""
        ));
    }
    if !generated_selector {
        match &s.selector {
            None => causes.push(format!("{path}.selector: Required value")),
            Some(sel) => {
                let matches = sel.to_selector().is_ok_and(|x| x.matches(&s.template.metadata.labels));
                if !matches {
                    causes.push(format!(
                        "{path}.template.metadata.labels: Invalid value: {}: `selector` does not match template `labels`",
                        crate::validation::go_map(&s.template.metadata.labels)
                    ));
                }
            }
        }
    }
    let policy = s.template.spec.restart_policy.as_deref().unwrap_or("Always");
    if policy != "OnFailure" && policy != "Never" {
        causes.push(format!(
            "{path}.template.spec.restartPolicy: Unsupported value: \"{policy}\": supported values: \"OnFailure\", \"Never\""
        ));
    }
}

/// A CronJob's own checks (the job template's are [`validate_job_spec`]'s).
pub fn validate_cronjob(cj: &CronJob, causes: &mut Vec<String>) {
    let s = &cj.spec;
    if s.schedule.is_empty() {
        causes.push("spec.schedule: Required value".into());
    } else if s.schedule.contains("TZ") {
        causes.push(format!(
            "spec.schedule: Invalid value: \"{}\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
            s.schedule
        ));
    } else if let Err(e) = Schedule::parse(&s.schedule) {
        causes.push(format!("spec.schedule: Invalid value: \"{}\": {e}", s.schedule));
    }
    if let Some(p) = s.concurrency_policy.as_deref().filter(|p| !matches!(*p, "Allow" | "Forbid" | "Replace")) {
        causes.push(format!(
            "spec.concurrencyPolicy: Unsupported value: \"{p}\": supported values: \"Allow\", \"Forbid\", \"Replace\""
        ));
    }
    non_negative(s.starting_deadline_seconds, "spec.startingDeadlineSeconds", causes);
    non_negative(s.successful_jobs_history_limit, "spec.successfulJobsHistoryLimit", causes);
    non_negative(s.failed_jobs_history_limit, "spec.failedJobsHistoryLimit", causes);
    // `metadata.name`: the job names add 11 characters (`-` and the minutes).
    if cj.metadata.name.len() > 52 {
        causes.push(format!(
            "metadata.name: Invalid value: \"{}\": must be no more than 52 characters",
            cj.metadata.name
        ));
    }
}

/// An update of a Job keeps the selector and the labels the server generated (both are
/// immutable; a manifest applied again does not carry them).
pub fn keep_generated_selector(old: &Job, new: &mut Job) {
    if new.spec.manual_selector == Some(true) {
        return;
    }
    if new.spec.selector.is_none() {
        new.spec.selector = old.spec.selector.clone();
    }
    for key in [BATCH_CONTROLLER_UID_LABEL, BATCH_JOB_NAME_LABEL, CONTROLLER_UID_LABEL, JOB_NAME_LABEL] {
        if let Some(v) = old.spec.template.metadata.labels.get(key) {
            new.spec.template.metadata.labels.entry(key.into()).or_insert_with(|| v.clone());
            new.metadata.labels.entry(key.into()).or_insert_with(|| v.clone());
        }
    }
}
