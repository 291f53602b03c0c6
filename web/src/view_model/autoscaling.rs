//! The autoscaling view's data, with no Yew: per HPA its syncs over time (utilization against
//! the target, desired and current replicas: from the HPA controller's decisions, which the
//! simulator keeps for every sync, skipped seconds included), the node count and pending pods
//! over time (sampled here after every change the page draws: [`Samples`], bounded), and each
//! HPA and Cluster Autoscaler decision in words for the "why" panels.

use kubelab_sim::api::{Kind, Object};
use kubelab_sim::{Cluster, DecisionKind, HpaDecision, SimTime};

/// Seconds of history the charts show.
pub const WINDOW_SECS: u64 = 1800;
/// Samples kept (one per simulated second at most: an hour).
pub const MAX_SAMPLES: usize = 3600;
/// Decisions listed, newest first.
pub const MAX_LISTED: usize = 30;

/// The cluster's size over time, sampled by the page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Samples {
    /// (time, nodes, ready nodes, pending pods).
    points: Vec<(SimTime, u32, u32, u32)>,
}

impl Samples {
    /// Samples `cluster` now: a sample per simulated second at most; a clock that went back (a
    /// new or reset session) starts the series over.
    pub fn record(&mut self, cluster: &Cluster) {
        let now = cluster.now();
        if self.points.last().is_some_and(|p| p.0 > now) {
            self.points.clear();
        }
        let (nodes, ready) = cluster.list(Kind::Node, None).into_iter().fold((0, 0), |(n, r), o| match o {
            Object::Node(node) => (n + 1, r + u32::from(node.is_ready())),
            _ => (n, r),
        });
        let pending =
            cluster.pods().filter(|p| p.status.phase == "Pending" && p.spec.node_name.is_none()).count() as u32;
        let point = (now, nodes, ready, pending);
        match self.points.last_mut() {
            Some(last) if last.0.as_millis() / 1000 == now.as_millis() / 1000 => *last = point,
            _ => self.points.push(point),
        }
        if self.points.len() > MAX_SAMPLES {
            let extra = self.points.len() - MAX_SAMPLES;
            self.points.drain(..extra);
        }
    }
    pub fn len(&self) -> usize {
        self.points.len()
    }
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }
}

/// One HPA's chart: x in seconds before now (negative), y in percent or replicas.
#[derive(Clone, Debug, PartialEq)]
pub struct HpaChart {
    pub namespace: String,
    pub name: String,
    /// The CPU utilization target, percent.
    pub target: Option<i64>,
    pub utilization: Vec<(f64, f64)>,
    pub desired: Vec<(f64, f64)>,
    pub current: Vec<(f64, f64)>,
    pub min: i64,
    pub max: i64,
}

