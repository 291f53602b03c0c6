//! The four deployment-strategy labs (issue 12) solved in the browser, as a student would: the
//! release build in `dist/` in headless Chromium, each lab opened by its address (`#/<id>`), its
//! solution typed into the console line by line, its questions answered by clicking their
//! option buttons, and every goal ticked at the end. Run after `trunk build --release
//! --offline`, one test at a time: `cargo test -p kubelab-e2e --test strategies --
//! --test-threads=1` (scripts/test.sh runs every test of this crate).
//!
//! A screenshot of each solved lab goes to `target/screenshots/strategy-<id>-solved.png`; a
//! failing test leaves `FAILED-<name>.png` and the console's text there.

use kubelab_e2e::labs;

/// Solves lab `id` in the browser (see `kubelab_e2e::labs::solve`).
async fn solve(id: &'static str, title: &'static str, min_goals: usize, expected_errors: &'static [&'static str]) {
    labs::solve("strategy", id, title, min_goals, expected_errors).await;
}

#[tokio::test]
async fn recreate_lab_solved_in_the_browser() {
    solve("recreate", "Recreate", 7, &[]).await;
}

#[tokio::test]
async fn rolling_lab_solved_in_the_browser() {
    // `kubectl rollout status` gives up at the progress deadline: the lab asks for that.
    solve("rolling", "rolling update", 8, &["error: deployment \"my-app\" exceeded its progress deadline"]).await;
}

#[tokio::test]
async fn bluegreen_lab_solved_in_the_browser() {
    solve("bluegreen", "blue/green", 8, &[]).await;
}

#[tokio::test]
async fn canary_lab_solved_in_the_browser() {
    solve("canary", "canary", 9, &[]).await;
}
