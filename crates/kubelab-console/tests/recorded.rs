//! What a real kubectl 1.33 printed, as facts: every `tests/recorded/*.rec` at the repository
//! root is one command line run by `scripts/record-kubectl.sh` against a real client with no
//! cluster (client-side dry runs of every `create` generator and `run`, every verb and
//! subcommand without arguments), with its stdout, stderr and exit code. The console (current
//! profile, a fresh one per line, `-f`/`--from-file` reading `tests/recorded/files/`) must print
//! the same bytes.
//!
//! Lines of a kind or verb the lab does not model yet are in [`PENDING`], the one list of
//! them: each must still answer with the lab's honest message (never a made-up kubectl
//! answer), so a pending line that starts to work, or to say something else, fails here until
//! it leaves the list. Re-record with `bash scripts/record-kubectl.sh --kubectl PATH`.

use kubelab_console::{Console, ConsoleConfig, FileEntry, Files, Profile};
use std::path::{Path, PathBuf};

/// Command lines (after `kubectl `) whose kind or verb the lab does not model yet, by prefix,
/// with why. Each must answer with [`HONEST`]; each must match at least one recording.
const PENDING: &[(&str, &str)] = &[
    ("attach", "verb not modelled"),
    ("auth", "verb not modelled"),
    ("certificate", "verb not modelled"),
    ("completion", "verb not modelled"),
    ("config", "verb not modelled"),
    ("cp", "verb not modelled"),
    ("create clusterrole", "RBAC is not simulated"),
    ("create clusterrolebinding", "RBAC is not simulated"),
    ("create priorityclass", "PriorityClasses are not simulated"),
    ("create quota", "ResourceQuotas are not simulated"),
    ("create role", "RBAC is not simulated"),
    ("create rolebinding", "RBAC is not simulated"),
    ("create token", "tokens are not issued (no token request API in the lab)"),
    ("debug", "verb not modelled"),
    ("plugin", "verb not modelled"),
    ("replace", "verb not modelled"),
    ("set subject", "subcommand not modelled"),
    ("taint", "verb not modelled"),
];

/// The lab's honest answers: a kind it does not simulate, a verb, subcommand or flag it lacks.
const HONEST: &[&str] = &["Kubelab does not simulate ", "is not available in this lab yet"];

/// A recording: the command line and what kubectl answered.
struct Recording {
    line: String,
    exit_code: i32,
    stdout: String,
    stderr: String,
}

/// Parses a `.rec` file: `$ LINE`, `--- exit N, stdout L bytes`, L bytes, `--- stderr M bytes`,
/// M bytes.
fn parse(text: &str) -> Result<Recording, String> {
    let (first, rest) = text.split_once('\n').ok_or("no command line")?;
    let line = first.strip_prefix("$ ").ok_or("the first line is not `$ LINE`")?.to_string();
    let (head, rest) = rest.split_once('\n').ok_or("no exit line")?;
    let head = head.strip_prefix("--- exit ").ok_or("no `--- exit` line")?;
    let (code, len) = head.split_once(", stdout ").ok_or("no stdout length")?;
    let exit_code = code.parse().map_err(|_| "bad exit code")?;
    let len: usize = len.strip_suffix(" bytes").and_then(|n| n.parse().ok()).ok_or("bad stdout length")?;
    let stdout = rest.get(..len).ok_or("stdout is shorter than its length")?.to_string();
    let rest = &rest[len..];
    let (head, stderr) = rest.split_once('\n').ok_or("no stderr line")?;
    let len: usize = head
        .strip_prefix("--- stderr ")
        .and_then(|h| h.strip_suffix(" bytes"))
        .and_then(|n| n.parse().ok())
        .ok_or("bad stderr line")?;
    if stderr.len() != len {
        return Err(format!("stderr is {} bytes, not {len}", stderr.len()));
    }
    Ok(Recording { line, exit_code, stdout, stderr: stderr.to_string() })
}

/// The fixture directory, as `-f` and `--from-file` read it.
struct DirFiles(PathBuf);

impl Files for DirFiles {
    fn read(&self, path: &str) -> Result<FileEntry, String> {
        let p = self.0.join(path);
        if p.is_dir() {
            let mut names: Vec<String> = std::fs::read_dir(&p)
                .map_err(|e| e.to_string())?
                .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
                .collect();
            names.sort();
            return Ok(FileEntry::Dir(names));
        }
        std::fs::read_to_string(&p).map(FileEntry::File).map_err(|_| format!("the path \"{path}\" does not exist"))
    }
}

fn recordings(dir: &Path) -> Vec<(String, Recording)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("tests/recorded exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rec"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let text = std::fs::read_to_string(&p).expect("readable recording");
            let rec = parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, rec)
        })
        .collect()
}

fn pending(line: &str) -> Option<&'static (&'static str, &'static str)> {
    let args = line.strip_prefix("kubectl ").unwrap_or(line);
    PENDING.iter().find(|(prefix, _)| args == *prefix || args.starts_with(&format!("{prefix} ")))
}

#[test]
fn the_console_prints_what_kubectl_1_33_printed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/recorded");
    let all = recordings(&root);
    assert!(all.len() >= 100, "expected the recordings, found {}", all.len());
    let mut failed = Vec::new();
    let mut used = vec![false; PENDING.len()];
    for (name, rec) in &all {
        let mut console =
            Console::new(ConsoleConfig { seed: 1, profile: Profile::Current }, Box::new(DirFiles(root.join("files"))));
        let out = console.run(&rec.line);
        let stderr = format!("{}{}", out.warnings, out.stderr);
        if let Some(entry) = pending(&rec.line) {
            used[PENDING.iter().position(|p| p == entry).unwrap_or(0)] = true;
            if out.exit_code == 0 || !HONEST.iter().any(|h| stderr.contains(h)) {
                failed.push(format!(
                    "{name}: pending ({}), but `{}` no longer answers with the lab's honest message:\n{}{}",
                    entry.1, rec.line, out.stdout, stderr
                ));
            }
            continue;
        }
        if (out.exit_code, out.stdout.as_str(), stderr.as_str())
            != (rec.exit_code, rec.stdout.as_str(), rec.stderr.as_str())
        {
            failed.push(format!(
                "{name}: `{}`\n--- kubectl (exit {}):\n{}{}--- console (exit {}):\n{}{}",
                rec.line, rec.exit_code, rec.stdout, rec.stderr, out.exit_code, out.stdout, stderr
            ));
        }
    }
    for ((prefix, _), used) in PENDING.iter().zip(used) {
        if !used {
            failed.push(format!("pending `{prefix}` matches no recording"));
        }
    }
    assert!(failed.is_empty(), "{} of {} differ:\n\n{}", failed.len(), all.len(), failed.join("\n\n"));
}

#[test]
fn recordings_parse_exactly() {
    let rec = parse("$ kubectl x\n--- exit 1, stdout 3 bytes\nab\n--- stderr 2 bytes\ne\n").unwrap();
    assert_eq!(
        (rec.line.as_str(), rec.exit_code, rec.stdout.as_str(), rec.stderr.as_str()),
        ("kubectl x", 1, "ab\n", "e\n")
    );
    // Output without a final newline is kept as it is.
    let rec = parse("$ kubectl x\n--- exit 0, stdout 2 bytes\nab--- stderr 0 bytes\n").unwrap();
    assert_eq!(rec.stdout, "ab");
    assert!(parse("$ kubectl x\n--- exit 0, stdout 9 bytes\nab\n--- stderr 0 bytes\n").is_err());
}
