//! `kubectl set resources`, `set selector` and `set serviceaccount`, and what the `set` verbs
//! share: the objects a line names (`TYPE NAME`, `TYPE/NAME`, `--all`, `-l`) and their pod spec.
//!
//! `set resources` parses `--limits`/`--requests` as kubectl does (`cpu=200m,memory=512Mi`,
//! apimachinery's quantity errors) and stores canonical quantities (`0.5` → `500m`); a request
//! above its limit is refused with the API server's validation message (checked here, where the
//! update is made: the lab's API server does not compare requests with limits on other writes).
//! `set selector` replaces a Service's selector (only Services, as kubectl). `set
//! serviceaccount` sets the template's `serviceAccountName`; the lab does not check that the
//! ServiceAccount exists when pods are created from it.
//!
//! Simplified: `-f`, `--local`, `--field-manager` and the template flags are not modelled.

use super::*;
use kubelab_sim::api::quantity;

/// The flags of `kubectl set resources --help`, besides the global ones.
pub(super) const RESOURCES_FLAGS: &[FlagDef] = &[
    flags::b("all", None),
    flags::v("containers", Some('c')),
    flags::DRY_RUN,
    flags::v("limits", None),
    flags::v("requests", None),
    flags::v("output", Some('o')),
    flags::v("selector", Some('l')),
    flags::b("record", None),
];

/// The flags of `kubectl set resources --help` the lab does not model.
pub(super) const RESOURCES_NOT_MODELLED: &[&str] = &[
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

/// The flags of `kubectl set selector --help`, besides the global ones.
pub(super) const SELECTOR_FLAGS: &[FlagDef] = &[
    flags::b("all", None),
    flags::DRY_RUN,
    flags::v("output", Some('o')),
    flags::v("resource-version", None),
    flags::b("record", None),
];

/// The flags of `kubectl set selector --help` the lab does not model.
pub(super) const SELECTOR_NOT_MODELLED: &[&str] = &[
    "--allow-missing-template-keys",
    "--field-manager",
    "-f",
    "--filename",
    "--local",
    "-R",
    "--recursive",
    "--show-managed-fields",
    "--template",
];

/// The flags of `kubectl set serviceaccount --help`, besides the global ones.
pub(super) const SA_FLAGS: &[FlagDef] =
    &[flags::b("all", None), flags::DRY_RUN, flags::v("output", Some('o')), flags::b("record", None)];

/// The flags of `kubectl set serviceaccount --help` the lab does not model.
pub(super) const SA_NOT_MODELLED: &[&str] = RESOURCES_NOT_MODELLED;

/// Go's `path.Match` for container names (`*`, `?`; no character classes), by dynamic
/// programming (no backtracking blow-up on patterns with many stars).
pub(super) fn container_matches(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    if p.len() > 256 || n.len() > 256 {
        return false;
    }
    // ok[j]: the pattern so far matches the first j characters of the name.
    let mut ok = vec![false; n.len() + 1];
    ok[0] = true;
    for pc in &p {
        let mut next = vec![false; n.len() + 1];
        for j in 0..=n.len() {
            next[j] = match pc {
                '*' => ok[j] || (j > 0 && next[j - 1]),
                '?' => j > 0 && ok[j - 1],
                c => j > 0 && ok[j - 1] && n[j - 1] == *c,
            };
        }
        ok = next;
    }
    ok[n.len()]
}

/// The pod spec of an object with one (a pod, or a workload's template).
pub(super) fn pod_spec_mut(obj: &mut Object) -> Option<&mut PodSpec> {
    match obj {
        Object::Deployment(d) => Some(&mut d.spec.template.spec),
        Object::ReplicaSet(d) => Some(&mut d.spec.template.spec),
        Object::ReplicationController(d) => d.spec.template.as_mut().map(|t| &mut t.spec),
        Object::Pod(p) => Some(&mut p.spec),
        _ => None,
    }
}

/// The objects `resources` names (or, without names, `--all`/`-l` selects), fetched; or
/// kubectl's error, printed, and `None`.
pub(super) fn template_targets(
    c: &Console,
    ctx: &Ctx,
    resources: &[String],
    out: &mut Output,
) -> Option<Vec<(ResourceRef, Kind, Object)>> {
    if resources.is_empty() {
        out.err(NO_RESOURCES);
        return None;
    }
    let selector = match parse_selector(ctx) {
        Ok(s) => s,
        Err(e) => {
            out.err(&e);
            return None;
        }
    };
    let selecting = ctx.flags.bool("all") || selector.is_some();
    let targets = match targets(c, resources, selecting) {
        Ok(t) => t,
        Err(e) => {
            out.err(&e);
            return None;
        }
    };
    let ns = namespace(ctx);
    let mut found = Vec::new();
    for (r, name) in targets {
        let Some(kind) = sim_kind(&r) else { continue };
        match name {
            Some(n) => match c.cluster.get(kind, &ns, &n) {
                Some(o) => found.push((r, kind, o.clone())),
                None => {
                    out.err(&api_error(c, &ApiError::NotFound { kind, name: n }, Some(r.group)));
                    return None;
                }
            },
            None => {
                found.extend(list_matching(c, kind, Some(&ns), selector.as_ref()).into_iter().map(|o| (r, kind, o)))
            }
        }
    }
    Some(found)
}

/// `--limits`/`--requests` as kubectl's `populateResourceListV1` reads them, canonical.
fn resource_list(spec: &str) -> Result<Vec<(String, String)>, String> {
    if spec.is_empty() {
        return Ok(vec![]);
    }
    let mut list = Vec::new();
    for statement in spec.split(',') {
        let parts: Vec<&str> = statement.split('=').collect();
        let [name, value] = parts[..] else {
            return Err(format!("Invalid argument syntax {statement}, expected <resource>=<value>"));
        };
        let q = quantity::parse(value).map_err(str::to_string)?;
        list.push((name.to_string(), q.canonical()));
    }
    Ok(list)
}

/// The API server's check that no request exceeds its limit (first offending container).
fn requests_within_limits(c: &Console, spec: &PodSpec, path: &str) -> Vec<String> {
    let mut causes = Vec::new();
    // The 1.33 server names the limit's value; the 1.11 server's message ends at "limit".
    let with_value = c.cluster.version().at_least(33);
    for (i, ct) in spec.containers.iter().enumerate() {
        for (name, limit) in &ct.resources.limits {
            let (Some(limit), Some(request)) =
                (limit.as_str(), ct.resources.requests.get(name).and_then(Value::as_str))
            else {
                continue;
            };
            let (Ok(l), Ok(r)) = (quantity::parse(limit), quantity::parse(request)) else { continue };
            if r.nanos > l.nanos {
                let tail = if with_value { format!(" of {}", l.canonical()) } else { String::new() };
                causes.push(format!(
                    "{path}.containers[{i}].resources.requests: Invalid value: \"{}\": must be less than or equal to {name} limit{tail}",
                    r.canonical()
                ));
            }
        }
    }
    causes
}

fn template_path(kind: Kind) -> &'static str {
    if kind == Kind::Pod {
        "spec"
    } else {
        "spec.template.spec"
    }
}

