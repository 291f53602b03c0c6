//! `horizontal_test.go`'s whole-controller rows (fidelity doc 3.5, behavior unset unless
//! stated), through the sync's own steps: [`range`], the calculator, [`larger`] / [`blocked`]
//! over the metrics and [`normalize`]. Pods are ready and started long ago; usage in
//! millicores, one container per pod with the given request.

use super::behavior::{Recommendation, TOO_FEW, TOO_MANY};
use super::calc::{self, CalcPod, Phase, Res, Sample, Wording};
use super::*;

const NOW: SimTime = SimTime(7_200_000);
const MODERN: Wording = Wording { modern: true };

struct Row {
    min: i64,
    max: i64,
    current: i64,
    /// (usage, request) per pod; `None` usage: no sample.
    pods: Vec<(Option<i64>, i64)>,
    /// Samples for pods that do not exist.
    extra_samples: Vec<i64>,
    target: i64,
    /// Recommendations already made (replicas, seconds ago).
    recommendations: Vec<(i64, u64)>,
}

impl Row {
    fn new(min: i64, max: i64, current: i64, pods: &[(Option<i64>, i64)], target: i64) -> Row {
        // Upstream's tests start with a recommendation older than the window.
        Row {
            min,
            max,
            current,
            pods: pods.to_vec(),
            extra_samples: vec![],
            target,
            recommendations: vec![(current, 3600)],
        }
    }
}

fn pods_and_samples(row: &Row) -> (Vec<CalcPod>, BTreeMap<String, Sample>) {
    let start = NOW - SimDuration::from_secs(3600);
    let sample = |v: i64| Sample { value: v, timestamp: NOW, window: SimDuration::from_secs(30) };
    let pods = row
        .pods
        .iter()
        .enumerate()
        .map(|(i, (_, request))| CalcPod {
            name: format!("pod-{i}"),
            phase: Phase::Running,
            deleting: false,
            ready: Some((true, start + SimDuration::from_secs(5))),
            start_time: Some(start),
            requests: vec![("c".into(), (*request > 0).then_some(*request))],
        })
        .collect();
    let mut samples: BTreeMap<String, Sample> =
        row.pods.iter().enumerate().filter_map(|(i, (u, _))| u.map(|u| (format!("pod-{i}"), sample(u)))).collect();
    for (i, v) in row.extra_samples.iter().enumerate() {
        samples.insert(format!("gone-{i}"), sample(*v));
    }
    (pods, samples)
}

/// The CPU metric's proposal, or the metrics client's / calculator's error.
fn cpu_proposal(row: &Row) -> Result<(i64, String), String> {
    let (pods, samples) = pods_and_samples(row);
    if let Some(e) = calc::fetch_error(true, samples.len(), "cpu") {
        return Err(e);
    }
    let input = calc::Input {
        resource: Res::Cpu,
        resource_name: "cpu",
        current: row.current,
        pods: &pods,
        samples: &samples,
        now: NOW,
        wording: MODERN,
    };
    let u = calc::resource_replicas(&input, row.target)?;
    Ok((u.replicas, "cpu resource utilization (percentage of request)".into()))
}

/// The replicas a sync sets and its rescale reason (empty when it does not rescale).
fn sync(row: &Row, others: &[Result<(i64, String), String>]) -> (i64, String) {
    match range(row.current, row.min, row.max) {
        Range::Disabled => (row.current, String::new()),
        Range::Bound { replicas, reason, .. } => (replicas, reason.into()),
        Range::Metrics => {
            let results: Vec<Result<(i64, String), String>> =
                std::iter::once(cpu_proposal(row)).chain(others.iter().cloned()).collect();
            let mut best = None;
            for r in results.iter().flatten() {
                best = larger(best, r.clone());
            }
            let invalid = results.iter().filter(|r| r.is_err()).count();
            if blocked(invalid, results.len(), best.as_ref(), row.current, MODERN) {
                return (row.current, String::new());
            }
            let Some((proposal, name)) = best else { return (row.current, String::new()) };
            let mut history = History {
                recommendations: row
                    .recommendations
                    .iter()
                    .map(|(r, ago)| Recommendation { replicas: *r, at: NOW - SimDuration::from_secs(*ago) })
                    .collect(),
                ..Default::default()
            };
            let (n, reason) = normalize(&mut history, NOW, None, row.current, proposal, &name, row.min, row.max);
            (n.replicas, if n.replicas == row.current { String::new() } else { reason })
        }
    }
}

