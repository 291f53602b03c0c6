//! `kubectl top pod` and `kubectl top node`: what the Metrics API (metrics-server, see
//! `kubelab_sim::usage`) serves, as kubectl's `metricsutil.TopCmdPrinter` prints it.
//!
//! kubectl 1.33 (`top_pod.go`, `top_node.go`, `metrics_printer.go`): without the
//! `metrics.k8s.io` group, `error: Metrics API not available`. Pods: a NAME gets that pod's
//! PodMetrics (else the API's NotFound for `podmetrics.metrics.k8s.io "NS/NAME"`); a list with
//! no metrics checks the pods themselves: none → `No resources found in NS namespace.`; one
//! older than two minutes → `Metrics not available for pod NS/NAME, age: ...`; else `metrics
//! not available yet`. Nodes: no metrics at all → `metrics not available yet`; nodes without
//! metrics print `<unknown>` after the others. Columns: `NAME CPU(cores) MEMORY(bytes)` (with
//! `NAMESPACE` for `-A` and `POD` for `--containers`), nodes add `CPU(%)` and `MEMORY(%)` of
//! allocatable (capacity with `--show-capacity`); CPU in `m`, memory in whole `Mi`; every cell
//! is tab-terminated, so lines end in padding, as kubectl's do. `--sort-by` sorts by use,
//! largest first (kubectl's sort is not stable; ties keep name order here).
//!
//! kubectl 1.11 (the course era) read Heapster through the API server's service proxy when
//! the Metrics API was not served: a cluster without Heapster answers NotFound
//! (`Era::top_no_metrics_api`); its node columns were `CPU%` / `MEMORY%`. Its `top` had only
//! `-l`, `--containers`, `--all-namespaces` and the Heapster flags: the others carry a `since`
//! of 27, the oldest kubectl checked that has them (kubectl 1.27 has all of them), which acts the
//! same for both eras the lab plays.

use super::*;
use crate::text::TabWriter;
use kubelab_sim::usage::{ContainerUsage, MetricsApi};

pub(super) const POD_FLAGS: &[FlagDef] = &[
    flags::ALL_NAMESPACES,
    flags::b("containers", None),
    flags::b("no-headers", None).since(27),
    flags::v("selector", Some('l')),
    flags::v("sort-by", None).since(27),
    flags::b("sum", None).since(27),
    flags::b("use-protocol-buffers", None).since(27),
];
pub(super) const POD_NOT_MODELLED: &[&str] = &["--field-selector"];

pub(super) const NODE_FLAGS: &[FlagDef] = &[
    flags::b("no-headers", None).since(27),
    flags::v("selector", Some('l')),
    flags::b("show-capacity", None).since(27),
    flags::v("sort-by", None).since(27),
    flags::b("use-protocol-buffers", None).since(27),
];

/// kubectl's `metricsCreationDelay`: a pod older than this without metrics is an error.
const METRICS_CREATION_DELAY_MS: u64 = 120_000;

/// The checks both subcommands make before asking the Metrics API.
fn validate(ctx: &Ctx, out: &mut Output, use_line: &str, verb: &str, one_of: &str) -> bool {
    if ctx.pos.len() > 1 {
        out.err(&format!("error: {use_line}\nSee 'kubectl top {verb} -h' for help and examples"));
        return false;
    }
    if let Some(s) = ctx.flags.get("sort-by").filter(|s| !s.is_empty()) {
        if s != "cpu" && s != "memory" {
            out.err("error: --sort-by accepts only cpu or memory");
            return false;
        }
    }
    if !ctx.pos.is_empty() && ctx.flags.get("selector").is_some_and(|s| !s.is_empty()) {
        out.err(one_of);
        return false;
    }
    true
}

/// The Metrics API, or kubectl's error when the server does not serve it.
fn metrics_api<'a>(c: &'a Console, out: &mut Output) -> Option<&'a MetricsApi> {
    let m = c.cluster.metrics_api();
    if !m.available {
        out.err(c.era().top_no_metrics_api);
        return None;
    }
    Some(m)
}

fn cell(w: &mut TabWriter, s: &str) {
    w.write_str(s);
    w.write_str("\t");
}

fn cpu_text(milli: u64) -> String {
    format!("{milli}m")
}

fn memory_text(bytes: u64) -> String {
    format!("{}Mi", bytes / (1024 * 1024))
}

