//! `kubectl set env`: add, change or remove (`KEY-`) environment variables of the containers
//! (`-c`, a glob, `*` by default) of a pod template or a pod, from arguments, `-e`, or every key
//! of a ConfigMap or Secret (`--from`, `--keys`, `--prefix`; each a `configMapKeyRef` /
//! `secretKeyRef`, named as kubectl makes key names valid: upper case, other characters `_`).
//! `--list` prints the environment (`--resolve` reads referenced values). A changed Deployment
//! template starts a rollout like any update; an unchanged one prints nothing (kubectl's empty
//! patch). `--dry-run=client -o yaml|json` prints the changed object as fetched.
//!
//! Simplified: `-f`, `--local`, `-e -` (stdin), `--field-manager` and the template flags are not
//! modelled; a ConfigMap's keys are taken in sorted order (kubectl ranges over a Go map);
//! `--list`'s header and the no-matching-containers warning are kubectl 1.33's in both eras
//! (kubectl 1.11 printed them from the REST mapping, not checked here); `--resolve` leaves
//! `fieldRef`/`resourceFieldRef` references unresolved.

use super::set_more::{container_matches, pod_spec_mut, template_targets};
use super::*;

/// The flags of `kubectl set env --help`, besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::b("all", None),
    flags::v("containers", Some('c')),
    flags::DRY_RUN,
    flags::v("env", Some('e')),
    flags::v("from", None),
    flags::v("keys", None),
    flags::b("list", None),
    flags::v("output", Some('o')),
    flags::b("overwrite", None),
    flags::v("prefix", None),
    flags::b("resolve", None),
    flags::v("selector", Some('l')),
];

/// The flags of `kubectl set env --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] = &[
    "--allow-missing-template-keys",
    "--field-manager",
    "-f",
    "--filename",
    "-k",
    "--kustomize",
    "--local",
    "-R",
    "--recursive",
    "--show-managed-fields",
    "--template",
];

/// Go's `IsEnvVarName`: `[-._a-zA-Z][-._a-zA-Z0-9]*`.
fn is_env_var_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || "-._".contains(c))
        && chars.all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
}

fn env_value_from(kind: &str, name: &str, key: &str) -> EnvVar {
    let selector = if kind == "ConfigMap" { "configMapKeyRef" } else { "secretKeyRef" };
    let mut e = EnvVar { name: String::new(), value: None, extra: Default::default() };
    e.extra.insert("valueFrom".into(), serde_json::json!({ selector: { "key": key, "name": name } }));
    e
}

/// `envutil.GetEnvVarRefString`.
fn ref_string(e: &EnvVar) -> String {
    let from = e.extra.get("valueFrom");
    let sel = |k: &str| from.and_then(|f| f.get(k));
    let field = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    if let Some(s) = sel("configMapKeyRef") {
        format!("configmap {}, key {}", field(s, "name"), field(s, "key"))
    } else if let Some(s) = sel("secretKeyRef") {
        format!("secret {}, key {}", field(s, "name"), field(s, "key"))
    } else if let Some(s) = sel("fieldRef") {
        format!("field path {}", field(s, "fieldPath"))
    } else if let Some(s) = sel("resourceFieldRef") {
        format!("resource field {}", field(s, "resource"))
    } else {
        "invalid valueFrom".into()
    }
}

/// `--resolve`: the value a `configMapKeyRef`/`secretKeyRef` names (envutil's
/// `GetEnvVarRefValue`), its error, or `None` for references the lab does not resolve here
/// (`fieldRef`, `resourceFieldRef`).
fn resolved(c: &Console, ns: &str, e: &EnvVar) -> Option<Result<String, String>> {
    let from = e.extra.get("valueFrom")?;
    let (kind, sel, what, plural) = if let Some(s) = from.get("configMapKeyRef") {
        (Kind::ConfigMap, s, "config map", "configmaps")
    } else if let Some(s) = from.get("secretKeyRef") {
        (Kind::Secret, s, "secret", "secrets")
    } else {
        return None;
    };
    let name = sel.get("name").and_then(Value::as_str).unwrap_or("");
    let key = sel.get("key").and_then(Value::as_str).unwrap_or("");
    let Some(obj) = c.cluster.get(kind, ns, name) else {
        return Some(Err(format!("{plural} \"{name}\" not found")));
    };
    let data = wire_json(c, obj);
    let value = data.get("data").and_then(|d| d.get(key)).and_then(Value::as_str).map(|v| {
        if kind == Kind::Secret {
            base64_text(v).unwrap_or_default()
        } else {
            v.to_string()
        }
    });
    Some(value.ok_or_else(|| format!("key {key} not found in {what} {name}")))
}

