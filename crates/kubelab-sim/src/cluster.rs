//! `Cluster`: the world. It owns the store (the simulated API server, `store`), the clock,
//! the random streams, the event log and the controllers' private state, and it is the only
//! public way to change anything.
//!
//! # Time and order
//! User writes (`create`, `update`, `delete`, `rollback`, ...) are applied at the current instant
//! and then the controllers run to quiescence without time passing (`settle`), as a real control
//! plane reacts within milliseconds. `step` advances the clock by one second and then:
//! 1. the kubelet fires due timers (pulls finish, containers start or exit, probes run,
//!    terminating pods finish);
//! 2. the controllers run in a fixed order until nothing changes (at most `MAX_ROUNDS`):
//!    garbage collector and namespace controller, service accounts (the `default` account, the
//!    root CA ConfigMap, legacy token Secrets), deployment, Argo Rollouts (the addon's
//!    AnalysisRuns, then Rollouts), replicaset, replicationcontroller, daemonset, statefulset, cronjob, job (with the TTL-after-finished controller), HPA, node
//!    lifecycle (the `unschedulable` taint), scheduler, persistent volumes (claims bound or
//!    provisioned, after the scheduler so that a `WaitForFirstConsumer` claim sees its pod's
//!    node), disruption (PodDisruptionBudget status), the Cluster Autoscaler and its cloud
//!    provider (cloud clusters only: after the scheduler, whose `Unschedulable` marks it
//!    reads), kubelet (start newly bound pods), API-server housekeeping (the
//!    `kubernetes` Service), endpoints (Endpoints and EndpointSlices, after the kubelet so that
//!    they see the readiness and IPs it has just written), ingress (the default class of a new
//!    Ingress, the controller's events and status address), the Argo CD-like agent (installed
//!    only: refreshes from Git due by poll or webhook, syncs, self-heal; it reads the Git host
//!    beside the `Api`);
//! 3. every traffic client sends its requests for the second that ended (`traffic::tick`:
//!    kube-proxy's choice among the endpoints as they now are, counters, a sample to draw);
//! 4. resource use of that second (`usage::tick`): containers past their memory limit are
//!    OOM-killed, and while metrics-server runs each container's CPU joins its scrape window
//!    (a scrape every 15 s fills `MetricsApi`);
//! 5. the ReplicaSet sizes are sampled into `metrics` (time series for charts).
//!
//! # Skipping idle seconds
//! `run_for`, `run_until` and `advance` do not step a second in which nothing is due; they skip
//! it with the same result as stepping (a property test compares the two, byte for byte).
//! What is due is known from three places: each controller registers the instants at which
//! its decisions change with time alone while it reconciles (`Store::wake_at`: a progress
//! deadline, minReadySeconds, a Job's back-off, deadline or TTL, a CronJob's next schedule, an
//! HPA sync, the scheduler's back-off queue, a claim's resync, an Ingress's status sync, the
//! Cluster Autoscaler's scans, machines and eviction retries, the Argo CD agent's polls and
//! self-heal delay); the
//! kubelet's timers (`kubelet::next_due`: pulls, starts, exits, restarts, back-off messages,
//! probes that change something, terminations); metrics-server's scrapes
//! (`usage::tick::next_due`); and event expiry at whole minutes. In an idle
//! second the controllers and the kubelet have nothing to do, so a skip only counts steady
//! probes as run (`kubelet::fast_forward`), records the unchanged samples, and, when clients are
//! sending, runs the traffic and the resource use of each second (they write nothing the
//! controllers read: scrapes, which the HPA reads, are due instants and never skipped; an OOM
//! kill ends the skip, the kubelet having a timer due). A controller that compares the clock
//! with anything must register that instant, or the property test
//! (`kubelab-console/tests/skip.rs`) finds the difference.
//!
//! Everything iterates in key order (`BTreeMap`) and every random choice draws from the one
//! seed's streams (`rng::Streams`: one per subsystem), so the same seed and the same calls give
//! the same cluster, byte for byte.
//!
//! # What a controller can touch
//! A controller reconciles through an `Api` handle that `Cluster` makes for it: the store's
//! reads and writes and the clock (by `Deref` to `Store`) and `own`, that controller's own
//! state. The scheduler, the kubelet and traffic keep their random stream inside their own state,
//! and the store keeps the API server's (names, ids, Service addresses) in private fields, so a
//! controller cannot draw from another subsystem's stream or touch its state: `Cluster`'s fields
//! are private to this module.
//!
//! The kubelet learns of pod deletions from a watch: the store queues a `store::PodChange`
//! when a pod gets its deletion timestamp or leaves, and the handle of the controller that
//! deleted it (or `Cluster::delete`) hands the queue to the kubelet right after that write, as a
//! watch with no latency would. So termination begins (SIGTERM, `Killing` events, the pod turns
//! unready) at the same point of the event log and of the resource versions as the deletion.

