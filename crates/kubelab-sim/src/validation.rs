//! The API server's defaulting and validation, per kind and API version.
//!
//! Defaults follow `SetDefaults_*` of each group/version (see the fidelity notes, §1.1 and the
//! course-era notes): `apps/v1` deployments get 25%/25%, a history limit of 10 and a 600 s
//! progress deadline; `apps/v1beta1` a history limit of 2; `extensions/v1beta1` 1/1 surge and
//! unavailable and no limits, and both beta versions default the selector (and the object's
//! labels) from the template labels. Stored objects keep the defaults of the version they were
//! created with; which version is *shown* is the console's business.
//!
//! Simplifications: only the checks students commonly trip over are implemented (names,
//! required fields, selector vs template labels, replica and surge bounds, ports, HPA bounds).

use crate::api::*;
use crate::cluster::KubeVersion;
use crate::error::ApiError;

mod sets;

const MAX_INT32: i64 = 2_147_483_647;

fn is_beta_workload(api_version: &str) -> bool {
    matches!(api_version, "extensions/v1beta1" | "apps/v1beta1" | "apps/v1beta2")
}

/// Applies defaults in place, according to the object's own `apiVersion`.
pub fn default_object(obj: &mut Object, version: KubeVersion) {
    let api_version = obj.api_version().to_string();
    match obj {
        Object::Deployment(d) => {
            let legacy_selector = matches!(api_version.as_str(), "extensions/v1beta1" | "apps/v1beta1");
            if legacy_selector {
                if d.spec.selector.as_ref().is_none_or(|s| s.is_empty()) && !d.spec.template.metadata.labels.is_empty()
                {
                    d.spec.selector = Some(LabelSelector {
                        match_labels: d.spec.template.metadata.labels.to_inner(),
                        match_expressions: vec![],
                    });
                }
                if d.metadata.labels.is_empty() {
                    d.metadata.labels = d.spec.template.metadata.labels.clone();
                }
            }
            if d.spec.replicas.is_none() {
                d.spec.replicas = Some(1);
            }
            let extensions = api_version == "extensions/v1beta1";
            if d.spec.strategy.type_.is_none() {
                d.spec.strategy.type_ = Some("RollingUpdate".into());
            }
            if d.spec.strategy.type_.as_deref() == Some("RollingUpdate") {
                let ru = d.spec.strategy.rolling_update.get_or_insert_with(Default::default);
                let default = if extensions { IntOrString::Int(1) } else { IntOrString::Str("25%".into()) };
                if ru.max_unavailable.is_none() {
                    ru.max_unavailable = Some(default.clone());
                }
                if ru.max_surge.is_none() {
                    ru.max_surge = Some(default);
                }
            }
            if d.spec.revision_history_limit.is_none() {
                d.spec.revision_history_limit = Some(match api_version.as_str() {
                    "extensions/v1beta1" => MAX_INT32,
                    "apps/v1beta1" => 2,
                    _ => 10,
                });
            }
            if d.spec.progress_deadline_seconds.is_none() {
                d.spec.progress_deadline_seconds = Some(if extensions { MAX_INT32 } else { 600 });
            }
            default_pod_spec(&mut d.spec.template.spec);
        }
        Object::ReplicaSet(rs) => {
            if is_beta_workload(&api_version) {
                if rs.spec.selector.as_ref().is_none_or(|s| s.is_empty()) {
                    rs.spec.selector = Some(LabelSelector {
                        match_labels: rs.spec.template.metadata.labels.to_inner(),
                        match_expressions: vec![],
                    });
                }
                // SetDefaults_ReplicaSet: labels default from the template, selector given or not.
                if rs.metadata.labels.is_empty() {
                    rs.metadata.labels = rs.spec.template.metadata.labels.clone();
                }
            }
            if rs.spec.replicas.is_none() {
                rs.spec.replicas = Some(1);
            }
            default_pod_spec(&mut rs.spec.template.spec);
        }
        Object::ReplicationController(rc) => {
            if rc.spec.replicas.is_none() {
                rc.spec.replicas = Some(1);
            }
            if let Some(t) = &mut rc.spec.template {
                if rc.spec.selector.is_empty() {
                    rc.spec.selector = t.metadata.labels.to_inner();
                }
                if rc.metadata.labels.is_empty() {
                    rc.metadata.labels = t.metadata.labels.clone();
                }
                default_pod_spec(&mut t.spec);
            }
        }
        Object::Opaque(Kind::Secret, o) => crate::secret::default_secret(o),
        Object::Pod(p) => {
            default_pod_spec(&mut p.spec);
            admit_pod(p, version);
            if p.status.phase.is_empty() {
                p.status.phase = "Pending".into();
            }
            if p.status.qos_class.is_none() {
                p.status.qos_class = Some(qos_class(&p.spec).into());
            }
            for (key, _) in [("node.kubernetes.io/not-ready", 0), ("node.kubernetes.io/unreachable", 1)] {
                if !p.spec.tolerations.iter().any(|t| t.key.as_deref() == Some(key)) {
                    p.spec.tolerations.push(Toleration {
                        key: Some(key.into()),
                        operator: Some("Exists".into()),
                        value: None,
                        effect: Some("NoExecute".into()),
                        toleration_seconds: Some(300),
                    });
                }
            }
        }
        Object::Service(s) => {
            if s.spec.type_.is_none() {
                s.spec.type_ = Some("ClusterIP".into());
            }
            if s.spec.session_affinity.is_none() {
                s.spec.session_affinity = Some("None".into());
            }
            let ty = s.spec.type_.clone().unwrap_or_default();
            if ty != "ExternalName" {
                if s.spec.ip_families.is_empty() {
                    s.spec.ip_families = vec!["IPv4".into()];
                }
                if s.spec.ip_family_policy.is_none() {
                    s.spec.ip_family_policy = Some("SingleStack".into());
                }
                if s.spec.internal_traffic_policy.is_none() {
                    s.spec.internal_traffic_policy = Some("Cluster".into());
                }
            }
            if (ty == "NodePort" || ty == "LoadBalancer") && s.spec.external_traffic_policy.is_none() {
                s.spec.external_traffic_policy = Some("Cluster".into());
            }
            for p in &mut s.spec.ports {
                if p.protocol.is_none() {
                    p.protocol = Some("TCP".into());
                }
                if p.target_port.is_none() {
                    p.target_port = Some(IntOrString::Int(p.port));
                }
            }
        }
        Object::HorizontalPodAutoscaler(h) => {
            if h.spec.min_replicas.is_none() {
                h.spec.min_replicas = Some(1);
            }
            if h.spec.metrics.is_empty() {
                h.spec.metrics =
                    vec![MetricSpec::resource_utilization("cpu", crate::api::hpa::DEFAULT_CPU_UTILIZATION)];
            }
            if let Some(b) = &mut h.spec.behavior {
                crate::api::hpa::default_behavior(b);
            }
        }
        Object::DaemonSet(ds) => {
            default_daemon_set(ds, version.minor);
            default_pod_spec(&mut ds.spec.template.spec);
        }
        Object::StatefulSet(s) => {
            default_stateful_set(s, version.minor);
            default_pod_spec(&mut s.spec.template.spec);
        }
        Object::Job(j) => {
            crate::api::job::default_job(j, version.minor);
            default_pod_spec(&mut j.spec.template.spec);
        }
        Object::CronJob(cj) => {
            crate::api::job::default_cronjob(cj);
            default_pod_spec(&mut cj.spec.job_template.spec.template.spec);
        }
        Object::Namespace(n) => {
            if n.status.phase.is_empty() {
                n.status.phase = "Active".into();
            }
            if n.spec.finalizers.is_empty() {
                n.spec.finalizers = vec!["kubernetes".into()];
            }
            n.metadata.labels.entry("kubernetes.io/metadata.name".into()).or_insert_with(|| n.metadata.name.clone());
        }
        _ => {}
    }
}

