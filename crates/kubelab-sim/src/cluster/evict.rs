//! The eviction subresource (`POST pods/<name>/eviction`, `pkg/registry/core/pod/storage/eviction.go`):
//! a delete that asks the pod's PodDisruptionBudget first. `kubectl drain` and the Cluster
//! Autoscaler evict through it.
//!
//! A pod that is Pending, Succeeded or Failed, or already terminating, is deleted without
//! asking. With one budget selecting the pod, the eviction is refused with 429 Too Many
//! Requests while the budget allows no disruption (`Cannot evict pod as it would violate the
//! pod's disruption budget.`); otherwise the budget's `disruptionsAllowed` goes down by one and
//! the pod is deleted with the request's grace period. Two or more budgets are a server error,
//! as upstream.
//!
//! Simplified: an unready pod is let go only when the budget is satisfied (the
//! `IfHealthyBudget` policy, the default); no `disruptedPods` map (see `disruption`).

use super::*;

/// Why an eviction was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvictError {
    /// The API server's other errors (the pod does not exist, ...).
    Api(ApiError),
    /// 429 Too Many Requests: the budget allows no disruption now. `message` is the error's
    /// text; `cause` names the budget (`The disruption budget web needs 2 healthy pods and has
    /// 2 currently`).
    DisruptionBudget { message: String, cause: String },
    /// 500: more than one budget selects the pod.
    MultipleBudgets { message: String },
}

impl std::fmt::Display for EvictError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EvictError::Api(e) => e.fmt(f),
            EvictError::DisruptionBudget { message, .. } | EvictError::MultipleBudgets { message } => {
                f.write_str(message)
            }
        }
    }
}

/// The 429 message of a refused eviction.
pub const PDB_VIOLATION: &str = "Cannot evict pod as it would violate the pod's disruption budget.";

impl Cluster {
    /// Evicts a pod as the eviction subresource does (see the module doc), then settles.
    pub fn evict(&mut self, namespace: &str, name: &str, opts: DeleteOptions) -> Result<Object, EvictError> {
        let res = evict_in(&mut self.store, namespace, name, opts);
        deliver_pod_changes(&mut self.store, &mut self.kubelet);
        let obj = res?;
        self.settle();
        Ok(obj)
    }
}

/// The eviction on the store, for the API and for controllers (the Cluster Autoscaler).
pub(crate) fn evict_in(
    store: &mut Store,
    namespace: &str,
    name: &str,
    opts: DeleteOptions,
) -> Result<Object, EvictError> {
    let key = ObjectKey::new(Kind::Pod, namespace, name);
    let Some(Object::Pod(pod)) = store.get_by_key(&key).cloned() else {
        return Err(EvictError::Api(ApiError::NotFound { kind: Kind::Pod, name: name.to_string() }));
    };
    let ignore_budget =
        pod.metadata.is_deleting() || matches!(pod.status.phase.as_str(), "Pending" | "Succeeded" | "Failed");
    if !ignore_budget {
        let budgets = crate::controllers::disruption::budgets_for(store, &pod);
        match budgets.as_slice() {
            [] => {}
            [b] => {
                let healthy_budget = b.status.current_healthy >= b.status.desired_healthy && b.status.expected_pods > 0;
                let unready_ok = !pod.is_ready() && healthy_budget;
                if !unready_ok {
                    if b.status.disruptions_allowed <= 0 {
                        return Err(EvictError::DisruptionBudget {
                            message: PDB_VIOLATION.to_string(),
                            cause: format!(
                                "The disruption budget {} needs {} healthy pods and has {} currently",
                                b.metadata.name, b.status.desired_healthy, b.status.current_healthy
                            ),
                        });
                    }
                    let mut next = b.clone();
                    next.status.disruptions_allowed -= 1;
                    store.put(next.into_object());
                }
            }
            _ => return Err(EvictError::MultipleBudgets {
                message:
                    "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support."
                        .to_string(),
            }),
        }
    }
    store.delete_internal(&key, opts).map_err(EvictError::Api)
}

/// The eviction for a controller's handle: the store's eviction, then the pod watch.
pub(crate) fn evict_in_api<S>(
    api: &mut Api<'_, S>,
    namespace: &str,
    name: &str,
    opts: DeleteOptions,
) -> Result<Object, EvictError> {
    let res = evict_in(api.store, namespace, name, opts);
    api.deliver_pod_changes();
    res
}
