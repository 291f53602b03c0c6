//! `kubectl describe node`, with the resource quantities of its allocation table.

use super::*;

/// A quantity as `resource.Quantity.String()` prints a sum: millicores, or bytes in the largest
/// binary unit that divides them.
pub(super) fn cpu_quantity(millis: i64) -> String {
    if millis % 1000 == 0 {
        (millis / 1000).to_string()
    } else {
        format!("{millis}m")
    }
}

pub(super) fn memory_quantity(bytes: i64) -> String {
    for (unit, size) in [("Ti", 1i64 << 40), ("Gi", 1 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)] {
        if bytes != 0 && bytes % size == 0 {
            return format!("{}{unit}", bytes / size);
        }
    }
    bytes.to_string()
}

pub(super) fn limit_of(c: &Container, resource: &str) -> i64 {
    let q = match c.resources.limits.get(resource) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => return 0,
    };
    let parsed = if resource == "cpu" { cpu_millis(&q) } else { memory_bytes(&q) };
    parsed.unwrap_or(0)
}

/// When the node's kubelet last posted its status: every 5 minutes (nodeStatusReportFrequency)
/// while nothing changes.
pub(crate) fn node_heartbeat(cluster: &Cluster, n: &Node) -> SimTime {
    let created = n.metadata.creation_timestamp.as_millis();
    let since = cluster.now().as_millis().saturating_sub(created);
    SimTime(created + since - since % 300_000)
}

