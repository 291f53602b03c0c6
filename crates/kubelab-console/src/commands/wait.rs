//! `kubectl wait --for=...`: `delete`, `create` (kubectl 1.31+), `condition=NAME[=VALUE]`
//! (a value since kubectl 1.13) and `jsonpath={...}[=VALUE]` (kubectl 1.23+), on named objects
//! or on those `-l`/`--all` select. Conditions are read generically from the object's
//! `status.conditions` as the API sends it (so any kind with conditions works: Deployments'
//! `Available`, pods' `Ready`, Jobs' `Complete` once they exist), case-insensitively, and not
//! while `status.observedGeneration` lags `metadata.generation`. The wait steps the simulated
//! clock one second at a time up to `--timeout` (30s by default; 0 checks once; negative is a
//! week) — a wait longer than the lab's limit stops there and says so.
//!
//! Simplified: `-f`, `--field-selector`, `--local`, `-o` and the template flags are not
//! modelled.

use super::logs::go_duration_ms;
use super::*;

/// The flags of `kubectl wait --help`, besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::v("for", None),
    flags::v("timeout", None),
    flags::b("all", None),
    flags::ALL_NAMESPACES,
    flags::v("selector", Some('l')),
];

/// The flags of `kubectl wait --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] = &[
    "--allow-missing-template-keys",
    "--field-selector",
    "-f",
    "--filename",
    "--local",
    "-o",
    "--output",
    "-R",
    "--recursive",
    "--show-managed-fields",
    "--template",
];

/// What `--for` asks.
enum For {
    Delete,
    Create,
    Condition { name: String, value: String },
    JsonPath { expr: String, value: Option<String> },
}

fn parse_for(s: &str, minor: u8) -> Result<For, String> {
    let lower = s.to_lowercase();
    let unrecognized = || Err(format!("error: unrecognized condition: \"{s}\""));
    if lower == "delete" {
        return Ok(For::Delete);
    }
    if lower == "create" {
        return if minor >= 31 { Ok(For::Create) } else { unrecognized() };
    }
    if let Some(cond) = s.strip_prefix("condition=") {
        return Ok(match cond.split_once('=').filter(|_| minor >= 13) {
            Some((n, v)) => For::Condition { name: n.to_string(), value: v.to_string() },
            None => For::Condition { name: cond.to_string(), value: "true".into() },
        });
    }
    if let Some(input) = s.strip_prefix("jsonpath=").filter(|_| minor >= 23) {
        let format_error = "error: jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'";
        // `{...}=VALUE`, or a relaxed `.a.b=VALUE`.
        let (expr, value) = if input.starts_with('{') {
            match input.find('}') {
                Some(end) => {
                    let (e, rest) = input.split_at(end + 1);
                    match rest.strip_prefix('=') {
                        Some(v) => (e.to_string(), Some(v)),
                        None if rest.is_empty() => (e.to_string(), None),
                        None => return Err(format_error.into()),
                    }
                }
                None => return Err(format_error.into()),
            }
        } else {
            match input.split_once('=') {
                Some((e, v)) => (format!("{{{e}}}"), Some(v)),
                None => (format!("{{{input}}}"), None),
            }
        };
        if expr == "{}" {
            return Err(format_error.into());
        }
        let value = match value.map(|v| v.trim_matches(|c| c == '\'' || c == '"')) {
            Some("") => {
                return Err("error: jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3".into())
            }
            v => v.map(str::to_string),
        };
        return Ok(For::JsonPath { expr, value });
    }
    unrecognized()
}

/// Whether the object meets a condition or jsonpath test now.
fn met(c: &Console, obj: &Object, f: &For) -> Result<bool, String> {
    let v = wire_json(c, obj);
    match f {
        For::Condition { name, value } => {
            let generation = v.pointer("/metadata/generation").and_then(Value::as_i64);
            let Some(conds) = v.pointer("/status/conditions").and_then(Value::as_array) else { return Ok(false) };
            for cond in conds {
                let ty = cond.get("type").and_then(Value::as_str).unwrap_or("");
                if !ty.eq_ignore_ascii_case(name) {
                    continue;
                }
                let observed = cond
                    .get("observedGeneration")
                    .or_else(|| v.pointer("/status/observedGeneration"))
                    .and_then(Value::as_i64);
                if let (Some(g), Some(o)) = (generation, observed) {
                    if o < g {
                        return Ok(false);
                    }
                }
                let status = cond.get("status").and_then(Value::as_str).unwrap_or("");
                return Ok(status.eq_ignore_ascii_case(value));
            }
            Ok(false)
        }
        For::JsonPath { expr, value } => {
            let found = crate::jsonpath::first_value(&v, expr).map_err(|e| format!("error: {e}"))?;
            Ok(match (found, value) {
                (None, _) => false,
                (Some(_), None) => true,
                (Some(Value::String(s)), Some(want)) => &s == want,
                (Some(Value::Number(n)), Some(want)) => &n.to_string() == want,
                (Some(Value::Bool(b)), Some(want)) => &b.to_string() == want,
                (Some(_), Some(_)) => false,
            })
        }
        For::Delete | For::Create => Ok(true),
    }
}

