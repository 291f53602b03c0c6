//! How much faster than real time the simulator runs: for each scenario, the simulated time
//! advanced (`sleep`, i.e. `Cluster::run_for`, which skips idle seconds) over the wall time it
//! took, and the same with every second stepped (`Cluster::set_skip_idle(false)`).
//!
//! `cargo run --release -p kubelab-console --example speed`

use std::time::Instant;

#[path = "../benches/scenarios.rs"]
mod scenarios;
use scenarios::{console, SCENARIOS};

fn main() {
    for &(name, setup, secs) in SCENARIOS {
        for skip in [true, false] {
            let mut c = console(setup);
            c.cluster_mut().set_skip_idle(skip);
            let t = Instant::now();
            c.run(&format!("sleep {secs}"));
            let wall = t.elapsed().as_secs_f64();
            println!(
                "measure: speed {name} {}: {secs} simulated s in {:.3} s wall = {:.0}x real time",
                if skip { "skipping" } else { "stepping" },
                wall,
                secs as f64 / wall
            );
        }
    }
}
