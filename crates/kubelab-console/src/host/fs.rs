//! The student's home on the terminal's machine: a small file system (files with their text
//! and modification time, directories, the local Git clones) and a current directory, with
//! `pwd`, `cd`, `ls [-l] [-a]` and `cat`. It is the student's machine, not the cluster: it
//! lives in the console (and in its saved state), and only reads the cluster's clock.
//!
//! Paths: `~`, `~/x`, absolute and relative ones, `.` and `..` (never above `/`). A path with a
//! NUL, a component over 255 bytes or a whole over 4096 bytes is refused with the kernel's
//! `File name too long` (or `No such file or directory` for a NUL). Only the home holds
//! anything: other directories (`/etc`, ...) read as missing.
//!
//! Simplified: no permissions, owners or links; `ls -l` prints every file as
//! `-rw-r--r-- 1 student student` and every directory as `drwxr-xr-x` with 4096 bytes; a
//! directory's time is its newest file's; `ls` lays names out in columns for an 80-column
//! terminal, without colours.

use crate::{FileEntry, Output};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The student's home directory (the prompt stays `$ `).
pub const HOME: &str = "/home/student";
/// The most files the home holds, and the largest file.
pub const MAX_FILES: usize = 10_000;
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FileData {
    pub text: String,
    /// Unix seconds of the last write.
    pub mtime: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Home {
    pub cwd: String,
    /// Files by absolute path.
    pub files: BTreeMap<String, FileData>,
    /// Directories that exist without files in them (a clone of an empty repository).
    pub dirs: BTreeSet<String>,
    /// Local clones by the absolute path of their working tree.
    pub clones: BTreeMap<String, super::git::LocalRepo>,
}

impl Default for Home {
    fn default() -> Home {
        Home { cwd: HOME.into(), files: BTreeMap::new(), dirs: BTreeSet::new(), clones: BTreeMap::new() }
    }
}

/// Why a path cannot name anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PathError {
    TooLong,
    Invalid,
}

impl PathError {
    pub fn text(&self) -> &'static str {
        match self {
            PathError::TooLong => "File name too long",
            PathError::Invalid => "No such file or directory",
        }
    }
}

