//! `kubectl create ingress NAME --rule=host/path=service:port[,tls[=secret]] [--class]
//! [--default-backend=svc:port] [--annotation=k=v]`: the Ingress kubectl 1.33's generator builds
//! (`create_ingress.go`): rules grouped by host in the order given, a path ending in `*` is a
//! `Prefix` path (else `Exact`), a numeric port is `number` (else `name`), `,tls[=secret]`
//! adds the host to a TLS entry per secret; with its validation messages. kubectl 1.19 added
//! the command (`Verb::since`).

use super::*;

/// The flags of `kubectl create ingress --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] = &["--allow-missing-template-keys", "--show-managed-fields", "--template"];

/// The flags of [create, ingress], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::v("rule", None),
    flags::v("class", None),
    flags::v("default-backend", None),
    flags::v("annotation", None),
    flags::DRY_RUN,
    flags::v("output", Some('o')),
    flags::b("save-config", None),
    flags::v("validate", None),
    flags::v("field-manager", None),
];

fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// `ruleRegex` (unanchored at the end, as kubectl's `MatchString` uses it): a host of
/// `[\w*\-.]`, a path starting with `/`, `=`, then `svcname:svcport` of `[\w\-]+` each.
fn rule_matches(rule: &str) -> bool {
    let Some(slash) = rule.find('/') else { return false };
    if !rule[..slash].chars().all(|c| word_char(c) || c == '*' || c == '.') {
        return false;
    }
    // `(?P<path>/.*)=`: any `=` after the slash may end the path (the regex backtracks).
    rule[slash..].match_indices('=').any(|(i, _)| {
        let rest = &rule[slash + i + 1..];
        let name_len = rest.chars().take_while(|c| word_char(*c)).count();
        name_len > 0 && rest[name_len..].starts_with(':') && rest[name_len + 1..].chars().next().is_some_and(word_char)
    })
}

/// `buildIngressBackendSvc`: `name:port`, a number or a port name.
fn backend(service: &str) -> Value {
    let mut parts = service.split(':');
    let name = parts.next().unwrap_or("");
    let port = parts.next().unwrap_or("");
    let port = match port.parse::<i64>() {
        Ok(n) => serde_json::json!({"number": n}),
        Err(_) => serde_json::json!({"name": port}),
    };
    serde_json::json!({"service": {"name": name, "port": port}})
}

