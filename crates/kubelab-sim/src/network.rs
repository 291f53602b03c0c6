//! The cluster network as a client inside a pod sees it: cluster DNS (CoreDNS), kube-proxy and
//! the containers that answer.
//!
//! DNS, as the kubeadm Corefile answers it (`kubernetes cluster.local in-addr.arpa ip6.arpa`,
//! `pods insecure`):
//! * `<svc>.<ns>.svc.cluster.local` A → the ClusterIP; for a headless Service the ready
//!   endpoint IPs (sorted), NXDOMAIN when none is ready.
//! * ExternalName Service: `<svc>.<ns>.svc.cluster.local` is a CNAME to `spec.externalName`
//!   ([`cname`]). CoreDNS follows a target inside `cluster.local` itself; any other target goes
//!   to the upstream resolver, and the lab has no internet, so the A lookup ends in NXDOMAIN.
//! * `<dashed-ip>.<svc>.<ns>.svc.cluster.local` → that ready endpoint of a headless Service.
//! * SRV `_<port-name>._<proto>.<svc>.<ns>.svc.cluster.local` for each **named** port
//!   ([`srv`]): the Service name for a ClusterIP Service, one record per ready endpoint for a
//!   headless one.
//! * `<a-b-c-d>.<ns>.pod.cluster.local` → `a.b.c.d` (pods insecure).
//! * PTR for ClusterIPs (`<svc>.<ns>.svc.cluster.local`) and headless endpoints.
//! * A pod's resolver (`dnsPolicy: ClusterFirst`): `search <ns>.svc.cluster.local
//!   svc.cluster.local cluster.local`, `options ndots:5`: a name with fewer than 5 dots tries
//!   the search list first, then the name as given; a trailing dot means absolute. Names
//!   outside the cluster domain are NXDOMAIN (the lab has no internet).
//!
//! kube-proxy: a connection to `ClusterIP:port` (or `nodeIP:nodePort`) goes to one of the
//! Service's **ready** endpoints for that port; which one is [`crate::traffic::pick`]'s choice
//! (iptables random, IPVS round-robin, `sessionAffinity: ClientIP`). A Service with no ready
//! endpoint REJECTs (connection refused); a port the Service does not have, or an address
//! nobody owns, times out.
//!
//! Each served request is appended to the answering container's access log (bounded, oldest
//! first dropped), as data, and counted in the traffic counters; the console formats the log
//! for `kubectl logs`. Bulk load (clients with a rate) is in [`crate::traffic`].

use crate::api::*;
use crate::cluster::Cluster;
use crate::images;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const CLUSTER_DOMAIN: &str = "cluster.local";
/// The kube-dns Service's ClusterIP on a kubeadm cluster.
pub const DNS_SERVER: &str = "10.96.0.10";
/// How many lines each pod's access log keeps (the tail, as a rotated log would).
pub const ACCESS_LOG_LIMIT: u64 = 1000;

/// The search list of a pod in `namespace`.
pub fn search_list(namespace: &str) -> Vec<String> {
    vec![format!("{namespace}.svc.{CLUSTER_DOMAIN}"), format!("svc.{CLUSTER_DOMAIN}"), CLUSTER_DOMAIN.to_string()]
}

/// `/etc/resolv.conf` of a pod in `namespace` (dnsPolicy ClusterFirst).
pub fn resolv_conf(namespace: &str) -> String {
    format!("search {}\nnameserver {DNS_SERVER}\noptions ndots:5\n", search_list(namespace).join(" "))
}

/// A successful A lookup (`ips` is never empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DnsAnswer {
    /// The fully qualified name that answered (no trailing dot).
    pub fqdn: String,
    pub ips: Vec<String>,
    /// When `fqdn` is an ExternalName Service: the CNAME target it answered with (lower case,
    /// no trailing dot); `ips` are then the target's addresses. `None` otherwise.
    pub cname: Option<String>,
}

/// One SRV record (RFC 2782), as CoreDNS's kubernetes plugin answers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SrvRecord {
    pub priority: u16,
    pub weight: u16,
    pub port: i64,
    /// The target host, absolute, written without the trailing dot like every name here.
    pub target: String,
}

/// How many CNAMEs an A lookup follows before giving up (a loop of ExternalName Services).
const MAX_CNAME_CHAIN: usize = 8;

fn is_ipv4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4 && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok())
}

