//! The get-table rows of the storage kinds and of Ingress/IngressClass (`printPersistentVolume`,
//! `printPersistentVolumeClaim`, `printStorageClass`, `printIngress`, `printIngressClass`), with
//! each era's columns (`Era::volume_attributes_class_column`,
//! `Era::storage_class_policy_columns`, `Era::ingress_class_column`).

use crate::Era;
use kubelab_sim::api::*;

/// `ReadWriteOnce` → `RWO`, joined with commas (`GetAccessModesAsString`, in kubectl's order).
pub fn access_modes(modes: &[String]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for (full, short) in
        [("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")]
    {
        if modes.iter().any(|m| m == full) {
            out.push(short);
        }
    }
    out.join(",")
}

/// The storage class of a claim or volume: `spec.storageClassName`, else the beta annotation.
fn class_of(meta: &ObjectMeta, spec_class: &Option<String>) -> String {
    spec_class
        .clone()
        .or_else(|| meta.annotations.get("volume.beta.kubernetes.io/storage-class").cloned())
        .unwrap_or_default()
}

pub fn columns(kind: Kind, era: &Era) -> Option<Vec<&'static str>> {
    let vac = era.volume_attributes_class_column;
    Some(match kind {
        Kind::PersistentVolumeClaim => {
            let mut c = vec!["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS"];
            if vac {
                c.push("VOLUMEATTRIBUTESCLASS");
            }
            c.push("AGE");
            c
        }
        Kind::PersistentVolume => {
            let mut c = vec!["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS"];
            if vac {
                c.push("VOLUMEATTRIBUTESCLASS");
            }
            c.extend(["REASON", "AGE"]);
            c
        }
        Kind::StorageClass if era.storage_class_policy_columns => {
            vec!["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"]
        }
        Kind::StorageClass => vec!["NAME", "PROVISIONER", "AGE"],
        Kind::Ingress if era.ingress_class_column => vec!["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"],
        Kind::Ingress => vec!["NAME", "HOSTS", "ADDRESS", "PORTS", "AGE"],
        Kind::IngressClass => vec!["NAME", "CONTROLLER", "PARAMETERS", "AGE"],
        _ => return None,
    })
}

/// The row of one object of these kinds (`name` and `age` already made), or None for others.
pub fn row(obj: &Object, era: &Era, name: String, age: String) -> Option<Vec<String>> {
    let vac = era.volume_attributes_class_column;
    let mut r = match obj.kind() {
        Kind::PersistentVolumeClaim => {
            let pvc = PersistentVolumeClaim::from_object(obj)?;
            let status = if pvc.metadata.is_deleting() { "Terminating" } else { pvc.phase() }.to_string();
            let bound = pvc.phase() == "Bound";
            let (capacity, modes) = if bound {
                (quantity(&pvc.status.capacity, "storage").unwrap_or_default(), access_modes(&pvc.status.access_modes))
            } else {
                (String::new(), String::new())
            };
            let mut r = vec![
                name,
                status,
                pvc.spec.volume_name.clone().unwrap_or_default(),
                capacity,
                modes,
                class_of(&pvc.metadata, &pvc.spec.storage_class_name),
            ];
            if vac {
                r.push("<unset>".into());
            }
            r
        }
        Kind::PersistentVolume => {
            let pv = PersistentVolume::from_object(obj)?;
            let claim = pv.spec.claim_ref.as_ref().map(|c| format!("{}/{}", c.namespace, c.name)).unwrap_or_default();
            let status = if pv.metadata.is_deleting() { "Terminating" } else { pv.phase() }.to_string();
            let mut r = vec![
                name,
                quantity(&pv.spec.capacity, "storage").unwrap_or_default(),
                access_modes(&pv.spec.access_modes),
                pv.spec.persistent_volume_reclaim_policy.clone().unwrap_or_default(),
                status,
                claim,
                class_of(&pv.metadata, &pv.spec.storage_class_name),
            ];
            if vac {
                r.push("<unset>".into());
            }
            r.push(pv.status.extra.get("reason").and_then(|v| v.as_str()).unwrap_or("").to_string());
            r
        }
        Kind::StorageClass => {
            let sc = StorageClass::from_object(obj)?;
            let name = if sc.is_default() { format!("{name} (default)") } else { name };
            let mut r = vec![name, sc.provisioner.clone()];
            if era.storage_class_policy_columns {
                r.extend([
                    sc.reclaim().to_string(),
                    sc.binding_mode().to_string(),
                    sc.allow_volume_expansion.unwrap_or(false).to_string(),
                ]);
            }
            r
        }
        Kind::Ingress => {
            let ing = Ingress::from_object(obj)?;
            let mut r = vec![name];
            if era.ingress_class_column {
                r.push(ing.spec.ingress_class_name.clone().unwrap_or_else(|| "<none>".into()));
            }
            r.extend([ing.hosts_cell(), ing.address_cell(), ing.ports_cell()]);
            r
        }
        Kind::IngressClass => {
            let class = IngressClass::from_object(obj)?;
            vec![name, class.spec.controller.clone(), class.parameters_cell()]
        }
        _ => return None,
    };
    r.push(age);
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_modes_print_in_kubectls_order() {
        let modes = vec!["ReadWriteMany".to_string(), "ReadWriteOnce".to_string()];
        assert_eq!(access_modes(&modes), "RWO,RWX");
        assert_eq!(access_modes(&[]), "");
    }
}
