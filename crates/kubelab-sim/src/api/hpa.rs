//! The HorizontalPodAutoscaler's metrics and behavior, in the `autoscaling/v2` shape the store
//! keeps (as the API server stores v2 and converts every other version on the way in and out),
//! and the conversions to and from the versions the profiles serve:
//!
//! - `autoscaling/v1`: only `targetCPUUtilizationPercentage` / `currentCPUUtilizationPercentage`;
//!   everything else travels in annotations, as the API server's conversion puts it there:
//!   `autoscaling.alpha.kubernetes.io/metrics` (other metrics), `.../current-metrics` (every
//!   current metric, in the v2beta1 wording), `.../conditions` and `.../behavior`.
//! - `autoscaling/v2beta1` (the course era's server, 1.11): `targetAverageUtilization` /
//!   `targetAverageValue` on the metric itself, `currentAverageUtilization` /
//!   `currentAverageValue` in the status. 1.11 served no `v2beta2` (added in 1.12).
//! - `autoscaling/v2` (and `v2beta2`, the same shape): as stored.
//!
//! Simplified: only `Resource` metrics (cpu, memory) are modelled; `Pods`, `Object`, `External`
//! and `ContainerResource` metrics are kept and printed but the controller reports them as
//! metrics it cannot get. The alpha per-rule `tolerance` (1.33, feature gate off) is not kept.

use super::meta::{Condition, Extra};
use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

pub const ANN_METRICS: &str = "autoscaling.alpha.kubernetes.io/metrics";
pub const ANN_CURRENT_METRICS: &str = "autoscaling.alpha.kubernetes.io/current-metrics";
pub const ANN_CONDITIONS: &str = "autoscaling.alpha.kubernetes.io/conditions";
pub const ANN_BEHAVIOR: &str = "autoscaling.alpha.kubernetes.io/behavior";

