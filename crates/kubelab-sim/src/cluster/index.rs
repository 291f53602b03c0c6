//! The store's objects and the indexes over them that the controllers' hot loops read, as a
//! real controller's informer keeps indexers beside its cache: pods by node (and the unbound
//! ones), objects by the uid of their controller, pods with no controller, pods with volumes,
//! and every uid in use. An index only narrows a search: each holds the keys of a superset of
//! what its readers want, in key order, and the readers keep their own filters, so a loop over
//! an index visits the same objects in the same order as the full scan it replaces.
//!
//! The indexes are not serialised: `Objects` serialises as the list of its objects (as the
//! store always did) and rebuilds the indexes when it is deserialised. Every write goes through
//! `insert` and `remove`, which keep them right (a property test checks them against a full
//! scan after random writes).

use crate::api::*;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet};

/// The objects by key, with their indexes.
#[derive(Clone, Debug, Default)]
pub(crate) struct Objects {
    map: BTreeMap<ObjectKey, Object>,
    index: Index,
    /// Counts writes and removals (not serialised: it starts again at zero).
    changes: u64,
    /// Per controller uid, the value of `changes` at the last write or removal of an object it
    /// controls (or did control before that write): equal values mean its objects are as they
    /// were. Entries stay after the objects go (a handful per owner ever created).
    controlled_changes: BTreeMap<String, u64>,
}

/// Keys of objects, grouped the ways the controllers look for them.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Index {
    /// Pods by `spec.nodeName`.
    pods_by_node: BTreeMap<String, BTreeSet<ObjectKey>>,
    /// Pods without a `spec.nodeName`.
    unbound_pods: BTreeSet<ObjectKey>,
    /// Objects by the uid of each of their controller owner references.
    controlled_by: BTreeMap<String, BTreeSet<ObjectKey>>,
    /// Pods without a controller owner reference.
    pods_without_controller: BTreeSet<ObjectKey>,
    /// Pods with a volume from a PersistentVolumeClaim.
    pods_with_claims: BTreeSet<ObjectKey>,
    /// How many objects carry each uid.
    uids: BTreeMap<String, usize>,
}

fn add_to(map: &mut BTreeMap<String, BTreeSet<ObjectKey>>, group: &str, key: &ObjectKey) {
    match map.get_mut(group) {
        Some(set) => {
            set.insert(key.clone());
        }
        None => {
            map.insert(group.to_string(), BTreeSet::from([key.clone()]));
        }
    }
}

fn remove_from(map: &mut BTreeMap<String, BTreeSet<ObjectKey>>, group: &str, key: &ObjectKey) {
    if let Some(set) = map.get_mut(group) {
        set.remove(key);
        if set.is_empty() {
            map.remove(group);
        }
    }
}

/// Whether `crate::api::storage::pod_claims` would name a claim (without building the list).
fn has_claims(spec: &PodSpec) -> bool {
    let Some(serde_json::Value::Array(volumes)) = spec.extra.get("volumes") else { return false };
    volumes
        .iter()
        .any(|v| v.get("persistentVolumeClaim").and_then(|c| c.get("claimName")).is_some_and(|n| n.is_string()))
}

/// Records change number `n` for each controller of `meta`.
fn bump(changes: &mut BTreeMap<String, u64>, meta: &ObjectMeta, n: u64) {
    for uid in controller_uids(meta) {
        match changes.get_mut(uid.as_str()) {
            Some(v) => *v = n,
            None => {
                changes.insert(uid.clone(), n);
            }
        }
    }
}

fn controller_uids(m: &ObjectMeta) -> impl Iterator<Item = &String> {
    m.owner_references.iter().filter(|r| r.controller == Some(true)).map(|r| &r.uid)
}

impl Index {
    fn add(&mut self, key: &ObjectKey, obj: &Object) {
        let meta = obj.meta();
        *self.uids.entry(meta.uid.clone()).or_default() += 1;
        for r in meta.owner_references.iter().filter(|r| r.controller == Some(true)) {
            add_to(&mut self.controlled_by, &r.uid, key);
        }
        if let Object::Pod(p) = obj {
            match &p.spec.node_name {
                Some(node) => add_to(&mut self.pods_by_node, node, key),
                None => {
                    self.unbound_pods.insert(key.clone());
                }
            }
            if meta.controller_ref().is_none() {
                self.pods_without_controller.insert(key.clone());
            }
            if has_claims(&p.spec) {
                self.pods_with_claims.insert(key.clone());
            }
        }
    }

