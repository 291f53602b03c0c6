//! DaemonSets and StatefulSets through the public API.
//!
//! * A DaemonSet has exactly one live pod on every node it should run on (node selector and
//!   taints against its tolerations plus the daemon ones; a cordoned node included) and none on
//!   the others, whatever happens to the nodes (proptest over node sets, labels, taints,
//!   cordons and deletions).
//! * A StatefulSet's pods are `<set>-<ordinal>`, each ordinal at most once and never made while
//!   its predecessor is still there (no `FailedCreate`); with OrderedReady at most one of them is
//!   not Running and Ready at any time; and it settles on exactly ordinals `0..replicas`, each
//!   at the revision its partition asks for (proptest over scale, image, partition and policy).

use super::common::*;
use kubelab_sim::api::*;
use kubelab_sim::*;
use proptest::prelude::*;

fn daemon_set(node_selector: Option<(&str, &str)>, tolerate: Option<&str>) -> DaemonSet {
    let l = labels(&[("app", "agent")]);
    let mut ds = DaemonSet { api_version: "apps/v1".into(), kind: "DaemonSet".into(), ..Default::default() };
    ds.metadata.name = "agent".into();
    ds.metadata.namespace = Some("default".into());
    ds.spec.selector = Some(LabelSelector { match_labels: l.clone(), match_expressions: vec![] });
    ds.spec.template.metadata.labels = l.into();
    ds.spec.template.spec.containers.push(Container {
        name: "agent".into(),
        image: "nginx:1.25".into(),
        ..Default::default()
    });
    if let Some((k, v)) = node_selector {
        ds.spec.template.spec.node_selector.insert(k.into(), v.into());
    }
    if let Some(key) = tolerate {
        ds.spec.template.spec.tolerations.push(Toleration {
            key: Some(key.into()),
            operator: Some("Exists".into()),
            ..Default::default()
        });
    }
    ds
}

fn nodes(c: &Cluster) -> Vec<Node> {
    c.list(Kind::Node, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::Node(n) => Some(n.clone()),
            _ => None,
        })
        .collect()
}

