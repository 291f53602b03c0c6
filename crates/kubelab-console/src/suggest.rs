//! "Did you mean this?" suggestions, as cobra makes them for unknown commands.
//!
//! Cobra (`Command.SuggestionsFor`) suggests a command when the case-insensitive
//! Levenshtein distance between what was typed and the command name is at most
//! `SuggestionsMinimumDistance` (2), or when the name starts with what was typed
//! (case-insensitive). kubectl prints them as
//! `Did you mean this?\n\t<name>` after `error: unknown command "x" for "kubectl"`.
//!
//! Matches come in the order of the candidates, as cobra lists them in the order the
//! commands were registered (kubectl's: the help page's groups, then the ungrouped
//! commands; see `help::kubectl_commands`): `kubectl st` suggests `set`, `get`, `cp`.
//! Cobra's explicit `SuggestFor` aliases (e.g. `list` → `get`) are not handled
//! here; callers can add them. Distances are counted in chars, not bytes.

/// The cobra minimum distance for suggestions.
pub const MAX_DISTANCE: usize = 2;

/// Candidates within Levenshtein distance 2 (case-insensitive) of `input`, or that
/// start with `input` (case-insensitive); in the candidates' order, without
/// duplicates. An empty `input` gives nothing.
pub fn suggest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    if input.is_empty() {
        return Vec::new();
    }
    let typed = input.to_lowercase();
    let mut found: Vec<&'a str> = Vec::new();
    for candidate in candidates {
        let lower = candidate.to_lowercase();
        let close = levenshtein(&typed, &lower) <= MAX_DISTANCE || lower.starts_with(&typed);
        if close && !found.contains(&candidate) {
            found.push(candidate);
        }
    }
    found
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

    /// What kubectl 1.33 suggests (recorded from the real client), from all of kubectl's
    /// commands in the order kubectl registers them.
    fn kubectl(typed: &str) -> Vec<&'static str> {
        suggest(typed, crate::help::kubectl_commands().iter().copied())
    }

    #[test]
    fn typos_as_kubectl_suggests_them() {
        assert_eq!(kubectl("gte"), ["get"]);
        assert_eq!(kubectl("st"), ["set", "get", "cp"]);
        assert_eq!(kubectl("Api"), ["cp", "api-versions", "api-resources"]);
        assert_eq!(kubectl("ed"), ["set", "get", "edit", "cp"]);
        assert_eq!(kubectl("po"), ["top", "port-forward", "cp"]);
        assert_eq!(kubectl("l"), ["logs", "cp", "label"]);
        assert_eq!(kubectl("ver"), ["set", "get", "version"]);
        assert_eq!(kubectl("rolout"), ["rollout"]);
        assert_eq!(kubectl("edti"), ["edit"]);
        assert_eq!(kubectl("xyzzy"), Vec::<&str>::new());
        assert_eq!(kubectl(""), Vec::<&str>::new());
    }

    #[test]
    fn prefixes_and_case() {
        // "exec" is 2 edits away, "explain" only matches as a prefix (3 edits); kubectl
        // registers explain first.
        assert_eq!(kubectl("expl"), ["explain", "exec"]);
        assert_eq!(kubectl("DESCRIBE"), ["describe"]);
    }

    #[test]
    fn in_candidate_order_without_duplicates() {
        let s = suggest("pod", ["pods", "po", "pod", "nodes", "pods"]);
        assert_eq!(s, ["pods", "po", "pod"]);
    }
}
