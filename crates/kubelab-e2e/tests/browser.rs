//! The lab as a student uses it: the release build in `dist/` in headless Chromium. Each test
//! has a fresh browser profile (so a fresh local storage), its own chromedriver and its own
//! static server. Run after `trunk build --release --offline`, one test at a time:
//! `cargo test -p kubelab-e2e -- --test-threads=1` (scripts/test.sh does both).
//!
//! Screenshots go to `target/screenshots/`; a failing test also leaves `FAILED-<test>.png` and
//! the console's text there.

use kubelab_e2e::labs::{goals, open_playground};
use kubelab_e2e::{ensure, exercise_solution, run_scenario as run, screenshots_dir, Browser, Result};
use serde_json::Value;
use std::time::Duration;

const SIZES: [(u32, u32); 2] = [(1280, 800), (1920, 1080)];

/// `[name, state, node]` of every pod drawn whose name starts with `prefix`.
async fn pods(b: &Browser, prefix: &str) -> Result<Vec<(String, String, String)>> {
    let v = b
        .js_with(
            "return Array.from(document.querySelectorAll('#cluster .pod[data-pod]'))
                 .filter(p => p.dataset.pod.startsWith(arguments[0]))
                 .map(p => [p.dataset.pod, p.dataset.state, p.closest('.node[data-node]').dataset.node]);",
            vec![Value::from(prefix)],
        )
        .await?;
    Ok(serde_json::from_value(v)?)
}

/// Opens the lab, picks exercise `key` and waits for its panel (whose title contains `title`);
/// returns the goals as they stand at the start, none of them met.
async fn open_exercise(b: &Browser, url: &str, key: &str, title: &str) -> Result<Vec<(String, bool)>> {
    b.goto(url).await?;
    b.wait_for_console().await?;
    b.choose("exercise", key).await?;
    b.wait_js_with(
        "the exercise's panel",
        Duration::from_secs(10),
        "const h = document.querySelector('#exercise-panel h2'); return !!h && h.textContent.includes(arguments[0]);",
        vec![Value::from(title)],
    )
    .await?;
    let before = goals(b).await?;
    ensure!(!before.is_empty() && before.iter().all(|(_, met)| !met), "no goal met at the start: {before:?}");
    Ok(before)
}

/// Waits until every goal of the exercise is met, naming the unmet ones if they are not; then
/// checks that no command printed an error.
async fn all_goals_met(b: &Browser, what: &str) -> Result<()> {
    let met = b
        .wait_js(
            what,
            Duration::from_secs(60),
            "const g = Array.from(document.querySelectorAll('#exercise-panel .goal'));
             return g.length > 0 && g.every(x => x.dataset.met === 'true') && g.length;",
        )
        .await;
    if let Err(e) = met {
        let unmet: Vec<String> = goals(b).await?.into_iter().filter(|(_, m)| !m).map(|(t, _)| t).collect();
        return Err(format!("{e}; not met: {unmet:#?}").into());
    }
    let errors = b
        .js("return Array.from(document.querySelectorAll('#console-output pre.err')).map(e => e.textContent);")
        .await?;
    ensure!(!errors.to_string().to_lowercase().contains("error"), "no command of the solution failed: {errors}");
    Ok(())
}

/// Pauses the simulated clock with the Pause button.
async fn pause(b: &Browser) -> Result<()> {
    b.click("play").await?;
    b.wait_js(
        "the clock to pause",
        Duration::from_secs(5),
        "return document.getElementById('play').getAttribute('aria-label') === 'Play';",
    )
    .await?;
    Ok(())
}

