use super::*;

/// The flags of `kubectl apply --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] = &[
    "--all",
    "--allow-missing-template-keys",
    "--cascade",
    "--force",
    "--force-conflicts",
    "--grace-period",
    "-k",
    "--kustomize",
    "--openapi-patch",
    "--prune-allowlist",
    "-l",
    "--selector",
    "--show-managed-fields",
    "--subresource",
    "--template",
    "--timeout",
    "--wait",
];

/// The flags of `kubectl create --help` the lab does not model.
pub(super) const CREATE_NOT_MODELLED: &[&str] = &[
    "--allow-missing-template-keys",
    "--edit",
    "-k",
    "--kustomize",
    "--raw",
    "-l",
    "--selector",
    "--show-managed-fields",
    "--template",
    "--windows-line-endings",
];

/// The flags of [create] | [apply] | [replace], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::v("filename", Some('f')),
    flags::b("record", None),
    flags::DRY_RUN,
    flags::v("output", Some('o')),
    flags::b("save-config", None),
    flags::v("validate", None),
    flags::b("recursive", Some('R')),
    flags::v("field-manager", None),
    flags::b("server-side", None),
    flags::b("overwrite", None),
    flags::b("prune", None),
];

/// Reads every manifest `-f` names: files, directories (their .yaml/.yml/.json files), `-`.
/// How `manifest::parse_documents` says a document is no object (a scalar or a list).
const NOT_AN_OBJECT: &str = ": error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ";

pub(super) fn read_manifests(c: &Console, ctx: &Ctx, out: &mut Output) -> Option<Vec<(String, Value)>> {
    let names = ctx.flags.all("filename");
    if names.is_empty() {
        return None;
    }
    let mut docs = Vec::new();
    for name in names {
        let mut sources: Vec<(String, String)> = Vec::new();
        if name == "-" {
            match &ctx.stdin {
                Some(s) => sources.push(("STDIN".into(), s.clone())),
                None => sources.push(("STDIN".into(), String::new())),
            }
        } else if name.starts_with("http://") || name.starts_with("https://") {
            let file = name.rsplit('/').next().unwrap_or("");
            match c.read_file(file) {
                Ok(FileEntry::File(text)) => sources.push((name.to_string(), text)),
                _ => {
                    out.err(&format!(
                        "error: unable to read URL \"{name}\", server reported 404 Not Found, status code=404"
                    ));
                    continue;
                }
            }
        } else {
            match c.read_file(name) {
                Ok(FileEntry::File(text)) => sources.push((name.to_string(), text)),
                Ok(FileEntry::Dir(entries)) => {
                    for e in entries {
                        if e.ends_with(".yaml") || e.ends_with(".yml") || e.ends_with(".json") {
                            let p = format!("{}/{}", name.trim_end_matches('/'), e);
                            if let Ok(FileEntry::File(text)) = c.read_file(&p) {
                                sources.push((p, text));
                            }
                        }
                    }
                    // The resource builder, when no path gave it a file to read.
                    if sources.is_empty() && docs.is_empty() {
                        out.err(&format!(
                            "error: error reading [{name}]: recognized file extensions are [.json .yaml .yml]"
                        ));
                        continue;
                    }
                }
                Err(e) => {
                    out.err(&format!("error: {e}"));
                    continue;
                }
            }
        }
        // create and apply validate each document first (unless --validate=false|ignore): one
        // that is not an object fails there, before it is decoded.
        let validates = matches!(ctx.path.first(), Some(&"create" | &"apply"))
            && !matches!(ctx.flags.get("validate"), Some("false" | "ignore"));
        for (source, text) in sources {
            match manifest::parse_documents(&text, &source) {
                Ok(vs) => docs.extend(vs.into_iter().map(|v| (source.clone(), v))),
                Err(e) if e.contains(NOT_AN_OBJECT) => {
                    if validates {
                        out.err(&format!("error: error validating \"{source}\": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false"))
                    } else {
                        // The builder's decoder, when nothing validated the document first.
                        let ty = e.split(NOT_AN_OBJECT).nth(1).and_then(|r| r.split(' ').next()).unwrap_or("string");
                        out.err(&format!("error: unable to decode \"{source}\": json: cannot unmarshal {ty} into Go value of type unstructured.detector"))
                    }
                }
                Err(e) => out.err(&format!("error: {e}")),
            }
        }
    }
    Some(docs)
}

