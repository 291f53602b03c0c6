//! What each container image does in the simulation: one table of [`ImageSpec`]s.
//!
//! A real cluster pulls and runs real images; we keep a table of the images the course and
//! common tutorials use, in the spirit of kwok's stages (behaviour as data, not code). A spec
//! says which tags can be pulled, how long a first pull takes and how big the image is, how fast
//! the main process stops on SIGTERM, which ports it serves (or that it exits at once), its
//! shell and programs, what it answers per HTTP path, how long one answer takes, how many
//! requests it answers on a kept-alive connection, which share of requests fail, and the lines
//! it logs. Every reader looks facts up here: the kubelet (pulls, start, probes, SIGTERM), the
//! network (`http_get`), the traffic model (answers, service time, keep-alive, errors) and the
//! console's shells and `kubectl logs`.
//!
//! A cluster can register more specs ([`crate::Cluster::register_image`]; an exercise file's
//! `images:` list does this): they are part of the cluster's state and are looked up before the
//! built-in table. Any other well-formed image name behaves as the generic spec (a web server on
//! its declared ports answering nginx's pages); a tag that does not exist for a known
//! repository (`nginx:1.291`, the slide's `nginx:2.0`) fails to pull, as it would on Docker Hub.
//!
//! Texts (HTTP bodies, log lines) are templates: `$name` is replaced by a variable's value
//! (nginx's syntax: the name is the longest run of letters, digits and `_`); unknown names stay
//! as written. HTTP bodies know `$host` (the Host header), `$remote_addr` (the address the pod
//! sees), `$hostname` (the pod's name), `$count` (requests this container served, this one
//! included), `$tag`, `$path`, `$nginx_version`, `$nginx_welcome_page` and `$nginx_404_page`.

mod system;

use crate::usage::{CpuUse, MemoryUse};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::{Arc, OnceLock};

mod releases;
pub use releases::Variant;

/// How a started container behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Behaviour {
    /// Serves HTTP on these ports until stopped.
    WebServer { ports: Vec<i64> },
    /// Runs for `secs` seconds, then exits with `exit_code` (`None`: runs forever).
    Runs { secs: Option<u64>, exit_code: i64 },
}

/// What one image (a repository, all its tags) does. Deserialisable from an exercise file:
/// every field but `repository` has a default, the generic web server's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageSpec {
    /// The repository as written in `image:` without a tag (`nginx`, `acme/shop`); a leading
    /// `docker.io/` or `library/` is ignored. `*` and `?` are globs (`hashicorp/*`).
    pub repository: String,
    /// Other names of the same image (registry mirrors).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The tags that exist, as globs (`*`, `?`, `{7..29}` a number in a range); empty: any tag.
    /// Another tag fails to pull (`ErrImagePull`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Seconds a first pull takes (the kubelet adds 0-2 s of jitter).
    #[serde(default = "default_pull_secs")]
    pub pull_secs: u64,
    /// Size reported in the `Pulled` event.
    #[serde(default = "default_size_bytes")]
    pub size_bytes: u64,
    /// Seconds the main process needs to exit after SIGTERM (`null`: ignores it and is killed
    /// at the end of the grace period, like a shell running `sleep` as PID 1).
    #[serde(default = "default_sigterm_exit_secs")]
    pub sigterm_exit_secs: Option<u64>,
    /// Ports the image's server listens on; not given: the container's declared ports, else 80.
    #[serde(default)]
    pub ports: Option<Vec<i64>>,
    /// The default command exits at once (a shell without a terminal: busybox, centos); with a
    /// command the container runs it (`sleep 3600`) instead of serving.
    #[serde(default)]
    pub exits_at_once: bool,
    /// Milliseconds one answer takes (the traffic model's service time).
    #[serde(default = "default_service_ms")]
    pub service_ms: u32,
    /// Requests answered on one kept-alive connection before the server closes it; not given:
    /// no limit (nginx builds: 100 before 1.19.10, 1000 since).
    #[serde(default)]
    pub keepalive_requests: Option<u32>,
    /// The image is an nginx build: its version decides the keep-alive limit, `$nginx_version`
    /// and the start-up log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nginx: Option<NginxBuild>,
    /// HTTP answers, the first route matching the path (and tag) wins; no route: 404.
    #[serde(default = "generic_routes")]
    pub http: Vec<Route>,
    /// A share of requests that fail, whatever the path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Errors>,
    /// The shell `kubectl exec` finds (`null`: none). Not given: Debian's bash with curl.
    #[serde(default = "default_shell")]
    pub shell: Option<ShellSpec>,
    /// What `kubectl logs` shows.
    #[serde(default)]
    pub log: LogSpec,
    /// Programs that run to an end (batch work): the first entry whose glob matches the
    /// container's command line runs for its `secs`, prints its `log` and exits with its
    /// `exit_code`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub runs: Vec<RunSpec>,
    /// The image is an ingress controller (ingress-nginx): requests to its HTTP port are routed
    /// by the cluster's Ingress rules (`crate::ingress`) instead of answered from `http`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ingress_controller: bool,
    /// CPU use: idle millicores and CPU time per request (`usage::model`); not given: 1m idle,
    /// 100 µs per request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<crate::usage::CpuUse>,
    /// Memory use: a base and bytes per request per second; not given: 8 MiB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<crate::usage::MemoryUse>,
    /// Behaviour per tag (a release that misbehaves): the first variant whose tags match
    /// overrides the service time, error share, crash and probe answer (`images/releases.rs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
}

/// A command that ends by itself, as a Job's container runs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunSpec {
    /// A glob over the command and arguments joined by spaces (`perl -Mbignum=bpi -wle *`).
    pub command: String,
    /// Seconds from the container's start to its exit.
    #[serde(default)]
    pub secs: u64,
    #[serde(default)]
    pub exit_code: i64,
    /// What it prints (`kubectl logs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log: Vec<String>,
}

/// Which nginx an image runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NginxBuild {
    /// The tag's version (`1.25.3`; other tags run 1.27.3, or 1.15.5 in the course era).
    FromTag,
    /// A fixed version, whatever the tag.
    Version(String),
}

/// One HTTP answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// A glob over the path without its query (`/`, `/api/*`, `*`).
    #[serde(default = "any_path")]
    pub path: String,
    /// Only for these tags (globs); empty: every tag.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default = "ok_status")]
    pub status: u16,
    /// A template (see the module's documentation).
    #[serde(default)]
    pub body: String,
}

/// A share of requests answered with an error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Errors {
    /// Percent of requests, 0-100; each request draws from the cluster's `traffic` stream.
    pub percent: u32,
    /// 500-599.
    #[serde(default = "error_status")]
    pub status: u16,
    #[serde(default)]
    pub body: String,
}

