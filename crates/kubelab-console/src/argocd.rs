//! `argocd`, Argo CD's command-line client (v3.5), in the student's terminal: a subset, in the
//! CLI's own formats (`cmd/argocd/commands/app.go`): `app list`, `app get`, `app diff`, `app
//! sync`, `app history`, `app rollback`, `app set`, `app create`, `app delete`, `version`,
//! `login`. It talks to the simulated argocd-server, which answers while one of its pods is
//! Ready; operations run in the agent (`kubelab_sim::argocd`).
//!
//! Simplified: the terminal is logged in as `admin` once Argo CD is installed (the CLI reaches
//! the server through the cluster, as `argocd login --core` would); `argocd login` answers as a
//! successful login with any credentials and changes nothing. Before the install the CLI has
//! no server (`Argo CD server address unspecified`); while argocd-server is not Ready, the
//! connection is refused. Errors are logrus' terminal form (`FATA[0000] ...`, exit code 20).
//! `app delete` needs `--yes` (this terminal answers no prompts). No projects other than
//! `default`, no `--sync-option`s acted on, one source per app.

pub mod decode;
mod ndiff;
mod ops;

use crate::{Console, Output};
use kubelab_sim::api::application::Application;
use kubelab_sim::api::*;

/// `argocd version --client`'s first line.
pub const CLIENT_VERSION: &str = "v3.5.1+d3c1ddb";

/// The words of an `argocd` command line: positional arguments and flags.
pub(crate) struct Args {
    pub pos: Vec<String>,
    pub flags: Vec<(String, Option<String>)>,
}

/// Flags that take a value.
const VALUE_FLAGS: &[&str] = &[
    "repo",
    "path",
    "dest-server",
    "dest-namespace",
    "dest-name",
    "sync-policy",
    "revision",
    "project",
    "output",
    "o",
    "server",
    "username",
    "password",
    "p",
    "u",
    "upsert",
];
/// Flags without a value.
const BOOL_FLAGS: &[&str] = &[
    "self-heal",
    "auto-prune",
    "prune",
    "yes",
    "y",
    "client",
    "cascade",
    "insecure",
    "grpc-web",
    "refresh",
    "hard-refresh",
    "core",
    "short",
    "h",
    "help",
];

impl Args {
    fn parse(words: &[String]) -> Result<Args, String> {
        let mut pos = Vec::new();
        let mut flags = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let w = &words[i];
            i += 1;
            let Some(stripped) = w.strip_prefix("--").or_else(|| w.strip_prefix('-').filter(|s| !s.is_empty())) else {
                pos.push(w.clone());
                continue;
            };
            let (name, inline) = match stripped.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (stripped.to_string(), None),
            };
            if VALUE_FLAGS.contains(&name.as_str()) {
                let value = match inline {
                    Some(v) => v,
                    None => match words.get(i) {
                        Some(v) => {
                            i += 1;
                            v.clone()
                        }
                        None => return Err(format!("Error: flag needs an argument: --{name}")),
                    },
                };
                flags.push((name, Some(value)));
            } else if BOOL_FLAGS.contains(&name.as_str()) {
                flags.push((name, inline));
            } else {
                let dashes = if w.starts_with("--") { "--" } else { "-" };
                return Err(format!("Error: unknown flag: {dashes}{name}"));
            }
        }
        Ok(Args { pos, flags })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.flags.iter().rev().find(|(n, _)| n == name).and_then(|(_, v)| v.as_deref())
    }

    pub fn has(&self, name: &str) -> bool {
        self.flags.iter().any(|(n, v)| n == name && v.as_deref() != Some("false"))
    }

    /// A boolean flag given explicitly (`--cascade=false` too).
    pub fn given(&self, name: &str) -> bool {
        self.flags.iter().any(|(n, _)| n == name)
    }
}

/// A fatal error as the CLI prints it on a terminal (logrus), exit code 20.
pub(crate) fn fatal(out: &mut Output, message: &str) {
    out.stderr.push_str(&format!("FATA[0000] {message}\n"));
    out.exit_code = 20;
}

/// An API error for an app that does not exist.
pub(crate) fn not_found(out: &mut Output, name: &str) {
    fatal(out, &format!("rpc error: code = NotFound desc = applications.argoproj.io \"{name}\" not found"));
}

/// The server's address as the CLI shows it in URLs (argocd-server's ClusterIP).
pub(crate) fn server_address(c: &Console) -> String {
    let ns = c.cluster.argocd_namespace().unwrap_or("argocd");
    c.cluster
        .get(Kind::Service, ns, "argocd-server")
        .and_then(|o| match o {
            Object::Service(s) => s.spec.cluster_ip.clone(),
            _ => None,
        })
        .unwrap_or_else(|| "localhost:8080".into())
}

/// Whether the CLI reaches a server; prints the error when not.
fn connected(c: &Console, out: &mut Output) -> bool {
    let ns = c.cluster.argocd_namespace().unwrap_or("argocd");
    if c.cluster.argocd_namespace().is_none() || c.cluster.get(Kind::Service, ns, "argocd-server").is_none() {
        fatal(out, "Argo CD server address unspecified");
        return false;
    }
    if !c.cluster.argocd_server_ready() {
        let ip = server_address(c);
        fatal(
            out,
            &format!("rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: dial tcp {ip}:443: connect: connection refused\""),
        );
        return false;
    }
    true
}

/// The app named `name`, or the CLI's NotFound (printed).
pub(crate) fn app(c: &Console, name: &str, out: &mut Output) -> Option<Application> {
    let ns = c.cluster.argocd_namespace().unwrap_or("argocd");
    match c.cluster.get(Kind::Application, ns, name).and_then(Application::from_object) {
        Some(a) => Some(a),
        None => {
            not_found(out, name);
            None
        }
    }
}

