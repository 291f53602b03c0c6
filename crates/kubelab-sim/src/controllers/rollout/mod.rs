//! The Argo Rollouts controller (the `argo-rollouts` addon): a `Rollout` runs its pods through
//! ReplicaSets it owns, named `<rollout>-<hash>` with the hash a Deployment's ReplicaSet of the
//! same template would get, labelled `rollouts-pod-template-hash`. It works while the addon's
//! CRDs are installed and a controller pod (`app.kubernetes.io/name: argo-rollouts`) is Ready.
//!
//! The canary strategy, as Argo's `rollout/canary.go` carries it out without a traffic router:
//! - A new template is a new revision: its ReplicaSet is created, `currentPodHash` names it,
//!   `currentStepIndex` goes back to 0. The first revision (no `stableRS` yet) and a return to
//!   the stable template skip the steps and go straight to 100 %.
//! - The canary and stable sizes follow the current `setWeight` as `replicas.rs` computes them
//!   (within `maxSurge`/`maxUnavailable`); a `setWeight` step is done once both are at their
//!   sizes and available.
//! - `pause: {}` adds a `CanaryPauseStep` pause condition until `promote`; `pause: {duration}`
//!   ends by itself (a wake-up at its end).
//! - `analysis` creates an AnalysisRun `<rollout>-<hash>-<revision>-<step>` from its templates
//!   (measured by `analysis.rs`); `Successful` goes on, `Inconclusive` pauses
//!   (`InconclusiveAnalysisRun`), `Failed`/`Error` aborts: the canary is scaled to 0, the
//!   stable back to 100 %, `currentStepIndex` back to 0, and the Rollout is `Degraded` with
//!   `RolloutAborted: Rollout aborted update to revision N: Step-based analysis phase
//!   error/failed: Metric "..." assessed Failed due to failed (1) > failureLimit (0)`.
//! - Past the last step the new ReplicaSet becomes `stableRS` once all its replicas are
//!   available; the old one is then scaled to 0.
//! - Phases and messages as `CalculateRolloutPhase` gives them (`Healthy`, `Progressing`,
//!   `Paused`, `Degraded`).
//!
//! # Simplified
//! ReplicaSets older than the stable and the canary are scaled to 0 at once (Argo drains them
//! within `maxUnavailable`); no `scaleDownDelaySeconds`, no progress deadline, no background
//! analysis, `trafficRouting` as `routing.rs` reduces it, no blue-green (such a Rollout is `Degraded` with
//! an `InvalidSpec` message saying the lab does not run it), no `setCanaryScale`/experiment
//! steps (skipped), no `workloadRef`, `conditions` hold only the abort condition.

pub mod addon;
pub mod analysis;
pub mod replicas;
pub mod routing;

use crate::api::rollout::*;
use crate::api::*;
use crate::cluster::Api;
use crate::hash::pod_template_hash;
use crate::traffic::TrafficState;
use serde::{Deserialize, Serialize};

/// The event source of everything the controller records.
pub const COMPONENT: &str = "rollouts-controller";
/// The label of the controller's pods (the release manifest's).
pub const APP_LABEL: (&str, &str) = ("app.kubernetes.io/name", "argo-rollouts");

/// The controller's memory: whether the CRDs are installed (the API server's, in the lab kept here).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RolloutState {
    #[serde(default)]
    pub(crate) crds: bool,
}

impl RolloutState {
    pub(crate) fn is_unused(&self) -> bool {
        !self.crds
    }
}

/// Whether a controller pod is Ready.
fn controller_running(api: &Api<'_, RolloutState>) -> bool {
    api.pods().any(|p| {
        p.metadata.labels.get(APP_LABEL.0).map(String::as_str) == Some(APP_LABEL.1)
            && !p.metadata.is_deleting()
            && p.is_ready()
    })
}

pub(crate) fn reconcile(api: &mut Api<'_, RolloutState>, traffic: &TrafficState) {
    if !api.own.crds || !controller_running(api) {
        return;
    }
    analysis::reconcile(api, traffic);
    let keys: Vec<ObjectKey> = api.list(Kind::Rollout, None).into_iter().map(Object::key).collect();
    for key in keys {
        sync(api, &key);
    }
}

