//! The pipeline runner: starts runs from webhook deliveries, plans each job's duration, log and
//! result when its run starts (`steps`), and moves the jobs along the clock, carrying out their
//! effects (`effects`) as they end. Every instant at which a job starts or ends is registered
//! with `wake_at`.

use super::effects::{self, Effect};
use super::steps::{self, Built, Ctx};
use super::workflow::Workflow;
use super::{CiState, LogLine, PipelineRun, RunResult, StageRun, StageState, StepRun, REGISTRY_HOST};
use crate::cluster::Api;
use crate::git::{owner_and_name, Forge};
use crate::rng::{SimRng, Streams};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The most runs kept (the oldest go first).
const MAX_RUNS: usize = 200;

/// What the runner decided for a job when its run started.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Plan {
    pub(crate) start: SimTime,
    pub(crate) end: SimTime,
    /// It succeeds (unless an effect fails at its end).
    pub(crate) ok: bool,
    /// Effects at its end, with the step that asked for each and the position in the log
    /// where its output goes.
    pub(crate) effects: Vec<(usize, usize, Effect)>,
    /// Its steps' states once it ended (before its effects).
    pub(crate) steps: Vec<StageState>,
}

/// Seconds a job of this id takes: a base and the most jitter added.
fn duration(id: &str) -> (u64, u64) {
    match id {
        "test" => (18, 12),
        "build" => (35, 25),
        "scan" => (12, 10),
        "publish" => (8, 6),
        "deploy" => (6, 4),
        _ => (5, 5),
    }
}

fn json_reader(text: &str) -> Result<serde_json::Value, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// Runs the runner at the current instant.
pub(crate) fn reconcile(api: &mut Api<'_, CiState>, forge: &mut Forge) {
    // Effects may push (the bump's branch): look at the deliveries again, a few times at most.
    for _ in 0..4 {
        let before = forge.deliveries().len();
        start_runs(api, forge);
        if api.own.runs.iter().any(|r| !r.result.is_done()) {
            advance_runs(api, forge);
        }
        if forge.deliveries().len() == before {
            break;
        }
    }
    let mut next: Option<SimTime> = None;
    for run in api.own.runs.iter().filter(|r| !r.result.is_done()) {
        if let Some(s) = run
            .stages
            .iter()
            .find(|s| !matches!(s.state, StageState::Succeeded | StageState::Failed | StageState::Skipped))
        {
            let t = if s.state == StageState::Queued { s.plan.start } else { s.plan.end };
            next = Some(next.map_or(t, |n: SimTime| n.min(t)));
        }
    }
    if let Some(t) = next {
        api.wake_at(t);
    }
}

fn start_runs(api: &mut Api<'_, CiState>, forge: &mut Forge) {
    let new: Vec<(u64, String, String, String)> = forge
        .deliveries_since(api.own.delivery_seq)
        .map(|d| (d.seq, d.url.clone(), d.git_ref.clone(), d.after.clone()))
        .collect();
    if !new.is_empty() {
        start_runs_for(api, forge, new);
    }
}

#[inline(never)] // out of `Cluster::settle`, so the web split can leave it out of the first download
fn start_runs_for(api: &mut Api<'_, CiState>, forge: &mut Forge, new: Vec<(u64, String, String, String)>) {
    for (seq, url, git_ref, after) in new {
        api.own.delivery_seq = seq;
        let Some(branch) = git_ref.strip_prefix("refs/heads/") else { continue };
        if after.bytes().all(|b| b == b'0') {
            continue;
        }
        let Ok(checkout) = forge.checkout(&url, &after, ".") else { continue };
        let message =
            forge.repo(&url).and_then(|h| h.repo.commit(&after)).map(|c| c.message.clone()).unwrap_or_default();
        if message.contains("[skip ci]") || message.contains("[ci skip]") {
            continue;
        }
        let files: BTreeMap<String, String> = checkout.files.into_iter().collect();
        let workflows: Vec<(String, String)> = files
            .iter()
            .filter(|(p, _)| {
                p.starts_with(".github/workflows/")
                    && (p.ends_with(".yaml") || p.ends_with(".yml"))
                    && !p[18..].contains('/')
            })
            .map(|(p, t)| (p.clone(), t.clone()))
            .take(5)
            .collect();
        for (path, text) in workflows {
            let reader = api.own.yaml.unwrap_or(json_reader);
            let parsed = reader(&text).and_then(|doc| Workflow::parse(&doc, &path));
            if let Ok(w) = &parsed {
                if !w.runs_on_push(branch) {
                    continue;
                }
                match w.cluster_secret() {
                    Some(s) => api.own.cluster_secrets.insert(url.clone(), s),
                    None => api.own.cluster_secrets.remove(&url),
                };
            }
            let run = start_run(api, &url, branch, &after, &checkout.subject, &checkout.author, &files, &path, parsed);
            api.own.runs.push(run);
            if api.own.runs.len() > MAX_RUNS {
                api.own.runs.remove(0);
            }
        }
    }
}

