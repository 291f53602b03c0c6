//! The lab in a classroom (issue 14): keyboard only, with a screen reader's view of the page,
//! on a projector, on school laptops and phones, and inside a course page. Same harness as
//! `browser.rs` (the release build in `dist/`, headless Chromium, one test at a time); every
//! figure is measured in the page. Screenshots of each layout go to `target/screenshots/`.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use kubelab_e2e::labs::open_playground;
use kubelab_e2e::{axe, ensure, run_scenario as run, Browser, Result, StaticServer};
use serde_json::Value;
use std::time::Duration;

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
    open_playground(b, url).await?;
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

/// Notes a failed expectation (the test goes on measuring, and fails at its end with them all).
macro_rules! check {
    ($problems:expr, $ok:expr, $($what:tt)+) => {
        let ok: bool = $ok;
        if !ok {
            $problems.push(format!($($what)+));
        }
    };
}

/// Figures of the layout as it stands, measured in the page: the viewport and whether the page
/// scrolls; the top bar's height; the console's visible lines and whether its last line and its
/// input are in sight (and not covered); the workloads table's rows in sight; the cluster
/// panel's height; the smallest text in the cluster view and the diagrams.
const FIGURES: &str = "
    const px = v => Math.round(v);
    const d = document.documentElement;
    const rect = el => el ? el.getBoundingClientRect() : null;
    const visible = (el, box) => { const r = rect(el); const b = box || { top: 0, left: 0, bottom: innerHeight, right: innerWidth };
        return !!r && r.height > 0 && r.top >= b.top - 1 && r.bottom <= b.bottom + 1 && r.left >= b.left - 1 && r.right <= b.right + 1; };
    const uncovered = el => { const r = rect(el); if (!r || r.height === 0) return false;
        const x = r.left + Math.min(20, r.width / 2), y = r.top + r.height / 2;
        if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
        const at = document.elementFromPoint(x, y); return !!at && (at === el || el.contains(at)); };
    const out = document.getElementById('console-output');
    const lh = parseFloat(getComputedStyle(out).lineHeight) || 18;
    const lines = [...(out.querySelector('.lines') || out).children];
    const last = lines[lines.length - 1];
    const outBox = rect(out);
    const cluster = document.getElementById('cluster');
    const cbox = rect(cluster);
    const rows = [...document.querySelectorAll('#workloads tr')];
    const box = { top: Math.max(cbox.top, 0), bottom: Math.min(cbox.bottom, innerHeight), left: cbox.left, right: cbox.right };
    const smallest = sel => { let m = 1e9; for (const el of document.querySelectorAll(sel)) {
        const r = el.getBoundingClientRect(); if (r.width === 0 || !el.textContent.trim()) continue;
        m = Math.min(m, parseFloat(getComputedStyle(el).fontSize) * (el.closest('svg') ? (el.closest('svg').getBoundingClientRect().width / el.closest('svg').viewBox.baseVal.width) : 1)); }
        return m === 1e9 ? null : Math.round(m * 10) / 10; };
    const top = document.querySelector('.topbar');
    const topItems = [...top.children].map(rect).filter(r => r && r.height > 0);
    const topRows = new Set(topItems.map(r => Math.round(r.top / 8))).size;
    return {
        too_wide: [...document.querySelectorAll('body *')].filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > innerWidth + 1 && !e.closest('[hidden]'); })
            .slice(0, 6).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.') + ' ' + Math.round(e.getBoundingClientRect().right)),
        viewport: [innerWidth, innerHeight], page_scrolls: [d.scrollWidth > innerWidth + 1, d.scrollHeight > innerHeight + 1],
        topbar_h: px(rect(top).height), topbar_rows: topRows,
        console_lines: Math.floor(out.clientHeight / lh), console_h: px(outBox.height),
        last_line_in_sight: !!last && rect(last).bottom <= outBox.bottom + 1 && rect(last).top >= outBox.top - 1,
        last_line: last ? last.textContent.slice(0, 60) : '',
        input_in_sight: visible(document.getElementById('console-input')) && uncovered(document.getElementById('console-input')),
        input_rect: (r => [px(r.top), px(r.bottom), px(r.left), px(r.right)])(rect(document.getElementById('console-input'))),
        input_hit: (r => { const e = document.elementFromPoint(r.left + Math.min(20, r.width / 2), r.top + r.height / 2); return e ? e.tagName + '#' + e.id + '.' + e.className : null; })(rect(document.getElementById('console-input'))),
        workload_rows: rows.length, workload_rows_in_sight: rows.filter(r => visible(r, box)).length,
        cluster_h: px(cbox.height), cluster_w: px(cbox.width),
        widest_panel: px(Math.max(...[...document.querySelectorAll('.panel')].map(p => rect(p).right))),
        pod_text_px: smallest('#cluster .pod .pname'), pod_state_px: smallest('#cluster .pod .pstatus'),
        flow_text_px: smallest('#flow svg text'), legend_px: smallest('.chart-legend li'),
        canvas_font_px: [...document.querySelectorAll('canvas')].filter(c => c.getBoundingClientRect().width > 0).map(c => parseFloat(getComputedStyle(c).fontSize) * c.getBoundingClientRect().width / c.width),
        workloads_px: smallest('#workloads td'),
        chart_canvas: [...document.querySelectorAll('canvas')].filter(c => c.getBoundingClientRect().width > 0).map(c => [c.width, px(c.getBoundingClientRect().width)]),
    };";

