//! The cluster's serialised state, pinned: a handful of seeded scripted sessions (Deployments,
//! Services and their endpoints, traffic, rollouts and rollbacks, an HPA, more pods than fit,
//! a cordoned node, a namespace deleted, DaemonSets, StatefulSets, Jobs, a restore from JSON
//! mid-session) are hashed (FNV-64 of `serde_json::to_string(&cluster)`) at several points and
//! compared with `digests.txt`, computed before the store's indexes and the controllers'
//! change-driven loops existed. Any optimisation must leave every byte as it was.
//!
//! `KUBELAB_DIGEST_UPDATE=1 cargo test -p kubelab-sim --test it digest` rewrites the file: only
//! for a change of behaviour that is meant (and then say why in the commit).

use crate::common::*;
use kubelab_sim::api::*;
use kubelab_sim::traffic::{self, ClientSpec};
use kubelab_sim::*;

const DIGESTS: &str = include_str!("digests.txt");

struct Recorder {
    session: &'static str,
    lines: Vec<String>,
}

impl Recorder {
    fn mark(&mut self, c: &Cluster, point: &str) {
        let json = serde_json::to_string(c).expect("a cluster serialises");
        self.lines.push(format!("{}/{} {:016x}", self.session, point, kubelab_sim::hash::fnv64(&json)));
    }
}

fn service(name: &str, ns: &str, app: &str, ty: &str) -> Object {
    let mut svc = Service { api_version: "v1".into(), kind: "Service".into(), ..Default::default() };
    svc.metadata.name = name.into();
    svc.metadata.namespace = Some(ns.into());
    svc.spec.type_ = Some(ty.into());
    svc.spec.selector = Some(labels(&[("app", app)]));
    svc.spec.ports = vec![ServicePort { port: 80, target_port: Some(IntOrString::Int(80)), ..Default::default() }];
    Object::Service(svc)
}

fn namespace(name: &str) -> Object {
    let mut ns = Namespace { api_version: "v1".into(), kind: "Namespace".into(), ..Default::default() };
    ns.metadata.name = name.into();
    Object::Namespace(ns)
}

fn restored(c: &Cluster) -> Cluster {
    serde_json::from_str(&serde_json::to_string(c).expect("serialise")).expect("deserialise")
}

/// Deployments, a NodePort Service with outside traffic, a rollout, a broken image rolled
/// back, an HPA, a deleted pod and a deleted Deployment.
fn rollouts(r: &mut Recorder, config: ClusterConfig) {
    let mut c = Cluster::new(config);
    r.mark(&c, "new");
    c.create(deployment_obj("web", 3, "nginx:1.24")).unwrap();
    c.create(deployment_obj("api", 2, "karthequian/helloworld:blue")).unwrap();
    c.create(service("web", "default", "web", "NodePort")).unwrap();
    r.mark(&c, "created");
    c.run_for(SimDuration::from_secs(20));
    r.mark(&c, "up");
    let Some(Object::Service(svc)) = c.get(Kind::Service, "default", "web") else { panic!("no service web") };
    let port = svc.spec.ports[0].node_port.expect("node port");
    let node = match c.get(Kind::Node, "", "node01") {
        Some(Object::Node(n)) => n.status.addresses[0].address.clone(),
        other => panic!("no node01: {other:?}"),
    };
    let url = format!("http://{node}:{port}/");
    traffic::set_client(&mut c, &ClientSpec { name: "users".into(), url, rate: 20, keep_alive: false }).unwrap();
    set_image(&mut c, "web", "nginx:1.25").unwrap();
    c.run_for(SimDuration::from_secs(7));
    r.mark(&c, "rolling");
    let victim = c.pods().find(|p| p.metadata.name.starts_with("api-")).unwrap().metadata.name.clone();
    c.delete(Kind::Pod, "default", &victim, DeleteOptions::default()).unwrap();
    scale(&mut c, "web", 5).unwrap();
    c.run_for(SimDuration::from_secs(30));
    r.mark(&c, "scaled");
    set_image(&mut c, "web", "nginx:1.291").unwrap();
    c.run_for(SimDuration::from_secs(12));
    c.rollback("default", "web", 0).unwrap();
    c.create(hpa("api", "api", 3, 4)).unwrap();
    c.run_for(SimDuration::from_secs(40));
    r.mark(&c, "hpa");
    let mut c = restored(&c);
    c.delete(Kind::Deployment, "default", "api", DeleteOptions::default()).unwrap();
    c.run_for(SimDuration::from_secs(65));
    r.mark(&c, "end");
}

