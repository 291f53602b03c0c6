//! Traffic: clients that send requests at a steady rate, through kube-proxy, to the pods that
//! answer them; counted per pod, per Service and per version, and kept as time series.
//!
//! # Clients
//! * **Outside the cluster** ([`ClientSpec`], set from the UI): a URL on a node's address and a
//!   node port (`http://10.0.0.11:31234/`), a rate in requests per second, and whether the
//!   client keeps its connection alive. Outside clients have addresses from 203.0.113.0/24.
//! * **Load-generator pods**: a running container whose command is a loop such as
//!   `while true; do wget -q -O- http://php-apache; done` (see [`images::load_loop`]) sends
//!   one request per iteration: `1000 / (pause + 5)` requests a second, where the pause is the
//!   loop's `sleep`. It resolves the URL with its pod's DNS (search path, ndots) and never
//!   keeps connections alive (every `wget` is a new process). The same loop typed into a pod's
//!   interactive shell is registered with [`start_shell_loop`] (the console runs it as a
//!   background job) and sends the same way until [`stop_shell_loop`]. A terminating pod's loop
//!   goes on until its container stops (a shell as PID 1 ignores SIGTERM).
//!
//! # What happens to a request
//! Each simulated second (after the controllers settled, see `Cluster::step`), every client
//! sends its requests for that second. Each **new connection** goes to a **ready** endpoint of
//! the Service chosen by [`pick`]:
//! * iptables mode (the default): uniformly at random, one draw per connection from the
//!   cluster's `traffic` stream (the 1/n, 1/(n-1), ... rule chain is that distribution);
//! * IPVS mode: round-robin, one cursor per Service port;
//! * `sessionAffinity: ClientIP`: the endpoint this client address used last, while it is still
//!   ready and the affinity (`timeoutSeconds`, 10800 by default) has not expired.
//!
//! A keep-alive client sends all its requests on one connection: they all go to the same pod
//! (conntrack keeps established flows, even after that pod turns unready) until the server
//! closes the connection after its `keepalive_requests` (nginx: 100 or 1000) or the pod stops
//! answering, which costs one failed request (connection reset) before the client reconnects.
//!
//! A request fails (an error) when the Service has no ready endpoint (refused), the port leads
//! nowhere (timeout), the name does not resolve, the chosen pod does not listen on the port,
//! or the container answers 5xx. Latency is the image's service time (see
//! [`images::ImageSpec::service_ms`]) plus one millisecond for the hop through a node port,
//! stretched while the pod's container is throttled at its CPU limit (`usage::model`: by its
//! demand over its limit in the second before; past the clients' 10 s timeout the requests fail).
//!
//! # Simplifications
//! Requests within one second all see the cluster as it is at the end of that second; kube-proxy
//! programs every node at once (no propagation delay); timeouts do not slow a client down; a
//! load loop's rate does not wait for slower answers (it is open, not closed). Node-port traffic is source-NATed to the receiving node under
//! `externalTrafficPolicy: Cluster` and keeps the client's address under `Local` (which reaches
//! only that node's pods), as kube-proxy does (see `network::seen_source`).
//!
//! # Cost
//! The aggregate path is one random draw per new connection and a counter increment; pages are
//! rendered once per (client, pod) per second, and access logs get one line per (client, pod)
//! per second with a repeat count. A sample of at most [`SAMPLES_PER_SECOND`] requests per
//! second is kept for the UI to animate.

use crate::api::*;
use crate::cluster::Cluster;
use crate::images;
use crate::network::{self, AccessLogEntry, Destination};
use crate::rng::SimRng;
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

mod census;

/// One-second samples kept (one simulated hour).
pub const SERIES_CAPACITY: usize = 3600;
/// How many requests per second are kept as individual samples for animation.
pub const SAMPLES_PER_SECOND: usize = 40;
/// The highest rate an outside client may have, in requests per second.
pub const MAX_RATE: u32 = 20_000;
/// At most this many outside clients.
pub const MAX_CLIENTS: usize = 16;
/// `sessionAffinityConfig.clientIP.timeoutSeconds` when unset.
pub const DEFAULT_AFFINITY_TIMEOUT_SECS: u64 = 10_800;
/// How many of its answers a load-generator pod's log keeps.
pub const CLIENT_LOG_LIMIT: usize = 20;
/// The series name of requests that no pod answered.
pub const UNANSWERED: &str = "(no pod)";

/// kube-proxy's mode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ProxyMode {
    /// iptables: a random endpoint per new connection.
    #[default]
    Iptables,
    /// IPVS with its default scheduler, round-robin.
    Ipvs,
}

impl ProxyMode {
    pub fn name(self) -> &'static str {
        match self {
            ProxyMode::Iptables => "iptables",
            ProxyMode::Ipvs => "ipvs",
        }
    }
}

/// A client outside the cluster, as the student sets it up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSpec {
    pub name: String,
    /// `http://<node address>:<node port>/path`.
    pub url: String,
    /// Requests per second.
    pub rate: u32,
    /// Reuse one connection for every request.
    pub keep_alive: bool,
}

/// Requests, failures and summed latency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub requests: u64,
    pub errors: u64,
    /// Sum of the answered requests' latencies, in milliseconds.
    pub latency_ms: u64,
}

impl Counts {
    fn add(&mut self, n: u64, errors: u64, latency_ms: u64) {
        self.requests += n;
        self.errors += errors;
        self.latency_ms += latency_ms;
    }
    fn merge(&mut self, o: &Counts) {
        self.add(o.requests, o.errors, o.latency_ms);
    }
    /// Mean latency of the answered requests, in milliseconds.
    pub fn mean_latency_ms(&self) -> u64 {
        let answered = self.requests.saturating_sub(self.errors);
        self.latency_ms.checked_div(answered).unwrap_or(0)
    }
}

/// Where a client sits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    Outside,
    /// A load-generator pod.
    Pod {
        namespace: String,
        name: String,
        uid: String,
    },
}

