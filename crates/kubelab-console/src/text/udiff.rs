//! A line diff in GNU `diff -u`'s unified format (what `kubectl diff` runs): Myers' O(ND)
//! algorithm on lines after the common prefix and suffix are set aside, then hunks with
//! `context` lines around each change, changes closer than `2 * context + 1` unchanged lines
//! sharing one hunk, and the ranges as GNU prints them (`-5` for one line, `-0,0` for none).
//! Within a change, deleted lines come before inserted ones, as GNU prints them.
//!
//! Ambiguous changes (a repeated line deleted) are slid to where GNU's `shift_boundaries`
//! puts them: as far down as the lines allow, then back up to meet a change in the other file.
//! Simplified: GNU finds its script by divide and conquer from both ends, which can pick
//! another of several shortest scripts in highly repetitive text (about one random case in
//! ten over a five-line alphabet; the YAML of Kubernetes objects, whose changed lines are
//! nearly always unique, diffs the same). Past [`MAX_EDITS`] edits the rest is reported as one
//! replacement (still a correct diff, just not a minimal one).

/// Where Myers' search gives up and reports the remaining middle as deleted and inserted.
pub const MAX_EDITS: usize = 2000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Equal,
    Delete,
    Insert,
}

/// The hunks of `diff -u` between `old` and `new` (no `---`/`+++` lines); empty when the two
/// texts are equal.
pub fn unified_hunks(old: &str, new: &str, context: usize) -> String {
    let a: Vec<&str> = split_lines(old);
    let b: Vec<&str> = split_lines(new);
    let script = edit_script(&a, &b);
    if script.iter().all(|(op, _, _)| *op == Op::Equal) {
        return String::new();
    }
    let mut out = String::new();
    let changed: Vec<usize> = (0..script.len()).filter(|&i| script[i].0 != Op::Equal).collect();
    let mut i = 0;
    while i < changed.len() {
        // One hunk: from the first change to the last one whose gap to the next is short.
        let first = changed[i];
        let mut last = first;
        let mut j = i + 1;
        while j < changed.len() && changed[j] - last <= 2 * context + 1 {
            last = changed[j];
            j += 1;
        }
        i = j;
        let start = first.saturating_sub(context);
        let end = (last + context + 1).min(script.len());
        let ops = &script[start..end];
        let a_count = ops.iter().filter(|o| o.0 != Op::Insert).count();
        let b_count = ops.iter().filter(|o| o.0 != Op::Delete).count();
        let (a_start, b_start) = (script[start].1, script[start].2);
        out.push_str(&format!("@@ -{} +{} @@\n", range(a_start, a_count), range(b_start, b_count)));
        for &(op, ai, bi) in ops {
            let (sign, line) = match op {
                Op::Equal => (' ', a.get(ai).copied().unwrap_or("")),
                Op::Delete => ('-', a.get(ai).copied().unwrap_or("")),
                Op::Insert => ('+', b.get(bi).copied().unwrap_or("")),
            };
            out.push(sign);
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
    }
    out
}

/// GNU's range: the first line (1-based) and the count, the count left out when it is 1; an
/// empty range names the line before it.
fn range(lines_before: usize, count: usize) -> String {
    match count {
        0 => format!("{lines_before},0"),
        1 => format!("{}", lines_before + 1),
        n => format!("{},{n}", lines_before + 1),
    }
}

fn split_lines(s: &str) -> Vec<&str> {
    // With their newlines, so that a last line without one differs from the same line with it.
    s.split_inclusive('\n').collect()
}

/// The whole edit script: each entry an operation with the positions in `a` and `b` it is at
/// (for an insertion, the `a` position is where it goes; for a deletion, the `b` position).
fn edit_script(a: &[&str], b: &[&str]) -> Vec<(Op, usize, usize)> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut script: Vec<(Op, usize, usize)> = (0..prefix).map(|i| (Op::Equal, i, i)).collect();
    let middle = myers(am, bm).unwrap_or_else(|| {
        let mut all: Vec<Op> = vec![Op::Delete; am.len()];
        all.extend(std::iter::repeat_n(Op::Insert, bm.len()));
        all
    });
    // Sliding is quadratic at worst: only for texts of a sensible size.
    let middle = if am.len() + bm.len() <= 20_000 { shift_boundaries(am, bm, middle) } else { middle };
    // Deletions before insertions inside each run of changes.
    let mut ordered = Vec::with_capacity(middle.len());
    let mut run: (Vec<Op>, Vec<Op>) = (Vec::new(), Vec::new());
    for op in middle {
        match op {
            Op::Equal => {
                ordered.append(&mut run.0);
                ordered.append(&mut run.1);
                ordered.push(Op::Equal);
            }
            Op::Delete => run.0.push(op),
            Op::Insert => run.1.push(op),
        }
    }
    ordered.append(&mut run.0);
    ordered.append(&mut run.1);
    let (mut x, mut y) = (prefix, prefix);
    for op in ordered {
        script.push((op, x, y));
        match op {
            Op::Equal => {
                x += 1;
                y += 1;
            }
            Op::Delete => x += 1,
            Op::Insert => y += 1,
        }
    }
    for _ in 0..suffix {
        script.push((Op::Equal, x, y));
        x += 1;
        y += 1;
    }
    script
}

