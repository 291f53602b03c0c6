//! The Argo Rollouts addon's public operations: installing it (`install.yaml`), whether its
//! kinds are served, and what the `kubectl argo rollouts` plugin writes (promote, abort,
//! retry), each settled at once like any write.

use super::Cluster;
use crate::api::rollout::Rollout;
use crate::api::*;
pub use crate::controllers::rollout::analysis::PROVIDER;
pub use crate::controllers::rollout::routing::routed;
use crate::controllers::rollout::{self as controller};
pub use crate::controllers::rollout::{addon, phase};
use crate::error::ApiError;

/// The namespace the release's instructions install into.
pub const NAMESPACE: &str = "argo-rollouts";

/// `ClusterConfig::argo_rollouts`: the namespace and the addon, before the cluster's start.
pub(super) fn bootstrap(cluster: &mut Cluster) {
    if !cluster.store.config().argo_rollouts {
        return;
    }
    let mut ns = Namespace { api_version: "v1".into(), kind: "Namespace".into(), ..Default::default() };
    ns.metadata.name = NAMESPACE.into();
    let _ = cluster.store.create_internal(Object::Namespace(ns));
    addon::install_into(&mut cluster.store, &mut cluster.rollouts.crds, NAMESPACE);
}

impl Cluster {
    /// Applies the Argo Rollouts release manifest in `namespace`: one answer per row of
    /// `addon::MANIFEST`.
    pub fn install_argo_rollouts(&mut self, namespace: &str) -> Vec<addon::Installed> {
        let out = addon::install_into(&mut self.store, &mut self.rollouts.crds, namespace);
        self.settle();
        out
    }

    /// Whether the Argo Rollouts CRDs are installed (the `argoproj.io` kinds are served).
    pub fn argo_rollouts_installed(&self) -> bool {
        self.rollouts.crds
    }

    fn rollout_write(&mut self, ns: &str, name: &str, f: impl FnOnce(&mut Rollout)) -> Result<Rollout, ApiError> {
        let Some(mut ro) = self.store.get(Kind::Rollout, ns, name).and_then(Rollout::from_object) else {
            return Err(ApiError::NotFound { kind: Kind::Rollout, name: name.to_string() });
        };
        f(&mut ro);
        self.store.put(ro.into_object());
        self.settle();
        Ok(ro)
    }

    /// `kubectl argo rollouts promote NAME [--full]`.
    pub fn rollout_promote(&mut self, ns: &str, name: &str, full: bool) -> Result<Rollout, ApiError> {
        self.rollout_write(ns, name, |ro| controller::promote(ro, full))
    }

    /// `kubectl argo rollouts abort NAME`: the controller aborts the update.
    pub fn rollout_abort(&mut self, ns: &str, name: &str) -> Result<Rollout, ApiError> {
        self.rollout_write(ns, name, |ro| ro.status.abort = true)
    }

    /// `kubectl argo rollouts retry rollout NAME`.
    pub fn rollout_retry(&mut self, ns: &str, name: &str) -> Result<Rollout, ApiError> {
        self.rollout_write(ns, name, controller::retry)
    }
}
