//! What one simulated second costs.
//!
//! * `step/N`: one `Cluster::step()` of a steady cluster running N pods (ten deployments of
//!   N/10 replicas, on as many extra worker nodes as they need at 110 pods per node).
//! * `rolling_update/1000`: a 1,000-replica deployment's whole rolling update, from `set image`
//!   until the rollout is complete.
//! * `traffic/PODS/RATE`: one step of a steady cluster of PODS pods (one deployment behind a
//!   NodePort Service) while an outside client sends RATE requests per second through it
//!   (iptables mode, a new connection per request). Compare with `step/PODS` for the cost of
//!   the requests themselves.
//!
//! Run with `cargo bench -p kubelab-sim` (add `-- --warm-up-time 1 --measurement-time 3` for a
//! quick run).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use kubelab_sim::api::*;
use kubelab_sim::*;
use std::hint::black_box;

const PODS_PER_NODE: usize = 110;

fn deployment(name: &str, replicas: i64, image: &str) -> Object {
    let labels: Labels = [("app".to_string(), name.to_string())].into_iter().collect();
    let mut d = Deployment { api_version: "apps/v1".into(), kind: "Deployment".into(), ..Default::default() };
    d.metadata.name = name.into();
    d.metadata.namespace = Some("default".into());
    d.spec.replicas = Some(replicas);
    d.spec.selector = Some(LabelSelector { match_labels: labels.clone(), match_expressions: vec![] });
    d.spec.template.metadata.labels = labels.into();
    d.spec.template.spec.containers.push(Container { name: "nginx".into(), image: image.into(), ..Default::default() });
    Object::Deployment(d)
}

/// Adds worker nodes (copies of `node01`) until `pods` more pods fit.
fn add_nodes(c: &mut Cluster, pods: usize) {
    let template = c.get(Kind::Node, "", "node01").cloned().expect("node01");
    let workers = c.list(Kind::Node, None).len() - 1;
    // Room left on the existing workers (a few system pods run there already).
    let room = workers * (PODS_PER_NODE - 4);
    let extra = pods.saturating_sub(room).div_ceil(PODS_PER_NODE - 4);
    for i in 0..extra {
        let mut n = template.clone();
        let index = workers + 1 + i;
        let m = n.meta_mut();
        m.name = format!("node{index:03}");
        m.uid.clear();
        m.resource_version = 0;
        m.labels.insert("kubernetes.io/hostname".into(), m.name.clone());
        if let Object::Node(node) = &mut n {
            node.spec.pod_cidr = Some(format!("10.{}.{}.0/24", 244 + index / 256, index % 256));
            for a in &mut node.status.addresses {
                match a.type_.as_str() {
                    "InternalIP" => a.address = format!("172.31.{}.{}", 20 + index / 200, 10 + index % 200),
                    _ => a.address = node.metadata.name.clone(),
                }
            }
        }
        c.create(n).expect("node");
    }
}

fn all_rolled_out(c: &Cluster) -> bool {
    c.list(Kind::Deployment, Some("default")).iter().filter_map(|o| o.as_deployment()).all(|d| {
        let n = d.spec.replicas.unwrap_or(1);
        let s = &d.status;
        s.observed_generation >= d.metadata.generation
            && s.updated_replicas == n
            && s.replicas == n
            && s.available_replicas == n
    })
}

/// A cluster running `pods` nginx pods in `deployments` deployments, all Running and Ready.
fn cluster_with(pods: usize, deployments: usize) -> Cluster {
    let mut c = Cluster::new(ClusterConfig::current(1));
    add_nodes(&mut c, pods);
    for i in 0..deployments {
        let n = pods / deployments + usize::from(i < pods % deployments);
        c.create(deployment(&format!("web{i}"), n as i64, "nginx:1.24")).expect("deployment");
    }
    let ok = c.run_until(SimDuration::from_secs(300), all_rolled_out);
    assert!(ok, "pods did not come up");
    let running = c.pods().filter(|p| p.metadata.ns() == "default" && p.status.phase == "Running").count();
    assert_eq!(running, pods);
    // Let the pull/start events and status writes of the start-up settle down.
    c.run_for(SimDuration::from_secs(5));
    c
}

fn step(crit: &mut Criterion) {
    let mut group = crit.benchmark_group("step");
    group.sample_size(10);
    for pods in [100usize, 1_000, 10_000] {
        // Built on first use, so that a filter skipping this size skips the set-up too.
        let mut cluster: Option<Cluster> = None;
        group.bench_function(format!("{pods}"), |b| {
            let c = cluster.get_or_insert_with(|| cluster_with(pods, 10));
            b.iter(|| {
                c.step();
                black_box(c.now())
            })
        });
    }
    group.finish();
}

fn rolling_update(crit: &mut Criterion) {
    let mut group = crit.benchmark_group("rolling_update");
    group.sample_size(10);
    let mut base: Option<Cluster> = None;
    group.bench_function("1000", |b| {
        let base = base.get_or_insert_with(|| cluster_with(1_000, 1));
        b.iter_batched(
            || base.clone(),
            |mut c| {
                let mut d =
                    c.get(Kind::Deployment, "default", "web0").and_then(Object::as_deployment).cloned().unwrap();
                d.spec.template.spec.containers[0].image = "nginx:1.25".into();
                c.update(Object::Deployment(d)).unwrap();
                let done = c.run_until(SimDuration::from_secs(600), |c| {
                    all_rolled_out(c)
                        && c.list(Kind::ReplicaSet, Some("default"))
                            .iter()
                            .filter_map(|o| o.as_replica_set())
                            .filter(|r| r.replicas() > 0)
                            .count()
                            == 1
                });
                assert!(done);
                c
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn traffic(crit: &mut Criterion) {
    let mut group = crit.benchmark_group("traffic");
    group.sample_size(10);
    for pods in [100usize, 1_000] {
        let mut cluster: Option<Cluster> = None;
        for rate in [0u32, 1_000, 10_000, 20_000] {
            group.bench_function(format!("{pods}/{rate}"), |b| {
                let c = cluster.get_or_insert_with(|| {
                    let mut c = cluster_with(pods, 1);
                    let mut s = Service { api_version: "v1".into(), kind: "Service".into(), ..Default::default() };
                    s.metadata.name = "web".into();
                    s.metadata.namespace = Some("default".into());
                    s.spec.type_ = Some("NodePort".into());
                    s.spec.selector = Some([("app".to_string(), "web0".to_string())].into_iter().collect());
                    s.spec.ports = vec![ServicePort { port: 80, ..Default::default() }];
                    c.create(Object::Service(s)).expect("service");
                    c
                });
                let Some(Object::Service(s)) = c.get(Kind::Service, "default", "web") else { panic!("web") };
                let Some(Object::Node(node)) = c.get(Kind::Node, "", "node01") else { panic!("node01") };
                let url =
                    format!("http://{}:{}/", node.status.addresses[0].address, s.spec.ports[0].node_port.unwrap());
                let spec = traffic::ClientSpec { name: "load".into(), url, rate, keep_alive: false };
                traffic::set_client(c, &spec).expect("client");
                c.step();
                assert_eq!(traffic::state(c).last_sample().unwrap().total().requests, rate as u64);
                assert_eq!(traffic::state(c).last_sample().unwrap().total().errors, 0);
                b.iter(|| {
                    c.step();
                    black_box(c.now())
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, step, rolling_update, traffic);
criterion_main!(benches);
