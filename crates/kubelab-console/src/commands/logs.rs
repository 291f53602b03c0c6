use super::*;

/// The flags of `kubectl logs --help` the lab does not model.
pub(super) const NOT_MODELLED: &[&str] = &[
    "--all-pods",
    "--ignore-errors",
    "--insecure-skip-tls-verify-backend",
    "--pod-running-timeout",
    // Per-line times are not kept with the simulated log lines.
    "--timestamps",
];

/// The flags of [logs], besides the global ones.
pub(super) const FLAGS: &[FlagDef] = &[
    flags::v("container", Some('c')),
    flags::b("follow", Some('f')),
    flags::b("previous", Some('p')),
    flags::v("tail", None),
    flags::b("all-containers", None),
    flags::v("since", None),
    flags::v("since-time", None),
    flags::v("selector", Some('l')),
    flags::b("prefix", None),
    flags::v("limit-bytes", None),
    flags::v("max-log-requests", None),
];

const USAGE: &str = "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples";

/// `--tail` when a selector is given and `--tail` is not (kubectl's `selectorTail`).
const SELECTOR_TAIL: i64 = 10;

/// Where `kubectl logs` reads: the pods (in kubectl's order) and the container choice.
pub(super) fn logs(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    // kubectl's Complete, then Validate, in its order.
    let selector = ctx.flags.get("selector").filter(|s| !s.is_empty());
    match (ctx.pos.len(), selector) {
        (0, None) => return out.err(USAGE),
        (1, Some(_)) => {
            return out.err(
                "error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples",
            )
        }
        (0..=2, _) => {}
        _ => return out.err(USAGE),
    }
    let tail = match ctx.flags.get("tail").map(|t| t.parse::<i64>()) {
        None => None,
        Some(Ok(n)) => Some(n),
        Some(Err(_)) => {
            let t = ctx.flags.get("tail").unwrap_or_default();
            return out.err(&format!(
                "error: invalid argument \"{t}\" for \"--tail\" flag: strconv.ParseInt: parsing \"{t}\": invalid syntax\nSee 'kubectl logs --help' for usage."
            ));
        }
    };
    let max_requests = match ctx.flags.get("max-log-requests").map(|t| t.parse::<i64>()) {
        None => 5,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            let t = ctx.flags.get("max-log-requests").unwrap_or_default();
            return out.err(&format!(
                "error: invalid argument \"{t}\" for \"--max-log-requests\" flag: strconv.ParseInt: parsing \"{t}\": invalid syntax\nSee 'kubectl logs --help' for usage."
            ));
        }
    };
    let since = match ctx.flags.get("since").map(|s| (s, go_duration_ms(s))) {
        None => None,
        Some((_, Some(ms))) => Some(ms),
        Some((s, None)) => {
            return out.err(&format!(
                "error: invalid argument \"{s}\" for \"--since\" flag: time: invalid duration \"{s}\"\nSee 'kubectl logs --help' for usage."
            ))
        }
    };
    let since_time = match ctx.flags.get("since-time") {
        None => None,
        Some(t) => match parse_rfc3339(t) {
            Some(unix) => Some(unix),
            None => {
                return out.err(&format!(
                    "error: parsing time \"{t}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{t}\" as \"2006\""
                ))
            }
        },
    };
    if since.is_some() && since_time.is_some() {
        return out.err("error: at most one of `sinceTime` or `sinceSeconds` may be specified");
    }
    let limit_bytes = match int_flag(ctx, "limit-bytes", "--limit-bytes") {
        Ok(n) => n.unwrap_or(0),
        Err(e) => return out.err(&e),
    };
    if limit_bytes < 0 {
        return out.err("error: --limit-bytes must be greater than 0");
    }
    // kubectl rounds --since to the nearest second; --since-time is the same window from a date.
    let since = since
        .filter(|ms| *ms != 0)
        .map(|ms| (ms + 500) / 1000)
        .or_else(|| since_time.map(|t| c.cluster.unix_secs(c.cluster.now()).saturating_sub(t).max(0) as u64));
    let inline_container = ctx.pos.get(1).map(String::as_str);
    let container_flag = ctx.flags.get("container").or(inline_container);
    let all_containers = ctx.flags.bool("all-containers");
    if all_containers {
        if let Some(name) = container_flag {
            return out
                .err(&format!("error: --all-containers=true should not be specified with container name {name}"));
        }
    }
    if ctx.flags.has("container") && inline_container.is_some() {
        return out.err("error: only one of -c or an inline [CONTAINER] arg is allowed");
    }
    if tail.is_some_and(|t| t < -1) {
        return out.err("error: --tail must be greater than or equal to -1");
    }
    let tail = match tail {
        // Not given: all lines, but 10 per pod for a selector; `--tail=-1` given: all lines.
        None if selector.is_some() => Some(SELECTOR_TAIL),
        Some(-1) => None,
        t => t,
    };
    let ns = namespace(ctx);
    let pods: Vec<Pod> = if let Some(sel) = selector {
        let sel = match Selector::parse(sel) {
            Ok(s) => s,
            Err(e) => return out.err(&format!("error: {e}")),
        };
        let pods: Vec<Pod> = list_matching(c, Kind::Pod, Some(&ns), Some(&sel))
            .into_iter()
            .filter_map(|o| if let Object::Pod(p) = o { Some(p) } else { None })
            .collect();
        if pods.is_empty() {
            out.stderr.push_str(&format!("No resources found in {ns} namespace.\n"));
            return;
        }
        pods
    } else {
        match owner_pod(c, &ns, &ctx.pos[0], PodOrder::Logging) {
            Ok((pod, found)) => {
                if found > 1 {
                    out.stderr.push_str(&format!("Found {found} pods, using pod/{}\n", pod.metadata.name));
                }
                vec![pod]
            }
            Err(e) => return out.err(&e),
        }
    };
    // One request per pod and container, as kubectl makes them.
    let mut requests: Vec<(Pod, String)> = Vec::new();
    for pod in pods {
        let pod_name = pod.metadata.name.clone();
        let names: Vec<String> = pod.spec.containers.iter().map(|x| x.name.clone()).collect();
        if all_containers {
            requests.extend(names.iter().map(|n| (pod.clone(), n.clone())));
            continue;
        }
        let container = match container_flag {
            Some(n) => {
                if !names.iter().any(|x| x == n) {
                    return out.err(&format!(
                        "Error from server (BadRequest): container {n} is not valid for pod {pod_name}"
                    ));
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
                    out.stderr.push_str(&format!(
                        "Defaulted container \"{}\" out of: {}\n",
                        names[0],
                        names.join(", ")
                    ));
                }
                names.first().cloned().unwrap_or_default()
            }
        };
        requests.push((pod, container));
    }
    let follow = ctx.flags.bool("follow");
    if follow && requests.len() > 1 {
        if requests.len() as i64 > max_requests {
            return out.err(&format!(
                "error: you are attempting to follow {} log streams, but maximum allowed concurrency is {max_requests}, use --max-log-requests to increase the limit",
                requests.len()
            ));
        }
        return out.err("error: following several log streams at once is not available in this lab yet");
    }
    let prefix = ctx.flags.bool("prefix");
    for (pod, container) in &requests {
        let Some(full) = log_of(c, pod, container, ctx.flags.bool("previous"), out) else { return };
        let recent = match since {
            Some(secs) => last_lines(&full, lines_since(c, pod, container, secs)),
            None => full.clone(),
        };
        let mut text = match tail.filter(|t| *t >= 0) {
            Some(n) => last_lines(&recent, n as u64),
            None => recent,
        };
        if limit_bytes > 0 && text.len() as u64 > limit_bytes as u64 {
            // The kubelet stops after that many bytes (at a character boundary here).
            let mut end = limit_bytes as usize;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.truncate(end);
        }
        if prefix {
            for line in text.lines() {
                out.stdout.push_str(&format!("[pod/{}/{container}] {line}\n", pod.metadata.name));
            }
        } else {
            out.stdout.push_str(&text);
        }
        if follow {
            follow_log(c, &ns, &pod.metadata.name, container, full, out);
        }
    }
}

