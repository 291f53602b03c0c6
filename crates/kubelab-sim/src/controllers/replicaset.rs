//! The ReplicaSet and ReplicationController controllers.
//!
//! Each keeps `spec.replicas` active pods matching its selector: deleted pods respawn at once
//! (a terminating pod no longer counts), surplus pods are deleted in Kubernetes' order
//! (`ActivePodsWithRanks`): unscheduled before scheduled, Pending before Running, not ready before
//! ready, pods sharing a node with more siblings first, ready for less time first, more restarts
//! first, newer first. Matching orphan pods are adopted. Status counts live pods, ready pods and
//! available pods (ready for `minReadySeconds`).
//!
//! Pods are created as `replica_set.go` does: at most `BURST_REPLICAS` (500) created or deleted
//! per sync, created in slow-start batches of 1, 2, 4, ... (`slowStartBatch`), and a batch with
//! a failure stops the sync (its pods are skipped until the next one). After a sync that hit
//! the burst limit, the ReplicaSet waits for its expectations (the informer seeing those
//! creations) before the next sync; here that next sync comes one simulated second later, so a
//! typo like `--replicas=100000` grows by 500 pods a second instead of all at once.
//!
//! Simplifications: no client rate limit (kube-controller-manager's `--kube-api-qps`), no
//! pod-deletion-cost annotation, no `ReplicaFailure` condition.

use crate::api::*;
use crate::cluster::{Api, DeleteOptions, Store};
use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `burstReplicas`: the most pods one sync creates or deletes.
pub(crate) const BURST_REPLICAS: usize = 500;

/// `SlowStartInitialBatchSize`: the first batch of creations; each later batch doubles.
const SLOW_START_INITIAL_BATCH_SIZE: usize = 1;

/// The controller's memory: its expectations.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub(crate) struct ReplicaSetState {
    /// Per ReplicaSet (or ReplicationController) uid, the instant of its last sync that hit
    /// the burst limit: it is not synced again at that instant.
    #[serde(default)]
    burst_at: BTreeMap<String, SimTime>,
    /// The last status computed per ReplicaSet uid (not serialised).
    #[serde(skip)]
    statuses: StatusCache,
}

/// The last status computed for each ReplicaSet, with what it was computed from: the store's
/// version of the objects it controls, and the fields of the ReplicaSet that `status_of`
/// reads. While those are the same (and `minReadySeconds` is 0, so that time plays no part),
/// counting its pods again would give the same status: the informer's view of a controller
/// whose pods did not change. A cache only, so it never makes two states differ.
#[derive(Clone, Debug, Default)]
struct StatusCache(BTreeMap<String, CachedStatus>);

#[derive(Clone, Debug)]
struct CachedStatus {
    pods_version: u64,
    generation: i64,
    template_labels: Labels,
    status: ReplicaSetStatus,
}

impl PartialEq for StatusCache {
    fn eq(&self, _: &StatusCache) -> bool {
        true
    }
}

/// The status `status_of` would give now, if nothing it reads changed since it was computed.
fn cached_status(api: &Api<'_, ReplicaSetState>, m: &Managed) -> Option<ReplicaSetStatus> {
    if m.min_ready_seconds > 0 {
        return None;
    }
    let c = api.own.statuses.0.get(&m.uid)?;
    (c.pods_version == api.controlled_version(&m.uid)
        && c.generation == m.generation
        && c.template_labels == *m.template.metadata.labels)
        .then(|| c.status.clone())
}

/// Remembers a status just computed by `status_of` from the store as it is.
fn remember(api: &mut Api<'_, ReplicaSetState>, m: &Managed, status: &ReplicaSetStatus) {
    let cached = CachedStatus {
        pods_version: api.controlled_version(&m.uid),
        generation: m.generation,
        template_labels: m.template.metadata.labels.to_inner(),
        status: status.clone(),
    };
    api.own.statuses.0.insert(m.uid.clone(), cached);
}

struct Managed {
    kind: Kind,
    api_version: &'static str,
    namespace: String,
    name: String,
    uid: String,
    replicas: i64,
    selector: Selector,
    template: PodTemplateSpec,
    min_ready_seconds: i64,
    generation: i64,
}

