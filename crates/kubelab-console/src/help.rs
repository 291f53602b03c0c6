//! `--help` texts, the command/subcommand/flag tables for completion and
//! "did you mean", and `kubectl explain`.
//!
//! What is reproduced: the text kubectl 1.33 prints for `kubectl --help`,
//! `kubectl options` and `kubectl <verb> [<subcommand>] --help` for every verb
//! the console supports, in kubectl's own layout: the long description (first
//! paragraph flush left, later paragraphs with kubectl's one-space indent, as its
//! markdown renderer produces them), `Aliases:`, `Examples:` (two-space indent,
//! blank lines as two spaces), `Available Commands:` (cobra's name padding),
//! `Options:` (`    -o, --output='':` then a tab-indented usage line, flags
//! sorted by name), `Usage:` and the `Use "kubectl options" ...` line. The
//! texts live in `src/help/*.txt`, kubectl 1.33's own output (`scripts/refresh-help.sh` compares
//! them with a real kubectl and rewrites them with `--write`); each command's page is included
//! with `include_str!` in its row of `commands::VERBS`.
//!
//! Simplified / not reproduced:
//! * the text is the non-terminal form (as with `kubectl get --help | cat`): kubectl
//!   wraps long lines to the terminal width (80/100/120) only when stdout is a
//!   terminal; here lines are left unwrapped for the UI to soft-wrap;
//! * only the current profile's (kubectl 1.33) help exists; the course profile
//!   (kubectl 1.11) shows the same text;
//! * option lists are the real flags of each command, except hidden/deprecated
//!   ones (`--record`, `--generator`), which kubectl also hides; `--cache-dir`'s
//!   default shows a fixed home directory;
//! * the top-level overview lists all of kubectl's real commands, including ones
//!   the console does not run.
//!
//! [`flags`] returns every flag the help text lists for a command, plus hidden
//! flags kubectl 1.33 still accepts (the deprecated `--record`), plus the global
//! flags. Course-era-only flags (`kubectl run --replicas`, `--generator`) are not
//! listed: accepting them in the course profile is the parser's job.

mod explain;

pub use explain::explain;

use std::sync::OnceLock;

/// The two pages that belong to no command row: `kubectl --help` and `kubectl options`. Every
/// command's page is in its row of `commands::VERBS`.
const TOP: &str = include_str!("help/kubectl.txt");
const OPTIONS: &str = include_str!("help/options.txt");

/// Top-level commands the console runs, sorted (for completion and "did you mean").
pub fn verbs() -> &'static [&'static str] {
    static VERBS: OnceLock<Vec<&'static str>> = OnceLock::new();
    VERBS.get_or_init(|| crate::commands::top_level().collect())
}

/// Commands kubectl registers without a group (kubectl's `cmd.go` adds them after the help
/// page's groups, in this order); the help page lists them, but `options`, under "Other
/// Commands:" sorted by name.
const UNGROUPED: &[&str] = &["config", "plugin", "version", "api-versions", "api-resources", "options"];

/// Every top-level command of kubectl 1.33, in the order kubectl registers them (the order of
/// its "Did you mean this?" lists): the commands of each group of the help page `kubectl.txt`,
/// in the page's order, then [`UNGROUPED`]. Read from the page once.
pub fn kubectl_commands() -> &'static [&'static str] {
    static COMMANDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    COMMANDS.get_or_init(|| {
        let mut commands = Vec::new();
        let mut in_group = false;
        for line in TOP.lines() {
            if !line.starts_with(' ') && line.ends_with(':') {
                in_group = line.ends_with("Commands:") || line.contains("Commands (");
                in_group &= line != "Other Commands:";
            } else if in_group {
                if let Some(name) = line.strip_prefix("  ").and_then(|l| l.split_whitespace().next()) {
                    commands.push(name);
                }
            }
        }
        commands.extend(UNGROUPED);
        commands
    })
}

/// The subcommands of `verb` the console runs (empty for verbs without any).
pub fn subcommands(verb: &str) -> Vec<&'static str> {
    crate::commands::subcommands(verb).filter_map(|v| v.path.rsplit(' ').next()).collect()
}

/// Every word of every command path the console runs, with subcommand aliases
/// (`create`, `deployment`, `deploy`, ...), for tests that feed the console kubectl-ish words.
pub fn command_words() -> Vec<&'static str> {
    let mut words: Vec<&'static str> = Vec::new();
    for v in crate::commands::VERBS {
        words.extend(v.path.split(' '));
        words.extend(v.aliases.iter().copied());
    }
    kubelab_sim::sort::natural(&mut words);
    words.dedup();
    words
}

/// The canonical name of a subcommand of `verb` the console runs, aliases resolved
/// (`create deploy` → `deployment`).
pub fn resolve_subcommand(verb: &str, sub: &str) -> Option<&'static str> {
    crate::commands::resolve_subcommand(verb, sub)
}