/// A kept-alive connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Conn {
    namespace: String,
    pod: String,
    port: i64,
    served: u32,
}

/// One client and what its requests did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientState {
    pub name: String,
    pub origin: Origin,
    pub url: String,
    pub keep_alive: bool,
    /// Requests per second, in thousandths.
    pub rate_milli: u64,
    /// The client's address.
    pub ip: String,
    pub user_agent: String,
    carry_milli: u64,
    conn: Option<Conn>,
    /// What the last second's requests reached: `Service default/web` or the failure.
    pub route: String,
    /// The Service (`namespace/name`) the last second's requests went through, if any.
    pub service: Option<String>,
    /// The pod a kept-alive connection is pinned to.
    pub pinned: Option<String>,
    /// The last second's counts.
    pub last: Counts,
    pub total: Counts,
    /// The last answers' bodies, with repeat counts (what `wget -q -O-` printed).
    pub log: VecDeque<(String, u32)>,
}

impl ClientState {
    /// A client that has sent nothing yet.
    fn new(
        name: String,
        origin: Origin,
        url: String,
        keep_alive: bool,
        rate_milli: u64,
        ip: String,
        user_agent: &str,
    ) -> ClientState {
        ClientState {
            name,
            origin,
            url,
            keep_alive,
            rate_milli,
            ip,
            user_agent: user_agent.into(),
            carry_milli: 0,
            conn: None,
            route: String::new(),
            service: None,
            pinned: None,
            last: Counts::default(),
            total: Counts::default(),
            log: VecDeque::new(),
        }
    }
}

/// What one pod answered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodTraffic {
    pub namespace: String,
    pub name: String,
    /// The image that answered (the version).
    pub version: String,
    /// The second `last` counts.
    pub last_at: SimTime,
    pub last: Counts,
    pub total: Counts,
}

impl PodTraffic {
    /// Requests in the second ending at `now` (0 if the pod answered none then).
    pub fn rate_at(&self, now: SimTime) -> u64 {
        if self.last_at == now {
            self.last.requests
        } else {
            0
        }
    }
}

/// One second of traffic.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrafficSample {
    pub time: SimTime,
    /// By the image that answered; requests nobody answered under [`UNANSWERED`].
    pub versions: BTreeMap<String, Counts>,
    /// By Service (`namespace/name`).
    pub services: BTreeMap<String, Counts>,
    /// The pods behind each Service of [`Self::services`] at the end of the second, from its
    /// Endpoints: `(ready, pods)`, the ready ones and all that are not terminating (the lab's
    /// "never fewer than 9 serving, at most 12 pods" windows). Not serialised: a cluster
    /// restored from JSON has it for the seconds after the restore only.
    #[serde(skip)]
    pub endpoints: BTreeMap<String, (u32, u32)>,
}

impl TrafficSample {
    pub fn total(&self) -> Counts {
        let mut c = Counts::default();
        for v in self.versions.values() {
            c.merge(v);
        }
        c
    }
}

/// One request kept for the UI to draw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSample {
    pub client: String,
    /// `namespace/name` of the Service it went through.
    pub service: Option<String>,
    /// The answering pod, `namespace/name`.
    pub pod: Option<String>,
    pub version: Option<String>,
    pub ok: bool,
    /// How long the answer took, in milliseconds (0 for a failure).
    pub latency_ms: u32,
    /// When within the second it was sent, 0..1000.
    pub at_ms: u32,
}

/// A pod's access log: entries oldest first, at most `ACCESS_LOG_LIMIT` lines.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AccessLog {
    pub entries: VecDeque<AccessLogEntry>,
    lines: u64,
    /// Lines ever written (kept ones and dropped ones), for `kubectl logs -f`.
    #[serde(default)]
    pub written: u64,
}

/// Everything the network remembers: access logs, clients, kube-proxy's state, counters.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TrafficState {
    /// iptables' random choices and the API server proxy's: the traffic model's own stream.
    rng: SimRng,
    pub(crate) access_logs: BTreeMap<String, AccessLog>,
    proxy_mode: ProxyMode,
    /// Outside clients by name.
    clients: BTreeMap<String, ClientState>,
    /// Load-generator pods by `namespace/name`.
    pod_clients: BTreeMap<String, ClientState>,
    /// Loops typed into a pod's interactive shell, by `namespace/name`: (pod uid, the loop).
    shell_loops: BTreeMap<String, (String, images::LoadLoop)>,
    /// IPVS round-robin cursors by `namespace/service:port`.
    cursors: BTreeMap<String, u64>,
    /// ClientIP affinity: `namespace/service:port client-address` → (pod, expiry in ms). (A
    /// string key, so that the state serialises to JSON.)
    affinity: BTreeMap<String, (String, u64)>,
    /// By pod uid.
    pods: BTreeMap<String, PodTraffic>,
    series: VecDeque<TrafficSample>,
    /// Single requests (`curl`, the browser) since the last second, folded into the next sample.
    pending: TrafficSample,
    samples: Vec<RequestSample>,
}

