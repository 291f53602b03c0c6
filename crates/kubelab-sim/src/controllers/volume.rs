//! The persistent-volume controller, the storage class's provisioner and the
//! storage-object-in-use protection, as one level-triggered pass over the claims.
//!
//! What happens to a claim (`pkg/controller/volume/persistentvolume`):
//! - the DefaultStorageClass admission gives a claim without `storageClassName` the default
//!   class, and the in-use protection adds the `kubernetes.io/pvc-protection` finalizer; here
//!   the first pass does both (same instant, before anyone can read the claim);
//! - a claim of an `Immediate` class is provisioned at once; one of a `WaitForFirstConsumer`
//!   class waits (event `WaitForFirstConsumer`) until a pod using it has been scheduled, and is
//!   then provisioned on that pod's node (`volume.kubernetes.io/selected-node`);
//! - provisioning is external (a provisioner pod, as kind's local-path-provisioner and
//!   minikube's storage-provisioner are): the controller announces it (`ExternalProvisioning`),
//!   the provisioner reports `Provisioning` and `ProvisioningSucceeded`, creates the volume
//!   `pvc-<claim uid>` with the claim's size and access modes and the class's reclaim policy,
//!   and the controller binds both (claim and volume `Bound`, the bind annotations);
//! - a deleted claim keeps its finalizer while a pod that is not finished uses it (status
//!   `Terminating`); then it goes, and its volume is `Released` and, with the `Delete` policy,
//!   deleted by the provisioner; a `Retain` volume stays `Released`.
//!
//! The scheduler asks [`unschedulable_reason`] before it filters nodes: a pod whose claim is
//! missing or unbound (and not waiting for its first consumer) stays Pending with the
//! VolumeBinding plugin's message.
//!
//! A volume created by hand becomes `Available` (or `Bound` when it names its claim).
//!
//! Simplified: provisioning takes no time (the provisioner pod is not modelled: no pod in
//! kube-system, and the events name it by a fixed identity); no matching of pre-created volumes
//! to claims (`volumeName` or a class without a provisioner leave the claim Pending); no
//! expansion, no volume modes other than Filesystem, no attach/mount (the kubelet starts the
//! pod as soon as it is bound).

use crate::api::*;
use crate::cluster::{Api, Store};

/// Which provisioner identity signs its events (`<provisioner>_<pod>_<uuid>` upstream).
fn provisioner_component(provisioner: &str, course: bool) -> String {
    if course {
        format!("{provisioner}_minikube_6a3c4b2e-88e7-11e8-9a94-080027f42b3d")
    } else {
        format!("{provisioner}_local-path-provisioner-7dc846544d-x6c2q_2b6a7d1c-5e1f-4d0a-9f3e-8c1b7a2d4e60")
    }
}

/// Creates the claim for one of a StatefulSet's `volumeClaimTemplates`
/// (`<template>-<statefulset>-<ordinal>`, the template's spec, labelled as the template), as
/// the StatefulSet controller does before it creates the pod; returns the claim's name. An
/// existing claim of that name is kept (its spec may differ, as upstream).
pub(crate) fn create_claim_for_template(
    store: &mut Store,
    namespace: &str,
    template: &PersistentVolumeClaim,
    set_name: &str,
    ordinal: u32,
) -> String {
    let name = format!("{}-{set_name}-{ordinal}", template.metadata.name);
    if store.get(Kind::PersistentVolumeClaim, namespace, &name).is_none() {
        let mut pvc = template.clone();
        pvc.api_version = "v1".into();
        pvc.kind = "PersistentVolumeClaim".into();
        pvc.metadata = ObjectMeta {
            name: name.clone(),
            namespace: Some(namespace.to_string()),
            labels: template.metadata.labels.clone(),
            annotations: template.metadata.annotations.clone(),
            ..Default::default()
        };
        pvc.status = Default::default();
        let _ = store.create_internal(pvc.into_object());
    }
    name
}

/// The default StorageClass's name, if one is marked (the newest wins, as upstream).
pub(crate) fn default_class(store: &Store) -> Option<String> {
    let mut classes: Vec<StorageClass> =
        store.list(Kind::StorageClass, None).into_iter().filter_map(StorageClass::from_object).collect();
    classes.retain(StorageClass::is_default);
    crate::sort::by(&mut classes, |a, b| {
        (b.metadata.creation_timestamp, &a.metadata.name).cmp(&(a.metadata.creation_timestamp, &b.metadata.name))
    });
    classes.first().map(|c| c.metadata.name.clone())
}

