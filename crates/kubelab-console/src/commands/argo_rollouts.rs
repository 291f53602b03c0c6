//! `kubectl argo rollouts ...`: the Argo Rollouts kubectl plugin (`kubectl-argo-rollouts`
//! v1.9.1), and the gate that keeps Argo's kinds unknown until the addon is installed.
//!
//! The lab's terminal has the plugin installed once the addon is (`kubectl apply -n
//! argo-rollouts -f .../install.yaml`, `install.rs`, or an exercise's `addons:
//! [argo-rollouts]`); before that, and always in the course era (no Argo in 2018), kubectl
//! answers `error: unknown command "argo" for "kubectl"` as it does without the plugin on the
//! PATH, and `get rollouts` answers `the server doesn't have a resource type "rollouts"`.
//!
//! Commands: `get rollout NAME` (the tree of `tree.rs`), `list rollouts`, `promote NAME
//! [--full]`, `abort NAME`, `retry rollout NAME`, `pause NAME`, `set image NAME
//! CONTAINER=IMAGE`, `version`; flags `-n/--namespace`, `--full`, `--short` (version). Errors
//! are cobra's (`Error: ...`, exit code 1).
//!
//! Simplified: no `--watch` (it would redraw until interrupted: the lab says so), no `status`,
//! `undo`, `restart`, `dashboard`, `lint`, `create`, experiments or blue-green commands (each
//! answers with the lab's "not available in this lab yet"); `version` prints the v1.9.1
//! release's tag, commit and Go version, with the tag's commit time as its build date;
//! `--help` prints the plugin's page without the kubectl connection flags it also lists.

pub(crate) mod install;
mod tree;

use super::*;
use kubelab_sim::api::rollout::Rollout;
use kubelab_sim::cluster::argo::addon;

/// Whether `kind` is one of Argo's and its CRDs are not installed (or the era has no Argo).
pub(crate) fn crd_missing(c: &Console, kind: Kind) -> bool {
    matches!(kind, Kind::Rollout | Kind::AnalysisRun | Kind::AnalysisTemplate) && !served(c)
}

/// [`crd_missing`] by the resource table's Kind name.
pub(crate) fn crd_missing_for(c: &Console, kind: &str) -> bool {
    Kind::from_name(kind).is_some_and(|k| crd_missing(c, k))
}

/// Argo is served: the addon's CRDs are installed (the current era only has it).
fn served(c: &Console) -> bool {
    c.cluster.argo_rollouts_installed() && resources::resolve("rollouts", c.profile).is_some()
}

/// kubectl's error for a manifest of a kind no CRD defines.
pub(crate) fn mapping_error(obj: &Object, source: &str) -> String {
    format!(
        "error: resource mapping not found for name: \"{}\" namespace: \"{}\" from \"{source}\": no matches for kind \"{}\" in version \"{}\"\nensure CRDs are installed first",
        obj.meta().name,
        obj.meta().namespace.clone().unwrap_or_default(),
        obj.kind().name(),
        obj.api_version()
    )
}

/// `kubectl argo ...`: false when the plugin is not installed (kubectl's own answer follows).
pub(crate) fn plugin(c: &mut Console, args: &[String], out: &mut Output) -> bool {
    if !served(c) || args.first().map(String::as_str) != Some("rollouts") {
        return false;
    }
    run(c, &args[1..], out);
    true
}

/// The plugin's command line: words and the flags it knows.
struct Line {
    words: Vec<String>,
    namespace: String,
    full: bool,
    short: bool,
    help: bool,
}

fn parse(args: &[String]) -> Result<Line, String> {
    let mut l = Line { words: vec![], namespace: "default".into(), full: false, short: false, help: false };
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "-n" | "--namespace" => {
                i += 1;
                l.namespace = args.get(i).cloned().ok_or_else(|| format!("flag needs an argument: {a}"))?;
            }
            "--full" => l.full = true,
            "--short" => l.short = true,
            "-h" | "--help" => l.help = true,
            "-w" | "--watch" => {
                return Err("lab: --watch redraws until interrupted; run the command again instead".into())
            }
            _ if a.starts_with("--namespace=") => l.namespace = a["--namespace=".len()..].to_string(),
            _ if a.starts_with("-n") && a.len() > 2 => l.namespace = a[2..].to_string(),
            _ if a.starts_with('-') => {
                let name = a.trim_start_matches('-').split('=').next().unwrap_or("");
                return Err(if a.starts_with("--") {
                    format!("unknown flag: --{name}")
                } else {
                    format!("unknown shorthand flag: '{}' in {a}", name.chars().next().unwrap_or('-'))
                });
            }
            _ => l.words.push(a.to_string()),
        }
        i += 1;
    }
    Ok(l)
}

