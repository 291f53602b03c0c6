//! The control flow of the simulated shells: a small, bounded interpreter for the loops and
//! tests people type into `kubectl exec POD -- sh -c '...'` and into an interactive
//! `kubectl exec -it POD -- sh`. busybox `sh` (ash) and bash behave alike in this subset; only
//! their error wording differs.
//!
//! **The subset.**
//! * Lists: `a; b`, newlines, `a && b`, `a || b`; `$?` is the last status.
//! * `for NAME in WORDS; do ...; done` (the words expanded and split, so
//!   `for i in $(seq 1 10)` works), `while LIST; do ...; done`, `until LIST; do ...; done`,
//!   `if LIST; then ...; elif LIST; then ...; else ...; fi`, `! COMMAND`, `break [N]`,
//!   `continue [N]`.
//! * Variables: `X=1` (alone, or as `X=1 program` for that program's environment), `$X`,
//!   `${X}`, `$?`, the container's environment (`$HOSTNAME`, the Service variables, ...);
//!   `export X=1` and `unset X`. Quotes as POSIX says: nothing expands inside `'...'`,
//!   variables and `$(...)` expand inside `"..."` without field splitting; outside quotes an
//!   expansion is split on blanks.
//! * Command substitution `$(...)` and `` `...` `` of the shell's own commands (trailing
//!   newlines removed); arithmetic `$((...))` on integers (`+ - * / %`, comparisons, `&& || !`,
//!   parentheses, variables by name), so `i=$((i+1))` counts.
//! * Builtins: `true`, `false`, `:`, `[ ... ]`/`test` (`=`, `!=`, `-eq`, `-ne`, `-lt`, `-le`,
//!   `-gt`, `-ge`, `-z`, `-n`, `!`), `sleep N` (decimals too: simulated time passes, so the
//!   cluster moves and a `curl` in the loop sees pods change), `seq [FIRST [INC]] LAST`,
//!   `exit [N]`, and the programs of the image (`echo`, `curl`, `wget`, `nslookup`, ... see
//!   the parent module).
//! * Redirections that only drop or merge output: `>/dev/null`, `2>/dev/null`, `&>/dev/null`,
//!   `2>&1`, `1>&2`.
//! * A trailing `&` after an endless wget or curl loop (or such a loop typed alone) is the
//!   parent module's background load loop; see [`endless_load_loop`].
//!
//! Anything else (`case`, functions, `{ ...; }`, subshells, pipes, here-documents, other
//! redirections, `${X:-default}` forms, other background jobs) answers
//! `sh: <construct>: not supported in this lab's shell` (exit code 2) before anything runs.
//!
//! **Bounds.** A script is at most [`MAX_SCRIPT`] bytes and nests at most [`MAX_DEPTH`]
//! compound commands or substitutions. A run stops after [`MAX_ITERATIONS`] loop iterations,
//! [`MAX_COMMANDS`] commands, [`MAX_SIM_SECS`] simulated seconds, [`MAX_OUTPUT`] bytes of
//! output (or of one word) or [`MAX_EXPANDED`] bytes of expansions, whichever comes first, and prints [`limit_note`] (exit code 130, as if the
//! student had pressed Ctrl-C): `while true; do curl ...; sleep 1; done` in the foreground
//! shows ten minutes of answers and returns, instead of hanging the page.
//!
//! **Simplified.** Output is collected per input and shown when the script ends (a terminal
//! would show each iteration as it comes; the clock has moved between them all the same). In
//! an interactive shell, variables and `$?` last until `exit`, and a bare `exit` there ends
//! the session with status 0 (sh would use `$?`).

use super::{has_program, not_found, run_program, Target};
use crate::{Console, Output};
use kubelab_sim::images::ShellKind;
use kubelab_sim::{SimDuration, SimTime};

/// Longest script accepted, in bytes.
pub(crate) const MAX_SCRIPT: usize = 64 * 1024;
/// Deepest nesting of compound commands and command substitutions.
pub(crate) const MAX_DEPTH: usize = 32;
/// Loop iterations per run (all loops together).
pub(crate) const MAX_ITERATIONS: u32 = 1000;
/// Simple commands per run.
pub(crate) const MAX_COMMANDS: u32 = 20_000;
/// Simulated seconds a run may let pass (`sleep`, timeouts).
pub(crate) const MAX_SIM_SECS: u64 = 600;
/// Bytes of output per run (and of one expanded word).
pub(crate) const MAX_OUTPUT: usize = 1024 * 1024;
/// Bytes all expansions of a run may produce together (each field counts 16 bytes more, for
/// its bookkeeping).
pub(crate) const MAX_EXPANDED: usize = 8 * 1024 * 1024;

/// The lab's note when a run reaches one of its bounds.
pub(crate) fn limit_note() -> String {
    format!(
        "^C\n(this lab's shell stops a foreground script after {MAX_ITERATIONS} loop iterations, {} simulated minutes or {} MiB of output, where a real shell would go on until Ctrl-C)\n",
        MAX_SIM_SECS / 60,
        MAX_OUTPUT / (1024 * 1024)
    )
}

// ---------------------------------------------------------------------------------------------
// Words and tokens

/// One piece of a word.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    /// Literal text; `quoted` when it came from quotes or a backslash.
    Lit { text: String, quoted: bool },
    /// `$NAME`, `${NAME}`, `$?`.
    Var { name: String, quoted: bool },
    /// `$(...)` or `` `...` ``: the inner script's source.
    Subst { source: String, quoted: bool },
    /// `$((...))`: the expression.
    Arith { expr: String, quoted: bool },
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Word {
    parts: Vec<Part>,
}

impl Word {
    /// The word's text when it is one unquoted literal (a reserved word can only be that).
    fn plain(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [Part::Lit { text, quoted: false }] => Some(text),
            _ => None,
        }
    }

    /// `NAME=...` with an unquoted, valid NAME: (name, the value's parts).
    fn assignment(&self) -> Option<(String, Word)> {
        let Some(Part::Lit { text, quoted: false }) = self.parts.first() else { return None };
        let (name, rest) = text.split_once('=')?;
        if !valid_name(name) {
            return None;
        }
        let mut parts = Vec::new();
        if !rest.is_empty() {
            parts.push(Part::Lit { text: rest.to_string(), quoted: false });
        }
        parts.extend(self.parts[1..].iter().cloned());
        Some((name.to_string(), Word { parts }))
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
        && !name.starts_with(|ch: char| ch.is_ascii_digit())
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Word(Word),
    /// `;`, `&&`, `||`, `&`, `|`, `(`, `)`, `;;`, `<<`, ...
    Op(String),
    /// A redirection: the descriptor (1 or 2; `&>` is 3 meaning both) and the operator
    /// (`>`, `>>`, `<`, `>&`).
    Redir(u32, String),
    Newline,
}

/// Why a script cannot run: a syntax error or a construct outside the subset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ScriptError {
    /// Outside the subset: the construct as typed (`case`, `|`, `$((`).
    Unsupported(String),
    /// A syntax error: the unexpected token, or `None` at the end of the input.
    Unexpected(Option<String>),
    /// A quote never closed.
    UnterminatedQuote,
    /// Beyond [`MAX_SCRIPT`] or [`MAX_DEPTH`].
    TooBig(&'static str),
}

