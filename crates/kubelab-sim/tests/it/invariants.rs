//! Property tests: random student sessions (create, scale, set image, undo, delete a pod, delete
//! a deployment, add an HPA, let time pass), with invariants checked after every action and
//! after every simulated second.
//!
//! (a) Rolling updates stay within their bounds. What Kubernetes guarantees is about the
//!     controller's own numbers: while a RollingUpdate runs with an unchanged spec, having
//!     started from a settled, fully available state, Σ RS `spec.replicas` ≤ d + maxSurge (the
//!     new RS is only scaled up to that total) and Σ RS `status.availableReplicas` ≥
//!     d − maxUnavailable (old RSs are only scaled down while availability is above that, and
//!     unhealthy replicas go first). A pod the student deletes is an involuntary disruption the
//!     controller cannot prevent, so it ends the availability check for that rollout. Because
//!     the ReplicaSet controller settles in the same instant, the active pods of the
//!     deployment's RSs obey the same upper bound.
//! (b) After settling, every ReplicaSet has exactly `spec.replicas` active pods, and its
//!     `status.replicas` says so.
//! (c) Resource versions: every write gets a new, larger one; unchanged objects keep theirs;
//!     no two objects share one. Every object with a controller ownerReference has a live owner
//!     of that kind and name, or is being deleted.
//! (d) No two pods share a name or a uid; every scheduled pod's node exists.
//! (e) After an HPA's first sync (and any later sync since the student last touched its
//!     target's size), the target's replicas are within [minReplicas, maxReplicas] unless the
//!     target is at 0 (scaling disabled).
//!
//! (f) A deployment's ReplicaSets have distinct revisions; the one matching its template has
//!     the highest, and the deployment's own `revision` annotation equals it.
//! (g) After settling, a deployment's status is the sum over its ReplicaSets (`replicas`,
//!     `updatedReplicas`, `readyReplicas`, `availableReplicas`) and observes its generation.
//! (h) Recreate: pods (terminating ones included) of two ReplicaSets of the same Recreate
//!     deployment never exist at the same time, for a deployment that was created Recreate.
//!
//! At the end of each session the cluster must also make progress: every deployment whose image
//! can be pulled finishes rolling out.

use crate::common::*;
use kubelab_sim::api::*;
use kubelab_sim::*;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const IMAGES: [&str; 4] = ["nginx:1.24", "nginx:1.25", "nginx:1.26", "nginx:1.291"];
const BAD_IMAGE: usize = 3;
const SLOTS: usize = 2;

fn slot_name(slot: usize) -> String {
    format!("app{slot}")
}

#[derive(Clone, Debug)]
enum Action {
    Create {
        slot: usize,
        replicas: i64,
        image: usize,
        strategy: Strat,
    },
    Scale {
        slot: usize,
        replicas: i64,
    },
    SetImage {
        slot: usize,
        image: usize,
    },
    Undo {
        slot: usize,
    },
    DeletePod {
        slot: usize,
        pick: usize,
    },
    DeleteDeployment {
        slot: usize,
    },
    CreateHpa {
        slot: usize,
        min: i64,
        max: i64,
    },
    Wait {
        secs: u64,
    },
    /// `kubectl rollout status`: wait (up to two minutes) until the rollout is over.
    RolloutStatus {
        slot: usize,
    },
}

#[derive(Clone, Debug)]
enum Strat {
    Recreate,
    Rolling { surge: IntOrString, unavailable: IntOrString },
}

fn int_or_percent() -> impl proptest::strategy::Strategy<Value = IntOrString> {
    prop_oneof![
        (0i64..=3).prop_map(IntOrString::Int),
        prop::sample::select(vec![0i64, 10, 25, 33, 50, 100]).prop_map(|p| IntOrString::Str(format!("{p}%"))),
    ]
}

fn is_zero(v: &IntOrString) -> bool {
    matches!(v, IntOrString::Int(0)) || matches!(v, IntOrString::Str(s) if s == "0%")
}

fn strategy() -> impl proptest::strategy::Strategy<Value = Strat> {
    prop_oneof![
        1 => Just(Strat::Recreate),
        6 => (int_or_percent(), int_or_percent()).prop_map(|(surge, unavailable)| {
            // Both zero is invalid; make maxUnavailable 1 then, as a student would after the error.
            let unavailable = if is_zero(&surge) && is_zero(&unavailable) { IntOrString::Int(1) } else { unavailable };
            Strat::Rolling { surge, unavailable }
        }),
    ]
}