impl TrafficState {
    pub(crate) fn new(rng: SimRng) -> TrafficState {
        TrafficState {
            rng,
            access_logs: BTreeMap::new(),
            proxy_mode: ProxyMode::default(),
            clients: BTreeMap::new(),
            pod_clients: BTreeMap::new(),
            shell_loops: BTreeMap::new(),
            cursors: BTreeMap::new(),
            affinity: BTreeMap::new(),
            pods: BTreeMap::new(),
            series: VecDeque::new(),
            pending: TrafficSample::default(),
            samples: Vec::new(),
        }
    }
    /// An empty state standing in while the real one is lent to `tick` (never drawn from).
    pub(crate) fn detached() -> TrafficState {
        TrafficState::new(SimRng::new(0))
    }
    /// A uniform draw in `0..n` from the traffic stream.
    pub(crate) fn draw_below(&mut self, n: u64) -> u64 {
        self.rng.below(n)
    }
    pub fn proxy_mode(&self) -> ProxyMode {
        self.proxy_mode
    }
    /// Outside clients, then load-generator pods, each in name order.
    pub fn clients(&self) -> impl Iterator<Item = &ClientState> {
        self.clients.values().chain(self.pod_clients.values())
    }
    /// Outside clients only.
    pub fn outside_clients(&self) -> impl Iterator<Item = &ClientState> {
        self.clients.values()
    }
    /// Per-pod counters (pods that still exist and answered something).
    pub fn pods(&self) -> impl Iterator<Item = &PodTraffic> {
        self.pods.values()
    }
    pub fn pod(&self, uid: &str) -> Option<&PodTraffic> {
        self.pods.get(uid)
    }
    /// One sample per simulated second, oldest first.
    pub fn series(&self) -> impl Iterator<Item = &TrafficSample> {
        self.series.iter()
    }
    pub fn last_sample(&self) -> Option<&TrafficSample> {
        self.series.back()
    }
    /// A sample of the last second's requests, for animation.
    pub fn samples(&self) -> &[RequestSample] {
        &self.samples
    }
    /// A client by key: an outside client by its name, a load generator by `namespace/name`.
    fn client(&self, key: &str, outside: bool) -> Option<&ClientState> {
        if outside {
            self.clients.get(key)
        } else {
            self.pod_clients.get(key)
        }
    }
    fn client_mut(&mut self, key: &str, outside: bool) -> Option<&mut ClientState> {
        if outside {
            self.clients.get_mut(key)
        } else {
            self.pod_clients.get_mut(key)
        }
    }
    /// True if any client is sending.
    pub fn active(&self) -> bool {
        self.clients.values().chain(self.pod_clients.values()).any(|c| c.rate_milli > 0)
    }
}

// ----- the public API -----

/// The network's state.
pub fn state(cluster: &Cluster) -> &TrafficState {
    cluster.traffic()
}

/// Switches kube-proxy's mode (every node at once).
pub fn set_proxy_mode(cluster: &mut Cluster, mode: ProxyMode) {
    cluster.traffic_mut().proxy_mode = mode;
}

/// Adds an outside client or changes one (by name). A rate of 0 keeps the client, idle.
pub fn set_client(cluster: &mut Cluster, spec: &ClientSpec) -> Result<(), String> {
    let name = spec.name.trim();
    if name.is_empty() || name.len() > 63 || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(format!("invalid client name {:?}: use 1-63 letters, digits or '-'", spec.name));
    }
    if spec.rate > MAX_RATE {
        return Err(format!("rate {} is above the lab's limit of {MAX_RATE} requests per second", spec.rate));
    }
    let Some(u) = network::parse_url(&spec.url) else { return Err(format!("invalid URL {:?}", spec.url)) };
    if u.host.parse::<std::net::Ipv4Addr>().is_err() {
        return Err(format!(
            "{}: a client outside the cluster has no cluster DNS; use a node's address and a node port",
            u.host
        ));
    }
    let traffic = cluster.traffic_mut();
    if !traffic.clients.contains_key(name) && traffic.clients.len() >= MAX_CLIENTS {
        return Err(format!("at most {MAX_CLIENTS} clients"));
    }
    let used: BTreeSet<String> = traffic.clients.values().map(|c| c.ip.clone()).collect();
    let ip = match traffic.clients.get(name) {
        Some(c) => c.ip.clone(),
        None => (20..255).map(|i| format!("203.0.113.{i}")).find(|ip| !used.contains(ip)).unwrap_or_default(),
    };
    let entry = traffic.clients.entry(name.to_string()).or_insert_with(|| {
        ClientState::new(
            name.to_string(),
            Origin::Outside,
            spec.url.clone(),
            spec.keep_alive,
            0,
            ip,
            "kubelab-load/1.0",
        )
    });
    if entry.url != spec.url || entry.keep_alive != spec.keep_alive {
        entry.conn = None;
        entry.pinned = None;
    }
    entry.url = spec.url.clone();
    entry.keep_alive = spec.keep_alive;
    entry.rate_milli = spec.rate as u64 * 1000;
    Ok(())
}

/// A load loop typed into an interactive shell of pod `namespace/name` (the HPA walkthrough's
/// `while sleep 0.01; do wget -q -O- http://php-apache; done`): from the next second on, the
/// pod sends its requests, until [`stop_shell_loop`] or the pod goes away. Returns false if the
/// pod does not exist.
pub fn start_shell_loop(cluster: &mut Cluster, namespace: &str, pod: &str, l: images::LoadLoop) -> bool {
    let Some(Object::Pod(p)) = cluster.get(Kind::Pod, namespace, pod) else { return false };
    let uid = p.metadata.uid.clone();
    cluster.traffic_mut().shell_loops.insert(format!("{namespace}/{pod}"), (uid, l));
    true
}

/// Stops a loop typed into a pod's shell (Ctrl-C, or the shell exited).
pub fn stop_shell_loop(cluster: &mut Cluster, namespace: &str, pod: &str) -> bool {
    cluster.traffic_mut().shell_loops.remove(&format!("{namespace}/{pod}")).is_some()
}

/// Whether a loop typed into this pod's shell is running.
pub fn shell_loop_running(cluster: &Cluster, namespace: &str, pod: &str) -> bool {
    cluster.traffic().shell_loops.contains_key(&format!("{namespace}/{pod}"))
}

/// Removes an outside client. Returns whether it existed.
pub fn remove_client(cluster: &mut Cluster, name: &str) -> bool {
    cluster.traffic_mut().clients.remove(name).is_some()
}

