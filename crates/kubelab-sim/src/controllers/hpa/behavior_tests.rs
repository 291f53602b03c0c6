//! `horizontal_test.go`'s normalization tables (fidelity doc 3.5), named after the upstream tests.

use super::*;
use crate::api::HpaScalingPolicy;

const NOW: SimTime = SimTime(3_600_000);

fn ago(secs: u64) -> SimTime {
    NOW - SimDuration::from_secs(secs)
}

#[test]
fn test_convert_desired_replicas_with_rules() {
    assert_eq!(convert_with_rules(5, 7, 3, 8), (7, WITHIN_RANGE));
    assert_eq!(convert_with_rules(3, 1, 2, 8), (2, TOO_FEW));
    assert_eq!(convert_with_rules(1, 0, 0, 10), (0, WITHIN_RANGE));
    assert_eq!(convert_with_rules(20, 1000, 1, 10), (10, TOO_MANY));
    assert_eq!(convert_with_rules(3, 1000, 1, 2000), (6, SCALE_UP_LIMIT));
}

fn history(recs: &[(i64, u64)]) -> History {
    History {
        recommendations: recs.iter().map(|(r, a)| Recommendation { replicas: *r, at: ago(*a) }).collect(),
        ..Default::default()
    }
}

#[test]
fn test_normalize_desired_replicas() {
    type Case<'a> = (&'a [(i64, u64)], i64, i64);
    let cases: [Case<'_>; 5] = [
        (&[], 5, 5),
        (&[(4, 120), (5, 60)], 3, 5),
        (&[(1, 60), (2, 120)], 3, 3),
        (&[(10, 600), (9, 540)], 3, 3),
        (&[(10, 600), (4, 60), (5, 120), (9, 540)], 3, 5),
    ];
    for (recs, want, expected) in cases {
        let mut h = history(recs);
        assert_eq!(stabilize(&mut h, NOW, DOWNSCALE_STABILIZATION, want), expected, "{recs:?}");
        // The newest recommendation replaces one that left the window, or is added.
        let outside = recs.iter().filter(|(_, a)| *a > 300).count();
        assert_eq!(h.recommendations.len(), recs.len() + usize::from(outside == 0));
        assert!(h.recommendations.contains(&Recommendation { replicas: want, at: NOW }));
    }
}

#[test]
fn legacy_normalization_sets_the_conditions() {
    // ScaleDownStabilizeInitialSize: the first recommendation (the current size) holds a
    // scale-down for the window.
    let mut h = history(&[(5, 0)]);
    let n = normalize_legacy(&mut h, NOW, 5, 3, 2, 6);
    assert_eq!(n, Normalized { replicas: 5, able: SCALE_DOWN_STABILIZED, limited: false, limit: WITHIN_RANGE });
    // StabilizeDownscale: recs 10 @ -10 min, 4 @ -1 min; current 4, proposal 3 (min 1, max 5).
    let mut h = history(&[(10, 600), (4, 60)]);
    assert_eq!(normalize_legacy(&mut h, NOW, 4, 3, 1, 5).replicas, 4);
    // MaxReplicas and the legacy scale-up cap.
    let mut h = History::default();
    let n = normalize_legacy(&mut h, NOW, 3, 12, 2, 5);
    assert_eq!((n.replicas, n.limited, n.limit), (5, true, TOO_MANY));
    let mut h = History::default();
    let n = normalize_legacy(&mut h, NOW, 3, 12, 2, 20);
    assert_eq!((n.replicas, n.limited, n.limit), (6, true, SCALE_UP_LIMIT));
}

fn rules(policies: &[(&str, i64, i64)], select: &str) -> HpaScalingRules {
    HpaScalingRules {
        stabilization_window_seconds: Some(0),
        select_policy: Some(select.into()),
        policies: policies.iter().map(|(t, v, p)| HpaScalingPolicy::new(t, *v, *p)).collect(),
    }
}

