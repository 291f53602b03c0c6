//! JSON the way `kubectl get -o json` prints an object.
//!
//! kubectl's `JSONPrinter` calls Go's `json.MarshalIndent(obj, "", "    ")` on an
//! `unstructured.Unstructured` and appends a newline. That means:
//! * four-space indentation, `"key": value`, `{}` and `[]` for empty containers;
//! * object keys sorted by their UTF-8 bytes (Go sorts map keys), whatever order the
//!   `serde_json::Map` holds them in;
//! * strings escaped like Go's encoder: `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, other control
//!   characters as `\u00XX` (lower-case hex), the HTML-sensitive `<`, `>`, `&` as `\u003c`,
//!   `\u003e`, `\u0026`, and U+2028/U+2029 as `\u2028`/`\u2029`; everything else verbatim;
//! * numbers as Unstructured holds them: integers that fit in `i64` verbatim, everything else
//!   (fractions, and integers above `i64::MAX`) as a float64 spelled like `encoding/json`
//!   (`2.5`, `3` for `3.0`, `1e+21`, `1e-7`, `18446744073709552000` for `u64::MAX`).
//!
//! Known gap: `\b` and `\f` are spelled as Go ≥ 1.22 does (kubectl ≥ 1.30); older kubectl
//! builds printed `\u0008` and `\u000c`. Nesting is handled recursively; values deeper than
//! serde's own parse limit are not expected (their `Drop` would recurse just as deep).

use serde_json::{Map, Number, Value};

/// The text `kubectl get -o json` prints for `value`, including the trailing newline.
pub fn to_json(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, 0, false);
    out.push('\n');
    out
}

/// The text kubectl prints for a typed object it built itself (`create ... --dry-run=client -o
/// json`): Go marshals a struct's fields in declaration order, not sorted, so keys come in
/// [`TYPED_ORDER`] (maps such as labels, and fields the table lacks, sorted after them).
pub fn to_json_typed(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, 0, true);
    out.push('\n');
    out
}

/// Field names in the declaration order of the Go structs kubectl's generators fill
/// (TypeMeta, ObjectMeta, Deployment/Service/Pod specs, Container, ports, env, selectors). One
/// list serves them all because no two of those structs order a shared name differently.
const TYPED_ORDER: &[&str] = &[
    "kind",
    "apiVersion",
    "metadata",
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "spec",
    "status",
    "replicas",
    "volumes",
    "initContainers",
    "containers",
    "image",
    "command",
    "args",
    "workingDir",
    "ports",
    // PodDisruptionBudgetSpec: minAvailable, selector, maxUnavailable.
    "minAvailable",
    "selector",
    // Secret and ConfigMap: `immutable`, `data`, then (Secret) `type`.
    "immutable",
    "data",
    "clusterIP",
    "clusterIPs",
    "type",
    "externalIPs",
    "sessionAffinity",
    "loadBalancerIP",
    "externalName",
    "template",
    "strategy",
    "minReadySeconds",
    "revisionHistoryLimit",
    "paused",
    "progressDeadlineSeconds",
    "envFrom",
    "env",
    "resources",
    "volumeMounts",
    "livenessProbe",
    "readinessProbe",
    "imagePullPolicy",
    "stdin",
    "stdinOnce",
    "tty",
    "restartPolicy",
    "terminationGracePeriodSeconds",
    "activeDeadlineSeconds",
    "dnsPolicy",
    "nodeSelector",
    "serviceAccountName",
    // IngressSpec, then HTTPIngressPath (`path` also leads HTTPGetAction, before `port`).
    "ingressClassName",
    "defaultBackend",
    "tls",
    "rules",
    "path",
    "pathType",
    "backend",
    "hostPort",
    "containerPort",
    "protocol",
    "appProtocol",
    "port",
    "targetPort",
    "nodePort",
    "value",
    "valueFrom",
    "matchLabels",
    "matchExpressions",
    // CronJobSpec.
    "schedule",
    "jobTemplate",
    // PodDisruptionBudgetSpec and Status.
    "maxUnavailable",
    "disruptionsAllowed",
    "currentHealthy",
    "desiredHealthy",
    "expectedPods",
];

