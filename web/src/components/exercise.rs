//! The exercise picker (sends the exercise chosen) and the exercise panel: prose with code
//! spans, lists and pipe tables, each step's goals ticked off live, hints (sends the step whose
//! next hint to reveal).

use crate::exercises::{ExerciseId, ExerciseView};
use crate::text::{spans, table, Span, Table};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PickerProps {
    pub current: ExerciseId,
    pub on_choose: Callback<ExerciseId>,
}

#[function_component(ExercisePicker)]
pub fn exercise_picker(p: &PickerProps) -> Html {
    let on_choose = p.on_choose.clone();
    let change = Callback::from(move |e: Event| {
        let value = e.target_dyn_into::<web_sys::HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
        if let Some(id) = ExerciseId::from_key(&value) {
            on_choose.emit(id);
        }
    });
    html! {
        <label class="picker">{ "Exercise " }
            <select id="exercise" onchange={change} title={p.current.title()}>
                { for ExerciseId::ALL.iter().map(|id| html! {
                    <option value={id.key()} selected={*id == p.current}>{ id.title() }</option>
                }) }
            </select>
        </label>
    }
}

/// Code spans get zero-width break opportunities after `/`, `:`, `=` and `,`, so a long image
/// name wraps at a sensible place instead of mid-word.
fn breakable(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + 8);
    for ch in code.chars() {
        out.push(ch);
        if matches!(ch, '/' | ':' | '=' | ',') {
            out.push('\u{200b}');
        }
    }
    out
}

fn inline(text: &str) -> Html {
    html! {
        { for spans(text).into_iter().map(|s| match s {
            Span::Text(t) => html! { { t } },
            Span::Code(c) => html! { <code>{ breakable(&c) }</code> },
            Span::Strong(t) => html! { <strong>{ t }</strong> },
        }) }
    }
}