async fn figures(b: &Browser, name: &str, w: u32, h: u32) -> Result<Value> {
    let (path, dims) = b.screenshot(name, w, h).await?;
    ensure!(dims == (w, h), "{}: the screenshot is {dims:?}, not {w}x{h}", path.display());
    let f = b.js(FIGURES).await?;
    eprintln!("figures {name}: {f}");
    std::fs::write(path.with_extension("figures.json"), f.to_string())?;
    Ok(f)
}

/// The Playground as a rollout leaves it: deployment `web` with two ReplicaSets, a NodePort
/// Service, and traffic from outside (the centre panel shows the flow diagram).
async fn rollout_with_traffic(b: &Browser, url: &str) -> Result<()> {
    playground_with_service(b, url).await?;
    b.run_command("kubectl set image deployment/web nginx=nginx:1.27").await?;
    b.wait_js(
        "two ReplicaSets",
        Duration::from_secs(20),
        "return document.querySelectorAll('#workloads tr.replicaset').length === 2;",
    )
    .await?;
    b.click("tab-load").await?;
    b.wait_js("the traffic panel", Duration::from_secs(5), "return !!document.getElementById('traffic-start');")
        .await?;
    b.click("traffic-start").await?;
    b.wait_js("the flow diagram", Duration::from_secs(20), "return !!document.querySelector('#flow svg');").await?;
    Ok(())
}