pub mod argo;
mod argocd;
mod ci;
mod dry_run;
mod evict;
pub(crate) mod nodes;
mod rollback;
pub(crate) mod store;

pub(crate) use evict::evict_in_api;
pub use evict::EvictError;
pub use rollback::RollbackOutcome;

use crate::api::*;
use crate::controllers::daemonset::DaemonSetState;
use crate::controllers::endpoints::EndpointsState;
use crate::controllers::hpa::HpaState;
use crate::controllers::replicaset::ReplicaSetState;
use crate::controllers::statefulset::StatefulSetState;
use crate::error::ApiError;
use crate::kubelet::KubeletState;
use crate::rng::Streams;
use crate::scheduler::SchedulerState;
use crate::time::{SimDuration, SimTime};
use crate::traffic::TrafficState;
use serde::{Deserialize, Serialize};
pub(crate) use store::Store;

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
    /// The metrics-server addon is installed at bootstrap (`usage::server`): off by default, on in
    /// the current profile's playground.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub metrics_server: bool,
    /// Node groups a cloud provider grows and shrinks (`cloud`; empty: the fixed workers only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub node_groups: Vec<crate::cloud::NodeGroup>,
    /// The Cluster Autoscaler runs (`controllers::autoscaler`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub autoscaler: bool,
    /// The Argo Rollouts addon is installed at bootstrap in `argo-rollouts` (`controllers::rollout`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub argo_rollouts: bool,
    /// Argo CD is installed in namespace `argocd` at bootstrap (`controllers::argocd`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub argocd: bool,
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
            metrics_server: false,
            node_groups: Vec::new(),
            autoscaler: false,
            argo_rollouts: false,
            argocd: false,
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
    /// Objects, events, the clock and the API server's random streams.
    store: Store,
    kubelet: KubeletState,
    hpa: HpaState,
    /// The ReplicaSet controller's expectations (which ReplicaSets wait for their next sync).
    #[serde(default)]
    replicasets: ReplicaSetState,
    /// The DaemonSet controller's revision history.
    #[serde(default)]
    daemonsets: DaemonSetState,
    /// The StatefulSet controller's revision history and burst expectations.
    #[serde(default)]
    statefulsets: StatefulSetState,
    scheduler: SchedulerState,
    endpoints: EndpointsState,
    /// What each kubelet last saw of its node's `spec.unschedulable` (for its events).
    #[serde(default)]
    nodes: crate::controllers::nodelifecycle::NodeLifecycleState,
    /// The Job controller's memory (counted pods, back-off).
    #[serde(default)]
    jobs: crate::controllers::job::JobState,
    /// The Cluster Autoscaler's memory and its cloud provider's machines (cloud clusters).
    #[serde(default, skip_serializing_if = "crate::controllers::autoscaler::AutoscalerState::is_unused")]
    autoscaler: crate::controllers::autoscaler::AutoscalerState,
    /// The Argo Rollouts controller's memory (whether its CRDs are installed).
    #[serde(default, skip_serializing_if = "crate::controllers::rollout::RolloutState::is_unused")]
    rollouts: crate::controllers::rollout::RolloutState,
    metrics: crate::metrics::Metrics,
    /// Clients, kube-proxy, counters and access logs (see `traffic` and `network`).
    traffic: TrafficState,
    /// metrics-server's scrape window (see `usage::tick`).
    #[serde(default, skip_serializing_if = "crate::usage::tick::UsageState::is_empty")]
    usage: crate::usage::tick::UsageState,
    /// The Git host beside the cluster (`git`): not part of the cluster, kept here so that one
    /// clock and one saved session hold both.
    #[serde(default, skip_serializing_if = "crate::git::Forge::is_empty")]
    forge: crate::git::Forge,
    /// The Argo CD-like agent (`controllers::argocd`): installed or not, its memory.
    #[serde(default, skip_serializing_if = "crate::controllers::argocd::ArgoState::is_unused")]
    argocd: crate::controllers::argocd::ArgoState,
    /// The CI pipeline runner and the image registry (`ci`): runs, tags, its memory.
    #[serde(default, skip_serializing_if = "crate::ci::CiState::is_unused")]
    ci: crate::ci::CiState,
    /// Step every second, never skip idle ones (`set_skip_idle(false)`: for comparing the two).
    #[serde(skip)]
    step_every_second: bool,
}

