use kubelab_sim::api::*;
use kubelab_sim::*;

#[test]
fn smoke() {
    let mut c = Cluster::new(ClusterConfig::current(1));
    let mut d = Deployment { api_version: "apps/v1".into(), kind: "Deployment".into(), ..Default::default() };
    d.metadata.name = "web".into();
    let labels: Labels = [("app".to_string(), "web".to_string())].into_iter().collect();
    d.spec.replicas = Some(3);
    d.spec.selector = Some(LabelSelector { match_labels: labels.clone(), match_expressions: vec![] });
    d.spec.template.metadata.labels = labels;
    d.spec.template.spec.containers.push(Container { name: "nginx".into(), image: "nginx".into(), ..Default::default() });
    c.create(Object::Deployment(d)).unwrap();
    for p in c.list(Kind::Pod, Some("default")) { println!("{} {:?} {:?}", p.meta().name, p.as_pod().unwrap().spec.node_name, p.as_pod().unwrap().status.phase); }
    c.run_for(SimDuration::from_secs(10));
    for p in c.list(Kind::Pod, Some("default")) { let p = p.as_pod().unwrap(); println!("{} {:?} {} ready={}", p.metadata.name, p.spec.node_name, p.status.phase, p.is_ready()); }
    let d = c.get(Kind::Deployment, "default", "web").unwrap().as_deployment().unwrap().clone();
    println!("{:?}", d.status);
    let mut d2 = d.clone();
    d2.spec.template.spec.containers[0].image = "nginx:1.25".into();
    c.update(Object::Deployment(d2)).unwrap();
    for _ in 0..20 { c.step(); }
    for rs in c.list(Kind::ReplicaSet, Some("default")) { let r = rs.as_replica_set().unwrap(); println!("{} {} {:?}", r.metadata.name, r.replicas(), r.metadata.annotations); }
    for e in c.events().iter().filter(|e| e.involved_object.kind == "Deployment" && e.involved_object.namespace=="default") { println!("{} {} {}", e.last_timestamp.as_secs(), e.reason, e.message); }
    for p in c.list(Kind::Pod, Some("kube-system")) { let p = p.as_pod().unwrap(); println!("{} {:?} {} ready={}", p.metadata.name, p.spec.node_name, p.status.phase, p.is_ready()); }
}
