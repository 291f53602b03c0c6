//! The GitOps view on the GitOps playground: a change proposed by pull request travels from the
//! commit to traffic on the new version, each arrow lit from the simulation's state; the merge
//! button's reason while protection blocks it; the commit graph's lanes; the credential table.

use super::*;
use crate::exercises::{self, ExerciseId};
use kubelab_lab::Session;

fn playground() -> Session {
    let id =
        ExerciseId::ALL.into_iter().find(|e| e.key() == "gitops-playground").expect("the GitOps playground is shipped");
    exercises::new_session(id)
}

fn run(s: &mut Session, lines: &[&str]) {
    for l in lines {
        let _ = s.run(l);
    }
}

fn states(v: &GitOpsView) -> Vec<(&'static str, StepState)> {
    v.chain.steps.iter().map(|s| (s.id, s.state)).collect()
}

fn state_of(v: &GitOpsView, id: &str) -> StepState {
    v.chain.steps.iter().find(|s| s.id == id).map(|s| s.state).unwrap_or_default()
}

#[test]
fn after_setup_the_first_commit_is_synced_healthy_and_serving() {
    let s = playground();
    let v = gitops_view(s.cluster());
    assert!(v.relevant);
    assert_eq!(v.repos.len(), 2, "the configuration and the application");
    let g = &v.repos[0];
    assert_eq!((g.name.as_str(), g.lanes, g.rows.len(), g.protected), ("team/app-config", 1, 1, true));
    assert_eq!(g.rows[0].branches, vec!["main".to_string()]);
    assert_eq!(g.rows[0].subject, "my-app v1.0.0, two replicas");
    assert_eq!(v.repos[1].name, "team/my-app");
    assert!(v.pulls.is_empty());
    let app = &v.apps[0];
    assert_eq!((app.name.as_str(), app.sync.as_str(), app.health.as_str()), ("my-app", "Synced", "Healthy"));
    assert_eq!(app.policy, "Automated (self-heal, prune)");
    assert_eq!(app.revision, g.rows[0].short);
    let kinds: Vec<(&str, &str)> = app.nodes.iter().map(|n| (n.kind.as_str(), n.name.as_str())).collect();
    assert_eq!(kinds, vec![("Deployment", "my-app"), ("Service", "my-app")]);
    let dep = &app.nodes[0];
    assert_eq!(dep.sync.as_deref(), Some("Synced"));
    assert_eq!(dep.children.len(), 1, "one ReplicaSet");
    let rs = &dep.children[0];
    assert_eq!((rs.kind.as_str(), rs.sync.as_deref(), rs.health.as_deref()), ("ReplicaSet", None, Some("Healthy")));
    assert!(rs.info.contains("rev:1") && rs.info.contains("registry.lab/my-app:v1.0.0"), "{}", rs.info);
    assert_eq!(rs.children.len(), 2, "two pods");
    assert!(rs.children.iter().all(|p| p.kind == "Pod" && p.health.as_deref() == Some("Healthy")));
    use StepState::*;
    assert_eq!(
        states(&v),
        vec![
            ("commit", Done),
            ("pipeline", Off),
            ("image", Off),
            ("pr", Off),
            ("merge", Off),
            ("webhook", Done),
            ("sync", Done),
            ("rollout", Done),
            ("traffic", Done)
        ],
        "{:#?}",
        v.chain
    );
}

