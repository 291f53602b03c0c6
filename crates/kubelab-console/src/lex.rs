//! Splits one console input into words, the way a POSIX shell would before it
//! runs `kubectl`.
//!
//! What is reproduced (POSIX shell "token recognition", simplified to what a
//! kubectl console needs):
//!
//! * words separated by unquoted blanks (space, tab; a stray `\r` is a blank too);
//! * single quotes: everything literal up to the next `'`;
//! * double quotes: literal except `\"`, `\\`, `\$` and `` \` `` (the backslash is
//!   dropped) and backslash-newline (both dropped); any other backslash is kept;
//! * a backslash outside quotes quotes the next character; backslash-newline is a
//!   line continuation and disappears;
//! * `#` at the start of a word starts a comment that runs to the end of the line;
//! * one here-document per input: `<<EOF`, `<< EOF`, `<<'EOF'`, `<<"EOF"`,
//!   `<<-EOF` (quotes anywhere in the delimiter word are removed). The lines after
//!   the command line, up to a line equal to the delimiter, are the body; with
//!   `<<-` leading tabs are stripped from body lines and from the terminator line;
//! * shell operators outside quotes (`|`, `||`, `&`, `&&`, `;`, `>`, `>>`, `<`,
//!   `2>&1`, `(`, `)`, `<<<` ...) are not words: they are collected in
//!   [`Lexed::operators`] and [`Lexed::has_pipe`] is set, so the caller can say
//!   that pipes and redirections are not supported in this console.
//!
//! Simplified / not done: no parameter, command, arithmetic, tilde or glob
//! expansion (`$HOME`, `$(...)`, `` `...` ``, `~`, `*` stay literal); a
//! here-document body is taken literally whether or not its delimiter was quoted;
//! only one command per input (a second, non-blank line that is not part of a
//! here-document is [`LexError::ExtraInput`]); CRLF line endings are accepted.
//!
//! Spans are byte offsets into the whole input; since the command line comes
//! first they are also offsets into the first (logical) line.

use std::fmt;

/// One shell word after quote removal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The word as the program would receive it (quotes and escapes removed).
    pub text: String,
    /// Byte offset of the word's first character (an opening quote included).
    pub start: usize,
    /// Byte offset just past the word's last character (a closing quote included).
    pub end: usize,
}

/// A here-document attached to the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter after quote removal (`EOF` for `<<'EOF'`).
    pub delimiter: String,
    /// The body: every line between the command line and the terminator line,
    /// each ending in `\n` (empty when the terminator follows immediately).
    pub body: String,
    /// `<<-`: leading tabs were stripped from the body lines.
    pub strip_tabs: bool,
    /// Some part of the delimiter was quoted (a shell would then not expand the body).
    pub quoted: bool,
}

/// The result of lexing one input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lexed {
    /// The words of the command line, in order (operators are not words).
    pub words: Vec<Word>,
    /// The here-document, if the command line had a `<<` operator.
    pub heredoc: Option<Heredoc>,
    /// True when the command line contains a pipe, a redirection, a command
    /// separator or another shell operator this console does not run.
    pub has_pipe: bool,
    /// Every such operator with its span (`text` is the operator as typed, e.g.
    /// `|`, `2>&1`, `&&`).
    pub operators: Vec<Word>,
}

/// Why an input could not be split into words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LexError {
    /// A `'` or `"` that is never closed; `start` is the byte offset of the quote.
    UnterminatedQuote { quote: char, start: usize },
    /// The input ends with a backslash (or a backslash-newline continuation).
    TrailingBackslash,
    /// `<<` (or `<<-`) without a delimiter word after it.
    MissingHeredocDelimiter { start: usize },
    /// A here-document whose terminator line has not been typed yet.
    UnterminatedHeredoc { delimiter: String },
    /// More than one here-document on the command line.
    MultipleHeredocs { start: usize },
    /// Non-blank input after the command (and its here-document); `start` is the
    /// byte offset where it begins.
    ExtraInput { start: usize },
}

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LexError::UnterminatedQuote { quote, .. } => {
                write!(f, "unexpected EOF while looking for matching `{quote}'")
            }
            LexError::TrailingBackslash => write!(f, "unexpected end of input after a backslash"),
            LexError::MissingHeredocDelimiter { .. } => {
                write!(f, "syntax error: a here-document needs a delimiter after `<<'")
            }
            LexError::UnterminatedHeredoc { delimiter } => {
                write!(f, "here-document is not terminated (wanted `{delimiter}')")
            }
            LexError::MultipleHeredocs { .. } => {
                write!(f, "only one here-document per command is supported")
            }
            LexError::ExtraInput { .. } => {
                write!(f, "only one command per input is supported")
            }
        }
    }
}

