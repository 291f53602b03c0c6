//! Tests of the verb table as a whole; each verb module tests its own arguments and errors.

use super::testing::{console, fails, ok, run};
use super::*;

/// The names (`--output`, `-o`) a flag list parses.
fn names(defs: &[FlagDef]) -> Vec<String> {
    defs.iter().flat_map(|d| std::iter::once(format!("--{}", d.long)).chain(d.short.map(|c| format!("-{c}")))).collect()
}

#[test]
fn every_flag_a_help_page_lists_is_parsed_or_not_modelled() {
    let mut missing = Vec::new();
    for v in VERBS {
        let path: Vec<&str> = v.path.split(' ').collect();
        let parsed = names(v.flags);
        for f in crate::help::page_flags(&path) {
            let known = parsed.iter().any(|p| p == f) || v.hidden.contains(&f) || v.not_modelled.contains(&f);
            if !known {
                missing.push(format!("{}: {f}", v.path));
            }
        }
        for f in v.not_modelled {
            assert!(!parsed.iter().any(|p| p == f), "{}: {f} is both parsed and not modelled", v.path);
            assert!(crate::help::page_flags(&path).contains(f), "{}: {f} is not on the help page", v.path);
        }
    }
    let global = names(flags::GLOBAL);
    for f in crate::help::global_flags() {
        if !global.contains(&f.to_string()) && !flags::GLOBAL_NOT_MODELLED.contains(&f) {
            missing.push(format!("options: {f}"));
        }
    }
    assert!(missing.is_empty(), "flags neither parsed nor listed as not modelled:\n{}", missing.join("\n"));
}

/// What Tab offers, the parser takes: no flag that completion lists answers `unknown flag`
/// (kubectl never says that of its own flags); a flag the lab does not model says so.
#[test]
fn no_flag_tab_offers_is_an_unknown_flag() {
    let mut c =
        Console::new(crate::ConsoleConfig { seed: 1, profile: crate::Profile::Current }, Box::new(crate::NoFiles));
    for v in VERBS {
        let path: Vec<&str> = v.path.split(' ').collect();
        for flag in crate::help::flags(&path) {
            let line = format!("kubectl {} {flag}", v.path);
            let out = c.run(&line);
            assert!(
                !out.stderr.contains("unknown flag") && !out.stderr.contains("unknown shorthand flag"),
                "{line}: {}",
                out.stderr
            );
        }
    }
    let out = c.run("kubectl get pods --show-managed-fields");
    assert_eq!(
        out.stderr,
        "error: flag --show-managed-fields is not available in this lab yet\nSee 'kubectl get --help' for usage.\n"
    );
    assert_eq!(out.exit_code, 1);
    assert_eq!(
        c.run("kubectl apply -k dir").stderr.lines().next(),
        Some("error: flag -k is not available in this lab yet")
    );
    assert_eq!(
        c.run("kubectl get pods --token=x").stderr.lines().next(),
        Some("error: flag --token is not available in this lab yet")
    );
}

#[test]
fn every_verb_prints_its_own_help_page() {
    let mut c = console();
    for v in VERBS {
        for flag in ["--help", "-h"] {
            let out = run(&mut c, &format!("kubectl {} {flag}", v.path));
            assert_eq!(out.exit_code, 0, "kubectl {} {flag}: {}", v.path, out.stderr);
            assert_eq!(out.stdout.trim_end(), (v.help)().trim_end(), "kubectl {} {flag}", v.path);
        }
        // `kubectl help PATH` is the same page.
        let out = run(&mut c, &format!("kubectl help {}", v.path));
        assert_eq!(out.stdout.trim_end(), (v.help)().trim_end(), "kubectl help {}", v.path);
    }
}

#[test]
fn a_one_letter_typo_of_a_verb_is_suggested() {
    let mut c = console();
    for verb in top_level() {
        // The last letter replaced: one edit away.
        let typo: String = verb.chars().take(verb.chars().count() - 1).chain(std::iter::once('q')).collect();
        let err = fails(&mut c, &format!("kubectl {typo}"));
        assert!(
            err.starts_with(&format!("error: unknown command \"{typo}\" for \"kubectl\"\n\nDid you mean this?\n")),
            "{err}"
        );
        assert!(err.contains(&format!("\t{verb}\n")), "`{typo}` does not suggest {verb}:\n{err}");
    }
}

