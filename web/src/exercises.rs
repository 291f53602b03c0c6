//! The exercises shipped with the page, embedded at build time, and what the exercise panel
//! shows of the session's progress.

use kubelab_lab::{Exercise, Session};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExerciseId {
    Ex4,
    Discovery,
    Traffic,
    Playground,
}

const EX4_YAML: &str = include_str!("../../exercises/ex4/exercise.yaml");
const EX4_FILES: &[(&str, &str)] = &[
    ("helloworld-dep-svc.yaml", include_str!("../../exercises/ex4/helloworld-dep-svc.yaml")),
    ("navbar-black.yaml", include_str!("../../exercises/ex4/navbar-black.yaml")),
];
const DISCOVERY_YAML: &str = include_str!("../../exercises/discovery/exercise.yaml");
const DISCOVERY_FILES: &[(&str, &str)] = &[
    ("rc.yaml", include_str!("../../exercises/discovery/rc.yaml")),
    ("svc.yaml", include_str!("../../exercises/discovery/svc.yaml")),
    ("jumpod.yaml", include_str!("../../exercises/discovery/jumpod.yaml")),
    ("other-ns.yaml", include_str!("../../exercises/discovery/other-ns.yaml")),
    ("other-rc.yaml", include_str!("../../exercises/discovery/other-rc.yaml")),
    ("other-svc.yaml", include_str!("../../exercises/discovery/other-svc.yaml")),
];
const TRAFFIC_YAML: &str = include_str!("../../exercises/traffic/exercise.yaml");
const TRAFFIC_FILES: &[(&str, &str)] = &[
    ("web-black.yaml", include_str!("../../exercises/traffic/web-black.yaml")),
    ("web-svc.yaml", include_str!("../../exercises/traffic/web-svc.yaml")),
    ("web-blue.yaml", include_str!("../../exercises/traffic/web-blue.yaml")),
];
const PLAYGROUND_YAML: &str = include_str!("../../exercises/playground/exercise.yaml");
const PLAYGROUND_FILES: &[(&str, &str)] = &[("web.yaml", include_str!("../../exercises/playground/web.yaml"))];

impl ExerciseId {
    pub const ALL: [ExerciseId; 4] =
        [ExerciseId::Ex4, ExerciseId::Discovery, ExerciseId::Traffic, ExerciseId::Playground];

    pub fn key(self) -> &'static str {
        match self {
            ExerciseId::Ex4 => "ex4",
            ExerciseId::Discovery => "discovery",
            ExerciseId::Traffic => "traffic",
            ExerciseId::Playground => "playground",
        }
    }
    pub fn from_key(key: &str) -> Option<ExerciseId> {
        ExerciseId::ALL.into_iter().find(|e| e.key() == key)
    }
    pub fn title(self) -> &'static str {
        match self {
            ExerciseId::Ex4 => "Exercise 4 — scaling, autoscaling, rollout (course era)",
            ExerciseId::Discovery => "Lab — service discovery with DNS (course era)",
            ExerciseId::Traffic => "Lab — Services under load: load balancing and blue/green",
            ExerciseId::Playground => "Playground (current Kubernetes)",
        }
    }
    fn sources(self) -> (&'static str, &'static [(&'static str, &'static str)]) {
        match self {
            ExerciseId::Ex4 => (EX4_YAML, EX4_FILES),
            ExerciseId::Discovery => (DISCOVERY_YAML, DISCOVERY_FILES),
            ExerciseId::Traffic => (TRAFFIC_YAML, TRAFFIC_FILES),
            ExerciseId::Playground => (PLAYGROUND_YAML, PLAYGROUND_FILES),
        }
    }
}

/// The exercise, loaded from its embedded files. Embedded exercises are checked by the lab
/// crate's tests, so a load failure here is a build defect; the page still comes up with an
/// empty playground rather than crashing.
pub fn exercise(id: ExerciseId) -> Exercise {
    let (yaml, files) = id.sources();
    match Exercise::load(yaml, files) {
        Ok(e) => e,
        Err(err) => fallback(&err.to_string()),
    }
}

fn fallback(why: &str) -> Exercise {
    let yaml = format!("id: broken\ntitle: Playground\nprofile: current\nintro: \"This exercise could not be loaded: {}\"\nsteps: []\n", why.replace('"', "'"));
    Exercise::load(&yaml, &[]).unwrap_or_else(|_| {
        Exercise::load("id: empty\ntitle: Playground\nprofile: current\nsteps: []\n", &[]).expect("minimal exercise")
    })
}

pub fn new_session(id: ExerciseId) -> Session {
    match Session::new(exercise(id)) {
        Ok(s) => s,
        Err(_) => Session::new(fallback("its setup failed")).expect("empty playground starts"),
    }
}

pub fn restore(id: ExerciseId, saved: &kubelab_lab::SavedSession) -> Result<Session, String> {
    Session::restore(exercise(id), saved).map_err(|e| e.to_string())
}

pub fn banner(id: ExerciseId) -> String {
    let profile = match id {
        ExerciseId::Ex4 | ExerciseId::Discovery => {
            "a course-era cluster (Kubernetes v1.11, as the chapter's transcripts)"
        }
        ExerciseId::Traffic | ExerciseId::Playground => "a current cluster (Kubernetes v1.33)",
    };
    format!("Kubelab: {profile}. Everything here is simulated in your browser. Type `kubectl get nodes`, or Tab to complete.")
}

pub fn files(session: &Session) -> Vec<(String, String)> {
    session.files()
}

#[derive(Clone, Debug, PartialEq)]
pub struct GoalView {
    pub text: String,
    pub met: bool,
    pub why: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StepView {
    pub title: String,
    pub text: String,
    pub goals: Vec<GoalView>,
    pub hints: Vec<String>,
    pub more_hints: bool,
    pub current: bool,
    pub done: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExerciseView {
    pub title: String,
    pub intro: String,
    pub profile_note: String,
    pub steps: Vec<StepView>,
    pub met: usize,
    pub total: usize,
}

pub fn exercise_view(session: &Session) -> ExerciseView {
    let ex = session.exercise();
    let current = session.progress().current_step();
    let mut met = 0;
    let mut total = 0;
    let steps = ex
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let goals: Vec<GoalView> = session
                .goal_statuses(i)
                .into_iter()
                .map(|g| GoalView { text: g.text, met: g.met, why: g.explanation })
                .collect();
            met += goals.iter().filter(|g| g.met).count();
            total += goals.len();
            let hints = session.revealed_hints(i).to_vec();
            StepView {
                title: step.title.clone(),
                text: step.text.clone(),
                more_hints: hints.len() < step.hints.len(),
                hints,
                current: i == current,
                done: i < current,
                goals,
            }
        })
        .collect();
    let profile_note = match ex.profile {
        kubelab_console::Profile::Course => "Cluster: course era (kubectl/Kubernetes v1.11)".to_string(),
        kubelab_console::Profile::Current => "Cluster: current (kubectl/Kubernetes v1.33)".to_string(),
    };
    ExerciseView { title: ex.title.clone(), intro: ex.intro.clone(), profile_note, steps, met, total }
}
