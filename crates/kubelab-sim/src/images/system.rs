//! The images of the cluster's own components: the control plane, kube-system's add-ons and
//! metrics-server. They behave as the generic spec (they are never asked for pages), with what
//! they use on an idle kubeadm cluster (`kubectl top pods -n kube-system`).

use super::{route, strings, ImageSpec};
use crate::usage::{CpuUse, MemoryUse};

pub(super) fn specs() -> Vec<ImageSpec> {
    let g = ImageSpec::generic;
    vec![
        // The control plane's and kube-system's own images: the generic spec's behaviour, with
        // what they use on an idle kubeadm cluster (what `kubectl top pods -n kube-system` shows).
        ImageSpec {
            aliases: strings(&["k8s.gcr.io/kube-apiserver"]),
            cpu: Some(CpuUse { idle_milli: 38, per_request_micro: 100 }),
            memory: Some(MemoryUse { base_bytes: 231 << 20, per_request_bytes: 0 }),
            ..g("registry.k8s.io/kube-apiserver")
        },
        ImageSpec {
            aliases: strings(&["k8s.gcr.io/etcd"]),
            cpu: Some(CpuUse { idle_milli: 21, per_request_micro: 100 }),
            memory: Some(MemoryUse { base_bytes: 47 << 20, per_request_bytes: 0 }),
            ..g("registry.k8s.io/etcd")
        },
        ImageSpec {
            aliases: strings(&["k8s.gcr.io/kube-controller-manager"]),
            cpu: Some(CpuUse { idle_milli: 14, per_request_micro: 100 }),
            memory: Some(MemoryUse { base_bytes: 52 << 20, per_request_bytes: 0 }),
            ..g("registry.k8s.io/kube-controller-manager")
        },
        ImageSpec {
            aliases: strings(&["k8s.gcr.io/kube-scheduler"]),
            cpu: Some(CpuUse { idle_milli: 3, per_request_micro: 100 }),
            memory: Some(MemoryUse { base_bytes: 21 << 20, per_request_bytes: 0 }),
            ..g("registry.k8s.io/kube-scheduler")
        },
        ImageSpec {
            aliases: strings(&["k8s.gcr.io/kube-proxy"]),
            cpu: Some(CpuUse { idle_milli: 1, per_request_micro: 100 }),
            memory: Some(MemoryUse { base_bytes: 18 << 20, per_request_bytes: 0 }),
            ..g("registry.k8s.io/kube-proxy")
        },
        ImageSpec {
            aliases: strings(&["k8s.gcr.io/coredns", "k8s.gcr.io/coredns/coredns"]),
            cpu: Some(CpuUse { idle_milli: 2, per_request_micro: 100 }),
            memory: Some(MemoryUse { base_bytes: 13 << 20, per_request_bytes: 0 }),
            ..g("registry.k8s.io/coredns/coredns")
        },
        // metrics-server (the addon of `usage::server`): a distroless Go binary on the secure
        // port; its health endpoints answer once it runs.
        ImageSpec {
            tags: strings(&["v0.*"]),
            pull_secs: 3,
            size_bytes: 19_411_000,
            ports: Some(vec![10250]),
            http: vec![route("/readyz", 200, "ok"), route("/livez", 200, "ok"), route("*", 403, "Forbidden")],
            shell: None,
            cpu: Some(CpuUse { idle_milli: 4, per_request_micro: 100 }),
            memory: Some(MemoryUse { base_bytes: 19 << 20, per_request_bytes: 0 }),
            ..g("registry.k8s.io/metrics-server/metrics-server")
        },
    ]
}
