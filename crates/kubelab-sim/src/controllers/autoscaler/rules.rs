//! The Cluster Autoscaler's arithmetic and rules, as pure functions: a node's utilization
//! (`simulator/utilization`), which pods block a node's removal (`simulator/drainability`
//! rules, in their order), whether a pod fits a node of a group (`simulator` predicate checks,
//! reduced to what the lab's scheduler filters), and first-fit bin packing for the number of
//! new nodes (`estimator/binpacking_estimator.go`).

use crate::api::*;

/// `cluster-autoscaler.kubernetes.io/safe-to-evict`.
pub const SAFE_TO_EVICT: &str = "cluster-autoscaler.kubernetes.io/safe-to-evict";
/// `cluster-autoscaler.kubernetes.io/scale-down-disabled` (on a node).
pub const SCALE_DOWN_DISABLED: &str = "cluster-autoscaler.kubernetes.io/scale-down-disabled";
/// The taint a node gets once it is picked for removal.
pub const TO_BE_DELETED_TAINT: &str = "ToBeDeletedByClusterAutoscaler";
/// How long past its grace period a terminating pod still counts (`PodLongTerminatingExtraThreshold`).
const LONG_TERMINATING_EXTRA_MS: u64 = 30_000;

pub fn is_daemonset_pod(p: &Pod) -> bool {
    p.metadata.controller_ref().is_some_and(|r| r.kind == "DaemonSet")
}

pub fn is_mirror_pod(p: &Pod) -> bool {
    p.metadata.annotations.contains_key("kubernetes.io/config.mirror")
}

fn finished(p: &Pod) -> bool {
    p.status.phase == "Succeeded" || p.status.phase == "Failed"
}

/// A pod whose grace period ended more than 30 s ago (`drain.IsPodLongTerminating`): the lab
/// keeps the deadline in `deletionTimestamp`.
pub fn long_terminating(p: &Pod, now: crate::time::SimTime) -> bool {
    p.metadata
        .deletion_timestamp
        .is_some_and(|d| d.as_millis().saturating_add(LONG_TERMINATING_EXTRA_MS) < now.as_millis())
}

/// The requests of a pod (the sum over its containers).
pub fn requests(p: &Pod) -> (i64, i64) {
    p.spec
        .containers
        .iter()
        .fold((0, 0), |(c, m), k| (c + k.resources.cpu_request_millis(), m + k.resources.memory_request_bytes()))
}

/// A node's utilization (`utilization.Calculate`): each resource's requested share of
/// allocatable, and the larger of the two.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Utilization {
    pub cpu: f64,
    pub memory: f64,
}

impl Utilization {
    pub fn max(&self) -> f64 {
        self.cpu.max(self.memory)
    }
    /// Which resource decides (`cpu` on ties, as upstream compares `>`).
    pub fn resource(&self) -> &'static str {
        if self.memory > self.cpu {
            "memory"
        } else {
            "cpu"
        }
    }
    /// Go's `%v` of upstream's `UtilizationInfo{CpuUtil, MemUtil, GpuUtil, ResourceName, Utilization}`.
    pub fn go_text(&self) -> String {
        format!("{{{} {} 0 {} {}}}", self.cpu, self.memory, self.resource(), self.max())
    }
}

/// Utilization of a node with `alloc` (cpu millis, memory bytes) running `pods`. DaemonSet and
/// mirror pods count unless ignored; ignored ones are taken off allocatable too. Pods long past
/// their grace period do not count. `Err` when the node has no cpu or memory allocatable.
pub fn utilization(
    alloc: (i64, i64),
    pods: &[&Pod],
    ignore_daemonsets: bool,
    ignore_mirror: bool,
    now: crate::time::SimTime,
) -> Result<Utilization, String> {
    let (mut cpu_alloc, mut mem_alloc) = alloc;
    let (mut cpu, mut mem) = (0i64, 0i64);
    for p in pods {
        if long_terminating(p, now) || finished(p) {
            continue;
        }
        let (c, m) = requests(p);
        if (ignore_daemonsets && is_daemonset_pod(p)) || (ignore_mirror && is_mirror_pod(p)) {
            cpu_alloc -= c;
            mem_alloc -= m;
            continue;
        }
        cpu += c;
        mem += m;
    }
    if cpu_alloc <= 0 {
        return Err("cpu not found in node allocatable".into());
    }
    if mem_alloc <= 0 {
        return Err("memory not found in node allocatable".into());
    }
    Ok(Utilization { cpu: cpu as f64 / cpu_alloc as f64, memory: mem as f64 / mem_alloc as f64 })
}

