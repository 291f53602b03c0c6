//! `kubelab --exercise ID|DIR`, run as a script: every shipped exercise starts with goals unmet
//! and ends with all of them met when its solution is the script; the exercise's files are
//! readable and a real file wins over them; lab commands; and the error cases.

mod common;

use std::path::PathBuf;

use common::{kubelab, kubelab_in, text};
use kubelab_lab::{Exercise, BUILTIN};

/// The goal report at the end of `stdout`: its header and one `(met, id)` per goal.
fn report(stdout: &str, exercise: &Exercise) -> (String, Vec<(bool, String)>) {
    let goals = exercise.goals().count();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.len() > goals, "no report in:\n{stdout}");
    let tail = &lines[lines.len() - goals - 1..];
    let goals = tail[1..]
        .iter()
        .map(|line| {
            let (met, rest) = match (line.strip_prefix("[x] "), line.strip_prefix("[ ] ")) {
                (Some(rest), _) => (true, rest),
                (None, Some(rest)) => (false, rest),
                _ => panic!("not a goal line: {line:?}\n{stdout}"),
            };
            let id = rest.split_once(": ").map(|(id, _)| id.to_string()).unwrap_or_default();
            (met, id)
        })
        .collect();
    (tail[0].to_string(), goals)
}

fn load(id: &str) -> Exercise {
    let builtin = kubelab_lab::builtin(id).expect("a shipped exercise");
    builtin.load().unwrap_or_else(|e| panic!("{id}: {e}"))
}

fn ids(exercise: &Exercise) -> Vec<String> {
    exercise.goals().map(|g| g.id.clone()).collect()
}

/// A fresh, empty directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("kubelab-exercise-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

#[test]
fn every_shipped_exercise_starts_unmet_and_its_solution_meets_every_goal() {
    let empty = scratch("solutions");
    for builtin in BUILTIN {
        let exercise = load(builtin.id);
        let total = exercise.goals().count();

        let before = kubelab_in(&empty, &["--exercise", builtin.id], b"");
        assert_eq!(before.status.code(), Some(0), "{}: {}", builtin.id, text(&before.stderr));
        let (header, goals) = report(&text(&before.stdout), &exercise);
        let met = goals.iter().filter(|(met, _)| *met).count();
        assert!(met < total, "{}: every goal met before the solution ran", builtin.id);
        assert_eq!(header, format!("# goals: {met} of {total} met"), "{}", builtin.id);
        assert_eq!(goals.iter().map(|(_, id)| id.clone()).collect::<Vec<_>>(), ids(&exercise), "{}", builtin.id);

        let solution = exercise.solution().join("\n") + "\n";
        let after = kubelab_in(&empty, &["--exercise", builtin.id], solution.as_bytes());
        let stdout = text(&after.stdout);
        assert_eq!(after.status.code(), Some(0), "{}: {}", builtin.id, text(&after.stderr));
        let (header, goals) = report(&stdout, &exercise);
        assert_eq!(header, format!("# goals: {total} of {total} met"), "{}:\n{stdout}", builtin.id);
        assert!(goals.iter().all(|(met, _)| *met), "{}: {goals:?}", builtin.id);
        assert!(stdout.starts_with("$ "), "{}: the transcript comes first:\n{stdout}", builtin.id);
    }
}

#[test]
fn the_same_script_gives_the_same_transcript_and_report() {
    let script = b"kubectl apply -f web.yaml\nsleep 10\nkubectl get pods -o wide\n";
    let first = kubelab(&["--exercise", "playground"], script);
    let second = kubelab(&["--exercise", "playground"], script);
    assert_eq!(text(&first.stdout), text(&second.stdout));
    assert!(text(&first.stdout).contains("deployment.apps/web created"), "{}", text(&first.stdout));
}

