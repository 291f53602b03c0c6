use super::*;

/// The flags of [exec], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::b("stdin", Some('i')),
    flags::b("tty", Some('t')),
    flags::v("container", Some('c')),
    flags::b("quiet", Some('q')),
    flags::v("filename", Some('f')),
    flags::v("pod-running-timeout", None),
];

pub(super) fn exec(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let Some(first) = ctx.pos.first() else {
        return out.err("error: pod, type/name or --filename must be specified");
    };
    let command: Vec<String> = if !ctx.rest.is_empty() {
        ctx.rest.clone()
    } else if ctx.pos.len() > 1 {
        if c.era().exec_without_dashdash_deprecated {
            out.stderr.push_str("kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.\n");
        }
        ctx.pos[1..].to_vec()
    } else {
        return out.err("error: you must specify at least one command for the container");
    };
    let ns = namespace(ctx);
    // `POD` or `TYPE/NAME` (the owner's most active pod, as kubectl picks it).
    let pod = match super::logs::owner_pod(c, &ns, first, super::logs::PodOrder::Active) {
        Ok((pod, _)) => pod,
        Err(e) => return out.err(&e),
    };
    let pod_name = pod.metadata.name.clone();
    if pod.status.phase == "Succeeded" || pod.status.phase == "Failed" {
        return out.err(&format!(
            "error: cannot exec into a container in a completed pod; current phase is {}",
            pod.status.phase
        ));
    }
    let container = match ctx.flags.get("container") {
        Some(name) => {
            if !pod.spec.containers.iter().any(|x| x.name == name) {
                return out
                    .err(&format!("Error from server (BadRequest): container {name} is not valid for pod {pod_name}"));
            }
            name.to_string()
        }
        None => {
            let first = pod.spec.containers.first().map(|x| x.name.clone()).unwrap_or_default();
            if pod.spec.containers.len() > 1 && !ctx.flags.bool("quiet") {
                let all: Vec<&str> = pod.spec.containers.iter().map(|x| x.name.as_str()).collect();
                out.stderr.push_str(&c.era().defaulted_container(&pod_name, &ns, &all));
            }
            first
        }
    };
    let running = pod.status.container_statuses.iter().any(|s| s.name == container && s.state.running.is_some());
    if !running {
        // Pending (image still pulling) or between restarts: the kubelet has no such container.
        return out.err(&format!("error: unable to upgrade connection: container not found (\"{container}\")"));
    }
    let image = pod.spec.containers.iter().find(|x| x.name == container).map(|x| x.image.clone()).unwrap_or_default();
    let prog = command[0].clone();
    let Some(info) = crate::shell::shell_of(c, &image).filter(|i| crate::shell::has_program(i, &prog)) else {
        out.stderr.push_str(&format!("{}\n", crate::shell::exec_not_found(&prog, c.era())));
        out.err("command terminated with exit code 126");
        out.exit_code = 126;
        return;
    };
    let tty = ctx.flags.bool("tty");
    if crate::shell::is_shell(&prog) && command.len() == 1 {
        if ctx.flags.bool("stdin") {
            c.shell = Some(crate::shell::ShellSession {
                ns,
                pod: pod_name,
                container,
                info,
                tty,
                remove: None,
                attach_hint: false,
                vars: Default::default(),
            });
        }
        // Without -i the shell reads an empty stdin and exits at once.
        return;
    }
    let target = crate::shell::Target { ns: &ns, pod: &pod_name, container: &container, info: &info, tty };
    // `sh -c SCRIPT` runs in the shell's interpreter (loops, tests, `&&`; see `shell::script`).
    let code = crate::shell::run_command(c, &target, &command, out);
    if code != 0 {
        out.err(&format!("command terminated with exit code {code}"));
        out.exit_code = code;
    }
}

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;

    #[test]
    fn pod_and_command_are_required() {
        let mut c = with_web();
        assert_eq!(fails(&mut c, "kubectl exec"), "error: pod, type/name or --filename must be specified\n");
        let pod = pods(&c)[0].clone();
        assert_eq!(
            fails(&mut c, &format!("kubectl exec {pod}")),
            "error: you must specify at least one command for the container\n"
        );
        assert_eq!(fails(&mut c, "kubectl exec nope -- ls"), "Error from server (NotFound): pods \"nope\" not found\n");
    }

    #[test]
    fn an_unknown_container_is_a_bad_request() {
        let mut c = with_web();
        let pod = pods(&c)[0].clone();
        assert_eq!(
            fails(&mut c, &format!("kubectl exec {pod} -c nope -- ls")),
            format!("Error from server (BadRequest): container nope is not valid for pod {pod}\n")
        );
    }

    #[test]
    fn a_missing_program_exits_126() {
        let mut c = with_web();
        let pod = pods(&c)[0].clone();
        let out = run(&mut c, &format!("kubectl exec {pod} -- no-such-program"));
        assert_eq!(out.exit_code, 126);
        assert!(out.stderr.ends_with("command terminated with exit code 126\n"), "{}", out.stderr);
    }

    #[test]
    fn runs_a_program_in_the_container() {
        let mut c = with_web();
        let pod = pods(&c)[0].clone();
        let out = ok(&mut c, &format!("kubectl exec pod/{pod} -- cat /etc/resolv.conf"));
        assert!(out.contains("nameserver 10.96.0.10"), "{out}");
        assert!(out.contains("search default.svc.cluster.local"), "{out}");
    }

    #[test]
    fn a_shell_stays_open_only_with_stdin() {
        let mut c = with_web();
        let pod = pods(&c)[0].clone();
        ok(&mut c, &format!("kubectl exec {pod} -- sh"));
        assert!(!c.in_shell(), "without -i the shell reads an empty stdin and exits");
        ok(&mut c, &format!("kubectl exec -it {pod} -- sh"));
        assert!(c.in_shell());
        ok(&mut c, "exit");
        assert!(!c.in_shell());
    }

    #[test]
    fn type_name_runs_in_the_owners_most_active_pod() {
        let mut c = with_web();
        let names = pods(&c);
        for arg in ["pod/", "pods/", "po/"] {
            let out = ok(&mut c, &format!("kubectl exec {arg}{} -- hostname", names[1]));
            assert_eq!(out, format!("{}\n", names[1]));
        }
        // Both pods are equally active (same node state, ready together, created together):
        // the oldest, then the first listed, as kubectl's stable choice would be.
        let out = run(&mut c, "kubectl exec deploy/web -- hostname");
        assert_eq!(out.exit_code, 0, "{}", out.stderr);
        assert!(names.contains(&out.stdout.trim_end().to_string()), "{}", out.stdout);
        assert_eq!(out.stderr, "", "exec does not say how many pods it found");
        assert_eq!(
            fails(&mut c, "kubectl exec deploy/nope -- ls"),
            "Error from server (NotFound): deployments.apps \"nope\" not found\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl exec node/controlplane -- ls"),
            "error: cannot attach to *v1.Node: selector for *v1.Node not implemented\n"
        );
    }
}
