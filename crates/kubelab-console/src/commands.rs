//! The kubectl verbs.

use crate::flags::{self, Flags};
use crate::manifest;
use crate::printers;
use crate::resources::{self, ResourceRef};
use crate::text::{render_table, rfc3339, to_json, to_yaml, LEGACY_MINWIDTH, MODERN_MINWIDTH};
use crate::{Console, FileEntry, Output};
use kubelab_sim::api::*;
use kubelab_sim::{ApiError, DeleteOptions};
use serde_json::Value;

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

// ----- shared helpers -----

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

/// The object as the API server would return it: wire timestamps, string resourceVersion,
/// the apiVersion the profile prefers.
pub fn wire_json(c: &Console, obj: &Object) -> Value {
    let mut v = obj.to_json();
    let kind = obj.kind();
    let api_version = resources::RESOURCES
        .iter()
        .find(|r| r.kind == kind.name())
        .map(|r| r.api_version(course(c)))
        .unwrap_or_else(|| "v1".into());
    fix_timestamps(c, &mut v);
    // What a kubelet reports about its node beyond the simulator's model: machine identifiers,
    // the status heartbeat, podCIDRs (1.16+).
    if let Object::Node(n) = obj {
        let name = &n.metadata.name;
        let beat = rfc3339(c.cluster.unix_secs(crate::describe::node_heartbeat(&c.cluster, n)));
        if let Some(Value::Object(info)) = v.pointer_mut("/status/nodeInfo") {
            info.insert("machineID".into(), Value::String(crate::describe::pseudo_hex(&format!("machine/{name}"), 32)));
            info.insert("systemUUID".into(), Value::String(crate::describe::pseudo_uuid(&format!("system/{name}"))));
            info.insert("bootID".into(), Value::String(crate::describe::pseudo_uuid(&format!("boot/{name}"))));
        }
        if let Some(Value::Array(conds)) = v.pointer_mut("/status/conditions") {
            for cond in conds.iter_mut().filter_map(Value::as_object_mut) {
                cond.remove("lastProbeTime");
                cond.insert("lastHeartbeatTime".into(), Value::String(beat.clone()));
            }
        }
        if !course(c) {
            if let (Some(cidr), Some(Value::Object(spec))) = (n.spec.pod_cidr.clone(), v.get_mut("spec")) {
                spec.insert("podCIDRs".into(), serde_json::json!([cidr]));
            }
        }
    }
    // podIPs / hostIPs (1.16+ / 1.28+) repeat podIP / hostIP.
    if kind == Kind::Pod && !course(c) {
        if let Some(Value::Object(status)) = v.get_mut("status") {
            for (one, many) in [("hostIP", "hostIPs"), ("podIP", "podIPs")] {
                if let Some(ip) = status.get(one).cloned().filter(|ip| ip.as_str().is_some_and(|s| !s.is_empty())) {
                    status.insert(many.into(), serde_json::json!([{ "ip": ip }]));
                }
            }
        }
    }
    // A pod template's metadata has no creation time: the API prints `creationTimestamp: null`.
    if let Some(Value::Object(meta)) = v.pointer_mut("/spec/template/metadata") {
        meta.insert("creationTimestamp".into(), Value::Null);
    }
    if let Value::Object(m) = &mut v {
        m.insert("apiVersion".into(), Value::String(api_version.clone()));
        if let Some(Value::Object(meta)) = m.get_mut("metadata") {
            if let Some(rv) = meta.get("resourceVersion").and_then(Value::as_u64) {
                meta.insert("resourceVersion".into(), Value::String(rv.to_string()));
            }
        }
        if kind == Kind::HorizontalPodAutoscaler && api_version == "autoscaling/v2" {
            if let Some(Value::Object(spec)) = m.get_mut("spec") {
                if let Some(t) = spec.remove("targetCPUUtilizationPercentage") {
                    spec.insert(
                        "metrics".into(),
                        serde_json::json!([{"resource": {"name": "cpu", "target": {"averageUtilization": t, "type": "Utilization"}}, "type": "Resource"}]),
                    );
                }
            }
            if let Some(Value::Object(status)) = m.get_mut("status") {
                status.remove("currentCPUUtilizationPercentage");
            }
        }
    }
    v
}

fn fix_timestamps(c: &Console, v: &mut Value) {
    const KEYS: [&str; 12] = [
        "creationTimestamp",
        "deletionTimestamp",
        "lastTransitionTime",
        "lastUpdateTime",
        "lastProbeTime",
        "startTime",
        "startedAt",
        "finishedAt",
        "firstTimestamp",
        "lastTimestamp",
        "lastScaleTime",
        "lastHeartbeatTime",
    ];
    match v {
        Value::Object(m) => {
            for (k, val) in m.iter_mut() {
                if KEYS.contains(&k.as_str()) {
                    if let Some(ms) = val.as_u64() {
                        *val = Value::String(rfc3339(c.cluster.unix_secs(kubelab_sim::SimTime(ms))));
                        continue;
                    }
                }
                fix_timestamps(c, val);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| fix_timestamps(c, x)),
        _ => {}
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

// ----- get -----

fn get(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    if ctx.pos.is_empty() && !ctx.flags.has("filename") {
        out.err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
        return;
    }
    let selector = match parse_selector(ctx) {
        Ok(s) => s,
        Err(e) => return out.err(&e),
    };
    let targets = match targets(c, &ctx.pos, true) {
        Ok(t) => t,
        Err(e) => return out.err(&e),
    };
    endpoints_warning(c, &targets, out);
    let all_ns = ctx.flags.bool("all-namespaces");
    let ns = namespace(ctx);
    // `--template` alone means `-o go-template`; `-o jsonpath=T` and `-o jsonpath --template T`
    // are the same.
    let output_flag = ctx.flags.get("output").unwrap_or(if ctx.flags.has("template") { "go-template" } else { "" });
    let (output, template) = match output_flag.split_once('=') {
        Some((o, t)) => (o, Some(t.to_string())),
        None => (output_flag, ctx.flags.get("template").map(str::to_string)),
    };
    let output = if output == "template" { "go-template" } else { output };
    if !matches!(output, "" | "wide" | "yaml" | "json" | "name" | "jsonpath" | "go-template" | "custom-columns") {
        return out.err(&format!("error: unable to match a printer suitable for the output format \"{output_flag}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"));
    }
    let template = template.unwrap_or_default();
    if matches!(output, "jsonpath" | "go-template") && template.is_empty() {
        return out.err("error: template format specified but no template given");
    }
    if output == "custom-columns" && template.is_empty() {
        return out.err("error: custom-columns format specified but no custom columns given");
    }
    // Group by kind, in the order given.
    let mut groups: Vec<(ResourceRef, Vec<Object>)> = Vec::new();
    let multi_kind = {
        let mut kinds: Vec<&str> = targets.iter().map(|(r, _)| r.info.kind).collect();
        kinds.dedup();
        kinds.len() > 1 || ctx.pos.first().is_some_and(|p| p.split(',').any(|t| t == "all"))
    };
    for (r, name) in &targets {
        if r.info.kind == "Event" {
            events_table(c, ctx, out);
            return;
        }
        let Some(kind) = sim_kind(r) else {
            out.err(&format!("error: the server doesn't have a resource type \"{}\"", r.info.plural));
            continue;
        };
        let scope = if all_ns || !kind.namespaced() { None } else { Some(ns.as_str()) };
        let objs: Vec<Object> = match name {
            Some(n) => match c.cluster.get(kind, &ns, n) {
                Some(o) => vec![o.clone()],
                None => {
                    out.err(&api_error(c, &ApiError::NotFound { kind, name: n.clone() }, Some(r.group)));
                    vec![]
                }
            },
            None => list_matching(c, kind, scope, selector.as_ref()),
        };
        match groups.iter_mut().find(|(g, _)| g.info.kind == r.info.kind) {
            Some((_, v)) => v.extend(objs),
            None => groups.push((*r, objs)),
        }
    }
    let total: usize = groups.iter().map(|(_, v)| v.len()).sum();
    let named = targets.iter().any(|(_, n)| n.is_some());
    match output {
        "yaml" | "json" | "jsonpath" | "go-template" | "custom-columns" => {
            let items: Vec<Value> = groups.iter().flat_map(|(_, v)| v.iter().map(|o| wire_json(c, o))).collect();
            if items.is_empty() && named {
                return;
            }
            if output == "custom-columns" {
                match crate::jsonpath::custom_columns(&template, &items) {
                    Ok((header, rows)) => {
                        let h = if ctx.flags.bool("no-headers") { None } else { Some(header.as_slice()) };
                        out.stdout.push_str(&render_table(h, &rows, minwidth(c)));
                    }
                    Err(e) => out.err(&format!("error: {e}")),
                }
                return;
            }
            // One named object prints as itself, anything else as a List.
            let doc = if items.len() == 1 && named {
                items.into_iter().next().unwrap_or(Value::Null)
            } else {
                serde_json::json!({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}})
            };
            match output {
                "yaml" => out.out(&to_yaml(&doc)),
                "json" => out.out(&to_json(&doc)),
                "jsonpath" => match crate::jsonpath::jsonpath(&doc, &template) {
                    Ok(text) => out.stdout.push_str(&text),
                    Err(e) => out.err(&format!("error: {e}")),
                },
                _ => match crate::jsonpath::go_template(&doc, &template) {
                    Ok(text) => out.stdout.push_str(&text),
                    Err(e) => out.err(&format!("error: {e}")),
                },
            }
        }
        "name" => {
            for (r, objs) in &groups {
                for o in objs {
                    out.out(&format!("{}/{}", qualified(o.kind(), r.group), o.meta().name));
                }
            }
        }
        _ => {
            if total == 0 {
                if !named {
                    no_resources(c, if all_ns { None } else { Some(&ns) }, out);
                }
                return;
            }
            let wide = output == "wide";
            let mut first = true;
            // One tab writer per kind, remembering its widths, so that `-w` rows line up
            // with the table above them (kubectl keeps one RememberWidths writer).
            let mut writers: Vec<crate::text::TabWriter> = Vec::new();
            for (r, objs) in &groups {
                if objs.is_empty() {
                    continue;
                }
                let kind = objs[0].kind();
                let prefix = if multi_kind { Some(qualified(kind, r.group)) } else { None };
                let refs: Vec<&Object> = objs.iter().collect();
                let mut t = printers::table(&c.cluster, kind, &refs, course(c), wide, false, all_ns, prefix.as_deref());
                decorate(&mut t, &refs, ctx);
                if !first {
                    out.stdout.push('\n');
                }
                first = false;
                let mut w = crate::text::TabWriter::kubectl_table(minwidth(c));
                if !ctx.flags.bool("no-headers") {
                    w.write_str(&t.header.join("\t"));
                    w.write_str("\n");
                }
                write_rows(&mut w, &t.rows);
                out.stdout.push_str(&w.flush());
                writers.push(w);
            }
            if ctx.flags.bool("watch") {
                let kinds: Vec<(ResourceRef, Kind)> = groups
                    .iter()
                    .filter(|(_, objs)| !objs.is_empty())
                    .filter_map(|(r, _)| sim_kind(r).map(|k| (*r, k)))
                    .collect();
                watch(c, ctx, &kinds, selector.as_ref(), multi_kind, &mut writers, out);
            }
        }
    }
}

/// `-L key` label columns (header: the key's last path segment, upper-cased; an empty cell when
/// the label is missing), then `--show-labels`' LABELS column, as kubectl's table decorator adds them.
fn decorate(t: &mut printers::Table, objs: &[&Object], ctx: &Ctx) {
    let keys: Vec<String> = ctx
        .flags
        .all("label-columns")
        .iter()
        .flat_map(|v| v.split(','))
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect();
    for k in &keys {
        t.header.push(k.rsplit('/').next().unwrap_or(k).to_uppercase());
    }
    let show = ctx.flags.bool("show-labels");
    if show {
        t.header.push("LABELS".into());
    }
    for (row, o) in t.rows.iter_mut().zip(objs) {
        let labels = &o.meta().labels;
        for k in &keys {
            row.push(labels.get(k).cloned().unwrap_or_default());
        }
        if show {
            row.push(if labels.is_empty() {
                "<none>".to_string()
            } else {
                labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
            });
        }
    }
}

fn write_rows(w: &mut crate::text::TabWriter, rows: &[Vec<String>]) {
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| crate::text::escape_cell(c)).collect();
        w.write_str(&cells.join("\t"));
        w.write_str("\n");
    }
}

