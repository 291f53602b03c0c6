//! The Deployment controller, following Kubernetes' `pkg/controller/deployment` step by step.
//!
//! What is modelled: the new ReplicaSet is the oldest one whose template equals the deployment's
//! (ignoring `pod-template-hash`); new ReplicaSets are named `<deployment>-<hash>` and get
//! revision max+1 (a reused one, after `rollout undo`, is bumped and remembers its old number in
//! `revision-history`); `RollingUpdate` makes one scaling move per sync (new first, then old,
//! cleaning up unhealthy old replicas first) within maxSurge (rounded up) and maxUnavailable
//! (rounded down; both 0 means 1); `Recreate` scales every old ReplicaSet to 0 and waits until no
//! old pod exists before scaling the new one up; scaling mid-rollout is proportional (with the
//! `desired-replicas`/`max-replicas` annotations and round-half-up); status, the `Available` and
//! `Progressing` conditions and `progressDeadlineSeconds`; history clean-up to
//! `revisionHistoryLimit`; `ScalingReplicaSet` events (with "from N" on servers since 1.22).
//!
//! Simplifications: no adoption of orphaned ReplicaSets, no `ReplicaFailure` condition, no
//! hash-collision retries beyond bumping `collisionCount`.

use crate::api::*;
use crate::cluster::{Api, DeleteOptions, Store};
use crate::hash::{pod_template_hash, templates_equal_ignoring_hash};

const MAX_INT32: i64 = 2_147_483_647;

pub(crate) fn reconcile(api: &mut Api<'_>) {
    let keys: Vec<ObjectKey> = api.list(Kind::Deployment, None).into_iter().map(Object::key).collect();
    for key in keys {
        sync(api, &key);
    }
}

fn deployment(store: &Store, key: &ObjectKey) -> Option<Deployment> {
    store.get_by_key(key).and_then(Object::as_deployment).cloned()
}

/// The resolved `(maxSurge, maxUnavailable)` for `desired` replicas (`ResolveFenceposts`).
pub fn resolve_fenceposts(
    surge: Option<&IntOrString>,
    unavailable: Option<&IntOrString>,
    desired: i64,
) -> Result<(i64, i64), String> {
    let zero = IntOrString::Int(0);
    let s = surge.unwrap_or(&zero).scaled_value(desired, true)?;
    let mut u = unavailable.unwrap_or(&zero).scaled_value(desired, false)?;
    if s == 0 && u == 0 {
        u = 1;
    }
    Ok((s, u))
}

pub fn max_surge(d: &Deployment) -> i64 {
    if d.is_recreate() {
        return 0;
    }
    let ru = d.spec.strategy.rolling_update.clone().unwrap_or_default();
    resolve_fenceposts(ru.max_surge.as_ref(), ru.max_unavailable.as_ref(), d.replicas()).map(|r| r.0).unwrap_or(0)
}

pub fn max_unavailable(d: &Deployment) -> i64 {
    if d.is_recreate() || d.replicas() == 0 {
        return 0;
    }
    let ru = d.spec.strategy.rolling_update.clone().unwrap_or_default();
    let u =
        resolve_fenceposts(ru.max_surge.as_ref(), ru.max_unavailable.as_ref(), d.replicas()).map(|r| r.1).unwrap_or(0);
    u.min(d.replicas())
}

/// `MinAvailable` (kept for its upstream test table; the controller works with the fence-posts).
#[cfg(test)]
pub fn min_available(d: &Deployment) -> i64 {
    if d.is_recreate() {
        return 0;
    }
    d.replicas() - max_unavailable(d)
}

pub(crate) fn owned_replica_sets(store: &Store, d: &Deployment) -> Vec<ReplicaSet> {
    let mut rss: Vec<ReplicaSet> = store
        .list(Kind::ReplicaSet, Some(d.metadata.ns()))
        .into_iter()
        .filter_map(Object::as_replica_set)
        .filter(|rs| rs.metadata.controller_ref().is_some_and(|r| r.uid == d.metadata.uid))
        .cloned()
        .collect();
    crate::sort::by(&mut rss, |a, b| {
        (a.metadata.creation_timestamp, &a.metadata.name).cmp(&(b.metadata.creation_timestamp, &b.metadata.name))
    });
    rss
}

fn refresh(store: &Store, rs: &ReplicaSet) -> ReplicaSet {
    store
        .get(Kind::ReplicaSet, rs.metadata.ns(), &rs.metadata.name)
        .and_then(Object::as_replica_set)
        .cloned()
        .unwrap_or_else(|| rs.clone())
}

