//! The Cluster Autoscaler on a `cloud` cluster: scale-up for pods that do not fit, new nodes
//! NotReady then Ready, scale-down of an unneeded node after its timers, nodes kept by a pod
//! with local storage or by a PodDisruptionBudget, and a property test over random sessions.

use super::common::*;
use kubelab_sim::api::*;
use kubelab_sim::cloud::{NodeGroup, NODE_POOL_LABEL};
use kubelab_sim::*;
use proptest::prelude::*;

pub fn cloud(seed: u64) -> Cluster {
    Cluster::new(kubelab_sim::cloud::cluster_preset("cloud", ClusterConfig::current(seed)).expect("preset"))
}

/// A Deployment whose pods request `cpu`.
pub fn hungry(name: &str, replicas: i64, cpu: &str) -> Object {
    let mut d = deployment(name, replicas, "nginx:1.25");
    d.spec.template.spec.containers[0].resources.requests.insert("cpu".into(), serde_json::json!(cpu));
    Object::Deployment(d)
}

pub fn group_nodes(c: &Cluster) -> Vec<Node> {
    c.list(Kind::Node, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::Node(n) if n.metadata.labels.contains_key(NODE_POOL_LABEL) => Some(n.clone()),
            _ => None,
        })
        .collect()
}

fn running(c: &Cluster, app: &str) -> usize {
    c.pods().filter(|p| p.metadata.labels.get("app").map(String::as_str) == Some(app) && p.is_ready()).count()
}

fn reasons_of(c: &Cluster, reason: &str) -> Vec<String> {
    c.events().iter().filter(|e| e.reason == reason).map(|e| e.message.clone()).collect()
}

#[test]
fn a_cloud_cluster_starts_with_one_pool_node() {
    let c = cloud(1);
    let nodes = group_nodes(&c);
    assert_eq!(nodes.len(), 1);
    assert!(nodes[0].metadata.name.starts_with("gke-lab-pool-1-"), "{}", nodes[0].metadata.name);
    assert!(nodes[0].is_ready());
    assert!(c.get(Kind::ConfigMap, "kube-system", "cluster-autoscaler-status").is_some());
}

#[test]
fn pods_that_do_not_fit_trigger_a_scale_up_and_land_on_the_new_node() {
    let mut c = cloud(1);
    // 3 × 800m: two fit on the 2-CPU node (with nothing else requesting there), one does not.
    c.create(hungry("web", 3, "800m")).expect("create");
    assert!(c.run_until(SimDuration::from_secs(60), |c| running(c, "web") == 2));
    c.run_for(SimDuration::from_secs(10));
    let t = reasons_of(&c, "TriggeredScaleUp");
    assert_eq!(t, vec!["pod triggered scale-up: [{pool-1 1->2 (max: 5)}]".to_string()]);
    // The machine registers after ~60 s, NotReady, then Ready; the pod runs on it.
    let registered = c.run_until(SimDuration::from_secs(120), |c| group_nodes(c).len() == 2);
    assert!(registered);
    assert!(group_nodes(&c).iter().any(|n| !n.is_ready()), "a new node starts NotReady");
    let up = c.run_until(SimDuration::from_secs(60), |c| running(c, "web") == 3);
    assert!(up, "the third pod runs on the new node");
    assert!(c.autoscaler_decisions().iter().any(|d| matches!(&d.kind, DecisionKind::ScaleUp { to: 2, .. })));
}

#[test]
fn no_group_fits_a_pod_larger_than_a_node() {
    let mut c = cloud(1);
    c.create(hungry("big", 1, "3")).expect("create");
    c.run_for(SimDuration::from_secs(15));
    assert_eq!(
        reasons_of(&c, "NotTriggerScaleUp"),
        vec!["pod didn't trigger scale-up: 1 Insufficient cpu".to_string()]
    );
}

