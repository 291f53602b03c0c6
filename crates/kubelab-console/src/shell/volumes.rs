//! Files a container sees through its `secret` and `configMap` volumes, for the shells' `ls`
//! and `cat`: each key of the Secret (decoded) or ConfigMap is a file in the mount directory
//! (or only the listed `items`, under their `path`), as the kubelet writes them.
//!
//! Simplified: the kubelet's `..data` symlink farm is not shown, `subPath` mounts and nested
//! item paths are not modelled, projected volumes (the current era's `kube-api-access-*`) show
//! no files, and a volume whose Secret or ConfigMap is missing just has no files (a real pod
//! would wait in ContainerCreating with `FailedMount` events).

use super::Target;
use crate::Console;
use kubelab_sim::api::{Kind, Object};
use serde_json::Value;
use std::collections::BTreeMap;

/// Each mount directory of the container with its files (name → content).
fn mounts(c: &Console, t: &Target) -> Vec<(String, BTreeMap<String, String>)> {
    let Some(Object::Pod(pod)) = c.cluster.get(Kind::Pod, t.ns, t.pod) else { return vec![] };
    let spec = pod.spec.shown();
    let Some(ct) = spec.containers.iter().find(|x| x.name == t.container) else { return vec![] };
    let volumes = spec.extra.get("volumes").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut out = Vec::new();
    for m in ct.extra.get("volumeMounts").and_then(Value::as_array).into_iter().flatten() {
        if m.get("subPath").is_some() {
            continue;
        }
        let (Some(name), Some(path)) =
            (m.get("name").and_then(Value::as_str), m.get("mountPath").and_then(Value::as_str))
        else {
            continue;
        };
        let Some(v) = volumes.iter().find(|v| v.get("name").and_then(Value::as_str) == Some(name)) else { continue };
        let (source, data) = if let Some(s) = v.get("secret") {
            let n = s.get("secretName").and_then(Value::as_str).unwrap_or_default();
            (s, kubelab_sim::secret::secret_data(c.cluster.get(Kind::Secret, t.ns, n)))
        } else if let Some(s) = v.get("configMap") {
            let n = s.get("name").and_then(Value::as_str).unwrap_or_default();
            (s, kubelab_sim::envvars::config_map_data(c.cluster.get(Kind::ConfigMap, t.ns, n)))
        } else {
            continue;
        };
        let data = data.unwrap_or_default();
        let files = match source.get("items").and_then(Value::as_array) {
            Some(items) => items
                .iter()
                .filter_map(|i| {
                    let key = i.get("key").and_then(Value::as_str)?;
                    let to = i.get("path").and_then(Value::as_str).filter(|p| !p.contains('/'))?;
                    Some((to.to_string(), data.get(key)?.clone()))
                })
                .collect(),
            None => data,
        };
        out.push((path.trim_end_matches('/').to_string(), files));
    }
    out
}

/// The file names `ls DIR` shows when DIR is a secret or configMap mount.
pub(crate) fn list(c: &Console, t: &Target, dir: &str) -> Option<Vec<String>> {
    let dir = dir.trim_end_matches('/');
    mounts(c, t).into_iter().find(|(m, _)| m == dir).map(|(_, files)| files.into_keys().collect())
}

/// The content of PATH when it is a file of a secret or configMap mount.
pub(crate) fn read(c: &Console, t: &Target, path: &str) -> Option<String> {
    let (dir, name) = path.rsplit_once('/')?;
    mounts(c, t).into_iter().find(|(m, _)| m == dir).and_then(|(_, mut files)| files.remove(name))
}
