//! The host component: holds the [`LabState`] and the browser timer, turns what the panels send
//! into [`Action`]s, carries out the state's [`Effect`]s against local storage, and lays the
//! panels out with plain data and callbacks. Every transition lives in `state.rs`; the
//! browser's clock only *triggers* simulator steps, the simulator never reads it.

use crate::components::share;
use crate::components::*;
use crate::exercises::{self, ExerciseId};
use crate::state::{Action, ChartTab, Effect, LabState, OutsideTab, TICK_MS};
use crate::storage;
use crate::view_model::{self, Selection};
use gloo::timers::callback::Interval;
use std::collections::VecDeque;
use std::rc::Rc;
use yew::prelude::*;

/// The exercise a first visit opens.
const FIRST_EXERCISE: ExerciseId = ExerciseId::Ex4;

pub struct App {
    state: LabState,
    _interval: Interval,
    /// The console panel's callbacks, made once: with them (and the shared scrollback) unchanged,
    /// a tick's render leaves the console alone.
    on_submit: Callback<String>,
    on_clear: Callback<()>,
    completer: Callback<(String, usize), (usize, Vec<String>)>,
}

/// Carries out `effects` in order against local storage; a load's answer goes back to the
/// state (and so on). Whether anything asked for a render.
fn carry_out(state: &mut LabState, effects: Vec<Effect>) -> bool {
    let mut render = false;
    let mut effects = VecDeque::from(effects);
    while let Some(effect) = effects.pop_front() {
        match effect {
            Effect::Save { exercise, data } => storage::write(exercise, &data),
            Effect::Forget(exercise) => storage::clear(exercise),
            Effect::RememberExercise(exercise) => storage::set_last_exercise(exercise),
            Effect::Download { name, contents } => share::download(&name, &contents),
            Effect::ClearFragment => share::clear_fragment(),
            Effect::Load(exercise) => {
                let update = state.update(Action::Loaded { exercise, saved: storage::read(exercise) });
                render |= update.render;
                effects.extend(update.effects);
            }
        }
    }
    render
}

impl Component for App {
    type Message = Action;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let exercise = storage::last_exercise().unwrap_or(FIRST_EXERCISE);
        let (mut state, effects) = LabState::new(exercise, storage::read(exercise).as_deref());
        carry_out(&mut state, effects);
        // A share link opens its session (asking nothing; a notice when it cannot).
        if let Some(fragment) = share::page_fragment() {
            let update = state.update(Action::OpenLink(fragment));
            carry_out(&mut state, update.effects);
        }
        let link = ctx.link().clone();
        let interval = Interval::new(TICK_MS, move || link.send_message(Action::Tick));
        let completer = Callback::from(state.completer());
        App {
            state,
            _interval: interval,
            on_submit: ctx.link().callback(Action::Submit),
            on_clear: ctx.link().callback(|_| Action::ClearConsole),
            completer,
        }
    }

    fn update(&mut self, _ctx: &Context<Self>, action: Action) -> bool {
        let update = self.state.update(action);
        let render = carry_out(&mut self.state, update.effects);
        update.render || render
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let state = &self.state;
        let session = state.session();
        let cluster = session.cluster();
        let root_class = classes!("app", state.presenter().then_some("presenter"));
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
                        on_speed={link.callback(Action::SetSpeed)} />
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
                <main class="panes">
                    <section class="left">
                        <ExercisePanel view={Rc::new(exercise_view)} on_hint={link.callback(Action::RevealHint)} />
                        <FilesPanel
                            files={Rc::new(exercises::files(&session))}
                            on_edit={link.callback(|(n, c)| Action::EditFile(n, c))}
                            on_apply={link.callback(Action::ApplyFile)}
                            editing={state.editing().cloned()}
                            on_edit_input={link.callback(Action::EditorInput)}
                            on_edit_save={link.callback(|()| Action::EditorSave)}
                            on_edit_cancel={link.callback(|()| Action::EditorCancel)} />
                    </section>
                    <section class="center">
                        <ClusterPanel view={state.view().clone()} generation={state.generation()} on_select={link.callback(Action::Select)} selected={state.selection().clone()} />
                        if state.chart_tab() == ChartTab::Replicas {
                            <ChartPanel series={Rc::new(view_model::chart_for(cluster, state.selection(), state.view()))} generation={state.generation()} tabs={tabs} />
                        } else {
                            <FlowPanel view={state.traffic().clone()} series={state.traffic_series().clone()} generation={state.generation()} speed={if state.playing() { state.speed() } else { 1 }} tabs={tabs} />
                        }
                        <ConsolePanel
                            lines={state.lines().clone()}
                            history={state.history().clone()}
                            on_submit={self.on_submit.clone()}
                            on_clear={self.on_clear.clone()}
                            prompt={session.console().prompt()}
                            completer={self.completer.clone()} />
                    </section>
                    <section class="right">
                        <Inspector selection={state.selection().clone()} mode={state.inspector_mode()} text={AttrValue::from(state.inspector_text().clone())} on_mode={link.callback(Action::SetInspectorMode)} on_close={link.callback(|_| Action::Select(Selection::None))} />
                        if state.outside_tab() == OutsideTab::Browser {
                            <BrowserPanel suggestions={Rc::new(view_model::node_port_urls(cluster))} result={state.browser().cloned()} on_visit={link.callback(Action::Visit)} tabs={outside_tabs} />
                        } else {
                            <TrafficPanel view={state.traffic().clone()} error={state.traffic_error().map(str::to_string)} on_action={link.callback(Action::Traffic)} tabs={outside_tabs} />
                        }
                        <EventsPanel events={Rc::new(view_model::event_rows(cluster))} />
                    </section>
                </main>
            </div>
        }
    }
}
