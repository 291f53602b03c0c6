//! The HorizontalPodAutoscaler controller (`horizontal.go`'s `reconcileAutoscaler`).
//!
//! Like Kubernetes, an HPA is first synced one resync period (15 s) after it is created (the
//! controller's queue is rate-limited to that period), and then every 15 s. Until its first sync
//! `kubectl get hpa` shows REPLICAS 0 and TARGETS `<unknown>`.
//!
//! Each sync reads the target's scale; below `minReplicas` / above `maxReplicas` it sets the
//! bound; otherwise every metric proposes a replica count from the Metrics API's samples
//! (`usage.rs`, filled by metrics-server) through the replica calculator (`calc.rs`: tolerance,
//! unready / missing / not-yet-initialized pods), the largest proposal wins, and it is
//! normalized (`behavior.rs`: the legacy 5-minute stabilization and `max(2 × current, 4)` cap
//! when `spec.behavior` is unset, the behavior's windows and rate policies when set). Conditions
//! `AbleToScale` / `ScalingActive` / `ScalingLimited`, `status.currentMetrics`, `desiredReplicas`,
//! `lastScaleTime` and the events (`SuccessfulRescale`, `FailedGetResourceMetric`,
//! `FailedComputeMetricsReplicas`) carry Kubernetes' reasons and wording; where 1.11 and 1.33
//! word an error differently the server version decides (`calc::Wording`).
//!
//! Simplified: the 1.11 controller's 3-minute upscale "forbidden window" is not modelled (the
//! course era gets the legacy stabilization of later versions, its downscale window being the
//! same 5 minutes); `Pods`/`Object`/`External` metrics always fail (no custom metrics API); the
//! first-sync recommendation is the current size, as upstream.

mod behavior;
mod calc;
pub mod decision;

use behavior::{normalize_legacy, normalize_with_behavior, History};

use crate::api::*;
use crate::cluster::{Api, Store};
use crate::time::{SimDuration, SimTime};
use calc::{CalcPod, Phase, Res, Sample, Wording};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const SYNC_PERIOD: SimDuration = SimDuration::from_secs(15);

/// The first server minor version with today's error wording (the lab models 1.11 and 1.33).
const MODERN_WORDING_MINOR: u32 = 20;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct HpaState {
    /// Next sync per HPA uid.
    next_sync: BTreeMap<String, SimTime>,
    /// Recommendations and scale events per HPA uid.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    history: BTreeMap<String, History>,
    /// Each sync as data (`decision.rs`), for the views; not serialised.
    #[serde(skip)]
    decisions: Vec<decision::HpaDecision>,
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
    api.own.history.retain(|uid, _| live.contains(uid));
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
        Object::StatefulSet(s) => Some(s.spec.replicas.unwrap_or(1)),
        _ => None,
    }
}

