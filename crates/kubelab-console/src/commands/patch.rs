use super::*;

/// The flags of `kubectl patch --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] = &[
    "--allow-missing-template-keys",
    "--field-manager",
    "-k",
    "--kustomize",
    "--patch-file",
    "-R",
    "--recursive",
    "--show-managed-fields",
    "--subresource",
    "--template",
];

/// The flags of [patch], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::v("patch", Some('p')),
    flags::v("type", None),
    flags::v("output", Some('o')),
    flags::DRY_RUN,
    flags::b("local", None),
    flags::v("filename", Some('f')),
    flags::b("record", None),
];

/// JSON merge patch (RFC 7386), as `kubectl patch --type merge` applies it; kubectl's default
/// strategic merge behaves the same for the maps students patch (selectors, labels, replicas).
pub(super) fn merge_patch(target: &mut Value, patch: &Value) {
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

pub(super) fn patch(c: &mut Console, ctx: &Ctx, out: &mut Output) {
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
    if ctx.pos.is_empty() && !ctx.flags.has("filename") {
        return out.err(NO_RESOURCES);
    }
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
    let decoded = manifest::decode(v, "patch", c.profile).map_err(|e| e.replace("error when creating \"patch\": ", ""));
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

#[cfg(test)]
mod tests {
    use super::merge_patch;
    use crate::commands::testing::*;

    #[test]
    fn a_patch_and_a_resource_are_required() {
        let mut c = with_web();
        assert_eq!(
            fails(&mut c, "kubectl patch deploy web"),
            "error: must specify --patch or --patch-file containing the contents of the patch\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl patch -p '{\"spec\":{\"replicas\":3}}'"),
            "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl patch deploy nope -p '{\"spec\":{\"replicas\":3}}'"),
            "Error from server (NotFound): deployments.apps \"nope\" not found\n"
        );
    }

    #[test]
    fn an_unparsable_patch_is_refused() {
        let mut c = with_web();
        assert_eq!(
            fails(&mut c, "kubectl patch deploy web -p '{bad'"),
            "error: unable to parse \"{bad\": yaml: line 2: did not find expected ',' or '}'\n"
        );
    }

    #[test]
    fn a_patch_changes_the_object_or_says_no_change() {
        let mut c = with_web();
        assert_eq!(
            ok(&mut c, "kubectl patch deploy web -p '{\"spec\":{\"replicas\":3}}'"),
            "deployment.apps/web patched\n"
        );
        assert_eq!(replicas(&c, "web"), Some(3));
        assert_eq!(
            ok(&mut c, "kubectl patch deploy web -p '{\"spec\":{\"replicas\":3}}'"),
            "deployment.apps/web patched (no change)\n"
        );
        assert_eq!(
            ok(&mut c, "kubectl patch deployment/web -p 'spec: {replicas: 4}'"),
            "deployment.apps/web patched\n"
        );
        assert_eq!(replicas(&c, "web"), Some(4));
    }

    #[test]
    fn an_invalid_result_is_refused_and_changes_nothing() {
        let mut c = with_web();
        assert_eq!(
            fails(&mut c, "kubectl patch deploy web -p '{\"spec\":{\"replicas\":-3}}'"),
            "The Deployment \"web\" is invalid: spec.replicas: Invalid value: -3: must be greater than or equal to 0\n"
        );
        assert_eq!(replicas(&c, "web"), Some(2));
    }

    #[test]
    fn merge_patch_replaces_merges_and_deletes_with_null() {
        let mut v = serde_json::json!({"a": {"b": 1, "c": 2}, "l": [1, 2], "k": "v"});
        merge_patch(&mut v, &serde_json::json!({"a": {"b": 5, "c": null}, "l": [3], "n": true}));
        assert_eq!(v, serde_json::json!({"a": {"b": 5}, "l": [3], "k": "v", "n": true}));
    }
}
