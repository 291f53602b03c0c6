use super::*;

/// The flags of `kubectl run --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] = &[
    "--allow-missing-template-keys",
    "--annotations",
    "--cascade",
    "--field-manager",
    "-f",
    "--filename",
    "--force",
    "--grace-period",
    "-k",
    "--kustomize",
    "--leave-stdin-open",
    "--override-type",
    "--pod-running-timeout",
    "--privileged",
    "-q",
    "--quiet",
    "-R",
    "--recursive",
    "--save-config",
    "--show-managed-fields",
    "--template",
    "--timeout",
    "--wait",
];

/// The flags of [run], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::v("image", None),
    flags::v("port", None),
    flags::v("replicas", Some('r')),
    flags::v("labels", Some('l')),
    flags::v("env", None),
    flags::v("restart", None),
    flags::b("command", None),
    flags::DRY_RUN,
    flags::v("output", Some('o')),
    flags::b("expose", None),
    flags::b("rm", None),
    flags::b("stdin", Some('i')),
    flags::b("tty", Some('t')),
    flags::v("generator", None),
    flags::v("image-pull-policy", None),
    flags::v("requests", None),
    flags::v("limits", None),
    flags::b("record", None),
    flags::v("overrides", None),
    flags::b("attach", None),
];

/// `run`'s labels: `--labels` replaces the default `run=<name>`.
pub(super) fn run_labels(name: &str, given: &[(String, String)]) -> Labels {
    if given.is_empty() {
        labels_of(&[("run", name)])
    } else {
        given.iter().cloned().collect()
    }
}

