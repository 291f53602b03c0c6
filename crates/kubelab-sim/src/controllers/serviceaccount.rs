//! The service account controllers of kube-controller-manager, and the API server's
//! ServiceAccount admission of pods:
//!
//! * service account controller: every namespace that is not terminating has a `default`
//!   ServiceAccount (made again if deleted);
//! * root CA publisher (v1.20 and later): every such namespace has the `kube-root-ca.crt`
//!   ConfigMap with the cluster's CA bundle;
//! * tokens controller (before v1.24, when `LegacyServiceAccountTokenNoAutoGeneration` became
//!   the default): each ServiceAccount gets a Secret `<sa>-token-<5>` of type
//!   `kubernetes.io/service-account-token` (`ca.crt`, `namespace`, `token`), listed in its
//!   `secrets`; a token Secret whose ServiceAccount is gone is deleted;
//! * admission: a pod naming a ServiceAccount that does not exist is refused
//!   (`error looking up service account ns/x: serviceaccount "x" not found`).
//!
//! Simplified: the CA certificate is one fixed fake PEM block (deterministic, not a real
//! certificate) and the token a fixed-shape fake JWT derived from the Secret's name; the
//! objects these controllers write get uids derived from their key and time instead of drawn
//! from the `ids` stream, so that they shift no other uid or container id. The five
//! characters of a token Secret's name are the ones the pod admission already derives
//! (`validation::admit_pod`), so pods mount the Secret that exists.

use crate::api::*;
use crate::cluster::{Api, DeleteOptions, Store};
use crate::error::ApiError;
use crate::hash::fnv64;
use serde_json::{json, Value};

/// The annotation `kube-root-ca.crt` carries (kube-controller-manager 1.33).
pub const ROOT_CA_DESCRIPTION: &str = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

/// The cluster CA's certificate as pods see it: one fixed, fake PEM block.
pub fn ca_pem() -> String {
    let mut body = String::from("MIIC");
    let mut h = fnv64("kubelab cluster CA");
    while body.len() < 1_000 {
        h = fnv64(&format!("{h:016x}"));
        body.push_str(&crate::secret::encode(&h.to_be_bytes()));
        body.pop();
    }
    body.truncate(1_000);
    let lines: Vec<&str> = body.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect();
    format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n", lines.join("\n"))
}

/// The name of a ServiceAccount's token Secret (`validation::admit_pod` mounts the same).
pub fn token_secret_name(namespace: &str, sa: &str) -> String {
    format!("{sa}-token-{}", crate::hash::derived_suffix(&format!("{namespace}/{sa}")))
}

fn b64url(bytes: &[u8]) -> String {
    crate::secret::encode(bytes).trim_end_matches('=').replace('+', "-").replace('/', "_")
}

