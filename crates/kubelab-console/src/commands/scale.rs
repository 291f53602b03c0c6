use super::*;

/// The flags of `kubectl scale --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] =
    &["--allow-missing-template-keys", "-k", "--kustomize", "-R", "--recursive", "--show-managed-fields", "--template"];

/// The flags of [scale], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::v("replicas", None),
    flags::v("current-replicas", None),
    flags::v("selector", Some('l')),
    flags::b("all", None),
    flags::v("filename", Some('f')),
    flags::b("record", None),
    flags::v("timeout", None),
    flags::v("resource-version", None),
    flags::v("output", Some('o')),
    flags::DRY_RUN,
];

pub(super) fn one_target(c: &Console, ctx: &Ctx, out: &mut Output, verb: &str) -> Option<(ResourceRef, Kind, String)> {
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

pub(super) fn scale(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some(replicas) = ctx.flags.get("replicas") else {
        return out.err("error: required flag(s) \"replicas\" not set");
    };
    let replicas: i64 = match replicas.parse() {
        Ok(r) if r >= 0 => r,
        Ok(_) => return out.err("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0"),
        Err(_) => return out.err(&format!("error: invalid argument \"{replicas}\" for \"--replicas\" flag: strconv.ParseInt: parsing \"{replicas}\": invalid syntax\nSee 'kubectl scale --help' for usage.")),
    };
    let current: Option<i64> = match ctx.flags.get("current-replicas").map(|v| (v, v.parse::<i64>())) {
        None | Some((_, Ok(-1))) => None,
        Some((_, Ok(n))) => Some(n),
        Some((v, Err(_))) => return out.err(&format!("error: invalid argument \"{v}\" for \"--current-replicas\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl scale --help' for usage.")),
    };
    let resource_version = ctx.flags.get("resource-version").filter(|v| !v.is_empty());
    if ctx.pos.is_empty() && !ctx.flags.has("filename") {
        return out.err(NO_RESOURCES);
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
        // kubectl's ScalePrecondition, checked against the scale subresource it reads first.
        let now = match &obj {
            Object::Deployment(d) => d.spec.replicas,
            Object::ReplicaSet(d) => d.spec.replicas,
            Object::ReplicationController(d) => d.spec.replicas,
            Object::StatefulSet(d) => d.spec.replicas,
            _ => None,
        };
        if let Some(want) = current.filter(|w| Some(*w) != now) {
            out.err(&format!("error: Expected replicas to be {want}, was {}", now.unwrap_or(1)));
            continue;
        }
        let rv = obj.meta().resource_version.to_string();
        if let Some(want) = resource_version.filter(|w| *w != rv) {
            out.err(&format!("error: Expected resource version to be {want}, was {rv}"));
            continue;
        }
        match &mut obj {
            Object::Deployment(d) => d.spec.replicas = Some(replicas),
            Object::ReplicaSet(d) => d.spec.replicas = Some(replicas),
            Object::ReplicationController(d) => d.spec.replicas = Some(replicas),
            Object::StatefulSet(d) => d.spec.replicas = Some(replicas),
            // A DaemonSet has no scale subresource: the API server answers kubectl's GET of it
            // with a bare 404.
            Object::DaemonSet(_) => {
                out.err("Error from server (NotFound): the server could not find the requested resource");
                continue;
            }
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

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;
    use kubelab_sim::api::{Kind, CHANGE_CAUSE_ANNOTATION};

    #[test]
    fn replicas_must_be_a_count() {
        let mut c = with_web();
        assert_eq!(fails(&mut c, "kubectl scale deploy web"), "error: required flag(s) \"replicas\" not set\n");
        assert_eq!(
            fails(&mut c, "kubectl scale deploy web --replicas=abc"),
            "error: invalid argument \"abc\" for \"--replicas\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\nSee 'kubectl scale --help' for usage.\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl scale deploy web --replicas=-1"),
            "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n"
        );
    }

    #[test]
    fn the_target_must_be_named_exist_and_scale() {
        let mut c = with_web();
        assert_eq!(
            fails(&mut c, "kubectl scale --replicas=3"),
            "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl scale deploy nope --replicas=3"),
            "Error from server (NotFound): deployments.apps \"nope\" not found\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl scale svc kubernetes --replicas=3"),
            "error: no objects passed to scale services\n"
        );
    }

    #[test]
    fn scale_changes_replicas_and_the_pods_follow() {
        let mut c = with_web();
        assert_eq!(ok(&mut c, "kubectl scale deploy web --replicas=4"), "deployment.apps/web scaled\n");
        assert_eq!(replicas(&c, "web"), Some(4));
        ok(&mut c, "sleep 30");
        assert_eq!(pods(&c).len(), 4);
        assert_eq!(ok(&mut c, "kubectl scale deployment/web --replicas=0"), "deployment.apps/web scaled\n");
        ok(&mut c, "sleep 60");
        assert!(pods(&c).is_empty(), "{:?}", pods(&c));
    }

    #[test]
    fn several_names_scale_each_and_report_the_missing() {
        let mut c = with_web();
        ok(&mut c, "kubectl create deployment api --image=nginx");
        let out = run(&mut c, "kubectl scale deploy web nope api --replicas=3");
        assert_eq!(out.stdout, "deployment.apps/web scaled\ndeployment.apps/api scaled\n");
        assert_eq!(out.stderr, "Error from server (NotFound): deployments.apps \"nope\" not found\n");
        assert_eq!((replicas(&c, "web"), replicas(&c, "api")), (Some(3), Some(3)));
    }

    #[test]
    fn record_stores_the_command_and_warns_that_it_is_deprecated() {
        let mut c = with_web();
        let out = run(&mut c, "kubectl scale deploy web --replicas=3 --record");
        assert_eq!(out.stderr, "Flag --record has been deprecated, --record will be removed in the future\n");
        let cause = object(&c, Kind::Deployment, "web")
            .and_then(|o| o.meta().annotations.get(CHANGE_CAUSE_ANNOTATION).cloned());
        assert_eq!(cause.as_deref(), Some("kubectl scale deploy web --replicas=3 --record=true"));
        let mut old = course();
        ok(&mut old, "kubectl run web --image=nginx");
        assert_eq!(run(&mut old, "kubectl scale deploy web --replicas=3 --record").stderr, "");
    }

    #[test]
    fn current_replicas_and_resource_version_are_preconditions() {
        let mut c = with_web();
        assert_eq!(
            fails(&mut c, "kubectl scale deploy web --replicas=5 --current-replicas=3"),
            "error: Expected replicas to be 3, was 2\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl scale deploy web --replicas=5 --current-replicas=x"),
            "error: invalid argument \"x\" for \"--current-replicas\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\nSee 'kubectl scale --help' for usage.\n"
        );
        let rv = ok(&mut c, "kubectl get deploy web -o jsonpath={.metadata.resourceVersion}");
        assert_eq!(
            fails(&mut c, "kubectl scale deploy web --replicas=5 --resource-version=1"),
            format!("error: Expected resource version to be 1, was {rv}\n")
        );
        assert_eq!(
            ok(&mut c, &format!("kubectl scale deploy web --replicas=5 --current-replicas=2 --resource-version={rv}")),
            "deployment.apps/web scaled\n"
        );
        assert_eq!(replicas(&c, "web"), Some(5));
    }
}