/// How `delete` treats dependents and grace.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeleteOptions {
    /// Grace period for pods in seconds (`None`: the pod's own, 30 by default).
    pub grace_period_seconds: Option<i64>,
}

/// What one controller may touch while it reconciles: the store's reads and writes and the
/// clock (through `Deref` to `Store`) and `own`, its own state (with its random stream, if it
/// has one). `Cluster` makes one per call; a controller gets nothing else.
pub(crate) struct Api<'a, S = ()> {
    store: &'a mut Store,
    /// The controller's own state.
    pub(crate) own: &'a mut S,
    /// The pod watch's receiver: the kubelet, told at once of the pods this controller deletes.
    /// Private: a controller can only trigger it, by deleting a pod.
    kubelet: Option<&'a mut KubeletState>,
}

impl<'a, S> Api<'a, S> {
    fn new(store: &'a mut Store, own: &'a mut S, kubelet: Option<&'a mut KubeletState>) -> Api<'a, S> {
        Api { store, own, kubelet }
    }

    /// Deletes as `Store::delete_internal` does, then delivers the pod watch.
    pub(crate) fn delete_internal(&mut self, key: &ObjectKey, opts: DeleteOptions) -> Result<Object, ApiError> {
        let res = self.store.delete_internal(key, opts);
        self.deliver_pod_changes();
        res
    }

    /// Removes as `Store::remove` does, then delivers the pod watch.
    pub(crate) fn remove(&mut self, key: &ObjectKey) -> Option<Object> {
        let res = self.store.remove(key);
        self.deliver_pod_changes();
        res
    }

    fn deliver_pod_changes(&mut self) {
        if let Some(kubelet) = self.kubelet.as_deref_mut() {
            deliver_pod_changes(self.store, kubelet);
        }
    }
}

/// Hands the store's pod watch news to the kubelet.
fn deliver_pod_changes(store: &mut Store, kubelet: &mut KubeletState) {
    if store.has_pod_changes() {
        let changes = store.take_pod_changes();
        crate::kubelet::watch(&mut Api::new(store, kubelet, None), changes);
    }
}

impl<S> std::ops::Deref for Api<'_, S> {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.store
    }
}

impl<S> std::ops::DerefMut for Api<'_, S> {
    fn deref_mut(&mut self) -> &mut Store {
        self.store
    }
}

impl Cluster {
    /// A freshly bootstrapped cluster, already running for `config.uptime_at_start`.
    pub fn new(config: ClusterConfig) -> Cluster {
        Cluster::build(config, true)
    }

    /// `new`, stepping every simulated second from the start, bootstrap included: the reference
    /// that skipping idle seconds must equal, byte for byte (tests and benchmarks).
    pub fn new_stepping(config: ClusterConfig) -> Cluster {
        Cluster::build(config, false)
    }

