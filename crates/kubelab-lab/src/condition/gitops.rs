//! GitOps conditions (issue 13): `application` (an Argo CD Application's sync status, health,
//! the Git revision it is synced to, its sync history), `git` (a branch of a repository on the
//! lab's Git host: a file's text at its tip, the subjects of its history) and `pull_request`
//! (some pull request of a repository in a state, approved, carrying a file's text).
//!
//! They read what the student could read with `argocd app get`, `git log` on a fresh clone and
//! `gh pr list`: the Application object in the cluster and the Git host beside it
//! ([`Cluster::git`]), never the student's clone (whose state is the console's, not the
//! cluster's), so a goal is about what reached the host, not about what was typed.

use super::{plural, Context, Count, Evaluation, Facts};
use crate::pattern::glob_matches;
use kubelab_sim::api::application::Application;
use kubelab_sim::git::{owner_and_name, HostRepo, Pull, PullState};
use kubelab_sim::{Cluster, Kind};
use serde::{Deserialize, Serialize};

fn argocd_namespace() -> String {
    "argocd".to_string()
}

fn main_branch() -> String {
    "main".to_string()
}

/// The sync statuses and health statuses Argo CD reports.
pub const SYNC_STATUSES: &[&str] = &["Synced", "OutOfSync", "Unknown"];
pub const HEALTH_STATUSES: &[&str] = &["Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown"];

/// `application:` — the Argo CD Application `name` exists in `namespace` (default `argocd`), and
/// every field given holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationCheck {
    pub name: String,
    #[serde(default = "argocd_namespace")]
    pub namespace: String,
    /// `status.sync.status`: `Synced`, `OutOfSync` or `Unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync: Option<String>,
    /// `status.health.status`: `Healthy`, `Progressing`, `Degraded`, `Suspended`, `Missing`, `Unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health: Option<String>,
    /// `true`: the revision it compared with (`status.sync.revision`) is the commit its source's
    /// target revision (`HEAD`: the default branch) points to on the Git host now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_head: Option<bool>,
    /// Count: the entries of its sync history (`argocd app history`; each sync adds one, a
    /// self-heal too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub syncs: Option<Count>,
    /// `spec.syncPolicy.automated.selfHeal` is on (`true`) or off (`false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_heal: Option<bool>,
}

/// `git:` — branch `branch` (default `main`) of repository `repo` on the Git host, with every
/// fact given.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GitCheck {
    /// The clone URL: `https://git.lab/team/app-config.git`.
    pub repo: String,
    #[serde(default = "main_branch")]
    pub branch: String,
    /// A path from the repository's root; with `contains`, its text at the branch's tip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Text the file holds (a plain substring).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contains: Option<String>,
    /// A glob over commit subjects: some commit reachable from the branch has a matching one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Count: the commits reachable from the branch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commits: Option<Count>,
}

/// `pull_request:` — some pull request of `repo` matching every field given.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PullRequestCheck {
    pub repo: String,
    /// `open`, `merged` or `closed` (closed without merging).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// The branch it merges into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// A reviewer has approved it (`true`) or nobody has yet (`false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved: Option<bool>,
    /// With `contains`: a path whose text at the pull request's head commit holds `contains`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contains: Option<String>,
}

const PULL_STATES: &[&str] = &["open", "merged", "closed"];

fn short(sha: &str) -> &str {
    sha.get(..7).unwrap_or(sha)
}

fn repo_name(url: &str) -> String {
    let (owner, name) = owner_and_name(url);
    format!("{owner}/{name}")
}

fn check_file_fields(what: &str, file: &Option<String>, contains: &Option<String>) -> Result<(), String> {
    if file.is_some() != contains.is_some() {
        return Err(format!("{what}: `file` and `contains` go together"));
    }
    Ok(())
}

impl ApplicationCheck {
    pub(super) fn validate(&self) -> Result<(), String> {
        super::non_empty("application", "name", &self.name)?;
        if let Some(s) = self.sync.as_deref().filter(|s| !SYNC_STATUSES.contains(s)) {
            return Err(format!("application: sync \"{s}\" is not one of {}", SYNC_STATUSES.join(", ")));
        }
        if let Some(h) = self.health.as_deref().filter(|h| !HEALTH_STATUSES.contains(h)) {
            return Err(format!("application: health \"{h}\" is not one of {}", HEALTH_STATUSES.join(", ")));
        }
        Ok(())
    }

