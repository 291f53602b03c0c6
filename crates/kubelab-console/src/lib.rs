//! The kubectl console: one input line (plus an optional here-document) in, kubectl's output
//! out. Stages: `lex` (shell words) → `flags` (pflag-style parsing per command) → resolve
//! (resource names through `resources`) → execute through the simulator's public API → render
//! (`printers`, `describe`, `text`). Nothing here panics on input, and a failing command leaves
//! the cluster as it was.
//!
//! Besides `kubectl ...` the console understands `sleep N` (advance the simulated clock N
//! seconds), `clear`, and `#` comments. Whatever lets simulated time pass says so in
//! [`Output::elapsed`] (and [`Output::lab_note`]), never silently.
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
pub mod repos;
pub mod resources;
pub mod suggest;
pub mod text;
pub mod transcript;

mod addons;
pub mod argocd;
pub mod ci;
mod commands;
mod host;
mod shell;
mod snapshot;

pub use snapshot::ConsoleState;

pub use commands::EditRequest;
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
    /// How much simulated time the input let pass (a wait, a watch, `logs -f`, `sleep`, a
    /// shell's `ping`), set by [`Console::run`] from the clock; `None` when the clock did not
    /// move. Never part of kubectl's output: see [`Output::lab_note`].
    pub elapsed: Option<kubelab_sim::SimDuration>,
    /// Why the lab ended a wait that kubectl would have kept up (`rollout status` without
    /// `--timeout` at [`WAIT_LIMIT_SECS`], `get -w` and `logs -f` until Ctrl-C).
    pub stopped: Option<String>,
    /// `kubectl edit` is waiting for its editor: open this text, then hand what was saved to
    /// [`Console::finish_edit`] (which may answer with another request: the file re-opened
    /// with kubectl's error comments at the top).
    pub edit: Option<EditRequest>,
}

impl Output {
    /// The lab's own line about this input, outside kubectl's output: how much simulated time
    /// passed and why a wait stopped (`12s passed`, `10m passed: the lab stopped waiting ...`).
    /// Transcripts print it as a comment line `# (...)`, the web console as a dim line, the
    /// terminal program on stderr; `None` when the clock did not move.
    pub fn lab_note(&self) -> Option<String> {
        let passed = self.elapsed.map(|d| format!("{} passed", exact_duration(d)));
        match (passed, &self.stopped) {
            (Some(p), Some(s)) => Some(format!("{p}: {s}")),
            (Some(p), None) => Some(p),
            (None, Some(s)) => Some(s.clone()),
            (None, None) => None,
        }
    }

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
    /// A `kubectl edit` waiting for the caller's editor (see [`Console::finish_edit`]).
    pub(crate) edit: Option<commands::EditSession>,
    /// How many temporary names (`kubectl diff`'s directories, `kubectl edit`'s files) this
    /// console has made up: each name mixes it in, so two runs at one instant differ.
    pub(crate) temp_names: u64,
    /// The student's home on the terminal's machine: files, local Git clones, the current
    /// directory (`host::fs`).
    pub(crate) home: host::fs::Home,
}

/// The lab's limit for a wait that kubectl would keep up until Ctrl-C (`rollout status`
/// without `--timeout` on a paused or stuck rollout): ten simulated minutes, after which the
/// console stops and says so in [`Output::stopped`].
pub const WAIT_LIMIT_SECS: u64 = 600;

/// A span of simulated time, exactly, in the largest units that fit: `45s`, `1m30s`, `10m`,
/// `2h5m`, `1h0m5s`; below a second, `0.5s`.
pub fn exact_duration(d: kubelab_sim::SimDuration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        return format!("{}s", ms as f64 / 1000.0);
    }
    let secs = ms.div_ceil(1000);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s}s"),
        (0, m, 0) => format!("{m}m"),
        (0, m, s) => format!("{m}m{s}s"),
        (h, 0, 0) => format!("{h}h"),
        (h, m, 0) => format!("{h}h{m}m"),
        (h, m, s) => format!("{h}h{m}m{s}s"),
    }
}

/// Inputs longer than this are refused (a paste of a whole file is far below it).
pub const MAX_INPUT: usize = 2 * 1024 * 1024;

impl Console {
    pub fn new(config: ConsoleConfig, files: Box<dyn Files>) -> Console {
        Console::with_cluster(config.profile, config.profile.cluster_config(config.seed), files)
    }

    /// A console over a cluster made from `cluster` (a preset such as `cloud`, see
    /// `Profile::cluster_preset`) instead of the profile's default one.
    pub fn with_cluster_config(
        config: ConsoleConfig,
        files: Box<dyn Files>,
        cluster: kubelab_sim::ClusterConfig,
    ) -> Console {
        Console::with_cluster(config.profile, cluster, files)
    }

