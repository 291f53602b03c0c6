//! Scale-down: which nodes are unneeded and why the others are kept, picking nodes for
//! removal after their timers, tainting and draining them through the eviction API, retrying
//! refused evictions, and removing drained nodes (see the parent module's doc).

use super::*;

/// The budgets' remaining disruptions, by namespace/name, as a scale-down pass spends them.
type Budgets = BTreeMap<String, i64>;

/// Where each pod of `node` would go; `Err((reason, detail))` when the node must stay.
fn plan_node(
    api: &Api<'_, AutoscalerState>,
    node: &Node,
    others: &mut [(String, Room, Node)],
    budgets: &mut Budgets,
) -> Result<(Vec<Pod>, rules::Utilization), (String, String)> {
    let now = api.now();
    if node.metadata.annotations.get(rules::SCALE_DOWN_DISABLED).is_some_and(|v| v == "true") {
        return Err(("ScaleDownDisabledAnnotation".into(), String::new()));
    }
    let pods: Vec<&Pod> = api.pods_on_node(&node.metadata.name).collect();
    let alloc = (node.allocatable_cpu_millis(), node.allocatable_memory_bytes());
    let u = rules::utilization(alloc, &pods, false, false, now).map_err(|e| ("UnexpectedError".to_string(), e))?;
    if u.max() >= UTILIZATION_THRESHOLD {
        return Err(("NotUnderutilized".into(), format!("utilization {}", u.max())));
    }
    let mut spent = budgets.clone();
    let mut moving = Vec::new();
    for p in pods {
        let found = crate::controllers::disruption::budgets_for(api, p);
        let budget = found.first().map(|b| {
            let key = format!("{}/{}", b.metadata.ns(), b.metadata.name);
            *spent.entry(key).or_insert(b.status.disruptions_allowed) > 0
        });
        match rules::drainability(p, budget, now) {
            Drain::Skip => {}
            Drain::Block(r) => return Err(("BlockedByPod".into(), r.message(p))),
            Drain::Move => {
                if let Some(b) = found.first() {
                    if let Some(left) = spent.get_mut(&format!("{}/{}", b.metadata.ns(), b.metadata.name)) {
                        *left -= 1;
                    }
                }
                moving.push(p.clone());
            }
        }
    }
    // Room elsewhere, first fit (the pods' node selectors and the nodes' taints as the
    // scheduler filters them).
    let mut taken = others.to_vec();
    for p in &moving {
        let (c, m) = rules::requests(p);
        let spot = taken.iter_mut().find(|(_, r, n)| fits_node(p, c, m, r, n));
        match spot {
            Some((_, r, _)) => r.take(c, m),
            None => return Err(("NoPlaceToMovePods".into(), format!("no place to move {}", pod_ref(p)))),
        }
    }
    others.clone_from_slice(&taken);
    *budgets = spent;
    Ok((moving, u))
}

