//! Splitting one module into a primary (what the page runs at once) and a secondary (the rest).
//!
//! Each function moved out keeps its index in the primary, with a small body instead (a
//! trampoline): call the import `__split.load` (JavaScript that makes sure the secondary is
//! instantiated), then call the real function through its own slot in the function table.
//! Instantiating the secondary fills those slots with its functions (an active element
//! segment), so after the first load a moved function costs one indirect call more. Calls and
//! table entries in the primary are left as they are. The secondary imports the primary's
//! memory, tables and globals, and the primary functions it calls, all as exports of the
//! primary, so both modules share one memory and one stack.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{
    CodeSection, ConstExpr, ElementSection, Elements, EntityType, ExportKind, ExportSection, Function, FunctionSection,
    GlobalSection, ImportSection, Instruction, MemorySection, Module as Out, StartSection, TableSection, TypeSection,
    ValType,
};
use wasmparser::{ExternalKind, RefType, TableInit};

use crate::data;
use crate::module::{stable_name, Error, Module};

/// Function indices, old to new; globals and the rest keep their indices.
struct Remap {
    funcs: Vec<u32>,
}

impl Reencode for Remap {
    type Error = String;
    fn function_index(&mut self, f: u32) -> Result<u32, wasm_encoder::reencode::Error<String>> {
        self.funcs
            .get(f as usize)
            .copied()
            .ok_or_else(|| wasm_encoder::reencode::Error::UserError(format!("function {f} has no new index")))
    }
}

fn enc<T, E: std::fmt::Debug>(r: Result<T, wasm_encoder::reencode::Error<E>>) -> Result<T, Error> {
    r.map_err(|e| format!("re-encoding: {e:?}"))
}

/// The result: both modules' bytes and what was moved.
pub struct Split {
    pub primary: Vec<u8>,
    pub secondary: Vec<u8>,
    pub moved: usize,
    pub kept: usize,
    /// Bytes of data segments moved to the secondary, and left in the primary.
    pub moved_data: usize,
    pub kept_data: usize,
    /// The moved functions' stable names, by the number their trampoline passes to
    /// `__split.load` (`?` for a function without a name).
    pub moved_names: Vec<String>,
}

/// A short export name for index `i` (the primary carries one per import of the secondary).
fn short(prefix: char, mut i: u32) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut s = vec![b'_', b'_', prefix as u8];
    let mut digits = Vec::new();
    loop {
        digits.push(DIGITS[(i % 36) as usize]);
        i /= 36;
        if i == 0 {
            break;
        }
    }
    digits.reverse();
    s.extend(digits);
    String::from_utf8(s).unwrap_or_default()
}

