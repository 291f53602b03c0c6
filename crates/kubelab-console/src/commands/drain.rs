//! `kubectl drain NODE`: cordon, then evict (or, with `--disable-eviction`, delete) the node's
//! pods and wait until they are gone, as kubectl's drain helper does. Its filters, in kubectl's
//! order: DaemonSet-managed pods (by the pod's controller ownerReference, `apps/v1`
//! DaemonSet; the DaemonSet must exist, else its NotFound error, a warning with `--force`) are
//! never evicted and refuse the drain without `--ignore-daemonsets`; mirror (static) pods are
//! skipped; pods with an `emptyDir` refuse it without `--delete-emptydir-data` (kubectl 1.11:
//! `--delete-local-data`); pods with no controller refuse it without `--force`. Finished pods
//! pass every filter. Evicted pods' controllers make new ones, which the scheduler places on
//! other nodes (the drained one is cordoned). The wait steps the simulated clock one second at
//! a time, up to `--timeout` or, without one, the lab's limit for a wait.
//!
//! Eviction goes through the eviction API (`Cluster::evict`): a PodDisruptionBudget that
//! allows no disruption refuses it with 429, and drain retries every 5 seconds until `--timeout`
//! (`error when evicting pods/"x" -n "ns" (will retry after 5s): Cannot evict pod as it would
//! violate the pod's disruption budget.` on stderr, each attempt announced again; then `global
//! timeout reached`). `--chunk-size` is accepted (it only pages the pod list).

use super::cordon::{cordon_nodes, dry_run_suffix, nodes};
use super::logs::go_duration_ms;
use super::*;
use kubelab_sim::cluster::EvictError;

/// The flags of `kubectl drain --help`, besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::v("selector", Some('l')),
    flags::DRY_RUN,
    flags::b("force", None),
    flags::b("ignore-daemonsets", None),
    flags::b("delete-emptydir-data", None).since(20),
    flags::b("disable-eviction", None).since(18),
    flags::v("grace-period", None),
    flags::v("timeout", None),
    flags::v("pod-selector", None),
    flags::v("chunk-size", None).since(18),
    // kubectl 1.11's name of `--delete-emptydir-data`; kubectl 1.33 no longer knows it (see
    // [`drain`]), so it is neither on the help page nor among the hidden flags.
    flags::b("delete-local-data", None),
];

/// The flags of `kubectl drain --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] = &["--skip-wait-for-delete-timeout"];

/// What a filter decided for one pod (kubectl's `PodDeleteStatus`).
#[derive(Clone, PartialEq)]
enum Status {
    Okay,
    Skip,
    /// Not deleted, with a warning (a DaemonSet pod under `--ignore-daemonsets`).
    Kept(String),
    Warning(String),
    Error(String),
}

impl Status {
    fn deletes(&self) -> bool {
        matches!(self, Status::Okay | Status::Warning(_))
    }
}

struct Texts {
    legacy: bool,
    daemonset_fatal: &'static str,
    daemonset_warning: &'static str,
    local_fatal: &'static str,
    local_warning: &'static str,
    unmanaged_fatal: &'static str,
    unmanaged_warning: &'static str,
}

const CURRENT_TEXTS: Texts = Texts {
    legacy: false,
    daemonset_fatal: "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)",
    daemonset_warning: "ignoring DaemonSet-managed Pods",
    local_fatal: "Pods with local storage (use --delete-emptydir-data to override)",
    local_warning: "deleting Pods with local storage",
    unmanaged_fatal: "Pods that declare no controller (use --force to override)",
    unmanaged_warning: "deleting Pods that declare no controller",
};

const LEGACY_TEXTS: Texts = Texts {
    legacy: true,
    daemonset_fatal: "DaemonSet-managed pods (use --ignore-daemonsets to ignore)",
    daemonset_warning: "Ignoring DaemonSet-managed pods",
    local_fatal: "pods with local storage (use --delete-local-data to override)",
    local_warning: "Deleting pods with local storage",
    unmanaged_fatal:
        "pods not managed by ReplicationController, ReplicaSet, Job, DaemonSet or StatefulSet (use --force to override)",
    unmanaged_warning: "Deleting pods not managed by ReplicationController, ReplicaSet, Job, DaemonSet or StatefulSet",
};

struct Opts {
    force: bool,
    ignore_daemonsets: bool,
    delete_local: bool,
    pod_selector: Option<Selector>,
}

fn finished(p: &Pod) -> bool {
    p.status.phase == "Succeeded" || p.status.phase == "Failed"
}

