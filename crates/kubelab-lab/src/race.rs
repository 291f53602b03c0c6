//! The race of deployment strategies: one change of the chapter's app (`registry.lab/my-app`
//! v1.0.0 to a good or a misbehaving v2), made four ways on four clusters from the same seed
//! under the same steady client, each lane measured second by second.
//!
//! Every lane starts with `replicas` pods of v1 behind Service `my-app` and a load-generator
//! pod (about 65 requests a second), then makes the change by its strategy ([`Strategy`]) and
//! follows one operator rule ([`operator`]): the new version is watched for
//! [`OBSERVE_SECS`] once it takes traffic; it is rolled back when its error rate over 30 s
//! exceeds 5 % (judged once it has served for 30 s) or when it is not ready within the
//! progress deadline (120 s). The measures ([`LaneResult`]) come from the runs: failed
//! requests, the longest stretch with no successful request, peak pods and requested
//! CPU/memory against steady state, time to finish, the share of requests the bad version
//! answered before the rollback, time to roll back.
//!
//! The lanes are independent and deterministic (the same seed gives the same table); a
//! [`Lane`] can be stepped one second at a time, so a UI can draw four lanes on one clock,
//! and [`Race`] (`race/sliced.rs`) runs the four a slice at a time to the same table.
//!
//! Simplifications: the operator stops watching once a change is done (a release that crashes
//! after that is not rolled back; its failures still count within the horizon); CPU use is
//! not modelled, only requests.

use crate::race::operator::Phase;
use kubelab_console::{Console, ConsoleConfig, NoFiles, Profile};
use kubelab_sim::api::{Object, Pod};
use kubelab_sim::traffic::{self, UNANSWERED};
use kubelab_sim::{Cluster, SimDuration, SimTime};
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub mod manifests;
mod operator;
mod sliced;

pub use sliced::Race;

/// Seconds the operator watches the new version once it takes traffic.
pub const OBSERVE_SECS: u64 = 60;
/// The window of the error-rate rule, in seconds.
pub const ERROR_WINDOW_SECS: u64 = 30;
/// The error rate (percent) above which the operator rolls back.
pub const MAX_ERROR_PERCENT: u64 = 5;
/// Seconds measured after the change.
pub const HORIZON_SECS: u64 = 600;
/// At most this many replicas per lane.
pub const MAX_REPLICAS: u32 = 50;

/// One of the chapter's four strategies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strategy {
    Recreate,
    RollingUpdate,
    BlueGreen,
    Canary,
}

impl Strategy {
    pub const ALL: [Strategy; 4] = [Strategy::Recreate, Strategy::RollingUpdate, Strategy::BlueGreen, Strategy::Canary];
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Recreate => "Recreate",
            Strategy::RollingUpdate => "RollingUpdate",
            Strategy::BlueGreen => "BlueGreen",
            Strategy::Canary => "Canary",
        }
    }
}

/// Which v2 the change brings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum V2 {
    Good,
    Errors,
    Slow,
    Crash,
    Unready,
}

impl V2 {
    pub const ALL: [V2; 5] = [V2::Good, V2::Errors, V2::Slow, V2::Crash, V2::Unready];
    pub fn name(self) -> &'static str {
        match self {
            V2::Good => "good",
            V2::Errors => "errors",
            V2::Slow => "slow",
            V2::Crash => "crash",
            V2::Unready => "unready",
        }
    }
    pub fn parse(s: &str) -> Option<V2> {
        V2::ALL.into_iter().find(|v| v.name() == s)
    }
    /// The image tag (`v2.0.0`, `v2.0.0-errors`, ...).
    pub fn tag(self) -> String {
        match self {
            V2::Good => "v2.0.0".to_string(),
            other => format!("v2.0.0-{}", other.name()),
        }
    }
    /// What the release does, in a few words.
    pub fn describe(self) -> &'static str {
        match self {
            V2::Good => "fine",
            V2::Errors => "20 % of requests get HTTP 500",
            V2::Slow => "400 ms per answer",
            V2::Crash => "exits 3 minutes after each start",
            V2::Unready => "its readiness probe gets 503",
        }
    }
}

/// What to race.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RaceConfig {
    pub seed: u64,
    pub replicas: u32,
    pub v2: V2,
}