/// The shell an image ships, as `kubectl exec` finds it. The console's simulated shell answers
/// the builtins (`echo`, `env`, `cat`, `hostname`, `ls`, `exit`, ...) and the `programs` listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShellSpec {
    pub kind: ShellKind,
    /// The working directory the prompt shows (`/`, `/usr/src/app`).
    #[serde(default = "root_dir")]
    pub workdir: String,
    /// Red Hat's prompt `[root@host dir]# ` rather than Debian's `root@host:dir# ` (busybox:
    /// `dir # `).
    #[serde(default)]
    pub redhat_prompt: bool,
    /// Programs on the PATH besides the shell builtins (`nslookup`, `ping`, `curl`, `wget`).
    #[serde(default)]
    pub programs: Vec<String>,
    /// `PATH` in the image.
    #[serde(default = "std_path")]
    pub path: String,
    /// Environment variables the image sets (after PATH), in the image's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<EnvVar>,
    /// The curl release (its User-Agent and error wording; `7.29.0` is CentOS 7's).
    #[serde(default = "curl_version")]
    pub curl_version: String,
    /// Files in the working directory (`ls`), when it is not `/`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    /// The image's own server program: run from the shell it prints the start-up log (`$port`
    /// from `PORT`) and fails to bind the image's port, which the container's server holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_program: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvVar {
    pub name: String,
    pub value: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShellKind {
    /// busybox ash: `sh: foo: not found`.
    Busybox,
    /// GNU bash: `bash: foo: command not found`.
    Bash,
}

/// What `kubectl logs` shows: templates with `$tag`, `$port`, `$pod_ip`, `$nginx_version`,
/// `$time_error` (the start as nginx's error log writes it) and, per request, `$remote_addr`,
/// `$time_local`, `$request`, `$path`, `$status`, `$body_bytes_sent`, `$http_user_agent`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSpec {
    /// Lines printed when the container starts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub start: Vec<String>,
    /// Lines printed per request served, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access: Vec<LogLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogLine {
    pub line: String,
    /// Only for requests to these paths (globs); empty: every request.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
}

fn default_pull_secs() -> u64 {
    4
}
fn default_size_bytes() -> u64 {
    48_000_000
}
fn default_sigterm_exit_secs() -> Option<u64> {
    Some(1)
}
fn default_service_ms() -> u32 {
    2
}
fn any_path() -> String {
    "*".into()
}
fn ok_status() -> u16 {
    200
}
fn error_status() -> u16 {
    500
}
fn root_dir() -> String {
    "/".into()
}
fn std_path() -> String {
    STD_PATH.into()
}
fn curl_version() -> String {
    "7.88.1".into()
}

const STD_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The generic web server's answers: nginx's welcome page on `/`, its 404 page elsewhere.
fn generic_routes() -> Vec<Route> {
    vec![
        route("/", 200, "$nginx_welcome_page"),
        route("/index.html", 200, "$nginx_welcome_page"),
        route("*", 404, "$nginx_404_page"),
    ]
}

fn default_shell() -> Option<ShellSpec> {
    Some(debian_shell())
}

/// A Debian image's shell: bash with curl.
fn debian_shell() -> ShellSpec {
    ShellSpec {
        kind: ShellKind::Bash,
        workdir: root_dir(),
        redhat_prompt: false,
        programs: strings(&["curl"]),
        path: std_path(),
        env: vec![],
        curl_version: curl_version(),
        files: vec![],
        server_program: None,
    }
}

fn route(path: &str, status: u16, body: &str) -> Route {
    Route { path: path.into(), tags: vec![], status, body: body.into() }
}

fn strings(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|s| s.to_string()).collect()
}

impl ImageSpec {
    /// The generic web server under this repository name: what any image not in the table does.
    pub fn generic(repository: &str) -> ImageSpec {
        ImageSpec {
            repository: repository.into(),
            aliases: vec![],
            tags: vec![],
            pull_secs: default_pull_secs(),
            size_bytes: default_size_bytes(),
            sigterm_exit_secs: default_sigterm_exit_secs(),
            ports: None,
            exits_at_once: false,
            service_ms: default_service_ms(),
            keepalive_requests: None,
            nginx: None,
            http: generic_routes(),
            errors: None,
            shell: default_shell(),
            log: LogSpec::default(),
            runs: vec![],
            ingress_controller: false,
            cpu: None,
            memory: None,
            variants: vec![],
        }
    }
}

fn busybox_shell(programs: &[&str]) -> ShellSpec {
    ShellSpec { kind: ShellKind::Busybox, programs: strings(programs), ..debian_shell() }
}

/// nginx's access log format (`main` in the image's nginx.conf).
const NGINX_ACCESS: &str =
    "$remote_addr - - [$time_local] \"$request\" $status $body_bytes_sent \"-\" \"$http_user_agent\" \"-\"";

/// The built-in table, in lookup order (the first spec whose repository matches wins).
pub fn builtin() -> &'static [Arc<ImageSpec>] {
    static TABLE: OnceLock<Vec<Arc<ImageSpec>>> = OnceLock::new();
    TABLE.get_or_init(|| builtin_specs().into_iter().map(Arc::new).collect())
}

fn builtin_specs() -> Vec<ImageSpec> {
    let mut specs = table_specs();
    specs.extend(system::specs());
    specs
}