    fn remove(&mut self, key: &ObjectKey, obj: &Object) {
        let meta = obj.meta();
        if let Some(n) = self.uids.get_mut(&meta.uid) {
            *n -= 1;
            if *n == 0 {
                self.uids.remove(&meta.uid);
            }
        }
        for r in meta.owner_references.iter().filter(|r| r.controller == Some(true)) {
            remove_from(&mut self.controlled_by, &r.uid, key);
        }
        if let Object::Pod(p) = obj {
            match &p.spec.node_name {
                Some(node) => remove_from(&mut self.pods_by_node, node, key),
                None => {
                    self.unbound_pods.remove(key);
                }
            }
            self.pods_without_controller.remove(key);
            self.pods_with_claims.remove(key);
        }
    }

    /// Whether `old` and `new` (the same key) sit in the same index entries, so that a write
    /// from one to the other leaves the indexes as they are (the common status write).
    fn same_entries(old: &Object, new: &Object) -> bool {
        let (a, b) = (old.meta(), new.meta());
        if a.uid != b.uid || !controller_uids(a).eq(controller_uids(b)) {
            return false;
        }
        match (old, new) {
            (Object::Pod(p), Object::Pod(q)) => {
                p.spec.node_name == q.spec.node_name && has_claims(&p.spec) == has_claims(&q.spec)
            }
            (Object::Pod(_), _) | (_, Object::Pod(_)) => false,
            _ => true,
        }
    }
}

impl Objects {
    pub(crate) fn get(&self, key: &ObjectKey) -> Option<&Object> {
        self.map.get(key)
    }
    pub(crate) fn contains_key(&self, key: &ObjectKey) -> bool {
        self.map.contains_key(key)
    }
    pub(crate) fn values(&self) -> std::collections::btree_map::Values<'_, ObjectKey, Object> {
        self.map.values()
    }
    pub(crate) fn range(&self, start: ObjectKey) -> std::collections::btree_map::Range<'_, ObjectKey, Object> {
        self.map.range(start..)
    }

    /// Stores `obj` under `key`, replacing what was there, and keeps the indexes right.
    pub(crate) fn insert(&mut self, key: ObjectKey, obj: Object) {
        self.changes += 1;
        if let Some(old) = self.map.get(&key) {
            bump(&mut self.controlled_changes, old.meta(), self.changes);
        }
        bump(&mut self.controlled_changes, obj.meta(), self.changes);
        match self.map.get_mut(&key) {
            Some(old) if Index::same_entries(old, &obj) => *old = obj,
            Some(old) => {
                self.index.remove(&key, old);
                self.index.add(&key, &obj);
                *old = obj;
            }
            None => {
                self.index.add(&key, &obj);
                self.map.insert(key, obj);
            }
        }
    }

    pub(crate) fn remove(&mut self, key: &ObjectKey) -> Option<Object> {
        let obj = self.map.remove(key)?;
        self.changes += 1;
        bump(&mut self.controlled_changes, obj.meta(), self.changes);
        self.index.remove(key, &obj);
        Some(obj)
    }

    fn objects_at<'a>(&'a self, keys: Option<&'a BTreeSet<ObjectKey>>) -> impl Iterator<Item = &'a Object> + 'a {
        keys.into_iter().flatten().filter_map(|k| self.map.get(k))
    }

    fn pods_at<'a>(&'a self, keys: Option<&'a BTreeSet<ObjectKey>>) -> impl Iterator<Item = &'a Pod> + 'a {
        self.objects_at(keys).filter_map(Object::as_pod)
    }

    /// Pods bound to `node`, in key order.
    pub(crate) fn pods_on_node<'a>(&'a self, node: &str) -> impl Iterator<Item = &'a Pod> + 'a {
        self.pods_at(self.index.pods_by_node.get(node))
    }

    /// Pods bound to any node, in key order.
    pub(crate) fn bound_pods(&self) -> impl Iterator<Item = &Pod> {
        let mut keys: Vec<&ObjectKey> = self.index.pods_by_node.values().flatten().collect();
        crate::sort::natural(&mut keys);
        keys.into_iter().filter_map(|k| self.map.get(k)).filter_map(Object::as_pod)
    }

    /// Pods with no node, in key order.
    pub(crate) fn unbound_pods(&self) -> impl Iterator<Item = &Pod> {
        self.pods_at(Some(&self.index.unbound_pods))
    }

    /// Objects with a controller owner reference to `uid` (any kind, any namespace), in key
    /// order.
    pub(crate) fn controlled_by<'a>(&'a self, uid: &str) -> impl Iterator<Item = &'a Object> + 'a {
        self.objects_at(self.index.controlled_by.get(uid))
    }

    /// The uids that some object names as its controller, with the keys of those objects.
    pub(crate) fn controllers(&self) -> impl Iterator<Item = (&str, &BTreeSet<ObjectKey>)> {
        self.index.controlled_by.iter().map(|(uid, keys)| (uid.as_str(), keys))
    }

    /// A number that changes whenever an object controlled by `uid` is written or removed, or
    /// starts or stops being controlled by it (not serialised: compare it only with values read
    /// from the same store since it was deserialised).
    pub(crate) fn controlled_version(&self, uid: &str) -> u64 {
        self.controlled_changes.get(uid).copied().unwrap_or(0)
    }

    /// Whether any object has this uid.
    pub(crate) fn has_uid(&self, uid: &str) -> bool {
        self.index.uids.contains_key(uid)
    }

    /// Pods without a controller owner reference, in key order.
    pub(crate) fn pods_without_controller(&self) -> impl Iterator<Item = &Pod> {
        self.pods_at(Some(&self.index.pods_without_controller))
    }

    /// Pods with a volume from a claim (those `storage::pod_claims` names claims of), in key
    /// order.
    pub(crate) fn pods_with_claims(&self) -> impl Iterator<Item = &Pod> {
        self.pods_at(Some(&self.index.pods_with_claims))
    }

    /// The indexes as a full scan builds them (for tests).
    #[cfg(test)]
    fn rebuilt_index(&self) -> Index {
        let mut index = Index::default();
        for (k, o) in &self.map {
            index.add(k, o);
        }
        index
    }
}

