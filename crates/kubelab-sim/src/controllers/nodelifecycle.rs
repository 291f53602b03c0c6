//! The node lifecycle controller's NoSchedule tainting pass (`doNoScheduleTaintingPass`): a node
//! whose `spec.unschedulable` is true (`kubectl cordon`) gets the taint
//! `node.kubernetes.io/unschedulable:NoSchedule`, stamped with `timeAdded`, and loses it when
//! it is schedulable again. Servers from 1.12 on (TaintNodesByCondition, beta and on by
//! default in 1.12); a 1.11 server leaves the taints alone and its scheduler reads only
//! `spec.unschedulable`.
//!
//! The kubelet's side of a cordon is here too: it reports `NodeNotSchedulable` /
//! `NodeSchedulable` events (`Node node01 status is now: NodeNotSchedulable`) when it sees
//! `spec.unschedulable` change, on servers of both eras.
//!
//! Simplified: the condition taints (`not-ready`, `memory-pressure`, ...) are not modelled; the
//! kubelet's event comes as the change is written, not at its next node status update (up to
//! 10 s later).

use crate::api::*;
use crate::cluster::Api;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Each node's `spec.unschedulable` as its kubelet last saw it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct NodeLifecycleState {
    seen: BTreeMap<String, bool>,
}

/// The taint key the node controller manages for a cordoned node.
pub(crate) const UNSCHEDULABLE_TAINT: &str = "node.kubernetes.io/unschedulable";

/// The taint the scheduler's NodeUnschedulable filter lets a pod through with, if it tolerates it.
pub(crate) fn unschedulable_taint() -> Taint {
    Taint { key: UNSCHEDULABLE_TAINT.into(), value: None, effect: "NoSchedule".into(), time_added: None }
}

pub(crate) fn reconcile(api: &mut Api<'_, NodeLifecycleState>) {
    // Read in place; only a node whose kubelet sees a change, or whose taint must change, is
    // cloned.
    let taints = api.version().at_least(12);
    let changed: Vec<(String, bool)> = api
        .list(Kind::Node, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::Node(n) => Some(n),
            _ => None,
        })
        .filter_map(|node| {
            let wanted = node.spec.unschedulable == Some(true);
            let has = node.spec.taints.iter().any(|t| t.key == UNSCHEDULABLE_TAINT && t.effect == "NoSchedule");
            let seen = api.own.seen.get(&node.metadata.name).copied();
            (seen != Some(wanted) || (taints && wanted != has)).then(|| (node.metadata.name.clone(), wanted))
        })
        .collect();
    for (name, wanted) in changed {
        let before = api.own.seen.insert(name.clone(), wanted);
        let Some(Object::Node(node)) = api.get(Kind::Node, "", &name) else { continue };
        let mut node = node.clone();
        if before.is_some_and(|b| b != wanted) {
            let status = if wanted { "NodeNotSchedulable" } else { "NodeSchedulable" };
            let obj = Object::Node(node.clone());
            api.record_event(&obj, "Normal", status, format!("Node {name} status is now: {status}"), "kubelet");
        }
        if !taints {
            continue;
        }
        let has = node.spec.taints.iter().any(|t| t.key == UNSCHEDULABLE_TAINT && t.effect == "NoSchedule");
        if wanted == has {
            continue;
        }
        if wanted {
            node.spec.taints.push(Taint { time_added: Some(api.now()), ..unschedulable_taint() });
        } else {
            node.spec.taints.retain(|t| !(t.key == UNSCHEDULABLE_TAINT && t.effect == "NoSchedule"));
        }
        api.put(Object::Node(node));
    }
}
