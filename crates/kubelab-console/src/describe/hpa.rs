//! `kubectl describe hpa` (`describeHorizontalPodAutoscalerV2`; kubectl 1.11's v2beta1 describer
//! prints the same lines for what that era has: no behavior).

use super::*;

fn quantity(v: &serde_json::Value) -> String {
    let text = match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    kubelab_sim::api::quantity::parse(&text).map(|q| q.canonical()).unwrap_or(text)
}

fn metric_line(out: &mut Out, h: &HorizontalPodAutoscaler, i: usize, m: &MetricSpec) {
    let status = h.status.current_metrics.get(i).and_then(|s| s.resource.as_ref());
    match (m.type_.as_str(), &m.resource) {
        ("Resource", Some(r)) => {
            if let Some(target) = &r.target.average_value {
                let current =
                    status.and_then(|s| s.current.average_value.clone()).unwrap_or_else(|| "<unknown>".into());
                out.line(1, &format!("resource {} on pods:\t{current} / {}", r.name, quantity(target)));
            } else {
                let current = match status.and_then(|s| s.current.average_utilization.map(|u| (u, s))) {
                    Some((u, s)) => format!("{u}% ({})", s.current.average_value.as_deref().unwrap_or("0")),
                    None => "<unknown>".into(),
                };
                let target = r.target.average_utilization.map(|t| format!("{t}%")).unwrap_or_else(|| "<auto>".into());
                // kubectl writes the indentation of a level-1 line twice here.
                out.line(
                    1,
                    &format!("resource {} on pods  (as a percentage of request):\t{current} / {target}", r.name),
                );
            }
        }
        (other, _) => {
            let name = m
                .extra
                .values()
                .find_map(|v| v.pointer("/metric/name").and_then(|n| n.as_str()).map(str::to_string))
                .unwrap_or_default();
            let target = m
                .extra
                .values()
                .find_map(|v| v.pointer("/target/averageValue").or_else(|| v.pointer("/target/value")).map(quantity))
                .unwrap_or_default();
            match other {
                "Pods" => out.line(1, &format!("\"{name}\" on pods:\t<unknown> / {target}")),
                "External" => out.line(1, &format!("\"{name}\" (target value):\t<unknown> / {target}")),
                "Object" => out.line(1, &format!("\"{name}\" on object (target value):\t<unknown> / {target}")),
                _ => out.line(1, &format!("<unknown metric type \"{other}\">")),
            }
        }
    }
}

fn direction(out: &mut Out, name: &str, rules: Option<&HpaScalingRules>) {
    let Some(r) = rules else { return };
    out.line(1, &format!("{name}:"));
    if let Some(w) = r.stabilization_window_seconds {
        out.line(2, &format!("Stabilization Window: {w} seconds"));
    }
    if !r.policies.is_empty() {
        out.line(2, &format!("Select Policy: {}", r.select_policy.as_deref().unwrap_or("Max")));
        out.line(2, "Policies:");
        for p in &r.policies {
            out.line(3, &format!("- Type: {}\tValue: {}\tPeriod: {} seconds", p.type_, p.value, p.period_seconds));
        }
    }
}

pub(super) fn describe(cluster: &Cluster, h: &HorizontalPodAutoscaler, era: &Era) -> String {
    let mut out = Out::new(cluster);
    let obj = Object::HorizontalPodAutoscaler(h.clone());
    // The HPA describer prints its creation time after the annotations.
    header(&mut out, cluster, &obj, era, false);
    out.line(0, &format!("CreationTimestamp:\t{}", timestamp(cluster, h.metadata.creation_timestamp)));
    out.line(0, &format!("Reference:\t{}/{}", h.spec.scale_target_ref.kind, h.spec.scale_target_ref.name));
    out.line(0, "Metrics:\t( current / target )");
    for (i, m) in h.spec.metrics.iter().enumerate() {
        metric_line(&mut out, h, i, m);
    }
    let min = h.spec.min_replicas.map(|m| m.to_string()).unwrap_or_else(|| "<unset>".into());
    out.line(0, &format!("Min replicas:\t{min}"));
    out.line(0, &format!("Max replicas:\t{}", h.spec.max_replicas));
    if let Some(b) = &h.spec.behavior {
        out.line(0, "Behavior:");
        direction(&mut out, "Scale Up", b.scale_up.as_ref());
        direction(&mut out, "Scale Down", b.scale_down.as_ref());
    }
    out.line(
        0,
        &format!(
            "{} pods:\t{} current / {} desired",
            h.spec.scale_target_ref.kind, h.status.current_replicas, h.status.desired_replicas
        ),
    );
    if !h.status.conditions.is_empty() {
        out.line(0, "Conditions:");
        out.line(1, "Type\tStatus\tReason\tMessage");
        out.line(1, "----\t------\t------\t-------");
        for c in &h.status.conditions {
            out.line(1, &format!("{}\t{}\t{}\t{}", c.type_, c.status, c.reason, c.message));
        }
    }
    events(&mut out, cluster, &h.metadata.uid, era);
    out.finish()
}
