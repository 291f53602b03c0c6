//! The DaemonSet controller: one pod per eligible node.
//!
//! A node is eligible when it matches the template's `nodeSelector` and every `NoSchedule` /
//! `NoExecute` taint on it is tolerated by the pod as the controller makes it: the template's
//! tolerations plus the ones every DaemonSet pod gets (`not-ready` and `unreachable`
//! `NoExecute` without a time limit, `disk-pressure`, `memory-pressure`, `pid-pressure` (1.17
//! and later) and `unschedulable` `NoSchedule`, `network-unavailable` for host-network pods).
//! So a cordoned node (`spec.unschedulable`) keeps and gets its daemon pod, a tainted
//! control-plane node gets none unless the template tolerates the taint, and a pod on a node that
//! newly has an untolerated `NoSchedule` taint stays (misscheduled only for `NoExecute`).
//!
//! **Binding.** The pods are bound by the controller itself (`spec.nodeName` set at creation,
//! as DaemonSets did up to 1.11). Since 1.12 the real controller writes a node affinity
//! (`matchFields metadata.name In [node]`) and lets the default scheduler bind: here servers of
//! 1.12 and later get that affinity in the pod spec and the scheduler's `Scheduled` event, so
//! what a student sees (`describe pod`, `-o yaml`) matches, without a trip through the
//! scheduler's queue (resources are not checked for daemon pods).
//!
//! **Updates.** `RollingUpdate` (maxSurge 0): old pods that are not available are replaced
//! at once, available ones up to `maxUnavailable` (rounded up from a percentage of the
//! desired count; at least 1) at a time, each replacement created once the old pod is gone.
//! `OnDelete`: new pods (after a deletion) get the new template, nothing else happens.
//! Pods carry `controller-revision-hash` (the template's hash) and `pod-template-generation`.
//!
//! Revisions (`<set>-<hash>`) are kept as data in the controller's memory (`history`), not as
//! ControllerRevision objects; `Cluster::controller_revisions` reads them.
//!
//! A pass that wrote nothing and recorded no event is not repeated until the store is written
//! or an event recorded (`DaemonSetState::quiet`; never with `minReadySeconds`, where time alone
//! changes a pass): a steady cluster of thousands of nodes does not walk every node each second.
//!
//! Simplified: `maxSurge` above 0 is treated as 0, node affinity in the template is not evaluated, failed
//! pods are replaced at once (no back-off), pods on deleted nodes are deleted by this
//! controller (the pod garbage collector's job in Kubernetes).

use crate::api::*;
use crate::cluster::nodes::{position, NodeCopies};
use crate::cluster::{Api, DeleteOptions};
use crate::controllers::history::History;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const COMPONENT: &str = "daemonset-controller";

/// The controller's memory: each DaemonSet's revision history.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub(crate) struct DaemonSetState {
    pub(crate) history: History,
    /// The nodes as the last pass copied them.
    #[serde(skip)]
    nodes: NodeCopies,
    /// What the last pass read ([`inputs`]), if that pass changed nothing (no write, no event,
    /// the same history) and no DaemonSet has `minReadySeconds` (the one way time alone changes
    /// a pass): while what a pass reads is the same, it would again change nothing, so it is
    /// skipped, as the real controller is woken only by its DaemonSets, their pods and the nodes
    /// (not serialised: after a restore the next pass runs).
    #[serde(skip)]
    quiet: Quiet,
}

/// The inputs of a pass that changed nothing; a cache only, so it never makes two states differ.
#[derive(Clone, Debug, Default)]
struct Quiet(Option<Vec<u64>>);

impl PartialEq for Quiet {
    fn eq(&self, _: &Quiet) -> bool {
        true
    }
}

