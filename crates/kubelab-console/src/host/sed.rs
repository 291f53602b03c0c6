//! `sed` on the student's machine, the subset CI scripts use to bump an image:
//! `sed [-i] [-e] 's/OLD/NEW/[g]' FILE...` (any delimiter: `s|a|b|g`), OLD a POSIX basic regular
//! expression (`.`, `*`, `[...]`, `[^...]`, `^`, `$`, `\.`-style escapes), NEW with `&` and
//! `\&`; the first match of each line, or all with `g`, leftmost-longest as sed matches. Without
//! `-i` the result goes to stdout.
//!
//! Simplified: one `s` command (no addresses, other commands, `\(...\)` groups, `\{m,n\}`,
//! character classes such as `[[:digit:]]`); matching backtracks with a budget per command
//! (a pathological expression stops with an error instead of running for long).

use super::fs::Home;
use crate::Output;

/// Matching steps one `sed` may spend.
const BUDGET: u64 = 20_000_000;

#[derive(Clone, Debug, PartialEq)]
enum Atom {
    Char(char),
    Any,
    Set(Vec<(char, char)>, bool),
}

#[derive(Clone, Debug, PartialEq)]
struct Piece {
    atom: Atom,
    star: bool,
}

#[derive(Clone, Debug, PartialEq)]
struct Regex {
    anchored_start: bool,
    anchored_end: bool,
    pieces: Vec<Piece>,
}

fn parse_regex(src: &str) -> Result<Regex, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    let anchored_start = chars.first() == Some(&'^');
    if anchored_start {
        i = 1;
    }
    let mut end = chars.len();
    let anchored_end = end > i && chars[end - 1] == '$' && (end < 2 || chars[end - 2] != '\\');
    if anchored_end {
        end -= 1;
    }
    let mut pieces: Vec<Piece> = Vec::new();
    while i < end {
        let c = chars[i];
        let atom = match c {
            '*' if pieces.is_empty() => Atom::Char('*'),
            '*' => {
                if let Some(last) = pieces.last_mut() {
                    last.star = true;
                }
                i += 1;
                continue;
            }
            '.' => Atom::Any,
            '\\' => {
                i += 1;
                match chars.get(i) {
                    Some('n') => Atom::Char('\n'),
                    Some('t') => Atom::Char('\t'),
                    Some(&e) => Atom::Char(e),
                    None => return Err("trailing backslash (\\)".into()),
                }
            }
            '[' => {
                let mut j = i + 1;
                let negate = chars.get(j) == Some(&'^');
                if negate {
                    j += 1;
                }
                let mut ranges = Vec::new();
                let mut first = true;
                loop {
                    let Some(&ch) = chars.get(j) else { return Err("unterminated address regex".into()) };
                    if ch == ']' && !first {
                        break;
                    }
                    first = false;
                    if chars.get(j + 1) == Some(&'-') && chars.get(j + 2).is_some_and(|c| *c != ']') {
                        let hi = chars[j + 2];
                        ranges.push((ch, hi));
                        j += 3;
                    } else {
                        ranges.push((ch, ch));
                        j += 1;
                    }
                }
                i = j;
                Atom::Set(ranges, negate)
            }
            other => Atom::Char(other),
        };
        pieces.push(Piece { atom, star: false });
        i += 1;
    }
    Ok(Regex { anchored_start, anchored_end, pieces })
}

fn atom_matches(a: &Atom, c: char) -> bool {
    match a {
        Atom::Char(x) => *x == c,
        Atom::Any => c != '\n',
        Atom::Set(ranges, neg) => ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)) != *neg,
    }
}

/// The longest match of `pieces` at `pos` (its end), spending `budget`.
fn match_here(re: &Regex, k: usize, text: &[char], pos: usize, budget: &mut u64) -> Option<usize> {
    if *budget == 0 {
        return None;
    }
    *budget -= 1;
    let Some(p) = re.pieces.get(k) else {
        return (!re.anchored_end || pos == text.len()).then_some(pos);
    };
    if p.star {
        let mut n = 0;
        while pos + n < text.len() && atom_matches(&p.atom, text[pos + n]) {
            n += 1;
        }
        // Greedy: the first success (the most repetitions) is the longest match without
        // alternation.
        for take in (0..=n).rev() {
            if let Some(e) = match_here(re, k + 1, text, pos + take, budget) {
                return Some(e);
            }
            if *budget == 0 {
                break;
            }
        }
        None
    } else if pos < text.len() && atom_matches(&p.atom, text[pos]) {
        match_here(re, k + 1, text, pos + 1, budget)
    } else {
        None
    }
}