impl Serialize for Objects {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.map.values())
    }
}

impl<'de> Deserialize<'de> for Objects {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Objects, D::Error> {
        let list: Vec<Object> = Vec::deserialize(d)?;
        let mut objects = Objects::default();
        for o in list {
            objects.insert(o.key(), o);
        }
        Ok(objects)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pod(name: &str, node: Option<usize>, owner: Option<usize>, volumes: bool, uid: usize) -> Object {
        let mut p = Pod { api_version: "v1".into(), kind: "Pod".into(), ..Default::default() };
        p.metadata.name = name.into();
        p.metadata.namespace = Some(if uid.is_multiple_of(2) { "default" } else { "team" }.into());
        p.metadata.uid = format!("uid-{uid}");
        p.spec.node_name = node.map(|n| format!("node{n}"));
        if let Some(o) = owner {
            p.metadata.owner_references.push(OwnerReference {
                api_version: "apps/v1".into(),
                kind: "ReplicaSet".into(),
                name: format!("rs{o}"),
                uid: format!("owner-{o}"),
                controller: Some(o % 3 != 0),
                block_owner_deletion: None,
            });
        }
        if volumes {
            let claim = if uid.is_multiple_of(3) {
                serde_json::json!({"persistentVolumeClaim": {"claimName": "data"}})
            } else {
                serde_json::json!({"emptyDir": {}})
            };
            p.spec.extra.insert("volumes".into(), serde_json::json!([claim]));
        }
        Object::Pod(p)
    }

    fn service(name: &str, owner: Option<usize>, uid: usize) -> Object {
        let mut s = Service { api_version: "v1".into(), kind: "Service".into(), ..Default::default() };
        s.metadata.name = name.into();
        s.metadata.namespace = Some("default".into());
        s.metadata.uid = format!("uid-{uid}");
        if let Some(o) = owner {
            s.metadata.owner_references.push(OwnerReference {
                uid: format!("owner-{o}"),
                controller: Some(true),
                ..Default::default()
            });
        }
        Object::Service(s)
    }

