//! DaemonSets and StatefulSets (`apps/v1`; on the course-era server also `apps/v1beta2`,
//! `extensions/v1beta1` for DaemonSets and `apps/v1beta1` for StatefulSets), with their
//! defaults and validation per group/version as the API server applies them.
//!
//! Simplifications: `volumeClaimTemplates` are kept in the spec as given (in `extra`; the
//! StatefulSet controller makes the claims from them); `ordinals` and `persistentVolumeClaimRetentionPolicy`
//! are kept as given except for the retention policy's default.

use super::meta::is_zero;
use super::meta::{Condition, Extra, IntOrString, ObjectMeta};
use super::pod::PodTemplateSpec;
use super::selector::LabelSelector;
use serde::{Deserialize, Serialize};

/// The label carrying a DaemonSet or StatefulSet pod's revision.
pub const CONTROLLER_REVISION_HASH_LABEL: &str = "controller-revision-hash";
/// The label of a DaemonSet pod with its DaemonSet's template generation.
pub const POD_TEMPLATE_GENERATION_LABEL: &str = "pod-template-generation";
/// The label naming a StatefulSet pod (for per-pod Services).
pub const STATEFULSET_POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
/// Where `apps/v1` DaemonSets keep their template generation.
pub const TEMPLATE_GENERATION_ANNOTATION: &str = "deprecated.daemonset.template.generation";
/// The label with a StatefulSet pod's ordinal (Kubernetes 1.28 and later).
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";

/// One revision of a DaemonSet's or StatefulSet's pod template (what a ControllerRevision
/// holds): `rollout history` lists them, `rollout undo` goes back to one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ControllerRevision {
    /// `<set>-<hash>`, the `controller-revision-hash` of its pods.
    pub name: String,
    pub revision: i64,
    pub template: PodTemplateSpec,
    /// The set's `kubernetes.io/change-cause` when the revision was made.
    pub change_cause: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DaemonSet {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: Box<DaemonSetSpec>,
    pub status: DaemonSetStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DaemonSetSpec {
    pub selector: Option<LabelSelector>,
    pub template: PodTemplateSpec,
    pub update_strategy: DaemonSetUpdateStrategy,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_ready_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i64>,
    /// `extensions/v1beta1` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_generation: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DaemonSetUpdateStrategy {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdateDaemonSet>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RollingUpdateDaemonSet {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_surge: Option<IntOrString>,
}

/// The four counts kubectl always shows are always written (they are not `omitempty`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DaemonSetStatus {
    pub current_number_scheduled: i64,
    pub number_misscheduled: i64,
    pub desired_number_scheduled: i64,
    pub number_ready: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub observed_generation: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub updated_number_scheduled: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub number_available: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub number_unavailable: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
}

impl DaemonSet {
    pub fn is_on_delete(&self) -> bool {
        self.spec.update_strategy.type_.as_deref() == Some("OnDelete")
    }
    pub fn min_ready_seconds(&self) -> i64 {
        self.spec.min_ready_seconds.unwrap_or(0)
    }
    /// The template generation: `spec.templateGeneration` (`extensions/v1beta1`) or the
    /// `deprecated.daemonset.template.generation` annotation; 1 when neither is set.
    pub fn template_generation(&self) -> i64 {
        self.spec
            .template_generation
            .or_else(|| self.metadata.annotations.get(TEMPLATE_GENERATION_ANNOTATION).and_then(|g| g.parse().ok()))
            .unwrap_or(1)
    }
}