/// What a screenshot can't say exactly: whether the page itself scrolls, which panels overflow
/// sideways, and which elements stick out of the viewport. Written next to the screenshot.
/// What a screenshot can't say exactly: whether the page itself scrolls (and what makes it),
/// which panels overflow sideways, and which elements stick out of the viewport. Written next
/// to the screenshot as `<name>.layout.txt`.
const LAYOUT_PROBE: &str = "
    const d = document.documentElement;
    const name = el => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${[...el.classList].map(c => '.' + c).join('')}`;
    const out = [`page: viewport ${innerWidth}x${innerHeight}, document ${d.scrollWidth}x${d.scrollHeight}`];
    const escaping = {};
    const overflowing = {};
    for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        const outside = r.right > innerWidth + 1 || r.bottom > innerHeight + 1;
        const cs = getComputedStyle(el);
        if (outside && cs.position === 'absolute' && el.offsetParent === document.body) {
            escaping[name(el)] = (escaping[name(el)] || 0) + 1;
        } else if (outside && cs.position !== 'absolute') {
            const p = el.parentElement.getBoundingClientRect();
            if (p.right <= innerWidth + 1 && p.bottom <= innerHeight + 1 && !/(auto|scroll|hidden)/.test(getComputedStyle(el.parentElement).overflow)) {
                out.push(`outside the viewport: ${name(el)} right=${Math.round(r.right)} bottom=${Math.round(r.bottom)}`);
            }
        }
        if (el.scrollWidth > el.clientWidth + 1 && /(auto|scroll)/.test(cs.overflowX) && el.closest('.panel')) {
            out.push(`scrolls sideways: ${name(el)} ${el.clientWidth} < ${el.scrollWidth}`);
        }
        if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && cs.overflowX === 'visible' && cs.display !== 'inline') {
            overflowing[name(el)] = (overflowing[name(el)] || 0) + 1;
        }
    }
    for (const [k, n] of Object.entries(escaping)) {
        out.push(`absolutely positioned against the page, outside the viewport (makes the page scroll): ${n} x ${k}`);
    }
    for (const [k, n] of Object.entries(overflowing)) {
        out.push(`content wider than its box (spills over its neighbours): ${n} x ${k}`);
    }
    return out.join('\\n');";

async fn screenshots(b: &Browser, prefix: &str) -> Result<()> {
    for (w, h) in SIZES {
        let name = format!("{prefix}-{w}x{h}");
        let (path, dims) = b.screenshot(&name, w, h).await?;
        ensure!(dims == (w, h), "{}: the screenshot is {dims:?}, not {w}x{h}", path.display());
        let layout = b.js(LAYOUT_PROBE).await?;
        std::fs::write(path.with_extension("layout.txt"), layout.as_str().unwrap_or(""))?;
        eprintln!("screenshot: {} ({}x{})", path.display(), dims.0, dims.1);
    }
    b.set_viewport(kubelab_e2e::VIEWPORT.0, kubelab_e2e::VIEWPORT.1).await
}

/// (a) In the Playground, `kubectl create deployment web --image=nginx --replicas=3` draws three
/// pods on the worker nodes, which become ready as simulated time passes.
#[tokio::test]
async fn a_playground_deployment_appears_and_becomes_ready() {
    run("a-playground", |b, url| async move {
        let r = async {
            open_playground(&b, &url).await?;
            ensure!(pods(&b, "web-").await?.is_empty(), "the playground starts without web pods");
            let clock_before = b.js("return document.getElementById('clock').textContent;").await?;

            b.run_command("kubectl create deployment web --image=nginx --replicas=3").await?;
            let text = b.console_text().await?;
            ensure!(text.contains("deployment.apps/web created"), "console output: {text}");

            b.wait_js(
                "three web- pods in the cluster view",
                Duration::from_secs(10),
                "return document.querySelectorAll('#cluster .pod[data-pod^=\"web-\"]').length === 3;",
            )
            .await?;
            let drawn = pods(&b, "web-").await?;
            ensure!(drawn.len() == 3, "{drawn:?}");
            ensure!(
                drawn.iter().all(|(_, _, node)| node != "controlplane" && node != "unscheduled"),
                "the pods run on the workers: {drawn:?}"
            );
            ensure!(drawn.iter().all(|(_, state, _)| state != "ready"), "they are not ready at once: {drawn:?}");
            let workloads = b.js("return document.getElementById('workloads').textContent;").await?;
            ensure!(workloads.as_str().unwrap_or("").contains("deploy/web"), "workloads: {workloads}");

            // Let simulated time run faster, as a student would with the speed control.
            b.choose("speed", "10").await?;
            b.wait_js(
                "the three web pods to be ready",
                Duration::from_secs(30),
                "const p = Array.from(document.querySelectorAll('#cluster .pod[data-pod^=\"web-\"]'));
                 return p.length === 3 && p.every(x => x.dataset.state === 'ready');",
            )
            .await?;
            let clock_after = b.js("return document.getElementById('clock').textContent;").await?;
            ensure!(clock_after != clock_before, "the simulated clock moved: {clock_before} -> {clock_after}");
            b.wait_js(
                "the deployment row to show 3/3 ready",
                Duration::from_secs(10),
                "return document.getElementById('workloads').textContent.includes('3/3');",
            )
            .await?;
            b.choose("speed", "1").await?;
            screenshots(&b, "a-playground").await?;

            // Clicking a pod shows its describe, and the YAML tab its manifest.
            b.js("document.querySelector('.pod[data-pod^=\"web-\"]').click(); return true;").await?;
            b.wait_js(
                "the inspector to describe the pod",
                Duration::from_secs(10),
                "const t = document.querySelector('#inspector pre'); return !!t && t.textContent.includes('Name:') && t.textContent.includes('Controlled By:  ReplicaSet/web-');",
            )
            .await?;
            b.js("Array.from(document.querySelectorAll('#inspector [role=tab]')).find(x => x.textContent === 'YAML').click(); return true;").await?;
            b.wait_js(
                "the inspector to show the pod's YAML",
                Duration::from_secs(10),
                "const t = document.querySelector('#inspector pre'); return !!t && t.textContent.startsWith('apiVersion: v1') && t.textContent.includes('kind: Pod');",
            )
            .await?;
            // Nodes are cluster-scoped: their describe works too.
            b.js("Array.from(document.querySelectorAll('#inspector [role=tab]')).find(x => x.textContent === 'describe').click(); document.querySelector('.node[data-node=\"node01\"] .node-title').click(); return true;").await?;
            b.wait_js(
                "the inspector to describe node01",
                Duration::from_secs(10),
                "const t = document.querySelector('#inspector pre'); return !!t && /^Name:\\s+node01/.test(t.textContent) && t.textContent.includes('Non-terminated Pods:');",
            )
            .await?;
            // The events can be filtered by reason or object.
            b.js("const f = document.querySelector('#events .filter'); f.value = 'Scheduled'; f.dispatchEvent(new InputEvent('input', {bubbles: true})); return true;").await?;
            b.wait_js(
                "only Scheduled events to be listed",
                Duration::from_secs(10),
                "const r = Array.from(document.querySelectorAll('#events .event .reason')); return r.length >= 3 && r.every(x => x.textContent.includes('Scheduled'));",
            )
            .await?;
            // A manifest opens in the editor; the presenter toggle enlarges the text.
            b.js("Array.from(document.querySelectorAll('#files .file')).find(x => x.textContent === 'web.yaml').click(); return true;").await?;
            b.wait_js(
                "web.yaml in the editor",
                Duration::from_secs(10),
                "const t = document.querySelector('#files .editor textarea'); return !!t && t.value.includes('kind: Deployment');",
            )
            .await?;
            b.click("presenter").await?;
            b.wait_js("presenter mode", Duration::from_secs(5), "return document.querySelector('.app.presenter') !== null;").await?;
            screenshots(&b, "a-inspect-presenter").await
        }
        .await;
        (b, r)
    })
    .await;
}

/// (b) Exercise 4's own solution, typed line by line (`sleep N` included), meets every goal.
#[tokio::test]
async fn b_exercise4_solution_meets_every_goal() {
    let solution = exercise_solution("ex4").unwrap_or_else(|e| panic!("exercises/ex4: {e}"));
    assert!(solution.len() > 10, "{solution:?}");
    run("b-ex4", |b, url| async move {
        let r = async {
            let before = open_exercise(&b, &url, "ex4", "Exercise 4").await?;
            ensure!(before.len() >= 10, "Exercise 4's goals: {before:?}");
            let mut shot_mid_rollout = false;
            for line in &solution {
                b.run_command(line).await?;
                // The moment the course is about: two ReplicaSets side by side mid-rollout.
                if !shot_mid_rollout && line.contains("set image") {
                    shot_mid_rollout = true;
                    b.run_command("kubectl get rs").await?;
                    // The course's browser check: the LoadBalancer's node port serves the
                    // helloworld page, its navbar black or (from the new pods) blue.
                    b.js("Array.from(document.querySelectorAll('#browser .suggestion')).find(x => x.textContent.startsWith('header-service')).click(); return true;").await?;
                    b.wait_js(
                        "the browser panel to show the navbar page",
                        Duration::from_secs(10),
                        "const s = document.getElementById('browser-status'); const f = document.getElementById('browser-page'); return !!s && s.textContent.startsWith('200 from pod default/header-deployment-') && !!f && /black|blue/.test(f.getAttribute('srcdoc'));",
                    )
                    .await?;
                    screenshots(&b, "b-ex4-rollout").await?;
                }
            }
            all_goals_met(&b, "every goal of Exercise 4 to be met").await?;
            let progress = b.js("return document.querySelector('#exercise-panel .progress').textContent;").await?;
            let n = before.len();
            ensure!(progress.as_str() == Some(&format!("{n} of {n} goals met")), "progress: {progress}");
            screenshots(&b, "b-ex4").await
        }
        .await;
        (b, r)
    })
    .await;
}

/// (c) A reload keeps the console and the cluster; Reset starts the exercise over (and that is
/// kept too).
#[tokio::test]
async fn c_reload_keeps_the_session_and_reset_starts_over() {
    run("c-reload-reset", |b, url| async move {
        let r = async {
            open_playground(&b, &url).await?;
            b.run_command("kubectl create deployment web --image=nginx --replicas=2").await?;
            b.run_command("sleep 20").await?;
            b.run_command("kubectl get pods").await?;
            b.wait_js(
                "two ready web pods",
                Duration::from_secs(10),
                "const p = Array.from(document.querySelectorAll('#cluster .pod[data-pod^=\"web-\"]'));
                 return p.length === 2 && p.every(x => x.dataset.state === 'ready');",
            )
            .await?;
            let console_before = b.console_text().await?;
            let pods_before = pods(&b, "").await?;
            ensure!(console_before.contains("Running"), "kubectl get pods shows them running: {console_before}");

            b.reload().await?;
            let exercise = b.js("return document.getElementById('exercise').value;").await?;
            ensure!(exercise.as_str() == Some("playground"), "the page reopens the last exercise, got {exercise}");
            let pods_after = b
                .wait_js(
                    "the restored pods",
                    Duration::from_secs(10),
                    "const p = Array.from(document.querySelectorAll('#cluster .pod[data-pod]'));
                     return p.length > 0 && p.map(x => [x.dataset.pod, x.dataset.state, x.closest('.node[data-node]').dataset.node]);",
                )
                .await?;
            let pods_after: Vec<(String, String, String)> = serde_json::from_value(pods_after)?;
            ensure!(pods_after == pods_before, "the cluster view is the same after a reload:\nbefore {pods_before:?}\nafter  {pods_after:?}");
            let console_after = b.console_text().await?;
            ensure!(console_after == console_before, "the console is the same after a reload:\n--- before\n{console_before}\n--- after\n{console_after}");

            // Nothing lost: the restored session goes on.
            b.run_command("kubectl get deploy web").await?;
            ensure!(b.console_text().await?.contains("2/2"), "the restored deployment answers");

            b.click("reset").await?;
            b.wait_js(
                "the exercise to start over",
                Duration::from_secs(10),
                "return document.getElementById('console-output').textContent.includes('(started over)');",
            )
            .await?;
            let text = b.console_text().await?;
            ensure!(!text.contains("kubectl create deployment"), "the old scrollback is gone: {text}");
            ensure!(pods(&b, "web-").await?.is_empty(), "the web pods are gone after Reset");
            let g = goals(&b).await?;
            ensure!(!g.is_empty() && g.iter().all(|(_, met)| !met), "goals are unmet again: {g:?}");

            b.reload().await?;
            let text = b.console_text().await?;
            ensure!(text.contains("(started over)") && !text.contains("kubectl create deployment"), "Reset is kept across a reload: {text}");
            ensure!(pods(&b, "web-").await?.is_empty(), "no web pods after Reset and a reload");
            Ok(())
        }
        .await;
        (b, r)
    })
    .await;
}

/// (d) A corrupt saved session never breaks the page: it says so, starts afresh, and works.
#[tokio::test]
async fn d_a_corrupt_saved_session_starts_afresh_with_a_notice() {
    run("d-corrupt-storage", |b, url| async move {
        let r = async {
            b.goto(&url).await?;
            b.wait_for_console().await?;

            // The clock's periodic save must not overwrite what the test puts in the storage.
            pause(&b).await?;
            // 1. Not JSON at all, for the default exercise (Exercise 4).
            b.js("localStorage.clear(); localStorage.setItem('kubelab:session:ex4', '{\"session\": not json at all');")
                .await?;
            b.reload().await?;
            let text = b.console_text().await?;
            ensure!(text.contains("could not be restored"), "a notice about the saved session: {text}");
            let gone = b.js("return localStorage.getItem('kubelab:session:ex4');").await?;
            ensure!(
                gone.as_str().is_none_or(|s| !s.contains("not json")),
                "the corrupt entry is dropped: {gone}"
            );
            b.run_command("kubectl get nodes").await?;
            let text = b.console_text().await?;
            ensure!(text.contains("master") && text.contains("Ready"), "the console works: {text}");
            let nodes = b.js("return document.querySelectorAll('#cluster .node[data-node]').length;").await?;
            ensure!(nodes.as_i64().unwrap_or(0) >= 3, "the cluster view draws the nodes: {nodes}");
            let saved = b.js("return JSON.parse(localStorage.getItem('kubelab:session:ex4')).history;").await?;
            ensure!(saved.to_string().contains("kubectl get nodes"), "the new session is saved: {saved}");

            pause(&b).await?;
            // 2. Well-formed JSON whose session is not a session, for the Playground, plus a
            //    last-exercise entry pointing at it.
            b.js("localStorage.setItem('kubelab:last-exercise', JSON.stringify('playground'));
                  localStorage.setItem('kubelab:session:playground', JSON.stringify({session: '{\"format\": 999}', lines: [], history: []}));")
                .await?;
            b.reload().await?;
            let exercise = b.js("return document.getElementById('exercise').value;").await?;
            ensure!(exercise.as_str() == Some("playground"), "the last exercise is reopened: {exercise}");
            let text = b.console_text().await?;
            ensure!(text.contains("could not be restored"), "a notice for the playground too: {text}");
            b.run_command("kubectl create deployment web --image=nginx --replicas=2").await?;
            b.wait_js(
                "two web pods",
                Duration::from_secs(10),
                "return document.querySelectorAll('#cluster .pod[data-pod^=\"web-\"]').length === 2;",
            )
            .await?;

            pause(&b).await?;
            // 3. A last-exercise entry that names nothing: the default exercise, no crash.
            b.js("localStorage.setItem('kubelab:last-exercise', '][');").await?;
            b.reload().await?;
            let exercise = b.js("return document.getElementById('exercise').value;").await?;
            ensure!(exercise.as_str() == Some("ex4"), "an unreadable last exercise falls back to Exercise 4: {exercise}");
            Ok(())
        }
        .await;
        (b, r)
    })
    .await;
}

/// A script that is true when the sent/s figure of a client row (by `data-client`; -1 if it is
/// not listed) satisfies `test` (a JavaScript expression over `n`).
fn client_sent(name: &str, test: &str) -> String {
    format!(
        "const r = document.querySelector(\"#traffic-clients tr[data-client='{name}'] .sent\");
         const n = r ? parseInt(r.textContent, 10) : -1; return {test};"
    )
}

/// (e) Traffic: a client outside the cluster sends requests through a node port; the pods'
/// request counters move, the flow diagram draws requests, a rollout shows two versions
/// answering, IPVS can be switched on, and a load-generator pod starts from the panel.
#[tokio::test]
async fn e_traffic_flows_through_a_node_port_to_the_ready_pods() {
    run("e-traffic", |b, url| async move {
        let r = async {
            open_playground(&b, &url).await?;
            for line in [
                "kubectl create deployment hello --image=karthequian/helloworld:black --replicas=3 --port=80",
                "kubectl expose deployment hello --type=NodePort --port=80",
                "sleep 20",
            ] {
                b.run_command(line).await?;
            }
            b.click("tab-load").await?;
            b.wait_js(
                "the Service in the traffic panel",
                Duration::from_secs(10),
                "const s = document.getElementById('traffic-target'); return !!s && s.textContent.includes('hello (node port');",
            )
            .await?;
            // Typed as a student types it; the simulation re-renders the panel every second
            // meanwhile, and what was typed must survive that.
            b.type_into("traffic-rate", "200").await?;
            tokio::time::sleep(Duration::from_millis(2500)).await;
            b.click("traffic-start").await?;
            b.wait_js("client-1 to send 200 requests a second", Duration::from_secs(20), &client_sent("client-1", "n === 200"))
                .await?;
            let rps = b
                .js("return Array.from(document.querySelectorAll('#cluster .pod[data-rps]')).map(p => parseInt(p.dataset.rps, 10));")
                .await?;
            let rps: Vec<i64> = serde_json::from_value(rps)?;
            ensure!(rps.iter().filter(|r| **r > 0).count() == 3, "all three ready pods answer: {rps:?}");
            ensure!(rps.iter().sum::<i64>() == 200, "the pods' rates add up to the client's: {rps:?}");
            b.wait_js(
                "the flow diagram to draw requests",
                Duration::from_secs(10),
                "return document.querySelectorAll('#flow .flow-svg circle.req').length > 0 && document.querySelectorAll('#flow .flow-node.pod').length === 3;",
            )
            .await?;
            b.run_command("kubectl set image deployment/hello helloworld=karthequian/helloworld:blue").await?;
            b.wait_js(
                "two versions answering in the same second",
                Duration::from_secs(30),
                "return document.querySelectorAll('#traffic-legend li[data-version]').length === 2;",
            )
            .await?;
            pause(&b).await?;
            screenshots(&b, "e-traffic-rollout").await?;
            b.click("play").await?;
            b.click("proxy-ipvs").await?;
            b.wait_js(
                "IPVS mode",
                Duration::from_secs(5),
                "return document.getElementById('proxy-ipvs').getAttribute('aria-pressed') === 'true';",
            )
            .await?;
            b.click("traffic-pod").await?;
            b.wait_js(
                "the load-generator pod to be created",
                Duration::from_secs(10),
                "return document.getElementById('console-output').textContent.includes('pod/load-1 created');",
            )
            .await?;
            b.wait_js("the load-generator pod to send", Duration::from_secs(40), &client_sent("default/load-1", "n > 0"))
                .await?;
            screenshots(&b, "e-traffic").await?;
            b.js("document.querySelector(\"#traffic-clients tr[data-client='client-1'] button.stop\").click(); return true;")
                .await?;
            b.wait_js("client-1 to be gone", Duration::from_secs(10), &client_sent("client-1", "n === -1")).await?;
            // The browser panel keeps a typed URL across re-renders too.
            b.click("tab-browser").await?;
            let typed = b.js("return document.getElementById('browser-url').value + 'nope';").await?;
            b.type_into("browser-url", typed.as_str().unwrap_or_default()).await?;
            tokio::time::sleep(Duration::from_millis(2500)).await;
            b.click("browser-go").await?;
            b.wait_js(
                "the typed URL's 404 page",
                Duration::from_secs(10),
                "const s = document.getElementById('browser-status'); return !!s && s.textContent.startsWith('404 from pod default/hello-');",
            )
            .await?;
            Ok(())
        }
        .await;
        (b, r)
    })
    .await;
}

/// (f) The traffic lab's solution, typed line by line, meets every goal, graded on the simulated
/// traffic; mid-way the Traffic tab shows the blue/green switch.
#[tokio::test]
async fn f_traffic_lab_solution_meets_every_goal() {
    let solution = exercise_solution("traffic").unwrap_or_else(|e| panic!("exercises/traffic: {e}"));
    run("f-traffic-lab", |b, url| async move {
        let r = async {
            let before = open_exercise(&b, &url, "traffic", "Services under load").await?;
            ensure!(before.len() >= 8, "the traffic lab's goals: {before:?}");
            for line in &solution {
                b.run_command(line).await?;
                if line.contains("\"version\":\"blue\"") {
                    b.wait_js(
                        "only the blue version answering",
                        Duration::from_secs(20),
                        "const v = Array.from(document.querySelectorAll('#traffic-legend li[data-version]')).map(l => l.dataset.version);
                         return v.length === 1 && v[0].endsWith(':blue');",
                    )
                    .await?;
                    pause(&b).await?;
                    screenshots(&b, "f-traffic-lab-bluegreen").await?;
                    b.click("play").await?;
                }
            }
            all_goals_met(&b, "every goal of the traffic lab to be met").await
        }
        .await;
        (b, r)
    })
    .await;
}

/// (g) The discovery lab, solved in the browser, ends with the discovery tools compared in a
/// table that fits its panel (scrolling inside it, never the page).
#[tokio::test]
async fn g_discovery_lab_ends_with_the_tools_compared() {
    let solution = exercise_solution("discovery").unwrap_or_else(|e| panic!("exercises/discovery: {e}"));
    run("g-discovery", |b, url| async move {
        let r = async {
            open_exercise(&b, &url, "discovery", "service discovery").await?;
            for line in &solution {
                b.run_command(line).await?;
            }
            all_goals_met(&b, "every goal of the discovery lab to be met").await?;
            let table = b
                .js("const t = document.querySelector('#exercise-panel table.compare');
                     if (!t) return null;
                     t.scrollIntoView();
                     return { rows: Array.from(t.querySelectorAll('tbody tr')).map(r => r.querySelector('th').textContent),
                              cols: Array.from(t.querySelectorAll('thead th')).map(h => h.textContent),
                              page_wider: document.documentElement.scrollWidth > innerWidth };")
                .await?;
            let rows: Vec<String> = serde_json::from_value(table["rows"].clone())?;
            ensure!(
                rows == ["Kubernetes", "etcd", "Consul", "ZooKeeper", "SkyDNS", "Eureka", "SmartStack"],
                "the seven tools, one row each: {table}"
            );
            ensure!(table["cols"].as_array().map(Vec::len) == Some(4), "four columns: {table}");
            ensure!(table["page_wider"] == Value::Bool(false), "the table does not widen the page: {table}");
            screenshots(&b, "g-discovery-compare").await
        }
        .await;
        (b, r)
    })
    .await;
}

/// (h) `kubectl edit deployment web` opens the deployment's YAML in the Files panel with Save and
/// Cancel; the student changes the image and saves: the console says `deployment.apps/web
/// edited` and a new ReplicaSet rolls out. An invalid edit re-opens the file with kubectl's
/// error comment at the top.
#[tokio::test]
async fn h_kubectl_edit_opens_the_editor_and_save_applies() {
    run("h-kubectl-edit", |b, url| async move {
        let r = async {
            open_playground(&b, &url).await?;
            b.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=2").await?;
            b.run_command("kubectl edit deployment web").await?;
            let editor_open = "const e = document.getElementById('kubectl-edit');
                 const t = e && e.querySelector('textarea');
                 return !!t && e.getBoundingClientRect().width > 300 && t.value.includes('image: nginx:1.25');";
            b.wait_js("the edit to open in a visible editor", Duration::from_secs(10), editor_open).await?;
            let text = b.js("return document.querySelector('#kubectl-edit textarea').value;").await?;
            let text = text.as_str().unwrap_or_default();
            ensure!(
                text.starts_with("# Please edit the object below. Lines beginning with a '#' will be ignored,"),
                "the editor shows kubectl's header: {text}"
            );
            screenshots(&b, "h-kubectl-edit-open").await?;
            // A bad edit first: a negative replica count is refused and the file comes back.
            let set = "const t = document.querySelector('#kubectl-edit textarea');
                 t.value = t.value.replace(arguments[0], arguments[1]);
                 t.dispatchEvent(new Event('input', { bubbles: true }));
                 return t.value.includes(arguments[1]);";
            b.js_with(set, vec!["replicas: 2".into(), "replicas: -1".into()]).await?;
            b.click("kubectl-edit-save").await?;
            b.wait_js(
                "the invalid edit to re-open with kubectl's error",
                Duration::from_secs(10),
                "const t = document.querySelector('#kubectl-edit textarea');
                 return !!t && t.value.includes('# deployments.apps \"web\" was not valid:');",
            )
            .await?;
            b.js_with(set, vec!["replicas: -1".into(), "replicas: 2".into()]).await?;
            b.js_with(set, vec!["image: nginx:1.25".into(), "image: nginx:1.26".into()]).await?;
            b.click("kubectl-edit-save").await?;
            b.wait_js(
                "the console to say the deployment was edited",
                Duration::from_secs(10),
                "return document.getElementById('console-output').textContent.includes('deployment.apps/web edited')
                     && !document.getElementById('kubectl-edit');",
            )
            .await?;
            b.run_command("kubectl rollout status deployment/web").await?;
            let out = b.console_text().await?;
            ensure!(out.contains("successfully rolled out"), "the edit rolled out: {out}");
            b.run_command("kubectl get deployment web -o jsonpath={.spec.template.spec.containers[0].image}").await?;
            let out = b.console_text().await?;
            ensure!(out.contains("nginx:1.26"), "the image is the edited one: {out}");
            screenshots(&b, "h-kubectl-edit-saved").await?;
            Ok(())
        }
        .await;
        (b, r)
    })
    .await;
}

