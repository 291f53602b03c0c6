//! `traffic:` over a window of seconds: `over: N` (the last N simulated seconds) or
//! `since: GOAL` (every second after that goal was met), summing the requests and errors of a
//! Service, of a version (a glob over the answering image), or of every client. The sums come
//! from the traffic model's one-second series (an hour long), so a window also sees the seconds
//! that passed inside a `sleep` or a `rollout status`.
//!
//! With `service`, `min_ready` and `max_pods` bound the pods behind that Service in every second
//! of the window (its Endpoints at the end of each second in which it had requests: ready ones,
//! and all that are not terminating), which grades a rolling update's budget ("never fewer than
//! 9 serving, at most 12 pods"). Seconds in which the Service had no request are not looked at;
//! a window in which it had none is unmet.

use super::{plural, to_i64, Context, Count, Evaluation, Facts, TrafficCheck};
use crate::pattern::glob_matches;
use kubelab_sim::traffic::{self, Counts, UNANSWERED};
use kubelab_sim::SimTime;

impl TrafficCheck {
    /// Whether a window (`over` or `since`) is given.
    pub(super) fn windowed(&self) -> bool {
        self.over.is_some() || self.since.is_some()
    }

    pub(super) fn validate_window(&self) -> Result<(), String> {
        if self.over.is_some() && self.since.is_some() {
            return Err("traffic: give `over` or `since`, not both".into());
        }
        let bounds = self.min_ready.is_some() || self.max_pods.is_some();
        if bounds && (!self.windowed() || self.service.is_none()) {
            return Err("traffic: `min_ready` and `max_pods` need a window (`over` or `since`) and a `service`".into());
        }
        let sums = self.errors.is_some() || self.max_error_rate.is_some() || self.min_requests.is_some() || bounds;
        if !self.windowed() {
            if sums || self.version.is_some() {
                return Err("traffic: `errors`, `max_error_rate`, `min_requests` and `version` need a window (`over` or `since`)".into());
            }
            return Ok(());
        }
        if self.min_rate.is_some() || self.share.is_some() || self.max_errors.is_some() || self.pods.is_some() {
            return Err(
                "traffic: with a window, check `errors`, `max_error_rate`, `min_requests`, `min_ready` or `max_pods`"
                    .into(),
            );
        }
        if !sums {
            return Err(
                "traffic: with a window, give at least one of `errors`, `max_error_rate`, `min_requests`, `min_ready`, `max_pods`".into()
            );
        }
        if self.over.is_some_and(|n| n == 0 || n > traffic::SERIES_CAPACITY as u64) {
            return Err(format!("traffic: `over` is 1 to {} seconds", traffic::SERIES_CAPACITY));
        }
        if self.service.is_some() && self.version.is_some() {
            return Err("traffic: give `service` or `version`, not both".into());
        }
        if self.max_error_rate.is_some_and(|r| !(0.0..=100.0).contains(&r)) {
            return Err("traffic: `max_error_rate` is a percentage, 0 to 100".into());
        }
        Ok(())
    }

    pub(super) fn eval_window(&self, cx: &Context) -> Evaluation {
        let now = cx.cluster.now();
        let (from, window) = match (&self.since, self.over) {
            (Some(goal), _) => match cx.met.and_then(|m| m.get(goal)) {
                Some(record) => (record.at, format!("since goal {goal} was met")),
                None => return Evaluation::new(false, format!("waiting for goal {goal} before traffic counts")),
            },
            (None, Some(n)) => (
                SimTime(now.as_millis().saturating_sub(n.saturating_mul(1000))),
                format!("in the last {}", plural(to_i64(n), "second")),
            ),
            (None, None) => return Evaluation::new(false, "no window"),
        };
        let sum = self.window_sum(cx, from);
        let subject = match (&self.service, &self.version) {
            (Some(s), _) => format!("traffic through service {s}"),
            (_, Some(v)) => format!("requests answered by {v}"),
            _ => "traffic".to_string(),
        };
        let mut facts = Facts::with_colon(format!("{subject} {window}"));
        if let Some(min) = self.min_requests {
            facts.count(Some(Count::at_least(to_i64(min))), to_i64(sum.requests), |n| plural(n, "request"));
        }
        if let Some(want) = self.errors {
            facts.count(Some(want), to_i64(sum.errors), |n| format!("{n} failed"));
        }
        if let Some(max) = self.max_error_rate {
            let rate = if sum.requests == 0 { 0.0 } else { sum.errors as f64 * 100.0 / sum.requests as f64 };
            let text = format!("{rate:.1}% failed ({} of {})", sum.errors, sum.requests);
            let holds = rate <= max;
            facts.fact(holds, if holds { text } else { format!("{text} (wanted at most {max}%)") });
        }
        if self.min_ready.is_some() || self.max_pods.is_some() {
            self.bound_facts(cx, from, &mut facts);
        }
        facts.finish("has requests")
    }

    /// `min_ready` / `max_pods`: the fewest ready and the most pods behind the Service in the
    /// window's seconds.
    fn bound_facts(&self, cx: &Context, from: SimTime, facts: &mut Facts) {
        let Some(service) = &self.service else { return };
        let key = format!("{}/{service}", self.namespace);
        let seen: Vec<(u32, u32)> = traffic::state(cx.cluster)
            .series()
            .filter(|s| s.time > from)
            .filter_map(|s| s.endpoints.get(&key).copied())
            .collect();
        let fewest = seen.iter().map(|e| e.0).min();
        let most = seen.iter().map(|e| e.1).max();
        if let Some(min) = self.min_ready {
            match fewest {
                Some(n) => facts
                    .count(Some(Count::at_least(to_i64(min))), i64::from(n), |n| format!("{n} ready at the fewest")),
                None => facts.fact(false, "no second with requests to count pods in".into()),
            }
        }
        if let Some(max) = self.max_pods {
            match most {
                Some(n) => facts.count(Some(Count { cmp: super::Cmp::Le, value: to_i64(max) }), i64::from(n), |n| {
                    format!("{} at the most", plural(n, "pod"))
                }),
                None if self.min_ready.is_none() => {
                    facts.fact(false, "no second with requests to count pods in".into())
                }
                None => {}
            }
        }
    }

    /// Requests and errors of the seconds after `from`, up to now, in this check's scope.
    fn window_sum(&self, cx: &Context, from: SimTime) -> Counts {
        let mut sum = Counts::default();
        let key = self.service.as_ref().map(|s| format!("{}/{s}", self.namespace));
        for sample in traffic::state(cx.cluster).series().filter(|s| s.time > from) {
            let c = match (&key, &self.version) {
                (Some(k), _) => sample.services.get(k).copied().unwrap_or_default(),
                (None, Some(glob)) => {
                    let mut c = Counts::default();
                    for (image, v) in &sample.versions {
                        if image != UNANSWERED && glob_matches(glob, image) {
                            c.requests += v.requests;
                            c.errors += v.errors;
                        }
                    }
                    c
                }
                (None, None) => sample.total(),
            };
            sum.requests += c.requests;
            sum.errors += c.errors;
        }
        sum
    }
}
