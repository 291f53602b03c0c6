//! From a proposal to the replicas the HPA sets (`horizontal.go`'s normalization): the legacy
//! path when `spec.behavior` is unset (the highest recommendation of the downscale
//! stabilization window, then `[min, min(max, max(2 × current, 4))]`), and the behavior path
//! (stabilization per direction, then the rate policies over their periods, `selectPolicy`).
//!
//! Pure functions over the controller's memory ([`History`]), checked against
//! `horizontal_test.go`'s `TestConvertDesiredReplicasWithRules`, `TestNormalizeDesiredReplicas`,
//! `TestScalingWithRules`, `TestCalculateScaleUpLimitWithScalingRules` and
//! `TestCalculateScaleDownLimitWithBehaviors` (fidelity doc 3.5).

use crate::api::{HpaBehavior, HpaScalingRules};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};

/// `--horizontal-pod-autoscaler-downscale-stabilization`.
pub const DOWNSCALE_STABILIZATION: SimDuration = SimDuration::from_secs(300);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    pub replicas: i64,
    pub at: SimTime,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleEvent {
    /// Replicas added (scale-up list) or removed (scale-down list).
    pub change: i64,
    pub at: SimTime,
    pub outdated: bool,
}

/// The controller's memory of one HPA.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    pub recommendations: Vec<Recommendation>,
    pub scale_up: Vec<ScaleEvent>,
    pub scale_down: Vec<ScaleEvent>,
}

/// A condition the normalization sets: (reason, message).
pub type Why = (&'static str, &'static str);

pub const READY_FOR_NEW_SCALE: Why = ("ReadyForNewScale", "recommended size matches current size");
pub const SCALE_DOWN_STABILIZED: Why = (
    "ScaleDownStabilized",
    "recent recommendations were higher than current one, applying the highest recent recommendation",
);
pub const SCALE_UP_STABILIZED: Why = (
    "ScaleUpStabilized",
    "recent recommendations were lower than current one, applying the lowest recent recommendation",
);
pub const WITHIN_RANGE: Why = ("DesiredWithinRange", "the desired count is within the acceptable range");
pub const TOO_FEW: Why = ("TooFewReplicas", "the desired replica count is less than the minimum replica count");
pub const TOO_MANY: Why = ("TooManyReplicas", "the desired replica count is more than the maximum replica count");
pub const SCALE_UP_LIMIT: Why =
    ("ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate");
pub const SCALE_DOWN_LIMIT: Why =
    ("ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate");

/// The outcome: replicas, the AbleToScale reason/message and the ScalingLimited status
/// (limited or not) with its reason/message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Normalized {
    pub replicas: i64,
    pub able: Why,
    pub limited: bool,
    pub limit: Why,
}

/// `calculateScaleUpLimit`: `max(2 × current, 4)`.
pub fn scale_up_limit(current: i64) -> i64 {
    current.saturating_mul(2).max(4)
}

/// `convertDesiredReplicasWithRules`.
pub fn convert_with_rules(current: i64, desired: i64, min: i64, max: i64) -> (i64, Why) {
    let limit = scale_up_limit(current);
    let (maximum, why) = if max > limit { (limit, SCALE_UP_LIMIT) } else { (max, TOO_MANY) };
    if desired < min {
        (min, TOO_FEW)
    } else if desired > maximum {
        (maximum, why)
    } else {
        (desired, WITHIN_RANGE)
    }
}

/// `stabilizeRecommendation`: the highest recommendation inside the window (and this one);
/// records this one, reusing the slot of one that fell out of the window.
pub fn stabilize(history: &mut History, now: SimTime, window: SimDuration, desired: i64) -> i64 {
    let cutoff = now - window;
    let mut best = desired;
    let mut old = None;
    for (i, r) in history.recommendations.iter().enumerate() {
        if r.at < cutoff {
            old = Some(i);
        } else if r.replicas > best {
            best = r.replicas;
        }
    }
    let rec = Recommendation { replicas: desired, at: now };
    match old {
        Some(i) => history.recommendations[i] = rec,
        None => history.recommendations.push(rec),
    }
    best
}

/// `normalizeDesiredReplicas` (behavior unset).
pub fn normalize_legacy(
    history: &mut History,
    now: SimTime,
    current: i64,
    desired: i64,
    min: i64,
    max: i64,
) -> Normalized {
    let stabilized = stabilize(history, now, DOWNSCALE_STABILIZATION, desired);
    let able = if stabilized != desired { SCALE_DOWN_STABILIZED } else { READY_FOR_NEW_SCALE };
    let (replicas, limit) = convert_with_rules(current, stabilized, min, max);
    Normalized { replicas, able, limited: replicas != stabilized, limit }
}

fn window(rules: Option<&HpaScalingRules>, default: i64) -> i64 {
    rules.and_then(|r| r.stabilization_window_seconds).unwrap_or(default).max(0)
}

/// `stabilizeRecommendationWithBehaviors`.
fn stabilize_with_behavior(
    history: &mut History,
    now: SimTime,
    b: &HpaBehavior,
    current: i64,
    desired: i64,
) -> (i64, Why) {
    let up = window(b.scale_up.as_ref(), 0);
    let down = window(b.scale_down.as_ref(), DOWNSCALE_STABILIZATION.as_secs() as i64);
    let (delay, why, pick): (i64, Why, fn(i64, i64) -> i64) =
        if desired >= current { (up, SCALE_UP_STABILIZED, i64::min) } else { (down, SCALE_DOWN_STABILIZED, i64::max) };
    let secs = |s: i64| SimDuration::from_secs(s.max(0) as u64);
    let obsolete = secs(up.max(down));
    let mut best = desired;
    let mut old = None;
    for (i, r) in history.recommendations.iter().enumerate() {
        // "After the cutoff": strictly inside the window.
        if now.since(r.at) < secs(delay) {
            best = pick(r.replicas, best);
        }
        if now.since(r.at) > obsolete {
            old = Some(i);
        }
    }
    let rec = Recommendation { replicas: desired, at: now };
    match old {
        Some(i) => history.recommendations[i] = rec,
        None => history.recommendations.push(rec),
    }
    (best, why)
}

