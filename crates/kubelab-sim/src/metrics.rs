//! Time series kept for charts: one sample per simulated second of each ReplicaSet's desired,
//! current, ready and available replicas, grouped by owning Deployment. Bounded: the oldest
//! samples are dropped after `CAPACITY` seconds, so a long session stays small.

use crate::api::{Kind, Object};
use crate::cluster::Store;
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// How many one-second samples are kept (one simulated hour).
pub const CAPACITY: usize = 3600;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReplicaSetSample {
    pub namespace: String,
    /// The owning Deployment ("" for a bare ReplicaSet).
    pub deployment: String,
    pub name: String,
    pub desired: i64,
    pub current: i64,
    pub ready: i64,
    pub available: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    pub time: SimTime,
    pub replica_sets: Vec<ReplicaSetSample>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Metrics {
    samples: VecDeque<Sample>,
}

impl Metrics {
    pub fn samples(&self) -> impl Iterator<Item = &Sample> {
        self.samples.iter()
    }
    pub fn len(&self) -> usize {
        self.samples.len()
    }
    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }
}

/// Records the current state (called by `Cluster::step` after the controllers settled).
pub(crate) fn record(metrics: &mut Metrics, store: &Store) {
    let rss = replica_sets(store);
    let time = store.now();
    if metrics.samples.back().is_some_and(|s| s.time == time) {
        metrics.samples.pop_back();
    }
    metrics.samples.push_back(Sample { time, replica_sets: rss });
    while metrics.samples.len() > CAPACITY {
        metrics.samples.pop_front();
    }
}

/// Records `steps` seconds after `store.now()` in which nothing changed (the clock skipped them):
/// the same sample at each.
pub(crate) fn fast_forward(metrics: &mut Metrics, store: &Store, steps: u64) {
    let rss = replica_sets(store);
    let kept = steps.min(CAPACITY as u64);
    for j in (steps - kept + 1)..=steps {
        let time = store.now() + SimDuration::from_secs(j);
        metrics.samples.push_back(Sample { time, replica_sets: rss.clone() });
    }
    while metrics.samples.len() > CAPACITY {
        metrics.samples.pop_front();
    }
}

fn replica_sets(store: &Store) -> Vec<ReplicaSetSample> {
    let mut rss = Vec::new();
    for obj in store.list(Kind::ReplicaSet, None) {
        let Object::ReplicaSet(rs) = obj else { continue };
        let deployment =
            rs.metadata.controller_ref().filter(|o| o.kind == "Deployment").map(|o| o.name.clone()).unwrap_or_default();
        rss.push(ReplicaSetSample {
            namespace: rs.metadata.ns().to_string(),
            deployment,
            name: rs.metadata.name.clone(),
            desired: rs.replicas(),
            current: rs.status.replicas,
            ready: rs.status.ready_replicas,
            available: rs.status.available_replicas,
        });
    }
    rss
}