/// kube-proxy's choice of a ready backend (index into `backends`) for a new connection from
/// `client_ip` to a Service port; `None` when there is none (connection refused).
pub fn pick(
    t: &mut TrafficState,
    now: SimTime,
    svc: &Service,
    port: &ServicePort,
    client_ip: &str,
    backends: &[(String, String, i64)],
) -> Option<usize> {
    if backends.is_empty() {
        return None;
    }
    let key = format!("{}/{}:{}", svc.metadata.ns(), svc.metadata.name, port.port);
    let now = now.as_millis();
    let affinity = svc.spec.session_affinity.as_deref() == Some("ClientIP");
    if affinity {
        if let Some((pod, expires)) = t.affinity.get(&format!("{key} {client_ip}")) {
            if *expires > now {
                if let Some(i) = backends.iter().position(|b| &b.1 == pod) {
                    let timeout = affinity_timeout_ms(svc);
                    t.affinity.insert(format!("{key} {client_ip}"), (pod.clone(), now + timeout));
                    return Some(i);
                }
            }
        }
    }
    let n = backends.len() as u64;
    let i = match t.proxy_mode {
        ProxyMode::Iptables => t.rng.below(n) as usize,
        ProxyMode::Ipvs => {
            let cursor = t.cursors.entry(key.clone()).or_insert(0);
            let i = (*cursor % n) as usize;
            *cursor = cursor.wrapping_add(1);
            i
        }
    };
    if affinity {
        let timeout = affinity_timeout_ms(svc);
        t.affinity.insert(format!("{key} {client_ip}"), (backends[i].1.clone(), now + timeout));
    }
    Some(i)
}

fn affinity_timeout_ms(svc: &Service) -> u64 {
    svc.spec
        .extra
        .get("sessionAffinityConfig")
        .and_then(|c| c.get("clientIP"))
        .and_then(|c| c.get("timeoutSeconds"))
        .and_then(|t| t.as_u64())
        .unwrap_or(DEFAULT_AFFINITY_TIMEOUT_SECS)
        .min(86_400)
        * 1000
}

// ----- single requests (curl, wget, the browser panel) -----

fn push_log(t: &mut TrafficState, uid: &str, entry: AccessLogEntry) {
    let logs = &mut t.access_logs;
    if !logs.contains_key(uid) {
        logs.insert(uid.to_string(), AccessLog::default());
    }
    let Some(log) = logs.get_mut(uid) else { return };
    log.lines += entry.count as u64;
    log.written += entry.count as u64;
    log.entries.push_back(entry);
    while log.lines > network::ACCESS_LOG_LIMIT {
        let Some(front) = log.entries.front_mut() else { break };
        let excess = log.lines - network::ACCESS_LOG_LIMIT;
        if (front.count as u64) <= excess {
            log.lines -= front.count as u64;
            log.entries.pop_front();
        } else {
            front.count -= excess as u32;
            log.lines -= excess;
        }
    }
}

fn count_pod(t: &mut TrafficState, now: SimTime, pod: &Pod, version: &str, n: u64, errors: u64, latency: u64) {
    count_pod_by(t, now, &pod.metadata.uid, pod.metadata.ns(), &pod.metadata.name, version, n, errors, latency);
}

#[allow(clippy::too_many_arguments)]
fn count_pod_by(
    t: &mut TrafficState,
    now: SimTime,
    uid: &str,
    ns: &str,
    name: &str,
    version: &str,
    n: u64,
    errors: u64,
    latency: u64,
) {
    let pods = &mut t.pods;
    if !pods.contains_key(uid) {
        pods.insert(
            uid.to_string(),
            PodTraffic { namespace: ns.to_string(), name: name.to_string(), ..Default::default() },
        );
    }
    let Some(t) = pods.get_mut(uid) else { return };
    if t.last_at != now {
        t.last_at = now;
        t.last = Counts::default();
    }
    if t.version != version {
        t.version = version.to_string();
    }
    t.last.add(n, errors, latency);
    t.total.add(n, errors, latency);
}

/// The version a pod stands for when it fails to answer: its first container's image.
fn pod_version(pod: &Pod) -> String {
    pod.spec.containers.first().map(|c| c.image.clone()).unwrap_or_default()
}

pub(crate) fn record_answered(cluster: &mut Cluster, pod: &Pod, image: &str, entry: AccessLogEntry, latency: u32) {
    let error = u64::from(entry.status >= 500);
    let now = cluster.now();
    let t = cluster.traffic_mut();
    push_log(t, &pod.metadata.uid, entry);
    count_pod(t, now, pod, image, 1, error, latency as u64);
    t.pending.versions.entry(image.to_string()).or_default().add(1, error, latency as u64);
}

pub(crate) fn record_unanswered(cluster: &mut Cluster, pod: Option<&Pod>) {
    let now = cluster.now();
    let t = cluster.traffic_mut();
    let version = match pod {
        Some(p) => {
            let v = pod_version(p);
            count_pod(t, now, p, &v, 1, 1, 0);
            v
        }
        None => UNANSWERED.to_string(),
    };
    t.pending.versions.entry(version).or_default().add(1, 1, 0);
}

// ----- the per-second load -----

/// A load-generator pod found by `find_pod_clients`: namespace, name, uid, IP, its loop, and
/// whether it uses wget.
type FoundClient = (String, String, String, String, images::LoadLoop, bool);

/// Load-generator pods: running containers whose command is a request loop.
fn discover_pod_clients(t: &mut TrafficState, cluster: &Cluster) {
    let found = find_pod_clients(t, cluster);
    let clients = &mut t.pod_clients;
    clients.retain(|k, c| match (found.get(k), &c.origin) {
        (Some(f), Origin::Pod { uid, .. }) => *uid == f.2,
        _ => false,
    });
    for (key, (ns, name, uid, ip, l, wget)) in found {
        let rate_milli = 1_000_000 / (l.pause_ms + images::LOOP_ITERATION_MS);
        let c = clients.entry(key.clone()).or_insert_with(|| {
            ClientState::new(
                key.clone(),
                Origin::Pod { namespace: ns.clone(), name: name.clone(), uid: uid.clone() },
                l.url.clone(),
                false,
                rate_milli,
                ip.clone(),
                if wget { "Wget" } else { "curl/7.61.1" },
            )
        });
        c.url = l.url;
        c.rate_milli = rate_milli;
        c.ip = ip;
    }
}

