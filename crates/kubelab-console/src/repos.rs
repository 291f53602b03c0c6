//! A scene of Git repositories for an exercise or a transcript (`repos:`): repositories on the
//! lab's Git host with their history, branch protection and reviewer, and local clones in the
//! student's home. Seeded at setup through `Cluster::git_write` (part of the deterministic
//! state: the same seed and setup give the same commit ids).
//!
//! ```yaml
//! repos:
//! - url: https://git.lab/team/app-config.git
//!   protected: true          # main only by an approved pull request
//!   reviewer: alex           # approves each new pull request a minute after it opens
//!   clone: ~/app-config      # a local clone in the home (optional)
//!   commits:                 # oldest first, each on top of its branch (main by default)
//!   - message: Add the web Deployment
//!     author: Alex <alex@lab.local>
//!     files:
//!       k8s/deployment.yaml: |
//!         apiVersion: apps/v1
//!         ...
//!   - message: Remove the notes
//!     delete: [NOTES.md]
//! ```

use crate::Console;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One repository of the scene.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepoSpec {
    /// `https://git.lab/<owner>/<name>.git`.
    pub url: String,
    #[serde(default)]
    pub protected: bool,
    /// A simulated teammate who approves new pull requests (`kubelab_sim::git::forge`).
    #[serde(default)]
    pub reviewer: Option<String>,
    #[serde(default)]
    pub commits: Vec<CommitSpec>,
    /// Where to clone it in the home (`~/app-config`).
    #[serde(default)]
    pub clone: Option<String>,
}

/// A commit of a scene's history: files added or changed and files deleted, on top of its
/// branch (a new branch starts from `main`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitSpec {
    pub message: String,
    #[serde(default = "default_author")]
    pub author: String,
    #[serde(default = "default_branch")]
    pub branch: String,
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    #[serde(default)]
    pub delete: Vec<String>,
}

fn default_author() -> String {
    "Alex <alex@lab.local>".into()
}

fn default_branch() -> String {
    "main".into()
}

fn valid_path(p: &str) -> bool {
    !p.is_empty()
        && p.len() <= 1024
        && !p.starts_with('/')
        && !p.ends_with('/')
        && p.split('/').all(|c| !c.is_empty() && c != "." && c != ".." && c != ".git" && c.len() <= 255)
        && !p.contains('\0')
}

/// Checks a scene without running it: URLs, branch names, paths.
pub fn validate(specs: &[RepoSpec]) -> Result<(), String> {
    for r in specs {
        let rest = r.url.strip_prefix("https://git.lab/").and_then(|s| s.strip_suffix(".git"));
        let ok = rest.is_some_and(|s| {
            let parts: Vec<&str> = s.split('/').collect();
            parts.len() == 2
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)))
        });
        if !ok {
            return Err(format!("repos: url {:?}: expected https://git.lab/<owner>/<name>.git", r.url));
        }
        for c in &r.commits {
            if !crate::host::git::valid_branch_name(&c.branch) {
                return Err(format!("repos: {}: invalid branch name {:?}", r.url, c.branch));
            }
            if c.message.trim().is_empty() {
                return Err(format!("repos: {}: a commit without a message", r.url));
            }
            if let Some(p) = c.files.keys().chain(&c.delete).find(|p| !valid_path(p)) {
                return Err(format!("repos: {}: invalid path {p:?}", r.url));
            }
        }
        if let Some(dir) = &r.clone {
            if !(dir.starts_with("~/") || dir.starts_with("/home/student/")) || dir.contains("..") {
                return Err(format!("repos: {}: clone {dir:?} must be in the home (~/...)", r.url));
            }
        }
    }
    Ok(())
}

