//! `git clone`, `push`, `pull`, `fetch` and `remote`: the clone's side of the host, through
//! `Cluster::git_write` (so the host's webhook deliveries reach the cluster at once).
//!
//! The host answers as GitHub does: a new branch earns the `remote: Create a pull request ...`
//! lines, a push to a protected `main` is declined with `GH006`.

use super::status::summary;
use super::{fatal, short, Cx, Head, LocalRepo};
use crate::{Console, Output};
use kubelab_sim::git::diff;
use kubelab_sim::git::repo::Files;
use kubelab_sim::git::{owner_and_name, HostError, Repo};
use std::collections::BTreeMap;

/// The URL as git shows it after `From` (without `.git`).
fn display_url(url: &str) -> &str {
    url.strip_suffix(".git").unwrap_or(url)
}

/// `git clone URL [DIR]`.
pub(crate) fn clone(c: &mut Console, args: &[String], out: &mut Output) {
    let words: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let Some(url) = words.first() else {
        out.err("fatal: You must specify a repository to clone.\n\nusage: git clone [<options>] [--] <repo> [<dir>]");
        out.exit_code = 129;
        return;
    };
    let with_git = if url.ends_with(".git") { url.to_string() } else { format!("{url}.git") };
    let found = [url.to_string(), with_git.clone()].into_iter().find(|u| c.cluster.git().repo(u).is_some());
    let name = match words.get(1) {
        Some(d) => d.to_string(),
        None => owner_and_name(url).1,
    };
    let abs = match c.home.resolve(&name) {
        Ok(a) => a,
        Err(e) => {
            out.err(&format!("fatal: could not create work tree dir '{name}': {}", e.text()));
            out.exit_code = 128;
            return;
        }
    };
    if c.home.files.contains_key(&abs) || (c.home.is_dir(&abs) && !c.home.entries(&abs, false).is_empty()) {
        return fatal(out, &format!("destination path '{name}' already exists and is not an empty directory."));
    }
    if name.is_empty() || abs == "/" {
        return fatal(out, "could not create work tree dir: No such file or directory");
    }
    if !abs.starts_with(super::super::fs::HOME) {
        return fatal(out, &format!("could not create leading directories of '{name}': Permission denied"));
    }
    out.stderr.push_str(&format!("Cloning into '{name}'...\n"));
    let Some(url) = found else {
        out.stderr.push_str("remote: Repository not found.\n");
        return fatal(out, &format!("repository '{with_git}/' not found"));
    };
    let Some(host) = c.cluster.git().repo(&url) else { return };
    let mut local = LocalRepo {
        url: url.clone(),
        repo: Repo::default(),
        head: Head::Branch(host.default_branch.clone()),
        index: BTreeMap::new(),
        remote: host.repo.branches.clone(),
        remote_head: Some(host.default_branch.clone()),
        upstream: BTreeMap::new(),
        previous: None,
    };
    for tip in host.repo.branches.values() {
        host.repo.copy_reachable(tip, &mut local.repo);
    }
    let files = match host.repo.branches.get(&host.default_branch) {
        Some(tip) => {
            local.repo.branches.insert(host.default_branch.clone(), tip.clone());
            local.upstream.insert(host.default_branch.clone(), host.default_branch.clone());
            host.repo.files_at(tip)
        }
        None => {
            out.stderr.push_str("warning: You appear to have cloned an empty repository.\n");
            Files::new()
        }
    };
    local.set_index(&files);
    let now = c.cluster.unix_secs(c.cluster.now());
    c.home.dirs.insert(abs.clone());
    for (p, t) in files {
        let _ = c.home.write(&format!("{abs}/{p}"), t, now);
    }
    c.home.clones.insert(abs, local);
}

/// Copies the host's branches into the clone; the `From` block describing what changed.
fn fetch(cx: &mut Cx) -> Result<String, String> {
    let url = cx.repo.url.clone();
    let Some(host) = cx.cluster.git().repo(&url) else {
        return Err(format!("remote: Repository not found.\nfatal: repository '{url}/' not found"));
    };
    let mut lines: Vec<(String, String, String)> = Vec::new();
    for (b, tip) in &host.repo.branches {
        host.repo.copy_reachable(tip, &mut cx.repo.repo);
        match cx.repo.remote.get(b) {
            None => lines.push(("*".into(), "[new branch]".into(), b.clone())),
            Some(old) if old != tip => {
                if cx.repo.repo.is_ancestor(old, tip) {
                    lines.push((" ".into(), format!("{}..{}", short(old), short(tip)), b.clone()));
                } else {
                    lines.push(("+".into(), format!("{}...{}", short(old), short(tip)), format!("{b}\u{0}")));
                }
            }
            _ => {}
        }
    }
    cx.repo.remote.extend(host.repo.branches.iter().map(|(k, v)| (k.clone(), v.clone())));
    if lines.is_empty() {
        return Ok(String::new());
    }
    let width = lines.iter().map(|l| l.2.trim_end_matches('\0').len()).max().unwrap_or(0).max(10);
    let mut s = format!("From {}\n", display_url(&url));
    for (code, summary, b) in lines {
        let (b, forced) = match b.strip_suffix('\0') {
            Some(b) => (b.to_string(), "  (forced update)"),
            None => (b, ""),
        };
        s.push_str(&format!(" {code} {summary:<17} {b:<width$} -> origin/{b}{forced}\n"));
    }
    Ok(s)
}

