//! The kubectl verbs: one module per verb or verb family.

use crate::flags::{self, FlagDef, Flags};
use crate::manifest;
use crate::printers;
use crate::resources::{self, ResourceRef};
use crate::text::{render_table, rfc3339, to_json, to_yaml};
use crate::Era;
use crate::{Console, FileEntry, Output};
use kubelab_sim::api::*;
use kubelab_sim::{ApiError, DeleteOptions};
use serde_json::Value;

mod apply;
pub(crate) mod argo_rollouts;
pub(crate) mod argocd_install;
mod autoscale;
mod batch;
mod complete;
mod configmap;
mod cordon;
mod create;
mod delete;
mod describe;
mod diff;
mod drain;
mod edit;
mod exec;
mod expose;
mod forward;
mod get;
mod info;
mod ingress;
mod install_line;
mod label;
mod logs;
mod metrics_server;
mod metrics_server_git;
mod patch;
mod pdb;
mod raw;
mod rollout;
mod rollout_sets;
mod run;
mod scale;
mod secret;
mod set;
mod set_env;
mod set_more;
mod top;
mod wait;
mod wire;

#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;

pub(crate) use self::complete::complete;
pub use self::edit::EditRequest;
pub(crate) use self::edit::{finish as finish_edit, EditSession};
// Helpers one verb module shares with others.
use self::{apply::*, create::*, scale::*, wire::*};

/// How a row of [`VERBS`] runs.
#[derive(Clone, Copy)]
pub(crate) enum Action {
    /// Parse the flags, then run this.
    Run(fn(&mut Console, &Ctx, &mut Output)),
    /// A command group (`kubectl rollout`, `kubectl set`): it only holds subcommands. Alone it
    /// prints its help and fails (cobra's `DefaultSubCommandRun`: rollout's help goes to stdout
    /// with exit code 1, set's to stderr). Real subcommands this lab lacks are read off the
    /// group's help page (see `kubectl`).
    Group { help_on_stderr: bool },
}

/// One kubectl command the console runs: its path, help page, flags and code.
pub(crate) struct Verb {
    /// The command path without "kubectl": `"get"`, `"rollout undo"`.
    pub path: &'static str,
    /// Cobra aliases of the last word (`create deploy`).
    pub aliases: &'static [&'static str],
    /// The text of `kubectl PATH --help` (kubectl 1.33's, `src/help/*.txt`).
    /// Its `--help` page. A function rather than the text: in the web build's split
    /// (crates/kubelab-split) a page stays out of the first download until it is shown.
    pub help: fn() -> &'static str,
    /// The flags it parses, besides [`flags::GLOBAL`].
    pub flags: &'static [FlagDef],
    /// Flags it accepts that kubectl hides from the help page (deprecated ones).
    pub hidden: &'static [&'static str],
    /// Flags the help page lists that the lab does not model: they answer "not available in
    /// this lab yet" instead of being parsed (a test checks that `flags`, `hidden`,
    /// `not_modelled` and the global flags together cover the help page).
    pub not_modelled: &'static [&'static str],
    pub action: Action,
    /// The kubectl minor version the command appeared in (0: in every kubectl the lab plays):
    /// an older era's kubectl does not have it (`rollout restart`: kubectl 1.15). List only
    /// what kubectl's history shows.
    pub since: u8,
    /// Flag errors are cobra usage errors (`See 'kubectl diff -h' for help and examples`) with
    /// this exit code (`kubectl diff`: 2, since 1 means "differences found"); 0: the usual
    /// `See 'kubectl VERB --help' for usage.` with exit code 1.
    pub usage_flag_errors: i32,
}

const RECORD: &[&str] = &["--record"];

const fn verb(
    path: &'static str,
    help: fn() -> &'static str,
    flags: &'static [FlagDef],
    run: fn(&mut Console, &Ctx, &mut Output),
) -> Verb {
    Verb {
        path,
        aliases: &[],
        help,
        flags,
        hidden: &[],
        not_modelled: &[],
        action: Action::Run(run),
        since: 0,
        usage_flag_errors: 0,
    }
}

