//! Argo CD's `Application` (`argoproj.io/v1alpha1`, namespace `argocd`, short names `app`,
//! `apps`): where the desired state lives in Git (`spec.source`), where it goes
//! (`spec.destination`), how it is synced (`spec.syncPolicy`), and what the sync agent
//! (`controllers::argocd`) found (`status`). Stored as `Object::Opaque(Kind::Application, _)`
//! and read and written through [`Application::from_object`] / [`Application::into_object`], as
//! the storage kinds are.
//!
//! Field names are Argo CD's (`pkg/apis/application/v1alpha1/types.go`). Modelled: one source
//! (no `sources`), a plain directory of manifests (no Helm, Kustomize or plugins), the
//! destination by `server` (the cluster itself), `syncPolicy.automated` with `prune` and
//! `selfHeal`, `syncOptions` kept but not acted on. Timestamps in `status` are RFC 3339 strings,
//! as the API serves them.

use super::meta::{Extra, ObjectMeta};
use super::{Kind, Object, Opaque};
use serde::{Deserialize, Serialize};

/// The API version and group of the kind.
pub const API_VERSION: &str = "argoproj.io/v1alpha1";
/// Argo CD's default tracking label (`application.instanceLabelKey`).
pub const INSTANCE_LABEL: &str = "app.kubernetes.io/instance";
/// The address of the cluster the agent runs in.
pub const IN_CLUSTER: &str = "https://kubernetes.default.svc";
/// `spec.revisionHistoryLimit`'s default.
pub const HISTORY_LIMIT: usize = 10;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Application {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: AppSpec,
    #[serde(skip_serializing_if = "AppStatus::is_empty")]
    pub status: AppStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AppSpec {
    pub project: String,
    pub source: AppSource,
    pub destination: AppDestination,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sync_policy: Option<SyncPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AppSource {
    #[serde(rename = "repoURL")]
    pub repo_url: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub path: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub target_revision: String,
    #[serde(flatten)]
    pub extra: Extra,
}

impl AppSource {
    /// `targetRevision`, `HEAD` when empty (Argo's default).
    pub fn revision(&self) -> &str {
        if self.target_revision.is_empty() {
            "HEAD"
        } else {
            &self.target_revision
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AppDestination {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub server: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SyncPolicy {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automated: Option<Automated>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sync_options: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Automated {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prune: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_heal: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AppStatus {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<ResourceStatus>,
    #[serde(skip_serializing_if = "SyncStatus::is_empty")]
    pub sync: SyncStatus,
    #[serde(skip_serializing_if = "HealthStatus::is_empty")]
    pub health: HealthStatus,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<RevisionHistory>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<AppCondition>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reconciled_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_state: Option<OperationState>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source_type: String,
}

impl AppStatus {
    pub fn is_empty(&self) -> bool {
        self == &AppStatus::default()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SyncStatus {
    pub status: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub revision: String,
}

impl SyncStatus {
    pub fn is_empty(&self) -> bool {
        self.status.is_empty() && self.revision.is_empty()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HealthStatus {
    pub status: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
}

impl HealthStatus {
    pub fn is_empty(&self) -> bool {
        self.status.is_empty() && self.message.is_empty()
    }
}

/// One managed resource in `status.resources`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ResourceStatus {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub group: String,
    pub version: String,
    pub kind: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    pub name: String,
    pub status: String,
    /// No health for kinds without a health rule (ConfigMaps, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health: Option<HealthStatus>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub requires_pruning: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RevisionHistory {
    pub id: i64,
    pub revision: String,
    pub deployed_at: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub deploy_started_at: String,
    pub source: AppSource,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AppCondition {
    #[serde(rename = "type")]
    pub type_: String,
    pub message: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub last_transition_time: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OperationState {
    pub operation: serde_json::Value,
    pub phase: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sync_result: Option<SyncResult>,
    pub started_at: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub finished_at: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SyncResult {
    pub revision: String,
    pub source: AppSource,
    /// Per resource: group, version, kind, namespace, name, status, message, hookPhase, syncPhase.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<serde_json::Value>,
}

impl Application {
    pub fn from_object(obj: &Object) -> Option<Application> {
        match obj {
            Object::Opaque(Kind::Application, o) => {
                serde_json::to_value(o).ok().and_then(|v| serde_json::from_value(v).ok())
            }
            _ => None,
        }
    }

    pub fn into_object(self) -> Object {
        let o: Opaque =
            serde_json::to_value(&self).ok().and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
        Object::Opaque(Kind::Application, o)
    }

    /// `spec.project`, `default` when empty.
    pub fn project(&self) -> &str {
        if self.spec.project.is_empty() {
            "default"
        } else {
            &self.spec.project
        }
    }

    pub fn automated(&self) -> Option<&Automated> {
        self.spec.sync_policy.as_ref().and_then(|p| p.automated.as_ref()).filter(|a| a.enabled != Some(false))
    }

    pub fn prune(&self) -> bool {
        self.automated().and_then(|a| a.prune).unwrap_or(false)
    }

    pub fn self_heal(&self) -> bool {
        self.automated().and_then(|a| a.self_heal).unwrap_or(false)
    }

    /// How many sync records `status.history` keeps.
    pub fn history_limit(&self) -> usize {
        self.spec.revision_history_limit.and_then(|n| usize::try_from(n).ok()).unwrap_or(HISTORY_LIMIT)
    }
}

/// The API server's validation of the fields the agent needs (the CRD's schema marks
/// `source.repoURL` and `destination` required; Argo's own checks add the rest).
pub fn validate(app: &Application) -> Result<(), String> {
    if app.spec.source.repo_url.is_empty() {
        return Err("spec.source.repoURL: Required value".to_string());
    }
    if app.spec.destination.server.is_empty() && app.spec.destination.name.is_empty() {
        return Err("spec.destination: Required value: server or name".to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_the_store_shape() {
        let v = serde_json::json!({
            "apiVersion": API_VERSION, "kind": "Application",
            "metadata": { "name": "guestbook", "namespace": "argocd" },
            "spec": {
                "project": "default",
                "source": { "repoURL": "https://git.lab/team/app-config.git", "path": "k8s", "targetRevision": "HEAD" },
                "destination": { "server": IN_CLUSTER, "namespace": "default" },
                "syncPolicy": { "automated": { "prune": true, "selfHeal": true } },
            },
        });
        let o: Opaque = serde_json::from_value(v).unwrap();
        let app = Application::from_object(&Object::Opaque(Kind::Application, o)).unwrap();
        assert_eq!(app.spec.source.repo_url, "https://git.lab/team/app-config.git");
        assert!(app.prune() && app.self_heal());
        assert_eq!(app.history_limit(), 10);
        let back = Application::from_object(&app.clone().into_object()).unwrap();
        assert_eq!(back, app);
        assert!(validate(&app).is_ok());
        let mut bad = app;
        bad.spec.source.repo_url.clear();
        assert!(validate(&bad).is_err());
    }
}