/// `get -w`: after the table, prints a row for each object whose printed cells (AGE aside)
/// change as simulated time passes, a deleted object's last row included; for at most a
/// simulated minute, stopping after 20 quiet seconds (a real watch runs until Ctrl-C).
#[allow(clippy::too_many_arguments)]
fn watch(
    c: &mut Console,
    ctx: &Ctx,
    kinds: &[(ResourceRef, Kind)],
    selector: Option<&Selector>,
    multi_kind: bool,
    writers: &mut [crate::text::TabWriter],
    out: &mut Output,
) {
    let ns = namespace(ctx);
    let all_ns = ctx.flags.bool("all-namespaces");
    let wide = ctx.flags.get("output") == Some("wide");
    // Per kind: (object key, its row) for every listed object.
    let snapshot = |c: &Console| -> Vec<Vec<(String, Vec<String>)>> {
        kinds
            .iter()
            .map(|(r, k)| {
                let scope = if all_ns || !k.namespaced() { None } else { Some(ns.as_str()) };
                let objs = list_matching(c, *k, scope, selector);
                let refs: Vec<&Object> = objs.iter().collect();
                let prefix = if multi_kind { Some(qualified(*k, r.group)) } else { None };
                let mut t = printers::table(&c.cluster, *k, &refs, c.course(), wide, false, all_ns, prefix.as_deref());
                decorate(&mut t, &refs, ctx);
                objs.iter().map(|o| format!("{}/{}", o.meta().ns(), o.meta().name)).zip(t.rows).collect()
            })
            .collect()
    };
    // The AGE cell ticks every second; it does not make a row new.
    let age_col = |k: Kind| {
        printers::columns(k, c.course(), false)
            .iter()
            .position(|h| *h == "AGE")
            .map(|i| i + usize::from(all_ns && k.namespaced()))
    };
    let age_cols: Vec<Option<usize>> = kinds.iter().map(|(_, k)| age_col(*k)).collect();
    let without_age = |row: &[String], i: usize| -> Vec<String> {
        let mut r = row.to_vec();
        if let Some(Some(a)) = age_cols.get(i) {
            if let Some(cell) = r.get_mut(*a) {
                cell.clear();
            }
        }
        r
    };
    let mut prev = snapshot(c);
    let mut quiet = 0;
    for _ in 0..60 {
        c.cluster.step();
        let now = snapshot(c);
        let mut changed = false;
        for (i, rows) in now.iter().enumerate() {
            let before = &prev[i];
            let mut lines: Vec<Vec<String>> = Vec::new();
            for (key, row) in rows {
                if before.iter().find(|(k, _)| k == key).is_none_or(|(_, r)| without_age(r, i) != without_age(row, i)) {
                    lines.push(row.clone());
                }
            }
            for (key, row) in before {
                if !rows.iter().any(|(k, _)| k == key) {
                    lines.push(row.clone());
                }
            }
            if lines.is_empty() {
                continue;
            }
            changed = true;
            if let Some(w) = writers.get_mut(i) {
                write_rows(w, &lines);
                out.stdout.push_str(&w.flush());
            }
        }
        prev = now;
        if changed {
            quiet = 0;
        } else {
            quiet += 1;
            if quiet >= 20 {
                break;
            }
        }
    }
}

fn events_table(c: &Console, ctx: &Ctx, out: &mut Output) {
    let all_ns = ctx.flags.bool("all-namespaces");
    let ns = namespace(ctx);
    let mut evs: Vec<&Event> =
        c.cluster.events().iter().filter(|e| all_ns || e.metadata.namespace.as_deref() == Some(ns.as_str())).collect();
    // As the API server lists them: by namespace, then name (`<object>.<hex time>`), so grouped
    // by object; kubectl does not sort them (`--sort-by=.lastTimestamp` does).
    evs.sort_by(|a, b| (&a.metadata.namespace, &a.metadata.name).cmp(&(&b.metadata.namespace, &b.metadata.name)));
    if evs.is_empty() {
        return no_resources(c, if all_ns { None } else { Some(&ns) }, out);
    }
    let now = c.cluster.now().as_millis() as i64;
    let age = |t: kubelab_sim::SimTime| crate::text::human_duration(now - t.as_millis() as i64);
    let mut header: Vec<String> =
        ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"].iter().map(|s| s.to_string()).collect();
    if all_ns {
        header.insert(0, "NAMESPACE".into());
    }
    let rows: Vec<Vec<String>> = evs
        .iter()
        .map(|e| {
            let mut r = vec![
                age(e.last_timestamp),
                e.type_.clone(),
                e.reason.clone(),
                format!("{}/{}", e.involved_object.kind.to_lowercase(), e.involved_object.name),
                e.message.clone(),
            ];
            if all_ns {
                r.insert(0, e.metadata.namespace.clone().unwrap_or_default());
            }
            r
        })
        .collect();
    out.stdout.push_str(&render_table(Some(&header), &rows, minwidth(c)));
}

// ----- describe -----

fn describe(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    if ctx.pos.is_empty() {
        return out.err("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.");
    }
    let selector = match parse_selector(ctx) {
        Ok(s) => s,
        Err(e) => return out.err(&e),
    };
    let targets = match targets(c, &ctx.pos, true) {
        Ok(t) => t,
        Err(e) => return out.err(&e),
    };
    endpoints_warning(c, &targets, out);
    let ns = namespace(ctx);
    let all_ns = ctx.flags.bool("all-namespaces");
    let mut texts = Vec::new();
    for (r, name) in targets {
        let Some(kind) = sim_kind(&r) else { continue };
        match name {
            Some(n) => match c.cluster.get(kind, &ns, &n) {
                Some(o) => texts.push(crate::describe::describe(&c.cluster, o, course(c))),
                None => {
                    // kubectl describe also matches by name prefix.
                    let found: Vec<Object> = c
                        .cluster
                        .list(kind, Some(&ns))
                        .into_iter()
                        .filter(|o| o.meta().name.starts_with(&n))
                        .cloned()
                        .collect();
                    if found.is_empty() {
                        out.err(&api_error(c, &ApiError::NotFound { kind, name: n.clone() }, Some(r.group)));
                    }
                    for o in found {
                        texts.push(crate::describe::describe(&c.cluster, &o, course(c)));
                    }
                }
            },
            None => {
                let scope = if all_ns || !kind.namespaced() { None } else { Some(ns.as_str()) };
                let objs = list_matching(c, kind, scope, selector.as_ref());
                if objs.is_empty() {
                    no_resources(c, scope, out);
                }
                for o in objs {
                    texts.push(crate::describe::describe(&c.cluster, &o, course(c)));
                }
            }
        }
    }
    out.stdout.push_str(&texts.join("\n\n"));
}

// ----- create / apply / delete -f -----

/// Reads every manifest `-f` names: files, directories (their .yaml/.yml/.json files), `-`.
fn read_manifests(c: &Console, ctx: &Ctx, out: &mut Output) -> Option<Vec<(String, Value)>> {
    let names = ctx.flags.all("filename");
    if names.is_empty() {
        return None;
    }
    let mut docs = Vec::new();
    for name in names {
        let mut sources: Vec<(String, String)> = Vec::new();
        if name == "-" {
            match &ctx.stdin {
                Some(s) => sources.push(("STDIN".into(), s.clone())),
                None => sources.push(("STDIN".into(), String::new())),
            }
        } else if name.starts_with("http://") || name.starts_with("https://") {
            let file = name.rsplit('/').next().unwrap_or("");
            match c.files.read(file) {
                Ok(FileEntry::File(text)) => sources.push((name.to_string(), text)),
                _ => {
                    out.err(&format!(
                        "error: unable to read URL \"{name}\", server reported 404 Not Found, status code=404"
                    ));
                    continue;
                }
            }
        } else {
            match c.files.read(name) {
                Ok(FileEntry::File(text)) => sources.push((name.to_string(), text)),
                Ok(FileEntry::Dir(entries)) => {
                    for e in entries {
                        if e.ends_with(".yaml") || e.ends_with(".yml") || e.ends_with(".json") {
                            let p = format!("{}/{}", name.trim_end_matches('/'), e);
                            if let Ok(FileEntry::File(text)) = c.files.read(&p) {
                                sources.push((p, text));
                            }
                        }
                    }
                }
                Err(e) => {
                    out.err(&format!("error: {e}"));
                    continue;
                }
            }
        }
        for (source, text) in sources {
            match manifest::parse_documents(&text, &source) {
                Ok(vs) => {
                    if vs.is_empty() && source == "STDIN" {
                        out.err("error: no objects passed to apply");
                    }
                    docs.extend(vs.into_iter().map(|v| (source.clone(), v)));
                }
                Err(e) => out.err(&format!("error: {e}")),
            }
        }
    }
    Some(docs)
}

fn change_cause(ctx: &Ctx) -> Option<String> {
    if !ctx.flags.bool("record") {
        return None;
    }
    let mut words = vec!["kubectl".to_string()];
    words.extend(ctx.path.iter().map(|s| s.to_string()));
    words.extend(ctx.pos.iter().cloned());
    for (k, v) in &ctx.order {
        if k == "record" {
            continue;
        }
        words.push(format!("--{k}={v}"));
    }
    words.push("--record=true".into());
    Some(words.join(" "))
}

fn record_warning(ctx: &Ctx, c: &Console, out: &mut Output) {
    if ctx.flags.has("record") && !course(c) {
        out.stderr.push_str("Flag --record has been deprecated, --record will be removed in the future\n");
    }
}

