//! What each container image does in the simulation.
//!
//! A real cluster pulls and runs real images; we keep a small table of the images the course and
//! common tutorials use. For each: whether the reference can be pulled, how long a first pull
//! takes, what the container does when started (serve HTTP on a port, run a command for a while,
//! exit at once), and how fast it stops on SIGTERM. Any other well-formed image name behaves as a
//! generic web server on its declared port; a tag that does not exist for a known repository
//! (`nginx:1.291`, the slide's `nginx:2.0`) fails to pull, as it would on Docker Hub.

/// How a started container behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Behaviour {
    /// Serves HTTP on these ports until stopped.
    WebServer { ports: Vec<i64> },
    /// Runs for `secs` seconds, then exits with `exit_code` (`None`: runs forever).
    Runs { secs: Option<u64>, exit_code: i64 },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageInfo {
    /// The repository as Kubernetes shows it in `image:` (`nginx`, `karthequian/helloworld`).
    pub repository: String,
    pub tag: String,
    /// False for a tag that does not exist: the pull fails with `ErrImagePull`.
    pub pullable: bool,
    /// False for a reference that is not a valid image name: `InvalidImageName`.
    pub valid_name: bool,
    /// Seconds a first pull takes (before jitter).
    pub pull_secs: u64,
    /// Size reported in the `Pulled` event.
    pub size_bytes: u64,
    /// Seconds the main process needs to exit after SIGTERM (`None`: ignores it, killed at the
    /// end of the grace period, like a shell running `sleep` as PID 1).
    pub sigterm_exit_secs: Option<u64>,
    /// Ports the image's default process listens on.
    pub default_ports: Vec<i64>,
    /// The default command is a shell that exits at once without a terminal (busybox, centos).
    pub default_exits: bool,
}

fn split_reference(image: &str) -> (String, String) {
    let without_digest = image.split('@').next().unwrap_or(image);
    // The tag is after the last ':' that comes after the last '/'.
    let slash = without_digest.rfind('/').map(|i| i + 1).unwrap_or(0);
    match without_digest[slash..].rfind(':') {
        Some(i) => (without_digest[..slash + i].to_string(), without_digest[slash + i + 1..].to_string()),
        None => (without_digest.to_string(), "latest".to_string()),
    }
}

fn valid_reference(image: &str) -> bool {
    !image.is_empty()
        && image.len() <= 255
        && image
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-' | '/' | ':' | '@'))
        && !image.starts_with(['.', '-', '/', ':'])
        && !image.ends_with([':', '/'])
}

fn nginx_tag_exists(tag: &str) -> bool {
    let base = tag.strip_suffix("-alpine").or_else(|| tag.strip_suffix("-perl")).unwrap_or(tag);
    if matches!(base, "latest" | "stable" | "mainline" | "alpine" | "perl" | "alpine-slim") {
        return true;
    }
    let parts: Vec<&str> = base.split('.').collect();
    let nums: Option<Vec<u32>> = parts.iter().map(|p| p.parse::<u32>().ok()).collect();
    match nums.as_deref() {
        Some([1, minor]) => (7..=29).contains(minor),
        Some([1, minor, patch]) => (7..=29).contains(minor) && *patch <= 12,
        _ => false,
    }
}

