//! The autoscaling view (issue 11) and the strategy race (issue 12) in the release build, in
//! headless Chromium: the HPA lab's autoscaling chart drawn (its canvases have ink) with a why
//! panel opened; a cloud cluster showing a node provisioning, joining NotReady and turning
//! Ready; the race view with its four lanes drawn and the table `kubelab race` prints. Each
//! also runs axe-core's checks on what it shows and leaves screenshots at 1366×768 and at a
//! phone's 390×844 in `target/screenshots/`. Run after `trunk build --release --offline`:
//! `cargo test -p kubelab-e2e --test autoscaling -- --test-threads=1`.

use kubelab_e2e::{axe, ensure, run_scenario as run, Browser, Result};
use serde_json::Value;
use std::time::{Duration, Instant};

/// How many pixels of canvas `id` are not white (0 when it is missing or blank).
async fn ink(b: &Browser, id: &str) -> Result<u64> {
    let v = b
        .js_with(
            "const c = document.getElementById(arguments[0]); if (!c || !c.width || !c.height) return 0;
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
             for (let i = 0; i < d.length; i += 4) { if (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240) n++; }
             return n;",
            vec![Value::from(id)],
        )
        .await?;
    Ok(v.as_u64().unwrap_or(0))
}

/// Opens exercise `key` by its address and waits for the console.
async fn open(b: &Browser, url: &str, key: &str) -> Result<()> {
    b.goto(&format!("{url}#/{key}")).await?;
    b.wait_for_console().await?;
    b.wait_js_with(
        "the exercise",
        Duration::from_secs(15),
        "return document.getElementById('exercise').value === arguments[0];",
        vec![Value::from(key)],
    )
    .await?;
    Ok(())
}

/// Screenshots at a school laptop's and a phone's size, each scrolled to what `selector`
/// finds, then back to the laptop.
async fn shots(b: &Browser, name: &str, selector: &str) -> Result<()> {
    for (w, h) in [(1366, 768), (390, 844)] {
        b.set_viewport(w, h).await?;
        b.js_with(
            "const e = document.querySelector(arguments[0]); if (e) e.scrollIntoView({ block: 'nearest' }); return true;",
            vec![Value::from(selector)],
        )
        .await?;
        b.screenshot(&format!("{name}-{w}x{h}"), w, h).await?;
    }
    b.set_viewport(1366, 768).await
}

