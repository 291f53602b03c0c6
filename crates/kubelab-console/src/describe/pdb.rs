//! `kubectl describe poddisruptionbudget` (`describePodDisruptionBudget`): the bound that is
//! set, the selector, the status counts and the events.

use super::*;

pub(super) fn describe(cluster: &Cluster, obj: &Object, era: &Era) -> Option<String> {
    let pdb = PodDisruptionBudget::from_object(obj)?;
    let mut out = Out::new(cluster);
    let m = &pdb.metadata;
    out.line(0, &format!("Name:\t{}", m.name));
    out.line(0, &format!("Namespace:\t{}", m.ns()));
    if let Some(v) = &pdb.spec.min_available {
        out.line(0, &format!("Min available:\t{v}"));
    } else if let Some(v) = &pdb.spec.max_unavailable {
        out.line(0, &format!("Max unavailable:\t{v}"));
    }
    match pdb.spec.selector.as_ref().and_then(|s| s.to_selector().ok()) {
        Some(s) if !s.is_empty() => out.line(0, &format!("Selector:\t{s}")),
        Some(_) => out.line(0, "Selector:\t<none>"),
        None => out.line(0, "Selector:\t<unset>"),
    }
    out.line(0, "Status:");
    out.line(2, &format!("Allowed disruptions:\t{}", pdb.status.disruptions_allowed));
    out.line(2, &format!("Current:\t{}", pdb.status.current_healthy));
    out.line(2, &format!("Desired:\t{}", pdb.status.desired_healthy));
    out.line(2, &format!("Total:\t{}", pdb.status.expected_pods));
    events(&mut out, cluster, &m.uid, era);
    Some(out.finish())
}