impl ScriptError {
    /// The line the shell prints (with its newline).
    pub(crate) fn message(&self, kind: ShellKind) -> String {
        let sh = shell_name(kind);
        match (self, kind) {
            (ScriptError::Unsupported(what), _) => format!("{sh}: {what}: not supported in this lab's shell\n"),
            (ScriptError::Unexpected(Some(tok)), ShellKind::Busybox) => {
                format!("sh: syntax error: unexpected \"{tok}\"\n")
            }
            (ScriptError::Unexpected(Some(tok)), ShellKind::Bash) => {
                format!("bash: syntax error near unexpected token `{tok}'\n")
            }
            (ScriptError::Unexpected(None), ShellKind::Busybox) => "sh: syntax error: unexpected end of file\n".into(),
            (ScriptError::Unexpected(None), ShellKind::Bash) => "bash: syntax error: unexpected end of file\n".into(),
            (ScriptError::UnterminatedQuote, ShellKind::Busybox) => {
                "sh: syntax error: unterminated quoted string\n".into()
            }
            (ScriptError::UnterminatedQuote, ShellKind::Bash) => {
                "bash: unexpected EOF while looking for matching quote\n".into()
            }
            (ScriptError::TooBig(what), _) => format!("{sh}: {what}: not supported in this lab's shell\n"),
        }
    }
}

fn shell_name(kind: ShellKind) -> &'static str {
    match kind {
        ShellKind::Busybox => "sh",
        ShellKind::Bash => "bash",
    }
}

/// Splits a script into tokens.
fn tokenize(src: &str) -> Result<Vec<Tok>, ScriptError> {
    if src.len() > MAX_SCRIPT {
        return Err(ScriptError::TooBig("a script longer than 64 KiB"));
    }
    let chars: Vec<char> = src.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        match ch {
            ' ' | '\t' | '\r' => i += 1,
            '\n' => {
                toks.push(Tok::Newline);
                i += 1;
            }
            '\\' if chars.get(i + 1) == Some(&'\n') => i += 2,
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            ';' | '&' | '|' | '(' | ')' | '<' | '>' => {
                let next = chars.get(i + 1).copied();
                let two: String = [ch].into_iter().chain(next).collect();
                let (tok, len) = match two.as_str() {
                    "&&" | "||" | ";;" | "<<" | ">|" | "<>" | "|&" => (Tok::Op(two), 2),
                    "&>" => (Tok::Redir(3, ">".into()), 2),
                    ">>" => (Tok::Redir(1, ">>".into()), 2),
                    ">&" => (Tok::Redir(1, ">&".into()), 2),
                    _ if ch == '>' => (Tok::Redir(1, ">".into()), 1),
                    _ if ch == '<' => (Tok::Redir(0, "<".into()), 1),
                    _ => (Tok::Op(ch.to_string()), 1),
                };
                toks.push(tok);
                i += len;
            }
            _ => {
                // An I/O number: digits right before `>` or `<`.
                let digits = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                if digits > 0 && matches!(chars.get(i + digits), Some('>') | Some('<')) {
                    let fd: u32 = chars[i..i + digits].iter().collect::<String>().parse().unwrap_or(u32::MAX);
                    let j = i + digits;
                    let (op, len) = match (chars[j], chars.get(j + 1)) {
                        ('>', Some('>')) => (">>", 2),
                        ('>', Some('&')) => (">&", 2),
                        ('>', _) => (">", 1),
                        _ => ("<", 1),
                    };
                    toks.push(Tok::Redir(fd, op.into()));
                    i = j + len;
                    continue;
                }
                let (word, next) = read_word(&chars, i)?;
                toks.push(Tok::Word(word));
                i = next;
            }
        }
    }
    Ok(toks)
}

fn push_lit(parts: &mut Vec<Part>, ch: char, quoted: bool) {
    if let Some(Part::Lit { text, quoted: q }) = parts.last_mut() {
        if *q == quoted {
            text.push(ch);
            return;
        }
    }
    parts.push(Part::Lit { text: ch.to_string(), quoted });
}

/// Reads one word from `i`; returns it and the index after it.
fn read_word(chars: &[char], mut i: usize) -> Result<(Word, usize), ScriptError> {
    let mut parts = Vec::new();
    while let Some(&ch) = chars.get(i) {
        match ch {
            ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | '(' | ')' | '<' | '>' => break,
            '\\' => {
                match chars.get(i + 1) {
                    Some('\n') => {}
                    Some(&next) => push_lit(&mut parts, next, true),
                    None => push_lit(&mut parts, '\\', false),
                }
                i += 2;
            }
            '\'' => {
                let close = chars[i + 1..].iter().position(|&c| c == '\'').ok_or(ScriptError::UnterminatedQuote)?;
                let text: String = chars[i + 1..i + 1 + close].iter().collect();
                parts.push(Part::Lit { text, quoted: true });
                i += close + 2;
            }
            '"' => {
                i += 1;
                // An empty "" still makes a word.
                parts.push(Part::Lit { text: String::new(), quoted: true });
                loop {
                    let Some(&c) = chars.get(i) else { return Err(ScriptError::UnterminatedQuote) };
                    match c {
                        '"' => {
                            i += 1;
                            break;
                        }
                        '\\' => {
                            match chars.get(i + 1) {
                                Some(&n @ ('"' | '\\' | '$' | '`')) => push_lit(&mut parts, n, true),
                                Some('\n') => {}
                                Some(&n) => {
                                    push_lit(&mut parts, '\\', true);
                                    push_lit(&mut parts, n, true);
                                }
                                None => return Err(ScriptError::UnterminatedQuote),
                            }
                            i += 2;
                        }
                        '$' | '`' => i = read_dollar(chars, i, true, &mut parts)?,
                        _ => {
                            push_lit(&mut parts, c, true);
                            i += 1;
                        }
                    }
                }
            }
            '$' | '`' => i = read_dollar(chars, i, false, &mut parts)?,
            _ => {
                push_lit(&mut parts, ch, false);
                i += 1;
            }
        }
    }
    Ok((Word { parts }, i))
}