fn create_or_apply(c: &mut Console, ctx: &Ctx, out: &mut Output, apply: bool) {
    let verb = if apply { "apply" } else { "create" };
    // Positional arguments are refused before anything else, -f or not (`kubectl apply rc.yaml`,
    // `kubectl create rc.yaml`), as kubectl 1.33 does.
    if !ctx.pos.is_empty() {
        return out.err(&format!(
            "error: Unexpected args: [{}]\nSee 'kubectl {verb} -h' for help and examples",
            ctx.pos.join(" ")
        ));
    }
    if !ctx.flags.has("filename") {
        return out.err("error: must specify one of -f and -k");
    }
    let Some(docs) = read_manifests(c, ctx, out) else {
        return;
    };
    record_warning(ctx, c, out);
    let default_ns = namespace(ctx);
    let dry_run = ctx.flags.get("dry-run").is_some_and(|d| d != "none" && d != "false");
    for (source, doc) in docs {
        let mut obj = match manifest::decode(doc.clone(), &source, course(c)) {
            Ok(o) => o,
            Err(e) => {
                out.err(&e);
                continue;
            }
        };
        let kind = obj.kind();
        if kind.namespaced() {
            let doc_ns = obj.meta().namespace.clone();
            match (doc_ns, ctx.flags.get("namespace")) {
                (Some(d), Some(f)) if d != f => {
                    out.err(&format!("error: the namespace from the provided object \"{d}\" does not match the namespace \"{f}\". You must pass '--namespace={d}' to perform this operation."));
                    continue;
                }
                (None, _) => obj.meta_mut().namespace = Some(default_ns.clone()),
                _ => {}
            }
        }
        if let Some(cause) = change_cause(ctx) {
            obj.meta_mut().annotations.insert(CHANGE_CAUSE_ANNOTATION.into(), cause);
        }
        let group = obj.api_version().split_once('/').map(|(g, _)| g.to_string()).unwrap_or_default();
        let display = qualified(kind, &group);
        let name = obj.meta().name.clone();
        let ns = obj.meta().ns().to_string();
        let existing = c.cluster.get(kind, &ns, &name).cloned();
        if apply {
            // kubectl stores the manifest as sent: with the namespace it resolved and an
            // `annotations` map (empty once its own annotation is taken out).
            let mut sent = doc.clone();
            if let Some(Value::Object(meta)) = sent.get_mut("metadata") {
                let annotations = meta.entry("annotations").or_insert_with(|| Value::Object(Default::default()));
                if let Value::Object(a) = annotations {
                    a.remove(LAST_APPLIED_ANNOTATION);
                }
                if kind.namespaced() {
                    meta.insert("namespace".into(), Value::String(ns.clone()));
                }
            }
            let mut applied = serde_json::to_string(&sent).unwrap_or_default();
            applied.push('\n');
            obj.meta_mut().annotations.insert(LAST_APPLIED_ANNOTATION.into(), applied);
        }
        let suffix = if dry_run {
            if course(c) {
                " (dry run)"
            } else {
                " (dry run)"
            }
        } else {
            ""
        };
        match (apply, existing) {
            (true, Some(old)) => {
                if !old.meta().annotations.contains_key(LAST_APPLIED_ANNOTATION) && !dry_run {
                    let plural = if group.is_empty() {
                        kind.plural().to_string()
                    } else {
                        format!("{}.{}", kind.plural(), group)
                    };
                    out.warnings.push_str(&if course(c) {
                        "Warning: kubectl apply should be used on resource created by either kubectl create --save-config or kubectl apply\n".to_string()
                    } else {
                        format!("Warning: resource {plural}/{name} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n")
                    });
                }
                let merged = merge_apply(&old, obj);
                if dry_run {
                    out.out(&format!("{display}/{name} configured{suffix}"));
                    continue;
                }
                let before = old.clone();
                match c.cluster.update(merged) {
                    Ok(after) => {
                        let same = strip_volatile(&before) == strip_volatile(&after);
                        out.out(&format!("{display}/{name} {}", if same { "unchanged" } else { "configured" }));
                    }
                    Err(e) => out.err(&format!("Error from server ({}): error when applying patch: {}", reason(&e), e)),
                }
            }
            (false, Some(_)) => {
                let e = ApiError::AlreadyExists { kind, name: name.clone() };
                let plural =
                    if group.is_empty() { kind.plural().to_string() } else { format!("{}.{}", kind.plural(), group) };
                let _ = e;
                out.err(&format!("Error from server (AlreadyExists): error when creating \"{source}\": {plural} \"{name}\" already exists"));
            }
            (_, None) => {
                if dry_run {
                    out.out(&format!("{display}/{name} created{suffix}"));
                    continue;
                }
                match c.cluster.create(obj) {
                    Ok(_) => out.out(&format!("{display}/{name} created")),
                    Err(ApiError::Invalid { .. })
                    | Err(ApiError::NamespaceNotFound { .. })
                    | Err(ApiError::Forbidden { .. })
                    | Err(ApiError::BadRequest { .. })
                        if false => {}
                    Err(e) => {
                        let msg = match &e {
                            ApiError::Invalid { .. } => format!("The {} \"{}\" is invalid: {}", kind.name(), name, invalid_causes(&e)),
                            ApiError::NamespaceNotFound { namespace } => format!("Error from server (NotFound): error when creating \"{source}\": namespaces \"{namespace}\" not found"),
                            other => format!("Error from server ({}): error when creating \"{source}\": {}", reason(other), other),
                        };
                        out.err(&msg);
                    }
                }
            }
        }
    }
}

fn invalid_causes(e: &ApiError) -> String {
    match e {
        ApiError::Invalid { causes, .. } => {
            if causes.len() == 1 {
                causes[0].clone()
            } else {
                format!("[{}]", causes.join(", "))
            }
        }
        other => other.to_string(),
    }
}

fn reason(e: &ApiError) -> &'static str {
    match e {
        ApiError::NotFound { .. } | ApiError::NamespaceNotFound { .. } => "NotFound",
        ApiError::AlreadyExists { .. } => "AlreadyExists",
        ApiError::Invalid { .. } => "Invalid",
        ApiError::Forbidden { .. } => "Forbidden",
        ApiError::BadRequest { .. } => "BadRequest",
        ApiError::Conflict { .. } => "Conflict",
    }
}

fn strip_volatile(o: &Object) -> Value {
    let mut v = o.to_json();
    if let Some(m) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        m.remove("resourceVersion");
        m.remove("generation");
    }
    if let Some(m) = v.as_object_mut() {
        m.remove("status");
    }
    v
}

/// `apply` of an existing object: the new desired state replaces the old one, but server-set
/// fields (allocated IPs and ports, the deployment's revision annotations) are kept.
fn merge_apply(old: &Object, mut new: Object) -> Object {
    for (k, v) in &old.meta().annotations {
        if k.starts_with("deployment.kubernetes.io/") {
            new.meta_mut().annotations.entry(k.clone()).or_insert(v.clone());
        }
    }
    if let (Object::Deployment(o), Object::Deployment(n)) = (old, &mut new) {
        if n.spec.replicas.is_none() {
            n.spec.replicas = o.spec.replicas;
        }
    }
    // A pod's binding is the scheduler's, not the manifest's: a three-way merge keeps it (the
    // service account volume and tolerations the API server added come back by defaulting).
    if let (Object::Pod(o), Object::Pod(n)) = (old, &mut new) {
        if n.spec.node_name.is_none() {
            n.spec.node_name = o.spec.node_name.clone();
        }
    }
    new
}

// ----- imperative creation -----

fn labels_of(pairs: &[(&str, &str)]) -> Labels {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn create_deployment(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some(name) = ctx.pos.first() else {
        return out.err(
            "error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples",
        );
    };
    let images = ctx.flags.all("image");
    if images.is_empty() {
        return out.err("error: required flag(s) \"image\" not set");
    }
    let replicas: i64 = match ctx.flags.get("replicas").map(str::parse) {
        None => 1,
        Some(Ok(r)) => r,
        Some(Err(_)) => {
            return out.err(&format!("error: invalid argument \"{}\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"{}\": invalid syntax\nSee 'kubectl create deployment --help' for usage.", ctx.flags.get("replicas").unwrap_or(""), ctx.flags.get("replicas").unwrap_or("")))
        }
    };
    let labels = labels_of(&[("app", name)]);
    let mut d = Deployment { api_version: "apps/v1".into(), kind: "Deployment".into(), ..Default::default() };
    d.metadata.name = name.clone();
    d.metadata.namespace = Some(namespace(ctx));
    d.metadata.labels = labels.clone();
    d.spec.replicas = Some(replicas);
    d.spec.selector = Some(LabelSelector { match_labels: labels.clone(), match_expressions: vec![] });
    d.spec.template.metadata.labels = labels;
    let port = ctx.flags.get("port").and_then(|p| p.parse::<i64>().ok());
    for img in &images {
        let base = img.rsplit('/').next().unwrap_or(img);
        let cname: String = base.split([':', '@']).next().unwrap_or(base).to_string();
        let mut ct = Container { name: cname, image: img.to_string(), ..Default::default() };
        if let Some(p) = port {
            ct.ports.push(ContainerPort { container_port: p, ..Default::default() });
        }
        d.spec.template.spec.containers.push(ct);
    }
    create_one(c, Object::Deployment(d), "apps", ctx, out);
}

fn create_one(c: &mut Console, obj: Object, group: &str, ctx: &Ctx, out: &mut Output) {
    let kind = obj.kind();
    let name = obj.meta().name.clone();
    if let Some(o) = ctx.flags.get("output") {
        if ctx.flags.get("dry-run").is_some() {
            let v = wire_json(c, &obj);
            return out.out(&if o == "json" { to_json(&v) } else { to_yaml(&v) });
        }
    }
    if ctx.flags.get("dry-run").is_some_and(|d| d != "none") {
        return out.out(&format!("{}/{} created (dry run)", qualified(kind, group), name));
    }
    match c.cluster.create(obj) {
        Ok(_) => out.out(&format!("{}/{} created", qualified(kind, group), name)),
        Err(e @ ApiError::Invalid { .. }) => {
            out.err(&format!("The {} \"{name}\" is invalid: {}", kind.name(), invalid_causes(&e)))
        }
        Err(e) => out.err(&api_error(c, &e, Some(group))),
    }
}

fn create_namespace(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some(name) = ctx.pos.first() else {
        return out.err(
            "error: exactly one NAME is required, got 0\nSee 'kubectl create namespace -h' for help and examples",
        );
    };
    let mut n = Namespace { api_version: "v1".into(), kind: "Namespace".into(), ..Default::default() };
    n.metadata.name = name.clone();
    create_one(c, Object::Namespace(n), "", ctx, out);
}

/// `kubectl create service clusterip|nodeport|loadbalancer NAME --tcp=port[:targetPort]`.
fn create_service(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some(sub) = ctx.pos.first() else {
        // cmdutil.DefaultSubCommandRun: the help on stderr, exit code 1.
        out.err(crate::help::help_text(&["create", "service"]).unwrap_or(""));
        return;
    };
    let ty = match sub.as_str() {
        "clusterip" => "ClusterIP",
        "nodeport" => "NodePort",
        "loadbalancer" => "LoadBalancer",
        "externalname" => {
            return out.err("error: \"kubectl create service externalname\" is not available in this lab yet")
        }
        other => {
            return out.err(&format!(
                "error: unknown command \"{other}\"\nSee 'kubectl create service -h' for help and examples"
            ))
        }
    };
    let names = &ctx.pos[1..];
    if names.len() != 1 {
        return out.err(&format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl create service {sub} -h' for help and examples",
            names.len()
        ));
    }
    let name = names[0].clone();
    let cluster_ip = ctx.flags.get("clusterip").map(str::to_string);
    let tcp = ctx.flags.all("tcp");
    let tcp: Vec<&str> = tcp.iter().flat_map(|t| t.split(',')).filter(|t| !t.is_empty()).collect();
    if tcp.is_empty() && cluster_ip.as_deref() != Some("None") {
        return out.err("error: at least one tcp port specifier must be provided");
    }
    let node_port = match ctx.flags.get("node-port").map(str::parse::<i64>) {
        None => None,
        Some(Ok(0)) => None,
        Some(Ok(n)) => Some(n),
        Some(Err(_)) => {
            let v = ctx.flags.get("node-port").unwrap_or("");
            return out.err(&format!("error: invalid argument \"{v}\" for \"--node-port\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl create service {sub} --help' for usage."));
        }
    };
    let mut ports = Vec::new();
    for t in &tcp {
        let (p, tp) = t.split_once(':').unwrap_or((t, t));
        let Ok(port) = p.parse::<i64>() else {
            return out.err(&format!("error: strconv.Atoi: parsing \"{p}\": invalid syntax"));
        };
        let target = match tp.parse::<i64>() {
            Ok(n) => IntOrString::Int(n),
            Err(_) => IntOrString::Str(tp.to_string()),
        };
        ports.push(ServicePort {
            name: Some(t.replace(':', "-")),
            protocol: Some("TCP".into()),
            port,
            target_port: Some(target),
            node_port: if ty == "ClusterIP" { None } else { node_port },
        });
    }
    let labels = labels_of(&[("app", &name)]);
    let mut svc = Service { api_version: "v1".into(), kind: "Service".into(), ..Default::default() };
    svc.metadata.name = name;
    svc.metadata.namespace = Some(namespace(ctx));
    svc.metadata.labels = labels.clone();
    svc.spec.type_ = Some(ty.into());
    svc.spec.cluster_ip = cluster_ip;
    svc.spec.ports = ports;
    svc.spec.selector = Some(labels);
    create_one(c, Object::Service(svc), "", ctx, out);
}

