//! The DefaultIngressClass admission and the ingress controller's status sync.
//!
//! - An Ingress created without a class (`spec.ingressClassName`, or the old
//!   `kubernetes.io/ingress.class` annotation) on a current cluster gets the default
//!   IngressClass, as the admission plugin sets it at creation (here the first pass after the
//!   write, in the same instant).
//! - While a controller pod is ready (`crate::ingress`), each Ingress it serves gets its events
//!   (ingress-nginx: `Sync` "Scheduled for sync"; the course era's 0.14: `CREATE` / `UPDATE`
//!   "Ingress ns/name") and, at the controller's next status sync (every 60 s, on the minute of
//!   the simulated clock), the address of the controller's node (`--report-node-internal-ip-address`).
//!
//! Simplified: one controller (the first ready pod); the address is not cleared when the
//! controller goes away.

use crate::api::*;
use crate::cluster::Api;

/// ingress-nginx's status sync period (`updateInterval`).
const STATUS_SYNC_SECS: u64 = 60;

pub(crate) fn reconcile(api: &mut Api<'_>) {
    let course = !api.version().at_least(19);
    if !course {
        default_class(api);
    }
    // With no Ingress there is nothing to serve: no need to look for the controller's pod.
    if api.list(Kind::Ingress, None).is_empty() {
        return;
    }
    serve(api, course);
}

#[inline(never)] // out of `Cluster::settle`, so the web split can leave it out of the first download
fn serve(api: &mut Api<'_>, course: bool) {
    // Each image is looked up once per pass (a big cluster has many pods of few images).
    let mut controller_image: std::collections::BTreeMap<&str, bool> = std::collections::BTreeMap::new();
    let controller = api
        .pods()
        .filter(|p| {
            p.is_ready()
                && p.spec.containers.iter().any(|c| {
                    *controller_image
                        .entry(c.image.as_str())
                        .or_insert_with(|| api.image(&c.image).ingress_controller())
                })
        })
        .map(|p| p.spec.node_name.clone())
        .next();
    let Some(Some(node)) = controller else { return };
    let Some(node_ip) = api.get(Kind::Node, "", &node).and_then(|o| match o {
        Object::Node(n) => n.internal_ip().map(str::to_string),
        _ => None,
    }) else {
        return;
    };
    let served = crate::ingress::served(api.list(Kind::Ingress, None), api.list(Kind::IngressClass, None), course);
    let now = api.now();
    let component = "nginx-ingress-controller";
    for mut ing in served {
        let uid = ing.metadata.uid.clone();
        let name = format!("{}/{}", ing.metadata.ns(), ing.metadata.name);
        let (reason, message) =
            if course { ("CREATE", format!("Ingress {name}")) } else { ("Sync", "Scheduled for sync".to_string()) };
        let seen =
            api.events().iter().any(|e| e.involved_object.uid == uid && (e.reason == reason || e.reason == "UPDATE"));
        if !seen {
            api.record_event(&ing.into_object(), "Normal", reason, message.clone(), component);
        }
        let synced = now.as_secs() / STATUS_SYNC_SECS > ing.metadata.creation_timestamp.as_secs() / STATUS_SYNC_SECS;
        if !synced {
            let next = (ing.metadata.creation_timestamp.as_secs() / STATUS_SYNC_SECS + 1) * STATUS_SYNC_SECS;
            api.wake_at(crate::time::SimTime(next.saturating_mul(1000)));
        }
        if synced && ing.addresses() != [node_ip.clone()] {
            ing.set_address(&node_ip);
            api.put(ing.into_object());
            let obj = ing.into_object();
            if course {
                api.record_event(&obj, "Normal", "UPDATE", format!("Ingress {name}"), component);
            } else {
                api.record_event(&obj, "Normal", reason, message, component);
            }
        }
    }
}

/// The DefaultIngressClass admission plugin's default, for Ingresses created without a class.
fn default_class(api: &mut Api<'_>) {
    let mut defaults: Vec<IngressClass> = api
        .list(Kind::IngressClass, None)
        .into_iter()
        .filter_map(IngressClass::from_object)
        .filter(IngressClass::is_default)
        .collect();
    crate::sort::by_key(&mut defaults, |c| std::cmp::Reverse(c.metadata.creation_timestamp));
    let Some(class) = defaults.first().map(|c| c.metadata.name.clone()) else { return };
    let unclassed: Vec<Ingress> = api
        .list(Kind::Ingress, None)
        .into_iter()
        .filter_map(Ingress::from_object)
        .filter(|i| {
            i.spec.ingress_class_name.is_none() && !i.metadata.annotations.contains_key("kubernetes.io/ingress.class")
        })
        .collect();
    for mut ing in unclassed {
        // Only at creation: an Ingress older than this instant keeps what it was created with.
        if ing.metadata.creation_timestamp != api.now() {
            continue;
        }
        ing.spec.ingress_class_name = Some(class.clone());
        api.put(ing.into_object());
    }
}
