//! Secrets as the API server keeps them (`Object::Opaque(Kind::Secret, _)`): `data` holds
//! base64 text on the wire and in the store, `stringData` is merged into `data` on every write
//! (and never stored), `type` defaults to `Opaque`, and `immutable: true` freezes `data`.
//!
//! * Decoding follows Go's `base64.StdEncoding` (padding required, `\r`/`\n` skipped), whose
//!   error names the byte offset: `illegal base64 data at input byte 4`.
//! * Validation: `ValidateSecret`'s key rule (`IsConfigMapKey`, as ConfigMaps) and the keys each
//!   built-in type requires (`kubernetes.io/tls`: `tls.crt` and `tls.key`, ...). Simplified:
//!   the 1 MiB size limit and the JSON check of `.dockerconfigjson` are not made.

use crate::api::{Kind, Object, Opaque};
use serde_json::Value;
use std::collections::BTreeMap;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (Go's `base64.StdEncoding.EncodeToString`).
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// Go's `base64.StdEncoding.DecodeString`: the bytes, or the offset Go's `CorruptInputError`
/// names (`illegal base64 data at input byte N`).
pub fn decode(text: &str) -> Result<Vec<u8>, usize> {
    let src = text.as_bytes();
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut si = 0usize;
    loop {
        let mut quantum = [0u32; 4];
        let mut j = 0usize;
        let mut dlen = 4usize;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return Ok(out);
                }
                // A final quantum without its padding.
                return Err(si - j);
            }
            let c = src[si];
            si += 1;
            if let Some(v) = value_of(c) {
                quantum[j] = v;
                j += 1;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if c != b'=' || j < 2 {
                return Err(si - 1);
            }
            // Padding: "x=" needs a second '=' after two characters.
            if j == 2 {
                while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                    si += 1;
                }
                if si == src.len() {
                    return Err(src.len());
                }
                if src[si] != b'=' {
                    return Err(si - 1);
                }
                si += 1;
            }
            while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                si += 1;
            }
            if si < src.len() {
                return Err(si);
            }
            dlen = j;
            break;
        }
        let n = (quantum[0] << 18) | (quantum[1] << 12) | (quantum[2] << 6) | quantum[3];
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..dlen - 1]);
        if dlen < 4 {
            return Ok(out);
        }
    }
}

/// The API server's decode error for a Secret whose `data` is no base64 (a JSON decode error:
/// `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte N`),
/// or `None`.
pub fn data_decode_error(o: &Opaque) -> Option<String> {
    let data = o.rest.get("data")?.as_object()?;
    for v in data.values() {
        let why = match v {
            Value::String(s) => match decode(s) {
                Ok(_) => continue,
                Err(at) => format!("illegal base64 data at input byte {at}"),
            },
            Value::Null => continue,
            other => format!("json: cannot unmarshal {} into Go value of type []uint8", json_type(other)),
        };
        let version = o.api_version.rsplit('/').next().unwrap_or("v1");
        return Some(format!("Secret in version \"{version}\" cannot be handled as a Secret: {why}"));
    }
    None
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "array",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
        _ => "object",
    }
}

/// A Secret's `data`, decoded (values as UTF-8, lossily), if `obj` is a Secret.
pub fn secret_data(obj: Option<&Object>) -> Option<BTreeMap<String, String>> {
    match obj? {
        Object::Opaque(Kind::Secret, o) => {
            Some(raw_data(o).into_iter().map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned())).collect())
        }
        _ => None,
    }
}

/// A Secret's `data` as bytes (values that are no base64 are passed over).
pub fn raw_data(o: &Opaque) -> BTreeMap<String, Vec<u8>> {
    o.rest
        .get("data")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter().filter_map(|(k, v)| Some((k.clone(), decode(v.as_str().unwrap_or_default()).ok()?))).collect()
        })
        .unwrap_or_default()
}

/// The API server's conversion and defaults: `stringData` merged into `data` (replacing keys
/// present in both) and dropped; `type` defaults to `Opaque`.
pub fn default_secret(o: &mut Opaque) {
    if let Some(Value::Object(strings)) = o.rest.remove("stringData") {
        let data = o.rest.entry("data".to_string()).or_insert_with(|| Value::Object(Default::default()));
        if !data.is_object() {
            *data = Value::Object(Default::default());
        }
        if let Value::Object(map) = data {
            for (k, v) in strings {
                map.insert(k, Value::String(encode(v.as_str().unwrap_or_default().as_bytes())));
            }
        }
    }
    if o.rest.get("data").is_some_and(|d| d.as_object().is_some_and(|m| m.is_empty())) {
        o.rest.remove("data");
    }
    let typed = o.rest.get("type").and_then(Value::as_str).is_some_and(|t| !t.is_empty());
    if !typed {
        o.rest.insert("type".into(), Value::String("Opaque".into()));
    }
}

/// The keys each built-in type requires (`ValidateSecret`), as `data[key]: Required value`.
fn required_keys(ty: &str) -> &'static [&'static str] {
    match ty {
        "kubernetes.io/tls" => &["tls.crt", "tls.key"],
        "kubernetes.io/dockerconfigjson" => &[".dockerconfigjson"],
        "kubernetes.io/dockercfg" => &[".dockercfg"],
        "kubernetes.io/ssh-auth" => &["ssh-privatekey"],
        _ => &[],
    }
}