/// A command group's row (`rollout`, `set`): no flags of its own, nothing to run.
const fn group(path: &'static str, help: fn() -> &'static str, help_on_stderr: bool) -> Verb {
    Verb {
        path,
        aliases: &[],
        help,
        flags: &[],
        hidden: &[],
        not_modelled: &[],
        action: Action::Group { help_on_stderr },
        since: 0,
        usage_flag_errors: 0,
    }
}

/// Every command the console runs: the one place a verb is registered. Dispatch, `--help`,
/// completion, "did you mean" and the robustness tests read this table.
pub(crate) static VERBS: &[Verb] = &[
    Verb {
        not_modelled: label::NOT_MODELLED,
        hidden: RECORD,
        ..verb("annotate", || include_str!("../help/annotate.txt"), label::FLAGS, label::annotate)
    },
    Verb {
        not_modelled: info::API_RESOURCES_NOT_MODELLED,
        ..verb(
            "api-resources",
            || include_str!("../help/api-resources.txt"),
            info::API_RESOURCES_FLAGS,
            info::api_resources,
        )
    },
    Verb {
        not_modelled: apply::NOT_MODELLED,
        hidden: RECORD,
        ..verb("apply", || include_str!("../help/apply.txt"), apply::FLAGS, apply::apply)
    },
    Verb {
        not_modelled: autoscale::NOT_MODELLED,
        hidden: RECORD,
        ..verb("autoscale", || include_str!("../help/autoscale.txt"), autoscale::FLAGS, autoscale::autoscale)
    },
    verb("cluster-info", || include_str!("../help/cluster-info.txt"), info::CLUSTER_INFO_FLAGS, info::cluster_info),
    verb("cordon", || include_str!("../help/cordon.txt"), cordon::FLAGS, cordon::cordon),
    Verb {
        not_modelled: apply::CREATE_NOT_MODELLED,
        hidden: RECORD,
        ..verb("create", || include_str!("../help/create.txt"), apply::FLAGS, apply::create)
    },
    Verb {
        not_modelled: configmap::NOT_MODELLED,
        aliases: &["cm"],
        ..verb(
            "create configmap",
            || include_str!("../help/create_configmap.txt"),
            configmap::FLAGS,
            configmap::create_configmap,
        )
    },
    Verb {
        not_modelled: batch::CRONJOB_NOT_MODELLED,
        aliases: &["cj"],
        since: 14,
        ..verb(
            "create cronjob",
            || include_str!("../help/create_cronjob.txt"),
            batch::CRONJOB_FLAGS,
            batch::create_cronjob,
        )
    },
    Verb {
        not_modelled: create::DEPLOYMENT_NOT_MODELLED,
        aliases: &["deploy"],
        ..verb(
            "create deployment",
            || include_str!("../help/create_deployment.txt"),
            create::DEPLOYMENT_FLAGS,
            create::create_deployment,
        )
    },
    Verb {
        not_modelled: batch::JOB_NOT_MODELLED,
        ..verb("create job", || include_str!("../help/create_job.txt"), batch::JOB_FLAGS, batch::create_job)
    },
    Verb {
        not_modelled: pdb::NOT_MODELLED,
        aliases: &["pdb"],
        ..verb(
            "create poddisruptionbudget",
            || include_str!("../help/create_poddisruptionbudget.txt"),
            pdb::FLAGS,
            pdb::create_pdb,
        )
    },
    Verb {
        not_modelled: ingress::NOT_MODELLED,
        aliases: &["ing"],
        since: 19,
        ..verb("create ingress", || include_str!("../help/create_ingress.txt"), ingress::FLAGS, ingress::create_ingress)
    },
    Verb {
        not_modelled: create::NAMESPACE_NOT_MODELLED,
        aliases: &["ns"],
        ..verb(
            "create namespace",
            || include_str!("../help/create_namespace.txt"),
            create::FLAGS,
            create::create_namespace,
        )
    },
    group("create secret", || include_str!("../help/create_secret.txt"), true),
    Verb {
        not_modelled: secret::GENERIC_NOT_MODELLED,
        ..verb(
            "create secret docker-registry",
            || include_str!("../help/create_secret_docker-registry.txt"),
            secret::DOCKER_FLAGS,
            secret::create_docker_registry,
        )
    },
    Verb {
        not_modelled: secret::GENERIC_NOT_MODELLED,
        ..verb(
            "create secret generic",
            || include_str!("../help/create_secret_generic.txt"),
            secret::GENERIC_FLAGS,
            secret::create_generic,
        )
    },
    Verb {
        not_modelled: secret::GENERIC_NOT_MODELLED,
        ..verb(
            "create secret tls",
            || include_str!("../help/create_secret_tls.txt"),
            secret::TLS_FLAGS,
            secret::create_tls,
        )
    },
    Verb {
        aliases: &["svc"],
        ..verb(
            "create service",
            || include_str!("../help/create_service.txt"),
            create::SERVICE_FLAGS,
            create::create_service,
        )
    },
    Verb {
        not_modelled: secret::SA_NOT_MODELLED,
        aliases: &["sa"],
        ..verb(
            "create serviceaccount",
            || include_str!("../help/create_serviceaccount.txt"),
            secret::SA_FLAGS,
            secret::create_serviceaccount,
        )
    },
    Verb {
        not_modelled: delete::NOT_MODELLED,
        ..verb("delete", || include_str!("../help/delete.txt"), delete::FLAGS, delete::delete)
    },
    Verb {
        not_modelled: describe::NOT_MODELLED,
        ..verb("describe", || include_str!("../help/describe.txt"), describe::FLAGS, describe::describe)
    },
    Verb {
        not_modelled: diff::NOT_MODELLED,
        since: 13,
        usage_flag_errors: 2,
        ..verb("diff", || include_str!("../help/diff.txt"), diff::FLAGS, diff::diff)
    },
    Verb {
        not_modelled: drain::NOT_MODELLED,
        ..verb("drain", || include_str!("../help/drain.txt"), drain::FLAGS, drain::drain)
    },
    Verb {
        not_modelled: edit::NOT_MODELLED,
        ..verb("edit", || include_str!("../help/edit.txt"), edit::FLAGS, edit::edit)
    },
    verb("exec", || include_str!("../help/exec.txt"), exec::FLAGS, exec::exec),
    verb("explain", || include_str!("../help/explain.txt"), info::EXPLAIN_FLAGS, info::explain),
    Verb {
        not_modelled: expose::NOT_MODELLED,
        hidden: RECORD,
        ..verb("expose", || include_str!("../help/expose.txt"), expose::FLAGS, expose::expose)
    },
    Verb { not_modelled: get::NOT_MODELLED, ..verb("get", || include_str!("../help/get.txt"), get::FLAGS, get::get) },
    Verb {
        not_modelled: label::NOT_MODELLED,
        hidden: RECORD,
        ..verb("label", || include_str!("../help/label.txt"), label::FLAGS, label::label_cmd)
    },
    Verb {
        not_modelled: logs::NOT_MODELLED,
        ..verb("logs", || include_str!("../help/logs.txt"), logs::FLAGS, logs::logs)
    },
    Verb {
        not_modelled: patch::NOT_MODELLED,
        hidden: RECORD,
        ..verb("patch", || include_str!("../help/patch.txt"), patch::FLAGS, patch::patch)
    },
    verb(
        "port-forward",
        || include_str!("../help/port-forward.txt"),
        forward::PORT_FORWARD_FLAGS,
        forward::port_forward,
    ),
    verb("proxy", || include_str!("../help/proxy.txt"), forward::PROXY_FLAGS, forward::proxy),
    group("rollout", || include_str!("../help/rollout.txt"), false),
    Verb {
        not_modelled: rollout::HISTORY_NOT_MODELLED,
        ..verb(
            "rollout history",
            || include_str!("../help/rollout_history.txt"),
            rollout::HISTORY_FLAGS,
            rollout::subcommand,
        )
    },
    Verb {
        not_modelled: rollout::PAUSE_NOT_MODELLED,
        ..verb("rollout pause", || include_str!("../help/rollout_pause.txt"), rollout::FLAGS, rollout::subcommand)
    },
    Verb {
        not_modelled: rollout::PAUSE_NOT_MODELLED,
        since: 15,
        ..verb("rollout restart", || include_str!("../help/rollout_restart.txt"), rollout::FLAGS, rollout::subcommand)
    },
    Verb {
        not_modelled: rollout::PAUSE_NOT_MODELLED,
        ..verb("rollout resume", || include_str!("../help/rollout_resume.txt"), rollout::FLAGS, rollout::subcommand)
    },
    Verb {
        not_modelled: rollout::STATUS_NOT_MODELLED,
        ..verb(
            "rollout status",
            || include_str!("../help/rollout_status.txt"),
            rollout::STATUS_FLAGS,
            rollout::subcommand,
        )
    },
    Verb {
        not_modelled: rollout::UNDO_NOT_MODELLED,
        ..verb("rollout undo", || include_str!("../help/rollout_undo.txt"), rollout::UNDO_FLAGS, rollout::subcommand)
    },
    Verb {
        not_modelled: run::NOT_MODELLED,
        hidden: RECORD,
        ..verb("run", || include_str!("../help/run.txt"), run::FLAGS, run::run)
    },
    Verb {
        not_modelled: scale::NOT_MODELLED,
        hidden: RECORD,
        ..verb("scale", || include_str!("../help/scale.txt"), scale::FLAGS, scale::scale)
    },
    group("set", || include_str!("../help/set.txt"), true),
    Verb {
        not_modelled: set_env::NOT_MODELLED,
        ..verb("set env", || include_str!("../help/set_env.txt"), set_env::FLAGS, set_env::set_env)
    },
    Verb {
        not_modelled: set::IMAGE_NOT_MODELLED,
        hidden: RECORD,
        ..verb("set image", || include_str!("../help/set_image.txt"), set::IMAGE_FLAGS, set::set_image)
    },
    Verb {
        not_modelled: set_more::RESOURCES_NOT_MODELLED,
        hidden: RECORD,
        ..verb(
            "set resources",
            || include_str!("../help/set_resources.txt"),
            set_more::RESOURCES_FLAGS,
            set_more::set_resources,
        )
    },
    Verb {
        not_modelled: set_more::SELECTOR_NOT_MODELLED,
        ..verb(
            "set selector",
            || include_str!("../help/set_selector.txt"),
            set_more::SELECTOR_FLAGS,
            set_more::set_selector,
        )
    },
    Verb {
        not_modelled: set_more::SA_NOT_MODELLED,
        aliases: &["sa"],
        hidden: RECORD,
        ..verb(
            "set serviceaccount",
            || include_str!("../help/set_serviceaccount.txt"),
            set_more::SA_FLAGS,
            set_more::set_serviceaccount,
        )
    },
    group("top", || include_str!("../help/top.txt"), true),
    Verb {
        aliases: &["nodes", "no"],
        ..verb("top node", || include_str!("../help/top_node.txt"), top::NODE_FLAGS, top::top_node)
    },
    Verb {
        aliases: &["pods", "po"],
        not_modelled: top::POD_NOT_MODELLED,
        ..verb("top pod", || include_str!("../help/top_pod.txt"), top::POD_FLAGS, top::top_pod)
    },
    verb("uncordon", || include_str!("../help/uncordon.txt"), cordon::FLAGS, cordon::uncordon),
    verb("version", || include_str!("../help/version.txt"), info::VERSION_FLAGS, info::version),
    Verb {
        not_modelled: wait::NOT_MODELLED,
        since: 11,
        ..verb("wait", || include_str!("../help/wait.txt"), wait::FLAGS, wait::wait)
    },
];

