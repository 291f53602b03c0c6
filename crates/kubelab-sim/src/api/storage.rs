//! Typed views of the storage kinds: `PersistentVolumeClaim`, `PersistentVolume` (core/v1) and
//! `StorageClass` (storage.k8s.io/v1).
//!
//! The store keeps these kinds as `Object::Opaque` (so that every other part of the lab, which
//! matches on `Object`, needs no new arm); the controllers and the console read and write them
//! through these types (`from_object` / `into_object`, a serde round trip that keeps every
//! unmodelled field in `extra`).

use super::meta::{Extra, ObjectMeta};
use super::{Kind, Object, Opaque};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The annotation that marks a StorageClass as the cluster's default.
pub const DEFAULT_CLASS_ANNOTATION: &str = "storageclass.kubernetes.io/is-default-class";
/// The beta annotation of the same meaning, still honoured.
pub const BETA_DEFAULT_CLASS_ANNOTATION: &str = "storageclass.beta.kubernetes.io/is-default-class";
/// The finalizer the storage-object-in-use protection adds to every claim.
pub const PVC_PROTECTION_FINALIZER: &str = "kubernetes.io/pvc-protection";
/// The finalizer the same protection adds to every volume.
pub const PV_PROTECTION_FINALIZER: &str = "kubernetes.io/pv-protection";

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

/// A quantity map entry (`storage: 1Gi`) as a string.
pub fn quantity(map: &BTreeMap<String, serde_json::Value>, key: &str) -> Option<String> {
    match map.get(key)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PersistentVolumeClaim {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: PvcSpec,
    #[serde(skip_serializing_if = "is_default")]
    pub status: PvcStatus,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PvcSpec {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    pub resources: VolumeResources,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_class_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_name: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VolumeResources {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub limits: BTreeMap<String, serde_json::Value>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub requests: BTreeMap<String, serde_json::Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PvcStatus {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub capacity: BTreeMap<String, serde_json::Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl PersistentVolumeClaim {
    pub fn from_object(obj: &Object) -> Option<PersistentVolumeClaim> {
        from_opaque(obj, Kind::PersistentVolumeClaim)
    }
    pub fn into_object(&self) -> Object {
        into_opaque(self, Kind::PersistentVolumeClaim)
    }
    /// `status.phase`, `Pending` until the controller has seen the claim.
    pub fn phase(&self) -> &str {
        self.status.phase.as_deref().unwrap_or("Pending")
    }
    /// The requested size (`spec.resources.requests.storage`).
    pub fn requested(&self) -> Option<String> {
        quantity(&self.spec.resources.requests, "storage")
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PersistentVolume {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: PvSpec,
    #[serde(skip_serializing_if = "is_default")]
    pub status: PvStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PvSpec {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub capacity: BTreeMap<String, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim_ref: Option<ClaimRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub persistent_volume_reclaim_policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_class_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_mode: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `spec.claimRef`: the claim a volume is bound to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ClaimRef {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub uid: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PvStatus {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_phase_transition_time: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl PersistentVolume {
    pub fn from_object(obj: &Object) -> Option<PersistentVolume> {
        from_opaque(obj, Kind::PersistentVolume)
    }
    pub fn into_object(&self) -> Object {
        into_opaque(self, Kind::PersistentVolume)
    }
    pub fn phase(&self) -> &str {
        self.status.phase.as_deref().unwrap_or("Pending")
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StorageClass {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub provisioner: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reclaim_policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_binding_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_volume_expansion: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl StorageClass {
    pub fn from_object(obj: &Object) -> Option<StorageClass> {
        from_opaque(obj, Kind::StorageClass)
    }
    pub fn into_object(&self) -> Object {
        into_opaque(self, Kind::StorageClass)
    }
    /// Marked as the default class (either annotation set to "true").
    pub fn is_default(&self) -> bool {
        [DEFAULT_CLASS_ANNOTATION, BETA_DEFAULT_CLASS_ANNOTATION]
            .iter()
            .any(|a| self.metadata.annotations.get(*a).is_some_and(|v| v == "true"))
    }
    /// `reclaimPolicy`, `Delete` when unset (the API server's default).
    pub fn reclaim(&self) -> &str {
        self.reclaim_policy.as_deref().unwrap_or("Delete")
    }
    /// `volumeBindingMode`, `Immediate` when unset.
    pub fn binding_mode(&self) -> &str {
        self.volume_binding_mode.as_deref().unwrap_or("Immediate")
    }
    pub fn waits_for_first_consumer(&self) -> bool {
        self.binding_mode() == "WaitForFirstConsumer"
    }
}

/// The claims a pod spec mounts, by volume order (`volumes[].persistentVolumeClaim.claimName`).
pub fn pod_claims(spec: &super::PodSpec) -> Vec<String> {
    let Some(serde_json::Value::Array(volumes)) = spec.extra.get("volumes") else { return Vec::new() };
    volumes
        .iter()
        .filter_map(|v| v.pointer("/persistentVolumeClaim/claimName").and_then(|n| n.as_str()))
        .map(str::to_string)
        .collect()
}

/// Validation of a claim, as `ValidatePersistentVolumeClaimSpec` words the common mistakes.
pub fn validate_claim(pvc: &PersistentVolumeClaim, causes: &mut Vec<String>) {
    if pvc.spec.access_modes.is_empty() {
        causes.push("spec.accessModes: Required value: at least 1 access mode is required".into());
    }
    for m in &pvc.spec.access_modes {
        if !matches!(m.as_str(), "ReadWriteOnce" | "ReadOnlyMany" | "ReadWriteMany" | "ReadWriteOncePod") {
            causes.push(format!(
                "spec.accessModes: Unsupported value: \"{m}\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\""
            ));
        }
    }
    if pvc.requested().is_none() {
        causes.push("spec.resources[storage]: Required value".into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_round_trips_through_the_opaque_store_form() {
        let json = serde_json::json!({
            "apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": "data"},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}, "dataSource": {"x": 1}}
        });
        let o: Opaque = serde_json::from_value(json).expect("opaque");
        let obj = Object::Opaque(Kind::PersistentVolumeClaim, o);
        let pvc = PersistentVolumeClaim::from_object(&obj).expect("typed");
        assert_eq!(pvc.requested().as_deref(), Some("1Gi"));
        assert_eq!(pvc.phase(), "Pending");
        assert_eq!(pvc.into_object(), obj);
    }

    #[test]
    fn claims_of_a_pod_come_from_its_volumes() {
        let mut spec = super::super::PodSpec::default();
        spec.extra.insert(
            "volumes".into(),
            serde_json::json!([{"name": "a", "emptyDir": {}}, {"name": "b", "persistentVolumeClaim": {"claimName": "data"}}]),
        );
        assert_eq!(pod_claims(&spec), ["data"]);
    }
}
