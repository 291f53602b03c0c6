use super::*;

/// The flags of `kubectl logs --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] = &[
    "--all-pods",
    "--ignore-errors",
    "--insecure-skip-tls-verify-backend",
    "--max-log-requests",
    "--pod-running-timeout",
];

/// The flags of [logs], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::v("container", Some('c')),
    flags::b("follow", Some('f')),
    flags::b("previous", Some('p')),
    flags::v("tail", None),
    flags::b("timestamps", None),
    flags::b("all-containers", None),
    flags::v("since", None),
    flags::v("since-time", None),
    flags::v("selector", Some('l')),
    flags::b("prefix", None),
    flags::v("limit-bytes", None),
];

pub(super) fn logs(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some(first) = ctx.pos.first() else {
        return out.err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples");
    };
    let pod_name = pod_arg(first);
    let ns = namespace(ctx);
    let pod = match c.cluster.get(Kind::Pod, &ns, &pod_name) {
        Some(Object::Pod(p)) => p.clone(),
        _ => return out.err(&format!("Error from server (NotFound): pods \"{pod_name}\" not found")),
    };
    let names: Vec<String> = pod.spec.containers.iter().map(|x| x.name.clone()).collect();
    let container = match ctx.flags.get("container").or_else(|| ctx.pos.get(1).map(String::as_str)) {
        Some(n) => {
            if !names.iter().any(|x| x == n) {
                return out
                    .err(&format!("Error from server (BadRequest): container {n} is not valid for pod {pod_name}"));
            }
            n.to_string()
        }
        None => {
            if names.len() > 1 {
                if !c.era().logs_defaults_container {
                    return out.err(&format!(
                        "Error from server (BadRequest): a container name must be specified for pod {pod_name}, choose one of: [{}]",
                        names.join(" ")
                    ));
                }
                out.stderr.push_str(&format!("Defaulted container \"{}\" out of: {}\n", names[0], names.join(", ")));
            }
            names.first().cloned().unwrap_or_default()
        }
    };
    let status = pod.status.container_statuses.iter().find(|s| s.name == container);
    if let Some(w) = status
        .and_then(|s| s.state.waiting.as_ref())
        .filter(|_| status.is_some_and(|s| s.restart_count == 0 && s.container_id.is_none()))
    {
        return out.err(&format!(
            "Error from server (BadRequest): container \"{container}\" in pod \"{pod_name}\" is waiting to start: {}",
            w.reason
        ));
    }
    if status.is_none() {
        return out.err(&format!(
            "Error from server (BadRequest): container \"{container}\" in pod \"{pod_name}\" is waiting to start: ContainerCreating"
        ));
    }
    if ctx.flags.bool("previous") {
        // The simulated kubelet keeps the current run's log only; a restarted container's
        // previous run printed nothing we keep.
        if status.is_none_or(|s| s.restart_count == 0) {
            return out.err(&format!(
                "Error from server (BadRequest): previous terminated container \"{container}\" in pod \"{pod_name}\" not found"
            ));
        }
        return;
    }
    let full = crate::shell::container_log(&c.cluster, &pod, &container, c.era());
    let text = match ctx.flags.get("tail").and_then(|t| t.parse::<i64>().ok()).filter(|t| *t >= 0) {
        Some(n) => last_lines(&full, n as u64),
        None => full.clone(),
    };
    out.stdout.push_str(&text);
    if ctx.flags.bool("follow") {
        follow_log(c, &ns, &pod_name, &container, full, out);
    }
}

/// The last `n` lines of `text`.
pub(super) fn last_lines(text: &str, n: u64) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let skip = lines.len().saturating_sub(n.min(usize::MAX as u64) as usize);
    lines[skip..].iter().map(|l| format!("{l}\n")).collect()
}

/// `logs -f`: prints what the container writes as simulated time passes, for at most a
/// simulated minute, stopping after 20 quiet seconds or when the pod is gone (a real `-f` runs
/// until Ctrl-C or the container ends).
pub(super) fn follow_log(
    c: &mut Console,
    ns: &str,
    pod_name: &str,
    container: &str,
    mut shown: String,
    out: &mut Output,
) {
    let written = |c: &Console| -> Option<(u64, String)> {
        let Some(Object::Pod(p)) = c.cluster.get(Kind::Pod, ns, pod_name) else { return None };
        let running = p.status.container_statuses.iter().any(|s| s.name == container && s.state.running.is_some());
        running.then(|| {
            (
                kubelab_sim::network::access_log_written(&c.cluster, p),
                crate::shell::container_log(&c.cluster, p, container, c.era()),
            )
        })
    };
    let Some((mut before, _)) = written(c) else { return };
    let mut quiet = 0;
    for _ in 0..super::get::WATCH_LIMIT_SECS {
        c.cluster.step();
        let Some((now, text)) = written(c) else { return };
        let new = if now > before {
            last_lines(&text, now - before)
        } else if let Some(rest) = text.strip_prefix(shown.as_str()) {
            rest.to_string()
        } else {
            String::new()
        };
        before = now;
        shown = text;
        if new.is_empty() {
            quiet += 1;
            if quiet >= super::get::WATCH_QUIET_SECS {
                out.stopped = Some(super::get::watch_stopped("following the log", true));
                return;
            }
        } else {
            quiet = 0;
            out.stdout.push_str(&new);
        }
    }
    out.stopped = Some(super::get::watch_stopped("following the log", false));
}

#[cfg(test)]
mod tests {
    use super::last_lines;
    use crate::commands::testing::*;

    #[test]
    fn a_pod_is_required_and_must_exist() {
        let mut c = with_web();
        assert_eq!(
            fails(&mut c, "kubectl logs"),
            "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n"
        );
        assert_eq!(fails(&mut c, "kubectl logs nope"), "Error from server (NotFound): pods \"nope\" not found\n");
    }

    #[test]
    fn container_and_previous_must_exist() {
        let mut c = with_web();
        let pod = pods(&c)[0].clone();
        assert_eq!(
            fails(&mut c, &format!("kubectl logs {pod} -c nope")),
            format!("Error from server (BadRequest): container nope is not valid for pod {pod}\n")
        );
        assert_eq!(
            fails(&mut c, &format!("kubectl logs {pod} --previous")),
            format!(
                "Error from server (BadRequest): previous terminated container \"nginx\" in pod \"{pod}\" not found\n"
            )
        );
    }

    #[test]
    fn a_pending_container_is_waiting_to_start() {
        let mut c = console();
        ok(&mut c, "kubectl run slow --image=nginx");
        assert_eq!(
            fails(&mut c, "kubectl logs slow"),
            "Error from server (BadRequest): container \"slow\" in pod \"slow\" is waiting to start: ContainerCreating\n"
        );
    }

    #[test]
    fn tail_keeps_the_last_lines() {
        let mut c = with_web();
        let pod = pods(&c)[0].clone();
        let full = ok(&mut c, &format!("kubectl logs pod/{pod}"));
        assert!(full.lines().count() > 2, "{full}");
        let tail = ok(&mut c, &format!("kubectl logs {pod} --tail=2"));
        assert_eq!(tail, last_lines(&full, 2));
        assert_eq!(tail.lines().count(), 2);
        assert_eq!(last_lines("a\nb\nc\n", 0), "");
        assert_eq!(last_lines("a\nb\n", 5), "a\nb\n");
    }
}