/// Resolves `name` as the resolver of a pod in `from_namespace` would (search list, ndots:5).
/// `None` is NXDOMAIN.
pub fn resolve(cluster: &Cluster, from_namespace: &str, name: &str) -> Option<DnsAnswer> {
    let name = name.to_ascii_lowercase();
    if name.is_empty() || name.len() > 253 {
        return None;
    }
    if is_ipv4(&name) {
        return Some(DnsAnswer { fqdn: name.clone(), ips: vec![name], cname: None });
    }
    let answer = |fqdn: String| {
        let ips = lookup(cluster, &fqdn)?;
        let cname = cname(cluster, &fqdn);
        Some(DnsAnswer { fqdn, ips, cname })
    };
    if let Some(abs) = name.strip_suffix('.') {
        return answer(abs.to_string());
    }
    let mut candidates: Vec<String> = search_list(from_namespace).iter().map(|s| format!("{name}.{s}")).collect();
    if name.matches('.').count() >= 5 {
        candidates.insert(0, name.clone());
    } else {
        candidates.push(name.clone());
    }
    candidates.into_iter().find_map(answer)
}

fn service<'a>(cluster: &'a Cluster, ns: &str, name: &str) -> Option<&'a Service> {
    match cluster.get(Kind::Service, ns, name) {
        Some(Object::Service(s)) if !s.metadata.is_deleting() => Some(s),
        _ => None,
    }
}

/// True for a headless Service (`clusterIP: None`).
pub fn is_headless(svc: &Service) -> bool {
    svc.spec.cluster_ip.as_deref() == Some("None")
}

/// The ready endpoint IPs of a Service (all ports), sorted and de-duplicated.
pub fn ready_ips(cluster: &Cluster, ns: &str, name: &str) -> Vec<String> {
    let mut ips: Vec<String> = match cluster.get(Kind::Endpoints, ns, name) {
        Some(Object::Endpoints(e)) => e.subsets.iter().flat_map(|s| s.addresses.iter().map(|a| a.ip.clone())).collect(),
        _ => vec![],
    };
    crate::sort::by_key(&mut ips, |ip| ip_key(ip));
    ips.dedup();
    ips
}

