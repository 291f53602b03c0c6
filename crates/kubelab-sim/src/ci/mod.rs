//! CI beside the cluster (issue 13, "CI: test, build, scan, publish"): a GitHub Actions-like
//! pipeline runner and an image registry (`registry.lab`), on the cluster's clock, in the same
//! saved session, with no real network, no real Docker and no real shell.
//!
//! # What starts a run
//! A webhook delivery of the Git host ([`crate::git::Forge::deliveries_since`]): a push (or a
//! merge) to a branch of a repository whose pushed commit holds a workflow file
//! `.github/workflows/*.yaml` (or `.yml`) with `on: push` (the branch may be filtered with
//! `branches:`). A commit whose message contains `[skip ci]` starts nothing, as on GitHub. The
//! workflow's subset is documented in `exercises/README.md` ("Pipelines") and read by
//! `workflow`.
//!
//! # A run
//! The workflow's jobs run one after another in the order of their `needs:` (the chapter's
//! stages test → build → scan → publish, and optionally deploy). Each job is `Queued`, then
//! `Running` for a simulated duration (a base per kind of job plus jitter drawn from the
//! `rng::Streams::ci` stream, the last stream), then `Succeeded` or `Failed`; a failed job skips
//! every job after it. What a job does is read from its steps' `run:` lines (`runner`): a test
//! command (`make test`, `go test`, `npm test`, `pytest`, `cargo test`) checks the repository's
//! `app.yaml` `tests:` (each a file that must contain a text); `docker build` needs a
//! `Dockerfile` and notes its `FROM`; `trivy image` fails on a base image in a small table of
//! known-vulnerable images; `docker push` publishes the image to the registry, and a publish job
//! whose workflow names a `CONFIG_REPO` opens a pull request there bumping the image's tag (the
//! one-line `sed` CI scripts use), authored by [`BOT`]; `kubectl` fails without a cluster
//! credential as kubectl does without a kubeconfig, and with one (`KUBECONFIG` from a secret:
//! the push model) runs `kubectl set image` against the cluster. The side effects (registry,
//! pull request, deployment) happen when their job finishes; stage ends are timers registered
//! with `wake_at`, so skipping idle seconds equals stepping.
//!
//! # The registry
//! `registry.lab/<app>:<short-sha>`: each pushed tag keeps a digest, when and by whom it was
//! pushed, and the image's behaviour from the app repository's `app.yaml` `image:` (the fields
//! of an exercise's `images:` variants: `service_ms`, `errors`, `crash_after_secs`,
//! `probe_status`). Publishing registers the repository's tags with the cluster's image table,
//! so kubelets pull a pushed tag and fail on any other tag of that repository with the
//! `ErrImagePull` the kubelet already reports for a missing tag.
//!
//! # Simplified
//! Jobs run sequentially (GitHub runs independent jobs in parallel); steps are not separate
//! processes and only the commands named above do anything (any other `run:` line is echoed
//! and succeeds); no matrix, no `if:`, no artifacts, no caches, no `pull_request` trigger; a
//! workflow file that cannot be read fails the run at once with the reader's error. The scanner's
//! table is a handful of well-known images, not a vulnerability database, and its report is a
//! plain table (trivy draws boxes); tests print `go test`'s report whatever the test command;
//! a digest is derived from the repository and tag, not from content; an image built in one job
//! is available to the later jobs of the run (GitHub's jobs run on separate machines).

pub(crate) mod effects;
pub(crate) mod runner;
pub(crate) mod steps;
pub(crate) mod workflow;

use crate::rng::SimRng;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The pipeline's bot: it authors the configuration repository's pull requests.
pub const BOT: &str = "lab-ci[bot]";
/// The bot's Git identity.
pub const BOT_IDENT: &str = "lab-ci[bot] <lab-ci[bot]@users.noreply.git.lab>";
/// The registry's host name.
pub const REGISTRY_HOST: &str = "registry.lab";

/// YAML text to JSON (the console hands it over: YAML lives there). Not given: the runner reads
/// workflow and `app.yaml` files as JSON only.
pub type YamlReader = fn(text: &str) -> Result<serde_json::Value, String>;

/// One pipeline run (GitHub's "workflow run").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PipelineRun {
    /// The run's number, from 1 in the order runs started (`gh run view ID`).
    pub id: u64,
    /// The application repository's clone URL.
    pub repo: String,
    /// The workflow's `name:` (`CI`), else its file name.
    pub workflow: String,
    /// The workflow file's path in the repository (`.github/workflows/ci.yaml`).
    pub workflow_file: String,
    /// The full commit id the run built.
    pub commit: String,
    /// The commit message's first line (the run's title in `gh run list`).
    pub title: String,
    /// The branch pushed.
    pub branch: String,
    /// The event that started it (`push`).
    pub trigger: String,
    /// Who pushed (the commit's author name).
    pub actor: String,
    /// When the delivery arrived (the run was created, queued).
    pub created: SimTime,
    /// The jobs in the order they run.
    pub stages: Vec<StageRun>,
    /// In progress, or how it ended.
    pub result: RunResult,
    /// The image published (`registry.lab/my-app:1a2b3c4`), once the publish job pushed it.
    pub image: Option<String>,
    /// The pull request opened on the configuration repository, once publish opened it.
    pub pr: Option<u64>,
    /// The configuration repository's URL (the `CONFIG_REPO` the workflow names), if any.
    pub config_repo: Option<String>,
    /// Why the run failed before any job ran (a workflow file it could not read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One job of a run (a stage: test, build, scan, publish, deploy).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageRun {
    /// The job's id in the workflow (`test`).
    pub name: String,
    /// Where it is now.
    pub state: StageState,
    /// When it started running (None: not yet, or skipped).
    pub started: Option<SimTime>,
    /// When it finished (None: not yet, or skipped).
    pub finished: Option<SimTime>,
    /// Its steps (`Set up job`, `Run make test`, ..., `Complete job`) and their states, final
    /// once the job finished (while it runs they are `Queued`).
    pub steps: Vec<StepRun>,
    /// Its log, oldest first, as planned when the run started (plus what its side effects
    /// printed at its end): a reader shows the lines written by now ([`StageRun::log_at`]).
    pub log: Vec<LogLine>,
    /// What the runner planned when the run started.
    pub(crate) plan: runner::Plan,
}