/// The QoS class Kubernetes derives from requests and limits.
pub fn qos_class(spec: &PodSpec) -> &'static str {
    let mut any = false;
    let mut all_guaranteed = true;
    for c in &spec.containers {
        let r = &c.resources;
        if !r.requests.is_empty() || !r.limits.is_empty() {
            any = true;
        }
        for res in ["cpu", "memory"] {
            let limit = r.limits.get(res);
            let request = r.requests.get(res).or(limit);
            if limit.is_none() || request != limit {
                all_guaranteed = false;
            }
        }
    }
    if !any {
        "BestEffort"
    } else if all_guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

fn default_probe(p: &mut Probe) {
    p.timeout_seconds.get_or_insert(1);
    p.period_seconds.get_or_insert(10);
    p.success_threshold.get_or_insert(1);
    p.failure_threshold.get_or_insert(3);
    if let Some(h) = &mut p.http_get {
        h.path.get_or_insert_with(|| "/".into());
        h.scheme.get_or_insert_with(|| "HTTP".into());
    }
}

/// Where the service account's token is mounted.
pub const SERVICE_ACCOUNT_MOUNT: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

/// What the API server's admission plugins and defaults add to a pod (not to templates):
/// * `serviceAccountName` (and the deprecated `serviceAccount`), `default` unless set;
/// * unless `automountServiceAccountToken: false`, the token volume mounted read-only into every
///   container at [`SERVICE_ACCOUNT_MOUNT`]: on v1.21 and later a projected `kube-api-access-<5>`
///   volume (token, `kube-root-ca.crt`, the namespace); before, the service account's secret
///   `<sa>-token-<5>`. The five characters are derived from the pod's (or secret's) name rather
///   than drawn, so that they shift no other generated name;
/// * `priority: 0`, and on current servers `enableServiceLinks: true` and
///   `preemptionPolicy: PreemptLowerPriority`.
///
/// Mirror pods (static pods, annotated `kubernetes.io/config.mirror`) get none of it. Idempotent:
/// an update goes through it again and changes nothing.
fn admit_pod(p: &mut Pod, version: KubeVersion) {
    if p.metadata.annotations.contains_key("kubernetes.io/config.mirror") {
        return;
    }
    let extra = &mut p.spec.extra;
    let sa = extra
        .get("serviceAccountName")
        .or_else(|| extra.get("serviceAccount"))
        .and_then(|v| v.as_str())
        .filter(|s| !s.is_empty())
        .unwrap_or("default")
        .to_string();
    extra.insert("serviceAccountName".into(), serde_json::Value::String(sa.clone()));
    extra.insert("serviceAccount".into(), serde_json::Value::String(sa.clone()));
    extra.entry("priority".into()).or_insert_with(|| serde_json::json!(0));
    if version.at_least(13) {
        extra.entry("enableServiceLinks".into()).or_insert(serde_json::Value::Bool(true));
    }
    if version.at_least(24) {
        extra.entry("preemptionPolicy".into()).or_insert_with(|| serde_json::json!("PreemptLowerPriority"));
    }
    if extra.get("automountServiceAccountToken").and_then(|v| v.as_bool()) == Some(false) {
        return;
    }
    let mounted = p.spec.containers.iter().any(|c| {
        c.extra.get("volumeMounts").and_then(|m| m.as_array()).is_some_and(|m| {
            m.iter().any(|x| x.get("mountPath").and_then(|v| v.as_str()) == Some(SERVICE_ACCOUNT_MOUNT))
        })
    });
    if mounted || p.spec.token_volume.is_some() || p.spec.containers.is_empty() {
        return;
    }
    let ns = p.metadata.ns().to_string();
    let name = if version.at_least(21) {
        format!("kube-api-access-{}", crate::hash::derived_suffix(&format!("{ns}/{}", p.metadata.name)))
    } else {
        format!("{sa}-token-{}", crate::hash::derived_suffix(&format!("{ns}/{sa}")))
    };
    p.spec.token_volume = Some(TokenVolume { name, secret: !version.at_least(21) });
}