    pub(super) fn eval(&self, cluster: &Cluster) -> Evaluation {
        let subject = format!("application {}", self.name);
        let Some(app) = cluster
            .get(Kind::Application, &self.namespace, &self.name)
            .filter(|o| super::live(o))
            .and_then(Application::from_object)
        else {
            return Evaluation::new(false, format!("{subject} does not exist"));
        };
        let mut facts = Facts::new(subject);
        let status = &app.status;
        if let Some(want) = &self.sync {
            let is = if status.sync.status.is_empty() { "Unknown" } else { status.sync.status.as_str() };
            facts.fact(is == want, if is == want { format!("is {is}") } else { format!("is {is} (wanted {want})") });
        }
        if let Some(want) = &self.health {
            let is = if status.health.status.is_empty() { "Unknown" } else { status.health.status.as_str() };
            facts.fact(is == want, if is == want { format!("is {is}") } else { format!("is {is} (wanted {want})") });
        }
        if let Some(want) = self.at_head {
            let source = &app.spec.source;
            let head = cluster.git().checkout(&source.repo_url, source.revision(), ".").map(|c| c.sha).ok();
            let compared = status.sync.revision.as_str();
            let at = head.as_deref().is_some_and(|h| h == compared);
            let text = match (&head, compared.is_empty()) {
                (None, _) => format!("cannot read {} in Git", source.revision()),
                (Some(h), true) => format!("has not compared with Git yet (head {})", short(h)),
                (Some(h), false) if at => format!("is at the head of Git ({})", short(h)),
                (Some(h), false) => format!("is at {}, Git's head is {}", short(compared), short(h)),
            };
            facts.fact(at == want, text);
        }
        facts.count(self.syncs, status.history.len() as i64, |n| format!("has {} in its history", plural(n, "sync")));
        if let Some(want) = self.self_heal {
            let on = app.self_heal();
            let text = format!("has self-heal {}", if on { "on" } else { "off" });
            facts.fact(on == want, text);
        }
        facts.finish("exists")
    }
}

impl GitCheck {
    pub(super) fn validate(&self) -> Result<(), String> {
        super::non_empty("git", "repo", &self.repo)?;
        super::non_empty("git", "branch", &self.branch)?;
        check_file_fields("git", &self.file, &self.contains)?;
        if self.file.is_none() && self.message.is_none() && self.commits.is_none() {
            return Err("git: give `file` with `contains`, `message` or `commits`".into());
        }
        Ok(())
    }

    pub(super) fn eval(&self, cluster: &Cluster) -> Evaluation {
        let Some(host) = cluster.git().repo(&self.repo) else {
            return Evaluation::new(false, format!("no repository {} on the Git host", self.repo));
        };
        let subject = format!("{} of {}", self.branch, repo_name(&self.repo));
        let Some(tip) = host.repo.branches.get(&self.branch) else {
            return Evaluation::new(false, format!("{subject} does not exist"));
        };
        let mut facts = Facts::new(subject);
        if let (Some(file), Some(text)) = (&self.file, &self.contains) {
            file_fact(&mut facts, host, tip, file, text);
        }
        if self.message.is_some() || self.commits.is_some() {
            let log = host.repo.log(std::slice::from_ref(tip), false);
            if let Some(glob) = &self.message {
                let found = log
                    .iter()
                    .filter_map(|id| host.repo.commit(id))
                    .find(|c| glob_matches(glob, c.subject()))
                    .map(|c| c.subject().to_string());
                match found {
                    Some(s) => facts.fact(true, format!("has the commit \"{s}\"")),
                    None => facts.fact(false, format!("has no commit like \"{glob}\"")),
                }
            }
            facts.count(self.commits, log.len() as i64, |n| format!("has {}", plural(n, "commit")));
        }
        facts.finish("exists")
    }
}

/// `has FILE with "TEXT"` at commit `at`.
fn file_fact(facts: &mut Facts, host: &HostRepo, at: &str, file: &str, text: &str) {
    let files = host.repo.files_at(at);
    match files.get(file.trim_start_matches('/')) {
        Some(body) if body.contains(text) => facts.fact(true, format!("has \"{text}\" in {file}")),
        Some(_) => facts.fact(false, format!("has no \"{text}\" in {file}")),
        None => facts.fact(false, format!("has no file {file}")),
    }
}

fn state_word(p: &Pull) -> &'static str {
    match p.state {
        PullState::Open => "open",
        PullState::Merged => "merged",
        PullState::Closed => "closed",
    }
}

