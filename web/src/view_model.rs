//! What the UI draws, derived from the cluster with no Yew in sight (so it is tested natively):
//! nodes with their pods, each pod's visual state and colour, the workload list, chart series
//! (and which deployment the chart follows), the event list, the node-port URLs the browser
//! panel suggests and what a visit to one shows.

use kubelab_console::printers::pod_status;
use kubelab_sim::api::*;
use kubelab_sim::network::HttpOutcome;
use kubelab_sim::Cluster;
use std::collections::BTreeMap;

pub mod autoscaling;
pub mod gitops;
pub mod gitops_chain;
pub mod gitops_ci;
pub mod nodes;
pub mod race;

/// Okabe–Ito colours: distinguishable with every common colour-vision deficiency.
/// (Okabe–Ito yellow is left out: it is unreadable on white.) The last entry is for bare pods.
pub const PALETTE: [&str; 8] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#8a8f96"];

/// A pod's state as drawn: each has a colour-independent symbol and label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodState {
    Pending,
    Creating,
    NotReady,
    Ready,
    Terminating,
    Failing,
    Completed,
}

impl PodState {
    pub fn symbol(self) -> &'static str {
        match self {
            // Not "…": that is the shortened name's prefix (`…-q7lsh`).
            PodState::Pending => "◇",
            PodState::Creating => "◌",
            PodState::NotReady => "◐",
            PodState::Ready => "●",
            PodState::Terminating => "✕",
            PodState::Failing => "⚠",
            PodState::Completed => "✓",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            PodState::Pending => "Pending",
            PodState::Creating => "Creating",
            PodState::NotReady => "Running, not ready",
            PodState::Ready => "Ready",
            PodState::Terminating => "Terminating",
            PodState::Failing => "Failing",
            PodState::Completed => "Completed",
        }
    }
    pub fn css(self) -> &'static str {
        match self {
            PodState::Pending => "pending",
            PodState::Creating => "creating",
            PodState::NotReady => "notready",
            PodState::Ready => "ready",
            PodState::Terminating => "terminating",
            PodState::Failing => "failing",
            PodState::Completed => "completed",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PodView {
    pub namespace: String,
    pub name: String,
    /// The owning ReplicaSet (or RC), "" for a bare pod.
    pub owner: String,
    pub colour: &'static str,
    pub state: PodState,
    /// kubectl's STATUS cell (e.g. `ImagePullBackOff`).
    pub status: String,
    pub ready: String,
    pub image: String,
    /// Requests it answered in the last simulated second.
    pub rps: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeView {
    pub name: String,
    pub role: String,
    pub ready: bool,
    pub phase: nodes::NodePhase,
    pub pods: Vec<PodView>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaSetView {
    pub name: String,
    pub colour: &'static str,
    pub revision: String,
    pub desired: i64,
    pub current: i64,
    pub ready: i64,
    pub image: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DeploymentView {
    pub namespace: String,
    pub name: String,
    pub desired: i64,
    pub updated: i64,
    pub ready: i64,
    pub available: i64,
    pub strategy: String,
    pub replica_sets: Vec<ReplicaSetView>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClusterView {
    pub nodes: Vec<NodeView>,
    /// Pods not yet bound to a node.
    pub unscheduled: Vec<PodView>,
    pub deployments: Vec<DeploymentView>,
    /// StatefulSets, DaemonSets and Jobs: one row each under the deployments.
    pub others: Vec<WorkloadView>,
    pub time: String,
    pub pod_count: usize,
    /// Machines the Cluster Autoscaler ordered, not Nodes yet: (node name, group).
    pub provisioning: Vec<(String, String)>,
}

/// A workload that is no Deployment, as a row of the workloads table: `sts/web`, its desired,
/// current and ready counts (a Job: completions, succeeded, active) and its images.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkloadView {
    /// The kind as `kubectl describe` takes it (`statefulset`, `daemonset`, `job`).
    pub kind: &'static str,
    /// Its short name in the row (`sts`, `ds`, `job`).
    pub short: &'static str,
    pub namespace: String,
    pub name: String,
    pub desired: String,
    pub current: String,
    pub ready: String,
    pub image: String,
}

fn images(spec: &PodSpec) -> String {
    spec.containers.iter().map(|c| c.image.as_str()).collect::<Vec<_>>().join(",")
}

/// The StatefulSets, DaemonSets and Jobs (kube-system's only with `system`), in that order.
fn other_workloads(cluster: &Cluster, system: bool) -> Vec<WorkloadView> {
    let shown = |ns: &str| system || ns != "kube-system";
    let mut out = Vec::new();
    for obj in cluster
        .list(Kind::StatefulSet, None)
        .into_iter()
        .chain(cluster.list(Kind::DaemonSet, None))
        .chain(cluster.list(Kind::Job, None))
    {
        let meta = obj.meta();
        if !shown(meta.ns()) {
            continue;
        }
        let row = |kind, short, desired: String, current: String, ready: String, spec: &PodSpec| WorkloadView {
            kind,
            short,
            namespace: meta.ns().to_string(),
            name: meta.name.clone(),
            desired,
            current,
            ready,
            image: images(spec),
        };
        out.push(match obj {
            Object::StatefulSet(s) => row(
                "statefulset",
                "sts",
                s.replicas().to_string(),
                s.status.replicas.to_string(),
                format!("{}/{}", s.status.ready_replicas, s.replicas()),
                &s.spec.template.spec,
            ),
            Object::DaemonSet(d) => row(
                "daemonset",
                "ds",
                d.status.desired_number_scheduled.to_string(),
                d.status.current_number_scheduled.to_string(),
                format!("{}/{}", d.status.number_ready, d.status.desired_number_scheduled),
                &d.spec.template.spec,
            ),
            Object::Job(j) => row(
                "job",
                "job",
                format!("{} to complete", j.spec.completions.unwrap_or(1)),
                format!("{} succeeded", j.status.succeeded),
                format!("{} active", j.status.active),
                &j.spec.template.spec,
            ),
            _ => continue,
        });
    }
    out
}

fn fnv(s: &str) -> u32 {
    kubelab_sim::hash::fnv32a(s.as_bytes())
}

/// The palette colour a word names (`black`, `blue`, `green`, ...), if any: a version called
/// blue is drawn blue.
pub fn named_colour(word: &str) -> Option<&'static str> {
    Some(match word.to_ascii_lowercase().as_str() {
        "blue" => PALETTE[0],
        "orange" => PALETTE[1],
        "green" => PALETTE[2],
        "purple" | "pink" | "magenta" => PALETTE[3],
        "skyblue" | "lightblue" | "cyan" => PALETTE[4],
        "red" | "vermillion" => PALETTE[5],
        "black" => PALETTE[6],
        _ => return None,
    })
}

/// The colour a ReplicaSet's pod template names: its `version`/`color`/`colour`/`track` label,
/// or its first image's tag (`karthequian/helloworld:blue`).
fn template_colour(rs: &ReplicaSet) -> Option<&'static str> {
    let t = &rs.spec.template;
    ["version", "color", "colour", "track"]
        .iter()
        .find_map(|k| t.metadata.labels.get(*k).and_then(|v| named_colour(v)))
        .or_else(|| {
            let image = &t.spec.containers.first()?.image;
            let tag = image.rsplit_once(':').map(|(_, t)| if t.contains('/') { "" } else { t }).unwrap_or("");
            named_colour(tag)
        })
}

/// Every ReplicaSet's colour (outside kube-system), by `namespace/name`. A ReplicaSet whose
/// template names a colour gets it; the others take, in creation order, their Deployment's
/// hashed palette entry plus their position among its ReplicaSets (so consecutive versions get
/// consecutive colours), moved on to the next entry not already taken, so that two versions on
/// screen rarely share a colour.
pub fn rs_colours(cluster: &Cluster) -> BTreeMap<String, &'static str> {
    let mut rss: Vec<&ReplicaSet> = cluster
        .list(Kind::ReplicaSet, None)
        .into_iter()
        .filter_map(Object::as_replica_set)
        .filter(|r| r.metadata.ns() != "kube-system")
        .collect();
    kubelab_sim::sort::by(&mut rss, |a, b| {
        (a.metadata.creation_timestamp, a.metadata.ns(), &a.metadata.name).cmp(&(
            b.metadata.creation_timestamp,
            b.metadata.ns(),
            &b.metadata.name,
        ))
    });
    let mut out = BTreeMap::new();
    let mut taken: Vec<&'static str> = Vec::new();
    // Named colours first: they are not negotiable.
    for r in &rss {
        if let Some(c) = template_colour(r) {
            out.insert(format!("{}/{}", r.metadata.ns(), r.metadata.name), c);
            taken.push(c);
        }
    }
    let mut siblings: BTreeMap<String, usize> = BTreeMap::new();
    for r in &rss {
        let key = format!("{}/{}", r.metadata.ns(), r.metadata.name);
        let owner = r.metadata.controller_ref().map(|o| o.name.clone()).unwrap_or_else(|| r.metadata.name.clone());
        let k = siblings.entry(format!("{}/{owner}", r.metadata.ns())).or_default();
        let preferred = (fnv(&owner) as usize + *k) % 7;
        *k += 1;
        if out.contains_key(&key) {
            continue;
        }
        let colour =
            (0..7).map(|i| PALETTE[(preferred + i) % 7]).find(|c| !taken.contains(c)).unwrap_or(PALETTE[preferred]);
        taken.push(colour);
        out.insert(key, colour);
    }
    out
}

/// A ReplicaSet's colour (see [`rs_colours`]).
pub fn rs_colour(cluster: &Cluster, namespace: &str, rs_name: &str) -> &'static str {
    rs_colours(cluster).get(&format!("{namespace}/{rs_name}")).copied().unwrap_or(PALETTE[(fnv(rs_name) % 7) as usize])
}

