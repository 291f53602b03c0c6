//! `kubectl describe`: the layout of kubectl's describers (label/value pairs through a
//! tabwriter with padding 2, nested blocks indented by two spaces, events at the end).

mod argo;
mod pdb;
mod storage;

use crate::printers::{pod_status, service_external_ip};
use crate::text::{human_duration, rfc1123z, TabWriter};
use crate::Era;
use kubelab_sim::api::*;
use kubelab_sim::{max_surge, max_unavailable, Cluster, SimTime};

mod batch;
mod hpa;
mod secret;
mod sets;

mod node;
mod template;

pub(crate) use node::node_heartbeat;
use node::*;
use template::*;

struct Out {
    w: TabWriter,
    text: String,
    /// The cluster's clock origin, for timestamps printed deep inside a describer.
    epoch_unix_secs: i64,
}

impl Out {
    fn new(cluster: &Cluster) -> Out {
        Out { w: TabWriter::kubectl_describe(), text: String::new(), epoch_unix_secs: cluster.config().epoch_unix_secs }
    }
    fn time(&self, t: SimTime) -> String {
        rfc1123z(self.epoch_unix_secs + (t.as_millis() / 1000) as i64)
    }
    fn line(&mut self, level: usize, s: &str) {
        self.w.write_str(&"  ".repeat(level));
        self.w.write_str(s);
        self.w.write_str("\n");
    }
    fn flush(&mut self) {
        let t = self.w.flush();
        self.text.push_str(&t);
    }
    fn finish(mut self) -> String {
        self.flush();
        self.text
    }
}

fn map_lines(out: &mut Out, level: usize, label: &str, map: &std::collections::BTreeMap<String, String>, era: &Era) {
    // describe never shows kubectl apply's own annotation (printAnnotationsMultiline's skip set).
    let filtered: std::collections::BTreeMap<String, String>;
    let map = if label == "Annotations:" && map.contains_key(LAST_APPLIED_ANNOTATION) {
        filtered =
            map.iter().filter(|(k, _)| *k != LAST_APPLIED_ANNOTATION).map(|(k, v)| (k.clone(), v.clone())).collect();
        &filtered
    } else {
        map
    };
    if map.is_empty() {
        out.line(level, &format!("{label}\t<none>"));
        return;
    }
    let sep = if label == "Labels:" { "=" } else { era.describe_annotation_separator };
    let mut first = true;
    for (k, v) in map {
        let entry = format!("{k}{sep}{v}");
        if first {
            out.line(level, &format!("{label}\t{entry}"));
            first = false;
        } else {
            out.line(level, &format!("\t{entry}"));
        }
    }
}

fn age(cluster: &Cluster, t: SimTime) -> String {
    human_duration(cluster.now().as_millis() as i64 - t.as_millis() as i64)
}

fn timestamp(cluster: &Cluster, t: SimTime) -> String {
    rfc1123z(cluster.unix_secs(t))
}

fn events(out: &mut Out, cluster: &Cluster, uid: &str, era: &Era) {
    let evs = cluster.events_for(uid);
    if evs.is_empty() {
        out.line(0, "Events:\t<none>");
        return;
    }
    out.flush();
    out.text.push_str("Events:\n");
    let mut w = TabWriter::kubectl_describe();
    w.write_str("  Type\tReason\tAge\tFrom\tMessage\n");
    w.write_str("  ----\t------\t----\t----\t-------\n");
    for e in evs {
        let a = if e.count > 1 {
            format!("{} (x{} over {})", age(cluster, e.last_timestamp), e.count, age(cluster, e.first_timestamp))
        } else {
            age(cluster, e.first_timestamp)
        };
        let from = match &e.source.host {
            Some(h) if era.describe_event_source_host => format!("{}, {}", e.source.component, h),
            _ => e.source.component.to_string(),
        };
        w.write_str(&format!("  {}\t{}\t{}\t{}\t{}\n", e.type_, e.reason, a, from, e.message));
    }
    out.text.push_str(&w.flush());
}

