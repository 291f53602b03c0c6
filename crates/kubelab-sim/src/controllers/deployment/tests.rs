//! Fidelity tables for the Deployment controller (docs/kubernetes-fidelity.md §1), as unit tests
//! against the controller's own functions, plus scenario tests that run real rollouts.
//!
//! Table tests build the world the upstream test builds: a Deployment and its ReplicaSets with
//! the status the table gives, written straight into the store (no pods, no settling), then call
//! the controller step under test and read the ReplicaSets back. Where the simulator folds an
//! upstream helper into a bigger function (`reconcileNewReplicaSet` lives inside
//! `rollout_rolling`, `cleanupUnhealthyReplicas` and `scaleDownOldReplicaSetsForRollingUpdate`
//! inside `reconcile_old_replica_sets`), the row is expressed through the bigger function and
//! the comment on the test says what exactly is asserted.

use super::*;
use crate::cluster::{Cluster, ClusterConfig, RollbackOutcome};
use crate::time::{SimDuration, SimTime};
use std::sync::OnceLock;

// ----------------------------------------------------------------------------------------------
// Helpers
// ----------------------------------------------------------------------------------------------

fn pct(s: &str) -> IntOrString {
    IntOrString::Str(s.to_string())
}

fn int(i: i64) -> IntOrString {
    IntOrString::Int(i)
}

fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn template(image: &str) -> PodTemplateSpec {
    let mut t = PodTemplateSpec::default();
    t.metadata.labels = labels(&[("app", "foo")]).into();
    t.spec.containers.push(Container { name: "foo".into(), image: image.into(), ..Default::default() });
    t
}

/// A RollingUpdate deployment "foo" (not stored).
fn rolling(replicas: i64, surge: Option<IntOrString>, unavailable: Option<IntOrString>) -> Deployment {
    Deployment {
        api_version: "apps/v1".into(),
        kind: "Deployment".into(),
        metadata: ObjectMeta {
            name: "foo".into(),
            namespace: Some("default".into()),
            generation: 1,
            ..Default::default()
        },
        spec: Box::new(DeploymentSpec {
            replicas: Some(replicas),
            selector: Some(LabelSelector { match_labels: labels(&[("app", "foo")]), match_expressions: vec![] }),
            template: template("nginx:1.25"),
            strategy: DeploymentStrategy {
                type_: Some("RollingUpdate".into()),
                rolling_update: Some(RollingUpdateDeployment { max_surge: surge, max_unavailable: unavailable }),
            },
            revision_history_limit: Some(10),
            progress_deadline_seconds: Some(600),
            ..Default::default()
        }),
        status: Default::default(),
    }
}

fn recreate(replicas: i64) -> Deployment {
    let mut d = rolling(replicas, None, None);
    d.spec.strategy = DeploymentStrategy { type_: Some("Recreate".into()), rolling_update: None };
    d
}

/// A bootstrapped cluster, built once and cloned per test.
fn base() -> Cluster {
    static BASE: OnceLock<Cluster> = OnceLock::new();
    BASE.get_or_init(|| Cluster::new(ClusterConfig::current(7))).clone()
}

/// Writes an object straight into the store (no defaulting, validation or settling) with a
/// fresh uid; returns it as stored.
fn insert(c: &mut Cluster, mut obj: Object) -> Object {
    if obj.meta().uid.is_empty() {
        obj.meta_mut().uid = c.test_api().new_uid();
    }
    let key = obj.key();
    c.test_api().put(obj);
    c.get_by_key(&key).cloned().expect("just stored")
}

fn store_deployment(c: &mut Cluster, d: Deployment) -> (ObjectKey, Deployment) {
    let Object::Deployment(d) = insert(c, Object::Deployment(d)) else { unreachable!() };
    (ObjectKey::new(Kind::Deployment, "default", "foo"), d)
}

/// A ReplicaSet owned by `d`. `age` orders them: larger is older. The pod template is the
/// deployment's when `image` is its image, so `find_new_rs` recognises the new one.
struct RsSpec<'a> {
    name: &'a str,
    image: &'a str,
    replicas: i64,
    status_replicas: i64,
    available: i64,
    age: u64,
    annotations: &'a [(&'a str, String)],
}

fn rs_with(c: &mut Cluster, d: &Deployment, s: RsSpec) -> ReplicaSet {
    let mut t = template(s.image);
    t.metadata.labels.insert(POD_TEMPLATE_HASH_LABEL.into(), s.name.to_string());
    let mut sel = d.spec.selector.clone().unwrap_or_default();
    sel.match_labels.insert(POD_TEMPLATE_HASH_LABEL.into(), s.name.to_string());
    let rs = ReplicaSet {
        api_version: "apps/v1".into(),
        kind: "ReplicaSet".into(),
        metadata: ObjectMeta {
            name: s.name.into(),
            namespace: Some("default".into()),
            generation: 1,
            creation_timestamp: c.now() - SimDuration::from_secs(s.age),
            labels: t.metadata.labels.clone(),
            annotations: s.annotations.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
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
            replicas: Some(s.replicas),
            min_ready_seconds: Some(0),
            selector: Some(sel),
            template: t,
            extra: Default::default(),
        }),
        status: ReplicaSetStatus {
            replicas: s.status_replicas,
            ready_replicas: s.available,
            available_replicas: s.available,
            observed_generation: 1,
            ..Default::default()
        },
    };
    let Object::ReplicaSet(rs) = insert(c, Object::ReplicaSet(rs)) else { unreachable!() };
    rs
}

/// A ReplicaSet whose status says every replica exists, with `available` of them available.
fn rs(c: &mut Cluster, d: &Deployment, name: &str, image: &str, replicas: i64, available: i64, age: u64) -> ReplicaSet {
    rs_with(c, d, RsSpec { name, image, replicas, status_replicas: replicas, available, age, annotations: &[] })
}

fn size(c: &Cluster, name: &str) -> i64 {
    c.get(Kind::ReplicaSet, "default", name).and_then(Object::as_replica_set).map(ReplicaSet::replicas).expect(name)
}

fn scaling_messages(c: &Cluster) -> Vec<String> {
    c.events()
        .iter()
        .filter(|e| {
            e.involved_object.kind == "Deployment"
                && e.involved_object.namespace == "default"
                && e.reason == "ScalingReplicaSet"
        })
        .map(|e| e.message.clone())
        .collect()
}

// ----------------------------------------------------------------------------------------------
// §1.2 Fence posts
// ----------------------------------------------------------------------------------------------

#[test]
fn resolve_fenceposts_table() {
    // TestResolveFenceposts
    type Row = (Option<IntOrString>, Option<IntOrString>, i64, Result<(i64, i64), ()>);
    #[rustfmt::skip]
    let rows: [Row; 7] = [
        (Some(pct("0%")), Some(pct("0%")), 0, Ok((0, 1))),
        (Some(pct("39%")), Some(pct("39%")), 10, Ok((4, 3))),
        (Some(pct("oops")), Some(pct("39%")), 10, Err(())),
        (Some(pct("55%")), Some(pct("urg")), 10, Err(())),
        (None, Some(pct("39%")), 10, Ok((0, 3))),
        (Some(pct("39%")), None, 10, Ok((4, 0))),
        (None, None, 10, Ok((0, 1))),
    ];
    for (surge, unavailable, desired, want) in rows {
        let got = resolve_fenceposts(surge.as_ref(), unavailable.as_ref(), desired).map_err(|_| ());
        assert_eq!(got, want, "surge {surge:?} unavailable {unavailable:?} desired {desired}");
    }
}

#[test]
fn resolve_fenceposts_defaults_25_percent() {
    // Derived defaults (25%/25%).
    for (d, want) in [(1, (1, 0)), (2, (1, 0)), (3, (1, 0)), (4, (1, 1)), (5, (2, 1)), (10, (3, 2))] {
        assert_eq!(resolve_fenceposts(Some(&pct("25%")), Some(&pct("25%")), d), Ok(want), "d={d}");
    }
}

#[test]
fn max_unavailable_table() {
    // TestMaxUnavailable (maxSurge int 1).
    #[rustfmt::skip]
    let rows = [(10, int(5), 5), (10, int(10), 10), (5, int(10), 5), (0, int(10), 0), (10, pct("50%"), 5), (10, pct("100%"), 10), (5, pct("100%"), 5)];
    for (replicas, mu, want) in rows {
        let d = rolling(replicas, Some(int(1)), Some(mu.clone()));
        assert_eq!(max_unavailable(&d), want, "replicas {replicas} maxUnavailable {mu}");
    }
    assert_eq!(max_unavailable(&recreate(10)), 0, "Recreate");
}

#[test]
fn min_available_table() {
    // TestMinAvailable (maxSurge int 1).
    #[rustfmt::skip]
    let rows = [(10, int(5), 5), (10, int(10), 0), (5, int(10), 0), (0, int(10), 0), (10, pct("60%"), 4), (10, pct("100%"), 0), (5, pct("100%"), 0)];
    for (replicas, mu, want) in rows {
        let d = rolling(replicas, Some(int(1)), Some(mu.clone()));
        assert_eq!(min_available(&d), want, "replicas {replicas} maxUnavailable {mu}");
    }
    assert_eq!(min_available(&recreate(10)), 0, "Recreate");
}

