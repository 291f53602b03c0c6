//! `kubectl describe` of Argo Rollouts' kinds: kubectl's generic describer for custom
//! resources (`GenericDescriberFor`, `printUnstructuredContent`): name, namespace, labels and
//! annotations, then every field of the object as the API sends it, keys sorted, named by
//! `smartLabelFor` (`currentStepIndex` → `Current Step Index`, `apiVersion` → `API Version`,
//! a key with other characters than letters and `-` as it is), maps and lists nested two
//! spaces deeper, then the events.

use super::*;
use serde_json::Value;

/// The fields the header already printed (and managedFields).
const SKIP: &[&str] =
    &[".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels", ".metadata.annotations"];

const TIME_KEYS: &[&str] = &[
    "creationTimestamp",
    "deletionTimestamp",
    "lastTransitionTime",
    "lastUpdateTime",
    "startTime",
    "startedAt",
    "finishedAt",
    "abortedAt",
];

pub(super) fn describe(cluster: &Cluster, obj: &Object, era: &Era) -> String {
    let mut out = Out::new(cluster);
    let m = obj.meta();
    out.line(0, &format!("Name:\t{}", m.name));
    out.line(0, &format!("Namespace:\t{}", m.ns()));
    map_lines(&mut out, 0, "Labels:", &m.labels, era);
    map_lines(&mut out, 0, "Annotations:", &m.annotations, era);
    let mut v = obj.to_json();
    wire_times(cluster, &mut v);
    if let Some(Value::Object(meta)) = v.pointer_mut("/spec/template/metadata") {
        meta.insert("creationTimestamp".into(), Value::Null);
    }
    if let Some(Value::Object(meta)) = v.get_mut("metadata") {
        if let Some(rv) = meta.get("resourceVersion").and_then(Value::as_u64) {
            meta.insert("resourceVersion".into(), Value::String(rv.to_string()));
        }
    }
    if let Value::Object(map) = &v {
        content(&mut out, 0, map, "");
    }
    events(&mut out, cluster, &m.uid, era);
    out.finish()
}

/// Simulator instants as the API's RFC 3339 strings.
fn wire_times(cluster: &Cluster, v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, val) in m.iter_mut() {
                if TIME_KEYS.contains(&k.as_str()) {
                    if let Some(ms) = val.as_u64() {
                        *val = Value::String(crate::text::rfc3339(cluster.unix_secs(SimTime(ms))));
                        continue;
                    }
                }
                wire_times(cluster, val);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| wire_times(cluster, x)),
        _ => {}
    }
}

fn content(out: &mut Out, level: usize, map: &serde_json::Map<String, Value>, prefix: &str) {
    let mut keys: Vec<&String> = map.keys().collect();
    kubelab_sim::sort::by(&mut keys, |a, b| a.cmp(b));
    for key in keys {
        let path = format!("{prefix}.{key}");
        if SKIP.contains(&path.as_str()) {
            continue;
        }
        let label = smart_label(key);
        match &map[key] {
            Value::Object(child) => {
                out.line(level, &format!("{label}:"));
                content(out, level + 1, child, &path);
            }
            Value::Array(items) => {
                out.line(level, &format!("{label}:"));
                for item in items {
                    match item {
                        Value::Object(child) => content(out, level + 1, child, &path),
                        other => out.line(level + 1, &scalar(other)),
                    }
                }
            }
            other => out.line(level, &format!("{label}:\t{}", scalar(other))),
        }
    }
}

/// Go's `%v` of a decoded JSON value.
fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// kubectl's `smartLabelFor`.
pub(crate) fn smart_label(field: &str) -> String {
    if field.chars().any(|c| !c.is_alphabetic() && c != '-') {
        return field.to_string();
    }
    const ACRONYMS: [&str; 5] = ["API", "URL", "UID", "OSB", "GUID"];
    let parts: Vec<String> = camel_split(field)
        .into_iter()
        .filter(|p| p != "_")
        .map(|p| {
            let upper = p.to_uppercase();
            if ACRONYMS.contains(&upper.as_str()) {
                upper
            } else {
                let mut cs = p.chars();
                match cs.next() {
                    Some(f) => f.to_uppercase().chain(cs).collect(),
                    None => String::new(),
                }
            }
        })
        .collect();
    parts.join(" ")
}

/// `camelcase.Split`: runs of lower case, upper case, digits and other characters; an upper
/// case run followed by a lower case one gives its last letter to it (`APIVersion` → `API`,
/// `Version`).
fn camel_split(s: &str) -> Vec<String> {
    let class = |c: char| {
        if c.is_lowercase() {
            1
        } else if c.is_uppercase() {
            2
        } else if c.is_numeric() {
            3
        } else {
            4
        }
    };
    let mut runs: Vec<Vec<char>> = Vec::new();
    let mut last = 0;
    for c in s.chars() {
        let k = class(c);
        match runs.last_mut() {
            Some(r) if k == last => r.push(c),
            _ => runs.push(vec![c]),
        }
        last = k;
    }
    for i in 0..runs.len().saturating_sub(1) {
        let (a, b) = (runs[i].first().copied(), runs[i + 1].first().copied());
        if let (Some(a), Some(b)) = (a, b) {
            if a.is_uppercase() && b.is_lowercase() {
                if let Some(moved) = runs[i].pop() {
                    runs[i + 1].insert(0, moved);
                }
            }
        }
    }
    runs.into_iter().filter(|r| !r.is_empty()).map(|r| r.into_iter().collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::smart_label;

    #[test]
    fn labels_as_kubectl_makes_them() {
        assert_eq!(smart_label("apiVersion"), "API Version");
        assert_eq!(smart_label("currentStepIndex"), "Current Step Index");
        assert_eq!(smart_label("stableRS"), "Stable RS");
        assert_eq!(smart_label("uid"), "UID");
        assert_eq!(smart_label("rollouts-pod-template-hash"), "Rollouts - Pod - Template - Hash");
        assert_eq!(smart_label("app.kubernetes.io/name"), "app.kubernetes.io/name");
        assert_eq!(smart_label("containerPort"), "Container Port");
    }
}
