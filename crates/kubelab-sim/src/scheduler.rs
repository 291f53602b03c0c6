//! The scheduler: binds pending pods to nodes.
//!
//! Filter (like kube-scheduler's plugins): the node is Ready and schedulable, the pod tolerates
//! its `NoSchedule` taints, matches its `nodeSelector`, and its CPU and memory requests fit in
//! what the node has left (`allocatable` minus the requests of pods already there), and the node
//! is below its pod limit. Score: fewest pods of the same owner on the node (spreading replicas),
//! then the least requested CPU fraction; ties are broken by the seeded RNG, as the real
//! scheduler picks randomly among the best nodes. Failures produce a `FailedScheduling` event with
//! the real message shape (`0/3 nodes are available: ...`), recorded again only when it changes.
//!
//! The scheduling queue (`pkg/scheduler/internal/queue`): a new pending pod is tried at once; a
//! pod that did not fit waits among the unschedulable pods and is not tried again until a
//! cluster event could make it fit (a node added or changed, a bound pod deleted or finished),
//! and then only once its back-off has passed (1 s after the first failed attempt, doubling up
//! to 10 s), or until it has waited `POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION` (5 minutes). So a
//! cluster with thousands of pods that cannot fit does not re-score them every second.
//!
//! On a cluster of 100 nodes or more, as in kube-scheduler, the filters stop once
//! `numFeasibleNodesToFind` nodes fit (the adaptive `percentageOfNodesToScore`: 10% of 5,000
//! nodes), and only those are scored; each pod's search starts where the last one ended
//! (`nextStartNodeIndex`), so every node gets its turn. The real scheduler filters nodes in
//! parallel and in the order of its zone-interleaved node tree; here they are filtered one
//! after another in name order.
//!
//! Simplifications: no affinity, topology spread constraints, priorities or preemption; every
//! cluster event above requeues every unschedulable pod (no queueing hints per plugin), and the
//! 5-minute flush is exact rather than checked every 30 s.

use crate::api::*;
use crate::cluster::nodes::{position, NodeCopies};
use crate::cluster::{Api, Store};
use crate::hash::fnv64;
use crate::rng::SimRng;
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct SchedulerState {
    /// Tie-breaks among equally good nodes: the scheduler's own stream.
    rng: SimRng,
    /// The last failure message per pod uid (to avoid repeating identical events every tick).
    last_failure: BTreeMap<String, String>,
    /// The unschedulable pods and the back-off queue, by pod uid.
    #[serde(default)]
    unschedulable: BTreeMap<String, Queued>,
    /// What the last pass saw of the nodes and the bound pods: when it differs, a cluster event
    /// happened and the unschedulable pods move back to be retried.
    #[serde(default)]
    seen: u64,
    /// The store's write count after the last pass, and the earliest instant a queued pod is
    /// due: with no write since and nothing due, a pass would change nothing and is skipped.
    #[serde(skip)]
    idle: Option<(u64, SimTime)>,
    /// The key of each queued pod (by uid), so that the due ones are found without a scan of
    /// every queued pod. A cache: empty after deserialising, and a miss means a scan.
    #[serde(skip)]
    keys: BTreeMap<String, ObjectKey>,
    /// `nextStartNodeIndex`: where the next pod's search for feasible nodes starts, so that on
    /// a cluster where only part of the nodes is searched every node gets its turn.
    /// (Always 0 below 100 nodes, and then not written.)
    #[serde(default, skip_serializing_if = "crate::api::meta::is_zero")]
    next_start: usize,
    /// The nodes as the last pass copied them.
    #[serde(skip)]
    nodes: NodeCopies,
}

/// A pod that failed to schedule.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
struct Queued {
    /// Failed attempts so far.
    attempts: u32,
    last_attempt: SimTime,
    /// A cluster event moved it out of the unschedulable pods (to the back-off or active queue).
    moved: bool,
}

/// `DefaultPodInitialBackoffDuration`.
pub(crate) const POD_INITIAL_BACKOFF: SimDuration = SimDuration::from_secs(1);
/// `DefaultPodMaxBackoffDuration`.
pub(crate) const POD_MAX_BACKOFF: SimDuration = SimDuration::from_secs(10);
/// `DefaultPodMaxInUnschedulablePodsDuration`.
pub(crate) const POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION: SimDuration = SimDuration::from_secs(300);