fn action() -> impl proptest::strategy::Strategy<Value = Action> {
    let slot = 0..SLOTS;
    prop_oneof![
        3 => (slot.clone(), 0i64..8, 0..IMAGES.len(), strategy()).prop_map(|(slot, replicas, image, strategy)| Action::Create { slot, replicas, image, strategy }),
        2 => (slot.clone(), 0i64..8).prop_map(|(slot, replicas)| Action::Scale { slot, replicas }),
        4 => (slot.clone(), 0..IMAGES.len()).prop_map(|(slot, image)| Action::SetImage { slot, image }),
        2 => slot.clone().prop_map(|slot| Action::Undo { slot }),
        2 => (slot.clone(), 0usize..16).prop_map(|(slot, pick)| Action::DeletePod { slot, pick }),
        1 => slot.clone().prop_map(|slot| Action::DeleteDeployment { slot }),
        2 => (slot.clone(), 1i64..4, 0i64..4).prop_map(|(slot, min, extra)| Action::CreateHpa { slot, min, max: min + extra }),
        5 => (1u64..=30).prop_map(|secs| Action::Wait { secs }),
        4 => slot.prop_map(|slot| Action::RolloutStatus { slot }),
    ]
}

/// Most sessions start like a lab does: both deployments created and rolled out, so that the
/// random actions that follow often start rollouts from a steady state.
fn prologue() -> impl proptest::strategy::Strategy<Value = Vec<Action>> {
    let create = |slot: usize| {
        (1i64..8, 0..IMAGES.len() - 1, strategy()).prop_map(move |(replicas, image, strategy)| Action::Create {
            slot,
            replicas,
            image,
            strategy,
        })
    };
    prop_oneof![
        4 => (create(0), create(1)).prop_map(|(a, b)| vec![a, b, Action::RolloutStatus { slot: 0 }, Action::RolloutStatus { slot: 1 }]),
        1 => Just(vec![]),
    ]
}

/// A rolling update being watched for invariant (a).
#[derive(Debug)]
struct Rollout {
    uid: String,
    spec: DeploymentSpec,
    max_total: i64,
    min_available: i64,
    /// False once a pod of the deployment was deleted by hand.
    check_availability: bool,
}

#[derive(Debug)]
struct HpaWatch {
    target: String,
    min: i64,
    max: i64,
    created: SimTime,
    /// The target's size may be out of range until the next sync after this instant (the HPA
    /// was created, or the student changed its target). A sync in the same instant ran before
    /// the student's action, so it does not count.
    unsynced_since: Option<SimTime>,
}

#[derive(Default)]
struct Checker {
    /// Last seen version of every object, by uid.
    seen: BTreeMap<String, Object>,
    max_rv: u64,
    rollouts: BTreeMap<String, Rollout>,
    hpas: BTreeMap<String, HpaWatch>,
    log: Vec<String>,
}

fn rss_of(c: &Cluster, d: &Deployment) -> Vec<ReplicaSet> {
    owned_rss(c, d)
}

/// Settled and fully available with at most one active RS: a rolling update starting from here
/// has the guarantees of (a).
fn steady(c: &Cluster, name: &str) -> bool {
    let Some(d) = get_deployment(c, name) else {
        return false;
    };
    if d.spec.strategy.type_.as_deref() != Some("RollingUpdate") {
        return false;
    }
    let n = d.spec.replicas.unwrap_or(1);
    let rss = rss_of(c, &d);
    rolled_out(c, name)
        && rss.iter().map(|r| r.status.available_replicas).sum::<i64>() == n
        && rss.iter().filter(|r| r.replicas() > 0).count() <= 1
}

impl Checker {
    fn fail(&self, c: &Cluster, msg: String) -> Result<(), TestCaseError> {
        let tail: Vec<&String> = self.log.iter().rev().take(12).collect();
        Err(TestCaseError::fail(format!("t={}s: {msg}\nrecent actions (newest first): {tail:?}", c.now().as_secs())))
    }

