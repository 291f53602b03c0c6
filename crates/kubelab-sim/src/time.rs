//! Simulated time. The cluster owns one clock; nothing in the simulator reads real time.
//!
//! `SimTime` counts milliseconds since the cluster was bootstrapped. The wall-clock date shown in
//! `kubectl describe` (CreationTimestamp) is `ClusterConfig::epoch_unix_secs + SimTime`, so a
//! profile can place the cluster in the course era or today without the controllers knowing.

use serde::{Deserialize, Serialize};
use std::ops::{Add, Sub};

/// A point on the simulated clock: milliseconds since the cluster was bootstrapped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SimTime(pub u64);

/// A span of simulated time in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SimDuration(pub u64);

impl SimDuration {
    pub const fn from_secs(secs: u64) -> SimDuration {
        SimDuration(secs.saturating_mul(1000))
    }
    pub const fn from_millis(ms: u64) -> SimDuration {
        SimDuration(ms)
    }
    pub const fn as_millis(self) -> u64 {
        self.0
    }
    pub const fn as_secs(self) -> u64 {
        self.0 / 1000
    }
}

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);
    pub const fn as_millis(self) -> u64 {
        self.0
    }
    pub const fn as_secs(self) -> u64 {
        self.0 / 1000
    }
    /// Time elapsed from `earlier` to `self`, zero if `earlier` is later.
    pub fn since(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }
}

impl Add<SimDuration> for SimTime {
    type Output = SimTime;
    fn add(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }
}

impl Sub<SimDuration> for SimTime {
    type Output = SimTime;
    fn sub(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_sub(d.0))
    }
}
