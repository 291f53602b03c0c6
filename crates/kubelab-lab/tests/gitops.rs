//! The GitOps labs' figures (issue 13's closing note), measured on their shipped exercises:
//! in `gitops-pr`, the simulated and wall time from `gh pr merge` to the first second in which
//! every request is answered by the new version; in `gitops-rebuild`, the simulated time from
//! the install of the agent on the empty cluster, and from the Application's apply, until it is
//! Synced and Healthy. Each is stepped one simulated second at a time (`sleep 1`), so the figure
//! is exact to the second. `cargo test -p kubelab-lab --test gitops -- --nocapture` prints them.

use kubelab_lab::{Condition, Context, Session};
use std::time::Instant;

fn cond(yaml: &str) -> Condition {
    serde_norway::from_str(yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"))
}

fn holds(s: &Session, c: &Condition) -> bool {
    c.evaluate(&Context::new(s.cluster(), &[])).met
}

fn run(s: &mut Session, line: &str) {
    let out = s.run(line);
    assert_eq!(out.exit_code, 0, "`{line}`: {}{}", out.stdout, out.stderr);
}

/// Simulated seconds until `c` holds, stepping one second at a time (at most `limit`).
fn seconds_until(s: &mut Session, c: &Condition, limit: u64) -> Option<u64> {
    for secs in 0..=limit {
        if holds(s, c) {
            return Some(secs);
        }
        run(s, "sleep 1");
    }
    None
}

#[test]
fn from_merge_to_all_traffic_on_the_new_version() {
    let exercise = kubelab_lab::builtin("gitops-pr").expect("shipped").load().expect("loads");
    let mut s = Session::new(exercise.clone()).expect("setup");
    let lines: Vec<&str> = exercise.steps.iter().flat_map(|st| st.solution.iter().map(String::as_str)).collect();
    let merge = lines.iter().position(|l| l.starts_with("gh pr merge")).expect("the solution merges");
    for line in &lines[..merge] {
        s.run(line);
    }
    let on_v2 = cond("traffic: {image: '*:v2.0.0', share: 100}");
    assert!(!holds(&s, &on_v2), "v2.0.0 serves before the merge");
    let wall = Instant::now();
    run(&mut s, lines[merge]);
    let synced = cond("application: {name: my-app, at_head: true, syncs: 2}");
    assert!(holds(&s, &synced), "the webhook's sync happens in the merge's own instant");
    let secs = seconds_until(&mut s, &on_v2, 120).expect("all traffic moves to v2.0.0 within two minutes");
    let elapsed = wall.elapsed();
    eprintln!(
        "gitops-pr: merge -> all traffic on v2.0.0: {secs} s simulated, {:.1} ms wall",
        elapsed.as_secs_f64() * 1e3
    );
    // Three pods, one at a time (maxSurge 25% rounds up to 1, maxUnavailable down to 0), each
    // pulled and ready at a 2 s probe: 10 s at this seed. Without the webhook it would wait for
    // the 120-180 s poll.
    assert!((8..=30).contains(&secs), "{secs} s");
}

#[test]
fn rebuilt_from_git_until_synced_and_healthy() {
    let exercise = kubelab_lab::builtin("gitops-rebuild").expect("shipped").load().expect("loads");
    let mut s = Session::new(exercise).expect("setup");
    let start = s.cluster().now();
    run(&mut s, "kubectl create namespace argocd");
    run(
        &mut s,
        "kubectl apply -n argocd -f https://raw.githubusercontent.com/argoproj/argo-cd/stable/manifests/install.yaml",
    );
    let agent =
        cond("pods: {namespace: argocd, selector: 'app.kubernetes.io/name=argocd-application-controller', ready: 1}");
    let ready = seconds_until(&mut s, &agent, 300).expect("the agent starts");
    run(&mut s, "kubectl apply -f argocd/my-app.yaml");
    let healthy = cond("application: {name: my-app, sync: Synced, health: Healthy, at_head: true}");
    let synced = seconds_until(&mut s, &healthy, 300).expect("Synced and Healthy");
    let total = s.cluster().now().since(start).as_secs();
    eprintln!(
        "gitops-rebuild: agent ready {ready} s after its install; Application Synced and Healthy {synced} s after its apply; {total} s from the empty cluster"
    );
    assert!(ready <= 60 && synced <= 60, "{ready} s, {synced} s");
}
