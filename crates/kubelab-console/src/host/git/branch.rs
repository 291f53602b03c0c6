//! `git branch`, `checkout`, `switch`, `restore`, `reset` and `revert`.

use super::status::{summary, tracking};
use super::{fatal, short, Cx, Head};
use crate::Output;
use kubelab_sim::git::repo::{merge3, Files};

/// git's `check-ref-format` rules for a branch name.
pub(crate) fn valid_branch_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && !name.starts_with('-')
        && !name.starts_with('/')
        && !name.ends_with('/')
        && !name.ends_with('.')
        && !name.ends_with(".lock")
        && !name.contains("..")
        && !name.contains("//")
        && !name.contains("@{")
        && name != "@"
        && !name.split('/').any(|c| c.starts_with('.'))
        && !name.chars().any(|c| c.is_control() || " ~^:?*[\\".contains(c))
}

fn invalid_name(out: &mut Output, name: &str) {
    fatal(
        out,
        &format!("'{name}' is not a valid branch name\nhint: See `man git check-ref-format`\nhint: Disable this message with \"git config advice.refSyntax false\""),
    );
}

/// `git branch [-a|-r] [-d|-D NAME] [NAME [START]]`.
pub(crate) fn branch(cx: &mut Cx, args: &[String], out: &mut Output) {
    let flags: Vec<&str> = args.iter().map(String::as_str).filter(|a| a.starts_with('-')).collect();
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if let Some(f) = flags.iter().find(|f| matches!(**f, "-d" | "-D" | "--delete")) {
        let force = *f == "-D";
        if names.is_empty() {
            return fatal(out, "branch name required");
        }
        for n in names {
            if cx.repo.branch() == Some(n.as_str()) {
                out.err(&format!("error: cannot delete branch '{n}' used by worktree at '{}'", cx.root));
                continue;
            }
            let Some(id) = cx.repo.repo.branches.get(n.as_str()).cloned() else {
                out.err(&format!("error: branch '{n}' not found"));
                continue;
            };
            let merged_into =
                cx.repo.upstream.get(n.as_str()).and_then(|u| cx.repo.remote.get(u)).cloned().or(cx.repo.head_commit());
            if !force && !merged_into.is_some_and(|h| cx.repo.repo.is_ancestor(&id, &h)) {
                out.err(&format!("error: the branch '{n}' is not fully merged\nhint: If you are sure you want to delete it, run 'git branch -D {n}'\nhint: Disable this message with \"git config advice.forceDeleteBranch false\""));
                continue;
            }
            if !force && !cx.repo.head_commit().is_some_and(|h| cx.repo.repo.is_ancestor(&id, &h)) {
                let up = cx.repo.upstream.get(n.as_str()).cloned().unwrap_or_default();
                out.stderr.push_str(&format!("warning: deleting branch '{n}' that has been merged to\n         'refs/remotes/origin/{up}', but not yet merged to HEAD\n"));
            }
            cx.repo.repo.branches.remove(n.as_str());
            cx.repo.upstream.remove(n.as_str());
            out.stdout.push_str(&format!("Deleted branch {n} (was {}).\n", short(&id)));
        }
        return;
    }
    if let Some(name) = names.first() {
        if !valid_branch_name(name) {
            return invalid_name(out, name);
        }
        if cx.repo.repo.branches.contains_key(name.as_str()) {
            return fatal(out, &format!("a branch named '{name}' already exists"));
        }
        let start = names.get(1).map(|s| s.as_str()).unwrap_or("HEAD");
        let Some(id) = cx.repo.resolve(start) else {
            return fatal(out, &format!("not a valid object name: '{start}'"));
        };
        cx.repo.repo.branches.insert(name.to_string(), id);
        return;
    }
    let all = flags.iter().any(|f| matches!(*f, "-a" | "--all"));
    let remotes_only = flags.iter().any(|f| matches!(*f, "-r" | "--remotes"));
    let mut s = String::new();
    if !remotes_only {
        if let Head::Detached(id) = &cx.repo.head {
            s.push_str(&format!("* (HEAD detached at {})\n", short(id)));
        }
        for b in cx.repo.repo.branches.keys() {
            let mark = if cx.repo.branch() == Some(b.as_str()) { "* " } else { "  " };
            s.push_str(&format!("{mark}{b}\n"));
        }
    }
    if all || remotes_only {
        let prefix = if all { "remotes/" } else { "" };
        if let Some(h) = &cx.repo.remote_head {
            s.push_str(&format!("  {prefix}origin/HEAD -> origin/{h}\n"));
        }
        for b in cx.repo.remote.keys() {
            s.push_str(&format!("  {prefix}origin/{b}\n"));
        }
    }
    out.stdout.push_str(&s);
}

