//! `cargo run --profile bench -p kubelab-sim --example big_ramp -- PODS WORKERS SECS`: a
//! Deployment of PODS nginx replicas created on a cluster of WORKERS workers (default 2, the
//! student's three-node cluster, where a `--replicas=100000` typo leaves most pods Pending),
//! then SECS simulated seconds (default 120) advanced one at a time (`Cluster::run_for` of one
//! second, so idle seconds are still skipped as the web clock would). Prints the wall time of
//! the slowest second and when it came, the median and the total, the pods by phase, and the
//! resident memory the pods added (from `/proc/self/statm`) per pod. Issue 10 asks that no
//! simulated second of a 10,000-pod ramp take more than 100 ms.

use kubelab_sim::api::*;
use kubelab_sim::*;
use std::time::{Duration, Instant};

#[path = "common/big.rs"]
mod big;

/// The growth of resident memory (malloc's overhead included) while `make` builds what it
/// returns.
fn heap_of<T>(make: impl FnOnce() -> T) -> (usize, T) {
    let before = rss_bytes();
    let v = make();
    (rss_bytes().saturating_sub(before) as usize, v)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let replicas: i64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let workers: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(2);
    let secs: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(120);
    let mut c = Cluster::new(ClusterConfig { workers, ..ClusterConfig::current(1) });
    let rss_before = rss_bytes();
    let t = Instant::now();
    c.create(Object::Deployment(big::big_deployment(replicas))).expect("create");
    let create = t.elapsed();
    let mut per_second: Vec<(Duration, u64)> = Vec::new();
    let all = Instant::now();
    for s in 1..=secs {
        let t = Instant::now();
        c.run_for(SimDuration::from_secs(1));
        per_second.push((t.elapsed(), s));
    }
    let total = all.elapsed();
    let mut sorted = per_second.clone();
    sorted.sort();
    let (max, at) = sorted.last().copied().unwrap_or_default();
    let median = sorted.get(sorted.len() / 2).map(|x| x.0).unwrap_or_default();
    let mut phases = std::collections::BTreeMap::new();
    let mut pods = 0u64;
    for p in c.pods() {
        pods += 1;
        *phases.entry(p.status.phase.clone()).or_insert(0) += 1;
    }
    let grown = rss_bytes().saturating_sub(rss_before);
    println!(
        "{replicas} replicas on {workers} workers: create {create:?}; {secs} s in {total:?}; slowest second {max:?} \
         (second {at}), median {median:?}; pods by phase {phases:?}; memory grown {} MB, {} bytes per pod",
        grown / 1_000_000,
        grown / pods.max(1)
    );
    if args.next().as_deref() == Some("breakdown") {
        // Fresh copies read back from JSON, so that nothing is shared with the cluster.
        let pods_json = serde_json::to_string(&c.pods().collect::<Vec<_>>()).unwrap_or_default();
        let events_json = serde_json::to_string(c.events()).unwrap_or_default();
        let cluster_json = serde_json::to_string(&c).unwrap_or_default();
        let (pod_heap, p) = heap_of(|| serde_json::from_str::<Vec<Pod>>(&pods_json).ok());
        let (event_heap, e) = heap_of(|| serde_json::from_str::<Vec<Event>>(&events_json).ok());
        let (cluster_heap, k) = heap_of(|| serde_json::from_str::<Cluster>(&cluster_json).ok());
        let n = pods.max(1) as usize;
        println!(
            "resident memory per pod, for a fresh copy of: pods {} B, events {} B ({} events), whole cluster {} B (indexes and controllers' state included);              JSON per pod: pods {} B, events {} B",
            pod_heap / n,
            event_heap / n,
            c.events().len(),
            cluster_heap / n,
            pods_json.len() / n,
            events_json.len() / n
        );
        drop((p, e, k));
    }
    for (d, s) in per_second.iter().filter(|(d, _)| *d > Duration::from_millis(100)) {
        println!("  second {s}: {d:?}");
    }
}

/// The process's resident memory now (Linux; 0 elsewhere).
fn rss_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    pages * 4096
}
