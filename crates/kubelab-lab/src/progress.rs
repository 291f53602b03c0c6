//! A student's progress through an exercise, kept next to (not inside) the cluster.
//!
//! Steps are done in order. Only the goals of the current step are checked; when all of them
//! are met the next step becomes current, and it is checked at once against the same state (a
//! student who is ahead gets every step they have already done ticked in one go). Goals are
//! sticky: once met a goal stays met, because later steps change the cluster (the Exercise 4
//! deployment is deleted in the next clean-up). A step without goals is done as soon as it
//! becomes current.
//!
//! Besides the current step, every goal not yet met keeps a memory for its `was:` conditions:
//! at each update, each `was` node that holds is remembered (see [`crate::condition`]).

use crate::condition::{Context, Evaluation, Memory};
use crate::exercise::{Exercise, Goal};
use kubelab_sim::{Cluster, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One console input the student ran.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The input as run (a here-document included).
    pub line: String,
    pub exit_code: i32,
    /// The simulated time the input started at (commands such as `sleep` or `rollout status`
    /// advance the clock while they run).
    pub at: SimTime,
}

/// When and how a goal was met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalRecord {
    /// The simulated time of the update that saw it met.
    pub at: SimTime,
    /// The history length at that update: lines with this index or later ran after it.
    pub entry: usize,
    /// The condition's explanation at that moment.
    pub explanation: String,
}

/// Where a step became current.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepStart {
    pub at: SimTime,
    /// The history length when it became current (`ran` goals of the step look from here).
    pub entry: usize,
}

/// A goal as the UI shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalStatus {
    pub id: String,
    pub text: String,
    pub met: bool,
    /// For a met goal, the explanation from when it was met; otherwise the current one (or, for
    /// a step not reached yet, a note saying so).
    pub explanation: String,
    /// For a question (`choice`): its options as (key, text), in key order; the UI offers them
    /// and sends `choose <id> <key>` as an input.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<(String, String)>,
}

/// Progress through one exercise. Serialisable; kept next to the cluster, never inside it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The exercise's id.
    exercise: String,
    /// Index of the current step; equal to the number of steps once all are done.
    current_step: usize,
    /// Goals met, by id.
    met: BTreeMap<String, GoalRecord>,
    /// When each step reached so far became current.
    started: Vec<StepStart>,
    /// Hints revealed per step.
    hints: Vec<usize>,
    /// Per goal not yet met: the `was` nodes seen holding.
    seen: BTreeMap<String, Memory>,
}

impl Progress {
    /// No goal met, the first step current, no hints shown.
    pub fn new(exercise: &Exercise) -> Progress {
        Progress { exercise: exercise.id.clone(), hints: vec![0; exercise.steps.len()], ..Progress::default() }
    }

    /// The id of the exercise this progress belongs to.
    pub fn exercise_id(&self) -> &str {
        &self.exercise
    }

    /// The current step's index (the number of steps once the exercise is complete).
    pub fn current_step(&self) -> usize {
        self.current_step
    }

    pub fn is_complete(&self, exercise: &Exercise) -> bool {
        self.current_step >= exercise.steps.len()
    }

    pub fn is_met(&self, goal_id: &str) -> bool {
        self.met.contains_key(goal_id)
    }

    pub fn met(&self) -> &BTreeMap<String, GoalRecord> {
        &self.met
    }

    pub fn goal_record(&self, goal_id: &str) -> Option<&GoalRecord> {
        self.met.get(goal_id)
    }

    /// When a step became current (`None` for a step not reached yet).
    pub fn step_started(&self, step: usize) -> Option<&StepStart> {
        self.started.get(step)
    }

    /// How many hints of `step` have been revealed.
    pub fn hints_revealed(&self, step: usize) -> usize {
        self.hints.get(step).copied().unwrap_or(0)
    }

    /// Reveals the next hint of `step`; returns its index, or `None` if there is no such step or
    /// every hint is already shown.
    pub fn reveal_hint(&mut self, exercise: &Exercise, step: usize) -> Option<usize> {
        let available = exercise.steps.get(step)?.hints.len();
        if self.hints.len() < exercise.steps.len() {
            self.hints.resize(exercise.steps.len(), 0);
        }
        let shown = self.hints[step];
        if shown >= available {
            return None;
        }
        self.hints[step] = shown + 1;
        Some(shown)
    }

