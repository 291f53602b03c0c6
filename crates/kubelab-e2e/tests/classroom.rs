//! The lab in a classroom (issue 14): keyboard only, with a screen reader's view of the page,
//! on a projector, on school laptops and phones, and inside a course page. Same harness as
//! `browser.rs` (the release build in `dist/`, headless Chromium, one test at a time); every
//! figure is measured in the page. Screenshots of each layout go to `target/screenshots/`.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use kubelab_e2e::{ensure, screenshots_dir, Browser, Result, StaticServer};
use serde_json::Value;
use std::future::Future;
use std::time::Duration;

/// Starts the server and the browser, runs `scenario`, saves evidence when it fails, always
/// closes the browser, and panics with the scenario's error.
async fn run<F, Fut>(name: &str, scenario: F)
where
    F: FnOnce(Browser, String) -> Fut,
    Fut: Future<Output = (Browser, Result<()>)>,
{
    let dist = kubelab_e2e::dist_dir().unwrap_or_else(|e| panic!("{e}"));
    let server = StaticServer::start(&dist).unwrap_or_else(|e| panic!("static server: {e}"));
    let browser = Browser::launch().await.unwrap_or_else(|e| panic!("{e}"));
    let (browser, result) = scenario(browser, server.url()).await;
    if let Err(e) = &result {
        let dir = screenshots_dir();
        if let Ok(png) = browser.client.screenshot().await {
            let _ = std::fs::write(dir.join(format!("FAILED-{name}.png")), png);
        }
        let text = browser.console_text().await.unwrap_or_default();
        eprintln!("{name} failed: {e}\n--- console ---\n{text}\n--- (screenshot in {}) ---", dir.display());
    }
    browser.close().await;
    drop(server);
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

/// Presses `keys` together (the first ones held as modifiers) on whatever has the focus.
async fn press(b: &Browser, keys: &[Key]) -> Result<()> {
    let mut seq = KeyActions::new("keyboard".into());
    for k in keys {
        seq = seq.then(KeyAction::Down { value: char::from(*k) });
    }
    for k in keys.iter().rev() {
        seq = seq.then(KeyAction::Up { value: char::from(*k) });
    }
    b.client.perform_actions(seq).await?;
    Ok(())
}

/// Types plain text on whatever has the focus.
async fn type_text(b: &Browser, text: &str) -> Result<()> {
    let mut seq = KeyActions::new("keyboard".into());
    for c in text.chars() {
        seq = seq.then(KeyAction::Down { value: c }).then(KeyAction::Up { value: c });
    }
    b.client.perform_actions(seq).await?;
    Ok(())
}

/// A name for the focused element: its id, else its tag, class and text.
const FOCUSED: &str = "
    const e = document.activeElement;
    if (!e || e === document.body) return 'body';
    if (e.id) return '#' + e.id;
    return e.tagName.toLowerCase() + '.' + [...e.classList].join('.') + ':' + (e.textContent || '').trim().slice(0, 30);";

async fn focused(b: &Browser) -> Result<String> {
    Ok(b.js(FOCUSED).await?.as_str().unwrap_or("").to_string())
}

/// Opens the Playground with a NodePort Service in front of a deployment (so the browser panel
/// offers its node port) and waits for the pods.
async fn playground_with_service(b: &Browser, url: &str) -> Result<()> {
    b.goto(url).await?;
    b.wait_for_console().await?;
    b.choose("exercise", "playground").await?;
    b.wait_js(
        "the Playground",
        Duration::from_secs(10),
        "const h = document.querySelector('#exercise-panel h2'); return !!h && h.textContent.includes('Playground');",
    )
    .await?;
    b.run_command("kubectl create deployment web --image=nginx --replicas=2").await?;
    b.run_command("kubectl expose deployment web --type=NodePort --port=80").await?;
    b.wait_js(
        "the node-port suggestion",
        Duration::from_secs(20),
        "return document.querySelectorAll('#browser .suggestion').length > 0;",
    )
    .await?;
    Ok(())
}

/// Tab from the top of the page until the focus comes round again (or 250 presses): the
/// elements reached, in order. The console is left with an empty input, so Tab passes through.
async fn tab_walk(b: &Browser, shift: bool) -> Result<Vec<String>> {
    b.js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);").await?;
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..250 {
        if shift {
            press(b, &[Key::Shift, Key::Tab]).await?;
        } else {
            press(b, &[Key::Tab]).await?;
        }
        let f = focused(b).await?;
        if seen.first() == Some(&f) {
            break;
        }
        seen.push(f);
    }
    // The walk starts wherever the focus last was: read it from the top of the page.
    seen.retain(|f| f != "body");
    if let Some(i) = seen.iter().position(|f| f == "#exercise") {
        seen.rotate_left(i);
    }
    Ok(seen)
}