#[test]
fn max_surge_is_zero_for_recreate_and_rounds_up() {
    assert_eq!(max_surge(&recreate(10)), 0);
    assert_eq!(max_surge(&rolling(10, Some(pct("25%")), Some(pct("25%")))), 3);
    assert_eq!(max_surge(&rolling(5, Some(pct("50%")), Some(pct("0%")))), 3);
}

// ----------------------------------------------------------------------------------------------
// §1.4 RollingUpdate step
// ----------------------------------------------------------------------------------------------

#[test]
fn new_rs_new_replicas_table() {
    // TestNewRSNewReplicas: allRSs = the new RS plus one other RS of size 5; maxUnavailable 1.
    let rows = [(false, 1, 5, 1, 5), (false, 6, 2, 10, 6), (true, 3, 1, 1, 3)];
    for (is_recreate, d, new_size, surge, want) in rows {
        let dep = if is_recreate { recreate(d) } else { rolling(d, Some(int(surge)), Some(int(1))) };
        let mut new_rs = ReplicaSet::default();
        new_rs.metadata.uid = "new".into();
        new_rs.spec.replicas = Some(new_size);
        let mut other = ReplicaSet::default();
        other.metadata.uid = "other".into();
        other.spec.replicas = Some(5);
        // As upstream calls it: the new RS is part of allRSs ...
        let all = vec![new_rs.clone(), other.clone()];
        assert_eq!(new_rs_new_replicas(&dep, &all, Some(&new_rs)), want, "d={d} new={new_size} surge={surge}");
        // ... and as the simulator also allows: the new RS passed separately.
        assert_eq!(
            new_rs_new_replicas(&dep, &[other], Some(&new_rs)),
            want,
            "d={d} new={new_size} surge={surge} (separate)"
        );
    }
}

#[test]
fn new_rs_new_replicas_uses_raw_surge_not_the_fencepost() {
    // maxSurge "1%" of 2 rounds up to 1; "0%" stays 0 even though the fence post makes
    // maxUnavailable 1.
    let d = rolling(2, Some(pct("0%")), Some(pct("0%")));
    let mut old = ReplicaSet::default();
    old.metadata.uid = "old".into();
    old.spec.replicas = Some(2);
    assert_eq!(new_rs_new_replicas(&d, &[old.clone()], None), 0);
    let d = rolling(2, Some(pct("1%")), Some(pct("25%")));
    assert_eq!(new_rs_new_replicas(&d, &[old], None), 1);
}

/// `TestDeploymentController_reconcileNewReplicaSet` (maxUnavailable 0). The simulator's
/// reconcileNewReplicaSet is the first part of `rollout_rolling`; we run that and assert on the
/// new ReplicaSet only (when the new RS is not scaled, `rollout_rolling` goes on to the old RSs,
/// which this upstream table does not look at).
#[test]
fn reconcile_new_replica_set_table() {
    // (d, maxSurge, old, new, scaled, new ->)
    #[rustfmt::skip]
    let rows = [(10, 0, 10, 0, false, 0), (10, 2, 10, 0, true, 2), (10, 2, 5, 0, true, 7), (10, 2, 10, 2, false, 2), (10, 2, 2, 11, true, 10)];
    for (d, surge, old, new, want_scaled, want_new) in rows {
        let mut c = base();
        let (key, dep) = store_deployment(&mut c, rolling(d, Some(int(surge)), Some(int(0))));
        rs(&mut c, &dep, "foo-old", "nginx:1.24", old, old, 60);
        rs(&mut c, &dep, "foo-new", "nginx:1.25", new, new, 30);
        let before = scaling_messages(&c).len();
        rollout_rolling(&mut c.test_api(), &key);
        let new_events: Vec<String> =
            scaling_messages(&c)[before..].iter().filter(|m| m.contains("foo-new")).cloned().collect();
        assert_eq!(size(&c, "foo-new"), want_new, "row {:?}", (d, surge, old, new));
        assert_eq!(!new_events.is_empty(), want_scaled, "row {:?}: {new_events:?}", (d, surge, old, new));
    }
}

/// `TestDeploymentController_reconcileOldReplicaSets` (maxSurge 0; one old and one new RS),
/// through `reconcile_old_replica_sets`.
#[test]
fn reconcile_old_replica_sets_table() {
    // (d, maxUnavailable, old, new, old available, new available, scaled, old ->)
    #[rustfmt::skip]
    let rows = [
        (10, 0, 10, 0, 10, 0, true, 9),
        (10, 2, 10, 0, 10, 0, true, 8),
        (10, 2, 10, 0, 8, 0, true, 8),
        (10, 2, 10, 0, 9, 0, true, 8),
        (10, 2, 8, 2, 8, 0, false, 8),
    ];
    for (d, mu, old, new, old_avail, new_avail, want_scaled, want_old) in rows {
        let mut c = base();
        let (key, dep) = store_deployment(&mut c, rolling(d, Some(int(0)), Some(int(mu))));
        let old_rs = rs(&mut c, &dep, "foo-old", "nginx:1.24", old, old_avail, 60);
        let new_rs = rs(&mut c, &dep, "foo-new", "nginx:1.25", new, new_avail, 30);
        let scaled = reconcile_old_replica_sets(&mut c.test_api(), &key, &[old_rs], Some(&new_rs));
        let row = (d, mu, old, new, old_avail, new_avail);
        assert_eq!(scaled, want_scaled, "row {row:?}");
        assert_eq!(size(&c, "foo-old"), want_old, "row {row:?}");
        assert_eq!(size(&c, "foo-new"), new, "row {row:?}: the new RS is not touched");
    }
}

/// `TestDeploymentController_cleanupUnhealthyReplicas`: old RS of 10 with 8 available, d=10.
/// Upstream passes the clean-up budget (`maxCleanupCount`) directly; in the simulator the budget
/// is `maxScaledDown = allPods − minAvailable − newUnavailable`, so each row picks the
/// maxUnavailable that makes the budget the table's value (budget 1 ⇐ maxUnavailable 1, 3 ⇐ 3,
/// 0 ⇐ 0; maxSurge 2 as upstream). The clean-up is the *first* scale-down event (any second
/// event is the scale-down of available replicas that follows it).
#[test]
fn cleanup_unhealthy_replicas_table() {
    // (available, maxCleanupCount, cleaned)
    let rows = [(8, 1, 1), (8, 3, 2), (8, 0, 0), (10, 3, 0)];
    for (available, budget, want_cleaned) in rows {
        let mut c = base();
        let (key, dep) = store_deployment(&mut c, rolling(10, Some(int(2)), Some(int(budget))));
        let old_rs = rs(&mut c, &dep, "foo-old", "nginx:1.24", 10, available, 60);
        let before = scaling_messages(&c).len();
        reconcile_old_replica_sets(&mut c.test_api(), &key, &[old_rs], None);
        let msgs = scaling_messages(&c)[before..].to_vec();
        let cleaned = if available == 10 {
            // Nothing unhealthy: every event is the later scale-down of available replicas,
            // and there is at most one of those.
            assert!(msgs.len() <= 1, "{msgs:?}");
            0
        } else {
            msgs.first()
                .map(|m| {
                    let to: i64 =
                        m.split(" to ").nth(1).and_then(|r| r.split(' ').next()).and_then(|n| n.parse().ok()).expect(m);
                    10 - to
                })
                .unwrap_or(0)
        };
        assert_eq!(cleaned, want_cleaned, "available {available} budget {budget}: {msgs:?}");
    }
}

/// `TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate` (only the old RS,
/// maxSurge 0), through `reconcile_old_replica_sets`. Where the old RS also has unavailable
/// replicas the clean-up runs first; "not scaled" then means that the scale-down of available
/// replicas added no event after the clean-up's.
#[test]
fn scale_down_old_replica_sets_for_rolling_update_table() {
    // (d, maxUnavailable, available, old, scale-down happened, old ->)
    #[rustfmt::skip]
    let rows = [(10, 0, 10, 10, true, 9), (10, 2, 10, 10, true, 8), (10, 2, 8, 10, false, 8), (10, 2, 10, 0, false, 0), (10, 2, 1, 10, false, 8)];
    for (d, mu, available, old, want_scaled, want_old) in rows {
        let mut c = base();
        let (key, dep) = store_deployment(&mut c, rolling(d, Some(int(0)), Some(int(mu))));
        let old_rs = rs(&mut c, &dep, "foo-old", "nginx:1.24", old, available.min(old), 60);
        let before = scaling_messages(&c).len();
        reconcile_old_replica_sets(&mut c.test_api(), &key, &[old_rs], None);
        let msgs = scaling_messages(&c)[before..].to_vec();
        let unhealthy = (old - available).max(0);
        let cleanup_events = usize::from(unhealthy > 0 && old > 0);
        let scale_down_events = msgs.len().saturating_sub(cleanup_events);
        let row = (d, mu, available, old);
        assert_eq!(scale_down_events > 0, want_scaled, "row {row:?}: {msgs:?}");
        assert_eq!(size(&c, "foo-old"), want_old, "row {row:?}");
    }
}

