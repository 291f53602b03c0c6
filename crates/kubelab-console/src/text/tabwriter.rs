//! Elastic tab stops: a reimplementation of Go's `text/tabwriter` (and of the
//! `github.com/liggitt/tabwriter` fork kubectl uses, which adds `RememberWidths`).
//!
//! kubectl prints every table through this algorithm:
//! * `kubectl get` (cli-runtime `printers.GetNewTabWriter`): minwidth 6 (10 before kubectl
//!   1.12), tabwidth 4, padding 3, pad char `' '`, flag `RememberWidths`;
//! * `kubectl describe` (`tabbedString`): minwidth 0, tabwidth 8, padding 2, pad char `' '`.
//!
//! The behaviour reproduced here:
//! * Input is split into cells at `'\t'` (and at the "soft" tab `'\v'`); `'\n'` and `'\f'` end a
//!   line. A cell terminated by a tab belongs to a column; the text after the last tab of a
//!   line is a cell that belongs to no column and is never padded.
//! * A *column block* for column `c` is a maximal run of consecutive lines that all have a
//!   tab-terminated cell `c`. A line with fewer cells ends the blocks of the columns it lacks.
//!   Each block is as wide as its widest cell plus `padding`, and at least `minwidth`.
//! * Every tab-terminated cell is padded to its block's width, including empty cells and the
//!   last tab-terminated cell of a line: `"a\tb\t\n"` gets trailing padding, exactly as Go.
//! * Widths are counted in Unicode scalar values (Go counts runes), so a wide CJK character
//!   counts as one column, as in kubectl.
//! * A line consisting of a single cell (no tab at all) cannot affect later lines, so (like Go)
//!   the writer formats everything buffered so far when it sees one; `'\f'` always does so.
//! * [`TabWriter::flush`] formats what is buffered (a trailing cell without a newline is
//!   printed without one) and ends every column block.
//! * With [`TabWriter::remember_widths`] the maximum width seen per column survives flushes and
//!   later blocks are at least that wide (liggitt/tabwriter's `RememberWidths`, used by
//!   `kubectl get --watch` so that rows printed later stay aligned).
//! * With pad char `'\t'` padding is done with tabs: the cell width is rounded up to a multiple
//!   of `tabwidth` and enough tabs are written to reach it (nothing when `tabwidth == 0`).
//!
//! Not reproduced (kubectl does not use them): `AlignRight`, `Debug`, `FilterHTML`,
//! `StripEscape` / the `0xff` escape byte (cannot occur in a `&str`), `DiscardEmptyColumns`,
//! `TabIndent`, `GraphemeClusterWidth`. A non-ASCII pad byte is written as the Unicode
//! scalar with that number (Go would write the raw byte, producing invalid UTF-8).

use std::fmt;

#[derive(Clone, Debug)]
struct Cell {
    text: String,
    /// Width in Unicode scalar values.
    width: usize,
}

/// A Go-compatible elastic tabstop writer. Write text with [`TabWriter::write_str`] (or
/// `write!`), then take the formatted text with [`TabWriter::flush`].
#[derive(Clone, Debug)]
pub struct TabWriter {
    minwidth: usize,
    tabwidth: usize,
    padding: usize,
    padchar: u8,
    remember_widths: bool,
    /// Lines buffered since the last (implicit or explicit) flush; the last one is the line
    /// being written. Never empty.
    lines: Vec<Vec<Cell>>,
    /// The cell being written (not yet terminated by a tab or line break).
    cell: Cell,
    /// Remembered maximum width per column (`RememberWidths`).
    maxwidths: Vec<usize>,
    /// Formatted output not yet handed out by `flush`.
    out: String,
}

impl TabWriter {
    /// A writer with pad char `' '` and no flags (Go: `NewWriter(w, minwidth, tabwidth,
    /// padding, ' ', 0)`).
    pub fn new(minwidth: usize, tabwidth: usize, padding: usize) -> TabWriter {
        TabWriter {
            minwidth,
            tabwidth,
            padding,
            padchar: b' ',
            remember_widths: false,
            lines: vec![Vec::new()],
            cell: Cell { text: String::new(), width: 0 },
            maxwidths: Vec::new(),
            out: String::new(),
        }
    }

