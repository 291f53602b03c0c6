//! GitOps' end goal (issue 13) solved in the browser, as a student would: the release build in
//! `dist/` in headless Chromium, the lab `gitops-pr` opened by its address (`#/gitops-pr`), its
//! solution typed into the console line by line (the image bumped with `sed -i`, the direct
//! push refused, the branch, `gh pr create`, Alex's approval, `gh pr merge`), its questions
//! answered by clicking their option buttons, and every goal ticked at the end. After the merge
//! it waits, at the page's own 1× clock, for the goal that all traffic is on v2.0.0 and prints
//! the wall time it took. Run after `trunk build --release --offline`, one test at a time:
//! `cargo test -p kubelab-e2e --test gitops -- --test-threads=1 --nocapture`.
//!
//! The other GitOps labs (a rollback by pull request, drift and self-heal, the cluster rebuilt
//! from Git, push versus pull) are solved the same way, with their `sleep` lines typed.
//!
//! A screenshot of each solved lab goes to `target/screenshots/gitops-<id>-solved.png`; a
//! failing test leaves `FAILED-<name>.png` and the console's text there.

use kubelab_e2e::labs::{self, click_answer, goals};
use kubelab_e2e::{ensure, exercise_solution, run_scenario};
use serde_json::Value;
use std::time::{Duration, Instant};

/// Whether the goal whose text contains `arguments[0]` is ticked.
const GOAL_MET: &str = "return Array.from(document.querySelectorAll('#exercise-panel .goal'))
     .some(g => g.textContent.includes(arguments[0]) && g.dataset.met === 'true');";

#[tokio::test]
async fn gitops_pull_request_lab_solved_in_the_browser() {
    let solution = exercise_solution("gitops-pr").unwrap_or_else(|e| panic!("exercises/gitops-pr: {e}"));
    run_scenario("gitops-pr", |b, url| async move {
        let r = async {
            b.goto(&format!("{}#/gitops-pr", url.trim_end_matches('/'))).await?;
            b.wait_for_console().await?;
            b.wait_js(
                "the lab's panel",
                Duration::from_secs(20),
                "const h = document.querySelector('#exercise-panel h2'); return !!h && h.textContent.includes('pull request');",
            )
            .await?;
            let before = goals(&b).await?;
            ensure!(before.len() >= 7 && before.iter().all(|(_, met)| !met), "no goal met at the start: {before:?}");
            let mut merged_at = None;
            for line in &solution {
                let words: Vec<&str> = line.split_whitespace().collect();
                if let ["choose", _goal, option] = words.as_slice() {
                    click_answer(&b, line, option).await?;
                    continue;
                }
                // After the merge, the page's clock (1×) carries the rollout: no `sleep` typed.
                if merged_at.is_some() && line.starts_with("sleep") {
                    let started: Instant = merged_at.unwrap_or_else(Instant::now);
                    b.wait_js_with(
                        "all traffic on v2.0.0 (the rolled-out goal)",
                        Duration::from_secs(90),
                        GOAL_MET,
                        vec![Value::from("v2.0.0 answers every request")],
                    )
                    .await?;
                    eprintln!(
                        "gitops-pr in the browser: merge -> all traffic on v2.0.0 ticked after {:.1} s of wall time (clock at 1x)",
                        started.elapsed().as_secs_f64()
                    );
                    continue;
                }
                b.run_command(line).await?;
                if line.starts_with("gh pr merge") {
                    merged_at = Some(Instant::now());
                    let text = b.console_text().await?;
                    ensure!(text.contains("Merged pull request team/app-config#1"), "the merge: {text}");
                }
            }
            labs::all_goals_met(&b).await?;
            let text = b.console_text().await?;
            ensure!(text.contains("GH006: Protected branch update failed"), "the direct push was refused: {text}");
            ensure!(text.contains("Synced to HEAD"), "argocd app get after the merge: {text}");
            labs::only_expected_errors(&b, &["GH006"]).await?;
            b.screenshot("gitops-pr-solved", 1280, 800).await?;
            Ok(())
        }
        .await;
        (b, r)
    })
    .await;
}

#[tokio::test]
async fn gitops_revert_lab_solved_in_the_browser() {
    // Argo CD refuses its own rollback while auto-sync is on: the lab asks for that.
    labs::solve(
        "gitops",
        "gitops-revert",
        "rollback by pull request",
        7,
        &["rollback cannot be initiated when auto-sync is enabled"],
    )
    .await;
}

#[tokio::test]
async fn gitops_drift_lab_solved_in_the_browser() {
    labs::solve("gitops", "gitops-drift", "drift and self-heal", 7, &[]).await;
}

#[tokio::test]
async fn gitops_rebuild_lab_solved_in_the_browser() {
    labs::solve("gitops", "gitops-rebuild", "the cluster goes down", 5, &[]).await;
}

#[tokio::test]
async fn gitops_push_pull_lab_solved_in_the_browser() {
    labs::solve("gitops", "gitops-push-pull", "push versus pull", 4, &[]).await;
}
