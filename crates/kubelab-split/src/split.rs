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
};
use wasmparser::{ExternalKind, RefType, TableInit};

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

/// Bodies at or under this size stay: a trampoline is about as big.
const TINY_BODY: usize = 24;

/// Splits `bytes`: every function whose stable name is in `keep` (and every function that must
/// stay) remains in the primary; the others move to the secondary.
pub fn split(bytes: &[u8], keep: &BTreeSet<String>) -> Result<Split, Error> {
    let m = Module::parse(bytes)?;
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
        let size = body.range().len();
        let named_keep = match m.names.get(&f) {
            Some(name) => keep.contains(stable_name(name)),
            None => true,
        };
        if pinned || size <= TINY_BODY || named_keep {
            stays[f as usize] = true;
        }
        calls_of.push(calls);
    }
    for s in stays.iter_mut().take(nimp as usize) {
        *s = true;
    }
    let moved: Vec<u32> = (nimp..nfuncs).filter(|&f| !stays[f as usize]).collect();

    // The function table the trampolines call through: the first funcref table.
    let slot_table = m
        .tables
        .iter()
        .position(|t| t.ty.element_type == RefType::FUNCREF)
        .ok_or("no function table")? as u32;
    let slot_base = m.tables[slot_table as usize].ty.initial;

    // --- primary ---
    let load_type_existing = m.type_arity.iter().position(|a| *a == Some((0, 0)));
    let mut types = TypeSection::new();
    if let Some(r) = m.types.clone() {
        enc(RoundtripReencoder.parse_type_section(&mut types, r))?;
    }
    let load_type = match load_type_existing {
        Some(t) => t as u32,
        None => {
            types.ty().function([], []);
            m.type_arity.len() as u32
        }
    };
    let mut remap = Remap {
        funcs: (0..nfuncs).map(|f| if f < nimp { f } else { f + 1 }).collect(),
    };
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
    let mut need_export = |key: u8, index: u32, prefix: char, kind: ExportKind, exports: &mut ExportSection| -> String {
        exported
            .entry((key, index))
            .or_insert_with(|| {
                let name = short(prefix, index);
                exports.export(&name, kind, index);
                name
            })
            .clone()
    };
    let memory_names: Vec<String> = (0..m.memories.len() as u32)
        .map(|i| need_export(0, i, 'm', ExportKind::Memory, &mut exports))
        .collect();
    let table_names: Vec<String> = (0..m.tables.len() as u32)
        .map(|i| need_export(1, i, 't', ExportKind::Table, &mut exports))
        .collect();
    let global_names: Vec<String> = (0..m.globals.len() as u32)
        .map(|i| need_export(2, i, 'g', ExportKind::Global, &mut exports))
        .collect();
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
            t.instruction(&Instruction::Call(load));
            for p in 0..params as u32 {
                t.instruction(&Instruction::LocalGet(p));
            }
            t.instruction(&Instruction::I32Const(slot as i32));
            t.instruction(&Instruction::CallIndirect {
                type_index: m.func_types[f as usize],
                table_index: slot_table,
            });
            t.instruction(&Instruction::End);
            code.function(&t);
        } else {
            enc(remap.parse_function_body(&mut code, body.clone()))?;
        }
    }

    let mut out = Out::new();
    out.section(&types).section(&imports).section(&functions);
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
        out.section(&StartSection {
            function_index: remap.funcs[s as usize],
        });
    }
    if let Some(r) = m.elements.clone() {
        let mut elements = ElementSection::new();
        enc(remap.parse_element_section(&mut elements, r))?;
        out.section(&elements);
    }
    if let Some(count) = m.data_count {
        out.section(&wasm_encoder::DataCountSection { count });
    }
    out.section(&code);
    if let Some(r) = m.data.clone() {
        let mut data = wasm_encoder::DataSection::new();
        enc(RoundtripReencoder.parse_data_section(&mut data, r))?;
        out.section(&data);
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
    let mut remap2 = Remap {
        funcs: vec![u32::MAX; nfuncs as usize],
    };
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
    let secondary = out2.finish();

    Ok(Split {
        primary,
        secondary,
        moved: moved.len(),
        kept: m.bodies.len() - moved.len(),
    })
}
