//! What the traffic panels draw, derived from the cluster's traffic state with no Yew in sight:
//! the clients and their figures, the Services a client can aim at, the flow diagram (clients →
//! Services → pods, with a sample of the last second's requests as moving dots coloured by the
//! version that answered) and the requests-per-second series per version.

use crate::view_model::{rs_colour, PALETTE};
use kubelab_sim::api::*;
use kubelab_sim::traffic::{self, Origin, ProxyMode};
use kubelab_sim::Cluster;
use std::collections::BTreeMap;

/// The colour of requests nobody answered.
pub const FAILED: &str = "#D55E00";

/// One client as listed.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientRow {
    pub name: String,
    /// The client's address (what the pods' access logs show).
    pub ip: String,
    pub outside: bool,
    pub url: String,
    pub route: String,
    /// Requests per second it sends (the loop's rate for a pod).
    pub rate: String,
    pub rate_value: u32,
    pub last_requests: u64,
    pub last_errors: u64,
    pub latency_ms: u64,
    pub keep_alive: bool,
    pub pinned: Option<String>,
    /// The pod to delete to stop a load generator.
    pub pod: Option<String>,
}

/// A Service a client can send to.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub label: String,
    /// `namespace/name`.
    pub service: String,
    /// `http://<worker address>:<node port>/` for NodePort and LoadBalancer Services.
    pub outside_url: Option<String>,
    /// The name and port a pod in the cluster uses (`http://web.default:80/`).
    pub cluster_url: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FlowNode {
    pub id: String,
    pub label: String,
    pub detail: String,
    pub x: f64,
    pub y: f64,
    pub colour: &'static str,
}