impl Queued {
    /// The back-off after `attempts` failed attempts (`calculateBackoffDuration`).
    fn backoff(&self) -> SimDuration {
        let mut d = POD_INITIAL_BACKOFF.as_millis();
        for _ in 1..self.attempts {
            d = (d * 2).min(POD_MAX_BACKOFF.as_millis());
        }
        SimDuration::from_millis(d.min(POD_MAX_BACKOFF.as_millis()))
    }
    /// When it is tried again: after its back-off once moved, else after the flush interval.
    fn due(&self) -> SimTime {
        if self.moved {
            self.last_attempt + self.backoff()
        } else {
            self.last_attempt + POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION
        }
    }
}

impl SchedulerState {
    pub(crate) fn new(rng: SimRng) -> SchedulerState {
        SchedulerState {
            rng,
            last_failure: BTreeMap::new(),
            unschedulable: BTreeMap::new(),
            seen: 0,
            idle: None,
            keys: BTreeMap::new(),
            next_start: 0,
            nodes: NodeCopies::default(),
        }
    }
}

#[derive(Default)]
struct NodeUse {
    cpu: i64,
    memory: i64,
    pods: i64,
}

fn tolerates(pod: &Pod, taint: &Taint) -> bool {
    pod.spec.tolerations.iter().any(|t| {
        let key_ok = match (&t.key, t.operator.as_deref()) {
            (None, Some("Exists")) => true,
            (Some(k), _) => k == &taint.key,
            (None, _) => false,
        };
        let effect_ok = t.effect.as_deref().is_none_or(|e| e.is_empty() || e == taint.effect);
        let value_ok = t.operator.as_deref() == Some("Exists") || t.value == taint.value;
        key_ok && effect_ok && value_ok
    })
}

pub(crate) fn reconcile(api: &mut Api<'_, SchedulerState>) {
    let now = api.now();
    if let Some((writes, due)) = api.own.idle {
        if writes == api.writes() && now < due {
            api.wake_at(due);
            return;
        }
    }
    // First pass: the cluster as scheduling sees it (nodes, bound pods), the new pending pods,
    // and how many pending pods wait in the queue.
    let new_pods: Vec<(SimTime, ObjectKey)> =
        api.unscheduled_pods(false).map(|p| (p.metadata.creation_timestamp, pod_key(p))).collect();
    let queued = api.unscheduled_count(true);
    if !api.own.unschedulable.is_empty() && digest(api) != api.own.seen {
        // A cluster event: every unschedulable pod moves to the back-off or active queue.
        for q in api.own.unschedulable.values_mut() {
            q.moved = true;
        }
    }
    // The queue forgets pods that were deleted or bound by someone else.
    if api.own.unschedulable.len() != queued {
        let waiting: std::collections::BTreeSet<String> =
            api.unscheduled_pods(true).map(|p| p.metadata.uid.clone()).collect();
        api.own.unschedulable.retain(|uid, _| waiting.contains(uid));
        api.own.last_failure.retain(|uid, _| waiting.contains(uid));
        api.own.keys.retain(|uid, _| waiting.contains(uid));
    }
    // Second pass, only when a queued pod is due (or one is missing from the queue): which
    // ones to retry.
    let mut attempt = new_pods;
    if api.own.unschedulable.len() != queued || api.own.unschedulable.values().any(|q| now >= q.due()) {
        match due_by_key(api, queued) {
            Some(due) => attempt.extend(due),
            None => {
                for p in api.unscheduled_pods(true) {
                    if api.own.unschedulable.get(&p.metadata.uid).is_none_or(|q| now >= q.due()) {
                        attempt.push((p.metadata.creation_timestamp, pod_key(p)));
                    }
                }
            }
        }
    }
    crate::sort::natural(&mut attempt);
    if !attempt.is_empty() {
        bind_pods(api, &attempt);
        // The pods this pass bound are no cluster event for the next one.
        api.own.seen = if api.own.unschedulable.is_empty() { 0 } else { digest(api) };
    }
    let due = api.own.unschedulable.values().map(Queued::due).min().unwrap_or(SimTime(u64::MAX));
    api.own.idle = Some((api.writes(), due));
    api.wake_at(due);
}

