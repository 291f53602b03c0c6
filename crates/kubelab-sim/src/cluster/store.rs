//! The store: the API server's side of the cluster. Objects by key, resource versions, uids,
//! the event log, Service address allocation, the clock, and the API server's own random
//! streams (generated names, ids, Service addresses). Controllers reach it only through their
//! `Api` handle; `Cluster` owns it.

use crate::api::*;
use crate::cluster::{ClusterConfig, DeleteOptions, KubeVersion};
use crate::error::ApiError;
use crate::rng::SimRng;
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeSet;

#[path = "index.rs"]
mod index;
use index::Objects;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Store {
    config: ClusterConfig,
    now: SimTime,
    /// Generated name suffixes (`web-7c5ddbdf54-2xvkl`).
    names: SimRng,
    /// uids and container ids.
    ids: SimRng,
    /// Service cluster IPs and node ports.
    network: SimRng,
    /// Serialised as the list of objects; its indexes are rebuilt when deserialised.
    objects: Objects,
    next_resource_version: u64,
    next_uid: u64,
    /// Read back with the involved objects shared as they were recorded ([`shared_subjects`]).
    #[serde(deserialize_with = "shared_subjects")]
    events: Vec<Event>,
    /// Where each (object uid, reason, message, component) was last recorded in `events`, by a
    /// hash of the four ([`event_key`]) and the position, so that aggregating a repeat is a
    /// lookup, not a scan, without a second copy of each event's strings. Rebuilt when empty
    /// (after deserialising).
    #[serde(skip)]
    event_index: BTreeSet<(u64, usize)>,
    /// The oldest `last_timestamp` of `events`, kept as they change so that the clock, which
    /// asks every second when the next one expires, does not scan them all (unknown after
    /// deserialising, until the next step's `expire_events`).
    #[serde(skip)]
    oldest_event: OldestEvent,
    ipam: Ipam,
    /// Image specs registered on top of the built-in table (`Cluster::register_image`): what the
    /// cluster's registry holds, read by the kubelet, the network and the traffic model.
    #[serde(default)]
    images: crate::images::Registered,
    /// The pod watch: pods that got a deletion timestamp or left the store, in order, until the
    /// kubelet takes them.
    pod_changes: Vec<PodChange>,
    /// Set by every store write; lets `settle` see whether a round changed anything.
    #[serde(skip)]
    dirty: bool,
    /// Counts store writes (not serialised): a controller whose output depends on the store
    /// only can skip a pass when nothing was written since its last one.
    #[serde(skip)]
    writes: u64,
    /// Counts events recorded or repeated (not serialised), for the same purpose: a pass that
    /// wrote nothing and recorded no event changed nothing.
    #[serde(skip)]
    event_writes: u64,
    /// The earliest instant at which some controller's decision changes with time alone (a
    /// deadline, a back-off, a resync period, minReadySeconds), as the controllers registered
    /// it with `wake_at` during the last `settle`. `None`: not known (after deserialising, or
    /// before the first settle), so the clock must step. Seconds before it pass with nothing for
    /// the controllers to do (see `Cluster::idle_steps`).
    #[serde(skip)]
    wake: Wake,
    /// The parts the last pod created shares with the pods created after it (not serialised:
    /// it only saves memory).
    #[serde(skip)]
    last_pod: LastPodParts,
    /// What metrics-server serves (its last scrape); see `usage`.
    #[serde(default, skip_serializing_if = "crate::usage::MetricsApi::is_empty")]
    metrics_api: crate::usage::MetricsApi,
}

/// `Store::wake`'s cell: milliseconds, 0 for "not known". Atomic only so that a `Cluster` can be
/// shared read-only between threads (a test fixture); the simulator itself is single-threaded.
#[derive(Debug, Default)]
struct Wake(std::sync::atomic::AtomicU64);

impl Clone for Wake {
    fn clone(&self) -> Wake {
        Wake(std::sync::atomic::AtomicU64::new(self.0.load(std::sync::atomic::Ordering::Relaxed)))
    }
}

/// What the kubelet watches: a pod began terminating, or left the store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum PodChange {
    Terminating(ObjectKey),
    /// By uid.
    Removed(String),
}

/// Service address bookkeeping: cluster IPs and node ports in use.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Ipam {
    service_ips: std::collections::BTreeSet<String>,
    node_ports: std::collections::BTreeSet<i64>,
}

impl Store {
    /// An empty store at time zero; `names`, `ids` and `network` are the API server's streams
    /// of the cluster's seed.
    pub(super) fn new(config: ClusterConfig, names: SimRng, ids: SimRng, network: SimRng) -> Store {
        Store {
            config,
            now: SimTime::ZERO,
            names,
            ids,
            network,
            objects: Objects::default(),
            next_resource_version: 1,
            next_uid: 1,
            events: Vec::new(),
            event_index: Default::default(),
            oldest_event: OldestEvent::Known(None),
            ipam: Ipam::default(),
            images: Default::default(),
            pod_changes: Vec::new(),
            dirty: false,
            writes: 0,
            event_writes: 0,
            wake: Wake::default(),
            last_pod: Default::default(),
            metrics_api: Default::default(),
        }
    }