pub fn pod_state(cluster: &Cluster, pod: &Pod) -> (PodState, String) {
    let (status, _, _) = pod_status(cluster, pod);
    let state = if pod.metadata.deletion_timestamp.is_some() {
        PodState::Terminating
    } else {
        match status.as_str() {
            "Pending" if pod.spec.node_name.is_none() => PodState::Pending,
            "Pending" | "ContainerCreating" | "PodInitializing" => PodState::Creating,
            "Completed" => PodState::Completed,
            "Running" if pod.is_ready() => PodState::Ready,
            "Running" => PodState::NotReady,
            _ => PodState::Failing,
        }
    };
    (state, status)
}

fn pod_view(cluster: &Cluster, colours: &BTreeMap<String, &'static str>, pod: &Pod) -> PodView {
    let (state, status) = pod_state(cluster, pod);
    let owner = pod.metadata.controller_ref().map(|o| o.name.clone()).unwrap_or_default();
    let colour = if owner.is_empty() {
        PALETTE[7]
    } else {
        colours
            .get(&format!("{}/{owner}", pod.metadata.ns()))
            .copied()
            .unwrap_or_else(|| rs_colour(cluster, pod.metadata.ns(), &owner))
    };
    let ready_n = pod.status.container_statuses.iter().filter(|c| c.ready).count();
    PodView {
        namespace: pod.metadata.ns().to_string(),
        name: pod.metadata.name.clone(),
        owner,
        colour,
        state,
        status,
        ready: format!("{ready_n}/{}", pod.spec.containers.len()),
        image: pod.spec.containers.first().map(|c| c.image.clone()).unwrap_or_default(),
        rps: kubelab_sim::traffic::state(cluster).pod(&pod.metadata.uid).map(|t| t.rate_at(cluster.now())).unwrap_or(0),
    }
}