/// Looks an image reference up in the behaviour table.
pub fn image_info(image: &str) -> ImageInfo {
    let valid_name = valid_reference(image);
    let (repository, tag) = split_reference(image);
    let repo = repository.strip_prefix("docker.io/").unwrap_or(&repository);
    let repo = repo.strip_prefix("library/").unwrap_or(repo);
    let mut info = ImageInfo {
        repository: repository.clone(),
        tag: tag.clone(),
        pullable: true,
        valid_name,
        pull_secs: 4,
        size_bytes: 48_000_000,
        sigterm_exit_secs: Some(1),
        default_ports: vec![80],
        default_exits: false,
    };
    match repo {
        "nginx" => {
            info.pullable = nginx_tag_exists(&tag);
            info.pull_secs = 5;
            info.size_bytes = 72_995_000;
        }
        "karthequian/helloworld" => {
            info.pullable = matches!(tag.as_str(), "latest" | "black" | "blue");
            info.pull_secs = 6;
            info.size_bytes = 98_411_000;
        }
        "mhausenblas/simpleservice" => {
            info.pullable = matches!(tag.as_str(), "0.4.0" | "0.5.0");
            info.pull_secs = 4;
            info.size_bytes = 70_129_000;
            info.default_ports = vec![9876];
        }
        "centos" => {
            info.pullable = matches!(tag.as_str(), "latest" | "7" | "8" | "6" | "centos7" | "centos8");
            info.pull_secs = 8;
            info.size_bytes = 72_625_000;
            info.sigterm_exit_secs = None;
            info.default_ports = vec![];
            info.default_exits = true;
        }
        "busybox" => {
            info.pullable = tag == "latest"
                || tag.starts_with("1.")
                || matches!(tag.as_str(), "stable" | "musl" | "glibc" | "uclibc");
            info.pull_secs = 2;
            info.size_bytes = 2_155_000;
            info.sigterm_exit_secs = None;
            info.default_ports = vec![];
            info.default_exits = true;
        }
        // The HPA walkthrough's php-apache: a PHP page that burns some CPU and answers "OK!".
        "registry.k8s.io/hpa-example" | "k8s.gcr.io/hpa-example" | "gcr.io/google_containers/hpa-example" => {
            info.pullable = tag == "latest";
            info.pull_secs = 7;
            info.size_bytes = 185_380_000;
        }
        "nickchase/soaktest" => {
            info.pullable = tag == "latest";
            info.pull_secs = 5;
        }
        "hashicorp/counting-service" => {
            info.pullable = tag.starts_with("0.0.");
            info.default_ports = vec![9001];
            info.pull_secs = 3;
        }
        "hashicorp/dashboard-service" => {
            info.pullable = tag.starts_with("0.0.");
            info.default_ports = vec![9002];
            info.pull_secs = 3;
        }
        "redis" => {
            info.default_ports = vec![6379];
            info.pull_secs = 5;
        }
        _ => {}
    }
    if !valid_name {
        info.pullable = false;
    }
    info
}

/// What a container with this image, command and args does once started.
pub fn behaviour(image: &ImageInfo, command: &[String], args: &[String], declared_ports: &[i64]) -> Behaviour {
    let words: Vec<&str> = command.iter().chain(args.iter()).map(String::as_str).collect();
    if !words.is_empty() {
        let line = words.join(" ");
        if let Some(code) = exit_code_in(&line) {
            return Behaviour::Runs { secs: Some(0), exit_code: code };
        }
        if load_loop(command, args).is_some()
            || line.contains("while true")
            || line.contains("sleep infinity")
            || line.contains("tail -f")
        {
            return Behaviour::Runs { secs: None, exit_code: 0 };
        }
        if let Some(secs) = sleep_secs_in(&line) {
            return Behaviour::Runs { secs: Some(secs), exit_code: 0 };
        }
        if image.default_exits {
            // A shell running some short command.
            return Behaviour::Runs { secs: Some(0), exit_code: 0 };
        }
    }
    if image.default_exits {
        return Behaviour::Runs { secs: Some(0), exit_code: 0 };
    }
    let ports = if is_known(image) {
        image.default_ports.clone()
    } else if !declared_ports.is_empty() {
        declared_ports.to_vec()
    } else {
        vec![80]
    };
    Behaviour::WebServer { ports }
}

/// A load generator's loop: `while true; do wget -q -O- URL; done`, `while sleep 0.01; do wget
/// -q -O- URL; done`, or the same with `curl`. The container sends requests to `url` for as
/// long as it runs, pausing `pause_ms` between them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LoadLoop {
    pub url: String,
    pub pause_ms: u64,
    /// `curl` rather than `wget`.
    #[serde(default)]
    pub curl: bool,
}

/// Milliseconds one loop iteration costs besides its pause (starting wget, connecting, the
/// answer): a loop without `sleep` sends about 200 requests a second.
pub const LOOP_ITERATION_MS: u64 = 5;