/// `kubectl expose TYPE NAME`: a Service selecting what the deployment, replica set,
/// replication controller, pod or service selects, on the given port or the container ports.
fn expose(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    if ctx.pos.is_empty() {
        return out.err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
    }
    let Some((r, kind, name)) = one_target(c, ctx, out, "expose") else {
        return;
    };
    let ns = namespace(ctx);
    let Some(obj) = c.cluster.get(kind, &ns, &name).cloned() else {
        return out.err(&api_error(c, &ApiError::NotFound { kind, name }, Some(r.group)));
    };
    let match_labels = |sel: &Option<LabelSelector>| -> Result<std::collections::BTreeMap<String, String>, String> {
        match sel {
            Some(s) if !s.match_expressions.is_empty() => {
                Err("error: couldn't convert expressions - \"matchExpressions\" to map-based selector format".into())
            }
            Some(s) => Ok(s.match_labels.clone()),
            None => Ok(Default::default()),
        }
    };
    let template_ports = |spec: &PodSpec| -> Vec<(i64, String)> {
        spec.containers
            .iter()
            .flat_map(|ct| ct.ports.iter())
            .map(|p| (p.container_port, p.protocol.clone().unwrap_or_else(|| "TCP".into())))
            .collect()
    };
    let (selector, container_ports) = match &obj {
        Object::Deployment(d) => (match_labels(&d.spec.selector), template_ports(&d.spec.template.spec)),
        Object::ReplicaSet(rs) => (match_labels(&rs.spec.selector), template_ports(&rs.spec.template.spec)),
        Object::ReplicationController(rc) => (
            Ok(rc.spec.selector.clone()),
            rc.spec.template.as_ref().map(|t| template_ports(&t.spec)).unwrap_or_default(),
        ),
        Object::Pod(p) => (Ok(p.metadata.labels.clone()), template_ports(&p.spec)),
        Object::Service(s) => (
            Ok(s.spec.selector.clone().unwrap_or_default()),
            s.spec.ports.iter().map(|p| (p.port, p.protocol.clone().unwrap_or_else(|| "TCP".into()))).collect(),
        ),
        other => {
            return out.err(&format!("error: cannot expose a {}", other.kind().name()));
        }
    };
    let selector = match (ctx.flags.get("selector"), selector) {
        (Some(s), _) => match Selector::parse(s) {
            Ok(_) => s
                .split(',')
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.trim_end_matches('=').to_string(), v.to_string()))
                .collect(),
            Err(e) => return out.err(&format!("error: {e}")),
        },
        (None, Ok(sel)) if sel.is_empty() => {
            let why = match kind {
                Kind::Pod => "the pod has no labels and cannot be exposed",
                Kind::Service => "the service has no pod selector set",
                _ => "the object has no selector",
            };
            return out.err(&format!("error: couldn't retrieve selectors via --selector flag or introspection: {why}"));
        }
        (None, Ok(sel)) => sel,
        (None, Err(e)) => return out.err(&e),
    };
    let protocol_flag = ctx.flags.get("protocol").map(str::to_string);
    // --port, or every container port of the object (kubectl's PortsForObject).
    let ports: Vec<(i64, String)> = match ctx.flags.get("port") {
        Some(p) => match p.parse::<i64>() {
            Ok(n) => {
                let proto = container_ports.iter().find(|(cp, _)| *cp == n).map(|(_, pr)| pr.clone());
                vec![(n, protocol_flag.clone().or(proto).unwrap_or_else(|| "TCP".into()))]
            }
            Err(_) => return out.err(&format!("error: strconv.Atoi: parsing \"{p}\": invalid syntax")),
        },
        None => {
            let mut seen = Vec::new();
            for (p, proto) in container_ports {
                if !seen.iter().any(|(q, _): &(i64, String)| *q == p) {
                    seen.push((p, protocol_flag.clone().unwrap_or(proto)));
                }
            }
            seen
        }
    };
    if ports.is_empty() {
        return out.err(
            "error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples",
        );
    }
    let target = ctx.flags.get("target-port").map(|t| match t.parse::<i64>() {
        Ok(n) => IntOrString::Int(n),
        Err(_) => IntOrString::Str(t.to_string()),
    });
    let many = ports.len() > 1;
    let svc_ports = ports
        .iter()
        .enumerate()
        .map(|(i, (p, proto))| ServicePort {
            name: many.then(|| format!("port-{}", i + 1)),
            protocol: Some(proto.clone()),
            port: *p,
            target_port: Some(target.clone().unwrap_or(IntOrString::Int(*p))),
            node_port: None,
        })
        .collect();
    let svc_name = ctx.flags.get("name").map(str::to_string).unwrap_or_else(|| name.clone());
    let labels = match ctx.flags.get("labels") {
        Some(l) => {
            l.split(',').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect()
        }
        None => obj.meta().labels.clone(),
    };
    let mut svc = Service { api_version: "v1".into(), kind: "Service".into(), ..Default::default() };
    svc.metadata.name = svc_name.clone();
    svc.metadata.namespace = Some(ns);
    svc.metadata.labels = labels;
    svc.spec.ports = svc_ports;
    svc.spec.selector = Some(selector);
    svc.spec.type_ = ctx.flags.get("type").map(str::to_string);
    svc.spec.cluster_ip = ctx.flags.get("cluster-ip").map(str::to_string);
    svc.spec.session_affinity = ctx.flags.get("session-affinity").map(str::to_string);
    if let Some(ip) = ctx.flags.get("external-ip") {
        svc.spec.external_ips = ip.split(',').map(str::to_string).collect();
    }
    if let Some(o) = ctx.flags.get("output") {
        if ctx.flags.get("dry-run").is_some() {
            let v = wire_json(c, &Object::Service(svc));
            return out.out(&if o == "json" { to_json(&v) } else { to_yaml(&v) });
        }
    }
    if ctx.flags.get("dry-run").is_some_and(|d| d != "none") {
        return out.out(&format!("service/{svc_name} exposed (dry run)"));
    }
    match c.cluster.create(Object::Service(svc)) {
        Ok(_) => out.out(&format!("service/{svc_name} exposed")),
        Err(e @ ApiError::Invalid { .. }) => {
            out.err(&format!("The Service \"{svc_name}\" is invalid: {}", invalid_causes(&e)))
        }
        Err(e) => out.err(&api_error(c, &e, Some(""))),
    }
}

/// `run`'s labels: `--labels` replaces the default `run=<name>`.
fn run_labels(name: &str, given: &[(String, String)]) -> Labels {
    if given.is_empty() {
        labels_of(&[("run", name)])
    } else {
        given.iter().cloned().collect()
    }
}

fn run(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    // cobra checks the required flag before the command looks at its arguments.
    let Some(image) = ctx.flags.get("image") else {
        return out.err("error: required flag(s) \"image\" not set");
    };
    let Some(name) = ctx.pos.first() else {
        return out.err("error: NAME is required for run\nSee 'kubectl run -h' for help and examples");
    };
    let ns = namespace(ctx);
    let port = ctx.flags.get("port").and_then(|p| p.parse::<i64>().ok());
    let mut container = Container { name: name.clone(), image: image.to_string(), ..Default::default() };
    if let Some(p) = port {
        container.ports.push(ContainerPort { container_port: p, ..Default::default() });
    }
    let mut args: Vec<String> = ctx.pos[1..].to_vec();
    args.extend(ctx.rest.iter().cloned());
    if ctx.flags.bool("command") {
        container.command = args;
    } else {
        container.args = args;
    }
    let extra_labels: Vec<(String, String)> = ctx
        .flags
        .get("labels")
        .map(|l| {
            l.split(',').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect()
        })
        .unwrap_or_default();
    let restart = ctx.flags.get("restart").unwrap_or("Always");
    if course(c) && restart == "Always" && ctx.flags.get("generator").is_none_or(|g| g.starts_with("deployment")) {
        // kubectl 1.11: `run` creates a Deployment labelled run=<name>.
        let labels = run_labels(name, &extra_labels);
        let replicas = ctx.flags.get("replicas").and_then(|r| r.parse().ok()).unwrap_or(1);
        let mut d = Deployment { api_version: "apps/v1".into(), kind: "Deployment".into(), ..Default::default() };
        d.metadata.name = name.clone();
        d.metadata.namespace = Some(ns);
        d.metadata.labels = labels.clone();
        d.spec.replicas = Some(replicas);
        d.spec.selector = Some(LabelSelector { match_labels: labels.clone(), match_expressions: vec![] });
        d.spec.template.metadata.labels = labels;
        d.spec.template.spec.containers.push(container);
        if ctx.flags.bool("stdin") {
            return run_attached(c, ctx, Object::Deployment(d), "apps", out);
        }
        return create_one(c, Object::Deployment(d), "apps", ctx, out);
    }
    if ctx.flags.has("replicas") && !course(c) {
        return out.err("error: unknown flag: --replicas\nSee 'kubectl run --help' for usage.");
    }
    let labels = run_labels(name, &extra_labels);
    let mut p = Pod { api_version: "v1".into(), kind: "Pod".into(), ..Default::default() };
    p.metadata.name = name.clone();
    p.metadata.namespace = Some(ns);
    p.metadata.labels = labels;
    p.spec.restart_policy = Some(restart.to_string());
    p.spec.containers.push(container);
    if ctx.flags.bool("stdin") {
        return run_attached(c, ctx, Object::Pod(p), "", out);
    }
    create_one(c, Object::Pod(p), "", ctx, out);
}