fn behavior(up: &[(&str, i64, i64)], down: &[(&str, i64, i64)]) -> HpaBehavior {
    let mut b = HpaBehavior {
        scale_up: (!up.is_empty()).then(|| rules(up, "Max")),
        scale_down: (!down.is_empty()).then(|| rules(down, "Max")),
    };
    crate::api::hpa::default_behavior(&mut b);
    b
}

fn rate(b: &HpaBehavior, h: &History, current: i64, desired: i64, min: i64, max: i64) -> (i64, Why) {
    behavior_rate(h, NOW, b, current, desired, min, max)
}

#[test]
fn test_scaling_with_rules() {
    let h = History::default();
    // Scale up.
    assert_eq!(rate(&behavior(&[], &[]), &h, 10, 50, 1, 100), (20, SCALE_UP_LIMIT));
    assert_eq!(
        rate(&behavior(&[("Pods", 100, 60), ("Percent", 100, 60)], &[]), &h, 10, 500, 1, 1000),
        (110, SCALE_UP_LIMIT)
    );
    assert_eq!(
        rate(&behavior(&[("Pods", 2, 60), ("Percent", 100, 60)], &[]), &h, 10, 500, 1, 1000),
        (20, SCALE_UP_LIMIT)
    );
    assert_eq!(rate(&behavior(&[("Pods", 30, 60)], &[]), &h, 10, 500, 1, 1000), (40, SCALE_UP_LIMIT));
    assert_eq!(rate(&behavior(&[("Percent", 200, 60)], &[]), &h, 10, 500, 1, 1000), (30, SCALE_UP_LIMIT));
    assert_eq!(rate(&behavior(&[("Percent", 200, 60)], &[]), &h, 10, 25, 1, 1000), (25, WITHIN_RANGE));
    // Scale down.
    assert_eq!(
        rate(&behavior(&[], &[("Pods", 20, 60), ("Percent", 1, 60)]), &h, 100, 2, 1, 1000),
        (80, SCALE_DOWN_LIMIT)
    );
    assert_eq!(
        rate(&behavior(&[], &[("Pods", 2, 60), ("Percent", 1, 60)]), &h, 100, 2, 1, 1000),
        (98, SCALE_DOWN_LIMIT)
    );
    assert_eq!(rate(&behavior(&[], &[("Pods", 5, 60)]), &h, 10, 1, 1, 1000), (5, SCALE_DOWN_LIMIT));
    assert_eq!(rate(&behavior(&[], &[("Percent", 50, 60)]), &h, 10, 5, 1, 1000), (5, WITHIN_RANGE));
    assert_eq!(rate(&behavior(&[], &[("Percent", 100, 60)]), &h, 10, 2, 5, 1000), (5, TOO_FEW));
    // Earlier scale-downs in the period count against the policy.
    let h = History {
        scale_down: (0..3).map(|i| ScaleEvent { change: 10, at: ago(10 + i), outdated: false }).collect(),
        ..Default::default()
    };
    assert_eq!(rate(&behavior(&[], &[("Percent", 10, 60)]), &h, 100, 10, 1, 1000), (100, SCALE_DOWN_LIMIT));
}

#[test]
fn test_upscale_cap() {
    let b = behavior(&[("Percent", 700, 60)], &[]);
    assert_eq!(rate(&b, &History::default(), 3, 60, 1, 100), (24, SCALE_UP_LIMIT));
    // TestUpscaleCapGreaterThanMaxReplicas.
    assert_eq!(rate(&b, &History::default(), 3, 60, 1, 20), (20, TOO_MANY));
}

#[test]
fn test_calculate_scale_up_limit_with_scaling_rules() {
    let r = rules(&[("Pods", 2, 60), ("Percent", 50, 60)], "Min");
    assert_eq!(scale_up_limit_with_rules(1, &[], &r, NOW), 2);
    let disabled = rules(&[("Pods", 2, 60)], "Disabled");
    assert_eq!(scale_up_limit_with_rules(7, &[], &disabled, NOW), 7);
}

