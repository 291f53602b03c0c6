use super::*;

pub fn complete(c: &Console, line: &str, pos: usize) -> (usize, Vec<String>) {
    let pos = pos.min(line.len());
    let upto = line.get(..pos).unwrap_or(line);
    let start = upto.rfind(' ').map(|i| i + 1).unwrap_or(0);
    let word = &upto[start..];
    let words: Vec<&str> = upto[..start].split_whitespace().collect();
    let mut cands: Vec<String> = Vec::new();
    match words.as_slice() {
        [] => cands.extend(["kubectl", "sleep", "clear"].iter().map(|s| s.to_string())),
        ["kubectl"] | ["k"] => cands.extend(crate::help::verbs().iter().map(|s| s.to_string())),
        ["kubectl", verb, rest @ ..] | ["k", verb, rest @ ..] => {
            let minor = c.era().kubectl_minor;
            if word.starts_with('-') {
                let mut path = vec![*verb];
                if let Some(sub) = rest.first() {
                    if crate::help::subcommands(verb).contains(sub) {
                        path.push(sub);
                    }
                }
                // Not the flags this era's kubectl did not have yet (`-A` on 1.11).
                let defs = find(&path.join(" ")).map_or(&[][..], |row| row.flags);
                let newer = |cand: &str| {
                    defs.iter().any(|d| match cand.strip_prefix("--") {
                        Some(long) => d.long == long.trim_end_matches('=') && d.since > minor,
                        None => {
                            d.short.is_some_and(|x| cand == format!("-{x}"))
                                && (d.since > minor || d.short_since > minor)
                        }
                    })
                };
                cands.extend(crate::help::flags(&path).iter().filter(|f| !newer(f)).map(|s| s.to_string()));
            } else if rest.is_empty() && matches!(find(verb).map(|v| v.action), Some(Action::Group { .. })) {
                // Not the subcommands this era's kubectl did not have yet (`rollout restart` on 1.11).
                let path = find(verb).map_or(*verb, |row| row.path);
                cands.extend(
                    crate::help::subcommands(verb)
                        .iter()
                        .filter(|sub| find(&format!("{path} {sub}")).is_none_or(|row| row.since <= minor))
                        .map(|s| s.to_string()),
                );
            } else {
                let positional: Vec<&&str> = rest.iter().filter(|w| !w.starts_with('-')).collect();
                let kind_word = positional.iter().find(|w| resources::resolve(w, c.profile).is_some());
                match kind_word {
                    Some(k) if !k.contains('/') => {
                        if let Some(kind) = resources::resolve(k, c.profile).and_then(|r| Kind::from_name(r.info.kind))
                        {
                            for o in c.cluster.list(kind, Some("default")) {
                                cands.push(o.meta().name.clone());
                            }
                        }
                    }
                    _ => {
                        if rest.is_empty() {
                            // A command with subcommands of its own (`create deployment`).
                            cands.extend(crate::help::subcommands(verb).iter().map(|s| s.to_string()));
                        }
                        cands.extend(resources::completion_names().iter().map(|s| s.to_string()));
                    }
                }
            }
        }
        _ => {}
    }
    let mut res: Vec<String> = cands.into_iter().filter(|c| c.starts_with(word)).collect();
    kubelab_sim::sort::natural(&mut res);
    res.dedup();
    (start, res)
}

#[cfg(test)]
mod tests {
    use crate::commands::testing::*;

    fn complete(c: &crate::Console, line: &str) -> Vec<String> {
        let (start, cands) = c.complete(line, line.len());
        assert_eq!(start, line.rfind(' ').map_or(0, |i| i + 1), "`{line}` replaces the last word");
        cands
    }

    #[test]
    fn every_top_level_verb_completes_after_kubectl() {
        let c = console();
        let all = complete(&c, "kubectl ");
        for v in crate::commands::top_level() {
            assert!(all.iter().any(|a| a == v), "`kubectl <Tab>` lacks {v}");
        }
        assert_eq!(complete(&c, "kubectl sc"), ["scale"]);
        assert_eq!(complete(&c, "k rollout "), ["history", "pause", "restart", "resume", "status", "undo"]);
    }

    #[test]
    fn flags_complete_for_the_subcommand() {
        let c = console();
        assert_eq!(complete(&c, "kubectl scale --rep"), ["--replicas"]);
        assert!(complete(&c, "kubectl rollout undo --to").contains(&"--to-revision".to_string()));
    }

    #[test]
    fn names_come_from_the_cluster() {
        let mut c = with_web();
        ok(&mut c, "kubectl create deployment api --image=nginx");
        assert_eq!(complete(&c, "kubectl get deployment w"), ["web"]);
        assert_eq!(complete(&c, "kubectl scale deploy "), ["api", "web"]);
        assert!(complete(&c, "kubectl get po").contains(&"pods".to_string()));
    }

    #[test]
    fn odd_positions_and_words_do_not_panic() {
        let c = console();
        assert_eq!(c.complete("kubectl", 999).0, 0);
        let _ = c.complete("kubectl gé", 10);
        assert!(complete(&c, "sleep 1 ").is_empty());
    }

    #[test]
    fn the_course_era_does_not_complete_what_its_kubectl_lacked() {
        let c = course();
        assert!(!complete(&c, "kubectl rollout ").contains(&"restart".to_string()));
        assert!(complete(&c, "kubectl rollout ").contains(&"pause".to_string()));
        assert!(!complete(&c, "kubectl get -").contains(&"-A".to_string()));
        assert!(complete(&c, "kubectl get --").contains(&"--all-namespaces".to_string()));
        assert!(!complete(&c, "kubectl create deployment --r").contains(&"--replicas".to_string()));
        let c = console();
        assert!(complete(&c, "kubectl rollout ").contains(&"restart".to_string()));
        assert!(complete(&c, "kubectl get -").contains(&"-A".to_string()));
        assert!(complete(&c, "kubectl create deployment --r").contains(&"--replicas".to_string()));
    }
}