    /// What the Metrics API serves now (metrics-server's last scrape).
    pub(crate) fn metrics_api(&self) -> &crate::usage::MetricsApi {
        &self.metrics_api
    }

    /// Replaces what the Metrics API serves (metrics-server's scrape).
    pub(crate) fn set_metrics_api(&mut self, m: crate::usage::MetricsApi) {
        self.metrics_api = m;
    }

    /// What the Metrics API serves, to change in place.
    pub(crate) fn metrics_api_mut(&mut self) -> &mut crate::usage::MetricsApi {
        &mut self.metrics_api
    }

    // ----- the clock and the settle loop's bookkeeping (the cluster's only) -----

    pub(super) fn set_now(&mut self, t: SimTime) {
        self.now = t;
    }
    /// Forgets the registered wake-up (at the start of a settle: every controller registers its
    /// deadlines again as it looks at its objects).
    pub(super) fn reset_wake(&self) {
        self.wake.0.store(u64::MAX, std::sync::atomic::Ordering::Relaxed);
    }
    /// The earliest registered wake-up (`None`: unknown).
    pub(super) fn wake(&self) -> Option<SimTime> {
        match self.wake.0.load(std::sync::atomic::Ordering::Relaxed) {
            0 => None,
            t => Some(SimTime(t)),
        }
    }
    /// Clears the changed flag at the start of a settle round.
    pub(super) fn begin_round(&mut self) {
        self.dirty = false;
    }
    /// Whether anything was written since `begin_round`.
    pub(super) fn changed(&self) -> bool {
        self.dirty
    }
    /// The pod watch's news since it was last taken, oldest first.
    pub(super) fn take_pod_changes(&mut self) -> Vec<PodChange> {
        std::mem::take(&mut self.pod_changes)
    }
    pub(super) fn has_pod_changes(&self) -> bool {
        !self.pod_changes.is_empty()
    }

    /// Drops events last seen more than `EVENT_TTL` ago, as the API server does
    /// (`--event-ttl`, one hour by default).
    pub(super) fn expire_events(&mut self, ttl: SimDuration) {
        let now = self.now;
        if self.oldest_event == OldestEvent::Unknown {
            self.oldest_event = OldestEvent::Known(self.scan_oldest_event());
        }
        if self.oldest_event().is_some_and(|t| now.since(t) > ttl) {
            self.retain_events(|e| now.since(e.last_timestamp) <= ttl);
            // Controllers that look at events (to record one only once) see this in the next
            // second's settle.
            self.wake_at(now);
        }
    }

    /// The oldest `last_timestamp` of the event log.
    pub(super) fn oldest_event(&self) -> Option<SimTime> {
        match self.oldest_event {
            OldestEvent::Known(t) => t,
            OldestEvent::Unknown => self.scan_oldest_event(),
        }
    }

    fn scan_oldest_event(&self) -> Option<SimTime> {
        self.events.iter().map(|e| e.last_timestamp).min()
    }

