//! `choice:` — a question with options, answered by picking one (`choose GOAL OPTION`, an input
//! of its own that the session records and replays like any console line).
//!
//! A prediction (`answer: any`) is met by any pick; a closing question by picking its answer
//! (the latest pick counts, so a wrong pick can be corrected after reading its feedback).

use super::{Context, Evaluation};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The word that starts a pick: `choose predict b`.
pub const CHOOSE: &str = "choose";

/// `choice:` — options by key (`a`, `b`, ...), the answer (`any` or a key) and optional
/// feedback per option.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceCheck {
    /// The options, by key, in key order.
    pub options: BTreeMap<String, String>,
    /// `any`: every pick counts (a prediction); otherwise the key of the right option.
    pub answer: String,
    /// Shown after a pick of that option.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub feedback: BTreeMap<String, String>,
    /// The id of the goal this question is (set when the exercise is loaded).
    #[serde(skip)]
    pub goal: String,
}

/// A `choose GOAL OPTION` line split into its goal and option (`None`: not a pick).
pub fn parse_choose(line: &str) -> Option<(&str, &str)> {
    let mut words = line.split_whitespace();
    if words.next()? != CHOOSE {
        return None;
    }
    let goal = words.next().unwrap_or("");
    let option = words.next().unwrap_or("");
    Some((goal, option))
}

impl ChoiceCheck {
    pub(super) fn validate(&self) -> Result<(), String> {
        if self.options.len() < 2 {
            return Err("choice: give at least two `options`".into());
        }
        if let Some(k) = self.options.keys().find(|k| k.is_empty() || k.contains(char::is_whitespace)) {
            return Err(format!("choice: option key \"{k}\" must be one word"));
        }
        if self.answer != "any" && !self.options.contains_key(&self.answer) {
            return Err(format!("choice: `answer: {}` is not `any` or one of the options", self.answer));
        }
        if let Some(k) = self.feedback.keys().find(|k| !self.options.contains_key(*k)) {
            return Err(format!("choice: feedback for \"{k}\", which is not an option"));
        }
        Ok(())
    }

    /// The latest successful pick of this question in the history.
    pub fn picked<'a>(&self, cx: &'a Context) -> Option<&'a str> {
        cx.history.iter().rev().filter(|h| h.exit_code == 0).find_map(|h| match parse_choose(&h.line) {
            Some((goal, option)) if goal == self.goal => Some(option),
            _ => None,
        })
    }

    /// What a pick of `option` says back: the option, and its feedback if any.
    pub fn reply(&self, option: &str) -> String {
        let text = self.options.get(option).map(String::as_str).unwrap_or("");
        match self.feedback.get(option) {
            Some(f) => format!("{option}: {text} — {f}"),
            None => format!("{option}: {text}"),
        }
    }

    pub(super) fn eval(&self, cx: &Context) -> Evaluation {
        let keys: Vec<&str> = self.options.keys().map(String::as_str).collect();
        match self.picked(cx) {
            None => Evaluation {
                met: false,
                explanation: format!("not answered yet: `{CHOOSE} {} {}`", self.goal, keys.join("|")),
            },
            Some(p) if self.answer == "any" || self.answer == p => {
                Evaluation { met: true, explanation: format!("picked {}", self.reply(p)) }
            }
            Some(p) => Evaluation { met: false, explanation: format!("picked {} (pick again)", self.reply(p)) },
        }
    }
}