/// What a pass reads, exactly: the resource version of each DaemonSet and each node (a
/// resource version names one write of one object, so equal lists mean the same objects as
/// they were), the version of the objects each DaemonSet controls (its pods and revisions), and
/// the version of the pods without a controller (which it may adopt).
fn inputs(api: &Api<'_, DaemonSetState>) -> Vec<u64> {
    let sets = api.list(Kind::DaemonSet, None);
    let nodes = api.list(Kind::Node, None);
    let mut v = Vec::with_capacity(2 + sets.len() * 2 + nodes.len());
    v.push(api.orphan_pods_version());
    v.push(sets.len() as u64);
    for o in sets {
        v.push(o.meta().resource_version);
        v.push(api.controlled_version(&o.meta().uid));
    }
    v.extend(nodes.iter().map(|o| o.meta().resource_version));
    v
}

pub(crate) fn reconcile(api: &mut Api<'_, DaemonSetState>) {
    let inputs = inputs(api);
    if api.own.quiet.0.as_ref() == Some(&inputs) {
        return;
    }
    let counts = (api.writes(), api.event_writes());
    let history = api.own.history.clone();
    let timed = pass(api);
    let changed = (api.writes(), api.event_writes()) != counts || api.own.history != history;
    api.own.quiet = Quiet((!changed && !timed).then_some(inputs));
}

/// One pass over every DaemonSet; whether one has `minReadySeconds` (time plays a part).
fn pass(api: &mut Api<'_, DaemonSetState>) -> bool {
    let sets: Vec<DaemonSet> = api
        .list(Kind::DaemonSet, None)
        .into_iter()
        .filter_map(Object::as_daemon_set)
        .filter(|d| !d.metadata.is_deleting())
        .cloned()
        .collect();
    let alive: std::collections::BTreeSet<&str> = sets.iter().map(|d| d.metadata.uid.as_str()).collect();
    api.own.history.retain(&alive);
    if sets.is_empty() {
        return false;
    }
    let timed = sets.iter().any(|d| d.min_ready_seconds() > 0);
    let nodes = std::mem::take(&mut api.own.nodes).current(api);
    for ds in sets {
        sync(api, &ds, &nodes);
    }
    api.own.nodes.keep(nodes);
    timed
}

/// The hash naming the DaemonSet's current template (`controller-revision-hash`).
pub fn revision_hash(ds: &DaemonSet) -> String {
    crate::hash::pod_template_hash(&ds.spec.template, None)
}

/// Whether `toleration` tolerates `taint` (`ToleratesTaint`).
pub(crate) fn tolerates(t: &Toleration, taint: &Taint) -> bool {
    if let Some(e) = t.effect.as_deref().filter(|e| !e.is_empty()) {
        if e != taint.effect {
            return false;
        }
    }
    let key = t.key.as_deref().unwrap_or("");
    if !key.is_empty() && key != taint.key {
        return false;
    }
    match t.operator.as_deref().unwrap_or("Equal") {
        "Exists" => true,
        "Equal" => !key.is_empty() && t.value.as_deref().unwrap_or("") == taint.value.as_deref().unwrap_or(""),
        _ => false,
    }
}

/// The tolerations every DaemonSet pod gets (`AddOrUpdateDaemonPodTolerations`).
pub(crate) fn daemon_tolerations(spec: &PodSpec, server_minor: u32) -> Vec<Toleration> {
    let mut out = vec![
        ("node.kubernetes.io/not-ready", "NoExecute"),
        ("node.kubernetes.io/unreachable", "NoExecute"),
        ("node.kubernetes.io/disk-pressure", "NoSchedule"),
        ("node.kubernetes.io/memory-pressure", "NoSchedule"),
    ];
    if server_minor >= 17 {
        out.push(("node.kubernetes.io/pid-pressure", "NoSchedule"));
    }
    out.push(("node.kubernetes.io/unschedulable", "NoSchedule"));
    if spec.extra.get("hostNetwork").and_then(|v| v.as_bool()) == Some(true) {
        out.push(("node.kubernetes.io/network-unavailable", "NoSchedule"));
    }
    out.into_iter()
        .map(|(key, effect)| Toleration {
            key: Some(key.into()),
            operator: Some("Exists".into()),
            value: None,
            effect: Some(effect.into()),
            toleration_seconds: None,
        })
        .collect()
}

