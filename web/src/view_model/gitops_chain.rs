//! The GitOps tab's arrows and credential table, with no Yew.
//!
//! The arrows follow the newest change to the configuration repository (the repository an
//! Application reads) on its way to production: commit → pipeline → image → pull request →
//! merge → webhook → sync → rollout → traffic on the new version. Each step is lit from the
//! simulation's own state: the host's branches, pull requests and webhook deliveries, the
//! Application's sync status and history, the Deployments' rollout status, and the traffic
//! model's requests per version in the last second.
//!
//! The credential table says which component holds which credential and what it can reach, from
//! what exists: the host's repositories and their protection, Argo CD's ServiceAccount and its
//! pods, the Applications' repositories.
//!
//! Simplified: the pipeline and image steps stay off until the lab has a CI pipeline.

use super::gitops::{applications, clock_at, full_name, short};
use kubelab_sim::api::application::Application;
use kubelab_sim::api::{Kind, Object};
use kubelab_sim::git::forge::HostRepo;
use kubelab_sim::git::{Delivery, PullState};
use kubelab_sim::traffic::{self, UNANSWERED};
use kubelab_sim::Cluster;

/// How far a step has come.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StepState {
    /// Not part of this change (no pipeline in the lab; pushed straight to the branch).
    #[default]
    Off,
    /// Not reached yet.
    Waiting,
    /// Under way (a rollout in progress, traffic moving).
    Active,
    /// Done: lit.
    Done,
}

impl StepState {
    /// The word the page shows beside the colour.
    pub fn label(self) -> &'static str {
        match self {
            StepState::Off => "not used",
            StepState::Waiting => "waiting",
            StepState::Active => "under way",
            StepState::Done => "done",
        }
    }
    pub fn class(self) -> &'static str {
        match self {
            StepState::Off => "off",
            StepState::Waiting => "waiting",
            StepState::Active => "active",
            StepState::Done => "done",
        }
    }
}

/// One step of the way.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Step {
    pub id: &'static str,
    pub label: &'static str,
    pub state: StepState,
    pub detail: String,
}

/// The arrows: the change followed and its steps in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chain {
    /// What the change is, in words (empty: nothing to follow yet).
    pub change: String,
    pub steps: Vec<Step>,
}

/// A row of the credential table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Credential {
    pub component: String,
    /// `inside the cluster` or `outside the cluster`.
    pub place: String,
    pub credential: String,
    pub reaches: String,
}

const STEPS: [(&str, &str); 9] = [
    ("commit", "Commit"),
    ("pipeline", "Pipeline"),
    ("image", "Image"),
    ("pr", "Pull request"),
    ("merge", "Merge"),
    ("webhook", "Webhook"),
    ("sync", "Sync"),
    ("rollout", "Rollout"),
    ("traffic", "Traffic"),
];

fn set(steps: &mut [Step], id: &str, state: StepState, detail: impl Into<String>) {
    if let Some(s) = steps.iter_mut().find(|s| s.id == id) {
        s.state = state;
        s.detail = detail.into();
    }
}

/// The repository the arrows follow: the first Application's, else the first on the host.
fn config_repo(cluster: &Cluster, apps: &[Application]) -> Option<String> {
    let forge = cluster.git();
    apps.iter()
        .map(|a| a.spec.source.repo_url.clone())
        .find(|u| forge.repo(u).is_some())
        .or_else(|| forge.repos().next().map(|(u, _)| u.clone()))
}

