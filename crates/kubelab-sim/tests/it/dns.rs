//! Cluster DNS beyond A records: SRV records for named Service ports (ClusterIP and headless)
//! and ExternalName Services (a CNAME; external targets end in NXDOMAIN, the lab has no
//! internet).

use crate::common::*;
use kubelab_sim::api::*;
use kubelab_sim::network::{self, Client, HttpOutcome, SrvRecord};
use kubelab_sim::*;

fn new_service(name: &str) -> Service {
    let mut s = Service { api_version: "v1".into(), kind: "Service".into(), ..Default::default() };
    s.metadata.name = name.into();
    s.metadata.namespace = Some("default".into());
    s
}

/// A Service selecting `tier=web` with one port `port` → 80, named `port_name` if given.
fn web_service(name: &str, port_name: Option<&str>, port: i64, headless: bool) -> Object {
    let mut s = new_service(name);
    s.spec.selector = Some(labels(&[("tier", "web")]).into_iter().collect());
    if headless {
        s.spec.cluster_ip = Some("None".into());
    }
    s.spec.ports = vec![ServicePort {
        name: port_name.map(str::to_string),
        port,
        protocol: Some("TCP".into()),
        target_port: Some(IntOrString::Int(80)),
        ..Default::default()
    }];
    Object::Service(s)
}

fn external_name(name: &str, target: &str) -> Object {
    let mut s = new_service(name);
    s.spec.type_ = Some("ExternalName".into());
    s.spec.external_name = Some(target.into());
    Object::Service(s)
}

fn ready_pod_ips(c: &Cluster, prefix: &str) -> Vec<String> {
    let mut ips: Vec<String> = c
        .pods()
        .filter(|p| p.metadata.name.starts_with(prefix) && p.is_ready())
        .filter_map(|p| p.status.pod_ip.clone())
        .collect();
    ips.sort_by_key(|ip| ip.split('.').map(|p| p.parse::<u32>().unwrap()).collect::<Vec<_>>());
    ips
}

fn web_cluster(seed: u64) -> Cluster {
    let mut c = Cluster::new(ClusterConfig::current(seed));
    c.create(web_deployment("good", 2, true)).unwrap();
    c.create(web_deployment("bad", 1, false)).unwrap();
    c.create(web_service("web", Some("http"), 8080, false)).unwrap();
    c.create(web_service("web-headless", Some("http"), 8080, true)).unwrap();
    c.create(web_service("plain", None, 80, false)).unwrap();
    c.create(web_service("plain-headless", None, 80, true)).unwrap();
    c.run_for(SimDuration::from_secs(40));
    c
}

#[test]
fn srv_for_a_named_port_of_a_cluster_ip_service() {
    let c = web_cluster(21);
    let want = vec![SrvRecord { priority: 0, weight: 100, port: 8080, target: "web.default.svc.cluster.local".into() }];
    assert_eq!(network::srv(&c, "_http._tcp.web.default.svc.cluster.local"), Some(want.clone()));
    // Absolute with a trailing dot, any case.
    assert_eq!(network::srv(&c, "_HTTP._TCP.Web.Default.svc.cluster.local."), Some(want));
    // The wrong protocol, an unknown port name, a missing underscore: NXDOMAIN.
    assert_eq!(network::srv(&c, "_http._udp.web.default.svc.cluster.local"), None);
    assert_eq!(network::srv(&c, "_metrics._tcp.web.default.svc.cluster.local"), None);
    assert_eq!(network::srv(&c, "http.tcp.web.default.svc.cluster.local"), None);
    // The API server's Service, as in the DNS specification's example.
    assert_eq!(
        network::srv(&c, "_https._tcp.kubernetes.default.svc.cluster.local"),
        Some(vec![SrvRecord {
            priority: 0,
            weight: 100,
            port: 443,
            target: "kubernetes.default.svc.cluster.local".into()
        }])
    );
}

#[test]
fn srv_for_a_headless_service_lists_each_ready_endpoint_only() {
    let c = web_cluster(22);
    let ready = ready_pod_ips(&c, "good-");
    assert_eq!(ready.len(), 2);
    assert!(c.pods().any(|p| p.metadata.name.starts_with("bad-") && !p.is_ready()), "one pod is not ready");
    let got = network::srv(&c, "_http._tcp.web-headless.default.svc.cluster.local").expect("records");
    let want: Vec<SrvRecord> = ready
        .iter()
        .map(|ip| SrvRecord {
            priority: 0,
            weight: 50,
            // The endpoint's port (targetPort), not the Service port.
            port: 80,
            target: format!("{}.web-headless.default.svc.cluster.local", ip.replace('.', "-")),
        })
        .collect();
    assert_eq!(got, want);
    // Each target resolves to its endpoint.
    for (r, ip) in got.iter().zip(&ready) {
        assert_eq!(network::lookup(&c, &r.target), Some(vec![ip.clone()]));
    }
}

