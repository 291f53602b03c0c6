use super::*;

/// The flags of `kubectl expose --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] = &[
    "--allow-missing-template-keys",
    "-k",
    "--kustomize",
    "--override-type",
    "-R",
    "--recursive",
    "--show-managed-fields",
    "--template",
];

/// The flags of [expose], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::v("port", None),
    flags::v("target-port", None),
    flags::v("type", None),
    flags::v("name", None),
    flags::v("protocol", None),
    flags::v("selector", None),
    flags::v("labels", Some('l')),
    flags::v("cluster-ip", None),
    flags::v("external-ip", None),
    flags::v("session-affinity", None),
    flags::v("load-balancer-ip", None),
    flags::DRY_RUN,
    flags::v("output", Some('o')),
    flags::v("filename", Some('f')),
    flags::v("overrides", None),
    flags::v("field-manager", None),
    flags::b("save-config", None),
    flags::b("record", None),
];

/// `kubectl expose TYPE NAME`: a Service selecting what the deployment, replica set,
/// replication controller, pod or service selects, on the given port or the container ports.
pub(super) fn expose(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    if ctx.pos.is_empty() {
        return out.err(NO_RESOURCES);
    }
    let Some((r, kind, name)) = one_target(c, ctx, out, "expose") else {
        return;
    };
    let ns = namespace(ctx);
    let Some(obj) = c.cluster.get(kind, &ns, &name).cloned() else {
        return out.err(&api_error(c, &ApiError::NotFound { kind, name }, Some(r.group)));
    };
    let match_labels = |sel: &Option<LabelSelector>| -> Result<std::collections::BTreeMap<String, String>, String> {
        match sel {
            Some(s) if !s.match_expressions.is_empty() => {
                Err("error: couldn't convert expressions - \"matchExpressions\" to map-based selector format".into())
            }
            Some(s) => Ok(s.match_labels.clone()),
            None => Ok(Default::default()),
        }
    };
    let template_ports = |spec: &PodSpec| -> Vec<(i64, String)> {
        spec.containers
            .iter()
            .flat_map(|ct| ct.ports.iter())
            .map(|p| (p.container_port, p.protocol.clone().unwrap_or_else(|| "TCP".into())))
            .collect()
    };
    let (selector, container_ports) = match &obj {
        Object::Deployment(d) => (match_labels(&d.spec.selector), template_ports(&d.spec.template.spec)),
        Object::ReplicaSet(rs) => (match_labels(&rs.spec.selector), template_ports(&rs.spec.template.spec)),
        Object::ReplicationController(rc) => (
            Ok(rc.spec.selector.clone()),
            rc.spec.template.as_ref().map(|t| template_ports(&t.spec)).unwrap_or_default(),
        ),
        Object::Pod(p) => (Ok(p.metadata.labels.to_inner()), template_ports(&p.spec)),
        Object::Service(s) => (
            Ok(s.spec.selector.clone().unwrap_or_default()),
            s.spec.ports.iter().map(|p| (p.port, p.protocol.clone().unwrap_or_else(|| "TCP".into()))).collect(),
        ),
        other => {
            return out.err(&format!("error: cannot expose a {}", other.kind().name()));
        }
    };
    let selector = match (ctx.flags.get("selector"), selector) {
        (Some(s), _) => match Selector::parse(s) {
            Ok(_) => s
                .split(',')
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.trim_end_matches('=').to_string(), v.to_string()))
                .collect(),
            Err(e) => return out.err(&format!("error: {e}")),
        },
        (None, Ok(sel)) if sel.is_empty() => {
            let why = match kind {
                Kind::Pod => "the pod has no labels and cannot be exposed",
                Kind::Service => "the service has no pod selector set",
                _ => "the object has no selector",
            };
            return out.err(&format!("error: couldn't retrieve selectors via --selector flag or introspection: {why}"));
        }
        (None, Ok(sel)) => sel,
        (None, Err(e)) => return out.err(&e),
    };
    let protocol_flag = ctx.flags.get("protocol").map(str::to_string);
    // --port, or every container port of the object (kubectl's PortsForObject).
    let ports: Vec<(i64, String)> = match ctx.flags.get("port") {
        Some(p) => match p.parse::<i64>() {
            Ok(n) => {
                let proto = container_ports.iter().find(|(cp, _)| *cp == n).map(|(_, pr)| pr.clone());
                vec![(n, protocol_flag.clone().or(proto).unwrap_or_else(|| "TCP".into()))]
            }
            Err(_) => return out.err(&format!("error: strconv.Atoi: parsing \"{p}\": invalid syntax")),
        },
        None => {
            let mut seen = Vec::new();
            for (p, proto) in container_ports {
                if !seen.iter().any(|(q, _): &(i64, String)| *q == p) {
                    seen.push((p, protocol_flag.clone().unwrap_or(proto)));
                }
            }
            seen
        }
    };
    if ports.is_empty() {
        return out.err(
            "error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples",
        );
    }
    let target = ctx.flags.get("target-port").map(|t| match t.parse::<i64>() {
        Ok(n) => IntOrString::Int(n),
        Err(_) => IntOrString::Str(t.to_string()),
    });
    let many = ports.len() > 1;
    let svc_ports = ports
        .iter()
        .enumerate()
        .map(|(i, (p, proto))| ServicePort {
            name: many.then(|| format!("port-{}", i + 1)),
            protocol: Some(proto.clone()),
            port: *p,
            target_port: Some(target.clone().unwrap_or(IntOrString::Int(*p))),
            node_port: None,
        })
        .collect();
    let svc_name = ctx.flags.get("name").map(str::to_string).unwrap_or_else(|| name.clone());
    let labels = match ctx.flags.get("labels") {
        Some(l) => {
            l.split(',').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect()
        }
        None => obj.meta().labels.clone(),
    };
    let mut svc = Service { api_version: "v1".into(), kind: "Service".into(), ..Default::default() };
    svc.metadata.name = svc_name.clone();
    svc.metadata.namespace = Some(ns);
    svc.metadata.labels = labels;
    svc.spec.ports = svc_ports;
    svc.spec.selector = Some(selector);
    svc.spec.type_ = ctx.flags.get("type").map(str::to_string);
    svc.spec.cluster_ip = ctx.flags.get("cluster-ip").map(str::to_string);
    svc.spec.session_affinity = ctx.flags.get("session-affinity").map(str::to_string);
    if let Some(ip) = ctx.flags.get("external-ip") {
        svc.spec.external_ips = ip.split(',').map(str::to_string).collect();
    }
    // `-o name` prints `service/NAME` (for a dry run too) instead of "exposed".
    let as_name = ctx.flags.get("output") == Some("name");
    if let Some(o) = ctx.flags.get("output").filter(|o| *o != "name") {
        if let Some(dry) = ctx.flags.get("dry-run") {
            let mut v = wire_json(c, &Object::Service(svc));
            if dry != "server" {
                // kubectl's RunExpose prints the generated Service as built on the client: no
                // creation time, a namespace only when -n named one, Go's field order in JSON.
                client_side_object(&mut v, ctx);
                if o == "json" {
                    return out.out(&crate::text::to_json_typed(&v));
                }
            }
            return out.out(&if o == "json" { to_json(&v) } else { to_yaml(&v) });
        }
    }
    if ctx.flags.get("dry-run").is_some_and(|d| d != "none") {
        if as_name {
            return out.out(&format!("service/{svc_name}"));
        }
        return out.out(&format!("service/{svc_name} exposed (dry run)"));
    }
    match c.cluster.create(Object::Service(svc)) {
        Ok(_) if as_name => out.out(&format!("service/{svc_name}")),
        Ok(_) => out.out(&format!("service/{svc_name} exposed")),
        Err(e @ ApiError::Invalid { .. }) => {
            out.err(&format!("The Service \"{svc_name}\" is invalid: {}", invalid_causes(&e)))
        }
        Err(e) => out.err(&api_error(c, &e, Some(""))),
    }
}

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;
    use kubelab_sim::api::{IntOrString, Kind, Object};

    #[test]
    fn what_to_expose_must_be_said_and_exist() {
        let mut c = with_web();
        assert!(fails(&mut c, "kubectl expose")
            .starts_with("error: You must provide one or more resources by argument or filename.\n"));
        assert_eq!(
            fails(&mut c, "kubectl expose deployment"),
            "error: resource(s) were provided, but no name was specified\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl expose deployment nope --port=80"),
            "Error from server (NotFound): deployments.apps \"nope\" not found\n"
        );
        assert_eq!(fails(&mut c, "kubectl expose ns default --port=80"), "error: cannot expose a Namespace\n");
    }

    #[test]
    fn port_must_be_a_number_or_come_from_the_object() {
        let mut c = with_web();
        assert_eq!(
            fails(&mut c, "kubectl expose deployment web --port=abc"),
            "error: strconv.Atoi: parsing \"abc\": invalid syntax\n"
        );
        ok(&mut c, "kubectl create deployment noport --image=nginx");
        assert_eq!(
            fails(&mut c, "kubectl expose deployment noport"),
            "error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples\n"
        );
    }

    #[test]
    fn dry_run_prints_and_creates_nothing() {
        let mut c = with_web();
        let before = state(&c);
        assert_eq!(
            ok(&mut c, "kubectl expose deployment web --port=80 --dry-run=client"),
            "service/web exposed (dry run)\n"
        );
        // kubectl's RunExpose prints the Service its generator built, as the client built it
        // (kubectl's createService: no namespace unless -n was given, no creation time, no
        // type, a single port without a name, the exposed object's labels).
        assert_eq!(
            ok(&mut c, "kubectl expose deployment web --port=80 --dry-run=client -o yaml"),
            "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: web\nstatus:\n  loadBalancer: {}\n"
        );
        assert_eq!(
            ok(&mut c, "kubectl expose deployment web --port=80 --target-port=8080 -n default --dry-run=client -o json"),
            "{\n    \"kind\": \"Service\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {\n        \"name\": \"web\",\n        \"namespace\": \"default\",\n        \"creationTimestamp\": null,\n        \"labels\": {\n            \"app\": \"web\"\n        }\n    },\n    \"spec\": {\n        \"ports\": [\n            {\n                \"protocol\": \"TCP\",\n                \"port\": 80,\n                \"targetPort\": 8080\n            }\n        ],\n        \"selector\": {\n            \"app\": \"web\"\n        }\n    },\n    \"status\": {\n        \"loadBalancer\": {}\n    }\n}\n"
        );
        assert_eq!(ok(&mut c, "kubectl expose deployment web --port=80 --dry-run=client -o name"), "service/web\n");
        assert!(state(&c) == before, "a dry run changed the cluster");
    }

    #[test]
    fn the_service_selects_the_deployments_pods_on_the_given_ports() {
        let mut c = with_web();
        assert_eq!(
            ok(&mut c, "kubectl expose deployment web --port=8000 --target-port=80 --type=NodePort"),
            "service/web exposed\n"
        );
        let Some(Object::Service(s)) = object(&c, Kind::Service, "web") else { panic!("no service web") };
        assert_eq!(s.spec.type_.as_deref(), Some("NodePort"));
        assert_eq!(s.spec.selector.as_ref().and_then(|m| m.get("app")).map(String::as_str), Some("web"));
        assert_eq!((s.spec.ports[0].port, s.spec.ports[0].target_port.clone()), (8000, Some(IntOrString::Int(80))));
        assert_eq!(
            fails(&mut c, "kubectl expose deployment web --port=80"),
            "Error from server (AlreadyExists): services \"web\" already exists\n"
        );
    }

    #[test]
    fn without_port_the_container_port_is_used_under_the_given_name() {
        let mut c = with_web();
        assert_eq!(ok(&mut c, "kubectl expose deployment web --name=w2"), "service/w2 exposed\n");
        let Some(Object::Service(s)) = object(&c, Kind::Service, "w2") else { panic!("no service w2") };
        assert_eq!((s.spec.ports[0].port, s.spec.ports[0].protocol.as_deref()), (80, Some("TCP")));
    }
}
