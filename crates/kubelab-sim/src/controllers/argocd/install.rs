//! The Argo CD install manifest (`manifests/install.yaml` of the stable release, as
//! `kubectl apply -n argocd -f https://raw.githubusercontent.com/argoproj/argo-cd/stable/manifests/install.yaml`
//! applies it): its objects in the file's order, and the ones the lab models.
//!
//! Modelled: the ServiceAccounts, ConfigMaps, Secrets, Services, the six Deployments and the
//! `argocd-application-controller` StatefulSet, with the manifest's names, labels, selectors,
//! images and Service ports; the CRDs register the `Application` kind (`applicationsets` and
//! `appprojects` are not simulated). Simplified: the containers keep only their image, name and
//! ports (no commands, probes, environment, volumes or security contexts), so a pod is Ready
//! once its image is pulled and it runs; the RBAC objects and NetworkPolicies only get their
//! confirmation lines. `argocd-initial-admin-secret`, which the real argocd-server creates at its
//! first start, is created with the rest.

use crate::api::*;
use serde_json::{json, Value};

/// The release the lab's `stable` is.
pub const VERSION: &str = "v3.5.1";
/// Argo CD's image.
pub const IMAGE: &str = "quay.io/argoproj/argocd:v3.5.1";
/// The StatefulSet whose pod is the agent.
pub const CONTROLLER: &str = "argocd-application-controller";

/// The objects of the manifest in its order, as (kind as kubectl names it in its confirmation
/// line, name, modelled by the lab).
pub const MANIFEST: &[(&str, &str, bool)] = &[
    ("customresourcedefinition.apiextensions.k8s.io", "applications.argoproj.io", false),
    ("customresourcedefinition.apiextensions.k8s.io", "applicationsets.argoproj.io", false),
    ("customresourcedefinition.apiextensions.k8s.io", "appprojects.argoproj.io", false),
    ("serviceaccount", "argocd-application-controller", true),
    ("serviceaccount", "argocd-applicationset-controller", true),
    ("serviceaccount", "argocd-dex-server", true),
    ("serviceaccount", "argocd-notifications-controller", true),
    ("serviceaccount", "argocd-redis", true),
    ("serviceaccount", "argocd-repo-server", true),
    ("serviceaccount", "argocd-server", true),
    ("role.rbac.authorization.k8s.io", "argocd-application-controller", false),
    ("role.rbac.authorization.k8s.io", "argocd-applicationset-controller", false),
    ("role.rbac.authorization.k8s.io", "argocd-dex-server", false),
    ("role.rbac.authorization.k8s.io", "argocd-notifications-controller", false),
    ("role.rbac.authorization.k8s.io", "argocd-redis", false),
    ("role.rbac.authorization.k8s.io", "argocd-server", false),
    ("clusterrole.rbac.authorization.k8s.io", "argocd-application-controller", false),
    ("clusterrole.rbac.authorization.k8s.io", "argocd-applicationset-controller", false),
    ("clusterrole.rbac.authorization.k8s.io", "argocd-server", false),
    ("rolebinding.rbac.authorization.k8s.io", "argocd-application-controller", false),
    ("rolebinding.rbac.authorization.k8s.io", "argocd-applicationset-controller", false),
    ("rolebinding.rbac.authorization.k8s.io", "argocd-dex-server", false),
    ("rolebinding.rbac.authorization.k8s.io", "argocd-notifications-controller", false),
    ("rolebinding.rbac.authorization.k8s.io", "argocd-redis", false),
    ("rolebinding.rbac.authorization.k8s.io", "argocd-server", false),
    ("clusterrolebinding.rbac.authorization.k8s.io", "argocd-application-controller", false),
    ("clusterrolebinding.rbac.authorization.k8s.io", "argocd-applicationset-controller", false),
    ("clusterrolebinding.rbac.authorization.k8s.io", "argocd-server", false),
    ("configmap", "argocd-cm", true),
    ("configmap", "argocd-cmd-params-cm", true),
    ("configmap", "argocd-gpg-keys-cm", true),
    ("configmap", "argocd-notifications-cm", true),
    ("configmap", "argocd-rbac-cm", true),
    ("configmap", "argocd-ssh-known-hosts-cm", true),
    ("configmap", "argocd-tls-certs-cm", true),
    ("secret", "argocd-notifications-secret", true),
    ("secret", "argocd-secret", true),
    ("service", "argocd-applicationset-controller", true),
    ("service", "argocd-dex-server", true),
    ("service", "argocd-metrics", true),
    ("service", "argocd-notifications-controller-metrics", true),
    ("service", "argocd-redis", true),
    ("service", "argocd-repo-server", true),
    ("service", "argocd-server", true),
    ("service", "argocd-server-metrics", true),
    ("deployment.apps", "argocd-applicationset-controller", true),
    ("deployment.apps", "argocd-dex-server", true),
    ("deployment.apps", "argocd-notifications-controller", true),
    ("deployment.apps", "argocd-redis", true),
    ("deployment.apps", "argocd-repo-server", true),
    ("deployment.apps", "argocd-server", true),
    ("statefulset.apps", "argocd-application-controller", true),
    ("networkpolicy.networking.k8s.io", "argocd-application-controller-network-policy", false),
    ("networkpolicy.networking.k8s.io", "argocd-applicationset-controller-network-policy", false),
    ("networkpolicy.networking.k8s.io", "argocd-dex-server-network-policy", false),
    ("networkpolicy.networking.k8s.io", "argocd-notifications-controller-network-policy", false),
    ("networkpolicy.networking.k8s.io", "argocd-redis-network-policy", false),
    ("networkpolicy.networking.k8s.io", "argocd-repo-server-network-policy", false),
    ("networkpolicy.networking.k8s.io", "argocd-server-network-policy", false),
];

