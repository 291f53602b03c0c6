use super::*;

/// The flags of `kubectl delete --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] =
    &["--dry-run", "--field-selector", "-i", "--interactive", "-k", "--kustomize", "--raw"];

/// The flags of [delete], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::v("filename", Some('f')),
    flags::b("all", None),
    flags::v("selector", Some('l')),
    flags::v("grace-period", None),
    flags::b("force", None),
    flags::b("now", None),
    flags::b("wait", None),
    flags::b("ignore-not-found", None),
    flags::v("cascade", None),
    flags::b("recursive", Some('R')),
    flags::ALL_NAMESPACES,
    flags::v("output", Some('o')),
    flags::v("timeout", None),
];

pub(super) fn delete(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    // pflag's int flag fails while the flags are parsed, before anything else.
    if let Err(e) = int_flag(ctx, "grace-period", "--grace-period") {
        return out.err(&e);
    }
    // The resource builder's first error (SelectAllParam), before it looks for resources.
    let given = |f: &str| ctx.flags.get(f).is_some_and(|s| !s.trim().is_empty());
    if ctx.flags.bool("all") && (given("selector") || given("field-selector")) {
        return out.err("error: setting 'all' parameter but found a non empty selector. ");
    }
    let ns = namespace(ctx);
    let grace = ctx.flags.get("grace-period").and_then(|g| g.parse::<i64>().ok()).filter(|g| *g >= 0);
    let force = ctx.flags.bool("force");
    let grace = if ctx.flags.bool("now") {
        Some(1)
    } else if force && grace.is_none() {
        Some(0)
    } else {
        grace
    };
    // kubectl's Validate: a grace period with --force must be 0; then its warning.
    if force && grace.is_some_and(|g| g > 0) {
        return out.err("error: --force and --grace-period greater than 0 cannot be specified together");
    }
    if force {
        out.stderr.push_str(&format!(
            "{} Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n",
            c.era().force_delete_warning_prefix
        ));
    }
    let deleted = if force { "force deleted" } else { "deleted" };
    let opts = DeleteOptions { grace_period_seconds: grace };
    let mut doomed: Vec<(Kind, String, String, String)> = Vec::new(); // kind, ns, name, group
    if let Some(docs) = read_manifests(c, ctx, out) {
        for (source, doc) in docs {
            match manifest::decode(doc, &source, c.profile) {
                Ok(o) => {
                    let group = o.api_version().split_once('/').map(|(g, _)| g.to_string()).unwrap_or_default();
                    let ons = o.meta().namespace.clone().unwrap_or_else(|| ns.clone());
                    doomed.push((o.kind(), ons, o.meta().name.clone(), group));
                }
                Err(e) => out.err(&e),
            }
        }
        if doomed.is_empty() && out.exit_code == 0 {
            return out.out("No resources found");
        }
    } else {
        if ctx.pos.is_empty() {
            return out.err(NO_RESOURCES);
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
                    format!("{shown} \"{name}\" {deleted} from {ons} namespace")
                } else {
                    format!("{shown} \"{name}\" {deleted}")
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

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;
    use kubelab_sim::api::Kind;

    #[test]
    fn what_to_delete_must_be_said() {
        let mut c = with_web();
        assert_eq!(
            fails(&mut c, "kubectl delete"),
            "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl delete deployment"),
            "error: resource(s) were provided, but no name was specified\n"
        );
        assert_eq!(fails(&mut c, "kubectl delete foos x"), "error: the server doesn't have a resource type \"foos\"\n");
        assert_eq!(
            fails(&mut c, "kubectl delete deployment/"),
            "error: arguments in resource/name form must have a single resource and name\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl delete pods -l 'a in (b'"),
            "error: unable to parse requirement: found '', expected: ',' or ')'\n"
        );
    }

    #[test]
    fn not_found_unless_ignored() {
        let mut c = with_web();
        assert_eq!(
            fails(&mut c, "kubectl delete deployment nope"),
            "Error from server (NotFound): deployments.apps \"nope\" not found\n"
        );
        let before = state(&c);
        assert_eq!(ok(&mut c, "kubectl delete deployment nope --ignore-not-found"), "");
        assert!(state(&c) == before);
    }

    #[test]
    fn an_empty_selection_says_no_resources_found_on_stdout() {
        let mut c = with_web();
        let out = run(&mut c, "kubectl delete pods -l app=nothing");
        assert_eq!((out.exit_code, out.stdout.as_str(), out.stderr.as_str()), (0, "No resources found\n", ""));
        assert_eq!(pods(&c).len(), 2);
    }

    #[test]
    fn deleting_a_deployment_takes_its_pods_with_it() {
        let mut c = with_web();
        assert_eq!(ok(&mut c, "kubectl delete deployment web"), "deployment.apps \"web\" deleted\n");
        assert!(object(&c, Kind::Deployment, "web").is_none());
        ok(&mut c, "sleep 60");
        assert!(pods(&c).is_empty(), "{:?}", pods(&c));
    }

    #[test]
    fn deleting_a_pod_waits_until_it_is_gone() {
        let mut c = console();
        ok(&mut c, "kubectl run lone --image=nginx");
        ok(&mut c, "sleep 30");
        let t0 = c.cluster.now();
        assert_eq!(ok(&mut c, "kubectl delete pod lone"), "pod \"lone\" deleted\n");
        assert!(object(&c, Kind::Pod, "lone").is_none());
        assert!(c.cluster.now() > t0, "kubectl waits for the graceful termination");
        ok(&mut c, "kubectl run lone --image=nginx");
        let t1 = c.cluster.now();
        ok(&mut c, "kubectl delete pod lone --wait=false");
        assert_eq!(c.cluster.now(), t1, "--wait=false returns at once");
    }

    #[test]
    fn a_selector_deletes_only_matching_pods() {
        let mut c = with_web();
        ok(&mut c, "kubectl run lone --image=nginx");
        let web = pods(&c).into_iter().filter(|p| p.starts_with("web-")).collect::<Vec<_>>();
        let out = ok(&mut c, "kubectl delete pods -l app=web --now");
        assert_eq!(out, web.iter().map(|p| format!("pod \"{p}\" deleted\n")).collect::<String>());
        assert!(object(&c, Kind::Pod, "lone").is_some());
        assert!(web.iter().all(|p| object(&c, Kind::Pod, p).is_none()));
    }

    #[test]
    fn force_delete_warns_and_says_force_deleted() {
        let mut c = console();
        ok(&mut c, "kubectl run solo --image=nginx");
        ok(&mut c, "sleep 30");
        let t0 = c.cluster.now();
        let out = run(&mut c, "kubectl delete pod solo --force --grace-period=0");
        assert_eq!(out.exit_code, 0, "{}", out.stderr);
        assert_eq!(out.stdout, "pod \"solo\" force deleted\n");
        assert_eq!(
            out.stderr,
            "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n"
        );
        assert!(c.cluster.get(Kind::Pod, "default", "solo").is_none());
        assert_eq!(c.cluster.now(), t0, "no graceful termination to wait for");
        ok(&mut c, "kubectl run solo --image=nginx");
        assert_eq!(
            fails(&mut c, "kubectl delete pod solo --force --grace-period=5"),
            "error: --force and --grace-period greater than 0 cannot be specified together\n"
        );
        // --force alone means a grace period of 0.
        assert_eq!(ok(&mut c, "kubectl delete pod solo --force"), "pod \"solo\" force deleted\n");
        let mut old = course();
        ok(&mut old, "kubectl run solo --image=nginx --restart=Never");
        let out = run(&mut old, "kubectl delete pod solo --force --grace-period=0");
        assert!(out.stderr.starts_with("warning: Immediate deletion"), "{}", out.stderr);
    }
}