    fn build(config: ClusterConfig, skip_idle: bool) -> Cluster {
        let Streams { names, ids, network, scheduler, kubelet, traffic, autoscaler, .. } = Streams::new(config.seed);
        let uptime = config.uptime_at_start;
        let mut cluster = Cluster {
            store: Store::new(config, names, ids, network),
            kubelet: KubeletState::new(kubelet),
            hpa: Default::default(),
            replicasets: Default::default(),
            daemonsets: Default::default(),
            statefulsets: Default::default(),
            scheduler: SchedulerState::new(scheduler),
            endpoints: Default::default(),
            nodes: Default::default(),
            jobs: Default::default(),
            autoscaler: crate::controllers::autoscaler::AutoscalerState::new(autoscaler),
            rollouts: Default::default(),
            metrics: Default::default(),
            traffic: TrafficState::new(traffic),
            usage: Default::default(),
            forge: Default::default(),
            argocd: Default::default(),
            ci: Default::default(),
            step_every_second: !skip_idle,
        };
        crate::bootstrap::bootstrap(&mut cluster.store);
        crate::controllers::autoscaler::bootstrap(&mut Api::new(&mut cluster.store, &mut cluster.autoscaler, None));
        argo::bootstrap(&mut cluster);
        if cluster.store.config().argocd {
            cluster.bootstrap_argocd();
        }
        let start = SimTime::ZERO + uptime;
        // Let the system pods come up, then jump to the session start without ticking
        // through two days of idle cluster.
        cluster.run_for(SimDuration::from_secs(60));
        cluster.store.set_now(start);
        cluster.settle();
        crate::usage::tick::prime(&mut cluster.usage, &mut cluster.store);
        cluster.metrics = Default::default();
        crate::metrics::record(&mut cluster.metrics, &cluster.store);
        cluster.store.expire_events(EVENT_TTL);
        cluster
    }

    pub fn config(&self) -> &ClusterConfig {
        self.store.config()
    }

    /// Adds an image to this cluster's table (validated; it replaces an earlier spec for the
    /// same repository and is looked up before the built-in images). Register before the
    /// image is used: pods already running keep what they were started with only as far as
    /// their state goes (ports, answers and logs follow the new spec).
    pub fn register_image(&mut self, spec: crate::images::ImageSpec) -> Result<(), String> {
        self.store.register_image(spec)
    }

    /// The image specs registered with `register_image`, in order.
    pub fn registered_images(&self) -> impl Iterator<Item = &crate::images::ImageSpec> {
        self.store.registered_images()
    }

    /// Looks an image reference up: the registered specs, then the built-in table.
    pub fn image(&self, image: &str) -> crate::images::ImageInfo {
        self.store.image(image)
    }
    pub fn version(&self) -> KubeVersion {
        self.store.version()
    }
    pub fn now(&self) -> SimTime {
        self.store.now()
    }
    /// Unix seconds of a simulated instant (for printing dates).
    pub fn unix_secs(&self, t: SimTime) -> i64 {
        self.store.unix_secs(t)
    }

    // ----- reading -----

    pub fn get(&self, kind: Kind, namespace: &str, name: &str) -> Option<&Object> {
        self.store.get(kind, namespace, name)
    }

    /// All objects of a kind, in one namespace or (`None`) in all, in key order.
    pub fn list(&self, kind: Kind, namespace: Option<&str>) -> Vec<&Object> {
        self.store.list(kind, namespace)
    }

    pub fn objects(&self) -> impl Iterator<Item = &Object> {
        self.store.objects()
    }

    pub fn find_by_uid(&self, uid: &str) -> Option<&Object> {
        self.store.objects().find(|o| o.meta().uid == uid)
    }

    pub fn pods(&self) -> impl Iterator<Item = &Pod> {
        self.store.pods()
    }

    /// The pods bound to a node (an index: no scan of the pending ones).
    pub(crate) fn bound_pods(&self) -> impl Iterator<Item = &Pod> {
        self.store.bound_pods()
    }

    /// The pods with a container that has a command or arguments (an index).
    pub(crate) fn pods_with_commands(&self) -> impl Iterator<Item = &Pod> {
        self.store.pods_with_commands()
    }

    /// What the Metrics API (metrics-server) serves now; see `usage`.
    pub fn metrics_api(&self) -> &crate::usage::MetricsApi {
        self.store.metrics_api()
    }

    /// Tests only: serve these metrics as if metrics-server had scraped them (the HPA reads
    /// them at its next sync).
    #[doc(hidden)]
    pub fn set_metrics_api_for_test(&mut self, m: crate::usage::MetricsApi) {
        self.store.set_metrics_api(crate::usage::MetricsApi { pinned: true, ..m });
    }

    /// Installs the metrics-server addon (what `components.yaml` creates that the lab models;
    /// see `usage::server`): per object of `usage::server::objects()`, whether it was created
    /// (false: it existed already).
    pub fn install_metrics_server(&mut self) -> Vec<bool> {
        let created = crate::usage::server::install_into(&mut self.store);
        self.settle();
        created
    }

    /// The event log, oldest first.
    pub fn events(&self) -> &[Event] {
        self.store.events()
    }

