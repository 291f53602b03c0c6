//! The kubectl verbs: one module per verb or verb family.

use crate::flags::{self, Flags};
use crate::manifest;
use crate::printers;
use crate::resources::{self, ResourceRef};
use crate::text::{render_table, rfc3339, to_json, to_yaml, LEGACY_MINWIDTH, MODERN_MINWIDTH};
use crate::{Console, FileEntry, Output};
use kubelab_sim::api::*;
use kubelab_sim::{ApiError, DeleteOptions};
use serde_json::Value;

mod apply;
mod autoscale;
mod complete;
mod create;
mod delete;
mod describe;
mod exec;
mod expose;
mod get;
mod info;
mod label;
mod logs;
mod patch;
mod rollout;
mod run;
mod scale;
mod set;
mod wire;

pub(crate) use self::complete::complete;
use self::{
    apply::*, autoscale::*, create::*, delete::*, describe::*, exec::*, expose::*, get::*, info::*, label::*, logs::*,
    patch::*, rollout::*, run::*, scale::*, set::*, wire::*,
};

const VERBS_WITH_SUBCOMMANDS: [&str; 3] = ["rollout", "set", "create"];

struct Ctx<'a> {
    path: Vec<&'a str>,
    pos: Vec<String>,
    flags: Flags,
    order: Vec<(String, String)>,
    rest: Vec<String>,
    stdin: Option<String>,
}

