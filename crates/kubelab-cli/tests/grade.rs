//! `kubelab grade FILE...` on exported sessions: every shipped exercise's solution (all goals
//! met, each with its time), the empty session (none met), and broken files, each with its
//! one-line error, never stopping the others.

mod common;

use std::path::{Path, PathBuf};

use common::{kubelab, text};
use kubelab_lab::share::{export, ExportedSession};
use kubelab_lab::{Session, BUILTIN};

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("kubelab-grade-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path.to_string_lossy().into_owned()
}

/// The exported session of `id` after `lines` (and ten quiet seconds).
fn exported(id: &str, solve: bool) -> ExportedSession {
    let exercise = kubelab_lab::builtin(id).expect("shipped").load().expect("loads");
    let lines: Vec<String> = exercise.solution().iter().map(|l| l.to_string()).collect();
    let mut session = Session::new(exercise).expect("setup");
    if solve {
        for line in &lines {
            session.run(line);
        }
    }
    session.step_clock(10);
    export(&session)
}

#[test]
fn solutions_meet_every_goal_with_its_time_and_empty_sessions_none() {
    let dir = scratch("solutions");
    for builtin in BUILTIN {
        let exercise = builtin.load().expect("loads");
        let total = exercise.goals().count();
        let solved =
            write(&dir, &format!("{}-solved.json", builtin.id), exported(builtin.id, true).to_json().as_bytes());
        let empty =
            write(&dir, &format!("{}-empty.json", builtin.id), exported(builtin.id, false).to_json().as_bytes());
        let out = kubelab(&["grade", &solved, &empty], b"");
        let stdout = text(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
        let (first, second) = stdout.split_once(&format!("{empty}: ")).expect("both files reported");
        assert!(
            first.starts_with(&format!("{solved}: exercise {} ({}), profile ", builtin.id, exercise.title)),
            "{first}"
        );
        for goal in exercise.goals() {
            let line = format!("  [x] {}: {} (met at ", goal.id, goal.text);
            assert!(first.contains(&line), "{}: {line}\n{first}", builtin.id);
            assert!(second.contains(&format!("  [ ] {}: {}\n", goal.id, goal.text)), "{second}");
        }
        assert!(first.contains(&format!("  goals: {total} of {total} met\n")), "{first}");
        assert!(second.contains(&format!("  goals: 0 of {total} met\n")), "{second}");
        assert!(stdout.ends_with(&format!("graded 2 of 2 files; goals met: {total} of {}\n", 2 * total)), "{stdout}");
        assert!(!stdout.contains("note:"), "the digests agree: {stdout}");
    }
}

#[test]
fn a_met_goal_shows_the_simulated_clock_and_the_time_since_the_start() {
    let dir = scratch("times");
    let file = write(&dir, "ex4.json", exported("ex4", true).to_json().as_bytes());
    let out = kubelab(&["grade", &file], b"");
    let stdout = text(&out.stdout);
    let line = stdout.lines().find(|l| l.starts_with("  [x] ")).expect("a met goal");
    let when = line.rsplit_once("(met at ").map(|(_, w)| w).expect("met at");
    // `HH:MM:SS, +Ns)` or `+MmSSs)`.
    let (clock, since) = when.split_once(", +").expect("clock and span");
    assert!(clock.len() == 8 && clock.as_bytes()[2] == b':' && clock.as_bytes()[5] == b':', "{line}");
    assert!(since.ends_with("s)") && since.as_bytes()[0].is_ascii_digit(), "{line}");
    let header = stdout.lines().next().expect("header");
    assert!(header.contains("; simulated from ") && header.contains(", +"), "{header}");
}

#[test]
fn broken_files_get_one_line_each_and_never_stop_the_others() {
    let dir = scratch("broken");
    let good = exported("playground", true).to_json();
    let mut unknown = exported("playground", true);
    unknown.exercise = "nosuch".into();
    unknown.session.exercise = "nosuch".into();
    let mut diverged = exported("ex4", true);
    diverged.session.now = Default::default();
    let mut garbage = Vec::new();
    let mut x = 99u32;
    for _ in 0..5000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        garbage.push((x >> 16) as u8);
    }
    let huge = dir.join("huge.json");
    let file = std::fs::File::create(&huge).expect("create");
    file.set_len(50 * 1024 * 1024).expect("a sparse 50 MB file");
    let files = [
        write(&dir, "good.json", good.as_bytes()),
        write(&dir, "not-json.json", b"hello, teacher"),
        write(&dir, "wrong-format.json", good.replace("\"kubelab_export\": 1", "\"kubelab_export\": 2").as_bytes()),
        write(&dir, "unknown.json", unknown.to_json().as_bytes()),
        write(&dir, "diverged.json", diverged.to_json().as_bytes()),
        huge.to_string_lossy().into_owned(),
        write(&dir, "garbage.bin", &garbage),
        write(&dir, "empty.json", b""),
        dir.join("missing.json").to_string_lossy().into_owned(),
        dir.to_string_lossy().into_owned(),
        write(&dir, "good-again.json", good.as_bytes()),
    ];
    let args: Vec<&str> = std::iter::once("grade").chain(files.iter().map(String::as_str)).collect();
    let out = kubelab(&args, b"");
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let expected = [
        ("not-json.json", "error: not a Kubelab session file: not JSON"),
        ("wrong-format.json", "error: the file has export format 2; this version of Kubelab reads 1"),
        ("unknown.json", "error: unknown exercise \"nosuch\""),
        ("diverged.json", "error: not a saved session: "),
        ("huge.json", "error: too large: 52428800 bytes"),
        ("garbage.bin", "error: not a Kubelab session file: not UTF-8 text"),
        ("empty.json", "error: not a Kubelab session file: not JSON"),
        ("missing.json", "error: cannot read: "),
    ];
    for (name, message) in expected {
        let line = stdout.lines().find(|l| l.contains(name)).unwrap_or_else(|| panic!("{name}:\n{stdout}"));
        assert!(line.contains(message), "{name}: {line}");
    }
    let dir_line = format!("{}: error: is a directory", dir.display());
    assert!(stdout.lines().any(|l| l == dir_line), "{stdout}");
    assert!(stdout.contains("good.json: exercise playground"), "{stdout}");
    assert!(stdout.contains("good-again.json: exercise playground"), "the last file is graded too:\n{stdout}");
    let errors = stdout.lines().filter(|l| l.contains(": error: ")).count();
    assert_eq!(errors, 9, "{stdout}");
    assert!(stdout.contains("graded 2 of 11 files (9 could not be read); goals met: "), "{stdout}");
}

#[test]
fn grade_without_files_or_with_an_unknown_option_is_a_usage_error() {
    let out = kubelab(&["grade"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("kubelab: grade needs at least one FILE"), "{}", text(&out.stderr));
    let out = kubelab(&["grade", "--fast", "x.json"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("kubelab: unknown option '--fast' for grade"), "{}", text(&out.stderr));
    let help = kubelab(&["--help"], b"");
    assert!(text(&help.stdout).contains("kubelab grade FILE..."), "{}", text(&help.stdout));
}

#[test]
fn a_file_whose_replay_ends_elsewhere_than_its_digest_is_graded_with_a_note() {
    let dir = scratch("digest");
    let mut edited = exported("playground", true);
    edited.digest = "0000000000000000".into();
    let file = write(&dir, "edited.json", edited.to_json().as_bytes());
    let out = kubelab(&["grade", &file], b"");
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("  goals: 1 of 1 met\n"), "{stdout}");
    assert!(
        stdout.contains("  note: the replay ends in another state than the export (digest ")
            && stdout.contains(", the file says 0000000000000000)"),
        "{stdout}"
    );
}
