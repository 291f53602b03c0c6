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