    /// A controller's "requeue after": its decisions change with time alone at `t` (a deadline
    /// passes, a back-off ends, a resync is due), though nothing is written before. The cluster
    /// steps through that instant instead of skipping it. An instant at or before now means "the
    /// next second".
    pub(crate) fn wake_at(&self, t: SimTime) {
        // 0 ("not known") stays 0.
        self.wake.0.fetch_min(t.as_millis().max(1), std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether `pod` is available with `min_ready_seconds` now (`Pod::is_available`), registering
    /// the instant a ready pod becomes available as a wake-up.
    pub(crate) fn pod_available(&self, pod: &Pod, min_ready_seconds: i64) -> bool {
        let now = self.now;
        let available = pod.is_available(min_ready_seconds, now);
        if !available && min_ready_seconds > 0 && pod.is_ready() {
            if let Some(since) = pod.status.condition("Ready").and_then(|c| c.last_transition_time) {
                self.wake_at(SimTime(
                    since.as_millis().saturating_add((min_ready_seconds as u64).saturating_mul(1000)).saturating_add(1),
                ));
            }
        }
        available
    }

    // ----- reading -----

    pub(crate) fn config(&self) -> &ClusterConfig {
        &self.config
    }
    /// Registers an image; a write, since what the pods running it do may change.
    pub(crate) fn register_image(&mut self, spec: crate::images::ImageSpec) -> Result<(), String> {
        self.writes += 1;
        self.images.register(spec)
    }
    pub(crate) fn registered_images(&self) -> impl Iterator<Item = &crate::images::ImageSpec> {
        self.images.specs()
    }
    /// Looks an image reference up: the registered specs, then the built-in table.
    pub(crate) fn image(&self, image: &str) -> crate::images::ImageInfo {
        crate::images::lookup(&self.images, image)
    }
    pub(crate) fn version(&self) -> KubeVersion {
        self.config.version
    }
    pub(crate) fn now(&self) -> SimTime {
        self.now
    }
    /// Unix seconds of a simulated instant (for printing dates).
    pub(crate) fn unix_secs(&self, t: SimTime) -> i64 {
        self.config.epoch_unix_secs + (t.as_millis() / 1000) as i64
    }

    pub(crate) fn get(&self, kind: Kind, namespace: &str, name: &str) -> Option<&Object> {
        self.objects.get(&ObjectKey::new(kind, namespace, name))
    }

    /// All objects of a kind, in one namespace or (`None`) in all, in key order.
    pub(crate) fn list(&self, kind: Kind, namespace: Option<&str>) -> Vec<&Object> {
        let ns = namespace.map(|n| if kind.namespaced() { n } else { "" });
        let start = ObjectKey { kind, namespace: ns.unwrap_or("").to_string(), name: String::new() };
        self.objects
            .range(start)
            .take_while(|(k, _)| k.kind == kind && ns.is_none_or(|n| k.namespace == n))
            .map(|(_, o)| o)
            .collect()
    }

    pub(crate) fn objects(&self) -> impl Iterator<Item = &Object> {
        self.objects.values()
    }

    /// All pods in key order (the same as `list(Kind::Pod, None)`, without collecting them).
    pub(crate) fn pods(&self) -> impl Iterator<Item = &Pod> {
        let start = ObjectKey { kind: Kind::Pod, namespace: String::new(), name: String::new() };
        self.objects.range(start).take_while(|(k, _)| k.kind == Kind::Pod).filter_map(|(_, o)| o.as_pod())
    }

    /// Pods bound to `node`, in key order (an index: no scan; for the kubelet's per-node loops).
    #[allow(dead_code)]
    pub(crate) fn pods_on_node<'a>(&'a self, node: &str) -> impl Iterator<Item = &'a Pod> + 'a {
        self.objects.pods_on_node(node)
    }

    /// Pods bound to a node, in key order (an index: no scan).
    pub(crate) fn bound_pods(&self) -> impl Iterator<Item = &Pod> {
        self.objects.bound_pods()
    }

    /// Bound pods that are being deleted or have not started, in key order (an index: what the
    /// kubelet's sync looks for).
    pub(crate) fn kubelet_work(&self) -> impl Iterator<Item = &Pod> {
        self.objects.kubelet_work()
    }

    /// Pods with a container that has a command or arguments, in key order (an index).
    pub(crate) fn pods_with_commands(&self) -> impl Iterator<Item = &Pod> {
        self.objects.pods_with_commands()
    }

    /// The wrapping sum of `hash::fnv64(uid) | 1` over the bound pods that are not `Succeeded`
    /// or `Failed` (kept as pods are written).
    pub(crate) fn bound_digest(&self) -> u64 {
        self.objects.bound_digest()
    }

    /// Pods not bound to a node, in key order (an index: no scan).
    /// Pods the scheduler has to place (no node, not being deleted), tried before or not.
    pub(crate) fn unscheduled_pods(&self, tried: bool) -> impl Iterator<Item = &Pod> {
        self.objects.unscheduled_pods(tried)
    }
    pub(crate) fn unscheduled_count(&self, tried: bool) -> usize {
        self.objects.unscheduled_count(tried)
    }

    /// Objects of any kind with a controller owner reference to `uid`, in key order (an index:
    /// no scan).
    pub(crate) fn controlled_by<'a>(&'a self, uid: &str) -> impl Iterator<Item = &'a Object> + 'a {
        self.objects.controlled_by(uid)
    }