/// Finds a load-generator loop in a container's command line.
pub fn load_loop(command: &[String], args: &[String]) -> Option<LoadLoop> {
    let line: String = command.iter().chain(args.iter()).map(String::as_str).collect::<Vec<_>>().join(" ");
    if !line.contains("while") || !(line.contains("wget") || line.contains("curl")) {
        return None;
    }
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ';')
        .map(|w| w.trim_matches(|c| c == '"' || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let tool = words.iter().position(|w| *w == "wget" || *w == "curl")?;
    let mut url = None;
    let mut i = tool + 1;
    while i < words.len() {
        let w = words[i];
        if matches!(w, "done" | "do" | "&&" | "||" | ">" | "2>&1") {
            break;
        }
        if w == "-O" || w == "-o" || w == "-T" || w == "-m" || w == "--max-time" {
            i += 2;
            continue;
        }
        if !w.starts_with('-') && !w.starts_with('>') {
            url = Some(w.to_string());
            break;
        }
        i += 1;
    }
    let pause_ms = words
        .iter()
        .position(|w| *w == "sleep")
        .and_then(|i| words.get(i + 1))
        .and_then(|w| decimal_millis(w))
        .unwrap_or(0);
    Some(LoadLoop { url: url?, pause_ms, curl: words[tool] == "curl" })
}

/// `0.01` → 10, `1` → 1000, `1.5` → 1500 (integers only, no floating point).
fn decimal_millis(w: &str) -> Option<u64> {
    let (int, frac) = w.split_once('.').unwrap_or((w, ""));
    if int.is_empty() && frac.is_empty() || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let int: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let mut ms = int.min(10_000_000) * 1000;
    let digits: Vec<u64> = frac.chars().take(3).map(|c| c as u64 - '0' as u64).collect();
    for (i, d) in digits.iter().enumerate() {
        ms += d * [100, 10, 1][i];
    }
    Some(ms)
}

/// Milliseconds a container takes to answer one request (the simulation's service time).
pub fn service_ms(image: &ImageInfo) -> u32 {
    match image.repository.as_str() {
        "mhausenblas/simpleservice" => 3,
        r if r.ends_with("/hpa-example") => 20,
        "nginx" | "karthequian/helloworld" => 1,
        _ => 2,
    }
}

/// How many requests the server answers on one kept-alive connection before closing it
/// (nginx's `keepalive_requests`: 100 before 1.19.10, 1000 since); `None`: no limit.
pub fn keepalive_requests(image: &ImageInfo) -> Option<u32> {
    match image.repository.as_str() {
        "karthequian/helloworld" => Some(100),
        "nginx" => {
            let v: Vec<u32> = nginx_version(&image.tag).split('.').filter_map(|p| p.parse().ok()).collect();
            Some(if v.len() == 3 && (v[0], v[1], v[2]) < (1, 19, 10) { 100 } else { 1000 })
        }
        _ => None,
    }
}

fn is_known(image: &ImageInfo) -> bool {
    let repo = image.repository.as_str();
    matches!(repo, "nginx" | "karthequian/helloworld" | "mhausenblas/simpleservice" | "centos" | "busybox" | "redis")
        || repo.starts_with("hashicorp/")
        || repo.ends_with("/hpa-example")
}

fn exit_code_in(line: &str) -> Option<i64> {
    let idx = line.find("exit ")?;
    let rest = &line[idx + 5..];
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

fn sleep_secs_in(line: &str) -> Option<u64> {
    let idx = line.find("sleep")?;
    let rest = line[idx + 5..].trim_start();
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse::<u64>().ok().map(|s| s.min(10_000_000))
}

/// The shell an image ships, as `kubectl exec` finds it. The simulated shell in the console
/// answers a handful of programs; which ones depends on the image:
///
/// | image | shell | prompt | programs besides the builtins (`echo`, `env`, `cat`, `hostname`, `exit`) |
/// |---|---|---|---|
/// | `busybox` | busybox `sh` (1.28 applets) | `/ # ` | `nslookup`, `ping`, `wget` |
/// | `karthequian/helloworld` | busybox `sh` (an nginx:alpine image) | `/ # ` | `nslookup`, `ping`, `wget` |
/// | `centos` | `bash` | `[root@<pod> /]# ` | `ping` (iputils), `curl` (7.29) |
/// | `nginx` (Debian) | `bash` | `root@<pod>:/# ` | `curl` |
/// | `mhausenblas/simpleservice` (python:2.7, Debian) | `bash` | `root@<pod>:/usr/src/app# ` | `curl`, `wget` |
/// | `hashicorp/counting-service`, `hashicorp/dashboard-service` (Alpine) | busybox `sh` | `/ # ` | `nslookup`, `ping`, `wget` (and `counting-service` itself) |
/// | anything else (except the other hashicorp images) | `sh` as Debian's dash/bash | `root@<pod>:/# ` | `curl` |
///
/// The other hashicorp images (Consul's init containers and agents) have no shell here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShellKind {
    /// busybox ash: `sh: foo: not found`.
    Busybox,
    /// GNU bash: `bash: foo: command not found`.
    Bash,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellInfo {
    pub kind: ShellKind,
    /// The working directory the prompt shows (`/`, `/usr/src/app`).
    pub workdir: &'static str,
    /// The prompt style: `true` for Red Hat's `[root@host dir]# `, else Debian's `root@host:dir# `
    /// (busybox: `dir # `).
    pub redhat_prompt: bool,
    /// Programs on the PATH besides the shell builtins.
    pub programs: &'static [&'static str],
    /// `PATH` in the image.
    pub path: &'static str,
    /// Environment variables the image sets (after PATH), in the image's order.
    pub env: &'static [(&'static str, &'static str)],
}

const STD_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The shell of an image, if it has one.
pub fn shell(image: &ImageInfo) -> Option<ShellInfo> {
    let repo = image.repository.strip_prefix("docker.io/").unwrap_or(&image.repository);
    let repo = repo.strip_prefix("library/").unwrap_or(repo);
    let busybox = ShellInfo {
        kind: ShellKind::Busybox,
        workdir: "/",
        redhat_prompt: false,
        programs: &["nslookup", "ping", "wget"],
        path: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        env: &[],
    };
    Some(match repo {
        "busybox" => ShellInfo { path: "/bin:/sbin:/usr/bin:/usr/sbin", ..busybox },
        "karthequian/helloworld" => busybox,
        "centos" => ShellInfo {
            kind: ShellKind::Bash,
            workdir: "/",
            redhat_prompt: true,
            programs: &["ping", "curl"],
            path: STD_PATH,
            env: &[],
        },
        "nginx" => ShellInfo {
            kind: ShellKind::Bash,
            workdir: "/",
            redhat_prompt: false,
            programs: &["curl"],
            path: STD_PATH,
            env: &[],
        },
        "mhausenblas/simpleservice" => ShellInfo {
            kind: ShellKind::Bash,
            workdir: "/usr/src/app",
            redhat_prompt: false,
            programs: &["curl", "wget"],
            path: STD_PATH,
            env: &[("LANG", "C.UTF-8"), ("PYTHON_VERSION", "2.7.13")],
        },
        // The Consul lab's demo services are Go programs on Alpine: busybox's sh, the binary in /.
        "hashicorp/counting-service" => {
            ShellInfo { programs: &["nslookup", "ping", "wget", "counting-service"], ..busybox }
        }
        "hashicorp/dashboard-service" => ShellInfo { programs: &["nslookup", "ping", "wget"], ..busybox },
        r if r.starts_with("hashicorp/") => return None,
        _ => ShellInfo {
            kind: ShellKind::Bash,
            workdir: "/",
            redhat_prompt: false,
            programs: &["curl"],
            path: STD_PATH,
            env: &[],
        },
    })
}

/// An HTTP answer from a container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpAnswer {
    pub status: u16,
    pub body: String,
}