/// Whether a confirmation-line kind is cluster-scoped (created whatever the namespace).
pub fn cluster_scoped(kind: &str) -> bool {
    kind.starts_with("customresourcedefinition") || kind.starts_with("cluster")
}

/// The `app.kubernetes.io/component` of each modelled object.
fn component(name: &str) -> &str {
    match name {
        "argocd-application-controller" | "argocd-metrics" => "application-controller",
        "argocd-applicationset-controller" => "applicationset-controller",
        "argocd-dex-server" => "dex-server",
        "argocd-notifications-controller" | "argocd-notifications-controller-metrics" => "notifications-controller",
        "argocd-redis" => "redis",
        "argocd-repo-server" => "repo-server",
        "argocd-server-metrics" => "server",
        "argocd-server" => "server",
        _ => "",
    }
}

fn labels(name: &str) -> Value {
    let mut m = serde_json::Map::new();
    let c = component(name);
    if !c.is_empty() {
        m.insert("app.kubernetes.io/component".into(), c.into());
    }
    m.insert("app.kubernetes.io/name".into(), name.into());
    m.insert("app.kubernetes.io/part-of".into(), "argocd".into());
    Value::Object(m)
}

fn meta(name: &str, ns: &str) -> Value {
    json!({ "labels": labels(name), "name": name, "namespace": ns })
}