    /// Pods with a controller owner reference to `uid` in `namespace`, in key order.
    pub(crate) fn pods_controlled_by<'a>(
        &'a self,
        namespace: &'a str,
        uid: &'a str,
    ) -> impl Iterator<Item = &'a Pod> + 'a {
        self.controlled_by(uid)
            .filter_map(Object::as_pod)
            .filter(move |p| p.metadata.ns() == namespace && p.metadata.controller_ref().is_some_and(|r| r.uid == uid))
    }

    /// Pods in `namespace` with no controller owner reference, in key order.
    pub(crate) fn pods_without_controller<'a>(&'a self, namespace: &'a str) -> impl Iterator<Item = &'a Pod> + 'a {
        self.objects.pods_without_controller().filter(move |p| p.metadata.ns() == namespace)
    }

    /// Pods with a volume from a PersistentVolumeClaim, in key order.
    pub(crate) fn pods_with_claims(&self) -> impl Iterator<Item = &Pod> {
        self.objects.pods_with_claims()
    }

    /// The uids some object names as its controller, each with the keys of those objects.
    pub(crate) fn controller_uids(&self) -> impl Iterator<Item = (&str, &std::collections::BTreeSet<ObjectKey>)> {
        self.objects.controllers()
    }

    /// Changes whenever an object controlled by `uid` is written or removed (see
    /// `Objects::controlled_version`).
    pub(crate) fn controlled_tally(&self, uid: &str) -> &[index::PodTally] {
        self.objects.tally(uid)
    }

    pub(crate) fn controlled_version(&self, uid: &str) -> u64 {
        self.objects.controlled_version(uid)
    }

    /// Changes whenever a pod without a controller is written or removed (see
    /// `Objects::orphan_pods_version`).
    pub(crate) fn orphan_pods_version(&self) -> u64 {
        self.objects.orphan_pods_version()
    }

    /// Whether some object has this uid.
    pub(crate) fn has_uid(&self, uid: &str) -> bool {
        self.objects.has_uid(uid)
    }

    pub(crate) fn events(&self) -> &[Event] {
        &self.events
    }

    /// Store writes so far (not serialised): equal counts mean nothing was written in between.
    pub(crate) fn writes(&self) -> u64 {
        self.writes
    }

    /// How many events were recorded or repeated since this store was made or deserialised.
    pub(crate) fn event_writes(&self) -> u64 {
        self.event_writes
    }

    /// A random container id (64 hex digits) from the ids stream, which also makes uids.
    pub(crate) fn new_container_id_hex(&mut self) -> String {
        self.ids.hex(64)
    }

    // ----- writing (controllers, through their `Api`; nothing here settles) -----

    pub(crate) fn get_by_key(&self, key: &ObjectKey) -> Option<&Object> {
        self.objects.get(key)
    }

    fn next_rv(&mut self) -> u64 {
        let rv = self.next_resource_version;
        self.next_resource_version += 1;
        rv
    }

    pub(crate) fn new_uid(&mut self) -> String {
        // Deterministic, uid-shaped: 8-4-4-4-12 hex digits.
        let h = self.ids.hex(32);
        self.next_uid += 1;
        format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
    }

    pub(crate) fn create_internal(&mut self, obj: Object) -> Result<Object, ApiError> {
        self.create_with_uid(obj, None)
    }

    /// Creates as `create_internal` does, with `uid` given instead of drawn (bootstrap objects
    /// added later than the others, so that no drawn id moves).
    pub(crate) fn create_with_uid(&mut self, mut obj: Object, uid: Option<String>) -> Result<Object, ApiError> {
        let kind = obj.kind();
        if kind.namespaced() {
            let ns = obj.meta().namespace.clone().unwrap_or_else(|| "default".to_string());
            obj.meta_mut().namespace = Some(ns);
        } else {
            obj.meta_mut().namespace = None;
        }
        // Admission sees the name before the registry generates one (`web-7c5ddbdf54-`).
        let admitted_name = match &obj.meta().generate_name {
            Some(prefix) if obj.meta().name.is_empty() => prefix.clone(),
            _ => obj.meta().name.clone(),
        };
        if obj.meta().name.is_empty() {
            if let Some(prefix) = obj.meta().generate_name.clone() {
                let base: String = prefix.chars().take(58).collect();
                let name = format!("{base}{}", self.names.name_suffix(5));
                obj.meta_mut().name = name;
            }
        }
        crate::validation::default_object(&mut obj, self.config.version);
        crate::validation::validate(&obj)?;
        if let Object::Pod(p) = &mut obj {
            self.last_pod.share(p);
        }
        let key = obj.key();
        if kind.namespaced() {
            let ns = key.namespace.clone();
            match self.get(Kind::Namespace, "", &ns) {
                None => return Err(ApiError::NamespaceNotFound { namespace: ns }),
                Some(n) if n.meta().is_deleting() => {
                    return Err(ApiError::Forbidden {
                        message: format!(
                            "{} \"{}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                            kind.plural(),
                            key.name
                        ),
                    })
                }
                _ => {}
            }
        }
        if let Object::Pod(p) = &obj {
            crate::controllers::serviceaccount::admit(self, p, &admitted_name)?;
        }
        if self.objects.contains_key(&key) {
            return Err(ApiError::AlreadyExists { kind, name: key.name });
        }
        // A refused create must not draw from the RNG (the uid below) or change anything.
        self.check_allocation(&obj)?;
        let uid = uid.unwrap_or_else(|| self.new_uid());
        let rv = self.next_rv();
        let now = self.now;
        {
            let m = obj.meta_mut();
            m.uid = uid;
            m.resource_version = rv;
            m.creation_timestamp = now;
            m.deletion_timestamp = None;
            if matches!(
                kind,
                Kind::Deployment
                    | Kind::ReplicaSet
                    | Kind::ReplicationController
                    | Kind::HorizontalPodAutoscaler
                    | Kind::DaemonSet
                    | Kind::StatefulSet
                    | Kind::Job
                    | Kind::CronJob
                    | Kind::PodDisruptionBudget
                    | Kind::Rollout
            ) {
                m.generation = 1;
            }
        }
        if let Object::Job(job) = &mut obj {
            crate::api::job::generate_selector(job, self.config.version.minor);
        }
        self.allocate(&mut obj)?;
        self.objects.insert(key, obj.clone());
        self.dirty = true;
        self.writes += 1;
        Ok(obj)
    }

    /// The allocation errors `allocate` would return, without allocating anything.
    fn check_allocation(&self, obj: &Object) -> Result<(), ApiError> {
        let Object::Service(svc) = obj else { return Ok(()) };
        if svc.spec.type_.as_deref() == Some("ExternalName") {
            return Ok(());
        }
        match svc.spec.cluster_ip.as_deref() {
            Some(ip) if !ip.is_empty() && ip != "None" && self.ipam.service_ips.contains(ip) => Err(ApiError::Invalid {
                kind: Kind::Service,
                name: svc.metadata.name.clone(),
                causes: vec![format!("spec.clusterIPs: Invalid value: []string{{\"{ip}\"}}: failed to allocate IP {ip}: provided IP is already allocated")],
            }),
            _ => Ok(()),
        }
    }

    /// Assigns cluster IPs and node ports to services.
    fn allocate(&mut self, obj: &mut Object) -> Result<(), ApiError> {
        let Object::Service(svc) = obj else { return Ok(()) };
        let ty = svc.spec.type_.clone().unwrap_or_else(|| "ClusterIP".into());
        if ty != "ExternalName" {
            match svc.spec.cluster_ip.as_deref() {
                Some("None") => svc.spec.cluster_ips = vec!["None".into()],
                Some(ip) if !ip.is_empty() => {
                    if self.ipam.service_ips.contains(ip) {
                        return Err(ApiError::Invalid {
                            kind: Kind::Service,
                            name: svc.metadata.name.clone(),
                            causes: vec![format!("spec.clusterIPs: Invalid value: []string{{\"{ip}\"}}: failed to allocate IP {ip}: provided IP is already allocated")],
                        });
                    }
                    self.ipam.service_ips.insert(ip.to_string());
                    svc.spec.cluster_ips = vec![ip.to_string()];
                }
                _ => {
                    let ip = loop {
                        // 10.96.0.0/12, avoiding .0 and the first address (the kubernetes service).
                        let offset = self.network.range(2, (1 << 20) - 2) as u32;
                        let ip = format!("10.{}.{}.{}", 96 + (offset >> 16), (offset >> 8) & 0xff, offset & 0xff);
                        if !self.ipam.service_ips.contains(&ip) && !ip.ends_with(".0") && !ip.ends_with(".255") {
                            break ip;
                        }
                    };
                    self.ipam.service_ips.insert(ip.clone());
                    svc.spec.cluster_ip = Some(ip.clone());
                    svc.spec.cluster_ips = vec![ip];
                }
            }
        }
        if ty == "NodePort" || ty == "LoadBalancer" {
            for port in &mut svc.spec.ports {
                if port.node_port.is_none() {
                    let np = loop {
                        let p = self.network.range(30000, 32767) as i64;
                        if !self.ipam.node_ports.contains(&p) {
                            break p;
                        }
                    };
                    self.ipam.node_ports.insert(np);
                    port.node_port = Some(np);
                } else if let Some(np) = port.node_port {
                    self.ipam.node_ports.insert(np);
                }
            }
        }
        Ok(())
    }

    fn release(&mut self, obj: &Object) {
        if let Object::Service(svc) = obj {
            if let Some(ip) = &svc.spec.cluster_ip {
                self.ipam.service_ips.remove(ip);
            }
            for p in &svc.spec.ports {
                if let Some(np) = p.node_port {
                    self.ipam.node_ports.remove(&np);
                }
            }
        }
    }

    pub(crate) fn update_internal(&mut self, mut obj: Object) -> Result<Object, ApiError> {
        let key = obj.key();
        let Some(existing) = self.objects.get(&key).cloned() else {
            return Err(ApiError::NotFound { kind: key.kind, name: key.name });
        };
        crate::validation::default_object(&mut obj, self.config.version);
        // Server-set metadata stays.
        {
            let old = existing.meta();
            let m = obj.meta_mut();
            m.uid = old.uid.clone();
            m.creation_timestamp = old.creation_timestamp;
            m.deletion_timestamp = old.deletion_timestamp;
            m.deletion_grace_period_seconds = old.deletion_grace_period_seconds;
            m.generation = old.generation;
            if m.owner_references.is_empty() {
                m.owner_references = old.owner_references.clone();
            }
        }
        crate::validation::validate_update(&existing, &obj)?;
        // Status is not changed by spec updates, and allocated addresses stay.
        let spec_changed = copy_status_and_compare_spec(&existing, &mut obj);
        if let (Object::Service(new), Object::Service(old)) = (&mut obj, &existing) {
            new.spec.cluster_ip = old.spec.cluster_ip.clone();
            new.spec.cluster_ips = old.spec.cluster_ips.clone();
            let old_type = old.spec.type_.clone();
            for (i, p) in new.spec.ports.iter_mut().enumerate() {
                if p.node_port.is_none() {
                    p.node_port = old.spec.ports.get(i).and_then(|o| o.node_port);
                }
            }
            if new.spec.type_ != old_type {
                // The service keeps its own cluster IP: it is not a conflict with itself.
                if let Some(ip) = &old.spec.cluster_ip {
                    self.ipam.service_ips.remove(ip);
                }
                let mut tmp = Object::Service(new.clone());
                self.allocate(&mut tmp)?;
                if let Object::Service(s) = tmp {
                    *new = s;
                }
            }
        }
        if spec_changed {
            obj.meta_mut().generation += 1;
        }
        if existing == obj {
            return Ok(existing);
        }
        obj.meta_mut().resource_version = self.next_rv();
        self.objects.insert(key, obj.clone());
        self.dirty = true;
        self.writes += 1;
        Ok(obj)
    }

    /// Stores an addon's object with the uid and creation time the caller gave it, drawing
    /// nothing from the random streams (its resource version is the next one, as for any
    /// write): for objects added to the bootstrapped cluster after its first release (the
    /// default StorageClass), so that every other uid stays as it was.
    pub(crate) fn insert_preexisting(&mut self, mut obj: Object) {
        obj.meta_mut().resource_version = self.next_rv();
        self.objects.insert(obj.key(), obj);
    }

    /// Writes an object as is (controllers' status and spec writes). Skips identical writes.
    pub(crate) fn put(&mut self, mut obj: Object) {
        let key = obj.key();
        if let Some(existing) = self.objects.get(&key) {
            // Compared in place: only the resource version may differ for a no-op write.
            obj.meta_mut().resource_version = existing.meta().resource_version;
            if &obj == existing {
                return;
            }
        }
        obj.meta_mut().resource_version = self.next_rv();
        self.objects.insert(key, obj);
        self.dirty = true;
        self.writes += 1;
    }

    /// `put` of the stored pod at `key` with `status` as its status, without a copy of the rest
    /// of the pod. Skips an identical write, as `put` does.
    pub(crate) fn put_pod_status(&mut self, key: &ObjectKey, status: PodStatus) {
        match self.objects.get(key) {
            Some(Object::Pod(p)) if p.status != status => {}
            _ => return,
        }
        let rv = self.next_rv();
        self.objects.set_pod_status(key, status, rv);
        self.dirty = true;
        self.writes += 1;
    }

    pub(crate) fn delete_internal(&mut self, key: &ObjectKey, opts: DeleteOptions) -> Result<Object, ApiError> {
        let Some(obj) = self.objects.get(key).cloned() else {
            return Err(ApiError::NotFound { kind: key.kind, name: key.name.clone() });
        };
        match key.kind {
            Kind::Pod => {
                if obj.meta().is_deleting() && opts.grace_period_seconds.is_none() {
                    return Ok(obj);
                }
                let Object::Pod(mut pod) = obj else {
                    return Err(ApiError::NotFound { kind: key.kind, name: key.name.clone() });
                };
                let grace =
                    opts.grace_period_seconds.or(pod.spec.termination_grace_period_seconds).unwrap_or(30).max(0);
                // An unscheduled pod, or one deleted with --grace-period=0, goes at once.
                if pod.spec.node_name.is_none()
                    || grace == 0
                    || pod.status.phase == "Succeeded"
                    || pod.status.phase == "Failed"
                {
                    self.remove(key);
                    return Ok(Object::Pod(pod));
                }
                pod.metadata.deletion_timestamp = Some(self.now + SimDuration::from_secs(grace as u64));
                pod.metadata.deletion_grace_period_seconds = Some(grace);
                let res = Object::Pod(pod.clone());
                self.put(Object::Pod(pod));
                // The kubelet on the pod's node learns of it from the watch (`take_pod_changes`).
                self.pod_changes.push(PodChange::Terminating(key.clone()));
                Ok(res)
            }
            Kind::Namespace => {
                if matches!(key.name.as_str(), "default" | "kube-system" | "kube-public" | "kube-node-lease") {
                    return Err(ApiError::Forbidden {
                        message: format!("namespaces \"{}\" is forbidden: this namespace may not be deleted", key.name),
                    });
                }
                let Object::Namespace(mut ns) = obj else {
                    return Err(ApiError::NotFound { kind: key.kind, name: key.name.clone() });
                };
                if ns.metadata.deletion_timestamp.is_none() {
                    ns.metadata.deletion_timestamp = Some(self.now);
                    ns.metadata.deletion_grace_period_seconds = Some(0);
                    ns.status.phase = "Terminating".into();
                    let res = Object::Namespace(ns.clone());
                    self.put(Object::Namespace(ns));
                    return Ok(res);
                }
                Ok(Object::Namespace(ns))
            }
            // An object with finalizers (a claim in use) only gets its deletion timestamp; the
            // controller that owns the finalizer removes it, and then the object.
            _ if obj.meta().extra.get("finalizers").and_then(|f| f.as_array()).is_some_and(|f| !f.is_empty()) => {
                let mut obj = obj;
                if obj.meta().deletion_timestamp.is_none() {
                    obj.meta_mut().deletion_timestamp = Some(self.now);
                    obj.meta_mut().deletion_grace_period_seconds = Some(0);
                    self.put(obj.clone());
                }
                Ok(obj)
            }
            _ => {
                self.remove(key);
                Ok(obj)
            }
        }
    }

    /// Removes an object from the store for good.
    pub(crate) fn remove(&mut self, key: &ObjectKey) -> Option<Object> {
        let obj = self.objects.remove(key)?;
        self.release(&obj);
        if key.kind == Kind::Pod {
            self.pod_changes.push(PodChange::Removed(obj.meta().uid.clone()));
        }
        self.dirty = true;
        self.writes += 1;
        Some(obj)
    }

    /// Records an event, aggregating repeats of the same reason and message on the same object.
    pub(crate) fn record_event(
        &mut self,
        obj: &Object,
        type_: &'static str,
        reason: impl Into<Cow<'static, str>>,
        message: String,
        component: impl Into<Cow<'static, str>>,
    ) {
        self.record_event_at(obj, type_, reason, message, component, None)
    }

    pub(crate) fn record_event_at(
        &mut self,
        obj: &Object,
        type_: &'static str,
        reason: impl Into<Cow<'static, str>>,
        message: String,
        component: impl Into<Cow<'static, str>>,
        field_path: Option<String>,
    ) {
        let component = component.into();
        let meta = obj.meta();
        let host = match obj {
            Object::Pod(p) if component == "kubelet" => p.spec.node_name.as_deref(),
            _ => None,
        };
        let subject = EventSubject { kind: obj.kind(), namespace: meta.ns(), name: &meta.name, uid: &meta.uid, host };
        self.record_event_about(&subject, type_, reason.into(), message, component, field_path)
    }

    /// `record_event_at` about the stored object at `key` (nothing when there is none), without
    /// a copy of it.
    pub(crate) fn record_event_for_key(
        &mut self,
        key: &ObjectKey,
        type_: &'static str,
        reason: &'static str,
        message: String,
        component: &'static str,
        field_path: Option<String>,
    ) {
        let (reason, component) = (Cow::Borrowed(reason), Cow::Borrowed(component));
        let Some(obj) = self.objects.get(key) else { return };
        let meta = obj.meta();
        let host = match obj {
            Object::Pod(p) if component == "kubelet" => p.spec.node_name.clone(),
            _ => None,
        };
        let (namespace, name, uid) = (meta.ns().to_string(), meta.name.clone(), meta.uid.clone());
        let subject =
            EventSubject { kind: obj.kind(), namespace: &namespace, name: &name, uid: &uid, host: host.as_deref() };
        self.record_event_about(&subject, type_, reason, message, component, field_path)
    }

    fn record_event_about(
        &mut self,
        subject: &EventSubject<'_>,
        type_: &'static str,
        reason: Cow<'static, str>,
        message: String,
        component: Cow<'static, str>,
        field_path: Option<String>,
    ) {
        let meta = subject;
        let now = self.now;
        self.event_writes += 1;
        if self.event_index.is_empty() && !self.events.is_empty() {
            self.rebuild_event_index();
        }
        let hash = event_key(meta.uid, &reason, &message, &component);
        let same = self.event_index.range((hash, 0)..=(hash, usize::MAX)).map(|(_, i)| *i).find(|i| {
            self.events.get(*i).is_some_and(|e| {
                e.involved_object.uid == meta.uid
                    && e.reason == reason
                    && e.message == message
                    && e.source.component == component
            })
        });
        if let Some(e) = same.and_then(|i| self.events.get_mut(i)) {
            e.count += 1;
            let was = std::mem::replace(&mut e.last_timestamp, now);
            if self.oldest_event == OldestEvent::Known(Some(was)) {
                // The oldest (or one of them) was seen again: look for the oldest anew.
                self.oldest_event = OldestEvent::Known(self.scan_oldest_event());
            }
            return;
        }
        let host = meta.host.map(str::to_string);
        let mut message = message;
        message.shrink_to_fit();
        let suffix =
            format!("{:x}", 0x17a0_0000_0000_0000u64 + self.events.len() as u64 * 0x1_0000_0000 + now.as_millis());
        let event = Event {
            metadata: EventMeta {
                name: {
                    let mut name = format!("{}.{}", meta.name, suffix);
                    name.shrink_to_fit();
                    name
                },
                namespace: Some(crate::api::meta::word_of(if meta.namespace.is_empty() {
                    "default"
                } else {
                    meta.namespace
                })),
                creation_timestamp: now,
            },
            involved_object: self.subject(meta, field_path),
            reason,
            message,
            source: EventSource { component, host },
            first_timestamp: now,
            last_timestamp: now,
            count: 1,
            type_: type_.into(),
        };
        self.event_index.insert((hash, self.events.len()));
        self.events.push(event);
        if self.oldest_event == OldestEvent::Known(None) {
            // The clock never goes back: a new event is the oldest only when it is the only one.
            self.oldest_event = OldestEvent::Known(Some(now));
        }
    }

    /// The object an event is about: the previous event's copy when that one is about the same
    /// object and field (see [`Event::involved_object`]).
    fn subject(&mut self, meta: &EventSubject<'_>, field_path: Option<String>) -> Shared<ObjectReference> {
        let kind = meta.kind.name();
        if let Some(last) = self.events.last().map(|e| &e.involved_object) {
            if last.uid == meta.uid
                && last.name == meta.name
                && last.kind == kind
                && last.namespace == meta.namespace
                && last.field_path == field_path
            {
                return last.clone();
            }
        }
        Shared::from(ObjectReference {
            kind: kind.into(),
            namespace: crate::api::meta::word_of(meta.namespace),
            name: meta.name.to_string(),
            uid: meta.uid.to_string(),
            field_path,
        })
    }

    fn rebuild_event_index(&mut self) {
        self.event_index = self
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| (event_key(&e.involved_object.uid, &e.reason, &e.message, &e.source.component), i))
            .collect();
    }

    /// Removes events matching `drop` (namespace deletion) and keeps the index right.
    pub(crate) fn retain_events(&mut self, keep: impl FnMut(&Event) -> bool) {
        self.events.retain(keep);
        self.event_index.clear();
        self.rebuild_event_index();
        self.oldest_event = OldestEvent::Known(self.scan_oldest_event());
    }
}

