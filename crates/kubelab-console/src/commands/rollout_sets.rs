//! `kubectl rollout` for DaemonSets and StatefulSets: `status` with kubectl's status viewers'
//! messages (`Waiting for daemon set "x" rollout to finish: 1 of 3 updated pods are
//! available...`, `partitioned roll out complete: 3 new pods have been updated...`), `restart`
//! (the `restartedAt` template annotation), `history` and `undo` over the revisions the
//! controllers keep (`Cluster::controller_revisions`, what ControllerRevisions hold),
//! `pause`/`resume` refused as kubectl refuses them.

use super::*;

/// kubectl's `DaemonSetStatusViewer`: (message, done); `Err` for an OnDelete DaemonSet.
pub(super) fn daemon_set_status(ds: &DaemonSet, era: &Era) -> Result<(String, bool), String> {
    if ds.spec.update_strategy.type_.as_deref() != Some("RollingUpdate") {
        return Err(era.rollout_status_daemonset_not_rolling.to_string());
    }
    let name = &ds.metadata.name;
    if ds.metadata.generation > ds.status.observed_generation {
        return Ok(("Waiting for daemon set spec update to be observed...".into(), false));
    }
    let prefix = if era.rollout_status_names_deployment {
        format!("Waiting for daemon set \"{name}\" rollout to finish")
    } else {
        "Waiting for rollout to finish".to_string()
    };
    let s = &ds.status;
    if s.updated_number_scheduled < s.desired_number_scheduled {
        return Ok((
            format!(
                "{prefix}: {} out of {} new pods have been updated...",
                s.updated_number_scheduled, s.desired_number_scheduled
            ),
            false,
        ));
    }
    if s.number_available < s.desired_number_scheduled {
        return Ok((
            format!("{prefix}: {} of {} updated pods are available...", s.number_available, s.desired_number_scheduled),
            false,
        ));
    }
    Ok((format!("daemon set \"{name}\" successfully rolled out"), true))
}

/// kubectl's `StatefulSetStatusViewer`: (message, done); `Err` for an OnDelete StatefulSet.
pub(super) fn stateful_set_status(s: &StatefulSet, era: &Era) -> Result<(String, bool), String> {
    if s.spec.update_strategy.type_.as_deref() != Some("RollingUpdate") {
        return Err(era.rollout_status_statefulset_not_rolling.to_string());
    }
    if s.status.observed_generation == 0 || s.metadata.generation > s.status.observed_generation {
        return Ok(("Waiting for statefulset spec update to be observed...".into(), false));
    }
    let replicas = s.replicas();
    let st = &s.status;
    if st.ready_replicas < replicas {
        return Ok((format!("Waiting for {} pods to be ready...", replicas - st.ready_replicas), false));
    }
    if let Some(ru) = &s.spec.update_strategy.rolling_update {
        if let Some(partition) = ru.partition {
            if st.updated_replicas < replicas - partition {
                return Ok((
                    format!(
                        "Waiting for partitioned roll out to finish: {} out of {} new pods have been updated...",
                        st.updated_replicas,
                        replicas - partition
                    ),
                    false,
                ));
            }
        }
        return Ok((
            format!("partitioned roll out complete: {} new pods have been updated...", st.updated_replicas),
            true,
        ));
    }
    if st.update_revision != st.current_revision {
        return Ok((
            format!(
                "waiting for statefulset rolling update to complete {} pods at revision {}...",
                st.updated_replicas, st.update_revision
            ),
            false,
        ));
    }
    Ok((
        format!(
            "statefulset rolling update complete {} pods at revision {}...",
            st.current_replicas, st.current_revision
        ),
        true,
    ))
}

fn status_of(c: &Console, kind: Kind, ns: &str, name: &str) -> Option<Result<(String, bool), String>> {
    match c.cluster.get(kind, ns, name)? {
        Object::DaemonSet(ds) => Some(daemon_set_status(ds, c.era())),
        Object::StatefulSet(s) => Some(stateful_set_status(s, c.era())),
        _ => None,
    }
}