/// The log of one container, or the API server's error for it (printed) and `None`.
fn log_of(c: &Console, pod: &Pod, container: &str, previous: bool, out: &mut Output) -> Option<String> {
    let pod_name = &pod.metadata.name;
    let status = pod.status.container_statuses.iter().find(|s| s.name == container);
    if let Some(w) = status
        .and_then(|s| s.state.waiting.as_ref())
        .filter(|_| status.is_some_and(|s| s.restart_count == 0 && s.container_id.is_none()))
    {
        out.err(&format!(
            "Error from server (BadRequest): container \"{container}\" in pod \"{pod_name}\" is waiting to start: {}",
            w.reason
        ));
        return None;
    }
    if status.is_none() {
        out.err(&format!(
            "Error from server (BadRequest): container \"{container}\" in pod \"{pod_name}\" is waiting to start: ContainerCreating"
        ));
        return None;
    }
    if previous {
        // The simulated kubelet keeps the current run's log only; a restarted container's
        // previous run printed nothing we keep.
        if status.is_none_or(|s| s.restart_count == 0) {
            out.err(&format!(
                "Error from server (BadRequest): previous terminated container \"{container}\" in pod \"{pod_name}\" not found"
            ));
            return None;
        }
        return Some(String::new());
    }
    Some(crate::shell::container_log(&c.cluster, pod, container, c.era()))
}

