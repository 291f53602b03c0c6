//! `cargo run --release -p kubelab-sim --example big_steady -- WORKERS PODS SECS`: a cluster of
//! WORKERS worker nodes (default 3 ... the Kubernetes scalability envelope is 5,000 nodes and
//! 150,000 pods) with a Deployment of PODS nginx replicas; runs until every pod is Running and
//! ready (or 30 simulated minutes), then SECS more simulated seconds of the steady cluster
//! (default 60), printing the wall time of each part and the time per steady simulated second.
//! Run it under `/usr/bin/time -v` for the peak memory, and under
//! `valgrind --tool=callgrind --toggle-collect='big_steady::steady_seconds'` for the steady
//! seconds' instructions alone. With a fourth argument `step`, the steady seconds are stepped
//! one by one (`Cluster::step`, what the criterion bench `steady/step/N` measures) instead of
//! run with idle seconds skipped; with `second`, they are run one second at a time
//! (`Cluster::run_for` of one second, as the page's clock at 1× does), and the slowest is
//! printed too.

use kubelab_sim::api::*;
use kubelab_sim::*;
use std::time::Instant;

#[path = "common/big.rs"]
mod big;

fn main() {
    let mut args = std::env::args().skip(1);
    let workers: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(3);
    let replicas: i64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let secs: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(60);
    let mode = args.next();
    let mode = match mode.as_deref() {
        Some("step") => Mode::Step,
        Some("second") => Mode::Second,
        _ => Mode::Skip,
    };
    let d = big::big_deployment(replicas);
    let t = Instant::now();
    let mut c = Cluster::new(ClusterConfig { workers, ..ClusterConfig::current(1) });
    let booted = t.elapsed();
    let t = Instant::now();
    c.create(Object::Deployment(d)).expect("create");
    let ready = |c: &Cluster| {
        c.get(Kind::Deployment, "default", "big")
            .and_then(Object::as_deployment)
            .is_some_and(|d| d.status.ready_replicas == replicas)
    };
    let start = c.now();
    let all_ready = c.run_until(SimDuration::from_secs(1800), ready);
    let up = t.elapsed();
    let up_secs = c.now().since(start).as_millis() / 1000;
    let t = Instant::now();
    let slowest = steady_seconds(&mut c, secs, mode);
    let steady = t.elapsed();
    println!(
        "{workers} workers, {replicas} pods: boot {booted:?}; up in {up_secs} simulated s (all ready: {all_ready}) taking {up:?}; \
         {secs} steady s ({mode:?}): {steady:?} = {:.3} ms per simulated second{}",
        steady.as_secs_f64() * 1000.0 / secs.max(1) as f64,
        slowest.map(|d| format!(", slowest {d:?}")).unwrap_or_default()
    );
}

#[derive(Clone, Copy, Debug)]
enum Mode {
    /// `Cluster::run_for` of all the seconds at once: idle stretches skipped.
    Skip,
    /// `Cluster::step`, every controller every second.
    Step,
    /// `Cluster::run_for` of one second, again and again.
    Second,
}

/// The steady seconds, in a function of their own for callgrind's `--toggle-collect`; the
/// slowest second, when they are run one at a time.
#[inline(never)]
fn steady_seconds(c: &mut Cluster, secs: u64, mode: Mode) -> Option<std::time::Duration> {
    match mode {
        Mode::Step => {
            for _ in 0..secs {
                c.step();
            }
            None
        }
        Mode::Skip => {
            c.run_for(SimDuration::from_secs(secs));
            None
        }
        Mode::Second => (0..secs)
            .map(|_| {
                let t = Instant::now();
                c.run_for(SimDuration::from_secs(1));
                t.elapsed()
            })
            .max(),
    }
}