/// The object as `-o yaml|json|name` prints it.
fn printed(c: &Console, r: &ResourceRef, kind: Kind, obj: &Object, format: &str) -> String {
    let v = wire_json(c, obj);
    match format {
        "json" => to_json(&v),
        "name" => format!("{}/{}", qualified(kind, r.group), obj.meta().name),
        _ => to_yaml(&v),
    }
}

/// Writes a changed object and prints kubectl's line (`deployment.apps/web env updated`, with
/// ` (dry run)`), or with `-o yaml|json|name` the object: a client dry run prints it as fetched
/// and changed here, a real write as the API server returned it. False when the write failed.
#[allow(clippy::too_many_arguments)]
pub(super) fn write(
    c: &mut Console,
    ctx: &Ctx,
    r: &ResourceRef,
    kind: Kind,
    obj: Object,
    what: &str,
    patch_error: Option<&str>,
    out: &mut Output,
) -> bool {
    let name = obj.meta().name.clone();
    let dry = super::cordon::dry_run_suffix(ctx);
    let format = ctx.flags.get("output").filter(|o| !o.is_empty());
    if dry == Some(" (dry run)") {
        match format {
            Some(f) => out.out(&printed(c, r, kind, &obj, f)),
            None => out.out(&format!("{}/{name} {what} (dry run)", qualified(kind, r.group))),
        }
        return true;
    }
    if let Some(suffix) = dry {
        // A server dry run, as the lab's other writes answer it: nothing is stored.
        out.out(&format!("{}/{name} {what}{suffix}", qualified(kind, r.group)));
        return true;
    }
    match c.cluster.update(obj) {
        Ok(stored) => {
            match format {
                Some(f) => out.out(&printed(c, r, kind, &stored, f)),
                None => out.out(&format!("{}/{name} {what}", qualified(kind, r.group))),
            }
            true
        }
        Err(e) => {
            out.err(&write_error(c, r, kind, &name, &e, patch_error));
            false
        }
    }
}