fn ip_key(ip: &str) -> Vec<u32> {
    ip.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

/// The first label of a headless Service's endpoint: the pod's `hostname` when its `subdomain`
/// names the Service (as the endpoints controller copies it into the endpoint, e.g. a
/// StatefulSet's `web-0`), else the dashed address.
fn endpoint_host(cluster: &Cluster, ns: &str, svc: &str, ip: &str) -> String {
    cluster
        .pods()
        .find(|p| {
            p.metadata.ns() == ns
                && p.status.pod_ip.as_deref() == Some(ip)
                && p.spec.extra.get("subdomain").and_then(|v| v.as_str()) == Some(svc)
        })
        .and_then(|p| p.spec.extra.get("hostname").and_then(|v| v.as_str()))
        .map(str::to_string)
        .unwrap_or_else(|| ip.replace('.', "-"))
}

/// True for an ExternalName Service.
pub fn is_external_name(svc: &Service) -> bool {
    svc.spec.type_.as_deref() == Some("ExternalName")
}

/// The labels of `fqdn` (lower case, a trailing dot allowed) below the cluster zone.
fn zone_labels(fqdn: &str) -> Option<Vec<String>> {
    let fqdn = fqdn.to_ascii_lowercase();
    let fqdn = fqdn.strip_suffix('.').unwrap_or(&fqdn);
    let rel = fqdn.strip_suffix(&format!(".{CLUSTER_DOMAIN}"))?;
    Some(rel.split('.').map(str::to_string).collect())
}

/// The CNAME of an absolute name: `<svc>.<ns>.svc.cluster.local` of an ExternalName Service
/// answers with its `spec.externalName` (lower case, without a trailing dot).
pub fn cname(cluster: &Cluster, fqdn: &str) -> Option<String> {
    let labels = zone_labels(fqdn)?;
    let [svc, ns, kind] = labels.as_slice() else { return None };
    if kind != "svc" {
        return None;
    }
    let s = service(cluster, ns, svc)?;
    if !is_external_name(s) {
        return None;
    }
    let target = s.spec.external_name.as_deref()?.trim_end_matches('.').to_ascii_lowercase();
    (!target.is_empty()).then_some(target)
}

/// An absolute name (no trailing dot) in the cluster zone: its A records. `None` is NXDOMAIN.
/// An ExternalName Service's name is followed through its CNAME: to the target's records
/// when the target is in the cluster zone, otherwise to NXDOMAIN (the upstream resolver is
/// the internet, which the lab does not have).
pub fn lookup(cluster: &Cluster, fqdn: &str) -> Option<Vec<String>> {
    let mut name = fqdn.to_ascii_lowercase();
    for _ in 0..MAX_CNAME_CHAIN {
        match cname(cluster, &name) {
            Some(target) => name = target,
            None => return lookup_a(cluster, &name),
        }
    }
    None
}

/// The A records of an absolute name, not following CNAMEs.
fn lookup_a(cluster: &Cluster, fqdn: &str) -> Option<Vec<String>> {
    let fqdn = fqdn.to_ascii_lowercase();
    let rel = fqdn.strip_suffix(&format!(".{CLUSTER_DOMAIN}"))?;
    let labels: Vec<&str> = rel.split('.').collect();
    match labels.as_slice() {
        [svc, ns, "svc"] => {
            let s = service(cluster, ns, svc)?;
            if is_external_name(s) {
                None
            } else if is_headless(s) {
                let ips = ready_ips(cluster, ns, svc);
                (!ips.is_empty()).then_some(ips)
            } else {
                s.spec.cluster_ip.clone().filter(|ip| !ip.is_empty()).map(|ip| vec![ip])
            }
        }
        [host, svc, ns, "svc"] => {
            let s = service(cluster, ns, svc)?;
            if !is_headless(s) {
                return None;
            }
            let ips = ready_ips(cluster, ns, svc);
            // A pod whose `hostname` and `subdomain` name it (StatefulSet pods: `web-0.nginx`).
            let named = cluster.pods().find(|p| {
                p.metadata.ns() == *ns
                    && p.spec.extra.get("hostname").and_then(|v| v.as_str()) == Some(*host)
                    && p.spec.extra.get("subdomain").and_then(|v| v.as_str()) == Some(*svc)
                    && p.status.pod_ip.as_deref().is_some_and(|ip| ips.iter().any(|i| i == ip))
            });
            if let Some(ip) = named.and_then(|p| p.status.pod_ip.clone()) {
                return Some(vec![ip]);
            }
            let ip = host.replace('-', ".");
            ips.into_iter().find(|i| *i == ip).map(|i| vec![i])
        }
        [dashed, ns, "pod"] => {
            let ip = dashed.replace('-', ".");
            (is_ipv4(&ip) && cluster.namespace_exists(ns)).then(|| vec![ip])
        }
        _ => None,
    }
}

/// The SRV records of `fqdn` (absolute, a trailing dot allowed), as CoreDNS's kubernetes
/// plugin answers `_<port-name>._<proto>.<svc>.<ns>.svc.cluster.local`. `None` is NXDOMAIN.
///
/// * Only a **named** Service port whose name and protocol (`tcp`, `udp`, `sctp`; TCP when
///   unset) match has records; unnamed ports have none.
/// * ClusterIP (and NodePort, LoadBalancer) Service: one record, target
///   `<svc>.<ns>.svc.cluster.local`, port = the Service port, whether or not endpoints exist.
/// * Headless Service: one record per **ready** endpoint address carrying that named port,
///   target `<host>.<svc>.<ns>.svc.cluster.local`, where host is the pod's `hostname` when its
///   `subdomain` is the Service (StatefulSet pods), else the dashed address, port = the endpoint's port (the targetPort); sorted by address; NXDOMAIN when
///   no ready endpoint has the port.
/// * ExternalName Service: none (CoreDNS refuses port/protocol labels for it).
///
/// Priority and weight follow CoreDNS (`plugin/backend_lookup.go` `SRV`): the kubernetes
/// plugin's records all have priority 0 and the default weight 100, and each record's weight
/// is scaled to `floor(100 × 100 / (100 × n))`, i.e. `floor(100 / n)` for `n` records: `0 100`
/// for a ClusterIP Service, `0 33` each for three endpoints. (The DNS specification's example
/// `10 100 443` was kube-dns's choice, not CoreDNS's.)
pub fn srv(cluster: &Cluster, fqdn: &str) -> Option<Vec<SrvRecord>> {
    let labels = zone_labels(fqdn)?;
    let [port_name, proto, svc_name, ns, kind] = labels.as_slice() else { return None };
    let port_name = port_name.strip_prefix('_').filter(|p| !p.is_empty())?;
    let proto = proto.strip_prefix('_').filter(|p| !p.is_empty())?;
    if kind != "svc" {
        return None;
    }
    let s = service(cluster, ns, svc_name)?;
    if is_external_name(s) {
        return None;
    }
    let proto_of = |p: &Option<String>| p.as_deref().unwrap_or("TCP").to_ascii_lowercase();
    let named = |n: &Option<String>| n.as_deref().map(str::to_ascii_lowercase).as_deref() == Some(port_name);
    let records: Vec<(String, i64)> = if is_headless(s) {
        // CoreDNS matches the Endpoints' ports here, not the Service's.
        let Some(Object::Endpoints(eps)) = cluster.get(Kind::Endpoints, ns, svc_name) else { return None };
        let mut found: Vec<(String, i64)> = eps
            .subsets
            .iter()
            .filter_map(|sub| {
                let ep = sub.ports.iter().find(|p| named(&p.name) && proto_of(&p.protocol) == proto)?;
                Some(sub.addresses.iter().map(move |a| (a.ip.clone(), ep.port)))
            })
            .flatten()
            .collect();
        crate::sort::by_key(&mut found, |(ip, port)| (ip_key(ip), *port));
        found.dedup();
        found
            .into_iter()
            .map(|(ip, port)| {
                (format!("{}.{svc_name}.{ns}.svc.{CLUSTER_DOMAIN}", endpoint_host(cluster, ns, svc_name, &ip)), port)
            })
            .collect()
    } else {
        let sp = s.spec.ports.iter().find(|p| named(&p.name) && proto_of(&p.protocol) == proto)?;
        vec![(format!("{svc_name}.{ns}.svc.{CLUSTER_DOMAIN}"), sp.port)]
    };
    if records.is_empty() {
        return None;
    }
    let weight = (100 / records.len()) as u16;
    Some(records.into_iter().map(|(target, port)| SrvRecord { priority: 0, weight, port, target }).collect())
}

/// The PTR name of an address, if CoreDNS has one: a ClusterIP's Service, a headless
/// Service's endpoint.
pub fn reverse(cluster: &Cluster, ip: &str) -> Option<String> {
    let services: Vec<&Service> = cluster
        .list(Kind::Service, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::Service(s) => Some(s),
            _ => None,
        })
        .collect();
    for s in &services {
        if s.spec.cluster_ip.as_deref() == Some(ip) {
            return Some(format!("{}.{}.svc.{CLUSTER_DOMAIN}", s.metadata.name, s.metadata.ns()));
        }
    }
    for s in &services {
        if is_headless(s) && ready_ips(cluster, s.metadata.ns(), &s.metadata.name).iter().any(|i| i == ip) {
            return Some(format!(
                "{}.{}.{}.svc.{CLUSTER_DOMAIN}",
                endpoint_host(cluster, s.metadata.ns(), &s.metadata.name, ip),
                s.metadata.name,
                s.metadata.ns()
            ));
        }
    }
    None
}

