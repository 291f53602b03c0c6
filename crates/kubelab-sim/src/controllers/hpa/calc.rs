//! The replica calculator (`replica_calculator.go`): one metric's proposal from the pods' samples.
//!
//! Pure functions over [`CalcPod`]s and samples, so that the upstream test table
//! (`replica_calculator_test.go`, fidelity doc 3.4) is checked row by row below. Ratios and the
//! `ceil` are computed in `f64` exactly as the Go code does (IEEE doubles, the same results).
//! Utilization is an integer percent (truncated) before the ratio.

use crate::time::{SimDuration, SimTime};
use std::collections::{BTreeMap, BTreeSet};

/// `--horizontal-pod-autoscaler-tolerance`.
pub const TOLERANCE: f64 = 0.1;
/// `--horizontal-pod-autoscaler-cpu-initialization-period`.
pub const CPU_INITIALIZATION_PERIOD: SimDuration = SimDuration::from_secs(300);
/// `--horizontal-pod-autoscaler-initial-readiness-delay`.
pub const INITIAL_READINESS_DELAY: SimDuration = SimDuration::from_secs(30);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Pending,
    Running,
    Succeeded,
    Failed,
}

/// What the calculator reads of a pod.
#[derive(Clone, Debug)]
pub struct CalcPod {
    pub name: String,
    pub phase: Phase,
    pub deleting: bool,
    /// The Ready condition: its status and last transition, if the pod has one.
    pub ready: Option<(bool, SimTime)>,
    pub start_time: Option<SimTime>,
    /// Each container's request of the resource in milli-units; `None`: no request.
    pub requests: Vec<(String, Option<i64>)>,
}

/// One pod's sample in milli-units (millicores; for memory, bytes × 1000).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    pub value: i64,
    pub timestamp: SimTime,
    pub window: SimDuration,
}

/// Which messages the server version prints (1.11 and 1.33 differ in wording).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wording {
    pub modern: bool,
}

/// The resource of a `Resource` metric, `cpu` or anything else (memory).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Res {
    Cpu,
    Other,
}

pub struct Input<'a> {
    pub resource: Res,
    pub resource_name: &'a str,
    pub current: i64,
    pub pods: &'a [CalcPod],
    pub samples: &'a BTreeMap<String, Sample>,
    pub now: SimTime,
    pub wording: Wording,
}

/// A utilization proposal: replicas, the integer utilization and the average raw use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Utilization {
    pub replicas: i64,
    pub utilization: i64,
    pub raw_average: i64,
}

pub(super) struct Groups {
    pub(super) ready: i64,
    pub(super) unready: BTreeSet<String>,
    pub(super) missing: BTreeSet<String>,
    pub(super) ignored: BTreeSet<String>,
}

pub(super) fn group_pods(input: &Input<'_>) -> Groups {
    let mut g = Groups { ready: 0, unready: BTreeSet::new(), missing: BTreeSet::new(), ignored: BTreeSet::new() };
    for pod in input.pods {
        if pod.deleting || pod.phase == Phase::Failed {
            g.ignored.insert(pod.name.clone());
            continue;
        }
        if pod.phase == Phase::Pending {
            g.unready.insert(pod.name.clone());
            continue;
        }
        let Some(sample) = input.samples.get(&pod.name) else {
            g.missing.insert(pod.name.clone());
            continue;
        };
        if input.resource == Res::Cpu {
            let unready = match (pod.ready, pod.start_time) {
                (Some((ready, transition)), Some(start)) => {
                    if start + CPU_INITIALIZATION_PERIOD > input.now {
                        // Within the initialization period: unready, or not ready for the
                        // whole window the sample covers.
                        !ready || sample.timestamp < transition + sample.window
                    } else {
                        // After it: only a pod that is unready and never was ready.
                        !ready && start + INITIAL_READINESS_DELAY > transition
                    }
                }
                _ => true,
            };
            if unready {
                g.unready.insert(pod.name.clone());
                continue;
            }
        }
        g.ready += 1;
    }
    g
}

fn requests(input: &Input<'_>) -> Result<BTreeMap<String, i64>, String> {
    let mut out = BTreeMap::new();
    for pod in input.pods {
        let mut sum = 0i64;
        for (container, request) in &pod.requests {
            match request {
                Some(r) => sum = sum.saturating_add(*r),
                None if input.wording.modern => {
                    return Err(format!(
                        "missing request for {} in container {container} of Pod {}",
                        input.resource_name, pod.name
                    ))
                }
                None => return Err(format!("missing request for {}", input.resource_name)),
            }
        }
        out.insert(pod.name.clone(), sum);
    }
    Ok(out)
}

/// `GetResourceUtilizationRatio`: (ratio, integer utilization, raw average).
fn utilization_ratio(
    samples: &BTreeMap<String, i64>,
    requests: &BTreeMap<String, i64>,
    target: i64,
) -> Result<(f64, i64, i64), String> {
    let (mut total, mut requested, mut n) = (0i64, 0i64, 0i64);
    for (pod, value) in samples {
        let Some(r) = requests.get(pod) else { continue };
        total = total.saturating_add(*value);
        requested = requested.saturating_add(*r);
        n += 1;
    }
    if requested == 0 || n == 0 {
        return Err("no metrics returned matched known pods".into());
    }
    let utilization = total.saturating_mul(100) / requested;
    Ok((utilization as f64 / target.max(1) as f64, utilization, total / n))
}

