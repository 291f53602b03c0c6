//! `kubectl rollout undo` as the API server and kubectl do it together: the deployment's
//! template is replaced by an older ReplicaSet's (course-era servers also record a
//! `DeploymentRollback` event); then the controllers settle as after any write.

use super::Cluster;
use crate::api::*;
use crate::controllers::deployment::{owned_replica_sets, SKIP_ANNOTATIONS};
use crate::hash::templates_equal_ignoring_hash;

/// What `kubectl rollout undo` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RollbackOutcome {
    RolledBack {
        to_revision: i64,
    },
    /// The target's template is the current one already.
    Skipped {
        revision: i64,
    },
}

impl Cluster {
    /// `kubectl rollout undo`: puts the template of revision `to_revision` (0: the previous one)
    /// back into the deployment, then settles. Errors are kubectl's messages.
    pub fn rollback(&mut self, namespace: &str, name: &str, to_revision: i64) -> Result<RollbackOutcome, String> {
        let cluster = self;
        let key = ObjectKey::new(Kind::Deployment, namespace, name);
        let Some(d) = cluster.get_by_key(&key).and_then(Object::as_deployment).cloned() else {
            return Err(format!("deployments.apps \"{name}\" not found"));
        };
        if d.is_paused() {
            return Err(
                "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"
                    .into(),
            );
        }
        let rss = owned_replica_sets(&cluster.store, &d);
        let target = if to_revision == 0 {
            let mut revs: Vec<(i64, &ReplicaSet)> = rss.iter().filter_map(|r| r.revision().map(|v| (v, r))).collect();
            crate::sort::by_key(&mut revs, |(v, _)| *v);
            if revs.len() < 2 {
                return Err(format!("no rollout history found for deployment \"{name}\""));
            }
            revs[revs.len() - 2].1.clone()
        } else {
            match rss.iter().find(|r| r.revision() == Some(to_revision)) {
                Some(r) => r.clone(),
                None => return Err(format!("unable to find specified revision {to_revision} in history")),
            }
        };
        let target_rev = target.revision().unwrap_or(0);
        if templates_equal_ignoring_hash(&target.spec.template, &d.spec.template) {
            return Ok(RollbackOutcome::Skipped { revision: target_rev });
        }
        let mut new_d = d.clone();
        let mut template = target.spec.template.clone();
        template.metadata.labels.remove(POD_TEMPLATE_HASH_LABEL);
        new_d.spec.template = template;
        let mut annotations = std::collections::BTreeMap::new();
        for k in SKIP_ANNOTATIONS {
            if let Some(v) = d.metadata.annotations.get(k) {
                annotations.insert(k.to_string(), v.clone());
            }
        }
        for (k, v) in &target.metadata.annotations {
            if !SKIP_ANNOTATIONS.contains(&k.as_str()) {
                annotations.insert(k.clone(), v.clone());
            }
        }
        new_d.metadata.annotations = annotations;
        cluster.store.update_internal(Object::Deployment(new_d)).map_err(|e| e.to_string())?;
        if !cluster.version().at_least(18) {
            // Course-era servers rolled back server-side and said so in an event.
            if let Some(d) = cluster.get_by_key(&key).and_then(Object::as_deployment).cloned() {
                let msg = format!("Rolled back deployment \"{name}\" to revision {target_rev}");
                cluster.store.record_event(
                    &Object::Deployment(d),
                    "Normal",
                    "DeploymentRollback",
                    msg,
                    "deployment-controller",
                );
            }
        }
        cluster.settle();
        Ok(RollbackOutcome::RolledBack { to_revision: target_rev })
    }
}
