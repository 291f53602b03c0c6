//! The lab-format additions of the strategy labs: a `choice` goal (a prediction accepts any
//! pick, a closing question one answer; the pick is an input, replayed like one) and a
//! `traffic` window (`over: N` or `since: GOAL`) summing requests and errors across inputs that
//! move the clock (`sleep`), of a Service or of a version, or bounding the pods behind a
//! Service in every second (`min_ready`, `max_pods`: the rolling lab's budget).

use kubelab_lab::{Exercise, Session};

const EXERCISE: &str = r#"
id: fmt
title: Format
profile: current
seed: 4
setup:
  - kubectl create deployment my-app --image=registry.lab/my-app:v1.0.0 --replicas=3 --port=8080
  - kubectl expose deployment my-app --port=80 --target-port=8080
  - kubectl run load --image=busybox:1.28 --restart=Never -- /bin/sh -c "while sleep 0.01; do wget -q -O- http://my-app; done"
  - sleep 20
steps:
  - title: Predict
    goals:
      - id: predict
        text: What happens?
        check:
          choice:
            options: {a: Nothing, b: Errors}
            answer: any
    solution: [choose predict b]
  - title: Break it
    goals:
      - id: broken
        text: Run the erroring release
        check: {deployment: {name: my-app, image: "registry.lab/my-app:v2.0.0-errors", available: 3, complete: true}}
      - id: failing
        text: See at least 10 % of the requests fail over 30 seconds
        check:
          all:
            - traffic: {version: "*:v2.0.0-errors", over: 30, min_requests: 500}
            - not: {traffic: {version: "*:v2.0.0-errors", over: 30, max_error_rate: 10}}
    solution:
      - kubectl set image deployment/my-app my-app=registry.lab/my-app:v2.0.0-errors
      - sleep 60
  - title: Fix it
    goals:
      - id: fixed
        text: Roll back; no request fails for 30 s
        check:
          all:
            - was: {deployment: {name: my-app, image: "registry.lab/my-app:v2.0.0-errors"}}
            - traffic: {service: my-app, since: broken, min_requests: 100}
            - traffic: {service: my-app, over: 30, errors: 0, min_requests: 1000}
    solution:
      - kubectl rollout undo deployment/my-app
      - sleep 60
  - title: Explain
    goals:
      - id: why
        text: Why?
        check:
          choice:
            options: {a: The Service, b: The release, c: The node}
            answer: b
            feedback: {a: The Service only picks ready pods., c: All nodes were fine.}
    solution: [choose why b]
"#;

fn session() -> Session {
    Session::new(Exercise::load(EXERCISE, &[]).expect("loads")).expect("setup")
}

#[test]
fn a_prediction_takes_any_pick_and_a_question_its_answer() {
    let mut s = session();
    assert!(!s.progress().is_met("predict"));
    let out = s.run("choose predict z");
    assert_eq!(out.exit_code, 1);
    assert_eq!(out.stderr, "choose: pick one of a, b for predict: `choose predict a`\n");
    assert_eq!(s.run("choose nothing a").stderr, "choose: no question \"nothing\" here; questions: predict, why\n");
    let out = s.run("choose predict a");
    assert_eq!(out.stdout, "predict: you picked a: Nothing\n");
    assert!(s.progress().is_met("predict"), "any pick counts for a prediction");
    let t0 = s.now();
    s.run("choose why c");
    assert_eq!(s.now(), t0, "a pick does not move the clock");
    let why = |s: &Session| s.goal_statuses(3).remove(0);
    // Step 4 is not current yet: the pick is in the history and counts once it is.
    assert!(!s.progress().is_met("why"));
    for line in ["kubectl set image deployment/my-app my-app=registry.lab/my-app:v2.0.0-errors", "sleep 60"] {
        s.run(line);
    }
    assert!(s.progress().is_met("broken") && s.progress().is_met("failing"));
    for line in ["kubectl rollout undo deployment/my-app", "sleep 60"] {
        s.run(line);
    }
    assert!(s.progress().is_met("fixed"), "{:?}", s.goal_statuses(2));
    let status = why(&s);
    assert!(!status.met);
    assert_eq!(status.explanation, "picked c: The node — All nodes were fine. (pick again)");
    assert_eq!(status.options.len(), 3);
    s.run("choose why b");
    assert!(s.progress().is_met("why"));
    assert!(s.progress().is_complete(s.exercise()));
    // The picks replay from the log.
    let restored = Session::restore(s.exercise().clone(), &s.save()).expect("restores");
    assert_eq!(restored.progress(), s.progress());
}

