//! `git status`, `diff`, `add`, `rm`, `commit`, `log` and `show`.

use super::{fatal, short, Cx, Head, LocalRepo};
use crate::Output;
use kubelab_sim::git::diff;
use kubelab_sim::git::repo::Files;
use std::collections::BTreeSet;

/// The tracking line(s) of `git status` for the current branch, with the blank line after.
pub(crate) fn tracking(repo: &LocalRepo) -> String {
    let Some(b) = repo.branch() else { return String::new() };
    let Some(up) = repo.upstream.get(b) else { return String::new() };
    let Some(remote) = repo.remote.get(up) else {
        return format!("Your branch is based on 'origin/{up}', but the upstream is gone.\n  (use \"git branch --unset-upstream\" to fixup)\n\n");
    };
    let Some(local) = repo.head_commit() else { return String::new() };
    let ahead = repo.repo.count_between(remote, &local);
    let behind = repo.repo.count_between(&local, remote);
    let commits = |n: usize| if n == 1 { "1 commit".to_string() } else { format!("{n} commits") };
    let text = match (ahead, behind) {
        (0, 0) => format!("Your branch is up to date with 'origin/{up}'.\n"),
        (a, 0) => format!("Your branch is ahead of 'origin/{up}' by {}.\n  (use \"git push\" to publish your local commits)\n", commits(a)),
        (0, b) => format!("Your branch is behind 'origin/{up}' by {}, and can be fast-forwarded.\n  (use \"git pull\" to update your local branch)\n", commits(b)),
        (a, b) => format!("Your branch and 'origin/{up}' have diverged,\nand have {a} and {b} different commits each, respectively.\n  (use \"git pull\" if you want to integrate the remote branch with yours)\n"),
    };
    format!("{text}\n")
}

fn label(kind: &str) -> String {
    format!("{:<12}", format!("{kind}:"))
}

/// `git status` (also what `git commit` prints when there is nothing to commit).
pub(crate) fn status_text(cx: &Cx) -> String {
    let repo = &*cx.repo;
    let head = repo.head_files();
    let index = repo.index_files();
    let work = cx.worktree();
    let mut s = match &repo.head {
        Head::Branch(b) => format!("On branch {b}\n"),
        Head::Detached(id) => format!("HEAD detached at {}\n", short(id)),
    };
    let unborn = repo.head_commit().is_none();
    s.push_str(&tracking(repo));
    if unborn {
        s.push_str("\nNo commits yet\n\n");
    }
    let mut staged = String::new();
    let mut paths: BTreeSet<&String> = head.keys().collect();
    paths.extend(index.keys());
    for p in &paths {
        match (head.get(*p), index.get(*p)) {
            (None, Some(_)) => staged.push_str(&format!("\t{}{}\n", label("new file"), cx.shown(p))),
            (Some(_), None) => staged.push_str(&format!("\t{}{}\n", label("deleted"), cx.shown(p))),
            (Some(a), Some(b)) if a != b => staged.push_str(&format!("\t{}{}\n", label("modified"), cx.shown(p))),
            _ => {}
        }
    }
    let mut unstaged = String::new();
    let mut any_deleted = false;
    for (p, t) in &index {
        match work.get(p) {
            None => {
                any_deleted = true;
                unstaged.push_str(&format!("\t{}{}\n", label("deleted"), cx.shown(p)));
            }
            Some(w) if w != t => unstaged.push_str(&format!("\t{}{}\n", label("modified"), cx.shown(p))),
            _ => {}
        }
    }
    // Untracked files, a directory without tracked files shown once as `dir/`.
    let mut untracked: BTreeSet<String> = BTreeSet::new();
    for p in work.keys().filter(|p| !index.contains_key(*p)) {
        let parts: Vec<&str> = p.split('/').collect();
        let mut shown = p.clone();
        for depth in 1..parts.len() {
            let dir = parts[..depth].join("/");
            let prefix = format!("{dir}/");
            if !index.keys().any(|k| k.starts_with(&prefix)) {
                shown = prefix;
                break;
            }
        }
        untracked.insert(shown);
    }
    if !staged.is_empty() {
        let hint = if unborn { "git rm --cached <file>..." } else { "git restore --staged <file>..." };
        s.push_str(&format!("Changes to be committed:\n  (use \"{hint}\" to unstage)\n{staged}\n"));
    }
    if !unstaged.is_empty() {
        let add = if any_deleted { "git add/rm <file>..." } else { "git add <file>..." };
        s.push_str(&format!("Changes not staged for commit:\n  (use \"{add}\" to update what will be committed)\n  (use \"git restore <file>...\" to discard changes in working directory)\n{unstaged}\n"));
    }
    if !untracked.is_empty() {
        s.push_str("Untracked files:\n  (use \"git add <file>...\" to include in what will be committed)\n");
        for u in &untracked {
            s.push_str(&format!("\t{}\n", cx.shown(u)));
        }
        s.push('\n');
    }
    if staged.is_empty() {
        s.push_str(if !unstaged.is_empty() {
            "no changes added to commit (use \"git add\" and/or \"git commit -a\")\n"
        } else if !untracked.is_empty() {
            "nothing added to commit but untracked files present (use \"git add\" to track)\n"
        } else if unborn {
            "nothing to commit (create/copy files and use \"git add\" to track)\n"
        } else {
            "nothing to commit, working tree clean\n"
        });
    }
    s
}

