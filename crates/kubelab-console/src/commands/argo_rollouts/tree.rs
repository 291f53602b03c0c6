//! `kubectl argo rollouts get rollout NAME` (`cmd/get/get_rollout.go`, `info/*.go`): the
//! header (`%-17s%v` lines: status with its icon, message, strategy, step, set and actual
//! weight, images with their canary/stable tags, replica counts), then the tree of revisions,
//! newest first, each with its ReplicaSets (and their pods) and AnalysisRuns, through a
//! tabwriter of padding 2. Colours are left out (as `--no-color` prints).

use super::*;
use kubelab_sim::api::rollout::{AnalysisRun, HASH_LABEL, ROLLOUT_REVISION_ANNOTATION};
use kubelab_sim::{Cluster, SimTime};

const ICON_ROLLOUT: &str = "⟳";
const ICON_REVISION: &str = "#";
const ICON_REPLICA_SET: &str = "⧉";
const ICON_POD: &str = "□";
const ICON_ANALYSIS: &str = "α";

/// `GetRolloutPhase`: the status the controller wrote (its phase and message).
pub(super) fn phase(ro: &Rollout) -> (String, String) {
    match &ro.status.phase {
        Some(p) if !p.is_empty() => (p.clone(), ro.status.message.clone().unwrap_or_default()),
        _ => {
            let (p, m) = kubelab_sim::cluster::argo::phase(ro);
            (p.to_string(), m)
        }
    }
}

fn rollout_icon(status: &str) -> &'static str {
    match status {
        "Progressing" => "◌",
        "Error" | "InvalidSpec" => "⚠",
        "Paused" => "॥",
        "Healthy" => "✔",
        "Degraded" => "✖",
        "Unknown" => "?",
        "ScaledDown" => "•",
        _ => " ",
    }
}

fn replica_set_icon(status: &str) -> &'static str {
    match status {
        "Progressing" => "◌",
        "Healthy" => "✔",
        "ReplicaFailure" => "✖",
        "ScaledDown" => "•",
        _ => " ",
    }
}

fn pod_icon(status: &str) -> &'static str {
    if status.starts_with("Init:") {
        return "◌";
    }
    if status.starts_with("Signal:") || status.starts_with("ExitCode:") {
        return "✖";
    }
    if status.ends_with("Error") || status.starts_with("Err") {
        return "⚠";
    }
    match status {
        "Pending" | "Terminating" | "ContainerCreating" => "◌",
        "Running" | "Completed" => "✔",
        "Failed" | "InvalidImageName" | "CrashLoopBackOff" => "✖",
        "ImagePullBackOff" | "RegistryUnavailable" => "⚠",
        "Unknown" => "?",
        _ => " ",
    }
}

fn analysis_icon(phase: &str) -> &'static str {
    match phase {
        "Successful" => "✔",
        "Inconclusive" => "?",
        "Failed" => "✖",
        "Error" => "⚠",
        "Running" => "◌",
        "Pending" => "◷",
        _ => " ",
    }
}

/// `getReplicaSetHealth`.
fn replica_set_health(rs: &ReplicaSet) -> &'static str {
    let want = rs.spec.replicas.unwrap_or(1);
    if rs.status.available_replicas < want {
        return "Progressing";
    }
    if want == 0 {
        return "ScaledDown";
    }
    "Healthy"
}

fn revision(annotations: &std::collections::BTreeMap<String, String>) -> i64 {
    annotations.get(ROLLOUT_REVISION_ANNOTATION).and_then(|r| r.parse().ok()).unwrap_or(0)
}

fn prefixes(last: bool, sub: &str) -> (String, String) {
    if last {
        (format!("{sub}└──"), format!("{sub}   "))
    } else {
        (format!("{sub}├──"), format!("{sub}│  "))
    }
}