/// Marks the (first) container of a `run -i` workload as interactive: stdin open, so that a
/// shell waits for input instead of exiting.
fn set_interactive(obj: &mut Object, tty: bool) {
    let spec = match obj {
        Object::Pod(p) => &mut p.spec,
        Object::Deployment(d) => &mut d.spec.template.spec,
        _ => return,
    };
    if let Some(ct) = spec.containers.first_mut() {
        ct.extra.insert("stdin".into(), Value::Bool(true));
        ct.extra.insert("stdinOnce".into(), Value::Bool(true));
        if tty {
            ct.extra.insert("tty".into(), Value::Bool(true));
        }
    }
}

/// `kubectl run -i[t] [--rm] NAME --image=... -- CMD`: create the workload, wait until its pod
/// runs (advancing the clock, at most kubectl's 1 minute `--pod-running-timeout`), then attach:
/// a shell command opens the interactive shell; another command prints its output. With
/// `--rm` the workload is deleted when the session ends.
fn run_attached(c: &mut Console, ctx: &Ctx, mut obj: Object, group: &str, out: &mut Output) {
    let tty = ctx.flags.bool("tty");
    set_interactive(&mut obj, tty);
    let kind = obj.kind();
    let name = obj.meta().name.clone();
    let ns = obj.meta().ns().to_string();
    let command: Vec<String> = match &obj {
        Object::Pod(p) => p.spec.containers.first().map(|x| [x.command.clone(), x.args.clone()].concat()),
        Object::Deployment(d) => {
            d.spec.template.spec.containers.first().map(|x| [x.command.clone(), x.args.clone()].concat())
        }
        _ => None,
    }
    .unwrap_or_default();
    let image = match &obj {
        Object::Pod(p) => p.spec.containers.first().map(|x| x.image.clone()),
        Object::Deployment(d) => d.spec.template.spec.containers.first().map(|x| x.image.clone()),
        _ => None,
    }
    .unwrap_or_default();
    let mut created = Output::default();
    create_one(c, obj, group, ctx, &mut created);
    if created.exit_code != 0 {
        out.stderr.push_str(&created.stderr);
        out.exit_code = created.exit_code;
        return;
    }
    let find_pod = |cl: &kubelab_sim::Cluster| -> Option<Pod> {
        match kind {
            Kind::Pod => match cl.get(Kind::Pod, &ns, &name) {
                Some(Object::Pod(p)) => Some(p.clone()),
                _ => None,
            },
            _ => cl
                .pods()
                .filter(|p| p.metadata.ns() == ns && p.metadata.labels.get("run") == Some(&name) && p.is_active())
                .min_by_key(|p| p.metadata.name.clone())
                .cloned(),
        }
    };
    let running = |cl: &kubelab_sim::Cluster| find_pod(cl).is_some_and(|p| p.status.phase == "Running");
    if !c.cluster.run_until(kubelab_sim::SimDuration::from_secs(60), running) {
        return out.err("error: timed out waiting for the condition");
    }
    let Some(pod) = find_pod(&c.cluster) else { return };
    let container = pod.spec.containers.first().map(|x| x.name.clone()).unwrap_or_default();
    let shown = if kind == Kind::Pod {
        format!("pod \"{name}\" deleted")
    } else {
        format!("{} \"{name}\" deleted", qualified(kind, group))
    };
    let remove = ctx.flags.bool("rm").then(|| (kind, name.clone(), shown));
    let info = crate::shell::shell_of(&image);
    let wants_shell =
        command.is_empty() || command.first().is_some_and(|w| crate::shell::is_shell(w)) && command.len() == 1;
    match info {
        Some(info) if wants_shell => {
            out.stderr.push_str("If you don't see a command prompt, try pressing enter.\n");
            c.shell = Some(crate::shell::ShellSession {
                ns: ns.clone(),
                pod: pod.metadata.name.clone(),
                container,
                info,
                tty,
                remove,
                attach_hint: !ctx.flags.bool("rm") && kind == Kind::Pod,
            });
        }
        Some(info) if kubelab_sim::images::load_loop(&command, &[]).is_some() => {
            // A load generator (the HPA walkthrough's `-- /bin/sh -c "while sleep 0.01; do wget
            // ...; done"`): a real terminal streams its output until Ctrl-C, and --rm deletes the
            // pod then. Here the console shows the first answer and returns; the pod goes on
            // sending until it is deleted.
            let target =
                crate::shell::Target { ns: &ns, pod: &pod.metadata.name, container: &container, info: &info, tty };
            if let Some(l) = kubelab_sim::images::load_loop(&command, &[]) {
                crate::shell::loop_first_output(c, &target, &l, out);
            }
            out.stdout.push_str(&format!(
                "\n(the loop goes on in pod {name}: in a real terminal it streams until Ctrl-C{}. Stop it with `kubectl delete pod {name}`)\n",
                if remove.is_some() { ", and --rm then deletes the pod" } else { "" }
            ));
        }
        Some(info) => {
            let target =
                crate::shell::Target { ns: &ns, pod: &pod.metadata.name, container: &container, info: &info, tty };
            let words = if command.len() >= 3 && crate::shell::is_shell(&command[0]) && command[1] == "-c" {
                crate::lex::split_words(&command[2])
                    .map(|l| l.words.into_iter().map(|w| w.text).collect())
                    .unwrap_or_default()
            } else {
                command.clone()
            };
            let code = crate::shell::run_program(c, &target, &words, out);
            if let Some((k, n, shown)) = remove {
                // The program has exited, and with it the pod: its deletion is immediate.
                let opts = if k == Kind::Pod {
                    DeleteOptions { grace_period_seconds: Some(0) }
                } else {
                    DeleteOptions::default()
                };
                if c.cluster.delete(k, &ns, &n, opts).is_ok() {
                    out.stdout.push_str(&format!("{shown}\n"));
                }
            }
            if code != 0 {
                out.err(&format!("pod {ns}/{} terminated (Error)", pod.metadata.name));
                out.exit_code = code;
            }
        }
        None => out.err(&format!("error: the image {image} has no shell in this lab")),
    }
}

// ----- exec and logs -----

/// `POD`, `pod/POD`, `pods/POD` or `po/POD`: the pod's name.
fn pod_arg(arg: &str) -> String {
    ["pod/", "pods/", "po/"].iter().find_map(|p| arg.strip_prefix(p)).unwrap_or(arg).to_string()
}

fn exec(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some(first) = ctx.pos.first() else {
        return out.err("error: pod, type/name or --filename must be specified");
    };
    let pod_name = pod_arg(first);
    let command: Vec<String> = if !ctx.rest.is_empty() {
        ctx.rest.clone()
    } else if ctx.pos.len() > 1 {
        if !course(c) {
            out.stderr.push_str("kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.\n");
        }
        ctx.pos[1..].to_vec()
    } else {
        return out.err("error: you must specify at least one command for the container");
    };
    let ns = namespace(ctx);
    let pod = match c.cluster.get(Kind::Pod, &ns, &pod_name) {
        Some(Object::Pod(p)) => p.clone(),
        _ => return out.err(&format!("Error from server (NotFound): pods \"{pod_name}\" not found")),
    };
    if pod.status.phase == "Succeeded" || pod.status.phase == "Failed" {
        return out.err(&format!(
            "error: cannot exec into a container in a completed pod; current phase is {}",
            pod.status.phase
        ));
    }
    let container = match ctx.flags.get("container") {
        Some(name) => {
            if !pod.spec.containers.iter().any(|x| x.name == name) {
                return out
                    .err(&format!("Error from server (BadRequest): container {name} is not valid for pod {pod_name}"));
            }
            name.to_string()
        }
        None => {
            let first = pod.spec.containers.first().map(|x| x.name.clone()).unwrap_or_default();
            if pod.spec.containers.len() > 1 && !ctx.flags.bool("quiet") {
                if course(c) {
                    out.stderr.push_str(&format!(
                        "Defaulting container name to {first}.\nUse 'kubectl describe pod/{pod_name} -n {ns}' to see all of the containers in this pod.\n"
                    ));
                } else {
                    let all: Vec<&str> = pod.spec.containers.iter().map(|x| x.name.as_str()).collect();
                    out.stderr.push_str(&format!("Defaulted container \"{first}\" out of: {}\n", all.join(", ")));
                }
            }
            first
        }
    };
    let running = pod.status.container_statuses.iter().any(|s| s.name == container && s.state.running.is_some());
    if !running {
        // Pending (image still pulling) or between restarts: the kubelet has no such container.
        return out.err(&format!("error: unable to upgrade connection: container not found (\"{container}\")"));
    }
    let image = pod.spec.containers.iter().find(|x| x.name == container).map(|x| x.image.clone()).unwrap_or_default();
    let prog = command[0].clone();
    let Some(info) = crate::shell::shell_of(&image).filter(|i| crate::shell::has_program(i, &prog)) else {
        out.stderr.push_str(&format!("{}\n", crate::shell::exec_not_found(&prog, course(c))));
        out.err("command terminated with exit code 126");
        out.exit_code = 126;
        return;
    };
    let tty = ctx.flags.bool("tty");
    if crate::shell::is_shell(&prog) && command.len() == 1 {
        if ctx.flags.bool("stdin") {
            c.shell = Some(crate::shell::ShellSession {
                ns,
                pod: pod_name,
                container,
                info,
                tty,
                remove: None,
                attach_hint: false,
            });
        }
        // Without -i the shell reads an empty stdin and exits at once.
        return;
    }
    let words = if command.len() >= 3 && crate::shell::is_shell(&prog) && command[1] == "-c" {
        match crate::lex::split_words(&command[2]) {
            Ok(l) => l.words.into_iter().map(|w| w.text).collect(),
            Err(_) => return,
        }
    } else {
        command.clone()
    };
    let target = crate::shell::Target { ns: &ns, pod: &pod_name, container: &container, info: &info, tty };
    if words.first().is_some_and(|w| !crate::shell::has_program(&info, w)) {
        // Through `sh -c`: the shell's own message.
        let code = crate::shell::run_program(c, &target, &words, out);
        out.err(&format!("command terminated with exit code {code}"));
        out.exit_code = code;
        return;
    }
    let code = crate::shell::run_program(c, &target, &words, out);
    if code != 0 {
        out.err(&format!("command terminated with exit code {code}"));
        out.exit_code = code;
    }
}

