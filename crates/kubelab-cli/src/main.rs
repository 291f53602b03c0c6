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

mod args;
mod host_files;
mod repl;
mod script;

use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use kubelab_console::{Console, ConsoleConfig};

use crate::args::{Action, Options, USAGE};

fn main() -> ExitCode {
    let options = match args::parse(std::env::args_os().skip(1)) {
        Ok(Action::Run(options)) => options,
        Ok(Action::Help) => {
            say(&mut io::stdout(), USAGE);
            return ExitCode::SUCCESS;
        }
        Ok(Action::Version) => {
            say(&mut io::stdout(), &format!("kubelab {}\n", env!("CARGO_PKG_VERSION")));
            return ExitCode::SUCCESS;
        }
        Err(reason) => {
            say(&mut io::stderr(), &format!("kubelab: {reason}\n\n{USAGE}"));
            return ExitCode::from(2);
        }
    };
    let console =
        Console::new(ConsoleConfig { seed: options.seed, profile: options.profile }, Box::new(host_files::HostFiles));
    let result = match &options.script {
        None if io::stdin().is_terminal() => repl::run(console, &banner(&options)),
        None => read_stdin().and_then(|text| run_script(&text, console)),
        Some(path) if path == Path::new("-") => read_stdin().and_then(|text| run_script(&text, console)),
        Some(path) => match std::fs::read(path) {
            Ok(bytes) => run_script(&String::from_utf8_lossy(&bytes), console),
            Err(error) => {
                say(&mut io::stderr(), &format!("kubelab: cannot read script {}: {error}\n", path.display()));
                return ExitCode::FAILURE;
            }
        },
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

/// All of stdin; bytes that are not UTF-8 become U+FFFD.
fn read_stdin() -> io::Result<String> {
    let mut bytes = Vec::new();
    io::stdin().lock().read_to_end(&mut bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn run_script(text: &str, mut console: Console) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    script::run_script(text, &mut console, &mut out)?;
    out.flush()
}