pub(crate) fn status(cx: &Cx, out: &mut Output) {
    out.stdout.push_str(&status_text(cx));
}

/// Keeps the files under the given paths (all when none).
fn limit(files: &Files, paths: &[String]) -> Files {
    if paths.is_empty() {
        return files.clone();
    }
    files
        .iter()
        .filter(|(p, _)| paths.iter().any(|q| q.is_empty() || *p == q || p.starts_with(&format!("{q}/"))))
        .map(|(p, t)| (p.clone(), t.clone()))
        .collect()
}

/// `git diff [--staged|--cached] [REV] [-- PATH...]`.
pub(crate) fn diff(cx: &Cx, args: &[String], out: &mut Output) {
    let mut staged = false;
    let mut revs = Vec::new();
    let mut paths = Vec::new();
    let mut after_dashes = false;
    for a in args {
        match a.as_str() {
            "--" => after_dashes = true,
            "--staged" | "--cached" => staged = true,
            _ if after_dashes => paths.push(a.clone()),
            s if s.starts_with('-') => {}
            _ => {
                if cx.repo.resolve(a).is_some() {
                    revs.push(a.clone());
                } else if cx.repo_path(a).is_some_and(|p| {
                    cx.worktree().keys().any(|k| *k == p || k.starts_with(&format!("{p}/")))
                        || cx.repo.index.contains_key(&p)
                }) {
                    paths.push(a.clone());
                } else {
                    return ambiguous(out, a);
                }
            }
        }
    }
    let paths: Vec<String> = paths.iter().filter_map(|p| cx.repo_path(p)).collect();
    let (old, new) = match (revs.as_slice(), staged) {
        ([], false) => (cx.repo.index_files(), cx.worktree()),
        ([], true) => (cx.repo.head_files(), cx.repo.index_files()),
        ([r], s) => {
            let base = cx.repo.resolve(r).map(|id| cx.repo.repo.files_at(&id)).unwrap_or_default();
            (base, if s { cx.repo.index_files() } else { cx.worktree() })
        }
        ([a, b, ..], _) => {
            let f = |r: &String| cx.repo.resolve(r).map(|id| cx.repo.repo.files_at(&id)).unwrap_or_default();
            (f(a), f(b))
        }
    };
    // Untracked files are not part of `git diff`.
    let new = if revs.len() < 2 && !staged {
        new.into_iter().filter(|(p, _)| cx.repo.index.contains_key(p) || old.contains_key(p)).collect()
    } else {
        new
    };
    out.stdout.push_str(&diff::tree_diff(&limit(&old, &paths), &limit(&new, &paths)));
}

pub(crate) fn ambiguous(out: &mut Output, arg: &str) {
    fatal(out, &format!("ambiguous argument '{arg}': unknown revision or path not in the working tree.\nUse '--' to separate paths from revisions, like this:\n'git <command> [<revision>...] -- [<file>...]'"));
}

/// `git add PATH...` (`.`, `-A`, directories).
pub(crate) fn add(cx: &mut Cx, args: &[String], out: &mut Output) {
    let all = args.iter().any(|a| a == "-A" || a == "--all");
    let specs: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if specs.is_empty() && !all {
        out.err("Nothing specified, nothing added.\nhint: Maybe you wanted to say 'git add .'?\nhint: Disable this message with \"git config set advice.addEmptyPathspec false\"");
        out.exit_code = 0;
        return;
    }
    let work = cx.worktree();
    let mut index = cx.repo.index_files();
    let mut targets: Vec<String> = Vec::new();
    if all && specs.is_empty() {
        targets.push(String::new());
    }
    for s in specs {
        let Some(p) = cx.repo_path(s) else {
            return fatal(out, &format!("{s}: '{s}' is outside repository at '{}'", cx.root));
        };
        let known = p.is_empty() || work.keys().chain(index.keys()).any(|k| *k == p || k.starts_with(&format!("{p}/")));
        if !known {
            return fatal(out, &format!("pathspec '{s}' did not match any files"));
        }
        targets.push(p);
    }
    let under = |k: &str, t: &str| t.is_empty() || k == t || k.starts_with(&format!("{t}/"));
    for t in &targets {
        index.retain(|k, _| !under(k, t) || work.contains_key(k));
        for (k, v) in work.iter().filter(|(k, _)| under(k, t)) {
            index.insert(k.clone(), v.clone());
        }
    }
    cx.repo.set_index(&index);
}