#[test]
fn a_pull_request_travels_to_traffic_on_the_new_version() {
    let mut s = playground();
    run(
        &mut s,
        &[
            "cd ~/app-config",
            "git checkout -b v2",
            "sed -i 's/v1.0.0/v2.0.0/' k8s/deployment.yaml",
            "git add k8s/deployment.yaml",
            "git commit -m \"my-app v2.0.0\"",
            "git push -u origin v2",
        ],
    );
    let v = gitops_view(s.cluster());
    assert_eq!(state_of(&v, "commit"), StepState::Done);
    assert_eq!(state_of(&v, "pr"), StepState::Waiting, "{:#?}", v.chain);
    let g = &v.repos[0];
    assert_eq!(g.rows.len(), 2);
    assert_eq!(g.rows[0].branches, vec!["v2".to_string()]);
    assert_eq!(g.rows[1].branches, vec!["main".to_string()]);
    run(&mut s, &["gh pr create --title \"my-app v2.0.0\" --body \"Release v2\""]);
    let v = gitops_view(s.cluster());
    assert_eq!(v.pulls.len(), 1);
    let p = &v.pulls[0];
    assert_eq!((p.number, p.head.as_str(), p.additions, p.deletions), (1, "v2", 1, 1));
    assert!(
        p.diff.iter().any(|l| l.kind == DiffKind::Added && l.text == "+        image: registry.lab/my-app:v2.0.0"),
        "{:?}",
        p.diff
    );
    assert!(p
        .diff
        .iter()
        .any(|l| l.kind == DiffKind::Removed && l.text == "-        image: registry.lab/my-app:v1.0.0"));
    assert!(p.diff.iter().any(|l| l.kind == DiffKind::Hunk && l.text.starts_with("@@ -")));
    let why = p.merge.clone().expect_err("blocked until alex approves");
    assert!(why.starts_with("Review required: main is protected. alex approves at "), "{why}");
    assert_eq!(state_of(&v, "pr"), StepState::Done);
    assert_eq!(state_of(&v, "merge"), StepState::Waiting);
    run(&mut s, &["sleep 60"]);
    let v = gitops_view(s.cluster());
    let cmd = v.pulls[0].merge.clone().expect("approved: the button merges");
    assert_eq!(cmd, "gh pr merge 1 --merge -R team/app-config");
    assert_eq!(v.pulls[0].approvals, vec!["alex".to_string()]);
    run(&mut s, &[cmd.as_str()]);
    let v = gitops_view(s.cluster());
    assert!(v.pulls.is_empty());
    for id in ["commit", "pr", "merge", "webhook", "sync"] {
        assert_eq!(state_of(&v, id), StepState::Done, "{id}: {:#?}", v.chain);
    }
    assert_eq!(state_of(&v, "rollout"), StepState::Active, "the rollout starts in the merge's instant");
    let g = &v.repos[0];
    assert_eq!(g.lanes, 2, "the branch's commit on its own lane");
    assert!(g.rows[0].subject.starts_with("Merge pull request #1"), "{:?}", g.rows[0]);
    assert_eq!(g.rows[0].bottom.len(), 2, "a merge has two parents: {:?}", g.rows[0]);
    let app = &v.apps[0];
    assert_eq!(app.revision, g.rows[0].short);
    run(&mut s, &["sleep 40"]);
    let v = gitops_view(s.cluster());
    assert_eq!(state_of(&v, "rollout"), StepState::Done, "{:#?}", v.chain);
    let traffic = v.chain.steps.iter().find(|s| s.id == "traffic").cloned().unwrap_or_default();
    assert_eq!(traffic.state, StepState::Done, "{traffic:?}");
    assert!(traffic.detail.contains("on registry.lab/my-app:v2.0.0"), "{traffic:?}");
    let dep = &v.apps[0].nodes[0];
    assert_eq!(dep.children.len(), 2, "the new and the old ReplicaSet");
    assert!(dep.children[0].info.contains("rev:2") && dep.children[0].children.len() == 2);
    assert!(dep.children[1].children.is_empty(), "the old one scaled to zero");
}

#[test]
fn lanes_of_a_graph_with_two_branches_and_a_merge() {
    use kubelab_sim::git::forge::HostRepo;
    use kubelab_sim::git::Signature;
    let mut host = HostRepo { default_branch: "main".into(), ..HostRepo::default() };
    let r = &mut host.repo;
    let who = |t| Signature::parse("A <a@lab.local>", t);
    let files = |a: &str| [("a".to_string(), format!("{a}\n"))].into_iter().collect();
    let one = r.make_commit(vec![], &files("1"), who(0), who(0), "one");
    let two = r.make_commit(vec![one.clone()], &files("2"), who(10), who(10), "two");
    let three = r.make_commit(vec![one.clone()], &files("3"), who(20), who(20), "three");
    r.branches.insert("main".into(), three.clone());
    r.branches.insert("feature".into(), two.clone());
    let g = graph("https://git.lab/team/x.git", &host);
    let lanes: Vec<(usize, &str)> = g.rows.iter().map(|r| (r.lane, r.subject.as_str())).collect();
    // feature starts from main's first commit: its lane joins main's there.
    assert_eq!(lanes, vec![(0, "three"), (1, "two"), (0, "one")]);
    assert_eq!((g.lanes, g.name.as_str()), (2, "team/x"));
    assert_eq!(g.rows[1].top, vec![(0, 0)], "main's line passes the feature's commit");
    assert_eq!(g.rows[1].bottom, vec![(0, 0), (1, 0)], "the lanes join towards the common parent");
    assert_eq!(g.rows[2].top, vec![(0, 0)]);
    assert!(g.rows[2].bottom.is_empty(), "the root commit");
    // A merge of feature into main: two parents, two lines down.
    let merge = r_merge(&mut host, &three, &two);
    let g = graph("https://git.lab/team/x.git", &host);
    assert_eq!(g.rows[0].sha, merge);
    assert_eq!(g.rows[0].bottom, vec![(0, 0), (0, 1)]);
    assert_eq!(g.rows[0].branches, vec!["main".to_string()]);
}

