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
    flags::v("dry-run", None),
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
