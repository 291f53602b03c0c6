use super::*;

/// The flags of `kubectl create deployment --help` the lab does not model.
pub(super) const DEPLOYMENT_NOT_MODELLED: &[&str] =
    &["--allow-missing-template-keys", "--show-managed-fields", "--template"];

/// The flags of `kubectl create namespace --help` the lab does not model.
pub(super) const NAMESPACE_NOT_MODELLED: &[&str] =
    &["--allow-missing-template-keys", "--show-managed-fields", "--template"];

/// The flags of [create, deployment], besides the global ones.
pub(super) const DEPLOYMENT_FLAGS: &[FlagDef] = &[
    flags::v("image", None),
    // Both new in kubectl 1.19 (kubernetes/kubernetes#91562, #91113).
    flags::v("replicas", Some('r')).since(19),
    flags::v("port", None).since(19),
    flags::DRY_RUN,
    flags::v("output", Some('o')),
    flags::b("save-config", None),
    flags::v("validate", None),
    flags::v("field-manager", None),
];

/// The flags of [create, _], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::DRY_RUN,
    flags::v("output", Some('o')),
    flags::b("save-config", None),
    flags::v("validate", None),
    flags::v("tcp", None),
    flags::v("clusterip", None),
    flags::v("node-port", None),
    flags::v("field-manager", None),
];

/// The flags of `kubectl create service SUBCOMMAND`: [FLAGS] and externalname's own.
pub(super) const SERVICE_FLAGS: &[FlagDef] = &[
    flags::DRY_RUN,
    flags::v("output", Some('o')),
    flags::b("save-config", None),
    flags::v("validate", None),
    flags::v("tcp", None),
    flags::v("clusterip", None),
    flags::v("node-port", None),
    flags::v("field-manager", None),
    flags::v("external-name", None),
];

pub(super) fn labels_of(pairs: &[(&str, &str)]) -> Labels {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

pub(super) fn create_deployment(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    // pflag's int flags fail while the flags are parsed, before anything else.
    let (replicas, port) = match (int_flag(ctx, "replicas", "-r, --replicas"), int_flag(ctx, "port", "--port")) {
        (Ok(r), Ok(p)) => (r.unwrap_or(1), p),
        (Err(e), _) | (_, Err(e)) => return out.err(&e),
    };
    // Cobra checks the required --image before the command counts its arguments.
    let images = ctx.flags.all("image");
    if images.is_empty() {
        return out.err("error: required flag(s) \"image\" not set");
    }
    let [name] = ctx.pos.as_slice() else {
        return out.err(&format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl create deployment -h' for help and examples",
            ctx.pos.len()
        ));
    };
    // The words after `--` are every container's command (kubectl's DeploymentOpts.Command).
    if images.len() > 1 && !ctx.rest.is_empty() {
        return out.err("error: cannot specify multiple --image options and command");
    }
    let labels = labels_of(&[("app", name)]);
    let mut d = Deployment { api_version: "apps/v1".into(), kind: "Deployment".into(), ..Default::default() };
    d.metadata.name = name.clone();
    d.metadata.namespace = Some(namespace(ctx));
    d.metadata.labels = labels.clone().into();
    d.spec.replicas = Some(replicas);
    d.spec.selector = Some(LabelSelector { match_labels: labels.clone(), match_expressions: vec![] });
    d.spec.template.metadata.labels = labels.into();
    for img in &images {
        let base = img.rsplit('/').next().unwrap_or(img);
        let cname: String = base.split([':', '@']).next().unwrap_or(base).to_string();
        let ct = Container { name: cname, image: img.to_string(), command: ctx.rest.clone(), ..Default::default() };
        d.spec.template.spec.containers.push(ct);
    }
    // kubectl gives --port to the first container only.
    if let (Some(p), Some(first)) = (port, d.spec.template.spec.containers.first_mut()) {
        first.ports.push(ContainerPort { container_port: p, ..Default::default() });
    }
    create_one(c, Object::Deployment(d), "apps", ctx, out);
}