impl RaceConfig {
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=MAX_REPLICAS).contains(&self.replicas) {
            return Err(format!("--replicas must be 1 to {MAX_REPLICAS}"));
        }
        Ok(())
    }
    pub fn v1_image(&self) -> String {
        format!("{}:{}", manifests::IMAGE, manifests::V1)
    }
    pub fn v2_image(&self) -> String {
        format!("{}:{}", manifests::IMAGE, self.v2.tag())
    }
}

/// One second of a lane, for drawing and for the property tests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tick {
    /// Seconds since the change.
    pub secs: u64,
    /// Pods of the app that exist (terminating ones included), by image.
    pub pods: BTreeMap<String, u32>,
    /// Ready pods behind the Service, by image.
    pub ready: BTreeMap<String, u32>,
    /// Requests through the Service answered by each image (`(no pod)`: unanswered), with
    /// their errors.
    pub requests: BTreeMap<String, (u64, u64)>,
    /// The operator's phase at the end of the second.
    pub phase: &'static str,
}

/// The measures of one lane.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LaneResult {
    pub strategy: Option<Strategy>,
    /// Requests and failed requests through the Service from the change to the horizon.
    pub requests: u64,
    pub failed: u64,
    /// Summed latency of the answered requests, in milliseconds.
    pub latency_ms: u64,
    /// The longest run of seconds in which no request through the Service succeeded.
    pub longest_outage_secs: u64,
    pub peak_pods: u32,
    pub peak_cpu_millis: i64,
    pub peak_memory_mib: i64,
    pub steady_pods: u32,
    /// Seconds from the change until the change was done (`None`: rolled back or never done).
    pub finished_secs: Option<u64>,
    /// Percent of the requests that reached v2 before the rollback was decided (bad v2 only).
    pub bad_share: Option<f64>,
    /// Seconds from the change until the rollback was complete (`None`: no rollback).
    pub rollback_secs: Option<u64>,
    /// The operator's commands, with the second they ran at.
    pub commands: Vec<(u64, String)>,
}

/// One lane: a console on its own cluster, a strategy, its operator and its measures.
pub struct Lane {
    pub strategy: Strategy,
    config: RaceConfig,
    console: Console,
    /// When the lane's setup began.
    started_at: SimTime,
    change_at: SimTime,
    phase: Phase,
    /// When v2 first answered a request.
    v2_first: Option<SimTime>,
    rollback_decided: bool,
    run: u64,
    bad_requests: u64,
    all_before_rollback: u64,
    result: LaneResult,
    ticks: Vec<Tick>,
}

impl Lane {
    /// Builds the lane's starting state (v1 serving under load) and makes the change.
    pub fn new(config: RaceConfig, strategy: Strategy) -> Result<Lane, String> {
        config.validate()?;
        let mut console =
            Console::new(ConsoleConfig { seed: config.seed, profile: Profile::Current }, Box::new(NoFiles));
        let started_at = console.cluster().now();
        for line in manifests::setup(strategy, config.replicas) {
            let out = console.run(&line);
            if out.exit_code != 0 {
                return Err(format!("setup failed: {}", out.stderr));
            }
        }
        let v1 = config.v1_image();
        let ready = console.cluster_mut().run_until(SimDuration::from_secs(300), |c| {
            count_pods(c, |p| p.is_ready() && image_of(p) == v1) >= config.replicas
        });
        if !ready {
            return Err("v1 did not become ready".into());
        }
        // A few seconds of steady traffic before the change.
        console.cluster_mut().run_for(SimDuration::from_secs(10));
        let change_at = console.cluster().now();
        let steady = config.replicas;
        let mut lane = Lane {
            strategy,
            config,
            console,
            started_at,
            change_at,
            phase: Phase::Start,
            v2_first: None,
            rollback_decided: false,
            run: 0,
            bad_requests: 0,
            all_before_rollback: 0,
            result: LaneResult {
                strategy: Some(strategy),
                steady_pods: steady,
                peak_pods: steady,
                peak_cpu_millis: i64::from(steady) * manifests::CPU_MILLIS,
                peak_memory_mib: i64::from(steady) * manifests::MEMORY_MIB,
                ..LaneResult::default()
            },
            ticks: Vec::new(),
        };
        lane.operate();
        Ok(lane)
    }