pub(super) fn run(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    // cobra checks the required flag before the command looks at its arguments.
    let Some(image) = ctx.flags.get("image") else {
        return out.err("error: required flag(s) \"image\" not set");
    };
    let Some(name) = ctx.pos.first() else {
        return out.err("error: NAME is required for run\nSee 'kubectl run -h' for help and examples");
    };
    if let Err(e) = check_dry_run_and_output(ctx) {
        return out.err(&e);
    }
    // kubectl's RunOptions.Run checks these usage errors in this order.
    let usage = |msg: &str| format!("error: {msg}\nSee 'kubectl run -h' for help and examples");
    let stdin = ctx.flags.bool("stdin");
    if ctx.flags.bool("tty") && !stdin {
        return out.err(&usage("-i/--stdin is required for containers with -t/--tty=true"));
    }
    if ctx.flags.bool("expose") && ctx.flags.get("port").is_none_or(str::is_empty) {
        return out.err(&usage("--port must be set when exposing a service"));
    }
    let restart = ctx.flags.get("restart").filter(|r| !r.is_empty()).unwrap_or("Always");
    if !matches!(restart, "Always" | "OnFailure" | "Never") {
        return out.err(&usage(&format!("invalid restart policy: {restart}")));
    }
    // --attach is implied by -i unless given.
    let attach = if ctx.flags.has("attach") { ctx.flags.bool("attach") } else { stdin };
    if ctx.flags.bool("rm") && !attach {
        return out.err(&usage("--rm should only be used for attached containers"));
    }
    if attach && ctx.flags.get("dry-run").is_some_and(|d| d != "none" && d != "false") {
        return out.err(&usage(
            "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)",
        ));
    }
    let pull = ctx.flags.get("image-pull-policy").filter(|p| !p.is_empty());
    if let Some(p) = pull.filter(|p| !matches!(*p, "Always" | "IfNotPresent" | "Never")) {
        return out.err(&usage(&format!("invalid image pull policy: {p}")));
    }
    let ns = namespace(ctx);
    let port = match ctx.flags.get("port").filter(|p| !p.is_empty()).map(|p| (p, p.parse::<i64>())) {
        None => None,
        Some((_, Ok(p))) => Some(p),
        Some((p, Err(_))) => return out.err(&format!("error: strconv.Atoi: parsing \"{p}\": invalid syntax")),
    };
    let mut container = Container {
        name: name.clone(),
        image: image.to_string(),
        image_pull_policy: pull.map(str::to_string),
        ..Default::default()
    };
    // `--env=NAME=value`, repeatable: the container's environment, as kubectl's parseEnvs reads it.
    for env in ctx.flags.all("env") {
        match env.split_once('=') {
            Some((k, v)) if !k.is_empty() => {
                container.env.push(EnvVar { name: k.to_string(), value: Some(v.to_string()), ..Default::default() })
            }
            _ => return out.err(&format!("error: invalid env: {env}")),
        }
    }
    if let Some(p) = port {
        container.ports.push(ContainerPort { container_port: p, ..Default::default() });
    }
    let mut args: Vec<String> = ctx.pos[1..].to_vec();
    args.extend(ctx.rest.iter().cloned());
    if ctx.flags.bool("command") {
        container.command = args;
    } else {
        container.args = args;
    }
    // kubectl's ParseLabels: `k=v` pairs separated by commas.
    let mut extra_labels: Vec<(String, String)> = Vec::new();
    for spec in ctx.flags.get("labels").filter(|l| !l.is_empty()).map(|l| l.split(',')).into_iter().flatten() {
        match spec.split('=').collect::<Vec<_>>().as_slice() {
            ["", _] => return out.err("error: unexpected empty label key"),
            [k, v] => extra_labels.push((k.to_string(), v.to_string())),
            _ => return out.err(&format!("error: unexpected label spec: {spec}")),
        }
    }
    if c.era().run_creates_deployment
        && restart == "Always"
        && ctx.flags.get("generator").is_none_or(|g| g.starts_with("deployment"))
    {
        // kubectl 1.11: `run` creates a Deployment labelled run=<name>.
        let labels = run_labels(name, &extra_labels);
        let replicas = ctx.flags.get("replicas").and_then(|r| r.parse().ok()).unwrap_or(1);
        let mut d = Deployment { api_version: "apps/v1".into(), kind: "Deployment".into(), ..Default::default() };
        d.metadata.name = name.clone();
        d.metadata.namespace = Some(ns);
        d.metadata.labels = labels.clone().into();
        d.spec.replicas = Some(replicas);
        d.spec.selector = Some(LabelSelector { match_labels: labels.clone(), match_expressions: vec![] });
        d.spec.template.metadata.labels = labels.into();
        d.spec.template.spec.containers.push(container);
        if ctx.flags.bool("stdin") {
            return run_attached(c, ctx, Object::Deployment(d), "apps", out);
        }
        if !expose_first(c, ctx, name, &extra_labels, &d.metadata.labels.clone(), port, out) {
            return;
        }
        return create_one(c, Object::Deployment(d), "apps", ctx, out);
    }
    if ctx.flags.has("replicas") && !c.era().run_accepts_replicas {
        return out.err("error: unknown flag: --replicas\nSee 'kubectl run --help' for usage.");
    }
    let labels = run_labels(name, &extra_labels);
    let mut p = Pod { api_version: "v1".into(), kind: "Pod".into(), ..Default::default() };
    p.metadata.name = name.clone();
    p.metadata.namespace = Some(ns);
    p.metadata.labels = labels.into();
    p.spec.restart_policy = Some(restart.to_string());
    // kubectl's pod generator sets the default DNS policy itself.
    p.spec.dns_policy = Some("ClusterFirst".to_string());
    p.spec.containers.push(container);
    if ctx.flags.bool("stdin") {
        return run_attached(c, ctx, Object::Pod(p), "", out);
    }
    let p = match with_overrides(ctx, p) {
        Ok(p) => p,
        Err(e) => return out.err(&e),
    };
    if !expose_first(c, ctx, name, &extra_labels, &p.metadata.labels.clone(), port, out) {
        return;
    }
    create_one(c, Object::Pod(p), "", ctx, out);
}

/// `--overrides=JSON`: a JSON merge patch (kubectl's default --override-type=merge) over the
/// generated pod. Simplified: a patch whose values do not fit the pod's fields is refused
/// with the lab's message, not with Go's unmarshalling error.
fn with_overrides(ctx: &Ctx, p: Pod) -> Result<Pod, String> {
    let Some(text) = ctx.flags.get("overrides").filter(|o| !o.is_empty()) else {
        return Ok(p);
    };
    let patch: Value = serde_json::from_str(text).map_err(|_| "error: Invalid JSON Patch".to_string())?;
    // The pod's own serde form has the API's field names.
    let mut v = serde_json::to_value(&p).map_err(|e| format!("error: {e}"))?;
    super::patch::merge_patch(&mut v, &patch);
    serde_json::from_value::<Pod>(v)
        .map_err(|e| format!("error: these --overrides are not available in this lab yet ({e})"))
}

