//! A typed view of `PodDisruptionBudget` (`policy/v1`; the course era's `policy/v1beta1` has
//! the same fields), stored as `Object::Opaque` and read and written through `from_object` /
//! `into_object` as the storage kinds are.
//!
//! Also the disruption arithmetic of the disruption controller (`pkg/controller/disruption`):
//! `desired_healthy` from `minAvailable` / `maxUnavailable` (int or percent, rounded up as
//! `GetScaledValueFromIntOrPercent(..., true)`), and the API server's validation of a spec
//! with both fields set.

use super::meta::{IntOrString, ObjectMeta};
use super::selector::LabelSelector;
use super::{Kind, Object, Opaque};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PodDisruptionBudget {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: PdbSpec,
    pub status: PdbStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PdbSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_available: Option<IntOrString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[serde(flatten)]
    pub extra: super::meta::Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PdbStatus {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<PdbCondition>,
    pub current_healthy: i64,
    pub desired_healthy: i64,
    pub disruptions_allowed: i64,
    pub expected_pods: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
}

/// A `metav1.Condition` (`message` always present, `observedGeneration`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PdbCondition {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<crate::time::SimTime>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    pub reason: String,
    pub status: String,
    #[serde(rename = "type")]
    pub type_: String,
}

impl PodDisruptionBudget {
    pub fn from_object(obj: &Object) -> Option<PodDisruptionBudget> {
        match obj {
            Object::Opaque(Kind::PodDisruptionBudget, o) => {
                serde_json::to_value(o).ok().and_then(|v| serde_json::from_value(v).ok())
            }
            _ => None,
        }
    }
    pub fn into_object(&self) -> Object {
        let o: Opaque =
            serde_json::to_value(self).ok().and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
        Object::Opaque(Kind::PodDisruptionBudget, o)
    }

    /// Whether the budget selects `labels`. A missing or empty selector selects nothing in
    /// `policy/v1beta1` and every pod of the namespace in `policy/v1`.
    pub fn selects(&self, labels: &super::Labels) -> bool {
        match &self.spec.selector {
            Some(s) if !s.is_empty() => s.matches(labels),
            _ => self.api_version == "policy/v1",
        }
    }

    /// Whether the expected count comes from the pods' controllers (`maxUnavailable`, or a
    /// percentage `minAvailable`) rather than from the pods found (`minAvailable: N`).
    pub fn needs_controller_scale(&self) -> bool {
        matches!(
            (&self.spec.max_unavailable, &self.spec.min_available),
            (Some(_), _) | (None, Some(IntOrString::Str(_)))
        )
    }
}

/// The disruption controller's `desiredHealthy` for `expected` pods (`getExpectedPodCount`):
/// `maxUnavailable` → expected − it (never below 0), `minAvailable` → it (a percentage of
/// expected, rounded up). `Err` for a value that is neither an integer nor a percentage.
pub fn desired_healthy(spec: &PdbSpec, expected: i64) -> Result<i64, String> {
    if let Some(max) = &spec.max_unavailable {
        let m = max.scaled_value(expected, true)?;
        return Ok((expected - m).max(0));
    }
    match &spec.min_available {
        Some(min) => min.scaled_value(expected, true),
        None => Ok(0),
    }
}

/// `disruptionsAllowed`: healthy pods above the desired count, never negative.
pub fn disruptions_allowed(current_healthy: i64, desired_healthy: i64, expected: i64) -> i64 {
    if expected <= 0 || current_healthy <= desired_healthy {
        0
    } else {
        current_healthy - desired_healthy
    }
}

/// The API server's complaints about a budget's spec (`ValidatePodDisruptionBudgetSpec`).
pub fn validate(pdb: &PodDisruptionBudget, causes: &mut Vec<String>) {
    if pdb.spec.min_available.is_some() && pdb.spec.max_unavailable.is_some() {
        causes.push(format!(
            "spec: Invalid value: {}: minAvailable and maxUnavailable cannot be both set",
            spec_text(&pdb.spec)
        ));
    }
    for (field, v) in [("minAvailable", &pdb.spec.min_available), ("maxUnavailable", &pdb.spec.max_unavailable)] {
        match v {
            Some(IntOrString::Int(n)) if *n < 0 => {
                causes.push(format!("spec.{field}: Invalid value: {n}: must be greater than or equal to 0"))
            }
            Some(IntOrString::Str(s)) => match s.strip_suffix('%').map(str::parse::<i64>) {
                Some(Ok(p)) if (0..=100).contains(&p) => {}
                Some(Ok(_)) => causes.push(format!(
                    "spec.{field}: Invalid value: \"{s}\": must be no greater than 100%"
                )),
                _ => causes.push(format!(
                    "spec.{field}: Invalid value: \"{s}\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"
                )),
            },
            _ => {}
        }
    }
}

/// Go's `%v` of a spec, roughly: enough to say which budget it is.
fn spec_text(spec: &PdbSpec) -> String {
    let v = |x: &Option<IntOrString>| x.as_ref().map(|v| v.to_string()).unwrap_or_else(|| "nil".into());
    format!("{{minAvailable: {}, maxUnavailable: {}}}", v(&spec.min_available), v(&spec.max_unavailable))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(min: Option<IntOrString>, max: Option<IntOrString>) -> PdbSpec {
        PdbSpec { min_available: min, max_unavailable: max, ..Default::default() }
    }

    /// The disruption controller's arithmetic (`TestNoSelector`, `TestUnavailable`,
    /// `TestIntegerMaxUnavailable`, `TestReplicaSet` with 20% / 34%): desired healthy and
    /// disruptions allowed for a few budgets over a few pod counts.
    #[test]
    fn desired_and_allowed_as_the_disruption_controller_computes_them() {
        use IntOrString::{Int, Str};
        let cases = [
            // (spec, expected, healthy) -> (desired, allowed)
            (spec(Some(Int(3)), None), 3, 3, 3, 0),
            (spec(Some(Int(3)), None), 4, 4, 3, 1),
            (spec(Some(Str("28%".into())), None), 4, 4, 2, 2),
            (spec(Some(Str("34%".into())), None), 3, 3, 2, 1),
            (spec(None, Some(Int(1))), 3, 3, 2, 1),
            (spec(None, Some(Int(1))), 3, 2, 2, 0),
            (spec(None, Some(Str("30%".into()))), 10, 10, 7, 3),
            (spec(None, Some(Int(5))), 3, 3, 0, 3),
            (spec(Some(Int(1)), None), 0, 0, 1, 0),
        ];
        for (s, expected, healthy, desired, allowed) in cases {
            let d = desired_healthy(&s, expected).expect("valid");
            assert_eq!(d, desired, "{s:?} over {expected}");
            assert_eq!(disruptions_allowed(healthy, d, expected), allowed, "{s:?} healthy {healthy}");
        }
    }

    #[test]
    fn both_fields_or_a_bad_percent_are_invalid() {
        let mut pdb = PodDisruptionBudget {
            spec: spec(Some(IntOrString::Int(1)), Some(IntOrString::Int(1))),
            ..Default::default()
        };
        let mut causes = vec![];
        validate(&pdb, &mut causes);
        assert!(causes[0].ends_with("minAvailable and maxUnavailable cannot be both set"), "{causes:?}");
        pdb.spec = spec(Some(IntOrString::Str("150%".into())), None);
        causes.clear();
        validate(&pdb, &mut causes);
        assert_eq!(causes, ["spec.minAvailable: Invalid value: \"150%\": must be no greater than 100%"]);
    }
}