/// `argocd ...`.
pub(crate) fn run(c: &mut Console, words: &[String], out: &mut Output) {
    let args = match Args::parse(words) {
        Ok(a) => a,
        Err(e) => {
            out.stderr.push_str(&format!("{e}\n"));
            out.exit_code = 1;
            return;
        }
    };
    let pos: Vec<&str> = args.pos.iter().map(String::as_str).collect();
    match pos.as_slice() {
        [] => usage(out),
        ["version", ..] => version(c, &args, out),
        ["login", server @ ..] => {
            if connected(c, out) {
                let server = server.first().map(|s| s.to_string()).unwrap_or_else(|| server_address(c));
                out.out(&format!("'admin:login' logged in successfully\nContext '{server}' updated"));
            }
        }
        ["app" | "apps" | "application" | "applications", rest @ ..] => {
            if rest.is_empty() {
                return usage(out);
            }
            if !connected(c, out) {
                return;
            }
            ops::run(c, rest, &args, out);
        }
        [other, ..] => {
            out.stderr.push_str(&format!(
                "Error: unknown command \"{other}\" for \"argocd\"\nRun 'argocd --help' for usage.\n"
            ));
            out.exit_code = 1;
        }
    }
}

fn usage(out: &mut Output) {
    out.out(
        "argocd controls a Argo CD server\n\nUsage:\n  argocd [flags]\n  argocd [command]\n\nThis lab's argocd knows: version --client, login, app list, app get, app diff, app sync,\napp history, app rollback, app set, app create, app delete.",
    );
}

fn version(c: &Console, args: &Args, out: &mut Output) {
    out.out(&format!(
        "argocd: {CLIENT_VERSION}\n  BuildDate: 2026-01-20T16:32:41Z\n  GitCommit: d3c1ddb7cf6b4f5e3bb5f4a3dd5ec58d3b0e7c1f\n  GitTreeState: clean\n  GoVersion: go1.25.5\n  Compiler: gc\n  Platform: linux/amd64"
    ));
    if args.has("client") {
        return;
    }
    if connected(c, out) {
        out.out(&format!("argocd-server: {CLIENT_VERSION}"));
    }
}

/// `2026-03-04T11:17:10Z` as Go's `time.Time.String()` prints it in UTC.
pub(crate) fn go_time(rfc3339: &str) -> String {
    match rfc3339.strip_suffix('Z') {
        Some(t) => format!("{} +0000 UTC", t.replacen('T', " ", 1)),
        None => rfc3339.to_string(),
    }
}

/// A transcript's `@forge` line (transcripts only; `transcript.rs`): seeds or changes a
/// repository of the Git host the way a push would, so that golden transcripts have Git content.
///
/// * `@forge put URL BRANCH "MESSAGE" PATH=FILE...`: commits the whole tree (each `PATH` in the
///   repository gets the text of `FILE`, read like a `-f` file, relative to the transcript's
///   `# cwd:`) on `BRANCH`, with a webhook delivery;
/// * `@forge webhooks on|off`: whether those deliveries reach argocd-server.
///
/// Returns the comment line the transcript prints.
pub fn forge_action(c: &mut Console, line: &str) -> String {
    let words = match crate::lex::split_words(line) {
        Ok(l) => l.words.into_iter().map(|w| w.text).collect::<Vec<_>>(),
        Err(e) => return format!("# (@forge: {e})"),
    };
    match words.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["webhooks", on @ ("on" | "off")] => {
            c.cluster.set_argocd_webhooks(*on == "on");
            format!("# (the Git host's webhook to argocd-server is {on})")
        }
        ["put", url, branch, message, files @ ..] if !files.is_empty() => {
            let mut tree: Vec<(String, String)> = Vec::new();
            for f in files.iter() {
                let Some((path, file)) = f.split_once('=') else {
                    return format!("# (@forge: {f}: expected PATH=FILE)");
                };
                match c.files.read(file) {
                    Ok(crate::FileEntry::File(text)) => tree.push((path.to_string(), text)),
                    _ => return format!("# (@forge: cannot read {file})"),
                }
            }
            let refs: Vec<(&str, &str)> = tree.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
            let (url, branch, message) = (url.to_string(), branch.to_string(), message.to_string());
            let sha = c.cluster.git_write(|forge, now| forge.put_files(&url, &branch, &refs, "dev", &message, now));
            format!("# (pushed {} to {branch} of {url})", sha.get(..7).unwrap_or_default())
        }
        _ => "# (@forge: put URL BRANCH MESSAGE PATH=FILE... | webhooks on|off)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ConsoleConfig, NoFiles, Profile};

    fn console() -> Console {
        Console::new(ConsoleConfig { seed: 1, profile: Profile::Current }, Box::new(NoFiles))
    }

    #[test]
    fn before_the_install_there_is_no_server() {
        let mut c = console();
        let out = c.run("argocd app list");
        assert_eq!(out.stderr, "FATA[0000] Argo CD server address unspecified\n");
        assert_eq!(out.exit_code, 20);
        let out = c.run("argocd version --client");
        assert!(out.stdout.starts_with("argocd: v3.5.1"), "{out:?}");
        assert_eq!(c.run("argocd app list --bogus").stderr, "Error: unknown flag: --bogus\n");
        assert_eq!(c.run("argocd app create x --repo").stderr, "Error: flag needs an argument: --repo\n");
    }

    #[test]
    fn go_times() {
        assert_eq!(go_time("2026-03-04T11:17:10Z"), "2026-03-04 11:17:10 +0000 UTC");
    }
}