/// Cobra aliases of kubectl's subcommands the lab does not run (the help pages do not list
/// aliases; each from `kubectl create ALIAS --help`'s "Aliases:", kubectl 1.33).
const SUBCOMMAND_ALIASES: &[(&str, &str, &str)] =
    &[("create", "pc", "priorityclass"), ("create", "resourcequota", "quota")];

/// The subcommands a help page lists under "Available Commands:" (kubectl's, all of them).
fn page_subcommands(help: &'static str) -> impl Iterator<Item = &'static str> {
    help.split_once("Available Commands:\n")
        .map(|(_, rest)| rest.split("\n\n").next().unwrap_or(""))
        .unwrap_or("")
        .lines()
        .filter_map(|l| l.split_whitespace().next())
}

/// The row of a canonical path (`"rollout undo"`).
pub(crate) fn find(path: &str) -> Option<&'static Verb> {
    VERBS.iter().find(|v| v.path == path)
}

/// The console's top-level commands, sorted.
pub(crate) fn top_level() -> impl Iterator<Item = &'static str> {
    VERBS.iter().map(|v| v.path).filter(|p| !p.contains(' '))
}

/// The rows of `verb`'s direct subcommands (`verb` may be a path: `create secret`), in table
/// (alphabetical) order.
pub(crate) fn subcommands(verb: &str) -> impl Iterator<Item = &'static Verb> + '_ {
    VERBS.iter().filter(move |v| v.path.rsplit_once(' ').is_some_and(|(parent, _)| parent == verb))
}