pub(crate) fn reconcile(api: &mut Api<'_, ReplicaSetState>) {
    let mut managed = Vec::new();
    for obj in api.list(Kind::ReplicaSet, None) {
        let Object::ReplicaSet(rs) = obj else { continue };
        if rs.metadata.is_deleting() {
            continue;
        }
        let Some(selector) = rs.spec.selector.as_ref().and_then(|s| s.to_selector().ok()) else { continue };
        managed.push(Managed {
            kind: Kind::ReplicaSet,
            api_version: "apps/v1",
            namespace: rs.metadata.ns().to_string(),
            name: rs.metadata.name.clone(),
            uid: rs.metadata.uid.clone(),
            replicas: rs.replicas(),
            selector,
            template: rs.spec.template.clone(),
            min_ready_seconds: rs.spec.min_ready_seconds.unwrap_or(0),
            generation: rs.metadata.generation,
        });
    }
    for obj in api.list(Kind::ReplicationController, None) {
        let Object::ReplicationController(rc) = obj else { continue };
        if rc.metadata.is_deleting() {
            continue;
        }
        let Some(template) = rc.spec.template.clone() else { continue };
        managed.push(Managed {
            kind: Kind::ReplicationController,
            api_version: "v1",
            namespace: rc.metadata.ns().to_string(),
            name: rc.metadata.name.clone(),
            uid: rc.metadata.uid.clone(),
            replicas: rc.replicas(),
            selector: Selector::from_map(&rc.spec.selector),
            template,
            min_ready_seconds: rc.spec.min_ready_seconds.unwrap_or(0),
            generation: rc.metadata.generation,
        });
    }
    let now = api.now();
    // Expectations of ReplicaSets that are gone, or that are due again, are forgotten.
    api.own.burst_at.retain(|uid, at| *at == now && managed.iter().any(|m| &m.uid == uid));
    api.own.statuses.0.retain(|uid, _| managed.iter().any(|m| &m.uid == uid));
    for m in managed {
        if api.own.burst_at.contains_key(&m.uid) {
            update_status(api, &m);
            continue;
        }
        if manage(api, &m) {
            api.own.burst_at.insert(m.uid.clone(), now);
        }
    }
    if !api.own.burst_at.is_empty() {
        // Expectations are forgotten, and the next burst made, in the next second.
        api.wake_at(now);
    }
}