fn cobra_err(out: &mut Output, msg: &str) {
    out.err(&format!("Error: {msg}"));
}

fn not_found(name: &str) -> String {
    format!("rollouts.argoproj.io \"{name}\" not found")
}

const COMMANDS: &[&str] = &[
    "abort",
    "completion",
    "create",
    "dashboard",
    "get",
    "help",
    "lint",
    "list",
    "notifications",
    "pause",
    "promote",
    "restart",
    "retry",
    "set",
    "status",
    "terminate",
    "undo",
    "version",
];

fn run(c: &mut Console, args: &[String], out: &mut Output) {
    let line = match parse(args) {
        Ok(l) => l,
        Err(e) if e.starts_with("lab:") => return out.err(&format!("kubelab{}", &e[3..])),
        Err(e) => return cobra_err(out, &e),
    };
    let words: Vec<&str> = line.words.iter().map(String::as_str).collect();
    if line.help || words.is_empty() {
        out.out(HELP);
        return;
    }
    let ns = line.namespace.as_str();
    match words.as_slice() {
        ["get", "rollout" | "rollouts" | "ro", name] => match get(c, ns, name) {
            Some(ro) => out.out(&tree::render(&c.cluster, &ro)),
            None => cobra_err(out, &not_found(name)),
        },
        ["get", "rollout" | "rollouts" | "ro"] => cobra_err(out, "accepts 1 arg(s), received 0"),
        ["list", "rollouts" | "rollout" | "ro"] => list(c, ns, out),
        ["promote", name] => match c.cluster.rollout_promote(ns, name, line.full) {
            Ok(_) if line.full => out.out(&format!("rollout '{name}' fully promoted")),
            Ok(_) => out.out(&format!("rollout '{name}' promoted")),
            Err(_) => cobra_err(out, &not_found(name)),
        },
        ["abort", name] => match c.cluster.rollout_abort(ns, name) {
            Ok(_) => out.out(&format!("rollout '{name}' aborted")),
            Err(_) => cobra_err(out, &not_found(name)),
        },
        ["retry", "rollout" | "rollouts" | "ro", name] => match c.cluster.rollout_retry(ns, name) {
            Ok(_) => out.out(&format!("rollout '{name}' retried")),
            Err(_) => cobra_err(out, &not_found(name)),
        },
        ["pause", name] => match get(c, ns, name) {
            Some(mut ro) => {
                ro.spec.paused = Some(true);
                match c.cluster.update(ro.into_object()) {
                    Ok(_) => out.out(&format!("rollout '{name}' paused")),
                    Err(e) => cobra_err(out, &e.to_string()),
                }
            }
            None => cobra_err(out, &not_found(name)),
        },
        ["set", "image", name, change] => set_image(c, ns, name, change, out),
        ["version"] if line.short => out.out(&format!("kubectl-argo-rollouts: {}", addon::VERSION)),
        ["version"] => out.out(&version()),
        [cmd, ..] if COMMANDS.contains(cmd) => {
            out.err(&format!("error: \"kubectl argo rollouts {}\" is not available in this lab yet", words.join(" ")))
        }
        [cmd, ..] => {
            out.err(&format!(
                "Error: unknown command \"{cmd}\" for \"kubectl-argo-rollouts\"\nRun 'kubectl-argo-rollouts --help' for usage."
            ));
        }
        [] => out.out(HELP),
    }
}

fn get(c: &Console, ns: &str, name: &str) -> Option<Rollout> {
    c.cluster.get(Kind::Rollout, ns, name).and_then(Rollout::from_object)
}

