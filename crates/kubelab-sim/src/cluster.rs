//! `Cluster`: the world. It owns the store (the simulated API server), the clock, the RNG, the
//! event log and the controllers' private state, and it is the only public way to change
//! anything.
//!
//! # Time and order
//! User writes (`create`, `update`, `delete`, ...) are applied at the current instant and then
//! the controllers run to quiescence without time passing (`settle`), as a real control plane
//! reacts within milliseconds. `step` advances the clock by one second and then:
//! 1. the kubelet fires due timers (pulls finish, containers start or exit, probes run,
//!    terminating pods finish);
//! 2. the controllers run in a fixed order until nothing changes (at most `MAX_ROUNDS`):
//!    garbage collector and namespace controller, deployment, replicaset, replicationcontroller,
//!    HPA, scheduler, kubelet (start newly bound pods), API-server housekeeping (the
//!    `kubernetes` Service), endpoints (Endpoints and EndpointSlices, after the kubelet so that
//!    they see the readiness and IPs it has just written);
//! 3. every traffic client sends its requests for the second that ended (`traffic::tick`:
//!    kube-proxy's choice among the endpoints as they now are, counters, a sample to draw);
//! 4. the ReplicaSet sizes are sampled into `metrics` (time series for charts).
//!
//! Everything iterates in key order (`BTreeMap`) and every random choice draws from the one
//! seeded random streams (`rng::Streams`: one per subsystem, all from the one seed), so the same
//! seed and the same calls give the same cluster, byte for byte.

use crate::api::*;
use crate::error::ApiError;
use crate::rng::Streams;
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Controllers stop after this many rounds in one instant (a safety net against ping-pong).
pub const MAX_ROUNDS: u32 = 200;

/// How long an event is kept after it was last seen (the API server's `--event-ttl`).
pub const EVENT_TTL: SimDuration = SimDuration::from_secs(3600);

/// The Kubernetes release the cluster behaves like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KubeVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl KubeVersion {
    pub fn git_version(&self) -> String {
        format!("v{}.{}.{}", self.major, self.minor, self.patch)
    }
    pub fn at_least(&self, minor: u32) -> bool {
        self.minor >= minor
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterConfig {
    pub seed: u64,
    pub version: KubeVersion,
    /// Unix time (seconds) of `SimTime` zero, the moment the cluster was bootstrapped.
    pub epoch_unix_secs: i64,
    /// How long the cluster has been running when the session starts.
    pub uptime_at_start: SimDuration,
    /// Worker nodes (besides the control-plane node).
    pub workers: u32,
    pub worker_cpu: String,
    pub worker_memory: String,
}

impl ClusterConfig {
    /// A current cluster: Kubernetes v1.33, one control-plane node and two workers.
    pub fn current(seed: u64) -> ClusterConfig {
        ClusterConfig {
            seed,
            version: KubeVersion { major: 1, minor: 33, patch: 4 },
            // 2026-03-02T08:00:00Z
            epoch_unix_secs: 1_772_438_400,
            uptime_at_start: SimDuration::from_secs(2 * 86400 + 3 * 3600 + 17 * 60),
            workers: 2,
            worker_cpu: "2".into(),
            worker_memory: "4015740Ki".into(),
        }
    }
    /// The course era: Kubernetes v1.11, as the chapter's 2018 transcripts show it.
    /// Same topology and uptime as `current`.
    pub fn course(seed: u64) -> ClusterConfig {
        ClusterConfig {
            version: KubeVersion { major: 1, minor: 11, patch: 10 },
            // 2018-07-16T09:00:00Z
            epoch_unix_secs: 1_531_731_600,
            ..ClusterConfig::current(seed)
        }
    }
}

/// The simulated cluster.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Cluster {
    pub(crate) config: ClusterConfig,
    pub(crate) now: SimTime,
    pub(crate) rng: Streams,
    #[serde(with = "store_as_vec")]
    pub(crate) store: BTreeMap<ObjectKey, Object>,
    pub(crate) next_resource_version: u64,
    pub(crate) next_uid: u64,
    pub(crate) events: Vec<Event>,
    /// Where each (object uid, reason, message, component) was last recorded in `events`, so
    /// aggregating a repeat is a lookup, not a scan. Rebuilt when empty (after deserialising).
    #[serde(skip)]
    pub(crate) event_index: BTreeMap<(String, String, String, String), usize>,
    pub(crate) kubelet: crate::kubelet::KubeletState,
    pub(crate) hpa: crate::controllers::hpa::HpaState,
    pub(crate) scheduler: crate::scheduler::SchedulerState,
    pub(crate) ipam: Ipam,
    pub(crate) metrics: crate::metrics::Metrics,
    /// Access logs of served requests (see `network`).
    #[serde(default)]
    pub(crate) traffic: crate::traffic::TrafficState,
    /// Image specs registered on top of the built-in table (`register_image`).
    #[serde(default)]
    pub(crate) images: crate::images::Registered,
    /// Set by every store write; lets `settle` see whether a round changed anything.
    #[serde(skip)]
    pub(crate) dirty: bool,
    /// Counts store writes (not serialised): a controller whose output depends on the store
    /// only can skip a pass when nothing was written since its last one.
    #[serde(skip)]
    pub(crate) writes: u64,
    /// `writes` as the endpoints controller last left the store.
    #[serde(skip)]
    pub(crate) endpoints_seen: Option<u64>,
}