/// `git rm [--cached] PATH...`.
pub(crate) fn rm(cx: &mut Cx, args: &[String], out: &mut Output) {
    let cached = args.iter().any(|a| a == "--cached");
    let mut index = cx.repo.index_files();
    let mut removed = Vec::new();
    for s in args.iter().filter(|a| !a.starts_with('-')) {
        let Some(p) = cx.repo_path(s).filter(|p| index.contains_key(p)) else {
            return fatal(out, &format!("pathspec '{s}' did not match any files"));
        };
        removed.push(p);
    }
    for p in removed {
        index.remove(&p);
        if !cached {
            cx.home.files.remove(&format!("{}/{p}", cx.root));
        }
        out.stdout.push_str(&format!("rm '{p}'\n"));
    }
    cx.repo.set_index(&index);
}

/// `git commit -m MSG [-a]`.
pub(crate) fn commit(cx: &mut Cx, args: &[String], out: &mut Output) {
    let mut messages: Vec<String> = Vec::new();
    let mut all = false;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "-a" | "--all" => all = true,
            "-m" | "--message" | "-am" => {
                all |= a == "-am";
                match args.get(i + 1) {
                    Some(m) => messages.push(m.clone()),
                    None => {
                        out.err("error: switch `m' requires a value");
                        out.exit_code = 129;
                        return;
                    }
                }
                i += 1;
            }
            s if s.starts_with("--message=") => messages.push(s["--message=".len()..].to_string()),
            s if s.starts_with("-m") => messages.push(s[2..].to_string()),
            _ => {}
        }
        i += 1;
    }
    if all {
        let work = cx.worktree();
        let mut index = cx.repo.index_files();
        let tracked: Vec<String> = index.keys().cloned().collect();
        for p in tracked {
            match work.get(&p) {
                Some(t) => index.insert(p, t.clone()),
                None => index.remove(&p),
            };
        }
        cx.repo.set_index(&index);
    }
    let index = cx.repo.index_files();
    let head = cx.repo.head_files();
    if index == head && cx.repo.head_commit().is_some() || (index.is_empty() && cx.repo.head_commit().is_none()) {
        out.stdout.push_str(&status_text(cx));
        out.exit_code = 1;
        return;
    }
    if messages.is_empty() {
        out.err("error: this lab's git opens no editor: give the message with -m \"...\"");
        return;
    }
    let message = messages.join("\n\n");
    if message.trim().is_empty() {
        out.err("Aborting commit due to empty commit message.");
        return;
    }
    let parents: Vec<String> = cx.repo.head_commit().into_iter().collect();
    let root = parents.is_empty();
    let me = cx.me();
    let id = cx.repo.repo.make_commit(parents, &index, me.clone(), me, &message);
    let place = match cx.repo.head.clone() {
        Head::Branch(b) => {
            cx.repo.repo.branches.insert(b.clone(), id.clone());
            if root {
                format!("{b} (root-commit)")
            } else {
                b
            }
        }
        Head::Detached(_) => {
            cx.repo.head = Head::Detached(id.clone());
            "detached HEAD".to_string()
        }
    };
    let subject = message.lines().next().unwrap_or_default();
    out.stdout.push_str(&format!("[{place} {}] {subject}\n", short(&id)));
    out.stdout.push_str(&summary(&head, &index));
}

/// The lines after `[main abc1234] msg`: the short stat, then created and deleted files.
pub(crate) fn summary(old: &Files, new: &Files) -> String {
    let mut s = diff::shortstat(old, new);
    s.push('\n');
    for p in new.keys().filter(|p| !old.contains_key(*p)) {
        s.push_str(&format!(" create mode 100644 {p}\n"));
    }
    for p in old.keys().filter(|p| !new.contains_key(*p)) {
        s.push_str(&format!(" delete mode 100644 {p}\n"));
    }
    s
}

