//! Script mode: run a whole script and print a transcript.
//!
//! ```text
//! # Scale the web deployment          <- comment lines are echoed as they are
//! $ kubectl scale deploy/web --replicas=5
//! deployment.apps/web scaled          <- the command's stdout, then its stderr
//! $ kubectl apply -f - <<EOF
//! > apiVersion: v1                    <- continuation lines (here-document, open quote, `\`)
//! > ...
//! > EOF
//! ```
//!
//! Blank lines between commands are skipped; blank lines inside an input are kept (echoed as `>`).

use std::io::{self, Write};

use kubelab_console::{Console, Output};

/// What a script (and the REPL) needs from a console: the plain [`Console`], or an exercise's
/// session ([`crate::lab::Lab`]). A seam, so the transcript logic is testable on its own.
pub trait Runner {
    fn needs_more_input(&self, input: &str) -> bool;
    fn run(&mut self, input: &str) -> Output;
    /// The prompt to echo before an input (`$ `, or a pod shell's own prompt).
    fn prompt(&self) -> String {
        "$ ".to_string()
    }
    /// True inside a pod's shell, where `exit` leaves the shell rather than the script.
    fn in_shell(&self) -> bool {
        false
    }
    /// Tab completion: where the completed word starts, and the candidates.
    fn complete(&self, _line: &str, pos: usize) -> (usize, Vec<String>) {
        (pos, Vec::new())
    }
    /// Hands the text saved in `kubectl edit`'s editor back (see `Console::finish_edit`).
    fn finish_edit(&mut self, _saved: &str) -> Output {
        Output::default()
    }
    /// Drops a pending `kubectl edit` whose editor could not run.
    fn abandon_edit(&mut self) {}
}

impl Runner for Console {
    fn needs_more_input(&self, input: &str) -> bool {
        Console::needs_more_input(input)
    }
    fn run(&mut self, input: &str) -> Output {
        Console::run(self, input)
    }
    fn prompt(&self) -> String {
        Console::prompt(self)
    }
    fn in_shell(&self) -> bool {
        Console::in_shell(self)
    }
    fn complete(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        Console::complete(self, line, pos)
    }
    fn finish_edit(&mut self, saved: &str) -> Output {
        Console::finish_edit(self, saved)
    }
    fn abandon_edit(&mut self) {
        Console::abandon_edit(self)
    }
}

/// The lab's line when a script runs `kubectl edit`: no editor runs without a terminal.
pub const NO_EDITOR_IN_SCRIPTS: &str =
    "# (kubectl edit needs an editor on a terminal; run kubelab interactively to edit: this edit is cancelled)";

/// True for the line that ends a session (`exit`), in both modes.
pub fn is_exit(line: &str) -> bool {
    line.trim() == "exit"
}

/// Runs every input of `script` through `session`, writing the transcript to `out`.
/// Stops early only at an `exit` line or when `out` fails. Command failures do not stop it.
#[cfg(test)]
pub fn run_script(script: &str, session: &mut impl Runner, out: &mut impl Write) -> io::Result<()> {
    run_lines(script.lines().map(|line| Ok(line.to_string())), session, out)
}

/// Runs the inputs of a script as its lines arrive (`lines` may be a pipe that is still being
/// written), writing each command's transcript and flushing `out` as soon as it has run: a run
/// that is killed keeps everything printed so far, and a line that never ends does not hold
/// back the commands before it.
pub fn run_lines(
    lines: impl Iterator<Item = io::Result<String>>,
    session: &mut impl Runner,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut lines = lines;
    while let Some(line) = lines.next() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        if line.trim_start().starts_with('#') {
            writeln!(out, "{line}")?;
            continue;
        }
        writeln!(out, "{}{line}", session.prompt())?;
        if is_exit(&line) && !session.in_shell() {
            break;
        }
        // The echoed command shows before a long wait runs.
        out.flush()?;
        let mut input = line.clone();
        // At the end of the script an input may still be open; it runs as it is and the
        // console reports what is missing (as a shell does for a here-document cut short).
        while session.needs_more_input(&input) {
            let Some(next) = lines.next() else { break };
            let next = next?;
            if next.is_empty() {
                writeln!(out, ">")?;
            } else {
                writeln!(out, "> {next}")?;
            }
            input.push('\n');
            input.push_str(&next);
        }
        let output = session.run(&input);
        write_block(out, &output.warnings)?;
        write_block(out, &output.stdout)?;
        write_block(out, &output.stderr)?;
        if let Some(note) = output.lab_note() {
            writeln!(out, "# ({note})")?;
        }
        if output.edit.is_some() {
            session.abandon_edit();
            writeln!(out, "{NO_EDITOR_IN_SCRIPTS}")?;
        }
        out.flush()?;
    }
    out.flush()
}

