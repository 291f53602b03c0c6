//! `kubectl get` tables: the columns of each kind (and of each profile), and the cells as
//! Kubernetes' printers compute them (`printPod`'s STATUS rules, `READY` fractions, HPA targets,
//! service ports, AGE).

mod application;
mod argo;
mod pdb;
mod storage;
pub use storage::access_modes;

use crate::text::human_duration;
use crate::Era;
use kubelab_sim::api::*;
use kubelab_sim::{Cluster, SimTime};

pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

mod batch;
mod hpa;

fn age(cluster: &Cluster, t: SimTime) -> String {
    human_duration(cluster.now().as_millis() as i64 - t.as_millis() as i64)
}

fn labels_cell(labels: &Labels) -> String {
    if labels.is_empty() {
        return "<none>".into();
    }
    labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
}

/// The STATUS, READY and RESTARTS cells of a pod (`printPod`).
pub fn pod_status(cluster: &Cluster, pod: &Pod) -> (String, String, String) {
    let course = !cluster.version().at_least(20);
    let mut reason = if pod.status.phase.is_empty() { "Pending".to_string() } else { pod.status.phase.clone() };
    if let Some(r) = &pod.status.reason {
        reason = r.clone();
    }
    let total = pod.spec.containers.len();
    let mut ready = 0;
    let mut restarts = 0;
    let mut last_restart: Option<SimTime> = None;
    let mut has_running = false;
    for c in pod.status.container_statuses.iter().rev() {
        restarts += c.restart_count;
        if let Some(t) = &c.last_state.terminated {
            if last_restart.is_none_or(|l| t.finished_at > l) {
                last_restart = Some(t.finished_at);
            }
        }
        if let Some(w) = &c.state.waiting {
            if !w.reason.is_empty() {
                reason = w.reason.clone();
            }
        } else if let Some(t) = &c.state.terminated {
            reason = if !t.reason.is_empty() { t.reason.clone() } else { format!("ExitCode:{}", t.exit_code) };
        } else if c.ready && c.state.running.is_some() {
            has_running = true;
            ready += 1;
        } else if c.state.running.is_some() {
            has_running = true;
        }
    }
    if reason == "Completed" && has_running {
        reason = if pod.is_ready() { "Running".into() } else { "NotReady".into() };
    }
    if pod.metadata.deletion_timestamp.is_some() {
        reason = "Terminating".into();
    }
    let restarts_cell = match last_restart {
        Some(t) if restarts > 0 && !course => format!("{restarts} ({} ago)", age(cluster, t)),
        _ => restarts.to_string(),
    };
    (reason, format!("{ready}/{total}"), restarts_cell)
}

fn containers_images(spec: &PodSpec) -> (String, String) {
    let names: Vec<&str> = spec.containers.iter().map(|c| c.name.as_str()).collect();
    let images: Vec<&str> = spec.containers.iter().map(|c| c.image.as_str()).collect();
    (names.join(","), images.join(","))
}

fn selector_cell(sel: &Option<LabelSelector>) -> String {
    match sel.as_ref().and_then(|s| s.to_selector().ok()) {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => "<none>".into(),
    }
}

