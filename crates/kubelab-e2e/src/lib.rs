//! The harness of Kubelab's end-to-end tests: the built page (`dist/`) served by a tiny
//! `std::net` server, headless Chromium driven through chromedriver with fantoccini, and the
//! few helpers a test needs to act like a student (type a command, pick an exercise, wait for
//! the cluster view, take a screenshot).
//!
//! Nothing here builds the page: `scripts/test.sh` runs `trunk build --release --offline`
//! first, and [`dist_dir`] fails with a clear message when `dist/` is missing.

use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub type Error = Box<dyn std::error::Error>;
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// `ensure!(cond, "message {}", x)`: returns an error from the enclosing function when `cond`
/// is false (tests return errors instead of panicking, so the browser is always closed).
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $($arg:tt)+) => {
        if !$cond {
            return Err(format!($($arg)+).into());
        }
    };
}

mod axe;
mod bytes;
pub mod labs;

pub use axe::axe;
pub use bytes::{gzip_size, png_size};

/// The flags of toolchain.md: headless, no sandbox (we run as root), and no network chatter.
pub const CHROMIUM_ARGS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

/// The repository root (this crate lives in `crates/kubelab-e2e`).
pub fn repo_root() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    p.canonicalize().unwrap_or(p)
}

/// The built page: `$KUBELAB_DIST`, or `dist/` in the repository root. An error (with what to
/// run) when it is missing or holds no `.wasm`.
pub fn dist_dir() -> Result<PathBuf> {
    let dir = std::env::var_os("KUBELAB_DIST").map(PathBuf::from).unwrap_or_else(|| repo_root().join("dist"));
    let has_wasm = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok()).any(|e| e.path().extension().is_some_and(|x| x == "wasm")))
        .unwrap_or(false);
    if !dir.join("index.html").is_file() || !has_wasm {
        return Err(format!(
            "the built page is missing: {} has no index.html and .wasm. Build it first, in the repository root: \
             `. .ci/tools.sh && trunk build --release --offline` (bash scripts/test.sh does this before the e2e tests)",
            dir.display()
        )
        .into());
    }
    Ok(dir)
}

/// `target/screenshots/` (under `$CARGO_TARGET_DIR` when set), created.
pub fn screenshots_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| repo_root().join("target"));
    let dir = target.join("screenshots");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// The solution lines of `exercises/<id>/exercise.yaml`, loaded through the lab crate (so the
/// test types exactly what the exercise's own tests run).
pub fn exercise_solution(id: &str) -> Result<Vec<String>> {
    let dir = repo_root().join("exercises").join(id);
    let yaml = std::fs::read_to_string(dir.join("exercise.yaml"))?;
    let names = kubelab_lab::Exercise::file_names(&yaml).map_err(|e| e.to_string())?;
    let contents: Vec<(String, String)> =
        names.iter().map(|n| std::fs::read_to_string(dir.join(n)).map(|c| (n.clone(), c))).collect::<Result<_, _>>()?;
    let files: Vec<(&str, &str)> = contents.iter().map(|(n, c)| (n.as_str(), c.as_str())).collect();
    let exercise = kubelab_lab::Exercise::load(&yaml, &files).map_err(|e| e.to_string())?;
    Ok(exercise.solution().into_iter().map(str::to_string).collect())
}

// --- The static server -------------------------------------------------------------------------

/// One response of the [`StaticServer`].
#[derive(Clone, Debug)]
pub struct Served {
    pub path: String,
    pub status: u16,
    /// Bytes written: status line, headers and body.
    pub bytes: u64,
}

/// Serves a directory on `127.0.0.1:<free port>` with the MIME types a Trunk build needs
/// (`application/wasm` for streaming compilation). One thread per connection, `Connection:
/// close`, `Cache-Control: no-store`. Counts the bytes it sends.
pub struct StaticServer {
    addr: SocketAddr,
    sent: Arc<AtomicU64>,
    log: Arc<Mutex<Vec<Served>>>,
    inject: Arc<Mutex<Option<String>>>,
    stop: Arc<AtomicBool>,
}

pub fn mime_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "yaml" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

