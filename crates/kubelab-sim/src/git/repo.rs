//! A repository: its objects and branches, and the graph operations git and a Git host run on
//! them: resolving revisions (`main`, `origin/main`, a full or abbreviated id, `REV~N`, `REV^`),
//! making commits, walking the log (newest first by committer time, ties in the order found, as
//! git's default order does), ancestry and merge bases, copying the objects a push sends, a
//! three-way merge at file level and the inverse patch of a revert.
//!
//! Simplified: merges and reverts work on whole files (a file changed on both sides, or changed
//! since the commit being reverted, is a conflict, even where git would merge the lines).

use super::object::{self, Commit, Id, Object, Signature, Store};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// How many commits a walk visits at most.
pub const MAX_WALK: usize = 100_000;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Repo {
    pub objects: Store,
    /// Branch name → commit id.
    pub branches: BTreeMap<String, Id>,
}

/// Files by path.
pub type Files = BTreeMap<String, String>;

impl Repo {
    pub fn commit(&self, id: &str) -> Option<&Commit> {
        match self.objects.get(id) {
            Some(Object::Commit(c)) => Some(c),
            _ => None,
        }
    }

    /// The files of commit `id` (empty when it is not a commit).
    pub fn files_at(&self, id: &str) -> Files {
        self.commit(id).map(|c| object::read_tree(&self.objects, &c.tree)).unwrap_or_default()
    }

    /// A full commit id from a prefix of at least 4 hex digits, when exactly one commit has it.
    pub fn expand(&self, prefix: &str) -> Option<Id> {
        if prefix.len() < 4 || prefix.len() > 40 || !prefix.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let p = prefix.to_ascii_lowercase();
        let mut found = self
            .objects
            .range(p.clone()..)
            .take_while(|(k, _)| k.starts_with(&p))
            .filter(|(_, o)| matches!(o, Object::Commit(_)));
        match (found.next(), found.next()) {
            (Some((id, _)), None) => Some(id.clone()),
            _ => None,
        }
    }

    /// Resolves `rev`: `HEAD` (given as `head`), a branch, `refs` (extra names such as
    /// `origin/main`), an id or id prefix, each optionally followed by `~N`/`^`/`^N` steps.
    pub fn resolve_with(&self, rev: &str, head: Option<&str>, refs: &BTreeMap<String, Id>) -> Option<Id> {
        let cut = rev.find(['~', '^']).unwrap_or(rev.len());
        let (base, mut steps) = rev.split_at(cut);
        let mut id = match base {
            "HEAD" | "@" => head.map(str::to_string)?,
            b => self
                .branches
                .get(b)
                .or_else(|| b.strip_prefix("refs/heads/").and_then(|n| self.branches.get(n)))
                .or_else(|| refs.get(b))
                .cloned()
                .or_else(|| self.expand(b))?,
        };
        self.commit(&id)?;
        while let Some(first) = steps.chars().next() {
            steps = &steps[1..];
            let digits: String = steps.chars().take_while(char::is_ascii_digit).collect();
            steps = &steps[digits.len()..];
            let n: usize = if digits.is_empty() { 1 } else { digits.parse().ok().filter(|n| *n <= MAX_WALK)? };
            if first == '~' {
                for _ in 0..n {
                    id = self.commit(&id)?.parents.first()?.clone();
                }
            } else if n > 0 {
                id = self.commit(&id)?.parents.get(n - 1)?.clone();
            }
        }
        Some(id)
    }

    /// Writes a commit of `files` with `parents`; returns its id.
    pub fn make_commit(
        &mut self,
        parents: Vec<Id>,
        files: &Files,
        author: Signature,
        committer: Signature,
        message: &str,
    ) -> Id {
        let tree = object::write_tree(&mut self.objects, files);
        let mut message = message.to_string();
        if !message.ends_with('\n') {
            message.push('\n');
        }
        object::put(&mut self.objects, Object::Commit(Commit { tree, parents, author, committer, message }))
    }