    /// Events about one object (by uid), oldest first by last occurrence.
    pub fn events_for(&self, uid: &str) -> Vec<&Event> {
        let mut evs: Vec<&Event> = self.events().iter().filter(|e| e.involved_object.uid == uid).collect();
        crate::sort::by_key(&mut evs, |e| (e.last_timestamp, e.first_timestamp));
        evs
    }

    /// The revisions of a DaemonSet or StatefulSet (what its ControllerRevisions hold), oldest
    /// first; empty for other kinds or unknown objects.
    pub fn controller_revisions(&self, kind: Kind, namespace: &str, name: &str) -> Vec<ControllerRevision> {
        let Some(uid) = self.get(kind, namespace, name).map(|o| o.meta().uid.clone()) else { return Vec::new() };
        match kind {
            Kind::DaemonSet => self.daemonsets.history.revisions(&uid).to_vec(),
            Kind::StatefulSet => self.statefulsets.history.revisions(&uid).to_vec(),
            _ => Vec::new(),
        }
    }

    /// The Cluster Autoscaler's decisions, oldest first (empty unless a cloud cluster).
    /// The Git host beside the cluster (repositories, pull requests, webhook deliveries).
    pub fn git(&self) -> &crate::git::Forge {
        &self.forge
    }

    /// Changes the Git host at the current instant (a push, a merge, an exercise's setup), then
    /// settles the controllers, so an agent that reads webhook deliveries sees them at once.
    pub fn git_write<R>(&mut self, f: impl FnOnce(&mut crate::git::Forge, SimTime) -> R) -> R {
        let now = self.now();
        self.forge.set_epoch(self.unix_secs(SimTime::ZERO));
        let out = f(&mut self.forge, now);
        self.settle();
        out
    }

    pub fn autoscaler_decisions(&self) -> &[crate::controllers::autoscaler::Decision] {
        self.autoscaler.decisions()
    }

    /// Nodes the cloud is provisioning for the Cluster Autoscaler, not registered yet: (node
    /// name, node group, when it registers), in the order they were ordered.
    pub fn nodes_provisioning(&self) -> Vec<(String, String, SimTime)> {
        self.autoscaler.provisioning()
    }

    /// The HPA controller's syncs as data, oldest first (`controllers/hpa/decision.rs`).
    pub fn hpa_decisions(&self) -> &[crate::controllers::hpa::decision::HpaDecision] {
        self.hpa.decisions()
    }

    pub fn namespace_exists(&self, ns: &str) -> bool {
        self.get(Kind::Namespace, "", ns).is_some()
    }

    pub(crate) fn get_by_key(&self, key: &ObjectKey) -> Option<&Object> {
        self.store.get_by_key(key)
    }

    /// The traffic model's state (clients, counters, access logs).
    pub(crate) fn traffic(&self) -> &TrafficState {
        &self.traffic
    }

    /// The traffic model's state, for the public operations that send requests or configure
    /// clients (`network`, `traffic`); controllers cannot reach it.
    pub(crate) fn traffic_mut(&mut self) -> &mut TrafficState {
        &mut self.traffic
    }

    // ----- writing (public API: each write settles the controllers) -----

    /// Creates an object, applying the API server's defaults and validation.
    pub fn create(&mut self, obj: Object) -> Result<Object, ApiError> {
        let created = self.store.create_internal(obj)?;
        self.settle();
        Ok(self.get_by_key(&created.key()).cloned().unwrap_or(created))
    }

    /// Replaces an object's desired state (metadata labels/annotations and spec); status and
    /// server-set metadata are kept. Generation goes up when the spec changes.
    pub fn update(&mut self, obj: Object) -> Result<Object, ApiError> {
        let key = obj.key();
        let updated = self.store.update_internal(obj)?;
        self.settle();
        Ok(self.get_by_key(&key).cloned().unwrap_or(updated))
    }

    /// Deletes an object. Pods terminate gracefully; owned objects are garbage-collected;
    /// a namespace deletes everything in it.
    pub fn delete(&mut self, kind: Kind, namespace: &str, name: &str, opts: DeleteOptions) -> Result<Object, ApiError> {
        let key = ObjectKey::new(kind, namespace, name);
        let res = self.store.delete_internal(&key, opts);
        deliver_pod_changes(&mut self.store, &mut self.kubelet);
        let res = res?;
        self.settle();
        Ok(res)
    }

