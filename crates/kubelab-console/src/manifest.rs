//! Manifests: YAML or JSON text (one or many documents) to typed objects, with kubectl's
//! errors for what goes wrong (YAML syntax, missing kind, a kind or version this cluster does not
//! serve, a field of the wrong type).

use crate::Profile;
use kubelab_sim::api::*;
use serde_json::Value;

/// One decoded document, or why it could not be decoded.
pub type Decoded = Result<Object, String>;

/// Parses YAML (or JSON, which is YAML) into JSON values, one per non-empty document.
/// `source` names the file in messages (`error parsing <source>: ...`).
pub fn parse_documents(text: &str, source: &str) -> Result<Vec<Value>, String> {
    if let Some(line) = too_deep(text) {
        return Err(format!(
            "error parsing {source}: error converting YAML to JSON: yaml: line {line}: recursion limit exceeded"
        ));
    }
    let mut docs = Vec::new();
    for doc in serde_norway::Deserializer::from_str(text) {
        let value: Value = match serde::Deserialize::deserialize(doc) {
            Ok(v) => v,
            Err(e) => {
                return Err(format!(
                    "error parsing {source}: error converting YAML to JSON: yaml: {}",
                    yaml_error_text(&e.to_string())
                ))
            }
        };
        match value {
            Value::Null => {}
            Value::Object(_) => {
                // A `kind: List` expands into its items.
                if value.get("kind").and_then(Value::as_str) == Some("List") {
                    if let Some(Value::Array(items)) = value.get("items") {
                        docs.extend(items.iter().cloned());
                        continue;
                    }
                }
                docs.push(value)
            }
            other => {
                let shown = serde_json::to_string(&other).unwrap_or_default();
                return Err(format!("error parsing {source}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}} ({})", json_type(&other), truncate(&shown, 60)));
            }
        }
    }
    Ok(docs)
}

/// Flow collections (`[`, `{`) nested deeper than this are refused before parsing: the YAML
/// scanner's cost grows with the square of the nesting depth, so a paste of a megabyte of `[`
/// would hang the console. (Anything past 128 levels fails to parse anyway.)
const MAX_FLOW_DEPTH: usize = 1000;

