//! The AnalysisRun controller (Argo's `analysis/analysis.go`): each metric is measured at its
//! start (after `initialDelay`), then every `interval`, until `count` measurements were taken;
//! a measurement is `Successful`, `Failed` or `Inconclusive` by `successCondition` and
//! `failureCondition` (`EvaluateResult`), and a metric ends `Failed` when `failed >
//! failureLimit`, `Inconclusive` when `inconclusive > inconclusiveLimit`, `Error` when
//! `consecutiveErrors > consecutiveErrorLimit` (`assessMetricFailureInconclusiveOrError`),
//! `Successful` once its count is reached. The run takes its worst metric's phase and message
//! (`Metric "NAME" assessed Failed due to failed (2) > failureLimit (1)`).
//!
//! # The lab's metric provider
//! Argo asks Prometheus, Datadog, a web hook or a Job; the lab has one provider, its own traffic
//! model, named as an Argo metric plugin:
//! ```yaml
//! provider:
//!   plugin:
//!     kubelab/traffic:
//!       metric: error-rate    # or success-rate, or requests
//!       version: canary       # or stable
//! ```
//! The value is the share of that version's requests answered with an error (or without one,
//! or their number) over the last `interval` (60 s when the metric has none), from the
//! per-version counters the traffic model keeps (a version is the image its pods run). With no
//! request in that window the measurement is `Inconclusive` (there is nothing to judge). Any
//! other provider's measurement is an `Error` that says so. Conditions are comparisons of
//! `result` (or `result[0]`) with a number (`<`, `<=`, `>`, `>=`, `==`, `!=`), joined by `&&` or
//! `||`; Argo's full expression language is not modelled.

use crate::api::rollout::*;
use crate::api::*;
use crate::cluster::Api;
use crate::time::{SimDuration, SimTime};
use crate::traffic::TrafficState;

/// The window of a metric without an interval.
const DEFAULT_WINDOW: SimDuration = SimDuration::from_secs(60);
/// The plugin name of the lab's provider.
pub const PROVIDER: &str = "kubelab/traffic";

/// The phases in Argo's order of badness (`analysisStatusOrder`).
fn badness(phase: &str) -> u8 {
    match phase {
        "Pending" => 0,
        "Running" => 1,
        "Successful" => 2,
        "Inconclusive" => 3,
        "Error" => 4,
        "Failed" => 5,
        _ => 0,
    }
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

/// Evaluates a condition against `result`; an error message for what the lab cannot read.
pub fn eval_condition(expr: &str, result: f64) -> Result<bool, String> {
    if expr.len() > 500 {
        return Err("condition too long".into());
    }
    // `||` binds looser than `&&`.
    let mut any = false;
    for alternative in expr.split("||") {
        let mut all = true;
        for term in alternative.split("&&") {
            all &= eval_comparison(term.trim(), result)?;
        }
        any |= all;
    }
    Ok(any)
}

fn eval_comparison(term: &str, result: f64) -> Result<bool, String> {
    let ops = [("<=", Op::Le), (">=", Op::Ge), ("==", Op::Eq), ("!=", Op::Ne), ("<", Op::Lt), (">", Op::Gt)];
    let Some((at, sym, op)) = ops.iter().find_map(|(s, op)| term.find(s).map(|i| (i, *s, *op))) else {
        return Err(format!("unsupported condition '{term}' (the lab reads `result OP number`)"));
    };
    let (left, right) = (term[..at].trim(), term[at + sym.len()..].trim());
    let operand = |s: &str| -> Option<f64> {
        if s == "result" || s == "result[0]" {
            Some(result)
        } else {
            s.parse::<f64>().ok().filter(|v| v.is_finite())
        }
    };
    let (Some(a), Some(b)) = (operand(left), operand(right)) else {
        return Err(format!("unsupported condition '{term}' (the lab reads `result OP number`)"));
    };
    Ok(match op {
        Op::Lt => a < b,
        Op::Le => a <= b,
        Op::Gt => a > b,
        Op::Ge => a >= b,
        Op::Eq => a == b,
        Op::Ne => a != b,
    })
}

/// `EvaluateResult`: a measurement's phase from the metric's conditions.
pub fn evaluate(metric: &Metric, result: f64) -> Result<&'static str, String> {
    let success = metric.success_condition.as_deref().filter(|s| !s.is_empty());
    let failure = metric.failure_condition.as_deref().filter(|s| !s.is_empty());
    let (ok, bad) = match (success, failure) {
        (None, None) => return Ok("Successful"),
        (Some(s), None) => {
            let ok = eval_condition(s, result)?;
            (ok, !ok)
        }
        (None, Some(f)) => {
            let bad = eval_condition(f, result)?;
            (!bad, bad)
        }
        (Some(s), Some(f)) => (eval_condition(s, result)?, eval_condition(f, result)?),
    };
    Ok(if bad {
        "Failed"
    } else if !ok {
        "Inconclusive"
    } else {
        "Successful"
    })
}

