use super::*;

/// The flags of `kubectl rollout history --help` the lab does not model.
pub(super) const HISTORY_NOT_MODELLED: &[&str] = &[
    "--allow-missing-template-keys",
    "-k",
    "--kustomize",
    "-R",
    "--recursive",
    "-l",
    "--selector",
    "--show-managed-fields",
    "--template",
];

/// The flags of `kubectl rollout pause|resume|restart --help` the lab does not model.
pub(super) const PAUSE_NOT_MODELLED: &[&str] = &[
    "--allow-missing-template-keys",
    "--field-manager",
    "-k",
    "--kustomize",
    "-o",
    "--output",
    "-R",
    "--recursive",
    "-l",
    "--selector",
    "--show-managed-fields",
    "--template",
];

/// The flags of `kubectl rollout status --help` the lab does not model.
pub(super) const STATUS_NOT_MODELLED: &[&str] = &["-k", "--kustomize", "-R", "--recursive", "-l", "--selector"];

/// The flags of `kubectl rollout undo --help` the lab does not model.
pub(super) const UNDO_NOT_MODELLED: &[&str] = &[
    "--allow-missing-template-keys",
    "-k",
    "--kustomize",
    "-o",
    "--output",
    "-R",
    "--recursive",
    "-l",
    "--selector",
    "--show-managed-fields",
    "--template",
];

/// The flags of [rollout, status], besides the global ones.
pub(super) const STATUS_FLAGS: &[FlagDef] = &[
    flags::b("watch", Some('w')),
    flags::v("timeout", None),
    flags::v("revision", None),
    flags::v("filename", Some('f')),
];

/// The flags of [rollout, history], besides the global ones.
pub(super) const HISTORY_FLAGS: &[FlagDef] =
    &[flags::v("revision", None), flags::v("output", Some('o')), flags::v("filename", Some('f'))];

/// The flags of [rollout, undo], besides the global ones.
pub(super) const UNDO_FLAGS: &[FlagDef] =
    &[flags::v("to-revision", None), flags::DRY_RUN, flags::v("filename", Some('f'))];

/// The flags of [rollout, _], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[flags::v("filename", Some('f'))];

/// `rollout status`'s wait, for every kind with a status viewer: prints each new status line
/// and steps the clock a second at a time until `status` says done, `--timeout` passes (kubectl
/// waits until Ctrl-C without it, or with 0: the lab stops at its stated limit for a wait and
/// says so, instead of moving the clock on unseen) or, with `--watch=false`, at once. `status`
/// reads the object: None when it is gone (then `gone` is the error), `Err` a failed rollout.
pub(super) fn watch_status(
    c: &mut Console,
    ctx: &Ctx,
    out: &mut Output,
    gone: &str,
    mut status: impl FnMut(&Console) -> Option<Result<(String, bool), String>>,
) {
    let timeout = ctx.flags.get("timeout").and_then(parse_duration_secs).unwrap_or(0);
    let limit = if timeout == 0 { crate::WAIT_LIMIT_SECS } else { timeout };
    let watch = ctx.flags.get("watch") != Some("false");
    let mut last = String::new();
    // Idle seconds are skipped (`Cluster::advance`): the status cannot change in them.
    let end = c.cluster.now() + kubelab_sim::SimDuration::from_secs(limit);
    loop {
        let (msg, done) = match status(c) {
            None => return out.err(gone),
            Some(Err(e)) => return out.err(&format!("error: {e}")),
            Some(Ok(s)) => s,
        };
        if msg != last {
            out.out(&msg);
            last = msg;
        }
        if done || !watch {
            return;
        }
        if c.cluster.now() >= end {
            break;
        }
        c.cluster.advance(end);
    }
    if timeout == 0 {
        out.stopped = Some(format!(
            "the lab stopped waiting at its limit for a wait, {}; kubectl waits until Ctrl-C or --timeout",
            crate::exact_duration(kubelab_sim::SimDuration::from_secs(crate::WAIT_LIMIT_SECS))
        ));
        // As bash reports a command ended by Ctrl-C.
        out.exit_code = 130;
        return;
    }
    out.err("error: timed out waiting for the condition");
}