#[test]
fn an_aliased_subcommand_runs_its_row() {
    let mut c = console();
    assert_eq!(ok(&mut c, "kubectl create deploy web --image=nginx"), "deployment.apps/web created\n");
    assert_eq!(ok(&mut c, "kubectl create ns team"), "namespace/team created\n");
    assert_eq!(ok(&mut c, "kubectl create svc clusterip web --tcp=80"), "service/web created\n");
}

#[test]
fn an_unknown_flag_names_the_command_path() {
    let mut c = console();
    assert_eq!(
        fails(&mut c, "kubectl rollout undo deploy/web --bogus"),
        "error: unknown flag: --bogus\nSee 'kubectl rollout undo --help' for usage.\n"
    );
    assert_eq!(
        fails(&mut c, "kubectl get pods --kustomize=dir"),
        "error: flag --kustomize is not available in this lab yet\nSee 'kubectl get --help' for usage.\n"
    );
}

/// Every command kubectl 1.33 has answers: either the lab runs it, or it says it does not run
/// it yet; never `unknown command`, which would tell a student kubectl has no such verb.
#[test]
fn every_kubectl_command_runs_or_is_not_available_yet() {
    let mut c = console();
    for command in crate::help::kubectl_commands() {
        let out = run(&mut c, &format!("kubectl {command}"));
        assert!(!out.stderr.contains("unknown command"), "kubectl {command}: {}", out.stderr);
        if find(command).is_none() && *command != "options" {
            assert_eq!(out.stderr, format!("error: \"kubectl {command}\" is not available in this lab yet\n"));
            assert_eq!(out.exit_code, 1);
        }
    }
    assert_eq!(fails(&mut c, "kubectl cp web:/a b"), "error: \"kubectl cp\" is not available in this lab yet\n");
    assert_eq!(
        fails(&mut c, "kubectl taint nodes node01 a=b:NoSchedule"),
        "error: \"kubectl taint\" is not available in this lab yet\n"
    );
    assert!(ok(&mut c, "kubectl options").starts_with("The following options can be passed to any command:"));
}

/// A subcommand kubectl has (its group's help page lists it) but the lab lacks says so; a
/// word that is no subcommand keeps kubectl's own error.
#[test]
fn a_kubectl_subcommand_the_lab_lacks_is_not_available_yet() {
    let mut c = console();
    assert_eq!(
        fails(&mut c, "kubectl create quota q --hard=pods=1"),
        "error: Kubelab does not simulate ResourceQuotas yet (v1 resourcequotas exist in every real cluster)\n"
    );
    assert_eq!(
        fails(&mut c, "kubectl set subject clusterrolebinding admin --user=u"),
        "error: \"kubectl set subject\" is not available in this lab yet\n"
    );
    assert!(fails(&mut c, "kubectl create priorityclass p --value=1")
        .starts_with("error: Kubelab does not simulate PriorityClasses yet (scheduling.k8s.io/v1 priorityclasses"));
    assert_eq!(
        fails(&mut c, "kubectl create token robot"),
        "error: \"kubectl create token\" is not available in this lab yet\n"
    );
    // A subcommand of a subcommand: `create secret` runs its three, and knows no other.
    assert_eq!(ok(&mut c, "kubectl create secret generic s --from-literal=a=b"), "secret/s created\n");
    assert_eq!(
        fails(&mut c, "kubectl create secret opaque s"),
        "error: unknown command \"opaque s\"\nSee 'kubectl create secret -h' for help and examples\n"
    );
    assert_eq!(ok(&mut c, "kubectl create sa robot"), "serviceaccount/robot created\n");
    assert_eq!(
        fails(&mut c, "kubectl create foo"),
        "error: Unexpected args: [foo]\nSee 'kubectl create -h' for help and examples\n"
    );
}

/// A real typo gets cobra's error with suggestions from all of kubectl's commands, those the
/// lab lacks included, in kubectl's order.
#[test]
fn a_typo_is_suggested_from_all_of_kubectls_commands() {
    let mut c = console();
    assert_eq!(
        fails(&mut c, "kubectl st"),
        "error: unknown command \"st\" for \"kubectl\"\n\nDid you mean this?\n\tset\n\tget\n\tcp\n"
    );
    assert_eq!(
        fails(&mut c, "kubectl edti"),
        "error: unknown command \"edti\" for \"kubectl\"\n\nDid you mean this?\n\tedit\n"
    );
    assert_eq!(fails(&mut c, "kubectl xyzzy"), "error: unknown command \"xyzzy\" for \"kubectl\"\n");
}
