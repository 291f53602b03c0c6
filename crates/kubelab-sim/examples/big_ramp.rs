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

fn main() {
    let mut args = std::env::args().skip(1);
    let replicas: i64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let workers: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(2);
    let secs: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(120);
    let mut c = Cluster::new(ClusterConfig { workers, ..ClusterConfig::current(1) });
    let rss_before = rss_bytes();
    let t = Instant::now();
    c.create(deployment(replicas)).expect("create");
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
        let json = |v: &dyn Fn() -> usize| v();
        let pod_bytes = json(&|| c.pods().map(|p| serde_json::to_string(p).map(|s| s.len()).unwrap_or(0)).sum());
        let event_bytes = json(&|| c.events().iter().map(|e| serde_json::to_string(e).map(|s| s.len()).unwrap_or(0)).sum());
        let all = serde_json::to_string(&c).map(|s| s.len()).unwrap_or(0);
        println!(
            "JSON: pods {} bytes ({} per pod), {} events {} bytes, whole cluster {} bytes",
            pod_bytes,
            pod_bytes / pods.max(1) as usize,
            c.events().len(),
            event_bytes,
            all
        );
        if let Some(p) = c.pods().last() {
            println!("{}", serde_json::to_string_pretty(p).unwrap_or_default());
        }
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
