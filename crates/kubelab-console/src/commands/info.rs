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
    flags::v("namespaced", None),
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

pub(super) fn api_resources(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    // The table's first row is its header.
    let rows: Vec<[String; 5]> = resources::api_resources_table(c.profile).into_iter().skip(1).collect();
    let header = c.era().api_resources_header();
    let header: Vec<String> = header.iter().map(|s| s.to_string()).collect();
    let filter = ctx.flags.get("namespaced");
    let rows: Vec<Vec<String>> =
        rows.into_iter().filter(|r| filter.is_none_or(|f| r[3] == f)).map(|r| r.to_vec()).collect();
    let h = if ctx.flags.bool("no-headers") { None } else { Some(header.as_slice()) };
    out.stdout.push_str(&render_table(h, &rows, minwidth(c)));
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
        assert!(cluster_scoped.starts_with("componentstatuses                 cs         v1   "), "{cluster_scoped}");
        let all = ok(&mut c, "kubectl api-resources");
        assert!(all.starts_with("NAME ") && all.contains("\ndeployments "), "{all}");
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
