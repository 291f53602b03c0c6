//! Prints how big and how fast the built lab is (figures only, nothing asserted):
//!
//! - the release `.wasm`, the JS glue and the CSS in `dist/`, raw and `gzip -9`, and their
//!   gzipped total (issue 10's goal: at most 600 KB);
//! - the bytes the static server sent for one first page load (fresh browser profile), with the
//!   files precompressed next to them (`FILE.gz`, written here as `scripts/compress-dist.sh`
//!   does) and sent with `Content-Encoding: gzip`, as `scripts/serve.sh` and static hosts do;
//! - the time from navigation start to an interactive console (`performance.now()` in the page,
//!   when a command typed into the console first shows its output), on localhost and with
//!   Chromium's network emulation at 10 Mbit/s and 40 ms latency (goal: at most 1.5 s);
//! - frame times (`requestAnimationFrame` intervals) over 3 s at 10x speed, idle and with 500
//!   pods on screen.
//!
//! `cargo run -p kubelab-e2e --bin kubelab-measure` after `trunk build --release --offline`.

use kubelab_e2e::labs::open_playground;
use kubelab_e2e::{dist_dir, gzip_size, precompress, Browser, Result, StaticServer};
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

/// Observes the page from its first moment: when `#console-input` appears it types
/// `kubectl get nodes` + Enter (retrying until the app takes it) and records when the first
/// output line shows.
const PROBE: &str = r#"
(function () {
  var kl = window.__kl = { console_ms: null, typed_ms: null, output_ms: null, tries: 0, started_ms: null, instantiated_ms: null };
  addEventListener('TrunkApplicationStarted', function () { kl.started_ms = performance.now(); });
  // Compiled and instantiated, before the app's main runs.
  var instantiate = WebAssembly.instantiateStreaming;
  if (instantiate) {
    WebAssembly.instantiateStreaming = function () {
      return instantiate.apply(WebAssembly, arguments).then(function (r) { kl.instantiated_ms = performance.now(); return r; });
    };
  }
  function outputs() { return document.querySelectorAll('#console-output pre.out, #console-output pre.err').length; }
  var before = 0;
  function type() {
    var input = document.getElementById('console-input');
    if (!input || kl.output_ms !== null) return;
    before = outputs();
    input.value = 'kubectl get nodes';
    kl.tries += 1;
    kl.typed_ms = performance.now();
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    setTimeout(function () { if (kl.output_ms === null && input.value !== '') type(); }, 50);
  }
  function check() {
    if (kl.console_ms === null && document.getElementById('console-input')) {
      kl.console_ms = performance.now();
      setTimeout(type, 0);
    }
    if (kl.typed_ms !== null && kl.output_ms === null && outputs() > before) {
      kl.output_ms = performance.now();
      // A split build: whether the first command needed the second part before it arrived.
      var split = window.__kubelabSplit;
      kl.split = split ? { ready: split.ready, loadedOnUse: split.loadedOnUse, background: split.background } : null;
    }
  }
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})();
"#;

/// `requestAnimationFrame` intervals for 3 s, and long tasks meanwhile.
const FRAMES: &str = r#"
var done = arguments[arguments.length - 1];
var deltas = [], last = null, end = performance.now() + 3000, long = [];
var po = null;
try {
  po = new PerformanceObserver(function (l) { l.getEntries().forEach(function (e) { long.push(e.duration); }); });
  po.observe({ type: 'longtask' });
} catch (e) {}
function frame(t) {
  if (last !== null) deltas.push(t - last);
  last = t;
  if (t < end) requestAnimationFrame(frame);
  else { if (po) po.disconnect(); done({ deltas: deltas, long: long }); }
}
requestAnimationFrame(frame);
"#;

fn file_sizes(dist: &Path, ext: &str) -> Result<(u64, u64, Vec<String>)> {
    let (mut raw, mut gz, mut names) = (0, 0, Vec::new());
    for entry in std::fs::read_dir(dist)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == ext) {
            let data = std::fs::read(&path)?;
            raw += data.len() as u64;
            gz += gzip_size(&data)?;
            names.push(path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
        }
    }
    Ok((raw, gz, names))
}

