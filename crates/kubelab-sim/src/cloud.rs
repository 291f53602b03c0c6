//! Cloud clusters: node groups a cloud provider grows and shrinks, and the built-in presets.
//!
//! A `NodeGroup` is a machine shape (allocatable cpu, memory and pods), a minimum and maximum
//! size, how many nodes it starts with and how long a new machine takes to boot. The Cluster
//! Autoscaler (`controllers::autoscaler`) asks the provider for nodes; each new node registers
//! as NotReady after its provisioning time (plus seeded jitter from the `autoscaler` stream)
//! and turns Ready when its kubelet is up.
//!
//! Node names follow GKE's (`gke-<cluster>-<pool>-<8 hex of the instance group>-<4 chars>`):
//! the Cluster Autoscaler is a cloud feature, and students who meet it meet it on a managed
//! cluster, where the pool's name in every node name is how they tell groups apart. The
//! group's id in events and the status ConfigMap is the group's name (on GKE it is the
//! instance group's URL; simplified for readability).

use serde::{Deserialize, Serialize};

/// The cluster name in node names (`gke-lab-pool-1-...`).
pub const CLUSTER_NAME: &str = "lab";

/// The node label that says which pool a node belongs to (GKE's).
pub const NODE_POOL_LABEL: &str = "cloud.google.com/gke-nodepool";

/// A group of identical nodes the autoscaler may resize between `min` and `max`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeGroup {
    pub name: String,
    /// Allocatable CPU of one node (a quantity: `2`, `1500m`).
    pub cpu: String,
    /// Allocatable memory of one node (a quantity: `4Gi`).
    pub memory: String,
    /// Pods one node takes.
    #[serde(default = "default_pods")]
    pub pods: u32,
    pub min: u32,
    pub max: u32,
    /// Nodes at the start (clamped to `min..=max`).
    #[serde(default)]
    pub initial: u32,
    /// Seconds from a scale-up to the node's registration (before jitter).
    #[serde(default = "default_provision")]
    pub provision_secs: u64,
}

fn default_pods() -> u32 {
    110
}

fn default_provision() -> u64 {
    60
}

impl NodeGroup {
    /// The `cloud` preset's group: 2-vCPU / 4-GiB workers, 1 to 5 of them, one at the start.
    pub fn default_pool() -> NodeGroup {
        NodeGroup {
            name: "pool-1".into(),
            cpu: "2".into(),
            memory: "4Gi".into(),
            pods: 110,
            min: 1,
            max: 5,
            initial: 1,
            provision_secs: 60,
        }
    }

    /// Nodes at the start, within the group's bounds.
    pub fn initial_size(&self) -> u32 {
        self.initial.clamp(self.min, self.max.max(self.min))
    }

    /// The 8 hex digits of the group's instance group in its node names.
    pub fn instance_group_hash(&self) -> String {
        format!("{:08x}", crate::hash::fnv64(&format!("{CLUSTER_NAME}/{}", self.name)) as u32)
    }

    /// The name of the group's node with `suffix`.
    pub fn node_name(&self, suffix: &str) -> String {
        format!("gke-{CLUSTER_NAME}-{}-{}-{suffix}", self.name, self.instance_group_hash())
    }

    /// What is wrong with the group, as a sentence (`None`: usable).
    pub fn problem(&self) -> Option<String> {
        let valid_name = !self.name.is_empty()
            && self.name.len() <= 40
            && self.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !self.name.starts_with('-')
            && !self.name.ends_with('-');
        if !valid_name {
            return Some(format!("node group name \"{}\" must be lowercase letters, digits and '-'", self.name));
        }
        if crate::api::cpu_millis(&self.cpu).is_none_or(|m| m <= 0) {
            return Some(format!("node group {}: cpu \"{}\" is not a quantity", self.name, self.cpu));
        }
        if crate::api::memory_bytes(&self.memory).is_none_or(|m| m <= 0) {
            return Some(format!("node group {}: memory \"{}\" is not a quantity", self.name, self.memory));
        }
        if self.max == 0 || self.min > self.max || self.max > 100 {
            return Some(format!("node group {}: need 0 <= min <= max, 1 <= max <= 100", self.name));
        }
        if self.pods == 0 || self.provision_secs > 3600 {
            return Some(format!("node group {}: pods must be positive, provisioning at most an hour", self.name));
        }
        None
    }
}

/// The names `cluster_preset` knows.
pub const PRESETS: &[&str] = &["cloud"];

/// A named cluster preset on top of a profile's config: `cloud` is one control-plane node,
/// no fixed workers, the group `pool-1` starting with one node, the Cluster Autoscaler and
/// metrics-server (as a managed cloud cluster comes).
pub fn cluster_preset(name: &str, base: crate::ClusterConfig) -> Option<crate::ClusterConfig> {
    match name {
        "cloud" => {
            Some(crate::ClusterConfig { metrics_server: true, ..with_groups(base, vec![NodeGroup::default_pool()]) })
        }
        _ => None,
    }
}

/// `base` as a cloud cluster with these groups (no fixed workers) and the autoscaler.
pub fn with_groups(base: crate::ClusterConfig, groups: Vec<NodeGroup>) -> crate::ClusterConfig {
    crate::ClusterConfig { workers: 0, node_groups: groups, autoscaler: true, ..base }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_names_look_like_gke_ones() {
        let g = NodeGroup::default_pool();
        let name = g.node_name("x7kq");
        assert!(name.starts_with("gke-lab-pool-1-") && name.ends_with("-x7kq"), "{name}");
        assert_eq!(name.len(), "gke-lab-pool-1-".len() + 8 + 5);
    }

    #[test]
    fn bad_groups_are_refused() {
        let mut g = NodeGroup::default_pool();
        assert_eq!(g.problem(), None);
        g.min = 6;
        assert!(g.problem().is_some());
        g = NodeGroup { cpu: "lots".into(), ..NodeGroup::default_pool() };
        assert!(g.problem().is_some());
        g = NodeGroup { name: "Pool".into(), ..NodeGroup::default_pool() };
        assert!(g.problem().is_some());
    }
}
