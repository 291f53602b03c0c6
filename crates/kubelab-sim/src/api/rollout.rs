//! Argo Rollouts' custom resources (`argoproj.io/v1alpha1`): `Rollout`, `AnalysisTemplate` and
//! `AnalysisRun`, with Argo's field names (`pkg/apis/rollouts/v1alpha1/types.go`,
//! `analysis_types.go`). They exist only once the Argo Rollouts addon installed its CRDs
//! (`Cluster::install_argo_rollouts`, `ClusterConfig::argo_rollouts`).
//!
//! Like the storage kinds, the store keeps them as `Object::Opaque` and the controller and the
//! console read them through these typed views (`from_object` / `into_object`), so every field
//! the lab does not model stays in `extra` and round-trips.
//!
//! Modelled: the canary strategy's `steps` (`setWeight`, `pause` with and without `duration`,
//! `analysis` with `templates`), `maxSurge`/`maxUnavailable`; an AnalysisTemplate's metrics
//! (`interval`, `count`, `initialDelay`, `successCondition`, `failureCondition`,
//! `failureLimit`, `inconclusiveLimit`, `consecutiveErrorLimit`). The blue-green strategy,
//! `trafficRouting`, `setCanaryScale`, experiments, background analysis, `args` and the
//! ClusterAnalysisTemplate kind are kept but not acted on.

use super::meta::is_zero;
use super::meta::{Extra, IntOrString, ObjectMeta};
use super::pod::PodTemplateSpec;
use super::selector::LabelSelector;
use super::{Condition, Kind, Object, Opaque};
use crate::time::{SimDuration, SimTime};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The API group and version of every Argo Rollouts kind.
pub const API_VERSION: &str = "argoproj.io/v1alpha1";
/// The label with which Argo marks a Rollout's ReplicaSets and pods (`DefaultRolloutUniqueLabelKey`).
pub const HASH_LABEL: &str = "rollouts-pod-template-hash";
/// The revision annotation on a Rollout and its ReplicaSets.
pub const ROLLOUT_REVISION_ANNOTATION: &str = "rollout.argoproj.io/revision";
/// The labels on a step's AnalysisRun.
pub const STEP_INDEX_LABEL: &str = "rollouts-pod-template-hash-step-index";
pub const TYPE_LABEL: &str = "rollout-type";
/// `spec.strategy.canary.maxSurge` and `maxUnavailable` when unset.
pub const DEFAULT_MAX_SURGE: &str = "25%";
pub const DEFAULT_MAX_UNAVAILABLE: &str = "25%";
/// Pause reasons (`PauseReason`).
pub const PAUSE_CANARY_STEP: &str = "CanaryPauseStep";
pub const PAUSE_INCONCLUSIVE: &str = "InconclusiveAnalysisRun";

fn from_opaque<T: DeserializeOwned>(obj: &Object, kind: Kind) -> Option<T> {
    match obj {
        Object::Opaque(k, o) if *k == kind => serde_json::to_value(o).ok().and_then(|v| serde_json::from_value(v).ok()),
        _ => None,
    }
}