/// Reads an expansion at `i` (`$...` or a backquote); returns the index after it.
fn read_dollar(chars: &[char], i: usize, quoted: bool, parts: &mut Vec<Part>) -> Result<usize, ScriptError> {
    if chars[i] == '`' {
        let close = chars[i + 1..].iter().position(|&c| c == '`').ok_or(ScriptError::UnterminatedQuote)?;
        let source: String = chars[i + 1..i + 1 + close].iter().collect();
        parts.push(Part::Subst { source, quoted });
        return Ok(i + close + 2);
    }
    match chars.get(i + 1) {
        Some('(') if chars.get(i + 2) == Some(&'(') => {
            // `$((expr))`: up to the `))` that closes it.
            let mut depth = 0usize;
            let mut j = i + 3;
            loop {
                match (chars.get(j), chars.get(j + 1)) {
                    (None, _) => return Err(ScriptError::Unexpected(None)),
                    (Some(')'), Some(')')) if depth == 0 => break,
                    (Some('('), _) => depth += 1,
                    (Some(')'), _) => depth = depth.saturating_sub(1),
                    _ => {}
                }
                j += 1;
            }
            let expr: String = chars[i + 3..j].iter().collect();
            if expr.contains("$(") || expr.contains('`') {
                return Err(ScriptError::Unsupported("a command substitution inside $((...))".into()));
            }
            parts.push(Part::Arith { expr, quoted });
            Ok(j + 2)
        }
        Some('(') => {
            let end = matching_paren(chars, i + 2)?;
            let source: String = chars[i + 2..end].iter().collect();
            parts.push(Part::Subst { source, quoted });
            Ok(end + 1)
        }
        Some('{') => {
            let close = chars[i + 2..].iter().position(|&c| c == '}').ok_or(ScriptError::Unexpected(None))?;
            let name: String = chars[i + 2..i + 2 + close].iter().collect();
            if !valid_name(&name) && name != "?" {
                let shown: String = format!("${{{name}}}").chars().take(40).collect();
                return Err(ScriptError::Unsupported(shown));
            }
            parts.push(Part::Var { name, quoted });
            Ok(i + close + 3)
        }
        Some('?') => {
            parts.push(Part::Var { name: "?".into(), quoted });
            Ok(i + 2)
        }
        Some(&c) if c.is_ascii_alphabetic() || c == '_' => {
            let len = chars[i + 1..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '_').count();
            parts.push(Part::Var { name: chars[i + 1..i + 1 + len].iter().collect(), quoted });
            Ok(i + 1 + len)
        }
        Some(&c) if c.is_ascii_digit() || matches!(c, '#' | '@' | '*' | '$' | '!' | '-') => {
            Err(ScriptError::Unsupported(format!("${c}")))
        }
        _ => {
            push_lit(parts, '$', quoted);
            Ok(i + 1)
        }
    }
}

/// The index of the `)` closing a `$(` whose contents start at `i` (quotes and nesting respected).
fn matching_paren(chars: &[char], mut i: usize) -> Result<usize, ScriptError> {
    let mut depth = 0usize;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' => i += 1,
            '\'' => {
                let close = chars[i + 1..].iter().position(|&c| c == '\'').ok_or(ScriptError::UnterminatedQuote)?;
                i += close + 1;
            }
            '"' => {
                i += 1;
                while let Some(&q) = chars.get(i) {
                    if q == '\\' {
                        i += 1;
                    } else if q == '"' {
                        break;
                    }
                    i += 1;
                }
                if i >= chars.len() {
                    return Err(ScriptError::UnterminatedQuote);
                }
            }
            '(' => depth += 1,
            ')' if depth == 0 => return Ok(i),
            ')' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    Err(ScriptError::Unexpected(None))
}

// ---------------------------------------------------------------------------------------------
// The syntax tree and its parser

#[derive(Clone, Debug, PartialEq, Eq)]
enum Redirect {
    /// `N>/dev/null`.
    Null(u32),
    /// `N>&M`.
    Dup(u32, u32),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Cmd {
    Simple {
        words: Vec<Word>,
        redirects: Vec<Redirect>,
    },
    For {
        var: String,
        items: Vec<Word>,
        body: List,
    },
    While {
        cond: List,
        body: List,
        until: bool,
    },
    If {
        branches: Vec<(List, List)>,
        otherwise: Option<List>,
    },
    /// `! command`: the status inverted.
    Not(Box<Cmd>),
}

/// `a && b || c`: the first command and the rest with their operator (`true` for `&&`).
#[derive(Clone, Debug, PartialEq, Eq)]
struct AndOr {
    first: Cmd,
    rest: Vec<(bool, Cmd)>,
}

/// A list of and-or lists; `background` marks one ended by `&`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct List {
    items: Vec<(AndOr, bool)>,
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    depth: usize,
}

