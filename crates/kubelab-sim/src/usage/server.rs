//! metrics-server: the addon, its objects, and when it scrapes.
//!
//! [`install`] creates what the release manifest (`components.yaml`) creates that the lab
//! models: the `metrics-server` ServiceAccount, Service and Deployment in kube-system, with the
//! manifest's own fields (image `registry.k8s.io/metrics-server/metrics-server:v0.8.0`,
//! `--metric-resolution=15s`, the `/readyz` probe after 20 s, requests 100m / 200Mi). Its RBAC
//! objects and the `v1beta1.metrics.k8s.io` APIService are kinds the lab does not simulate; the
//! console prints their confirmation lines. A cluster can also start with it
//! (`ClusterConfig::metrics_server`, the current profile's playground).
//!
//! While a metrics-server container runs it scrapes every kubelet every [`RESOLUTION`], from
//! its start; a pod or node gets metrics from its second scrape on (a CPU rate needs two
//! samples): the CPU used between the two scrapes over the window, and the working set at the
//! last one. The Metrics API is served (`MetricsApi::available`) while a metrics-server pod is
//! Ready (the APIService is available when its Service has a ready endpoint).
//!
//! # Simplifications
//! Scrapes of all nodes happen at the same instant; metrics-server's kubelet TLS is not checked
//! (a kubeadm cluster needs `--kubelet-insecure-tls` or signed serving certificates in real life);
//! a node's use is its pods' use plus a fixed system share ([`NODE_SYSTEM_CPU_MILLI`],
//! [`NODE_SYSTEM_MEMORY_BYTES`]: kubelet, container runtime, the OS).

use crate::api::*;
use crate::cluster::Store;
use crate::time::{SimDuration, SimTime};

/// `--metric-resolution`.
pub const RESOLUTION: SimDuration = SimDuration::from_secs(15);
/// The namespace and name of everything the addon creates.
pub const NAMESPACE: &str = "kube-system";
pub const NAME: &str = "metrics-server";
/// The label its pods carry.
pub const APP_LABEL: (&str, &str) = ("k8s-app", "metrics-server");
/// The image of the release the manifest names.
pub const IMAGE: &str = "registry.k8s.io/metrics-server/metrics-server:v0.8.0";
/// CPU a node spends outside its pods (kubelet, container runtime, system daemons).
pub const NODE_SYSTEM_CPU_MILLI: u64 = 45;
/// Memory a node's system uses outside its pods.
pub const NODE_SYSTEM_MEMORY_BYTES: u64 = 612 * 1024 * 1024;

/// The objects of the release manifest, in its order, as (kind as kubectl names it in its
/// confirmation line, name, modelled by the lab).
pub const MANIFEST: &[(&str, &str, bool)] = &[
    ("serviceaccount", "metrics-server", true),
    ("clusterrole.rbac.authorization.k8s.io", "system:aggregated-metrics-reader", false),
    ("clusterrole.rbac.authorization.k8s.io", "system:metrics-server", false),
    ("rolebinding.rbac.authorization.k8s.io", "metrics-server-auth-reader", false),
    ("clusterrolebinding.rbac.authorization.k8s.io", "metrics-server:system:auth-delegator", false),
    ("clusterrolebinding.rbac.authorization.k8s.io", "system:metrics-server", false),
    ("service", "metrics-server", true),
    ("deployment.apps", "metrics-server", true),
    ("apiservice.apiregistration.k8s.io", "v1beta1.metrics.k8s.io", false),
];

fn labels() -> serde_json::Value {
    serde_json::json!({ APP_LABEL.0: APP_LABEL.1 })
}

/// The modelled objects of `components.yaml`: ServiceAccount, Service, Deployment.
pub fn objects() -> Vec<Object> {
    let sa = serde_json::json!({
        "apiVersion": "v1", "kind": "ServiceAccount",
        "metadata": { "labels": labels(), "name": NAME, "namespace": NAMESPACE },
    });
    let svc = serde_json::json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": { "labels": labels(), "name": NAME, "namespace": NAMESPACE },
        "spec": {
            "ports": [{ "name": "https", "port": 443, "protocol": "TCP", "targetPort": "https" }],
            "selector": labels(),
        },
    });
    let probe = |path: &str, delay: Option<i64>| {
        let mut p = serde_json::json!({
            "failureThreshold": 3,
            "httpGet": { "path": path, "port": "https", "scheme": "HTTPS" },
            "periodSeconds": 10,
        });
        if let (Some(d), Some(o)) = (delay, p.as_object_mut()) {
            o.insert("initialDelaySeconds".into(), d.into());
        }
        p
    };
    let deploy = serde_json::json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": { "labels": labels(), "name": NAME, "namespace": NAMESPACE },
        "spec": {
            "selector": { "matchLabels": labels() },
            "strategy": { "rollingUpdate": { "maxUnavailable": 0 } },
            "template": {
                "metadata": { "labels": labels() },
                "spec": {
                    "containers": [{
                        "args": [
                            "--cert-dir=/tmp",
                            "--secure-port=10250",
                            "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
                            "--kubelet-use-node-status-port",
                            "--metric-resolution=15s",
                        ],
                        "image": IMAGE,
                        "imagePullPolicy": "IfNotPresent",
                        "livenessProbe": probe("/livez", None),
                        "name": NAME,
                        "ports": [{ "containerPort": 10250, "name": "https", "protocol": "TCP" }],
                        "readinessProbe": probe("/readyz", Some(20)),
                        "resources": { "requests": { "cpu": "100m", "memory": "200Mi" } },
                        "securityContext": {
                            "allowPrivilegeEscalation": false,
                            "capabilities": { "drop": ["ALL"] },
                            "readOnlyRootFilesystem": true,
                            "runAsNonRoot": true,
                            "runAsUser": 1000,
                            "seccompProfile": { "type": "RuntimeDefault" },
                        },
                        "volumeMounts": [{ "mountPath": "/tmp", "name": "tmp-dir" }],
                    }],
                    "nodeSelector": { "kubernetes.io/os": "linux" },
                    "priorityClassName": "system-cluster-critical",
                    "serviceAccountName": NAME,
                    "volumes": [{ "emptyDir": {}, "name": "tmp-dir" }],
                },
            },
        },
    });
    let mut out = Vec::new();
    if let Ok(o) = serde_json::from_value::<Opaque>(sa) {
        out.push(Object::Opaque(Kind::ServiceAccount, o));
    }
    if let Ok(s) = serde_json::from_value(svc) {
        out.push(Object::Service(s));
    }
    if let Ok(d) = serde_json::from_value(deploy) {
        out.push(Object::Deployment(d));
    }
    out
}

