//! kubectl's Secret and ServiceAccount describers (`describeSecret`, `describeServiceAccount`).
//!
//! A Secret shows its type and each data key with its decoded size (keys sorted, where kubectl
//! ranges over a Go map); a service account token's `token` is printed in full, as kubectl does.
//! A ServiceAccount lists its image pull secrets, mountable secrets (`(not found)` when a listed
//! Secret does not exist) and the token Secrets that name it, then its events.

use super::{events, header, Out};
use crate::Era;
use kubelab_sim::api::*;
use kubelab_sim::Cluster;
use serde_json::Value;

const TOKEN_TYPE: &str = "kubernetes.io/service-account-token";

pub(super) fn secret(cluster: &Cluster, obj: &Object, o: &Opaque, era: &Era) -> String {
    let mut out = Out::new(cluster);
    header(&mut out, cluster, obj, era, false);
    let ty = o.rest.get("type").and_then(Value::as_str).unwrap_or_default();
    out.line(0, &format!("\nType:\t{ty}"));
    out.line(0, "\nData\n====");
    for (k, v) in kubelab_sim::secret::raw_data(o) {
        if k == "token" && ty == TOKEN_TYPE {
            out.line(0, &format!("{k}:\t{}", String::from_utf8_lossy(&v)));
        } else {
            out.line(0, &format!("{k}:\t{} bytes", v.len()));
        }
    }
    out.finish()
}

fn names(o: &Opaque, field: &str) -> Vec<String> {
    o.rest
        .get(field)
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(|s| s.get("name").and_then(Value::as_str).map(str::to_string)).collect())
        .unwrap_or_default()
}

pub(super) fn service_account(cluster: &Cluster, obj: &Object, o: &Opaque, era: &Era) -> String {
    let mut out = Out::new(cluster);
    header(&mut out, cluster, obj, era, false);
    let m = obj.meta();
    let ns = m.ns();
    let tokens: Vec<String> = cluster
        .list(Kind::Secret, Some(ns))
        .into_iter()
        .filter(|s| match s {
            Object::Opaque(_, so) => {
                let a = &s.meta().annotations;
                so.rest.get("type").and_then(Value::as_str) == Some(TOKEN_TYPE)
                    && a.get("kubernetes.io/service-account.name") == Some(&m.name)
                    && a.get("kubernetes.io/service-account.uid").is_none_or(|u| *u == m.uid)
            }
            _ => false,
        })
        .map(|s| s.meta().name.clone())
        .collect();
    // kubectl pads the three headers to one width and sorts them.
    let rows = [
        ("Image pull secrets:", names(o, "imagePullSecrets")),
        ("Mountable secrets: ", names(o, "secrets")),
        ("Tokens:            ", tokens),
    ];
    for (label, list) in rows {
        if list.is_empty() {
            out.line(0, &format!("{label}\t<none>"));
            continue;
        }
        let mut prefix = label;
        for name in list {
            let missing = cluster.get(Kind::Secret, ns, &name).is_none();
            let note = if missing { " (not found)" } else { "" };
            out.line(0, &format!("{prefix}\t{name}{note}"));
            prefix = "                   ";
        }
    }
    events(&mut out, cluster, &m.uid, era);
    out.finish()
}
