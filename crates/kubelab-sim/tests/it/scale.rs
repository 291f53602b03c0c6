//! Large numbers: the ReplicaSet controller's burst limit and slow start, and the scheduler's
//! queue of unschedulable pods.
//!
//! * A ReplicaSet sync creates (or deletes) at most 500 pods; a deployment of fewer than 500
//!   replicas gets all of its pods at once; the pod count converges to `spec.replicas`, 500 a
//!   second, both up and down.
//! * A pod that does not fit stays Pending with one `FailedScheduling` event while nothing
//!   changes, and is scheduled within its back-off (at most 10 s) once a node can take it.

use crate::common::*;
use kubelab_sim::api::*;
use kubelab_sim::*;
use proptest::prelude::*;

/// The ReplicaSet of deployment `name` and its active pods.
fn rs_pods(c: &Cluster, name: &str) -> (i64, usize) {
    let d = get_deployment(c, name).expect("deployment");
    let rss = owned_rss(c, &d);
    let rs = rss.first().expect("a ReplicaSet");
    (rs.replicas(), active_pods_of(c, &rs.metadata.uid).len())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Whatever the sizes, no second (one sync of the ReplicaSet) creates or deletes more than
    /// 500 pods, and the count reaches `spec.replicas` in as many seconds as 500-pod bursts
    /// it needs.
    #[test]
    fn replicaset_bursts_converge(first in 0i64..1600, second in 0i64..1600, seed in 0u64..1000) {
        let mut c = Cluster::new(ClusterConfig::current(seed));
        c.create(deployment_obj("big", first, "nginx:1.25")).expect("create");
        let mut last = rs_pods(&c, "big").1;
        prop_assert!(last <= 500, "{last} pods at once");
        if first < 500 {
            prop_assert_eq!(last as i64, first, "fewer than 500 replicas come in one sync");
        }
        for target in [first, second] {
            if target != first {
                scale(&mut c, "big", target).expect("scale");
                let now = rs_pods(&c, "big").1;
                prop_assert!(now.abs_diff(last) <= 500, "{last} -> {now} pods in one sync");
                last = now;
            }
            // A sync whose creation failed (a generated name that collided) ends early, so
            // allow a few seconds more than the bursts alone need.
            let bursts = (target as usize).abs_diff(last).div_ceil(500);
            for _ in 0..bursts + 3 {
                c.step();
                let now = rs_pods(&c, "big").1;
                prop_assert!(now.abs_diff(last) <= 500, "{last} -> {now} pods in one second");
                last = now;
            }
            prop_assert_eq!(rs_pods(&c, "big"), (target, target as usize));
        }
    }
}

#[test]
fn a_typo_of_100000_replicas_answers_at_once_and_leaves_most_pods_pending() {
    let mut c = Cluster::new(ClusterConfig::current(7));
    c.create(deployment_obj("big", 100_000, "nginx")).expect("create");
    assert_eq!(rs_pods(&c, "big"), (100_000, 500));
    c.run_for(SimDuration::from_secs(10));
    let pods: Vec<&Pod> = c.pods().filter(|p| p.metadata.name.starts_with("big-")).collect();
    // 500 more a second (fewer in a second where a generated name collided: a failed
    // creation ends that sync, as in Kubernetes).
    assert!(pods.len() <= 5_500 && pods.len() > 5_000, "{} pods", pods.len());
    let pending = pods.iter().filter(|p| p.spec.node_name.is_none()).count();
    // Two workers of 110 pods, a few of them taken by system pods.
    assert!(pending > pods.len() - 220, "{pending} pending");
    let p = pods.iter().find(|p| p.spec.node_name.is_none()).expect("a pending pod");
    let failed: Vec<&Event> =
        c.events_for(&p.metadata.uid).into_iter().filter(|e| e.reason == "FailedScheduling").collect();
    assert_eq!(failed.len(), 1);
    assert!(failed[0].message.starts_with("0/3 nodes are available:"), "{}", failed[0].message);
    // Scaling back down is as quick.
    scale(&mut c, "big", 3).expect("scale");
    c.run_for(SimDuration::from_secs(12));
    assert_eq!(rs_pods(&c, "big"), (3, 3));
}

/// A deployment whose pods need a node labelled `disk=ssd`.
fn ssd_deployment(replicas: i64) -> Object {
    let mut d = deployment("ssd", replicas, "nginx:1.25");
    d.spec.template.spec.node_selector.insert("disk".into(), "ssd".into());
    Object::Deployment(d)
}

fn label_node(c: &mut Cluster, node: &str) {
    let mut n = c.get(Kind::Node, "", node).cloned().expect("node");
    n.meta_mut().labels.insert("disk".into(), "ssd".into());
    c.update(n).expect("label the node");
}

fn scheduled(c: &Cluster) -> usize {
    c.pods().filter(|p| p.metadata.name.starts_with("ssd-") && p.spec.node_name.is_some()).count()
}

#[test]
fn an_unschedulable_pod_waits_and_is_scheduled_when_a_node_fits() {
    let mut c = Cluster::new(ClusterConfig::current(3));
    c.create(ssd_deployment(2)).expect("create");
    c.run_for(SimDuration::from_secs(90));
    assert_eq!(scheduled(&c), 0);
    for p in c.pods().filter(|p| p.metadata.name.starts_with("ssd-")) {
        let cond = p.status.condition("PodScheduled").expect("PodScheduled");
        assert_eq!((&*cond.status, cond.reason.as_str()), ("False", "Unschedulable"));
        let events = c.events_for(&p.metadata.uid);
        assert_eq!(events.len(), 1, "one FailedScheduling event while nothing changes");
        assert_eq!(events[0].count, 1);
    }
    // The node event moves them back; their back-off has long passed, so they go at once.
    label_node(&mut c, "node01");
    assert_eq!(scheduled(&c), 2);
}

#[test]
fn a_pod_that_just_failed_waits_for_its_backoff_after_a_node_fits() {
    let mut c = Cluster::new(ClusterConfig::current(4));
    c.create(ssd_deployment(1)).expect("create");
    assert_eq!(scheduled(&c), 0);
    // One failed attempt: a back-off of one second from that attempt.
    label_node(&mut c, "node02");
    assert_eq!(scheduled(&c), 0, "still backing off");
    c.step();
    assert_eq!(scheduled(&c), 1, "tried again after its 1 s back-off");
    let p = c.pods().find(|p| p.metadata.name.starts_with("ssd-")).expect("pod");
    assert_eq!(p.spec.node_name.as_deref(), Some("node02"));
}