/// (2) Laptops, tablets and phones: at 1366x768 the console shows 15 lines and the whole
/// workloads table of a rollout; at 1280x720 and 1920x1080 nothing scrolls but the panels; on
/// a 390x844 phone the panels stack in a column that scrolls, none wider than the screen, the
/// cluster view at least half the screen high and the console's input never covered. After
/// traffic starts (the centre panel changes), the console still shows its last line.
#[tokio::test]
async fn b_layouts_fit_laptops_tablets_and_phones() {
    run("b_layouts", |b, url| async move {
        let r = async {
            let mut problems = Vec::new();
            b.set_viewport(1366, 768).await?;
            rollout_with_traffic(&b, &url).await?;
            // Traffic started after the last command: its output is still in sight.
            tokio::time::sleep(Duration::from_millis(1500)).await;
            let f = b.js(FIGURES).await?;
            check!(
                problems,
                f["last_line_in_sight"] == true && f["last_line"].as_str().is_some_and(|l| l.contains("image updated")),
                "the console shows its last output after traffic starts: {f}"
            );
            b.run_command("kubectl expose deployment web --port=8080 --name=web2").await?;
            let f = figures(&b, "layout-1366x768", 1366, 768).await?;
            check!(
                problems,
                f["last_line_in_sight"] == true,
                "the console shows its last line after traffic starts: {f}"
            );
            check!(problems, f["console_lines"].as_i64().unwrap_or(0) >= 15, "15 console lines at 1366x768: {f}");
            check!(
                problems,
                f["workload_rows"].as_i64().unwrap_or(0) >= 4 && f["workload_rows_in_sight"] == f["workload_rows"],
                "the whole workloads table (header, deployment, two ReplicaSets) in sight at 1366x768: {f}"
            );
            check!(
                problems,
                f["page_scrolls"] == serde_json::json!([false, false]),
                "the page itself does not scroll: {f}"
            );
            check!(problems, f["input_in_sight"] == true, "the console's input in sight: {f}");
            for (w, h) in [(1280, 720), (1920, 1080)] {
                let f = figures(&b, &format!("layout-{w}x{h}"), w, h).await?;
                check!(
                    problems,
                    f["page_scrolls"] == serde_json::json!([false, false]),
                    "no page scrollbar at {w}x{h}: {f}"
                );
                check!(
                    problems,
                    f["last_line_in_sight"] == true && f["input_in_sight"] == true,
                    "console at {w}x{h}: {f}"
                );
                if w == 1920 {
                    check!(
                        problems,
                        f["workload_rows_in_sight"] == f["workload_rows"],
                        "the workloads table at {w}x{h}: {f}"
                    );
                }
            }
            for (w, h) in [(390, 844), (820, 1180)] {
                let f = figures(&b, &format!("layout-{w}x{h}"), w, h).await?;
                check!(
                    problems,
                    f["widest_panel"].as_i64().unwrap_or(9999) <= i64::from(w),
                    "no panel wider than the screen at {w}x{h}: {f}"
                );
                check!(problems, f["page_scrolls"][0] == false, "no sideways scrolling at {w}x{h}: {f}");
                check!(
                    problems,
                    f["cluster_h"].as_i64().unwrap_or(0) * 2 >= i64::from(h),
                    "the cluster view half the screen high at {w}x{h}: {f}"
                );
                // Scrolled to the console, its input is in sight and not covered.
                b.js("document.getElementById('console-input').scrollIntoView({block: 'center'});").await?;
                tokio::time::sleep(Duration::from_millis(500)).await;
                let f = b.js(FIGURES).await?;
                check!(
                    problems,
                    f["input_in_sight"] == true && f["console_lines"].as_i64().unwrap_or(0) >= 10,
                    "the console at {w}x{h}: {f}"
                );
                b.js("window.scrollTo(0, 0);").await?;
            }
            ensure!(problems.is_empty(), "{}", problems.join("\n"));
            Ok(())
        }
        .await;
        (b, r)
    })
    .await;
}

