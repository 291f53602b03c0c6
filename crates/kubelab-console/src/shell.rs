//! A small simulated shell inside a container, for `kubectl exec` and `kubectl run -it`.
//!
//! Which programs exist is the image's business (its `ShellSpec` in `kubelab_sim::images`): busybox-based
//! images have `nslookup` (busybox 1.28 output), `ping` and `wget`; centos has iputils `ping`
//! and `curl`; Debian-based images have `curl`. Every image with a shell also has `echo`,
//! `env`/`printenv`, `cat` (of `/etc/resolv.conf` and `/etc/hostname`), `hostname`, `pwd`,
//! `whoami`, `cd`, `true`/`false`, and its shell (`sh`; `bash` too in bash images).
//!
//! * `ping` to a ClusterIP prints the header line and no replies (a ClusterIP is a virtual
//!   address: iptables only rewrites TCP/UDP to its ports, nothing answers ICMP). A console
//!   runs one command at a time, so unless `-c N` is given the shell waits 10 simulated
//!   seconds, as if the student pressed Ctrl-C, and prints the 100 %-loss summary. A pod IP
//!   answers (`time=0.0xx ms` replies).
//! * HTTP goes through `kubelab_sim::network::http_get`: DNS, kube-proxy (the traffic stream),
//!   then the answering container's image.
//!
//! * What the shell itself does (lists, `&&`/`||`, `for`/`while`/`until`/`if`, `[ ]`, variables,
//!   `$?`, `$(...)`, `$((...))`, `sleep` in simulated time, `seq`, `break`) is [`script`], a
//!   small bounded interpreter: `kubectl exec POD -- sh -c '...'`, `kubectl run ... -- sh -c
//!   '...'` ([`run_command`]) and every line typed into an interactive shell ([`interactive`])
//!   go through it. A foreground loop stops at its stated bounds; anything outside the subset
//!   answers `sh: <construct>: not supported in this lab's shell`.
//! * An endless wget or curl loop (`while true; do wget -q -O- URL; done`, with or without `&`)
//!   typed into an interactive shell is the exception: it becomes the pod's load loop in the
//!   background (`kubelab_sim::traffic::start_shell_loop`), shown by `jobs`, stopped by
//!   `kill %1` or `exit`.
//!
//! Prompts (`Console::prompt`): busybox `/ # `, centos `[root@<pod> /]# `, Debian images
//! `root@<pod>:<workdir># `; outside a shell `$ `.

use crate::{Console, Output};
use kubelab_sim::api::*;
use kubelab_sim::images::{self, ShellKind, ShellSpec};
use kubelab_sim::network::{self, Client, HttpOutcome};
use kubelab_sim::{envvars, DeleteOptions, SimDuration};

pub(crate) mod script;
mod volumes;

mod net;

use net::*;
pub(crate) use net::{curl_result, loop_first_output, CurlVersion};

/// An open interactive shell (`kubectl exec -it POD -- sh`, `kubectl run -it ... -- sh`).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct ShellSession {
    pub ns: String,
    pub pod: String,
    pub container: String,
    pub info: ShellSpec,
    pub tty: bool,
    /// `kubectl run --rm`: what to delete when the shell exits (kind, name, printed form).
    pub remove: Option<(Kind, String, String)>,
    /// `kubectl run -it` without `--rm`: print the "Session ended" hint.
    pub attach_hint: bool,
    /// The shell's variables and `$?`, kept from one input line to the next.
    pub vars: script::Vars,
}

impl ShellSession {
    pub fn prompt(&self) -> String {
        let dir = self.info.workdir.as_str();
        match (self.info.kind, self.info.redhat_prompt) {
            (ShellKind::Busybox, _) => format!("{dir} # "),
            (_, true) => {
                let base = if dir == "/" { "/" } else { dir.rsplit('/').next().unwrap_or(dir) };
                format!("[root@{} {base}]# ", self.pod)
            }
            _ => format!("root@{}:{dir}# ", self.pod),
        }
    }
}

/// True for a shell program name (`sh`, `/bin/bash`, ...).
pub(crate) fn is_shell(word: &str) -> bool {
    matches!(word, "sh" | "bash" | "/bin/sh" | "/bin/bash" | "ash" | "/bin/ash" | "bin/sh" | "bin/bash")
}