fn no_samples_error(w: Wording) -> String {
    if w.modern {
        "did not receive metrics for targeted pods (pods might be unready)".into()
    } else {
        "did not receive metrics for any ready pods".into()
    }
}

/// `GetResourceReplicas` after the metrics were fetched: `target` is the utilization target in
/// percent.
pub fn resource_replicas(input: &Input<'_>, target: i64) -> Result<Utilization, String> {
    if input.pods.is_empty() {
        return Err("no pods returned by selector while calculating replica count".into());
    }
    let g = group_pods(input);
    let mut samples: BTreeMap<String, i64> = input
        .samples
        .iter()
        .filter(|(name, _)| !g.ignored.contains(*name) && !g.unready.contains(*name))
        .map(|(name, s)| (name.clone(), s.value))
        .collect();
    if samples.is_empty() {
        return Err(no_samples_error(input.wording));
    }
    let requests = requests(input)?;
    let (ratio, utilization, raw_average) = utilization_ratio(&samples, &requests, target)?;
    let done = |replicas: i64| Ok(Utilization { replicas, utilization, raw_average });
    let scale_up_with_unready = !g.unready.is_empty() && ratio > 1.0;
    if !scale_up_with_unready && g.missing.is_empty() {
        if (1.0 - ratio).abs() <= TOLERANCE {
            return done(input.current);
        }
        return done((ratio * g.ready as f64).ceil() as i64);
    }
    if !g.missing.is_empty() {
        for name in &g.missing {
            let request = requests.get(name).copied().unwrap_or(0);
            let value = if ratio < 1.0 {
                request.saturating_mul(target.max(100)) / 100
            } else if ratio > 1.0 {
                0
            } else {
                continue;
            };
            samples.insert(name.clone(), value);
        }
    }
    if scale_up_with_unready {
        for name in &g.unready {
            samples.insert(name.clone(), 0);
        }
    }
    let (new_ratio, _, _) = utilization_ratio(&samples, &requests, target)?;
    if (1.0 - new_ratio).abs() <= TOLERANCE || (ratio < 1.0 && new_ratio > 1.0) || (ratio > 1.0 && new_ratio < 1.0) {
        return done(input.current);
    }
    let new = (new_ratio * samples.len() as f64).ceil() as i64;
    if (new_ratio < 1.0 && new > input.current) || (new_ratio > 1.0 && new < input.current) {
        return done(input.current);
    }
    done(new)
}

/// `GetRawResourceReplicas` / `calcPlainMetricReplicas`: `target` is the average value per pod
/// in milli-units. Returns (replicas, average use in milli-units).
pub fn plain_replicas(input: &Input<'_>, target: i64) -> Result<(i64, i64), String> {
    if input.pods.is_empty() {
        return Err("no pods returned by selector while calculating replica count".into());
    }
    let g = group_pods(input);
    let mut samples: BTreeMap<String, i64> = input
        .samples
        .iter()
        .filter(|(name, _)| !g.ignored.contains(*name) && !g.unready.contains(*name))
        .map(|(name, s)| (name.clone(), s.value))
        .collect();
    if samples.is_empty() {
        return Err(no_samples_error(input.wording));
    }
    let usage_ratio = |samples: &BTreeMap<String, i64>| {
        let total: i64 = samples.values().fold(0i64, |a, v| a.saturating_add(*v));
        let average = total / samples.len().max(1) as i64;
        (average as f64 / target.max(1) as f64, average)
    };
    let (ratio, usage) = usage_ratio(&samples);
    let scale_up_with_unready = !g.unready.is_empty() && ratio > 1.0;
    if !scale_up_with_unready && g.missing.is_empty() {
        if (1.0 - ratio).abs() <= TOLERANCE {
            return Ok((input.current, usage));
        }
        return Ok(((ratio * g.ready as f64).ceil() as i64, usage));
    }
    for name in &g.missing {
        if ratio < 1.0 {
            samples.insert(name.clone(), target);
        } else if ratio > 1.0 {
            samples.insert(name.clone(), 0);
        }
    }
    if scale_up_with_unready {
        for name in &g.unready {
            samples.insert(name.clone(), 0);
        }
    }
    let (new_ratio, _) = usage_ratio(&samples);
    if (1.0 - new_ratio).abs() <= TOLERANCE || (ratio < 1.0 && new_ratio > 1.0) || (ratio > 1.0 && new_ratio < 1.0) {
        return Ok((input.current, usage));
    }
    let new = (new_ratio * samples.len() as f64).ceil() as i64;
    if (new_ratio < 1.0 && new > input.current) || (new_ratio > 1.0 && new < input.current) {
        return Ok((input.current, usage));
    }
    Ok((new, usage))
}

/// The metrics client's error, before any pod is looked at: no Metrics API at all, or no
/// sample among the pods the selector picks (`GetResourceMetric`).
pub fn fetch_error(api_available: bool, samples_found: usize, resource_name: &str) -> Option<String> {
    let cause = if !api_available {
        "unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)"
    } else if samples_found == 0 {
        "no metrics returned from resource metrics API"
    } else {
        return None;
    };
    Some(format!("unable to get metrics for resource {resource_name}: {cause}"))
}

#[cfg(test)]
#[path = "calc_tests.rs"]
mod tests;
