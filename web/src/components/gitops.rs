//! The GitOps view: the arrows of a change on its way to production, the repositories' commit
//! graphs, the open pull requests with their diffs and a Merge button, the pipeline runs and
//! the registry's tags, each Argo CD Application as a tree with Argo CD's sync and health
//! badges, and the credential table. Draws `view_model::gitops`; the Merge button sends its
//! console line (`gh pr merge N --merge -R OWNER/REPO`) as a typed input, so a saved session
//! replays it.
//!
//! Badges follow Argo CD's UI (`ui/src/app/applications/components/utils.tsx`): Synced a green
//! check circle, OutOfSync a yellow arrow-up circle, Healthy a green heart, Progressing a blue
//! spinning notch, Degraded a red broken heart, Suspended a purple pause, Missing a yellow ghost,
//! Unknown grey; each icon is drawn here as a small SVG, always beside its word.

use crate::view_model::gitops::{
    cluster_access, AppTree, CommitRow, DiffKind, GitOpsView, PullView, RepoGraph, RunView, Step, TagView, TreeNode,
};
use crate::view_model::PALETTE;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GitOpsProps {
    pub view: Rc<GitOpsView>,
    pub tabs: Html,
    /// A console line to run (the Merge button's).
    pub on_command: Callback<String>,
}

const SUCCESS: &str = "#18BE94";
const WARNING: &str = "#f4c030";
const FAILED: &str = "#E96D76";
const RUNNING: &str = "#0DADEA";
const SUSPENDED: &str = "#766f94";
const GREY: &str = "#CCD6DD";

fn svg(body: Html, spin: bool) -> Html {
    html! {
        <svg class={classes!("argo-icon", spin.then_some("spin"))} viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">{ body }</svg>
    }
}

/// Argo CD's icon for a status (sync or health).
fn icon(status: &str) -> Html {
    let circle = |c: &'static str| html! { <circle cx="8" cy="8" r="7" fill={c} /> };
    match status {
        "Synced" => svg(
            html! { <>{ circle(SUCCESS) }<path d="M4.6 8.3l2.3 2.3 4.6-4.8" stroke="#fff" stroke-width="1.8" fill="none" /></> },
            false,
        ),
        "OutOfSync" => svg(
            html! { <>{ circle(WARNING) }<path d="M8 11.8V4.6M5 7.4l3-3 3 3" stroke="#fff" stroke-width="1.8" fill="none" /></> },
            false,
        ),
        "Healthy" => svg(
            html! { <path d="M8 14.5S1.5 10.4 1.5 5.8A3.3 3.3 0 0 1 8 4.3a3.3 3.3 0 0 1 6.5 1.5c0 4.6-6.5 8.7-6.5 8.7z" fill={SUCCESS} /> },
            false,
        ),
        "Degraded" => svg(
            html! { <>
                <path d="M8 14.5S1.5 10.4 1.5 5.8A3.3 3.3 0 0 1 8 4.3a3.3 3.3 0 0 1 6.5 1.5c0 4.6-6.5 8.7-6.5 8.7z" fill={FAILED} />
                <path d="M8.4 4.2L6.8 7.6l2.4 1.6-1.5 3.6" stroke="#fff" stroke-width="1.3" fill="none" />
            </> },
            false,
        ),
        "Progressing" => svg(
            html! { <path d="M8 1.8A6.2 6.2 0 1 1 1.8 8" stroke={RUNNING} stroke-width="2.6" fill="none" stroke-linecap="round" /> },
            true,
        ),
        "Suspended" => svg(
            html! { <>{ circle(SUSPENDED) }<rect x="5.2" y="4.6" width="2" height="6.8" fill="#fff" /><rect x="8.8" y="4.6" width="2" height="6.8" fill="#fff" /></> },
            false,
        ),
        "Missing" => svg(
            html! { <>
                <path d="M2.6 15V7.2a5.4 5.4 0 0 1 10.8 0V15l-1.8-1.4L9.8 15 8 13.6 6.2 15l-1.8-1.4z" fill={WARNING} />
                <circle cx="6.2" cy="7.2" r="1.1" fill="#fff" /><circle cx="9.8" cy="7.2" r="1.1" fill="#fff" />
            </> },
            false,
        ),
        _ => svg(
            html! { <>{ circle(GREY) }<text x="8" y="11.6" text-anchor="middle" font-size="10" font-weight="bold" fill="#fff">{ "?" }</text></> },
            false,
        ),
    }
}