/// The template's pod spec with the daemon tolerations added (those it lacks).
pub(crate) fn daemon_pod_spec(template: &PodSpec, server_minor: u32) -> PodSpec {
    let mut spec = template.clone();
    for t in daemon_tolerations(template, server_minor) {
        if !spec.tolerations.iter().any(|x| x.key == t.key && x.effect == t.effect) {
            spec.tolerations.push(t);
        }
    }
    spec
}

/// `NodeShouldRunDaemonPod`: (should run a new pod, should keep a running one).
pub fn should_run(spec: &PodSpec, node: &Node) -> (bool, bool) {
    if spec.node_selector.iter().any(|(k, v)| node.metadata.labels.get(k) != Some(v)) {
        return (false, false);
    }
    let mut run = true;
    for taint in &node.spec.taints {
        if taint.effect != "NoSchedule" && taint.effect != "NoExecute" {
            continue;
        }
        if spec.tolerations.iter().any(|t| tolerates(t, taint)) {
            continue;
        }
        if taint.effect == "NoExecute" {
            return (false, false);
        }
        run = false;
    }
    (run, true)
}

fn owner_ref(ds: &DaemonSet) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".into(),
        kind: "DaemonSet".into(),
        name: ds.metadata.name.clone(),
        uid: ds.metadata.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// The DaemonSet's pods by node name ("" for unbound ones), oldest first; a pod that has
/// finished and is being deleted no longer counts.
fn pods_by_node<'a>(api: &'a Api<'_, DaemonSetState>, ds: &'a DaemonSet) -> BTreeMap<String, Vec<&'a Pod>> {
    let mut by_node: BTreeMap<String, Vec<&'a Pod>> = BTreeMap::new();
    for p in api.pods_controlled_by(ds.metadata.ns(), &ds.metadata.uid) {
        let terminal = p.status.phase == "Succeeded" || p.status.phase == "Failed";
        if terminal && p.metadata.is_deleting() {
            continue;
        }
        by_node.entry(p.spec.node_name.clone().unwrap_or_default()).or_default().push(p);
    }
    for pods in by_node.values_mut() {
        crate::sort::by(pods, |a, b| {
            (a.metadata.creation_timestamp, &a.metadata.name).cmp(&(b.metadata.creation_timestamp, &b.metadata.name))
        });
    }
    by_node
}

fn sync(api: &mut Api<'_, DaemonSetState>, ds: &DaemonSet, nodes: &[Node]) {
    let minor = api.version().minor;
    let spec = daemon_pod_spec(&ds.spec.template.spec, minor);
    let hash = revision_hash(ds);
    let limit = ds.spec.revision_history_limit.unwrap_or(10);
    let revision_name = format!("{}-{hash}", ds.metadata.name);
    api.own.history.record(&ds.metadata.uid, &revision_name, &ds.spec.template, &ds.metadata.annotations, limit);
    adopt_orphans(api, ds);
    let owner = Object::DaemonSet(ds.clone());
    // manage: create where missing, delete where not wanted, surplus or failed.
    let by_node = pods_by_node(api, ds);
    let mut create_on: Vec<String> = Vec::new();
    let mut delete: Vec<String> = Vec::new();
    for node in nodes {
        let (run, keep) = should_run(&spec, node);
        let pods = by_node.get(&node.metadata.name).map(Vec::as_slice).unwrap_or(&[]);
        let live: Vec<&Pod> = pods.iter().copied().filter(|p| !p.metadata.is_deleting()).collect();
        if keep && !pods.is_empty() {
            let mut kept = 0;
            for p in live {
                if p.status.phase == "Failed" {
                    delete.push(p.metadata.name.clone());
                } else {
                    kept += 1;
                    if kept > 1 {
                        delete.push(p.metadata.name.clone());
                    }
                }
            }
        } else if run && pods.is_empty() {
            create_on.push(node.metadata.name.clone());
        } else if !keep {
            delete.extend(live.iter().map(|p| p.metadata.name.clone()));
        }
    }
    // Pods on nodes that are gone (found by binary search: a scan of the nodes for each would
    // be quadratic, 25 million comparisons on 5,000 nodes).
    for (node, pods) in &by_node {
        if position(nodes, node).is_none() {
            delete.extend(pods.iter().filter(|p| !p.metadata.is_deleting()).map(|p| p.metadata.name.clone()));
        }
    }
    for name in delete {
        delete_pod(api, &owner, &name);
    }
    for node in create_on {
        create_pod(api, ds, &owner, &spec, &hash, &node, minor);
    }
    if !ds.is_on_delete() {
        rolling_update(api, ds, &owner, nodes, &spec, &hash);
    }
    update_status(api, ds, nodes, &spec, &hash);
}