pub(super) fn rollout_message(d: &Deployment, era: &Era) -> (String, bool, bool) {
    let name = &d.metadata.name;
    let prefix = era.rollout_waiting(name);
    if d.metadata.generation > d.status.observed_generation {
        return ("Waiting for deployment spec update to be observed...".into(), false, false);
    }
    if d.condition("Progressing").is_some_and(|c| c.reason == "ProgressDeadlineExceeded") {
        return (format!("deployment \"{name}\" exceeded its progress deadline"), true, true);
    }
    let spec = d.replicas();
    let s = &d.status;
    if s.updated_replicas < spec {
        return (
            format!("{prefix}: {} out of {spec} new replicas have been updated...", s.updated_replicas),
            false,
            false,
        );
    }
    if s.replicas > s.updated_replicas {
        return (
            format!("{prefix}: {} old replicas are pending termination...", s.replicas - s.updated_replicas),
            false,
            false,
        );
    }
    if s.available_replicas < s.updated_replicas {
        return (
            format!("{prefix}: {} of {} updated replicas are available...", s.available_replicas, s.updated_replicas),
            false,
            false,
        );
    }
    (format!("deployment \"{name}\" successfully rolled out"), true, false)
}

pub(super) fn rollout(c: &mut Console, ctx: &Ctx, sub: &str, out: &mut Output) {
    // pflag's duration flag fails while the flags are parsed, before anything else.
    if let Some(t) = ctx.flags.get("timeout").filter(|t| parse_duration_secs(t).is_none()) {
        return out.err(&format!(
            "error: invalid argument \"{t}\" for \"--timeout\" flag: time: invalid duration \"{t}\"\nSee 'kubectl rollout {sub} --help' for usage."
        ));
    }
    if ctx.pos.is_empty() {
        // kubectl's rollout subcommands say only this (no "See ... -h" line).
        return out.err("error: required resource not specified");
    }
    let Some((r, kind, name)) = one_target(c, ctx, out, &format!("rollout {sub}")) else {
        return;
    };
    let ns = namespace(ctx);
    if matches!(kind, Kind::DaemonSet | Kind::StatefulSet) {
        return super::rollout_sets::rollout(c, ctx, sub, &r, kind, &name, out);
    }
    if kind != Kind::Deployment {
        return out.err(&format!(
            "error: no {} found for {}/{}",
            if sub == "history" { "history viewer" } else { "status viewer" },
            r.info.singular,
            name
        ));
    }
    let Some(d) = c.cluster.get(kind, &ns, &name).and_then(Object::as_deployment).cloned() else {
        return out.err(&api_error(c, &ApiError::NotFound { kind, name }, Some(r.group)));
    };
    let display = format!("{}/{}", qualified(kind, r.group), name);
    match sub {
        "status" => {
            let gone = api_error(c, &ApiError::NotFound { kind, name: name.clone() }, Some(r.group));
            watch_status(c, ctx, out, &gone, |c| {
                let d = c.cluster.get(kind, &ns, &name).and_then(Object::as_deployment)?;
                let (msg, done, failed) = rollout_message(d, c.era());
                Some(if failed { Err(msg) } else { Ok((msg, done)) })
            });
        }
        "history" => {
            let rss: Vec<ReplicaSet> = c
                .cluster
                .list(Kind::ReplicaSet, Some(&ns))
                .into_iter()
                .filter_map(Object::as_replica_set)
                .filter(|rs| rs.metadata.controller_ref().is_some_and(|o| o.uid == d.metadata.uid))
                .cloned()
                .collect();
            let mut revs: Vec<(i64, &ReplicaSet)> = rss.iter().filter_map(|r| r.revision().map(|v| (v, r))).collect();
            kubelab_sim::sort::by_key(&mut revs, |(v, _)| *v);
            if let Some(rev) = ctx.flags.get("revision") {
                let rev: i64 = rev.parse().unwrap_or(-1);
                let Some((_, rs)) = revs.iter().find(|(v, _)| *v == rev) else {
                    return out.err("error: unable to find the specified revision");
                };
                let mut text = format!("{display} with revision #{rev}\n");
                let mut t = rs.spec.template.clone();
                if let Some(cause) = rs.metadata.annotations.get(CHANGE_CAUSE_ANNOTATION) {
                    t.metadata.annotations.insert(CHANGE_CAUSE_ANNOTATION.into(), cause.clone());
                }
                text.push_str("Pod Template:\n");
                let desc = crate::describe::describe(
                    &c.cluster,
                    &Object::Deployment(Deployment {
                        spec: Box::new(DeploymentSpec { template: t, ..Default::default() }),
                        ..Default::default()
                    }),
                    c.era(),
                );
                // Reuse the describer's pod-template block.
                let block: Vec<&str> = desc
                    .lines()
                    .skip_while(|l| !l.starts_with("Pod Template:"))
                    .skip(1)
                    .take_while(|l| l.starts_with(' '))
                    .collect();
                text.push_str(&block.join("\n"));
                text.push_str("\n\n");
                out.stdout.push_str(&text);
                return;
            }
            if revs.is_empty() {
                return out.out("No rollout history found.");
            }
            let header = format!("{display} ");
            let mut w = crate::text::TabWriter::new(0, 8, 2);
            w.write_str("REVISION\tCHANGE-CAUSE\n");
            for (v, rs) in &revs {
                let cause =
                    rs.metadata.annotations.get(CHANGE_CAUSE_ANNOTATION).cloned().unwrap_or_else(|| "<none>".into());
                w.write_str(&format!("{v}\t{cause}\n"));
            }
            out.stdout.push_str(&format!("{header}\n{}\n", w.flush()));
        }
        "undo" => {
            let to = ctx.flags.get("to-revision").map(|r| r.parse::<i64>().unwrap_or(-1)).unwrap_or(0);
            if to < 0 {
                return out.err(&format!("error: unable to find specified revision {to} in history"));
            }
            match c.cluster.rollback(&ns, &name, to) {
                Ok(kubelab_sim::RollbackOutcome::RolledBack { .. }) => {
                    if c.era().rollout_undo_says_rolled_back {
                        out.out(&format!("{display} rolled back"));
                    } else {
                        out.out(&display);
                    }
                }
                Ok(kubelab_sim::RollbackOutcome::Skipped { revision }) => out
                    .out(&format!("{display} skipped rollback (current template already matches revision {revision})")),
                Err(e) => out.err(&format!("error: {e}")),
            }
        }
        "pause" | "resume" => {
            let pause = sub == "pause";
            if d.is_paused() == pause {
                if pause {
                    return out.out(&format!("{display} already paused"));
                }
                return out.err(&format!("error: {display} is not paused"));
            }
            let mut d2 = d.clone();
            d2.spec.paused = if pause { Some(true) } else { None };
            match c.cluster.update(Object::Deployment(d2)) {
                Ok(_) => out.out(&format!("{display} {}", if pause { "paused" } else { "resumed" })),
                Err(e) => out.err(&api_error(c, &e, Some(r.group))),
            }
        }
        "restart" => {
            let mut d2 = d.clone();
            let stamp = rfc3339(c.cluster.unix_secs(c.cluster.now()));
            d2.spec.template.metadata.annotations.insert("kubectl.kubernetes.io/restartedAt".into(), stamp);
            match c.cluster.update(Object::Deployment(d2)) {
                Ok(_) => out.out(&format!("{display} restarted")),
                Err(e) => out.err(&api_error(c, &e, Some(r.group))),
            }
        }
        other => out.err(&format!("error: unknown command \"{other}\" for \"kubectl rollout\"")),
    }
}

