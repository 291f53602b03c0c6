//! The Argo CD-like agent through the cluster's public API: install, an Application over a
//! repository of the Git host, refresh by poll and webhook, sync, self-heal, prune, and the
//! property that the cluster follows Git.

use kubelab_sim::api::application::{Application, API_VERSION, IN_CLUSTER};
use kubelab_sim::api::*;
use kubelab_sim::argocd::Operation;
use kubelab_sim::{Cluster, ClusterConfig, SimDuration};
use proptest::prelude::*;
use serde_json::{json, Value};

const REPO: &str = "https://git.lab/team/app-config.git";

/// The tests' decoder: one JSON document per file.
fn json_decoder(text: &str, source: &str) -> Result<Vec<Value>, String> {
    serde_json::from_str(text).map(|v| vec![v]).map_err(|e| format!("error parsing {source}: {e}"))
}

fn deployment_json(replicas: i64, image: &str) -> String {
    json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "web", "image": image}]}}}})
    .to_string()
}

fn service_json(name: &str) -> String {
    json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name},
        "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}})
    .to_string()
}

/// A cluster with Argo CD installed and running.
fn installed() -> Cluster {
    let mut c = Cluster::new(ClusterConfig::current(3));
    c.set_manifest_decoder(json_decoder);
    let mut ns = Namespace::default();
    ns.metadata.name = "argocd".into();
    c.create(Object::Namespace(ns)).expect("namespace");
    assert!(c.install_argocd("argocd").iter().all(|r| matches!(r, Ok(true))));
    assert!(c.run_until(SimDuration::from_secs(300), |c| c.argocd_ready()), "the agent's pod became Ready");
    c
}

fn push(c: &mut Cluster, files: &[(&str, String)], message: &str) -> String {
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    c.git_write(|forge, now| forge.put_files(REPO, "main", &files, "dev", message, now))
}

fn create_app(c: &mut Cluster, automated: Option<(bool, bool)>) {
    let mut spec = json!({"project": "default",
        "source": {"repoURL": REPO, "path": "k8s", "targetRevision": "HEAD"},
        "destination": {"server": IN_CLUSTER, "namespace": "default"}});
    if let Some((prune, heal)) = automated {
        spec["syncPolicy"] = json!({"automated": {"prune": prune, "selfHeal": heal}});
    }
    let v = json!({"apiVersion": API_VERSION, "kind": "Application",
        "metadata": {"name": "web", "namespace": "argocd"}, "spec": spec});
    let o: Opaque = serde_json::from_value(v).expect("opaque");
    c.create(Object::Opaque(Kind::Application, o)).expect("app");
}

fn app(c: &Cluster) -> Application {
    Application::from_object(c.get(Kind::Application, "argocd", "web").expect("app")).expect("typed")
}

fn live_replicas(c: &Cluster) -> Option<i64> {
    c.get(Kind::Deployment, "default", "web").and_then(Object::as_deployment).and_then(|d| d.spec.replicas)
}

#[test]
fn manual_sync_then_polling_and_webhooks() {
    let mut c = installed();
    let first = push(
        &mut c,
        &[("k8s/deploy.json", deployment_json(2, "nginx:1.25")), ("k8s/svc.json", service_json("web"))],
        "one",
    );
    create_app(&mut c, None);
    let a = app(&c);
    assert_eq!((a.status.sync.status.as_str(), a.status.health.status.as_str()), ("OutOfSync", "Missing"));
    assert_eq!(a.status.sync.revision, first);
    assert_eq!(a.status.resources.len(), 2);
    assert!(c.argocd_operate("web", Operation::default()).expect("sync"));
    let a = app(&c);
    assert_eq!(a.status.sync.status, "Synced", "{:#?}", a.status);
    assert_eq!(a.status.operation_state.as_ref().map(|o| o.phase.as_str()), Some("Succeeded"));
    assert_eq!(a.status.history.len(), 1);
    assert!(c.run_until(SimDuration::from_secs(120), |c| app(c).status.health.status == "Healthy"));
    // A push (webhook) is seen at once; without auto-sync the app is OutOfSync.
    let second = push(
        &mut c,
        &[("k8s/deploy.json", deployment_json(3, "nginx:1.25")), ("k8s/svc.json", service_json("web"))],
        "two",
    );
    let a = app(&c);
    assert_eq!((a.status.sync.status.as_str(), a.status.sync.revision.as_str()), ("OutOfSync", second.as_str()));
    assert_eq!(live_replicas(&c), Some(2));
    // An unknown path: Unknown with a ComparisonError.
    let mut broken = app(&c);
    broken.spec.source.path = "nope".into();
    c.update(broken.into_object()).expect("update");
    let a = app(&c);
    assert_eq!(a.status.sync.status, "Unknown");
    assert!(
        a.status.conditions.iter().any(|k| k.type_ == "ComparisonError" && k.message.contains("nope")),
        "{:?}",
        a.status.conditions
    );
}