/// Go's order for a typed struct's fields; maps (labels, selectors' matchLabels) are sorted.
fn typed_entries<'a>(map: &'a Map<String, Value>, parent: Option<&str>) -> Vec<(&'a String, &'a Value)> {
    let mut entries = sorted_entries(map);
    if matches!(parent, Some("labels" | "annotations" | "matchLabels" | "nodeSelector" | "selector" | "data"))
        && !map.contains_key("matchLabels")
    {
        return entries;
    }
    let rank = |k: &str| TYPED_ORDER.iter().position(|t| *t == k).unwrap_or(TYPED_ORDER.len());
    kubelab_sim::sort::by_key(&mut entries, |(k, _)| rank(k));
    entries
}

fn indent(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("    ");
    }
}

fn write_value(out: &mut String, value: &Value, depth: usize, typed: bool) {
    write_value_in(out, value, depth, typed, None)
}

fn write_value_in(out: &mut String, value: &Value, depth: usize, typed: bool, parent: Option<&str>) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number(n)),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                indent(out, depth + 1);
                write_value_in(out, item, depth + 1, typed, None);
            }
            indent(out, depth);
            out.push(']');
        }
        Value::Object(map) => {
            if map.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            let entries = if typed { typed_entries(map, parent) } else { sorted_entries(map) };
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                indent(out, depth + 1);
                write_string(out, key);
                out.push_str(": ");
                write_value_in(out, item, depth + 1, typed, Some(key));
            }
            indent(out, depth);
            out.push('}');
        }
    }
}