fn table_specs() -> Vec<ImageSpec> {
    let g = ImageSpec::generic;
    let nginx_log = LogSpec { start: vec![], access: vec![LogLine { line: NGINX_ACCESS.into(), paths: vec![] }] };
    // nginx releases 1.7-1.29 (patch levels up to 12) and the named tags, each also as -alpine
    // and -perl.
    let mut nginx_tags = Vec::new();
    for suffix in ["", "-alpine", "-perl"] {
        for base in ["latest", "stable", "mainline", "alpine", "perl", "alpine-slim", "1.{7..29}", "1.{7..29}.{0..12}"]
        {
            nginx_tags.push(format!("{base}{suffix}"));
        }
    }
    let helloworld_routes = {
        let dark = "navbar navbar-expand-md navbar-dark";
        let mut r = Vec::new();
        for (tag, class) in [
            ("blue", format!("{dark} fixed-top\" style=\"background-color: blue;")),
            ("black", format!("{dark} fixed-top\" style=\"background-color: black;")),
            ("*", format!("{dark} bg-dark fixed-top")),
        ] {
            for path in ["/", "/index.html"] {
                r.push(Route { tags: strings(&[tag]), ..route(path, 200, &helloworld_page(&class)) });
            }
        }
        r.push(route("*", 404, "$nginx_404_page"));
        r
    };
    vec![
        ImageSpec {
            tags: nginx_tags,
            pull_secs: 5,
            size_bytes: 72_995_000,
            ports: Some(vec![80]),
            service_ms: 1,
            nginx: Some(NginxBuild::FromTag),
            log: nginx_log.clone(),
            // An idle worker; a static page costs about 50 µs of CPU.
            cpu: Some(CpuUse { idle_milli: 0, per_request_micro: 50 }),
            memory: Some(MemoryUse { base_bytes: 3 << 20, per_request_bytes: 4 << 10 }),
            ..g("nginx")
        },
        // An nginx:alpine image serving a Bootstrap page whose navbar colour is the tag's.
        ImageSpec {
            tags: strings(&["latest", "black", "blue"]),
            pull_secs: 6,
            size_bytes: 98_411_000,
            ports: Some(vec![80]),
            service_ms: 1,
            nginx: Some(NginxBuild::Version("1.13.12".into())),
            http: helloworld_routes,
            shell: Some(busybox_shell(&["nslookup", "ping", "wget"])),
            log: nginx_log,
            ..g("karthequian/helloworld")
        },
        // A tornado (python:2.7, Debian) service answering `/info`, `/health` and `/endpoint0`.
        ImageSpec {
            tags: strings(&["0.4.0", "0.5.0"]),
            pull_secs: 4,
            size_bytes: 70_129_000,
            ports: Some(vec![9876]),
            service_ms: 3,
            http: vec![
                route("/info", 200, "{\"host\": \"$host\", \"version\": \"$tag\", \"from\": \"$remote_addr\"}"),
                route("/health", 200, "{\"healthy\": true}"),
                route("/endpoint0", 200, "{\"host\": \"$host\", \"result\": 42, \"version\": \"$tag\"}"),
                route("*", 404, "<html><title>404: Not Found</title><body>404: Not Found</body></html>"),
            ],
            shell: Some(ShellSpec {
                workdir: "/usr/src/app".into(),
                programs: strings(&["curl", "wget"]),
                env: vec![
                    EnvVar { name: "LANG".into(), value: "C.UTF-8".into() },
                    EnvVar { name: "PYTHON_VERSION".into(), value: "2.7.13".into() },
                ],
                curl_version: "7.52.1".into(),
                files: strings(&["simpleservice.py"]),
                ..debian_shell()
            }),
            log: LogSpec {
                start: strings(&["INFO:root:This is simple service in version v$tag listening on port 9876"]),
                access: vec![
                    LogLine {
                        line: "INFO:root:$path serving from $pod_ip:9876 has been invoked from $remote_addr".into(),
                        paths: strings(&["/info", "/endpoint0"]),
                    },
                    LogLine {
                        line: "INFO:tornado.access:$status GET $path ($remote_addr) 1.02ms".into(),
                        paths: vec![],
                    },
                ],
            },
            ..g("mhausenblas/simpleservice")
        },
        ImageSpec {
            tags: strings(&["latest", "7", "8", "6", "centos7", "centos8"]),
            pull_secs: 8,
            size_bytes: 72_625_000,
            sigterm_exit_secs: None,
            ports: Some(vec![]),
            exits_at_once: true,
            shell: Some(ShellSpec {
                redhat_prompt: true,
                programs: strings(&["ping", "curl"]),
                curl_version: "7.29.0".into(),
                ..debian_shell()
            }),
            ..g("centos")
        },
        ImageSpec {
            tags: strings(&["latest", "1.*", "stable", "musl", "glibc", "uclibc"]),
            pull_secs: 2,
            size_bytes: 2_155_000,
            sigterm_exit_secs: None,
            ports: Some(vec![]),
            exits_at_once: true,
            shell: Some(ShellSpec {
                path: "/bin:/sbin:/usr/bin:/usr/sbin".into(),
                ..busybox_shell(&["nslookup", "ping", "wget"])
            }),
            ..g("busybox")
        },
        // The HPA walkthrough's php-apache: a PHP page that burns some CPU and answers "OK!".
        ImageSpec {
            aliases: strings(&["k8s.gcr.io/hpa-example", "gcr.io/google_containers/hpa-example"]),
            tags: strings(&["latest"]),
            pull_secs: 7,
            size_bytes: 185_380_000,
            ports: Some(vec![80]),
            service_ms: 20,
            http: vec![route("*", 200, "OK!")],
            // index.php adds a million square roots per request: 9 ms of CPU, so one
            // `while sleep 0.01; do wget ...` loop (66 requests/s) asks for ~600m and a pod
            // limited to 500m is throttled there (250% of its 200m request). Apache keeps a
            // worker (about 1 MiB) per request in flight.
            cpu: Some(CpuUse { idle_milli: 1, per_request_micro: 9000 }),
            memory: Some(MemoryUse { base_bytes: 12 << 20, per_request_bytes: 1 << 20 }),
            ..g("registry.k8s.io/hpa-example")
        },
        ImageSpec { tags: strings(&["latest"]), pull_secs: 5, ..g("nickchase/soaktest") },
        // The Consul lab's demo services are Go programs on Alpine: busybox's sh, the binary in /.
        ImageSpec {
            tags: strings(&["0.0.*"]),
            pull_secs: 3,
            ports: Some(vec![9001]),
            http: vec![route("*", 200, "{\"count\":$count,\"hostname\":\"$hostname\"}")],
            shell: Some(ShellSpec {
                server_program: Some("counting-service".into()),
                ..busybox_shell(&["nslookup", "ping", "wget", "counting-service"])
            }),
            log: LogSpec {
                start: strings(&["Serving at http://localhost:$port", "(Pass as PORT environment variable)"]),
                access: vec![],
            },
            ..g("hashicorp/counting-service")
        },
        ImageSpec {
            tags: strings(&["0.0.*"]),
            pull_secs: 3,
            ports: Some(vec![9002]),
            shell: Some(busybox_shell(&["nslookup", "ping", "wget"])),
            ..g("hashicorp/dashboard-service")
        },
        // Consul's own images (init containers, agents): no shell here.
        ImageSpec { ports: Some(vec![80]), shell: None, ..g("hashicorp/*") },
        ImageSpec { pull_secs: 5, ports: Some(vec![6379]), ..g("redis") },
        // Perl (Debian): the Job walkthrough's `perl -Mbignum=bpi -wle 'print bpi(2000)'`
        // prints pi to 2000 digits after some seconds of arithmetic.
        ImageSpec {
            pull_secs: 24,
            size_bytes: 336_374_000,
            sigterm_exit_secs: Some(0),
            ports: Some(vec![]),
            exits_at_once: true,
            runs: vec![RunSpec {
                command: "perl -Mbignum=bpi -wle print bpi(2000)".into(),
                secs: 7,
                exit_code: 0,
                log: vec![PI_2000.into()],
            }],
            ..g("perl")
        },
        // The ingress-nginx controller (minikube's ingress addon): port 80 routes by the
        // Ingress rules; 10254 answers its health checks.
        ImageSpec {
            tags: strings(&["v1.*"]),
            pull_secs: 9,
            size_bytes: 105_231_000,
            ports: Some(vec![80, 443, 8443, 10254]),
            http: vec![route("/healthz", 200, "ok"), route("*", 404, "$nginx_404_page")],
            ingress_controller: true,
            ..g("registry.k8s.io/ingress-nginx/controller")
        },
        // The course era's controller (minikube 0.28's addon) and its default backend.
        ImageSpec {
            tags: strings(&["0.*"]),
            pull_secs: 9,
            size_bytes: 156_710_000,
            ports: Some(vec![80, 443, 18080, 10254]),
            http: vec![route("/healthz", 200, "ok"), route("*", 404, "$nginx_404_page")],
            ingress_controller: true,
            ..g("quay.io/kubernetes-ingress-controller/nginx-ingress-controller")
        },
        ImageSpec {
            tags: strings(&["1.4"]),
            pull_secs: 2,
            size_bytes: 4_844_000,
            ports: Some(vec![8080]),
            http: vec![route("/healthz", 200, "ok"), route("*", 404, "default backend - 404")],
            shell: None,
            ..g("k8s.gcr.io/defaultbackend")
        },
        releases::chapter_app(),
    ]
}

