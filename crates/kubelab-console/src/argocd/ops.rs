//! `argocd app ...`: the subcommands, their output (`printAppSummaryTable`,
//! `printAppResources`, `printApplicationTable`, `printApplicationHistoryTable`,
//! `printOperationResult`, `printResourceDiff`) and the API server's checks.
//!
//! Simplified: `app sync` and `app rollback` print the final status only (not the TIMESTAMP
//! progress lines the CLI streams while it waits); `app diff` compares the live object with
//! the live object with the manifest written over it (the agent's apply), which shows the
//! fields that differ as Argo CD's diff does.

use super::{fatal, go_time, server_address, Args};
use crate::text::{to_yaml, TabWriter};
use crate::{Console, Output};
use kubelab_sim::api::application::{Application, Automated, SyncPolicy, API_VERSION, IN_CLUSTER};
use kubelab_sim::api::*;
use kubelab_sim::argocd::{compare, Operation};
use serde_json::{json, Value};

const SUBCOMMANDS: &[&str] = &["list", "get", "diff", "sync", "history", "rollback", "set", "create", "delete"];

pub(super) fn run(c: &mut Console, rest: &[&str], args: &Args, out: &mut Output) {
    match rest {
        ["list"] => list(c, args, out),
        ["get", name] => {
            if args.has("refresh") || args.has("hard-refresh") {
                c.cluster.argocd_refresh(name);
            }
            if let Some(a) = super::app(c, name, out) {
                get(c, &a, args, out);
            }
        }
        ["diff", name] => diff(c, name, out),
        ["sync", name] => sync(c, name, args, out),
        ["history", name] => history(c, name, out),
        ["rollback", name] => rollback(c, name, None, out),
        ["rollback", name, id] => match id.parse::<i64>() {
            Ok(id) => rollback(c, name, Some(id), out),
            Err(_) => fatal(out, &format!("strconv.Atoi: parsing \"{id}\": invalid syntax")),
        },
        ["set", name] => set(c, name, args, out),
        ["create", name] => create(c, name, args, out),
        ["delete", name] => delete(c, name, args, out),
        [sub, ..] if SUBCOMMANDS.contains(sub) => {
            let shape = if *sub == "list" { String::new() } else { " APPNAME".to_string() };
            out.stdout.push_str(&format!("Usage:\n  argocd app {sub}{shape} [flags]\n"));
            out.exit_code = 1;
        }
        [sub, ..] => {
            out.stderr.push_str(&format!(
                "Error: unknown command \"{sub}\" for \"argocd app\"\nRun 'argocd app --help' for usage.\n"
            ));
            out.exit_code = 1;
        }
        [] => {}
    }
}

fn apps(c: &Console) -> Vec<Application> {
    let ns = c.cluster.argocd_namespace().unwrap_or("argocd");
    c.cluster.list(Kind::Application, Some(ns)).into_iter().filter_map(Application::from_object).collect()
}

fn server_of(a: &Application) -> &str {
    if a.spec.destination.server.is_empty() {
        &a.spec.destination.name
    } else {
        &a.spec.destination.server
    }
}

fn list(c: &Console, args: &Args, out: &mut Output) {
    let wide = args.get("output").or(args.get("o")) == Some("wide");
    let mut tw = TabWriter::new(0, 8, 2);
    let mut header = vec!["NAME", "CLUSTER", "NAMESPACE", "PROJECT", "STATUS", "HEALTH", "SYNCPOLICY", "CONDITIONS"];
    if wide {
        header.extend(["REPO", "PATH", "TARGET"]);
    }
    tw.write_str(&format!("{}\n", header.join("\t")));
    for a in apps(c) {
        let policy = match a.automated() {
            None => "Manual",
            Some(_) if a.prune() => "Auto-Prune",
            Some(_) => "Auto",
        };
        let mut kinds: Vec<String> = Vec::new();
        for cond in &a.status.conditions {
            let n = a.status.conditions.iter().filter(|k| k.type_ == cond.type_).count();
            let item = if n > 1 { format!("{}({n})", cond.type_) } else { cond.type_.clone() };
            if !kinds.contains(&item) {
                kinds.push(item);
            }
        }
        kubelab_sim::sort::natural(&mut kinds);
        let conditions = if kinds.is_empty() { "<none>".to_string() } else { kinds.join(",") };
        let mut row = vec![
            format!("{}/{}", a.metadata.ns(), a.metadata.name),
            server_of(&a).to_string(),
            a.spec.destination.namespace.clone(),
            a.spec.project.clone(),
            a.status.sync.status.clone(),
            a.status.health.status.clone(),
            policy.to_string(),
            conditions,
        ];
        if wide {
            row.extend([
                a.spec.source.repo_url.clone(),
                a.spec.source.path.clone(),
                a.spec.source.target_revision.clone(),
            ]);
        }
        tw.write_str(&format!("{}\n", row.join("\t")));
    }
    out.stdout.push_str(&tw.flush());
}