/// The canonical subcommand of `verb` that `sub` names (aliases resolved).
pub(crate) fn resolve_subcommand(verb: &str, sub: &str) -> Option<&'static str> {
    subcommands(verb).find_map(|v| {
        let name = v.path.rsplit(' ').next()?;
        (name == sub || v.aliases.contains(&sub)).then_some(name)
    })
}

pub(crate) struct Ctx<'a> {
    path: Vec<&'a str>,
    pos: Vec<String>,
    flags: Flags,
    order: Vec<(String, String)>,
    rest: Vec<String>,
    stdin: Option<String>,
}

pub fn kubectl(c: &mut Console, args: &[String], stdin: Option<String>, out: &mut Output) {
    let Some(verb) = args.first() else {
        out.out(crate::help::help_text(&[]).unwrap_or(""));
        return;
    };
    if verb == "--help" || verb == "-h" || verb == "help" {
        let path: Vec<&str> = args[1..].iter().map(String::as_str).filter(|a| !a.starts_with('-')).collect();
        out.out(crate::help::help_text(&path).or_else(|| crate::help::help_text(&[])).unwrap_or(""));
        return;
    }
    if verb.starts_with('-') {
        // Global flags before the verb (`kubectl -n kube-system get pods`): move them after it.
        let mut moved: Vec<String> = Vec::new();
        let mut i = 0;
        while i < args.len() && args[i].starts_with('-') {
            moved.push(args[i].clone());
            if !args[i].contains('=') && matches!(args[i].as_str(), "-n" | "--namespace" | "--context" | "--kubeconfig")
            {
                if let Some(v) = args.get(i + 1) {
                    moved.push(v.clone());
                }
                i += 1;
            }
            i += 1;
        }
        if i >= args.len() {
            out.out(crate::help::help_text(&[]).unwrap_or(""));
            return;
        }
        let mut reordered = vec![args[i].clone()];
        reordered.extend(moved);
        reordered.extend_from_slice(&args[i + 1..]);
        return kubectl(c, &reordered, stdin, out);
    }
    if verb == "options" {
        out.out(crate::help::help_text(&["options"]).unwrap_or(""));
        return;
    }
    // The Argo Rollouts plugin, on the terminal's PATH once its addon is installed.
    if verb == "argo" && argo_rollouts::plugin(c, &args[1..], out) {
        return;
    }
    let Some(mut row) = find(verb).filter(|row| row.since <= c.era().kubectl_minor) else {
        // A command the lab runs but this era's kubectl lacks (`diff` before 1.13) is unknown.
        let newer = |v: &str| find(v).is_some_and(|row| row.since > c.era().kubectl_minor);
        if crate::help::kubectl_commands().contains(&verb.as_str()) && !newer(verb) {
            // A real kubectl command this lab does not run: never "unknown command".
            return out.err(&format!("error: \"kubectl {verb}\" is not available in this lab yet"));
        }
        let mut msg = format!("error: unknown command \"{verb}\" for \"kubectl\"");
        // Cobra suggests from all of kubectl's commands, in its registration order.
        let sugg = crate::suggest::suggest(verb, crate::help::kubectl_commands().iter().copied().filter(|v| !newer(v)));
        if !sugg.is_empty() {
            msg.push_str("\n\nDid you mean this?\n");
            for s in sugg {
                msg.push_str(&format!("\t{s}\n"));
            }
        }
        if verb.ends_with(".yaml") || verb.ends_with(".yml") || verb.ends_with(".json") {
            msg = format!("error: unknown command \"{verb}\" for \"kubectl\"");
        }
        out.err(&msg);
        return;
    };
    let mut path: Vec<&str> = vec![row.path];
    let mut rest_args: &[String] = &args[1..];
    // Down the command tree (`create secret generic`): a known subcommand word at a time.
    while subcommands(row.path).next().is_some() {
        let group = match row.action {
            Action::Group { help_on_stderr } => Some(help_on_stderr),
            Action::Run(_) => None,
        };
        if let Some(sub) = rest_args.first().filter(|s| !s.starts_with('-')) {
            let minor = c.era().kubectl_minor;
            let known = resolve_subcommand(row.path, sub)
                .filter(|sub| find(&format!("{} {sub}", row.path)).is_none_or(|r| r.since <= minor));
            if let Some(sub) = known {
                path.push(sub);
                rest_args = &rest_args[1..];
                row = find(&path.join(" ")).unwrap_or(row);
                continue;
            } else if let Some(sub) = page_subcommands((row.help)())
                .find(|s| s == sub)
                .or_else(|| {
                    SUBCOMMAND_ALIASES
                        .iter()
                        .find(|(v, alias, _)| *v == row.path && alias == sub)
                        .map(|(_, _, name)| *name)
                })
                // A subcommand the lab runs, but newer than this era's kubectl, is unknown there.
                .filter(|sub| find(&format!("{} {sub}", row.path)).is_none())
            {
                // One of kubectl's subcommands (its help page lists it) the lab does not run;
                // a generator of a kind the lab does not simulate (`create job`) says so.
                if let Some(r) = resources::unmodelled(sub, c.profile).filter(|_| row.path == "create") {
                    return out.err(&resources::not_simulated(r.info, &r.api_version()));
                }
                return out.err(&format!("error: \"kubectl {} {sub}\" is not available in this lab yet", row.path));
            } else if group.is_some() {
                // Not one of kubectl's subcommands: cobra's RequireNoArguments.
                let words: Vec<&str> = rest_args.iter().map(String::as_str).filter(|a| !a.starts_with('-')).collect();
                return out.err(&format!(
                    "error: unknown command \"{}\"\nSee 'kubectl {} -h' for help and examples",
                    words.join(" "),
                    row.path
                ));
            }
        } else if let Some(help_on_stderr) = group {
            let text = (row.help)();
            if rest_args.iter().any(|a| a == "--help" || a == "-h") {
                out.out(text);
                return;
            }
            if rest_args.is_empty() {
                if help_on_stderr {
                    out.err(text);
                } else {
                    out.out(text);
                    out.exit_code = 1;
                }
                return;
            }
        }
        break;
    }
    let flags::Parsed { positionals: pos, flags, order, rest, warnings } =
        match flags::parse_for(row.flags, row.not_modelled, rest_args, c.era().kubectl_minor) {
            Ok(p) => p,
            Err(e) if row.usage_flag_errors != 0 => {
                out.err(&format!("error: {e}\nSee 'kubectl {} -h' for help and examples", path.join(" ")));
                out.exit_code = row.usage_flag_errors;
                return;
            }
            Err(e) => {
                let prefix = c.era().flag_error_prefix;
                out.err(&format!("{prefix}: {e}\nSee 'kubectl {} --help' for usage.", path.join(" ")));
                return;
            }
        };
    if flags.bool("help") {
        out.out((row.help)());
        return;
    }
    for w in &warnings {
        // klog's header: the simulated time, and the lab's kubectl process id (as `&` prints it).
        let now = c.cluster.now();
        let pid = 20_000 + (now.as_secs() % 30_000) as u32;
        out.warnings.push_str(&format!("{}{w}\n", crate::text::klog_warning_header(c.cluster.unix_secs(now), pid)));
    }
    let ctx = Ctx { path: path.clone(), pos, flags, order, rest, stdin };
    match row.action {
        Action::Run(run) => run(c, &ctx, out),
        // A group with flags only (`kubectl rollout -n default`): its help, as without them.
        Action::Group { help_on_stderr: true, .. } => out.err((row.help)()),
        Action::Group { help_on_stderr: false, .. } => {
            out.out((row.help)());
            out.exit_code = 1;
        }
    }
}