/// The steps of the newest change to the configuration repository.
pub fn chain(cluster: &Cluster) -> Chain {
    let mut steps: Vec<Step> = STEPS
        .iter()
        .map(|(id, label)| Step { id, label, state: StepState::Waiting, detail: String::new() })
        .collect();
    set(&mut steps, "pipeline", StepState::Off, "no CI pipeline in this lab");
    set(&mut steps, "image", StepState::Off, "no CI pipeline in this lab");
    let apps = applications(cluster);
    let Some(url) = config_repo(cluster, &apps) else { return Chain { change: String::new(), steps } };
    let forge = cluster.git();
    let Some(host) = forge.repo(&url) else { return Chain { change: String::new(), steps } };
    let repo = &host.repo;
    let main_ref = format!("refs/heads/{}", host.default_branch);
    let ours: Vec<&Delivery> = forge.deliveries().iter().filter(|d| d.url == url && !zero(&d.after)).collect();
    let last_main = ours.iter().rev().find(|d| d.git_ref == main_ref).copied();
    let main_tip = repo.branches.get(&host.default_branch).cloned();
    let open = host.pulls.iter().filter(|p| p.state == PullState::Open && p.base == host.default_branch).last();
    let name = full_name(&url);
    // A pull request opened since main last moved: the change is on its way.
    if let Some(p) = open.filter(|p| last_main.is_none_or(|d| p.created >= d.at)) {
        let head = repo.branches.get(&p.head).cloned().unwrap_or(p.head_sha.clone());
        let subject = repo.commit(&head).map(|c| c.subject().to_string()).unwrap_or_default();
        set(&mut steps, "commit", StepState::Done, format!("{} {subject} (on {})", short(&head), p.head));
        set(&mut steps, "pr", StepState::Done, format!("#{} opened at {}", p.number, clock_at(cluster, p.created)));
        let waiting = if host.protected && !p.approved(cluster.now()) {
            "needs an approving review"
        } else {
            "ready to merge"
        };
        set(&mut steps, "merge", StepState::Waiting, waiting);
        return Chain { change: format!("pull request #{} of {name}: {}", p.number, p.title), steps };
    }
    // A branch pushed since main last moved, with no pull request yet.
    let pushed = ours.iter().rev().find(|d| {
        d.git_ref != main_ref
            && last_main.is_none_or(|m| d.at >= m.at)
            && main_tip.as_deref().is_none_or(|t| !repo.is_ancestor(&d.after, t))
            && repo.branches.get(d.git_ref.trim_start_matches("refs/heads/")) == Some(&d.after)
    });
    if let Some(d) = pushed {
        let branch = d.git_ref.trim_start_matches("refs/heads/");
        let subject = repo.commit(&d.after).map(|c| c.subject().to_string()).unwrap_or_default();
        set(&mut steps, "commit", StepState::Done, format!("{} {subject} (pushed to {branch})", short(&d.after)));
        set(&mut steps, "pr", StepState::Waiting, "gh pr create");
        return Chain { change: format!("branch {branch} of {name}"), steps };
    }
    let Some(d) = last_main else { return Chain { change: String::new(), steps } };
    let sha = d.after.clone();
    let merged = host.pulls.iter().find(|p| p.state == PullState::Merged && p.merge_commit.as_deref() == Some(&sha));
    match merged {
        Some(p) => {
            let subject = repo.commit(&p.head_sha).map(|c| c.subject().to_string()).unwrap_or_default();
            set(&mut steps, "commit", StepState::Done, format!("{} {subject} (on {})", short(&p.head_sha), p.head));
            set(&mut steps, "pr", StepState::Done, format!("#{} {}", p.number, p.title));
            let at = p.merged_at.map(|t| clock_at(cluster, t)).unwrap_or_default();
            set(&mut steps, "merge", StepState::Done, format!("{} into {} at {at}", short(&sha), p.base));
        }
        None => {
            let subject = repo.commit(&sha).map(|c| c.subject().to_string()).unwrap_or_default();
            set(&mut steps, "commit", StepState::Done, format!("{} {subject}", short(&sha)));
            set(&mut steps, "pr", StepState::Off, format!("pushed straight to {}", host.default_branch));
            set(&mut steps, "merge", StepState::Off, format!("pushed straight to {}", host.default_branch));
        }
    }
    set(&mut steps, "webhook", StepState::Done, format!("push event for {} at {}", short(&sha), clock_at(cluster, d.at)));
    let change = match merged {
        Some(p) => format!("pull request #{} of {name}: {}", p.number, p.title),
        None => format!("{} on {} of {name}", short(&sha), host.default_branch),
    };
    let Some(app) = apps.iter().find(|a| a.spec.source.repo_url == url) else {
        set(&mut steps, "sync", StepState::Waiting, "no Application reads this repository");
        return Chain { change, steps };
    };
    let st = &app.status;
    let deployed = st.history.iter().rev().find(|h| h.revision == sha);
    let synced = st.sync.revision == sha && st.sync.status == "Synced";
    if let Some(h) = deployed {
        set(&mut steps, "sync", StepState::Done, format!("{} synced {} (history {})", app.metadata.name, short(&sha), h.id));
    } else if synced {
        set(&mut steps, "sync", StepState::Done, format!("{} Synced to {}", app.metadata.name, short(&sha)));
    } else if st.sync.revision == sha {
        let how = if app.automated().is_some() {
            "OutOfSync: the automated sync runs".to_string()
        } else {
            format!("OutOfSync: argocd app sync {}", app.metadata.name)
        };
        set(&mut steps, "sync", StepState::Active, how);
        return Chain { change, steps };
    } else {
        set(&mut steps, "sync", StepState::Waiting, "the agent has not compared it yet (next poll, or the webhook)");
        return Chain { change, steps };
    }
    let deployments: Vec<&Object> = st
        .resources
        .iter()
        .filter(|r| r.kind == "Deployment")
        .filter_map(|r| cluster.get(Kind::Deployment, &r.namespace, &r.name))
        .collect();
    let (mut want, mut updated, mut complete) = (0, 0, true);
    let mut new_images: Vec<String> = Vec::new();
    for o in &deployments {
        if let Object::Deployment(dep) = o {
            let replicas = dep.spec.replicas.unwrap_or(1);
            let s = &dep.status;
            want += replicas;
            updated += s.updated_replicas.min(s.available_replicas);
            complete &= s.observed_generation >= dep.metadata.generation
                && s.updated_replicas == replicas
                && s.available_replicas >= replicas
                && s.replicas == s.updated_replicas;
            new_images.extend(dep.spec.template.spec.containers.iter().map(|c| c.image.clone()));
        }
    }
    if deployments.is_empty() {
        set(&mut steps, "rollout", StepState::Off, "no Deployment in this Application");
    } else if complete {
        set(&mut steps, "rollout", StepState::Done, format!("{want} of {want} pods on the new version"));
    } else {
        set(&mut steps, "rollout", StepState::Active, format!("{updated} of {want} new pods available"));
        return Chain { change, steps };
    }
    let sample = traffic::state(cluster).last_sample().filter(|s| cluster.now().as_secs() <= s.time.as_secs() + 2);
    let (mut total, mut on_new) = (0u64, 0u64);
    if let Some(s) = sample {
        for (v, c) in &s.versions {
            if v != UNANSWERED {
                total += c.requests as u64;
                if new_images.contains(v) {
                    on_new += c.requests as u64;
                }
            }
        }
    }
    let version = new_images.first().cloned().unwrap_or_default();
    if total == 0 {
        set(&mut steps, "traffic", StepState::Waiting, "no requests in the last second: start a client in the Traffic panel");
    } else if on_new == total {
        set(&mut steps, "traffic", StepState::Done, format!("100% of {total} requests/s on {version}"));
    } else {
        let pct = on_new * 100 / total;
        set(&mut steps, "traffic", StepState::Active, format!("{pct}% of {total} requests/s on {version}"));
    }
    Chain { change, steps }
}