/// The test's own reading of "this node gets a daemon pod": every label of the selector is on
/// the node, and every NoSchedule/NoExecute taint is tolerated by key (the template's
/// toleration) or is one the controller always tolerates.
fn eligible(ds: &DaemonSet, n: &Node) -> bool {
    let always = ["node.kubernetes.io/unschedulable", "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];
    ds.spec.template.spec.node_selector.iter().all(|(k, v)| n.metadata.labels.get(k) == Some(v))
        && n.spec.taints.iter().all(|t| {
            !matches!(t.effect.as_str(), "NoSchedule" | "NoExecute")
                || always.contains(&t.key.as_str())
                || ds.spec.template.spec.tolerations.iter().any(|x| x.key.as_deref() == Some(t.key.as_str()))
        })
}

fn live_pods_by_node(c: &Cluster, uid: &str) -> std::collections::BTreeMap<String, usize> {
    let mut m = std::collections::BTreeMap::new();
    for p in active_pods_of(c, uid) {
        *m.entry(p.spec.node_name.clone().unwrap_or_default()).or_default() += 1;
    }
    m
}

#[derive(Clone, Debug)]
enum NodeAction {
    Add,
    Label { node: usize, on: bool },
    Taint { node: usize, key: usize, effect: usize },
    Untaint { node: usize },
    Cordon { node: usize, on: bool },
    Delete { node: usize },
    Wait { secs: u64 },
}

const TAINT_KEYS: [&str; 2] = ["dedicated", "gpu"];
const EFFECTS: [&str; 3] = ["NoSchedule", "NoExecute", "PreferNoSchedule"];

fn node_action() -> impl Strategy<Value = NodeAction> {
    prop_oneof![
        Just(NodeAction::Add),
        (0usize..6, any::<bool>()).prop_map(|(node, on)| NodeAction::Label { node, on }),
        (0usize..6, 0usize..2, 0usize..3).prop_map(|(node, key, effect)| NodeAction::Taint { node, key, effect }),
        (0usize..6).prop_map(|node| NodeAction::Untaint { node }),
        (0usize..6, any::<bool>()).prop_map(|(node, on)| NodeAction::Cordon { node, on }),
        (0usize..6).prop_map(|node| NodeAction::Delete { node }),
        (1u64..5).prop_map(|secs| NodeAction::Wait { secs }),
    ]
}

fn apply(c: &mut Cluster, a: &NodeAction, added: &mut u32) {
    let ns = nodes(c);
    let pick = |i: usize| ns.get(i % ns.len().max(1)).cloned();
    match a {
        NodeAction::Add => {
            let Some(mut n) = pick(1) else { return };
            *added += 1;
            n.metadata =
                ObjectMeta { name: format!("extra{added}"), labels: n.metadata.labels.clone(), ..Default::default() };
            n.metadata.labels.insert("kubernetes.io/hostname".into(), format!("extra{added}"));
            n.spec.taints.clear();
            n.spec.unschedulable = None;
            let _ = c.create(Object::Node(n));
        }
        NodeAction::Label { node, on } => {
            let Some(mut n) = pick(*node) else { return };
            if *on {
                n.metadata.labels.insert("disk".into(), "ssd".into());
            } else {
                n.metadata.labels.remove("disk");
            }
            let _ = c.update(Object::Node(n));
        }
        NodeAction::Taint { node, key, effect } => {
            let Some(mut n) = pick(*node) else { return };
            n.spec.taints.push(Taint {
                key: TAINT_KEYS[*key].into(),
                value: None,
                effect: EFFECTS[*effect].into(),
                time_added: None,
            });
            let _ = c.update(Object::Node(n));
        }
        NodeAction::Untaint { node } => {
            let Some(mut n) = pick(*node) else { return };
            n.spec.taints.retain(|t| !TAINT_KEYS.contains(&t.key.as_str()));
            let _ = c.update(Object::Node(n));
        }
        NodeAction::Cordon { node, on } => {
            let Some(mut n) = pick(*node) else { return };
            n.spec.unschedulable = on.then_some(true);
            let _ = c.update(Object::Node(n));
        }
        NodeAction::Delete { node } => {
            // Keep the control-plane node, so the cluster keeps its system pods' home.
            let Some(n) = pick(*node).filter(|n| !n.metadata.labels.keys().any(|k| k.starts_with("node-role"))) else {
                return;
            };
            let _ = c.delete(Kind::Node, "", &n.metadata.name, DeleteOptions::default());
        }
        NodeAction::Wait { secs } => c.run_for(SimDuration::from_secs(*secs)),
    }
}

/// Checks the one-pod-per-eligible-node invariant. Pods on nodes that newly have an untolerated
/// NoSchedule taint may stay, so only the NoExecute and selector exclusions must be empty.
fn check_daemon_set(c: &Cluster, ds: &DaemonSet) -> Result<(), TestCaseError> {
    let by_node = live_pods_by_node(c, &ds.metadata.uid);
    let ns = nodes(c);
    for n in &ns {
        let count = by_node.get(&n.metadata.name).copied().unwrap_or(0);
        let selector_ok = ds.spec.template.spec.node_selector.iter().all(|(k, v)| n.metadata.labels.get(k) == Some(v));
        let untolerated_no_execute = n.spec.taints.iter().any(|t| {
            t.effect == "NoExecute"
                && !ds.spec.template.spec.tolerations.iter().any(|x| x.key.as_deref() == Some(t.key.as_str()))
        });
        // The controller waits for a terminating pod to be gone before it makes the next one.
        let terminating = c.pods().any(|p| {
            p.metadata.is_deleting()
                && p.spec.node_name.as_deref() == Some(n.metadata.name.as_str())
                && p.metadata.controller_ref().is_some_and(|o| o.uid == ds.metadata.uid)
        });
        if eligible(ds, n) && !(count == 0 && terminating) {
            prop_assert_eq!(count, 1, "node {} should have exactly one daemon pod", n.metadata.name);
        } else if !selector_ok || untolerated_no_execute {
            prop_assert_eq!(count, 0, "node {} should have no daemon pod", n.metadata.name);
        } else {
            prop_assert!(count <= 1, "node {} has {} daemon pods", n.metadata.name, count);
        }
    }
    for node in by_node.keys() {
        prop_assert!(ns.iter().any(|n| &n.metadata.name == node), "a daemon pod on a missing node {}", node);
    }
    let desired = ns.iter().filter(|n| eligible(ds, n)).count() as i64;
    let stored = c.get(Kind::DaemonSet, "default", "agent").and_then(Object::as_daemon_set).cloned();
    prop_assert_eq!(stored.map(|d| d.status.desired_number_scheduled), Some(desired));
    Ok(())
}

fn run_daemon_set(
    seed: u64,
    selector: bool,
    tolerate: Option<usize>,
    actions: &[NodeAction],
) -> Result<(), TestCaseError> {
    let mut c = Cluster::new(ClusterConfig::current(seed));
    let ds = daemon_set(selector.then_some(("disk", "ssd")), tolerate.map(|k| TAINT_KEYS[k % 2]));
    let created = c.create(Object::DaemonSet(ds)).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let Object::DaemonSet(ds) = created else { return Err(TestCaseError::fail("not a DaemonSet")) };
    check_daemon_set(&c, &ds)?;
    let mut added = 0;
    for a in actions {
        apply(&mut c, a, &mut added);
        check_daemon_set(&c, &ds)?;
    }
    // Once terminating pods are gone, every eligible node has its pod.
    c.run_for(SimDuration::from_secs(40));
    let by_node = live_pods_by_node(&c, &ds.metadata.uid);
    for n in nodes(&c).iter().filter(|n| eligible(&ds, n)) {
        prop_assert_eq!(by_node.get(&n.metadata.name).copied(), Some(1), "node {} has its pod", n.metadata.name);
    }
    Ok(())
}

fn stateful_set(replicas: i64, parallel: bool) -> StatefulSet {
    let l = labels(&[("app", "web")]);
    let mut s = StatefulSet { api_version: "apps/v1".into(), kind: "StatefulSet".into(), ..Default::default() };
    s.metadata.name = "web".into();
    s.metadata.namespace = Some("default".into());
    s.spec.replicas = Some(replicas);
    s.spec.service_name = "nginx".into();
    s.spec.selector = Some(LabelSelector { match_labels: l.clone(), match_expressions: vec![] });
    s.spec.template.metadata.labels = l.into();
    s.spec.template.spec.containers.push(Container {
        name: "nginx".into(),
        image: "nginx:1.25".into(),
        ..Default::default()
    });
    if parallel {
        s.spec.pod_management_policy = Some("Parallel".into());
    }
    s
}

#[derive(Clone, Debug)]
enum SetAction {
    Scale(i64),
    Image(usize),
    Partition(i64),
    Wait(u64),
}

fn set_action() -> impl Strategy<Value = SetAction> {
    prop_oneof![
        (0i64..6).prop_map(SetAction::Scale),
        (0usize..3).prop_map(SetAction::Image),
        (0i64..4).prop_map(SetAction::Partition),
        (1u64..12).prop_map(SetAction::Wait),
    ]
}

fn get_set(c: &Cluster) -> Option<StatefulSet> {
    c.get(Kind::StatefulSet, "default", "web").and_then(Object::as_stateful_set).cloned()
}

fn set_pods(c: &Cluster, uid: &str) -> Vec<Pod> {
    c.pods().filter(|p| p.metadata.controller_ref().is_some_and(|o| o.uid == uid)).cloned().collect()
}

fn check_set(c: &Cluster, s: &StatefulSet, ordered: bool) -> Result<(), TestCaseError> {
    let pods = set_pods(c, &s.metadata.uid);
    let mut seen = std::collections::BTreeSet::new();
    for p in &pods {
        let ordinal = p.metadata.name.strip_prefix("web-").and_then(|n| n.parse::<i64>().ok());
        prop_assert!(ordinal.is_some(), "pod {} has no ordinal", p.metadata.name);
        prop_assert!(seen.insert(ordinal), "two pods with ordinal {:?}", ordinal);
    }
    if ordered {
        // The pods the set keeps (ordinals below its replicas) go down one at a time. A scale
        // down is not held back by a lower pod that is itself condemned: Kubernetes' controller
        // deletes the highest condemned pod when that pod is Running and Ready, even while a
        // lower condemned one still terminates (say, replaced by a rolling update), so those may
        // overlap, as they do on a real cluster.
        let replicas = get_set(c).map_or(0, |s| s.replicas());
        let unhealthy = pods
            .iter()
            .filter(|p| p.metadata.name.strip_prefix("web-").and_then(|n| n.parse::<i64>().ok()) < Some(replicas))
            .filter(|p| !(p.status.phase == "Running" && p.is_ready()) || p.metadata.is_deleting())
            .count();
        prop_assert!(unhealthy <= 1, "{} pods not Running and Ready at once under OrderedReady", unhealthy);
    }
    let failed = c.events_for(&s.metadata.uid).iter().any(|e| e.reason == "FailedCreate");
    prop_assert!(!failed, "a pod was created while its name was taken");
    Ok(())
}

fn run_stateful_set(seed: u64, replicas: i64, parallel: bool, actions: &[SetAction]) -> Result<(), TestCaseError> {
    let mut c = Cluster::new(ClusterConfig::current(seed));
    let created = c
        .create(Object::StatefulSet(stateful_set(replicas, parallel)))
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let Object::StatefulSet(s) = created else { return Err(TestCaseError::fail("not a StatefulSet")) };
    let images = ["nginx:1.25", "nginx:1.26", "nginx:1.27"];
    for a in actions {
        let Some(mut cur) = get_set(&c) else { return Err(TestCaseError::fail("the StatefulSet is gone")) };
        match a {
            SetAction::Scale(n) => cur.spec.replicas = Some(*n),
            SetAction::Image(i) => cur.spec.template.spec.containers[0].image = images[*i].into(),
            SetAction::Partition(p) => {
                cur.spec.update_strategy.rolling_update =
                    Some(RollingUpdateStatefulSet { partition: Some(*p), max_unavailable: None })
            }
            SetAction::Wait(secs) => {
                for _ in 0..*secs {
                    c.step();
                    check_set(&c, &s, !parallel)?;
                }
                continue;
            }
        }
        c.update(Object::StatefulSet(cur)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_set(&c, &s, !parallel)?;
    }
    // Given time, it settles: ordinals 0..replicas, the ones at or above the partition updated.
    c.run_for(SimDuration::from_secs(120));
    check_set(&c, &s, !parallel)?;
    let Some(s) = get_set(&c) else { return Err(TestCaseError::fail("the StatefulSet is gone")) };
    let mut ordinals: Vec<i64> = set_pods(&c, &s.metadata.uid)
        .iter()
        .filter_map(|p| p.metadata.name.strip_prefix("web-").and_then(|n| n.parse().ok()))
        .collect();
    ordinals.sort();
    prop_assert_eq!(ordinals, (0..s.replicas()).collect::<Vec<_>>());
    for p in set_pods(&c, &s.metadata.uid) {
        let ordinal: i64 = p.metadata.name.strip_prefix("web-").and_then(|n| n.parse().ok()).unwrap_or(-1);
        let rev = p.metadata.labels.get(CONTROLLER_REVISION_HASH_LABEL).cloned().unwrap_or_default();
        if ordinal >= s.partition() {
            prop_assert_eq!(&rev, &s.status.update_revision, "pod {} is not updated", p.metadata.name);
        }
        prop_assert_eq!(p.spec.extra.get("hostname").and_then(|v| v.as_str()), Some(p.metadata.name.as_str()));
    }
    prop_assert_eq!(s.status.ready_replicas, s.replicas());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_daemon_set_has_one_pod_per_eligible_node(
        seed in 0u64..1000,
        selector in any::<bool>(),
        tolerate in prop::option::of(0usize..2),
        actions in prop::collection::vec(node_action(), 1..14),
    ) {
        run_daemon_set(seed, selector, tolerate, &actions)?;
    }

    #[test]
    fn a_stateful_set_keeps_its_ordinals(
        seed in 0u64..1000,
        replicas in 0i64..5,
        parallel in any::<bool>(),
        actions in prop::collection::vec(set_action(), 1..10),
    ) {
        run_stateful_set(seed, replicas, parallel, &actions)?;
    }
}

/// The control-plane node's taint keeps daemon pods off it unless tolerated; a cordoned node
/// keeps (and gets) its daemon pod; a NoExecute taint evicts it.
#[test]
fn daemon_pods_follow_taints_and_cordons() {
    let mut c = Cluster::new(ClusterConfig::current(5));
    let Ok(Object::DaemonSet(ds)) = c.create(Object::DaemonSet(daemon_set(None, None))) else { panic!("created") };
    assert_eq!(live_pods_by_node(&c, &ds.metadata.uid).len(), 2, "the workers only");
    let mut n = nodes(&c).into_iter().find(|n| n.metadata.name == "node01").expect("node01");
    n.spec.unschedulable = Some(true);
    c.update(Object::Node(n.clone())).expect("cordon");
    c.run_for(SimDuration::from_secs(5));
    assert_eq!(live_pods_by_node(&c, &ds.metadata.uid).get("node01"), Some(&1), "cordoned nodes keep daemon pods");
    n.spec.taints.push(Taint { key: "gpu".into(), value: None, effect: "NoExecute".into(), time_added: None });
    c.update(Object::Node(n)).expect("taint");
    assert_eq!(live_pods_by_node(&c, &ds.metadata.uid).get("node01"), None, "NoExecute evicts");
    let tolerant = daemon_set(None, Some("node-role.kubernetes.io/control-plane"));
    let mut tolerant = tolerant;
    tolerant.metadata.name = "everywhere".into();
    let Ok(Object::DaemonSet(t)) = c.create(Object::DaemonSet(tolerant)) else { panic!("created") };
    assert!(live_pods_by_node(&c, &t.metadata.uid).contains_key("controlplane"));
}

/// A bare pod with the DaemonSet's labels, made long after the DaemonSet settled, is adopted
/// (it gets the DaemonSet as its controller), and as a second daemon pod on its node it is the
/// one deleted: the controller wakes for orphans too, not only for its own pods and the nodes.
#[test]
fn a_daemon_set_adopts_a_matching_bare_pod_made_later() {
    let mut c = Cluster::new(ClusterConfig::current(3));
    let Ok(Object::DaemonSet(ds)) = c.create(Object::DaemonSet(daemon_set(None, None))) else { panic!("created") };
    c.run_for(SimDuration::from_secs(120));
    let before = live_pods_by_node(&c, &ds.metadata.uid);
    assert_eq!(before.values().copied().collect::<Vec<_>>(), vec![1, 1], "one pod per worker: {before:?}");
    let mut bare = Pod { api_version: "v1".into(), kind: "Pod".into(), ..Default::default() };
    bare.metadata.name = "stray".into();
    bare.metadata.namespace = Some("default".into());
    bare.metadata.labels = labels(&[("app", "agent")]).into();
    bare.spec.node_name = Some("node01".into());
    bare.spec.containers.push(Container { name: "agent".into(), image: "nginx:1.25".into(), ..Default::default() });
    c.create(Object::Pod(bare)).expect("the bare pod is created");
    c.run_for(SimDuration::from_secs(2));
    let stray = c.get(Kind::Pod, "default", "stray").and_then(Object::as_pod);
    if let Some(p) = stray {
        assert_eq!(p.metadata.controller_ref().map(|r| r.uid.as_str()), Some(ds.metadata.uid.as_str()), "adopted");
        assert!(p.metadata.deletion_timestamp.is_some(), "the newer of two daemon pods on node01 goes");
    }
    c.run_for(SimDuration::from_secs(60));
    assert!(c.get(Kind::Pod, "default", "stray").is_none(), "gone");
    assert_eq!(live_pods_by_node(&c, &ds.metadata.uid), before, "still one pod per worker, the same ones");
}

/// `kube-proxy` runs as a DaemonSet in kube-system, one pod per node, as on a kubeadm cluster.
#[test]
fn kube_proxy_is_a_daemon_set() {
    for config in [ClusterConfig::current(1), ClusterConfig::course(1)] {
        let c = Cluster::new(config);
        let ds = c.get(Kind::DaemonSet, "kube-system", "kube-proxy").and_then(Object::as_daemon_set).cloned();
        let ds = ds.expect("kube-proxy DaemonSet");
        assert_eq!(ds.status.desired_number_scheduled, 3);
        assert_eq!(ds.status.number_ready, 3);
        assert_eq!(ds.status.updated_number_scheduled, 3);
        assert_eq!(live_pods_by_node(&c, &ds.metadata.uid).len(), 3);
    }
}