    /// Sets how many hints are revealed per step (restoring a saved session). Counts beyond a
    /// step's hints are clamped.
    pub(crate) fn set_hints(&mut self, exercise: &Exercise, counts: &[usize]) {
        self.hints = exercise
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| counts.get(i).copied().unwrap_or(0).min(s.hints.len()))
            .collect();
    }

    pub(crate) fn hint_counts(&self) -> &[usize] {
        &self.hints
    }

    /// Looks at the cluster and history: remembers `was` conditions, ticks the current step's
    /// goals that hold, and moves on through every step whose goals are all met. Returns the ids
    /// of the goals met by this update, in step and goal order.
    pub fn update(&mut self, exercise: &Exercise, cluster: &Cluster, history: &[HistoryEntry]) -> Vec<String> {
        let now = cluster.now();
        // Memory first, so that a `was` seen now counts in this very update.
        for goal in exercise.goals() {
            if self.met.contains_key(&goal.id) || !goal.check.has_memory() {
                continue;
            }
            let cx = Context { cluster, history, since: 0, met: Some(&self.met), seen: None };
            let mut seen = self.seen.remove(&goal.id).unwrap_or_default();
            goal.check.observe(&cx, &mut seen);
            if !seen.is_empty() {
                self.seen.insert(goal.id.clone(), seen);
            }
        }
        let mut newly = Vec::new();
        while let Some(step) = exercise.steps.get(self.current_step) {
            if self.started.len() <= self.current_step {
                // The first step is current from the start: all of the history counts for it.
                let entry = if self.current_step == 0 { 0 } else { history.len() };
                self.started.push(StepStart { at: now, entry });
            }
            let since = self.started[self.current_step].entry;
            let mut all_met = true;
            for goal in &step.goals {
                if self.met.contains_key(&goal.id) {
                    continue;
                }
                let e = self.evaluate_goal(goal, cluster, history, since);
                if e.met {
                    self.met.insert(
                        goal.id.clone(),
                        GoalRecord { at: now, entry: history.len(), explanation: e.explanation },
                    );
                    self.seen.remove(&goal.id);
                    newly.push(goal.id.clone());
                } else {
                    all_met = false;
                }
            }
            if !all_met {
                break;
            }
            self.current_step += 1;
        }
        newly
    }

    fn evaluate_goal(&self, goal: &Goal, cluster: &Cluster, history: &[HistoryEntry], since: usize) -> Evaluation {
        let cx = Context { cluster, history, since, met: Some(&self.met), seen: self.seen.get(&goal.id) };
        goal.check.evaluate(&cx)
    }

    /// The goals of `step` with their state, for the UI. Does not change the progress.
    pub fn goal_statuses(
        &self,
        exercise: &Exercise,
        cluster: &Cluster,
        history: &[HistoryEntry],
        step: usize,
    ) -> Vec<GoalStatus> {
        let Some(s) = exercise.steps.get(step) else {
            return Vec::new();
        };
        let since = self.started.get(step).map(|st| st.entry);
        s.goals
            .iter()
            .map(|goal| {
                let (met, explanation) = match (self.met.get(&goal.id), since) {
                    (Some(record), _) => (true, record.explanation.clone()),
                    (None, Some(since)) => (false, self.evaluate_goal(goal, cluster, history, since).explanation),
                    (None, None) => (false, "this step has not started yet".to_string()),
                };
                let options = match &goal.check {
                    crate::condition::Condition::Choice(c) => {
                        c.options.iter().map(|(k, t)| (k.clone(), t.clone())).collect()
                    }
                    _ => Vec::new(),
                };
                GoalStatus { id: goal.id.clone(), text: goal.text.clone(), met, explanation, options }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubelab_console::{Console, ConsoleConfig, NoFiles, Profile};

    const EXERCISE: &str = r#"
id: t
title: Test
profile: current
steps:
  - title: Create web
    goals:
      - {id: created, text: Create web, check: {deployment: {name: web}}}
      - {id: looked, text: Look, check: {ran: kubectl get}}
    hints: [one, two]
  - title: Reading only
  - title: Delete web
    goals:
      - {id: gone, text: Delete web, check: {absent: {kind: deploy, name: web}}}
  - title: Undo
    goals:
      - id: undone
        text: Scale to 2 and back to 1
        check:
          all:
            - was: {deployment: {name: api, replicas: 2}}
            - deployment: {name: api, replicas: 1}
"#;

    struct Lab {
        exercise: Exercise,
        console: Console,
        history: Vec<HistoryEntry>,
        progress: Progress,
    }

    impl Lab {
        fn new() -> Lab {
            let exercise = Exercise::load(EXERCISE, &[]).expect("loads");
            let console = Console::new(ConsoleConfig { seed: 1, profile: Profile::Current }, Box::new(NoFiles));
            let progress = Progress::new(&exercise);
            Lab { exercise, console, history: Vec::new(), progress }
        }
        fn run(&mut self, line: &str) -> Vec<String> {
            let at = self.console.cluster().now();
            let out = self.console.run(line);
            self.history.push(HistoryEntry { line: line.into(), exit_code: out.exit_code, at });
            self.update()
        }
        fn update(&mut self) -> Vec<String> {
            self.progress.update(&self.exercise, self.console.cluster(), &self.history)
        }
    }

    #[test]
    fn goals_tick_in_step_order_and_stay_ticked() {
        let mut lab = Lab::new();
        // Step 3's goal (web absent) holds now, but step 3 is not current: nothing is met.
        assert_eq!(lab.update(), Vec::<String>::new());
        assert_eq!(lab.progress.current_step(), 0);
        assert_eq!(lab.run("kubectl create deployment web --image=nginx"), ["created"]);
        assert_eq!(lab.update(), Vec::<String>::new(), "nothing new on a second look");
        // Completing step 1 passes the goal-less step 2 and stops at step 3.
        assert_eq!(lab.run("kubectl get deploy"), ["looked"]);
        assert_eq!(lab.progress.current_step(), 2);
        assert!(lab.progress.step_started(1).is_some());
        assert_eq!(lab.progress.step_started(2).map(|s| s.entry), Some(2));
        // Deleting web breaks `created`, which stays met.
        assert_eq!(lab.run("kubectl delete deployment web"), ["gone"]);
        assert!(lab.progress.is_met("created") && lab.progress.is_met("gone"));
        assert_eq!(lab.progress.goal_record("created").map(|r| r.explanation.as_str()), Some("deployment web exists"));
        assert_eq!(lab.progress.current_step(), 3);
        assert!(!lab.progress.is_complete(&lab.exercise));
    }

    #[test]
    fn a_student_ahead_gets_every_step_done_in_one_update() {
        let mut lab = Lab::new();
        lab.console.run("kubectl get pods");
        lab.console.run("kubectl create deployment api --image=nginx --replicas=2");
        lab.console.run("kubectl create deployment web --image=nginx");
        lab.history.push(HistoryEntry { line: "kubectl get pods".into(), exit_code: 0, at: SimTime(0) });
        assert_eq!(lab.update(), ["created", "looked"]);
        assert_eq!(lab.progress.current_step(), 2, "web exists, so step 3 waits");
        // The `was` of step 4 was remembered although step 4 is not current yet.
        lab.console.run("kubectl scale deployment api --replicas=1");
        lab.console.run("kubectl delete deployment web");
        assert_eq!(lab.update(), ["gone", "undone"]);
        assert!(lab.progress.is_complete(&lab.exercise));
        assert_eq!(lab.progress.current_step(), 4);
    }

    #[test]
    fn ran_counts_from_the_start_of_its_step() {
        let mut lab = Lab::new();
        lab.run("kubectl get pods");
        assert!(lab.progress.is_met("looked"), "step 1 started at entry 0");
        let mut lab = Lab::new();
        lab.update();
        lab.run("kubectl get pods");
        assert!(lab.progress.is_met("looked"));
    }

    #[test]
    fn was_needs_the_earlier_state_to_have_been_seen() {
        let mut lab = Lab::new();
        lab.run("kubectl create deployment web --image=nginx");
        lab.run("kubectl get pods");
        lab.run("kubectl delete deployment web");
        assert_eq!(lab.progress.current_step(), 3);
        lab.run("kubectl create deployment api --image=nginx");
        assert!(!lab.progress.is_met("undone"), "never was at 2 replicas");
        let statuses = lab.progress.goal_statuses(&lab.exercise, lab.console.cluster(), &lab.history, 3);
        assert_eq!(statuses[0].explanation, "not yet seen: deployment api is scaled to 1 replica (wanted 2)");
        lab.run("kubectl scale deployment api --replicas=2");
        assert!(!lab.progress.is_met("undone"));
        assert_eq!(lab.run("kubectl scale deployment api --replicas=1"), ["undone"]);
    }

    #[test]
    fn statuses_of_steps_not_reached_say_so() {
        let mut lab = Lab::new();
        lab.update();
        let later = lab.progress.goal_statuses(&lab.exercise, lab.console.cluster(), &lab.history, 2);
        assert_eq!(later[0].explanation, "this step has not started yet");
        assert!(!later[0].met);
        let now = lab.progress.goal_statuses(&lab.exercise, lab.console.cluster(), &lab.history, 0);
        assert_eq!(now[0].explanation, "deployment web does not exist");
        assert!(lab.progress.goal_statuses(&lab.exercise, lab.console.cluster(), &lab.history, 9).is_empty());
    }

    #[test]
    fn hints_are_revealed_one_at_a_time() {
        let mut lab = Lab::new();
        assert_eq!(lab.progress.hints_revealed(0), 0);
        assert_eq!(lab.progress.reveal_hint(&lab.exercise, 0), Some(0));
        assert_eq!(lab.progress.reveal_hint(&lab.exercise, 0), Some(1));
        assert_eq!(lab.progress.reveal_hint(&lab.exercise, 0), None);
        assert_eq!(lab.progress.hints_revealed(0), 2);
        assert_eq!(lab.progress.reveal_hint(&lab.exercise, 1), None, "step 2 has no hints");
        assert_eq!(lab.progress.reveal_hint(&lab.exercise, 99), None);
        assert_eq!(lab.progress.hints_revealed(99), 0);
    }

    #[test]
    fn progress_round_trips_through_json() {
        let mut lab = Lab::new();
        lab.run("kubectl create deployment web --image=nginx");
        lab.progress.reveal_hint(&lab.exercise, 0);
        let json = serde_json::to_string(&lab.progress).expect("serialises");
        assert_eq!(serde_json::from_str::<Progress>(&json).expect("reads back"), lab.progress);
        assert_eq!(lab.progress.exercise_id(), "t");
    }
}
