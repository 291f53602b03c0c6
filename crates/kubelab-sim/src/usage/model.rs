//! The resource model: what a running container uses in one simulated second.
//!
//! * **CPU** = the image's idle baseline + its cost per request served (`ImageSpec::cpu`:
//!   `idle_milli`, `per_request_micro` CPU-microseconds per request), capped at the container's
//!   CPU limit. Demand above the limit is throttled (CFS quota): the container gets its limit and
//!   each request's service time grows by demand / limit (a processor shared by more work than it
//!   has), so latency rises; when that passes [`REQUEST_TIMEOUT_MS`] the clients give up and the
//!   requests count as failures. The traffic view shows both.
//! * **Memory** (working set) = the image's base + bytes per request per second
//!   (`ImageSpec::memory`: `base_bytes`, `per_request_bytes`: memory held by requests in
//!   flight). A container whose memory under load passes its memory limit is killed by the
//!   kernel's OOM killer: the kubelet reports it terminated with reason `OOMKilled`, exit code
//!   137, and restarts it with the usual back-off (`kubelet/oom.rs`).
//!
//! # Simplifications
//! * The requests a pod answered in a second (`traffic::PodTraffic`) are all charged to its
//!   first container, the one that serves in every image the lab knows.
//! * Throttling uses the previous second's demand (the traffic of a second is sent at once, at
//!   its end), so latency reacts one second late; service time grows linearly with the overload.
//! * A container is not capped by its node's free CPU, only by its own limit; memory does not
//!   leak over time, and a container whose base alone is above its limit is not killed at start
//!   (only load can push it over).
//! * Images without a `cpu`/`memory` entry use 1m idle, 100 µs per request and 8 MiB.

use crate::api::{Kind, Object, Pod};
use crate::cluster::{Cluster, Store};
use crate::time::SimTime;
use crate::traffic::TrafficState;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How long a client waits for an answer before it gives up (the request fails).
pub const REQUEST_TIMEOUT_MS: u64 = 10_000;

/// An image's CPU use (`ImageSpec::cpu`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CpuUse {
    /// Millicores used with no requests.
    pub idle_milli: u64,
    /// CPU time one request costs, in microseconds (1000 µs per request at 1 request/s is 1m).
    pub per_request_micro: u64,
}

impl Default for CpuUse {
    fn default() -> CpuUse {
        CpuUse { idle_milli: 1, per_request_micro: 100 }
    }
}

/// An image's memory use (`ImageSpec::memory`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MemoryUse {
    /// Working set with no requests.
    pub base_bytes: u64,
    /// Extra working set per request per second (buffers of requests in flight).
    pub per_request_bytes: u64,
}

impl Default for MemoryUse {
    fn default() -> MemoryUse {
        MemoryUse { base_bytes: 8 * 1024 * 1024, per_request_bytes: 0 }
    }
}

/// One container's use in one second.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Use {
    /// What its work asks for, in millicores (may exceed the limit).
    pub demand_milli: u64,
    /// What it gets: the demand capped at the CPU limit.
    pub cpu_milli: u64,
    pub memory_bytes: u64,
}

/// A container's use in a second in which it served `requests`, under `cpu_limit_milli`.
pub fn container_use(cpu: &CpuUse, memory: &MemoryUse, requests: u64, cpu_limit_milli: Option<u64>) -> Use {
    let demand = cpu.idle_milli.saturating_add(requests.saturating_mul(cpu.per_request_micro) / 1000);
    let used = cpu_limit_milli.map_or(demand, |l| demand.min(l));
    let memory_bytes = memory.base_bytes.saturating_add(requests.saturating_mul(memory.per_request_bytes));
    Use { demand_milli: demand, cpu_milli: used, memory_bytes }
}

/// How much longer each request takes under throttling, in thousandths (1000: not throttled):
/// demand / limit when the demand is above the limit.
pub fn throttle_milli(demand_milli: u64, cpu_limit_milli: Option<u64>) -> u64 {
    match cpu_limit_milli {
        Some(limit) if demand_milli > limit => demand_milli.saturating_mul(1000) / limit.max(1),
        _ => 1000,
    }
}

/// A service time stretched by a throttle factor (thousandths), and whether the client gave up.
pub fn throttled_latency(service_ms: u64, throttle: u64) -> (u64, bool) {
    let latency = service_ms.saturating_mul(throttle) / 1000;
    (latency, latency > REQUEST_TIMEOUT_MS)
}

/// The use of each running container of `pod` in a second in which it answered `requests`:
/// (container name, use, memory limit in bytes).
pub(crate) fn pod_second(store: &Store, pod: &Pod, requests: u64) -> Vec<(String, Use, Option<u64>)> {
    pod_second_cached(store, pod, requests, &mut ImageUses::new())
}

