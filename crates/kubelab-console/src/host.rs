//! The student's own terminal. On the course's kubeadm labs it is a shell on the control-plane
//! node, so besides `kubectl` it has:
//! * `curl`, run from that node: no cluster DNS (the host's resolver knows no Service names),
//!   but every cluster address answers there (ClusterIPs through the node's kube-proxy, pod IPs
//!   through the pod network, node ports);
//! * `kubectl proxy` on `localhost:8001`, whose `/api/v1/namespaces/NS/services/NAME[:PORT]/proxy/`
//!   paths reach a Service through the API server (which picks a ready endpoint itself);
//! * `$(...)` command substitution of a kubectl command, and a trailing `&`.
//!
//! * the student's home (`fs`: `pwd`, `cd`, `ls`, `cat`; `sed`), with local clones of the Git
//!   host's repositories and the `git` (`git/`) and `gh` (`gh.rs`) programs.
//!
//! The node's curl is the distribution's: 7.47.0 on the course era's Ubuntu 16.04, 8.5.0 on a
//! current Ubuntu 24.04, with their error wording.

pub(crate) mod crane;
pub(crate) mod fs;
pub(crate) mod gh;
pub(crate) mod gh_run;
pub(crate) mod git;
pub(crate) mod sed;

use crate::shell::{curl_result, CurlVersion};
use crate::{Console, Output};
use kubelab_sim::api::*;
use kubelab_sim::network::{self, Client, HttpOutcome, ProxyOutcome};

/// `kubectl proxy`'s default port.
pub const PROXY_PORT: i64 = 8001;

fn control_plane_ip(c: &Console) -> String {
    c.cluster
        .list(Kind::Node, None)
        .into_iter()
        .find_map(|o| match o {
            Object::Node(n) if !n.roles().is_empty() => n.internal_ip().map(str::to_string),
            _ => None,
        })
        .unwrap_or_default()
}

fn user_agent(c: &Console) -> &'static str {
    if c.era().node_curl_7_47 {
        "curl/7.47.0"
    } else {
        "curl/8.5.0"
    }
}

/// An API server `Status` as the API server serialises it over the proxy (the course era's
/// encoder printed an empty `metadata` over two lines).
fn status_json(c: &Console, message: &str, reason: &str, details: Option<(&str, &str)>, code: u16) -> String {
    let metadata = c.era().proxy_status_metadata;
    let details = match details {
        Some((name, kind)) => {
            format!(",\n  \"details\": {{\n    \"name\": \"{name}\",\n    \"kind\": \"{kind}\"\n  }}")
        }
        None => String::new(),
    };
    let message = message.replace('"', "\\\"");
    format!(
        "{{\n  \"kind\": \"Status\",\n  \"apiVersion\": \"v1\",\n  \"metadata\": {metadata},\n  \"status\": \"Failure\",\n  \"message\": \"{message}\",\n  \"reason\": \"{reason}\"{details},\n  \"code\": {code}\n}}"
    )
}

/// What `kubectl proxy` answers for `path`.
fn through_proxy(c: &mut Console, path: &str) -> String {
    let path = path.split('?').next().unwrap_or("/");
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let client_ip = control_plane_ip(c);
    let client = Client { namespace: "default", ip: &client_ip, user_agent: user_agent(c) };
    match parts.as_slice() {
        ["api"] | ["api", ""] => {
            let cp = control_plane_ip(c);
            format!(
                "{{\n  \"kind\": \"APIVersions\",\n  \"versions\": [\n    \"v1\"\n  ],\n  \"serverAddressByClientCIDRs\": [\n    {{\n      \"clientCIDR\": \"0.0.0.0/0\",\n      \"serverAddress\": \"{cp}:6443\"\n    }}\n  ]\n}}"
            )
        }
        ["api", "v1", "namespaces", ns, "services", svc, "proxy", rest @ ..] => {
            let (name, port) = match svc.split_once(':') {
                Some((n, p)) => (n, Some(p)),
                None => (*svc, None),
            };
            let sub = format!("/{}", rest.join("/"));
            match network::service_proxy_get(&mut c.cluster, ns, name, port, &sub, &client) {
                ProxyOutcome::Sent(HttpOutcome::Answered { body, .. }) => body,
                ProxyOutcome::NoService => {
                    status_json(c, &format!("services \"{name}\" not found"), "NotFound", Some((name, "services")), 404)
                }
                ProxyOutcome::NoEndpoints => status_json(
                    c,
                    &format!("no endpoints available for service \"{name}\""),
                    "ServiceUnavailable",
                    None,
                    503,
                ),
                ProxyOutcome::NoPort => status_json(
                    c,
                    &format!("no endpoints available for service \"{svc}\""),
                    "ServiceUnavailable",
                    None,
                    503,
                ),
                ProxyOutcome::Sent(HttpOutcome::Refused { ip, port }) => status_json(
                    c,
                    &format!("error trying to reach service: dial tcp {ip}:{port}: connect: connection refused"),
                    "ServiceUnavailable",
                    None,
                    503,
                ),
                ProxyOutcome::Sent(_) => status_json(
                    c,
                    "error trying to reach service: dial tcp: i/o timeout",
                    "ServiceUnavailable",
                    None,
                    503,
                ),
            }
        }
        _ => status_json(c, "the server could not find the requested resource", "NotFound", None, 404),
    }
}