const RESERVED: &[&str] = &["do", "done", "then", "elif", "else", "fi", "in"];

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn peek_word(&self) -> Option<&str> {
        match self.peek() {
            Some(Tok::Word(w)) => w.plain(),
            _ => None,
        }
    }

    fn unexpected(&self) -> ScriptError {
        ScriptError::Unexpected(self.peek().map(|t| match t {
            Tok::Word(w) => w.plain().unwrap_or("word").to_string(),
            Tok::Op(o) => o.clone(),
            Tok::Redir(_, o) => o.clone(),
            Tok::Newline => "newline".into(),
        }))
    }

    fn skip_newlines(&mut self) {
        while self.peek() == Some(&Tok::Newline) {
            self.pos += 1;
        }
    }

    fn expect_word(&mut self, word: &str) -> Result<(), ScriptError> {
        self.skip_newlines();
        if self.peek_word() == Some(word) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    /// A list up to one of `ends` (a reserved word at command position) or the end.
    fn list(&mut self, ends: &[&str]) -> Result<List, ScriptError> {
        let mut list = List::default();
        loop {
            self.skip_newlines();
            match self.peek() {
                None => break,
                Some(Tok::Word(w)) if w.plain().is_some_and(|p| ends.contains(&p)) => break,
                _ => {}
            }
            let item = self.and_or()?;
            let background = match self.peek() {
                Some(Tok::Op(o)) if o == "&" => {
                    self.pos += 1;
                    true
                }
                Some(Tok::Op(o)) if o == ";" => {
                    self.pos += 1;
                    false
                }
                Some(Tok::Newline) | None => false,
                Some(Tok::Word(w)) if w.plain().is_some_and(|p| ends.contains(&p)) => false,
                _ => return Err(self.unexpected()),
            };
            list.items.push((item, background));
        }
        Ok(list)
    }

    fn and_or(&mut self) -> Result<AndOr, ScriptError> {
        let first = self.command()?;
        let mut rest = Vec::new();
        loop {
            let and = match self.peek() {
                Some(Tok::Op(o)) if o == "&&" => true,
                Some(Tok::Op(o)) if o == "||" => false,
                _ => break,
            };
            self.pos += 1;
            self.skip_newlines();
            rest.push((and, self.command()?));
        }
        Ok(AndOr { first, rest })
    }

    fn command(&mut self) -> Result<Cmd, ScriptError> {
        let cmd = self.command_inner()?;
        match self.peek() {
            Some(Tok::Op(o)) if o == "|" || o == "|&" => Err(ScriptError::Unsupported("|".into())),
            _ => Ok(cmd),
        }
    }

    fn command_inner(&mut self) -> Result<Cmd, ScriptError> {
        match self.peek() {
            Some(Tok::Op(o)) => {
                return Err(match o.as_str() {
                    "(" => ScriptError::Unsupported("( ... ) subshell".into()),
                    "<<" => ScriptError::Unsupported("<<".into()),
                    _ => self.unexpected(),
                })
            }
            None | Some(Tok::Newline) => return Err(self.unexpected()),
            _ => {}
        }
        let keyword = self.peek_word().map(str::to_string);
        match keyword.as_deref() {
            Some("for") | Some("while") | Some("until") | Some("if") => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(ScriptError::TooBig("nesting deeper than 32 levels"));
                }
                self.pos += 1;
                let cmd = match keyword.as_deref() {
                    Some("for") => self.for_loop(),
                    Some("if") => self.if_clause(),
                    k => self.while_loop(k == Some("until")),
                };
                self.depth -= 1;
                let cmd = cmd?;
                self.redirects_after_compound()?;
                Ok(cmd)
            }
            Some("!") => {
                self.pos += 1;
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(ScriptError::TooBig("nesting deeper than 32 levels"));
                }
                let inner = self.command_inner();
                self.depth -= 1;
                Ok(Cmd::Not(Box::new(inner?)))
            }
            Some(w @ ("case" | "function" | "select" | "{" | "}" | "[[" | "((")) => {
                Err(ScriptError::Unsupported(w.to_string()))
            }
            Some(w) if RESERVED.contains(&w) => Err(self.unexpected()),
            _ => self.simple(),
        }
    }

    /// Redirections after `done`/`fi` are outside the subset.
    fn redirects_after_compound(&self) -> Result<(), ScriptError> {
        match self.peek() {
            Some(Tok::Redir(..)) => Err(ScriptError::Unsupported("a redirection of a whole loop".into())),
            _ => Ok(()),
        }
    }

    fn simple(&mut self) -> Result<Cmd, ScriptError> {
        let mut words = Vec::new();
        let mut redirects = Vec::new();
        loop {
            match self.peek().cloned() {
                Some(Tok::Word(w)) => {
                    self.pos += 1;
                    words.push(w);
                }
                Some(Tok::Redir(fd, op)) => {
                    self.pos += 1;
                    let Some(Tok::Word(target)) = self.peek().cloned() else { return Err(self.unexpected()) };
                    self.pos += 1;
                    let target = target.plain().unwrap_or("").to_string();
                    let shown = |fd: u32| match fd {
                        0 | 1 => String::new(),
                        3 => "&".into(),
                        n => n.to_string(),
                    };
                    match (op.as_str(), target.as_str()) {
                        (">" | ">>", "/dev/null") if fd == 3 => {
                            redirects.push(Redirect::Null(1));
                            redirects.push(Redirect::Null(2));
                        }
                        (">" | ">>", "/dev/null") if fd == 1 || fd == 2 => redirects.push(Redirect::Null(fd)),
                        (">&", "1" | "2") if fd == 1 || fd == 2 => {
                            redirects.push(Redirect::Dup(fd, if target == "1" { 1 } else { 2 }))
                        }
                        _ => {
                            let t: String = target.chars().take(40).collect();
                            return Err(ScriptError::Unsupported(format!("{}{op}{t}", shown(fd))));
                        }
                    }
                }
                Some(Tok::Op(o)) if o == "<<" => return Err(ScriptError::Unsupported("<<".into())),
                Some(Tok::Op(o)) if o == "(" && words.len() == 1 => {
                    return Err(ScriptError::Unsupported("a function definition".into()))
                }
                _ => break,
            }
        }
        if words.is_empty() && redirects.is_empty() {
            return Err(self.unexpected());
        }
        Ok(Cmd::Simple { words, redirects })
    }

    fn for_loop(&mut self) -> Result<Cmd, ScriptError> {
        let var = match self.peek() {
            Some(Tok::Word(w)) => w.plain().filter(|n| valid_name(n)).map(str::to_string),
            _ => None,
        };
        let Some(var) = var else { return Err(self.unexpected()) };
        self.pos += 1;
        let mut items = Vec::new();
        if self.peek_word() == Some("in") {
            self.pos += 1;
            while let Some(Tok::Word(w)) = self.peek() {
                items.push(w.clone());
                self.pos += 1;
            }
        } else {
            // `for i; do`: the positional parameters, which `sh -c` here has none of.
        }
        match self.peek() {
            Some(Tok::Op(o)) if o == ";" => self.pos += 1,
            Some(Tok::Newline) => {}
            _ => return Err(self.unexpected()),
        }
        self.expect_word("do")?;
        let body = self.list(&["done"])?;
        self.expect_word("done")?;
        Ok(Cmd::For { var, items, body })
    }

    fn while_loop(&mut self, until: bool) -> Result<Cmd, ScriptError> {
        let cond = self.list(&["do"])?;
        if cond.items.is_empty() {
            return Err(self.unexpected());
        }
        self.expect_word("do")?;
        let body = self.list(&["done"])?;
        self.expect_word("done")?;
        Ok(Cmd::While { cond, body, until })
    }

    fn if_clause(&mut self) -> Result<Cmd, ScriptError> {
        let mut branches = Vec::new();
        let mut otherwise = None;
        loop {
            let cond = self.list(&["then"])?;
            if cond.items.is_empty() {
                return Err(self.unexpected());
            }
            self.expect_word("then")?;
            let body = self.list(&["elif", "else", "fi"])?;
            branches.push((cond, body));
            self.skip_newlines();
            match self.peek_word() {
                Some("elif") => self.pos += 1,
                Some("else") => {
                    self.pos += 1;
                    otherwise = Some(self.list(&["fi"])?);
                    self.expect_word("fi")?;
                    break;
                }
                Some("fi") => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.unexpected()),
            }
        }
        Ok(Cmd::If { branches, otherwise })
    }
}

fn parse_at_depth(src: &str, depth: usize) -> Result<List, ScriptError> {
    let toks = tokenize(src)?;
    let mut p = Parser { toks, pos: 0, depth };
    let list = p.list(&[])?;
    if p.pos < p.toks.len() {
        return Err(p.unexpected());
    }
    Ok(list)
}

/// Parses a whole script.
fn parse(src: &str) -> Result<List, ScriptError> {
    parse_at_depth(src, 0)
}

/// True when `src` is one endless `while` loop (its condition `true`, `:` or `sleep N`),
/// optionally sent to the background with `&`: the shape of a load generator, which the lab runs
/// as a background job of the pod (see `kubelab_sim::traffic`).
pub(crate) fn endless_load_loop(src: &str) -> bool {
    let Ok(list) = parse(src) else { return false };
    let [(AndOr { first: Cmd::While { cond, until: false, .. }, rest }, _)] = list.items.as_slice() else {
        return false;
    };
    if !rest.is_empty() {
        return false;
    }
    matches!(cond.items.as_slice(), [(AndOr { first: Cmd::Simple { words, .. }, rest }, false)]
        if rest.is_empty() && matches!(words.first().and_then(Word::plain), Some("true" | ":" | "sleep")))
}

// ---------------------------------------------------------------------------------------------
// The interpreter

/// How a command ended, besides its status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flow {
    Normal,
    Break(u32),
    Continue(u32),
    Exit(i32),
    /// A bound was reached.
    Limit,
    /// An expansion failed (`$((1/0))`): the rest of the input is not run.
    Abort(i32),
}

/// One run of a script in a container.
pub(crate) struct Interp<'a> {
    target: &'a Target<'a>,
    vars: Vec<(String, String)>,
    env: Option<Vec<(String, String)>>,
    exported: Vec<String>,
    /// An interactive shell (state restored from the session).
    interactive: bool,
    /// Bytes produced by expansions so far.
    expanded: usize,
    status: i32,
    iterations: u32,
    commands: u32,
    started: SimTime,
    /// Milliseconds of `sleep` not yet stepped (the clock steps whole seconds).
    owed_ms: u64,
    loop_depth: u32,
    /// Inside a `$(...)` (its output is captured, not shown).
    capturing: u32,
    /// What the script showed, in order (`true` for stderr): a terminal interleaves the two
    /// streams, so a loop's errors stay between its iterations' output.
    shown: Vec<(bool, String)>,
}

