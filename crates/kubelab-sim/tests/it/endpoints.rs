//! Property tests of the endpoints controller: random sessions (deployments whose readiness probe
//! passes (nginx, httpGet on port 80) or fails (port 8080), scaling, new images, deleted pods,
//! Services created and deleted, time passing); after every action and every simulated second:
//!
//! * each Service with a selector has an `Endpoints` object of its name whose `addresses` are
//!   exactly the IPs of the Ready, non-terminating pods matching the selector and whose
//!   `notReadyAddresses` are exactly the other non-terminating matching pods with an IP;
//! * its one EndpointSlice agrees: the ready endpoints are the same IPs, terminating pods carry
//!   `terminating: true` and `ready: false`;
//! * no Endpoints or EndpointSlice outlives its Service;
//! * under load from two looping `wget` pods, no request is answered by a pod that is not
//!   ready at that moment.

use crate::common::*;
use kubelab_sim::api::*;
use kubelab_sim::*;
use proptest::prelude::*;
use std::collections::BTreeSet;

const SLOTS: usize = 2;

#[derive(Clone, Debug)]
enum Action {
    Create { slot: usize, replicas: i64, ready: bool },
    Scale { slot: usize, replicas: i64 },
    SetImage { slot: usize, image: usize },
    DeletePod { pick: usize },
    CreateService { slot: usize, named_port: bool },
    DeleteService { slot: usize },
    Wait { secs: u64 },
}

const IMAGES: [&str; 3] = ["nginx:1.24", "nginx:1.25", "nginx:1.26"];

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (0..SLOTS, 0i64..5, any::<bool>()).prop_map(|(slot, replicas, ready)| Action::Create { slot, replicas, ready }),
        (0..SLOTS, 0i64..6).prop_map(|(slot, replicas)| Action::Scale { slot, replicas }),
        (0..SLOTS, 0..IMAGES.len()).prop_map(|(slot, image)| Action::SetImage { slot, image }),
        (0usize..20).prop_map(|pick| Action::DeletePod { pick }),
        (0..SLOTS, any::<bool>()).prop_map(|(slot, named_port)| Action::CreateService { slot, named_port }),
        (0..SLOTS).prop_map(|slot| Action::DeleteService { slot }),
        (1u64..=20).prop_map(|secs| Action::Wait { secs }),
    ]
}

fn name(slot: usize) -> String {
    format!("web{slot}")
}

fn create_deployment(c: &mut Cluster, slot: usize, replicas: i64, ready: bool) {
    let mut d = deployment(&name(slot), replicas, IMAGES[0]);
    let container = &mut d.spec.template.spec.containers[0];
    container.ports.push(ContainerPort { name: Some("http".into()), container_port: 80, ..Default::default() });
    container.readiness_probe = Some(web_readiness(ready));
    let _ = c.create(Object::Deployment(d));
}

fn service(slot: usize, named_port: bool) -> Object {
    let mut s = Service { api_version: "v1".into(), kind: "Service".into(), ..Default::default() };
    s.metadata.name = name(slot);
    s.metadata.namespace = Some("default".into());
    s.spec.selector = Some(labels(&[("app", &name(slot))]).into_iter().collect());
    s.spec.ports = vec![ServicePort {
        port: 8000 + slot as i64,
        protocol: Some("TCP".into()),
        target_port: Some(if named_port { IntOrString::Str("http".into()) } else { IntOrString::Int(80) }),
        ..Default::default()
    }];
    Object::Service(s)
}

fn apply(c: &mut Cluster, a: &Action) {
    match a {
        Action::Create { slot, replicas, ready } => create_deployment(c, *slot, *replicas, *ready),
        Action::Scale { slot, replicas } => {
            if get_deployment(c, &name(*slot)).is_some() {
                let _ = scale(c, &name(*slot), *replicas);
            }
        }
        Action::SetImage { slot, image } => {
            if get_deployment(c, &name(*slot)).is_some() {
                let _ = set_image(c, &name(*slot), IMAGES[*image]);
            }
        }
        Action::DeletePod { pick } => {
            let pods: Vec<String> = c
                .list(Kind::Pod, Some("default"))
                .into_iter()
                .filter(|p| !p.meta().is_deleting())
                .map(|p| p.meta().name.clone())
                .collect();
            if !pods.is_empty() {
                let n = &pods[pick % pods.len()];
                let _ = c.delete(Kind::Pod, "default", n, DeleteOptions::default());
            }
        }
        Action::CreateService { slot, named_port } => {
            let _ = c.create(service(*slot, *named_port));
        }
        Action::DeleteService { slot } => {
            let _ = c.delete(Kind::Service, "default", &name(*slot), DeleteOptions::default());
        }
        Action::Wait { .. } => {}
    }
}

