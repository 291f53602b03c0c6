//! Validation of DaemonSets and StatefulSets (`ValidateDaemonSet`, `ValidateStatefulSet` and
//! their update rules), with the API server's field paths.
//!
//! Simplified: only the fields students set by hand are checked (selector, template, update
//! strategy, replicas, pod management policy); `serviceName` is not required.

use super::{go_map, validate_pod_spec, validate_replicas};
use crate::api::*;

fn selector_and_template(
    selector: Option<&LabelSelector>,
    template: &PodTemplateSpec,
    word: &str,
    causes: &mut Vec<String>,
) {
    match selector {
        None => causes.push("spec.selector: Required value".into()),
        Some(sel) if sel.is_empty() => causes.push(format!(
            "spec.selector: Invalid value: v1.LabelSelector{{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}: empty selector is invalid for {word}"
        )),
        Some(sel) => match sel.to_selector() {
            Err(e) => causes.push(format!("spec.selector.matchExpressions: Invalid value: {e}")),
            Ok(s) if !s.matches(&template.metadata.labels) => causes.push(format!(
                "spec.template.metadata.labels: Invalid value: {}: `selector` does not match template `labels`",
                go_map(&template.metadata.labels)
            )),
            Ok(_) => {}
        },
    }
    validate_pod_spec(&template.spec, "spec.template.spec", causes);
    if let Some(p) = template.spec.restart_policy.as_deref() {
        if p != "Always" {
            causes.push(format!(
                "spec.template.spec.restartPolicy: Unsupported value: \"{p}\": supported values: \"Always\""
            ));
        }
    }
}

fn strategy_type(type_: Option<&str>, causes: &mut Vec<String>) {
    if let Some(t) = type_ {
        if t != "RollingUpdate" && t != "OnDelete" {
            causes.push(format!(
                "spec.updateStrategy.type: Unsupported value: \"{t}\": supported values: \"OnDelete\", \"RollingUpdate\""
            ));
        }
    }
}

fn int_or_percent(v: &IntOrString) -> Option<i64> {
    match v {
        IntOrString::Int(n) => Some(*n),
        IntOrString::Str(s) => s.strip_suffix('%').and_then(|n| n.parse().ok()),
    }
}

fn shown(v: &IntOrString) -> String {
    match v {
        IntOrString::Int(n) => n.to_string(),
        IntOrString::Str(s) => format!("\"{s}\""),
    }
}

pub(super) fn validate_daemon_set(ds: &DaemonSet, causes: &mut Vec<String>) {
    selector_and_template(ds.spec.selector.as_ref(), &ds.spec.template, "daemonset", causes);
    let s = &ds.spec.update_strategy;
    strategy_type(s.type_.as_deref(), causes);
    if let Some(ru) = &s.rolling_update {
        let path = "spec.updateStrategy.rollingUpdate";
        for (field, v) in [("maxUnavailable", &ru.max_unavailable), ("maxSurge", &ru.max_surge)] {
            let Some(v) = v else { continue };
            match int_or_percent(v) {
                None => causes.push(format!("{path}.{field}: Invalid value: {}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')", shown(v))),
                Some(n) if n < 0 => {
                    causes.push(format!("{path}.{field}: Invalid value: {}: must be greater than or equal to 0", shown(v)))
                }
                Some(_) => {}
            }
        }
        let unavailable = ru.max_unavailable.as_ref().and_then(int_or_percent);
        let surge = ru.max_surge.as_ref().and_then(int_or_percent);
        if unavailable == Some(0) {
            let v = ru.max_unavailable.as_ref().map(shown).unwrap_or_default();
            match surge {
                None => causes.push(format!("{path}.maxUnavailable: Invalid value: {v}: cannot be 0")),
                Some(0) => {
                    causes.push(format!("{path}.maxUnavailable: Invalid value: {v}: may not be 0 when `maxSurge` is 0"))
                }
                Some(_) => {}
            }
        }
    }
}