    /// Advances the clock by one second and lets everything react.
    pub fn step(&mut self) {
        self.store.set_now(self.now() + SimDuration::from_secs(1));
        deliver_pod_changes(&mut self.store, &mut self.kubelet);
        crate::kubelet::tick(&mut Api::new(&mut self.store, &mut self.kubelet, None));
        self.settle();
        // Traffic reads the cluster as clients see it (DNS, Services, pods) and writes only its
        // own state, which is set aside while it does.
        let mut traffic = std::mem::replace(&mut self.traffic, TrafficState::detached());
        crate::traffic::tick(&mut traffic, self);
        self.traffic = traffic;
        crate::usage::tick::tick(&mut self.usage, &mut self.store, &self.traffic, &mut self.kubelet);
        crate::metrics::record(&mut self.metrics, &self.store);
        if self.now().as_secs().is_multiple_of(60) {
            self.store.expire_events(EVENT_TTL);
        }
    }

    /// Time series of ReplicaSet sizes, one sample per simulated second (for charts).
    pub fn metrics(&self) -> &crate::metrics::Metrics {
        &self.metrics
    }

    /// Lets `d` pass: the seconds in which something is due are stepped, the idle ones between
    /// them skipped (`advance`), with the same result as stepping every second.
    pub fn run_for(&mut self, d: SimDuration) {
        let end = self.now() + d;
        while self.now() < end {
            self.advance(end);
        }
    }

    /// Steps (or skips idle seconds) until `done` holds or `limit` has passed; returns whether
    /// it held. `done` is looked at after each step or skip, so it must depend on the cluster's
    /// objects, not on the clock alone (nothing else changes during a skip).
    pub fn run_until(&mut self, limit: SimDuration, mut done: impl FnMut(&Cluster) -> bool) -> bool {
        let end = self.now() + limit;
        loop {
            if done(self) {
                return true;
            }
            if self.now() >= end {
                return false;
            }
            self.advance(end);
        }
    }

    /// Moves towards `limit`: skips the seconds before it in which nothing is due, or steps one
    /// second when something is. Either way the cluster ends as stepping would leave it (the
    /// clock stops at the last whole second before or at `limit` that stepping reaches).
    pub fn advance(&mut self, limit: SimTime) {
        let now = self.now();
        if limit <= now {
            return;
        }
        // Stepping reaches `limit` in this many steps (the last may pass it).
        let steps = (limit.as_millis() - now.as_millis()).div_ceil(1000);
        match self.idle_steps(steps) {
            0 => self.step(),
            k => self.skip(k),
        }
    }

    /// How many of the next `max` seconds are idle: no controller deadline (`Store::wake_at`),
    /// no kubelet timer, no event expiring. A step in each of them would only move the clock,
    /// count steady probes, send the traffic clients' requests and record samples (see `skip`).
    pub fn idle_steps(&mut self, max: u64) -> u64 {
        if max == 0 || self.step_every_second || self.store.has_pod_changes() {
            return 0;
        }
        let Some(wake) = self.store.wake() else { return 0 };
        let now = self.now();
        let mut limit = match crate::kubelet::next_due(&mut self.kubelet, &self.store) {
            Some(t) => wake.min(t),
            None => wake,
        };
        if let Some(t) = crate::usage::tick::next_due(&self.usage, &self.store) {
            limit = limit.min(t);
        }
        // Steps `now + j s` for j = 1..=k come before `limit`.
        let mut k = if limit > now { (limit.as_millis() - now.as_millis() - 1) / 1000 } else { 0 }.min(max);
        if k == 0 {
            return 0;
        }
        // Events expire at whole minutes (step j is one when now's seconds + j is a multiple of 60).
        if let Some(oldest) = self.store.oldest_event() {
            let mut j = 60 - now.as_secs() % 60;
            while j <= k {
                let t = now + SimDuration::from_secs(j);
                if t.since(oldest) > EVENT_TTL {
                    k = j - 1;
                    break;
                }
                j += 60;
            }
        }
        k
    }