/// The queued pods that are due, found by their remembered keys: what a scan of the queued
/// pods for due ones gives, when every queued pod is in the queue with its key remembered and
/// is still waiting (else `None`, and the caller scans).
fn due_by_key(api: &Api<'_, SchedulerState>, queued: usize) -> Option<Vec<(SimTime, ObjectKey)>> {
    let now = api.now();
    if api.own.unschedulable.len() != queued {
        return None;
    }
    let mut due = Vec::new();
    for (uid, q) in &api.own.unschedulable {
        if now < q.due() {
            continue;
        }
        let key = api.own.keys.get(uid)?;
        let p = api.get_by_key(key).and_then(Object::as_pod)?;
        if &p.metadata.uid != uid || p.spec.node_name.is_some() || p.metadata.is_deleting() {
            return None;
        }
        due.push((p.metadata.creation_timestamp, key.clone()));
    }
    Some(due)
}

/// What scheduling depends on, as one number: the nodes (by resource version) and the pods
/// bound to them that still hold their resources. A change means a cluster event.
fn digest(store: &Store) -> u64 {
    let mut seen: u64 = 0;
    for o in store.list(Kind::Node, None) {
        let m = o.meta();
        seen = seen.wrapping_add(fnv64(&m.name).wrapping_mul(m.resource_version | 1));
    }
    // Claims bound, created or deleted (the VolumeBinding plugin's cluster events).
    for o in store.list(Kind::PersistentVolumeClaim, None) {
        let m = o.meta();
        seen = seen.wrapping_add(fnv64(&m.uid).wrapping_mul(m.resource_version | 1));
    }
    // The bound pods that are not terminal: `fnv64(uid) | 1` each, summed as they are written.
    seen.wrapping_add(store.bound_digest())
}

fn pod_key(p: &Pod) -> ObjectKey {
    ObjectKey::new(Kind::Pod, p.metadata.ns(), &p.metadata.name)
}

/// Tries each pod of `attempt` (in queue order) on the nodes: binds it, or records why not.
fn bind_pods(api: &mut Api<'_, SchedulerState>, attempt: &[(SimTime, ObjectKey)]) {
    let now = api.now();
    let nodes = std::mem::take(&mut api.own.nodes).current(api);
    // What the bound pods request, per node position (`None`: no pod counted there yet).
    let mut usage: Vec<Option<NodeUse>> = (0..nodes.len()).map(|_| None).collect();
    // Pods per owner uid, then per node position.
    let mut owner_counts: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for p in api.bound_pods() {
        let Some(node) = &p.spec.node_name else { continue };
        if p.status.phase == "Succeeded" || p.status.phase == "Failed" {
            continue;
        }
        // Pods of a node that is gone hold nothing any node offers.
        let Some(i) = position(&nodes, node) else { continue };
        let u = usage[i].get_or_insert_with(NodeUse::default);
        for c in &p.spec.containers {
            u.cpu += c.resources.cpu_request_millis();
            u.memory += c.resources.memory_request_bytes();
        }
        u.pods += 1;
        if let Some(owner) = p.metadata.controller_ref() {
            count_owner(&mut owner_counts, &owner.uid, i, nodes.len());
        }
    }
    let course = !api.version().at_least(20);
    // What each node offers, parsed once per pass rather than once per pod and node.
    let facts: Vec<NodeFacts> = nodes
        .iter()
        .map(|n| NodeFacts {
            ready: n.is_ready(),
            pods: n.allocatable_pods(),
            cpu: n.allocatable_cpu_millis(),
            memory: n.allocatable_memory_bytes(),
        })
        .collect();
    let view = View {
        nodes: &nodes,
        facts: &facts,
        course,
        tolerations_for_cordon: api.version().at_least(12),
        to_find: feasible_nodes_to_find(api.version(), nodes.len()),
    };
    for (_, key) in attempt {
        // The pod is read in place: it is cloned only when it is written.
        let Some(pod) = api.get_by_key(key).and_then(Object::as_pod) else { continue };
        let uid = pod.metadata.uid.clone();
        let start = api.own.next_start % nodes.len().max(1);
        match verdict(api, &view, start, pod, &usage, &owner_counts) {
            Verdict::Fails(msg) => {
                let q = api.own.unschedulable.entry(uid.clone()).or_insert(Queued {
                    attempts: 0,
                    last_attempt: now,
                    moved: false,
                });
                q.attempts += 1;
                q.last_attempt = now;
                q.moved = false;
                if !api.own.keys.contains_key(&uid) {
                    api.own.keys.insert(uid.clone(), key.clone());
                }
                if api.own.last_failure.get(&uid) != Some(&msg) {
                    api.own.last_failure.insert(uid, msg.clone());
                    let Some(mut p) = api.get_by_key(key).and_then(Object::as_pod).cloned() else { continue };
                    api.record_event_for_key(
                        key,
                        "Warning",
                        "FailedScheduling",
                        msg.clone(),
                        "default-scheduler",
                        None,
                    );
                    set_scheduled_condition(&mut p, "False", "Unschedulable", &msg, api.now());
                    api.put(Object::Pod(p));
                }
            }
            Verdict::Fits { best, cpu, memory, owner, searched } => {
                api.own.next_start = (start + searched) % nodes.len().max(1);
                let pick = api.own.rng.below(best.len() as u64) as usize;
                let Some(&chosen) = best.get(pick) else { continue };
                let Some(mut pod) = api.get_by_key(key).and_then(Object::as_pod).cloned() else { continue };
                api.own.last_failure.remove(&uid);
                api.own.unschedulable.remove(&uid);
                api.own.keys.remove(&uid);
                let name = nodes[chosen].metadata.name.clone();
                let msg = format!("Successfully assigned {}/{} to {}", pod.metadata.ns(), pod.metadata.name, name);
                pod.spec.node_name = Some(name);
                set_scheduled_condition(&mut pod, "True", "", "", api.now());
                let u = usage[chosen].get_or_insert_with(NodeUse::default);
                u.cpu += cpu;
                u.memory += memory;
                u.pods += 1;
                if let Some(o) = &owner {
                    count_owner(&mut owner_counts, o, chosen, nodes.len());
                }
                api.put(Object::Pod(pod));
                api.record_event_for_key(key, "Normal", "Scheduled", msg, "default-scheduler", None);
            }
        }
    }
    api.own.nodes.keep(nodes);
}

