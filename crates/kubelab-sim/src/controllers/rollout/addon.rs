//! The Argo Rollouts addon: what `kubectl apply -n argo-rollouts -f
//! https://github.com/argoproj/argo-rollouts/releases/latest/download/install.yaml` creates.
//!
//! The release manifest (v1.9.1) holds five CustomResourceDefinitions, RBAC objects, a
//! ConfigMap, a Secret, the metrics Service and the controller's Deployment ([`MANIFEST`], in
//! its order). The lab keeps the CRDs as one fact (the Rollout kinds are served from then on:
//! `Cluster::argo_rollouts_installed`), creates the ServiceAccount, ConfigMap, Secret, Service
//! and Deployment as objects, and does not keep the RBAC objects (kinds it does not simulate);
//! the console prints every line. The controller reconciles while one of its pods is Ready.

use crate::api::*;
use crate::cluster::Store;

/// The controller's image in the release manifest.
pub const IMAGE: &str = "quay.io/argoproj/argo-rollouts:v1.9.1";
/// The version `kubectl argo rollouts version` reports for the plugin and the controller.
pub const VERSION: &str = "v1.9.1";

/// Every object of `install.yaml`, in order: (kind as kubectl's confirmation line names it,
/// name, namespaced, modelled as an object).
pub const MANIFEST: &[(&str, &str, bool, bool)] = &[
    ("customresourcedefinition.apiextensions.k8s.io", "analysisruns.argoproj.io", false, false),
    ("customresourcedefinition.apiextensions.k8s.io", "analysistemplates.argoproj.io", false, false),
    ("customresourcedefinition.apiextensions.k8s.io", "clusteranalysistemplates.argoproj.io", false, false),
    ("customresourcedefinition.apiextensions.k8s.io", "experiments.argoproj.io", false, false),
    ("customresourcedefinition.apiextensions.k8s.io", "rollouts.argoproj.io", false, false),
    ("serviceaccount", "argo-rollouts", true, true),
    ("clusterrole.rbac.authorization.k8s.io", "argo-rollouts", false, false),
    ("clusterrole.rbac.authorization.k8s.io", "argo-rollouts-aggregate-to-admin", false, false),
    ("clusterrole.rbac.authorization.k8s.io", "argo-rollouts-aggregate-to-edit", false, false),
    ("clusterrole.rbac.authorization.k8s.io", "argo-rollouts-aggregate-to-view", false, false),
    ("clusterrolebinding.rbac.authorization.k8s.io", "argo-rollouts", false, false),
    ("configmap", "argo-rollouts-config", true, true),
    ("secret", "argo-rollouts-notification-secret", true, true),
    ("service", "argo-rollouts-metrics", true, true),
    ("deployment.apps", "argo-rollouts", true, true),
];

fn labels(component: Option<&str>) -> serde_json::Value {
    let mut l = serde_json::json!({
        "app.kubernetes.io/name": "argo-rollouts",
        "app.kubernetes.io/part-of": "argo-rollouts",
    });
    if let (Some(c), Some(m)) = (component, l.as_object_mut()) {
        m.insert("app.kubernetes.io/component".into(), c.into());
    }
    l
}

/// The modelled objects of the manifest in `namespace`, in its order.
pub fn objects(namespace: &str) -> Vec<Object> {
    let meta = |name: &str, component: Option<&str>| serde_json::json!({ "labels": labels(component), "name": name, "namespace": namespace });
    let sa = serde_json::json!({
        "apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta("argo-rollouts", Some("rollouts-controller")),
    });
    let cm = serde_json::json!({
        "apiVersion": "v1", "kind": "ConfigMap", "metadata": meta("argo-rollouts-config", Some("rollouts-controller")),
    });
    let secret = serde_json::json!({
        "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
        "metadata": meta("argo-rollouts-notification-secret", Some("rollouts-controller")),
    });
    let svc = serde_json::json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": meta("argo-rollouts-metrics", Some("server")),
        "spec": {
            "ports": [{ "name": "metrics", "port": 8090, "protocol": "TCP", "targetPort": 8090 }],
            "selector": { "app.kubernetes.io/name": "argo-rollouts" },
        },
    });
    let deploy = serde_json::json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": meta("argo-rollouts", Some("rollouts-controller")),
        "spec": {
            "replicas": 1,
            "selector": { "matchLabels": { "app.kubernetes.io/name": "argo-rollouts" } },
            "strategy": { "type": "RollingUpdate" },
            "template": {
                "metadata": { "labels": { "app.kubernetes.io/name": "argo-rollouts" } },
                "spec": {
                    "containers": [{
                        "image": IMAGE,
                        "imagePullPolicy": "Always",
                        "livenessProbe": {
                            "failureThreshold": 3,
                            "httpGet": { "path": "/healthz", "port": "healthz" },
                            "initialDelaySeconds": 30, "periodSeconds": 20,
                            "successThreshold": 1, "timeoutSeconds": 10,
                        },
                        "name": "argo-rollouts",
                        "ports": [
                            { "containerPort": 8090, "name": "metrics" },
                            { "containerPort": 8080, "name": "healthz" },
                        ],
                        "resources": { "limits": { "ephemeral-storage": "1Gi" } },
                    }],
                    "securityContext": { "runAsNonRoot": true },
                    "serviceAccountName": "argo-rollouts",
                },
            },
        },
    });
    let mut out = Vec::new();
    for (kind, v) in [(Kind::ServiceAccount, sa), (Kind::ConfigMap, cm), (Kind::Secret, secret)] {
        if let Ok(o) = serde_json::from_value::<Opaque>(v) {
            out.push(Object::Opaque(kind, o));
        }
    }
    if let Ok(s) = serde_json::from_value(svc) {
        out.push(Object::Service(s));
    }
    if let Ok(d) = serde_json::from_value(deploy) {
        out.push(Object::Deployment(d));
    }
    out
}

/// What installing did to each object of [`MANIFEST`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Installed {
    Created,
    Unchanged,
    /// A namespaced object whose namespace does not exist.
    NoNamespace,
}

/// Installs the addon into `namespace`: the CRDs (always), the modelled objects (when the
/// namespace exists). One answer per [`MANIFEST`] row.
pub(crate) fn install_into(store: &mut Store, crds: &mut bool, namespace: &str) -> Vec<Installed> {
    let had_crds = *crds;
    *crds = true;
    let ns_exists = store.get(Kind::Namespace, "", namespace).is_some();
    let mut objs = objects(namespace).into_iter();
    let mut out = Vec::new();
    for (_, name, namespaced, modelled) in MANIFEST {
        let answer = if !namespaced {
            if had_crds {
                Installed::Unchanged
            } else {
                Installed::Created
            }
        } else if !ns_exists {
            Installed::NoNamespace
        } else if *modelled {
            match objs.find(|o| o.meta().name == *name) {
                Some(o) if store.get_by_key(&o.key()).is_none() && store.create_internal(o.clone()).is_ok() => {
                    Installed::Created
                }
                _ => Installed::Unchanged,
            }
        } else {
            Installed::Created
        };
        out.push(answer);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_modelled_row_has_its_object() {
        let objs = objects("argo-rollouts");
        assert_eq!(objs.len(), MANIFEST.iter().filter(|m| m.3).count());
        for (_, name, _, _) in MANIFEST.iter().filter(|m| m.3) {
            assert!(objs.iter().any(|o| o.meta().name == *name), "{name}");
        }
        let Some(Object::Deployment(d)) = objs.last() else { panic!("the controller's Deployment") };
        assert_eq!(d.spec.template.spec.containers[0].image, IMAGE);
    }
}
