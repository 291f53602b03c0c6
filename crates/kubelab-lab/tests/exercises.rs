//! Every exercise under `exercises/*/exercise.yaml` is checked the same way (the data-driven
//! test of the architecture guide, §10.11): it loads; nothing is met right after setup; each
//! step's first goal is unmet when the step begins and the step's own solution meets all of
//! its goals (a solution line may fail only where a `failed:` goal expects it); the whole
//! solution completes the exercise; a saved session restores to the
//! identical cluster and progress; and bad saved sessions are refused with an error.

use kubelab_lab::{Condition, Exercise, LogEntry, SavedSession, Session, SessionError, SAVE_FORMAT};
use std::path::{Path, PathBuf};

fn exercises_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../exercises")
}

/// Every exercise folder's id, sorted.
fn exercise_ids() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(exercises_dir())
        .expect("exercises/ exists")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("exercise.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids
}

fn load(id: &str) -> Exercise {
    let dir = exercises_dir().join(id);
    let yaml = std::fs::read_to_string(dir.join("exercise.yaml")).expect("readable exercise.yaml");
    let names = Exercise::file_names(&yaml).unwrap_or_else(|e| panic!("{id}: {e}"));
    let contents: Vec<(String, String)> = names
        .iter()
        .map(|n| (n.clone(), std::fs::read_to_string(dir.join(n)).unwrap_or_else(|e| panic!("{id}/{n}: {e}"))))
        .collect();
    let files: Vec<(&str, &str)> = contents.iter().map(|(n, c)| (n.as_str(), c.as_str())).collect();
    Exercise::load(&yaml, &files).unwrap_or_else(|e| panic!("{id}: {e}"))
}

fn start(exercise: &Exercise) -> Session {
    Session::new(exercise.clone()).unwrap_or_else(|e| panic!("{}: {e}", exercise.id))
}

/// Whether `c` has a `failed:` check whose pattern matches `line` (a solution line that is
/// meant to fail, such as a `rollout status` that gives up at the progress deadline).
fn expects_failure(c: &Condition, line: &str) -> bool {
    match c {
        Condition::All(cs) | Condition::Any(cs) => cs.iter().any(|c| expects_failure(c, line)),
        Condition::Not(c) | Condition::Was(c) => expects_failure(c, line),
        Condition::Failed(check) => check.command.matches(line),
        _ => false,
    }
}

fn run_all(session: &mut Session, lines: &[&str]) {
    for line in lines {
        let out = session.run(line);
        if out.exit_code != 0 && session.exercise().goals().any(|g| expects_failure(&g.check, line)) {
            continue;
        }
        assert_eq!(out.exit_code, 0, "{}: `{line}` failed:\n{}{}", session.exercise().id, out.stdout, out.stderr);
    }
}

fn cluster_json(session: &Session) -> String {
    serde_json::to_string(session.cluster()).expect("the cluster serialises")
}

#[test]
fn every_exercise_loads() {
    let ids = exercise_ids();
    assert!(ids.contains(&"ex4".to_string()) && ids.contains(&"playground".to_string()), "{ids:?}");
    for id in &ids {
        let exercise = load(id);
        assert_eq!(&exercise.id, id, "the id is the folder's name");
        assert!(!exercise.title.is_empty() && !exercise.intro.is_empty(), "{id}: title and intro");
        assert!(!exercise.steps.is_empty(), "{id}: at least one step");
        for (idx, step) in exercise.steps.iter().enumerate() {
            assert!(!step.goals.is_empty(), "{id} step {}: no goals", idx + 1);
            // lab-design.md's ladder: nudge, pointer, bottom-out, and optionally a recovery hint.
            assert!((1..=4).contains(&step.hints.len()), "{id} step {}: 1 to 4 hints", idx + 1);
            assert!(!step.solution.is_empty(), "{id} step {}: no solution", idx + 1);
        }
    }
}

#[test]
fn every_exercise_folder_is_shipped_with_the_files_on_disk() {
    let shipped: Vec<&str> = {
        let mut ids: Vec<&str> = kubelab_lab::BUILTIN.iter().map(|b| b.id).collect();
        ids.sort_unstable();
        ids
    };
    assert_eq!(shipped, exercise_ids(), "kubelab_lab::BUILTIN lists every folder under exercises/");
    for b in kubelab_lab::BUILTIN {
        let on_disk = load(b.id);
        let embedded = b.load().unwrap_or_else(|e| panic!("{}: {e}", b.id));
        assert_eq!(embedded.fingerprint(), on_disk.fingerprint(), "{}: embedded as on disk", b.id);
        assert_eq!(embedded.files, on_disk.files, "{}", b.id);
    }
}