fn logs(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some(first) = ctx.pos.first() else {
        return out.err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples");
    };
    let pod_name = pod_arg(first);
    let ns = namespace(ctx);
    let pod = match c.cluster.get(Kind::Pod, &ns, &pod_name) {
        Some(Object::Pod(p)) => p.clone(),
        _ => return out.err(&format!("Error from server (NotFound): pods \"{pod_name}\" not found")),
    };
    let names: Vec<String> = pod.spec.containers.iter().map(|x| x.name.clone()).collect();
    let container = match ctx.flags.get("container").or_else(|| ctx.pos.get(1).map(String::as_str)) {
        Some(n) => {
            if !names.iter().any(|x| x == n) {
                return out
                    .err(&format!("Error from server (BadRequest): container {n} is not valid for pod {pod_name}"));
            }
            n.to_string()
        }
        None => {
            if names.len() > 1 {
                if course(c) {
                    return out.err(&format!(
                        "Error from server (BadRequest): a container name must be specified for pod {pod_name}, choose one of: [{}]",
                        names.join(" ")
                    ));
                }
                out.stderr.push_str(&format!("Defaulted container \"{}\" out of: {}\n", names[0], names.join(", ")));
            }
            names.first().cloned().unwrap_or_default()
        }
    };
    let status = pod.status.container_statuses.iter().find(|s| s.name == container);
    if let Some(w) = status
        .and_then(|s| s.state.waiting.as_ref())
        .filter(|_| status.is_some_and(|s| s.restart_count == 0 && s.container_id.is_none()))
    {
        return out.err(&format!(
            "Error from server (BadRequest): container \"{container}\" in pod \"{pod_name}\" is waiting to start: {}",
            w.reason
        ));
    }
    if status.is_none() {
        return out.err(&format!(
            "Error from server (BadRequest): container \"{container}\" in pod \"{pod_name}\" is waiting to start: ContainerCreating"
        ));
    }
    if ctx.flags.bool("previous") {
        // The simulated kubelet keeps the current run's log only; a restarted container's
        // previous run printed nothing we keep.
        if status.is_none_or(|s| s.restart_count == 0) {
            return out.err(&format!(
                "Error from server (BadRequest): previous terminated container \"{container}\" in pod \"{pod_name}\" not found"
            ));
        }
        return;
    }
    let full = crate::shell::container_log(&c.cluster, &pod, &container, course(c));
    let text = match ctx.flags.get("tail").and_then(|t| t.parse::<i64>().ok()).filter(|t| *t >= 0) {
        Some(n) => last_lines(&full, n as u64),
        None => full.clone(),
    };
    out.stdout.push_str(&text);
    if ctx.flags.bool("follow") {
        follow_log(c, &ns, &pod_name, &container, full, out);
    }
}

/// The last `n` lines of `text`.
fn last_lines(text: &str, n: u64) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let skip = lines.len().saturating_sub(n.min(usize::MAX as u64) as usize);
    lines[skip..].iter().map(|l| format!("{l}\n")).collect()
}

/// `logs -f`: prints what the container writes as simulated time passes, for at most a
/// simulated minute, stopping after 20 quiet seconds or when the pod is gone (a real `-f` runs
/// until Ctrl-C or the container ends).
fn follow_log(c: &mut Console, ns: &str, pod_name: &str, container: &str, mut shown: String, out: &mut Output) {
    let written = |c: &Console| -> Option<(u64, String)> {
        let Some(Object::Pod(p)) = c.cluster.get(Kind::Pod, ns, pod_name) else { return None };
        let running = p.status.container_statuses.iter().any(|s| s.name == container && s.state.running.is_some());
        running.then(|| {
            (
                kubelab_sim::network::access_log_written(&c.cluster, p),
                crate::shell::container_log(&c.cluster, p, container, c.course()),
            )
        })
    };
    let Some((mut before, _)) = written(c) else { return };
    let mut quiet = 0;
    for _ in 0..60 {
        c.cluster.step();
        let Some((now, text)) = written(c) else { break };
        let new = if now > before {
            last_lines(&text, now - before)
        } else if let Some(rest) = text.strip_prefix(shown.as_str()) {
            rest.to_string()
        } else {
            String::new()
        };
        before = now;
        shown = text;
        if new.is_empty() {
            quiet += 1;
            if quiet >= 20 {
                break;
            }
        } else {
            quiet = 0;
            out.stdout.push_str(&new);
        }
    }
}

// ----- scale, autoscale, set image -----

fn one_target(c: &Console, ctx: &Ctx, out: &mut Output, verb: &str) -> Option<(ResourceRef, Kind, String)> {
    let targets = match targets(c, &ctx.pos, false) {
        Ok(t) => t,
        Err(e) => {
            out.err(&e);
            return None;
        }
    };
    let Some((r, Some(name))) = targets.into_iter().next() else {
        out.err(&format!("error: required resource not specified\nSee 'kubectl {verb} -h' for help and examples"));
        return None;
    };
    let Some(kind) = sim_kind(&r) else {
        out.err(&format!("error: the server doesn't have a resource type \"{}\"", r.info.plural));
        return None;
    };
    Some((r, kind, name))
}

fn scale(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some(replicas) = ctx.flags.get("replicas") else {
        return out.err("error: required flag(s) \"replicas\" not set");
    };
    let replicas: i64 = match replicas.parse() {
        Ok(r) if r >= 0 => r,
        Ok(_) => return out.err("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0"),
        Err(_) => return out.err(&format!("error: invalid argument \"{replicas}\" for \"--replicas\" flag: strconv.ParseInt: parsing \"{replicas}\": invalid syntax\nSee 'kubectl scale --help' for usage.")),
    };
    if ctx.pos.is_empty() {
        return out.err("error: required resource not specified\nSee 'kubectl scale -h' for help and examples");
    }
    let targets = match targets(c, &ctx.pos, false) {
        Ok(t) => t,
        Err(e) => return out.err(&e),
    };
    record_warning(ctx, c, out);
    let ns = namespace(ctx);
    for (r, name) in targets {
        let name = name.unwrap_or_default();
        let Some((kind, mut obj)) = fetch(c, &ns, &r, &name, out) else { continue };
        match &mut obj {
            Object::Deployment(d) => d.spec.replicas = Some(replicas),
            Object::ReplicaSet(d) => d.spec.replicas = Some(replicas),
            Object::ReplicationController(d) => d.spec.replicas = Some(replicas),
            _ => {
                out.err(&format!("error: no objects passed to scale {}", r.plural_qualified()));
                continue;
            }
        }
        if let Some(cause) = change_cause(ctx) {
            obj.meta_mut().annotations.insert(CHANGE_CAUSE_ANNOTATION.into(), cause);
        }
        match c.cluster.update(obj) {
            Ok(_) => out.out(&format!("{}/{} scaled", qualified(kind, r.group), name)),
            Err(e) => out.err(&api_error(c, &e, Some(r.group))),
        }
    }
}

fn autoscale(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some((r, kind, name)) = one_target(c, ctx, out, "autoscale") else {
        return;
    };
    let Some(max) = ctx.flags.get("max") else {
        return out.err("error: required flag(s) \"max\" not set");
    };
    let max: i64 = max.parse().unwrap_or(-1);
    let min: Option<i64> = ctx.flags.get("min").and_then(|m| m.parse().ok()).filter(|m| *m >= 0);
    if max < 1 {
        return out.err(&format!("error: --max=MAXPODS is required and must be at least 1, max: {max}"));
    }
    if let Some(m) = min {
        if max < m {
            return out
                .err(&format!("error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: {max}, min: {m}"));
        }
    }
    let cpu = ctx
        .flags
        .get("cpu-percent")
        .or(ctx.flags.get("cpu").map(|c| c.trim_end_matches('%')))
        .and_then(|p| p.parse::<i64>().ok())
        .filter(|p| *p >= 0);
    let ns = namespace(ctx);
    if c.cluster.get(kind, &ns, &name).is_none() {
        return out.err(&api_error(c, &ApiError::NotFound { kind, name }, Some(r.group)));
    }
    let hpa_name = ctx.flags.get("name").unwrap_or(&name).to_string();
    let mut h = HorizontalPodAutoscaler {
        api_version: "autoscaling/v1".into(),
        kind: "HorizontalPodAutoscaler".into(),
        ..Default::default()
    };
    h.metadata.name = hpa_name.clone();
    h.metadata.namespace = Some(ns);
    h.spec.scale_target_ref =
        CrossVersionObjectReference { api_version: "apps/v1".into(), kind: kind.name().into(), name: name.clone() };
    h.spec.min_replicas = min;
    h.spec.max_replicas = max;
    h.spec.target_cpu_utilization_percentage = cpu;
    match c.cluster.create(Object::HorizontalPodAutoscaler(h)) {
        Ok(_) => out.out(&format!("horizontalpodautoscaler.autoscaling/{hpa_name} autoscaled")),
        Err(e @ ApiError::Invalid { .. }) => {
            out.err(&format!("The HorizontalPodAutoscaler \"{hpa_name}\" is invalid: {}", invalid_causes(&e)))
        }
        Err(e) => out.err(&api_error(c, &e, Some("autoscaling"))),
    }
}

fn set_image(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let split = ctx.pos.iter().position(|p| p.contains('='));
    let Some(split) = split else {
        return out
            .err("error: at least one image update is required\nSee 'kubectl set image -h' for help and examples");
    };
    let (res_args, updates) = ctx.pos.split_at(split);
    if res_args.is_empty() {
        return out.err("error: one or more resources must be specified as <resource> <name> or <resource>/<name>\nSee 'kubectl set image -h' for help and examples");
    }
    let targets = match targets(c, res_args, false) {
        Ok(t) => t,
        Err(e) => return out.err(&e),
    };
    record_warning(ctx, c, out);
    let ns = namespace(ctx);
    for (r, name) in targets {
        let name = name.unwrap_or_default();
        let Some((kind, mut obj)) = fetch(c, &ns, &r, &name, out) else { continue };
        let spec: Option<&mut PodSpec> = match &mut obj {
            Object::Deployment(d) => Some(&mut d.spec.template.spec),
            Object::ReplicaSet(d) => Some(&mut d.spec.template.spec),
            Object::ReplicationController(d) => d.spec.template.as_mut().map(|t| &mut t.spec),
            Object::Pod(p) => Some(&mut p.spec),
            _ => None,
        };
        let Some(spec) = spec else { continue };
        let mut failed = false;
        for u in updates {
            let Some((cname, image)) = u.split_once('=') else {
                out.err(&format!("error: invalid image update \"{u}\""));
                failed = true;
                break;
            };
            if cname == "*" {
                spec.containers.iter_mut().for_each(|ct| ct.image = image.to_string());
                continue;
            }
            match spec.containers.iter_mut().find(|ct| ct.name == cname) {
                Some(ct) => ct.image = image.to_string(),
                None => {
                    out.err(&format!("error: unable to find container named \"{cname}\""));
                    failed = true;
                    break;
                }
            }
        }
        if failed {
            continue;
        }
        if let Some(cause) = change_cause(ctx) {
            obj.meta_mut().annotations.insert(CHANGE_CAUSE_ANNOTATION.into(), cause);
        }
        match c.cluster.update(obj) {
            Ok(_) => out.out(&format!("{}/{} image updated", qualified(kind, r.group), name)),
            Err(e @ ApiError::Invalid { .. }) => {
                out.err(&format!("The {} \"{name}\" is invalid: {}", kind.name(), invalid_causes(&e)))
            }
            Err(e) => out.err(&api_error(c, &e, Some(r.group))),
        }
    }
}