/// Whether the coming seconds send nothing: no outside client, no load-generator pod, no single
/// request waiting to be folded into a sample. Then a second of traffic only records an empty
/// sample (and prunes every ten seconds), which `fast_forward` does for many at once.
pub(crate) fn idle(t: &TrafficState, cluster: &Cluster) -> bool {
    t.clients.is_empty()
        && t.pod_clients.is_empty()
        && t.pending == TrafficSample::default()
        && find_pod_clients(t, cluster).is_empty()
}

/// `steps` idle seconds of traffic (see `idle`) after `cluster.now()`: what `tick` would have done
/// in each.
pub(crate) fn fast_forward(t: &mut TrafficState, cluster: &Cluster, steps: u64) {
    let now = cluster.now();
    t.samples.clear();
    let kept = steps.min(SERIES_CAPACITY as u64);
    for j in (steps - kept + 1)..=steps {
        let time = now + SimDuration::from_secs(j);
        t.series.push_back(TrafficSample { time, ..Default::default() });
    }
    while t.series.len() > SERIES_CAPACITY {
        t.series.pop_front();
    }
    // Pruning is idempotent while the pods stay the same: only the last one counts, at the
    // last step j whose second (now's seconds + j) is a multiple of ten.
    if let Some(j) = steps.checked_sub((now.as_secs() + steps) % 10).filter(|j| *j >= 1) {
        prune_at(t, cluster, (now + SimDuration::from_secs(j)).as_millis());
    }
}

/// The pods whose running containers loop over requests (a command, or a loop typed into a shell).
fn find_pod_clients(t: &TrafficState, cluster: &Cluster) -> BTreeMap<String, FoundClient> {
    let mut found: BTreeMap<String, FoundClient> = BTreeMap::new();
    // A client's container runs, so its pod is bound. Without loops typed in shells, only a
    // pod with a command can be one (an index of those).
    let candidates: Box<dyn Iterator<Item = &Pod>> = if t.shell_loops.is_empty() {
        Box::new(cluster.pods_with_commands().filter(|p| p.spec.node_name.is_some()))
    } else {
        Box::new(cluster.bound_pods())
    };
    for pod in candidates {
        // Only a container with a command, or a pod with a loop typed in its shell, can be a
        // client: the others are passed over before any work.
        if t.shell_loops.is_empty() && pod.spec.containers.iter().all(|c| c.command.is_empty() && c.args.is_empty()) {
            continue;
        }
        // A terminating pod's loop goes on until its container stops: a shell running a loop as
        // PID 1 ignores SIGTERM and is killed at the end of the grace period.
        let key = format!("{}/{}", pod.metadata.ns(), pod.metadata.name);
        let typed = t.shell_loops.get(&key).filter(|(uid, _)| *uid == pod.metadata.uid);
        for c in &pod.spec.containers {
            let typed_here = typed.filter(|_| c.name == pod.spec.containers[0].name);
            if c.command.is_empty() && c.args.is_empty() && typed_here.is_none() {
                continue;
            }
            let running = pod.status.container_statuses.iter().any(|s| s.name == c.name && s.state.running.is_some());
            if !running {
                continue;
            }
            let from_command = images::load_loop(&c.command, &c.args);
            if let Some(l) = from_command.or_else(|| typed_here.map(|(_, l)| l.clone())) {
                let wget = !l.curl;
                found.insert(
                    key,
                    (
                        pod.metadata.ns().to_string(),
                        pod.metadata.name.clone(),
                        pod.metadata.uid.clone(),
                        pod.status.pod_ip.clone().unwrap_or_default(),
                        l,
                        wget,
                    ),
                );
                break;
            }
        }
    }
    found
}

/// What one backend answers this second.
#[derive(Clone)]
struct Answer {
    uid: String,
    version: String,
    /// `None`: not listening (refused).
    status: Option<u16>,
    bytes: u64,
    /// The page, shared by every pod of a template.
    body: std::rc::Rc<str>,
    latency: u64,
    keepalive_requests: Option<u32>,
    /// The source address the pod sees ("" for the client's own).
    from: String,
    /// The image fails this percentage of requests with this status and body.
    errors: Option<(u32, u16, std::rc::Rc<str>)>,
}

/// What a container of a pod template serves on a port, computed once per second per client:
/// keyed by (the pod's controller uid, or its own uid; container name; port).
type AnswerCache = BTreeMap<(String, String, i64), Option<Answer>>;

#[allow(clippy::too_many_arguments)]
fn answer_of(
    t: &TrafficState,
    cluster: &Cluster,
    cache: &mut AnswerCache,
    ns: &str,
    name: &str,
    port: i64,
    path: &str,
    host: &str,
    from: &str,
) -> Option<Answer> {
    let Some(Object::Pod(pod)) = cluster.get(Kind::Pod, ns, name) else { return None };
    if pod.metadata.is_deleting() {
        // Deleted: endpoints already dropped it; its server shuts down and closes connections.
        return None;
    }
    let template = pod.metadata.controller_ref().map(|o| o.uid.as_str()).unwrap_or(&pod.metadata.uid);
    let served = t.access_logs.get(&pod.metadata.uid).map(|l| l.written).unwrap_or(0);
    for c in &pod.spec.containers {
        let running = pod.status.container_statuses.iter().any(|s| s.name == c.name && s.state.running.is_some());
        if !running {
            continue;
        }
        // Answers that depend on the pod itself are computed per pod, the rest per template.
        // (An answer cached under the template's key is one that does not; the image is looked
        // up only on a miss.)
        let template_key = (template.to_string(), c.name.clone(), port);
        let (key, info) = if cache.contains_key(&template_key) {
            (template_key, None)
        } else {
            let info = cluster.image(&c.image);
            let key =
                if info.answers_per_pod() { (pod.metadata.uid.clone(), c.name.clone(), port) } else { template_key };
            (key, Some(info))
        };
        let served = cache
            .entry(key)
            .or_insert_with(|| {
                let info = info.unwrap_or_else(|| cluster.image(&c.image));
                let declared: Vec<i64> = c.ports.iter().map(|p| p.container_port).collect();
                match info.behaviour(&c.command, &c.args, &declared) {
                    images::Behaviour::WebServer { ports } if ports.contains(&port) => {
                        let me = images::Server {
                            hostname: &pod.metadata.name,
                            served,
                            course_era: !cluster.version().at_least(20),
                        };
                        let ans = info.http_get(path, host, from, &me);
                        Some(Answer {
                            uid: String::new(),
                            version: c.image.clone(),
                            status: Some(ans.status),
                            bytes: ans.body.len() as u64,
                            body: ans.body.into(),
                            latency: info.service_ms() as u64,
                            keepalive_requests: info.keepalive_requests(),
                            from: String::new(),
                            errors: info.errors().map(|(percent, e)| (percent, e.status, e.body.into())),
                        })
                    }
                    _ => None,
                }
            })
            .clone();
        if let Some(mut a) = served {
            a.uid = pod.metadata.uid.clone();
            return Some(a);
        }
    }
    Some(Answer {
        uid: pod.metadata.uid.clone(),
        version: pod_version(pod),
        status: None,
        bytes: 0,
        body: "".into(),
        latency: 0,
        keepalive_requests: None,
        from: String::new(),
        errors: None,
    })
}