impl std::error::Error for LexError {}

/// True when `input` is not complete yet: an unterminated quote, a trailing
/// backslash (continuation), or a here-document without its terminator line.
pub fn needs_more_input(input: &str) -> bool {
    matches!(
        split_words(input),
        Err(LexError::UnterminatedQuote { .. })
            | Err(LexError::TrailingBackslash)
            | Err(LexError::UnterminatedHeredoc { .. })
    )
}

/// A word under construction.
struct Pending {
    text: String,
    start: usize,
    end: usize,
    /// Any part of the word was quoted or escaped.
    quoted: bool,
    /// The word exists even if `text` is empty (`''` is an empty word).
    present: bool,
}

/// A requested here-document, before its body has been read.
struct HeredocRequest {
    delimiter: String,
    strip_tabs: bool,
    quoted: bool,
}

/// Characters that end an unquoted word and start an operator.
fn is_operator_char(c: char) -> bool {
    matches!(c, '|' | '&' | ';' | '<' | '>' | '(' | ')')
}

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r')
}

/// Splits one console input: the command line, then an optional here-document body.
pub fn split_words(input: &str) -> Result<Lexed, LexError> {
    let chars: Vec<(usize, char)> = input.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map_or(input.len(), |&(p, _)| p);
    let mut lexed = Lexed::default();
    let mut heredoc: Option<HeredocRequest> = None;
    let mut i = 0;
    // Byte offset where the lines after the command line begin.
    let rest_start;
    loop {
        let Some(&(pos, c)) = chars.get(i) else {
            rest_start = input.len();
            break;
        };
        if c == '\n' {
            rest_start = pos + 1;
            break;
        }
        if is_blank(c) {
            i += 1;
            continue;
        }
        if c == '#' {
            // A comment runs to the end of the line (the newline still ends the command).
            while let Some(&(_, c)) = chars.get(i) {
                if c == '\n' {
                    break;
                }
                i += 1;
            }
            continue;
        }
        if is_operator_char(c) {
            if c == '<' && chars.get(i + 1).map(|p| p.1) == Some('<') {
                let third = chars.get(i + 2).map(|p| p.1);
                if third != Some('<') {
                    // A here-document operator.
                    let strip_tabs = third == Some('-');
                    let mut j = i + if strip_tabs { 3 } else { 2 };
                    while chars.get(j).is_some_and(|p| matches!(p.1, ' ' | '\t')) {
                        j += 1;
                    }
                    let (word, next) = read_word(&chars, input.len(), j)?;
                    let Some(word) = word else {
                        return Err(LexError::MissingHeredocDelimiter { start: pos });
                    };
                    if heredoc.is_some() {
                        return Err(LexError::MultipleHeredocs { start: pos });
                    }
                    heredoc = Some(HeredocRequest { delimiter: word.text, strip_tabs, quoted: word.quoted });
                    i = next;
                    continue;
                }
            }
            let len = operator_len(&chars, i);
            let end = byte_at(i + len);
            lexed.operators.push(Word { text: input.get(pos..end).unwrap_or_default().to_string(), start: pos, end });
            i += len;
            continue;
        }
        let (word, next) = read_word(&chars, input.len(), i)?;
        i = next;
        let Some(word) = word else { continue };
        // `2>file`, `2>&1`: an unquoted number right before `<`/`>` is part of the redirection.
        let next_char = chars.get(i).map(|p| p.1);
        if !word.quoted
            && matches!(next_char, Some('<' | '>'))
            && !word.text.is_empty()
            && word.text.bytes().all(|b| b.is_ascii_digit())
            && word.end == byte_at(i)
        {
            let len = operator_len(&chars, i);
            let end = byte_at(i + len);
            lexed.operators.push(Word {
                text: input.get(word.start..end).unwrap_or_default().to_string(),
                start: word.start,
                end,
            });
            i += len;
            continue;
        }
        lexed.words.push(Word { text: word.text, start: word.start, end: word.end });
    }
    lexed.has_pipe = !lexed.operators.is_empty();

    let rest = input.get(rest_start..).unwrap_or_default();
    match heredoc {
        Some(req) => {
            let (body, after) = read_heredoc_body(rest, &req)?;
            check_only_blank(rest, after, rest_start)?;
            lexed.heredoc =
                Some(Heredoc { delimiter: req.delimiter, body, strip_tabs: req.strip_tabs, quoted: req.quoted });
        }
        None => check_only_blank(rest, 0, rest_start)?,
    }
    Ok(lexed)
}

