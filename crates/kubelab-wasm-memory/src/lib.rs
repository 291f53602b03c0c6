//! The big-cluster figures of issue 10 in WebAssembly, where a page runs the simulator:
//! `scripts/wasm-memory.sh WORKERS PODS SECS` builds this crate for `wasm32-unknown-unknown`,
//! and `run.js` (Node.js, the same V8 as Chromium) creates a Deployment of PODS nginx replicas on
//! WORKERS workers, advances SECS simulated seconds one at a time (as the page's clock does,
//! idle seconds skipped), and prints the wall time of the slowest second and the growth of the
//! module's linear memory per pod, which is what a browser tab holds for the cluster (32-bit
//! pointers make it about two thirds of the native figure of `kubelab-sim`'s `big_ramp`).

use kubelab_sim::api::*;
use kubelab_sim::*;
use wasm_bindgen::prelude::*;

/// The same Deployment as the native big-cluster examples.
#[path = "../../kubelab-sim/examples/common/big.rs"]
mod big;

/// A cluster with a Deployment of `replicas` nginx pods, advanced a second at a time.
#[wasm_bindgen]
pub struct Ramp {
    cluster: Cluster,
    memory_before: usize,
}

#[wasm_bindgen]
impl Ramp {
    /// Boots a cluster of `workers` workers.
    #[wasm_bindgen(constructor)]
    pub fn new(workers: u32) -> Ramp {
        let cluster = Cluster::new(ClusterConfig { workers, ..ClusterConfig::current(1) });
        let memory_before = memory_bytes();
        Ramp { cluster, memory_before }
    }

    /// Creates the Deployment (what `kubectl create deployment big --image=nginx
    /// --replicas=N` does).
    pub fn create(&mut self, replicas: i64) {
        // A fresh cluster accepts this Deployment; a failure would show as no pods below.
        let _ = self.cluster.create(Object::Deployment(big::big_deployment(replicas)));
    }

    /// One simulated second.
    pub fn second(&mut self) {
        self.cluster.run_for(SimDuration::from_secs(1));
    }

    /// Pods in the store.
    pub fn pods(&self) -> usize {
        self.cluster.pods().count()
    }

    /// Pods Running.
    pub fn running(&self) -> usize {
        self.cluster.pods().filter(|p| p.status.phase == "Running").count()
    }

    /// Linear memory grown since the cluster booted, in bytes.
    pub fn memory_grown(&self) -> usize {
        memory_bytes().saturating_sub(self.memory_before)
    }

    /// Linear memory in all, in bytes.
    pub fn memory(&self) -> usize {
        memory_bytes()
    }
}

#[cfg(target_arch = "wasm32")]
fn memory_bytes() -> usize {
    core::arch::wasm32::memory_size(0) * 65536
}

#[cfg(not(target_arch = "wasm32"))]
fn memory_bytes() -> usize {
    0
}