    fn check(&mut self, c: &Cluster) -> Result<(), TestCaseError> {
        self.check_store(c)?;
        self.check_replica_sets(c)?;
        self.check_pods(c)?;
        self.check_rollouts(c)?;
        self.check_deployments(c)?;
        self.check_hpas(c)
    }

    /// (c) resource versions and owners.
    fn check_store(&mut self, c: &Cluster) -> Result<(), TestCaseError> {
        let mut rvs = BTreeSet::new();
        let mut uids = BTreeMap::new();
        let mut next_seen = BTreeMap::new();
        let mut max_rv = self.max_rv;
        for o in c.objects() {
            let m = o.meta();
            if !rvs.insert(m.resource_version) {
                return self.fail(
                    c,
                    format!("resourceVersion {} used twice ({} {})", m.resource_version, o.kind().name(), m.name),
                );
            }
            if uids.insert(m.uid.clone(), o.key()).is_some() {
                return self.fail(c, format!("uid {} used twice", m.uid));
            }
            match self.seen.get(&m.uid) {
                Some(prev) if prev == o => {}
                Some(prev) => {
                    if m.resource_version <= prev.meta().resource_version {
                        return self.fail(
                            c,
                            format!(
                                "{} {} changed but its resourceVersion went {} -> {}",
                                o.kind().name(),
                                m.name,
                                prev.meta().resource_version,
                                m.resource_version
                            ),
                        );
                    }
                }
                None => {
                    if m.resource_version <= self.max_rv {
                        return self.fail(
                            c,
                            format!(
                                "new {} {} has resourceVersion {} <= {}",
                                o.kind().name(),
                                m.name,
                                m.resource_version,
                                self.max_rv
                            ),
                        );
                    }
                }
            }
            max_rv = max_rv.max(m.resource_version);
            next_seen.insert(m.uid.clone(), o.clone());
        }
        for o in c.objects() {
            let m = o.meta();
            let Some(owner) = m.controller_ref() else {
                continue;
            };
            if m.deletion_timestamp.is_some() {
                continue;
            }
            let live = uids.get(&owner.uid).and_then(|k| c.get(k.kind, &k.namespace, &k.name));
            match live {
                Some(l) if l.kind().name() == owner.kind && l.meta().name == owner.name => {}
                _ => {
                    return self.fail(
                        c,
                        format!("{} {} has no live owner {} {}", o.kind().name(), m.name, owner.kind, owner.name),
                    )
                }
            }
        }
        self.seen = next_seen;
        self.max_rv = max_rv;
        Ok(())
    }

    /// (b) every ReplicaSet has spec.replicas active pods.
    fn check_replica_sets(&self, c: &Cluster) -> Result<(), TestCaseError> {
        for o in c.list(Kind::ReplicaSet, None) {
            let rs = o.as_replica_set().unwrap();
            if rs.metadata.deletion_timestamp.is_some() {
                continue;
            }
            let active = active_pods_of(c, &rs.metadata.uid).len() as i64;
            if active != rs.replicas() || rs.status.replicas != active {
                return self.fail(
                    c,
                    format!(
                        "RS {}: spec {} active pods {} status.replicas {}",
                        rs.metadata.name,
                        rs.replicas(),
                        active,
                        rs.status.replicas
                    ),
                );
            }
        }
        Ok(())
    }

    /// (d) pod names, uids and nodes.
    fn check_pods(&self, c: &Cluster) -> Result<(), TestCaseError> {
        let nodes: BTreeSet<String> = c.list(Kind::Node, None).iter().map(|n| n.meta().name.clone()).collect();
        let mut names = BTreeSet::new();
        let mut uids = BTreeSet::new();
        for p in c.pods() {
            if !names.insert((p.metadata.ns().to_string(), p.metadata.name.clone()))
                || !uids.insert(p.metadata.uid.clone())
            {
                return self.fail(c, format!("pod {} is not unique", p.metadata.name));
            }
            if let Some(n) = &p.spec.node_name {
                if !nodes.contains(n) {
                    return self.fail(c, format!("pod {} is bound to missing node {n}", p.metadata.name));
                }
            }
        }
        Ok(())
    }

