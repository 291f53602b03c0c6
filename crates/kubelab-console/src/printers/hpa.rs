//! An HPA's TARGETS cell, as the server's table printer builds it (`formatHPAMetrics`).

use kubelab_sim::api::*;

fn quantity(v: &serde_json::Value) -> String {
    let text = match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    kubelab_sim::api::quantity::parse(&text).map(|q| q.canonical()).unwrap_or(text)
}

/// `name_resources`: servers from 1.30 prefix a resource metric with its name (`cpu: 35%/50%`).
pub(super) fn targets(h: &HorizontalPodAutoscaler, name_resources: bool) -> String {
    const MAX: usize = 2;
    if h.spec.metrics.is_empty() {
        return "<none>".into();
    }
    let mut list = Vec::new();
    for (i, m) in h.spec.metrics.iter().enumerate() {
        let status = h.status.current_metrics.get(i).and_then(|s| s.resource.as_ref());
        let cell = match (m.type_.as_str(), &m.resource) {
            ("Resource", Some(r)) => {
                let t = if let Some(target) = &r.target.average_value {
                    let current =
                        status.and_then(|s| s.current.average_value.clone()).unwrap_or_else(|| "<unknown>".into());
                    format!("{current}/{}", quantity(target))
                } else {
                    let current = status
                        .and_then(|s| s.current.average_utilization)
                        .map(|u| format!("{u}%"))
                        .unwrap_or_else(|| "<unknown>".into());
                    let target =
                        r.target.average_utilization.map(|t| format!("{t}%")).unwrap_or_else(|| "<auto>".into());
                    format!("{current}/{target}")
                };
                if name_resources {
                    format!("{}: {t}", r.name)
                } else {
                    t
                }
            }
            ("Pods" | "Object" | "External", _) => {
                let target = m.extra.values().find_map(|v| v.pointer("/target/averageValue").map(|q| (q, true)));
                let target =
                    target.or_else(|| m.extra.values().find_map(|v| v.pointer("/target/value").map(|q| (q, false))));
                match target {
                    Some((q, avg)) if avg && m.type_ != "Pods" => format!("<unknown>/{} (avg)", quantity(q)),
                    Some((q, _)) => format!("<unknown>/{}", quantity(q)),
                    None => "<unknown>/<unknown>".into(),
                }
            }
            _ => "<unknown type>".into(),
        };
        list.push(cell);
    }
    let count = list.len();
    if count > MAX {
        list.truncate(MAX);
        return format!("{} + {} more...", list.join(", "), count - MAX);
    }
    list.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hpa(metrics: Vec<MetricSpec>, current: Vec<MetricStatus>) -> HorizontalPodAutoscaler {
        let mut h = HorizontalPodAutoscaler::default();
        h.spec.metrics = metrics;
        h.status.current_metrics = current;
        h
    }

    fn memory(avg: &str) -> MetricSpec {
        MetricSpec {
            type_: "Resource".into(),
            resource: Some(ResourceMetricSource {
                name: "memory".into(),
                target: MetricTarget {
                    type_: "AverageValue".into(),
                    average_value: Some(serde_json::json!(avg)),
                    ..Default::default()
                },
            }),
            extra: Default::default(),
        }
    }

    #[test]
    fn targets_per_era_and_metric() {
        let cpu = MetricSpec::resource_utilization("cpu", 80);
        assert_eq!(targets(&hpa(vec![cpu.clone()], vec![]), false), "<unknown>/80%");
        assert_eq!(targets(&hpa(vec![cpu.clone()], vec![]), true), "cpu: <unknown>/80%");
        let measured = MetricStatus {
            type_: "Resource".into(),
            resource: Some(ResourceMetricStatus {
                name: "cpu".into(),
                current: MetricValueStatus { average_utilization: Some(35), average_value: Some("175m".into()) },
            }),
        };
        assert_eq!(targets(&hpa(vec![cpu.clone()], vec![measured.clone()]), true), "cpu: 35%/80%");
        // A metric the controller could not get has an empty status: `<unknown>`.
        let two = hpa(vec![cpu.clone(), memory("100Mi")], vec![measured, MetricStatus::default()]);
        assert_eq!(targets(&two, true), "cpu: 35%/80%, memory: <unknown>/100Mi");
        assert_eq!(targets(&two, false), "35%/80%, <unknown>/100Mi");
        let three = hpa(vec![cpu.clone(), memory("1Gi"), cpu], vec![]);
        assert_eq!(targets(&three, true), "cpu: <unknown>/80%, memory: <unknown>/1Gi + 1 more...");
        assert_eq!(targets(&hpa(vec![], vec![]), true), "<none>");
    }
}
