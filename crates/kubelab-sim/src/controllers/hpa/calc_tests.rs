//! Every row of `replica_calculator_test.go` (fidelity doc 3.4), named after the upstream test.

use super::*;

const NOW: SimTime = SimTime(3_600_000);
const MODERN: Wording = Wording { modern: true };

#[derive(Clone, Copy)]
enum S {
    /// Running, Ready for a long time, started long ago.
    Ok,
    /// Running, Ready False and never ready since its start long ago.
    Unready,
    /// Started inside the CPU initialization period, Ready (but not for the whole window).
    Hot,
    /// Started inside the CPU initialization period and not Ready.
    HotUnready,
    Pending,
    Failed,
    Deleting,
}

/// A pod with two containers sharing `request_milli`.
fn pod(i: usize, state: S, request_milli: i64) -> CalcPod {
    let long_ago = NOW - SimDuration::from_secs(3000);
    let recent = NOW - SimDuration::from_secs(60);
    let (phase, deleting, ready, start) = match state {
        S::Ok => (Phase::Running, false, Some((true, long_ago + SimDuration::from_secs(10))), Some(long_ago)),
        S::Unready => (Phase::Running, false, Some((false, long_ago)), Some(long_ago)),
        S::Hot => (Phase::Running, false, Some((true, NOW - SimDuration::from_secs(20))), Some(recent)),
        S::HotUnready => (Phase::Running, false, Some((false, recent)), Some(recent)),
        S::Pending => (Phase::Pending, false, None, None),
        S::Failed => (Phase::Failed, false, Some((false, long_ago)), Some(long_ago)),
        S::Deleting => (Phase::Running, true, Some((true, long_ago)), Some(long_ago)),
    };
    let half = request_milli / 2;
    CalcPod {
        name: format!("pod-{i}"),
        phase,
        deleting,
        ready,
        start_time: start,
        requests: vec![("c0".into(), Some(half)), ("c1".into(), Some(request_milli - half))],
    }
}

fn sample(value: i64) -> Sample {
    Sample { value, timestamp: NOW, window: SimDuration::from_secs(30) }
}

/// Pods with usage in percent of a 1-CPU request (`None`: no sample).
fn run(current: i64, pods: &[(S, Option<i64>)], target: i64) -> Result<Utilization, String> {
    let list: Vec<CalcPod> = pods.iter().enumerate().map(|(i, (s, _))| pod(i, *s, 1000)).collect();
    let samples: BTreeMap<String, Sample> =
        pods.iter().enumerate().filter_map(|(i, (_, u))| u.map(|u| (format!("pod-{i}"), sample(u * 10)))).collect();
    let input = Input {
        resource: Res::Cpu,
        resource_name: "cpu",
        current,
        pods: &list,
        samples: &samples,
        now: NOW,
        wording: MODERN,
    };
    resource_replicas(&input, target)
}

fn check(current: i64, pods: &[(S, Option<i64>)], target: i64, util: i64, replicas: i64) {
    let got = run(current, pods, target).expect("a proposal");
    assert_eq!((got.utilization, got.replicas), (util, replicas));
}

use S::*;

