use super::*;

/// The flags of `kubectl api-resources --help` the lab does not model.
pub(super) const API_RESOURCES_NOT_MODELLED: &[&str] = &["--categories"];

/// The flags of [explain], besides the global ones.
pub(super) const EXPLAIN_FLAGS: &[FlagDef] = &[
    flags::b("recursive", None),
    flags::v("api-version", None),
    // kubectl 1.33's explain has no -o shorthand.
    flags::v("output", None),
];

/// The flags of [version], besides the global ones.
pub(super) const VERSION_FLAGS: &[FlagDef] =
    &[flags::b("client", None), flags::v("output", Some('o')), flags::b("short", None)];

/// The flags of [api-resources], besides the global ones.
pub(super) const API_RESOURCES_FLAGS: &[FlagDef] = &[
    flags::b("namespaced", None),
    flags::v("output", Some('o')),
    flags::v("api-group", None),
    flags::b("no-headers", None),
    flags::v("verbs", None),
    flags::b("cached", None),
    flags::v("sort-by", None),
];

/// The flags of [cluster-info], besides the global ones.
pub(super) const CLUSTER_INFO_FLAGS: &[FlagDef] = &[];

pub(super) fn explain(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some(path) = ctx.pos.first() else {
        return out.err("error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.");
    };
    match crate::help::explain(path, c.profile) {
        Some(text) => out.out(&text),
        None => {
            let head = path.split('.').next().unwrap_or(path);
            if resources::lookup(head).is_none() {
                out.err(&super::unknown_type(head, c.profile));
            } else {
                let field = path.split('.').next_back().unwrap_or(path);
                out.err(&format!("error: field \"{field}\" does not exist"));
            }
        }
    }
}

pub(super) fn version(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let v = c.cluster.version();
    let era = c.era();
    if era.version_go_struct {
        let info = |_: &str| {
            format!(
                "version.Info{{Major:\"1\", Minor:\"{}\", GitVersion:\"{}\", GitCommit:\"{}\", GitTreeState:\"clean\", BuildDate:\"{}\", GoVersion:\"{}\", Compiler:\"gc\", Platform:\"linux/amd64\"}}",
                v.minor,
                v.git_version(),
                era.version_git_commit,
                era.version_build_date,
                era.version_go,
            )
        };
        out.out(&format!("Client Version: {}", info("client")));
        if !ctx.flags.bool("client") {
            out.out(&format!("Server Version: {}", info("server")));
        }
        return;
    }
    out.out(&format!("Client Version: {}", v.git_version()));
    out.out(&format!("Kustomize Version: {}", era.version_kustomize));
    if !ctx.flags.bool("client") {
        out.out(&format!("Server Version: {}", v.git_version()));
    }
}