fn probe_line(p: &Probe) -> String {
    let handler = if let Some(h) = &p.http_get {
        let port = h.port.as_ref().map(|p| p.to_string()).unwrap_or_default();
        format!(
            "http-get {}://{}:{}{}",
            h.scheme.clone().unwrap_or_else(|| "http".into()).to_lowercase(),
            h.host.clone().unwrap_or_default(),
            port,
            h.path.clone().unwrap_or_default()
        )
    } else if let Some(t) = &p.tcp_socket {
        format!("tcp-socket :{}", t.port.as_ref().map(|p| p.to_string()).unwrap_or_default())
    } else if let Some(e) = &p.exec {
        format!("exec [{}]", e.command.join(" "))
    } else {
        "unknown".into()
    };
    format!(
        "{handler} delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay(),
        p.timeout(),
        p.period(),
        p.success_threshold(),
        p.failure_threshold()
    )
}

pub fn describe(cluster: &Cluster, obj: &Object, era: &Era) -> String {
    match obj {
        Object::Deployment(d) => deployment(cluster, d, era),
        Object::Pod(p) => pod(cluster, p, era),
        Object::ReplicaSet(rs) => replica_set(
            cluster,
            obj,
            rs.replicas(),
            &rs.status,
            rs.spec.selector.as_ref().and_then(|s| s.to_selector().ok()).map(|s| s.to_string()).unwrap_or_default(),
            Some(&rs.spec.template),
            era,
        ),
        Object::ReplicationController(rc) => replica_set(
            cluster,
            obj,
            rc.replicas(),
            &rc.status,
            Selector::from_map(&rc.spec.selector).to_string(),
            rc.spec.template.as_ref(),
            era,
        ),
        Object::Service(s) => service(cluster, s, era),
        Object::HorizontalPodAutoscaler(h) => hpa::describe(cluster, h, era),
        Object::Job(j) => batch::job(cluster, j, era),
        Object::CronJob(cj) => batch::cronjob(cluster, cj, era),
        Object::Node(n) => node(cluster, n, era),
        Object::Endpoints(e) => endpoints(cluster, e, era),
        Object::Opaque(Kind::ConfigMap, o) => config_map(cluster, obj, o, era),
        Object::Opaque(Kind::Secret, o) => secret::secret(cluster, obj, o, era),
        Object::Opaque(Kind::ServiceAccount, o) => secret::service_account(cluster, obj, o, era),
        Object::DaemonSet(ds) => sets::daemon_set(cluster, ds, era),
        Object::StatefulSet(s) => sets::stateful_set(cluster, s, era),
        Object::Opaque(Kind::Rollout | Kind::AnalysisRun | Kind::AnalysisTemplate, _) => {
            argo::describe(cluster, obj, era)
        }
        Object::Opaque(Kind::PodDisruptionBudget, _) => {
            pdb::describe(cluster, obj, era).unwrap_or_else(|| generic(cluster, obj, era))
        }
        Object::Opaque(k, _) if storage::handles(*k) => {
            storage::describe(cluster, obj, era).unwrap_or_else(|| generic(cluster, obj, era))
        }
        _ => generic(cluster, obj, era),
    }
}

fn header(out: &mut Out, cluster: &Cluster, obj: &Object, era: &Era, with_ts: bool) {
    let m = obj.meta();
    out.line(0, &format!("Name:\t{}", m.name));
    if obj.kind().namespaced() {
        out.line(0, &format!("Namespace:\t{}", m.ns()));
    }
    if with_ts {
        out.line(0, &format!("CreationTimestamp:\t{}", timestamp(cluster, m.creation_timestamp)));
    }
    map_lines(out, 0, "Labels:", &m.labels, era);
    map_lines(out, 0, "Annotations:", &m.annotations, era);
}

/// kubectl's ConfigMap describer: each data key, a `----` rule and the value as it is (keys
/// sorted; kubectl ranges over a Go map), then the binary keys as byte counts.
fn config_map(cluster: &Cluster, obj: &Object, o: &Opaque, era: &Era) -> String {
    let mut out = Out::new(cluster);
    header(&mut out, cluster, obj, era, false);
    out.line(0, "\nData\n====");
    if let Some(serde_json::Value::Object(data)) = o.rest.get("data") {
        let mut keys: Vec<&String> = data.keys().collect();
        kubelab_sim::sort::natural(&mut keys);
        for k in keys {
            let v = data.get(k).and_then(|v| v.as_str()).unwrap_or("");
            // kubectl 1.33 follows each value with a blank line; kubectl 1.11 did not.
            let gap = if era.describe_config_map_binary_data { "\n" } else { "" };
            out.line(0, &format!("{k}:\n----\n{v}{gap}"));
        }
    }
    if !era.describe_config_map_binary_data {
        return out.finish();
    }
    out.line(0, "\nBinaryData\n====");
    if let Some(serde_json::Value::Object(data)) = o.rest.get("binaryData") {
        let mut keys: Vec<&String> = data.keys().collect();
        kubelab_sim::sort::natural(&mut keys);
        for k in keys {
            // binaryData travels base64-encoded; kubectl counts the decoded bytes.
            let b64 = data.get(k).and_then(|v| v.as_str()).unwrap_or("");
            let padding = b64.bytes().rev().take_while(|b| *b == b'=').count();
            let len = (b64.len() / 4 * 3).saturating_sub(padding);
            out.line(0, &format!("{k}: {len} bytes"));
        }
    }
    out.line(0, "");
    events(&mut out, cluster, &obj.meta().uid, era);
    out.finish()
}

