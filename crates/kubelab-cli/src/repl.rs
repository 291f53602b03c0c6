//! Interactive mode: a line editor (rustyline) over one console.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::rc::Rc;

use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{Behavior, CompletionType, Config, Context, Editor, Helper};

use crate::script::{is_exit, write_block, Runner};

const PROMPT: &str = "$ ";
const CONTINUATION_PROMPT: &str = "> ";
const MAX_HISTORY: usize = 1000;

/// Runs the REPL until Ctrl-D or `exit`. After each input, `news` tells what the input changed
/// beyond its output (an exercise's goals met), printed on stderr.
pub fn run<R: Runner + 'static>(runner: R, banner: &str, mut news: impl FnMut(&mut R) -> String) -> io::Result<()> {
    let console = Rc::new(RefCell::new(runner));
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(false)
        .max_history_size(MAX_HISTORY)
        .map_err(io::Error::other)?
        .history_ignore_dups(true)
        .map_err(io::Error::other)?
        // `kubelab > file`: edit on the terminal, not in the file (outputs still go to stdout).
        .behavior(if io::stdout().is_terminal() { Behavior::Stdio } else { Behavior::PreferTerm })
        .build();
    let mut editor: Editor<LabHelper<R>, DefaultHistory> = Editor::with_config(config).map_err(io::Error::other)?;
    editor.set_helper(Some(LabHelper { console: Rc::clone(&console), continuation: Cell::new(false) }));

    let history_file = history_file();
    let mut history = history_file.as_ref().map(load_history).unwrap_or_default();
    for entry in &history {
        let _ = editor.add_history_entry(entry.as_str());
    }
    let mut terminal = Terminal { editor, pending: VecDeque::new() };

    // On stderr, like python's banner: `kubelab > file` keeps only the commands' outputs.
    crate::say(&mut io::stderr(), &format!("{banner}\n"));
    loop {
        // Inside a pod's shell (`kubectl exec -it ... -- sh`) the prompt is the shell's.
        let prompt = console.try_borrow().map(|c| c.prompt()).unwrap_or_else(|_| PROMPT.to_string());
        let in_shell = console.try_borrow().map(|c| c.in_shell()).unwrap_or(false);
        let first = match terminal.next_line(&prompt) {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(error) => {
                crate::say(&mut io::stderr(), &format!("kubelab: cannot read input: {error}\n"));
                break;
            }
        };
        if first.trim().is_empty() {
            continue;
        }
        if is_exit(&first) && !in_shell {
            break;
        }
        let Some(input) = terminal.read_continuation(first) else {
            continue;
        };

        if terminal.editor.add_history_entry(input.as_str()).unwrap_or(false) {
            history.push(input.clone());
        }
        let Ok(mut session) = console.try_borrow_mut() else {
            continue; // not reachable: the completer only borrows inside readline
        };
        let mut output = session.run(&input);
        print_output(&output);
        // `kubectl edit`: the real editor, as often as kubectl re-opens the file.
        while let Some(request) = output.edit.take() {
            match crate::editor::edit(&request) {
                Ok(saved) => {
                    output = session.finish_edit(&saved);
                    print_output(&output);
                }
                Err(e) => {
                    session.abandon_edit();
                    let _ = write_block(&mut io::stderr().lock(), &e);
                }
            }
        }
        let news = news(&mut session);
        let _ = write_block(&mut io::stderr().lock(), &news);
    }
    if let Some(path) = history_file {
        save_history(&path, &history);
    }
    Ok(())
}

/// Prints one answer as kubectl would on a terminal (write errors are ignored: a closed
/// terminal ends the session at the next readline).
fn print_output(output: &kubelab_console::Output) {
    let _ = write_block(&mut io::stderr().lock(), &output.warnings);
    let mut stdout = io::stdout().lock();
    let _ = write_block(&mut stdout, &output.stdout).and_then(|()| stdout.flush());
    drop(stdout);
    let _ = write_block(&mut io::stderr().lock(), &output.stderr);
    // The lab's own note (simulated time that passed), outside kubectl's output.
    if let Some(note) = output.lab_note() {
        let _ = write_block(&mut io::stderr().lock(), &format!("# ({note})"));
    }
}

/// The line editor plus the lines it has read but not handed out yet: a paste (or a recalled
/// multi-line history entry) brings several lines in one `readline`, and they are then taken
/// one at a time, exactly as if they had been typed.
struct Terminal<R: Runner> {
    editor: Editor<LabHelper<R>, DefaultHistory>,
    pending: VecDeque<String>,
}

impl<R: Runner> Terminal<R> {
    fn next_line(&mut self, prompt: &str) -> rustyline::Result<String> {
        if let Some(line) = self.pending.pop_front() {
            return Ok(line);
        }
        let text = loop {
            match self.editor.readline(prompt) {
                // Bytes that are not UTF-8 (a binary paste, a terminal in another encoding):
                // rustyline drops the line; say so and read again instead of ending the session.
                Err(ReadlineError::Io(error)) if error.kind() == io::ErrorKind::InvalidData => {
                    crate::say(&mut io::stderr(), "kubelab: input that is not UTF-8 was discarded\n");
                }
                result => break result?,
            }
        };
        let mut lines = text.lines().map(str::to_string);
        let first = lines.next().unwrap_or_default();
        self.pending.extend(lines);
        Ok(first)
    }