/// `assessMetricFailureInconclusiveOrError`: the phase the limits force, with its reason.
pub fn limits_phase(metric: &Metric, r: &MetricResult) -> Option<(&'static str, String)> {
    let mut out = None;
    let failure_limit = metric.failure_limit();
    if failure_limit >= 0 && r.failed > failure_limit {
        out = Some(("Failed", format!("failed ({}) > failureLimit ({failure_limit})", r.failed)));
    }
    let inconclusive_limit = metric.inconclusive_limit();
    if r.inconclusive > inconclusive_limit {
        out = Some((
            "Inconclusive",
            format!("inconclusive ({}) > inconclusiveLimit ({inconclusive_limit})", r.inconclusive),
        ));
    }
    let error_limit = metric.consecutive_error_limit();
    if r.consecutive_error > error_limit {
        out = Some((
            "Error",
            format!("consecutiveErrors ({}) > consecutiveErrorLimit ({error_limit})", r.consecutive_error),
        ));
    }
    out
}

/// `assessMetricStatus` (without `consecutiveSuccessLimit`): the metric's phase now.
pub fn metric_phase(metric: &Metric, r: &MetricResult, terminating: bool) -> &'static str {
    if r.measurements.is_empty() {
        return if terminating { "Successful" } else { "Pending" };
    }
    if let Some((phase, _)) = limits_phase(metric, r) {
        return phase;
    }
    if metric.count().is_some_and(|c| r.count >= c) || terminating {
        return "Successful";
    }
    "Running"
}

/// What the lab's provider measures.
struct Query {
    metric: String,
    canary: bool,
}

fn query(metric: &Metric) -> Result<Query, String> {
    let cfg = metric
        .provider
        .as_ref()
        .and_then(|p| p.get("plugin"))
        .and_then(|p| p.get(PROVIDER))
        .ok_or_else(|| format!("this lab measures with the `plugin: {PROVIDER}` provider only"))?;
    let metric_name = cfg.get("metric").and_then(|m| m.as_str()).unwrap_or("error-rate");
    if !matches!(metric_name, "error-rate" | "success-rate" | "requests") {
        return Err(format!("{PROVIDER}: unknown metric \"{metric_name}\" (error-rate, success-rate, requests)"));
    }
    let canary = match cfg.get("version").and_then(|v| v.as_str()).unwrap_or("canary") {
        "canary" => true,
        "stable" => false,
        other => return Err(format!("{PROVIDER}: unknown version \"{other}\" (canary, stable)")),
    };
    Ok(Query { metric: metric_name.into(), canary })
}

/// The images of the Rollout's canary and stable pods, from the run's owner.
fn versions(api: &Api<'_, super::RolloutState>, run: &AnalysisRun) -> (Option<String>, Option<String>) {
    let ns = run.metadata.ns();
    let Some(owner) = run.metadata.controller_ref() else { return (None, None) };
    let Some(ro) = api.get(Kind::Rollout, ns, &owner.name).and_then(Rollout::from_object) else { return (None, None) };
    let image_of = |hash: Option<&String>| -> Option<String> {
        let hash = hash?;
        api.list(Kind::ReplicaSet, Some(ns))
            .into_iter()
            .filter_map(Object::as_replica_set)
            .find(|rs| rs.metadata.labels.get(HASH_LABEL) == Some(hash))
            .and_then(|rs| rs.spec.template.spec.containers.first().map(|c| c.image.clone()))
    };
    let canary = run.metadata.labels.get(HASH_LABEL).or(ro.status.current_pod_hash.as_ref());
    (image_of(canary), image_of(ro.status.stable_rs.as_ref()))
}