impl Home {
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.dirs.is_empty() && self.clones.is_empty() && self.cwd == HOME
    }

    /// The absolute, normalised form of `path` seen from the current directory.
    pub fn resolve(&self, path: &str) -> Result<String, PathError> {
        if path.contains('\0') {
            return Err(PathError::Invalid);
        }
        if path.len() > 4096 {
            return Err(PathError::TooLong);
        }
        let full = if path == "~" {
            HOME.to_string()
        } else if let Some(rest) = path.strip_prefix("~/") {
            format!("{HOME}/{rest}")
        } else if path.starts_with('/') {
            path.to_string()
        } else {
            format!("{}/{path}", self.cwd)
        };
        let mut parts: Vec<&str> = Vec::new();
        for comp in full.split('/') {
            match comp {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                c if c.len() > 255 => return Err(PathError::TooLong),
                c => parts.push(c),
            }
        }
        Ok(format!("/{}", parts.join("/")))
    }

    /// Whether `abs` is a directory.
    pub fn is_dir(&self, abs: &str) -> bool {
        if matches!(abs, "/" | "/home") || abs == HOME || self.dirs.contains(abs) || self.clones.contains_key(abs) {
            return true;
        }
        if let Some(root) = abs.strip_suffix("/.git") {
            if self.clones.contains_key(root) {
                return true;
            }
        }
        let prefix = format!("{abs}/");
        self.files.range(prefix.clone()..).next().is_some_and(|(k, _)| k.starts_with(&prefix))
            || self.dirs.range(prefix.clone()..).next().is_some_and(|k| k.starts_with(&prefix))
    }

    /// The entries of directory `abs`: (name, is a directory), sorted by name.
    pub fn entries(&self, abs: &str, all: bool) -> Vec<(String, bool)> {
        let prefix = if abs == "/" { "/".to_string() } else { format!("{abs}/") };
        let mut out: BTreeMap<String, bool> = BTreeMap::new();
        let child = |p: &str| -> Option<(String, bool)> {
            let rest = p.strip_prefix(&prefix)?;
            match rest.split_once('/') {
                Some((first, _)) => Some((first.to_string(), true)),
                None if !rest.is_empty() => Some((rest.to_string(), false)),
                None => None,
            }
        };
        for p in self.files.range(prefix.clone()..).map(|(k, _)| k).take_while(|k| k.starts_with(&prefix)) {
            if let Some((n, d)) = child(p) {
                *out.entry(n).or_insert(d) |= d;
            }
        }
        let implied = [HOME.to_string(), "/home".to_string()];
        for p in self.dirs.iter().chain(self.clones.keys()).chain(implied.iter()) {
            if let Some((n, _)) = child(p) {
                out.insert(n, true);
            }
        }
        if self.clones.contains_key(abs) && all {
            out.insert(".git".into(), true);
        }
        let mut v: Vec<(String, bool)> = out.into_iter().collect();
        if all {
            v.insert(0, ("..".into(), true));
            v.insert(0, (".".into(), true));
        }
        v
    }

    /// The newest time of anything under `abs` (a directory's time).
    fn dir_mtime(&self, abs: &str) -> i64 {
        let prefix = format!("{abs}/");
        self.files
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(_, f)| f.mtime)
            .max()
            .unwrap_or(0)
    }

    /// Writes a file (creating it), refusing past the limits.
    pub fn write(&mut self, abs: &str, text: String, mtime: i64) -> Result<(), String> {
        if text.len() > MAX_FILE_BYTES {
            return Err("File too large".into());
        }
        if !self.files.contains_key(abs) && self.files.len() >= MAX_FILES {
            return Err("No space left on device".into());
        }
        self.files.insert(abs.to_string(), FileData { text, mtime });
        Ok(())
    }

    /// What `kubectl -f PATH` finds in the home: a file, or a directory with something in it.
    pub fn read_entry(&self, path: &str) -> Option<FileEntry> {
        let abs = self.resolve(path).ok()?;
        if let Some(f) = self.files.get(&abs) {
            return Some(FileEntry::File(f.text.clone()));
        }
        if !self.is_dir(&abs) {
            return None;
        }
        let names: Vec<String> = self.entries(&abs, false).into_iter().map(|(n, _)| n).collect();
        (!names.is_empty()).then_some(FileEntry::Dir(names))
    }

    /// The clone whose working tree holds the current directory: its root.
    pub fn clone_root(&self) -> Option<String> {
        let mut dir = self.cwd.clone();
        loop {
            if self.clones.contains_key(&dir) {
                return Some(dir);
            }
            match dir.rfind('/') {
                Some(0) | None => return None,
                Some(i) => dir.truncate(i),
            }
        }
    }
}

/// `pwd`.
pub(crate) fn pwd(home: &Home, out: &mut Output) {
    out.out(&home.cwd);
}

/// `cd [DIR]`.
pub(crate) fn cd(home: &mut Home, args: &[String], out: &mut Output) {
    if args.len() > 1 {
        out.err("bash: cd: too many arguments");
        return;
    }
    let target = args.first().map(String::as_str).unwrap_or("~");
    match home.resolve(target) {
        Ok(abs) if home.is_dir(&abs) => home.cwd = abs,
        Ok(abs) if home.files.contains_key(&abs) => out.err(&format!("bash: cd: {target}: Not a directory")),
        Ok(_) => out.err(&format!("bash: cd: {target}: No such file or directory")),
        Err(e) => out.err(&format!("bash: cd: {target}: {}", e.text())),
    }
}