    /// Skips `k` idle seconds (`idle_steps`): without traffic in closed form; with traffic,
    /// a second at a time but only the traffic and the samples (the controllers and the kubelet
    /// have nothing to do, and traffic writes nothing they read).
    fn skip(&mut self, k: u64) {
        let start = self.now();
        let mut traffic = std::mem::replace(&mut self.traffic, TrafficState::detached());
        let mut done = k;
        if crate::traffic::idle(&traffic, self) {
            crate::traffic::fast_forward(&mut traffic, self, k);
            crate::metrics::fast_forward(&mut self.metrics, &self.store, k);
            crate::usage::tick::fast_forward(&mut self.usage, &self.store, k);
            self.store.set_now(self.now() + SimDuration::from_secs(k));
        } else {
            for j in 1..=k {
                self.store.set_now(self.now() + SimDuration::from_secs(1));
                crate::traffic::tick(&mut traffic, self);
                let oom = crate::usage::tick::tick(&mut self.usage, &mut self.store, &traffic, &mut self.kubelet);
                crate::metrics::record(&mut self.metrics, &self.store);
                if oom {
                    // The kubelet sees the killed container exit in the next second: step it.
                    done = j;
                    break;
                }
            }
        }
        self.traffic = traffic;
        // The steady probes of the seconds skipped, at once: their counters are the kubelet's own,
        // read by nothing the traffic, the resource model or the samples look at.
        let end = self.now();
        self.store.set_now(start);
        crate::kubelet::fast_forward(&mut self.kubelet, &self.store, done);
        self.store.set_now(end);
    }

    /// `false`: step every second, never skip (the reference that skipping must equal).
    pub fn set_skip_idle(&mut self, on: bool) {
        self.step_every_second = !on;
    }

    /// Runs the controllers until nothing changes, without time passing.
    pub fn settle(&mut self) {
        use crate::controllers::{daemonset, deployment, endpoints, gc, hpa, replicaset, statefulset};
        // Every controller registers its time-driven deadlines again as it looks (`wake_at`).
        self.store.reset_wake();
        for _ in 0..MAX_ROUNDS {
            self.store.begin_round();
            let (store, kubelet) = (&mut self.store, &mut self.kubelet);
            gc::reconcile(&mut Api::new(store, &mut (), Some(kubelet)));
            crate::controllers::serviceaccount::reconcile(&mut Api::new(store, &mut (), Some(kubelet)));
            deployment::reconcile(&mut Api::new(store, &mut (), Some(kubelet)));
            crate::controllers::rollout::reconcile(
                &mut Api::new(store, &mut self.rollouts, Some(kubelet)),
                &self.traffic,
            );
            replicaset::reconcile(&mut Api::new(store, &mut self.replicasets, Some(kubelet)));
            daemonset::reconcile(&mut Api::new(store, &mut self.daemonsets, Some(kubelet)));
            statefulset::reconcile(&mut Api::new(store, &mut self.statefulsets, Some(kubelet)));
            crate::controllers::cronjob::reconcile(&mut Api::new(store, &mut (), Some(kubelet)));
            crate::controllers::job::reconcile(&mut Api::new(store, &mut self.jobs, Some(kubelet)));
            hpa::reconcile(&mut Api::new(store, &mut self.hpa, Some(kubelet)));
            crate::controllers::nodelifecycle::reconcile(&mut Api::new(store, &mut self.nodes, Some(kubelet)));
            crate::scheduler::reconcile(&mut Api::new(store, &mut self.scheduler, Some(kubelet)));
            crate::controllers::volume::reconcile(&mut Api::new(store, &mut (), Some(kubelet)));
            crate::controllers::disruption::reconcile(&mut Api::new(store, &mut (), Some(kubelet)));
            crate::controllers::autoscaler::reconcile(&mut Api::new(store, &mut self.autoscaler, Some(kubelet)));
            deliver_pod_changes(store, kubelet);
            crate::kubelet::sync(&mut Api::new(store, kubelet, None));
            gc::housekeeping(&mut Api::new(store, &mut (), Some(kubelet)));
            endpoints::reconcile(&mut Api::new(store, &mut self.endpoints, Some(kubelet)));
            crate::controllers::ingress::reconcile(&mut Api::new(store, &mut (), Some(kubelet)));
            crate::ci::runner::reconcile(&mut Api::new(store, &mut self.ci, Some(kubelet)), &mut self.forge);
            crate::controllers::argocd::reconcile(&mut Api::new(store, &mut self.argocd, Some(kubelet)), &self.forge);
            crate::usage::tick::sync_available(store);
            if !self.store.changed() {
                return;
            }
        }
        // Not settled: the next second must be stepped.
        self.store.wake_at(self.now());
    }

