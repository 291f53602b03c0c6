use super::*;

/// The flags of `kubectl set image --help` the lab does not model.
pub(super) const IMAGE_NOT_MODELLED: &[&str] = &[
    "--allow-missing-template-keys",
    "--field-manager",
    "-k",
    "--kustomize",
    "-R",
    "--recursive",
    "--show-managed-fields",
    "--template",
];

/// The flags of [set, image], besides the global ones.
pub(super) const IMAGE_FLAGS: &[FlagDef] = &[
    flags::b("all", None),
    flags::v("selector", Some('l')),
    flags::b("record", None),
    flags::b("local", None),
    flags::DRY_RUN,
    flags::v("output", Some('o')),
    flags::v("filename", Some('f')),
];

pub(super) fn set_image(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let split = ctx.pos.iter().position(|p| p.contains('='));
    // The resource builder runs before the images are checked.
    if split.unwrap_or(ctx.pos.len()) == 0 && !ctx.flags.has("filename") {
        return out.err(NO_RESOURCES);
    }
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
            Object::DaemonSet(d) => Some(&mut d.spec.template.spec),
            Object::StatefulSet(d) => Some(&mut d.spec.template.spec),
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

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;
    use kubelab_sim::api::{Kind, Object};

    fn images(c: &crate::Console, name: &str) -> Vec<String> {
        match object(c, Kind::Deployment, name) {
            Some(Object::Deployment(d)) => d.spec.template.spec.containers.iter().map(|ct| ct.image.clone()).collect(),
            _ => vec![],
        }
    }

    #[test]
    fn set_alone_prints_its_help_on_stderr() {
        let mut c = with_web();
        let err = fails(&mut c, "kubectl set");
        assert!(err.starts_with("Configure application resources.\n"), "{err}");
        assert_eq!(
            fails(&mut c, "kubectl set foo"),
            "error: unknown command \"foo\"\nSee 'kubectl set -h' for help and examples\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl set subject clusterrolebinding admin --user=u"),
            "error: \"kubectl set subject\" is not available in this lab yet\n"
        );
    }

    #[test]
    fn image_needs_a_resource_and_an_update() {
        let mut c = with_web();
        assert_eq!(
            fails(&mut c, "kubectl set image deploy/web"),
            "error: at least one image update is required\nSee 'kubectl set image -h' for help and examples\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl set image nginx=nginx:1.25"),
            "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n"
        );
        assert_eq!(fails(&mut c, "kubectl set image"), "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n");
        assert_eq!(
            fails(&mut c, "kubectl set image deploy/nope nginx=nginx:1.25"),
            "Error from server (NotFound): deployments.apps \"nope\" not found\n"
        );
    }

    #[test]
    fn an_unknown_container_or_empty_image_changes_nothing() {
        let mut c = with_web();
        assert_eq!(
            fails(&mut c, "kubectl set image deploy/web nope=nginx:1.25"),
            "error: unable to find container named \"nope\"\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl set image deploy/web nginx="),
            "The Deployment \"web\" is invalid: spec.template.spec.containers[0].image: Required value\n"
        );
        assert_eq!(images(&c, "web"), ["nginx"]);
    }

    #[test]
    fn image_updates_the_named_container_or_all_of_them() {
        let mut c = console();
        ok(&mut c, "kubectl create deployment two --image=nginx --image=busybox");
        assert_eq!(ok(&mut c, "kubectl set image deploy/two nginx=nginx:1.25"), "deployment.apps/two image updated\n");
        assert_eq!(images(&c, "two"), ["nginx:1.25", "busybox"]);
        assert_eq!(
            ok(&mut c, "kubectl set image deployment two '*=nginx:1.26'"),
            "deployment.apps/two image updated\n"
        );
        assert_eq!(images(&c, "two"), ["nginx:1.26", "nginx:1.26"]);
    }
}