    /// Reads `> ` lines while the input is open. `None` when Ctrl-C abandons the input.
    /// Ctrl-D runs what has been typed (the console reports what is missing), as a shell does.
    fn read_continuation(&mut self, first: String) -> Option<String> {
        let mut input = first;
        self.set_continuation(true);
        let mut abandoned = false;
        while self.input_open(&input) {
            match self.next_line(CONTINUATION_PROMPT) {
                Ok(line) => {
                    input.push('\n');
                    input.push_str(&line);
                }
                Err(ReadlineError::Interrupted) => {
                    abandoned = true;
                    self.pending.clear();
                    break;
                }
                Err(_) => break,
            }
        }
        self.set_continuation(false);
        (!abandoned).then_some(input)
    }

    /// True while `input` needs more lines, as the runner says (a here-document, an open quote).
    fn input_open(&self, input: &str) -> bool {
        let runner = self.editor.helper().map(|helper| helper.console.try_borrow());
        matches!(runner, Some(Ok(runner)) if runner.needs_more_input(input))
    }

    fn set_continuation(&self, on: bool) {
        if let Some(helper) = self.editor.helper() {
            helper.continuation.set(on);
        }
    }
}

/// Tab completion through [`Runner::complete`] (the console's); nothing else (no hints, colours or validation).
struct LabHelper<R> {
    console: Rc<RefCell<R>>,
    /// True while reading `> ` lines (here-document bodies), where kubectl completion makes no sense.
    continuation: Cell<bool>,
}

impl<R: Runner> Completer for LabHelper<R> {
    type Candidate = String;

    fn complete(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> rustyline::Result<(usize, Vec<String>)> {
        if self.continuation.get() {
            return Ok((pos, Vec::new()));
        }
        let Ok(console) = self.console.try_borrow() else {
            return Ok((pos, Vec::new()));
        };
        let (start, candidates) = console.complete(line, pos);
        // rustyline slices the line at `start`; never hand it an offset it cannot use.
        if start > pos || !line.is_char_boundary(start) {
            return Ok((pos, Vec::new()));
        }
        Ok((start, candidates))
    }
}

impl<R> Hinter for LabHelper<R> {
    type Hint = String;
}

impl<R> Highlighter for LabHelper<R> {}

impl<R> Validator for LabHelper<R> {}

impl<R: Runner> Helper for LabHelper<R> {}

/// `$KUBELAB_HISTFILE` (empty: no file), else `~/.kubelab_history`, else none.
fn history_file() -> Option<PathBuf> {
    match std::env::var_os("KUBELAB_HISTFILE") {
        Some(path) if path.is_empty() => None,
        Some(path) => Some(PathBuf::from(path)),
        None => std::env::var_os("HOME")
            .filter(|home| !home.is_empty())
            .map(|home| PathBuf::from(home).join(".kubelab_history")),
    }
}

/// The history file holds one entry a line; a multi-line entry (a here-document) is stored
/// with `\n` for its newlines and `\\` for its backslashes.
fn load_history(path: &PathBuf) -> Vec<String> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(&bytes);
    let entries: Vec<String> = text.lines().filter(|line| !line.is_empty()).map(unescape).collect();
    let skip = entries.len().saturating_sub(MAX_HISTORY);
    entries.into_iter().skip(skip).collect()
}

/// Best effort: a history that cannot be written is not worth an error message at exit.
fn save_history(path: &PathBuf, history: &[String]) {
    let skip = history.len().saturating_sub(MAX_HISTORY);
    let mut text = String::new();
    for entry in &history[skip..] {
        text.push_str(&escape(entry));
        text.push('\n');
    }
    let _ = std::fs::write(path, text);
}

fn escape(entry: &str) -> String {
    entry.replace('\\', "\\\\").replace('\n', "\\n")
}

fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_entries_round_trip_through_one_line_each() {
        for entry in ["kubectl get pods", "cat <<EOF\na: \\n literal\nEOF", "trailing \\", "\\\\n"] {
            let line = escape(entry);
            assert!(!line.contains('\n'), "{line:?}");
            assert_eq!(unescape(&line), entry);
        }
    }

    #[test]
    fn history_file_keeps_the_newest_entries() {
        let path = std::env::temp_dir().join(format!("kubelab-history-test-{}", std::process::id()));
        let entries: Vec<String> = (0..MAX_HISTORY + 5).map(|n| format!("kubectl get pod p{n}\nEOF")).collect();
        save_history(&path, &entries);
        let loaded = load_history(&path);
        assert_eq!(loaded.len(), MAX_HISTORY);
        assert_eq!(loaded.first(), entries.get(5));
        assert_eq!(loaded.last(), entries.last());
        let _ = std::fs::remove_file(&path);
    }
}