/// `curl URL` on the node.
pub(crate) fn curl(c: &mut Console, args: &[String], out: &mut Output) {
    // Flags taking a value; the first other non-flag word is the URL.
    let mut url = None;
    let mut host_header: Option<String> = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if matches!(a.as_str(), "-H" | "--header") {
            // `Host: name` replaces the URL's host in the request (ingress routing).
            if let Some((k, v)) = args.get(i + 1).and_then(|h| h.split_once(':')) {
                if k.trim().eq_ignore_ascii_case("host") {
                    host_header = Some(v.trim().to_string());
                }
            }
        }
        if matches!(
            a.as_str(),
            "-o" | "-H" | "--header" | "-X" | "-d" | "-m" | "--max-time" | "--connect-timeout" | "-A" | "-u"
        ) {
            i += 2;
            continue;
        }
        if !a.starts_with('-') && url.is_none() {
            url = Some(a.clone());
        }
        i += 1;
    }
    let Some(url) = url else {
        out.stderr.push_str("curl: try 'curl --help' or 'curl --manual' for more information\n");
        out.exit_code = 2;
        return;
    };
    let parsed = network::parse_url(&url);
    let version = if c.era().node_curl_7_47 { CurlVersion::V7_47 } else { CurlVersion::V8_5 };
    if let Some(u) = &parsed {
        if matches!(u.host.as_str(), "localhost" | "127.0.0.1") {
            if c.proxy == Some(u.port) {
                let body = through_proxy(c, &u.path);
                out.stdout.push_str(&body);
                return;
            }
            if c.forwards.contains_key(&u.port) {
                through_forward(c, u.port, &u.path, out);
                return;
            }
            let refused = HttpOutcome::Refused { ip: u.host.clone(), port: u.port };
            out.exit_code = curl_result(c, &url, refused, version, out);
            return;
        }
    }
    let ip = control_plane_ip(c);
    let client = Client { namespace: "default", ip: &ip, user_agent: user_agent(c) };
    let outcome = network::http_get_from_node_with_host(&mut c.cluster, &client, &url, host_header.as_deref());
    out.exit_code = curl_result(c, &url, outcome, version, out);
}

/// `kubectl proxy [--port N]`: serves the API on localhost until the session ends (it runs as
/// if in the background: the console does not block).
pub(crate) fn start_proxy(c: &mut Console, port: Option<&str>, out: &mut Output) {
    let port = match port.map(str::parse::<i64>) {
        None => PROXY_PORT,
        Some(Ok(p)) if (0..=65535).contains(&p) => p,
        Some(_) => {
            out.err(&format!("error: invalid argument \"{}\" for \"-p, --port\" flag: strconv.ParseInt: parsing \"{}\": invalid syntax", port.unwrap_or(""), port.unwrap_or("")));
            return;
        }
    };
    if c.proxy == Some(port) {
        out.err(&format!("error: listen tcp 127.0.0.1:{port}: bind: address already in use"));
        return;
    }
    c.proxy = Some(port);
    out.stdout.push_str(&format!("Starting to serve on 127.0.0.1:{port}\n"));
}

/// How deeply `$(...)` may nest (each level runs a command).
pub const MAX_SUBSTITUTION_DEPTH: usize = 4;

/// A `kubectl port-forward` in the background: local port → (namespace, pod, pod port).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Forward {
    pub ns: String,
    pub pod: String,
    pub port: i64,
}

