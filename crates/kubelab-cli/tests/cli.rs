//! Runs the built `kubelab` binary with piped stdin (script mode).
//!
//! These tests check the transcript's structure and exit codes only, not kubectl's output:
//! that belongs to the console crate's own transcript tests.

mod common;

use common::{kubelab, text};

/// The transcript's own lines: echoed commands, continuation lines and comments.
fn echo_lines(stdout: &str) -> Vec<&str> {
    stdout.lines().filter(|line| line.starts_with("$ ") || line.starts_with('>') || line.starts_with('#')).collect()
}

#[test]
fn script_prints_headings_and_echoes_commands_and_skips_blank_lines() {
    let script = "# Pods and nodes\n\nkubectl get pods\n   \nkubectl get nodes\n";
    let output = kubelab(&["--seed", "7"], script.as_bytes());
    assert_eq!(output.status.code(), Some(0), "stderr: {}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.starts_with("# Pods and nodes\n$ kubectl get pods\n"), "{stdout}");
    assert_eq!(echo_lines(&stdout), ["# Pods and nodes", "$ kubectl get pods", "$ kubectl get nodes"]);
    assert!(!stdout.lines().any(|line| line.trim() == "$"), "blank lines are not echoed: {stdout}");
}

#[test]
fn script_file_argument_is_read_instead_of_stdin() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("kubelab-cli-script.txt");
    std::fs::write(&path, "# from a file\nkubectl version\n").expect("write script");
    let output = kubelab(&["--profile", "1.15", path.to_str().expect("utf-8 path")], b"kubectl get pods\n");
    assert_eq!(output.status.code(), Some(0), "stderr: {}", text(&output.stderr));
    assert_eq!(echo_lines(&text(&output.stdout)), ["# from a file", "$ kubectl version"]);
}

#[test]
fn missing_script_file_is_an_error() {
    let output = kubelab(&["no-such-script.txt"], b"");
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("no-such-script.txt"));
}

#[test]
fn exit_ends_the_script() {
    let output = kubelab(&[], b"kubectl get pods\nexit\nkubectl get nodes\n");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(echo_lines(&text(&output.stdout)), ["$ kubectl get pods", "$ exit"]);
}

#[test]
fn bad_profile_exits_2_with_a_usage_message() {
    let output = kubelab(&["--profile", "bogus"], b"kubectl get pods\n");
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("--profile") && stderr.contains("bogus"), "{stderr}");
    assert!(stderr.contains("Usage: kubelab"), "{stderr}");
    assert!(output.stdout.is_empty(), "nothing runs after a bad flag");
}

#[test]
fn other_bad_flags_exit_2() {
    for args in [&["--seed", "many"][..], &["--seed"][..], &["--bogus"][..], &["a.txt", "b.txt"][..]] {
        let output = kubelab(args, b"");
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", text(&output.stderr));
    }
}

#[test]
fn help_and_version_exit_0() {
    let help = kubelab(&["--help"], b"");
    assert_eq!(help.status.code(), Some(0));
    assert!(text(&help.stdout).contains("--profile"));
    let version = kubelab(&["--version"], b"");
    assert_eq!(version.status.code(), Some(0));
    assert!(text(&version.stdout).starts_with("kubelab "));
}

/// splitmix64: a fixed, dependency-free byte stream.
fn pseudo_random_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed;
    let mut bytes = Vec::with_capacity(len + 8);
    while bytes.len() < len {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        bytes.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    bytes.truncate(len);
    bytes
}

#[test]
fn random_bytes_do_not_crash_it() {
    let input = pseudo_random_bytes(0x006b_7562_656c_6162, 200 * 1024);
    let output = kubelab(&[], &input);
    assert_ne!(output.status.code(), Some(101), "panicked: {}", text(&output.stderr));
    assert_eq!(output.status.code(), Some(0), "stderr: {}", text(&output.stderr));
}