/// What the store knows of its oldest event's `last_timestamp`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum OldestEvent {
    /// Read back from JSON: found by a scan until the next step.
    #[default]
    Unknown,
    /// This (`None`: no event).
    Known(Option<SimTime>),
}

/// Events read back from JSON, with each event's involved object shared with the event before
/// it when the two are equal, as `Store::subject` shares them when it records them.
fn shared_subjects<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Event>, D::Error> {
    let mut events: Vec<Event> = Vec::deserialize(d)?;
    for i in 1..events.len() {
        if events[i].involved_object == events[i - 1].involved_object {
            let shared = events[i - 1].involved_object.clone();
            events[i].involved_object = shared;
        }
    }
    Ok(events)
}

/// The event index's hash of what makes two events one (FNV-64a over the four fields, each
/// ended by a byte no string has, so that ("ab", "c") and ("a", "bc") differ).
fn event_key(uid: &str, reason: &str, message: &str, component: &str) -> u64 {
    let mut h = crate::hash::Fnv64::new();
    for field in [uid, reason, message, component] {
        h.write_field(field);
    }
    h.value()
}

/// What an event says of the object it is about: kind, namespace, name, uid, and the node of a
/// pod when the kubelet reports.
struct EventSubject<'a> {
    kind: Kind,
    namespace: &'a str,
    name: &'a str,
    uid: &'a str,
    host: Option<&'a str>,
}