// ----------------------------------------------------------------------------------------------
// §1.7 Proportional scaling
// ----------------------------------------------------------------------------------------------

struct ScaleCase {
    name: &'static str,
    old_d: i64,
    new_d: i64,
    /// (surge, unavailable) of the old and the new deployment (upstream default 0/0).
    old_strategy: (i64, i64),
    new_strategy: (i64, i64),
    new_rs: Option<(i64, i64)>,
    /// Newer first, as upstream lists them: (replicas, available).
    old_rss: Vec<(i64, i64)>,
    /// Per RS name, a `desired-replicas` annotation overriding the old deployment's size.
    desired_override: Vec<(&'static str, i64)>,
    want_new: Option<i64>,
    want_old: Vec<i64>,
}

fn run_scale_case(case: &ScaleCase) {
    let mut c = base();
    let old_dep = rolling(case.old_d, Some(int(case.old_strategy.0)), Some(int(case.old_strategy.1)));
    let (key, dep) =
        store_deployment(&mut c, rolling(case.new_d, Some(int(case.new_strategy.0)), Some(int(case.new_strategy.1))));
    // Status as the old deployment left it (upstream sets status.replicas from the RSs).
    let mut dep = dep;
    dep.status.replicas = case.new_rs.map(|n| n.0).unwrap_or(0) + case.old_rss.iter().map(|o| o.0).sum::<i64>();
    c.test_api().put(Object::Deployment(dep.clone()));
    let annotations_for = |name: &str| -> Vec<(&'static str, String)> {
        let desired = case.desired_override.iter().find(|(n, _)| *n == name).map(|(_, v)| *v).unwrap_or(case.old_d);
        vec![
            (DESIRED_REPLICAS_ANNOTATION, desired.to_string()),
            (MAX_REPLICAS_ANNOTATION, (desired + max_surge(&old_dep)).to_string()),
        ]
    };
    // Oldest is v1; the new RS (if any) is the newest.
    let n_old = case.old_rss.len();
    let mut olds = Vec::new();
    for (i, (replicas, available)) in case.old_rss.iter().enumerate() {
        let version = n_old - i; // newer first
        let name = format!("foo-v{version}");
        let ann = annotations_for(&name);
        let r = rs_with(
            &mut c,
            &dep,
            RsSpec {
                name: &name,
                image: &format!("nginx:1.{}", 10 + version),
                replicas: *replicas,
                status_replicas: *replicas,
                available: *available,
                age: 100 - version as u64 * 10,
                annotations: &ann,
            },
        );
        olds.push(r);
    }
    let new_name = format!("foo-v{}", n_old + 1);
    let new_rs = case.new_rs.map(|(replicas, available)| {
        let ann = annotations_for(&new_name);
        rs_with(
            &mut c,
            &dep,
            RsSpec {
                name: &new_name,
                image: "nginx:1.25",
                replicas,
                status_replicas: replicas,
                available,
                age: 5,
                annotations: &ann,
            },
        )
    });
    let dep = deployment(c.test_store(), &key).unwrap();
    scale(&mut c.test_api(), &key, &dep, new_rs.as_ref(), &olds);
    if let Some(want) = case.want_new {
        assert_eq!(size(&c, &new_name), want, "{}: new RS", case.name);
    }
    let got_old: Vec<i64> = olds.iter().map(|r| size(&c, &r.metadata.name)).collect();
    assert_eq!(got_old, case.want_old, "{}: old RSs (newer first)", case.name);
}

/// `TestScale` (sync_test.go): every row, through `scale`.
#[test]
fn proportional_scaling_table() {
    let z = (0, 0);
    #[rustfmt::skip]
    let cases = vec![
        ScaleCase { name: "normal scaling up", old_d: 10, new_d: 12, old_strategy: z, new_strategy: z, new_rs: Some((10, 10)), old_rss: vec![], desired_override: vec![], want_new: Some(12), want_old: vec![] },
        ScaleCase { name: "normal scaling down", old_d: 10, new_d: 5, old_strategy: z, new_strategy: z, new_rs: Some((10, 10)), old_rss: vec![], desired_override: vec![], want_new: Some(5), want_old: vec![] },
        ScaleCase { name: "proportional up 5->10", old_d: 5, new_d: 10, old_strategy: z, new_strategy: z, new_rs: Some((2, 2)), old_rss: vec![(3, 3)], desired_override: vec![], want_new: Some(4), want_old: vec![6] },
        ScaleCase { name: "proportional down 5->3", old_d: 5, new_d: 3, old_strategy: z, new_strategy: z, new_rs: Some((2, 2)), old_rss: vec![(3, 3)], desired_override: vec![], want_new: Some(1), want_old: vec![2] },
        ScaleCase { name: "proportional down 9->4", old_d: 9, new_d: 4, old_strategy: z, new_strategy: z, new_rs: Some((8, 8)), old_rss: vec![(1, 1)], desired_override: vec![], want_new: Some(4), want_old: vec![0] },
        ScaleCase { name: "proportional up 7->10", old_d: 7, new_d: 10, old_strategy: z, new_strategy: z, new_rs: Some((2, 2)), old_rss: vec![(3, 3), (2, 2)], desired_override: vec![], want_new: Some(3), want_old: vec![4, 3] },
        ScaleCase { name: "proportional down 13->8", old_d: 13, new_d: 8, old_strategy: z, new_strategy: z, new_rs: Some((2, 2)), old_rss: vec![(8, 8), (3, 3)], desired_override: vec![], want_new: Some(1), want_old: vec![5, 2] },
        ScaleCase { name: "leftover up 3->4", old_d: 3, new_d: 4, old_strategy: z, new_strategy: z, new_rs: Some((1, 1)), old_rss: vec![(1, 1), (1, 1)], desired_override: vec![], want_new: Some(2), want_old: vec![1, 1] },
        ScaleCase { name: "leftover down 3->2", old_d: 3, new_d: 2, old_strategy: z, new_strategy: z, new_rs: Some((1, 1)), old_rss: vec![(1, 1), (1, 1)], desired_override: vec![], want_new: Some(1), want_old: vec![1, 0] },
        ScaleCase { name: "no new RS 4->5", old_d: 4, new_d: 5, old_strategy: z, new_strategy: z, new_rs: None, old_rss: vec![(2, 2), (2, 2)], desired_override: vec![], want_new: None, want_old: vec![3, 2] },
        ScaleCase { name: "to zero", old_d: 6, new_d: 0, old_strategy: z, new_strategy: z, new_rs: Some((3, 3)), old_rss: vec![(2, 2), (1, 1)], desired_override: vec![], want_new: Some(0), want_old: vec![0, 0] },
        ScaleCase { name: "from zero", old_d: 6, new_d: 6, old_strategy: z, new_strategy: z, new_rs: Some((0, 0)), old_rss: vec![(0, 0), (0, 0)], desired_override: vec![], want_new: Some(6), want_old: vec![0, 0] },
        ScaleCase { name: "failed rs update", old_d: 5, new_d: 5, old_strategy: z, new_strategy: z, new_rs: Some((2, 2)), old_rss: vec![(1, 1), (1, 1)], desired_override: vec![("foo-v2", 3)], want_new: Some(2), want_old: vec![2, 1] },
        ScaleCase { name: "surge pods, maxSurge 2", old_d: 10, new_d: 20, old_strategy: (2, 0), new_strategy: (2, 0), new_rs: Some((6, 6)), old_rss: vec![(6, 6)], desired_override: vec![], want_new: Some(11), want_old: vec![11] },
        ScaleCase { name: "surge 3->6", old_d: 10, new_d: 50, old_strategy: (3, 0), new_strategy: (6, 0), new_rs: Some((5, 5)), old_rss: vec![(8, 8)], desired_override: vec![], want_new: Some(22), want_old: vec![34] },
        ScaleCase { name: "size + template change", old_d: 10, new_d: 14, old_strategy: z, new_strategy: z, new_rs: None, old_rss: vec![(7, 7), (3, 3)], desired_override: vec![], want_new: None, want_old: vec![10, 4] },
        ScaleCase { name: "saturated but broken new RS", old_d: 2, new_d: 2, old_strategy: (1, 1), new_strategy: (1, 1), new_rs: Some((2, 0)), old_rss: vec![(1, 1)], desired_override: vec![], want_new: Some(2), want_old: vec![1] },
        // Docs-style check (derived): d=10 surge 3 unavailable 2 mid-rollout old 8 new 5, scale to 15.
        ScaleCase { name: "docs 10->15 mid-rollout", old_d: 10, new_d: 15, old_strategy: (3, 2), new_strategy: (3, 2), new_rs: Some((5, 0)), old_rss: vec![(8, 8)], desired_override: vec![], want_new: Some(7), want_old: vec![11] },
    ];
    for case in &cases {
        run_scale_case(case);
    }
}

#[test]
fn proportional_scaling_rewrites_annotations_and_events_use_the_sort_direction() {
    let mut c = base();
    let (key, dep) = store_deployment(&mut c, rolling(10, Some(int(0)), Some(int(0))));
    let ann = |d: i64| vec![(DESIRED_REPLICAS_ANNOTATION, d.to_string()), (MAX_REPLICAS_ANNOTATION, d.to_string())];
    let a5 = ann(5);
    let old = rs_with(
        &mut c,
        &dep,
        RsSpec {
            name: "foo-v1",
            image: "nginx:1.24",
            replicas: 3,
            status_replicas: 3,
            available: 3,
            age: 60,
            annotations: &a5,
        },
    );
    let new = rs_with(
        &mut c,
        &dep,
        RsSpec {
            name: "foo-v2",
            image: "nginx:1.25",
            replicas: 2,
            status_replicas: 2,
            available: 2,
            age: 30,
            annotations: &a5,
        },
    );
    let before = scaling_messages(&c).len();
    let d = deployment(c.test_store(), &key).unwrap();
    scale(&mut c.test_api(), &key, &d, Some(&new), &[old]);
    assert_eq!(
        scaling_messages(&c)[before..],
        [
            "Scaled up replica set foo-v1 to 6 from 3".to_string(),
            "Scaled up replica set foo-v2 to 4 from 2".to_string()
        ]
    );
    for name in ["foo-v1", "foo-v2"] {
        let r = c.get(Kind::ReplicaSet, "default", name).and_then(Object::as_replica_set).unwrap();
        assert_eq!(r.metadata.annotations.get(DESIRED_REPLICAS_ANNOTATION).map(String::as_str), Some("10"));
        assert_eq!(r.metadata.annotations.get(MAX_REPLICAS_ANNOTATION).map(String::as_str), Some("10"));
    }
}

// ----------------------------------------------------------------------------------------------
// §1.8 Progress
// ----------------------------------------------------------------------------------------------

#[test]
fn deployment_complete_table() {
    // (d, current, updated, available, maxUnavailable, maxSurge) -> complete
    #[rustfmt::skip]
    let rows = [
        ((5, 5, 5, 4, 1, 0), false),
        ((5, 5, 5, 3, 1, 0), false),
        ((5, 5, 5, 5, 0, 0), true),
        ((5, 5, 4, 5, 0, 0), false),
        ((1, 2, 1, 1, 0, 1), false),
        ((1, 1, 1, 0, 1, 1), false),
    ];
    for ((d, current, updated, available, mu, ms), want) in rows {
        let mut dep = rolling(d, Some(int(ms)), Some(int(mu)));
        dep.metadata.generation = 1;
        let status = DeploymentStatus {
            observed_generation: 1,
            replicas: current,
            updated_replicas: updated,
            available_replicas: available,
            ..Default::default()
        };
        assert_eq!(deployment_complete(&dep, &status), want, "{:?}", (d, current, updated, available, mu, ms));
    }
    // And a status not yet observing the latest generation is never complete.
    let mut dep = rolling(5, Some(int(0)), Some(int(1)));
    dep.metadata.generation = 2;
    let status = DeploymentStatus {
        observed_generation: 1,
        replicas: 5,
        updated_replicas: 5,
        available_replicas: 5,
        ..Default::default()
    };
    assert!(!deployment_complete(&dep, &status));
}

#[test]
fn deployment_progressing_table() {
    // (old current, updated, ready, available) -> (new ...) -> progressing
    #[rustfmt::skip]
    let rows = [
        ((10, 4, 4, 4), (10, 6, 4, 4), true),
        ((10, 4, 4, 4), (10, 4, 4, 4), false),
        ((10, 4, 6, 6), (8, 4, 6, 6), true),
        ((10, 7, 3, 3), (10, 6, 3, 3), false),
        ((10, 4, 7, 7), (8, 8, 5, 5), true),
        ((10, 10, 9, 8), (10, 10, 10, 8), true),
        ((10, 10, 10, 9), (10, 10, 10, 10), true),
    ];
    let st = |(r, u, rd, a): (i64, i64, i64, i64)| DeploymentStatus {
        replicas: r,
        updated_replicas: u,
        ready_replicas: rd,
        available_replicas: a,
        ..Default::default()
    };
    for (old, new, want) in rows {
        let mut dep = rolling(10, None, None);
        dep.status = st(old);
        assert_eq!(deployment_progressing(&dep, &st(new)), want, "{old:?} -> {new:?}");
    }
}

#[test]
fn deployment_timed_out_table() {
    let at = |s: u64| SimTime::ZERO + SimDuration::from_secs(s);
    let progressing = |reason: &str, last_update: u64| DeploymentStatus {
        conditions: vec![Condition {
            type_: "Progressing".into(),
            status: "True".into(),
            reason: reason.into(),
            last_update_time: Some(at(last_update)),
            last_transition_time: Some(at(last_update)),
            ..Default::default()
        }],
        ..Default::default()
    };
    let now = at(80); // 00:01:20
    let with_pds = |pds: Option<i64>| {
        let mut d = rolling(1, None, None);
        d.spec.progress_deadline_seconds = pds;
        d
    };
    // (pds, reason, last update) -> timed out
    #[rustfmt::skip]
    let rows = [
        (None, "ReplicaSetUpdated", 69, false),
        (Some(MAX_INT32), "ReplicaSetUpdated", 69, false),
        (Some(10), "ReplicaSetUpdated", 69, true),  // 00:01:09, 11 s ago
        (Some(10), "ReplicaSetUpdated", 71, false), // 00:01:11, 9 s ago
        (Some(10), "NewReplicaSetAvailable", 69, false),
        (Some(10), "ProgressDeadlineExceeded", 79, true),
    ];
    for (pds, reason, last, want) in rows {
        assert_eq!(
            deployment_timed_out(&with_pds(pds), &progressing(reason, last), now),
            want,
            "{:?}",
            (pds, reason, last)
        );
    }
    // No Progressing condition at all: not timed out.
    assert!(!deployment_timed_out(&with_pds(Some(10)), &DeploymentStatus::default(), now));
}

/// `TestSyncRolloutStatus` (progress_test.go), every row, through `sync_rollout_status`. As
/// upstream: a Recreate deployment whose last status is `cur(d, replicas, updated, available)`,
/// an old RS "bar" and a new RS "foo" given as (spec, status, available) with no ready
/// replicas, Progressing conditions stamped long before now (pds 60). Upstream's timestamp
/// checks compare the test's own fields, so they check nothing; here lastTransitionTime is
/// checked where the condition stays True, and lastUpdateTime where it must not move.
#[test]
fn sync_rollout_status_table() {
    type Rs = Option<(i64, i64, i64)>;
    struct Row {
        name: &'static str,
        pds: Option<i64>,
        d: (i64, i64, i64, i64),
        start: Option<(&'static str, &'static str)>,
        old: Rs,
        new: Rs,
        /// None: no Progressing condition expected.
        want: Option<(&'static str, &'static str)>,
        keep_update: bool,
        keep_transition: bool,
    }
    let updated = Some(("True", "ReplicaSetUpdated"));
    let available = Some(("True", "NewReplicaSetAvailable"));
    let timed_out = Some(("False", "ProgressDeadlineExceeded"));
    #[rustfmt::skip]
    let rows = [
        Row { name: "no pds: condition removed", pds: None, d: (3, 2, 2, 2), start: updated, old: Some((0, 1, 1)), new: Some((3, 2, 2)), want: None, keep_update: false, keep_transition: false },
        Row { name: "one active RS: no estimate", pds: Some(60), d: (3, 3, 3, 3), start: available, old: Some((3, 3, 3)), new: None, want: available, keep_update: true, keep_transition: true },
        Row { name: "progressing keeps transition", pds: Some(60), d: (3, 2, 2, 2), start: updated, old: Some((0, 1, 1)), new: Some((3, 2, 2)), want: updated, keep_update: false, keep_transition: true },
        Row { name: "progressing after False", pds: Some(60), d: (3, 2, 2, 2), start: timed_out, old: Some((0, 1, 1)), new: Some((3, 2, 2)), want: updated, keep_update: false, keep_transition: false },
        Row { name: "progressing creates", pds: Some(60), d: (3, 2, 2, 2), start: None, old: Some((0, 1, 1)), new: Some((3, 2, 2)), want: updated, keep_update: false, keep_transition: false },
        Row { name: "complete keeps transition", pds: Some(60), d: (3, 3, 3, 3), start: updated, old: None, new: Some((3, 3, 3)), want: available, keep_update: false, keep_transition: true },
        Row { name: "complete after False", pds: Some(60), d: (3, 3, 3, 3), start: timed_out, old: None, new: Some((3, 3, 3)), want: available, keep_update: false, keep_transition: false },
        Row { name: "complete creates", pds: Some(60), d: (3, 3, 3, 3), start: None, old: None, new: Some((3, 3, 3)), want: available, keep_update: false, keep_transition: false },
        Row { name: "complete without new RS", pds: Some(60), d: (0, 3, 3, 3), start: updated, old: Some((0, 0, 0)), new: None, want: available, keep_update: false, keep_transition: true },
        Row { name: "times out", pds: Some(60), d: (3, 2, 2, 2), start: updated, old: None, new: Some((3, 2, 2)), want: timed_out, keep_update: false, keep_transition: false },
        Row { name: "stays timed out", pds: Some(60), d: (3, 2, 2, 2), start: timed_out, old: None, new: Some((3, 2, 2)), want: timed_out, keep_update: true, keep_transition: true },
    ];
    for row in &rows {
        let mut c = base();
        let t0 = c.now() - SimDuration::from_secs(120);
        let mut d = recreate(row.d.0);
        d.spec.progress_deadline_seconds = row.pds;
        d.status = DeploymentStatus {
            observed_generation: 1,
            replicas: row.d.1,
            updated_replicas: row.d.2,
            available_replicas: row.d.3,
            ..Default::default()
        };
        if let Some((status, reason)) = row.start {
            d.status.conditions.push(Condition {
                type_: "Progressing".into(),
                status: status.into(),
                reason: reason.into(),
                last_update_time: Some(t0),
                last_transition_time: Some(t0),
                ..Default::default()
            });
        }
        let (key, d) = store_deployment(&mut c, d);
        for (name, image, spec) in [("bar", "nginx:1.24", row.old), ("foo", "nginx:1.25", row.new)] {
            if let Some((spec, status, avail)) = spec {
                let mut r = rs_with(
                    &mut c,
                    &d,
                    RsSpec {
                        name,
                        image,
                        replicas: spec,
                        status_replicas: status,
                        available: avail,
                        age: 60,
                        annotations: &[],
                    },
                );
                r.status.ready_replicas = 0;
                c.test_api().put(Object::ReplicaSet(r));
            }
        }
        sync_rollout_status(&mut c.test_api(), &key);
        let d = deployment(c.test_store(), &key).unwrap();
        let cond = d.condition("Progressing");
        match (row.want, cond) {
            (None, None) => continue,
            (None, Some(c)) => panic!("{}: unexpected {c:?}", row.name),
            (Some(_), None) => panic!("{}: no Progressing condition", row.name),
            (Some(want), Some(cond)) => {
                assert_eq!((&*cond.status, cond.reason.as_str()), want, "{}", row.name);
                if row.keep_transition {
                    assert_eq!(cond.last_transition_time, Some(t0), "{}: lastTransitionTime kept", row.name);
                } else {
                    assert_eq!(cond.last_transition_time, Some(c.now()), "{}: lastTransitionTime set now", row.name);
                }
                if row.keep_update {
                    assert_eq!(cond.last_update_time, Some(t0), "{}: lastUpdateTime kept", row.name);
                } else {
                    assert_eq!(cond.last_update_time, Some(c.now()), "{}: lastUpdateTime set now", row.name);
                }
            }
        }
    }
    // The messages name the new RS, or the deployment when there is none.
    let mut c = base();
    let mut d = recreate(0);
    d.status = DeploymentStatus {
        observed_generation: 1,
        replicas: 3,
        updated_replicas: 3,
        available_replicas: 3,
        ..Default::default()
    };
    let (key, d) = store_deployment(&mut c, d);
    rs(&mut c, &d, "bar", "nginx:1.24", 0, 0, 60);
    sync_rollout_status(&mut c.test_api(), &key);
    let cond = deployment(c.test_store(), &key).unwrap().condition("Progressing").cloned().unwrap();
    assert_eq!(cond.message, "Deployment \"foo\" has successfully progressed.");
}

// ----------------------------------------------------------------------------------------------
// §1.9 History clean-up
// ----------------------------------------------------------------------------------------------

/// `TestDeploymentController_cleanupDeployment`, through `cleanup_deployment`.
#[test]
fn cleanup_deployment_table() {
    // (old RSs as (spec, status) pairs, limit, being-deleted index, deleted)
    type Row<'a> = (&'a [(i64, i64)], i64, Option<usize>, usize);
    #[rustfmt::skip]
    let rows: [Row; 6] = [
        (&[(0, 0), (0, 0), (0, 0)], 1, None, 2),
        (&[(0, 0), (0, 1), (1, 0), (1, 1)], 0, None, 1),
        (&[(0, 0), (0, 0)], 0, None, 2),
        (&[(1, 1), (1, 1)], 0, None, 0),
        (&[(0, 0)], 0, Some(0), 0),
        (&[(0, 0), (0, 0), (0, 0)], MAX_INT32, None, 0),
    ];
    for (i, (olds, limit, deleting, want)) in rows.iter().enumerate() {
        let mut c = base();
        let mut d = rolling(1, Some(int(1)), Some(int(0)));
        d.spec.revision_history_limit = Some(*limit);
        let (key, d) = store_deployment(&mut c, d);
        let mut rss = Vec::new();
        for (j, (spec, status)) in olds.iter().enumerate() {
            let name = format!("foo-{j}");
            let mut r = rs_with(
                &mut c,
                &d,
                RsSpec {
                    name: &name,
                    image: &format!("nginx:1.{}", 10 + j),
                    replicas: *spec,
                    status_replicas: *status,
                    available: *status,
                    age: 100 - j as u64,
                    annotations: &[],
                },
            );
            if *deleting == Some(j) {
                r.metadata.deletion_timestamp = Some(c.now());
                c.test_api().put(Object::ReplicaSet(r.clone()));
            }
            rss.push(r);
        }
        cleanup_deployment(&mut c.test_api(), &key, &rss);
        let left = rss.iter().filter(|r| c.get(Kind::ReplicaSet, "default", &r.metadata.name).is_some()).count();
        assert_eq!(olds.len() - left, *want, "row {i}");
    }
}