pub(super) fn scale_down(api: &mut Api<'_, AutoscalerState>) {
    let now = api.now();
    let groups = groups(api);
    let nodes: Vec<Node> = api
        .list(Kind::Node, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::Node(n) => Some(n.clone()),
            _ => None,
        })
        .collect();
    // What the other nodes have left, for moving pods.
    let mut rooms = free_rooms(api);
    let mut budgets: Budgets = BTreeMap::new();
    let mut unneeded: Vec<(Node, Vec<Pod>, rules::Utilization)> = Vec::new();
    let mut still: BTreeMap<String, SimTime> = BTreeMap::new();
    for n in &nodes {
        if group_of(&groups, n).is_none() || !n.is_ready() || being_removed(n) {
            continue;
        }
        let name = n.metadata.name.clone();
        let mut others: Vec<(String, Room, Node)> = rooms.iter().filter(|(x, _, _)| *x != name).cloned().collect();
        match plan_node(api, n, &mut others, &mut budgets) {
            Ok((pods, u)) => {
                // The pods planned onto other nodes take their room for the next candidates.
                for (x, r, _) in others {
                    if let Some(slot) = rooms.iter_mut().find(|(y, _, _)| *y == x) {
                        slot.1 = r;
                    }
                }
                rooms.retain(|(x, _, _)| *x != name);
                let since = api.own.unneeded.get(&name).copied().unwrap_or(now);
                if !api.own.unneeded.contains_key(&name) {
                    api.own.decide(now, DecisionKind::Unneeded { node: name.clone(), utilization: u.max() });
                }
                api.own.kept.remove(&name);
                still.insert(name, since);
                unneeded.push((n.clone(), pods, u));
            }
            Err((reason, detail)) => keep(api, &name, &reason, &detail),
        }
    }
    api.own.unneeded = still;
    let cooldown = api.own.last_scale_up.is_some_and(|t| now < t + DELAY_AFTER_ADD)
        || api.own.last_failure.is_some_and(|t| now < t + DELAY_AFTER_FAILURE)
        || api.own.last_scale_down.is_some_and(|t| now < t + SCAN_INTERVAL)
        || api.own.removals.iter().any(|r| !r.empty);
    if cooldown {
        return;
    }
    let mut removing: BTreeMap<String, u32> = BTreeMap::new();
    for r in &api.own.removals {
        if let Some(n) = nodes.iter().find(|n| n.metadata.name == r.node) {
            if let Some(g) = group_of(&groups, n) {
                *removing.entry(g.name.clone()).or_default() += 1;
            }
        }
    }
    let mut empty_done = 0usize;
    let mut drained = false;
    for (n, pods, u) in unneeded {
        let name = n.metadata.name.clone();
        let since = api.own.unneeded.get(&name).copied().unwrap_or(now);
        if now < since + UNNEEDED_TIME {
            continue;
        }
        let Some(g) = group_of(&groups, &n).cloned() else { continue };
        let gone = removing.get(&g.name).copied().unwrap_or(0);
        if size(api, &g).saturating_sub(gone) <= g.min {
            keep(api, &name, "NodeGroupMinSizeReached", "");
            continue;
        }
        let empty = pods.is_empty();
        if (empty && empty_done >= MAX_EMPTY_BULK_DELETE) || (!empty && (drained || empty_done > 0)) {
            continue;
        }
        *removing.entry(g.name.clone()).or_default() += 1;
        if empty {
            empty_done += 1;
            status::event(api, "ScaleDownEmpty", format!("Scale-down: removing empty node \"{name}\""));
        } else {
            drained = true;
            let names: Vec<&str> = pods.iter().map(|p| p.metadata.name.as_str()).collect();
            let msg = format!(
                "Scale-down: removing node {name}, utilization: {}, pods to reschedule: {}",
                u.go_text(),
                names.join(",")
            );
            status::event(api, "ScaleDown", msg);
        }
        start_removal(api, &n, &pods, empty);
    }
}

fn keep(api: &mut Api<'_, AutoscalerState>, node: &str, reason: &str, detail: &str) {
    api.own.unneeded.remove(node);
    let key = format!("{reason}: {detail}");
    if api.own.kept.get(node) != Some(&key) {
        api.own.kept.insert(node.to_string(), key);
        let now = api.now();
        api.own.decide(now, DecisionKind::Kept { node: node.into(), reason: reason.into(), detail: detail.into() });
    }
}

fn start_removal(api: &mut Api<'_, AutoscalerState>, node: &Node, pods: &[Pod], empty: bool) {
    let now = api.now();
    let mut n = node.clone();
    let value = api.unix_secs(now).to_string();
    n.spec.taints.push(Taint {
        key: rules::TO_BE_DELETED_TAINT.into(),
        value: Some(value),
        effect: "NoSchedule".into(),
        time_added: None,
    });
    let obj = Object::Node(n);
    api.put(obj.clone());
    api.record_event(&obj, "Normal", "ScaleDown", "marked the node as toBeDeleted/unschedulable".into(), COMPONENT);
    api.own.unneeded.remove(&node.metadata.name);
    let name = node.metadata.name.clone();
    api.own
        .decide(now, DecisionKind::ScaleDown { node: name.clone(), empty, pods: pods.iter().map(pod_ref).collect() });
    let mut removal = Removal {
        node: name,
        started: now,
        to_evict: pods
            .iter()
            .map(|p| (p.metadata.ns().to_string(), p.metadata.name.clone(), p.metadata.uid.clone()))
            .collect(),
        next_retry: now,
        evicted: vec![],
        empty,
    };
    for p in pods {
        api.record_event(
            &Object::Pod(p.clone()),
            "Normal",
            "ScaleDown",
            "deleting pod for node scale down".into(),
            COMPONENT,
        );
    }
    evict_round(api, &mut removal);
    api.own.removals.push(removal);
}