fn build(name: &str, ns: &str, ctx: &Ctx) -> Result<Object, String> {
    let rules: Vec<&str> = ctx.flags.all("rule");
    let default_backend = ctx.flags.get("default-backend").unwrap_or("");
    if default_backend.is_empty() && rules.is_empty() {
        return Err("error: not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)".into());
    }
    if let Some(bad) = rules.iter().find(|r| !rule_matches(r)) {
        return Err(format!(
            "error: rule {bad} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]"
        ));
    }
    let annotations: Vec<&str> = ctx.flags.all("annotation");
    if let Some(bad) = annotations.iter().find(|a| !a.contains('=')) {
        return Err(format!("error: annotation {bad} is invalid and should be in format key=[value]"));
    }
    if !default_backend.is_empty() && default_backend.split(':').count() != 2 {
        return Err("error: default-backend should be in format servicename:serviceport".into());
    }
    let mut spec = serde_json::Map::new();
    if let Some(class) = ctx.flags.get("class").filter(|c| !c.is_empty()) {
        spec.insert("ingressClassName".into(), Value::String(class.to_string()));
    }
    if !default_backend.is_empty() {
        spec.insert("defaultBackend".into(), backend(default_backend));
    }
    // buildTLSRules: one entry per secret, each host once.
    let mut tls: Vec<(String, Vec<String>)> = Vec::new();
    let mut hosts_seen: Vec<String> = Vec::new();
    for rule in &rules {
        let parts: Vec<&str> = rule.split(',').collect();
        if parts.len() != 2 {
            continue;
        }
        let host = rule.split('/').next().unwrap_or("").to_string();
        let secret = parts[1].split('=').nth(1).unwrap_or("").to_string();
        if hosts_seen.contains(&host) {
            continue;
        }
        hosts_seen.push(host.clone());
        if let Some(entry) = tls.iter_mut().find(|(s, _)| *s == secret) {
            entry.1.push(host);
            continue;
        }
        let hosts = if host.is_empty() { vec![] } else { vec![host] };
        if !secret.is_empty() || !hosts.is_empty() {
            tls.push((secret, hosts));
        }
    }
    // buildIngressRules: paths grouped by host, in order.
    let mut by_host: Vec<(String, Vec<Value>)> = Vec::new();
    for rule in &rules {
        let no_tls = rule.split(',').next().unwrap_or("");
        let (host, rest) = no_tls.split_once('/').unwrap_or((no_tls, ""));
        let mut split = rest.split('=');
        let mut path = format!("/{}", split.next().unwrap_or(""));
        let service = split.next().unwrap_or("");
        let mut path_type = "Exact";
        if path.ends_with('*') {
            path_type = "Prefix";
            path.pop();
        }
        let p = serde_json::json!({"backend": backend(service), "path": path, "pathType": path_type});
        match by_host.iter_mut().find(|(h, _)| h == host) {
            Some((_, paths)) => paths.push(p),
            None => by_host.push((host.to_string(), vec![p])),
        }
    }
    let rules_json: Vec<Value> = by_host
        .into_iter()
        .map(|(host, paths)| {
            let mut r = serde_json::Map::new();
            if !host.is_empty() {
                r.insert("host".into(), Value::String(host));
            }
            r.insert("http".into(), serde_json::json!({"paths": paths}));
            Value::Object(r)
        })
        .collect();
    if !rules_json.is_empty() {
        spec.insert("rules".into(), Value::Array(rules_json));
    }
    if !tls.is_empty() {
        let entries: Vec<Value> = tls
            .into_iter()
            .map(|(secret, hosts)| {
                let mut t = serde_json::Map::new();
                if !hosts.is_empty() {
                    t.insert("hosts".into(), serde_json::json!(hosts));
                }
                if !secret.is_empty() {
                    t.insert("secretName".into(), Value::String(secret));
                }
                Value::Object(t)
            })
            .collect();
        spec.insert("tls".into(), Value::Array(entries));
    }
    let mut metadata = serde_json::json!({"name": name, "namespace": ns});
    if !annotations.is_empty() {
        let map: serde_json::Map<String, Value> = annotations
            .iter()
            .filter_map(|a| a.split_once('='))
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect();
        metadata["annotations"] = Value::Object(map);
    }
    let v = serde_json::json!({
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": metadata,
        "spec": Value::Object(spec),
        "status": {"loadBalancer": {}},
    });
    serde_json::from_value::<Opaque>(v).map(|o| Object::Opaque(Kind::Ingress, o)).map_err(|e| format!("error: {e}"))
}

pub(super) fn create_ingress(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    if ctx.pos.len() != 1 {
        return out.err(&format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl create ingress -h' for help and examples",
            ctx.pos.len()
        ));
    }
    let name = ctx.pos[0].clone();
    match build(&name, &namespace(ctx), ctx) {
        Ok(obj) => create_one(c, obj, "networking.k8s.io", ctx, out),
        Err(e) => out.err(&e),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::rule_matches;

    /// `create_ingress_test.go`'s validation table.
    #[test]
    fn rules_are_checked_as_kubectl_checks_them() {
        for (rule, ok) in [
            ("foo.com/path*=svc:8080", true),
            ("bar.com/admin*=svc2:http", true),
            ("foo.com=svc:redis,tls", false),
            ("foo.com/path/subpath*=othersvc:8080", true),
            ("foo.com/*=svc:8080,tls=secret1", true),
            ("foo.com/=svc,tls", false),
            ("foo.com/=svc:http,tls=", true),
            ("foo.com/=svc:http,tls=secret123", true),
            ("*.foo.com/admin*=svc:8080", true),
            ("*.foo.com/path,svc:8080", false),
            ("/path=svc:port", true),
        ] {
            assert_eq!(rule_matches(rule), ok, "{rule}");
        }
    }

    #[test]
    fn create_ingress_needs_rules_or_a_default_backend() {
        let mut c = console();
        assert_eq!(
            fails(&mut c, "kubectl create ingress web"),
            "error: not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl create ingress web --rule=bad"),
            "error: rule bad is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]\n"
        );
        assert_eq!(
            ok(&mut c, "kubectl create ingress web --rule=foo.com/=web:80"),
            "ingress.networking.k8s.io/web created\n"
        );
    }
}
