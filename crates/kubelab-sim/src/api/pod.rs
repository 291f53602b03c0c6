//! Pods, containers, probes and pod templates.

use super::meta::{Condition, Extra, IntOrString, ObjectMeta, Shared, SharedExtra};
use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Pod {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: PodSpec,
    pub status: PodStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PodTemplateSpec {
    pub metadata: ObjectMeta,
    pub spec: PodSpec,
}

/// A pod's spec. Serialised as the API server shows it: the service account token volume that
/// admission adds ([`TokenVolume`], held apart in `token_volume`) is written last in `volumes`
/// and last in each container's `volumeMounts`; reading a spec whose volumes and mounts end with
/// exactly that volume and mount takes them back out, so that a spec read from `-o yaml` equals
/// the stored one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, remote = "Self")]
pub struct PodSpec {
    pub containers: Shared<Vec<Container>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub termination_grace_period_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dns_policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduler_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub node_selector: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "is_empty_list")]
    pub tolerations: Shared<Vec<Toleration>>,
    #[serde(flatten)]
    pub extra: SharedExtra,
    /// The token volume admission added, if any (see [`TokenVolume`]).
    #[serde(skip)]
    pub token_volume: Option<TokenVolume>,
}

/// The service account token volume that admission adds to a pod and mounts read-only into each
/// of its containers at [`SERVICE_ACCOUNT_MOUNT`](crate::validation::SERVICE_ACCOUNT_MOUNT): on
/// v1.21 and later the projected `kube-api-access-<5>` (token, `kube-root-ca.crt`, namespace),
/// before it the service account's secret `<sa>-token-<5>`.
///
/// Every pod has one and all of them are alike but for the name, so a pod keeps only the name:
/// written out in full, the volume and its mounts are a dozen small JSON maps, more than half of
/// what a running pod costs in memory. [`PodSpec::shown`] writes them out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenVolume {
    pub name: String,
    /// The service account's secret (servers before v1.21) rather than the projected volume.
    pub secret: bool,
}

impl TokenVolume {
    /// The volume, as in `spec.volumes`.
    pub fn volume(&self) -> serde_json::Value {
        if self.secret {
            return serde_json::json!({"name": self.name, "secret": {"defaultMode": 420, "secretName": self.name}});
        }
        serde_json::json!({
            "name": self.name,
            "projected": {
                "defaultMode": 420,
                "sources": [
                    {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                    {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                    {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}}
                ]
            }
        })
    }

    /// Its mount, as in each container's `volumeMounts`.
    pub fn mount(&self) -> serde_json::Value {
        serde_json::json!({"mountPath": crate::validation::SERVICE_ACCOUNT_MOUNT, "name": self.name, "readOnly": true})
    }

    /// The token volume that `volume` is, if it is one exactly.
    fn of(volume: &serde_json::Value) -> Option<TokenVolume> {
        let name = volume.get("name")?.as_str()?;
        [false, true]
            .into_iter()
            .map(|secret| TokenVolume { name: name.to_string(), secret })
            .find(|t| t.volume() == *volume)
    }
}

fn is_empty_list<T>(v: &Shared<Vec<T>>) -> bool {
    v.is_empty()
}

/// Appends `item` to the list at `key` of `extra`, making the list if there is none.
fn push_to_list(extra: &mut SharedExtra, key: &str, item: serde_json::Value) {
    match extra.get_mut(key) {
        Some(serde_json::Value::Array(items)) => items.push(item),
        _ => {
            extra.insert(key.to_string(), serde_json::Value::Array(vec![item]));
        }
    }
}

/// Takes the last item off the list at `key` of `extra` if it is `item`, removing the list when
/// that empties it; whether it did.
fn pop_from_list(extra: &mut SharedExtra, key: &str, item: &serde_json::Value) -> bool {
    let ends_with = matches!(extra.get(key), Some(serde_json::Value::Array(items)) if items.last() == Some(item));
    if !ends_with {
        return false;
    }
    if let Some(serde_json::Value::Array(items)) = extra.get_mut(key) {
        items.pop();
        if items.is_empty() {
            extra.remove(key);
        }
    }
    true
}

impl PodSpec {
    /// This spec as the API server shows it, with the token volume written into `volumes` and
    /// each container's `volumeMounts`.
    pub fn shown(&self) -> std::borrow::Cow<'_, PodSpec> {
        let Some(token) = &self.token_volume else { return std::borrow::Cow::Borrowed(self) };
        let mut spec = self.clone();
        spec.token_volume = None;
        push_to_list(&mut spec.extra, "volumes", token.volume());
        let mount = token.mount();
        for c in &mut spec.containers {
            push_to_list(&mut c.extra, "volumeMounts", mount.clone());
        }
        std::borrow::Cow::Owned(spec)
    }