/// The header and row cells for one object (without NAMESPACE / LABELS, which the caller adds).
pub fn columns(kind: Kind, era: &Era, wide: bool) -> Vec<&'static str> {
    if let Some(cols) = storage::columns(kind, era) {
        return cols;
    }
    let mut cols: Vec<&'static str> = match kind {
        Kind::Pod => vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
        Kind::Deployment if era.deployment_desired_current_columns => {
            vec!["NAME", "DESIRED", "CURRENT", "UP-TO-DATE", "AVAILABLE", "AGE"]
        }
        Kind::Deployment => vec!["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
        Kind::ReplicaSet | Kind::ReplicationController => {
            vec!["NAME", "DESIRED", "CURRENT", "READY", "AGE"]
        }
        Kind::Service => vec!["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"],
        Kind::HorizontalPodAutoscaler => vec!["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"],
        Kind::Node => vec!["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
        Kind::Namespace => vec!["NAME", "STATUS", "AGE"],
        Kind::ConfigMap => vec!["NAME", "DATA", "AGE"],
        Kind::ServiceAccount => vec!["NAME", "SECRETS", "AGE"],
        Kind::Endpoints => vec!["NAME", "ENDPOINTS", "AGE"],
        Kind::EndpointSlice => vec!["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"],
        // kubectl 1.33's columns for the kinds being added (issue 9); their rows come with each kind.
        Kind::Secret => vec!["NAME", "TYPE", "DATA", "AGE"],
        Kind::Job if era.job_desired_successful_columns => vec!["NAME", "DESIRED", "SUCCESSFUL", "AGE"],
        Kind::Job => vec!["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"],
        Kind::CronJob if !era.cronjob_timezone_column => {
            vec!["NAME", "SCHEDULE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"]
        }
        Kind::CronJob => vec!["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
        Kind::DaemonSet => {
            vec!["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"]
        }
        Kind::StatefulSet if era.statefulset_desired_current_columns => vec!["NAME", "DESIRED", "CURRENT", "AGE"],
        Kind::StatefulSet => vec!["NAME", "READY", "AGE"],
        Kind::PersistentVolumeClaim => {
            vec!["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"]
        }
        Kind::PersistentVolume => vec![
            "NAME",
            "CAPACITY",
            "ACCESS MODES",
            "RECLAIM POLICY",
            "STATUS",
            "CLAIM",
            "STORAGECLASS",
            "VOLUMEATTRIBUTESCLASS",
            "REASON",
            "AGE",
        ],
        Kind::StorageClass => {
            vec!["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"]
        }
        Kind::Ingress => vec!["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"],
        Kind::IngressClass => vec!["NAME", "CONTROLLER", "PARAMETERS", "AGE"],
        Kind::PodDisruptionBudget => vec!["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"],
        Kind::Rollout | Kind::AnalysisRun | Kind::AnalysisTemplate => argo::columns(kind),
        Kind::Application => vec!["NAME", "SYNC STATUS", "HEALTH STATUS"],
    };
    if wide {
        match kind {
            Kind::Pod => {
                cols.extend(["IP", "NODE", "NOMINATED NODE"]);
                if era.pod_readiness_gates_column {
                    cols.push("READINESS GATES");
                }
            }
            Kind::Deployment | Kind::ReplicaSet | Kind::ReplicationController | Kind::Job | Kind::CronJob => {
                cols.extend(["CONTAINERS", "IMAGES", "SELECTOR"])
            }
            Kind::Service => cols.push("SELECTOR"),
            Kind::DaemonSet => cols.extend(["CONTAINERS", "IMAGES", "SELECTOR"]),
            Kind::StatefulSet => cols.extend(["CONTAINERS", "IMAGES"]),
            Kind::Application => cols.extend(["REVISION", "PROJECT"]),
            Kind::Node => {
                cols.extend(["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"])
            }
            _ => {}
        }
    }
    cols
}

pub fn service_ports(s: &Service) -> String {
    if s.spec.ports.is_empty() {
        return "<none>".into();
    }
    s.spec
        .ports
        .iter()
        .map(|p| {
            let proto = p.protocol.clone().unwrap_or_else(|| "TCP".into());
            match p.node_port {
                Some(np) => format!("{}:{}/{}", p.port, np, proto),
                None => format!("{}/{}", p.port, proto),
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

pub fn service_external_ip(s: &Service) -> String {
    match s.spec.type_.as_deref() {
        Some("LoadBalancer") => {
            if s.spec.external_ips.is_empty() {
                "<pending>".into()
            } else {
                s.spec.external_ips.join(",")
            }
        }
        Some("ExternalName") => s.spec.external_name.clone().unwrap_or_default(),
        _ => {
            if s.spec.external_ips.is_empty() {
                "<none>".into()
            } else {
                s.spec.external_ips.join(",")
            }
        }
    }
}

/// `a,b,c + N more...` (`listWithMoreString`), or `empty` when there is nothing.
fn list_with_more(list: &[String], count: usize, max: usize, empty: &str) -> String {
    let ret = list.join(",");
    if count > max {
        return format!("{ret} + {} more...", count - max);
    }
    if ret.is_empty() {
        empty.to_string()
    } else {
        ret
    }
}

/// The ENDPOINTS cell of an Endpoints object (`formatEndpoints`): ready `ip:port` pairs, at
/// most three, `<none>` without subsets, an empty cell when no address is ready.
pub fn endpoints_cell(e: &Endpoints, port_name: Option<&str>) -> String {
    if e.subsets.is_empty() {
        return "<none>".into();
    }
    const MAX: usize = 3;
    let mut list = Vec::new();
    let mut count = 0;
    for ss in &e.subsets {
        if ss.ports.is_empty() {
            count += ss.addresses.len();
            for a in &ss.addresses {
                if list.len() < MAX {
                    list.push(a.ip.clone());
                }
            }
            continue;
        }
        for p in &ss.ports {
            if port_name.is_none_or(|n| p.name.as_deref().unwrap_or("") == n) {
                count += ss.addresses.len();
                for a in &ss.addresses {
                    if list.len() < MAX {
                        list.push(format!("{}:{}", a.ip, p.port));
                    }
                }
            }
        }
    }
    list_with_more(&list, count, MAX, "")
}

/// The `Endpoints:` line of `describe svc` from EndpointSlices (`formatEndpointSlices`): ready
/// (or unknown) endpoints of the port named `port_name`, `<none>` without slices.
pub fn endpoint_slices_cell(slices: &[&EndpointSlice], port_name: &str) -> String {
    if slices.is_empty() {
        return "<none>".into();
    }
    const MAX: usize = 3;
    let mut list = Vec::new();
    let mut count = 0;
    for s in slices {
        for p in s.ports.iter().filter(|p| p.name.as_deref().unwrap_or("") == port_name) {
            for e in s.endpoints.iter().filter(|e| e.conditions.ready) {
                for a in &e.addresses {
                    count += 1;
                    if list.len() < MAX {
                        list.push(format!("{a}:{}", p.port));
                    }
                }
            }
        }
    }
    list_with_more(&list, count, MAX, "")
}

/// The TARGETS cell of an HPA (`formatHPAMetrics`): `10%/80%` per metric, or `cpu: 10%/80%`
/// where the server names resource metrics; at most two, then `+ N more...`.
pub fn hpa_targets(h: &HorizontalPodAutoscaler, era: &Era) -> String {
    hpa::targets(h, era.hpa_targets_name_metric)
}

pub fn row(cluster: &Cluster, obj: &Object, era: &Era, wide: bool) -> Vec<String> {
    let meta = obj.meta();
    let name = meta.name.clone();
    let a = age(cluster, meta.creation_timestamp);
    let mut cells = match obj {
        Object::Pod(p) => {
            let (status, ready, restarts) = pod_status(cluster, p);
            let mut r = vec![name, ready, status, restarts, a];
            if wide {
                r.push(p.status.pod_ip.clone().filter(|i| !i.is_empty()).unwrap_or_else(|| "<none>".into()));
                r.push(p.spec.node_name.clone().unwrap_or_else(|| "<none>".into()));
                r.push("<none>".into());
                if era.pod_readiness_gates_column {
                    r.push("<none>".into());
                }
            }
            r
        }
        Object::Deployment(d) => {
            let mut r = if era.deployment_desired_current_columns {
                vec![
                    name,
                    d.replicas().to_string(),
                    d.status.replicas.to_string(),
                    d.status.updated_replicas.to_string(),
                    d.status.available_replicas.to_string(),
                    a,
                ]
            } else {
                vec![
                    name,
                    format!("{}/{}", d.status.ready_replicas, d.replicas()),
                    d.status.updated_replicas.to_string(),
                    d.status.available_replicas.to_string(),
                    a,
                ]
            };
            if wide {
                let (c, i) = containers_images(&d.spec.template.spec);
                r.extend([c, i, selector_cell(&d.spec.selector)]);
            }
            r
        }
        Object::ReplicaSet(rs) => {
            let mut r = vec![
                name,
                rs.replicas().to_string(),
                rs.status.replicas.to_string(),
                rs.status.ready_replicas.to_string(),
                a,
            ];
            if wide {
                let (c, i) = containers_images(&rs.spec.template.spec);
                r.extend([c, i, selector_cell(&rs.spec.selector)]);
            }
            r
        }
        Object::ReplicationController(rc) => {
            let mut r = vec![
                name,
                rc.replicas().to_string(),
                rc.status.replicas.to_string(),
                rc.status.ready_replicas.to_string(),
                a,
            ];
            if wide {
                let (c, i) = rc.spec.template.as_ref().map(|t| containers_images(&t.spec)).unwrap_or_default();
                let sel = Selector::from_map(&rc.spec.selector).to_string();
                r.extend([c, i, if sel.is_empty() { "<none>".into() } else { sel }]);
            }
            r
        }
        Object::Service(s) => {
            let mut r = vec![
                name,
                s.spec.type_.clone().unwrap_or_else(|| "ClusterIP".into()),
                s.spec.cluster_ip.clone().unwrap_or_else(|| "<none>".into()),
                service_external_ip(s),
                service_ports(s),
                a,
            ];
            if wide {
                r.push(match &s.spec.selector {
                    Some(sel) if !sel.is_empty() => Selector::from_map(sel).to_string(),
                    _ => "<none>".into(),
                });
            }
            r
        }
        Object::HorizontalPodAutoscaler(h) => vec![
            name,
            format!("{}/{}", h.spec.scale_target_ref.kind, h.spec.scale_target_ref.name),
            hpa_targets(h, era),
            h.spec.min_replicas.map(|m| m.to_string()).unwrap_or_else(|| "<unset>".into()),
            h.spec.max_replicas.to_string(),
            h.status.current_replicas.to_string(),
            a,
        ],
        Object::Node(n) => {
            let mut status = if n.is_ready() { "Ready".to_string() } else { "NotReady".to_string() };
            if n.spec.unschedulable == Some(true) {
                status.push_str(",SchedulingDisabled");
            }
            let roles = n.roles();
            let mut r = vec![
                name,
                status,
                if roles.is_empty() { "<none>".into() } else { roles.join(",") },
                a,
                n.status.node_info.kubelet_version.clone(),
            ];
            if wide {
                r.extend([
                    n.internal_ip().unwrap_or("<none>").to_string(),
                    "<none>".into(),
                    n.status.node_info.os_image.clone(),
                    n.status.node_info.kernel_version.clone(),
                    n.status.node_info.container_runtime_version.clone(),
                ]);
            }
            r
        }
        Object::DaemonSet(ds) => {
            let st = &ds.status;
            let node_selector = Selector::from_map(&ds.spec.template.spec.node_selector).to_string();
            let mut r = vec![
                name,
                st.desired_number_scheduled.to_string(),
                st.current_number_scheduled.to_string(),
                st.number_ready.to_string(),
                st.updated_number_scheduled.to_string(),
                st.number_available.to_string(),
                if node_selector.is_empty() { "<none>".into() } else { node_selector },
                a,
            ];
            if wide {
                let (c, i) = containers_images(&ds.spec.template.spec);
                r.extend([c, i, selector_cell(&ds.spec.selector)]);
            }
            r
        }
        Object::StatefulSet(s) => {
            let mut r = if era.statefulset_desired_current_columns {
                vec![name, s.replicas().to_string(), s.status.replicas.to_string(), a]
            } else {
                vec![name, format!("{}/{}", s.status.ready_replicas, s.replicas()), a]
            };
            if wide {
                let (c, i) = containers_images(&s.spec.template.spec);
                r.extend([c, i]);
            }
            r
        }
        Object::Namespace(n) => vec![name, n.status.phase.clone(), a],
        Object::Endpoints(e) => vec![name, endpoints_cell(e, None), a],
        Object::EndpointSlice(s) => {
            // `formatDiscoveryPorts` and `formatDiscoveryEndpoints`.
            const MAX: usize = 3;
            let ports: Vec<String> = s.ports.iter().take(MAX).map(|p| p.port.to_string()).collect();
            let addrs: Vec<&String> = s.endpoints.iter().flat_map(|e| e.addresses.iter()).collect();
            let shown: Vec<String> = addrs.iter().take(MAX).map(|a| a.to_string()).collect();
            vec![
                name,
                s.address_type.clone(),
                list_with_more(&ports, s.ports.len(), MAX, "<unset>"),
                list_with_more(&shown, addrs.len(), MAX, "<unset>"),
                a,
            ]
        }
        Object::Opaque(Kind::ConfigMap, o) => {
            let n = o.rest.get("data").and_then(|d| d.as_object()).map(|m| m.len()).unwrap_or(0)
                + o.rest.get("binaryData").and_then(|d| d.as_object()).map(|m| m.len()).unwrap_or(0);
            vec![name, n.to_string(), a]
        }
        Object::Opaque(Kind::Secret, o) => {
            let ty = o.rest.get("type").and_then(|t| t.as_str()).unwrap_or_default().to_string();
            let n = o.rest.get("data").and_then(|d| d.as_object()).map(|m| m.len()).unwrap_or(0);
            vec![name, ty, n.to_string(), a]
        }
        Object::Opaque(Kind::ServiceAccount, o) => {
            let n = o.rest.get("secrets").and_then(|d| d.as_array()).map(|l| l.len()).unwrap_or(0);
            vec![name, n.to_string(), a]
        }
        Object::Job(j) => batch::job_row(cluster, j, era, wide, name, a),
        Object::CronJob(cj) => batch::cronjob_row(cluster, cj, era, wide, name, a),
        Object::Opaque(_, _) => {
            match storage::row(obj, era, name.clone(), a.clone())
                .or_else(|| pdb::row(obj, name.clone(), a.clone()))
                .or_else(|| argo::row(obj, name.clone(), a.clone()))
                .or_else(|| application::row(obj, name.clone(), wide))
            {
                Some(r) => r,
                None => vec![name, "0".into(), a],
            }
        }
    };
    if cells.is_empty() {
        cells.push(String::new());
    }
    cells
}

/// What a `kubectl get` table shows besides the kind's own columns.
#[derive(Clone, Copy, Debug)]
pub struct TableOptions<'a> {
    /// The profile's columns and cells.
    pub era: &'static Era,
    /// `-o wide`: the kind's extra columns.
    pub wide: bool,
    /// `--show-labels`: a LABELS column last.
    pub show_labels: bool,
    /// `--all-namespaces`: a NAMESPACE column first (namespaced kinds only).
    pub all_namespaces: bool,
    /// Names printed as `prefix/name` (`deployment.apps/web`), as when several types are listed.
    pub name_prefix: Option<&'a str>,
}

/// Builds the table for objects of one kind.
pub fn table(cluster: &Cluster, kind: Kind, objs: &[&Object], options: &TableOptions<'_>) -> Table {
    let TableOptions { era, wide, show_labels, all_namespaces: all_ns, name_prefix: prefix } = *options;
    let mut header: Vec<String> = columns(kind, era, wide).into_iter().map(str::to_string).collect();
    if all_ns && kind.namespaced() {
        header.insert(0, "NAMESPACE".into());
    }
    if show_labels {
        header.push("LABELS".into());
    }
    let rows = objs
        .iter()
        .map(|o| {
            let mut r = row(cluster, o, era, wide);
            if let Some(p) = prefix {
                r[0] = format!("{p}/{}", r[0]);
            }
            if all_ns && kind.namespaced() {
                r.insert(0, o.meta().ns().to_string());
            }
            if show_labels {
                r.push(labels_cell(&o.meta().labels));
            }
            r
        })
        .collect();
    Table { header, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Profile;

    #[test]
    fn each_era_has_its_columns() {
        let (course, current) = (Profile::Course.era(), Profile::Current.era());
        assert_eq!(
            columns(Kind::Deployment, course, false),
            ["NAME", "DESIRED", "CURRENT", "UP-TO-DATE", "AVAILABLE", "AGE"]
        );
        assert_eq!(columns(Kind::Deployment, current, false), ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]);
        assert_eq!(columns(Kind::Pod, course, true).last(), Some(&"NOMINATED NODE"));
        assert_eq!(columns(Kind::Pod, current, true).last(), Some(&"READINESS GATES"));
    }

    #[test]
    fn table_options_add_namespace_labels_and_prefix_around_the_kinds_columns() {
        for profile in Profile::ALL {
            let cluster = Cluster::new(profile.cluster_config(1));
            let pods = cluster.list(Kind::Pod, Some("kube-system"));
            assert!(!pods.is_empty());
            let options = TableOptions {
                era: profile.era(),
                wide: true,
                show_labels: true,
                all_namespaces: true,
                name_prefix: Some("pod"),
            };
            let t = table(&cluster, Kind::Pod, &pods, &options);
            let mut expected = vec!["NAMESPACE".to_string()];
            expected.extend(columns(Kind::Pod, profile.era(), true).into_iter().map(str::to_string));
            expected.push("LABELS".into());
            assert_eq!(t.header, expected, "{profile}");
            for (row, pod) in t.rows.iter().zip(&pods) {
                assert_eq!(row.len(), t.header.len(), "{profile}: {row:?}");
                assert_eq!(row[0], "kube-system");
                assert_eq!(row[1], format!("pod/{}", pod.meta().name));
            }
            // Nodes are not namespaced: no NAMESPACE column even with --all-namespaces.
            let nodes = cluster.list(Kind::Node, None);
            let t =
                table(&cluster, Kind::Node, &nodes, &TableOptions { show_labels: false, name_prefix: None, ..options });
            assert_eq!(t.header[0], "NAME");
            assert!(t.rows.iter().all(|r| r.len() == t.header.len()));
        }
    }
}