/// Length in chars of the operator starting at `i` (which is an operator char).
fn operator_len(chars: &[(usize, char)], i: usize) -> usize {
    let c = chars.get(i).map(|p| p.1);
    let d = chars.get(i + 1).map(|p| p.1);
    let e = chars.get(i + 2).map(|p| p.1);
    match (c, d, e) {
        (Some('<'), Some('<'), Some('<')) => 3,
        (Some('&'), Some('>'), Some('>')) => 3,
        (Some('|'), Some('|' | '&'), _) => 2,
        (Some('&'), Some('&' | '>'), _) => 2,
        (Some(';'), Some(';'), _) => 2,
        (Some('>'), Some('>' | '&' | '|'), _) => {
            // `>&1`, `>&-`
            if d == Some('&') && matches!(e, Some('0'..='9' | '-')) {
                3
            } else {
                2
            }
        }
        (Some('<'), Some('&' | '>'), _) => {
            if d == Some('&') && matches!(e, Some('0'..='9' | '-')) {
                3
            } else {
                2
            }
        }
        _ => 1,
    }
}

/// Reads one word starting at char index `i`. Returns the word (None when only
/// line continuations were found) and the index of the first char after it.
fn read_word(chars: &[(usize, char)], input_len: usize, mut i: usize) -> Result<(Option<Pending>, usize), LexError> {
    let byte_at = |i: usize| chars.get(i).map_or(input_len, |&(p, _)| p);
    let mut w = Pending { text: String::new(), start: byte_at(i), end: byte_at(i), quoted: false, present: false };
    let begin = |w: &mut Pending, pos: usize| {
        if !w.present {
            w.present = true;
            w.start = pos;
        }
    };
    while let Some(&(pos, c)) = chars.get(i) {
        match c {
            '\n' => break,
            c if is_blank(c) || is_operator_char(c) => break,
            '\\' => match chars.get(i + 1) {
                None => return Err(LexError::TrailingBackslash),
                Some(&(_, '\n')) => {
                    // Line continuation: removed entirely.
                    if i + 2 >= chars.len() {
                        return Err(LexError::TrailingBackslash);
                    }
                    i += 2;
                }
                Some(&(_, next)) => {
                    begin(&mut w, pos);
                    w.quoted = true;
                    w.text.push(next);
                    i += 2;
                    w.end = byte_at(i);
                }
            },
            '\'' => {
                begin(&mut w, pos);
                w.quoted = true;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(LexError::UnterminatedQuote { quote: '\'', start: pos }),
                        Some(&(_, '\'')) => {
                            i += 1;
                            break;
                        }
                        Some(&(_, ch)) => {
                            w.text.push(ch);
                            i += 1;
                        }
                    }
                }
                w.end = byte_at(i);
            }
            '"' => {
                begin(&mut w, pos);
                w.quoted = true;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(LexError::UnterminatedQuote { quote: '"', start: pos }),
                        Some(&(_, '"')) => {
                            i += 1;
                            break;
                        }
                        Some(&(_, '\\')) => match chars.get(i + 1).map(|p| p.1) {
                            Some(e @ ('"' | '\\' | '$' | '`')) => {
                                w.text.push(e);
                                i += 2;
                            }
                            Some('\n') => i += 2,
                            _ => {
                                w.text.push('\\');
                                i += 1;
                            }
                        },
                        Some(&(_, ch)) => {
                            w.text.push(ch);
                            i += 1;
                        }
                    }
                }
                w.end = byte_at(i);
            }
            _ => {
                begin(&mut w, pos);
                w.text.push(c);
                i += 1;
                w.end = byte_at(i);
            }
        }
    }
    Ok((w.present.then_some(w), i))
}