#[test]
fn cleanup_deployment_deletes_lowest_revisions_first_and_skips_unobserved() {
    let mut c = base();
    let mut d = rolling(1, Some(int(1)), Some(int(0)));
    d.spec.revision_history_limit = Some(1);
    let (key, d) = store_deployment(&mut c, d);
    let rev = |n: i64| vec![(REVISION_ANNOTATION, n.to_string())];
    let (r3, r1, r2) = (rev(3), rev(1), rev(2));
    // Created in the order 3, 1, 2: revision order, not age, decides.
    let a = rs_with(
        &mut c,
        &d,
        RsSpec {
            name: "foo-a",
            image: "nginx:1.11",
            replicas: 0,
            status_replicas: 0,
            available: 0,
            age: 90,
            annotations: &r3,
        },
    );
    let b = rs_with(
        &mut c,
        &d,
        RsSpec {
            name: "foo-b",
            image: "nginx:1.12",
            replicas: 0,
            status_replicas: 0,
            available: 0,
            age: 80,
            annotations: &r1,
        },
    );
    let mut e = rs_with(
        &mut c,
        &d,
        RsSpec {
            name: "foo-e",
            image: "nginx:1.13",
            replicas: 0,
            status_replicas: 0,
            available: 0,
            age: 70,
            annotations: &r2,
        },
    );
    // Revision 2 has a generation its controller has not observed yet: skipped.
    e.metadata.generation = 2;
    c.test_api().put(Object::ReplicaSet(e.clone()));
    cleanup_deployment(&mut c.test_api(), &key, &[a, b, e]);
    let left: Vec<&str> =
        ["foo-a", "foo-b", "foo-e"].into_iter().filter(|n| c.get(Kind::ReplicaSet, "default", n).is_some()).collect();
    assert_eq!(left, ["foo-a", "foo-e"]);
}

