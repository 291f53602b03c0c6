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
//! Modules: `object` (blobs, trees and commits hashed as git hashes them), `repo` (a
//! repository's graph: revisions, log, merge bases, three-way merge, revert), `diff` (Myers
//! line diffs printed as `git diff`), `forge` (the host: pushes, protection, pull requests,
//! reviews, merges, webhook deliveries). The student's clones live in the console (its home
//! directory), which reads and writes the host through these functions.

pub mod diff;
pub mod forge;
pub mod object;
pub mod repo;

#[cfg(test)]
mod proptests;

pub use forge::{owner_and_name, HostError, HostRepo, MergeMethod, Pull, PullState, Review};
pub use object::{Id, Signature};
pub use repo::Repo;

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
    /// Unix seconds of the simulated instant 0 (the cluster's calendar), for commit times.
    #[serde(default)]
    epoch_unix_secs: i64,
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
        let host = self.repos.get(url).ok_or_else(|| GitError::RepoNotFound(url.to_string()))?;
        let repo = &host.repo;
        let rev = if revision.is_empty() || revision == "HEAD" { host.default_branch.as_str() } else { revision };
        let none = BTreeMap::new();
        let sha = repo.resolve_with(rev, None, &none).ok_or_else(|| GitError::UnknownRevision(revision.to_string()))?;
        let commit = repo.commit(&sha).ok_or_else(|| GitError::UnknownRevision(revision.to_string()))?;
        let dir = path.trim_matches('/');
        let prefix = if dir.is_empty() || dir == "." { String::new() } else { format!("{dir}/") };
        let files: Vec<(String, String)> = repo
            .files_at(&sha)
            .into_iter()
            .filter_map(|(p, c)| p.strip_prefix(&prefix).map(|rel| (rel.to_string(), c)))
            .collect();
        if files.is_empty() && !prefix.is_empty() {
            return Err(GitError::PathNotFound(dir.to_string()));
        }
        Ok(Checkout { sha, subject: commit.subject().to_string(), author: commit.author.name.clone(), files })
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
        let unix = self.unix(at);
        let host = self.repos.entry(url.to_string()).or_default();
        if host.default_branch.is_empty() {
            host.default_branch = "main".into();
        }
        let parents: Vec<String> = host.repo.branches.get(branch).cloned().into_iter().collect();
        let files: BTreeMap<String, String> = files.iter().map(|(p, c)| (p.to_string(), c.to_string())).collect();
        let who = Signature::parse(author, unix);
        let sha = host.repo.make_commit(parents, &files, who.clone(), who, message);
        host.repo.branches.insert(branch.to_string(), sha.clone());
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

    /// Sets the calendar commit times are written in (Unix seconds of instant 0).
    pub fn set_epoch(&mut self, epoch_unix_secs: i64) {
        self.epoch_unix_secs = epoch_unix_secs;
    }
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
