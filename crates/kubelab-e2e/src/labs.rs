//! Solving a graded lab in the browser as a student does: open it by its address (`#/<id>`),
//! type its solution into the console line by line, click the option button of each `choose`
//! line, and check that every goal is ticked and that no command failed but the expected ones.
//! Shared by the strategy labs' tests (`tests/strategies.rs`) and the GitOps labs'
//! (`tests/gitops.rs`); `open_playground` by every test and measurement that starts there.

use crate::{exercise_solution, run_scenario, Browser, Result};
use serde_json::Value;
use std::time::Duration;

/// `[text, met]` of every goal in the exercise panel.
pub async fn goals(b: &Browser) -> Result<Vec<(String, bool)>> {
    let v = b
        .js("return Array.from(document.querySelectorAll('#exercise-panel .goal'))
                 .map(g => [g.textContent.trim(), g.dataset.met === 'true']);")
        .await?;
    Ok(serde_json::from_value(v)?)
}

/// Loads the lab at `url` and switches to the Playground, waiting for its panel and its
/// current-era banner in the console.
pub async fn open_playground(b: &Browser, url: &str) -> Result<()> {
    b.goto(url).await?;
    b.wait_for_console().await?;
    b.choose("exercise", "playground").await?;
    b.wait_js(
        "the Playground exercise to load",
        Duration::from_secs(10),
        "const h = document.querySelector('#exercise-panel h2');
         const o = document.getElementById('console-output');
         return !!h && h.textContent.includes('Playground') && o.textContent.includes('Kubernetes v1.33');",
    )
    .await?;
    Ok(())
}

/// Opens lab `id` by its address and waits for its panel (a title containing `title`); no goal
/// may be met before the student did anything. Returns the goals.
pub async fn open_by_route(b: &Browser, url: &str, id: &str, title: &str) -> Result<Vec<(String, bool)>> {
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
pub async fn click_answer(b: &Browser, line: &str, option: &str) -> Result<()> {
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

/// Waits until every goal is met; the error names the unmet ones.
pub async fn all_goals_met(b: &Browser) -> Result<()> {
    let met = b
        .wait_js(
            "every goal to be met",
            Duration::from_secs(60),
            "const g = Array.from(document.querySelectorAll('#exercise-panel .goal'));
             return g.length > 0 && g.every(x => x.dataset.met === 'true') && g.length;",
        )
        .await;
    if let Err(e) = met {
        let unmet: Vec<String> = goals(b).await?.into_iter().filter(|(_, m)| !m).map(|(t, _)| t).collect();
        return Err(format!("{e}; not met: {unmet:#?}").into());
    }
    Ok(())
}

/// The console's error blocks: each must be one of `expected` (substrings) unless it does not
/// say "error", and each of `expected` must have been printed.
pub async fn only_expected_errors(b: &Browser, expected: &[&str]) -> Result<()> {
    let errors: Vec<String> = serde_json::from_value(
        b.js("return Array.from(document.querySelectorAll('#console-output pre.err')).map(e => e.textContent);")
            .await?,
    )?;
    let unexpected: Vec<&String> = errors
        .iter()
        .filter(|e| e.to_lowercase().contains("error") && !expected.iter().any(|x| e.contains(x)))
        .collect();
    ensure!(unexpected.is_empty(), "no command of the solution failed unexpectedly: {unexpected:?}");
    for x in expected {
        ensure!(errors.iter().any(|e| e.contains(x)), "the expected error `{x}` was printed: {errors:?}");
    }
    Ok(())
}

/// Solves lab `id` in the browser: every solution line typed (a `choose` line clicked), then
/// every goal met, no error printed but the ones listed in `expected_errors`, the panel's count
/// "N of N goals met", and a screenshot `<prefix>-<id>-solved`.
pub async fn solve(
    prefix: &str,
    id: &'static str,
    title: &'static str,
    min_goals: usize,
    expected_errors: &'static [&'static str],
) {
    let solution = exercise_solution(id).unwrap_or_else(|e| panic!("exercises/{id}: {e}"));
    let name = format!("{prefix}-{id}");
    run_scenario(&name.clone(), |b, url| async move {
        let r = async {
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
            all_goals_met(&b).await?;
            only_expected_errors(&b, expected_errors).await?;
            let progress = b.js("return document.querySelector('#exercise-panel .progress').textContent;").await?;
            let all = goals(&b).await?.len();
            ensure!(
                progress.as_str() == Some(format!("{all} of {all} goals met").as_str()),
                "the panel's count: {progress}"
            );
            b.screenshot(&format!("{name}-solved"), 1280, 800).await?;
            Ok(())
        }
        .await;
        (b, r)
    })
    .await;
}