fn namespace(ctx: &Ctx) -> String {
    ctx.flags.get("namespace").unwrap_or("default").to_string()
}

fn sim_kind(r: &ResourceRef) -> Option<Kind> {
    Kind::from_name(r.info.kind)
}

fn api_error(c: &Console, e: &ApiError, group: Option<&str>) -> String {
    let plural = |k: Kind| -> String {
        let g = group.map(str::to_string).unwrap_or_else(|| default_group(c, k));
        if g.is_empty() {
            k.plural().to_string()
        } else {
            format!("{}.{}", k.plural(), g)
        }
    };
    match e {
        ApiError::NotFound { kind, name } => {
            format!("Error from server (NotFound): {} \"{name}\" not found", plural(*kind))
        }
        ApiError::AlreadyExists { kind, name } => {
            format!("Error from server (AlreadyExists): {} \"{name}\" already exists", plural(*kind))
        }
        ApiError::Invalid { .. } => e.to_string(),
        ApiError::NamespaceNotFound { namespace } => {
            format!("Error from server (NotFound): namespaces \"{namespace}\" not found")
        }
        ApiError::Forbidden { message } => format!("Error from server (Forbidden): {message}"),
        ApiError::BadRequest { message } => format!("Error from server (BadRequest): {message}"),
        ApiError::Conflict { message } => format!("Error from server (Conflict): {message}"),
    }
}