/// `DefaultCPUUtilization`: the metric an HPA gets when none is given.
pub const DEFAULT_CPU_UTILIZATION: i64 = 80;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetricSpec {
    #[serde(rename = "type")]
    pub type_: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceMetricSource>,
    /// `pods`, `object`, `external`, `containerResource`: kept, not acted on.
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ResourceMetricSource {
    pub name: String,
    pub target: MetricTarget,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetricTarget {
    #[serde(rename = "type")]
    pub type_: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_utilization: Option<i64>,
    /// A quantity (`500m`, `100Mi`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_value: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetricStatus {
    /// Empty for a metric the controller could not get (the API then shows `type: ""`).
    #[serde(rename = "type")]
    pub type_: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceMetricStatus>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ResourceMetricStatus {
    pub name: String,
    pub current: MetricValueStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetricValueStatus {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_utilization: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_value: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HpaBehavior {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_up: Option<HpaScalingRules>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_down: Option<HpaScalingRules>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HpaScalingRules {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stabilization_window_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub select_policy: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<HpaScalingPolicy>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HpaScalingPolicy {
    #[serde(rename = "type")]
    pub type_: String,
    pub value: i64,
    pub period_seconds: i64,
}

impl HpaScalingPolicy {
    pub fn new(type_: &str, value: i64, period_seconds: i64) -> Self {
        HpaScalingPolicy { type_: type_.into(), value, period_seconds }
    }
}

impl MetricSpec {
    /// A `Resource` metric with a `Utilization` target (`kubectl autoscale --cpu-percent`).
    pub fn resource_utilization(name: &str, percent: i64) -> Self {
        MetricSpec {
            type_: "Resource".into(),
            resource: Some(ResourceMetricSource {
                name: name.into(),
                target: MetricTarget {
                    type_: "Utilization".into(),
                    average_utilization: Some(percent),
                    ..Default::default()
                },
            }),
            extra: Extra::new(),
        }
    }
}

/// v2 defaults (`SetDefaults_HorizontalPodAutoscalerBehavior`): a behavior that is set gets
/// every unset part from the defaults; scaleDown's window stays unset (the controller uses its
/// `--horizontal-pod-autoscaler-downscale-stabilization`, 300 s).
pub fn default_behavior(b: &mut HpaBehavior) {
    let up = b.scale_up.get_or_insert_with(Default::default);
    up.stabilization_window_seconds.get_or_insert(0);
    up.select_policy.get_or_insert_with(|| "Max".into());
    if up.policies.is_empty() {
        up.policies = vec![HpaScalingPolicy::new("Pods", 4, 15), HpaScalingPolicy::new("Percent", 100, 15)];
    }
    let down = b.scale_down.get_or_insert_with(Default::default);
    down.select_policy.get_or_insert_with(|| "Max".into());
    if down.policies.is_empty() {
        down.policies = vec![HpaScalingPolicy::new("Percent", 100, 15)];
    }
}

/// The API server's validation of metrics and behavior (`validateMetrics`, `validateBehavior`),
/// for the shapes a student writes.
pub fn validate(metrics: &[MetricSpec], behavior: Option<&HpaBehavior>, causes: &mut Vec<String>) {
    const SOURCES: &str = "\"ContainerResource\", \"External\", \"Object\", \"Pods\", \"Resource\"";
    for (i, m) in metrics.iter().enumerate() {
        let p = format!("spec.metrics[{i}]");
        if m.type_.is_empty() {
            causes.push(format!("{p}.type: Required value: must specify a metric source type"));
        }
        let known = ["ContainerResource", "External", "Object", "Pods", "Resource"].contains(&m.type_.as_str());
        if !known {
            causes.push(format!("{p}.type: Unsupported value: \"{}\": supported values: {SOURCES}", m.type_));
        }
        if let Some(r) = &m.resource {
            let rp = format!("{p}.resource");
            if r.name.is_empty() {
                causes.push(format!("{rp}.name: Required value: must specify a resource name"));
            }
            validate_target(&r.target, &format!("{rp}.target"), causes);
            if r.target.average_utilization.is_none() && r.target.average_value.is_none() {
                causes.push(format!(
                    "{rp}.target.averageUtilization: Required value: must set either a target raw value or a target utilization"
                ));
            }
            if r.target.average_utilization.is_some() && r.target.average_value.is_some() {
                causes.push(format!(
                    "{rp}.target.averageValue: Forbidden: may not set both a target raw value and a target utilization"
                ));
            }
        } else if m.type_ == "Resource" {
            causes.push(format!("{p}.resource: Required value: must populate information for the given metric source"));
        }
    }
    if let Some(b) = behavior {
        for (dir, rules) in [("scaleUp", &b.scale_up), ("scaleDown", &b.scale_down)] {
            let Some(r) = rules else { continue };
            let p = format!("spec.behavior.{dir}");
            if let Some(w) = r.stabilization_window_seconds {
                if w < 0 {
                    causes.push(format!(
                        "{p}.stabilizationWindowSeconds: Invalid value: {w}: must be greater than or equal to zero"
                    ));
                } else if w > 3600 {
                    causes.push(format!(
                        "{p}.stabilizationWindowSeconds: Invalid value: {w}: must be less than or equal to 3600"
                    ));
                }
            }
            if let Some(s) = &r.select_policy {
                if !["Max", "Min", "Disabled"].contains(&s.as_str()) {
                    causes.push(format!(
                        "{p}.selectPolicy: Unsupported value: \"{s}\": supported values: \"Disabled\", \"Max\", \"Min\""
                    ));
                }
            }
            if r.policies.is_empty() {
                causes.push(format!("{p}.policies: Required value: must specify at least one Policy"));
            }
            for (j, pol) in r.policies.iter().enumerate() {
                let pp = format!("{p}.policies[{j}]");
                if pol.type_ != "Pods" && pol.type_ != "Percent" {
                    causes.push(format!(
                        "{pp}.type: Unsupported value: \"{}\": supported values: \"Percent\", \"Pods\"",
                        pol.type_
                    ));
                }
                if pol.value <= 0 {
                    causes.push(format!("{pp}.value: Invalid value: {}: must be greater than zero", pol.value));
                }
                if pol.period_seconds <= 0 {
                    causes.push(format!(
                        "{pp}.periodSeconds: Invalid value: {}: must be greater than zero",
                        pol.period_seconds
                    ));
                } else if pol.period_seconds > 1800 {
                    causes.push(format!(
                        "{pp}.periodSeconds: Invalid value: {}: must be less than or equal to 1800",
                        pol.period_seconds
                    ));
                }
            }
        }
    }
}

fn validate_target(t: &MetricTarget, p: &str, causes: &mut Vec<String>) {
    if t.type_.is_empty() {
        causes.push(format!("{p}.type: Required value: must specify a metric target type"));
    }
    if !["Utilization", "Value", "AverageValue"].contains(&t.type_.as_str()) {
        causes.push(format!(
            "{p}.type: Invalid value: \"{}\": must be either Utilization, Value, or AverageValue",
            t.type_
        ));
    }
    if let Some(u) = t.average_utilization {
        if u < 1 {
            causes.push(format!("{p}.averageUtilization: Invalid value: {u}: must be greater than 0"));
        }
    }
}

// --- Conversions ------------------------------------------------------------------------------

fn obj(v: &mut Value, key: &str) -> Option<Map<String, Value>> {
    match v.get_mut(key) {
        Some(Value::Object(m)) => Some(std::mem::take(m)),
        _ => None,
    }
}

/// A manifest of `autoscaling/<version>` into the stored (v2) shape, before decoding.
pub fn to_stored(v: &mut Value, version: &str) {
    match version {
        "v1" => {
            // The annotations the conversion writes are read back, and removed.
            let mut ann = Map::new();
            if let Some(Value::Object(a)) = v.pointer_mut("/metadata/annotations") {
                for k in [ANN_METRICS, ANN_BEHAVIOR, ANN_CONDITIONS, ANN_CURRENT_METRICS] {
                    if let Some(x) = a.remove(k) {
                        ann.insert(k.into(), x);
                    }
                }
                if a.is_empty() {
                    if let Some(Value::Object(meta)) = v.get_mut("metadata") {
                        meta.remove("annotations");
                    }
                }
            }
            let Some(mut spec) = obj(v, "spec") else { return };
            let mut metrics = Vec::new();
            if let Some(t) = spec.remove("targetCPUUtilizationPercentage") {
                if !t.is_null() {
                    metrics.push(json!({"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": t}}}));
                }
            }
            let parsed =
                |k: &str| ann.get(k).and_then(Value::as_str).and_then(|s| serde_json::from_str::<Value>(s).ok());
            if let Some(Value::Array(mut other)) = parsed(ANN_METRICS) {
                v2beta1_metrics_to_v2(&mut other);
                metrics.extend(other);
            }
            if !metrics.is_empty() {
                spec.insert("metrics".into(), Value::Array(metrics));
            }
            if let Some(b @ Value::Object(_)) = parsed(ANN_BEHAVIOR) {
                spec.insert("behavior".into(), b);
            }
            v["spec"] = Value::Object(spec);
        }
        "v2beta1" => {
            let Some(mut spec) = obj(v, "spec") else { return };
            if let Some(Value::Array(metrics)) = spec.get_mut("metrics") {
                v2beta1_metrics_to_v2(metrics);
            }
            v["spec"] = Value::Object(spec);
        }
        _ => {}
    }
}

fn v2beta1_metrics_to_v2(metrics: &mut [Value]) {
    for m in metrics.iter_mut() {
        if let Some(Value::Object(r)) = m.get_mut("resource") {
            let util = r.remove("targetAverageUtilization");
            let value = r.remove("targetAverageValue");
            let target = match (util, value) {
                (Some(u), None) => json!({"type": "Utilization", "averageUtilization": u}),
                (None, Some(a)) => json!({"type": "AverageValue", "averageValue": a}),
                (Some(u), Some(a)) => {
                    json!({"type": "Utilization", "averageUtilization": u, "averageValue": a})
                }
                (None, None) => json!({}),
            };
            r.insert("target".into(), target);
        }
    }
}

/// How a status time is written on the wire (RFC 3339), given by the caller.
pub type TimeFmt<'a> = &'a dyn Fn(SimTime) -> String;

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Go's JSON of a v1 condition list (`type, status, lastTransitionTime, reason, message`).
fn conditions_json(conds: &[Condition], fmt: TimeFmt<'_>) -> String {
    let items: Vec<String> = conds
        .iter()
        .map(|c| {
            let t = c.last_transition_time.map(fmt).unwrap_or_default();
            format!(
                "{{\"type\":{},\"status\":{},\"lastTransitionTime\":{},\"reason\":{},\"message\":{}}}",
                quote(&c.type_),
                quote(&c.status),
                quote(&t),
                quote(&c.reason),
                quote(&c.message)
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// A current metric in the v2beta1 wording (the `current-metrics` annotation, v2beta1 status).
fn current_v2beta1(m: &MetricStatus) -> Value {
    let mut out = Map::new();
    out.insert("type".into(), Value::String(m.type_.clone()));
    if let Some(r) = &m.resource {
        let mut res = Map::new();
        res.insert("name".into(), Value::String(r.name.clone()));
        if let Some(u) = r.current.average_utilization {
            res.insert("currentAverageUtilization".into(), json!(u));
        }
        res.insert(
            "currentAverageValue".into(),
            Value::String(r.current.average_value.clone().unwrap_or_else(|| "0".into())),
        );
        out.insert("resource".into(), Value::Object(res));
    }
    Value::Object(out)
}

fn current_v2beta1_go(m: &MetricStatus) -> String {
    let mut s = format!("{{\"type\":{}", quote(&m.type_));
    if let Some(r) = &m.resource {
        s.push_str(&format!(",\"resource\":{{\"name\":{}", quote(&r.name)));
        if let Some(u) = r.current.average_utilization {
            s.push_str(&format!(",\"currentAverageUtilization\":{u}"));
        }
        let v = r.current.average_value.clone().unwrap_or_else(|| "0".into());
        s.push_str(&format!(",\"currentAverageValue\":{}}}", quote(&v)));
    }
    s.push('}');
    s
}

fn spec_v2beta1(m: &MetricSpec) -> Value {
    let mut out = Map::new();
    out.insert("type".into(), Value::String(m.type_.clone()));
    if let Some(r) = &m.resource {
        let mut res = Map::new();
        res.insert("name".into(), Value::String(r.name.clone()));
        if let Some(u) = r.target.average_utilization {
            res.insert("targetAverageUtilization".into(), json!(u));
        }
        if let Some(a) = &r.target.average_value {
            res.insert("targetAverageValue".into(), a.clone());
        }
        out.insert("resource".into(), Value::Object(res));
    }
    for (k, v) in &m.extra {
        out.insert(k.clone(), v.clone());
    }
    Value::Object(out)
}

fn spec_v2beta1_go(m: &MetricSpec) -> String {
    let mut s = format!("{{\"type\":{}", quote(&m.type_));
    if let Some(r) = &m.resource {
        s.push_str(&format!(",\"resource\":{{\"name\":{}", quote(&r.name)));
        if let Some(u) = r.target.average_utilization {
            s.push_str(&format!(",\"targetAverageUtilization\":{u}"));
        }
        if let Some(a) = &r.target.average_value {
            s.push_str(&format!(",\"targetAverageValue\":{a}"));
        }
        s.push('}');
    }
    s.push('}');
    s
}

fn is_cpu_utilization(m: &MetricSpec) -> bool {
    m.type_ == "Resource"
        && m.resource.as_ref().is_some_and(|r| r.name == "cpu" && r.target.average_utilization.is_some())
}

/// The stored object's JSON (`v`, already with wire timestamps) as `autoscaling/<version>`
/// shows it. `h` is the stored object itself.
pub fn from_stored(v: &mut Value, h: &super::HorizontalPodAutoscaler, version: &str, fmt: TimeFmt<'_>) {
    match version {
        "v1" => {
            let mut ann: Vec<(&str, String)> = Vec::new();
            if let Some(mut spec) = obj(v, "spec") {
                spec.remove("metrics");
                spec.remove("behavior");
                if let Some(t) = h.spec.metrics.iter().find(|m| is_cpu_utilization(m)) {
                    let u = t.resource.as_ref().and_then(|r| r.target.average_utilization);
                    spec.insert("targetCPUUtilizationPercentage".into(), json!(u));
                }
                v["spec"] = Value::Object(spec);
            }
            let other: Vec<String> =
                h.spec.metrics.iter().filter(|m| !is_cpu_utilization(m)).map(spec_v2beta1_go).collect();
            if !other.is_empty() {
                ann.push((ANN_METRICS, format!("[{}]", other.join(","))));
            }
            if let Some(b) = &h.spec.behavior {
                ann.push((ANN_BEHAVIOR, serde_json::to_string(b).unwrap_or_default()));
            }
            if !h.status.conditions.is_empty() {
                ann.push((ANN_CONDITIONS, conditions_json(&h.status.conditions, fmt)));
            }
            if !h.status.current_metrics.is_empty() {
                let cur: Vec<String> = h.status.current_metrics.iter().map(current_v2beta1_go).collect();
                ann.push((ANN_CURRENT_METRICS, format!("[{}]", cur.join(","))));
            }
            if let Some(mut status) = obj(v, "status") {
                status.remove("currentMetrics");
                status.remove("conditions");
                let cpu = h.status.current_metrics.iter().find_map(|m| {
                    m.resource.as_ref().filter(|r| r.name == "cpu").and_then(|r| r.current.average_utilization)
                });
                if let Some(c) = cpu {
                    status.insert("currentCPUUtilizationPercentage".into(), json!(c));
                }
                v["status"] = Value::Object(status);
            }
            add_annotations(v, ann);
        }
        "v2beta1" => {
            if let Some(Value::Object(status)) = v.get_mut("status") {
                // `currentMetrics` has no omitempty in v2beta1 (nor in v2): `null` when empty.
                status.entry("currentMetrics").or_insert(Value::Null);
            }
            if let Some(mut spec) = obj(v, "spec") {
                spec.remove("behavior");
                if !h.spec.metrics.is_empty() {
                    spec.insert("metrics".into(), Value::Array(h.spec.metrics.iter().map(spec_v2beta1).collect()));
                }
                v["spec"] = Value::Object(spec);
            }
            if let Some(mut status) = obj(v, "status") {
                if !h.status.current_metrics.is_empty() {
                    status.insert(
                        "currentMetrics".into(),
                        Value::Array(h.status.current_metrics.iter().map(current_v2beta1).collect()),
                    );
                }
                v["status"] = Value::Object(status);
            }
        }
        _ => {
            // v2 (and v2beta2): `currentReplicas` is omitempty, `currentMetrics` is not.
            if let Some(Value::Object(status)) = v.get_mut("status") {
                if status.get("currentReplicas").and_then(Value::as_i64) == Some(0) {
                    status.remove("currentReplicas");
                }
                status.entry("currentMetrics").or_insert(Value::Null);
            }
        }
    }
}

fn add_annotations(v: &mut Value, ann: Vec<(&str, String)>) {
    if ann.is_empty() {
        return;
    }
    let Some(Value::Object(meta)) = v.get_mut("metadata") else { return };
    let entry = meta.entry("annotations").or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(a) = entry {
        for (k, s) in ann {
            a.insert(k.into(), Value::String(s));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_and_v2beta1_manifests_become_v2_metrics() {
        let mut v = json!({"spec": {"maxReplicas": 3, "targetCPUUtilizationPercentage": 50}});
        to_stored(&mut v, "v1");
        assert_eq!(v["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"], 50);
        assert!(v["spec"].get("targetCPUUtilizationPercentage").is_none());
        let mut v = json!({"spec": {"metrics": [{"type": "Resource", "resource": {"name": "memory", "targetAverageValue": "100Mi"}}]}});
        to_stored(&mut v, "v2beta1");
        assert_eq!(
            v["spec"]["metrics"][0]["resource"]["target"],
            json!({"type": "AverageValue", "averageValue": "100Mi"})
        );
    }

    #[test]
    fn v1_carries_other_metrics_conditions_and_behavior_in_annotations_and_back() {
        use crate::api::HorizontalPodAutoscaler;
        let mut h = HorizontalPodAutoscaler::default();
        h.spec.max_replicas = 4;
        h.spec.metrics = vec![
            MetricSpec::resource_utilization("cpu", 50),
            MetricSpec {
                type_: "Resource".into(),
                resource: Some(ResourceMetricSource {
                    name: "memory".into(),
                    target: MetricTarget {
                        type_: "AverageValue".into(),
                        average_value: Some(json!("100Mi")),
                        ..Default::default()
                    },
                }),
                extra: Extra::new(),
            },
        ];
        h.spec.behavior = Some(HpaBehavior::default());
        h.status.conditions = vec![Condition {
            type_: "AbleToScale".into(),
            status: "True".into(),
            last_transition_time: Some(SimTime(15_000)),
            reason: "SucceededGetScale".into(),
            message: "the HPA controller was able to get the target's current scale".into(),
            ..Default::default()
        }];
        h.status.current_metrics = vec![MetricStatus {
            type_: "Resource".into(),
            resource: Some(ResourceMetricStatus {
                name: "cpu".into(),
                current: MetricValueStatus { average_utilization: Some(35), average_value: Some("70m".into()) },
            }),
        }];
        let mut v = serde_json::to_value(&h).expect("json");
        let fmt = |t: SimTime| format!("T{}", t.as_secs());
        from_stored(&mut v, &h, "v1", &fmt);
        assert_eq!(v["spec"]["targetCPUUtilizationPercentage"], 50);
        assert_eq!(v["status"]["currentCPUUtilizationPercentage"], 35);
        assert!(v["spec"].get("metrics").is_none() && v["status"].get("conditions").is_none());
        let ann = &v["metadata"]["annotations"];
        assert_eq!(
            ann[ANN_METRICS],
            r#"[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"100Mi"}}]"#
        );
        assert_eq!(
            ann[ANN_CONDITIONS],
            r#"[{"type":"AbleToScale","status":"True","lastTransitionTime":"T15","reason":"SucceededGetScale","message":"the HPA controller was able to get the target's current scale"}]"#
        );
        assert_eq!(
            ann[ANN_CURRENT_METRICS],
            r#"[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":35,"currentAverageValue":"70m"}}]"#
        );
        // An edited v1 object comes back with the same metrics and behavior, annotations gone.
        to_stored(&mut v, "v1");
        assert!(v["metadata"].get("annotations").is_none(), "{v}");
        assert_eq!(
            v["spec"]["metrics"][1]["resource"]["target"],
            json!({"type": "AverageValue", "averageValue": "100Mi"})
        );
        assert_eq!(v["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"], 50);
        assert!(v["spec"]["behavior"].is_object());
    }

    #[test]
    fn default_behavior_fills_what_is_unset() {
        let mut b = HpaBehavior {
            scale_down: Some(HpaScalingRules { stabilization_window_seconds: Some(60), ..Default::default() }),
            ..Default::default()
        };
        default_behavior(&mut b);
        let up = b.scale_up.as_ref().expect("up");
        assert_eq!(up.stabilization_window_seconds, Some(0));
        assert_eq!(up.policies, vec![HpaScalingPolicy::new("Pods", 4, 15), HpaScalingPolicy::new("Percent", 100, 15)]);
        let down = b.scale_down.as_ref().expect("down");
        assert_eq!(down.stabilization_window_seconds, Some(60));
        assert_eq!(down.select_policy.as_deref(), Some("Max"));
        assert_eq!(down.policies, vec![HpaScalingPolicy::new("Percent", 100, 15)]);
    }

    #[test]
    fn behavior_validation_speaks_the_servers_words() {
        let b = HpaBehavior {
            scale_up: Some(HpaScalingRules {
                stabilization_window_seconds: Some(4000),
                select_policy: Some("Fast".into()),
                policies: vec![HpaScalingPolicy::new("Pods", 0, 2000)],
            }),
            ..Default::default()
        };
        let mut causes = Vec::new();
        validate(&[], Some(&b), &mut causes);
        assert_eq!(
            causes,
            vec![
                "spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 4000: must be less than or equal to 3600",
                "spec.behavior.scaleUp.selectPolicy: Unsupported value: \"Fast\": supported values: \"Disabled\", \"Max\", \"Min\"",
                "spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero",
                "spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 2000: must be less than or equal to 1800",
            ]
        );
    }
}