// ----- rollout -----

fn rollout_message(d: &Deployment, course: bool) -> (String, bool, bool) {
    let name = &d.metadata.name;
    let prefix = if course {
        "Waiting for rollout to finish".to_string()
    } else {
        format!("Waiting for deployment \"{name}\" rollout to finish")
    };
    let _ = course;
    if d.metadata.generation > d.status.observed_generation {
        return ("Waiting for deployment spec update to be observed...".into(), false, false);
    }
    if d.condition("Progressing").is_some_and(|c| c.reason == "ProgressDeadlineExceeded") {
        return (format!("deployment \"{name}\" exceeded its progress deadline"), true, true);
    }
    let spec = d.replicas();
    let s = &d.status;
    if s.updated_replicas < spec {
        return (
            format!("{prefix}: {} out of {spec} new replicas have been updated...", s.updated_replicas),
            false,
            false,
        );
    }
    if s.replicas > s.updated_replicas {
        return (
            format!("{prefix}: {} old replicas are pending termination...", s.replicas - s.updated_replicas),
            false,
            false,
        );
    }
    if s.available_replicas < s.updated_replicas {
        return (
            format!("{prefix}: {} of {} updated replicas are available...", s.available_replicas, s.updated_replicas),
            false,
            false,
        );
    }
    (format!("deployment \"{name}\" successfully rolled out"), true, false)
}

fn rollout(c: &mut Console, ctx: &Ctx, sub: &str, out: &mut Output) {
    if ctx.pos.is_empty() {
        return out.err(&format!(
            "error: required resource not specified\nSee 'kubectl rollout {sub} -h' for help and examples"
        ));
    }
    let Some((r, kind, name)) = one_target(c, ctx, out, &format!("rollout {sub}")) else {
        return;
    };
    let ns = namespace(ctx);
    if kind != Kind::Deployment {
        return out.err(&format!(
            "error: no {} found for {}/{}",
            if sub == "history" { "history viewer" } else { "status viewer" },
            r.info.singular,
            name
        ));
    }
    let Some(d) = c.cluster.get(kind, &ns, &name).and_then(Object::as_deployment).cloned() else {
        return out.err(&api_error(c, &ApiError::NotFound { kind, name }, Some(r.group)));
    };
    let display = format!("{}/{}", qualified(kind, r.group), name);
    match sub {
        "status" => {
            let timeout = ctx.flags.get("timeout").and_then(parse_duration_secs).unwrap_or(0);
            let limit = if timeout == 0 { 3600 } else { timeout };
            let mut last = String::new();
            let watch = ctx.flags.get("watch") != Some("false");
            for _ in 0..=limit {
                let Some(d) = c.cluster.get(kind, &ns, &name).and_then(Object::as_deployment).cloned() else {
                    return out.err(&api_error(c, &ApiError::NotFound { kind, name: name.clone() }, Some(r.group)));
                };
                let (msg, done, failed) = rollout_message(&d, course(c));
                if failed {
                    return out.err(&format!("error: {msg}"));
                }
                if msg != last {
                    out.out(&msg);
                    last = msg;
                }
                if done || !watch {
                    return;
                }
                c.cluster.step();
            }
            out.err("error: timed out waiting for the condition");
        }
        "history" => {
            let rss: Vec<ReplicaSet> = c
                .cluster
                .list(Kind::ReplicaSet, Some(&ns))
                .into_iter()
                .filter_map(Object::as_replica_set)
                .filter(|rs| rs.metadata.controller_ref().is_some_and(|o| o.uid == d.metadata.uid))
                .cloned()
                .collect();
            let mut revs: Vec<(i64, &ReplicaSet)> = rss.iter().filter_map(|r| r.revision().map(|v| (v, r))).collect();
            revs.sort_by_key(|(v, _)| *v);
            if let Some(rev) = ctx.flags.get("revision") {
                let rev: i64 = rev.parse().unwrap_or(-1);
                let Some((_, rs)) = revs.iter().find(|(v, _)| *v == rev) else {
                    return out.err("error: unable to find the specified revision");
                };
                let mut text = if course(c) {
                    format!("{} with revision #{rev}\n", display)
                } else {
                    format!("{} with revision #{rev}\n", display)
                };
                let mut t = rs.spec.template.clone();
                if let Some(cause) = rs.metadata.annotations.get(CHANGE_CAUSE_ANNOTATION) {
                    t.metadata.annotations.insert(CHANGE_CAUSE_ANNOTATION.into(), cause.clone());
                }
                text.push_str("Pod Template:\n");
                let desc = crate::describe::describe(
                    &c.cluster,
                    &Object::Deployment(Deployment {
                        spec: DeploymentSpec { template: t, ..Default::default() },
                        ..Default::default()
                    }),
                    course(c),
                );
                // Reuse the describer's pod-template block.
                let block: Vec<&str> = desc
                    .lines()
                    .skip_while(|l| !l.starts_with("Pod Template:"))
                    .skip(1)
                    .take_while(|l| l.starts_with(' '))
                    .collect();
                text.push_str(&block.join("\n"));
                text.push_str("\n\n");
                out.stdout.push_str(&text);
                return;
            }
            if revs.is_empty() {
                return out.out("No rollout history found.");
            }
            let header = format!("{display} ");
            let mut w = crate::text::TabWriter::new(0, 8, 2);
            w.write_str("REVISION\tCHANGE-CAUSE\n");
            for (v, rs) in &revs {
                let cause =
                    rs.metadata.annotations.get(CHANGE_CAUSE_ANNOTATION).cloned().unwrap_or_else(|| "<none>".into());
                w.write_str(&format!("{v}\t{cause}\n"));
            }
            out.stdout.push_str(&format!("{header}\n{}\n", w.flush()));
        }
        "undo" => {
            let to = ctx.flags.get("to-revision").map(|r| r.parse::<i64>().unwrap_or(-1)).unwrap_or(0);
            if to < 0 {
                return out.err(&format!("error: unable to find specified revision {to} in history"));
            }
            match c.cluster.rollback(&ns, &name, to) {
                Ok(kubelab_sim::RollbackOutcome::RolledBack { .. }) => {
                    if course(c) {
                        out.out(&display);
                    } else {
                        out.out(&format!("{display} rolled back"));
                    }
                }
                Ok(kubelab_sim::RollbackOutcome::Skipped { revision }) => out
                    .out(&format!("{display} skipped rollback (current template already matches revision {revision})")),
                Err(e) => out.err(&format!("error: {e}")),
            }
        }
        "pause" | "resume" => {
            let pause = sub == "pause";
            if d.is_paused() == pause {
                if pause {
                    return out.out(&format!("{display} already paused"));
                }
                return out.err(&format!("error: {display} is not paused"));
            }
            let mut d2 = d.clone();
            d2.spec.paused = if pause { Some(true) } else { None };
            match c.cluster.update(Object::Deployment(d2)) {
                Ok(_) => out.out(&format!("{display} {}", if pause { "paused" } else { "resumed" })),
                Err(e) => out.err(&api_error(c, &e, Some(r.group))),
            }
        }
        "restart" => {
            let mut d2 = d.clone();
            let stamp = rfc3339(c.cluster.unix_secs(c.cluster.now()));
            d2.spec.template.metadata.annotations.insert("kubectl.kubernetes.io/restartedAt".into(), stamp);
            match c.cluster.update(Object::Deployment(d2)) {
                Ok(_) => out.out(&format!("{display} restarted")),
                Err(e) => out.err(&api_error(c, &e, Some(r.group))),
            }
        }
        other => out.err(&format!("error: unknown command \"{other}\" for \"kubectl rollout\"")),
    }
}

fn parse_duration_secs(s: &str) -> Option<u64> {
    let (num, mult) = if let Some(n) = s.strip_suffix("ms") {
        (n, 0)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60)
    } else if let Some(n) = s.strip_suffix('h') {
        (n, 3600)
    } else {
        (s, 1)
    };
    num.parse::<u64>().ok().map(|n| n.saturating_mul(mult).min(86_400))
}

// ----- label, annotate, patch -----

fn label(c: &mut Console, ctx: &Ctx, out: &mut Output, is_label: bool) {
    let split = ctx
        .pos
        .iter()
        .position(|p| p.contains('=') || (p.ends_with('-') && !p.contains('/') && ctx.pos.first() != Some(p)));
    let (res_args, changes) = match split {
        Some(i) => ctx.pos.split_at(i),
        None if ctx.pos.is_empty() => {
            return out.err("error: one or more resources must be specified as <resource> <name> or <resource>/<name>")
        }
        None => {
            return out.err(&format!(
                "error: at least one {} update is required",
                if is_label { "label" } else { "annotation" }
            ))
        }
    };
    let targets = match targets(c, res_args, false) {
        Ok(t) => t,
        Err(e) => return out.err(&e),
    };
    let ns = namespace(ctx);
    let overwrite = ctx.flags.bool("overwrite");
    for (r, name) in targets {
        let name = name.unwrap_or_default();
        let Some((kind, mut obj)) = fetch(c, &ns, &r, &name, out) else { continue };
        let mut failed = false;
        let before = if is_label { obj.meta().labels.clone() } else { obj.meta().annotations.clone() };
        {
            let map = if is_label { &mut obj.meta_mut().labels } else { &mut obj.meta_mut().annotations };
            for ch in changes {
                if let Some(key) = ch.strip_suffix('-').filter(|_| !ch.contains('=')) {
                    if map.remove(key).is_none() && is_label && !course(c) {
                        out.out(&format!("label \"{key}\" not found."));
                    }
                } else if let Some((k, v)) = ch.split_once('=') {
                    if map.get(k).is_some_and(|old| old != v) && !overwrite {
                        out.err(&format!(
                            "error: '{k}' already has a value ({}), and --overwrite is false",
                            map.get(k).cloned().unwrap_or_default()
                        ));
                        failed = true;
                        break;
                    }
                    map.insert(k.to_string(), v.to_string());
                }
            }
        }
        if failed {
            continue;
        }
        // kubectl's updateDataChangeMsg: "not labeled" when nothing changed; "unlabeled" (kubectl
        // ≥1.19) when the object got smaller without --overwrite.
        let after = if is_label { &obj.meta().labels } else { &obj.meta().annotations };
        let message = if !is_label {
            "annotated"
        } else if *after == before {
            "not labeled"
        } else if !overwrite
            && !course(c)
            && serde_json::to_string(after).map(|s| s.len()).unwrap_or(0)
                < serde_json::to_string(&before).map(|s| s.len()).unwrap_or(0)
        {
            "unlabeled"
        } else {
            "labeled"
        };
        match c.cluster.update(obj) {
            Ok(_) => out.out(&format!("{}/{} {message}", qualified(kind, r.group), name)),
            Err(e @ ApiError::Invalid { .. }) => {
                out.err(&format!("The {} \"{name}\" is invalid: {}", kind.name(), invalid_causes(&e)))
            }
            Err(e) => out.err(&api_error(c, &e, Some(r.group))),
        }
    }
}

