//! Each HPA sync as data, for a view that says why (`Cluster::hpa_decisions`): the pods the
//! calculator counted and how (ready, unready, missing, ignored), their samples and requests,
//! the utilization and ratio against the tolerance band, each metric's proposal, the
//! stabilization window's recommendations and what it kept, the clamp that applied (the
//! `ScalingLimited` reason) and the replicas the sync set.
//!
//! Read-only: it is derived from the same reads and functions as the sync (`calc_pods`, the
//! calculator's pod grouping, its proposal) and decides nothing. Kept in the controller's
//! memory only (not serialised: a cluster restored from JSON starts with no decisions, which
//! changes no behaviour and no output), the newest [`MAX_DECISIONS`] of them.

use super::behavior::{History, DOWNSCALE_STABILIZATION};
use super::calc::{self, Res, Wording};
use super::{calc_pods, quantity_milli, target_selector, HpaState};
use crate::api::*;
use crate::cluster::Store;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};

/// Decisions kept (the oldest go first).
pub const MAX_DECISIONS: usize = 500;

/// How the replica calculator counted a pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PodCount {
    /// Running with a sample: its sample is averaged.
    Ready,
    /// Pending, or (cpu) not ready yet / within its initialization period: left out, or
    /// counted at 0 % when the others would scale up.
    Unready,
    /// No sample: counted at 100 % of the target when scaling down, 0 % when scaling up.
    Missing,
    /// Deleting or failed: not counted.
    Ignored,
}

impl PodCount {
    pub fn label(self) -> &'static str {
        match self {
            PodCount::Ready => "counted",
            PodCount::Unready => "unready",
            PodCount::Missing => "no sample",
            PodCount::Ignored => "ignored",
        }
    }
}

/// One pod as the calculator saw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodWhy {
    pub name: String,
    /// Its sample in milli-units (millicores; memory: bytes × 1000), if metrics-server had one.
    pub sample: Option<i64>,
    /// Its containers' requests summed, milli-units (`None`: a container without one).
    pub request: Option<i64>,
    pub counted: PodCount,
}

/// One metric of the sync.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricWhy {
    /// `cpu`, `memory`, or the metric's type when it is not a resource.
    pub name: String,
    /// The target as `kubectl get hpa` prints it: `50%`, `200m`.
    pub target: String,
    pub pods: Vec<PodWhy>,
    /// The average utilization in percent of the request (utilization targets).
    pub utilization: Option<i64>,
    /// Utilization (or average value) over the target.
    pub ratio: Option<f64>,
    /// What this metric proposes.
    pub proposal: Option<i64>,
    /// Why it proposes nothing.
    pub error: Option<String>,
}

/// The stabilization window's part.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stabilization {
    pub window_secs: i64,
    /// `true`: the highest recommendation wins (scaling down), `false`: the lowest (up).
    pub highest: bool,
    /// The recommendations inside the window before this sync's: (when, replicas).
    pub recommendations: Vec<(SimTime, i64)>,
    /// What the window kept of the proposal.
    pub stabilized: i64,
}

/// One sync of one HPA.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HpaDecision {
    pub at: SimTime,
    pub namespace: String,
    pub name: String,
    /// The target's scale before the sync.
    pub current: i64,
    pub min: i64,
    pub max: i64,
    /// The tolerance around a ratio of 1 within which nothing changes.
    pub tolerance: f64,
    pub metrics: Vec<MetricWhy>,
    /// The largest proposal (`None`: the sync stopped before, at a bound or on an error).
    pub proposal: Option<i64>,
    pub stabilization: Option<Stabilization>,
    /// The `ScalingLimited` reason that applied (`DesiredWithinRange`, `TooManyReplicas`,
    /// `ScaleUpLimit`, ...), and its message.
    pub clamp: (String, String),
    pub desired: i64,
    /// What the sync did, in the words of its event or condition.
    pub outcome: String,
}

impl HpaState {
    pub(crate) fn decisions(&self) -> &[HpaDecision] {
        &self.decisions
    }
    pub(super) fn decide(&mut self, d: HpaDecision) {
        if self.decisions.len() >= MAX_DECISIONS {
            self.decisions.remove(0);
        }
        self.decisions.push(d);
    }
}

/// A decision for `hpa` with nothing computed yet.
pub(super) fn start(hpa: &HorizontalPodAutoscaler, now: SimTime, current: i64) -> HpaDecision {
    HpaDecision {
        at: now,
        namespace: hpa.metadata.ns().to_string(),
        name: hpa.metadata.name.clone(),
        current,
        min: hpa.min_replicas(),
        max: hpa.spec.max_replicas,
        tolerance: calc::TOLERANCE,
        metrics: Vec::new(),
        proposal: None,
        stabilization: None,
        clamp: (String::new(), String::new()),
        desired: current,
        outcome: String::new(),
    }
}