/// `SetNewReplicaSetAnnotations`: a reused RS takes revision max+1 and appends its previous
/// number to `revision-history`; the history is capped (upstream `TestAnnotationUtils` uses a
/// 5-character cap; the simulator has Kubernetes' default of 2000), dropping the oldest
/// entries. The deployment's own annotations are copied, the skip list is not.
#[test]
fn revision_history_annotation() {
    let mut d = rolling(1, None, None);
    d.metadata.annotations.insert(CHANGE_CAUSE_ANNOTATION.into(), "kubectl set image".into());
    d.metadata.annotations.insert(LAST_APPLIED_ANNOTATION.into(), "{}".into());
    let mut rs = ReplicaSet::default();
    // A new RS: revision set, no history, replicas annotations set.
    assert!(set_new_rs_annotations(&d, &mut rs, 1, false));
    let ann = |rs: &ReplicaSet, k: &str| rs.metadata.annotations.get(k).cloned();
    assert_eq!(ann(&rs, REVISION_ANNOTATION).as_deref(), Some("1"));
    assert_eq!(ann(&rs, REVISION_HISTORY_ANNOTATION), None);
    assert_eq!(ann(&rs, CHANGE_CAUSE_ANNOTATION).as_deref(), Some("kubectl set image"));
    assert_eq!(ann(&rs, LAST_APPLIED_ANNOTATION), None);
    assert_eq!(ann(&rs, DESIRED_REPLICAS_ANNOTATION).as_deref(), Some("1"));
    // Reused twice (two undos): 1 -> 3 -> 5, history "1" then "1,3".
    assert!(set_new_rs_annotations(&d, &mut rs, 3, true));
    assert_eq!(ann(&rs, REVISION_HISTORY_ANNOTATION).as_deref(), Some("1"));
    assert!(set_new_rs_annotations(&d, &mut rs, 5, true));
    assert_eq!(ann(&rs, REVISION_ANNOTATION).as_deref(), Some("5"));
    assert_eq!(ann(&rs, REVISION_HISTORY_ANNOTATION).as_deref(), Some("1,3"));
    // Same or lower revision: nothing changes.
    assert!(!set_new_rs_annotations(&d, &mut rs, 5, true));
    assert!(!set_new_rs_annotations(&d, &mut rs, 4, true));
    // The cap: a history just under 2000 characters loses its oldest entries.
    let long: Vec<String> = (10_000..10_399).map(|i| i.to_string()).collect();
    let long = long.join(",");
    assert_eq!(long.len(), 399 * 6 - 1);
    rs.metadata.annotations.insert(REVISION_HISTORY_ANNOTATION.into(), long[..long.len() - 6 * 66].to_string());
    rs.metadata.annotations.insert(REVISION_ANNOTATION.into(), "20000".into());
    assert!(set_new_rs_annotations(&d, &mut rs, 20001, true));
    let h = ann(&rs, REVISION_HISTORY_ANNOTATION).unwrap();
    assert!(h.len() <= 2000, "{}", h.len());
    assert!(h.ends_with(",10332,20000"), "{}", &h[h.len() - 20..]);
    assert!(h.starts_with("10001,"), "{}", &h[..20]);
}