fn owner_ref(m: &Managed) -> OwnerReference {
    OwnerReference {
        api_version: m.api_version.into(),
        kind: m.kind.name().into(),
        name: m.name.clone(),
        uid: m.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

fn phase_rank(p: &Pod) -> u8 {
    match p.status.phase.as_str() {
        "Pending" => 0,
        "Unknown" => 1,
        _ => 2,
    }
}

/// One sync; returns whether it hit the burst limit.
fn manage(api: &mut Api<'_, ReplicaSetState>, m: &Managed) -> bool {
    // Adopt matching orphans (rare: only their pods are cloned).
    let orphans: Vec<Pod> = if m.selector.is_empty() {
        Vec::new()
    } else {
        api.pods_without_controller(&m.namespace)
            .filter(|p| {
                p.is_active() && p.metadata.controller_ref().is_none() && m.selector.matches(&p.metadata.labels)
            })
            .cloned()
            .collect()
    };
    for mut p in orphans {
        p.metadata.owner_references.push(owner_ref(m));
        api.put(Object::Pod(p));
    }
    // With its pods as they were when their status was last counted, and as many as wanted,
    // there is nothing to create or delete and that status stands.
    if let Some(status) = cached_status(api, m) {
        if status.replicas == m.replicas {
            write_status(api, m, status);
            return false;
        }
    }
    // Count the active owned pods and, when there are too many, rank the victims; only keys
    // leave this block, so nothing is cloned in the steady state.
    let (diff, doomed, status): (i64, Vec<(ObjectKey, String)>, ReplicaSetStatus) = match tallied_status(api, m) {
        // Too few or enough: the tally says how many, and no pod need be looked at.
        Some(status) if status.replicas <= m.replicas => (status.replicas - m.replicas, Vec::new(), status),
        _ => {
            let active: Vec<&Pod> = api.pods_controlled_by(&m.namespace, &m.uid).filter(|p| p.is_active()).collect();
            let diff = active.len() as i64 - m.replicas;
            let doomed = if diff > 0 { rank_victims(&active, (diff as usize).min(BURST_REPLICAS)) } else { Vec::new() };
            (diff, doomed, status_of(api, &active, m))
        }
    };
    remember(api, m, &status);
    if diff == 0 {
        // Nothing to create or delete: the pods just counted give the status.
        write_status(api, m, status);
        return false;
    }
    let owner_obj = if diff != 0 { api.get(m.kind, &m.namespace, &m.name).cloned() } else { None };
    let mut burst = false;
    if diff < 0 {
        let want = (-diff) as usize;
        burst = want >= BURST_REPLICAS;
        slow_start(want.min(BURST_REPLICAS), |_| create_pod(api, m, owner_obj.as_ref()));
    } else if diff > 0 {
        burst = doomed.len() >= BURST_REPLICAS;
        for (key, name) in doomed {
            if api.delete_internal(&key, DeleteOptions::default()).is_ok() {
                if let Some(owner) = &owner_obj {
                    api.record_event(
                        owner,
                        "Normal",
                        "SuccessfulDelete",
                        format!("Deleted pod: {name}"),
                        controller_name(m.kind),
                    );
                }
            }
        }
    }
    update_status(api, m);
    burst
}

/// `slowStartBatch`: calls `create` for `count` items in batches of 1, 2, 4, ...; a batch with
/// any failure (`create` returned false) is finished and no further batch starts. Returns how
/// many succeeded.
fn slow_start(count: usize, mut create: impl FnMut(usize) -> bool) -> usize {
    let mut done = 0;
    let mut successes = 0;
    let mut batch = SLOW_START_INITIAL_BATCH_SIZE.min(count);
    while batch > 0 {
        let ok = (done..done + batch).filter(|&i| create(i)).count();
        successes += ok;
        done += batch;
        if ok < batch {
            break;
        }
        batch = (2 * batch).min(count - done);
    }
    successes
}

/// Creates one pod from the template, with its `SuccessfulCreate` or `FailedCreate` event.
fn create_pod(api: &mut Api<'_, ReplicaSetState>, m: &Managed, owner_obj: Option<&Object>) -> bool {
    let mut pod = Pod {
        api_version: "v1".into(),
        kind: "Pod".into(),
        metadata: ObjectMeta {
            generate_name: Some(format!("{}-", m.name)),
            namespace: Some(m.namespace.clone()),
            labels: m.template.metadata.labels.clone(),
            annotations: m.template.metadata.annotations.clone(),
            owner_references: vec![owner_ref(m)].into(),
            ..Default::default()
        },
        spec: m.template.spec.clone(),
        status: Default::default(),
    };
    pod.spec.node_name = None;
    match api.create_internal(Object::Pod(pod)) {
        Ok(created) => {
            if let Some(owner) = owner_obj {
                let msg = format!("Created pod: {}", created.meta().name);
                api.record_event(owner, "Normal", "SuccessfulCreate", msg, controller_name(m.kind));
            }
            true
        }
        Err(e) => {
            if let Some(owner) = owner_obj {
                api.record_event(
                    owner,
                    "Warning",
                    "FailedCreate",
                    format!("Error creating: {e}"),
                    controller_name(m.kind),
                );
            }
            false
        }
    }
}

/// Kubernetes' `ActivePodsWithRanks` order; returns the first `n` victims' keys and names.
fn rank_victims(active: &[&Pod], n: usize) -> Vec<(ObjectKey, String)> {
    let mut per_node: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for p in active {
        if let Some(node) = &p.spec.node_name {
            *per_node.entry(node.as_str()).or_default() += 1;
        }
    }
    let mut victims: Vec<&Pod> = active.to_vec();
    crate::sort::by_cached_key(&mut victims, |p| {
        let ready_since = p
            .status
            .condition("Ready")
            .filter(|c| c.status == "True")
            .and_then(|c| c.last_transition_time)
            .unwrap_or_default();
        let colocated = p.spec.node_name.as_deref().and_then(|n| per_node.get(n)).copied().unwrap_or(0);
        (
            p.spec.node_name.is_some(),
            phase_rank(p),
            p.is_ready(),
            std::cmp::Reverse(colocated),
            std::cmp::Reverse(ready_since),
            std::cmp::Reverse(p.restarts()),
            std::cmp::Reverse(p.metadata.creation_timestamp),
            p.metadata.name.clone(),
        )
    });
    victims
        .into_iter()
        .take(n)
        .map(|p| (ObjectKey::new(Kind::Pod, p.metadata.ns(), &p.metadata.name), p.metadata.name.clone()))
        .collect()
}

fn controller_name(kind: Kind) -> &'static str {
    if kind == Kind::ReplicaSet {
        "replicaset-controller"
    } else {
        "replication-controller"
    }
}

fn update_status(api: &mut Api<'_, ReplicaSetState>, m: &Managed) {
    if let Some(status) = cached_status(api, m) {
        write_status(api, m, status);
        return;
    }
    let status = match tallied_status(api, m) {
        Some(status) => status,
        None => {
            let pods: Vec<&Pod> = api.pods_controlled_by(&m.namespace, &m.uid).filter(|p| p.is_active()).collect();
            status_of(api, &pods, m)
        }
    };
    remember(api, m, &status);
    write_status(api, m, status);
}

/// What `status_of` gives for the active pods, from the store's running tally of them
/// (without a recount). Only when `minReadySeconds` is 0: then available means ready, and time
/// plays no part.
fn tallied_status(store: &Store, m: &Managed) -> Option<ReplicaSetStatus> {
    if m.min_ready_seconds > 0 {
        return None;
    }
    let template_labels = &m.template.metadata.labels;
    let mut status = ReplicaSetStatus { observed_generation: m.generation, ..Default::default() };
    for t in store.controlled_tally(&m.uid).iter().filter(|t| t.namespace == m.namespace) {
        let (active, ready) = (t.active as i64, t.ready as i64);
        status.replicas += active;
        if template_labels.iter().all(|(k, v)| t.labels.get(k) == Some(v)) {
            status.fully_labeled_replicas += active;
        }
        status.ready_replicas += ready;
        status.available_replicas += ready;
    }
    Some(status)
}

/// The status the active pods `pods` give.
fn status_of(store: &Store, pods: &[&Pod], m: &Managed) -> ReplicaSetStatus {
    let template_labels = &m.template.metadata.labels;
    ReplicaSetStatus {
        replicas: pods.len() as i64,
        fully_labeled_replicas: pods
            .iter()
            .filter(|p| template_labels.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v)))
            .count() as i64,
        ready_replicas: pods.iter().filter(|p| p.is_ready()).count() as i64,
        available_replicas: pods.iter().filter(|p| store.pod_available(p, m.min_ready_seconds)).count() as i64,
        observed_generation: m.generation,
        conditions: vec![],
    }
}