/// `k` requests answered by `a`, split by the image's error share into (answer, requests,
/// failed) parts: each request draws once from the `traffic` stream, in order (an image
/// without `errors` draws nothing, so the other draws stay where they were).
fn with_errors(t: &mut TrafficState, a: Answer, k: u64) -> Vec<(Answer, u64, u64)> {
    let failed_by_status = |a: &Answer, k: u64| if a.status.is_some_and(|s| s < 500) { 0 } else { k };
    let Some((percent, status, body)) = a.errors.clone().filter(|_| a.status.is_some()) else {
        let failed = failed_by_status(&a, k);
        return vec![(a, k, failed)];
    };
    let errors = (0..k).filter(|_| t.draw_below(100) < u64::from(percent)).count() as u64;
    let mut parts = Vec::new();
    if errors < k {
        let failed = failed_by_status(&a, k - errors);
        parts.push((a.clone(), k - errors, failed));
    }
    if errors > 0 {
        let e = Answer { status: Some(status), bytes: body.len() as u64, body, ..a };
        parts.push((e, errors, errors));
    }
    parts
}

/// The requests one client sent this second, per destination.
struct Sent {
    /// (pod namespace, pod name, answer, requests, of which failed)
    per_pod: Vec<(String, String, Answer, u64, u64)>,
    /// Requests no pod answered.
    unanswered: u64,
    service: Option<String>,
    route: String,
    path: String,
    port: i64,
}