/// How many of the last lines of a container's log were written in the last `secs` seconds
/// (the kubelet's `sinceSeconds`): the start-up lines by the container's start time, the access
/// log lines by their request's time. A load generator's output has no times: all of it.
fn lines_since(c: &Console, pod: &Pod, container: &str, secs: u64) -> u64 {
    let Some(spec) = pod.spec.containers.iter().find(|x| x.name == container) else { return 0 };
    let info = c.cluster.image(&spec.image);
    if !info.writes_log() {
        return u64::MAX;
    }
    let cutoff = c.cluster.unix_secs(c.cluster.now()).saturating_sub(secs.min(i64::MAX as u64) as i64);
    let lines_of = |template: &str| template.matches('\n').count() as u64 + 1;
    let mut n: u64 = 0;
    for e in kubelab_sim::network::access_log(&c.cluster, pod).filter(|e| e.unix_secs >= cutoff) {
        let per_request: u64 = info.access_log(&e.path).map(lines_of).sum();
        n = n.saturating_add(per_request.saturating_mul(u64::from(e.count)));
    }
    let started = crate::shell::running_since(pod, container);
    if started.is_some_and(|t| c.cluster.unix_secs(t) >= cutoff) {
        n = n.saturating_add(info.start_log(c.era().nginx_entrypoint_logs).iter().map(|l| lines_of(l)).sum());
    }
    n
}

/// An RFC 3339 time (`2026-03-04T11:17:05Z`, `...+02:00`, fractions allowed) in Unix seconds.
fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num =
        |r: std::ops::Range<usize>| s.get(r).filter(|t| t.bytes().all(|c| c.is_ascii_digit()))?.parse::<i64>().ok();
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = s.get(19..)?;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &frac[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            let t = rest.get(1..)?;
            if t.len() != 5 || t.as_bytes()[2] != b':' {
                return None;
            }
            let (h, m) = (t.get(..2)?.parse::<i64>().ok()?, t.get(3..)?.parse::<i64>().ok()?);
            sign * (h * 3600 + m * 60)
        }
    };
    // Days from the civil date (the days-from-civil algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// A Go duration (`5s`, `2m`, `1h30m`, `300ms`) in milliseconds; `None` where Go's
/// `time.ParseDuration` fails.
pub(super) fn go_duration_ms(s: &str) -> Option<u64> {
    if s == "0" {
        return Some(0);
    }
    let mut rest = s;
    let mut total: f64 = 0.0;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let num_len = rest.find(|ch: char| !(ch.is_ascii_digit() || ch == '.')).unwrap_or(rest.len());
        let (num, after) = rest.split_at(num_len);
        let value: f64 = num.parse().ok()?;
        let unit_len = after.find(|ch: char| ch.is_ascii_digit() || ch == '.').unwrap_or(after.len());
        let (unit, next) = after.split_at(unit_len);
        let ms = match unit {
            "ns" => 1e-6,
            "us" | "µs" => 1e-3,
            "ms" => 1.0,
            "s" => 1000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            _ => return None,
        };
        total += value * ms;
        rest = next;
    }
    (total.is_finite() && total < 1e15).then_some(total as u64)
}

/// How kubectl picks "the first pod" of an owner (`podutils`): `logs` sorts `ByLogging`,
/// `exec` and `attach` by `ActivePods`, most active first.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum PodOrder {
    Logging,
    Active,
}