/// What an interactive shell keeps between input lines: its variables (in the order set) and
/// `$?`.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Vars {
    vars: Vec<(String, String)>,
    /// Names `export`ed (they reach the programs' environment).
    exported: Vec<String>,
    status: i32,
}

/// The outcome of a script.
pub(crate) struct Ran {
    pub code: i32,
    /// `exit` ran (an interactive shell closes).
    pub exited: bool,
}

impl<'a> Interp<'a> {
    pub(crate) fn new(c: &Console, target: &'a Target<'a>) -> Self {
        Interp {
            target,
            vars: Vec::new(),
            env: None,
            exported: Vec::new(),
            interactive: false,
            expanded: 0,
            status: 0,
            iterations: 0,
            commands: 0,
            started: c.cluster.now(),
            owed_ms: 0,
            loop_depth: 0,
            capturing: 0,
            shown: Vec::new(),
        }
    }

    /// Continues an interactive shell's state.
    pub(crate) fn restore(&mut self, saved: &Vars) {
        self.vars = saved.vars.clone();
        self.status = saved.status;
        self.exported = saved.exported.clone();
        self.interactive = true;
    }

    /// The state to keep for the next input line.
    pub(crate) fn vars(&self) -> Vars {
        Vars { vars: self.vars.clone(), exported: self.exported.clone(), status: self.status }
    }

    /// Parses and runs `src`; syntax errors and unsupported constructs print the shell's line
    /// and give status 2 before anything runs.
    pub(crate) fn run(&mut self, c: &mut Console, src: &str, out: &mut Output) -> Ran {
        let list = match parse(src) {
            Ok(l) => l,
            Err(e) => {
                out.stderr.push_str(&e.message(self.target.info.kind));
                return Ran { code: 2, exited: false };
            }
        };
        let (stdout_start, stderr_start) = (out.stdout.len(), out.stderr.len());
        let flow = self.list(c, &list, out, 0);
        // Errors that came before later output: show both streams in their order, as a terminal
        // would (this console prints a command's stdout before its stderr).
        let interleaved = self.shown.iter().skip_while(|(err, _)| !err).any(|(err, _)| !err);
        if interleaved {
            out.stdout.truncate(stdout_start);
            out.stderr.truncate(stderr_start);
            for (_, text) in self.shown.drain(..) {
                out.stdout.push_str(&text);
            }
        }
        match flow {
            Flow::Exit(code) => Ran { code, exited: true },
            Flow::Abort(code) => Ran { code, exited: false },
            Flow::Limit => {
                out.stderr.push_str(&limit_note());
                Ran { code: 130, exited: false }
            }
            _ => Ran { code: self.status, exited: false },
        }
    }

    fn over_budget(&self, c: &Console, out: &Output) -> bool {
        self.iterations > MAX_ITERATIONS
            || self.commands > MAX_COMMANDS
            || c.cluster.now().since(self.started).as_secs() >= MAX_SIM_SECS
            || out.stdout.len() + out.stderr.len() > MAX_OUTPUT
    }

    fn list(&mut self, c: &mut Console, list: &List, out: &mut Output, depth: usize) -> Flow {
        for (item, background) in &list.items {
            if *background {
                let line = ScriptError::Unsupported("& (a background job other than a wget or curl load loop)".into())
                    .message(self.target.info.kind);
                self.emit(out, true, line);
                self.status = 2;
                continue;
            }
            let flow = self.and_or(c, item, out, depth);
            if flow != Flow::Normal {
                return flow;
            }
        }
        Flow::Normal
    }

    fn and_or(&mut self, c: &mut Console, item: &AndOr, out: &mut Output, depth: usize) -> Flow {
        let flow = self.command(c, &item.first, out, depth);
        if flow != Flow::Normal {
            return flow;
        }
        for (and, cmd) in &item.rest {
            if (self.status == 0) != *and {
                continue;
            }
            let flow = self.command(c, cmd, out, depth);
            if flow != Flow::Normal {
                return flow;
            }
        }
        Flow::Normal
    }

    fn command(&mut self, c: &mut Console, cmd: &Cmd, out: &mut Output, depth: usize) -> Flow {
        if self.over_budget(c, out) {
            return Flow::Limit;
        }
        match cmd {
            Cmd::Simple { words, redirects } => self.simple(c, words, redirects, out, depth),
            Cmd::Not(inner) => {
                let flow = self.command(c, inner, out, depth);
                self.status = i32::from(self.status == 0);
                flow
            }
            Cmd::If { branches, otherwise } => {
                for (cond, body) in branches {
                    let flow = self.list(c, cond, out, depth + 1);
                    if flow != Flow::Normal {
                        return flow;
                    }
                    if self.status == 0 {
                        return self.list(c, body, out, depth + 1);
                    }
                }
                // No condition held: `else` sees the last condition's `$?`; without it, 0.
                match otherwise {
                    Some(body) => self.list(c, body, out, depth + 1),
                    None => {
                        self.status = 0;
                        Flow::Normal
                    }
                }
            }
            Cmd::For { var, items, body } => {
                let mut values = Vec::new();
                for w in items {
                    match self.expand(c, w, out, depth) {
                        Ok(fields) => values.extend(fields),
                        Err(flow) => return flow,
                    }
                }
                self.status = 0;
                self.loop_depth += 1;
                let mut result = Flow::Normal;
                for v in values {
                    self.iterations += 1;
                    if self.over_budget(c, out) {
                        result = Flow::Limit;
                        break;
                    }
                    self.set_var(var, v);
                    match self.list(c, body, out, depth + 1) {
                        Flow::Normal | Flow::Continue(1) => {}
                        Flow::Break(1) => break,
                        Flow::Break(n) => {
                            result = Flow::Break(n - 1);
                            break;
                        }
                        Flow::Continue(n) => {
                            result = Flow::Continue(n - 1);
                            break;
                        }
                        other => {
                            result = other;
                            break;
                        }
                    }
                }
                self.loop_depth -= 1;
                result
            }
            Cmd::While { cond, body, until } => {
                self.loop_depth += 1;
                let mut body_status = 0;
                let result = loop {
                    self.iterations += 1;
                    if self.over_budget(c, out) {
                        break Flow::Limit;
                    }
                    match self.list(c, cond, out, depth + 1) {
                        Flow::Normal => {}
                        Flow::Break(n) | Flow::Continue(n) if n > 1 => break Flow::Break(n - 1),
                        Flow::Break(_) => break Flow::Normal,
                        Flow::Continue(_) => continue,
                        other => break other,
                    }
                    if (self.status == 0) == *until {
                        break Flow::Normal;
                    }
                    match self.list(c, body, out, depth + 1) {
                        Flow::Normal | Flow::Continue(1) => body_status = self.status,
                        Flow::Break(1) => break Flow::Normal,
                        Flow::Break(n) => break Flow::Break(n - 1),
                        Flow::Continue(n) => break Flow::Continue(n - 1),
                        other => break other,
                    }
                };
                self.loop_depth -= 1;
                if result == Flow::Normal {
                    // The loop's status is its body's last (0 if the body never ran).
                    self.status = body_status;
                }
                result
            }
        }
    }

