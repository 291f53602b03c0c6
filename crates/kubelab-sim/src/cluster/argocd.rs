//! The Argo CD-like agent's public operations (`controllers::argocd`): installing it, handing it
//! the console's manifest decoder, and what its API server does for the `argocd` CLI (an
//! operation on an app, deleting an app with its resources).

use super::*;
use crate::api::application::{Application, INSTANCE_LABEL};
use crate::controllers::argocd::{install, ManifestDecoder, Operation};

impl Cluster {
    /// Hands the agent the decoder it reads manifests with (YAML lives in the console). Not
    /// serialised: set it again on a restored cluster.
    pub fn set_manifest_decoder(&mut self, decoder: ManifestDecoder) {
        self.argocd.decoder = Some(decoder);
    }

    /// Whether the Git host's push webhook reaches argocd-server (on by default; off: the agent
    /// sees pushes only when it polls).
    pub fn set_argocd_webhooks(&mut self, on: bool) {
        self.argocd.webhooks_off = !on;
    }

    /// The namespace Argo CD was installed into: from then on the `Application` kind is served.
    pub fn argocd_namespace(&self) -> Option<&str> {
        self.argocd.namespace.as_deref()
    }

    /// App `name`'s resources as the agent last read them from Git (`None`: unknown app, or Git
    /// could not be read): per resource its key, API group and manifest (with the namespace and
    /// tracking label the agent gives it), and the tracked live objects no longer in Git
    /// (manifest `None`). For `argocd app diff`.
    pub fn argocd_target(&self, name: &str) -> Option<Vec<(ObjectKey, String, Option<serde_json::Value>)>> {
        let ns = self.argocd.namespace.as_deref()?;
        let app = self.store.get(Kind::Application, ns, name).and_then(Application::from_object)?;
        crate::controllers::argocd::target(&self.argocd, &self.store, &app)
    }

    /// Whether the agent runs: its application controller's pod is Ready.
    pub fn argocd_ready(&self) -> bool {
        self.argocd.namespace.as_deref().is_some_and(|ns| crate::controllers::argocd::agent_ready(&self.store, ns))
    }

    /// Whether the API server (`argocd-server`) answers: one of its pods is Ready.
    pub fn argocd_server_ready(&self) -> bool {
        let Some(ns) = self.argocd.namespace.as_deref() else { return false };
        self.store.list(Kind::Pod, Some(ns)).into_iter().filter_map(Object::as_pod).any(|p| {
            p.metadata.labels.get("app.kubernetes.io/name").map(String::as_str) == Some("argocd-server")
                && p.is_ready()
                && !p.metadata.is_deleting()
        })
    }

    /// Applies Argo CD's install manifest in `ns` (`install`): the CRDs (cluster-scoped: they
    /// register even when `ns` does not exist), then per modelled object whether it was created
    /// (false: it existed) or the API server's error.
    pub fn install_argocd(&mut self, ns: &str) -> Vec<Result<bool, ApiError>> {
        // `apiextensions.k8s.io/v1` (1.16+): an older server refuses the CRDs, and without them
        // nothing serves Applications (the pods run, the agent has nothing to do).
        if self.argocd.namespace.is_none() && self.version().at_least(16) {
            self.argocd.namespace = Some(ns.to_string());
            self.argocd.rng = Some(Streams::new(self.store.config().seed).argocd);
        }
        let mut out = Vec::new();
        for obj in install::objects(ns) {
            let res = if self.store.get_by_key(&obj.key()).is_some() {
                Ok(false)
            } else {
                self.store.create_internal(obj).map(|_| true)
            };
            out.push(res);
        }
        self.settle();
        out
    }

    /// `ClusterConfig::argocd`: namespace `argocd` and the install, before the bootstrap's first
    /// minute (so its pods are Ready when the session starts).
    pub(super) fn bootstrap_argocd(&mut self) {
        let mut ns = Namespace::default();
        ns.metadata.name = "argocd".into();
        let _ = self.store.create_internal(Object::Namespace(ns));
        self.install_argocd("argocd");
    }

    /// Asks the agent for an operation on app `name` (a sync, a rollback), as `argocd app sync`
    /// does through its API server; the agent runs it in this instant if it is running.
    /// `Ok(true)`: it ran; `Ok(false)`: it waits for the agent.
    pub fn argocd_operate(&mut self, name: &str, op: Operation) -> Result<bool, ApiError> {
        let Some(ns) = self.argocd.namespace.clone() else {
            return Err(ApiError::NotFound { kind: Kind::Application, name: name.to_string() });
        };
        if self.store.get(Kind::Application, &ns, name).is_none() {
            return Err(ApiError::NotFound { kind: Kind::Application, name: name.to_string() });
        }
        self.argocd.pending.insert(name.to_string(), op);
        self.settle();
        Ok(!self.argocd.pending.contains_key(name))
    }

    /// Refreshes app `name` from Git now (`argocd app get NAME --refresh`), if the agent runs.
    pub fn argocd_refresh(&mut self, name: &str) {
        let now = self.now();
        if crate::controllers::argocd::request_refresh(&mut self.argocd, name, now) {
            self.settle();
        }
    }

    /// Deletes app `name`; with `cascade` first the live objects it tracks (Argo CD's
    /// `resources-finalizer.argocd.argoproj.io`). Returns what was deleted, in order.
    pub fn argocd_delete_app(&mut self, name: &str, cascade: bool) -> Result<Vec<ObjectKey>, ApiError> {
        let ns = self.argocd.namespace.clone().unwrap_or_default();
        let Some(app) = self.store.get(Kind::Application, &ns, name).and_then(Application::from_object) else {
            return Err(ApiError::NotFound { kind: Kind::Application, name: name.to_string() });
        };
        let mut deleted = Vec::new();
        if cascade {
            let keys: Vec<ObjectKey> = self
                .store
                .objects()
                .filter(|o| !crate::controllers::argocd::excluded(o.kind()))
                .filter(|o| o.meta().labels.get(INSTANCE_LABEL) == Some(&app.metadata.name))
                .filter(|o| o.meta().owner_references.is_empty())
                .map(Object::key)
                .collect();
            for key in keys {
                if self.store.delete_internal(&key, DeleteOptions::default()).is_ok() {
                    deleted.push(key);
                }
                deliver_pod_changes(&mut self.store, &mut self.kubelet);
            }
        }
        let key = ObjectKey::new(Kind::Application, &ns, name);
        self.store.delete_internal(&key, DeleteOptions::default())?;
        deleted.push(key);
        self.settle();
        Ok(deleted)
    }
}