#[tokio::test]
async fn a_hpa_lab_draws_its_autoscaling_chart_and_explains_a_decision() {
    run("autoscaling-hpa", |b, url| async move {
        let r = async {
            open(&b, &url, "hpa").await?;
            b.run_command("kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10").await?;
            b.wait_js("the autoscaling tab", Duration::from_secs(10), "return !!document.getElementById('tab-autoscaling');").await?;
            b.run_command(
                "kubectl run load-generator --image=busybox:1.28 --restart=Never -- /bin/sh -c \"while sleep 0.01; do wget -q -O- http://php-apache; done\"",
            )
            .await?;
            b.run_command("sleep 120").await?;
            b.click("tab-autoscaling").await?;
            b.wait_js("the HPA's chart", Duration::from_secs(10), "return !!document.getElementById('hpa-util-0');").await?;
            tokio::time::sleep(Duration::from_millis(500)).await;
            for id in ["hpa-util-0", "hpa-replicas-0", "nodes-chart"] {
                let n = ink(&b, id).await?;
                ensure!(n > 300, "canvas {id} is drawn: {n} pixels of ink");
            }
            let label = b.js("return document.getElementById('hpa-util-0').getAttribute('aria-label');").await?;
            ensure!(label.as_str().is_some_and(|l| l.contains("php-apache") && l.contains("target of 50%")), "the chart in words: {label}");
            // Open the first scale-up's why.
            let opened = b
                .js("const s = Array.from(document.querySelectorAll('#hpa-decisions details.why summary')).reverse()
                          .find(x => x.textContent.includes('1 →'));
                     if (!s) return null; s.click(); return s.textContent;")
                .await?;
            ensure!(opened.is_string(), "a scale-up decision is listed");
            let why = b
                .wait_js(
                    "the why panel to open",
                    Duration::from_secs(5),
                    "const d = Array.from(document.querySelectorAll('#hpa-decisions details.why')).find(x => x.open);
                     return d && d.offsetHeight > 40 && d.textContent;",
                )
                .await?;
            let why = why.as_str().unwrap_or("");
            for part in ["Ratio to the target", "tolerance band 0.90–1.10", "Stabilization window 300 s", "Clamp: ", "counted"] {
                ensure!(why.contains(part), "the why panel says `{part}`: {why}");
            }
            // It stays open across the clock's redraws.
            tokio::time::sleep(Duration::from_secs(2)).await;
            let still = b.js("return Array.from(document.querySelectorAll('#hpa-decisions details.why')).some(x => x.open);").await?;
            ensure!(still == Value::Bool(true), "the why panel stays open while the clock runs");
            let v = axe(&b).await?;
            ensure!(v.is_empty(), "axe on the autoscaling view: {v:#?}");
            shots(&b, "autoscaling-hpa", "#hpa-decisions details[open]").await
        }
        .await;
        (b, r)
    })
    .await;
}

/// `[name, phase]` of every node box drawn.
async fn nodes(b: &Browser) -> Result<Vec<(String, String)>> {
    let v = b
        .js("return Array.from(document.querySelectorAll('#cluster .node[data-phase]')).map(n => [n.dataset.node, n.dataset.phase]);")
        .await?;
    Ok(serde_json::from_value(v)?)
}

#[tokio::test]
async fn b_a_cloud_cluster_shows_a_node_joining() {
    run("autoscaling-cloud", |b, url| async move {
        let r = async {
            open(&b, &url, "cloud").await?;
            let before = nodes(&b).await?;
            ensure!(before.iter().all(|(_, p)| p == "Ready") && before.len() == 2, "control plane and one worker: {before:?}");
            b.run_command("kubectl apply -f burst.yaml").await?;
            b.run_command("sleep 15").await?;
            let coming = b
                .wait_js(
                    "a node provisioning",
                    Duration::from_secs(10),
                    "const n = document.querySelector('#cluster .node.provisioning'); return n && [n.dataset.node, n.textContent];",
                )
                .await?;
            let name = coming[0].as_str().unwrap_or("").to_string();
            ensure!(coming[1].as_str().is_some_and(|t| t.contains("provisioning")), "labelled in words: {coming}");
            ensure!(
                b.js("return document.querySelectorAll('#cluster .node.unscheduled .pod').length;").await?.as_u64() > Some(0),
                "pods wait unscheduled"
            );
            b.click("tab-autoscaling").await?;
            let ca = b
                .wait_js(
                    "the scale-up decision",
                    Duration::from_secs(10),
                    "const s = Array.from(document.querySelectorAll('#ca-decisions summary')).find(x => x.textContent.includes('scale-up: pool-1'));
                     if (!s) return null; s.click(); return s.closest('details').textContent;",
                )
                .await?;
            ensure!(ca.as_str().is_some_and(|t| t.contains("burst-")), "which pods triggered the group: {ca}");
            shots(&b, "autoscaling-cloud-provisioning", "#cluster .node.provisioning").await?;
            // Registered NotReady after the provisioning time, then Ready.
            let mut seen = vec!["provisioning".to_string()];
            let deadline = Instant::now() + Duration::from_secs(60);
            while seen.last().map(String::as_str) != Some("Ready") && Instant::now() < deadline {
                b.run_command("sleep 5").await?;
                let phase = nodes(&b).await?.into_iter().find(|(n, _)| *n == name).map(|(_, p)| p);
                if let Some(p) = phase.filter(|p| seen.last() != Some(p)) {
                    if p == "NotReady" {
                        shots(&b, "autoscaling-cloud-notready", "#cluster .node.notready").await?;
                    }
                    seen.push(p);
                }
            }
            ensure!(seen == ["provisioning", "NotReady", "Ready"], "{name} joins: {seen:?}");
            let v = axe(&b).await?;
            ensure!(v.is_empty(), "axe on the cloud cluster: {v:#?}");
            Ok(())
        }
        .await;
        (b, r)
    })
    .await;
}

#[tokio::test]
async fn c_the_race_view_draws_four_lanes_and_the_table() {
    use kubelab_lab::race::{race, table, RaceConfig, V2};
    let config = RaceConfig { seed: 1, replicas: 10, v2: V2::Errors };
    let want = {
        let results = race(config).unwrap_or_else(|e| panic!("race: {e}"));
        table(&config, &results.into_iter().map(|(r, _)| r).collect::<Vec<_>>())
    };
    run("race", |b, url| async move {
        let r = async {
            open(&b, &url, "playground").await?;
            b.click("tab-race").await?;
            b.choose("race-v2", "errors").await?;
            // Frame gaps while the race computes: the page must not freeze.
            b.js("window.__gaps = []; let last = performance.now();
                  const f = t => { window.__gaps.push(t - last); last = t; if (!window.__stop) requestAnimationFrame(f); };
                  requestAnimationFrame(f); return true;")
                .await?;
            let start = Instant::now();
            b.click("race-start").await?;
            b.wait_js("the race to start", Duration::from_secs(10), "return !!document.getElementById('race-progress');").await?;
            let table_text = b
                .wait_js(
                    "the race's table",
                    Duration::from_secs(300),
                    "const t = document.getElementById('race-table'); return t && t.textContent;",
                )
                .await?;
            let wall = start.elapsed();
            let gaps = b.js("window.__stop = true; return window.__gaps;").await?;
            let gaps: Vec<f64> = serde_json::from_value(gaps)?;
            let mut sorted = gaps.clone();
            sorted.sort_by(f64::total_cmp);
            let p95 = sorted.get(sorted.len() * 95 / 100).copied().unwrap_or(0.0);
            let max = sorted.last().copied().unwrap_or(0.0);
            let timing = b.js("return document.getElementById('race-timing').textContent;").await?;
            eprintln!(
                "race in the browser: {:.1} s wall; frames: {} , p95 gap {p95:.0} ms, longest {max:.0} ms; {timing}",
                wall.as_secs_f64(),
                gaps.len()
            );
            ensure!(table_text.as_str() == Some(want.as_str()), "the table is kubelab race's:\n{table_text}\nwant:\n{want}");
            let lanes = b.js("return Array.from(document.querySelectorAll('#race .lane')).map(l => l.dataset.lane);").await?;
            ensure!(lanes == serde_json::json!(["Recreate", "RollingUpdate", "BlueGreen", "Canary"]), "four lanes: {lanes}");
            for i in 0..4 {
                for kind in ["pods", "requests"] {
                    let id = format!("race-{kind}-{i}");
                    let n = ink(&b, &id).await?;
                    ensure!(n > 300, "canvas {id} is drawn: {n}");
                }
            }
            ensure!(gaps.len() > 20, "frames were drawn while the race ran: {}", gaps.len());
            let v = axe(&b).await?;
            ensure!(v.is_empty(), "axe on the race view: {v:#?}");
            shots(&b, "race", "#race .lanes").await
        }
        .await;
        (b, r)
    })
    .await;
}