fn sorted_entries(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    kubelab_sim::sort::by(&mut entries, |a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    entries
}

/// A JSON number as kubectl prints it (see the module docs).
pub(crate) fn number(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    match n.as_f64() {
        Some(f) => super::gofloat::json_float(f),
        // Unreachable without serde_json's arbitrary_precision; keep serde's spelling.
        None => n.to_string(),
    }
}

/// A string literal escaped like Go's `encoding/json` with HTML escaping on.
pub(crate) fn write_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0C}' => out.push_str("\\f"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 || c == '<' || c == '>' || c == '&' => {
                let b = c as u32;
                out.push_str("\\u00");
                out.push(char::from(HEX[((b >> 4) & 0xF) as usize]));
                out.push(char::from(HEX[(b & 0xF) as usize]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars() {
        assert_eq!(to_json(&json!(null)), "null\n");
        assert_eq!(to_json(&json!(true)), "true\n");
        assert_eq!(to_json(&json!(false)), "false\n");
        assert_eq!(to_json(&json!(42)), "42\n");
        assert_eq!(to_json(&json!(-7)), "-7\n");
        assert_eq!(to_json(&json!("x")), "\"x\"\n");
    }

    #[test]
    fn numbers_are_spelled_like_go() {
        assert_eq!(to_json(&json!(2.5)), "2.5\n");
        assert_eq!(to_json(&json!(3.0)), "3\n");
        assert_eq!(to_json(&json!(1e21)), "1e+21\n");
        assert_eq!(to_json(&json!(1e-7)), "1e-7\n");
        assert_eq!(to_json(&json!(0.000001)), "0.000001\n");
        assert_eq!(to_json(&json!(i64::MIN)), "-9223372036854775808\n");
        assert_eq!(to_json(&json!(i64::MAX)), "9223372036854775807\n");
        // Above i64::MAX Unstructured holds a float64.
        assert_eq!(to_json(&json!(u64::MAX)), "18446744073709552000\n");
    }

    #[test]
    fn empty_containers_stay_inline() {
        assert_eq!(to_json(&json!({})), "{}\n");
        assert_eq!(to_json(&json!([])), "[]\n");
        assert_eq!(
            to_json(&json!({"a": {}, "b": [], "c": [{}]})),
            "{\n    \"a\": {},\n    \"b\": [],\n    \"c\": [\n        {}\n    ]\n}\n"
        );
    }

    #[test]
    fn go_string_escapes() {
        assert_eq!(
            to_json(&json!("<a href=\"x\">&</a>")),
            "\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e\"\n"
        );
        assert_eq!(to_json(&json!("a\nb\tc\rd\\")), "\"a\\nb\\tc\\rd\\\\\"\n");
        assert_eq!(to_json(&json!("\u{08}\u{0C}")), "\"\\b\\f\"\n");
        assert_eq!(to_json(&json!("\u{01}\u{1b}\u{1f}")), "\"\\u0001\\u001b\\u001f\"\n");
        assert_eq!(to_json(&json!("\u{7f}é日\u{1F600}")), "\"\u{7f}é日\u{1F600}\"\n");
        assert_eq!(to_json(&json!("\u{2028}\u{2029}")), "\"\\u2028\\u2029\"\n");
        // Keys are escaped the same way.
        assert_eq!(to_json(&json!({"a<b": 1})), "{\n    \"a\\u003cb\": 1\n}\n");
    }

    #[test]
    fn keys_sorted_bytewise() {
        let mut map = Map::new();
        for k in ["status", "spec", "metadata", "kind", "apiVersion", "Z", "a_b", "aB"] {
            map.insert(k.to_string(), json!(1));
        }
        let out = to_json(&Value::Object(map));
        let keys: Vec<&str> =
            out.lines().filter_map(|l| l.trim().strip_prefix('"')).filter_map(|l| l.split('"').next()).collect();
        assert_eq!(keys, ["Z", "aB", "a_b", "apiVersion", "kind", "metadata", "spec", "status"]);
    }

    #[test]
    fn kubectl_shaped_object() {
        let value = json!({
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {
                "creationTimestamp": "2026-03-02T09:00:00Z",
                "labels": {"app": "nginx"},
                "name": "nginx",
                "namespace": "default"
            },
            "spec": {
                "clusterIP": "10.96.120.14",
                "ports": [{"nodePort": 31234, "port": 80, "protocol": "TCP", "targetPort": 80}],
                "selector": {"app": "nginx"},
                "type": "NodePort"
            },
            "status": {"loadBalancer": {}}
        });
        let want = r#"{
    "apiVersion": "v1",
    "kind": "Service",
    "metadata": {
        "creationTimestamp": "2026-03-02T09:00:00Z",
        "labels": {
            "app": "nginx"
        },
        "name": "nginx",
        "namespace": "default"
    },
    "spec": {
        "clusterIP": "10.96.120.14",
        "ports": [
            {
                "nodePort": 31234,
                "port": 80,
                "protocol": "TCP",
                "targetPort": 80
            }
        ],
        "selector": {
            "app": "nginx"
        },
        "type": "NodePort"
    },
    "status": {
        "loadBalancer": {}
    }
}
"#;
        assert_eq!(to_json(&value), want);
    }

    mod props {
        use super::super::to_json;
        use proptest::prelude::*;
        use serde_json::Value;

        fn arb_value() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<i64>().prop_map(Value::from),
                any::<u64>().prop_map(Value::from),
                // serde_json's default float parser may be off by an ULP on long mantissas,
                // so the exactness of the float spelling is checked in gofloat's own tests.
                any::<i16>().prop_map(|i| Value::from(f64::from(i) / 8.0)),
                "\\PC{0,12}".prop_map(Value::String),
                "[\\x00-\\x20<>&\"\\\\\u{2028}a]{0,6}".prop_map(Value::String),
            ];
            leaf.prop_recursive(4, 40, 6, |inner| {
                prop_oneof![
                    proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                    proptest::collection::btree_map("[a-zA-Z<_]{0,6}", inner, 0..5)
                        .prop_map(|m| Value::Object(m.into_iter().collect())),
                ]
            })
        }

        /// Compare numbers as float64: u64s above i64::MAX deliberately go through float64
        /// (like Unstructured), and `3.0` is printed (and read back) as the integer `3`.
        fn normalise(v: &Value) -> Value {
            match v {
                Value::Number(n) => n.as_f64().map(Value::from).unwrap_or(Value::Null),
                Value::Array(a) => Value::Array(a.iter().map(normalise).collect()),
                Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), normalise(v))).collect()),
                other => other.clone(),
            }
        }

        proptest! {
            #[test]
            fn output_parses_back_to_the_same_value(v in arb_value()) {
                let text = to_json(&v);
                prop_assert!(text.ends_with('\n'));
                let back: Value = serde_json::from_str(&text).map_err(|e| {
                    TestCaseError::fail(format!("{e}: {text}"))
                })?;
                let want = normalise(&v);
                // Floats survive exactly because the shortest spelling round-trips.
                prop_assert_eq!(normalise(&back), want);
            }
        }
    }
}