/// `cat FILE...`.
pub(crate) fn cat(home: &Home, args: &[String], out: &mut Output) {
    let mut failed = false;
    for a in args.iter().filter(|a| !a.starts_with('-') || a.as_str() == "-") {
        match home.resolve(a) {
            Ok(abs) => match home.files.get(&abs) {
                Some(f) => out.stdout.push_str(&f.text),
                None if home.is_dir(&abs) => {
                    out.stderr.push_str(&format!("cat: {a}: Is a directory\n"));
                    failed = true;
                }
                None => {
                    out.stderr.push_str(&format!("cat: {a}: No such file or directory\n"));
                    failed = true;
                }
            },
            Err(e) => {
                out.stderr.push_str(&format!("cat: {a}: {}\n", e.text()));
                failed = true;
            }
        }
    }
    if failed {
        out.exit_code = 1;
    }
}

/// Names laid out as `ls` does on an 80-column terminal: down the columns, each as wide as its
/// longest name plus two spaces (the last column unpadded), as many columns as fit.
fn columns(names: &[String]) -> String {
    if names.is_empty() {
        return String::new();
    }
    let width = |s: &String| s.chars().count();
    let mut best = 1;
    for cols in (1..=names.len()).rev() {
        let rows = names.len().div_ceil(cols);
        let cols_used = names.len().div_ceil(rows);
        let mut total = 0;
        for c in 0..cols_used {
            let w = names.iter().skip(c * rows).take(rows).map(width).max().unwrap_or(0);
            total += if c + 1 == cols_used { w } else { w + 2 };
        }
        if total < 80 {
            best = cols;
            break;
        }
    }
    let rows = names.len().div_ceil(best);
    let cols_used = names.len().div_ceil(rows);
    let widths: Vec<usize> =
        (0..cols_used).map(|c| names.iter().skip(c * rows).take(rows).map(width).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for r in 0..rows {
        let mut pos = 0;
        let mut target = 0;
        for (c, w) in widths.iter().enumerate() {
            let Some(n) = names.get(c * rows + r) else { break };
            if c > 0 {
                indent(&mut out, pos, target);
                pos = target;
            }
            out.push_str(n);
            pos += width(n);
            target += w + 2;
        }
        out.push('\n');
    }
    out
}

/// GNU ls's padding: a tab wherever one reaches a tab stop (every 8) not past the target,
/// spaces for the rest.
fn indent(out: &mut String, mut from: usize, to: usize) {
    while from < to {
        if to / 8 > (from + 1) / 8 {
            out.push('\t');
            from += 8 - from % 8;
        } else {
            out.push(' ');
            from += 1;
        }
    }
}

/// `ls -l`'s date: `Mar  2 08:00`.
fn ls_date(unix: i64) -> String {
    let d = crate::text::rfc3339(unix);
    // 2026-03-02T08:00:00Z
    let month: usize = d.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    let day: u32 = d.get(8..10).and_then(|m| m.parse().ok()).unwrap_or(1);
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!("{} {day:>2} {}", MONTHS[(month.max(1) - 1) % 12], d.get(11..16).unwrap_or("00:00"))
}

/// `ls [-l] [-a] [PATH...]`.
pub(crate) fn ls(home: &Home, args: &[String], out: &mut Output) {
    let (mut long, mut all) = (false, false);
    let mut paths = Vec::new();
    for a in args {
        match a.strip_prefix('-') {
            Some(flags) if !flags.is_empty() => {
                for f in flags.chars() {
                    match f {
                        'l' => long = true,
                        'a' => all = true,
                        '1' | 'h' | 'F' => {}
                        other => {
                            out.err(&format!("ls: invalid option -- '{other}'\nTry 'ls --help' for more information."));
                            out.exit_code = 2;
                            return;
                        }
                    }
                }
            }
            _ => paths.push(a.clone()),
        }
    }
    if paths.is_empty() {
        paths.push(".".into());
    }
    let many = paths.len() > 1;
    let mut blocks = Vec::new();
    for p in &paths {
        let abs = match home.resolve(p) {
            Ok(a) => a,
            Err(e) => {
                out.stderr.push_str(&format!("ls: cannot access '{p}': {}\n", e.text()));
                out.exit_code = 2;
                continue;
            }
        };
        if let Some(f) = home.files.get(&abs) {
            let text = if long {
                format!("-rw-r--r-- 1 student student {} {} {p}\n", f.text.len(), ls_date(f.mtime))
            } else {
                format!("{p}\n")
            };
            blocks.push(text);
            continue;
        }
        if !home.is_dir(&abs) {
            out.stderr.push_str(&format!("ls: cannot access '{p}': No such file or directory\n"));
            out.exit_code = 2;
            continue;
        }
        let entries = home.entries(&abs, all);
        let mut text = if many { format!("{p}:\n") } else { String::new() };
        if long {
            let rows: Vec<(String, String, String)> = entries
                .iter()
                .map(|(name, is_dir)| {
                    let child = if name == "." {
                        abs.clone()
                    } else if name == ".." {
                        abs.rsplit_once('/')
                            .map(|(a, _)| if a.is_empty() { "/".to_string() } else { a.to_string() })
                            .unwrap_or_default()
                    } else if abs == "/" {
                        format!("/{name}")
                    } else {
                        format!("{abs}/{name}")
                    };
                    if *is_dir {
                        let subdirs = home.entries(&child, false).iter().filter(|(_, d)| *d).count();
                        (
                            "d".to_string() + "rwxr-xr-x",
                            format!("{}", 2 + subdirs),
                            format!("4096 {} {name}", ls_date(home.dir_mtime(&child))),
                        )
                    } else {
                        let f = home.files.get(&child);
                        let (len, t) = f.map(|f| (f.text.len(), f.mtime)).unwrap_or((0, 0));
                        ("-rw-r--r--".to_string(), "1".to_string(), format!("{len} {} {name}", ls_date(t)))
                    }
                })
                .collect();
            let total: usize = entries
                .iter()
                .map(|(name, d)| {
                    if *d {
                        4
                    } else {
                        let len = home.files.get(&format!("{abs}/{name}")).map(|f| f.text.len()).unwrap_or(0);
                        len.div_ceil(4096) * 4
                    }
                })
                .sum();
            text.push_str(&format!("total {total}\n"));
            let lw = rows.iter().map(|r| r.1.len()).max().unwrap_or(1);
            let sw = rows.iter().map(|r| r.2.split(' ').next().unwrap_or("").len()).max().unwrap_or(1);
            for (mode, links, rest) in rows {
                let (size, tail) = rest.split_once(' ').unwrap_or((&rest, ""));
                text.push_str(&format!("{mode} {links:>lw$} student student {size:>sw$} {tail}\n"));
            }
        } else {
            let names: Vec<String> = entries.into_iter().map(|(n, _)| n).collect();
            text.push_str(&columns(&names));
        }
        blocks.push(text);
    }
    out.stdout.push_str(&blocks.join("\n"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_and_hostile_ones_are_refused() {
        let h = Home::default();
        assert_eq!(h.resolve("a/../../..//etc/./x"), Ok("/etc/x".to_string()));
        assert_eq!(h.resolve("../../../../.."), Ok("/".to_string()));
        assert_eq!(h.resolve("~/app"), Ok("/home/student/app".to_string()));
        assert_eq!(h.resolve("a\0b"), Err(PathError::Invalid));
        assert_eq!(h.resolve(&"x".repeat(300)), Err(PathError::TooLong));
        assert_eq!(h.resolve(&"x/".repeat(3000)), Err(PathError::TooLong));
    }

    #[test]
    fn ls_lays_names_out_in_columns() {
        let names: Vec<String> = ["a", "bb", "ccc"].iter().map(|s| s.to_string()).collect();
        assert_eq!(columns(&names), "a  bb  ccc\n");
        let many: Vec<String> = (0..30).map(|i| format!("file-{i:02}.yaml")).collect();
        let text = columns(&many);
        assert!(text.lines().all(|l| l.len() < 80), "{text}");
        assert!(text.starts_with("file-00.yaml  file-06.yaml  file-12.yaml  file-18.yaml\tfile-24.yaml\n"), "{text}");
    }
}