fn rng<'a>(api: &'a mut Api<'_, CiState>) -> &'a mut SimRng {
    let seed = api.config().seed;
    api.own.rng.get_or_insert_with(|| Streams::new(seed).ci)
}

#[allow(clippy::too_many_arguments)]
fn start_run(
    api: &mut Api<'_, CiState>,
    url: &str,
    branch: &str,
    sha: &str,
    subject: &str,
    author: &str,
    files: &BTreeMap<String, String>,
    path: &str,
    workflow: Result<Workflow, String>,
) -> PipelineRun {
    let now = api.now();
    let id = api.own.runs.last().map_or(1, |r| r.id + 1);
    let (owner, name) = owner_and_name(url);
    let short: String = sha.chars().take(7).collect();
    let mut run = PipelineRun {
        id,
        repo: url.to_string(),
        workflow: path.rsplit('/').next().unwrap_or(path).to_string(),
        workflow_file: path.to_string(),
        commit: sha.to_string(),
        title: subject.to_string(),
        branch: branch.to_string(),
        trigger: "push".into(),
        actor: author.to_string(),
        created: now,
        stages: Vec::new(),
        result: RunResult::Queued,
        image: None,
        pr: None,
        config_repo: None,
        error: None,
    };
    let w = match workflow {
        Ok(w) => w,
        Err(e) => {
            // GitHub's startup failure: no jobs, the error on the run.
            run.result = RunResult::Failure;
            run.error = Some(format!("Invalid workflow file: {path}: {e}"));
            return run;
        }
    };
    run.workflow = w.name.clone();
    run.config_repo = w.env.get("CONFIG_REPO").map(|r| {
        if r.contains("://") {
            r.clone()
        } else {
            format!("https://git.lab/{}.git", r.trim_matches('/'))
        }
    });
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    env.insert("GITHUB_SHA".into(), sha.to_string());
    env.insert("GITHUB_REF_NAME".into(), branch.to_string());
    env.insert("GITHUB_REPOSITORY".into(), format!("{owner}/{name}"));
    let reader = api.own.yaml.unwrap_or(json_reader);
    let app = files
        .get("app.yaml")
        .and_then(|t| reader(t).ok())
        .and_then(|v| v.get("name").and_then(|n| n.as_str()).map(str::to_string))
        .filter(|n| !n.is_empty() && n.len() < 64)
        .unwrap_or_else(|| name.clone());
    let image_repo = w
        .env
        .get("IMAGE")
        .map(|i| steps::expand(i, &env))
        .filter(|i| !i.is_empty())
        .unwrap_or_else(|| format!("{REGISTRY_HOST}/{app}"));
    let mut ctx = Ctx {
        files,
        env,
        image_repo,
        tag: short,
        app,
        subject: subject.to_string(),
        yaml: reader,
        built: None::<Built>,
    };
    let mut t = now + SimDuration::from_secs(rng(api).range(2, 5));
    let mut failed = false;
    for job in &w.jobs {
        if failed {
            run.stages.push(StageRun {
                name: job.id.clone(),
                state: StageState::Skipped,
                started: None,
                finished: None,
                steps: vec![],
                log: vec![],
                plan: Plan { start: t, end: t, ok: false, effects: vec![], steps: vec![] },
            });
            continue;
        }
        let (base, jitter) = duration(&job.id);
        let secs = base + rng(api).below(jitter + 1);
        let start = t;
        let end = start + SimDuration::from_secs(secs);
        let plan = steps::plan_job(&mut ctx, job, &w.env);
        failed = !plan.ok;
        // Lines at the time of their step: `Set up job` at the start, `Complete job` at the end,
        // the others spread in between.
        let n = plan.steps.len().max(2) as u64;
        let at = |step: usize| -> SimTime {
            if step + 1 == plan.steps.len() {
                return end;
            }
            start + SimDuration::from_secs(secs * step as u64 / (n - 1))
        };
        let log = plan
            .lines
            .iter()
            .map(|(s, text)| LogLine {
                at: at(*s),
                step: plan.steps.get(*s).map(|x| x.0.clone()).unwrap_or_default(),
                text: text.clone(),
            })
            .collect();
        run.stages.push(StageRun {
            name: job.id.clone(),
            state: StageState::Queued,
            started: None,
            finished: None,
            steps: plan
                .steps
                .iter()
                .map(|(name, _)| StepRun { name: name.clone(), state: StageState::Queued })
                .collect(),
            log,
            plan: Plan {
                start,
                end,
                ok: plan.ok,
                effects: plan.effects,
                steps: plan.steps.iter().map(|(_, state)| *state).collect(),
            },
        });
        t = end + SimDuration::from_secs(rng(api).range(1, 3));
    }
    run
}