/// (3) The presenter layout at 1280x720 and 1920x1080: one row of controls, no page scrollbar,
/// the side panels folded (and back on demand), the cluster view and the console large, every
/// text of the cluster view and the diagrams at least 18 px, and the spotlight enlarging the
/// panel clicked.
#[tokio::test]
async fn c_presenter_layout_fits_a_projector() {
    run("c_presenter", |b, url| async move {
        let r = async {
            let mut problems = Vec::new();
            b.set_viewport(1280, 720).await?;
            rollout_with_traffic(&b, &url).await?;
            figures(&b, "normal-1280x720", 1280, 720).await?;
            b.click("presenter").await?;
            b.wait_js("the presenter layout", Duration::from_secs(5), "return !!document.querySelector('.app.presenter');").await?;
            for (w, h) in [(1280, 720), (1920, 1080)] {
                let f = figures(&b, &format!("presenter-{w}x{h}"), w, h).await?;
                check!(problems, f["page_scrolls"] == serde_json::json!([false, false]), "no page scrollbar at {w}x{h}: {f}");
                check!(problems, f["topbar_rows"] == 1, "one row of controls at {w}x{h}: {f}");
                for k in ["pod_text_px", "pod_state_px", "flow_text_px", "workloads_px"] {
                    check!(problems, f[k].as_f64().unwrap_or(0.0) >= 18.0, "{k} at least 18 px at {w}x{h}: {f}");
                }
                // The replica chart's tab: its axis labels and legend.
                b.click("tab-replicas").await?;
                tokio::time::sleep(Duration::from_millis(1500)).await;
                b.click("spot-none").await?;
                let g = figures(&b, &format!("presenter-chart-{w}x{h}"), w, h).await?;
                let canvas_ok = g["canvas_font_px"].as_array().is_some_and(|a| !a.is_empty() && a.iter().all(|v| v.as_f64().unwrap_or(0.0) >= 18.0));
                check!(problems, canvas_ok && g["legend_px"].as_f64().unwrap_or(0.0) >= 18.0, "chart labels and legend at least 18 px at {w}x{h}: {g}");
                check!(problems, g["page_scrolls"] == serde_json::json!([false, false]), "no page scrollbar with the chart at {w}x{h}: {g}");
                b.click("tab-traffic").await?;
                // (A click in a panel spotlights it: back to none.)
                b.click("spot-none").await?;
                check!(problems, f["last_line_in_sight"] == true && f["input_in_sight"] == true, "the console at {w}x{h}: {f}");
                check!(problems, f["console_lines"].as_i64().unwrap_or(0) >= 8, "8 console lines at {w}x{h}: {f}");
                check!(problems, f["cluster_h"].as_i64().unwrap_or(0) * 5 >= i64::from(h) * 2, "the cluster view 40% of the height at {w}x{h}: {f}");
                let sides = b.js("return [!!document.querySelector('#exercise-panel'), document.getElementById('events').getBoundingClientRect().width];").await?;
                check!(problems, sides[1] == 0, "the side panels folded at {w}x{h}: {sides}");
            }
            // The spotlight: a click on the cluster view widens it.
            b.set_viewport(1280, 720).await?;
            let width = |f: &Value| f["cluster_w"].as_i64().unwrap_or(0);
            let before = b.js(FIGURES).await?;
            b.js("document.querySelector('#cluster h2').click();").await?;
            tokio::time::sleep(Duration::from_millis(300)).await;
            let f = figures(&b, "presenter-spotlight-1280x720", 1280, 720).await?;
            check!(problems, width(&f) > width(&before) * 5 / 4, "the spotlight widens the cluster view: {} -> {}", width(&before), width(&f));
            check!(problems, f["page_scrolls"] == serde_json::json!([false, false]), "no page scrollbar with the spotlight: {f}");
            b.click("spot-none").await?;
            // The side panels on demand.
            b.click("side-panels").await?;
            let f = figures(&b, "presenter-sides-1280x720", 1280, 720).await?;
            let events = b.js("return document.getElementById('events').getBoundingClientRect().width;").await?;
            check!(problems, events.as_f64().unwrap_or(0.0) > 200.0, "the side panels come back: {events}");
            check!(problems, f["page_scrolls"] == serde_json::json!([false, false]), "no page scrollbar with the side panels: {f}");
            ensure!(problems.is_empty(), "{}", problems.join("\n"));
            Ok(())
        }
        .await;
        (b, r)
    })
    .await;
}