/// `time.Duration.String()` of a whole number of milliseconds (`2m30s`, `1h0m5.5s`).
pub(super) fn top_pod(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    if !validate(ctx, out, "pod [NAME | -l label]", "pod", "error: only one of NAME or selector can be provided") {
        return;
    }
    let selector = match parse_selector(ctx) {
        Ok(s) => s,
        Err(e) => return out.err(&e),
    };
    let Some(metrics) = metrics_api(c, out) else { return };
    let ns = namespace(ctx);
    let all = ctx.flags.bool("all-namespaces");
    let mut items: Vec<(String, String, Vec<ContainerUsage>)> = Vec::new();
    if let Some(name) = ctx.pos.first() {
        match metrics.pod(&ns, name) {
            Some(p) => items.push((p.namespace.clone(), p.name.clone(), p.containers.clone())),
            None => {
                return out
                    .err(&format!("Error from server (NotFound): podmetrics.metrics.k8s.io \"{ns}/{name}\" not found"))
            }
        }
    } else {
        for p in metrics.pods.values() {
            if !all && p.namespace != ns {
                continue;
            }
            let Some(Object::Pod(pod)) = c.cluster.get(Kind::Pod, &p.namespace, &p.name) else { continue };
            if selector.as_ref().is_some_and(|s| !s.matches(&pod.metadata.labels)) {
                continue;
            }
            items.push((p.namespace.clone(), p.name.clone(), p.containers.clone()));
        }
    }
    if items.is_empty() {
        // verifyEmptyMetrics: why are there none? (kubectl lists the pods of the namespace of
        // its context, `-A` or not.)
        let pods: Vec<&Pod> = c
            .cluster
            .list(Kind::Pod, Some(&ns))
            .into_iter()
            .filter_map(Object::as_pod)
            .filter(|p| selector.as_ref().is_none_or(|s| s.matches(&p.metadata.labels)))
            .collect();
        if pods.is_empty() {
            if !c.era().top_says_no_resources {
                return;
            }
            if all {
                out.stderr.push_str("No resources found\n");
            } else {
                out.stderr.push_str(&format!("No resources found in {ns} namespace.\n"));
            }
            return;
        }
        let now = c.cluster.now();
        for p in pods {
            let age = now.as_millis().saturating_sub(p.metadata.creation_timestamp.as_millis());
            if age > METRICS_CREATION_DELAY_MS {
                return out.err(&format!(
                    "error: Metrics not available for pod {}/{}, age: {}",
                    p.metadata.ns(),
                    p.metadata.name,
                    crate::text::duration::go_duration(age)
                ));
            }
        }
        return out.err("error: metrics not available yet");
    }
    let sort_by = ctx.flags.get("sort-by").unwrap_or("");
    let use_of = |cs: &[ContainerUsage]| match sort_by {
        "cpu" => cs.iter().map(|c| c.cpu_milli).sum::<u64>(),
        "memory" => cs.iter().map(|c| c.memory_bytes).sum::<u64>(),
        _ => 0,
    };
    // Name order (namespace first with -A), then by use, largest first.
    kubelab_sim::sort::by_key(&mut items, |(n, name, _)| (if all { n.clone() } else { String::new() }, name.clone()));
    if !sort_by.is_empty() {
        kubelab_sim::sort::by_key(&mut items, |(_, _, cs)| std::cmp::Reverse(use_of(cs)));
    }
    let containers = ctx.flags.bool("containers");
    let mut w = TabWriter::kubectl_table(minwidth(c));
    let mut width = 3;
    if !ctx.flags.bool("no-headers") {
        if all {
            cell(&mut w, "NAMESPACE");
            width += 1;
        }
        if containers {
            cell(&mut w, "POD");
            width += 1;
        }
        for h in ["NAME", "CPU(cores)", "MEMORY(bytes)"] {
            cell(&mut w, h);
        }
        w.write_str("\n");
    }
    for (pns, pname, cs) in &items {
        if containers {
            let mut cs = cs.clone();
            kubelab_sim::sort::by_key(&mut cs, |c| c.name.clone());
            if !sort_by.is_empty() {
                kubelab_sim::sort::by_key(&mut cs, |c| std::cmp::Reverse(use_of(std::slice::from_ref(c))));
            }
            for ctr in &cs {
                if all {
                    cell(&mut w, pns);
                }
                cell(&mut w, pname);
                cell(&mut w, &ctr.name);
                cell(&mut w, &cpu_text(ctr.cpu_milli));
                cell(&mut w, &memory_text(ctr.memory_bytes));
                w.write_str("\n");
            }
        } else {
            if all {
                cell(&mut w, pns);
            }
            cell(&mut w, pname);
            cell(&mut w, &cpu_text(cs.iter().map(|c| c.cpu_milli).sum()));
            cell(&mut w, &memory_text(cs.iter().map(|c| c.memory_bytes).sum()));
            w.write_str("\n");
        }
    }
    if ctx.flags.bool("sum") {
        let cpu: u64 = items.iter().flat_map(|i| i.2.iter()).map(|c| c.cpu_milli).sum();
        let mem: u64 = items.iter().flat_map(|i| i.2.iter()).map(|c| c.memory_bytes).sum();
        for _ in 0..width - 2 {
            cell(&mut w, "");
        }
        cell(&mut w, "________");
        cell(&mut w, "________");
        w.write_str("\n");
        for _ in 0..width - 3 {
            cell(&mut w, "");
        }
        cell(&mut w, "");
        cell(&mut w, &cpu_text(cpu));
        cell(&mut w, &memory_text(mem));
        w.write_str("\n");
    }
    out.stdout.push_str(&w.flush());
}