/// Moves HEAD's tree from the current commit's to `target`'s, keeping local changes to paths
/// the two commits agree on; the paths in the way otherwise.
fn move_tree(cx: &mut Cx, target: &Files, verb: &str, out: &mut Output) -> bool {
    let head = cx.repo.head_files();
    let mut index = cx.repo.index_files();
    let work = cx.worktree();
    let mut changed: Vec<&String> =
        head.keys().chain(target.keys()).filter(|p| head.get(*p) != target.get(*p)).collect();
    kubelab_sim::sort::natural(&mut changed);
    changed.dedup();
    let dirty: Vec<&String> = changed
        .iter()
        .copied()
        .filter(|p| index.get(*p) != head.get(*p) || (index.contains_key(*p) && work.get(*p) != index.get(*p)))
        .collect();
    if !dirty.is_empty() {
        let list: String = dirty.iter().map(|p| format!("\t{p}\n")).collect();
        let what = if verb == "merge" { "merge" } else { "switch branches" };
        out.err(&format!("error: Your local changes to the following files would be overwritten by {verb}:\n{list}Please commit your changes or stash them before you {what}.\nAborting"));
        return false;
    }
    let untracked: Vec<&String> = changed
        .iter()
        .copied()
        .filter(|p| !index.contains_key(*p) && work.contains_key(*p) && target.contains_key(*p))
        .collect();
    if !untracked.is_empty() {
        let list: String = untracked.iter().map(|p| format!("\t{p}\n")).collect();
        out.err(&format!("error: The following untracked working tree files would be overwritten by {verb}:\n{list}Please move or remove them before you switch branches.\nAborting"));
        return false;
    }
    let mut old = Files::new();
    let mut new = Files::new();
    for p in changed {
        if let Some(t) = head.get(p) {
            old.insert(p.clone(), t.clone());
        }
        match target.get(p) {
            Some(t) => {
                new.insert(p.clone(), t.clone());
                index.insert(p.clone(), t.clone());
            }
            None => {
                index.remove(p);
            }
        }
    }
    cx.checkout_tree(&old, &new);
    cx.repo.set_index(&index);
    true
}

fn here(cx: &Cx) -> String {
    match &cx.repo.head {
        Head::Branch(b) => b.clone(),
        Head::Detached(id) => id.clone(),
    }
}

const DETACHED_ADVICE: &str = "You are in 'detached HEAD' state. You can look around, make experimental
changes and commit them, and you can discard any commits you make in this
state without impacting any branches by switching back to a branch.

If you want to create a new branch to retain commits you create, you may
do so (now or later) by using -c with the switch command. Example:

  git switch -c <new-branch-name>

Or undo this operation with:

  git switch -

Turn off this advice by setting config variable advice.detachedHead to false
";