/// Builds the view. `system` includes kube-system pods.
pub fn cluster_view(cluster: &Cluster, system: bool) -> ClusterView {
    let colours = rs_colours(cluster);
    let visible = |p: &&Pod| system || (p.metadata.ns() != "kube-system");
    let mut nodes: Vec<NodeView> = cluster
        .list(Kind::Node, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::Node(n) => Some(n),
            _ => None,
        })
        .map(|n| NodeView {
            name: n.metadata.name.clone(),
            role: n.roles().join(","),
            ready: n.is_ready(),
            phase: nodes::phase(n),
            pods: Vec::new(),
        })
        .collect();
    let mut unscheduled = Vec::new();
    let mut pods: Vec<&Pod> = cluster.pods().filter(visible).collect();
    // Group by owner, then by name, so one version's pods sit together.
    kubelab_sim::sort::by(&mut pods, |a, b| {
        let oa = a.metadata.controller_ref().map(|o| o.name.as_str()).unwrap_or("");
        let ob = b.metadata.controller_ref().map(|o| o.name.as_str()).unwrap_or("");
        (a.metadata.ns(), oa, &a.metadata.name).cmp(&(b.metadata.ns(), ob, &b.metadata.name))
    });
    let pod_count = pods.len();
    for p in pods {
        let v = pod_view(cluster, &colours, p);
        match p.spec.node_name.as_ref().and_then(|n| nodes.iter_mut().find(|x| &x.name == n)) {
            Some(node) => node.pods.push(v),
            None => unscheduled.push(v),
        }
    }
    let mut deployments = Vec::new();
    for obj in cluster.list(Kind::Deployment, None) {
        let Object::Deployment(d) = obj else { continue };
        if !system && d.metadata.ns() == "kube-system" {
            continue;
        }
        let mut rss: Vec<&ReplicaSet> = cluster
            .list(Kind::ReplicaSet, Some(d.metadata.ns()))
            .into_iter()
            .filter_map(Object::as_replica_set)
            .filter(|r| r.metadata.controller_ref().is_some_and(|o| o.uid == d.metadata.uid))
            .collect();
        kubelab_sim::sort::by_key(&mut rss, |r| r.revision().unwrap_or(0));
        deployments.push(DeploymentView {
            namespace: d.metadata.ns().to_string(),
            name: d.metadata.name.clone(),
            desired: d.replicas(),
            updated: d.status.updated_replicas,
            ready: d.status.ready_replicas,
            available: d.status.available_replicas,
            strategy: d.spec.strategy.type_.clone().unwrap_or_default(),
            replica_sets: rss
                .into_iter()
                .map(|r| ReplicaSetView {
                    name: r.metadata.name.clone(),
                    colour: colours
                        .get(&format!("{}/{}", r.metadata.ns(), r.metadata.name))
                        .copied()
                        .unwrap_or(PALETTE[7]),
                    revision: r.revision().map(|v| v.to_string()).unwrap_or_default(),
                    desired: r.replicas(),
                    current: r.status.replicas,
                    ready: r.status.ready_replicas,
                    image: r
                        .spec
                        .template
                        .spec
                        .containers
                        .iter()
                        .map(|c| c.image.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                })
                .collect(),
        });
    }
    let others = other_workloads(cluster, system);
    let provisioning = nodes::provisioning(cluster);
    ClusterView { nodes, unscheduled, deployments, others, time: clock_text(cluster), pod_count, provisioning }
}