/// `ValidateSecret`'s causes for a Secret (after [`default_secret`]).
pub fn validate_secret(o: &Opaque, causes: &mut Vec<String>) {
    let data = o.rest.get("data").and_then(Value::as_object);
    let keys: Vec<&String> = data.map(|m| m.keys().collect()).unwrap_or_default();
    for k in &keys {
        for msg in crate::validation::config_key_errors(k) {
            causes.push(format!("data[{k}]: Invalid value: \"{k}\": {msg}"));
        }
    }
    let ty = o.rest.get("type").and_then(Value::as_str).unwrap_or("Opaque");
    let has = |k: &str| keys.iter().any(|x| x.as_str() == k);
    for k in required_keys(ty) {
        if !has(k) {
            causes.push(format!("data[{k}]: Required value"));
        }
    }
    if ty == "kubernetes.io/basic-auth" && !has("username") && !has("password") {
        causes.push("data[username]: Required value".into());
    }
    if ty == "kubernetes.io/service-account-token"
        && !o.metadata.annotations.contains_key("kubernetes.io/service-account.name")
    {
        causes.push("metadata.annotations[kubernetes.io/service-account.name]: Required value".into());
    }
}

fn immutable(o: &Opaque) -> bool {
    o.rest.get("immutable").and_then(Value::as_bool) == Some(true)
}

/// `ValidateSecretUpdate` (and `ValidateConfigMapUpdate`): `type` never changes, and once
/// `immutable` is true neither it nor the data may change.
pub fn validate_update(kind: Kind, old: &Opaque, new: &Opaque, causes: &mut Vec<String>) {
    if kind == Kind::Secret {
        let (o, n) = (old.rest.get("type"), new.rest.get("type"));
        if o != n {
            let shown = n.and_then(Value::as_str).unwrap_or_default();
            causes.push(format!("type: Invalid value: \"{shown}\": field is immutable"));
        }
    }
    if !immutable(old) {
        return;
    }
    if !immutable(new) {
        causes.push("immutable: Forbidden: field is immutable when `immutable` is set".into());
    }
    let fields: &[&str] = if kind == Kind::Secret { &["data"] } else { &["data", "binaryData"] };
    for f in fields {
        if old.rest.get(*f) != new.rest.get(*f) {
            causes.push(format!("{f}: Forbidden: field is immutable when `immutable` is set"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_and_decode_agree_with_go() {
        for (plain, b64) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("admin", "YWRtaW4=")] {
            assert_eq!(encode(plain.as_bytes()), b64);
            assert_eq!(decode(b64), Ok(plain.as_bytes().to_vec()));
        }
        assert_eq!(decode("YWRt\naW4="), Ok(b"admin".to_vec()));
    }

    /// Offsets as Go's `CorruptInputError` reports them.
    #[test]
    fn bad_input_names_gos_byte_offset() {
        assert_eq!(decode("abc"), Err(0));
        assert_eq!(decode("YWRtaW4"), Err(4));
        assert_eq!(decode("not base64!"), Err(3));
        assert_eq!(decode("Zg="), Err(3));
        assert_eq!(decode("Zg==x"), Err(4));
        assert_eq!(decode("Z==="), Err(1));
        assert_eq!(decode("=abc"), Err(0));
        assert_eq!(decode("Zm9v$"), Err(4));
    }

    proptest::proptest! {
        /// Any bytes survive the round trip; any text decodes or names an offset inside it.
        #[test]
        fn base64_round_trips_and_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64), text in ".{0,40}") {
            proptest::prop_assert_eq!(decode(&encode(&bytes)), Ok(bytes));
            if let Err(at) = decode(&text) {
                proptest::prop_assert!(at <= text.len());
            }
        }
    }

    #[test]
    fn string_data_merges_into_data_and_type_defaults() {
        let mut o = Opaque::default();
        o.rest.insert("data".into(), serde_json::json!({"a": "MQ==", "b": "Mg=="}));
        o.rest.insert("stringData".into(), serde_json::json!({"b": "two", "c": "3"}));
        default_secret(&mut o);
        assert_eq!(o.rest.get("data"), Some(&serde_json::json!({"a": "MQ==", "b": "dHdv", "c": "Mw=="})));
        assert!(!o.rest.contains_key("stringData"));
        assert_eq!(o.rest.get("type"), Some(&serde_json::json!("Opaque")));
    }

    #[test]
    fn built_in_types_need_their_keys() {
        let mut o = Opaque::default();
        o.rest.insert("type".into(), serde_json::json!("kubernetes.io/tls"));
        o.rest.insert("data".into(), serde_json::json!({"tls.crt": "eA==", "bad key": "eA=="}));
        let mut causes = vec![];
        validate_secret(&o, &mut causes);
        assert_eq!(causes.len(), 2, "{causes:?}");
        assert!(causes[0].starts_with("data[bad key]: Invalid value: \"bad key\": a valid config key"));
        assert_eq!(causes[1], "data[tls.key]: Required value");
    }
}