/// A Secret's value: standard base64, decoded to text (`None` when it is not base64 or UTF-8).
fn base64_text(s: &str) -> Option<String> {
    let mut bits: u32 = 0;
    let mut n = 0;
    let mut bytes = Vec::new();
    for ch in s.bytes().filter(|b| *b != b'=') {
        let v = match ch {
            b'A'..=b'Z' => ch - b'A',
            b'a'..=b'z' => ch - b'a' + 26,
            b'0'..=b'9' => ch - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(v);
        n += 6;
        if n >= 8 {
            n -= 8;
            bytes.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    String::from_utf8(bytes).ok()
}

/// kubectl's `updateEnv`: changed ones in place, removed ones out, new ones at the end.
fn update_env(existing: &[EnvVar], env: &[EnvVar], remove: &[String]) -> Vec<EnvVar> {
    let mut covered: Vec<String> = remove.to_vec();
    let mut out = Vec::new();
    for e in existing {
        if covered.contains(&e.name) {
            continue;
        }
        match env.iter().rev().find(|n| n.name == e.name) {
            Some(newer) => {
                covered.push(e.name.clone());
                out.push(newer.clone());
            }
            None => out.push(e.clone()),
        }
    }
    for e in env {
        if !covered.contains(&e.name) {
            covered.push(e.name.clone());
            out.push(e.clone());
        }
    }
    out
}

pub(super) fn set_env(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    // Resources first, then environment arguments (`KEY=value`, `KEY-`).
    let mut resources = Vec::new();
    let mut env_args: Vec<String> = Vec::new();
    for a in &ctx.pos {
        let is_env = a.split_once('=').is_some_and(|(k, _)| !k.is_empty()) || a.ends_with('-');
        if is_env {
            env_args.push(a.clone());
        } else if env_args.is_empty() {
            resources.push(a.clone());
        } else {
            return out.err(&format!(
                "error: all resources must be specified before environment changes: {}",
                ctx.pos.join(" ")
            ));
        }
    }
    let selector = ctx.flags.get("selector").filter(|s| !s.is_empty());
    if ctx.flags.bool("all") && selector.is_some() {
        return out.err("error: cannot set --all and --selector at the same time");
    }
    if resources.is_empty() {
        return out.err("error: one or more resources must be specified as <resource> <name> or <resource>/<name>");
    }
    let list = ctx.flags.bool("list");
    if list && ctx.flags.has("output") {
        return out.err("error: --list and --output may not be specified together");
    }
    if ctx.flags.has("keys") && !ctx.flags.has("from") {
        return out.err("error: when specifying --keys, a configmap or secret must be provided with --from");
    }
    // Parse the variables (`-e` first, as kubectl appends the arguments to them).
    let mut env: Vec<EnvVar> = Vec::new();
    let mut remove: Vec<String> = Vec::new();
    let specs: Vec<String> = ctx.flags.all("env").into_iter().map(str::to_string).chain(env_args).collect();
    for spec in &specs {
        if spec == "-" {
            return out.err("error: reading environment variables from stdin is not available in this lab yet");
        }
        if let Some((k, v)) = spec.split_once('=') {
            if !is_env_var_name(k) {
                return out.err(&format!(
                    "error: \"{k}\" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnv1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"
                ));
            }
            env.push(EnvVar { name: k.to_string(), value: Some(v.to_string()), extra: Default::default() });
        } else if let Some(k) = spec.strip_suffix('-') {
            remove.push(k.to_string());
        } else {
            return out.err(&format!("error: unknown environment variable: {spec}"));
        }
    }
    if remove.iter().any(|r| env.iter().any(|e| &e.name == r)) {
        return out.err("error: can not both modify and remove the same environment variable in the same command");
    }
    let ns = namespace(ctx);
    if let Some(from) = ctx.flags.get("from") {
        let keys: Vec<&str> = ctx.flags.all("keys").into_iter().flat_map(|k| k.split(',')).collect();
        let Some((t, name)) = from.split_once('/') else {
            return out.err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'");
        };
        let Some(r) = resources::resolve(t, c.profile) else { return out.err(&unknown_type(t, c.profile)) };
        let kind = r.info.kind;
        if kind != "ConfigMap" && kind != "Secret" {
            return out.err("error: unsupported resource specified in --from");
        }
        let Some(k) = sim_kind(&r) else { return out.err(&unknown_type(t, c.profile)) };
        let Some(obj) = c.cluster.get(k, &ns, name) else {
            return out.err(&api_error(c, &ApiError::NotFound { kind: k, name: name.to_string() }, Some(r.group)));
        };
        let data = wire_json(c, obj).get("data").cloned().unwrap_or(Value::Null);
        let mut data_keys: Vec<String> = data.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
        kubelab_sim::sort::natural(&mut data_keys);
        for key in data_keys.into_iter().filter(|k| keys.is_empty() || keys.contains(&k.as_str())) {
            let env_name: String =
                key.chars().map(|ch| if ch.is_ascii_alphanumeric() || ch == '_' { ch } else { '_' }).collect();
            let env_name = env_name.to_uppercase();
            if env_name != key && c.era().set_env_warns_renamed_keys {
                out.warnings.push_str(&format!("Warning: key {key} transferred to {env_name}\n"));
            }
            let mut e = env_value_from(kind, name, &key);
            e.name = env_name;
            env.push(e);
        }
    }
    if let Some(prefix) = ctx.flags.get("prefix").filter(|p| !p.is_empty()) {
        for e in env.iter_mut() {
            e.name = format!("{prefix}{}", e.name);
        }
    }
    let Some(found) = template_targets(c, ctx, &resources, out) else { return };
    let overwrite = ctx.flags.get("overwrite") != Some("false");
    let pattern = ctx.flags.get("containers").unwrap_or("*").to_string();
    let resolve = ctx.flags.bool("resolve");
    let mut failed = false;
    for (r, kind, mut obj) in found {
        let name = obj.meta().name.clone();
        let before = obj.clone();
        let object_name = format!("{}/{name}", r.info.plural);
        let Some(spec) = pod_spec_mut(&mut obj) else { continue };
        let mut matched = false;
        let mut error = None;
        let mut listing = String::new();
        for ct in spec.containers.iter_mut().filter(|ct| container_matches(&pattern, &ct.name)) {
            matched = true;
            if !overwrite {
                if let Some(e) =
                    env.iter().find_map(|e| ct.env.iter().find(|cur| cur.name == e.name && cur.value != e.value))
                {
                    error = Some(format!(
                        "'{}' already has a value ({}), and --overwrite is false",
                        e.name,
                        e.value.clone().unwrap_or_default()
                    ));
                    break;
                }
            }
            ct.env = update_env(&ct.env, &env, &remove);
            if list {
                listing.push_str(&format!("# {} {name}, container {}\n", kind.name(), ct.name));
                let mut resolve_errors: Vec<(String, String)> = Vec::new();
                for e in &ct.env {
                    match (&e.value, e.extra.contains_key("valueFrom")) {
                        (_, true) => match resolve.then(|| resolved(c, &ns, e)).flatten() {
                            Some(Ok(v)) => listing.push_str(&format!("{}={v}\n", e.name)),
                            other => {
                                listing.push_str(&format!("# {} from {}\n", e.name, ref_string(e)));
                                if let Some(Err(err)) = other {
                                    resolve_errors.push((err, e.name.clone()));
                                }
                            }
                        },
                        (v, false) => listing.push_str(&format!("{}={}\n", e.name, v.clone().unwrap_or_default())),
                    }
                }
                // kubectl groups the names per error, sorted, and lists the errors sorted.
                let mut by_error: std::collections::BTreeMap<String, Vec<String>> = Default::default();
                for (err, name) in resolve_errors {
                    by_error.entry(err).or_default().push(name);
                }
                let mut lines: Vec<String> = by_error
                    .into_iter()
                    .map(|(err, mut names)| {
                        kubelab_sim::sort::natural(&mut names);
                        format!("error retrieving reference for {}: {err}", names.join(", "))
                    })
                    .collect();
                kubelab_sim::sort::natural(&mut lines);
                for l in lines {
                    out.stderr.push_str(&format!("{l}\n"));
                }
            }
        }
        if !matched {
            out.warnings.push_str(&format!(
                "Warning: {}/{name} does not have any containers matching \"{pattern}\"\n",
                kind.name()
            ));
            continue;
        }
        if let Some(e) = error {
            out.err(&format!("error: {object_name} {e}"));
            failed = true;
            continue;
        }
        if list {
            out.stdout.push_str(&listing);
            continue;
        }
        if obj == before {
            continue;
        }
        if !super::set_more::write(
            c,
            ctx,
            &r,
            kind,
            obj,
            "env updated",
            Some("failed to patch env update to pod template: "),
            out,
        ) {
            failed = true;
        }
    }
    if failed {
        out.exit_code = 1;
    }
}

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;
    use kubelab_sim::api::{Kind, Object};

    fn env(c: &crate::Console) -> Vec<(String, Option<String>)> {
        match object(c, Kind::Deployment, "web") {
            Some(Object::Deployment(d)) => {
                d.spec.template.spec.containers[0].env.iter().map(|e| (e.name.clone(), e.value.clone())).collect()
            }
            _ => vec![],
        }
    }

    #[test]
    fn sets_changes_and_removes_variables() {
        let mut c = with_web();
        assert_eq!(ok(&mut c, "kubectl set env deployment/web MODE=blue LEVEL=2"), "deployment.apps/web env updated\n");
        assert_eq!(env(&c), [("MODE".into(), Some("blue".into())), ("LEVEL".into(), Some("2".into()))]);
        assert_eq!(ok(&mut c, "kubectl set env deployment/web MODE=blue"), "", "an unchanged template is not patched");
        assert_eq!(ok(&mut c, "kubectl set env deployment/web MODE-"), "deployment.apps/web env updated\n");
        assert_eq!(env(&c), [("LEVEL".into(), Some("2".into()))]);
        assert_eq!(ok(&mut c, "kubectl set env deployment/web --list"), "# Deployment web, container nginx\nLEVEL=2\n");
        assert_eq!(
            fails(&mut c, "kubectl set env deployment/web LEVEL=3 --overwrite=false"),
            "error: deployments/web 'LEVEL' already has a value (2), and --overwrite is false\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl set env deployment/web A=1 web"),
            "error: all resources must be specified before environment changes: deployment/web A=1 web\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl set env deployment/web 1A=1"),
            "error: \"1A\" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnv1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')\n"
        );
    }

    #[test]
    fn secrets_values_decode() {
        assert_eq!(super::base64_text("c2VjcmV0"), Some("secret".to_string()));
        assert_eq!(super::base64_text("YQ=="), Some("a".to_string()));
        assert_eq!(super::base64_text("!!"), None);
    }

    #[test]
    fn from_a_configmap_with_keys_and_prefix() {
        let mut c = with_web();
        ok(&mut c, "kubectl create configmap app --from-literal=mode=blue --from-literal=log.level=debug");
        let o = run(&mut c, "kubectl set env deployment/web --from=configmap/app --prefix=APP_");
        assert_eq!(o.stdout, "deployment.apps/web env updated\n");
        assert_eq!(
            o.warnings,
            "Warning: key log.level transferred to LOG_LEVEL\nWarning: key mode transferred to MODE\n"
        );
        assert_eq!(
            ok(&mut c, "kubectl set env deployment/web --list"),
            "# Deployment web, container nginx\n# APP_LOG_LEVEL from configmap app, key log.level\n# APP_MODE from configmap app, key mode\n"
        );
        assert_eq!(
            ok(&mut c, "kubectl set env deployment/web --list --resolve"),
            "# Deployment web, container nginx\nAPP_LOG_LEVEL=debug\nAPP_MODE=blue\n"
        );
        ok(&mut c, "kubectl delete configmap app");
        let o = run(&mut c, "kubectl set env deployment/web --list --resolve");
        assert_eq!(o.exit_code, 0);
        assert_eq!(o.stderr, "error retrieving reference for APP_LOG_LEVEL, APP_MODE: configmaps \"app\" not found\n");
    }
}
