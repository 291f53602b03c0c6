//! "Did you mean this?" suggestions, as cobra makes them for unknown commands.
//!
//! Cobra (`Command.SuggestionsFor`) suggests a command when the case-insensitive
//! Levenshtein distance between what was typed and the command name is at most
//! `SuggestionsMinimumDistance` (2), or when the name starts with what was typed
//! (case-insensitive). kubectl prints them as
//! `Did you mean this?\n\t<name>` after `error: unknown command "x" for "kubectl"`.
//!
//! Simplified / different: cobra lists matches in command (alphabetical) order;
//! here they are sorted by distance, then name, so the best match comes first.
//! Cobra's explicit `SuggestFor` aliases (e.g. `list` → `get`) are not handled
//! here; callers can add them. Distances are counted in chars, not bytes.

/// The cobra minimum distance for suggestions.
pub const MAX_DISTANCE: usize = 2;

/// Candidates within Levenshtein distance 2 (case-insensitive) of `input`, or that
/// start with `input` (case-insensitive); sorted by distance, then name, without
/// duplicates. An empty `input` gives nothing.
pub fn suggest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    if input.is_empty() {
        return Vec::new();
    }
    let typed = input.to_lowercase();
    let mut found: Vec<(usize, &'a str)> = Vec::new();
    for candidate in candidates {
        let lower = candidate.to_lowercase();
        let distance = levenshtein(&typed, &lower);
        if distance <= MAX_DISTANCE || lower.starts_with(&typed) {
            found.push((distance, candidate));
        }
    }
    found.sort();
    found.dedup_by(|a, b| a.1 == b.1);
    found.into_iter().map(|(_, c)| c).collect()
}

/// The Levenshtein (edit) distance between two strings, counted in chars.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(levenshtein("", ""), 0);
        assert_eq!(levenshtein("abc", ""), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("get", "got"), 1);
        assert_eq!(levenshtein("é", "e"), 1);
    }

    #[test]
    fn typos() {
        assert_eq!(suggest("gte", crate::help::verbs().iter().copied()), ["get"]);
        assert_eq!(suggest("st", crate::help::verbs().iter().copied()), ["set", "get"]);
        assert_eq!(suggest("scal", crate::help::verbs().iter().copied()), ["scale"]);
        assert_eq!(suggest("rolout", crate::help::verbs().iter().copied()), ["rollout"]);
        assert_eq!(suggest("delet", crate::help::verbs().iter().copied()), ["delete"]);
        assert_eq!(suggest("xyzzy", crate::help::verbs().iter().copied()), Vec::<&str>::new());
        assert_eq!(suggest("", crate::help::verbs().iter().copied()), Vec::<&str>::new());
    }

    #[test]
    fn prefixes_and_case() {
        // "exec" is 2 edits away, "explain" only matches as a prefix (3 edits).
        let s = suggest("expl", crate::help::verbs().iter().copied());
        assert_eq!(s, ["exec", "explain"]);
        assert_eq!(suggest("DESCRIBE", crate::help::verbs().iter().copied()), ["describe"]);
        assert_eq!(suggest("Api", crate::help::verbs().iter().copied()), ["api-resources"]);
    }

    #[test]
    fn sorted_by_distance_then_name_without_duplicates() {
        let s = suggest("pod", ["pods", "po", "pod", "nodes", "pods"]);
        assert_eq!(s, ["pod", "po", "pods"]);
    }
}
