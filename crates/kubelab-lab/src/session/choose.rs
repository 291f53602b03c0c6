//! `choose GOAL OPTION`: the student's pick for a question (a `choice` goal). It is an input
//! like a console line (in the history and the replay log, replayed by [`Session::run`]), but
//! the session answers it, not the console: the cluster and its clock do not change. Only in an
//! exercise with a question; elsewhere `choose` goes to the console like any word.

use super::Session;
use crate::condition::{parse_choose, Condition, CHOOSE};
use kubelab_console::Output;

impl Session {
    /// The answer to a pick, or `None` when `input` is not one (or the exercise asks nothing).
    pub(super) fn answer_choice(&self, input: &str) -> Option<Output> {
        let (goal, option) = parse_choose(input.trim())?;
        let questions: Vec<(&str, &crate::condition::ChoiceCheck)> = self
            .exercise
            .goals()
            .filter_map(|g| match &g.check {
                Condition::Choice(c) => Some((g.id.as_str(), c)),
                _ => None,
            })
            .collect();
        if questions.is_empty() {
            return None;
        }
        let fail = |stderr: String| Some(Output { stderr, exit_code: 1, ..Output::default() });
        let ids: Vec<&str> = questions.iter().map(|(id, _)| *id).collect();
        let Some((_, question)) = questions.iter().find(|(id, _)| *id == goal) else {
            return fail(format!("{CHOOSE}: no question \"{goal}\" here; questions: {}\n", ids.join(", ")));
        };
        if !question.options.contains_key(option) {
            let keys: Vec<&str> = question.options.keys().map(String::as_str).collect();
            return fail(format!(
                "{CHOOSE}: pick one of {} for {goal}: `{CHOOSE} {goal} {}`\n",
                keys.join(", "),
                keys.first().copied().unwrap_or("a")
            ));
        }
        Some(Output { stdout: format!("{goal}: you picked {}\n", question.reply(option)), ..Output::default() })
    }
}