fn sync(api: &mut Api<'_>, key: &ObjectKey) {
    let Some(d) = deployment(api, key) else { return };
    if d.metadata.is_deleting() {
        return;
    }
    let selector = d.spec.selector.as_ref().and_then(|s| s.to_selector().ok()).unwrap_or_default();
    if selector.is_empty() {
        let obj = Object::Deployment(d.clone());
        api.record_event(
            &obj,
            "Warning",
            "SelectingAll",
            "This deployment is selecting all pods. A non-empty selector is required.".into(),
            "deployment-controller",
        );
        return;
    }
    check_paused_conditions(api, key);
    let Some(d) = deployment(api, key) else { return };
    let rs_list = owned_replica_sets(api, &d);
    if d.is_paused() {
        scale_sync(api, key, &rs_list);
        return;
    }
    if is_scaling_event(api, key, &rs_list) {
        scale_sync(api, key, &rs_list);
        return;
    }
    if d.is_recreate() {
        rollout_recreate(api, key);
    } else {
        rollout_rolling(api, key);
    }
}

fn check_paused_conditions(api: &mut Api<'_>, key: &ObjectKey) {
    let Some(mut d) = deployment(api, key) else { return };
    if !has_progress_deadline(&d) {
        return;
    }
    let cond = d.condition("Progressing").cloned();
    if cond.as_ref().is_some_and(|c| c.reason == "ProgressDeadlineExceeded") {
        return;
    }
    let paused_cond = cond.as_ref().is_some_and(|c| c.reason == "DeploymentPaused");
    let now = api.now();
    let new = if d.is_paused() && !paused_cond {
        Some(new_condition("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused".into(), now))
    } else if !d.is_paused() && paused_cond {
        Some(new_condition("Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed".into(), now))
    } else {
        None
    };
    if let Some(c) = new {
        set_condition(&mut d.status.conditions, c);
        api.put(Object::Deployment(d));
    }
}

fn new_condition(
    type_: &'static str,
    status: &'static str,
    reason: &str,
    message: String,
    now: crate::time::SimTime,
) -> Condition {
    Condition {
        type_: type_.into(),
        status: status.into(),
        last_update_time: Some(now),
        last_transition_time: Some(now),
        reason: reason.into(),
        message,
        ..Default::default()
    }
}

/// `SetDeploymentCondition`: same status and reason is a no-op; same status keeps the
/// transition time; the condition moves to the end.
fn set_condition(conditions: &mut Vec<Condition>, mut cond: Condition) {
    if let Some(cur) = conditions.iter().find(|c| c.type_ == cond.type_) {
        if cur.status == cond.status && cur.reason == cond.reason {
            return;
        }
        if cur.status == cond.status {
            cond.last_transition_time = cur.last_transition_time;
        }
    }
    conditions.retain(|c| c.type_ != cond.type_);
    conditions.push(cond);
}

fn has_progress_deadline(d: &Deployment) -> bool {
    d.spec.progress_deadline_seconds.is_some_and(|p| p != MAX_INT32)
}

pub(crate) const SKIP_ANNOTATIONS: [&str; 6] = [
    LAST_APPLIED_ANNOTATION,
    REVISION_ANNOTATION,
    REVISION_HISTORY_ANNOTATION,
    DESIRED_REPLICAS_ANNOTATION,
    MAX_REPLICAS_ANNOTATION,
    "deprecated.deployment.rollback.to",
];

fn max_revision(rss: &[ReplicaSet]) -> i64 {
    rss.iter().filter_map(ReplicaSet::revision).max().unwrap_or(0)
}

/// Copies the deployment's annotations onto the new RS and sets its revision; returns whether
/// anything changed.
fn set_new_rs_annotations(d: &Deployment, rs: &mut ReplicaSet, new_revision: i64, exists: bool) -> bool {
    let mut changed = false;
    for (k, v) in &d.metadata.annotations {
        if SKIP_ANNOTATIONS.contains(&k.as_str()) {
            continue;
        }
        if rs.metadata.annotations.get(k) != Some(v) {
            rs.metadata.annotations.insert(k.clone(), v.clone());
            changed = true;
        }
    }
    let old = rs.metadata.annotations.get(REVISION_ANNOTATION).cloned();
    let old_num = old.as_deref().and_then(|o| o.parse::<i64>().ok());
    if old_num.is_none_or(|o| o < new_revision) {
        rs.metadata.annotations.insert(REVISION_ANNOTATION.into(), new_revision.to_string());
        changed = true;
        if exists {
            if let Some(o) = old.filter(|o| !o.is_empty()) {
                let history = match rs.metadata.annotations.get(REVISION_HISTORY_ANNOTATION) {
                    Some(h) if !h.is_empty() => {
                        let mut parts: Vec<String> = h.split(',').map(str::to_string).collect();
                        parts.push(o);
                        // Capped at 2000 characters, dropping the oldest entries.
                        while parts.join(",").len() > 2000 && parts.len() > 1 {
                            parts.remove(0);
                        }
                        parts.join(",")
                    }
                    _ => o,
                };
                rs.metadata.annotations.insert(REVISION_HISTORY_ANNOTATION.into(), history);
            }
        }
    }
    if !exists && set_replicas_annotations(rs, d.replicas(), d.replicas() + max_surge(d)) {
        changed = true;
    }
    changed
}