fn zero(sha: &str) -> bool {
    sha.chars().all(|c| c == '0')
}

fn student_git(host: &HostRepo) -> String {
    if host.protected {
        format!("push to branches, open pull requests; {} only through an approved pull request", host.default_branch)
    } else {
        format!("push to every branch, {} included", host.default_branch)
    }
}

/// Who holds which credential, and what it can reach.
pub fn credentials(cluster: &Cluster) -> Vec<Credential> {
    let forge = cluster.git();
    let mut rows = Vec::new();
    rows.push(Credential {
        component: "You (the terminal)".into(),
        place: "outside the cluster".into(),
        credential: "kubeconfig (cluster-admin)".into(),
        reaches: "the whole cluster's API: every object, every namespace".into(),
    });
    for (url, host) in forge.repos() {
        rows.push(Credential {
            component: "You (the terminal)".into(),
            place: "outside the cluster".into(),
            credential: format!("Git login `student` on {}", full_name(url)),
            reaches: student_git(host),
        });
        if let Some(r) = &host.reviewer {
            rows.push(Credential {
                component: format!("{r} (a teammate)"),
                place: "outside the cluster".into(),
                credential: format!("Git login `{r}` on {}", full_name(url)),
                reaches: "approves pull requests".into(),
            });
        }
    }
    if let Some(ns) = cluster.argocd_namespace() {
        let sa = "argocd-application-controller";
        let has_sa = cluster.get(Kind::ServiceAccount, ns, sa).is_some();
        let running = cluster.argocd_ready();
        let mut repos: Vec<String> = applications(cluster).iter().map(|a| full_name(&a.spec.source.repo_url)).collect();
        repos.sort();
        repos.dedup();
        let state = if running { "running" } else { "not running" };
        if has_sa {
            rows.push(Credential {
                component: format!("Argo CD application controller ({state})"),
                place: format!("inside the cluster (namespace {ns})"),
                credential: format!("ServiceAccount {ns}/{sa}"),
                reaches: "writes the cluster: applies and deletes what its Applications track".into(),
            });
        }
        rows.push(Credential {
            component: format!("Argo CD application controller ({state})"),
            place: format!("inside the cluster (namespace {ns})"),
            credential: "read access to Git (no push)".into(),
            reaches: if repos.is_empty() { "no repository yet".into() } else { format!("reads {}", repos.join(", ")) },
        });
        rows.push(Credential {
            component: "argocd-server".into(),
            place: format!("inside the cluster (namespace {ns})"),
            credential: "webhook endpoint /api/webhook".into(),
            reaches: "receives the Git host's push events; asks for a refresh".into(),
        });
    }
    rows.push(Credential {
        component: "kubelets".into(),
        place: "inside the cluster (every node)".into(),
        credential: "registry pull access".into(),
        reaches: "read images".into(),
    });
    rows
}
