//! The runner end to end on a cluster, with workflow and `app.yaml` files written as JSON (no
//! YAML reader in the simulator's tests).

use super::*;
use crate::{Cluster, ClusterConfig, SimDuration};
use serde_json::json;

const APP: &str = "https://git.lab/team/my-app.git";
const CONFIG: &str = "https://git.lab/team/app-config.git";

fn workflow(extra_publish: &[&str]) -> String {
    let mut publish =
        vec![json!({"run": "docker push $IMAGE:${GITHUB_SHA::7}"}), json!({"run": "gh pr create --fill"})];
    publish.extend(extra_publish.iter().map(|r| json!({"run": r})));
    json!({
        "name": "CI",
        "on": {"push": {"branches": ["main"]}},
        "env": {"IMAGE": "registry.lab/my-app", "CONFIG_REPO": "team/app-config"},
        "jobs": {
            "test": {"steps": [{"uses": "actions/checkout@v4"}, {"run": "make test"}]},
            "build": {"needs": "test", "steps": [{"run": "docker build -t $IMAGE:${GITHUB_SHA::7} ."}]},
            "scan": {"needs": "build", "steps": [{"run": "trivy image --exit-code 1 --severity HIGH,CRITICAL $IMAGE:${GITHUB_SHA::7}"}]},
            "publish": {"needs": "scan", "steps": publish}
        }
    })
    .to_string()
}

fn app_yaml(errors: u32) -> String {
    json!({
        "name": "my-app",
        "image": {"errors": {"percent": errors, "status": 500}},
        "tests": [{"name": "TestGreeting", "file": "greeting.txt", "contains": "Hello"}]
    })
    .to_string()
}

fn cluster(stepping: bool) -> Cluster {
    let config = ClusterConfig::current(7);
    let mut c = if stepping { Cluster::new_stepping(config) } else { Cluster::new(config) };
    c.git_write(|f, now| {
        f.put_files(
            CONFIG,
            "main",
            &[("k8s/deployment.yaml", "image: registry.lab/my-app:v1.0.0\n")],
            "Alex <alex@lab.local>",
            "init",
            now,
        );
    });
    c
}

fn push(c: &mut Cluster, greeting: &str, base: &str, errors: u32, wf: &str) -> String {
    let app = app_yaml(errors);
    let docker = format!("FROM {base}\nCOPY . /app\n");
    let files = [
        (".github/workflows/ci.yaml", wf),
        ("app.yaml", app.as_str()),
        ("Dockerfile", docker.as_str()),
        ("greeting.txt", greeting),
    ];
    c.git_write(|f, now| f.put_files(APP, "main", &files, "Student <student@lab.local>", "Change the greeting", now))
}

#[test]
fn a_green_run_publishes_the_image_and_opens_the_bump_pull_request() {
    let mut c = cluster(false);
    let sha = push(&mut c, "Hello, world\n", "alpine:3.20", 0, &workflow(&[]));
    let run = c.pipeline_runs().last().cloned().expect("a run");
    assert_eq!((run.id, run.result, run.workflow.as_str()), (1, RunResult::Queued, "CI"));
    let names: Vec<&str> = run.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["test", "build", "scan", "publish"]);
    c.run_for(SimDuration::from_secs(300));
    let run = c.pipeline_runs().last().cloned().expect("a run");
    assert_eq!(run.result, RunResult::Success, "{run:#?}");
    let tag = &sha[..7];
    assert_eq!(run.image.as_deref(), Some(format!("registry.lab/my-app:{tag}").as_str()));
    assert!(c.registry().get(&format!("registry.lab/my-app:{tag}")).is_some());
    assert!(c.image(&format!("registry.lab/my-app:{tag}")).pullable());
    assert!(c.image("registry.lab/my-app:v1.0.0").pullable(), "the chapter's releases stay");
    assert!(!c.image("registry.lab/my-app:0000000").pullable());
    let pr = run.pr.expect("a pull request");
    let host = c.git().repo(CONFIG).expect("config repo");
    let pull = host.pulls.iter().find(|p| p.number == pr).expect("the pull request");
    assert_eq!(pull.author, BOT);
    let head = c.git().checkout(CONFIG, &pull.head, "k8s").expect("head");
    assert_eq!(head.files[0].1, format!("image: registry.lab/my-app:{tag}\n"));
    // Stages in order, each starting after the one before ended.
    for w in run.stages.windows(2) {
        assert!(w[0].finished.expect("finished") < w[1].started.expect("started"));
    }
    let creds = c.credentials();
    assert!(creds.iter().any(|k| k.holder == "CI pipeline" && k.kind == CredentialKind::RegistryWrite));
    assert!(!creds.iter().any(|k| k.holder == "CI pipeline" && k.kind == CredentialKind::ClusterAdmin));
}

#[test]
fn a_failing_test_stops_the_run() {
    let mut c = cluster(false);
    push(&mut c, "Hi\n", "alpine:3.20", 0, &workflow(&[]));
    c.run_for(SimDuration::from_secs(300));
    let run = c.pipeline_runs().last().cloned().expect("a run");
    assert_eq!(run.result, RunResult::Failure);
    let states: Vec<StageState> = run.stages.iter().map(|s| s.state).collect();
    assert_eq!(states, [StageState::Failed, StageState::Skipped, StageState::Skipped, StageState::Skipped]);
    assert!(run.stages[0].log.iter().any(|l| l.text == "--- FAIL: TestGreeting (0.00s)"));
    assert!(c.registry().is_empty() && run.pr.is_none());
}

