//! The get-table row of Argo CD's Applications: the CRD's `additionalPrinterColumns` (`Sync
//! Status`, `Health Status`; `-o wide` adds `Revision` and `Project`), with no AGE column, as
//! the API server prints a custom resource whose CRD lists its own columns.

use kubelab_sim::api::application::Application;
use kubelab_sim::api::*;

pub fn row(obj: &Object, name: String, wide: bool) -> Option<Vec<String>> {
    let app = Application::from_object(obj)?;
    let mut r = vec![name, app.status.sync.status.clone(), app.status.health.status.clone()];
    if wide {
        r.push(app.status.sync.revision.clone());
        r.push(app.spec.project.clone());
    }
    Some(r)
}
