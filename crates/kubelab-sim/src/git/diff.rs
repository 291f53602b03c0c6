//! Line diffs as `git diff` prints them: Myers' O(ND) shortest edit script (hand-written, a
//! few hundred bytes of wasm instead of the `similar` crate), after trimming the common
//! prefix and suffix, and unified hunks with 3 lines of context, hunks closer than 6 lines
//! merged, each header followed by git's default "function" line (the nearest earlier line
//! that starts with a letter, `_` or `$`, at most 80 bytes).
//!
//! Simplified: git's xdiff may place an ambiguous change (a repeated line) elsewhere than
//! this Myers does, and its indent heuristic is not modelled. An edit script longer than
//! [`MAX_EDIT`] lines (after the common ends) is shown as all old lines removed and all new
//! ones added, so a huge input stays cheap.

/// The longest edit script searched for; beyond it the change is a whole replacement.
pub const MAX_EDIT: usize = 1000;

/// One step of an edit script, by 0-based line index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Equal(usize, usize),
    Delete(usize),
    Insert(usize),
}

/// Lines with their terminators (the last may lack one).
pub fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// The edit script turning `a` into `b`.
pub fn edit_script(a: &[&str], b: &[&str]) -> Vec<Op> {
    let mut pre = 0;
    while pre < a.len() && pre < b.len() && a[pre] == b[pre] {
        pre += 1;
    }
    let mut suf = 0;
    while suf < a.len() - pre && suf < b.len() - pre && a[a.len() - 1 - suf] == b[b.len() - 1 - suf] {
        suf += 1;
    }
    let (am, bm) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let mut ops: Vec<Op> = (0..pre).map(|i| Op::Equal(i, i)).collect();
    let middle = myers(am, bm).unwrap_or_else(|| {
        let mut v: Vec<Op> = (0..am.len()).map(Op::Delete).collect();
        v.extend((0..bm.len()).map(Op::Insert));
        v
    });
    for op in middle {
        ops.push(match op {
            Op::Equal(i, j) => Op::Equal(i + pre, j + pre),
            Op::Delete(i) => Op::Delete(i + pre),
            Op::Insert(j) => Op::Insert(j + pre),
        });
    }
    ops.extend((0..suf).map(|k| Op::Equal(a.len() - suf + k, b.len() - suf + k)));
    ops
}

/// Myers' greedy forward search with the trace kept for the way back; `None` past [`MAX_EDIT`].
fn myers(a: &[&str], b: &[&str]) -> Option<Vec<Op>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (n + m) as usize;
    let limit = max.min(MAX_EDIT);
    let off = limit as isize + 1;
    let mut v = vec![0isize; 2 * limit + 3];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let mut found = None;
    for d in 0..=limit as isize {
        trace.push(v.clone());
        let mut k = -d;
        while k <= d {
            let idx = (k + off) as usize;
            let mut x = if k == -d || (k != d && v[idx - 1] < v[idx + 1]) { v[idx + 1] } else { v[idx - 1] + 1 };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[idx] = x;
            if x >= n && y >= m {
                found = Some(d);
                break;
            }
            k += 2;
        }
        if found.is_some() {
            break;
        }
    }
    let d_end = found?;
    // Walk back through the trace.
    let mut ops = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (1..=d_end).rev() {
        let v = &trace[d as usize];
        let k = x - y;
        let idx = (k + off) as usize;
        let prev_k = if k == -d || (k != d && v[idx - 1] < v[idx + 1]) { k + 1 } else { k - 1 };
        let prev_x = v[(prev_k + off) as usize];
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            ops.push(Op::Equal(x as usize, y as usize));
        }
        if x == prev_x {
            y -= 1;
            ops.push(Op::Insert(y as usize));
        } else {
            x -= 1;
            ops.push(Op::Delete(x as usize));
        }
    }
    while x > 0 && y > 0 {
        x -= 1;
        y -= 1;
        ops.push(Op::Equal(x as usize, y as usize));
    }
    ops.reverse();
    Some(ops)
}

/// Lines added and removed between two texts.
pub fn counts(old: &str, new: &str) -> (usize, usize) {
    let (a, b) = (lines(old), lines(new));
    let ops = edit_script(&a, &b);
    let ins = ops.iter().filter(|o| matches!(o, Op::Insert(_))).count();
    let del = ops.iter().filter(|o| matches!(o, Op::Delete(_))).count();
    (ins, del)
}

