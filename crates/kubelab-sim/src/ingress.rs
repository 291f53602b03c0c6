//! The ingress controller: the addon that installs it, and how it routes a request.
//!
//! # The addon (`enable_addon`)
//! A lab cluster has no ingress controller until the student enables minikube's ingress addon
//! (`minikube addons enable ingress` in the console), as on minikube; so clusters that never
//! enable it are unchanged. What the addon creates, per era:
//! - current (minikube's addon from ingress-nginx v1.11): namespace `ingress-nginx`, the
//!   Deployment `ingress-nginx-controller` (one pod, `registry.k8s.io/ingress-nginx/controller`,
//!   host ports 80 and 443, readiness on :10254/healthz), the NodePort Service
//!   `ingress-nginx-controller` (http 80, https 443), the Service
//!   `ingress-nginx-controller-admission` and the default IngressClass `nginx`
//!   (`k8s.io/ingress-nginx`);
//! - course (minikube 0.28's addon): in `kube-system`, the Deployment `nginx-ingress-controller`
//!   (`quay.io/kubernetes-ingress-controller/nginx-ingress-controller:0.14.0`, host ports 80,
//!   443 and 18080) and the default backend (`default-http-backend`, a Deployment of
//!   `k8s.gcr.io/defaultbackend:1.4` and its NodePort Service on 30001). No IngressClass
//!   (the kind came with 1.18).
//!
//! Both run with `--report-node-internal-ip-address`: an Ingress's ADDRESS is the internal IP
//! of the node the controller pod runs on, written at the controller's next status sync (every
//! 60 s; see `controllers::ingress`).
//!
//! # Routing (`serve`)
//! A request that reaches the controller's HTTP port (its pod IP, its host port on its node,
//! the Service's ClusterIP or node port) is matched as ingress-nginx does: the rules whose host
//! equals the request's `Host` (without port), else a wildcard host (`*.example.com`, one
//! label), else the rules without a host; among their paths an `Exact` match first, then the
//! longest `Prefix` (whole path elements) or `ImplementationSpecific` (string prefix) match;
//! else the Ingress's default backend. The chosen Service port sends the request to one of its
//! ready endpoints (kube-proxy's choice, counted as any request is), with the original `Host`.
//! No match is nginx's 404 page (the course era's default backend answers `default backend -
//! 404`); a Service without ready endpoints is nginx's 503 page.
//!
//! Simplified: the admission webhook and its Jobs are not created (the API server validates
//! Ingresses itself); TLS is not terminated (port 443 is not routed); the controller's own hop
//! is not in the traffic counters (only the backend's answer is); annotations (rewrite-target,
//! ...) are not read; a request matches across Ingresses of every namespace in creation order
//! for equal paths.

use crate::api::*;
use crate::cluster::Cluster;
use crate::network::{self, AccessLogEntry, Client, HttpOutcome};

/// The controller name an IngressClass for ingress-nginx carries.
pub const NGINX_CONTROLLER: &str = "k8s.io/ingress-nginx";