#[test]
fn an_unneeded_node_goes_after_its_timers_and_one_with_local_storage_stays() {
    let mut c = cloud(2);
    c.create(hungry("web", 4, "800m")).expect("create");
    assert!(c.run_until(SimDuration::from_secs(300), |c| running(c, "web") == 4));
    assert_eq!(group_nodes(&c).len(), 2);
    scale(&mut c, "web", 1).expect("scale");
    // Nothing goes within 10 minutes of the scale-up.
    c.run_for(SimDuration::from_secs(300));
    assert_eq!(group_nodes(&c).len(), 2);
    assert!(c.run_until(SimDuration::from_secs(1200), |c| group_nodes(c).len() == 1), "one node removed");
    assert!(reasons_of(&c, "ScaleDown").iter().any(|m| m == "marked the node as toBeDeleted/unschedulable"));
    assert_eq!(running(&c, "web"), 1);
    // Never below the group's min.
    c.run_for(SimDuration::from_secs(1800));
    assert_eq!(group_nodes(&c).len(), 1);
}

fn with_empty_dir(mut d: Deployment) -> Deployment {
    d.spec.template.spec.extra.insert("volumes".into(), serde_json::json!([{"name": "scratch", "emptyDir": {}}]));
    d
}

#[test]
fn a_pod_with_local_storage_keeps_its_node() {
    let mut c = cloud(3);
    c.create(hungry("web", 3, "800m")).expect("create");
    assert!(c.run_until(SimDuration::from_secs(300), |c| running(c, "web") == 3));
    let new = group_nodes(&c)
        .into_iter()
        .find(|n| {
            c.pods()
                .filter(|p| {
                    p.spec.node_name.as_deref() == Some(&n.metadata.name) && p.metadata.labels.contains_key("app")
                })
                .count()
                == 1
        })
        .expect("the new node");
    // A small pod with an emptyDir pinned to the new node.
    let mut d = with_empty_dir(deployment("cache", 1, "nginx:1.25"));
    d.spec.template.spec.node_selector.insert("kubernetes.io/hostname".into(), new.metadata.name.clone());
    c.create(Object::Deployment(d)).expect("cache");
    scale(&mut c, "web", 2).expect("scale");
    c.run_for(SimDuration::from_secs(1800));
    assert_eq!(group_nodes(&c).len(), 2, "the node with the emptyDir pod stays");
    let kept = c.autoscaler_decisions().iter().any(|d| {
        matches!(&d.kind, DecisionKind::Kept { reason, detail, .. } if reason == "BlockedByPod" && detail.starts_with("pod with local storage present: cache-"))
    });
    assert!(kept, "{:?}", c.autoscaler_decisions());
}

fn pdb(name: &str, app: &str, min: i64) -> Object {
    let mut b = PodDisruptionBudget {
        api_version: "policy/v1".into(),
        kind: "PodDisruptionBudget".into(),
        ..Default::default()
    };
    b.metadata.name = name.into();
    b.metadata.namespace = Some("default".into());
    b.spec.min_available = Some(IntOrString::Int(min));
    b.spec.selector = Some(LabelSelector { match_labels: labels(&[("app", app)]), match_expressions: vec![] });
    b.into_object()
}

#[test]
fn the_disruption_controller_counts_and_eviction_respects_the_budget() {
    let mut c = cloud(4);
    c.create(deployment_obj("web", 2, "nginx:1.25")).expect("web");
    assert!(c.run_until(SimDuration::from_secs(60), |c| running(c, "web") == 2));
    c.create(pdb("web", "web", 2)).expect("pdb");
    let b = PodDisruptionBudget::from_object(c.get(Kind::PodDisruptionBudget, "default", "web").expect("pdb"))
        .expect("typed");
    assert_eq!(
        (b.status.current_healthy, b.status.desired_healthy, b.status.disruptions_allowed, b.status.expected_pods),
        (2, 2, 0, 2)
    );
    let pod = c
        .pods()
        .find(|p| p.metadata.labels.get("app").map(String::as_str) == Some("web"))
        .expect("pod")
        .metadata
        .name
        .clone();
    let err = c.evict("default", &pod, DeleteOptions::default()).expect_err("refused");
    assert_eq!(err.to_string(), "Cannot evict pod as it would violate the pod's disruption budget.");
    scale(&mut c, "web", 3).expect("scale");
    assert!(c.run_until(SimDuration::from_secs(60), |c| running(c, "web") == 3));
    c.evict("default", &pod, DeleteOptions::default()).expect("allowed now");
    let b = PodDisruptionBudget::from_object(c.get(Kind::PodDisruptionBudget, "default", "web").expect("pdb"))
        .expect("typed");
    assert_eq!(b.status.disruptions_allowed, 0, "the evicted pod is no longer healthy");
}

