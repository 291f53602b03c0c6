//! A reversible compaction of JSON for snapshots: an array of objects (a time series: one
//! sample per simulated second, each much like the one before) is stored as its first element
//! followed by what changed from one element to the next. A cluster's hour of metrics and
//! traffic samples is most of its JSON, and shrinks to a small part of it.
//!
//! Encoding, exactly reversible:
//! - an array of two or more objects becomes `{"~d": [first, diff, diff, ...]}`;
//! - a diff holds the keys whose values changed (values encoded again), `"~r": [keys]` for keys
//!   removed, and `{"~p": diff}` for an object value that changed in part;
//! - everything else is kept as it is (its arrays and objects encoded inside).
//!
//! Keys starting with `~` would be ambiguous: [`compact`] refuses a document holding one
//! (`None`), and the caller stores it plainly.

use serde_json::{Map, Value};

const ARRAY: &str = "~d";
const REMOVED: &str = "~r";
const PARTIAL: &str = "~p";

/// The compacted form of `v`, or `None` when `v` holds an object key starting with `~`.
pub(super) fn compact(v: &Value) -> Option<Value> {
    Some(match v {
        Value::Array(items) if items.len() >= 2 && items.iter().all(Value::is_object) => {
            let mut out = Vec::with_capacity(items.len());
            out.push(compact(&items[0])?);
            for pair in items.windows(2) {
                if let [Value::Object(prev), Value::Object(cur)] = pair {
                    out.push(Value::Object(diff(prev, cur)?));
                }
            }
            let mut m = Map::new();
            m.insert(ARRAY.to_string(), Value::Array(out));
            Value::Object(m)
        }
        Value::Array(items) => Value::Array(items.iter().map(compact).collect::<Option<_>>()?),
        Value::Object(map) => {
            let mut m = Map::new();
            for (k, x) in map {
                if k.starts_with('~') {
                    return None;
                }
                m.insert(k.clone(), compact(x)?);
            }
            Value::Object(m)
        }
        other => other.clone(),
    })
}

fn diff(prev: &Map<String, Value>, cur: &Map<String, Value>) -> Option<Map<String, Value>> {
    let mut d = Map::new();
    for (k, x) in cur {
        if k.starts_with('~') {
            return None;
        }
        match (prev.get(k), x) {
            (Some(p), x) if p == x => {}
            (Some(Value::Object(p)), Value::Object(x)) => {
                let mut wrap = Map::new();
                wrap.insert(PARTIAL.to_string(), Value::Object(diff(p, x)?));
                d.insert(k.clone(), Value::Object(wrap));
            }
            _ => {
                d.insert(k.clone(), compact(x)?);
            }
        }
    }
    let removed: Vec<Value> = prev.keys().filter(|k| !cur.contains_key(*k)).map(|k| Value::String(k.clone())).collect();
    if !removed.is_empty() {
        d.insert(REMOVED.to_string(), Value::Array(removed));
    }
    Some(d)
}

/// The document [`compact`] was given, from what it returned; `Err` for a value it cannot have
/// written.
pub(super) fn expand(v: Value) -> Result<Value, String> {
    Ok(match v {
        Value::Object(mut map) if map.contains_key(ARRAY) => {
            if map.len() != 1 {
                return Err("a compacted array with other keys".into());
            }
            let Some(Value::Array(items)) = map.remove(ARRAY) else {
                return Err("a compacted array that is not an array".into());
            };
            let mut out: Vec<Value> = Vec::with_capacity(items.len());
            let mut items = items.into_iter();
            let Some(first) = items.next() else { return Err("an empty compacted array".into()) };
            let mut prev = match expand(first)? {
                Value::Object(m) => m,
                _ => return Err("a compacted array starting with a non-object".into()),
            };
            for d in items {
                let Value::Object(d) = d else { return Err("a diff that is not an object".into()) };
                let next = apply(&prev, d)?;
                out.push(Value::Object(std::mem::replace(&mut prev, next)));
            }
            out.push(Value::Object(prev));
            Value::Array(out)
        }
        Value::Object(map) => {
            let mut m = Map::new();
            for (k, x) in map {
                if k.starts_with('~') {
                    return Err(format!("an unexpected key {k}"));
                }
                m.insert(k, expand(x)?);
            }
            Value::Object(m)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(expand).collect::<Result<_, _>>()?),
        other => other,
    })
}

fn apply(prev: &Map<String, Value>, d: Map<String, Value>) -> Result<Map<String, Value>, String> {
    let mut next = prev.clone();
    for (k, x) in d {
        if k == REMOVED {
            let Value::Array(keys) = x else { return Err("removed keys that are not a list".into()) };
            for key in keys {
                let Value::String(key) = key else { return Err("a removed key that is not a string".into()) };
                next.remove(&key);
            }
            continue;
        }
        if k.starts_with('~') {
            return Err(format!("an unexpected key {k} in a diff"));
        }
        let value = match x {
            Value::Object(mut wrap) if wrap.len() == 1 && wrap.contains_key(PARTIAL) => {
                let Some(Value::Object(inner)) = wrap.remove(PARTIAL) else {
                    return Err("a partial change that is not an object".into());
                };
                let Some(Value::Object(base)) = prev.get(&k) else {
                    return Err(format!("a partial change of {k}, which was not an object"));
                };
                Value::Object(apply(base, inner)?)
            }
            x => expand(x)?,
        };
        next.insert(k, value);
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn a_series_keeps_only_what_changed_and_comes_back_exactly() {
        let v = json!({"series": [
            {"time": 1, "pods": {"a": 1, "b": 2}, "tags": [1]},
            {"time": 2, "pods": {"a": 1, "b": 3}, "tags": [1]},
            {"time": 3, "pods": {"a": 1}, "tags": [1, 2]},
            {"time": 4, "x": null},
        ]});
        let c = compact(&v).expect("no ~ keys");
        assert_eq!(
            c,
            json!({"series": {"~d": [
                {"time": 1, "pods": {"a": 1, "b": 2}, "tags": [1]},
                {"time": 2, "pods": {"~p": {"b": 3}}},
                {"time": 3, "pods": {"~p": {"~r": ["b"]}}, "tags": [1, 2]},
                {"time": 4, "x": null, "~r": ["pods", "tags"]},
            ]}})
        );
        assert_eq!(expand(c), Ok(v));
    }

    #[test]
    fn a_tilde_key_is_refused_and_a_bad_encoding_is_an_error() {
        assert_eq!(compact(&json!({"~d": 1})), None);
        assert_eq!(compact(&json!([{"a": 1}, {"~x": 1}])), None);
        for bad in [
            json!({"~d": []}),
            json!({"~d": 1}),
            json!({"~d": [1, 2]}),
            json!({"~d": [{"a": 1}, 2]}),
            json!({"~d": [{"a": 1}, {"a": {"~p": 1}}]}),
            json!({"~d": [{"a": 1}, {"a": {"~p": {"b": 1}}}]}),
            json!({"~d": [{"a": 1}, {"~r": "a"}]}),
            json!({"~d": [{"a": 1}, {"~r": [1]}]}),
            json!({"~d": [{"a": 1}], "b": 1}),
            json!({"~zz": 1}),
        ] {
            assert!(expand(bad.clone()).is_err(), "{bad}");
        }
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (0i64..4).prop_map(|n| json!(n)),
            "[ab]{0,2}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map("[abc]", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn expand_undoes_compact(v in json_value()) {
            let c = compact(&v).expect("no ~ keys");
            prop_assert_eq!(expand(c), Ok(v));
        }
    }
}
