use super::*;

/// The flags of `kubectl describe --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] = &["--chunk-size", "-k", "--kustomize"];

/// The flags of [describe], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::v("selector", Some('l')),
    flags::ALL_NAMESPACES,
    flags::v("filename", Some('f')),
    flags::b("show-events", None),
    flags::b("recursive", Some('R')),
];

pub(super) fn describe(c: &mut Console, ctx: &Ctx, out: &mut Output) {
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
                Some(o) => texts.push(crate::describe::describe(&c.cluster, o, c.era())),
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
                        texts.push(crate::describe::describe(&c.cluster, &o, c.era()));
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
                    texts.push(crate::describe::describe(&c.cluster, &o, c.era()));
                }
            }
        }
    }
    out.stdout.push_str(&texts.join("\n\n"));
}

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;

    #[test]
    fn errors_name_what_is_missing() {
        let mut c = with_web();
        assert_eq!(
            fails(&mut c, "kubectl describe"),
            "error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n"
        );
        assert_eq!(fails(&mut c, "kubectl describe foo"), "error: the server doesn't have a resource type \"foo\"\n");
        assert_eq!(
            fails(&mut c, "kubectl describe deployment nope"),
            "Error from server (NotFound): deployments.apps \"nope\" not found\n"
        );
    }

    #[test]
    fn no_match_says_so_on_stderr_and_succeeds() {
        let mut c = with_web();
        let out = run(&mut c, "kubectl describe pods -l app=none");
        assert_eq!((out.exit_code, out.stdout.as_str()), (0, ""));
        assert_eq!(out.stderr, "No resources found in default namespace.\n");
    }

    #[test]
    fn describes_the_object_and_changes_nothing() {
        let mut c = with_web();
        let before = state(&c);
        let text = ok(&mut c, "kubectl describe deploy web");
        assert!(text.starts_with("Name:                   web\nNamespace:              default\n"), "{text}");
        assert!(
            text.contains("Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable\n"),
            "{text}"
        );
        assert!(state(&c) == before, "describe changed the cluster");
    }

    #[test]
    fn a_name_prefix_describes_every_match() {
        let mut c = with_web();
        let text = ok(&mut c, "kubectl describe pod web-");
        assert_eq!(text.lines().filter(|l| l.starts_with("Name:")).count(), 2, "{text}");
        for p in pods(&c) {
            assert!(text.contains(&p), "{p} not described");
        }
    }
}