fn adopt_orphans(api: &mut Api<'_, DaemonSetState>, ds: &DaemonSet) {
    let Some(selector) = ds.spec.selector.as_ref().and_then(|s| s.to_selector().ok()) else { return };
    if selector.is_empty() {
        return;
    }
    let orphans: Vec<Pod> = api
        .pods_without_controller(ds.metadata.ns())
        .filter(|p| p.is_active() && p.metadata.controller_ref().is_none() && selector.matches(&p.metadata.labels))
        .cloned()
        .collect();
    for mut p in orphans {
        p.metadata.owner_references.push(owner_ref(ds));
        api.put(Object::Pod(p));
    }
}

fn delete_pod(api: &mut Api<'_, DaemonSetState>, owner: &Object, name: &str) {
    let key = ObjectKey::new(Kind::Pod, owner.meta().ns(), name);
    if api.delete_internal(&key, DeleteOptions::default()).is_ok() {
        api.record_event(owner, "Normal", "SuccessfulDelete", format!("Deleted pod: {name}"), COMPONENT);
    }
}

fn create_pod(
    api: &mut Api<'_, DaemonSetState>,
    ds: &DaemonSet,
    owner: &Object,
    spec: &PodSpec,
    hash: &str,
    node: &str,
    minor: u32,
) {
    let mut labels = ds.spec.template.metadata.labels.clone();
    labels.insert(CONTROLLER_REVISION_HASH_LABEL.into(), hash.to_string());
    labels.insert(POD_TEMPLATE_GENERATION_LABEL.into(), ds.template_generation().to_string());
    let mut spec = spec.clone();
    spec.node_name = Some(node.to_string());
    if minor >= 12 {
        spec.extra.insert(
            "affinity".into(),
            serde_json::json!({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node]}]}]
            }}}),
        );
    }
    let pod = Pod {
        api_version: "v1".into(),
        kind: "Pod".into(),
        metadata: ObjectMeta {
            generate_name: Some(format!("{}-", ds.metadata.name)),
            namespace: Some(ds.metadata.ns().to_string()),
            labels,
            annotations: ds.spec.template.metadata.annotations.clone(),
            owner_references: vec![owner_ref(ds)].into(),
            ..Default::default()
        },
        spec,
        status: Default::default(),
    };
    match api.create_internal(Object::Pod(pod)) {
        Ok(created) => {
            let name = created.meta().name.clone();
            api.record_event(owner, "Normal", "SuccessfulCreate", format!("Created pod: {name}"), COMPONENT);
            if minor >= 12 {
                let msg = format!("Successfully assigned {}/{name} to {node}", ds.metadata.ns());
                api.record_event(&created, "Normal", "Scheduled", msg, "default-scheduler");
            }
        }
        Err(e) => {
            api.record_event(owner, "Warning", "FailedCreate", format!("Error creating: {e}"), COMPONENT);
        }
    }
}

/// `maxUnavailable` as a number of pods for `desired` nodes: a percentage rounds up, and the
/// result is at least 1.
pub fn max_unavailable(ds: &DaemonSet, desired: i64) -> i64 {
    let v = ds.spec.update_strategy.rolling_update.as_ref().and_then(|r| r.max_unavailable.clone());
    let n = match v {
        None => 1,
        Some(IntOrString::Int(n)) => n,
        Some(IntOrString::Str(s)) => {
            let pct: i64 = s.trim_end_matches('%').parse().unwrap_or(0);
            pct.saturating_mul(desired).saturating_add(99) / 100
        }
    };
    n.max(1)
}