/// `git checkout [-b NAME] [REV|BRANCH]`, `git checkout [--] PATH...` and `git switch [-c NAME]
/// [BRANCH]` (`switch` true).
pub(crate) fn checkout(cx: &mut Cx, args: &[String], switch: bool, out: &mut Output) {
    let mut create: Option<String> = None;
    let mut detach = false;
    let mut words: Vec<String> = Vec::new();
    let mut dashes = false;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "--" => dashes = true,
            "-b" | "-B" | "-c" | "-C" | "--create" => {
                let ok = if switch { matches!(a, "-c" | "-C" | "--create") } else { matches!(a, "-b" | "-B") };
                if !ok {
                    out.err(&format!("error: unknown switch `{}'", a.trim_start_matches('-')));
                    out.exit_code = 129;
                    return;
                }
                i += 1;
                match args.get(i) {
                    Some(n) => create = Some(n.clone()),
                    None => {
                        out.err(&format!("error: switch `{}' requires a value", a.trim_start_matches('-')));
                        out.exit_code = 129;
                        return;
                    }
                }
            }
            "--detach" | "-d" => detach = true,
            "-q" | "--quiet" => {}
            _ if dashes => words.push(format!("--{a}")),
            _ => words.push(a.to_string()),
        }
        i += 1;
    }
    // Paths after `--` (checkout only): restore them from the index.
    let paths: Vec<String> = words.iter().filter_map(|w| w.strip_prefix("--").map(str::to_string)).collect();
    if !paths.is_empty() && !switch {
        return restore_paths(cx, &paths, out);
    }
    let target = words.first().cloned();
    if let Some(name) = create {
        if !valid_branch_name(&name) {
            return invalid_name(out, &name);
        }
        if cx.repo.repo.branches.contains_key(&name) {
            return fatal(out, &format!("a branch named '{name}' already exists"));
        }
        let start = target.clone().unwrap_or_else(|| "HEAD".into());
        let id = cx.repo.resolve(&start);
        if id.is_none() && cx.repo.head_commit().is_some() {
            return fatal(out, &format!("'{start}' is not a commit and a branch '{name}' cannot be created from it"));
        }
        if let Some(id) = &id {
            let files = cx.repo.repo.files_at(id);
            if !move_tree(cx, &files, "checkout", out) {
                return;
            }
            cx.repo.repo.branches.insert(name.clone(), id.clone());
        }
        // A start point on origin sets the upstream, as branch.autoSetupMerge does.
        let upstream =
            target.as_deref().and_then(|t| t.strip_prefix("origin/")).filter(|b| cx.repo.remote.contains_key(*b));
        if let Some(up) = upstream {
            cx.repo.upstream.insert(name.clone(), up.to_string());
            out.stdout.push_str(&format!("branch '{name}' set up to track 'origin/{up}'.\n"));
        }
        cx.repo.previous = Some(here(cx));
        cx.repo.head = Head::Branch(name.clone());
        out.stderr.push_str(&format!("Switched to a new branch '{name}'\n"));
        return;
    }
    let Some(mut target) = target else {
        if switch {
            fatal(out, "missing branch or commit argument");
        } else {
            // `git checkout` alone reports the tracking state.
            out.stdout.push_str(tracking(cx.repo).trim_end_matches('\n'));
            if !out.stdout.is_empty() {
                out.stdout.push('\n');
            }
        }
        return;
    };
    if target == "-" {
        match cx.repo.previous.clone() {
            Some(p) => target = p,
            None => return fatal(out, "invalid reference: @{-1}"),
        }
    }
    let leaving_detached = match &cx.repo.head {
        Head::Detached(id) => {
            let subject = cx.repo.repo.commit(id).map(|c| c.subject().to_string()).unwrap_or_default();
            Some(format!("Previous HEAD position was {} {subject}\n", short(id)))
        }
        Head::Branch(_) => None,
    };
    if !detach && cx.repo.repo.branches.contains_key(&target) {
        if cx.repo.branch() == Some(target.as_str()) {
            out.stderr.push_str(&format!("Already on '{target}'\n"));
            out.stdout.push_str(tracking(cx.repo).trim_end_matches('\n'));
            if !out.stdout.is_empty() {
                out.stdout.push('\n');
            }
            return;
        }
        let id = cx.repo.repo.branches.get(&target).cloned().unwrap_or_default();
        let files = cx.repo.repo.files_at(&id);
        if !move_tree(cx, &files, "checkout", out) {
            return;
        }
        cx.repo.previous = Some(here(cx));
        cx.repo.head = Head::Branch(target.clone());
        out.stderr.push_str(&leaving_detached.unwrap_or_default());
        out.stderr.push_str(&format!("Switched to branch '{target}'\n"));
        out.stdout.push_str(tracking(cx.repo).trim_end_matches('\n'));
        if !out.stdout.is_empty() {
            out.stdout.push('\n');
        }
        return;
    }
    if !detach && !target.contains('/') {
        if let Some(id) = cx.repo.remote.get(&target).cloned() {
            let files = cx.repo.repo.files_at(&id);
            if !move_tree(cx, &files, "checkout", out) {
                return;
            }
            cx.repo.repo.branches.insert(target.clone(), id);
            cx.repo.upstream.insert(target.clone(), target.clone());
            cx.repo.previous = Some(here(cx));
            cx.repo.head = Head::Branch(target.clone());
            out.stdout.push_str(&format!("branch '{target}' set up to track 'origin/{target}'.\n"));
            out.stderr.push_str(&format!("Switched to a new branch '{target}'\n"));
            return;
        }
    }
    match cx.repo.resolve(&target) {
        Some(id) if !switch || detach => {
            let files = cx.repo.repo.files_at(&id);
            if !move_tree(cx, &files, "checkout", out) {
                return;
            }
            cx.repo.previous = Some(here(cx));
            cx.repo.head = Head::Detached(id.clone());
            let subject = cx.repo.repo.commit(&id).map(|c| c.subject().to_string()).unwrap_or_default();
            if leaving_detached.is_none() {
                out.stderr.push_str(&format!("Note: switching to '{target}'.\n\n{DETACHED_ADVICE}\n"));
            } else {
                out.stderr.push_str(&leaving_detached.unwrap_or_default());
            }
            out.stderr.push_str(&format!("HEAD is now at {} {subject}\n", short(&id)));
        }
        Some(_) => fatal(out, &format!("a branch is expected, got commit '{target}'\nhint: If you want to detach HEAD at the commit, try again with the --detach option.")),
        None if switch => fatal(out, &format!("invalid reference: {target}")),
        None => {
            let is_path = cx.repo_path(&target).is_some_and(|p| cx.repo.index.keys().any(|k| *k == p || k.starts_with(&format!("{p}/"))));
            if is_path {
                restore_paths(cx, &[target], out);
            } else {
                out.err(&format!("error: pathspec '{target}' did not match any file(s) known to git"));
            }
        }
    }
}