fn replicas(row: &Row) -> i64 {
    sync(row, &[]).0
}

fn cpu(pods: &[(i64, i64)]) -> Vec<(Option<i64>, i64)> {
    pods.iter().map(|(u, r)| (Some(*u), *r)).collect()
}

#[test]
fn test_scale_up() {
    assert_eq!(replicas(&Row::new(2, 6, 3, &cpu(&[(300, 1000), (500, 1000), (700, 1000)]), 30)), 5);
}
#[test]
fn test_scale_down() {
    let pods = cpu(&[(100, 1000), (300, 1000), (500, 1000), (250, 1000), (250, 1000)]);
    assert_eq!(replicas(&Row::new(2, 6, 5, &pods, 50)), 3);
}
#[test]
fn test_scale_down_stabilize_initial_size() {
    let pods = cpu(&[(100, 1000), (300, 1000), (500, 1000), (250, 1000), (250, 1000)]);
    let mut row = Row::new(2, 6, 5, &pods, 50);
    // No recommendation yet: the first sync records the current size, now.
    row.recommendations = vec![(5, 0)];
    assert_eq!(replicas(&row), 5);
}
#[test]
fn test_stabilize_downscale() {
    let mut row = Row::new(1, 5, 4, &cpu(&[(50, 100), (50, 100), (50, 100)]), 100);
    row.recommendations = vec![(10, 600), (4, 60)];
    assert_eq!(replicas(&row), 4);
}
#[test]
fn test_tolerance() {
    assert_eq!(replicas(&Row::new(1, 5, 3, &cpu(&[(1010, 900), (1030, 1000), (1020, 1100)]), 100)), 3);
}
#[test]
fn test_min_replicas() {
    let row = Row::new(2, 5, 3, &cpu(&[(10, 900), (95, 1000), (10, 1100)]), 90);
    assert_eq!(sync(&row, &[]), (2, "All metrics below target".into()));
}
#[test]
fn test_zero_min_replicas_desired_zero() {
    assert_eq!(replicas(&Row::new(0, 5, 3, &cpu(&[(0, 1000), (0, 1000), (0, 1000)]), 90)), 0);
}
#[test]
fn test_min_replicas_desired_zero() {
    assert_eq!(replicas(&Row::new(2, 5, 3, &cpu(&[(0, 1000), (0, 1000), (0, 1000)]), 90)), 2);
}
#[test]
fn test_zero_replicas() {
    assert_eq!(range(0, 3, 5), Range::Disabled);
    assert_eq!(replicas(&Row::new(3, 5, 0, &[], 90)), 0);
}
#[test]
fn test_too_few_replicas() {
    let row = Row::new(3, 5, 2, &[], 90);
    assert_eq!(sync(&row, &[]), (3, "Current number of replicas below Spec.MinReplicas".into()));
    assert!(matches!(range(2, 3, 5), Range::Bound { limit, .. } if limit == TOO_FEW));
}
#[test]
fn test_too_many_replicas() {
    let row = Row::new(3, 5, 10, &[], 90);
    assert_eq!(sync(&row, &[]), (5, "Current number of replicas above Spec.MaxReplicas".into()));
    assert!(matches!(range(10, 3, 5), Range::Bound { limit, .. } if limit == TOO_MANY));
}
#[test]
fn test_max_replicas() {
    assert_eq!(replicas(&Row::new(2, 5, 3, &cpu(&[(8000, 900), (9500, 1000), (1000, 1100)]), 90)), 5);
}
#[test]
fn test_superfluous_metrics() {
    let mut row = Row::new(2, 6, 4, &cpu(&[(4000, 1000), (9500, 1000), (3000, 1000), (7000, 1000)]), 100);
    row.extra_samples = vec![3200, 2000];
    assert_eq!(replicas(&row), 6);
}
#[test]
fn test_missing_metrics() {
    let pods = vec![(Some(400), 1000), (Some(95), 1000), (None, 1000), (None, 1000)];
    assert_eq!(replicas(&Row::new(2, 6, 4, &pods, 100)), 3);
}
#[test]
fn test_empty_metrics() {
    let pods = vec![(None, 1000); 4];
    let row = Row::new(2, 6, 4, &pods, 100);
    assert_eq!(
        cpu_proposal(&row),
        Err("unable to get metrics for resource cpu: no metrics returned from resource metrics API".into())
    );
    assert_eq!(replicas(&row), 4);
}
#[test]
fn test_empty_cpu_request() {
    let row = Row::new(1, 5, 1, &[(Some(200), 0)], 100);
    assert_eq!(cpu_proposal(&row), Err("missing request for cpu in container c of Pod pod-0".into()));
    assert_eq!(replicas(&row), 1);
}
#[test]
fn test_event_created() {
    let row = Row::new(1, 5, 1, &cpu(&[(200, 200)]), 50);
    assert_eq!(sync(&row, &[]), (2, "cpu resource utilization (percentage of request) above target".into()));
}
#[test]
fn test_event_not_created() {
    let row = Row::new(1, 5, 2, &cpu(&[(200, 400), (200, 400)]), 50);
    assert_eq!(sync(&row, &[]), (2, String::new()));
}
#[test]
fn test_missing_reports() {
    assert_eq!(replicas(&Row::new(1, 5, 4, &cpu(&[(200, 200)]), 50)), 2);
}
#[test]
fn test_more_replicas_than_spec_no_scale() {
    let pods = cpu(&[(500, 1000); 5]);
    assert_eq!(replicas(&Row::new(1, 8, 4, &pods, 50)), 4);
}
#[test]
fn test_scale_up_rc_immediately() {
    assert_eq!(
        sync(&Row::new(2, 6, 1, &[], 100), &[]),
        (2, "Current number of replicas below Spec.MinReplicas".into())
    );
}
#[test]
fn test_scale_down_rc_immediately() {
    assert_eq!(sync(&Row::new(2, 5, 6, &[], 50), &[]), (5, "Current number of replicas above Spec.MaxReplicas".into()));
}
#[test]
fn test_no_scale_down_one_metric_invalid() {
    let pods = cpu(&[(100, 1000), (300, 1000), (500, 1000), (250, 1000), (250, 1000)]);
    let row = Row::new(2, 6, 5, &pods, 50);
    assert_eq!(replicas(&row), 3);
    let invalid = Err("unable to get metric qps".to_string());
    assert_eq!(sync(&row, &[invalid]), (5, String::new()));
    // An invalid metric does not stop a scale-up.
    let up = Row::new(2, 6, 3, &cpu(&[(300, 1000), (500, 1000), (700, 1000)]), 30);
    assert_eq!(sync(&up, &[Err("unable to get metric qps".to_string())]).0, 5);
}
#[test]
fn several_metrics_take_the_largest_proposal_and_name_it() {
    let row = Row::new(1, 10, 3, &cpu(&[(300, 1000), (500, 1000), (700, 1000)]), 30);
    assert_eq!(
        sync(&row, &[Ok((7, "memory resource".into()))]),
        (6, "memory resource above target".into()),
        "7 wanted, capped at max(2 x 3, 4)"
    );
}