/// A decision in words: when, a one-line summary and the lines of its "why".
#[derive(Clone, Debug, PartialEq)]
pub struct Why {
    /// A key stable across renders (the panel keeps it open).
    pub key: String,
    pub time: String,
    pub summary: String,
    pub details: Vec<String>,
    /// A table of pods: (pod, sample, request, how counted).
    pub pods: Vec<(String, String, String, String)>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct AutoscalingView {
    /// The cluster has an HPA or the Cluster Autoscaler: the tab is offered.
    pub relevant: bool,
    pub hpas: Vec<HpaChart>,
    /// Nodes, ready nodes and pending pods over time (x: seconds before now).
    pub nodes: Vec<(f64, f64)>,
    pub ready_nodes: Vec<(f64, f64)>,
    pub pending: Vec<(f64, f64)>,
    /// Machines being provisioned now.
    pub provisioning: usize,
    pub hpa_decisions: Vec<Why>,
    pub autoscaler_decisions: Vec<Why>,
}

fn ago(now: SimTime, t: SimTime) -> f64 {
    -(now.since(t).as_millis() as f64 / 1000.0)
}

fn clock(cluster: &Cluster, t: SimTime) -> String {
    let secs = cluster.unix_secs(t).rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", secs / 3600, (secs / 60) % 60, secs % 60)
}

fn milli(v: Option<i64>, resource: &str) -> String {
    match v {
        None => "—".into(),
        Some(v) if resource == "memory" => format!("{}Mi", v / 1000 / (1024 * 1024)),
        Some(v) => format!("{v}m"),
    }
}

/// The view of `cluster` with the page's `samples`.
pub fn autoscaling_view(cluster: &Cluster, samples: &Samples) -> AutoscalingView {
    let now = cluster.now();
    let recent = |t: SimTime| now.since(t).as_secs() <= WINDOW_SECS;
    let hpas: Vec<HpaChart> = cluster
        .list(Kind::HorizontalPodAutoscaler, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::HorizontalPodAutoscaler(h) => Some(h),
            _ => None,
        })
        .map(|h| {
            let ns = h.metadata.ns().to_string();
            let mut chart = HpaChart {
                namespace: ns.clone(),
                name: h.metadata.name.clone(),
                target: h.target_cpu(),
                utilization: Vec::new(),
                desired: Vec::new(),
                current: Vec::new(),
                min: h.min_replicas(),
                max: h.spec.max_replicas,
            };
            for d in cluster
                .hpa_decisions()
                .iter()
                .filter(|d| d.namespace == ns && d.name == h.metadata.name && recent(d.at))
            {
                let x = ago(now, d.at);
                if let Some(u) = d.metrics.iter().find(|m| m.name == "cpu").and_then(|m| m.utilization) {
                    chart.utilization.push((x, u as f64));
                }
                chart.desired.push((x, d.desired as f64));
                chart.current.push((x, d.current as f64));
            }
            // The lines reach now with the status as it stands.
            if !chart.desired.is_empty() {
                chart.desired.push((0.0, h.status.desired_replicas as f64));
                chart.current.push((0.0, h.status.current_replicas as f64));
                if let (Some(u), Some(_)) = (h.current_cpu(), chart.utilization.last()) {
                    chart.utilization.push((0.0, u as f64));
                }
            }
            chart
        })
        .collect();
    let mut view = AutoscalingView {
        relevant: !hpas.is_empty() || !cluster.config().node_groups.is_empty(),
        hpas,
        provisioning: cluster.nodes_provisioning().len(),
        ..AutoscalingView::default()
    };
    for (t, nodes, ready, pending) in samples.points.iter().filter(|p| p.0 <= now && recent(p.0)) {
        let x = ago(now, *t);
        view.nodes.push((x, f64::from(*nodes)));
        view.ready_nodes.push((x, f64::from(*ready)));
        view.pending.push((x, f64::from(*pending)));
    }
    view.hpa_decisions = cluster.hpa_decisions().iter().rev().take(MAX_LISTED).map(|d| hpa_why(cluster, d)).collect();
    view.autoscaler_decisions = cluster
        .autoscaler_decisions()
        .iter()
        .enumerate()
        .rev()
        .take(MAX_LISTED)
        .map(|(i, d)| autoscaler_why(cluster, i, d))
        .collect();
    view
}