impl StageRun {
    /// The log lines written by `now`.
    pub fn log_at(&self, now: SimTime) -> impl Iterator<Item = &LogLine> {
        self.log.iter().filter(move |l| l.at <= now)
    }
}

/// One step of a job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRun {
    pub name: String,
    pub state: StageState,
}

/// A job's state, as GitHub shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StageState {
    Queued,
    Running,
    Succeeded,
    Failed,
    /// Not run because a job before it failed.
    Skipped,
}

/// A run's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RunResult {
    Queued,
    InProgress,
    Success,
    Failure,
}

impl RunResult {
    pub fn is_done(self) -> bool {
        matches!(self, RunResult::Success | RunResult::Failure)
    }
}

/// One line of a job's log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    pub at: SimTime,
    /// The step that wrote it (`Run make test`, `Set up job`).
    pub step: String,
    pub text: String,
}

/// The image registry (`registry.lab`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Registry {
    /// Repositories (`registry.lab/my-app`) → tags (`1a2b3c4`) → what was pushed.
    pub repositories: BTreeMap<String, BTreeMap<String, RegistryTag>>,
}

impl Registry {
    pub fn is_empty(&self) -> bool {
        self.repositories.is_empty()
    }
    /// The tag of `image` (`registry.lab/my-app:1a2b3c4`), if it was pushed.
    pub fn get(&self, image: &str) -> Option<&RegistryTag> {
        let (repo, tag) = image.rsplit_once(':')?;
        self.repositories.get(repo)?.get(tag)
    }
}

/// A pushed tag.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegistryTag {
    /// The manifest's digest (`sha256:` and 64 hex digits, derived from the commit).
    pub digest: String,
    pub pushed: SimTime,
    /// Who pushed it ([`BOT`] for the pipeline).
    pub by: String,
    /// The commit it was built from.
    pub commit: String,
    /// How the image behaves when it runs (from the app repository's `app.yaml`).
    pub behaviour: crate::images::Variant,
}

/// Who holds a credential, of which kind, and what it reaches (the chapter's table).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credential {
    /// `CI pipeline`, `Argo CD application-controller`, `student`.
    pub holder: String,
    pub kind: CredentialKind,
    /// What it can reach, in words (`registry.lab/my-app`, `https://git.lab/team/app-config.git`,
    /// `the cluster's API server (every namespace)`).
    pub reaches: String,
    /// Where it is kept (`repository secret KUBECONFIG`, `in-cluster ServiceAccount ...`).
    pub stored: String,
    /// Where the holder runs: outside the cluster (true for CI and the student).
    pub outside_cluster: bool,
}

/// Kinds of credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CredentialKind {
    /// Read an application repository (checkout).
    CodeRead,
    /// Push to an application repository.
    CodeWrite,
    /// Push images.
    RegistryWrite,
    /// Pull images.
    RegistryRead,
    /// Read the configuration repository.
    ConfigRepoRead,
    /// Push branches and open pull requests on the configuration repository.
    ConfigRepoWrite,
    /// Write anything in the cluster (a kubeconfig or a ServiceAccount bound to cluster-admin).
    ClusterAdmin,
}

impl CredentialKind {
    /// In words, for a table.
    pub fn describe(self) -> &'static str {
        match self {
            CredentialKind::CodeRead => "read code",
            CredentialKind::CodeWrite => "write code",
            CredentialKind::RegistryWrite => "write images",
            CredentialKind::RegistryRead => "read images",
            CredentialKind::ConfigRepoRead => "read config repo",
            CredentialKind::ConfigRepoWrite => "write config repo (pull requests)",
            CredentialKind::ClusterAdmin => "write cluster (cluster-admin)",
        }
    }
}

/// The runner's and the registry's state. Unused (and not serialised) until a run starts.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct CiState {
    /// Runs, oldest first.
    #[serde(default)]
    pub(crate) runs: Vec<PipelineRun>,
    #[serde(default)]
    pub(crate) registry: Registry,
    /// The last webhook delivery looked at.
    #[serde(default)]
    pub(crate) delivery_seq: u64,
    /// Its random stream (`rng::Streams::ci`), taken at the first run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) rng: Option<SimRng>,
    /// Workflows seen that hold a cluster credential (repository URL → the secret's name).
    #[serde(default)]
    pub(crate) cluster_secrets: BTreeMap<String, String>,
    #[serde(skip)]
    pub(crate) yaml: Option<YamlReader>,
}

impl CiState {
    pub(crate) fn is_unused(&self) -> bool {
        self.runs.is_empty() && self.registry.is_empty()
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod proptests;