    /// (a) rolling-update bounds.
    fn check_rollouts(&mut self, c: &Cluster) -> Result<(), TestCaseError> {
        let names: Vec<String> = self.rollouts.keys().cloned().collect();
        for name in names {
            let d = get_deployment(c, &name);
            let r = &self.rollouts[&name];
            let Some(d) = d.filter(|d| d.metadata.uid == r.uid && *d.spec == r.spec) else {
                // Spec changed (by the student or the HPA) or deleted: no longer the same rollout.
                self.rollouts.remove(&name);
                continue;
            };
            let rss = rss_of(c, &d);
            let total: i64 = rss.iter().map(ReplicaSet::replicas).sum();
            let pods: i64 = rss.iter().map(|rs| active_pods_of(c, &rs.metadata.uid).len() as i64).sum();
            let available: i64 = rss.iter().map(|rs| rs.status.available_replicas).sum();
            if total > r.max_total || pods > r.max_total {
                return self.fail(
                    c,
                    format!(
                        "{name}: Σ RS spec.replicas {total}, active pods {pods}, above d + maxSurge = {}",
                        r.max_total
                    ),
                );
            }
            if r.check_availability && available < r.min_available {
                let sizes: Vec<(String, i64, i64)> =
                    rss.iter().map(|r| (r.metadata.name.clone(), r.replicas(), r.status.available_replicas)).collect();
                return self.fail(
                    c,
                    format!("{name}: {available} available, below d - maxUnavailable = {}: {sizes:?}", r.min_available),
                );
            }
        }
        Ok(())
    }

    /// (f) revisions and (g) status of every deployment.
    fn check_deployments(&self, c: &Cluster) -> Result<(), TestCaseError> {
        for o in c.list(Kind::Deployment, None) {
            let d = o.as_deployment().unwrap();
            let name = &d.metadata.name;
            let rss = rss_of(c, d);
            let revs: Vec<i64> = rss.iter().filter_map(ReplicaSet::revision).collect();
            let distinct: BTreeSet<i64> = revs.iter().copied().collect();
            if revs.len() != rss.len() || distinct.len() != revs.len() {
                return self.fail(c, format!("{name}: RS revisions {revs:?}"));
            }
            let current = rss.iter().find(|r| {
                let mut t = r.spec.template.clone();
                t.metadata.labels.remove(POD_TEMPLATE_HASH_LABEL);
                t == d.spec.template
            });
            if let Some(cur) = current {
                let max = distinct.iter().max().copied();
                let annotated = d.metadata.annotations.get(REVISION_ANNOTATION).and_then(|v| v.parse::<i64>().ok());
                if cur.revision() != max || annotated != max {
                    return self.fail(
                        c,
                        format!(
                            "{name}: current RS {} has revision {:?}, max {max:?}, deployment says {annotated:?}",
                            cur.metadata.name,
                            cur.revision()
                        ),
                    );
                }
            }
            if d.spec.strategy.type_.as_deref() == Some("Recreate") {
                let with_pods: Vec<&str> = rss
                    .iter()
                    .filter(|r| c.pods().any(|p| p.metadata.controller_ref().is_some_and(|o| o.uid == r.metadata.uid)))
                    .map(|r| r.metadata.name.as_str())
                    .collect();
                if with_pods.len() > 1 {
                    return self.fail(c, format!("{name} (Recreate): pods of {with_pods:?} at once"));
                }
            }
            let s = &d.status;
            let sum = |f: fn(&ReplicaSet) -> i64| rss.iter().map(f).sum::<i64>();
            let want = (
                sum(|r| r.status.replicas),
                current.map(|r| r.status.replicas).unwrap_or(0),
                sum(|r| r.status.ready_replicas),
                sum(|r| r.status.available_replicas),
                d.metadata.generation,
            );
            let got = (s.replicas, s.updated_replicas, s.ready_replicas, s.available_replicas, s.observed_generation);
            if got != want {
                return self.fail(c, format!("{name}: status (replicas, updated, ready, available, observedGeneration) {got:?}, RSs say {want:?}"));
            }
        }
        Ok(())
    }