/// An icon and its word.
fn badge(status: &str, extra: &str) -> Html {
    html! {
        <span class="argo-badge" data-status={status.to_string()}>{ icon(status) }<span>{ format!("{status}{extra}") }</span></span>
    }
}

fn step_item(s: &Step) -> Html {
    html! {
        <li class={classes!("step", s.state.class())} data-step={s.id} data-state={s.state.class()}>
            <span class="step-name">{ s.label }</span>
            <span class="step-state">{ s.state.label() }</span>
            if !s.detail.is_empty() {
                <span class="step-detail">{ &s.detail }</span>
            }
        </li>
    }
}

const ROW: f64 = 22.0;
const LANE: f64 = 12.0;

fn lane_x(l: usize) -> f64 {
    8.0 + l as f64 * LANE
}

fn lane_colour(l: usize) -> &'static str {
    PALETTE[l % (PALETTE.len() - 1)]
}

/// The graph's lines and dots, one SVG beside the rows.
fn graph_svg(g: &RepoGraph) -> Html {
    let width = lane_x(g.lanes) + 2.0;
    let height = g.rows.len() as f64 * ROW;
    let mut lines = Vec::new();
    for (r, row) in g.rows.iter().enumerate() {
        let top = r as f64 * ROW;
        let mid = top + ROW / 2.0;
        for &(a, b) in &row.top {
            lines.push((lane_x(a), top, lane_x(b), mid, lane_colour(a.max(b))));
        }
        for &(a, b) in &row.bottom {
            lines.push((lane_x(a), mid, lane_x(b), top + ROW, lane_colour(a.max(b))));
        }
    }
    html! {
        <svg class="graph-lines" width={width.to_string()} height={height.to_string()} aria-hidden="true" focusable="false">
            { for lines.into_iter().map(|(x1, y1, x2, y2, c)| html! {
                <line x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} stroke={c} stroke-width="2" />
            }) }
            { for g.rows.iter().enumerate().map(|(r, row)| html! {
                <circle cx={lane_x(row.lane).to_string()} cy={(r as f64 * ROW + ROW / 2.0).to_string()} r="4.5"
                    fill="#fff" stroke={lane_colour(row.lane)} stroke-width="2.5" />
            }) }
        </svg>
    }
}

fn commit_row(row: &CommitRow) -> Html {
    html! {
        <li class="commit" key={row.sha.clone()} data-sha={row.short.clone()}>
            { for row.branches.iter().map(|b| html! { <span class="branch-label">{ b }</span> }) }
            <code class="sha">{ &row.short }</code>
            <span class="subject">{ &row.subject }</span>
            <span class="muted meta">{ format!("{} · {}", row.author, row.time) }</span>
        </li>
    }
}

fn repo_graph(g: &RepoGraph) -> Html {
    html! {
        <section class="repo" key={g.url.clone()} data-repo={g.name.clone()} aria-label={format!("Commits of {}", g.name)}>
            <h3>{ &g.name }
                if g.protected {
                    <span class="muted">{ format!(" — {} protected: changes by approved pull request", g.default_branch) }</span>
                }
            </h3>
            <div class="graph">
                { graph_svg(g) }
                <ol class="commits">{ for g.rows.iter().map(commit_row) }</ol>
            </div>
            if g.more > 0 {
                <p class="muted">{ format!("… and {} older commits", g.more) }</p>
            }
        </section>
    }
}