// ----- HTTP through kube-proxy -----

/// One request in a container's access log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLogEntry {
    /// Unix seconds.
    pub unix_secs: i64,
    pub client_ip: String,
    pub method: String,
    pub path: String,
    pub status: u16,
    pub bytes: u64,
    pub user_agent: String,
    /// The container port the request reached.
    pub port: i64,
    /// How many identical requests this line stands for (1 for a single request).
    #[serde(default = "one")]
    pub count: u32,
}

fn one() -> u32 {
    1
}

pub use crate::traffic::TrafficState;

/// Who sends a request.
#[derive(Clone, Debug)]
pub struct Client<'a> {
    pub namespace: &'a str,
    pub ip: &'a str,
    pub user_agent: &'a str,
}

/// How a request ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HttpOutcome {
    /// A container answered.
    Answered {
        status: u16,
        body: String,
        /// The pod that answered (namespace, name).
        pod: (String, String),
        /// The address the client connected to.
        ip: String,
    },
    /// The host name does not resolve.
    CouldNotResolve,
    /// Connection refused by `ip:port` (a Service with no ready endpoint, a pod not listening).
    Refused { ip: String, port: i64 },
    /// Nothing answers at `ip:port`.
    TimedOut { ip: String, port: i64 },
    /// The URL could not be parsed.
    BadUrl,
}

/// A parsed `http://host[:port]/path`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    pub host: String,
    pub port: i64,
    pub explicit_port: bool,
    pub path: String,
}

pub fn parse_url(url: &str) -> Option<Url> {
    let rest = if let Some(r) = url.strip_prefix("http://") {
        r
    } else if url.contains("://") {
        return None;
    } else {
        url
    };
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let (host, port, explicit) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<i64>().ok().filter(|p| (1..=65535).contains(p))?, true),
        None => (hostport, 80, false),
    };
    if host.is_empty() {
        return None;
    }
    Some(Url { host: host.to_string(), port, explicit_port: explicit, path })
}