fn is_sha(rev: &str) -> bool {
    (7..=40).contains(&rev.len()) && rev.chars().all(|ch| ch.is_ascii_hexdigit())
}

/// `printAppSummaryTable`.
fn summary(c: &Console, a: &Application) -> String {
    let line = |k: &str, v: &str| format!("{k:<20}{v}\n");
    let mut s = String::new();
    s += &line("Name:", &format!("{}/{}", a.metadata.ns(), a.metadata.name));
    s += &line("Project:", &a.spec.project);
    s += &line("Server:", server_of(a));
    s += &line("Namespace:", &a.spec.destination.namespace);
    s += &line("URL:", &format!("https://{}/applications/{}", server_address(c), a.metadata.name));
    s += "Source:\n";
    s += &line("- Repo:", &a.spec.source.repo_url);
    s += &line("  Target:", &a.spec.source.target_revision);
    if !a.spec.source.path.is_empty() {
        s += &line("  Path:", &a.spec.source.path);
    }
    s += &line("SyncWindow:", "Sync Allowed");
    let policy = match a.automated() {
        Some(_) if a.prune() => "Automated (Prune)",
        Some(_) => "Automated",
        None => "Manual",
    };
    s += &line("Sync Policy:", policy);
    let target = &a.spec.source.target_revision;
    let mut status = a.status.sync.status.clone();
    match status.as_str() {
        "Synced" => status += &format!(" to {target}"),
        "OutOfSync" => status += &format!(" from {target}"),
        _ => {}
    }
    if !is_sha(target) && a.status.sync.revision.len() > 7 {
        status += &format!(" ({})", a.status.sync.revision.get(..7).unwrap_or_default());
    }
    s += &line("Sync Status:", &status);
    s += &line("Health Status:", &a.status.health.status);
    s
}