impl StaticServer {
    pub fn start(root: &Path) -> Result<StaticServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let server = StaticServer {
            addr,
            sent: Arc::new(AtomicU64::new(0)),
            log: Arc::new(Mutex::new(Vec::new())),
            inject: Arc::new(Mutex::new(None)),
            stop: Arc::new(AtomicBool::new(false)),
        };
        let (root, sent, log, inject, stop) =
            (root.to_path_buf(), server.sent.clone(), server.log.clone(), server.inject.clone(), server.stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (root, sent, log, inject) = (root.clone(), sent.clone(), log.clone(), inject.clone());
                std::thread::spawn(move || {
                    if let Some(served) = serve_one(stream, &root, &inject) {
                        sent.fetch_add(served.bytes, Ordering::SeqCst);
                        if let Ok(mut l) = log.lock() {
                            l.push(served);
                        }
                    }
                });
            }
        });
        Ok(server)
    }

    /// `http://127.0.0.1:PORT/`
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Bytes sent since the start or the last [`StaticServer::reset_counts`].
    pub fn bytes_sent(&self) -> u64 {
        self.sent.load(Ordering::SeqCst)
    }

    pub fn served(&self) -> Vec<Served> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    pub fn reset_counts(&self) {
        self.sent.store(0, Ordering::SeqCst);
        if let Ok(mut l) = self.log.lock() {
            l.clear();
        }
    }

    /// A classic `<script>` inserted at the start of `<head>` of every `index.html` served
    /// (measurements use it to observe the page from its very first moment).
    pub fn inject_script(&self, script: Option<&str>) {
        if let Ok(mut i) = self.inject.lock() {
            *i = script.map(|s| format!("<script>{s}</script>"));
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }
}

fn serve_one(stream: TcpStream, root: &Path, inject: &Mutex<Option<String>>) -> Option<Served> {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).ok()?;
    // Of the headers, only Accept-Encoding matters.
    let mut gzip_ok = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("accept-encoding") {
                gzip_ok = accepts_gzip(value);
            }
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/").to_string();
    let rel = path.trim_start_matches('/');
    // A folder's address serves its index.html, as static hosts do (the lab under a subpath).
    let rel = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
    let rel = rel.as_str();
    let safe = Path::new(rel).components().all(|c| matches!(c, Component::Normal(_)));
    let file = root.join(rel);
    let script = inject.lock().ok().and_then(|i| i.clone());
    let is_index = file.file_name().is_some_and(|n| n == "index.html");
    // The precompressed FILE.gz next to FILE (scripts/compress-dist.sh), as a static host sends
    // it; not for an index.html that gets a script injected.
    let gz = file.with_file_name(format!("{}.gz", file.file_name().unwrap_or_default().to_string_lossy()));
    let encoded = gzip_ok && safe && !(is_index && script.is_some()) && gz.is_file() && file.is_file();
    let (status, reason, content_type, body) = match (method, safe) {
        ("GET" | "HEAD", true) => match std::fs::read(if encoded { &gz } else { &file }) {
            Ok(mut body) => {
                if let (true, false, Some(script)) = (is_index, encoded, &script) {
                    body = inject_into_head(&body, script);
                }
                (200, "OK", mime_type(&file), body)
            }
            Err(_) => (404, "Not Found", "text/plain; charset=utf-8", b"not found\n".to_vec()),
        },
        ("GET" | "HEAD", false) => (403, "Forbidden", "text/plain; charset=utf-8", b"forbidden\n".to_vec()),
        _ => (405, "Method Not Allowed", "text/plain; charset=utf-8", b"method not allowed\n".to_vec()),
    };
    let encoding = if encoded && status == 200 { "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n" } else { "" };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n{encoding}Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut out = stream;
    let mut bytes = 0u64;
    if out.write_all(head.as_bytes()).is_ok() {
        bytes += head.len() as u64;
        if method != "HEAD" && out.write_all(&body).is_ok() {
            bytes += body.len() as u64;
        }
    }
    let _ = out.flush();
    Some(Served { path, status, bytes })
}

/// Whether an `Accept-Encoding` value allows gzip (`gzip` or `*`, without `q=0`).
fn accepts_gzip(value: &str) -> bool {
    value.split(',').any(|part| {
        let mut fields = part.split(';').map(str::trim);
        let name = fields.next().unwrap_or("");
        let refused = fields.any(|f| f.strip_prefix("q=").is_some_and(|q| q.parse::<f64>().map_or(true, |q| q <= 0.0)));
        (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
    })
}

/// Writes `FILE.gz` (`gzip -9 -n`) next to every `.wasm`, `.js`, `.css` and `.html` of `dir`,
/// as `scripts/compress-dist.sh` does; the [`StaticServer`] then sends those to browsers.
pub fn precompress(dir: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "wasm" || e == "js" || e == "css" || e == "html") {
            let status = Command::new("gzip").args(["-9", "-n", "-k", "-f"]).arg(&path).status()?;
            ensure!(status.success(), "gzip failed on {}", path.display());
        }
    }
    Ok(())
}