/// `git fetch`.
pub(crate) fn fetch_cmd(cx: &mut Cx, _args: &[String], out: &mut Output) {
    match fetch(cx) {
        Ok(s) => out.stderr.push_str(&s),
        Err(e) => {
            out.err(&e);
            out.exit_code = 128;
        }
    }
}

/// ` path | 2 +-` lines and the summary, as `git pull` and `--stat` print them.
pub(crate) fn diffstat(old: &Files, new: &Files) -> String {
    let mut rows = Vec::new();
    let mut paths: Vec<&String> = old.keys().chain(new.keys()).collect();
    kubelab_sim::sort::natural(&mut paths);
    paths.dedup();
    for p in paths {
        let (o, n) = (old.get(p), new.get(p));
        if o != n {
            let (i, d) = diff::counts(o.map(String::as_str).unwrap_or(""), n.map(String::as_str).unwrap_or(""));
            rows.push((p.clone(), i, d));
        }
    }
    let nw = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let max = rows.iter().map(|r| r.1 + r.2).max().unwrap_or(0);
    let cw = max.to_string().len();
    // The graph fits the 80-column terminal as git scales it.
    let room = 80usize.saturating_sub(nw + cw + 6).max(10);
    let mut s = String::new();
    for (p, i, d) in rows {
        let (gi, gd) = if max > room {
            let scale = |x: usize| if x == 0 { 0 } else { (x * room / max).max(1) };
            (scale(i), scale(d))
        } else {
            (i, d)
        };
        s.push_str(&format!(" {p:<nw$} | {:>cw$} {}{}\n", i + d, "+".repeat(gi), "-".repeat(gd)));
    }
    // The short stat line (`git pull` adds the created and deleted files after it).
    s.push_str(&diff::shortstat(old, new));
    s.push('\n');
    s
}

/// `git pull`: fetch, then fast-forward the current branch to its upstream.
pub(crate) fn pull(cx: &mut Cx, _args: &[String], out: &mut Output) {
    let Some(branch) = cx.repo.branch().map(str::to_string) else {
        out.err("You are not currently on a branch.\nPlease specify which branch you want to merge with.\nSee git-pull(1) for details.\n\n    git pull <remote> <branch>\n");
        return;
    };
    let from = match fetch(cx) {
        Ok(s) => s,
        Err(e) => {
            out.err(&e);
            out.exit_code = 128;
            return;
        }
    };
    out.stderr.push_str(&from);
    let Some(up) = cx.repo.upstream.get(&branch).cloned() else {
        out.err(&format!("There is no tracking information for the current branch.\nPlease specify which branch you want to merge with.\nSee git-pull(1) for details.\n\n    git pull <remote> <branch>\n\nIf you wish to set tracking information for this branch you can do so with:\n\n    git branch --set-upstream-to=origin/<branch> {branch}\n"));
        return;
    };
    let Some(theirs) = cx.repo.remote.get(&up).cloned() else {
        out.err(&format!("Your configuration specifies to merge with the ref 'refs/heads/{up}'\nfrom the remote, but no such ref was fetched."));
        return;
    };
    let ours = cx.repo.head_commit();
    match &ours {
        Some(o) if cx.repo.repo.is_ancestor(&theirs, o) => {
            out.stdout.push_str("Already up to date.\n");
            return;
        }
        Some(o) if !cx.repo.repo.is_ancestor(o, &theirs) => {
            out.err("hint: You have divergent branches and need to specify how to reconcile them.\nhint: You can do so by running one of the following commands sometime before\nhint: your next pull:\nhint:\nhint:   git config pull.rebase false  # merge\nhint:   git config pull.rebase true   # rebase\nhint:   git config pull.ff only       # fast-forward only\nhint:\nhint: You can replace \"git config\" with \"git config --global\" to set a default\nhint: preference for all repositories. You can also pass --rebase, --no-rebase,\nhint: or --ff-only on the command line to override the configured default per\nhint: invocation.\nfatal: Need to specify how to reconcile divergent branches.");
            out.exit_code = 128;
            return;
        }
        _ => {}
    }
    let old = cx.repo.head_files();
    let new = cx.repo.repo.files_at(&theirs);
    let mut out2 = Output::default();
    if !move_for_merge(cx, &old, &new, &mut out2) {
        if let Some(o) = &ours {
            out.stdout.push_str(&format!("Updating {}..{}\n", short(o), short(&theirs)));
        }
        out.stderr.push_str(&out2.stderr);
        out.exit_code = 1;
        return;
    }
    cx.repo.repo.branches.insert(branch, theirs.clone());
    if let Some(o) = ours {
        out.stdout.push_str(&format!("Updating {}..{}\nFast-forward\n", short(&o), short(&theirs)));
        out.stdout.push_str(&diffstat(&old, &new));
        let modes = summary(&old, &new);
        out.stdout.push_str(modes.split_once('\n').map(|(_, rest)| rest).unwrap_or(""));
    }
}

