//! The get-table row of PodDisruptionBudgets (`printPodDisruptionBudget`): `MIN AVAILABLE`,
//! `MAX UNAVAILABLE` (`N/A` when unset), `ALLOWED DISRUPTIONS`, the same in both eras.

use kubelab_sim::api::*;

pub fn row(obj: &Object, name: String, age: String) -> Option<Vec<String>> {
    let pdb = PodDisruptionBudget::from_object(obj)?;
    let cell = |v: &Option<IntOrString>| v.as_ref().map(|v| v.to_string()).unwrap_or_else(|| "N/A".into());
    Some(vec![
        name,
        cell(&pdb.spec.min_available),
        cell(&pdb.spec.max_unavailable),
        pdb.status.disruptions_allowed.to_string(),
        age,
    ])
}
