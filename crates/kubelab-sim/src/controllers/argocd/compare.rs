//! Git against live: which fields a manifest sets that the live object does not have the same,
//! and how the agent writes a manifest over a live object.
//!
//! Comparison ignores every field the manifest does not set (defaults, status, server
//! metadata): a manifest is in sync when each of its fields, recursively, has the same value in
//! the live object (lists compared item by item, same length). Argo CD compares a normalised
//! three-way diff; this is its visible effect for the manifests of the lab.
//!
//! Applying is not kubectl's three-way merge (no last-applied annotation, no strategic merge of
//! lists by key): the manifest's fields are written over the live object's (maps merged key by
//! key, lists replaced whole), everything else (status, defaults, fields others set) stays, and
//! the API server's defaults fill what a replaced list left out.

use crate::api::*;
use serde_json::{Map, Value};

/// Whether every field `want` sets has the same value in `live`.
pub fn subset(want: &Value, live: &Value) -> bool {
    match (want, live) {
        (Value::Object(w), Value::Object(l)) => w.iter().all(|(k, wv)| subset(wv, l.get(k).unwrap_or(&Value::Null))),
        (Value::Object(w), Value::Null) => w.values().all(|v| subset(v, &Value::Null)),
        (Value::Array(w), Value::Array(l)) => w.len() == l.len() && w.iter().zip(l).all(|(a, b)| subset(a, b)),
        (Value::Array(w), Value::Null) => w.is_empty(),
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::String(s), Value::Number(n)) | (Value::Number(n), Value::String(s)) => *s == n.to_string(),
        (Value::Null, _) => true,
        // A zero value the server does not write back (`paused: false`, `minReadySeconds: 0`).
        (Value::Bool(false), Value::Null) => true,
        (Value::Number(n), Value::Null) => n.as_f64() == Some(0.0),
        (Value::String(s), Value::Null) => s.is_empty(),
        (a, b) => a == b,
    }
}

/// `over` written onto `base`: maps merged key by key, anything else replaced.
pub fn merge(base: &mut Value, over: &Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(k) {
                    Some(existing) if existing.is_object() && v.is_object() => merge(existing, v),
                    _ => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (b, o) => *b = o.clone(),
    }
}

/// `over` laid onto `base` for showing a diff: as [`merge`], but lists of the same length are
/// laid item by item, so the defaults of a list's items stay and only what the manifest changes
/// differs.
pub fn overlay(base: &mut Value, over: &Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(k) {
                    Some(existing) => overlay(existing, v),
                    None => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (Value::Array(b), Value::Array(o)) if b.len() == o.len() => {
            for (x, y) in b.iter_mut().zip(o) {
                overlay(x, y);
            }
        }
        (b, o) => *b = o.clone(),
    }
}

/// The part of a manifest the comparison looks at: no `apiVersion` (a course-era group
/// version names the same object), no `status`.
pub fn desired_fields(raw: &Value) -> Value {
    let mut v = raw.clone();
    if let Some(m) = v.as_object_mut() {
        m.remove("apiVersion");
        m.remove("status");
    }
    v
}

/// The paths (`spec.replicas`) where `want` and `live` differ, for messages and diffs.
pub fn differing_paths(want: &Value, live: &Value, prefix: &str, out: &mut Vec<String>) {
    if out.len() >= 20 {
        return;
    }
    match (want, live) {
        (Value::Object(w), Value::Object(l)) => {
            for (k, wv) in w {
                let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                differing_paths(wv, l.get(k).unwrap_or(&Value::Null), &path, out);
            }
        }
        (w, l) if !subset(w, l) => out.push(prefix.to_string()),
        _ => {}
    }
}