#[test]
fn nothing_is_met_right_after_setup() {
    for id in exercise_ids() {
        let exercise = load(&id);
        let session = start(&exercise);
        assert!(session.progress().met().is_empty(), "{id}: met at start: {:?}", session.progress().met());
        assert_eq!(session.progress().current_step(), 0, "{id}");
        for status in session.goal_statuses(0) {
            assert!(!status.met, "{id}: goal {} met at start ({})", status.id, status.explanation);
        }
    }
}

#[test]
fn each_step_starts_unmet_and_its_solution_meets_its_goals() {
    for id in exercise_ids() {
        let exercise = load(&id);
        let mut session = start(&exercise);
        for (idx, step) in exercise.steps.iter().enumerate() {
            assert_eq!(session.progress().current_step(), idx, "{id}: step {} should be current", idx + 1);
            let first = &step.goals[0];
            assert!(!session.progress().is_met(&first.id), "{id}: goal {} met before its step", first.id);
            let status = &session.goal_statuses(idx)[0];
            assert!(!status.met, "{id}: goal {} holds before its step: {}", first.id, status.explanation);
            let lines: Vec<&str> = step.solution.iter().map(String::as_str).collect();
            run_all(&mut session, &lines);
            for goal in &step.goals {
                assert!(
                    session.progress().is_met(&goal.id),
                    "{id}: after step {}'s solution, goal {} is unmet: {:?}",
                    idx + 1,
                    goal.id,
                    session.goal_statuses(idx).into_iter().map(|s| (s.id, s.explanation)).collect::<Vec<_>>()
                );
            }
        }
        assert!(session.progress().is_complete(&exercise), "{id}: complete");
    }
}

#[test]
fn the_whole_solution_completes_each_exercise() {
    for id in exercise_ids() {
        let exercise = load(&id);
        let mut session = start(&exercise);
        run_all(&mut session, &exercise.solution());
        assert!(session.progress().is_complete(&exercise), "{id}: not complete");
        for goal in exercise.goals() {
            assert!(session.progress().is_met(&goal.id), "{id}: goal {} unmet", goal.id);
        }
        let took = session.now().since(session.started()).as_secs();
        let last_goal = exercise.goals().last().map(|g| g.id.clone()).unwrap_or_default();
        let done_at = session.progress().goal_record(&last_goal).map(|r| r.at.since(session.started()).as_secs());
        eprintln!(
            "{id}: solution of {} inputs ends {took} simulated seconds after setup; last goal met at +{}s",
            session.history().len(),
            done_at.unwrap_or(0)
        );
    }
}

#[test]
fn ex4s_course_steps_take_at_most_five_simulated_minutes() {
    // The chapter's nine steps; the tenth is the metrics-server extension beyond the course.
    let exercise = load("ex4");
    let mut session = start(&exercise);
    let course: Vec<&str> = exercise.steps[..9].iter().flat_map(|s| s.solution.iter().map(String::as_str)).collect();
    run_all(&mut session, &course);
    let took = session.now().since(session.started()).as_secs();
    assert!(took <= 300, "ex4's solution should take at most 5 simulated minutes, took {took}s");
    assert_eq!(exercise.steps[9].title, "Extension: give the autoscaler metrics");
}

#[test]
fn solutions_replay_deterministically() {
    let exercise = load("ex4");
    let mut a = start(&exercise);
    let mut b = start(&exercise);
    run_all(&mut a, &exercise.solution());
    run_all(&mut b, &exercise.solution());
    assert_eq!(cluster_json(&a), cluster_json(&b));
    assert_eq!(a.progress(), b.progress());
}

