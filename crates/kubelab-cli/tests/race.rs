//! `kubelab race` as a user runs it: the table on stdout (one row per strategy, the same for
//! the same seed), the wall time on stderr, bad flags refused with exit code 2.

mod common;

use common::{kubelab, text};

#[test]
fn the_race_prints_one_row_per_strategy_and_timings_apart() {
    let args = ["race", "--replicas", "2", "--v2", "unready", "--seed", "5"];
    let output = kubelab(&args, b"");
    assert_eq!(output.status.code(), Some(0), "stderr: {}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let rows: Vec<&str> = stdout.lines().filter(|l| !l.starts_with('#')).collect();
    assert!(rows[0].starts_with("STRATEGY"), "{stdout}");
    let names: Vec<&str> = rows[1..].iter().filter_map(|r| r.split_whitespace().next()).collect();
    assert_eq!(names, ["Recreate", "RollingUpdate", "BlueGreen", "Canary"]);
    assert!(stdout.contains("v2.0.0-unready"), "{stdout}");
    assert!(text(&output.stderr).contains("ms per simulated minute"), "{}", text(&output.stderr));
    // Deterministic: the same seed gives the same table.
    assert_eq!(text(&kubelab(&args, b"").stdout), stdout);
}

#[test]
fn bad_race_flags_are_usage_errors() {
    let output = kubelab(&["race", "--v2", "perfect"], b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("invalid value 'perfect' for --v2"), "{}", text(&output.stderr));
}
