//! Health, by gitops-engine's built-in rules (`pkg/health/health_*.go`): the status of one live
//! object, and the application's, which is its worst child's.
//!
//! Modelled: Deployment, ReplicaSet, StatefulSet, DaemonSet, Pod, Service, Ingress,
//! PersistentVolumeClaim, Job. Other kinds (ConfigMaps, Secrets, ServiceAccounts, ...) have no
//! health, as in Argo CD, and do not count.

use crate::api::*;
use serde_json::Value;

/// Health codes, in gitops-engine's order from best to worst (`healthOrder`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Health {
    Healthy,
    Suspended,
    Progressing,
    Missing,
    Degraded,
    Unknown,
}

impl Health {
    pub fn as_str(self) -> &'static str {
        match self {
            Health::Healthy => "Healthy",
            Health::Suspended => "Suspended",
            Health::Progressing => "Progressing",
            Health::Missing => "Missing",
            Health::Degraded => "Degraded",
            Health::Unknown => "Unknown",
        }
    }
}

/// The application's health: the worst of its resources' (`Healthy` when it has none).
pub fn worst(children: impl IntoIterator<Item = Health>) -> Health {
    children.into_iter().max().unwrap_or(Health::Healthy)
}

/// A live object's health and message; `None` for kinds without a rule.
pub fn of(obj: &Object) -> Option<(Health, String)> {
    match obj {
        Object::Deployment(d) => Some(deployment(d)),
        Object::ReplicaSet(r) => Some(replica_set(r)),
        Object::StatefulSet(s) => Some(stateful_set(s)),
        Object::DaemonSet(d) => Some(daemon_set(d)),
        Object::Pod(p) => Some(pod(p)),
        Object::Service(s) => {
            let lb = s.spec.type_.as_deref() == Some("LoadBalancer");
            let ingress =
                s.status.load_balancer.get("ingress").and_then(Value::as_array).is_some_and(|a| !a.is_empty());
            Some(if lb && !ingress { (Health::Progressing, String::new()) } else { (Health::Healthy, String::new()) })
        }
        Object::Job(j) => Some(job(j)),
        Object::Opaque(Kind::Ingress, o) => {
            let ingress =
                o.rest.get("status").and_then(|s| s.pointer("/loadBalancer/ingress")).and_then(Value::as_array);
            Some(if ingress.is_some_and(|a| !a.is_empty()) {
                (Health::Healthy, String::new())
            } else {
                (Health::Progressing, String::new())
            })
        }
        Object::Opaque(Kind::PersistentVolumeClaim, o) => {
            let phase = o.rest.get("status").and_then(|s| s.get("phase")).and_then(Value::as_str).unwrap_or("");
            Some(match phase {
                "Lost" => (Health::Degraded, String::new()),
                "Pending" => (Health::Progressing, String::new()),
                "Bound" => (Health::Healthy, String::new()),
                _ => (Health::Unknown, String::new()),
            })
        }
        _ => None,
    }
}

/// `getAppsv1DeploymentHealth`.
pub fn deployment(d: &Deployment) -> (Health, String) {
    let name = &d.metadata.name;
    if d.spec.paused == Some(true) {
        return (Health::Suspended, "Deployment is paused".to_string());
    }
    if d.metadata.generation > d.status.observed_generation {
        return (
            Health::Progressing,
            "Waiting for rollout to finish: observed deployment generation less than desired generation".to_string(),
        );
    }
    if d.condition("Progressing").is_some_and(|c| c.reason == "ProgressDeadlineExceeded") {
        return (Health::Degraded, format!("Deployment \"{name}\" exceeded its progress deadline"));
    }
    let s = &d.status;
    if let Some(want) = d.spec.replicas {
        if s.updated_replicas < want {
            return (
                Health::Progressing,
                format!(
                    "Waiting for rollout to finish: {} out of {want} new replicas have been updated...",
                    s.updated_replicas
                ),
            );
        }
    }
    if s.replicas > s.updated_replicas {
        return (
            Health::Progressing,
            format!(
                "Waiting for rollout to finish: {} old replicas are pending termination...",
                s.replicas - s.updated_replicas
            ),
        );
    }
    if s.available_replicas < s.updated_replicas {
        return (
            Health::Progressing,
            format!(
                "Waiting for rollout to finish: {} of {} updated replicas are available...",
                s.available_replicas, s.updated_replicas
            ),
        );
    }
    (Health::Healthy, String::new())
}

