//! How fast simulated time passes (issue 10's speed goals), per scenario of
//! `scenarios.rs`: `speed/<scenario>/<N>s` advances N simulated seconds with `sleep N`
//! (`Cluster::run_for`, skipping idle seconds). The ratio to real time is N divided by the
//! reported time; `examples/speed.rs` prints it, and the same with every second stepped.
//!
//! `cargo bench -p kubelab-console --bench speed` (add `-- --warm-up-time 1 --measurement-time 3`
//! for a quick run).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::hint::black_box;

mod scenarios;
use scenarios::{console, SCENARIOS};

fn speed(crit: &mut Criterion) {
    let mut group = crit.benchmark_group("speed");
    group.sample_size(10);
    for (i, &(_, setup, secs)) in SCENARIOS.iter().enumerate() {
        let name = ["idle", "nginx50", "chapter"].get(i).copied().unwrap_or("scenario");
        let line = format!("sleep {secs}");
        group.bench_function(format!("{name}/{secs}s"), |b| {
            b.iter_batched(|| console(setup), |mut c| black_box(c.run(&line)), BatchSize::PerIteration)
        });
    }
    group.finish();
}

criterion_group!(benches, speed);
criterion_main!(benches);
