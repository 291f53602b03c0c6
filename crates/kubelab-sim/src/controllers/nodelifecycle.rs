//! The node lifecycle controller's NoSchedule tainting pass (`doNoScheduleTaintingPass`): a node
//! whose `spec.unschedulable` is true (`kubectl cordon`) gets the taint
//! `node.kubernetes.io/unschedulable:NoSchedule`, stamped with `timeAdded`, and loses it when
//! it is schedulable again. Servers from 1.12 on (TaintNodesByCondition, beta and on by
//! default in 1.12); a 1.11 server leaves the taints alone and its scheduler reads only
//! `spec.unschedulable`.
//!
//! Simplified: the condition taints (`not-ready`, `memory-pressure`, ...) are not modelled.

use crate::api::*;
use crate::cluster::Api;

/// The taint key the node controller manages for a cordoned node.
pub(crate) const UNSCHEDULABLE_TAINT: &str = "node.kubernetes.io/unschedulable";

/// The taint the scheduler's NodeUnschedulable filter lets a pod through with, if it tolerates it.
pub(crate) fn unschedulable_taint() -> Taint {
    Taint { key: UNSCHEDULABLE_TAINT.into(), value: None, effect: "NoSchedule".into(), time_added: None }
}

pub(crate) fn reconcile(api: &mut Api<'_>) {
    if !api.version().at_least(12) {
        return;
    }
    let nodes: Vec<Node> = api
        .list(Kind::Node, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::Node(n) => Some(n.clone()),
            _ => None,
        })
        .collect();
    for mut node in nodes {
        let wanted = node.spec.unschedulable == Some(true);
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
