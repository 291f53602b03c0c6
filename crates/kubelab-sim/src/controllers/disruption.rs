//! The disruption controller (`pkg/controller/disruption`): each PodDisruptionBudget's status
//! from the pods it selects in its namespace. `currentHealthy` counts the selected pods that
//! are Ready and not terminating; `expectedPods` is the number of selected pods for an integer
//! `minAvailable`, else the summed scale of their controllers (Deployment, through its
//! ReplicaSet; a bare ReplicaSet; ReplicationController; StatefulSet); `desiredHealthy` and
//! `disruptionsAllowed` follow `api::pdb`. On servers from 1.21 the `DisruptionAllowed`
//! condition says `SufficientPods` or `InsufficientPods`; `observedGeneration` is the spec's
//! generation.
//!
//! The eviction subresource (`Cluster::evict`) reads `disruptionsAllowed` and lowers it by one
//! for each pod it lets go; this controller then counts the terminating pod out of the healthy
//! ones, so the two agree.
//!
//! Simplified: no `disruptedPods` map (the terminating pod is visible at once, as a watch
//! without latency would make it), no `unhealthyPodEvictionPolicy`; a selected pod without a
//! controller when the controller scale is needed gives the `NoControllers` warning event and
//! zero allowed disruptions, as upstream does.

use crate::api::pdb::{desired_healthy, disruptions_allowed, PodDisruptionBudget};
use crate::api::*;
use crate::cluster::Api;
use std::collections::BTreeMap;

pub(crate) fn reconcile(api: &mut Api<'_>) {
    let pdbs: Vec<PodDisruptionBudget> =
        api.list(Kind::PodDisruptionBudget, None).into_iter().filter_map(PodDisruptionBudget::from_object).collect();
    for pdb in pdbs {
        sync(api, pdb);
    }
}

#[inline(never)] // out of `Cluster::settle`, so the web split can leave it out of the first download
fn sync(api: &mut Api<'_>, pdb: PodDisruptionBudget) {
    let (status, warning) = compute(api, &pdb);
    let mut next = pdb.clone();
    next.status.current_healthy = status.current_healthy;
    next.status.desired_healthy = status.desired_healthy;
    next.status.disruptions_allowed = status.disruptions_allowed;
    next.status.expected_pods = status.expected_pods;
    next.status.observed_generation = Some(pdb.metadata.generation.max(1));
    if api.version().at_least(21) {
        let (st, reason) =
            if status.disruptions_allowed > 0 { ("True", "SufficientPods") } else { ("False", "InsufficientPods") };
        let same = next.status.conditions.iter().any(|c| c.type_ == "DisruptionAllowed" && c.status == st);
        if !same {
            next.status.conditions.retain(|c| c.type_ != "DisruptionAllowed");
            next.status.conditions.push(crate::api::pdb::PdbCondition {
                type_: "DisruptionAllowed".into(),
                status: st.into(),
                last_transition_time: Some(api.now()),
                reason: reason.into(),
                message: String::new(),
                observed_generation: Some(pdb.metadata.generation.max(1)),
            });
        }
    }
    if next != pdb {
        api.put(next.into_object());
    }
    if let Some(msg) = warning {
        let obj = pdb.into_object();
        api.record_event(&obj, "Warning", "NoControllers", msg, "controllermanager");
    }
}

/// The budget's status now, and the `NoControllers` message when a pod has no controller.
pub(crate) fn compute(
    store: &crate::cluster::Store,
    pdb: &PodDisruptionBudget,
) -> (crate::api::pdb::PdbStatus, Option<String>) {
    let ns = pdb.metadata.ns();
    let pods: Vec<&Pod> = store
        .list(Kind::Pod, Some(ns))
        .into_iter()
        .filter_map(Object::as_pod)
        .filter(|p| pdb.selects(&p.metadata.labels))
        .collect();
    let healthy = pods.iter().filter(|p| !p.metadata.is_deleting() && p.is_ready()).count() as i64;
    let mut warning = None;
    let expected = if pdb.needs_controller_scale() {
        let mut scales: BTreeMap<String, i64> = BTreeMap::new();
        for p in &pods {
            match controller_scale(store, p) {
                Some((uid, scale)) => {
                    scales.insert(uid, scale);
                }
                None => {
                    warning = Some(format!("found no controllers for pod \"{}\"", p.metadata.name));
                    break;
                }
            }
        }
        scales.values().sum()
    } else {
        pods.len() as i64
    };
    let mut status =
        crate::api::pdb::PdbStatus { current_healthy: healthy, expected_pods: expected, ..Default::default() };
    if warning.is_some() {
        return (status, warning);
    }
    let desired = desired_healthy(&pdb.spec, expected).unwrap_or(expected);
    status.desired_healthy = desired;
    status.disruptions_allowed = disruptions_allowed(healthy, desired, expected);
    (status, None)
}

/// The uid and `spec.replicas` of the controller that scales `pod` (the disruption
/// controller's finders), or `None` when it has none the finders know.
fn controller_scale(store: &crate::cluster::Store, pod: &Pod) -> Option<(String, i64)> {
    let r = pod.metadata.controller_ref()?;
    let ns = pod.metadata.ns();
    match (r.kind.as_str(), store.get(kind_of(&r.kind)?, ns, &r.name)?) {
        ("ReplicaSet", Object::ReplicaSet(rs)) if rs.metadata.uid == r.uid => {
            if let Some(d) = rs.metadata.controller_ref().filter(|d| d.kind == "Deployment") {
                if let Some(Object::Deployment(dep)) = store.get(Kind::Deployment, ns, &d.name) {
                    return Some((dep.metadata.uid.clone(), dep.spec.replicas.unwrap_or(1)));
                }
            }
            Some((rs.metadata.uid.clone(), rs.spec.replicas.unwrap_or(1)))
        }
        ("ReplicationController", Object::ReplicationController(rc)) if rc.metadata.uid == r.uid => {
            Some((rc.metadata.uid.clone(), rc.spec.replicas.unwrap_or(1)))
        }
        ("StatefulSet", Object::StatefulSet(s)) if s.metadata.uid == r.uid => {
            Some((s.metadata.uid.clone(), s.spec.replicas.unwrap_or(1)))
        }
        _ => None,
    }
}

fn kind_of(kind: &str) -> Option<Kind> {
    match kind {
        "ReplicaSet" => Some(Kind::ReplicaSet),
        "ReplicationController" => Some(Kind::ReplicationController),
        "StatefulSet" => Some(Kind::StatefulSet),
        _ => None,
    }
}

/// The budgets in `pod`'s namespace that select it, in name order.
pub(crate) fn budgets_for(store: &crate::cluster::Store, pod: &Pod) -> Vec<PodDisruptionBudget> {
    store
        .list(Kind::PodDisruptionBudget, Some(pod.metadata.ns()))
        .into_iter()
        .filter_map(PodDisruptionBudget::from_object)
        .filter(|b| b.selects(&pod.metadata.labels))
        .collect()
}
