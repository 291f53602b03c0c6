//! The StatefulSet controller: pods with stable names `<set>-0` .. `<set>-(N-1)`.
//!
//! As `stateful_set_control.go` does, one sync walks the ordinals:
//! 1. each ordinal below `replicas`: a failed pod is deleted (and made again next round), a
//!    missing one is created; with `OrderedReady` the walk stops at the first pod it created or
//!    that is not Running and Ready, so pods come up one after the other;
//! 2. then (with `OrderedReady`, only once every wanted pod is healthy) the pods at ordinals
//!    `>= replicas` go, highest first, one at a time with `OrderedReady`, all at once with
//!    `Parallel`;
//! 3. then `RollingUpdate`: from the highest ordinal down to `partition`, the first pod not at
//!    the update revision is deleted (it comes back with the new template), each waiting for the
//!    one above it to be healthy. Pods below the partition are made from the current revision's
//!    template. `OnDelete`: pods get the new template only when they are deleted.
//!
//! Each pod gets `hostname` = its name and `subdomain` = `serviceName`, so that CoreDNS answers
//! `web-0.nginx.default.svc.cluster.local` through the headless Service `nginx` (see
//! `network`). Labels: the template's plus `controller-revision-hash` (`<set>-<hash>`),
//! `statefulset.kubernetes.io/pod-name` and, from 1.28, `apps.kubernetes.io/pod-index`.
//!
//! Revisions are kept as data in the controller's memory (`history`), not as ControllerRevision
//! objects; `Cluster::controller_revisions` reads them for `rollout history`/`undo`.
//! At most `BURST_PODS` (500) pods are created per StatefulSet and simulated second, so a
//! Parallel set with a huge `replicas` grows step by step.
//!
//! `volumeClaimTemplates`: before it creates a pod, the controller creates each template's claim
//! `<template>-<set>-<ordinal>` (labels: the template's and the selector's) unless it exists,
//! with the event `create Claim www-web-0 Pod web-0 in StatefulSet web success`, and the pod's
//! volume of the template's name points at it (`updateStorage`). The claims outlive the set
//! (the default `Retain` retention policy); a claim bound once is reused by the same ordinal.
//!
//! Simplified: the retention policy `Delete` is not applied, `maxUnavailable` of rolling updates (alpha) and `ordinals.start` are ignored, failed pods are
//! replaced without back-off.

use crate::api::*;
use crate::cluster::{Api, DeleteOptions};
use crate::controllers::history::History;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const COMPONENT: &str = "statefulset-controller";

/// The most pods one sync creates (the ReplicaSet controller's burst, for Parallel sets).
pub(crate) const BURST_PODS: usize = 500;

/// The controller's memory: each StatefulSet's revisions (revision name → template), and the
/// instant of a sync that hit the burst limit (no more pods for that set at that instant).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub(crate) struct StatefulSetState {
    pub(crate) history: History,
    #[serde(default)]
    burst_at: BTreeMap<String, crate::time::SimTime>,
}

pub(crate) fn reconcile(api: &mut Api<'_, StatefulSetState>) {
    let sets: Vec<StatefulSet> = api
        .list(Kind::StatefulSet, None)
        .into_iter()
        .filter_map(Object::as_stateful_set)
        .filter(|s| !s.metadata.is_deleting())
        .cloned()
        .collect();
    let alive: std::collections::BTreeSet<&str> = sets.iter().map(|s| s.metadata.uid.as_str()).collect();
    api.own.history.retain(&alive);
    let now = api.now();
    api.own.burst_at.retain(|uid, at| *at == now && alive.contains(uid.as_str()));
    for set in &sets {
        sync(api, set);
    }
    if !api.own.burst_at.is_empty() {
        // The next burst comes in the next second.
        api.wake_at(now);
    }
}

/// The update revision's name: `<set>-<hash of the template>`.
pub fn update_revision(set: &StatefulSet) -> String {
    format!(
        "{}-{}",
        set.metadata.name,
        crate::hash::pod_template_hash(&set.spec.template, set.status.collision_count.filter(|c| *c > 0))
    )
}