/// Counts one more pod of `owner` on node position `i` (of `n`).
fn count_owner(counts: &mut BTreeMap<String, Vec<i64>>, owner: &str, i: usize, n: usize) {
    let per_node = match counts.get_mut(owner) {
        Some(v) => v,
        None => counts.entry(owner.to_string()).or_insert_with(|| vec![0; n]),
    };
    if let Some(c) = per_node.get_mut(i) {
        *c += 1;
    }
}

/// What one node offers, read once per pass: ready, and allocatable pods, CPU (millicores) and
/// memory (bytes).
struct NodeFacts {
    ready: bool,
    pods: i64,
    cpu: i64,
    memory: i64,
}

/// The nodes as one scheduling pass sees them.
struct View<'a> {
    nodes: &'a [Node],
    /// Per node position, what it offers.
    facts: &'a [NodeFacts],
    course: bool,
    /// A pod that tolerates the `unschedulable` taint may go to a cordoned node (1.12+).
    tolerations_for_cordon: bool,
    /// How many feasible nodes end the search ([`feasible_nodes_to_find`]).
    to_find: usize,
}

/// `numFeasibleNodesToFind`: how many feasible nodes the scheduler looks for before it stops
/// filtering and scores them. Every node on a cluster of fewer than 100 nodes (and before
/// 1.12, when every node was always searched); else `percentageOfNodesToScore` of them, at
/// least 100: 50% in 1.12 and 1.13, and since 1.14 the adaptive default, `50 - nodes/125`
/// percent but at least 5% (10% of 5,000 nodes: 500).
fn feasible_nodes_to_find(version: crate::cluster::KubeVersion, nodes: usize) -> usize {
    const MIN_FEASIBLE_NODES_TO_FIND: usize = 100;
    const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND: usize = 5;
    if nodes < MIN_FEASIBLE_NODES_TO_FIND || !version.at_least(12) {
        return nodes;
    }
    let percentage = if version.at_least(14) {
        50usize.saturating_sub(nodes / 125).max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND)
    } else {
        50
    };
    (nodes * percentage / 100).max(MIN_FEASIBLE_NODES_TO_FIND)
}

