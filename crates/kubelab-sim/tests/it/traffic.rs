//! Cluster DNS and kube-proxy: names resolve as CoreDNS answers them from a pod's resolver, and
//! with n ready endpoints each pod answers about 1/n of the requests (iptables random mode),
//! never a pod that is not ready.

use crate::common::*;
use kubelab_sim::api::*;
use kubelab_sim::network::{self, Client, HttpOutcome};
use kubelab_sim::*;
use std::collections::BTreeMap;

fn web_deployment(name: &str, replicas: i64, ready: bool) -> Object {
    let mut d = deployment(name, replicas, "nginx:1.25");
    d.spec.template.metadata.labels.insert("tier".into(), "web".into());
    let container = &mut d.spec.template.spec.containers[0];
    container.ports.push(ContainerPort { container_port: 80, ..Default::default() });
    container.readiness_probe = Some(Probe {
        http_get: Some(HttpGetAction {
            path: Some("/".into()),
            port: Some(IntOrString::Int(if ready { 80 } else { 8080 })),
            ..Default::default()
        }),
        period_seconds: Some(2),
        ..Default::default()
    });
    Object::Deployment(d)
}

fn service(name: &str, ns: &str, selector: &[(&str, &str)], headless: bool) -> Object {
    let mut s = Service { api_version: "v1".into(), kind: "Service".into(), ..Default::default() };
    s.metadata.name = name.into();
    s.metadata.namespace = Some(ns.into());
    s.spec.selector = Some(labels(selector).into_iter().collect());
    if headless {
        s.spec.cluster_ip = Some("None".into());
    }
    s.spec.ports = vec![ServicePort {
        port: 80,
        protocol: Some("TCP".into()),
        target_port: Some(IntOrString::Int(80)),
        ..Default::default()
    }];
    Object::Service(s)
}

fn cluster_ip(c: &Cluster, ns: &str, name: &str) -> String {
    match c.get(Kind::Service, ns, name) {
        Some(Object::Service(s)) => s.spec.cluster_ip.clone().unwrap(),
        _ => panic!("no service {ns}/{name}"),
    }
}

#[test]
fn each_ready_pod_gets_its_share_and_unready_pods_none() {
    let mut c = Cluster::new(ClusterConfig::current(11));
    c.create(web_deployment("good", 4, true)).unwrap();
    c.create(web_deployment("bad", 2, false)).unwrap();
    c.create(service("web", "default", &[("tier", "web")], false)).unwrap();
    c.run_for(SimDuration::from_secs(40));
    let ready: Vec<String> = c.pods().filter(|p| p.is_ready()).map(|p| p.metadata.name.clone()).collect();
    let unready: Vec<String> =
        c.pods().filter(|p| p.metadata.ns() == "default" && !p.is_ready()).map(|p| p.metadata.name.clone()).collect();
    let ready: Vec<String> = ready.into_iter().filter(|n| n.starts_with("good-")).collect();
    assert_eq!(ready.len(), 4, "four ready pods");
    assert_eq!(unready.len(), 2, "two pods that never become ready");
    let client = Client { namespace: "default", ip: "10.244.9.9", user_agent: "curl/8.5.0" };
    const N: u64 = 6000;
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for _ in 0..N {
        match network::http_get(&mut c, &client, "http://web/") {
            HttpOutcome::Answered { pod, status, .. } => {
                assert_eq!(status, 200);
                assert!(!unready.contains(&pod.1), "a request reached the unready pod {}", pod.1);
                *counts.entry(pod.1).or_default() += 1;
            }
            other => panic!("request failed: {other:?}"),
        }
    }
    assert_eq!(counts.len(), 4, "every ready pod answered: {counts:?}");
    // Binomial(N, 1/4): mean 1500, sigma ~33.5; allow 5 sigma.
    let mean = N as f64 / 4.0;
    let sigma = (N as f64 * 0.25 * 0.75).sqrt();
    for (pod, n) in &counts {
        assert!((*n as f64 - mean).abs() <= 5.0 * sigma, "{pod} answered {n} of {N} requests: {counts:?}");
    }
    // Chi-square with 3 degrees of freedom: 16.27 is the 0.1 % critical value.
    let chi2: f64 = counts.values().map(|n| (*n as f64 - mean).powi(2) / mean).sum();
    assert!(chi2 < 16.27, "chi-square {chi2} for {counts:?}");
    // Every answer is in the answering pod's access log (bounded).
    for pod in c.pods().filter(|p| ready.contains(&p.metadata.name)) {
        assert_eq!(network::access_log(&c, pod).count(), network::ACCESS_LOG_LIMIT);
    }
}

#[test]
fn a_service_without_ready_endpoints_refuses_and_unknown_names_do_not_resolve() {
    let mut c = Cluster::new(ClusterConfig::current(3));
    c.create(web_deployment("bad", 2, false)).unwrap();
    c.create(service("web", "default", &[("tier", "web")], false)).unwrap();
    c.run_for(SimDuration::from_secs(30));
    let client = Client { namespace: "default", ip: "10.244.9.9", user_agent: "curl/8.5.0" };
    let ip = cluster_ip(&c, "default", "web");
    assert_eq!(network::http_get(&mut c, &client, "http://web/"), HttpOutcome::Refused { ip: ip.clone(), port: 80 });
    assert_eq!(network::http_get(&mut c, &client, "http://web:8080/"), HttpOutcome::TimedOut { ip, port: 8080 });
    assert_eq!(network::http_get(&mut c, &client, "http://nosuch/"), HttpOutcome::CouldNotResolve);
}