fn write_status(api: &mut Api<'_, ReplicaSetState>, m: &Managed, status: ReplicaSetStatus) {
    // Compared in place: the object is copied only when its status changes.
    let unchanged = match api.get(m.kind, &m.namespace, &m.name) {
        Some(Object::ReplicaSet(rs)) => rs.status == status,
        Some(Object::ReplicationController(rc)) => rc.status == status,
        _ => true,
    };
    if unchanged {
        return;
    }
    match api.get(m.kind, &m.namespace, &m.name).cloned() {
        Some(Object::ReplicaSet(mut rs)) if rs.status != status => {
            rs.status = status;
            api.put(Object::ReplicaSet(rs));
        }
        Some(Object::ReplicationController(mut rc)) if rc.status != status => {
            rc.status = status;
            api.put(Object::ReplicationController(rc));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `slow_start` over `count` items of which `fails` fail; returns (successes, batches
    /// as attempted).
    fn run(count: usize, fails: &[usize]) -> (usize, Vec<usize>) {
        let mut tried = Vec::new();
        let ok = slow_start(count, |i| {
            tried.push(i);
            !fails.contains(&i)
        });
        (ok, tried)
    }

    /// `slowStartBatch`: batches of 1, 2, 4, ... up to what is left; all succeed, all are made.
    #[test]
    fn slow_start_creates_everything_in_doubling_batches() {
        assert_eq!(run(0, &[]), (0, vec![]));
        assert_eq!(run(1, &[]).0, 1);
        assert_eq!(run(10, &[]), (10, (0..10).collect()));
        assert_eq!(run(BURST_REPLICAS, &[]).0, 500);
    }

    /// A failure finishes its batch and stops: 1 + 2 + 4 tried when item 3 (in the batch of 4)
    /// fails; the first failure stops everything after one attempt.
    #[test]
    fn slow_start_stops_after_a_failed_batch() {
        assert_eq!(run(10, &[3]), (6, (0..7).collect()));
        assert_eq!(run(10, &[0]), (0, vec![0]));
        assert_eq!(run(10, &[1, 2]), (1, vec![0, 1, 2]));
    }
}