/// The ordinal of a pod named `<set>-<n>`.
pub fn ordinal(set_name: &str, pod_name: &str) -> Option<i64> {
    let rest = pod_name.strip_prefix(set_name)?.strip_prefix('-')?;
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) || (rest.len() > 1 && rest.starts_with('0')) {
        return None;
    }
    rest.parse().ok()
}

fn healthy(p: &Pod) -> bool {
    p.status.phase == "Running" && p.is_ready() && !p.metadata.is_deleting()
}

fn revision_of(p: &Pod) -> &str {
    p.metadata.labels.get(CONTROLLER_REVISION_HASH_LABEL).map(String::as_str).unwrap_or("")
}

fn owner_ref(set: &StatefulSet) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".into(),
        kind: "StatefulSet".into(),
        name: set.metadata.name.clone(),
        uid: set.metadata.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// The set's pods by ordinal (pods whose name has no ordinal of this set are left alone).
fn owned(api: &Api<'_, StatefulSetState>, set: &StatefulSet) -> BTreeMap<i64, Pod> {
    api.pods_controlled_by(set.metadata.ns(), &set.metadata.uid)
        .filter_map(|p| ordinal(&set.metadata.name, &p.metadata.name).map(|i| (i, p.clone())))
        .collect()
}

/// What one sync decides, from the pods by ordinal: the ordinals to create and the pods to
/// delete, in order. Pure, for the tests.
#[derive(Debug, PartialEq, Eq, Default)]
pub(crate) struct Plan {
    pub create: Vec<i64>,
    pub delete: Vec<i64>,
}

/// A pod as the planner sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Seen {
    pub healthy: bool,
    pub terminating: bool,
    pub failed: bool,
    pub updated: bool,
}

pub(crate) fn plan(replicas: i64, pods: &BTreeMap<i64, Seen>, parallel: bool, rolling: Option<i64>) -> Plan {
    let monotonic = !parallel;
    let mut out = Plan::default();
    let mut all_healthy = true;
    for i in 0..replicas.max(0) {
        match pods.get(&i) {
            None => {
                out.create.push(i);
                all_healthy = false;
                if monotonic || out.create.len() >= BURST_PODS {
                    return out;
                }
            }
            Some(p) if p.failed && !p.terminating => {
                out.delete.push(i);
                all_healthy = false;
                if monotonic {
                    return out;
                }
            }
            Some(p) if !p.healthy => {
                all_healthy = false;
                if monotonic {
                    return out;
                }
            }
            Some(_) => {}
        }
    }
    for (&i, p) in pods.range(replicas.max(0)..).rev() {
        if p.terminating {
            if monotonic {
                return out;
            }
            continue;
        }
        out.delete.push(i);
        if monotonic {
            return out;
        }
    }
    let Some(partition) = rolling else { return out };
    if !all_healthy && monotonic {
        return out;
    }
    for i in (partition.max(0)..replicas.max(0)).rev() {
        let Some(p) = pods.get(&i) else { return out };
        if !p.updated && !p.terminating {
            if !out.delete.contains(&i) {
                out.delete.push(i);
            }
            return out;
        }
        if !p.healthy {
            return out;
        }
    }
    out
}