impl Console {
    /// Seeds the Git host and the home with `specs` (see the module doc) at the current
    /// instant.
    pub fn seed_repos(&mut self, specs: &[RepoSpec]) -> Result<(), String> {
        validate(specs)?;
        for r in specs {
            self.cluster.git_write(|forge, now| {
                forge.create_repo(&r.url, false, r.reviewer.as_deref());
                let mut trees: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
                for c in &r.commits {
                    let start = trees.get(&c.branch).or_else(|| trees.get("main")).cloned().unwrap_or_default();
                    let mut files = start;
                    for d in &c.delete {
                        files.remove(d);
                    }
                    files.extend(c.files.iter().map(|(k, v)| (k.clone(), v.clone())));
                    let refs: Vec<(&str, &str)> = files.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    // A new branch forks from main's tip.
                    let fresh = forge.repo(&r.url).is_some_and(|h| !h.repo.branches.contains_key(&c.branch));
                    if fresh && c.branch != "main" {
                        if let Some(tip) = forge.repo(&r.url).and_then(|h| h.repo.branches.get("main").cloned()) {
                            let from = forge.repo(&r.url).map(|h| h.repo.clone()).unwrap_or_default();
                            let _ = forge.push(&r.url, &from, &c.branch, Some(&tip), true, now);
                        }
                    }
                    forge.put_files(&r.url, &c.branch, &refs, &c.author, &c.message, now);
                    trees.insert(c.branch.clone(), files);
                }
                // Protection last, so the history above could be written.
                forge.create_repo(&r.url, r.protected, r.reviewer.as_deref());
            });
            if let Some(dir) = &r.clone {
                let cwd = std::mem::replace(&mut self.home.cwd, crate::host::fs::HOME.to_string());
                let mut out = crate::Output::default();
                crate::host::git::run(self, &["clone".into(), r.url.clone(), dir.clone()], &mut out);
                self.home.cwd = cwd;
                if out.exit_code != 0 {
                    return Err(format!("repos: clone {dir}: {}", out.stderr.trim_end()));
                }
            }
        }
        Ok(())
    }
}

impl Console {
    /// The student's current directory on the terminal (`/home/student` at the start).
    pub fn home_dir(&self) -> &str {
        &self.home.cwd
    }

    /// The files of the student's home, by absolute path, sorted (for a Files panel).
    pub fn home_files(&self) -> Vec<(&str, &str)> {
        self.home.files.iter().map(|(p, f)| (p.as_str(), f.text.as_str())).collect()
    }

    /// Saves a file in the home as an editor would (relative paths from the current
    /// directory), at the cluster's current time.
    pub fn write_home_file(&mut self, path: &str, text: &str) -> Result<(), String> {
        let abs = self.home.resolve(path).map_err(|e| e.text().to_string())?;
        if !abs.starts_with(&format!("{}/", crate::host::fs::HOME)) || self.home.is_dir(&abs) {
            return Err(format!("{path}: not a file in the home"));
        }
        let now = self.cluster.unix_secs(self.cluster.now());
        self.home.write(&abs, text.to_string(), now)
    }
}

#[cfg(test)]
mod tests {
    use crate::{Console, ConsoleConfig, NoFiles, Profile};

    #[test]
    fn an_editor_save_is_a_change_git_sees() {
        let mut c = Console::new(ConsoleConfig { seed: 1, profile: Profile::Current }, Box::new(NoFiles));
        let spec: Vec<super::RepoSpec> = serde_json::from_str(
            r#"[{"url":"https://git.lab/t/r.git","clone":"~/r","commits":[{"message":"m","files":{"a.txt":"1\n"}}]}]"#,
        )
        .expect("a spec");
        c.seed_repos(&spec).expect("seeds");
        assert_eq!(c.home_files(), vec![("/home/student/r/a.txt", "1\n")]);
        c.write_home_file("r/a.txt", "2\n").expect("saves");
        assert!(c.write_home_file("/etc/passwd", "x").is_err());
        assert!(c.write_home_file("r", "x").is_err());
        c.run("cd r");
        assert_eq!(c.home_dir(), "/home/student/r");
        assert!(c.run("git diff").stdout.contains("-1\n+2\n"));
    }
}