pub(super) fn validate_stateful_set(s: &StatefulSet, causes: &mut Vec<String>) {
    validate_replicas(s.spec.replicas, causes);
    selector_and_template(s.spec.selector.as_ref(), &s.spec.template, "statefulset", causes);
    if let Some(p) = s.spec.pod_management_policy.as_deref() {
        if p != "OrderedReady" && p != "Parallel" {
            causes.push(format!(
                "spec.podManagementPolicy: Unsupported value: \"{p}\": supported values: \"OrderedReady\", \"Parallel\""
            ));
        }
    }
    let u = &s.spec.update_strategy;
    strategy_type(u.type_.as_deref(), causes);
    if let Some(p) = u.rolling_update.as_ref().and_then(|r| r.partition) {
        if p < 0 {
            causes.push(format!(
                "spec.updateStrategy.rollingUpdate.partition: Invalid value: {p}: must be greater than or equal to 0"
            ));
        }
    }
}

/// What an update may not change: a DaemonSet's selector; a StatefulSet's spec beyond
/// replicas, template, update strategy, minReadySeconds, ordinals and the PVC retention policy.
pub(super) fn validate_update(old: &Object, new: &Object, causes: &mut Vec<String>) {
    match (old, new) {
        (Object::DaemonSet(o), Object::DaemonSet(n)) if o.spec.selector != n.spec.selector => {
            causes.push("spec.selector: Invalid value: field is immutable".into());
        }
        (Object::StatefulSet(o), Object::StatefulSet(n)) => {
            let frozen = |s: &StatefulSet| {
                let mut extra = s.spec.extra.clone();
                extra.remove("ordinals");
                extra.remove("persistentVolumeClaimRetentionPolicy");
                (s.spec.selector.clone(), s.spec.service_name.clone(), s.spec.pod_management_policy.clone(), extra)
            };
            if frozen(o) != frozen(n) {
                causes.push("spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden".into());
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn causes(obj: &Object) -> Vec<String> {
        match crate::validation::validate(obj) {
            Err(crate::error::ApiError::Invalid { causes, .. }) => causes,
            _ => Vec::new(),
        }
    }

    fn template(labels: &[(&str, &str)]) -> PodTemplateSpec {
        let mut t = PodTemplateSpec::default();
        t.metadata.labels = labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        t.spec.containers.push(Container { name: "c".into(), image: "nginx".into(), ..Default::default() });
        t
    }

    #[test]
    fn daemon_set_checks() {
        let mut ds = DaemonSet { api_version: "apps/v1".into(), ..Default::default() };
        ds.metadata.name = "d".into();
        ds.spec.template = template(&[("app", "a")]);
        assert_eq!(causes(&Object::DaemonSet(ds.clone())), vec!["spec.selector: Required value"]);
        ds.spec.selector =
            Some(LabelSelector { match_labels: [("app".into(), "b".into())].into(), ..Default::default() });
        ds.spec.update_strategy.type_ = Some("Sometimes".into());
        ds.spec.update_strategy.rolling_update = Some(RollingUpdateDaemonSet {
            max_unavailable: Some(IntOrString::Int(0)),
            max_surge: Some(IntOrString::Int(0)),
        });
        assert_eq!(
            causes(&Object::DaemonSet(ds)),
            vec![
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"a\"}: `selector` does not match template `labels`",
                "spec.updateStrategy.type: Unsupported value: \"Sometimes\": supported values: \"OnDelete\", \"RollingUpdate\"",
                "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0",
            ]
        );
    }

    #[test]
    fn stateful_set_checks_and_frozen_fields() {
        let mut s = StatefulSet { api_version: "apps/v1".into(), ..Default::default() };
        s.metadata.name = "web".into();
        s.spec.template = template(&[("app", "a")]);
        s.spec.selector =
            Some(LabelSelector { match_labels: [("app".into(), "a".into())].into(), ..Default::default() });
        assert!(causes(&Object::StatefulSet(s.clone())).is_empty());
        let mut bad = s.clone();
        bad.spec.update_strategy.rolling_update =
            Some(RollingUpdateStatefulSet { partition: Some(-1), max_unavailable: None });
        assert_eq!(
            causes(&Object::StatefulSet(bad)),
            vec!["spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0"]
        );
        let mut renamed = s.clone();
        renamed.spec.service_name = "other".into();
        let mut found = Vec::new();
        validate_update(&Object::StatefulSet(s.clone()), &Object::StatefulSet(renamed), &mut found);
        assert_eq!(found.len(), 1, "serviceName is frozen");
        let mut scaled = s.clone();
        scaled.spec.replicas = Some(5);
        let mut found = Vec::new();
        validate_update(&Object::StatefulSet(s), &Object::StatefulSet(scaled), &mut found);
        assert!(found.is_empty(), "replicas may change");
    }
}
