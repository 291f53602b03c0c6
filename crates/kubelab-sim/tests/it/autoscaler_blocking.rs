//! The Cluster Autoscaler and the pods that keep a node, over random sessions: deployments with
//! and without an `emptyDir`, bare pods, `safe-to-evict` annotations put on and taken off, and
//! scale-ins that leave nodes unneeded. Checked against an oracle written here from the FAQ's
//! rules (not the simulator's own `drainability`): a node is never picked for removal while it
//! holds a pod that blocks it, the group stays within [min, max], and a pending pod that fits an
//! empty node gets `TriggeredScaleUp` within scan interval plus provisioning time.

use super::autoscaler::{cloud, group_nodes, hungry};
use super::common::*;
use kubelab_sim::api::*;
use kubelab_sim::cloud::NodeGroup;
use kubelab_sim::*;
use proptest::prelude::*;

const SAFE_TO_EVICT: &str = "cluster-autoscaler.kubernetes.io/safe-to-evict";
const TO_BE_DELETED: &str = "ToBeDeletedByClusterAutoscaler";

#[derive(Clone, Debug)]
enum Step {
    /// A deployment `app<app>` whose pods request `millis` and, if `local`, mount an emptyDir.
    Deploy {
        app: u8,
        replicas: i64,
        millis: u16,
        local: bool,
    },
    Scale {
        app: u8,
        replicas: i64,
    },
    /// A bare pod (no controller) requesting `millis`.
    Bare {
        id: u8,
        millis: u16,
    },
    /// Annotate the pods of `app<app>` safe-to-evict `"true"`, `"false"`, or remove it.
    Annotate {
        app: u8,
        value: Option<bool>,
    },
    DeleteBare {
        id: u8,
    },
    Wait {
        secs: u16,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0u8..3, 0i64..7, 100u16..1500, any::<bool>()).prop_map(|(app, replicas, millis, local)| Step::Deploy {
            app,
            replicas,
            millis,
            local
        }),
        (0u8..3, 0i64..7).prop_map(|(app, replicas)| Step::Scale { app, replicas }),
        (0u8..2, 100u16..900).prop_map(|(id, millis)| Step::Bare { id, millis }),
        (0u8..3, prop::option::of(any::<bool>())).prop_map(|(app, value)| Step::Annotate { app, value }),
        (0u8..2).prop_map(|id| Step::DeleteBare { id }),
        (1u16..1200).prop_map(|secs| Step::Wait { secs }),
    ]
}

fn with_scratch(mut obj: Object) -> Object {
    if let Object::Deployment(d) = &mut obj {
        d.spec.template.spec.extra.insert("volumes".into(), serde_json::json!([{"name": "scratch", "emptyDir": {}}]));
    }
    obj
}

fn bare(id: u8, millis: u16) -> Object {
    let mut p = Pod::default();
    p.metadata.name = format!("bare{id}");
    p.metadata.namespace = Some("default".into());
    let mut k = Container { name: "c".into(), image: "nginx:1.25".into(), ..Default::default() };
    k.resources.requests.insert("cpu".into(), serde_json::json!(format!("{millis}m")));
    p.spec.containers.push(k);
    Object::Pod(p)
}

/// The oracle: whether this pod keeps its node, by the FAQ's list (bare pods, local storage,
/// kube-system pods without a budget, `safe-to-evict: "false"`; DaemonSet and mirror pods and
/// `safe-to-evict: "true"` never block). The sessions create no budgets.
fn blocks(p: &Pod) -> bool {
    if p.metadata.is_deleting() || p.status.phase == "Succeeded" || p.status.phase == "Failed" {
        return false;
    }
    if p.metadata.controller_ref().is_some_and(|r| r.kind == "DaemonSet")
        || p.metadata.annotations.contains_key("kubernetes.io/config.mirror")
    {
        return false;
    }
    let safe = p.metadata.annotations.get(SAFE_TO_EVICT).map(String::as_str);
    if safe == Some("true") {
        return false;
    }
    let local = p.spec.extra.get("volumes").and_then(|v| v.as_array()).is_some_and(|vs| {
        vs.iter().any(|v| {
            v.get("hostPath").is_some()
                || v.get("emptyDir").is_some_and(|e| e.get("medium").and_then(|m| m.as_str()) != Some("Memory"))
        })
    });
    p.metadata.controller_ref().is_none() || p.metadata.ns() == "kube-system" || safe == Some("false") || local
}

fn blocked_nodes(c: &Cluster) -> std::collections::BTreeSet<String> {
    c.pods().filter(|p| blocks(p)).filter_map(|p| p.spec.node_name.clone()).collect()
}

