//! A container's environment from its spec as the kubelet builds it
//! (`makeEnvironmentVariables`): `envFrom` ConfigMaps and Secrets first, in their order (with
//! their `prefix`), then `env` (a plain `value`, a `valueFrom.configMapKeyRef` or
//! `valueFrom.secretKeyRef`), later names replacing earlier ones. A reference to a missing
//! ConfigMap, Secret or key that is not `optional` is the kubelet's error, which keeps the
//! container in `CreateContainerConfigError`. Secret values are the decoded bytes (as UTF-8).
//!
//! Simplified: `fieldRef` and `resourceFieldRef` values are passed over.

use crate::api::{Container, Object};
use serde_json::Value;
use std::collections::BTreeMap;

/// A ConfigMap's data, if `obj` is one.
pub fn config_map_data(obj: Option<&Object>) -> Option<BTreeMap<String, String>> {
    match obj? {
        Object::Opaque(_, o) => Some(
            o.rest
                .get("data")
                .and_then(Value::as_object)
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())).collect())
                .unwrap_or_default(),
        ),
        _ => None,
    }
}

fn optional(v: &Value) -> bool {
    v.get("optional").and_then(Value::as_bool) == Some(true)
}

/// The variables `container` of a pod in `namespace` gets from its spec, in the order they
/// were set (a name set again keeps its first place), or the kubelet's error text
/// (`configmap "x" not found`, `couldn't find key k in ConfigMap ns/x`, `secret "x" not found`,
/// `couldn't find key k in Secret ns/x`). `config_map` and `secret` look an object of that
/// namespace up by name ([`config_map_data`], [`crate::secret::secret_data`]).
pub fn container_env(
    config_map: &dyn Fn(&str) -> Option<BTreeMap<String, String>>,
    secret: &dyn Fn(&str) -> Option<BTreeMap<String, String>>,
    namespace: &str,
    container: &Container,
) -> Result<Vec<(String, String)>, String> {
    let mut vars: Vec<(String, String)> = Vec::new();
    let set = |vars: &mut Vec<(String, String)>, k: String, v: String| {
        if let Some(slot) = vars.iter_mut().find(|(n, _)| *n == k) {
            slot.1 = v;
        } else {
            vars.push((k, v));
        }
    };
    if let Some(Value::Array(sources)) = container.extra.get("envFrom") {
        for source in sources {
            let (r, lookup, what) = match (source.get("configMapRef"), source.get("secretRef")) {
                (Some(r), _) => (r, config_map, "configmap"),
                (None, Some(r)) => (r, secret, "secret"),
                (None, None) => continue,
            };
            let name = r.get("name").and_then(Value::as_str).unwrap_or_default();
            let prefix = source.get("prefix").and_then(Value::as_str).unwrap_or_default();
            match lookup(name) {
                Some(data) => {
                    for (k, v) in data {
                        set(&mut vars, format!("{prefix}{k}"), v);
                    }
                }
                None if optional(r) => {}
                None => return Err(format!("{what} \"{name}\" not found")),
            }
        }
    }
    for e in &container.env {
        if let Some(v) = &e.value {
            set(&mut vars, e.name.clone(), v.clone());
            continue;
        }
        let from = e.extra.get("valueFrom");
        let (r, lookup, what, kind) =
            match (from.and_then(|f| f.get("configMapKeyRef")), from.and_then(|f| f.get("secretKeyRef"))) {
                (Some(r), _) => (r, config_map, "configmap", "ConfigMap"),
                (None, Some(r)) => (r, secret, "secret", "Secret"),
                (None, None) => {
                    if from.is_none() {
                        set(&mut vars, e.name.clone(), String::new());
                    }
                    continue;
                }
            };
        let name = r.get("name").and_then(Value::as_str).unwrap_or_default();
        let key = r.get("key").and_then(Value::as_str).unwrap_or_default();
        match lookup(name) {
            Some(data) => match data.get(key) {
                Some(v) => set(&mut vars, e.name.clone(), v.clone()),
                None if optional(r) => {}
                None => return Err(format!("couldn't find key {key} in {kind} {namespace}/{name}")),
            },
            None if optional(r) => {}
            None => return Err(format!("{what} \"{name}\" not found")),
        }
    }
    Ok(vars)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::EnvVar;
    use serde_json::json;

    fn container(env: Value, env_from: Value) -> Container {
        let mut c = Container { name: "app".into(), image: "busybox".into(), ..Default::default() };
        c.env = serde_json::from_value::<Vec<EnvVar>>(env).unwrap_or_default();
        c.extra.insert("envFrom".into(), env_from);
        c
    }

    fn settings(name: &str) -> Option<BTreeMap<String, String>> {
        (name == "settings").then(|| [("mode", "blue"), ("level", "3")].map(|(k, v)| (k.into(), v.into())).into())
    }

    fn none(_: &str) -> Option<BTreeMap<String, String>> {
        None
    }

    fn creds(name: &str) -> Option<BTreeMap<String, String>> {
        (name == "creds").then(|| [("user", "admin"), ("pass", "s3cr3t")].map(|(k, v)| (k.into(), v.into())).into())
    }

    #[test]
    fn secrets_feed_env_and_env_from_in_order_and_their_absence_is_the_kubelets_error() {
        let c = container(
            json!([{"name": "PASS", "valueFrom": {"secretKeyRef": {"name": "creds", "key": "pass"}}}]),
            json!([{"secretRef": {"name": "creds"}, "prefix": "DB_"}, {"configMapRef": {"name": "settings"}}]),
        );
        let vars = container_env(&settings, &creds, "default", &c).unwrap_or_default();
        let want: Vec<(String, String)> =
            [("DB_pass", "s3cr3t"), ("DB_user", "admin"), ("level", "3"), ("mode", "blue"), ("PASS", "s3cr3t")]
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .into();
        assert_eq!(vars, want);
        let missing = container(json!([]), json!([{"secretRef": {"name": "nope"}}]));
        assert_eq!(container_env(&settings, &creds, "default", &missing), Err("secret \"nope\" not found".into()));
        let no_key =
            container(json!([{"name": "X", "valueFrom": {"secretKeyRef": {"name": "creds", "key": "k"}}}]), json!([]));
        assert_eq!(
            container_env(&settings, &creds, "default", &no_key),
            Err("couldn't find key k in Secret default/creds".into())
        );
        let optional = container(
            json!([{"name": "X", "valueFrom": {"secretKeyRef": {"name": "x", "key": "k", "optional": true}}}]),
            json!([{"secretRef": {"name": "x", "optional": true}}]),
        );
        assert_eq!(container_env(&settings, &creds, "default", &optional), Ok(vec![]));
    }

    #[test]
    fn env_from_with_prefix_then_env_overrides() {
        let c = container(
            json!([{"name": "MODE", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "mode"}}},
                   {"name": "CFG_level", "value": "9"}]),
            json!([{"configMapRef": {"name": "settings"}, "prefix": "CFG_"}]),
        );
        let vars = container_env(&settings, &none, "default", &c).unwrap_or_default();
        let want: Vec<(String, String)> = [("CFG_level", "9"), ("CFG_mode", "blue"), ("MODE", "blue")]
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .into();
        assert_eq!(vars, want);
    }

    #[test]
    fn missing_config_maps_and_keys_are_the_kubelets_errors_unless_optional() {
        let missing = container(json!([]), json!([{"configMapRef": {"name": "other"}}]));
        assert_eq!(container_env(&settings, &none, "default", &missing), Err("configmap \"other\" not found".into()));
        let no_key = container(
            json!([{"name": "X", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "nope"}}}]),
            json!([]),
        );
        assert_eq!(
            container_env(&settings, &none, "default", &no_key),
            Err("couldn't find key nope in ConfigMap default/settings".into())
        );
        let optional = container(
            json!([{"name": "X", "valueFrom": {"configMapKeyRef": {"name": "other", "key": "k", "optional": true}}}]),
            json!([{"configMapRef": {"name": "other", "optional": true}}]),
        );
        assert_eq!(container_env(&settings, &none, "default", &optional), Ok(vec![]));
    }
}