    /// Output of a command: to `out`, and (outside a capture) in the order shown.
    fn emit(&mut self, out: &mut Output, err: bool, text: String) {
        if text.is_empty() {
            return;
        }
        if err {
            out.stderr.push_str(&text);
        } else {
            out.stdout.push_str(&text);
        }
        if self.capturing == 0 {
            self.shown.push((err, text));
        }
    }

    fn set_var(&mut self, name: &str, value: String) {
        self.vars.retain(|(k, _)| k != name);
        self.vars.push((name.to_string(), value));
    }

    fn lookup(&mut self, c: &Console, name: &str) -> String {
        if name == "?" {
            return self.status.to_string();
        }
        if let Some((_, v)) = self.vars.iter().find(|(k, _)| k == name) {
            return v.clone();
        }
        let target = self.target;
        let env = self.env.get_or_insert_with(|| super::environment(c, target));
        env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// Expands a word into fields (unquoted expansions are split on blanks).
    fn expand(&mut self, c: &mut Console, w: &Word, out: &mut Output, depth: usize) -> Result<Vec<String>, Flow> {
        let mut fields: Vec<String> = Vec::new();
        let mut cur = String::new();
        // The current field exists even if empty (quotes were seen).
        let mut present = false;
        for part in &w.parts {
            let (value, quoted) = match part {
                Part::Lit { text, quoted } => {
                    cur.push_str(text);
                    present |= *quoted || !text.is_empty();
                    continue;
                }
                Part::Var { name, quoted } => (self.lookup(c, name), *quoted),
                Part::Subst { source, quoted } => (self.substitute(c, source, out, depth)?, *quoted),
                Part::Arith { expr, quoted } => {
                    let kind = self.target.info.kind;
                    match arith(expr, |name| self.lookup(c, name)) {
                        Ok(n) => (n.to_string(), *quoted),
                        Err(e) => {
                            let line = match kind {
                                ShellKind::Busybox => format!("sh: {e}\n"),
                                ShellKind::Bash => format!("bash: {}: {e}\n", expr.trim()),
                            };
                            self.emit(out, true, line);
                            return Err(Flow::Abort(2));
                        }
                    }
                }
            };
            // A value doubled in a loop (`X=$X$X`), a large value repeated: bounded like output.
            self.expanded = self.expanded.saturating_add(value.len());
            self.expanded = self.expanded.saturating_add(16 * value.split_whitespace().count());
            if cur.len() + value.len() > MAX_OUTPUT || self.expanded > MAX_EXPANDED {
                return Err(Flow::Limit);
            }
            if quoted {
                cur.push_str(&value);
                present = true;
                continue;
            }
            let mut pieces = value.split([' ', '\t', '\n']).peekable();
            let starts_blank = value.starts_with([' ', '\t', '\n']);
            if starts_blank && present {
                fields.push(std::mem::take(&mut cur));
                present = false;
            }
            let mut first = true;
            while let Some(piece) = pieces.next() {
                if piece.is_empty() {
                    continue;
                }
                if !first {
                    fields.push(std::mem::take(&mut cur));
                }
                cur.push_str(piece);
                present = true;
                first = false;
                let _ = pieces.peek();
            }
            if value.ends_with([' ', '\t', '\n']) && present {
                fields.push(std::mem::take(&mut cur));
                present = false;
            }
        }
        if present {
            fields.push(cur);
        }
        Ok(fields)
    }

    /// `$(...)`: runs `source` and returns its output without trailing newlines.
    fn substitute(&mut self, c: &mut Console, source: &str, out: &mut Output, depth: usize) -> Result<String, Flow> {
        if depth + 1 > MAX_DEPTH {
            out.stderr.push_str(&ScriptError::TooBig("nesting deeper than 32 levels").message(self.target.info.kind));
            self.status = 2;
            return Ok(String::new());
        }
        let list = match parse_at_depth(source, depth + 1) {
            Ok(l) => l,
            Err(e) => {
                out.stderr.push_str(&e.message(self.target.info.kind));
                self.status = 2;
                return Ok(String::new());
            }
        };
        let mut inner = Output::default();
        self.capturing += 1;
        let flow = self.list(c, &list, &mut inner, depth + 1);
        self.capturing -= 1;
        self.emit(out, true, inner.stderr);
        if matches!(flow, Flow::Limit | Flow::Abort(_)) {
            return Err(flow);
        }
        Ok(inner.stdout.trim_end_matches('\n').to_string())
    }

    fn simple(
        &mut self,
        c: &mut Console,
        words: &[Word],
        redirects: &[Redirect],
        out: &mut Output,
        depth: usize,
    ) -> Flow {
        self.commands += 1;
        // Leading assignments.
        let n_assign = words.iter().take_while(|w| w.assignment().is_some()).count();
        let mut assigned = Vec::new();
        for w in &words[..n_assign] {
            let Some((name, value)) = w.assignment() else { continue };
            let mut value_out = Output::default();
            let value = match self.expand_joined(c, &value, &mut value_out, depth) {
                Ok(v) => v,
                Err(flow) => return flow,
            };
            self.emit(out, true, value_out.stderr);
            assigned.push((name, value));
        }
        let mut args = Vec::new();
        for w in &words[n_assign..] {
            match self.expand(c, w, out, depth) {
                Ok(f) => args.extend(f),
                Err(flow) => return flow,
            }
        }
        if args.is_empty() {
            for (k, v) in assigned {
                self.set_var(&k, v);
            }
            self.status = 0;
            return Flow::Normal;
        }
        let mut own = Output::default();
        let (status, flow) = self.run_words(c, &assigned, &args, &mut own);
        // Redirections, in order: where descriptors 1 and 2 go (1 = stdout, 2 = stderr, 0 = null).
        let mut fds = [0u32, 1, 2];
        for r in redirects {
            match *r {
                Redirect::Null(fd) => fds[fd as usize] = 0,
                Redirect::Dup(fd, to) => fds[fd as usize] = fds[to as usize],
            }
        }
        for (text, fd) in [(own.stdout, fds[1]), (own.stderr, fds[2])] {
            match fd {
                1 => self.emit(out, false, text),
                2 => self.emit(out, true, text),
                _ => {}
            }
        }
        self.status = status;
        flow
    }

    fn expand_joined(&mut self, c: &mut Console, w: &Word, out: &mut Output, depth: usize) -> Result<String, Flow> {
        // An assignment's value is not split.
        let quoted = Word {
            parts: w
                .parts
                .iter()
                .map(|p| match p.clone() {
                    Part::Var { name, .. } => Part::Var { name, quoted: true },
                    Part::Subst { source, .. } => Part::Subst { source, quoted: true },
                    Part::Arith { expr, .. } => Part::Arith { expr, quoted: true },
                    lit => lit,
                })
                .collect(),
        };
        Ok(self.expand(c, &quoted, out, depth)?.join(" "))
    }

    /// Runs a command that has its words: a builtin or the image's program.
    fn run_words(
        &mut self,
        c: &mut Console,
        assigned: &[(String, String)],
        args: &[String],
        out: &mut Output,
    ) -> (i32, Flow) {
        let kind = self.target.info.kind;
        let sh = shell_name(kind);
        let name = args[0].as_str();
        let rest = &args[1..];
        match name {
            "true" | ":" => (0, Flow::Normal),
            "echo" => {
                // Here, not in `run_program`, whose words would be expanded a second time.
                let (newline, words) = match rest.first().map(String::as_str) {
                    Some("-n") => (false, &rest[1..]),
                    _ => (true, rest),
                };
                out.stdout.push_str(&words.join(" "));
                if newline {
                    out.stdout.push('\n');
                }
                (0, Flow::Normal)
            }
            "false" => (1, Flow::Normal),
            "break" | "continue" => {
                let n: u32 = match rest.first() {
                    None => 1,
                    Some(a) => match a.parse::<u32>() {
                        Ok(n) if n > 0 => n,
                        _ => {
                            out.stderr.push_str(&format!("{sh}: {name}: {a}: bad number\n"));
                            return (2, Flow::Normal);
                        }
                    },
                };
                if self.loop_depth == 0 {
                    return (0, Flow::Normal);
                }
                let n = n.min(self.loop_depth);
                (0, if name == "break" { Flow::Break(n) } else { Flow::Continue(n) })
            }
            "exit" => {
                let code = match rest.first() {
                    // A bare `exit` typed at an interactive prompt ends the session quietly
                    // (sh would exit with `$?`; the lab keeps `exit` after a failed command calm).
                    None if self.interactive => 0,
                    None => self.status,
                    Some(a) => match a.parse::<i64>() {
                        Ok(n) => n.rem_euclid(256) as i32,
                        Err(_) => {
                            out.stderr.push_str(&format!("{sh}: exit: {a}: numeric argument required\n"));
                            2
                        }
                    },
                };
                (code, Flow::Exit(code))
            }
            "export" => {
                for a in rest {
                    let name = match a.split_once('=') {
                        Some((k, v)) if valid_name(k) => {
                            self.set_var(k, v.to_string());
                            k
                        }
                        _ => a.as_str(),
                    };
                    if valid_name(name) && !self.exported.iter().any(|e| e == name) {
                        self.exported.push(name.to_string());
                    }
                }
                (0, Flow::Normal)
            }
            "unset" => {
                for a in rest {
                    self.vars.retain(|(k, _)| k != a);
                    self.exported.retain(|k| k != a);
                }
                (0, Flow::Normal)
            }
            "cd" => (0, Flow::Normal),
            "[" | "test" => (test(kind, name, rest, out), Flow::Normal),
            "sleep" => self.sleep(c, rest, out),
            "seq" => (seq(rest, out), Flow::Normal),
            "date" if rest.is_empty() => {
                out.stdout.push_str(&date(c.cluster.unix_secs(c.cluster.now())));
                (0, Flow::Normal)
            }
            "read" | "eval" | "exec" | "source" | "." | "trap" | "shift" | "set" | "local" | "return" | "wait"
            | "alias" | "let" | "printf" => {
                out.stderr.push_str(&ScriptError::Unsupported(name.to_string()).message(kind));
                (2, Flow::Normal)
            }
            _ => {
                if !has_program(self.target.info, name) {
                    out.stderr.push_str(&format!("{}\n", not_found(kind, name)));
                    return (127, Flow::Normal);
                }
                // Variables set with `export` are in the program's environment too.
                let mut words: Vec<String> = Vec::new();
                for (k, v) in &self.vars {
                    if self.exported.contains(k) && !assigned.iter().any(|(a, _)| a == k) {
                        words.push(format!("{k}={v}"));
                    }
                }
                words.extend(assigned.iter().map(|(k, v)| format!("{k}={v}")));
                words.extend(args.iter().cloned());
                (run_program(c, self.target, &words, out), Flow::Normal)
            }
        }
    }

    /// `sleep N`: the clock moves (whole simulated seconds; fractions add up).
    fn sleep(&mut self, c: &mut Console, args: &[String], out: &mut Output) -> (i32, Flow) {
        let sh_sleep = "sleep";
        let Some(arg) = args.first() else {
            out.stderr.push_str(&format!("{sh_sleep}: missing operand\n"));
            return (1, Flow::Normal);
        };
        let Some(ms) = decimal_millis(arg) else {
            match self.target.info.kind {
                ShellKind::Busybox => out.stderr.push_str(&format!("sleep: invalid number '{arg}'\n")),
                ShellKind::Bash => out.stderr.push_str(&format!("sleep: invalid time interval '{arg}'\n")),
            }
            return (1, Flow::Normal);
        };
        self.owed_ms = self.owed_ms.saturating_add(ms);
        let budget_end = self.started + SimDuration::from_secs(MAX_SIM_SECS);
        while self.owed_ms >= 1000 {
            if c.cluster.now() >= budget_end {
                return (130, Flow::Limit);
            }
            c.cluster.step();
            self.owed_ms -= 1000;
        }
        (0, Flow::Normal)
    }
}

/// `1`, `0.5`, `2.25` seconds in milliseconds (at most a year).
fn decimal_millis(w: &str) -> Option<u64> {
    let w = w.strip_suffix('s').unwrap_or(w);
    let (int, frac) = w.split_once('.').unwrap_or((w, ""));
    if (int.is_empty() && frac.is_empty()) || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let int: u64 = if int.is_empty() { 0 } else { int.parse::<u64>().unwrap_or(u64::MAX).min(31_536_000) };
    let mut ms = int * 1000;
    for (i, d) in frac.chars().take(3).enumerate() {
        ms += (d as u64 - '0' as u64) * [100, 10, 1][i];
    }
    Some(ms)
}

/// `$((expr))`: integers (64-bit, wrapping as the shells' do), `+ - * / %`, comparisons
/// (`< <= > >= == !=`, 1 or 0), `&& || !`, unary `-`/`+`, parentheses; a name (bare or `$NAME`)
/// is its variable's value, 0 when unset or empty.
fn arith(expr: &str, mut lookup: impl FnMut(&str) -> String) -> Result<i64, String> {
    let chars: Vec<char> = expr.chars().collect();
    let mut toks: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        if ch.is_whitespace() {
            i += 1;
        } else if ch.is_ascii_alphanumeric() || ch == '_' || ch == '$' {
            let start = if ch == '$' { i + 1 } else { i };
            let braced = chars.get(start) == Some(&'{');
            let from = if braced { start + 1 } else { start };
            let len = chars[from..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '_').count();
            let word: String = chars[from..from + len].iter().collect();
            i = from + len + usize::from(braced && chars.get(from + len) == Some(&'}'));
            if word.is_empty() {
                return Err("arithmetic syntax error".into());
            }
            if word.starts_with(|c: char| c.is_ascii_digit()) {
                toks.push(word);
            } else {
                let v = lookup(&word);
                let v = v.trim();
                toks.push(if v.is_empty() { "0".into() } else { v.to_string() });
            }
        } else {
            let two: String = chars[i..chars.len().min(i + 2)].iter().collect();
            if matches!(two.as_str(), "<=" | ">=" | "==" | "!=" | "&&" | "||") {
                toks.push(two);
                i += 2;
            } else if "+-*/%()<>!".contains(ch) {
                toks.push(ch.to_string());
                i += 1;
            } else {
                return Err(format!("{}: not supported in this lab's shell", expr.trim()));
            }
        }
    }
    let mut p = ArithParser { toks, pos: 0, depth: 0 };
    let v = p.binary(0)?;
    if p.pos != p.toks.len() {
        return Err("arithmetic syntax error".into());
    }
    Ok(v)
}

