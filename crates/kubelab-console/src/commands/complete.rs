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
            if word.starts_with('-') {
                let mut path = vec![*verb];
                if let Some(sub) = rest.first() {
                    if crate::help::subcommands(verb).contains(sub) {
                        path.push(sub);
                    }
                }
                cands.extend(crate::help::flags(&path).iter().map(|s| s.to_string()));
            } else if rest.is_empty() && matches!(find(verb).map(|v| v.action), Some(Action::Group { .. })) {
                cands.extend(crate::help::subcommands(verb).iter().map(|s| s.to_string()));
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
    res.sort();
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
}