fn into_opaque<T: Serialize>(value: &T, kind: Kind) -> Object {
    let o: Opaque = serde_json::to_value(value).ok().and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
    Object::Opaque(kind, o)
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Rollout {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: RolloutSpec,
    #[serde(skip_serializing_if = "is_default")]
    pub status: RolloutStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RolloutSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    pub template: PodTemplateSpec,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_ready_seconds: Option<i64>,
    pub strategy: RolloutStrategy,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paused: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RolloutStrategy {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canary: Option<CanaryStrategy>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CanaryStrategy {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<CanaryStep>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_surge: Option<IntOrString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canary_service: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stable_service: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traffic_routing: Option<serde_json::Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CanaryStep {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set_weight: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pause: Option<RolloutPause>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analysis: Option<RolloutAnalysis>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RolloutPause {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<IntOrString>,
}

impl RolloutPause {
    /// The pause's length (`10` or `"10"`: seconds; `30s`, `5m`, `1h`); `None` when indefinite
    /// or not a duration.
    pub fn duration(&self) -> Option<SimDuration> {
        match self.duration.as_ref()? {
            IntOrString::Int(s) => u64::try_from(*s).ok().map(SimDuration::from_secs),
            IntOrString::Str(s) => parse_duration(s),
        }
    }
}

/// Argo's durations: a whole number with an optional unit `s`, `m` or `h` (seconds by default).
pub fn parse_duration(s: &str) -> Option<SimDuration> {
    let (num, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => s.split_at(i),
        None => (s, "s"),
    };
    let n: u64 = num.parse().ok()?;
    let secs = match unit {
        "s" => n,
        "m" => n.checked_mul(60)?,
        "h" => n.checked_mul(3600)?,
        _ => return None,
    };
    (secs <= 366 * 86_400).then(|| SimDuration::from_secs(secs))
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RolloutAnalysis {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub templates: Vec<AnalysisTemplateRef>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AnalysisTemplateRef {
    pub template_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster_scope: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RolloutStatus {
    #[serde(skip_serializing_if = "is_false")]
    pub abort: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pause_conditions: Vec<PauseCondition>,
    #[serde(skip_serializing_if = "is_false")]
    pub controller_pause: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aborted_at: Option<SimTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_pod_hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_step_hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_step_index: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_replicas: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ready_replicas: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_replicas: Option<i64>,
    #[serde(skip_serializing_if = "is_default")]
    pub canary: CanaryStatus,
    #[serde(rename = "stableRS", skip_serializing_if = "Option::is_none")]
    pub stable_rs: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PauseCondition {
    pub reason: String,
    pub start_time: SimTime,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CanaryStatus {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_step_analysis_run_status: Option<RolloutAnalysisRunStatus>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RolloutAnalysisRunStatus {
    pub name: String,
    pub status: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
}

impl Rollout {
    pub fn from_object(obj: &Object) -> Option<Rollout> {
        from_opaque(obj, Kind::Rollout)
    }
    pub fn into_object(&self) -> Object {
        into_opaque(self, Kind::Rollout)
    }
    /// `spec.replicas`, 1 when unset.
    pub fn replicas(&self) -> i64 {
        self.spec.replicas.unwrap_or(1).max(0)
    }
    pub fn steps(&self) -> &[CanaryStep] {
        self.spec.strategy.canary.as_ref().map(|c| c.steps.as_slice()).unwrap_or(&[])
    }
    /// `currentStepIndex`, 0 when unset.
    pub fn step_index(&self) -> usize {
        self.status.current_step_index.and_then(|i| usize::try_from(i).ok()).unwrap_or(0)
    }
    /// The step being carried out (`GetCurrentCanaryStep`); `None` once every step is done.
    pub fn current_step(&self) -> Option<&CanaryStep> {
        self.steps().get(self.step_index())
    }
    /// `GetCurrentSetWeight`: 0 when aborted, 100 past the last step, else the last
    /// `setWeight` at or before the current step.
    pub fn current_set_weight(&self) -> i64 {
        if self.status.abort {
            return 0;
        }
        let steps = self.steps();
        let i = self.step_index();
        if i >= steps.len() {
            return 100;
        }
        steps[..=i].iter().rev().find_map(|s| s.set_weight).unwrap_or(0)
    }
    /// Fully promoted: the stable ReplicaSet is the current one.
    pub fn fully_promoted(&self) -> bool {
        self.status.stable_rs.is_some() && self.status.stable_rs == self.status.current_pod_hash
    }
    pub fn revision(&self) -> i64 {
        self.metadata.annotations.get(ROLLOUT_REVISION_ANNOTATION).and_then(|r| r.parse().ok()).unwrap_or(0)
    }
    fn surge_or_unavailable(&self, surge: bool) -> i64 {
        let canary = self.spec.strategy.canary.as_ref();
        let v = if surge {
            canary.and_then(|c| c.max_surge.clone())
        } else {
            canary.and_then(|c| c.max_unavailable.clone())
        };
        let v = v.unwrap_or_else(|| {
            IntOrString::Str(if surge { DEFAULT_MAX_SURGE } else { DEFAULT_MAX_UNAVAILABLE }.into())
        });
        v.scaled_value(self.replicas(), surge).unwrap_or(0).max(0)
    }
    /// `MaxSurge` (rounded up).
    pub fn max_surge(&self) -> i64 {
        self.surge_or_unavailable(true)
    }
    /// `MaxUnavailable` (rounded down), never more than the replicas.
    pub fn max_unavailable(&self) -> i64 {
        self.surge_or_unavailable(false).min(self.replicas())
    }
}

/// What Argo's controller finds invalid in a Rollout's spec (its `InvalidSpec` condition),
/// reduced to what the lab models: `field: Invalid value: V: message`.
pub fn invalid_spec(ro: &Rollout) -> Option<String> {
    if let Some(r) = ro.spec.replicas.filter(|r| *r < 0) {
        return Some(format!("spec.replicas: Invalid value: {r}: must be greater than or equal to 0"));
    }
    for (i, step) in ro.steps().iter().enumerate() {
        if let Some(w) = step.set_weight.filter(|w| !(0..=100).contains(w)) {
            return Some(format!(
                "spec.strategy.canary.steps[{i}].setWeight: Invalid value: {w}: SetWeight must be between 0 and 100"
            ));
        }
        if let Some(p) = step.pause.as_ref().filter(|p| p.duration.is_some() && p.duration().is_none()) {
            let v = match &p.duration {
                Some(IntOrString::Int(n)) => n.to_string(),
                Some(IntOrString::Str(s)) => s.clone(),
                None => String::new(),
            };
            return Some(format!(
                "spec.strategy.canary.steps[{i}].pause.duration: Invalid value: \"{v}\": invalid duration"
            ));
        }
    }
    None
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AnalysisTemplate {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: AnalysisTemplateSpec,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AnalysisTemplateSpec {
    pub metrics: Vec<Metric>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl AnalysisTemplate {
    pub fn from_object(obj: &Object) -> Option<AnalysisTemplate> {
        from_opaque(obj, Kind::AnalysisTemplate)
    }
}

/// One metric of an analysis (`Metric`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Metric {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial_delay: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<IntOrString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success_condition: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_condition: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_limit: Option<IntOrString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inconclusive_limit: Option<IntOrString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consecutive_error_limit: Option<IntOrString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<serde_json::Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

fn int_of(v: &Option<IntOrString>, default: i64) -> i64 {
    match v {
        Some(IntOrString::Int(i)) => *i,
        Some(IntOrString::Str(s)) => s.parse().unwrap_or(default),
        None => default,
    }
}

impl Metric {
    /// `failureLimit`, 0 by default; negative: never fails on the count of failures.
    pub fn failure_limit(&self) -> i64 {
        int_of(&self.failure_limit, 0)
    }
    pub fn inconclusive_limit(&self) -> i64 {
        int_of(&self.inconclusive_limit, 0)
    }
    /// `consecutiveErrorLimit`, 4 by default (`DefaultConsecutiveErrorLimit`).
    pub fn consecutive_error_limit(&self) -> i64 {
        int_of(&self.consecutive_error_limit, 4)
    }
    /// `count`: `None` runs until stopped when an interval is set; without an interval one
    /// measurement.
    pub fn count(&self) -> Option<i64> {
        match &self.count {
            Some(_) => Some(int_of(&self.count, 1).max(0)),
            None if self.interval.is_none() => Some(1),
            None => None,
        }
    }
    pub fn interval(&self) -> Option<SimDuration> {
        self.interval.as_deref().and_then(parse_duration)
    }
    pub fn initial_delay(&self) -> SimDuration {
        self.initial_delay.as_deref().and_then(parse_duration).unwrap_or_default()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AnalysisRun {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: AnalysisRunSpec,
    #[serde(skip_serializing_if = "is_default")]
    pub status: AnalysisRunStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AnalysisRunSpec {
    pub metrics: Vec<Metric>,
    #[serde(skip_serializing_if = "is_false")]
    pub terminate: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AnalysisRunStatus {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub phase: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub metric_results: Vec<MetricResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<SimTime>,
    #[serde(skip_serializing_if = "is_default")]
    pub run_summary: RunSummary,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RunSummary {
    #[serde(skip_serializing_if = "is_zero")]
    pub count: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub successful: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub failed: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub inconclusive: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub error: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetricResult {
    pub name: String,
    pub phase: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub measurements: Vec<Measurement>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub count: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub successful: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub failed: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub inconclusive: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub error: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub consecutive_error: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Measurement {
    pub phase: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub value: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
    pub started_at: SimTime,
    pub finished_at: SimTime,
}

impl AnalysisRun {
    pub fn from_object(obj: &Object) -> Option<AnalysisRun> {
        from_opaque(obj, Kind::AnalysisRun)
    }
    pub fn into_object(&self) -> Object {
        into_opaque(self, Kind::AnalysisRun)
    }
    /// A phase that ends the run (`Completed()`).
    pub fn completed(&self) -> bool {
        phase_completed(&self.status.phase)
    }
}

/// `AnalysisPhase.Completed()`.
pub fn phase_completed(phase: &str) -> bool {
    matches!(phase, "Successful" | "Failed" | "Error" | "Inconclusive")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_as_argo_reads_them() {
        assert_eq!(parse_duration("30"), Some(SimDuration::from_secs(30)));
        assert_eq!(parse_duration("30s"), Some(SimDuration::from_secs(30)));
        assert_eq!(parse_duration("5m"), Some(SimDuration::from_secs(300)));
        assert_eq!(parse_duration("1h"), Some(SimDuration::from_secs(3600)));
        assert_eq!(parse_duration("1d"), None);
        assert_eq!(parse_duration(""), None);
        assert_eq!(parse_duration("99999999999999999999h"), None);
    }

    #[test]
    fn set_weight_follows_the_steps() {
        let mut ro = Rollout::default();
        ro.spec.strategy.canary = Some(CanaryStrategy {
            steps: vec![
                CanaryStep { set_weight: Some(20), ..Default::default() },
                CanaryStep { pause: Some(RolloutPause::default()), ..Default::default() },
                CanaryStep { set_weight: Some(60), ..Default::default() },
            ],
            ..Default::default()
        });
        assert_eq!(ro.current_set_weight(), 20);
        ro.status.current_step_index = Some(1);
        assert_eq!(ro.current_set_weight(), 20);
        ro.status.current_step_index = Some(2);
        assert_eq!(ro.current_set_weight(), 60);
        ro.status.current_step_index = Some(3);
        assert_eq!(ro.current_set_weight(), 100);
        ro.status.abort = true;
        assert_eq!(ro.current_set_weight(), 0);
    }

    #[test]
    fn metric_defaults() {
        let m = Metric { name: "m".into(), ..Default::default() };
        assert_eq!((m.failure_limit(), m.inconclusive_limit(), m.consecutive_error_limit()), (0, 0, 4));
        assert_eq!(m.count(), Some(1));
        let m = Metric { interval: Some("10s".into()), ..m };
        assert_eq!(m.count(), None);
    }
}