pub(super) fn top_node(c: &mut Console, ctx: &Ctx, out: &mut Output) {
    let one_of = "error: only one of NAME or --selector can be provided";
    if !validate(ctx, out, "node [NAME | -l label]", "node", one_of) {
        return;
    }
    let selector = match parse_selector(ctx) {
        Ok(s) => s,
        Err(e) => return out.err(&e),
    };
    let Some(metrics) = metrics_api(c, out) else { return };
    let nodes: Vec<&Node> = c
        .cluster
        .list(Kind::Node, None)
        .into_iter()
        .filter_map(|o| match o {
            Object::Node(n) => Some(n),
            _ => None,
        })
        .filter(|n| selector.as_ref().is_none_or(|s| s.matches(&n.metadata.labels)))
        .collect();
    let mut items = Vec::new();
    if let Some(name) = ctx.pos.first() {
        match metrics.node(name) {
            Some(m) => items.push(m.clone()),
            None => {
                return out
                    .err(&format!("Error from server (NotFound): nodemetrics.metrics.k8s.io \"{name}\" not found"))
            }
        }
    } else {
        items.extend(metrics.nodes.values().filter(|m| nodes.iter().any(|n| n.metadata.name == m.name)).cloned());
    }
    if items.is_empty() {
        return out.err("error: metrics not available yet");
    }
    let shown: Vec<&Node> = match ctx.pos.first() {
        Some(name) => nodes.iter().copied().filter(|n| &n.metadata.name == name).collect(),
        None => nodes,
    };
    let sort_by = ctx.flags.get("sort-by").unwrap_or("");
    match sort_by {
        "cpu" => kubelab_sim::sort::by_key(&mut items, |m| std::cmp::Reverse(m.cpu_milli)),
        "memory" => kubelab_sim::sort::by_key(&mut items, |m| std::cmp::Reverse(m.memory_bytes)),
        _ => {}
    }
    let capacity = ctx.flags.bool("show-capacity");
    let available = |n: &Node, key: &str| -> Option<f64> {
        let list = if capacity { &n.status.capacity } else { &n.status.allocatable };
        let q = list.get(key)?;
        let v = if key == "cpu" { cpu_millis(q)? } else { memory_bytes(q)?.saturating_mul(1000) };
        Some(v as f64)
    };
    let percent = |used: f64, of: Option<f64>| match of {
        Some(of) if of > 0.0 => format!("{}%", (used / of * 100.0) as i64),
        _ => "0%".to_string(),
    };
    let [cpu_pct, mem_pct] = c.era().top_node_percent_columns;
    let mut w = TabWriter::kubectl_table(minwidth(c));
    if !ctx.flags.bool("no-headers") {
        for h in ["NAME", "CPU(cores)", cpu_pct, "MEMORY(bytes)", mem_pct] {
            cell(&mut w, h);
        }
        w.write_str("\n");
    }
    for m in &items {
        let node = shown.iter().find(|n| n.metadata.name == m.name);
        cell(&mut w, &m.name);
        cell(&mut w, &cpu_text(m.cpu_milli));
        if let Some(n) = node {
            cell(&mut w, &percent(m.cpu_milli as f64, available(n, "cpu")));
        }
        cell(&mut w, &memory_text(m.memory_bytes));
        if let Some(n) = node {
            cell(&mut w, &percent(m.memory_bytes as f64 * 1000.0, available(n, "memory")));
        }
        w.write_str("\n");
    }
    for n in shown.iter().filter(|n| !items.iter().any(|m| m.name == n.metadata.name)) {
        cell(&mut w, &n.metadata.name);
        for _ in 0..4 {
            cell(&mut w, "<unknown>");
        }
        w.write_str("\n");
    }
    out.stdout.push_str(&w.flush());
}