#[test]
fn a_real_file_in_the_working_directory_wins_over_the_exercises_copy() {
    let dir = scratch("real-file");
    let script = b"kubectl apply -f web.yaml\nkubectl apply -f ./mine.yaml\n";
    // Without a real file, `web.yaml` is the exercise's (deployment and service `web`).
    let output = kubelab_in(&dir, &["--exercise", "playground"], script);
    let stdout = text(&output.stdout);
    assert!(stdout.contains("deployment.apps/web created\nservice/web created\n"), "{stdout}");
    assert!(stdout.contains("the path \"./mine.yaml\" does not exist"), "{stdout}");

    let mine = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: NAME\ndata:\n  a: b\n";
    std::fs::write(dir.join("web.yaml"), mine.replace("NAME", "from-disk")).expect("write web.yaml");
    std::fs::write(dir.join("mine.yaml"), mine.replace("NAME", "mine")).expect("write mine.yaml");
    let output = kubelab_in(&dir, &["--exercise", "playground"], script);
    let stdout = text(&output.stdout);
    assert!(stdout.contains("configmap/from-disk created\n"), "{stdout}");
    assert!(!stdout.contains("deployment.apps/web"), "{stdout}");
    assert!(stdout.contains("configmap/mine created\n"), "{stdout}");
}

#[test]
fn apply_dot_applies_the_real_files_and_the_exercises_copies() {
    let dir = scratch("dot");
    std::fs::write(dir.join("extra.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: extra\n")
        .expect("write extra.yaml");
    let output = kubelab_in(&dir, &["--exercise", "playground"], b"kubectl apply -f .\n");
    let stdout = text(&output.stdout);
    for created in ["namespace/extra created", "deployment.apps/web created", "service/web created"] {
        assert!(stdout.contains(created), "{created}:\n{stdout}");
    }
}

#[test]
fn a_directory_holding_an_exercise_yaml_runs_with_its_own_files_from_anywhere() {
    let dir = scratch("dir-exercise");
    let yaml = "\
id: mine
title: A ConfigMap
profile: \"1.15\"
seed: 3
files: [cm.yaml]
steps:
  - title: Create it
    goals:
      - id: cm
        text: Create the ConfigMap settings
        check: {exists: {kind: cm, name: settings}}
      - id: looked
        text: Look at it
        check: {ran: {command: kubectl get cm|configmap*, after: cm}}
";
    std::fs::write(dir.join("exercise.yaml"), yaml).expect("write exercise.yaml");
    std::fs::write(dir.join("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n")
        .expect("write cm.yaml");
    let elsewhere = scratch("dir-exercise-cwd");
    let arg = dir.to_str().expect("utf-8 path");
    let output = kubelab_in(&elsewhere, &["--exercise", arg], b"kubectl apply -f cm.yaml\nkubectl version\n");
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(stdout.contains("configmap/settings created\n"), "{stdout}");
    assert!(stdout.contains("v1.11"), "the exercise's profile (1.15 is kubectl v1.11):\n{stdout}");
    assert!(
        stdout.ends_with("# goals: 1 of 2 met\n[x] cm: Create the ConfigMap settings\n[ ] looked: Look at it\n"),
        "{stdout}"
    );
}

#[test]
fn lab_commands_show_the_step_goals_hints_and_solution_and_are_not_history() {
    let exercise = load("ex4");
    let first = &exercise.steps[0];
    let script = ":step\n:hint\n:hint\n:hint\n:solution\n:goals\n:nope\n:goals now\n:help\n:intro\n";
    let output = kubelab(&["--exercise", "ex4"], script.as_bytes());
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains(&format!("$ :step\nStep 1 of {}: {}\n", exercise.steps.len(), first.title)), "{stdout}");
    assert!(stdout.contains(&format!("[ ] {}: ", first.goals[0].id)), "{stdout}");
    let hints = first.hints.len();
    assert!(stdout.contains(&format!("$ :hint\nHint 1 of {hints}: {}", first.hints[0].trim_end())), "{stdout}");
    assert!(stdout.contains("No more hints for this step."), "{stdout}");
    assert!(stdout.contains(&format!("# solution of step 1: {}\n{}\n", first.title, first.solution[0])), "{stdout}");
    assert!(stdout.contains(&format!("$ :goals\n# goals: 0 of {} met\n", exercise.goals().count())), "{stdout}");
    assert!(stdout.contains("unknown lab command :nope"), "{stdout}");
    assert!(stdout.contains(":goals takes no arguments"), "{stdout}");
    assert!(stdout.contains(":solution "), "the :help list:\n{stdout}");
    assert!(stdout.contains(&exercise.title), "{stdout}");
    // None of them counted as a command: the first goal (a `ran:` of kubectl get) is still unmet.
    let (header, _) = report(&stdout, &exercise);
    assert_eq!(header, format!("# goals: 0 of {} met", exercise.goals().count()));
}

#[test]
fn a_script_ending_at_exit_still_gets_its_report() {
    let output = kubelab(&["--exercise", "playground"], b"kubectl get nodes\nexit\nkubectl get pods\n");
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0));
    assert!(!stdout.contains("$ kubectl get pods"), "{stdout}");
    assert!(stdout.contains("\n# goals: "), "{stdout}");
}