pub(super) fn parse_duration_secs(s: &str) -> Option<u64> {
    let (num, mult) = if let Some(n) = s.strip_suffix("ms") {
        (n, 0)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60)
    } else if let Some(n) = s.strip_suffix('h') {
        (n, 3600)
    } else {
        (s, 1)
    };
    num.parse::<u64>().ok().map(|n| n.saturating_mul(mult).min(86_400))
}

/// `kubectl rollout SUBCOMMAND`: the subcommand is the path's last word.
pub(super) fn subcommand(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let sub = ctx.path.last().copied().unwrap_or_default();
    rollout(c, ctx, sub, out)
}

#[cfg(test)]
mod tests {
    use super::parse_duration_secs;
    use crate::commands::testing::*;
    use kubelab_sim::api::{Kind, Object};

    fn image(c: &crate::Console) -> String {
        match object(c, Kind::Deployment, "web") {
            Some(Object::Deployment(d)) => d.spec.template.spec.containers[0].image.clone(),
            _ => String::new(),
        }
    }

    #[test]
    fn alone_it_prints_its_help_and_fails() {
        let mut c = with_web();
        let out = run(&mut c, "kubectl rollout");
        assert_eq!(out.exit_code, 1);
        assert!(out.stdout.starts_with("Manage the rollout of one or many resources."), "{}", out.stdout);
        assert_eq!(
            fails(&mut c, "kubectl rollout foo"),
            "error: unknown command \"foo\"\nSee 'kubectl rollout -h' for help and examples\n"
        );
    }