/// Why the VolumeBinding plugin rejects `pod` before filtering nodes, or None.
pub(crate) fn unschedulable_reason(store: &Store, pod: &Pod) -> Option<String> {
    for claim in pod_claims(&pod.spec) {
        let Some(pvc) = store
            .get(Kind::PersistentVolumeClaim, pod.metadata.ns(), &claim)
            .and_then(PersistentVolumeClaim::from_object)
        else {
            return Some(format!("persistentvolumeclaim \"{claim}\" not found"));
        };
        if pvc.metadata.is_deleting() {
            return Some(format!("persistentvolumeclaim \"{claim}\" is being deleted"));
        }
        if pvc.phase() == "Bound" {
            continue;
        }
        let waits = pvc
            .spec
            .storage_class_name
            .as_deref()
            .and_then(|c| store.get(Kind::StorageClass, "", c))
            .and_then(StorageClass::from_object)
            .is_some_and(|c| c.waits_for_first_consumer());
        if !waits {
            return Some(if store.version().at_least(20) {
                "pod has unbound immediate PersistentVolumeClaims".into()
            } else {
                "pod has unbound PersistentVolumeClaims".into()
            });
        }
    }
    None
}

/// Claims held by pods (not finished): `(namespace, claim)` → the node of one scheduled user.
type Users = std::collections::BTreeMap<(String, String), Option<String>>;

/// The claims that pods hold, from the store's index of pods with claims.
fn users(store: &Store) -> Users {
    let mut out = Users::new();
    // Only the pods with a claim among their volumes (the store's index) have claims.
    for p in store.pods_with_claims() {
        if p.status.phase == "Succeeded" || p.status.phase == "Failed" {
            continue;
        }
        for claim in pod_claims(&p.spec) {
            let e = out.entry((p.metadata.ns().to_string(), claim)).or_insert(None);
            if e.is_none() {
                *e = p.spec.node_name.clone();
            }
        }
    }
    out
}