/// The pod and container a command runs in.
pub(crate) struct Target<'a> {
    pub ns: &'a str,
    pub pod: &'a str,
    pub container: &'a str,
    pub info: &'a ShellSpec,
    pub tty: bool,
}

fn not_found(kind: ShellKind, prog: &str) -> String {
    match kind {
        ShellKind::Busybox => format!("sh: {prog}: not found"),
        ShellKind::Bash => format!("bash: {prog}: command not found"),
    }
}

/// Whether the container has `prog` on its PATH.
pub(crate) fn has_program(info: &ShellSpec, prog: &str) -> bool {
    let base = prog.rsplit('/').next().unwrap_or(prog);
    matches!(
        base,
        "echo" | "env" | "printenv" | "cat" | "hostname" | "pwd" | "whoami" | "true" | "false" | "sh" | "sleep" | "ls"
    ) || (base == "bash" && info.kind == ShellKind::Bash)
        || info.programs.iter().any(|p| p == base)
}

/// The container's environment as `env` prints it: PATH and HOSTNAME from the runtime, TERM
/// with a terminal, the image's variables, the container's `env` and the Service variables
/// (sorted; the kubelet's real order comes from a Go map), then HOME.
pub(crate) fn environment(c: &Console, t: &Target) -> Vec<(String, String)> {
    let mut vars: Vec<(String, String)> = vec![("PATH".into(), t.info.path.clone()), ("HOSTNAME".into(), t.pod.into())];
    if t.tty {
        vars.push(("TERM".into(), "xterm".into()));
    }
    for e in &t.info.env {
        vars.push((e.name.clone(), e.value.clone()));
    }
    if let Some(Object::Pod(pod)) = c.cluster.get(Kind::Pod, t.ns, t.pod) {
        let mut kube: Vec<(String, String)> = network::service_env(&c.cluster, pod);
        if let Some(ct) = pod.spec.containers.iter().find(|x| x.name == t.container) {
            // `env` values, `valueFrom.configMapKeyRef`/`secretKeyRef` and `envFrom` ConfigMaps
            // and Secrets (decoded), as the kubelet made them when it started the container.
            let ns = pod.metadata.ns();
            let lookup = |name: &str| envvars::config_map_data(c.cluster.get(Kind::ConfigMap, ns, name));
            let secret = |name: &str| kubelab_sim::secret::secret_data(c.cluster.get(Kind::Secret, ns, name));
            for (name, v) in envvars::container_env(&lookup, &secret, ns, ct).unwrap_or_default() {
                kube.retain(|(k, _)| *k != name);
                kube.push((name, v));
            }
        }
        kubelab_sim::sort::natural(&mut kube);
        vars.extend(kube);
    }
    vars.push(("HOME".into(), "/root".into()));
    vars
}

fn pod_ip(c: &Console, ns: &str, pod: &str) -> String {
    match c.cluster.get(Kind::Pod, ns, pod) {
        Some(Object::Pod(p)) => p.status.pod_ip.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

/// busybox's wget, GNU wget, or the image's curl release.
fn user_agent(t: &Target, wget: bool) -> String {
    match (t.info.kind, wget) {
        (ShellKind::Busybox, _) => "Wget".into(),
        (_, true) => "Wget/1.18 (linux-gnu)".into(),
        _ => format!("curl/{}", t.info.curl_version),
    }
}

/// `NAME=value`, a shell variable assignment.
fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(k, _)| {
        !k.is_empty()
            && k.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
            && !k.starts_with(|ch: char| ch.is_ascii_digit())
    })
}

fn expand(word: &str, env: &[(String, String)]) -> String {
    let name = word.strip_prefix("${").and_then(|w| w.strip_suffix('}')).or_else(|| word.strip_prefix('$'));
    match name {
        Some(n) if !n.is_empty() && n.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_') => {
            env.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()).unwrap_or_default()
        }
        _ => word.to_string(),
    }
}