/// A session step for the property test.
#[derive(Clone, Debug)]
enum Step {
    Deploy { app: u8, replicas: i64, millis: u16 },
    Scale { app: u8, replicas: i64 },
    Budget { app: u8, min: i64 },
    Wait { secs: u16 },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0u8..3, 0i64..8, 100u16..1900).prop_map(|(app, replicas, millis)| Step::Deploy { app, replicas, millis }),
        (0u8..3, 0i64..8).prop_map(|(app, replicas)| Step::Scale { app, replicas }),
        (0u8..3, 0i64..3).prop_map(|(app, min)| Step::Budget { app, min }),
        (1u16..900).prop_map(|secs| Step::Wait { secs }),
    ]
}

/// Pods that block their node's removal, by node, as the rules see them now.
fn blocked_nodes(c: &Cluster) -> std::collections::BTreeSet<String> {
    c.pods()
        .filter(|p| p.spec.node_name.is_some())
        .filter(|p| {
            let budgets: Vec<PodDisruptionBudget> = c
                .list(Kind::PodDisruptionBudget, Some(p.metadata.ns()))
                .into_iter()
                .filter_map(PodDisruptionBudget::from_object)
                .filter(|b| b.selects(&p.metadata.labels))
                .collect();
            let budget = budgets.first().map(|b| b.status.disruptions_allowed > 0);
            matches!(drainability(p, budget, c.now()), Drain::Block(_))
        })
        .filter_map(|p| p.spec.node_name.clone())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Over random deployments, scales, budgets and waits: a group stays within [min, max]; a
    /// node picked for removal held no blocking pod the second before; a pending pod that fits
    /// an empty node gets `TriggeredScaleUp` within scan interval + provisioning, or the group
    /// was at its max.
    #[test]
    fn the_autoscaler_keeps_its_bounds(steps in proptest::collection::vec(step(), 1..8)) {
        let mut c = cloud(5);
        let group = NodeGroup::default_pool();
        for s in steps {
            match s {
                Step::Deploy { app, replicas, millis } => {
                    let _ = c.create(hungry(&format!("app{app}"), replicas, &format!("{millis}m")));
                }
                Step::Scale { app, replicas } => {
                    if get_deployment(&c, &format!("app{app}")).is_some() {
                        let _ = scale(&mut c, &format!("app{app}"), replicas);
                    }
                }
                Step::Budget { app, min } => {
                    let _ = c.create(pdb(&format!("app{app}"), &format!("app{app}"), min));
                }
                Step::Wait { secs } => {
                    for _ in 0..secs {
                        let blocked = blocked_nodes(&c);
                        let tainted_before: Vec<String> = group_nodes(&c).into_iter().filter(|n| n.spec.taints.iter().any(|t| t.key == "ToBeDeletedByClusterAutoscaler")).map(|n| n.metadata.name).collect();
                        c.step();
                        let nodes = group_nodes(&c);
                        prop_assert!(nodes.len() as u32 >= group.min, "below min: {}", nodes.len());
                        prop_assert!(nodes.len() as u32 <= group.max, "above max: {}", nodes.len());
                        for n in &nodes {
                            let tainted = n.spec.taints.iter().any(|t| t.key == "ToBeDeletedByClusterAutoscaler");
                            if tainted && !tainted_before.contains(&n.metadata.name) {
                                prop_assert!(!blocked.contains(&n.metadata.name), "{} picked with a blocking pod", n.metadata.name);
                            }
                        }
                    }
                }
            }
            // Every pod pending unschedulable for longer than scan + provisioning (+ jitter and
            // kubelet start) that fits a node has triggered a scale-up, or the group is full.
            let limit = 10 + group.provision_secs + 15 + 10 + 5;
            let full = group_nodes(&c).len() as u32 >= group.max;
            for p in c.pods().filter(|p| p.spec.node_name.is_none() && !p.metadata.is_deleting()) {
                let age = c.now().since(p.metadata.creation_timestamp).as_secs();
                let cpu: i64 = p.spec.containers.iter().map(|k| k.resources.cpu_request_millis()).sum();
                if age > limit && cpu <= 2000 && !full {
                    let triggered = c.events_for(&p.metadata.uid).iter().any(|e| e.reason == "TriggeredScaleUp");
                    prop_assert!(triggered, "{} pending {age}s without a scale-up", p.metadata.name);
                }
            }
        }
    }
}