    #[derive(Clone, Debug)]
    enum Write {
        Pod { name: usize, node: Option<usize>, owner: Option<usize>, volumes: bool, uid: usize },
        Service { name: usize, owner: Option<usize>, uid: usize },
        RemovePod(usize),
        RemoveService(usize),
    }

    fn write() -> impl Strategy<Value = Write> {
        prop_oneof![
            4 => (0..12usize, proptest::option::of(0..4usize), proptest::option::of(0..5usize), any::<bool>(), 0..8usize)
                .prop_map(|(name, node, owner, volumes, uid)| Write::Pod { name, node, owner, volumes, uid }),
            1 => (0..4usize, proptest::option::of(0..5usize), 0..8usize)
                .prop_map(|(name, owner, uid)| Write::Service { name, owner, uid }),
            2 => (0..12usize).prop_map(Write::RemovePod),
            1 => (0..4usize).prop_map(Write::RemoveService),
        ]
    }

    proptest! {
        /// After any sequence of writes and removals the indexes equal those a full scan
        /// builds, each index query returns what filtering every object gives, and a serde
        /// round trip rebuilds them.
        #[test]
        fn indexes_always_equal_a_full_scan(writes in prop::collection::vec(write(), 1..60)) {
            let mut objects = Objects::default();
            for w in writes {
                match w {
                    Write::Pod { name, node, owner, volumes, uid } => {
                        let o = pod(&format!("p{name}"), node, owner, volumes, uid);
                        objects.insert(o.key(), o);
                    }
                    Write::Service { name, owner, uid } => {
                        let o = service(&format!("s{name}"), owner, uid);
                        objects.insert(o.key(), o);
                    }
                    Write::RemovePod(name) => {
                        for ns in ["default", "team"] {
                            objects.remove(&ObjectKey::new(Kind::Pod, ns, &format!("p{name}")));
                        }
                    }
                    Write::RemoveService(name) => {
                        objects.remove(&ObjectKey::new(Kind::Service, "default", &format!("s{name}")));
                    }
                }
                prop_assert_eq!(&objects.index, &objects.rebuilt_index());
            }
            let pods: Vec<&Pod> = objects.values().filter_map(Object::as_pod).collect();
            for n in 0..4 {
                let node = format!("node{n}");
                let want: Vec<&Pod> = pods.iter().copied().filter(|p| p.spec.node_name.as_deref() == Some(&node)).collect();
                prop_assert_eq!(objects.pods_on_node(&node).collect::<Vec<_>>(), want);
            }
            let want: Vec<&Pod> = pods.iter().copied().filter(|p| p.spec.node_name.is_none()).collect();
            prop_assert_eq!(objects.unbound_pods().collect::<Vec<_>>(), want);
            let want: Vec<&Pod> = pods.iter().copied().filter(|p| p.spec.node_name.is_some()).collect();
            prop_assert_eq!(objects.bound_pods().collect::<Vec<_>>(), want);
            let want: Vec<&Pod> = pods.iter().copied().filter(|p| p.metadata.controller_ref().is_none()).collect();
            prop_assert_eq!(objects.pods_without_controller().collect::<Vec<_>>(), want);
            let want: Vec<&Pod> = pods.iter().copied().filter(|p| !crate::api::storage::pod_claims(&p.spec).is_empty()).collect();
            prop_assert_eq!(objects.pods_with_claims().collect::<Vec<_>>(), want);
            for o in 0..5 {
                let uid = format!("owner-{o}");
                let want: Vec<&Object> = objects
                    .values()
                    .filter(|x| x.meta().owner_references.iter().any(|r| r.controller == Some(true) && r.uid == uid))
                    .collect();
                prop_assert_eq!(objects.controlled_by(&uid).collect::<Vec<_>>(), want);
            }
            for u in 0..8 {
                let uid = format!("uid-{u}");
                prop_assert_eq!(objects.has_uid(&uid), objects.values().any(|x| x.meta().uid == uid));
            }
            let json = serde_json::to_string(&objects).expect("serialise");
            let back: Objects = serde_json::from_str(&json).expect("deserialise");
            prop_assert_eq!(&back.index, &objects.index);
        }
    }
}