#[test]
fn dns_answers_as_coredns_with_the_pod_search_path() {
    let mut c = Cluster::new(ClusterConfig::current(5));
    c.create(web_deployment("good", 2, true)).unwrap();
    c.create(service("web", "default", &[("tier", "web")], false)).unwrap();
    c.create(service("web-headless", "default", &[("tier", "web")], true)).unwrap();
    let mut ns = Namespace { api_version: "v1".into(), kind: "Namespace".into(), ..Default::default() };
    ns.metadata.name = "other".into();
    c.create(Object::Namespace(ns)).unwrap();
    c.create(service("thesvc", "other", &[("app", "nothing")], false)).unwrap();
    c.run_for(SimDuration::from_secs(30));
    let web = cluster_ip(&c, "default", "web");
    let thesvc = cluster_ip(&c, "other", "thesvc");
    let a = |c: &Cluster, from: &str, name: &str| network::resolve(c, from, name).map(|a| (a.fqdn, a.ips));

    // Short names resolve in the pod's own namespace only.
    assert_eq!(a(&c, "default", "web"), Some(("web.default.svc.cluster.local".into(), vec![web.clone()])));
    assert_eq!(a(&c, "other", "web"), None);
    assert_eq!(a(&c, "default", "web.default"), Some(("web.default.svc.cluster.local".into(), vec![web.clone()])));
    assert_eq!(
        a(&c, "default", "WEB.default.svc.cluster.local"),
        Some(("web.default.svc.cluster.local".into(), vec![web.clone()]))
    );
    assert_eq!(
        a(&c, "default", "web.default.svc.cluster.local."),
        Some(("web.default.svc.cluster.local".into(), vec![web]))
    );
    // `<svc>.<ns>` crosses namespaces.
    assert_eq!(a(&c, "default", "thesvc.other"), Some(("thesvc.other.svc.cluster.local".into(), vec![thesvc])));
    assert_eq!(a(&c, "default", "thesvc"), None);
    // The API server's Service from anywhere.
    assert_eq!(a(&c, "other", "kubernetes.default").map(|x| x.1), Some(vec!["10.96.0.1".to_string()]));
    assert_eq!(a(&c, "default", "kube-dns.kube-system").map(|x| x.1), Some(vec!["10.96.0.10".to_string()]));
    // Headless: the ready pod IPs, and one record per endpoint.
    let mut pod_ips: Vec<String> = c
        .pods()
        .filter(|p| p.metadata.ns() == "default" && p.is_ready())
        .filter_map(|p| p.status.pod_ip.clone())
        .collect();
    pod_ips.sort();
    let headless = a(&c, "default", "web-headless").unwrap();
    let mut got = headless.1.clone();
    got.sort();
    assert_eq!(got, pod_ips);
    let dashed = format!("{}.web-headless", pod_ips[0].replace('.', "-"));
    assert_eq!(a(&c, "default", &dashed).map(|x| x.1), Some(vec![pod_ips[0].clone()]));
    assert_eq!(
        network::reverse(&c, &pod_ips[0]),
        Some(format!("{}.web-headless.default.svc.cluster.local", pod_ips[0].replace('.', "-")))
    );
    // Pod records (pods insecure) and NXDOMAIN.
    assert_eq!(a(&c, "default", "10-1-2-3.default.pod.cluster.local").map(|x| x.1), Some(vec!["10.1.2.3".to_string()]));
    assert_eq!(a(&c, "default", "example.com"), None);
    assert_eq!(a(&c, "default", "nosuch"), None);
    assert_eq!(
        network::resolv_conf("other"),
        "search other.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n"
    );
}

#[test]
fn service_env_only_for_services_older_than_the_pod() {
    let mut c = Cluster::new(ClusterConfig::current(7));
    c.create(web_deployment("early", 1, true)).unwrap();
    c.run_for(SimDuration::from_secs(20));
    c.create(service("late-svc", "default", &[("tier", "web")], false)).unwrap();
    c.create(web_deployment("later", 1, true)).unwrap();
    c.run_for(SimDuration::from_secs(20));
    let env_of = |prefix: &str| -> Vec<String> {
        let pod = c.pods().find(|p| p.metadata.name.starts_with(prefix)).unwrap();
        network::service_env(&c, pod).into_iter().map(|(k, _)| k).collect()
    };
    let early = env_of("early-");
    let later = env_of("later-");
    assert!(early.contains(&"KUBERNETES_SERVICE_HOST".to_string()));
    assert!(!early.iter().any(|k| k.starts_with("LATE_SVC")), "{early:?}");
    for k in ["LATE_SVC_SERVICE_HOST", "LATE_SVC_SERVICE_PORT", "LATE_SVC_PORT", "LATE_SVC_PORT_80_TCP_ADDR"] {
        assert!(later.contains(&k.to_string()), "{k} missing from {later:?}");
    }
}