/// Resolves cobra aliases (`create deploy` → `create deployment`) and drops a
/// leading "kubectl"; returns the canonical path joined by spaces.
fn canonical(path: &[&str]) -> String {
    let path = match path.split_first() {
        Some((&"kubectl", rest)) => rest,
        _ => path,
    };
    match path {
        [verb, sub, rest @ ..] => {
            let sub = resolve_subcommand(verb, sub).unwrap_or(sub);
            [&[*verb, sub][..], rest].concat().join(" ")
        }
        _ => path.join(" "),
    }
}

/// The `--help` text for a command path, e.g. `["rollout", "undo"]`; `[]` (or
/// `["kubectl"]`) gives the top-level overview and `["options"]` the text of
/// `kubectl options`. Subcommand aliases are accepted (`["create", "deploy"]`).
/// None when the console has no help for that path.
pub fn help_text(path: &[&str]) -> Option<&'static str> {
    match canonical(path).as_str() {
        "" => Some(TOP),
        "options" => Some(OPTIONS),
        key => crate::commands::find(key).map(|v| (v.help)()),
    }
}

/// Flag names the help text lists on an `Options:` line (`-o`, `--output`), in
/// order. Every returned `&str` points into `text`.
fn parse_flags(text: &'static str) -> Vec<&'static str> {
    let mut out = Vec::new();
    for line in text.lines() {
        // "    -A, --all-namespaces=false:" or "    --output='':"
        let Some(spec) =
            line.strip_prefix("    ").filter(|rest| rest.starts_with('-')).and_then(|rest| rest.strip_suffix(':'))
        else {
            continue;
        };
        let spec = spec.split('=').next().unwrap_or(spec);
        for name in spec.split(", ") {
            if name.starts_with('-') && !name.contains(' ') {
                out.push(name);
            }
        }
    }
    out
}

/// The long and short flag names a command accepts, for completion: its own
/// flags (as its help lists them), hidden flags it still accepts, then the global
/// flags (`--namespace`, `-n`, ...) and `--help`/`-h`. Empty for unknown paths.
pub fn flags(path: &[&str]) -> &'static [&'static str] {
    static CACHE: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| {
        let global = parse_flags(OPTIONS);
        crate::commands::VERBS
            .iter()
            .map(|v| {
                let mut all = parse_flags((v.help)());
                all.extend(v.hidden.iter().copied());
                for g in &global {
                    if !all.contains(g) {
                        all.push(g);
                    }
                }
                for h in ["--help", "-h"] {
                    if !all.contains(&h) {
                        all.push(h);
                    }
                }
                all
            })
            .collect()
    });
    let key = canonical(path);
    match crate::commands::VERBS.iter().position(|v| v.path == key) {
        Some(i) => cache.get(i).map_or(&[], |v| v.as_slice()),
        None => &[],
    }
}

/// The flag names (`-o`, `--output`) the help page of `path` lists, the global ones excepted.
pub fn page_flags(path: &[&str]) -> Vec<&'static str> {
    help_text(path).map(parse_flags).unwrap_or_default()
}