fn rollout(api: &Api<'_, RolloutState>, key: &ObjectKey) -> Option<Rollout> {
    api.get_by_key(key).and_then(Rollout::from_object)
}

fn rs_revision(rs: &ReplicaSet) -> i64 {
    rs.metadata.annotations.get(ROLLOUT_REVISION_ANNOTATION).and_then(|r| r.parse().ok()).unwrap_or(0)
}

fn owned(api: &Api<'_, RolloutState>, ro: &Rollout) -> Vec<ReplicaSet> {
    let mut rss: Vec<ReplicaSet> = api
        .list(Kind::ReplicaSet, Some(ro.metadata.ns()))
        .into_iter()
        .filter_map(Object::as_replica_set)
        .filter(|rs| rs.metadata.controller_ref().is_some_and(|r| r.uid == ro.metadata.uid))
        .cloned()
        .collect();
    crate::sort::by(&mut rss, |a, b| {
        (a.metadata.creation_timestamp, &a.metadata.name).cmp(&(b.metadata.creation_timestamp, &b.metadata.name))
    });
    rss
}

fn hash_of(rs: &ReplicaSet) -> Option<&String> {
    rs.metadata.labels.get(HASH_LABEL)
}

fn owner_ref(ro: &Rollout) -> OwnerReference {
    OwnerReference {
        api_version: API_VERSION.into(),
        kind: "Rollout".into(),
        name: ro.metadata.name.clone(),
        uid: ro.metadata.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

#[inline(never)] // out of `Cluster::settle`, so the web split can leave it out of the first download
fn sync(api: &mut Api<'_, RolloutState>, key: &ObjectKey) {
    let Some(mut ro) = rollout(api, key) else { return };
    if ro.metadata.is_deleting() {
        return;
    }
    let before = ro.clone();
    let obj = ro.into_object();
    let selector = ro.spec.selector.as_ref().and_then(|s| s.to_selector().ok()).filter(|s| !s.is_empty());
    let invalid = if selector.is_none() {
        Some("spec.selector: Required value: Rollout has missing field '.spec.selector'".to_string())
    } else if ro.spec.strategy.canary.is_none() {
        Some("spec.strategy: Invalid value: the lab runs the canary strategy only".to_string())
    } else {
        invalid_spec(&ro)
    };
    if let Some(msg) = invalid {
        ro.status.phase = Some("Degraded".into());
        ro.status.message = Some(format!("InvalidSpec: The Rollout \"{}\" is invalid: {msg}", ro.metadata.name));
        write(api, &before, ro);
        return;
    }
    let hash = pod_template_hash(&ro.spec.template, None);
    let mut rss = owned(api, &ro);
    // A new template: a new revision, its steps from the start.
    if ro.status.current_pod_hash.as_deref() != Some(hash.as_str()) {
        let back_to_stable = ro.status.stable_rs.as_deref() == Some(hash.as_str());
        ro.status.current_pod_hash = Some(hash.clone());
        ro.status.abort = false;
        ro.status.aborted_at = None;
        ro.status.pause_conditions.clear();
        ro.status.controller_pause = false;
        ro.status.canary = CanaryStatus::default();
        ro.status.conditions.clear();
        let steps = ro.steps().len();
        let skip = ro.status.stable_rs.is_none() || back_to_stable;
        ro.status.current_step_index = (steps > 0).then_some(if skip { steps as i64 } else { 0 });
    }
    // The new ReplicaSet, created or brought to the newest revision.
    let max_revision = rss.iter().map(rs_revision).max().unwrap_or(0);
    match rss.iter().position(|rs| hash_of(rs) == Some(&hash)) {
        Some(i) => {
            let rev = rs_revision(&rss[i]);
            if rev < max_revision || ro.revision() != rev.max(max_revision) {
                let new_rev = if rev < max_revision { max_revision + 1 } else { rev };
                let mut rs = rss[i].clone();
                rs.metadata.annotations.insert(ROLLOUT_REVISION_ANNOTATION.into(), new_rev.to_string());
                api.put(Object::ReplicaSet(rs.clone()));
                rss[i] = rs;
                ro.metadata.annotations.insert(ROLLOUT_REVISION_ANNOTATION.into(), new_rev.to_string());
            }
        }
        None => {
            let revision = max_revision + 1;
            let mut template = ro.spec.template.clone();
            template.metadata.labels.insert(HASH_LABEL.into(), hash.clone());
            let mut sel = ro.spec.selector.clone().unwrap_or_default();
            sel.match_labels.insert(HASH_LABEL.into(), hash.clone());
            let mut rs = ReplicaSet {
                api_version: "apps/v1".into(),
                kind: "ReplicaSet".into(),
                metadata: ObjectMeta {
                    name: format!("{}-{}", ro.metadata.name, hash),
                    namespace: ro.metadata.namespace.clone(),
                    labels: template.metadata.labels.clone(),
                    owner_references: vec![owner_ref(&ro)].into(),
                    ..Default::default()
                },
                spec: Box::new(ReplicaSetSpec {
                    replicas: Some(0),
                    min_ready_seconds: ro.spec.min_ready_seconds,
                    selector: Some(sel),
                    template,
                    extra: Default::default(),
                }),
                status: Default::default(),
            };
            rs.metadata.annotations.insert(ROLLOUT_REVISION_ANNOTATION.into(), revision.to_string());
            match api.create_internal(Object::ReplicaSet(rs)) {
                Ok(Object::ReplicaSet(created)) => rss.push(created),
                _ => return,
            }
            ro.metadata.annotations.insert(ROLLOUT_REVISION_ANNOTATION.into(), revision.to_string());
            api.record_event(
                &obj,
                "Normal",
                "RolloutUpdated",
                format!("Rollout updated to revision {revision}"),
                COMPONENT,
            );
        }
    }
    if ro.status.stable_rs.is_none() {
        ro.status.stable_rs = Some(hash.clone());
    }
    // An abort asked for (`kubectl argo rollouts abort`, or by an analysis below).
    if ro.status.abort && !aborted_condition(&ro) {
        abort(api, &obj, &mut ro, None);
    }
    scale(api, &obj, &ro, &hash, &rss);
    if routing::routed(&ro) {
        routing::point_services(api, &ro);
    }
    let rss = owned(api, &ro);
    if !ro.status.abort && !ro.fully_promoted() {
        run_steps(api, &obj, &mut ro, &hash, &rss);
    }
    // Past the last step with every new replica available: the new ReplicaSet is stable.
    let new_rs = rss.iter().find(|rs| hash_of(rs) == Some(&hash));
    if !ro.status.abort && ro.current_step().is_none() && !ro.fully_promoted() {
        if let Some(rs) = new_rs {
            if rs.spec.replicas == Some(ro.replicas()) && rs.status.available_replicas >= ro.replicas() {
                ro.status.stable_rs = Some(hash.clone());
                ro.status.canary = CanaryStatus::default();
            }
        }
    }
    set_status(&mut ro, &rss, &hash);
    // `sendStateChangeEvents`.
    let (was_paused, paused) = (!before.status.pause_conditions.is_empty(), !ro.status.pause_conditions.is_empty());
    if was_paused != paused {
        if let Some(c) = ro.status.pause_conditions.first() {
            api.record_event(&obj, "Normal", "RolloutPaused", format!("Rollout is paused ({})", c.reason), COMPONENT);
        } else if ro.status.aborted_at.is_none() {
            api.record_event(&obj, "Normal", "RolloutResumed", "Rollout is resumed".into(), COMPONENT);
        }
    }
    write(api, &before, ro);
}

/// `CanaryStepString`.
fn step_string(step: &CanaryStep) -> String {
    if let Some(w) = step.set_weight {
        return format!("setWeight: {w}");
    }
    if let Some(p) = &step.pause {
        return match &p.duration {
            Some(IntOrString::Int(n)) => format!("pause: {n}"),
            Some(IntOrString::Str(d)) => format!("pause: {d}"),
            None => "pause".into(),
        };
    }
    if step.analysis.is_some() {
        return "analysis".into();
    }
    "step".into()
}

/// Moves past step `i`, with `RolloutStepCompleted`.
fn complete_step(api: &mut Api<'_, RolloutState>, obj: &Object, ro: &mut Rollout, i: usize) {
    let n = ro.steps().len();
    let what = ro.steps().get(i).map(step_string).unwrap_or_default();
    ro.status.current_step_index = Some(i as i64 + 1);
    let msg = format!("Rollout step {}/{n} completed ({what})", i + 1);
    api.record_event(obj, "Normal", "RolloutStepCompleted", msg, COMPONENT);
}

fn write(api: &mut Api<'_, RolloutState>, before: &Rollout, ro: Rollout) {
    if &ro != before {
        api.put(ro.into_object());
    }
}

fn aborted_condition(ro: &Rollout) -> bool {
    ro.status.conditions.iter().any(|c| c.reason == "RolloutAborted")
}

/// Aborts the update: the abort condition, its event, back to step 0.
fn abort(api: &mut Api<'_, RolloutState>, obj: &Object, ro: &mut Rollout, why: Option<String>) {
    let now = api.now();
    ro.status.abort = true;
    ro.status.aborted_at.get_or_insert(now);
    ro.status.pause_conditions.clear();
    ro.status.controller_pause = false;
    let steps = ro.steps().len() as i64;
    if steps > 0 {
        // Back to the first step, or past the last when the stable is the current revision.
        ro.status.current_step_index = Some(if ro.fully_promoted() { steps } else { 0 });
    }
    let mut message = format!("Rollout aborted update to revision {}", ro.revision());
    if let Some(why) = why {
        message = format!("{message}: {why}");
    }
    let cond = Condition {
        type_: "Progressing".into(),
        status: "False".into(),
        reason: "RolloutAborted".into(),
        message: message.clone(),
        last_transition_time: Some(now),
        last_update_time: Some(now),
        ..Default::default()
    };
    ro.status.conditions.retain(|c| c.type_ != "Progressing");
    ro.status.conditions.push(cond);
    api.record_event(obj, "Warning", "RolloutAborted", message, COMPONENT);
    // A running analysis of the aborted update is stopped.
    if let Some(name) = ro.status.canary.current_step_analysis_run_status.as_ref().map(|s| s.name.clone()) {
        if let Some(mut run) = api.get(Kind::AnalysisRun, ro.metadata.ns(), &name).and_then(AnalysisRun::from_object) {
            if !run.completed() && !run.spec.terminate {
                run.spec.terminate = true;
                api.put(run.into_object());
            }
        }
    }
}

/// Scales the new, stable and older ReplicaSets toward the current weight.
fn scale(api: &mut Api<'_, RolloutState>, obj: &Object, ro: &Rollout, hash: &str, rss: &[ReplicaSet]) {
    let counts = |rs: &ReplicaSet| replicas::RsCounts {
        spec: rs.spec.replicas.unwrap_or(0),
        available: rs.status.available_replicas,
    };
    let stable_hash = ro.status.stable_rs.clone().unwrap_or_default();
    let new = rss.iter().find(|rs| hash_of(rs).map(String::as_str) == Some(hash));
    let stable = rss.iter().find(|rs| hash_of(rs) == Some(&stable_hash) && stable_hash != hash);
    let mut targets: Vec<(ReplicaSet, i64)> = Vec::new();
    for rs in rss {
        if Some(rs) != new && Some(rs) != stable && rs.spec.replicas.unwrap_or(0) > 0 {
            targets.push((rs.clone(), 0));
        }
    }
    let p = replicas::Canary {
        replicas: ro.replicas(),
        weight: ro.current_set_weight(),
        max_surge: ro.max_surge(),
        max_unavailable: ro.max_unavailable(),
    };
    let (new_count, stable_count) = if routing::routed(ro) && stable.is_some() {
        // With a traffic router the stable stays at 100 % and the canary gets its weight's pods.
        (routing::weight_to_replicas(p.replicas, p.weight), p.replicas)
    } else {
        replicas::basic_canary_counts(p, new.map(counts), stable.map(counts), 0)
    };
    if let Some(rs) = new {
        targets.push((rs.clone(), new_count));
    }
    if let Some(rs) = stable {
        targets.push((rs.clone(), stable_count));
    }
    for (mut rs, to) in targets {
        let from = rs.spec.replicas.unwrap_or(0);
        if from == to {
            continue;
        }
        rs.spec.replicas = Some(to);
        let verb = if to > from { "up" } else { "down" };
        let msg = format!(
            "Scaled {verb} ReplicaSet {} (revision {}) from {from} to {to}",
            rs.metadata.name,
            rs_revision(&rs)
        );
        api.put(Object::ReplicaSet(rs));
        api.record_event(obj, "Normal", "ScalingReplicaSet", msg, COMPONENT);
    }
}

/// Whether the canary and stable are at the sizes the current weight asks and available
/// (`AtDesiredReplicaCountsForCanary`).
fn at_desired(ro: &Rollout, hash: &str, rss: &[ReplicaSet]) -> bool {
    let (desired_new, desired_stable) = if routing::routed(ro) {
        (routing::weight_to_replicas(ro.replicas(), ro.current_set_weight()), ro.replicas())
    } else {
        replicas::approximate_weighted_counts(ro.replicas(), ro.current_set_weight(), ro.max_surge())
    };
    let stable_hash = ro.status.stable_rs.clone().unwrap_or_default();
    let at = |rs: &ReplicaSet, want: i64| rs.spec.replicas == Some(want) && rs.status.available_replicas >= want;
    rss.iter().all(|rs| match hash_of(rs).map(String::as_str) {
        Some(h) if h == hash => at(rs, desired_new),
        Some(h) if h == stable_hash => at(rs, desired_stable),
        _ => rs.spec.replicas.unwrap_or(0) == 0 && rs.status.available_replicas == 0,
    })
}

/// Carries out the steps from the current one as far as they go now.
fn run_steps(api: &mut Api<'_, RolloutState>, obj: &Object, ro: &mut Rollout, hash: &str, rss: &[ReplicaSet]) {
    let now = api.now();
    for _ in 0..=ro.steps().len() {
        let i = ro.step_index();
        let Some(step) = ro.current_step().cloned() else { return };
        // Unpausing (`promote` removed the pause conditions): the paused step is done.
        if ro.status.controller_pause && ro.status.pause_conditions.is_empty() {
            ro.status.controller_pause = false;
            complete_step(api, obj, ro, i);
            continue;
        }
        if !ro.status.pause_conditions.is_empty() && step.pause.is_none() {
            return;
        }
        if step.set_weight.is_some() {
            // The sizes are set by `scale`; the step is done once they are reached.
            if !at_desired(ro, hash, rss) {
                return;
            }
        } else if let Some(pause) = &step.pause {
            match ro.status.pause_conditions.iter().find(|c| c.reason == PAUSE_CANARY_STEP) {
                None => {
                    ro.status
                        .pause_conditions
                        .push(PauseCondition { reason: PAUSE_CANARY_STEP.into(), start_time: now });
                    ro.status.controller_pause = true;
                    if let Some(d) = pause.duration() {
                        api.wake_at(now + d);
                    }
                    return;
                }
                Some(c) => match pause.duration() {
                    Some(d) if now >= c.start_time + d => {
                        ro.status.pause_conditions.retain(|c| c.reason != PAUSE_CANARY_STEP);
                        ro.status.controller_pause = false;
                    }
                    Some(d) => {
                        api.wake_at(c.start_time + d);
                        return;
                    }
                    None => return,
                },
            }
        } else if let Some(analysis) = &step.analysis {
            // The step's run is the one the status names; a new one otherwise (a retried
            // step gets a fresh run, `.1`, `.2`, ... after the name as Argo's collision counter).
            let step_label = i.to_string();
            let current = ro.status.canary.current_step_analysis_run_status.as_ref().map(|s| s.name.clone());
            let existing = current
                .and_then(|n| api.get(Kind::AnalysisRun, ro.metadata.ns(), &n).and_then(AnalysisRun::from_object))
                .filter(|r| r.metadata.labels.get("step-index") == Some(&step_label));
            let Some(run) = existing else {
                let base = format!("{}-{}-{}-{}", ro.metadata.name, hash, ro.revision(), i);
                let mut name = base.clone();
                let mut n = 0;
                while api.get(Kind::AnalysisRun, ro.metadata.ns(), &name).is_some() && n < 1000 {
                    n += 1;
                    name = format!("{base}.{n}");
                }
                if let Err(msg) = create_run(api, ro, &name, hash, i, analysis) {
                    ro.status.phase = Some("Degraded".into());
                    ro.status.message = Some(format!("InvalidSpec: {msg}"));
                    return;
                }
                ro.status.canary.current_step_analysis_run_status = Some(RolloutAnalysisRunStatus {
                    name: name.clone(),
                    status: String::new(),
                    message: String::new(),
                });
                return;
            };
            let name = run.metadata.name.clone();
            let previous = ro.status.canary.current_step_analysis_run_status.clone().unwrap_or_default();
            let phase = if run.status.phase.is_empty() { "Pending" } else { run.status.phase.as_str() };
            if previous.status != phase && phase != "Pending" {
                let type_ = if matches!(phase, "Failed" | "Error") { "Warning" } else { "Normal" };
                let msg = format!("Step Analysis Run '{name}' Status New: '{phase}' Previous: '{}'", previous.status);
                api.record_event(obj, type_, format!("AnalysisRun{phase}"), msg, COMPONENT);
            }
            ro.status.canary.current_step_analysis_run_status = Some(RolloutAnalysisRunStatus {
                name: name.clone(),
                status: if phase == "Pending" { String::new() } else { phase.to_string() },
                message: run.status.message.clone(),
            });
            match phase {
                "Successful" => {}
                "Failed" | "Error" => {
                    let mut why = "Step-based analysis phase error/failed".to_string();
                    if !run.status.message.is_empty() {
                        why = format!("{why}: {}", run.status.message);
                    }
                    abort(api, obj, ro, Some(why));
                    return;
                }
                "Inconclusive" => {
                    ro.status
                        .pause_conditions
                        .push(PauseCondition { reason: PAUSE_INCONCLUSIVE.into(), start_time: now });
                    ro.status.controller_pause = true;
                    return;
                }
                _ => return,
            }
        }
        // setCanaryScale, experiment and the other steps the lab does not run are passed over.
        complete_step(api, obj, ro, i);
    }
}

/// Creates a step's AnalysisRun from its templates; the error names a missing template.
fn create_run(
    api: &mut Api<'_, RolloutState>,
    ro: &Rollout,
    name: &str,
    hash: &str,
    step: usize,
    analysis: &RolloutAnalysis,
) -> Result<(), String> {
    let ns = ro.metadata.ns();
    let mut metrics = Vec::new();
    for t in &analysis.templates {
        let Some(tpl) = api.get(Kind::AnalysisTemplate, ns, &t.template_name).and_then(AnalysisTemplate::from_object)
        else {
            return Err(format!("AnalysisTemplate '{}' not found", t.template_name));
        };
        metrics.extend(tpl.spec.metrics);
    }
    let mut run = AnalysisRun {
        api_version: API_VERSION.into(),
        kind: "AnalysisRun".into(),
        metadata: ObjectMeta {
            name: name.to_string(),
            namespace: ro.metadata.namespace.clone(),
            owner_references: vec![owner_ref(ro)].into(),
            ..Default::default()
        },
        spec: AnalysisRunSpec { metrics, ..Default::default() },
        status: Default::default(),
    };
    run.metadata.labels.insert(HASH_LABEL.into(), hash.to_string());
    run.metadata.labels.insert(TYPE_LABEL.into(), "Step".into());
    run.metadata.labels.insert("step-index".into(), step.to_string());
    run.metadata.annotations.insert(ROLLOUT_REVISION_ANNOTATION.into(), ro.revision().to_string());
    api.create_internal(run.into_object()).map(|_| ()).map_err(|e| e.to_string())
}

/// Replica counts, phase and message (`CalculateRolloutPhase`).
fn set_status(ro: &mut Rollout, rss: &[ReplicaSet], hash: &str) {
    let sum = |f: fn(&ReplicaSet) -> i64| rss.iter().map(f).sum::<i64>();
    let new = rss.iter().find(|rs| hash_of(rs).map(String::as_str) == Some(hash));
    ro.status.replicas = Some(sum(|rs| rs.status.replicas));
    ro.status.updated_replicas = Some(new.map_or(0, |rs| rs.status.replicas));
    ro.status.ready_replicas = Some(sum(|rs| rs.status.ready_replicas));
    ro.status.available_replicas = Some(sum(|rs| rs.status.available_replicas));
    ro.status.observed_generation = Some(ro.metadata.generation.to_string());
    ro.status.selector = ro.spec.selector.as_ref().and_then(|s| s.to_selector().ok()).map(|s| s.to_string());
    let (phase, message) = phase(ro);
    ro.status.phase = Some(phase.into());
    ro.status.message = (!message.is_empty()).then_some(message);
}

/// `CalculateRolloutPhase`.
pub fn phase(ro: &Rollout) -> (&'static str, String) {
    if let Some(c) = ro.status.conditions.iter().find(|c| c.reason == "RolloutAborted") {
        return ("Degraded", format!("RolloutAborted: {}", c.message));
    }
    if ro.spec.paused == Some(true) {
        return ("Paused", "manually paused".into());
    }
    if let Some(c) = ro.status.pause_conditions.first() {
        return ("Paused", c.reason.clone());
    }
    let s = &ro.status;
    let (replicas, updated, available) =
        (s.replicas.unwrap_or(0), s.updated_replicas.unwrap_or(0), s.available_replicas.unwrap_or(0));
    if updated < ro.replicas() {
        return ("Progressing", "more replicas need to be updated".into());
    }
    if available < updated {
        return ("Progressing", "updated replicas are still becoming available".into());
    }
    if replicas > updated {
        return ("Progressing", "old replicas are pending termination".into());
    }
    if !ro.fully_promoted() {
        return ("Progressing", "waiting for all steps to complete".into());
    }
    ("Healthy", String::new())
}

/// `kubectl argo rollouts promote [--full]`: unpauses a paused step (or passes an inconclusive
/// analysis), or, when not paused, skips the current step; `full` skips every remaining step.
pub(crate) fn promote(ro: &mut Rollout, full: bool) {
    let steps = ro.steps().len() as i64;
    if full {
        ro.status.pause_conditions.clear();
        ro.status.controller_pause = false;
        if steps > 0 {
            ro.status.current_step_index = Some(steps);
        }
        return;
    }
    if !ro.status.pause_conditions.is_empty() {
        // The controller sees the pause gone and finishes the step.
        ro.status.pause_conditions.clear();
        ro.status.controller_pause = true;
    } else if let Some(i) = ro.status.current_step_index.filter(|i| *i < steps) {
        ro.status.current_step_index = Some(i + 1);
    }
}

/// `kubectl argo rollouts retry rollout`: the abort is lifted and the steps start again.
pub(crate) fn retry(ro: &mut Rollout) {
    ro.status.abort = false;
    ro.status.aborted_at = None;
    ro.status.conditions.retain(|c| c.reason != "RolloutAborted");
    ro.status.canary = CanaryStatus::default();
    if !ro.steps().is_empty() {
        ro.status.current_step_index = Some(0);
    }
}