fn replica_set(r: &ReplicaSet) -> (Health, String) {
    if r.metadata.generation > r.status.observed_generation {
        return (
            Health::Progressing,
            "Waiting for rollout to finish: observed replica set generation less than desired generation".to_string(),
        );
    }
    if r.status.conditions.iter().any(|c| c.type_ == "ReplicaFailure" && c.status == "True") {
        return (Health::Degraded, String::new());
    }
    let want = r.spec.replicas.unwrap_or(1);
    if r.status.available_replicas < want {
        return (
            Health::Progressing,
            format!(
                "Waiting for rollout to finish: {} out of {want} new replicas are available...",
                r.status.available_replicas
            ),
        );
    }
    (Health::Healthy, String::new())
}

fn stateful_set(s: &StatefulSet) -> (Health, String) {
    if s.metadata.generation > s.status.observed_generation {
        return (Health::Progressing, "Waiting for statefulset spec update to be observed...".to_string());
    }
    let want = s.spec.replicas.unwrap_or(1);
    if s.status.ready_replicas < want {
        return (Health::Progressing, format!("Waiting for {} pods to be ready...", want - s.status.ready_replicas));
    }
    (Health::Healthy, String::new())
}

fn daemon_set(d: &DaemonSet) -> (Health, String) {
    let s = &d.status;
    if d.metadata.generation > s.observed_generation {
        return (
            Health::Progressing,
            "Waiting for rollout to finish: observed daemon set generation less than desired generation".to_string(),
        );
    }
    if s.updated_number_scheduled < s.desired_number_scheduled {
        return (
            Health::Progressing,
            format!(
                "Waiting for daemon set \"{}\" rollout to finish: {} out of {} new pods have been updated...",
                d.metadata.name, s.updated_number_scheduled, s.desired_number_scheduled
            ),
        );
    }
    if s.number_available < s.desired_number_scheduled {
        return (
            Health::Progressing,
            format!(
                "Waiting for daemon set \"{}\" rollout to finish: {} of {} updated pods are available...",
                d.metadata.name, s.number_available, s.desired_number_scheduled
            ),
        );
    }
    (Health::Healthy, String::new())
}

/// `getCorev1PodHealth`, for pods with `restartPolicy: Always` and the others.
pub fn pod(p: &Pod) -> (Health, String) {
    for c in &p.status.container_statuses {
        if let Some(w) = &c.state.waiting {
            let reason = w.reason.as_str();
            if reason.starts_with("Err") || reason.ends_with("Error") || reason.ends_with("BackOff") {
                return (Health::Degraded, w.message.clone());
            }
        }
    }
    match p.status.phase.as_str() {
        "Pending" => (Health::Progressing, p.status.message.clone().unwrap_or_default()),
        "Succeeded" => (Health::Healthy, p.status.message.clone().unwrap_or_default()),
        "Failed" => (Health::Degraded, p.status.message.clone().unwrap_or_default()),
        "Running" => {
            let always = p.spec.restart_policy.as_deref().is_none_or(|r| r == "Always");
            if always && !p.is_ready() {
                (Health::Progressing, String::new())
            } else {
                (Health::Healthy, String::new())
            }
        }
        _ => (Health::Unknown, String::new()),
    }
}