#[test]
fn automated_sync_self_heal_and_prune() {
    let mut c = installed();
    push(
        &mut c,
        &[("k8s/deploy.json", deployment_json(2, "nginx:1.25")), ("k8s/svc.json", service_json("web"))],
        "one",
    );
    create_app(&mut c, Some((false, true)));
    assert_eq!(app(&c).status.sync.status, "Synced", "auto-synced at once");
    assert!(c.run_until(SimDuration::from_secs(120), |c| app(c).status.health.status == "Healthy"));
    // Drift: scaled by hand, reverted 5 s later.
    let mut d = c.get(Kind::Deployment, "default", "web").and_then(Object::as_deployment).cloned().expect("deploy");
    d.spec.replicas = Some(5);
    c.update(Object::Deployment(d)).expect("scale");
    assert_eq!(app(&c).status.sync.status, "OutOfSync");
    let t = c.now();
    assert!(c.run_until(SimDuration::from_secs(30), |c| live_replicas(c) == Some(2)));
    assert_eq!(c.now().since(t), SimDuration::from_secs(5));
    // The Service leaves Git: without prune it stays, OutOfSync and requiring pruning.
    push(&mut c, &[("k8s/deploy.json", deployment_json(2, "nginx:1.25"))], "drop svc");
    assert!(c.get(Kind::Service, "default", "web").is_some());
    let a = app(&c);
    assert_eq!(a.status.sync.status, "OutOfSync");
    assert!(a.status.resources.iter().any(|r| r.kind == "Service" && r.requires_pruning));
    // With prune on, a sync deletes it.
    let mut a = app(&c);
    a.spec.sync_policy = Some(kubelab_sim::api::application::SyncPolicy {
        automated: Some(kubelab_sim::api::application::Automated {
            prune: Some(true),
            self_heal: Some(true),
            enabled: None,
        }),
        ..Default::default()
    });
    c.update(a.into_object()).expect("update");
    c.run_for(SimDuration::from_secs(10));
    assert!(c.get(Kind::Service, "default", "web").is_none());
    assert_eq!(app(&c).status.sync.status, "Synced");
}

#[test]
fn rollback_to_a_revision_of_the_history() {
    let mut c = installed();
    push(&mut c, &[("k8s/deploy.json", deployment_json(1, "nginx:1.25"))], "one");
    create_app(&mut c, None);
    c.argocd_operate("web", Operation::default()).expect("sync");
    push(&mut c, &[("k8s/deploy.json", deployment_json(4, "nginx:1.25"))], "two");
    c.argocd_operate("web", Operation::default()).expect("sync");
    assert_eq!(live_replicas(&c), Some(4));
    let first = app(&c).status.history[0].revision.clone();
    c.argocd_operate("web", Operation { revision: Some(first), rollback_id: Some(0), prune: false }).expect("rollback");
    assert_eq!(live_replicas(&c), Some(1));
    assert_eq!(app(&c).status.sync.status, "OutOfSync");
    assert_eq!(app(&c).status.history.len(), 3);
}