/// A pipe table. The first cell of each body row is its row header. In a narrow panel (the
/// usual exercise column) each row is stacked as a block, every cell under its column's name.
fn compare_table(t: &Table) -> Html {
    html! {
        <div class="table-scroll">
            <table class="compare">
                <thead><tr>{ for t.header.iter().map(|h| html! { <th scope="col">{ inline(h) }</th> }) }</tr></thead>
                <tbody>
                    { for t.rows.iter().map(|row| html! {
                        <tr>
                            { for row.iter().enumerate().map(|(i, c)| if i == 0 {
                                html! { <th scope="row">{ inline(c) }</th> }
                            } else {
                                // The label shows when a narrow panel stacks the cells.
                                html! { <td data-label={t.header.get(i).cloned().unwrap_or_default()}>{ inline(c) }</td> }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// Paragraphs separated by blank lines; a paragraph whose lines start with `- ` is a list; a
/// paragraph of `| a | b |` lines whose second line is `|---|---|` is a table.
pub fn prose(text: &str) -> Html {
    html! {
        { for text.split("\n\n").map(|para| {
            let lines: Vec<&str> = para.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            if let Some(t) = table(&lines) {
                return compare_table(&t);
            }
            let starts = lines.iter().filter(|l| l.starts_with("- ")).count();
            if starts > 0 {
                // Lines before the first item form a lead-in; continuation lines join their item.
                let mut lead = String::new();
                let mut items: Vec<String> = Vec::new();
                for l in &lines {
                    if let Some(item) = l.strip_prefix("- ") {
                        items.push(item.to_string());
                    } else if let Some(last) = items.last_mut() {
                        last.push(' ');
                        last.push_str(l);
                    } else {
                        if !lead.is_empty() { lead.push(' '); }
                        lead.push_str(l);
                    }
                }
                html! {
                    <>
                        if !lead.is_empty() { <p>{ inline(&lead) }</p> }
                        <ul class="prose-list">{ for items.iter().map(|i| html! { <li>{ inline(i) }</li> }) }</ul>
                    </>
                }
            } else {
                html! { <p>{ inline(&lines.join(" ")) }</p> }
            }
        }) }
    }
}

#[derive(Properties, PartialEq)]
pub struct ExerciseProps {
    pub view: Rc<ExerciseView>,
    pub on_hint: Callback<usize>,
    /// A pick of a question's option, sent as the console input `choose <goal> <option>` (so it
    /// is recorded and replayed like a command).
    #[prop_or_default]
    pub on_choose: Callback<String>,
}

/// The exercise's steps with their goals ticked off live, and hints on demand.
#[function_component(ExercisePanel)]
pub fn exercise_panel(p: &ExerciseProps) -> Html {
    let v = &p.view;
    html! {
        <div class="panel exercise" id="exercise-panel">
            <h2>{ &v.title }</h2>
            <div class="profile muted">{ &v.profile_note }</div>
            <div class="intro">{ prose(&v.intro) }</div>
            <div class="progress" aria-label="Goals met">{ format!("{} of {} goals met", v.met, v.total) }</div>
            <details class="about">
                <summary>{ "What is simulated, and what is not" }</summary>
                <ul class="prose-list">
                    <li>{ "No real containers run: the cluster, its controllers, scheduler and kubelets are simulated in this page, deterministically (same seed, same commands, same result)." }</li>
                    <li>{ "Images behave from a table of known images (nginx, the course's helloworld and simpleservice, busybox, centos); any other well-formed name runs as a web server; a tag that does not exist fails to pull." }</li>
                    <li>{ "Time is simulated: pause it, step it, or run it up to 60× faster; commands such as rollout status and sleep move it on." }</li>
                    <li>{ "Networking is simulated too: cluster DNS as CoreDNS answers it, kube-proxy choosing among ready pods (iptables random or IPVS round-robin), a small shell inside pods (nslookup, curl, wget, env). Traffic is counted per simulated second: each second's requests see the cluster as it is at the end of that second, and every node's kube-proxy is updated at once." }</li>
                    <li>{ "This console is a shell on the control-plane node, as in the course's kubeadm labs: kubectl, sleep, curl from the node (ClusterIPs and node ports answer; Service names need a pod), kubectl proxy, and $(kubectl ...) substitution. No pipes." }</li>
                    <li>{ "Not modelled yet: CPU metrics for the autoscaler (it enforces min and max only), volumes, network policies, affinity, preemption." }</li>
                </ul>
            </details>
            <ol class="steps">
                { for v.steps.iter().enumerate().map(|(i, s)| {
                    let hint = p.on_hint.reform(move |_: MouseEvent| i);
                    html! {
                        <li class={classes!("step", s.current.then_some("current"), s.done.then_some("done"))}>
                            <h3>{ if s.done { "✔ " } else { "" } }{ &s.title }</h3>
                            if s.current || s.done {
                                <div class="text">{ prose(&s.text) }</div>
                            }
                            <ul class="goals">
                                { for s.goals.iter().map(|g| html! {
                                    <li class={classes!("goal", g.met.then_some("met"))} data-met={g.met.to_string()}>
                                        <span class="check" aria-hidden="true">{ if g.met { "☑" } else { "☐" } }</span>
                                        <span class="sr">{ if g.met { "done: " } else { "to do: " } }</span>
                                        { &g.text }
                                        if !g.met && !g.why.is_empty() && s.current {
                                            <span class="why muted">{ format!(" — {}", g.why) }</span>
                                        }
                                        if !g.options.is_empty() && s.current && !g.met {
                                            <div class="choice" role="group" aria-label={g.text.clone()}>
                                                { for g.options.iter().map(|(key, text)| {
                                                    let line = format!("choose {} {key}", g.id);
                                                    let pick = p.on_choose.reform(move |_: MouseEvent| line.clone());
                                                    html! { <button class="choice-option" data-option={key.clone()} onclick={pick}>{ format!("{key}) {text}") }</button> }
                                                }) }
                                            </div>
                                        }
                                    </li>
                                }) }
                            </ul>
                            { for s.hints.iter().map(|h| html! { <div class="hint"><strong>{ "Hint: " }</strong>{ prose(h) }</div> }) }
                            if s.current && s.more_hints {
                                <button class="hint-button" onclick={hint}>{ "Show a hint" }</button>
                            }
                        </li>
                    }
                }) }
            </ol>
        </div>
    }
}