    /// Takes a token volume written out in full (the last volume, mounted last in every
    /// container) back into `token_volume`.
    fn take_token_volume(&mut self) {
        let Some(token) = self.extra.get("volumes").and_then(|v| v.as_array()?.last()).and_then(TokenVolume::of) else {
            return;
        };
        let mount = token.mount();
        let mounted_everywhere = !self.containers.is_empty()
            && self.containers.iter().all(|c| {
                matches!(c.extra.get("volumeMounts"), Some(serde_json::Value::Array(m)) if m.last() == Some(&mount))
            });
        if self.token_volume.is_some() || !mounted_everywhere {
            return;
        }
        pop_from_list(&mut self.extra, "volumes", &token.volume());
        for c in &mut self.containers {
            pop_from_list(&mut c.extra, "volumeMounts", &mount);
        }
        self.token_volume = Some(token);
    }
}

/// The shared parts ([`Shared`]) of the last pod seen: a pod whose labels, owner references,
/// containers, tolerations or unmodelled fields equal them takes the same copy, so that the replicas of one
/// template, admitted (or read back) one after the other, hold one copy between them. Only
/// saves memory: values are unchanged.
#[derive(Clone, Debug, Default)]
pub(crate) struct LastPodParts {
    labels: Shared<super::meta::Labels>,
    owners: Shared<Vec<super::meta::OwnerReference>>,
    containers: Shared<Vec<Container>>,
    tolerations: Shared<Vec<Toleration>>,
    extra: SharedExtra,
}

impl LastPodParts {
    pub(crate) fn share(&mut self, pod: &mut Pod) {
        fn one<T: PartialEq>(last: &mut Shared<T>, part: &mut Shared<T>) {
            if *last == *part {
                *part = last.clone();
            } else {
                *last = part.clone();
            }
        }
        one(&mut self.labels, &mut pod.metadata.labels);
        one(&mut self.owners, &mut pod.metadata.owner_references);
        one(&mut self.containers, &mut pod.spec.containers);
        one(&mut self.tolerations, &mut pod.spec.tolerations);
        one(&mut self.extra, &mut pod.spec.extra);
    }
}

impl Serialize for PodSpec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        PodSpec::serialize(&self.shown(), s)
    }
}

