//! GNU `diff`'s normal output format (`argocd app diff` runs `diff LIVE TARGET` without
//! options): `2c2`, `0a1,3`, `4,5d3` lines with `< ` and `> ` lines and `---` between the two
//! sides of a change. A longest common subsequence of lines (bounded: past [`MAX_LINES`] lines a
//! side the whole text is one change).

/// Beyond this many lines a side, the texts are reported as one change.
pub const MAX_LINES: usize = 2000;

fn range(start: usize, end: usize) -> String {
    // 1-based inclusive; `start > end` never happens for the sides printed.
    if end <= start + 1 {
        format!("{}", start + 1)
    } else {
        format!("{},{}", start + 1, end)
    }
}

/// The normal-format diff of `old` and `new`; empty when the texts are equal.
pub fn normal(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let pairs = if a.len() > MAX_LINES || b.len() > MAX_LINES { Vec::new() } else { lcs(&a, &b) };
    let mut out = String::new();
    let (mut i, mut j) = (0usize, 0usize);
    let emit = |i0: usize, i1: usize, j0: usize, j1: usize, out: &mut String| {
        if i0 == i1 && j0 == j1 {
            return;
        }
        if i0 == i1 {
            out.push_str(&format!("{}a{}\n", i0, range(j0, j1)));
        } else if j0 == j1 {
            out.push_str(&format!("{}d{}\n", range(i0, i1), j0));
        } else {
            out.push_str(&format!("{}c{}\n", range(i0, i1), range(j0, j1)));
        }
        for l in &a[i0..i1] {
            out.push_str(&format!("< {l}\n"));
        }
        if i0 != i1 && j0 != j1 {
            out.push_str("---\n");
        }
        for l in &b[j0..j1] {
            out.push_str(&format!("> {l}\n"));
        }
    };
    for (pi, pj) in pairs {
        emit(i, pi, j, pj, &mut out);
        i = pi + 1;
        j = pj + 1;
    }
    emit(i, a.len(), j, b.len(), &mut out);
    out
}

/// Matched line positions of a longest common subsequence, in order.
fn lcs(a: &[&str], b: &[&str]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    // table[i][j]: LCS length of a[i..] and b[j..].
    let mut table = vec![0u16; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[at(i, j)] =
                if a[i] == b[j] { table[at(i + 1, j + 1)] + 1 } else { table[at(i + 1, j)].max(table[at(i, j + 1)]) };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i] == b[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if table[at(i + 1, j)] >= table[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What GNU diff 3.x prints for these pairs.
    #[test]
    fn gnu_normal_format() {
        assert_eq!(normal("a\nb\nc\n", "a\nb\nc\n"), "");
        assert_eq!(normal("a\nb\nc\n", "a\nx\nc\n"), "2c2\n< b\n---\n> x\n");
        assert_eq!(normal("", "a\nb\n"), "0a1,2\n> a\n> b\n");
        assert_eq!(normal("a\nb\nc\n", "a\n"), "2,3d1\n< b\n< c\n");
        assert_eq!(normal("a\nc\n", "a\nb\nc\n"), "1a2\n> b\n");
    }
}