fn pull(p: &PullView, on_command: &Callback<String>) -> Html {
    let id = format!("pr-{}-{}", p.repo.replace('/', "-"), p.number);
    let why_id = format!("{id}-why");
    let button = match &p.merge {
        Ok(cmd) => {
            let cmd = cmd.clone();
            let cb = on_command.clone();
            html! {
                <button class="merge" id={format!("{id}-merge")} title={cmd.clone()} onclick={Callback::from(move |_| cb.emit(cmd.clone()))}>
                    { "Merge pull request" }
                </button>
            }
        }
        Err(why) => html! {
            <>
                <button class="merge" id={format!("{id}-merge")} disabled={true} aria-describedby={why_id.clone()}>{ "Merge pull request" }</button>
                <p class="merge-why" id={why_id.clone()}>{ why }</p>
            </>
        },
    };
    html! {
        <article class="pull" id={id.clone()} key={id.clone()} data-pr={p.number.to_string()}>
            <h4>{ format!("#{} {}", p.number, p.title) }</h4>
            <p class="muted">
                { format!("{} wants to merge {} into {} · opened {} · ", p.author, p.head, p.base, p.opened) }
                <span class="added">{ format!("+{}", p.additions) }</span>{ " " }<span class="removed">{ format!("−{}", p.deletions) }</span>
                { if p.approvals.is_empty() { " · no approval yet".to_string() } else { format!(" · approved by {}", p.approvals.join(", ")) } }
            </p>
            <details class="diff-box" open={true}>
                <summary>{ "Files changed" }</summary>
                <pre class="diff" tabindex="0" aria-label={format!("Diff of pull request #{}", p.number)}>
                    { for p.diff.iter().map(|l| {
                        let class = match l.kind {
                            DiffKind::Header => "d-header",
                            DiffKind::Hunk => "d-hunk",
                            DiffKind::Added => "d-add",
                            DiffKind::Removed => "d-del",
                            DiffKind::Context => "d-ctx",
                        };
                        html! { <span class={class}>{ &l.text }{ "\n" }</span> }
                    }) }
                </pre>
            </details>
            { button }
        </article>
    }
}

fn run_item(r: &RunView) -> Html {
    html! {
        <li class="run" key={r.id.to_string()} data-run={r.id.to_string()} data-result={r.result}>
            <div>
                <strong>{ format!("#{} {}", r.id, r.workflow) }</strong>{ " " }
                <span class={classes!("run-result", r.result.replace(' ', "-"))}>{ r.result }</span>
                <span class="muted">{ format!(" · {} · {} {} · {}", r.title, r.repo, r.commit, r.started) }</span>
            </div>
            <ol class="stages">
                { for r.stages.iter().map(|s| html! {
                    <li class={classes!("stage", s.state)} data-state={s.state} title={s.last_line.clone()}>
                        <span>{ &s.name }</span>
                        <span class="muted">{ format!(" {}{}", s.state, s.secs.map(|n| format!(" {n}s")).unwrap_or_default()) }</span>
                    </li>
                }) }
            </ol>
            if let Some(image) = &r.image {
                <div class="muted">{ format!("published {image}") }</div>
            }
            if let Some((repo, n)) = &r.pr {
                <div class="muted">{ format!("opened pull request #{n} on {repo}") }</div>
            }
        </li>
    }
}

fn tag_row(t: &TagView) -> Html {
    html! {
        <tr key={t.image.clone()}>
            <td class="mono">{ &t.image }</td><td class="mono">{ &t.commit }</td><td>{ &t.pushed }</td><td>{ &t.by }</td><td class="mono">{ &t.digest }</td>
        </tr>
    }
}

fn tree_node(n: &TreeNode) -> Html {
    html! {
        <li class="tree-node" data-kind={n.kind.clone()} data-name={n.name.clone()}>
            <div class="node-box">
                <span class="kind">{ &n.kind }</span>{ " " }<span class="mono name">{ &n.name }</span>
                if let Some(s) = &n.sync { { badge(s, "") } }
                if let Some(h) = &n.health { { badge(h, "") } }
                if !n.info.is_empty() { <span class="muted info">{ &n.info }</span> }
            </div>
            if !n.children.is_empty() {
                <ul>{ for n.children.iter().map(tree_node) }</ul>
            }
        </li>
    }
}