struct ArithParser {
    toks: Vec<String>,
    pos: usize,
    depth: usize,
}

impl ArithParser {
    const LEVELS: [&'static [&'static str]; 6] =
        [&["||"], &["&&"], &["==", "!="], &["<", "<=", ">", ">="], &["+", "-"], &["*", "/", "%"]];

    fn binary(&mut self, level: usize) -> Result<i64, String> {
        if level == Self::LEVELS.len() {
            return self.unary();
        }
        let mut left = self.binary(level + 1)?;
        while let Some(op) = self.toks.get(self.pos).filter(|t| Self::LEVELS[level].contains(&t.as_str())).cloned() {
            self.pos += 1;
            let right = self.binary(level + 1)?;
            left = match op.as_str() {
                "||" => i64::from(left != 0 || right != 0),
                "&&" => i64::from(left != 0 && right != 0),
                "==" => i64::from(left == right),
                "!=" => i64::from(left != right),
                "<" => i64::from(left < right),
                "<=" => i64::from(left <= right),
                ">" => i64::from(left > right),
                ">=" => i64::from(left >= right),
                "+" => left.wrapping_add(right),
                "-" => left.wrapping_sub(right),
                "*" => left.wrapping_mul(right),
                _ if right == 0 => return Err("divide by zero".into()),
                "/" => left.wrapping_div(right),
                _ => left.wrapping_rem(right),
            };
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<i64, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH * 8 {
            return Err("arithmetic syntax error".into());
        }
        let v = self.unary_inner();
        self.depth -= 1;
        v
    }

    fn unary_inner(&mut self) -> Result<i64, String> {
        let tok = self.toks.get(self.pos).cloned().ok_or("arithmetic syntax error")?;
        self.pos += 1;
        match tok.as_str() {
            "-" => Ok(self.unary()?.wrapping_neg()),
            "+" => self.unary(),
            "!" => Ok(i64::from(self.unary()? == 0)),
            "(" => {
                let v = self.binary(0)?;
                if self.toks.get(self.pos).map(String::as_str) != Some(")") {
                    return Err("arithmetic syntax error".into());
                }
                self.pos += 1;
                Ok(v)
            }
            n => n.parse::<i64>().map_err(|_| "arithmetic syntax error".to_string()),
        }
    }
}