/// The split's second part (`*_lazy.wasm`), raw and gzipped; zero for an unsplit build.
fn lazy_sizes(dist: &Path) -> Result<(u64, u64, Vec<String>)> {
    let (mut raw, mut gz, mut names) = (0, 0, Vec::new());
    for entry in std::fs::read_dir(dist)? {
        let path = entry?.path();
        if path.to_string_lossy().ends_with("_lazy.wasm") {
            let data = std::fs::read(&path)?;
            raw += data.len() as u64;
            gz += gzip_size(&data)?;
            names.push(path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
        }
    }
    Ok((raw, gz, names))
}

fn stats(mut v: Vec<f64>) -> (f64, f64, f64, usize) {
    if v.is_empty() {
        return (0.0, 0.0, 0.0, 0);
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    let avg = v.iter().sum::<f64>() / n as f64;
    let p95 = v[((n as f64 * 0.95).ceil() as usize).clamp(1, n) - 1];
    (avg, p95, v[n - 1], n)
}

async fn frames(b: &Browser) -> Result<(f64, f64, f64, usize, usize, f64)> {
    let v = b.client.execute_async(FRAMES, vec![]).await?;
    let deltas: Vec<f64> = serde_json::from_value(v["deltas"].clone())?;
    let long: Vec<f64> = serde_json::from_value(v["long"].clone()).unwrap_or_default();
    let (avg, p95, max, n) = stats(deltas);
    Ok((avg, p95, max, n, long.len(), long.iter().sum::<f64>() + 0.0))
}

/// The throttled network of issue 10's goal: 10 Mbit/s (in bytes per second) and 40 ms latency.
const THROTTLE: (u64, u64) = (40, 10_000_000 / 8);

/// First load: bytes sent and the time to an interactive console, in a fresh browser; over
/// Chromium's emulated [`THROTTLE`]d network when `throttled`.
async fn first_load(server: &StaticServer, throttled: bool) -> Result<(u64, Vec<kubelab_e2e::Served>, Value)> {
    let b = Browser::launch().await?;
    let result = async {
        if throttled {
            b.throttle(THROTTLE.0, THROTTLE.1).await?;
        }
        server.reset_counts();
        server.inject_script(Some(PROBE));
        b.goto(&server.url()).await?;
        let kl = b
            .wait_js(
                "the console to answer a typed command",
                Duration::from_secs(60),
                "return window.__kl && window.__kl.output_ms !== null && window.__kl;",
            )
            .await?;
        // Anything the page fetches late (a favicon) belongs to the first load too.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let nav = b
            .js("const n = performance.getEntriesByType('navigation')[0];
                 const r = performance.getEntriesByType('resource');
                 return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,
                          transfer: n.transferSize + r.reduce((s, e) => s + e.transferSize, 0),
                          resources: r.map(e => [e.name.replace(location.origin, ''), e.transferSize, Math.round(e.startTime), Math.round(e.responseEnd)]) };")
            .await?;
        let mut out = kl;
        out["navigation"] = nav;
        Ok::<_, kubelab_e2e::Error>(out)
    }
    .await;
    b.close().await;
    server.inject_script(None);
    let out = result?;
    let bytes = server.bytes_sent();
    // The probe script is not part of the page: take its bytes off.
    let probe = (PROBE.len() + "<script></script>".len()) as u64;
    Ok((bytes.saturating_sub(probe), server.served(), out))
}

async fn many_pods(server: &StaticServer) -> Result<Value> {
    let b = Browser::launch().await?;
    let result = async {
        open_playground(&b, &server.url()).await?;
        b.choose("speed", "10").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let idle = frames(&b).await?;
        for (name, n) in [("big-a", 200), ("big-b", 200), ("big-c", 100)] {
            b.run_command(&format!("kubectl create deployment {name} --image=nginx --replicas={n}")).await?;
        }
        let count = b
            .wait_js(
                "500 pods on screen",
                Duration::from_secs(60),
                "const n = document.querySelectorAll('#cluster .pod').length; return n >= 500 && n;",
            )
            .await?;
        // Let the first wave of pulls and starts go by, then measure.
        tokio::time::sleep(Duration::from_secs(2)).await;
        let busy = frames(&b).await?;
        let layout = b
            .js("return { pods: document.querySelectorAll('#cluster .pod').length,
                          unscheduled: document.querySelectorAll('.node.unscheduled .pod').length,
                          ready: document.querySelectorAll('#cluster .pod[data-state=\"ready\"]').length };")
            .await?;
        Ok::<_, kubelab_e2e::Error>(serde_json::json!({ "idle": [idle.0, idle.1, idle.2, idle.3, idle.4, idle.5],
                               "busy": [busy.0, busy.1, busy.2, busy.3, busy.4, busy.5],
                               "count": count, "layout": layout }))
    }
    .await;
    b.close().await;
    result
}

/// Frames while traffic flows: 12 pods behind a NodePort Service, an outside client sending
/// 5,000 requests a second and a load-generator pod, the flow diagram animating, at 10x and
/// at 60x.
async fn under_traffic(server: &StaticServer) -> Result<Value> {
    let b = Browser::launch().await?;
    let result = async {
        open_playground(&b, &server.url()).await?;
        for line in [
            "kubectl create deployment shop --image=karthequian/helloworld:black --replicas=12 --port=80",
            "kubectl expose deployment shop --type=NodePort --port=80",
            "kubectl run load --image=busybox:1.28 --restart=Never -- /bin/sh -c \"while true; do wget -q -O- http://shop; done\"",
            "sleep 30",
        ] {
            b.run_command(line).await?;
        }
        b.click("tab-load").await?;
        b.wait_js("the Service in the traffic panel", Duration::from_secs(10), "return !!document.getElementById('traffic-target');")
            .await?;
        b.type_into("traffic-rate", "5000").await?;
        b.click("traffic-start").await?;
        b.choose("speed", "10").await?;
        b.wait_js(
            "requests drawn",
            Duration::from_secs(20),
            "return document.querySelectorAll('#flow circle.req').length > 0;",
        )
        .await?;
        let at10 = frames(&b).await?;
        b.choose("speed", "60").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let at60 = frames(&b).await?;
        let shown = b
            .js("return { dots: document.querySelectorAll('#flow circle.req').length,
                          pods: document.querySelectorAll('#flow .flow-node.pod').length,
                          sent: Array.from(document.querySelectorAll('#traffic-clients .sent')).map(e => parseInt(e.textContent, 10)) };")
            .await?;
        Ok::<_, kubelab_e2e::Error>(serde_json::json!({
            "at10": [at10.0, at10.1, at10.2, at10.3, at10.4, at10.5],
            "at60": [at60.0, at60.1, at60.2, at60.3, at60.4, at60.5],
            "shown": shown }))
    }
    .await;
    b.close().await;
    result
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if let Err(e) = measure().await {
        eprintln!("measure: failed: {e}");
        std::process::exit(1);
    }
}

async fn measure() -> Result<()> {
    let dist = dist_dir()?;
    precompress(&dist)?;
    let (wasm_raw, wasm_gz, wasm_names) = file_sizes(&dist, "wasm")?;
    let (js_raw, js_gz, _) = file_sizes(&dist, "js")?;
    let (css_raw, css_gz, _) = file_sizes(&dist, "css")?;
    let (html_raw, html_gz, _) = file_sizes(&dist, "html")?;
    println!("measure: dist files: wasm {wasm_names:?}");
    // The split build's second part (kubelab-split): fetched in the background once the app runs.
    let (lazy_raw, lazy_gz, _) = lazy_sizes(&dist)?;
    let gzip_total = wasm_gz + js_gz + css_gz;
    let first_gz = gzip_total - lazy_gz;
    println!(
        "measure: first download wasm+js+css gzip -9: {first_gz} bytes ({:.1} KB; goal <= 600 KB): wasm {}, js {js_gz}, css {css_gz}; \
         then in the background: {lazy_gz} bytes (the split's second part, raw {lazy_raw}); all together {gzip_total} bytes, raw {}",
        first_gz as f64 / 1000.0,
        wasm_gz - lazy_gz,
        wasm_raw + js_raw + css_raw
    );

    let server = StaticServer::start(&dist)?;
    let f = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
    let mut loads = Vec::new();
    for (name, throttled) in [("localhost", false), ("throttled 10 Mbit/s 40 ms", true)] {
        let (bytes, served, probe) = first_load(&server, throttled).await?;
        for s in &served {
            println!("measure: first load ({name}) served {} {} ({} bytes)", s.status, s.path, s.bytes);
        }
        let nav = &probe["navigation"];
        println!(
            "measure: first load ({name}) timeline: dom_content_loaded_ms={:.0} load_ms={:.0} wasm_instantiated_ms={:.0} app_started_ms={:.0} console_shown_ms={:.0} command_typed_ms={:.0} (tries {}) output_ms={:.0}; browser-reported transfer={} bytes",
            f(&nav["dcl"]),
            f(&nav["load"]),
            f(&probe["instantiated_ms"]),
            f(&probe["started_ms"]),
            f(&probe["console_ms"]),
            f(&probe["typed_ms"]),
            probe["tries"],
            f(&probe["output_ms"]),
            nav["transfer"]
        );
        println!("measure: first load ({name}) split state at the first output: {}", probe["split"]);
        if let Some(resources) = nav["resources"].as_array() {
            for r in resources {
                println!(
                    "measure: first load ({name}) fetched {} ({} bytes) from {} ms to {} ms",
                    r[0], r[1], r[2], r[3]
                );
            }
        }
        loads.push((bytes, probe));
    }
    let throttled_ms = f(&loads[1].1["output_ms"]);
    println!("measure: interactive console with the network throttled to 10 Mbit/s and 40 ms: {throttled_ms:.0} ms (goal <= 1500 ms)");
    let (first_load_bytes, probe) = loads.swap_remove(0);
    let pods = many_pods(&server).await?;
    let idle = &pods["idle"];
    let busy = &pods["busy"];
    println!(
        "measure: frames idle (0 pods, 10x): avg={:.2} ms p95={:.2} ms max={:.1} ms over {} frames; long tasks {} ({:.0} ms)",
        f(&idle[0]),
        f(&idle[1]),
        f(&idle[2]),
        idle[3],
        idle[4],
        f(&idle[5])
    );
    println!(
        "measure: frames with pods on screen {} (10x): avg={:.2} ms p95={:.2} ms max={:.1} ms over {} frames; long tasks {} ({:.0} ms)",
        pods["layout"],
        f(&busy[0]),
        f(&busy[1]),
        f(&busy[2]),
        busy[3],
        busy[4],
        f(&busy[5])
    );
    let t = under_traffic(&server).await?;
    for speed in ["at10", "at60"] {
        let v = &t[speed];
        println!(
            "measure: frames under traffic ({speed}: 5,000 req/s from outside + a wget loop, 12 pods, flow diagram {}): avg={:.2} ms p95={:.2} ms max={:.1} ms over {} frames; long tasks {} ({:.0} ms)",
            t["shown"],
            f(&v[0]),
            f(&v[1]),
            f(&v[2]),
            v[3],
            v[4],
            f(&v[5])
        );
    }
    println!(
        "measure: wasm_raw_bytes={wasm_raw} wasm_gzip_bytes={wasm_gz} js_raw_bytes={js_raw} js_gzip_bytes={js_gz} css_raw_bytes={css_raw} css_gzip_bytes={css_gz} html_raw_bytes={html_raw} html_gzip_bytes={html_gz} first_load_bytes={first_load_bytes} first_download_gzip_bytes={first_gz} background_gzip_bytes={lazy_gz} gzip_total_bytes={gzip_total} interactive_ms={:.0} interactive_throttled_ms={throttled_ms:.0} frame_ms_avg={:.2} frame_ms_p95={:.2} pods_on_screen={}",
        f(&probe["output_ms"]),
        f(&busy[0]),
        f(&busy[1]),
        pods["layout"]["pods"]
    );
    Ok(())
}