fn annotate(c: &mut Cluster, app: u8, value: Option<bool>) {
    let names: Vec<String> = c
        .pods()
        .filter(|p| p.metadata.labels.get("app").map(String::as_str) == Some(format!("app{app}").as_str()))
        .filter(|p| !p.metadata.is_deleting())
        .map(|p| p.metadata.name.clone())
        .collect();
    for name in names {
        if let Some(Object::Pod(p)) = c.get(Kind::Pod, "default", &name).cloned() {
            let mut p = p;
            match value {
                Some(v) => p.metadata.annotations.insert(SAFE_TO_EVICT.into(), v.to_string()),
                None => p.metadata.annotations.remove(SAFE_TO_EVICT),
            };
            let _ = c.update(Object::Pod(p));
        }
    }
}

fn session(steps: &[Step]) -> Result<(), TestCaseError> {
    let mut c = cloud(9);
    let group = NodeGroup::default_pool();
    for s in steps {
        match s {
            Step::Deploy { app, replicas, millis, local } => {
                let d = hungry(&format!("app{app}"), *replicas, &format!("{millis}m"));
                let _ = c.create(if *local { with_scratch(d) } else { d });
            }
            Step::Scale { app, replicas } => {
                if get_deployment(&c, &format!("app{app}")).is_some() {
                    let _ = scale(&mut c, &format!("app{app}"), *replicas);
                }
            }
            Step::Bare { id, millis } => {
                let _ = c.create(bare(*id, *millis));
            }
            Step::Annotate { app, value } => annotate(&mut c, *app, *value),
            Step::DeleteBare { id } => {
                let _ = c.delete(Kind::Pod, "default", &format!("bare{id}"), DeleteOptions::default());
            }
            Step::Wait { secs } => {
                // Whole seconds, skipping idle ones as the console does; a node's taint appears
                // in the second it is picked, so the oracle looks at the second before.
                for _ in 0..*secs {
                    let blocked = blocked_nodes(&c);
                    let tainted_before: Vec<String> = group_nodes(&c)
                        .into_iter()
                        .filter(|n| n.spec.taints.iter().any(|t| t.key == TO_BE_DELETED))
                        .map(|n| n.metadata.name)
                        .collect();
                    c.run_for(SimDuration::from_secs(1));
                    let nodes = group_nodes(&c);
                    prop_assert!(nodes.len() as u32 >= group.min, "below min: {}", nodes.len());
                    prop_assert!(nodes.len() as u32 <= group.max, "above max: {}", nodes.len());
                    for n in &nodes {
                        let tainted = n.spec.taints.iter().any(|t| t.key == TO_BE_DELETED);
                        if tainted && !tainted_before.contains(&n.metadata.name) {
                            prop_assert!(
                                !blocked.contains(&n.metadata.name),
                                "{} picked for removal while a pod on it blocks it",
                                n.metadata.name
                            );
                        }
                    }
                }
            }
        }
        // A pending pod that fits an empty node (2 CPUs) and waited longer than scan interval +
        // provisioning (+ jitter, kubelet start, a scheduling retry) has triggered a scale-up,
        // or the group is at its max.
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
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(12),
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_node_goes_while_a_pod_on_it_blocks_it(steps in prop::collection::vec(step(), 1..10)) {
        session(&steps)?;
    }
}

/// The lab's story, fixed: a node kept only by an emptyDir pod goes once the pod is annotated
/// safe-to-evict (and there is room for it elsewhere).
#[test]
fn an_emptydir_pod_keeps_its_node_until_annotated() {
    let steps = vec![
        Step::Deploy { app: 0, replicas: 3, millis: 600, local: false },
        Step::Wait { secs: 30 },
        Step::Deploy { app: 1, replicas: 1, millis: 300, local: true },
        Step::Wait { secs: 120 },
        Step::Scale { app: 0, replicas: 1 },
        Step::Wait { secs: 900 },
    ];
    session(&steps).expect("invariants");
    let mut c = cloud(9);
    c.create(hungry("app0", 3, "600m")).expect("app0");
    c.run_for(SimDuration::from_secs(30));
    c.create(with_scratch(hungry("app1", 1, "300m"))).expect("app1");
    c.run_for(SimDuration::from_secs(120));
    assert_eq!(group_nodes(&c).len(), 2, "the cache got a node of its own");
    scale(&mut c, "app0", 1).expect("scale");
    c.run_for(SimDuration::from_secs(900));
    assert_eq!(group_nodes(&c).len(), 2, "kept by the emptyDir pod");
    let kept = c.autoscaler_decisions().iter().any(|d| {
        matches!(&d.kind, DecisionKind::Kept { reason, detail, .. }
            if reason == "BlockedByPod" && detail.starts_with("pod with local storage present: app1-"))
    });
    assert!(kept, "{:?}", c.autoscaler_decisions());
    annotate(&mut c, 1, Some(true));
    c.run_for(SimDuration::from_secs(700));
    assert_eq!(group_nodes(&c).len(), 1, "drained and removed once safe to evict");
}
