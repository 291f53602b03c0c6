//! Images as data: a spec registered with the cluster is what its pods do (ports, answers,
//! errors), a bad spec is refused, and an image's error draws come from the `traffic` stream
//! only when it has errors, so a cluster that never runs such an image is unchanged by it.

use crate::common::*;
use kubelab_sim::api::*;
use kubelab_sim::images::ImageSpec;
use kubelab_sim::network::{self, Client, HttpOutcome};
use kubelab_sim::*;

fn shop(percent: u32) -> ImageSpec {
    serde_json::from_value(serde_json::json!({
        "repository": "acme/shop",
        "ports": [8080],
        "errors": {"percent": percent, "body": "oops"},
        "http": [{"path": "/", "body": "shop $tag"}],
    }))
    .expect("a spec")
}

fn service(name: &str, target: i64) -> Object {
    let mut s = Service { api_version: "v1".into(), kind: "Service".into(), ..Default::default() };
    s.metadata.name = name.into();
    s.metadata.namespace = Some("default".into());
    s.spec.selector = Some(labels(&[("app", name)]).into_iter().collect());
    s.spec.ports = vec![ServicePort {
        port: 80,
        protocol: Some("TCP".into()),
        target_port: Some(IntOrString::Int(target)),
        ..Default::default()
    }];
    Object::Service(s)
}

const CLIENT: Client = Client { namespace: "default", ip: "10.244.9.9", user_agent: "curl/8.5.0" };

/// nginx behind a Service, 300 requests and 20 seconds.
fn nginx_session(c: &mut Cluster) -> Vec<String> {
    c.create(deployment_obj("web", 3, "nginx:1.25")).unwrap();
    c.create(service("web", 80)).unwrap();
    c.run_for(SimDuration::from_secs(20));
    let mut answered_by = Vec::new();
    for _ in 0..300 {
        if let HttpOutcome::Answered { pod, .. } = network::http_get(c, &CLIENT, "http://web/") {
            answered_by.push(pod.1);
        }
    }
    c.run_for(SimDuration::from_secs(20));
    answered_by
}

#[test]
fn an_image_nobody_runs_changes_nothing_else() {
    let mut plain = Cluster::new(ClusterConfig::current(11));
    let mut with_shop = Cluster::new(ClusterConfig::current(11));
    with_shop.register_image(shop(50)).unwrap();
    assert_eq!(nginx_session(&mut plain), nginx_session(&mut with_shop));
    let mut a = serde_json::to_value(&plain).unwrap();
    let mut b = serde_json::to_value(&with_shop).unwrap();
    // The registered specs live in the store (the cluster's registry).
    assert_eq!(b["store"]["images"][0]["repository"], "acme/shop");
    a["store"].as_object_mut().unwrap().remove("images");
    b["store"].as_object_mut().unwrap().remove("images");
    assert_eq!(a, b, "the same cluster but for the registered spec");
}

#[test]
fn a_registered_image_serves_its_spec_and_fails_its_share() {
    let run = || {
        let mut c = Cluster::new(ClusterConfig::current(3));
        c.register_image(shop(20)).unwrap();
        c.create(deployment_obj("shop", 2, "acme/shop:v2")).unwrap();
        c.create(service("shop", 8080)).unwrap();
        c.run_for(SimDuration::from_secs(20));
        let mut bodies = Vec::new();
        for _ in 0..2000 {
            match network::http_get(&mut c, &CLIENT, "http://shop/") {
                HttpOutcome::Answered { status, body, .. } => bodies.push((status, body)),
                other => panic!("{other:?}"),
            }
        }
        bodies
    };
    let bodies = run();
    let errors = bodies.iter().filter(|(s, b)| *s == 500 && b == "oops").count();
    let pages = bodies.iter().filter(|(s, b)| *s == 200 && b == "shop v2").count();
    assert_eq!(errors + pages, 2000);
    // Binomial(2000, 0.2): mean 400, sigma ~17.9; allow 5 sigma.
    assert!((311..=489).contains(&errors), "{errors} errors");
    assert_eq!(run(), bodies, "the same seed draws the same failures");
}

#[test]
fn a_bad_spec_is_refused_and_a_later_spec_replaces_an_earlier_one() {
    let mut c = Cluster::new(ClusterConfig::current(1));
    let e = c.register_image(shop(101)).unwrap_err();
    assert_eq!(e, "errors.percent: 101 is not a percentage (0-100)");
    assert_eq!(c.registered_images().count(), 0);
    c.register_image(shop(5)).unwrap();
    c.register_image(shop(7)).unwrap();
    let specs: Vec<u32> = c.registered_images().filter_map(|s| s.errors.as_ref().map(|e| e.percent)).collect();
    assert_eq!(specs, [7]);
    // A registered spec overrides the built-in one of the same name.
    assert!(!c.image("nginx:1.291").pullable());
    let mut any_nginx = shop(0);
    any_nginx.repository = "nginx".into();
    c.register_image(any_nginx).unwrap();
    assert!(c.image("nginx:1.291").pullable());
    assert!(c.image("docker.io/library/nginx:1.291").pullable());
}