#[test]
fn test_calculate_scale_down_limit_with_behaviors() {
    let r = rules(&[("Pods", 2, 60), ("Percent", 50, 60)], "Min");
    assert_eq!(scale_down_limit_with_rules(5, &[], &r, NOW), 3);
}

#[test]
fn behavior_stabilization_picks_per_direction() {
    // Scale down with a 300 s window: the highest recommendation inside it.
    let mut b = behavior(&[], &[]);
    if let Some(d) = &mut b.scale_down {
        d.stabilization_window_seconds = Some(300);
    }
    let mut h = history(&[(8, 100), (6, 400)]);
    let n = normalize_with_behavior(&mut h, NOW, &b, 8, 2, 1, 10);
    assert_eq!((n.replicas, n.able), (8, SCALE_DOWN_STABILIZED));
    // Scale up with a 60 s window: the lowest recommendation inside it.
    if let Some(u) = &mut b.scale_up {
        u.stabilization_window_seconds = Some(60);
    }
    let mut h = history(&[(3, 30)]);
    let n = normalize_with_behavior(&mut h, NOW, &b, 2, 6, 1, 10);
    assert_eq!((n.replicas, n.able), (3, SCALE_UP_STABILIZED));
}

#[test]
fn scale_events_are_kept_per_direction_and_reuse_outdated_slots() {
    let b = behavior(&[("Pods", 4, 60)], &[]);
    let mut h = History::default();
    store_scale_event(&mut h, Some(&b), ago(120), 1, 5);
    store_scale_event(&mut h, Some(&b), NOW, 5, 9);
    assert_eq!(h.scale_up.len(), 1);
    assert_eq!(h.scale_up[0], ScaleEvent { change: 4, at: NOW, outdated: false });
    store_scale_event(&mut h, Some(&b), NOW, 9, 7);
    assert_eq!(h.scale_down.len(), 1);
    store_scale_event(&mut h, None, NOW, 7, 9);
    assert_eq!(h.scale_up.len(), 1);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Over random proposals at random sync times (legacy path): the result stays in
        /// [min, max], a scale-up is at most max(2 × current, 4), and a scale-down never goes
        /// below a proposal made inside the 5-minute window.
        #[test]
        fn legacy_normalization_bounds_window_and_cap(
            min in 1i64..5,
            span in 0i64..20,
            syncs in prop::collection::vec((1u64..120, 0i64..40), 1..60),
        ) {
            let max = min + span;
            let mut h = History::default();
            let mut now = SimTime(1_000_000);
            let mut current = min;
            h.recommendations.push(Recommendation { replicas: current, at: now });
            let mut made: Vec<(SimTime, i64)> = vec![(now, current)];
            for (dt, proposal) in syncs {
                now = now + SimDuration::from_secs(dt);
                made.push((now, proposal));
                let n = normalize_legacy(&mut h, now, current, proposal, min, max);
                prop_assert!((min..=max).contains(&n.replicas), "{} outside [{min}, {max}]", n.replicas);
                if n.replicas > current {
                    prop_assert!(n.replicas <= scale_up_limit(current).max(min));
                }
                if n.replicas < current {
                    let highest = made
                        .iter()
                        .filter(|(t, _)| now.since(*t) <= DOWNSCALE_STABILIZATION)
                        .map(|(_, p)| *p)
                        .max()
                        .unwrap_or(0);
                    prop_assert!(n.replicas >= highest.min(max).max(min), "{} below {highest} inside the window", n.replicas);
                }
                current = n.replicas;
            }
        }
    }
}

#[test]
fn huge_policy_values_saturate_instead_of_overflowing() {
    let b = behavior(&[("Pods", i64::MAX, 60), ("Percent", i64::MAX, 60)], &[("Pods", i64::MAX, 60)]);
    let h = History::default();
    assert_eq!(rate(&b, &h, 3, i64::MAX, 1, 10), (10, TOO_MANY));
    assert_eq!(rate(&b, &h, 10, 0, 1, 10), (1, TOO_FEW));
    assert_eq!(scale_up_limit(i64::MAX), i64::MAX);
}