/// One sampled request: from the client (0) through the Service (1) to the pod (2).
#[derive(Clone, Debug, PartialEq)]
pub struct Dot {
    pub points: [(f64, f64); 3],
    /// When it left, in simulated milliseconds into the second.
    pub at_ms: u32,
    pub colour: &'static str,
    pub ok: bool,
    /// What the request was, for its tooltip: `client → svc web → pod web-…-x7k2p: 200, 2 ms`.
    pub title: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Flow {
    pub clients: Vec<FlowNode>,
    pub services: Vec<FlowNode>,
    pub pods: Vec<FlowNode>,
    /// Lines between columns (from, to).
    pub links: Vec<((f64, f64), (f64, f64))>,
    pub dots: Vec<Dot>,
    pub width: f64,
    pub height: f64,
}

/// A version's figures over the last second.
#[derive(Clone, Debug, PartialEq)]
pub struct VersionRow {
    pub version: String,
    pub colour: &'static str,
    pub requests: u64,
    pub errors: u64,
    pub latency_ms: u64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrafficView {
    pub active: bool,
    pub mode: ProxyMode,
    pub clients: Vec<ClientRow>,
    pub targets: Vec<Target>,
    pub flow: Flow,
    pub versions: Vec<VersionRow>,
}

/// Requests (and failures) per second of one version, seconds ago on x.
#[derive(Clone, Debug, PartialEq)]
pub struct VersionSeries {
    pub version: String,
    pub colour: &'static str,
    pub requests: Vec<(f64, f64)>,
    pub errors: Vec<(f64, f64)>,
}

/// The colour of a version (an image): that of the ReplicaSet running it, as in the cluster view.
pub fn version_colour(cluster: &Cluster, image: &str) -> &'static str {
    if image == traffic::UNANSWERED {
        return FAILED;
    }
    let mut best: Option<(&ReplicaSet, i64)> = None;
    for o in cluster.list(Kind::ReplicaSet, None) {
        let Object::ReplicaSet(rs) = o else { continue };
        if rs.metadata.ns() == "kube-system" {
            continue;
        }
        if rs.spec.template.spec.containers.iter().any(|c| c.image == image) {
            let size = rs.status.replicas;
            if best.is_none_or(|(_, s)| size > s) {
                best = Some((rs, size));
            }
        }
    }
    match best {
        Some((rs, _)) => rs_colour(cluster, rs.metadata.ns(), &rs.metadata.name),
        None => PALETTE[7],
    }
}

/// The first worker node's address: where the student reaches node ports.
pub fn worker_ip(cluster: &Cluster) -> Option<String> {
    cluster.list(Kind::Node, None).into_iter().find_map(|o| match o {
        Object::Node(n) if n.roles().is_empty() => n.internal_ip().map(str::to_string),
        _ => None,
    })
}

/// Services outside kube-system (and not `kubernetes`) that a client can aim at.
pub fn targets(cluster: &Cluster) -> Vec<Target> {
    let ip = worker_ip(cluster);
    let mut out = Vec::new();
    for o in cluster.list(Kind::Service, None) {
        let Object::Service(s) = o else { continue };
        let ns = s.metadata.ns();
        if ns == "kube-system" || (ns == "default" && s.metadata.name == "kubernetes") {
            continue;
        }
        let Some(port) = s.spec.ports.first() else { continue };
        let outside_url = match (&ip, port.node_port) {
            (Some(ip), Some(np)) => Some(format!("http://{ip}:{np}/")),
            _ => None,
        };
        let name = &s.metadata.name;
        let label = match port.node_port {
            Some(np) => format!("{name} (node port {np})"),
            None => format!("{name} (in the cluster only)"),
        };
        let host = if ns == "default" { name.clone() } else { format!("{name}.{ns}") };
        let cluster_url =
            if port.port == 80 { format!("http://{host}/") } else { format!("http://{host}:{}/", port.port) };
        out.push(Target { label, service: format!("{ns}/{name}"), outside_url, cluster_url });
    }
    out
}

/// Most pods drawn in the flow diagram; the rest are summed in one row.
pub const FLOW_PODS: usize = 12;
const ROW: f64 = 26.0;
const TOP: f64 = 16.0;

fn short_pod(name: &str) -> String {
    // `web-7c5ddbdf54-2xvkl` → `web-…-2xvkl`
    let parts: Vec<&str> = name.rsplitn(3, '-').collect();
    if parts.len() == 3 && parts[1].len() >= 8 {
        format!("{}-…-{}", parts[2], parts[0])
    } else {
        name.to_string()
    }
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// Builds the traffic view.
pub fn traffic_view(cluster: &Cluster) -> TrafficView {
    let state = traffic::state(cluster);
    let now = cluster.now();
    let clients: Vec<ClientRow> = state
        .clients()
        .map(|c| {
            let per_sec = c.rate_milli as f64 / 1000.0;
            let rate =
                if c.rate_milli % 1000 == 0 { format!("{}", c.rate_milli / 1000) } else { format!("{per_sec:.1}") };
            ClientRow {
                name: c.name.clone(),
                ip: c.ip.clone(),
                outside: c.origin == Origin::Outside,
                url: c.url.clone(),
                route: c.route.clone(),
                rate,
                rate_value: (c.rate_milli / 1000) as u32,
                last_requests: c.last.requests,
                last_errors: c.last.errors,
                latency_ms: c.last.mean_latency_ms(),
                keep_alive: c.keep_alive,
                pinned: c.pinned.clone(),
                pod: match &c.origin {
                    Origin::Pod { name, .. } => Some(name.clone()),
                    Origin::Outside => None,
                },
            }
        })
        .collect();
    let mut versions = Vec::new();
    if let Some(s) = state.last_sample().filter(|s| s.time == now) {
        for (v, c) in &s.versions {
            versions.push(VersionRow {
                version: v.clone(),
                colour: version_colour(cluster, v),
                requests: c.requests,
                errors: c.errors,
                latency_ms: c.mean_latency_ms(),
            });
        }
    }
    TrafficView {
        active: state.active(),
        mode: state.proxy_mode(),
        flow: flow(cluster),
        clients,
        targets: targets(cluster),
        versions,
    }
}

fn flow(cluster: &Cluster) -> Flow {
    let state = traffic::state(cluster);
    let now = cluster.now();
    let (xc, xs, xp) = (10.0, 230.0, 450.0);
    let mut f = Flow { width: 640.0, ..Default::default() };
    // Clients that sent something or are set to.
    let mut client_y: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    let mut service_names: Vec<String> = Vec::new();
    for c in state.clients().filter(|c| c.rate_milli > 0) {
        let y = TOP + f.clients.len() as f64 * ROW;
        client_y.insert(c.name.clone(), (xc + 150.0, y + 9.0));
        let label = match &c.origin {
            Origin::Outside => c.name.clone(),
            Origin::Pod { name, .. } => format!("pod {name}"),
        };
        f.clients.push(FlowNode {
            id: c.name.clone(),
            label: short(&label, 17),
            detail: format!("{}/s", c.last.requests),
            x: xc,
            y,
            colour: if c.last.errors > 0 { FAILED } else { "#5b6571" },
        });
        if let Some(s) = &c.service {
            if !service_names.contains(s) {
                service_names.push(s.clone());
            }
        }
    }
    let last = state.last_sample().filter(|s| s.time == now);
    let mut service_pos: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for (i, s) in service_names.iter().enumerate() {
        let y = TOP + i as f64 * ROW;
        service_pos.insert(s.clone(), (xs, y + 9.0));
        let counts = last.and_then(|l| l.services.get(s)).copied().unwrap_or_default();
        f.services.push(FlowNode {
            id: s.clone(),
            label: short(&format!("svc {}", s.trim_start_matches("default/")), 24),
            detail: if counts.errors > 0 {
                format!("{}/s, {} failed", counts.requests, counts.errors)
            } else {
                format!("{}/s", counts.requests)
            },
            x: xs,
            y,
            colour: "#1d232b",
        });
    }
    // Pods: the ready endpoints of those Services, plus any pod that answered this second.
    let mut pods: Vec<(String, String)> = Vec::new();
    for s in &service_names {
        let (ns, name) = s.split_once('/').unwrap_or(("default", s));
        if let Some(Object::Service(svc)) = cluster.get(Kind::Service, ns, name) {
            for port in svc.spec.ports.iter().take(1) {
                for (pns, pname, _) in kubelab_sim::network::ready_backends(cluster, svc, port) {
                    if !pods.contains(&(pns.clone(), pname.clone())) {
                        pods.push((pns, pname));
                    }
                }
            }
        }
    }
    for t in state.pods().filter(|t| t.rate_at(now) > 0) {
        let k = (t.namespace.clone(), t.name.clone());
        if !pods.contains(&k) {
            pods.push(k);
        }
    }
    kubelab_sim::sort::natural(&mut pods);
    let mut pod_pos: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    let shown = pods.len().min(FLOW_PODS);
    let rate_of = |ns: &str, name: &str| -> (u64, u64, String) {
        cluster
            .get(Kind::Pod, ns, name)
            .and_then(|o| state.pod(&o.meta().uid))
            .filter(|t| t.last_at == now)
            .map(|t| (t.last.requests, t.last.errors, t.version.clone()))
            .unwrap_or((0, 0, String::new()))
    };
    for (i, (ns, name)) in pods.iter().take(shown).enumerate() {
        let y = TOP + i as f64 * ROW;
        pod_pos.insert(format!("{ns}/{name}"), (xp, y + 9.0));
        let (req, err, version) = rate_of(ns, name);
        let image = match cluster.get(Kind::Pod, ns, name) {
            Some(Object::Pod(p)) => p.spec.containers.first().map(|c| c.image.clone()).unwrap_or_default(),
            _ => String::new(),
        };
        let version = if version.is_empty() { image } else { version };
        f.pods.push(FlowNode {
            id: format!("{ns}/{name}"),
            label: short_pod(name),
            detail: if err > 0 { format!("{req}/s, {err} failed") } else { format!("{req}/s") },
            x: xp,
            y,
            colour: version_colour(cluster, &version),
        });
    }
    let more = pods.len() - shown;
    let more_pos = (xp, TOP + shown as f64 * ROW + 9.0);
    if more > 0 {
        let total: u64 = pods.iter().skip(shown).map(|(ns, n)| rate_of(ns, n).0).sum();
        f.pods.push(FlowNode {
            id: "more".into(),
            label: format!("+{more} more pods"),
            detail: format!("{total}/s"),
            x: xp,
            y: more_pos.1 - 9.0,
            colour: PALETTE[7],
        });
    }
    // Links: client → service, service → pod.
    for c in state.clients().filter(|c| c.rate_milli > 0) {
        if let (Some(from), Some(to)) = (client_y.get(&c.name), c.service.as_ref().and_then(|s| service_pos.get(s))) {
            f.links.push((*from, *to));
        }
    }
    for s in &service_names {
        let (ns, name) = s.split_once('/').unwrap_or(("default", s));
        let Some(Object::Service(svc)) = cluster.get(Kind::Service, ns, name) else { continue };
        let Some(port) = svc.spec.ports.first() else { continue };
        let from = service_pos[s];
        for (pns, pname, _) in kubelab_sim::network::ready_backends(cluster, svc, port) {
            if let Some(to) = pod_pos.get(&format!("{pns}/{pname}")) {
                f.links.push(((from.0 + 150.0, from.1), *to));
            }
        }
    }
    // Dots.
    for s in state.samples() {
        let Some(&start) = client_y.get(&s.client) else { continue };
        let mid = s.service.as_ref().and_then(|x| service_pos.get(x)).copied();
        let mid_in = mid.unwrap_or(((start.0 + xs) / 2.0 + 60.0, start.1));
        let mid_out = (mid_in.0 + if mid.is_some() { 150.0 } else { 0.0 }, mid_in.1);
        let end = match &s.pod {
            Some(p) if s.ok => pod_pos.get(p).copied().unwrap_or(more_pos),
            _ => mid_out,
        };
        let colour = match (&s.version, s.ok) {
            (Some(v), true) => version_colour(cluster, v),
            _ => FAILED,
        };
        let title = format!(
            "{} → {}{}",
            s.client,
            s.service.as_ref().map(|x| format!("svc {x} → ")).unwrap_or_default(),
            match (&s.pod, s.ok) {
                (Some(p), true) => format!("pod {p}: {} ms", s.latency_ms),
                (Some(p), false) => format!("pod {p}: failed"),
                (None, _) => "no pod: failed".to_string(),
            }
        );
        f.dots.push(Dot { points: [start, mid_out, end], at_ms: s.at_ms, colour, ok: s.ok, title });
    }
    let rows = f.clients.len().max(f.services.len()).max(f.pods.len()).max(1);
    f.height = TOP + rows as f64 * ROW + 4.0;
    f
}

/// Requests per second per version over the last `window` seconds (seconds ago on x).
pub fn version_series(cluster: &Cluster, window: u64) -> Vec<VersionSeries> {
    let now = cluster.now().as_secs();
    let samples: Vec<&traffic::TrafficSample> =
        traffic::state(cluster).series().filter(|s| now.saturating_sub(s.time.as_secs()) <= window).collect();
    let mut names: Vec<String> = Vec::new();
    for s in &samples {
        for (v, c) in &s.versions {
            if c.requests > 0 && !names.contains(v) {
                names.push(v.clone());
            }
        }
    }
    names
        .into_iter()
        .map(|v| {
            let mut requests = Vec::new();
            let mut errors = Vec::new();
            for s in &samples {
                let x = -(now.saturating_sub(s.time.as_secs()) as f64);
                let c = s.versions.get(&v).copied().unwrap_or_default();
                requests.push((x, c.requests as f64));
                errors.push((x, c.errors as f64));
            }
            VersionSeries { colour: version_colour(cluster, &v), version: v, requests, errors }
        })
        .collect()
}

/// `kubectl run` of a busybox pod looping `wget` against `url`, pausing so that it sends about
/// `rate` requests a second (one iteration costs the simulation 5 ms besides its pause).
pub fn load_generator_command(name: &str, url: &str, rate: u32) -> String {
    let iteration = kubelab_sim::images::LOOP_ITERATION_MS as u32;
    let pause_ms = (1000 / rate.max(1)).saturating_sub(iteration);
    let head = if pause_ms == 0 {
        "while true".to_string()
    } else {
        let secs = format!("{}.{:03}", pause_ms / 1000, pause_ms % 1000);
        let secs = secs.trim_end_matches('0').trim_end_matches('.').to_string();
        format!("while sleep {secs}")
    };
    format!(
        "kubectl run {name} --image=busybox:1.28 --restart=Never -- /bin/sh -c \"{head}; do wget -q -O- {url}; done\""
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubelab_console::{Console, ConsoleConfig, NoFiles, Profile};
    use kubelab_sim::traffic::ClientSpec;

    fn hello() -> Console {
        let mut c = Console::new(ConsoleConfig { seed: 3, profile: Profile::Current }, Box::new(NoFiles));
        c.run("kubectl create deployment hello --image=karthequian/helloworld:black --replicas=3 --port=80");
        c.run("kubectl expose deployment hello --type=NodePort --port=80");
        c.run("sleep 20");
        c
    }

    #[test]
    fn a_node_port_service_is_a_target_and_its_client_flows_to_the_ready_pods() {
        let mut c = hello();
        let t = targets(c.cluster());
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].service, "default/hello");
        assert_eq!(t[0].cluster_url, "http://hello/");
        let url = t[0].outside_url.clone().expect("node port url");
        assert!(!traffic_view(c.cluster()).active);
        let spec = ClientSpec { name: "shop".into(), url, rate: 120, keep_alive: false };
        traffic::set_client(c.cluster_mut(), &spec).unwrap();
        c.run("sleep 2");
        let v = traffic_view(c.cluster());
        assert!(v.active);
        assert_eq!(v.clients.len(), 1);
        assert_eq!(v.clients[0].last_requests, 120);
        assert_eq!(v.flow.clients.len(), 1);
        assert_eq!(v.flow.services.len(), 1);
        assert_eq!(v.flow.pods.len(), 3);
        let total: u64 = v.flow.pods.iter().map(|p| p.detail.trim_end_matches("/s").parse::<u64>().unwrap()).sum();
        assert_eq!(total, 120, "per-pod rates add up: {:?}", v.flow.pods);
        assert!(!v.flow.dots.is_empty() && v.flow.dots.iter().all(|d| d.ok));
        let t = &v.flow.dots[0].title;
        assert!(t.starts_with("shop → svc default/hello → pod default/hello-") && t.ends_with(": 2 ms"), "{t}");
        // Dots end on a pod row, coloured like that pod's ReplicaSet.
        let pod_colour = v.flow.pods[0].colour;
        assert!(v.flow.dots.iter().all(|d| d.colour == pod_colour));
        assert_eq!(v.versions.len(), 1);
        assert_eq!(v.versions[0].version, "karthequian/helloworld:black");
        assert_eq!(v.versions[0].requests, 120);
        let series = version_series(c.cluster(), 600);
        assert_eq!(series.len(), 1);
        assert!(series[0].requests.iter().any(|p| p.1 == 120.0));
    }

    #[test]
    fn during_a_rollout_two_versions_answer_in_two_colours() {
        let mut c = hello();
        let url = targets(c.cluster())[0].outside_url.clone().unwrap();
        traffic::set_client(c.cluster_mut(), &ClientSpec { name: "shop".into(), url, rate: 400, keep_alive: false })
            .unwrap();
        c.run("kubectl set image deployment/hello helloworld=karthequian/helloworld:blue");
        let mut both = false;
        for _ in 0..40 {
            c.run("sleep 1");
            let v = traffic_view(c.cluster());
            if v.versions.iter().filter(|r| r.requests > 0).count() == 2 {
                let colours: std::collections::BTreeSet<&str> = v.versions.iter().map(|r| r.colour).collect();
                assert_eq!(colours.len(), 2, "{:?}", v.versions);
                both = true;
            }
        }
        assert!(both, "black and blue answered in the same second");
        let series = version_series(c.cluster(), 600);
        assert_eq!(series.len(), 2);
    }

    #[test]
    fn the_load_generator_command_runs_in_both_profiles_at_about_its_rate() {
        assert_eq!(
            load_generator_command("load-1", "http://hello/", 50),
            "kubectl run load-1 --image=busybox:1.28 --restart=Never -- /bin/sh -c \"while sleep 0.015; do wget -q -O- http://hello/; done\""
        );
        assert!(load_generator_command("l", "http://x/", 500).contains("while true; do"));
        for profile in [Profile::Current, Profile::Course] {
            let mut c = Console::new(ConsoleConfig { seed: 3, profile }, Box::new(NoFiles));
            c.run("kubectl create deployment hello --image=karthequian/helloworld:black");
            c.run("kubectl expose deployment hello --port=80");
            let out = c.run(&load_generator_command("load-1", "http://hello/", 50));
            assert_eq!(out.stdout, "pod/load-1 created\n", "{profile:?}: {out:?}");
            c.run("sleep 20");
            let v = traffic_view(c.cluster());
            let client = v.clients.iter().find(|c| c.pod.as_deref() == Some("load-1")).expect("load client");
            assert_eq!(client.last_requests, 50, "{profile:?}");
            assert_eq!(client.last_errors, 0);
            let out = c.run("kubectl logs load-1");
            assert!(out.stdout.contains("navbar"), "the helloworld page, as wget printed it");
            c.run("kubectl delete pod load-1 --now");
            c.run("sleep 2");
            assert!(traffic_view(c.cluster()).clients.is_empty());
        }
    }

    #[test]
    fn a_service_without_pods_shows_failed_requests() {
        let mut c = Console::new(ConsoleConfig { seed: 4, profile: Profile::Current }, Box::new(NoFiles));
        c.run("kubectl create service nodeport empty --tcp=80:80");
        let url = targets(c.cluster())[0].outside_url.clone().unwrap();
        traffic::set_client(c.cluster_mut(), &ClientSpec { name: "x".into(), url, rate: 10, keep_alive: false })
            .unwrap();
        c.run("sleep 1");
        let v = traffic_view(c.cluster());
        assert!(v.flow.dots.iter().all(|d| !d.ok && d.colour == FAILED));
        assert_eq!(v.versions[0].version, traffic::UNANSWERED);
        assert_eq!(v.versions[0].errors, 10);
        assert_eq!(v.clients[0].last_errors, 10);
    }
}