/// A session with everything a log can hold: inputs (a failing one, a here-document), clock
/// steps between them, a file write, and revealed hints.
fn busy_session(exercise: &Exercise, fraction_of_solution: usize) -> Session {
    let mut session = start(exercise);
    let solution = exercise.solution();
    let take = solution.len() * fraction_of_solution / 4;
    for (idx, line) in solution.iter().take(take).enumerate() {
        session.run(line);
        if idx % 3 == 1 {
            session.step_clock(2);
        }
    }
    session.run("kubectl get nosuchkind");
    session.step_clock(3);
    session
        .set_file("mine.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\ndata:\n  a: b\n")
        .expect("a plain file name");
    session.run("kubectl apply -f mine.yaml");
    session.run("kubectl create -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: here\nEOF");
    session.reveal_hint(0);
    session.reveal_hint(session.progress().current_step().min(exercise.steps.len() - 1));
    session.step_clock(7);
    session
}

#[test]
fn saved_sessions_restore_to_the_identical_cluster_and_progress() {
    for id in exercise_ids() {
        let exercise = load(&id);
        for quarter in [0, 2, 4] {
            let session = busy_session(&exercise, quarter);
            let json = session.save().to_json();
            let saved = SavedSession::from_json(&json).unwrap_or_else(|e| panic!("{id}: {e}"));
            let restored = Session::restore(exercise.clone(), &saved).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(cluster_json(&restored), cluster_json(&session), "{id} ({quarter}/4): cluster differs");
            assert_eq!(restored.progress(), session.progress(), "{id} ({quarter}/4): progress differs");
            assert_eq!(restored.history(), session.history(), "{id} ({quarter}/4): history differs");
            assert_eq!(restored.files(), session.files(), "{id} ({quarter}/4): files differ");
            assert_eq!(restored.now(), session.now());
            assert_eq!(restored.save(), session.save(), "{id}: saving again gives the same log");
        }
    }
}

#[test]
fn a_restored_session_carries_on_like_the_original() {
    let exercise = load("ex4");
    let mut original = busy_session(&exercise, 2);
    let saved = original.save();
    let mut restored = Session::restore(exercise.clone(), &saved).expect("restores");
    for line in ["kubectl get pods", "sleep 5", "kubectl get deploy"] {
        assert_eq!(original.run(line), restored.run(line));
    }
    assert_eq!(original.step_clock(10), restored.step_clock(10));
    assert_eq!(cluster_json(&original), cluster_json(&restored));
}

#[test]
fn restore_refuses_other_exercises_old_formats_and_corrupt_logs() {
    let ex4 = load("ex4");
    let playground = load("playground");
    let mut session = start(&ex4);
    run_all(&mut session, &ex4.solution()[..6]);
    session.step_clock(3);
    let good = session.save();
    assert!(Session::restore(ex4.clone(), &good).is_ok());

    // Another exercise's session.
    let other = start(&playground).save();
    assert!(matches!(Session::restore(ex4.clone(), &other), Err(SessionError::OtherExercise { .. })));
    assert!(matches!(Session::restore(playground.clone(), &good), Err(SessionError::OtherExercise { .. })));

    // An older (or newer) format version, as a value and as JSON with other fields.
    let old = SavedSession { format: SAVE_FORMAT - 1, ..good.clone() };
    assert!(matches!(Session::restore(ex4.clone(), &old), Err(SessionError::Format { .. })));
    let old_json = r#"{"format":0,"exercise":"ex4","inputs":[["kubectl get pods",0]]}"#;
    assert!(matches!(SavedSession::from_json(old_json), Err(SessionError::Format { found: 0, .. })));

    // The exercise changed under the saved session.
    let mut changed = ex4.clone();
    changed.setup.push("kubectl create namespace extra".into());
    assert_eq!(Session::restore(changed, &good).err(), Some(SessionError::ExerciseChanged));

    // Corrupt JSON: truncated, wrong types, unknown fields, not JSON at all.
    let json = good.to_json();
    for bad in [&json[..json.len() / 2], "null", "42", "{}", "not json", r#"{"format":1}"#] {
        assert!(matches!(SavedSession::from_json(bad), Err(SessionError::Malformed(_))), "{bad}");
    }
    let retyped = json.replacen("\"now\":", "\"now\":\"soon\",\"x\":", 1);
    assert!(SavedSession::from_json(&retyped).is_err());

    // Logs that cannot have happened.
    let mut backwards = good.clone();
    backwards.log.reverse();
    assert!(matches!(Session::restore(ex4.clone(), &backwards), Err(SessionError::Malformed(_))));
    let mut before_start = good.clone();
    before_start.log.insert(0, LogEntry::Input { at: kubelab_sim::SimTime(0), line: "kubectl get pods".into() });
    assert!(matches!(Session::restore(ex4.clone(), &before_start), Err(SessionError::Malformed(_))));
    let mut far_future = good.clone();
    far_future.now = kubelab_sim::SimTime(u64::MAX);
    assert!(matches!(Session::restore(ex4.clone(), &far_future), Err(SessionError::Malformed(_))));
    let mut too_early = good.clone();
    too_early.now = session.started();
    assert!(Session::restore(ex4.clone(), &too_early).is_err());
    let mut off_clock = good.clone();
    off_clock.now = kubelab_sim::SimTime(good.now.as_millis() + 500);
    assert!(matches!(Session::restore(ex4.clone(), &off_clock), Err(SessionError::Diverged(_))));
    let mut squeezed = good.clone();
    // `sleep 10` (entry 4) moved the clock; the input after it cannot have run one second later.
    if let Some(LogEntry::Input { at, .. }) = squeezed.log.get_mut(5) {
        *at = kubelab_sim::SimTime(at.as_millis() - 9000);
    }
    assert!(matches!(Session::restore(ex4.clone(), &squeezed), Err(SessionError::Diverged(_))));
    let mut bad_file = good.clone();
    bad_file.log.push(LogEntry::File { at: good.now, name: "../etc/passwd".into(), contents: String::new() });
    assert!(matches!(Session::restore(ex4.clone(), &bad_file), Err(SessionError::Malformed(_))));
    let mut many_hints = good.clone();
    many_hints.hints = vec![99];
    assert!(matches!(Session::restore(ex4.clone(), &many_hints), Err(SessionError::Malformed(_))));
    let mut empty_input = good.clone();
    empty_input.log.push(LogEntry::Input { at: good.now, line: "   ".into() });
    assert!(matches!(Session::restore(ex4, &empty_input), Err(SessionError::Malformed(_))));
}