/// (4) Readable visuals: a pod chip shows its state symbol, name suffix, status and version at
/// a readable size; Pending and Creating chips differ in more than colour; events are columns
/// (an age never runs into its reason); a pod's Pulling → Pulled → Created → Started is one row
/// that opens.
#[tokio::test]
async fn d_pods_and_events_are_readable() {
    run("d_visuals", |b, url| async move {
        let r = async {
            let mut problems = Vec::new();
            playground_with_service(&b, &url).await?;
            b.wait_js(
                "a pod's lifecycle row",
                Duration::from_secs(30),
                "return document.querySelectorAll('#events .event-group').length >= 2;",
            )
            .await?;
            b.screenshot("visuals-1280x800", 1280, 800).await?;
            let v = b
                .js("const chips = [...document.querySelectorAll('#cluster .pod')].map(p => {
                         const part = s => { const e = p.querySelector(s); return e ? [e.textContent, parseFloat(getComputedStyle(e).fontSize), e.getBoundingClientRect().width] : null; };
                         return { sym: part('.sym'), name: part('.pname'), status: part('.pstatus'), ver: part('.pver') }; });
                     const ul = document.querySelector('#cluster .pods');
                     const probe = cls => { const li = document.createElement('li'); li.className = 'pod ' + cls; li.style.setProperty('--rs', '#0072B2');
                         li.textContent = 'x'; ul.appendChild(li); const s = getComputedStyle(li);
                         const r = [s.borderTopStyle, s.backgroundImage.slice(0, 30), s.backgroundColor]; li.remove(); return r; };
                     const rows = [...document.querySelectorAll('#events .event')].filter(e => e.getBoundingClientRect().height > 0);
                     const clash = rows.filter(e => { const a = e.querySelector('.age').getBoundingClientRect(); const r = e.querySelector('.reason').getBoundingClientRect();
                         return a.right > r.left - 2; }).map(e => e.textContent);
                     const grouped = new Set([...document.querySelectorAll('#events .event-group')].map(g => g.dataset.object));
                     const loose = [...document.querySelectorAll('#events > .timeline > li.event')].filter(e =>
                         ['Pulling', 'Pulled', 'Created', 'Started'].includes(e.querySelector('.reason').textContent) && grouped.has(e.querySelector('.object').textContent)).length;
                     return { chips, pending: probe('pending'), creating: probe('creating'), rows: rows.length, clash, groups: grouped.size, loose };")
                .await?;
            eprintln!("visuals: {v}");
            let chips = v["chips"].as_array().cloned().unwrap_or_default();
            check!(problems, chips.len() >= 2, "pods drawn: {v}");
            for c in &chips {
                for part in ["sym", "name", "status", "ver"] {
                    let ok = c[part][0].as_str().is_some_and(|t| !t.trim().is_empty())
                        && c[part][1].as_f64().unwrap_or(0.0) >= 11.0
                        && c[part][2].as_f64().unwrap_or(0.0) > 4.0;
                    check!(problems, ok, "a chip's {part} is shown at 11 px or more: {c}");
                }
                check!(problems, c["ver"][0] == "latest" || c["ver"][0] == "1.27", "the version is the image's tag: {c}");
            }
            check!(problems, v["pending"][0] != v["creating"][0] && v["pending"][1] != v["creating"][1], "Pending and Creating chips differ in outline and fill: {v}");
            check!(problems, v["rows"].as_i64().unwrap_or(0) >= 3 && v["clash"].as_array().is_some_and(|a| a.is_empty()), "no age runs into its reason: {v}");
            check!(problems, v["groups"].as_i64().unwrap_or(0) >= 2 && v["loose"] == 0, "each pod's lifecycle is one row: {v}");
            // The row opens to its events.
            b.js("document.querySelector('#events .event-group summary').click();").await?;
            let inner = b.js("return document.querySelectorAll('#events .event-group details[open] li.event').length;").await?;
            check!(problems, inner.as_i64().unwrap_or(0) >= 2, "an opened lifecycle row lists its events: {inner}");
            ensure!(problems.is_empty(), "{}", problems.join("\n"));
            Ok(())
        }
        .await;
        (b, r)
    })
    .await;
}