/// Why a pod keeps its node (`drain.BlockingPodReason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BlockingReason {
    NotSafeToEvictAnnotation,
    LocalStorageRequested,
    NotReplicated,
    UnmovableKubeSystemPod,
    NotEnoughPdb,
}

impl BlockingReason {
    pub fn name(self) -> &'static str {
        match self {
            BlockingReason::NotSafeToEvictAnnotation => "NotSafeToEvictAnnotation",
            BlockingReason::LocalStorageRequested => "LocalStorageRequested",
            BlockingReason::NotReplicated => "NotReplicated",
            BlockingReason::UnmovableKubeSystemPod => "UnmovableKubeSystemPod",
            BlockingReason::NotEnoughPdb => "NotEnoughPdb",
        }
    }
    /// The autoscaler's log line for it (`drain.GetPodsForDeletion`'s errors).
    pub fn message(self, pod: &Pod) -> String {
        let name = &pod.metadata.name;
        match self {
            BlockingReason::NotSafeToEvictAnnotation => format!("pod annotated as not safe to evict present: {name}"),
            BlockingReason::LocalStorageRequested => format!("pod with local storage present: {name}"),
            BlockingReason::NotReplicated => format!("{}/{name} is not replicated", pod.metadata.ns()),
            BlockingReason::UnmovableKubeSystemPod => {
                format!("non-daemonset, non-mirrored, non-pdb-assigned kube-system pod present: {name}")
            }
            BlockingReason::NotEnoughPdb => {
                format!("not enough pod disruption budget to move {}/{name}", pod.metadata.ns())
            }
        }
    }
}

/// What the drainability rules say of one pod on a node considered for removal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drain {
    /// Not moved and not in the way (mirror, DaemonSet, finished or long-terminating pods).
    Skip,
    /// Evicted when the node goes.
    Move,
    Block(BlockingReason),
}

/// A `hostPath` or an `emptyDir` not backed by memory.
pub fn has_local_storage(p: &Pod) -> bool {
    p.spec.extra.get("volumes").and_then(serde_json::Value::as_array).is_some_and(|vs| {
        vs.iter().any(|v| {
            v.get("hostPath").is_some()
                || v.get("emptyDir").is_some_and(|e| e.get("medium").and_then(|m| m.as_str()) != Some("Memory"))
        })
    })
}

/// The rules in upstream's order (`simulator/drainability/rules/rules.go` `Default`; the first
/// rule with an outcome decides): mirror and long-terminating pods (skipped), DaemonSet pods
/// (drained with the node, not moved), `safe-to-evict: "true"` (movable: no later rule is
/// asked, the budget included; the eviction itself still asks it), finished pods (skipped), then
/// the blocking checks: not replicated, kube-system without a budget, `safe-to-evict: "false"`,
/// local storage, a budget that allows no disruption. `budget` is `None` without a budget, else
/// whether it still allows one more disruption.
pub fn drainability(p: &Pod, budget: Option<bool>, now: crate::time::SimTime) -> Drain {
    if is_mirror_pod(p) || long_terminating(p, now) || is_daemonset_pod(p) {
        return Drain::Skip;
    }
    let safe = p.metadata.annotations.get(SAFE_TO_EVICT).map(String::as_str);
    if safe == Some("true") {
        return Drain::Move;
    }
    if finished(p) {
        return Drain::Skip;
    }
    if p.metadata.controller_ref().is_none() {
        return Drain::Block(BlockingReason::NotReplicated);
    }
    if p.metadata.ns() == "kube-system" && budget.is_none() {
        return Drain::Block(BlockingReason::UnmovableKubeSystemPod);
    }
    if safe == Some("false") {
        return Drain::Block(BlockingReason::NotSafeToEvictAnnotation);
    }
    if has_local_storage(p) {
        return Drain::Block(BlockingReason::LocalStorageRequested);
    }
    if budget == Some(false) {
        return Drain::Block(BlockingReason::NotEnoughPdb);
    }
    Drain::Move
}

/// A node shape's room: cpu millis, memory bytes, pods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Room {
    pub cpu: i64,
    pub memory: i64,
    pub pods: i64,
}

impl Room {
    pub fn fits(&self, cpu: i64, memory: i64) -> bool {
        self.pods >= 1 && cpu <= self.cpu && memory <= self.memory
    }
    pub fn take(&mut self, cpu: i64, memory: i64) {
        self.cpu -= cpu;
        self.memory -= memory;
        self.pods -= 1;
    }
    /// Why a pod of these requests does not fit an empty node of this room, as the
    /// scheduler's filters say it (`Insufficient cpu`, ...).
    pub fn misfit(&self, cpu: i64, memory: i64) -> Vec<&'static str> {
        let mut out = vec![];
        if self.pods < 1 {
            out.push("Too many pods");
        }
        if cpu > self.cpu {
            out.push("Insufficient cpu");
        }
        if memory > self.memory {
            out.push("Insufficient memory");
        }
        out
    }
}

