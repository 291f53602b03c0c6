//! Resource use second by second: what metrics-server's scrapes average, and the OOM killer.
//!
//! `Cluster::step` calls [`tick`] after the traffic of the second was sent: containers whose
//! memory under this second's load passes their limit are OOM-killed (`kubelet::oom`), and,
//! while a metrics-server runs, every running container's CPU of this second is added to the
//! current scrape window ([`UsageState`]); at a scrape instant the window becomes what the
//! Metrics API serves. A skip over idle seconds adds the idle use of all of them at once
//! ([`fast_forward`]); with traffic flowing it calls [`tick`] for each second, and stops early
//! after an OOM kill (the kubelet has a timer due then). [`next_due`] gives `Cluster::idle_steps`
//! the next scrape.
//!
//! The window's state is serialised with the cluster (a restored session scrapes on exactly) and
//! empty, so absent from the JSON, while no metrics-server runs.

use super::model::{pod_second, pod_second_cached, ImageUses};
use super::server;
use super::{ContainerUsage, MetricsApi, NodeUsage, PodUsage};
use crate::api::*;
use crate::cluster::Store;
use crate::kubelet::KubeletState;
use crate::time::{SimDuration, SimTime};
use crate::traffic::TrafficState;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// metrics-server's memory between scrapes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct UsageState {
    /// What each pod (by uid) used since the last scrape.
    window: BTreeMap<String, PodWindow>,
    /// The last scrape: the window's start.
    last_scrape: Option<SimTime>,
}

