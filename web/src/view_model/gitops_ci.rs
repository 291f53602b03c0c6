//! The GitOps tab's CI part, with no Yew: the pipeline runs with their stages and the
//! registry's tags, read from `Cluster::pipeline_runs()` and `Cluster::registry()`.

use super::gitops::{clock_at, full_name, short};
use kubelab_sim::ci::{PipelineRun, RunResult, StageState};
use kubelab_sim::Cluster;

/// Runs listed, newest first.
pub const MAX_RUNS: usize = 6;
/// Tags listed, newest first.
pub const MAX_TAGS: usize = 12;

/// A pipeline run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunView {
    pub id: u64,
    /// `owner/name` of the application repository.
    pub repo: String,
    pub workflow: String,
    pub title: String,
    pub commit: String,
    pub branch: String,
    pub started: String,
    /// `queued`, `in progress`, `success`, `failure`.
    pub result: &'static str,
    pub stages: Vec<StageView>,
    pub image: Option<String>,
    /// The pull request it opened on the configuration repository: (`owner/name`, number).
    pub pr: Option<(String, u64)>,
}

/// One stage (job) of a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StageView {
    pub name: String,
    /// `queued`, `running`, `succeeded`, `failed`, `skipped`.
    pub state: &'static str,
    /// Seconds it ran (so far), when it started.
    pub secs: Option<u64>,
    /// The last line of its log.
    pub last_line: String,
}

/// A tag in the registry.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TagView {
    /// `registry.lab/my-app:1a2b3c4`.
    pub image: String,
    pub digest: String,
    pub pushed: String,
    pub by: String,
    pub commit: String,
}

pub fn result_word(r: RunResult) -> &'static str {
    match r {
        RunResult::Queued => "queued",
        RunResult::InProgress => "in progress",
        RunResult::Success => "success",
        RunResult::Failure => "failure",
    }
}

pub fn stage_word(s: StageState) -> &'static str {
    match s {
        StageState::Queued => "queued",
        StageState::Running => "running",
        StageState::Succeeded => "succeeded",
        StageState::Failed => "failed",
        StageState::Skipped => "skipped",
    }
}

fn run_view(cluster: &Cluster, r: &PipelineRun) -> RunView {
    let now = cluster.now();
    RunView {
        id: r.id,
        repo: full_name(&r.repo),
        workflow: r.workflow.clone(),
        title: r.title.clone(),
        commit: short(&r.commit),
        branch: r.branch.clone(),
        started: clock_at(cluster, r.created),
        result: result_word(r.result),
        stages: r
            .stages
            .iter()
            .map(|s| StageView {
                name: s.name.clone(),
                state: stage_word(s.state),
                secs: s.started.map(|t| s.finished.unwrap_or(now).as_secs().saturating_sub(t.as_secs())),
                last_line: s.log.last().map(|l| l.text.clone()).unwrap_or_default(),
            })
            .collect(),
        image: r.image.clone(),
        pr: r.pr.zip(r.config_repo.as_deref()).map(|(n, c)| (full_name(c), n)),
    }
}

/// The newest runs first.
pub fn runs(cluster: &Cluster) -> Vec<RunView> {
    cluster.pipeline_runs().iter().rev().take(MAX_RUNS).map(|r| run_view(cluster, r)).collect()
}

/// The registry's tags, newest push first.
pub fn tags(cluster: &Cluster) -> Vec<TagView> {
    let mut out: Vec<(kubelab_sim::SimTime, TagView)> = Vec::new();
    for (repo, tags) in &cluster.registry().repositories {
        for (tag, t) in tags {
            out.push((
                t.pushed,
                TagView {
                    image: format!("{repo}:{tag}"),
                    digest: t.digest.chars().take(19).collect(),
                    pushed: clock_at(cluster, t.pushed),
                    by: t.by.clone(),
                    commit: short(&t.commit),
                },
            ));
        }
    }
    kubelab_sim::sort::by(&mut out, |a, b| b.0.cmp(&a.0).then_with(|| a.1.image.cmp(&b.1.image)));
    out.into_iter().take(MAX_TAGS).map(|(_, t)| t).collect()
}

/// The run that opened pull request `number` on `config_url`, or, with `None`, the newest run
/// feeding `config_url` that has not opened one (yet).
pub fn run_for<'a>(cluster: &'a Cluster, config_url: &str, number: Option<u64>) -> Option<&'a PipelineRun> {
    let mut feeding = cluster.pipeline_runs().iter().rev().filter(|r| r.config_repo.as_deref() == Some(config_url));
    match number {
        Some(n) => feeding.find(|r| r.pr == Some(n)),
        None => feeding.next().filter(|r| r.pr.is_none()),
    }
}

/// The stage a run is at (the running one, else the failed one, else the last).
pub fn current_stage(r: &PipelineRun) -> String {
    r.stages
        .iter()
        .find(|s| s.state == StageState::Running)
        .or_else(|| r.stages.iter().find(|s| s.state == StageState::Failed))
        .or(r.stages.last())
        .map(|s| format!("{} {}", s.name, stage_word(s.state)))
        .unwrap_or_default()
}