/// What the filters and scores make of one pod.
enum Verdict {
    /// No node fits: the `FailedScheduling` message.
    Fails(String),
    /// The positions of the best-scoring feasible nodes (one is drawn), with what the pod
    /// requests, and how many nodes the search looked at.
    Fits { best: Vec<usize>, cpu: i64, memory: i64, owner: Option<String>, searched: usize },
}

/// Runs the filters (readiness, cordon, taints, node selector, resources; a claim's
/// VolumeBinding PreFilter) on the nodes of `view` from position `start` on, round the end,
/// until `view.to_find` of them fit or every node was looked at, and scores those that fit.
fn verdict(
    store: &Store,
    view: &View<'_>,
    start: usize,
    pod: &Pod,
    usage: &[Option<NodeUse>],
    owner_counts: &BTreeMap<String, Vec<i64>>,
) -> Verdict {
    let (nodes, course) = (view.nodes, view.course);
    let cpu: i64 = pod.spec.containers.iter().map(|c| c.resources.cpu_request_millis()).sum();
    let memory: i64 = pod.spec.containers.iter().map(|c| c.resources.memory_request_bytes()).sum();
    let mut reasons: BTreeMap<String, i64> = BTreeMap::new();
    let mut feasible: Vec<usize> = Vec::new();
    // The VolumeBinding plugin's PreFilter: a missing or unbound claim rejects every node.
    let volume_reason = crate::controllers::volume::unschedulable_reason(store, pod);
    let tolerates_cordon =
        view.tolerations_for_cordon && tolerates(pod, &crate::controllers::nodelifecycle::unschedulable_taint());
    let mut node_reasons: Vec<&'static str> = Vec::new();
    let mut searched = nodes.len();
    let order = (0..nodes.len()).map(|step| (step, (start + step) % nodes.len()));
    for (step, i) in order.filter(|_| volume_reason.is_none()) {
        let (Some(node), Some(f)) = (nodes.get(i), view.facts.get(i)) else { continue };
        let (used_cpu, used_mem, used_pods) =
            usage.get(i).and_then(Option::as_ref).map(|u| (u.cpu, u.memory, u.pods)).unwrap_or((0, 0, 0));
        node_reasons.clear();
        let mut taint_reason: Option<String> = None;
        if !f.ready {
            node_reasons.push("node(s) were not ready");
        } else if node.spec.unschedulable == Some(true) && !tolerates_cordon {
            node_reasons.push("node(s) were unschedulable");
        } else if let Some(t) = node.spec.taints.iter().find(|t| t.effect == "NoSchedule" && !tolerates(pod, t)) {
            if course {
                node_reasons.push("node(s) had taints that the pod didn't tolerate");
            } else {
                taint_reason = Some(format!(
                    "node(s) had untolerated taint {{{}: {}}}",
                    t.key,
                    t.value.clone().unwrap_or_default()
                ));
            }
        } else if pod.spec.node_selector.iter().any(|(k, v)| node.metadata.labels.get(k) != Some(v)) {
            node_reasons.push(if course {
                "node(s) didn't match node selector"
            } else {
                "node(s) didn't match Pod's node affinity/selector"
            });
        } else {
            if used_pods + 1 > f.pods {
                node_reasons.push("Too many pods");
            }
            if cpu > 0 && used_cpu + cpu > f.cpu {
                node_reasons.push("Insufficient cpu");
            }
            if memory > 0 && used_mem + memory > f.memory {
                node_reasons.push("Insufficient memory");
            }
        }
        if node_reasons.is_empty() && taint_reason.is_none() {
            feasible.push(i);
            if feasible.len() >= view.to_find {
                searched = step + 1;
                break;
            }
        } else {
            if let Some(r) = taint_reason {
                *reasons.entry(r).or_default() += 1;
            }
            for r in &node_reasons {
                match reasons.get_mut(*r) {
                    Some(n) => *n += 1,
                    None => {
                        reasons.insert(r.to_string(), 1);
                    }
                }
            }
        }
    }
    if feasible.is_empty() {
        let mut parts: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
        crate::sort::natural(&mut parts);
        let mut msg = format!("0/{} nodes are available: {}.", nodes.len(), parts.join(", "));
        if let Some(reason) = &volume_reason {
            // 1.11 reported the claim lookup as the scheduling error itself.
            msg = if course { reason.clone() } else { format!("0/{} nodes are available: {reason}.", nodes.len()) };
        }
        if !course {
            let not_helpful: i64 = if volume_reason.is_some() {
                nodes.len() as i64
            } else {
                reasons
                    .iter()
                    .filter(|(r, _)| !r.starts_with("Insufficient") && *r != "Too many pods")
                    .map(|(_, n)| *n)
                    .sum()
            };
            let victims = nodes.len() as i64 - not_helpful;
            let mut pre: Vec<String> = Vec::new();
            if not_helpful > 0 {
                pre.push(format!("{not_helpful} Preemption is not helpful for scheduling"));
            }
            if victims > 0 {
                pre.push(format!("{victims} No preemption victims found for incoming pod"));
            }
            msg.push_str(&format!(" preemption: 0/{} nodes are available: {}.", nodes.len(), pre.join(", ")));
        }
        return Verdict::Fails(msg);
    }
    let owner = pod.metadata.controller_ref().map(|o| o.uid.clone());
    let same_owner = owner.as_ref().and_then(|o| owner_counts.get(o));
    let score = |i: usize| {
        let same = same_owner.and_then(|v| v.get(i)).copied().unwrap_or(0);
        let max_cpu = view.facts.get(i).map(|f| f.cpu).unwrap_or_default();
        let cpu_frac =
            usage.get(i).and_then(Option::as_ref).map(|u| (u.cpu + cpu) * 1000 / max_cpu.max(1)).unwrap_or(0);
        (same, cpu_frac / 100)
    };
    let scores: Vec<(i64, i64)> = feasible.iter().map(|&i| score(i)).collect();
    let best = scores.iter().min().copied().unwrap_or((0, 0));
    let best_nodes: Vec<usize> = feasible.iter().zip(&scores).filter(|(_, s)| **s == best).map(|(&i, _)| i).collect();
    Verdict::Fits { best: best_nodes, cpu, memory, owner, searched }
}

