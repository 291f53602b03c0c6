//! The kubelet on every node: pulls images, starts containers, runs probes, restarts crashed
//! containers with back-off, and stops pods that are being deleted.
//!
//! Timings (simulated seconds): a first pull of an image on a node takes the image's pull time
//! plus 0-2 s of jitter; a present image (policy `IfNotPresent`) starts in 1 s; containers whose
//! readiness probe exists are not ready until the probe has succeeded `successThreshold` times
//! (first probe after `initialDelaySeconds`, then every `periodSeconds`; defaults 0/10/1/3 as in
//! Kubernetes); `failureThreshold` failures make a ready container unready, or restart it for a
//! liveness probe. Image pulls and crash restarts back off 10 s, 20 s, 40 s ... up to 300 s
//! (the first crash restarts at once, as the kubelet does). On deletion each container gets
//! SIGTERM: most images stop within a second, a shell running `sleep` ignores it and is killed at
//! the end of the grace period; then the pod object disappears.
//!
//! Simplifications: no init containers, no startup probes, exec probes always succeed unless the
//! command is `false` or `exit N`; HTTP probes succeed when the image serves HTTP on that port.

mod oom;
pub(crate) use oom::oom_kill;

use crate::api::*;
use crate::cluster::store::PodChange;
use crate::cluster::{Api, Store};
use crate::images::Behaviour;
use crate::rng::SimRng;
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct KubeletState {
    /// Timing jitter (image pulls): the kubelet's own random stream.
    rng: SimRng,
    pods: Runtimes,
    /// Images present on each node.
    images: BTreeMap<String, BTreeSet<String>>,
    /// The next pod IP's last octet on each node (the node's CNI plugin allocates them).
    next_pod_ip: BTreeMap<String, u32>,
    /// Containers the OOM killer stopped (`pod uid/index` -> exit time), see `oom`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    oom_killed: BTreeMap<String, SimTime>,
}

/// The kubelet's pods by uid, read through `Deref` and changed only through `edit`, with the
/// horizon of the last look at all of them: while no runtime changes and nothing is written to
/// the store, the clock asks every second when the next timer is due, and the answer is the
/// same, so a cluster of 150,000 pods is not scanned twice a second to learn it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
struct Runtimes {
    map: BTreeMap<String, PodRuntime>,
    /// A cache only (not serialised): forgotten by `edit`.
    #[serde(skip)]
    horizon: Option<Horizon>,
}

/// What `next_due` found, and what it depends on besides the runtimes.
#[derive(Clone, Copy, Debug)]
struct Horizon {
    /// `Store::writes` then: the pods' specs and the images' behaviour decide which probes are
    /// steady.
    writes: u64,
    /// The earliest timer: while the clock has not reached it, `next_due` would find it again
    /// (one at or before the instant it was computed at is never used).
    due: Option<SimTime>,
    /// The earliest `next_probe` of a running container, steady or not (what `fast_forward`
    /// looks for).
    probe: Option<SimTime>,
}

