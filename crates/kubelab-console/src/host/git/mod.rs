//! `git` on the student's machine (git 2.47's wording): local clones of the host's
//! repositories (`kubelab_sim::git`), each a working tree in the home, an index and the
//! repository's objects, branches, remote-tracking branches (`origin/...`) and upstreams.
//!
//! Subcommands: `status`, `diff [--staged]`, `add`, `commit -m [-a]`, `log [--oneline] [-n N]`,
//! `show [REV]` (`status.rs`); `branch`, `checkout [-b]`, `switch [-c]`, `reset --hard`,
//! `revert [-m N]` (`branch.rs`); `clone`, `push [-u] [-f]`, `pull`, `fetch`, `remote -v`
//! (`remote.rs`). Output goes where git sends it (progress and ref updates on stderr).
//!
//! Simplified: the identity is `Student <student@lab.local>` (no `git config`); no editor
//! (`commit` needs `-m`, `revert` acts as `--no-edit`); no stash, tags, merges in the clone
//! (`pull` fast-forwards only; a diverged branch gets git's "divergent branches" refusal) or
//! conflict states (a revert that would conflict is refused and changes nothing); no progress
//! lines (`Enumerating objects: ...`); log decorations as on a terminal, without colours.

mod branch;
mod remote;
mod status;

pub(crate) use branch::valid_branch_name;

use super::fs::Home;
use crate::{Console, Output};
use kubelab_sim::git::object::{self, Id, Object};
use kubelab_sim::git::repo::Files;
use kubelab_sim::git::{Repo, Signature};
use kubelab_sim::Cluster;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Who the student is to git and to the host.
pub const IDENTITY: &str = "Student <student@lab.local>";
/// The student's login on the host (gh, pull requests).
pub const LOGIN: &str = "student";

/// What HEAD is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Head {
    /// On a branch (which may have no commit yet).
    Branch(String),
    Detached(Id),
}

/// A local clone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct LocalRepo {
    pub url: String,
    pub repo: Repo,
    pub head: Head,
    /// The staging area: path (from the root) → blob id.
    pub index: BTreeMap<String, Id>,
    /// `origin/<branch>` → commit.
    pub remote: BTreeMap<String, Id>,
    /// The branch `origin/HEAD` names.
    pub remote_head: Option<String>,
    /// Local branch → its upstream branch on origin.
    pub upstream: BTreeMap<String, String>,
    /// Where HEAD was before the last switch (`git switch -`).
    pub previous: Option<String>,
}

impl LocalRepo {
    pub fn head_commit(&self) -> Option<Id> {
        match &self.head {
            Head::Branch(b) => self.repo.branches.get(b).cloned(),
            Head::Detached(id) => Some(id.clone()),
        }
    }

    pub fn branch(&self) -> Option<&str> {
        match &self.head {
            Head::Branch(b) => Some(b),
            Head::Detached(_) => None,
        }
    }

    pub fn head_files(&self) -> Files {
        self.head_commit().map(|h| self.repo.files_at(&h)).unwrap_or_default()
    }

    pub fn index_files(&self) -> Files {
        self.index
            .iter()
            .filter_map(|(p, id)| match self.repo.objects.get(id) {
                Some(Object::Blob(t)) => Some((p.clone(), t.clone())),
                _ => None,
            })
            .collect()
    }

    /// Puts `files` in the index (blobs stored).
    pub fn set_index(&mut self, files: &Files) {
        self.index = files
            .iter()
            .map(|(p, t)| (p.clone(), object::put(&mut self.repo.objects, Object::Blob(t.clone()))))
            .collect();
    }

    /// Remote-tracking names for revisions (`origin/main`, `refs/remotes/origin/main`).
    pub fn refs(&self) -> BTreeMap<String, Id> {
        let mut m = BTreeMap::new();
        for (b, id) in &self.remote {
            m.insert(format!("origin/{b}"), id.clone());
            m.insert(format!("refs/remotes/origin/{b}"), id.clone());
        }
        if let Some(id) = self.remote_head.as_ref().and_then(|h| self.remote.get(h)) {
            m.insert("origin".into(), id.clone());
            m.insert("origin/HEAD".into(), id.clone());
        }
        m
    }

