//! Stable sorting with one copy of the algorithm in the whole program.
//!
//! `slice::sort_by` and friends are generic over the element and the comparison: the standard
//! library's stable sort (driftsort) is several kilobytes of code, copied for every call site's
//! closure. Sixty of them were about 240 KB of the release `.wasm` before `wasm-opt` (see
//! `docs/size.md`). Here the sorting itself ([`stable_order`]) is not generic: it sorts the
//! positions `0..n` with a `dyn` comparison (a bottom-up merge sort over insertion-sorted runs,
//! taking the left element on ties), and each call site only adds a small closure and the
//! permutation's application.
//!
//! The result is the one a stable sort must give: for any comparison that is a total order,
//! [`by`] leaves the slice exactly as `slice::sort_by` would (checked against it by property
//! tests below). Use these functions instead of `sort`, `sort_by`, `sort_by_key`,
//! `sort_by_cached_key` and `sort_unstable*` in the lab's crates.

use std::cmp::Ordering;

/// Sorts `v` in place by `cmp`, stably (equal elements keep their order), like `slice::sort_by`.
pub fn by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let order = {
        let items: &[T] = v;
        stable_order(items.len(), &mut |i, j| cmp(&items[i], &items[j]))
    };
    permute(v, order);
}

/// Sorts `v` in place by the key `key` gives, stably, like `slice::sort_by_key`.
pub fn by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in place by `key`, computed once per element, stably, like
/// `slice::sort_by_cached_key`.
pub fn by_cached_key<T, K: Ord>(v: &mut [T], key: impl FnMut(&T) -> K) {
    let keys: Vec<K> = v.iter().map(key).collect();
    let order = stable_order(keys.len(), &mut |i, j| keys[i].cmp(&keys[j]));
    permute(v, order);
}

/// Sorts `v` in place in its natural order, like `slice::sort` (and, since equal elements of a
/// total order are interchangeable, like `slice::sort_unstable`).
pub fn natural<T: Ord>(v: &mut [T]) {
    by(v, T::cmp);
}

/// Elements at most this many are sorted by insertion before the merging starts.
const RUN: usize = 12;

/// The positions `0..n` in sorted order: position `k` of the answer is the index of the
/// element that belongs at `k`. Stable: of two equal elements the earlier comes first.
pub fn stable_order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    if n < 2 {
        return order;
    }
    // Insertion sort within each run: move an element left past strictly greater ones only.
    let mut start = 0;
    while start < n {
        let end = (start + RUN).min(n);
        for i in start + 1..end {
            let mut j = i;
            while j > start && cmp(order[j - 1], order[j]) == Ordering::Greater {
                order.swap(j - 1, j);
                j -= 1;
            }
        }
        start = end;
    }
    // Merge neighbouring sorted runs of `width`, doubling it, between `order` and `buf`.
    let mut buf = vec![0; n];
    let mut width = RUN;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (src, dst) = (&order[lo..hi], &mut buf[lo..hi]);
            let split = mid - lo;
            if split == src.len() || cmp(src[split - 1], src[split]) != Ordering::Greater {
                // One run, or two already in order.
                dst.copy_from_slice(src);
            } else {
                let (mut i, mut j) = (0, split);
                for slot in dst.iter_mut() {
                    // Take from the right run only when it is strictly smaller (stability).
                    let right = j < src.len() && (i == split || cmp(src[i], src[j]) == Ordering::Greater);
                    if right {
                        *slot = src[j];
                        j += 1;
                    } else {
                        *slot = src[i];
                        i += 1;
                    }
                }
            }
            lo = hi;
        }
        std::mem::swap(&mut order, &mut buf);
        width *= 2;
    }
    order
}

/// Rearranges `v` so that its position `k` holds the element that was at `order[k]`
/// (`order` a permutation of `0..v.len()`), by swaps along the permutation's cycles.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut cur = start;
        loop {
            let src = order[cur];
            order[cur] = cur;
            if src == start || src == cur {
                break;
            }
            v.swap(cur, src);
            cur = src;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sorts_like_the_standard_library() {
        let mut v = vec![5, 3, 9, 1, 3, 7, 0, 2, 8, 6, 4, 1, 9, 5, 3, 2, 0, 7, 11, 10, 12, 13, 1, 1, 0];
        let mut expected = v.clone();
        expected.sort();
        natural(&mut v);
        assert_eq!(v, expected);
        let mut empty: Vec<u8> = Vec::new();
        natural(&mut empty);
        assert!(empty.is_empty());
    }

    #[test]
    fn equal_keys_keep_their_order() {
        let mut v: Vec<(u8, usize)> = (0..40).map(|i| ((i * 7 % 3) as u8, i)).collect();
        by_key(&mut v, |p| p.0);
        for w in v.windows(2) {
            assert!(w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1), "{w:?}");
        }
    }

    proptest! {
        #[test]
        fn by_equals_sort_by(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut mine = v.clone();
            let mut std = v.clone();
            by(&mut mine, |a, b| a.0.cmp(&b.0));
            std.sort_by_key(|p| p.0);
            prop_assert_eq!(&mine, &std);
            let mut cached = v.clone();
            by_cached_key(&mut cached, |p| std::cmp::Reverse(p.0));
            let mut std_cached = v;
            std_cached.sort_by_cached_key(|p| std::cmp::Reverse(p.0));
            prop_assert_eq!(cached, std_cached);
        }

        #[test]
        fn stable_order_is_a_sorted_permutation(v in proptest::collection::vec(0u8..20, 0..100)) {
            let order = stable_order(v.len(), &mut |i, j| v[i].cmp(&v[j]));
            let mut seen = order.clone();
            seen.sort();
            prop_assert_eq!(seen, (0..v.len()).collect::<Vec<_>>());
            for w in order.windows(2) {
                prop_assert!(v[w[0]] < v[w[1]] || (v[w[0]] == v[w[1]] && w[0] < w[1]));
            }
        }
    }
}