/// A stored object of `kind` from its JSON (the store's shape).
pub fn object_from_json(kind: Kind, v: Value) -> Option<Object> {
    use serde_json::from_value as f;
    let obj = match kind {
        Kind::Namespace => Object::Namespace(f(v).ok()?),
        Kind::Node => Object::Node(f(v).ok()?),
        Kind::Pod => Object::Pod(f(v).ok()?),
        Kind::ReplicationController => Object::ReplicationController(f(v).ok()?),
        Kind::Service => Object::Service(f(v).ok()?),
        Kind::Deployment => Object::Deployment(f(v).ok()?),
        Kind::ReplicaSet => Object::ReplicaSet(f(v).ok()?),
        Kind::HorizontalPodAutoscaler => Object::HorizontalPodAutoscaler(f(v).ok()?),
        Kind::Endpoints => Object::Endpoints(f(v).ok()?),
        Kind::EndpointSlice => Object::EndpointSlice(f(v).ok()?),
        Kind::DaemonSet => Object::DaemonSet(f(v).ok()?),
        Kind::StatefulSet => Object::StatefulSet(f(v).ok()?),
        Kind::Job => Object::Job(f(v).ok()?),
        Kind::CronJob => Object::CronJob(Box::new(f(v).ok()?)),
        other => Object::Opaque(other, f::<Opaque>(v).ok()?),
    };
    Some(obj)
}

/// gitops-engine's apply order by kind (`kind_order` in `sync/sync_tasks.go`): namespaces
/// first, configuration before workloads; kinds not listed come last.
const KIND_ORDER: &[&str] = &[
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
];

/// The position of `kind` in the apply order.
pub fn kind_rank(kind: Kind) -> usize {
    KIND_ORDER.iter().position(|k| *k == kind.name()).unwrap_or(KIND_ORDER.len())
}

/// Sets `metadata.<field>.<key>` of a manifest.
pub fn set_meta_map(raw: &mut Value, field: &str, key: &str, value: &str) {
    let Some(obj) = raw.as_object_mut() else { return };
    let meta = obj.entry("metadata").or_insert_with(|| Value::Object(Map::new()));
    if !meta.is_object() {
        *meta = Value::Object(Map::new());
    }
    if let Some(m) = meta.as_object_mut() {
        let map = m.entry(field).or_insert_with(|| Value::Object(Map::new()));
        if !map.is_object() {
            *map = Value::Object(Map::new());
        }
        if let Some(map) = map.as_object_mut() {
            map.insert(key.to_string(), Value::String(value.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_the_fields_a_manifest_sets_count() {
        let live = json!({"metadata": {"name": "web", "uid": "x", "labels": {"a": "1", "b": "2"}},
            "spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "c", "image": "nginx:1.25", "imagePullPolicy": "IfNotPresent"}]}}},
            "status": {"replicas": 3}});
        let same = json!({"metadata": {"name": "web", "labels": {"a": "1"}},
            "spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "c", "image": "nginx:1.25"}]}}}});
        assert!(subset(&same, &live));
        let scaled = json!({"spec": {"replicas": 5}});
        assert!(!subset(&scaled, &live));
        let bumped = json!({"spec": {"template": {"spec": {"containers": [{"image": "nginx:1.26"}]}}}});
        assert!(!subset(&bumped, &live));
        let more = json!({"spec": {"template": {"spec": {"containers": [{}, {}]}}}});
        assert!(!subset(&more, &live), "a list of another length differs");
        assert!(subset(
            &json!({"spec": {"ports": [{"targetPort": "80"}]}}),
            &json!({"spec": {"ports": [{"targetPort": 80}]}})
        ));
        assert!(subset(&json!({"metadata": {"annotations": {}}}), &live), "an empty map sets nothing");
        let mut paths = Vec::new();
        differing_paths(&json!({"spec": {"replicas": 5, "paused": false}}), &live, "", &mut paths);
        assert_eq!(paths, vec!["spec.replicas".to_string()]);
    }

    #[test]
    fn a_manifest_is_written_over_the_live_object() {
        let mut live = json!({"metadata": {"name": "web", "labels": {"a": "1"}}, "spec": {"replicas": 5, "x": [1, 2]}, "status": {"r": 5}});
        merge(&mut live, &json!({"metadata": {"labels": {"b": "2"}}, "spec": {"replicas": 3, "x": [3]}}));
        assert_eq!(
            live,
            json!({"metadata": {"name": "web", "labels": {"a": "1", "b": "2"}}, "spec": {"replicas": 3, "x": [3]}, "status": {"r": 5}})
        );
    }

    #[test]
    fn namespaces_go_first_and_deployments_after_services() {
        assert!(kind_rank(Kind::Namespace) < kind_rank(Kind::ConfigMap));
        assert!(kind_rank(Kind::Service) < kind_rank(Kind::Deployment));
        assert!(kind_rank(Kind::Deployment) < kind_rank(Kind::Application));
    }
}