pub(super) fn change_cause(ctx: &Ctx) -> Option<String> {
    if !ctx.flags.bool("record") {
        return None;
    }
    let mut words = vec!["kubectl".to_string()];
    words.extend(ctx.path.iter().map(|s| s.to_string()));
    words.extend(ctx.pos.iter().cloned());
    for (k, v) in &ctx.order {
        if k == "record" {
            continue;
        }
        words.push(format!("--{k}={v}"));
    }
    words.push("--record=true".into());
    Some(words.join(" "))
}

pub(super) fn record_warning(ctx: &Ctx, c: &Console, out: &mut Output) {
    if ctx.flags.has("record") && c.era().record_flag_deprecated {
        out.stderr.push_str("Flag --record has been deprecated, --record will be removed in the future\n");
    }
}

pub(super) fn create_or_apply(c: &mut Console, ctx: &Ctx, out: &mut Output, apply: bool) {
    let verb = if apply { "apply" } else { "create" };
    // Positional arguments are refused before anything else, -f or not (`kubectl apply rc.yaml`,
    // `kubectl create rc.yaml`), as kubectl 1.33 does.
    if !ctx.pos.is_empty() {
        return out.err(&format!(
            "error: Unexpected args: [{}]\nSee 'kubectl {verb} -h' for help and examples",
            ctx.pos.join(" ")
        ));
    }
    if !ctx.flags.has("filename") {
        return out.err("error: must specify one of -f and -k");
    }
    // metrics-server's release manifest, resolved by name (`metrics_server`).
    if super::metrics_server::apply(c, ctx, out, apply) || super::metrics_server_git::apply(c, ctx, out, apply) {
        return;
    }
    // Argo Rollouts' release manifest, resolved by name (`argo_rollouts::install`).
    if super::argo_rollouts::install::apply(c, ctx, out, apply) {
        return;
    }
    // Argo CD's install manifest, resolved by name (`argocd_install`).
    if super::argocd_install::apply(c, ctx, out, apply) {
        return;
    }
    let Some(docs) = read_manifests(c, ctx, out) else {
        return;
    };
    if docs.is_empty() && out.exit_code == 0 {
        // An empty stdin, or a directory without manifests: kubectl's RunApply / RunCreate.
        return out.err(&format!("error: no objects passed to {verb}"));
    }
    record_warning(ctx, c, out);
    let default_ns = namespace(ctx);
    let dry_run = ctx.flags.get("dry-run").is_some_and(|d| d != "none" && d != "false");
    for (source, doc) in docs {
        let mut obj = match manifest::decode(doc.clone(), &source, c.profile) {
            Ok(o) if super::argo_rollouts::crd_missing(c, o.kind()) => {
                out.err(&super::argo_rollouts::mapping_error(&o, &source));
                continue;
            }
            Ok(o) => o,
            Err(e) => {
                out.err(&e);
                continue;
            }
        };
        if let Some(e) = super::argocd_install::unserved_manifest(c, &obj, &source) {
            out.err(&e);
            continue;
        }
        let kind = obj.kind();
        if kind.namespaced() {
            let doc_ns = obj.meta().namespace.clone();
            match (doc_ns, ctx.flags.get("namespace")) {
                (Some(d), Some(f)) if d != f => {
                    out.err(&format!("error: the namespace from the provided object \"{d}\" does not match the namespace \"{f}\". You must pass '--namespace={d}' to perform this operation."));
                    continue;
                }
                (None, _) => obj.meta_mut().namespace = Some(default_ns.clone()),
                _ => {}
            }
        }
        if let Some(cause) = change_cause(ctx) {
            obj.meta_mut().annotations.insert(CHANGE_CAUSE_ANNOTATION.into(), cause);
        }
        let group = obj.api_version().split_once('/').map(|(g, _)| g.to_string()).unwrap_or_default();
        let display = qualified(kind, &group);
        let name = obj.meta().name.clone();
        let ns = obj.meta().ns().to_string();
        let existing = c.cluster.get(kind, &ns, &name).cloned();
        if apply {
            // kubectl stores the manifest as sent: with the namespace it resolved and an
            // `annotations` map (empty once its own annotation is taken out).
            let mut sent = doc.clone();
            if let Some(Value::Object(meta)) = sent.get_mut("metadata") {
                let annotations = meta.entry("annotations").or_insert_with(|| Value::Object(Default::default()));
                if let Value::Object(a) = annotations {
                    a.remove(LAST_APPLIED_ANNOTATION);
                }
                if kind.namespaced() {
                    meta.insert("namespace".into(), Value::String(ns.clone()));
                }
            }
            let mut applied = serde_json::to_string(&sent).unwrap_or_default();
            applied.push('\n');
            obj.meta_mut().annotations.insert(LAST_APPLIED_ANNOTATION.into(), applied);
        }
        let suffix = if dry_run { " (dry run)" } else { "" };
        match (apply, existing) {
            (true, Some(old)) => {
                if !old.meta().annotations.contains_key(LAST_APPLIED_ANNOTATION) && !dry_run {
                    let plural = if group.is_empty() {
                        kind.plural().to_string()
                    } else {
                        format!("{}.{}", kind.plural(), group)
                    };
                    out.warnings.push_str(&c.era().apply_missing_annotation(&format!("{plural}/{name}")));
                }
                let merged = merge_apply(&old, obj);
                if dry_run {
                    out.out(&format!("{display}/{name} configured{suffix}"));
                    continue;
                }
                let before = old.clone();
                match c.cluster.update(merged) {
                    Ok(after) => {
                        let same = strip_volatile(&before) == strip_volatile(&after);
                        out.out(&format!("{display}/{name} {}", if same { "unchanged" } else { "configured" }));
                    }
                    Err(e) => out.err(&format!("Error from server ({}): error when applying patch: {}", reason(&e), e)),
                }
            }
            (false, Some(_)) => {
                let e = ApiError::AlreadyExists { kind, name: name.clone() };
                let plural =
                    if group.is_empty() { kind.plural().to_string() } else { format!("{}.{}", kind.plural(), group) };
                let _ = e;
                out.err(&format!("Error from server (AlreadyExists): error when creating \"{source}\": {plural} \"{name}\" already exists"));
            }
            (_, None) => {
                if dry_run {
                    out.out(&format!("{display}/{name} created{suffix}"));
                    continue;
                }
                match c.cluster.create(obj) {
                    Ok(_) => out.out(&format!("{display}/{name} created")),
                    Err(ApiError::Invalid { .. })
                    | Err(ApiError::NamespaceNotFound { .. })
                    | Err(ApiError::Forbidden { .. })
                    | Err(ApiError::BadRequest { .. })
                        if false => {}
                    Err(e) => {
                        let msg = match &e {
                            ApiError::Invalid { .. } => format!("The {} \"{}\" is invalid: {}", kind.name(), name, invalid_causes(&e)),
                            ApiError::NamespaceNotFound { namespace } => format!("Error from server (NotFound): error when creating \"{source}\": namespaces \"{namespace}\" not found"),
                            other => format!("Error from server ({}): error when creating \"{source}\": {}", reason(other), other),
                        };
                        out.err(&msg);
                    }
                }
            }
        }
    }
}

