//! `kubectl describe`: the pod template and container blocks that Pods, Deployments,
//! ReplicaSets, DaemonSets, StatefulSets and Jobs share (probes, scheduling, volumes, mounts,
//! container states).

use super::*;

pub(super) fn pod_template(out: &mut Out, level: usize, t: &PodTemplateSpec, era: &Era) {
    map_lines(out, level, "Labels:", &t.metadata.labels, era);
    if !t.metadata.annotations.is_empty() {
        map_lines(out, level, "Annotations:", &t.metadata.annotations, era);
    }
    out.line(level, "Containers:");
    containers(out, level, &t.spec.containers, None);
    volumes(out, level, &t.spec);
    if era.describe_template_scheduling {
        scheduling(out, level, &t.spec, era);
    }
}

/// The `Node-Selectors:` and `Tolerations:` lines of a pod or pod template.
pub(super) fn scheduling(out: &mut Out, level: usize, spec: &PodSpec, era: &Era) {
    // printLabelsMultiline: one `key=value` a line.
    if spec.node_selector.is_empty() {
        out.line(level, "Node-Selectors:\t<none>");
    }
    for (i, (k, v)) in spec.node_selector.iter().enumerate() {
        let label = if i == 0 { "Node-Selectors:" } else { "" };
        out.line(level, &format!("{label}\t{k}={v}"));
    }
    let tols: Vec<String> = spec
        .tolerations
        .iter()
        .map(|t| {
            let mut s = t.key.clone().unwrap_or_default();
            if let Some(v) = &t.value {
                s.push_str(&format!("={v}"));
            }
            if let Some(e) = &t.effect {
                s.push_str(&format!(":{e}"));
            }
            // kubectl shows the operator since v1.18; the course era's did not.
            if t.operator.as_deref() == Some("Exists") && era.describe_toleration_operator {
                s.push_str(" op=Exists");
            }
            if let Some(secs) = t.toleration_seconds {
                s.push_str(&format!(" for {secs}s"));
            }
            s
        })
        .collect();
    if tols.is_empty() {
        out.line(level, "Tolerations:\t<none>");
    } else {
        for (i, t) in tols.iter().enumerate() {
            if i == 0 {
                out.line(level, &format!("Tolerations:\t{t}"));
            } else {
                out.line(level, &format!("\t{t}"));
            }
        }
    }
}