/// nginx's welcome page around its stylesheet (the page is the same otherwise).
macro_rules! nginx_welcome {
    ($style:literal) => {
        concat!(
            "<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
",
            $style,
            "</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href=\"http://nginx.org/\">nginx.org</a>.<br/>
Commercial support is available at
<a href=\"http://nginx.com/\">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"
        )
    };
}

const NGINX_WELCOME: &str = nginx_welcome!(
    "html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
"
);

/// nginx's welcome page before its dark-mode restyle (nginx 1.21).
const NGINX_WELCOME_CLASSIC: &str = nginx_welcome!(
    "    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
"
);

/// The nginx version an nginx tag runs in the cluster's era: `latest` (or no version) was 1.15
/// in the course's 2018 clusters.
pub fn nginx_version_in_era(tag: &str, course_era: bool) -> &str {
    let v = nginx_version(tag);
    if course_era && v == "1.27.3" {
        "1.15.5"
    } else {
        v
    }
}

fn nginx_welcome(version: &str) -> &'static str {
    let v: Vec<u32> = version.split('.').filter_map(|p| p.parse().ok()).collect();
    if v.len() >= 2 && (v[0], v[1]) < (1, 21) {
        NGINX_WELCOME_CLASSIC
    } else {
        NGINX_WELCOME
    }
}