/// Copies the stored status into `new` (users do not write status) and reports whether the spec
/// differs.
fn copy_status_and_compare_spec(old: &Object, new: &mut Object) -> bool {
    macro_rules! same {
        ($o:expr, $n:expr) => {{
            $n.status = $o.status.clone();
            $o.spec != $n.spec
        }};
    }
    match (old, new) {
        (Object::Pod(o), Object::Pod(n)) => same!(o, n),
        (Object::Deployment(o), Object::Deployment(n)) => same!(o, n),
        (Object::ReplicaSet(o), Object::ReplicaSet(n)) => same!(o, n),
        (Object::ReplicationController(o), Object::ReplicationController(n)) => same!(o, n),
        (Object::Service(o), Object::Service(n)) => same!(o, n),
        (Object::HorizontalPodAutoscaler(o), Object::HorizontalPodAutoscaler(n)) => same!(o, n),
        (Object::Namespace(o), Object::Namespace(n)) => {
            n.status = o.status.clone();
            false
        }
        (Object::Node(o), Object::Node(n)) => same!(o, n),
        (Object::DaemonSet(o), Object::DaemonSet(n)) => {
            carry_template_generation(o, n);
            same!(o, n)
        }
        (Object::StatefulSet(o), Object::StatefulSet(n)) => same!(o, n),
        (Object::Job(o), Object::Job(n)) => {
            crate::api::job::keep_generated_selector(o, n);
            same!(o, n)
        }
        (Object::CronJob(o), Object::CronJob(n)) => same!(o, n),
        // Argo Rollouts' kinds have a status subresource: a spec write keeps the status.
        (Object::Opaque(k @ (Kind::Rollout | Kind::AnalysisRun), o), Object::Opaque(_, n)) => {
            match o.rest.get("status") {
                Some(st) => n.rest.insert("status".into(), st.clone()),
                None => n.rest.remove("status"),
            };
            *k == Kind::Rollout && o.rest.get("spec") != n.rest.get("spec")
        }
        _ => false,
    }
}