/// The simulated wall clock, `HH:MM:SS` plus the day.
pub fn clock_text(cluster: &Cluster) -> String {
    let secs = cluster.unix_secs(cluster.now());
    let day_secs = secs.rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", day_secs / 3600, (day_secs / 60) % 60, day_secs % 60)
}

/// Seconds of history the charts show.
pub const CHART_WINDOW: u64 = 600;

/// One line of a chart: a ReplicaSet's desired, current and available replicas over time
/// (seconds relative to the newest sample, so the x axis reads "seconds ago").
#[derive(Clone, Debug, PartialEq)]
pub struct RsSeries {
    pub name: String,
    pub colour: &'static str,
    pub desired: Vec<(f64, f64)>,
    pub ready: Vec<(f64, f64)>,
    pub available: Vec<(f64, f64)>,
}

/// Series for one deployment over the last `window` seconds.
pub fn chart_series(cluster: &Cluster, namespace: &str, deployment: &str, window: u64) -> Vec<RsSeries> {
    let now = cluster.now().as_secs();
    let mut out: Vec<RsSeries> = Vec::new();
    for s in cluster.metrics().samples() {
        let age = now.saturating_sub(s.time.as_secs());
        if age > window {
            continue;
        }
        let x = -(age as f64);
        for r in s.replica_sets.iter().filter(|r| r.namespace == namespace && r.deployment == deployment) {
            let idx = match out.iter().position(|o| o.name == r.name) {
                Some(i) => i,
                None => {
                    out.push(RsSeries {
                        name: r.name.clone(),
                        colour: rs_colour(cluster, namespace, &r.name),
                        desired: vec![],
                        ready: vec![],
                        available: vec![],
                    });
                    out.len() - 1
                }
            };
            let series = &mut out[idx];
            series.desired.push((x, r.desired as f64));
            series.ready.push((x, r.ready as f64));
            series.available.push((x, r.available as f64));
        }
    }
    out
}