fn nginx_404(version: &str) -> String {
    format!(
        "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/{version}</center>\r\n</body>\r\n</html>\r\n"
    )
}

/// The navbar colour of a helloworld tag (`latest` is the default dark Bootstrap navbar).
pub fn helloworld_navbar(tag: &str) -> &'static str {
    match tag {
        "blue" => "blue",
        "black" => "black",
        _ => "default",
    }
}

fn helloworld_page(tag: &str) -> String {
    let class = match helloworld_navbar(tag) {
        "blue" => "navbar navbar-expand-md navbar-dark fixed-top\" style=\"background-color: blue;",
        "black" => "navbar navbar-expand-md navbar-dark fixed-top\" style=\"background-color: black;",
        _ => "navbar navbar-expand-md navbar-dark bg-dark fixed-top",
    };
    format!(
        "<!doctype html>
<html lang=\"en\">
<head>
<meta charset=\"utf-8\">
<title>Docker Helloworld</title>
<link rel=\"stylesheet\" href=\"css/bootstrap.min.css\">
</head>
<body>
<nav class=\"{class}\">
  <a class=\"navbar-brand\" href=\"#\">Docker Helloworld</a>
</nav>
<main role=\"main\" class=\"container\">
  <div class=\"jumbotron\">
    <h1>Hello</h1>
    <p class=\"lead\">Is it me you're looking for?</p>
  </div>
</main>
<footer class=\"footer\">
  <div class=\"container\"><span class=\"text-muted\">Visits: <span id=\"counter\"></span> &middot; <span id=\"clock\"></span></span></div>
</footer>
</body>
</html>
"
    )
}

/// What a serving container answers to `GET path` (Host header `host`, client address `from`).
/// The helloworld page is a shortened stand-in for the real Bootstrap page: its navbar colour is
/// the part the course looks at. simpleservice answers `/info`, `/health` and `/endpoint0` like
/// `mhausenblas/simpleservice` (tornado) does; every other path is tornado's 404 page.
pub fn http_get(image: &ImageInfo, path: &str, host: &str, from: &str) -> HttpAnswer {
    http_get_by(image, path, host, from, &Server::default())
}

/// What the answering container knows about itself, for images whose answer depends on it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Server<'a> {
    /// The pod's host name (its name).
    pub hostname: &'a str,
    /// Requests it has answered before this one.
    pub served: u64,
    /// The cluster is of the course's era (untagged images are 2018's).
    pub course_era: bool,
}

/// [`http_get`] answered by a particular container: `hashicorp/counting-service` answers
/// `{"count":N,"hostname":"<pod>"}` on every path, N counting the requests it has served.
pub fn http_get_by(image: &ImageInfo, path: &str, host: &str, from: &str, me: &Server) -> HttpAnswer {
    let repo = image.repository.strip_prefix("docker.io/").unwrap_or(&image.repository);
    let repo = repo.strip_prefix("library/").unwrap_or(repo);
    let path = path.split('?').next().unwrap_or("/");
    match repo {
        "registry.k8s.io/hpa-example" | "k8s.gcr.io/hpa-example" | "gcr.io/google_containers/hpa-example" => {
            HttpAnswer { status: 200, body: "OK!".into() }
        }
        "hashicorp/counting-service" => HttpAnswer {
            status: 200,
            body: format!("{{\"count\":{},\"hostname\":\"{}\"}}", me.served + 1, me.hostname),
        },
        "mhausenblas/simpleservice" => {
            let version = image.tag.as_str();
            match path {
                "/info" => HttpAnswer {
                    status: 200,
                    body: format!("{{\"host\": \"{host}\", \"version\": \"{version}\", \"from\": \"{from}\"}}"),
                },
                "/health" => HttpAnswer { status: 200, body: "{\"healthy\": true}".into() },
                "/endpoint0" => HttpAnswer {
                    status: 200,
                    body: format!("{{\"host\": \"{host}\", \"result\": 42, \"version\": \"{version}\"}}"),
                },
                _ => HttpAnswer {
                    status: 404,
                    body: "<html><title>404: Not Found</title><body>404: Not Found</body></html>".into(),
                },
            }
        }
        "karthequian/helloworld" => match path {
            "/" | "/index.html" => HttpAnswer { status: 200, body: helloworld_page(&image.tag) },
            _ => HttpAnswer { status: 404, body: nginx_404("1.13.12") },
        },
        _ => {
            let version = nginx_version_in_era(&image.tag, me.course_era);
            match path {
                "/" | "/index.html" => HttpAnswer { status: 200, body: nginx_welcome(version).into() },
                _ => HttpAnswer { status: 404, body: nginx_404(version) },
            }
        }
    }
}