/// Applies `s/re/rep/[g]` to one line (without its newline).
fn substitute_line(re: &Regex, rep: &[Rep], global: bool, line: &str, budget: &mut u64) -> Result<String, ()> {
    let text: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut pos = 0;
    let mut done = false;
    let mut last_end: Option<usize> = None;
    while pos <= text.len() {
        if done || (re.anchored_start && pos > 0) {
            out.extend(&text[pos..]);
            break;
        }
        // An empty match right where the previous match ended does not count (as in sed).
        let found = match_here(re, 0, &text, pos, budget).filter(|end| *end > pos || last_end != Some(pos));
        match found {
            Some(end) => {
                last_end = Some(end);
                for r in rep {
                    match r {
                        Rep::Lit(s) => out.push_str(s),
                        Rep::Whole => out.extend(&text[pos..end]),
                    }
                }
                if !global {
                    done = true;
                }
                if end == pos {
                    if let Some(c) = text.get(pos) {
                        out.push(*c);
                    }
                    pos += 1;
                } else {
                    pos = end;
                }
            }
            None => {
                if *budget == 0 {
                    return Err(());
                }
                if let Some(c) = text.get(pos) {
                    out.push(*c);
                }
                pos += 1;
            }
        }
    }
    Ok(out)
}

#[derive(Clone, Debug, PartialEq)]
enum Rep {
    Lit(String),
    Whole,
}