/// Each metric of `hpa` as the calculator sees it now.
pub(super) fn metrics(
    store: &Store,
    hpa: &HorizontalPodAutoscaler,
    target: &Object,
    current: i64,
    now: SimTime,
    wording: Wording,
) -> Vec<MetricWhy> {
    let selector = target_selector(target);
    hpa.spec
        .metrics
        .iter()
        .map(|m| match (&m.resource, &selector) {
            (Some(src), Some(selector)) if m.type_ == "Resource" => {
                resource(store, hpa.metadata.ns(), src, selector, current, now, wording)
            }
            _ => MetricWhy {
                name: m.type_.clone(),
                target: String::new(),
                pods: Vec::new(),
                utilization: None,
                ratio: None,
                proposal: None,
                error: Some(if selector.is_none() {
                    "selector is required".into()
                } else {
                    "no metrics API for it".into()
                }),
            },
        })
        .collect()
}

fn resource(
    store: &Store,
    ns: &str,
    src: &ResourceMetricSource,
    selector: &Selector,
    current: i64,
    now: SimTime,
    wording: Wording,
) -> MetricWhy {
    let name = src.name.as_str();
    let (pods, samples) = calc_pods(store, ns, selector, name);
    let input = calc::Input {
        resource: if name == "cpu" { Res::Cpu } else { Res::Other },
        resource_name: name,
        current,
        pods: &pods,
        samples: &samples,
        now,
        wording,
    };
    let groups = calc::group_pods(&input);
    let pod_whys = pods
        .iter()
        .map(|p| {
            let counted = if groups.ignored.contains(&p.name) {
                PodCount::Ignored
            } else if groups.unready.contains(&p.name) {
                PodCount::Unready
            } else if groups.missing.contains(&p.name) {
                PodCount::Missing
            } else {
                PodCount::Ready
            };
            let request = p.requests.iter().try_fold(0i64, |a, (_, r)| r.map(|r| a.saturating_add(r)));
            PodWhy { name: p.name.clone(), sample: samples.get(&p.name).map(|s| s.value), request, counted }
        })
        .collect();
    let mut why = MetricWhy {
        name: name.to_string(),
        target: String::new(),
        pods: pod_whys,
        utilization: None,
        ratio: None,
        proposal: None,
        error: None,
    };
    if let Some(e) = calc::fetch_error(store.metrics_api().available, samples.len(), name) {
        why.error = Some(e);
        return why;
    }
    if let Some(value) = &src.target.average_value {
        let target = quantity_milli(value).unwrap_or(0);
        why.target = super::milli_quantity(target);
        match calc::plain_replicas(&input, target) {
            Ok((replicas, usage)) => {
                why.ratio = Some(usage as f64 / target.max(1) as f64);
                why.proposal = Some(replicas);
            }
            Err(e) => why.error = Some(e),
        }
        return why;
    }
    let Some(target) = src.target.average_utilization else {
        why.error = Some("neither a utilization target nor a value target was set".into());
        return why;
    };
    why.target = format!("{target}%");
    match calc::resource_replicas(&input, target) {
        Ok(u) => {
            why.utilization = Some(u.utilization);
            why.ratio = Some(u.utilization as f64 / target.max(1) as f64);
            why.proposal = Some(u.replicas);
        }
        Err(e) => why.error = Some(e),
    }
    why
}

/// The window's part of normalizing `proposal` from `current`, with the history before it.
pub(super) fn stabilization(
    history: &History,
    now: SimTime,
    behavior: Option<&HpaBehavior>,
    current: i64,
    proposal: i64,
) -> Stabilization {
    let secs = |rules: Option<&HpaScalingRules>, default: i64| {
        rules.and_then(|r| r.stabilization_window_seconds).unwrap_or(default).max(0)
    };
    let down_default = DOWNSCALE_STABILIZATION.as_secs() as i64;
    let (window_secs, highest) = match behavior {
        // Legacy: only scaling down is stabilized, over 5 minutes.
        None => (down_default, true),
        Some(b) if proposal >= current => (secs(b.scale_up.as_ref(), 0), false),
        Some(b) => (secs(b.scale_down.as_ref(), down_default), true),
    };
    let recommendations: Vec<(SimTime, i64)> = history
        .recommendations
        .iter()
        .filter(|r| {
            let ago = now.since(r.at).as_millis() as i64;
            let window = window_secs.saturating_mul(1000);
            // Legacy keeps the window's edge (`at >= now - window`), behaviors do not.
            if behavior.is_none() {
                ago <= window
            } else {
                ago < window
            }
        })
        .map(|r| (r.at, r.replicas))
        .collect();
    let stabilized =
        recommendations.iter().map(|r| r.1).fold(proposal, |a, r| if highest { a.max(r) } else { a.min(r) });
    Stabilization { window_secs, highest, recommendations, stabilized }
}