/// The nginx version a tag runs (for error pages and the startup log).
pub fn nginx_version(tag: &str) -> &str {
    let base = tag.split('-').next().unwrap_or(tag);
    if base.split('.').count() == 3 && base.split('.').all(|p| p.parse::<u32>().is_ok()) {
        base
    } else {
        "1.27.3"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_loops_are_found_with_their_url_and_pause() {
        let sh = |s: &str| vec!["/bin/sh".to_string(), "-c".to_string(), s.to_string()];
        let l = load_loop(&sh("while true; do wget -q -O- http://php-apache; done"), &[]).unwrap();
        assert_eq!(l, LoadLoop { url: "http://php-apache".into(), pause_ms: 0, curl: false });
        let l = load_loop(&sh("while sleep 0.01; do wget -q -O- http://php-apache; done"), &[]).unwrap();
        assert_eq!(l, LoadLoop { url: "http://php-apache".into(), pause_ms: 10, curl: false });
        let l = load_loop(&[], &sh("while true; do curl -s thesvc/info; sleep 1.5; done")).unwrap();
        assert_eq!(l, LoadLoop { url: "thesvc/info".into(), pause_ms: 1500, curl: true });
        assert_eq!(load_loop(&sh("while true; do sleep 5; done"), &[]), None);
        assert_eq!(load_loop(&sh("wget -q -O- http://x"), &[]), None);
        // A load loop runs until stopped, whatever its sleep says.
        let info = image_info("busybox:1.28");
        let cmd = sh("while sleep 0.01; do wget -q -O- http://php-apache; done");
        assert_eq!(behaviour(&info, &cmd, &[], &[]), Behaviour::Runs { secs: None, exit_code: 0 });
    }

    #[test]
    fn the_counting_service_counts_per_container() {
        let info = image_info("hashicorp/counting-service:0.0.2");
        let me = Server { hostname: "counting-minimal-pod", served: 0, course_era: false };
        let a = http_get_by(&info, "/", "10.0.0.1", "10.244.1.1", &me);
        assert_eq!((a.status, a.body.as_str()), (200, r#"{"count":1,"hostname":"counting-minimal-pod"}"#));
        let a = http_get_by(&info, "/", "x", "y", &Server { served: 41, ..me });
        assert_eq!(a.body, r#"{"count":42,"hostname":"counting-minimal-pod"}"#);
        assert_eq!(behaviour(&info, &[], &[], &[]), Behaviour::WebServer { ports: vec![9001] });
    }

    #[test]
    fn known_tags_pull_and_misspelt_tags_fail() {
        assert!(image_info("nginx").pullable);
        assert!(image_info("nginx:1.12.1").pullable);
        assert!(image_info("nginx:1.7.9").pullable);
        assert!(!image_info("nginx:1.291").pullable);
        assert!(!image_info("nginx:2.0").pullable);
        assert!(image_info("karthequian/helloworld:blue").pullable);
        assert!(!image_info("karthequian/helloworld:bleu").pullable);
        assert!(image_info("example.com/team/app:v3").pullable);
        assert!(!image_info("Nginx").valid_name);
    }

    #[test]
    fn behaviours() {
        let centos = image_info("centos:7");
        let cmd = vec!["bin/bash".to_string(), "-c".to_string(), "sleep 10000".to_string()];
        assert_eq!(behaviour(&centos, &cmd, &[], &[]), Behaviour::Runs { secs: Some(10000), exit_code: 0 });
        assert_eq!(behaviour(&centos, &[], &[], &[]), Behaviour::Runs { secs: Some(0), exit_code: 0 });
        let sise = image_info("mhausenblas/simpleservice:0.5.0");
        assert_eq!(behaviour(&sise, &[], &[], &[9876]), Behaviour::WebServer { ports: vec![9876] });
        let generic = image_info("myorg/app:1");
        assert_eq!(behaviour(&generic, &[], &[], &[8080]), Behaviour::WebServer { ports: vec![8080] });
    }
}
