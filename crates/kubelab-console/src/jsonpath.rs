//! The template printers of `kubectl get`: `-o jsonpath=...` (k8s.io/client-go/util/jsonpath),
//! `-o go-template=...` / `--template` (Go's text/template) and `-o custom-columns=...`, for the
//! expressions students type.
//!
//! Reproduced: literal text around `{...}` actions; paths of `.field`, `['field']`, `[N]`
//! (negative from the end), `[*]` and `.*`; quoted string actions (`{"\n"}`); several results
//! joined by a space; strings printed raw, other values as JSON (kubectl ≥1.19 prints maps and
//! lists as JSON); a missing field prints nothing (kubectl's allowMissingKeys). For go-templates:
//! `{{.a.b}}` paths and `{{"text"}}`, a missing key prints `<no value>`, maps print as
//! `map[k:v]`. custom-columns: `HEADER:.path` pairs, `<none>` for a missing value.
//!
//! Not done: `range`/`end`, filters (`?(@.x=="y")`), slices with steps, recursive descent (`..`),
//! go-template functions and pipelines; they are reported as parse errors.

use serde_json::Value;

/// One step of a path.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Field(String),
    Index(i64),
    All,
}

fn parse_path(expr: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let chars: Vec<char> = expr.trim().chars().collect();
    let mut i = 0;
    if chars.first() == Some(&'$') {
        i = 1;
    }
    while i < chars.len() {
        match chars[i] {
            '.' => {
                i += 1;
                if chars.get(i) == Some(&'.') {
                    return Err("recursive descent (..) is not supported here".into());
                }
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '-' | '/' | '*')) {
                    i += 1;
                }
                let name: String = chars[start..i].iter().collect();
                match name.as_str() {
                    "" if i >= chars.len() => {}
                    "" => return Err(format!("unrecognized character in action: {:?}", chars[i])),
                    "*" => steps.push(Step::All),
                    _ => steps.push(Step::Field(name)),
                }
            }
            '[' => {
                let end = chars[i..].iter().position(|c| *c == ']').map(|p| p + i).ok_or("unterminated array")?;
                let inner: String = chars[i + 1..end].iter().collect();
                let inner = inner.trim();
                if inner == "*" {
                    steps.push(Step::All);
                } else if let Some(q) = inner.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
                    steps.push(Step::Field(q.to_string()));
                } else if let Some(q) = inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
                    steps.push(Step::Field(q.to_string()));
                } else if let Ok(n) = inner.parse::<i64>() {
                    steps.push(Step::Index(n));
                } else {
                    return Err(format!("unsupported array expression [{inner}]"));
                }
                i = end + 1;
            }
            c if c.is_whitespace() => i += 1,
            c => return Err(format!("unrecognized character in action: U+{:04X} '{c}'", c as u32)),
        }
    }
    Ok(steps)
}

fn eval<'a>(root: &'a Value, steps: &[Step]) -> Vec<&'a Value> {
    let mut cur: Vec<&Value> = vec![root];
    for step in steps {
        let mut next = Vec::new();
        for v in cur {
            match (step, v) {
                (Step::Field(f), Value::Object(m)) => next.extend(m.get(f)),
                (Step::Index(n), Value::Array(a)) => {
                    let idx = if *n < 0 { a.len() as i64 + n } else { *n };
                    if idx >= 0 {
                        next.extend(a.get(idx as usize));
                    }
                }
                (Step::All, Value::Array(a)) => next.extend(a.iter()),
                (Step::All, Value::Object(m)) => next.extend(m.values()),
                _ => {}
            }
        }
        cur = next;
    }
    cur
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

/// Splits a template into literal text and `{open}...{close}` actions.
fn split_actions<'a>(template: &'a str, open: &str, close: &str) -> Result<Vec<(bool, &'a str)>, String> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find(open) {
        if start > 0 {
            parts.push((false, &rest[..start]));
        }
        let after = &rest[start + open.len()..];
        let Some(end) = after.find(close) else {
            return Err(format!("unclosed action in {template:?}"));
        };
        parts.push((true, &after[..end]));
        rest = &after[end + close.len()..];
    }
    if !rest.is_empty() {
        parts.push((false, rest));
    }
    Ok(parts)
}

/// A quoted string action (`"\n"`, `'x'`), unescaped.
fn string_literal(action: &str) -> Option<String> {
    let a = action.trim();
    let inner = a
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| a.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(o) => out.push(o),
            None => out.push('\\'),
        }
    }
    Some(out)
}

/// The first value the one action of `expr` (`{.a.b}`) finds in `doc`, if any (`--sort-by`).
pub fn first_value(doc: &Value, expr: &str) -> Result<Option<Value>, String> {
    let inner = expr.strip_prefix('{').and_then(|e| e.strip_suffix('}')).unwrap_or(expr);
    let steps = parse_path(inner).map_err(|e| format!("error parsing jsonpath {expr}, {e}"))?;
    Ok(eval(doc, &steps).into_iter().next().cloned())
}

/// `-o jsonpath=TEMPLATE` applied to one document.
pub fn jsonpath(doc: &Value, template: &str) -> Result<String, String> {
    let template = strip_outer_quotes(template);
    let parts = split_actions(template, "{", "}").map_err(|e| format!("error parsing jsonpath {template}, {e}"))?;
    let mut out = String::new();
    for (is_action, text) in parts {
        if !is_action {
            out.push_str(text);
            continue;
        }
        if let Some(lit) = string_literal(text) {
            out.push_str(&lit);
            continue;
        }
        let steps = parse_path(text).map_err(|e| format!("error parsing jsonpath {template}, {e}"))?;
        let values: Vec<String> = eval(doc, &steps).into_iter().map(text_of).collect();
        out.push_str(&values.join(" "));
    }
    Ok(out)
}