/// Where a connection to `ip:port` goes, before kube-proxy picks an endpoint.
// Made once per connection and taken apart at once: boxing the Service would only add an
// allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub(crate) enum Destination {
    /// A Service port (reached by its ClusterIP, or by a node's address and the node port).
    Service {
        svc: Service,
        port: ServicePort,
        node_port: bool,
    },
    /// A pod's own address.
    Pod(String, String, i64),
    Refused,
    TimedOut,
}

/// Where a connection to `ip:port` lands: the backend pod (namespace, name) and its port.
enum Route {
    Pod(String, String, i64),
    Refused,
    TimedOut,
}

fn pods_by_ip(cluster: &Cluster, ip: &str) -> Option<(String, String)> {
    cluster
        .pods()
        .find(|p| p.status.pod_ip.as_deref() == Some(ip) && p.is_active())
        .map(|p| (p.metadata.ns().to_string(), p.metadata.name.clone()))
}

/// The ready backends of one Service port: (pod namespace, pod name, target port), in
/// Endpoints order.
pub fn ready_backends(cluster: &Cluster, svc: &Service, port: &ServicePort) -> Vec<(String, String, i64)> {
    let ns = svc.metadata.ns();
    let Some(Object::Endpoints(eps)) = cluster.get(Kind::Endpoints, ns, &svc.metadata.name) else {
        return vec![];
    };
    let mut out = Vec::new();
    for subset in &eps.subsets {
        let Some(ep) =
            subset.ports.iter().find(|p| p.name == port.name || subset.ports.len() == 1 && port.name.is_none())
        else {
            continue;
        };
        for a in &subset.addresses {
            let name =
                a.target_ref.as_ref().map(|t| t.name.clone()).or_else(|| pods_by_ip(cluster, &a.ip).map(|p| p.1));
            if let Some(name) = name {
                out.push((ns.to_string(), name, ep.port));
            }
        }
    }
    out
}

/// True if `ip` is one of the nodes' addresses.
pub fn is_node_ip(cluster: &Cluster, ip: &str) -> bool {
    node_by_ip(cluster, ip).is_some()
}

pub(crate) fn destination(cluster: &Cluster, ip: &str, port: i64) -> Destination {
    let node_ip = is_node_ip(cluster, ip);
    for o in cluster.list(Kind::Service, None) {
        let Object::Service(svc) = o else { continue };
        if svc.metadata.is_deleting() {
            continue;
        }
        let by_cluster_ip = svc.spec.cluster_ip.as_deref() == Some(ip);
        if !by_cluster_ip && !node_ip {
            continue;
        }
        let matching =
            svc.spec.ports.iter().find(|p| if by_cluster_ip { p.port == port } else { p.node_port == Some(port) });
        let Some(sp) = matching else {
            if by_cluster_ip {
                return Destination::TimedOut;
            }
            continue;
        };
        return Destination::Service { svc: svc.clone(), port: sp.clone(), node_port: !by_cluster_ip };
    }
    if node_ip {
        // A container's `hostPort` on that node (the CNI portmap plugin).
        if let Some(node) = node_by_ip(cluster, ip) {
            let on_node = cluster.pods().find(|p| {
                p.is_active()
                    && p.spec.node_name.as_deref() == Some(node.metadata.name.as_str())
                    && p.spec.containers.iter().any(|c| c.ports.iter().any(|cp| cp.host_port == Some(port)))
            });
            if let Some(p) = on_node {
                let target = p
                    .spec
                    .containers
                    .iter()
                    .flat_map(|c| c.ports.iter())
                    .find(|cp| cp.host_port == Some(port))
                    .map(|cp| cp.container_port)
                    .unwrap_or(port);
                return Destination::Pod(p.metadata.ns().to_string(), p.metadata.name.clone(), target);
            }
        }
        return Destination::Refused;
    }
    match pods_by_ip(cluster, ip) {
        Some((ns, name)) => Destination::Pod(ns, name, port),
        None => Destination::TimedOut,
    }
}

/// The node that owns address `ip`, if one does.
pub fn node_by_ip<'a>(cluster: &'a Cluster, ip: &str) -> Option<&'a Node> {
    cluster.list(Kind::Node, None).into_iter().find_map(|o| match o {
        Object::Node(n) if n.status.addresses.iter().any(|a| a.address == ip) => Some(n),
        _ => None,
    })
}

/// `externalTrafficPolicy: Local`: a node port only reaches pods on the node it was reached on,
/// and the pod sees the client's own address.
pub fn external_policy_local(svc: &Service) -> bool {
    svc.spec.external_traffic_policy.as_deref() == Some("Local")
}