#[test]
fn test_replica_calc_scale_up() {
    check(3, &[(Ok, Some(30)), (Ok, Some(50)), (Ok, Some(70))], 30, 50, 5);
}
#[test]
fn test_replica_calc_scale_up_unready_less_scale() {
    check(3, &[(Unready, Some(30)), (Ok, Some(50)), (Ok, Some(70))], 30, 60, 4);
}
#[test]
fn test_replica_calc_scale_up_hot_cpu_less_scale() {
    check(3, &[(Hot, Some(30)), (Ok, Some(50)), (Ok, Some(70))], 30, 60, 4);
}
#[test]
fn test_replica_calc_scale_up_unready_no_scale() {
    check(3, &[(Ok, Some(40)), (Unready, Some(50)), (Unready, Some(70))], 30, 40, 3);
}
#[test]
fn test_replica_calc_scale_hot_cpu_no_scale() {
    check(3, &[(Ok, Some(40)), (HotUnready, Some(50)), (HotUnready, Some(70))], 30, 40, 3);
}
#[test]
fn test_replica_calc_scale_up_ignores_failed_pods() {
    check(2, &[(Ok, Some(50)), (Ok, Some(70)), (Failed, Some(10)), (Failed, Some(10))], 30, 60, 4);
}
#[test]
fn test_replica_calc_scale_up_ignores_deletion_pods() {
    check(2, &[(Ok, Some(50)), (Ok, Some(70)), (Deleting, Some(10)), (Deleting, Some(10))], 30, 60, 4);
}
#[test]
fn test_replica_calc_scale_down() {
    check(5, &[(Ok, Some(10)), (Ok, Some(30)), (Ok, Some(50)), (Ok, Some(25)), (Ok, Some(25))], 50, 28, 3);
}
#[test]
fn test_replica_calc_scale_down_exclude_unready_pods() {
    check(5, &[(Ok, Some(10)), (Ok, Some(30)), (Ok, Some(50)), (Unready, Some(25)), (Unready, Some(25))], 50, 30, 2);
}
#[test]
fn test_replica_calc_scale_down_exclude_unscheduled_pods() {
    check(
        5,
        &[(Ok, Some(10)), (Pending, Some(10)), (Pending, Some(10)), (Pending, Some(10)), (Pending, Some(10))],
        50,
        10,
        1,
    );
}
#[test]
fn test_replica_calc_scale_down_ignore_hot_cpu_pods() {
    check(5, &[(Ok, Some(10)), (Ok, Some(30)), (Ok, Some(50)), (Hot, Some(25)), (Hot, Some(25))], 50, 30, 2);
}
#[test]
fn test_replica_calc_scale_down_ignores_failed_pods() {
    let pods = [
        (Ok, Some(10)),
        (Ok, Some(30)),
        (Ok, Some(50)),
        (Ok, Some(25)),
        (Ok, Some(25)),
        (Failed, Some(90)),
        (Failed, Some(90)),
    ];
    check(5, &pods, 50, 28, 3);
}
#[test]
fn test_replica_calc_scale_down_ignores_deletion_pods() {
    let pods = [
        (Ok, Some(10)),
        (Ok, Some(30)),
        (Ok, Some(50)),
        (Ok, Some(25)),
        (Ok, Some(25)),
        (Deleting, Some(90)),
        (Deleting, Some(90)),
    ];
    check(5, &pods, 50, 28, 3);
}
#[test]
fn test_replica_calc_tolerance() {
    let list = vec![pod(0, Ok, 900), pod(1, Ok, 1000), pod(2, Ok, 1100)];
    let samples: BTreeMap<String, Sample> =
        [("pod-0", 1010), ("pod-1", 1030), ("pod-2", 1020)].iter().map(|(n, v)| (n.to_string(), sample(*v))).collect();
    let input = Input {
        resource: Res::Cpu,
        resource_name: "cpu",
        current: 3,
        pods: &list,
        samples: &samples,
        now: NOW,
        wording: MODERN,
    };
    let got = resource_replicas(&input, 100).expect("proposal");
    assert_eq!((got.utilization, got.replicas), (102, 3));
}
#[test]
fn test_replica_calc_superfluous_metrics() {
    let list: Vec<CalcPod> = (0..4).map(|i| pod(i, Ok, 1000)).collect();
    let mut samples: BTreeMap<String, Sample> =
        [4000, 9500, 3000, 7000].iter().enumerate().map(|(i, v)| (format!("pod-{i}"), sample(*v))).collect();
    samples.insert("pod-4".into(), sample(8000));
    samples.insert("pod-5".into(), sample(2000));
    let input = Input {
        resource: Res::Cpu,
        resource_name: "cpu",
        current: 4,
        pods: &list,
        samples: &samples,
        now: NOW,
        wording: MODERN,
    };
    let got = resource_replicas(&input, 100).expect("proposal");
    assert_eq!((got.utilization, got.replicas), (587, 24));
}
#[test]
fn test_replica_calc_missing_metrics() {
    let list: Vec<CalcPod> = (0..4).map(|i| pod(i, Ok, 1000)).collect();
    let samples: BTreeMap<String, Sample> =
        [("pod-0", 400), ("pod-1", 95)].iter().map(|(n, v)| (n.to_string(), sample(*v))).collect();
    let input = Input {
        resource: Res::Cpu,
        resource_name: "cpu",
        current: 4,
        pods: &list,
        samples: &samples,
        now: NOW,
        wording: MODERN,
    };
    let got = resource_replicas(&input, 100).expect("proposal");
    assert_eq!((got.utilization, got.replicas), (24, 3));
}
#[test]
fn test_replica_calc_missing_metrics_no_change_eq() {
    check(2, &[(Ok, Some(100)), (Ok, None)], 100, 100, 2);
}
#[test]
fn test_replica_calc_missing_metrics_no_change_gt() {
    check(2, &[(Ok, Some(190)), (Ok, None)], 100, 190, 2);
}
#[test]
fn test_replica_calc_missing_metrics_no_change_lt() {
    check(2, &[(Ok, Some(60)), (Ok, None)], 100, 60, 2);
}
#[test]
fn test_replica_calc_missing_metrics_unready_change() {
    check(3, &[(Unready, Some(10)), (Ok, Some(45)), (Ok, None)], 50, 45, 3);
}
#[test]
fn test_replica_calc_missing_metrics_hot_cpu_no_change() {
    check(3, &[(Hot, Some(10)), (Ok, Some(45)), (Ok, None)], 50, 45, 3);
}
#[test]
fn test_replica_calc_missing_metrics_unready_scale_up() {
    check(3, &[(Unready, Some(10)), (Ok, Some(200)), (Ok, None)], 50, 200, 4);
}
#[test]
fn test_replica_calc_missing_metrics_hot_cpu_scale_up() {
    check(3, &[(HotUnready, Some(10)), (Ok, Some(200)), (Ok, None)], 50, 200, 4);
}
#[test]
fn test_replica_calc_missing_metrics_unready_scale_down() {
    check(4, &[(Unready, Some(10)), (Ok, Some(10)), (Ok, Some(10)), (Ok, None)], 50, 10, 3);
}
#[test]
fn test_replica_calc_missing_metrics_scale_down_target_over_100() {
    let list = vec![pod(0, Unready, 1000), pod(1, Ok, 1000), pod(2, Ok, 2000), pod(3, Ok, 2000)];
    let samples: BTreeMap<String, Sample> =
        [("pod-0", 200), ("pod-1", 100), ("pod-2", 100)].iter().map(|(n, v)| (n.to_string(), sample(*v))).collect();
    let input = Input {
        resource: Res::Cpu,
        resource_name: "cpu",
        current: 4,
        pods: &list,
        samples: &samples,
        now: NOW,
        wording: MODERN,
    };
    let got = resource_replicas(&input, 300).expect("proposal");
    assert_eq!((got.utilization, got.replicas), (6, 2));
}
#[test]
fn test_replica_calc_during_rolling_update_with_max_surge() {
    check(2, &[(Ok, Some(10)), (Ok, Some(10)), (Ok, None)], 50, 10, 2);
}
#[test]
fn test_replica_calc_empty_cpu_request() {
    let mut p = pod(0, Ok, 1000);
    p.requests = vec![("php".into(), None)];
    let samples: BTreeMap<String, Sample> = [("pod-0".to_string(), sample(200))].into_iter().collect();
    let list = vec![p];
    let input = Input {
        resource: Res::Cpu,
        resource_name: "cpu",
        current: 1,
        pods: &list,
        samples: &samples,
        now: NOW,
        wording: MODERN,
    };
    assert_eq!(resource_replicas(&input, 100), Err("missing request for cpu in container php of Pod pod-0".into()));
    let old = Input { wording: Wording { modern: false }, ..input };
    assert_eq!(resource_replicas(&old, 100), Err("missing request for cpu".into()));
}
#[test]
fn test_replica_calc_empty_metrics() {
    assert_eq!(
        fetch_error(true, 0, "cpu"),
        Some("unable to get metrics for resource cpu: no metrics returned from resource metrics API".into())
    );
    assert_eq!(fetch_error(true, 2, "cpu"), None);
}
#[test]
fn no_samples_for_ready_pods_is_an_error_per_era() {
    let pods = [(Unready, Some(10)), (Pending, None)];
    assert_eq!(run(2, &pods, 50), Err("did not receive metrics for targeted pods (pods might be unready)".into()));
}

fn plain(current: i64, values: &[i64], target: i64) -> (i64, i64) {
    let list: Vec<CalcPod> = (0..values.len()).map(|i| pod(i, Ok, 1000)).collect();
    let samples: BTreeMap<String, Sample> =
        values.iter().enumerate().map(|(i, v)| (format!("pod-{i}"), sample(*v))).collect();
    let input = Input {
        resource: Res::Other,
        resource_name: "qps",
        current,
        pods: &list,
        samples: &samples,
        now: NOW,
        wording: MODERN,
    };
    plain_replicas(&input, target).expect("proposal")
}
#[test]
fn test_replica_calc_scale_up_cm() {
    assert_eq!(plain(3, &[20000, 10000, 30000], 15000), (4, 20000));
}
#[test]
fn test_replica_calc_scale_down_cm() {
    assert_eq!(plain(5, &[12000; 5], 20000), (3, 12000));
}
#[test]
fn test_replica_calc_tolerance_cm() {
    assert_eq!(plain(3, &[20000, 21000, 21000], 20000), (3, 20666));
}