fn app_tree(a: &AppTree) -> Html {
    html! {
        <section class="app" key={a.name.clone()} data-app={a.name.clone()} aria-label={format!("Application {}", a.name)}>
            <ul class="app-tree">
                <li class="tree-node app-node" data-kind="Application" data-name={a.name.clone()}>
                    <div class="node-box">
                        <span class="kind">{ "Application" }</span>{ " " }<span class="mono name">{ &a.name }</span>
                        { badge(&a.sync, &if a.revision.is_empty() { String::new() } else { format!(" to {}", a.revision) }) }
                        { badge(&a.health, "") }
                        <span class="muted info">{ format!("{} {} @ {} · {}", a.repo, a.path, a.target, a.policy) }</span>
                    </div>
                    <ul>{ for a.nodes.iter().map(tree_node) }</ul>
                </li>
            </ul>
        </section>
    }
}

#[function_component(GitOpsPanel)]
pub fn gitops_panel(p: &GitOpsProps) -> Html {
    let v = &p.view;
    let access = cluster_access(&v.credentials);
    html! {
        <div class="panel chart gitops" id="gitops">
            <h2>{ p.tabs.clone() }</h2>
            if !v.relevant {
                <p class="muted">{ "No Git repositories and no Argo CD in this session: open the GitOps playground." }</p>
            }
            <section id="gitops-chain" aria-label="The change on its way to production">
                <h3>{ "The way to production" }
                    <span class="muted">{ if v.chain.change.is_empty() { " — nothing to follow yet".to_string() } else { format!(" — {}", v.chain.change) } }</span>
                </h3>
                <ol class="chain">{ for v.chain.steps.iter().map(step_item) }</ol>
            </section>
            <div class="gitops-cols">
                <div>
                    <section aria-label="Repositories" id="gitops-repos">
                        { for v.repos.iter().map(repo_graph) }
                    </section>
                    <section aria-label="Pull requests" id="gitops-pulls">
                        <h3>{ "Open pull requests" }</h3>
                        if v.pulls.is_empty() {
                            <p class="muted">{ "None: push a branch, then gh pr create." }</p>
                        }
                        { for v.pulls.iter().map(|x| pull(x, &p.on_command)) }
                    </section>
                    if !v.runs.is_empty() {
                        <section aria-label="Pipeline runs" id="gitops-runs">
                            <h3>{ "Pipeline runs" }</h3>
                            <ol class="runs">{ for v.runs.iter().map(run_item) }</ol>
                        </section>
                    }
                    if !v.tags.is_empty() {
                        <section aria-label="Registry" id="gitops-registry">
                            <h3>{ "Registry (registry.lab)" }</h3>
                            <div class="table-scroll" tabindex="0" role="region" aria-label="Registry tags">
                                <table class="tags">
                                    <thead><tr><th>{ "image" }</th><th>{ "commit" }</th><th>{ "pushed" }</th><th>{ "by" }</th><th>{ "digest" }</th></tr></thead>
                                    <tbody>{ for v.tags.iter().map(tag_row) }</tbody>
                                </table>
                            </div>
                        </section>
                    }
                </div>
                <div>
                    <section aria-label="Applications" id="gitops-apps">
                        <h3>{ "Applications" }</h3>
                        if v.apps.is_empty() {
                            <p class="muted">{ "No Application yet." }</p>
                        }
                        { for v.apps.iter().map(app_tree) }
                    </section>
                </div>
            </div>
            <section aria-label="Credentials" id="gitops-credentials">
                <h3>{ "Who holds which credential" }</h3>
                <div class="table-scroll" tabindex="0" role="region" aria-label="Credentials">
                    <table class="credentials">
                        <thead><tr><th>{ "holder" }</th><th>{ "runs" }</th><th>{ "credential (kept in)" }</th><th>{ "reaches" }</th></tr></thead>
                        <tbody>{ for v.credentials.iter().map(|c| html! {
                            <tr><th scope="row">{ &c.component }</th><td>{ &c.place }</td><td>{ &c.credential }</td><td class="mono">{ &c.reaches }</td></tr>
                        }) }</tbody>
                    </table>
                </div>
                <ul class="access">{ for access.iter().map(|(h, can)| html! {
                    <li>{ format!("{h}: {}", if *can { "can write the cluster" } else { "cannot reach the cluster" }) }</li>
                }) }</ul>
            </section>
        </div>
    }
}
