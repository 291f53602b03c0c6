//! Transcripts: a script of console inputs run through one console, printed the way a student
//! sees the session — each input after its prompt (`$ `, or a pod shell's), here-document lines
//! after `> `, then what the command printed (stdout, then stderr), then the lab's note, if any,
//! as a comment line (`# (12s passed)`: simulated time the command let pass, never kubectl's). `#` lines are copied as
//! headings; blank lines are skipped. The golden tests run every `tests/transcripts/*.txt`
//! through this, natively and in the browser, and compare the result with the snapshots.

use crate::Console;

/// Runs `script` through `console` and returns the session as text.
pub fn run(console: &mut Console, script: &str) -> String {
    let mut out = String::new();
    let mut lines = script.lines();
    while let Some(line) = lines.next() {
        if line.trim().is_empty() {
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
        for part in [&res.warnings, &res.stdout, &res.stderr] {
            out.push_str(part);
            if !part.is_empty() && !part.ends_with('\n') {
                out.push('\n');
            }
        }
        if let Some(note) = res.lab_note() {
            out.push_str(&format!("# ({note})\n"));
        }
    }
    out
}

/// A header value of a transcript script (`# profile: 1.15`, `# seed: 7`, `# cwd: exercises/ex4`).
pub fn header(script: &str, key: &str) -> Option<String> {
    let prefix = format!("# {key}: ");
    script
        .lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix(&prefix).map(|v| v.trim().to_string()))
}
