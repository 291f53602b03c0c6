//! The pods behind each Service in a second of traffic, from its Endpoints: what the lab's
//! `min_ready` / `max_pods` windows read (`TrafficSample::endpoints`).

use crate::api::{Kind, Object};
use crate::cluster::Cluster;
use std::collections::{BTreeMap, BTreeSet};

/// `(ready, pods)` behind each Service key (`namespace/name`): the distinct addresses of its
/// Endpoints, ready and all (terminating pods are not in Endpoints).
pub(super) fn endpoints<'a>(cluster: &Cluster, keys: impl Iterator<Item = &'a String>) -> BTreeMap<String, (u32, u32)> {
    let mut census = BTreeMap::new();
    for key in keys {
        let Some((ns, name)) = key.split_once('/') else { continue };
        let Some(Object::Endpoints(ep)) = cluster.get(Kind::Endpoints, ns, name) else {
            continue;
        };
        let mut ready = BTreeSet::new();
        let mut all = BTreeSet::new();
        for subset in &ep.subsets {
            for a in &subset.addresses {
                ready.insert(a.ip.as_str());
                all.insert(a.ip.as_str());
            }
            for a in &subset.not_ready_addresses {
                all.insert(a.ip.as_str());
            }
        }
        let n = |s: &BTreeSet<&str>| u32::try_from(s.len()).unwrap_or(u32::MAX);
        census.insert(key.clone(), (n(&ready), n(&all)));
    }
    census
}