#[inline(never)] // out of `Cluster::settle`, so the web split can leave it out of the first download
fn advance_runs(api: &mut Api<'_, CiState>, forge: &mut Forge) {
    let now = api.now();
    for i in 0..api.own.runs.len() {
        if api.own.runs[i].result.is_done() {
            continue;
        }
        let mut j = 0;
        while j < api.own.runs[i].stages.len() {
            let stage = &api.own.runs[i].stages[j];
            let (state, plan) = (stage.state, stage.plan.clone());
            match state {
                StageState::Queued if plan.start <= now => {
                    let run = &mut api.own.runs[i];
                    run.result = RunResult::InProgress;
                    run.stages[j].state = StageState::Running;
                    run.stages[j].started = Some(plan.start);
                    continue;
                }
                StageState::Running if plan.end <= now => {
                    let commit = api.own.runs[i].commit.clone();
                    let mut ok = plan.ok;
                    for (s, state) in api.own.runs[i].stages[j].steps.iter_mut().zip(&plan.steps) {
                        s.state = *state;
                    }
                    // Lines inserted so far move the later positions.
                    let mut shift = 0;
                    for (step, pos, effect) in &plan.effects {
                        let done = effects::apply(api, forge, effect, &commit);
                        let run = &mut api.own.runs[i];
                        if let Some(img) = done.image {
                            run.image = Some(img);
                        }
                        if let Some((repo, n)) = done.pr {
                            run.config_repo = Some(repo);
                            run.pr = Some(n);
                        }
                        let stage = &mut run.stages[j];
                        let step_name = stage.steps.get(*step).map(|s| s.name.clone()).unwrap_or_default();
                        let pos = (pos + shift).min(stage.log.len());
                        // At the time of the line before it (its step's time).
                        let at = pos.checked_sub(1).and_then(|p| stage.log.get(p)).map_or(plan.start, |l| l.at);
                        let n = done.lines.len();
                        for (k, text) in done.lines.into_iter().enumerate() {
                            stage.log.insert(pos + k, LogLine { at, step: step_name.clone(), text });
                        }
                        shift += n;
                        if !done.ok {
                            ok = false;
                            // The rest of the step did not run, nor the steps after it; the job
                            // still completes (its last line).
                            let cut = pos + n;
                            let tail = stage.log.split_off(cut.min(stage.log.len()));
                            stage.log.push(LogLine {
                                at,
                                step: step_name,
                                text: "##[error]Process completed with exit code 1.".into(),
                            });
                            if let Some(last) = tail.last() {
                                stage.log.push(last.clone());
                            }
                            if let Some(s) = stage.steps.get_mut(*step) {
                                s.state = StageState::Failed;
                            }
                            let last = stage.steps.len().saturating_sub(1);
                            for s in stage.steps.iter_mut().skip(step + 1).take(last.saturating_sub(step + 1)) {
                                s.state = StageState::Skipped;
                            }
                            break;
                        }
                    }
                    let run = &mut api.own.runs[i];
                    let stage = &mut run.stages[j];
                    stage.state = if ok { StageState::Succeeded } else { StageState::Failed };
                    stage.finished = Some(plan.end);
                    if !ok {
                        for later in run.stages.iter_mut().skip(j + 1) {
                            later.state = StageState::Skipped;
                            later.log.clear();
                            later.steps.clear();
                        }
                        run.result = RunResult::Failure;
                    } else if j + 1 == run.stages.len() {
                        run.result = RunResult::Success;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        // A run whose every stage was skipped or failed at once (a workflow file error).
        let run = &mut api.own.runs[i];
        if !run.result.is_done() && run.stages.iter().all(|s| s.state == StageState::Skipped) {
            run.result = RunResult::Failure;
        }
    }
}