#[test]
fn an_unknown_id_lists_the_shipped_exercises_and_exits_2() {
    let output = kubelab(&["--exercise", "ex5"], b"kubectl get pods\n");
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("unknown exercise 'ex5'"), "{stderr}");
    for builtin in BUILTIN {
        assert!(stderr.contains(&format!("    {} ", builtin.id)), "{}:\n{stderr}", builtin.id);
    }
    assert!(output.stdout.is_empty(), "nothing runs");
}

#[test]
fn seed_or_profile_with_an_exercise_is_refused_with_exit_2() {
    for args in [&["--seed", "5", "--exercise", "ex4"][..], &["--exercise", "traffic", "--profile=current"][..]] {
        let output = kubelab(args, b"kubectl get pods\n");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = text(&output.stderr);
        assert!(stderr.contains("cannot be used with --exercise"), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "nothing runs");
    }
}

#[test]
fn a_directory_without_exercise_yaml_exits_2_and_a_broken_one_exits_1() {
    let empty = scratch("no-yaml");
    let output = kubelab(&["--exercise", empty.to_str().expect("utf-8")], b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("has no exercise.yaml"), "{}", text(&output.stderr));

    let broken = scratch("broken");
    let path = broken.to_str().expect("utf-8");
    std::fs::write(broken.join("exercise.yaml"), "id: b\ntitle: B\nprofile: current\nhint: typo\n").expect("write");
    let output = kubelab(&["--exercise", path], b"");
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("hint"), "names the unknown field: {}", text(&output.stderr));

    std::fs::write(broken.join("exercise.yaml"), "id: b\ntitle: B\nprofile: current\nfiles: [gone.yaml]\n")
        .expect("write");
    let output = kubelab(&["--exercise", path], b"");
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("gone.yaml"), "{}", text(&output.stderr));

    std::fs::write(broken.join("exercise.yaml"), "id: b\ntitle: B\nprofile: current\nfiles: [../secret.yaml]\n")
        .expect("write");
    let output = kubelab(&["--exercise", path], b"");
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("plain name"), "{}", text(&output.stderr));

    std::fs::write(
        broken.join("exercise.yaml"),
        "id: b\ntitle: B\nprofile: current\nsetup: [kubectl get nosuchkind]\n",
    )
    .expect("write");
    let output = kubelab(&["--exercise", path], b"");
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("setup line `kubectl get nosuchkind` failed"), "{}", text(&output.stderr));
}

#[test]
fn the_help_names_the_exercise_option_and_every_shipped_id() {
    let help = text(&kubelab(&["--help"], b"").stdout);
    assert!(help.contains("--exercise ID|DIR"), "{help}");
    assert!(help.contains("a real file there wins"), "{help}");
    for builtin in BUILTIN {
        assert!(help.contains(builtin.menu_title), "{help}");
    }
}
