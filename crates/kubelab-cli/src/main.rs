//! `kubelab`: the Kubelab console in a terminal.
//!
//! One [`Console`] (a simulated cluster plus kubectl) per run, started from `--seed` and
//! `--profile`. The program has two modes, chosen by where the input comes from:
//!
//! - **Interactive** (stdin is a terminal, no script argument): a line editor with the prompt
//!   `$ `, Tab completion from [`Console::complete`], history, and `> ` continuation lines while
//!   [`Console::needs_more_input`] says an input is open (here-document, quote, trailing `\`).
//!   Ctrl-C clears the line, Ctrl-D or `exit` quits. Each command's stdout goes to stdout and its
//!   stderr to stderr. See [`repl`].
//! - **Script** (stdin is not a terminal, or `kubelab SCRIPT`): runs every input and prints a
//!   transcript on stdout: `$ command`, its continuation lines as `> line`, then the command's
//!   stdout and stderr. `#` comment lines are echoed; blank lines are skipped. The exit code
//!   is 0 even when commands fail, so a transcript can show errors. See [`script`].
//!
//! `kubectl apply -f PATH` reads the real file system through [`host_files::HostFiles`].
//! Bad flags print the usage on stderr and exit with 2.
//!
//! `--exercise ID|DIR` runs an exercise instead of a bare cluster, in either mode: see [`lab`].
//! A script then ends with the goal report ([`lab::report`]), and the exit code is 0 whether
//! the goals are met or not.
//!
//! `kubelab grade FILE...` grades sessions exported from the web app: see [`grade`].
//! `kubelab race ...` races the four deployment strategies and prints a table: see [`race`].

mod args;
mod editor;
mod grade;
mod host_files;
mod lab;
mod race;
mod repl;
mod script;

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use kubelab_console::{Console, ConsoleConfig, Profile};

use crate::args::{Action, Options};
use crate::script::Runner;

fn main() -> ExitCode {
    let options = match args::parse(std::env::args_os().skip(1)) {
        Ok(Action::Run(options)) => options,
        Ok(Action::Grade(files)) => {
            let (report, all_read) = grade::grade(&files);
            say(&mut io::stdout(), &report);
            return if all_read { ExitCode::SUCCESS } else { ExitCode::FAILURE };
        }
        Ok(Action::Race(config)) => {
            return match race::run(config) {
                Ok((table, timing)) => {
                    say(&mut io::stdout(), &table);
                    say(&mut io::stderr(), &timing);
                    ExitCode::SUCCESS
                }
                Err(reason) => {
                    say(&mut io::stderr(), &format!("kubelab race: {reason}\n"));
                    ExitCode::FAILURE
                }
            };
        }
        Ok(Action::Help) => {
            say(&mut io::stdout(), &args::usage());
            return ExitCode::SUCCESS;
        }
        Ok(Action::Version) => {
            say(&mut io::stdout(), &format!("kubelab {}\n", env!("CARGO_PKG_VERSION")));
            return ExitCode::SUCCESS;
        }
        Err(reason) => {
            say(&mut io::stderr(), &format!("kubelab: {reason}\n\n{}", args::usage()));
            return ExitCode::from(2);
        }
    };
    let result = match &options.exercise {
        None => {
            let config = ConsoleConfig { seed: options.seed, profile: options.profile };
            let console = match &options.cluster {
                Some(name) => match options.profile.cluster_preset(options.seed, name) {
                    Ok(cluster) => Console::with_cluster_config(config, Box::new(host_files::HostFiles), cluster),
                    Err(reason) => {
                        say(&mut io::stderr(), &format!("kubelab: {reason}\n"));
                        return ExitCode::from(2);
                    }
                },
                None => {
                    let mut cluster = options.profile.cluster_config(options.seed);
                    // The current profile's own cluster runs metrics-server, as the playground's
                    // does (`kubectl top`, the HPA's metrics); the course era's has none.
                    cluster.metrics_server = options.profile == Profile::Current;
                    Console::with_cluster_config(config, Box::new(host_files::HostFiles), cluster)
                }
            };
            let banner = banner(&options);
            run(&options, console, &banner, |_| String::new(), |_| String::new())
        }
        Some(name) => {
            let lab = match lab::open(name).and_then(lab::start) {
                Ok(lab) => lab,
                Err(error) => {
                    say(&mut io::stderr(), &format!("kubelab: {}\n", error.message()));
                    return ExitCode::from(error.exit_code());
                }
            };
            let banner = lab.banner();
            run(&options, lab, &banner, lab::Lab::news, |lab| lab::report(lab.session()))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`kubelab < script | head`): nothing left to say to anyone.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            say(&mut io::stderr(), &format!("kubelab: {error}\n"));
            ExitCode::FAILURE
        }
    }
}

/// Writes a message, ignoring failures: `print!` would panic on a closed pipe (`kubelab --help | head -1`).
pub(crate) fn say(out: &mut impl Write, text: &str) {
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

fn banner(options: &Options) -> String {
    format!(
        "Kubelab {} (profile {}, seed {}). Type kubectl commands; Tab completes, `exit` or Ctrl-D quits.",
        env!("CARGO_PKG_VERSION"),
        args::profile_name(options.profile),
        options.seed
    )
}

/// Runs `runner` interactively or as a script, as the options and stdin say. `news` follows each
/// interactive input (on stderr); `end` follows a script's transcript (on stdout).
fn run<R: Runner + 'static>(
    options: &Options,
    runner: R,
    banner: &str,
    news: impl FnMut(&mut R) -> String,
    end: impl FnOnce(&R) -> String,
) -> io::Result<()> {
    match &options.script {
        None if io::stdin().is_terminal() => repl::run(runner, banner, news),
        None => run_script(io::stdin().lock(), runner, end),
        Some(path) if path == Path::new("-") => run_script(io::stdin().lock(), runner, end),
        Some(path) => match std::fs::File::open(path) {
            Ok(file) => run_script(io::BufReader::new(file), runner, end),
            Err(error) => Err(io::Error::new(error.kind(), format!("cannot read script {}: {error}", path.display()))),
        },
    }
}

/// Runs a script as its lines arrive, each command's transcript flushed as it finishes.
fn run_script<R: Runner>(input: impl io::BufRead, mut runner: R, end: impl FnOnce(&R) -> String) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    script::run_lines(script::lines_of(input), &mut runner, &mut out)?;
    script::write_block(&mut out, &end(&runner))?;
    out.flush()
}