/// Tries each pod still to evict once.
fn evict_round(api: &mut Api<'_, AutoscalerState>, r: &mut Removal) {
    let mut refused = Vec::new();
    for (ns, name, uid) in std::mem::take(&mut r.to_evict) {
        let grace = match api.get(Kind::Pod, &ns, &name) {
            Some(Object::Pod(p)) if p.metadata.uid == uid => {
                p.spec.termination_grace_period_seconds.unwrap_or(30).min(MAX_GRACEFUL_TERMINATION)
            }
            _ => {
                r.evicted.push((ns, name, uid));
                continue;
            }
        };
        let res = crate::cluster::evict_in_api(api, &ns, &name, DeleteOptions { grace_period_seconds: Some(grace) });
        match res {
            Ok(_) | Err(crate::cluster::EvictError::Api(_)) => r.evicted.push((ns, name, uid)),
            Err(_) => refused.push((ns, name, uid)),
        }
    }
    r.to_evict = refused;
    r.next_retry = api.now() + EVICTION_RETRY;
}

/// Retries refused evictions, gives up after 2 minutes, removes drained nodes.
#[inline(never)] // out of `Cluster::settle`, so the web split can leave it out of the first download
pub(super) fn progress_removals(api: &mut Api<'_, AutoscalerState>) {
    let now = api.now();
    let removals = std::mem::take(&mut api.own.removals);
    let mut keep_going = Vec::new();
    for mut r in removals {
        let Some(Object::Node(node)) = api.get(Kind::Node, "", &r.node).cloned() else { continue };
        if !r.to_evict.is_empty() {
            if now >= r.started + MAX_EVICTION_TIME {
                let mut n = node.clone();
                n.spec.taints.retain(|t| t.key != rules::TO_BE_DELETED_TAINT);
                let obj = Object::Node(n);
                api.put(obj.clone());
                let msg = "failed to drain the node, aborting ScaleDown".to_string();
                api.record_event(&obj, "Warning", "ScaleDownFailed", msg.clone(), COMPONENT);
                api.own.last_failure = Some(now);
                api.own.decide(now, DecisionKind::ScaleDownFailed { node: r.node.clone(), reason: msg });
                continue;
            }
            if now >= r.next_retry {
                evict_round(api, &mut r);
            }
            api.wake_at(r.next_retry.min(r.started + MAX_EVICTION_TIME));
            keep_going.push(r);
            continue;
        }
        let waiting = r.evicted.iter().any(
            |(ns, name, uid)| matches!(api.get(Kind::Pod, ns, name), Some(Object::Pod(p)) if &p.metadata.uid == uid),
        );
        let at = r.started + NODE_DELETE_DELAY;
        if waiting || now < at {
            if !waiting {
                api.wake_at(at);
            }
            keep_going.push(r);
            continue;
        }
        // The machine goes: the pods left on it (DaemonSet, mirror) go with the Node.
        let left: Vec<ObjectKey> =
            api.pods_on_node(&r.node).map(|p| ObjectKey::new(Kind::Pod, p.metadata.ns(), &p.metadata.name)).collect();
        for k in left {
            api.remove(&k);
        }
        api.remove(&ObjectKey::new(Kind::Node, "", &r.node));
        if !r.empty {
            status::event(api, "ScaleDown", format!("Scale-down: node {} removed with drain", r.node));
        }
        api.own.last_scale_down = Some(now);
        api.own.decide(now, DecisionKind::Removed { node: r.node.clone() });
    }
    api.own.removals = keep_going;
}