fn strip_outer_quotes(s: &str) -> &str {
    let t = s.trim();
    for q in ['\'', '"'] {
        if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
            return &t[1..t.len() - 1];
        }
    }
    s
}

/// Go's `fmt.Print` of a decoded JSON value, as text/template prints it.
fn go_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "<no value>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(a) => format!("[{}]", a.iter().map(go_text).collect::<Vec<_>>().join(" ")),
        Value::Object(m) => {
            format!("map[{}]", m.iter().map(|(k, v)| format!("{k}:{}", go_text(v))).collect::<Vec<_>>().join(" "))
        }
    }
}

/// `-o go-template=TEMPLATE` / `--template=TEMPLATE` applied to one document.
pub fn go_template(doc: &Value, template: &str) -> Result<String, String> {
    let template = strip_outer_quotes(template);
    let parts = split_actions(template, "{{", "}}").map_err(|e| format!("error parsing template {template}, {e}"))?;
    let mut out = String::new();
    for (is_action, text) in parts {
        if !is_action {
            out.push_str(text);
            continue;
        }
        let action = text.trim().trim_start_matches('-').trim_end_matches('-').trim();
        if let Some(lit) = string_literal(action) {
            out.push_str(&lit);
            continue;
        }
        if action == "." {
            out.push_str(&go_text(doc));
            continue;
        }
        if !action.starts_with('.') || action.contains(char::is_whitespace) {
            return Err(format!(
                "error parsing template {template}, template: output:1: function {:?} not defined",
                action.split_whitespace().next().unwrap_or(action)
            ));
        }
        let mut cur = Some(doc);
        for field in action.split('.').filter(|f| !f.is_empty()) {
            cur = cur.and_then(|v| v.get(field));
        }
        out.push_str(&cur.map(go_text).unwrap_or_else(|| "<no value>".into()));
    }
    Ok(out)
}

/// `-o custom-columns=NAME:.path,...`: the header and one row per object.
pub fn custom_columns(spec: &str, objects: &[Value]) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    let mut header = Vec::new();
    let mut paths = Vec::new();
    for col in spec.split(',') {
        let Some((name, path)) = col.split_once(':') else {
            return Err(format!("unexpected custom-columns spec: {col}, expected <header>:<json-path-expr>"));
        };
        let path = path.trim().trim_start_matches('{').trim_end_matches('}');
        let path = if path.starts_with('.') || path.starts_with('[') || path.starts_with('$') {
            path.to_string()
        } else {
            format!(".{path}")
        };
        header.push(name.to_string());
        paths.push(parse_path(&path).map_err(|e| format!("error parsing jsonpath {{{path}}}, {e}"))?);
    }
    let rows = objects
        .iter()
        .map(|o| {
            paths
                .iter()
                .map(|p| {
                    let vals: Vec<String> = eval(o, p).into_iter().map(text_of).collect();
                    if vals.is_empty() {
                        "<none>".to_string()
                    } else {
                        vals.join(",")
                    }
                })
                .collect()
        })
        .collect();
    Ok((header, rows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_and_lists() {
        let doc = json!({"spec": {"clusterIP": "10.96.0.10", "ports": [{"port": 80}, {"port": 443}]},
                         "items": [{"metadata": {"name": "a"}}, {"metadata": {"name": "b"}}],
                         "metadata": {"labels": {"app": "web"}}});
        assert_eq!(jsonpath(&doc, "{.spec.clusterIP}").unwrap(), "10.96.0.10");
        assert_eq!(jsonpath(&doc, "'{.spec.clusterIP}'").unwrap(), "10.96.0.10");
        assert_eq!(jsonpath(&doc, "{.spec.ports[0].port}").unwrap(), "80");
        assert_eq!(jsonpath(&doc, "{.spec.ports[-1].port}").unwrap(), "443");
        assert_eq!(jsonpath(&doc, "{.spec.ports[*].port}").unwrap(), "80 443");
        assert_eq!(jsonpath(&doc, "{.items[*].metadata.name}").unwrap(), "a b");
        assert_eq!(jsonpath(&doc, "{$.items[1]['metadata'].name}{\"\\n\"}").unwrap(), "b\n");
        assert_eq!(jsonpath(&doc, "ip={.spec.clusterIP}").unwrap(), "ip=10.96.0.10");
        assert_eq!(jsonpath(&doc, "{.metadata.labels}").unwrap(), "{\"app\":\"web\"}");
        assert_eq!(jsonpath(&doc, "{.nope.nope}").unwrap(), "");
        assert!(jsonpath(&doc, "{.spec").is_err());
        assert!(jsonpath(&doc, "{..name}").is_err());
    }

    #[test]
    fn go_templates_and_columns() {
        let doc = json!({"spec": {"clusterIP": "10.96.0.10"}, "metadata": {"labels": {"app": "web"}}});
        assert_eq!(go_template(&doc, "{{.spec.clusterIP}}").unwrap(), "10.96.0.10");
        assert_eq!(go_template(&doc, "{{.spec.nope}}").unwrap(), "<no value>");
        assert_eq!(go_template(&doc, "{{.metadata.labels}}{{\"\\n\"}}").unwrap(), "map[app:web]\n");
        assert!(go_template(&doc, "{{range .items}}").is_err());
        let (h, rows) = custom_columns("NAME:.metadata.labels.app,IP:.spec.clusterIP,X:.x", &[doc]).unwrap();
        assert_eq!(h, ["NAME", "IP", "X"]);
        assert_eq!(rows, [vec!["web".to_string(), "10.96.0.10".into(), "<none>".into()]]);
        assert!(custom_columns("NAME", &[]).is_err());
    }
}