impl std::ops::Deref for Runtimes {
    type Target = BTreeMap<String, PodRuntime>;
    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl Runtimes {
    /// The runtimes, to change: the horizon is forgotten.
    fn edit(&mut self) -> &mut BTreeMap<String, PodRuntime> {
        self.horizon = None;
        &mut self.map
    }

    /// The remembered horizon, if it still holds in `store` now.
    fn horizon(&self, store: &Store) -> Option<Horizon> {
        self.horizon.filter(|h| h.writes == store.writes() && h.due.is_none_or(|d| store.now() < d))
    }
}

/// The kubelet's handle: the store, and its own state as `own`.
type Kubelet<'a> = Api<'a, KubeletState>;

impl KubeletState {
    pub(crate) fn new(rng: SimRng) -> KubeletState {
        KubeletState {
            rng,
            pods: Runtimes::default(),
            images: BTreeMap::new(),
            next_pod_ip: BTreeMap::new(),
            oom_killed: BTreeMap::new(),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct PodRuntime {
    key: ObjectKey,
    node: String,
    ip: String,
    started_at: SimTime,
    containers: Vec<ContainerRuntime>,
    /// Set when the pod is being deleted: the time it is killed for good.
    kill_at: Option<SimTime>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
enum CState {
    Pulling {
        until: SimTime,
    },
    PullFailed {
        until: SimTime,
        backed_off: bool,
    },
    Creating {
        until: SimTime,
    },
    /// The container's config could not be made (a missing ConfigMap or key); the pod worker
    /// tries again at `retry_at`.
    ConfigError {
        retry_at: SimTime,
        message: String,
    },
    Running {
        since: SimTime,
        exits_at: Option<SimTime>,
        exit_code: i64,
    },
    /// Exited; restarts at `restart_at` (`None`: never, the pod is going away).
    Exited {
        at: SimTime,
        exit_code: i64,
        restart_at: Option<SimTime>,
        started: SimTime,
    },
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct ContainerRuntime {
    name: String,
    image: String,
    state: CState,
    restart_count: i64,
    pull_backoff: u64,
    crash_backoff: u64,
    ready: bool,
    ready_successes: i64,
    ready_failures: i64,
    live_failures: i64,
    next_probe: Option<SimTime>,
    last_terminated: Option<StateTerminated>,
    container_id: Option<String>,
    ever_started: bool,
}

fn secs(s: u64) -> SimDuration {
    SimDuration::from_secs(s)
}

fn node_ip(cluster: &Store, node: &str) -> Option<String> {
    match cluster.get(Kind::Node, "", node) {
        Some(Object::Node(n)) => n.internal_ip().map(str::to_string),
        _ => None,
    }
}

fn pod_of(cluster: &Store, key: &ObjectKey) -> Option<Pod> {
    cluster.get_by_key(key).and_then(Object::as_pod).cloned()
}

fn event(
    cluster: &mut Kubelet<'_>,
    key: &ObjectKey,
    type_: &'static str,
    reason: &'static str,
    msg: String,
    container: Option<&str>,
) {
    if cluster.get_by_key(key).and_then(Object::as_pod).is_some() {
        let field = container.map(|c| format!("spec.containers{{{c}}}"));
        cluster.record_event_for_key(key, type_, reason, msg, "kubelet", field);
    }
}

fn course(cluster: &Store) -> bool {
    !cluster.version().at_least(20)
}

/// The kubelet's sync: begins terminating bound pods that got a deletion timestamp and are not
/// terminating yet (the watch normally told it already, see [`watch`]), then admits newly bound
/// pods: allocates an IP and starts pulling or creating containers.
pub(crate) fn sync(cluster: &mut Kubelet<'_>) {
    let mut terminating: Vec<ObjectKey> = Vec::new();
    let mut new: Vec<Pod> = Vec::new();
    // The bound pods that are being deleted or not started: the others need nothing here.
    for p in cluster.kubelet_work() {
        let runtime = cluster.own.pods.get(&p.metadata.uid);
        if p.metadata.is_deleting() {
            if runtime.is_none_or(|rt| rt.kill_at.is_none()) {
                terminating.push(ObjectKey::new(Kind::Pod, p.metadata.ns(), &p.metadata.name));
            }
        } else if runtime.is_none() && (p.status.phase == "Pending" || p.status.phase.is_empty()) {
            new.push(p.clone());
        }
    }
    for key in terminating {
        begin_termination(cluster, &key);
    }
    for pod in new {
        admit(cluster, pod);
    }
}

fn admit(cluster: &mut Kubelet<'_>, pod: Pod) {
    let Some(node) = pod.spec.node_name.clone() else { return };
    let host_network = pod.spec.extra.get("hostNetwork") == Some(&serde_json::Value::Bool(true));
    let ip = if host_network {
        node_ip(cluster, &node).unwrap_or_default()
    } else {
        let index = match cluster.get(Kind::Node, "", &node) {
            Some(Object::Node(n)) => n
                .spec
                .pod_cidr
                .as_deref()
                .and_then(|c| c.split('.').nth(2))
                .and_then(|s| s.parse::<u32>().ok())
                .unwrap_or(0),
            _ => 0,
        };
        let next = cluster.own.next_pod_ip.entry(node.clone()).or_insert(2);
        let n = *next;
        *next = if n >= 254 { 2 } else { n + 1 };
        format!("10.244.{index}.{n}")
    };
    let now = cluster.now();
    let key = ObjectKey::new(Kind::Pod, pod.metadata.ns(), &pod.metadata.name);
    // Sized to the pod: the runtime lives as long as the pod, with no room to spare.
    let mut containers = Vec::with_capacity(pod.spec.containers.len());
    for c in &pod.spec.containers {
        containers.push(ContainerRuntime {
            name: c.name.clone(),
            image: c.image.clone(),
            state: CState::Creating { until: now },
            restart_count: 0,
            pull_backoff: 0,
            crash_backoff: 0,
            ready: false,
            ready_successes: 0,
            ready_failures: 0,
            live_failures: 0,
            next_probe: None,
            last_terminated: None,
            container_id: None,
            ever_started: false,
        });
    }
    cluster.own.pods.edit().insert(
        pod.metadata.uid.clone(),
        PodRuntime { key: key.clone(), node: node.clone(), ip, started_at: now, containers, kill_at: None },
    );
    for i in 0..pod.spec.containers.len() {
        start_container(cluster, &pod.metadata.uid, i, false);
    }
    write_status(cluster, &pod.metadata.uid);
}

fn image_present(cluster: &Kubelet<'_>, node: &str, image: &str) -> bool {
    cluster.own.images.get(node).is_some_and(|s| s.contains(image))
}

/// Begins (or, after a crash, repeats) the pull/create sequence for one container.
fn start_container(cluster: &mut Kubelet<'_>, uid: &str, idx: usize, restart: bool) {
    let now = cluster.now();
    let Some(rt) = cluster.own.pods.get(uid) else { return };
    let key = rt.key.clone();
    let node = rt.node.clone();
    let Some(pod) = pod_of(cluster, &key) else { return };
    let Some(spec) = pod.spec.containers.get(idx).cloned() else { return };
    let info = cluster.image(&spec.image);
    let policy = spec.image_pull_policy.clone().unwrap_or_else(|| "IfNotPresent".into());
    let present = image_present(cluster, &node, &spec.image);
    let name = spec.name.clone();
    if !info.valid_name {
        event(
            cluster,
            &key,
            "Warning",
            "InspectFailed",
            format!(
                "Failed to apply default image tag \"{}\": couldn't parse image name \"{}\": invalid reference format",
                spec.image, spec.image
            ),
            Some(&name),
        );
        event(cluster, &key, "Warning", "Failed", "Error: InvalidImageName".into(), Some(&name));
        set_state(cluster, uid, idx, CState::PullFailed { until: now + secs(u64::MAX / 4000), backed_off: false });
        return;
    }
    if present && policy != "Always" {
        let msg = format!("Container image \"{}\" already present on machine", spec.image);
        event(cluster, &key, "Normal", "Pulled", msg, Some(&name));
        set_state(cluster, uid, idx, CState::Creating { until: now + secs(1) });
        return;
    }
    event(
        cluster,
        &key,
        "Normal",
        "Pulling",
        if course(cluster) {
            format!("pulling image \"{}\"", spec.image)
        } else {
            format!("Pulling image \"{}\"", spec.image)
        },
        Some(&name),
    );
    let pull = if present { 1 } else { info.pull_secs() + cluster.own.rng.below(3) };
    let _ = restart;
    if info.pullable() {
        set_state(cluster, uid, idx, CState::Pulling { until: now + secs(pull) });
    } else {
        set_state(cluster, uid, idx, CState::PullFailed { until: now + secs(2), backed_off: false });
    }
}

fn set_state(cluster: &mut Kubelet<'_>, uid: &str, idx: usize, state: CState) {
    if let Some(c) = cluster.own.pods.edit().get_mut(uid).and_then(|p| p.containers.get_mut(idx)) {
        c.state = state;
    }
}

/// One second of kubelet work on every node, in pod order.
pub(crate) fn tick(cluster: &mut Kubelet<'_>) {
    let now = cluster.now();
    // Only pods with a timer due (`tick_pod` does nothing for the others, and a pod's tick
    // changes no other pod's timers), so a steady pod costs one look.
    let mut uids: Vec<(ObjectKey, String)> =
        cluster.own.pods.iter().filter(|(_, p)| due(p, now)).map(|(u, p)| (p.key.clone(), u.clone())).collect();
    crate::sort::natural(&mut uids);
    for (_, uid) in uids {
        tick_pod(cluster, &uid);
    }
}

fn image_ref(course: bool, image: &str) -> String {
    if course {
        return image.to_string();
    }
    let (repo, tag) = crate::images::split_reference(image);
    let full = if repo.contains('.') && repo.split('/').next().is_some_and(|h| h.contains('.')) {
        repo
    } else if repo.contains('/') {
        format!("docker.io/{repo}")
    } else {
        format!("docker.io/library/{repo}")
    };
    format!("{full}:{tag}")
}

/// The image's digest as the kubelet reports it (`sha256:` and 64 hex digits), derived from its
/// reference.
fn digest(image: &str) -> String {
    crate::hash::hex_stream(image, 64)
}

/// Whether any timer of this pod is due: the kubelet skips pods with nothing to do, so an idle
/// running pod costs almost nothing per tick.
fn due(rt: &PodRuntime, now: SimTime) -> bool {
    rt.kill_at.is_some()
        || rt.containers.iter().any(|c| match &c.state {
            CState::Pulling { until } | CState::Creating { until } => *until <= now,
            CState::ConfigError { retry_at, .. } => *retry_at <= now,
            // Pull failures and exits change their shown state with time (back-off messages).
            CState::PullFailed { .. } | CState::Exited { .. } => true,
            CState::Running { exits_at, .. } => {
                exits_at.is_some_and(|t| t <= now) || c.next_probe.is_some_and(|t| t <= now)
            }
        })
}

fn tick_pod(cluster: &mut Kubelet<'_>, uid: &str) {
    let now = cluster.now();
    if !cluster.own.pods.get(uid).is_some_and(|rt| due(rt, now)) {
        return;
    }
    let Some(rt) = cluster.own.pods.get(uid).cloned() else { return };
    let Some(pod) = pod_of(cluster, &rt.key) else {
        cluster.own.pods.edit().remove(uid);
        return;
    };
    // Termination.
    if let Some(kill_at) = rt.kill_at {
        let all_stopped = rt.containers.iter().all(|c| !matches!(c.state, CState::Running { .. }));
        let running_done = rt.containers.iter().all(|c| match &c.state {
            CState::Running { exits_at, .. } => exits_at.is_some_and(|t| t <= now),
            _ => true,
        });
        if all_stopped || running_done || now >= kill_at {
            cluster.remove(&rt.key);
            cluster.own.pods.edit().remove(uid);
            return;
        }
        return;
    }
    for idx in 0..rt.containers.len() {
        let Some(c) = cluster.own.pods.get(uid).and_then(|p| p.containers.get(idx)).cloned() else { continue };
        let Some(spec) = pod.spec.containers.get(idx).cloned() else { continue };
        let name = c.name.clone();
        match c.state {
            CState::Pulling { until } if until <= now => {
                let size = cluster.image(&c.image).size_bytes();
                cluster.own.images.entry(rt.node.clone()).or_default().insert(c.image.clone());
                let took = until.since(rt.started_at).as_secs().max(1);
                let msg = if course(cluster) {
                    format!("Successfully pulled image \"{}\"", c.image)
                } else {
                    format!(
                        "Successfully pulled image \"{}\" in {}.{:03}s ({}.{:03}s including waiting). Image size: {} bytes.",
                        c.image,
                        took,
                        size % 997,
                        took,
                        size % 997,
                        size
                    )
                };
                event(cluster, &rt.key, "Normal", "Pulled", msg, Some(&name));
                set_state(cluster, uid, idx, CState::Creating { until: now });
                run_container(cluster, uid, idx, &spec);
            }
            CState::Creating { until } if until <= now => run_container(cluster, uid, idx, &spec),
            CState::ConfigError { retry_at, .. } if retry_at <= now => {
                let msg = format!("Container image \"{}\" already present on machine", c.image);
                event(cluster, &rt.key, "Normal", "Pulled", msg, Some(&name));
                run_container(cluster, uid, idx, &spec);
            }
            CState::PullFailed { until, backed_off } if until <= now => {
                if !backed_off {
                    let reason = format!(
                        "Failed to pull image \"{img}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{r}\": failed to resolve reference \"{r}\": {r}: not found",
                        img = c.image,
                        r = image_ref(false, &c.image)
                    );
                    let msg = if course(cluster) {
                        format!("Failed to pull image \"{}\": rpc error: code = Unknown desc = Error response from daemon: manifest for {} not found", c.image, c.image)
                    } else {
                        reason
                    };
                    event(cluster, &rt.key, "Warning", "Failed", msg, Some(&name));
                    event(cluster, &rt.key, "Warning", "Failed", "Error: ErrImagePull".into(), Some(&name));
                    let backoff = if c.pull_backoff == 0 { 10 } else { (c.pull_backoff * 2).min(300) };
                    if let Some(cr) = cluster.own.pods.edit().get_mut(uid).and_then(|p| p.containers.get_mut(idx)) {
                        cr.pull_backoff = backoff;
                        cr.state = CState::PullFailed { until: now + secs(backoff), backed_off: true };
                    }
                    // The kubelet reports the back-off on its next sync, a second later.
                } else {
                    start_container(cluster, uid, idx, true);
                }
            }
            CState::PullFailed { backed_off: true, until }
                if until > now && until.since(now).as_secs() + 1 == c.pull_backoff =>
            {
                let msg = format!("Back-off pulling image \"{}\"", c.image);
                event(cluster, &rt.key, "Normal", "BackOff", msg, Some(&name));
                event(cluster, &rt.key, "Warning", "Failed", "Error: ImagePullBackOff".into(), Some(&name));
            }
            CState::Running { since, exits_at, exit_code } => {
                if let Some(at) = exits_at {
                    if at <= now {
                        container_exited(cluster, uid, idx, &pod, since, exit_code);
                        continue;
                    }
                }
                run_probes(cluster, uid, idx, &pod, &spec, since);
            }
            CState::Exited { restart_at: Some(at), .. } if at <= now => {
                if let Some(cr) = cluster.own.pods.edit().get_mut(uid).and_then(|p| p.containers.get_mut(idx)) {
                    cr.restart_count += 1;
                }
                let msg = format!("Container image \"{}\" already present on machine", c.image);
                event(cluster, &rt.key, "Normal", "Pulled", msg, Some(&name));
                run_container(cluster, uid, idx, &spec);
            }
            CState::Exited { restart_at: Some(at), .. } if at > now && c.crash_backoff > 0 => {
                // Kubelets before 1.2x did not name the container or the pod.
                let msg = if course(cluster) {
                    "Back-off restarting failed container".to_string()
                } else {
                    format!(
                        "Back-off restarting failed container {} in pod {}_{}({})",
                        name,
                        pod.metadata.name,
                        pod.metadata.ns(),
                        pod.metadata.uid
                    )
                };
                if now.as_secs().is_multiple_of(10) || at.since(now).as_secs() + 1 == c.crash_backoff {
                    event(cluster, &rt.key, "Warning", "BackOff", msg, Some(&name));
                }
            }
            _ => {}
        }
    }
    write_status(cluster, uid);
}

fn run_container(cluster: &mut Kubelet<'_>, uid: &str, idx: usize, spec: &Container) {
    let now = cluster.now();
    let Some(rt) = cluster.own.pods.get(uid).cloned() else { return };
    let ns = rt.key.namespace.clone();
    let lookup =
        |name: &str| crate::envvars::config_map_data(cluster.get_by_key(&ObjectKey::new(Kind::ConfigMap, &ns, name)));
    let secret = |name: &str| crate::secret::secret_data(cluster.get_by_key(&ObjectKey::new(Kind::Secret, &ns, name)));
    if let Err(message) = crate::envvars::container_env(&lookup, &secret, &ns, spec) {
        // kubelet: generating the container's config failed; the pod worker retries after its
        // back-off of 10 s with up to 50 % jitter.
        event(cluster, &rt.key, "Warning", "Failed", format!("Error: {message}"), Some(&spec.name));
        let retry_at = now + secs(10 + cluster.own.rng.below(6));
        set_state(cluster, uid, idx, CState::ConfigError { retry_at, message });
        return;
    }
    let declared: Vec<i64> = spec.ports.iter().map(|p| p.container_port).collect();
    let info = cluster.image(&spec.image);
    let mut behaviour = info.behaviour(&spec.command, &spec.args, &declared);
    if let (Behaviour::WebServer { .. }, Some(after)) = (&behaviour, info.crash_after_secs()) {
        // A release that crashes: the server exits with code 1 some time after each start.
        behaviour = Behaviour::Runs { secs: Some(after), exit_code: 1 };
    }
    if spec.extra.get("stdin").and_then(|v| v.as_bool()) == Some(true) {
        // A shell with an open stdin (`kubectl run -it`) waits for input instead of exiting.
        if let Behaviour::Runs { secs: Some(_), .. } = behaviour {
            behaviour = Behaviour::Runs { secs: None, exit_code: 0 };
        }
    }
    let (exits_at, exit_code) = match behaviour {
        Behaviour::Runs { secs: Some(s), exit_code } => (Some(now + SimDuration::from_secs(s.max(1))), exit_code),
        _ => (None, 0),
    };
    let name = spec.name.clone();
    let created = if course(cluster) { "Created container".to_string() } else { format!("Created container: {name}") };
    let started = if course(cluster) { "Started container".to_string() } else { format!("Started container {name}") };
    event(cluster, &rt.key, "Normal", "Created", created, Some(&name));
    event(cluster, &rt.key, "Normal", "Started", started, Some(&name));
    let cid = format!("{}://{}", if course(cluster) { "docker" } else { "containerd" }, cluster.new_container_id_hex());
    let no_readiness = spec.readiness_probe.is_none();
    if let Some(c) = cluster.own.pods.edit().get_mut(uid).and_then(|p| p.containers.get_mut(idx)) {
        c.state = CState::Running { since: now, exits_at, exit_code };
        c.container_id = Some(cid);
        c.ever_started = true;
        c.ready = no_readiness;
        c.ready_successes = 0;
        c.ready_failures = 0;
        c.live_failures = 0;
        let delay = [&spec.readiness_probe, &spec.liveness_probe]
            .iter()
            .filter_map(|p| p.as_ref().map(Probe::initial_delay))
            .min()
            .unwrap_or(0);
        c.next_probe = if spec.readiness_probe.is_some() || spec.liveness_probe.is_some() {
            Some(now + SimDuration::from_secs(delay.max(0) as u64))
        } else {
            None
        };
    }
}

fn container_exited(cluster: &mut Kubelet<'_>, uid: &str, idx: usize, pod: &Pod, since: SimTime, exit_code: i64) {
    let now = cluster.now();
    let policy = pod.spec.restart_policy.clone().unwrap_or_else(|| "Always".into());
    let Some(c) = cluster.own.pods.get(uid).and_then(|p| p.containers.get(idx)).cloned() else { return };
    let restart = policy == "Always" || (policy == "OnFailure" && exit_code != 0);
    let backoff = if !restart {
        None
    } else if c.crash_backoff == 0 {
        Some(0)
    } else {
        Some(c.crash_backoff)
    };
    let next_backoff = if c.crash_backoff == 0 { 10 } else { (c.crash_backoff * 2).min(300) };
    let reason = oom::exit_reason(cluster.own, uid, idx, now, exit_code);
    if let Some(cr) = cluster.own.pods.edit().get_mut(uid).and_then(|p| p.containers.get_mut(idx)) {
        cr.ready = false;
        // A run that ends for good is the container's state, not its last state.
        if restart {
            cr.last_terminated = Some(StateTerminated {
                exit_code,
                reason: reason.into(),
                started_at: since,
                finished_at: now,
                container_id: cr.container_id.clone(),
            });
            cr.crash_backoff = if backoff == Some(0) { 10 } else { next_backoff };
        }
        cr.state =
            CState::Exited { at: now, exit_code, restart_at: backoff.map(|b| now + secs(b.max(1))), started: since };
    }
}

fn probe_ok(probe: &Probe, spec: &Container, ports: &[i64], http_status: Option<u16>) -> (bool, String) {
    let resolve = |p: &Option<IntOrString>| -> Option<i64> {
        match p.as_ref()? {
            IntOrString::Int(n) => Some(*n),
            IntOrString::Str(name) => {
                spec.ports.iter().find(|cp| cp.name.as_deref() == Some(name)).map(|cp| cp.container_port)
            }
        }
    };
    if let Some(h) = &probe.http_get {
        let port = resolve(&h.port).unwrap_or(0);
        let path = h.path.clone().unwrap_or_else(|| "/".into());
        let ok = ports.contains(&port);
        if let Some(status) = http_status.filter(|s| ok && !(200..400).contains(s)) {
            return (false, format!("HTTP probe failed with statuscode: {status}"));
        }
        return (
            ok,
            format!("Get \"http://{{ip}}:{port}{path}\": dial tcp {{ip}}:{port}: connect: connection refused"),
        );
    }
    if let Some(t) = &probe.tcp_socket {
        let port = resolve(&t.port).unwrap_or(0);
        return (ports.contains(&port), format!("dial tcp {{ip}}:{port}: connect: connection refused"));
    }
    if let Some(e) = &probe.exec {
        let line = e.command.join(" ");
        let fails = e.command.first().is_some_and(|c| c == "false") || line.contains("exit 1");
        return (!fails, format!("command \"{line}\" exited with 1"));
    }
    (true, String::new())
}

/// How often a container's probes run: the shorter of its probes' periods (an hour without
/// probes).
fn probe_period(spec: &Container) -> SimDuration {
    let mut period = i64::MAX;
    for probe in [&spec.readiness_probe, &spec.liveness_probe].into_iter().flatten() {
        period = period.min(probe.period());
    }
    SimDuration::from_secs(period.clamp(1, 3600) as u64)
}

/// The ports a container serves (for HTTP and TCP probes).
fn served_ports(store: &Store, spec: &Container) -> Vec<i64> {
    let declared: Vec<i64> = spec.ports.iter().map(|p| p.container_port).collect();
    match store.image(&spec.image).behaviour(&spec.command, &spec.args, &declared) {
        Behaviour::WebServer { ports } => ports,
        _ => vec![],
    }
}

/// Whether running `c`'s probes changes nothing but counters: every probe succeeds, a readiness
/// probe's container is already ready and no failure is being counted. Such probes are run in
/// closed form when the clock skips (`fast_forward`).
fn probes_steady(store: &Store, c: &ContainerRuntime, spec: &Container) -> bool {
    let ports = served_ports(store, spec);
    let status = store.image(&spec.image).probe_status();
    let readiness_ok = match &spec.readiness_probe {
        Some(rp) => c.ready && c.ready_failures == 0 && probe_ok(rp, spec, &ports, status).0,
        None => true,
    };
    let liveness_ok = match &spec.liveness_probe {
        Some(lp) => probe_ok(lp, spec, &ports, status).0,
        None => true,
    };
    readiness_ok && liveness_ok
}

/// The earliest instant at which a kubelet timer is due (a pull or start finishes, a container
/// exits or restarts, a probe that changes something runs, a pod is killed); `now` when something
/// is due every second (back-off messages, terminating pods); `None` when nothing is.
pub(crate) fn next_due(kubelet: &mut KubeletState, store: &Store) -> Option<SimTime> {
    if let Some(h) = kubelet.pods.horizon(store) {
        return h.due;
    }
    let h = look_ahead(kubelet, store);
    // Kept for the seconds that follow (`Runtimes::horizon` no longer holds it once the clock
    // reaches `due`, so one due at once is never used).
    kubelet.pods.horizon = Some(h);
    h.due
}

/// Lowers `slot` to `t` if `t` is earlier (or `slot` is empty).
fn earliest(slot: &mut Option<SimTime>, t: SimTime) {
    *slot = Some(slot.map_or(t, |s| s.min(t)));
}

/// One look at every runtime: `next_due`, and the earliest probe of a running container.
fn look_ahead(kubelet: &KubeletState, store: &Store) -> Horizon {
    let now = store.now();
    let mut probe: Option<SimTime> = None;
    let mut due: Option<SimTime> = None;
    let mut at = |t: SimTime| earliest(&mut due, t);
    // The first instant after now of `t`, if any (a window that opened already is past).
    let after = |t: SimTime| (t > now).then_some(t);
    // The next step at a whole ten seconds (back-off messages repeat then).
    let next_ten = now + secs(10 - now.as_secs() % 10);
    for rt in kubelet.pods.values() {
        if let Some(kill_at) = rt.kill_at {
            // A terminating pod goes when its last container stops, or at the end of its grace.
            let running = rt.containers.iter().filter_map(|c| match &c.state {
                CState::Running { exits_at, .. } => Some(exits_at.unwrap_or(kill_at)),
                _ => None,
            });
            match running.min() {
                None => return Horizon { writes: store.writes(), due: Some(now), probe: None },
                Some(t) => at(t.min(kill_at)),
            }
            // Its running containers still probe until they stop.
            for c in &rt.containers {
                if let (CState::Running { .. }, Some(next)) = (&c.state, c.next_probe) {
                    earliest(&mut probe, next);
                }
            }
            continue;
        }
        // Looked up only for a container with a probe due (most pods have none).
        let pod = || store.get_by_key(&rt.key).and_then(Object::as_pod);
        for (idx, c) in rt.containers.iter().enumerate() {
            match &c.state {
                CState::Pulling { until } | CState::Creating { until } => at(*until),
                CState::ConfigError { retry_at, .. } => at(*retry_at),
                CState::PullFailed { until, backed_off } => {
                    at(*until);
                    if *backed_off {
                        // The back-off message (a second after the failure) and the status
                        // turning from ErrImagePull to ImagePullBackOff.
                        let b = c.pull_backoff;
                        for t in [*until - secs(b), *until - secs(b.saturating_sub(1))] {
                            if let Some(t) = after(t + SimDuration::from_millis(1)) {
                                at(t);
                            }
                        }
                    }
                }
                CState::Exited { restart_at: Some(r), .. } => {
                    at(*r);
                    if c.crash_backoff > 0 && *r > now {
                        at(next_ten);
                        if let Some(t) = after(*r - secs(c.crash_backoff) + SimDuration::from_millis(1)) {
                            at(t);
                        }
                    }
                }
                CState::Exited { restart_at: None, .. } => {}
                CState::Running { exits_at, .. } => {
                    if let Some(t) = exits_at {
                        at(*t);
                    }
                    if let Some(next) = c.next_probe {
                        earliest(&mut probe, next);
                        match pod().and_then(|p| p.spec.containers.get(idx)) {
                            Some(spec) if probes_steady(store, c, spec) => {}
                            _ => at(next),
                        }
                    }
                }
            }
        }
    }
    Horizon { writes: store.writes(), due, probe }
}

/// The clock skips `steps` seconds during which nothing is due (`next_due`): the steady probes
/// that would have run meanwhile are counted as run.
pub(crate) fn fast_forward(kubelet: &mut KubeletState, store: &Store, steps: u64) {
    let first = store.now() + SimDuration::from_secs(1);
    let last = store.now() + SimDuration::from_secs(steps);
    if let Some(h) = kubelet.pods.horizon(store) {
        if h.probe.is_none_or(|p| p > last) {
            // No probe is due in the skip: the runtimes stay as they are (and so does the horizon).
            return;
        }
    }
    for rt in kubelet.pods.edit().values_mut() {
        // The store is searched only for a pod with a probe due in the skip: most pods have none,
        // and a search by key for each of 150,000 pods was most of a steady second in WebAssembly.
        if !rt.containers.iter().any(|c| probe_due_by(c, last).is_some()) {
            continue;
        }
        let Some(pod) = store.get_by_key(&rt.key).and_then(Object::as_pod) else { continue };
        for (idx, c) in rt.containers.iter_mut().enumerate() {
            let (Some(next), Some(spec)) = (probe_due_by(c, last), pod.spec.containers.get(idx)) else {
                continue;
            };
            // The first step at or after `next` runs the probes, then every period after it.
            let behind = next.as_millis().saturating_sub(first.as_millis());
            let first_run = first + SimDuration::from_millis(behind.div_ceil(1000) * 1000);
            let period = probe_period(spec).as_millis();
            let runs = (last.as_millis() - first_run.as_millis()) / period + 1;
            if spec.readiness_probe.is_some() {
                c.ready_successes = c.ready_successes.saturating_add(runs as i64);
                c.ready_failures = 0;
            }
            if spec.liveness_probe.is_some() {
                c.live_failures = 0;
            }
            c.next_probe = Some(SimTime(first_run.as_millis() + runs * period));
        }
    }
}

/// When a running container's next probe is due, if that is at or before `last`.
fn probe_due_by(c: &ContainerRuntime, last: SimTime) -> Option<SimTime> {
    match c.state {
        CState::Running { .. } => c.next_probe.filter(|n| *n <= last),
        _ => None,
    }
}

fn run_probes(cluster: &mut Kubelet<'_>, uid: &str, idx: usize, pod: &Pod, spec: &Container, _since: SimTime) {
    let now = cluster.now();
    let Some(c) = cluster.own.pods.get(uid).and_then(|p| p.containers.get(idx)).cloned() else { return };
    let Some(next) = c.next_probe else { return };
    if next > now {
        return;
    }
    let ip = cluster.own.pods.get(uid).map(|p| p.ip.clone()).unwrap_or_default();
    let ports = served_ports(cluster, spec);
    let status = cluster.image(&spec.image).probe_status();
    let key = cluster.own.pods.get(uid).map(|p| p.key.clone());
    let Some(key) = key else { return };
    let period = probe_period(spec);
    let mut kill = false;
    if let Some(rp) = &spec.readiness_probe {
        let (ok, why) = probe_ok(rp, spec, &ports, status);
        let mut became_unready_event = None;
        if let Some(cr) = cluster.own.pods.edit().get_mut(uid).and_then(|p| p.containers.get_mut(idx)) {
            if ok {
                cr.ready_successes += 1;
                cr.ready_failures = 0;
                if cr.ready_successes >= rp.success_threshold() {
                    cr.ready = true;
                }
            } else {
                cr.ready_failures += 1;
                cr.ready_successes = 0;
                if cr.ready_failures >= rp.failure_threshold() {
                    cr.ready = false;
                }
                became_unready_event = Some(why.replace("{ip}", &ip));
            }
        }
        if let Some(why) = became_unready_event {
            event(cluster, &key, "Warning", "Unhealthy", format!("Readiness probe failed: {why}"), Some(&spec.name));
        }
    }
    if let Some(lp) = &spec.liveness_probe {
        let (ok, why) = probe_ok(lp, spec, &ports, status);
        let mut failures = 0;
        if let Some(cr) = cluster.own.pods.edit().get_mut(uid).and_then(|p| p.containers.get_mut(idx)) {
            if ok {
                cr.live_failures = 0;
            } else {
                cr.live_failures += 1;
                failures = cr.live_failures;
            }
        }
        if !ok {
            event(
                cluster,
                &key,
                "Warning",
                "Unhealthy",
                format!("Liveness probe failed: {}", why.replace("{ip}", &ip)),
                Some(&spec.name),
            );
            if failures >= lp.failure_threshold() {
                event(
                    cluster,
                    &key,
                    "Normal",
                    "Killing",
                    format!("Container {} failed liveness probe, will be restarted", spec.name),
                    Some(&spec.name),
                );
                kill = true;
            }
        }
    }
    if let Some(cr) = cluster.own.pods.edit().get_mut(uid).and_then(|p| p.containers.get_mut(idx)) {
        cr.next_probe = Some(now + period);
    }
    if kill {
        let since = match c.state {
            CState::Running { since, .. } => since,
            _ => now,
        };
        container_exited(cluster, uid, idx, pod, since, 137);
    }
}

/// The kubelet's watch on pods, in the order the store saw them: a pod that got its deletion
/// timestamp begins terminating; a pod that left the store is forgotten.
pub(crate) fn watch(cluster: &mut Kubelet<'_>, changes: Vec<PodChange>) {
    for change in changes {
        match change {
            PodChange::Terminating(key) => begin_termination(cluster, &key),
            PodChange::Removed(uid) => {
                cluster.own.pods.edit().remove(&uid);
            }
        }
    }
}

/// A pod got its deletion timestamp: SIGTERM to every container.
fn begin_termination(cluster: &mut Kubelet<'_>, key: &ObjectKey) {
    let now = cluster.now();
    let Some(pod) = pod_of(cluster, key) else { return };
    let uid = pod.metadata.uid.clone();
    let grace = pod.metadata.deletion_grace_period_seconds.unwrap_or(30).max(0) as u64;
    let Some(rt) = cluster.own.pods.get(&uid).cloned() else {
        // Never admitted (e.g. just bound): goes at once.
        cluster.remove(key);
        return;
    };
    for (idx, c) in rt.containers.iter().enumerate() {
        if let CState::Running { since, exit_code, .. } = c.state {
            event(
                cluster,
                key,
                "Normal",
                "Killing",
                if course(cluster) {
                    format!("Killing container with id {}:{}:Need to kill Pod", "docker", c.name)
                } else {
                    format!("Stopping container {}", c.name)
                },
                Some(&c.name),
            );
            let stop = cluster.image(&c.image).sigterm_exit_secs().unwrap_or(grace).min(grace).max(1);
            // A command about to end by itself ends then, SIGTERM or not.
            let exits_at = match c.state {
                CState::Running { exits_at: Some(t), .. } => t.min(now + secs(stop)),
                _ => now + secs(stop),
            };
            set_state(cluster, &uid, idx, CState::Running { since, exits_at: Some(exits_at), exit_code });
        }
    }
    if let Some(p) = cluster.own.pods.edit().get_mut(&uid) {
        p.kill_at = Some(now + secs(grace.max(1)));
        for c in &mut p.containers {
            c.ready = false;
        }
    }
    write_status(cluster, &uid);
}

fn write_status(cluster: &mut Kubelet<'_>, uid: &str) {
    let now = cluster.now();
    let Some(rt) = cluster.own.pods.get(uid).cloned() else { return };
    let Some(pod) = cluster.get_by_key(&rt.key).and_then(Object::as_pod) else { return };
    // The new status is built beside the stored pod, which is read in place (not copied).
    let mut status = pod.status.clone();
    let course = course(cluster);
    let host_ip = node_ip(cluster, &rt.node);
    let mut statuses = Vec::new();
    for (idx, c) in rt.containers.iter().enumerate() {
        let spec = pod.spec.containers.get(idx);
        let image_name = image_ref(course, &c.image);
        let mut st = ContainerStatus {
            name: c.name.clone(),
            ready: c.ready,
            restart_count: c.restart_count,
            image: image_name.clone(),
            image_id: String::new(),
            container_id: None,
            started: false,
            state: ContainerState::default(),
            last_state: ContainerState::default(),
        };
        if let Some(t) = &c.last_terminated {
            st.last_state.terminated = Some(Box::new(t.clone()));
        }
        let running_image_id = || {
            let repo = image_name.rsplit_once(':').map(|(r, _)| r.to_string()).unwrap_or(image_name.clone());
            if course {
                format!("docker-pullable://{repo}@sha256:{}", digest(&c.image))
            } else {
                format!("{repo}@sha256:{}", digest(&c.image))
            }
        };
        match &c.state {
            CState::Pulling { .. } | CState::Creating { .. } => {
                st.state.waiting = Some(StateWaiting { reason: "ContainerCreating".into(), message: String::new() });
                st.image = image_ref(course, spec.map(|s| s.image.as_str()).unwrap_or(&c.image));
            }
            CState::ConfigError { message, .. } => {
                st.state.waiting =
                    Some(StateWaiting { reason: "CreateContainerConfigError".into(), message: message.clone() });
                st.image = image_ref(course, spec.map(|s| s.image.as_str()).unwrap_or(&c.image));
            }
            CState::PullFailed { backed_off, .. } => {
                let (reason, message) = if !crate::images::valid_reference(&c.image) {
                    ("InvalidImageName".to_string(), format!("Failed to apply default image tag \"{}\": couldn't parse image name \"{}\": invalid reference format", c.image, c.image))
                } else if *backed_off && c.pull_backoff > 0 {
                    ("ImagePullBackOff".to_string(), format!("Back-off pulling image \"{}\"", c.image))
                } else {
                    ("ContainerCreating".to_string(), String::new())
                };
                st.state.waiting = Some(StateWaiting { reason, message });
            }
            CState::Running { since, .. } => {
                st.state.running = Some(StateRunning { started_at: *since });
                st.started = true;
                st.image_id = running_image_id();
                st.container_id = c.container_id.clone();
            }
            CState::Exited { at, exit_code, restart_at, started } => {
                st.image_id = running_image_id();
                st.container_id = c.container_id.clone();
                let in_backoff = restart_at.is_some_and(|r| r > now) && c.restart_count > 0 && c.crash_backoff > 10
                    || restart_at.is_some_and(|r| r.since(*at).as_secs() >= 10 && r > now);
                if in_backoff {
                    let wait = restart_at.map(|r| r.since(*at).as_secs()).unwrap_or(10);
                    st.state.waiting = Some(StateWaiting {
                        reason: "CrashLoopBackOff".into(),
                        message: format!(
                            "back-off {}s restarting failed container={} pod={}_{}({})",
                            wait,
                            c.name,
                            pod.metadata.name,
                            pod.metadata.ns(),
                            pod.metadata.uid
                        ),
                    });
                } else {
                    st.state.terminated = Some(Box::new(StateTerminated {
                        exit_code: *exit_code,
                        reason: oom::exit_reason(cluster.own, uid, idx, *at, *exit_code).into(),
                        started_at: *started,
                        finished_at: *at,
                        container_id: c.container_id.clone(),
                    }));
                }
            }
        }
        // The pull-failure state before the back-off shows ErrImagePull.
        if let CState::PullFailed { backed_off: true, until } = &c.state {
            if until.since(now).as_secs() + 1 >= c.pull_backoff && c.pull_backoff > 0 {
                st.state.waiting = Some(StateWaiting {
                    reason: "ErrImagePull".into(),
                    message: format!("failed to pull and unpack image \"{}\": not found", image_ref(false, &c.image)),
                });
            }
        }
        statuses.push(st);
    }
    let any_started = rt.containers.iter().any(|c| c.ever_started);
    let all_ready = rt.containers.iter().all(|c| c.ready) && !rt.containers.is_empty();
    // Every container exited for good (restartPolicy Never, or OnFailure after success): the
    // pod's phase is final.
    let exit_codes: Vec<i64> = rt
        .containers
        .iter()
        .filter_map(|c| match c.state {
            CState::Exited { exit_code, restart_at: None, .. } => Some(exit_code),
            _ => None,
        })
        .collect();
    let completed = !rt.containers.is_empty() && exit_codes.len() == rt.containers.len();
    status.phase = if completed {
        if exit_codes.iter().all(|c| *c == 0) { "Succeeded" } else { "Failed" }.into()
    } else if any_started {
        "Running".into()
    } else {
        "Pending".into()
    };
    status.host_ip = host_ip;
    status.pod_ip = Some(rt.ip.clone());
    status.start_time = Some(rt.started_at);
    status.container_statuses = statuses;
    let prev = std::mem::take(&mut status.conditions);
    let cond = |type_: &'static str, ok: bool, reason: &str| {
        let status = if ok { "True" } else { "False" };
        let prev_c = prev.iter().find(|c| c.type_ == type_);
        let ltt = match prev_c {
            Some(p) if p.status == status => p.last_transition_time,
            _ => Some(now),
        };
        Condition {
            type_: type_.into(),
            status: status.into(),
            last_probe_time: None,
            last_transition_time: ltt,
            reason: if ok { String::new() } else { reason.into() },
            ..Default::default()
        }
    };
    let mut conds = Vec::new();
    if !course {
        // The sandbox goes away once the pod completed.
        conds.push(cond("PodReadyToStartContainers", !completed, ""));
    }
    let not_ready_reason = if completed { "PodCompleted" } else { "ContainersNotReady" };
    conds.push(cond("Initialized", true, ""));
    conds.push(cond("Ready", all_ready, not_ready_reason));
    conds.push(cond("ContainersReady", all_ready, not_ready_reason));
    conds.push(cond("PodScheduled", true, ""));
    let not_ready: Vec<String> = rt.containers.iter().filter(|c| !c.ready).map(|c| c.name.clone()).collect();
    for c in &mut conds {
        if (c.type_ == "Ready" || c.type_ == "ContainersReady") && c.status == "False" && !completed {
            c.message = format!("containers with unready status: [{}]", not_ready.join(" "));
        }
    }
    status.conditions = conds;
    let key = rt.key.clone();
    cluster.put_pod_status(&key, status);
}