/// Runs a container command (`kubectl exec POD -- COMMAND`, `kubectl run ... -- COMMAND`):
/// `sh -c SCRIPT` (or bash) goes to the shell's interpreter ([`script`]), anything else is one
/// program. Returns the exit code; output goes to `out` without touching `out.exit_code`.
pub(crate) fn run_command(c: &mut Console, t: &Target, command: &[String], out: &mut Output) -> i32 {
    if command.len() >= 3 && is_shell(&command[0]) && command[1] == "-c" {
        return script::Interp::new(c, t).run(c, &command[2], out).code;
    }
    run_program(c, t, command, out)
}

/// Runs one program with its arguments in the container and returns its exit code. Output
/// goes to `out` (stdout and stderr) without touching `out.exit_code`.
pub(crate) fn run_program(c: &mut Console, t: &Target, words: &[String], out: &mut Output) -> i32 {
    // `NAME=value program ...`: the assignments go into that program's environment.
    let assignments = words.iter().take_while(|w| is_assignment(w)).count();
    let (prefix, words) = words.split_at(assignments);
    let Some(prog) = words.first() else { return 0 };
    let base = prog.rsplit('/').next().unwrap_or(prog).to_string();
    let mut env = environment(c, t);
    for a in prefix {
        if let Some((k, v)) = a.split_once('=') {
            env.retain(|(name, _)| name != k);
            env.push((k.to_string(), v.to_string()));
        }
    }
    let args: Vec<String> = words[1..].iter().map(|w| expand(w, &env)).collect();
    let busybox = t.info.kind == ShellKind::Busybox;
    match base.as_str() {
        "echo" => {
            let (newline, args) = match args.first().map(String::as_str) {
                Some("-n") => (false, &args[1..]),
                _ => (true, &args[..]),
            };
            out.stdout.push_str(&args.join(" "));
            if newline {
                out.stdout.push('\n');
            }
            0
        }
        "true" | "sh" | "bash" | "sleep" => 0,
        _ if t.info.server_program.as_deref() == Some(base.as_str()) => {
            // The image's own server (the Consul demo's counting-service): it says where it
            // serves, then serves until stopped. The image's port is taken by the container's
            // own server.
            let info = c.cluster.image(&container_image(c, t));
            let own_port = info.log_variable("port").unwrap_or_default();
            let port = env.iter().find(|(k, _)| k == "PORT").map(|(_, v)| v.clone()).unwrap_or(own_port.clone());
            for line in info.start_log(c.era().nginx_entrypoint_logs) {
                let line =
                    images::expand(&line, |v| if v == "port" { Some(port.clone()) } else { info.log_variable(v) });
                out.stdout.push_str(&format!("{line}\n"));
            }
            if port == own_port {
                out.stderr.push_str(&format!("listen tcp :{port}: bind: address already in use\n"));
                return 1;
            }
            out.stdout.push_str(&format!(
                "(this lab's shell does not keep programs running: the second server on port {port} stops here)\n"
            ));
            0
        }
        "false" => 1,
        "pwd" => {
            out.stdout.push_str(&format!("{}\n", t.info.workdir));
            0
        }
        "whoami" => {
            out.stdout.push_str("root\n");
            0
        }
        "hostname" => {
            out.stdout.push_str(&format!("{}\n", t.pod));
            0
        }
        "env" | "printenv" => {
            if base == "printenv" && !args.is_empty() {
                let mut code = 0;
                for a in &args {
                    match env.iter().find(|(k, _)| k == a) {
                        Some((_, v)) => out.stdout.push_str(&format!("{v}\n")),
                        None => code = 1,
                    }
                }
                return code;
            }
            for (k, v) in &env {
                out.stdout.push_str(&format!("{k}={v}\n"));
            }
            0
        }
        "cat" => {
            let mut code = 0;
            for a in &args {
                match a.as_str() {
                    "/etc/resolv.conf" => out.stdout.push_str(&network::resolv_conf(t.ns)),
                    "/etc/hostname" => out.stdout.push_str(&format!("{}\n", t.pod)),
                    path if volumes::read(c, t, path).is_some() => {
                        out.stdout.push_str(&volumes::read(c, t, path).unwrap_or_default())
                    }
                    _ => {
                        code = 1;
                        if busybox {
                            out.stderr.push_str(&format!("cat: can't open '{a}': No such file or directory\n"));
                        } else {
                            out.stderr.push_str(&format!("cat: {a}: No such file or directory\n"));
                        }
                    }
                }
            }
            code
        }
        "ls" => {
            // Only the root directory (and the image's working directory) are modelled.
            let dir = args.iter().find(|a| !a.starts_with('-')).map(String::as_str).unwrap_or(&t.info.workdir);
            let files: Vec<&str> = t.info.files.iter().map(String::as_str).collect();
            let mounted = volumes::list(c, t, dir).unwrap_or_default();
            let mounted: Vec<&str> = mounted.iter().map(String::as_str).collect();
            let entries: &[&str] = match (dir.trim_end_matches('/'), busybox) {
                (d, _) if !d.is_empty() && volumes::list(c, t, d).is_some() => &mounted,
                ("", true) => &["bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr", "var"],
                ("", false) => &[
                    "bin", "boot", "dev", "etc", "home", "lib", "lib64", "media", "mnt", "opt", "proc", "root", "run",
                    "sbin", "srv", "sys", "tmp", "usr", "var",
                ],
                (d, _) if !d.is_empty() && d == t.info.workdir.trim_end_matches('/') && !files.is_empty() => &files,
                _ => {
                    if busybox {
                        out.stderr.push_str(&format!("ls: {dir}: No such file or directory\n"));
                    } else {
                        out.stderr.push_str(&format!("ls: cannot access '{dir}': No such file or directory\n"));
                    }
                    return if busybox { 1 } else { 2 };
                }
            };
            // With a terminal ls prints columns; we print one line, two spaces apart.
            if t.tty {
                out.stdout.push_str(&format!("{}\n", entries.join("  ")));
            } else {
                for e in entries {
                    out.stdout.push_str(&format!("{e}\n"));
                }
            }
            0
        }
        "nslookup" => nslookup(c, t, &args, out),
        "ping" => ping(c, t, &args, out),
        "curl" => curl(c, t, &args, out),
        "wget" => wget(c, t, &args, out),
        _ => {
            out.stderr.push_str(&format!("{}\n", not_found(t.info.kind, prog)));
            127
        }
    }
}

