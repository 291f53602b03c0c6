//! The GitOps tab's data, with no Yew (tested natively): the Git host's repositories as commit
//! graphs with lanes, the CI pipeline's runs and the registry's tags (`gitops_ci.rs`), the open pull requests with their diffs and whether the Merge button may
//! merge them, and each Argo CD Application as the tree Argo CD's UI draws (Application →
//! Deployment → ReplicaSet → Pods, and Services) with its sync and health. The arrows of a change
//! travelling to production and the credential table are in `gitops_chain.rs`.
//!
//! Everything is read from the simulation's state (`Cluster::git()`, the `Application`
//! objects, the live objects), never from console text.
//!
//! Simplified: a graph shows the newest [`MAX_COMMITS`] commits of a repository (all its
//! branches); lanes are assigned newest first as `git log --graph` does, without its
//! compaction of crossing lines.

use kubelab_sim::api::application::Application;
use kubelab_sim::api::{Kind, Object};
use kubelab_sim::argocd::health;
use kubelab_sim::git::diff;
use kubelab_sim::git::forge::HostRepo;
use kubelab_sim::git::repo::merge3;
use kubelab_sim::git::{owner_and_name, PullState};
use kubelab_sim::{Cluster, SimTime};

pub use super::gitops_chain::{chain, cluster_access, credentials, Chain, Credential, Step, StepState};
pub use super::gitops_ci::{RunView, StageView, TagView};

/// Commits drawn per repository, newest first.
pub const MAX_COMMITS: usize = 40;
/// The student's login on the lab's Git host (the console's `git`/`gh` user).
const STUDENT: &str = "student";
/// Diff lines shown per pull request.
pub const MAX_DIFF_LINES: usize = 400;

/// The whole tab.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GitOpsView {
    /// The session has Git repositories or Argo CD: the tab is offered.
    pub relevant: bool,
    pub repos: Vec<RepoGraph>,
    pub pulls: Vec<PullView>,
    pub apps: Vec<AppTree>,
    pub chain: Chain,
    pub credentials: Vec<Credential>,
    /// Pipeline runs, newest first.
    pub runs: Vec<RunView>,
    /// The registry's tags, newest first.
    pub tags: Vec<TagView>,
}

/// A repository's commit graph.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RepoGraph {
    /// `owner/name`.
    pub name: String,
    pub url: String,
    pub default_branch: String,
    pub protected: bool,
    /// How many lanes the graph uses (at least 1).
    pub lanes: usize,
    pub rows: Vec<CommitRow>,
    /// Commits older than the ones drawn.
    pub more: usize,
}

/// One commit of a graph, newest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CommitRow {
    pub sha: String,
    pub short: String,
    pub subject: String,
    pub author: String,
    /// The simulated clock's `HH:MM:SS` when it was committed.
    pub time: String,
    /// The lane of its dot.
    pub lane: usize,
    /// Branches whose tip it is (the default branch first).
    pub branches: Vec<String>,
    /// Lines in the upper half of the row: (lane at the top, lane at the middle).
    pub top: Vec<(usize, usize)>,
    /// Lines in the lower half: (lane at the middle, lane at the bottom).
    pub bottom: Vec<(usize, usize)>,
}

/// An open pull request.
#[derive(Clone, Debug, PartialEq)]
pub struct PullView {
    pub repo: String,
    pub number: u64,
    pub title: String,
    pub head: String,
    pub base: String,
    pub author: String,
    pub opened: String,
    /// Who approved it so far.
    pub approvals: Vec<String>,
    pub additions: usize,
    pub deletions: usize,
    pub diff: Vec<DiffLine>,
    /// The console line the Merge button sends, or why the host would refuse it.
    pub merge: Result<String, String>,
}

/// The kinds of line of a unified diff, for colour (each also keeps its `+`/`-` sign).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffKind {
    /// `diff --git`, `index`, `---`, `+++`.
    Header,
    Hunk,
    Added,
    Removed,
    Context,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DiffLine {
    pub kind: DiffKind,
    pub text: String,
}

/// An Application and its resource tree.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppTree {
    pub name: String,
    /// `owner/name` of its repository, or the URL when not on the lab's host.
    pub repo: String,
    pub path: String,
    pub target: String,
    /// `Synced`, `OutOfSync`, `Unknown`.
    pub sync: String,
    /// The short commit it compared with.
    pub revision: String,
    pub health: String,
    pub policy: String,
    pub nodes: Vec<TreeNode>,
}

