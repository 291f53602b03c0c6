//! The exercises shipped with the page, embedded at build time, and what the exercise panel
//! shows of the session's progress.

use kubelab_lab::{Builtin, Exercise, Session, BUILTIN};

/// One of the shipped exercises: a position in [`kubelab_lab::BUILTIN`], the one list of them
/// (the terminal's `kubelab --exercise` offers the same).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExerciseId(usize);

#[allow(non_upper_case_globals)]
impl ExerciseId {
    /// The exercise a first visit opens.
    pub const Ex4: ExerciseId = ExerciseId(kubelab_lab::builtin::index_of("ex4"));
    pub const Playground: ExerciseId = ExerciseId(kubelab_lab::builtin::index_of("playground"));

    /// Every shipped exercise, in menu order.
    pub const ALL: [ExerciseId; BUILTIN.len()] = {
        let mut all = [ExerciseId(0); BUILTIN.len()];
        let mut i = 0;
        while i < all.len() {
            all[i] = ExerciseId(i);
            i += 1;
        }
        all
    };

    fn builtin(self) -> &'static Builtin {
        // Every `ExerciseId` is made from a position in `BUILTIN` (the fields are private).
        &BUILTIN[self.0]
    }
    pub fn key(self) -> &'static str {
        self.builtin().id
    }
    pub fn from_key(key: &str) -> Option<ExerciseId> {
        BUILTIN.iter().position(|b| b.id == key).map(ExerciseId)
    }
    pub fn title(self) -> &'static str {
        self.builtin().menu_title
    }
}

/// The exercise, loaded from its embedded files. Embedded exercises are checked by the lab
/// crate's tests, so a load failure here is a build defect; the page still comes up with an
/// empty playground rather than crashing.
pub fn exercise(id: ExerciseId) -> Exercise {
    match id.builtin().load() {
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
    let profile = match exercise(id).profile {
        kubelab_console::Profile::Course => "a course-era cluster (Kubernetes v1.11, as the chapter's transcripts)",
        kubelab_console::Profile::Current => "a current cluster (Kubernetes v1.33)",
    };
    format!("Kubelab: {profile}. Everything here is simulated in your browser. Type `kubectl get nodes`, or Tab to complete.")
}

pub fn files(session: &Session) -> Vec<(String, String)> {
    session.files()
}

#[derive(Clone, Debug, PartialEq)]
pub struct GoalView {
    pub id: String,
    pub text: String,
    pub met: bool,
    pub why: String,
    /// A question's options (key, text); empty for other goals.
    pub options: Vec<(String, String)>,
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
                .map(|g| GoalView { id: g.id, text: g.text, met: g.met, why: g.explanation, options: g.options })
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