pub(super) fn containers(out: &mut Out, level: usize, cs: &[Container], statuses: Option<&[ContainerStatus]>) {
    for c in cs {
        // A pod's containers are listed at two spaces; a template's at three (kubectl's
        // describer adds a space prefix there), with their fields at four either way.
        if level == 0 {
            out.line(1, &format!("{}:", c.name));
        } else {
            out.line(1, &format!(" {}:", c.name));
        }
        let level = 0;
        let st = statuses.and_then(|s| s.iter().find(|x| x.name == c.name));
        if let Some(st) = st {
            out.line(level + 2, &format!("Container ID:\t{}", st.container_id.clone().unwrap_or_default()));
        }
        out.line(level + 2, &format!("Image:\t{}", c.image));
        if let Some(st) = st {
            out.line(level + 2, &format!("Image ID:\t{}", st.image_id));
        }
        if c.ports.is_empty() {
            out.line(level + 2, "Port:\t<none>");
            out.line(level + 2, "Host Port:\t<none>");
        } else {
            let ports: Vec<String> = c
                .ports
                .iter()
                .map(|p| format!("{}/{}", p.container_port, p.protocol.clone().unwrap_or_else(|| "TCP".into())))
                .collect();
            out.line(level + 2, &format!("Port:\t{}", ports.join(", ")));
            let hp: Vec<String> = c
                .ports
                .iter()
                .map(|p| format!("{}/{}", p.host_port.unwrap_or(0), p.protocol.clone().unwrap_or_else(|| "TCP".into())))
                .collect();
            out.line(level + 2, &format!("Host Port:\t{}", hp.join(", ")));
        }
        if !c.command.is_empty() {
            out.line(level + 2, "Command:");
            for a in &c.command {
                out.line(level + 3, a);
            }
        }
        if !c.args.is_empty() {
            out.line(level + 2, "Args:");
            for a in &c.args {
                out.line(level + 3, a);
            }
        }
        if let Some(st) = st {
            state_lines(out, level + 2, "State", &st.state);
            if !st.last_state.is_empty() {
                state_lines(out, level + 2, "Last State", &st.last_state);
            }
            out.line(level + 2, &format!("Ready:\t{}", if st.ready { "True" } else { "False" }));
            out.line(level + 2, &format!("Restart Count:\t{}", st.restart_count));
        }
        for (label, res) in [("Limits:", &c.resources.limits), ("Requests:", &c.resources.requests)] {
            if !res.is_empty() {
                out.line(level + 2, label);
                for (k, v) in res {
                    let v = match v {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    out.line(level + 3, &format!("{k}:\t{v}"));
                }
            }
        }
        if let Some(p) = &c.liveness_probe {
            out.line(level + 2, &format!("Liveness:\t{}", probe_line(p)));
        }
        if let Some(p) = &c.readiness_probe {
            out.line(level + 2, &format!("Readiness:\t{}", probe_line(p)));
        }
        env_from_lines(out, level + 2, c);
        if c.env.is_empty() {
            out.line(level + 2, "Environment:\t<none>");
        } else {
            out.line(level + 2, "Environment:");
            for e in &c.env {
                let from = e.extra.get("valueFrom");
                let key_ref = |kind: &str| from.and_then(|f| f.get(kind));
                if let Some(r) = key_ref("configMapKeyRef") {
                    out.line(
                        level + 3,
                        &format!(
                            "{}:\t<set to the key '{}' of config map '{}'>\tOptional: {}",
                            e.name,
                            text(r.get("key")),
                            text(r.get("name")),
                            r.get("optional").and_then(|o| o.as_bool()).unwrap_or(false)
                        ),
                    );
                } else if let Some(r) = key_ref("secretKeyRef") {
                    out.line(
                        level + 3,
                        &format!(
                            "{}:\t<set to the key '{}' in secret '{}'>\tOptional: {}",
                            e.name,
                            text(r.get("key")),
                            text(r.get("name")),
                            r.get("optional").and_then(|o| o.as_bool()).unwrap_or(false)
                        ),
                    );
                } else {
                    out.line(level + 3, &format!("{}:\t{}", e.name, e.value.clone().unwrap_or_default()));
                }
            }
        }
        mounts(out, level + 2, c);
    }
}

/// A string field of a JSON value, or "" (`text(None)`).
pub(super) fn text(v: Option<&serde_json::Value>) -> String {
    v.and_then(|v| v.as_str()).unwrap_or_default().to_string()
}

/// kubectl's `Environment Variables from:` block, printed only when the container has `envFrom`.
pub(super) fn env_from_lines(out: &mut Out, level: usize, c: &Container) {
    let Some(serde_json::Value::Array(sources)) = c.extra.get("envFrom") else { return };
    if sources.is_empty() {
        return;
    }
    out.line(level, "Environment Variables from:");
    for e in sources {
        let (from, r) = match (e.get("configMapRef"), e.get("secretRef")) {
            (Some(r), _) => ("ConfigMap", Some(r)),
            (None, Some(r)) => ("Secret", Some(r)),
            _ => ("", None),
        };
        let name = text(r.and_then(|r| r.get("name")));
        let optional = r.and_then(|r| r.get("optional")).and_then(|o| o.as_bool()).unwrap_or(false);
        match e.get("prefix").and_then(|p| p.as_str()).filter(|p| !p.is_empty()) {
            Some(p) => out.line(level + 1, &format!("{name}\t{from} with prefix '{p}'\tOptional: {optional}")),
            None => out.line(level + 1, &format!("{name}\t{from}\tOptional: {optional}")),
        }
    }
}

/// A container's `Mounts:`, sorted by path as kubectl sorts them: `PATH from VOLUME (ro|rw)`.
pub(super) fn mounts(out: &mut Out, level: usize, c: &Container) {
    let mut ms: Vec<&serde_json::Value> =
        c.extra.get("volumeMounts").and_then(|m| m.as_array()).map(|a| a.iter().collect()).unwrap_or_default();
    if ms.is_empty() {
        out.line(level, "Mounts:\t<none>");
        return;
    }
    let field = |m: &serde_json::Value, k: &str| m.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
    kubelab_sim::sort::by_key(&mut ms, |m| field(m, "mountPath"));
    out.line(level, "Mounts:");
    for m in ms {
        let mut flags =
            vec![if m.get("readOnly").and_then(|v| v.as_bool()) == Some(true) { "ro" } else { "rw" }.to_string()];
        let sub = field(m, "subPath");
        if !sub.is_empty() {
            flags.push(format!("path=\"{sub}\""));
        }
        out.line(level + 1, &format!("{} from {} ({})", field(m, "mountPath"), field(m, "name"), flags.join(",")));
    }
}

/// A pod's (or template's) `Volumes:` as kubectl describes each kind it knows.
pub(super) fn volumes(out: &mut Out, level: usize, spec: &PodSpec) {
    let vs: Vec<&serde_json::Value> =
        spec.extra.get("volumes").and_then(|v| v.as_array()).map(|a| a.iter().collect()).unwrap_or_default();
    if vs.is_empty() {
        out.line(level, "Volumes:\t<none>");
        return;
    }
    let text = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let flag = |v: Option<&serde_json::Value>| v.and_then(|b| b.as_bool()).unwrap_or(false);
    let optional = |v: Option<&serde_json::Value>| match v.and_then(|b| b.as_bool()) {
        Some(b) => b.to_string(),
        None => "<nil>".to_string(),
    };
    out.line(level, "Volumes:");
    for v in vs {
        out.line(level + 1, &format!("{}:", text(v.get("name"))));
        let l = level + 2;
        if let Some(p) = v.get("projected") {
            out.line(l, "Type:\tProjected (a volume that contains injected data from multiple sources)");
            for src in p.get("sources").and_then(|s| s.as_array()).into_iter().flatten() {
                if let Some(sec) = src.get("secret") {
                    out.line(l, &format!("SecretName:\t{}", text(sec.get("name"))));
                    out.line(l, &format!("SecretOptionalName:\t{}", optional(sec.get("optional"))));
                } else if src.get("downwardAPI").is_some() {
                    out.line(l, "DownwardAPI:\ttrue");
                } else if let Some(cm) = src.get("configMap") {
                    out.line(l, &format!("ConfigMapName:\t{}", text(cm.get("name"))));
                    out.line(l, &format!("ConfigMapOptional:\t{}", optional(cm.get("optional"))));
                } else if let Some(t) = src.get("serviceAccountToken") {
                    out.line(l, &format!("TokenExpirationSeconds:\t{}", text(t.get("expirationSeconds"))));
                }
            }
        } else if let Some(sec) = v.get("secret") {
            out.line(l, "Type:\tSecret (a volume populated by a Secret)");
            out.line(l, &format!("SecretName:\t{}", text(sec.get("secretName"))));
            out.line(l, &format!("Optional:\t{}", flag(sec.get("optional"))));
        } else if let Some(cm) = v.get("configMap") {
            out.line(l, "Type:\tConfigMap (a volume populated by a ConfigMap)");
            out.line(l, &format!("Name:\t{}", text(cm.get("name"))));
            out.line(l, &format!("Optional:\t{}", flag(cm.get("optional"))));
        } else if let Some(e) = v.get("emptyDir") {
            out.line(l, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)");
            out.line(l, &format!("Medium:\t{}", text(e.get("medium"))));
            let limit = text(e.get("sizeLimit"));
            out.line(l, &format!("SizeLimit:\t{}", if limit.is_empty() { "<unset>".to_string() } else { limit }));
        } else if let Some(h) = v.get("hostPath") {
            out.line(l, "Type:\tHostPath (bare host directory volume)");
            out.line(l, &format!("Path:\t{}", text(h.get("path"))));
            out.line(l, &format!("HostPathType:\t{}", text(h.get("type"))));
        } else if let Some(c) = v.get("persistentVolumeClaim") {
            out.line(l, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)");
            out.line(l, &format!("ClaimName:\t{}", text(c.get("claimName"))));
            out.line(l, &format!("ReadOnly:\t{}", flag(c.get("readOnly"))));
        } else {
            out.line(level + 1, "<unknown>");
        }
    }
}

pub(super) fn state_lines(out: &mut Out, level: usize, label: &str, s: &ContainerState) {
    // describeStatus: Running has its start, Terminated its reason, code and both times.
    if let Some(w) = &s.waiting {
        out.line(level, &format!("{label}:\tWaiting"));
        if !w.reason.is_empty() {
            out.line(level + 1, &format!("Reason:\t{}", w.reason));
        }
    } else if let Some(r) = &s.running {
        out.line(level, &format!("{label}:\tRunning"));
        let started = out.time(r.started_at);
        out.line(level + 1, &format!("Started:\t{started}"));
    } else if let Some(t) = &s.terminated {
        out.line(level, &format!("{label}:\tTerminated"));
        if !t.reason.is_empty() {
            out.line(level + 1, &format!("Reason:\t{}", t.reason));
        }
        out.line(level + 1, &format!("Exit Code:\t{}", t.exit_code));
        let (started, finished) = (out.time(t.started_at), out.time(t.finished_at));
        out.line(level + 1, &format!("Started:\t{started}"));
        out.line(level + 1, &format!("Finished:\t{finished}"));
    } else {
        out.line(level, &format!("{label}:\tWaiting"));
    }
}