/// Reads the here-document body from `rest` (the lines after the command line).
/// Returns the body and the byte offset in `rest` just after the terminator line.
fn read_heredoc_body(rest: &str, req: &HeredocRequest) -> Result<(String, usize), LexError> {
    let mut body = String::new();
    let mut offset = 0;
    while offset < rest.len() {
        let tail = rest.get(offset..).unwrap_or_default();
        let (line, consumed) = match tail.find('\n') {
            Some(n) => (tail.get(..n).unwrap_or_default(), n + 1),
            None => (tail, tail.len()),
        };
        offset += consumed;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line = if req.strip_tabs { line.trim_start_matches('\t') } else { line };
        if line == req.delimiter {
            return Ok((body, offset));
        }
        body.push_str(line);
        body.push('\n');
    }
    Err(LexError::UnterminatedHeredoc { delimiter: req.delimiter.clone() })
}

/// Errors unless everything in `rest` from `from` on is blank lines or comments.
fn check_only_blank(rest: &str, from: usize, rest_start: usize) -> Result<(), LexError> {
    let tail = rest.get(from..).unwrap_or_default();
    let mut offset = from;
    for line in tail.split('\n') {
        let trimmed = line.trim_start_matches([' ', '\t', '\r']);
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            let lead = line.len() - trimmed.len();
            return Err(LexError::ExtraInput { start: rest_start + offset + lead });
        }
        offset += line.len() + 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(input: &str) -> Vec<String> {
        match split_words(input) {
            Ok(l) => l.words.into_iter().map(|w| w.text).collect(),
            Err(e) => panic!("lex error for {input:?}: {e:?}"),
        }
    }

    #[track_caller]
    fn check(input: &str, expect: &[&str]) {
        assert_eq!(words(input), expect, "input: {input:?}");
    }

    #[test]
    fn plain_words_and_blanks() {
        check("kubectl get pods", &["kubectl", "get", "pods"]);
        check("  kubectl\tget   pods  ", &["kubectl", "get", "pods"]);
        check("", &[]);
        check("   ", &[]);
        check("kubectl get pods\r", &["kubectl", "get", "pods"]);
    }

    #[test]
    fn spans_are_byte_offsets() {
        let l = split_words("kubectl  get 'my pod'").unwrap();
        let spans: Vec<(usize, usize)> = l.words.iter().map(|w| (w.start, w.end)).collect();
        assert_eq!(spans, vec![(0, 7), (9, 12), (13, 21)]);
        // Multi-byte characters.
        let l = split_words("é ü-x").unwrap();
        assert_eq!(l.words[0].start, 0);
        assert_eq!(l.words[0].end, 2);
        assert_eq!(l.words[1].start, 3);
        assert_eq!(l.words[1].end, 7);
    }

    #[test]
    fn single_quotes() {
        check(
            r#"kubectl patch service my-app -p '{"spec":{"selector":{"version":"v2.0.0"}}}'"#,
            &["kubectl", "patch", "service", "my-app", "-p", r#"{"spec":{"selector":{"version":"v2.0.0"}}}"#],
        );
        check(r"echo 'a\b' 'c d'", &["echo", r"a\b", "c d"]);
        check("x ''", &["x", ""]);
        check("a'b'c", &["abc"]);
        check("'a|b;c'", &["a|b;c"]);
        check(
            "kubectl get svc x -o jsonpath='{.spec.clusterIP}'",
            &["kubectl", "get", "svc", "x", "-o", "jsonpath={.spec.clusterIP}"],
        );
    }

    #[test]
    fn double_quotes() {
        check(r#""a b" "c\"d" "e\\f" "\$x" "\q""#, &["a b", "c\"d", r"e\f", "$x", r"\q"]);
        check(r#"x "" y"#, &["x", "", "y"]);
        check("\"line\\\ncont\"", &["linecont"]);
        check("\"multi\nline\"", &["multi\nline"]);
        check(
            r#"kubectl label pods -l "app in (a,b)" x=y"#,
            &["kubectl", "label", "pods", "-l", "app in (a,b)", "x=y"],
        );
        check(r#"--template="{{.spec.clusterIP}}""#, &["--template={{.spec.clusterIP}}"]);
    }

    #[test]
    fn backslashes_outside_quotes() {
        check(r"a\ b c\\d \'", &["a b", r"c\d", "'"]);
        check("kubectl get \\\n  pods", &["kubectl", "get", "pods"]);
        check("kub\\\nectl", &["kubectl"]);
        let l = split_words("kubectl get \\\n pods -o wide").unwrap();
        assert_eq!(l.words[2].start, 15);
    }

    #[test]
    fn comments() {
        check("kubectl get pods # list them", &["kubectl", "get", "pods"]);
        check("# only a comment", &[]);
        check("a#b", &["a#b"]);
        check("a '#b'", &["a", "#b"]);
    }

    #[test]
    fn operators_are_reported() {
        let l = split_words("kubectl get pods | grep web").unwrap();
        assert!(l.has_pipe);
        assert_eq!(l.operators[0].text, "|");
        assert_eq!((l.operators[0].start, l.operators[0].end), (17, 18));
        let l = split_words("kubectl proxy &").unwrap();
        assert!(l.has_pipe);
        assert_eq!(l.operators[0].text, "&");
        let l = split_words("kubectl get pods > out.txt 2>&1").unwrap();
        let ops: Vec<&str> = l.operators.iter().map(|o| o.text.as_str()).collect();
        assert_eq!(ops, [">", "2>&1"]);
        assert_eq!(l.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(), ["kubectl", "get", "pods", "out.txt"]);
        let l = split_words("a && b; c || d").unwrap();
        let ops: Vec<&str> = l.operators.iter().map(|o| o.text.as_str()).collect();
        assert_eq!(ops, ["&&", ";", "||"]);
        let l = split_words("kubectl get pods -l app in (a,b)").unwrap();
        assert!(l.has_pipe);
        let l = split_words("cat <<< hi").unwrap();
        assert_eq!(l.operators[0].text, "<<<");
        let l = split_words("kubectl get pods 'a|b' \"c>d\" e\\|f").unwrap();
        assert!(!l.has_pipe);
        assert!(l.operators.is_empty());
    }

    #[test]
    fn heredoc_apply() {
        let input = "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\nEOF";
        let l = split_words(input).unwrap();
        assert_eq!(l.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(), ["kubectl", "apply", "-f", "-"]);
        let h = l.heredoc.unwrap();
        assert_eq!(h.delimiter, "EOF");
        assert_eq!(h.body, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n");
        assert!(!h.quoted);
        assert!(!l.has_pipe);
        // A trailing newline after the terminator is fine.
        assert!(split_words(&format!("{input}\n")).is_ok());
        assert!(split_words(&format!("{input}\n\n  \n")).is_ok());
    }

    #[test]
    fn heredoc_forms() {
        for (input, quoted) in [
            ("cat << EOF\nx\nEOF", false),
            ("cat <<'EOF'\nx\nEOF", true),
            ("cat <<\"EOF\"\nx\nEOF", true),
            ("cat <<E\"O\"F\nx\nEOF", true),
            ("cat <<\\EOF\nx\nEOF", true),
        ] {
            let l = split_words(input).unwrap();
            let h = l.heredoc.unwrap();
            assert_eq!(h.delimiter, "EOF", "{input:?}");
            assert_eq!(h.body, "x\n", "{input:?}");
            assert_eq!(h.quoted, quoted, "{input:?}");
            assert_eq!(l.words.len(), 1);
        }
        // <<- strips leading tabs, also on the terminator line.
        let l = split_words("cat <<-END\n\t\tkind: Pod\n\tEND").unwrap();
        let h = l.heredoc.unwrap();
        assert!(h.strip_tabs);
        assert_eq!(h.body, "kind: Pod\n");
        // Words may follow the here-document operator.
        let l = split_words("kubectl apply <<EOF -f - -n other\nx: 1\nEOF\n").unwrap();
        assert_eq!(l.words.len(), 6);
        // An empty body.
        let l = split_words("cat <<EOF\nEOF").unwrap();
        assert_eq!(l.heredoc.unwrap().body, "");
        // CRLF.
        let l = split_words("cat <<EOF\r\na: 1\r\nEOF\r\n").unwrap();
        assert_eq!(l.heredoc.unwrap().body, "a: 1\n");
        // A line that only contains the delimiter with spaces is not a terminator.
        assert_eq!(split_words("cat <<EOF\n EOF"), Err(LexError::UnterminatedHeredoc { delimiter: "EOF".into() }));
        // Continuation lines belong to the command line, not to the body.
        let l = split_words("kubectl apply \\\n -f - <<EOF\nk: v\nEOF").unwrap();
        assert_eq!(l.words.len(), 4);
        assert_eq!(l.heredoc.unwrap().body, "k: v\n");
    }

    #[test]
    fn errors() {
        assert_eq!(split_words("kubectl get 'pods"), Err(LexError::UnterminatedQuote { quote: '\'', start: 12 }));
        assert_eq!(split_words("a \"b"), Err(LexError::UnterminatedQuote { quote: '"', start: 2 }));
        assert_eq!(split_words("kubectl get \\"), Err(LexError::TrailingBackslash));
        assert_eq!(split_words("kubectl get \\\n"), Err(LexError::TrailingBackslash));
        assert_eq!(split_words("cat <<"), Err(LexError::MissingHeredocDelimiter { start: 4 }));
        assert_eq!(split_words("cat << | x"), Err(LexError::MissingHeredocDelimiter { start: 4 }));
        assert_eq!(split_words("cat <<A <<B\nA\nB"), Err(LexError::MultipleHeredocs { start: 8 }));
        assert_eq!(split_words("kubectl get pods\nkubectl get svc"), Err(LexError::ExtraInput { start: 17 }));
        assert_eq!(split_words("cat <<EOF\nx\nEOF\nmore"), Err(LexError::ExtraInput { start: 16 }));
        assert!(split_words("kubectl get pods\n\n# comment\n").is_ok());
        assert!(!LexError::TrailingBackslash.to_string().is_empty());
    }

    #[test]
    fn more_input() {
        assert!(needs_more_input("kubectl get 'pods"));
        assert!(needs_more_input("kubectl patch svc x -p '{\"a\":\n"));
        assert!(needs_more_input("kubectl get \\"));
        assert!(needs_more_input("kubectl get \\\n"));
        assert!(needs_more_input("kubectl apply -f - <<EOF"));
        assert!(needs_more_input("kubectl apply -f - <<EOF\napiVersion: v1\n"));
        assert!(!needs_more_input("kubectl apply -f - <<EOF\napiVersion: v1\nEOF"));
        assert!(!needs_more_input("kubectl get pods"));
        assert!(!needs_more_input(""));
        assert!(!needs_more_input("kubectl get pods |"));
        assert!(!needs_more_input("cat <<"));
        assert!(!needs_more_input("a 'b' \"c\""));
    }

    #[test]
    fn never_panics_on_odd_input() {
        let samples = [
            "\\", "'", "\"", "<<", "<<-", "<<'", "<<\"x", "2>", "2", ">&", "\n", "\r\n", "é'", "<<é\né", "a\\é",
            "\"\\é\"", "#", "<", "||||", "&>>", "<<<", "9<&-", "<<-\t",
        ];
        for s in samples {
            let _ = split_words(s);
            let _ = needs_more_input(s);
        }
        // Every prefix of a complex input, cut at char boundaries.
        let input = "kubectl apply -f - <<'EOF' # c\n\tapiVersion: \"v1\" é\n\\\nEOF\n";
        for (i, _) in input.char_indices() {
            let _ = split_words(&input[..i]);
            let _ = needs_more_input(&input[..i]);
        }
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn lexing_never_panics(input in "(?s).{0,80}") {
            let _ = split_words(&input);
            let _ = needs_more_input(&input);
        }

        #[test]
        fn shell_like_input_never_panics(input in "[a-z '\"\\\\|<>&;#\\n\\t-é=]{0,60}") {
            if let Ok(lexed) = split_words(&input) {
                for w in &lexed.words {
                    prop_assert!(w.start <= w.end && w.end <= input.len());
                    prop_assert!(input.is_char_boundary(w.start) && input.is_char_boundary(w.end));
                }
            }
            let _ = needs_more_input(&input);
        }

        #[test]
        fn other_lookups_never_panic(input in "(?s).{0,40}") {
            let _ = crate::resources::lookup(&input);
            let _ = crate::resources::resolve(&input, crate::Profile::Course);
            let _ = crate::help::explain(&input, crate::Profile::Current);
            let _ = crate::help::explain(&input, crate::Profile::Course);
            let _ = crate::suggest::suggest(&input, crate::help::verbs().iter().copied());
            let parts: Vec<&str> = input.split(' ').collect();
            let _ = crate::help::help_text(&parts);
            let _ = crate::help::flags(&parts);
        }
    }
}
