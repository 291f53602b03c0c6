//! GitOps' end goal (issue 13) solved in the browser, as a student would: the release build in
//! `dist/` in headless Chromium, the lab `gitops-pr` opened by its address (`#/gitops-pr`), its
//! solution typed into the console line by line (the image bumped with `sed -i`, the direct
//! push refused, the branch, `gh pr create`, Alex's approval, `gh pr merge`), its questions
//! answered by clicking their option buttons, and every goal ticked at the end. After the merge
//! it waits, at the page's own 1× clock, for the goal that all traffic is on v2.0.0 and prints
//! the wall time it took. Run after `trunk build --release --offline`, one test at a time:
//! `cargo test -p kubelab-e2e --test gitops -- --test-threads=1 --nocapture`.
//!
//! A screenshot of the solved lab goes to `target/screenshots/gitops-pr-solved.png`; a failing
//! test leaves `FAILED-gitops-pr.png` and the console's text there.

use kubelab_e2e::{ensure, exercise_solution, run_scenario, Browser, Result};
use serde_json::Value;
use std::time::{Duration, Instant};

/// `[text, met]` of every goal in the exercise panel.
async fn goals(b: &Browser) -> Result<Vec<(String, bool)>> {
    let v = b
        .js("return Array.from(document.querySelectorAll('#exercise-panel .goal'))
                 .map(g => [g.textContent.trim(), g.dataset.met === 'true']);")
        .await?;
    Ok(serde_json::from_value(v)?)
}

/// Clicks option `option` of the current question once its button is shown, and waits until
/// the console took the `choose` line the click sends.
async fn click_answer(b: &Browser, option: &str) -> Result<()> {
    b.wait_js_with(
        &format!("the option button {option}"),
        Duration::from_secs(30),
        "return !!document.querySelector(`#exercise-panel .choice-option[data-option='${arguments[0]}']`);",
        vec![Value::from(option)],
    )
    .await?;
    let n = b.js("return document.querySelectorAll('#console-output .in').length;").await?;
    b.js_with(
        "document.querySelector(`#exercise-panel .choice-option[data-option='${arguments[0]}']`).click();",
        vec![Value::from(option)],
    )
    .await?;
    b.wait_js_with(
        "the console to take the clicked answer",
        Duration::from_secs(10),
        "return document.querySelectorAll('#console-output .in').length > arguments[0];",
        vec![n],
    )
    .await?;
    Ok(())
}

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
                    click_answer(&b, option).await?;
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
            let met = b
                .wait_js(
                    "every goal to be met",
                    Duration::from_secs(60),
                    "const g = Array.from(document.querySelectorAll('#exercise-panel .goal'));
                     return g.length > 0 && g.every(x => x.dataset.met === 'true') && g.length;",
                )
                .await;
            if let Err(e) = met {
                let unmet: Vec<String> = goals(&b).await?.into_iter().filter(|(_, m)| !m).map(|(t, _)| t).collect();
                return Err(format!("{e}; not met: {unmet:#?}").into());
            }
            let text = b.console_text().await?;
            ensure!(text.contains("GH006: Protected branch update failed"), "the direct push was refused: {text}");
            ensure!(text.contains("Synced to HEAD"), "argocd app get after the merge: {text}");
            let errors: Vec<String> = serde_json::from_value(
                b.js("return Array.from(document.querySelectorAll('#console-output pre.err')).map(e => e.textContent);")
                    .await?,
            )?;
            let unexpected: Vec<&String> = errors
                .iter()
                .filter(|e| e.to_lowercase().contains("error") && !e.contains("GH006") && !e.contains("failed to push"))
                .collect();
            ensure!(unexpected.is_empty(), "no other command failed: {unexpected:?}");
            b.screenshot("gitops-pr-solved", 1280, 800).await?;
            Ok(())
        }
        .await;
        (b, r)
    })
    .await;
}