fn decorate(list: Option<&Vec<String>>) -> String {
    match list {
        Some(l) if !l.is_empty() => format!(" ({})", l.join(", ")),
        _ => String::new(),
    }
}

/// One `git log` entry (medium format).
fn entry(repo: &LocalRepo, id: &str, decorations: &std::collections::BTreeMap<String, Vec<String>>) -> String {
    let Some(c) = repo.repo.commit(id) else { return String::new() };
    let mut s = format!("commit {id}{}\n", decorate(decorations.get(id)));
    if c.parents.len() > 1 {
        let ps: Vec<&str> = c.parents.iter().map(|p| short(p)).collect();
        s.push_str(&format!("Merge: {}\n", ps.join(" ")));
    }
    s.push_str(&format!("Author: {}\nDate:   {}\n\n", c.author.ident(), crate::text::git_date(c.author.time)));
    for line in c.message.trim_end_matches('\n').lines() {
        s.push_str(&format!("    {line}\n"));
    }
    s
}

/// `git log [--oneline] [-n N | -N] [REV]`.
pub(crate) fn log(cx: &Cx, args: &[String], out: &mut Output) {
    let mut oneline = false;
    let mut first_parent = false;
    let mut limit: Option<usize> = None;
    let mut rev: Option<String> = None;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "--oneline" => oneline = true,
            "--first-parent" => first_parent = true,
            "--decorate" | "--no-decorate" | "--all" => {}
            "-n" | "--max-count" => {
                i += 1;
                match args.get(i).and_then(|n| n.parse().ok()) {
                    Some(n) => limit = Some(n),
                    None => {
                        return fatal(
                            out,
                            &format!("'{}' is not an integer", args.get(i).map(String::as_str).unwrap_or("")),
                        )
                    }
                }
            }
            s if s.starts_with("--max-count=") => limit = s["--max-count=".len()..].parse().ok(),
            s if s.starts_with('-') && s[1..].chars().all(|c| c.is_ascii_digit()) && s.len() > 1 => {
                limit = s[1..].parse().ok()
            }
            s if s.starts_with("-n") && s[2..].chars().all(|c| c.is_ascii_digit()) && s.len() > 2 => {
                limit = s[2..].parse().ok()
            }
            s if s.starts_with('-') => {}
            _ => rev = Some(a.to_string()),
        }
        i += 1;
    }
    let tip = match &rev {
        Some(r) => match cx.repo.resolve(r) {
            Some(id) => id,
            None => return ambiguous(out, r),
        },
        None => match cx.repo.head_commit() {
            Some(id) => id,
            None => {
                let b = cx.repo.branch().unwrap_or("main");
                return fatal(out, &format!("your current branch '{b}' does not have any commits yet"));
            }
        },
    };
    let decorations = cx.repo.decorations();
    let ids = cx.repo.repo.log(&[tip], first_parent);
    let ids = &ids[..limit.unwrap_or(ids.len()).min(ids.len())];
    let mut parts = Vec::new();
    for id in ids {
        if oneline {
            let subject = cx.repo.repo.commit(id).map(|c| c.subject().to_string()).unwrap_or_default();
            parts.push(format!("{}{} {subject}\n", short(id), decorate(decorations.get(id))));
        } else {
            parts.push(entry(cx.repo, id, &decorations));
        }
    }
    out.stdout.push_str(&parts.join(if oneline { "" } else { "\n" }));
}

/// `git show [REV]`: the commit and its diff against its first parent (none for a merge).
pub(crate) fn show(cx: &Cx, args: &[String], out: &mut Output) {
    let stat = args.iter().any(|a| a == "--stat");
    let rev = args.iter().find(|a| !a.starts_with('-')).cloned().unwrap_or_else(|| "HEAD".into());
    let Some(id) = cx.repo.resolve(&rev) else {
        if rev == "HEAD" {
            let b = cx.repo.branch().unwrap_or("main");
            return fatal(out, &format!("your current branch '{b}' does not have any commits yet"));
        }
        return ambiguous(out, &rev);
    };
    let decorations = cx.repo.decorations();
    let mut s = entry(cx.repo, &id, &decorations);
    if let Some(c) = cx.repo.repo.commit(&id) {
        if c.parents.len() <= 1 {
            let old = c.parents.first().map(|p| cx.repo.repo.files_at(p)).unwrap_or_default();
            let new = cx.repo.repo.files_at(&id);
            let d = if stat { super::remote::diffstat(&old, &new) } else { diff::tree_diff(&old, &new) };
            if !d.is_empty() {
                s.push('\n');
                s.push_str(&d);
            }
        }
    }
    out.stdout.push_str(&s);
}