fn job(j: &Job) -> (Health, String) {
    if let Some(c) = j.condition("Failed") {
        return (Health::Degraded, c.message.clone());
    }
    if j.condition("Complete").is_some() {
        return (Health::Healthy, String::new());
    }
    (Health::Progressing, String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deploy(generation: i64, observed: i64, replicas: i64, updated: i64, total: i64, available: i64) -> Deployment {
        let mut d = Deployment::default();
        d.metadata.name = "web".into();
        d.metadata.generation = generation;
        d.spec.replicas = Some(replicas);
        d.status.observed_generation = observed;
        d.status.updated_replicas = updated;
        d.status.replicas = total;
        d.status.available_replicas = available;
        d
    }

    /// gitops-engine's deployment cases (`health_test.go`): generation not observed, new
    /// replicas missing, old ones pending, updated ones unavailable, done, paused, deadline.
    #[test]
    fn deployment_rules() {
        let rows: &[(Deployment, Health)] = &[
            (deploy(2, 1, 3, 3, 3, 3), Health::Progressing),
            (deploy(1, 1, 3, 1, 3, 3), Health::Progressing),
            (deploy(1, 1, 3, 3, 4, 3), Health::Progressing),
            (deploy(1, 1, 3, 3, 3, 2), Health::Progressing),
            (deploy(1, 1, 3, 3, 3, 3), Health::Healthy),
            (deploy(1, 1, 0, 0, 0, 0), Health::Healthy),
        ];
        for (d, want) in rows {
            assert_eq!(deployment(d).0, *want, "{:?}", d.status);
        }
        let mut paused = deploy(1, 1, 3, 3, 3, 3);
        paused.spec.paused = Some(true);
        assert_eq!(deployment(&paused), (Health::Suspended, "Deployment is paused".to_string()));
        let mut late = deploy(1, 1, 3, 1, 3, 1);
        late.status.conditions.push(Condition {
            type_: "Progressing".into(),
            status: "False".into(),
            reason: "ProgressDeadlineExceeded".into(),
            ..Default::default()
        });
        assert_eq!(
            deployment(&late),
            (Health::Degraded, "Deployment \"web\" exceeded its progress deadline".to_string())
        );
        assert_eq!(
            deployment(&deploy(1, 1, 3, 1, 3, 3)).1,
            "Waiting for rollout to finish: 1 out of 3 new replicas have been updated..."
        );
    }

    #[test]
    fn the_worst_child_wins_in_gitops_engines_order() {
        use Health::*;
        assert_eq!(worst([]), Healthy);
        assert_eq!(worst([Healthy, Suspended]), Suspended);
        assert_eq!(worst([Suspended, Progressing]), Progressing);
        assert_eq!(worst([Progressing, Missing, Healthy]), Missing);
        assert_eq!(worst([Missing, Degraded]), Degraded);
        assert_eq!(worst([Degraded, Unknown, Healthy]), Unknown);
    }

    #[test]
    fn pod_rules() {
        let mut p = Pod::default();
        p.status.phase = "Pending".into();
        assert_eq!(pod(&p).0, Health::Progressing);
        p.status.phase = "Running".into();
        assert_eq!(pod(&p).0, Health::Progressing, "running but not ready");
        p.status.container_statuses.push(ContainerStatus::default());
        p.status.container_statuses[0].state.waiting =
            Some(StateWaiting { reason: "CrashLoopBackOff".into(), message: "back-off".into() });
        assert_eq!(pod(&p).0, Health::Degraded);
        p.status.container_statuses[0].state.waiting =
            Some(StateWaiting { reason: "ImagePullBackOff".into(), message: String::new() });
        assert_eq!(pod(&p).0, Health::Degraded);
        p.status.container_statuses.clear();
        p.status.phase = "Succeeded".into();
        assert_eq!(pod(&p).0, Health::Healthy);
        p.status.phase = "Failed".into();
        assert_eq!(pod(&p).0, Health::Degraded);
    }
}