    pub fn cluster(&self) -> &Cluster {
        self.console.cluster()
    }
    pub fn config(&self) -> &RaceConfig {
        &self.config
    }
    /// Simulated seconds from the cluster's start to the change (setup and warm-up).
    pub fn warm_up_secs(&self) -> u64 {
        self.change_at.since(self.started_at).as_secs()
    }
    /// Seconds since the change.
    pub fn secs(&self) -> u64 {
        self.console.cluster().now().since(self.change_at).as_secs()
    }
    /// Whether the horizon is reached.
    pub fn finished(&self) -> bool {
        self.secs() >= HORIZON_SECS
    }
    pub fn ticks(&self) -> &[Tick] {
        &self.ticks
    }
    pub fn result(&self) -> &LaneResult {
        &self.result
    }

    /// Runs one console line as the operator (recorded with its second).
    fn kubectl(&mut self, line: &str) {
        let secs = self.secs();
        self.console.run(line);
        let shown = line.lines().next().unwrap_or(line).to_string();
        self.result.commands.push((secs, shown));
    }

    /// One simulated second: the cluster steps, the second is measured, the operator acts.
    pub fn step(&mut self) {
        if self.finished() {
            return;
        }
        self.console.cluster_mut().step();
        self.measure();
        self.operate();
    }

    /// Runs the lane to its horizon.
    pub fn run(mut self) -> (LaneResult, Vec<Tick>) {
        while !self.finished() {
            self.step();
        }
        self.close();
        (self.result, self.ticks)
    }

    fn close(&mut self) {
        if self.config.v2 != V2::Good {
            let share = if self.all_before_rollback == 0 {
                0.0
            } else {
                self.bad_requests as f64 * 100.0 / self.all_before_rollback as f64
            };
            self.result.bad_share = Some(share);
        }
    }

    fn measure(&mut self) {
        let cluster = self.console.cluster();
        let now = cluster.now();
        let v2 = self.config.v2_image();
        let mut tick = Tick { secs: self.secs(), phase: self.phase.name(), ..Tick::default() };
        let (mut pods, mut cpu, mut mem) = (0u32, 0i64, 0i64);
        let endpoints = ready_addresses(cluster);
        for p in app_pods(cluster) {
            pods += 1;
            for c in &p.spec.containers {
                cpu += c.resources.cpu_request_millis();
                mem += c.resources.memory_request_bytes() / (1024 * 1024);
            }
            *tick.pods.entry(image_of(p)).or_default() += 1;
            if p.status.pod_ip.as_ref().is_some_and(|ip| endpoints.contains(ip)) {
                *tick.ready.entry(image_of(p)).or_default() += 1;
            }
        }
        self.result.peak_pods = self.result.peak_pods.max(pods);
        self.result.peak_cpu_millis = self.result.peak_cpu_millis.max(cpu);
        self.result.peak_memory_mib = self.result.peak_memory_mib.max(mem);
        let state = traffic::state(cluster);
        let Some(sample) = state.last_sample().filter(|s| s.time == now) else {
            self.ticks.push(tick);
            return;
        };
        let svc = sample.services.get("default/my-app").copied().unwrap_or_default();
        self.result.requests += svc.requests;
        self.result.failed += svc.errors;
        self.result.latency_ms += svc.latency_ms;
        if svc.requests > 0 && svc.errors == svc.requests {
            self.run += 1;
            self.result.longest_outage_secs = self.result.longest_outage_secs.max(self.run);
        } else {
            self.run = 0;
        }
        for (image, c) in &sample.versions {
            if image.starts_with(manifests::IMAGE) || image == UNANSWERED {
                tick.requests.insert(image.clone(), (c.requests, c.errors));
            }
        }
        let v2_now = sample.versions.get(&v2).map_or(0, |c| c.requests);
        if v2_now > 0 && self.v2_first.is_none() {
            self.v2_first = Some(now);
        }
        if !self.rollback_decided {
            self.bad_requests += v2_now;
            self.all_before_rollback += svc.requests;
        }
        self.ticks.push(tick);
    }

    /// v2's requests and errors over the last [`ERROR_WINDOW_SECS`], once it has served that
    /// long (`None` before).
    fn v2_window(&self) -> Option<(u64, u64)> {
        let first = self.v2_first?;
        let now = self.console.cluster().now();
        if now.since(first).as_secs() < ERROR_WINDOW_SECS {
            return None;
        }
        let from = SimTime(now.as_millis().saturating_sub(ERROR_WINDOW_SECS * 1000));
        let v2 = self.config.v2_image();
        let (mut requests, mut errors) = (0, 0);
        for s in traffic::state(self.console.cluster()).series().filter(|s| s.time > from) {
            if let Some(c) = s.versions.get(&v2) {
                requests += c.requests;
                errors += c.errors;
            }
        }
        Some((requests, errors))
    }
}