/// The output formats of a create generator's printer (kubectl 1.33's PrintFlags).
const CREATE_OUTPUTS: &str =
    "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml";

/// kubectl's checks of `--dry-run` and `-o` while completing a create generator (or `run`):
/// GetDryRunStrategy's error, then the printer's. Simplified: kubectl 1.11's boolean
/// `--dry-run` is read as 1.33's.
pub(super) fn check_dry_run_and_output(ctx: &Ctx) -> Result<(), String> {
    if let Some(d) = ctx.flags.get("dry-run") {
        if !matches!(d, "none" | "client" | "server" | "unchanged" | "true" | "false") {
            return Err(format!("error: Invalid dry-run value ({d}). Must be \"none\", \"server\", or \"client\"."));
        }
    }
    if let Some(o) = ctx.flags.get("output") {
        let format = o.split_once('=').map_or(o, |(f, _)| f);
        if !CREATE_OUTPUTS.split(',').any(|f| f == format) {
            return Err(format!(
                "error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: {CREATE_OUTPUTS}"
            ));
        }
    }
    Ok(())
}

pub(super) fn create_one(c: &mut Console, mut obj: Object, group: &str, ctx: &Ctx, out: &mut Output) {
    let kind = obj.kind();
    let name = obj.meta().name.clone();
    if let Err(e) = check_dry_run_and_output(ctx) {
        return out.err(&e);
    }
    // --save-config: the object as the generator built it, compact JSON in Go's field order, as
    // the last-applied annotation (kubectl's CreateOrUpdateAnnotation), on the dry run too.
    if ctx.flags.bool("save-config") {
        let mut v = wire_json(c, &obj);
        client_side_object(&mut v, ctx);
        let json = compact_json(&crate::text::to_json_typed(&v));
        obj.meta_mut()
            .annotations
            .insert("kubectl.kubernetes.io/last-applied-configuration".into(), format!("{json}\n"));
    }
    if let Some(o) = ctx.flags.get("output").filter(|o| *o != "name") {
        if let Some(dry) = ctx.flags.get("dry-run") {
            let mut v = wire_json(c, &obj);
            if dry != "server" {
                client_side_object(&mut v, ctx);
            }
            // `-o jsonpath=...` and `-o go-template=...` over the object, as `get` prints them.
            let (format, template) = o.split_once('=').unwrap_or((o, ""));
            let templated = match format {
                "jsonpath" => Some(crate::jsonpath::jsonpath(&v, template)),
                "go-template" | "template" => Some(crate::jsonpath::go_template(&v, template)),
                "json" | "yaml" => None,
                _ => return out.err(&format!("error: -o {format} is not available in this lab yet")),
            };
            return match templated {
                Some(Ok(text)) => out.stdout.push_str(&text),
                Some(Err(e)) => out.err(&format!("error: {e}")),
                None if o == "json" && dry != "server" => out.out(&crate::text::to_json_typed(&v)),
                None => out.out(&if o == "json" { to_json(&v) } else { to_yaml(&v) }),
            };
        }
    }
    // `-o name` prints the name printer's `TYPE/NAME`, for a dry run too, without "created".
    let as_name = ctx.flags.get("output") == Some("name");
    if let Some(dry) = ctx.flags.get("dry-run").filter(|d| *d != "none") {
        if as_name {
            return out.out(&format!("{}/{}", qualified(kind, group), name));
        }
        let how = if dry == "server" { "server dry run" } else { "dry run" };
        return out.out(&format!("{}/{} created ({how})", qualified(kind, group), name));
    }
    match c.cluster.create(obj) {
        Ok(_) if as_name => out.out(&format!("{}/{}", qualified(kind, group), name)),
        Ok(_) => out.out(&format!("{}/{} created", qualified(kind, group), name)),
        Err(e @ ApiError::Invalid { .. }) => {
            out.err(&format!("The {} \"{name}\" is invalid: {}", kind.name(), invalid_causes(&e)))
        }
        Err(e) => out.err(&api_error(c, &e, Some(group))),
    }
}

