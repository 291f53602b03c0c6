//! The status ConfigMap `kube-system/cluster-autoscaler-status` and the events the autoscaler
//! records on it (its `LogRecorder`).
//!
//! On servers from 1.30 the `status` key holds the YAML form CA ≥ 1.30 writes
//! (`clusterstate/api` `ClusterAutoscalerStatus`: `time`, `autoscalerStatus: Running`,
//! `clusterWide` and per `nodeGroups` `health` with node counts, `scaleUp`, `scaleDown`, each
//! with `lastProbeTime` / `lastTransitionTime`); before, the human-readable text of the CA of
//! that era (`Cluster-autoscaler status at ...:`, `Cluster-wide:`, `NodeGroups:`). The
//! ConfigMap carries the `cluster-autoscaler.kubernetes.io/last-updated` annotation.
//!
//! Simplified: `health` is always `Healthy` (the lab has no unready-node guard), there are no
//! `longUnregistered` machines (they all come up) and no back-off.

use super::*;

/// Go's `time.Time.String()` of whole seconds: `2026-03-04 11:17:10 +0000 UTC`.
pub(crate) fn go_time(unix: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(unix);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} +0000 UTC")
}

/// RFC 3339 in UTC: `2026-03-04T11:17:10Z`.
pub(crate) fn rfc3339(unix: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(unix);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// Unix seconds to a proleptic Gregorian date and time of day (UTC).
fn civil(unix: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // Days since 0000-03-01, in 400-year eras of 146,097 days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d, (secs / 3600) as u32, (secs / 60 % 60) as u32, (secs % 60) as u32)
}

/// Records an event on the status ConfigMap.
pub(crate) fn event(api: &mut Api<'_, AutoscalerState>, reason: &'static str, message: String) {
    if let Some(cm) = api.get(Kind::ConfigMap, "kube-system", STATUS_CONFIGMAP).cloned() {
        api.record_event(&cm, "Normal", reason, message, COMPONENT);
    }
}

struct Counts {
    total: u32,
    ready: u32,
    not_started: u32,
    unregistered: u32,
}

/// A condition's value, with the instant it last changed (kept in the state).
fn condition(api: &mut Api<'_, AutoscalerState>, key: &str, value: &str) -> SimTime {
    let now = api.now();
    match api.own.conditions.get(key) {
        Some((v, since)) if v == value => *since,
        _ => {
            api.own.conditions.insert(key.to_string(), (value.to_string(), now));
            now
        }
    }
}

/// Rewrites the status ConfigMap.
pub(crate) fn write(api: &mut Api<'_, AutoscalerState>) {
    let Some(Object::Opaque(_, mut cm)) = api.get(Kind::ConfigMap, "kube-system", STATUS_CONFIGMAP).cloned() else {
        return;
    };
    let now = api.now();
    let unix = api.unix_secs(now);
    let groups = groups(api);
    let nodes: Vec<Node> = api
        .list(Kind::Node, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::Node(n) => Some(n.clone()),
            _ => None,
        })
        .collect();
    let count = |api: &Api<'_, AutoscalerState>, group: Option<&str>| {
        let mine =
            |n: &&Node| group.is_none_or(|g| n.metadata.labels.get(NODE_POOL_LABEL).map(String::as_str) == Some(g));
        let registered: Vec<&Node> = nodes.iter().filter(mine).collect();
        let starting = |n: &Node| api.own.machines.iter().any(|m| m.node == n.metadata.name);
        Counts {
            total: registered.len() as u32,
            ready: registered.iter().filter(|n| n.is_ready()).count() as u32,
            not_started: registered.iter().filter(|n| !n.is_ready() && starting(n)).count() as u32,
            unregistered: api
                .own
                .machines
                .iter()
                .filter(|m| !m.registered && group.is_none_or(|g| m.group == g))
                .count() as u32,
        }
    };
    let in_progress = |api: &Api<'_, AutoscalerState>, group: Option<&str>| {
        api.own.machines.iter().any(|m| group.is_none_or(|g| m.group == g))
    };
    let candidates = |api: &Api<'_, AutoscalerState>, group: Option<&str>| {
        api.own
            .unneeded
            .keys()
            .filter(|n| {
                group.is_none_or(|g| {
                    nodes.iter().any(|x| {
                        &x.metadata.name == *n && x.metadata.labels.get(NODE_POOL_LABEL).map(String::as_str) == Some(g)
                    })
                })
            })
            .count() as u32
    };
    let yaml_form = api.version().at_least(30);
    let mut out = String::new();
    let mut sections: Vec<(Option<NodeGroup>, Counts, bool, u32)> = Vec::new();
    let all = count(api, None);
    let all_up = in_progress(api, None);
    let all_cand = candidates(api, None);
    sections.push((None, all, all_up, all_cand));
    for g in &groups {
        let c = count(api, Some(&g.name));
        let up = in_progress(api, Some(&g.name));
        let cand = candidates(api, Some(&g.name));
        sections.push((Some(g.clone()), c, up, cand));
    }
    let probe = rfc3339(unix);
    if yaml_form {
        out.push_str(&format!("time: {}\nautoscalerStatus: Running\n", go_time(unix)));
    } else {
        out.push_str(&format!("Cluster-autoscaler status at {}:\n", go_time(unix)));
    }
    for (i, (g, c, up, cand)) in sections.iter().enumerate() {
        let key = g.as_ref().map(|g| g.name.clone()).unwrap_or_else(|| "clusterWide".into());
        let health_since = condition(api, &format!("{key}/health"), "Healthy");
        let up_status = if *up { "InProgress" } else { "NoActivity" };
        let up_since = condition(api, &format!("{key}/scaleUp"), up_status);
        let down_status = if *cand > 0 { "CandidatesPresent" } else { "NoCandidates" };
        let down_since = condition(api, &format!("{key}/scaleDown"), down_status);
        let target = g.as_ref().map(|g| size(api, g)).unwrap_or(0);
        if yaml_form {
            let ind = "  ";
            match g {
                None => out.push_str("clusterWide:\n"),
                Some(g) => {
                    if i == 1 {
                        out.push_str("nodeGroups:\n");
                    }
                    out.push_str(&format!("- name: {}\n", g.name));
                }
            }
            out.push_str(&format!("{ind}health:\n{ind}  status: Healthy\n{ind}  nodeCounts:\n{ind}    registered:\n"));
            out.push_str(&format!(
                "{ind}      total: {}\n{ind}      ready: {}\n{ind}      notStarted: {}\n",
                c.total, c.ready, c.not_started
            ));
            out.push_str(&format!("{ind}    longUnregistered: 0\n{ind}    unregistered: {}\n", c.unregistered));
            if let Some(g) = g {
                out.push_str(&format!(
                    "{ind}  cloudProviderTarget: {target}\n{ind}  minSize: {}\n{ind}  maxSize: {}\n",
                    g.min, g.max
                ));
            }
            let times = |since: SimTime, api: &Api<'_, AutoscalerState>| {
                format!(
                    "{ind}  lastProbeTime: \"{probe}\"\n{ind}  lastTransitionTime: \"{}\"\n",
                    rfc3339(api.unix_secs(since))
                )
            };
            out.push_str(&times(health_since, api));
            out.push_str(&format!("{ind}scaleUp:\n{ind}  status: {up_status}\n"));
            out.push_str(&times(up_since, api));
            out.push_str(&format!("{ind}scaleDown:\n{ind}  status: {down_status}\n"));
            if *cand > 0 {
                out.push_str(&format!("{ind}  candidates: {cand}\n"));
            }
            out.push_str(&times(down_since, api));
        } else {
            let stamp = |since: SimTime, api: &Api<'_, AutoscalerState>| {
                format!(
                    "               LastProbeTime:      {}\n               LastTransitionTime: {}\n",
                    go_time(unix),
                    go_time(api.unix_secs(since))
                )
            };
            match g {
                None => out.push_str("Cluster-wide:\n"),
                Some(g) => {
                    if i == 1 {
                        out.push_str("\nNodeGroups:\n");
                    }
                    out.push_str(&format!("  Name:        {}\n", g.name));
                }
            }
            let extra = g
                .as_ref()
                .map(|g| format!(" cloudProviderTarget={target} (minSize={}, maxSize={})", g.min, g.max))
                .unwrap_or_default();
            out.push_str(&format!(
                "  Health:      Healthy (ready={} unready={} notStarted={} longNotStarted=0 registered={} longUnregistered=0{extra})\n",
                c.ready,
                c.total - c.ready - c.not_started,
                c.not_started,
                c.total
            ));
            out.push_str(&stamp(health_since, api));
            let up_detail = match g {
                Some(_) => format!("ready={} cloudProviderTarget={target}", c.ready),
                None => format!("ready={} registered={}", c.ready, c.total),
            };
            out.push_str(&format!("  ScaleUp:     {up_status} ({up_detail})\n"));
            out.push_str(&stamp(up_since, api));
            out.push_str(&format!("  ScaleDown:   {down_status} (candidates={cand})\n"));
            out.push_str(&stamp(down_since, api));
        }
    }
    if !yaml_form {
        out.push('\n');
    }
    cm.rest.insert("data".into(), serde_json::json!({ "status": out }));
    cm.metadata.annotations.insert("cluster-autoscaler.kubernetes.io/last-updated".into(), go_time(unix));
    api.put(Object::Opaque(Kind::ConfigMap, cm));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_go_prints_them() {
        assert_eq!(go_time(0), "1970-01-01 00:00:00 +0000 UTC");
        // 2026-03-02T08:00:00Z, the current profile's epoch.
        assert_eq!(rfc3339(1_772_438_400), "2026-03-02T08:00:00Z");
        assert_eq!(go_time(1_531_731_600 + 61), "2018-07-16 09:01:01 +0000 UTC");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }
}
