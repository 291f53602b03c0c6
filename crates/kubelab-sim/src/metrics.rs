//! Time series kept for charts: one sample per simulated second of each ReplicaSet's desired,
//! current, ready and available replicas, grouped by owning Deployment. Bounded: the oldest
//! samples are dropped after `CAPACITY` seconds, so a long session stays small. Consecutive
//! samples with the same sizes share one list (`Arc`), and serialise as runs (a steady hour is
//! one entry), so a cluster of many ReplicaSets stays small in memory and in a snapshot.

use crate::api::{Kind, Object};
use crate::cluster::Store;
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::sync::Arc;

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

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sample {
    pub time: SimTime,
    /// Shared with the neighbouring samples that have the same sizes.
    pub replica_sets: Arc<Vec<ReplicaSetSample>>,
}

#[derive(Clone, Debug, Default)]
pub struct Metrics {
    samples: VecDeque<Sample>,
}

/// Serialised form: runs of samples a second apart with the same sizes.
#[derive(Serialize, Deserialize)]
struct Run {
    time: SimTime,
    count: u32,
    replica_sets: Vec<ReplicaSetSample>,
}

impl Serialize for Metrics {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut runs: Vec<Run> = Vec::new();
        let mut prev: Option<&Sample> = None;
        for sample in &self.samples {
            let extends = prev.is_some_and(|p| {
                p.time + SimDuration::from_secs(1) == sample.time && p.replica_sets == sample.replica_sets
            });
            match runs.last_mut() {
                Some(run) if extends => run.count += 1,
                _ => runs.push(Run { time: sample.time, count: 1, replica_sets: sample.replica_sets.to_vec() }),
            }
            prev = Some(sample);
        }
        runs.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Metrics {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Metrics, D::Error> {
        let runs: Vec<Run> = Vec::deserialize(d)?;
        let mut samples = VecDeque::new();
        for run in runs {
            let shared = Arc::new(run.replica_sets);
            // Never more than CAPACITY samples, whatever a document says.
            for i in 0..u64::from(run.count).min(CAPACITY as u64) {
                samples.push_back(Sample { time: run.time + SimDuration::from_secs(i), replica_sets: shared.clone() });
            }
            while samples.len() > CAPACITY {
                samples.pop_front();
            }
        }
        Ok(Metrics { samples })
    }
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
    let rss = shared(metrics, replica_sets(store));
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
    let rss = shared(metrics, replica_sets(store));
    let kept = steps.min(CAPACITY as u64);
    for j in (steps - kept + 1)..=steps {
        let time = store.now() + SimDuration::from_secs(j);
        metrics.samples.push_back(Sample { time, replica_sets: rss.clone() });
    }
    while metrics.samples.len() > CAPACITY {
        metrics.samples.pop_front();
    }
}

/// `rss` as a shared list: the last sample's when the sizes are the same.
fn shared(metrics: &Metrics, rss: Vec<ReplicaSetSample>) -> Arc<Vec<ReplicaSetSample>> {
    match metrics.samples.back() {
        Some(last) if *last.replica_sets == rss => last.replica_sets.clone(),
        _ => Arc::new(rss),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rs(ready: i64) -> Vec<ReplicaSetSample> {
        vec![ReplicaSetSample { name: "web-1".into(), desired: 3, current: 3, ready, ..Default::default() }]
    }

    #[test]
    fn steady_seconds_serialise_as_one_run_and_come_back_the_same() {
        let mut m = Metrics::default();
        for t in 0..100u64 {
            let ready = if t < 10 { 1 } else { 3 };
            m.samples.push_back(Sample { time: SimTime(t * 1000), replica_sets: Arc::new(rs(ready)) });
        }
        // A gap in time starts a new run even with the same sizes.
        m.samples.push_back(Sample { time: SimTime(500_000), replica_sets: Arc::new(rs(3)) });
        let json = serde_json::to_value(&m).expect("serialises");
        let runs = json.as_array().expect("runs");
        let counts: Vec<u64> = runs.iter().map(|r| r["count"].as_u64().unwrap_or(0)).collect();
        assert_eq!(counts, vec![10, 90, 1]);
        let back: Metrics = serde_json::from_value(json).expect("deserialises");
        assert_eq!(back.samples, m.samples);
        // Shared, not copied.
        assert!(Arc::ptr_eq(&back.samples[20].replica_sets, &back.samples[99].replica_sets));
    }
}