/// More pods than the two workers hold (the scheduler's queue), a cordoned node, scaling down,
/// a namespace with its own Deployment and Service, deleted.
fn crowded(r: &mut Recorder, config: ClusterConfig) {
    let mut c = Cluster::new(config);
    c.create(deployment_obj("many", 260, "nginx:1.25")).unwrap();
    c.create(service("many", "default", "many", "ClusterIP")).unwrap();
    c.run_for(SimDuration::from_secs(15));
    r.mark(&c, "crowded");
    let mut node = match c.get(Kind::Node, "", "node02") {
        Some(Object::Node(n)) => n.clone(),
        other => panic!("no node02: {other:?}"),
    };
    node.spec.unschedulable = Some(true);
    c.update(Object::Node(node)).unwrap();
    scale(&mut c, "many", 120).unwrap();
    c.run_for(SimDuration::from_secs(20));
    r.mark(&c, "cordoned");
    c.create(namespace("team")).unwrap();
    let mut d = deployment("tools", 2, "busybox:1.36");
    d.metadata.namespace = Some("team".into());
    c.create(Object::Deployment(d)).unwrap();
    c.create(service("tools", "team", "tools", "ClusterIP")).unwrap();
    let mut c = restored(&c);
    c.run_for(SimDuration::from_secs(25));
    r.mark(&c, "team");
    c.delete(Kind::Namespace, "", "team", DeleteOptions::default()).unwrap();
    scale(&mut c, "many", 400).unwrap();
    c.run_for(SimDuration::from_secs(50));
    r.mark(&c, "end");
}

/// A DaemonSet, a StatefulSet scaled and updated, a Job run to completion.
fn sets(r: &mut Recorder, config: ClusterConfig) {
    let mut c = Cluster::new(config);
    let l = labels(&[("app", "agent")]);
    let mut ds = DaemonSet { api_version: "apps/v1".into(), kind: "DaemonSet".into(), ..Default::default() };
    ds.metadata.name = "agent".into();
    ds.metadata.namespace = Some("default".into());
    ds.spec.selector = Some(LabelSelector { match_labels: l.clone(), match_expressions: vec![] });
    ds.spec.template.metadata.labels = l.into();
    ds.spec.template.spec.containers.push(Container {
        name: "agent".into(),
        image: "nginx:1.25".into(),
        ..Default::default()
    });
    c.create(Object::DaemonSet(ds)).unwrap();
    let l = labels(&[("app", "db")]);
    let mut s = StatefulSet { api_version: "apps/v1".into(), kind: "StatefulSet".into(), ..Default::default() };
    s.metadata.name = "db".into();
    s.metadata.namespace = Some("default".into());
    s.spec.replicas = Some(3);
    s.spec.service_name = "db".into();
    s.spec.selector = Some(LabelSelector { match_labels: l.clone(), match_expressions: vec![] });
    s.spec.template.metadata.labels = l.into();
    s.spec.template.spec.containers.push(Container {
        name: "nginx".into(),
        image: "nginx:1.25".into(),
        ..Default::default()
    });
    c.create(Object::StatefulSet(s)).unwrap();
    let mut headless = service("db", "default", "db", "ClusterIP");
    if let Object::Service(svc) = &mut headless {
        svc.spec.cluster_ip = Some("None".into());
    }
    c.create(headless).unwrap();
    let mut j = Job { api_version: "batch/v1".into(), kind: "Job".into(), ..Default::default() };
    j.metadata.name = "pi".into();
    j.metadata.namespace = Some("default".into());
    j.spec.template.spec.restart_policy = Some("Never".into());
    j.spec.template.spec.containers.push(Container {
        name: "pi".into(),
        image: "perl:5.34.0".into(),
        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"].iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    });
    c.create(Object::Job(j)).unwrap();
    c.run_for(SimDuration::from_secs(30));
    r.mark(&c, "up");
    let mut c = restored(&c);
    if let Some(Object::StatefulSet(s)) = c.get(Kind::StatefulSet, "default", "db").cloned() {
        let mut s = s;
        s.spec.replicas = Some(5);
        s.spec.template.spec.containers[0].image = "nginx:1.26".into();
        c.update(Object::StatefulSet(s)).unwrap();
    }
    c.run_for(SimDuration::from_secs(60));
    r.mark(&c, "updated");
    c.delete(Kind::DaemonSet, "default", "agent", DeleteOptions::default()).unwrap();
    c.run_for(SimDuration::from_secs(40));
    r.mark(&c, "end");
}

fn all_digests() -> Vec<String> {
    let mut lines = Vec::new();
    type Session = fn(&mut Recorder, ClusterConfig);
    let sessions: [(&'static str, Session, ClusterConfig); 5] = [
        ("rollouts-current-42", rollouts, ClusterConfig::current(42)),
        ("rollouts-course-7", rollouts, ClusterConfig::course(7)),
        ("crowded-current-3", crowded, ClusterConfig::current(3)),
        ("crowded-course-11", crowded, ClusterConfig::course(11)),
        ("sets-current-5", sets, ClusterConfig::current(5)),
    ];
    for (name, session, config) in sessions {
        let mut r = Recorder { session: name, lines: Vec::new() };
        session(&mut r, config);
        lines.extend(r.lines);
    }
    lines
}

#[test]
fn scripted_sessions_serialise_to_the_pinned_digests() {
    let got = all_digests();
    if std::env::var_os("KUBELAB_DIGEST_UPDATE").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/digests.txt");
        std::fs::write(path, got.join("\n") + "\n").expect("write digests.txt");
        return;
    }
    let want: Vec<&str> = DIGESTS.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(got.len(), want.len(), "one digest per checkpoint");
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w, "the serialised cluster changed");
    }
}