/// What the student clicked in the cluster view (and the inspector shows).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Selection {
    None,
    Object { kind: String, namespace: String, name: String },
}

/// The chart's series: for the selected deployment, or the deployment of the selected
/// ReplicaSet or pod; with nothing (or something else) selected, for the newest deployment drawn.
pub fn chart_for(cluster: &Cluster, selection: &Selection, view: &ClusterView) -> Vec<RsSeries> {
    let (ns, name) = match selection {
        Selection::Object { kind, namespace, name } if kind == "deployment" => (namespace.clone(), name.clone()),
        Selection::Object { kind, namespace, name } if kind == "replicaset" || kind == "pod" => {
            let dep = view
                .deployments
                .iter()
                .find(|d| d.namespace == *namespace && d.replica_sets.iter().any(|r| name.starts_with(&r.name)));
            match dep {
                Some(d) => (d.namespace.clone(), d.name.clone()),
                None => return vec![],
            }
        }
        _ => match view.deployments.last() {
            Some(d) => (d.namespace.clone(), d.name.clone()),
            None => return vec![],
        },
    };
    chart_series(cluster, &ns, &name, CHART_WINDOW)
}

/// One row of the events panel.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRow {
    pub age: String,
    pub type_: String,
    pub reason: String,
    pub object: String,
    pub message: String,
    pub count: i64,
}

impl EventRow {
    /// Whether the row passes the panel's filter: the text (any case) is part of its object,
    /// reason or message; an empty filter passes everything.
    pub fn matches(&self, filter: &str) -> bool {
        let needle = filter.to_lowercase();
        needle.is_empty()
            || self.object.to_lowercase().contains(&needle)
            || self.reason.to_lowercase().contains(&needle)
            || self.message.to_lowercase().contains(&needle)
    }
}

/// Events the panel lists: the newest 300, newest first, aged as `kubectl get events` does.
pub fn event_rows(cluster: &Cluster) -> Vec<EventRow> {
    let now = cluster.now().as_millis() as i64;
    let evs = cluster.events();
    let start = evs.len().saturating_sub(300);
    evs[start..]
        .iter()
        .rev()
        .map(|e| EventRow {
            age: kubelab_console::text::human_duration(now - e.last_timestamp.as_millis() as i64),
            type_: e.type_.to_string(),
            reason: e.reason.to_string(),
            object: format!("{}/{}", e.involved_object.kind.to_lowercase(), e.involved_object.name),
            message: e.message.clone(),
            count: e.count,
        })
        .collect()
}

/// `(label, http://<node IP>:<nodePort>/)` for every NodePort or LoadBalancer service outside
/// kube-system: the browser panel's suggestions.
pub fn node_port_urls(cluster: &Cluster) -> Vec<(String, String)> {
    let Some(ip) = crate::traffic_view::worker_ip(cluster) else { return vec![] };
    let mut out = Vec::new();
    for o in cluster.list(Kind::Service, None) {
        let Object::Service(s) = o else { continue };
        if s.metadata.ns() == "kube-system" {
            continue;
        }
        for p in &s.spec.ports {
            if let Some(np) = p.node_port {
                out.push((format!("{} :{np}", s.metadata.name), format!("http://{ip}:{np}/")));
            }
        }
    }
    out
}

/// What the student's browser got back.
#[derive(Clone, Debug, PartialEq)]
pub struct BrowserResult {
    pub url: String,
    /// `200 from pod default/header-deployment-7bc8685c7c-kpwl8`, or the error a browser would show.
    pub status: String,
    pub body: String,
    /// The body is a page (it starts with `<`), drawn as such rather than as text.
    pub html: bool,
}

