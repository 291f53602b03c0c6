//! `KUBELAB_SPLIT_WHY=1`: what the first download still holds, and why. Prints the largest
//! kept functions, and the largest kept data segments with the kept functions (and segments)
//! that point into them, so that a developer sees what to put behind a function (as
//! `Verb::help` and `Builtin::source` are) or out of a hot function's inlining.

use wasmparser::{Data, FunctionBody};

use crate::data::{self, Extent};
use crate::module::{stable_name, Module};

pub fn report(m: &Module<'_>, stays: &[bool], segments: &[Data<'_>], extents: &[Option<Extent>], need: &[bool]) {
    let nimp = m.imported_funcs as usize;
    let name = |f: usize| m.names.get(&(f as u32)).map(|n| stable_name(n)).unwrap_or_else(|| format!("#{f}"));
    let mut funcs: Vec<(usize, usize)> = m
        .bodies
        .iter()
        .enumerate()
        .filter(|(k, _)| stays[nimp + k])
        .map(|(k, b)| (b.range().len(), nimp + k))
        .collect();
    funcs.sort_unstable_by(|a, b| b.cmp(a));
    for (size, f) in funcs.iter().take(30) {
        eprintln!("why: kept function {size:>7} bytes  {}", name(*f));
    }
    let constants: Vec<(usize, Vec<u32>)> = m
        .bodies
        .iter()
        .enumerate()
        .filter(|(k, _)| stays[nimp + k])
        .map(|(k, b): (usize, &FunctionBody<'_>)| {
            let mut c = Vec::new();
            let _ = data::constants(b, &mut c);
            (nimp + k, c)
        })
        .collect();
    let mut kept: Vec<usize> = (0..segments.len()).filter(|&i| need[i]).collect();
    kept.sort_unstable_by_key(|&i| std::cmp::Reverse(segments[i].data.len()));
    for &i in kept.iter().take(std::env::var("KUBELAB_SPLIT_WHY").ok().and_then(|v| v.parse().ok()).unwrap_or(30)) {
        let Some(e) = extents[i] else { continue };
        let by: Vec<String> = constants
            .iter()
            .filter(|(_, c)| c.iter().any(|&v| data::points_into(v, e)))
            .take(3)
            .map(|(f, _)| name(*f))
            .collect();
        let from: Vec<usize> = (0..segments.len())
            .filter(|&j| j != i && need[j])
            .filter(|&j| {
                let start = extents[j].map_or(0, |x| x.start);
                data::words(segments[j].data, start).any(|v| data::points_into(v, e))
            })
            .take(3)
            .collect();
        let text: String = String::from_utf8_lossy(&segments[i].data[..segments[i].data.len().min(50)])
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        eprintln!(
            "why: kept data {:>7} bytes (segment {i}) by {by:?}, from segments {from:?}: {text}",
            segments[i].data.len()
        );
    }
}
