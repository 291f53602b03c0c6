//! Each HPA sync kept as data (`Cluster::hpa_decisions`), for the browser's "why" panels: the
//! pods counted with their samples and requests, the utilization and ratio, the proposal, the
//! stabilization window's recommendations and the clamp, agreeing with the HPA's status and
//! events.

use crate::common::*;
use kubelab_sim::api::*;
use kubelab_sim::usage::{ContainerUsage, MetricsApi, PodUsage};
use kubelab_sim::*;

fn setup(c: &mut Cluster) {
    let mut d = deployment("php", 1, "registry.k8s.io/hpa-example");
    d.spec.template.spec.containers[0].resources.requests.insert("cpu".into(), serde_json::json!("200m"));
    c.create(Object::Deployment(d)).expect("deployment");
    let Object::HorizontalPodAutoscaler(mut h) = hpa("php", "php", 1, 10) else { unreachable!() };
    h.spec.metrics = vec![MetricSpec::resource_utilization("cpu", 50)];
    c.create(Object::HorizontalPodAutoscaler(h)).expect("hpa");
}

/// Runs `secs` seconds with `demand` millicores spread over php's running pods.
fn load(c: &mut Cluster, demand: u64, secs: u64) {
    for _ in 0..secs {
        let running: Vec<String> = c
            .pods()
            .filter(|p| p.metadata.labels.get("app").map(String::as_str) == Some("php") && p.status.phase == "Running")
            .map(|p| p.metadata.name.clone())
            .collect();
        let per_pod = demand / running.len().max(1) as u64;
        let now = c.now();
        let mut m = MetricsApi { available: true, ..Default::default() };
        for name in running {
            let usage = PodUsage {
                namespace: "default".into(),
                name: name.clone(),
                timestamp: now,
                window: SimDuration::from_secs(15),
                containers: vec![ContainerUsage {
                    name: "hpa-example".into(),
                    cpu_milli: per_pod,
                    memory_bytes: 1 << 20,
                }],
            };
            m.pods.insert(("default".into(), name), usage);
        }
        c.set_metrics_api_for_test(m);
        c.run_for(SimDuration::from_secs(1));
    }
}

#[test]
fn each_sync_is_kept_with_its_reasons() {
    let mut c = Cluster::new(ClusterConfig::current(11));
    setup(&mut c);
    assert!(c.hpa_decisions().is_empty(), "no sync before the first resync period");
    load(&mut c, 50, 30);
    let d = c.hpa_decisions().last().expect("a sync").clone();
    assert_eq!((d.namespace.as_str(), d.name.as_str()), ("default", "php"));
    assert_eq!((d.current, d.desired, d.min, d.max), (1, 1, 1, 10));
    assert_eq!(d.tolerance, 0.1);
    let m = &d.metrics[0];
    assert_eq!((m.name.as_str(), m.target.as_str()), ("cpu", "50%"));
    // 50m of 200m is 25 %: a ratio of 0.5, one ready pod, ceil(0.5 × 1) = 1.
    assert_eq!(m.utilization, Some(25));
    assert_eq!(m.ratio, Some(0.5));
    assert_eq!(m.proposal, Some(1));
    assert_eq!(m.pods.len(), 1);
    assert_eq!((m.pods[0].sample, m.pods[0].request, m.pods[0].counted), (Some(50), Some(200), PodCount::Ready));
    assert_eq!(d.clamp.0, "DesiredWithinRange");

    // A whole CPU of demand: 500 % utilization, ten times the target: 10 pods wanted, capped
    // at max(2 × 1, 4) = 4.
    load(&mut c, 1000, 16);
    let up = c.hpa_decisions().iter().find(|d| d.desired > d.current).expect("a scale-up").clone();
    assert_eq!(up.metrics[0].utilization, Some(500));
    assert_eq!(up.metrics[0].ratio, Some(10.0));
    assert_eq!(up.metrics[0].proposal, Some(10));
    assert_eq!(up.proposal, Some(10));
    assert_eq!(up.clamp.0, "ScaleUpLimit");
    assert_eq!((up.current, up.desired), (1, 4));
    assert!(up.outcome.starts_with("New size: 4; reason: cpu resource utilization"), "{}", up.outcome);
    let rescale = c.events().iter().find(|e| e.reason == "SuccessfulRescale").expect("event").message.clone();
    assert_eq!(up.outcome, rescale, "the decision says what the event says");

    // New pods are unready for the calculator until their CPU is initialized.
    load(&mut c, 1000, 15);
    let next = c.hpa_decisions().last().expect("a sync").clone();
    assert!(next.at > up.at);
    assert!(next.metrics[0].pods.iter().any(|p| p.counted == PodCount::Unready), "{:?}", next.metrics[0].pods);

    // The load stops: 0 % proposes no pod at all, but the window holds the highest
    // recommendation (and the minimum would hold 1).
    load(&mut c, 1000, 200);
    load(&mut c, 0, 60);
    let held = c.hpa_decisions().last().expect("a sync").clone();
    assert_eq!(held.proposal, Some(0));
    let s = held.stabilization.as_ref().expect("a window");
    assert_eq!(s.window_secs, 300);
    assert!(s.highest);
    assert!(s.stabilized > 1 && s.stabilized == held.desired, "{s:?} {held:?}");
    assert!(s.recommendations.iter().all(|(at, _)| held.at.since(*at) <= SimDuration::from_secs(300)));
    assert!(s.recommendations.iter().any(|(_, r)| *r == s.stabilized));
}

#[test]
fn decisions_are_bounded_and_not_serialised() {
    let mut c = Cluster::new(ClusterConfig::current(3));
    setup(&mut c);
    load(&mut c, 100, 60);
    assert!(!c.hpa_decisions().is_empty());
    let json = serde_json::to_string(&c).expect("serialise");
    assert!(!json.contains("\"tolerance\""), "decisions stay out of the saved cluster");
    let restored: Cluster = serde_json::from_str(&json).expect("restore");
    assert!(restored.hpa_decisions().is_empty());
}
