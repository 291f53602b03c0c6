//! kubectl's human-readable table printer (`kubectl get` without `-o`, or with `-o wide`).
//!
//! Reproduces cli-runtime's `printers/tableprinter.go` + `printers/tabwriter.go`:
//! * the header is the column names joined by tabs (the caller upper-cases them, as kubectl
//!   does: `Up-to-date` → `UP-TO-DATE`);
//! * each row is its cells joined by tabs, ended by a newline, so every cell but the last is
//!   tab-terminated and the last column is never padded (no trailing spaces);
//! * everything goes through the [`TabWriter`] kubectl uses (tabwidth 4, padding 3, pad char
//!   `' '`, `RememberWidths`) with minwidth 6 for modern kubectl and 10 for kubectl ≤ 1.11 —
//!   so each column is `max(minwidth, widest cell including the header + 3)` wide;
//! * row cells (not header cells) are sanitised as kubectl does: a cell is cut at its first
//!   `'\n'`, `'\r'` or `'\f'` and `...` is appended, then ESC becomes `^[` and CR becomes `\r`
//!   ([`escape_cell`]). Tabs inside a cell are *not* escaped by kubectl and split the cell.

use super::tabwriter::TabWriter;

/// kubectl's table minimum column width since kubectl 1.12 (PR #67965).
pub const MODERN_MINWIDTH: usize = 6;
/// kubectl's table minimum column width up to kubectl 1.11 (the course-era transcripts).
pub const LEGACY_MINWIDTH: usize = 10;

/// A row cell as kubectl prints it: truncated at the first line break (`\n`, `\r`, `\f`) with
/// `...` appended, and with terminal escape characters made visible (ESC → `^[`).
pub fn escape_cell(cell: &str) -> String {
    let (kept, truncated) = match cell.find(['\u{0C}', '\n', '\r']) {
        Some(i) => (&cell[..i], true),
        None => (cell, false),
    };
    let mut out = String::with_capacity(kept.len() + 3);
    for ch in kept.chars() {
        match ch {
            '\u{1B}' => out.push_str("^["),
            '\r' => out.push_str("\\r"),
            _ => out.push(ch),
        }
    }
    if truncated {
        out.push_str("...");
    }
    out
}