fn nginx_page(status: u16, title: &str) -> String {
    format!(
        "<html>\r\n<head><title>{status} {title}</title></head>\r\n<body>\r\n<center><h1>{status} {title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
}

fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn port(name: &str, container_port: i64, host_port: Option<i64>) -> ContainerPort {
    ContainerPort {
        name: Some(name.into()).filter(|n: &String| !n.is_empty()),
        container_port,
        host_port,
        protocol: Some("TCP".into()),
    }
}

fn deployment(
    ns: &str,
    name: &str,
    selector: Labels,
    meta_labels: Labels,
    container: Container,
    api_version: &str,
) -> Object {
    let mut d = Deployment { api_version: api_version.into(), kind: "Deployment".into(), ..Default::default() };
    d.metadata.name = name.into();
    d.metadata.namespace = Some(ns.into());
    d.metadata.labels = meta_labels.into();
    d.spec.replicas = Some(1);
    d.spec.selector = Some(LabelSelector { match_labels: selector.clone(), match_expressions: vec![] });
    d.spec.template.metadata.labels = selector.into();
    d.spec.template.spec.containers.push(container);
    Object::Deployment(d)
}

fn service(ns: &str, name: &str, labels: Labels, selector: Labels, ty: &str, ports: Vec<ServicePort>) -> Object {
    let mut s = Service { api_version: "v1".into(), kind: "Service".into(), ..Default::default() };
    s.metadata.name = name.into();
    s.metadata.namespace = Some(ns.into());
    s.metadata.labels = labels.into();
    s.spec.type_ = Some(ty.into());
    s.spec.selector = Some(selector);
    s.spec.ports = ports;
    Object::Service(s)
}

fn healthz_probe() -> Probe {
    serde_json::from_value(serde_json::json!({
        "httpGet": {"path": "/healthz", "port": 10254, "scheme": "HTTP"},
        "initialDelaySeconds": 10, "periodSeconds": 10, "timeoutSeconds": 1,
        "successThreshold": 1, "failureThreshold": 3
    }))
    .unwrap_or_default()
}

/// Whether the addon's controller Deployment exists.
pub fn addon_enabled(cluster: &Cluster) -> bool {
    let (ns, name) = controller_deployment(cluster);
    cluster.get(Kind::Deployment, ns, name).is_some()
}

/// The namespace and name of the addon's controller Deployment in this cluster's era.
pub fn controller_deployment(cluster: &Cluster) -> (&'static str, &'static str) {
    if cluster.version().at_least(19) {
        ("ingress-nginx", "ingress-nginx-controller")
    } else {
        ("kube-system", "nginx-ingress-controller")
    }
}

/// Creates the ingress addon's objects (see the module doc); a second call changes nothing.
pub fn enable_addon(cluster: &mut Cluster) {
    if addon_enabled(cluster) {
        return;
    }
    if cluster.version().at_least(19) {
        let ns = "ingress-nginx";
        let common = [("app.kubernetes.io/instance", "ingress-nginx"), ("app.kubernetes.io/name", "ingress-nginx")];
        let mut controller_labels = common.to_vec();
        controller_labels.push(("app.kubernetes.io/component", "controller"));
        let selector = labels(&controller_labels);
        let mut namespace = Namespace { api_version: "v1".into(), kind: "Namespace".into(), ..Default::default() };
        namespace.metadata.name = ns.into();
        namespace.metadata.labels = labels(&common).into();
        let _ = cluster.create(Object::Namespace(namespace));
        let mut c = Container {
            name: "controller".into(),
            image: "registry.k8s.io/ingress-nginx/controller:v1.11.3".into(),
            image_pull_policy: Some("IfNotPresent".into()),
            ports: vec![port("http", 80, Some(80)), port("https", 443, Some(443)), port("webhook", 8443, None)],
            readiness_probe: Some(healthz_probe()),
            args: [
                "/nginx-ingress-controller",
                "--election-id=ingress-controller-leader",
                "--controller-class=k8s.io/ingress-nginx",
                "--configmap=$(POD_NAMESPACE)/ingress-nginx-controller",
                "--report-node-internal-ip-address",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            ..Default::default()
        };
        c.resources.requests.insert("cpu".into(), serde_json::json!("100m"));
        c.resources.requests.insert("memory".into(), serde_json::json!("90Mi"));
        let svc_port = |name: &str, p: i64, target: &str| ServicePort {
            name: Some(name.into()),
            protocol: Some("TCP".into()),
            port: p,
            target_port: Some(IntOrString::Str(target.into())),
            node_port: None,
        };
        let http = svc_port("http", 80, "http");
        let https = svc_port("https", 443, "https");
        let webhook = svc_port("https-webhook", 443, "webhook");
        let _ = cluster.create(service(
            ns,
            "ingress-nginx-controller",
            selector.clone(),
            selector.clone(),
            "NodePort",
            vec![http, https],
        ));
        let _ = cluster.create(service(
            ns,
            "ingress-nginx-controller-admission",
            selector.clone(),
            selector.clone(),
            "ClusterIP",
            vec![webhook],
        ));
        let _ = cluster.create(deployment(
            ns,
            "ingress-nginx-controller",
            selector.clone(),
            selector.clone(),
            c,
            "apps/v1",
        ));
        let mut class = IngressClass {
            api_version: "networking.k8s.io/v1".into(),
            kind: "IngressClass".into(),
            ..Default::default()
        };
        class.metadata.name = "nginx".into();
        class.metadata.labels = selector.into();
        class.metadata.annotations.insert(DEFAULT_INGRESS_CLASS_ANNOTATION.into(), "true".into());
        class.spec.controller = NGINX_CONTROLLER.into();
        let _ = cluster.create(class.into_object());
    } else {
        let ns = "kube-system";
        let mode = ("addonmanager.kubernetes.io/mode", "Reconcile");
        let backend_sel = labels(&[("app", "default-http-backend"), mode]);
        let backend = Container {
            name: "default-http-backend".into(),
            image: "k8s.gcr.io/defaultbackend:1.4".into(),
            image_pull_policy: Some("IfNotPresent".into()),
            ports: vec![port("", 8080, None)],
            ..Default::default()
        };
        let _ = cluster.create(deployment(
            ns,
            "default-http-backend",
            backend_sel.clone(),
            labels(&[mode]),
            backend,
            "extensions/v1beta1",
        ));
        let _ = cluster.create(service(
            ns,
            "default-http-backend",
            labels(&[("app", "default-http-backend"), mode]),
            labels(&[("app", "default-http-backend")]),
            "NodePort",
            vec![ServicePort {
                name: None,
                protocol: Some("TCP".into()),
                port: 80,
                target_port: Some(IntOrString::Int(8080)),
                node_port: Some(30001),
            }],
        ));
        let controller_sel = labels(&[("app", "nginx-ingress-controller"), mode]);
        let mut template_labels = controller_sel.clone();
        template_labels.insert("name".into(), "nginx-ingress-controller".into());
        let c = Container {
            name: "nginx-ingress-controller".into(),
            image: "quay.io/kubernetes-ingress-controller/nginx-ingress-controller:0.14.0".into(),
            image_pull_policy: Some("IfNotPresent".into()),
            ports: vec![port("", 80, Some(80)), port("", 443, Some(443)), port("", 18080, Some(18080))],
            readiness_probe: Some(healthz_probe()),
            args: [
                "/nginx-ingress-controller",
                "--default-backend-service=$(POD_NAMESPACE)/default-http-backend",
                "--configmap=$(POD_NAMESPACE)/nginx-load-balancer-conf",
                "--report-node-internal-ip-address",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            ..Default::default()
        };
        let mut d = deployment(
            ns,
            "nginx-ingress-controller",
            controller_sel,
            labels(&[("app", "nginx-ingress-controller"), mode]),
            c,
            "extensions/v1beta1",
        );
        if let Object::Deployment(d) = &mut d {
            d.spec.template.metadata.labels = template_labels.into();
        }
        let _ = cluster.create(d);
    }
}

/// The ready controller pods (ingress-controller images), in key order.
pub fn controller_pods(cluster: &Cluster) -> Vec<&Pod> {
    cluster
        .pods()
        .filter(|p| p.is_ready() && p.spec.containers.iter().any(|c| cluster.image(&c.image).ingress_controller()))
        .collect()
}

/// The Ingresses this controller serves, oldest first: on current clusters those of an
/// IngressClass whose controller is ingress-nginx's; on course-era ones those without the
/// `kubernetes.io/ingress.class` annotation or with `nginx`.
pub fn served_ingresses(cluster: &Cluster) -> Vec<Ingress> {
    served(cluster.list(Kind::Ingress, None), cluster.list(Kind::IngressClass, None), !cluster.version().at_least(19))
}

pub(crate) fn served(ingresses: Vec<&Object>, classes: Vec<&Object>, course: bool) -> Vec<Ingress> {
    let nginx_classes: Vec<String> = classes
        .into_iter()
        .filter_map(IngressClass::from_object)
        .filter(|c| c.spec.controller == NGINX_CONTROLLER)
        .map(|c| c.metadata.name)
        .collect();
    let mut out: Vec<Ingress> = ingresses
        .into_iter()
        .filter_map(Ingress::from_object)
        .filter(|i| {
            let annotation = i.metadata.annotations.get("kubernetes.io/ingress.class");
            if course {
                return annotation.is_none_or(|c| c == "nginx");
            }
            let class = i.spec.ingress_class_name.as_ref().or(annotation);
            class.is_some_and(|c| nginx_classes.contains(c))
        })
        .collect();
    crate::sort::by_key(&mut out, |i| {
        (i.metadata.creation_timestamp, i.metadata.ns().to_string(), i.metadata.name.clone())
    });
    out
}

/// How well a rule's host fits the request's: 2 exact, 1 wildcard, 0 catch-all (no host).
fn host_fit(rule_host: Option<&str>, host: &str) -> Option<u8> {
    match rule_host.filter(|h| !h.is_empty()) {
        None => Some(0),
        Some(h) if h.eq_ignore_ascii_case(host) => Some(2),
        Some(h) => {
            let suffix = h.strip_prefix("*.")?;
            let (first, rest) = host.split_once('.')?;
            (!first.is_empty() && rest.eq_ignore_ascii_case(suffix)).then_some(1)
        }
    }
}

/// Whether `path` (of type `path_type`) matches the request path; the score orders matches
/// (exact before prefix, longer first).
fn path_fit(path: &str, path_type: &str, request: &str) -> Option<(u8, usize)> {
    let path = if path.is_empty() { "/" } else { path };
    match path_type {
        "Exact" => (request == path).then_some((1, path.len())),
        "Prefix" => {
            let trimmed = path.trim_end_matches('/');
            let ok = trimmed.is_empty()
                || request == trimmed
                || request.strip_prefix(trimmed).is_some_and(|rest| rest.starts_with('/'));
            ok.then_some((0, trimmed.len()))
        }
        // ImplementationSpecific (and the beta API's paths): nginx's location prefix.
        _ => request.starts_with(path).then_some((0, path.len())),
    }
}

/// The backend (Ingress namespace, backend) a request for `host` and `path` goes to.
pub fn route(cluster: &Cluster, host: &str, path: &str) -> Option<(String, IngressBackend)> {
    let request = path.split('?').next().unwrap_or("/");
    let ingresses = served_ingresses(cluster);
    let best_host =
        ingresses.iter().flat_map(|i| i.spec.rules.iter()).filter_map(|r| host_fit(r.host.as_deref(), host)).max();
    let mut best: Option<((u8, usize), String, IngressBackend)> = None;
    if let Some(fit) = best_host {
        for ing in &ingresses {
            for rule in ing.spec.rules.iter().filter(|r| host_fit(r.host.as_deref(), host) == Some(fit)) {
                for p in rule.http.iter().flat_map(|h| h.paths.iter()) {
                    let ty = p.path_type.as_deref().unwrap_or("ImplementationSpecific");
                    let Some(score) = path_fit(p.path.as_deref().unwrap_or(""), ty, request) else { continue };
                    if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                        best = Some((score, ing.metadata.ns().to_string(), p.backend.clone()));
                    }
                }
            }
        }
    }
    if let Some((_, ns, b)) = best {
        return Some((ns, b));
    }
    ingresses.iter().find_map(|i| i.default_backend().map(|b| (i.metadata.ns().to_string(), b.clone())))
}

/// Answers a request that reached the controller pod `controller` (see the module doc).
pub(crate) fn serve(
    cluster: &mut Cluster,
    client: &Client,
    controller: &Pod,
    host: &str,
    path: &str,
    ip: String,
) -> HttpOutcome {
    let me = (controller.metadata.ns().to_string(), controller.metadata.name.clone());
    let host_only = host.rsplit_once(':').map(|(h, _)| h).unwrap_or(host);
    let course = !cluster.version().at_least(19);
    let not_found = || {
        let body = if course { "default backend - 404".to_string() } else { nginx_page(404, "Not Found") };
        HttpOutcome::Answered { status: 404, body, pod: me.clone(), ip: ip.clone() }
    };
    let unavailable = || HttpOutcome::Answered {
        status: 503,
        body: nginx_page(503, "Service Temporarily Unavailable"),
        pod: me.clone(),
        ip: ip.clone(),
    };
    let Some((ns, backend)) = route(cluster, host_only, path) else { return not_found() };
    let Some((svc_name, svc_port)) = backend.service_ref() else { return not_found() };
    let Some(Object::Service(svc)) = cluster.get(Kind::Service, &ns, &svc_name).cloned() else {
        return unavailable();
    };
    let sp = svc.spec.ports.iter().find(|p| match &svc_port {
        IntOrString::Int(n) => p.port == *n,
        IntOrString::Str(name) => p.name.as_deref() == Some(name.as_str()),
    });
    let Some(sp) = sp.cloned() else { return unavailable() };
    let backends = network::ready_backends(cluster, &svc, &sp);
    let from = controller.status.pod_ip.clone().unwrap_or_default();
    let now = cluster.now();
    let Some(i) = crate::traffic::pick(cluster.traffic_mut(), now, &svc, &sp, &from, &backends) else {
        return unavailable();
    };
    let Some((bns, bname, bport)) = backends.get(i).cloned() else { return unavailable() };
    let Some(Object::Pod(pod)) = cluster.get(Kind::Pod, &bns, &bname).cloned() else { return unavailable() };
    let Some((info, image)) = network::serving_image(cluster, &pod, bport) else {
        crate::traffic::record_unanswered(cluster, Some(&pod));
        return HttpOutcome::Answered { status: 502, body: nginx_page(502, "Bad Gateway"), pod: me, ip };
    };
    let served = network::access_log_written(cluster, &pod);
    let ans = info.http_get(
        path,
        host,
        &from,
        &crate::images::Server { hostname: &pod.metadata.name, served, course_era: course },
    );
    let entry = AccessLogEntry {
        unix_secs: cluster.unix_secs(now),
        client_ip: from,
        method: "GET".into(),
        path: path.to_string(),
        status: ans.status,
        bytes: ans.body.len() as u64,
        user_agent: client.user_agent.to_string(),
        port: bport,
        count: 1,
    };
    crate::traffic::record_answered(cluster, &pod, &image, entry, info.service_ms());
    HttpOutcome::Answered { status: ans.status, body: ans.body, pod: (bns, bname), ip }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path matching table of the Ingress docs (`pathType` examples).
    #[test]
    fn path_types_match_as_the_ingress_docs_say() {
        let cases: &[(&str, &str, &str, bool)] = &[
            ("Prefix", "/", "/anything", true),
            ("Exact", "/foo", "/foo", true),
            ("Exact", "/foo", "/bar", false),
            ("Exact", "/foo", "/foo/", false),
            ("Exact", "/foo/", "/foo", false),
            ("Prefix", "/foo", "/foo", true),
            ("Prefix", "/foo", "/foo/", true),
            ("Prefix", "/foo/", "/foo", true),
            ("Prefix", "/foo/", "/foo/", true),
            ("Prefix", "/aaa/bb", "/aaa/bbb", false),
            ("Prefix", "/aaa/bbb", "/aaa/bbb", true),
            ("Prefix", "/aaa/bbb/", "/aaa/bbb", true),
            ("Prefix", "/aaa/bbb", "/aaa/bbb/", true),
            ("Prefix", "/aaa/bbb", "/aaa/bbb/ccc", true),
            ("Prefix", "/aaa/bbb", "/aaa/bbbxyz", false),
        ];
        for (ty, path, request, want) in cases {
            assert_eq!(path_fit(path, ty, request).is_some(), *want, "{ty} {path} {request}");
        }
    }

    #[test]
    fn hosts_match_exactly_then_by_one_label_wildcards() {
        assert_eq!(host_fit(Some("foo.bar.com"), "foo.bar.com"), Some(2));
        assert_eq!(host_fit(Some("*.foo.com"), "bar.foo.com"), Some(1));
        assert_eq!(host_fit(Some("*.foo.com"), "baz.bar.foo.com"), None);
        assert_eq!(host_fit(Some("*.foo.com"), "foo.com"), None);
        assert_eq!(host_fit(None, "anything"), Some(0));
    }
}

#[cfg(test)]
mod routing_tests {
    use super::*;
    use crate::cluster::ClusterConfig;

    fn ingress(name: &str, spec: serde_json::Value) -> Object {
        let json = serde_json::json!({
            "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": {"name": name, "namespace": "default"}, "spec": spec
        });
        Object::Opaque(Kind::Ingress, serde_json::from_value(json).expect("ingress"))
    }

    fn backend(svc: &str) -> serde_json::Value {
        serde_json::json!({"service": {"name": svc, "port": {"number": 80}}})
    }

    #[test]
    fn the_longest_matching_path_of_the_best_host_wins() {
        let mut c = Cluster::new(ClusterConfig::current(2));
        enable_addon(&mut c);
        let spec = serde_json::json!({"rules": [
            {"host": "a.example.com", "http": {"paths": [
                {"path": "/", "pathType": "Prefix", "backend": backend("root")},
                {"path": "/api", "pathType": "Prefix", "backend": backend("api")},
                {"path": "/api/v1", "pathType": "Exact", "backend": backend("exact")}
            ]}},
            {"host": "*.example.com", "http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": backend("wild")}]}}
        ]});
        c.create(ingress("web", spec)).expect("ingress");
        let got = |host: &str, path: &str| route(&c, host, path).and_then(|(_, b)| b.service_ref()).map(|(n, _)| n);
        assert_eq!(got("a.example.com", "/api/v1").as_deref(), Some("exact"));
        assert_eq!(got("a.example.com", "/api/v2").as_deref(), Some("api"));
        assert_eq!(got("a.example.com", "/apix").as_deref(), Some("root"));
        assert_eq!(got("b.example.com", "/anything").as_deref(), Some("wild"));
        assert_eq!(got("example.org", "/"), None);
        let ing = served_ingresses(&c);
        assert_eq!(ing[0].spec.ingress_class_name.as_deref(), Some("nginx"), "the default class is set at creation");
    }
}