/// The caches that are not serialised (the ReplicaSet controller's statuses, the DaemonSet
/// controller's nodes, the store's indexes and change counts, ...) only save work: a cluster
/// restored from its JSON before every second (every cache empty) goes on exactly like the one
/// that keeps them, through scaling, a rollout, deleted pods, minReadySeconds, a DaemonSet, a
/// cordoned node and more pods than fit.
#[test]
fn a_cluster_without_its_caches_goes_on_identically() {
    for config in [ClusterConfig::current(13), ClusterConfig::course(14)] {
        let mut kept = Cluster::new(config);
        for sec in 0..70u64 {
            match sec {
                0 => {
                    let mut web = deployment("web", 4, "nginx:1.25");
                    web.spec.min_ready_seconds = Some(3);
                    kept.create(Object::Deployment(web)).unwrap();
                    kept.create(deployment_obj("api", 3, "nginx:1.24")).unwrap();
                    kept.create(service("web", "default", "web", "ClusterIP")).unwrap();
                }
                8 => {
                    scale(&mut kept, "api", 240).unwrap();
                }
                15 => {
                    set_image(&mut kept, "web", "nginx:1.26").unwrap();
                }
                22 => {
                    let victim =
                        kept.pods().find(|p| p.metadata.name.starts_with("api-")).unwrap().metadata.name.clone();
                    kept.delete(Kind::Pod, "default", &victim, DeleteOptions::default()).unwrap();
                    let l = labels(&[("app", "agent")]);
                    let mut ds =
                        DaemonSet { api_version: "apps/v1".into(), kind: "DaemonSet".into(), ..Default::default() };
                    ds.metadata.name = "agent".into();
                    ds.metadata.namespace = Some("default".into());
                    ds.spec.selector = Some(LabelSelector { match_labels: l.clone(), match_expressions: vec![] });
                    ds.spec.template.metadata.labels = l.into();
                    ds.spec.template.spec.containers.push(Container {
                        name: "agent".into(),
                        image: "nginx:1.25".into(),
                        ..Default::default()
                    });
                    kept.create(Object::DaemonSet(ds)).unwrap();
                }
                30 => {
                    let Some(Object::Node(node)) = kept.get(Kind::Node, "", "node01").cloned() else {
                        panic!("node01")
                    };
                    let mut node = node;
                    node.spec.unschedulable = Some(true);
                    kept.update(Object::Node(node)).unwrap();
                    scale(&mut kept, "api", 20).unwrap();
                }
                45 => {
                    let mut d = get_deployment(&kept, "web").unwrap();
                    d.spec.template.metadata.labels.insert("tier".into(), "front".into());
                    kept.update(Object::Deployment(d)).unwrap();
                }
                _ => {}
            }
            let mut fresh = restored(&kept);
            kept.step();
            fresh.step();
            let (a, b) = (serde_json::to_string(&kept).unwrap(), serde_json::to_string(&fresh).unwrap());
            assert!(a == b, "second {sec}: the cluster without caches went another way");
        }
    }
}