fn rolling_update(
    api: &mut Api<'_, DaemonSetState>,
    ds: &DaemonSet,
    owner: &Object,
    nodes: &[Node],
    spec: &PodSpec,
    hash: &str,
) {
    let min_ready = ds.min_ready_seconds();
    let by_node = pods_by_node(api, ds);
    let desired = nodes.iter().filter(|n| should_run(spec, n).0).count() as i64;
    let max = max_unavailable(ds, desired);
    let mut unavailable = 0;
    let mut doomed: Vec<String> = Vec::new();
    let mut candidates: Vec<String> = Vec::new();
    for pods in by_node.values() {
        let live: Vec<&Pod> = pods.iter().copied().filter(|p| !p.metadata.is_deleting()).collect();
        let new_pod = live
            .iter()
            .find(|p| p.metadata.labels.get(CONTROLLER_REVISION_HASH_LABEL).map(String::as_str) == Some(hash));
        let old_pod = live
            .iter()
            .find(|p| p.metadata.labels.get(CONTROLLER_REVISION_HASH_LABEL).map(String::as_str) != Some(hash));
        match (new_pod, old_pod) {
            (Some(_), Some(_)) | (None, None) => unavailable += 1,
            (Some(p), None) => {
                if !api.pod_available(p, min_ready) {
                    unavailable += 1;
                }
            }
            (None, Some(p)) => {
                if !api.pod_available(p, min_ready) {
                    doomed.push(p.metadata.name.clone());
                } else if unavailable < max {
                    candidates.push(p.metadata.name.clone());
                }
            }
        }
    }
    let budget = (max - unavailable).max(0) as usize;
    doomed.extend(candidates.into_iter().take(budget));
    for name in doomed {
        delete_pod(api, owner, &name);
    }
}