/// One HPA sync: what it counted and why it set what it set.
pub fn hpa_why(cluster: &Cluster, d: &HpaDecision) -> Why {
    let mut details = Vec::new();
    let mut pods = Vec::new();
    let headline = d
        .metrics
        .iter()
        .map(|m| match (m.utilization, &m.error) {
            (Some(u), _) => format!("{} {u}% of {}", m.name, m.target),
            (None, Some(_)) => format!("{} unknown", m.name),
            (None, None) => m.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let change =
        if d.desired == d.current { format!("kept {}", d.current) } else { format!("{} → {}", d.current, d.desired) };
    let summary = format!(
        "{}/{}: {change}{}",
        d.namespace,
        d.name,
        if headline.is_empty() { String::new() } else { format!(" ({headline})") }
    );
    details.push(format!("Replicas before: {} (min {}, max {}).", d.current, d.min, d.max));
    for m in &d.metrics {
        let counted = m.pods.iter().filter(|p| p.counted == kubelab_sim::PodCount::Ready).count();
        details.push(format!(
            "Metric {} (target {}): {} pods selected, {counted} counted.",
            m.name,
            if m.target.is_empty() { "—" } else { &m.target },
            m.pods.len()
        ));
        for p in &m.pods {
            pods.push((
                p.name.clone(),
                milli(p.sample, &m.name),
                milli(p.request, &m.name),
                p.counted.label().to_string(),
            ));
        }
        if let Some(e) = &m.error {
            details.push(format!("No proposal: {e}."));
        }
        if let Some(u) = m.utilization {
            details.push(format!("Utilization: {u}% of the pods' requests."));
        }
        if let Some(r) = m.ratio {
            let (lo, hi) = (1.0 - d.tolerance, 1.0 + d.tolerance);
            let inside = (1.0 - r).abs() <= d.tolerance;
            details.push(format!(
                "Ratio to the target: {r:.2}; tolerance band {lo:.2}–{hi:.2}: {}.",
                if inside { "inside, so no change" } else { "outside, so ceil(ratio × counted pods)" }
            ));
        }
        if let Some(p) = m.proposal {
            details.push(format!("Proposal: {p} replicas."));
        }
    }
    if let Some(p) = d.proposal {
        if d.metrics.len() > 1 {
            details.push(format!("Largest proposal: {p}."));
        }
    }
    if let Some(s) = &d.stabilization {
        let recs = if s.recommendations.is_empty() {
            "none".to_string()
        } else {
            s.recommendations
                .iter()
                .map(|(at, r)| format!("{r} at {}", clock(cluster, *at)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        details.push(format!(
            "Stabilization window {} s ({} wins): recommendations {recs}; kept {}.",
            s.window_secs,
            if s.highest { "the highest" } else { "the lowest" },
            s.stabilized
        ));
    }
    if !d.clamp.0.is_empty() {
        details.push(format!("Clamp: {} ({}).", d.clamp.0, d.clamp.1));
    }
    details.push(format!("Set: {} replicas. {}", d.desired, d.outcome));
    Why {
        key: format!("hpa/{}/{}/{}", d.namespace, d.name, d.at.as_millis()),
        time: clock(cluster, d.at),
        summary,
        details,
        pods,
    }
}

/// One Cluster Autoscaler decision in words.
#[allow(unreachable_patterns)]
pub fn autoscaler_why(cluster: &Cluster, index: usize, d: &kubelab_sim::Decision) -> Why {
    let (summary, details) = match &d.kind {
        DecisionKind::ScaleUp { group, from, to, pods, .. } => (
            format!("scale-up: {group} {from} → {to}"),
            vec![
                format!("Pods that could not be scheduled and fit a new node of {group}: {}.", pods.join(", ")),
                format!("The least-waste expander picked {group}; {} node(s) ordered.", to.saturating_sub(*from)),
            ],
        ),
        DecisionKind::NoScaleUp { pod, reasons, .. } => (
            format!("no scale-up for {pod}"),
            vec![format!("No node group could help {pod}: {reasons}.")],
        ),
        DecisionKind::Unneeded { node, utilization, .. } => (
            format!("{node} unneeded"),
            vec![format!(
                "{node}'s requests are {:.0}% of its allocatable (under 50%) and its pods can move; removed after 10 minutes unneeded.",
                utilization * 100.0
            )],
        ),
        DecisionKind::Kept { node, reason, detail, .. } => {
            (format!("{node} kept: {reason}"), vec![format!("Rule {reason} keeps {node}: {detail}.")])
        }
        DecisionKind::ScaleDown { node, empty, pods, .. } => (
            format!("scale-down: {node}"),
            vec![if *empty {
                format!("{node} is empty: tainted ToBeDeletedByClusterAutoscaler and removed.")
            } else {
                format!("{node} tainted ToBeDeletedByClusterAutoscaler; evicting {}.", pods.join(", "))
            }],
        ),
        DecisionKind::Removed { node, .. } => (format!("{node} removed"), vec![format!("{node} and its machine are gone.")]),
        DecisionKind::ScaleDownFailed { node, reason, .. } => {
            (format!("scale-down of {node} failed"), vec![format!("Draining {node} failed: {reason}. The taint comes off.")])
        }
        other => (format!("{other:?}"), Vec::new()),
    };
    Why {
        key: format!("ca/{index}/{}", d.at.as_millis()),
        time: clock(cluster, d.at),
        summary,
        details,
        pods: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercises::{new_session, ExerciseId};

    #[test]
    fn the_hpa_lab_charts_its_syncs_and_explains_them() {
        let mut session = new_session(ExerciseId::from_key("hpa").expect("hpa lab"));
        let mut samples = Samples::default();
        assert!(!autoscaling_view(session.cluster(), &samples).relevant, "no HPA yet: no tab");
        session.run("kubectl apply -f php-apache.yaml");
        session.run("kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10");
        session.run("kubectl run load-generator --image=busybox:1.28 --restart=Never -- /bin/sh -c \"while sleep 0.01; do wget -q -O- http://php-apache; done\"");
        for _ in 0..240 {
            session.step_clock(1);
            samples.record(session.cluster());
        }
        let v = autoscaling_view(session.cluster(), &samples);
        assert!(v.relevant);
        assert_eq!(v.hpas.len(), 1);
        let h = &v.hpas[0];
        assert_eq!((h.name.as_str(), h.target, h.min, h.max), ("php-apache", Some(50), 1, 10));
        assert!(
            h.utilization.iter().any(|p| p.1 > 50.0),
            "load drives utilization past the target: {:?}",
            h.utilization
        );
        assert!(h.desired.last().is_some_and(|p| p.0 == 0.0 && p.1 > 1.0), "{:?}", h.desired);
        assert!(h.utilization.iter().all(|p| p.0 <= 0.0 && p.0 >= -(WINDOW_SECS as f64)));
        assert_eq!(v.nodes.len(), 240, "one sample per second");
        assert!(v.nodes.iter().all(|p| p.1 == 3.0));
        // Newest first: the first scale-up is the last one listed with "1 → ".
        let up = v.hpa_decisions.iter().rev().find(|w| w.summary.contains(": 1 → ")).expect("a scale-up explained");
        assert!(up.summary.starts_with("default/php-apache: 1 → "), "{}", up.summary);
        assert!(
            up.details.iter().any(|l| l.starts_with("Ratio to the target: ") && l.contains("0.90–1.10: outside")),
            "{:?}",
            up.details
        );
        assert!(up.details.iter().any(|l| l.starts_with("Clamp: ")), "{:?}", up.details);
        assert!(up.details.iter().any(|l| l.starts_with("Stabilization window 300 s")), "{:?}", up.details);
        assert!(up.pods.iter().any(|p| p.3 == "counted" && p.2 == "200m"), "{:?}", up.pods);
        assert!(v.hpa_decisions.len() <= MAX_LISTED);
    }

    #[test]
    fn samples_are_bounded_and_start_over_when_the_clock_goes_back() {
        let mut session = new_session(ExerciseId::Playground);
        let mut samples = Samples::default();
        samples.record(session.cluster());
        samples.record(session.cluster());
        assert_eq!(samples.len(), 1, "one per second");
        session.step_clock(MAX_SAMPLES as u64 + 50);
        for _ in 0..(MAX_SAMPLES + 20) {
            session.step_clock(1);
            samples.record(session.cluster());
        }
        assert_eq!(samples.len(), MAX_SAMPLES);
        let fresh = new_session(ExerciseId::Playground);
        samples.record(fresh.cluster());
        assert_eq!(samples.len(), 1);
    }

    #[test]
    fn a_cloud_scale_up_is_explained_by_its_pods_and_group() {
        let mut session = new_session(ExerciseId::from_key("cloud").expect("cloud"));
        let mut samples = Samples::default();
        assert!(autoscaling_view(session.cluster(), &samples).relevant, "the autoscaler runs: the tab is offered");
        session.run("kubectl apply -f burst.yaml");
        for _ in 0..30 {
            session.step_clock(1);
            samples.record(session.cluster());
        }
        let v = autoscaling_view(session.cluster(), &samples);
        assert!(v.provisioning > 0);
        assert!(v.pending.iter().any(|p| p.1 > 0.0));
        let up =
            v.autoscaler_decisions.iter().find(|w| w.summary.starts_with("scale-up: pool-1 1 → ")).expect("scale-up");
        assert!(up.details[0].contains("burst-"), "{:?}", up.details);
    }
}