/// Random lines made of shell and kubectl pieces (and lab commands) reach deeper into the
/// console than raw bytes.
fn random_kubectl_like_lines(seed: u64, bytes: usize) -> String {
    const PIECES: &[&str] = &[
        "kubectl",
        "get",
        "pods",
        "deploy/web",
        "-o",
        "wide",
        "yaml",
        "json",
        "--replicas=3",
        "-f",
        "-",
        "<<EOF",
        "EOF",
        "'",
        "\"",
        "\\",
        "|",
        "=",
        "-n",
        "kube-system",
        "apply",
        "scale",
        "describe",
        "delete",
        "rollout",
        "status",
        "--",
        "-l",
        "app=web",
        "\u{e9}",
        "\t",
        "#",
        "--all-namespaces",
        "create",
        "deployment",
        "x",
        ":hint",
        ":goals",
        ":",
        ":solution",
    ];
    let bytes = pseudo_random_bytes(seed, bytes);
    let mut script = String::new();
    for chunk in bytes.chunks(8) {
        for &byte in chunk.iter().take(usize::from(chunk[0] % 8) + 1) {
            script.push_str(PIECES[usize::from(byte) % PIECES.len()]);
            script.push(' ');
        }
        script.push('\n');
    }
    script
}

#[test]
fn random_kubectl_like_lines_do_not_crash_it() {
    let script = random_kubectl_like_lines(42, 40_000);
    let output = kubelab(&["--profile", "1.15"], script.as_bytes());
    assert_ne!(output.status.code(), Some(101), "panicked: {}", text(&output.stderr));
    assert_eq!(output.status.code(), Some(0), "stderr: {}", text(&output.stderr));
}

#[test]
fn random_lines_in_an_exercise_do_not_crash_it_and_end_with_the_report() {
    for (seed, exercise) in [(7, "ex4"), (8, "traffic")] {
        let script = random_kubectl_like_lines(seed, 20_000);
        let output = kubelab(&["--exercise", exercise], script.as_bytes());
        assert_ne!(output.status.code(), Some(101), "{exercise} panicked: {}", text(&output.stderr));
        assert_eq!(output.status.code(), Some(0), "{exercise}: {}", text(&output.stderr));
        let goals = kubelab_lab::builtin(exercise).and_then(|b| b.load().ok()).expect("shipped").goals().count();
        let stdout = text(&output.stdout);
        let lines: Vec<&str> = stdout.lines().collect();
        let header = lines.len().checked_sub(goals + 1).and_then(|i| lines.get(i));
        assert!(header.is_some_and(|line| line.starts_with("# goals: ")), "{exercise}: no report at the end");
    }
}

/// Each command's transcript reaches stdout as soon as it has run, while the script is still
/// being written: a run that is killed keeps everything printed so far.
#[test]
fn each_command_is_printed_as_it_finishes_and_a_killed_run_keeps_it() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};
    use std::sync::mpsc;
    use std::time::Duration;

    let mut child = Command::new(env!("CARGO_BIN_EXE_kubelab"))
        .args(["--seed", "3"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start kubelab");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let stdout = child.stdout.take().expect("piped stdout");
    let (lines_tx, lines) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    // Two whole commands, then a line that never ends: the pipe stays open.
    stdin.write_all(b"# heading\nkubectl get nodes\nsleep 5\nkubectl get pods").expect("write to kubelab");
    stdin.flush().expect("flush to kubelab");
    let mut seen = Vec::new();
    while !seen.iter().any(|l: &String| l == "# (5s passed)") {
        match lines.recv_timeout(Duration::from_secs(120)) {
            Ok(line) => seen.push(line),
            Err(_) => break,
        }
    }
    // Killed mid-script, as a timeout or Ctrl-C would.
    child.kill().expect("kill kubelab");
    let _ = child.wait();
    drop(stdin);
    reader.join().expect("reader thread");
    seen.extend(lines.try_iter());
    assert_eq!(seen.first().map(String::as_str), Some("# heading"), "{seen:?}");
    assert!(seen.iter().any(|l| l == "$ kubectl get nodes"), "{seen:?}");
    assert!(seen.iter().any(|l| l.starts_with("NAME ") && l.contains("STATUS")), "the nodes table: {seen:?}");
    assert_eq!(seen.iter().rev().take(2).rev().cloned().collect::<Vec<_>>(), ["$ sleep 5", "# (5s passed)"]);
    // The unfinished last line never ran.
    assert!(!seen.iter().any(|l| l == "$ kubectl get pods"), "{seen:?}");
}

#[test]
fn the_default_current_cluster_runs_metrics_server_and_the_course_one_does_not() {
    let current = text(&kubelab(&[], b"kubectl top nodes\n").stdout);
    assert!(current.contains("NAME           CPU(cores)   CPU(%)"), "{current}");
    let course = kubelab(&["--profile", "1.15"], b"kubectl top nodes\n");
    let out = format!("{}{}", text(&course.stdout), text(&course.stderr));
    assert!(out.contains("(get services http:heapster:)"), "{out}");
}