/// `run --expose`: first a Service named like the workload, selecting its labels on --port
/// (kubectl's generateService: the --labels as its own labels, no port name, no type), printed
/// or created before the workload; a YAML dry run separates the two with kubectl's `---` lines.
/// False when it failed (the error is in `out`).
fn expose_first(
    c: &mut Console,
    ctx: &Ctx,
    name: &str,
    given: &[(String, String)],
    selector: &Labels,
    port: Option<i64>,
    out: &mut Output,
) -> bool {
    let Some(port) = port.filter(|_| ctx.flags.bool("expose")) else {
        return true;
    };
    let mut svc = Service { api_version: "v1".into(), kind: "Service".into(), ..Default::default() };
    svc.metadata.name = name.to_string();
    svc.metadata.namespace = Some(namespace(ctx));
    svc.metadata.labels = given.iter().cloned().collect();
    svc.spec.selector = Some(selector.clone());
    svc.spec.ports = vec![ServicePort {
        protocol: Some("TCP".into()),
        port,
        target_port: Some(IntOrString::Int(port)),
        ..Default::default()
    }];
    create_one(c, Object::Service(svc), "", ctx, out);
    if out.exit_code != 0 {
        return false;
    }
    if ctx.flags.get("output") == Some("yaml") && ctx.flags.get("dry-run").is_some_and(|d| d != "none") {
        out.out("---\n---");
    }
    true
}

/// Marks the (first) container of a `run -i` workload as interactive: stdin open, so that a
/// shell waits for input instead of exiting.
pub(super) fn set_interactive(obj: &mut Object, tty: bool) {
    let spec = match obj {
        Object::Pod(p) => &mut p.spec,
        Object::Deployment(d) => &mut d.spec.template.spec,
        _ => return,
    };
    if let Some(ct) = spec.containers.first_mut() {
        ct.extra.insert("stdin".into(), Value::Bool(true));
        ct.extra.insert("stdinOnce".into(), Value::Bool(true));
        if tty {
            ct.extra.insert("tty".into(), Value::Bool(true));
        }
    }
}

