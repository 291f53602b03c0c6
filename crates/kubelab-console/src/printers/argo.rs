//! `kubectl get` of Argo Rollouts' kinds: the columns their CRDs declare
//! (`additionalPrinterColumns` of install.yaml v1.9.1): Rollout `DESIRED CURRENT UP-TO-DATE
//! AVAILABLE`, AnalysisRun `STATUS`, AnalysisTemplate none (NAME and AGE). A field the object
//! does not have yet prints as an empty cell, as the API server's table leaves it.

use kubelab_sim::api::rollout::{AnalysisRun, Rollout};
use kubelab_sim::api::*;

pub fn columns(kind: Kind) -> Vec<&'static str> {
    match kind {
        Kind::Rollout => vec!["NAME", "DESIRED", "CURRENT", "UP-TO-DATE", "AVAILABLE", "AGE"],
        Kind::AnalysisRun => vec!["NAME", "STATUS", "AGE"],
        _ => vec!["NAME", "AGE"],
    }
}

pub fn row(obj: &Object, name: String, age: String) -> Option<Vec<String>> {
    let cell = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    match obj.kind() {
        Kind::Rollout => {
            let ro = Rollout::from_object(obj)?;
            Some(vec![
                name,
                cell(ro.spec.replicas),
                cell(ro.status.replicas),
                cell(ro.status.updated_replicas),
                cell(ro.status.available_replicas),
                age,
            ])
        }
        Kind::AnalysisRun => Some(vec![name, AnalysisRun::from_object(obj)?.status.phase, age]),
        Kind::AnalysisTemplate => Some(vec![name, age]),
        _ => None,
    }
}
