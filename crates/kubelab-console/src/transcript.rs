//! Transcripts: a script of console inputs run through one console, printed the way a student
//! sees the session — each input after its prompt (`$ `, or a pod shell's), here-document lines
//! after `> `, then what the command printed (stdout, then stderr), then the lab's note, if any,
//! as a comment line (`# (12s passed)`: simulated time the command let pass, never kubectl's). `#` lines are copied as
//! headings; blank lines are skipped.
//!
//! `kubectl edit` opens an editor: the transcript prints `# (editor: FILE)` and the file's
//! text, each line after `| `. Lines starting with `@editor` then act in that editor (echoed
//! as they are): `@editor s/OLD/NEW/` replaces the first OLD in the text (any delimiter after
//! the `s`), `@editor save` saves and quits (unchanged, that is quitting without a change),
//! `@editor empty` saves an empty file; what kubectl answers after the editor exits follows,
//! possibly another editor (the file re-opened with kubectl's errors). `@forge put URL BRANCH
//! MESSAGE PATH=FILE...` and `@forge webhooks on|off` change the Git host as a push would
//! (`argocd::forge_action`: Git content for the GitOps transcripts). The golden tests run every `tests/transcripts/*.txt`
//! through this, natively and in the browser, and compare the result with the snapshots.

use crate::Console;

/// Runs `script` through `console` and returns the session as text.
pub fn run(console: &mut Console, script: &str) -> String {
    let mut out = String::new();
    let mut lines = script.lines();
    // The text in the editor `kubectl edit` opened, while one is open.
    let mut editor: Option<String> = None;
    while let Some(line) = lines.next() {
        if line.trim().is_empty() {
            continue;
        }
        if let Some(action) = line.strip_prefix("@editor") {
            out.push_str(line);
            out.push('\n');
            let Some(text) = editor.as_mut() else {
                out.push_str("# (no editor is open)\n");
                continue;
            };
            let action = action.trim();
            if let Some(expr) = action.strip_prefix('s').filter(|_| action != "save") {
                match substitute(text, expr) {
                    Some(new) => *text = new,
                    None => out.push_str("# (the editor found nothing to replace)\n"),
                }
                continue;
            }
            let saved = match action {
                "save" => text.clone(),
                "empty" => String::new(),
                _ => {
                    out.push_str("# (editor actions: s/OLD/NEW/, save, empty)\n");
                    continue;
                }
            };
            let res = console.finish_edit(&saved);
            editor = print_output(&mut out, &res);
            continue;
        }
        editor = None;
        if let Some(action) = line.strip_prefix("@forge ") {
            out.push_str(line);
            out.push('\n');
            out.push_str(&crate::argocd::forge_action(console, action));
            out.push('\n');
            continue;
        }
        if line.starts_with('#') {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let mut input = line.to_string();
        out.push_str(&format!("{}{line}\n", console.prompt()));
        while Console::needs_more_input(&input) {
            let Some(next) = lines.next() else { break };
            out.push_str(&format!("> {next}\n"));
            input.push('\n');
            input.push_str(next);
        }
        let res = console.run(&input);
        editor = print_output(&mut out, &res);
    }
    out
}

/// Prints one answer; the text of the editor it opens, if it opens one.
fn print_output(out: &mut String, res: &crate::Output) -> Option<String> {
    for part in [&res.warnings, &res.stdout, &res.stderr] {
        out.push_str(part);
        if !part.is_empty() && !part.ends_with('\n') {
            out.push('\n');
        }
    }
    if let Some(note) = res.lab_note() {
        out.push_str(&format!("# ({note})\n"));
    }
    let edit = res.edit.as_ref()?;
    out.push_str(&format!("# (editor: {})\n", edit.file_name));
    for l in edit.text.lines() {
        out.push_str(&format!("| {l}\n"));
    }
    Some(edit.text.clone())
}

/// `/OLD/NEW/` (any delimiter): `text` with the first OLD replaced, or `None` without one.
fn substitute(text: &str, expr: &str) -> Option<String> {
    let delim = expr.chars().next()?;
    let mut parts = expr[delim.len_utf8()..].split(delim);
    let (old, new) = (parts.next()?, parts.next()?);
    (!old.is_empty() && text.contains(old)).then(|| text.replacen(old, new, 1))
}

/// A header value of a transcript script (`# profile: 1.15`, `# seed: 7`, `# cwd: exercises/ex4`).
pub fn header(script: &str, key: &str) -> Option<String> {
    let prefix = format!("# {key}: ");
    script
        .lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix(&prefix).map(|v| v.trim().to_string()))
}