#[derive(Clone, Debug)]
enum Change {
    Replicas(i64),
    Image(u8),
    DropService,
    AddService,
    Scale(i64),
    DeleteDeployment,
    Wait(u64),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (1i64..4).prop_map(Change::Replicas),
        (0u8..3).prop_map(Change::Image),
        Just(Change::DropService),
        Just(Change::AddService),
        (0i64..6).prop_map(Change::Scale),
        Just(Change::DeleteDeployment),
        (1u64..200).prop_map(Change::Wait),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// With auto-sync and selfHeal on (prune off), the live objects match the head of `main`
    /// within two poll intervals of the last change, and nothing Git removed is deleted.
    #[test]
    fn the_cluster_follows_git(changes in proptest::collection::vec(change(), 1..8), webhooks in any::<bool>()) {
        let mut c = installed();
        c.set_argocd_webhooks(webhooks);
        let (mut replicas, mut image, mut svc) = (2i64, 0u8, true);
        let files = |r: i64, i: u8, s: bool| {
            let mut f = vec![("k8s/deploy.json", deployment_json(r, &format!("nginx:1.2{}", 4 + i)))];
            if s {
                f.push(("k8s/svc.json", service_json("web")));
            }
            f
        };
        push(&mut c, &files(replicas, image, svc), "start");
        create_app(&mut c, Some((false, true)));
        let mut ever_service = true;
        for ch in changes {
            match ch {
                Change::Replicas(r) => replicas = r,
                Change::Image(i) => image = i,
                Change::DropService => svc = false,
                Change::AddService => { svc = true; ever_service = true; }
                Change::Scale(r) => {
                    if let Some(mut d) = c.get(Kind::Deployment, "default", "web").and_then(Object::as_deployment).cloned() {
                        d.spec.replicas = Some(r);
                        let _ = c.update(Object::Deployment(d));
                    }
                    continue;
                }
                Change::DeleteDeployment => {
                    let _ = c.delete(Kind::Deployment, "default", "web", Default::default());
                    continue;
                }
                Change::Wait(s) => { c.run_for(SimDuration::from_secs(s)); continue; }
            }
            push(&mut c, &files(replicas, image, svc), "change");
        }
        c.run_for(SimDuration::from_secs(2 * 180));
        let d = c.get(Kind::Deployment, "default", "web").and_then(Object::as_deployment).cloned();
        prop_assert!(d.is_some(), "the deployment is back");
        let d = d.unwrap_or_default();
        prop_assert_eq!(d.spec.replicas, Some(replicas));
        prop_assert_eq!(d.spec.template.spec.containers[0].image.clone(), format!("nginx:1.2{}", 4 + image));
        if ever_service {
            prop_assert!(c.get(Kind::Service, "default", "web").is_some(), "not pruned");
        }
        let a = app(&c);
        prop_assert_eq!(a.status.sync.revision, c.git().checkout(REPO, "main", "k8s").map(|x| x.sha).unwrap_or_default());
    }
}

/// Simulated seconds from a push to Synced and Healthy with auto-sync: through the webhook the
/// agent syncs in the push's instant and the rollout takes the rest; without it the push waits
/// for the next poll (120 s + up to 60 s after the last refresh).
#[test]
fn time_from_a_push_to_synced_and_healthy() {
    let measure = |webhooks: bool| {
        let mut c = installed();
        c.set_argocd_webhooks(webhooks);
        push(&mut c, &[("k8s/deploy.json", deployment_json(2, "nginx:1.25"))], "one");
        create_app(&mut c, Some((false, true)));
        assert!(c.run_until(SimDuration::from_secs(120), |c| app(c).status.health.status == "Healthy"));
        let sha = push(&mut c, &[("k8s/deploy.json", deployment_json(2, "nginx:1.26"))], "two");
        let t = c.now();
        let done = c.run_until(SimDuration::from_secs(400), |c| {
            let a = app(c);
            a.status.sync.revision == sha && a.status.sync.status == "Synced" && a.status.health.status == "Healthy"
        });
        assert!(done, "synced and healthy");
        c.now().since(t).as_millis() / 1000
    };
    let (hook, poll) = (measure(true), measure(false));
    eprintln!("push to Synced+Healthy: webhook {hook} s, poll {poll} s");
    assert!(hook <= 30, "webhook: {hook} s");
    assert!((hook..=180 + 30).contains(&poll) && poll > hook, "poll: {poll} s");
}

/// `status.history` keeps the last 10 syncs (`revisionHistoryLimit`'s default), ids counting on.
#[test]
fn the_history_keeps_ten_entries() {
    let mut c = installed();
    create_app(&mut c, None);
    for i in 0..12 {
        push(&mut c, &[("k8s/deploy.json", deployment_json(1 + i % 3, "nginx:1.25"))], "change");
        c.argocd_operate("web", Operation::default()).expect("sync");
    }
    let ids: Vec<i64> = app(&c).status.history.iter().map(|h| h.id).collect();
    assert_eq!(ids, (2..12).collect::<Vec<i64>>());
}
