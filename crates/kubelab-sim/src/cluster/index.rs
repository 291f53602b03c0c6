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
    /// The value of `changes` at the last write or removal of a pod without a controller (or
    /// that had none before the write): what a controller adopting orphans looks at.
    orphan_changes: u64,
}

/// Keys of objects, grouped the ways the controllers look for them.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Index {
    /// Pods by `spec.nodeName`.
    pods_by_node: BTreeMap<String, BTreeSet<ObjectKey>>,
    /// Pods the scheduler has to place (no `spec.nodeName`, not being deleted), by whether it
    /// tried before (`PodScheduled` condition: the queue) or not (new).
    unscheduled_new: BTreeSet<ObjectKey>,
    unscheduled_tried: BTreeSet<ObjectKey>,
    /// Objects by the uid of each of their controller owner references.
    controlled_by: BTreeMap<String, BTreeSet<ObjectKey>>,
    /// Pods without a controller owner reference.
    pods_without_controller: BTreeSet<ObjectKey>,
    /// Pods with a volume from a PersistentVolumeClaim.
    pods_with_claims: BTreeSet<ObjectKey>,
    /// How many objects carry each uid.
    uids: BTreeMap<String, usize>,
    /// Per controller uid, its active pods counted by (namespace, labels): what a ReplicaSet's
    /// status counts, kept as pods are written so that the status needs no recount.
    tallies: BTreeMap<String, Vec<PodTally>>,
    /// How many pods there are, and the pods bound to a node, in key order.
    pods: usize,
    bound: BTreeSet<ObjectKey>,
    /// Bound pods the kubelet's sync has to look at: being deleted, or not started (phase
    /// `Pending` or unset).
    kubelet_work: BTreeSet<ObjectKey>,
    /// Pods with a container that has a command or arguments (the only ones that can run a
    /// traffic client's loop from their spec).
    with_commands: BTreeSet<ObjectKey>,
    /// The scheduler's digest of the bound pods that are not terminal: the wrapping sum of
    /// `fnv64(uid) | 1` over them.
    bound_digest: u64,
}

/// Active pods (not terminal, not being deleted) of one controller in one namespace with one
/// label set, and how many of them are ready.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PodTally {
    pub namespace: String,
    pub labels: Labels,
    pub active: u64,
    pub ready: u64,
}

