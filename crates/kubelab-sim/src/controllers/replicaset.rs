//! The ReplicaSet and ReplicationController controllers.
//!
//! Each keeps `spec.replicas` active pods matching its selector: deleted pods respawn at once
//! (a terminating pod no longer counts), surplus pods are deleted in Kubernetes' order
//! (`ActivePodsWithRanks`): unscheduled before scheduled, Pending before Running, not ready before
//! ready, pods sharing a node with more siblings first, ready for less time first, more restarts
//! first, newer first. Matching orphan pods are adopted. Status counts live pods, ready pods and
//! available pods (ready for `minReadySeconds`).
//!
//! Simplifications: pods are created in one go (no slow-start batches), no pod-deletion-cost
//! annotation, no `ReplicaFailure` condition.

use crate::api::*;
use crate::cluster::{Api, DeleteOptions};

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

pub(crate) fn reconcile(api: &mut Api<'_>) {
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
    for m in managed {
        manage(api, &m);
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

fn manage(api: &mut Api<'_>, m: &Managed) {
    let now = api.now();
    // Adopt matching orphans (rare: only their pods are cloned).
    let orphans: Vec<Pod> = if m.selector.is_empty() {
        Vec::new()
    } else {
        api.list(Kind::Pod, Some(&m.namespace))
            .into_iter()
            .filter_map(Object::as_pod)
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
    // Count the active owned pods and, when there are too many, rank the victims; only keys
    // leave this block, so nothing is cloned in the steady state.
    let (diff, doomed): (i64, Vec<(ObjectKey, String)>) = {
        let active: Vec<&Pod> = api
            .list(Kind::Pod, Some(&m.namespace))
            .into_iter()
            .filter_map(Object::as_pod)
            .filter(|p| p.is_active() && p.metadata.controller_ref().is_some_and(|r| r.uid == m.uid))
            .collect();
        let diff = active.len() as i64 - m.replicas;
        let doomed = if diff > 0 { rank_victims(&active, diff as usize) } else { Vec::new() };
        (diff, doomed)
    };
    let owner_obj = if diff != 0 { api.get(m.kind, &m.namespace, &m.name).cloned() } else { None };
    if diff < 0 {
        for _ in 0..(-diff).min(500) {
            let mut pod = Pod {
                api_version: "v1".into(),
                kind: "Pod".into(),
                metadata: ObjectMeta {
                    generate_name: Some(format!("{}-", m.name)),
                    namespace: Some(m.namespace.clone()),
                    labels: m.template.metadata.labels.clone(),
                    annotations: m.template.metadata.annotations.clone(),
                    owner_references: vec![owner_ref(m)],
                    ..Default::default()
                },
                spec: m.template.spec.clone(),
                status: Default::default(),
            };
            pod.spec.node_name = None;
            match api.create_internal(Object::Pod(pod)) {
                Ok(created) => {
                    if let Some(owner) = &owner_obj {
                        let msg = format!("Created pod: {}", created.meta().name);
                        api.record_event(owner, "Normal", "SuccessfulCreate", msg, controller_name(m.kind));
                    }
                }
                Err(e) => {
                    if let Some(owner) = &owner_obj {
                        api.record_event(
                            owner,
                            "Warning",
                            "FailedCreate",
                            format!("Error creating: {e}"),
                            controller_name(m.kind),
                        );
                    }
                    break;
                }
            }
        }
    } else if diff > 0 {
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
    update_status(api, m, now);
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
    victims.sort_by_cached_key(|p| {
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

fn update_status(api: &mut Api<'_>, m: &Managed, now: crate::time::SimTime) {
    let pods: Vec<&Pod> = api
        .list(Kind::Pod, Some(&m.namespace))
        .into_iter()
        .filter_map(Object::as_pod)
        .filter(|p| p.is_active() && p.metadata.controller_ref().is_some_and(|r| r.uid == m.uid))
        .collect();
    let template_labels = &m.template.metadata.labels;
    let status = ReplicaSetStatus {
        replicas: pods.len() as i64,
        fully_labeled_replicas: pods
            .iter()
            .filter(|p| template_labels.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v)))
            .count() as i64,
        ready_replicas: pods.iter().filter(|p| p.is_ready()).count() as i64,
        available_replicas: pods.iter().filter(|p| p.is_available(m.min_ready_seconds, now)).count() as i64,
        observed_generation: m.generation,
        conditions: vec![],
    };
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