/// A live object under an Application.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TreeNode {
    /// `Deployment`, `ReplicaSet`, `Pod`, `Service`, ...
    pub kind: String,
    pub name: String,
    /// Only for the resources the Application tracks (Argo CD shows none on their children).
    pub sync: Option<String>,
    pub health: Option<String>,
    /// What else Argo CD's node shows: a ReplicaSet's revision, a pod's phase, an image.
    pub info: String,
    pub children: Vec<TreeNode>,
}

/// The simulated clock's `HH:MM:SS` of a Unix time.
pub fn clock_of(unix: i64) -> String {
    let s = unix.rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

/// The clock text of a simulated instant.
pub fn clock_at(cluster: &Cluster, t: SimTime) -> String {
    clock_of(cluster.unix_secs(t))
}

pub(crate) fn short(sha: &str) -> String {
    sha.chars().take(7).collect()
}

/// Builds the tab's data.
pub fn gitops_view(cluster: &Cluster) -> GitOpsView {
    let forge = cluster.git();
    let argocd = cluster.argocd_namespace().is_some();
    let repos: Vec<RepoGraph> = forge.repos().map(|(url, host)| graph(url, host)).collect();
    let mut pulls = Vec::new();
    for (url, host) in forge.repos() {
        for p in host.pulls.iter().filter(|p| p.state == PullState::Open) {
            pulls.push(pull_view(cluster, url, host, p.number));
        }
    }
    let apps = applications(cluster).iter().map(|a| app_tree(cluster, a)).collect();
    GitOpsView {
        relevant: argocd || !forge.is_empty(),
        repos,
        pulls: pulls.into_iter().flatten().collect(),
        apps,
        chain: super::gitops_chain::chain(cluster),
        credentials: super::gitops_chain::credentials(cluster),
        runs: super::gitops_ci::runs(cluster),
        tags: super::gitops_ci::tags(cluster),
    }
}

/// The Applications, by name.
pub(crate) fn applications(cluster: &Cluster) -> Vec<Application> {
    let Some(ns) = cluster.argocd_namespace() else { return Vec::new() };
    cluster.list(Kind::Application, Some(ns)).into_iter().filter_map(Application::from_object).collect()
}

/// `owner/name` of a host URL.
pub(crate) fn full_name(url: &str) -> String {
    let (owner, name) = owner_and_name(url);
    format!("{owner}/{name}")
}

/// The commit graph of a repository, newest first, lanes as `git log --graph` lays them.
pub fn graph(url: &str, host: &HostRepo) -> RepoGraph {
    let repo = &host.repo;
    let mut tips: Vec<String> = Vec::new();
    // The default branch first, so it keeps lane 0.
    if let Some(t) = repo.branches.get(&host.default_branch) {
        tips.push(t.clone());
    }
    tips.extend(repo.branches.iter().filter(|(b, _)| **b != host.default_branch).map(|(_, t)| t.clone()));
    let order = repo.log(&tips, false);
    let more = order.len().saturating_sub(MAX_COMMITS);
    let mut lanes: Vec<Option<String>> = Vec::new();
    let mut rows = Vec::new();
    let mut width = 1;
    for id in order.iter().take(MAX_COMMITS) {
        let Some(c) = repo.commit(id) else { continue };
        let mine: Vec<usize> = (0..lanes.len()).filter(|&i| lanes[i].as_deref() == Some(id.as_str())).collect();
        let lane = match mine.first() {
            Some(&l) => l,
            None => match lanes.iter().position(Option::is_none) {
                Some(free) => free,
                None => {
                    lanes.push(None);
                    lanes.len() - 1
                }
            },
        };
        let top: Vec<(usize, usize)> = lanes
            .iter()
            .enumerate()
            .filter_map(|(i, x)| x.as_ref().map(|x| (i, if x == id { lane } else { i })))
            .collect();
        for &i in &mine {
            lanes[i] = None;
        }
        // Lanes that go on past this commit, straight down.
        let through: Vec<usize> = (0..lanes.len()).filter(|&i| lanes[i].is_some()).collect();
        let mut targets = Vec::new();
        for (k, p) in c.parents.iter().enumerate() {
            let j = match lanes.iter().position(|x| x.as_deref() == Some(p.as_str())) {
                Some(j) => j,
                None if k == 0 => {
                    lanes[lane] = Some(p.clone());
                    lane
                }
                None => match lanes.iter().position(Option::is_none) {
                    Some(free) => {
                        lanes[free] = Some(p.clone());
                        free
                    }
                    None => {
                        lanes.push(Some(p.clone()));
                        lanes.len() - 1
                    }
                },
            };
            targets.push(j);
        }
        let mut bottom: Vec<(usize, usize)> = through.iter().map(|&j| (j, j)).collect();
        bottom.extend(targets.iter().map(|&t| (lane, t)));
        bottom.sort_unstable();
        bottom.dedup();
        while lanes.last().is_some_and(Option::is_none) {
            lanes.pop();
        }
        width = width.max(lanes.len()).max(lane + 1);
        let mut branches: Vec<String> =
            repo.branches.iter().filter(|(_, t)| *t == id).map(|(b, _)| b.clone()).collect();
        kubelab_sim::sort::by_key(&mut branches, |b| (*b != host.default_branch, b.clone()));
        rows.push(CommitRow {
            sha: id.clone(),
            short: short(id),
            subject: c.subject().to_string(),
            author: c.author.name.clone(),
            time: clock_of(c.committer.time),
            lane,
            branches,
            top,
            bottom,
        });
    }
    RepoGraph {
        name: full_name(url),
        url: url.to_string(),
        default_branch: host.default_branch.clone(),
        protected: host.protected,
        lanes: width,
        rows,
        more,
    }
}

/// An open pull request: its diff as `gh pr diff` prints it, and whether the host would merge it.
fn pull_view(cluster: &Cluster, url: &str, host: &HostRepo, number: u64) -> Option<PullView> {
    let p = host.pulls.iter().find(|p| p.number == number)?;
    let repo = &host.repo;
    let now = cluster.now();
    let head = repo.branches.get(&p.head).cloned().unwrap_or(p.head_sha.clone());
    let base_tip = repo.branches.get(&p.base).cloned();
    let base = base_tip.as_ref().and_then(|b| repo.merge_base(b, &head));
    let old = base.as_deref().map(|b| repo.files_at(b)).unwrap_or_default();
    let new = repo.files_at(&head);
    let text = diff::tree_diff(&old, &new);
    let (mut additions, mut deletions) = (0, 0);
    let mut lines = Vec::new();
    for l in text.lines() {
        let kind = if l.starts_with("diff --git")
            || l.starts_with("index ")
            || l.starts_with("--- ")
            || l.starts_with("+++ ")
            || l.starts_with("new file")
            || l.starts_with("deleted file")
        {
            DiffKind::Header
        } else if l.starts_with("@@") {
            DiffKind::Hunk
        } else if l.starts_with('+') {
            additions += 1;
            DiffKind::Added
        } else if l.starts_with('-') {
            deletions += 1;
            DiffKind::Removed
        } else {
            DiffKind::Context
        };
        if lines.len() < MAX_DIFF_LINES {
            lines.push(DiffLine { kind, text: l.to_string() });
        }
    }
    let name = full_name(url);
    let approvals: Vec<String> = p.reviews_at(now).filter(|r| r.state == "APPROVED").map(|r| r.user.clone()).collect();
    let merge = if host.protected && p.base == host.default_branch && !p.approved(now) {
        let pending = p.reviews.iter().filter(|r| r.at > now).map(|r| r.at).min();
        // GitHub refuses an approval of one's own pull request; the bot's the student may approve.
        let yours = if p.author == STUDENT {
            "you cannot approve your own pull request".to_string()
        } else {
            format!("or approve it: gh pr review {number} --approve")
        };
        Err(match (pending, p.reviews.iter().find(|r| r.at > now)) {
            (Some(at), Some(r)) => format!(
                "Review required: {} is protected. {} approves at {} ({yours}).",
                p.base,
                r.user,
                clock_at(cluster, at)
            ),
            _ => format!("Review required: {} is protected and needs an approving review ({yours}).", p.base),
        })
    } else if let Some(tip) = base_tip {
        let ancestor = base.as_deref().map(|b| repo.files_at(b)).unwrap_or_default();
        match merge3(&ancestor, &repo.files_at(&tip), &new) {
            Ok(_) => Ok(format!("gh pr merge {number} --merge -R {name}")),
            Err(paths) => Err(format!("This branch has conflicts that must be resolved: {}.", paths.join(", "))),
        }
    } else {
        Err(format!("The base branch {} does not exist.", p.base))
    };
    Some(PullView {
        repo: name,
        number,
        title: p.title.clone(),
        head: p.head.clone(),
        base: p.base.clone(),
        author: p.author.clone(),
        opened: clock_at(cluster, p.created),
        approvals,
        additions,
        deletions,
        diff: lines,
        merge,
    })
}

fn node(cluster: &Cluster, obj: &Object) -> TreeNode {
    let meta = obj.meta();
    let health = health::of(obj).map(|(h, _)| h.as_str().to_string());
    let mut info = String::new();
    let mut children = Vec::new();
    match obj {
        Object::Deployment(d) => {
            let mut sets: Vec<(i64, &Object)> = cluster
                .list(Kind::ReplicaSet, meta.namespace.as_deref())
                .into_iter()
                .filter(|rs| rs.meta().owner_references.iter().any(|o| o.uid == meta.uid))
                .map(|rs| (revision(rs), rs))
                .collect();
            kubelab_sim::sort::by(&mut sets, |a, b| b.0.cmp(&a.0).then_with(|| a.1.meta().name.cmp(&b.1.meta().name)));
            children = sets.into_iter().map(|(_, rs)| node(cluster, rs)).collect();
            info = images(&d.spec.template.spec.containers);
        }
        Object::ReplicaSet(rs) => {
            let mut pods: Vec<&Object> = cluster
                .list(Kind::Pod, meta.namespace.as_deref())
                .into_iter()
                .filter(|p| p.meta().owner_references.iter().any(|o| o.uid == meta.uid))
                .collect();
            kubelab_sim::sort::by(&mut pods, |a, b| a.meta().name.cmp(&b.meta().name));
            children = pods.into_iter().map(|p| node(cluster, p)).collect();
            info = format!("rev:{} · {}", revision(obj), images(&rs.spec.template.spec.containers));
        }
        Object::Pod(p) => {
            let phase = if p.metadata.is_deleting() { "Terminating" } else { p.status.phase.as_str() };
            let ready = if p.is_ready() { "ready" } else { "not ready" };
            info = format!("{phase}, {ready}");
        }
        Object::Service(s) => info = s.spec.type_.clone().unwrap_or_else(|| "ClusterIP".into()),
        _ => {}
    }
    TreeNode { kind: obj.kind().name().to_string(), name: meta.name.clone(), sync: None, health, info, children }
}

fn revision(obj: &Object) -> i64 {
    obj.meta().annotations.get("deployment.kubernetes.io/revision").and_then(|r| r.parse().ok()).unwrap_or(0)
}

fn images(containers: &[kubelab_sim::api::Container]) -> String {
    containers.iter().map(|c| c.image.as_str()).collect::<Vec<_>>().join(", ")
}

/// An Application's tree: its tracked resources (Deployments first, as Argo CD orders by
/// kind), each with its live children.
pub fn app_tree(cluster: &Cluster, app: &Application) -> AppTree {
    let st = &app.status;
    let mut nodes = Vec::new();
    for r in &st.resources {
        let kind = Kind::from_name(&r.kind);
        let live = kind.and_then(|k| cluster.get(k, &r.namespace, &r.name));
        let mut n = match live {
            Some(obj) => node(cluster, obj),
            None => TreeNode { kind: r.kind.clone(), name: r.name.clone(), ..TreeNode::default() },
        };
        n.sync = Some(r.status.clone());
        n.health = r.health.as_ref().map(|h| h.status.clone()).or(n.health);
        if live.is_none() && n.health.is_none() {
            n.health = Some("Missing".into());
        }
        nodes.push(n);
    }
    kubelab_sim::sort::by_key(&mut nodes, |n| (n.kind != "Deployment", n.kind.clone(), n.name.clone()));
    let policy = match app.automated() {
        Some(a) => {
            let mut p = "Automated".to_string();
            let extras: Vec<&str> = [(a.self_heal == Some(true), "self-heal"), (a.prune == Some(true), "prune")]
                .into_iter()
                .filter_map(|(on, s)| on.then_some(s))
                .collect();
            if !extras.is_empty() {
                p.push_str(&format!(" ({})", extras.join(", ")));
            }
            p
        }
        None => "Manual".into(),
    };
    let src = &app.spec.source;
    AppTree {
        name: app.metadata.name.clone(),
        repo: if src.repo_url.starts_with("https://git.lab/") {
            full_name(&src.repo_url)
        } else {
            src.repo_url.clone()
        },
        path: src.path.clone(),
        target: src.revision().to_string(),
        sync: if st.sync.status.is_empty() { "Unknown".into() } else { st.sync.status.clone() },
        revision: short(&st.sync.revision),
        health: if st.health.status.is_empty() { "Unknown".into() } else { st.health.status.clone() },
        policy,
        nodes,
    }
}

#[cfg(test)]
mod tests;