/// JSON merge patch (RFC 7386), as `kubectl patch --type merge` applies it; kubectl's default
/// strategic merge behaves the same for the maps students patch (selectors, labels, replicas).
fn merge_patch(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

fn patch(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some(p) = ctx.flags.get("patch") else {
        return out.err("error: must specify --patch or --patch-file containing the contents of the patch");
    };
    let patch: Value = match serde_json::from_str(p) {
        Ok(v) => v,
        Err(_) if manifest::too_deep(p).is_some() => {
            return out.err(&format!("error: unable to parse \"{p}\": yaml: exceeded max depth"))
        }
        Err(_) => match serde_norway::from_str::<Value>(p) {
            Ok(v) if v.is_object() => v,
            // go-yaml's words where the YAML parser has them (`yaml: line 1: did not find expected ...`).
            Err(e) => {
                return out.err(&format!(
                    "error: unable to parse \"{p}\": yaml: {}",
                    manifest::yaml_error_text(&e.to_string())
                ))
            }
            Ok(_) => {
                return out.err(&format!("error: unable to parse \"{p}\": yaml: did not find expected node content"))
            }
        },
    };
    let Some((r, kind, name)) = one_target(c, ctx, out, "patch") else {
        return;
    };
    let ns = namespace(ctx);
    let Some(obj) = c.cluster.get(kind, &ns, &name).cloned() else {
        return out.err(&api_error(c, &ApiError::NotFound { kind, name }, Some(r.group)));
    };
    let mut v = obj.to_json();
    merge_patch(&mut v, &patch);
    let api_version = obj.api_version().to_string();
    let decoded = manifest::decode(v, "patch", course(c)).map_err(|e| e.replace("error when creating \"patch\": ", ""));
    let new_obj = match decoded {
        Ok(mut o) => {
            o.set_api_version(&api_version);
            o
        }
        Err(e) => return out.err(&e),
    };
    let before = strip_volatile(&obj);
    match c.cluster.update(new_obj) {
        Ok(after) => {
            let display = format!("{}/{}", qualified(kind, r.group), name);
            if strip_volatile(&after) == before {
                out.out(&format!("{display} patched (no change)"));
            } else {
                out.out(&format!("{display} patched"));
            }
        }
        Err(e @ ApiError::Invalid { .. }) => {
            out.err(&format!("The {} \"{name}\" is invalid: {}", kind.name(), invalid_causes(&e)))
        }
        Err(e) => out.err(&api_error(c, &e, Some(r.group))),
    }
}

// ----- delete -----

fn delete(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let ns = namespace(ctx);
    let grace = ctx.flags.get("grace-period").and_then(|g| g.parse::<i64>().ok()).filter(|g| *g >= 0);
    let grace = if ctx.flags.bool("now") {
        Some(1)
    } else if ctx.flags.bool("force") {
        Some(0)
    } else {
        grace
    };
    let opts = DeleteOptions { grace_period_seconds: grace };
    let mut doomed: Vec<(Kind, String, String, String)> = Vec::new(); // kind, ns, name, group
    if let Some(docs) = read_manifests(c, ctx, out) {
        for (source, doc) in docs {
            match manifest::decode(doc, &source, course(c)) {
                Ok(o) => {
                    let group = o.api_version().split_once('/').map(|(g, _)| g.to_string()).unwrap_or_default();
                    let ons = o.meta().namespace.clone().unwrap_or_else(|| ns.clone());
                    doomed.push((o.kind(), ons, o.meta().name.clone(), group));
                }
                Err(e) => out.err(&e),
            }
        }
    } else {
        if ctx.pos.is_empty() {
            return out.err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
        }
        let all = ctx.flags.bool("all");
        let selector = match parse_selector(ctx) {
            Ok(s) => s,
            Err(e) => return out.err(&e),
        };
        let by_selection = all || selector.is_some();
        let targets = match targets(c, &ctx.pos, by_selection) {
            Ok(t) => t,
            Err(e) => return out.err(&e),
        };
        let all_ns = ctx.flags.bool("all-namespaces");
        for (r, name) in targets {
            let Some(kind) = sim_kind(&r) else { continue };
            match name {
                Some(n) => doomed.push((kind, ns.clone(), n, r.group.to_string())),
                None => {
                    let scope = if all_ns || !kind.namespaced() { None } else { Some(ns.as_str()) };
                    for o in list_matching(c, kind, scope, selector.as_ref()) {
                        if o.meta().is_deleting() && kind == Kind::Pod {
                            // kubectl still asks; the server answers at once.
                        }
                        doomed.push((kind, o.meta().ns().to_string(), o.meta().name.clone(), r.group.to_string()));
                    }
                }
            }
        }
        if doomed.is_empty() {
            // delete.go: "No resources found" on stdout, in every version.
            return out.out("No resources found");
        }
    }
    let mut waiting: Vec<(Kind, String, String, String)> = Vec::new();
    for (kind, ons, name, group) in doomed {
        let uid = c.cluster.get(kind, &ons, &name).map(|o| o.meta().uid.clone()).unwrap_or_default();
        match c.cluster.delete(kind, &ons, &name, opts) {
            Ok(_) => {
                let shown = qualified(kind, &group);
                let line = if c.cluster.version().at_least(34) && kind.namespaced() {
                    format!("{shown} \"{name}\" deleted from {ons} namespace")
                } else {
                    format!("{shown} \"{name}\" deleted")
                };
                out.out(&line);
                waiting.push((kind, ons, name, uid));
            }
            Err(ApiError::NotFound { .. }) if ctx.flags.bool("ignore-not-found") => {}
            Err(e) => out.err(&api_error(c, &e, Some(&group))),
        }
    }
    // kubectl waits until the objects are really gone (graceful pod termination, namespaces).
    // An object recreated under the same name (the `kubernetes` Service) has a new uid.
    if ctx.flags.get("wait") != Some("false") {
        let gone = |c: &crate::Console| {
            waiting.iter().all(|(k, n, name, uid)| c.cluster.get(*k, n, name).is_none_or(|o| &o.meta().uid != uid))
        };
        let mut steps = 0;
        while !gone(c) && steps < 600 {
            c.cluster.step();
            steps += 1;
        }
    }
}

// ----- explain, version, api-resources, cluster-info -----

fn explain(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some(path) = ctx.pos.first() else {
        return out.err("error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.");
    };
    match crate::help::explain(path, course(c)) {
        Some(text) => out.out(&text),
        None => {
            let head = path.split('.').next().unwrap_or(path);
            if resources::lookup(head).is_none() {
                out.err(&format!("error: the server doesn't have a resource type \"{head}\""));
            } else {
                let field = path.split('.').next_back().unwrap_or(path);
                out.err(&format!("error: field \"{field}\" does not exist"));
            }
        }
    }
}

fn version(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let v = c.cluster.version();
    if course(c) {
        let info = |_: &str| {
            format!(
                "version.Info{{Major:\"1\", Minor:\"{}\", GitVersion:\"{}\", GitCommit:\"637c7e288581ee40ab4ca210618a89a555b6e7e9\", GitTreeState:\"clean\", BuildDate:\"2019-05-08T04:00:46Z\", GoVersion:\"go1.10.8\", Compiler:\"gc\", Platform:\"linux/amd64\"}}",
                v.minor,
                v.git_version()
            )
        };
        out.out(&format!("Client Version: {}", info("client")));
        if !ctx.flags.bool("client") {
            out.out(&format!("Server Version: {}", info("server")));
        }
        return;
    }
    out.out(&format!("Client Version: {}", v.git_version()));
    out.out("Kustomize Version: v5.6.0");
    if !ctx.flags.bool("client") {
        out.out(&format!("Server Version: {}", v.git_version()));
    }
}

fn api_resources(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    // The table's first row is its header.
    let rows: Vec<[String; 5]> = resources::api_resources_table(course(c)).into_iter().skip(1).collect();
    let header = if course(c) {
        ["NAME", "SHORTNAMES", "APIGROUP", "NAMESPACED", "KIND"]
    } else {
        ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
    };
    let header: Vec<String> = header.iter().map(|s| s.to_string()).collect();
    let filter = ctx.flags.get("namespaced");
    let rows: Vec<Vec<String>> =
        rows.into_iter().filter(|r| filter.is_none_or(|f| r[3] == f)).map(|r| r.to_vec()).collect();
    let h = if ctx.flags.bool("no-headers") { None } else { Some(header.as_slice()) };
    out.stdout.push_str(&render_table(h, &rows, minwidth(c)));
}

fn cluster_info(c: &mut Console, out: &mut Output) {
    let ip = match c.cluster.list(Kind::Node, None).first() {
        Some(Object::Node(n)) => n.internal_ip().unwrap_or("127.0.0.1").to_string(),
        _ => "127.0.0.1".into(),
    };
    if course(c) {
        out.out(&format!("Kubernetes master is running at https://{ip}:6443\nKubeDNS is running at https://{ip}:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'."));
    } else {
        out.out(&format!("Kubernetes control plane is running at https://{ip}:6443\nCoreDNS is running at https://{ip}:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'."));
    }
}

// ----- completion -----

pub fn complete(c: &Console, line: &str, pos: usize) -> (usize, Vec<String>) {
    let pos = pos.min(line.len());
    let upto = line.get(..pos).unwrap_or(line);
    let start = upto.rfind(' ').map(|i| i + 1).unwrap_or(0);
    let word = &upto[start..];
    let words: Vec<&str> = upto[..start].split_whitespace().collect();
    let mut cands: Vec<String> = Vec::new();
    match words.as_slice() {
        [] => cands.extend(["kubectl", "sleep", "clear"].iter().map(|s| s.to_string())),
        ["kubectl"] | ["k"] => cands.extend(crate::help::verbs().iter().map(|s| s.to_string())),
        ["kubectl", verb, rest @ ..] | ["k", verb, rest @ ..] => {
            if word.starts_with('-') {
                let mut path = vec![*verb];
                if let Some(sub) = rest.first() {
                    if crate::help::subcommands(verb).contains(sub) {
                        path.push(sub);
                    }
                }
                cands.extend(crate::help::flags(&path).iter().map(|s| s.to_string()));
            } else if rest.is_empty() && !crate::help::subcommands(verb).is_empty() && *verb != "create" {
                cands.extend(crate::help::subcommands(verb).iter().map(|s| s.to_string()));
            } else {
                let positional: Vec<&&str> = rest.iter().filter(|w| !w.starts_with('-')).collect();
                let kind_word = positional.iter().find(|w| resources::resolve(w, c.course()).is_some());
                match kind_word {
                    Some(k) if !k.contains('/') => {
                        if let Some(kind) = resources::resolve(k, c.course()).and_then(|r| Kind::from_name(r.info.kind))
                        {
                            for o in c.cluster.list(kind, Some("default")) {
                                cands.push(o.meta().name.clone());
                            }
                        }
                    }
                    _ => {
                        if *verb == "create" && rest.is_empty() {
                            cands.extend(crate::help::subcommands("create").iter().map(|s| s.to_string()));
                        }
                        cands.extend(resources::completion_names().iter().map(|s| s.to_string()));
                    }
                }
            }
        }
        _ => {}
    }
    let mut res: Vec<String> = cands.into_iter().filter(|c| c.starts_with(word)).collect();
    res.sort();
    res.dedup();
    (start, res)
}