/// The fast-forward's change to the index and working tree (refused over local changes).
fn move_for_merge(cx: &mut Cx, old: &Files, new: &Files, out: &mut Output) -> bool {
    let index = cx.repo.index_files();
    let work = cx.worktree();
    let mut changed: Vec<&String> = old.keys().chain(new.keys()).filter(|p| old.get(*p) != new.get(*p)).collect();
    kubelab_sim::sort::natural(&mut changed);
    changed.dedup();
    let dirty: Vec<&&String> = changed
        .iter()
        .filter(|p| index.get(**p) != old.get(**p) || (index.contains_key(**p) && work.get(**p) != index.get(**p)))
        .collect();
    if !dirty.is_empty() {
        let list: String = dirty.iter().map(|p| format!("\t{p}\n")).collect();
        out.err(&format!("error: Your local changes to the following files would be overwritten by merge:\n{list}Please commit your changes or stash them before you merge.\nAborting"));
        return false;
    }
    let mut idx = index;
    for p in &changed {
        match new.get(*p) {
            Some(t) => idx.insert((*p).clone(), t.clone()),
            None => idx.remove(*p),
        };
    }
    cx.checkout_tree(old, new);
    cx.repo.set_index(&idx);
    true
}

/// `git remote [-v]`.
pub(crate) fn remote(cx: &Cx, args: &[String], out: &mut Output) {
    if args.iter().any(|a| a == "-v" || a == "--verbose") {
        let url = &cx.repo.url;
        out.stdout.push_str(&format!("origin\t{url} (fetch)\norigin\t{url} (push)\n"));
    } else {
        out.stdout.push_str("origin\n");
    }
}

