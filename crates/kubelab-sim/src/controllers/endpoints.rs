//! The endpoints controller and the EndpointSlice controller (and the API server's endpoint
//! reconciler for `default/kubernetes`).
//!
//! Modelled:
//! * For every Service with a (non-empty) selector, an `Endpoints` object of the same name whose
//!   one subset per distinct port set holds the matching pods that have an IP and are not
//!   finished: `addresses` are the Ready ones, `notReadyAddresses` the others that are not
//!   terminating (a terminating pod leaves the Endpoints at once). Ports are the Service's ports
//!   with `port` resolved from `targetPort` (a number, or a name looked up in the pod's container
//!   ports; a pod without that named port is left out of that port's subset). Addresses are
//!   sorted by IP as `RepackSubsets` sorts them.
//! * From v1.21 on, one `EndpointSlice` (`discovery.k8s.io/v1`, `addressType: IPv4`) per
//!   Service, named `<service>-<5 characters>`, labelled `kubernetes.io/service-name` and
//!   `endpointslice.kubernetes.io/managed-by`, owned by its Service (so the garbage collector
//!   deletes it with the Service). Its endpoints carry `ready`, `serving` and `terminating`: a
//!   terminating pod stays in the slice with `ready: false`, `serving` as its readiness and
//!   `terminating: true`.
//! * `default/kubernetes` gets Endpoints (and a slice named `kubernetes`) holding the
//!   control-plane node's InternalIP on port 6443 (`https`), as the API server writes them.
//! * Endpoints of a Service that no longer exists are deleted; Services without a selector get
//!   no managed Endpoints (users may write their own).
//!
//! Simplified: one slice per Service (no 100-endpoint split, no per-port-set slices, no IPv6),
//! no `last-change-trigger-time` annotation, no topology hints, no `publishNotReadyAddresses`.
//! The slice name suffix is derived from the Service's uid (itself drawn from the ids stream)
//! rather than drawn from the names stream, so that adding Services never shifts the pod names
//! of a session.

use crate::api::*;
use crate::cluster::{Api, Store};
use std::collections::{BTreeMap, BTreeSet};

const MANAGED_BY: &str = "endpointslice-controller.k8s.io";

/// The controller's own state: the store's write count when it last finished a pass.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct EndpointsState {
    #[serde(skip)]
    seen: Option<u64>,
}

pub(crate) fn reconcile(api: &mut Api<'_, EndpointsState>) {
    // The output depends on the store only: nothing written since the last pass, nothing to do.
    if api.own.seen == Some(api.writes()) {
        return;
    }
    reconcile_all(api);
    api.own.seen = Some(api.writes());
}

fn reconcile_all(api: &mut Api<'_, EndpointsState>) {
    let slices_enabled = api.version().at_least(21);
    let services: Vec<Service> = api
        .list(Kind::Service, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::Service(s) if !s.metadata.is_deleting() => Some(s.clone()),
            _ => None,
        })
        .collect();
    let mut wanted_eps: BTreeSet<(String, String)> = BTreeSet::new();
    for svc in &services {
        let ns = svc.metadata.ns().to_string();
        let name = svc.metadata.name.clone();
        let (subsets, slice_endpoints, slice_ports) = if ns == "default" && name == "kubernetes" {
            apiserver_endpoints(api)
        } else {
            match svc.spec.selector.as_ref().filter(|s| !s.is_empty()) {
                Some(sel) => compute(api, svc, sel),
                None => continue,
            }
        };
        wanted_eps.insert((ns.clone(), name.clone()));
        write_endpoints(api, svc, subsets);
        if slices_enabled {
            write_slice(api, svc, slice_endpoints, slice_ports);
        }
    }
    // Endpoints whose Service is gone (or lost its selector) go too; hand-written Endpoints of
    // selector-less Services are left alone.
    let stale: Vec<ObjectKey> = api
        .list(Kind::Endpoints, None)
        .into_iter()
        .filter(|o| {
            let key = (o.meta().ns().to_string(), o.meta().name.clone());
            if wanted_eps.contains(&key) {
                return false;
            }
            match api.get(Kind::Service, &key.0, &key.1) {
                None => true,
                Some(Object::Service(s)) => s.spec.selector.as_ref().is_some_and(|m| !m.is_empty()),
                Some(_) => false,
            }
        })
        .map(Object::key)
        .collect();
    for key in stale {
        api.remove(&key);
    }
    // Slices of Services that are gone (or have no selector any more).
    let stale_slices: Vec<ObjectKey> = api
        .list(Kind::EndpointSlice, None)
        .into_iter()
        .filter(|o| {
            let m = o.meta();
            let managed = m.labels.get(MANAGED_BY_LABEL).is_some_and(|v| v == MANAGED_BY) || m.name == "kubernetes";
            let svc = m.labels.get(SERVICE_NAME_LABEL).cloned().unwrap_or_default();
            managed && !wanted_eps.contains(&(m.ns().to_string(), svc))
        })
        .map(Object::key)
        .collect();
    for key in stale_slices {
        api.remove(&key);
    }
}