impl<'de> Deserialize<'de> for PodSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<PodSpec, D::Error> {
        let mut spec = PodSpec::deserialize(d)?;
        spec.take_token_volume();
        Ok(spec)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Toleration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effect: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toleration_seconds: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Container {
    pub name: String,
    pub image: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ContainerPort>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<EnvVar>,
    pub resources: ResourceRequirements,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readiness_probe: Option<Probe>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub liveness_probe: Option<Probe>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startup_probe: Option<Probe>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_pull_policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub termination_message_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub termination_message_policy: Option<String>,
    #[serde(flatten)]
    pub extra: SharedExtra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ContainerPort {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub container_port: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_port: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EnvVar {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ResourceRequirements {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub limits: BTreeMap<String, serde_json::Value>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub requests: BTreeMap<String, serde_json::Value>,
}

impl ResourceRequirements {
    fn quantity(map: &BTreeMap<String, serde_json::Value>, key: &str) -> Option<String> {
        match map.get(key)? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
    /// The effective CPU request in millicores: the request, else the limit (Kubernetes
    /// defaults requests to limits), else 0.
    pub fn cpu_request_millis(&self) -> i64 {
        Self::quantity(&self.requests, "cpu")
            .or_else(|| Self::quantity(&self.limits, "cpu"))
            .and_then(|q| super::meta::cpu_millis(&q))
            .unwrap_or(0)
    }
    pub fn memory_request_bytes(&self) -> i64 {
        Self::quantity(&self.requests, "memory")
            .or_else(|| Self::quantity(&self.limits, "memory"))
            .and_then(|q| super::meta::memory_bytes(&q))
            .unwrap_or(0)
    }
    /// The CPU limit in millicores, if one is set.
    pub fn cpu_limit_millis(&self) -> Option<i64> {
        Self::quantity(&self.limits, "cpu").and_then(|q| super::meta::cpu_millis(&q))
    }
    /// The memory limit in bytes, if one is set.
    pub fn memory_limit_bytes(&self) -> Option<i64> {
        Self::quantity(&self.limits, "memory").and_then(|q| super::meta::memory_bytes(&q))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Probe {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_get: Option<HttpGetAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tcp_socket: Option<TcpSocketAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exec: Option<ExecAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial_delay_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success_threshold: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_threshold: Option<i64>,
}

impl Probe {
    pub fn initial_delay(&self) -> i64 {
        self.initial_delay_seconds.unwrap_or(0).max(0)
    }
    pub fn timeout(&self) -> i64 {
        self.timeout_seconds.unwrap_or(1).max(1)
    }
    pub fn period(&self) -> i64 {
        self.period_seconds.unwrap_or(10).max(1)
    }
    pub fn success_threshold(&self) -> i64 {
        self.success_threshold.unwrap_or(1).max(1)
    }
    pub fn failure_threshold(&self) -> i64 {
        self.failure_threshold.unwrap_or(3).max(1)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HttpGetAction {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub port: Option<IntOrString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TcpSocketAction {
    pub port: Option<IntOrString>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExecAction {
    pub command: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PodStatus {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub phase: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    #[serde(rename = "hostIP", alias = "hostIp", skip_serializing_if = "Option::is_none")]
    pub host_ip: Option<String>,
    #[serde(rename = "podIP", alias = "podIp", skip_serializing_if = "Option::is_none")]
    pub pod_ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<SimTime>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub container_statuses: Vec<ContainerStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qos_class: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl PodStatus {
    pub fn condition(&self, type_: &str) -> Option<&Condition> {
        self.conditions.iter().find(|c| c.type_ == type_)
    }

    /// Gives back the room its lists and messages were built with beyond what they hold (a
    /// list grown by pushes holds room for 4 or 8 entries): the store keeps every pod's status
    /// for as long as the pod lives, and a pod's five conditions and one container status would
    /// otherwise carry room for eight and four.
    pub fn shrink_to_fit(&mut self) {
        self.conditions.shrink_to_fit();
        for c in &mut self.conditions {
            c.message.shrink_to_fit();
        }
        self.container_statuses.shrink_to_fit();
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ContainerStatus {
    pub name: String,
    pub ready: bool,
    pub restart_count: i64,
    pub image: String,
    #[serde(rename = "imageID")]
    pub image_id: String,
    #[serde(rename = "containerID", skip_serializing_if = "Option::is_none")]
    pub container_id: Option<String>,
    pub started: bool,
    pub state: ContainerState,
    #[serde(skip_serializing_if = "ContainerState::is_empty")]
    pub last_state: ContainerState,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ContainerState {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiting: Option<StateWaiting>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub running: Option<StateRunning>,
    /// Boxed: a running container has none, and a status holds two states (the current and
    /// the last), so inline it would double what every running pod's status keeps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terminated: Option<Box<StateTerminated>>,
}

impl ContainerState {
    pub fn is_empty(&self) -> bool {
        self.waiting.is_none() && self.running.is_none() && self.terminated.is_none()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StateWaiting {
    pub reason: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StateRunning {
    pub started_at: SimTime,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StateTerminated {
    pub exit_code: i64,
    pub reason: String,
    pub started_at: SimTime,
    pub finished_at: SimTime,
    #[serde(rename = "containerID", skip_serializing_if = "Option::is_none")]
    pub container_id: Option<String>,
}

impl Pod {
    /// The pod's Ready condition is True.
    pub fn is_ready(&self) -> bool {
        self.status.condition("Ready").is_some_and(|c| c.status == "True")
    }

    /// Kubernetes' `IsPodAvailable`: ready, and ready for longer than `min_ready_seconds`.
    pub fn is_available(&self, min_ready_seconds: i64, now: SimTime) -> bool {
        let Some(cond) = self.status.condition("Ready") else { return false };
        if cond.status != "True" {
            return false;
        }
        if min_ready_seconds <= 0 {
            return true;
        }
        let since = cond.last_transition_time.unwrap_or(SimTime::ZERO);
        since.as_millis() + (min_ready_seconds as u64) * 1000 < now.as_millis()
    }

    /// Phase is neither Succeeded nor Failed and the pod is not being deleted.
    pub fn is_active(&self) -> bool {
        self.metadata.deletion_timestamp.is_none() && self.status.phase != "Succeeded" && self.status.phase != "Failed"
    }

    pub fn restarts(&self) -> i64 {
        self.status.container_statuses.iter().map(|c| c.restart_count).sum()
    }
}