/// Renders a table exactly as `kubectl get` prints it. `header` must already be upper-cased;
/// pass `None` for `--no-headers`. `minwidth` is [`MODERN_MINWIDTH`] or [`LEGACY_MINWIDTH`].
///
/// An empty row prints as an empty line (as in kubectl); no rows and no header give `""`.
pub fn render_table(header: Option<&[String]>, rows: &[Vec<String>], minwidth: usize) -> String {
    let mut w = TabWriter::kubectl_table(minwidth);
    if let Some(header) = header {
        w.write_str(&header.join("\t"));
        w.write_str("\n");
    }
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                w.write_str("\t");
            }
            w.write_str(&escape_cell(cell));
        }
        w.write_str("\n");
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn upstream_header_vector() {
        let header = s(&["NAME", "READY", "STATUS"]);
        let rows = vec![s(&["test1", "1/1", "podPhase"])];
        assert_eq!(
            render_table(Some(&header), &rows, MODERN_MINWIDTH),
            "NAME    READY   STATUS\ntest1   1/1     podPhase\n"
        );
    }

    #[test]
    fn upstream_no_headers_vector_shows_minwidth() {
        let rows = vec![
            s(&["test1", "1/1", "podPhase", "5", "20h"]),
            s(&["test2", "1/2", "podPhase", "30", "21h"]),
            s(&["test3", "4/4", "podPhase", "1", "22h"]),
        ];
        assert_eq!(
            render_table(None, &rows, MODERN_MINWIDTH),
            "test1   1/1   podPhase   5     20h\n\
             test2   1/2   podPhase   30    21h\n\
             test3   4/4   podPhase   1     22h\n"
        );
    }

    #[test]
    fn upstream_non_table_object_vector() {
        let header = s(&["NAME", "AGE"]);
        let rows = vec![s(&["test-pod-name", "<unknown>"])];
        assert_eq!(
            render_table(Some(&header), &rows, MODERN_MINWIDTH),
            "NAME            AGE\ntest-pod-name   <unknown>\n"
        );
    }

    #[test]
    fn legacy_minwidth_ten() {
        let header = s(&["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
        let rows = vec![s(&["nginx-7c5ddbdf54-2xvkl", "1/1", "Running", "0", "10s"])];
        assert_eq!(
            render_table(Some(&header), &rows, LEGACY_MINWIDTH),
            "NAME                     READY     STATUS    RESTARTS   AGE\n\
             nginx-7c5ddbdf54-2xvkl   1/1       Running   0          10s\n"
        );
    }

    #[test]
    fn derived_modern_examples() {
        let header = s(&["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
        let rows = vec![
            s(&["nginx-7c5ddbdf54-2xvkl", "1/1", "Running", "0", "10s"]),
            s(&["nginx-7c5ddbdf54-8kq9z", "0/1", "ContainerCreating", "0", "2s"]),
        ];
        assert_eq!(
            render_table(Some(&header), &rows, MODERN_MINWIDTH),
            "NAME                     READY   STATUS              RESTARTS   AGE\n\
             nginx-7c5ddbdf54-2xvkl   1/1     Running             0          10s\n\
             nginx-7c5ddbdf54-8kq9z   0/1     ContainerCreating   0          2s\n"
        );

        let header = s(&["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]);
        let rows = vec![
            s(&["kubernetes", "ClusterIP", "10.96.0.1", "<none>", "443/TCP", "2d"]),
            s(&["nginx", "NodePort", "10.96.120.14", "<none>", "80:31234/TCP", "5s"]),
        ];
        assert_eq!(
            render_table(Some(&header), &rows, MODERN_MINWIDTH),
            "NAME         TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)        AGE\n\
             kubernetes   ClusterIP   10.96.0.1      <none>        443/TCP        2d\n\
             nginx        NodePort    10.96.120.14   <none>        80:31234/TCP   5s\n"
        );

        let header = s(&["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"]);
        let rows = vec![s(&["nginx", "Deployment/nginx", "cpu: <unknown>/80%", "1", "10", "0", "5s"])];
        assert_eq!(
            render_table(Some(&header), &rows, MODERN_MINWIDTH),
            "NAME    REFERENCE          TARGETS              MINPODS   MAXPODS   REPLICAS   AGE\n\
             nginx   Deployment/nginx   cpu: <unknown>/80%   1         10        0          5s\n"
        );
    }

    #[test]
    fn last_column_has_no_trailing_spaces() {
        let header = s(&["NAME", "AGE"]);
        let rows = vec![s(&["a", "1s"]), s(&["b", "a-much-longer-age"])];
        let out = render_table(Some(&header), &rows, MODERN_MINWIDTH);
        assert!(out.lines().all(|l| !l.ends_with(' ')), "{out:?}");
    }

    #[test]
    fn header_only_and_empty() {
        let header = s(&["NAME", "AGE"]);
        assert_eq!(render_table(Some(&header), &[], MODERN_MINWIDTH), "NAME   AGE\n");
        assert_eq!(render_table(None, &[], MODERN_MINWIDTH), "");
        // A one-column table has nothing to pad.
        let header = s(&["NAME"]);
        let rows = vec![s(&["x"])];
        assert_eq!(render_table(Some(&header), &rows, MODERN_MINWIDTH), "NAME\nx\n");
    }

    #[test]
    fn cells_are_sanitised_like_kubectl() {
        assert_eq!(escape_cell("plain"), "plain");
        assert_eq!(escape_cell("first\nsecond"), "first...");
        assert_eq!(escape_cell("a\rb"), "a...");
        assert_eq!(escape_cell("a\u{0C}b"), "a...");
        assert_eq!(escape_cell("\u{1B}[31mred"), "^[[31mred");
        let header = s(&["NAME", "MESSAGE"]);
        let rows = vec![s(&["x", "line one\nline two"])];
        assert_eq!(render_table(Some(&header), &rows, MODERN_MINWIDTH), "NAME   MESSAGE\nx      line one...\n");
    }

    #[test]
    fn unicode_cells_count_scalars() {
        let header = s(&["NAME", "AGE"]);
        let rows = vec![s(&["café-1234", "1s"])];
        assert_eq!(render_table(Some(&header), &rows, MODERN_MINWIDTH), "NAME        AGE\ncafé-1234   1s\n");
    }
}
