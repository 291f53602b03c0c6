//! The canary's replica arithmetic without a traffic router, as Argo Rollouts computes it
//! (`utils/replicaset/canary.go`): the weight is approximated by replica counts
//! ([`approximate_weighted_counts`]: the closest whole number, rounding up on ties, never 0
//! canaries for a weight of 1-99 with two or more replicas, one extra pod allowed when
//! `maxSurge` > 0), and the step from the current sizes toward it is bounded by `maxSurge` and
//! `maxUnavailable` ([`basic_canary_counts`], `CalculateReplicaCountsForBasicCanary`).
//! Integers only: Argo's `float64` comparisons are done on cross-multiplied integers.

/// What the arithmetic needs of one ReplicaSet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RsCounts {
    /// `spec.replicas`.
    pub spec: i64,
    /// `status.availableReplicas`.
    pub available: i64,
}

/// The canary/stable replica counts closest to `weight` (percent) of `replicas`
/// (`approximateWeightedCanaryStableReplicaCounts`, `maxWeight` 100).
pub fn approximate_weighted_counts(replicas: i64, weight: i64, max_surge: i64) -> (i64, i64) {
    if replicas <= 0 {
        return (0, 0);
    }
    let weight = weight.clamp(0, 100);
    let product = replicas * weight;
    let ceil = (product + 99) / 100;
    let floor = product / 100;
    // Ties: the fractional part of total × weight / 100 is exactly one half.
    let tied = |total: i64| (total * weight) % 100 == 50;
    let zero_allowed = weight == 100 || weight == 0 || (replicas == 1 && max_surge == 0);
    let mut options: Vec<(i64, i64)> = Vec::new();
    if ceil < replicas || zero_allowed {
        options.push((ceil, replicas));
    }
    if !tied(replicas) && (floor != 0 || zero_allowed) {
        options.push((floor, replicas));
    }
    if max_surge > 0 {
        options.push((ceil, replicas + 1));
        if !tied(replicas + 1) && (floor != 0 || zero_allowed) {
            options.push((floor, replicas + 1));
        }
    }
    let Some(&first) = options.first() else { return (0, replicas) };
    // |canary × 100 / total − weight|, compared as |canary × 100 − weight × total| / total.
    let delta = |(canary, total): (i64, i64)| ((canary * 100 - weight * total).abs(), total);
    let mut best = first;
    for &o in &options[1..] {
        let (dn, dt) = delta(o);
        let (bn, bt) = delta(best);
        if dn * bt < bn * dt {
            best = o;
        }
    }
    (best.0, best.1 - best.0)
}

/// `GetReplicasForScaleDown`.
fn replicas_for_scale_down(rs: Option<RsCounts>, ignore_availability: bool) -> i64 {
    match rs {
        None => 0,
        Some(rs) if rs.spec < rs.available || ignore_availability => rs.spec,
        Some(rs) => rs.available,
    }
}

/// `calculateScaleDownReplicaCount`.
fn scale_down_count(drain: Option<RsCounts>, desired: i64, scale_down: i64, current: i64) -> i64 {
    match drain {
        Some(rs) if rs.spec > desired => desired.max(rs.spec - scale_down),
        _ => current,
    }
}

/// `adjustReplicaWithinLimits`: returns (drain count, adjust count).
fn adjust_within_limits(
    drain: Option<RsCounts>,
    adjust: Option<RsCounts>,
    mut drain_count: i64,
    mut adjust_count: i64,
    max_allowed: i64,
    min_available: i64,
) -> (i64, i64) {
    let mut over = (adjust_count + drain_count - max_allowed).max(0);
    let mut total_available = drain.map_or(0, |d| d.available.min(drain_count));
    if let Some(a) = adjust {
        adjust_count -= over;
        total_available += a.available.min(adjust_count);
        let extra_available = (a.available - adjust_count).max(0);
        let more_needed = (min_available - total_available).max(0);
        adjust_count += extra_available.min(more_needed);
        over = (adjust_count + drain_count - max_allowed).max(0);
        drain_count -= over;
    }
    (drain_count, adjust_count)
}

/// The parameters of [`basic_canary_counts`].
#[derive(Clone, Copy, Debug)]
pub struct Canary {
    pub replicas: i64,
    pub weight: i64,
    pub max_surge: i64,
    pub max_unavailable: i64,
}

