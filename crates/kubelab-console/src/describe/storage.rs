//! `kubectl describe` of the storage kinds and of Ingress (`describePersistentVolumeClaim`,
//! `describePersistentVolume`, `describeStorageClass`, `describeIngressV1` and 1.11's
//! extensions `describeIngress`).
//!
//! Simplified: only hostPath volume sources are printed (the only ones the provisioners make);
//! the Ingress TLS section names hosts and secrets without checking the secrets.

use super::*;

/// Whether this module describes objects of `kind`.
pub(super) fn handles(kind: Kind) -> bool {
    matches!(kind, Kind::PersistentVolumeClaim | Kind::PersistentVolume | Kind::StorageClass | Kind::Ingress)
}

pub(super) fn describe(cluster: &Cluster, obj: &Object, era: &Era) -> Option<String> {
    match obj.kind() {
        Kind::PersistentVolumeClaim => PersistentVolumeClaim::from_object(obj).map(|p| claim(cluster, &p, era)),
        Kind::PersistentVolume => PersistentVolume::from_object(obj).map(|p| volume(cluster, &p, era)),
        Kind::StorageClass => StorageClass::from_object(obj).map(|s| class(cluster, &s, era)),
        Kind::Ingress => Ingress::from_object(obj).map(|i| ingress(cluster, &i, era)),
        _ => None,
    }
}

/// Go's `%v` of a string slice: `[a b]`.
fn go_list(items: &[String]) -> String {
    format!("[{}]", items.join(" "))
}

