//! Which data segments can move to the secondary with the functions that read them.
//!
//! The linker keeps one data segment per static (`--no-merge-data-segments`), at a fixed
//! address: the code of a non-relocatable wasm32 module reaches a static only through a
//! constant address (an `i32.const`, or a load or store offset) in a function, or through an
//! address stored in another static. So a segment is needed by the primary when a constant of a
//! kept function, a global's initial value, or a word of a segment it needs (transitively)
//! points into it, or up to [`SLACK`] bytes before it (an address folded with a negative
//! offset). Segments are read for addresses only at 4-aligned addresses, where pointer fields
//! are. Every other active segment moves: the secondary writes it at the same address when
//! it is instantiated, and until then only code of the secondary could read it.
//!
//! The analysis gives up (nothing moves) when a segment's offset is not a constant or a
//! function uses `memory.init`/`data.drop` (segment indices would change).

use std::collections::BTreeSet;

use wasmparser::{Data, DataKind, FunctionBody, Operator};

use crate::module::Error;

/// How far before a segment an address may point and still count as pointing at it.
const SLACK: u32 = 16;

/// An active segment's address range, `[start, end)`.
#[derive(Clone, Copy, Debug)]
pub struct Extent {
    pub start: u32,
    pub end: u32,
}

/// The constant address of an active data segment in memory 0, if it has one.
pub fn extent(d: &Data<'_>) -> Option<Extent> {
    match &d.kind {
        DataKind::Active { memory_index: 0, offset_expr } => {
            let mut ops = offset_expr.get_operators_reader();
            match (ops.read().ok()?, ops.read().ok()?) {
                (Operator::I32Const { value }, Operator::End) => {
                    let start = value as u32;
                    Some(Extent { start, end: start.saturating_add(d.data.len() as u32) })
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// Every constant in `body` that could be an address: `i32.const` values and memory offsets.
///
/// A constant that an integer comparison consumes at once (`i32.const 0x110000; i32.eq`, the
/// test for "no char", or a loop's end bound) is left out: a comparison reads no memory, and a
/// pointer compared with it was made from an address counted where it was made. Such values
/// otherwise keep whatever static happens to sit at that address.
pub fn constants(body: &FunctionBody<'_>, out: &mut Vec<u32>) -> Result<bool, Error> {
    let mut ops = body.get_operators_reader().map_err(|e| e.to_string())?;
    let mut pending: Option<u32> = None;
    while !ops.eof() {
        let op = ops.read().map_err(|e| e.to_string())?;
        if let Some(v) = pending.take() {
            if !is_comparison(&op) {
                out.push(v);
            }
        }
        match op {
            Operator::I32Const { value } => pending = Some(value as u32),
            Operator::MemoryInit { .. } | Operator::DataDrop { .. } => return Ok(false),
            op => {
                if let Some(arg) = memarg(&op) {
                    if let Ok(offset) = u32::try_from(arg.offset) {
                        out.push(offset);
                    }
                }
            }
        }
    }
    out.extend(pending);
    Ok(true)
}

fn is_comparison(op: &Operator<'_>) -> bool {
    use Operator::*;
    matches!(op, I32Eq | I32Ne | I32LtS | I32LtU | I32GtS | I32GtU | I32LeS | I32LeU | I32GeS | I32GeU)
}

fn memarg(op: &Operator<'_>) -> Option<wasmparser::MemArg> {
    use Operator::*;
    match *op {
        I32Load { memarg }
        | I64Load { memarg }
        | F32Load { memarg }
        | F64Load { memarg }
        | I32Load8S { memarg }
        | I32Load8U { memarg }
        | I32Load16S { memarg }
        | I32Load16U { memarg }
        | I64Load8S { memarg }
        | I64Load8U { memarg }
        | I64Load16S { memarg }
        | I64Load16U { memarg }
        | I64Load32S { memarg }
        | I64Load32U { memarg }
        | I32Store { memarg }
        | I64Store { memarg }
        | F32Store { memarg }
        | F64Store { memarg }
        | I32Store8 { memarg }
        | I32Store16 { memarg }
        | I64Store8 { memarg }
        | I64Store16 { memarg }
        | I64Store32 { memarg } => Some(memarg),
        _ => None,
    }
}

/// The words of a segment at `start` that could be addresses. Addresses stored in statics are
/// pointer fields, at addresses aligned to 4; reading only those words keeps byte tables
/// (Unicode, float parsing) from looking like pointers by chance.
pub fn words(bytes: &[u8], start: u32) -> impl Iterator<Item = u32> + '_ {
    let first = ((4 - start % 4) % 4) as usize;
    (first..bytes.len().saturating_sub(3))
        .step_by(4)
        .map(move |k| u32::from_le_bytes([bytes[k], bytes[k + 1], bytes[k + 2], bytes[k + 3]]))
}

/// Whether address `v` counts as pointing at the segment `e` (its end included, and up to
/// [`SLACK`] bytes before it), as [`needed`] decides.
pub fn points_into(v: u32, e: Extent) -> bool {
    v.saturating_add(SLACK) >= e.start && v <= e.end
}

/// Which of `segments` (their extents; `None` for one that must stay) the primary needs, given
/// the constant addresses its code and globals hold.
pub fn needed(segments: &[Option<Extent>], bytes: &[&[u8]], roots: &[u32]) -> Vec<bool> {
    // Movable segments by start address, for lookups.
    let mut by_start: Vec<(u32, u32, usize)> =
        segments.iter().enumerate().filter_map(|(i, e)| e.map(|e| (e.start, e.end, i))).collect();
    by_start.sort_unstable();
    let mut need: Vec<bool> = segments.iter().map(|e| e.is_none()).collect();
    let mut work: Vec<usize> = Vec::new();
    let mark = |v: u32, need: &mut Vec<bool>, work: &mut Vec<usize>| {
        // The segment holding v (its end included: a one-past-the-end pointer), and those
        // starting within SLACK bytes after v.
        // Segments do not overlap, so from the first one ending at or after v, every segment
        // starting at or before v + SLACK is one of those.
        let first = by_start.partition_point(|&(_, end, _)| end < v);
        for &(start, _, i) in &by_start[first..] {
            if start > v.saturating_add(SLACK) {
                break;
            }
            if !need[i] {
                need[i] = true;
                work.push(i);
            }
        }
    };
    for &v in roots {
        mark(v, &mut need, &mut work);
    }
    // Segments that stay for other reasons are read too.
    let seeded: Vec<usize> = (0..segments.len()).filter(|&i| need[i]).collect();
    work.extend(seeded);
    let mut seen = BTreeSet::new();
    while let Some(i) = work.pop() {
        if !seen.insert(i) {
            continue;
        }
        for v in words(bytes[i], segments[i].map_or(0, |e| e.start)) {
            mark(v, &mut need, &mut work);
        }
    }
    need
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(start: u32, len: u32) -> Option<Extent> {
        Some(Extent { start, end: start + len })
    }

    #[test]
    fn reachability_through_code_constants_and_stored_addresses() {
        // 0: read by code; 1: its word points at 2; 2: reached through 1; 3: nobody; 4: stays.
        let segs = [e(1000, 8), e(2000, 8), e(3000, 4), e(4000, 4), None];
        let b0 = [0u8; 8];
        let mut b1 = [0u8; 8];
        b1[4..].copy_from_slice(&3000u32.to_le_bytes());
        let b2 = [1u8; 4];
        let b3 = [2u8; 4];
        let bytes: Vec<&[u8]> = vec![&b0, &b1, &b2, &b3, &[]];
        // Code holds 1004 (inside 0) and 1990 (10 bytes before 1).
        let need = needed(&segs, &bytes, &[1004, 1990, 7]);
        assert_eq!(need, vec![true, true, true, false, true]);
        // A one-past-the-end pointer keeps the segment it ends.
        assert_eq!(needed(&segs, &bytes, &[4004]), vec![false, false, false, true, true]);
    }

    #[test]
    fn constants_count_addresses_but_not_values_a_comparison_consumes() {
        use wasm_encoder::{
            CodeSection, Function, FunctionSection, Instruction as I, MemArg, MemorySection, MemoryType, Module as Out,
            TypeSection, ValType,
        };
        let mut types = TypeSection::new();
        types.ty().function([ValType::I32], [ValType::I32]);
        let mut funcs = FunctionSection::new();
        funcs.function(0);
        let mut mems = MemorySection::new();
        mems.memory(MemoryType { minimum: 1, maximum: None, memory64: false, shared: false, page_size_log2: None });
        let mut f = Function::new([]);
        let load = MemArg { offset: 1200, align: 2, memory_index: 0 };
        // "no char" test: not an address
        f.instruction(&I::LocalGet(0)).instruction(&I::I32Const(0x110000)).instruction(&I::I32Eq).instruction(&I::Drop);
        // an address passed on, and one read with an offset
        f.instruction(&I::I32Const(1004)).instruction(&I::Drop);
        f.instruction(&I::I32Const(0)).instruction(&I::I32Load(load)).instruction(&I::Drop);
        // the last instruction's constant is counted too
        f.instruction(&I::I32Const(2000)).instruction(&I::End);
        let mut code = CodeSection::new();
        code.function(&f);
        let mut m = Out::new();
        m.section(&types).section(&funcs).section(&mems).section(&code);
        let bytes = m.finish();
        let parsed = crate::module::Module::parse(&bytes).unwrap();
        let mut out = Vec::new();
        assert!(constants(&parsed.bodies[0], &mut out).unwrap());
        out.sort_unstable();
        assert_eq!(out, vec![0, 1004, 1200, 2000]);
    }
}
