//! Resource use and metrics-server: what one busybox `wget` loop does to the HPA walkthrough's
//! php-apache (200m request, 500m limit), the figures the HPA and `kubectl top` see; a pod at
//! its CPU limit answers slower; no container is ever reported above its CPU limit.

use crate::common::*;
use kubelab_sim::api::*;
use kubelab_sim::traffic;
use kubelab_sim::*;
use proptest::prelude::*;

fn php_apache(cpu_limit: Option<&str>) -> Object {
    let mut d = deployment("php-apache", 1, "registry.k8s.io/hpa-example");
    let c = &mut d.spec.template.spec.containers[0];
    c.resources.requests.insert("cpu".into(), serde_json::json!("200m"));
    if let Some(l) = cpu_limit {
        c.resources.limits.insert("cpu".into(), serde_json::json!(l));
    }
    Object::Deployment(d)
}

fn service() -> Object {
    let mut s = Service { api_version: "v1".into(), kind: "Service".into(), ..Default::default() };
    s.metadata.name = "php-apache".into();
    s.metadata.namespace = Some("default".into());
    s.spec.selector = Some(labels(&[("app", "php-apache")]).into_iter().collect());
    s.spec.ports = vec![ServicePort { port: 80, target_port: Some(IntOrString::Int(80)), ..Default::default() }];
    Object::Service(s)
}

fn load_generator() -> Object {
    let mut p = Pod { api_version: "v1".into(), kind: "Pod".into(), ..Default::default() };
    p.metadata.name = "load-generator".into();
    p.metadata.namespace = Some("default".into());
    p.spec.restart_policy = Some("Never".into());
    p.spec.containers.push(Container {
        name: "load-generator".into(),
        image: "busybox:1.28".into(),
        command: ["/bin/sh", "-c", "while sleep 0.01; do wget -q -O- http://php-apache; done"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        ..Default::default()
    });
    Object::Pod(p)
}

/// php-apache's CPU under one loop, as metrics-server reports it, and the answers' mean latency.
fn under_one_loop(cpu_limit: Option<&str>) -> (u64, u64) {
    let mut c = Cluster::new(ClusterConfig { metrics_server: true, ..ClusterConfig::current(3) });
    assert!(c.metrics_api().available, "the cluster starts with metrics-server serving");
    c.create(php_apache(cpu_limit)).unwrap();
    c.create(service()).unwrap();
    c.run_for(SimDuration::from_secs(30));
    c.create(load_generator()).unwrap();
    c.run_for(SimDuration::from_secs(60));
    let m = c.metrics_api();
    let php = m.pods.values().find(|p| p.name.starts_with("php-apache-")).expect("php-apache has metrics");
    let pod = c.pods().find(|p| p.metadata.name == php.name).expect("the pod");
    let t = traffic::state(&c).pod(&pod.metadata.uid).expect("it answered");
    (php.cpu_milli(), t.last.mean_latency_ms())
}

#[test]
fn one_wget_loop_pushes_php_apache_to_its_limit_250_percent_of_its_request() {
    // 66.7 requests a second at 9 ms of CPU each ask for about 600m: capped at the 500m limit,
    // which is 250% of the 200m request (the walkthrough shows 250% too); throttled, each
    // answer takes 600/500 of its 20 ms.
    let (cpu, latency) = under_one_loop(Some("500m"));
    assert_eq!(cpu, 500);
    assert_eq!(cpu * 100 / 200, 250);
    assert!((23..=25).contains(&latency), "throttled latency {latency} ms");
    // Without a limit the same loop uses all it asks for, and nothing is throttled.
    let (cpu, latency) = under_one_loop(None);
    assert!((595..=610).contains(&cpu), "unlimited CPU {cpu}m");
    assert_eq!(latency, 20);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever the load and the limit, metrics-server never reports a container above its CPU
    /// limit, and every pod it reports exists and is running.
    #[test]
    fn reported_cpu_never_exceeds_the_limit(limit in 50u64..1500, loops in 0usize..3, secs in 20u64..120) {
        let mut c = Cluster::new(ClusterConfig { metrics_server: true, ..ClusterConfig::current(9) });
        c.create(php_apache(Some(&format!("{limit}m")))).unwrap();
        c.create(service()).unwrap();
        c.run_for(SimDuration::from_secs(20));
        for i in 0..loops {
            let Object::Pod(mut p) = load_generator() else { unreachable!() };
            p.metadata.name = format!("load-{i}");
            c.create(Object::Pod(p)).unwrap();
        }
        c.run_for(SimDuration::from_secs(secs));
        for p in c.metrics_api().pods.values() {
            let pod = c.pods().find(|x| x.metadata.ns() == p.namespace && x.metadata.name == p.name);
            prop_assert!(pod.is_some(), "{} reported but gone", p.name);
            let pod = pod.unwrap();
            for u in &p.containers {
                let spec = pod.spec.containers.iter().find(|s| s.name == u.name).unwrap();
                if let Some(l) = spec.resources.cpu_limit_millis() {
                    prop_assert!(u.cpu_milli as i64 <= l, "{} uses {}m over its {}m limit", p.name, u.cpu_milli, l);
                }
            }
        }
    }
}