fn rs_list(cluster: &Cluster, rss: &[&ReplicaSet]) -> String {
    let _ = cluster;
    if rss.is_empty() {
        return "<none>".into();
    }
    rss.iter()
        .map(|r| format!("{} ({}/{} replicas created)", r.metadata.name, r.status.replicas, r.replicas()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn deployment(cluster: &Cluster, d: &Deployment, era: &Era) -> String {
    let mut out = Out::new(cluster);
    let obj = Object::Deployment(d.clone());
    header(&mut out, cluster, &obj, era, true);
    out.line(
        0,
        &format!(
            "Selector:\t{}",
            d.spec.selector.as_ref().and_then(|s| s.to_selector().ok()).map(|s| s.to_string()).unwrap_or_default()
        ),
    );
    out.line(
        0,
        &format!(
            "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable",
            d.replicas(),
            d.status.updated_replicas,
            d.status.replicas,
            d.status.available_replicas,
            d.status.unavailable_replicas
        ),
    );
    out.line(0, &format!("StrategyType:\t{}", d.spec.strategy.type_.clone().unwrap_or_default()));
    out.line(0, &format!("MinReadySeconds:\t{}", d.min_ready_seconds()));
    if !d.is_recreate() {
        let ru = d.spec.strategy.rolling_update.clone().unwrap_or_default();
        let show = |v: &Option<IntOrString>| v.as_ref().map(|v| v.to_string()).unwrap_or_default();
        out.line(
            0,
            &format!(
                "RollingUpdateStrategy:\t{} max unavailable, {} max surge",
                show(&ru.max_unavailable),
                show(&ru.max_surge)
            ),
        );
        let _ = (max_surge(d), max_unavailable(d));
    }
    out.line(0, "Pod Template:");
    pod_template(&mut out, 1, &d.spec.template, era);
    out.line(0, "Conditions:");
    out.line(1, "Type\tStatus\tReason");
    out.line(1, "----\t------\t------");
    for c in &d.status.conditions {
        out.line(1, &format!("{} \t{}\t{}", c.type_, c.status, c.reason));
    }
    let rss: Vec<&ReplicaSet> = cluster
        .list(Kind::ReplicaSet, Some(d.metadata.ns()))
        .into_iter()
        .filter_map(Object::as_replica_set)
        .filter(|r| r.metadata.controller_ref().is_some_and(|o| o.uid == d.metadata.uid))
        .collect();
    let new_rs = rss
        .iter()
        .copied()
        .find(|r| kubelab_sim::hash::templates_equal_ignoring_hash(&r.spec.template, &d.spec.template));
    let old: Vec<&ReplicaSet> = rss
        .iter()
        .copied()
        // kubectl 1.33 lists every old ReplicaSet (`web-6f455d5b44 (0/0 replicas created)`);
        // kubectl 1.11 only those that still have replicas.
        .filter(|r| {
            Some(r.metadata.uid.as_str()) != new_rs.map(|n| n.metadata.uid.as_str())
                && (era.describe_all_old_replica_sets || r.replicas() > 0)
        })
        .collect();
    out.line(0, &format!("OldReplicaSets:\t{}", rs_list(cluster, &old)));
    out.line(
        0,
        &format!("NewReplicaSet:\t{}", new_rs.map(|n| rs_list(cluster, &[n])).unwrap_or_else(|| "<none>".into())),
    );
    events(&mut out, cluster, &d.metadata.uid, era);
    out.finish()
}

/// `Pods Status:` over the pods whose controller is `m` (ReplicaSets, DaemonSets, StatefulSets).
fn pods_status(out: &mut Out, cluster: &Cluster, m: &ObjectMeta) {
    let pods: Vec<&Pod> = cluster
        .list(Kind::Pod, Some(m.ns()))
        .into_iter()
        .filter_map(Object::as_pod)
        .filter(|p| p.metadata.controller_ref().is_some_and(|o| o.uid == m.uid))
        .collect();
    let count = |phase: &str| pods.iter().filter(|p| p.status.phase == phase).count();
    out.line(
        0,
        &format!(
            "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed",
            count("Running"),
            count("Pending"),
            count("Succeeded"),
            count("Failed")
        ),
    );
}

fn replica_set(
    cluster: &Cluster,
    obj: &Object,
    replicas: i64,
    status: &ReplicaSetStatus,
    selector: String,
    template: Option<&PodTemplateSpec>,
    era: &Era,
) -> String {
    let mut out = Out::new(cluster);
    let m = obj.meta();
    out.line(0, &format!("Name:\t{}", m.name));
    out.line(0, &format!("Namespace:\t{}", m.ns()));
    out.line(0, &format!("Selector:\t{selector}"));
    map_lines(&mut out, 0, "Labels:", &m.labels, era);
    map_lines(&mut out, 0, "Annotations:", &m.annotations, era);
    if let Some(o) = m.controller_ref() {
        out.line(0, &format!("Controlled By:\t{}/{}", o.kind, o.name));
    }
    out.line(0, &format!("Replicas:\t{} current / {} desired", status.replicas, replicas));
    pods_status(&mut out, cluster, m);
    if let Some(t) = template {
        out.line(0, "Pod Template:");
        pod_template(&mut out, 1, t, era);
    }
    events(&mut out, cluster, &m.uid, era);
    out.finish()
}

fn pod(cluster: &Cluster, p: &Pod, era: &Era) -> String {
    let mut out = Out::new(cluster);
    let obj = Object::Pod(p.clone());
    out.line(0, &format!("Name:\t{}", p.metadata.name));
    out.line(0, &format!("Namespace:\t{}", p.metadata.ns()));
    out.line(0, "Priority:\t0");
    if era.describe_pod_priority_class_name {
        out.line(0, "PriorityClassName:\t<none>");
    }
    if era.describe_pod_service_account {
        out.line(0, "Service Account:\tdefault");
    }
    let node = match &p.spec.node_name {
        Some(n) => {
            let ip = p.status.host_ip.clone().unwrap_or_default();
            format!("{n}/{ip}")
        }
        None => "<none>".into(),
    };
    out.line(0, &format!("Node:\t{node}"));
    if let Some(t) = p.status.start_time {
        out.line(0, &format!("Start Time:\t{}", timestamp(cluster, t)));
    }
    map_lines(&mut out, 0, "Labels:", &p.metadata.labels, era);
    map_lines(&mut out, 0, "Annotations:", &p.metadata.annotations, era);
    let (status, _, _) = pod_status(cluster, p);
    let shown =
        if p.metadata.deletion_timestamp.is_some() { "Terminating".to_string() } else { p.status.phase.clone() };
    let _ = status;
    out.line(0, &format!("Status:\t{shown}"));
    if let Some(dt) = p.metadata.deletion_timestamp {
        out.line(0, &format!("Termination Grace Period:\t{}s", p.metadata.deletion_grace_period_seconds.unwrap_or(30)));
        let _ = dt;
    }
    let ip = p.status.pod_ip.clone().unwrap_or_default();
    out.line(0, &format!("IP:\t{ip}"));
    if era.pod_ip_lists {
        // describePodIPs: `<none>` in the column when the pod has no IP yet.
        if ip.is_empty() {
            out.line(0, "IPs:\t<none>");
        } else {
            out.line(0, "IPs:");
            out.line(1, &format!("IP:\t{ip}"));
        }
    }
    if let Some(o) = p.metadata.controller_ref() {
        out.line(0, &format!("Controlled By:\t{}/{}", o.kind, o.name));
    }
    // The spec as the API server shows it: the token volume and its mounts written out.
    let spec = p.spec.shown();
    out.line(0, "Containers:");
    containers(&mut out, 0, &spec.containers, Some(&p.status.container_statuses));
    if !p.status.conditions.is_empty() {
        out.line(0, "Conditions:");
        out.line(1, "Type\tStatus");
        for c in &p.status.conditions {
            out.line(1, &format!("{} \t{} ", c.type_, c.status));
        }
    }
    volumes(&mut out, 0, &spec);
    out.line(0, &format!("QoS Class:\t{}", p.status.qos_class.clone().unwrap_or_else(|| "BestEffort".into())));
    scheduling(&mut out, 0, &p.spec, era);
    events(&mut out, cluster, &obj.meta().uid, era);
    out.finish()
}

fn service(cluster: &Cluster, s: &Service, era: &Era) -> String {
    let mut out = Out::new(cluster);
    let obj = Object::Service(s.clone());
    header(&mut out, cluster, &obj, era, false);
    let sel = match &s.spec.selector {
        Some(m) if !m.is_empty() => m.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","),
        _ => "<none>".into(),
    };
    out.line(0, &format!("Selector:\t{sel}"));
    let ty = s.spec.type_.clone().unwrap_or_else(|| "ClusterIP".into());
    out.line(0, &format!("Type:\t{ty}"));
    if era.describe_service_ip_families {
        out.line(
            0,
            &format!("IP Family Policy:\t{}", s.spec.ip_family_policy.clone().unwrap_or_else(|| "SingleStack".into())),
        );
        out.line(0, &format!("IP Families:\t{}", s.spec.ip_families.join(",")));
    }
    out.line(0, &format!("IP:\t{}", s.spec.cluster_ip.clone().unwrap_or_default()));
    if era.describe_service_ip_families {
        out.line(0, &format!("IPs:\t{}", s.spec.cluster_ips.join(",")));
    }
    if ty == "LoadBalancer" && service_external_ip(s) != "<pending>" {
        out.line(0, &format!("LoadBalancer Ingress:\t{}", service_external_ip(s)));
    }
    // kubectl 1.33 reads the Service's EndpointSlices (formatEndpointSlices), kubectl 1.11 its
    // Endpoints object (formatEndpoints); both list ready `ip:port`s of the port, at most three.
    let ns = s.metadata.ns();
    let slices: Vec<&EndpointSlice> = cluster
        .list(Kind::EndpointSlice, Some(ns))
        .into_iter()
        .filter_map(|o| match o {
            Object::EndpointSlice(e) if e.metadata.labels.get(SERVICE_NAME_LABEL) == Some(&s.metadata.name) => Some(e),
            _ => None,
        })
        .collect();
    let endpoints = match cluster.get(Kind::Endpoints, ns, &s.metadata.name) {
        Some(Object::Endpoints(e)) => e.clone(),
        _ => Endpoints::default(),
    };
    for p in &s.spec.ports {
        let name = p.name.clone().unwrap_or_else(|| "<unset>".into());
        let proto = p.protocol.clone().unwrap_or_else(|| "TCP".into());
        out.line(0, &format!("Port:\t{name}\t{}/{proto}", p.port));
        let tp = p.target_port.as_ref().map(|t| t.to_string()).unwrap_or_default();
        out.line(0, &format!("TargetPort:\t{tp}/{proto}"));
        if let Some(np) = p.node_port {
            out.line(0, &format!("NodePort:\t{name}\t{np}/{proto}"));
        }
        let port_name = p.name.clone().unwrap_or_default();
        let cell = if era.describe_service_endpoint_slices {
            crate::printers::endpoint_slices_cell(&slices, &port_name)
        } else {
            crate::printers::endpoints_cell(&endpoints, Some(&port_name))
        };
        out.line(0, &format!("Endpoints:\t{cell}"));
    }
    out.line(0, &format!("Session Affinity:\t{}", s.spec.session_affinity.clone().unwrap_or_else(|| "None".into())));
    if let Some(p) = &s.spec.external_traffic_policy {
        out.line(0, &format!("External Traffic Policy:\t{p}"));
    }
    if era.describe_service_internal_traffic_policy {
        out.line(
            0,
            &format!(
                "Internal Traffic Policy:\t{}",
                s.spec.internal_traffic_policy.clone().unwrap_or_else(|| "Cluster".into())
            ),
        );
    }
    events(&mut out, cluster, &s.metadata.uid, era);
    out.finish()
}

/// `describeEndpoints`: per subset its ready and not-ready IPs and its ports.
fn endpoints(cluster: &Cluster, e: &Endpoints, era: &Era) -> String {
    let mut out = Out::new(cluster);
    let obj = Object::Endpoints(e.clone());
    header(&mut out, cluster, &obj, era, false);
    out.line(0, "Subsets:");
    let ips = |addrs: &[EndpointAddress]| {
        if addrs.is_empty() {
            "<none>".to_string()
        } else {
            addrs.iter().map(|a| a.ip.as_str()).collect::<Vec<_>>().join(",")
        }
    };
    for ss in &e.subsets {
        out.line(1, &format!("Addresses:\t{}", ips(&ss.addresses)));
        out.line(1, &format!("NotReadyAddresses:\t{}", ips(&ss.not_ready_addresses)));
        if !ss.ports.is_empty() {
            out.line(1, "Ports:");
            out.line(2, "Name\tPort\tProtocol");
            out.line(2, "----\t----\t--------");
            for p in &ss.ports {
                let name = p.name.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| "<unset>".into());
                out.line(2, &format!("{name}\t{}\t{}", p.port, p.protocol.clone().unwrap_or_default()));
            }
        }
        out.line(0, "");
    }
    events(&mut out, cluster, &e.metadata.uid, era);
    out.finish()
}

pub(crate) fn pseudo_uuid(seed: &str) -> String {
    let h = kubelab_sim::hash::hex_stream(seed, 32);
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

fn generic(cluster: &Cluster, obj: &Object, era: &Era) -> String {
    let mut out = Out::new(cluster);
    let with_ts = !matches!(obj, Object::Namespace(_));
    header(&mut out, cluster, obj, era, with_ts && matches!(obj, Object::Node(_)));
    match obj {
        Object::Namespace(n) => {
            out.line(0, &format!("Status:\t{}", n.status.phase));
            out.flush();
            out.text.push_str("\nNo resource quota.\n\nNo LimitRange resource.\n");
            return out.text;
        }
        Object::Node(n) => {
            out.line(
                0,
                &format!(
                    "Taints:\t{}",
                    if n.spec.taints.is_empty() {
                        "<none>".to_string()
                    } else {
                        n.spec.taints.iter().map(|t| format!("{}:{}", t.key, t.effect)).collect::<Vec<_>>().join(", ")
                    }
                ),
            );
            out.line(0, &format!("Unschedulable:\t{}", n.spec.unschedulable.unwrap_or(false)));
            out.line(0, "Conditions:");
            out.line(1, "Type\tStatus\tReason\tMessage");
            out.line(1, "----\t------\t------\t-------");
            for c in &n.status.conditions {
                out.line(1, &format!("{}\t{}\t{}\t{}", c.type_, c.status, c.reason, c.message));
            }
            out.line(0, "Addresses:");
            for a in &n.status.addresses {
                out.line(1, &format!("{}:\t{}", a.type_, a.address));
            }
            out.line(0, "Capacity:");
            for (k, v) in &n.status.capacity {
                out.line(1, &format!("{k}:\t{v}"));
            }
            out.line(0, "Allocatable:");
            for (k, v) in &n.status.allocatable {
                out.line(1, &format!("{k}:\t{v}"));
            }
            let pods: Vec<&Pod> =
                cluster.pods().filter(|p| p.spec.node_name.as_deref() == Some(n.metadata.name.as_str())).collect();
            out.line(0, &format!("Non-terminated Pods:\t({} in total)", pods.len()));
            out.line(1, "Namespace\tName\tCPU Requests\tMemory Requests\tAge");
            out.line(1, "---------\t----\t------------\t---------------\t---");
            for p in pods {
                let cpu: i64 = p.spec.containers.iter().map(|c| c.resources.cpu_request_millis()).sum();
                let mem: i64 = p.spec.containers.iter().map(|c| c.resources.memory_request_bytes()).sum();
                let cpu_s = if cpu == 0 {
                    "0 (0%)".to_string()
                } else {
                    format!("{cpu}m ({}%)", cpu * 100 / n.allocatable_cpu_millis().max(1))
                };
                let mem_s = if mem == 0 {
                    "0 (0%)".to_string()
                } else {
                    format!("{}Mi ({}%)", mem / 1048576, mem * 100 / n.allocatable_memory_bytes().max(1))
                };
                out.line(
                    1,
                    &format!(
                        "{}\t{}\t{}\t{}\t{}",
                        p.metadata.ns(),
                        p.metadata.name,
                        cpu_s,
                        mem_s,
                        age(cluster, p.metadata.creation_timestamp)
                    ),
                );
            }
        }
        _ => {}
    }
    events(&mut out, cluster, &obj.meta().uid, era);
    out.finish()
}