fn set_image(c: &mut Console, ns: &str, name: &str, change: &str, out: &mut Output) {
    let Some((container, image)) = change.split_once('=').filter(|(k, v)| !k.is_empty() && !v.is_empty()) else {
        return cobra_err(out, &format!("invalid format \"{change}\", expected <container>=<image>"));
    };
    let Some(mut ro) = get(c, ns, name) else { return cobra_err(out, &not_found(name)) };
    let mut found = false;
    for ct in ro.spec.template.spec.containers.iter_mut() {
        if ct.name == container || container == "*" {
            ct.image = image.to_string();
            found = true;
        }
    }
    if !found {
        return cobra_err(out, &format!("unable to find container named \"{container}\""));
    }
    match c.cluster.update(ro.into_object()) {
        Ok(_) => out.out(&format!("rollout \"{name}\" image updated")),
        Err(e) => cobra_err(out, &e.to_string()),
    }
}

/// `list rollouts`: the plugin's fixed-width cells through a tabwriter of padding 2.
fn list(c: &Console, ns: &str, out: &mut Output) {
    let ros: Vec<Rollout> =
        c.cluster.list(Kind::Rollout, Some(ns)).into_iter().filter_map(Rollout::from_object).collect();
    if ros.is_empty() {
        out.stderr.push_str("No resources found.\n");
        return;
    }
    let mut w = crate::text::tabwriter::TabWriter::new(0, 0, 2);
    w.write_str("NAME\tSTRATEGY\tSTATUS\tSTEP\tSET-WEIGHT\tREADY\tDESIRED\tUP-TO-DATE\tAVAILABLE\n");
    for ro in &ros {
        let (phase, _) = tree::phase(ro);
        let steps = ro.steps().len();
        let step = match ro.status.current_step_index {
            Some(i) if steps > 0 => format!("{i}/{steps}"),
            _ => "-".into(),
        };
        let s = &ro.status;
        w.write_str(&format!(
            "{:<10}\t{:<9}\t{:<12}\t{:<4}\t{:<10}\t{:<5}\t{:<7}\t{:<10}\t{:<9}\n",
            ro.metadata.name,
            "Canary",
            phase,
            step,
            ro.current_set_weight(),
            format!("{}/{}", s.ready_replicas.unwrap_or(0), s.replicas.unwrap_or(0)),
            ro.spec.replicas.unwrap_or(1),
            s.updated_replicas.unwrap_or(0),
            s.available_replicas.unwrap_or(0),
        ));
    }
    out.stdout.push_str(&w.flush());
}

fn version() -> String {
    format!(
        "kubectl-argo-rollouts: {}\n  BuildDate: 2026-07-06T13:57:05Z\n  GitCommit: b6bd3bcf8f60d717a98763d26acc983db7f97cb0\n  GitTreeState: clean\n  GoVersion: go1.24.9\n  Compiler: gc\n  Platform: linux/amd64",
        addon::VERSION
    )
}

const HELP: &str = "This command consists of multiple subcommands which can be used to manage Argo Rollouts.

Usage:
  kubectl-argo-rollouts COMMAND [flags]
  kubectl-argo-rollouts [command]

Examples:
  # Get guestbook rollout and watch progress
  kubectl argo rollouts get rollout guestbook -w

  # Pause the guestbook rollout
  kubectl argo rollouts pause guestbook

  # Promote the guestbook rollout
  kubectl argo rollouts promote guestbook

  # Abort the guestbook rollout
  kubectl argo rollouts abort guestbook

  # Retry the guestbook rollout
  kubectl argo rollouts retry rollout guestbook

Available Commands:
  abort         Abort a rollout
  completion    Generate completion script
  create        Create a Rollout, Experiment, AnalysisTemplate, ClusterAnalysisTemplate, or AnalysisRun resource
  dashboard     Start UI dashboard
  get           Get details about rollouts and experiments
  help          Help about any command
  lint          Lint and validate a Rollout
  list          List rollouts or experiments
  notifications Set of CLI commands that help manage notifications settings
  pause         Pause a rollout
  promote       Promote a rollout
  restart       Restart the pods of a rollout
  retry         Retry a rollout or experiment
  set           Update various values on resources
  status        Show the status of a rollout
  terminate     Terminate an AnalysisRun or Experiment
  undo          Undo a rollout
  version       Print version

Flags:
  -h, --help                           help for kubectl-argo-rollouts
  -n, --namespace string               If present, the namespace scope for this CLI request
";
