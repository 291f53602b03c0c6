use super::*;

/// The flags of `kubectl label|annotate --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] = &[
    "-A",
    "--all-namespaces",
    "--allow-missing-template-keys",
    "--field-manager",
    "--field-selector",
    "-k",
    "--kustomize",
    "-R",
    "--recursive",
    "--show-managed-fields",
    "--template",
];

/// The flags of [label] | [annotate], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::b("overwrite", None),
    flags::b("all", None),
    flags::v("selector", Some('l')),
    flags::b("list", None),
    flags::b("local", None),
    flags::DRY_RUN,
    flags::v("output", Some('o')),
    flags::v("resource-version", None),
    flags::v("filename", Some('f')),
    flags::b("record", None),
];

pub(super) fn label(c: &mut Console, ctx: &Ctx, out: &mut Output, is_label: bool) {
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
    // `-l SELECTOR` or `--all` with a kind and no names: every matching object of the kind in
    // the namespace (none matching: nothing to do, and nothing printed).
    let selector = match parse_selector(ctx) {
        Ok(s) => s,
        Err(e) => return out.err(&e),
    };
    let by_selection = ctx.flags.bool("all") || selector.is_some();
    let targets = match targets(c, res_args, by_selection) {
        Ok(t) => t,
        Err(e) => return out.err(&e),
    };
    let ns = namespace(ctx);
    let mut named = Vec::new();
    for (r, name) in targets {
        match (name, sim_kind(&r)) {
            (Some(n), _) => named.push((r, n)),
            (None, Some(kind)) => {
                let scope = if kind.namespaced() { Some(ns.as_str()) } else { None };
                for o in list_matching(c, kind, scope, selector.as_ref()) {
                    named.push((r, o.meta().name.clone()));
                }
            }
            (None, None) => {}
        }
    }
    let overwrite = ctx.flags.bool("overwrite");
    for (r, name) in named {
        let Some((kind, mut obj)) = fetch(c, &ns, &r, &name, out) else { continue };
        let mut failed = false;
        let before = if is_label { obj.meta().labels.to_inner() } else { obj.meta().annotations.clone() };
        {
            let map = if is_label { &mut *obj.meta_mut().labels } else { &mut obj.meta_mut().annotations };
            for ch in changes {
                if let Some(key) = ch.strip_suffix('-').filter(|_| !ch.contains('=')) {
                    if map.remove(key).is_none() && is_label && c.era().label_reports_missing_key {
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
        if let Some(e) = resource_version_conflict(c, ctx, &r, &obj) {
            out.err(&e);
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
            && c.era().label_says_unlabeled
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

/// `kubectl label`.
pub(super) fn label_cmd(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    label(c, ctx, out, true)
}

/// `kubectl annotate`.
pub(super) fn annotate(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    label(c, ctx, out, false)
}

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;
    use kubelab_sim::api::Kind;

    fn label(c: &crate::Console, key: &str) -> Option<String> {
        object(c, Kind::Deployment, "web").and_then(|o| o.meta().labels.get(key).cloned())
    }

    #[test]
    fn a_resource_and_an_update_are_required() {
        let mut c = with_web();
        assert_eq!(
            fails(&mut c, "kubectl label"),
            "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n"
        );
        assert_eq!(fails(&mut c, "kubectl label deploy web"), "error: at least one label update is required\n");
        assert_eq!(fails(&mut c, "kubectl annotate deploy web"), "error: at least one annotation update is required\n");
        assert_eq!(
            fails(&mut c, "kubectl label deploy nope a=b"),
            "Error from server (NotFound): deployments.apps \"nope\" not found\n"
        );
    }

    #[test]
    fn labels_are_added_overwritten_only_when_asked_and_removed() {
        let mut c = with_web();
        assert_eq!(ok(&mut c, "kubectl label deploy web tier=front"), "deployment.apps/web labeled\n");
        assert_eq!(label(&c, "tier").as_deref(), Some("front"));
        assert_eq!(
            fails(&mut c, "kubectl label deploy web tier=back"),
            "error: 'tier' already has a value (front), and --overwrite is false\n"
        );
        assert_eq!(ok(&mut c, "kubectl label deploy/web tier=back --overwrite"), "deployment.apps/web labeled\n");
        assert_eq!(label(&c, "tier").as_deref(), Some("back"));
        assert_eq!(ok(&mut c, "kubectl label deploy web tier-"), "deployment.apps/web unlabeled\n");
        assert_eq!(label(&c, "tier"), None);
    }

    #[test]
    fn removing_a_missing_label_changes_nothing() {
        let mut c = with_web();
        assert_eq!(
            ok(&mut c, "kubectl label deploy web tier-"),
            "label \"tier\" not found.\ndeployment.apps/web not labeled\n"
        );
        let mut old = course();
        ok(&mut old, "kubectl create deployment web --image=nginx");
        // kubectl 1.11 does not report the missing key.
        assert_eq!(ok(&mut old, "kubectl label deploy web tier-"), "deployment.extensions/web not labeled\n");
    }

    #[test]
    fn annotate_sets_annotations_not_labels() {
        let mut c = with_web();
        assert_eq!(ok(&mut c, "kubectl annotate deploy web note=hi"), "deployment.apps/web annotated\n");
        let meta = object(&c, Kind::Deployment, "web").map(|o| o.meta().clone()).expect("web");
        assert_eq!(meta.annotations.get("note").map(String::as_str), Some("hi"));
        assert!(!meta.labels.contains_key("note"));
        assert_eq!(
            fails(&mut c, "kubectl annotate deploy web note=ho"),
            "error: 'note' already has a value (hi), and --overwrite is false\n"
        );
    }

    #[test]
    fn a_stale_resource_version_is_a_conflict() {
        let mut c = with_web();
        let conflict = "Error from server (Conflict): Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified; please apply your changes to the latest version and try again\n";
        assert_eq!(fails(&mut c, "kubectl label deploy web tier=front --resource-version=1"), conflict);
        assert_eq!(fails(&mut c, "kubectl annotate deploy web note=x --resource-version=1"), conflict);
        let rv = ok(&mut c, "kubectl get deploy web -o jsonpath={.metadata.resourceVersion}");
        assert_eq!(
            ok(&mut c, &format!("kubectl label deploy web tier=front --resource-version={rv}")),
            "deployment.apps/web labeled\n"
        );
    }
}
