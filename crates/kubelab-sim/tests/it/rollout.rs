//! Argo Rollouts' canary (the `argo-rollouts` addon): steps, promote, abort by analysis, and
//! the share of requests the canary gets (binomial bounds of the replica ratio).

use kubelab_sim::api::rollout::*;
use kubelab_sim::api::*;
use kubelab_sim::traffic::{self, ClientSpec};
use kubelab_sim::*;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn cluster(seed: u64) -> Cluster {
    Cluster::new(ClusterConfig { argo_rollouts: true, ..ClusterConfig::current(seed) })
}

fn rollout_obj(replicas: i64, image: &str, steps: serde_json::Value) -> Object {
    let v = serde_json::json!({
        "apiVersion": API_VERSION, "kind": "Rollout",
        "metadata": { "name": "my-app", "namespace": "default" },
        "spec": {
            "replicas": replicas,
            "selector": { "matchLabels": { "app": "my-app" } },
            "template": {
                "metadata": { "labels": { "app": "my-app" } },
                "spec": { "containers": [{ "name": "my-app", "image": image, "ports": [{ "containerPort": 8080 }] }] },
            },
            "strategy": { "canary": { "steps": steps } },
        },
    });
    Object::Opaque(Kind::Rollout, serde_json::from_value(v).unwrap())
}

fn get(c: &Cluster) -> Rollout {
    c.get(Kind::Rollout, "default", "my-app").and_then(Rollout::from_object).expect("the rollout")
}

fn set_image(c: &mut Cluster, image: &str) {
    let mut ro = get(c);
    ro.spec.template.spec.containers[0].image = image.into();
    c.update(ro.into_object()).unwrap();
}

/// Replicas (spec) per image of the Rollout's ReplicaSets.
fn sizes(c: &Cluster) -> BTreeMap<String, i64> {
    c.list(Kind::ReplicaSet, Some("default"))
        .into_iter()
        .filter_map(Object::as_replica_set)
        .map(|rs| (rs.spec.template.spec.containers[0].image.clone(), rs.spec.replicas.unwrap_or(0)))
        .collect()
}

fn phase(c: &Cluster) -> String {
    get(c).status.phase.unwrap_or_default()
}

#[test]
fn first_revision_goes_straight_to_all_replicas() {
    let mut c = cluster(1);
    c.create(rollout_obj(5, "registry.lab/my-app:v1.0.0", serde_json::json!([{ "setWeight": 20 }, { "pause": {} }])))
        .unwrap();
    assert!(c.run_until(SimDuration::from_secs(120), |c| phase(c) == "Healthy"), "{:?}", get(&c).status);
    let ro = get(&c);
    assert_eq!(ro.status.current_step_index, Some(2));
    assert_eq!(ro.status.stable_rs, ro.status.current_pod_hash);
    assert_eq!(sizes(&c).get("registry.lab/my-app:v1.0.0"), Some(&5));
    // The ReplicaSet's hash is the one a Deployment's would have.
    let hash = ro.status.current_pod_hash.clone().unwrap();
    assert_eq!(hash, hash::pod_template_hash(&ro.spec.template, None));
    assert!(c.get(Kind::ReplicaSet, "default", &format!("my-app-{hash}")).is_some());
}

#[test]
fn canary_pauses_at_twenty_percent_then_promote_finishes() {
    let mut c = cluster(2);
    let steps = serde_json::json!([{ "setWeight": 20 }, { "pause": {} }, { "setWeight": 60 }, { "pause": { "duration": "30s" } }]);
    c.create(rollout_obj(5, "registry.lab/my-app:v1.0.0", steps)).unwrap();
    assert!(c.run_until(SimDuration::from_secs(120), |c| phase(c) == "Healthy"));
    set_image(&mut c, "registry.lab/my-app:v2.0.0");
    assert!(c.run_until(SimDuration::from_secs(120), |c| phase(c) == "Paused"), "{:?}", get(&c).status);
    let ro = get(&c);
    assert_eq!(ro.status.current_step_index, Some(1));
    assert_eq!(ro.status.message.as_deref(), Some("CanaryPauseStep"));
    let s = sizes(&c);
    assert_eq!((s["registry.lab/my-app:v2.0.0"], s["registry.lab/my-app:v1.0.0"]), (1, 4));
    // Stays paused without a promote.
    c.run_for(SimDuration::from_secs(300));
    assert_eq!(phase(&c), "Paused");
    c.rollout_promote("default", "my-app", false).unwrap();
    // 60 %, then the timed pause ends by itself, then 100 %.
    assert!(c.run_until(SimDuration::from_secs(120), |c| get(c).step_index() == 3));
    let s = sizes(&c);
    assert_eq!((s["registry.lab/my-app:v2.0.0"], s["registry.lab/my-app:v1.0.0"]), (3, 2));
    assert!(c.run_until(SimDuration::from_secs(200), |c| phase(c) == "Healthy"), "{:?}", get(&c).status);
    let s = sizes(&c);
    assert_eq!((s["registry.lab/my-app:v2.0.0"], s["registry.lab/my-app:v1.0.0"]), (5, 0));
    let ro = get(&c);
    assert_eq!(ro.status.stable_rs, ro.status.current_pod_hash);
}