/// `getReplicasChangePerPeriod`: the change of the events inside the last `period` seconds.
fn change_in_period(period: i64, events: &[ScaleEvent], now: SimTime) -> i64 {
    let p = SimDuration::from_secs(period.max(0) as u64);
    events.iter().filter(|e| now.since(e.at) < p).fold(0i64, |a, e| a.saturating_add(e.change))
}

fn select(rules: &HpaScalingRules) -> &str {
    rules.select_policy.as_deref().unwrap_or("Max")
}

/// `calculateScaleUpLimitWithScalingRules`.
pub fn scale_up_limit_with_rules(current: i64, events: &[ScaleEvent], rules: &HpaScalingRules, now: SimTime) -> i64 {
    let (mut result, pick): (i64, fn(i64, i64) -> i64) = match select(rules) {
        "Disabled" => return current,
        // For scaling up, the smallest change is the smallest limit.
        "Min" => (i64::MAX, i64::min),
        _ => (i64::MIN, i64::max),
    };
    for p in &rules.policies {
        let start = current.saturating_sub(change_in_period(p.period_seconds, events, now));
        let proposed = match p.type_.as_str() {
            "Pods" => start.saturating_add(p.value),
            // Rounded up, or a small target would never grow.
            "Percent" => (start as f64 * (1.0 + p.value as f64 / 100.0)).ceil() as i64,
            _ => continue,
        };
        result = pick(result, proposed);
    }
    result
}

/// `calculateScaleDownLimitWithBehaviors`.
pub fn scale_down_limit_with_rules(current: i64, events: &[ScaleEvent], rules: &HpaScalingRules, now: SimTime) -> i64 {
    let (mut result, pick): (i64, fn(i64, i64) -> i64) = match select(rules) {
        "Disabled" => return current,
        // For scaling down, the smallest change is the largest limit.
        "Min" => (i64::MIN, i64::max),
        _ => (i64::MAX, i64::min),
    };
    for p in &rules.policies {
        let start = current.saturating_add(change_in_period(p.period_seconds, events, now));
        let proposed = match p.type_.as_str() {
            "Pods" => start.saturating_sub(p.value),
            "Percent" => (start as f64 * (1.0 - p.value as f64 / 100.0)) as i64,
            _ => continue,
        };
        result = pick(result, proposed);
    }
    result
}

/// `convertDesiredReplicasWithBehaviorRate`.
pub(crate) fn behavior_rate(
    history: &History,
    now: SimTime,
    b: &HpaBehavior,
    current: i64,
    desired: i64,
    min: i64,
    max: i64,
) -> (i64, Why) {
    if desired > current {
        let Some(rules) = &b.scale_up else { return (desired.min(max), TOO_MANY) };
        let limit = scale_up_limit_with_rules(current, &history.scale_up, rules, now).max(current);
        let (maximum, why) = if max > limit { (limit, SCALE_UP_LIMIT) } else { (max, TOO_MANY) };
        if desired > maximum {
            return (maximum, why);
        }
    } else if desired < current {
        let Some(rules) = &b.scale_down else { return (desired.max(min), TOO_FEW) };
        let limit = scale_down_limit_with_rules(current, &history.scale_down, rules, now).min(current);
        let (minimum, why) = if min < limit { (limit, SCALE_DOWN_LIMIT) } else { (min, TOO_FEW) };
        if desired < minimum {
            return (minimum, why);
        }
    }
    (desired, WITHIN_RANGE)
}

/// `normalizeDesiredReplicasWithBehaviors`.
pub fn normalize_with_behavior(
    history: &mut History,
    now: SimTime,
    b: &HpaBehavior,
    current: i64,
    desired: i64,
    min: i64,
    max: i64,
) -> Normalized {
    let (stabilized, why) = stabilize_with_behavior(history, now, b, current, desired);
    let able = if stabilized != desired { why } else { READY_FOR_NEW_SCALE };
    let (replicas, limit) = behavior_rate(history, now, b, current, stabilized, min, max);
    Normalized { replicas, able, limited: replicas != stabilized, limit }
}

fn longest_period(rules: Option<&HpaScalingRules>) -> i64 {
    rules.map(|r| r.policies.iter().map(|p| p.period_seconds).max().unwrap_or(0)).unwrap_or(0)
}

/// `storeScaleEvent`: remembers a rescale for the rate policies (only with a behavior).
pub fn store_scale_event(history: &mut History, b: Option<&HpaBehavior>, now: SimTime, prev: i64, new: i64) {
    let Some(b) = b else { return };
    let (events, period, change) = if new > prev {
        (&mut history.scale_up, longest_period(b.scale_up.as_ref()), new - prev)
    } else {
        (&mut history.scale_down, longest_period(b.scale_down.as_ref()), prev - new)
    };
    let p = SimDuration::from_secs(period.max(0) as u64);
    for e in events.iter_mut() {
        if now.since(e.at) > p {
            e.outdated = true;
        }
    }
    let event = ScaleEvent { change, at: now, outdated: false };
    match events.iter().rposition(|e| e.outdated) {
        Some(i) => events[i] = event,
        None => events.push(event),
    }
}

#[cfg(test)]
#[path = "behavior_tests.rs"]
mod tests;
