//! Golden transcripts of the graded labs' solutions (the strategies, the HPA): each solution
//! line as the student types it (`$ line`), what it printed, the lab's note when time passed, the goals met after it, and
//! the goal report at the end. `UPDATE_GOLDEN=1` rewrites `tests/golden/lab-<id>.txt`.

use kubelab_lab::Session;
use std::fmt::Write as _;
use std::path::Path;

fn transcript(id: &str) -> String {
    let exercise = kubelab_lab::builtin(id).expect("shipped").load().expect("loads");
    let mut session = Session::new(exercise.clone()).expect("setup");
    let mut out = String::new();
    let _ = writeln!(out, "# exercise {id}: {}", exercise.title);
    for (i, step) in exercise.steps.iter().enumerate() {
        let _ = writeln!(out, "# step {}: {}", i + 1, step.title);
        for line in &step.solution {
            for (n, l) in line.lines().enumerate() {
                let _ = writeln!(out, "{} {l}", if n == 0 { "$" } else { ">" });
            }
            let o = session.run(line);
            out.push_str(&o.stdout);
            out.push_str(&o.stderr);
            if let Some(note) = o.lab_note() {
                let _ = writeln!(out, "# ({note})");
            }
            for met in session.last_met() {
                let _ = writeln!(out, "# goal met: {met}");
            }
        }
    }
    let goals: Vec<_> = exercise.goals().collect();
    let met = goals.iter().filter(|g| session.progress().is_met(&g.id)).count();
    let _ = writeln!(out, "# goals: {met} of {} met", goals.len());
    for i in 0..exercise.steps.len() {
        for g in session.goal_statuses(i) {
            let _ = writeln!(out, "[{}] {}: {} ({})", if g.met { "x" } else { " " }, g.id, g.text, g.explanation);
        }
    }
    out
}

fn golden(id: &str) {
    let text = transcript(id);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/lab-{id}.txt"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &text).expect("writes");
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
    assert_eq!(text, want, "{} differs (UPDATE_GOLDEN=1 rewrites it)", path.display());
}

#[test]
fn the_recreate_lab_solved() {
    golden("recreate");
}

#[test]
fn the_canary_lab_solved() {
    golden("canary");
}

#[test]
fn the_rolling_lab_solved() {
    golden("rolling");
}

#[test]
fn the_bluegreen_lab_solved() {
    golden("bluegreen");
}

#[test]
fn the_hpa_lab_solved() {
    golden("hpa");
}

#[test]
fn the_cluster_autoscaler_lab_solved() {
    golden("autoscaler");
}

#[test]
fn exercise_4_solved_with_its_metrics_server_extension() {
    golden("ex4");
}

#[test]
fn the_gitops_pull_request_lab_solved() {
    golden("gitops-pr");
}

#[test]
fn the_gitops_revert_lab_solved() {
    golden("gitops-revert");
}

#[test]
fn the_gitops_drift_lab_solved() {
    golden("gitops-drift");
}

#[test]
fn the_gitops_rebuild_lab_solved() {
    golden("gitops-rebuild");
}