pub fn default_pod_spec(spec: &mut PodSpec) {
    spec.restart_policy.get_or_insert_with(|| "Always".into());
    spec.termination_grace_period_seconds.get_or_insert(30);
    spec.dns_policy.get_or_insert_with(|| "ClusterFirst".into());
    spec.scheduler_name.get_or_insert_with(|| "default-scheduler".into());
    spec.extra.entry("securityContext".into()).or_insert_with(|| serde_json::json!({}));
    for c in &mut spec.containers {
        if c.image_pull_policy.is_none() {
            let (_, tag) = crate::images::split_reference(&c.image);
            c.image_pull_policy = Some(if tag == "latest" { "Always" } else { "IfNotPresent" }.into());
        }
        c.termination_message_path.get_or_insert_with(|| "/dev/termination-log".into());
        c.termination_message_policy.get_or_insert_with(|| "File".into());
        for p in &mut c.ports {
            p.protocol.get_or_insert_with(|| "TCP".into());
        }
        for probe in [&mut c.readiness_probe, &mut c.liveness_probe, &mut c.startup_probe].into_iter().flatten() {
            default_probe(probe);
        }
    }
}

// ----- validation -----

const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

pub fn is_dns1123_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

pub fn is_dns1123_subdomain(s: &str) -> bool {
    !s.is_empty() && s.len() <= 253 && s.split('.').all(is_dns1123_label)
}