    /// The writer `kubectl get` uses: minwidth `minwidth` (6 today, 10 for kubectl ≤ 1.11),
    /// tabwidth 4, padding 3, pad char `' '`, `RememberWidths`.
    pub fn kubectl_table(minwidth: usize) -> TabWriter {
        TabWriter::new(minwidth, 4, 3).remember_widths(true)
    }

    /// The writer `kubectl describe` uses: minwidth 0, tabwidth 8, padding 2, pad char `' '`.
    pub fn kubectl_describe() -> TabWriter {
        TabWriter::new(0, 8, 2)
    }

    /// Sets the pad character (default `b' '`; `b'\t'` pads with tabs).
    pub fn padchar(mut self, padchar: u8) -> TabWriter {
        self.padchar = padchar;
        self
    }

    /// Turns liggitt/tabwriter's `RememberWidths` flag on or off.
    pub fn remember_widths(mut self, on: bool) -> TabWriter {
        self.remember_widths = on;
        self
    }

    /// The remembered per-column maximum widths (`RememberedWidths()`).
    pub fn remembered_widths(&self) -> Vec<usize> {
        self.maxwidths.clone()
    }

    /// Replaces the remembered per-column widths (`SetRememberedWidths`); kubectl passes an
    /// empty list whenever it starts a table for a new resource kind.
    pub fn set_remembered_widths(&mut self, widths: &[usize]) {
        self.maxwidths = widths.to_vec();
    }

    /// Appends text. Never fails.
    pub fn write_str(&mut self, s: &str) {
        for ch in s.chars() {
            match ch {
                '\t' | '\u{0B}' | '\n' | '\u{0C}' => {
                    let ncells = self.terminate_cell();
                    if ch == '\n' || ch == '\u{0C}' {
                        self.lines.push(Vec::new());
                        if ch == '\u{0C}' || ncells == 1 {
                            self.format_and_reset();
                        }
                    }
                }
                _ => {
                    self.cell.text.push(ch);
                    self.cell.width += 1;
                }
            }
        }
    }

    /// Formats everything written so far, ends all column blocks, and returns all output
    /// produced since the previous call.
    pub fn flush(&mut self) -> String {
        if !self.cell.text.is_empty() {
            self.terminate_cell();
        }
        self.format_and_reset();
        std::mem::take(&mut self.out)
    }

    /// Adds the current cell to the current line; returns the line's cell count.
    fn terminate_cell(&mut self) -> usize {
        let cell = std::mem::replace(&mut self.cell, Cell { text: String::new(), width: 0 });
        match self.lines.last_mut() {
            Some(line) => {
                line.push(cell);
                line.len()
            }
            None => {
                self.lines.push(vec![cell]);
                1
            }
        }
    }

    /// Formats the buffered lines into `out` and starts afresh (Go's `flush` + `reset`).
    fn format_and_reset(&mut self) {
        let lines = std::mem::replace(&mut self.lines, vec![Vec::new()]);
        let widths = self.column_widths(&lines);
        let count = lines.len();
        for (i, (line, line_widths)) in lines.iter().zip(widths.iter()).enumerate() {
            for (j, cell) in line.iter().enumerate() {
                self.out.push_str(&cell.text);
                // Only tab-terminated cells (all but the last of a line) are in a column.
                if j + 1 < line.len() {
                    if let Some(&w) = line_widths.get(j) {
                        self.pad(cell.width, w);
                    }
                }
            }
            // Go writes a newline after every line but the last buffered (unterminated) one.
            if i + 1 < count {
                self.out.push('\n');
            }
        }
    }

    /// The width of every tab-terminated cell: `result[line][column]`.
    ///
    /// Equivalent to Go's recursive `format`: column `c`'s blocks are the maximal runs of
    /// lines having more than `c + 1` cells, visited in line order (which is the only order
    /// that matters for `RememberWidths`, as each column only touches its own entry).
    fn column_widths(&mut self, lines: &[Vec<Cell>]) -> Vec<Vec<usize>> {
        let mut widths: Vec<Vec<usize>> = lines.iter().map(|l| vec![0; l.len().saturating_sub(1)]).collect();
        let columns = lines.iter().map(|l| l.len().saturating_sub(1)).max().unwrap_or(0);
        for column in 0..columns {
            let mut start = 0;
            while start < lines.len() {
                if lines[start].len().saturating_sub(1) <= column {
                    start += 1;
                    continue;
                }
                let mut end = start;
                let mut width = self.minwidth;
                while end < lines.len() && lines[end].len().saturating_sub(1) > column {
                    if let Some(cell) = lines[end].get(column) {
                        width = width.max(cell.width.saturating_add(self.padding));
                    }
                    end += 1;
                }
                if self.remember_widths {
                    width = self.remember(column, width);
                }
                for row in widths.iter_mut().take(end).skip(start) {
                    if let Some(slot) = row.get_mut(column) {
                        *slot = width;
                    }
                }
                start = end;
            }
        }
        widths
    }