/// The pod `arg` names: `POD`, `pod/POD`, or `TYPE/NAME` of an object with a pod selector
/// (deployment, replica set, replication controller, service), whose first pod in `order` it
/// is; with how many pods the selector matched. The error is kubectl's.
pub(super) fn owner_pod(c: &Console, ns: &str, arg: &str, order: PodOrder) -> Result<(Pod, usize), String> {
    let not_found = |kind: &str, name: &str| format!("Error from server (NotFound): {kind} \"{name}\" not found");
    let (type_name, name) = match arg.split_once('/') {
        Some((t, n)) => (Some(t), n),
        None => (None, arg),
    };
    let resource = match type_name {
        None => None,
        Some(t) => match resources::resolve(t, c.profile) {
            Some(r) => Some(r),
            None => return Err(super::unknown_type(t, c.profile)),
        },
    };
    let kind = resource.as_ref().and_then(sim_kind).unwrap_or(Kind::Pod);
    if kind == Kind::Pod {
        return match c.cluster.get(Kind::Pod, ns, name) {
            Some(Object::Pod(p)) => Ok((p.clone(), 1)),
            _ => Err(not_found("pods", name)),
        };
    }
    let r = resource.as_ref().map(|r| (r.info.plural, r.group)).unwrap_or(("pods", ""));
    let qualified = if r.1.is_empty() { r.0.to_string() } else { format!("{}.{}", r.0, r.1) };
    let Some(obj) = c.cluster.get(kind, ns, name) else { return Err(not_found(&qualified, name)) };
    let selector = match obj {
        Object::Deployment(d) => d.spec.selector.as_ref().map(|s| s.to_selector()),
        Object::ReplicaSet(rs) => rs.spec.selector.as_ref().map(|s| s.to_selector()),
        Object::ReplicationController(rc) => Some(Ok(Selector::from_map(&rc.spec.selector))),
        Object::DaemonSet(ds) => ds.spec.selector.as_ref().map(|s| s.to_selector()),
        Object::StatefulSet(s) => s.spec.selector.as_ref().map(|s| s.to_selector()),
        Object::Service(svc) => svc.spec.selector.as_ref().map(|m| Ok(Selector::from_map(m))),
        Object::Job(j) => j.spec.selector.as_ref().map(|s| s.to_selector()),
        _ => {
            let go_type = format!("*{}.{}", resource.as_ref().map(|r| r.version).unwrap_or("v1"), kind.name());
            let what = if order == PodOrder::Logging { "get the logs from" } else { "attach to" };
            return Err(format!("error: cannot {what} {go_type}: selector for {go_type} not implemented"));
        }
    };
    let selector = match selector {
        Some(Ok(s)) => s,
        Some(Err(e)) => return Err(format!("error: invalid label selector: {e}")),
        // A Service without a selector: kubectl asks for all pods, as an empty selector does.
        None => Selector::everything(),
    };
    let mut pods: Vec<Pod> = list_matching(c, Kind::Pod, Some(ns), Some(&selector))
        .into_iter()
        .filter_map(|o| if let Object::Pod(p) = o { Some(p) } else { None })
        .collect();
    if pods.is_empty() {
        // kubectl watches for a pod for --pod-running-timeout (20s), then gives up.
        return Err("error: timed out waiting for the condition".to_string());
    }
    let found = pods.len();
    kubelab_sim::sort::by_key(&mut pods, |p| pod_rank(p, order));
    Ok((pods.swap_remove(0), found))
}