/// `kubectl api-resources`: every resource the server lists, filtered as kubectl's
/// RunAPIResources filters them (`--api-group` and `--namespaced` only when given, `--verbs`
/// needing all the named verbs), sorted by group (or `--sort-by` name|kind) then name, as a
/// table, `-o wide` (with verbs, and categories on kubectl 1.33) or `-o name`.
pub(super) fn api_resources(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    if !ctx.pos.is_empty() {
        return out.err(&format!(
            "error: unexpected arguments: [{}]\nSee 'kubectl api-resources -h' for help and examples",
            ctx.pos.join(" ")
        ));
    }
    let output = ctx.flags.get("output").unwrap_or("");
    if !matches!(output, "" | "wide" | "name") {
        return out.err(&format!("error: --output {output} is not available"));
    }
    let sort_by = ctx.flags.get("sort-by").unwrap_or("");
    if !matches!(sort_by, "" | "name" | "kind") {
        return out.err("error: --sort-by accepts only name or kind");
    }
    let profile = c.profile;
    let era = c.era();
    let group = ctx.flags.has("api-group").then(|| ctx.flags.get("api-group").unwrap_or(""));
    let namespaced = ctx.flags.has("namespaced").then(|| ctx.flags.bool("namespaced"));
    let wanted: Vec<&str> =
        ctx.flags.all("verbs").into_iter().flat_map(|v| v.split(',')).filter(|v| !v.is_empty()).collect();
    let mut rows: Vec<resources::ApiResourceRow> = resources::api_resource_rows(profile)
        .into_iter()
        .filter(|r| group.is_none_or(|g| g == r.group))
        .filter(|r| !super::argo_rollouts::crd_missing_for(c, r.info.kind))
        .filter(|r| r.info.kind != "Application" || super::argocd_install::application_served(c))
        .filter(|r| namespaced.is_none_or(|n| n == r.info.namespaced))
        .filter(|r| wanted.iter().all(|v| r.verbs(profile).contains(v)))
        .collect();
    // A stable sort on the key, then the name, as kubectl's sortableResource.
    match sort_by {
        "name" => kubelab_sim::sort::by(&mut rows, |a, b| a.info.plural.cmp(b.info.plural)),
        "kind" => kubelab_sim::sort::by(&mut rows, |a, b| {
            a.info.kind.cmp(b.info.kind).then_with(|| a.info.plural.cmp(b.info.plural))
        }),
        _ => {}
    }
    if output == "name" {
        for r in &rows {
            out.out(&r.name());
        }
        return;
    }
    let wide = output == "wide";
    let mut header: Vec<String> = era.api_resources_header().iter().map(|s| s.to_string()).collect();
    if wide {
        header.push("VERBS".into());
        if era.api_resources_wide_categories {
            header.push("CATEGORIES".into());
        }
    }
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let third = if era.api_resources_version_column { r.group_version() } else { r.group.to_string() };
            let mut row = vec![
                r.info.plural.to_string(),
                r.info.short_names.join(","),
                third,
                r.info.namespaced.to_string(),
                r.info.kind.to_string(),
            ];
            if wide {
                let verbs = r.verbs(profile);
                if era.api_resources_wide_categories {
                    row.push(verbs.join(","));
                    row.push(resources::categories(r.info.plural, r.group).join(","));
                } else {
                    row.push(format!("[{}]", verbs.join(" ")));
                }
            }
            row
        })
        .collect();
    let h = if ctx.flags.bool("no-headers") { None } else { Some(header.as_slice()) };
    out.stdout.push_str(&render_table(h, &table, minwidth(c)));
}