/// Restores paths of the working tree from the index (`git checkout -- PATH`, `git restore`).
fn restore_paths(cx: &mut Cx, paths: &[String], out: &mut Output) {
    let index = cx.repo.index_files();
    let work = cx.worktree();
    let mut restored = Files::new();
    let mut old = Files::new();
    for p in paths {
        let Some(rp) = cx.repo_path(p) else {
            out.err(&format!("error: pathspec '{p}' did not match any file(s) known to git"));
            return;
        };
        let matched: Vec<(&String, &String)> =
            index.iter().filter(|(k, _)| rp.is_empty() || **k == rp || k.starts_with(&format!("{rp}/"))).collect();
        if matched.is_empty() {
            out.err(&format!("error: pathspec '{p}' did not match any file(s) known to git"));
            return;
        }
        for (k, v) in matched {
            if work.get(k) != Some(v) {
                if let Some(w) = work.get(k) {
                    old.insert(k.clone(), w.clone());
                }
                restored.insert(k.clone(), v.clone());
            }
        }
    }
    let n = restored.len();
    cx.checkout_tree(&old, &restored);
    out.stderr.push_str(&format!("Updated {n} path{} from the index\n", if n == 1 { "" } else { "s" }));
}

/// `git restore [--staged] PATH...`.
pub(crate) fn restore(cx: &mut Cx, args: &[String], out: &mut Output) {
    let staged = args.iter().any(|a| a == "--staged" || a == "-S");
    let paths: Vec<String> = args.iter().filter(|a| !a.starts_with('-')).cloned().collect();
    if paths.is_empty() {
        return fatal(out, "you must specify path(s) to restore");
    }
    if !staged {
        let before = out.stderr.len();
        restore_paths(cx, &paths, out);
        // `git restore` says nothing on success.
        if out.exit_code == 0 {
            out.stderr.truncate(before);
        }
        return;
    }
    let head = cx.repo.head_files();
    let mut index = cx.repo.index_files();
    for p in &paths {
        let Some(rp) = cx.repo_path(p) else { continue };
        let under = |k: &str| rp.is_empty() || k == rp || k.starts_with(&format!("{rp}/"));
        index.retain(|k, _| !under(k) || head.contains_key(k));
        for (k, v) in head.iter().filter(|(k, _)| under(k)) {
            index.insert(k.clone(), v.clone());
        }
    }
    cx.repo.set_index(&index);
}

/// `git reset [--hard|--soft|--mixed] [REV]`.
pub(crate) fn reset(cx: &mut Cx, args: &[String], out: &mut Output) {
    let hard = args.iter().any(|a| a == "--hard");
    let soft = args.iter().any(|a| a == "--soft");
    let rev = args.iter().find(|a| !a.starts_with('-')).cloned().unwrap_or_else(|| "HEAD".into());
    let Some(id) = cx.repo.resolve(&rev) else {
        return super::status::ambiguous(out, &rev);
    };
    let target = cx.repo.repo.files_at(&id);
    let before_index = cx.repo.index_files();
    let before_head = cx.repo.head_files();
    match cx.repo.head.clone() {
        Head::Branch(b) => {
            cx.repo.repo.branches.insert(b, id.clone());
        }
        Head::Detached(_) => cx.repo.head = Head::Detached(id.clone()),
    }
    if soft {
        return;
    }
    cx.repo.set_index(&target);
    if hard {
        let mut old = before_head;
        old.extend(before_index);
        cx.checkout_tree(&old, &target);
        let subject = cx.repo.repo.commit(&id).map(|c| c.subject().to_string()).unwrap_or_default();
        out.stdout.push_str(&format!("HEAD is now at {} {subject}\n", short(&id)));
        return;
    }
    let work = cx.worktree();
    let mut lines = String::new();
    for (p, t) in &target {
        match work.get(p) {
            None => lines.push_str(&format!("D\t{p}\n")),
            Some(w) if w != t => lines.push_str(&format!("M\t{p}\n")),
            _ => {}
        }
    }
    if !lines.is_empty() {
        out.stdout.push_str(&format!("Unstaged changes after reset:\n{lines}"));
    }
}

