//! Revision history of DaemonSets and StatefulSets, kept as data in each controller's memory
//! instead of ControllerRevision objects: per set, its revisions (name `<set>-<hash>`, number,
//! template, change cause), as `rollout history` and `rollout undo` read them.
//!
//! As the controllers do: a template seen for the first time becomes revision `max + 1`; a
//! template that returns (an undo, or a `set image` back) keeps its name and moves to `max + 1`;
//! the oldest revisions beyond `revisionHistoryLimit` (plus the current one) are dropped.
//! Simplified: Kubernetes keeps revisions that pods still use beyond the limit.

use crate::api::{ControllerRevision, PodTemplateSpec, CHANGE_CAUSE_ANNOTATION};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub(crate) struct History {
    /// Per set uid, its revisions, oldest number first.
    by_uid: BTreeMap<String, Vec<ControllerRevision>>,
}

impl History {
    /// Records the set's current template as its newest revision; returns that revision.
    pub(crate) fn record(
        &mut self,
        uid: &str,
        name: &str,
        template: &PodTemplateSpec,
        annotations: &BTreeMap<String, String>,
        limit: i64,
    ) -> &ControllerRevision {
        let revs = self.by_uid.entry(uid.to_string()).or_default();
        let max = revs.iter().map(|r| r.revision).max().unwrap_or(0);
        let cause = annotations.get(CHANGE_CAUSE_ANNOTATION).cloned();
        let idx = match revs.iter().position(|r| r.name == name) {
            Some(i) => {
                if let Some(r) = revs.get_mut(i) {
                    if r.revision != max {
                        r.revision = max + 1;
                        r.change_cause = cause;
                    }
                }
                i
            }
            None => {
                revs.push(ControllerRevision {
                    name: name.to_string(),
                    revision: max + 1,
                    template: template.clone(),
                    change_cause: cause,
                });
                revs.len() - 1
            }
        };
        let keep_name = revs.get(idx).map(|r| r.name.clone()).unwrap_or_default();
        crate::sort::by_key(revs, |r| r.revision);
        let keep = (limit.max(0) as usize).saturating_add(1);
        while revs.len() > keep {
            revs.remove(0);
        }
        let at = revs.iter().position(|r| r.name == keep_name).unwrap_or(0);
        &revs[at.min(revs.len() - 1)]
    }

    pub(crate) fn revisions(&self, uid: &str) -> &[ControllerRevision] {
        self.by_uid.get(uid).map(Vec::as_slice).unwrap_or(&[])
    }

    pub(crate) fn template(&self, uid: &str, name: &str) -> Option<&PodTemplateSpec> {
        self.revisions(uid).iter().find(|r| r.name == name).map(|r| &r.template)
    }

    /// Forgets the sets that are gone.
    pub(crate) fn retain(&mut self, alive: &std::collections::BTreeSet<&str>) {
        self.by_uid.retain(|uid, _| alive.contains(uid.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(image: &str) -> PodTemplateSpec {
        let mut t = PodTemplateSpec::default();
        t.spec.containers.push(crate::api::Container { name: "c".into(), image: image.into(), ..Default::default() });
        t
    }

    #[test]
    fn new_templates_count_up_and_returning_ones_move_to_the_top() {
        let mut h = History::default();
        let none = BTreeMap::new();
        assert_eq!(h.record("u", "web-a", &t("a"), &none, 10).revision, 1);
        assert_eq!(h.record("u", "web-a", &t("a"), &none, 10).revision, 1, "the same template, the same revision");
        assert_eq!(h.record("u", "web-b", &t("b"), &none, 10).revision, 2);
        assert_eq!(h.record("u", "web-a", &t("a"), &none, 10).revision, 3, "back to a: it moves up");
        let numbers: Vec<(i64, &str)> = h.revisions("u").iter().map(|r| (r.revision, r.name.as_str())).collect();
        assert_eq!(numbers, vec![(2, "web-b"), (3, "web-a")]);
    }

    #[test]
    fn the_limit_keeps_the_newest() {
        let mut h = History::default();
        let none = BTreeMap::new();
        for (i, name) in ["a", "b", "c", "d"].iter().enumerate() {
            h.record("u", name, &t(name), &none, 1);
            assert!(h.revisions("u").len() <= 2, "after {i}");
        }
        let names: Vec<&str> = h.revisions("u").iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, vec!["c", "d"]);
    }
}