#[inline(never)] // out of `Cluster::settle`, so the web split can leave it out of the first download
fn sync(api: &mut Api<'_, StatefulSetState>, set: &StatefulSet) {
    let update_rev = update_revision(set);
    let limit = set.spec.revision_history_limit.unwrap_or(10);
    api.own.history.record(&set.metadata.uid, &update_rev, &set.spec.template, &set.metadata.annotations, limit);
    let known = |rev: &str| api.own.history.template(&set.metadata.uid, rev).is_some();
    let current_rev = if !set.status.current_revision.is_empty() && known(&set.status.current_revision) {
        set.status.current_revision.clone()
    } else {
        update_rev.clone()
    };
    let rolling = (!set.is_on_delete()).then(|| set.partition());
    adopt_orphans(api, set);
    let pods = owned(api, set);
    let seen: BTreeMap<i64, Seen> = pods
        .iter()
        .map(|(&i, p)| {
            (
                i,
                Seen {
                    healthy: healthy(p),
                    terminating: p.metadata.is_deleting(),
                    failed: p.status.phase == "Failed",
                    updated: revision_of(p) == update_rev,
                },
            )
        })
        .collect();
    let mut plan = plan(set.replicas(), &seen, set.is_parallel(), rolling);
    let now = api.now();
    if api.own.burst_at.contains_key(&set.metadata.uid) {
        plan.create.clear();
    } else if plan.create.len() >= BURST_PODS {
        api.own.burst_at.insert(set.metadata.uid.clone(), now);
    }
    let owner = Object::StatefulSet(set.clone());
    for i in plan.delete {
        let name = format!("{}-{i}", set.metadata.name);
        let key = ObjectKey::new(Kind::Pod, set.metadata.ns(), &name);
        if api.delete_internal(&key, DeleteOptions::default()).is_ok() {
            let msg = format!("delete Pod {name} in StatefulSet {} successful", set.metadata.name);
            api.record_event(&owner, "Normal", "SuccessfulDelete", msg, COMPONENT);
        }
    }
    for i in plan.create {
        // Below the partition of an unfinished rolling update, pods keep the current revision.
        let rev = if rolling.is_some_and(|p| i < p) && current_rev != update_rev { &current_rev } else { &update_rev };
        let template =
            api.own.history.template(&set.metadata.uid, rev).cloned().unwrap_or_else(|| set.spec.template.clone());
        create_pod(api, set, &owner, i, rev, &template);
    }
    update_status(api, set, &current_rev, &update_rev);
}

fn adopt_orphans(api: &mut Api<'_, StatefulSetState>, set: &StatefulSet) {
    let Some(selector) = set.spec.selector.as_ref().and_then(|s| s.to_selector().ok()) else { return };
    if selector.is_empty() {
        return;
    }
    let orphans: Vec<Pod> = api
        .pods_without_controller(set.metadata.ns())
        .filter(|p| {
            p.is_active()
                && p.metadata.controller_ref().is_none()
                && selector.matches(&p.metadata.labels)
                && ordinal(&set.metadata.name, &p.metadata.name).is_some()
        })
        .cloned()
        .collect();
    for mut p in orphans {
        p.metadata.owner_references.push(owner_ref(set));
        api.put(Object::Pod(p));
    }
}

fn create_pod(
    api: &mut Api<'_, StatefulSetState>,
    set: &StatefulSet,
    owner: &Object,
    i: i64,
    rev: &str,
    template: &PodTemplateSpec,
) {
    let name = format!("{}-{i}", set.metadata.name);
    let mut labels = template.metadata.labels.clone();
    labels.insert(CONTROLLER_REVISION_HASH_LABEL.into(), rev.to_string());
    labels.insert(STATEFULSET_POD_NAME_LABEL.into(), name.clone());
    if api.version().minor >= 28 {
        labels.insert(POD_INDEX_LABEL.into(), i.to_string());
    }
    let mut spec = template.spec.clone();
    spec.node_name = None;
    spec.extra.insert("hostname".into(), serde_json::Value::String(name.clone()));
    if !set.spec.service_name.is_empty() {
        spec.extra.insert("subdomain".into(), serde_json::Value::String(set.spec.service_name.clone()));
    }
    let pod = Pod {
        api_version: "v1".into(),
        kind: "Pod".into(),
        metadata: ObjectMeta {
            name: name.clone(),
            namespace: Some(set.metadata.ns().to_string()),
            labels,
            annotations: template.metadata.annotations.clone(),
            owner_references: vec![owner_ref(set)].into(),
            ..Default::default()
        },
        spec,
        status: Default::default(),
    };
    let set_name = &set.metadata.name;
    let mut pod = pod;
    for template in claim_templates(set) {
        let ns = set.metadata.ns().to_string();
        let claim = format!("{}-{set_name}-{i}", template.metadata.name);
        let existed = api.get(Kind::PersistentVolumeClaim, &ns, &claim).is_some();
        let mut template = template;
        if let Some(sel) = &set.spec.selector {
            template.metadata.labels.extend(sel.match_labels.clone());
        }
        let made = crate::controllers::volume::create_claim_for_template(api, &ns, &template, set_name, i as u32);
        if !existed && api.get(Kind::PersistentVolumeClaim, &ns, &made).is_some() {
            let msg = format!("create Claim {made} Pod {name} in StatefulSet {set_name} success");
            api.record_event(owner, "Normal", "SuccessfulCreate", msg, COMPONENT);
        }
        set_claim_volume(&mut pod.spec, &template.metadata.name, &made);
    }
    match api.create_internal(Object::Pod(pod)) {
        Ok(_) => {
            let msg = format!("create Pod {name} in StatefulSet {set_name} successful");
            api.record_event(owner, "Normal", "SuccessfulCreate", msg, COMPONENT);
        }
        Err(e) => {
            let msg = format!("create Pod {name} in StatefulSet {set_name} failed error: {e}");
            api.record_event(owner, "Warning", "FailedCreate", msg, COMPONENT);
        }
    }
}