pub fn kubectl(c: &mut Console, args: &[String], stdin: Option<String>, out: &mut Output) {
    let Some(verb) = args.first() else {
        out.out(crate::help::help_text(&[]).unwrap_or(""));
        return;
    };
    if verb == "--help" || verb == "-h" || verb == "help" {
        let path: Vec<&str> = args[1..].iter().map(String::as_str).filter(|a| !a.starts_with('-')).collect();
        out.out(crate::help::help_text(&path).or_else(|| crate::help::help_text(&[])).unwrap_or(""));
        return;
    }
    if verb.starts_with('-') {
        // Global flags before the verb (`kubectl -n kube-system get pods`): move them after it.
        let mut moved: Vec<String> = Vec::new();
        let mut i = 0;
        while i < args.len() && args[i].starts_with('-') {
            moved.push(args[i].clone());
            if !args[i].contains('=') && matches!(args[i].as_str(), "-n" | "--namespace" | "--context" | "--kubeconfig")
            {
                if let Some(v) = args.get(i + 1) {
                    moved.push(v.clone());
                }
                i += 1;
            }
            i += 1;
        }
        if i >= args.len() {
            out.out(crate::help::help_text(&[]).unwrap_or(""));
            return;
        }
        let mut reordered = vec![args[i].clone()];
        reordered.extend(moved);
        reordered.extend_from_slice(&args[i + 1..]);
        return kubectl(c, &reordered, stdin, out);
    }
    let verbs = crate::help::verbs();
    if !verbs.contains(&verb.as_str()) {
        let mut msg = format!("error: unknown command \"{verb}\" for \"kubectl\"");
        let sugg = crate::suggest::suggest(verb, verbs.iter().copied());
        if !sugg.is_empty() {
            msg.push_str("\n\nDid you mean this?\n");
            for s in sugg {
                msg.push_str(&format!("\t{s}\n"));
            }
        }
        if verb.ends_with(".yaml") || verb.ends_with(".yml") || verb.ends_with(".json") {
            msg = format!("error: unknown command \"{verb}\" for \"kubectl\"");
        }
        out.err(&msg);
        return;
    }
    let mut path: Vec<&str> = vec![verb.as_str()];
    let mut rest_args: &[String] = &args[1..];
    if VERBS_WITH_SUBCOMMANDS.contains(&verb.as_str()) {
        if let Some(sub) = rest_args.first().filter(|s| !s.starts_with('-')) {
            if let Some(sub) = crate::help::resolve_subcommand(verb, sub) {
                path.push(sub);
                rest_args = &rest_args[1..];
            } else if verb != "create" {
                // kubectl's subcommands the lab does not have yet, then cobra's RequireNoArguments.
                let unsupported: &[&str] = match verb.as_str() {
                    "set" => &["env", "resources", "selector", "serviceaccount", "subject"],
                    _ => &[],
                };
                if unsupported.contains(&sub.as_str()) {
                    return out.err(&format!("error: \"kubectl {verb} {sub}\" is not available in this lab yet"));
                }
                let words: Vec<&str> = rest_args.iter().map(String::as_str).filter(|a| !a.starts_with('-')).collect();
                return out.err(&format!(
                    "error: unknown command \"{}\"\nSee 'kubectl {verb} -h' for help and examples",
                    words.join(" ")
                ));
            }
        } else if verb != "create" {
            // `kubectl rollout` / `kubectl set` alone print their help and fail (exit code 1):
            // rollout's help goes to stdout, set's to stderr (cmdutil.DefaultSubCommandRun).
            let text = crate::help::help_text(&[verb.as_str()]).unwrap_or("");
            if rest_args.iter().any(|a| a == "--help" || a == "-h") {
                out.out(text);
                return;
            }
            if rest_args.is_empty() {
                if verb == "rollout" {
                    out.out(text);
                    out.exit_code = 1;
                } else {
                    out.err(text);
                }
                return;
            }
        }
    }
    let (pos, flags, order, rest) = match flags::parse(&path, rest_args) {
        Ok(p) => p,
        Err(e) => {
            out.err(&format!("error: {e}\nSee 'kubectl {} --help' for usage.", path.join(" ")));
            return;
        }
    };
    if flags.bool("help") {
        out.out(crate::help::help_text(&path).unwrap_or(""));
        return;
    }
    let ctx = Ctx { path: path.clone(), pos, flags, order, rest, stdin };
    match path.as_slice() {
        ["get"] => get(c, &ctx, out),
        ["describe"] => describe(c, &ctx, out),
        ["create"] => create_or_apply(c, &ctx, out, false),
        ["create", "deployment"] => create_deployment(c, &ctx, out),
        ["create", "namespace"] => create_namespace(c, &ctx, out),
        ["create", "service"] => create_service(c, &ctx, out),
        ["expose"] => expose(c, &ctx, out),
        ["create", sub] => out.err(&format!("error: \"kubectl create {sub}\" is not available in this lab yet")),
        ["apply"] => create_or_apply(c, &ctx, out, true),
        ["delete"] => delete(c, &ctx, out),
        ["run"] => run(c, &ctx, out),
        ["exec"] => exec(c, &ctx, out),
        ["logs"] => logs(c, &ctx, out),
        ["scale"] => scale(c, &ctx, out),
        ["autoscale"] => autoscale(c, &ctx, out),
        ["set", "image"] => set_image(c, &ctx, out),
        ["rollout", sub] => rollout(c, &ctx, sub, out),
        ["label"] => label(c, &ctx, out, true),
        ["annotate"] => label(c, &ctx, out, false),
        ["patch"] => patch(c, &ctx, out),
        ["explain"] => explain(c, &ctx, out),
        ["version"] => version(c, &ctx, out),
        ["api-resources"] => api_resources(c, &ctx, out),
        ["cluster-info"] => cluster_info(c, out),
        ["proxy"] => crate::host::start_proxy(c, ctx.flags.get("port"), out),
        ["port-forward"] => match ctx.pos.split_first() {
            Some((target, ports)) => crate::host::port_forward(c, &namespace(&ctx), target, ports, out),
            None => out.err("error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples"),
        },
        [v, ..] => out.err(&format!(
            "error: \"kubectl {v}\" is not available in this lab yet (it comes with the services milestone)"
        )),
        [] => {}
    }
}

fn course(c: &Console) -> bool {
    c.course()
}

fn namespace(ctx: &Ctx) -> String {
    ctx.flags.get("namespace").unwrap_or("default").to_string()
}

fn sim_kind(r: &ResourceRef) -> Option<Kind> {
    Kind::from_name(r.info.kind)
}

fn api_error(c: &Console, e: &ApiError, group: Option<&str>) -> String {
    let plural = |k: Kind| -> String {
        let g = group.map(str::to_string).unwrap_or_else(|| default_group(c, k));
        if g.is_empty() {
            k.plural().to_string()
        } else {
            format!("{}.{}", k.plural(), g)
        }
    };
    match e {
        ApiError::NotFound { kind, name } => {
            format!("Error from server (NotFound): {} \"{name}\" not found", plural(*kind))
        }
        ApiError::AlreadyExists { kind, name } => {
            format!("Error from server (AlreadyExists): {} \"{name}\" already exists", plural(*kind))
        }
        ApiError::Invalid { .. } => e.to_string(),
        ApiError::NamespaceNotFound { namespace } => {
            format!("Error from server (NotFound): namespaces \"{namespace}\" not found")
        }
        ApiError::Forbidden { message } => format!("Error from server (Forbidden): {message}"),
        ApiError::BadRequest { message } => format!("Error from server (BadRequest): {message}"),
        ApiError::Conflict { message } => format!("Error from server (Conflict): {message}"),
    }
}