fn is_dns1035_label(s: &str) -> bool {
    is_dns1123_label(s) && s.starts_with(|c: char| c.is_ascii_lowercase())
}

pub(crate) fn go_map(m: &std::collections::BTreeMap<String, String>) -> String {
    let inner: Vec<String> = m.iter().map(|(k, v)| format!("{k:?}:{v:?}")).collect();
    format!("map[string]string{{{}}}", inner.join(", "))
}

fn validate_name(obj: &Object, causes: &mut Vec<String>) {
    let name = &obj.meta().name;
    if name.is_empty() {
        causes.push("metadata.name: Required value: name or generateName is required".into());
        return;
    }
    let (ok, msg) = match obj.kind() {
        Kind::Service => (is_dns1035_label(name), DNS1035_MSG),
        Kind::Namespace => (is_dns1123_label(name), DNS1123_LABEL_MSG),
        _ => (is_dns1123_subdomain(name), DNS1123_SUBDOMAIN_MSG),
    };
    if !ok {
        causes.push(format!("metadata.name: Invalid value: \"{name}\": {msg}"));
    }
    for (k, v) in &obj.meta().labels {
        let valid_value = v.len() <= 63 && v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !valid_value {
            causes.push(format!("metadata.labels: Invalid value: \"{v}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
        }
        if k.is_empty() {
            causes.push("metadata.labels: Invalid value: \"\": name part must be non-empty".into());
        }
    }
}

pub(crate) fn validate_pod_spec(spec: &PodSpec, path: &str, causes: &mut Vec<String>) {
    if spec.containers.is_empty() {
        causes.push(format!("{path}.containers: Required value"));
    }
    let mut names = std::collections::BTreeSet::new();
    for (i, c) in spec.containers.iter().enumerate() {
        let cp = format!("{path}.containers[{i}]");
        if c.name.is_empty() {
            causes.push(format!("{cp}.name: Required value"));
        } else if !is_dns1123_label(&c.name) {
            causes.push(format!("{cp}.name: Invalid value: \"{}\": {DNS1123_LABEL_MSG}", c.name));
        } else if !names.insert(c.name.clone()) {
            causes.push(format!("{cp}.name: Duplicate value: \"{}\"", c.name));
        }
        if c.image.trim().is_empty() {
            causes.push(format!("{cp}.image: Required value"));
        }
        for (j, p) in c.ports.iter().enumerate() {
            if !(1..=65535).contains(&p.container_port) {
                causes.push(format!(
                    "{cp}.ports[{j}].containerPort: Invalid value: {}: must be between 1 and 65535, inclusive",
                    p.container_port
                ));
            }
        }
        for (label, probe) in [("readinessProbe", &c.readiness_probe), ("livenessProbe", &c.liveness_probe)] {
            if let Some(p) = probe {
                if p.http_get.is_none() && p.tcp_socket.is_none() && p.exec.is_none() {
                    causes.push(format!("{cp}.{label}: Required value: must specify a handler type"));
                }
                if label == "livenessProbe" && p.success_threshold.unwrap_or(1) != 1 {
                    causes.push(format!(
                        "{cp}.{label}.successThreshold: Invalid value: {}: must be 1",
                        p.success_threshold.unwrap_or(1)
                    ));
                }
            }
        }
    }
    if let Some(rp) = &spec.restart_policy {
        if !matches!(rp.as_str(), "Always" | "OnFailure" | "Never") {
            causes.push(format!("{path}.restartPolicy: Unsupported value: \"{rp}\": supported values: \"Always\", \"OnFailure\", \"Never\""));
        }
    }
}

fn validate_replicas(replicas: Option<i64>, causes: &mut Vec<String>) {
    if let Some(r) = replicas {
        if r < 0 {
            causes.push(format!("spec.replicas: Invalid value: {r}: must be greater than or equal to 0"));
        }
    }
}

fn validate_selector_matches(
    selector: Option<&LabelSelector>,
    template_labels: &std::collections::BTreeMap<String, String>,
    causes: &mut Vec<String>,
) {
    match selector {
        None => causes.push("spec.selector: Required value".into()),
        Some(sel) if sel.is_empty() => {
            causes.push("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment".into())
        }
        Some(sel) => match sel.to_selector() {
            Err(e) => causes.push(format!("spec.selector.matchExpressions: Invalid value: {e}")),
            Ok(s) => {
                if !s.matches(template_labels) {
                    causes.push(format!(
                        "spec.template.metadata.labels: Invalid value: {}: `selector` does not match template `labels`",
                        go_map(template_labels)
                    ));
                }
            }
        },
    }
}

fn validate_rolling(d: &Deployment, causes: &mut Vec<String>) {
    let s = &d.spec.strategy;
    match s.type_.as_deref() {
        Some("Recreate") => {
            if s.rolling_update.is_some() {
                causes.push(
                    "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"
                        .into(),
                );
            }
        }
        Some("RollingUpdate") | None => {
            let Some(ru) = &s.rolling_update else { return };
            let mut zero_surge = false;
            let mut zero_unavail = false;
            for (field, v) in [("maxSurge", &ru.max_surge), ("maxUnavailable", &ru.max_unavailable)] {
                let Some(v) = v else { continue };
                let path = format!("spec.strategy.rollingUpdate.{field}");
                match v {
                    IntOrString::Int(n) => {
                        if *n < 0 {
                            causes.push(format!("{path}: Invalid value: {n}: must be greater than or equal to 0"));
                        }
                        if *n == 0 {
                            if field == "maxSurge" { zero_surge = true } else { zero_unavail = true }
                        }
                    }
                    IntOrString::Str(text) => match text.strip_suffix('%').and_then(|n| n.parse::<i64>().ok()) {
                        None => causes.push(format!("{path}: Invalid value: \"{text}\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")),
                        Some(p) => {
                            if field == "maxUnavailable" && p > 100 {
                                causes.push(format!("{path}: Invalid value: \"{text}\": must not be greater than 100%"));
                            }
                            if p == 0 {
                                if field == "maxSurge" { zero_surge = true } else { zero_unavail = true }
                            }
                        }
                    },
                }
            }
            if zero_surge && zero_unavail {
                let v = ru.max_unavailable.as_ref().map(|v| match v {
                    IntOrString::Int(n) => n.to_string(),
                    IntOrString::Str(s) => format!("\"{s}\""),
                });
                causes.push(format!(
                    "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: {}: may not be 0 when `maxSurge` is 0",
                    v.unwrap_or_default()
                ));
            }
        }
        Some(other) => causes.push(format!(
            "spec.strategy.type: Unsupported value: \"{other}\": supported values: \"Recreate\", \"RollingUpdate\""
        )),
    }
}

/// Validates a new object; `Err(Invalid)` lists every problem found, like the API server.
pub fn validate(obj: &Object) -> Result<(), ApiError> {
    let mut causes = Vec::new();
    validate_name(obj, &mut causes);
    match obj {
        Object::Deployment(d) => {
            validate_replicas(d.spec.replicas, &mut causes);
            validate_selector_matches(d.spec.selector.as_ref(), &d.spec.template.metadata.labels, &mut causes);
            validate_pod_spec(&d.spec.template.spec, "spec.template.spec", &mut causes);
            validate_rolling(d, &mut causes);
            if let Some(p) = d.spec.template.spec.restart_policy.as_deref() {
                if p != "Always" {
                    causes.push(format!(
                        "spec.template.spec.restartPolicy: Unsupported value: \"{p}\": supported values: \"Always\""
                    ));
                }
            }
        }
        Object::ReplicaSet(rs) => {
            validate_replicas(rs.spec.replicas, &mut causes);
            validate_selector_matches(rs.spec.selector.as_ref(), &rs.spec.template.metadata.labels, &mut causes);
            validate_pod_spec(&rs.spec.template.spec, "spec.template.spec", &mut causes);
        }
        Object::ReplicationController(rc) => {
            validate_replicas(rc.spec.replicas, &mut causes);
            match &rc.spec.template {
                None => causes.push("spec.template: Required value".into()),
                Some(t) => {
                    if rc.spec.selector.is_empty() {
                        causes.push("spec.selector: Required value".into());
                    } else if !Selector::from_map(&rc.spec.selector).matches(&t.metadata.labels) {
                        causes.push(format!(
                            "spec.template.metadata.labels: Invalid value: {}: `selector` does not match template `labels`",
                            go_map(&t.metadata.labels)
                        ));
                    }
                    validate_pod_spec(&t.spec, "spec.template.spec", &mut causes);
                }
            }
        }
        Object::Pod(p) => validate_pod_spec(&p.spec, "spec", &mut causes),
        Object::DaemonSet(ds) => sets::validate_daemon_set(ds, &mut causes),
        Object::StatefulSet(s) => sets::validate_stateful_set(s, &mut causes),
        Object::Service(s) => {
            let ty = s.spec.type_.as_deref().unwrap_or("ClusterIP");
            if !matches!(ty, "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName") {
                causes.push(format!("spec.type: Unsupported value: \"{ty}\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""));
            }
            if ty != "ExternalName" && s.spec.ports.is_empty() && s.spec.cluster_ip.as_deref() != Some("None") {
                causes.push("spec.ports: Required value".into());
            }
            for (i, p) in s.spec.ports.iter().enumerate() {
                if !(1..=65535).contains(&p.port) {
                    causes.push(format!(
                        "spec.ports[{i}].port: Invalid value: {}: must be between 1 and 65535, inclusive",
                        p.port
                    ));
                }
                if let Some(np) = p.node_port {
                    if ty == "ClusterIP" {
                        causes.push(format!(
                            "spec.ports[{i}].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"
                        ));
                    } else if !(30000..=32767).contains(&np) {
                        causes.push(format!("spec.ports[{i}].nodePort: Invalid value: {np}: provided port is not in the valid range. The range of valid ports is 30000-32767"));
                    }
                }
                if s.spec.ports.len() > 1 && p.name.as_deref().unwrap_or("").is_empty() {
                    causes.push(format!("spec.ports[{i}].name: Required value"));
                }
            }
        }
        Object::HorizontalPodAutoscaler(h) => {
            // `validateHorizontalPodAutoscalerSpec`'s order and wording.
            if let Some(min) = h.spec.min_replicas.filter(|m| *m < 1) {
                causes.push(format!("spec.minReplicas: Invalid value: {min}: must be greater than or equal to 1"));
            }
            if h.spec.max_replicas < 1 {
                causes
                    .push(format!("spec.maxReplicas: Invalid value: {}: must be greater than 0", h.spec.max_replicas));
            }
            if h.spec.min_replicas.is_some_and(|min| h.spec.max_replicas < min) {
                causes.push(format!(
                    "spec.maxReplicas: Invalid value: {}: must be greater than or equal to `minReplicas`",
                    h.spec.max_replicas
                ));
            }
            if h.spec.scale_target_ref.kind.is_empty() {
                causes.push("spec.scaleTargetRef.kind: Required value".into());
            }
            if h.spec.scale_target_ref.name.is_empty() {
                causes.push("spec.scaleTargetRef.name: Required value".into());
            }
            crate::api::hpa::validate(&h.spec.metrics, h.spec.behavior.as_ref(), &mut causes);
        }
        Object::Opaque(Kind::Secret, o) => {
            if let Some(message) = crate::secret::data_decode_error(o) {
                return Err(ApiError::BadRequest { message });
            }
            crate::secret::validate_secret(o, &mut causes);
        }
        Object::Job(j) => {
            // The selector is generated after validation (see `api::job::generate_selector`).
            let generated = j.spec.manual_selector != Some(true);
            crate::api::job::validate_job_spec(&j.spec, "spec", generated, &mut causes);
            validate_pod_spec(&j.spec.template.spec, "spec.template.spec", &mut causes);
        }
        Object::CronJob(cj) => {
            crate::api::job::validate_cronjob(cj, &mut causes);
            let spec = &cj.spec.job_template.spec;
            let generated = spec.manual_selector != Some(true);
            crate::api::job::validate_job_spec(spec, "spec.jobTemplate.spec", generated, &mut causes);
            validate_pod_spec(&spec.template.spec, "spec.jobTemplate.spec.template.spec", &mut causes);
        }
        Object::Opaque(Kind::PersistentVolumeClaim, _) => {
            if let Some(pvc) = PersistentVolumeClaim::from_object(obj) {
                validate_claim(&pvc, &mut causes);
            }
        }
        Object::Opaque(Kind::PodDisruptionBudget, _) => {
            if let Some(pdb) = PodDisruptionBudget::from_object(obj) {
                crate::api::pdb::validate(&pdb, &mut causes);
            }
        }
        Object::Opaque(Kind::Ingress, _) => {
            if let Some(ing) = Ingress::from_object(obj) {
                validate_ingress(&ing, &mut causes);
            }
        }
        Object::Opaque(Kind::ConfigMap, o) => {
            let keys = |field: &str| -> Vec<String> {
                o.rest.get(field).and_then(|d| d.as_object()).map(|m| m.keys().cloned().collect()).unwrap_or_default()
            };
            let data = keys("data");
            for (field, ks) in [("data", &data), ("binaryData", &keys("binaryData"))] {
                for k in ks {
                    for msg in config_key_errors(k) {
                        causes.push(format!("{field}[{k}]: Invalid value: \"{k}\": {msg}"));
                    }
                    if field == "binaryData" && data.contains(k) {
                        causes.push(format!("{field}[{k}]: Invalid value: \"{k}\": duplicate of key present in data"));
                    }
                }
            }
        }
        _ => {}
    }
    if causes.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Invalid { kind: obj.kind(), name: obj.meta().name.clone(), causes })
    }
}

/// Why `key` is no valid ConfigMap (or Secret) key: apimachinery's `IsConfigMapKey`, one
/// message per failed rule; empty when the key is valid.
pub fn config_key_errors(key: &str) -> Vec<String> {
    let mut errs: Vec<String> = Vec::new();
    if key.len() > 253 {
        errs.push("must be no more than 253 characters".into());
    }
    if key.is_empty() || !key.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.')) {
        errs.push(
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or \
             'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
                .into(),
        );
    }
    if key == "." {
        errs.push("must not be '.'".into());
    } else if key == ".." {
        errs.push("must not be '..'".into());
    } else if key.starts_with("..") {
        errs.push("must not start with '..'".into());
    }
    errs
}

/// Validation of an update: everything `validate` checks, plus immutable fields.
pub fn validate_update(old: &Object, new: &Object) -> Result<(), ApiError> {
    validate(new)?;
    let mut causes = Vec::new();
    sets::validate_update(old, new, &mut causes);
    match (old, new) {
        (Object::Deployment(o), Object::Deployment(n)) if o.spec.selector != n.spec.selector => {
            let sel = n.spec.selector.as_ref().map(|s| go_map(&s.match_labels)).unwrap_or_default();
            causes.push(format!("spec.selector: Invalid value: v1.LabelSelector{{MatchLabels:{sel}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}: field is immutable"));
        }
        (Object::ReplicaSet(o), Object::ReplicaSet(n)) if o.spec.selector != n.spec.selector => {
            causes.push("spec.selector: Invalid value: field is immutable".into());
        }
        (Object::Opaque(k, o), Object::Opaque(_, n)) if matches!(k, Kind::Secret | Kind::ConfigMap) => {
            crate::secret::validate_update(*k, o, n, &mut causes);
        }
        (Object::Pod(o), Object::Pod(n)) => {
            let mut o_spec = o.spec.clone();
            let mut n_spec = n.spec.clone();
            for (oc, nc) in o_spec.containers.iter_mut().zip(n_spec.containers.iter_mut()) {
                oc.image.clear();
                nc.image.clear();
            }
            o_spec.tolerations.clear();
            n_spec.tolerations.clear();
            if o_spec != n_spec {
                causes.push("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)".into());
            }
        }
        _ => {}
    }
    if causes.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Invalid { kind: new.kind(), name: new.meta().name.clone(), causes })
    }
}