/// `bpi(2000)`: pi to 2000 significant digits.
const PI_2000: &str = include_str!("images/pi-2000.txt");

/// An image reference looked up: its repository and tag, and the spec that says what it does.
#[derive(Clone, Debug)]
pub struct ImageInfo {
    /// The repository as Kubernetes shows it in `image:` (`nginx`, `karthequian/helloworld`).
    pub repository: String,
    pub tag: String,
    /// False for a reference that is not a valid image name: `InvalidImageName`.
    pub valid_name: bool,
    pub spec: Arc<ImageSpec>,
}

/// The specs a cluster registered on top of the built-in table, in registration order (a
/// later spec for the same repository replaces the earlier one). Serialised as a list of specs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Registered(Vec<Arc<ImageSpec>>);

impl Registered {
    pub fn specs(&self) -> impl Iterator<Item = &ImageSpec> {
        self.0.iter().map(|s| &**s)
    }
    /// Adds `spec` after validating it.
    pub fn register(&mut self, spec: ImageSpec) -> Result<(), String> {
        spec.validate()?;
        self.0.retain(|s| s.repository != spec.repository);
        self.0.push(Arc::new(spec));
        Ok(())
    }
}

impl Serialize for Registered {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.specs())
    }
}

impl<'de> Deserialize<'de> for Registered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Registered, D::Error> {
        let specs: Vec<ImageSpec> = Vec::deserialize(d)?;
        Ok(Registered(specs.into_iter().map(Arc::new).collect()))
    }
}

/// Splits a reference into repository and tag (`latest` when none is given).
pub fn split_reference(image: &str) -> (String, String) {
    let without_digest = image.split('@').next().unwrap_or(image);
    // The tag is after the last ':' that comes after the last '/'.
    let slash = without_digest.rfind('/').map(|i| i + 1).unwrap_or(0);
    match without_digest[slash..].rfind(':') {
        Some(i) => (without_digest[..slash + i].to_string(), without_digest[slash + i + 1..].to_string()),
        None => (without_digest.to_string(), "latest".to_string()),
    }
}

pub fn valid_reference(image: &str) -> bool {
    !image.is_empty()
        && image.len() <= 255
        && image
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-' | '/' | ':' | '@'))
        && !image.starts_with(['.', '-', '/', ':'])
        && !image.ends_with([':', '/'])
}

/// The repository as the table names it: without `docker.io/` and `library/`.
fn table_name(repository: &str) -> &str {
    let repo = repository.strip_prefix("docker.io/").unwrap_or(repository);
    repo.strip_prefix("library/").unwrap_or(repo)
}

impl ImageSpec {
    fn names(&self, repository: &str) -> bool {
        glob(&self.repository, repository) || self.aliases.iter().any(|a| glob(a, repository))
    }
}

/// Looks an image reference up: first in `registered`, then in the built-in table, else the
/// generic web server.
pub fn lookup(registered: &Registered, image: &str) -> ImageInfo {
    let valid_name = valid_reference(image);
    let (repository, tag) = split_reference(image);
    let name = table_name(&repository);
    let spec = registered.0.iter().chain(builtin()).find(|s| s.names(name)).cloned().unwrap_or_else(|| {
        static GENERIC: OnceLock<Arc<ImageSpec>> = OnceLock::new();
        GENERIC.get_or_init(|| Arc::new(ImageSpec::generic("*"))).clone()
    });
    ImageInfo { repository, tag, valid_name, spec }
}

/// Looks an image up in the built-in table only (a cluster looks up its registered specs too:
/// [`crate::Cluster::image`]).
pub fn image_info(image: &str) -> ImageInfo {
    lookup(&Registered::default(), image)
}

/// What the answering container knows about itself, for answers that depend on it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Server<'a> {
    /// The pod's host name (its name).
    pub hostname: &'a str,
    /// Requests it has answered before this one.
    pub served: u64,
    /// The cluster is of the course's era (untagged images are 2018's).
    pub course_era: bool,
}

/// An HTTP answer from a container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpAnswer {
    pub status: u16,
    pub body: String,
}

impl ImageInfo {
    /// Whether the tag exists (and the name is valid): else the pull fails.
    pub fn pullable(&self) -> bool {
        self.valid_name && (self.spec.tags.is_empty() || self.spec.tags.iter().any(|t| glob(t, &self.tag)))
    }
    pub fn pull_secs(&self) -> u64 {
        self.spec.pull_secs
    }
    pub fn size_bytes(&self) -> u64 {
        self.spec.size_bytes
    }
    pub fn sigterm_exit_secs(&self) -> Option<u64> {
        self.spec.sigterm_exit_secs
    }

