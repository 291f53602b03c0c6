//! Tests of the verb table as a whole; each verb module tests its own arguments and errors.

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