/// The line where flow nesting passes [`MAX_FLOW_DEPTH`], if it does. An approximation of the
/// YAML scanner: brackets inside quoted scalars and comments do not count.
pub fn too_deep(text: &str) -> Option<usize> {
    let (mut depth, mut line) = (0usize, 1usize);
    let (mut single, mut double, mut escaped, mut comment) = (false, false, false, false);
    let mut prev = '\n';
    for ch in text.chars() {
        if ch == '\n' {
            line += 1;
            comment = false;
        } else if comment {
            // Up to the end of the line.
        } else if double {
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == '"' {
                double = false;
            }
        } else if single {
            if ch == '\'' {
                single = false;
            }
        } else {
            let boundary = prev.is_whitespace() || matches!(prev, '[' | '{' | ',' | ':');
            match ch {
                '#' if boundary => comment = true,
                '"' if boundary => double = true,
                '\'' if boundary => single = true,
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some(line);
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        prev = ch;
    }
    None
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
        _ => "object",
    }
}

/// serde_norway says "mapping values are not allowed in this context at line 5 column 10";
/// go-yaml says "line 5: mapping values are not allowed in this context".
pub(crate) fn yaml_error_text(msg: &str) -> String {
    if let Some(idx) = msg.find(" at line ") {
        let (what, rest) = msg.split_at(idx);
        let line: String = rest[" at line ".len()..].chars().take_while(|c| c.is_ascii_digit()).collect();
        if !line.is_empty() {
            return format!("line {line}: {what}");
        }
    }
    msg.to_string()
}

fn strip_server_fields(v: &mut Value) {
    if let Some(obj) = v.as_object_mut() {
        obj.remove("status");
        if let Some(Value::Object(meta)) = obj.get_mut("metadata") {
            for k in [
                "uid",
                "resourceVersion",
                "creationTimestamp",
                "generation",
                "managedFields",
                "selfLink",
                "deletionTimestamp",
                "deletionGracePeriodSeconds",
            ] {
                meta.remove(k);
            }
        }
    }
}

/// The Kubernetes type name in decode errors ("DeploymentSpec.spec.replicas").
fn go_decode_error(kind: &str, version: &str, e: &serde_json::Error) -> String {
    format!("{kind} in version \"{version}\" cannot be handled as a {kind}: {}", e)
}

/// Whether the profile's API server serves `kind` in `api_version`.
pub fn served(kind: &str, api_version: &str, profile: Profile) -> bool {
    let (group, version) = match api_version.split_once('/') {
        Some((g, v)) => (g, v),
        None => ("", api_version),
    };
    let Some(info) = crate::resources::RESOURCES.iter().find(|r| r.kind == kind) else {
        return false;
    };
    info.serves(group, Some(version), profile)
}

/// Decodes one document into an object. `default_ns` fills a missing namespace.
pub fn decode(mut v: Value, source: &str, profile: Profile) -> Decoded {
    let kind = v.get("kind").and_then(Value::as_str).unwrap_or("").to_string();
    let api_version = v.get("apiVersion").and_then(Value::as_str).unwrap_or("").to_string();
    if kind.is_empty() || api_version.is_empty() {
        let compact = serde_json::to_string(&v).unwrap_or_default();
        let missing = if kind.is_empty() { "Kind" } else { "apiVersion" };
        return Err(format!(
            "error: unable to decode \"{source}\": Object '{missing}' is missing in '{}'",
            truncate(&compact, 400)
        ));
    }
    let name = v.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_string();
    let ns = v.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("").to_string();
    if let Some(info) = crate::resources::unmodelled_kind(&kind, &api_version, profile) {
        return Err(crate::resources::not_simulated(info, &api_version));
    }
    if !served(&kind, &api_version, profile) {
        return Err(format!(
            "error: resource mapping not found for name: \"{name}\" namespace: \"{ns}\" from \"{source}\": no matches for kind \"{kind}\" in version \"{api_version}\"\nensure CRDs are installed first"
        ));
    }
    strip_server_fields(&mut v);
    let version = api_version.rsplit('/').next().unwrap_or("v1").to_string();
    let kind_enum = Kind::from_name(&kind);
    let decoded: Result<Object, serde_json::Error> = match kind.as_str() {
        "Pod" => serde_json::from_value(v).map(Object::Pod),
        "Deployment" => serde_json::from_value(v).map(Object::Deployment),
        "ReplicaSet" => serde_json::from_value(v).map(Object::ReplicaSet),
        "ReplicationController" => serde_json::from_value(v).map(Object::ReplicationController),
        "Service" => serde_json::from_value(v).map(Object::Service),
        "Endpoints" => serde_json::from_value(v).map(Object::Endpoints),
        "EndpointSlice" => serde_json::from_value(v).map(Object::EndpointSlice),
        "Namespace" => serde_json::from_value(v).map(Object::Namespace),
        "Node" => serde_json::from_value(v).map(Object::Node),
        "DaemonSet" => serde_json::from_value(v).map(Object::DaemonSet),
        "StatefulSet" => serde_json::from_value(v).map(Object::StatefulSet),
        "Job" => serde_json::from_value(v).map(Object::Job),
        "CronJob" => serde_json::from_value(v).map(Object::CronJob),
        "HorizontalPodAutoscaler" => {
            kubelab_sim::api::hpa::to_stored(&mut v, &version);
            serde_json::from_value(v).map(Object::HorizontalPodAutoscaler)
        }
        _ => match kind_enum {
            Some(k) => serde_json::from_value(v).map(|o| Object::Opaque(k, o)),
            // A kind the lab lists and shows (Event) but cannot take from a manifest: say so
            // instead of denying the kind exists.
            None if crate::resources::RESOURCES.iter().any(|r| r.kind == kind) => {
                return Err(format!("error: Kubelab does not create {kind} objects from manifests yet"));
            }
            None => {
                return Err(format!(
                    "error: resource mapping not found for name: \"{name}\" namespace: \"{ns}\" from \"{source}\": no matches for kind \"{kind}\" in version \"{api_version}\"\nensure CRDs are installed first"
                ))
            }
        },
    };
    match decoded {
        Ok(mut obj) => {
            obj.set_api_version(&api_version);
            Ok(obj)
        }
        Err(e) => Err(format!(
            "Error from server (BadRequest): error when creating \"{source}\": {}",
            go_decode_error(&kind, &version, &e)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_document_yaml_decodes_in_order() {
        let text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n---\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n";
        let docs = parse_documents(text, "x.yaml").unwrap();
        assert_eq!(docs.len(), 2);
        let objs: Vec<Object> = docs.into_iter().map(|d| decode(d, "x.yaml", Profile::Current).unwrap()).collect();
        assert_eq!(objs[0].kind(), Kind::Namespace);
        assert_eq!(objs[1].kind(), Kind::Deployment);
    }

    #[test]
    fn errors_read_like_kubectl() {
        let e = parse_documents("a: b: c\n", "bad.yaml").unwrap_err();
        assert!(e.starts_with("error parsing bad.yaml: error converting YAML to JSON: yaml: line 1:"), "{e}");
        let d =
            parse_documents("apiVersion: apps/v1beta1\nkind: Deployment\nmetadata:\n  name: x\n", "d.yaml").unwrap();
        let e = decode(d[0].clone(), "d.yaml", Profile::Current).unwrap_err();
        assert!(e.contains("no matches for kind \"Deployment\" in version \"apps/v1beta1\""), "{e}");
        assert!(decode(d[0].clone(), "d.yaml", Profile::Course).is_ok());
        let d = parse_documents(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: three\n",
            "d.yaml",
        )
        .unwrap();
        let e = decode(d[0].clone(), "d.yaml", Profile::Current).unwrap_err();
        assert!(e.starts_with("Error from server (BadRequest): error when creating \"d.yaml\": Deployment in version \"v1\" cannot be handled as a Deployment:"), "{e}");
    }

    #[test]
    fn hostile_yaml_is_an_error_not_a_hang() {
        let mut bomb =
            String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        let mut prev = 'a';
        for c in 'b'..='j' {
            bomb.push_str(&format!(
                "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
            prev = c;
        }
        assert!(parse_documents(&bomb, "bomb.yaml").is_err());
        let deep = "[".repeat(10_000);
        assert!(parse_documents(&deep, "deep.yaml").is_err());
        let deep_json = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
        let t = std::time::Instant::now();
        assert!(parse_documents(&deep_json, "deep.json")
            .unwrap_err()
            .ends_with("yaml: line 1: recursion limit exceeded"));
        assert!(t.elapsed() < std::time::Duration::from_secs(2), "deep nesting is refused quickly");
        assert_eq!(too_deep("a: \"[[[[\"\nb: '{{{{'\n# [[[[\nc: [[1]]\n"), None);
    }
}