/// `date` as busybox and GNU coreutils print it in UTC: `Sun Dec  6 19:42:49 UTC 2026`.
fn date(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let r = crate::text::rfc3339(unix); // 2026-12-06T19:42:49Z
    let (day, time) = r.trim_end_matches('Z').split_once('T').unwrap_or(("1970-01-01", "00:00:00"));
    let mut parts = day.split('-');
    let (y, m, d) = (parts.next().unwrap_or("1970"), parts.next().unwrap_or("01"), parts.next().unwrap_or("01"));
    let month = super::MONTHS[m.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1];
    let weekday = DAYS[unix.div_euclid(86_400).rem_euclid(7) as usize];
    let d: u32 = d.parse().unwrap_or(1);
    format!("{weekday} {month} {d:>2} {time} UTC {y}\n")
}

/// `seq LAST`, `seq FIRST LAST`, `seq FIRST INC LAST` (integers), bounded by [`MAX_OUTPUT`].
fn seq(args: &[String], out: &mut Output) -> i32 {
    let nums: Result<Vec<i64>, &String> = args.iter().map(|a| a.parse::<i64>().map_err(|_| a)).collect();
    let nums = match nums {
        Ok(n) => n,
        Err(bad) => {
            out.stderr.push_str(&format!("seq: invalid number '{bad}'\n"));
            return 1;
        }
    };
    let (first, inc, last) = match nums.as_slice() {
        [last] => (1, 1, *last),
        [first, last] => (*first, 1, *last),
        [first, inc, last] => (*first, *inc, *last),
        _ => {
            out.stderr.push_str("seq: missing operand\n");
            return 1;
        }
    };
    if inc == 0 {
        out.stderr.push_str("seq: invalid Zero increment value: '0'\n");
        return 1;
    }
    let mut n = first;
    while (inc > 0 && n <= last) || (inc < 0 && n >= last) {
        if out.stdout.len() > MAX_OUTPUT {
            break;
        }
        out.stdout.push_str(&format!("{n}\n"));
        let Some(next) = n.checked_add(inc) else { break };
        n = next;
    }
    0
}

/// `test` and `[`: exit 0 (true), 1 (false) or 2 (a usage error).
fn test(kind: ShellKind, name: &str, args: &[String], out: &mut Output) -> i32 {
    let sh = shell_name(kind);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let args = if name == "[" {
        match args.split_last() {
            Some((&"]", rest)) => rest.to_vec(),
            _ => {
                match kind {
                    ShellKind::Busybox => out.stderr.push_str("sh: missing ]\n"),
                    ShellKind::Bash => out.stderr.push_str("bash: [: missing `]'\n"),
                }
                return 2;
            }
        }
    } else {
        args
    };
    let (negate, args) = match args.split_first() {
        Some((&"!", rest)) if !rest.is_empty() => (true, rest.to_vec()),
        _ => (false, args),
    };
    let int = |s: &str, out: &mut Output| -> Option<i64> {
        match s.trim().parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                match kind {
                    ShellKind::Busybox => out.stderr.push_str(&format!("sh: {s}: bad number\n")),
                    ShellKind::Bash => out.stderr.push_str(&format!("bash: [: {s}: integer expression expected\n")),
                }
                None
            }
        }
    };
    let result = match args.as_slice() {
        [] => false,
        [s] => !s.is_empty(),
        ["-z", s] => s.is_empty(),
        ["-n", s] => !s.is_empty(),
        [op, _] if op.starts_with('-') => {
            out.stderr.push_str(&ScriptError::Unsupported(format!("test {op}")).message(kind));
            return 2;
        }
        [a, "=" | "==", b] => a == b,
        [a, "!=", b] => a != b,
        [a, op @ ("-eq" | "-ne" | "-lt" | "-le" | "-gt" | "-ge"), b] => {
            let (Some(x), Some(y)) = (int(a, out), int(b, out)) else { return 2 };
            match *op {
                "-eq" => x == y,
                "-ne" => x != y,
                "-lt" => x < y,
                "-le" => x <= y,
                "-gt" => x > y,
                _ => x >= y,
            }
        }
        [_, op, _] if matches!(*op, "-a" | "-o" | "<" | ">") || op.starts_with('-') => {
            out.stderr.push_str(&ScriptError::Unsupported(format!("test {op}")).message(kind));
            return 2;
        }
        _ => {
            let _ = sh;
            out.stderr.push_str(&ScriptError::Unsupported("test with more than three arguments".into()).message(kind));
            return 2;
        }
    };
    i32::from(result == negate)
}

#[cfg(test)]
mod tests;