/// The lines of `input` as they arrive, without their `\n` or `\r\n`; bytes that are not
/// UTF-8 become U+FFFD. A last line without a newline is still a line.
pub fn lines_of(mut input: impl io::BufRead) -> impl Iterator<Item = io::Result<String>> {
    std::iter::from_fn(move || {
        let mut bytes = Vec::new();
        match input.read_until(b'\n', &mut bytes) {
            Ok(0) => None,
            Ok(_) => {
                if bytes.last() == Some(&b'\n') {
                    bytes.pop();
                    if bytes.last() == Some(&b'\r') {
                        bytes.pop();
                    }
                }
                Some(Ok(String::from_utf8_lossy(&bytes).into_owned()))
            }
            Err(error) => Some(Err(error)),
        }
    })
}

/// Writes `text`, adding the final newline if it is missing.
pub fn write_block(out: &mut impl Write, text: &str) -> io::Result<()> {
    if text.is_empty() {
        return Ok(());
    }
    out.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A console double: an input stays open while it has an odd number of `'`;
    /// running prints the input back on stdout and `err` (without a newline) on stderr.
    #[derive(Default)]
    struct Echo {
        inputs: Vec<String>,
    }

    impl Runner for Echo {
        fn needs_more_input(&self, input: &str) -> bool {
            input.matches('\'').count() % 2 == 1
        }
        fn run(&mut self, input: &str) -> Output {
            self.inputs.push(input.to_string());
            Output {
                stdout: format!("ran {}\n", input.len()),
                stderr: "err".to_string(),
                exit_code: 1,
                ..Default::default()
            }
        }
    }

    fn transcript(script: &str) -> (String, Vec<String>) {
        let mut session = Echo::default();
        let mut out = Vec::new();
        run_script(script, &mut session, &mut out).expect("writing to a Vec");
        (String::from_utf8(out).expect("utf-8"), session.inputs)
    }

    #[test]
    fn a_script_says_kubectl_edit_needs_a_terminal_and_goes_on() {
        let mut console = Console::new(
            kubelab_console::ConsoleConfig { seed: 1, profile: kubelab_console::Profile::Current },
            Box::new(kubelab_console::NoFiles),
        );
        let script = "kubectl create deployment web --image=nginx:1.25\nkubectl edit deploy web\nkubectl get deploy\n";
        let mut out = Vec::new();
        run_script(script, &mut console, &mut out).expect("writing to a Vec");
        let out = String::from_utf8(out).expect("utf-8");
        assert!(
            out.contains(&format!("$ kubectl edit deploy web\n{NO_EDITOR_IN_SCRIPTS}\n$ kubectl get deploy\n")),
            "{out}"
        );
        assert!(console.pending_edit().is_none());
    }

    #[test]
    fn echoes_commands_comments_and_outputs_and_skips_blank_lines() {
        let (out, inputs) = transcript("# heading\n\n   \nkubectl get pods\r\nkubectl get nodes\n");
        assert_eq!(out, "# heading\n$ kubectl get pods\nran 16\nerr\n$ kubectl get nodes\nran 17\nerr\n");
        assert_eq!(inputs, ["kubectl get pods", "kubectl get nodes"]);
    }

    #[test]
    fn continuation_lines_join_one_input_and_keep_blank_lines() {
        let (out, inputs) = transcript("echo 'a\n\nb'\nnext\n");
        assert_eq!(out, "$ echo 'a\n>\n> b'\nran 11\nerr\n$ next\nran 4\nerr\n");
        assert_eq!(inputs, ["echo 'a\n\nb'", "next"]);
    }

    #[test]
    fn an_input_still_open_at_the_end_runs_as_it_is() {
        let (_, inputs) = transcript("echo 'never closed\nmore");
        assert_eq!(inputs, ["echo 'never closed\nmore"]);
    }

    #[test]
    fn lines_arrive_without_their_line_ends_and_a_last_open_line_counts() {
        let lines: Vec<String> =
            lines_of(&b"one\r\ntwo\n\n\xffthree"[..]).collect::<io::Result<_>>().expect("reading bytes");
        assert_eq!(lines, ["one", "two", "", "\u{fffd}three"]);
    }

    /// A writer that records the text it held at each flush.
    #[derive(Default)]
    struct Flushes {
        text: Vec<u8>,
        flushed: Vec<String>,
    }

    impl Write for Flushes {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.text.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            self.flushed.push(String::from_utf8_lossy(&self.text).into_owned());
            Ok(())
        }
    }

    #[test]
    fn each_command_is_flushed_before_the_next_line_is_read() {
        let mut out = Flushes::default();
        let mut session = Echo::default();
        // The second line fails to arrive (a pipe that broke): the first command's transcript
        // was flushed already.
        let lines = vec![Ok("one".to_string()), Err(io::Error::other("gone"))];
        assert!(run_lines(lines.into_iter(), &mut session, &mut out).is_err());
        assert_eq!(out.flushed.last().map(String::as_str), Some("$ one\nran 3\nerr\n"));
    }

    #[test]
    fn exit_ends_the_script() {
        let (out, inputs) = transcript("one\n exit \ntwo\n");
        assert_eq!(out, "$ one\nran 3\nerr\n$  exit \n");
        assert_eq!(inputs, ["one"]);
    }
}
