//! Cluster DNS and kube-proxy: names resolve as CoreDNS answers them from a pod's resolver, and
//! with n ready endpoints each pod answers about 1/n of the requests (iptables random mode),
//! never a pod that is not ready.

use crate::common::*;
use kubelab_sim::api::*;
use kubelab_sim::network::{self, Client, HttpOutcome};
use kubelab_sim::traffic::{self, ClientSpec, ProxyMode};
use kubelab_sim::*;
use std::collections::BTreeMap;

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
    // Every answer is in the answering pod's access log (bounded), and counted.
    for pod in c.pods().filter(|p| ready.contains(&p.metadata.name)) {
        let lines: u64 = network::access_log(&c, pod).map(|e| e.count as u64).sum();
        assert_eq!(lines, network::ACCESS_LOG_LIMIT.min(counts[&pod.metadata.name]));
        let t = traffic::state(&c).pod(&pod.metadata.uid).expect("counted");
        assert_eq!(t.total.requests, counts[&pod.metadata.name]);
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

// ----- load: clients with a rate -----

fn node_port_service(name: &str, selector: &[(&str, &str)], affinity: bool) -> Object {
    let Object::Service(mut s) = service(name, "default", selector, false) else { unreachable!() };
    s.spec.type_ = Some("NodePort".into());
    if affinity {
        s.spec.session_affinity = Some("ClientIP".into());
    }
    Object::Service(s)
}

/// `http://<node01's address>:<node port>/` of a NodePort Service.
fn node_url(c: &Cluster, name: &str) -> String {
    let Some(Object::Service(s)) = c.get(Kind::Service, "default", name) else { panic!("no service {name}") };
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

fn outside(name: &str, url: &str, rate: u32, keep_alive: bool) -> ClientSpec {
    ClientSpec { name: name.into(), url: url.into(), rate, keep_alive }
}

/// Requests each pod (by name) answered in the last second.
fn last_second(c: &Cluster) -> BTreeMap<String, u64> {
    traffic::state(c).pods().filter(|p| p.rate_at(c.now()) > 0).map(|p| (p.name.clone(), p.rate_at(c.now()))).collect()
}

fn ready_web_cluster(seed: u64) -> Cluster {
    let mut c = Cluster::new(ClusterConfig::current(seed));
    c.create(web_deployment("good", 4, true)).unwrap();
    c.create(web_deployment("bad", 2, false)).unwrap();
    c.create(node_port_service("web", &[("tier", "web")], false)).unwrap();
    c.create(node_port_service("sticky", &[("tier", "web")], true)).unwrap();
    c.run_for(SimDuration::from_secs(40));
    c
}

#[test]
fn an_outside_client_spreads_over_the_ready_pods_at_its_rate() {
    let mut c = ready_web_cluster(21);
    let url = node_url(&c, "web");
    traffic::set_client(&mut c, &outside("shop", &url, 1200, false)).unwrap();
    let mut totals: BTreeMap<String, u64> = BTreeMap::new();
    for _ in 0..10 {
        c.step();
        let second = last_second(&c);
        assert_eq!(second.values().sum::<u64>(), 1200, "every request of the second answered: {second:?}");
        assert!(second.keys().all(|p| p.starts_with("good-")), "only ready pods answer: {second:?}");
        for (p, n) in second {
            *totals.entry(p).or_default() += n;
        }
        let sample = traffic::state(&c).last_sample().unwrap();
        assert_eq!(sample.time, c.now());
        assert_eq!(sample.versions["nginx:1.25"].requests, 1200);
        assert_eq!(sample.versions["nginx:1.25"].errors, 0);
        assert_eq!(sample.services["default/web"].requests, 1200);
        assert!(!traffic::state(&c).samples().is_empty());
        assert!(traffic::state(&c).samples().len() <= traffic::SAMPLES_PER_SECOND);
    }
    assert_eq!(totals.len(), 4);
    // Binomial(12000, 1/4) per pod: sigma ~47; allow 5 sigma.
    for (p, n) in &totals {
        assert!((*n as i64 - 3000).abs() <= 5 * 48, "{p} answered {n} of 12000: {totals:?}");
    }
    let client = traffic::state(&c).clients().next().unwrap();
    assert_eq!(client.total.requests, 12000);
    assert_eq!(client.last.mean_latency_ms(), 2, "nginx's 1 ms plus the node-port hop");
    assert!(client.route.contains("Service default/web (node port"), "{}", client.route);
    // Access logs, in bulk lines, show the node the client came in through, not the client:
    // kube-proxy masquerades node-port traffic (its bridge address for a pod on that node, its
    // overlay address for a pod elsewhere).
    for pod in c.pods().filter(|p| p.metadata.name.starts_with("good-")) {
        let want = if pod.spec.node_name.as_deref() == Some("node01") { "10.244.1.1" } else { "10.244.1.0" };
        let log: Vec<_> = network::access_log(&c, pod).collect();
        assert!(!log.is_empty());
        assert!(log.iter().all(|e| e.client_ip == want && e.user_agent == "kubelab-load/1.0"), "{log:?}");
    }
}

#[test]
fn ipvs_round_robin_gives_every_ready_pod_the_same_share() {
    let mut c = ready_web_cluster(22);
    traffic::set_proxy_mode(&mut c, ProxyMode::Ipvs);
    let url = node_url(&c, "web");
    traffic::set_client(&mut c, &outside("rr", &url, 1001, false)).unwrap();
    for _ in 0..4 {
        c.step();
        let second = last_second(&c);
        let (min, max) = (second.values().min().unwrap(), second.values().max().unwrap());
        assert_eq!(second.len(), 4);
        assert!(max - min <= 1, "round-robin is even: {second:?}");
    }
}

#[test]
fn a_kept_alive_connection_sticks_to_one_pod_until_the_server_closes_it() {
    let mut c = ready_web_cluster(23);
    let url = node_url(&c, "web");
    // nginx 1.25 closes a kept-alive connection after 1000 requests: at 300/s that is every 3.3 s.
    traffic::set_client(&mut c, &outside("browser", &url, 300, true)).unwrap();
    c.step();
    let first = last_second(&c);
    assert_eq!(first.len(), 1, "one connection, one pod: {first:?}");
    let pinned = traffic::state(&c).clients().next().unwrap().pinned.clone().unwrap();
    assert_eq!(first.keys().next(), Some(&pinned));
    c.step();
    c.step();
    assert_eq!(last_second(&c).keys().collect::<Vec<_>>(), vec![&pinned]);
    // Over a minute the client reconnects ~18 times and meets more than one pod.
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..60 {
        c.step();
        seen.extend(last_second(&c).into_keys());
    }
    assert!(seen.len() > 1, "reconnections reach other pods: {seen:?}");
    // Deleting the pinned pod costs one failed request, then the client reconnects.
    let pinned = traffic::state(&c).clients().next().unwrap().pinned.clone().unwrap();
    c.delete(Kind::Pod, "default", &pinned, DeleteOptions::default()).unwrap();
    c.step();
    let client = traffic::state(&c).clients().next().unwrap();
    assert_eq!(client.last.errors, 1, "the request in flight on the closed connection fails");
    assert_eq!(client.last.requests, 300);
    assert_ne!(client.pinned.as_deref(), Some(pinned.as_str()));
}

#[test]
fn client_ip_affinity_sends_one_address_to_one_pod() {
    let mut c = ready_web_cluster(24);
    let sticky = node_url(&c, "sticky");
    traffic::set_client(&mut c, &outside("a", &sticky, 100, false)).unwrap();
    traffic::set_client(&mut c, &outside("b", &sticky, 100, false)).unwrap();
    c.step();
    let first: Vec<String> = last_second(&c).into_keys().collect();
    assert!(!first.is_empty() && first.len() <= 2, "two addresses, at most two pods: {first:?}");
    for _ in 0..20 {
        c.step();
        let pods: Vec<String> = last_second(&c).into_keys().collect();
        assert_eq!(pods, first, "the same pods answer second after second");
    }
    // The same two clients without affinity meet every ready pod within a second.
    let web = node_url(&c, "web");
    traffic::set_client(&mut c, &outside("a", &web, 100, false)).unwrap();
    traffic::set_client(&mut c, &outside("b", &web, 100, false)).unwrap();
    c.step();
    assert_eq!(last_second(&c).len(), 4);
}

#[test]
fn a_load_generator_pod_sends_its_loop_through_cluster_dns() {
    let mut c = ready_web_cluster(25);
    let mut p = Pod { api_version: "v1".into(), kind: "Pod".into(), ..Default::default() };
    p.metadata.name = "load-generator".into();
    p.metadata.namespace = Some("default".into());
    p.spec.containers.push(Container {
        name: "load-generator".into(),
        image: "busybox:1.28".into(),
        command: vec!["/bin/sh".into(), "-c".into(), "while sleep 0.01; do wget -q -O- http://web; done".into()],
        ..Default::default()
    });
    c.create(Object::Pod(p)).unwrap();
    c.run_for(SimDuration::from_secs(15));
    let client = traffic::state(&c).clients().find(|c| c.name == "default/load-generator").expect("a client");
    // 1000 / (10 ms pause + 5 ms per iteration) = 66.67 requests a second.
    assert!((66..=67).contains(&client.last.requests), "{:?}", client.last);
    assert_eq!(client.last.errors, 0);
    assert!(client.route.starts_with("Service default/web"), "{}", client.route);
    assert!(client.log.iter().any(|(body, _)| body.contains("Welcome to nginx!")));
    let pod_ip = c.get(Kind::Pod, "default", "load-generator").unwrap();
    let Object::Pod(pod_ip) = pod_ip else { unreachable!() };
    assert_eq!(Some(&client.ip), pod_ip.status.pod_ip.as_ref());
    // Deleting the pod stops the load.
    c.delete(Kind::Pod, "default", "load-generator", DeleteOptions { grace_period_seconds: Some(0) }).unwrap();
    c.run_for(SimDuration::from_secs(2));
    assert!(traffic::state(&c).clients().next().is_none());
    assert_eq!(traffic::state(&c).last_sample().unwrap().total().requests, 0);
}

#[test]
fn a_rolling_update_under_load_shifts_traffic_between_versions_and_never_reaches_unready_pods() {
    let mut c = Cluster::new(ClusterConfig::current(26));
    c.create(web_deployment("good", 4, true)).unwrap();
    c.create(node_port_service("web", &[("tier", "web")], false)).unwrap();
    c.run_for(SimDuration::from_secs(30));
    let url = node_url(&c, "web");
    traffic::set_client(&mut c, &outside("shop", &url, 500, false)).unwrap();
    c.step();
    set_image(&mut c, "good", "nginx:1.26").unwrap();
    let mut mixed = false;
    for _ in 0..90 {
        c.step();
        let now = c.now();
        for t in traffic::state(&c).pods().filter(|t| t.rate_at(now) > 0) {
            let Some(Object::Pod(p)) = c.get(Kind::Pod, &t.namespace, &t.name) else { panic!("gone") };
            assert!(p.is_ready() && !p.metadata.is_deleting(), "{} answered while not ready", t.name);
        }
        let s = traffic::state(&c).last_sample().unwrap();
        assert_eq!(s.total().requests, 500);
        mixed |= s.versions.get("nginx:1.25").is_some_and(|v| v.requests > 0)
            && s.versions.get("nginx:1.26").is_some_and(|v| v.requests > 0);
    }
    assert!(mixed, "during the rollout both versions answered in the same second");
    let s = traffic::state(&c).last_sample().unwrap();
    assert_eq!(s.versions.get("nginx:1.26").map(|v| v.requests), Some(500), "{s:?}");
    let errors: u64 = traffic::state(&c).series().map(|s| s.total().errors).sum();
    assert_eq!(errors, 0, "without keep-alive a rolling update with readiness probes drops nothing");
}

#[test]
fn a_service_without_ready_pods_fails_every_request() {
    let mut c = Cluster::new(ClusterConfig::current(27));
    c.create(web_deployment("bad", 2, false)).unwrap();
    c.create(node_port_service("web", &[("tier", "web")], false)).unwrap();
    c.run_for(SimDuration::from_secs(20));
    let url = node_url(&c, "web");
    traffic::set_client(&mut c, &outside("shop", &url, 50, false)).unwrap();
    c.step();
    let s = traffic::state(&c).last_sample().unwrap();
    assert_eq!(s.versions[traffic::UNANSWERED].errors, 50);
    let port = url.rsplit(':').next().unwrap().trim_end_matches('/');
    assert_eq!(traffic::state(&c).clients().next().unwrap().route, format!("Service default/web (node port {port})"));
    // Bad specs are refused and change nothing.
    assert!(traffic::set_client(&mut c, &outside("x", "http://web/", 10, false)).is_err());
    assert!(traffic::set_client(&mut c, &outside("bad name", &url, 10, false)).is_err());
    assert!(traffic::set_client(&mut c, &outside("y", &url, traffic::MAX_RATE + 1, false)).is_err());
    assert_eq!(traffic::state(&c).clients().count(), 1);
    assert!(traffic::remove_client(&mut c, "shop"));
    c.step();
    assert_eq!(traffic::state(&c).last_sample().unwrap().total().requests, 0);
}

#[test]
fn traffic_is_deterministic() {
    let run = || {
        let mut c = ready_web_cluster(28);
        let url = node_url(&c, "web");
        traffic::set_client(&mut c, &outside("a", &url, 777, false)).unwrap();
        traffic::set_client(&mut c, &outside("b", &url, 50, true)).unwrap();
        let sticky = node_url(&c, "sticky");
        traffic::set_client(&mut c, &outside("c", &sticky, 30, false)).unwrap();
        c.run_for(SimDuration::from_secs(20));
        // The whole state, ClientIP affinities included, serialises to JSON and back.
        let json = serde_json::to_string(&c).expect("the cluster serialises to JSON");
        let back: Cluster = serde_json::from_str(&json).expect("and back");
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        json
    };
    assert_eq!(run(), run());
}

#[test]
fn from_outside_only_node_ports_are_reachable() {
    let mut c = ready_web_cluster(29);
    let cluster_ip = cluster_ip(&c, "default", "web");
    traffic::set_client(&mut c, &outside("lost", &format!("http://{cluster_ip}/"), 10, false)).unwrap();
    c.step();
    let client = traffic::state(&c).clients().next().unwrap();
    assert_eq!((client.last.requests, client.last.errors), (10, 10));
    assert!(client.route.contains("timed out"), "{}", client.route);
    let laptop = Client { namespace: "default", ip: "203.0.113.10", user_agent: "Mozilla/5.0" };
    assert_eq!(network::http_get_from_outside(&mut c, &laptop, "http://web/"), HttpOutcome::CouldNotResolve);
    assert_eq!(
        network::http_get_from_outside(&mut c, &laptop, &format!("http://{cluster_ip}/")),
        HttpOutcome::TimedOut { ip: cluster_ip, port: 80 }
    );
    let url = node_url(&c, "web");
    assert!(matches!(network::http_get_from_outside(&mut c, &laptop, &url), HttpOutcome::Answered { status: 200, .. }));
}

#[test]
fn external_traffic_policy_local_keeps_the_client_address_and_only_local_pods() {
    let mut c = ready_web_cluster(30);
    let Some(Object::Service(mut svc)) = c.get(Kind::Service, "default", "web").cloned() else { panic!("web") };
    svc.spec.external_traffic_policy = Some("Local".into());
    c.update(Object::Service(svc)).unwrap();
    let url = node_url(&c, "web");
    traffic::set_client(&mut c, &outside("shop", &url, 300, false)).unwrap();
    c.step();
    let on_node01: Vec<String> = c
        .pods()
        .filter(|p| p.metadata.name.starts_with("good-") && p.spec.node_name.as_deref() == Some("node01"))
        .map(|p| p.metadata.name.clone())
        .collect();
    assert!(!on_node01.is_empty());
    let second = last_second(&c);
    assert_eq!(second.keys().cloned().collect::<Vec<_>>(), on_node01, "only the receiving node's pods answer");
    assert_eq!(second.values().sum::<u64>(), 300);
    let client = traffic::state(&c).clients().next().unwrap().clone();
    for pod in c.pods().filter(|p| on_node01.contains(&p.metadata.name)) {
        assert!(network::access_log(&c, pod).all(|e| e.client_ip == client.ip), "the client's own address");
    }
    // Through a node with no ready pod of the Service, nothing answers.
    let cp = c.get(Kind::Node, "", "controlplane").and_then(|o| match o {
        Object::Node(n) => n.status.addresses.first().map(|a| a.address.clone()),
        _ => None,
    });
    let port = url.rsplit(':').next().unwrap().trim_end_matches('/');
    let via_cp = format!("http://{}:{port}/", cp.unwrap());
    traffic::set_client(&mut c, &outside("shop", &via_cp, 300, false)).unwrap();
    c.step();
    let client = traffic::state(&c).clients().next().unwrap();
    assert_eq!((client.last.requests, client.last.errors), (300, 300));
    assert!(client.route.contains("Local"), "{}", client.route);
}