fn send(t: &mut TrafficState, cluster: &Cluster, key: &str, outside: bool, n: u64) -> Sent {
    let mut sent =
        Sent { per_pod: vec![], unanswered: 0, service: None, route: String::new(), path: "/".into(), port: 0 };
    let Some(c) = t.client(key, outside) else { return sent };
    let (url, client_ip, keep_alive, mut conn) = (c.url.clone(), c.ip.clone(), c.keep_alive, c.conn.clone());
    let ns = match &c.origin {
        Origin::Pod { namespace, .. } => namespace.clone(),
        Origin::Outside => String::new(),
    };
    let fail = |mut sent: Sent, why: &str| {
        sent.unanswered = n;
        sent.route = why.to_string();
        sent
    };
    let Some(u) = network::parse_url(&url) else { return fail(sent, "bad URL") };
    sent.path = u.path.clone();
    let ip = if outside {
        if u.host.parse::<std::net::Ipv4Addr>().is_err() {
            return fail(sent, "could not resolve host");
        }
        if !network::is_node_ip(cluster, &u.host) {
            // From outside only the nodes' addresses are reachable.
            return fail(sent, "connection timed out (not a node's address)");
        }
        u.host.clone()
    } else {
        match network::resolve(cluster, &ns, &u.host) {
            Some(a) => a.ips[0].clone(),
            None => return fail(sent, "bad address (NXDOMAIN)"),
        }
    };
    let host = if u.explicit_port { format!("{}:{}", u.host, u.port) } else { u.host.clone() };
    let mut cache = AnswerCache::new();
    let (svc, sp, via_node_port) = match network::destination(cluster, &ip, u.port) {
        Destination::Service { svc, port, node_port } => (svc, port, node_port),
        Destination::Pod(pns, pname, port) => {
            sent.route = format!("pod {pns}/{pname}");
            sent.port = port;
            return match answer_of(t, cluster, &mut cache, &pns, &pname, port, &u.path, &host, &client_ip) {
                Some(a) => {
                    for (a, k, failed) in with_errors(t, a, n) {
                        sent.per_pod.push((pns.clone(), pname.clone(), a, k, failed));
                    }
                    sent
                }
                None => fail(sent, "connection refused"),
            };
        }
        Destination::Refused => return fail(sent, "connection refused"),
        Destination::TimedOut => return fail(sent, "connection timed out"),
    };
    let svc_key = format!("{}/{}", svc.metadata.ns(), svc.metadata.name);
    sent.service = Some(svc_key.clone());
    sent.route = if via_node_port {
        format!("Service {svc_key} (node port {})", sp.node_port.unwrap_or_default())
    } else {
        format!("Service {svc_key}")
    };
    let node = if via_node_port { network::node_by_ip(cluster, &ip).cloned() } else { None };
    let mut backends = network::backends_for(cluster, &svc, &sp, node.as_ref().map(|n| n.metadata.name.as_str()));
    // A Rollout's traffic router sends its weight of this stable Service's requests to the
    // canary Service's pods (`controllers::rollout::routing`): those pods follow the stable ones.
    let stable_count = backends.len();
    let split = crate::controllers::rollout::routing::split(cluster, &svc).map(|(weight, canary)| {
        let port = canary.spec.ports.iter().find(|p| p.port == sp.port).or(canary.spec.ports.first()).cloned();
        if let Some(cp) = port {
            backends.extend(network::backends_for(
                cluster,
                &canary,
                &cp,
                node.as_ref().map(|n| n.metadata.name.as_str()),
            ));
        }
        weight
    });
    if backends.is_empty() && node.is_some() && network::external_policy_local(&svc) {
        return fail(sent, "connection timed out (externalTrafficPolicy: Local, no ready pod on this node)");
    }
    let hop = u64::from(via_node_port);
    let fallback_port = match &sp.target_port {
        Some(IntOrString::Int(p)) => *p,
        _ => sp.port,
    };
    // Requests per backend index; kept-alive requests to a pod that left the endpoints go to
    // `extra`.
    let mut per_backend = vec![0u64; backends.len()];
    let mut extra: BTreeMap<(String, String, i64), u64> = BTreeMap::new();
    let mut remaining = n;
    let affinity = svc.spec.session_affinity.as_deref() == Some("ClientIP");
    if keep_alive {
        while remaining > 0 {
            let Some(cn) = conn.clone() else {
                match pick(t, cluster.now(), &svc, &sp, &client_ip, &backends) {
                    Some(i) => {
                        let (bns, bname, bport) = backends[i].clone();
                        conn = Some(Conn { namespace: bns, pod: bname, port: bport, served: 0 });
                        continue;
                    }
                    None => {
                        sent.unanswered += remaining;
                        break;
                    }
                }
            };
            match answer_of(t, cluster, &mut cache, &cn.namespace, &cn.pod, cn.port, &u.path, &host, &client_ip) {
                Some(a) if a.status.is_some() => {
                    let limit = a.keepalive_requests.map(|l| l.saturating_sub(cn.served)).unwrap_or(u32::MAX);
                    let k = remaining.min(limit as u64).max(1);
                    match backends.iter().position(|b| b.0 == cn.namespace && b.1 == cn.pod) {
                        Some(i) => per_backend[i] += k,
                        None => *extra.entry((cn.namespace.clone(), cn.pod.clone(), cn.port)).or_default() += k,
                    }
                    remaining -= k;
                    let served = cn.served.saturating_add(k.min(u32::MAX as u64) as u32);
                    conn = if a.keepalive_requests.is_some_and(|l| served >= l) {
                        None
                    } else {
                        Some(Conn { served, ..cn })
                    };
                }
                _ => {
                    // The server went away under an open connection: that request fails.
                    sent.unanswered += 1;
                    remaining -= 1;
                    conn = None;
                }
            }
        }
        let pinned = conn.as_ref().map(|c| c.pod.clone());
        if let Some(c) = t.client_mut(key, outside) {
            c.conn = conn;
            c.pinned = pinned;
        }
    } else if backends.is_empty() {
        sent.unanswered = n;
    } else if let Some(weight) = split.filter(|_| !affinity) {
        // Per request: the canary side with the weight's probability, then a pod of that side.
        let canary_count = backends.len() - stable_count;
        for _ in 0..n {
            let to_canary = t.rng.below(100) < weight;
            let i = match (to_canary, stable_count, canary_count) {
                (true, _, c) if c > 0 => stable_count + t.rng.below(c as u64) as usize,
                (false, s, _) if s > 0 => t.rng.below(s as u64) as usize,
                (_, s, c) => t.rng.below((s + c) as u64) as usize,
            };
            per_backend[i] += 1;
        }
    } else if affinity {
        // Every new connection from this address goes where the first one went.
        if let Some(i) = pick(t, cluster.now(), &svc, &sp, &client_ip, &backends) {
            per_backend[i] += n;
        }
    } else {
        let m = backends.len() as u64;
        match t.proxy_mode {
            ProxyMode::Iptables => {
                for _ in 0..n {
                    per_backend[t.rng.below(m) as usize] += 1;
                }
            }
            ProxyMode::Ipvs => {
                let cursor = t.cursors.entry(format!("{svc_key}:{}", sp.port)).or_insert(0);
                let start = *cursor % m;
                for (i, slot) in per_backend.iter_mut().enumerate() {
                    let offset = (i as u64 + m - start) % m;
                    *slot = n / m + u64::from(offset < n % m);
                }
                *cursor = cursor.wrapping_add(n);
            }
        }
    }
    let targets = backends
        .iter()
        .zip(per_backend)
        .filter(|(_, k)| *k > 0)
        .map(|((ns, name, port), k)| ((ns.clone(), name.clone(), *port), k))
        .chain(extra);
    let mut last_port = fallback_port;
    for ((pns, pname, port), k) in targets.collect::<Vec<_>>() {
        last_port = port;
        match answer_of(t, cluster, &mut cache, &pns, &pname, port, &u.path, &host, &client_ip) {
            Some(mut a) => {
                a.latency += hop;
                if let (Some(n), Some(Object::Pod(pod))) = (&node, cluster.get(Kind::Pod, &pns, &pname)) {
                    a.from = network::seen_source(&svc, n, pod, &client_ip);
                }
                for (a, k, failed) in with_errors(t, a, k) {
                    sent.per_pod.push((pns.clone(), pname.clone(), a, k, failed));
                }
            }
            None => sent.unanswered += k,
        }
    }
    sent.port = last_port;
    sent
}