fn set_scheduled_condition(
    pod: &mut Pod,
    status: &'static str,
    reason: &str,
    message: &str,
    now: crate::time::SimTime,
) {
    pod.status.conditions.retain(|c| c.type_ != "PodScheduled");
    pod.status.conditions.push(Condition {
        type_: "PodScheduled".into(),
        status: status.into(),
        last_probe_time: None,
        last_transition_time: Some(now),
        reason: reason.into(),
        message: message.into(),
        ..Default::default()
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queued(attempts: u32, moved: bool) -> Queued {
        Queued { attempts, last_attempt: SimTime(100_000), moved }
    }

    /// `numFeasibleNodesToFind` for each era.
    #[test]
    fn feasible_nodes_to_find_follows_the_adaptive_percentage() {
        use crate::cluster::KubeVersion;
        let v = |minor| KubeVersion { major: 1, minor, patch: 0 };
        // (nodes, 1.11, 1.13, 1.33): every node below 100; 50% in 1.12-1.13; since 1.14
        // 50 - nodes/125 percent, at least 5%, and never fewer than 100 nodes.
        let table = [
            (3, 3, 3, 3),
            (99, 99, 99, 99),
            (100, 100, 100, 100),
            (500, 500, 250, 230),
            (1000, 1000, 500, 420),
            (5000, 5000, 2500, 500),
            (6000, 6000, 3000, 300),
            (20000, 20000, 10000, 1000),
        ];
        for (nodes, v11, v13, v33) in table {
            assert_eq!(feasible_nodes_to_find(v(11), nodes), v11, "{nodes} nodes, 1.11");
            assert_eq!(feasible_nodes_to_find(v(13), nodes), v13, "{nodes} nodes, 1.13");
            assert_eq!(feasible_nodes_to_find(v(33), nodes), v33, "{nodes} nodes, 1.33");
        }
    }

    /// `calculateBackoffDuration`: 1 s, doubling per failed attempt, at most 10 s.
    #[test]
    fn backoff_doubles_up_to_ten_seconds() {
        let secs: Vec<u64> = (1..=7).map(|a| queued(a, true).backoff().as_millis() / 1000).collect();
        assert_eq!(secs, [1, 2, 4, 8, 10, 10, 10]);
    }

    /// Without a cluster event a pod waits 5 minutes; after one, only its back-off.
    #[test]
    fn due_after_backoff_once_moved_else_after_five_minutes() {
        assert_eq!(queued(3, true).due(), SimTime(104_000));
        assert_eq!(queued(3, false).due(), SimTime(400_000));
    }
}