/// GNU diff's `shift_boundaries`, in part: each run of changed lines in one file slides
/// forward while the line after it equals its first line (the same edit, placed last), then
/// back while that lets its end meet a change in the other file.
fn shift_boundaries(a: &[&str], b: &[&str], ops: Vec<Op>) -> Vec<Op> {
    let mut a_changed = vec![false; a.len()];
    let mut b_changed = vec![false; b.len()];
    let (mut x, mut y) = (0, 0);
    for op in &ops {
        match op {
            Op::Equal => {
                x += 1;
                y += 1;
            }
            Op::Delete => {
                a_changed[x] = true;
                x += 1;
            }
            Op::Insert => {
                b_changed[y] = true;
                y += 1;
            }
        }
    }
    shift_one(a, &mut a_changed, &b_changed);
    shift_one(b, &mut b_changed, &a_changed);
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(ops.len());
    while i < a.len() || j < b.len() {
        if i < a.len() && a_changed[i] {
            out.push(Op::Delete);
            i += 1;
        } else if j < b.len() && b_changed[j] {
            out.push(Op::Insert);
            j += 1;
        } else {
            out.push(Op::Equal);
            i += 1;
            j += 1;
        }
    }
    out
}

/// One file's half of [`shift_boundaries`]; `other` is the other file's change marks.
fn shift_one(lines: &[&str], changed: &mut [bool], other: &[bool]) {
    let n = lines.len();
    // For an unchanged line of this file, the index of the unchanged line it pairs with.
    let corresponding = |changed: &[bool], at: usize| -> Option<usize> {
        let equal_before = (0..at).filter(|&k| !changed[k]).count();
        let mut seen = 0;
        (0..other.len()).find(|&k| {
            if other[k] {
                return false;
            }
            seen += 1;
            seen > equal_before
        })
    };
    let mut start = 0;
    while start < n {
        if !changed[start] {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < n && changed[end] {
            end += 1;
        }
        // Forward as far as the lines allow.
        let mut best_end = None;
        while end < n && lines[end] == lines[start] {
            changed[start] = false;
            changed[end] = true;
            start += 1;
            end += 1;
            while end < n && changed[end] {
                end += 1;
            }
        }
        // Back while the run's end does not meet a change in the other file.
        let meets = |changed: &[bool], end: usize| {
            end == n || corresponding(changed, end).is_some_and(|k| k > 0 && other[k - 1])
        };
        if !meets(changed, end) {
            let (mut s2, mut e2) = (start, end);
            while s2 > 0 && !changed[s2 - 1] && lines[s2 - 1] == lines[e2 - 1] {
                changed[s2 - 1] = true;
                changed[e2 - 1] = false;
                s2 -= 1;
                e2 -= 1;
                if meets(changed, e2) {
                    best_end = Some((s2, e2));
                    break;
                }
            }
            match best_end {
                Some((_, e3)) => end = e3,
                None => {
                    // No alignment found: keep the forward position.
                    changed[s2..e2].iter_mut().for_each(|c| *c = false);
                    changed[start..end].iter_mut().for_each(|c| *c = true);
                }
            }
        }
        start = end;
    }
}

/// Myers' shortest edit script, or `None` past [`MAX_EDITS`] edits.
fn myers(a: &[&str], b: &[&str]) -> Option<Vec<Op>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (a.len() + b.len()).min(MAX_EDITS) as isize;
    // v[k + off]: the furthest x on diagonal k; trace[d]: v for k in -(d+1)..=(d+1) before step d.
    let off = max + 1;
    let mut v = vec![0isize; (2 * max + 3) as usize];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let mut found = None;
    'search: for d in 0..=max {
        trace.push(v[(off - d - 1) as usize..=(off + d + 1) as usize].to_vec());
        let mut k = -d;
        while k <= d {
            let down = k == -d || (k != d && v[(off + k - 1) as usize] < v[(off + k + 1) as usize]);
            let mut x = if down { v[(off + k + 1) as usize] } else { v[(off + k - 1) as usize] + 1 };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[(off + k) as usize] = x;
            if x >= n && y >= m {
                found = Some(d);
                break 'search;
            }
            k += 2;
        }
    }
    let d_end = found?;
    let mut ops = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (0..=d_end).rev() {
        let t = &trace[d as usize];
        let at = |k: isize| t[(k + d + 1) as usize];
        let k = x - y;
        let down = k == -d || (k != d && at(k - 1) < at(k + 1));
        let prev_k = if down { k + 1 } else { k - 1 };
        let prev_x = if d == 0 { 0 } else { at(prev_k) };
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y && x > 0 && y > 0 {
            ops.push(Op::Equal);
            x -= 1;
            y -= 1;
        }
        if d > 0 {
            ops.push(if down { Op::Insert } else { Op::Delete });
        }
        x = prev_x;
        y = prev_y;
    }
    ops.reverse();
    Some(ops)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hunk_count(hunks: &str) -> usize {
        hunks.lines().filter(|l| l.starts_with("@@")).count()
    }

    #[test]
    fn equal_texts_have_no_hunks() {
        assert_eq!(unified_hunks("a\nb\n", "a\nb\n", 3), "");
        assert_eq!(unified_hunks("", "", 3), "");
    }

    #[test]
    fn a_new_file_is_one_hunk_from_line_zero() {
        assert_eq!(unified_hunks("", "a\nb\n", 3), "@@ -0,0 +1,2 @@\n+a\n+b\n");
        assert_eq!(unified_hunks("a\n", "", 3), "@@ -1 +0,0 @@\n-a\n");
    }

    #[test]
    fn a_changed_line_has_three_lines_of_context_and_gnu_ranges() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        assert_eq!(unified_hunks(old, new, 3), "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
        // At the very start, fewer context lines; one line in all is `-1 +1`.
        assert_eq!(unified_hunks("x\n", "y\n", 3), "@@ -1 +1 @@\n-x\n+y\n");
    }

    #[test]
    fn changes_seven_lines_apart_are_two_hunks_six_apart_one() {
        let lines: Vec<String> = (1..=20).map(|i| i.to_string()).collect();
        let old = lines.join("\n") + "\n";
        let mut two = lines.clone();
        two[2] = "c".into();
        two[10] = "k".into(); // 7 unchanged lines (4..=10) between
        let hunks = unified_hunks(&old, &(two.join("\n") + "\n"), 3);
        assert_eq!(hunk_count(&hunks), 2, "{hunks}");
        let mut one = lines.clone();
        one[2] = "c".into();
        one[9] = "j".into(); // 6 unchanged lines between
        let hunks = unified_hunks(&old, &(one.join("\n") + "\n"), 3);
        assert_eq!(hunk_count(&hunks), 1, "{hunks}");
        assert!(hunks.starts_with("@@ -1,13 +1,13 @@\n"), "{hunks}");
    }

    #[test]
    fn deletions_come_before_insertions_and_a_missing_newline_is_marked() {
        assert_eq!(unified_hunks("a\nb\nc\n", "a\nB\nx\nc\n", 3), "@@ -1,3 +1,4 @@\n a\n-b\n+B\n+x\n c\n");
        assert_eq!(unified_hunks("a\n", "a", 3), "@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n");
    }

    #[test]
    fn the_script_reproduces_both_sides() {
        let cases =
            [("a\nb\nc\nd\n", "b\nd\ne\n"), ("x\ny\n", "y\nx\ny\nx\n"), ("", "q\n"), ("p\nq\nr\n", "r\nq\np\n")];
        for (old, new) in cases {
            let (a, b) = (split_lines(old), split_lines(new));
            let script = edit_script(&a, &b);
            let left: String = script.iter().filter(|o| o.0 != Op::Insert).map(|o| a[o.1]).collect();
            let right: String = script.iter().filter(|o| o.0 != Op::Delete).map(|o| b[o.2]).collect();
            assert_eq!((left.as_str(), right.as_str()), (old, new));
            let edits = script.iter().filter(|o| o.0 != Op::Equal).count();
            assert!(edits <= a.len() + b.len());
            if old == "a\nb\nc\nd\n" {
                assert_eq!(edits, 3, "delete a, delete c, insert e: the shortest script");
            }
        }
    }

    #[test]
    fn random_edits_reproduce_both_sides_with_as_few_edits_as_myers_finds() {
        let mut seed: u64 = 42;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let words = ["a\n", "b\n", "- name: x\n", "  value: 1\n", "}\n"];
        for _ in 0..500 {
            let a: Vec<&str> = (0..next(14)).map(|_| words[next(5) as usize]).collect();
            let b: Vec<&str> = (0..next(14)).map(|_| words[next(5) as usize]).collect();
            let script = edit_script(&a, &b);
            let left: String = script.iter().filter(|o| o.0 != Op::Insert).map(|o| a[o.1]).collect();
            let right: String = script.iter().filter(|o| o.0 != Op::Delete).map(|o| b[o.2]).collect();
            assert_eq!((left, right), (a.concat(), b.concat()));
            let edits = script.iter().filter(|o| o.0 != Op::Equal).count();
            let shortest = myers(&a, &b).map(|m| m.iter().filter(|o| **o != Op::Equal).count());
            assert!(shortest.is_some_and(|s| edits <= s), "{a:?} {b:?}");
        }
    }

    #[test]
    fn a_repeated_line_deleted_is_the_last_of_its_run_as_gnu_places_it() {
        assert_eq!(unified_hunks("x\nv\nv\ny\n", "x\nv\ny\n", 3), "@@ -1,4 +1,3 @@\n x\n v\n-v\n y\n");
    }

    #[test]
    fn past_the_edit_limit_the_middle_is_replaced_whole() {
        let old: String = (0..3000).map(|i| format!("a{i}\n")).collect();
        let new: String = (0..3000).map(|i| format!("b{i}\n")).collect();
        let hunks = unified_hunks(&old, &new, 3);
        assert!(hunks.starts_with("@@ -1,3000 +1,3000 @@\n-a0\n"));
    }
}