impl PullRequestCheck {
    pub(super) fn validate(&self) -> Result<(), String> {
        super::non_empty("pull_request", "repo", &self.repo)?;
        check_file_fields("pull_request", &self.file, &self.contains)?;
        if let Some(s) = self.state.as_deref().filter(|s| !PULL_STATES.contains(s)) {
            return Err(format!("pull_request: state \"{s}\" is not one of {}", PULL_STATES.join(", ")));
        }
        Ok(())
    }

    pub(super) fn eval(&self, cx: &Context) -> Evaluation {
        let cluster = cx.cluster;
        let Some(host) = cluster.git().repo(&self.repo) else {
            return Evaluation::new(false, format!("no repository {} on the Git host", self.repo));
        };
        let now = cluster.now();
        let mut first_unmet = None;
        // The newest first: the explanation follows the student's latest pull request.
        for p in host.pulls.iter().rev() {
            let mut facts = Facts::new(format!("pull request #{} of {}", p.number, repo_name(&self.repo)));
            if let Some(want) = &self.state {
                let is = state_word(p);
                facts
                    .fact(is == want, if is == want { format!("is {is}") } else { format!("is {is} (wanted {want})") });
            }
            if let Some(want) = &self.base {
                facts.fact(&p.base == want, format!("merges into {}", p.base));
            }
            if let Some(want) = self.approved {
                let yes = p.approved(now);
                facts.fact(yes == want, if yes { "is approved".into() } else { "is not approved yet".into() });
            }
            if let (Some(file), Some(text)) = (&self.file, &self.contains) {
                file_fact(&mut facts, host, &p.head_sha, file, text);
            }
            let e = facts.finish("exists");
            if e.met {
                return e;
            }
            first_unmet.get_or_insert(e);
        }
        first_unmet.unwrap_or_else(|| Evaluation::new(false, format!("no pull request in {}", repo_name(&self.repo))))
    }
}

#[cfg(test)]
mod tests {
    use super::super::Condition;
    use crate::{Context, Evaluation, Exercise, Session};
    use std::collections::BTreeSet;

    const REPO: &str = "https://git.lab/team/cfg.git";

    /// An exercise whose setup creates an automated Application `web` over a protected
    /// repository with a reviewer, and lets it sync.
    fn synced() -> Session {
        let yaml = format!(
            "id: g\ntitle: G\nprofile: current\naddons: [argocd]\nrepos:\n- url: {REPO}\n  protected: true\n  reviewer: alex\n  clone: ~/cfg\n  commits:\n  - message: Add web\n    files:\n      k8s/web.yaml: |\n        apiVersion: apps/v1\n        kind: Deployment\n        metadata:\n          name: web\n        spec:\n          replicas: 2\n          selector:\n            matchLabels: {{app: web}}\n          template:\n            metadata:\n              labels: {{app: web}}\n            spec:\n              containers:\n              - name: web\n                image: nginx:1.25\nsetup:\n- argocd app create web --repo {REPO} --path k8s --dest-server https://kubernetes.default.svc --dest-namespace default --sync-policy automated\n- sleep 20\n- cd ~/cfg\nsteps: []\n"
        );
        Session::new(Exercise::load(&yaml, &[]).expect("loads")).expect("setup")
    }

    fn run(s: &mut Session, line: &str) {
        let out = s.run(line);
        assert_eq!(out.exit_code, 0, "`{line}`: {}{}", out.stdout, out.stderr);
    }