/// The resource builder's error when a command is given no resources and no `-f`.
const NO_RESOURCES: &str = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/// An int flag's value, or pflag's error for one that is not an integer (reported while the
/// flags are parsed, so before any other check). `shown` is how pflag names the flag
/// (`--max`, `-p, --port`).
fn int_flag(ctx: &Ctx, long: &str, shown: &str) -> Result<Option<i64>, String> {
    match ctx.flags.get(long) {
        None => Ok(None),
        Some(v) => v.parse::<i64>().map(Some).map_err(|_| {
            format!(
                "error: invalid argument \"{v}\" for \"{shown}\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl {} --help' for usage.",
                ctx.path.join(" ")
            )
        }),
    }
}

/// `--resource-version=RV` on a write (label, annotate): the API server's Conflict when the
/// object's resource version is another (its optimistic-lock error for a stale write).
fn resource_version_conflict(c: &Console, ctx: &Ctx, r: &ResourceRef, obj: &Object) -> Option<String> {
    let wanted = ctx.flags.get("resource-version").filter(|v| !v.is_empty())?;
    if wanted == obj.meta().resource_version.to_string() {
        return None;
    }
    let message = format!(
        "Operation cannot be fulfilled on {} \"{}\": the object has been modified; please apply your changes to the latest version and try again",
        r.plural_qualified(),
        obj.meta().name
    );
    Some(api_error(c, &ApiError::Conflict { message }, Some(r.group)))
}