    /// Commits reachable from `tips`, newest first by committer time (ties in the order they
    /// were found); only first parents when `first_parent`.
    pub fn log(&self, tips: &[Id], first_parent: bool) -> Vec<Id> {
        let mut seen: BTreeSet<Id> = BTreeSet::new();
        let mut queue: Vec<(i64, u64, Id)> = Vec::new();
        let mut order = 0u64;
        for t in tips {
            if let Some(c) = self.commit(t) {
                if seen.insert(t.clone()) {
                    queue.push((c.committer.time, order, t.clone()));
                    order += 1;
                }
            }
        }
        let mut out = Vec::new();
        while !queue.is_empty() && out.len() < MAX_WALK {
            // The newest; among equals, the one found first.
            let mut best = 0;
            for (i, q) in queue.iter().enumerate() {
                let b = &queue[best];
                if q.0 > b.0 || (q.0 == b.0 && q.1 < b.1) {
                    best = i;
                }
            }
            let (_, _, id) = queue.swap_remove(best);
            if let Some(c) = self.commit(&id) {
                let parents = if first_parent { &c.parents[..c.parents.len().min(1)] } else { &c.parents[..] };
                for p in parents {
                    if let Some(pc) = self.commit(p) {
                        if seen.insert(p.clone()) {
                            queue.push((pc.committer.time, order, p.clone()));
                            order += 1;
                        }
                    }
                }
            }
            out.push(id);
        }
        out
    }

    /// Every commit reachable from `tip`.
    pub fn ancestors(&self, tip: &str) -> BTreeSet<Id> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![tip.to_string()];
        while let Some(id) = stack.pop() {
            if seen.len() >= MAX_WALK {
                break;
            }
            if let Some(c) = self.commit(&id) {
                if seen.insert(id.clone()) {
                    stack.extend(c.parents.iter().cloned());
                }
            }
        }
        seen
    }

    /// True when `a` is `b` or an ancestor of it.
    pub fn is_ancestor(&self, a: &str, b: &str) -> bool {
        self.ancestors(b).contains(a)
    }

    /// The best common ancestor of `a` and `b` (the newest common one), if any.
    pub fn merge_base(&self, a: &str, b: &str) -> Option<Id> {
        let of_b = self.ancestors(b);
        self.log(&[a.to_string()], false).into_iter().find(|id| of_b.contains(id))
    }

    /// Commits in `tip`'s history that `base`'s lacks (`git rev-list base..tip`).
    pub fn count_between(&self, base: &str, tip: &str) -> usize {
        let of_base = self.ancestors(base);
        self.ancestors(tip).iter().filter(|id| !of_base.contains(*id)).count()
    }

    /// Copies the objects reachable from commit `tip` that `to` lacks (what a push or fetch
    /// sends).
    pub fn copy_reachable(&self, tip: &str, to: &mut Repo) {
        for id in self.ancestors(tip) {
            if to.objects.contains_key(&id) {
                continue;
            }
            if let Some(Object::Commit(c)) = self.objects.get(&id) {
                self.copy_tree(&c.tree, to, 0);
                to.objects.insert(id.clone(), Object::Commit(c.clone()));
            }
        }
    }

    fn copy_tree(&self, tree: &str, to: &mut Repo, depth: usize) {
        if to.objects.contains_key(tree) || depth > object::MAX_DEPTH {
            return;
        }
        if let Some(Object::Tree(entries)) = self.objects.get(tree) {
            for e in entries {
                if e.mode == "40000" {
                    self.copy_tree(&e.id, to, depth + 1);
                } else if let Some(b) = self.objects.get(&e.id) {
                    to.objects.entry(e.id.clone()).or_insert_with(|| b.clone());
                }
            }
            to.objects.insert(tree.to_string(), Object::Tree(entries.clone()));
        }
    }
}

/// A three-way merge at file level: each path takes the side that changed it; paths changed
/// differently on both sides are the conflicts (sorted).
pub fn merge3(base: &Files, ours: &Files, theirs: &Files) -> Result<Files, Vec<String>> {
    let mut paths: BTreeSet<&String> = base.keys().collect();
    paths.extend(ours.keys());
    paths.extend(theirs.keys());
    let mut out = Files::new();
    let mut conflicts = Vec::new();
    for p in paths {
        let (b, o, t) = (base.get(p), ours.get(p), theirs.get(p));
        let pick = if o == t || t == b {
            o
        } else if o == b {
            t
        } else {
            conflicts.push(p.clone());
            continue;
        };
        if let Some(text) = pick {
            out.insert(p.clone(), text.clone());
        }
    }
    if conflicts.is_empty() {
        Ok(out)
    } else {
        Err(conflicts)
    }
}

/// The files after undoing commit `id` (against its first parent) on top of `current`: a
/// three-way merge with the commit as base and its parent as the other side.
pub fn revert_files(repo: &Repo, id: &str, current: &Files) -> Result<Files, Vec<String>> {
    let commit = repo.commit(id).ok_or_else(Vec::new)?;
    let parent = commit.parents.first().map(|p| repo.files_at(p)).unwrap_or_default();
    merge3(&repo.files_at(id), current, &parent)
}