/// IP and port bookkeeping: pod IPs per node, service cluster IPs, node ports.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Ipam {
    pub(crate) next_pod_ip: BTreeMap<String, u32>,
    pub(crate) service_ips: std::collections::BTreeSet<String>,
    pub(crate) node_ports: std::collections::BTreeSet<i64>,
}

mod store_as_vec {
    use super::*;
    use serde::{Deserializer, Serializer};
    pub fn serialize<S: Serializer>(map: &BTreeMap<ObjectKey, Object>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(map.values())
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<ObjectKey, Object>, D::Error> {
        let objects: Vec<Object> = Vec::deserialize(d)?;
        Ok(objects.into_iter().map(|o| (o.key(), o)).collect())
    }
}

/// How `delete` treats dependents and grace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeleteOptions {
    /// Grace period for pods in seconds (`None`: the pod's own, 30 by default).
    pub grace_period_seconds: Option<i64>,
}

impl Default for DeleteOptions {
    fn default() -> Self {
        DeleteOptions { grace_period_seconds: None }
    }
}

impl Cluster {
    /// A freshly bootstrapped cluster, already running for `config.uptime_at_start`.
    pub fn new(config: ClusterConfig) -> Cluster {
        let mut cluster = Cluster {
            rng: Streams::new(config.seed),
            config,
            now: SimTime::ZERO,
            store: BTreeMap::new(),
            next_resource_version: 1,
            next_uid: 1,
            events: Vec::new(),
            event_index: BTreeMap::new(),
            kubelet: Default::default(),
            hpa: Default::default(),
            scheduler: Default::default(),
            ipam: Ipam::default(),
            metrics: Default::default(),
            traffic: Default::default(),
            images: Default::default(),
            dirty: false,
            writes: 0,
            endpoints_seen: None,
        };
        crate::bootstrap::bootstrap(&mut cluster);
        let start = SimTime::ZERO + cluster.config.uptime_at_start;
        // Let the system pods come up, then jump to the session start without ticking
        // through two days of idle cluster.
        cluster.run_for(SimDuration::from_secs(60));
        cluster.now = start;
        cluster.settle();
        cluster.metrics = Default::default();
        crate::metrics::record(&mut cluster);
        cluster.expire_events();
        cluster
    }

    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }

    /// Adds an image to this cluster's table (validated; it replaces an earlier spec for the
    /// same repository and is looked up before the built-in images). Register before the
    /// image is used: pods already running keep what they were started with only as far as
    /// their state goes (ports, answers and logs follow the new spec).
    pub fn register_image(&mut self, spec: crate::images::ImageSpec) -> Result<(), String> {
        self.images.register(spec)
    }

    /// The image specs registered with `register_image`, in order.
    pub fn registered_images(&self) -> impl Iterator<Item = &crate::images::ImageSpec> {
        self.images.specs()
    }

    /// Looks an image reference up: the registered specs, then the built-in table.
    pub fn image(&self, image: &str) -> crate::images::ImageInfo {
        crate::images::lookup(&self.images, image)
    }
    pub fn version(&self) -> KubeVersion {
        self.config.version
    }
    pub fn now(&self) -> SimTime {
        self.now
    }
    /// Unix seconds of a simulated instant (for printing dates).
    pub fn unix_secs(&self, t: SimTime) -> i64 {
        self.config.epoch_unix_secs + (t.as_millis() / 1000) as i64
    }

    // ----- reading -----

    pub fn get(&self, kind: Kind, namespace: &str, name: &str) -> Option<&Object> {
        self.store.get(&ObjectKey::new(kind, namespace, name))
    }

    /// All objects of a kind, in one namespace or (`None`) in all, in key order.
    pub fn list(&self, kind: Kind, namespace: Option<&str>) -> Vec<&Object> {
        let ns = namespace.map(|n| if kind.namespaced() { n } else { "" });
        let start = ObjectKey { kind, namespace: ns.unwrap_or("").to_string(), name: String::new() };
        self.store
            .range(start..)
            .take_while(|(k, _)| k.kind == kind && ns.is_none_or(|n| k.namespace == n))
            .map(|(_, o)| o)
            .collect()
    }

    pub fn objects(&self) -> impl Iterator<Item = &Object> {
        self.store.values()
    }

    pub fn find_by_uid(&self, uid: &str) -> Option<&Object> {
        self.store.values().find(|o| o.meta().uid == uid)
    }

    pub fn pods(&self) -> impl Iterator<Item = &Pod> {
        self.list(Kind::Pod, None).into_iter().filter_map(Object::as_pod)
    }

    /// The event log, oldest first.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Events about one object (by uid), oldest first by last occurrence.
    pub fn events_for(&self, uid: &str) -> Vec<&Event> {
        let mut evs: Vec<&Event> = self.events.iter().filter(|e| e.involved_object.uid == uid).collect();
        evs.sort_by_key(|e| (e.last_timestamp, e.first_timestamp));
        evs
    }

    pub fn namespace_exists(&self, ns: &str) -> bool {
        self.get(Kind::Namespace, "", ns).is_some()
    }

    // ----- writing (public API: each write settles the controllers) -----

    /// Creates an object, applying the API server's defaults and validation.
    pub fn create(&mut self, obj: Object) -> Result<Object, ApiError> {
        let created = self.create_internal(obj)?;
        self.settle();
        Ok(self.get_by_key(&created.key()).cloned().unwrap_or(created))
    }

    /// Replaces an object's desired state (metadata labels/annotations and spec); status and
    /// server-set metadata are kept. Generation goes up when the spec changes.
    pub fn update(&mut self, obj: Object) -> Result<Object, ApiError> {
        let key = obj.key();
        let updated = self.update_internal(obj)?;
        self.settle();
        Ok(self.get_by_key(&key).cloned().unwrap_or(updated))
    }

    /// Deletes an object. Pods terminate gracefully; owned objects are garbage-collected;
    /// a namespace deletes everything in it.
    pub fn delete(&mut self, kind: Kind, namespace: &str, name: &str, opts: DeleteOptions) -> Result<Object, ApiError> {
        let key = ObjectKey::new(kind, namespace, name);
        let res = self.delete_internal(&key, opts)?;
        self.settle();
        Ok(res)
    }

    /// Advances the clock by one second and lets everything react.
    pub fn step(&mut self) {
        self.now = self.now + SimDuration::from_secs(1);
        crate::kubelet::tick(self);
        self.settle();
        crate::traffic::tick(self);
        crate::metrics::record(self);
        if self.now.as_secs() % 60 == 0 {
            self.expire_events();
        }
    }

    /// Drops events last seen more than `EVENT_TTL` ago, as the API server does
    /// (`--event-ttl`, one hour by default).
    fn expire_events(&mut self) {
        let now = self.now;
        if self.events.iter().any(|e| now.since(e.last_timestamp) > EVENT_TTL) {
            self.retain_events(|e| now.since(e.last_timestamp) <= EVENT_TTL);
        }
    }

    /// Time series of ReplicaSet sizes, one sample per simulated second (for charts).
    pub fn metrics(&self) -> &crate::metrics::Metrics {
        &self.metrics
    }

    /// Steps until `d` has passed.
    pub fn run_for(&mut self, d: SimDuration) {
        let end = self.now + d;
        while self.now < end {
            self.step();
        }
    }

    /// Steps until `done` holds or `limit` has passed; returns whether it held.
    pub fn run_until(&mut self, limit: SimDuration, mut done: impl FnMut(&Cluster) -> bool) -> bool {
        let end = self.now + limit;
        loop {
            if done(self) {
                return true;
            }
            if self.now >= end {
                return false;
            }
            self.step();
        }
    }

    /// Runs the controllers until nothing changes, without time passing.
    pub fn settle(&mut self) {
        for _ in 0..MAX_ROUNDS {
            self.dirty = false;
            crate::controllers::gc::reconcile(self);
            crate::controllers::deployment::reconcile(self);
            crate::controllers::replicaset::reconcile(self);
            crate::controllers::hpa::reconcile(self);
            crate::scheduler::reconcile(self);
            crate::kubelet::sync(self);
            crate::controllers::gc::housekeeping(self);
            crate::controllers::endpoints::reconcile(self);
            if !self.dirty {
                return;
            }
        }
    }

    // ----- internal store operations (controllers use these; they do not settle) -----

    pub(crate) fn get_by_key(&self, key: &ObjectKey) -> Option<&Object> {
        self.store.get(key)
    }

    fn next_rv(&mut self) -> u64 {
        let rv = self.next_resource_version;
        self.next_resource_version += 1;
        rv
    }

    pub(crate) fn new_uid(&mut self) -> String {
        // Deterministic, uid-shaped: 8-4-4-4-12 hex digits.
        let h = self.rng.ids.hex(32);
        self.next_uid += 1;
        format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
    }

    pub(crate) fn create_internal(&mut self, mut obj: Object) -> Result<Object, ApiError> {
        let kind = obj.kind();
        if kind.namespaced() {
            let ns = obj.meta().namespace.clone().unwrap_or_else(|| "default".to_string());
            obj.meta_mut().namespace = Some(ns);
        } else {
            obj.meta_mut().namespace = None;
        }
        if obj.meta().name.is_empty() {
            if let Some(prefix) = obj.meta().generate_name.clone() {
                let base: String = prefix.chars().take(58).collect();
                let name = format!("{base}{}", self.rng.names.name_suffix(5));
                obj.meta_mut().name = name;
            }
        }
        crate::validation::default_object(&mut obj, self.config.version);
        crate::validation::validate(&obj)?;
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
        if self.store.contains_key(&key) {
            return Err(ApiError::AlreadyExists { kind, name: key.name });
        }
        // A refused create must not draw from the RNG (the uid below) or change anything.
        self.check_allocation(&obj)?;
        let uid = self.new_uid();
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
                Kind::Deployment | Kind::ReplicaSet | Kind::ReplicationController | Kind::HorizontalPodAutoscaler
            ) {
                m.generation = 1;
            }
        }
        self.allocate(&mut obj)?;
        self.store.insert(key, obj.clone());
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
                        let offset = self.rng.network.range(2, (1 << 20) - 2) as u32;
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
                        let p = self.rng.network.range(30000, 32767) as i64;
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
        let Some(existing) = self.store.get(&key).cloned() else {
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
        self.store.insert(key, obj.clone());
        self.dirty = true;
        self.writes += 1;
        Ok(obj)
    }

    /// Writes an object as is (controllers' status and spec writes). Skips identical writes.
    pub(crate) fn put(&mut self, mut obj: Object) {
        let key = obj.key();
        if let Some(existing) = self.store.get(&key) {
            let mut probe = obj.clone();
            probe.meta_mut().resource_version = existing.meta().resource_version;
            if &probe == existing {
                return;
            }
        }
        obj.meta_mut().resource_version = self.next_rv();
        self.store.insert(key, obj);
        self.dirty = true;
        self.writes += 1;
    }

    pub(crate) fn delete_internal(&mut self, key: &ObjectKey, opts: DeleteOptions) -> Result<Object, ApiError> {
        let Some(obj) = self.store.get(key).cloned() else {
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
                crate::kubelet::begin_termination(self, key);
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
            _ => {
                self.remove(key);
                Ok(obj)
            }
        }
    }

    /// Removes an object from the store for good.
    pub(crate) fn remove(&mut self, key: &ObjectKey) -> Option<Object> {
        let obj = self.store.remove(key)?;
        self.release(&obj);
        if key.kind == Kind::Pod {
            self.kubelet.forget(&obj.meta().uid);
        }
        self.dirty = true;
        self.writes += 1;
        Some(obj)
    }

    /// Records an event, aggregating repeats of the same reason and message on the same object.
    pub(crate) fn record_event(&mut self, obj: &Object, type_: &str, reason: &str, message: String, component: &str) {
        self.record_event_at(obj, type_, reason, message, component, None)
    }

    pub(crate) fn record_event_at(
        &mut self,
        obj: &Object,
        type_: &str,
        reason: &str,
        message: String,
        component: &str,
        field_path: Option<String>,
    ) {
        let meta = obj.meta();
        let now = self.now;
        if self.event_index.is_empty() && !self.events.is_empty() {
            self.rebuild_event_index();
        }
        let index_key = (meta.uid.clone(), reason.to_string(), message.clone(), component.to_string());
        if let Some(e) = self.event_index.get(&index_key).and_then(|i| self.events.get_mut(*i)) {
            e.count += 1;
            e.last_timestamp = now;
            return;
        }
        let host = match obj {
            Object::Pod(p) if component == "kubelet" => p.spec.node_name.clone(),
            _ => None,
        };
        let suffix =
            format!("{:x}", 0x17a0_0000_0000_0000u64 + self.events.len() as u64 * 0x1_0000_0000 + now.as_millis());
        let event = Event {
            metadata: ObjectMeta {
                name: format!("{}.{}", meta.name, suffix),
                namespace: Some(if meta.ns().is_empty() { "default".to_string() } else { meta.ns().to_string() }),
                creation_timestamp: now,
                ..Default::default()
            },
            involved_object: ObjectReference {
                kind: obj.kind().name().to_string(),
                namespace: meta.ns().to_string(),
                name: meta.name.clone(),
                uid: meta.uid.clone(),
                field_path,
            },
            reason: reason.to_string(),
            message,
            source: EventSource { component: component.to_string(), host },
            first_timestamp: now,
            last_timestamp: now,
            count: 1,
            type_: type_.to_string(),
        };
        self.event_index.insert(index_key, self.events.len());
        self.events.push(event);
    }

    fn rebuild_event_index(&mut self) {
        self.event_index = self
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| {
                ((e.involved_object.uid.clone(), e.reason.clone(), e.message.clone(), e.source.component.clone()), i)
            })
            .collect();
    }

    /// Removes events matching `drop` (namespace deletion) and keeps the index right.
    pub(crate) fn retain_events(&mut self, keep: impl FnMut(&Event) -> bool) {
        self.events.retain(keep);
        self.event_index.clear();
        self.rebuild_event_index();
    }
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
        _ => false,
    }
}