/// Each image's use, looked up once per pass over many pods.
pub(crate) type ImageUses = BTreeMap<String, (CpuUse, MemoryUse)>;

/// `pod_second`, with the images' uses looked up through `cache`.
pub(crate) fn pod_second_cached(
    store: &Store,
    pod: &Pod,
    requests: u64,
    cache: &mut ImageUses,
) -> Vec<(String, Use, Option<u64>)> {
    let mut out = Vec::new();
    for (idx, c) in pod.spec.containers.iter().enumerate() {
        let running = pod.status.container_statuses.iter().any(|s| s.name == c.name && s.state.running.is_some());
        if !running {
            continue;
        }
        let (cpu, memory) = match cache.get(&c.image) {
            Some(u) => *u,
            None => {
                let info = store.image(&c.image);
                let u = (info.spec.cpu.unwrap_or_default(), info.spec.memory.unwrap_or_default());
                cache.insert(c.image.clone(), u);
                u
            }
        };
        let served = if idx == 0 { requests } else { 0 };
        let limit = c.resources.cpu_limit_millis().map(|l| l.max(0) as u64);
        let u = container_use(&cpu, &memory, served, limit);
        out.push((c.name.clone(), u, c.resources.memory_limit_bytes().map(|l| l.max(0) as u64)));
    }
    out
}

/// The throttle factor (thousandths) of `pod`'s serving container in a second in which it
/// answered `requests`; 1000 when it is not throttled.
fn pod_throttle(cluster: &Cluster, pod: &Pod, requests: u64) -> u64 {
    let Some(c) = pod.spec.containers.first() else { return 1000 };
    let Some(limit) = c.resources.cpu_limit_millis() else { return 1000 };
    let cpu = cluster.image(&c.image).spec.cpu.unwrap_or_default();
    let u = container_use(&cpu, &MemoryUse::default(), requests, None);
    throttle_milli(u.demand_milli, Some(limit.max(0) as u64))
}

/// The pods (by uid) whose serving container was throttled in the second before now, with their
/// throttle factors: this second's requests to them take that much longer (`traffic::tick`).
pub(crate) fn throttles(t: &TrafficState, cluster: &Cluster) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    let Some(prev) = cluster.now().as_millis().checked_sub(1000).map(SimTime) else { return out };
    for p in t.pods().filter(|p| p.last_at == prev && p.last.requests > 0) {
        let Some(Object::Pod(pod)) = cluster.get(Kind::Pod, &p.namespace, &p.name) else { continue };
        let f = pod_throttle(cluster, pod, p.last.requests);
        if f > 1000 {
            out.insert(pod.metadata.uid.clone(), f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PHP: CpuUse = CpuUse { idle_milli: 1, per_request_micro: 9000 };

    #[test]
    fn cpu_is_idle_plus_work_capped_at_the_limit() {
        let m = MemoryUse::default();
        assert_eq!(container_use(&PHP, &m, 0, Some(500)).cpu_milli, 1);
        // 20 requests/s at 9 ms each: 181m, under the limit.
        let u = container_use(&PHP, &m, 20, Some(500));
        assert_eq!((u.demand_milli, u.cpu_milli), (181, 181));
        // The HPA walkthrough's loop (66 requests/s): 595m asked, 500m given.
        let u = container_use(&PHP, &m, 66, Some(500));
        assert_eq!((u.demand_milli, u.cpu_milli), (595, 500));
        // No limit: all of it.
        assert_eq!(container_use(&PHP, &m, 66, None).cpu_milli, 595);
        // Absurd rates saturate instead of overflowing.
        assert_eq!(container_use(&PHP, &m, u64::MAX, None).demand_milli, u64::MAX / 1000 + 1);
    }

    #[test]
    fn throttling_stretches_service_time_and_times_out() {
        assert_eq!(throttle_milli(400, Some(500)), 1000);
        assert_eq!(throttle_milli(500, Some(500)), 1000);
        assert_eq!(throttle_milli(595, Some(500)), 1190);
        assert_eq!(throttle_milli(595, None), 1000);
        assert_eq!(throttle_milli(10, Some(0)), 10_000);
        assert_eq!(throttled_latency(20, 1190), (23, false));
        // 100 times the limit's worth of work: 20 ms become 2 s, still answered.
        assert_eq!(throttled_latency(20, 100_000), (2000, false));
        // A second of work per request at a tenth of a core: past the client's patience.
        assert_eq!(throttled_latency(1000, 11_000), (11_000, true));
    }

    #[test]
    fn memory_grows_with_load() {
        let m = MemoryUse { base_bytes: 12 << 20, per_request_bytes: 1 << 20 };
        assert_eq!(container_use(&PHP, &m, 0, None).memory_bytes, 12 << 20);
        assert_eq!(container_use(&PHP, &m, 66, None).memory_bytes, 78 << 20);
    }
}
