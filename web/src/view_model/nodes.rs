//! Nodes joining and leaving, as the cluster view shows them: a machine the Cluster Autoscaler
//! ordered that has no Node yet (provisioning), a Node registered but not Ready, Ready,
//! cordoned (unschedulable), draining (tainted `ToBeDeletedByClusterAutoscaler`); a removed
//! node is simply gone. Each phase has a text label and a symbol, not only a colour.

use kubelab_sim::api::Node;
use kubelab_sim::Cluster;

/// The taint the Cluster Autoscaler puts on a node it is removing.
pub const TO_BE_DELETED: &str = "ToBeDeletedByClusterAutoscaler";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodePhase {
    /// Ordered from the cloud; its Node has not registered.
    Provisioning,
    /// Registered, its kubelet not Ready (yet).
    NotReady,
    Ready,
    /// Unschedulable (`kubectl cordon`): its pods stay, no new ones come.
    Cordoned,
    /// The autoscaler is removing it: evicting its pods.
    Draining,
}

impl NodePhase {
    pub fn label(self) -> &'static str {
        match self {
            NodePhase::Provisioning => "provisioning",
            NodePhase::NotReady => "NotReady",
            NodePhase::Ready => "Ready",
            NodePhase::Cordoned => "cordoned",
            NodePhase::Draining => "draining",
        }
    }
    pub fn css(self) -> &'static str {
        match self {
            NodePhase::Provisioning => "provisioning",
            NodePhase::NotReady => "notready",
            NodePhase::Ready => "ready",
            NodePhase::Cordoned => "cordoned",
            NodePhase::Draining => "draining",
        }
    }
    pub fn symbol(self) -> &'static str {
        match self {
            NodePhase::Provisioning => "◌",
            NodePhase::NotReady => "✕",
            NodePhase::Ready => "✓",
            NodePhase::Cordoned => "⊘",
            NodePhase::Draining => "⇣",
        }
    }
}

/// A node's phase: draining wins over cordoned (the autoscaler also cordons), NotReady over
/// both.
pub fn phase(node: &Node) -> NodePhase {
    if !node.is_ready() {
        NodePhase::NotReady
    } else if node.spec.taints.iter().any(|t| t.key == TO_BE_DELETED) {
        NodePhase::Draining
    } else if node.spec.unschedulable == Some(true) {
        NodePhase::Cordoned
    } else {
        NodePhase::Ready
    }
}

/// Machines being provisioned: (node name it will have, node group).
pub fn provisioning(cluster: &Cluster) -> Vec<(String, String)> {
    cluster.nodes_provisioning().into_iter().map(|(node, group, _)| (node, group)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubelab_sim::api::Taint;

    fn node(ready: bool) -> Node {
        let mut n = Node::default();
        n.status.conditions.push(kubelab_sim::api::Condition {
            type_: "Ready".into(),
            status: if ready { "True" } else { "False" }.into(),
            ..Default::default()
        });
        n
    }

    #[test]
    fn phases_in_their_order_of_precedence() {
        assert_eq!(phase(&node(true)), NodePhase::Ready);
        assert_eq!(phase(&node(false)), NodePhase::NotReady);
        let mut cordoned = node(true);
        cordoned.spec.unschedulable = Some(true);
        assert_eq!(phase(&cordoned), NodePhase::Cordoned);
        let mut draining = cordoned.clone();
        draining.spec.taints.push(Taint {
            key: TO_BE_DELETED.into(),
            effect: "NoSchedule".into(),
            ..Default::default()
        });
        assert_eq!(phase(&draining), NodePhase::Draining);
        for p in
            [NodePhase::Provisioning, NodePhase::NotReady, NodePhase::Ready, NodePhase::Cordoned, NodePhase::Draining]
        {
            assert!(!p.label().is_empty() && !p.symbol().is_empty(), "a text label, not a colour alone");
        }
    }

    #[test]
    fn a_cloud_cluster_shows_a_node_coming_then_ready() {
        let id = crate::exercises::ExerciseId::from_key("cloud").expect("the cloud playground ships");
        let mut session = crate::exercises::new_session(id);
        assert!(provisioning(session.cluster()).is_empty());
        session.run("kubectl apply -f burst.yaml");
        session.step_clock(15);
        let coming = provisioning(session.cluster());
        assert!(!coming.is_empty(), "eight half-CPU pods do not fit one 2-CPU worker");
        assert!(coming.iter().all(|(_, group)| group == "pool-1"));
        // It registers NotReady after the provisioning time, then turns Ready.
        let name = coming[0].0.clone();
        let phase_of = |s: &kubelab_lab::Session| match s.cluster().get(kubelab_sim::Kind::Node, "", &name) {
            Some(kubelab_sim::Object::Node(n)) => Some(phase(n)),
            _ => None,
        };
        let mut seen = Vec::new();
        for _ in 0..120 {
            session.step_clock(1);
            let p = phase_of(&session);
            if seen.last() != Some(&p) {
                seen.push(p);
            }
        }
        assert_eq!(seen, vec![None, Some(NodePhase::NotReady), Some(NodePhase::Ready)]);
    }
}