fn r_merge(host: &mut HostRepo, ours: &str, theirs: &str) -> String {
    use kubelab_sim::git::Signature;
    let who = Signature::parse("A <a@lab.local>", 30);
    let files = host.repo.files_at(theirs);
    let m = host.repo.make_commit(vec![ours.to_string(), theirs.to_string()], &files, who.clone(), who, "merge");
    host.repo.branches.insert("main".into(), m.clone());
    host.repo.branches.remove("feature");
    m
}

#[test]
fn the_credential_table_comes_from_the_cluster() {
    let s = playground();
    let rows = credentials(s.cluster());
    let find = |holder: &str, c: &str| {
        rows.iter().find(|r| r.component == holder && r.credential.contains(c)).cloned().unwrap_or_default()
    };
    let argo = find("Argo CD application-controller", "write cluster");
    assert_eq!(argo.place, "inside the cluster", "{rows:#?}");
    assert!(argo.credential.contains("argocd/argocd-application-controller"), "{argo:?}");
    let read = find("Argo CD application-controller", "read config repo");
    assert_eq!(read.reaches, "https://git.lab/team/app-config.git");
    assert_eq!(find("student", "write code").place, "outside the cluster");
    let access = cluster_access(&rows);
    assert!(access.contains(&("Argo CD application-controller".to_string(), true)), "{access:?}");
    assert!(access.contains(&("student".to_string(), true)));
    assert!(!access.iter().any(|(h, _)| h == "CI pipeline"), "no run yet: {access:?}");
    let v = gitops_view(s.cluster());
    assert!(v.runs.is_empty() && v.tags.is_empty());
    assert_eq!(v.chain.steps[1].detail, "no pipeline run");
}

#[test]
fn a_push_to_the_application_runs_the_pipeline_whose_pull_request_carries_it() {
    let mut s = playground();
    run(
        &mut s,
        &[
            "cd ~/my-app",
            "sed -i 's/Hello from my-app/Hello from my-app, version two/' greeting.txt",
            "git commit -am \"Say which version\"",
            "git push",
        ],
    );
    let v = gitops_view(s.cluster());
    assert_eq!(v.runs.len(), 1, "{:#?}", v.runs);
    let r = &v.runs[0];
    assert_eq!((r.repo.as_str(), r.workflow.as_str(), r.title.as_str()), ("team/my-app", "CI", "Say which version"));
    let names: Vec<&str> = r.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["test", "build", "scan", "publish"]);
    assert_eq!(state_of(&v, "commit"), StepState::Done);
    assert_eq!(state_of(&v, "pipeline"), StepState::Active, "{:#?}", v.chain);
    assert_eq!(state_of(&v, "image"), StepState::Waiting);
    assert!(v.chain.change.starts_with("pipeline run #1 of team/my-app"), "{}", v.chain.change);
    run(&mut s, &["sleep 120"]);
    let v = gitops_view(s.cluster());
    let r = &v.runs[0];
    assert_eq!(r.result, "success", "{r:#?}");
    assert!(r.stages.iter().all(|s| s.state == "succeeded" && s.secs.is_some()));
    let image = r.image.clone().expect("published");
    assert!(image.starts_with("registry.lab/my-app:") && image.ends_with(&r.commit), "{image}");
    assert_eq!(v.tags.len(), 1);
    assert_eq!(v.tags[0].image, image);
    assert_eq!(r.pr, Some(("team/app-config".to_string(), 1)));
    assert_eq!(v.pulls.len(), 1);
    assert_eq!(v.pulls[0].author, kubelab_sim::ci::BOT);
    for id in ["commit", "pipeline", "image", "pr"] {
        assert_eq!(state_of(&v, id), StepState::Done, "{id}: {:#?}", v.chain);
    }
    let access = cluster_access(&v.credentials);
    assert!(access.contains(&("CI pipeline".to_string(), false)), "the pipeline cannot reach the cluster: {access:?}");
    let why = v.pulls[0].merge.clone().expect_err("alex approves a minute after the bot opened it");
    assert!(why.ends_with("(or approve it: gh pr review 1 --approve)."), "the bot's pull request: {why}");
    run(&mut s, &["sleep 60"]);
    let v = gitops_view(s.cluster());
    let cmd = v.pulls[0].merge.clone().expect("approved");
    run(&mut s, &[cmd.as_str(), "sleep 40"]);
    let v = gitops_view(s.cluster());
    assert!(v.chain.steps.iter().all(|s| s.state == StepState::Done), "{:#?}", v.chain);
    assert!(v.chain.steps.iter().any(|s| s.id == "traffic" && s.detail.contains(&image)), "{:#?}", v.chain);
}