/// `CalculateReplicaCountsForBasicCanary`: the next (canary, stable) sizes. `stable` is `None`
/// when there is no stable ReplicaSet apart from the new one; `old_total` is the replicas of
/// the other, older ReplicaSets.
pub fn basic_canary_counts(p: Canary, new: Option<RsCounts>, stable: Option<RsCounts>, old_total: i64) -> (i64, i64) {
    let (mut desired_new, desired_stable) = approximate_weighted_counts(p.replicas, p.weight, p.max_surge);
    let mut new_count = new.map_or(0, |n| n.spec);
    let mut stable_count = 0;
    let mut desired_stable = desired_stable;
    match stable {
        Some(s) => stable_count = s.spec,
        None => {
            desired_new = p.replicas;
            desired_stable = 0;
        }
    }
    let max_allowed = p.replicas + p.max_surge;
    let total = old_total + new.map_or(0, |n| n.spec) + stable.map_or(0, |s| s.spec);
    let mut scale_up = max_allowed - total;
    if let Some(s) = stable {
        if s.spec < desired_stable && scale_up > 0 {
            if s.spec + scale_up < desired_stable {
                stable_count = s.spec + scale_up;
                scale_up = 0;
            } else {
                stable_count = desired_stable;
                scale_up -= desired_stable - s.spec;
            }
        }
    }
    if let Some(n) = new {
        if n.spec < desired_new && scale_up > 0 {
            new_count = if n.spec + scale_up < desired_new { n.spec + scale_up } else { desired_new };
        }
    }
    if old_total > 0 {
        return (new_count, stable_count);
    }
    // `MaxUnavailable` resolves the fenceposts: both 0 would block, so unavailable becomes 1.
    let max_unavailable = if p.max_surge == 0 && p.max_unavailable == 0 { 1 } else { p.max_unavailable };
    let min_available = p.replicas - max_unavailable.min(p.replicas);
    let increasing = new.is_none_or(|n| desired_new >= n.spec);
    let to_scale_down = replicas_for_scale_down(new, !increasing) + replicas_for_scale_down(stable, increasing);
    if to_scale_down <= min_available {
        return (new_count, stable_count);
    }
    let scale_down = to_scale_down - min_available;
    if !increasing {
        new_count = scale_down_count(new, desired_new, scale_down, new_count);
        (new_count, stable_count) =
            adjust_within_limits(new, stable, new_count, stable_count, max_allowed, min_available);
    } else if stable.is_some() {
        stable_count = scale_down_count(stable, desired_stable, scale_down, stable_count);
        (stable_count, new_count) =
            adjust_within_limits(stable, new, stable_count, new_count, max_allowed, min_available);
    }
    (new_count, stable_count)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of upstream's `TestApproximateWeightedNewStableReplicaCounts`:
    /// (replicas, weight, maxSurge) -> (canary, stable).
    #[test]
    fn approximations_as_upstream() {
        let rows: &[(i64, i64, i64, (i64, i64))] = &[
            (0, 0, 0, (0, 0)),
            (0, 50, 0, (0, 0)),
            (0, 100, 0, (0, 0)),
            (0, 0, 1, (0, 0)),
            (0, 50, 1, (0, 0)),
            (0, 100, 1, (0, 0)),
            (1, 0, 0, (0, 1)),
            (1, 1, 0, (0, 1)),
            (1, 49, 0, (0, 1)),
            (1, 50, 0, (1, 0)),
            (1, 99, 0, (1, 0)),
            (1, 100, 0, (1, 0)),
            (1, 0, 1, (0, 1)),
            (1, 1, 1, (1, 1)),
            (1, 49, 1, (1, 1)),
            (1, 50, 1, (1, 1)),
            (1, 99, 1, (1, 1)),
            (1, 100, 1, (1, 0)),
            (2, 0, 0, (0, 2)),
            (2, 1, 0, (1, 1)),
            (2, 50, 0, (1, 1)),
            (2, 99, 0, (1, 1)),
            (2, 100, 0, (2, 0)),
            (2, 0, 1, (0, 2)),
            (2, 1, 1, (1, 2)),
            (2, 50, 1, (1, 1)),
            (2, 99, 1, (2, 1)),
            (2, 100, 1, (2, 0)),
            (3, 10, 0, (1, 2)),
            (3, 25, 0, (1, 2)),
            (3, 33, 0, (1, 2)),
            (3, 34, 0, (1, 2)),
            (3, 49, 0, (1, 2)),
            (3, 50, 0, (2, 1)),
            (3, 10, 1, (1, 3)),
            (3, 25, 1, (1, 3)),
            (3, 33, 1, (1, 2)),
            (3, 34, 1, (1, 2)),
            (3, 49, 1, (2, 2)),
            (3, 50, 1, (2, 2)),
            (10, 0, 1, (0, 10)),
            (10, 1, 0, (1, 9)),
            (10, 14, 0, (1, 9)),
            (10, 15, 0, (2, 8)),
            (10, 16, 0, (2, 8)),
            (10, 99, 0, (9, 1)),
            (10, 100, 1, (10, 0)),
            (10, 0, 1, (0, 10)),
            (10, 1, 1, (1, 10)),
            (10, 18, 1, (2, 9)),
            (10, 19, 1, (2, 9)),
            (10, 20, 1, (2, 8)),
            (10, 23, 1, (2, 8)),
            (10, 24, 1, (3, 8)),
            (10, 25, 1, (3, 8)),
            (10, 99, 1, (10, 1)),
            (10, 100, 1, (10, 0)),
        ];
        for &(replicas, weight, surge, want) in rows {
            assert_eq!(
                approximate_weighted_counts(replicas, weight, surge),
                want,
                "{replicas} {weight}% surge {surge}"
            );
        }
    }

    /// The rows of upstream's `TestCalculateReplicaCountsForCanary` without traffic routing,
    /// older ReplicaSets, setCanaryScale or abort (percentages resolved against the replicas):
    /// (replicas, weight, maxSurge, maxUnavailable, canary (spec, available),
    /// stable (spec, available)) -> (canary, stable).
    #[test]
    fn basic_canary_steps_as_upstream() {
        #[allow(clippy::type_complexity)]
        let rows: &[(i64, i64, i64, i64, (i64, i64), (i64, i64), (i64, i64))] = &[
            // "Do not add extra RSs in scaleDownCount when .Spec.Replica < AvailableReplicas"
            (10, 100, 3, 0, (6, 3), (7, 8), (6, 7)),
            // "Use max surge int to scale up canary"
            (10, 20, 2, 0, (0, 0), (10, 10), (2, 10)),
            // "Use max surge percentage to scale up canary"
            (10, 20, 2, 0, (0, 0), (10, 10), (2, 10)),
            // "Scale down extra stable replicas"
            (10, 20, 2, 0, (2, 2), (10, 10), (2, 8)),
            // "Do not go past max surge"
            (10, 30, 2, 0, (0, 0), (10, 10), (2, 10)),
            // "Use max unavailable int to scale down stableRS"
            (10, 20, 0, 2, (0, 0), (10, 10), (0, 8)),
            // "Use max surge percentage to scale down stableRS"
            (10, 20, 0, 2, (0, 0), (10, 10), (0, 8)),
            // "Do not go past max unavailable"
            (10, 30, 0, 2, (0, 0), (10, 10), (0, 8)),
            // "Use Max Surge and Max Unavailable"
            (10, 50, 2, 1, (0, 0), (10, 10), (2, 9)),
            // "Scale canaryRS to zero on setWeight of 0%"
            (10, 0, 1, 1, (1, 1), (10, 10), (0, 10)),
            // "Scale stable to zero on setWeight of 100%"
            (10, 100, 1, 1, (10, 10), (1, 1), (10, 0)),
            // "Do not scale canaryRS down to zero on non-zero weight"
            (1, 20, 1, 0, (0, 0), (1, 1), (1, 1)),
            // "Do not scale canaryRS down to zero on non-100 weight"
            (1, 90, 1, 0, (0, 0), (1, 1), (1, 1)),
            // "Scale canaryRS to zero on <50 weight without surge"
            (1, 49, 0, 1, (0, 0), (1, 1), (0, 1)),
            // "Scale stableRS down to zero on >=50 weight without surge"
            (1, 51, 0, 1, (0, 0), (1, 1), (0, 0)),
            // "Scale canaryRS to one on >=50 weight without surge and stable replicas"
            (1, 51, 0, 1, (0, 0), (0, 0), (1, 0)),
            // "Scale down canaryRS and stable"
            (10, 30, 0, 3, (4, 4), (8, 5), (3, 7)),
            // "Scale down stable and canary available"
            (10, 100, 1, 0, (10, 8), (10, 2), (9, 2)),
            // "Do not round past maxSurge with uneven setWeight divisor"
            (10, 5, 0, 1, (0, 0), (10, 10), (0, 9)),
            // "Do not round past maxSurge with uneven setWeight divisor (part 2)"
            (10, 5, 0, 1, (0, 0), (9, 9), (1, 9)),
            // "Use maxUnavailable of 1 when percentage of maxUnavailable and maxSurge result in 0 replicas"
            (10, 10, 0, 0, (0, 0), (10, 10), (0, 9)),
            // "honor maxSurge during scale up when stableRS unavailable"
            (4, 100, 1, 0, (0, 0), (4, 1), (1, 4)),
            // "scale down to maxunavailable without exceeding maxSurge"
            (3, 99, 0, 2, (0, 0), (3, 3), (0, 1)),
            // "scale down to maxunavailable without exceeding maxSurge (part 2)"
            (3, 99, 0, 2, (0, 0), (1, 1), (2, 1)),
            // "honor maxUnavailable when aborting or reducing weight part 1"
            (4, 0, 1, 0, (4, 4), (0, 0), (4, 1)),
            // "honor maxUnavailable when aborting or reducing weight part 2"
            (4, 0, 1, 0, (4, 4), (1, 0), (4, 1)),
            // "honor maxUnavailable when aborting or reducing weight part 3"
            (4, 0, 1, 0, (4, 4), (1, 1), (3, 1)),
        ];
        for &(replicas, weight, max_surge, max_unavailable, (cs, ca), (ss, sa), want) in rows {
            let p = Canary { replicas, weight, max_surge, max_unavailable };
            let got = basic_canary_counts(
                p,
                Some(RsCounts { spec: cs, available: ca }),
                Some(RsCounts { spec: ss, available: sa }),
                0,
            );
            assert_eq!(got, want, "{p:?} canary ({cs}, {ca}) stable ({ss}, {sa})");
        }
    }

    #[test]
    fn without_a_stable_the_new_set_takes_every_replica() {
        let p = Canary { replicas: 5, weight: 20, max_surge: 2, max_unavailable: 1 };
        assert_eq!(basic_canary_counts(p, Some(RsCounts::default()), None, 0), (5, 0));
    }
}
