//! Command patterns: which console lines a `ran:` or `failed:` goal accepts.
//!
//! A pattern is a list of words separated by blanks, matched against the shell words of a
//! console line (quotes removed, a here-document body ignored), left to right:
//!
//! * a pattern word is a glob matched against one whole line word: `*` matches any run of
//!   characters (also none), `?` exactly one character, anything else itself (case matters);
//! * `a|b|c` in one pattern word accepts any of the alternatives (`deploy|deployment|deployments`,
//!   `hpa|horizontalpodautoscaler*`);
//! * the pattern word `...` matches any number of line words, none included;
//! * the line may go on after the last pattern word (flags such as `-o wide` do not stop a
//!   match) unless the pattern ends in the word `$`, which matches the end of the line only.
//!
//! Before matching, a line that starts with the alias `k` is read as starting with `kubectl`.
//! A pattern matches a line if it matches the words as typed, **or** the line's words with each
//! `type/name` word split in two (`deploy/web` → `deploy web`) and each `--flag=value` word split
//! in two (`--replicas=2` → `--replicas 2`). So `kubectl scale deploy* web --replicas 2` accepts
//! `kubectl scale deploy/web --replicas=2` as well as `kubectl scale deployment web --replicas 2`.

use std::fmt;

/// A parsed command pattern (see the module documentation for the syntax).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandPattern {
    source: String,
    words: Vec<PatternWord>,
    anchored: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum PatternWord {
    /// `...`
    AnyWords,
    /// Globs separated by `|`.
    OneOf(Vec<String>),
}

impl CommandPattern {
    /// Parses a pattern. It must have at least one word besides `...` and `$`, and `$` may only
    /// come last.
    pub fn parse(source: &str) -> Result<CommandPattern, String> {
        let raw: Vec<&str> = source.split_whitespace().collect();
        let mut words = Vec::new();
        let mut anchored = false;
        for (idx, word) in raw.iter().enumerate() {
            match *word {
                "$" if idx + 1 == raw.len() => anchored = true,
                "$" => return Err(format!("command pattern \"{source}\": `$` may only be the last word")),
                "..." => words.push(PatternWord::AnyWords),
                _ => {
                    let alternatives: Vec<String> = word.split('|').map(str::to_string).collect();
                    if alternatives.iter().any(String::is_empty) {
                        return Err(format!("command pattern \"{source}\": empty alternative in `{word}`"));
                    }
                    words.push(PatternWord::OneOf(alternatives));
                }
            }
        }
        if !words.iter().any(|w| matches!(w, PatternWord::OneOf(_))) {
            return Err(format!("command pattern \"{source}\" has no word to match"));
        }
        Ok(CommandPattern { source: source.trim().to_string(), words, anchored })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether a console line (possibly with a here-document) matches.
    pub fn matches(&self, line: &str) -> bool {
        let typed = line_words(line);
        if self.matches_words(&typed) {
            return true;
        }
        let normalised = normalise(&typed);
        normalised != typed && self.matches_words(&normalised)
    }

    fn matches_words(&self, line: &[String]) -> bool {
        match_from(&self.words, line, self.anchored)
    }
}

impl fmt::Display for CommandPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

fn match_from(pattern: &[PatternWord], line: &[String], anchored: bool) -> bool {
    let Some((first, rest)) = pattern.split_first() else {
        return !anchored || line.is_empty();
    };
    match first {
        PatternWord::AnyWords => (0..=line.len()).any(|skip| match_from(rest, &line[skip..], anchored)),
        PatternWord::OneOf(alternatives) => match line.split_first() {
            Some((word, line_rest)) => {
                alternatives.iter().any(|glob| glob_matches(glob, word)) && match_from(rest, line_rest, anchored)
            }
            None => false,
        },
    }
}

/// `*` and `?` globbing over characters; the whole text must match.
pub(crate) fn glob_matches(glob: &str, text: &str) -> bool {
    let glob: Vec<char> = glob.chars().collect();
    let text: Vec<char> = text.chars().collect();
    // Iterative matcher with single-star backtracking: linear in practice, no recursion.
    let (mut g, mut t) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if g < glob.len() && (glob[g] == '?' || (glob[g] != '*' && glob[g] == text[t])) {
            g += 1;
            t += 1;
        } else if g < glob.len() && glob[g] == '*' {
            star = Some((g, t));
            g += 1;
        } else if let Some((star_g, star_t)) = star {
            g = star_g + 1;
            t = star_t + 1;
            star = Some((star_g, star_t + 1));
        } else {
            return false;
        }
    }
    glob[g..].iter().all(|c| *c == '*')
}

/// The shell words of a line's command part; `k` is read as `kubectl`.
fn line_words(line: &str) -> Vec<String> {
    let mut words: Vec<String> = match kubelab_console::lex::split_words(line) {
        Ok(lexed) => lexed.words.into_iter().map(|w| w.text).collect(),
        // An input the shell would refuse still has words a person would recognise.
        Err(_) => line.lines().next().unwrap_or("").split_whitespace().map(str::to_string).collect(),
    };
    if words.first().is_some_and(|w| w == "k") {
        words[0] = "kubectl".to_string();
    }
    words
}