/// A parsed `s` command: regex, replacement, `g`.
fn parse_command(expr: &str) -> Result<(Regex, Vec<Rep>, bool), String> {
    let n = expr.chars().count();
    let err = |msg: &str, at: usize| format!("sed: -e expression #1, char {at}: {msg}");
    let mut it = expr.chars();
    if it.next() != Some('s') {
        let c = expr.chars().next().unwrap_or(' ');
        return Err(err(&format!("unknown command: `{c}'"), 1));
    }
    let Some(delim) = it.next() else { return Err(err("unterminated `s' command", n)) };
    if delim == '\n' || delim == '\\' {
        return Err(err("unterminated `s' command", n));
    }
    // Split on unescaped delimiters.
    let mut parts = vec![String::new()];
    let mut escaped = false;
    for c in it {
        if escaped {
            if c != delim {
                if let Some(p) = parts.last_mut() {
                    p.push('\\');
                }
            }
            if let Some(p) = parts.last_mut() {
                p.push(c);
            }
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == delim && parts.len() < 3 {
            parts.push(String::new());
        } else {
            if let Some(p) = parts.last_mut() {
                p.push(c);
            }
        }
    }
    if parts.len() < 3 {
        return Err(err("unterminated `s' command", n));
    }
    let flags = &parts[2];
    let mut global = false;
    for f in flags.chars() {
        match f {
            'g' => global = true,
            _ => return Err(err("unknown option to `s'", n)),
        }
    }
    let re = parse_regex(&parts[0]).map_err(|m| err(&m, n))?;
    let mut rep = Vec::new();
    let mut lit = String::new();
    let mut chars = parts[1].chars();
    while let Some(c) = chars.next() {
        match c {
            '&' => {
                rep.push(Rep::Lit(std::mem::take(&mut lit)));
                rep.push(Rep::Whole);
            }
            '\\' => match chars.next() {
                Some('n') => lit.push('\n'),
                Some(e) => lit.push(e),
                None => {}
            },
            other => lit.push(other),
        }
    }
    rep.push(Rep::Lit(lit));
    Ok((re, rep, global))
}

/// `sed [-i] [-e] EXPR FILE...`.
pub(crate) fn run(home: &mut Home, now_unix: i64, args: &[String], out: &mut Output) {
    let mut in_place = false;
    let mut expr: Option<String> = None;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        match a.as_str() {
            "-i" | "--in-place" => in_place = true,
            "-e" | "--expression" => {
                i += 1;
                expr = args.get(i).cloned();
            }
            s if s.starts_with("-i") && s.len() > 2 => in_place = true,
            s if s.starts_with('-') && s.len() > 1 => {
                out.err(&format!("sed: invalid option -- '{}'\nUsage: sed [OPTION]... {{script-only-if-no-other-script}} [input-file]...", s.chars().nth(1).unwrap_or('-')));
                out.exit_code = 1;
                return;
            }
            _ if expr.is_none() => expr = Some(a.clone()),
            _ => files.push(a.clone()),
        }
        i += 1;
    }
    let Some(expr) = expr else {
        out.err("Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...");
        out.exit_code = 1;
        return;
    };
    let (re, rep, global) = match parse_command(&expr) {
        Ok(c) => c,
        Err(e) => {
            out.err(&e);
            out.exit_code = 1;
            return;
        }
    };
    if files.is_empty() {
        if in_place {
            out.err("sed: no input files");
        } else {
            out.err("sed: this console has no standard input to read: give a FILE");
        }
        out.exit_code = if in_place { 1 } else { 4 };
        return;
    }
    let mut budget = BUDGET;
    for f in files {
        let abs = match home.resolve(&f) {
            Ok(a) => a,
            Err(e) => {
                out.stderr.push_str(&format!("sed: can't read {f}: {}\n", e.text()));
                out.exit_code = 2;
                continue;
            }
        };
        let Some(text) = home.files.get(&abs).map(|d| d.text.clone()) else {
            let why = if home.is_dir(&abs) { "Is a directory" } else { "No such file or directory" };
            if home.is_dir(&abs) && in_place {
                out.stderr.push_str(&format!("sed: couldn't edit {f}: not a regular file\n"));
                out.exit_code = 4;
            } else {
                out.stderr.push_str(&format!("sed: can't read {f}: {why}\n"));
                out.exit_code = 2;
            }
            continue;
        };
        let mut result = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            let (body, nl) = match line.strip_suffix('\n') {
                Some(b) => (b, "\n"),
                None => (line, ""),
            };
            match substitute_line(&re, &rep, global, body, &mut budget) {
                Ok(s) => {
                    result.push_str(&s);
                    result.push_str(nl);
                }
                Err(()) => {
                    out.err("sed: the expression is too costly for this lab's sed");
                    out.exit_code = 4;
                    return;
                }
            }
        }
        if in_place {
            // `sed -i` rewrites the file (and its time) even when nothing changed.
            if let Err(e) = home.write(&abs, result, now_unix) {
                out.err(&format!("sed: couldn't write {f}: {e}"));
                out.exit_code = 4;
            }
        } else {
            out.stdout.push_str(&result);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(expr: &str, line: &str) -> String {
        let (re, rep, g) = parse_command(expr).expect("parses");
        let mut budget = BUDGET;
        substitute_line(&re, &rep, g, line, &mut budget).expect("within budget")
    }

    #[test]
    fn substitutions_as_gnu_sed_makes_them() {
        assert_eq!(sub("s/1.0/1.1/", "image: web:1.0 1x0"), "image: web:1.1 1x0");
        assert_eq!(sub("s/1.0/1.1/g", "image: web:1.0 1x0"), "image: web:1.1 1.1");
        assert_eq!(sub("s|web:[0-9.]*|web:2.0|", "image: web:1.0.3"), "image: web:2.0");
        assert_eq!(sub("s/a*/X/g", "baaac"), "XbXcX");
        assert_eq!(sub("s/^/# /", "x"), "# x");
        assert_eq!(sub("s/x$/y/", "xx"), "xy");
        assert_eq!(sub("s/\\./!/g", "a.b.c"), "a!b!c");
        assert_eq!(sub("s/b/[&]/", "abc"), "a[b]c");
        assert_eq!(sub("s/[^a]/-/g", "abca"), "a--a");
    }

    #[test]
    fn bad_expressions_get_seds_errors() {
        assert_eq!(
            parse_command("s/a/b").err().as_deref(),
            Some("sed: -e expression #1, char 5: unterminated `s' command")
        );
        assert_eq!(
            parse_command("s/a/b/q").err().as_deref(),
            Some("sed: -e expression #1, char 7: unknown option to `s'")
        );
        assert_eq!(
            parse_command("k/a/b/").err().as_deref(),
            Some("sed: -e expression #1, char 1: unknown command: `k'")
        );
    }

    #[test]
    fn big_and_pathological_inputs_stay_bounded() {
        let mut home = Home::default();
        let big = "aaaaaaaaaa".repeat(100_000);
        home.write("/home/student/big", big.clone(), 0).expect("fits");
        let mut out = Output::default();
        run(&mut home, 1, &["-i".into(), "s/a*a*a*a*b/x/".into(), "big".into()], &mut out);
        assert!(out.exit_code == 0 || out.stderr.contains("too costly"), "{out:?}");
        let mut out = Output::default();
        run(&mut home, 1, &["-i".into(), "s/a/b/g".into(), "big".into()], &mut out);
        assert_eq!(home.files.get("/home/student/big").map(|f| f.text.len()), Some(big.len()));
    }
}