/// `rollout SUB` of a DaemonSet or StatefulSet that exists.
pub(super) fn rollout(
    c: &mut Console,
    ctx: &Ctx,
    sub: &str,
    r: &ResourceRef,
    kind: Kind,
    name: &str,
    out: &mut Output,
) {
    let ns = namespace(ctx);
    let Some(obj) = c.cluster.get(kind, &ns, name).cloned() else {
        return out.err(&api_error(c, &ApiError::NotFound { kind, name: name.to_string() }, Some(r.group)));
    };
    let display = format!("{}/{}", qualified(kind, r.group), name);
    match sub {
        "status" => {
            let gone = api_error(c, &ApiError::NotFound { kind, name: name.to_string() }, Some(r.group));
            super::rollout::watch_status(c, ctx, out, &gone, |c| status_of(c, kind, &ns, name));
        }
        "restart" => {
            let mut obj = obj;
            let stamp = rfc3339(c.cluster.unix_secs(c.cluster.now()));
            let template = match &mut obj {
                Object::DaemonSet(d) => &mut d.spec.template,
                Object::StatefulSet(s) => &mut s.spec.template,
                _ => return,
            };
            template.metadata.annotations.insert("kubectl.kubernetes.io/restartedAt".into(), stamp);
            match c.cluster.update(obj) {
                Ok(_) => out.out(&format!("{display} restarted")),
                Err(e) => out.err(&api_error(c, &e, Some(r.group))),
            }
        }
        "pause" | "resume" => {
            let what = if sub == "pause" { "pausing" } else { "resuming" };
            out.err(&format!("error: {} \"{name}\" {what} is not supported", r.plural_qualified()));
        }
        "history" => history(c, ctx, kind, &ns, name, &display, out),
        "undo" => undo(c, ctx, r, kind, obj, &display, out),
        other => out.err(&format!("error: unknown command \"{other}\" for \"kubectl rollout\"")),
    }
}

/// `rollout history`: the revisions (`REVISION  CHANGE-CAUSE`), or one revision's pod
/// template with `--revision`.
fn history(c: &Console, ctx: &Ctx, kind: Kind, ns: &str, name: &str, display: &str, out: &mut Output) {
    let revs = c.cluster.controller_revisions(kind, ns, name);
    if let Some(rev) = ctx.flags.get("revision") {
        let rev: i64 = rev.parse().unwrap_or(-1);
        let Some(found) = revs.iter().find(|r| r.revision == rev) else {
            return out.err("error: unable to find the specified revision");
        };
        let desc = crate::describe::describe(
            &c.cluster,
            &Object::Deployment(Deployment {
                spec: Box::new(DeploymentSpec { template: found.template.clone(), ..Default::default() }),
                ..Default::default()
            }),
            c.era(),
        );
        let block: Vec<&str> = desc
            .lines()
            .skip_while(|l| !l.starts_with("Pod Template:"))
            .skip(1)
            .take_while(|l| l.starts_with(' '))
            .collect();
        out.stdout.push_str(&format!("{display} with revision #{rev}\nPod Template:\n{}\n\n", block.join("\n")));
        return;
    }
    if revs.is_empty() {
        return out.out("No rollout history found.");
    }
    let mut w = crate::text::TabWriter::new(0, 8, 2);
    w.write_str("REVISION\tCHANGE-CAUSE\n");
    for r in &revs {
        w.write_str(&format!("{}\t{}\n", r.revision, r.change_cause.as_deref().unwrap_or("<none>")));
    }
    out.stdout.push_str(&format!("{display} \n{}\n", w.flush()));
}

