//! A typo with extra zeros: `kubectl create deployment big --image=nginx --replicas=N` on the
//! three-node cluster a student has (two workers of 110 pods).
//!
//! * `big_deployment/create/N`: the `create` call returning (the controllers settle once: the
//!   Deployment, its ReplicaSet and its first burst of at most 500 pods).
//! * `big_deployment/minute/N`: one simulated minute after that create (the ReplicaSet growing
//!   500 pods a second, the scheduler binding what fits and queueing the rest).
//!
//! Run with `cargo bench -p kubelab-sim --bench big` (add `-- --warm-up-time 1
//! --measurement-time 3` for a quick run, and a filter such as `create` to pick cases).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use kubelab_sim::api::*;
use kubelab_sim::*;
use std::hint::black_box;

fn deployment(replicas: i64) -> Object {
    let labels: Labels = [("app".to_string(), "big".to_string())].into_iter().collect();
    let mut d = Deployment { api_version: "apps/v1".into(), kind: "Deployment".into(), ..Default::default() };
    d.metadata.name = "big".into();
    d.metadata.namespace = Some("default".into());
    d.spec.replicas = Some(replicas);
    d.spec.selector = Some(LabelSelector { match_labels: labels.clone(), match_expressions: vec![] });
    d.spec.template.metadata.labels = labels;
    d.spec.template.spec.containers.push(Container {
        name: "nginx".into(),
        image: "nginx".into(),
        ..Default::default()
    });
    Object::Deployment(d)
}

fn big_deployment(crit: &mut Criterion) {
    let mut group = crit.benchmark_group("big_deployment");
    group.sample_size(10);
    let fresh = Cluster::new(ClusterConfig::current(1));
    for replicas in [10_000i64, 100_000] {
        group.bench_function(format!("create/{replicas}"), |b| {
            b.iter_batched(
                || fresh.clone(),
                |mut c| {
                    c.create(deployment(replicas)).expect("create");
                    black_box(c)
                },
                BatchSize::PerIteration,
            )
        });
        let mut created: Option<Cluster> = None;
        group.bench_function(format!("minute/{replicas}"), |b| {
            let base = created.get_or_insert_with(|| {
                let mut c = fresh.clone();
                c.create(deployment(replicas)).expect("create");
                c
            });
            b.iter_batched(
                || base.clone(),
                |mut c| {
                    c.run_for(SimDuration::from_secs(60));
                    black_box(c)
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, big_deployment);
criterion_main!(benches);
