//! The garbage collector, the namespace controller and the API server's own housekeeping.
//!
//! * Garbage collector: an object whose controller owner no longer exists is deleted
//!   (background propagation: `kubectl delete deployment` returns at once and the ReplicaSets,
//!   then their pods, go after it; pods terminate gracefully).
//! * Namespace controller: a namespace being deleted has everything in it deleted and disappears
//!   once it is empty.
//! * API server bootstrap controller: the `default/kubernetes` Service always exists; deleting it
//!   only makes it come back (with a new uid and age).

use crate::api::*;
use crate::cluster::{Api, DeleteOptions, Store};

pub(crate) fn reconcile(api: &mut Api<'_>) {
    // Objects with a controller reference to a uid no object has (from the store's index of
    // controller uids: no scan of every object), in key order.
    let orphans: Vec<ObjectKey> = {
        let gone: std::collections::BTreeSet<&ObjectKey> =
            api.controller_uids().filter(|(uid, _)| !api.has_uid(uid)).flat_map(|(_, keys)| keys).collect();
        gone.into_iter().filter(|k| api.get_by_key(k).is_some_and(|o| !o.meta().is_deleting())).cloned().collect()
    };
    for key in orphans {
        let _ = api.delete_internal(&key, DeleteOptions::default());
    }
    // Namespaces being deleted.
    let terminating: Vec<String> = api
        .list(Kind::Namespace, None)
        .into_iter()
        .filter(|n| n.meta().is_deleting())
        .map(|n| n.meta().name.clone())
        .collect();
    for ns in terminating {
        let contents: Vec<ObjectKey> = api
            .objects()
            .filter(|o| o.kind().namespaced() && o.meta().ns() == ns && !o.meta().is_deleting())
            .map(Object::key)
            .collect();
        for key in contents {
            let _ = api.delete_internal(&key, DeleteOptions::default());
        }
        let left = api.objects().any(|o| o.kind().namespaced() && o.meta().ns() == ns);
        if !left {
            api.remove(&ObjectKey::new(Kind::Namespace, "", &ns));
            api.retain_events(|e| e.metadata.namespace.as_deref() != Some(ns.as_str()));
        }
    }
}

pub(crate) fn housekeeping(api: &mut Api<'_>) {
    ensure_kubernetes_service(api);
}

pub(crate) fn ensure_kubernetes_service(store: &mut Store) {
    if store.get(Kind::Service, "default", "kubernetes").is_some() {
        return;
    }
    let mut svc = Service {
        api_version: "v1".into(),
        kind: "Service".into(),
        metadata: ObjectMeta {
            name: "kubernetes".into(),
            namespace: Some("default".into()),
            labels: [("component", "apiserver"), ("provider", "kubernetes")]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        },
        ..Default::default()
    };
    svc.spec.cluster_ip = Some("10.96.0.1".into());
    svc.spec.ports = vec![ServicePort {
        name: Some("https".into()),
        protocol: Some("TCP".into()),
        port: 443,
        target_port: Some(IntOrString::Int(6443)),
        node_port: None,
    }];
    let _ = store.create_internal(Object::Service(svc));
}
