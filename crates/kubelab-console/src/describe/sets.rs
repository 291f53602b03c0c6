//! `kubectl describe` of DaemonSets and StatefulSets (`describeDaemonSet`,
//! `describeStatefulSet`): the set's counts, `Pods Status` over the pods it controls, the pod
//! template, (StatefulSets) the volume claim templates, events.

use super::{events, map_lines, pod_template, pods_status, timestamp, Out};
use crate::Era;
use kubelab_sim::api::*;
use kubelab_sim::Cluster;

fn selector(sel: &Option<LabelSelector>) -> String {
    sel.as_ref().and_then(|s| s.to_selector().ok()).map(|s| s.to_string()).unwrap_or_default()
}

pub(super) fn daemon_set(cluster: &Cluster, ds: &DaemonSet, era: &Era) -> String {
    let mut out = Out::new(cluster);
    let m = &ds.metadata;
    out.line(0, &format!("Name:\t{}", m.name));
    if era.describe_daemonset_namespace {
        out.line(0, &format!("Namespace:\t{}", m.ns()));
    }
    out.line(0, &format!("Selector:\t{}", selector(&ds.spec.selector)));
    let node_selector = Selector::from_map(&ds.spec.template.spec.node_selector).to_string();
    out.line(0, &format!("Node-Selector:\t{}", if node_selector.is_empty() { "<none>" } else { &node_selector }));
    map_lines(&mut out, 0, "Labels:", &m.labels, era);
    map_lines(&mut out, 0, "Annotations:", &m.annotations, era);
    let s = &ds.status;
    out.line(0, &format!("Desired Number of Nodes Scheduled: {}", s.desired_number_scheduled));
    out.line(0, &format!("Current Number of Nodes Scheduled: {}", s.current_number_scheduled));
    out.line(0, &format!("Number of Nodes Scheduled with Up-to-date Pods: {}", s.updated_number_scheduled));
    out.line(0, &format!("Number of Nodes Scheduled with Available Pods: {}", s.number_available));
    out.line(0, &format!("Number of Nodes Misscheduled: {}", s.number_misscheduled));
    pods_status(&mut out, cluster, m);
    out.line(0, "Pod Template:");
    pod_template(&mut out, 1, &ds.spec.template, era);
    events(&mut out, cluster, &m.uid, era);
    out.finish()
}

pub(super) fn stateful_set(cluster: &Cluster, s: &StatefulSet, era: &Era) -> String {
    let mut out = Out::new(cluster);
    let m = &s.metadata;
    out.line(0, &format!("Name:\t{}", m.name));
    out.line(0, &format!("Namespace:\t{}", m.ns()));
    out.line(0, &format!("CreationTimestamp:\t{}", timestamp(cluster, m.creation_timestamp)));
    out.line(0, &format!("Selector:\t{}", selector(&s.spec.selector)));
    map_lines(&mut out, 0, "Labels:", &m.labels, era);
    map_lines(&mut out, 0, "Annotations:", &m.annotations, era);
    out.line(0, &format!("Replicas:\t{} desired | {} total", s.replicas(), s.status.replicas));
    out.line(0, &format!("Update Strategy:\t{}", s.spec.update_strategy.type_.as_deref().unwrap_or("")));
    if let Some(p) = s.spec.update_strategy.rolling_update.as_ref().and_then(|r| r.partition) {
        if p != 0 || era.describe_statefulset_zero_partition {
            out.line(1, &format!("Partition:\t{p}"));
        }
    }
    pods_status(&mut out, cluster, m);
    out.line(0, "Pod Template:");
    pod_template(&mut out, 1, &s.spec.template, era);
    volume_claims(&mut out, s, era);
    events(&mut out, cluster, &m.uid, era);
    out.finish()
}

/// `describeVolumeClaimTemplates`: each template's name, class, labels, annotations, capacity
/// (`<default>` without a storage request) and access modes.
fn volume_claims(out: &mut Out, s: &StatefulSet, era: &Era) {
    let templates = s.spec.extra.get("volumeClaimTemplates").and_then(|v| v.as_array()).cloned().unwrap_or_default();
    if templates.is_empty() {
        out.line(0, "Volume Claims:\t<none>");
        return;
    }
    out.line(0, "Volume Claims:");
    let str_map = |v: Option<&serde_json::Value>| -> std::collections::BTreeMap<String, String> {
        v.and_then(|m| m.as_object())
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())).collect())
            .unwrap_or_default()
    };
    for t in &templates {
        let name = t.pointer("/metadata/name").and_then(|v| v.as_str()).unwrap_or_default();
        out.line(1, &format!("Name:\t{name}"));
        let class = t.pointer("/spec/storageClassName").and_then(|v| v.as_str()).unwrap_or_default();
        out.line(1, &format!("StorageClass:\t{class}"));
        map_lines(out, 1, "Labels:", &str_map(t.pointer("/metadata/labels")), era);
        map_lines(out, 1, "Annotations:", &str_map(t.pointer("/metadata/annotations")), era);
        let capacity = match t.pointer("/spec/resources/requests/storage") {
            Some(serde_json::Value::String(q)) => q.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => "<default>".into(),
        };
        out.line(1, &format!("Capacity:\t{capacity}"));
        let modes: Vec<String> = t
            .pointer("/spec/accessModes")
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|m| m.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        out.line(1, &format!("Access Modes:\t[{}]", modes.join(" ")));
    }
}
