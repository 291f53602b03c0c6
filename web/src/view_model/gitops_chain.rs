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
//! The pipeline and image steps come from the CI runner's runs (`Cluster::pipeline_runs()`): a
//! run that is building for the configuration repository is the change while it runs; a pull
//! request the pipeline opened carries its run. A change the pipeline did not build (a student's
//! own pull request) leaves them off.

use super::gitops::{applications, clock_at, full_name, short};
use super::gitops_ci::{current_stage, run_for};
use kubelab_sim::api::application::Application;
use kubelab_sim::api::{Kind, Object};
use kubelab_sim::ci::{PipelineRun, RunResult};
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
    /// Stopped here (a failed stage of the pipeline).
    Failed,
}

impl StepState {
    /// The word the page shows beside the colour.
    pub fn label(self) -> &'static str {
        match self {
            StepState::Off => "not used",
            StepState::Waiting => "waiting",
            StepState::Active => "under way",
            StepState::Done => "done",
            StepState::Failed => "failed",
        }
    }
    pub fn class(self) -> &'static str {
        match self {
            StepState::Off => "off",
            StepState::Waiting => "waiting",
            StepState::Active => "active",
            StepState::Done => "done",
            StepState::Failed => "failed",
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
    let mut steps: Vec<Step> =
        STEPS.iter().map(|(id, label)| Step { id, label, state: StepState::Waiting, detail: String::new() }).collect();
    let no_run = if cluster.pipeline_runs().is_empty() { "no pipeline run" } else { "not built by the pipeline" };
    set(&mut steps, "pipeline", StepState::Off, no_run);
    set(&mut steps, "image", StepState::Off, no_run);
    let apps = applications(cluster);
    let Some(url) = config_repo(cluster, &apps) else { return Chain { change: String::new(), steps } };
    let forge = cluster.git();
    let Some(host) = forge.repo(&url) else { return Chain { change: String::new(), steps } };
    let repo = &host.repo;
    let main_ref = format!("refs/heads/{}", host.default_branch);
    let ours: Vec<&Delivery> = forge.deliveries().iter().filter(|d| d.url == url && !zero(&d.after)).collect();
    let last_main = ours.iter().rev().find(|d| d.git_ref == main_ref).copied();
    let main_tip = repo.branches.get(&host.default_branch).cloned();
    let open = host.pulls.iter().rev().find(|p| p.state == PullState::Open && p.base == host.default_branch);
    let name = full_name(&url);
    // A pipeline run building for this repository, newer than its last change: the change.
    let newest = last_main.map(|d| d.at).into_iter().chain(open.map(|p| p.created)).max();
    if let Some(run) = run_for(cluster, &url, None).filter(|r| newest.is_none_or(|t| r.created >= t)) {
        set(
            &mut steps,
            "commit",
            StepState::Done,
            format!("{} {} (pushed to {} {})", short(&run.commit), run.title, full_name(&run.repo), run.branch),
        );
        ci_steps(cluster, &mut steps, run);
        set(&mut steps, "pr", StepState::Waiting, "the pipeline's publish stage opens it");
        return Chain { change: format!("pipeline run #{} of {}: {}", run.id, full_name(&run.repo), run.title), steps };
    }
    // A pull request opened since main last moved: the change is on its way.
    if let Some(p) = open.filter(|p| last_main.is_none_or(|d| p.created >= d.at)) {
        let head = repo.branches.get(&p.head).cloned().unwrap_or(p.head_sha.clone());
        let subject = repo.commit(&head).map(|c| c.subject().to_string()).unwrap_or_default();
        set(&mut steps, "commit", StepState::Done, format!("{} {subject} (on {})", short(&head), p.head));
        if let Some(run) = run_for(cluster, &url, Some(p.number)) {
            built_by(cluster, &mut steps, run);
        }
        set(&mut steps, "pr", StepState::Done, format!("#{} opened at {}", p.number, clock_at(cluster, p.created)));
        let waiting =
            if host.protected && !p.approved(cluster.now()) { "needs an approving review" } else { "ready to merge" };
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
            if let Some(run) = run_for(cluster, &url, Some(p.number)) {
                built_by(cluster, &mut steps, run);
            }
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
    set(
        &mut steps,
        "webhook",
        StepState::Done,
        format!("push event for {} at {}", short(&sha), clock_at(cluster, d.at)),
    );
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
        set(
            &mut steps,
            "sync",
            StepState::Done,
            format!("{} synced {} (history {})", app.metadata.name, short(&sha), h.id),
        );
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
                total += c.requests;
                if new_images.contains(v) {
                    on_new += c.requests;
                }
            }
        }
    }
    let version = new_images.first().cloned().unwrap_or_default();
    if total == 0 {
        set(
            &mut steps,
            "traffic",
            StepState::Waiting,
            "no requests in the last second: start a client in the Traffic panel",
        );
    } else if on_new == total {
        set(&mut steps, "traffic", StepState::Done, format!("100% of {total} requests/s on {version}"));
    } else {
        let pct = on_new * 100 / total;
        set(&mut steps, "traffic", StepState::Active, format!("{pct}% of {total} requests/s on {version}"));
    }
    Chain { change, steps }
}

/// The pipeline and image steps of `run`.
fn ci_steps(cluster: &Cluster, steps: &mut [Step], run: &PipelineRun) {
    let (state, what) = match run.result {
        RunResult::Queued => (StepState::Active, "queued".to_string()),
        RunResult::InProgress => (StepState::Active, current_stage(run)),
        RunResult::Success => (StepState::Done, "success".to_string()),
        RunResult::Failure => (StepState::Failed, current_stage(run)),
    };
    set(steps, "pipeline", state, format!("run #{} {} ({what})", run.id, run.workflow));
    match &run.image {
        Some(image) => {
            let at = cluster.registry().get(image).map(|t| clock_at(cluster, t.pushed)).unwrap_or_default();
            set(steps, "image", StepState::Done, format!("{image} pushed {at}"));
        }
        None if run.result == RunResult::Failure => set(steps, "image", StepState::Off, "not published"),
        None => set(steps, "image", StepState::Waiting, "published by the last stage"),
    }
}

/// The steps of a change the pipeline built: its app commit, the run, the image.
fn built_by(cluster: &Cluster, steps: &mut [Step], run: &PipelineRun) {
    set(
        steps,
        "commit",
        StepState::Done,
        format!("{} {} (on {})", short(&run.commit), run.title, full_name(&run.repo)),
    );
    ci_steps(cluster, steps, run);
}

fn zero(sha: &str) -> bool {
    sha.chars().all(|c| c == '0')
}

/// Who holds which credential, and what it can reach (`Cluster::credentials()`), holders in the
/// order they first appear.
pub fn credentials(cluster: &Cluster) -> Vec<Credential> {
    cluster
        .credentials()
        .into_iter()
        .map(|c| Credential {
            component: c.holder.clone(),
            place: if c.outside_cluster { "outside the cluster".into() } else { "inside the cluster".into() },
            credential: format!("{} ({})", c.kind.describe(), c.stored),
            reaches: c.reaches.clone(),
        })
        .collect()
}

/// Whether each holder can write the cluster: (holder, can), in the table's order.
pub fn cluster_access(rows: &[Credential]) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    for r in rows {
        let admin = r.credential.starts_with(kubelab_sim::ci::CredentialKind::ClusterAdmin.describe());
        match out.iter_mut().find(|(h, _)| *h == r.component) {
            Some(e) => e.1 |= admin,
            None => out.push((r.component.clone(), admin)),
        }
    }
    out
}