#[test]
fn a_vulnerable_base_image_fails_the_scan() {
    let mut c = cluster(false);
    push(&mut c, "Hello\n", "alpine:3.16", 0, &workflow(&[]));
    c.run_for(SimDuration::from_secs(300));
    let run = c.pipeline_runs().last().cloned().expect("a run");
    let states: Vec<StageState> = run.stages.iter().map(|s| s.state).collect();
    assert_eq!(states, [StageState::Succeeded, StageState::Succeeded, StageState::Failed, StageState::Skipped]);
    assert!(run.stages[2].log.iter().any(|l| l.text.contains("CVE-2022-37434")));
}

#[test]
fn kubectl_without_a_kubeconfig_is_refused() {
    let mut c = cluster(false);
    push(
        &mut c,
        "Hello\n",
        "alpine:3.20",
        0,
        &workflow(&["kubectl set image deployment/my-app app=$IMAGE:${GITHUB_SHA::7}"]),
    );
    c.run_for(SimDuration::from_secs(300));
    let run = c.pipeline_runs().last().cloned().expect("a run");
    assert_eq!(run.result, RunResult::Failure);
    let publish = &run.stages[3];
    assert!(publish.log.iter().any(|l| l.text.starts_with("The connection to the server localhost:8080 was refused")));
    // The image was pushed and the pull request opened before the refused step.
    assert!(run.image.is_some() && run.pr.is_some());
}

#[test]
fn skipping_idle_seconds_equals_stepping_through_a_run() {
    let mut skip = cluster(false);
    let mut step = cluster(true);
    for c in [&mut skip, &mut step] {
        push(c, "Hello\n", "alpine:3.20", 0, &workflow(&[]));
        c.run_for(SimDuration::from_secs(200));
    }
    assert_eq!(serde_json::to_string(&skip).ok(), serde_json::to_string(&step).ok());
}

#[test]
fn skip_ci_and_other_branches_start_nothing() {
    let mut c = cluster(false);
    let wf = workflow(&[]);
    c.git_write(|f, now| {
        f.put_files(APP, "main", &[(".github/workflows/ci.yaml", wf.as_str())], "a", "init [skip ci]", now)
    });
    c.git_write(|f, now| f.put_files(APP, "feature", &[(".github/workflows/ci.yaml", wf.as_str())], "a", "wip", now));
    assert!(c.pipeline_runs().is_empty());
    c.git_write(|f, now| f.put_files(APP, "main", &[(".github/workflows/ci.yaml", "{")], "a", "broken", now));
    let run = c.pipeline_runs().last().expect("a run");
    assert_eq!(run.result, RunResult::Failure);
    assert!(run.error.as_deref().is_some_and(|e| e.starts_with("Invalid workflow file: .github/workflows/ci.yaml")));
}

#[test]
fn the_push_model_deploys_with_the_pipelines_cluster_credential() {
    let mut c = cluster(false);
    let mut d =
        crate::api::Deployment { api_version: "apps/v1".into(), kind: "Deployment".into(), ..Default::default() };
    d.metadata.name = "my-app".into();
    d.metadata.namespace = Some("default".into());
    let labels: crate::api::Labels = [("app".to_string(), "my-app".to_string())].into_iter().collect();
    d.spec.selector = Some(crate::api::LabelSelector { match_labels: labels.clone(), match_expressions: vec![] });
    d.spec.template.metadata.labels = labels.into();
    d.spec.template.spec.containers.push(crate::api::Container {
        name: "my-app".into(),
        image: "registry.lab/my-app:v1.0.0".into(),
        ..Default::default()
    });
    c.create(crate::api::Object::Deployment(d)).expect("deployment");
    let mut wf: serde_json::Value = serde_json::from_str(&workflow(&[])).expect("json");
    wf["jobs"]["deploy"] = json!({
        "needs": "publish",
        "env": {"KUBECONFIG": "${{ secrets.KUBECONFIG }}"},
        "steps": [{"run": "kubectl set image deployment/my-app my-app=$IMAGE:${GITHUB_SHA::7}"}]
    });
    let sha = push(&mut c, "Hello\n", "alpine:3.20", 0, &wf.to_string());
    c.run_for(SimDuration::from_secs(400));
    let run = c.pipeline_runs().last().cloned().expect("a run");
    assert_eq!(run.result, RunResult::Success, "{:#?}", run.stages.last());
    let image = c
        .get(crate::api::Kind::Deployment, "default", "my-app")
        .and_then(|o| match o {
            crate::api::Object::Deployment(d) => d.spec.template.spec.containers.first().map(|c| c.image.clone()),
            _ => None,
        })
        .unwrap_or_default();
    assert_eq!(image, format!("registry.lab/my-app:{}", &sha[..7]));
    let creds = c.credentials();
    let admin = creds
        .iter()
        .find(|k| k.holder == "CI pipeline" && k.kind == CredentialKind::ClusterAdmin)
        .expect("CI holds cluster-admin");
    assert!(admin.outside_cluster && admin.stored.contains("KUBECONFIG"));
}

/// Helpers the property test shares.
pub(super) mod support {
    use super::*;

    pub(crate) fn cluster_with_config(seed: u64) -> Cluster {
        let mut c = Cluster::new(ClusterConfig::current(seed));
        c.git_write(|f, now| {
            f.put_files(CONFIG, "main", &[("k8s/d.yaml", "image: registry.lab/my-app:v1\n")], "a", "init", now);
        });
        c
    }

    /// 0 green, 1 failing test, 2 vulnerable base, 3 kubectl refused.
    pub(crate) fn push_kind(c: &mut Cluster, kind: u8, i: usize) {
        let greeting = if kind == 1 { format!("Bye {i}\n") } else { format!("Hello {i}\n") };
        let base = if kind == 2 { "debian:7" } else { "alpine:3.20" };
        let extra: &[&str] = if kind == 3 { &["kubectl get pods"] } else { &[] };
        push(c, &greeting, base, 0, &workflow(extra));
    }
}