/// A Service port: (name, port, targetPort).
type Port = (&'static str, i64, i64);

/// (Service, selected pods' name label, ports).
const SERVICES: &[(&str, &str, &[Port])] = &[
    (
        "argocd-applicationset-controller",
        "argocd-applicationset-controller",
        &[("webhook", 7000, 7000), ("metrics", 8080, 8080)],
    ),
    ("argocd-dex-server", "argocd-dex-server", &[("http", 5556, 5556), ("grpc", 5557, 5557), ("metrics", 5558, 5558)]),
    ("argocd-metrics", "argocd-application-controller", &[("metrics", 8082, 8082)]),
    ("argocd-notifications-controller-metrics", "argocd-notifications-controller", &[("metrics", 9001, 9001)]),
    ("argocd-redis", "argocd-redis", &[("tcp-redis", 6379, 6379)]),
    ("argocd-repo-server", "argocd-repo-server", &[("server", 8081, 8081), ("metrics", 8084, 8084)]),
    ("argocd-server", "argocd-server", &[("http", 80, 8080), ("https", 443, 8080)]),
    ("argocd-server-metrics", "argocd-server", &[("metrics", 8083, 8083)]),
];

/// (workload, image, container name, container port).
const WORKLOADS: &[(&str, &str, &str, i64)] = &[
    ("argocd-applicationset-controller", IMAGE, "argocd-applicationset-controller", 7000),
    ("argocd-dex-server", "ghcr.io/dexidp/dex:v2.45.1", "dex", 5556),
    ("argocd-notifications-controller", IMAGE, "argocd-notifications-controller", 9001),
    ("argocd-redis", "public.ecr.aws/docker/library/redis:8.2.2-alpine", "redis", 6379),
    ("argocd-repo-server", IMAGE, "argocd-repo-server", 8081),
    ("argocd-server", IMAGE, "argocd-server", 8080),
    (CONTROLLER, IMAGE, "argocd-application-controller", 8082),
];

fn pod_template(name: &str, image: &str, container: &str, port: i64) -> Value {
    json!({
        "metadata": { "labels": { "app.kubernetes.io/name": name } },
        "spec": {
            "containers": [{ "image": image, "imagePullPolicy": "Always", "name": container,
                "ports": [{ "containerPort": port }] }],
            "serviceAccountName": name,
        },
    })
}

/// The modelled objects, in the manifest's order, in namespace `ns`; the initial admin Secret
/// last.
pub fn objects(ns: &str) -> Vec<Object> {
    let mut out = Vec::new();
    for (kind, name, modelled) in MANIFEST {
        if !modelled {
            continue;
        }
        let obj = match *kind {
            "serviceaccount" => opaque(Kind::ServiceAccount, json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta(name, ns)})),
            "configmap" => opaque(Kind::ConfigMap, json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta(name, ns)})),
            "secret" => opaque(
                Kind::Secret,
                json!({"apiVersion": "v1", "kind": "Secret", "metadata": meta(name, ns), "type": "Opaque"}),
            ),
            "service" => SERVICES.iter().find(|s| s.0 == *name).and_then(|(_, selector, ports)| {
                let ports: Vec<Value> = ports
                    .iter()
                    .map(|(n, p, t)| json!({"name": n, "port": p, "protocol": "TCP", "targetPort": t}))
                    .collect();
                let v = json!({"apiVersion": "v1", "kind": "Service", "metadata": meta(name, ns),
                    "spec": {"ports": ports, "selector": {"app.kubernetes.io/name": selector}}});
                serde_json::from_value(v).ok().map(Object::Service)
            }),
            "deployment.apps" | "statefulset.apps" => {
                WORKLOADS.iter().find(|w| w.0 == *name).and_then(|(_, image, container, port)| {
                    let mut spec = json!({
                        "selector": { "matchLabels": { "app.kubernetes.io/name": name } },
                        "template": pod_template(name, image, container, *port),
                    });
                    if *kind == "statefulset.apps" {
                        spec["replicas"] = json!(1);
                        spec["serviceName"] = json!(CONTROLLER);
                        let v = json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": meta(name, ns), "spec": spec});
                        serde_json::from_value(v).ok().map(Object::StatefulSet)
                    } else {
                        let v = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta(name, ns), "spec": spec});
                        serde_json::from_value(v).ok().map(Object::Deployment)
                    }
                })
            }
            _ => None,
        };
        out.extend(obj);
    }
    let admin = json!({"apiVersion": "v1", "kind": "Secret",
        "metadata": {"name": "argocd-initial-admin-secret", "namespace": ns},
        "type": "Opaque", "data": {"password": "a3ViZWxhYi1hZG1pbg=="}});
    out.extend(opaque(Kind::Secret, admin));
    out
}

fn opaque(kind: Kind, v: Value) -> Option<Object> {
    serde_json::from_value::<Opaque>(v).ok().map(|o| Object::Opaque(kind, o))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_modelled_line_has_an_object() {
        let objs = objects("argocd");
        // One per modelled line, plus the initial admin Secret.
        assert_eq!(objs.len(), MANIFEST.iter().filter(|m| m.2).count() + 1);
        assert!(objs.iter().all(|o| o.meta().ns() == "argocd"));
        assert!(objs.iter().any(|o| o.kind() == Kind::StatefulSet && o.meta().name == CONTROLLER));
    }
}
