//! The four deployment-strategy labs (issue 12) solved in the browser, as a student would: the
//! release build in `dist/` in headless Chromium, each lab opened by its address (`#/<id>`), its
//! solution typed into the console line by line, its questions answered by clicking their
//! option buttons, and every goal ticked at the end. Run after `trunk build --release
//! --offline`, one test at a time: `cargo test -p kubelab-e2e --test strategies --
//! --test-threads=1` (scripts/test.sh runs every test of this crate).
//!
//! A screenshot of each solved lab goes to `target/screenshots/strategy-<id>-solved.png`; a
//! failing test leaves `FAILED-<name>.png` and the console's text there.

use kubelab_e2e::{ensure, exercise_solution, run_scenario, Browser, Result};
use serde_json::Value;
use std::time::Duration;

/// `[text, met]` of every goal in the exercise panel.
async fn goals(b: &Browser) -> Result<Vec<(String, bool)>> {
    let v = b
        .js("return Array.from(document.querySelectorAll('#exercise-panel .goal'))
                 .map(g => [g.textContent.trim(), g.dataset.met === 'true']);")
        .await?;
    Ok(serde_json::from_value(v)?)
}

/// Opens `<url>#/<id>` and waits for the lab's panel (its title contains `title`); returns the
/// goals as they stand at the start, none of them met.
async fn open_by_route(b: &Browser, url: &str, id: &str, title: &str) -> Result<Vec<(String, bool)>> {
    b.goto(&format!("{}#/{id}", url.trim_end_matches('/'))).await?;
    b.wait_for_console().await?;
    b.wait_js_with(
        "the lab's panel",
        Duration::from_secs(20),
        "const h = document.querySelector('#exercise-panel h2'); return !!h && h.textContent.includes(arguments[0]);",
        vec![Value::from(title)],
    )
    .await?;
    let before = goals(b).await?;
    ensure!(!before.is_empty() && before.iter().all(|(_, met)| !met), "no goal met at the start: {before:?}");
    Ok(before)
}

/// Clicks option `option` of the current question once its buttons are shown, and waits until
/// the console took the `choose` line the click sends.
async fn click_answer(b: &Browser, line: &str, option: &str) -> Result<()> {
    b.wait_js_with(
        &format!("the option buttons for `{line}`"),
        Duration::from_secs(30),
        "return !!document.querySelector(`#exercise-panel .choice-option[data-option='${arguments[0]}']`);",
        vec![Value::from(option)],
    )
    .await?;
    let n = b.js("return document.querySelectorAll('#console-output .in').length;").await?;
    let clicked = b
        .js_with(
            "const o = document.querySelector(`#exercise-panel .choice-option[data-option='${arguments[0]}']`);
             if (!o) { return false; } o.click(); return true;",
            vec![Value::from(option)],
        )
        .await?;
    ensure!(clicked == Value::Bool(true), "an option button `{option}` for `{line}`");
    b.wait_js_with(
        "the console to take the clicked answer",
        Duration::from_secs(10),
        "return document.querySelectorAll('#console-output .in').length > arguments[0];",
        vec![n],
    )
    .await?;
    Ok(())
}

/// Solves lab `id` in the browser: every solution line typed (a `choose` line clicked), then
/// every goal met, no error printed but the ones listed in `expected_errors`, and a screenshot.
async fn solve(id: &'static str, title: &'static str, min_goals: usize, expected_errors: &'static [&'static str]) {
    let solution = exercise_solution(id).unwrap_or_else(|e| panic!("exercises/{id}: {e}"));
    run_scenario(&format!("strategy-{id}"), |b, url| async move {
        let r =
            async {
                let before = open_by_route(&b, &url, id, title).await?;
                ensure!(before.len() >= min_goals, "the {id} lab's goals: {before:?}");
                for line in &solution {
                    let words: Vec<&str> = line.split_whitespace().collect();
                    if let ["choose", _goal, option] = words.as_slice() {
                        click_answer(&b, line, option).await?;
                    } else {
                        b.run_command(line).await?;
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
                let errors: Vec<String> = serde_json::from_value(
                b.js("return Array.from(document.querySelectorAll('#console-output pre.err')).map(e => e.textContent);")
                    .await?,
            )?;
                let unexpected: Vec<&String> = errors
                    .iter()
                    .filter(|e| e.to_lowercase().contains("error") && !expected_errors.iter().any(|x| e.contains(x)))
                    .collect();
                ensure!(unexpected.is_empty(), "no command of the solution failed unexpectedly: {unexpected:?}");
                for x in expected_errors {
                    ensure!(errors.iter().any(|e| e.contains(x)), "the expected error `{x}` was printed: {errors:?}");
                }
                let progress = b.js("return document.querySelector('#exercise-panel .progress').textContent;").await?;
                let all = goals(&b).await?.len();
                ensure!(
                    progress.as_str() == Some(format!("{all} of {all} goals met").as_str()),
                    "the panel's count: {progress}"
                );
                b.screenshot(&format!("strategy-{id}-solved"), 1280, 800).await?;
                Ok(())
            }
            .await;
        (b, r)
    })
    .await;
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