    pub fn resolve(&self, rev: &str) -> Option<Id> {
        self.repo.resolve_with(rev, self.head_commit().as_deref(), &self.refs())
    }

    /// The decorations of each commit as `git log` shows them on a terminal.
    pub fn decorations(&self) -> BTreeMap<Id, Vec<String>> {
        let mut refs: Vec<(String, String, Id)> = Vec::new();
        for (b, id) in &self.repo.branches {
            refs.push((format!("refs/heads/{b}"), b.clone(), id.clone()));
        }
        for (b, id) in &self.remote {
            refs.push((format!("refs/remotes/origin/{b}"), format!("origin/{b}"), id.clone()));
        }
        if let Some(id) = self.remote_head.as_ref().and_then(|h| self.remote.get(h)) {
            refs.push(("refs/remotes/origin/HEAD".into(), "origin/HEAD".into(), id.clone()));
        }
        kubelab_sim::sort::natural(&mut refs);
        let mut out: BTreeMap<Id, Vec<String>> = BTreeMap::new();
        for (_, name, id) in refs.into_iter().rev() {
            if self.branch() == Some(name.as_str()) {
                continue;
            }
            out.entry(id).or_default().push(name);
        }
        if let Some(h) = self.head_commit() {
            let first = match self.branch() {
                Some(b) => format!("HEAD -> {b}"),
                None => "HEAD".to_string(),
            };
            out.entry(h).or_default().insert(0, first);
        }
        out
    }
}

/// What a git subcommand works with: the home, the cluster (for the clock and the host), the
/// clone and its root.
pub(crate) struct Cx<'a> {
    pub home: &'a mut Home,
    pub cluster: &'a mut Cluster,
    pub root: String,
    pub repo: &'a mut LocalRepo,
}

impl Cx<'_> {
    pub fn now_unix(&self) -> i64 {
        self.cluster.unix_secs(self.cluster.now())
    }

    pub fn me(&self) -> Signature {
        Signature::parse(IDENTITY, self.now_unix())
    }

    /// The working tree's files, by path from the root.
    pub fn worktree(&self) -> Files {
        worktree(self.home, &self.root)
    }

    /// Makes the working tree hold `new` where it held the tracked files `old` (untracked
    /// files stay).
    pub fn checkout_tree(&mut self, old: &Files, new: &Files) {
        let now = self.now_unix();
        for p in old.keys() {
            if !new.contains_key(p) {
                self.home.files.remove(&format!("{}/{p}", self.root));
            }
        }
        for (p, t) in new {
            let abs = format!("{}/{p}", self.root);
            if self.home.files.get(&abs).map(|f| &f.text) != Some(t) {
                let _ = self.home.write(&abs, t.clone(), now);
            }
        }
    }

    /// A path given on the command line as a path from the root, if inside the clone.
    pub fn repo_path(&self, arg: &str) -> Option<String> {
        let abs = self.home.resolve(arg).ok()?;
        if abs == self.root {
            return Some(String::new());
        }
        abs.strip_prefix(&format!("{}/", self.root)).map(str::to_string)
    }

    /// A path from the root as git prints it, relative to the current directory.
    pub fn shown(&self, path: &str) -> String {
        let cwd = self.home.cwd.strip_prefix(&self.root).unwrap_or("").trim_start_matches('/');
        if cwd.is_empty() {
            return path.to_string();
        }
        let cwd_parts: Vec<&str> = cwd.split('/').collect();
        let parts: Vec<&str> = path.split('/').collect();
        let common = cwd_parts.iter().zip(&parts).take_while(|(a, b)| a == b).count();
        let mut out: Vec<&str> = vec![".."; cwd_parts.len() - common];
        out.extend(&parts[common..]);
        out.join("/")
    }
}

/// The files under `root` (relative paths), `.git` excluded.
pub(crate) fn worktree(home: &Home, root: &str) -> Files {
    let prefix = format!("{root}/");
    home.files
        .range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .filter_map(|(k, f)| {
            let rel = k.strip_prefix(&prefix)?;
            (!rel.starts_with(".git/")).then(|| (rel.to_string(), f.text.clone()))
        })
        .collect()
}

