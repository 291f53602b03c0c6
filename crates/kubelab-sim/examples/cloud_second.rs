//! `cargo run --release -p kubelab-sim --example cloud_second -- NODES PODS SECS`: a cloud
//! cluster whose one node group starts with NODES nodes (default 50; max NODES + 10) and a
//! Deployment of PODS replicas requesting 50m each (default 1,000), the Cluster Autoscaler
//! active. Once every pod is ready it steps SECS simulated seconds (default 60) one at a time
//! (every one stepped, none skipped: a scan every 10 s) and prints the wall time per simulated
//! second: the figure for "one simulated second of a 1,000-pod, 50-node cloud cluster".

use kubelab_sim::api::*;
use kubelab_sim::cloud::NodeGroup;
use kubelab_sim::*;
use std::time::Instant;

#[path = "common/big.rs"]
mod big;

fn main() {
    let mut args = std::env::args().skip(1);
    let nodes: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(50);
    let replicas: i64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let secs: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(60);
    let group = NodeGroup { initial: nodes, min: 1, max: nodes + 10, ..NodeGroup::default_pool() };
    let t = Instant::now();
    let mut c = Cluster::new(cloud::with_groups(ClusterConfig::current(1), vec![group]));
    let booted = t.elapsed();
    let mut d = big::big_deployment(replicas);
    d.spec.template.spec.containers[0].resources.requests.insert("cpu".into(), serde_json::json!("50m"));
    c.create(Object::Deployment(d)).expect("create");
    let ready = |c: &Cluster| {
        c.get(Kind::Deployment, "default", "big")
            .and_then(Object::as_deployment)
            .is_some_and(|d| d.status.ready_replicas == replicas)
    };
    let all_ready = c.run_until(SimDuration::from_secs(1800), ready);
    c.set_skip_idle(false);
    let t = Instant::now();
    steady_seconds(&mut c, secs);
    let steady = t.elapsed();
    println!(
        "cloud: {nodes} nodes, {replicas} pods (all ready: {all_ready}), autoscaler on; boot {booted:?}; \
         {secs} stepped s: {steady:?} = {:.3} ms per simulated second",
        steady.as_secs_f64() * 1000.0 / secs.max(1) as f64
    );
}

#[inline(never)]
fn steady_seconds(c: &mut Cluster, secs: u64) {
    for _ in 0..secs {
        c.step();
    }
}