/// The named object, or kubectl's NotFound error (printed) and `None`.
fn fetch(c: &Console, ns: &str, r: &ResourceRef, name: &str, out: &mut Output) -> Option<(Kind, Object)> {
    let kind = sim_kind(r)?;
    match c.cluster.get(kind, ns, name) {
        Some(o) => Some((kind, o.clone())),
        None => {
            out.err(&api_error(c, &ApiError::NotFound { kind, name: name.to_string() }, Some(r.group)));
            None
        }
    }
}

/// The group kubectl names a kind with in this profile.
fn default_group(c: &Console, kind: Kind) -> String {
    resources::RESOURCES
        .iter()
        .find(|r| r.kind == kind.name())
        .map(|r| r.group_version(course(c)).0.to_string())
        .unwrap_or_default()
}

fn qualified(kind: Kind, group: &str) -> String {
    let singular = kind.name().to_lowercase();
    if group.is_empty() {
        singular
    } else {
        format!("{singular}.{group}")
    }
}

/// Parses `TYPE NAME...`, `TYPE/NAME...` and `TYPE1,TYPE2 NAME` into (resource, name) pairs.
fn targets(c: &Console, pos: &[String], allow_no_name: bool) -> Result<Vec<(ResourceRef, Option<String>)>, String> {
    let Some(first) = pos.first() else {
        return Ok(vec![]);
    };
    let resolve = |t: &str| -> Result<ResourceRef, String> {
        resources::resolve(t, course(c))
            .ok_or_else(|| format!("error: the server doesn't have a resource type \"{t}\""))
    };
    let mut res = Vec::new();
    if first.contains('/') {
        for p in pos {
            let Some((t, n)) = p.split_once('/') else {
                return Err(format!("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'"));
            };
            if n.is_empty() {
                return Err(format!("error: arguments in resource/name form must have a single resource and name"));
            }
            res.push((resolve(t)?, Some(n.to_string())));
        }
        return Ok(res);
    }
    let types: Vec<&str> = first.split(',').filter(|s| !s.is_empty()).collect();
    let mut refs = Vec::new();
    for t in &types {
        if *t == "all" {
            // The "all" category, in discovery order; its workloads come from the apps group
            // in every profile (kubectl 1.11 too prints `deployment.apps/...` here).
            for k in [
                "pods",
                "replicationcontrollers",
                "services",
                "deployments.apps",
                "replicasets.apps",
                "horizontalpodautoscalers.autoscaling",
            ] {
                refs.push(resolve(k)?);
            }
        } else {
            refs.push(resolve(t)?);
        }
    }
    let names = &pos[1..];
    if names.is_empty() {
        if !allow_no_name {
            return Err("error: resource(s) were provided, but no name was specified".into());
        }
        return Ok(refs.into_iter().map(|r| (r, None)).collect());
    }
    for r in refs {
        for n in names {
            res.push((r, Some(n.clone())));
        }
    }
    Ok(res)
}

/// The API server (v1.33+) warns on every request for v1 Endpoints; kubectl prints it first.
fn endpoints_warning(c: &Console, targets: &[(ResourceRef, Option<String>)], out: &mut Output) {
    if c.cluster.version().at_least(33) && targets.iter().any(|(r, _)| r.info.kind == "Endpoints") {
        out.warnings.push_str("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n");
    }
}

fn list_matching(c: &Console, kind: Kind, ns: Option<&str>, selector: Option<&Selector>) -> Vec<Object> {
    c.cluster
        .list(kind, ns)
        .into_iter()
        .filter(|o| selector.is_none_or(|s| s.matches(&o.meta().labels)))
        .cloned()
        .collect()
}

fn parse_selector(ctx: &Ctx) -> Result<Option<Selector>, String> {
    match ctx.flags.get("selector") {
        None => Ok(None),
        Some(s) => Selector::parse(s).map(Some).map_err(|e| format!("error: {e}")),
    }
}

fn minwidth(c: &Console) -> usize {
    if course(c) {
        LEGACY_MINWIDTH
    } else {
        MODERN_MINWIDTH
    }
}

fn no_resources(c: &Console, ns: Option<&str>, out: &mut Output) {
    let msg = match (course(c), ns) {
        (true, _) => "No resources found.".to_string(),
        (false, None) => "No resources found".to_string(),
        (false, Some(ns)) => format!("No resources found in {ns} namespace."),
    };
    out.stderr.push_str(&msg);
    out.stderr.push('\n');
}
