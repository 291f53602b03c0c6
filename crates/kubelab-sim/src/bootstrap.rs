//! What a freshly installed kubeadm cluster contains: the four system namespaces, a
//! control-plane node and workers, the `kubernetes` Service, CoreDNS and the static
//! control-plane pods, kube-proxy on every node.
//!
//! Also the default StorageClass `standard` (see `default_storage_class`).
//!
//! kube-proxy is a DaemonSet in kube-system, as kubeadm makes it; its pods are created with the
//! other system pods and handed to the DaemonSet at the end (so names and uids of everything
//! else are as they were before kube-proxy became a DaemonSet). The static pods
//! carry the kubelet's mirror-pod annotations (so no service account is mounted into them).

use crate::api::*;
use crate::cluster::Store;
use std::collections::BTreeMap;

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn meta(name: &str, namespace: Option<&str>) -> ObjectMeta {
    ObjectMeta { name: name.into(), namespace: namespace.map(Into::into), ..Default::default() }
}

fn node(store: &Store, name: &str, index: u32, control_plane: bool) -> Node {
    let v = store.version();
    let course = !v.at_least(20);
    let mut l = labels(&[
        ("beta.kubernetes.io/arch", "amd64"),
        ("beta.kubernetes.io/os", "linux"),
        ("kubernetes.io/arch", "amd64"),
        ("kubernetes.io/hostname", name),
        ("kubernetes.io/os", "linux"),
    ]);
    let mut taints = vec![];
    if control_plane {
        let role = if course { "master" } else { "control-plane" };
        l.insert(format!("node-role.kubernetes.io/{role}"), String::new());
        if !course {
            l.insert("node.kubernetes.io/exclude-from-external-load-balancers".into(), String::new());
        }
        taints.push(Taint {
            key: format!("node-role.kubernetes.io/{role}"),
            value: None,
            effect: "NoSchedule".into(),
            time_added: None,
        });
    }
    let cfg = store.config();
    let (cpu, memory) = if control_plane {
        ("2".to_string(), "4015740Ki".to_string())
    } else {
        (cfg.worker_cpu.clone(), cfg.worker_memory.clone())
    };
    let capacity: BTreeMap<String, String> = [
        ("cpu", cpu.clone()),
        ("ephemeral-storage", "101430960Ki".to_string()),
        ("hugepages-2Mi", "0".to_string()),
        ("memory", memory.clone()),
        ("pods", "110".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let mut allocatable = capacity.clone();
    allocatable.insert("ephemeral-storage".into(), "93478772582".into());
    let ready_reason = "KubeletReady";
    let mut conditions = vec![];
    for (t, reason, msg) in [
        ("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        ("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        ("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        ("Ready", ready_reason, "kubelet is posting ready status"),
    ] {
        conditions.push(Condition {
            type_: t.into(),
            status: if t == "Ready" { "True" } else { "False" }.into(),
            last_probe_time: Some(crate::time::SimTime::ZERO),
            last_transition_time: Some(crate::time::SimTime::ZERO),
            reason: reason.into(),
            message: msg.into(),
            ..Default::default()
        });
    }
    let (os_image, kernel, runtime) = if course {
        ("Ubuntu 16.04.4 LTS", "4.4.0-1061-aws", "docker://17.3.2")
    } else {
        ("Ubuntu 24.04.2 LTS", "6.8.0-60-generic", "containerd://1.7.27")
    };
    Node {
        api_version: "v1".into(),
        kind: "Node".into(),
        metadata: ObjectMeta { labels: l.into(), ..meta(name, None) },
        spec: NodeSpec { pod_cidr: Some(format!("10.244.{index}.0/24")), taints, unschedulable: None },
        status: NodeStatus {
            capacity,
            allocatable,
            conditions,
            addresses: vec![
                NodeAddress {
                    type_: "InternalIP".into(),
                    address: format!("172.31.{}.{}", 20 + index, 10 + index * 7),
                },
                NodeAddress { type_: "Hostname".into(), address: name.into() },
            ],
            node_info: NodeSystemInfo {
                architecture: "amd64".into(),
                container_runtime_version: runtime.into(),
                kernel_version: kernel.into(),
                kube_proxy_version: v.git_version(),
                kubelet_version: v.git_version(),
                operating_system: "linux".into(),
                os_image: os_image.into(),
            },
        },
    }
}

fn container(name: &str, image: &str, cpu: Option<&str>, memory: Option<&str>) -> Container {
    let mut c = Container { name: name.into(), image: image.into(), ..Default::default() };
    if let Some(cpu) = cpu {
        c.resources.requests.insert("cpu".into(), serde_json::Value::String(cpu.into()));
    }
    if let Some(m) = memory {
        c.resources.requests.insert("memory".into(), serde_json::Value::String(m.into()));
    }
    c
}

fn static_pod(name: &str, node: &str, c: Container, component: &str) -> Pod {
    let mut p = Pod {
        api_version: "v1".into(),
        kind: "Pod".into(),
        metadata: ObjectMeta {
            labels: labels(&[("component", component), ("tier", "control-plane")]).into(),
            ..meta(&format!("{name}-{node}"), Some("kube-system"))
        },
        ..Default::default()
    };
    p.spec.containers.push(c);
    p.spec.node_name = Some(node.into());
    // The kubelet's mirror-pod annotations (the hash is the pod file's, derived here).
    let hash = format!("{:016x}{:016x}", crate::hash::fnv64(name), crate::hash::fnv64(&format!("{name}/{node}")));
    for (k, v) in [
        ("kubernetes.io/config.hash", hash.as_str()),
        ("kubernetes.io/config.mirror", hash.as_str()),
        ("kubernetes.io/config.seen", "2026-03-02T08:00:01.000000000Z"),
        ("kubernetes.io/config.source", "file"),
    ] {
        p.metadata.annotations.insert(k.into(), v.into());
    }
    p.spec.tolerations.push(Toleration {
        operator: Some("Exists".into()),
        effect: Some("NoExecute".into()),
        ..Default::default()
    });
    p.spec.extra.insert("hostNetwork".into(), serde_json::Value::Bool(true));
    p.spec.extra.insert("priorityClassName".into(), serde_json::Value::String("system-node-critical".into()));
    p
}

pub fn bootstrap(store: &mut Store) {
    let course = !store.version().at_least(20);
    let minor = store.version().minor;
    let version = store.version().git_version();
    let mut namespaces = vec!["default", "kube-public", "kube-system"];
    if !course {
        namespaces.push("kube-node-lease");
    }
    for ns in namespaces {
        let obj = Object::Namespace(Namespace {
            api_version: "v1".into(),
            kind: "Namespace".into(),
            metadata: meta(ns, None),
            ..Default::default()
        });
        let _ = store.create_internal(obj);
    }
    // The service account controllers fill each namespace as soon as it exists.
    crate::controllers::serviceaccount::ensure(store);
    let cp_name = if course { "master" } else { "controlplane" };
    let mut node_names = vec![cp_name.to_string()];
    let cp = node(store, cp_name, 0, true);
    let _ = store.create_internal(Object::Node(cp));
    for i in 1..=store.config().workers {
        let name = format!("node{i:02}");
        let n = node(store, &name, i, false);
        let _ = store.create_internal(Object::Node(n));
        node_names.push(name);
    }
    crate::controllers::gc::ensure_kubernetes_service(store);

    let registry = if course { "k8s.gcr.io" } else { "registry.k8s.io" };
    let etcd = if course { "3.2.18" } else { "3.5.21-0" };
    let components = [
        ("etcd", format!("{registry}/etcd:{etcd}"), Some("100m"), Some("100Mi")),
        ("kube-apiserver", format!("{registry}/kube-apiserver:{version}"), Some("250m"), None),
        ("kube-controller-manager", format!("{registry}/kube-controller-manager:{version}"), Some("200m"), None),
        ("kube-scheduler", format!("{registry}/kube-scheduler:{version}"), Some("100m"), None),
    ];
    for (name, image, cpu, mem) in components {
        let pod = static_pod(name, cp_name, container(name, &image, cpu, mem), name);
        let _ = store.create_internal(Object::Pod(pod));
    }
    for node_name in &node_names {
        let mut p = Pod {
            api_version: "v1".into(),
            kind: "Pod".into(),
            metadata: ObjectMeta {
                generate_name: Some("kube-proxy-".into()),
                labels: labels(&[("k8s-app", "kube-proxy")]).into(),
                namespace: Some("kube-system".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        p.spec.containers.push(container("kube-proxy", &format!("{registry}/kube-proxy:{version}"), None, None));
        p.spec.node_name = Some(node_name.clone());
        p.spec.tolerations.push(Toleration { operator: Some("Exists".into()), ..Default::default() });
        let _ = store.create_internal(Object::Pod(p));
    }
    // CoreDNS (kube-dns in 1.11 kubeadm clusters was already CoreDNS by default).
    let dns_image =
        if course { format!("{registry}/coredns:1.1.3") } else { format!("{registry}/coredns/coredns:v1.12.0") };
    let mut t = PodTemplateSpec::default();
    t.metadata.labels = labels(&[("k8s-app", "kube-dns")]).into();
    let mut c = container("coredns", &dns_image, Some("100m"), Some("70Mi"));
    c.ports = vec![
        ContainerPort { name: Some("dns".into()), container_port: 53, protocol: Some("UDP".into()), host_port: None },
        ContainerPort {
            name: Some("dns-tcp".into()),
            container_port: 53,
            protocol: Some("TCP".into()),
            host_port: None,
        },
        ContainerPort {
            name: Some("metrics".into()),
            container_port: 9153,
            protocol: Some("TCP".into()),
            host_port: None,
        },
    ];
    t.spec.containers.push(c);
    t.spec.tolerations.push(Toleration {
        key: Some("CriticalAddonsOnly".into()),
        operator: Some("Exists".into()),
        ..Default::default()
    });
    t.spec.tolerations.push(Toleration {
        key: Some(format!("node-role.kubernetes.io/{}", if course { "master" } else { "control-plane" })),
        effect: Some("NoSchedule".into()),
        ..Default::default()
    });
    let dns = Deployment {
        api_version: "apps/v1".into(),
        kind: "Deployment".into(),
        metadata: ObjectMeta {
            labels: labels(&[("k8s-app", "kube-dns")]).into(),
            ..meta("coredns", Some("kube-system"))
        },
        spec: Box::new(DeploymentSpec {
            replicas: Some(2),
            selector: Some(LabelSelector {
                match_labels: labels(&[("k8s-app", "kube-dns")]),
                match_expressions: vec![],
            }),
            template: t,
            strategy: DeploymentStrategy {
                type_: Some("RollingUpdate".into()),
                rolling_update: Some(RollingUpdateDeployment {
                    max_unavailable: Some(IntOrString::Int(1)),
                    max_surge: Some(IntOrString::Str("25%".into())),
                }),
            },
            ..Default::default()
        }),
        status: Default::default(),
    };
    let _ = store.create_internal(Object::Deployment(dns));
    let mut svc = Service {
        api_version: "v1".into(),
        kind: "Service".into(),
        metadata: ObjectMeta {
            labels: labels(&[
                ("k8s-app", "kube-dns"),
                ("kubernetes.io/cluster-service", "true"),
                ("kubernetes.io/name", "CoreDNS"),
            ])
            .into(),
            ..meta("kube-dns", Some("kube-system"))
        },
        ..Default::default()
    };
    svc.spec.cluster_ip = Some("10.96.0.10".into());
    svc.spec.selector = Some(labels(&[("k8s-app", "kube-dns")]));
    svc.spec.ports = vec![
        ServicePort {
            name: Some("dns".into()),
            protocol: Some("UDP".into()),
            port: 53,
            target_port: Some(IntOrString::Int(53)),
            node_port: None,
        },
        ServicePort {
            name: Some("dns-tcp".into()),
            protocol: Some("TCP".into()),
            port: 53,
            target_port: Some(IntOrString::Int(53)),
            node_port: None,
        },
        ServicePort {
            name: Some("metrics".into()),
            protocol: Some("TCP".into()),
            port: 9153,
            target_port: Some(IntOrString::Int(9153)),
            node_port: None,
        },
    ];
    let _ = store.create_internal(Object::Service(svc));
    kube_proxy_daemon_set(store, registry, &version);
    let _ = minor;
    default_storage_class(store, course);
    if store.config().metrics_server {
        crate::usage::server::install_into(store);
    }
}

/// The default StorageClass a lab cluster comes with: kind's `standard` (the local-path
/// provisioner, `WaitForFirstConsumer`) on current clusters, minikube's `standard`
/// (`k8s.io/minikube-hostpath`, `Immediate`, the beta default-class annotation and the addon
/// manager's label) on course-era ones. Stored with a fixed uid, drawing nothing from the ids
/// stream (`Store::insert_preexisting`), so every other uid of the cluster is unchanged; its
/// write takes a resource version, as on a real cluster.
fn default_storage_class(store: &mut Store, course: bool) {
    let mut sc = StorageClass {
        api_version: "storage.k8s.io/v1".into(),
        kind: "StorageClass".into(),
        metadata: meta("standard", None),
        reclaim_policy: Some("Delete".into()),
        ..Default::default()
    };
    sc.metadata.creation_timestamp = store.now();
    if course {
        sc.metadata.uid = "5f0c1e6b-88e7-11e8-9a94-080027f42b3d".into();
        sc.metadata.annotations.insert(BETA_DEFAULT_CLASS_ANNOTATION.into(), "true".into());
        sc.metadata.labels.insert("addonmanager.kubernetes.io/mode".into(), "EnsureExists".into());
        sc.provisioner = "k8s.io/minikube-hostpath".into();
        sc.volume_binding_mode = Some("Immediate".into());
    } else {
        sc.metadata.uid = "3c1b6f0e-2d4a-4e8b-9a57-7f2e61c0d9a4".into();
        sc.metadata.annotations.insert(DEFAULT_CLASS_ANNOTATION.into(), "true".into());
        sc.provisioner = "rancher.io/local-path".into();
        sc.volume_binding_mode = Some("WaitForFirstConsumer".into());
    }
    store.insert_preexisting(sc.into_object());
}

/// kube-proxy's DaemonSet, created last and with a derived uid so that no other object's uid
/// or name moves (resource versions after it do); the
/// kube-proxy pods made above become its pods (owner reference, revision labels), as kubeadm's
/// DaemonSet would have made them.
fn kube_proxy_daemon_set(store: &mut Store, registry: &str, version: &str) {
    let app = labels(&[("k8s-app", "kube-proxy")]);
    let mut template = PodTemplateSpec::default();
    template.metadata.labels = app.clone().into();
    template.spec.containers.push(container("kube-proxy", &format!("{registry}/kube-proxy:{version}"), None, None));
    template.spec.tolerations.push(Toleration { operator: Some("Exists".into()), ..Default::default() });
    let ds = DaemonSet {
        api_version: "apps/v1".into(),
        kind: "DaemonSet".into(),
        metadata: ObjectMeta { labels: app.clone().into(), ..meta("kube-proxy", Some("kube-system")) },
        spec: Box::new(DaemonSetSpec {
            selector: Some(LabelSelector { match_labels: app, match_expressions: vec![] }),
            template,
            ..Default::default()
        }),
        status: Default::default(),
    };
    let h = format!("{:016x}{:016x}", crate::hash::fnv64("kube-system/kube-proxy"), crate::hash::fnv64("DaemonSet"));
    let uid = format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32]);
    let Ok(Object::DaemonSet(ds)) = store.create_with_uid(Object::DaemonSet(ds), Some(uid)) else { return };
    let hash = crate::controllers::daemonset::revision_hash(&ds);
    let pods: Vec<Pod> = store
        .list(Kind::Pod, Some("kube-system"))
        .into_iter()
        .filter_map(Object::as_pod)
        .filter(|p| p.metadata.generate_name.as_deref() == Some("kube-proxy-"))
        .cloned()
        .collect();
    let minor = store.version().minor;
    for mut p in pods {
        // The tolerations the DaemonSet controller gives its pods (in place of the admission's
        // 300 s not-ready/unreachable ones).
        p.spec.tolerations.retain(|t| t.toleration_seconds.is_none());
        p.spec = crate::controllers::daemonset::daemon_pod_spec(&p.spec, minor);
        p.metadata.labels.insert(CONTROLLER_REVISION_HASH_LABEL.into(), hash.clone());
        p.metadata.labels.insert(POD_TEMPLATE_GENERATION_LABEL.into(), ds.template_generation().to_string());
        p.metadata.owner_references.push(OwnerReference {
            api_version: "apps/v1".into(),
            kind: "DaemonSet".into(),
            name: ds.metadata.name.clone(),
            uid: ds.metadata.uid.clone(),
            controller: Some(true),
            block_owner_deletion: Some(true),
        });
        store.put(Object::Pod(p));
    }
}

/// A node of a cloud node group (`cloud`): the group's shape as capacity and allocatable, its
/// pool label, a cloud-like internal address; NotReady (`KubeletNotReady`) unless `ready`.
pub(crate) fn group_node(store: &Store, name: &str, index: u32, group: &crate::cloud::NodeGroup, ready: bool) -> Node {
    let mut n = node(store, name, index, false);
    for m in [&mut n.status.capacity, &mut n.status.allocatable] {
        m.insert("cpu".into(), group.cpu.clone());
        m.insert("memory".into(), group.memory.clone());
        m.insert("pods".into(), group.pods.to_string());
    }
    n.metadata.labels.insert(crate::cloud::NODE_POOL_LABEL.into(), group.name.clone());
    n.metadata.creation_timestamp = store.now();
    if let Some(a) = n.status.addresses.iter_mut().find(|a| a.type_ == "InternalIP") {
        a.address = format!("10.128.0.{}", 1 + index.min(250));
    }
    let now = store.now();
    for c in n.status.conditions.iter_mut() {
        c.last_probe_time = Some(now);
        c.last_transition_time = Some(now);
        if c.type_ == "Ready" && !ready {
            c.status = "False".into();
            c.reason = "KubeletNotReady".into();
            c.message = "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized".into();
        }
    }
    n
}