    #[test]
    fn a_deployment_is_required() {
        let mut c = with_web();
        assert_eq!(fails(&mut c, "kubectl rollout status"), "error: required resource not specified\n");
        // Every rollout subcommand says only that (kubectl 1.33).
        for sub in ["history", "pause", "restart", "resume", "undo"] {
            assert_eq!(fails(&mut c, &format!("kubectl rollout {sub}")), "error: required resource not specified\n");
        }
        assert_eq!(
            fails(&mut c, "kubectl rollout status svc/kubernetes"),
            "error: no status viewer found for service/kubernetes\n"
        );
        assert_eq!(fails(&mut c, "kubectl rollout history pod/x"), "error: no history viewer found for pod/x\n");
        assert_eq!(
            fails(&mut c, "kubectl rollout undo deploy/nope"),
            "Error from server (NotFound): deployments.apps \"nope\" not found\n"
        );
    }

    #[test]
    fn status_waits_until_the_rollout_is_done() {
        let mut c = with_web();
        ok(&mut c, "kubectl set image deploy/web nginx=nginx:1.25");
        assert_eq!(
            ok(&mut c, "kubectl rollout status deploy/web --watch=false"),
            "Waiting for deployment \"web\" rollout to finish: 1 out of 2 new replicas have been updated...\n"
        );
        let out = ok(&mut c, "kubectl rollout status deploy/web");
        assert!(out.ends_with("deployment \"web\" successfully rolled out\n"), "{out}");
        assert_eq!(ok(&mut c, "kubectl rollout status deploy/web"), "deployment \"web\" successfully rolled out\n");
    }

    #[test]
    fn history_lists_revisions_and_refuses_unknown_ones() {
        let mut c = with_web();
        ok(&mut c, "kubectl set image deploy/web nginx=nginx:1.25 --record");
        assert_eq!(
            ok(&mut c, "kubectl rollout history deploy/web"),
            "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         kubectl set image deploy/web nginx=nginx:1.25 --record=true\n\n"
        );
        let rev = ok(&mut c, "kubectl rollout history deploy/web --revision=2");
        assert!(rev.starts_with("deployment.apps/web with revision #2\nPod Template:\n"), "{rev}");
        assert!(rev.contains("nginx:1.25"), "{rev}");
        assert_eq!(
            fails(&mut c, "kubectl rollout history deploy/web --revision=7"),
            "error: unable to find the specified revision\n"
        );
    }

