//! The host component: holds the [`LabState`] and the browser timer, turns what the panels send
//! into [`Action`]s, carries out the state's [`Effect`]s against local storage, and lays the
//! panels out with plain data and callbacks. Every transition lives in `state.rs`; the
//! browser's clock only *triggers* simulator steps, the simulator never reads it.

use crate::components::share;
use crate::components::*;
use crate::exercises::{self, ExerciseId};
use crate::state::{Action, ChartTab, Effect, LabState, OutsideTab, Slicer, TICK_MS};
use crate::storage;
use crate::view_model::{self, Selection};
use gloo::events::EventListener;
use gloo::timers::callback::{Interval, Timeout};
use std::collections::VecDeque;
use std::rc::Rc;
use yew::prelude::*;

/// The exercise a first visit opens.
const FIRST_EXERCISE: ExerciseId = ExerciseId::Ex4;

pub struct App {
    state: LabState,
    _interval: Interval,
    /// Saves with a snapshot when the page is hidden or closed.
    _pagehide: Option<EventListener>,
    /// The next slice of busy work, once the browser had its turn.
    work: Option<Timeout>,
    slicer: Slicer,
    /// The console panel's callbacks, made once: with them (and the shared scrollback) unchanged,
    /// a tick's render leaves the console alone.
    on_submit: Callback<String>,
    on_clear: Callback<()>,
    completer: Callback<(String, usize), (usize, Vec<String>)>,
    /// Why the saved session just opened could not be restored (the banner), until dismissed.
    restore_failed: Option<String>,
    /// Opened in the embed layout (`?embed`).
    embed: bool,
    _hashchange: Option<EventListener>,
}

/// The reason a restore failed, when `effects` forget a stored session (the only other
/// forgetting is Reset's, which is not a load) and the scrollback says why.
fn restore_failure_of(state: &LabState, effects: &[Effect]) -> Option<String> {
    if !effects.iter().any(|e| matches!(e, Effect::Forget(_))) {
        return None;
    }
    state.lines().iter().find_map(|l| restore_failure(&l.text)).map(str::to_string)
}

/// Carries out `effects` in order against local storage; a load's answer goes back to the
/// state (and so on). Whether anything asked for a render, and why a load could not restore
/// the stored session, if it could not.
fn carry_out(state: &mut LabState, effects: Vec<Effect>) -> (bool, Option<String>) {
    let mut render = false;
    let mut failed = None;
    let mut effects = VecDeque::from(effects);
    while let Some(effect) = effects.pop_front() {
        match effect {
            Effect::Save { exercise, data } => storage::write(exercise, &data),
            Effect::SaveSnapshot { exercise, data } => storage::write_snapshot(exercise, &data),
            Effect::Forget(exercise) => storage::clear(exercise),
            Effect::RememberExercise(exercise) => storage::set_last_exercise(exercise),
            Effect::Download { name, contents } => share::download(&name, &contents),
            Effect::ClearFragment => share::clear_fragment(),
            Effect::Load(exercise) => {
                let update = state.update(Action::Loaded {
                    exercise,
                    saved: storage::read(exercise),
                    snapshot: storage::read_snapshot(exercise),
                });
                render |= update.render;
                failed = restore_failure_of(state, &update.effects);
                effects.extend(update.effects);
            }
        }
    }
    (render, failed)
}

/// The browser's clock in milliseconds, to size slices of busy work (never seen by the simulator).
fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

impl App {
    /// Schedules the next slice of busy work after the browser's turn (drawing, input).
    fn schedule_work(&mut self, ctx: &Context<Self>) {
        if self.state.busy().is_some() && self.work.is_none() {
            let link = ctx.link().clone();
            self.work = Some(Timeout::new(0, move || link.send_message(Action::Work(0))));
        }
    }
}