pub(super) fn cluster_info(c: &mut Console, _ctx: &Ctx, out: &mut Output) {
    let ip = match c.cluster.list(Kind::Node, None).first() {
        Some(Object::Node(n)) => n.internal_ip().unwrap_or("127.0.0.1").to_string(),
        _ => "127.0.0.1".into(),
    };
    out.out(&c.era().cluster_info(&ip));
}

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;

    #[test]
    fn explain_needs_a_known_type_and_field() {
        let mut c = console();
        assert_eq!(
            fails(&mut c, "kubectl explain"),
            "error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.\n"
        );
        assert_eq!(fails(&mut c, "kubectl explain foo"), "error: the server doesn't have a resource type \"foo\"\n");
        assert_eq!(fails(&mut c, "kubectl explain pods.spec.nope"), "error: field \"nope\" does not exist\n");
    }

    #[test]
    fn explain_describes_a_field() {
        let mut c = console();
        let text = ok(&mut c, "kubectl explain deployment.spec.replicas");
        assert!(
            text.starts_with("GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: replicas <integer>\n"),
            "{text}"
        );
    }

    #[test]
    fn version_prints_the_profiles_versions() {
        let mut c = console();
        assert_eq!(
            ok(&mut c, "kubectl version"),
            "Client Version: v1.33.4\nKustomize Version: v5.6.0\nServer Version: v1.33.4\n"
        );
        assert_eq!(ok(&mut c, "kubectl version --client"), "Client Version: v1.33.4\nKustomize Version: v5.6.0\n");
        let mut old = course();
        let text = ok(&mut old, "kubectl version");
        assert!(text.starts_with("Client Version: version.Info{Major:\"1\", Minor:\"11\""), "{text}");
        assert!(text.contains("\nServer Version: version.Info{"), "{text}");
        assert!(!ok(&mut old, "kubectl version --client").contains("Server Version"));
    }

    #[test]
    fn api_resources_filters_by_scope() {
        let mut c = console();
        let cluster_scoped = ok(&mut c, "kubectl api-resources --namespaced=false --no-headers");
        let names: Vec<&str> = cluster_scoped.lines().filter_map(|l| l.split_whitespace().next()).collect();
        assert!(cluster_scoped.lines().all(|l| l.split_whitespace().rev().nth(1) == Some("false")), "{cluster_scoped}");
        for name in ["namespaces", "nodes", "persistentvolumes", "storageclasses", "clusterroles"] {
            assert!(names.contains(&name), "{name}: {cluster_scoped}");
        }
        assert!(!names.contains(&"pods") && !names.contains(&"jobs"), "{cluster_scoped}");
        assert!(cluster_scoped.starts_with("componentstatuses                   cs         v1   "), "{cluster_scoped}");
        let all = ok(&mut c, "kubectl api-resources");
        assert!(all.starts_with("NAME ") && all.contains("\ndeployments "), "{all}");
    }

    /// Checked against kubectl 1.33 given a discovery cache of the same resources: the same
    /// filters, order and columns.
    #[test]
    fn api_resources_filters_as_kubectl_does() {
        let mut c = console();
        assert_eq!(
            ok(&mut c, "kubectl api-resources --api-group=apps -o name"),
            "controllerrevisions.apps\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n"
        );
        // An empty --api-group, given, is the core group.
        let core = ok(&mut c, "kubectl api-resources --api-group= --no-headers -o name");
        assert!(core.starts_with("bindings\ncomponentstatuses\n") && !core.contains('.'), "{core}");
        // Nothing matches: the header alone.
        assert_eq!(
            ok(&mut c, "kubectl api-resources --verbs=get --verbs=list,create --api-group=authentication.k8s.io"),
            "NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND\n"
        );
        let creatable = ok(&mut c, "kubectl api-resources --verbs=create -o name");
        assert!(creatable.contains("\ntokenreviews.authentication.k8s.io\n"), "{creatable}");
        assert!(!ok(&mut c, "kubectl api-resources --verbs=list -o name").contains("tokenreviews"));
        let wide = ok(&mut c, "kubectl api-resources -o wide --api-group=batch");
        assert_eq!(
            wide,
            "NAME       SHORTNAMES   APIVERSION   NAMESPACED   KIND      VERBS                                                        CATEGORIES\n\
             cronjobs   cj           batch/v1     true         CronJob   create,delete,deletecollection,get,list,patch,update,watch   all\n\
             jobs                    batch/v1     true         Job       create,delete,deletecollection,get,list,patch,update,watch   all\n"
        );
        let by_kind = ok(&mut c, "kubectl api-resources --sort-by=kind --no-headers -o name");
        assert!(by_kind.starts_with("apiservices.apiregistration.k8s.io\nbindings\n"), "{by_kind}");
        assert_eq!(fails(&mut c, "kubectl api-resources -o yaml"), "error: --output yaml is not available\n");
        assert_eq!(
            fails(&mut c, "kubectl api-resources --sort-by=group"),
            "error: --sort-by accepts only name or kind\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl api-resources pods"),
            "error: unexpected arguments: [pods]\nSee 'kubectl api-resources -h' for help and examples\n"
        );
    }

    #[test]
    fn api_resources_wide_on_kubectl_1_11_lists_verbs_as_go_prints_a_list() {
        let mut c = course();
        assert_eq!(
            ok(&mut c, "kubectl api-resources -o wide --api-group=batch"),
            "NAME       SHORTNAMES   APIGROUP   NAMESPACED   KIND      VERBS\n\
             cronjobs   cj           batch      true         CronJob   [create delete deletecollection get list patch update watch]\n\
             jobs                    batch      true         Job       [create delete deletecollection get list patch update watch]\n"
        );
        let services = ok(&mut c, "kubectl api-resources -o wide --api-group= --no-headers");
        assert!(
            services.contains("Service                 [create delete get list patch update watch]\n"),
            "{services}"
        );
        assert!(ok(&mut c, "kubectl api-resources -o name").contains("\npodsecuritypolicies.extensions\n"));
    }

    #[test]
    fn cluster_info_names_the_control_plane() {
        let mut c = console();
        let text = ok(&mut c, "kubectl cluster-info");
        assert!(text.starts_with("Kubernetes control plane is running at https://"), "{text}");
        assert!(
            text.ends_with("To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"),
            "{text}"
        );
    }
}