pub(crate) fn short(id: &str) -> &str {
    id.get(..7).unwrap_or(id)
}

/// A `fatal:` line (exit 128).
pub(crate) fn fatal(out: &mut Output, msg: &str) {
    out.err(&format!("fatal: {msg}"));
    out.exit_code = 128;
}

const USAGE: &str = "usage: git [-v | --version] [-h | --help] [-C <path>] [-c <name>=<value>]
           [--exec-path[=<path>]] [--html-path] [--man-path] [--info-path]
           [-p | --paginate | -P | --no-pager] [--no-replace-objects] [--no-lazy-fetch]
           [--no-optional-locks] [--no-advice] [--bare] [--git-dir=<path>]
           [--work-tree=<path>] [--namespace=<name>] [--config-env=<name>=<envvar>]
           <command> [<args>]

These are common Git commands used in various situations:

start a working area (see also: git help tutorial)
   clone     Clone a repository into a new directory

work on the current change (see also: git help everyday)
   add       Add file contents to the index
   reset     Reset current HEAD to the specified state

examine the history and state (see also: git help revisions)
   diff      Show changes between commits, commit and working tree, etc
   log       Show commit logs
   show      Show various types of objects
   status    Show the working tree status

grow, mark and tweak your common history
   branch    List, create, or delete branches
   commit    Record changes to the repository
   switch    Switch branches

collaborate (see also: git help workflows)
   fetch     Download objects and refs from another repository
   pull      Fetch from and integrate with another repository or a local branch
   push      Update remote refs along with associated objects

'git help -a' and 'git help -g' list available subcommands and some
concept guides. See 'git help <command>' or 'git help <concept>'
to read about a specific subcommand or concept.
See 'git help git' for an overview of the system.
";

/// `git ARGS...`.
pub(crate) fn run(c: &mut Console, args: &[String], out: &mut Output) {
    let Some(sub) = args.first() else {
        out.stdout.push_str(USAGE);
        out.exit_code = 1;
        return;
    };
    let rest = &args[1..];
    match sub.as_str() {
        "--help" | "-h" | "help" => {
            out.stdout.push_str(USAGE);
            return;
        }
        "--version" | "-v" | "version" => {
            out.out("git version 2.47.3");
            return;
        }
        "clone" => return remote::clone(c, rest, out),
        "status" | "diff" | "add" | "commit" | "log" | "show" | "branch" | "checkout" | "switch" | "reset"
        | "revert" | "push" | "pull" | "fetch" | "remote" | "restore" | "rm" => {}
        other => {
            out.err(&format!("git: '{other}' is not a git command. See 'git --help'."));
            return;
        }
    }
    if rest.iter().any(|a| a == "-h") {
        out.out(&format!("usage: git {sub} [<options>]"));
        out.exit_code = 129;
        return;
    }
    let Some(root) = c.home.clone_root() else {
        return fatal(out, "not a git repository (or any of the parent directories): .git");
    };
    let Some(mut repo) = c.home.clones.remove(&root) else { return };
    let mut cx = Cx { home: &mut c.home, cluster: &mut c.cluster, root: root.clone(), repo: &mut repo };
    match sub.as_str() {
        "status" => status::status(&cx, out),
        "diff" => status::diff(&cx, rest, out),
        "add" => status::add(&mut cx, rest, out),
        "rm" => status::rm(&mut cx, rest, out),
        "commit" => status::commit(&mut cx, rest, out),
        "log" => status::log(&cx, rest, out),
        "show" => status::show(&cx, rest, out),
        "branch" => branch::branch(&mut cx, rest, out),
        "checkout" => branch::checkout(&mut cx, rest, false, out),
        "switch" => branch::checkout(&mut cx, rest, true, out),
        "restore" => branch::restore(&mut cx, rest, out),
        "reset" => branch::reset(&mut cx, rest, out),
        "revert" => branch::revert(&mut cx, rest, out),
        "push" => remote::push(&mut cx, rest, out),
        "pull" => remote::pull(&mut cx, rest, out),
        "fetch" => remote::fetch_cmd(&mut cx, rest, out),
        "remote" => remote::remote(&cx, rest, out),
        _ => {}
    }
    c.home.clones.insert(root, repo);
}