/// The set's `volumeClaimTemplates`, as claims (a template that is no claim is skipped).
fn claim_templates(set: &StatefulSet) -> Vec<PersistentVolumeClaim> {
    let Some(serde_json::Value::Array(list)) = set.spec.extra.get("volumeClaimTemplates") else {
        return Vec::new();
    };
    list.iter().filter_map(|v| serde_json::from_value::<PersistentVolumeClaim>(v.clone()).ok()).collect()
}

/// The pod's volume `name` becomes the claim `claim` (replacing a template volume of that name,
/// as upstream's `updateStorage`).
fn set_claim_volume(spec: &mut PodSpec, name: &str, claim: &str) {
    let volume = serde_json::json!({ "name": name, "persistentVolumeClaim": { "claimName": claim } });
    let volumes = spec.extra.entry("volumes".to_string()).or_insert_with(|| serde_json::Value::Array(vec![]));
    if let serde_json::Value::Array(list) = volumes {
        list.retain(|v| v.get("name").and_then(|n| n.as_str()) != Some(name));
        list.push(volume);
    }
}

fn update_status(api: &mut Api<'_, StatefulSetState>, set: &StatefulSet, current_rev: &str, update_rev: &str) {
    let pods = owned(api, set);
    let mut st = StatefulSetStatus {
        observed_generation: set.metadata.generation,
        current_revision: current_rev.to_string(),
        update_revision: update_rev.to_string(),
        collision_count: Some(set.status.collision_count.unwrap_or(0)),
        ..Default::default()
    };
    for p in pods.values() {
        st.replicas += 1;
        if healthy(p) {
            st.ready_replicas += 1;
            if api.pod_available(p, set.min_ready_seconds()) && api.version().minor >= 22 {
                st.available_replicas += 1;
            }
        }
        if !p.metadata.is_deleting() {
            if revision_of(p) == current_rev {
                st.current_replicas += 1;
            }
            if revision_of(p) == update_rev {
                st.updated_replicas += 1;
            }
        }
    }
    let replicas = set.replicas();
    if !set.is_on_delete() && st.updated_replicas == replicas && st.ready_replicas == replicas {
        st.current_replicas = st.updated_replicas;
        st.current_revision = update_rev.to_string();
    }
    if let Some(Object::StatefulSet(mut stored)) =
        api.get(Kind::StatefulSet, set.metadata.ns(), &set.metadata.name).cloned()
    {
        if stored.status != st {
            stored.status = st;
            api.put(Object::StatefulSet(stored));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(healthy: bool) -> Seen {
        Seen { healthy, terminating: false, failed: false, updated: true }
    }

    fn pods(list: &[(i64, Seen)]) -> BTreeMap<i64, Seen> {
        list.iter().copied().collect()
    }

    #[test]
    fn ordinals_parse_only_the_sets_own_names() {
        assert_eq!(ordinal("web", "web-0"), Some(0));
        assert_eq!(ordinal("web", "web-12"), Some(12));
        assert_eq!(ordinal("web", "web-01"), None);
        assert_eq!(ordinal("web", "web-"), None);
        assert_eq!(ordinal("web", "webx-1"), None);
        assert_eq!(ordinal("web", "web-a"), None);
        assert_eq!(ordinal("web", "web-0-1"), None);
    }

    /// OrderedReady: one pod at a time, the next only once the previous is healthy
    /// (`TestStatefulSetControlScaleUp`'s monotonic case).
    #[test]
    fn ordered_ready_creates_in_order_and_waits() {
        let p = pods(&[]);
        assert_eq!(plan(3, &p, false, Some(0)).create, vec![0]);
        let p = pods(&[(0, seen(false))]);
        assert_eq!(plan(3, &p, false, Some(0)), Plan::default());
        let p = pods(&[(0, seen(true))]);
        assert_eq!(plan(3, &p, false, Some(0)).create, vec![1]);
        // A missing lower ordinal is made again before anything above it.
        let p = pods(&[(1, seen(true))]);
        assert_eq!(plan(3, &p, false, Some(0)).create, vec![0]);
    }

    /// Parallel: everything at once.
    #[test]
    fn parallel_creates_and_deletes_everything_at_once() {
        let p = pods(&[(1, seen(false))]);
        assert_eq!(plan(4, &p, true, Some(0)).create, vec![0, 2, 3]);
        let p = pods(&[(0, seen(true)), (1, seen(false)), (2, seen(true)), (3, seen(true))]);
        assert_eq!(plan(1, &p, true, Some(0)).delete, vec![3, 2, 1]);
    }

    /// Scale down: highest ordinal first, one at a time, only when all wanted pods are healthy,
    /// waiting for a terminating one.
    #[test]
    fn ordered_ready_deletes_in_reverse() {
        let p = pods(&[(0, seen(true)), (1, seen(true)), (2, seen(true))]);
        assert_eq!(plan(1, &p, false, Some(0)).delete, vec![2]);
        let term = Seen { terminating: true, ..seen(false) };
        let p = pods(&[(0, seen(true)), (1, seen(true)), (2, term)]);
        assert_eq!(plan(1, &p, false, Some(0)), Plan::default());
        let p = pods(&[(0, seen(false)), (1, seen(true)), (2, seen(true))]);
        assert_eq!(plan(1, &p, false, Some(0)), Plan::default());
    }

    /// Rolling update from the highest ordinal down to the partition, one at a time.
    #[test]
    fn rolling_update_goes_down_to_the_partition() {
        let old = Seen { updated: false, ..seen(true) };
        let p = pods(&[(0, old), (1, old), (2, old)]);
        assert_eq!(plan(3, &p, false, Some(0)).delete, vec![2]);
        let p = pods(&[(0, old), (1, old), (2, seen(false))]);
        assert_eq!(plan(3, &p, false, Some(0)), Plan::default(), "waits for the updated pod");
        let p = pods(&[(0, old), (1, old), (2, seen(true))]);
        assert_eq!(plan(3, &p, false, Some(0)).delete, vec![1]);
        assert_eq!(plan(3, &p, false, Some(2)), Plan::default(), "partition 2 keeps 0 and 1");
        assert_eq!(plan(3, &p, false, None), Plan::default(), "OnDelete never deletes");
    }

    /// A failed pod is deleted, to be made again.
    #[test]
    fn a_huge_parallel_set_creates_a_burst_per_sync() {
        let p = plan(i64::from(i32::MAX), &pods(&[]), true, Some(0));
        assert_eq!(p.create.len(), BURST_PODS);
        assert_eq!(p.create.last(), Some(&(BURST_PODS as i64 - 1)));
    }

    #[test]
    fn failed_pods_are_replaced() {
        let failed = Seen { failed: true, healthy: false, ..seen(false) };
        let p = pods(&[(0, seen(true)), (1, failed)]);
        assert_eq!(plan(2, &p, false, Some(0)).delete, vec![1]);
    }
}