/// (5) State: tabs chosen in one exercise stay with it; speed and layout come back after a
/// reload; a saved session that cannot be restored gives a plain-language banner with details;
/// the exercise's title is shown whole.
#[tokio::test]
async fn e_choices_stay_where_they_belong_and_a_lost_session_is_explained() {
    run("e_state", |b, url| async move {
        let r = async {
            let mut problems = Vec::new();
            let selected = "return ['tab-replicas', 'tab-traffic', 'tab-browser', 'tab-load']
                .filter(id => document.getElementById(id).getAttribute('aria-selected') === 'true');";
            playground_with_service(&b, &url).await?;
            b.click("tab-traffic").await?;
            b.click("tab-load").await?;
            b.choose("speed", "10").await?;
            b.choose("exercise", "ex4").await?;
            b.wait_js("exercise 4", Duration::from_secs(10), "return document.getElementById('exercise').value === 'ex4' && !!document.getElementById('tab-browser');").await?;
            let tabs = b.js(selected).await?;
            check!(problems, tabs == serde_json::json!(["tab-replicas", "tab-browser"]), "exercise 4 opens on its own tabs: {tabs}");
            b.choose("exercise", "playground").await?;
            b.wait_js("the Playground again", Duration::from_secs(10), "return document.getElementById('exercise').value === 'playground' && !!document.getElementById('tab-load');").await?;
            // Its saved view comes back with its session (restored in slices): give it the time
            // that takes before reading the tabs; a view that never comes back fails the check.
            let _ = b
                .wait_js(
                    "the Playground's tabs",
                    Duration::from_secs(10),
                    "return ['tab-traffic', 'tab-load'].every(id => document.getElementById(id).getAttribute('aria-selected') === 'true');",
                )
                .await;
            let tabs = b.js(selected).await?;
            check!(problems, tabs == serde_json::json!(["tab-traffic", "tab-load"]), "the Playground keeps its tabs: {tabs}");
            // Speed and layout after a reload.
            b.click("presenter").await?;
            b.click("spot-console").await?;
            b.reload().await?;
            b.wait_js("the reload", Duration::from_secs(20), "return document.getElementById('exercise').value === 'playground';").await?;
            let after = b
                .js("return [document.getElementById('speed').value, !!document.querySelector('.app.presenter'),
                             document.querySelector('.panes').dataset.spotlight];")
                .await?;
            check!(problems, after == serde_json::json!(["10", true, "console"]), "speed, presenter layout and spotlight after a reload: {after}");
            b.click("presenter").await?;
            // The exercise's title in full.
            let cut = b.js("const h = document.querySelector('#exercise-panel h2'); return h.scrollWidth > h.clientWidth + 1;").await?;
            check!(problems, cut == false, "the exercise's title is not cut");
            // A saved session that cannot be restored.
            b.js("localStorage.setItem('kubelab:session:playground', '{\"session\": 42');").await?;
            b.reload().await?;
            let banner = b
                .wait_js(
                    "the restore banner",
                    Duration::from_secs(20),
                    "const e = document.getElementById('restore-banner'); return e && [e.querySelector('strong').textContent, e.querySelector('details').textContent, e.getBoundingClientRect().height];",
                )
                .await?;
            eprintln!("banner: {banner}");
            check!(problems, banner[0].as_str().is_some_and(|t| t.contains("could not be opened") && !t.contains("unreadable")), "plain words first: {banner}");
            check!(problems, banner[1].as_str().is_some_and(|t| t.contains("Details") && t.contains("unreadable")), "the reason under Details: {banner}");
            b.screenshot("restore-banner-1280x800", 1280, 800).await?;
            b.click("restore-dismiss").await?;
            let gone = b.js("return !document.getElementById('restore-banner');").await?;
            check!(problems, gone == true, "OK dismisses the banner");
            ensure!(problems.is_empty(), "{}", problems.join("\n"));
            Ok(())
        }
        .await;
        (b, r)
    })
    .await;
}