/// On an update, the template generation carries over from the stored DaemonSet and goes up
/// by one when the pod template changed (the API server's `PrepareForUpdate`).
pub fn carry_template_generation(old: &DaemonSet, new: &mut DaemonSet) {
    let mut generation = old.template_generation();
    if old.spec.template != new.spec.template {
        generation += 1;
    }
    if new.spec.template_generation.is_some() || old.spec.template_generation.is_some() {
        new.spec.template_generation = Some(generation);
    } else {
        new.metadata.annotations.insert(TEMPLATE_GENERATION_ANNOTATION.into(), generation.to_string());
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatefulSet {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: Box<StatefulSetSpec>,
    pub status: StatefulSetStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatefulSetSpec {
    pub replicas: Option<i64>,
    pub selector: Option<LabelSelector>,
    pub template: PodTemplateSpec,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub service_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod_management_policy: Option<String>,
    pub update_strategy: StatefulSetUpdateStrategy,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_ready_seconds: Option<i64>,
    /// `volumeClaimTemplates`, `ordinals`, `persistentVolumeClaimRetentionPolicy`, ...
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatefulSetUpdateStrategy {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdateStatefulSet>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RollingUpdateStatefulSet {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatefulSetStatus {
    #[serde(skip_serializing_if = "is_zero")]
    pub observed_generation: i64,
    pub replicas: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub ready_replicas: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub current_replicas: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub updated_replicas: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub available_replicas: i64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub current_revision: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub update_revision: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collision_count: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
}

impl StatefulSet {
    pub fn replicas(&self) -> i64 {
        self.spec.replicas.unwrap_or(1)
    }
    pub fn is_parallel(&self) -> bool {
        self.spec.pod_management_policy.as_deref() == Some("Parallel")
    }
    pub fn is_on_delete(&self) -> bool {
        self.spec.update_strategy.type_.as_deref() == Some("OnDelete")
    }
    /// The rolling update's partition (0 when unset).
    pub fn partition(&self) -> i64 {
        self.spec.update_strategy.rolling_update.as_ref().and_then(|r| r.partition).unwrap_or(0)
    }
    pub fn min_ready_seconds(&self) -> i64 {
        self.spec.min_ready_seconds.unwrap_or(0)
    }
}

/// `SetDefaults_DaemonSet` of the object's group/version: `apps/v1` and `apps/v1beta2` roll
/// (maxUnavailable 1, and maxSurge 0 on servers that know it, 1.21 and later), keep 10
/// revisions; `extensions/v1beta1` updates OnDelete, keeps 10 revisions, sets
/// `templateGeneration: 1` and defaults the selector and labels from the template.
pub fn default_daemon_set(ds: &mut DaemonSet, server_minor: u32) {
    let extensions = ds.api_version == "extensions/v1beta1";
    if extensions {
        if ds.spec.selector.as_ref().is_none_or(|s| s.is_empty()) && !ds.spec.template.metadata.labels.is_empty() {
            ds.spec.selector = Some(LabelSelector {
                match_labels: ds.spec.template.metadata.labels.to_inner(),
                match_expressions: vec![],
            });
        }
        if ds.metadata.labels.is_empty() {
            ds.metadata.labels = ds.spec.template.metadata.labels.clone();
        }
        if ds.spec.template_generation.is_none() {
            ds.spec.template_generation = Some(1);
        }
    } else {
        ds.metadata.annotations.entry(TEMPLATE_GENERATION_ANNOTATION.into()).or_insert_with(|| "1".into());
    }
    let s = &mut ds.spec.update_strategy;
    if s.type_.is_none() {
        s.type_ = Some(if extensions { "OnDelete" } else { "RollingUpdate" }.into());
    }
    if s.type_.as_deref() == Some("RollingUpdate") {
        let ru = s.rolling_update.get_or_insert_with(Default::default);
        if ru.max_unavailable.is_none() {
            ru.max_unavailable = Some(IntOrString::Int(1));
        }
        if ru.max_surge.is_none() && server_minor >= 21 {
            ru.max_surge = Some(IntOrString::Int(0));
        }
    }
    if ds.spec.revision_history_limit.is_none() {
        ds.spec.revision_history_limit = Some(10);
    }
}

/// `SetDefaults_StatefulSet`: `apps/v1` and `apps/v1beta2` roll with partition 0,
/// `apps/v1beta1` updates OnDelete and defaults the selector and labels from the template;
/// every version: OrderedReady, one replica, 10 revisions; on 1.27 and later servers the PVC
/// retention policy Retain/Retain.
pub fn default_stateful_set(s: &mut StatefulSet, server_minor: u32) {
    let v1beta1 = s.api_version == "apps/v1beta1";
    if v1beta1 {
        if s.spec.selector.as_ref().is_none_or(|sel| sel.is_empty()) && !s.spec.template.metadata.labels.is_empty() {
            s.spec.selector = Some(LabelSelector {
                match_labels: s.spec.template.metadata.labels.to_inner(),
                match_expressions: vec![],
            });
        }
        if s.metadata.labels.is_empty() {
            s.metadata.labels = s.spec.template.metadata.labels.clone();
        }
    }
    if s.spec.pod_management_policy.is_none() {
        s.spec.pod_management_policy = Some("OrderedReady".into());
    }
    let u = &mut s.spec.update_strategy;
    if u.type_.is_none() {
        u.type_ = Some(if v1beta1 { "OnDelete" } else { "RollingUpdate" }.into());
    }
    if u.type_.as_deref() == Some("RollingUpdate") {
        let ru = u.rolling_update.get_or_insert_with(Default::default);
        if ru.partition.is_none() {
            ru.partition = Some(0);
        }
    }
    if s.spec.replicas.is_none() {
        s.spec.replicas = Some(1);
    }
    if s.spec.revision_history_limit.is_none() {
        s.spec.revision_history_limit = Some(10);
    }
    if server_minor >= 27 {
        let policy =
            s.spec.extra.entry("persistentVolumeClaimRetentionPolicy".into()).or_insert_with(|| serde_json::json!({}));
        if let Some(p) = policy.as_object_mut() {
            for field in ["whenDeleted", "whenScaled"] {
                p.entry(field).or_insert_with(|| serde_json::Value::String("Retain".into()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labelled_template() -> PodTemplateSpec {
        let mut t = PodTemplateSpec::default();
        t.metadata.labels.insert("app".into(), "x".into());
        t
    }

    #[test]
    fn daemon_set_defaults_per_group_version() {
        let mut v1 = DaemonSet { api_version: "apps/v1".into(), ..Default::default() };
        default_daemon_set(&mut v1, 33);
        let ru = v1.spec.update_strategy.rolling_update.clone().unwrap_or_default();
        assert_eq!(v1.spec.update_strategy.type_.as_deref(), Some("RollingUpdate"));
        assert_eq!((ru.max_unavailable, ru.max_surge), (Some(IntOrString::Int(1)), Some(IntOrString::Int(0))));
        assert_eq!(v1.spec.revision_history_limit, Some(10));
        assert_eq!(v1.metadata.annotations.get(TEMPLATE_GENERATION_ANNOTATION).map(String::as_str), Some("1"));
        assert!(v1.spec.selector.is_none(), "apps/v1 does not default the selector");

        let mut old = DaemonSet { api_version: "apps/v1".into(), ..Default::default() };
        default_daemon_set(&mut old, 11);
        assert_eq!(old.spec.update_strategy.rolling_update.and_then(|r| r.max_surge), None, "no maxSurge in 1.11");

        let mut ext = DaemonSet { api_version: "extensions/v1beta1".into(), ..Default::default() };
        ext.spec.template = labelled_template();
        default_daemon_set(&mut ext, 11);
        assert_eq!(ext.spec.update_strategy.type_.as_deref(), Some("OnDelete"));
        assert!(ext.spec.update_strategy.rolling_update.is_none());
        assert_eq!(ext.spec.template_generation, Some(1));
        assert_eq!(ext.spec.selector.map(|s| s.match_labels), Some(ext.spec.template.metadata.labels.to_inner()));
        assert_eq!(ext.metadata.labels, ext.spec.template.metadata.labels);
    }

    #[test]
    fn template_generation_goes_up_with_the_template_only() {
        let mut old = DaemonSet { api_version: "apps/v1".into(), ..Default::default() };
        default_daemon_set(&mut old, 33);
        let mut same = old.clone();
        same.spec.min_ready_seconds = Some(5);
        carry_template_generation(&old, &mut same);
        assert_eq!(same.template_generation(), 1);
        let mut changed = old.clone();
        changed.spec.template = labelled_template();
        carry_template_generation(&old, &mut changed);
        assert_eq!(changed.template_generation(), 2);
    }

    #[test]
    fn stateful_set_defaults_per_group_version() {
        let mut v1 = StatefulSet { api_version: "apps/v1".into(), ..Default::default() };
        default_stateful_set(&mut v1, 33);
        assert_eq!(v1.spec.pod_management_policy.as_deref(), Some("OrderedReady"));
        assert_eq!(v1.spec.update_strategy.type_.as_deref(), Some("RollingUpdate"));
        assert_eq!(v1.partition(), 0);
        assert_eq!(v1.spec.update_strategy.rolling_update.as_ref().and_then(|r| r.partition), Some(0));
        assert_eq!((v1.spec.replicas, v1.spec.revision_history_limit), (Some(1), Some(10)));
        assert_eq!(
            v1.spec.extra.get("persistentVolumeClaimRetentionPolicy"),
            Some(&serde_json::json!({"whenDeleted": "Retain", "whenScaled": "Retain"}))
        );
        let mut v1_11 = StatefulSet { api_version: "apps/v1".into(), ..Default::default() };
        default_stateful_set(&mut v1_11, 11);
        assert!(v1_11.spec.extra.is_empty(), "no retention policy before 1.27");

        let mut beta = StatefulSet { api_version: "apps/v1beta1".into(), ..Default::default() };
        beta.spec.template = labelled_template();
        default_stateful_set(&mut beta, 11);
        assert_eq!(beta.spec.update_strategy.type_.as_deref(), Some("OnDelete"));
        assert!(beta.is_on_delete());
        assert_eq!(beta.spec.selector.map(|s| s.match_labels), Some(beta.spec.template.metadata.labels.to_inner()));
    }
}