fn node_port_url(c: &mut Cluster) -> String {
    node_port_url_of(c, "my-app")
}

fn node_port_url_of(c: &mut Cluster, name: &str) -> String {
    let svc = serde_json::json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": { "name": name, "namespace": "default" },
        "spec": { "type": "NodePort", "selector": { "app": "my-app" }, "ports": [{ "port": 80, "targetPort": 8080 }] },
    });
    c.create(Object::Service(serde_json::from_value(svc).unwrap())).unwrap();
    let Some(Object::Service(s)) = c.get(Kind::Service, "default", name) else { panic!("service") };
    let port = s.spec.ports[0].node_port.expect("node port");
    let node = c
        .list(Kind::Node, None)
        .into_iter()
        .find_map(|o| match o {
            Object::Node(n) if n.metadata.name == "node01" => Some(n.status.addresses[0].address.clone()),
            _ => None,
        })
        .unwrap();
    format!("http://{node}:{port}/")
}

fn error_rate_template() -> Object {
    let v = serde_json::json!({
        "apiVersion": API_VERSION, "kind": "AnalysisTemplate",
        "metadata": { "name": "error-rate", "namespace": "default" },
        "spec": { "metrics": [{
            "name": "error-rate",
            "interval": "10s",
            "count": 3,
            "successCondition": "result <= 0.05",
            "failureLimit": 0,
            "provider": { "plugin": { "kubelab/traffic": { "metric": "error-rate" } } },
        }] },
    });
    Object::Opaque(Kind::AnalysisTemplate, serde_json::from_value(v).unwrap())
}

#[test]
fn a_bad_canary_is_aborted_by_its_analysis() {
    let mut c = cluster(3);
    c.create(error_rate_template()).unwrap();
    let steps = serde_json::json!([
        { "setWeight": 20 },
        { "pause": { "duration": 30 } },
        { "analysis": { "templates": [{ "templateName": "error-rate" }] } },
        { "setWeight": 100 },
    ]);
    c.create(rollout_obj(5, "registry.lab/my-app:v1.0.0", steps)).unwrap();
    let url = node_port_url(&mut c);
    traffic::set_client(&mut c, &ClientSpec { name: "users".into(), url, rate: 50, keep_alive: false }).unwrap();
    assert!(c.run_until(SimDuration::from_secs(120), |c| phase(c) == "Healthy"));
    set_image(&mut c, "registry.lab/my-app:v2.0.0-errors");
    assert!(c.run_until(SimDuration::from_secs(300), |c| phase(c) == "Degraded"), "{:?}", get(&c).status);
    let ro = get(&c);
    let msg = ro.status.message.clone().unwrap_or_default();
    assert!(
        msg.starts_with("RolloutAborted: Rollout aborted update to revision 2: Step-based analysis phase error/failed: Metric \"error-rate\" assessed Failed due to failed (1) > failureLimit (0)"),
        "{msg}"
    );
    assert!(ro.status.abort);
    assert_eq!(ro.status.current_step_index, Some(0));
    c.run_for(SimDuration::from_secs(60));
    let s = sizes(&c);
    assert_eq!((s["registry.lab/my-app:v2.0.0-errors"], s["registry.lab/my-app:v1.0.0"]), (0, 5));
    let runs: Vec<AnalysisRun> =
        c.list(Kind::AnalysisRun, Some("default")).into_iter().filter_map(AnalysisRun::from_object).collect();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].status.phase, "Failed");
    assert_eq!(runs[0].status.metric_results[0].measurements.len(), 1);
    // Setting the image back is a return to the stable: Healthy at once, steps skipped.
    set_image(&mut c, "registry.lab/my-app:v1.0.0");
    assert!(c.run_until(SimDuration::from_secs(60), |c| phase(c) == "Healthy"), "{:?}", get(&c).status);
}