#[test]
fn a_window_sums_the_seconds_inside_a_sleep() {
    let mut s = session();
    for line in
        ["choose predict b", "kubectl set image deployment/my-app my-app=registry.lab/my-app:v2.0.0-errors", "sleep 5"]
    {
        s.run(line);
    }
    let failing = s.goal_statuses(1).remove(1);
    assert!(!failing.met, "not 500 requests by v2 yet in the window: {}", failing.explanation);
    s.run("sleep 40");
    assert!(s.progress().is_met("failing"), "{:?}", s.goal_statuses(1));
    let record = s.progress().goal_record("failing").expect("met");
    assert!(
        record.explanation.contains("requests answered by *:v2.0.0-errors in the last 30 seconds"),
        "{}",
        record.explanation
    );
}

#[test]
fn bad_windows_and_questions_are_refused_when_loading() {
    let load = |check: &str| {
        let yaml = format!("id: b\ntitle: B\nprofile: current\nsteps:\n  - title: S\n    goals:\n      - id: g\n        text: G\n        check: {check}\n");
        Exercise::load(&yaml, &[]).err().map(|e| e.to_string()).unwrap_or_default()
    };
    assert!(load("{traffic: {over: 30}}").contains("give at least one of `errors`"));
    assert!(load("{traffic: {errors: 0}}").contains("need a window"));
    assert!(load("{traffic: {over: 30, since: g, errors: 0}}").contains("not both"));
    assert!(load("{traffic: {since: nope, errors: 0}}").contains("`since: nope` names no goal"));
    assert!(load("{traffic: {over: 30, errors: 0, min_rate: 3}}").contains("with a window"));
    assert!(load("{traffic: {over: 30, min_ready: 9}}").contains("`min_ready` and `max_pods` need a window"));
    assert!(load("{traffic: {service: web, max_pods: 12}}").contains("`min_ready` and `max_pods` need a window"));
    assert!(load("{traffic: {version: '*:v2', over: 30, max_pods: 12}}").contains("and a `service`"));
    assert!(load("{traffic: {service: web, over: 30, min_ready: 9, max_pods: 12}}").is_empty());
    assert!(load("{choice: {options: {a: x}, answer: any}}").contains("at least two"));
    assert!(load("{choice: {options: {a: x, b: y}, answer: c}}").contains("not `any` or one of the options"));
    assert!(load("{not: {choice: {options: {a: x, b: y}, answer: a}}}").contains("whole check"));
}

#[test]
fn choose_is_a_console_word_in_an_exercise_without_questions() {
    let yaml = "id: q\ntitle: Q\nprofile: current\nsteps: []\n";
    let mut s = Session::new(Exercise::load(yaml, &[]).expect("loads")).expect("setup");
    let out = s.run("choose a b");
    assert_ne!(out.exit_code, 0);
    assert!(!out.stderr.contains("no question"), "{}", out.stderr);
}

/// The rolling lab's budget ("never fewer than 9 of 10 serving, at most 12 pods") is graded over
/// the seconds of the update, inside a `sleep` too: the default strategy (25 % of 10: 2
/// unavailable, 3 extra) breaks it; after an undo, a fixed strategy and the window's two
/// minutes, the same update within maxSurge 2 / maxUnavailable 1 meets it.
#[test]
fn the_rolling_budget_is_graded_over_the_update() {
    let exercise = kubelab_lab::builtin("rolling").expect("shipped").load().expect("loads");
    let mut s = Session::new(exercise).expect("setup");
    let rolled = |s: &Session| s.goal_statuses(1).remove(0);
    for line in
        ["choose predict b", "kubectl set image deployment/my-app my-app=registry.lab/my-app:v2.0.0", "sleep 40"]
    {
        s.run(line);
    }
    let status = rolled(&s);
    assert!(!status.met, "{}", status.explanation);
    assert!(
        status
            .explanation
            .contains("8 ready at the fewest (wanted at least 9), 13 pods at the most (wanted at most 12)"),
        "{}",
        status.explanation
    );
    for line in [
        "kubectl rollout undo deployment/my-app",
        r#"kubectl patch deployment my-app -p '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":2,"maxUnavailable":1}}}}'"#,
        "sleep 40",
    ] {
        s.run(line);
    }
    assert!(!rolled(&s).met, "back on v1: {}", rolled(&s).explanation);
    s.run("sleep 90");
    for line in ["kubectl set image deployment/my-app my-app=registry.lab/my-app:v2.0.0", "sleep 40"] {
        s.run(line);
    }
    let status = rolled(&s);
    assert!(status.met, "{}", status.explanation);
    assert!(status.explanation.contains("9 ready at the fewest, 12 pods at the most"), "{}", status.explanation);
}
