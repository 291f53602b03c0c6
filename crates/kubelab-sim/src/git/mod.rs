//! The Git side of the simulated world (issue 13): a Git host ("the forge": repositories,
//! branches, pull requests, webhooks) that lives beside the cluster, on the cluster's clock, in
//! the same saved session, with no real network and no real `git`.
//!
//! This file is the seam between the Git model and its readers. The in-cluster sync agent
//! (`controllers::argocd`) reads a repository only through [`Forge::checkout`] and learns of
//! pushes only through [`Forge::deliveries_since`]; the console writes through
//! `Cluster::git_write`, which settles the controllers afterwards (so a webhook is seen at once).
//!
//! Not a part of the cluster: `Cluster` keeps the forge as a field only so that one clock and
//! one saved session hold both; a cluster rebuilt from nothing keeps its forge.
//!
//! Skeleton: commits are whole snapshots of their files; the Git model (content-addressed
//! objects with git's own hashes, trees, local clones, pull requests, protection) replaces the
//! inside of this module without changing the functions below.

use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A Git hosting service (GitHub-like) holding the lab's remote repositories.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Forge {
    /// Repositories by clone URL (`https://git.lab/team/app-config.git`).
    repos: BTreeMap<String, HostRepo>,
    /// Webhook deliveries, oldest first; `seq` counts from 1.
    deliveries: Vec<Delivery>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct HostRepo {
    branches: BTreeMap<String, String>,
    commits: BTreeMap<String, Commit>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Commit {
    parents: Vec<String>,
    files: BTreeMap<String, String>,
    author: String,
    message: String,
    at: SimTime,
}

/// The files of a directory of a repository at one commit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkout {
    /// The full commit id (40 hex digits).
    pub sha: String,
    /// The commit message's first line.
    pub subject: String,
    pub author: String,
    /// Files under the path asked for, relative to it, sorted by path.
    pub files: Vec<(String, String)>,
}

/// A push notification the forge sent to its webhooks (GitHub's `push` event).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub seq: u64,
    pub at: SimTime,
    /// The repository's clone URL.
    pub url: String,
    /// The ref pushed (`refs/heads/main`).
    pub git_ref: String,
    /// The commit the ref points to after the push.
    pub after: String,
}

/// Why a repository read failed, in the words a Git client would print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GitError {
    /// `repository 'URL' not found`
    RepoNotFound(String),
    /// A revision that names no branch, tag or commit.
    UnknownRevision(String),
    /// A path that is not a directory at that commit.
    PathNotFound(String),
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::RepoNotFound(url) => write!(f, "repository '{url}' not found"),
            GitError::UnknownRevision(r) => write!(f, "unable to resolve '{r}' to a commit SHA"),
            GitError::PathNotFound(p) => write!(f, "{p}: app path does not exist"),
        }
    }
}

impl Forge {
    pub fn is_empty(&self) -> bool {
        self.repos.is_empty() && self.deliveries.is_empty()
    }

    /// The commit `revision` (a branch, `HEAD` for `main`, or a full or abbreviated commit id)
    /// of repository `url` resolves to, and the files under directory `path` (`.` or `""` for the
    /// whole tree) at that commit.
    pub fn checkout(&self, url: &str, revision: &str, path: &str) -> Result<Checkout, GitError> {
        let repo = self.repos.get(url).ok_or_else(|| GitError::RepoNotFound(url.to_string()))?;
        let sha = repo.resolve(revision).ok_or_else(|| GitError::UnknownRevision(revision.to_string()))?;
        let commit = repo.commits.get(&sha).ok_or_else(|| GitError::UnknownRevision(revision.to_string()))?;
        let dir = path.trim_matches('/');
        let prefix = if dir.is_empty() || dir == "." { String::new() } else { format!("{dir}/") };
        let files: Vec<(String, String)> = commit
            .files
            .iter()
            .filter_map(|(p, c)| p.strip_prefix(&prefix).map(|rel| (rel.to_string(), c.clone())))
            .collect();
        if files.is_empty() && !prefix.is_empty() {
            return Err(GitError::PathNotFound(dir.to_string()));
        }
        Ok(Checkout {
            sha,
            subject: commit.message.lines().next().unwrap_or_default().to_string(),
            author: commit.author.clone(),
            files,
        })
    }

