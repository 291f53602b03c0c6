//! A typo with extra zeros: `kubectl create deployment big --image=nginx --replicas=N` on the
//! three-node cluster a student has (two workers of 110 pods).
//!
//! * `big_deployment/create/N`: the `create` call returning (the controllers settle once: the
//!   Deployment, its ReplicaSet and its first burst of at most 500 pods).
//! * `big_deployment/minute/N`: one simulated minute after that create (the ReplicaSet growing
//!   500 pods a second, the scheduler binding what fits and queueing the rest).
//!
//! * `steady/step/N`: one simulated second (`Cluster::step`) of a steady cluster of N running,
//!   ready nginx pods on N/100 workers (1,000 / 10,000 / 100,000 pods; issue 10 asks for
//!   step/10000 within 10 ms). The Kubernetes envelope (5,000 nodes, 150,000 pods) takes
//!   minutes to build, so it is measured with the `big_steady` example instead, stepping each
//!   second as this bench does (`cargo run --profile bench -p kubelab-sim --example big_steady
//!   -- 5000 150000 10 step`, under `/usr/bin/time -v` for the peak memory).
//!
//! Measured on the perf2 branch (2-core machine shared with other builds): `steady/step/10000`
//! 753 µs [739-765] (it was 11.6 ms); the envelope stepped 21.8 ms per simulated second (ramped
//! up in 666 simulated s), peak RSS 4.4 GB (about 29 KB per pod: see `examples/big_ramp.rs`'s
//! breakdown).
//!
//! Run with `cargo bench -p kubelab-sim --bench big` (add `-- --warm-up-time 1
//! --measurement-time 3` for a quick run, and a filter such as `create` to pick cases).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use kubelab_sim::api::*;
use kubelab_sim::*;
use std::hint::black_box;

#[path = "../examples/common/big.rs"]
mod big;

/// A cluster of `pods` running, ready nginx pods on `pods / 100` workers (at least 3).
fn steady(pods: i64) -> Cluster {
    let workers = ((pods + 99) / 100).max(3) as u32;
    let mut c = Cluster::new(ClusterConfig { workers, ..ClusterConfig::current(1) });
    c.create(Object::Deployment(big::big_deployment(pods))).expect("create");
    let ready = c.run_until(SimDuration::from_secs(1800), |c| {
        c.get(Kind::Deployment, "default", "big")
            .and_then(Object::as_deployment)
            .is_some_and(|d| d.status.ready_replicas == pods)
    });
    assert!(ready, "{pods} pods came up");
    c
}

fn steady_step(crit: &mut Criterion) {
    let mut group = crit.benchmark_group("steady");
    group.sample_size(10);
    for pods in [1_000i64, 10_000, 100_000] {
        // Built on first use, so that a filter (`step/10000`) skips the others' minutes of set-up.
        let mut built: Option<Cluster> = None;
        group.bench_function(format!("step/{pods}"), |b| {
            let c = built.get_or_insert_with(|| steady(pods));
            b.iter(|| c.step())
        });
        black_box(&built);
    }
    group.finish();
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
                    c.create(Object::Deployment(big::big_deployment(replicas))).expect("create");
                    black_box(c)
                },
                BatchSize::PerIteration,
            )
        });
        let mut created: Option<Cluster> = None;
        group.bench_function(format!("minute/{replicas}"), |b| {
            let base = created.get_or_insert_with(|| {
                let mut c = fresh.clone();
                c.create(Object::Deployment(big::big_deployment(replicas))).expect("create");
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

criterion_group!(benches, big_deployment, steady_step);
criterion_main!(benches);
