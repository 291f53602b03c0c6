//! Resource use, and what the Metrics API (metrics-server) serves.
//!
//! This module is the seam between two parts of the autoscaling milestone (issue 11):
//! - the resource model and metrics-server fill [`MetricsApi`] at each scrape (every 15 s when
//!   the addon runs; empty when it is absent or has not scraped yet), kept in the store;
//! - the HorizontalPodAutoscaler controller, `kubectl top` and `kubectl get --raw
//!   /apis/metrics.k8s.io/...` read it through [`Store::metrics_api`](crate::cluster) and the
//!   public `Cluster::metrics_api`.
//!
//! Values are what `metrics.k8s.io/v1beta1` PodMetrics/NodeMetrics hold: CPU in millicores
//! (the API serves nanocores; kubectl shows `m`), memory in bytes, the scrape's timestamp and
//! the window the CPU rate was averaged over.
//!
//! Child modules: `model` (what a container uses in a second: CPU from idle and requests,
//! throttled at its limit; memory, OOM), `server` (the metrics-server addon, its objects and
//! scrape schedule), `tick` (the scrape window second by second, the OOM killer, skipping).

pub mod model;
pub mod server;
pub(crate) mod tick;

pub use model::{CpuUse, MemoryUse};

use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One container's use, as a PodMetrics lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerUsage {
    pub name: String,
    /// CPU use averaged over the window, in millicores.
    pub cpu_milli: u64,
    /// Working-set memory in bytes.
    pub memory_bytes: u64,
}

/// A pod's metrics (`metrics.k8s.io/v1beta1` PodMetrics).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodUsage {
    pub namespace: String,
    pub name: String,
    /// When the sample was taken (the end of the window).
    pub timestamp: SimTime,
    pub window: SimDuration,
    pub containers: Vec<ContainerUsage>,
}

impl PodUsage {
    pub fn cpu_milli(&self) -> u64 {
        self.containers.iter().map(|c| c.cpu_milli).sum()
    }
    pub fn memory_bytes(&self) -> u64 {
        self.containers.iter().map(|c| c.memory_bytes).sum()
    }
}

/// A node's metrics (`metrics.k8s.io/v1beta1` NodeMetrics).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeUsage {
    pub name: String,
    pub timestamp: SimTime,
    pub window: SimDuration,
    pub cpu_milli: u64,
    pub memory_bytes: u64,
}

/// What the Metrics API serves now: the last scrape. `available` is false while no
/// metrics-server is running and ready (kubectl top: `error: Metrics API not available`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MetricsApi {
    pub available: bool,
    /// By (namespace, name). (Serialised as a list: JSON keys are strings.)
    #[serde(with = "pods_as_list")]
    pub pods: BTreeMap<(String, String), PodUsage>,
    /// By node name.
    pub nodes: BTreeMap<String, NodeUsage>,
    /// Served as given, whatever metrics-server does (`Cluster::set_metrics_api_for_test`).
    #[serde(skip)]
    pub pinned: bool,
}

impl MetricsApi {
    /// Nothing served and nothing scraped (a cluster without metrics-server).
    pub fn is_empty(&self) -> bool {
        !self.available && self.pods.is_empty() && self.nodes.is_empty()
    }
    pub fn pod(&self, namespace: &str, name: &str) -> Option<&PodUsage> {
        if !self.available {
            return None;
        }
        self.pods.get(&(namespace.to_string(), name.to_string()))
    }
    pub fn node(&self, name: &str) -> Option<&NodeUsage> {
        if !self.available {
            return None;
        }
        self.nodes.get(name)
    }
}

/// `MetricsApi::pods` as JSON: the PodUsages in key order (each names its namespace and name).
mod pods_as_list {
    use super::PodUsage;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<S: Serializer>(m: &BTreeMap<(String, String), PodUsage>, s: S) -> Result<S::Ok, S::Error> {
        let list: Vec<&PodUsage> = m.values().collect();
        list.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<(String, String), PodUsage>, D::Error> {
        let list = Vec::<PodUsage>::deserialize(d)?;
        Ok(list.into_iter().map(|p| ((p.namespace.clone(), p.name.clone()), p)).collect())
    }
}
