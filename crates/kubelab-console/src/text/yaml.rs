//! YAML the way `kubectl get -o yaml` prints an object.
//!
//! kubectl's `YAMLPrinter` calls `sigs.k8s.io/yaml.Marshal`, which encodes the object to JSON,
//! re-reads that JSON with go-yaml v2 (so numbers become int / uint / float64 and every key a
//! string) and marshals the result with go-yaml v2 (v2.4 semantics; sigs.k8s.io/yaml ≥ 1.4
//! vendors that fork). This module reproduces that pipeline's output:
//!
//! * **Layout**: block mappings indented by two spaces; a block sequence that is a mapping
//!   value is *not* indented relative to its key (`containers:\n- image: nginx`); a mapping
//!   inside a sequence item starts on the dash line (`- a: 1\n  b: 2`); nested sequences
//!   share a line (`- - a`); empty containers are written inline as `{}` and `[]`.
//! * **Key order**: go-yaml's `keyList` order, not byte order: letters sort after non-letters
//!   and runs of digits compare numerically (`a2` < `a10`, `a_b` < `aB`). The map's own order
//!   is ignored.
//! * **Scalars**: `null`, `true` / `false`; integers verbatim; other numbers go through
//!   float64 (Unstructured's representation), are spelled as `encoding/json` would, re-read
//!   as go-yaml would (`3.0` → `3`), and floats print as Go's `%g`-like shortest form
//!   (`0.5`, `1.5e-07`, `1.2345675e+06`).
//! * **Strings** are plain when possible. A string that would read back as something else is
//!   double-quoted: `""`, `"80"`, `"1.5"`, `"true"`, `"yes"`, `"n"`, `"~"`, `"null"`, `"0x1F"`,
//!   `"1_000"`, `"12:30"` (YAML 1.1 base-60), timestamps like `"2026-03-02T09:00:00Z"` or
//!   `"2026-03-02"`. A string that cannot be plain for syntactic reasons (leading or trailing
//!   space, a leading indicator such as `- `, `*`, `&`, `!`, `|`, `>`, `'`, `"`, `%`, `@`,
//!   `` ` ``, `#`, `[`, `{`, `? `, `: `, or an inner `: ` / ` #`) is single-quoted (`'a: b'`,
//!   quotes doubled). Strings containing `\n` use a literal block (`|` with a trailing newline,
//!   `|-` without, `|+` with more than one, `|2` when the text starts with a space or line
//!   break), indented two spaces deeper than the key. Anything with non-printable characters
//!   (tabs, control characters, characters outside the BMP such as emoji), or that a block
//!   cannot hold (trailing spaces, a space before a line break), is double-quoted with YAML
//!   escapes (`\t`, `\n`, `\e`, `\x7F`, `\u200B`, `\U0001F600`, upper-case hex).
//! * **Line folding**: like go-yaml v2 (kubectl never calls `FutureLineWrap`), plain and quoted
//!   scalars are folded at a space once the line is past column 80; continuation lines are
//!   indented two spaces deeper than the key. Keys and literal blocks are never folded.
//! * **Long keys**: a key longer than 128 bytes (or containing a line break) is written in the
//!   explicit `? key` / `: value` form, as go-yaml does.
//!
//! Known gaps (documented, all outside what Kubernetes objects contain): go-yaml's key order
//! treats non-ASCII Unicode letters via `unicode.IsLetter` and non-ASCII decimal digits as
//! digits, here `char::is_alphabetic` and ASCII digits are used; Go's `ParseFloat` special
//! spellings (`inf`, hex floats) never reach the resolver on this path so they are not
//! modelled. Nesting is handled recursively (see [`super::json`] for the same caveat).

use serde_json::{Map, Number, Value};

/// go-yaml v2's preferred line width.
const BEST_WIDTH: usize = 80;
/// go-yaml v2's indentation step.
const BEST_INDENT: i64 = 2;
/// The longest key go-yaml writes as a simple (implicit) key.
const MAX_SIMPLE_KEY_BYTES: usize = 128;