fn check(c: &Cluster) -> Result<(), TestCaseError> {
    let services: Vec<&Service> = c
        .list(Kind::Service, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::Service(s) => Some(s),
            _ => None,
        })
        .collect();
    for svc in &services {
        let Some(sel) = svc.spec.selector.as_ref().filter(|s| !s.is_empty()) else { continue };
        let ns = svc.metadata.ns();
        let matching: Vec<&Pod> = c
            .list(Kind::Pod, Some(ns))
            .into_iter()
            .filter_map(Object::as_pod)
            .filter(|p| sel.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v)))
            .filter(|p| p.status.pod_ip.is_some())
            .collect();
        let ready: BTreeSet<String> = matching
            .iter()
            .filter(|p| p.is_ready() && !p.metadata.is_deleting())
            .filter_map(|p| p.status.pod_ip.clone())
            .collect();
        let not_ready: BTreeSet<String> = matching
            .iter()
            .filter(|p| !p.is_ready() && !p.metadata.is_deleting())
            .filter_map(|p| p.status.pod_ip.clone())
            .collect();
        let Some(Object::Endpoints(ep)) = c.get(Kind::Endpoints, ns, &svc.metadata.name) else {
            return Err(TestCaseError::fail(format!("no Endpoints for service {}", svc.metadata.name)));
        };
        let got_ready: BTreeSet<String> =
            ep.subsets.iter().flat_map(|s| s.addresses.iter().map(|a| a.ip.clone())).collect();
        let got_not_ready: BTreeSet<String> =
            ep.subsets.iter().flat_map(|s| s.not_ready_addresses.iter().map(|a| a.ip.clone())).collect();
        prop_assert_eq!(&got_ready, &ready, "ready addresses of {}", svc.metadata.name);
        prop_assert_eq!(&got_not_ready, &not_ready, "not-ready addresses of {}", svc.metadata.name);
        for ss in ep.subsets.iter().filter(|_| svc.metadata.name.starts_with("web")) {
            prop_assert!(ss.ports.iter().all(|p| p.port == 80), "ports resolve to the container port: {:?}", ss.ports);
        }
        let slices: Vec<&EndpointSlice> = c
            .list(Kind::EndpointSlice, Some(ns))
            .into_iter()
            .filter_map(|o| match o {
                Object::EndpointSlice(s) if s.metadata.labels.get(SERVICE_NAME_LABEL) == Some(&svc.metadata.name) => {
                    Some(s)
                }
                _ => None,
            })
            .collect();
        prop_assert_eq!(slices.len(), 1, "one slice for {}", svc.metadata.name);
        let slice_ready: BTreeSet<String> = slices[0]
            .endpoints
            .iter()
            .filter(|e| e.conditions.ready)
            .flat_map(|e| e.addresses.iter().cloned())
            .collect();
        prop_assert_eq!(&slice_ready, &ready, "slice ready endpoints of {}", svc.metadata.name);
        for e in &slices[0].endpoints {
            if e.conditions.terminating {
                prop_assert!(!e.conditions.ready);
            }
        }
        let slice_all: BTreeSet<String> = slices[0]
            .endpoints
            .iter()
            .filter(|e| !e.conditions.terminating)
            .flat_map(|e| e.addresses.clone())
            .collect();
        let all: BTreeSet<String> = ready.union(&not_ready).cloned().collect();
        prop_assert_eq!(slice_all, all);
    }
    // Nothing outlives its Service.
    for o in c.list(Kind::Endpoints, None) {
        prop_assert!(c.get(Kind::Service, o.meta().ns(), &o.meta().name).is_some(), "stale {}", o.meta().name);
    }
    for o in c.list(Kind::EndpointSlice, None) {
        let svc = o.meta().labels.get(SERVICE_NAME_LABEL).cloned().unwrap_or_default();
        prop_assert!(c.get(Kind::Service, o.meta().ns(), &svc).is_some(), "stale slice {}", o.meta().name);
    }
    Ok(())
}