/// (6) Course sites: `#/<exercise>` opens that exercise (and a new fragment switches), `?embed`
/// gives the iframe layout, and `dist/` works under a subpath. Also makes the README's
/// screenshot (`target/screenshots/readme.png`; copied to `docs/screenshot.png` when
/// `KUBELAB_README_SCREENSHOT` is set).
#[tokio::test]
async fn f_course_links_embeds_and_subpaths() {
    run("f_course", |b, url| async move {
        let r = async {
            let mut problems = Vec::new();
            let title = "const h = document.querySelector('#exercise-panel h2'); return h ? h.textContent : null;";
            b.goto(&format!("{url}#/playground")).await?;
            b.wait_for_console().await?;
            let t = b.wait_js("the exercise panel", Duration::from_secs(10), title).await?;
            check!(problems, t.as_str().is_some_and(|t| t.contains("Playground")), "#/playground opens the Playground: {t}");
            b.js("location.hash = '#/traffic';").await?;
            let ok = b
                .wait_js("the traffic exercise", Duration::from_secs(10), "return document.getElementById('exercise').value === 'traffic';")
                .await;
            check!(problems, ok.is_ok(), "a new fragment switches the exercise: {ok:?}");
            // The embed layout, as a course page's iframe shows it.
            b.goto(&format!("{url}?embed#/ex4")).await?;
            b.wait_for_console().await?;
            let v = b
                .wait_js(
                    "the embed layout",
                    Duration::from_secs(10),
                    "const a = document.querySelector('.app.embed'); if (!a) return null;
                     const shown = id => { const e = document.getElementById(id); return !!e && e.getBoundingClientRect().width > 0; };
                     return { exercise: document.getElementById('exercise').value, picker: shown('exercise'), presenter: shown('presenter'),
                              play: shown('play'), console: shown('console-input') };",
                )
                .await?;
            check!(problems, v == serde_json::json!({"exercise": "ex4", "picker": false, "presenter": false, "play": true, "console": true}), "the embed layout: {v}");
            b.screenshot("embed-800x600", 800, 600).await?;
            b.set_viewport(kubelab_e2e::VIEWPORT.0, kubelab_e2e::VIEWPORT.1).await?;
            // Under a subpath: the same dist/ copied into /course/lab/ of another site.
            let dist = kubelab_e2e::dist_dir()?;
            let site = std::env::temp_dir().join(format!("kubelab-subpath-{}", std::process::id()));
            let lab = site.join("course").join("lab");
            std::fs::create_dir_all(&lab)?;
            for e in std::fs::read_dir(&dist)? {
                let e = e?;
                if e.path().is_file() {
                    std::fs::copy(e.path(), lab.join(e.file_name()))?;
                }
            }
            let server = StaticServer::start(&site)?;
            b.goto(&format!("{}/course/lab/#/playground", server.url())).await?;
            let loaded = b.wait_for_console().await;
            check!(problems, loaded.is_ok(), "the lab loads under /course/lab/: {loaded:?}");
            if loaded.is_ok() {
                b.run_command("kubectl get nodes").await?;
                let text = b.console_text().await?;
                check!(problems, text.contains("node01"), "and works there: {text}");
            }
            drop(server);
            let _ = std::fs::remove_dir_all(&site);
            // The README's screenshot: exercise 4 under way.
            b.goto(&format!("{url}#/ex4")).await?;
            b.wait_for_console().await?;
            for line in ["kubectl delete --all deploy,pods,svc -n default", "kubectl create -f helloworld-dep-svc.yaml", "kubectl get po,deploy,svc"] {
                b.run_command(line).await?;
            }
            // A minute later the pods are ready; then a rollout under way.
            b.click("skip-60").await?;
            b.wait_js("the skip", Duration::from_secs(30), "return !document.getElementById('skip-60').disabled;").await?;
            b.run_command("kubectl scale deploy helloworld-all-deployment --replicas=3").await?;
            b.run_command("kubectl set image deploy helloworld-all-deployment helloworld=karthequian/helloworld:black").await?;
            tokio::time::sleep(Duration::from_secs(3)).await;
            b.js("document.activeElement && document.activeElement.blur();").await?;
            let (path, _) = b.screenshot("readme", 1280, 800).await?;
            if std::env::var_os("KUBELAB_README_SCREENSHOT").is_some() {
                let docs = kubelab_e2e::repo_root().join("docs");
                std::fs::create_dir_all(&docs)?;
                std::fs::copy(&path, docs.join("screenshot.png"))?;
            }
            ensure!(problems.is_empty(), "{}", problems.join("\n"));
            Ok(())
        }
        .await;
        (b, r)
    })
    .await;
}