/// Splits `bytes`: every function whose stable name is in `keep` (and every function that must
/// stay) remains in the primary; the others move to the secondary.
pub fn split(bytes: &[u8], keep: &BTreeSet<String>) -> Result<Split, Error> {
    let m = Module::parse(bytes)?;
    if m.other_imports > 0 {
        return Err("the module imports memories, tables or globals: only function imports are supported".into());
    }
    let nimp = m.imported_funcs;
    let nfuncs = m.func_types.len() as u32;

    // Which functions move.
    let mut stays = vec![false; nfuncs as usize];
    for e in &m.exports {
        if e.kind == ExternalKind::Func {
            if let Some(s) = stays.get_mut(e.index as usize) {
                *s = true;
            }
        }
    }
    if let Some(f) = m.start {
        if let Some(s) = stays.get_mut(f as usize) {
            *s = true;
        }
    }
    let mut calls_of: Vec<Vec<u32>> = Vec::with_capacity(m.bodies.len());
    for (i, body) in m.bodies.iter().enumerate() {
        let f = nimp + i as u32;
        let (calls, pinned) = Module::body_refs(body)?;
        let named_keep = match m.names.get(&f) {
            Some(name) => keep.contains(&stable_name(name)),
            None => true,
        };
        // Small functions move too: one that returns a text's address (an exercise's source, a
        // help page) takes the text with it.
        if pinned || named_keep {
            stays[f as usize] = true;
        }
        calls_of.push(calls);
    }
    for s in stays.iter_mut().take(nimp as usize) {
        *s = true;
    }
    let moved: Vec<u32> = (nimp..nfuncs).filter(|&f| !stays[f as usize]).collect();

    // Data segments only the moved functions read move with them (data.rs).
    let segments: Vec<wasmparser::Data<'_>> = match m.data.clone() {
        Some(r) => r.into_iter().collect::<Result<_, _>>().map_err(|e| e.to_string())?,
        None => Vec::new(),
    };
    let data_moves = {
        let mut roots = Vec::new();
        let mut analysable = true;
        for (i, body) in m.bodies.iter().enumerate() {
            if stays[nimp as usize + i] {
                analysable &= data::constants(body, &mut roots)?;
            }
        }
        for g in &m.globals {
            let mut ops = g.init_expr.get_operators_reader();
            while let Ok(op) = ops.read() {
                if let wasmparser::Operator::I32Const { value } = op {
                    roots.push(value as u32);
                }
            }
        }
        if analysable {
            let extents: Vec<Option<data::Extent>> = segments.iter().map(data::extent).collect();
            let bytes: Vec<&[u8]> = segments.iter().map(|d| d.data).collect();
            let need = data::needed(&extents, &bytes, &roots);
            if std::env::var_os("KUBELAB_SPLIT_WHY").is_some() {
                crate::why::report(&m, &stays, &segments, &extents, &need);
            }
            need.into_iter().map(|n| !n).collect()
        } else {
            vec![false; segments.len()]
        }
    };

    // The function table the trampolines call through: the first funcref table.
    let slot_table =
        m.tables.iter().position(|t| t.ty.element_type == RefType::FUNCREF).ok_or("no function table")? as u32;
    let slot_base = m.tables[slot_table as usize].ty.initial;

    // --- primary ---
    // `__split.load` takes the moved function's number (its place in `moved`), so that the
    // page can tell which function needed the secondary first (the split e2e test prints it).
    let mut types = TypeSection::new();
    if let Some(r) = m.types.clone() {
        enc(RoundtripReencoder.parse_type_section(&mut types, r))?;
    }
    let load_type = m.type_arity.len() as u32;
    types.ty().function([ValType::I32], []);
    let mut remap = Remap { funcs: (0..nfuncs).map(|f| if f < nimp { f } else { f + 1 }).collect() };
    let load = nimp;

    let mut imports = ImportSection::new();
    for i in &m.imports {
        let ty = enc(RoundtripReencoder.entity_type(i.ty))?;
        imports.import(i.module, i.name, ty);
    }
    imports.import("__split", "load", EntityType::Function(load_type));

    let mut functions = FunctionSection::new();
    for &t in &m.func_types[nimp as usize..] {
        functions.function(t);
    }

    let grow = moved.len() as u64;
    let mut tables = TableSection::new();
    let mut table_types = Vec::new();
    for (i, t) in m.tables.iter().enumerate() {
        let mut ty = enc(RoundtripReencoder.table_type(t.ty))?;
        if i as u32 == slot_table {
            ty.minimum += grow;
            ty.maximum = ty.maximum.map(|x| x + grow);
        }
        match &t.init {
            TableInit::RefNull => tables.table(ty),
            TableInit::Expr(e) => {
                let e = enc(remap.const_expr(e.clone()))?;
                tables.table_with_init(ty, &e)
            }
        };
        table_types.push(ty);
    }
    let mut memories = MemorySection::new();
    for &mt in &m.memories {
        memories.memory(enc(RoundtripReencoder.memory_type(mt))?);
    }
    let mut globals = GlobalSection::new();
    for g in &m.globals {
        let ty = enc(RoundtripReencoder.global_type(g.ty))?;
        let init = enc(remap.const_expr(g.init_expr.clone()))?;
        globals.global(ty, &init);
    }

    // Exports: the originals, then whatever the secondary imports.
    let mut exports = ExportSection::new();
    let mut exported: BTreeMap<(u8, u32), String> = BTreeMap::new();
    for e in &m.exports {
        let kind = enc(RoundtripReencoder.export_kind(e.kind))?;
        let index = match e.kind {
            ExternalKind::Func => remap.funcs.get(e.index as usize).copied().ok_or("bad export index")?,
            _ => e.index,
        };
        exports.export(e.name, kind, index);
        let key = match e.kind {
            ExternalKind::Memory => 0,
            ExternalKind::Table => 1,
            ExternalKind::Global => 2,
            _ => 3,
        };
        exported.entry((key, e.index)).or_insert_with(|| e.name.to_string());
    }
    let mut need_export =
        |key: u8, index: u32, prefix: char, kind: ExportKind, exports: &mut ExportSection| -> String {
            exported
                .entry((key, index))
                .or_insert_with(|| {
                    let name = short(prefix, index);
                    exports.export(&name, kind, index);
                    name
                })
                .clone()
        };
    let memory_names: Vec<String> =
        (0..m.memories.len() as u32).map(|i| need_export(0, i, 'm', ExportKind::Memory, &mut exports)).collect();
    let table_names: Vec<String> =
        (0..m.tables.len() as u32).map(|i| need_export(1, i, 't', ExportKind::Table, &mut exports)).collect();
    let global_names: Vec<String> =
        (0..m.globals.len() as u32).map(|i| need_export(2, i, 'g', ExportKind::Global, &mut exports)).collect();
    // Primary functions the moved ones call, in index order.
    let is_moved = |f: u32| f >= nimp && !stays[f as usize];
    let mut called: BTreeSet<u32> = BTreeSet::new();
    for &f in &moved {
        for &c in &calls_of[(f - nimp) as usize] {
            if !is_moved(c) {
                called.insert(c);
            }
        }
    }
    let mut func_import_names = Vec::new();
    for &c in &called {
        let new = remap.funcs[c as usize];
        func_import_names.push(need_export(3, new, 'f', ExportKind::Func, &mut exports));
    }

    let mut code = CodeSection::new();
    for (i, body) in m.bodies.iter().enumerate() {
        let f = nimp + i as u32;
        if is_moved(f) {
            let (params, _) = m.arity(f)?;
            let slot = slot_base + moved.binary_search(&f).map_err(|_| "moved list")? as u64;
            let mut t = Function::new([]);
            t.instruction(&Instruction::I32Const((slot - slot_base) as i32));
            t.instruction(&Instruction::Call(load));
            for p in 0..params as u32 {
                t.instruction(&Instruction::LocalGet(p));
            }
            t.instruction(&Instruction::I32Const(slot as i32));
            t.instruction(&Instruction::CallIndirect { type_index: m.func_types[f as usize], table_index: slot_table });
            t.instruction(&Instruction::End);
            code.function(&t);
        } else {
            enc(remap.parse_function_body(&mut code, body.clone()))?;
        }
    }

    let mut out = Out::new();
    out.section(&types).section(&imports).section(&functions);
    let features = m
        .target_features
        .map(|data| wasm_encoder::CustomSection { name: Cow::Borrowed("target_features"), data: Cow::Borrowed(data) });
    if !m.tables.is_empty() {
        out.section(&tables);
    }
    if !m.memories.is_empty() {
        out.section(&memories);
    }
    if !m.globals.is_empty() {
        out.section(&globals);
    }
    out.section(&exports);
    if let Some(s) = m.start {
        out.section(&StartSection { function_index: remap.funcs[s as usize] });
    }
    if let Some(r) = m.elements.clone() {
        let mut elements = ElementSection::new();
        enc(remap.parse_element_section(&mut elements, r))?;
        out.section(&elements);
    }
    let kept_data = data_moves.iter().filter(|m| !**m).count() as u32;
    if m.data_count.is_some() {
        out.section(&wasm_encoder::DataCountSection { count: kept_data });
    }
    out.section(&code);
    if !segments.is_empty() {
        let mut data = wasm_encoder::DataSection::new();
        for (d, &moves) in segments.iter().zip(&data_moves) {
            if !moves {
                enc(RoundtripReencoder.parse_data(&mut data, d.clone()))?;
            }
        }
        out.section(&data);
    }
    // wasm-opt reads which features the code uses from here.
    if let Some(f) = &features {
        out.section(f);
    }
    let primary = out.finish();

    // --- secondary ---
    let mut types2 = TypeSection::new();
    if let Some(r) = m.types.clone() {
        enc(RoundtripReencoder.parse_type_section(&mut types2, r))?;
    }
    let mut imports2 = ImportSection::new();
    for (i, &mt) in m.memories.iter().enumerate() {
        imports2.import("p", &memory_names[i], EntityType::Memory(enc(RoundtripReencoder.memory_type(mt))?));
    }
    for (i, ty) in table_types.iter().enumerate() {
        imports2.import("p", &table_names[i], EntityType::Table(*ty));
    }
    for (i, g) in m.globals.iter().enumerate() {
        let ty = enc(RoundtripReencoder.global_type(g.ty))?;
        imports2.import("p", &global_names[i], EntityType::Global(ty));
    }
    let mut remap2 = Remap { funcs: vec![u32::MAX; nfuncs as usize] };
    for (k, (&c, name)) in called.iter().zip(&func_import_names).enumerate() {
        imports2.import("p", name, EntityType::Function(m.func_types[c as usize]));
        remap2.funcs[c as usize] = k as u32;
    }
    let base2 = called.len() as u32;
    let mut functions2 = FunctionSection::new();
    for (k, &f) in moved.iter().enumerate() {
        remap2.funcs[f as usize] = base2 + k as u32;
        functions2.function(m.func_types[f as usize]);
    }
    let mut elements2 = ElementSection::new();
    let indices: Vec<u32> = (0..moved.len() as u32).map(|k| base2 + k).collect();
    elements2.active(
        Some(slot_table),
        &ConstExpr::i32_const(slot_base as i32),
        Elements::Functions(Cow::Borrowed(&indices)),
    );
    let mut code2 = CodeSection::new();
    for &f in &moved {
        enc(remap2.parse_function_body(&mut code2, m.bodies[(f - nimp) as usize].clone()))?;
    }
    let mut out2 = Out::new();
    out2.section(&types2).section(&imports2).section(&functions2).section(&elements2).section(&code2);
    let mut data2 = wasm_encoder::DataSection::new();
    let mut moved_data = 0;
    for (d, &moves) in segments.iter().zip(&data_moves) {
        if moves {
            enc(RoundtripReencoder.parse_data(&mut data2, d.clone()))?;
            moved_data += d.data.len();
        }
    }
    if moved_data > 0 {
        out2.section(&data2);
    }
    if let Some(f) = &features {
        out2.section(f);
    }
    let secondary = out2.finish();

    Ok(Split {
        primary,
        secondary,
        moved: moved.len(),
        kept: m.bodies.len() - moved.len(),
        moved_data,
        kept_data: segments.iter().zip(&data_moves).filter(|(_, m)| !**m).map(|(d, _)| d.data.len()).sum(),
        moved_names: moved.iter().map(|f| m.names.get(f).map_or_else(|| "?".to_string(), |n| stable_name(n))).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{
        CodeSection, ExportSection, Function, FunctionSection, GlobalType, ImportSection, IndirectNameMap, MemoryType,
        NameMap, NameSection, TableType, TypeSection, ValType,
    };

    /// A module like rustc's: an import, a memory, a function table, a mutable stack pointer,
    /// an exported `main` calling `helper`, which calls `leaf` and the import.
    fn sample() -> Vec<u8> {
        let mut types = TypeSection::new();
        types.ty().function([], [ValType::I32]); // 0: main, leaf
        types.ty().function([ValType::I32, ValType::I32], [ValType::I32]); // 1: helper
        types.ty().function([ValType::I32], []); // 2: the import
        let mut imports = ImportSection::new();
        imports.import("env", "log", EntityType::Function(2));
        let mut funcs = FunctionSection::new();
        for t in [0, 1, 0] {
            funcs.function(t);
        }
        let mut tables = TableSection::new();
        tables.table(TableType {
            element_type: wasm_encoder::RefType::FUNCREF,
            table64: false,
            minimum: 2,
            maximum: Some(2),
            shared: false,
        });
        let mut memories = MemorySection::new();
        memories.memory(MemoryType { minimum: 1, maximum: None, memory64: false, shared: false, page_size_log2: None });
        let mut globals = GlobalSection::new();
        globals
            .global(GlobalType { val_type: ValType::I32, mutable: true, shared: false }, &ConstExpr::i32_const(65536));
        let mut exports = ExportSection::new();
        exports.export("main", ExportKind::Func, 1);
        exports.export("memory", ExportKind::Memory, 0);
        let mut elements = ElementSection::new();
        elements.active(None, &ConstExpr::i32_const(1), Elements::Functions(Cow::Borrowed(&[3])));
        let mut code = CodeSection::new();
        // main: a word at 2000 is read, then helper(1, 2)
        let mut f = Function::new([]);
        f.instruction(&Instruction::I32Const(2000)).instruction(&Instruction::I32Load(wasm_encoder::MemArg {
            offset: 0,
            align: 2,
            memory_index: 0,
        }));
        f.instruction(&Instruction::Drop);
        f.instruction(&Instruction::I32Const(1)).instruction(&Instruction::I32Const(2));
        f.instruction(&Instruction::Call(2)).instruction(&Instruction::End);
        code.function(&f);
        // helper(a, b): log(a); stack pointer + a + b + leaf() + ... (long enough to move)
        let mut f = Function::new([(1, ValType::I32)]);
        f.instruction(&Instruction::LocalGet(0)).instruction(&Instruction::Call(0));
        f.instruction(&Instruction::GlobalGet(0)).instruction(&Instruction::LocalGet(0));
        f.instruction(&Instruction::I32Add).instruction(&Instruction::LocalGet(1));
        f.instruction(&Instruction::I32Add).instruction(&Instruction::Call(3));
        f.instruction(&Instruction::I32Add).instruction(&Instruction::LocalTee(2));
        for _ in 0..8 {
            f.instruction(&Instruction::LocalGet(2)).instruction(&Instruction::I32Add);
        }
        f.instruction(&Instruction::End);
        code.function(&f);
        // leaf: a loaded word, times seven, long enough to move
        let mut f = Function::new([]);
        f.instruction(&Instruction::I32Const(1024)).instruction(&Instruction::I32Load(wasm_encoder::MemArg {
            offset: 16,
            align: 2,
            memory_index: 0,
        }));
        for _ in 0..10 {
            f.instruction(&Instruction::I32Const(7)).instruction(&Instruction::I32Mul);
        }
        f.instruction(&Instruction::End);
        code.function(&f);
        // 1040 is read only by leaf, 2000 by main.
        let mut data = wasm_encoder::DataSection::new();
        data.active(0, &ConstExpr::i32_const(1040), [1, 2, 3, 4]);
        data.active(0, &ConstExpr::i32_const(2000), [5, 6, 7, 8]);
        let mut names = NameSection::new();
        let mut map = NameMap::new();
        map.append(0, "log");
        map.append(1, "app::main::h0123456789abcdef");
        map.append(2, "app[1a2b]::helper");
        map.append(3, "app::leaf");
        names.functions(&map);
        names.locals(&IndirectNameMap::new());
        let mut m = Out::new();
        m.section(&types).section(&imports).section(&funcs).section(&tables).section(&memories);
        m.section(&globals).section(&exports).section(&elements).section(&code).section(&data).section(&names);
        m.finish()
    }

    fn validate(bytes: &[u8]) {
        wasmparser::Validator::new().validate_all(bytes).expect("valid module");
    }

    #[test]
    fn moved_functions_become_trampolines_and_the_secondary_links_back() {
        let input = sample();
        validate(&input);
        let keep: BTreeSet<String> = ["app::main".to_string()].into();
        let out = split(&input, &keep).unwrap();
        assert_eq!((out.kept, out.moved), (1, 2));
        assert_eq!(out.moved_names, ["app::helper", "app::leaf"]);
        // leaf's data went with it; main's stayed.
        assert_eq!((out.kept_data, out.moved_data), (4, 4));
        validate(&out.primary);
        validate(&out.secondary);
        let p = Module::parse(&out.primary).unwrap();
        // The loader import comes after the original ones; the table has a slot per moved function.
        assert_eq!(p.imports.last().map(|i| (i.module, i.name)), Some(("__split", "load")));
        assert_eq!(p.tables[0].ty.initial, 4);
        // helper's body is now: its number, call load, its two arguments, its slot, call_indirect.
        let (calls, _) = Module::body_refs(&p.bodies[1]).unwrap();
        assert_eq!(calls, vec![1]);
        let s = Module::parse(&out.secondary).unwrap();
        let imported: Vec<&str> = s.imports.iter().map(|i| i.name).collect();
        // memory, table and global under the primary's export names; `log` (now index 0) is
        // imported, `leaf` is not: it moved too.
        assert_eq!(imported[..2], ["memory", "__t0"]);
        assert_eq!(imported[2], "__g0");
        assert_eq!(s.imported_funcs, 1);
        assert_eq!(s.bodies.len(), 2);
        // The primary exports what the secondary imports.
        let exported: Vec<&str> = p.exports.iter().map(|e| e.name).collect();
        for name in &imported {
            assert!(exported.contains(name), "{name} not exported by the primary: {exported:?}");
        }
    }

    #[test]
    fn a_keep_list_naming_everything_moves_nothing() {
        let input = sample();
        let keep: BTreeSet<String> = ["app::main", "app::helper", "app::leaf"].iter().map(|s| s.to_string()).collect();
        let out = split(&input, &keep).unwrap();
        assert_eq!((out.moved, out.moved_data), (0, 0));
        validate(&out.primary);
        validate(&out.secondary);
    }
}
