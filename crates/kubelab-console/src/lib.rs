//! The kubectl console: one input line (plus an optional here-document) in, kubectl's output
//! out. Stages: `lex` (shell words) → `flags` (pflag-style parsing per command) → resolve
//! (resource names through `resources`) → execute through the simulator's public API → render
//! (`printers`, `describe`, `text`). Nothing here panics on input, and a failing command leaves
//! the cluster as it was.
//!
//! Besides `kubectl ...` the console understands `sleep N` (advance the simulated clock N
//! seconds), `clear`, and `#` comments.
//!
//! `kubectl exec -it POD -- sh` and `kubectl run -it ... -- sh` open a simulated shell inside
//! the container (`shell`): until `exit`, every input goes to that shell, and
//! [`Console::prompt`] shows the container's prompt instead of `$ `.

pub mod describe;
pub mod flags;
pub mod help;
pub mod jsonpath;
pub mod lex;
pub mod manifest;
pub mod printers;
pub mod profile;
pub mod resources;
pub mod suggest;
pub mod text;
pub mod transcript;

mod commands;
mod host;
mod shell;

pub use profile::{Era, Profile, UnknownProfile};

use kubelab_sim::Cluster;

/// How a console (and its cluster) starts.
#[derive(Clone, Debug)]
pub struct ConsoleConfig {
    pub seed: u64,
    pub profile: Profile,
}

/// What a path given to `-f` is, as the host's file system sees it.
pub enum FileEntry {
    File(String),
    /// A directory: the names of its entries (not full paths), sorted.
    Dir(Vec<String>),
}

/// The host's file system, as far as `-f` needs it. The console never does I/O itself.
pub trait Files {
    fn read(&self, path: &str) -> Result<FileEntry, String>;
}

/// A file system with nothing in it.
pub struct NoFiles;

impl Files for NoFiles {
    fn read(&self, path: &str) -> Result<FileEntry, String> {
        Err(format!("the path \"{path}\" does not exist"))
    }
}

/// The result of one console input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    /// Warnings the API server sent with its answer (`Warning: ...` lines). kubectl prints them
    /// on stderr as the answer arrives, so they come before `stdout` on a terminal.
    pub warnings: String,
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

impl Output {
    pub(crate) fn out(&mut self, s: &str) {
        self.stdout.push_str(s);
        if !s.is_empty() && !s.ends_with('\n') {
            self.stdout.push('\n');
        }
    }
    pub(crate) fn err(&mut self, s: &str) {
        self.stderr.push_str(s);
        if !s.ends_with('\n') {
            self.stderr.push('\n');
        }
        self.exit_code = 1;
    }
}

pub struct Console {
    pub(crate) profile: Profile,
    pub(crate) files: Box<dyn Files>,
    pub(crate) cluster: Cluster,
    /// An open interactive shell in a container (`kubectl exec -it POD -- sh`): inputs go to it
    /// until `exit`.
    pub(crate) shell: Option<shell::ShellSession>,
    /// The port `kubectl proxy` serves on, once started.
    pub(crate) proxy: Option<i64>,
    /// `kubectl port-forward`s running in the background, by local port.
    pub(crate) forwards: std::collections::BTreeMap<i64, host::Forward>,
}

/// Inputs longer than this are refused (a paste of a whole file is far below it).
pub const MAX_INPUT: usize = 2 * 1024 * 1024;

impl Console {
    pub fn new(config: ConsoleConfig, files: Box<dyn Files>) -> Console {
        Console {
            profile: config.profile,
            files,
            cluster: Cluster::new(config.profile.cluster_config(config.seed)),
            shell: None,
            proxy: None,
            forwards: Default::default(),
        }
    }