pub(super) fn wait(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let minor = c.era().kubectl_minor;
    let f = match parse_for(ctx.flags.get("for").unwrap_or(""), minor) {
        Ok(f) => f,
        Err(e) => return out.err(&e),
    };
    // Go durations; negative means a week (168h).
    let timeout_secs: u64 = match ctx.flags.get("timeout") {
        None => 30,
        Some(v) => match go_duration_ms(v.trim_start_matches('-')) {
            Some(_) if v.starts_with('-') => 168 * 3600,
            Some(ms) => ms.div_ceil(1000),
            None => {
                return out.err(&format!(
                    "error: invalid argument \"{v}\" for \"--timeout\" flag: time: invalid duration \"{v}\"\nSee 'kubectl wait --help' for usage."
                ))
            }
        },
    };
    if ctx.pos.is_empty() {
        return out.err(NO_RESOURCES);
    }
    let targets = match targets(c, &ctx.pos, true) {
        Ok(t) => t,
        Err(e) => return out.err(&e),
    };
    let selector = match parse_selector(ctx) {
        Ok(s) => s,
        Err(e) => return out.err(&e),
    };
    if targets.iter().any(|(_, n)| n.is_none()) && selector.is_none() && !ctx.flags.bool("all") {
        return out.err("error: resource(s) were provided, but no name, label selector, or --all flag specified");
    }
    let all_ns = ctx.flags.bool("all-namespaces");
    let ns = namespace(ctx);
    let limit = timeout_secs.min(crate::WAIT_LIMIT_SECS);
    let start = c.cluster.now();
    let elapsed = |c: &Console| c.cluster.now().0.saturating_sub(start.0) / 1000;
    // Idle seconds are skipped (`Cluster::advance`): nothing waited for can change in them.
    let deadline = start + kubelab_sim::SimDuration::from_secs(limit);
    let stop = |out: &mut Output| {
        out.stopped = Some(format!(
            "the lab stopped waiting at its limit for a wait, {}; kubectl waits until --timeout ({})",
            crate::exact_duration(kubelab_sim::SimDuration::from_secs(crate::WAIT_LIMIT_SECS)),
            crate::text::duration::go_duration_secs(timeout_secs)
        ));
        out.exit_code = 130;
    };
    if matches!(f, For::Create) {
        // Poll until every named object exists (the resource builder finds them all).
        loop {
            let all_there = targets.iter().all(|(r, n)| match (sim_kind(r), n) {
                (Some(k), Some(n)) => c.cluster.get(k, &ns, n).is_some(),
                (Some(k), None) => !list_matching(c, k, (!all_ns).then_some(ns.as_str()), selector.as_ref()).is_empty(),
                _ => false,
            });
            if all_there {
                break;
            }
            if elapsed(c) >= limit {
                if limit < timeout_secs {
                    return stop(out);
                }
                return out.err("error: timed out waiting for the condition");
            }
            c.cluster.advance(deadline);
        }
    }
    // The objects the resource builder finds, once.
    let mut found: Vec<(ResourceRef, Kind, Object)> = Vec::new();
    for (r, name) in &targets {
        let Some(kind) = sim_kind(r) else { continue };
        match name {
            Some(n) => match c.cluster.get(kind, &ns, n) {
                Some(o) => found.push((*r, kind, o.clone())),
                // `--for=delete` ignores objects already gone.
                None if matches!(f, For::Delete) => {}
                None => {
                    return out.err(&api_error(c, &ApiError::NotFound { kind, name: n.clone() }, Some(r.group)));
                }
            },
            None => {
                let mut objs = list_matching(c, kind, (!all_ns).then_some(ns.as_str()), selector.as_ref());
                kubelab_sim::sort::by(&mut objs, |a, b| {
                    (a.meta().namespace.as_deref(), &a.meta().name)
                        .cmp(&(b.meta().namespace.as_deref(), &b.meta().name))
                });
                found.extend(objs.into_iter().map(|o| (*r, kind, o)));
            }
        }
    }
    if found.is_empty() && !matches!(f, For::Delete) {
        return out.err("error: no matching resources found");
    }
    for (r, kind, obj) in found {
        let name = obj.meta().name.clone();
        let obj_ns = obj.meta().namespace.clone().unwrap_or_default();
        let shown = format!("{}/{}", qualified(kind, r.group), name);
        let object_name = format!("{}/{name}", r.info.plural);
        loop {
            let now = c.cluster.get(kind, &obj_ns, &name).cloned();
            let done = match (&f, &now) {
                (For::Delete, None) => true,
                (For::Delete, Some(o)) => o.meta().uid != obj.meta().uid,
                (_, None) => {
                    return out.err(&api_error(c, &ApiError::NotFound { kind, name: name.clone() }, Some(r.group)));
                }
                (_, Some(o)) => match met(c, o, &f) {
                    Ok(m) => m,
                    Err(e) => return out.err(&e),
                },
            };
            if done {
                out.out(&format!("{shown} condition met"));
                break;
            }
            if timeout_secs == 0 && c.era().wait_timeout_names_object {
                return out.err(&format!("error: condition not met for {object_name}"));
            }
            if elapsed(c) >= limit {
                if limit < timeout_secs {
                    return stop(out);
                }
                return out.err(&if c.era().wait_timeout_names_object {
                    format!("error: timed out waiting for the condition on {object_name}")
                } else {
                    "error: timed out waiting for the condition".to_string()
                });
            }
            c.cluster.advance(deadline);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;

    #[test]
    fn waits_for_conditions_and_deletion() {
        let mut c = console();
        ok(&mut c, "kubectl create deployment web --image=nginx --replicas=2");
        assert_eq!(
            ok(&mut c, "kubectl wait --for=condition=Available deployment/web"),
            "deployment.apps/web condition met\n"
        );
        let pods = ok(&mut c, "kubectl wait --for=condition=Ready pod -l app=web");
        assert_eq!(pods.lines().count(), 2, "{pods}");
        assert!(pods.lines().all(|l| l.starts_with("pod/web-") && l.ends_with(" condition met")), "{pods}");
        assert_eq!(
            ok(&mut c, "kubectl wait --for=jsonpath={.status.readyReplicas}=2 deploy/web"),
            "deployment.apps/web condition met\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl wait --for=condition=Ready pod -l app=nope"),
            "error: no matching resources found\n"
        );
        assert_eq!(fails(&mut c, "kubectl wait --for=foo pod/x"), "error: unrecognized condition: \"foo\"\n");
        let timed_out = run(&mut c, "kubectl wait --for=condition=Nope deploy/web --timeout=3s");
        assert_eq!(timed_out.stderr, "error: timed out waiting for the condition on deployments/web\n");
        assert_eq!((timed_out.exit_code, timed_out.lab_note()), (1, Some("3s passed".to_string())));
        assert_eq!(
            fails(&mut c, "kubectl wait --for=condition=Nope deploy/web --timeout=0"),
            "error: condition not met for deployments/web\n"
        );
        ok(&mut c, "kubectl run lone --image=nginx");
        assert_eq!(ok(&mut c, "kubectl wait --for=condition=Ready pod/lone"), "pod/lone condition met\n");
        ok(&mut c, "kubectl delete pod lone --wait=false");
        let gone = run(&mut c, "kubectl wait --for=delete pod/lone");
        assert_eq!(gone.stdout, "pod/lone condition met\n");
        assert!(gone.elapsed.is_some(), "the pod's graceful termination took time");
        // Already gone: nothing to wait for, nothing printed.
        assert_eq!(ok(&mut c, "kubectl wait --for=delete pod/lone"), "");
    }

    #[test]
    fn the_course_era_knows_no_jsonpath_nor_create() {
        let mut c = course();
        assert_eq!(
            fails(&mut c, "kubectl wait --for=jsonpath={.status.phase}=Running pod/x"),
            "error: unrecognized condition: \"jsonpath={.status.phase}=Running\"\n"
        );
        assert_eq!(fails(&mut c, "kubectl wait --for=create pod/x"), "error: unrecognized condition: \"create\"\n");
    }
}