    /// A console for `profile` over a cluster made from `cluster` (the profile's
    /// `cluster_config` with changes: `metrics_server` for the playground).
    pub fn with_cluster(profile: Profile, cluster: kubelab_sim::ClusterConfig, files: Box<dyn Files>) -> Console {
        let mut cluster = Cluster::new(cluster);
        cluster.set_manifest_decoder(argocd::decode::for_profile(profile));
        cluster.set_yaml_reader(ci::yaml);
        Console {
            profile,
            files,
            cluster,
            shell: None,
            proxy: None,
            forwards: Default::default(),
            edit: None,
            temp_names: 0,
            home: Default::default(),
        }
    }

    /// What `-f PATH` reads: the student's home first (a file, or a directory with something
    /// in it, seen from the current directory), then the host's files as given.
    pub(crate) fn read_file(&self, path: &str) -> Result<FileEntry, String> {
        match self.home.read_entry(path) {
            Some(entry) => Ok(entry),
            None => self.files.read(path),
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

    /// Runs one input: a command line, possibly followed by here-document lines. When the input
    /// let simulated time pass, [`Output::elapsed`] says how much.
    pub fn run(&mut self, input: &str) -> Output {
        // Any input while an edit waits abandons it, as if its editor had been killed.
        self.edit = None;
        let start = self.cluster.now();
        let mut out = self.run_input(input);
        let passed = self.cluster.now().since(start);
        out.elapsed = (passed.as_millis() > 0).then_some(passed);
        out
    }

    fn run_input(&mut self, input: &str) -> Output {
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
            "minikube" => addons::minikube(self, &words[1..], &mut out),
            "git" => host::git::run(self, &words[1..], &mut out),
            "gh" => host::gh::run(self, &words[1..], &mut out),
            "crane" => host::crane::run(self, &words[1..], &mut out),
            "pwd" => host::fs::pwd(&self.home, &mut out),
            "cd" => host::fs::cd(&mut self.home, &words[1..], &mut out),
            "ls" => host::fs::ls(&self.home, &words[1..], &mut out),
            "cat" => host::fs::cat(&self.home, &words[1..], &mut out),
            "sed" => {
                let now = self.cluster.unix_secs(self.cluster.now());
                host::sed::run(&mut self.home, now, &words[1..], &mut out)
            }
            "argocd" => argocd::run(self, &words[1..], &mut out),
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

    /// The edit `kubectl edit` is waiting on: the file and text last handed out.
    pub fn pending_edit(&self) -> Option<&EditRequest> {
        self.edit.as_ref().map(|s| s.request())
    }

    /// Ends the pending `kubectl edit` with the text the editor saved, as kubectl does when
    /// its editor exits (module `commands::edit`): `deployment.apps/web edited`, `Edit
    /// cancelled, no changes made.`, or the file again with the errors at the top
    /// ([`Output::edit`]). Saving the text unchanged is how a caller cancels.
    pub fn finish_edit(&mut self, saved: &str) -> Output {
        commands::finish_edit(self, saved)
    }

    /// Drops the pending `kubectl edit` without an answer (its editor could not run).
    pub fn abandon_edit(&mut self) {
        self.edit = None;
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

#[cfg(test)]
mod tests {
    use super::*;
    use kubelab_sim::SimDuration;

    #[test]
    fn durations_are_told_exactly() {
        let d = |ms| exact_duration(SimDuration::from_millis(ms));
        assert_eq!(d(500), "0.5s");
        assert_eq!(d(1000), "1s");
        assert_eq!(d(59_000), "59s");
        assert_eq!(d(60_000), "1m");
        assert_eq!(d(90_000), "1m30s");
        assert_eq!(d(600_000), "10m");
        assert_eq!(d(3_600_000), "1h");
        assert_eq!(d(3_605_000), "1h0m5s");
        assert_eq!(d(86_400_000), "24h");
    }

    #[test]
    fn sleep_says_how_long_it_slept_and_other_commands_say_nothing() {
        let mut c = Console::new(ConsoleConfig { seed: 1, profile: Profile::Current }, Box::new(NoFiles));
        assert_eq!(c.run("sleep 90").lab_note().as_deref(), Some("1m30s passed"));
        // A simulated day at most, and the note says so by its number.
        assert_eq!(c.run("sleep 100000").lab_note().as_deref(), Some("24h passed"));
        let out = c.run("kubectl get pods");
        assert_eq!((out.elapsed, out.lab_note()), (None, None));
        assert_eq!(c.run("sleep x").lab_note(), None);
    }
}