/// A failed write as kubectl reports it: its own text (`The Deployment "web" is invalid: ...`),
/// or, where a verb wraps the API error (`failed to patch env update to pod template: %v`), the
/// wrapper and the error as Go's `%v` prints it (`Deployment.apps "web" is invalid: ...`).
fn write_error(c: &Console, r: &ResourceRef, kind: Kind, name: &str, e: &ApiError, wrap: Option<&str>) -> String {
    let Some(wrap) = wrap else {
        return match e {
            ApiError::Invalid { .. } => format!("The {} \"{name}\" is invalid: {}", kind.name(), invalid_causes(e)),
            e => api_error(c, e, Some(r.group)),
        };
    };
    let detail = match e {
        ApiError::Invalid { .. } => {
            let group = if r.group.is_empty() { String::new() } else { format!(".{}", r.group) };
            format!("{}{group} \"{name}\" is invalid: {}", kind.name(), invalid_causes(e))
        }
        e => {
            let full = api_error(c, e, Some(r.group));
            full.split_once("): ")
                .filter(|(head, _)| head.starts_with("Error from server"))
                .map_or(full.clone(), |(_, t)| t.to_string())
        }
    };
    format!("error: {wrap}{detail}")
}

pub(super) fn set_resources(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some(found) = template_targets(c, ctx, &ctx.pos, out) else { return };
    if ctx.flags.bool("all") && ctx.flags.get("selector").is_some_and(|s| !s.is_empty()) {
        return out.err("error: cannot set --all and --selector at the same time");
    }
    let (limits_arg, requests_arg) = (ctx.flags.get("limits").unwrap_or(""), ctx.flags.get("requests").unwrap_or(""));
    if limits_arg.is_empty() && requests_arg.is_empty() {
        return out.err("error: you must specify an update to requests or limits (in the form of --requests/--limits)");
    }
    let (limits, requests) = match (resource_list(limits_arg), resource_list(requests_arg)) {
        (Ok(l), Ok(r)) => (l, r),
        (Err(e), _) | (_, Err(e)) => return out.err(&format!("error: {e}")),
    };
    record_warning(ctx, c, out);
    let pattern = ctx.flags.get("containers").unwrap_or("*").to_string();
    let mut errors: Vec<String> = Vec::new();
    for (r, kind, mut obj) in found {
        let before = obj.clone();
        let name = obj.meta().name.clone();
        let Some(spec) = pod_spec_mut(&mut obj) else {
            errors.push(format!(
                "error: {}/{name} the object is not a pod or does not have a pod template: *v1.{}\n",
                r.info.plural,
                kind.name()
            ));
            continue;
        };
        let mut matched = false;
        for ct in spec.containers.iter_mut().filter(|ct| container_matches(&pattern, &ct.name)) {
            matched = true;
            for (k, v) in &limits {
                ct.resources.limits.insert(k.clone(), Value::String(v.clone()));
            }
            for (k, v) in &requests {
                ct.resources.requests.insert(k.clone(), Value::String(v.clone()));
            }
        }
        if !matched {
            errors.push(format!("error: unable to find container named {pattern}"));
            continue;
        }
        if obj == before {
            continue;
        }
        if let Some(cause) = change_cause(ctx) {
            obj.meta_mut().annotations.insert(CHANGE_CAUSE_ANNOTATION.into(), cause);
        }
        let causes =
            pod_spec_mut(&mut obj).map(|s| requests_within_limits(c, s, template_path(kind))).unwrap_or_default();
        if !causes.is_empty() {
            let detail = if causes.len() == 1 { causes[0].clone() } else { format!("[{}]", causes.join(", ")) };
            errors.push(format!(
                "{} {}{} \"{name}\" is invalid: {detail}",
                c.era().set_resources_patch_error,
                kind.name(),
                if r.group.is_empty() { String::new() } else { format!(".{}", r.group) }
            ));
            continue;
        }
        let wrap = format!("{} ", c.era().set_resources_patch_error);
        write(c, ctx, &r, kind, obj, "resource requirements updated", Some(&wrap), out);
    }
    report(errors, out);
}

/// kubectl's aggregate of per-object errors, printed once at the end.
fn report(errors: Vec<String>, out: &mut Output) {
    match errors.len() {
        0 => {}
        1 => {
            let e = errors[0].trim_end_matches('\n');
            out.err(&if e.starts_with("error: ") { e.to_string() } else { format!("error: {e}") });
        }
        _ => out.err(&format!("error: [{}]", errors.join(", "))),
    }
}