impl Component for App {
    type Message = Action;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        // A course link (`#/ex4`) names the exercise; otherwise the one last open.
        let exercise = crate::route::exercise().or_else(storage::last_exercise).unwrap_or(FIRST_EXERCISE);
        let (mut state, effects) =
            LabState::load(exercise, storage::read(exercise).as_deref(), storage::read_snapshot(exercise).as_deref());
        let restore_failed = restore_failure_of(&state, &effects);
        carry_out(&mut state, effects);
        let hashchange = web_sys::window().map(|w| {
            let link = ctx.link().clone();
            EventListener::new(&w, "hashchange", move |_| {
                if let Some(id) = crate::route::exercise() {
                    link.send_message(Action::ChooseExercise(id));
                }
            })
        });
        let pagehide = web_sys::window().map(|w| {
            let link = ctx.link().clone();
            EventListener::new(&w, "pagehide", move |_| link.send_message(Action::PageHide))
        });
        // A share link opens its session (asking nothing; a notice when it cannot).
        if let Some(fragment) = share::page_fragment() {
            let update = state.update(Action::OpenLink(fragment));
            carry_out(&mut state, update.effects);
        }
        let link = ctx.link().clone();
        let interval = Interval::new(TICK_MS, move || link.send_message(Action::Tick));
        let completer = Callback::from(state.completer());
        let mut app = App {
            state,
            _interval: interval,
            _pagehide: pagehide,
            work: None,
            slicer: Slicer::default(),
            on_submit: ctx.link().callback(Action::Submit),
            on_clear: ctx.link().callback(|_| Action::ClearConsole),
            completer,
            restore_failed,
            embed: crate::route::embed(),
            _hashchange: hashchange,
        };
        app.schedule_work(ctx);
        app
    }

    fn update(&mut self, ctx: &Context<Self>, action: Action) -> bool {
        if matches!(action, Action::ChooseExercise(_)) {
            self.restore_failed = None;
        }
        let update = if let Action::Work(_) = action {
            self.work = None;
            let secs = self.slicer.chunk();
            let start = now_ms();
            let update = self.state.update(Action::Work(secs));
            self.slicer.record(secs, now_ms() - start);
            update
        } else {
            self.state.update(action)
        };
        let (render, failed) = carry_out(&mut self.state, update.effects);
        if failed.is_some() {
            self.restore_failed = failed;
        }
        self.schedule_work(ctx);
        update.render || render
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let state = &self.state;
        let session = state.session();
        let cluster = session.cluster();
        let root_class = classes!("app", state.presenter().then_some("presenter"), self.embed.then_some("embed"));
        let exercise_view = exercises::exercise_view(&session);
        let tab = |t: ChartTab, label: &'static str, id: &'static str| {
            html! {
                <button role="tab" id={id} aria-selected={(state.chart_tab() == t).to_string()}
                        onclick={link.callback(move |_| Action::ChartTab(t))}>{ label }</button>
            }
        };
        let tabs = html! {
            <span class="chart-tabs" role="tablist">
                { tab(ChartTab::Replicas, "Replicas over time", "tab-replicas") }
                { tab(ChartTab::Traffic, "Traffic", "tab-traffic") }
                if state.autoscaling().relevant || state.chart_tab() == ChartTab::Autoscaling {
                    { tab(ChartTab::Autoscaling, "Autoscaling", "tab-autoscaling") }
                }
                { tab(ChartTab::Race, "Strategy race", "tab-race") }
                if cluster.argocd_namespace().is_some() || !cluster.git().is_empty() || state.chart_tab() == ChartTab::GitOps {
                    { tab(ChartTab::GitOps, "GitOps", "tab-gitops") }
                }
            </span>
        };
        let outside_tab = |t: OutsideTab, label: String, id: &'static str| {
            html! {
                <button role="tab" id={id} aria-selected={(state.outside_tab() == t).to_string()}
                        onclick={link.callback(move |_| Action::OutsideTab(t))}>{ label }</button>
            }
        };
        let clients = state.traffic().clients.len();
        let outside_tabs = html! {
            <span class="chart-tabs" role="tablist">
                { outside_tab(OutsideTab::Browser, "Browser".into(), "tab-browser") }
                { outside_tab(OutsideTab::Traffic, if clients > 0 { format!("Traffic ({clients})") } else { "Traffic".into() }, "tab-load") }
            </span>
        };
        html! {
            <div class={root_class}>
                <header class="topbar">
                    <h1>{ "Kubelab" }</h1>
                    <ExercisePicker current={state.exercise()} on_choose={link.callback(Action::ChooseExercise)} />
                    <TimeControls
                        clock={state.view().time.clone()}
                        playing={state.playing()}
                        speed={state.speed()}
                        on_toggle={link.callback(|_| Action::TogglePlay)}
                        on_step={link.callback(|_| Action::StepOnce)}
                        on_skip={link.callback(Action::Skip)}
                        busy={state.busy().is_some()}
                        on_speed={link.callback(Action::SetSpeed)} />
                    <ProgressBar busy={state.busy()} />
                    <div class="toggles">
                        <ShareControls
                            share={state.share_box().cloned()}
                            on_open={link.callback(|()| Action::ShareOpen)}
                            on_close={link.callback(|()| Action::ShareClose)}
                            on_at={link.callback(Action::ShareAt)}
                            on_export={link.callback(|()| Action::ExportSession)}
                            on_import={link.callback(|(name, bytes)| Action::ImportSession { name, bytes })} />
                        <button id="presenter" aria-pressed={state.presenter().to_string()} onclick={link.callback(|_| Action::TogglePresenter)}>{ "Presenter" }</button>
                        <button id="system" aria-pressed={state.show_system().to_string()} onclick={link.callback(|_| Action::ToggleSystem)}>{ "System pods" }</button>
                        <button id="reset" onclick={link.callback(|_| Action::Reset)}>{ "Reset" }</button>
                    </div>
                </header>
                if let Some(why) = &self.restore_failed {
                    <RestoreBanner key={format!("{}:{why}", state.exercise().key())} why={AttrValue::from(why.clone())} />
                }
                <Panes presenter={state.presenter()}
                    left={html! { <>
                        <ExercisePanel view={Rc::new(exercise_view)} on_hint={link.callback(Action::RevealHint)} on_choose={link.callback(Action::Submit)} />
                        <FilesPanel
                            files={Rc::new(exercises::files(&session))}
                            on_edit={link.callback(|(n, c)| Action::EditFile(n, c))}
                            on_apply={link.callback(Action::ApplyFile)}
                            editing={state.editing().cloned()}
                            on_edit_input={link.callback(Action::EditorInput)}
                            on_edit_save={link.callback(|()| Action::EditorSave)}
                            on_edit_cancel={link.callback(|()| Action::EditorCancel)} />
                    </> }}
                    center={html! { <>
                        <ClusterPanel view={state.view().clone()} generation={state.generation()} on_select={link.callback(Action::Select)} selected={state.selection().clone()} />
                        { match state.chart_tab() {
                            ChartTab::Replicas => html! {
                                <ChartPanel series={Rc::new(view_model::chart_for(cluster, state.selection(), state.view()))} generation={state.generation()} tabs={tabs} />
                            },
                            ChartTab::Traffic => html! {
                                <FlowPanel view={state.traffic().clone()} series={state.traffic_series().clone()} generation={state.generation()} speed={if state.playing() { state.speed() } else { 1 }} tabs={tabs} />
                            },
                            ChartTab::Autoscaling => html! {
                                <AutoscalingPanel view={state.autoscaling().clone()} generation={state.generation()} tabs={tabs} />
                            },
                            ChartTab::Race => html! { <RacePanel tabs={tabs} /> },
                            ChartTab::GitOps => html! {
                                <GitOpsPanel view={Rc::new(view_model::gitops::gitops_view(cluster))} tabs={tabs} on_command={self.on_submit.clone()} />
                            },
                        } }
                        <ConsolePanel
                            lines={state.lines().clone()}
                            history={state.history().clone()}
                            on_submit={self.on_submit.clone()}
                            on_clear={self.on_clear.clone()}
                            prompt={session.console().prompt()}
                            completer={self.completer.clone()} />
                    </> }}
                    right={html! { <>
                        <Inspector selection={state.selection().clone()} mode={state.inspector_mode()} text={AttrValue::from(state.inspector_text().clone())} on_mode={link.callback(Action::SetInspectorMode)} on_close={link.callback(|_| Action::Select(Selection::None))} />
                        if state.outside_tab() == OutsideTab::Browser {
                            <BrowserPanel suggestions={Rc::new(view_model::node_port_urls(cluster))} result={state.browser().cloned()} on_visit={link.callback(Action::Visit)} tabs={outside_tabs} />
                        } else {
                            <TrafficPanel view={state.traffic().clone()} error={state.traffic_error().map(str::to_string)} on_action={link.callback(Action::Traffic)} tabs={outside_tabs} />
                        }
                        <EventsPanel events={Rc::new(view_model::event_rows(cluster))} />
                    </> }} />
            </div>
        }
    }
}