/// The ready backends a connection may go to: all of them, or for node-port traffic under
/// `externalTrafficPolicy: Local` only those on the receiving node.
pub(crate) fn backends_for(
    cluster: &Cluster,
    svc: &Service,
    port: &ServicePort,
    via_node: Option<&str>,
) -> Vec<(String, String, i64)> {
    let all = ready_backends(cluster, svc, port);
    match via_node {
        Some(node) if external_policy_local(svc) => all
            .into_iter()
            .filter(|(ns, name, _)| {
                matches!(cluster.get(Kind::Pod, ns, name), Some(Object::Pod(p)) if p.spec.node_name.as_deref() == Some(node))
            })
            .collect(),
        _ => all,
    }
}

/// The source address a pod sees for a connection that came in through `node`'s node port:
/// kube-proxy masquerades it (`externalTrafficPolicy: Cluster`) to the node's address on the way
/// to the pod: its bridge (`10.244.N.1`) for a pod on the same node, its overlay interface
/// (`10.244.N.0`) for a pod elsewhere. Under `Local` the client's own address is kept.
pub fn seen_source(svc: &Service, node: &Node, pod: &Pod, client_ip: &str) -> String {
    if external_policy_local(svc) {
        return client_ip.to_string();
    }
    let Some(base) = node.spec.pod_cidr.as_deref().and_then(|c| c.split('/').next()).and_then(|c| c.rsplit_once('.'))
    else {
        return client_ip.to_string();
    };
    let same = pod.spec.node_name.as_deref() == Some(node.metadata.name.as_str());
    format!("{}.{}", base.0, if same { 1 } else { 0 })
}

fn route(cluster: &mut Cluster, ip: &str, port: i64, client_ip: &str) -> Route {
    match destination(cluster, ip, port) {
        Destination::Service { svc, port, node_port } => {
            let node = if node_port { node_by_ip(cluster, ip).map(|n| n.metadata.name.clone()) } else { None };
            let backends = backends_for(cluster, &svc, &port, node.as_deref());
            if backends.is_empty() && node.is_some() && external_policy_local(&svc) {
                // No local endpoint: the node drops the packet.
                return Route::TimedOut;
            }
            let now = cluster.now();
            match crate::traffic::pick(cluster.traffic_mut(), now, &svc, &port, client_ip, &backends) {
                Some(i) => {
                    let (ns, name, p) = backends[i].clone();
                    Route::Pod(ns, name, p)
                }
                None => Route::Refused,
            }
        }
        Destination::Pod(ns, name, p) => Route::Pod(ns, name, p),
        Destination::Refused => Route::Refused,
        Destination::TimedOut => Route::TimedOut,
    }
}

/// The container of `pod` serving HTTP on `port`, if one is running: its image.
pub(crate) fn serving_image(cluster: &Cluster, pod: &Pod, port: i64) -> Option<(images::ImageInfo, String)> {
    for c in &pod.spec.containers {
        let running = pod.status.container_statuses.iter().any(|s| s.name == c.name && s.state.running.is_some());
        if !running {
            continue;
        }
        let info = cluster.image(&c.image);
        let declared: Vec<i64> = c.ports.iter().map(|p| p.container_port).collect();
        if let images::Behaviour::WebServer { ports } = info.behaviour(&c.command, &c.args, &declared) {
            if ports.contains(&port) {
                return Some((info, c.image.clone()));
            }
        }
    }
    None
}

/// Sends `GET url` from `client` through DNS, kube-proxy and the answering container.
pub fn http_get(cluster: &mut Cluster, client: &Client, url: &str) -> HttpOutcome {
    http_get_with_host(cluster, client, url, None)
}

