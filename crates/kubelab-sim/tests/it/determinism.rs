//! Same seed + same actions = same cluster, byte for byte; another seed names pods differently.

use crate::common::*;
use kubelab_sim::api::*;
use kubelab_sim::*;

/// A short lab session touching every random choice: generated names, uids, scheduling ties,
/// pull jitter, container ids, service IPs and node ports.
fn session(seed: u64) -> Cluster {
    let mut c = Cluster::new(ClusterConfig::current(seed));
    c.create(deployment_obj("web", 3, "nginx:1.24")).unwrap();
    c.create(deployment_obj("api", 2, "karthequian/helloworld:blue")).unwrap();
    let mut svc = Service { api_version: "v1".into(), kind: "Service".into(), ..Default::default() };
    svc.metadata.name = "web".into();
    svc.metadata.namespace = Some("default".into());
    svc.spec.type_ = Some("NodePort".into());
    svc.spec.selector = Some(labels(&[("app", "web")]));
    svc.spec.ports = vec![ServicePort { port: 80, target_port: Some(IntOrString::Int(80)), ..Default::default() }];
    c.create(Object::Service(svc)).unwrap();
    c.run_for(SimDuration::from_secs(20));
    set_image(&mut c, "web", "nginx:1.25").unwrap();
    c.run_for(SimDuration::from_secs(7));
    let victim = c.pods().find(|p| p.metadata.name.starts_with("api-")).unwrap().metadata.name.clone();
    c.delete(Kind::Pod, "default", &victim, DeleteOptions::default()).unwrap();
    scale(&mut c, "web", 5).unwrap();
    c.run_for(SimDuration::from_secs(30));
    set_image(&mut c, "web", "nginx:1.291").unwrap();
    c.run_for(SimDuration::from_secs(12));
    c.rollback("default", "web", 0).unwrap();
    c.create(hpa("api", "api", 3, 4)).unwrap();
    c.run_for(SimDuration::from_secs(40));
    c.delete(Kind::Deployment, "default", "api", DeleteOptions::default()).unwrap();
    c.run_for(SimDuration::from_secs(5));
    c
}

fn pod_names(c: &Cluster) -> Vec<String> {
    c.pods().filter(|p| p.metadata.ns() == "default").map(|p| p.metadata.name.clone()).collect()
}

#[test]
fn same_seed_same_cluster_byte_for_byte() {
    let a = session(42);
    let b = session(42);
    let ja = serde_json::to_string(&a).unwrap();
    let jb = serde_json::to_string(&b).unwrap();
    assert!(ja == jb, "serialized clusters differ");
    assert_eq!(a.events(), b.events());
    assert!(!a.events().is_empty());
    assert_eq!(pod_names(&a), pod_names(&b));
    // A clone carries on exactly like the original.
    let mut a2 = a.clone();
    let mut a3 = a;
    a2.run_for(SimDuration::from_secs(10));
    a3.run_for(SimDuration::from_secs(10));
    assert_eq!(serde_json::to_string(&a2).unwrap(), serde_json::to_string(&a3).unwrap());
}

#[test]
fn a_serialized_cluster_resumes_identically() {
    let a = session(9);
    let json = serde_json::to_string(&a).unwrap();
    let mut restored: Cluster = serde_json::from_str(&json).unwrap();
    let mut original = a;
    original.run_for(SimDuration::from_secs(20));
    restored.run_for(SimDuration::from_secs(20));
    assert_eq!(serde_json::to_string(&original).unwrap(), serde_json::to_string(&restored).unwrap());
}

#[test]
fn another_seed_gives_other_pod_names() {
    let a = session(42);
    let b = session(43);
    let (na, nb) = (pod_names(&a), pod_names(&b));
    assert!(!na.is_empty() && !nb.is_empty());
    assert!(na.iter().all(|n| !nb.contains(n)), "{na:?} vs {nb:?}");
    assert_ne!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
}