fn conditions(a: &Application) -> String {
    if a.status.conditions.is_empty() {
        return String::new();
    }
    let mut tw = TabWriter::new(0, 8, 2);
    tw.write_str("CONDITION\tMESSAGE\tLAST TRANSITION\n");
    for k in &a.status.conditions {
        tw.write_str(&format!("{}\t{}\t{}\n", k.type_, k.message, go_time(&k.last_transition_time)));
    }
    format!("\n{}\n", tw.flush())
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// `printAppResources` over `getResourceStates`: the last operation's resources first (with
/// its messages), then the rest by `group/kind/namespace/name`.
fn resources(a: &Application) -> String {
    let mut rows: Vec<[String; 8]> = Vec::new();
    let mut rest: Vec<&kubelab_sim::api::application::ResourceStatus> = a.status.resources.iter().collect();
    if let Some(result) = a.status.operation_state.as_ref().and_then(|o| o.sync_result.as_ref()) {
        for r in &result.resources {
            let (group, kind, ns, name) =
                (str_of(r, "group"), str_of(r, "kind"), str_of(r, "namespace"), str_of(r, "name"));
            let found =
                rest.iter().position(|s| s.group == group && s.kind == kind && s.namespace == ns && s.name == name);
            let (status, health) = match found {
                Some(i) => {
                    let s = rest.remove(i);
                    (s.status.clone(), s.health.as_ref().map(|h| h.status.clone()).unwrap_or_default())
                }
                None => (str_of(r, "hookPhase").to_string(), str_of(r, "status").to_string()),
            };
            let message = str_of(r, "message").to_string();
            rows.push([group.into(), kind.into(), ns.into(), name.into(), status, health, String::new(), message]);
        }
    }
    kubelab_sim::sort::by_cached_key(&mut rest, |s| format!("{}/{}/{}/{}", s.group, s.kind, s.namespace, s.name));
    for s in rest {
        let health = s.health.as_ref().map(|h| h.status.clone()).unwrap_or_default();
        rows.push([
            s.group.clone(),
            s.kind.clone(),
            s.namespace.clone(),
            s.name.clone(),
            s.status.clone(),
            health,
            String::new(),
            String::new(),
        ]);
    }
    let mut tw = TabWriter::new(0, 8, 2);
    tw.write_str("GROUP\tKIND\tNAMESPACE\tNAME\tSTATUS\tHEALTH\tHOOK\tMESSAGE\n");
    for r in rows {
        tw.write_str(&format!("{}\n", r.join("\t")));
    }
    tw.flush()
}

fn get(c: &Console, a: &Application, args: &Args, out: &mut Output) {
    match args.get("output").or(args.get("o")) {
        Some("yaml") | Some("json") => {
            let obj = a.clone().into_object();
            let mut v = obj.to_json();
            if let Some(m) = v.get_mut("metadata").and_then(Value::as_object_mut) {
                m.remove("creationTimestamp");
                m.remove("resourceVersion");
            }
            let text = if args.get("output").or(args.get("o")) == Some("json") {
                crate::text::to_json(&v)
            } else {
                to_yaml(&v)
            };
            out.stdout.push_str(&text);
        }
        None | Some("wide") => {
            out.stdout.push_str(&summary(c, a));
            out.stdout.push_str(&conditions(a));
            if !a.status.resources.is_empty() {
                out.stdout.push('\n');
                out.stdout.push_str(&resources(a));
            }
        }
        Some(other) => fatal(out, &format!("unknown output format: {other}")),
    }
}

/// `printOperationResult`.
fn operation(a: &Application) -> String {
    let Some(op) = &a.status.operation_state else { return String::new() };
    let line = |k: &str, v: &str| format!("{k:<20}{v}\n");
    let mut s = String::new();
    if let Some(r) = &op.sync_result {
        s += &line("Operation:", "Sync");
        s += &line("Sync Revision:", &r.revision);
    }
    s += &line("Phase:", &op.phase);
    s += &line("Start:", &go_time(&op.started_at));
    s += &line("Finished:", &go_time(&op.finished_at));
    s += &line("Duration:", "0s");
    if !op.message.is_empty() {
        s += &line("Message:", &op.message);
    }
    s
}

/// What `app sync` and `app rollback` print once the operation finished.
fn final_status(c: &Console, name: &str, out: &mut Output) {
    let Some(a) = super::app(c, name, out) else { return };
    out.stdout.push('\n');
    out.stdout.push_str(&summary(c, &a));
    out.stdout.push('\n');
    out.stdout.push_str(&operation(&a));
    if !a.status.resources.is_empty() {
        out.stdout.push('\n');
        out.stdout.push_str(&resources(&a));
    }
    if a.status.operation_state.as_ref().is_some_and(|o| o.phase != "Succeeded") {
        let phase = a.status.operation_state.as_ref().map(|o| o.phase.clone()).unwrap_or_default();
        fatal(out, &format!("Operation has completed with phase: {phase}"));
    }
}

fn operate(c: &mut Console, name: &str, op: Operation, out: &mut Output) {
    if !c.cluster.argocd_ready() {
        fatal(out, &format!("rpc error: code = DeadlineExceeded desc = timed out waiting for app \"{name}\" to finish the operation: the application controller is not running"));
        return;
    }
    match c.cluster.argocd_operate(name, op) {
        Ok(_) => final_status(c, name, out),
        Err(_) => super::not_found(out, name),
    }
}

fn sync(c: &mut Console, name: &str, args: &Args, out: &mut Output) {
    if super::app(c, name, out).is_none() {
        return;
    }
    let op = Operation { prune: args.has("prune"), ..Default::default() };
    operate(c, name, op, out);
}

fn rollback(c: &mut Console, name: &str, id: Option<i64>, out: &mut Output) {
    let Some(a) = super::app(c, name, out) else { return };
    if a.automated().is_some() {
        return fatal(
            out,
            "rpc error: code = FailedPrecondition desc = rollback cannot be initiated when auto-sync is enabled",
        );
    }
    // Without an ID: the entry before the last.
    let entry = match id {
        Some(id) => a.status.history.iter().find(|h| h.id == id),
        None => a.status.history.len().checked_sub(2).and_then(|i| a.status.history.get(i)),
    };
    let Some(entry) = entry else {
        let shown = id.map(|i| i.to_string()).unwrap_or_else(|| "0".into());
        return fatal(
            out,
            &format!(
                "rpc error: code = InvalidArgument desc = application {name} does not have deployment with id {shown}"
            ),
        );
    };
    let op = Operation { prune: false, revision: Some(entry.revision.clone()), rollback_id: Some(entry.id) };
    operate(c, name, op, out);
}

fn history(c: &Console, name: &str, out: &mut Output) {
    let Some(a) = super::app(c, name, out) else { return };
    let mut tw = TabWriter::new(0, 8, 2);
    let mut first = true;
    let mut sources: Vec<&str> = Vec::new();
    for h in &a.status.history {
        if !sources.contains(&h.source.repo_url.as_str()) {
            sources.push(&h.source.repo_url);
        }
    }
    for src in sources {
        if !first {
            tw.write_str("\n");
        }
        first = false;
        tw.write_str(&format!("SOURCE\t{src}\n"));
        tw.write_str("ID\tDATE\tREVISION\n");
        for h in a.status.history.iter().filter(|h| h.source.repo_url == src) {
            let mut rev = h.source.target_revision.clone();
            if h.revision.len() >= 7 {
                rev = format!("{rev} ({})", h.revision.get(..7).unwrap_or_default());
            }
            tw.write_str(&format!("{}\t{}\t{rev}\n", h.id, go_time(&h.deployed_at)));
        }
    }
    out.stdout.push_str(&tw.flush());
}

fn policy_from(args: &Args, app: &mut Application, out: &mut Output) -> bool {
    match args.get("sync-policy") {
        None => {}
        Some("automated" | "automatic" | "auto") => {
            let policy = app.spec.sync_policy.get_or_insert_with(SyncPolicy::default);
            let auto = policy.automated.get_or_insert_with(Automated::default);
            auto.enabled = None;
        }
        Some("none" | "manual") => {
            if let Some(p) = app.spec.sync_policy.as_mut() {
                p.automated = None;
            }
        }
        Some(other) => {
            fatal(out, &format!("Invalid sync policy: {other}"));
            return false;
        }
    }
    let automated = app.spec.sync_policy.as_ref().and_then(|p| p.automated.as_ref()).is_some();
    for (flag, what) in [("self-heal", "--self-heal"), ("auto-prune", "--auto-prune")] {
        if !args.given(flag) {
            continue;
        }
        if !automated {
            fatal(out, &format!("Cannot set {what}: application not configured with automatic sync"));
            return false;
        }
        let on = args.has(flag);
        if let Some(a) = app.spec.sync_policy.as_mut().and_then(|p| p.automated.as_mut()) {
            if flag == "self-heal" {
                a.self_heal = Some(on);
            } else {
                a.prune = Some(on);
            }
        }
    }
    true
}

fn set(c: &mut Console, name: &str, args: &Args, out: &mut Output) {
    let Some(mut a) = super::app(c, name, out) else { return };
    if !policy_from(args, &mut a, out) {
        return;
    }
    for (flag, field) in [("repo", 0), ("path", 1), ("revision", 2), ("dest-namespace", 3), ("dest-server", 4)] {
        if let Some(v) = args.get(flag) {
            let v = v.to_string();
            match field {
                0 => a.spec.source.repo_url = v,
                1 => a.spec.source.path = v,
                2 => a.spec.source.target_revision = v,
                3 => a.spec.destination.namespace = v,
                _ => a.spec.destination.server = v,
            }
        }
    }
    if let Err(e) = c.cluster.update(a.into_object()) {
        fatal(out, &format!("rpc error: code = InvalidArgument desc = {e}"));
    }
}

fn create(c: &mut Console, name: &str, args: &Args, out: &mut Output) {
    let ns = c.cluster.argocd_namespace().unwrap_or("argocd").to_string();
    let mut spec = json!({
        "project": args.get("project").unwrap_or("default"),
        "source": {"repoURL": args.get("repo").unwrap_or(""), "path": args.get("path").unwrap_or(""),
            "targetRevision": args.get("revision").unwrap_or("HEAD")},
        "destination": {"server": args.get("dest-server").unwrap_or(""), "namespace": args.get("dest-namespace").unwrap_or("")},
    });
    if let Some(d) = args.get("dest-name") {
        spec["destination"]["name"] = json!(d);
    }
    let v = json!({"apiVersion": API_VERSION, "kind": "Application", "metadata": {"name": name, "namespace": ns}, "spec": spec});
    let Some(mut a) = serde_json::from_value::<Opaque>(v)
        .ok()
        .and_then(|o| Application::from_object(&Object::Opaque(Kind::Application, o)))
    else {
        return;
    };
    if !policy_from(args, &mut a, out) {
        return;
    }
    if a.spec.source.repo_url.is_empty() {
        return fatal(out, "rpc error: code = InvalidArgument desc = application spec for {name} is invalid: InvalidSpecError: spec.source.repoURL and either spec.source.path, spec.source.chart, or spec.source.ref are required".replace("{name}", name).as_str());
    }
    if a.spec.destination.server.is_empty() && a.spec.destination.name.is_empty() {
        return fatal(out, &format!("rpc error: code = InvalidArgument desc = application destination spec for {name} is invalid: unable to find destination server: there are no clusters with this URL: "));
    }
    if !a.spec.destination.server.is_empty() && a.spec.destination.server != IN_CLUSTER {
        let server = a.spec.destination.server.clone();
        return fatal(out, &format!("rpc error: code = InvalidArgument desc = application destination spec for {name} is invalid: unable to find destination server: there are no clusters with this URL: {server}"));
    }
    if let Some(existing) = c.cluster.get(Kind::Application, &ns, name).and_then(Application::from_object) {
        if existing.spec == a.spec {
            out.out(&format!("application '{name}' unchanged"));
        } else {
            fatal(out, "rpc error: code = InvalidArgument desc = existing application spec is different, use upsert flag to force update");
        }
        return;
    }
    match c.cluster.create(a.into_object()) {
        Ok(_) => out.out(&format!("application '{name}' created")),
        Err(e) => fatal(out, &format!("rpc error: code = InvalidArgument desc = {e}")),
    }
}

fn delete(c: &mut Console, name: &str, args: &Args, out: &mut Output) {
    if super::app(c, name, out).is_none() {
        return;
    }
    let cascade = !args.given("cascade") || args.has("cascade");
    if cascade && !args.has("yes") && !args.has("y") {
        out.out(&format!("Are you sure you want to delete '{name}' and all its resources? [y/n] "));
        out.err("kubelab: this terminal answers no prompts: run it again with --yes");
        return;
    }
    match c.cluster.argocd_delete_app(name, cascade) {
        Ok(_) => out.out(&format!("application '{name}' deleted")),
        Err(_) => super::not_found(out, name),
    }
}

/// `app diff`: per resource that differs, `===== group/Kind ns/name ======` and `diff LIVE
/// TARGET`; exit code 1 when something differs.
fn diff(c: &Console, name: &str, out: &mut Output) {
    let Some(a) = super::app(c, name, out) else { return };
    if a.status.sync.status == "Unknown" {
        let msg = a.status.conditions.first().map(|k| k.message.clone()).unwrap_or_default();
        return fatal(out, &format!("rpc error: code = Unknown desc = {msg}"));
    }
    let Some(manifests) = c.cluster.argocd_target(name) else { return };
    let mut changed: Vec<(String, String, String)> = Vec::new();
    for (key, group, raw) in manifests {
        let live = c.cluster.get(key.kind, &key.namespace, &key.name).map(|o| o.to_json());
        let target = match (&live, &raw) {
            (Some(l), Some(r)) => {
                if compare::subset(&compare::desired_fields(r), l) {
                    continue;
                }
                let mut t = l.clone();
                compare::overlay(&mut t, r);
                Some(t)
            }
            (None, Some(r)) => Some(r.clone()),
            (_, None) => None,
        };
        let strip = |v: &Value| {
            let mut v = v.clone();
            if let Some(m) = v.as_object_mut() {
                m.remove("status");
            }
            to_yaml(&v)
        };
        let live_text = live.as_ref().map(strip).unwrap_or_default();
        let target_text = target.as_ref().map(strip).unwrap_or_default();
        let title = format!("{group}/{} {}/{}", key.kind.name(), key.namespace, key.name);
        let sort_key = format!("{group}/{}/{}/{}", key.kind.name(), key.namespace, key.name);
        changed.push((sort_key, title, super::ndiff::normal(&live_text, &target_text)));
    }
    kubelab_sim::sort::by_cached_key(&mut changed, |c| c.0.clone());
    for (_, title, d) in &changed {
        out.stdout.push_str(&format!("\n===== {title} ======\n{d}"));
    }
    if !changed.is_empty() {
        out.exit_code = 1;
    }
}