    /// What a container with this image, command and args does once started.
    pub fn behaviour(&self, command: &[String], args: &[String], declared_ports: &[i64]) -> Behaviour {
        let words: Vec<&str> = command.iter().chain(args.iter()).map(String::as_str).collect();
        if !words.is_empty() {
            let line = words.join(" ");
            if let Some(run) = self.run_of(&line) {
                return Behaviour::Runs { secs: Some(run.secs), exit_code: run.exit_code };
            }
            if let Some(code) = exit_code_in(&line) {
                // `sleep 5; exit 1`: the script's sleeps come first.
                return Behaviour::Runs { secs: Some(sleep_secs_in(&line).unwrap_or(0)), exit_code: code };
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
        }
        if self.spec.exits_at_once {
            // A shell running some short command, or none.
            return Behaviour::Runs { secs: Some(0), exit_code: 0 };
        }
        let ports = match &self.spec.ports {
            Some(ports) => ports.clone(),
            None if !declared_ports.is_empty() => declared_ports.to_vec(),
            None => vec![80],
        };
        Behaviour::WebServer { ports }
    }

    fn run_of(&self, line: &str) -> Option<&RunSpec> {
        self.spec.runs.iter().find(|r| glob(&r.command, line))
    }

    /// What a [`RunSpec`] program prints (at its end), if `command` and `args` run one.
    pub fn run_log(&self, command: &[String], args: &[String]) -> Option<Vec<String>> {
        let line = command.iter().chain(args.iter()).map(String::as_str).collect::<Vec<_>>().join(" ");
        self.run_of(&line).map(|r| r.log.clone())
    }

    /// The words a shell script `echo`es as it starts (`sh -c 'echo hi; sleep 5'`); `date` and
    /// other programs print nothing here.
    pub fn command_log(&self, command: &[String], args: &[String]) -> Vec<String> {
        let line = command.iter().chain(args.iter()).map(String::as_str).collect::<Vec<_>>().join(" ");
        if self.run_of(&line).is_some() || load_loop(command, args).is_some() {
            return vec![];
        }
        let mut out = Vec::new();
        for part in line.split([';', '\n']).flat_map(|p| p.split("&&")) {
            // The script after `sh -c` (`/bin/sh -c 'date; echo Hello'`).
            let part = part.rsplit_once(" -c ").map(|(_, script)| script).unwrap_or(part).trim();
            if let Some(rest) = part.strip_prefix("echo ").or((part == "echo").then_some("")) {
                let words: Vec<String> =
                    rest.split_whitespace().map(|w| w.trim_matches(|c| c == '"' || c == '\'').to_string()).collect();
                out.push(words.join(" "));
            }
        }
        out
    }

    /// Milliseconds the container takes to answer one request (the simulation's service time).
    /// An ingress controller: its HTTP port routes by the Ingress rules.
    pub fn ingress_controller(&self) -> bool {
        self.spec.ingress_controller
    }

    pub fn service_ms(&self) -> u32 {
        self.variant().and_then(|v| v.service_ms).unwrap_or(self.spec.service_ms)
    }

    /// The first of the spec's variants whose tags match this tag.
    fn variant(&self) -> Option<&Variant> {
        self.spec.variants.iter().find(|v| v.tags.iter().any(|t| glob(t, &self.tag)))
    }

    /// Seconds after each start at which the server exits with code 1 (a release that crashes).
    pub fn crash_after_secs(&self) -> Option<u64> {
        self.variant().and_then(|v| v.crash_after_secs)
    }

    /// The status the container's HTTP probes get, when a variant sets one (`503`: never ready).
    pub fn probe_status(&self) -> Option<u16> {
        self.variant().and_then(|v| v.probe_status)
    }

    /// How many requests the server answers on one kept-alive connection before closing it
    /// (nginx's `keepalive_requests`: 100 before 1.19.10, 1000 since); `None`: no limit.
    pub fn keepalive_requests(&self) -> Option<u32> {
        if let Some(n) = self.spec.keepalive_requests {
            return Some(n);
        }
        let v: Vec<u32> = self.nginx_build_version()?.split('.').filter_map(|p| p.parse().ok()).collect();
        Some(if v.len() == 3 && (v[0], v[1], v[2]) < (1, 19, 10) { 100 } else { 1000 })
    }

    /// The nginx version of an nginx build (its tag's, whatever the era).
    fn nginx_build_version(&self) -> Option<&str> {
        match self.spec.nginx.as_ref()? {
            NginxBuild::FromTag => Some(nginx_version(&self.tag)),
            NginxBuild::Version(v) => Some(v),
        }
    }

    /// The nginx version the image's pages name in the cluster's era.
    fn nginx_version_in_era(&self, course_era: bool) -> &str {
        match &self.spec.nginx {
            Some(NginxBuild::Version(v)) => v,
            _ => nginx_version_in_era(&self.tag, course_era),
        }
    }

    /// The image's shell, if it has one.
    pub fn shell(&self) -> Option<ShellSpec> {
        self.spec.shell.clone()
    }

    /// Whether an answer depends on the answering pod (`$hostname`, `$count`), so it cannot be
    /// shared by the pods of a template.
    pub fn answers_per_pod(&self) -> bool {
        self.spec.http.iter().any(|r| r.body.contains("$hostname") || r.body.contains("$count"))
    }

    /// What a serving container answers to `GET path` (Host header `host`, client address
    /// `from`), before any error draw ([`ImageInfo::errors`]).
    pub fn http_get(&self, path: &str, host: &str, from: &str, me: &Server) -> HttpAnswer {
        let path = path.split('?').next().unwrap_or("/");
        let route = self
            .spec
            .http
            .iter()
            .find(|r| glob(&r.path, path) && (r.tags.is_empty() || r.tags.iter().any(|t| glob(t, &self.tag))));
        let Some(route) = route else { return HttpAnswer { status: 404, body: String::new() } };
        let version = self.nginx_version_in_era(me.course_era);
        let body = expand(&route.body, |name| {
            Some(match name {
                "host" => host.to_string(),
                "remote_addr" => from.to_string(),
                "hostname" => me.hostname.to_string(),
                "count" => (me.served + 1).to_string(),
                "tag" => self.tag.clone(),
                "path" => path.to_string(),
                "nginx_version" => version.to_string(),
                "nginx_welcome_page" => nginx_welcome(version).to_string(),
                "nginx_404_page" => nginx_404(version),
                _ => return None,
            })
        });
        HttpAnswer { status: route.status, body }
    }

    /// The share of failing requests (percent) and the answer they get.
    pub fn errors(&self) -> Option<(u32, HttpAnswer)> {
        let e =
            self.variant().and_then(|v| v.errors.as_ref()).or(self.spec.errors.as_ref()).filter(|e| e.percent > 0)?;
        Some((e.percent, HttpAnswer { status: e.status, body: e.body.clone() }))
    }

    /// Whether `kubectl logs` shows lines of the image's own (else: what a load loop printed).
    pub fn writes_log(&self) -> bool {
        self.spec.nginx.is_some() || !self.spec.log.start.is_empty() || !self.spec.log.access.is_empty()
    }

    /// The start-up lines (templates): with `entrypoint_logs`, nginx's docker-entrypoint lines
    /// for builds from 1.19 on (the console passes false in the course era: its `nginx:latest`,
    /// 1.15-1.17, had no entrypoint scripts yet), then the spec's own.
    pub fn start_log(&self, entrypoint_logs: bool) -> Vec<String> {
        let mut lines = Vec::new();
        let modern = entrypoint_logs
            && self.nginx_build_version().is_some_and(|version| {
                let v: Vec<u32> = version.split('.').filter_map(|p| p.parse().ok()).collect();
                v.len() >= 2 && (v[0] > 1 || v[1] >= 19)
            });
        if modern {
            lines.extend(NGINX_ENTRYPOINT.iter().map(|l| l.to_string()));
            lines.extend(NGINX_NOTICES.iter().map(|l| format!("$time_error [notice] 1#1: {l}")));
        }
        lines.extend(self.spec.log.start.iter().cloned());
        lines
    }

    /// The access-log lines (templates) for one request to `path`.
    pub fn access_log<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.spec
            .log
            .access
            .iter()
            .filter(move |l| l.paths.is_empty() || l.paths.iter().any(|p| glob(p, path)))
            .map(|l| l.line.as_str())
    }

