//! Small text helpers for the UI (no Yew): exercise prose with `code` spans, console lines.

/// A piece of prose: plain text or an inline code span (between backticks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Span {
    Text(String),
    Code(String),
    Strong(String),
}

/// Splits prose at backticks (code) and, outside code, at `**` pairs (strong); an unmatched
/// backtick or `**` is kept as text.
pub fn spans(s: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find('`') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('`') else { break };
        if start > 0 {
            strong_spans(&rest[..start], &mut out);
        }
        out.push(Span::Code(after[..end].to_string()));
        rest = &after[end + 1..];
    }
    if !rest.is_empty() {
        strong_spans(rest, &mut out);
    }
    out
}

fn strong_spans(s: &str, out: &mut Vec<Span>) {
    let mut rest = s;
    while let Some(start) = rest.find("**") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("**").filter(|e| *e > 0) else { break };
        if start > 0 {
            out.push(Span::Text(rest[..start].to_string()));
        }
        out.push(Span::Strong(after[..end].to_string()));
        rest = &after[end + 2..];
    }
    if !rest.is_empty() {
        out.push(Span::Text(rest.to_string()));
    }
}

/// A Markdown-style pipe table: a header row, a `|---|---|` separator row, then body rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    /// Each row padded (with empty cells) or cut to the header's width.
    pub rows: Vec<Vec<String>>,
}

/// The cells of one `| a | b |` row (outer pipes optional; `\|` is a literal pipe), trimmed.
fn table_cells(line: &str) -> Vec<String> {
    let line = line.trim();
    let line = line.strip_prefix('|').unwrap_or(line);
    let line = if line.ends_with('|') && !line.ends_with("\\|") { &line[..line.len() - 1] } else { line };
    let mut cells = vec![String::new()];
    let mut chars = line.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                cells.last_mut().unwrap().push('|');
            }
            '|' => cells.push(String::new()),
            _ => cells.last_mut().unwrap().push(ch),
        }
    }
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

/// A paragraph's lines as a pipe table, if they are one: every line starts with `|`, there are
/// at least two lines, and the second is a separator row (cells of `-`, with optional `:`).
pub fn table(lines: &[&str]) -> Option<Table> {
    if lines.len() < 2 || !lines.iter().all(|l| l.trim_start().starts_with('|')) {
        return None;
    }
    let header = table_cells(lines[0]);
    let separator = table_cells(lines[1]);
    let is_rule = |c: &String| {
        let c = c.trim_matches(':');
        !c.is_empty() && c.chars().all(|ch| ch == '-')
    };
    if separator.len() != header.len() || !separator.iter().all(is_rule) {
        return None;
    }
    let rows = lines[2..]
        .iter()
        .map(|l| {
            let mut cells = table_cells(l);
            cells.resize(header.len(), String::new());
            cells
        })
        .collect();
    Some(Table { header, rows })
}

/// What one console entry looks like on screen.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LineKind {
    Input,
    Continuation,
    Stdout,
    Stderr,
    Info,
    /// The lab's own note after a command, never kubectl's output: how much simulated time
    /// it let pass (`(12s passed)`), drawn dim.
    Note,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Line {
    pub kind: LineKind,
    pub text: String,
    /// For inputs: the prompt shown when it was typed (`$ `, or a pod shell's `/ # `).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prompt: String,
}

impl Line {
    pub fn new(kind: LineKind, text: impl Into<String>) -> Line {
        Line { kind, text: text.into(), prompt: String::new() }
    }
}

/// Splits a pasted block into complete inputs (using the console's own notion of "needs more
/// input") and the unfinished remainder that stays in the input box.
pub fn split_paste(existing: &str, pasted: &str, needs_more: impl Fn(&str) -> bool) -> (Vec<String>, String) {
    let text = format!("{existing}{pasted}").replace("\r\n", "\n");
    let mut inputs = Vec::new();
    let mut current = String::new();
    let mut lines: Vec<&str> = text.split('\n').collect();
    let last = lines.pop().unwrap_or("");
    for line in lines {
        if current.is_empty() {
            current = line.to_string();
        } else {
            current.push('\n');
            current.push_str(line);
        }
        if !needs_more(&current) {
            if !current.trim().is_empty() {
                inputs.push(std::mem::take(&mut current));
            } else {
                current.clear();
            }
        }
    }
    let rest = if current.is_empty() { last.to_string() } else { format!("{current}\n{last}") };
    (inputs, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans() {
        assert_eq!(
            spans("run `kubectl get pods` now"),
            vec![Span::Text("run ".into()), Span::Code("kubectl get pods".into()), Span::Text(" now".into())]
        );
        assert_eq!(spans("odd ` tick"), vec![Span::Text("odd ` tick".into())]);
        assert_eq!(
            spans("only **ready** pods, `a**b**`"),
            vec![
                Span::Text("only ".into()),
                Span::Strong("ready".into()),
                Span::Text(" pods, ".into()),
                Span::Code("a**b**".into())
            ]
        );
        assert_eq!(spans("2 ** 3"), vec![Span::Text("2 ** 3".into())]);
    }

    #[test]
    fn pipe_tables() {
        let t = table(&[
            "| Tool | Health |",
            "|---|:--:|",
            "| `etcd` | lease TTL |",
            "| Consul | a \\| b | extra |",
            "| ZK",
        ])
        .expect("a table");
        assert_eq!(t.header, vec!["Tool", "Health"]);
        assert_eq!(
            t.rows,
            vec![
                vec!["`etcd`".to_string(), "lease TTL".to_string()],
                vec!["Consul".to_string(), "a | b".to_string()],
                vec!["ZK".to_string(), String::new()],
            ]
        );
        // Header only.
        assert_eq!(table(&["| a | b |", "| --- | --- |"]).map(|t| t.rows.len()), Some(0));
        // Not tables: no separator row, a separator of the wrong width, a line without a pipe.
        assert_eq!(table(&["| a | b |", "| c | d |"]), None);
        assert_eq!(table(&["| a | b |", "|---|"]), None);
        assert_eq!(table(&["| a | b |", "|---|---|", "text"]), None);
        assert_eq!(table(&["| a | b |"]), None);
    }

    #[test]
    fn pasted_heredoc_is_one_input() {
        let needs = |s: &str| kubelab_console::Console::needs_more_input(s);
        let (inputs, rest) =
            split_paste("", "kubectl get pods\nkubectl apply -f - <<EOF\nkind: Namespace\nEOF\nkubectl get", needs);
        assert_eq!(
            inputs,
            vec!["kubectl get pods".to_string(), "kubectl apply -f - <<EOF\nkind: Namespace\nEOF".to_string()]
        );
        assert_eq!(rest, "kubectl get");
    }
}