    fn eval(s: &Session, yaml: &str) -> Evaluation {
        let c: Condition = serde_norway::from_str(yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"));
        c.validate(&BTreeSet::new()).unwrap_or_else(|e| panic!("{yaml}: {e}"));
        c.evaluate(&Context::new(s.cluster(), &[]))
    }

    fn met(s: &Session, yaml: &str) -> String {
        let e = eval(s, yaml);
        assert!(e.met, "expected met: {yaml}\n  -> {}", e.explanation);
        e.explanation
    }

    fn unmet(s: &Session, yaml: &str) -> String {
        let e = eval(s, yaml);
        assert!(!e.met, "expected unmet: {yaml}\n  -> {}", e.explanation);
        e.explanation
    }

    #[test]
    fn application_sync_health_head_history_and_self_heal() {
        let mut s = synced();
        let text = met(&s, "application: {name: web, sync: Synced, health: Healthy, at_head: true, syncs: 1}");
        assert!(text.starts_with("application web is Synced, is Healthy, is at the head of Git ("), "{text}");
        assert_eq!(unmet(&s, "application: {name: nope}"), "application nope does not exist");
        assert_eq!(unmet(&s, "application: {name: web, self_heal: true}"), "application web has self-heal off");
        assert!(unmet(&s, "application: {name: web, sync: OutOfSync}").contains("is Synced (wanted OutOfSync)"));
        // Drift by hand: OutOfSync at once (no self-heal), the history unchanged.
        run(&mut s, "kubectl scale deployment web --replicas=4");
        met(&s, "application: {name: web, sync: OutOfSync, syncs: 1}");
        run(&mut s, "argocd app set web --self-heal");
        run(&mut s, "sleep 6");
        let text = met(&s, "application: {name: web, sync: Synced, self_heal: true, syncs: 2}");
        assert!(text.contains("has 2 syncs in its history"), "{text}");
        // Another namespace holds no application of that name.
        unmet(&s, "application: {name: web, namespace: default}");
    }

    #[test]
    fn git_and_pull_requests_follow_the_host() {
        let mut s = synced();
        met(
            &s,
            &format!("git: {{repo: {REPO}, file: k8s/web.yaml, contains: 'nginx:1.25', message: 'Add*', commits: 1}}"),
        );
        assert_eq!(
            unmet(&s, &format!("git: {{repo: {REPO}, file: k8s/web.yaml, contains: 'nginx:1.26'}}")),
            "main of team/cfg has no \"nginx:1.26\" in k8s/web.yaml"
        );
        assert_eq!(
            unmet(&s, &format!("git: {{repo: {REPO}, branch: dev, commits: 1}}")),
            "dev of team/cfg does not exist"
        );
        assert_eq!(
            unmet(&s, "git: {repo: 'https://git.lab/x/y.git', commits: 1}"),
            "no repository https://git.lab/x/y.git on the Git host"
        );
        assert_eq!(unmet(&s, &format!("pull_request: {{repo: {REPO}}}")), "no pull request in team/cfg");
        // A direct push is refused: main unchanged.
        run(&mut s, "sed -i 's/nginx:1.25/nginx:1.26/' k8s/web.yaml");
        run(&mut s, "git commit -am 'Bump web'");
        assert_ne!(s.run("git push").exit_code, 0);
        unmet(&s, &format!("git: {{repo: {REPO}, message: 'Bump*'}}"));
        // By pull request: open, not approved, then approved a minute later, then merged.
        run(&mut s, "git switch -c bump");
        run(&mut s, "git push -u origin bump");
        run(&mut s, "gh pr create --title Bump --body 1.26");
        let text = met(&s, &format!("pull_request: {{repo: {REPO}, state: open, base: main, approved: false, file: k8s/web.yaml, contains: 'nginx:1.26'}}"));
        assert_eq!(text, "pull request #1 of team/cfg is open, merges into main, is not approved yet, has \"nginx:1.26\" in k8s/web.yaml");
        assert!(
            unmet(&s, &format!("pull_request: {{repo: {REPO}, state: merged}}")).contains("is open (wanted merged)")
        );
        run(&mut s, "sleep 60");
        met(&s, &format!("pull_request: {{repo: {REPO}, approved: true}}"));
        met(&s, "application: {name: web, at_head: true, syncs: 1}");
        run(&mut s, "gh pr merge 1 --merge");
        met(&s, &format!("pull_request: {{repo: {REPO}, state: merged}}"));
        met(&s, &format!("git: {{repo: {REPO}, file: k8s/web.yaml, contains: 'nginx:1.26', message: 'Merge pull request #1*', commits: 3}}"));
        // The webhook: the agent synced the merge in the same instant.
        met(&s, "application: {name: web, at_head: true, syncs: 2}");
    }

    #[test]
    fn gitops_conditions_are_validated() {
        let bad = |yaml: &str| {
            let c: Condition = serde_norway::from_str(yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"));
            c.validate(&BTreeSet::new()).expect_err(yaml)
        };
        assert!(bad("application: {name: web, sync: Done}")
            .contains("sync \"Done\" is not one of Synced, OutOfSync, Unknown"));
        assert!(bad("application: {name: web, health: Fine}").contains("health \"Fine\""));
        assert!(bad("application: {name: ''}").contains("`name` must not be empty"));
        assert!(bad("git: {repo: r}").contains("give `file` with `contains`, `message` or `commits`"));
        assert!(bad("git: {repo: r, file: a}").contains("`file` and `contains` go together"));
        assert!(bad("pull_request: {repo: r, state: shut}").contains("state \"shut\""));
        assert!(bad("pull_request: {repo: r, contains: x}").contains("go together"));
        assert!(serde_norway::from_str::<Condition>("pull_request: {repo: r, merged: true}").is_err());
    }
}