/// One line typed into an open interactive shell.
pub(crate) fn interactive(c: &mut Console, input: &str, out: &mut Output) {
    let Some(session) = c.shell.clone() else { return };
    // The container may have gone away under the shell.
    let alive = matches!(c.cluster.get(Kind::Pod, &session.ns, &session.pod), Some(Object::Pod(p)) if p.metadata.deletion_timestamp.is_none());
    if !alive {
        c.shell = None;
        out.err("command terminated with exit code 137");
        return;
    }
    let loop_target = Target {
        ns: &session.ns,
        pod: &session.pod,
        container: &session.container,
        info: &session.info,
        tty: session.tty,
    };
    // An endless wget or curl loop: the HPA walkthrough's load generator. This lab's shell runs
    // it as a background job (a real terminal would stream its output until Ctrl-C), so the
    // console stays usable. Other loops run in the foreground (`script`), within its bounds.
    let load = images::load_loop(&[input.trim().to_string()], &[]).filter(|_| script::endless_load_loop(input));
    if let Some(l) = load {
        loop_first_output(c, &loop_target, &l, out);
        if out.stderr.is_empty() {
            kubelab_sim::traffic::start_shell_loop(&mut c.cluster, &session.ns, &session.pod, l);
            out.stdout.push_str(
                "\n[1] the loop goes on in the background (in a real terminal it streams until Ctrl-C); `jobs` shows it, `kill %1` or `exit` stops it\n",
            );
        }
        return;
    }
    let words: Vec<String> = match crate::lex::split_words(input) {
        Ok(l) if !l.has_pipe => l.words.into_iter().map(|w| w.text).collect(),
        _ => Vec::new(),
    };
    let first = words.first().map(String::as_str).unwrap_or("");
    if first == "jobs" || first == "kill" {
        job_control(c, &session, &words, out);
        return;
    }
    let mut interp = script::Interp::new(c, &loop_target);
    interp.restore(&session.vars);
    let ran = interp.run(c, input, out);
    let vars = interp.vars();
    if let Some(open) = c.shell.as_mut() {
        open.vars = vars;
    }
    out.exit_code = ran.code;
    if ran.exited {
        out.exit_code = 0;
        leave(c, &session, ran.code, out);
    }
}