/// `type/name` → `type name`, `--flag=value` → `--flag value`.
fn normalise(words: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        if word.starts_with("--") {
            if let Some((flag, value)) = word.split_once('=') {
                out.push(flag.to_string());
                out.push(value.to_string());
                continue;
            }
        } else if let Some((kind, name)) = word.split_once('/') {
            let kind_like = kind.starts_with(|c: char| c.is_ascii_alphabetic())
                && kind.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
            if kind_like && !name.is_empty() && !name.contains('/') {
                out.push(kind.to_string());
                out.push(name.to_string());
                continue;
            }
        }
        out.push(word.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, line: &str) -> bool {
        CommandPattern::parse(pattern).expect("valid pattern").matches(line)
    }

    #[test]
    fn globs_match_whole_words() {
        assert!(glob_matches("deploy*", "deploy"));
        assert!(glob_matches("deploy*", "deployments"));
        assert!(glob_matches("*rs*", "po,deploy,rs"));
        assert!(glob_matches("h?a", "hpa"));
        assert!(glob_matches("*", ""));
        assert!(glob_matches("a*b*c", "aXXbYYc"));
        assert!(!glob_matches("a*b*c", "aXXbYY"));
        assert!(!glob_matches("deploy*", "xdeploy"));
        assert!(!glob_matches("hpa", "HPA"));
    }

    #[test]
    fn words_match_left_to_right_and_the_line_may_go_on() {
        assert!(m("kubectl get hpa", "kubectl get hpa"));
        assert!(m("kubectl get hpa", "kubectl get hpa -o wide"));
        assert!(!m("kubectl get hpa", "kubectl get pods"));
        assert!(!m("kubectl get hpa", "kubectl get"));
        assert!(m(
            "kubectl describe deploy* helloworld-all-deployment",
            "kubectl describe deployment helloworld-all-deployment"
        ));
        assert!(m(
            "kubectl describe deploy* helloworld-all-deployment",
            "kubectl describe deploy helloworld-all-deployment"
        ));
    }

    #[test]
    fn dollar_anchors_the_end() {
        assert!(m("kubectl get hpa $", "kubectl get hpa"));
        assert!(!m("kubectl get hpa $", "kubectl get hpa -w"));
        assert!(CommandPattern::parse("kubectl $ get").is_err());
    }

    #[test]
    fn ellipsis_skips_any_words() {
        assert!(m("kubectl get ... --show-labels", "kubectl get po,deploy,svc --show-labels -o wide"));
        assert!(m("kubectl get ... --show-labels", "kubectl get po --show-labels"));
        assert!(!m("kubectl get ... --show-labels", "kubectl get po -o wide"));
        assert!(m("kubectl ... describe", "kubectl -n default describe deploy x"));
    }

    #[test]
    fn alternatives_in_one_word() {
        let p = "kubectl rollout undo deploy|deployment|deployments header-deployment";
        assert!(m(p, "kubectl rollout undo deployment header-deployment"));
        assert!(m(p, "kubectl rollout undo deploy/header-deployment"));
        assert!(!m(p, "kubectl rollout undo rs header-deployment"));
        assert!(CommandPattern::parse("kubectl get a||b").is_err());
    }

    #[test]
    fn type_slash_name_and_flag_equals_value_are_also_split() {
        let p = "kubectl scale deploy* web --replicas 2";
        assert!(m(p, "kubectl scale deploy/web --replicas=2"));
        assert!(m(p, "kubectl scale deployment web --replicas 2"));
        assert!(!m(p, "kubectl scale deployment web --replicas=3"));
        // As typed still matches, so `./file` and `--flag=value` patterns work too.
        assert!(m("kubectl create -f ./web.yaml", "kubectl create -f ./web.yaml"));
        assert!(m("kubectl scale ... --replicas=2", "kubectl scale deploy web --replicas=2"));
    }

    #[test]
    fn quotes_aliases_and_here_documents() {
        assert!(m("kubectl get pods -l app=web", "kubectl get pods -l 'app=web'"));
        assert!(m("kubectl get pods", "k get pods"));
        assert!(m("kubectl apply -f -", "kubectl apply -f - <<EOF\nkind: Pod\nEOF"));
        assert!(!m("kubectl apply -f - kind:", "kubectl apply -f - <<EOF\nkind: Pod\nEOF"));
        // An unterminated quote still gives words.
        assert!(m("kubectl get pods", "kubectl get pods 'oops"));
    }

    #[test]
    fn patterns_need_a_word() {
        assert!(CommandPattern::parse("").is_err());
        assert!(CommandPattern::parse("   ").is_err());
        assert!(CommandPattern::parse("... $").is_err());
        assert_eq!(CommandPattern::parse(" kubectl  get ").expect("valid").as_str(), "kubectl  get");
    }
}