/// `git push [-u] [-f] [origin [SRC[:DST]]]` and `git push origin --delete BRANCH`.
pub(crate) fn push(cx: &mut Cx, args: &[String], out: &mut Output) {
    let mut set_upstream = false;
    let mut force = false;
    let mut delete = false;
    let mut words: Vec<String> = Vec::new();
    for a in args {
        match a.as_str() {
            "-u" | "--set-upstream" => set_upstream = true,
            "-f" | "--force" | "--force-with-lease" => force = true,
            "-d" | "--delete" => delete = true,
            s if s.starts_with('-') => {}
            s => words.push(s.to_string()),
        }
    }
    let remote_name = words.first().cloned().unwrap_or_else(|| "origin".into());
    let current = cx.repo.branch().map(str::to_string);
    if words.len() < 2 && current.is_none() {
        return fatal(out, &format!("You are not currently on a branch.\nTo push the history leading to the current (detached HEAD)\nstate now, use\n\n    git push {remote_name} HEAD:<name-of-remote-branch>\n"));
    }
    if remote_name != "origin" {
        return fatal(out, &format!("'{remote_name}' does not appear to be a git repository\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists."));
    }
    let url = cx.repo.url.clone();
    let (src, dst) = match words.get(1) {
        Some(spec) => match spec.split_once(':') {
            Some((s, d)) => (s.to_string(), d.trim_start_matches("refs/heads/").to_string()),
            None => (spec.clone(), spec.trim_start_matches("refs/heads/").to_string()),
        },
        None => {
            let b = current.clone().unwrap_or_default();
            match cx.repo.upstream.get(&b) {
                Some(up) if *up == b || set_upstream => (b.clone(), up.clone()),
                _ if set_upstream => (b.clone(), b.clone()),
                _ => {
                    return fatal(out, &format!("The current branch {b} has no upstream branch.\nTo push the current branch and set the remote as upstream, use\n\n    git push --set-upstream origin {b}\n\nTo have this happen automatically for branches without a tracking\nupstream, see 'push.autoSetupRemote' in 'git help config'.\n"));
                }
            }
        }
    };
    if delete {
        let now = cx.cluster.now();
        let done = cx.cluster.git_write(|f, _| f.delete_branch(&url, &dst, now));
        match done {
            Ok(()) => {
                cx.repo.remote.remove(&dst);
                out.stderr.push_str(&format!("To {url}\n - [deleted]         {dst}\n"));
            }
            Err(_) => out.err(&format!("error: unable to delete '{dst}': remote ref does not exist\nerror: failed to push some refs to '{url}'")),
        }
        return;
    }
    let Some(id) =
        cx.repo.resolve(&src).filter(|_| src == "HEAD" || cx.repo.repo.branches.contains_key(&src) || src.len() >= 4)
    else {
        out.err(&format!("error: src refspec {src} does not match any\nerror: failed to push some refs to '{url}'"));
        return;
    };
    let now = cx.cluster.now();
    let local = cx.repo.repo.clone();
    let known_old = cx.cluster.git().repo(&url).and_then(|h| h.repo.branches.get(&dst).cloned());
    let result = cx.cluster.git_write(|f, _| f.push(&url, &local, &dst, Some(&id), force, now));
    let src_name = if src == "HEAD" { current.clone().unwrap_or_else(|| "HEAD".into()) } else { src.clone() };
    match result {
        Ok(pushed) => {
            let line = match &pushed.old {
                None => {
                    let (owner, name) = owner_and_name(&url);
                    out.stderr.push_str(&format!("remote: \nremote: Create a pull request for '{dst}' on GitHub by visiting:\nremote:      https://git.lab/{owner}/{name}/pull/new/{dst}\nremote: \n"));
                    format!(" * [new branch]      {src_name} -> {dst}\n")
                }
                Some(old) if *old == id => {
                    out.stderr.push_str("Everything up-to-date\n");
                    String::new()
                }
                Some(old) if force && !cx.repo.repo.is_ancestor(old, &id) => {
                    format!(" + {}...{} {src_name} -> {dst} (forced update)\n", short(old), short(&id))
                }
                Some(old) => format!("   {}..{}  {src_name} -> {dst}\n", short(old), short(&id)),
            };
            if !line.is_empty() {
                out.stderr.push_str(&format!("To {url}\n{line}"));
            }
            cx.repo.remote.insert(dst.clone(), id);
            if set_upstream {
                if let Some(b) = current.filter(|b| *b == src_name) {
                    cx.repo.upstream.insert(b.clone(), dst.clone());
                    out.stdout.push_str(&format!("branch '{b}' set up to track 'origin/{dst}'.\n"));
                }
            }
        }
        Err(HostError::Protected(b)) => {
            out.stderr.push_str(&format!("remote: error: GH006: Protected branch update failed for refs/heads/{b}.\nremote: error: Changes must be made through a pull request.\nTo {url}\n ! [remote rejected] {src_name} -> {dst} (protected branch hook declined)\n"));
            out.err(&format!("error: failed to push some refs to '{url}'"));
        }
        Err(HostError::NonFastForward) => {
            let have = known_old.as_deref().is_some_and(|o| cx.repo.repo.commit(o).is_some());
            let (why, hint) = if have {
                ("non-fast-forward", "hint: Updates were rejected because the tip of your current branch is behind\nhint: its remote counterpart. If you want to integrate the remote changes,\nhint: use 'git pull' before pushing again.\n")
            } else {
                ("fetch first", "hint: Updates were rejected because the remote contains work that you do not\nhint: have locally. This is usually caused by another repository pushing to\nhint: the same ref. If you want to integrate the remote changes, use\nhint: 'git pull' before pushing again.\n")
            };
            out.stderr.push_str(&format!("To {url}\n ! [rejected]        {src_name} -> {dst} ({why})\n"));
            out.err(&format!("error: failed to push some refs to '{url}'\n{hint}hint: See the 'Note about fast-forwards' in 'git push --help' for details."));
        }
        Err(HostError::RepoNotFound) => {
            out.stderr.push_str("remote: Repository not found.\n");
            fatal(out, &format!("repository '{url}/' not found"));
        }
        Err(e) => out.err(&format!("error: failed to push some refs to '{url}' ({e:?})")),
    }
}