// ----------------------------------------------------------------------------------------------
// §1.12 Availability
// ----------------------------------------------------------------------------------------------

/// `TestIsPodAvailable`: (ready, seconds since Ready, minReadySeconds) -> available.
#[test]
fn pod_available_table() {
    let now = SimTime::ZERO + SimDuration::from_secs(1000);
    for (ready, ready_for, mrs, want) in
        [(false, 0, 0, false), (true, 0, 1, false), (true, 0, 0, true), (true, 51, 50, true), (true, 50, 50, false)]
    {
        let mut p = Pod::default();
        p.status.conditions.push(Condition {
            type_: "Ready".into(),
            status: if ready { "True" } else { "False" }.into(),
            last_transition_time: Some(now - SimDuration::from_secs(ready_for)),
            ..Default::default()
        });
        assert_eq!(p.is_available(mrs, now), want, "ready {ready} for {ready_for} s, minReadySeconds {mrs}");
    }
}

// ----------------------------------------------------------------------------------------------
// Scenarios: real rollouts in a cluster
// ----------------------------------------------------------------------------------------------

const OLD_IMAGE: &str = "nginx:1.24";
const NEW_IMAGE: &str = "nginx:1.25";
const BAD_IMAGE: &str = "nginx:1.291";

fn web(name: &str, replicas: i64, image: &str) -> Deployment {
    let l = labels(&[("app", name)]);
    let mut d = Deployment { api_version: "apps/v1".into(), kind: "Deployment".into(), ..Default::default() };
    d.metadata.name = name.into();
    d.metadata.namespace = Some("default".into());
    d.spec.replicas = Some(replicas);
    d.spec.selector = Some(LabelSelector { match_labels: l.clone(), match_expressions: vec![] });
    d.spec.template.metadata.labels = l.into();
    d.spec.template.spec.containers.push(Container { name: "nginx".into(), image: image.into(), ..Default::default() });
    d
}

fn get_dep(c: &Cluster, name: &str) -> Deployment {
    c.get(Kind::Deployment, "default", name).and_then(Object::as_deployment).cloned().expect(name)
}

fn owned_rss(c: &Cluster, name: &str) -> Vec<ReplicaSet> {
    let d = get_dep(c, name);
    owned_replica_sets(c.test_store(), &d)
}

fn complete(c: &Cluster, name: &str) -> bool {
    let d = get_dep(c, name);
    deployment_complete(&d, &d.status)
        && owned_rss(c, name)
            .iter()
            .all(|r| r.replicas() == 0 || templates_equal_ignoring_hash(&r.spec.template, &d.spec.template))
}

fn wait_complete(c: &mut Cluster, name: &str) {
    let done = c.run_until(SimDuration::from_secs(300), |c| complete(c, name));
    assert!(done, "{name} did not complete: {:?}", get_dep(c, name).status);
}

fn set_image(c: &mut Cluster, name: &str, image: &str) {
    let mut d = get_dep(c, name);
    d.spec.template.spec.containers[0].image = image.into();
    c.update(Object::Deployment(d)).expect("update");
}

/// Pulls `images` onto every worker (a throw-away deployment per image, deleted again), so that
/// later pods with those images all start one second after they are bound.
fn prepulled(config: ClusterConfig, images: &[&str]) -> Cluster {
    let mut c = Cluster::new(config);
    for (i, image) in images.iter().enumerate() {
        let name = format!("prepull{i}");
        c.create(Object::Deployment(web(&name, 4, image))).unwrap();
        wait_complete(&mut c, &name);
        c.delete(Kind::Deployment, "default", &name, Default::default()).unwrap();
    }
    let gone = c.run_until(SimDuration::from_secs(120), |c| c.list(Kind::Pod, Some("default")).is_empty());
    assert!(gone);
    c
}

fn current_prepulled() -> Cluster {
    static BASE: OnceLock<Cluster> = OnceLock::new();
    BASE.get_or_init(|| prepulled(ClusterConfig::current(11), &[OLD_IMAGE, NEW_IMAGE])).clone()
}

fn course_prepulled() -> Cluster {
    static BASE: OnceLock<Cluster> = OnceLock::new();
    BASE.get_or_init(|| prepulled(ClusterConfig::course(11), &[OLD_IMAGE, NEW_IMAGE])).clone()
}

/// `ScalingReplicaSet` events about deployment `name` since `since`: (seconds after `since`,
/// message). Aggregated repeats would hide a step, so they fail the test.
fn scaling_events(c: &Cluster, name: &str, since: SimTime) -> Vec<(u64, String)> {
    c.events()
        .iter()
        .filter(|e| {
            e.involved_object.kind == "Deployment" && e.involved_object.name == name && e.reason == "ScalingReplicaSet"
        })
        .filter(|e| e.first_timestamp >= since)
        .map(|e| {
            assert_eq!(e.count, 1, "aggregated event {}", e.message);
            (e.first_timestamp.since(since).as_secs(), e.message.clone())
        })
        .collect()
}