/// (i) A Job and a StatefulSet created in the Playground are rows of the workloads table under
/// the nodes (beside the deployments), and their pods are drawn on the nodes; the Job's pod ends
/// Completed.
#[tokio::test]
async fn i_jobs_and_statefulsets_are_drawn_as_workloads() {
    run("i-workloads", |b, url| async move {
        let r = async {
            open_playground(&b, &url).await?;
            b.run_command("kubectl create job pi --image=perl -- perl -Mbignum=bpi -wle 'print bpi(2000)'").await?;
            b.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=2").await?;
            b.run_command(
                "kubectl apply -f - <<EOF\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  replicas: 2\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n      - name: db\n        image: nginx:1.25\nEOF",
            )
            .await?;
            b.run_command("sleep 60").await?;
            let rows = b
                .js("return [...document.querySelectorAll('#workloads tr.workload td:first-child')].map(t => t.textContent);")
                .await?;
            ensure!(rows == serde_json::json!(["sts/db", "job/pi"]), "workload rows: {rows}");
            b.wait_js(
                "the job's pod to be drawn Completed and the set's two pods",
                Duration::from_secs(10),
                "return document.querySelectorAll('#cluster .pod.completed[data-pod^=\"pi-\"]').length === 1
                     && document.querySelectorAll('#cluster .pod[data-pod^=\"db-\"]').length === 2;",
            )
            .await?;
            screenshots(&b, "i-workloads").await?;
            Ok(())
        }
        .await;
        (b, r)
    })
    .await;
}

