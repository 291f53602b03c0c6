//! The HorizontalPodAutoscaler controller.
//!
//! Like Kubernetes, an HPA is first synced one resync period (15 s) after it is created (the
//! controller's queue is rate-limited to that period), and then every 15 s. Until its first sync
//! `kubectl get hpa` shows REPLICAS 0 and TARGETS `<unknown>`.
//!
//! Modelled so far: the target's current replicas below `minReplicas` are raised to the minimum
//! ("Current number of replicas below Spec.MinReplicas") and above `maxReplicas` lowered to the
//! maximum; in between, with no metrics (there is no metrics-server yet), nothing changes and the
//! `ScalingActive` condition says so. `SuccessfulRescale` events and `lastScaleTime` as in
//! Kubernetes. A target at 0 replicas disables scaling.
//!
//! Not yet modelled: CPU metrics, the replica formula, tolerance and stabilisation windows (they
//! come with the autoscaling milestone).

use crate::api::*;
use crate::cluster::{Api, Store};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const SYNC_PERIOD: SimDuration = SimDuration::from_secs(15);

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct HpaState {
    /// Next sync per HPA uid.
    next_sync: BTreeMap<String, SimTime>,
}

pub(crate) fn reconcile(api: &mut Api<'_, HpaState>) {
    let now = api.now();
    let hpas: Vec<HorizontalPodAutoscaler> = api
        .list(Kind::HorizontalPodAutoscaler, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::HorizontalPodAutoscaler(h) => Some(h.clone()),
            _ => None,
        })
        .collect();
    let live: std::collections::BTreeSet<String> = hpas.iter().map(|h| h.metadata.uid.clone()).collect();
    api.own.next_sync.retain(|uid, _| live.contains(uid));
    for hpa in hpas {
        let due =
            *api.own.next_sync.entry(hpa.metadata.uid.clone()).or_insert(hpa.metadata.creation_timestamp + SYNC_PERIOD);
        if now < due {
            api.wake_at(due);
            continue;
        }
        api.own.next_sync.insert(hpa.metadata.uid.clone(), now + SYNC_PERIOD);
        api.wake_at(now + SYNC_PERIOD);
        sync(api, hpa, now);
    }
}

fn scale_target(store: &Store, hpa: &HorizontalPodAutoscaler) -> Option<Object> {
    let kind = Kind::from_name(&hpa.spec.scale_target_ref.kind)?;
    store.get(kind, hpa.metadata.ns(), &hpa.spec.scale_target_ref.name).cloned()
}

fn target_replicas(obj: &Object) -> Option<i64> {
    match obj {
        Object::Deployment(d) => Some(d.replicas()),
        Object::ReplicaSet(r) => Some(r.replicas()),
        Object::ReplicationController(r) => Some(r.replicas()),
        _ => None,
    }
}

fn set_cond(conds: &mut Vec<Condition>, type_: &str, status: &str, reason: &str, message: &str, now: SimTime) {
    if let Some(c) = conds.iter_mut().find(|c| c.type_ == type_) {
        if c.status != status {
            c.last_transition_time = Some(now);
        }
        c.status = status.into();
        c.reason = reason.into();
        c.message = message.into();
        return;
    }
    conds.push(Condition {
        type_: type_.into(),
        status: status.into(),
        last_transition_time: Some(now),
        reason: reason.into(),
        message: message.into(),
        ..Default::default()
    });
}

fn sync(api: &mut Api<'_, HpaState>, mut hpa: HorizontalPodAutoscaler, now: SimTime) {
    let hpa_obj = Object::HorizontalPodAutoscaler(hpa.clone());
    let Some(target) = scale_target(api, &hpa) else {
        let msg = format!(
            "the HPA controller was unable to get the target's current scale: {}.apps \"{}\" not found",
            hpa.spec.scale_target_ref.kind.to_lowercase() + "s",
            hpa.spec.scale_target_ref.name
        );
        set_cond(&mut hpa.status.conditions, "AbleToScale", "False", "FailedGetScale", &msg, now);
        api.record_event(&hpa_obj, "Warning", "FailedGetScale", msg, "horizontal-pod-autoscaler");
        api.put(Object::HorizontalPodAutoscaler(hpa));
        return;
    };
    let current = target_replicas(&target).unwrap_or(0);
    let min = hpa.min_replicas();
    let max = hpa.spec.max_replicas;
    hpa.status.current_replicas = current;
    set_cond(
        &mut hpa.status.conditions,
        "AbleToScale",
        "True",
        "SucceededGetScale",
        "the HPA controller was able to get the target's current scale",
        now,
    );
    let (desired, reason) = if current == 0 && min != 0 {
        set_cond(
            &mut hpa.status.conditions,
            "ScalingActive",
            "False",
            "ScalingDisabled",
            "scaling is disabled since the replica count of the target is zero",
            now,
        );
        (current, None)
    } else if current > max {
        (max, Some("Current number of replicas above Spec.MaxReplicas"))
    } else if current < min {
        (min, Some("Current number of replicas below Spec.MinReplicas"))
    } else {
        let msg = "the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)";
        set_cond(&mut hpa.status.conditions, "ScalingActive", "False", "FailedGetResourceMetric", msg, now);
        api.record_event(
            &hpa_obj,
            "Warning",
            "FailedGetResourceMetric",
            "failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)".into(),
            "horizontal-pod-autoscaler",
        );
        (current, None)
    };
    hpa.status.desired_replicas = desired;
    if desired != current {
        if let Some(reason) = reason {
            let mut t = target.clone();
            match &mut t {
                Object::Deployment(d) => d.spec.replicas = Some(desired),
                Object::ReplicaSet(r) => r.spec.replicas = Some(desired),
                Object::ReplicationController(r) => r.spec.replicas = Some(desired),
                _ => {}
            }
            t.meta_mut().generation += 1;
            api.put(t);
            hpa.status.last_scale_time = Some(now);
            hpa.status.current_replicas = current;
            set_cond(
                &mut hpa.status.conditions,
                "AbleToScale",
                "True",
                "SucceededRescale",
                &format!("the HPA controller was able to update the target scale to {desired}"),
                now,
            );
            api.record_event(
                &hpa_obj,
                "Normal",
                "SuccessfulRescale",
                format!("New size: {desired}; reason: {reason}"),
                "horizontal-pod-autoscaler",
            );
        }
    }
    let (limited, lreason, lmsg) = if desired >= max && current >= max {
        ("True", "TooManyReplicas", "the desired replica count is more than the maximum replica count")
    } else if reason.is_some() && desired == min {
        ("True", "TooFewReplicas", "the desired replica count is less than the minimum replica count")
    } else {
        ("False", "DesiredWithinRange", "the desired count is within the acceptable range")
    };
    set_cond(&mut hpa.status.conditions, "ScalingLimited", limited, lreason, lmsg, now);
    hpa.status.observed_generation = Some(hpa.metadata.generation);
    api.put(Object::HorizontalPodAutoscaler(hpa));
}
