//! Server-side dry run (`?dryRun=All`, what `kubectl diff` and `--dry-run=server` ask for): the
//! object as the API server would store it — defaulted, validated, with the generation it would
//! get — without storing it, drawing from the cluster's random streams or settling anything.
//! The write runs on a copy of the store, so the cluster is untouched whatever happens.

use super::Cluster;
use crate::api::*;
use crate::error::ApiError;

impl Cluster {
    /// A dry-run create: the object the API server would return (uid, creation time and
    /// defaults set; no resource version, as a dry-run create has none).
    pub fn dry_run_create(&self, obj: Object) -> Result<Object, ApiError> {
        let mut store = self.store.clone();
        let mut created = store.create_internal(obj)?;
        created.meta_mut().resource_version = 0;
        Ok(created)
    }

    /// A dry-run update: the object as `update` would write it (defaults, validation, the
    /// generation raised for a spec change), with the live object's resource version.
    pub fn dry_run_update(&self, obj: Object) -> Result<Object, ApiError> {
        let live_rv = self.get_by_key(&obj.key()).map(|o| o.meta().resource_version);
        let mut store = self.store.clone();
        let mut updated = store.update_internal(obj)?;
        if let Some(rv) = live_rv {
            updated.meta_mut().resource_version = rv;
        }
        Ok(updated)
    }
}

#[cfg(test)]
mod tests {
    use crate::api::*;
    use crate::cluster::{Cluster, ClusterConfig};

    fn deployment(image: &str) -> Object {
        let json = serde_json::json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "namespace": "default"},
            "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                "template": {"metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"name": "web", "image": image}]}}}
        });
        Object::Deployment(serde_json::from_value(json).expect("a deployment"))
    }

    #[test]
    fn a_dry_run_changes_nothing_and_raises_the_generation_of_a_spec_change() {
        let mut c = Cluster::new(ClusterConfig::current(1));
        let created = c.dry_run_create(deployment("nginx:1.25")).expect("valid");
        assert_eq!(created.meta().resource_version, 0);
        assert!(c.get(Kind::Deployment, "default", "web").is_none());
        c.create(deployment("nginx:1.25")).expect("created");
        let live = c.get(Kind::Deployment, "default", "web").cloned().expect("live");
        let writes = c.store.writes();
        let merged = c.dry_run_update(deployment("nginx:1.26")).expect("valid");
        assert_eq!(merged.meta().generation, live.meta().generation + 1);
        assert_eq!(merged.meta().resource_version, live.meta().resource_version);
        assert_eq!(c.get(Kind::Deployment, "default", "web"), Some(&live));
        assert_eq!(c.store.writes(), writes);
        let same = c.dry_run_update(deployment("nginx:1.25")).expect("valid");
        assert_eq!(same.meta().generation, live.meta().generation);
    }
}