/// `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE...`: picks the pod (a pod, or the first
/// running pod of a Deployment, ReplicaSet or Service; a Service port becomes its target
/// port), and forwards until the session ends (in the background: the console does not block).
pub(crate) fn port_forward(c: &mut Console, ns: &str, target: &str, ports: &[String], out: &mut Output) {
    let (kind, name) = match target.split_once('/') {
        Some((k, n)) => (k.to_ascii_lowercase(), n.to_string()),
        None => ("pod".to_string(), target.to_string()),
    };
    if ports.is_empty() {
        out.err("error: at least 1 PORT is required for port-forward");
        return;
    }
    let running = |p: &Pod| p.status.phase == "Running" && p.metadata.deletion_timestamp.is_none();
    let selector_pod = |c: &Console, sel: &std::collections::BTreeMap<String, String>| -> Option<Pod> {
        let mut pods: Vec<&Pod> = c
            .cluster
            .pods()
            .filter(|p| p.metadata.ns() == ns && running(p))
            .filter(|p| sel.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v)))
            .collect();
        kubelab_sim::sort::by_key(&mut pods, |p| p.metadata.name.clone());
        pods.first().map(|p| (*p).clone())
    };
    let (pod, svc): (Option<Pod>, Option<Service>) = match kind.as_str() {
        "pod" | "pods" | "po" => match c.cluster.get(Kind::Pod, ns, &name) {
            Some(Object::Pod(p)) => (Some(p.clone()), None),
            _ => return out.err(&format!("Error from server (NotFound): pods \"{name}\" not found")),
        },
        "deployment" | "deployments" | "deploy" => match c.cluster.get(Kind::Deployment, ns, &name) {
            Some(Object::Deployment(d)) => {
                (d.spec.selector.as_ref().and_then(|s| selector_pod(c, &s.match_labels)), None)
            }
            _ => return out.err(&format!("Error from server (NotFound): deployments.apps \"{name}\" not found")),
        },
        "replicaset" | "replicasets" | "rs" => match c.cluster.get(Kind::ReplicaSet, ns, &name) {
            Some(Object::ReplicaSet(r)) => {
                (r.spec.selector.as_ref().and_then(|s| selector_pod(c, &s.match_labels)), None)
            }
            _ => return out.err(&format!("Error from server (NotFound): replicasets.apps \"{name}\" not found")),
        },
        "service" | "services" | "svc" => match c.cluster.get(Kind::Service, ns, &name) {
            Some(Object::Service(s)) => {
                (s.spec.selector.as_ref().and_then(|sel| selector_pod(c, sel)), Some(s.clone()))
            }
            _ => return out.err(&format!("Error from server (NotFound): services \"{name}\" not found")),
        },
        other => return out.err(&format!("error: cannot attach to {other}: selector for {other} not implemented")),
    };
    let Some(pod) = pod else {
        return out.err("error: timed out waiting for the condition");
    };
    if !running(&pod) {
        return out.err(&format!(
            "error: unable to forward port because pod is not running. Current status={}",
            pod.status.phase
        ));
    }
    let mut lines = String::new();
    let mut forwards = Vec::new();
    for spec in ports {
        let (local, remote) = match spec.split_once(':') {
            Some((l, r)) => (l, r),
            None => (spec.as_str(), spec.as_str()),
        };
        let (Ok(remote), Ok(local)) =
            (remote.parse::<i64>(), if local.is_empty() { Ok(0) } else { local.parse::<i64>() })
        else {
            return out.err(&format!(
                "error: Error parsing local port '{spec}': strconv.ParseUint: parsing \"{spec}\": invalid syntax"
            ));
        };
        // A Service port is translated to the pod's port, as kubectl does.
        let remote = match &svc {
            Some(s) => match s.spec.ports.iter().find(|p| p.port == remote) {
                Some(p) => match &p.target_port {
                    Some(IntOrString::Int(n)) => *n,
                    _ => remote,
                },
                None => {
                    return out
                        .err(&format!("error: Service {} does not have a service port {remote}", s.metadata.name))
                }
            },
            None => remote,
        };
        let local = if local == 0 { 30_000 + c.cluster.now().as_secs() as i64 % 30_000 } else { local };
        if c.forwards.contains_key(&local) || c.proxy == Some(local) {
            return out.err(&format!("Unable to listen on port {local}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:{local}: bind: address already in use unable to create listener: Error listen tcp6 [::1]:{local}: bind: address already in use]\nerror: unable to listen on any of the requested ports: [{{{local} {remote}}}]"));
        }
        lines.push_str(&format!(
            "Forwarding from 127.0.0.1:{local} -> {remote}\nForwarding from [::1]:{local} -> {remote}\n"
        ));
        forwards.push((local, Forward { ns: ns.to_string(), pod: pod.metadata.name.clone(), port: remote }));
    }
    c.forwards.extend(forwards);
    out.stdout.push_str(&lines);
}