#[test]
fn ex4_works_with_the_ui_clock_ticking_instead_of_sleep() {
    // In the browser, time passes by `step_clock` between commands rather than by `sleep`.
    let exercise = load("ex4");
    let mut session = start(&exercise);
    for (idx, step) in exercise.steps.iter().enumerate() {
        for line in &step.solution {
            match line.strip_prefix("sleep ").and_then(|n| n.trim().parse::<u64>().ok()) {
                Some(seconds) => {
                    session.step_clock(seconds);
                }
                None => {
                    session.run(line);
                    session.step_clock(1);
                }
            }
        }
        for goal in &step.goals {
            assert!(session.progress().is_met(&goal.id), "step {}: goal {} unmet", idx + 1, goal.id);
        }
    }
    assert!(session.progress().is_complete(&exercise));
}

#[test]
fn the_commands_in_the_playground_intro_run() {
    let exercise = load("playground");
    let mut session = start(&exercise);
    let commands: Vec<&str> = exercise
        .intro
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|span| span.starts_with("kubectl ") && !span.contains('<'))
        .collect();
    assert!(commands.len() >= 10, "{commands:?}");
    for command in commands {
        let out = session.run(command);
        assert_eq!(out.exit_code, 0, "`{command}`: {}", out.stderr);
        session.step_clock(5);
    }
    assert!(session.progress().is_complete(&exercise));
}

#[test]
fn the_example_in_the_exercises_readme_works() {
    let readme = std::fs::read_to_string(exercises_dir().join("README.md")).expect("exercises/README.md");
    let section = readme.split("## A complete small exercise").nth(1).expect("the example section");
    let yaml = section.split("```yaml\n").nth(1).and_then(|s| s.split("```").next()).expect("a yaml block");
    let exercise = Exercise::load(yaml, &[]).unwrap_or_else(|e| panic!("README example: {e}"));
    let mut session = start(&exercise);
    assert!(session.progress().met().is_empty());
    for (idx, step) in exercise.steps.iter().enumerate() {
        assert!(!session.progress().is_met(&step.goals[0].id));
        let lines: Vec<&str> = step.solution.iter().map(String::as_str).collect();
        run_all(&mut session, &lines);
        for status in session.goal_statuses(idx) {
            assert!(status.met, "README example: {} unmet: {}", status.id, status.explanation);
        }
    }
    assert!(session.progress().is_complete(&exercise));
}