    /// (e) HPA targets within [min, max] once synced.
    fn check_hpas(&mut self, c: &Cluster) -> Result<(), TestCaseError> {
        let now = c.now();
        let period = HPA_SYNC_PERIOD.as_secs();
        self.hpas.retain(|name, _| c.get(Kind::HorizontalPodAutoscaler, "default", name).is_some());
        for (name, h) in &mut self.hpas {
            let age = now.since(h.created).as_secs();
            if age >= period && age.is_multiple_of(period) && h.unsynced_since.is_some_and(|t| t < now) {
                // The HPA synced in this instant, after the last change.
                h.unsynced_since = None;
            }
            if h.unsynced_since.is_some() {
                continue;
            }
            let Some(d) = get_deployment(c, &h.target) else {
                continue;
            };
            let n = d.spec.replicas.unwrap_or(1);
            if n != 0 && (n < h.min || n > h.max) {
                let msg = format!("HPA {name}: target {} has {n} replicas, outside [{}, {}]", h.target, h.min, h.max);
                let tail: Vec<&String> = self.log.iter().rev().take(12).collect();
                return Err(TestCaseError::fail(format!("t={}s: {msg}\nrecent actions: {tail:?}", now.as_secs())));
            }
        }
        Ok(())
    }

    fn touched_target(&mut self, target: &str, now: SimTime) {
        for h in self.hpas.values_mut() {
            if h.target == target {
                h.unsynced_since = Some(now);
            }
        }
    }
}

fn apply(c: &mut Cluster, ck: &mut Checker, action: &Action) -> Result<(), TestCaseError> {
    ck.log.push(format!("t={} {action:?}", c.now().as_secs()));
    match action {
        Action::Create { slot, replicas, image, strategy } => {
            let name = slot_name(*slot);
            let mut d = deployment(&name, *replicas, IMAGES[*image]);
            d.spec.strategy = match strategy {
                Strat::Recreate => DeploymentStrategy { type_: Some("Recreate".into()), rolling_update: None },
                Strat::Rolling { surge, unavailable } => DeploymentStrategy {
                    type_: Some("RollingUpdate".into()),
                    rolling_update: Some(RollingUpdateDeployment {
                        max_surge: Some(surge.clone()),
                        max_unavailable: Some(unavailable.clone()),
                    }),
                },
            };
            if c.create(Object::Deployment(d)).is_ok() {
                ck.touched_target(&name, c.now());
            }
        }
        Action::Scale { slot, replicas } => {
            let name = slot_name(*slot);
            if get_deployment(c, &name).is_some() {
                scale(c, &name, *replicas).map_err(|e| TestCaseError::fail(e.to_string()))?;
                ck.touched_target(&name, c.now());
            }
        }
        Action::SetImage { slot, image } => {
            let name = slot_name(*slot);
            if get_deployment(c, &name).is_some() {
                let was_steady = steady(c, &name);
                set_image(c, &name, IMAGES[*image]).map_err(|e| TestCaseError::fail(e.to_string()))?;
                watch_rollout(c, ck, &name, was_steady);
            }
        }
        Action::Undo { slot } => {
            let name = slot_name(*slot);
            let was_steady = steady(c, &name);
            if c.rollback("default", &name, 0).is_ok() {
                watch_rollout(c, ck, &name, was_steady);
            }
        }
        Action::DeletePod { slot, pick } => {
            let name = slot_name(*slot);
            let Some(d) = get_deployment(c, &name) else {
                return ck.check(c);
            };
            let rs_uids: Vec<String> = rss_of(c, &d).iter().map(|r| r.metadata.uid.clone()).collect();
            let pods: Vec<String> = c
                .pods()
                .filter(|p| p.metadata.controller_ref().is_some_and(|o| rs_uids.contains(&o.uid)))
                .map(|p| p.metadata.name.clone())
                .collect();
            if !pods.is_empty() {
                let victim = &pods[pick % pods.len()];
                c.delete(Kind::Pod, "default", victim, DeleteOptions::default())
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                if let Some(r) = ck.rollouts.get_mut(&name) {
                    r.check_availability = false;
                }
            }
        }
        Action::DeleteDeployment { slot } => {
            let name = slot_name(*slot);
            if c.delete(Kind::Deployment, "default", &name, DeleteOptions::default()).is_ok() {
                ck.touched_target(&name, c.now());
            }
        }
        Action::CreateHpa { slot, min, max } => {
            let name = slot_name(*slot);
            if let Ok(created) = c.create(hpa(&name, &name, *min, *max)) {
                ck.hpas.insert(
                    name.clone(),
                    HpaWatch {
                        target: name,
                        min: *min,
                        max: *max,
                        created: created.meta().creation_timestamp,
                        unsynced_since: Some(created.meta().creation_timestamp),
                    },
                );
            }
        }
        Action::Wait { secs } => {
            for _ in 0..*secs {
                c.step();
                ck.check(c)?;
            }
            return Ok(());
        }
        Action::RolloutStatus { slot } => {
            let name = slot_name(*slot);
            for _ in 0..120 {
                if get_deployment(c, &name).is_none() || rolled_out(c, &name) {
                    break;
                }
                c.step();
                ck.check(c)?;
            }
            return Ok(());
        }
    }
    ck.check(c)
}