impl Index {
    /// Adds (or, with `add` false, takes away) `obj`'s part of its controller's tally.
    fn tally(&mut self, obj: &Object, add: bool) {
        let Object::Pod(p) = obj else { return };
        if !p.is_active() {
            return;
        }
        let Some(owner) = p.metadata.controller_ref() else { return };
        let ready = u64::from(p.is_ready());
        let ns = p.metadata.ns();
        let labels = &p.metadata.labels;
        let list = match self.tallies.get_mut(owner.uid.as_str()) {
            Some(list) => list,
            None if add => self.tallies.entry(owner.uid.clone()).or_default(),
            None => return,
        };
        let at = list.binary_search_by(|t| (t.namespace.as_str(), &t.labels).cmp(&(ns, labels)));
        match (at, add) {
            (Ok(i), true) => {
                list[i].active += 1;
                list[i].ready += ready;
            }
            (Err(i), true) => {
                list.insert(i, PodTally { namespace: ns.to_string(), labels: labels.to_inner(), active: 1, ready });
            }
            (Ok(i), false) => {
                let t = &mut list[i];
                t.active = t.active.saturating_sub(1);
                t.ready = t.ready.saturating_sub(ready);
                if t.active == 0 {
                    list.remove(i);
                }
            }
            (Err(_), false) => {}
        }
        if list.is_empty() {
            self.tallies.remove(owner.uid.as_str());
        }
    }
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

/// Whether the kubelet's sync has to look at bound pod `p` (see `Index::kubelet_work`).
fn kubelet_work(p: &Pod) -> bool {
    p.metadata.is_deleting() || p.status.phase == "Pending" || p.status.phase.is_empty()
}

/// Whether a container of `p` has a command or arguments.
fn has_commands(p: &Pod) -> bool {
    p.spec.containers.iter().any(|c| !c.command.is_empty() || !c.args.is_empty())
}

/// `p`'s part of `Index::bound_digest` (zero when it has none).
fn digest_part(p: &Pod) -> u64 {
    if p.spec.node_name.is_some() && p.status.phase != "Succeeded" && p.status.phase != "Failed" {
        crate::hash::fnv64(&p.metadata.uid) | 1
    } else {
        0
    }
}

/// Notes a write or removal of `obj` as change `n`: for each of its controllers, or for the
/// orphan pods when it is a pod without one.
fn bump(changes: &mut BTreeMap<String, u64>, orphans: &mut u64, obj: &Object, n: u64) {
    let meta = obj.meta();
    if matches!(obj, Object::Pod(_)) && controller_uids(meta).next().is_none() {
        *orphans = n;
    }
    for uid in controller_uids(meta) {
        match changes.get_mut(uid.as_str()) {
            Some(v) => *v = n,
            None => {
                changes.insert(uid.clone(), n);
            }
        }
    }
}

/// Whether the scheduler has to place `p`, and if so whether it tried before: a pending pod
/// the scheduler has tried carries `PodScheduled=False`; a new one has no such condition.
fn unscheduled(p: &Pod) -> Option<bool> {
    (p.spec.node_name.is_none() && !p.metadata.is_deleting())
        .then(|| p.status.conditions.iter().any(|c| c.type_ == "PodScheduled"))
}

fn controller_uids(m: &ObjectMeta) -> impl Iterator<Item = &String> {
    m.owner_references.iter().filter(|r| r.controller == Some(true)).map(|r| &r.uid)
}

impl Index {
    fn add(&mut self, key: &ObjectKey, obj: &Object) {
        self.tally(obj, true);
        let meta = obj.meta();
        *self.uids.entry(meta.uid.clone()).or_default() += 1;
        for r in meta.owner_references.iter().filter(|r| r.controller == Some(true)) {
            add_to(&mut self.controlled_by, &r.uid, key);
        }
        if let Object::Pod(p) = obj {
            self.pods += 1;
            self.bound_digest = self.bound_digest.wrapping_add(digest_part(p));
            if has_commands(p) {
                self.with_commands.insert(key.clone());
            }
            if let Some(node) = &p.spec.node_name {
                add_to(&mut self.pods_by_node, node, key);
                self.bound.insert(key.clone());
                if kubelet_work(p) {
                    self.kubelet_work.insert(key.clone());
                }
            }
            match unscheduled(p) {
                Some(false) => {
                    self.unscheduled_new.insert(key.clone());
                }
                Some(true) => {
                    self.unscheduled_tried.insert(key.clone());
                }
                None => {}
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
        self.tally(obj, false);
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
            self.pods -= 1;
            self.bound_digest = self.bound_digest.wrapping_sub(digest_part(p));
            self.with_commands.remove(key);
            if let Some(node) = &p.spec.node_name {
                remove_from(&mut self.pods_by_node, node, key);
                self.bound.remove(key);
                self.kubelet_work.remove(key);
            }
            match unscheduled(p) {
                Some(false) => {
                    self.unscheduled_new.remove(key);
                }
                Some(true) => {
                    self.unscheduled_tried.remove(key);
                }
                None => {}
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
                p.spec.node_name == q.spec.node_name
                    && kubelet_work(p) == kubelet_work(q)
                    && has_commands(p) == has_commands(q)
                    && digest_part(p) == digest_part(q)
                    && has_claims(&p.spec) == has_claims(&q.spec)
                    && unscheduled(p) == unscheduled(q)
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
    pub(crate) fn insert(&mut self, key: ObjectKey, mut obj: Object) {
        if let Object::Pod(p) = &mut obj {
            p.status.shrink_to_fit();
        }
        self.changes += 1;
        if let Some(old) = self.map.get(&key) {
            bump(&mut self.controlled_changes, &mut self.orphan_changes, old, self.changes);
        }
        bump(&mut self.controlled_changes, &mut self.orphan_changes, &obj, self.changes);
        match self.map.get_mut(&key) {
            Some(old) if Index::same_entries(old, &obj) => {
                self.index.tally(old, false);
                self.index.tally(&obj, true);
                *old = obj;
            }
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

    /// What `insert` of the stored pod at `key` with `status` and resource version `rv` does,
    /// without a copy of the rest of the pod: only the indexes a status can move it between
    /// (scheduled or not, the kubelet's work, the bound digest, the tallies) are looked at.
    pub(crate) fn set_pod_status(&mut self, key: &ObjectKey, status: PodStatus, rv: u64) {
        let Some(obj) = self.map.get_mut(key) else { return };
        self.changes += 1;
        bump(&mut self.controlled_changes, &mut self.orphan_changes, obj, self.changes);
        self.index.tally(obj, false);
        let Object::Pod(p) = obj else { return };
        let before = (unscheduled(p), kubelet_work(p), digest_part(p));
        p.status = status;
        p.status.shrink_to_fit();
        p.metadata.resource_version = rv;
        let after = (unscheduled(p), kubelet_work(p), digest_part(p));
        if before != after {
            let index = &mut self.index;
            match before.0 {
                Some(false) => index.unscheduled_new.remove(key),
                Some(true) => index.unscheduled_tried.remove(key),
                None => false,
            };
            match after.0 {
                Some(false) => index.unscheduled_new.insert(key.clone()),
                Some(true) => index.unscheduled_tried.insert(key.clone()),
                None => false,
            };
            if p.spec.node_name.is_some() && before.1 != after.1 {
                if after.1 {
                    index.kubelet_work.insert(key.clone());
                } else {
                    index.kubelet_work.remove(key);
                }
            }
            index.bound_digest = index.bound_digest.wrapping_sub(before.2).wrapping_add(after.2);
        }
        self.index.tally(obj, true);
    }

    pub(crate) fn remove(&mut self, key: &ObjectKey) -> Option<Object> {
        let obj = self.map.remove(key)?;
        self.changes += 1;
        bump(&mut self.controlled_changes, &mut self.orphan_changes, &obj, self.changes);
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

    /// Pods bound to any node, in key order: by the index when they are few among the pods,
    /// else by a walk over all pods (cheaper than a lookup per key when most are bound).
    pub(crate) fn bound_pods(&self) -> impl Iterator<Item = &Pod> {
        self.bound_pods_by(self.index.bound.len() * 8 < self.index.pods)
    }

    /// `bound_pods` by the index (`few`) or by a walk.
    fn bound_pods_by(&self, few: bool) -> impl Iterator<Item = &Pod> {
        let by_index = few.then(|| self.pods_at(Some(&self.index.bound)));
        let by_walk = (!few).then(|| self.all_pods().filter(|p| p.spec.node_name.is_some()));
        by_index.into_iter().flatten().chain(by_walk.into_iter().flatten())
    }

    /// Every pod, in key order (a walk over the pods' part of the map).
    pub(crate) fn all_pods(&self) -> impl Iterator<Item = &Pod> {
        let start = ObjectKey { kind: Kind::Pod, namespace: String::new(), name: String::new() };
        self.map.range(start..).map_while(|(k, o)| if k.kind == Kind::Pod { o.as_pod() } else { None })
    }

    /// Bound pods that are being deleted or have not started (phase `Pending` or unset), in key
    /// order: what the kubelet's sync looks for.
    pub(crate) fn kubelet_work(&self) -> impl Iterator<Item = &Pod> {
        self.pods_at(Some(&self.index.kubelet_work))
    }

    /// Pods with a container that has a command or arguments, in key order.
    pub(crate) fn pods_with_commands(&self) -> impl Iterator<Item = &Pod> {
        self.pods_at(Some(&self.index.with_commands))
    }

    /// The wrapping sum of `fnv64(uid) | 1` over the bound pods not `Succeeded` or `Failed`.
    pub(crate) fn bound_digest(&self) -> u64 {
        self.index.bound_digest
    }

    /// Pods with no node, in key order.
    /// Pods the scheduler has to place (no node, not being deleted) that it has tried before
    /// (`tried`) or not, in key order.
    pub(crate) fn unscheduled_pods(&self, tried: bool) -> impl Iterator<Item = &Pod> {
        self.pods_at(Some(if tried { &self.index.unscheduled_tried } else { &self.index.unscheduled_new }))
    }

    /// How many pods `unscheduled_pods(tried)` gives.
    pub(crate) fn unscheduled_count(&self, tried: bool) -> usize {
        if tried {
            self.index.unscheduled_tried.len()
        } else {
            self.index.unscheduled_new.len()
        }
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

    /// The active pods controlled by `uid` (by their first controller reference), counted by
    /// namespace and label set, in that order.
    pub(crate) fn tally(&self, uid: &str) -> &[PodTally] {
        self.index.tallies.get(uid).map(Vec::as_slice).unwrap_or(&[])
    }

    /// A number that changes whenever an object controlled by `uid` is written or removed, or
    /// starts or stops being controlled by it (not serialised: compare it only with values read
    /// from the same store since it was deserialised).
    pub(crate) fn controlled_version(&self, uid: &str) -> u64 {
        self.controlled_changes.get(uid).copied().unwrap_or(0)
    }

    /// A number that changes whenever a pod without a controller is written or removed, or
    /// stops or starts having one (not serialised, like `controlled_version`).
    pub(crate) fn orphan_pods_version(&self) -> u64 {
        self.orphan_changes
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
        let mut last = LastPodParts::default();
        for mut o in list {
            if let Object::Pod(p) = &mut o {
                last.share(p);
            }
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
        p.metadata.labels.insert("app".into(), format!("a{}", uid % 3));
        if uid % 4 == 1 {
            p.status.phase = "Succeeded".into();
        } else if uid % 4 == 2 {
            p.status.phase = "Running".into();
        }
        let command = if uid % 3 == 1 { vec!["sh".to_string()] } else { vec![] };
        p.spec.containers.push(Container { name: "c".into(), command, ..Default::default() });
        if uid % 5 == 3 {
            p.metadata.deletion_timestamp = Some(crate::time::SimTime::ZERO);
        }
        if uid.is_multiple_of(2) {
            p.status.conditions.push(Condition {
                type_: "PodScheduled".into(),
                status: "False".into(),
                ..Default::default()
            });
        }
        if uid % 3 != 2 {
            p.status.conditions.push(Condition { type_: "Ready".into(), status: "True".into(), ..Default::default() });
        }
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
        Pod {
            name: usize,
            node: Option<usize>,
            owner: Option<usize>,
            volumes: bool,
            uid: usize,
        },
        Service {
            name: usize,
            owner: Option<usize>,
            uid: usize,
        },
        RemovePod(usize),
        RemoveService(usize),
        /// A status write in place (`set_pod_status`): phase and conditions from another pod.
        Status {
            name: usize,
            like: usize,
        },
    }

    fn write() -> impl Strategy<Value = Write> {
        prop_oneof![
            4 => (0..12usize, proptest::option::of(0..4usize), proptest::option::of(0..5usize), any::<bool>(), 0..8usize)
                .prop_map(|(name, node, owner, volumes, uid)| Write::Pod { name, node, owner, volumes, uid }),
            1 => (0..4usize, proptest::option::of(0..5usize), 0..8usize)
                .prop_map(|(name, owner, uid)| Write::Service { name, owner, uid }),
            2 => (0..12usize).prop_map(Write::RemovePod),
            1 => (0..4usize).prop_map(Write::RemoveService),
            3 => (0..12usize, 0..8usize).prop_map(|(name, like)| Write::Status { name, like }),
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
                    Write::Status { name, like } => {
                        let Object::Pod(model) = pod("x", None, None, false, like) else { unreachable!() };
                        for ns in ["default", "team"] {
                            let key = ObjectKey::new(Kind::Pod, ns, &format!("p{name}"));
                            objects.set_pod_status(&key, model.status.clone(), 7);
                        }
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
            for tried in [false, true] {
                let want: Vec<&Pod> = pods
                    .iter()
                    .copied()
                    .filter(|p| {
                        p.spec.node_name.is_none()
                            && !p.metadata.is_deleting()
                            && p.status.conditions.iter().any(|c| c.type_ == "PodScheduled") == tried
                    })
                    .collect();
                prop_assert_eq!(objects.unscheduled_pods(tried).collect::<Vec<_>>(), want.clone());
                prop_assert_eq!(objects.unscheduled_count(tried), want.len());
            }
            let want: Vec<&Pod> = pods.iter().copied().filter(|p| p.spec.node_name.is_some()).collect();
            prop_assert_eq!(objects.bound_pods().collect::<Vec<_>>(), want.clone());
            for few in [false, true] {
                prop_assert_eq!(objects.bound_pods_by(few).collect::<Vec<_>>(), want.clone());
            }
            prop_assert_eq!(objects.all_pods().collect::<Vec<_>>(), pods.clone());
            let want: Vec<&Pod> = pods
                .iter()
                .copied()
                .filter(|p| p.spec.node_name.is_some() && (p.metadata.is_deleting() || p.status.phase == "Pending" || p.status.phase.is_empty()))
                .collect();
            prop_assert_eq!(objects.kubelet_work().collect::<Vec<_>>(), want);
            let want: Vec<&Pod> = pods
                .iter()
                .copied()
                .filter(|p| p.spec.containers.iter().any(|c| !c.command.is_empty() || !c.args.is_empty()))
                .collect();
            prop_assert_eq!(objects.pods_with_commands().collect::<Vec<_>>(), want);
            let want = pods
                .iter()
                .filter(|p| p.spec.node_name.is_some() && p.status.phase != "Succeeded" && p.status.phase != "Failed")
                .fold(0u64, |sum, p| sum.wrapping_add(crate::hash::fnv64(&p.metadata.uid) | 1));
            prop_assert_eq!(objects.bound_digest(), want);
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
            for o in 0..5 {
                let uid = format!("owner-{o}");
                let mut want: Vec<PodTally> = Vec::new();
                for p in objects.values().filter_map(Object::as_pod) {
                    if !p.is_active() || p.metadata.controller_ref().is_none_or(|r| r.uid != uid) {
                        continue;
                    }
                    match want.iter_mut().find(|t| t.namespace == p.metadata.ns() && t.labels == *p.metadata.labels) {
                        Some(t) => {
                            t.active += 1;
                            t.ready += u64::from(p.is_ready());
                        }
                        None => want.push(PodTally {
                            namespace: p.metadata.ns().to_string(),
                            labels: p.metadata.labels.to_inner(),
                            active: 1,
                            ready: u64::from(p.is_ready()),
                        }),
                    }
                }
                want.sort_by(|a, b| (&a.namespace, &a.labels).cmp(&(&b.namespace, &b.labels)));
                prop_assert_eq!(objects.tally(&uid), want.as_slice());
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