/// A `curl` to a forwarded local port: the pod answers as to a connection from its own
/// `localhost` (the kubelet's port forwarding enters the pod's network namespace).
fn through_forward(c: &mut Console, local: i64, path: &str, out: &mut Output) {
    let Some(f) = c.forwards.get(&local).cloned() else { return };
    let ip = match c.cluster.get(Kind::Pod, &f.ns, &f.pod) {
        Some(Object::Pod(p)) if p.metadata.deletion_timestamp.is_none() => p.status.pod_ip.clone().unwrap_or_default(),
        _ => {
            c.forwards.remove(&local);
            out.warnings.push_str(&format!("Handling connection for {local}\nerror: lost connection to pod\n"));
            out.stderr.push_str("curl: (52) Empty reply from server\n");
            out.exit_code = 52;
            return;
        }
    };
    out.warnings.push_str(&format!("Handling connection for {local}\n"));
    let client = Client { namespace: &f.ns, ip: "127.0.0.1", user_agent: user_agent(c) };
    match network::http_get(&mut c.cluster, &client, &format!("http://{ip}:{}{path}", f.port)) {
        HttpOutcome::Answered { body, .. } => out.stdout.push_str(&body),
        _ => {
            out.stderr.push_str("curl: (52) Empty reply from server\n");
            out.exit_code = 52;
        }
    }
}