/// JSON without the white space between its tokens (strings kept as they are).
fn compact_json(pretty: &str) -> String {
    let mut out = String::with_capacity(pretty.len());
    let (mut in_string, mut escaped) = (false, false);
    for ch in pretty.chars() {
        if in_string {
            out.push(ch);
            match (escaped, ch) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if ch == '"' {
            in_string = true;
            out.push(ch);
        } else if !ch.is_whitespace() {
            out.push(ch);
        }
    }
    out
}

/// An object as kubectl's generators build it on the client (`--dry-run=client -o yaml`): never
/// stored, so no creation time (`creationTimestamp: null`), and a namespace only when `-n`
/// named one (kubectl's EnforceNamespace).
pub(super) fn client_side_object(v: &mut Value, ctx: &Ctx) {
    if let Some(Value::Object(meta)) = v.get_mut("metadata") {
        meta.insert("creationTimestamp".into(), Value::Null);
        if !ctx.flags.has("namespace") {
            meta.remove("namespace");
        }
    }
    // Empty strings of the status (a Namespace's `phase`) are omitempty fields Go leaves out.
    if let Some(Value::Object(status)) = v.get_mut("status") {
        status.retain(|_, f| f.as_str() != Some(""));
    }
}

pub(super) fn create_namespace(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let [name] = ctx.pos.as_slice() else {
        return out.err(&format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl create namespace -h' for help and examples",
            ctx.pos.len()
        ));
    };
    let mut n = Namespace { api_version: "v1".into(), kind: "Namespace".into(), ..Default::default() };
    n.metadata.name = name.clone();
    create_one(c, Object::Namespace(n), "", ctx, out);
}