    #[test]
    fn undo_goes_back_one_revision_or_refuses() {
        let mut c = with_web();
        assert_eq!(
            fails(&mut c, "kubectl rollout undo deploy/web"),
            "error: no rollout history found for deployment \"web\"\n"
        );
        ok(&mut c, "kubectl set image deploy/web nginx=nginx:1.25");
        assert_eq!(
            fails(&mut c, "kubectl rollout undo deploy/web --to-revision=-2"),
            "error: unable to find specified revision -2 in history\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl rollout undo deploy/web --to-revision=9"),
            "error: unable to find specified revision 9 in history\n"
        );
        assert_eq!(ok(&mut c, "kubectl rollout undo deploy/web"), "deployment.apps/web rolled back\n");
        assert_eq!(image(&c), "nginx");
    }

    #[test]
    fn pause_and_resume_toggle_the_deployment() {
        let mut c = with_web();
        assert_eq!(fails(&mut c, "kubectl rollout resume deploy/web"), "error: deployment.apps/web is not paused\n");
        assert_eq!(ok(&mut c, "kubectl rollout pause deploy/web"), "deployment.apps/web paused\n");
        assert_eq!(ok(&mut c, "kubectl rollout pause deploy/web"), "deployment.apps/web already paused\n");
        // A paused deployment does not roll out a new template.
        ok(&mut c, "kubectl set image deploy/web nginx=nginx:1.25");
        ok(&mut c, "sleep 30");
        let history = ok(&mut c, "kubectl rollout history deploy/web");
        assert!(!history.contains("\n2 "), "{history}");
        assert_eq!(ok(&mut c, "kubectl rollout resume deploy/web"), "deployment.apps/web resumed\n");
        ok(&mut c, "sleep 30");
        assert!(ok(&mut c, "kubectl rollout history deploy/web").contains("\n2 "));
    }

    #[test]
    fn restart_stamps_the_template_and_makes_a_revision() {
        let mut c = with_web();
        assert_eq!(ok(&mut c, "kubectl rollout restart deploy/web"), "deployment.apps/web restarted\n");
        let Some(Object::Deployment(d)) = object(&c, Kind::Deployment, "web") else { panic!("no deployment web") };
        assert!(d.spec.template.metadata.annotations.contains_key("kubectl.kubernetes.io/restartedAt"));
        ok(&mut c, "sleep 60");
        assert!(ok(&mut c, "kubectl rollout history deploy/web").contains("\n2 "));
    }

    #[test]
    fn durations_parse_as_kubectl_timeouts() {
        assert_eq!(parse_duration_secs("2s"), Some(2));
        assert_eq!(parse_duration_secs("3m"), Some(180));
        assert_eq!(parse_duration_secs("1h"), Some(3600));
        assert_eq!(parse_duration_secs("500ms"), Some(0));
        assert_eq!(parse_duration_secs("90"), Some(90));
        assert_eq!(parse_duration_secs("9999h"), Some(86_400));
        assert_eq!(parse_duration_secs("soon"), None);
    }

    #[test]
    fn a_paused_rollout_stops_waiting_at_the_stated_limit() {
        let mut c = with_web();
        ok(&mut c, "kubectl rollout pause deployment/web");
        ok(&mut c, "kubectl set image deployment/web nginx=nginx:1.26");
        let start = c.cluster.now();
        let out = run(&mut c, "kubectl rollout status deployment/web");
        // Ten simulated minutes, not an hour, and said so beside kubectl's output.
        assert_eq!(c.cluster.now().since(start).as_secs(), crate::WAIT_LIMIT_SECS);
        assert_eq!((out.exit_code, out.stderr.as_str()), (130, ""));
        assert_eq!(
            out.lab_note().as_deref(),
            Some("10m passed: the lab stopped waiting at its limit for a wait, 10m; kubectl waits until Ctrl-C or --timeout")
        );
        // With --timeout, kubectl's own error after exactly that long.
        let start = c.cluster.now();
        let out = run(&mut c, "kubectl rollout status deployment/web --timeout=45s");
        assert_eq!(c.cluster.now().since(start).as_secs(), 45);
        assert_eq!(out.stderr, "error: timed out waiting for the condition\n");
        assert_eq!((out.stopped.as_deref(), out.lab_note().as_deref()), (None, Some("45s passed")));
    }

    #[test]
    fn a_finished_rollout_lets_no_time_pass() {
        let mut c = with_web();
        let out = run(&mut c, "kubectl rollout status deployment/web");
        assert_eq!(out.stdout, "deployment \"web\" successfully rolled out\n");
        assert_eq!((out.elapsed, out.lab_note()), (None, None));
    }
}