/// (3) axe-core finds no serious or critical violation on any exercise, with traffic flowing,
/// or in the presenter layout.
#[tokio::test]
async fn g_axe_finds_no_serious_violation() {
    run("g_axe", |b, url| async move {
        let r = async {
            let mut problems = Vec::new();
            for key in ["ex4", "playground", "traffic", "discovery"] {
                b.goto(&format!("{url}#/{key}")).await?;
                b.wait_for_console().await?;
                b.wait_js_with(
                    "the exercise",
                    Duration::from_secs(10),
                    "return document.getElementById('exercise').value === arguments[0];",
                    vec![Value::from(key)],
                )
                .await?;
                tokio::time::sleep(Duration::from_secs(2)).await;
                let v = axe(&b).await?;
                eprintln!("axe {key}: {v:?}");
                check!(problems, v.is_empty(), "axe on {key}: {v:#?}");
            }
            rollout_with_traffic(&b, &url).await?;
            b.run_command("kubectl get pods").await?;
            let v = axe(&b).await?;
            eprintln!("axe traffic: {v:?}");
            check!(problems, v.is_empty(), "axe with traffic: {v:#?}");
            b.click("presenter").await?;
            tokio::time::sleep(Duration::from_secs(1)).await;
            let v = axe(&b).await?;
            eprintln!("axe presenter: {v:?}");
            check!(problems, v.is_empty(), "axe in the presenter layout: {v:#?}");
            ensure!(problems.is_empty(), "{}", problems.join("\n"));
            Ok(())
        }
        .await;
        (b, r)
    })
    .await;
}

/// (3) `kubectl edit` in the presenter layout: its file shows over the centre, though the side
/// panels (where the editor lives) are folded, and Cancel closes it.
#[tokio::test]
async fn h_kubectl_edit_shows_in_the_presenter_layout() {
    run("h_presenter_edit", |b, url| async move {
        let r = async {
            b.set_viewport(1280, 720).await?;
            playground_with_service(&b, &url).await?;
            b.click("presenter").await?;
            b.run_command("kubectl edit deployment/web").await?;
            let size = b
                .wait_js(
                    "the editor",
                    Duration::from_secs(10),
                    "const e = document.getElementById('kubectl-edit'); if (!e) return null; const r = e.getBoundingClientRect();
                     return r.width > 600 && r.height > 200 && getComputedStyle(e).visibility === 'visible' && [r.width, r.height];",
                )
                .await;
            b.screenshot("presenter-edit-1280x720", 1280, 720).await?;
            ensure!(size.is_ok(), "the editor is shown in the presenter layout: {size:?}");
            b.click("kubectl-edit-cancel").await?;
            b.wait_js("the editor to close", Duration::from_secs(10), "return !document.getElementById('kubectl-edit');").await?;
            Ok(())
        }
        .await;
        (b, r)
    })
    .await;
}