/// `http_get` with a `Host` header of the client's choosing (`curl -H 'Host: x'`), which an
/// ingress controller routes by.
pub fn http_get_with_host(cluster: &mut Cluster, client: &Client, url: &str, host_header: Option<&str>) -> HttpOutcome {
    let Some(u) = parse_url(url) else { return HttpOutcome::BadUrl };
    let Some(answer) = resolve(cluster, client.namespace, &u.host) else { return HttpOutcome::CouldNotResolve };
    let ip = answer.ips[0].clone();
    let (ns, name, port) = match route(cluster, &ip, u.port, client.ip) {
        Route::Pod(ns, name, port) => (ns, name, port),
        Route::Refused => {
            crate::traffic::record_unanswered(cluster, None);
            return HttpOutcome::Refused { ip, port: u.port };
        }
        Route::TimedOut => {
            crate::traffic::record_unanswered(cluster, None);
            return HttpOutcome::TimedOut { ip, port: u.port };
        }
    };
    let Some(Object::Pod(pod)) = cluster.get(Kind::Pod, &ns, &name).cloned() else {
        return HttpOutcome::Refused { ip, port: u.port };
    };
    let Some((info, image)) = serving_image(cluster, &pod, port) else {
        crate::traffic::record_unanswered(cluster, Some(&pod));
        return HttpOutcome::Refused { ip, port: u.port };
    };
    let host = if u.explicit_port { format!("{}:{}", u.host, u.port) } else { u.host.clone() };
    let host = host_header.map(str::to_string).unwrap_or(host);
    if info.ingress_controller() && port == 80 {
        return crate::ingress::serve(cluster, client, &pod, &host, &u.path, ip);
    }
    let served = access_log_written(cluster, &pod);
    // Through a node port the pod may see the node instead of the client (source NAT).
    let from = match (destination(cluster, &ip, u.port), node_by_ip(cluster, &ip)) {
        (Destination::Service { svc, node_port: true, .. }, Some(node)) => seen_source(&svc, node, &pod, client.ip),
        _ => client.ip.to_string(),
    };
    let mut ans = info.http_get(
        &u.path,
        &host,
        &from,
        &images::Server { hostname: &pod.metadata.name, served, course_era: !cluster.version().at_least(20) },
    );
    // An image that fails a share of its requests: one draw from the traffic stream per
    // request (images without `errors` draw nothing).
    if let Some((percent, error)) = info.errors() {
        if cluster.traffic_mut().draw_below(100) < u64::from(percent) {
            ans = error;
        }
    }
    let entry = AccessLogEntry {
        unix_secs: cluster.unix_secs(cluster.now()),
        client_ip: from.clone(),
        method: "GET".into(),
        path: u.path.clone(),
        status: ans.status,
        bytes: ans.body.len() as u64,
        user_agent: client.user_agent.to_string(),
        port,
        count: 1,
    };
    crate::traffic::record_answered(cluster, &pod, &image, entry, info.service_ms());
    HttpOutcome::Answered { status: ans.status, body: ans.body, pod: (ns, name), ip }
}

/// Sends `GET url` from a machine outside the cluster (the student's laptop): there is no
/// cluster DNS out there, and of the cluster's addresses only the nodes' are reachable (node
/// ports); ClusterIPs and pod IPs time out.
pub fn http_get_from_outside(cluster: &mut Cluster, client: &Client, url: &str) -> HttpOutcome {
    let Some(u) = parse_url(url) else { return HttpOutcome::BadUrl };
    if !is_ipv4(&u.host) {
        return HttpOutcome::CouldNotResolve;
    }
    if !is_node_ip(cluster, &u.host) {
        return HttpOutcome::TimedOut { ip: u.host, port: u.port };
    }
    http_get(cluster, client, url)
}

/// Sends `GET url` from a node (the student's terminal on the control-plane node): the host's
/// resolver knows no cluster names, but every cluster address is reachable from a node
/// (ClusterIPs through its kube-proxy, pod IPs through the pod network, node ports).
pub fn http_get_from_node(cluster: &mut Cluster, client: &Client, url: &str) -> HttpOutcome {
    http_get_from_node_with_host(cluster, client, url, None)
}

/// `http_get_from_node` with a `Host` header (`curl -H 'Host: x'`).
pub fn http_get_from_node_with_host(
    cluster: &mut Cluster,
    client: &Client,
    url: &str,
    host_header: Option<&str>,
) -> HttpOutcome {
    let Some(u) = parse_url(url) else { return HttpOutcome::BadUrl };
    if !is_ipv4(&u.host) {
        return HttpOutcome::CouldNotResolve;
    }
    http_get_with_host(cluster, client, url, host_header)
}

/// What the API server's service proxy (`/api/v1/namespaces/NS/services/NAME[:PORT]/proxy/PATH`,
/// as `kubectl proxy` exposes it) answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProxyOutcome {
    /// The Service does not exist.
    NoService,
    /// No ready endpoint (the API server answers 503).
    NoEndpoints,
    /// The Service has no such port.
    NoPort,
    /// What happened to the request the API server sent to the chosen pod.
    Sent(HttpOutcome),
}