/// After a template change: watch the rollout for (a) if it started from a steady state.
fn watch_rollout(c: &Cluster, ck: &mut Checker, name: &str, was_steady: bool) {
    let Some(d) = get_deployment(c, name) else {
        return;
    };
    let changed = ck.rollouts.get(name).is_none_or(|r| r.spec != *d.spec);
    if !changed {
        return;
    }
    ck.rollouts.remove(name);
    if was_steady && d.spec.strategy.type_.as_deref() == Some("RollingUpdate") {
        let n = d.spec.replicas.unwrap_or(1);
        ck.rollouts.insert(
            name.to_string(),
            Rollout {
                uid: d.metadata.uid.clone(),
                spec: (*d.spec).clone(),
                max_total: n + max_surge(&d),
                min_available: n - max_unavailable(&d),
                check_availability: true,
            },
        );
    }
}

fn run_session(seed: u64, actions: &[Action]) -> Result<(), TestCaseError> {
    let mut c = Cluster::new(ClusterConfig::current(seed));
    let mut ck = Checker::default();
    ck.check(&c)?;
    for a in actions {
        apply(&mut c, &mut ck, a)?;
    }
    // Progress: whatever the student did, deployments with a pullable image finish.
    for slot in 0..SLOTS {
        let name = slot_name(slot);
        let Some(d) = get_deployment(&c, &name) else {
            continue;
        };
        if d.spec.template.spec.containers[0].image == IMAGES[BAD_IMAGE] {
            continue;
        }
        let mut done = false;
        for _ in 0..300 {
            if rolled_out(&c, &name) {
                done = true;
                break;
            }
            c.step();
            ck.check(&c)?;
        }
        if !done {
            let rss: Vec<(String, i64, i64)> = rss_of(&c, &d)
                .iter()
                .map(|r| (r.metadata.name.clone(), r.replicas(), r.status.available_replicas))
                .collect();
            return ck.fail(
                &c,
                format!("{name} did not finish rolling out: {:?} {rss:?}", get_deployment(&c, &name).map(|d| d.status)),
            );
        }
    }
    Ok(())
}

proptest! {
    // 64 cases by default (a few seconds); `PROPTEST_CASES=1000` for a longer soak.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        max_shrink_iters: 400,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_sessions_keep_the_invariants(seed in 0u64..1000, prologue in prologue(), actions in prop::collection::vec(action(), 1..14)) {
        let all: Vec<Action> = prologue.into_iter().chain(actions).collect();
        run_session(seed, &all)?;
    }
}

/// A session that exercises every invariant deterministically (a regression anchor for the
/// property above).
#[test]
fn scripted_session_keeps_the_invariants() {
    use Action::*;
    let rolling = |s: i64, u: i64| Strat::Rolling { surge: IntOrString::Int(s), unavailable: IntOrString::Int(u) };
    let script = vec![
        Create { slot: 0, replicas: 5, image: 0, strategy: rolling(1, 1) },
        Create { slot: 1, replicas: 3, image: 0, strategy: Strat::Recreate },
        Wait { secs: 20 },
        SetImage { slot: 0, image: 1 },
        Wait { secs: 3 },
        SetImage { slot: 1, image: 1 },
        Wait { secs: 20 },
        SetImage { slot: 0, image: BAD_IMAGE },
        Wait { secs: 20 },
        DeletePod { slot: 0, pick: 3 },
        CreateHpa { slot: 0, min: 2, max: 4 },
        Wait { secs: 30 },
        Undo { slot: 0 },
        Scale { slot: 1, replicas: 7 },
        Wait { secs: 30 },
        DeleteDeployment { slot: 1 },
        Wait { secs: 10 },
    ];
    if let Err(e) = run_session(17, &script) {
        panic!("{e}");
    }
}