    /// The simulated cluster (read-only), for views and exercise checks.
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    /// The simulated cluster, for callers that drive time (the UI's clock).
    pub fn cluster_mut(&mut self) -> &mut Cluster {
        &mut self.cluster
    }

    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// What this console's kubectl and server do differently from the other profile's.
    pub fn era(&self) -> &'static Era {
        self.profile.era()
    }

    /// The prompt to show before the next input: `$ ` at the console, the container shell's
    /// prompt inside `kubectl exec -it POD -- sh` (`/ # ` busybox, `[root@jumpod /]# ` centos,
    /// `root@web-1:/# ` Debian images).
    pub fn prompt(&self) -> String {
        match &self.shell {
            Some(s) => s.prompt(),
            None => "$ ".to_string(),
        }
    }

    /// True while an interactive container shell is open.
    pub fn in_shell(&self) -> bool {
        self.shell.is_some()
    }

    /// Runs one input: a command line, possibly followed by here-document lines.
    pub fn run(&mut self, input: &str) -> Output {
        let mut out = Output::default();
        if input.len() > MAX_INPUT {
            out.err(&format!("error: input too long ({} bytes; at most {MAX_INPUT})", input.len()));
            return out;
        }
        if self.shell.is_some() {
            shell::interactive(self, input, &mut out);
            return out;
        }
        // A job sent to the background: this console runs everything to completion anyway (and
        // `kubectl proxy` keeps serving), so `&` only earns bash's job line.
        let trimmed = input.trim_end();
        let (input, background) = match trimmed.strip_suffix('&') {
            Some(rest) if !rest.ends_with('&') && !trimmed.contains("<<") => (rest, true),
            _ => (input, false),
        };
        let substituted;
        let input = if input.contains("$(") && !input.contains("<<") {
            match host::substitute(self, input, &mut out) {
                Ok(s) => {
                    substituted = s;
                    substituted.as_str()
                }
                Err(e) => {
                    out.err(&e);
                    out.exit_code = 2;
                    return out;
                }
            }
        } else {
            input
        };
        if background {
            out.warnings.push_str(&format!("[1] {}\n", 20_000 + self.cluster.now().as_secs() % 30_000));
        }
        let lexed = match lex::split_words(input) {
            Ok(l) => l,
            Err(e) => {
                out.err(&format!("bash: {e}"));
                out.exit_code = 2;
                return out;
            }
        };
        if lexed.has_pipe {
            let ops: Vec<&str> = lexed.operators.iter().map(|o| o.text.as_str()).collect();
            out.err(&format!(
                "error: this console runs one command at a time; pipes and redirections ({}) are not supported",
                ops.join(" ")
            ));
            return out;
        }
        let words: Vec<String> = lexed.words.into_iter().map(|w| w.text).collect();
        let Some(first) = words.first() else {
            return out;
        };
        let stdin = lexed.heredoc.map(|h| h.body);
        match first.as_str() {
            "kubectl" | "k" => commands::kubectl(self, &words[1..], stdin, &mut out),
            "sleep" => self.sleep(&words[1..], &mut out),
            "curl" => host::curl(self, &words[1..], &mut out),
            "clear" | "true" | ":" => {}
            "exit" | "logout" => {}
            other => {
                out.err(&format!("bash: {other}: command not found"));
                out.exit_code = 127;
            }
        }
        out
    }

    fn sleep(&mut self, args: &[String], out: &mut Output) {
        let Some(arg) = args.first() else {
            out.err("sleep: missing operand\nTry 'sleep --help' for more information.");
            return;
        };
        let (num, mult) = match arg.chars().last() {
            Some('s') => (&arg[..arg.len() - 1], 1u64),
            Some('m') => (&arg[..arg.len() - 1], 60),
            Some('h') => (&arg[..arg.len() - 1], 3600),
            _ => (arg.as_str(), 1),
        };
        match num.parse::<f64>() {
            Ok(n) if n.is_finite() && n >= 0.0 => {
                // At most a simulated day per command.
                let secs = ((n * mult as f64).ceil() as u64).min(86_400);
                self.cluster.run_for(kubelab_sim::SimDuration::from_secs(secs));
            }
            _ => out.err(&format!("sleep: invalid time interval '{arg}'\nTry 'sleep --help' for more information.")),
        }
    }

    /// True when `input` is not complete yet (an open here-document, quote or a trailing backslash).
    pub fn needs_more_input(input: &str) -> bool {
        lex::needs_more_input(input)
    }

    /// Tab completion: the byte offset where the replaced word starts, and the candidates.
    pub fn complete(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        commands::complete(self, line, pos)
    }
}