fn has_empty_dir(p: &Pod) -> bool {
    p.spec
        .extra
        .get("volumes")
        .and_then(Value::as_array)
        .is_some_and(|vs| vs.iter().any(|v| v.get("emptyDir").is_some()))
}

/// The filters of one pod, in kubectl's order, as kubectl 1.33 keeps them: the first status
/// that does not delete ends the run, and only the last status counts. kubectl 1.11 keeps
/// every warning of the filters run; both are returned.
fn filter(c: &Console, t: &Texts, o: &Opts, p: &Pod) -> (Status, Vec<String>) {
    let mut warnings = Vec::new();
    let mut last = Status::Okay;
    let ds_group = if t.legacy { "extensions" } else { "apps" };
    let filters: [&dyn Fn() -> Status; 4] = [
        &|| {
            let Some(r) = p.metadata.controller_ref() else { return Status::Okay };
            let is_ds = r.kind == "DaemonSet" && (t.legacy || r.api_version == "apps/v1");
            if !is_ds || (!t.legacy && finished(p)) {
                return Status::Okay;
            }
            if c.cluster.get(Kind::DaemonSet, p.metadata.ns(), &r.name).is_none() {
                let err = format!("daemonsets.{ds_group} \"{}\" not found", r.name);
                return if o.force { Status::Warning(err) } else { Status::Error(err) };
            }
            if !o.ignore_daemonsets {
                return Status::Error(t.daemonset_fatal.into());
            }
            // Never deleted: the DaemonSet controller ignores cordons.
            Status::Kept(t.daemonset_warning.into())
        },
        &|| {
            if p.metadata.annotations.contains_key("kubernetes.io/config.mirror") {
                Status::Skip
            } else {
                Status::Okay
            }
        },
        &|| {
            if !has_empty_dir(p) || (!t.legacy && finished(p)) {
                Status::Okay
            } else if !o.delete_local {
                Status::Error(t.local_fatal.into())
            } else {
                Status::Warning(t.local_warning.into())
            }
        },
        &|| {
            if finished(p) || p.metadata.controller_ref().is_some() {
                Status::Okay
            } else if o.force {
                Status::Warning(t.unmanaged_warning.into())
            } else {
                Status::Error(t.unmanaged_fatal.into())
            }
        },
    ];
    for f in filters.iter() {
        last = f();
        if let Status::Warning(w) | Status::Kept(w) = &last {
            warnings.push(w.clone());
        }
        if !last.deletes() {
            break;
        }
    }
    (last, warnings)
}

/// Groups `(message, pod)` pairs by message, in order of first appearance.
fn grouped(items: Vec<(String, String)>) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for (msg, pod) in items {
        match out.iter_mut().find(|(m, _)| *m == msg) {
            Some((_, pods)) => pods.push(pod),
            None => out.push((msg, vec![pod])),
        }
    }
    out
}

/// Go's `time.Duration` text for whole seconds (`5s`, `1m30s`, `1h0m0s`).
/// The pods of `node` to delete, kubectl's warning text, and its errors.
fn pods_for_deletion(c: &Console, t: &Texts, o: &Opts, node: &str) -> (Vec<Pod>, Vec<String>, Vec<String>) {
    let mut pods: Vec<Pod> = c
        .cluster
        .pods()
        .filter(|p| p.spec.node_name.as_deref() == Some(node))
        .filter(|p| o.pod_selector.as_ref().is_none_or(|s| s.matches(&p.metadata.labels)))
        .cloned()
        .collect();
    kubelab_sim::sort::by(&mut pods, |a, b| {
        (a.metadata.ns(), &a.metadata.name).cmp(&(b.metadata.ns(), &b.metadata.name))
    });
    let shown = |p: &Pod| {
        if t.legacy {
            p.metadata.name.clone()
        } else {
            format!("{}/{}", p.metadata.ns(), p.metadata.name)
        }
    };
    let (mut delete, mut warns, mut errs) = (Vec::new(), Vec::new(), Vec::new());
    for p in pods {
        let (status, all_warnings) = filter(c, t, o, &p);
        match status {
            Status::Okay => delete.push(p),
            Status::Skip => {}
            Status::Kept(w) => {
                if t.legacy {
                    warns.extend(all_warnings.into_iter().map(|w| (w, shown(&p))));
                } else {
                    warns.push((w, shown(&p)));
                }
            }
            Status::Warning(w) => {
                if t.legacy {
                    warns.extend(all_warnings.into_iter().map(|w| (w, shown(&p))));
                } else {
                    warns.push((w, shown(&p)));
                }
                delete.push(p);
            }
            Status::Error(e) => {
                if t.legacy {
                    warns.extend(all_warnings.into_iter().map(|w| (w, shown(&p))));
                }
                errs.push((e, shown(&p)))
            }
        }
    }
    let warning =
        grouped(warns).into_iter().map(|(m, ps)| format!("{m}: {}", ps.join(", "))).collect::<Vec<_>>().join("; ");
    let errors =
        grouped(errs)
            .into_iter()
            .map(|(m, ps)| {
                if t.legacy {
                    format!("{m}: {}", ps.join(", "))
                } else {
                    format!("cannot delete {m}: {}", ps.join(", "))
                }
            })
            .collect();
    (delete, vec![warning].into_iter().filter(|w| !w.is_empty()).collect(), errors)
}