fn finalizers(meta: &ObjectMeta) -> Vec<String> {
    meta.extra
        .get("finalizers")
        .and_then(|f| f.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

fn set_finalizers(meta: &mut ObjectMeta, list: Vec<String>) {
    if list.is_empty() {
        meta.extra.remove("finalizers");
    } else {
        meta.extra.insert("finalizers".into(), serde_json::json!(list));
    }
}

/// The controller's resync period: a claim that waits is looked at (and its event recorded
/// again, counted) every 15 seconds.
const RESYNC_SECS: u64 = 15;

/// An event of `reason` about `uid` was recorded less than a resync period ago.
fn recently(store: &Store, uid: &str, reason: &str) -> bool {
    let now = store.now();
    let period = crate::time::SimDuration::from_secs(RESYNC_SECS);
    let last = store
        .events()
        .iter()
        .filter(|e| e.involved_object.uid == uid && e.reason == reason && now.since(e.last_timestamp) < period)
        .map(|e| e.last_timestamp)
        .max();
    // The next resync: a period after the event, or after the one the caller records now.
    store.wake_at(last.unwrap_or(now) + period);
    last.is_some()
}

pub(crate) fn reconcile(api: &mut Api<'_>) {
    let course = !api.version().at_least(20);
    let users = users(api);
    // pv-protection: a deleted volume goes once no claim holds it.
    let deleting: Vec<PersistentVolume> = api
        .list(Kind::PersistentVolume, None)
        .into_iter()
        .filter_map(PersistentVolume::from_object)
        .filter(|pv| pv.metadata.is_deleting())
        .collect();
    // A volume nobody has synced yet (one created by hand): Available, or Bound to its claim.
    let fresh: Vec<PersistentVolume> = api
        .list(Kind::PersistentVolume, None)
        .into_iter()
        .filter_map(PersistentVolume::from_object)
        .filter(|pv| pv.status.phase.is_none() && !pv.metadata.is_deleting())
        .collect();
    for mut pv in fresh {
        pv.status.phase = Some(if pv.spec.claim_ref.is_some() { "Bound" } else { "Available" }.into());
        api.put(pv.into_object());
    }
    for pv in deleting {
        let held = pv.spec.claim_ref.as_ref().is_some_and(|c| {
            api.get(Kind::PersistentVolumeClaim, &c.namespace, &c.name).is_some_and(|o| o.meta().uid == c.uid)
        });
        if !held {
            api.remove(&ObjectKey::new(Kind::PersistentVolume, "", &pv.metadata.name));
        }
    }
    let claims: Vec<PersistentVolumeClaim> = api
        .list(Kind::PersistentVolumeClaim, None)
        .into_iter()
        .filter_map(PersistentVolumeClaim::from_object)
        .collect();
    for pvc in claims {
        sync_claim(api, pvc, &users, course);
    }
}

/// One claim: protection, defaults, and provisioning when it is Pending. Never inlined: out of
/// `Cluster::settle`, so the web split can leave it out of the first download (no claims there).
#[inline(never)]
fn sync_claim(api: &mut Api<'_>, mut pvc: PersistentVolumeClaim, users: &Users, course: bool) {
    let ns = pvc.metadata.ns().to_string();
    let key = (ns.clone(), pvc.metadata.name.clone());
    if pvc.metadata.is_deleting() {
        if !users.contains_key(&key) {
            release(api, &pvc);
            api.remove(&ObjectKey::new(Kind::PersistentVolumeClaim, &ns, &pvc.metadata.name));
        }
        return;
    }
    let before = pvc.clone();
    if pvc.spec.storage_class_name.is_none() {
        pvc.spec.storage_class_name = default_class(api);
    }
    let mut fins = finalizers(&pvc.metadata);
    if !fins.iter().any(|f| f == PVC_PROTECTION_FINALIZER) {
        fins.push(PVC_PROTECTION_FINALIZER.into());
        set_finalizers(&mut pvc.metadata, fins);
    }
    // volumeMode is defaulted from 1.13 on (BlockVolume beta); 1.11 servers drop it.
    if pvc.spec.volume_mode.is_none() && api.version().at_least(13) {
        pvc.spec.volume_mode = Some("Filesystem".into());
    }
    if pvc.status.phase.is_none() {
        pvc.status.phase = Some("Pending".into());
    }
    if pvc != before {
        api.put(pvc.into_object());
    }
    if pvc.phase() != "Pending" || pvc.spec.volume_name.is_some() {
        return;
    }
    let Some(class_name) = pvc.spec.storage_class_name.clone().filter(|c| !c.is_empty()) else { return };
    let Some(class) = api.get(Kind::StorageClass, "", &class_name).and_then(StorageClass::from_object) else {
        let msg = format!("storageclass.storage.k8s.io \"{class_name}\" not found");
        if recently(api, &pvc.metadata.uid, "ProvisioningFailed") {
            return;
        }
        api.record_event(&pvc.into_object(), "Warning", "ProvisioningFailed", msg, "persistentvolume-controller");
        return;
    };
    let node = users.get(&key).cloned().flatten();
    if class.waits_for_first_consumer() && node.is_none() {
        if recently(api, &pvc.metadata.uid, "WaitForFirstConsumer") {
            return;
        }
        api.record_event(
            &pvc.into_object(),
            "Normal",
            "WaitForFirstConsumer",
            "waiting for first consumer to be created before binding".into(),
            "persistentvolume-controller",
        );
        return;
    }
    let node = if class.waits_for_first_consumer() { node } else { None };
    provision(api, pvc, &class, node, course);
}

/// The provisioner's work and the controller's bind for one claim.
fn provision(
    api: &mut Api<'_>,
    mut pvc: PersistentVolumeClaim,
    class: &StorageClass,
    node: Option<String>,
    course: bool,
) {
    let ns = pvc.metadata.ns().to_string();
    let name = pvc.metadata.name.clone();
    let provisioner = class.provisioner.clone();
    let announce = if course {
        format!(
            "waiting for a volume to be created, either by external provisioner \"{provisioner}\" or manually created by system administrator"
        )
    } else {
        format!(
            "Waiting for a volume to be created either by the external provisioner '{provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that your external provisioner is running and correctly registered."
        )
    };
    let component = provisioner_component(&provisioner, course);
    pvc.metadata.annotations.insert("volume.beta.kubernetes.io/storage-provisioner".into(), provisioner.clone());
    if !course {
        pvc.metadata.annotations.insert("volume.kubernetes.io/storage-provisioner".into(), provisioner.clone());
    }
    if let Some(n) = &node {
        pvc.metadata.annotations.insert("volume.kubernetes.io/selected-node".into(), n.clone());
    }
    api.record_event(&pvc.into_object(), "Normal", "ExternalProvisioning", announce, "persistentvolume-controller");
    api.record_event(
        &pvc.into_object(),
        "Normal",
        "Provisioning",
        format!("External provisioner is provisioning volume for claim \"{ns}/{name}\""),
        component.clone(),
    );
    let pv_name = format!("pvc-{}", pvc.metadata.uid);
    let size = pvc.requested().unwrap_or_else(|| "1Gi".into());
    let mut pv = PersistentVolume { api_version: "v1".into(), kind: "PersistentVolume".into(), ..Default::default() };
    pv.metadata.name = pv_name.clone();
    pv.metadata.annotations.insert("pv.kubernetes.io/provisioned-by".into(), provisioner.clone());
    set_finalizers(&mut pv.metadata, vec![PV_PROTECTION_FINALIZER.into()]);
    pv.spec.access_modes = pvc.spec.access_modes.clone();
    pv.spec.capacity.insert("storage".into(), serde_json::json!(size));
    pv.spec.persistent_volume_reclaim_policy = Some(class.reclaim().to_string());
    pv.spec.storage_class_name = Some(class.metadata.name.clone());
    pv.spec.volume_mode = pvc.spec.volume_mode.clone();
    let dir = format!("{pv_name}_{ns}_{name}");
    if course {
        pv.metadata.annotations.insert("hostPathProvisionerIdentity".into(), "minikube".into());
        pv.spec.extra.insert(
            "hostPath".into(),
            serde_json::json!({"path": format!("/tmp/hostpath-provisioner/{pv_name}"), "type": ""}),
        );
    } else {
        pv.spec.extra.insert(
            "hostPath".into(),
            serde_json::json!({"path": format!("/var/local-path-provisioner/{dir}"), "type": "DirectoryOrCreate"}),
        );
    }
    if let Some(n) = &node {
        pv.metadata.annotations.insert("local.path.provisioner/selected-node".into(), n.clone());
        pv.spec.extra.insert(
            "nodeAffinity".into(),
            serde_json::json!({"required": {"nodeSelectorTerms": [{"matchExpressions": [
                {"key": "kubernetes.io/hostname", "operator": "In", "values": [n]}
            ]}]}}),
        );
    }
    pv.spec.claim_ref = Some(ClaimRef {
        api_version: "v1".into(),
        kind: "PersistentVolumeClaim".into(),
        name: name.clone(),
        namespace: ns.clone(),
        resource_version: pvc.metadata.resource_version.to_string(),
        uid: pvc.metadata.uid.clone(),
    });
    pv.status.phase = Some("Bound".into());
    if api.create_internal(pv.into_object()).is_err() {
        return;
    }
    api.record_event(
        &pvc.into_object(),
        "Normal",
        "ProvisioningSucceeded",
        format!("Successfully provisioned volume {pv_name}"),
        component.clone(),
    );
    pvc.spec.volume_name = Some(pv_name);
    pvc.metadata.annotations.insert("pv.kubernetes.io/bind-completed".into(), "yes".into());
    pvc.metadata.annotations.insert("pv.kubernetes.io/bound-by-controller".into(), "yes".into());
    pvc.status.phase = Some("Bound".into());
    pvc.status.access_modes = pvc.spec.access_modes.clone();
    pvc.status.capacity.insert("storage".into(), serde_json::json!(size));
    api.put(pvc.into_object());
}

/// A claim is gone: its volume is released, and deleted when its policy says so.
fn release(api: &mut Api<'_>, pvc: &PersistentVolumeClaim) {
    let Some(pv_name) = pvc.spec.volume_name.clone() else { return };
    let Some(mut pv) = api.get(Kind::PersistentVolume, "", &pv_name).and_then(PersistentVolume::from_object) else {
        return;
    };
    if pv.spec.persistent_volume_reclaim_policy.as_deref() == Some("Delete") {
        api.remove(&ObjectKey::new(Kind::PersistentVolume, "", &pv_name));
    } else {
        pv.status.phase = Some("Released".into());
        api.put(pv.into_object());
    }
}

#[cfg(test)]
mod tests {
    use crate::api::*;
    use crate::cluster::{Cluster, ClusterConfig, DeleteOptions};
    use crate::time::SimDuration;

    fn claim(name: &str) -> Object {
        let json = serde_json::json!({
            "apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": name, "namespace": "default"},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "2Gi"}}}
        });
        Object::Opaque(Kind::PersistentVolumeClaim, serde_json::from_value(json).expect("claim"))
    }

    fn pod_using(name: &str, claim: &str) -> Object {
        let json = serde_json::json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": "default"},
            "spec": {"containers": [{"name": "web", "image": "nginx:1.25"}],
                     "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": claim}}]}
        });
        Object::Pod(serde_json::from_value(json).expect("pod"))
    }

    fn pvc(c: &Cluster, name: &str) -> Option<PersistentVolumeClaim> {
        c.get(Kind::PersistentVolumeClaim, "default", name).and_then(PersistentVolumeClaim::from_object)
    }

    #[test]
    fn wait_for_first_consumer_binds_on_the_pods_node_and_delete_reclaims() {
        let mut c = Cluster::new(ClusterConfig::current(5));
        c.create(claim("data")).expect("claim");
        let waiting = pvc(&c, "data").expect("stored");
        assert_eq!((waiting.phase(), waiting.spec.storage_class_name.as_deref()), ("Pending", Some("standard")));
        c.run_for(SimDuration::from_secs(30));
        assert_eq!(pvc(&c, "data").expect("stored").phase(), "Pending", "no consumer yet");
        c.create(pod_using("app", "data")).expect("pod");
        let bound = pvc(&c, "data").expect("stored");
        assert_eq!(bound.phase(), "Bound");
        let pv_name = bound.spec.volume_name.clone().expect("volume");
        assert_eq!(pv_name, format!("pvc-{}", bound.metadata.uid));
        let pod = c.get(Kind::Pod, "default", "app").and_then(Object::as_pod).expect("pod");
        assert_eq!(bound.metadata.annotations.get("volume.kubernetes.io/selected-node"), pod.spec.node_name.as_ref());
        let pv = c.get(Kind::PersistentVolume, "", &pv_name).and_then(PersistentVolume::from_object).expect("pv");
        assert_eq!(quantity(&pv.spec.capacity, "storage").as_deref(), Some("2Gi"));
        assert_eq!(pv.spec.persistent_volume_reclaim_policy.as_deref(), Some("Delete"));
        // In use: the claim only gets its deletion timestamp.
        c.delete(Kind::PersistentVolumeClaim, "default", "data", DeleteOptions::default()).expect("delete");
        assert!(pvc(&c, "data").expect("protected").metadata.is_deleting());
        c.delete(Kind::Pod, "default", "app", DeleteOptions::default()).expect("delete pod");
        c.run_for(SimDuration::from_secs(40));
        assert!(pvc(&c, "data").is_none());
        assert!(c.get(Kind::PersistentVolume, "", &pv_name).is_none(), "Delete policy");
    }

    #[test]
    fn immediate_classes_bind_at_creation_and_missing_claims_keep_pods_pending() {
        let mut c = Cluster::new(ClusterConfig::course(5));
        c.create(claim("data")).expect("claim");
        assert_eq!(pvc(&c, "data").expect("stored").phase(), "Bound");
        c.create(pod_using("orphan", "missing")).expect("pod");
        c.run_for(SimDuration::from_secs(5));
        let pod = c.get(Kind::Pod, "default", "orphan").and_then(Object::as_pod).expect("pod");
        assert!(pod.spec.node_name.is_none());
        let msgs: Vec<&str> = c.events_for(&pod.metadata.uid).iter().map(|e| e.message.as_str()).collect::<Vec<_>>();
        assert_eq!(msgs, ["persistentvolumeclaim \"missing\" not found"]);
        // The claim appears: the pod is scheduled at its next try.
        c.create(claim("missing")).expect("claim");
        c.run_for(SimDuration::from_secs(15));
        let pod = c.get(Kind::Pod, "default", "orphan").and_then(Object::as_pod).expect("pod");
        assert!(pod.spec.node_name.is_some());
    }
}