type Computed = (Vec<EndpointSubset>, Vec<SliceEndpoint>, Vec<EndpointPort>);
/// A pod's resolved ports: (name, port, protocol) per Service port.
type PortSet = Vec<(Option<String>, i64, Option<String>)>;

fn apiserver_endpoints(store: &Store) -> Computed {
    let ip = store
        .list(Kind::Node, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::Node(n) => Some(n),
            _ => None,
        })
        .find(|n| {
            n.metadata.labels.contains_key("node-role.kubernetes.io/control-plane")
                || n.metadata.labels.contains_key("node-role.kubernetes.io/master")
        })
        .and_then(|n| n.status.addresses.iter().find(|a| a.type_ == "InternalIP").map(|a| a.address.clone()));
    let Some(ip) = ip else { return (vec![], vec![], vec![]) };
    let port = EndpointPort { name: Some("https".into()), port: 6443, protocol: Some("TCP".into()) };
    let subsets = vec![EndpointSubset {
        addresses: vec![EndpointAddress { ip: ip.clone(), node_name: None, target_ref: None }],
        not_ready_addresses: vec![],
        ports: vec![port.clone()],
    }];
    let endpoints = vec![SliceEndpoint {
        addresses: vec![ip],
        conditions: EndpointConditions { ready: true, serving: true, terminating: false },
        node_name: None,
        target_ref: None,
    }];
    (subsets, endpoints, vec![port])
}

/// The port a pod serves a Service port on, if it has it.
fn resolve_port(pod: &Pod, sp: &ServicePort) -> Option<i64> {
    match &sp.target_port {
        None => Some(sp.port),
        Some(IntOrString::Int(n)) => Some(*n),
        Some(IntOrString::Str(s)) => match s.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => pod
                .spec
                .containers
                .iter()
                .flat_map(|c| c.ports.iter())
                .find(|p| p.name.as_deref() == Some(s.as_str()))
                .map(|p| p.container_port),
        },
    }
}

fn target_ref(pod: &Pod) -> ObjectReference {
    ObjectReference {
        kind: "Pod".into(),
        name: pod.metadata.name.clone(),
        namespace: crate::api::meta::word_of(pod.metadata.ns()),
        uid: pod.metadata.uid.clone(),
        field_path: None,
    }
}

fn compute(store: &Store, svc: &Service, selector: &BTreeMap<String, String>) -> Computed {
    let ns = svc.metadata.ns();
    let pods: Vec<&Pod> = store
        .list(Kind::Pod, Some(ns))
        .into_iter()
        .filter_map(Object::as_pod)
        .filter(|p| selector.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v)))
        .filter(|p| p.status.pod_ip.is_some())
        .filter(|p| p.status.phase != "Succeeded" && p.status.phase != "Failed")
        .collect();
    let protocol = |sp: &ServicePort| Some(sp.protocol.clone().unwrap_or_else(|| "TCP".into()));
    // Subsets keyed by their port set.
    let mut groups: BTreeMap<PortSet, (Vec<EndpointAddress>, Vec<EndpointAddress>)> = BTreeMap::new();
    let mut order: Vec<PortSet> = Vec::new();
    let mut slice_endpoints = Vec::new();
    let mut slice_ports: Option<Vec<EndpointPort>> = None;
    for pod in &pods {
        let ip = pod.status.pod_ip.clone().unwrap_or_default();
        let ready = pod.is_ready();
        let terminating = pod.metadata.is_deleting();
        let ports: PortSet = svc
            .spec
            .ports
            .iter()
            .filter_map(|sp| resolve_port(pod, sp).map(|n| (sp.name.clone(), n, protocol(sp))))
            .collect();
        if !svc.spec.ports.is_empty() && ports.is_empty() {
            continue;
        }
        slice_endpoints.push(SliceEndpoint {
            addresses: vec![ip.clone()],
            conditions: EndpointConditions { ready: ready && !terminating, serving: ready, terminating },
            node_name: pod.spec.node_name.clone(),
            target_ref: Some(target_ref(pod)),
        });
        if slice_ports.is_none() {
            slice_ports = Some(
                ports
                    .iter()
                    .map(|(name, port, proto)| EndpointPort {
                        name: name.clone(),
                        port: *port,
                        protocol: proto.clone(),
                    })
                    .collect(),
            );
        }
        if terminating {
            continue;
        }
        let addr = EndpointAddress { ip, node_name: pod.spec.node_name.clone(), target_ref: Some(target_ref(pod)) };
        if !groups.contains_key(&ports) {
            order.push(ports.clone());
        }
        let entry = groups.entry(ports).or_default();
        if ready {
            entry.0.push(addr);
        } else {
            entry.1.push(addr);
        }
    }
    let subsets = order
        .into_iter()
        .map(|ports| {
            let (mut addresses, mut not_ready) = groups.remove(&ports).unwrap_or_default();
            crate::sort::by(&mut addresses, |a, b| a.ip.cmp(&b.ip));
            crate::sort::by(&mut not_ready, |a, b| a.ip.cmp(&b.ip));
            EndpointSubset {
                addresses,
                not_ready_addresses: not_ready,
                ports: ports.into_iter().map(|(name, port, protocol)| EndpointPort { name, port, protocol }).collect(),
            }
        })
        .collect();
    // With no pods the slice still lists the Service's ports (numbers resolve, names stay
    // unresolved and are left out).
    let slice_ports = slice_ports.unwrap_or_else(|| {
        svc.spec
            .ports
            .iter()
            .filter_map(|sp| {
                match &sp.target_port {
                    None => Some(sp.port),
                    Some(IntOrString::Int(n)) => Some(*n),
                    Some(IntOrString::Str(_)) => None,
                }
                .map(|n| EndpointPort { name: sp.name.clone(), port: n, protocol: protocol(sp) })
            })
            .collect()
    });
    (subsets, slice_endpoints, slice_ports)
}