/// The API server's service proxy: picks one of the Service's ready endpoints at random (it
/// bypasses kube-proxy) and sends `GET path` to it directly.
pub fn service_proxy_get(
    cluster: &mut Cluster,
    namespace: &str,
    service: &str,
    port: Option<&str>,
    path: &str,
    client: &Client,
) -> ProxyOutcome {
    let Some(svc) = self::service(cluster, namespace, service).cloned() else { return ProxyOutcome::NoService };
    let sp = match port {
        None => svc.spec.ports.first().cloned(),
        Some(p) => svc.spec.ports.iter().find(|sp| sp.name.as_deref() == Some(p) || sp.port.to_string() == p).cloned(),
    };
    let Some(sp) = sp else { return ProxyOutcome::NoPort };
    let backends = ready_backends(cluster, &svc, &sp);
    if backends.is_empty() {
        return ProxyOutcome::NoEndpoints;
    }
    let i = cluster.traffic_mut().draw_below(backends.len() as u64) as usize;
    let (ns, name, target) = backends[i].clone();
    let ip = match cluster.get(Kind::Pod, &ns, &name) {
        Some(Object::Pod(p)) => p.status.pod_ip.clone().unwrap_or_default(),
        _ => return ProxyOutcome::NoEndpoints,
    };
    let path = if path.starts_with('/') { path.to_string() } else { format!("/{path}") };
    ProxyOutcome::Sent(http_get(cluster, client, &format!("http://{ip}:{target}{path}")))
}

/// The requests a pod has served, oldest first. An entry stands for `count` identical
/// requests in the same second (load traffic is logged in bulk).
pub fn access_log<'a>(cluster: &'a Cluster, pod: &Pod) -> impl Iterator<Item = &'a AccessLogEntry> {
    cluster.traffic().access_logs.get(&pod.metadata.uid).into_iter().flat_map(|l| l.entries.iter())
}

/// How many access-log lines a pod has ever written (the kept tail and the dropped ones).
pub fn access_log_written(cluster: &Cluster, pod: &Pod) -> u64 {
    cluster.traffic().access_logs.get(&pod.metadata.uid).map(|l| l.written).unwrap_or(0)
}

/// The Service environment variables the kubelet gives a container of `pod`: every Service
/// with a ClusterIP in the pod's namespace (plus `default/kubernetes`) that existed when the
/// pod started, sorted by name. (The kubelet builds them from a Go map, so the real order
/// inside a container varies; sorted is our stable choice.)
pub fn service_env(cluster: &Cluster, pod: &Pod) -> Vec<(String, String)> {
    let links = pod.spec.extra.get("enableServiceLinks").and_then(|v| v.as_bool()) != Some(false);
    let started = pod.status.start_time.unwrap_or(pod.metadata.creation_timestamp);
    let ns = pod.metadata.ns();
    let mut vars: BTreeMap<String, String> = BTreeMap::new();
    for o in cluster.list(Kind::Service, None) {
        let Object::Service(s) = o else { continue };
        let sns = s.metadata.ns();
        let is_master = sns == "default" && s.metadata.name == "kubernetes";
        if !(is_master || (links && sns == ns)) || s.metadata.creation_timestamp > started {
            continue;
        }
        let Some(ip) = s.spec.cluster_ip.as_deref().filter(|ip| !ip.is_empty() && *ip != "None") else { continue };
        let Some(first) = s.spec.ports.first() else { continue };
        let prefix = s.metadata.name.to_ascii_uppercase().replace('-', "_");
        vars.insert(format!("{prefix}_SERVICE_HOST"), ip.to_string());
        vars.insert(format!("{prefix}_SERVICE_PORT"), first.port.to_string());
        for p in &s.spec.ports {
            if let Some(n) = &p.name {
                vars.insert(
                    format!("{prefix}_SERVICE_PORT_{}", n.to_ascii_uppercase().replace('-', "_")),
                    p.port.to_string(),
                );
            }
        }
        let proto0 = first.protocol.clone().unwrap_or_else(|| "TCP".into()).to_ascii_lowercase();
        vars.insert(format!("{prefix}_PORT"), format!("{proto0}://{ip}:{}", first.port));
        for p in &s.spec.ports {
            let proto = p.protocol.clone().unwrap_or_else(|| "TCP".into());
            let base = format!("{prefix}_PORT_{}_{}", p.port, proto.to_ascii_uppercase());
            let lower = proto.to_ascii_lowercase();
            vars.insert(base.clone(), format!("{lower}://{ip}:{}", p.port));
            vars.insert(format!("{base}_PROTO"), lower);
            vars.insert(format!("{base}_PORT"), p.port.to_string());
            vars.insert(format!("{base}_ADDR"), ip.to_string());
        }
    }
    vars.into_iter().collect()
}