/// The browser panel's result for a visit to `url`.
pub fn browser_result(url: &str, outcome: HttpOutcome) -> BrowserResult {
    let (status, body, html) = match outcome {
        HttpOutcome::Answered { status, body, pod, .. } => {
            let html = body.trim_start().starts_with('<');
            (format!("{status} from pod {}/{}", pod.0, pod.1), body, html)
        }
        HttpOutcome::CouldNotResolve => {
            ("This site can't be reached: the server's address could not be found.".into(), String::new(), false)
        }
        HttpOutcome::Refused { ip, port } => (
            format!("This site can't be reached: {ip}:{port} refused to connect (no ready pod behind it)."),
            String::new(),
            false,
        ),
        HttpOutcome::TimedOut { ip, port } => {
            (format!("This site can't be reached: {ip}:{port} took too long to respond."), String::new(), false)
        }
        HttpOutcome::BadUrl => ("Only http:// URLs can be opened here.".into(), String::new(), false),
    };
    BrowserResult { url: url.to_string(), status, body, html }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubelab_console::{Console, ConsoleConfig, NoFiles, Profile};

    fn console() -> Console {
        Console::new(ConsoleConfig { seed: 1, profile: Profile::Current }, Box::new(NoFiles))
    }

    #[test]
    fn jobs_and_daemon_sets_are_rows_of_the_workloads_table_and_system_ones_only_on_request() {
        let mut c = console();
        c.run("kubectl create job pi --image=perl -- perl -Mbignum=bpi -wle 'print bpi(2000)'");
        let v = cluster_view(c.cluster(), false);
        let rows: Vec<(&str, &str)> = v.others.iter().map(|w| (w.short, w.name.as_str())).collect();
        assert_eq!(rows, [("job", "pi")], "kube-proxy's DaemonSet is a system workload");
        assert_eq!(v.others[0].desired, "1 to complete");
        c.run("sleep 60");
        let v = cluster_view(c.cluster(), false);
        assert_eq!(v.others[0].current, "1 succeeded");
        assert!(v.nodes.iter().flat_map(|n| n.pods.iter()).any(|p| p.state == PodState::Completed));
        let with_system = cluster_view(c.cluster(), true);
        assert!(with_system.others.iter().any(|w| w.kind == "daemonset" && w.name == "kube-proxy" && w.ready == "3/3"));
    }

    #[test]
    fn three_replicas_are_drawn_on_worker_nodes_and_become_ready() {
        let mut c = console();
        c.run("kubectl create deployment web --image=nginx --replicas=3");
        let v = cluster_view(c.cluster(), false);
        let pods: Vec<&PodView> = v.nodes.iter().flat_map(|n| n.pods.iter()).collect();
        assert_eq!(pods.len(), 3);
        assert!(pods.iter().all(|p| p.state == PodState::Creating), "{pods:?}");
        assert!(v.nodes.iter().find(|n| n.name == "controlplane").is_some_and(|n| n.pods.is_empty()));
        c.run("sleep 15");
        let v = cluster_view(c.cluster(), false);
        assert!(v.nodes.iter().flat_map(|n| n.pods.iter()).all(|p| p.state == PodState::Ready));
        assert_eq!(v.deployments.len(), 1);
        assert_eq!(v.deployments[0].replica_sets.len(), 1);
    }

    #[test]
    fn a_rolling_update_shows_two_colours_and_a_chart_per_replicaset() {
        let mut c = console();
        c.run("kubectl create deployment web --image=nginx:1.25 --replicas=3");
        c.run("sleep 15");
        c.run("kubectl set image deployment/web nginx=nginx:1.26");
        c.run("sleep 3");
        let v = cluster_view(c.cluster(), false);
        let colours: std::collections::BTreeSet<&str> =
            v.nodes.iter().flat_map(|n| n.pods.iter()).map(|p| p.colour).collect();
        assert_eq!(colours.len(), 2, "old and new version differ in colour");
        let series = chart_series(c.cluster(), "default", "web", 600);
        assert_eq!(series.len(), 2);
        assert!(series.iter().all(|s| !s.desired.is_empty()));
    }

    #[test]
    fn versions_named_after_colours_are_drawn_in_them_and_two_deployments_do_not_share_one() {
        let mut c = console();
        c.run("kubectl create deployment hello --image=karthequian/helloworld:black");
        c.run("kubectl create deployment web --image=nginx:1.25");
        c.run("kubectl create deployment api --image=nginx:1.25");
        c.run("kubectl set image deployment/hello helloworld=karthequian/helloworld:blue");
        c.run("sleep 5");
        let v = cluster_view(c.cluster(), false);
        let colour_of = |image: &str| -> Vec<&str> {
            v.deployments
                .iter()
                .flat_map(|d| d.replica_sets.iter())
                .filter(|r| r.image == image)
                .map(|r| r.colour)
                .collect()
        };
        assert_eq!(colour_of("karthequian/helloworld:black"), vec!["#000000"]);
        assert_eq!(colour_of("karthequian/helloworld:blue"), vec![PALETTE[0]]);
        let all: Vec<&str> = v.deployments.iter().flat_map(|d| d.replica_sets.iter()).map(|r| r.colour).collect();
        let distinct: std::collections::BTreeSet<&&str> = all.iter().collect();
        assert_eq!(distinct.len(), all.len(), "every ReplicaSet on screen has its own colour: {all:?}");
        assert_eq!(named_colour("Green"), Some(PALETTE[2]));
        assert_eq!(named_colour("v2"), None);
    }

    #[test]
    fn bad_image_is_failing_and_system_pods_are_hidden_unless_asked() {
        let mut c = console();
        c.run("kubectl run bad --image=nginx:1.291");
        c.run("sleep 20");
        let v = cluster_view(c.cluster(), false);
        let bad = v.nodes.iter().flat_map(|n| n.pods.iter()).find(|p| p.name == "bad").cloned();
        assert_eq!(bad.map(|p| p.state), Some(PodState::Failing));
        let with_system = cluster_view(c.cluster(), true);
        assert!(with_system.pod_count > v.pod_count);
    }

    fn selected(kind: &str, name: &str) -> Selection {
        Selection::Object { kind: kind.into(), namespace: "default".into(), name: name.into() }
    }

    #[test]
    fn the_chart_follows_the_selected_deployment_or_the_newest_one() {
        let mut c = console();
        assert!(chart_for(c.cluster(), &Selection::None, &cluster_view(c.cluster(), false)).is_empty());
        c.run("kubectl create deployment web --image=nginx:1.25 --replicas=2");
        c.run("kubectl create deployment api --image=nginx:1.25");
        c.run("sleep 10");
        let v = cluster_view(c.cluster(), false);
        let charted =
            |sel: &Selection| -> Vec<String> { chart_for(c.cluster(), sel, &v).into_iter().map(|s| s.name).collect() };
        let rs_of = |dep: &str| v.deployments.iter().find(|d| d.name == dep).unwrap().replica_sets[0].name.clone();
        let newest = v.deployments.last().unwrap().name.clone();
        assert_eq!(charted(&Selection::None), vec![rs_of(&newest)], "nothing selected: the newest deployment");
        assert_eq!(charted(&selected("deployment", "web")), vec![rs_of("web")]);
        assert_eq!(charted(&selected("replicaset", &rs_of("api"))), vec![rs_of("api")]);
        let web_pod = v.nodes.iter().flat_map(|n| &n.pods).find(|p| p.name.starts_with("web-")).unwrap().name.clone();
        assert_eq!(charted(&selected("pod", &web_pod)), vec![rs_of("web")], "a pod: its deployment");
        assert!(charted(&selected("pod", "bare")).is_empty(), "a pod of no deployment: no chart");
        assert_eq!(charted(&selected("node", "worker-1")), vec![rs_of(&newest)]);
    }

    #[test]
    fn events_are_listed_newest_first_at_most_300_and_filtered_by_object_reason_or_message() {
        let mut c = console();
        c.run("kubectl create deployment web --image=nginx --replicas=2");
        c.run("sleep 10");
        let rows = event_rows(c.cluster());
        assert_eq!(rows.len(), c.cluster().events().len());
        let newest = c.cluster().events().last().unwrap();
        assert_eq!(rows[0].reason, newest.reason);
        assert_eq!(rows[0].message, newest.message);
        assert!(rows.iter().any(|r| r.object == "deployment/web" && r.reason == "ScalingReplicaSet"));
        assert!(rows.iter().all(|r| r.age.ends_with('s')), "{rows:?}");
        let filter = |f: &str| rows.iter().filter(|r| r.matches(f)).count();
        assert_eq!(filter(""), rows.len());
        assert_eq!(filter("DEPLOYMENT/WEB"), rows.iter().filter(|r| r.object == "deployment/web").count());
        assert_eq!(
            filter("pulled"),
            rows.iter().filter(|r| r.reason == "Pulled" || r.message.contains("pulled")).count()
        );
        assert!(filter("pulled") > 0);
        assert_eq!(filter("no such thing"), 0);
        // A busy cluster: only the newest 300.
        c.run("kubectl scale deployment web --replicas=150");
        c.run("sleep 30");
        assert!(c.cluster().events().len() > 300);
        let rows = event_rows(c.cluster());
        assert_eq!(rows.len(), 300);
        assert_eq!(rows[0].message, c.cluster().events().last().unwrap().message);
    }

    #[test]
    fn node_ports_become_browser_urls_on_a_workers_address() {
        let mut c = console();
        assert_eq!(node_port_urls(c.cluster()), vec![]);
        c.run("kubectl create deployment web --image=nginx");
        c.run("kubectl expose deployment web --port=80");
        assert_eq!(node_port_urls(c.cluster()), vec![], "a ClusterIP service has no node port");
        c.run("kubectl expose deployment web --name=web-np --type=NodePort --port=80");
        c.run("kubectl expose deployment web --name=web-lb --type=LoadBalancer --port=8080");
        c.run("kubectl create deployment sys --image=nginx -n kube-system");
        c.run("kubectl expose deployment sys --type=NodePort --port=80 -n kube-system");
        assert!(c.cluster().get(Kind::Service, "kube-system", "sys").is_some());
        let ip = crate::traffic_view::worker_ip(c.cluster()).unwrap();
        let urls = node_port_urls(c.cluster());
        assert_eq!(urls.len(), 2, "not the one in kube-system: {urls:?}");
        for ((label, url), name) in urls.iter().zip(["web-lb", "web-np"]) {
            let port = label.strip_prefix(&format!("{name} :")).expect(label);
            assert_eq!(url, &format!("http://{ip}:{port}/"));
        }
    }

    #[test]
    fn a_browser_visit_shows_the_answer_or_why_the_site_cannot_be_reached() {
        let page = browser_result(
            "http://10.0.0.2:30080/",
            HttpOutcome::Answered {
                status: 200,
                body: "  <html>hello</html>".into(),
                pod: ("default".into(), "web-1".into()),
                ip: "10.0.0.2".into(),
            },
        );
        assert_eq!(page.url, "http://10.0.0.2:30080/");
        assert_eq!(page.status, "200 from pod default/web-1");
        assert!(page.html);
        let text = browser_result(
            "u",
            HttpOutcome::Answered {
                status: 404,
                body: "not found".into(),
                pod: ("a".into(), "b".into()),
                ip: "x".into(),
            },
        );
        assert_eq!((text.status.as_str(), text.html), ("404 from pod a/b", false));
        let error = |o: HttpOutcome| browser_result("u", o).status;
        assert_eq!(
            error(HttpOutcome::CouldNotResolve),
            "This site can't be reached: the server's address could not be found."
        );
        assert_eq!(
            error(HttpOutcome::Refused { ip: "10.0.0.2".into(), port: 30080 }),
            "This site can't be reached: 10.0.0.2:30080 refused to connect (no ready pod behind it)."
        );
        assert_eq!(
            error(HttpOutcome::TimedOut { ip: "10.0.0.2".into(), port: 30080 }),
            "This site can't be reached: 10.0.0.2:30080 took too long to respond."
        );
        assert_eq!(error(HttpOutcome::BadUrl), "Only http:// URLs can be opened here.");
        assert!(browser_result("u", HttpOutcome::BadUrl).body.is_empty());
    }
}