/// `kubectl create service clusterip|nodeport|loadbalancer NAME --tcp=port[:targetPort]`,
/// `kubectl create service externalname NAME --external-name=HOST [--tcp=...]`.
pub(super) fn create_service(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some(sub) = ctx.pos.first() else {
        // cmdutil.DefaultSubCommandRun: the help on stderr, exit code 1.
        out.err(crate::help::help_text(&["create", "service"]).unwrap_or(""));
        return;
    };
    // Each subcommand has its own flags besides --tcp: the others are unknown there.
    let (ty, own) = match sub.as_str() {
        "clusterip" => ("ClusterIP", "clusterip"),
        "nodeport" => ("NodePort", "node-port"),
        "loadbalancer" => ("LoadBalancer", ""),
        "externalname" => ("ExternalName", "external-name"),
        other => {
            return out.err(&format!(
                "error: unknown command \"{other}\"\nSee 'kubectl create service -h' for help and examples"
            ))
        }
    };
    let foreign = ["clusterip", "node-port", "external-name"].into_iter().filter(|f| *f != own).collect::<Vec<_>>();
    if let Some((flag, _)) = ctx.order.iter().find(|(k, _)| foreign.contains(&k.as_str())) {
        return out
            .err(&format!("error: unknown flag: --{flag}\nSee 'kubectl create service {sub} --help' for usage."));
    }
    // Cobra checks a required flag before the command counts its arguments.
    let external_name = ctx.flags.get("external-name").map(str::to_string);
    if ty == "ExternalName" && external_name.is_none() {
        return out.err("error: required flag(s) \"external-name\" not set");
    }
    let names = &ctx.pos[1..];
    if names.len() != 1 {
        return out.err(&format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl create service {sub} -h' for help and examples",
            names.len()
        ));
    }
    let name = names[0].clone();
    let cluster_ip = ctx.flags.get("clusterip").map(str::to_string);
    let tcp = ctx.flags.all("tcp");
    let tcp: Vec<&str> = tcp.iter().flat_map(|t| t.split(',')).filter(|t| !t.is_empty()).collect();
    if tcp.is_empty() && cluster_ip.as_deref() != Some("None") && ty != "ExternalName" {
        return out.err("error: at least one tcp port specifier must be provided");
    }
    if let Some(ext) = external_name.as_deref().filter(|e| !kubelab_sim::validation::is_dns1123_subdomain(e)) {
        return out.err(&format!("error: invalid service external name {ext}"));
    }
    let node_port = match ctx.flags.get("node-port").map(str::parse::<i64>) {
        None => None,
        Some(Ok(0)) => None,
        Some(Ok(n)) => Some(n),
        Some(Err(_)) => {
            let v = ctx.flags.get("node-port").unwrap_or("");
            return out.err(&format!("error: invalid argument \"{v}\" for \"--node-port\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl create service {sub} --help' for usage."));
        }
    };
    let mut ports = Vec::new();
    for t in &tcp {
        let (p, tp) = t.split_once(':').unwrap_or((t, t));
        let Ok(port) = p.parse::<i64>() else {
            return out.err(&format!("error: strconv.Atoi: parsing \"{p}\": invalid syntax"));
        };
        let target = match tp.parse::<i64>() {
            Ok(n) => IntOrString::Int(n),
            Err(_) => IntOrString::Str(tp.to_string()),
        };
        ports.push(ServicePort {
            name: Some(t.replace(':', "-")),
            protocol: Some("TCP".into()),
            port,
            target_port: Some(target),
            node_port: if ty == "ClusterIP" { None } else { node_port },
        });
    }
    let labels = labels_of(&[("app", &name)]);
    let mut svc = Service { api_version: "v1".into(), kind: "Service".into(), ..Default::default() };
    svc.metadata.name = name;
    svc.metadata.namespace = Some(namespace(ctx));
    svc.metadata.labels = labels.clone().into();
    svc.spec.type_ = Some(ty.into());
    svc.spec.cluster_ip = cluster_ip;
    svc.spec.ports = ports;
    svc.spec.selector = Some(labels);
    svc.spec.external_name = external_name;
    create_one(c, Object::Service(svc), "", ctx, out);
}

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;
    use kubelab_sim::api::{IntOrString, Kind, Object};

    #[test]
    fn deployment_needs_a_name_and_an_image() {
        let mut c = console();
        // As kubectl 1.33: the required flag first, then the NAME.
        assert_eq!(fails(&mut c, "kubectl create deployment"), "error: required flag(s) \"image\" not set\n");
        assert_eq!(
            fails(&mut c, "kubectl create deployment --image=nginx"),
            "error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples\n"
        );
        assert_eq!(fails(&mut c, "kubectl create deployment a"), "error: required flag(s) \"image\" not set\n");
    }

    #[test]
    fn deployment_replicas_must_be_a_number() {
        let mut c = console();
        assert_eq!(
            fails(&mut c, "kubectl create deployment a --image=nginx --replicas=abc"),
            "error: invalid argument \"abc\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\nSee 'kubectl create deployment --help' for usage.\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl create deployment a --image=nginx -r -1"),
            "The Deployment \"a\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n"
        );
    }

    #[test]
    fn deployment_gets_app_labels_replicas_and_one_container_per_image() {
        let mut c = console();
        assert_eq!(
            ok(
                &mut c,
                "kubectl create deploy web --image=busybox --image=registry.k8s.io/nginx:1.25 --replicas=3 --port=80"
            ),
            "deployment.apps/web created\n"
        );
        let Some(Object::Deployment(d)) = object(&c, Kind::Deployment, "web") else { panic!("no deployment web") };
        assert_eq!(d.spec.replicas, Some(3));
        assert_eq!(d.metadata.labels.get("app").map(String::as_str), Some("web"));
        assert_eq!(d.spec.selector.as_ref().map(|s| s.match_labels.clone()), Some(d.metadata.labels.to_inner()));
        let containers: Vec<(&str, &str, i64)> = d
            .spec
            .template
            .spec
            .containers
            .iter()
            .map(|ct| (ct.name.as_str(), ct.image.as_str(), ct.ports.first().map_or(0, |p| p.container_port)))
            .collect();
        // --port goes to the first container only, as kubectl's generator does.
        assert_eq!(containers, [("busybox", "busybox", 80), ("nginx", "registry.k8s.io/nginx:1.25", 0)]);
    }

    #[test]
    fn dry_run_prints_and_creates_nothing() {
        let mut c = console();
        let before = state(&c);
        assert_eq!(
            ok(&mut c, "kubectl create deployment a --image=nginx --dry-run=client"),
            "deployment.apps/a created (dry run)\n"
        );
        let yaml = ok(&mut c, "kubectl create deployment a --image=nginx --dry-run=client -o yaml");
        assert!(yaml.starts_with("apiVersion: apps/v1\nkind: Deployment\n"), "{yaml}");
        assert!(
            yaml.contains("\n  name: a\n") && yaml.contains("      - image: nginx\n        name: nginx\n"),
            "{yaml}"
        );
        let json = ok(&mut c, "kubectl create ns team --dry-run=client -o json");
        // The typed object's field order, as kubectl marshals it (not sorted).
        assert!(json.starts_with("{\n    \"kind\": \"Namespace\",\n    \"apiVersion\": \"v1\","), "{json}");
        assert!(state(&c) == before, "a dry run changed the cluster");
    }

    #[test]
    fn namespace_is_created_once() {
        let mut c = console();
        assert_eq!(
            fails(&mut c, "kubectl create namespace"),
            "error: exactly one NAME is required, got 0\nSee 'kubectl create namespace -h' for help and examples\n"
        );
        assert_eq!(ok(&mut c, "kubectl create ns team"), "namespace/team created\n");
        assert!(c.cluster.namespace_exists("team"));
        assert_eq!(
            fails(&mut c, "kubectl create ns team"),
            "Error from server (AlreadyExists): namespaces \"team\" already exists\n"
        );
    }

    #[test]
    fn into_a_missing_namespace_is_not_found() {
        let mut c = console();
        assert_eq!(
            fails(&mut c, "kubectl create deployment a --image=nginx -n nope"),
            "Error from server (NotFound): namespaces \"nope\" not found\n"
        );
    }

    #[test]
    fn service_alone_prints_its_help_on_stderr_and_fails() {
        let mut c = console();
        let err = fails(&mut c, "kubectl create service");
        assert!(err.starts_with("Create a service using a specified subcommand.\n"), "{err}");
        assert_eq!(
            fails(&mut c, "kubectl create svc foo x"),
            "error: unknown command \"foo\"\nSee 'kubectl create service -h' for help and examples\n"
        );
    }

    #[test]
    fn service_needs_one_name_and_a_valid_port() {
        let mut c = console();
        assert_eq!(
            fails(&mut c, "kubectl create service clusterip a b --tcp=80"),
            "error: exactly one NAME is required, got 2\nSee 'kubectl create service clusterip -h' for help and examples\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl create service clusterip s"),
            "error: at least one tcp port specifier must be provided\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl create service clusterip s --tcp=abc"),
            "error: strconv.Atoi: parsing \"abc\": invalid syntax\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl create service nodeport s --tcp=80 --node-port=abc"),
            "error: invalid argument \"abc\" for \"--node-port\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\nSee 'kubectl create service nodeport --help' for usage.\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl create service nodeport s --tcp=80 --node-port=99999"),
            "The Service \"s\" is invalid: spec.ports[0].nodePort: Invalid value: 99999: provided port is not in the valid range. The range of valid ports is 30000-32767\n"
        );
    }

    #[test]
    fn nodeport_service_has_the_given_ports_and_selector() {
        let mut c = console();
        assert_eq!(
            ok(&mut c, "kubectl create service nodeport web --tcp=80:8080 --node-port=30080"),
            "service/web created\n"
        );
        let Some(Object::Service(s)) = object(&c, Kind::Service, "web") else { panic!("no service web") };
        assert_eq!(s.spec.type_.as_deref(), Some("NodePort"));
        let p = &s.spec.ports[0];
        assert_eq!((p.name.as_deref(), p.port, p.node_port), (Some("80-8080"), 80, Some(30080)));
        assert_eq!(p.target_port, Some(IntOrString::Int(8080)));
        assert_eq!(s.spec.selector.as_ref().and_then(|m| m.get("app")).map(String::as_str), Some("web"));
        // A headless service needs no port.
        assert_eq!(ok(&mut c, "kubectl create service clusterip hl --clusterip=None"), "service/hl created\n");
    }

    /// Client-side dry runs print what kubectl 1.33 printed (the byte-for-byte comparison is
    /// the `recorded` test, over `tests/recorded/`) and change nothing.
    #[test]
    fn dry_runs_change_nothing() {
        let mut c = console();
        let before = state(&c);
        for line in [
            "kubectl create deployment web --image=nginx:1.25 --dry-run=client -o json",
            "kubectl create deployment web --image=nginx:1.25 --dry-run=client -o name",
            "kubectl create service externalname db --external-name=db.example.com --dry-run=client -o yaml",
            "kubectl create namespace team --dry-run=client -o json",
        ] {
            ok(&mut c, line);
        }
        assert_eq!(
            ok(&mut c, "kubectl create deployment web --image=nginx:1.25 --dry-run=server"),
            "deployment.apps/web created (server dry run)\n"
        );
        assert!(state(&c) == before, "a dry run changed the cluster");
    }

    #[test]
    fn externalname_service_names_its_host() {
        let mut c = console();
        assert_eq!(
            fails(&mut c, "kubectl create service externalname db"),
            "error: required flag(s) \"external-name\" not set\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl create service externalname db --external-name=Bad_Host"),
            "error: invalid service external name Bad_Host\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl create service loadbalancer db --tcp=80 --external-name=db.example.com"),
            "error: unknown flag: --external-name\nSee 'kubectl create service loadbalancer --help' for usage.\n"
        );
        assert_eq!(
            ok(&mut c, "kubectl create service externalname db --external-name=db.example.com"),
            "service/db created\n"
        );
        let Some(Object::Service(s)) = object(&c, Kind::Service, "db") else { panic!("no service db") };
        assert_eq!(s.spec.type_.as_deref(), Some("ExternalName"));
        assert_eq!(s.spec.external_name.as_deref(), Some("db.example.com"));
        assert!(s.spec.ports.is_empty());
    }

    #[test]
    fn output_name_prints_type_and_name() {
        let mut c = console();
        assert_eq!(ok(&mut c, "kubectl create deployment web --image=nginx -o name"), "deployment.apps/web\n");
        assert!(object(&c, Kind::Deployment, "web").is_some());
        assert_eq!(
            ok(&mut c, "kubectl create deployment web2 --image=nginx --dry-run=client -o name"),
            "deployment.apps/web2\n"
        );
        assert!(object(&c, Kind::Deployment, "web2").is_none());
    }

    #[test]
    fn deployment_command_goes_to_every_container_and_port_to_the_first() {
        let mut c = console();
        assert_eq!(
            fails(&mut c, "kubectl create deployment w --image=nginx --image=busybox -- sleep 1"),
            "error: cannot specify multiple --image options and command\n"
        );
        ok(&mut c, "kubectl create deployment w --image=nginx --image=busybox --port=80");
        let Some(Object::Deployment(d)) = object(&c, Kind::Deployment, "w") else { panic!("no deployment w") };
        let ports: Vec<usize> = d.spec.template.spec.containers.iter().map(|c| c.ports.len()).collect();
        assert_eq!(ports, [1, 0]);
        ok(&mut c, "kubectl create deployment s --image=busybox -- sleep 3600");
        let Some(Object::Deployment(d)) = object(&c, Kind::Deployment, "s") else { panic!("no deployment s") };
        assert_eq!(d.spec.template.spec.containers[0].command, ["sleep", "3600"]);
    }
}