fn set_replicas_annotations(rs: &mut ReplicaSet, desired: i64, max: i64) -> bool {
    let mut changed = false;
    for (k, v) in [(DESIRED_REPLICAS_ANNOTATION, desired), (MAX_REPLICAS_ANNOTATION, max)] {
        let v = v.to_string();
        if rs.metadata.annotations.get(k) != Some(&v) {
            rs.metadata.annotations.insert(k.into(), v);
            changed = true;
        }
    }
    changed
}

fn find_new_rs<'a>(d: &Deployment, rss: &'a [ReplicaSet]) -> Option<&'a ReplicaSet> {
    // rss are sorted oldest first.
    rss.iter().find(|rs| templates_equal_ignoring_hash(&rs.spec.template, &d.spec.template))
}

/// `getAllReplicaSetsAndSyncRevision`: returns (new RS, old RSs), creating the new RS when
/// asked to.
fn get_all_and_sync_revision(
    api: &mut Api<'_>,
    key: &ObjectKey,
    create: bool,
) -> (Option<ReplicaSet>, Vec<ReplicaSet>) {
    let Some(d) = deployment(api, key) else { return (None, vec![]) };
    let rss = owned_replica_sets(api, &d);
    let new_rs = find_new_rs(&d, &rss).cloned();
    let old: Vec<ReplicaSet> =
        rss.iter().filter(|rs| Some(&rs.metadata.uid) != new_rs.as_ref().map(|n| &n.metadata.uid)).cloned().collect();
    let new_revision = max_revision(&old) + 1;
    let now = api.now();
    if let Some(mut rs) = new_rs {
        let mut changed = set_new_rs_annotations(&d, &mut rs, new_revision, true);
        if rs.spec.min_ready_seconds.unwrap_or(0) != d.min_ready_seconds() {
            rs.spec.min_ready_seconds = Some(d.min_ready_seconds());
            changed = true;
        }
        if changed {
            api.put(Object::ReplicaSet(rs.clone()));
        }
        let mut d2 = d.clone();
        let rev = rs.metadata.annotations.get(REVISION_ANNOTATION).cloned().unwrap_or_default();
        let mut d_changed = false;
        if d2.metadata.annotations.get(REVISION_ANNOTATION) != Some(&rev) {
            d2.metadata.annotations.insert(REVISION_ANNOTATION.into(), rev);
            d_changed = true;
        }
        if has_progress_deadline(&d2) && d2.condition("Progressing").is_none() {
            let msg = format!("Found new replica set \"{}\"", rs.metadata.name);
            set_condition(
                &mut d2.status.conditions,
                new_condition("Progressing", "True", "FoundNewReplicaSet", msg, now),
            );
            d_changed = true;
        }
        if d_changed {
            api.put(Object::Deployment(d2));
        }
        return (Some(refresh(api, &rs)), old);
    }
    if !create {
        return (None, old);
    }
    let hash = pod_template_hash(&d.spec.template, d.status.collision_count);
    let mut template = d.spec.template.clone();
    template.metadata.labels.insert(POD_TEMPLATE_HASH_LABEL.into(), hash.clone());
    let mut selector = d.spec.selector.clone().unwrap_or_default();
    selector.match_labels.insert(POD_TEMPLATE_HASH_LABEL.into(), hash.clone());
    let all_for_sizing: Vec<ReplicaSet> = old.clone();
    let new_replicas = new_rs_new_replicas(&d, &all_for_sizing, None);
    let mut rs = ReplicaSet {
        api_version: "apps/v1".into(),
        kind: "ReplicaSet".into(),
        metadata: ObjectMeta {
            name: format!("{}-{}", d.metadata.name, hash),
            namespace: d.metadata.namespace.clone(),
            labels: template.metadata.labels.clone(),
            owner_references: vec![OwnerReference {
                api_version: "apps/v1".into(),
                kind: "Deployment".into(),
                name: d.metadata.name.clone(),
                uid: d.metadata.uid.clone(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            }]
            .into(),
            ..Default::default()
        },
        spec: Box::new(ReplicaSetSpec {
            replicas: Some(new_replicas),
            min_ready_seconds: Some(d.min_ready_seconds()),
            selector: Some(selector),
            template,
            extra: Default::default(),
        }),
        status: Default::default(),
    };
    set_new_rs_annotations(&d, &mut rs, new_revision, false);
    match api.create_internal(Object::ReplicaSet(rs)) {
        Ok(Object::ReplicaSet(created)) => {
            let d_obj = Object::Deployment(d.clone());
            if new_replicas > 0 {
                let msg = format!("Scaled up replica set {} to {}", created.metadata.name, new_replicas);
                api.record_event(&d_obj, "Normal", "ScalingReplicaSet", msg, "deployment-controller");
            }
            let mut d2 = d.clone();
            d2.metadata.annotations.insert(REVISION_ANNOTATION.into(), new_revision.to_string());
            if has_progress_deadline(&d2) {
                let msg = format!("Created new replica set \"{}\"", created.metadata.name);
                set_condition(
                    &mut d2.status.conditions,
                    new_condition("Progressing", "True", "NewReplicaSetCreated", msg, now),
                );
            }
            api.put(Object::Deployment(d2));
            (Some(created), old)
        }
        Ok(_) => (None, old),
        Err(_) => {
            // A ReplicaSet of that name exists and is not ours: a hash collision.
            let mut d2 = d.clone();
            d2.status.collision_count = Some(d2.status.collision_count.unwrap_or(0) + 1);
            api.put(Object::Deployment(d2));
            (None, old)
        }
    }
}

/// `NewRSNewReplicas`: how big the new ReplicaSet may be now.
pub fn new_rs_new_replicas(d: &Deployment, all_rss: &[ReplicaSet], new_rs: Option<&ReplicaSet>) -> i64 {
    let new_size = new_rs.map(ReplicaSet::replicas).unwrap_or(0);
    if d.is_recreate() {
        return d.replicas();
    }
    let ru = d.spec.strategy.rolling_update.clone().unwrap_or_default();
    let surge = ru.max_surge.as_ref().and_then(|s| s.scaled_value(d.replicas(), true).ok()).unwrap_or(0);
    let current: i64 = all_rss.iter().map(ReplicaSet::replicas).sum::<i64>()
        + if new_rs.is_some_and(|n| !all_rss.iter().any(|r| r.metadata.uid == n.metadata.uid)) { new_size } else { 0 };
    let max_total = d.replicas() + surge;
    if current >= max_total {
        return new_size;
    }
    let scale_up = (max_total - current).min(d.replicas() - new_size);
    new_size + scale_up
}

/// `scaleReplicaSet`: resize and refresh the replicas annotations; emits the event.
fn scale_replica_set(api: &mut Api<'_>, key: &ObjectKey, rs: &ReplicaSet, new_size: i64, op: &str) -> bool {
    let Some(d) = deployment(api, key) else { return false };
    let mut rs = refresh(api, rs);
    let old_size = rs.replicas();
    let size_changed = old_size != new_size;
    let ann_changed = set_replicas_annotations(&mut rs, d.replicas(), d.replicas() + max_surge(&d));
    if !size_changed && !ann_changed {
        return false;
    }
    rs.spec.replicas = Some(new_size);
    if size_changed {
        rs.metadata.generation += 1;
    }
    let name = rs.metadata.name.clone();
    api.put(Object::ReplicaSet(rs));
    if size_changed {
        let msg = if api.version().at_least(22) {
            format!("Scaled {op} replica set {name} to {new_size} from {old_size}")
        } else {
            format!("Scaled {op} replica set {name} to {new_size}")
        };
        api.record_event(&Object::Deployment(d), "Normal", "ScalingReplicaSet", msg, "deployment-controller");
    }
    size_changed
}

fn scale_to(api: &mut Api<'_>, key: &ObjectKey, rs: &ReplicaSet, new_size: i64) -> bool {
    let op = if new_size > rs.replicas() { "up" } else { "down" };
    scale_replica_set(api, key, rs, new_size, op)
}

fn rollout_rolling(api: &mut Api<'_>, key: &ObjectKey) {
    let (new_rs, old_rss) = get_all_and_sync_revision(api, key, true);
    let Some(d) = deployment(api, key) else { return };
    let mut all = old_rss.clone();
    if let Some(n) = &new_rs {
        all.push(n.clone());
    }
    // reconcileNewReplicaSet
    if let Some(n) = &new_rs {
        let target = if n.replicas() > d.replicas() {
            Some(d.replicas())
        } else if n.replicas() < d.replicas() {
            Some(new_rs_new_replicas(&d, &all, Some(n)))
        } else {
            None
        };
        if let Some(t) = target {
            if scale_to(api, key, n, t) {
                sync_rollout_status(api, key);
                return;
            }
        }
    }
    // reconcileOldReplicaSets
    if reconcile_old_replica_sets(api, key, &old_rss, new_rs.as_ref()) {
        sync_rollout_status(api, key);
        return;
    }
    if let Some(d) = deployment(api, key) {
        if deployment_complete(&d, &d.status) {
            cleanup_deployment(api, key, &old_rss);
        }
    }
    sync_rollout_status(api, key);
}

fn reconcile_old_replica_sets(
    api: &mut Api<'_>,
    key: &ObjectKey,
    old_rss: &[ReplicaSet],
    new_rs: Option<&ReplicaSet>,
) -> bool {
    let Some(d) = deployment(api, key) else { return false };
    let old: Vec<ReplicaSet> = old_rss.iter().map(|r| refresh(api, r)).collect();
    let new_rs = new_rs.map(|n| refresh(api, n));
    let old_pods: i64 = old.iter().map(ReplicaSet::replicas).sum();
    if old_pods == 0 {
        return false;
    }
    let all_pods: i64 = old_pods + new_rs.as_ref().map(ReplicaSet::replicas).unwrap_or(0);
    let min_avail = d.replicas() - max_unavailable(&d);
    let new_unavailable = new_rs.as_ref().map(|n| n.replicas() - n.status.available_replicas).unwrap_or(0);
    let max_scaled_down = all_pods - min_avail - new_unavailable;
    if max_scaled_down <= 0 {
        return false;
    }
    // cleanupUnhealthyReplicas, oldest first.
    let mut active_old: Vec<ReplicaSet> = old.iter().filter(|r| r.replicas() > 0).cloned().collect();
    crate::sort::by(&mut active_old, |a, b| {
        (a.metadata.creation_timestamp, &a.metadata.name).cmp(&(b.metadata.creation_timestamp, &b.metadata.name))
    });
    let mut cleaned = 0;
    for rs in &active_old {
        if cleaned >= max_scaled_down {
            break;
        }
        let rs = refresh(api, rs);
        if rs.replicas() == 0 || rs.replicas() == rs.status.available_replicas {
            continue;
        }
        let cut = (max_scaled_down - cleaned).min(rs.replicas() - rs.status.available_replicas);
        let new_size = rs.replicas() - cut;
        if new_size == rs.replicas() {
            continue;
        }
        scale_replica_set(api, key, &rs, new_size, "down");
        cleaned += cut;
    }
    // scaleDownOldReplicaSetsForRollingUpdate
    let old_now: Vec<ReplicaSet> = active_old.iter().map(|r| refresh(api, r)).collect();
    let new_now = new_rs.as_ref().map(|n| refresh(api, n));
    let available: i64 = old_now.iter().map(|r| r.status.available_replicas).sum::<i64>()
        + new_now.as_ref().map(|n| n.status.available_replicas).unwrap_or(0);
    let mut scaled_down = 0;
    if available > min_avail {
        let to_cut = available - min_avail;
        for rs in &old_now {
            if scaled_down >= to_cut {
                break;
            }
            let rs = refresh(api, rs);
            if rs.replicas() == 0 {
                continue;
            }
            let cut = rs.replicas().min(to_cut - scaled_down);
            scale_replica_set(api, key, &rs, rs.replicas() - cut, "down");
            scaled_down += cut;
        }
    }
    cleaned + scaled_down > 0
}

fn rollout_recreate(api: &mut Api<'_>, key: &ObjectKey) {
    let (mut new_rs, old_rss) = get_all_and_sync_revision(api, key, false);
    let mut scaled = false;
    for rs in old_rss.iter().filter(|r| r.replicas() > 0) {
        if scale_replica_set(api, key, rs, 0, "down") {
            scaled = true;
        }
    }
    if scaled {
        sync_rollout_status(api, key);
        return;
    }
    if old_pods_running(api, &old_rss) {
        sync_rollout_status(api, key);
        return;
    }
    if new_rs.is_none() {
        new_rs = get_all_and_sync_revision(api, key, true).0;
    }
    let Some(d) = deployment(api, key) else { return };
    if let Some(n) = &new_rs {
        scale_replica_set(api, key, n, d.replicas(), "up");
    }
    if let Some(d) = deployment(api, key) {
        if deployment_complete(&d, &d.status) {
            cleanup_deployment(api, key, &old_rss);
        }
    }
    sync_rollout_status(api, key);
}

fn old_pods_running(store: &Store, old_rss: &[ReplicaSet]) -> bool {
    for rs in old_rss {
        let rs = refresh(store, rs);
        if rs.status.replicas > 0 {
            return true;
        }
        let any = store
            .pods_controlled_by(rs.metadata.ns(), &rs.metadata.uid)
            .any(|p| p.status.phase != "Failed" && p.status.phase != "Succeeded");
        if any {
            return true;
        }
    }
    false
}

fn is_scaling_event(api: &mut Api<'_>, key: &ObjectKey, _rs_list: &[ReplicaSet]) -> bool {
    let (new_rs, old) = get_all_and_sync_revision(api, key, false);
    let Some(d) = deployment(api, key) else { return false };
    old.iter().chain(new_rs.iter()).filter(|r| r.replicas() > 0).any(|rs| {
        rs.metadata
            .annotations
            .get(DESIRED_REPLICAS_ANNOTATION)
            .and_then(|v| v.parse::<i64>().ok())
            .is_some_and(|desired| desired != d.replicas())
    })
}

fn round_half_away(x: f64) -> i64 {
    if x < 0.0 {
        (x - 0.5) as i64
    } else {
        (x + 0.5) as i64
    }
}

/// `getReplicaSetFraction`.
fn replica_set_fraction(rs: &ReplicaSet, d: &Deployment) -> i64 {
    if d.replicas() == 0 {
        return -rs.replicas();
    }
    let deployment_replicas = d.replicas() + max_surge(d);
    let annotated = rs
        .metadata
        .annotations
        .get(MAX_REPLICAS_ANNOTATION)
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(d.status.replicas);
    if annotated == 0 {
        return 0;
    }
    let new_size = (rs.replicas() * deployment_replicas) as f64 / annotated as f64;
    round_half_away(new_size) - rs.replicas()
}

/// The proportional-scaling step of `sync` (Kubernetes' `scale`), then status.
fn scale_sync(api: &mut Api<'_>, key: &ObjectKey, _rs_list: &[ReplicaSet]) {
    let (new_rs, old_rss) = get_all_and_sync_revision(api, key, false);
    let Some(d) = deployment(api, key) else { return };
    scale(api, key, &d, new_rs.as_ref(), &old_rss);
    if d.is_paused() {
        cleanup_deployment(api, key, &old_rss);
    }
    sync_deployment_status(api, key);
}

fn scale(api: &mut Api<'_>, key: &ObjectKey, d: &Deployment, new_rs: Option<&ReplicaSet>, old_rss: &[ReplicaSet]) {
    // FindActiveOrLatest
    let mut old_newest_first: Vec<ReplicaSet> = old_rss.to_vec();
    crate::sort::by(&mut old_newest_first, |a, b| {
        (b.metadata.creation_timestamp, &b.metadata.name).cmp(&(a.metadata.creation_timestamp, &a.metadata.name))
    });
    let mut all_active: Vec<ReplicaSet> =
        old_newest_first.iter().chain(new_rs).filter(|r| r.replicas() > 0).cloned().collect();
    let active_or_latest = match all_active.len() {
        0 => new_rs.cloned().or_else(|| old_newest_first.first().cloned()),
        1 => all_active.first().cloned(),
        _ => None,
    };
    if let Some(rs) = active_or_latest {
        if rs.replicas() != d.replicas() {
            scale_to(api, key, &rs, d.replicas());
        }
        return;
    }
    // IsSaturated
    if let Some(n) = new_rs {
        let desired = n.metadata.annotations.get(DESIRED_REPLICAS_ANNOTATION).and_then(|v| v.parse::<i64>().ok());
        if n.replicas() == d.replicas() && desired == Some(d.replicas()) && n.status.available_replicas == d.replicas()
        {
            for rs in old_rss.iter().filter(|r| r.replicas() > 0) {
                scale_to(api, key, rs, 0);
            }
            return;
        }
    }
    if d.is_recreate() {
        return;
    }
    let all_replicas: i64 = all_active.iter().map(ReplicaSet::replicas).sum();
    let allowed = if d.replicas() > 0 { d.replicas() + max_surge(d) } else { 0 };
    let to_add = allowed - all_replicas;
    let op = if to_add > 0 {
        // By size descending, newer first on ties.
        crate::sort::by(&mut all_active, |a, b| {
            b.replicas().cmp(&a.replicas()).then(
                (b.metadata.creation_timestamp, &b.metadata.name)
                    .cmp(&(a.metadata.creation_timestamp, &a.metadata.name)),
            )
        });
        "up"
    } else if to_add < 0 {
        crate::sort::by(&mut all_active, |a, b| {
            b.replicas().cmp(&a.replicas()).then(
                (a.metadata.creation_timestamp, &a.metadata.name)
                    .cmp(&(b.metadata.creation_timestamp, &b.metadata.name)),
            )
        });
        "down"
    } else {
        ""
    };
    let mut sizes: Vec<i64> = Vec::new();
    let mut added = 0;
    for rs in &all_active {
        let mut size = rs.replicas();
        if to_add != 0 {
            let proportion = if rs.replicas() == 0 || to_add == added {
                0
            } else {
                let fraction = replica_set_fraction(rs, d);
                let allowed_left = to_add - added;
                if to_add > 0 {
                    fraction.min(allowed_left)
                } else {
                    fraction.max(allowed_left)
                }
            };
            size += proportion;
            added += proportion;
        }
        sizes.push(size);
    }
    if to_add != 0 {
        if let Some(first) = sizes.first_mut() {
            *first = (*first + to_add - added).max(0);
        }
    }
    for (rs, size) in all_active.iter().zip(sizes) {
        let op = if op.is_empty() {
            if size > rs.replicas() {
                "up"
            } else {
                "down"
            }
        } else {
            op
        };
        scale_replica_set(api, key, rs, size, op);
    }
}

fn cleanup_deployment(api: &mut Api<'_>, key: &ObjectKey, old_rss: &[ReplicaSet]) {
    let Some(d) = deployment(api, key) else { return };
    let Some(limit) = d.spec.revision_history_limit else { return };
    let mut alive: Vec<ReplicaSet> =
        old_rss.iter().map(|r| refresh(api, r)).filter(|r| !r.metadata.is_deleting()).collect();
    let diff = alive.len() as i64 - limit;
    if diff <= 0 {
        return;
    }
    crate::sort::by(&mut alive, |a, b| {
        (a.revision().unwrap_or(0), a.metadata.creation_timestamp)
            .cmp(&(b.revision().unwrap_or(0), b.metadata.creation_timestamp))
    });
    for rs in alive.iter().take(diff as usize) {
        if rs.status.replicas != 0 || rs.replicas() != 0 || rs.metadata.generation > rs.status.observed_generation {
            continue;
        }
        let key = Object::ReplicaSet(rs.clone()).key();
        let _ = api.delete_internal(&key, DeleteOptions::default());
    }
}

/// `calculateStatus`.
fn calculate_status(
    store: &Store,
    d: &Deployment,
    new_rs: Option<&ReplicaSet>,
    all: &[ReplicaSet],
) -> DeploymentStatus {
    let now = store.now();
    let available: i64 = all.iter().map(|r| r.status.available_replicas).sum();
    let total: i64 = all.iter().map(ReplicaSet::replicas).sum();
    let mut status = DeploymentStatus {
        observed_generation: d.metadata.generation,
        replicas: all.iter().map(|r| r.status.replicas).sum(),
        updated_replicas: new_rs.map(|n| n.status.replicas).unwrap_or(0),
        ready_replicas: all.iter().map(|r| r.status.ready_replicas).sum(),
        available_replicas: available,
        unavailable_replicas: (total - available).max(0),
        conditions: d.status.conditions.clone(),
        collision_count: d.status.collision_count,
    };
    let cond = if available >= d.replicas() - max_unavailable(d) {
        new_condition(
            "Available",
            "True",
            "MinimumReplicasAvailable",
            "Deployment has minimum availability.".into(),
            now,
        )
    } else {
        new_condition(
            "Available",
            "False",
            "MinimumReplicasUnavailable",
            "Deployment does not have minimum availability.".into(),
            now,
        )
    };
    set_condition(&mut status.conditions, cond);
    status
}

fn current_rs_set(api: &mut Api<'_>, key: &ObjectKey) -> (Option<ReplicaSet>, Vec<ReplicaSet>) {
    let Some(d) = deployment(api, key) else { return (None, vec![]) };
    let rss = owned_replica_sets(api, &d);
    let new_rs = find_new_rs(&d, &rss).cloned();
    (new_rs, rss)
}

fn sync_deployment_status(api: &mut Api<'_>, key: &ObjectKey) {
    let (new_rs, all) = current_rs_set(api, key);
    let Some(mut d) = deployment(api, key) else { return };
    let status = calculate_status(api, &d, new_rs.as_ref(), &all);
    if d.status != status {
        d.status = status;
        api.put(Object::Deployment(d));
    }
}

/// `DeploymentComplete`.
pub fn deployment_complete(d: &Deployment, status: &DeploymentStatus) -> bool {
    status.updated_replicas == d.replicas()
        && status.replicas == d.replicas()
        && status.available_replicas == d.replicas()
        && status.observed_generation >= d.metadata.generation
}

fn deployment_progressing(d: &Deployment, new: &DeploymentStatus) -> bool {
    let old = &d.status;
    let old_old = old.replicas - old.updated_replicas;
    let new_old = new.replicas - new.updated_replicas;
    new.updated_replicas > old.updated_replicas
        || new_old < old_old
        || new.ready_replicas > old.ready_replicas
        || new.available_replicas > old.available_replicas
}

fn deployment_timed_out(d: &Deployment, status: &DeploymentStatus, now: crate::time::SimTime) -> bool {
    if !has_progress_deadline(d) {
        return false;
    }
    let Some(cond) = status.conditions.iter().find(|c| c.type_ == "Progressing") else { return false };
    if cond.reason == "NewReplicaSetAvailable" {
        return false;
    }
    if cond.reason == "ProgressDeadlineExceeded" {
        return true;
    }
    let from = cond.last_update_time.unwrap_or_default();
    let deadline = d.spec.progress_deadline_seconds.unwrap_or(600).max(0) as u64;
    from.as_millis() + deadline * 1000 < now.as_millis()
}

/// `syncRolloutStatus`.
fn sync_rollout_status(api: &mut Api<'_>, key: &ObjectKey) {
    let (new_rs, all) = current_rs_set(api, key);
    let Some(mut d) = deployment(api, key) else { return };
    let now = api.now();
    let mut status = calculate_status(api, &d, new_rs.as_ref(), &all);
    if !has_progress_deadline(&d) {
        status.conditions.retain(|c| c.type_ != "Progressing");
    }
    let current = status.conditions.iter().find(|c| c.type_ == "Progressing").cloned();
    let is_complete = status.replicas == status.updated_replicas
        && current.as_ref().is_some_and(|c| c.reason == "NewReplicaSetAvailable");
    if has_progress_deadline(&d) && !is_complete {
        let subject = match &new_rs {
            Some(n) => format!("ReplicaSet \"{}\"", n.metadata.name),
            None => format!("Deployment \"{}\"", d.metadata.name),
        };
        if deployment_complete(&d, &status) {
            let c = new_condition(
                "Progressing",
                "True",
                "NewReplicaSetAvailable",
                format!("{subject} has successfully progressed."),
                now,
            );
            set_condition(&mut status.conditions, c);
        } else if deployment_progressing(&d, &status) {
            let mut c =
                new_condition("Progressing", "True", "ReplicaSetUpdated", format!("{subject} is progressing."), now);
            if let Some(cur) = &current {
                if cur.status == "True" {
                    c.last_transition_time = cur.last_transition_time;
                }
            }
            status.conditions.retain(|x| x.type_ != "Progressing");
            status.conditions.push(c);
        } else if deployment_timed_out(&d, &status, now) {
            let c = new_condition(
                "Progressing",
                "False",
                "ProgressDeadlineExceeded",
                format!("{subject} has timed out progressing."),
                now,
            );
            set_condition(&mut status.conditions, c);
        } else if let Some(at) = progress_deadline(&d, &status) {
            api.wake_at(at);
        }
    }
    if d.status != status {
        d.status = status;
        api.put(Object::Deployment(d));
    }
}

/// The first instant at which `deployment_timed_out` holds, while it does not yet.
fn progress_deadline(d: &Deployment, status: &DeploymentStatus) -> Option<crate::time::SimTime> {
    if !has_progress_deadline(d) {
        return None;
    }
    let cond = status.conditions.iter().find(|c| c.type_ == "Progressing")?;
    if cond.reason == "NewReplicaSetAvailable" || cond.reason == "ProgressDeadlineExceeded" {
        return None;
    }
    let from = cond.last_update_time.unwrap_or_default();
    let deadline = d.spec.progress_deadline_seconds.unwrap_or(600).max(0) as u64;
    Some(crate::time::SimTime(from.as_millis().saturating_add(deadline.saturating_mul(1000)).saturating_add(1)))
}

#[cfg(test)]
mod tests;