/// Formats a measured value: at most 4 decimals, no trailing zeros.
fn value_text(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// One measurement of `metric` now.
fn measure(metric: &Metric, image: Option<&str>, traffic: &TrafficState, now: SimTime) -> Measurement {
    let mut m = Measurement { started_at: now, finished_at: now, ..Default::default() };
    let q = match query(metric) {
        Ok(q) => q,
        Err(e) => {
            m.phase = "Error".into();
            m.message = e;
            return m;
        }
    };
    let _ = q.canary;
    let Some(image) = image else {
        m.phase = "Error".into();
        m.message = "no ReplicaSet of that version".into();
        return m;
    };
    let window = metric.interval().unwrap_or(DEFAULT_WINDOW);
    let from = now - window;
    let (mut requests, mut errors) = (0u64, 0u64);
    for s in traffic.series().filter(|s| s.time > from && s.time <= now) {
        if let Some(c) = s.versions.get(image) {
            requests += c.requests;
            errors += c.errors;
        }
    }
    let value = match q.metric.as_str() {
        "requests" => requests as f64,
        _ if requests == 0 => {
            m.phase = "Inconclusive".into();
            m.message = format!("no requests reached {image} in the last {}s", window.as_secs());
            return m;
        }
        "success-rate" => (requests - errors) as f64 / requests as f64,
        _ => errors as f64 / requests as f64,
    };
    m.value = value_text(value);
    match evaluate(metric, value) {
        Ok(phase) => m.phase = phase.into(),
        Err(e) => {
            m.phase = "Error".into();
            m.message = e;
        }
    }
    m
}

/// Measures what is due in every running AnalysisRun and sets the runs' phases.
#[inline(never)] // out of `Cluster::settle`, so the web split can leave it out of the first download
pub(super) fn reconcile(api: &mut Api<'_, super::RolloutState>, traffic: &TrafficState) {
    let keys: Vec<ObjectKey> = api.list(Kind::AnalysisRun, None).into_iter().map(Object::key).collect();
    for key in keys {
        let Some(run) = api.get_by_key(&key).and_then(AnalysisRun::from_object) else { continue };
        if run.completed() || run.metadata.is_deleting() {
            continue;
        }
        let updated = sync(api, run.clone(), traffic);
        if updated != run {
            let obj = updated.into_object();
            if updated.status.phase != run.status.phase {
                for (i, mr) in updated.status.metric_results.iter().enumerate() {
                    let before = run.status.metric_results.get(i).map(|r| r.phase.as_str()).unwrap_or("");
                    if phase_completed(&mr.phase) && before != mr.phase {
                        let type_ = if matches!(mr.phase.as_str(), "Failed" | "Error") { "Warning" } else { "Normal" };
                        let msg = format!("Metric '{}' Completed. Result: {}", mr.name, mr.phase);
                        api.record_event(&obj, type_, format!("Metric{}", mr.phase), msg, "rollouts-controller");
                    }
                }
                if updated.completed() {
                    let type_ =
                        if matches!(updated.status.phase.as_str(), "Failed" | "Error") { "Warning" } else { "Normal" };
                    let msg = format!("Analysis Completed. Result: {}", updated.status.phase);
                    api.record_event(
                        &obj,
                        type_,
                        format!("AnalysisRun{}", updated.status.phase),
                        msg,
                        "rollouts-controller",
                    );
                }
            }
            api.put(obj);
        }
    }
}

fn sync(api: &mut Api<'_, super::RolloutState>, mut run: AnalysisRun, traffic: &TrafficState) -> AnalysisRun {
    let now = api.now();
    let started = *run.status.started_at.get_or_insert(now);
    let terminating = run.spec.terminate;
    let (canary, stable) = versions(api, &run);
    let mut worst: Option<(&'static str, String)> = None;
    let mut all_done = true;
    let mut summary = RunSummary { count: run.spec.metrics.len() as i64, ..Default::default() };
    for metric in run.spec.metrics.clone() {
        let i = match run.status.metric_results.iter().position(|r| r.name == metric.name) {
            Some(i) => i,
            None => {
                run.status.metric_results.push(MetricResult { name: metric.name.clone(), ..Default::default() });
                run.status.metric_results.len() - 1
            }
        };
        let r = &mut run.status.metric_results[i];
        if !phase_completed(&r.phase) && !terminating {
            let due = match r.measurements.last() {
                None => Some(started + metric.initial_delay()),
                Some(last) if metric.count().is_none_or(|c| r.count < c) => {
                    metric.interval().map(|iv| last.finished_at + iv)
                }
                Some(_) => None,
            };
            if let Some(due) = due {
                if now >= due {
                    let image =
                        if query(&metric).is_ok_and(|q| !q.canary) { stable.as_deref() } else { canary.as_deref() };
                    let m = measure(&metric, image, traffic, now);
                    r.count += 1;
                    match m.phase.as_str() {
                        "Successful" => {
                            r.successful += 1;
                            r.consecutive_error = 0;
                        }
                        "Failed" => {
                            r.failed += 1;
                            r.consecutive_error = 0;
                        }
                        "Inconclusive" => {
                            r.inconclusive += 1;
                            r.consecutive_error = 0;
                        }
                        _ => {
                            r.error += 1;
                            r.consecutive_error += 1;
                        }
                    }
                    r.measurements.push(m);
                    // Argo keeps the last 10 measurements of a metric.
                    if r.measurements.len() > 10 {
                        r.measurements.remove(0);
                    }
                }
            }
        }
        let phase = metric_phase(&metric, r, terminating);
        r.phase = phase.into();
        r.message = r.measurements.last().map(|m| m.message.clone()).unwrap_or_default();
        if phase_completed(phase) {
            let reason = limits_phase(&metric, r).map(|(_, why)| why).unwrap_or_default();
            if worst.as_ref().is_none_or(|(w, _)| badness(phase) > badness(w)) {
                let message = if reason.is_empty() {
                    String::new()
                } else {
                    format!("Metric \"{}\" assessed {phase} due to {reason}", metric.name)
                };
                worst = Some((phase, message));
            }
            match phase {
                "Successful" => summary.successful += 1,
                "Failed" => summary.failed += 1,
                "Inconclusive" => summary.inconclusive += 1,
                _ => summary.error += 1,
            }
        } else {
            all_done = false;
            // The next measurement of a running metric is a wake-up.
            if let (Some(last), Some(iv)) = (r.measurements.last(), metric.interval()) {
                api.wake_at(last.finished_at + iv);
            } else if r.measurements.is_empty() {
                api.wake_at(started + metric.initial_delay());
            }
        }
    }
    run.status.run_summary = summary;
    if all_done {
        let (phase, message) = worst.unwrap_or(("Successful", String::new()));
        run.status.phase = phase.into();
        run.status.message = if terminating && message.is_empty() { "Run Terminated".into() } else { message };
    } else {
        run.status.phase = "Running".into();
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metric(success: Option<&str>, failure: Option<&str>) -> Metric {
        Metric {
            name: "error-rate".into(),
            success_condition: success.map(Into::into),
            failure_condition: failure.map(Into::into),
            ..Default::default()
        }
    }

    #[test]
    fn conditions_evaluate_like_argo() {
        assert_eq!(eval_condition("result[0] >= 0.95", 0.96), Ok(true));
        assert_eq!(eval_condition("result <= 0.05", 0.2), Ok(false));
        assert_eq!(eval_condition("result > 0.1 && result < 0.3", 0.2), Ok(true));
        assert_eq!(eval_condition("result > 0.5 || result == 0", 0.0), Ok(true));
        assert!(eval_condition("len(result) > 0", 1.0).is_err());
        assert!(eval_condition("result >= banana", 1.0).is_err());
    }

    /// `EvaluateResult`'s table: no conditions succeed; a success condition alone fails
    /// when false; a failure condition alone succeeds when false; both, neither true:
    /// inconclusive.
    #[test]
    fn measurement_phases_as_evaluate_result() {
        assert_eq!(evaluate(&metric(None, None), 0.5), Ok("Successful"));
        assert_eq!(evaluate(&metric(Some("result <= 0.05"), None), 0.2), Ok("Failed"));
        assert_eq!(evaluate(&metric(Some("result <= 0.05"), None), 0.01), Ok("Successful"));
        assert_eq!(evaluate(&metric(None, Some("result > 0.1")), 0.05), Ok("Successful"));
        assert_eq!(evaluate(&metric(None, Some("result > 0.1")), 0.2), Ok("Failed"));
        assert_eq!(evaluate(&metric(Some("result < 0.01"), Some("result > 0.1")), 0.05), Ok("Inconclusive"));
        assert_eq!(evaluate(&metric(Some("result < 0.01"), Some("result > 0.1")), 0.2), Ok("Failed"));
    }

    fn result(failed: i64, inconclusive: i64, consecutive_error: i64, count: i64) -> MetricResult {
        MetricResult {
            failed,
            inconclusive,
            consecutive_error,
            count,
            measurements: vec![Measurement::default()],
            ..Default::default()
        }
    }

    /// The controller's rule is `failed > failureLimit`: with `failureLimit: 3` the metric
    /// fails on the fourth failed measurement, not the third.
    #[test]
    fn failure_limit_is_exceeded_not_reached() {
        let m = Metric {
            failure_limit: Some(IntOrString::Int(3)),
            count: Some(IntOrString::Int(10)),
            interval: Some("10s".into()),
            ..metric(Some("result <= 0.05"), None)
        };
        assert_eq!(metric_phase(&m, &result(3, 0, 0, 5), false), "Running");
        assert_eq!(metric_phase(&m, &result(4, 0, 0, 5), false), "Failed");
        assert_eq!(
            limits_phase(&m, &result(4, 0, 0, 5)).map(|(_, why)| why),
            Some("failed (4) > failureLimit (3)".to_string())
        );
        // The default limit is 0: the first failure fails the metric.
        let d = metric(Some("result <= 0.05"), None);
        assert_eq!(metric_phase(&d, &result(1, 0, 0, 1), false), "Failed");
        // -1: failures never fail it; the count ends it Successful.
        let never = Metric { failure_limit: Some(IntOrString::Int(-1)), ..d.clone() };
        assert_eq!(metric_phase(&never, &result(1, 0, 0, 1), false), "Successful");
    }

    #[test]
    fn inconclusive_and_error_limits() {
        let m = metric(Some("result <= 0.05"), Some("result > 0.1"));
        assert_eq!(metric_phase(&m, &result(0, 1, 0, 1), false), "Inconclusive");
        let lenient = Metric { inconclusive_limit: Some(IntOrString::Int(1)), count: Some(IntOrString::Int(3)), ..m };
        assert_eq!(metric_phase(&lenient, &result(0, 1, 0, 1), false), "Running");
        // consecutiveErrorLimit defaults to 4: the fifth error in a row is an Error.
        let e = Metric { interval: Some("10s".into()), ..metric(None, None) };
        assert_eq!(metric_phase(&e, &result(0, 0, 4, 4), false), "Running");
        assert_eq!(metric_phase(&e, &result(0, 0, 5, 5), false), "Error");
    }

    #[test]
    fn values_print_briefly() {
        assert_eq!(value_text(0.2), "0.2");
        assert_eq!(value_text(0.0), "0");
        assert_eq!(value_text(1.0), "1");
        assert_eq!(value_text(0.213_456), "0.2135");
        assert_eq!(value_text(120.0), "120");
    }
}