#[test]
fn the_merge_button_s_line_is_a_recorded_input_that_a_reload_replays() {
    use crate::state::{encode, Action, ChartTab, LabState};
    let id = ExerciseId::ALL.into_iter().find(|e| e.key() == "gitops-playground").expect("shipped");
    let mut s = LabState::new(id, None).0;
    let _ = s.update(Action::ChartTab(ChartTab::GitOps));
    for line in [
        "cd ~/app-config",
        "git checkout -b v2",
        "sed -i 's/v1.0.0/v2.0.0/' k8s/deployment.yaml",
        "git add k8s/deployment.yaml",
        "git commit -m \"my-app v2.0.0\"",
        "git push -u origin v2",
        "gh pr create --title \"my-app v2.0.0\" --body \"Release v2\"",
        "sleep 60",
    ] {
        let _ = s.update(Action::Submit(line.into()));
    }
    let cmd = gitops_view(s.session().cluster()).pulls[0].merge.clone().expect("approved");
    // What the button's callback does.
    let _ = s.update(Action::Submit(cmd.clone()));
    assert_eq!(s.history().last(), Some(&cmd), "typed into the console's history");
    let after = gitops_view(s.session().cluster());
    assert_eq!(state_of(&after, "merge"), StepState::Done);
    let (reloaded, _) = LabState::new(id, Some(&encode(&s.session(), s.lines(), s.history())));
    assert_eq!(gitops_view(reloaded.session().cluster()), after, "the reload replays the merge");
}

#[test]
fn a_session_without_git_or_argo_cd_does_not_offer_the_tab() {
    let s = exercises::new_session(ExerciseId::Playground);
    let v = gitops_view(s.cluster());
    assert!(!v.relevant && v.repos.is_empty() && v.apps.is_empty() && v.pulls.is_empty());
    assert!(v.chain.change.is_empty());
    assert!(v
        .chain
        .steps
        .iter()
        .filter(|s| s.id != "pipeline" && s.id != "image")
        .all(|s| s.state == StepState::Waiting));
}

#[test]
fn a_failing_test_stops_the_arrows_at_the_pipeline() {
    let mut s = playground();
    run(
        &mut s,
        &[
            "cd ~/my-app",
            "sed -i 's/Hello/Goodbye/' greeting.txt",
            "git commit -am \"Say goodbye\"",
            "git push",
            "sleep 120",
        ],
    );
    let v = gitops_view(s.cluster());
    let r = &v.runs[0];
    assert_eq!(r.result, "failure", "{r:#?}");
    let states: Vec<(&str, &str)> = r.stages.iter().map(|s| (s.name.as_str(), s.state)).collect();
    assert_eq!(states, [("test", "failed"), ("build", "skipped"), ("scan", "skipped"), ("publish", "skipped")]);
    assert_eq!(state_of(&v, "pipeline"), StepState::Failed, "{:#?}", v.chain);
    let pipeline = v.chain.steps.iter().find(|s| s.id == "pipeline").cloned().unwrap_or_default();
    assert!(pipeline.detail.contains("test failed"), "{pipeline:?}");
    assert_eq!(state_of(&v, "image"), StepState::Off);
    assert_eq!(state_of(&v, "pr"), StepState::Waiting);
    assert!(v.tags.is_empty() && v.pulls.is_empty(), "nothing published, nothing proposed");
}
