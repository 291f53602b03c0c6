//! Canary by traffic weight (`spec.strategy.canary.trafficRouting` with `canaryService` and
//! `stableService`), as a mesh or ingress would split it, reduced to what the lab needs:
//! - the controller points the two Services at their ReplicaSets (it adds
//!   `rollouts-pod-template-hash: <hash>` to their selectors, as Argo does) and keeps the stable
//!   ReplicaSet at 100 % while the canary has `ceil(weight × replicas / 100)` pods
//!   (`trafficWeightToReplicas`);
//! - traffic sent to the stable Service goes to the canary Service's pods with the current
//!   weight's probability, per request, whatever the replica ratio ([`split`], read by
//!   `traffic::send`).
//!
//! Simplified: whatever router `trafficRouting` names (nginx, istio, smi, ...), the lab's split is
//! the same; it applies to requests on new connections without session affinity (a kept-alive
//! connection stays on its pod, as with kube-proxy); no `setCanaryScale`, `dynamicStableScale`,
//! `minPodsPerReplicaSet` or `scaleDownDelaySeconds`.

use crate::api::rollout::*;
use crate::api::*;
use crate::cluster::{Api, Cluster};

/// Whether the Rollout splits traffic by weight (names a router and both Services).
pub fn routed(ro: &Rollout) -> bool {
    ro.spec.strategy.canary.as_ref().is_some_and(|c| {
        c.traffic_routing.as_ref().is_some_and(|t| !t.is_null())
            && c.canary_service.as_deref().is_some_and(|s| !s.is_empty())
            && c.stable_service.as_deref().is_some_and(|s| !s.is_empty())
    })
}

/// `trafficWeightToReplicas`.
pub fn weight_to_replicas(replicas: i64, weight: i64) -> i64 {
    (replicas.max(0) * weight.clamp(0, 100) + 99) / 100
}

/// Points the canary and stable Services at their ReplicaSets' pods.
pub(super) fn point_services(api: &mut Api<'_, super::RolloutState>, ro: &Rollout) {
    let Some(c) = ro.spec.strategy.canary.as_ref() else { return };
    let canary_hash = ro.status.current_pod_hash.clone().unwrap_or_default();
    let stable_hash = ro.status.stable_rs.clone().unwrap_or_default();
    for (name, hash) in [(&c.canary_service, canary_hash), (&c.stable_service, stable_hash)] {
        let Some(name) = name else { continue };
        if hash.is_empty() {
            continue;
        }
        let Some(Object::Service(mut svc)) = api.get(Kind::Service, ro.metadata.ns(), name).cloned() else { continue };
        let selector = svc.spec.selector.get_or_insert_with(Default::default);
        if selector.get(HASH_LABEL) != Some(&hash) {
            selector.insert(HASH_LABEL.into(), hash);
            api.put(Object::Service(svc));
        }
    }
}

/// For a request to `svc`: the share (percent) that goes to a Rollout's canary Service instead,
/// and that Service; `None` when `svc` is no routed Rollout's stable Service or the weight is 0.
pub fn split(cluster: &Cluster, svc: &Service) -> Option<(u64, Service)> {
    let ns = svc.metadata.ns();
    for obj in cluster.list(Kind::Rollout, Some(ns)) {
        let Some(ro) = Rollout::from_object(obj) else { continue };
        if !routed(&ro) || ro.fully_promoted() {
            continue;
        }
        let Some(c) = ro.spec.strategy.canary.as_ref() else { continue };
        if c.stable_service.as_deref() != Some(svc.metadata.name.as_str()) {
            continue;
        }
        let weight = ro.current_set_weight();
        if weight <= 0 {
            return None;
        }
        let canary = c.canary_service.as_deref()?;
        return match cluster.get(Kind::Service, ns, canary) {
            Some(Object::Service(s)) => Some((weight as u64, s.clone())),
            _ => None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::weight_to_replicas;

    /// Upstream's `TestTrafficWeightToReplicas` examples: ceil(weight × replicas / 100).
    #[test]
    fn canary_replicas_round_up() {
        assert_eq!(weight_to_replicas(10, 5), 1);
        assert_eq!(weight_to_replicas(10, 10), 1);
        assert_eq!(weight_to_replicas(10, 11), 2);
        assert_eq!(weight_to_replicas(5, 20), 1);
        assert_eq!(weight_to_replicas(5, 0), 0);
        assert_eq!(weight_to_replicas(5, 100), 5);
        assert_eq!(weight_to_replicas(3, 50), 2);
    }
}