    fn remember(&mut self, column: usize, width: usize) -> usize {
        // Go fills missing lower columns from the current widths; every lower column has
        // just been remembered itself, so padding with the block width cannot be observed.
        while self.maxwidths.len() < column {
            self.maxwidths.push(width);
        }
        match self.maxwidths.get_mut(column) {
            None => {
                self.maxwidths.push(width);
                width
            }
            Some(max) => {
                if *max < width {
                    *max = width;
                }
                *max
            }
        }
    }

    fn pad(&mut self, textw: usize, cellw: usize) {
        if self.padchar == b'\t' {
            if self.tabwidth == 0 {
                return;
            }
            let rounded = cellw.div_ceil(self.tabwidth).saturating_mul(self.tabwidth);
            let n = rounded.saturating_sub(textw);
            for _ in 0..n.div_ceil(self.tabwidth) {
                self.out.push('\t');
            }
            return;
        }
        let c = char::from(self.padchar);
        for _ in 0..cellw.saturating_sub(textw) {
            self.out.push(c);
        }
    }
}

impl fmt::Write for TabWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        TabWriter::write_str(self, s);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(minwidth: usize, tabwidth: usize, padding: usize, input: &str) -> String {
        let mut w = TabWriter::new(minwidth, tabwidth, padding);
        w.write_str(input);
        w.flush()
    }

    #[test]
    fn empty_input() {
        assert_eq!(run(0, 8, 1, ""), "");
        let mut w = TabWriter::new(0, 8, 1);
        assert_eq!(w.flush(), "");
    }

    #[test]
    fn lines_without_tabs_pass_through() {
        assert_eq!(run(5, 8, 2, "hello\nworld\n"), "hello\nworld\n");
        assert_eq!(run(5, 8, 2, "no newline"), "no newline");
    }

    #[test]
    fn basic_columns() {
        // Column 0: "a", "aaa" -> width 3 + padding 1 = 4.
        // Column 1 only exists on line 1 (line 2's "bbbb" is its last cell): "b" -> 2.
        assert_eq!(run(0, 8, 1, "a\tb\tc\naaa\tbbbb\n"), "a   b c\naaa bbbb\n");
    }

    #[test]
    fn a_line_without_tabs_ends_the_block() {
        let input = "a\tb\tc\naaa\tbbbb\nx\nlonger\ty\n";
        let want = "a   b c\naaa bbbb\nx\nlonger y\n";
        assert_eq!(run(0, 8, 1, input), want);
    }

    #[test]
    fn trailing_tab_terminated_cells_are_padded() {
        // Both cells are tab-terminated, so both are padded, the last one too.
        assert_eq!(run(0, 8, 1, "a\tb\t\n"), "a b \n");
        assert_eq!(run(4, 8, 1, "a\tb\t\n"), "a   b   \n");
        // Empty tab-terminated cells are padded to the column width as well.
        assert_eq!(run(0, 8, 2, "\tx\nlong\ty\n"), "      x\nlong  y\n");
    }

    #[test]
    fn go_doc_example_blocks() {
        // The example from Go's package documentation: the third line ("a\t") interrupts
        // column 1, so "bbb"/"b" and "cccc" are in different blocks; d, dd and eee are trailing
        // cells. Column 0 spans all four lines.
        let input = "aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n";
        let want = "aaaa bbb d\naa   b   dd\na    \naa   cccc eee\n";
        assert_eq!(run(0, 8, 1, input), want);
    }

    #[test]
    fn minwidth_and_padding() {
        assert_eq!(run(6, 4, 3, "a\tb\n"), "a     b\n");
        assert_eq!(run(6, 4, 3, "abcdef\tb\n"), "abcdef   b\n");
    }

    #[test]
    fn widths_count_unicode_scalars() {
        assert_eq!(run(0, 8, 1, "é\tx\nab\ty\n"), "é  x\nab y\n");
        assert_eq!(run(0, 8, 1, "日本\tx\nabc\ty\n"), "日本  x\nabc y\n");
    }

    #[test]
    fn unterminated_last_line_has_no_newline() {
        assert_eq!(run(0, 8, 1, "a\tb\nccc\td"), "a   b\nccc d");
        // A trailing tab with nothing after it: the empty cell is not added on flush, so the
        // tab-terminated cell is the line's last cell and is not padded (Go does the same).
        assert_eq!(run(0, 8, 1, "a\t"), "a");
        assert_eq!(run(0, 8, 1, "xx\ty\na\t"), "xx y\na");
    }

    #[test]
    fn incremental_writes_equal_one_write() {
        let input = "NAME\tREADY\tSTATUS\nnginx-1\t1/1\tRunning\n";
        let whole = run(6, 4, 3, input);
        let mut w = TabWriter::new(6, 4, 3);
        for piece in ["NA", "ME\tRE", "ADY\t", "STATUS\nngi", "nx-1\t1/1\tRunning", "\n"] {
            w.write_str(piece);
        }
        assert_eq!(w.flush(), whole);
    }

    #[test]
    fn flush_ends_blocks() {
        let mut w = TabWriter::new(0, 8, 1);
        w.write_str("long-cell\tx\n");
        let first = w.flush();
        w.write_str("a\ty\n");
        let second = w.flush();
        assert_eq!(first, "long-cell x\n");
        assert_eq!(second, "a y\n");
    }

    #[test]
    fn remember_widths_survives_flush() {
        let mut w = TabWriter::new(0, 8, 1).remember_widths(true);
        w.write_str("long-cell\tx\n");
        assert_eq!(w.flush(), "long-cell x\n");
        w.write_str("a\ty\n");
        assert_eq!(w.flush(), "a         y\n");
        assert_eq!(w.remembered_widths(), vec![10]);
        w.set_remembered_widths(&[]);
        w.write_str("a\ty\n");
        assert_eq!(w.flush(), "a y\n");
    }

    #[test]
    fn remember_widths_applies_across_blocks_in_one_flush() {
        let mut w = TabWriter::new(0, 8, 1).remember_widths(true);
        w.write_str("long-cell\tx\n\na\ty\n");
        assert_eq!(w.flush(), "long-cell x\n\na         y\n");
    }

    #[test]
    fn form_feed_forces_a_flush_and_prints_newline() {
        assert_eq!(run(0, 8, 1, "aaaa\tb\u{0C}c\td\n"), "aaaa b\nc d\n");
    }

    #[test]
    fn vertical_tab_terminates_a_cell() {
        assert_eq!(run(0, 8, 1, "a\u{0B}b\nccc\u{0B}d\n"), "a   b\nccc d\n");
    }

    #[test]
    fn tab_padding() {
        let w = TabWriter::new(0, 8, 1).padchar(b'\t');
        let mut w = w;
        w.write_str("a\tb\nlonger-than-8\tc\n");
        // Column width = 13 + 1 = 14, rounded up to 16: "a" needs 2 tabs, the long cell 1.
        assert_eq!(w.flush(), "a\t\tb\nlonger-than-8\tc\n");
        let mut w = TabWriter::new(0, 0, 1).padchar(b'\t');
        w.write_str("a\tb\n");
        assert_eq!(w.flush(), "ab\n");
    }

    #[test]
    fn fmt_write_is_supported() {
        use std::fmt::Write as _;
        let mut w = TabWriter::new(0, 8, 2);
        let name = "Name:";
        let _ = writeln!(w, "{name}\tx");
        assert_eq!(w.flush(), "Name:  x\n");
    }

    /// `kubectl describe deployment` as in the fidelity notes (section 5.5): the top block
    /// aligns at column 24, the pod template block at 19, conditions share a block with the
    /// replica-set lines (column 17), events are aligned on their own.
    #[test]
    fn kubectl_describe_deployment_layout() {
        let input = concat!(
            "Name:\tnginx\n",
            "Namespace:\tdefault\n",
            "CreationTimestamp:\tTue, 02 Sep 2025 05:43:35 +0530\n",
            "Labels:\tapp=nginx\n",
            "Annotations:\tdeployment.kubernetes.io/revision: 1\n",
            "Selector:\tapp=nginx\n",
            "Replicas:\t3 desired | 3 updated | 3 total | 3 available | 0 unavailable\n",
            "StrategyType:\tRollingUpdate\n",
            "MinReadySeconds:\t0\n",
            "RollingUpdateStrategy:\t25% max unavailable, 25% max surge\n",
            "Pod Template:\n",
            "  Labels:\tapp=nginx\n",
            "  Containers:\n",
            "   nginx:\n",
            "    Image:\tnginx:1.14.2\n",
            "    Port:\t80/TCP\n",
            "    Host Port:\t0/TCP\n",
            "    Environment:\t<none>\n",
            "    Mounts:\t<none>\n",
            "  Volumes:\t<none>\n",
            "  Node-Selectors:\t<none>\n",
            "  Tolerations:\t<none>\n",
            "Conditions:\n",
            "  Type\tStatus\tReason\n",
            "  ----\t------\t------\n",
            "  Available \tTrue\tMinimumReplicasAvailable\n",
            "  Progressing \tTrue\tNewReplicaSetAvailable\n",
            "OldReplicaSets:\t<none>\n",
            "NewReplicaSet:\tnginx-7c5ddbdf54 (3/3 replicas created)\n",
        );
        let mut w = TabWriter::kubectl_describe();
        w.write_str(input);
        let mut got = w.flush();
        w.write_str("Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
        w.write_str("  ----\t------\t----\t----\t-------\n");
        w.write_str(
            "  Normal\tScalingReplicaSet\t20m\tdeployment-controller\tScaled up replica set nginx-7c5ddbdf54 to 3\n",
        );
        got.push_str(&w.flush());
        let want = "\
Name:                   nginx
Namespace:              default
CreationTimestamp:      Tue, 02 Sep 2025 05:43:35 +0530
Labels:                 app=nginx
Annotations:            deployment.kubernetes.io/revision: 1
Selector:               app=nginx
Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=nginx
  Containers:
   nginx:
    Image:         nginx:1.14.2
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  <none>
NewReplicaSet:   nginx-7c5ddbdf54 (3/3 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  20m   deployment-controller  Scaled up replica set nginx-7c5ddbdf54 to 3
";
        assert_eq!(got, want);
    }

    #[test]
    fn describe_events_none_aligns_with_replica_set_lines() {
        let mut w = TabWriter::kubectl_describe();
        w.write_str(
            "OldReplicaSets:\t<none>\nNewReplicaSet:\tnginx-7c5ddbdf54 (3/3 replicas created)\nEvents:\t<none>\n",
        );
        assert_eq!(
            w.flush(),
            "OldReplicaSets:  <none>\nNewReplicaSet:   nginx-7c5ddbdf54 (3/3 replicas created)\nEvents:          <none>\n"
        );
    }

    mod props {
        use super::super::TabWriter;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn never_panics_and_keeps_text(input in "[a-z\\t\\n\\u{0B}\\u{0C} é日]{0,80}",
                                           minwidth in 0usize..12, tabwidth in 0usize..9,
                                           padding in 0usize..5, tab_pad in any::<bool>()) {
                let mut w = TabWriter::new(minwidth, tabwidth, padding)
                    .padchar(if tab_pad { b'\t' } else { b' ' })
                    .remember_widths(true);
                w.write_str(&input);
                let out = w.flush();
                // All non-separator text survives in order.
                let strip = |s: &str| s.chars()
                    .filter(|c| !matches!(c, '\t' | '\n' | '\u{0B}' | '\u{0C}' | ' '))
                    .collect::<String>();
                prop_assert_eq!(strip(&out), strip(&input));
                // Line structure is preserved (form feeds become newlines).
                let breaks = input.chars().filter(|c| matches!(c, '\n' | '\u{0C}')).count();
                prop_assert_eq!(out.matches('\n').count(), breaks);
            }

            #[test]
            fn aligned_columns_line_up(rows in proptest::collection::vec(
                proptest::collection::vec("[a-z]{0,9}", 3), 1..6)) {
                let mut w = TabWriter::new(0, 8, 2);
                for r in &rows {
                    w.write_str(&format!("{}\t{}\t{}\n", r[0], r[1], r[2]));
                }
                let out = w.flush();
                let w0 = rows.iter().map(|r| r[0].len()).max().unwrap_or(0) + 2;
                let w1 = rows.iter().map(|r| r[1].len()).max().unwrap_or(0) + 2;
                for (line, r) in out.lines().zip(&rows) {
                    prop_assert_eq!(line, format!("{:<w0$}{:<w1$}{}", r[0], r[1], r[2]));
                }
            }
        }
    }
}