/// The pods of the app (label `app=my-app`) that exist, terminating ones included.
fn app_pods(cluster: &Cluster) -> impl Iterator<Item = &Pod> {
    cluster.pods().filter(|p| {
        p.metadata.labels.get("app").is_some_and(|a| a == "my-app")
            && p.status.phase != "Succeeded"
            && p.status.phase != "Failed"
    })
}

fn count_pods(cluster: &Cluster, f: impl Fn(&Pod) -> bool) -> u32 {
    app_pods(cluster).filter(|p| f(p)).count() as u32
}

fn image_of(p: &Pod) -> String {
    p.spec.containers.first().map(|c| c.image.clone()).unwrap_or_default()
}

/// The ready addresses of Service `my-app`'s Endpoints.
fn ready_addresses(cluster: &Cluster) -> Vec<String> {
    let Some(Object::Endpoints(e)) = cluster.get(kubelab_sim::Kind::Endpoints, "default", "my-app") else {
        return Vec::new();
    };
    e.subsets.iter().flat_map(|s| s.addresses.iter().map(|a| a.ip.clone())).collect()
}

/// Runs the four lanes of `config` to the horizon.
pub fn race(config: RaceConfig) -> Result<Vec<(LaneResult, Vec<Tick>)>, String> {
    Strategy::ALL.into_iter().map(|s| Lane::new(config, s).map(Lane::run)).collect()
}

/// The table: one row per strategy, measured from the runs.
pub fn table(config: &RaceConfig, results: &[LaneResult]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} {} -> {} ({}), {} replicas, seed {}, one client at ~65 requests/s, measured for {} min after the change",
        manifests::IMAGE,
        manifests::V1,
        config.v2.tag(),
        config.v2.describe(),
        config.replicas,
        config.seed,
        HORIZON_SECS / 60
    );
    let _ = writeln!(
        out,
        "# operator: watch v2 for {OBSERVE_SECS} s once it takes traffic; roll back if its error rate over {ERROR_WINDOW_SECS} s exceeds {MAX_ERROR_PERCENT} % or it is not ready within {} s",
        manifests::PROGRESS_DEADLINE_SECS
    );
    let _ = writeln!(
        out,
        "# NO-SERVICE: longest run of seconds without one successful request; peaks count terminating pods (they hold their requests until gone)"
    );
    let header = [
        "STRATEGY",
        "FAILED",
        "NO-SERVICE",
        "MEAN LATENCY",
        "PEAK PODS",
        "PEAK CPU",
        "PEAK MEMORY",
        "FINISHED",
        "BAD SHARE",
        "ROLLBACK",
    ];
    let mut rows = vec![header.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    for r in results {
        let steady = f64::from(r.steady_pods.max(1));
        let ratio = |peak: f64, per_pod: f64| format!("{:.1}x", peak / (steady * per_pod));
        rows.push(vec![
            r.strategy.map_or("?", Strategy::name).to_string(),
            format!("{} of {}", r.failed, r.requests),
            format!("{}s", r.longest_outage_secs),
            format!("{} ms", r.latency_ms.checked_div(r.requests.saturating_sub(r.failed)).unwrap_or(0)),
            format!("{} ({})", r.peak_pods, ratio(f64::from(r.peak_pods), 1.0)),
            format!("{}m ({})", r.peak_cpu_millis, ratio(r.peak_cpu_millis as f64, manifests::CPU_MILLIS as f64)),
            format!("{}Mi ({})", r.peak_memory_mib, ratio(r.peak_memory_mib as f64, manifests::MEMORY_MIB as f64)),
            r.finished_secs.map_or("-".to_string(), |s| format!("{s}s")),
            r.bad_share.map_or("-".to_string(), |s| format!("{s:.1}%")),
            r.rollback_secs.map_or("-".to_string(), |s| format!("{s}s")),
        ]);
    }
    let widths: Vec<usize> =
        (0..header.len()).map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
    for row in &rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                let _ = write!(line, "{cell:<w$}   ", w = widths[i]);
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

#[cfg(test)]
mod tests;