pub(super) fn invalid_causes(e: &ApiError) -> String {
    match e {
        ApiError::Invalid { causes, .. } => {
            if causes.len() == 1 {
                causes[0].clone()
            } else {
                format!("[{}]", causes.join(", "))
            }
        }
        other => other.to_string(),
    }
}

pub(super) fn reason(e: &ApiError) -> &'static str {
    match e {
        ApiError::NotFound { .. } | ApiError::NamespaceNotFound { .. } => "NotFound",
        ApiError::AlreadyExists { .. } => "AlreadyExists",
        ApiError::Invalid { .. } => "Invalid",
        ApiError::Forbidden { .. } => "Forbidden",
        ApiError::BadRequest { .. } => "BadRequest",
        ApiError::Conflict { .. } => "Conflict",
    }
}

pub(super) fn strip_volatile(o: &Object) -> Value {
    let mut v = o.to_json();
    if let Some(m) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        m.remove("resourceVersion");
        m.remove("generation");
    }
    if let Some(m) = v.as_object_mut() {
        m.remove("status");
    }
    v
}

/// `apply` of an existing object: the new desired state replaces the old one, but server-set
/// fields (allocated IPs and ports, the deployment's revision annotations) are kept.
pub(super) fn merge_apply(old: &Object, mut new: Object) -> Object {
    for (k, v) in &old.meta().annotations {
        if k.starts_with("deployment.kubernetes.io/") {
            new.meta_mut().annotations.entry(k.clone()).or_insert(v.clone());
        }
    }
    if let (Object::Deployment(o), Object::Deployment(n)) = (old, &mut new) {
        if n.spec.replicas.is_none() {
            n.spec.replicas = o.spec.replicas;
        }
    }
    // A pod's binding is the scheduler's, not the manifest's: a three-way merge keeps it (the
    // service account volume and tolerations the API server added come back by defaulting).
    if let (Object::Pod(o), Object::Pod(n)) = (old, &mut new) {
        if n.spec.node_name.is_none() {
            n.spec.node_name = o.spec.node_name.clone();
        }
    }
    new
}