/// A sort key: smaller is chosen first. `ByLogging`: assigned, running (then unknown, then
/// pending), ready, ready longest, most restarts, oldest. Reversed `ActivePods`: assigned,
/// running, ready, ready longest, fewest restarts, oldest.
fn pod_rank(p: &Pod, order: PodOrder) -> (bool, u8, bool, i64, i64, i64) {
    let unassigned = p.spec.node_name.as_deref().unwrap_or("").is_empty();
    let phase = match p.status.phase.as_str() {
        "Running" => 0,
        "Unknown" => 1,
        "Pending" => 2,
        _ => 3,
    };
    let ready = p.is_ready();
    let ready_since = if ready {
        p.status
            .condition("Ready")
            .and_then(|c| c.last_transition_time)
            .map(|t| t.as_millis() as i64)
            .unwrap_or(i64::MAX)
    } else {
        0
    };
    let restarts = p.status.container_statuses.iter().map(|s| s.restart_count).max().unwrap_or(0);
    let restarts = if order == PodOrder::Logging { -restarts } else { restarts };
    (unassigned, phase, !ready, ready_since, restarts, p.metadata.creation_timestamp.as_millis() as i64)
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

    /// The log lines of `text` with kubectl's `--prefix`.
    fn prefixed(text: &str, pod: &str, container: &str) -> String {
        text.lines().map(|l| format!("[pod/{pod}/{container}] {l}\n")).collect()
    }

    #[test]
    fn type_name_reads_the_first_pod_of_the_owner() {
        let mut c = with_web();
        let names = pods(&c);
        let out = run(&mut c, "kubectl logs deploy/web");
        assert_eq!(out.exit_code, 0, "{}", out.stderr);
        let chosen = out.stderr.strip_prefix("Found 2 pods, using pod/").and_then(|s| s.strip_suffix('\n'));
        let chosen = chosen.unwrap_or_else(|| panic!("{}", out.stderr)).to_string();
        assert!(names.contains(&chosen), "{chosen}");
        assert_eq!(out.stdout, ok(&mut c, &format!("kubectl logs {chosen}")));
        // The ReplicaSet's pods are the same two; a Service's selector too.
        let rs = ok(&mut c, "kubectl get rs -o name");
        let out = run(&mut c, &format!("kubectl logs {}", rs.trim()));
        assert_eq!(out.stderr, format!("Found 2 pods, using pod/{chosen}\n"));
        ok(&mut c, "kubectl expose deployment web --port=80");
        assert_eq!(run(&mut c, "kubectl logs svc/web").stderr, format!("Found 2 pods, using pod/{chosen}\n"));
        // One pod: no notice.
        ok(&mut c, "kubectl scale deployment web --replicas=1");
        ok(&mut c, "sleep 40");
        assert_eq!(run(&mut c, "kubectl logs deployment/web").stderr, "");
        assert_eq!(
            fails(&mut c, "kubectl logs deploy/nope"),
            "Error from server (NotFound): deployments.apps \"nope\" not found\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl logs node/controlplane"),
            "error: cannot get the logs from *v1.Node: selector for *v1.Node not implemented\n"
        );
        assert_eq!(fails(&mut c, "kubectl logs bogus/x"), "error: the server doesn't have a resource type \"bogus\"\n");
    }

    #[test]
    fn a_selector_reads_every_matching_pod_with_ten_lines_each() {
        let mut c = with_web();
        let names = pods(&c);
        let each: Vec<String> = names.iter().map(|p| ok(&mut c, &format!("kubectl logs {p}"))).collect();
        let all = ok(&mut c, "kubectl logs -l app=web");
        assert_eq!(all, each.iter().map(|t| last_lines(t, 10)).collect::<String>());
        let all = ok(&mut c, "kubectl logs -l app=web --tail=1 --prefix");
        let want: String =
            names.iter().zip(&each).map(|(p, t)| prefixed(&last_lines(t, 1), p, "nginx")).collect::<String>();
        assert_eq!(all, want);
        assert_eq!(ok(&mut c, "kubectl logs -l app=web --tail=-1"), each.concat());
        let out = run(&mut c, "kubectl logs -l app=nope");
        assert_eq!(
            (out.exit_code, out.stdout.as_str(), out.stderr.as_str()),
            (0, "", "No resources found in default namespace.\n")
        );
        assert_eq!(
            fails(&mut c, &format!("kubectl logs {} -l app=web", names[0])),
            "error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples\n"
        );
    }

    #[test]
    fn following_more_streams_than_max_log_requests_is_refused() {
        let mut c = console();
        ok(&mut c, "kubectl create deployment web --image=nginx --replicas=6");
        ok(&mut c, "sleep 60");
        assert_eq!(
            fails(&mut c, "kubectl logs -f -l app=web"),
            "error: you are attempting to follow 6 log streams, but maximum allowed concurrency is 5, use --max-log-requests to increase the limit\n"
        );
        assert_eq!(
            fails(&mut c, "kubectl logs -f -l app=web --max-log-requests=2"),
            "error: you are attempting to follow 6 log streams, but maximum allowed concurrency is 2, use --max-log-requests to increase the limit\n"
        );
        // Without -f the streams are read one after another: no limit.
        let all = ok(&mut c, "kubectl logs -l app=web --max-log-requests=2 --prefix");
        assert_eq!(all.lines().count(), 60, "ten lines from each of six pods");
    }

    #[test]
    fn flag_checks_come_in_kubectls_order() {
        let mut c = with_web();
        let pod = pods(&c)[0].clone();
        assert_eq!(
            fails(&mut c, &format!("kubectl logs {pod} -c nginx --all-containers")),
            "error: --all-containers=true should not be specified with container name nginx\n"
        );
        assert_eq!(
            fails(&mut c, &format!("kubectl logs {pod} nginx -c nginx")),
            "error: only one of -c or an inline [CONTAINER] arg is allowed\n"
        );
        assert_eq!(
            fails(&mut c, &format!("kubectl logs {pod} --tail=-2")),
            "error: --tail must be greater than or equal to -1\n"
        );
        let all = ok(&mut c, &format!("kubectl logs {pod} --all-containers --prefix"));
        assert_eq!(all, prefixed(&ok(&mut c, &format!("kubectl logs {pod}")), &pod, "nginx"));
    }

    #[test]
    fn since_keeps_the_lines_of_the_last_seconds() {
        let mut c = with_web();
        let pod = pods(&c)[0].clone();
        let full = ok(&mut c, &format!("kubectl logs {pod}"));
        // The pods started about a minute ago: all of it within 2m, none of it within 5s.
        assert_eq!(ok(&mut c, &format!("kubectl logs {pod} --since=2m")), full);
        assert_eq!(ok(&mut c, &format!("kubectl logs {pod} --since=5s")), "");
        assert_eq!(ok(&mut c, &format!("kubectl logs {pod} --since=1h30m --tail=1")), last_lines(&full, 1));
        assert_eq!(
            fails(&mut c, &format!("kubectl logs {pod} --since=abc")),
            "error: invalid argument \"abc\" for \"--since\" flag: time: invalid duration \"abc\"\nSee 'kubectl logs --help' for usage.\n"
        );
        // A request now: its access-log line is the one line of the last 5 seconds.
        let ip = ok(&mut c, &format!("kubectl get pod {pod} -o jsonpath={{.status.podIP}}"));
        ok(&mut c, &format!("curl -s http://{ip}/"));
        let now = ok(&mut c, &format!("kubectl logs {pod}"));
        assert_eq!(now.lines().count(), full.lines().count() + 1, "{now}");
        assert_eq!(ok(&mut c, &format!("kubectl logs {pod} --since=5s")), last_lines(&now, 1));
        assert!(last_lines(&now, 1).contains("\"GET / HTTP/1.1\" 200"), "{now}");
        assert_eq!(super::go_duration_ms("1h30m"), Some(5_400_000));
        assert_eq!(super::go_duration_ms("300ms"), Some(300));
        assert_eq!(super::go_duration_ms("1.5s"), Some(1500));
        assert_eq!(super::go_duration_ms("5"), None);
        assert_eq!(super::go_duration_ms(""), None);
    }

    #[test]
    fn since_time_and_limit_bytes() {
        let mut c = with_web();
        let pod = pods(&c)[0].clone();
        let full = ok(&mut c, &format!("kubectl logs {pod}"));
        assert_eq!(ok(&mut c, &format!("kubectl logs {pod} --since-time=2000-01-01T00:00:00Z")), full);
        assert_eq!(ok(&mut c, &format!("kubectl logs {pod} --since-time=2100-01-01T00:00:00+01:00")), "");
        assert_eq!(ok(&mut c, &format!("kubectl logs {pod} --limit-bytes=10")), full[..10]);
        assert_eq!(
            fails(&mut c, &format!("kubectl logs {pod} --limit-bytes=-1")),
            "error: --limit-bytes must be greater than 0\n"
        );
        assert_eq!(
            fails(&mut c, &format!("kubectl logs {pod} --since=1m --since-time=2000-01-01T00:00:00Z")),
            "error: at most one of `sinceTime` or `sinceSeconds` may be specified\n"
        );
        assert_eq!(
            fails(&mut c, &format!("kubectl logs {pod} --timestamps")),
            "error: flag --timestamps is not available in this lab yet\nSee 'kubectl logs --help' for usage.\n"
        );
        assert_eq!(super::parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(super::parse_rfc3339("2024-08-30T06:00:00Z"), Some(1_724_997_600));
        assert_eq!(super::parse_rfc3339("2024-08-30T08:00:00.5+02:00"), Some(1_724_997_600));
        assert_eq!(super::parse_rfc3339("yesterday"), None);
        assert_eq!(super::parse_rfc3339("2024-08-30T06:00:00é"), None);
    }
}