    /// The store, for unit tests of controller steps.
    #[cfg(test)]
    pub(crate) fn test_store(&self) -> &Store {
        &self.store
    }

    /// A handle on the store with no state of its own, for unit tests of controller steps.
    #[cfg(test)]
    pub(crate) fn test_api(&mut self) -> Api<'_, ()> {
        Api { store: &mut self.store, own: Box::leak(Box::new(())), kubelet: Some(&mut self.kubelet) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cluster running a Deployment `web` of three ready nginx pods.
    fn web() -> Cluster {
        let mut c = Cluster::new(ClusterConfig::current(3));
        let labels: Labels = [("app".to_string(), "web".to_string())].into_iter().collect();
        let mut d = Deployment { api_version: "apps/v1".into(), kind: "Deployment".into(), ..Default::default() };
        d.metadata.name = "web".into();
        d.metadata.namespace = Some("default".into());
        d.spec.replicas = Some(3);
        d.spec.selector = Some(LabelSelector { match_labels: labels.clone(), match_expressions: vec![] });
        d.spec.template.metadata.labels = labels.into();
        d.spec.template.spec.containers.push(Container {
            name: "nginx".into(),
            image: "nginx:1.25".into(),
            ..Default::default()
        });
        c.create(Object::Deployment(d)).expect("deployment");
        let ready = c.run_until(SimDuration::from_secs(60), |c| {
            c.pods().filter(|p| p.metadata.ns() == "default" && p.is_ready()).count() == 3
        });
        assert!(ready, "the pods came up");
        c
    }

    fn reasons_for(c: &Cluster, uid: &str) -> Vec<String> {
        c.events_for(uid).iter().map(|e| e.reason.to_string()).collect()
    }

    #[test]
    fn the_kubelet_notices_a_deletion_timestamp_in_its_own_sync() {
        let mut c = web();
        let mut pod = c.pods().find(|p| p.metadata.ns() == "default").cloned().expect("a web pod");
        // Mark the pod as deleted behind the watch's back, as a write the kubelet is not told of.
        pod.metadata.deletion_timestamp = Some(c.now() + SimDuration::from_secs(30));
        pod.metadata.deletion_grace_period_seconds = Some(30);
        let uid = pod.metadata.uid.clone();
        c.test_api().put(Object::Pod(pod.clone()));
        assert!(!reasons_for(&c, &uid).contains(&"Killing".to_string()));
        c.settle();
        let stored = c.get(Kind::Pod, "default", &pod.metadata.name).and_then(Object::as_pod).expect("terminating");
        assert!(reasons_for(&c, &uid).contains(&"Killing".to_string()), "{:?}", reasons_for(&c, &uid));
        assert!(!stored.is_ready(), "a terminating pod is not ready");
        // nginx stops on SIGTERM within a second; then the pod object goes.
        c.run_for(SimDuration::from_secs(2));
        assert!(c.get(Kind::Pod, "default", &pod.metadata.name).is_none());
    }

    #[test]
    fn a_deleted_pod_terminates_before_its_replacement_is_created() {
        let mut c = web();
        let pod = c.pods().find(|p| p.metadata.ns() == "default").cloned().expect("a web pod");
        let first_new = c.events().len();
        c.delete(Kind::Pod, "default", &pod.metadata.name, DeleteOptions::default()).expect("delete");
        let reasons: Vec<&str> = c.events()[first_new..].iter().map(|e| &*e.reason).collect();
        // The kubelet hears of the deletion at once (SIGTERM, `Killing`), before the ReplicaSet
        // controller makes the replacement in the same instant.
        let killing = reasons.iter().position(|r| *r == "Killing").expect("Killing");
        let created = reasons.iter().position(|r| *r == "SuccessfulCreate").expect("SuccessfulCreate");
        assert!(killing < created, "{reasons:?}");
        let stored = c.get(Kind::Pod, "default", &pod.metadata.name).and_then(Object::as_pod).expect("terminating");
        assert!(stored.metadata.is_deleting() && !stored.is_ready());
    }
}