/// A busybox pod looping `wget` against Service `web<slot>` (about 200 requests a second).
fn load_generator(slot: usize) -> Object {
    let mut p = Pod { api_version: "v1".into(), kind: "Pod".into(), ..Default::default() };
    p.metadata.name = format!("load{slot}");
    p.metadata.namespace = Some("loadgen".into());
    let url = format!("http://{}.default:{}/", name(slot), 8000 + slot);
    p.spec.containers.push(Container {
        name: "load".into(),
        image: "busybox:1.28".into(),
        command: vec!["/bin/sh".into(), "-c".into(), format!("while true; do wget -q -O- {url}; done")],
        ..Default::default()
    });
    Object::Pod(p)
}

/// No request is answered by a pod that was not ready and serving at that moment (the clients
/// here open a new connection per request), and each second's counts add up.
fn check_traffic(c: &Cluster) -> Result<u64, TestCaseError> {
    let now = c.now();
    let state = kubelab_sim::traffic::state(c);
    let mut answered = 0;
    for t in state.pods().filter(|t| t.rate_at(now) > 0) {
        let pod = c.get(Kind::Pod, &t.namespace, &t.name).and_then(Object::as_pod);
        prop_assert!(
            pod.is_some_and(|p| p.is_ready() && !p.metadata.is_deleting()),
            "{} answered {} requests at {:?} without being ready",
            t.name,
            t.rate_at(now),
            now
        );
        answered += t.rate_at(now);
    }
    let sent: u64 = state.clients().map(|c| c.last.requests).sum();
    let sample = state.last_sample().expect("a sample per second");
    prop_assert_eq!(sample.time, now);
    prop_assert_eq!(sample.total().requests, sent);
    prop_assert!(answered <= sent);
    Ok(answered)
}

/// Runs a session; returns how many requests pods answered.
fn run(seed: u64, actions: &[Action]) -> Result<u64, TestCaseError> {
    let mut answered = 0;
    let mut c = Cluster::new(ClusterConfig::current(seed));
    let mut ns = Namespace { api_version: "v1".into(), kind: "Namespace".into(), ..Default::default() };
    ns.metadata.name = "loadgen".into();
    c.create(Object::Namespace(ns)).unwrap();
    for slot in 0..SLOTS {
        c.create(load_generator(slot)).unwrap();
    }
    check(&c)?;
    for a in actions {
        apply(&mut c, a);
        check(&c)?;
        let secs = if let Action::Wait { secs } = a { *secs } else { 1 };
        for _ in 0..secs {
            c.step();
            check(&c)?;
            answered += check_traffic(&c)?;
        }
    }
    Ok(answered)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(32),
        ..ProptestConfig::default()
    })]

    #[test]
    fn endpoints_follow_ready_matching_pods(seed in 0u64..1000, actions in prop::collection::vec(action(), 1..16)) {
        run(seed, &actions)?;
    }
}

/// A scripted session through every transition: pods becoming ready, failing readiness,
/// terminating, a Service deleted with its Endpoints.
#[test]
fn scripted_endpoints_session() {
    use Action::*;
    let script = [
        CreateService { slot: 0, named_port: true },
        Create { slot: 0, replicas: 3, ready: true },
        Create { slot: 1, replicas: 2, ready: false },
        CreateService { slot: 1, named_port: false },
        Wait { secs: 20 },
        Scale { slot: 0, replicas: 5 },
        Wait { secs: 10 },
        DeletePod { pick: 0 },
        Wait { secs: 3 },
        SetImage { slot: 0, image: 1 },
        Wait { secs: 20 },
        DeleteService { slot: 0 },
        Wait { secs: 2 },
    ];
    let answered = run(7, &script).unwrap();
    assert!(answered > 5000, "the load generators' requests were answered: {answered}");
    // The course-era cluster (v1.11) has Endpoints but no EndpointSlices.
    let mut c = Cluster::new(ClusterConfig::course(1));
    assert!(c.list(Kind::EndpointSlice, None).is_empty());
    let Some(Object::Endpoints(k)) = c.get(Kind::Endpoints, "default", "kubernetes").cloned() else {
        panic!("no kubernetes endpoints")
    };
    assert_eq!(k.subsets[0].ports[0].port, 6443);
    c.create(service(0, false)).unwrap();
    assert!(c.get(Kind::Endpoints, "default", "web0").is_some());
    assert!(c.list(Kind::EndpointSlice, None).is_empty());
}