/// (1) Keyboard only: every control is reached by Tab (and by Shift+Tab the other way), the
/// console is no trap (Tab with nothing to complete, Escape then Tab, and Shift+Tab all leave
/// it; Tab with a word typed completes), `+1 s` is there while time plays, the scrollback is a
/// focusable log, every table header has a name, the charts and the flow diagram have text, and
/// no pod's state symbol is the shortened name's prefix.
#[tokio::test]
async fn a_keyboard_reaches_every_control_and_leaves_the_console() {
    run("a_keyboard", |b, url| async move {
        let r = async {
            playground_with_service(&b, &url).await?;
            let walk = tab_walk(&b, false).await?;
            eprintln!("tab order ({}): {walk:?}", walk.len());
            let must = [
                "#exercise",
                "#play",
                "#step",
                "#skip-60",
                "#speed",
                "#presenter",
                "#system",
                "#reset",
                "#tab-replicas",
                "#tab-traffic",
                "#console-output",
                "#console-input",
                "#tab-browser",
                "#tab-load",
                "#browser-url",
                "#browser-go",
                "button.suggestion",
                "input.filter",
            ];
            let missing: Vec<&str> = must.iter().copied().filter(|m| !walk.iter().any(|w| w.starts_with(m))).collect();
            ensure!(missing.is_empty(), "Tab never reaches {missing:?}; it reaches {walk:?}");
            let pos = |m: &str| walk.iter().position(|w| w.starts_with(m));
            ensure!(
                pos("#console-input") < pos("#tab-browser"),
                "Tab leaves the console for the panels after it: {walk:?}"
            );
            let back = tab_walk(&b, true).await?;
            let missing: Vec<&str> = must.iter().copied().filter(|m| !back.iter().any(|w| w.starts_with(m))).collect();
            ensure!(missing.is_empty(), "Shift+Tab never reaches {missing:?}; it reaches {back:?}");

            // The console: Tab completes a word, Escape then Tab leaves, Shift+Tab always leaves.
            b.client.find(fantoccini::Locator::Id("console-input")).await?.click().await?;
            type_text(&b, "kubectl get deploym").await?;
            press(&b, &[Key::Tab]).await?;
            let value = b.js("return document.getElementById('console-input').value;").await?;
            ensure!(
                value.as_str().is_some_and(|v| v.starts_with("kubectl get deployment")),
                "Tab completes the word: {value}"
            );
            ensure!(focused(&b).await? == "#console-input", "a completion keeps the focus in the console");
            press(&b, &[Key::Escape]).await?;
            press(&b, &[Key::Tab]).await?;
            let after = focused(&b).await?;
            ensure!(after != "#console-input", "Escape then Tab leaves the console (focus: {after})");
            b.client.find(fantoccini::Locator::Id("console-input")).await?.click().await?;
            press(&b, &[Key::Shift, Key::Tab]).await?;
            let after = focused(&b).await?;
            ensure!(after == "#console-output", "Shift+Tab leaves the console's input for its scrollback ({after})");

            // Focus is visible on the console input (its line's outline) and elsewhere.
            b.client.find(fantoccini::Locator::Id("console-input")).await?.click().await?;
            let ring = b
                .js("const l = document.querySelector('#console .prompt-line'); const s = getComputedStyle(l);
                     return s.outlineStyle + ' ' + s.outlineWidth;")
                .await?;
            ensure!(
                ring.as_str().is_some_and(|s| s.starts_with("solid") && !s.ends_with(" 0px")),
                "a focus ring on the console's line: {ring}"
            );

            // `+1 s` while time plays: there, and it pauses.
            let playing =
                b.js("return document.getElementById('play').getAttribute('aria-label') === 'Pause';").await?;
            ensure!(playing == Value::Bool(true), "time plays");
            let disabled = b.js("return document.getElementById('step').disabled;").await?;
            ensure!(disabled == Value::Bool(false), "+1 s can be used while time plays");
            b.click("step").await?;
            b.wait_js(
                "+1 s to pause the clock",
                Duration::from_secs(5),
                "return document.getElementById('play').getAttribute('aria-label') === 'Play';",
            )
            .await?;

            // What a screen reader is told.
            let checks = b
                .js("const o = document.getElementById('console-output');
                     const empty = [...document.querySelectorAll('th')].filter(t => !t.textContent.trim()).length;
                     const pods = [...document.querySelectorAll('#cluster .pod')];
                     const syms = pods.map(p => p.querySelector('.sym').textContent);
                     const prefixes = pods.map(p => p.querySelector('.pname').textContent[0]);
                     const chart = document.getElementById('rs-chart').getAttribute('aria-label');
                     return { role: o.getAttribute('role'), live: o.getAttribute('aria-live'), tab: o.tabIndex,
                              empty_headers: empty, pods: pods.length,
                              clash: syms.filter(s => prefixes.includes(s)).length, chart };")
                .await?;
            eprintln!("screen reader: {checks}");
            ensure!(
                checks["role"] == "log" && checks["live"] == "polite" && checks["tab"] == 0,
                "the scrollback is a focusable polite log: {checks}"
            );
            ensure!(checks["empty_headers"] == 0, "no empty table header: {checks}");
            ensure!(
                checks["pods"].as_i64().unwrap_or(0) >= 2 && checks["clash"] == 0,
                "no state symbol is a name prefix: {checks}"
            );
            ensure!(
                checks["chart"].as_str().is_some_and(|c| c.contains("desired") && c.contains("web-")),
                "the replica chart in words: {checks}"
            );

            // The traffic tab: the clients table's Stop column has a header, the flow diagram text.
            b.click("tab-load").await?;
            b.wait_js(
                "the traffic panel",
                Duration::from_secs(5),
                "return !!document.getElementById('traffic-start');",
            )
            .await?;
            b.click("traffic-start").await?;
            b.click("play").await?;
            b.wait_js(
                "the flow diagram's text",
                Duration::from_secs(20),
                "const t = document.getElementById('flow-text'); return !!t && t.textContent.includes('pod ');",
            )
            .await?;
            let empty =
                b.js("return [...document.querySelectorAll('th')].filter(t => !t.textContent.trim()).length;").await?;
            ensure!(empty == 0, "no empty table header with a client running: {empty}");
            let svg = b.js("return document.querySelector('#flow svg').getAttribute('aria-describedby');").await?;
            ensure!(svg == "flow-text", "the flow diagram points at its text: {svg}");
            Ok(())
        }
        .await;
        (b, r)
    })
    .await;
}