/// One step of a trace: at `t` seconds, RS `who` ("OLD"/"NEW") scaled `from` -> `to`
/// (`from` None: created).
type TraceStep = (u64, &'static str, Option<i64>, i64);

fn trace_messages(steps: &[TraceStep], old: &str, new: &str, with_from: bool) -> Vec<(u64, String)> {
    steps
        .iter()
        .map(|&(t, who, from, to)| {
            let rs = if who == "OLD" { old } else { new };
            let msg = match from {
                None => format!("Scaled up replica set {rs} to {to}"),
                Some(f) => {
                    let dir = if to > f { "up" } else { "down" };
                    if with_from {
                        format!("Scaled {dir} replica set {rs} to {to} from {f}")
                    } else {
                        format!("Scaled {dir} replica set {rs} to {to}")
                    }
                }
            };
            (t, msg)
        })
        .collect()
}

struct Rollout {
    cluster: Cluster,
    name: String,
    old_rs: String,
    new_rs: String,
    since: SimTime,
}

/// Creates a settled deployment with `OLD_IMAGE`, then sets `image`.
fn start_rollout(mut c: Cluster, name: &str, replicas: i64, strategy: DeploymentStrategy, image: &str) -> Rollout {
    let mut d = web(name, replicas, OLD_IMAGE);
    d.spec.strategy = strategy;
    c.create(Object::Deployment(d)).unwrap();
    wait_complete(&mut c, name);
    let old_rs = owned_rss(&c, name).into_iter().next().unwrap().metadata.name;
    let since = c.now();
    set_image(&mut c, name, image);
    let d = get_dep(&c, name);
    let new_rs = format!("{name}-{}", crate::hash::pod_template_hash(&d.spec.template, None));
    Rollout { cluster: c, name: name.into(), old_rs, new_rs, since }
}

fn rolling_strategy(surge: IntOrString, unavailable: IntOrString) -> DeploymentStrategy {
    DeploymentStrategy {
        type_: Some("RollingUpdate".into()),
        rolling_update: Some(RollingUpdateDeployment { max_surge: Some(surge), max_unavailable: Some(unavailable) }),
    }
}

fn check_trace(replicas: i64, surge: IntOrString, unavailable: IntOrString, steps: &[TraceStep]) {
    let mut r = start_rollout(
        current_prepulled(),
        "web",
        replicas,
        rolling_strategy(surge.clone(), unavailable.clone()),
        NEW_IMAGE,
    );
    wait_complete(&mut r.cluster, &r.name);
    r.cluster.run_for(SimDuration::from_secs(5));
    let got = scaling_events(&r.cluster, &r.name, r.since);
    let want = trace_messages(steps, &r.old_rs, &r.new_rs, true);
    assert_eq!(got, want, "d={replicas} surge={surge} unavailable={unavailable}");
}

/// §1.4.1, pods become ready: d=3, 25%/25% (the official docs' sequence).
#[test]
fn trace_3_replicas_25_25() {
    check_trace(
        3,
        pct("25%"),
        pct("25%"),
        &[
            (0, "NEW", None, 1),
            (1, "OLD", Some(3), 2),
            (1, "NEW", Some(1), 2),
            (2, "OLD", Some(2), 1),
            (2, "NEW", Some(2), 3),
            (3, "OLD", Some(1), 0),
        ],
    );
}

#[test]
fn trace_4_replicas_25_25() {
    check_trace(
        4,
        pct("25%"),
        pct("25%"),
        &[
            (0, "NEW", None, 1),
            (0, "OLD", Some(4), 3),
            (0, "NEW", Some(1), 2),
            (1, "OLD", Some(3), 1),
            (1, "NEW", Some(2), 4),
            (2, "OLD", Some(1), 0),
        ],
    );
}

#[test]
fn trace_10_replicas_25_25() {
    check_trace(
        10,
        pct("25%"),
        pct("25%"),
        &[
            (0, "NEW", None, 3),
            (0, "OLD", Some(10), 8),
            (0, "NEW", Some(3), 5),
            (1, "OLD", Some(8), 3),
            (1, "NEW", Some(5), 10),
            (2, "OLD", Some(3), 0),
        ],
    );
}

#[test]
fn trace_3_replicas_surge_0_unavailable_1() {
    // The new RS is created with 0 replicas: no event for its creation.
    check_trace(
        3,
        int(0),
        int(1),
        &[
            (0, "OLD", Some(3), 2),
            (0, "NEW", Some(0), 1),
            (1, "OLD", Some(2), 1),
            (1, "NEW", Some(1), 2),
            (2, "OLD", Some(1), 0),
            (2, "NEW", Some(2), 3),
        ],
    );
}

#[test]
fn trace_5_replicas_50_0() {
    check_trace(
        5,
        pct("50%"),
        pct("0%"),
        &[(0, "NEW", None, 3), (1, "OLD", Some(5), 2), (1, "NEW", Some(3), 5), (2, "OLD", Some(2), 0)],
    );
}

/// §1.4.1 stuck variants: the new image cannot be pulled.
fn check_stuck(replicas: i64, steps: &[TraceStep], want_old: i64, want_new: i64) -> Rollout {
    let mut r =
        start_rollout(current_prepulled(), "web", replicas, rolling_strategy(pct("25%"), pct("25%")), BAD_IMAGE);
    r.cluster.run_for(SimDuration::from_secs(120));
    let got = scaling_events(&r.cluster, &r.name, r.since);
    assert_eq!(got, trace_messages(steps, &r.old_rs, &r.new_rs, true), "d={replicas}");
    assert_eq!(size(&r.cluster, &r.old_rs), want_old);
    assert_eq!(size(&r.cluster, &r.new_rs), want_new);
    let pods: Vec<Pod> = r.cluster.pods().filter(|p| p.metadata.ns() == "default" && p.is_active()).cloned().collect();
    assert_eq!(pods.len() as i64, want_old + want_new, "total pods");
    let new_hash = r.new_rs.rsplit('-').next().unwrap().to_string();
    for p in &pods {
        let is_new = p.metadata.labels.get(POD_TEMPLATE_HASH_LABEL) == Some(&new_hash);
        assert_eq!(p.is_ready(), !is_new, "{} ready", p.metadata.name);
    }
    let d = get_dep(&r.cluster, &r.name);
    assert_eq!(
        (d.status.replicas, d.status.updated_replicas, d.status.available_replicas, d.status.unavailable_replicas),
        (want_old + want_new, want_new, want_old, want_new),
        "status"
    );
    r
}

#[test]
fn stuck_3_replicas() {
    let mut r = check_stuck(3, &[(0, "NEW", None, 1)], 3, 1);
    // `Replicas: 3 desired | 1 updated | 4 total | 3 available | 1 unavailable`,
    // Progressing True/ReplicaSetUpdated until the 600 s deadline ...
    let d = get_dep(&r.cluster, &r.name);
    let cond = d.condition("Progressing").unwrap();
    assert_eq!((&*cond.status, cond.reason.as_str()), ("True", "ReplicaSetUpdated"));
    assert_eq!(cond.message, format!("ReplicaSet \"{}\" is progressing.", r.new_rs));
    let avail = d.condition("Available").unwrap();
    assert_eq!((&*avail.status, avail.reason.as_str()), ("True", "MinimumReplicasAvailable"));
    // ... then False/ProgressDeadlineExceeded, with nothing scaled.
    let since = r.since;
    let timed_out = r.cluster.run_until(SimDuration::from_secs(600), |c| {
        get_dep(c, "web").condition("Progressing").is_some_and(|c| c.reason == "ProgressDeadlineExceeded")
    });
    assert!(timed_out);
    let elapsed = r.cluster.now().since(since).as_secs();
    assert!((600..=602).contains(&elapsed), "timed out after {elapsed} s");
    let cond = get_dep(&r.cluster, "web").condition("Progressing").cloned().unwrap();
    assert_eq!(cond.status, "False");
    assert_eq!(cond.message, format!("ReplicaSet \"{}\" has timed out progressing.", r.new_rs));
    assert_eq!((size(&r.cluster, &r.old_rs), size(&r.cluster, &r.new_rs)), (3, 1));
}

#[test]
fn stuck_4_replicas() {
    check_stuck(4, &[(0, "NEW", None, 1), (0, "OLD", Some(4), 3), (0, "NEW", Some(1), 2)], 3, 2);
}

#[test]
fn stuck_10_replicas() {
    check_stuck(10, &[(0, "NEW", None, 3), (0, "OLD", Some(10), 8), (0, "NEW", Some(3), 5)], 8, 5);
}

/// Fixing a stuck rollout by setting a good image: the stuck RS is scaled away and the
/// deployment completes.
#[test]
fn stuck_rollout_recovers_with_a_good_image() {
    let mut r = check_stuck(4, &[(0, "NEW", None, 1), (0, "OLD", Some(4), 3), (0, "NEW", Some(1), 2)], 3, 2);
    set_image(&mut r.cluster, "web", "nginx:1.26");
    wait_complete(&mut r.cluster, "web");
    assert_eq!(size(&r.cluster, &r.new_rs), 0);
    assert_eq!(size(&r.cluster, &r.old_rs), 0);
    assert_eq!(get_dep(&r.cluster, "web").metadata.annotations.get(REVISION_ANNOTATION).map(String::as_str), Some("3"));
}

/// The course profile (v1.11) prints `ScalingReplicaSet` events without "from N".
#[test]
fn course_profile_events_have_no_from() {
    let mut r = start_rollout(course_prepulled(), "web", 3, rolling_strategy(pct("25%"), pct("25%")), NEW_IMAGE);
    wait_complete(&mut r.cluster, &r.name);
    let got = scaling_events(&r.cluster, &r.name, r.since);
    let steps = [
        (0, "NEW", None, 1),
        (1, "OLD", Some(3), 2),
        (1, "NEW", Some(1), 2),
        (2, "OLD", Some(2), 1),
        (2, "NEW", Some(2), 3),
        (3, "OLD", Some(1), 0),
    ];
    assert_eq!(got, trace_messages(&steps, &r.old_rs, &r.new_rs, false));
    assert!(got.iter().all(|(_, m)| !m.contains(" from ")));
}

/// §1.6: all old pods are gone before any new pod exists; events "Scaled down ... to 0 from 3"
/// then "Scaled up ... to 3".
#[test]
fn recreate_kills_old_pods_before_creating_new_ones() {
    let strategy = DeploymentStrategy { type_: Some("Recreate".into()), rolling_update: None };
    let mut r = start_rollout(current_prepulled(), "web", 3, strategy, NEW_IMAGE);
    let new_hash = r.new_rs.rsplit('-').next().unwrap().to_string();
    let mut saw_new = false;
    let mut saw_unavailable = false;
    for _ in 0..120 {
        let d = get_dep(&r.cluster, "web");
        if let Some(a) = d.condition("Available").filter(|a| a.status == "False") {
            assert_eq!(
                (a.reason.as_str(), a.message.as_str()),
                ("MinimumReplicasUnavailable", "Deployment does not have minimum availability.")
            );
            saw_unavailable = true;
        }
        let pods: Vec<&Pod> = r.cluster.pods().filter(|p| p.metadata.ns() == "default").collect();
        let new = pods.iter().filter(|p| p.metadata.labels.get(POD_TEMPLATE_HASH_LABEL) == Some(&new_hash)).count();
        let old = pods.len() - new;
        assert!(new == 0 || old == 0, "{old} old and {new} new pods at once");
        saw_new |= new > 0;
        r.cluster.step();
    }
    assert!(saw_new);
    assert!(saw_unavailable, "Recreate needs all replicas available, so it is unavailable mid-rollout");
    assert!(complete(&r.cluster, "web"));
    let got: Vec<String> = scaling_events(&r.cluster, "web", r.since).into_iter().map(|e| e.1).collect();
    assert_eq!(
        got,
        [
            format!("Scaled down replica set {} to 0 from 3", r.old_rs),
            format!("Scaled up replica set {} to 3", r.new_rs)
        ]
    );
}

fn history(c: &Cluster, name: &str) -> Vec<(i64, String)> {
    let mut h: Vec<(i64, String)> =
        owned_rss(c, name).into_iter().filter_map(|r| r.revision().map(|v| (v, r.metadata.name.clone()))).collect();
    h.sort();
    h
}

/// §1.9: revisions 1, 2, 3 -> undo -> history 1, 3, 4; the undone RS keeps its name and gets
/// `revision-history: "2"`; a second undo targets revision 3.
#[test]
fn revisions_and_rollout_undo() {
    let mut c = current_prepulled();
    c.create(Object::Deployment(web("web", 3, "nginx:1.24"))).unwrap();
    wait_complete(&mut c, "web");
    for image in ["nginx:1.25", "nginx:1.26"] {
        set_image(&mut c, "web", image);
        wait_complete(&mut c, "web");
    }
    let h = history(&c, "web");
    assert_eq!(h.iter().map(|x| x.0).collect::<Vec<_>>(), [1, 2, 3]);
    let rev2_name = h[1].1.clone();
    assert_eq!(get_dep(&c, "web").metadata.annotations.get(REVISION_ANNOTATION).map(String::as_str), Some("3"));

    assert_eq!(c.rollback("default", "web", 0), Ok(RollbackOutcome::RolledBack { to_revision: 2 }));
    wait_complete(&mut c, "web");
    let h = history(&c, "web");
    assert_eq!(h.iter().map(|x| x.0).collect::<Vec<_>>(), [1, 3, 4]);
    assert_eq!(h[2].1, rev2_name, "the undone RS keeps its name");
    let rs = c.get(Kind::ReplicaSet, "default", &rev2_name).and_then(Object::as_replica_set).unwrap();
    assert_eq!(rs.metadata.annotations.get(REVISION_HISTORY_ANNOTATION).map(String::as_str), Some("2"));
    assert_eq!(rs.replicas(), 3);
    let d = get_dep(&c, "web");
    assert_eq!(d.spec.template.spec.containers[0].image, "nginx:1.25");
    assert_eq!(d.metadata.annotations.get(REVISION_ANNOTATION).map(String::as_str), Some("4"));

    // A second plain undo targets revision 3 (nginx:1.26), which becomes revision 5.
    assert_eq!(c.rollback("default", "web", 0), Ok(RollbackOutcome::RolledBack { to_revision: 3 }));
    wait_complete(&mut c, "web");
    assert_eq!(history(&c, "web").iter().map(|x| x.0).collect::<Vec<_>>(), [1, 4, 5]);
    assert_eq!(get_dep(&c, "web").spec.template.spec.containers[0].image, "nginx:1.26");

    // Errors and skips.
    assert_eq!(c.rollback("default", "web", 5), Ok(RollbackOutcome::Skipped { revision: 5 }));
    assert_eq!(c.rollback("default", "web", 2), Err("unable to find specified revision 2 in history".to_string()));
    assert_eq!(c.rollback("default", "nope", 0), Err("deployments.apps \"nope\" not found".to_string()));
    c.create(Object::Deployment(web("fresh", 1, "nginx:1.24"))).unwrap();
    assert_eq!(c.rollback("default", "fresh", 0), Err("no rollout history found for deployment \"fresh\"".to_string()));
}

/// The change-cause of the target revision comes back with an undo.
#[test]
fn rollout_undo_restores_the_change_cause() {
    let mut c = current_prepulled();
    let mut d = web("web", 2, "nginx:1.24");
    d.metadata.annotations.insert(CHANGE_CAUSE_ANNOTATION.into(), "first".into());
    c.create(Object::Deployment(d)).unwrap();
    wait_complete(&mut c, "web");
    let mut d = get_dep(&c, "web");
    d.spec.template.spec.containers[0].image = "nginx:1.25".into();
    d.metadata.annotations.insert(CHANGE_CAUSE_ANNOTATION.into(), "second".into());
    c.update(Object::Deployment(d)).unwrap();
    wait_complete(&mut c, "web");
    let causes: Vec<Option<String>> = history(&c, "web")
        .iter()
        .map(|(_, n)| {
            c.get(Kind::ReplicaSet, "default", n).unwrap().meta().annotations.get(CHANGE_CAUSE_ANNOTATION).cloned()
        })
        .collect();
    assert_eq!(causes, [Some("first".to_string()), Some("second".to_string())]);
    c.rollback("default", "web", 0).unwrap();
    assert_eq!(get_dep(&c, "web").metadata.annotations.get(CHANGE_CAUSE_ANNOTATION).map(String::as_str), Some("first"));
}

/// revisionHistoryLimit 2: after five rollouts only the two newest old RSs (and the new one)
/// are left.
#[test]
fn revision_history_limit_cleans_up_old_replica_sets() {
    let mut c = current_prepulled();
    let mut d = web("web", 2, "nginx:1.20");
    d.spec.revision_history_limit = Some(2);
    c.create(Object::Deployment(d)).unwrap();
    wait_complete(&mut c, "web");
    for minor in 21..=25 {
        set_image(&mut c, "web", &format!("nginx:1.{minor}"));
        wait_complete(&mut c, "web");
        c.run_for(SimDuration::from_secs(2));
        let revs: Vec<i64> = history(&c, "web").iter().map(|x| x.0).collect();
        let newest = minor - 19;
        let want: Vec<i64> = ((newest - 2).max(1)..=newest).collect();
        assert_eq!(revs, want, "after rolling to nginx:1.{minor}");
    }
    // No orphaned pods of deleted RSs are left behind.
    c.run_for(SimDuration::from_secs(40));
    let live: Vec<String> = owned_rss(&c, "web").iter().map(|r| r.metadata.uid.clone()).collect();
    for p in c.pods().filter(|p| p.metadata.ns() == "default") {
        assert!(p.metadata.controller_ref().is_some_and(|o| live.contains(&o.uid)), "{}", p.metadata.name);
    }
}

/// Scaling mid-rollout is proportional (§1.7), end to end: d=10 stuck at old 8 / new 5, scaled to
/// 15 -> old 11, new 7 (int surge 3, unavailable 2).
#[test]
fn scaling_a_stuck_rollout_is_proportional() {
    let mut r = start_rollout(current_prepulled(), "web", 10, rolling_strategy(int(3), int(2)), BAD_IMAGE);
    r.cluster.run_for(SimDuration::from_secs(30));
    assert_eq!((size(&r.cluster, &r.old_rs), size(&r.cluster, &r.new_rs)), (8, 5));
    let since = r.cluster.now();
    let mut d = get_dep(&r.cluster, "web");
    d.spec.replicas = Some(15);
    r.cluster.update(Object::Deployment(d)).unwrap();
    r.cluster.run_for(SimDuration::from_secs(30));
    assert_eq!((size(&r.cluster, &r.old_rs), size(&r.cluster, &r.new_rs)), (11, 7));
    let got: Vec<String> = scaling_events(&r.cluster, "web", since).into_iter().map(|e| e.1).collect();
    assert_eq!(
        got,
        [
            format!("Scaled up replica set {} to 11 from 8", r.old_rs),
            format!("Scaled up replica set {} to 7 from 5", r.new_rs)
        ]
    );
}

/// §1.3 / §1.8: paused deployments do not roll out; pausing and resuming set the Progressing
/// condition.
#[test]
fn paused_deployment_does_not_roll_out() {
    let mut c = current_prepulled();
    c.create(Object::Deployment(web("web", 2, OLD_IMAGE))).unwrap();
    wait_complete(&mut c, "web");
    let mut d = get_dep(&c, "web");
    d.spec.paused = Some(true);
    d.spec.template.spec.containers[0].image = NEW_IMAGE.into();
    c.update(Object::Deployment(d)).unwrap();
    c.run_for(SimDuration::from_secs(20));
    assert_eq!(owned_rss(&c, "web").len(), 1, "no new RS while paused");
    let cond = get_dep(&c, "web").condition("Progressing").cloned().unwrap();
    assert_eq!(
        (&*cond.status, cond.reason.as_str(), cond.message.as_str()),
        ("Unknown", "DeploymentPaused", "Deployment is paused")
    );
    assert_eq!(
        c.rollback("default", "web", 0).unwrap_err(),
        "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"
    );
    let mut d = get_dep(&c, "web");
    d.spec.paused = None;
    c.update(Object::Deployment(d)).unwrap();
    wait_complete(&mut c, "web");
    assert_eq!(owned_rss(&c, "web").len(), 2);
}