/// A legacy service account token (a JWT of kubernetes/serviceaccount), with a fake signature.
fn token(namespace: &str, sa: &str, sa_uid: &str, secret: &str) -> String {
    let header = b64url(br#"{"alg":"RS256","kid":""}"#);
    let claims = json!({
        "iss": "kubernetes/serviceaccount",
        "kubernetes.io/serviceaccount/namespace": namespace,
        "kubernetes.io/serviceaccount/secret.name": secret,
        "kubernetes.io/serviceaccount/service-account.name": sa,
        "kubernetes.io/serviceaccount/service-account.uid": sa_uid,
        "sub": format!("system:serviceaccount:{namespace}:{sa}"),
    });
    let payload = b64url(serde_json::to_string(&claims).unwrap_or_default().as_bytes());
    let mut sig = Vec::with_capacity(256);
    let mut h = fnv64(secret);
    while sig.len() < 256 {
        h = fnv64(&format!("{h:016x}{secret}"));
        sig.extend_from_slice(&h.to_be_bytes());
    }
    format!("{header}.{payload}.{}", b64url(&sig))
}

/// A uid for an object these controllers write, derived instead of drawn.
fn derived_uid(key: &ObjectKey, store: &Store) -> String {
    let seed = format!("{}/{}/{}@{}", key.kind.name(), key.namespace, key.name, store.now().as_millis());
    let h = format!("{:016x}{:016x}", fnv64(&seed), fnv64(&format!("uid:{seed}")));
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

fn write_new(store: &mut Store, mut o: Opaque, kind: Kind, namespace: &str) {
    o.api_version = "v1".into();
    o.kind = kind.name().into();
    o.metadata.namespace = Some(namespace.into());
    o.metadata.creation_timestamp = store.now();
    let obj = Object::Opaque(kind, o);
    let uid = derived_uid(&obj.key(), store);
    let mut obj = obj;
    obj.meta_mut().uid = uid;
    store.put(obj);
}

pub(crate) fn reconcile(api: &mut Api<'_>) {
    ensure(api);
}

/// Brings every namespace to what the controllers keep there (also run by the bootstrap,
/// right after the system namespaces are made).
pub(crate) fn ensure(store: &mut Store) {
    let version = store.version();
    let namespaces: Vec<String> = store
        .list(Kind::Namespace, None)
        .into_iter()
        .filter(|n| !n.meta().is_deleting())
        .map(|n| n.meta().name.clone())
        .collect();
    for ns in &namespaces {
        if store.get(Kind::ServiceAccount, ns, "default").is_none() {
            let mut o = Opaque::default();
            o.metadata.name = "default".into();
            write_new(store, o, Kind::ServiceAccount, ns);
        }
        if version.at_least(20) && store.get(Kind::ConfigMap, ns, "kube-root-ca.crt").is_none() {
            let mut o = Opaque::default();
            o.metadata.name = "kube-root-ca.crt".into();
            o.metadata.annotations.insert("kubernetes.io/description".into(), ROOT_CA_DESCRIPTION.into());
            o.rest.insert("data".into(), json!({ "ca.crt": ca_pem() }));
            write_new(store, o, Kind::ConfigMap, ns);
        }
    }
    if !version.at_least(24) {
        tokens(store);
    }
}

/// The tokens controller: a token Secret for every ServiceAccount, none for a gone one.
fn tokens(store: &mut Store) {
    let accounts: Vec<(String, String, String)> = store
        .list(Kind::ServiceAccount, None)
        .into_iter()
        .filter(|s| !s.meta().is_deleting())
        .map(|s| (s.meta().ns().to_string(), s.meta().name.clone(), s.meta().uid.clone()))
        .collect();
    for (ns, sa, uid) in &accounts {
        let name = token_secret_name(ns, sa);
        if store.get(Kind::Secret, ns, &name).is_none() {
            let mut o = Opaque::default();
            o.metadata.name = name.clone();
            for (k, v) in [("kubernetes.io/service-account.name", sa), ("kubernetes.io/service-account.uid", uid)] {
                o.metadata.annotations.insert(k.into(), v.clone());
            }
            let data = json!({
                "ca.crt": crate::secret::encode(ca_pem().as_bytes()),
                "namespace": crate::secret::encode(ns.as_bytes()),
                "token": crate::secret::encode(token(ns, sa, uid, &name).as_bytes()),
            });
            o.rest.insert("data".into(), data);
            o.rest.insert("type".into(), Value::String("kubernetes.io/service-account-token".into()));
            write_new(store, o, Kind::Secret, ns);
        }
        let Some(Object::Opaque(kind, mut o)) = store.get(Kind::ServiceAccount, ns, sa).cloned() else { continue };
        let listed = o
            .rest
            .get("secrets")
            .and_then(Value::as_array)
            .is_some_and(|l| l.iter().any(|s| s.get("name").and_then(Value::as_str) == Some(name.as_str())));
        if !listed {
            let list = o.rest.entry("secrets".to_string()).or_insert_with(|| Value::Array(vec![]));
            if !list.is_array() {
                *list = Value::Array(vec![]);
            }
            if let Value::Array(l) = list {
                l.push(json!({ "name": name }));
            }
            store.put(Object::Opaque(kind, o));
        }
    }
    let orphans: Vec<ObjectKey> = store
        .list(Kind::Secret, None)
        .into_iter()
        .filter(|s| matches!(s, Object::Opaque(_, o) if o.rest.get("type").and_then(Value::as_str) == Some("kubernetes.io/service-account-token")))
        .filter(|s| {
            let m = s.meta();
            let owner = m.annotations.get("kubernetes.io/service-account.name").cloned().unwrap_or_default();
            let uid = m.annotations.get("kubernetes.io/service-account.uid").cloned().unwrap_or_default();
            !accounts.iter().any(|(ns, sa, u)| ns == m.ns() && *sa == owner && *u == uid)
        })
        .map(Object::key)
        .collect();
    for key in orphans {
        let _ = store.delete_internal(&key, DeleteOptions::default());
    }
}

/// The ServiceAccount admission plugin's refusal of a pod whose ServiceAccount does not exist.
/// `name` is the pod's name as admission sees it (its `generateName` when the name is generated).
pub(crate) fn admit(store: &Store, pod: &Pod, name: &str) -> Result<(), ApiError> {
    if pod.metadata.annotations.contains_key("kubernetes.io/config.mirror") {
        return Ok(());
    }
    let ns = pod.metadata.ns();
    let sa = pod.spec.extra.get("serviceAccountName").and_then(Value::as_str).filter(|s| !s.is_empty());
    let Some(sa) = sa else { return Ok(()) };
    if store.get(Kind::ServiceAccount, ns, sa).is_some() {
        return Ok(());
    }
    Err(ApiError::Forbidden {
        message: format!(
            "pods \"{name}\" is forbidden: error looking up service account {ns}/{sa}: serviceaccount \"{sa}\" not found"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fake_ca_is_one_pem_block_and_the_token_a_three_part_jwt() {
        let pem = ca_pem();
        assert!(pem.starts_with("-----BEGIN CERTIFICATE-----\n") && pem.ends_with("-----END CERTIFICATE-----\n"));
        assert!(pem.lines().all(|l| l.len() <= 64));
        assert_eq!(pem, ca_pem());
        let t = token("default", "default", "u", "default-token-abcde");
        assert_eq!(t.split('.').count(), 3);
        assert!(!t.contains('=') && !t.contains('+') && !t.contains('/'));
    }
}
