//! Runs the built `kubelab` binary with piped stdin, as a script would.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs `kubelab ARGS` with `stdin` piped in, in the test's working directory.
pub fn kubelab(args: &[&str], stdin: &[u8]) -> Output {
    run(Command::new(env!("CARGO_BIN_EXE_kubelab")).args(args), stdin)
}

/// Runs `kubelab ARGS` in the working directory `dir`.
#[allow(dead_code)] // not every test binary runs in another directory
pub fn kubelab_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    run(Command::new(env!("CARGO_BIN_EXE_kubelab")).current_dir(dir).args(args), stdin)
}

fn run(command: &mut Command, stdin: &[u8]) -> Output {
    let mut child =
        command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start kubelab");
    // Feed stdin from another thread: a large input must not deadlock against a full stdout pipe.
    let mut child_stdin = child.stdin.take().expect("piped stdin");
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // kubelab may stop reading early (e.g. at `exit`); a broken pipe is fine.
        let _ = child_stdin.write_all(&input);
    });
    let output = child.wait_with_output().expect("wait for kubelab");
    writer.join().expect("stdin writer thread");
    output
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