/// The named object, or kubectl's NotFound error (printed) and `None`.
fn fetch(c: &Console, ns: &str, r: &ResourceRef, name: &str, out: &mut Output) -> Option<(Kind, Object)> {
    let kind = sim_kind(r)?;
    match c.cluster.get(kind, ns, name) {
        Some(o) => Some((kind, o.clone())),
        None => {
            out.err(&api_error(c, &ApiError::NotFound { kind, name: name.to_string() }, Some(r.group)));
            None
        }
    }
}

/// The group kubectl names a kind with in this profile.
fn default_group(c: &Console, kind: Kind) -> String {
    resources::RESOURCES
        .iter()
        .find(|r| r.kind == kind.name())
        .map(|r| r.group_version(c.profile).0.to_string())
        .unwrap_or_default()
}

fn qualified(kind: Kind, group: &str) -> String {
    let singular = kind.name().to_lowercase();
    if group.is_empty() {
        singular
    } else {
        format!("{singular}.{group}")
    }
}

/// The error for a resource type the lab cannot resolve: the lab's honest message for
/// a kind real clusters serve and the lab does not simulate, kubectl's own otherwise.
pub(crate) fn unknown_type(t: &str, profile: crate::Profile) -> String {
    match resources::unmodelled(t, profile) {
        Some(r) => resources::not_simulated(r.info, &r.api_version()),
        None => format!("error: the server doesn't have a resource type \"{t}\""),
    }
}