/// Creates the addon's objects that do not exist yet; returns, per modelled object of
/// [`MANIFEST`] in order, whether it was created (false: it was there already).
pub(crate) fn install_into(store: &mut Store) -> Vec<bool> {
    let mut created = Vec::new();
    for obj in objects() {
        let exists = store.get_by_key(&obj.key()).is_some();
        created.push(!exists && store.create_internal(obj).is_ok());
    }
    created
}

/// Whether the addon is installed: its Deployment or its Service exists. (The manifest also
/// registers the `v1beta1.metrics.k8s.io` APIService, which the lab does not keep; it stands
/// while the Service does: without a ready pod behind it the group answers ServiceUnavailable.)
pub fn installed(cluster: &crate::Cluster) -> bool {
    cluster.get(Kind::Deployment, NAMESPACE, NAME).is_some() || cluster.get(Kind::Service, NAMESPACE, NAME).is_some()
}

/// `installed`, the store's view.
pub(crate) fn installed_in(store: &Store) -> bool {
    store.get(Kind::Deployment, NAMESPACE, NAME).is_some() || store.get(Kind::Service, NAMESPACE, NAME).is_some()
}

/// The metrics-server pods, in name order.
fn pods(store: &Store) -> impl Iterator<Item = &Pod> {
    store
        .list(Kind::Pod, Some(NAMESPACE))
        .into_iter()
        .filter_map(Object::as_pod)
        .filter(|p| p.metadata.labels.get(APP_LABEL.0).map(String::as_str) == Some(APP_LABEL.1))
}

/// When the oldest running metrics-server container started (it scrapes from then on).
pub(crate) fn running_since(store: &Store) -> Option<SimTime> {
    pods(store)
        .filter(|p| !p.metadata.is_deleting())
        .filter_map(|p| p.status.container_statuses.first())
        .filter_map(|s| s.state.running.as_ref().map(|r| r.started_at))
        .min()
}

/// Whether the Metrics API is served: a metrics-server pod is Ready.
pub(crate) fn serving(store: &Store) -> bool {
    pods(store).any(|p| !p.metadata.is_deleting() && p.is_ready())
}

/// Whether `now` is a scrape instant of a server that started at `since`.
pub(crate) fn scrapes_at(since: SimTime, now: SimTime) -> bool {
    now >= since && now.since(since).as_millis().is_multiple_of(RESOLUTION.as_millis())
}

/// The first scrape instant after `now` of a server that started at `since`.
pub(crate) fn next_scrape(since: SimTime, now: SimTime) -> SimTime {
    if now < since {
        return since;
    }
    let period = RESOLUTION.as_millis();
    let done = now.since(since).as_millis() / period;
    SimTime(since.as_millis() + (done + 1) * period)
}

/// The last scrape instant at or before `now` (`None` before the first).
pub(crate) fn last_scrape(since: SimTime, now: SimTime) -> Option<SimTime> {
    if now < since {
        return None;
    }
    let period = RESOLUTION.as_millis();
    Some(SimTime(since.as_millis() + now.since(since).as_millis() / period * period))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_counts_from_the_start() {
        let s = SimTime(7_000);
        assert!(scrapes_at(s, s));
        assert!(!scrapes_at(s, SimTime(8_000)));
        assert!(scrapes_at(s, SimTime(22_000)));
        assert!(!scrapes_at(s, SimTime(6_000)));
        assert_eq!(next_scrape(s, SimTime(1_000)), s);
        assert_eq!(next_scrape(s, s), SimTime(22_000));
        assert_eq!(next_scrape(s, SimTime(21_000)), SimTime(22_000));
        assert_eq!(last_scrape(s, SimTime(21_000)), Some(s));
        assert_eq!(last_scrape(s, SimTime(37_000)), Some(SimTime(37_000)));
        assert_eq!(last_scrape(s, SimTime(3_000)), None);
    }

    #[test]
    fn the_manifest_objects_decode() {
        let objs = objects();
        assert_eq!(objs.len(), MANIFEST.iter().filter(|m| m.2).count());
        let Some(Object::Deployment(d)) = objs.get(2) else { panic!("a deployment") };
        let c = &d.spec.template.spec.containers[0];
        assert_eq!(c.image, IMAGE);
        assert_eq!(c.resources.cpu_request_millis(), 100);
        assert!(c.readiness_probe.is_some());
    }
}