/// First-fit bin packing (`BinpackingNodeEstimator`): how many empty nodes of `room` the pods
/// (cpu, memory) need, in the order given; pods that fit no empty node are left out.
pub fn nodes_needed(room: Room, pods: &[(i64, i64)], limit: u32) -> (u32, Vec<usize>) {
    let mut nodes: Vec<Room> = Vec::new();
    let mut placed = Vec::new();
    for (i, &(c, m)) in pods.iter().enumerate() {
        if !room.fits(c, m) {
            continue;
        }
        if let Some(n) = nodes.iter_mut().find(|n| n.fits(c, m)) {
            n.take(c, m);
            placed.push(i);
            continue;
        }
        if nodes.len() as u32 >= limit {
            continue;
        }
        let mut n = room;
        n.take(c, m);
        nodes.push(n);
        placed.push(i);
    }
    (nodes.len() as u32, placed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::SimTime;

    fn pod(cpu: Option<&str>, mem: Option<&str>) -> Pod {
        let mut p = Pod::default();
        p.metadata.name = "p".into();
        p.metadata.namespace = Some("default".into());
        let mut c = Container::default();
        if let Some(cpu) = cpu {
            c.resources.requests.insert("cpu".into(), serde_json::json!(cpu));
        }
        if let Some(m) = mem {
            c.resources.requests.insert("memory".into(), serde_json::json!(m));
        }
        p.spec.containers.push(c);
        p.status.phase = "Running".into();
        p
    }

    fn owned(mut p: Pod, kind: &str) -> Pod {
        p.metadata.owner_references.push(OwnerReference {
            kind: kind.into(),
            name: "o".into(),
            uid: "u".into(),
            controller: Some(true),
            ..Default::default()
        });
        p
    }

    fn mirror(mut p: Pod) -> Pod {
        p.metadata.annotations.insert("kubernetes.io/config.mirror".into(), "x".into());
        p
    }

    const NODE: (i64, i64) = (2000, 2_000_000);
    const NOW: SimTime = SimTime(3_600_000);

    /// `info_test.go` `TestCalculate`, node 2000m / 2,000,000 B.
    #[test]
    fn utilization_vectors_of_test_calculate() {
        let a = pod(Some("100m"), Some("200000"));
        let b = pod(Some("100m"), Some("200000"));
        let none = pod(None, None);
        let u = utilization(NODE, &[&a, &b, &none], false, false, NOW).expect("ok");
        assert!((u.cpu - 0.1).abs() < 1e-9 && (u.memory - 0.2).abs() < 1e-9);
        assert!((u.max() - 0.2).abs() < 1e-9);
        assert_eq!(u.resource(), "memory");
        // Two DaemonSet pods, ignored: allocatable shrinks to 1800m / 1.6 MB.
        let ds1 = owned(pod(Some("100m"), Some("200000")), "DaemonSet");
        let ds2 = owned(pod(Some("100m"), Some("200000")), "DaemonSet");
        let u = utilization(NODE, &[&a, &b, &none, &ds1, &ds2], true, false, NOW).expect("ok");
        assert!((u.max() - 0.25).abs() < 1e-9, "{u:?}");
        // A pod deleted 10 minutes ago (its grace period long over) does not count.
        let mut gone = pod(Some("100m"), Some("200000"));
        gone.metadata.deletion_timestamp = Some(SimTime(NOW.as_millis() - 600_000));
        let u = utilization(NODE, &[&a, &b, &none, &gone], false, false, NOW).expect("ok");
        assert!((u.max() - 0.2).abs() < 1e-9);
        // A mirror pod, ignored: 2/9.
        let m = mirror(pod(Some("100m"), Some("200000")));
        let u = utilization(NODE, &[&a, &b, &m], false, true, NOW).expect("ok");
        assert!((u.max() - 2.0 / 9.0).abs() < 1e-9, "{u:?}");
        // One pod, a mirror pod and a DaemonSet pod, both ignored: 1/8.
        let u = utilization(NODE, &[&a, &m, &ds1], true, true, NOW).expect("ok");
        assert!((u.max() - 0.125).abs() < 1e-9, "{u:?}");
        // No memory allocatable: an error.
        assert!(utilization((2000, 0), &[&a], false, false, NOW).is_err());
    }

    #[test]
    fn the_blocking_rules_in_order() {
        let rs = owned(pod(Some("100m"), None), "ReplicaSet");
        assert_eq!(drainability(&rs, None, NOW), Drain::Move);
        assert_eq!(drainability(&owned(pod(None, None), "DaemonSet"), None, NOW), Drain::Skip);
        assert_eq!(drainability(&mirror(pod(None, None)), None, NOW), Drain::Skip);
        // A bare pod.
        assert_eq!(drainability(&pod(None, None), None, NOW), Drain::Block(BlockingReason::NotReplicated));
        // Local storage: emptyDir (not in memory) and hostPath; a memory emptyDir is fine.
        let mut local = rs.clone();
        local.spec.extra.insert("volumes".into(), serde_json::json!([{"name": "d", "emptyDir": {}}]));
        assert_eq!(drainability(&local, None, NOW), Drain::Block(BlockingReason::LocalStorageRequested));
        let mut memory = rs.clone();
        memory
            .spec
            .extra
            .insert("volumes".into(), serde_json::json!([{"name": "d", "emptyDir": {"medium": "Memory"}}]));
        assert_eq!(drainability(&memory, None, NOW), Drain::Move);
        let mut host = rs.clone();
        host.spec.extra.insert("volumes".into(), serde_json::json!([{"name": "d", "hostPath": {"path": "/x"}}]));
        assert_eq!(drainability(&host, None, NOW), Drain::Block(BlockingReason::LocalStorageRequested));
        // kube-system without a budget; with one that allows a disruption it moves.
        let mut sys = rs.clone();
        sys.metadata.namespace = Some("kube-system".into());
        assert_eq!(drainability(&sys, None, NOW), Drain::Block(BlockingReason::UnmovableKubeSystemPod));
        assert_eq!(drainability(&sys, Some(true), NOW), Drain::Move);
        // A budget that allows nothing.
        assert_eq!(drainability(&rs, Some(false), NOW), Drain::Block(BlockingReason::NotEnoughPdb));
        // safe-to-evict: false blocks even a DaemonSet-less replicated pod; true lets a bare pod
        // with local storage go, and is a decision: the budget is not asked (the eviction asks it).
        let mut unsafe_pod = rs.clone();
        unsafe_pod.metadata.annotations.insert(SAFE_TO_EVICT.into(), "false".into());
        assert_eq!(drainability(&unsafe_pod, None, NOW), Drain::Block(BlockingReason::NotSafeToEvictAnnotation));
        let mut safe = pod(None, None);
        safe.spec.extra.insert("volumes".into(), serde_json::json!([{"name": "d", "emptyDir": {}}]));
        safe.metadata.annotations.insert(SAFE_TO_EVICT.into(), "true".into());
        assert_eq!(drainability(&safe, None, NOW), Drain::Move);
        assert_eq!(drainability(&safe, Some(false), NOW), Drain::Move);
        // Upstream's order decides which reason is told: a bare pod with an emptyDir is "not
        // replicated" first; a replicated one annotated "false" with an emptyDir, the annotation.
        let mut bare_local = pod(None, None);
        bare_local.spec.extra.insert("volumes".into(), serde_json::json!([{"name": "d", "emptyDir": {}}]));
        assert_eq!(drainability(&bare_local, None, NOW), Drain::Block(BlockingReason::NotReplicated));
        assert_eq!(BlockingReason::NotReplicated.message(&bare_local), "default/p is not replicated");
        let mut unsafe_local = local.clone();
        unsafe_local.metadata.annotations.insert(SAFE_TO_EVICT.into(), "false".into());
        assert_eq!(drainability(&unsafe_local, None, NOW), Drain::Block(BlockingReason::NotSafeToEvictAnnotation));
        // A DaemonSet pod annotated "true" is still drained with its node, not moved.
        let mut ds = owned(pod(None, None), "DaemonSet");
        ds.metadata.annotations.insert(SAFE_TO_EVICT.into(), "true".into());
        assert_eq!(drainability(&ds, None, NOW), Drain::Skip);
    }

    #[test]
    fn binpacking_counts_nodes_first_fit() {
        let room = Room { cpu: 2000, memory: 4 << 30, pods: 110 };
        // Five pods of 700m: two per node, so three nodes.
        let pods = vec![(700, 0); 5];
        assert_eq!(nodes_needed(room, &pods, 10), (3, vec![0, 1, 2, 3, 4]));
        // A limit of two nodes places four of them.
        assert_eq!(nodes_needed(room, &pods, 2).0, 2);
        assert_eq!(nodes_needed(room, &pods, 2).1.len(), 4);
        // A pod larger than a node is never placed.
        assert_eq!(nodes_needed(room, &[(3000, 0)], 10), (0, vec![]));
        assert_eq!(room.misfit(3000, 8 << 30), vec!["Insufficient cpu", "Insufficient memory"]);
    }
}