#[test]
fn without_the_addon_nothing_runs_rollouts() {
    let mut c = Cluster::new(ClusterConfig::current(4));
    assert!(!c.argo_rollouts_installed());
    c.create(rollout_obj(2, "registry.lab/my-app:v1.0.0", serde_json::json!([]))).unwrap();
    c.run_for(SimDuration::from_secs(30));
    assert!(sizes(&c).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Without a traffic router the canary's share of requests is its share of ready pods:
    /// over 60 s of requests the share of v2 stays within 5 standard deviations of the
    /// binomial mean.
    #[test]
    fn canary_share_follows_the_replica_ratio(seed in 0u64..1000, weight in prop::sample::select(vec![10i64, 20, 25, 50])) {
        let mut c = cluster(seed);
        let steps = serde_json::json!([{ "setWeight": weight }, { "pause": {} }]);
        c.create(rollout_obj(4, "registry.lab/my-app:v1.0.0", steps)).unwrap();
        prop_assert!(c.run_until(SimDuration::from_secs(120), |c| phase(c) == "Healthy"));
        let url = node_port_url(&mut c);
        set_image(&mut c, "registry.lab/my-app:v2.0.0");
        prop_assert!(c.run_until(SimDuration::from_secs(180), |c| phase(c) == "Paused"));
        let s = sizes(&c);
        let (canary, stable) = (s["registry.lab/my-app:v2.0.0"], s["registry.lab/my-app:v1.0.0"]);
        traffic::set_client(&mut c, &ClientSpec { name: "users".into(), url, rate: 100, keep_alive: false }).unwrap();
        let start = c.now();
        c.run_for(SimDuration::from_secs(60));
        let (mut v2, mut total) = (0u64, 0u64);
        for sample in traffic::state(&c).series().filter(|s| s.time > start) {
            for (version, counts) in &sample.versions {
                total += counts.requests;
                if version.ends_with(":v2.0.0") {
                    v2 += counts.requests;
                }
            }
        }
        let p = canary as f64 / (canary + stable) as f64;
        let n = total as f64;
        let sd = (n * p * (1.0 - p)).sqrt();
        prop_assert!(total >= 5000, "{total} requests");
        prop_assert!((v2 as f64 - n * p).abs() <= 5.0 * sd, "v2 {v2} of {total}, expected share {p}");
    }
}

/// v2's share of the requests answered since `start`, and their total.
fn v2_share_since(c: &Cluster, start: SimTime) -> (u64, u64) {
    let (mut v2, mut total) = (0u64, 0u64);
    for sample in traffic::state(c).series().filter(|s| s.time > start) {
        for (version, counts) in &sample.versions {
            total += counts.requests;
            if version.ends_with(":v2.0.0") {
                v2 += counts.requests;
            }
        }
    }
    (v2, total)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// With a traffic router the canary's share of the stable Service's requests is the weight,
    /// not the replica ratio: one canary pod of four (25 % of the pods) gets `weight` % of the
    /// requests, within 5 standard deviations of the binomial mean; the stable keeps 4 pods.
    #[test]
    fn routed_canary_share_follows_the_weight(seed in 0u64..1000, weight in prop::sample::select(vec![5i64, 10, 20])) {
        let mut c = cluster(seed);
        let url = node_port_url_of(&mut c, "my-app-stable");
        node_port_url_of(&mut c, "my-app-canary");
        let Object::Opaque(_, mut o) = rollout_obj(4, "registry.lab/my-app:v1.0.0", serde_json::json!([{ "setWeight": weight }, { "pause": {} }])) else { unreachable!() };
        if let Some(canary) = o.rest.get_mut("spec").and_then(|s| s.pointer_mut("/strategy/canary")).and_then(|c| c.as_object_mut()) {
            canary.insert("canaryService".into(), "my-app-canary".into());
            canary.insert("stableService".into(), "my-app-stable".into());
            canary.insert("trafficRouting".into(), serde_json::json!({ "nginx": { "stableIngress": "my-app" } }));
        }
        c.create(Object::Opaque(Kind::Rollout, o)).unwrap();
        prop_assert!(c.run_until(SimDuration::from_secs(120), |c| phase(c) == "Healthy"));
        set_image(&mut c, "registry.lab/my-app:v2.0.0");
        prop_assert!(c.run_until(SimDuration::from_secs(180), |c| phase(c) == "Paused"), "{:?}", get(&c).status);
        let s = sizes(&c);
        prop_assert_eq!((s["registry.lab/my-app:v2.0.0"], s["registry.lab/my-app:v1.0.0"]), (1, 4));
        traffic::set_client(&mut c, &ClientSpec { name: "users".into(), url, rate: 100, keep_alive: false }).unwrap();
        let start = c.now();
        c.run_for(SimDuration::from_secs(60));
        let (v2, total) = v2_share_since(&c, start);
        let p = weight as f64 / 100.0;
        let n = total as f64;
        let sd = (n * p * (1.0 - p)).sqrt();
        prop_assert!(total >= 5000, "{total} requests");
        prop_assert!((v2 as f64 - n * p).abs() <= 5.0 * sd, "v2 {v2} of {total}, expected share {p}");
    }
}