fn write_endpoints(api: &mut Api<'_, EndpointsState>, svc: &Service, subsets: Vec<EndpointSubset>) {
    let ns = svc.metadata.ns().to_string();
    let name = svc.metadata.name.clone();
    let mut labels = svc.metadata.labels.clone();
    if ns == "default" && name == "kubernetes" {
        labels.insert("endpointslice.kubernetes.io/skip-mirror".into(), "true".into());
    }
    if let Some(Object::Endpoints(ep)) = api.get(Kind::Endpoints, &ns, &name) {
        if ep.subsets == subsets && ep.metadata.labels == labels {
            return;
        }
    }
    match api.get(Kind::Endpoints, &ns, &name).cloned() {
        Some(Object::Endpoints(mut ep)) => {
            if ep.subsets != subsets || ep.metadata.labels != labels {
                ep.subsets = subsets;
                ep.metadata.labels = labels;
                api.put(Object::Endpoints(ep));
            }
        }
        Some(_) => {}
        None => {
            let ep = Endpoints {
                api_version: "v1".into(),
                kind: "Endpoints".into(),
                metadata: ObjectMeta { name, namespace: Some(ns), labels, ..Default::default() },
                subsets,
            };
            let _ = api.create_internal(Object::Endpoints(ep));
        }
    }
}

/// `<service>-` plus five characters of Kubernetes' name alphabet, derived from the uid.
fn slice_name(svc: &Service) -> String {
    if svc.metadata.ns() == "default" && svc.metadata.name == "kubernetes" {
        return "kubernetes".into();
    }
    let suffix = crate::hash::derived_suffix(&svc.metadata.uid);
    let base: String = format!("{}-", svc.metadata.name).chars().take(58).collect();
    format!("{base}{suffix}")
}

fn write_slice(
    api: &mut Api<'_, EndpointsState>,
    svc: &Service,
    endpoints: Vec<SliceEndpoint>,
    ports: Vec<EndpointPort>,
) {
    let ns = svc.metadata.ns().to_string();
    let kubernetes = ns == "default" && svc.metadata.name == "kubernetes";
    let mut labels = svc.metadata.labels.clone();
    labels.insert(SERVICE_NAME_LABEL.into(), svc.metadata.name.clone());
    let owner_references = if kubernetes {
        vec![]
    } else {
        labels.insert(MANAGED_BY_LABEL.into(), MANAGED_BY.into());
        vec![OwnerReference {
            api_version: "v1".into(),
            kind: "Service".into(),
            name: svc.metadata.name.clone(),
            uid: svc.metadata.uid.clone(),
            controller: Some(true),
            block_owner_deletion: Some(true),
        }]
    };
    let name = slice_name(svc);
    if let Some(Object::EndpointSlice(s)) = api.get(Kind::EndpointSlice, &ns, &name) {
        if s.endpoints == endpoints && s.ports == ports && s.metadata.labels == labels {
            return;
        }
    }
    match api.get(Kind::EndpointSlice, &ns, &name).cloned() {
        Some(Object::EndpointSlice(mut s)) => {
            if s.endpoints != endpoints || s.ports != ports || s.metadata.labels != labels {
                s.endpoints = endpoints;
                s.ports = ports;
                s.metadata.labels = labels;
                api.put(Object::EndpointSlice(s));
            }
        }
        Some(_) => {}
        None => {
            let s = EndpointSlice {
                api_version: "discovery.k8s.io/v1".into(),
                kind: "EndpointSlice".into(),
                metadata: ObjectMeta {
                    name,
                    namespace: Some(ns),
                    labels,
                    owner_references: owner_references.into(),
                    generate_name: (!kubernetes).then(|| format!("{}-", svc.metadata.name)),
                    ..Default::default()
                },
                address_type: "IPv4".into(),
                endpoints,
                ports,
            };
            let _ = api.create_internal(Object::EndpointSlice(s));
        }
    }
}