/// The scale subresource's selector: `None` when the target has none.
fn target_selector(obj: &Object) -> Option<Selector> {
    match obj {
        Object::Deployment(d) => d.spec.selector.as_ref()?.to_selector().ok(),
        Object::ReplicaSet(r) => r.spec.selector.as_ref()?.to_selector().ok(),
        Object::StatefulSet(s) => s.spec.selector.as_ref()?.to_selector().ok(),
        Object::ReplicationController(r) => Some(Selector::from_map(&r.spec.selector)),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

fn set_cond(
    conds: &mut Vec<Condition>,
    type_: &'static str,
    status: &'static str,
    reason: &str,
    message: &str,
    now: SimTime,
) {
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

/// What one metric proposes, or why it could not.
struct Proposal {
    replicas: i64,
    /// How the rescale reason names the metric.
    name: String,
    status: MetricStatus,
}

struct Failure {
    /// The ScalingActive reason and the event reason.
    reason: &'static str,
    /// The event's and condition's error.
    error: String,
    /// The error `computeReplicasForMetrics` reports (FailedComputeMetricsReplicas).
    wrapped: String,
}

/// The pods the target selects, as the calculator reads them, and their samples of `resource`.
fn calc_pods(store: &Store, ns: &str, selector: &Selector, resource: &str) -> (Vec<CalcPod>, BTreeMap<String, Sample>) {
    let mut pods = Vec::new();
    let mut samples = BTreeMap::new();
    for o in store.list(Kind::Pod, Some(ns)) {
        let Object::Pod(p) = o else { continue };
        if !selector.matches(&p.metadata.labels) {
            continue;
        }
        let phase = match p.status.phase.as_str() {
            "Running" => Phase::Running,
            "Succeeded" => Phase::Succeeded,
            "Failed" => Phase::Failed,
            _ => Phase::Pending,
        };
        let ready = p
            .status
            .conditions
            .iter()
            .find(|c| c.type_ == "Ready")
            .map(|c| (c.status == "True", c.last_transition_time.unwrap_or(p.metadata.creation_timestamp)));
        let requests =
            p.spec.containers.iter().map(|c| (c.name.clone(), container_request(&c.resources, resource))).collect();
        pods.push(CalcPod {
            name: p.metadata.name.clone(),
            phase,
            deleting: p.metadata.deletion_timestamp.is_some(),
            ready,
            start_time: p.status.start_time,
            requests,
        });
        if let Some(u) = store.metrics_api().pod(ns, &p.metadata.name) {
            let value = match resource {
                "cpu" => u.cpu_milli() as i64,
                "memory" => (u.memory_bytes() as i64).saturating_mul(1000),
                _ => continue,
            };
            samples.insert(p.metadata.name.clone(), Sample { value, timestamp: u.timestamp, window: u.window });
        }
    }
    (pods, samples)
}

/// A container's request of `resource` in milli-units (the API server defaults a request to
/// its limit), `None` if it has neither.
fn container_request(r: &ResourceRequirements, resource: &str) -> Option<i64> {
    let q = r.requests.get(resource).or_else(|| r.limits.get(resource))?;
    let text = match q {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let q = crate::api::quantity::parse(&text).ok()?;
    i64::try_from(q.nanos / 1_000_000).ok()
}

/// A milli-unit amount as `resource.NewMilliQuantity(v, DecimalSI).String()` prints it.
fn milli_quantity(v: i64) -> String {
    crate::api::quantity::Quantity { nanos: i128::from(v) * 1_000_000, format: crate::api::quantity::Format::DecimalSI }
        .canonical()
}

fn quantity_milli(v: &serde_json::Value) -> Option<i64> {
    let text = match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let q = crate::api::quantity::parse(&text).ok()?;
    i64::try_from(q.nanos / 1_000_000).ok()
}

fn resource_metric(
    store: &Store,
    hpa: &HorizontalPodAutoscaler,
    src: &ResourceMetricSource,
    selector: &Selector,
    current: i64,
    now: SimTime,
    wording: Wording,
) -> Result<Proposal, Failure> {
    let name = src.name.as_str();
    let utilization = src.target.average_value.is_none();
    let fail = |error: String| {
        let what = if utilization { "utilization" } else { "usage" };
        let inner = format!("failed to get {name} {what}: {error}");
        if wording.modern {
            Failure {
                reason: "FailedGetResourceMetric",
                error: inner.clone(),
                wrapped: format!("failed to get {name} resource metric value: {inner}"),
            }
        } else {
            Failure { reason: "FailedGetResourceMetric", error, wrapped: inner }
        }
    };
    let (pods, samples) = calc_pods(store, hpa.metadata.ns(), selector, name);
    let api_available = store.metrics_api().available;
    if let Some(e) = calc::fetch_error(api_available, samples.len(), name) {
        return Err(fail(e));
    }
    let input = calc::Input {
        resource: if name == "cpu" { Res::Cpu } else { Res::Other },
        resource_name: name,
        current,
        pods: &pods,
        samples: &samples,
        now,
        wording,
    };
    if let Some(target) = &src.target.average_value {
        let target = quantity_milli(target).unwrap_or(0);
        let (replicas, usage) = calc::plain_replicas(&input, target).map_err(fail)?;
        let status = MetricStatus {
            type_: "Resource".into(),
            resource: Some(ResourceMetricStatus {
                name: name.into(),
                current: MetricValueStatus { average_utilization: None, average_value: Some(milli_quantity(usage)) },
            }),
        };
        return Ok(Proposal { replicas, name: format!("{name} resource"), status });
    }
    let Some(target) = src.target.average_utilization else {
        return Err(fail(
            "invalid resource metric source: neither a utilization target nor a value target was set".into(),
        ));
    };
    let u = calc::resource_replicas(&input, target).map_err(fail)?;
    let status = MetricStatus {
        type_: "Resource".into(),
        resource: Some(ResourceMetricStatus {
            name: name.into(),
            current: MetricValueStatus {
                average_utilization: Some(u.utilization),
                average_value: Some(milli_quantity(u.raw_average)),
            },
        }),
    };
    Ok(Proposal { replicas: u.replicas, name: format!("{name} resource utilization (percentage of request)"), status })
}

/// A metric the lab has no API for (`Pods`, `Object`, `External`): the custom metrics API is
/// not registered.
fn unserved_metric(m: &MetricSpec) -> Failure {
    let (reason, kind, api) = match m.type_.as_str() {
        "Pods" => ("FailedGetPodsMetric", "pods", "custom"),
        "Object" => ("FailedGetObjectMetric", "object", "custom"),
        "External" => ("FailedGetExternalMetric", "external", "external"),
        "ContainerResource" => ("FailedGetContainerResourceMetric", "container resource", "resource"),
        _ => {
            let error = format!("unknown metric source type \"{}\"", m.type_);
            return Failure { reason: "InvalidMetricSourceType", error: error.clone(), wrapped: error };
        }
    };
    let name = m
        .extra
        .values()
        .find_map(|v| v.pointer("/metric/name").and_then(|n| n.as_str()).map(str::to_string))
        .unwrap_or_default();
    let error = format!(
        "unable to get metric {name}: unable to fetch metrics from {api} metrics API: no {api} metrics API ({api}.metrics.k8s.io) registered"
    );
    Failure { reason, error: error.clone(), wrapped: format!("failed to get {kind} metric value: {error}") }
}

#[inline(never)] // out of `Cluster::settle`, so the web split can leave it out of the first download
fn sync(api: &mut Api<'_, HpaState>, mut hpa: HorizontalPodAutoscaler, now: SimTime) {
    let hpa_obj = Object::HorizontalPodAutoscaler(hpa.clone());
    let Some(target) = scale_target(api, &hpa) else {
        let kind = hpa.spec.scale_target_ref.kind.to_lowercase() + "s";
        let group = if kind == "replicationcontrollers" { "" } else { ".apps" };
        let error = format!("{kind}{group} \"{}\" not found", hpa.spec.scale_target_ref.name);
        let msg = format!("the HPA controller was unable to get the target's current scale: {error}");
        set_cond(&mut hpa.status.conditions, "AbleToScale", "False", "FailedGetScale", &msg, now);
        // The event carries the error itself, the condition says what it means.
        api.record_event(&hpa_obj, "Warning", "FailedGetScale", error, "horizontal-pod-autoscaler");
        api.put(Object::HorizontalPodAutoscaler(hpa));
        return;
    };
    let wording = Wording { modern: api.version().minor >= MODERN_WORDING_MINOR };
    let current = target_replicas(&target).unwrap_or(0);
    let min = hpa.min_replicas();
    let max = hpa.spec.max_replicas;
    let uid = hpa.metadata.uid.clone();
    let mut why = decision::start(&hpa, now, current);
    // The first time the controller sees an HPA it recommends the current size.
    let history = api.own.history.entry(uid.clone()).or_default();
    if history.recommendations.is_empty() {
        history.recommendations.push(behavior::Recommendation { replicas: current, at: now });
    }
    hpa.status.current_replicas = current;
    set_cond(
        &mut hpa.status.conditions,
        "AbleToScale",
        "True",
        "SucceededGetScale",
        "the HPA controller was able to get the target's current scale",
        now,
    );
    let mut reason = String::new();
    let desired = match range(current, min, max) {
        Range::Disabled => {
            set_cond(
                &mut hpa.status.conditions,
                "ScalingActive",
                "False",
                "ScalingDisabled",
                "scaling is disabled since the replica count of the target is zero",
                now,
            );
            why.outcome = "scaling is disabled since the replica count of the target is zero".into();
            current
        }
        Range::Bound { replicas, reason: bound, limit } => {
            reason = bound.into();
            why.clamp = (limit.0.into(), limit.1.into());
            set_cond(&mut hpa.status.conditions, "ScalingLimited", "True", limit.0, limit.1, now);
            replicas
        }
        Range::Metrics => {
            why.metrics = decision::metrics(api, &hpa, &target, current, now, wording);
            let Some((proposal, name, statuses)) =
                compute_metrics(api, &mut hpa, &hpa_obj, &target, current, now, wording)
            else {
                why.outcome = hpa
                    .status
                    .conditions
                    .iter()
                    .find(|c| c.type_ == "ScalingActive" && c.status == "False")
                    .map_or_else(String::new, |c| c.message.clone());
                api.own.decide(why);
                hpa.status.observed_generation = Some(hpa.metadata.generation);
                api.put(Object::HorizontalPodAutoscaler(hpa));
                return;
            };
            hpa.status.current_metrics = statuses;
            let history = api.own.history.entry(uid.clone()).or_default();
            why.proposal = Some(proposal);
            why.stabilization =
                Some(decision::stabilization(history, now, hpa.spec.behavior.as_ref(), current, proposal));
            let (n, rescale) = normalize(history, now, hpa.spec.behavior.as_ref(), current, proposal, &name, min, max);
            reason = rescale;
            why.clamp = (n.limit.0.into(), n.limit.1.into());
            set_cond(&mut hpa.status.conditions, "AbleToScale", "True", n.able.0, n.able.1, now);
            let limited = if n.limited { "True" } else { "False" };
            set_cond(&mut hpa.status.conditions, "ScalingLimited", limited, n.limit.0, n.limit.1, now);
            n.replicas
        }
    };
    hpa.status.desired_replicas = desired;
    why.desired = desired;
    if why.outcome.is_empty() {
        why.outcome = if desired != current {
            format!("New size: {desired}; reason: {reason}")
        } else {
            format!("kept {current}")
        };
    }
    api.own.decide(why);
    if desired != current {
        let mut t = target.clone();
        match &mut t {
            Object::Deployment(d) => d.spec.replicas = Some(desired),
            Object::ReplicaSet(r) => r.spec.replicas = Some(desired),
            Object::ReplicationController(r) => r.spec.replicas = Some(desired),
            Object::StatefulSet(s) => s.spec.replicas = Some(desired),
            _ => {}
        }
        t.meta_mut().generation += 1;
        api.put(t);
        hpa.status.last_scale_time = Some(now);
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
        let behavior = hpa.spec.behavior.clone();
        let history = api.own.history.entry(uid).or_default();
        behavior::store_scale_event(history, behavior.as_ref(), now, current, desired);
    }
    hpa.status.observed_generation = Some(hpa.metadata.generation);
    api.put(Object::HorizontalPodAutoscaler(hpa));
}

/// The proposal kept so far against a new one: the larger wins, the earlier on a tie (a first
/// proposal of 0 is replaced, as upstream's `replicas == 0` test does).
fn larger(best: Option<(i64, String)>, new: (i64, String)) -> Option<(i64, String)> {
    match best {
        Some((r, name)) if r != 0 && new.0 <= r => Some((r, name)),
        _ => Some(new),
    }
}

/// Whether failed metrics stop the sync: all of them failed (in 1.11: any), or some failed and
/// the others would scale down.
fn blocked(invalid: usize, total: usize, best: Option<&(i64, String)>, current: i64, wording: Wording) -> bool {
    let all_invalid = invalid >= total || (!wording.modern && invalid > 0);
    let scale_down_with_invalid = invalid > 0 && best.is_some_and(|(r, _)| *r < current);
    all_invalid || scale_down_with_invalid
}

/// `computeReplicasForMetrics`: the largest proposal, its metric's name and every metric's
/// status; `None` (with the conditions and events set) when no proposal may be acted on.
fn compute_metrics(
    api: &mut Api<'_, HpaState>,
    hpa: &mut HorizontalPodAutoscaler,
    hpa_obj: &Object,
    target: &Object,
    current: i64,
    now: SimTime,
    wording: Wording,
) -> Option<(i64, String, Vec<MetricStatus>)> {
    let Some(selector) = target_selector(target) else {
        api.record_event(
            hpa_obj,
            "Warning",
            "SelectorRequired",
            "selector is required".into(),
            "horizontal-pod-autoscaler",
        );
        set_cond(
            &mut hpa.status.conditions,
            "ScalingActive",
            "False",
            "InvalidSelector",
            "the HPA target's scale is missing a selector",
            now,
        );
        return None;
    };
    let mut statuses = vec![MetricStatus::default(); hpa.spec.metrics.len()];
    let mut best: Option<(i64, String)> = None;
    let mut first_failure: Option<Failure> = None;
    let mut invalid = 0usize;
    for (i, m) in hpa.spec.metrics.iter().enumerate() {
        let result = match (&m.resource, m.type_.as_str()) {
            (Some(src), "Resource") => resource_metric(api, hpa, src, &selector, current, now, wording),
            _ => Err(unserved_metric(m)),
        };
        match result {
            Ok(p) => {
                best = larger(best, (p.replicas, p.name));
                statuses[i] = p.status;
            }
            Err(f) => {
                api.record_event(hpa_obj, "Warning", f.reason, f.error.clone(), "horizontal-pod-autoscaler");
                invalid += 1;
                if first_failure.is_none() {
                    first_failure = Some(f);
                }
                // The 1.11 controller gave up at the first metric it could not get.
                if !wording.modern {
                    break;
                }
            }
        }
    }
    let total = hpa.spec.metrics.len();
    if let Some(f) = first_failure.filter(|_| blocked(invalid, total, best.as_ref(), current, wording)) {
        let msg = format!("the HPA was unable to compute the replica count: {}", f.error);
        set_cond(&mut hpa.status.conditions, "ScalingActive", "False", f.reason, &msg, now);
        let error = if wording.modern {
            format!("invalid metrics ({invalid} invalid out of {total}), first error is: {}", f.wrapped)
        } else {
            f.wrapped
        };
        if wording.modern {
            hpa.status.current_metrics = statuses;
        }
        api.record_event(hpa_obj, "Warning", "FailedComputeMetricsReplicas", error, "horizontal-pod-autoscaler");
        return None;
    }
    let (replicas, name) = best?;
    set_cond(
        &mut hpa.status.conditions,
        "ScalingActive",
        "True",
        "ValidMetricFound",
        &format!("the HPA was able to successfully calculate a replica count from {name}"),
        now,
    );
    Some((replicas, name, statuses))
}

/// What a sync does before looking at metrics.
#[derive(Debug, PartialEq, Eq)]
enum Range {
    /// The target is at zero (and the minimum is not): scaling is disabled.
    Disabled,
    /// The target is outside [min, max]: set the bound.
    Bound {
        replicas: i64,
        reason: &'static str,
        limit: behavior::Why,
    },
    Metrics,
}

fn range(current: i64, min: i64, max: i64) -> Range {
    if current == 0 && min != 0 {
        Range::Disabled
    } else if current > max {
        Range::Bound {
            replicas: max,
            reason: "Current number of replicas above Spec.MaxReplicas",
            limit: behavior::TOO_MANY,
        }
    } else if current < min {
        Range::Bound {
            replicas: min,
            reason: "Current number of replicas below Spec.MinReplicas",
            limit: behavior::TOO_FEW,
        }
    } else {
        Range::Metrics
    }
}

/// The rescale reason (named before normalizing, as upstream does: a rescale that only the
/// stabilization asks for has an empty reason) and the normalized replicas.
#[allow(clippy::too_many_arguments)]
fn normalize(
    history: &mut History,
    now: SimTime,
    behavior: Option<&HpaBehavior>,
    current: i64,
    proposal: i64,
    metric: &str,
    min: i64,
    max: i64,
) -> (behavior::Normalized, String) {
    let reason = if proposal > current {
        format!("{metric} above target")
    } else if proposal < current {
        "All metrics below target".into()
    } else {
        String::new()
    };
    let n = match behavior {
        None => normalize_legacy(history, now, current, proposal, min, max),
        Some(b) => normalize_with_behavior(history, now, b, current, proposal, min, max),
    };
    (n, reason)
}

#[cfg(test)]
#[path = "controller_tests.rs"]
mod controller_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milli_quantities_print_as_the_api_does() {
        assert_eq!(milli_quantity(250), "250m");
        assert_eq!(milli_quantity(1000), "1");
        assert_eq!(milli_quantity(0), "0");
        assert_eq!(milli_quantity(10_485_760_000), "10485760");
        assert_eq!(quantity_milli(&serde_json::json!("100Mi")), Some(104_857_600_000));
    }
}