/// Sends every client's requests for the second that just ended and records a sample. Called
/// by `Cluster::step` after the controllers settled.
/// Reads the cluster as clients see it and writes only its own state `t`.
pub(crate) fn tick(t: &mut TrafficState, cluster: &Cluster) {
    discover_pod_clients(t, cluster);
    let now = cluster.now();
    let keys: Vec<(String, bool)> =
        t.clients.keys().map(|k| (k.clone(), true)).chain(t.pod_clients.keys().map(|k| (k.clone(), false))).collect();
    // How many requests each client sends this second.
    let mut plan = Vec::with_capacity(keys.len());
    for (key, outside) in keys {
        let Some(c) = t.client_mut(&key, outside) else { continue };
        c.carry_milli += c.rate_milli;
        let n = c.carry_milli / 1000;
        c.carry_milli %= 1000;
        c.last = Counts::default();
        plan.push((key, outside, n));
    }
    let total: u64 = plan.iter().map(|p| p.2).sum();
    let stride = total.div_ceil(SAMPLES_PER_SECOND as u64).max(1);
    let mut sample = std::mem::take(&mut t.pending);
    sample.time = now;
    let mut samples = Vec::new();
    let unix = cluster.unix_secs(now);
    // Pods at their CPU limit answer slower (`usage::model`).
    let throttles = crate::usage::model::throttles(t, cluster);
    for (key, outside, n) in plan {
        if n == 0 {
            continue;
        }
        let sent = send(t, cluster, &key, outside, n);
        let Some(c) = t.client(&key, outside) else { continue };
        let (client_ip, client_name) = (c.ip.clone(), c.name.clone());
        let user_agent = c.user_agent.clone();
        let mut client_counts = Counts::default();
        let mut bodies: Vec<(String, u32)> = Vec::new();
        for (pns, pname, a, k, failed) in &sent.per_pod {
            let (a_latency, timed_out) = match throttles.get(&a.uid) {
                Some(f) => crate::usage::model::throttled_latency(a.latency, *f),
                None => (a.latency, false),
            };
            let failed = &if timed_out { *k } else { *failed };
            let latency = a_latency * (k - failed);
            client_counts.add(*k, *failed, latency);
            sample.versions.entry(a.version.clone()).or_default().add(*k, *failed, latency);
            if let Some(s) = &sent.service {
                sample.services.entry(s.clone()).or_default().add(*k, *failed, latency);
            }
            {
                count_pod_by(t, now, &a.uid, pns, pname, &a.version, *k, *failed, latency);
                if let Some(status) = a.status {
                    push_log(
                        t,
                        &a.uid,
                        AccessLogEntry {
                            unix_secs: unix,
                            client_ip: if a.from.is_empty() { client_ip.clone() } else { a.from.clone() },
                            method: "GET".into(),
                            path: sent.path.clone(),
                            status,
                            bytes: a.bytes,
                            user_agent: user_agent.clone(),
                            port: sent.port,
                            count: (*k).min(u32::MAX as u64) as u32,
                        },
                    );
                    if !outside {
                        bodies.push((a.body.to_string(), (*k).min(u32::MAX as u64) as u32));
                    }
                }
            }
            // Samples: every `stride`-th request of the whole second.
            for _ in 0..k.div_ceil(stride).min(SAMPLES_PER_SECOND as u64) {
                if samples.len() >= SAMPLES_PER_SECOND {
                    break;
                }
                samples.push(RequestSample {
                    client: client_name.clone(),
                    service: sent.service.clone(),
                    pod: Some(format!("{pns}/{pname}")),
                    version: Some(a.version.clone()),
                    ok: *failed == 0,
                    latency_ms: if *failed == 0 { a_latency.min(u32::MAX as u64) as u32 } else { 0 },
                    at_ms: 0,
                });
            }
        }
        if sent.unanswered > 0 {
            client_counts.add(sent.unanswered, sent.unanswered, 0);
            sample.versions.entry(UNANSWERED.to_string()).or_default().add(sent.unanswered, sent.unanswered, 0);
            if let Some(s) = &sent.service {
                sample.services.entry(s.clone()).or_default().add(sent.unanswered, sent.unanswered, 0);
            }
            for _ in 0..sent.unanswered.div_ceil(stride).min(SAMPLES_PER_SECOND as u64) {
                if samples.len() >= SAMPLES_PER_SECOND {
                    break;
                }
                samples.push(RequestSample {
                    client: client_name.clone(),
                    service: sent.service.clone(),
                    pod: None,
                    version: None,
                    ok: false,
                    latency_ms: 0,
                    at_ms: 0,
                });
            }
        }
        if let Some(c) = t.client_mut(&key, outside) {
            c.last = client_counts;
            c.total.merge(&client_counts);
            c.route = sent.route.clone();
            c.service = sent.service.clone();
            if !outside {
                for (body, k) in bodies {
                    c.log.push_back((body, k));
                }
                while c.log.len() > CLIENT_LOG_LIMIT {
                    c.log.pop_front();
                }
            }
        }
    }
    // Spread the samples over the second, interleaving clients and pods.
    let m = samples.len() as u32;
    for (i, s) in samples.iter_mut().enumerate() {
        let slot = (i as u32 * 7) % m.max(1);
        s.at_ms = (slot * 1000).checked_div(m).unwrap_or(0);
    }
    crate::sort::by_key(&mut samples, |s| s.at_ms);
    t.samples = samples;
    sample.endpoints = census::endpoints(cluster, sample.services.keys());
    let series = &mut t.series;
    series.push_back(sample);
    while series.len() > SERIES_CAPACITY {
        series.pop_front();
    }
    if now.as_secs().is_multiple_of(10) {
        prune_at(t, cluster, now.as_millis());
    }
}

/// Forgets counters and logs of pods that no longer exist, and affinities expired at `now` (ms).
fn prune_at(t: &mut TrafficState, cluster: &Cluster, now: u64) {
    if t.pods.is_empty() && t.shell_loops.is_empty() && t.access_logs.is_empty() && t.affinity.is_empty() {
        return;
    }
    let live: BTreeSet<String> = cluster.pods().map(|p| p.metadata.uid.clone()).collect();
    t.pods.retain(|uid, _| live.contains(uid));
    t.shell_loops.retain(|_, (uid, _)| live.contains(uid));
    t.access_logs.retain(|uid, _| live.contains(uid));
    t.affinity.retain(|_, (_, expires)| *expires > now);
}