fn inject_into_head(html: &[u8], script: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.find("<head>") {
        Some(i) => format!("{}{}{}", &text[..i + 6], script, &text[i + 6..]).into_bytes(),
        None => format!("{script}{text}").into_bytes(),
    }
}

// --- chromedriver and the browser --------------------------------------------------------------

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn find_program(env: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    for c in candidates {
        if Path::new(c).is_absolute() {
            if Path::new(c).is_file() {
                return Some(PathBuf::from(c));
            }
        } else if let Some(path) = std::env::var_os("PATH") {
            for dir in std::env::split_paths(&path) {
                if dir.join(c).is_file() {
                    return Some(dir.join(c));
                }
            }
        }
    }
    None
}

/// A chromedriver on a free port, in its own process group. Dropping it kills the group
/// (chromedriver and any browser it started), so a failed test leaves nothing behind.
pub struct Chromedriver {
    child: Option<Child>,
    pub port: u16,
}

impl Chromedriver {
    pub fn start() -> Result<Chromedriver> {
        let program = find_program("CHROMEDRIVER", &["/usr/bin/chromedriver", "chromedriver"])
            .ok_or("chromedriver not found (set CHROMEDRIVER, or run `. .ci/tools.sh && kubelab_browser_tools`)")?;
        let port = free_port()?;
        let child = Command::new(&program)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
        let driver = Chromedriver { child: Some(child), port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err(format!("chromedriver did not listen on port {port} within 20 s").into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(driver)
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Kills the process group; idempotent.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let group = format!("-{}", child.id());
            let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Headless Chromium with a fresh profile (so no local storage leaks between tests).
pub struct Browser {
    pub client: Client,
    driver: Chromedriver,
    profile: PathBuf,
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.driver.kill();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// A chromedriver extension: `POST /session/{id}/<path>` with a JSON body
/// (`chromium/network_conditions`, `goog/cdp/execute`).
#[derive(Debug)]
struct ChromiumPost(&'static str, Value);

impl fantoccini::wd::WebDriverCompatibleCommand for ChromiumPost {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/{}", session.unwrap_or_default(), self.0))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.1.to_string()))
    }
}

/// Default viewport of the tests.
pub const VIEWPORT: (u32, u32) = (1280, 800);

impl Browser {
    pub async fn launch() -> Result<Browser> {
        let driver = Chromedriver::start()?;
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let profile = std::env::temp_dir().join(format!("kubelab-e2e-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&profile)?;
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.push(format!("--window-size={},{}", VIEWPORT.0, VIEWPORT.1));
        let mut chrome = json!({ "args": args });
        if let Some(bin) = find_program("CHROME", &["/usr/bin/chromium", "chromium"]) {
            chrome["binary"] = json!(bin.display().to_string());
        }
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), chrome);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&driver.url())
            .await
            .map_err(|e| format!("cannot start a Chromium session through chromedriver: {e}"))?;
        let browser = Browser { client, driver, profile };
        browser.set_viewport(VIEWPORT.0, VIEWPORT.1).await?;
        Ok(browser)
    }

    /// Chromium's network emulation from now on, as DevTools' throttling does: `latency_ms`
    /// added to every request and `bytes_per_sec` down and up (10 Mbit/s is 1,250,000).
    pub async fn throttle(&self, latency_ms: u64, bytes_per_sec: u64) -> Result<()> {
        let conditions = json!({ "network_conditions": {
            "offline": false, "latency": latency_ms,
            "download_throughput": bytes_per_sec, "upload_throughput": bytes_per_sec } });
        self.client.issue_cmd(ChromiumPost("chromium/network_conditions", conditions)).await?;
        Ok(())
    }

    /// DevTools' CPU throttling from now on: the page runs `rate` times slower (1 is off), as
    /// on a slow laptop or a busy CI machine.
    pub async fn cpu_throttle(&self, rate: f64) -> Result<()> {
        let cmd = json!({ "cmd": "Emulation.setCPUThrottlingRate", "params": { "rate": rate } });
        self.client.issue_cmd(ChromiumPost("goog/cdp/execute", cmd)).await?;
        Ok(())
    }

    /// Ends the session (chromedriver closes Chromium), then the drop kills what is left.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }

    pub async fn goto(&self, url: &str) -> Result<()> {
        self.client.goto(url).await?;
        Ok(())
    }

    /// Reloads, and waits for the console of the new page.
    pub async fn reload(&self) -> Result<()> {
        self.client.refresh().await?;
        self.wait_for_console().await
    }

    pub async fn js(&self, script: &str) -> Result<Value> {
        Ok(self.client.execute(script, vec![]).await?)
    }

    pub async fn js_with(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        Ok(self.client.execute(script, args).await?)
    }

    /// Runs `script` (a function body that `return`s) every 100 ms until it returns something
    /// other than `null`, `false` or `undefined`, and returns that.
    pub async fn wait_js(&self, what: &str, timeout: Duration, script: &str) -> Result<Value> {
        self.wait_js_with(what, timeout, script, vec![]).await
    }

    /// [`Browser::wait_js`] with `arguments` for the script.
    pub async fn wait_js_with(&self, what: &str, timeout: Duration, script: &str, args: Vec<Value>) -> Result<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let v = self.js_with(script, args.clone()).await?;
            if !matches!(v, Value::Null | Value::Bool(false)) {
                return Ok(v);
            }
            if Instant::now() > deadline {
                return Err(format!("timed out after {timeout:?} waiting for {what}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Sets the size of the page's viewport (the window is grown by whatever the browser's own
    /// frame takes).
    pub async fn set_viewport(&self, width: u32, height: u32) -> Result<()> {
        self.client.set_window_size(width, height).await?;
        for _ in 0..6 {
            // A resize lands a little later on a loaded machine: read the inner size once it has
            // stopped changing, or the correction below overshoots (a 1920x1223 "1080p" shot).
            let (iw, ih) = self.settled_inner_size().await?;
            if iw == width as i64 && ih == height as i64 {
                return Ok(());
            }
            let (ww, wh) = self.client.get_window_size().await?;
            let nw = (ww as i64 + width as i64 - iw).max(100) as u32;
            let nh = (wh as i64 + height as i64 - ih).max(100) as u32;
            self.client.set_window_size(nw, nh).await?;
        }
        Ok(())
    }

    /// `[innerWidth, innerHeight]` once two reads 100 ms apart agree (2 s at most).
    async fn settled_inner_size(&self) -> Result<(i64, i64)> {
        let read = || async {
            let v = self.js("return [window.innerWidth, window.innerHeight];").await?;
            Ok::<_, Error>((v[0].as_i64().unwrap_or(0), v[1].as_i64().unwrap_or(0)))
        };
        let mut last = read().await?;
        for _ in 0..20 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            let now = read().await?;
            if now == last {
                return Ok(now);
            }
            last = now;
        }
        Ok(last)
    }

    /// Waits (30 s at most) until the page shows the console.
    pub async fn wait_for_console(&self) -> Result<()> {
        self.wait_js(
            "the console (#console-input) to appear",
            Duration::from_secs(30),
            "return !!document.getElementById('console-input') && !!document.getElementById('console-output');",
        )
        .await?;
        Ok(())
    }

    /// The text of the console's scrollback.
    pub async fn console_text(&self) -> Result<String> {
        let v =
            self.js("const o = document.getElementById('console-output'); return o ? o.textContent : null;").await?;
        Ok(v.as_str().unwrap_or("").to_string())
    }

    /// Types `line` into the console and presses Enter, as a student would, and waits until
    /// the console has taken it (the input box is empty again and a new `$ ` line is there).
    pub async fn run_command(&self, line: &str) -> Result<()> {
        const COUNT: &str = "return document.querySelectorAll('#console-output .in').length;";
        let before = self.js(COUNT).await?.as_i64().unwrap_or(0);
        let input = self.client.find(Locator::Id("console-input")).await?;
        input.click().await?;
        input.send_keys(line).await?;
        input.send_keys(&String::from(char::from(Key::Enter))).await?;
        let script = format!(
            "const i = document.getElementById('console-input');
             const n = document.querySelectorAll('#console-output .in').length;
             return i && i.value === '' && (n > {before} || {clear});",
            clear = line.trim() == "clear"
        );
        self.wait_js(&format!("the console to take `{line}`"), Duration::from_secs(30), &script).await?;
        Ok(())
    }

    /// Chooses an option of a `<select>` by its value, with a click on the option (which fires
    /// `change`, like a student's choice).
    pub async fn choose(&self, select_id: &str, value: &str) -> Result<()> {
        let select = self.client.find(Locator::Id(select_id)).await?;
        select.select_by_value(value).await?;
        Ok(())
    }

    pub async fn click(&self, id: &str) -> Result<()> {
        self.client.find(Locator::Id(id)).await?.click().await?;
        Ok(())
    }

    /// Replaces the text of the input `id` by typing, as a user does (key events, `input`
    /// events).
    pub async fn type_into(&self, id: &str, text: &str) -> Result<()> {
        let el = self.client.find(Locator::Id(id)).await?;
        // As a user replaces a field's text: select all (Ctrl+A), then type over it. (WebDriver's
        // `clear` empties the field without the input event a controlled input listens to, so
        // a re-render in between brought the old value back: "50" + "200" = "50200".)
        el.click().await?;
        el.send_keys(&format!("\u{E009}a\u{E000}{text}")).await?;
        Ok(())
    }

    /// Saves a PNG of the viewport at `width`x`height` as `target/screenshots/<name>.png`, and
    /// returns its path and the PNG's own dimensions.
    pub async fn screenshot(&self, name: &str, width: u32, height: u32) -> Result<(PathBuf, (u32, u32))> {
        self.set_viewport(width, height).await?;
        // Let the layout settle (and the pods' appear animation finish).
        tokio::time::sleep(Duration::from_millis(700)).await;
        let png = self.client.screenshot().await?;
        let dims = png_size(&png).ok_or("the screenshot is not a PNG")?;
        let path = screenshots_dir().join(format!("{name}.png"));
        std::fs::write(&path, &png)?;
        Ok((path, dims))
    }
}

/// Starts the server and the browser, runs `scenario`, saves evidence when it fails, always
/// closes the browser, and panics with the scenario's error.
pub async fn run_scenario<F, Fut>(name: &str, scenario: F)
where
    F: FnOnce(Browser, String) -> Fut,
    Fut: std::future::Future<Output = (Browser, Result<()>)>,
{
    let dist = dist_dir().unwrap_or_else(|e| panic!("{e}"));
    let server = StaticServer::start(&dist).unwrap_or_else(|e| panic!("static server: {e}"));
    let browser = Browser::launch().await.unwrap_or_else(|e| panic!("{e}"));
    let (browser, result) = scenario(browser, server.url()).await;
    if let Err(e) = &result {
        let dir = screenshots_dir();
        if let Ok(png) = browser.client.screenshot().await {
            let _ = std::fs::write(dir.join(format!("FAILED-{name}.png")), png);
        }
        let text = browser.console_text().await.unwrap_or_default();
        let _ = std::fs::write(dir.join(format!("FAILED-{name}-console.txt")), &text);
        eprintln!("{name} failed: {e}\n--- console ---\n{text}\n--- (screenshot in {}) ---", dir.display());
    }
    browser.close().await;
    drop(server);
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types_of_a_trunk_build() {
        assert_eq!(mime_type(Path::new("kubelab-web-1a2b_bg.wasm")), "application/wasm");
        assert!(mime_type(Path::new("kubelab-web-1a2b.js")).starts_with("text/javascript"));
        assert!(mime_type(Path::new("style-1a2b.css")).starts_with("text/css"));
        assert!(mime_type(Path::new("index.html")).starts_with("text/html"));
    }

    #[test]
    fn script_goes_into_head() {
        let out = inject_into_head(b"<html><head><title>x</title></head></html>", "<script>1</script>");
        assert_eq!(String::from_utf8(out).unwrap(), "<html><head><script>1</script><title>x</title></head></html>");
    }

    #[test]
    fn png_dimensions() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&1280u32.to_be_bytes());
        png.extend_from_slice(&800u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((1280, 800)));
        assert_eq!(png_size(b"GIF89a"), None);
    }

    #[test]
    fn accept_encoding_values() {
        assert!(accepts_gzip(" gzip, deflate, br, zstd\r\n"));
        assert!(accepts_gzip("br;q=1.0, gzip;q=0.5"));
        assert!(accepts_gzip("*"));
        assert!(!accepts_gzip("gzip;q=0"));
        assert!(!accepts_gzip("br, identity"));
    }

    /// Raw HTTP/1.1 GET with optional extra header lines; the whole response as bytes.
    fn raw_get(addr: SocketAddr, path: &str, headers: &str) -> Vec<u8> {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n{headers}\r\n").unwrap();
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut s, &mut out).unwrap();
        out
    }

    fn split_response(out: &[u8]) -> (String, Vec<u8>) {
        let at = out.windows(4).position(|w| w == b"\r\n\r\n").expect("end of headers");
        (String::from_utf8_lossy(&out[..at]).into_owned(), out[at + 4..].to_vec())
    }

    #[test]
    fn precompressed_files_go_out_with_content_encoding() {
        let dir = std::env::temp_dir().join(format!("kubelab-e2e-gz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let js = "console.log('kubelab');\n".repeat(50);
        std::fs::write(dir.join("index.html"), "<html><head></head></html>").unwrap();
        std::fs::write(dir.join("app.js"), &js).unwrap();
        precompress(&dir).unwrap();
        let gz = std::fs::read(dir.join("app.js.gz")).unwrap();
        assert!(gz.len() < js.len() && gz.starts_with(&[0x1f, 0x8b]));
        let server = StaticServer::start(&dir).unwrap();
        let (head, body) = split_response(&raw_get(server.addr, "/app.js", "Accept-Encoding: gzip, deflate, br\r\n"));
        assert!(head.contains("Content-Encoding: gzip") && head.contains("Content-Type: text/javascript"), "{head}");
        assert_eq!(body, gz);
        // A client that does not accept gzip gets the file itself.
        let (head, body) = split_response(&raw_get(server.addr, "/app.js", ""));
        assert!(!head.contains("Content-Encoding"), "{head}");
        assert_eq!(body, js.as_bytes());
        // index.html with an injected script is sent as it is changed, uncompressed.
        server.inject_script(Some("1"));
        let (head, body) = split_response(&raw_get(server.addr, "/", "Accept-Encoding: gzip\r\n"));
        assert!(!head.contains("Content-Encoding"), "{head}");
        assert!(String::from_utf8_lossy(&body).contains("<script>1</script>"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// scripts/serve.py (the README's server) sends the same precompressed files.
    #[test]
    fn serve_py_sends_precompressed_files() {
        let dir = std::env::temp_dir().join(format!("kubelab-e2e-py-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let wasm: Vec<u8> = b"\0asm".iter().copied().chain(std::iter::repeat_n(7u8, 4000)).collect();
        std::fs::write(dir.join("index.html"), "<html><head></head></html>").unwrap();
        std::fs::write(dir.join("a_bg.wasm"), &wasm).unwrap();
        let status = Command::new("bash").arg(repo_root().join("scripts/compress-dist.sh")).arg(&dir).status().unwrap();
        assert!(status.success());
        let gz = std::fs::read(dir.join("a_bg.wasm.gz")).unwrap();
        let port = free_port().unwrap();
        let mut child = Command::new("python3")
            .arg(repo_root().join("scripts/serve.py"))
            .args(["--port", &port.to_string(), "--directory"])
            .arg(&dir)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(addr).is_err() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let gzipped =
            split_response(&raw_get(addr, "/a_bg.wasm", "Accept-Encoding: gzip, deflate\r\nConnection: close\r\n"));
        let plain = split_response(&raw_get(addr, "/a_bg.wasm", "Connection: close\r\n"));
        let _ = child.kill();
        let _ = child.wait();
        let _ = std::fs::remove_dir_all(&dir);
        let (head, body) = gzipped;
        assert!(head.contains("Content-Encoding: gzip") && head.contains("application/wasm"), "{head}");
        assert_eq!(body, gz);
        let (head, body) = plain;
        assert!(!head.contains("Content-Encoding") && head.contains("application/wasm"), "{head}");
        assert_eq!(body, wasm);
    }

    #[test]
    fn the_server_serves_files_with_their_types_and_refuses_escapes() {
        let dir = std::env::temp_dir().join(format!("kubelab-e2e-srv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<html><head></head></html>").unwrap();
        std::fs::write(dir.join("a.wasm"), [0u8, 97, 115, 109]).unwrap();
        let server = StaticServer::start(&dir).unwrap();
        let get = |path: &str| {
            let mut s = TcpStream::connect(server.addr).unwrap();
            write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut s, &mut out).unwrap();
            String::from_utf8_lossy(&out).into_owned()
        };
        let wasm = get("/a.wasm");
        assert!(wasm.starts_with("HTTP/1.1 200 OK") && wasm.contains("Content-Type: application/wasm"), "{wasm}");
        assert!(get("/").contains("text/html"));
        assert!(get("/../Cargo.toml").starts_with("HTTP/1.1 403"));
        assert!(get("/nope.js").starts_with("HTTP/1.1 404"));
        // The counter saw every byte.
        std::thread::sleep(Duration::from_millis(100));
        assert!(server.bytes_sent() > 300);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