impl UsageState {
    pub(crate) fn is_empty(&self) -> bool {
        self.window.is_empty() && self.last_scrape.is_none()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct PodWindow {
    namespace: String,
    name: String,
    node: String,
    /// Running at the last scrape: the window covers it whole, so it has a rate at the next.
    counted: bool,
    /// The last second it was seen running.
    seen: SimTime,
    containers: Vec<ContainerWindow>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct ContainerWindow {
    name: String,
    /// CPU used in the window, in millicore-seconds.
    cpu_milli_secs: u64,
    /// The working set in the last second.
    memory_bytes: u64,
}

/// The second that just ended (`store.now()`): OOM kills, then the scrape window. Returns whether
/// a container was OOM-killed (the kubelet has a timer due in the next second).
pub(crate) fn tick(u: &mut UsageState, store: &mut Store, traffic: &TrafficState, kubelet: &mut KubeletState) -> bool {
    let now = store.now();
    let killed = oom(store, traffic, kubelet, now);
    if store.metrics_api().pinned {
        return killed;
    }
    match server::running_since(store) {
        None => {
            if !u.is_empty() {
                *u = UsageState::default();
            }
            if !store.metrics_api().is_empty() {
                store.set_metrics_api(MetricsApi::default());
            }
        }
        Some(since) => {
            accumulate(u, store, Some(traffic), now, 1);
            if server::scrapes_at(since, now) {
                scrape(u, store, now);
            }
            let serving = server::serving(store);
            if store.metrics_api().available != serving {
                store.metrics_api_mut().available = serving;
            }
        }
    }
    killed
}

/// The Metrics API is served while a metrics-server pod is Ready: the aggregator sees its
/// Service's endpoints change at once, so this runs in every settle round (`Cluster::settle`),
/// not only with the next second's scrape.
pub(crate) fn sync_available(store: &mut Store) {
    if store.metrics_api().pinned {
        return;
    }
    if store.metrics_api().is_empty() && !server::installed_in(store) {
        return;
    }
    let serving = server::serving(store);
    if store.metrics_api().available != serving {
        store.metrics_api_mut().available = serving;
    }
}

/// `steps` idle seconds after now (no traffic, no scrape, nothing else due): the idle use of each
/// of them, as `tick` would have added it.
pub(crate) fn fast_forward(u: &mut UsageState, store: &Store, steps: u64) {
    if steps == 0 || server::running_since(store).is_none() {
        return;
    }
    let end = store.now() + SimDuration::from_secs(steps);
    accumulate(u, store, None, end, steps);
}

/// When `Cluster::idle_steps` must stop: the next scrape while metrics-server runs; the next
/// second when the served state is out of date (the server stopped, or its readiness changed).
pub(crate) fn next_due(u: &UsageState, store: &Store) -> Option<SimTime> {
    let now = store.now();
    let soon = now + SimDuration::from_secs(1);
    if store.metrics_api().pinned {
        return None;
    }
    match server::running_since(store) {
        None => (!u.is_empty() || !store.metrics_api().is_empty()).then_some(soon),
        Some(_) if server::serving(store) != store.metrics_api().available => Some(soon),
        Some(since) => Some(server::next_scrape(since, now)),
    }
}

/// After the cluster's clock jumped to the session's start (`Cluster::build`): the state a
/// metrics-server that had been scraping all along would have, with the cluster idle: the last
/// scrape's metrics served, and the window since it.
pub(crate) fn prime(u: &mut UsageState, store: &mut Store) {
    *u = UsageState::default();
    store.set_metrics_api(MetricsApi::default());
    let now = store.now();
    let Some(last) = server::running_since(store).and_then(|s| server::last_scrape(s, now)) else { return };
    let Some(before) = last.as_millis().checked_sub(server::RESOLUTION.as_millis()).map(SimTime) else { return };
    accumulate(u, store, None, last, server::RESOLUTION.as_secs());
    for w in u.window.values_mut() {
        w.counted = true;
    }
    u.last_scrape = Some(before);
    scrape(u, store, last);
    let since_last = now.since(last).as_secs();
    if since_last > 0 {
        accumulate(u, store, None, now, since_last);
    }
    store.metrics_api_mut().available = server::serving(store);
}

/// Adds `secs` seconds of every running container's use, ending at `at`; with `traffic`, the
/// requests each pod answered in the second `at` (else none).
fn accumulate(u: &mut UsageState, store: &Store, traffic: Option<&TrafficState>, at: SimTime, secs: u64) {
    let mut images = ImageUses::new();
    for pod in store.bound_pods() {
        if !pod.status.container_statuses.iter().any(|s| s.state.running.is_some()) {
            continue;
        }
        let requests = traffic.and_then(|t| t.pod(&pod.metadata.uid)).map(|p| p.rate_at(at)).unwrap_or(0);
        let uses = pod_second_cached(store, pod, requests, &mut images);
        let w = u.window.entry(pod.metadata.uid.clone()).or_insert_with(|| PodWindow {
            namespace: pod.metadata.ns().to_string(),
            name: pod.metadata.name.clone(),
            node: pod.spec.node_name.clone().unwrap_or_default(),
            ..Default::default()
        });
        w.seen = at;
        for (name, used, _) in uses {
            let i = match w.containers.iter().position(|c| c.name == name) {
                Some(i) => i,
                None => {
                    w.containers.push(ContainerWindow { name, ..Default::default() });
                    w.containers.len() - 1
                }
            };
            let c = &mut w.containers[i];
            c.cpu_milli_secs = c.cpu_milli_secs.saturating_add(used.cpu_milli.saturating_mul(secs));
            c.memory_bytes = used.memory_bytes;
        }
    }
}

/// A scrape at `now`: the window becomes what the Metrics API serves (pods running for the whole
/// window, nodes), and a new window starts.
fn scrape(u: &mut UsageState, store: &mut Store, now: SimTime) {
    let mut api = MetricsApi { available: store.metrics_api().available, ..Default::default() };
    if let Some(window) = u.last_scrape.map(|l| now.since(l)).filter(|w| w.as_secs() > 0) {
        let secs = window.as_secs();
        let mut nodes: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
        for w in u.window.values().filter(|w| w.seen == now) {
            let containers: Vec<ContainerUsage> = w
                .containers
                .iter()
                .map(|c| ContainerUsage {
                    name: c.name.clone(),
                    cpu_milli: c.cpu_milli_secs / secs,
                    memory_bytes: c.memory_bytes,
                })
                .collect();
            let node = nodes.entry(w.node.as_str()).or_default();
            for c in &containers {
                node.0 += c.cpu_milli;
                node.1 += c.memory_bytes;
            }
            if w.counted {
                api.pods.insert(
                    (w.namespace.clone(), w.name.clone()),
                    PodUsage {
                        namespace: w.namespace.clone(),
                        name: w.name.clone(),
                        timestamp: now,
                        window,
                        containers,
                    },
                );
            }
        }
        for n in store.list(Kind::Node, None).into_iter().filter_map(|o| match o {
            Object::Node(n) if n.is_ready() => Some(n),
            _ => None,
        }) {
            let (cpu, memory) = nodes.get(n.metadata.name.as_str()).copied().unwrap_or_default();
            api.nodes.insert(
                n.metadata.name.clone(),
                NodeUsage {
                    name: n.metadata.name.clone(),
                    timestamp: now,
                    window,
                    cpu_milli: cpu + server::NODE_SYSTEM_CPU_MILLI,
                    memory_bytes: memory + server::NODE_SYSTEM_MEMORY_BYTES,
                },
            );
        }
    }
    store.set_metrics_api(api);
    u.window.retain(|_, w| w.seen == now);
    for w in u.window.values_mut() {
        w.counted = true;
        for c in &mut w.containers {
            c.cpu_milli_secs = 0;
        }
    }
    u.last_scrape = Some(now);
}

/// The kernel's OOM killer: a container of a pod that answered requests this second whose
/// working set passes its memory limit is killed (the kubelet sees it exit in the next second).
fn oom(store: &Store, traffic: &TrafficState, kubelet: &mut KubeletState, now: SimTime) -> bool {
    let mut killed = false;
    for t in traffic.pods().filter(|t| t.last_at == now && t.last.requests > 0) {
        let Some(Object::Pod(pod)) = store.get(Kind::Pod, &t.namespace, &t.name) else { continue };
        for (name, used, limit) in pod_second(store, pod, t.last.requests) {
            if limit.is_some_and(|l| used.memory_bytes > l) {
                killed |= crate::kubelet::oom_kill(kubelet, &pod.metadata.uid, &name, now);
            }
        }
    }
    killed
}