/// `HH:MM:SS` of the simulated clock as seconds of the day.
async fn clock_secs(b: &Browser) -> Result<i64> {
    let v = b.js("return document.getElementById('clock').textContent;").await?;
    let t = v.as_str().unwrap_or("");
    let parts: Vec<i64> = t.split(':').filter_map(|p| p.parse().ok()).collect();
    ensure!(parts.len() == 3, "the clock reads HH:MM:SS: {t:?}");
    Ok(parts[0] * 3600 + parts[1] * 60 + parts[2])
}

/// Waits until no skip or restore is in progress.
async fn not_busy(b: &Browser, what: &str) -> Result<()> {
    b.wait_js(what, Duration::from_secs(120), "return !document.getElementById('busy');").await?;
    Ok(())
}

/// (j) "+1 h" runs in slices: a progress bar shows and the page keeps drawing frames (a
/// `requestAnimationFrame` counter keeps rising) until the hour is there. A session of six
/// simulated hours then comes back after a reload with its clock, its pause and its scrollback
/// (the time it takes is printed as a `measure:` line, not asserted).
#[tokio::test]
async fn j_skipping_an_hour_keeps_the_page_responsive_and_a_long_session_reloads() {
    run("j-skip-reload", |b, url| async move {
        let r = async {
            open_playground(&b, &url).await?;
            b.run_command("kubectl create deployment web --image=nginx --replicas=10").await?;
            b.run_command("kubectl expose deployment web --port=80").await?;
            b.run_command(
                "kubectl run load-1 --image=busybox:1.28 --restart=Never -- /bin/sh -c \"while sleep 0.1; do wget -q -O- http://web/; done\"",
            )
            .await?;
            pause(&b).await?;
            // The same reload with a session of a few seconds: what page loading alone costs.
            let began = std::time::Instant::now();
            b.reload().await?;
            b.wait_js("the short session back", Duration::from_secs(30), "return !document.getElementById('busy') &&
                 document.querySelectorAll('#cluster .pod[data-pod^=\"web-\"]').length === 10;").await?;
            eprintln!("measure: reload of a session of seconds: {} ms from refresh to the restored page", began.elapsed().as_millis());
            let start = clock_secs(&b).await?;
            b.js("window.__frames = 0; (function f() { window.__frames++; requestAnimationFrame(f); })();
                  window.__busySeen = 0;
                  new MutationObserver(function () { if (document.getElementById('busy')) window.__busySeen++; })
                      .observe(document.body, { childList: true, subtree: true, attributes: true });
                  return true;")
                .await?;
            let began = std::time::Instant::now();
            b.click("skip-3600").await?;
            // Until the hour has passed: while the bar shows, frames keep coming and it only fills.
            // (Idle seconds are skipped, so the hour may take only a few slices.)
            let mut samples: Vec<(i64, i64)> = Vec::new();
            let mut shot = false;
            loop {
                let v = b
                    .js("const p = document.getElementById('busy');
                         return [window.__frames, p ? Number(p.getAttribute('aria-valuenow')) : -1];")
                    .await?;
                let frames = v[0].as_i64().unwrap_or(0);
                let percent = v[1].as_i64().unwrap_or(-1);
                if percent < 0 {
                    if (clock_secs(&b).await? - start).rem_euclid(86_400) == 3600 {
                        break;
                    }
                } else {
                    samples.push((frames, percent));
                    if !shot {
                        shot = true;
                        if let Ok(png) = b.client.screenshot().await {
                            let path = screenshots_dir().join("j-skip-progress.png");
                            std::fs::write(&path, png)?;
                            eprintln!("screenshot: {}", path.display());
                        }
                    }
                }
                ensure!(began.elapsed() < Duration::from_secs(120), "the skip ends within two minutes: {samples:?}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let took = began.elapsed().as_secs_f64();
            let seen = b.js("return window.__busySeen;").await?.as_i64().unwrap_or(0);
            eprintln!(
                "measure: skip 1 h (10 pods behind a Service, a wget loop) took {:.0} ms in the browser = {:.0}x real time; {} samples of (frames, percent) while busy: {samples:?}; progress bar shown {seen} times",
                took * 1000.0,
                3600.0 / took,
                samples.len()
            );
            ensure!(seen > 0 || took < 0.2, "a skip that takes time shows the progress bar");
            ensure!(
                samples.windows(2).all(|w| w[1].0 > w[0].0 && w[1].1 >= w[0].1),
                "frames keep coming and the bar only fills: {samples:?}"
            );
            let after = clock_secs(&b).await?;
            ensure!((after - start).rem_euclid(86_400) == 3600, "one hour later: {start} then {after}");
            ensure!(
                b.js("return document.getElementById('play').getAttribute('aria-label');").await?.as_str() == Some("Play"),
                "still paused after the skip"
            );
            // Five hours more: six simulated hours in all (KUBELAB_E2E_HOURS sets another total, for
            // a measurement of a longer session).
            let hours: i64 = std::env::var("KUBELAB_E2E_HOURS").ok().and_then(|h| h.parse().ok()).unwrap_or(6).clamp(1, 48);
            for _ in 1..hours {
                b.click("skip-3600").await?;
                not_busy(&b, "the skip to end").await?;
            }
            b.run_command("kubectl get deploy web").await?;
            let clock = clock_secs(&b).await?;
            ensure!((clock - start).rem_euclid(86_400) == (hours * 3600) % 86_400, "{hours} hours later: {start} then {clock}");
            let console_before = b.console_text().await?;
            ensure!(console_before.contains("10/10"), "the deployment is there: {console_before}");

            let began = std::time::Instant::now();
            b.client.refresh().await?;
            b.wait_js_with(
                "the session back with its clock",
                Duration::from_secs(60),
                "const c = document.getElementById('clock');
                 return !!c && !document.getElementById('busy') && document.getElementById('console-input') &&
                        c.textContent === arguments[0];",
                vec![Value::from(format!("{:02}:{:02}:{:02}", clock / 3600, clock / 60 % 60, clock % 60))],
            )
            .await?;
            let took = began.elapsed();
            let snapshot = b.js("const s = localStorage.getItem('kubelab:snapshot:playground'); return s ? s.length : 0;").await?;
            eprintln!(
                "measure: reload of a {hours}-simulated-hour session: {} ms from refresh to the restored page (snapshot {} UTF-16 units)",
                took.as_millis(),
                snapshot
            );
            ensure!(snapshot.as_i64().unwrap_or(0) > 0, "a snapshot is stored");
            let console_after = b.console_text().await?;
            ensure!(console_after == console_before, "the scrollback is back:\n--- before\n{console_before}\n--- after\n{console_after}");
            let label = b.js("return document.getElementById('play').getAttribute('aria-label');").await?;
            ensure!(label.as_str() == Some("Play"), "paused before the reload, paused after: {label}");
            tokio::time::sleep(Duration::from_millis(1500)).await;
            ensure!(clock_secs(&b).await? == clock, "the clock stays paused");
            b.run_command("kubectl get deploy web").await?;
            ensure!(b.console_text().await?.matches("10/10").count() >= 2, "the restored session answers");
            Ok(())
        }
        .await;
        (b, r)
    })
    .await;
}

/// The output of the last `kubectl get pods` in the console (what follows its input line).
async fn last_get_pods(b: &Browser) -> Result<String> {
    let text = b.console_text().await?;
    let tail = text.rsplit("kubectl get pods").next().unwrap_or_default().to_string();
    ensure!(tail.contains("NAME"), "a `kubectl get pods` table: {tail}");
    Ok(tail)
}

/// Records what the next download would save (`[name, text]` in `window.__kubelabExport`),
/// instead of saving it: the test reads the exported file from there.
const CATCH_DOWNLOAD: &str = "
    window.__kubelabExport = null;
    HTMLAnchorElement.prototype.click = function () {
        const name = this.download;
        fetch(this.href).then(r => r.text()).then(t => { window.__kubelabExport = [name, t]; });
    };
    return true;";

/// The `kubelab` binary next to this test's own executable, built first if it is not there.
fn kubelab_binary() -> Result<std::path::PathBuf> {
    let exe = std::env::current_exe()?;
    let dir = exe.parent().and_then(|d| d.parent()).ok_or("the test's target directory")?;
    let bin = dir.join("kubelab");
    if !bin.exists() {
        let status = std::process::Command::new(env!("CARGO"))
            .args(["build", "--offline", "-q", "-p", "kubelab"])
            .current_dir(kubelab_e2e::repo_root())
            .status()?;
        ensure!(status.success(), "cargo build -p kubelab");
    }
    Ok(bin)
}

/// Waits for the console's notice that a shared or imported session was opened.
async fn opened(b: &Browser, what: &str) -> Result<()> {
    b.wait_js_with(
        "the opened session's notice",
        Duration::from_secs(20),
        "const o = document.getElementById('console-output'); return !!o && o.textContent.includes(arguments[0]);",
        vec![Value::from(what)],
    )
    .await?;
    Ok(())
}

/// (j) A session travels: its share link opens the same cluster in a fresh browser profile
/// (same pods drawn, same `kubectl get pods`, paused, the link gone from the address bar); an
/// exported file imports into another fresh profile the same way; `kubelab grade` grades it.
#[tokio::test]
async fn k_a_share_link_and_an_exported_file_open_the_same_session_elsewhere() {
    run("k-share", |b, url| async move {
        let r = async {
            open_playground(&b, &url).await?;
            b.run_command("kubectl create deployment web --image=nginx --replicas=3").await?;
            b.run_command("sleep 20").await?;
            pause(&b).await?;
            b.run_command("kubectl get pods").await?;
            let table = last_get_pods(&b).await?;
            let drawn = pods(&b, "web-").await?;
            ensure!(drawn.len() == 3, "three web pods drawn: {drawn:?}");
            b.click("share-open").await?;
            let link = b
                .wait_js(
                    "the share link",
                    Duration::from_secs(5),
                    "const l = document.getElementById('share-link'); return !!l && l.value;",
                )
                .await?;
            let link = link.as_str().unwrap_or_default().to_string();
            ensure!(link.starts_with(&url) && link.contains("#v=1&ex=playground&"), "a link to this page: {link}");
            eprintln!("share link: {} characters", link.len());
            screenshots(&b, "k-share-box").await?;

            // A fresh profile (nothing in its local storage) opens the link.
            let other = Browser::launch().await?;
            let seen = async {
                other.goto(&link).await?;
                other.wait_for_console().await?;
                opened(&other, "Opened a shared session: ").await?;
                let label = other.js("return document.getElementById('play').getAttribute('aria-label');").await?;
                ensure!(label.as_str() == Some("Play"), "the opened session is paused: {label}");
                let hash = other.js("return location.hash;").await?;
                ensure!(hash.as_str() == Some(""), "the link left the address bar: {hash}");
                let theirs = pods(&other, "web-").await?;
                ensure!(theirs == drawn, "the same pods drawn:\nhere  {drawn:?}\nthere {theirs:?}");
                other.run_command("kubectl get pods").await?;
                let their_table = last_get_pods(&other).await?;
                ensure!(
                    their_table == table,
                    "the same `kubectl get pods`:\n--- here\n{table}\n--- there\n{their_table}"
                );
                screenshots(&other, "k-opened-link").await?;
                Ok::<_, kubelab_e2e::Error>(())
            }
            .await;
            other.close().await;
            seen?;

            // Export, import into another fresh profile, and grade.
            b.js(CATCH_DOWNLOAD).await?;
            b.click("export-session").await?;
            let file =
                b.wait_js("the exported file", Duration::from_secs(10), "return window.__kubelabExport;").await?;
            let name = file[0].as_str().unwrap_or_default().to_string();
            let contents = file[1].as_str().unwrap_or_default().to_string();
            ensure!(name.starts_with("kubelab-playground-") && name.ends_with(".json"), "file name {name}");
            b.click("share-close").await?;
            let gone = b.js("return document.getElementById('share-box') === null;").await?;
            ensure!(gone == Value::Bool(true), "the share box closes");
            let dir = std::env::temp_dir().join(format!("kubelab-e2e-export-{}", std::process::id()));
            std::fs::create_dir_all(&dir)?;
            let path = dir.join(&name);
            std::fs::write(&path, &contents)?;

            let third = Browser::launch().await?;
            let imported = async {
                open_playground(&third, &url).await?;
                third.click("share-open").await?;
                let input = third.client.find(fantoccini::Locator::Id("import-file")).await?;
                input.send_keys(&path.display().to_string()).await?;
                opened(&third, &format!("Imported {name}: ")).await?;
                let theirs = pods(&third, "web-").await?;
                ensure!(theirs == drawn, "the same pods after import:\nhere  {drawn:?}\nthere {theirs:?}");
                third.run_command("kubectl get pods").await?;
                let their_table = last_get_pods(&third).await?;
                ensure!(their_table == table, "the same `kubectl get pods` after import:\n{their_table}");
                Ok::<_, kubelab_e2e::Error>(())
            }
            .await;
            third.close().await;
            imported?;

            let out = std::process::Command::new(kubelab_binary()?).arg("grade").arg(&path).output()?;
            let report = String::from_utf8_lossy(&out.stdout).to_string();
            ensure!(out.status.success(), "kubelab grade exits 0: {report}{}", String::from_utf8_lossy(&out.stderr));
            ensure!(
                report.contains(": exercise playground (Playground)") && report.contains("  goals: 1 of 1 met\n"),
                "the report: {report}"
            );
            eprintln!("{report}");
            let _ = std::fs::remove_dir_all(&dir);
            Ok(())
        }
        .await;
        (b, r)
    })
    .await;
}

/// (l) The HPA lab's solution, solved in the browser: its commands typed line by line, and its
/// questions answered by clicking the option buttons under them (the pick goes to the console
/// as `choose GOAL OPTION`); every goal is met and the autoscaled pods are drawn on the way.
#[tokio::test]
async fn l_hpa_lab_solved_with_typed_commands_and_clicked_answers() {
    let solution = exercise_solution("hpa").unwrap_or_else(|e| panic!("exercises/hpa: {e}"));
    run("l-hpa-lab", |b, url| async move {
        let r = async {
            let before = open_exercise(&b, &url, "hpa", "Horizontal Pod Autoscaler").await?;
            ensure!(before.len() >= 9, "the HPA lab's goals: {before:?}");
            for line in &solution {
                let words: Vec<&str> = line.split_whitespace().collect();
                if let ["choose", _goal, option] = words.as_slice() {
                    let n = b.js("return document.querySelectorAll('#console-output .in').length;").await?;
                    let clicked = b
                        .js_with(
                            "const o = document.querySelector(`#exercise-panel .choice-option[data-option='${arguments[0]}']`);
                             if (!o) { return false; } o.click(); return true;",
                            vec![Value::from(*option)],
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
                } else {
                    b.run_command(line).await?;
                }
                if line.contains("kubectl get hpa php-apache") {
                    let drawn = pods(&b, "php-apache-").await?;
                    ensure!(!drawn.is_empty(), "php-apache's pods are drawn");
                }
            }
            all_goals_met(&b, "every goal of the HPA lab to be met").await
        }
        .await;
        (b, r)
    })
    .await;
}