/// `rollout undo` as kubectl's DaemonSet and StatefulSet rollbackers do it: the previous
/// revision (or `--to-revision`), skipped when the template already matches.
fn undo(c: &mut Console, ctx: &Ctx, r: &ResourceRef, kind: Kind, obj: Object, display: &str, out: &mut Output) {
    let m = obj.meta();
    let mut revs = c.cluster.controller_revisions(kind, m.ns(), &m.name);
    kubelab_sim::sort::by_key(&mut revs, |r| r.revision);
    let to = ctx.flags.get("to-revision").map(|r| r.parse::<i64>().unwrap_or(-1)).unwrap_or(0);
    if to < 0 {
        return out.err(&format!("error: unable to find specified revision {to} in history"));
    }
    if to == 0 && revs.len() <= 1 {
        return out.err("error: no last revision to roll back to");
    }
    let target = if to == 0 { revs.iter().rev().nth(1) } else { revs.iter().find(|r| r.revision == to) };
    let Some(target) = target.cloned() else {
        return out.err(&format!("error: unable to find specified revision {to} in history"));
    };
    let mut obj = obj;
    let template = match &mut obj {
        Object::DaemonSet(d) => &mut d.spec.template,
        Object::StatefulSet(s) => &mut s.spec.template,
        _ => return,
    };
    if *template == target.template {
        return out.out(&format!(
            "{display} skipped rollback (current template already matches revision {})",
            target.revision
        ));
    }
    *template = target.template;
    match c.cluster.update(obj) {
        Ok(_) if c.era().rollout_undo_says_rolled_back => out.out(&format!("{display} rolled back")),
        Ok(_) => out.out(display),
        Err(e) => out.err(&api_error(c, &e, Some(r.group))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Profile;

    fn sts(replicas: i64, ready: i64, updated: i64, partition: Option<i64>) -> StatefulSet {
        let mut s = StatefulSet::default();
        s.metadata.name = "web".into();
        s.metadata.generation = 1;
        s.spec.replicas = Some(replicas);
        s.spec.update_strategy.type_ = Some("RollingUpdate".into());
        s.spec.update_strategy.rolling_update =
            partition.map(|p| RollingUpdateStatefulSet { partition: Some(p), max_unavailable: None });
        s.status.observed_generation = 1;
        s.status.ready_replicas = ready;
        s.status.updated_replicas = updated;
        s
    }

    /// kubectl's StatefulSetStatusViewer, case by case.
    #[test]
    fn statefulset_status_messages() {
        let era = Profile::Current.era();
        let msg = |s: &StatefulSet| stateful_set_status(s, era).map(|(m, _)| m);
        assert_eq!(msg(&sts(3, 1, 1, Some(0))).unwrap(), "Waiting for 2 pods to be ready...");
        assert_eq!(
            msg(&sts(3, 3, 1, Some(0))).unwrap(),
            "Waiting for partitioned roll out to finish: 1 out of 3 new pods have been updated..."
        );
        assert_eq!(
            msg(&sts(3, 3, 1, Some(2))).unwrap(),
            "partitioned roll out complete: 1 new pods have been updated..."
        );
        let mut s = sts(3, 3, 3, None);
        s.status.current_revision = "web-a".into();
        s.status.update_revision = "web-b".into();
        assert_eq!(msg(&s).unwrap(), "waiting for statefulset rolling update to complete 3 pods at revision web-b...");
        s.metadata.generation = 2;
        assert_eq!(msg(&s).unwrap(), "Waiting for statefulset spec update to be observed...");
        s.spec.update_strategy.type_ = Some("OnDelete".into());
        assert_eq!(msg(&s).unwrap_err(), "rollout status is only available for RollingUpdate strategy type");
        assert_eq!(
            stateful_set_status(&s, Profile::Course.era()).unwrap_err(),
            "OnDelete updateStrategy does not have a Status`"
        );
    }

    #[test]
    fn daemonset_status_messages() {
        let era = Profile::Current.era();
        let mut ds = DaemonSet::default();
        ds.metadata.name = "agent".into();
        ds.metadata.generation = 2;
        ds.spec.update_strategy.type_ = Some("RollingUpdate".into());
        ds.status = DaemonSetStatus {
            observed_generation: 2,
            desired_number_scheduled: 3,
            updated_number_scheduled: 3,
            number_available: 1,
            ..Default::default()
        };
        assert_eq!(
            daemon_set_status(&ds, era).unwrap().0,
            "Waiting for daemon set \"agent\" rollout to finish: 1 of 3 updated pods are available..."
        );
        ds.status.updated_number_scheduled = 2;
        assert_eq!(
            daemon_set_status(&ds, Profile::Course.era()).unwrap().0,
            "Waiting for rollout to finish: 2 out of 3 new pods have been updated..."
        );
        ds.status.updated_number_scheduled = 3;
        ds.status.number_available = 3;
        assert_eq!(daemon_set_status(&ds, era).unwrap(), ("daemon set \"agent\" successfully rolled out".into(), true));
    }
}