fn finalizers(meta: &ObjectMeta) -> Vec<String> {
    meta.extra
        .get("finalizers")
        .and_then(|f| f.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

fn status_line(out: &mut Out, cluster: &Cluster, meta: &ObjectMeta, phase: &str) {
    match meta.deletion_timestamp {
        Some(t) => out.line(0, &format!("Status:\tTerminating (lasts {})", age(cluster, t))),
        None => out.line(0, &format!("Status:\t{phase}")),
    }
}

fn claim(cluster: &Cluster, pvc: &PersistentVolumeClaim, era: &Era) -> String {
    let mut out = Out::new(cluster);
    let m = &pvc.metadata;
    out.line(0, &format!("Name:\t{}", m.name));
    out.line(0, &format!("Namespace:\t{}", m.ns()));
    out.line(0, &format!("StorageClass:\t{}", pvc.spec.storage_class_name.clone().unwrap_or_default()));
    status_line(&mut out, cluster, m, pvc.phase());
    out.line(0, &format!("Volume:\t{}", pvc.spec.volume_name.clone().unwrap_or_default()));
    map_lines(&mut out, 0, "Labels:", &m.labels, era);
    map_lines(&mut out, 0, "Annotations:", &m.annotations, era);
    out.line(0, &format!("Finalizers:\t{}", go_list(&finalizers(m))));
    let bound = pvc.spec.volume_name.is_some();
    let capacity = if bound { quantity(&pvc.status.capacity, "storage").unwrap_or_default() } else { String::new() };
    let modes = if bound { crate::printers::access_modes(&pvc.status.access_modes) } else { String::new() };
    out.line(0, &format!("Capacity:\t{capacity}"));
    out.line(0, &format!("Access Modes:\t{modes}"));
    if let Some(mode) = &pvc.spec.volume_mode {
        out.line(0, &format!("VolumeMode:\t{mode}"));
    }
    if era.describe_pvc_used_by {
        let users: Vec<String> = cluster
            .list(Kind::Pod, Some(m.ns()))
            .into_iter()
            .filter_map(Object::as_pod)
            .filter(|p| pod_claims(&p.spec).contains(&m.name))
            .map(|p| p.metadata.name.clone())
            .collect();
        match users.split_first() {
            None => out.line(0, "Used By:\t<none>"),
            Some((first, rest)) => {
                out.line(0, &format!("Used By:\t{first}"));
                for u in rest {
                    out.line(0, &format!("\t{u}"));
                }
            }
        }
    }
    events(&mut out, cluster, &m.uid, era);
    out.finish()
}

fn volume(cluster: &Cluster, pv: &PersistentVolume, era: &Era) -> String {
    let mut out = Out::new(cluster);
    let m = &pv.metadata;
    out.line(0, &format!("Name:\t{}", m.name));
    map_lines(&mut out, 0, "Labels:", &m.labels, era);
    map_lines(&mut out, 0, "Annotations:", &m.annotations, era);
    out.line(0, &format!("Finalizers:\t{}", go_list(&finalizers(m))));
    out.line(0, &format!("StorageClass:\t{}", pv.spec.storage_class_name.clone().unwrap_or_default()));
    status_line(&mut out, cluster, m, pv.phase());
    let claim = pv.spec.claim_ref.as_ref().map(|c| format!("{}/{}", c.namespace, c.name)).unwrap_or_default();
    out.line(0, &format!("Claim:\t{claim}"));
    out.line(0, &format!("Reclaim Policy:\t{}", pv.spec.persistent_volume_reclaim_policy.clone().unwrap_or_default()));
    out.line(0, &format!("Access Modes:\t{}", crate::printers::access_modes(&pv.spec.access_modes)));
    if let Some(mode) = &pv.spec.volume_mode {
        out.line(0, &format!("VolumeMode:\t{mode}"));
    }
    out.line(0, &format!("Capacity:\t{}", quantity(&pv.spec.capacity, "storage").unwrap_or_default()));
    let terms = pv
        .spec
        .extra
        .get("nodeAffinity")
        .and_then(|a| a.pointer("/required/nodeSelectorTerms"))
        .and_then(|t| t.as_array());
    match terms {
        None => out.line(0, "Node Affinity:\t<none>"),
        Some(terms) => {
            out.line(0, "Node Affinity:\t");
            if terms.is_empty() {
                out.line(1, "Required Terms:\t<none>");
            } else {
                out.line(1, "Required Terms:\t");
                for (i, term) in terms.iter().enumerate() {
                    let exprs: Vec<String> = term
                        .get("matchExpressions")
                        .and_then(|e| e.as_array())
                        .map(|a| a.iter().map(requirement).collect())
                        .unwrap_or_default();
                    match exprs.split_first() {
                        None => out.line(2, &format!("Term {i}:\t<none>")),
                        Some((first, rest)) => {
                            out.line(2, &format!("Term {i}:\t{first}"));
                            for r in rest {
                                out.line(2, &format!("\t{r}"));
                            }
                        }
                    }
                }
            }
        }
    }
    out.line(0, &format!("Message:\t{}", pv.status.extra.get("message").and_then(|v| v.as_str()).unwrap_or("")));
    out.line(0, "Source:");
    if let Some(hp) = pv.spec.extra.get("hostPath") {
        let path = hp.get("path").and_then(|v| v.as_str()).unwrap_or("");
        let ty = hp.get("type").and_then(|v| v.as_str()).unwrap_or("");
        out.line(2, "Type:\tHostPath (bare host directory volume)");
        out.line(2, &format!("Path:\t{path}"));
        out.line(2, &format!("HostPathType:\t{ty}"));
    }
    events(&mut out, cluster, &m.uid, era);
    out.finish()
}

/// A node selector requirement as kubectl prints it: `key in [a b]`.
fn requirement(r: &serde_json::Value) -> String {
    let key = r.get("key").and_then(|v| v.as_str()).unwrap_or("");
    let op = r.get("operator").and_then(|v| v.as_str()).unwrap_or("").to_lowercase();
    let values: Vec<String> = r
        .get("values")
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    format!("{key} {op} {}", go_list(&values))
}

/// `labels.FormatLabels`: `k=v,k2=v2`, `<none>` when empty.
fn format_labels(map: &std::collections::BTreeMap<String, String>) -> String {
    if map.is_empty() {
        return "<none>".into();
    }
    map.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
}

fn class(cluster: &Cluster, sc: &StorageClass, era: &Era) -> String {
    let mut out = Out::new(cluster);
    let m = &sc.metadata;
    out.line(0, &format!("Name:\t{}", m.name));
    out.line(0, &format!("IsDefaultClass:\t{}", if sc.is_default() { "Yes" } else { "No" }));
    out.line(0, &format!("Annotations:\t{}", format_labels(&m.annotations)));
    out.line(0, &format!("Provisioner:\t{}", sc.provisioner));
    out.line(0, &format!("Parameters:\t{}", format_labels(&sc.parameters)));
    let expansion = match sc.allow_volume_expansion {
        None => "<unset>",
        Some(true) => "True",
        Some(false) => "False",
    };
    out.line(0, &format!("AllowVolumeExpansion:\t{expansion}"));
    out.line(0, "MountOptions:\t<none>");
    if let Some(p) = &sc.reclaim_policy {
        out.line(0, &format!("ReclaimPolicy:\t{p}"));
    }
    if let Some(b) = &sc.volume_binding_mode {
        out.line(0, &format!("VolumeBindingMode:\t{b}"));
    }
    events(&mut out, cluster, &m.uid, era);
    out.finish()
}

/// `web:80 (10.244.1.5:80,10.244.2.3:80)`: the backend and the endpoints of its Service port.
fn backend_line(cluster: &Cluster, ns: &str, b: &IngressBackend, era: &Era) -> String {
    let Some((name, port)) = b.service_ref() else { return String::new() };
    let svc = cluster.get(Kind::Service, ns, &name);
    let eps = cluster.get(Kind::Endpoints, ns, &name);
    let endpoints = match (svc, eps) {
        (Some(Object::Service(s)), Some(Object::Endpoints(e))) => {
            let sp_name = s
                .spec
                .ports
                .iter()
                .rev()
                .find(|p| match &port {
                    IntOrString::Int(n) => p.port == *n,
                    IntOrString::Str(n) => p.name.as_deref() == Some(n.as_str()),
                })
                .and_then(|p| p.name.clone())
                .unwrap_or_default();
            crate::printers::endpoints_cell(e, Some(&sp_name))
        }
        _ if era.describe_ingress_v1 => {
            // `describeBackendV1` reads the Endpoints first, then the Service; an error is all
            // it prints.
            let what = if eps.is_none() { "endpoints" } else { "services" };
            return format!("<error: {what} \"{name}\" not found>");
        }
        _ => "<none>".into(),
    };
    format!("{} ({endpoints})", b.describe())
}

fn ingress(cluster: &Cluster, ing: &Ingress, era: &Era) -> String {
    let mut out = Out::new(cluster);
    let m = &ing.metadata;
    let ns = m.ns();
    out.line(0, &format!("Name:\t{}", m.name));
    if era.describe_ingress_v1 {
        map_lines(&mut out, 0, "Labels:", &m.labels, era);
    }
    out.line(0, &format!("Namespace:\t{ns}"));
    out.line(0, &format!("Address:\t{}", ing.address_cell()));
    if era.describe_ingress_v1 {
        out.line(0, &format!("Ingress Class:\t{}", ing.spec.ingress_class_name.as_deref().unwrap_or("<none>")));
    }
    let default_line = match ing.default_backend() {
        Some(b) => backend_line(cluster, ns, b, era),
        None if era.describe_ingress_v1 => "<default>".into(),
        None => {
            let def = IngressBackend {
                service_name: Some("default-http-backend".into()),
                service_port: Some(IntOrString::Int(80)),
                ..Default::default()
            };
            backend_line(cluster, "kube-system", &def, era)
        }
    };
    out.line(0, &format!("Default backend:\t{default_line}"));
    if !ing.spec.tls.is_empty() {
        out.line(0, "TLS:");
        for t in &ing.spec.tls {
            let secret = t.secret_name.clone().unwrap_or_default();
            let line = if secret.is_empty() {
                format!("SNI routes {}", t.hosts.join(","))
            } else {
                format!("{secret} terminates {}", t.hosts.join(","))
            };
            out.line(1, &line);
        }
    }
    out.line(0, "Rules:");
    out.line(1, "Host\tPath\tBackends");
    out.line(1, "----\t----\t--------");
    let mut count = 0;
    for rule in &ing.spec.rules {
        let Some(http) = &rule.http else { continue };
        count += 1;
        let host = rule.host.clone().filter(|h| !h.is_empty()).unwrap_or_else(|| "*".into());
        out.line(1, &format!("{host}\t"));
        for p in &http.paths {
            let path = p.path.clone().unwrap_or_default();
            out.line(2, &format!("\t{path} \t{}", backend_line(cluster, ns, &p.backend, era)));
        }
    }
    if count == 0 {
        out.line(1, &format!("*\t*\t{default_line}"));
    }
    if era.describe_ingress_v1 {
        map_lines(&mut out, 0, "Annotations:", &m.annotations, era);
    } else {
        out.line(0, "Annotations:");
        for (k, v) in &m.annotations {
            out.line(1, &format!("{k}:\t{v}"));
        }
    }
    events(&mut out, cluster, &m.uid, era);
    out.finish()
}