/// Go's `utilerrors.NewAggregate(...).Error()`: one error as is, several as `[a, b]`.
fn aggregate(errs: &[String]) -> String {
    match errs {
        [one] => one.clone(),
        _ => format!("[{}]", errs.join(", ")),
    }
}

pub(super) fn drain(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let t = if c.era().drain_legacy_texts { &LEGACY_TEXTS } else { &CURRENT_TEXTS };
    if !t.legacy && ctx.flags.has("delete-local-data") {
        // Removed after its deprecation (kubectl 1.20); drain's flag errors start with `Error`.
        return out.err("Error: unknown flag: --delete-local-data\nSee 'kubectl drain --help' for usage.");
    }
    let Some(nodes) = nodes(c, ctx, out) else { return };
    let pod_selector = match ctx.flags.get("pod-selector").filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match Selector::parse(s) {
            Ok(s) => Some(s),
            Err(_) => return out.err("error: --pod-selector=<pod_selector> must be a valid label selector"),
        },
    };
    let grace = match int_flag(ctx, "grace-period", "--grace-period") {
        Ok(g) => g.unwrap_or(-1),
        Err(e) => return out.err(&e),
    };
    let timeout = match ctx.flags.get("timeout") {
        None => 0,
        Some(v) => match go_duration_ms(v.trim_start_matches('-')) {
            Some(ms) if !v.starts_with('-') => ms.div_ceil(1000),
            Some(_) => 0,
            None => {
                return out.err(&format!(
                    "error: invalid argument \"{v}\" for \"--timeout\" flag: time: invalid duration \"{v}\"\nSee 'kubectl drain --help' for usage."
                ))
            }
        },
    };
    let o = Opts {
        force: ctx.flags.bool("force"),
        ignore_daemonsets: ctx.flags.bool("ignore-daemonsets"),
        delete_local: ctx.flags.bool("delete-emptydir-data") || ctx.flags.bool("delete-local-data"),
        pod_selector,
    };
    let dry = dry_run_suffix(ctx);
    cordon_nodes(c, ctx, &nodes, true, out);
    let mut remaining: Vec<String> = Vec::new();
    let mut fatal: Vec<String> = Vec::new();
    for node in &nodes {
        let name = node.metadata.name.clone();
        let (pods, warnings, errors) = pods_for_deletion(c, t, &o, &name);
        let result = if !errors.is_empty() {
            Err(Some(if t.legacy { errors.join("; ") } else { aggregate(&errors) }))
        } else {
            for w in &warnings {
                if t.legacy {
                    out.stderr.push_str(&format!("WARNING: {w}\n"));
                } else {
                    out.warnings.push_str(&format!("Warning: {w}\n"));
                }
            }
            if let Some(suffix) = dry {
                if !t.legacy {
                    for p in &pods {
                        out.out(&format!("evicting pod {}/{}{suffix}", p.metadata.ns(), p.metadata.name));
                    }
                }
                Ok(())
            } else {
                evict(c, ctx, t, &o, &name, &pods, grace, timeout, out)
            }
        };
        match result {
            Ok(()) => out.out(&format!("node/{name} drained{}", dry.unwrap_or(""))),
            Err(None) => return,
            Err(Some(e)) => {
                if t.legacy {
                    out.err(&format!("error: unable to drain node \"{name}\", aborting command...\n\n"));
                    remaining.extend(nodes.iter().map(|n| n.metadata.name.clone()).skip_while(|n| *n != name));
                    fatal.push(e);
                    break;
                }
                out.err(&format!("error: unable to drain node \"{name}\" due to error: {e}, continuing command..."));
                remaining.push(name);
                fatal.push(e);
            }
        }
    }
    if !remaining.is_empty() {
        out.err("There are pending nodes to be drained:");
        for n in &remaining {
            out.err(&format!(" {n}"));
        }
    }
    if !fatal.is_empty() {
        out.err(&format!("error: {}", aggregate(&fatal)));
    }
}

