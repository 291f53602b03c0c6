//! `cargo run --release -p kubelab-sim --example big_minute -- N SECS`: creates a Deployment of N
//! nginx replicas on the default three-node cluster and runs SECS simulated seconds (default 60),
//! printing the pod counts by phase and the wall time of each part. With a third argument
//! `minutes`, it then prints the wall time of each of the next 10 simulated minutes (the
//! steady state after the ramp, the scheduler's 5-minute flushes included). For profiling (callgrind)
//! and quick before/after checks; the criterion bench `big` is the measurement of record.

use kubelab_sim::api::*;
use kubelab_sim::*;
use std::time::Instant;

#[path = "common/big.rs"]
mod big;

fn main() {
    let mut args = std::env::args().skip(1);
    let replicas: i64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let secs: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(60);
    let d = big::big_deployment(replicas);
    let mut c = Cluster::new(ClusterConfig::current(1));
    let t = Instant::now();
    c.create(Object::Deployment(d)).expect("create");
    let created = t.elapsed();
    let t = Instant::now();
    c.run_for(SimDuration::from_secs(secs));
    let ran = t.elapsed();
    let t = Instant::now();
    c.run_for(SimDuration::from_secs(secs));
    let again = t.elapsed();
    let mut phases = std::collections::BTreeMap::new();
    for o in c.list(Kind::Pod, Some("default")) {
        if let Object::Pod(p) = o {
            *phases.entry(p.status.phase.clone()).or_insert(0) += 1;
        }
    }
    println!(
        "create: {created:?}; {secs} s simulated: {ran:?}, the next {secs} s: {again:?}; pods by phase: {phases:?}"
    );
    if args.next().as_deref() == Some("minutes") {
        for m in 1..=10 {
            let t = Instant::now();
            c.run_for(SimDuration::from_secs(60));
            println!("minute {m}: {:?}", t.elapsed());
        }
    }
}