fn update_status(api: &mut Api<'_, DaemonSetState>, ds: &DaemonSet, nodes: &[Node], spec: &PodSpec, hash: &str) {
    let by_node = pods_by_node(api, ds);
    let mut st = DaemonSetStatus { observed_generation: ds.metadata.generation, ..Default::default() };
    for node in nodes {
        let (run, _) = should_run(spec, node);
        let pods = by_node.get(&node.metadata.name).map(Vec::as_slice).unwrap_or(&[]);
        if run {
            st.desired_number_scheduled += 1;
        }
        let Some(first) = pods.first() else { continue };
        if run {
            st.current_number_scheduled += 1;
            if first.is_ready() {
                st.number_ready += 1;
            }
            if api.pod_available(first, ds.min_ready_seconds()) {
                st.number_available += 1;
            }
            if pods
                .iter()
                .any(|p| p.metadata.labels.get(CONTROLLER_REVISION_HASH_LABEL).map(String::as_str) == Some(hash))
            {
                st.updated_number_scheduled += 1;
            }
        } else {
            st.number_misscheduled += 1;
        }
    }
    st.number_unavailable = st.desired_number_scheduled - st.number_available;
    if let Some(Object::DaemonSet(mut stored)) = api.get(Kind::DaemonSet, ds.metadata.ns(), &ds.metadata.name).cloned()
    {
        if stored.status != st {
            stored.status = st;
            api.put(Object::DaemonSet(stored));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tol(key: Option<&str>, op: &str, value: Option<&str>, effect: Option<&str>) -> Toleration {
        Toleration {
            key: key.map(Into::into),
            operator: Some(op.into()),
            value: value.map(Into::into),
            effect: effect.map(Into::into),
            toleration_seconds: None,
        }
    }

    fn taint(key: &str, value: Option<&str>, effect: &str) -> Taint {
        Taint { key: key.into(), value: value.map(Into::into), effect: effect.into(), time_added: None }
    }

    /// `ToleratesTaint`, as in Kubernetes' `TestTolerationToleratesTaint`.
    #[test]
    fn toleration_matching() {
        let t = taint("foo", Some("bar"), "NoSchedule");
        let cases = [
            (tol(Some("foo"), "Equal", Some("bar"), Some("NoSchedule")), true),
            (tol(Some("foo"), "Equal", Some("baz"), Some("NoSchedule")), false),
            (tol(Some("foo"), "Exists", None, Some("NoSchedule")), true),
            (tol(Some("foo"), "Exists", None, Some("NoExecute")), false),
            (tol(Some("foo"), "Exists", None, None), true),
            (tol(None, "Exists", None, None), true),
            (tol(Some("other"), "Exists", None, None), false),
            (tol(None, "Equal", Some("bar"), None), false),
        ];
        for (i, (tl, want)) in cases.iter().enumerate() {
            assert_eq!(tolerates(tl, &t), *want, "case {i}: {tl:?}");
        }
    }

    fn node(labels: &[(&str, &str)], taints: Vec<Taint>, cordoned: bool) -> Node {
        let mut n = Node::default();
        n.metadata.name = "n".into();
        n.metadata.labels = labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        n.spec.taints = taints;
        n.spec.unschedulable = cordoned.then_some(true);
        n
    }

    /// `NodeShouldRunDaemonPod`: (run a new pod, keep a running one).
    #[test]
    fn which_nodes_run_daemon_pods() {
        let plain = daemon_pod_spec(&PodSpec::default(), 33);
        assert_eq!(should_run(&plain, &node(&[], vec![], false)), (true, true));
        assert_eq!(should_run(&plain, &node(&[], vec![], true)), (true, true), "a cordoned node");
        let cp = taint("node-role.kubernetes.io/control-plane", None, "NoSchedule");
        assert_eq!(should_run(&plain, &node(&[], vec![cp.clone()], false)), (false, true));
        let evict = taint("gpu", None, "NoExecute");
        assert_eq!(should_run(&plain, &node(&[], vec![evict], false)), (false, false));
        let prefer = taint("gpu", None, "PreferNoSchedule");
        assert_eq!(should_run(&plain, &node(&[], vec![prefer], false)), (true, true));
        let unschedulable = taint("node.kubernetes.io/unschedulable", None, "NoSchedule");
        assert_eq!(should_run(&plain, &node(&[], vec![unschedulable], false)), (true, true));
        let mut selective = PodSpec::default();
        selective.node_selector.insert("disk".into(), "ssd".into());
        selective.tolerations.push(tol(Some(&cp.key), "Exists", None, Some("NoSchedule")));
        let selective = daemon_pod_spec(&selective, 33);
        assert_eq!(should_run(&selective, &node(&[], vec![], false)), (false, false));
        assert_eq!(should_run(&selective, &node(&[("disk", "ssd")], vec![cp], false)), (true, true));
    }

    #[test]
    fn daemon_tolerations_per_version() {
        let keys = |minor| -> Vec<String> {
            daemon_tolerations(&PodSpec::default(), minor).into_iter().filter_map(|t| t.key).collect()
        };
        assert!(keys(33).contains(&"node.kubernetes.io/pid-pressure".to_string()));
        assert!(!keys(11).contains(&"node.kubernetes.io/pid-pressure".to_string()));
        let mut host = PodSpec::default();
        host.extra.insert("hostNetwork".into(), serde_json::Value::Bool(true));
        assert!(daemon_tolerations(&host, 33)
            .iter()
            .any(|t| t.key.as_deref() == Some("node.kubernetes.io/network-unavailable")));
    }

    /// maxUnavailable: a number, or a percentage of the desired count rounded up; at least 1.
    #[test]
    fn max_unavailable_scaling() {
        let with = |v: Option<IntOrString>| {
            let mut ds = DaemonSet::default();
            ds.spec.update_strategy.rolling_update =
                Some(RollingUpdateDaemonSet { max_unavailable: v, max_surge: None });
            ds
        };
        assert_eq!(max_unavailable(&with(None), 10), 1);
        assert_eq!(max_unavailable(&with(Some(IntOrString::Int(3))), 10), 3);
        assert_eq!(max_unavailable(&with(Some(IntOrString::Str("25%".into()))), 10), 3);
        assert_eq!(max_unavailable(&with(Some(IntOrString::Str("10%".into()))), 3), 1);
        assert_eq!(max_unavailable(&with(Some(IntOrString::Str("0%".into()))), 3), 1);
        assert!(max_unavailable(&with(Some(IntOrString::Str(format!("{}%", i64::MAX)))), i64::MAX) > 0);
    }
}