/// Parses `TYPE NAME...`, `TYPE/NAME...` and `TYPE1,TYPE2 NAME` into (resource, name) pairs.
fn targets(c: &Console, pos: &[String], allow_no_name: bool) -> Result<Vec<(ResourceRef, Option<String>)>, String> {
    let Some(first) = pos.first() else {
        return Ok(vec![]);
    };
    let resolve = |t: &str| -> Result<ResourceRef, String> {
        resources::resolve(t, c.profile)
            .filter(|r| !argo_rollouts::crd_missing_for(c, r.info.kind))
            .filter(|r| r.info.kind != "Application" || argocd_install::application_served(c))
            .ok_or_else(|| unknown_type(t, c.profile))
    };
    let mut res = Vec::new();
    if first.contains('/') {
        for p in pos {
            let Some((t, n)) = p.split_once('/') else {
                return Err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".to_string());
            };
            if n.is_empty() {
                return Err("error: arguments in resource/name form must have a single resource and name".to_string());
            }
            res.push((resolve(t)?, Some(n.to_string())));
        }
        return Ok(res);
    }
    let types: Vec<&str> = first.split(',').filter(|s| !s.is_empty()).collect();
    let mut refs = Vec::new();
    for t in &types {
        if *t == "all" {
            // The "all" category, in discovery order; its workloads come from the apps group
            // in every profile (kubectl 1.11 too prints `deployment.apps/...` here).
            for k in [
                "pods",
                "replicationcontrollers",
                "services",
                "daemonsets.apps",
                "deployments.apps",
                "replicasets.apps",
                "statefulsets.apps",
                "horizontalpodautoscalers.autoscaling",
            ] {
                refs.push(resolve(k)?);
            }
            let batch = if c.era().all_jobs_before_cronjobs { ["jobs", "cronjobs"] } else { ["cronjobs", "jobs"] };
            for k in batch {
                refs.push(resolve(k)?);
            }
        } else {
            refs.push(resolve(t)?);
        }
    }
    let names = &pos[1..];
    if names.is_empty() {
        if !allow_no_name {
            return Err("error: resource(s) were provided, but no name was specified".into());
        }
        return Ok(refs.into_iter().map(|r| (r, None)).collect());
    }
    for r in refs {
        for n in names {
            res.push((r, Some(n.clone())));
        }
    }
    Ok(res)
}

/// The API server (v1.33+) warns on every request for v1 Endpoints; kubectl prints it first.
fn endpoints_warning(c: &Console, targets: &[(ResourceRef, Option<String>)], out: &mut Output) {
    if c.cluster.version().at_least(33) && targets.iter().any(|(r, _)| r.info.kind == "Endpoints") {
        out.warnings.push_str("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n");
    }
}

fn list_matching(c: &Console, kind: Kind, ns: Option<&str>, selector: Option<&Selector>) -> Vec<Object> {
    c.cluster
        .list(kind, ns)
        .into_iter()
        .filter(|o| selector.is_none_or(|s| s.matches(&o.meta().labels)))
        .cloned()
        .collect()
}

fn parse_selector(ctx: &Ctx) -> Result<Option<Selector>, String> {
    match ctx.flags.get("selector") {
        None => Ok(None),
        Some(s) => Selector::parse(s).map(Some).map_err(|e| format!("error: {e}")),
    }
}

fn minwidth(c: &Console) -> usize {
    c.era().table_min_width
}

fn no_resources(c: &Console, ns: Option<&str>, out: &mut Output) {
    out.stderr.push_str(&c.era().no_resources(ns));
    out.stderr.push('\n');
}