/// `git revert [-m N] [--no-edit] REV`: a new commit undoing REV (against parent N).
pub(crate) fn revert(cx: &mut Cx, args: &[String], out: &mut Output) {
    let mut mainline: Option<usize> = None;
    let mut rev: Option<String> = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-m" | "--mainline" => {
                i += 1;
                mainline = args.get(i).and_then(|n| n.parse().ok());
                if mainline.is_none() {
                    out.err("error: option `mainline' expects a number greater than zero");
                    out.exit_code = 129;
                    return;
                }
            }
            "--no-edit" | "--edit" | "-e" => {}
            s if s.starts_with('-') => {}
            s => rev = Some(s.to_string()),
        }
        i += 1;
    }
    let Some(rev) = rev else {
        out.err("usage: git revert [--[no-]edit] [-n] [-m <parent-number>] [-s] [-S[<keyid>]] <commit>...");
        out.exit_code = 129;
        return;
    };
    let Some(id) = cx.repo.resolve(&rev) else {
        return fatal(out, &format!("bad revision '{rev}'"));
    };
    let Some(commit) = cx.repo.repo.commit(&id).cloned() else { return };
    let parent = match (commit.parents.len(), mainline) {
        (n, None) if n > 1 => {
            out.err(&format!("error: commit {id} is a merge but no -m option was given."));
            return fatal(out, "revert failed");
        }
        (_, Some(m)) if m == 0 || m > commit.parents.len() => {
            out.err(&format!("error: commit {id} does not have parent {m}"));
            return fatal(out, "revert failed");
        }
        (1, Some(_)) => {
            out.err(&format!("error: mainline was specified but commit {id} is not a merge."));
            return fatal(out, "revert failed");
        }
        (_, m) => commit.parents.get(m.unwrap_or(1) - 1).cloned(),
    };
    let head = cx.repo.head_files();
    if cx.repo.index_files() != head {
        out.err("error: your local changes would be overwritten by revert.\nhint: commit your changes or stash them to proceed.");
        return fatal(out, "revert failed");
    }
    // The inverse patch against the chosen parent, as a three-way merge.
    let parent_files = parent.as_deref().map(|p| cx.repo.repo.files_at(p)).unwrap_or_default();
    let files = merge3(&cx.repo.repo.files_at(&id), &head, &parent_files);
    let files = match files {
        Ok(f) => f,
        Err(conflicts) => {
            out.err(&format!(
                "error: could not revert {}... {}\nhint: this lab's git does not model conflicts ({}): nothing was changed",
                short(&id),
                commit.subject(),
                conflicts.join(", ")
            ));
            return;
        }
    };
    let work = cx.worktree();
    let touched: Vec<&String> = head
        .keys()
        .chain(files.keys())
        .filter(|p| head.get(*p) != files.get(*p) && work.get(*p) != head.get(*p))
        .collect();
    if !touched.is_empty() {
        let list: String = touched.iter().map(|p| format!("\t{p}\n")).collect();
        out.err(&format!("error: Your local changes to the following files would be overwritten by merge:\n{list}Please commit your changes or stash them before you merge.\nAborting"));
        return fatal(out, "revert failed");
    }
    let mut message = format!("Revert \"{}\"\n\nThis reverts commit {id}", commit.subject());
    match (&parent, commit.parents.len() > 1) {
        (Some(p), true) => message.push_str(&format!(", reversing\nchanges made to {p}.\n")),
        _ => message.push_str(".\n"),
    }
    let me = cx.me();
    let parents: Vec<String> = cx.repo.head_commit().into_iter().collect();
    let new = cx.repo.repo.make_commit(parents, &files, me.clone(), me, &message);
    let place = match cx.repo.head.clone() {
        Head::Branch(b) => {
            cx.repo.repo.branches.insert(b.clone(), new.clone());
            b
        }
        Head::Detached(_) => {
            cx.repo.head = Head::Detached(new.clone());
            "detached HEAD".into()
        }
    };
    cx.checkout_tree(&head, &files);
    cx.repo.set_index(&files);
    out.stdout.push_str(&format!("[{place} {}] Revert \"{}\"\n", short(&new), commit.subject()));
    out.stdout.push_str(&summary(&head, &files));
}
