//! `kubectl cordon` and `kubectl uncordon`: set or clear a node's `spec.unschedulable`
//! (kubectl's `RunCordonOrUncordon`: `node/x cordoned`, `node/x already cordoned`,
//! `node/x uncordoned`). The node lifecycle controller adds or removes the
//! `node.kubernetes.io/unschedulable:NoSchedule` taint in the simulator, and `get nodes` shows
//! `Ready,SchedulingDisabled`. `drain` reuses [`nodes`] and [`cordon_nodes`].

use super::*;

/// The flags of `kubectl cordon|uncordon --help`, besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[flags::v("selector", Some('l')), flags::DRY_RUN];

/// `--dry-run` as kubectl reads it: `None` for a real run, else the suffix of its lines.
pub(super) fn dry_run_suffix(ctx: &Ctx) -> Option<&'static str> {
    match ctx.flags.get("dry-run") {
        None | Some("none") | Some("false") => None,
        Some("server") => Some(" (server dry run)"),
        Some(_) => Some(" (dry run)"),
    }
}

/// The nodes a cordon/uncordon/drain line names (one NODE argument, `node/NAME`, or
/// `--selector`), or kubectl's error (printed) and `None`.
pub(super) fn nodes(c: &Console, ctx: &Ctx, out: &mut Output) -> Option<Vec<Node>> {
    let verb = ctx.path.join(" ");
    let usage = |out: &mut Output| {
        out.err(&format!("error: USAGE: {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples"))
    };
    let selector = ctx.flags.get("selector").filter(|s| !s.is_empty());
    if ctx.pos.is_empty() && !ctx.flags.has("selector") {
        usage(out);
        return None;
    }
    if !ctx.pos.is_empty() && selector.is_some() {
        out.err(&format!(
            "error: error: cannot specify both a node name and a --selector option\nSee 'kubectl {verb} -h' for help and examples"
        ));
        return None;
    }
    if ctx.pos.len() > 1 {
        usage(out);
        return None;
    }
    if let Some(arg) = ctx.pos.first() {
        let name = match arg.split_once('/') {
            Some((t, n)) => {
                match resources::resolve(t, c.profile) {
                    Some(r) if r.info.kind == "Node" => {}
                    Some(r) => {
                        out.err(&format!("error: expected resource of type node, got \"{}\"", r.plural_qualified()));
                        return None;
                    }
                    None => {
                        out.err(&unknown_type(t, c.profile));
                        return None;
                    }
                }
                n
            }
            None => arg.as_str(),
        };
        return match c.cluster.get(Kind::Node, "", name) {
            Some(Object::Node(n)) => Some(vec![n.clone()]),
            _ => {
                out.err(&format!("Error from server (NotFound): nodes \"{name}\" not found"));
                None
            }
        };
    }
    let sel = match Selector::parse(selector.unwrap_or("")) {
        Ok(s) => s,
        Err(e) => {
            out.err(&format!("error: {e}"));
            return None;
        }
    };
    let found: Vec<Node> = c
        .cluster
        .list(Kind::Node, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::Node(n) if sel.matches(&n.metadata.labels) => Some(n.clone()),
            _ => None,
        })
        .collect();
    if found.is_empty() {
        // The resource builder found nothing: kubectl prints nothing and succeeds.
        return Some(vec![]);
    }
    Some(found)
}