    /// Values of the log templates' per-container variables (`$tag`, `$port`, `$nginx_version`).
    pub fn log_variable(&self, name: &str) -> Option<String> {
        match name {
            "tag" => Some(self.tag.clone()),
            "port" => Some(self.spec.ports.as_ref().and_then(|p| p.first()).copied().unwrap_or(80).to_string()),
            "nginx_version" => Some(self.nginx_build_version().unwrap_or(nginx_version(&self.tag)).to_string()),
            _ => None,
        }
    }
}

const NGINX_ENTRYPOINT: [&str; 9] = [
    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
    "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
    "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
    "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
    "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
    "/docker-entrypoint.sh: Configuration complete; ready for start up",
];

const NGINX_NOTICES: [&str; 7] = [
    "using the \"epoll\" event method",
    "nginx/$nginx_version",
    "built by gcc 12.2.0 (Debian 12.2.0-14)",
    "OS: Linux 6.8.0-52-generic",
    "getrlimit(RLIMIT_NOFILE): 1048576:1048576",
    "start worker processes",
    "start worker process 29",
];

/// Replaces each `$name` in `template` by `value(name)` (the name is the longest run of ASCII
/// letters, digits and `_` after the `$`); a name `value` does not know stays as written.
/// Values are not expanded again.
pub fn expand(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let len = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
        match value(&after[..len]).filter(|_| len > 0) {
            Some(v) => out.push_str(&v),
            None => {
                out.push('$');
                out.push_str(&after[..len]);
            }
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

/// A glob over a whole text: `*` any characters (none included), `?` one character, `{a..b}` a
/// decimal number from `a` to `b`; anything else matches itself. Runs in time proportional to
/// the pattern's length times the text's, whatever the pattern.
pub fn glob(pattern: &str, text: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    if !pattern.contains(['*', '?', '{']) {
        return pattern == text;
    }
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    // memo[pi * (t.len() + 1) + ti]: 0 unknown, 1 no, 2 yes.
    let mut memo = vec![0u8; (p.len() + 1) * (t.len() + 1)];
    glob_at(p, t, 0, 0, &mut memo)
}

fn glob_at(p: &[u8], t: &[u8], pi: usize, ti: usize, memo: &mut [u8]) -> bool {
    let slot = pi * (t.len() + 1) + ti;
    if memo[slot] != 0 {
        return memo[slot] == 2;
    }
    let result = match p.get(pi) {
        None => ti == t.len(),
        Some(b'*') => (ti..=t.len()).any(|k| glob_at(p, t, pi + 1, k, memo)),
        Some(b'?') => ti < t.len() && glob_at(p, t, pi + 1, ti + 1, memo),
        Some(b'{') if numeric_range(&p[pi..]).is_some() => {
            let (lo, hi, len) = numeric_range(&p[pi..]).unwrap_or_default();
            let digits = t[ti..].iter().take_while(|c| c.is_ascii_digit()).count();
            (1..=digits).any(|k| {
                let n =
                    t[ti..ti + k].iter().fold(0u64, |n, d| n.saturating_mul(10).saturating_add(u64::from(d - b'0')));
                (lo..=hi).contains(&n) && glob_at(p, t, pi + len, ti + k, memo)
            })
        }
        Some(c) => t.get(ti) == Some(c) && glob_at(p, t, pi + 1, ti + 1, memo),
    };
    memo[slot] = if result { 2 } else { 1 };
    result
}

/// `{7..29}` at the start of `p`: (7, 29, the pattern's length).
fn numeric_range(p: &[u8]) -> Option<(u64, u64, usize)> {
    let end = p.iter().position(|&c| c == b'}')?;
    let inner = std::str::from_utf8(&p[1..end]).ok()?;
    let (lo, hi) = inner.split_once("..")?;
    let num = |s: &str| {
        (!s.is_empty() && s.len() <= 9 && s.bytes().all(|c| c.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    Some((num(lo)?, num(hi)?, end + 1))
}

impl ImageSpec {
    /// Checks a spec as a course author wrote it; the error names the field.
    pub fn validate(&self) -> Result<(), String> {
        let repo = self.repository.as_str();
        let repo_ok = |r: &str| {
            !r.is_empty()
                && r.len() <= 128
                && r.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-' | '/' | '*' | '?')
                })
                && !r.starts_with(['.', '-', '/'])
                && !r.ends_with('/')
        };
        if !repo_ok(repo) {
            return Err(format!(
                "repository: \"{repo}\" is not a repository name (lowercase letters, digits, '.', '_', '-' and '/'; no tag)"
            ));
        }
        for a in &self.aliases {
            if !repo_ok(a) {
                return Err(format!("aliases: \"{a}\" is not a repository name"));
            }
        }
        for t in &self.tags {
            let ok = !t.is_empty()
                && t.len() <= 128
                && t.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '*' | '?' | '{' | '}'));
            if !ok {
                return Err(format!(
                    "tags: \"{t}\" is not a tag (letters, digits, '.', '_', '-'; globs '*', '?', '{{1..3}}')"
                ));
            }
        }
        if self.pull_secs > 600 {
            return Err(format!("pull_secs: {} is more than 600", self.pull_secs));
        }
        if self.sigterm_exit_secs.is_some_and(|s| s > 3600) {
            return Err("sigterm_exit_secs: more than 3600".into());
        }
        for p in self.ports.iter().flatten() {
            if !(1..=65535).contains(p) {
                return Err(format!("ports: {p} is not a port (1-65535)"));
            }
        }
        if self.service_ms > 60_000 {
            return Err(format!("service_ms: {} is more than 60000 (a minute)", self.service_ms));
        }
        if self.keepalive_requests == Some(0) {
            return Err("keepalive_requests: must be at least 1 (leave it out for no limit)".into());
        }
        for (i, r) in self.http.iter().enumerate() {
            if !(r.path.starts_with('/') || r.path.starts_with('*')) || r.path.len() > 128 {
                return Err(format!("http[{i}].path: \"{}\" must start with / (or be *)", r.path));
            }
            if !(100..=599).contains(&r.status) {
                return Err(format!("http[{i}].status: {} is not an HTTP status (100-599)", r.status));
            }
            for t in &r.tags {
                if t.is_empty() || t.len() > 128 {
                    return Err(format!("http[{i}].tags: \"{t}\" is not a tag"));
                }
            }
        }
        if let Some(e) = &self.errors {
            if e.percent > 100 {
                return Err(format!("errors.percent: {} is not a percentage (0-100)", e.percent));
            }
            if !(500..=599).contains(&e.status) {
                return Err(format!("errors.status: {} is not a server error (500-599)", e.status));
            }
        }
        for (i, v) in self.variants.iter().enumerate() {
            v.validate(i)?;
        }
        if let Some(sh) = &self.shell {
            if !sh.workdir.starts_with('/') {
                return Err(format!("shell.workdir: \"{}\" is not an absolute path", sh.workdir));
            }
            for p in sh.programs.iter().chain(&sh.server_program) {
                if p.is_empty() || p.contains(['/', ' ']) {
                    return Err(format!("shell.programs: \"{p}\" is not a program name"));
                }
            }
            for e in &sh.env {
                let ok = !e.name.is_empty()
                    && !e.name.starts_with(|c: char| c.is_ascii_digit())
                    && e.name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !ok {
                    return Err(format!("shell.env: \"{}\" is not a variable name", e.name));
                }
            }
        }
        for (i, l) in self.log.access.iter().enumerate() {
            if l.paths.iter().any(|p| p.is_empty() || p.len() > 128) {
                return Err(format!("log.access[{i}].paths: a path is empty or too long"));
            }
        }
        Ok(())
    }
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

/// The last patch release of each nginx minor line, as its two-part Docker Hub tag (`nginx:1.26`)
/// runs it.
const NGINX_MINOR_TAGS: &[(&str, &str)] = &[
    ("1.14", "1.14.2"),
    ("1.15", "1.15.12"),
    ("1.16", "1.16.1"),
    ("1.17", "1.17.10"),
    ("1.18", "1.18.0"),
    ("1.19", "1.19.10"),
    ("1.20", "1.20.2"),
    ("1.21", "1.21.6"),
    ("1.22", "1.22.1"),
    ("1.23", "1.23.4"),
    ("1.24", "1.24.0"),
    ("1.25", "1.25.5"),
    ("1.26", "1.26.3"),
    ("1.27", "1.27.5"),
];

/// The nginx version a tag runs (for error pages and the startup log): a full version as
/// given (`1.25.3`), a minor line's last patch (`1.26` runs 1.26.3), anything else (`latest`,
/// `alpine`) 1.27.3.
pub fn nginx_version(tag: &str) -> &str {
    let base = tag.split('-').next().unwrap_or(tag);
    if base.split('.').count() == 3 && base.split('.').all(|p| p.parse::<u32>().is_ok()) {
        base
    } else if let Some((_, full)) = NGINX_MINOR_TAGS.iter().find(|(minor, _)| *minor == base) {
        full
    } else {
        "1.27.3"
    }
}

/// The helloworld page with its navbar's class attribute: a shortened stand-in for the real
/// Bootstrap page (the navbar colour is the part the course looks at).
fn helloworld_page(class: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn registered(yaml_json: serde_json::Value) -> Registered {
        let mut r = Registered::default();
        r.register(serde_json::from_value(yaml_json).unwrap()).unwrap();
        r
    }

    #[test]
    fn a_minor_line_tag_runs_its_last_patch() {
        assert_eq!(nginx_version("1.26"), "1.26.3");
        assert_eq!(nginx_version("1.17-alpine"), "1.17.10");
        assert_eq!(nginx_version("1.25.3"), "1.25.3");
        assert_eq!(nginx_version("latest"), "1.27.3");
        assert_eq!(nginx_version("1.99"), "1.27.3");
        // nginx 1.17's welcome page is the classic one (before 1.21), whatever "latest" is.
        let me = Server { hostname: "h", served: 1, course_era: false };
        assert!(image_info("nginx:1.17").http_get("/", "h", "f", &me).body.contains("    body {"));
    }

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
        assert_eq!(info.behaviour(&cmd, &[], &[]), Behaviour::Runs { secs: None, exit_code: 0 });
    }

    #[test]
    fn the_counting_service_counts_per_container() {
        let info = image_info("hashicorp/counting-service:0.0.2");
        let me = Server { hostname: "counting-minimal-pod", served: 0, course_era: false };
        let a = info.http_get("/", "10.0.0.1", "10.244.1.1", &me);
        assert_eq!((a.status, a.body.as_str()), (200, r#"{"count":1,"hostname":"counting-minimal-pod"}"#));
        let a = info.http_get("/", "x", "y", &Server { served: 41, ..me });
        assert_eq!(a.body, r#"{"count":42,"hostname":"counting-minimal-pod"}"#);
        assert_eq!(info.behaviour(&[], &[], &[]), Behaviour::WebServer { ports: vec![9001] });
        assert!(info.answers_per_pod());
        assert!(!image_info("nginx").answers_per_pod());
    }

    #[test]
    fn known_tags_pull_and_misspelt_tags_fail() {
        for ok in ["nginx", "nginx:1.12.1", "nginx:1.7.9", "nginx:1.25-alpine", "nginx:stable-perl", "nginx:1.29.12"] {
            assert!(image_info(ok).pullable(), "{ok}");
        }
        for bad in ["nginx:1.291", "nginx:2.0", "nginx:1.6", "nginx:1.25.13", "nginx:1.25-slim", "nginx:1.x"] {
            assert!(!image_info(bad).pullable(), "{bad}");
        }
        assert!(image_info("karthequian/helloworld:blue").pullable());
        assert!(!image_info("karthequian/helloworld:bleu").pullable());
        assert!(image_info("busybox:1.28").pullable());
        assert!(!image_info("busybox:2.0").pullable());
        assert!(image_info("example.com/team/app:v3").pullable());
        assert!(!image_info("Nginx").valid_name);
        assert!(!image_info("Nginx").pullable());
        // docker.io/ and library/ name the same image.
        assert_eq!(image_info("docker.io/library/nginx:1.25").spec.repository, "nginx");
        assert_eq!(image_info("k8s.gcr.io/hpa-example").service_ms(), 20);
    }

    #[test]
    fn commands_that_end_print_and_exit_as_their_spec_or_script_says() {
        let sh = |s: &str| vec!["/bin/sh".to_string(), "-c".to_string(), s.to_string()];
        let busybox = image_info("busybox:1.36");
        assert_eq!(busybox.command_log(&sh("echo hi; sleep 5"), &[]), ["hi"]);
        assert_eq!(
            busybox.command_log(&sh("date; echo Hello from the Kubernetes cluster"), &[]),
            ["Hello from the Kubernetes cluster"]
        );
        assert_eq!(
            busybox.behaviour(&sh("echo hi; sleep 5; exit 3"), &[], &[]),
            Behaviour::Runs { secs: Some(5), exit_code: 3 }
        );
        let perl = image_info("perl:5.34.0");
        let pi: Vec<String> =
            ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"].iter().map(|s| s.to_string()).collect();
        assert_eq!(perl.behaviour(&pi, &[], &[]), Behaviour::Runs { secs: Some(7), exit_code: 0 });
        let log = perl.run_log(&pi, &[]).expect("a run spec");
        assert!(log[0].starts_with("3.14159265358979") && log[0].len() == 2001);
        assert!(perl.command_log(&pi, &[]).is_empty());
    }

    #[test]
    fn behaviours() {
        let centos = image_info("centos:7");
        let cmd = vec!["bin/bash".to_string(), "-c".to_string(), "sleep 10000".to_string()];
        assert_eq!(centos.behaviour(&cmd, &[], &[]), Behaviour::Runs { secs: Some(10000), exit_code: 0 });
        assert_eq!(centos.behaviour(&[], &[], &[]), Behaviour::Runs { secs: Some(0), exit_code: 0 });
        let sise = image_info("mhausenblas/simpleservice:0.5.0");
        assert_eq!(sise.behaviour(&[], &[], &[9876]), Behaviour::WebServer { ports: vec![9876] });
        let generic = image_info("myorg/app:1");
        assert_eq!(generic.behaviour(&[], &[], &[8080]), Behaviour::WebServer { ports: vec![8080] });
        assert_eq!(generic.behaviour(&[], &[], &[]), Behaviour::WebServer { ports: vec![80] });
        assert!(image_info("hashicorp/consul:1.16").shell().is_none());
    }

    #[test]
    fn nginx_pages_keepalive_and_log_follow_the_version() {
        let me = Server::default();
        let old = image_info("nginx:1.12.1");
        assert_eq!(old.keepalive_requests(), Some(100));
        assert!(old.http_get("/", "h", "f", &me).body.contains("    body {"));
        assert!(old.http_get("/x", "h", "f", &me).body.contains("nginx/1.12.1"));
        assert!(old.start_log(true).is_empty());
        let new = image_info("nginx:1.25.3");
        assert_eq!(new.keepalive_requests(), Some(1000));
        assert!(new.http_get("/index.html?a=1", "h", "f", &me).body.contains("color-scheme"));
        assert_eq!(new.start_log(true).len(), 16);
        assert!(new.start_log(false).is_empty());
        // `latest` in the course era is 1.15.5.
        let latest = image_info("nginx");
        let a = latest.http_get("/nope", "h", "f", &Server { course_era: true, ..me });
        assert_eq!(a.status, 404);
        assert!(a.body.contains("nginx/1.15.5"));
        let hw = image_info("karthequian/helloworld:blue");
        assert_eq!(hw.keepalive_requests(), Some(100));
        assert!(hw.http_get("/", "h", "f", &me).body.contains("background-color: blue;"));
        assert!(image_info("karthequian/helloworld").http_get("/", "h", "f", &me).body.contains("bg-dark"));
        assert!(hw.http_get("/x", "h", "f", &me).body.contains("nginx/1.13.12"));
        assert_eq!(image_info("redis").keepalive_requests(), None);
    }

    #[test]
    fn templates_and_globs() {
        let v = |n: &str| (n == "host").then(|| "web:8080".to_string());
        assert_eq!(expand("$host/$hostname $ $", v), "web:8080/$hostname $ $");
        assert_eq!(expand("a$host$host", v), "aweb:8080web:8080");
        assert!(glob("1.{7..29}.{0..12}", "1.07.12"));
        assert!(!glob("1.{7..29}", "1.30"));
        assert!(glob("*.html", "/a/index.html"));
        assert!(glob("v?", "v2"));
        assert!(!glob("v?", "v22"));
        assert!(glob("{1..", "{1.."));
        // Many stars stay fast.
        assert!(!glob(&"*a".repeat(60), &"a".repeat(59)));
    }

    #[test]
    fn a_registered_spec_is_looked_up_first_and_round_trips() {
        let r = registered(serde_json::json!({
            "repository": "acme/shop",
            "tags": ["v1", "v2"],
            "ports": [8080],
            "service_ms": 300,
            "errors": {"percent": 5},
            "http": [{"path": "/", "body": "shop $tag on $hostname\n"}],
        }));
        let info = lookup(&r, "acme/shop:v2");
        assert!(info.pullable());
        assert!(!lookup(&r, "acme/shop:v3").pullable());
        assert_eq!(info.behaviour(&[], &[], &[80]), Behaviour::WebServer { ports: vec![8080] });
        let a = info.http_get("/", "h", "f", &Server { hostname: "shop-1", ..Server::default() });
        assert_eq!((a.status, a.body.as_str()), (200, "shop v2 on shop-1\n"));
        assert_eq!(info.http_get("/nope", "h", "f", &Server::default()).status, 404);
        assert_eq!(info.errors(), Some((5, HttpAnswer { status: 500, body: String::new() })));
        assert_eq!(info.service_ms(), 300);
        assert!(info.shell().is_some_and(|s| s.programs == ["curl"]));
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<Registered>(&json).unwrap(), r);
        // The built-in table is untouched.
        assert!(image_info("acme/shop:v3").pullable());
    }

    #[test]
    fn invalid_specs_name_the_field() {
        let err = |v: serde_json::Value| serde_json::from_value::<ImageSpec>(v).unwrap().validate().unwrap_err();
        let e = err(serde_json::json!({"repository": "Acme/Shop"}));
        assert!(e.starts_with("repository: \"Acme/Shop\""), "{e}");
        let e = err(serde_json::json!({"repository": "acme/shop", "errors": {"percent": 150}}));
        assert_eq!(e, "errors.percent: 150 is not a percentage (0-100)");
        let e = err(serde_json::json!({"repository": "acme/shop", "errors": {"percent": 5, "status": 404}}));
        assert_eq!(e, "errors.status: 404 is not a server error (500-599)");
        let e = err(serde_json::json!({"repository": "acme/shop", "http": [{"path": "x"}]}));
        assert_eq!(e, "http[0].path: \"x\" must start with / (or be *)");
        let e = err(serde_json::json!({"repository": "acme/shop", "ports": [0]}));
        assert_eq!(e, "ports: 0 is not a port (1-65535)");
        let e = err(serde_json::json!({"repository": "a", "shell": {"kind": "bash", "workdir": "app"}}));
        assert_eq!(e, "shell.workdir: \"app\" is not an absolute path");
        // The built-in table is valid too.
        for spec in builtin() {
            assert_eq!(spec.validate(), Ok(()), "{}", spec.repository);
        }
    }
}