/// `kubectl describe node` (describeNode + describeNodeResource).
pub(super) fn node(cluster: &Cluster, n: &Node, era: &Era) -> String {
    let mut out = Out::new(cluster);
    let name = &n.metadata.name;
    out.line(0, &format!("Name:\t{name}"));
    let roles = n.roles();
    out.line(0, &format!("Roles:\t{}", if roles.is_empty() { "<none>".to_string() } else { roles.join(",") }));
    map_lines(&mut out, 0, "Labels:", &n.metadata.labels, era);
    map_lines(&mut out, 0, "Annotations:", &n.metadata.annotations, era);
    out.line(0, &format!("CreationTimestamp:\t{}", timestamp(cluster, n.metadata.creation_timestamp)));
    if n.spec.taints.is_empty() {
        out.line(0, "Taints:\t<none>");
    } else {
        for (i, t) in n.spec.taints.iter().enumerate() {
            let value = t.value.as_deref().map(|v| format!("={v}")).unwrap_or_default();
            let label = if i == 0 { "Taints:" } else { "" };
            out.line(0, &format!("{label}\t{}{value}:{}", t.key, t.effect));
        }
    }
    out.line(0, &format!("Unschedulable:\t{}", n.spec.unschedulable.unwrap_or(false)));
    let now = cluster.now();
    let created = n.metadata.creation_timestamp;
    if era.describe_node_lease {
        // The node's Lease in kube-node-lease, renewed by its kubelet every 10 s.
        let renew = SimTime(now.as_millis() - now.as_millis() % 10_000);
        out.line(0, "Lease:");
        out.line(1, &format!("HolderIdentity:\t{name}"));
        out.line(1, "AcquireTime:\t<unset>");
        out.line(1, &format!("RenewTime:\t{}", out.time(renew)));
    }
    if !n.status.conditions.is_empty() {
        let heartbeat = node_heartbeat(cluster, n);
        out.line(0, "Conditions:");
        out.line(1, "Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage");
        out.line(1, "----\t------\t-----------------\t------------------\t------\t-------");
        for c in &n.status.conditions {
            let transition = out.time(c.last_transition_time.unwrap_or(created));
            let beat = out.time(heartbeat);
            out.line(1, &format!("{} \t{} \t{beat} \t{transition} \t{} \t{}", c.type_, c.status, c.reason, c.message));
        }
    }
    out.line(0, "Addresses:");
    for a in &n.status.addresses {
        out.line(1, &format!("{}:\t{}", a.type_, a.address));
    }
    for (label, list) in [("Capacity:", &n.status.capacity), ("Allocatable:", &n.status.allocatable)] {
        if !list.is_empty() {
            out.line(0, label);
            for (k, v) in list {
                out.line(1, &format!("{k}:\t{v}"));
            }
        }
    }
    let info = &n.status.node_info;
    out.line(0, "System Info:");
    out.line(1, &format!("Machine ID:\t{}", kubelab_sim::hash::hex_stream(&format!("machine/{name}"), 32)));
    out.line(1, &format!("System UUID:\t{}", pseudo_uuid(&format!("system/{name}"))));
    out.line(1, &format!("Boot ID:\t{}", pseudo_uuid(&format!("boot/{name}"))));
    out.line(1, &format!("Kernel Version:\t{}", info.kernel_version));
    out.line(1, &format!("OS Image:\t{}", info.os_image));
    out.line(1, &format!("Operating System:\t{}", info.operating_system));
    out.line(1, &format!("Architecture:\t{}", info.architecture));
    out.line(1, &format!("Container Runtime Version:\t{}", info.container_runtime_version));
    out.line(1, &format!("Kubelet Version:\t{}", info.kubelet_version));
    out.line(1, &format!("Kube-Proxy Version:\t{}", info.kube_proxy_version));
    if let Some(cidr) = &n.spec.pod_cidr {
        out.line(0, &format!("PodCIDR:\t{cidr}"));
        if era.node_pod_cidrs {
            out.line(0, &format!("PodCIDRs:\t{cidr}"));
        }
    }
    // Pods on the node that are not Succeeded or Failed.
    let pods: Vec<&Pod> = cluster
        .pods()
        .filter(|p| {
            p.spec.node_name.as_deref() == Some(name.as_str())
                && p.status.phase != "Succeeded"
                && p.status.phase != "Failed"
        })
        .collect();
    let alloc_cpu = n.allocatable_cpu_millis().max(1);
    let alloc_mem = n.allocatable_memory_bytes().max(1);
    let pct = |v: i64, of: i64| (v as f64 / of as f64 * 100.0) as i64;
    out.line(0, &format!("Non-terminated Pods:\t({} in total)", pods.len()));
    out.line(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge");
    out.line(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---");
    let (mut cpu_req, mut cpu_lim, mut mem_req, mut mem_lim) = (0, 0, 0, 0);
    for p in &pods {
        let cr: i64 = p.spec.containers.iter().map(|c| c.resources.cpu_request_millis()).sum();
        let mr: i64 = p.spec.containers.iter().map(|c| c.resources.memory_request_bytes()).sum();
        let cl: i64 = p.spec.containers.iter().map(|c| limit_of(c, "cpu")).sum();
        let ml: i64 = p.spec.containers.iter().map(|c| limit_of(c, "memory")).sum();
        cpu_req += cr;
        mem_req += mr;
        cpu_lim += cl;
        mem_lim += ml;
        out.line(
            1,
            &format!(
                "{}\t{}\t\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{}",
                p.metadata.ns(),
                p.metadata.name,
                cpu_quantity(cr),
                pct(cr, alloc_cpu),
                cpu_quantity(cl),
                pct(cl, alloc_cpu),
                memory_quantity(mr),
                pct(mr, alloc_mem),
                memory_quantity(ml),
                pct(ml, alloc_mem),
                age(cluster, p.metadata.creation_timestamp)
            ),
        );
    }
    out.line(0, "Allocated resources:");
    out.line(0, "  (Total limits may be over 100 percent, i.e., overcommitted.)");
    out.line(1, "Resource\tRequests\tLimits");
    out.line(1, "--------\t--------\t------");
    out.line(
        1,
        &format!(
            "cpu\t{} ({}%)\t{} ({}%)",
            cpu_quantity(cpu_req),
            pct(cpu_req, alloc_cpu),
            cpu_quantity(cpu_lim),
            pct(cpu_lim, alloc_cpu)
        ),
    );
    out.line(
        1,
        &format!(
            "memory\t{} ({}%)\t{} ({}%)",
            memory_quantity(mem_req),
            pct(mem_req, alloc_mem),
            memory_quantity(mem_lim),
            pct(mem_lim, alloc_mem)
        ),
    );
    out.line(1, "ephemeral-storage\t0 (0%)\t0 (0%)");
    for k in n.status.allocatable.keys().filter(|k| k.starts_with("hugepages-")) {
        out.line(1, &format!("{k}\t0 (0%)\t0 (0%)"));
    }
    events(&mut out, cluster, &n.metadata.uid, era);
    out.finish()
}