/// The global flag names `kubectl options` lists.
pub fn global_flags() -> Vec<&'static str> {
    parse_flags(OPTIONS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubectl_commands_are_the_help_pages_in_registration_order() {
        let all = kubectl_commands();
        assert_eq!(&all[..5], ["create", "expose", "run", "set", "explain"]);
        assert_eq!(&all[all.len() - 6..], UNGROUPED);
        assert_eq!(all.len(), 43, "{all:?}");
        for (i, c) in all.iter().enumerate() {
            assert!(!all[..i].contains(c), "{c} twice");
        }
        // The page's "Other Commands:" (sorted there) are the ungrouped ones but `options`.
        let other = TOP.split("Other Commands:\n").nth(1).and_then(|s| s.split("\n\n").next()).unwrap_or("");
        let mut listed: Vec<&str> = other.lines().filter_map(|l| l.split_whitespace().next()).collect();
        let mut ungrouped: Vec<&str> = UNGROUPED.iter().copied().filter(|c| *c != "options").collect();
        kubelab_sim::sort::natural(&mut listed);
        kubelab_sim::sort::natural(&mut ungrouped);
        assert_eq!(listed, ungrouped);
        // Every command the console runs is one of kubectl's.
        for verb in verbs() {
            assert!(all.contains(verb), "{verb} is not a kubectl command");
        }
    }

    #[test]
    fn every_verb_and_subcommand_has_help() {
        for verb in verbs() {
            let text = help_text(&[verb]).unwrap_or_else(|| panic!("no help for {verb}"));
            assert!(text.ends_with(
                "Use \"kubectl options\" for a list of global command-line options (applies to all commands).\n"
            ));
            assert!(text.contains("\nUsage:\n  kubectl "), "{verb}");
            for sub in subcommands(verb) {
                assert!(help_text(&[verb, sub]).is_some(), "no help for {verb} {sub}");
            }
        }
        assert!(help_text(&[]).is_some());
        assert!(help_text(&["kubectl"]).is_some());
        assert!(help_text(&["kubectl", "get"]).is_some());
        assert!(help_text(&["options"]).unwrap().starts_with("The following options"));
        assert_eq!(help_text(&["create", "deploy"]), help_text(&["create", "deployment"]));
        assert_eq!(help_text(&["nope"]), None);
        assert_eq!(help_text(&["rollout", "nope"]), None);
        assert_eq!(help_text(&["get", "deploy"]), None);
    }

    #[test]
    fn listed_pages_exist() {
        for path in [
            "get",
            "describe",
            "create",
            "create deployment",
            "apply",
            "delete",
            "run",
            "scale",
            "autoscale",
            "set",
            "set image",
            "rollout",
            "rollout status",
            "rollout history",
            "rollout undo",
            "label",
            "annotate",
            "patch",
            "explain",
            "version",
            "api-resources",
            "expose",
            "logs",
            "exec",
            "cluster-info",
        ] {
            let parts: Vec<&str> = path.split(' ').collect();
            assert!(help_text(&parts).is_some(), "{path}");
        }
    }

    #[test]
    fn layout_details() {
        let get = help_text(&["get"]).unwrap();
        assert!(get.starts_with("Display one or many resources.\n\n Prints a table"));
        assert!(get.contains("\nExamples:\n  # List all pods in ps output format\n  kubectl get pods\n  \n"));
        assert!(get.contains("\nOptions:\n    -A, --all-namespaces=false:\n\tIf present, list"));
        assert!(get.contains("    -o, --output='':\n"));
        assert!(get.contains("    --chunk-size=500:\n"));
        let top = help_text(&[]).unwrap();
        assert!(top.starts_with("kubectl controls the Kubernetes cluster manager.\n"));
        assert!(top.contains("\n  create          Create a resource from a file or from stdin\n"));
        let rollout = help_text(&["rollout"]).unwrap();
        assert!(rollout.contains("\n  history       View rollout history\n"));
        assert!(rollout.contains("Use \"kubectl rollout <command> --help\""));
        let create = help_text(&["create"]).unwrap();
        assert!(create.contains("\n  poddisruptionbudget   Create a pod disruption budget"));
        let dep = help_text(&["create", "deployment"]).unwrap();
        assert!(dep.contains("\nAliases:\ndeployment, deploy\n\nExamples:\n"));
        for (path, text) in
            crate::commands::VERBS.iter().map(|v| (v.path, (v.help)())).chain([("", TOP), ("options", OPTIONS)])
        {
            assert!(!text.contains("\n\n\n"), "{path}");
            // `kubectl options` really ends with a blank line.
            assert!(text.ends_with('\n') && (!text.ends_with("\n\n") || path == "options"), "{path}");
        }
    }

    #[test]
    fn flag_tables() {
        let get = flags(&["get"]);
        for f in ["-A", "--all-namespaces", "-o", "--output", "--show-labels", "-l", "--selector", "-w"] {
            assert!(get.contains(&f), "{f}");
        }
        for g in ["--namespace", "-n", "--context", "--kubeconfig", "--help", "-h"] {
            assert!(get.contains(&g), "{g}");
        }
        assert!(flags(&["scale"]).contains(&"--replicas"));
        assert!(flags(&["scale"]).contains(&"--record"));
        assert!(flags(&["rollout", "undo"]).contains(&"--to-revision"));
        assert!(flags(&["set", "image"]).contains(&"--local"));
        assert!(flags(&["create", "deploy"]).contains(&"--image"));
        assert!(flags(&["create", "deploy"]).contains(&"-r"));
        assert!(flags(&["autoscale"]).contains(&"--cpu-percent"));
        assert!(flags(&["exec"]).contains(&"-i"));
        assert!(flags(&["exec"]).contains(&"-t"));
        assert!(flags(&["cluster-info"]).contains(&"--namespace"));
        assert!(flags(&["unknown"]).is_empty());
        // No duplicates.
        for v in crate::commands::VERBS {
            let path: Vec<&str> = v.path.split(' ').collect();
            let fl = flags(&path);
            let mut sorted = fl.to_vec();
            kubelab_sim::sort::natural(&mut sorted);
            sorted.dedup();
            assert_eq!(sorted.len(), fl.len(), "{}", v.path);
            assert!(fl.iter().all(|f| f.starts_with('-') && !f.contains('=')));
        }
    }

    #[test]
    fn subcommand_tables() {
        assert_eq!(subcommands("rollout"), ["history", "pause", "restart", "resume", "status", "undo"]);
        assert_eq!(subcommands("set"), ["env", "image", "resources", "selector", "serviceaccount"]);
        assert!(subcommands("create").contains(&"deployment"));
        assert!(subcommands("get").is_empty());
        let mut sorted = verbs().to_vec();
        kubelab_sim::sort::natural(&mut sorted);
        assert_eq!(sorted, verbs());
    }
}