/// `kubectl run -i[t] [--rm] NAME --image=... -- CMD`: create the workload, wait until its pod
/// runs (advancing the clock, at most kubectl's 1 minute `--pod-running-timeout`), then attach:
/// a shell command opens the interactive shell; another command prints its output. With
/// `--rm` the workload is deleted when the session ends.
pub(super) fn run_attached(c: &mut Console, ctx: &Ctx, mut obj: Object, group: &str, out: &mut Output) {
    let tty = ctx.flags.bool("tty");
    set_interactive(&mut obj, tty);
    let kind = obj.kind();
    let name = obj.meta().name.clone();
    let ns = obj.meta().ns().to_string();
    let command: Vec<String> = match &obj {
        Object::Pod(p) => p.spec.containers.first().map(|x| [x.command.clone(), x.args.clone()].concat()),
        Object::Deployment(d) => {
            d.spec.template.spec.containers.first().map(|x| [x.command.clone(), x.args.clone()].concat())
        }
        _ => None,
    }
    .unwrap_or_default();
    let image = match &obj {
        Object::Pod(p) => p.spec.containers.first().map(|x| x.image.clone()),
        Object::Deployment(d) => d.spec.template.spec.containers.first().map(|x| x.image.clone()),
        _ => None,
    }
    .unwrap_or_default();
    let mut created = Output::default();
    create_one(c, obj, group, ctx, &mut created);
    if created.exit_code != 0 {
        out.stderr.push_str(&created.stderr);
        out.exit_code = created.exit_code;
        return;
    }
    let find_pod = |cl: &kubelab_sim::Cluster| -> Option<Pod> {
        match kind {
            Kind::Pod => match cl.get(Kind::Pod, &ns, &name) {
                Some(Object::Pod(p)) => Some(p.clone()),
                _ => None,
            },
            _ => cl
                .pods()
                .filter(|p| p.metadata.ns() == ns && p.metadata.labels.get("run") == Some(&name) && p.is_active())
                .min_by_key(|p| p.metadata.name.clone())
                .cloned(),
        }
    };
    let running = |cl: &kubelab_sim::Cluster| find_pod(cl).is_some_and(|p| p.status.phase == "Running");
    if !c.cluster.run_until(kubelab_sim::SimDuration::from_secs(60), running) {
        return out.err("error: timed out waiting for the condition");
    }
    let Some(pod) = find_pod(&c.cluster) else { return };
    let container = pod.spec.containers.first().map(|x| x.name.clone()).unwrap_or_default();
    let shown = if kind == Kind::Pod {
        format!("pod \"{name}\" deleted")
    } else {
        format!("{} \"{name}\" deleted", qualified(kind, group))
    };
    let remove = ctx.flags.bool("rm").then(|| (kind, name.clone(), shown));
    let info = crate::shell::shell_of(c, &image);
    let wants_shell =
        command.is_empty() || command.first().is_some_and(|w| crate::shell::is_shell(w)) && command.len() == 1;
    match info {
        Some(info) if wants_shell => {
            out.stderr.push_str("If you don't see a command prompt, try pressing enter.\n");
            c.shell = Some(crate::shell::ShellSession {
                ns: ns.clone(),
                pod: pod.metadata.name.clone(),
                container,
                info,
                tty,
                remove,
                attach_hint: !ctx.flags.bool("rm") && kind == Kind::Pod,
                vars: Default::default(),
            });
        }
        Some(info) if kubelab_sim::images::load_loop(&command, &[]).is_some() => {
            // A load generator (the HPA walkthrough's `-- /bin/sh -c "while sleep 0.01; do wget
            // ...; done"`): a real terminal streams its output until Ctrl-C, and --rm deletes the
            // pod then. Here the console shows the first answer and returns; the pod goes on
            // sending until it is deleted.
            let target =
                crate::shell::Target { ns: &ns, pod: &pod.metadata.name, container: &container, info: &info, tty };
            if let Some(l) = kubelab_sim::images::load_loop(&command, &[]) {
                crate::shell::loop_first_output(c, &target, &l, out);
            }
            out.stdout.push_str(&format!(
                "\n(the loop goes on in pod {name}: in a real terminal it streams until Ctrl-C{}. Stop it with `kubectl delete pod {name}`)\n",
                if remove.is_some() { ", and --rm then deletes the pod" } else { "" }
            ));
        }
        Some(info) => {
            let target =
                crate::shell::Target { ns: &ns, pod: &pod.metadata.name, container: &container, info: &info, tty };
            let code = crate::shell::run_command(c, &target, &command, out);
            if let Some((k, n, shown)) = remove {
                // The program has exited, and with it the pod: its deletion is immediate.
                let opts = if k == Kind::Pod {
                    DeleteOptions { grace_period_seconds: Some(0) }
                } else {
                    DeleteOptions::default()
                };
                if c.cluster.delete(k, &ns, &n, opts).is_ok() {
                    out.stdout.push_str(&format!("{shown}\n"));
                }
            }
            if code != 0 {
                out.err(&format!("pod {ns}/{} terminated (Error)", pod.metadata.name));
                out.exit_code = code;
            }
        }
        None => out.err(&format!("error: the image {image} has no shell in this lab")),
    }
}

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;
    use kubelab_sim::api::{Kind, Object};

    #[test]
    fn image_is_checked_before_the_name() {
        let mut c = console();
        assert_eq!(fails(&mut c, "kubectl run"), "error: required flag(s) \"image\" not set\n");
        assert_eq!(fails(&mut c, "kubectl run x"), "error: required flag(s) \"image\" not set\n");
        assert_eq!(
            fails(&mut c, "kubectl run --image=nginx"),
            "error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n"
        );
    }

    #[test]
    fn replicas_is_a_course_era_flag() {
        let mut c = console();
        assert_eq!(
            fails(&mut c, "kubectl run x --image=nginx --replicas=3"),
            "error: unknown flag: --replicas\nSee 'kubectl run --help' for usage.\n"
        );
    }

    #[test]
    fn dry_run_prints_and_creates_nothing() {
        let mut c = console();
        let before = state(&c);
        assert_eq!(ok(&mut c, "kubectl run x --image=nginx --dry-run=client"), "pod/x created (dry run)\n");
        let yaml = ok(&mut c, "kubectl run x --image=nginx --dry-run=client -o yaml");
        assert!(yaml.starts_with("apiVersion: v1\nkind: Pod\n"), "{yaml}");
        assert!(yaml.contains("  labels:\n    run: x\n") && yaml.contains("  restartPolicy: Always\n"), "{yaml}");
        assert!(state(&c) == before, "a dry run changed the cluster");
    }

    #[test]
    fn creates_a_pod_with_its_labels_port_restart_policy_and_arguments() {
        let mut c = console();
        assert_eq!(ok(&mut c, "kubectl run x --image=nginx"), "pod/x created\n");
        let Some(Object::Pod(p)) = object(&c, Kind::Pod, "x") else { panic!("no pod x") };
        assert_eq!(p.metadata.labels.get("run").map(String::as_str), Some("x"));
        assert_eq!(p.spec.restart_policy.as_deref(), Some("Always"));
        assert_eq!(
            fails(&mut c, "kubectl run x --image=nginx"),
            "Error from server (AlreadyExists): pods \"x\" already exists\n"
        );
        ok(
            &mut c,
            "kubectl run db --image=busybox --labels=tier=db,app=shop --port=5432 --restart=Never -- sleep 3600",
        );
        let Some(Object::Pod(p)) = object(&c, Kind::Pod, "db") else { panic!("no pod db") };
        let labels: Vec<(&str, &str)> = p.metadata.labels.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(labels, [("app", "shop"), ("tier", "db")]);
        assert_eq!(p.spec.restart_policy.as_deref(), Some("Never"));
        let ct = &p.spec.containers[0];
        assert_eq!((ct.name.as_str(), ct.ports[0].container_port), ("db", 5432));
        assert_eq!((ct.command.len(), ct.args.clone()), (0, vec!["sleep".to_string(), "3600".to_string()]));
    }

    #[test]
    fn an_invalid_name_is_refused() {
        let mut c = console();
        let err = fails(&mut c, "kubectl run Bad --image=nginx");
        assert!(
            err.starts_with(
                "The Pod \"Bad\" is invalid: [metadata.name: Invalid value: \"Bad\": a lowercase RFC 1123 subdomain"
            ),
            "{err}"
        );
    }

    #[test]
    fn the_course_era_creates_a_deployment() {
        let mut c = course();
        assert_eq!(ok(&mut c, "kubectl run web --image=nginx --replicas=2"), "deployment.apps/web created\n");
        assert_eq!(replicas(&c, "web"), Some(2));
        assert!(object(&c, Kind::Pod, "web").is_none());
    }

    #[test]
    fn run_it_rm_prints_the_output_and_deletes_the_pod() {
        let mut c = console();
        assert_eq!(
            ok(&mut c, "kubectl run -it --rm t --image=busybox --restart=Never -- echo hi"),
            "hi\npod \"t\" deleted\n"
        );
        assert!(object(&c, Kind::Pod, "t").is_none());
        assert!(!c.in_shell());
        let out = run(&mut c, "kubectl run -it shell --image=busybox --restart=Never -- sh");
        assert_eq!(
            (out.exit_code, out.stderr.as_str()),
            (0, "If you don't see a command prompt, try pressing enter.\n")
        );
        assert!(c.in_shell());
    }

    /// As kubectl's pod generator builds it: the env set, its DNS policy, no creation time and
    /// no namespace (kubectl 1.33 needs a server for `run`, so this is not recorded).
    #[test]
    fn client_dry_run_yaml_is_the_generators_pod() {
        let mut c = console();
        assert_eq!(
            ok(&mut c, "kubectl run web --image=nginx:1.25 --env=A=b --env=C=d=e --dry-run=client -o yaml"),
            "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: web\n  name: web\nspec:\n  containers:\n  - env:\n    - name: A\n      value: b\n    - name: C\n      value: d=e\n    image: nginx:1.25\n    name: web\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n"
        );
        assert_eq!(fails(&mut c, "kubectl run web --image=nginx:1.25 --env=NOVALUE"), "error: invalid env: NOVALUE\n");
        ok(&mut c, "kubectl run web --image=nginx:1.25 --env=MODE=blue");
        ok(&mut c, "sleep 30");
        assert_eq!(ok(&mut c, "kubectl exec web -- printenv MODE"), "blue\n");
    }

    #[test]
    fn expose_creates_a_service_before_the_pod() {
        let mut c = console();
        assert_eq!(
            ok(&mut c, "kubectl run web --image=nginx --port=80 --expose"),
            "service/web created\npod/web created\n"
        );
        let Some(Object::Service(s)) = object(&c, Kind::Service, "web") else { panic!("no service web") };
        assert_eq!(s.spec.selector.as_ref().and_then(|m| m.get("run")).map(String::as_str), Some("web"));
        assert_eq!(s.spec.ports.first().map(|p| p.port), Some(80));
        assert!(object(&c, Kind::Pod, "web").is_some());
        // Without --port nothing is created.
        fails(&mut c, "kubectl run other --image=nginx --expose");
    }

    #[test]
    fn overrides_merge_into_the_pod_and_save_config_annotates_it() {
        let mut c = console();
        ok(&mut c, r#"kubectl run web --image=nginx --overrides='{"spec":{"hostname":"box"}}'"#);
        let Some(Object::Pod(p)) = object(&c, Kind::Pod, "web") else { panic!("no pod web") };
        assert_eq!(p.spec.extra.get("hostname").and_then(|v| v.as_str()), Some("box"));
        assert_eq!(fails(&mut c, "kubectl run x --image=nginx --overrides=xx"), "error: Invalid JSON Patch\n");
        ok(&mut c, "kubectl create deployment saved --image=nginx --save-config");
        let Some(Object::Deployment(d)) = object(&c, Kind::Deployment, "saved") else { panic!("no deployment") };
        let applied = d.metadata.annotations.get("kubectl.kubernetes.io/last-applied-configuration");
        assert!(
            applied.is_some_and(|a| a.starts_with(
                r#"{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"saved","creationTimestamp":null"#
            )),
            "{applied:?}"
        );
    }
}