#[test]
fn a_headless_service_without_ready_endpoints_has_no_srv() {
    let mut c = Cluster::new(ClusterConfig::current(23));
    c.create(web_deployment("bad", 2, false)).unwrap();
    c.create(web_service("web-headless", Some("http"), 8080, true)).unwrap();
    c.create(web_service("web", Some("http"), 8080, false)).unwrap();
    c.run_for(SimDuration::from_secs(30));
    assert_eq!(network::srv(&c, "_http._tcp.web-headless.default.svc.cluster.local"), None);
    // A ClusterIP Service answers whether or not it has endpoints.
    assert_eq!(network::srv(&c, "_http._tcp.web.default.svc.cluster.local").map(|r| r.len()), Some(1));
}

#[test]
fn unnamed_ports_and_unknown_names_have_no_srv() {
    let c = web_cluster(24);
    for name in [
        "_80._tcp.plain.default.svc.cluster.local",
        "_http._tcp.plain.default.svc.cluster.local",
        "_80._tcp.plain-headless.default.svc.cluster.local",
        "_http._tcp.nosuch.default.svc.cluster.local",
        "_http._tcp.web.other.svc.cluster.local",
        "_http._tcp.web.default.svc.example.com",
        "web.default.svc.cluster.local",
    ] {
        assert_eq!(network::srv(&c, name), None, "{name}");
    }
    // The A records are unaffected.
    assert!(network::lookup(&c, "plain.default.svc.cluster.local").is_some());
    assert_eq!(network::lookup(&c, "nosuch.default.svc.cluster.local"), None);
}

#[test]
fn an_external_name_service_is_a_cname_and_external_targets_do_not_resolve() {
    let mut c = web_cluster(25);
    c.create(external_name("db", "my.database.example.com")).unwrap();
    assert_eq!(network::cname(&c, "db.default.svc.cluster.local").as_deref(), Some("my.database.example.com"));
    assert_eq!(network::cname(&c, "DB.default.svc.cluster.local.").as_deref(), Some("my.database.example.com"));
    assert_eq!(network::cname(&c, "web.default.svc.cluster.local"), None);
    // No internet: the alias ends in NXDOMAIN, by any name.
    assert_eq!(network::lookup(&c, "db.default.svc.cluster.local"), None);
    assert_eq!(network::resolve(&c, "default", "db"), None);
    assert_eq!(network::resolve(&c, "default", "db.default"), None);
    assert_eq!(network::resolve(&c, "default", "my.database.example.com"), None);
    // No SRV for an ExternalName Service, and no PTR / ClusterIP.
    assert_eq!(network::srv(&c, "_http._tcp.db.default.svc.cluster.local"), None);
    let client = Client { namespace: "default", ip: "10.244.9.9", user_agent: "curl/8.5.0" };
    assert_eq!(network::http_get(&mut c, &client, "http://db/"), HttpOutcome::CouldNotResolve);
}

#[test]
fn an_external_name_pointing_into_the_cluster_follows_the_cname() {
    let mut c = web_cluster(26);
    c.create(external_name("alias", "web.default.svc.cluster.local")).unwrap();
    c.create(external_name("loop-a", "loop-b.default.svc.cluster.local")).unwrap();
    c.create(external_name("loop-b", "loop-a.default.svc.cluster.local")).unwrap();
    let ip = match c.get(Kind::Service, "default", "web") {
        Some(Object::Service(s)) => s.spec.cluster_ip.clone().unwrap(),
        _ => panic!("no web"),
    };
    let ans = network::resolve(&c, "default", "alias").expect("resolves");
    assert_eq!(ans.fqdn, "alias.default.svc.cluster.local");
    assert_eq!(ans.cname.as_deref(), Some("web.default.svc.cluster.local"));
    assert_eq!(ans.ips, vec![ip.clone()]);
    // A plain Service answers without a CNAME.
    assert_eq!(network::resolve(&c, "default", "web").unwrap().cname, None);
    // Traffic through the alias reaches the Service.
    let client = Client { namespace: "default", ip: "10.244.9.9", user_agent: "curl/8.5.0" };
    match network::http_get(&mut c, &client, "http://alias:8080/") {
        HttpOutcome::Answered { status, ip: got, .. } => {
            assert_eq!(status, 200);
            assert_eq!(got, ip);
        }
        other => panic!("{other:?}"),
    }
    // A CNAME loop is NXDOMAIN, not a hang.
    assert_eq!(network::resolve(&c, "default", "loop-a"), None);
}
