//! A controller's copy of the nodes, kept from one pass to the next.

use crate::api::{Kind, Node, Object};
use crate::cluster::Store;

/// The nodes as a controller's last pass copied them, reused while every node keeps its name
/// and resource version, so that a pass over 5,000 unchanged nodes does not copy them all
/// again. A cache only (not serialised), so it never makes two states differ.
#[derive(Clone, Debug, Default)]
pub(crate) struct NodeCopies(Vec<Node>);

impl PartialEq for NodeCopies {
    fn eq(&self, _: &NodeCopies) -> bool {
        true
    }
}

impl NodeCopies {
    /// The nodes in key order, which is name order: the kept copy when still the same, else a
    /// new one. Taken out of the controller's state with `std::mem::take`, so that the store
    /// can be read meanwhile; give them back with [`NodeCopies::keep`] after use.
    pub(crate) fn current(self, store: &Store) -> Vec<Node> {
        let stored = store.list(Kind::Node, None);
        let same = stored.len() == self.0.len()
            && stored.iter().zip(&self.0).all(|(o, n)| {
                o.meta().name == n.metadata.name && o.meta().resource_version == n.metadata.resource_version
            });
        if same {
            return self.0;
        }
        stored
            .into_iter()
            .filter_map(|o| match o {
                Object::Node(n) => Some(n.clone()),
                _ => None,
            })
            .collect()
    }

    /// Keeps `nodes` (as [`NodeCopies::current`] gave them) for the next pass.
    pub(crate) fn keep(&mut self, nodes: Vec<Node>) {
        self.0 = nodes;
    }
}

/// The position of the node called `name` among `nodes` in name order (as
/// [`NodeCopies::current`] gives them), by binary search.
pub(crate) fn position(nodes: &[Node], name: &str) -> Option<usize> {
    nodes.binary_search_by(|n| n.metadata.name.as_str().cmp(name)).ok()
}