fn range(start: usize, count: usize) -> String {
    // git numbers from 1; an empty range names the line before it.
    let first = if count == 0 { start } else { start + 1 };
    if count == 1 {
        format!("{first}")
    } else {
        format!("{first},{count}")
    }
}

fn func_line<'a>(a: &[&'a str], before: usize) -> Option<&'a str> {
    (0..before.min(a.len()))
        .rev()
        .map(|i| a[i])
        .find(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$'))
}

fn push_line(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    match line.strip_suffix('\n') {
        Some(l) => {
            out.push_str(l);
            out.push('\n');
        }
        None => {
            out.push_str(line);
            out.push_str("\n\\ No newline at end of file\n");
        }
    }
}

/// The hunks (`@@ ... @@` lines and their lines) turning `old` into `new`; empty when equal.
pub fn hunks(old: &str, new: &str) -> String {
    const CONTEXT: usize = 3;
    let (a, b) = (lines(old), lines(new));
    let ops = edit_script(&a, &b);
    let changed: Vec<usize> =
        ops.iter().enumerate().filter(|(_, o)| !matches!(o, Op::Equal(..))).map(|(i, _)| i).collect();
    let mut out = String::new();
    let mut i = 0;
    while i < changed.len() {
        // A hunk: from the first change to the last one whose gap to the next exceeds 2*context.
        let mut j = i;
        while j + 1 < changed.len() && changed[j + 1] - changed[j] <= 2 * CONTEXT + 1 {
            j += 1;
        }
        let lo = changed[i].saturating_sub(CONTEXT);
        let hi = (changed[j] + CONTEXT + 1).min(ops.len());
        let span = &ops[lo..hi];
        // Where the hunk starts on each side: the position of the first op.
        let (mut a_start, mut b_start) = (0, 0);
        for op in &ops[..lo] {
            match op {
                Op::Equal(..) => {
                    a_start += 1;
                    b_start += 1;
                }
                Op::Delete(_) => a_start += 1,
                Op::Insert(_) => b_start += 1,
            }
        }
        let a_count = span.iter().filter(|o| !matches!(o, Op::Insert(_))).count();
        let b_count = span.iter().filter(|o| !matches!(o, Op::Delete(_))).count();
        out.push_str(&format!("@@ -{} +{} @@", range(a_start, a_count), range(b_start, b_count)));
        if let Some(f) = func_line(&a, a_start) {
            let f = f.trim_end();
            let mut cut = f.len().min(80);
            while !f.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push(' ');
            out.push_str(&f[..cut]);
        }
        out.push('\n');
        for op in span {
            match *op {
                Op::Equal(x, _) => push_line(&mut out, ' ', a[x]),
                Op::Delete(x) => push_line(&mut out, '-', a[x]),
                Op::Insert(y) => push_line(&mut out, '+', b[y]),
            }
        }
        i = j + 1;
    }
    out
}

/// One file's `git diff` section; `None` on a side means the file is absent there.
pub fn file_diff(path: &str, old: Option<&str>, new: Option<&str>) -> String {
    let short = |t: Option<&str>| match t {
        Some(t) => super::object::blob_id(t)[..7].to_string(),
        None => "0000000".to_string(),
    };
    let mut out = format!("diff --git a/{path} b/{path}\n");
    match (old, new) {
        (None, Some(_)) => out.push_str(&format!("new file mode 100644\nindex {}..{}\n", short(old), short(new))),
        (Some(_), None) => out.push_str(&format!("deleted file mode 100644\nindex {}..{}\n", short(old), short(new))),
        _ => out.push_str(&format!("index {}..{} 100644\n", short(old), short(new))),
    }
    let body = hunks(old.unwrap_or_default(), new.unwrap_or_default());
    if body.is_empty() {
        return out;
    }
    out.push_str(&match old {
        Some(_) => format!("--- a/{path}\n"),
        None => "--- /dev/null\n".to_string(),
    });
    out.push_str(&match new {
        Some(_) => format!("+++ b/{path}\n"),
        None => "+++ /dev/null\n".to_string(),
    });
    out.push_str(&body);
    out
}

/// `git diff` between two sets of files (by path), in path order.
pub fn tree_diff(
    old: &std::collections::BTreeMap<String, String>,
    new: &std::collections::BTreeMap<String, String>,
) -> String {
    let mut paths: Vec<&String> = old.keys().chain(new.keys()).collect();
    crate::sort::natural(&mut paths);
    paths.dedup();
    let mut out = String::new();
    for p in paths {
        let (o, n) = (old.get(p).map(String::as_str), new.get(p).map(String::as_str));
        if o != n {
            out.push_str(&file_diff(p, o, n));
        }
    }
    out
}