/// `exit [N]` in an interactive shell: the session ends (and the load loop with it; `kubectl run
/// --rm` deletes the pod).
fn leave(c: &mut Console, session: &ShellSession, code: i32, out: &mut Output) {
    if session.info.kind == ShellKind::Bash {
        // An interactive bash says so; busybox ash exits silently.
        out.stdout.push_str("exit\n");
    }
    c.shell = None;
    kubelab_sim::traffic::stop_shell_loop(&mut c.cluster, &session.ns, &session.pod);
    if session.attach_hint {
        out.stdout.push_str(&format!(
            "Session ended, resume using 'kubectl attach {} -c {} -i -t' command when the pod is running\n",
            session.pod, session.container
        ));
    }
    if let Some((kind, name, shown)) = &session.remove {
        // The pod's main process has exited: the kubelet confirms the deletion at once.
        let opts =
            if *kind == Kind::Pod { DeleteOptions { grace_period_seconds: Some(0) } } else { DeleteOptions::default() };
        if c.cluster.delete(*kind, &session.ns, name, opts).is_ok() {
            out.stdout.push_str(&format!("{shown}\n"));
        }
    }
    if code != 0 {
        out.err(&format!("command terminated with exit code {code}"));
        out.exit_code = code;
    }
}

/// `jobs` and `kill %1`: the background load loop.
fn job_control(c: &mut Console, session: &ShellSession, words: &[String], out: &mut Output) {
    let kind = session.info.kind;
    let first = words[0].as_str();
    let looping = kubelab_sim::traffic::shell_loop_running(&c.cluster, &session.ns, &session.pod);
    if first == "jobs" {
        if looping {
            out.stdout.push_str("[1]+  Running                 while ...; do ...; done\n");
        }
        return;
    }
    if first == "kill" && words.get(1).is_some_and(|w| w == "%1" || w == "%%") {
        if looping {
            kubelab_sim::traffic::stop_shell_loop(&mut c.cluster, &session.ns, &session.pod);
            out.stdout.push_str("[1]+  Terminated              while ...; do ...; done\n");
        } else {
            out.stderr.push_str(&format!(
                "{}: kill: %1: no such job\n",
                if kind == ShellKind::Busybox { "sh" } else { "bash" }
            ));
            out.exit_code = 1;
        }
        return;
    }
    // Any other `kill`: not a program these images have.
    out.stderr.push_str(&format!("{}\n", not_found(kind, first)));
    out.exit_code = 127;
}

/// What the container runtime prints for a program the image does not have (kubectl then
/// adds `command terminated with exit code 126`).
pub(crate) fn exec_not_found(prog: &str, era: &crate::Era) -> String {
    era.exec_not_found.replace("{prog}", prog)
}

/// The shell of an image, as the cluster knows it (its built-in table and the images an
/// exercise registered).
pub(crate) fn shell_of(c: &Console, image: &str) -> Option<ShellSpec> {
    c.cluster.image(image).shell()
}

/// The image of the container a command runs in.
fn container_image(c: &Console, t: &Target) -> String {
    match c.cluster.get(Kind::Pod, t.ns, t.pod) {
        Some(Object::Pod(p)) => {
            p.spec.containers.iter().find(|x| x.name == t.container).map(|x| x.image.clone()).unwrap_or_default()
        }
        _ => String::new(),
    }
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// nginx's `$time_local` (`27/Nov/2026:13:09:03 +0000`) and its error-log time
/// (`2026/11/27 13:09:03`), from an RFC 3339 rendering of the same instant.
fn nginx_times(unix: i64) -> (String, String) {
    let r = crate::text::rfc3339(unix); // 2026-11-27T13:09:03Z
    let (date, time) = r.trim_end_matches('Z').split_once('T').unwrap_or(("1970-01-01", "00:00:00"));
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next().unwrap_or("1970"), parts.next().unwrap_or("01"), parts.next().unwrap_or("01"));
    let month = MONTHS[m.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1];
    (format!("{d}/{month}/{y}:{time} +0000"), format!("{y}/{m}/{d} {time}"))
}