pub(super) fn render(cluster: &Cluster, ro: &Rollout) -> String {
    let ns = ro.metadata.ns();
    let age = |t: SimTime| crate::text::human_duration(cluster.now().as_millis() as i64 - t.as_millis() as i64);
    let mut rss: Vec<ReplicaSet> = cluster
        .list(Kind::ReplicaSet, Some(ns))
        .into_iter()
        .filter_map(Object::as_replica_set)
        .filter(|rs| rs.metadata.controller_ref().is_some_and(|o| o.uid == ro.metadata.uid))
        .cloned()
        .collect();
    kubelab_sim::sort::by(&mut rss, |a, b| {
        revision(&b.metadata.annotations)
            .cmp(&revision(&a.metadata.annotations))
            .then_with(|| a.metadata.name.cmp(&b.metadata.name))
    });
    let mut runs: Vec<AnalysisRun> = cluster
        .list(Kind::AnalysisRun, Some(ns))
        .into_iter()
        .filter_map(AnalysisRun::from_object)
        .filter(|r| r.metadata.controller_ref().is_some_and(|o| o.uid == ro.metadata.uid))
        .collect();
    kubelab_sim::sort::by(&mut runs, |a, b| {
        revision(&b.metadata.annotations)
            .cmp(&revision(&a.metadata.annotations))
            .then_with(|| a.metadata.creation_timestamp.cmp(&b.metadata.creation_timestamp))
            .then_with(|| b.metadata.name.cmp(&a.metadata.name))
    });
    let stable = ro.status.stable_rs.clone().unwrap_or_default();
    let current = ro.status.current_pod_hash.clone().unwrap_or_default();
    let role = |rs: &ReplicaSet| -> (bool, bool) {
        let h = rs.metadata.labels.get(HASH_LABEL).cloned().unwrap_or_default();
        let is_stable = !h.is_empty() && h == stable;
        (is_stable, !is_stable && !h.is_empty() && h == current)
    };

    let (status, message) = phase(ro);
    let mut s = String::new();
    let mut line = |label: &str, value: &str| s.push_str(&format!("{label:<17}{value}\n"));
    line("Name:", &ro.metadata.name);
    line("Namespace:", ns);
    line("Status:", &format!("{} {status}", rollout_icon(&status)));
    if !message.is_empty() {
        line("Message:", &message);
    }
    line("Strategy:", "Canary");
    let steps = ro.steps().len();
    let step = match ro.status.current_step_index {
        Some(i) if steps > 0 => format!("{i}/{steps}"),
        _ => String::new(),
    };
    line("  Step:", &step);
    line("  SetWeight:", &ro.current_set_weight().to_string());
    let available = ro.status.available_replicas.unwrap_or(0);
    let routed = kubelab_sim::cluster::argo::routed(ro);
    let actual = if ro.current_step().is_none() {
        100
    } else if routed {
        // With a traffic router the weight is the router's, not the pods' ratio.
        ro.current_set_weight()
    } else if available > 0 {
        rss.iter()
            .filter(|rs| role(rs).1)
            .map(|rs| rs.status.available_replicas * 100 / available)
            .next_back()
            .unwrap_or(0)
    } else {
        0
    };
    line("  ActualWeight:", &actual.to_string());
    // Images of the ReplicaSets that have pods, sorted, with their tags merged.
    let mut images: Vec<(String, Vec<&str>)> = Vec::new();
    for rs in rss.iter().filter(|rs| rs.status.replicas > 0) {
        let (is_stable, is_canary) = role(rs);
        for c in &rs.spec.template.spec.containers {
            let i = match images.iter().position(|(img, _)| *img == c.image) {
                Some(i) => i,
                None => {
                    images.push((c.image.clone(), vec![]));
                    images.len() - 1
                }
            };
            for (on, tag) in [(is_canary, "canary"), (is_stable, "stable")] {
                if on && !images[i].1.contains(&tag) {
                    images[i].1.push(tag);
                }
            }
        }
    }
    kubelab_sim::sort::by(&mut images, |a, b| a.0.cmp(&b.0));
    for (i, (image, mut tags)) in images.into_iter().enumerate() {
        kubelab_sim::sort::by(&mut tags, |a, b| a.cmp(b));
        let text = if tags.is_empty() { image } else { format!("{image} ({})", tags.join(", ")) };
        line(if i == 0 { "Images:" } else { "" }, &text);
    }
    s.push_str("Replicas:\n");
    let mut line = |label: &str, value: i64| s.push_str(&format!("{label:<17}{value}\n"));
    line("  Desired:", ro.replicas());
    line("  Current:", ro.status.replicas.unwrap_or(0));
    line("  Updated:", ro.status.updated_replicas.unwrap_or(0));
    line("  Ready:", ro.status.ready_replicas.unwrap_or(0));
    line("  Available:", available);
    s.push('\n');

    let mut w = crate::text::tabwriter::TabWriter::new(0, 0, 2);
    w.write_str("NAME\tKIND\tSTATUS\tAGE\tINFO\n");
    w.write_str(&format!(
        "{ICON_ROLLOUT} {}\tRollout\t{} {status}\t{}\t\n",
        ro.metadata.name,
        rollout_icon(&status),
        age(ro.metadata.creation_timestamp)
    ));
    let mut revisions: Vec<i64> = rss
        .iter()
        .map(|rs| revision(&rs.metadata.annotations))
        .chain(runs.iter().map(|r| revision(&r.metadata.annotations)))
        .collect();
    kubelab_sim::sort::by(&mut revisions, |a, b| b.cmp(a));
    revisions.dedup();
    for (ri, rev) in revisions.iter().enumerate() {
        let (prefix, sub) = prefixes(ri + 1 == revisions.len(), "");
        w.write_str(&format!("{prefix}{ICON_REVISION} revision:{rev}\t\t \t\t\n"));
        let sets: Vec<&ReplicaSet> = rss.iter().filter(|rs| revision(&rs.metadata.annotations) == *rev).collect();
        let ars: Vec<&AnalysisRun> = runs.iter().filter(|r| revision(&r.metadata.annotations) == *rev).collect();
        let total = sets.len() + ars.len();
        let mut n = 0;
        for rs in sets {
            n += 1;
            let (p, child_sub) = prefixes(n == total, &sub);
            let (is_stable, is_canary) = role(rs);
            let mut info = Vec::new();
            if is_stable {
                info.push("stable");
            }
            if is_canary {
                info.push("canary");
            }
            let health = replica_set_health(rs);
            w.write_str(&format!(
                "{p}{ICON_REPLICA_SET} {}\tReplicaSet\t{} {health}\t{}\t{}\n",
                rs.metadata.name,
                replica_set_icon(health),
                age(rs.metadata.creation_timestamp),
                info.join(",")
            ));
            let mut pods: Vec<&Pod> = cluster
                .pods()
                .filter(|p| {
                    p.metadata.ns() == ns && p.metadata.controller_ref().is_some_and(|o| o.uid == rs.metadata.uid)
                })
                .collect();
            kubelab_sim::sort::by(&mut pods, |a, b| {
                (a.metadata.creation_timestamp.as_secs(), &a.metadata.name)
                    .cmp(&(b.metadata.creation_timestamp.as_secs(), &b.metadata.name))
            });
            for (pi, pod) in pods.iter().enumerate() {
                let (pp, _) = prefixes(pi + 1 == pods.len(), &child_sub);
                let (st, ready, _) = crate::printers::pod_status(cluster, pod);
                let restarts: i64 = pod.status.container_statuses.iter().map(|c| c.restart_count).sum();
                let mut info = format!("ready:{ready}");
                if restarts > 0 {
                    info.push_str(&format!(",restarts:{restarts}"));
                }
                w.write_str(&format!(
                    "{pp}{ICON_POD} {}\tPod\t{} {st}\t{}\t{info}\n",
                    pod.metadata.name,
                    pod_icon(&st),
                    age(pod.metadata.creation_timestamp)
                ));
            }
        }
        for run in ars {
            n += 1;
            let (p, _) = prefixes(n == total, &sub);
            let (mut ok, mut bad, mut unknown, mut err) = (0, 0, 0, 0);
            for mr in &run.status.metric_results {
                ok += mr.successful;
                bad += mr.failed;
                unknown += mr.inconclusive;
                err += mr.error;
            }
            let mut info = Vec::new();
            for (count, icon) in [(ok, "✔"), (bad, "✖"), (unknown, "?"), (err, "⚠")] {
                if count > 0 {
                    info.push(format!("{icon} {count}"));
                }
            }
            let phase = run.status.phase.clone();
            w.write_str(&format!(
                "{p}{ICON_ANALYSIS} {}\tAnalysisRun\t{} {phase}\t{}\t{}\n",
                run.metadata.name,
                analysis_icon(&phase),
                age(run.metadata.creation_timestamp),
                info.join(",")
            ));
        }
    }
    s.push_str(&w.flush());
    s
}