/// `N file(s) changed, N insertion(s)(+), N deletion(s)(-)` as `git commit` and `--stat` end.
pub fn shortstat(
    old: &std::collections::BTreeMap<String, String>,
    new: &std::collections::BTreeMap<String, String>,
) -> String {
    let mut paths: Vec<&String> = old.keys().chain(new.keys()).collect();
    crate::sort::natural(&mut paths);
    paths.dedup();
    let (mut files, mut ins, mut del) = (0, 0, 0);
    for p in paths {
        let (o, n) = (old.get(p).map(String::as_str), new.get(p).map(String::as_str));
        if o != n {
            files += 1;
            let (i, d) = counts(o.unwrap_or_default(), n.unwrap_or_default());
            ins += i;
            del += d;
        }
    }
    let mut s = format!(" {files} file{} changed", if files == 1 { "" } else { "s" });
    if ins > 0 || del == 0 {
        s.push_str(&format!(", {ins} insertion{}(+)", if ins == 1 { "" } else { "s" }));
    }
    if del > 0 {
        s.push_str(&format!(", {del} deletion{}(-)", if del == 1 { "" } else { "s" }));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - name: web\n        image: registry.lab/web:1.0\n        ports:\n        - containerPort: 80\n";

    /// The same text `git diff` 2.47 printed for a one-line image bump.
    #[test]
    fn a_one_line_change_as_git_prints_it() {
        let new = YAML.replace("1.0", "1.1");
        let d = file_diff("d.yaml", Some(YAML), Some(&new));
        assert_eq!(
            d,
            "diff --git a/d.yaml b/d.yaml\nindex 90cd337..461a701 100644\n--- a/d.yaml\n+++ b/d.yaml\n@@ -8,6 +8,6 @@ spec:\n     spec:\n       containers:\n       - name: web\n-        image: registry.lab/web:1.0\n+        image: registry.lab/web:1.1\n         ports:\n         - containerPort: 80\n"
        );
    }

    #[test]
    fn new_deleted_and_no_newline_files() {
        let d = file_diff("a", None, Some("x\ny"));
        assert_eq!(
            d,
            "diff --git a/a b/a\nnew file mode 100644\nindex 0000000..1b32298\n--- /dev/null\n+++ b/a\n@@ -0,0 +1,2 @@\n+x\n+y\n\\ No newline at end of file\n"
        );
        let d = file_diff("a", Some("x\n"), None);
        assert!(
            d.contains("deleted file mode 100644\nindex 587be6b..0000000\n--- a/x\n".replace("a/x", "a/a").as_str())
        );
        assert!(d.ends_with("@@ -1 +0,0 @@\n-x\n"), "{d}");
    }

    #[test]
    fn edit_scripts_are_shortest_and_rebuild_the_new_text() {
        for (a, b) in [("a\nb\nc\n", "a\nc\n"), ("", "x\n"), ("x\ny\nz\n", "z\ny\nx\n"), ("a\nb\n", "a\nb\n")] {
            let (la, lb) = (lines(a), lines(b));
            let ops = edit_script(&la, &lb);
            let rebuilt: String = ops
                .iter()
                .filter_map(|o| match o {
                    Op::Equal(_, j) | Op::Insert(j) => Some(lb[*j]),
                    Op::Delete(_) => None,
                })
                .collect();
            assert_eq!(rebuilt, b);
        }
        assert_eq!(counts("x\ny\nz\n", "z\ny\nx\n"), (2, 2));
    }

    #[test]
    fn far_apart_changes_make_two_hunks_and_huge_ones_stay_cheap() {
        let old: String = (1..=20).map(|i| format!("l{i}\n")).collect();
        let new = old.replace("l2\n", "L2\n").replace("l18\n", "L18\n");
        let h = hunks(&old, &new);
        assert_eq!(h.matches("@@ -").count(), 2, "{h}");
        assert!(h.starts_with("@@ -1,5 +1,5 @@\n"), "{h}");
        assert!(h.contains("@@ -15,6 +15,6 @@ l14\n"), "{h}");
        let big_a: String = (0..40_000).map(|i| format!("{i}\n")).collect();
        let big_b: String = (0..40_000).map(|i| format!("{}\n", i * 7)).collect();
        let (ins, del) = counts(&big_a, &big_b);
        assert!(ins > 30_000 && del > 30_000);
    }
}