    /// Webhook deliveries with a sequence number above `after`, oldest first.
    pub fn deliveries_since(&self, after: u64) -> impl Iterator<Item = &Delivery> {
        self.deliveries.iter().filter(move |d| d.seq > after)
    }

    /// Commits `files` (the whole tree: paths relative to the repository's root) on top of
    /// `branch` of repository `url`, creating both if needed, as a push would; sends a webhook
    /// delivery. The convenience exercise setup and tests use to fill a host repository
    /// without a clone. Returns the new commit id.
    pub fn put_files(
        &mut self,
        url: &str,
        branch: &str,
        files: &[(&str, &str)],
        author: &str,
        message: &str,
        at: SimTime,
    ) -> String {
        let repo = self.repos.entry(url.to_string()).or_default();
        let parents: Vec<String> = repo.branches.get(branch).cloned().into_iter().collect();
        let files: BTreeMap<String, String> = files.iter().map(|(p, c)| (p.to_string(), c.to_string())).collect();
        let sha = skeleton_id(&parents, &files, author, message, at);
        repo.commits.insert(sha.clone(), Commit { parents, files, author: author.into(), message: message.into(), at });
        repo.branches.insert(branch.to_string(), sha.clone());
        let seq = self.deliveries.len() as u64 + 1;
        self.deliveries.push(Delivery {
            seq,
            at,
            url: url.to_string(),
            git_ref: format!("refs/heads/{branch}"),
            after: sha.clone(),
        });
        sha
    }
}

impl HostRepo {
    fn resolve(&self, revision: &str) -> Option<String> {
        let rev = if revision.is_empty() || revision == "HEAD" { "main" } else { revision };
        if let Some(sha) = self.branches.get(rev) {
            return Some(sha.clone());
        }
        if rev.len() >= 4 && rev.chars().all(|c| c.is_ascii_hexdigit()) {
            let mut found = self.commits.keys().filter(|k| k.starts_with(rev));
            if let (Some(one), None) = (found.next(), found.next()) {
                return Some(one.clone());
            }
        }
        None
    }
}

/// A stand-in commit id (40 hex digits, FNV-1a of the content) until the Git model hashes
/// objects as git does.
fn skeleton_id(
    parents: &[String],
    files: &BTreeMap<String, String>,
    author: &str,
    message: &str,
    at: SimTime,
) -> String {
    let mut text = format!("{parents:?}{author}{message}{}", at.as_millis());
    for (p, c) in files {
        text.push_str(p);
        text.push('\0');
        text.push_str(c);
    }
    let mut out = String::new();
    for salt in 0..3u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
        for b in text.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        out.push_str(&format!("{h:016x}"));
    }
    out.truncate(40);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkout_reads_a_directory_at_a_branch_or_commit() {
        let mut f = Forge::default();
        let url = "https://git.lab/team/app-config.git";
        let t = SimTime(5_000);
        let first = f.put_files(url, "main", &[("apps/web.yaml", "a: 1\n"), ("README.md", "hi\n")], "ci", "one", t);
        let second = f.put_files(url, "main", &[("apps/web.yaml", "a: 2\n")], "ci", "two\n\nbody", t);
        let head = f.checkout(url, "HEAD", "apps").unwrap();
        assert_eq!(head.sha, second);
        assert_eq!(head.subject, "two");
        assert_eq!(head.files, vec![("web.yaml".to_string(), "a: 2\n".to_string())]);
        let old = f.checkout(url, &first[..7], "apps").unwrap();
        assert_eq!(old.files, vec![("web.yaml".to_string(), "a: 1\n".to_string())]);
        assert_eq!(f.checkout(url, "main", "nope"), Err(GitError::PathNotFound("nope".into())));
        assert!(matches!(f.checkout("x", "main", "."), Err(GitError::RepoNotFound(_))));
        assert_eq!(f.deliveries_since(1).count(), 1);
    }
}