pub(super) fn set_selector(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some((expr, resources)) = ctx.pos.split_last() else {
        return out.err("error: one selector is required");
    };
    let sel = match Selector::parse(expr) {
        Ok(s) => s,
        Err(e) => return out.err(&format!("error: {e}")),
    };
    let Some(found) = template_targets(c, ctx, resources, out) else { return };
    record_warning(ctx, c, out);
    // ParseToLabelSelector: `k=v` is a matchLabels entry, anything else an expression.
    let expressions: Vec<String> = sel
        .requirements
        .iter()
        .filter(|q| q.op != Op::Equals)
        .map(|q| {
            let op = match q.op {
                Op::Equals => "",
                Op::NotEquals | Op::NotIn => "NotIn",
                Op::In => "In",
                Op::Exists => "Exists",
                Op::DoesNotExist => "DoesNotExist",
            };
            format!("{{{} {op} [{}]}}", q.key, q.values.join(" "))
        })
        .collect();
    let labels: Option<std::collections::BTreeMap<String, String>> = expressions.is_empty().then(|| {
        sel.requirements.iter().map(|q| (q.key.clone(), q.values.first().cloned().unwrap_or_default())).collect()
    });
    for (r, kind, mut obj) in found {
        if let Some(rv) = resource_version_conflict(c, ctx, &r, &obj) {
            return out.err(&rv);
        }
        let Object::Service(svc) = &mut obj else {
            return out.err("error: setting a selector is only supported for Services");
        };
        let Some(labels) = labels.clone() else {
            return out
                .err(&format!("error: match expression [{}] not supported on this object", expressions.join(" ")));
        };
        svc.spec.selector = Some(labels);
        if !write(c, ctx, &r, kind, obj, "selector updated", None, out) {
            return;
        }
    }
}

pub(super) fn set_serviceaccount(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some((sa, resources)) = ctx.pos.split_last() else {
        return out.err("error: serviceaccount is required");
    };
    let Some(found) = template_targets(c, ctx, resources, out) else { return };
    record_warning(ctx, c, out);
    let mut errors = Vec::new();
    for (r, kind, mut obj) in found {
        let name = obj.meta().name.clone();
        let Some(spec) = pod_spec_mut(&mut obj) else {
            errors.push(format!(
                "error: {}/{name} the object is not a pod or does not have a pod template: *v1.{}\n",
                r.info.plural,
                kind.name()
            ));
            continue;
        };
        spec.extra.insert("serviceAccountName".into(), Value::String(sa.clone()));
        if let Some(cause) = change_cause(ctx) {
            obj.meta_mut().annotations.insert(CHANGE_CAUSE_ANNOTATION.into(), cause);
        }
        write(c, ctx, &r, kind, obj, "serviceaccount updated", Some("failed to patch ServiceAccountName "), out);
    }
    report(errors, out);
}

#[cfg(test)]
mod tests {
    use super::{container_matches, resource_list};
    use crate::commands::testing::*;

    #[test]
    fn container_globs_match_as_path_match_does() {
        assert!(container_matches("*", "nginx"));
        assert!(container_matches("ng*x", "nginx"));
        assert!(container_matches("ngin?", "nginx"));
        assert!(!container_matches("web", "nginx"));
        let stars = "*a".repeat(60);
        assert!(!container_matches(&stars, &"a".repeat(50)), "many stars stay cheap and correct");
    }

    #[test]
    fn resource_lists_parse_as_kubectl_does() {
        assert_eq!(
            resource_list("cpu=0.5,memory=1024Mi"),
            Ok(vec![("cpu".to_string(), "500m".to_string()), ("memory".to_string(), "1Gi".to_string())])
        );
        assert_eq!(resource_list("cpu"), Err("Invalid argument syntax cpu, expected <resource>=<value>".to_string()));
        assert!(resource_list("cpu=1=2").is_err());
    }

    #[test]
    fn resources_update_and_a_request_above_its_limit_is_refused() {
        let mut c = with_web();
        assert_eq!(
            ok(&mut c, "kubectl set resources deploy/web --limits=cpu=200m --requests=cpu=100m"),
            "deployment.apps/web resource requirements updated\n"
        );
        assert_eq!(
            ok(&mut c, "kubectl set resources deploy/web --limits=cpu=200m"),
            "",
            "nothing changed, nothing sent"
        );
        assert_eq!(
            fails(&mut c, "kubectl set resources deploy/web --requests=cpu=300m"),
            "error: failed to patch resources update to pod template Deployment.apps \"web\" is invalid: spec.template.spec.containers[0].resources.requests: Invalid value: \"300m\": must be less than or equal to cpu limit of 200m\n"
        );
        assert_eq!(ok(&mut c, "kubectl set resources deploy/web --limits=memory=1Gi -o name"), "deployment.apps/web\n");
    }

    #[test]
    fn selector_is_for_services_and_serviceaccount_for_templates() {
        let mut c = with_web();
        ok(&mut c, "kubectl expose deployment web --port=80");
        assert_eq!(ok(&mut c, "kubectl set selector svc web app=other"), "service/web selector updated\n");
        assert_eq!(fails(&mut c, "kubectl set selector"), "error: one selector is required\n");
        assert_eq!(
            ok(&mut c, "kubectl set sa deploy/web robot --dry-run=client"),
            "deployment.apps/web serviceaccount updated (dry run)\n"
        );
        assert_eq!(fails(&mut c, "kubectl set serviceaccount"), "error: serviceaccount is required\n");
    }
}