/// `kubectl create -f`.
pub(super) fn create(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    create_or_apply(c, ctx, out, false)
}

/// `kubectl apply -f`.
pub(super) fn apply(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    create_or_apply(c, ctx, out, true)
}

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;
    use kubelab_sim::api::Kind;

    const SITE: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: site
spec:
  replicas: 3
  selector:
    matchLabels:
      app: site
  template:
    metadata:
      labels:
        app: site
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
";

    fn files() -> crate::Console {
        let site5 = SITE.replace("replicas: 3", "replicas: 5");
        let bad = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers: []\n";
        let other = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p1\n  namespace: other\nspec:\n  containers:\n  - name: c\n    image: nginx\n";
        let pod =
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p2\nspec:\n  containers:\n  - name: c\n    image: nginx\n";
        with_files(&[
            ("site.yaml", SITE),
            ("site5.yaml", &site5),
            ("bad.yaml", bad),
            ("other.yaml", other),
            ("dir/a.yaml", SITE),
            ("dir/b.yml", pod),
            ("dir/notes.txt", "not a manifest"),
        ])
    }

    #[test]
    fn without_a_file_flag_both_verbs_ask_for_one() {
        let mut c = files();
        assert_eq!(fails(&mut c, "kubectl apply"), "error: must specify one of -f and -k\n");
        assert_eq!(fails(&mut c, "kubectl create"), "error: must specify one of -f and -k\n");
    }

    #[test]
    fn a_file_given_as_an_argument_is_refused_before_it_is_read() {
        let mut c = files();
        assert_eq!(
            fails(&mut c, "kubectl apply site.yaml"),
            "error: Unexpected args: [site.yaml]\nSee 'kubectl apply -h' for help and examples\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl create site.yaml -f site.yaml"),
            "error: Unexpected args: [site.yaml]\nSee 'kubectl create -h' for help and examples\n"
        );
    }

    #[test]
    fn a_missing_file_is_named() {
        let mut c = files();
        assert_eq!(fails(&mut c, "kubectl apply -f missing.yaml"), "error: the path \"missing.yaml\" does not exist\n");
    }

    #[test]
    fn dry_run_reports_but_creates_nothing() {
        let mut c = files();
        let before = state(&c);
        assert_eq!(
            ok(&mut c, "kubectl apply -f site.yaml --dry-run=client"),
            "deployment.apps/site created (dry run)\n"
        );
        assert_eq!(
            ok(&mut c, "kubectl create -f site.yaml --dry-run=client"),
            "deployment.apps/site created (dry run)\n"
        );
        assert!(state(&c) == before, "a dry run changed the cluster");
        assert!(object(&c, Kind::Deployment, "site").is_none());
    }

    #[test]
    fn apply_creates_then_leaves_unchanged_then_configures() {
        let mut c = files();
        assert_eq!(ok(&mut c, "kubectl apply -f site.yaml"), "deployment.apps/site created\n");
        assert_eq!(replicas(&c, "site"), Some(3));
        let site = object(&c, Kind::Deployment, "site").expect("created");
        assert!(site.meta().annotations.contains_key(kubelab_sim::api::LAST_APPLIED_ANNOTATION));
        assert_eq!(ok(&mut c, "kubectl apply -f site.yaml"), "deployment.apps/site unchanged\n");
        assert_eq!(ok(&mut c, "kubectl apply -f site5.yaml"), "deployment.apps/site configured\n");
        assert_eq!(replicas(&c, "site"), Some(5));
    }

    #[test]
    fn create_of_an_existing_object_is_already_exists_and_changes_nothing() {
        let mut c = files();
        ok(&mut c, "kubectl create -f site.yaml");
        assert_eq!(
            fails(&mut c, "kubectl create -f site5.yaml"),
            "Error from server (AlreadyExists): error when creating \"site5.yaml\": deployments.apps \"site\" already exists\n"
        );
        assert_eq!(replicas(&c, "site"), Some(3));
    }

    #[test]
    fn an_invalid_object_gets_the_servers_field_message() {
        let mut c = files();
        assert_eq!(
            fails(&mut c, "kubectl apply -f bad.yaml"),
            "The Pod \"bad\" is invalid: spec.containers: Required value\n"
        );
    }

    #[test]
    fn namespaces_of_file_and_flag_must_agree_and_must_exist() {
        let mut c = files();
        assert_eq!(
            fails(&mut c, "kubectl apply -f other.yaml -n default"),
            "error: the namespace from the provided object \"other\" does not match the namespace \"default\". You must pass '--namespace=other' to perform this operation.\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl create -f other.yaml"),
            "Error from server (NotFound): error when creating \"other.yaml\": namespaces \"other\" not found\n"
        );
    }

    #[test]
    fn a_directory_applies_its_manifests_only_and_stdin_works() {
        let mut c = files();
        assert_eq!(ok(&mut c, "kubectl apply -f dir"), "deployment.apps/site created\npod/p2 created\n");
        let input = format!("kubectl create -f - <<EOF\n{}EOF", SITE.replace("name: site", "name: piped"));
        assert_eq!(ok(&mut c, &input), "deployment.apps/piped created\n");
        assert_eq!(fails(&mut c, "kubectl apply -f - <<EOF\nEOF"), "error: no objects passed to apply\n");
        assert_eq!(fails(&mut c, "kubectl create -f - <<EOF\nEOF"), "error: no objects passed to create\n");
    }

    /// kubectl 1.33 (recorded): a directory without .json/.yaml/.yml files is the resource
    /// builder's error; one whose manifests hold no objects passes no objects.
    #[test]
    fn a_directory_without_manifests_passes_no_objects() {
        let mut c = with_files(&[
            ("empty/README.md", "nothing to apply"),
            ("empty/notes.txt", "x"),
            ("blank/none.yaml", "# nothing\n"),
        ]);
        let unread = "error: error reading [empty]: recognized file extensions are [.json .yaml .yml]\n";
        assert_eq!(fails(&mut c, "kubectl apply -f empty"), unread);
        assert_eq!(fails(&mut c, "kubectl create -f empty"), unread);
        assert_eq!(
            fails(&mut c, "kubectl apply -f empty/"),
            "error: error reading [empty/]: recognized file extensions are [.json .yaml .yml]\n"
        );
        assert_eq!(fails(&mut c, "kubectl apply -f blank"), "error: no objects passed to apply\n");
        assert_eq!(fails(&mut c, "kubectl create -f blank"), "error: no objects passed to create\n");
    }
}