/// Sets `spec.unschedulable` to `desired` on each node, printing kubectl's lines.
pub(super) fn cordon_nodes(c: &mut Console, ctx: &Ctx, nodes: &[Node], desired: bool, out: &mut Output) {
    let suffix = dry_run_suffix(ctx);
    let word = if desired { "cordoned" } else { "uncordoned" };
    for n in nodes {
        let name = &n.metadata.name;
        if n.spec.unschedulable.unwrap_or(false) == desired {
            out.out(&format!("node/{name} already {word}{}", suffix.unwrap_or("")));
            continue;
        }
        if suffix.is_none() {
            let Some(Object::Node(mut fresh)) = c.cluster.get(Kind::Node, "", name).cloned() else { continue };
            // The strategic merge patch kubectl sends: `unschedulable: true`, or null to clear it.
            fresh.spec.unschedulable = desired.then_some(true);
            if let Err(e) = c.cluster.update(Object::Node(fresh)) {
                out.err(&format!(
                    "error: unable to {} node \"{name}\": {}",
                    &word[..word.len() - 2],
                    api_error(c, &e, None)
                ));
                continue;
            }
        }
        out.out(&format!("node/{name} {word}{}", suffix.unwrap_or("")));
    }
}

pub(super) fn cordon(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some(nodes) = nodes(c, ctx, out) else { return };
    cordon_nodes(c, ctx, &nodes, true, out);
}

pub(super) fn uncordon(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some(nodes) = nodes(c, ctx, out) else { return };
    cordon_nodes(c, ctx, &nodes, false, out);
}

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;
    use kubelab_sim::api::{Kind, Object};

    fn unschedulable(c: &crate::Console, node: &str) -> (Option<bool>, Vec<String>) {
        match c.cluster.get(Kind::Node, "", node) {
            Some(Object::Node(n)) => (n.spec.unschedulable, n.spec.taints.iter().map(|t| t.key.clone()).collect()),
            _ => (None, vec![]),
        }
    }

    #[test]
    fn cordon_marks_the_node_and_the_controller_taints_it() {
        let mut c = console();
        assert_eq!(ok(&mut c, "kubectl cordon node01"), "node/node01 cordoned\n");
        assert_eq!(unschedulable(&c, "node01"), (Some(true), vec!["node.kubernetes.io/unschedulable".to_string()]));
        assert_eq!(ok(&mut c, "kubectl cordon node/node01"), "node/node01 already cordoned\n");
        assert!(ok(&mut c, "kubectl get nodes").contains("Ready,SchedulingDisabled"));
        assert_eq!(ok(&mut c, "kubectl uncordon node01"), "node/node01 uncordoned\n");
        assert_eq!(unschedulable(&c, "node01"), (None, vec![]));
        assert_eq!(ok(&mut c, "kubectl uncordon node01"), "node/node01 already uncordoned\n");
    }

    #[test]
    fn describe_shows_the_taint_and_the_flag() {
        let mut c = console();
        ok(&mut c, "kubectl cordon node01");
        let d = ok(&mut c, "kubectl describe node node01");
        assert!(d.contains("Taints:             node.kubernetes.io/unschedulable:NoSchedule\n"), "{d}");
        assert!(d.contains("Unschedulable:      true\n"), "{d}");
    }

    #[test]
    fn a_course_server_sets_no_taint() {
        let mut c = course();
        assert_eq!(ok(&mut c, "kubectl cordon node01"), "node/node01 cordoned\n");
        assert_eq!(unschedulable(&c, "node01"), (Some(true), vec![]));
    }

    #[test]
    fn dry_run_selector_and_usage() {
        let mut c = console();
        let before = state(&c);
        assert_eq!(ok(&mut c, "kubectl cordon node02 --dry-run=client"), "node/node02 cordoned (dry run)\n");
        assert!(state(&c) == before, "a dry run changed the cluster");
        assert_eq!(
            fails(&mut c, "kubectl cordon"),
            "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl cordon node01 -l a=b"),
            "error: error: cannot specify both a node name and a --selector option\nSee 'kubectl cordon -h' for help and examples\n"
        );
        assert_eq!(fails(&mut c, "kubectl cordon nope"), "Error from server (NotFound): nodes \"nope\" not found\n");
        let all = ok(&mut c, "kubectl cordon -l kubernetes.io/os=linux");
        assert!(all.lines().count() >= 2, "{all}");
        assert!(all.lines().all(|l| l.ends_with(" cordoned")), "{all}");
    }
}