/// Evicts (or deletes) `pods` and waits until each is gone, printing `pod/x evicted` as it goes.
/// An eviction a PodDisruptionBudget refuses (429) is retried every 5 seconds, each attempt
/// announced again (`evicting pod ...`) and its refusal printed to stderr, as kubectl 1.33's
/// drain helper does; kubectl 1.11 retries silently.
#[allow(clippy::too_many_arguments)]
fn evict(
    c: &mut Console,
    ctx: &Ctx,
    t: &Texts,
    o: &Opts,
    node: &str,
    pods: &[Pod],
    grace: i64,
    timeout: u64,
    out: &mut Output,
) -> Result<(), Option<String>> {
    if pods.is_empty() {
        return Ok(());
    }
    let eviction = !ctx.flags.bool("disable-eviction");
    let opts = DeleteOptions { grace_period_seconds: (grace >= 0).then_some(grace) };
    let verb = if eviction { "evicted" } else { "deleted" };
    let limit = if timeout == 0 { crate::WAIT_LIMIT_SECS } else { timeout };
    // Pods still to evict and the second of their next attempt; pods evicted, waited for.
    let mut to_evict: Vec<(&Pod, u64)> = Vec::new();
    let mut pending: Vec<&Pod> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    if eviction {
        to_evict = pods.iter().map(|p| (p, 0)).collect();
    } else {
        for p in pods {
            // NotFound: the pod is already gone, which is what drain wants.
            let _ = c.cluster.delete(Kind::Pod, p.metadata.ns(), &p.metadata.name, opts);
        }
        pending = pods.iter().collect();
    }
    for second in 0..=limit {
        let mut retry: Vec<(&Pod, u64)> = Vec::new();
        for (p, at) in std::mem::take(&mut to_evict) {
            if at > second {
                retry.push((p, at));
                continue;
            }
            let (ns, name) = (p.metadata.ns(), p.metadata.name.as_str());
            if !t.legacy {
                out.out(&format!("evicting pod {ns}/{name}"));
            }
            match c.cluster.evict(ns, name, opts) {
                Ok(_) => pending.push(p),
                Err(EvictError::Api(ApiError::NotFound { .. })) => {}
                Err(EvictError::DisruptionBudget { message, .. }) => {
                    if !t.legacy {
                        out.err(&format!(
                            "error when evicting pods/\"{name}\" -n \"{ns}\" (will retry after 5s): {message}"
                        ));
                    }
                    retry.push((p, second + 5));
                }
                Err(e) => errors.push(format!("error when evicting pods/\"{name}\" -n \"{ns}\": {e}")),
            }
        }
        to_evict = retry;
        pending.retain(|p| {
            let gone = match c.cluster.get(Kind::Pod, p.metadata.ns(), &p.metadata.name) {
                Some(Object::Pod(now)) => now.metadata.uid != p.metadata.uid,
                _ => true,
            };
            if gone {
                out.out(&format!("pod/{} {verb}", p.metadata.name));
            }
            !gone
        });
        if pending.is_empty() && to_evict.is_empty() {
            return if errors.is_empty() { Ok(()) } else { Err(Some(aggregate(&errors))) };
        }
        if second == limit {
            break;
        }
        c.cluster.step();
    }
    if timeout == 0 {
        out.stopped = Some(format!(
            "the lab stopped waiting at its limit for a wait, {}; kubectl drain waits until Ctrl-C or --timeout",
            crate::exact_duration(kubelab_sim::SimDuration::from_secs(crate::WAIT_LIMIT_SECS))
        ));
        // As bash reports a command ended by Ctrl-C: kubectl printed nothing more.
        out.exit_code = 130;
        return Err(None);
    }
    let err = if t.legacy {
        format!("Drain did not complete within {}", crate::text::duration::go_duration_secs(timeout))
    } else if eviction {
        // Each refused pod's goroutine announces one more attempt, then sees the deadline.
        for (p, _) in &to_evict {
            out.out(&format!("evicting pod {}/{}", p.metadata.ns(), p.metadata.name));
        }
        let mut all = errors.clone();
        all.extend(to_evict.iter().map(|(p, _)| {
            format!(
                "error when evicting pods/\"{}\" -n \"{}\": global timeout reached: {}",
                p.metadata.name,
                p.metadata.ns(),
                crate::text::duration::go_duration_secs(timeout)
            )
        }));
        all.extend(pending.iter().map(|p| {
            format!(
                "error when waiting for pod \"{}\" in namespace \"{}\" to terminate: context deadline exceeded",
                p.metadata.name,
                p.metadata.ns()
            )
        }));
        aggregate(&all)
    } else {
        "context deadline exceeded".to_string()
    };
    let (still, _, _) = pods_for_deletion(c, t, o, node);
    if !still.is_empty() {
        out.err(&format!("There are pending pods in node \"{node}\" when an error occurred: {err}"));
        for p in still {
            out.err(&format!("pod/{}", p.metadata.name));
        }
    }
    Err(Some(err))
}

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;

    const BARE: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bare\nspec:\n  nodeName: node02\n  containers:\n  - name: web\n    image: nginx\n";

    #[test]
    fn drain_refuses_bare_pods_and_keeps_the_cluster() {
        let mut c = with_files(&[("bare.yaml", BARE)]);
        ok(&mut c, "kubectl apply -f bare.yaml");
        let before = state(&c);
        let out = run(&mut c, "kubectl drain node02");
        assert_eq!(out.exit_code, 1);
        assert_eq!(out.stdout, "node/node02 cordoned\n");
        assert!(
            out.stderr.starts_with("error: unable to drain node \"node02\" due to error: [cannot delete Pods that declare no controller (use --force to override): default/bare, cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/kube-proxy-"),
            "{}",
            out.stderr
        );
        assert!(
            out.stderr.contains(
                ", continuing command...\nThere are pending nodes to be drained:\n node02\nerror: [cannot delete Pods"
            ),
            "{}",
            out.stderr
        );
        assert!(state(&c) != before, "the node is cordoned even though the drain failed");
        assert!(pods(&c).iter().any(|p| p == "bare"));
    }

    #[test]
    fn drain_evicts_and_the_deployment_moves_to_the_other_node() {
        let mut c = console();
        ok(&mut c, "kubectl create deployment web --image=nginx --replicas=4");
        ok(&mut c, "kubectl rollout status deployment/web");
        let out = run(&mut c, "kubectl drain node01 --force --ignore-daemonsets");
        assert_eq!(out.exit_code, 0, "{}", out.stderr);
        assert!(out.stdout.starts_with("node/node01 cordoned\nevicting pod "), "{}", out.stdout);
        assert!(out.stdout.ends_with("node/node01 drained\n"), "{}", out.stdout);
        assert!(out.warnings.starts_with("Warning: ignoring DaemonSet-managed Pods: kube-system/kube-proxy-"));
        ok(&mut c, "kubectl rollout status deployment/web");
        let wide = ok(&mut c, "kubectl get pods -o wide -l app=web");
        assert_eq!(wide.lines().filter(|l| l.contains(" node02 ")).count(), 4, "{wide}");
    }

    #[test]
    fn a_slow_pod_times_the_drain_out() {
        let mut c = console();
        ok(&mut c, "kubectl create deployment slow --image=busybox -- sleep 3600");
        ok(&mut c, "kubectl rollout status deployment/slow");
        let node = ok(&mut c, "kubectl get pods -l app=slow -o jsonpath={.items[0].spec.nodeName}");
        let out = run(&mut c, &format!("kubectl drain {node} --force --timeout=3s --pod-selector=app=slow"));
        assert_eq!(out.exit_code, 1);
        assert!(out.stderr.contains("to terminate: context deadline exceeded"), "{}", out.stderr);
        assert!(out.stderr.contains(&format!("There are pending pods in node \"{node}\" when an error occurred:")));
        assert_eq!(out.lab_note().as_deref(), Some("3s passed"));
    }

    #[test]
    fn the_course_drain_speaks_kubectl_1_11() {
        // kube-proxy's pods belong to its DaemonSet: kubectl 1.11 names them without a namespace.
        let mut c = with_files_course(&[("bare.yaml", BARE)]);
        ok(&mut c, "kubectl apply -f bare.yaml");
        let out = run(&mut c, "kubectl drain node02");
        assert!(out.stderr.starts_with("error: unable to drain node \"node02\", aborting command...\n\nThere are pending nodes to be drained:\n node02\nerror: "), "{}", out.stderr);
        assert!(
            out.stderr.contains("DaemonSet-managed pods (use --ignore-daemonsets to ignore): kube-proxy-"),
            "{}",
            out.stderr
        );
        let done = run(&mut c, "kubectl drain node02 --force --delete-local-data --ignore-daemonsets");
        assert_eq!(done.exit_code, 0, "{}", done.stderr);
        assert!(done.stderr.starts_with("WARNING: Deleting pods not managed by"), "{}", done.stderr);
        assert!(!done.stdout.contains("evicting"), "{}", done.stdout);
    }
}