/// The text `kubectl get -o yaml` prints for `value` (ends with a newline).
pub fn to_yaml(value: &Value) -> String {
    let mut e = Emitter::new();
    e.node(value, false, false);
    // Document end (implicit): terminate the last line.
    e.write_indent();
    e.out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

/// What go-yaml's `yaml_emitter_analyze_scalar` finds out about a scalar (block context only;
/// the emitter never writes a non-empty flow collection here).
#[derive(Clone, Copy, Debug)]
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// libyaml's printable set: `\n`, printable ASCII, U+00A0..U+D7FF, U+E000..U+FFFD minus the BOM.
fn is_printable(c: char) -> bool {
    let v = c as u32;
    c == '\n'
        || (0x20..=0x7E).contains(&v)
        || (0xA0..=0xD7FF).contains(&v)
        || ((0xE000..=0xFFFD).contains(&v) && v != 0xFEFF)
}

fn analyze(value: &str) -> Analysis {
    if value.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    let mut block_indicators = value.starts_with("---") || value.starts_with("...");
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut preceded_by_whitespace = true;
    let mut previous_space = false;
    let mut previous_break = false;

    for (i, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = chars.get(i + 1).is_none_or(|&next| is_blank(next));
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`' => {
                    block_indicators = true
                }
                '?' | ':' | '-' if followed_by_whitespace => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_whitespace => block_indicators = true,
                '#' if preceded_by_whitespace => block_indicators = true,
                _ => {}
            }
        }
        if !is_printable(c) {
            special_characters = true;
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= i + 1 == n;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= i + 1 == n;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blank(c) || is_break(c) || c == '\0';
    }

    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks || block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// The style go-yaml's encoder asks for (`encoder.stringv`).
fn requested_string_style(s: &str) -> Style {
    if s.contains('\n') {
        Style::Literal
    } else if !resolve::is_non_string(s) && !resolve::is_base60_float(s) {
        Style::Plain
    } else {
        Style::Double
    }
}

/// The style the emitter ends up using (`yaml_emitter_select_scalar_style`, block context).
fn select_style(requested: Style, a: &Analysis, value: &str, simple_key: bool) -> Style {
    let mut style = requested;
    if simple_key && a.multiline {
        style = Style::Double;
    }
    if style == Style::Plain && (!a.block_plain_allowed || (value.is_empty() && simple_key)) {
        style = Style::Single;
    }
    if style == Style::Single && !a.single_quoted_allowed {
        style = Style::Double;
    }
    if style == Style::Literal && (!a.block_allowed || simple_key) {
        style = Style::Double;
    }
    // A block scalar whose last character is a line break other than `\n` (NEL, LS, PS, CR)
    // would end the document without a newline, and a reader that treats those as breaks
    // (YAML 1.1, as libyaml does) would not read the same text back: write it escaped. go-yaml
    // writes such a break raw; a simplification for text no manifest holds.
    if style == Style::Literal && value.chars().last().is_some_and(|c| is_break(c) && c != '\n') {
        style = Style::Double;
    }
    style
}

/// A number as the JSON → go-yaml round trip leaves it (see the module docs).
fn number_text(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    let Some(f) = n.as_f64() else {
        return n.to_string();
    };
    let json = super::gofloat::json_float(f);
    // go-yaml reads the JSON text back: integers stay integers, the rest become float64.
    if let Ok(i) = json.parse::<i64>() {
        return i.to_string();
    }
    if let Ok(u) = json.parse::<u64>() {
        return u.to_string();
    }
    super::gofloat::g_float(f)
}

/// A cut-down model of go-yaml's `yaml_emitter_t`: just the state the block emitter reads.
struct Emitter {
    out: String,
    column: usize,
    whitespace: bool,
    indention: bool,
    indent: i64,
    indents: Vec<i64>,
    mapping_context: bool,
    simple_key_context: bool,
}

impl Emitter {
    fn new() -> Emitter {
        Emitter {
            out: String::new(),
            column: 0,
            whitespace: true,
            indention: true,
            indent: -1,
            indents: Vec::new(),
            mapping_context: false,
            simple_key_context: false,
        }
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn write_indent(&mut self) {
        let indent = usize::try_from(self.indent.max(0)).unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, indicator: &str, need_whitespace: bool, is_whitespace: bool, is_indention: bool) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    /// `yaml_emitter_emit_node` for a value (`mapping` = this is a mapping value).
    fn node(&mut self, value: &Value, mapping: bool, simple_key: bool) {
        self.mapping_context = mapping;
        self.simple_key_context = simple_key;
        match value {
            Value::Null => self.scalar("null", Style::Plain),
            Value::Bool(b) => self.scalar(if *b { "true" } else { "false" }, Style::Plain),
            Value::Number(n) => self.scalar(&number_text(n), Style::Plain),
            Value::String(s) => self.scalar(s, requested_string_style(s)),
            Value::Array(items) if items.is_empty() => self.empty_flow("[", "]"),
            Value::Object(map) if map.is_empty() => self.empty_flow("{", "}"),
            Value::Array(items) => self.block_sequence(items),
            Value::Object(map) => self.block_mapping(map),
        }
    }

    fn empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.increase_indent(true, false);
        self.pop_indent();
        self.write_indicator(close, false, false, false);
    }

    fn block_sequence(&mut self, items: &[Value]) {
        let indentless = self.mapping_context && !self.indention;
        self.increase_indent(false, indentless);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, false, false);
        }
        self.pop_indent();
    }

    fn block_mapping(&mut self, map: &Map<String, Value>) {
        self.increase_indent(false, false);
        for (key, value) in keys::sorted_entries(map) {
            self.write_indent();
            let simple = !analyze(key).multiline && key.len() <= MAX_SIMPLE_KEY_BYTES;
            if simple {
                self.mapping_context = true;
                self.simple_key_context = true;
                self.scalar(key, requested_string_style(key));
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.mapping_context = true;
                self.simple_key_context = false;
                self.scalar(key, requested_string_style(key));
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.node(value, true, false);
        }
        self.pop_indent();
    }

    fn scalar(&mut self, value: &str, requested: Style) {
        let simple_key = self.simple_key_context;
        let analysis = analyze(value);
        let style = select_style(requested, &analysis, value, simple_key);
        self.increase_indent(true, false);
        match style {
            Style::Plain => self.write_plain(value, !simple_key),
            Style::Single => self.write_single_quoted(value, !simple_key),
            Style::Double => self.write_double_quoted(value, !simple_key),
            Style::Literal => self.write_literal(value),
        }
        self.pop_indent();
    }

    fn write_plain(&mut self, value: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let chars: Vec<char> = value.chars().collect();
        let mut spaces = false;
        let mut breaks = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_is_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !next_is_space {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let len = value.len();
        let mut spaces = false;
        let mut breaks = false;
        let mut iter = value.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if c == ' ' {
                let next_is_space = matches!(iter.peek(), Some((_, ' ')));
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i + 1 < len && !next_is_space {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, value: &str, allow_breaks: bool) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        self.write_indicator("\"", true, false, false);
        let len = value.len();
        let mut spaces = false;
        let mut iter = value.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if !is_printable(c) || c == '\u{FEFF}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let short = match c {
                    '\0' => Some('0'),
                    '\u{07}' => Some('a'),
                    '\u{08}' => Some('b'),
                    '\t' => Some('t'),
                    '\n' => Some('n'),
                    '\u{0B}' => Some('v'),
                    '\u{0C}' => Some('f'),
                    '\r' => Some('r'),
                    '\u{1B}' => Some('e'),
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '\u{85}' => Some('N'),
                    '\u{A0}' => Some('_'),
                    '\u{2028}' => Some('L'),
                    '\u{2029}' => Some('P'),
                    _ => None,
                };
                match short {
                    Some(s) => self.put(s),
                    None => {
                        let v = c as u32;
                        let (letter, digits) = if v <= 0xFF {
                            ('x', 2)
                        } else if v <= 0xFFFF {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(letter);
                        for k in (0..digits).rev() {
                            self.put(char::from(HEX[((v >> (4 * k)) & 0xF) as usize]));
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i + 1 < len {
                    self.write_indent();
                    if matches!(iter.peek(), Some((_, ' '))) {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, value: &str) {
        self.write_indicator("|", true, false, false);
        // Block scalar header: indentation indicator, then chomping indicator.
        if value.chars().next().is_some_and(|c| c == ' ' || is_break(c)) {
            self.write_indicator("2", false, false, false);
        }
        let mut rev = value.chars().rev();
        let chomp = match rev.next() {
            None => Some("-"),
            Some(last) if !is_break(last) => Some("-"),
            Some(_) => match rev.next() {
                None => Some("+"),
                Some(prev) if is_break(prev) => Some("+"),
                Some(_) => None,
            },
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in value.chars() {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

/// go-yaml v2's map key order (`keyList.Less` in sorter.go) for string keys.
mod keys {
    use serde_json::{Map, Value};

    fn is_letter(c: char) -> bool {
        c.is_alphabetic()
    }

    fn is_digit(c: char) -> bool {
        c.is_ascii_digit()
    }

    /// `true` when `a` sorts before `b`.
    pub(super) fn less(a: &str, b: &str) -> bool {
        let ar: Vec<char> = a.chars().collect();
        let br: Vec<char> = b.chars().collect();
        let mut i = 0;
        while i < ar.len() && i < br.len() {
            let (ac, bc) = (ar[i], br[i]);
            if ac == bc {
                i += 1;
                continue;
            }
            let (al, bl) = (is_letter(ac), is_letter(bc));
            if al && bl {
                return ac < bc;
            }
            if al || bl {
                return bl;
            }
            // Neither is a letter: compare digit runs numerically (wrapping like Go's int64).
            let mut an: i64 = 0;
            let mut bn: i64 = 0;
            if ac == '0' || bc == '0' {
                let mut j = i;
                while j > 0 && is_digit(ar[j - 1]) {
                    j -= 1;
                    if ar[j] != '0' {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }
            let mut ai = i;
            while ai < ar.len() && is_digit(ar[ai]) {
                an = an.wrapping_mul(10).wrapping_add(i64::from(ar[ai] as u32 - '0' as u32));
                ai += 1;
            }
            let mut bi = i;
            while bi < br.len() && is_digit(br[bi]) {
                bn = bn.wrapping_mul(10).wrapping_add(i64::from(br[bi] as u32 - '0' as u32));
                bi += 1;
            }
            if an != bn {
                return an < bn;
            }
            if ai != bi {
                return ai < bi;
            }
            return ac < bc;
        }
        ar.len() < br.len()
    }

    /// The entries in go-yaml's order. A merge sort driven only by `less`, so an odd
    /// comparison can never make it panic.
    pub(super) fn sorted_entries(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
        let entries: Vec<(&String, &Value)> = map.iter().collect();
        merge_sort(entries)
    }

    fn merge_sort<'a>(v: Vec<(&'a String, &'a Value)>) -> Vec<(&'a String, &'a Value)> {
        if v.len() <= 1 {
            return v;
        }
        let mut left = v;
        let right = left.split_off(left.len() / 2);
        let left = merge_sort(left);
        let right = merge_sort(right);
        let mut out = Vec::with_capacity(left.len() + right.len());
        let mut l = left.into_iter().peekable();
        let mut r = right.into_iter().peekable();
        loop {
            let take_right = match (l.peek(), r.peek()) {
                (Some(a), Some(b)) => less(b.0, a.0),
                (Some(_), None) => false,
                (None, Some(_)) => true,
                (None, None) => break,
            };
            let next = if take_right { r.next() } else { l.next() };
            if let Some(e) = next {
                out.push(e);
            }
        }
        out
    }
}

/// go-yaml v2's implicit tag resolution for plain scalars (`resolve.go`), reduced to the one
/// question the encoder asks: would this string, written plain, read back as a non-string?
mod resolve {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum NumErr {
        Syntax,
        Range,
    }

    /// Plain words go-yaml v2 maps to a bool, null, float or merge key.
    const RESOLVE_MAP: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no", "No", "NO", "false",
        "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf",
        ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", "<<",
    ];

    pub(super) fn is_non_string(s: &str) -> bool {
        let Some(&first) = s.as_bytes().first() else {
            return true; // "" is null
        };
        let hint = match first {
            b'+' | b'-' => b'S',
            b'0'..=b'9' => b'D',
            b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => b'M',
            b'.' => b'.',
            _ => return false,
        };
        if RESOLVE_MAP.contains(&s) {
            return true;
        }
        match hint {
            b'M' => false,
            b'.' => parse_float_ok(s),
            _ => {
                if is_timestamp(s) {
                    return true;
                }
                let plain: String = s.chars().filter(|&c| c != '_').collect();
                if parse_int(&plain, 0).is_ok() {
                    return true;
                }
                let uint = parse_uint(&plain, 0);
                if uint.is_ok() {
                    return true;
                }
                if yaml_style_float(&plain) && parse_float_ok(&plain) {
                    return true;
                }
                if let Some(rest) = plain.strip_prefix("0b") {
                    if parse_int(rest, 2).is_ok() || parse_uint(rest, 2).is_ok() {
                        return true;
                    }
                } else if let Some(rest) = plain.strip_prefix("-0b") {
                    if parse_int(&format!("-{rest}"), 2).is_ok() {
                        return true;
                    }
                }
                // Out-of-range unsigned literals still resolve as a big.Int.
                uint == Err(NumErr::Range) && big_int_ok(&plain)
            }
        }
    }

    /// go-yaml's `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
    pub(super) fn is_base60_float(s: &str) -> bool {
        let b = s.as_bytes();
        let mut i = 0;
        if matches!(b.first(), Some(b'+' | b'-')) {
            i += 1;
        }
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return false;
        }
        i += 1;
        while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
            i += 1;
        }
        let mut groups = 0;
        while b.get(i) == Some(&b':') {
            i += 1;
            match (b.get(i), b.get(i + 1)) {
                (Some(b'0'..=b'5'), Some(d2)) if d2.is_ascii_digit() => i += 2,
                (Some(d), _) if d.is_ascii_digit() => i += 1,
                _ => return false,
            }
            groups += 1;
        }
        if groups == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
                i += 1;
            }
        }
        i == b.len()
    }

    /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
    fn yaml_style_float(s: &str) -> bool {
        let b = s.as_bytes();
        let mut i = 0;
        let digits = |i: &mut usize| {
            let start = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i - start
        };
        if matches!(b.first(), Some(b'+' | b'-')) {
            i += 1;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            if digits(&mut i) == 0 {
                return false;
            }
        } else {
            if digits(&mut i) == 0 {
                return false;
            }
            if b.get(i) == Some(&b'.') {
                i += 1;
                digits(&mut i);
            }
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                return false;
            }
        }
        i == b.len()
    }

    /// Go's `strconv.ParseUint(s, base, 64)`; `base == 0` reads a `0b`/`0o`/`0x`/`0` prefix.
    /// (Underscores have already been removed by the caller.)
    fn parse_uint(s: &str, base: u32) -> Result<u64, NumErr> {
        let b = s.as_bytes();
        if b.is_empty() {
            return Err(NumErr::Syntax);
        }
        let (base, digits) = if base == 0 {
            if b[0] == b'0' {
                match b.get(1).map(u8::to_ascii_lowercase) {
                    Some(b'b') if b.len() >= 3 => (2, &b[2..]),
                    Some(b'o') if b.len() >= 3 => (8, &b[2..]),
                    Some(b'x') if b.len() >= 3 => (16, &b[2..]),
                    _ => (8, &b[1..]),
                }
            } else {
                (10, b)
            }
        } else {
            (base, b)
        };
        let mut n: u64 = 0;
        for &c in digits {
            let lc = c.to_ascii_lowercase();
            let d = match lc {
                b'0'..=b'9' => u32::from(lc - b'0'),
                b'a'..=b'z' => u32::from(lc - b'a') + 10,
                _ => return Err(NumErr::Syntax),
            };
            if d >= base {
                return Err(NumErr::Syntax);
            }
            n = n.checked_mul(u64::from(base)).and_then(|n| n.checked_add(u64::from(d))).ok_or(NumErr::Range)?;
        }
        Ok(n)
    }

    /// Go's `strconv.ParseInt(s, base, 64)`.
    fn parse_int(s: &str, base: u32) -> Result<i64, NumErr> {
        if s.is_empty() {
            return Err(NumErr::Syntax);
        }
        let (neg, rest) = match s.as_bytes()[0] {
            b'+' => (false, &s[1..]),
            b'-' => (true, &s[1..]),
            _ => (false, s),
        };
        let un = match parse_uint(rest, base) {
            Ok(u) => u,
            Err(NumErr::Syntax) => return Err(NumErr::Syntax),
            Err(NumErr::Range) => u64::MAX,
        };
        const CUTOFF: u64 = 1 << 63;
        if (!neg && un >= CUTOFF) || (neg && un > CUTOFF) {
            return Err(NumErr::Range);
        }
        let v = un as i64; // un <= 2^63; -(2^63) wraps to i64::MIN as intended
        Ok(if neg { v.wrapping_neg() } else { v })
    }

    /// `big.Int.SetString(s, 0)` succeeds (only reached for unsigned literals).
    fn big_int_ok(s: &str) -> bool {
        let s = s.strip_prefix(['+', '-']).unwrap_or(s);
        let b = s.as_bytes();
        let (base, digits): (u32, &[u8]) = match (b.first(), b.get(1).map(u8::to_ascii_lowercase)) {
            (Some(b'0'), Some(b'x')) => (16, &b[2..]),
            (Some(b'0'), Some(b'b')) => (2, &b[2..]),
            (Some(b'0'), Some(b'o')) => (8, &b[2..]),
            (Some(b'0'), _) => return b[1..].iter().all(|c| (b'0'..=b'7').contains(c)),
            _ => (10, b),
        };
        !digits.is_empty() && digits.iter().all(|&c| char::from(c).is_digit(base))
    }

    /// Go's `strconv.ParseFloat(s, 64)` succeeds, for the decimal spellings that reach it
    /// here (strings starting with `.`, or matching `yaml_style_float`). Overflow to infinity
    /// is an error in Go, so it is one here.
    fn parse_float_ok(s: &str) -> bool {
        let b = s.as_bytes();
        let mut i = 0;
        let mut underscores = false;
        let mut negative = false;
        if let Some(&c) = b.first() {
            if c == b'+' || c == b'-' {
                negative = c == b'-';
                i += 1;
            }
        }
        let mut int_part = String::new();
        let mut frac_part = String::new();
        let mut saw_dot = false;
        let mut saw_digits = false;
        while let Some(&c) = b.get(i) {
            match c {
                b'_' => underscores = true,
                b'.' if !saw_dot => saw_dot = true,
                b'0'..=b'9' => {
                    saw_digits = true;
                    if saw_dot {
                        frac_part.push(char::from(c));
                    } else {
                        int_part.push(char::from(c));
                    }
                }
                _ => break,
            }
            i += 1;
        }
        if !saw_digits {
            return false;
        }
        let mut exp = String::new();
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if let Some(&c) = b.get(i) {
                if c == b'+' || c == b'-' {
                    exp.push(char::from(c));
                    i += 1;
                }
            }
            if !b.get(i).is_some_and(u8::is_ascii_digit) {
                return false;
            }
            while let Some(&c) = b.get(i) {
                match c {
                    b'_' => underscores = true,
                    b'0'..=b'9' => exp.push(char::from(c)),
                    _ => break,
                }
                i += 1;
            }
        }
        if i != b.len() || (underscores && !underscore_ok(s)) {
            return false;
        }
        let text = format!(
            "{}{}.{}e{}",
            if negative { "-" } else { "" },
            if int_part.is_empty() { "0" } else { &int_part },
            if frac_part.is_empty() { "0" } else { &frac_part },
            if exp.is_empty() || exp == "+" || exp == "-" { "0" } else { &exp },
        );
        text.parse::<f64>().is_ok_and(f64::is_finite)
    }

    /// Go's `underscoreOK`: underscores only between digits (or after a base prefix).
    fn underscore_ok(s: &str) -> bool {
        let mut b = s.as_bytes();
        if matches!(b.first(), Some(b'+' | b'-')) {
            b = &b[1..];
        }
        let mut saw = b'^';
        let mut i = 0;
        let mut hex = false;
        if b.len() >= 2 && b[0] == b'0' && matches!(b[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
            i = 2;
            saw = b'0';
            hex = b[1].eq_ignore_ascii_case(&b'x');
        }
        while i < b.len() {
            let c = b[i];
            if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
                saw = b'0';
            } else if c == b'_' {
                if saw != b'0' {
                    return false;
                }
                saw = b'_';
            } else {
                if saw == b'_' {
                    return false;
                }
                saw = b'!';
            }
            i += 1;
        }
        saw != b'_'
    }

    /// go-yaml's `parseTimestamp`: `YYYY-` then one of the layouts
    /// `2006-1-2T15:4:5.999999999Z07:00`, the same with a lower-case `t`,
    /// `2006-1-2 15:4:5.999999999` and `2006-1-2`, with Go `time.Parse`'s rules (one- or
    /// two-digit fields, range checks, day valid for the month).
    fn is_timestamp(s: &str) -> bool {
        let b = s.as_bytes();
        let leading = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if leading != 4 || b.get(4) != Some(&b'-') {
            return false;
        }
        timestamp_layout(b, Some(b'T')) || timestamp_layout(b, Some(b't')) || {
            let mut p = 0;
            date(b, &mut p).is_some() && space_time(b, p)
        }
    }

    /// Go's `getnum(s, false)`: one or two digits.
    fn getnum(b: &[u8], p: &mut usize) -> Option<u32> {
        let d1 = *b.get(*p).filter(|c| c.is_ascii_digit())?;
        *p += 1;
        match b.get(*p) {
            Some(d2) if d2.is_ascii_digit() => {
                *p += 1;
                Some(u32::from(d1 - b'0') * 10 + u32::from(d2 - b'0'))
            }
            _ => Some(u32::from(d1 - b'0')),
        }
    }

    fn expect(b: &[u8], p: &mut usize, c: u8) -> Option<()> {
        (b.get(*p) == Some(&c)).then(|| *p += 1)
    }

    fn days_in(month: u32, year: i64) -> u32 {
        match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            _ => 28,
        }
    }

    /// `2006-1-2`; leaves `p` after the day. Returns `None` on any error, including an
    /// out-of-range month or a day the month does not have.
    fn date(b: &[u8], p: &mut usize) -> Option<()> {
        let year: i64 = std::str::from_utf8(b.get(0..4)?).ok()?.parse().ok()?;
        *p = 4;
        expect(b, p, b'-')?;
        let month = getnum(b, p)?;
        if !(1..=12).contains(&month) {
            return None;
        }
        expect(b, p, b'-')?;
        let day = getnum(b, p)?;
        if day < 1 || day > days_in(month, year) {
            return None;
        }
        Some(())
    }

    /// `15:4:5` then an optional `.999999999` fraction (`,` also accepted, as in Go ≥ 1.17).
    fn clock(b: &[u8], p: &mut usize) -> Option<()> {
        if getnum(b, p)? >= 24 {
            return None;
        }
        expect(b, p, b':')?;
        if getnum(b, p)? >= 60 {
            return None;
        }
        expect(b, p, b':')?;
        if getnum(b, p)? >= 60 {
            return None;
        }
        if matches!(b.get(*p), Some(b'.' | b',')) && b.get(*p + 1).is_some_and(u8::is_ascii_digit) {
            *p += 1;
            while b.get(*p).is_some_and(u8::is_ascii_digit) {
                *p += 1;
            }
        }
        Some(())
    }

    fn timestamp_layout(b: &[u8], sep: Option<u8>) -> bool {
        let run = || -> Option<()> {
            let mut p = 0;
            date(b, &mut p)?;
            expect(b, &mut p, sep?)?;
            clock(b, &mut p)?;
            // Z07:00
            if b.get(p) == Some(&b'Z') {
                p += 1;
            } else {
                let zone = b.get(p..p + 6)?;
                if !matches!(zone[0], b'+' | b'-') || zone[3] != b':' {
                    return None;
                }
                let two = |x: &[u8]| -> Option<u32> {
                    (x[0].is_ascii_digit() && x[1].is_ascii_digit())
                        .then(|| u32::from(x[0] - b'0') * 10 + u32::from(x[1] - b'0'))
                };
                if two(&zone[1..3])? > 24 || two(&zone[4..6])? > 60 {
                    return None;
                }
                p += 6;
            }
            (p == b.len()).then_some(())
        };
        run().is_some()
    }

    /// After the date: either the end (`2006-1-2`) or spaces + `15:4:5[.frac]` to the end.
    fn space_time(b: &[u8], mut p: usize) -> bool {
        if p == b.len() {
            return true;
        }
        if b[p] != b' ' {
            return false;
        }
        while b.get(p) == Some(&b' ') {
            p += 1;
        }
        clock(b, &mut p).is_some() && p == b.len()
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn go_int_parsing() {
            assert_eq!(parse_int("80", 0), Ok(80));
            assert_eq!(parse_int("+5", 0), Ok(5));
            assert_eq!(parse_int("-0x1F", 0), Ok(-31));
            assert_eq!(parse_int("0o17", 0), Ok(15));
            assert_eq!(parse_int("017", 0), Ok(15));
            assert_eq!(parse_int("0b101", 0), Ok(5));
            assert_eq!(parse_int("08", 0), Err(NumErr::Syntax));
            assert_eq!(parse_int("0", 0), Ok(0));
            assert_eq!(parse_int("0x", 0), Err(NumErr::Syntax));
            assert_eq!(parse_int("-", 0), Err(NumErr::Syntax));
            assert_eq!(parse_int("9223372036854775807", 0), Ok(i64::MAX));
            assert_eq!(parse_int("-9223372036854775808", 0), Ok(i64::MIN));
            assert_eq!(parse_int("9223372036854775808", 0), Err(NumErr::Range));
            assert_eq!(parse_uint("18446744073709551615", 0), Ok(u64::MAX));
            assert_eq!(parse_uint("18446744073709551616", 0), Err(NumErr::Range));
            assert_eq!(parse_uint("+1", 0), Err(NumErr::Syntax));
        }

        #[test]
        fn floats() {
            assert!(yaml_style_float("1.5"));
            assert!(yaml_style_float("-.5"));
            assert!(yaml_style_float("1e5"));
            assert!(yaml_style_float("1."));
            assert!(!yaml_style_float("1e"));
            assert!(!yaml_style_float("."));
            assert!(!yaml_style_float("1.2.3"));
            assert!(parse_float_ok(".5"));
            assert!(parse_float_ok(".5_0"));
            assert!(!parse_float_ok("._5"));
            assert!(!parse_float_ok(".5e400"));
            assert!(!parse_float_ok(".e5"));
            assert!(!parse_float_ok(".5.5"));
            assert!(parse_float_ok("1e308"));
        }

        #[test]
        fn timestamps() {
            for ok in [
                "2026-03-02T09:00:00Z",
                "2026-03-02t09:00:00Z",
                "2026-3-2T9:0:0Z",
                "2026-03-02T09:00:00.123456789Z",
                "2026-03-02T09:00:00,5+05:30",
                "2026-03-02T09:00:00-24:00",
                "2026-03-02",
                "2026-03-02 09:00:00",
                "2026-03-02   09:00:00.5",
                "2024-02-29",
                "2000-02-29",
            ] {
                assert!(is_timestamp(ok), "{ok}");
            }
            for bad in [
                "2026-03-02T09:00:00",
                "2026-03-02T24:00:00Z",
                "2026-03-02T09:60:00Z",
                "2026-03-02T09:00:00+25:00",
                "2026-03-02T09:00:00z",
                "2026-13-01",
                "2026-00-01",
                "2026-02-29",
                "1900-02-29",
                "2026-04-31",
                "2026-03-02x",
                "2026-03-002",
                "20260-03-02",
                "26-03-02",
                "2026-03-02 ",
                "2026-03-02T",
            ] {
                assert!(!is_timestamp(bad), "{bad}");
            }
        }

        #[test]
        fn base60() {
            for yes in ["12:30", "1:2", "-1:30:59", "190:20:30.15", "1_0:59"] {
                assert!(is_base60_float(yes), "{yes}");
            }
            for no in ["12:60", "12:", ":30", "a:30", "12:30x", "1:123", "12"] {
                assert!(!is_base60_float(no), "{no}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scalar_value(s: &str) -> String {
        let out = to_yaml(&json!({ "k": s }));
        out.strip_prefix("k: ").and_then(|x| x.strip_suffix('\n')).unwrap_or(&out).to_string()
    }

    #[test]
    fn strings_quoted_only_when_needed() {
        let cases: &[(&str, &str)] = &[
            ("nginx", "nginx"),
            ("nginx:1.14.2", "nginx:1.14.2"),
            ("25%", "25%"),
            ("/dev/termination-log", "/dev/termination-log"),
            ("hello world", "hello world"),
            ("ReplicaSet \"x\" has progressed.", "ReplicaSet \"x\" has progressed."),
            ("a#b", "a#b"),
            ("a-b", "a-b"),
            ("-a", "-a"),
            ("", "\"\""),
            ("80", "\"80\""),
            ("-1", "\"-1\""),
            ("+1", "\"+1\""),
            ("1.5", "\"1.5\""),
            (".5", "\".5\""),
            ("1e3", "\"1e3\""),
            ("0x1F", "\"0x1F\""),
            ("0o17", "\"0o17\""),
            ("1_000", "\"1_000\""),
            ("08", "\"08\""),
            ("true", "\"true\""),
            ("True", "\"True\""),
            ("TRUE", "\"TRUE\""),
            ("tRUE", "tRUE"),
            ("false", "\"false\""),
            ("yes", "\"yes\""),
            ("no", "\"no\""),
            ("y", "\"y\""),
            ("n", "\"n\""),
            ("Y", "\"Y\""),
            ("on", "\"on\""),
            ("off", "\"off\""),
            ("Off", "\"Off\""),
            ("null", "\"null\""),
            ("Null", "\"Null\""),
            ("~", "\"~\""),
            (".inf", "\".inf\""),
            ("-.Inf", "\"-.Inf\""),
            (".NaN", "\".NaN\""),
            ("12:30", "\"12:30\""),
            ("2026-03-02T09:00:00Z", "\"2026-03-02T09:00:00Z\""),
            ("2026-03-02", "\"2026-03-02\""),
            ("2026-02-30", "2026-02-30"),
            ("1.2.3", "1.2.3"),
            ("5f7c2b9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", "5f7c2b9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"),
            ("10.96.0.1", "10.96.0.1"),
            ("80:31234/TCP", "80:31234/TCP"),
            ("<<", "<<"),
            ("<none>", "<none>"),
            ("a: b", "'a: b'"),
            ("a #b", "'a #b'"),
            ("- a", "'- a'"),
            ("-", "'-'"),
            (":", "':'"),
            ("? x", "'? x'"),
            ("*star", "'*star'"),
            ("&anchor", "'&anchor'"),
            ("!tag", "'!tag'"),
            ("|pipe", "'|pipe'"),
            (">gt", "'>gt'"),
            ("%pct", "'%pct'"),
            ("@at", "'@at'"),
            ("`tick", "'`tick'"),
            ("#hash", "'#hash'"),
            ("[x]", "'[x]'"),
            ("{x}", "'{x}'"),
            (",x", "',x'"),
            ("'quoted'", "'''quoted'''"),
            ("\"dq\"", "'\"dq\"'"),
            ("---", "'---'"),
            ("...", "'...'"),
            (" lead", "' lead'"),
            ("trail ", "'trail '"),
            ("it's", "it's"),
            ("tab\there", "\"tab\\there\""),
            ("bell\u{07}", "\"bell\\a\""),
            ("esc\u{1B}[0m", "\"esc\\e[0m\""),
            ("del\u{7F}", "\"del\\x7F\""),
            ("nbsp\u{A0}x", "nbsp\u{A0}x"),
            ("zw\u{200B}", "zw\u{200B}"),
            ("bom\u{FEFF}", "\"bom\\uFEFF\""),
            ("smile\u{1F600}", "\"smile\\U0001F600\""),
            ("café", "café"),
            ("cr\rx", "\"cr\\rx\""),
            ("back\\slash", "back\\slash"),
        ];
        for &(input, want) in cases {
            assert_eq!(scalar_value(input), want, "input {input:?}");
        }
    }

    #[test]
    fn a_text_ending_in_an_unusual_line_break_is_escaped_and_ends_the_document() {
        let v = serde_json::json!({"": "\n\u{2028}"});
        let text = to_yaml(&v);
        assert!(text.ends_with('\n'), "{text:?}");
        let back: Value = serde_norway::from_str(&text).expect("reads back");
        assert_eq!(back, v, "{text:?}");
    }

    #[test]
    fn literal_blocks() {
        assert_eq!(to_yaml(&json!({"a": "x\n"})), "a: |\n  x\n");
        assert_eq!(to_yaml(&json!({"a": "x\ny"})), "a: |-\n  x\n  y\n");
        assert_eq!(to_yaml(&json!({"a": "x\n\n"})), "a: |+\n  x\n\n");
        assert_eq!(to_yaml(&json!({"a": "\n"})), "a: |2+\n\n");
        assert_eq!(to_yaml(&json!({"a": " x\ny\n"})), "a: |2\n   x\n  y\n");
        assert_eq!(to_yaml(&json!({"a": "x\n\ny\n"})), "a: |\n  x\n\n  y\n");
        assert_eq!(to_yaml(&json!({"a": "x\ny\n", "b": 1})), "a: |\n  x\n  y\nb: 1\n");
        assert_eq!(to_yaml(&json!({"a": "x\ny", "b": 1})), "a: |-\n  x\n  y\nb: 1\n");
        assert_eq!(to_yaml(&json!({"o": {"a": "x\n"}, "p": 1})), "o:\n  a: |\n    x\np: 1\n");
        assert_eq!(to_yaml(&json!({"l": ["x\n", "y"]})), "l:\n- |\n  x\n- \"y\"\n");
        // Blocks cannot hold trailing spaces, a space before a break, or tabs.
        assert_eq!(to_yaml(&json!({"a": "x \ny"})), "a: \"x \\ny\"\n");
        assert_eq!(to_yaml(&json!({"a": "x\ny "})), "a: \"x\\ny \"\n");
        assert_eq!(to_yaml(&json!({"a": "x\n\ty"})), "a: \"x\\n\\ty\"\n");
        // A space after a break is fine in a block.
        assert_eq!(to_yaml(&json!({"a": "x\n y"})), "a: |-\n  x\n   y\n");
    }

    #[test]
    fn numbers_bools_null() {
        // Note the key "n": go-yaml reads a plain `n` as the boolean false, so it is quoted.
        let v = json!({
            "i": 80, "neg": -3, "big": i64::MAX, "f": 0.5, "whole": 3.0, "tiny": 1.5e-7,
            "mega": 1234567.5, "huge": 1e21, "u": u64::MAX, "t": true, "n": null, "z": -0.0
        });
        assert_eq!(
            to_yaml(&v),
            "big: 9223372036854775807\nf: 0.5\nhuge: 1e+21\ni: 80\nmega: 1.2345675e+06\n\
             \"n\": null\nneg: -3\nt: true\ntiny: 1.5e-07\nu: 1.8446744073709552e+19\nwhole: 3\n\
             z: 0\n"
        );
    }

    #[test]
    fn top_level_shapes() {
        assert_eq!(to_yaml(&json!({})), "{}\n");
        assert_eq!(to_yaml(&json!([])), "[]\n");
        assert_eq!(to_yaml(&json!(null)), "null\n");
        assert_eq!(to_yaml(&json!("foo")), "foo\n");
        assert_eq!(to_yaml(&json!("")), "\"\"\n");
        assert_eq!(to_yaml(&json!("a\nb")), "|-\n  a\n  b\n");
        assert_eq!(to_yaml(&json!([1, "a", {"b": 2, "c": [3]}])), "- 1\n- a\n- b: 2\n  c:\n  - 3\n");
        assert_eq!(to_yaml(&json!([[1, 2], [], [[3]]])), "- - 1\n  - 2\n- []\n- - - 3\n");
        assert_eq!(to_yaml(&json!([{}, {"a": {}}])), "- {}\n- a: {}\n");
    }

    #[test]
    fn nested_collections() {
        let v = json!({
            "a": {"b": {"c": [{"d": 1, "e": [1, 2]}, {"f": []}]}},
            "g": [[{"h": 1}]]
        });
        assert_eq!(
            to_yaml(&v),
            "a:\n  b:\n    c:\n    - d: 1\n      e:\n      - 1\n      - 2\n    - f: []\n\
             g:\n- - h: 1\n"
        );
    }

    #[test]
    fn key_order_is_go_yaml_order() {
        let mut map = Map::new();
        for k in ["a10", "a9", "a_b", "aB", "b", "A", "1", "10", "2", "a", "a09", "a9x", "-x"] {
            map.insert(k.to_string(), json!(0));
        }
        let out = to_yaml(&Value::Object(map));
        let keys: Vec<&str> = out.lines().filter_map(|l| l.split(": ").next()).collect();
        assert_eq!(keys, ["-x", "\"1\"", "\"2\"", "\"10\"", "A", "a", "a_b", "a9", "a9x", "a09", "a10", "aB", "b"]);
    }

    #[test]
    fn keys_are_quoted_like_values() {
        let v = json!({"80": 1, "": 2, "a: b": 3, "yes": 4, "app.kubernetes.io/name": 5});
        assert_eq!(to_yaml(&v), "\"\": 2\n\"80\": 1\n'a: b': 3\napp.kubernetes.io/name: 5\n\"yes\": 4\n");
        // A key with a line break cannot be a simple key: explicit `? ` form, literal style.
        assert_eq!(to_yaml(&json!({"a\nb": 1})), "? |-\n  a\n  b\n: 1\n");
    }

    #[test]
    fn long_keys_use_explicit_form() {
        let key = "k".repeat(129);
        assert_eq!(to_yaml(&json!({ key.clone(): "v" })), format!("? {key}\n: v\n"));
        let key128 = "k".repeat(128);
        assert_eq!(to_yaml(&json!({ key128.clone(): "v" })), format!("{key128}: v\n"));
        assert_eq!(to_yaml(&json!({ "o": { key.clone(): {"x": 1} } })), format!("o:\n  ? {key}\n  : x: 1\n"));
        assert_eq!(to_yaml(&json!({ "o": { key.clone(): [1] } })), format!("o:\n  ? {key}\n  : - 1\n"));
    }

    /// kubernetes/kubernetes#32335: go-yaml folds long scalars past column 80.
    #[test]
    fn long_strings_fold_past_column_80() {
        let v = json!({"metadata": {"annotations": {
            "kubernetes.io/limit-ranger": "LimitRanger plugin set: cpu request for container hostnames"
        }}});
        assert_eq!(
            to_yaml(&v),
            "metadata:\n  annotations:\n    kubernetes.io/limit-ranger: 'LimitRanger plugin set: cpu request for container\n      hostnames'\n"
        );

        let words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore";
        assert_eq!(
            to_yaml(&json!({ "message": words })),
            "message: lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor\n  incididunt ut labore\n"
        );
        // Double spaces are never a fold point in plain scalars...
        let spaced = format!("{}  b", "a".repeat(85));
        assert_eq!(to_yaml(&json!({ "m": spaced.clone() })), format!("m: {spaced}\n"));
        // ...but double-quoted scalars fold there and escape the kept space.
        let dq = format!("{}  b\t", "a".repeat(85));
        assert_eq!(to_yaml(&json!({ "m": dq })), format!("m: \"{}\n  \\ b\\t\"\n", "a".repeat(85)));
        // No space, no fold; keys never fold.
        let long = "x".repeat(200);
        assert_eq!(to_yaml(&json!({ "m": long.clone() })), format!("m: {long}\n"));
        // Sequence items fold with the item's indentation.
        let item = format!("{} tail", "w".repeat(80));
        assert_eq!(to_yaml(&json!({ "args": [item] })), format!("args:\n- {}\n  tail\n", "w".repeat(80)));
    }

    #[test]
    fn last_applied_configuration_is_a_literal_block() {
        let json_text = r#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"name":"nginx","namespace":"default"},"spec":{"replicas":3}}"#;
        let v = json!({"metadata": {"annotations": {
            "kubectl.kubernetes.io/last-applied-configuration": format!("{json_text}\n")
        }}});
        assert_eq!(
            to_yaml(&v),
            format!(
                "metadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {json_text}\n"
            )
        );
    }

    #[test]
    fn deployment_like_kubectl() {
        let last_applied = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"annotations\":{},\"name\":\"nginx\",\"namespace\":\"default\"},\"spec\":{\"replicas\":3,\"selector\":{\"matchLabels\":{\"app\":\"nginx\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"nginx\"}},\"spec\":{\"containers\":[{\"image\":\"nginx:1.14.2\",\"name\":\"nginx\",\"ports\":[{\"containerPort\":80}]}]}}}}\n";
        let v = json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {
                "annotations": {
                    "deployment.kubernetes.io/revision": "1",
                    "kubectl.kubernetes.io/last-applied-configuration": last_applied
                },
                "creationTimestamp": "2026-03-02T09:00:00Z",
                "generation": 1,
                "labels": {"app": "nginx"},
                "name": "nginx",
                "namespace": "default",
                "resourceVersion": "1234",
                "uid": "5f7c2b9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
            },
            "spec": {
                "progressDeadlineSeconds": 600,
                "replicas": 3,
                "revisionHistoryLimit": 10,
                "selector": {"matchLabels": {"app": "nginx"}},
                "strategy": {
                    "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"},
                    "type": "RollingUpdate"
                },
                "template": {
                    "metadata": {"creationTimestamp": null, "labels": {"app": "nginx"}},
                    "spec": {
                        "containers": [{
                            "image": "nginx:1.14.2",
                            "imagePullPolicy": "IfNotPresent",
                            "name": "nginx",
                            "ports": [{"containerPort": 80, "protocol": "TCP"}],
                            "resources": {},
                            "terminationMessagePath": "/dev/termination-log",
                            "terminationMessagePolicy": "File"
                        }],
                        "dnsPolicy": "ClusterFirst",
                        "restartPolicy": "Always",
                        "schedulerName": "default-scheduler",
                        "securityContext": {},
                        "terminationGracePeriodSeconds": 30
                    }
                }
            },
            "status": {
                "availableReplicas": 3,
                "conditions": [
                    {
                        "lastTransitionTime": "2026-03-02T09:00:05Z",
                        "lastUpdateTime": "2026-03-02T09:00:05Z",
                        "message": "Deployment has minimum availability.",
                        "reason": "MinimumReplicasAvailable",
                        "status": "True",
                        "type": "Available"
                    },
                    {
                        "lastTransitionTime": "2026-03-02T09:00:00Z",
                        "lastUpdateTime": "2026-03-02T09:00:05Z",
                        "message": "ReplicaSet \"nginx-7c5ddbdf54\" has successfully progressed.",
                        "reason": "NewReplicaSetAvailable",
                        "status": "True",
                        "type": "Progressing"
                    }
                ],
                "observedGeneration": 1,
                "readyReplicas": 3,
                "replicas": 3,
                "updatedReplicas": 3
            }
        });
        let want = format!(
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    deployment.kubernetes.io/revision: "1"
    kubectl.kubernetes.io/last-applied-configuration: |
      {}
  creationTimestamp: "2026-03-02T09:00:00Z"
  generation: 1
  labels:
    app: nginx
  name: nginx
  namespace: default
  resourceVersion: "1234"
  uid: 5f7c2b9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b
spec:
  progressDeadlineSeconds: 600
  replicas: 3
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: nginx
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: nginx
    spec:
      containers:
      - image: nginx:1.14.2
        imagePullPolicy: IfNotPresent
        name: nginx
        ports:
        - containerPort: 80
          protocol: TCP
        resources: {{}}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {{}}
      terminationGracePeriodSeconds: 30
status:
  availableReplicas: 3
  conditions:
  - lastTransitionTime: "2026-03-02T09:00:05Z"
    lastUpdateTime: "2026-03-02T09:00:05Z"
    message: Deployment has minimum availability.
    reason: MinimumReplicasAvailable
    status: "True"
    type: Available
  - lastTransitionTime: "2026-03-02T09:00:00Z"
    lastUpdateTime: "2026-03-02T09:00:05Z"
    message: ReplicaSet "nginx-7c5ddbdf54" has successfully progressed.
    reason: NewReplicaSetAvailable
    status: "True"
    type: Progressing
  observedGeneration: 1
  readyReplicas: 3
  replicas: 3
  updatedReplicas: 3
"#,
            last_applied.trim_end_matches('\n')
        );
        assert_eq!(to_yaml(&v), want);
    }

    mod props {
        use super::super::to_yaml;
        use proptest::prelude::*;
        use serde_json::Value;

        fn arb_string() -> impl Strategy<Value = String> {
            prop_oneof![
                "[a-z0-9 :#'\"\\-.,_]{0,20}",
                "[a-z ]{70,120}",
                "[a-z\\n ]{0,30}",
                "\\PC{0,10}",
                "[\\x00-\\x1f\\x7f\u{85}\u{a0}\u{2028}\u{feff}\u{1F600}a ]{0,8}",
                Just("yes".to_string()),
                Just("2026-03-02".to_string()),
                Just("12:30".to_string()),
            ]
        }

        fn arb_value() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<i64>().prop_map(Value::from),
                arb_string().prop_map(Value::String),
            ];
            leaf.prop_recursive(4, 40, 5, |inner| {
                prop_oneof![
                    proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                    proptest::collection::btree_map(arb_string(), inner, 0..4)
                        .prop_map(|m| Value::Object(m.into_iter().collect())),
                ]
            })
        }

        proptest! {
            /// Whatever we print is YAML that reads back as the same value (strings stay
            /// strings, folding and block scalars preserve the text).
            #[test]
            fn round_trips_through_a_yaml_parser(v in arb_value()) {
                let text = to_yaml(&v);
                prop_assert!(text.ends_with('\n'));
                let back: Value = serde_norway::from_str(&text).map_err(|e| {
                    TestCaseError::fail(format!("{e}\n--- yaml:\n{text}"))
                })?;
                prop_assert_eq!(back, v, "yaml was:\n{}", text);
            }

            #[test]
            fn never_panics_on_any_string(s in "\\PC{0,40}", k in "\\PC{0,10}") {
                let mut m = serde_json::Map::new();
                m.insert(k, Value::String(s.clone()));
                let _ = to_yaml(&Value::Object(m));
                let _ = to_yaml(&Value::String(s));
            }
        }
    }
}