/// Replaces each `$(kubectl ...)` (outside single quotes) by what it printed, trailing newlines
/// removed, as bash does; its errors go to `out`. An unclosed `$(` is bash's syntax error.
pub(crate) fn substitute(c: &mut Console, input: &str, out: &mut Output) -> Result<String, String> {
    if !input.contains("$(") {
        return Ok(input.to_string());
    }
    if input.matches("$(").count() > 16 || nesting(input) > MAX_SUBSTITUTION_DEPTH {
        return Err(format!(
            "this console runs at most 16 command substitutions, nested at most {MAX_SUBSTITUTION_DEPTH} deep"
        ));
    }
    let chars: Vec<char> = input.chars().collect();
    let mut result = String::new();
    let mut i = 0;
    let mut single = false;
    while i < chars.len() {
        let ch = chars[i];
        if ch == '\'' {
            single = !single;
        }
        if !single && ch == '$' && chars.get(i + 1) == Some(&'(') {
            let mut depth = 1;
            let mut j = i + 2;
            let mut quote: Option<char> = None;
            while j < chars.len() {
                match (quote, chars[j]) {
                    (None, q @ ('\'' | '"')) => quote = Some(q),
                    (Some(q), x) if x == q => quote = None,
                    (None, '(') => depth += 1,
                    (None, ')') => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            if depth != 0 {
                return Err("bash: unexpected EOF while looking for matching `)'".into());
            }
            let inner: String = chars[i + 2..j].iter().collect();
            let sub = c.run(inner.trim());
            out.stderr.push_str(&sub.warnings);
            out.stderr.push_str(&sub.stderr);
            result.push_str(sub.stdout.trim_end_matches('\n'));
            i = j + 1;
            continue;
        }
        result.push(ch);
        i += 1;
    }
    Ok(result)
}

/// The deepest nesting of `$(` in `s` (quotes ignored: an upper bound).
fn nesting(s: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let b = s.as_bytes();
    for i in 0..b.len() {
        if b[i] == b'$' && b.get(i + 1) == Some(&b'(') {
            depth += 1;
            max = max.max(depth);
        } else if b[i] == b')' {
            depth = depth.saturating_sub(1);
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use crate::{Console, ConsoleConfig, NoFiles, Profile};

    fn console(profile: Profile) -> Console {
        let mut c = Console::new(ConsoleConfig { seed: 1, profile }, Box::new(NoFiles));
        c.run("kubectl create deployment web --image=nginx:1.25 --port=80");
        c.run("kubectl expose deployment web --port=80");
        c.run("sleep 15");
        c
    }

    #[test]
    fn command_substitution_runs_kubectl_and_respects_single_quotes() {
        let mut c = console(Profile::Current);
        let out = c.run("curl http://$(kubectl get svc web -o jsonpath='{.spec.clusterIP}'):80");
        assert!(out.stdout.contains("Welcome to nginx!"), "{out:?}");
        // Inside single quotes `$(` is text (here a label value kubectl then refuses).
        let out = c.run("kubectl label svc web 'x=$(kubectl get svc)'");
        assert!(out.stderr.contains("Invalid value: \"$(kubectl get svc)\""), "{out:?}");
        let out = c.run("curl http://$(kubectl get svc web");
        assert!(out.stderr.contains("unexpected EOF"), "{out:?}");
        assert_eq!(out.exit_code, 2);
        // Deep or many substitutions are refused, not recursed into.
        let deep = format!("curl {}x{}", "$(".repeat(50_000), ")".repeat(50_000));
        let out = c.run(&deep);
        assert!(out.stderr.contains("at most"), "{:?}", &out.stderr[..out.stderr.len().min(200)]);
        let out = c.run("curl $(kubectl get nope)");
        assert!(out.stderr.contains("the server doesn't have a resource type"), "{out:?}");
    }

    #[test]
    fn the_node_has_no_cluster_dns_and_kubectl_proxy_serves_services() {
        let mut c = console(Profile::Current);
        let out = c.run("curl http://web/");
        assert_eq!(out.stderr, "curl: (6) Could not resolve host: web\n");
        let out = c.run("curl localhost:8001/api/");
        assert!(out.stderr.starts_with("curl: (7) Failed to connect to localhost port 8001"), "{out:?}");
        let out = c.run("kubectl proxy &");
        assert!(out.warnings.starts_with("[1] "), "{out:?}");
        assert_eq!(out.stdout, "Starting to serve on 127.0.0.1:8001\n");
        let out = c.run("curl localhost:8001/api/v1/namespaces/default/services/web/proxy/");
        assert!(out.stdout.contains("Welcome to nginx!"), "{out:?}");
        let out = c.run("curl localhost:8001/api/v1/namespaces/default/services/nope/proxy/");
        assert!(out.stdout.contains("\"message\": \"services \\\"nope\\\" not found\""), "{}", out.stdout);
        assert!(out.stdout.contains("\"code\": 404"));
        c.run("kubectl scale deployment web --replicas=0");
        c.run("sleep 5");
        let out = c.run("curl localhost:8001/api/v1/namespaces/default/services/web/proxy/");
        assert!(out.stdout.contains("no endpoints available for service \\\"web\\\""), "{}", out.stdout);
        assert!(out.stdout.contains("\"code\": 503"));
        let out = c.run("kubectl proxy");
        assert_eq!(out.stderr, "error: listen tcp 127.0.0.1:8001: bind: address already in use\n");
    }

    #[test]
    fn port_forward_reaches_one_pod_and_ends_with_it() {
        let mut c = console(Profile::Current);
        c.run("kubectl expose deployment web --name=web-alt --port=8080 --target-port=80");
        let out = c.run("kubectl port-forward svc/web-alt 18080:8080 &");
        assert_eq!(out.stdout, "Forwarding from 127.0.0.1:18080 -> 80\nForwarding from [::1]:18080 -> 80\n", "{out:?}");
        let out = c.run("curl -s localhost:18080/");
        assert_eq!(out.warnings, "Handling connection for 18080\n");
        assert!(out.stdout.contains("Welcome to nginx!"));
        let out = c.run("kubectl port-forward svc/web-alt 18081:9999");
        assert_eq!(out.stderr, "error: Service web-alt does not have a service port 9999\n");
        let pod = c.cluster().pods().find(|p| p.metadata.name.starts_with("web-")).map(|p| p.metadata.name.clone());
        c.run(&format!("kubectl delete pod {} --now", pod.unwrap_or_default()));
        let out = c.run("curl localhost:18080/");
        assert_eq!(out.exit_code, 52, "{out:?}");
        let out = c.run("curl localhost:18080/");
        assert_eq!(out.exit_code, 7, "the forward is gone");
    }
}
