//! The host's side (GitHub-like): repositories by URL, pushes (fast-forward only unless
//! forced; `main` protected when the repository says so), pull requests with reviews and the
//! three merge methods, and a webhook delivery for every ref update (a push, a merge, a
//! deleted branch), which is also the hook a CI pipeline will start from.
//!
//! Reviews: the student cannot approve their own pull request (GitHub refuses it). A
//! repository may name a simulated teammate (`reviewer`, e.g. `alex`) who approves every new
//! pull request [`REVIEW_DELAY_SECS`] after it is opened; the review exists from creation but
//! counts only from that instant (read lazily from the clock, so nothing runs on a timer).

use super::object::{Id, Signature, ZERO_ID};
use super::repo::{merge3, Files, Repo};
use super::{Delivery, Forge};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};

/// How long the simulated teammate takes to approve a pull request.
pub const REVIEW_DELAY_SECS: u64 = 60;

/// Who commits a merge made on the host.
pub const HOST_COMMITTER: &str = "GitHub <noreply@github.com>";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HostRepo {
    pub repo: Repo,
    /// The branch a clone checks out (`main`).
    pub default_branch: String,
    /// Branch protection on the default branch: no direct pushes, merges need an approval.
    pub protected: bool,
    /// A simulated teammate who approves new pull requests.
    pub reviewer: Option<String>,
    pub pulls: Vec<Pull>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PullState {
    Open,
    Merged,
    Closed,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub user: String,
    /// `APPROVED` (the one state modelled).
    pub state: String,
    pub at: SimTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pull {
    pub number: u64,
    pub title: String,
    pub body: String,
    pub head: String,
    pub base: String,
    pub author: String,
    pub state: PullState,
    pub reviews: Vec<Review>,
    /// The head commit (kept after the branch is deleted).
    pub head_sha: Id,
    pub merge_commit: Option<Id>,
    pub created: SimTime,
    pub merged_at: Option<SimTime>,
    pub closed_at: Option<SimTime>,
}

impl Pull {
    /// Reviews submitted by `now`.
    pub fn reviews_at(&self, now: SimTime) -> impl Iterator<Item = &Review> {
        self.reviews.iter().filter(move |r| r.at <= now)
    }
    pub fn approved(&self, now: SimTime) -> bool {
        self.reviews_at(now).any(|r| r.state == "APPROVED")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MergeMethod {
    Merge,
    Squash,
    Rebase,
}

/// Why the host refused a write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostError {
    RepoNotFound,
    /// A direct push to a protected branch.
    Protected(String),
    /// The pushed commit does not contain the branch's commit.
    NonFastForward,
    /// The commit pushed is not in the pushing repository.
    NoSuchCommit,
    PullNotFound(u64),
    NoSuchBranch(String),
    /// No commits between base and head.
    NoCommits,
    /// An open pull request for the same head and base exists (its number).
    PullExists(u64),
    OwnPull,
    NotOpen(PullState),
    /// Protection requires an approving review.
    ReviewRequired,
    /// The merge cannot be made cleanly (conflicting paths).
    Conflict(Vec<String>),
}

/// What a push changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pushed {
    /// The branch's commit before (`None`: a new branch).
    pub old: Option<Id>,
}

/// The owner and name of `https://git.lab/<owner>/<name>.git`.
pub fn owner_and_name(url: &str) -> (String, String) {
    let path = url.trim_end_matches('/').trim_end_matches(".git");
    let path = path.split("://").nth(1).unwrap_or(path);
    let mut parts = path.rsplit('/');
    let name = parts.next().unwrap_or_default().to_string();
    let owner = parts.next().unwrap_or_default().to_string();
    (owner, name)
}

impl Forge {
    /// Unix seconds of `at` on the cluster's calendar (set by `Cluster::git_write`).
    pub fn unix(&self, at: SimTime) -> i64 {
        self.epoch_unix_secs.saturating_add(at.as_secs() as i64)
    }

    pub fn repo(&self, url: &str) -> Option<&HostRepo> {
        self.repos.get(url)
    }

    /// The host's repositories by URL.
    pub fn repos(&self) -> impl Iterator<Item = (&String, &HostRepo)> {
        self.repos.iter()
    }

    /// Creates an empty repository (or changes the settings of an existing one).
    pub fn create_repo(&mut self, url: &str, protected: bool, reviewer: Option<&str>) {
        let r = self.repos.entry(url.to_string()).or_default();
        if r.default_branch.is_empty() {
            r.default_branch = "main".into();
        }
        r.protected = protected;
        r.reviewer = reviewer.map(str::to_string);
    }

    fn deliver(&mut self, url: &str, branch: &str, after: &str, at: SimTime) {
        let seq = self.deliveries.len() as u64 + 1;
        self.deliveries.push(Delivery {
            seq,
            at,
            url: url.to_string(),
            git_ref: format!("refs/heads/{branch}"),
            after: after.to_string(),
        });
    }

    /// All webhook deliveries, oldest first.
    pub fn deliveries(&self) -> &[Delivery] {
        &self.deliveries
    }

    /// A push of commit `new` of `from` to `branch` (`None` deletes the branch).
    pub fn push(
        &mut self,
        url: &str,
        from: &Repo,
        branch: &str,
        new: Option<&str>,
        force: bool,
        at: SimTime,
    ) -> Result<Pushed, HostError> {
        let host = self.repos.get_mut(url).ok_or(HostError::RepoNotFound)?;
        if host.protected && branch == host.default_branch {
            return Err(HostError::Protected(branch.to_string()));
        }
        let old = host.repo.branches.get(branch).cloned();
        let Some(new) = new else {
            if old.is_none() {
                return Err(HostError::NoSuchBranch(branch.to_string()));
            }
            host.repo.branches.remove(branch);
            self.deliver(url, branch, ZERO_ID, at);
            return Ok(Pushed { old });
        };
        if from.commit(new).is_none() {
            return Err(HostError::NoSuchCommit);
        }
        if let Some(o) = &old {
            if o == new {
                return Ok(Pushed { old });
            }
            // The pusher's history must contain the branch's commit (checked before anything
            // is copied: a refused push leaves the host as it was).
            if !force && !from.is_ancestor(o, new) {
                return Err(HostError::NonFastForward);
            }
        }
        from.copy_reachable(new, &mut host.repo);
        host.repo.branches.insert(branch.to_string(), new.to_string());
        self.deliver(url, branch, new, at);
        Ok(Pushed { old })
    }

    /// Opens a pull request of `head` into `base`; its number.
    #[allow(clippy::too_many_arguments)]
    pub fn create_pull(
        &mut self,
        url: &str,
        head: &str,
        base: &str,
        title: &str,
        body: &str,
        author: &str,
        at: SimTime,
    ) -> Result<u64, HostError> {
        let host = self.repos.get_mut(url).ok_or(HostError::RepoNotFound)?;
        let head_sha = host.repo.branches.get(head).cloned().ok_or_else(|| HostError::NoSuchBranch(head.into()))?;
        let base_sha = host.repo.branches.get(base).cloned().ok_or_else(|| HostError::NoSuchBranch(base.into()))?;
        if let Some(p) = host.pulls.iter().find(|p| p.state == PullState::Open && p.head == head && p.base == base) {
            return Err(HostError::PullExists(p.number));
        }
        if host.repo.is_ancestor(&head_sha, &base_sha) {
            return Err(HostError::NoCommits);
        }
        let number = host.pulls.len() as u64 + 1;
        let reviews = match &host.reviewer {
            Some(r) if r != author => vec![Review {
                user: r.clone(),
                state: "APPROVED".into(),
                at: at + SimDuration::from_secs(REVIEW_DELAY_SECS),
            }],
            _ => vec![],
        };
        host.pulls.push(Pull {
            number,
            title: title.to_string(),
            body: body.to_string(),
            head: head.to_string(),
            base: base.to_string(),
            author: author.to_string(),
            state: PullState::Open,
            reviews,
            head_sha,
            merge_commit: None,
            created: at,
            merged_at: None,
            closed_at: None,
        });
        Ok(number)
    }

    fn pull_mut(&mut self, url: &str, number: u64) -> Result<&mut Pull, HostError> {
        let host = self.repos.get_mut(url).ok_or(HostError::RepoNotFound)?;
        host.pulls.iter_mut().find(|p| p.number == number).ok_or(HostError::PullNotFound(number))
    }

    /// An approving review by `user`.
    pub fn approve(&mut self, url: &str, number: u64, user: &str, at: SimTime) -> Result<(), HostError> {
        let pull = self.pull_mut(url, number)?;
        if pull.state != PullState::Open {
            return Err(HostError::NotOpen(pull.state));
        }
        if pull.author == user {
            return Err(HostError::OwnPull);
        }
        pull.reviews.push(Review { user: user.to_string(), state: "APPROVED".into(), at });
        Ok(())
    }

    pub fn close_pull(&mut self, url: &str, number: u64, at: SimTime) -> Result<(), HostError> {
        let pull = self.pull_mut(url, number)?;
        if pull.state != PullState::Open {
            return Err(HostError::NotOpen(pull.state));
        }
        pull.state = PullState::Closed;
        pull.closed_at = Some(at);
        Ok(())
    }

    /// Merges pull request `number` by `user` (`Name <email>`, or a login); the new commit on the
    /// base branch.
    pub fn merge_pull(
        &mut self,
        url: &str,
        number: u64,
        method: MergeMethod,
        user: &str,
        at: SimTime,
    ) -> Result<Id, HostError> {
        let unix = self.unix(at);
        let (owner, _) = owner_and_name(url);
        let host = self.repos.get_mut(url).ok_or(HostError::RepoNotFound)?;
        let pull = host.pulls.iter().find(|p| p.number == number).ok_or(HostError::PullNotFound(number))?.clone();
        if pull.state != PullState::Open {
            return Err(HostError::NotOpen(pull.state));
        }
        if host.protected && pull.base == host.default_branch && !pull.approved(at) {
            return Err(HostError::ReviewRequired);
        }
        let repo = &mut host.repo;
        let head = repo.branches.get(&pull.head).cloned().unwrap_or(pull.head_sha.clone());
        let base = repo.branches.get(&pull.base).cloned().ok_or_else(|| HostError::NoSuchBranch(pull.base.clone()))?;
        // The tips' three-way merge (a merge commit, or a squash).
        let merged = |repo: &Repo| {
            let merge_base = repo.merge_base(&base, &head);
            let ancestor: Files = merge_base.as_deref().map(|b| repo.files_at(b)).unwrap_or_default();
            merge3(&ancestor, &repo.files_at(&base), &repo.files_at(&head)).map_err(HostError::Conflict)
        };
        let merger = Signature::parse(user, unix);
        let github = Signature::parse(HOST_COMMITTER, unix);
        let new = match method {
            MergeMethod::Merge => {
                let files = merged(repo)?;
                let msg = format!("Merge pull request #{number} from {owner}/{}\n\n{}", pull.head, pull.title);
                repo.make_commit(vec![base.clone(), head.clone()], &files, merger, github, &msg)
            }
            MergeMethod::Squash => {
                let files = merged(repo)?;
                let msg = format!("{} (#{number})", pull.title);
                repo.make_commit(vec![base.clone()], &files, merger, github, &msg)
            }
            MergeMethod::Rebase => {
                // Each commit of the pull request replayed on the base, oldest first; as on
                // GitHub, a conflict at any step refuses the whole rebase and writes nothing.
                let of_base = repo.ancestors(&base);
                let mut own: Vec<Id> =
                    repo.log(std::slice::from_ref(&head), true).into_iter().filter(|c| !of_base.contains(c)).collect();
                own.reverse();
                let mut steps = Vec::new();
                let mut files = repo.files_at(&base);
                for c in own {
                    let Some(commit) = repo.commit(&c).cloned() else { continue };
                    let parent = commit.parents.first().map(|p| repo.files_at(p)).unwrap_or_default();
                    files = merge3(&parent, &files, &repo.files_at(&c)).map_err(HostError::Conflict)?;
                    steps.push((commit, files.clone()));
                }
                let mut tip = base.clone();
                for (commit, files) in steps {
                    let committer = Signature { time: unix, ..github.clone() };
                    tip = repo.make_commit(vec![tip], &files, commit.author.clone(), committer, &commit.message);
                }
                tip
            }
        };
        repo.branches.insert(pull.base.clone(), new.clone());
        if let Some(p) = host.pulls.iter_mut().find(|p| p.number == number) {
            p.state = PullState::Merged;
            p.head_sha = head;
            p.merge_commit = Some(new.clone());
            p.merged_at = Some(at);
        }
        self.deliver(url, &pull.base, &new, at);
        Ok(new)
    }

    /// Deletes branch `branch` on the host (`gh pr merge --delete-branch`).
    pub fn delete_branch(&mut self, url: &str, branch: &str, at: SimTime) -> Result<(), HostError> {
        let host = self.repos.get_mut(url).ok_or(HostError::RepoNotFound)?;
        let Some(tip) = host.repo.branches.remove(branch) else {
            return Err(HostError::NoSuchBranch(branch.to_string()));
        };
        // The pull requests of that branch keep their head commit.
        for p in host.pulls.iter_mut().filter(|p| p.head == branch) {
            if p.state == PullState::Open {
                p.head_sha = tip.clone();
            }
        }
        self.deliver(url, branch, ZERO_ID, at);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://git.lab/team/app-config.git";

    fn host() -> (Forge, Repo) {
        let mut f = Forge::default();
        f.set_epoch(1_772_438_400);
        f.put_files(URL, "main", &[("k8s/d.yaml", "image: v1\n")], "Alex <alex@lab.local>", "init", SimTime(0));
        f.create_repo(URL, true, Some("alex"));
        let mut local = Repo::default();
        let tip = f.repo(URL).and_then(|h| h.repo.branches.get("main").cloned()).unwrap_or_default();
        if let Some(h) = f.repo(URL) {
            h.repo.copy_reachable(&tip, &mut local);
        }
        let who = Signature::parse("Student <student@lab.local>", 1_772_438_460);
        let files: Files = [("k8s/d.yaml".to_string(), "image: v2\n".to_string())].into();
        let id = local.make_commit(vec![tip], &files, who.clone(), who, "bump");
        local.branches.insert("bump".into(), id);
        (f, local)
    }

    #[test]
    fn protection_refuses_direct_pushes_and_unapproved_merges() {
        let (mut f, local) = host();
        let tip = local.branches["bump"].clone();
        let deliveries = f.deliveries().len();
        assert_eq!(
            f.push(URL, &local, "main", Some(&tip), false, SimTime(1000)),
            Err(HostError::Protected("main".into()))
        );
        assert_eq!(f.deliveries().len(), deliveries, "a refused push sends nothing");
        assert!(f.push(URL, &local, "bump", Some(&tip), false, SimTime(1000)).is_ok());
        let n = f.create_pull(URL, "bump", "main", "Bump", "", "student", SimTime(1000)).expect("opens");
        assert_eq!(
            f.create_pull(URL, "bump", "main", "Again", "", "student", SimTime(1000)),
            Err(HostError::PullExists(n))
        );
        assert_eq!(f.approve(URL, n, "student", SimTime(2000)), Err(HostError::OwnPull));
        // The teammate's approval counts from a minute after the pull request opened.
        assert_eq!(
            f.merge_pull(URL, n, MergeMethod::Merge, "student", SimTime(60_999)),
            Err(HostError::ReviewRequired)
        );
        let merged =
            f.merge_pull(URL, n, MergeMethod::Merge, "Student <student@lab.local>", SimTime(61_000)).expect("merges");
        let last = f.deliveries().last().cloned().expect("a delivery");
        assert_eq!((last.git_ref.as_str(), last.after.as_str()), ("refs/heads/main", merged.as_str()));
        let c = f.repo(URL).and_then(|h| h.repo.commit(&merged).cloned()).expect("the merge commit");
        assert_eq!(c.message, "Merge pull request #1 from team/bump\n\nBump\n");
        assert_eq!(c.parents.len(), 2);
        assert_eq!(c.committer.ident(), HOST_COMMITTER);
        assert_eq!(f.checkout(URL, "main", "k8s").map(|c| c.files), Ok(vec![("d.yaml".into(), "image: v2\n".into())]));
        assert_eq!(
            f.merge_pull(URL, n, MergeMethod::Merge, "student", SimTime(62_000)),
            Err(HostError::NotOpen(PullState::Merged))
        );
    }

    #[test]
    fn conflicting_and_empty_pull_requests_are_refused() {
        let (mut f, local) = host();
        let tip = local.branches["bump"].clone();
        f.push(URL, &local, "bump", Some(&tip), false, SimTime(0)).expect("pushed");
        // main moves on the same file.
        f.create_repo(URL, false, None);
        f.put_files(URL, "main", &[("k8s/d.yaml", "image: v3\n")], "Alex", "v3", SimTime(5000));
        let n = f.create_pull(URL, "bump", "main", "Bump", "", "student", SimTime(6000)).expect("opens");
        assert_eq!(
            f.merge_pull(URL, n, MergeMethod::Squash, "student", SimTime(7000)),
            Err(HostError::Conflict(vec!["k8s/d.yaml".into()]))
        );
        let main = f.repo(URL).map(|h| h.repo.branches["main"].clone()).unwrap_or_default();
        let copy = f.repo(URL).map(|h| h.repo.clone()).unwrap_or_default();
        f.push(URL, &copy, "same", Some(&main), false, SimTime(8000)).expect("pushed");
        assert_eq!(
            f.create_pull(URL, "same", "main", "Nothing", "", "student", SimTime(8000)),
            Err(HostError::NoCommits)
        );
        assert_eq!(owner_and_name(URL), ("team".to_string(), "app-config".to_string()));
    }
}