/// When the current run of `container` started, if it is running.
pub(crate) fn running_since(pod: &Pod, container: &str) -> Option<kubelab_sim::SimTime> {
    let status = pod.status.container_statuses.iter().find(|s| s.name == container)?;
    status.state.running.as_ref().map(|r| r.started_at)
}

/// A container's log as `kubectl logs` prints it: the image's start-up lines (see
/// `ImageInfo::start_log`: nginx's docker-entrypoint lines for current builds, simpleservice's
/// greeting, ...) once the container has started, then its access-log lines per request served.
/// An image that logs nothing of its own shows what its load loop printed (the last answers).
///
/// The log of the current container run: requests are kept per pod (bounded, see
/// `kubelab_sim::network::ACCESS_LOG_LIMIT`).
pub(crate) fn container_log(cluster: &kubelab_sim::Cluster, pod: &Pod, container: &str, era: &crate::Era) -> String {
    let Some(spec) = pod.spec.containers.iter().find(|x| x.name == container) else { return String::new() };
    let info = cluster.image(&spec.image);
    let started = running_since(pod, container);
    let mut text = String::new();
    // A command that ends by itself (a Job's work): what it printed so far.
    let status = pod.status.container_statuses.iter().find(|s| s.name == container);
    let ran = status.is_some_and(|s| s.container_id.is_some());
    let ended = status.is_some_and(|s| s.state.terminated.is_some());
    let echoed = info.command_log(&spec.command, &spec.args);
    let at_end = info.run_log(&spec.command, &spec.args);
    if ran && (!echoed.is_empty() || at_end.is_some()) {
        let lines = if ended { at_end.unwrap_or_default() } else { vec![] };
        for line in echoed.iter().chain(lines.iter()) {
            text.push_str(line);
            text.push('\n');
        }
        return text;
    }
    if !info.writes_log() {
        // A load generator: what its `wget -q -O-` printed (the last answers).
        let client = kubelab_sim::traffic::state(cluster)
            .clients()
            .find(|c| matches!(&c.origin, kubelab_sim::traffic::Origin::Pod { uid, .. } if *uid == pod.metadata.uid));
        if let Some(c) = client {
            let mut bodies: Vec<&str> = Vec::new();
            for (body, count) in c.log.iter().rev() {
                for _ in 0..*count {
                    if bodies.len() >= kubelab_sim::traffic::CLIENT_LOG_LIMIT {
                        break;
                    }
                    bodies.push(body);
                }
            }
            for b in bodies.into_iter().rev() {
                text.push_str(b);
            }
        }
        return text;
    }
    let pod_ip = pod.status.pod_ip.clone().unwrap_or_default();
    if let Some(t) = started {
        let (_, time_error) = nginx_times(cluster.unix_secs(t));
        for line in info.start_log(era.nginx_entrypoint_logs) {
            let line = images::expand(&line, |v| match v {
                "time_error" => Some(time_error.clone()),
                "pod_ip" => Some(pod_ip.clone()),
                _ => info.log_variable(v),
            });
            text.push_str(&line);
            text.push('\n');
        }
    }
    for e in network::access_log(cluster, pod) {
        let (time_local, _) = nginx_times(e.unix_secs);
        let mut lines = String::new();
        for line in info.access_log(&e.path) {
            let line = images::expand(line, |v| {
                Some(match v {
                    "remote_addr" => e.client_ip.clone(),
                    "time_local" => time_local.clone(),
                    "request" => format!("{} {} HTTP/1.1", e.method, e.path),
                    "path" => e.path.clone(),
                    "status" => e.status.to_string(),
                    "body_bytes_sent" => e.bytes.to_string(),
                    "http_user_agent" => e.user_agent.clone(),
                    "pod_ip" => pod_ip.clone(),
                    _ => return info.log_variable(v),
                })
            });
            lines.push_str(&line);
            lines.push('\n');
        }
        for _ in 0..e.count {
            text.push_str(&lines);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use crate::{Console, ConsoleConfig, NoFiles, Profile};

    #[test]
    fn a_loop_typed_into_a_shell_sends_load_until_killed() {
        let mut c = Console::new(ConsoleConfig { seed: 1, profile: Profile::Current }, Box::new(NoFiles));
        c.run("kubectl create deployment php-apache --image=registry.k8s.io/hpa-example --port=80");
        c.run("kubectl expose deployment php-apache --port=80");
        c.run("sleep 15");
        c.run("kubectl run -it --rm load --image=busybox:1.28 --restart=Never -- sh");
        let out = c.run("while sleep 0.01; do wget -q -O- http://php-apache; done");
        assert!(out.stdout.starts_with("OK!\n[1] "), "{out:?}");
        let sent =
            |c: &Console| -> u64 { kubelab_sim::traffic::state(c.cluster()).clients().map(|x| x.last.requests).sum() };
        c.cluster_mut().step();
        assert_eq!(sent(&c), 66, "1000 / (10 ms + 5 ms) requests a second");
        c.run("kill %1");
        c.cluster_mut().step();
        assert_eq!(sent(&c), 0);
        c.run("while true; do wget -q -O- http://php-apache; done");
        c.cluster_mut().step();
        assert_eq!(sent(&c), 200);
        // Leaving the shell stops the loop (and --rm deletes the pod).
        c.run("exit");
        c.cluster_mut().step();
        assert_eq!(sent(&c), 0);
        assert!(c.cluster().get(kubelab_sim::Kind::Pod, "default", "load").is_none());
    }

    #[test]
    fn an_interactive_shell_changes_the_prompt_until_exit() {
        let mut c = Console::new(ConsoleConfig { seed: 1, profile: Profile::Current }, Box::new(NoFiles));
        assert_eq!(c.prompt(), "$ ");
        let out = c.run("kubectl run -it --rm bb --image=busybox:1.28 -- sh");
        assert_eq!(out.exit_code, 0, "{out:?}");
        assert!(c.in_shell());
        assert_eq!(c.prompt(), "/ # ");
        // Here-documents are still recognised as incomplete input inside the shell.
        assert!(Console::needs_more_input("cat <<EOF"));
        let out = c.run("hostname");
        assert_eq!(out.stdout, "bb\n");
        let out = c.run("foo");
        assert_eq!(out.stderr, "sh: foo: not found\n");
        let out = c.run("exit");
        assert_eq!(out.stdout, "pod \"bb\" deleted\n");
        assert_eq!(c.prompt(), "$ ");
        assert!(!c.in_shell());
    }

    #[test]
    fn exec_into_a_pod_that_is_not_running_yet() {
        let mut c = Console::new(ConsoleConfig { seed: 1, profile: Profile::Current }, Box::new(NoFiles));
        c.run("kubectl run broken --image=nginx:1.291");
        c.run("sleep 5");
        let out = c.run("kubectl exec -it broken -- bash");
        assert_eq!(out.stderr, "error: unable to upgrade connection: container not found (\"broken\")\n");
        assert!(!c.in_shell());
        let out = c.run("kubectl logs broken");
        assert!(
            out.stderr.starts_with(
                "Error from server (BadRequest): container \"broken\" in pod \"broken\" is waiting to start: "
            ),
            "{out:?}"
        );
    }

    #[test]
    fn centos_and_nginx_prompts() {
        let mut c = Console::new(ConsoleConfig { seed: 1, profile: Profile::Current }, Box::new(NoFiles));
        c.run("kubectl run web --image=nginx");
        c.run("kubectl run jumpod --image=centos:7 -- sleep 10000");
        c.run("sleep 20");
        c.run("kubectl exec -it web -- bash");
        assert_eq!(c.prompt(), "root@web:/# ");
        assert_eq!(c.run("exit").stdout, "exit\n");
        c.run("kubectl exec -it jumpod -- /bin/bash");
        assert_eq!(c.prompt(), "[root@jumpod /]# ");
        c.run("exit");
        // Without -i the shell gets no input and ends at once.
        c.run("kubectl exec jumpod -- sh");
        assert_eq!(c.prompt(), "$ ");
    }
}
