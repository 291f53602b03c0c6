//! The parts of a parsed WebAssembly module that splitting and instrumenting need: its sections
//! (as readers over the input bytes, re-encoded later), each function's type, and the names of
//! the name section.

use std::collections::BTreeMap;

use wasmparser::{
    CompositeInnerType, ElementSectionReader, Export, FunctionBody, Global, Import, MemoryType, Operator, Parser,
    Payload, Table, TypeRef, TypeSectionReader,
};

/// What went wrong, in words for the build log.
pub type Error = String;

pub struct Module<'a> {
    pub types: Option<TypeSectionReader<'a>>,
    /// Parameter and result counts per type index (`None` for a type that is not a function).
    pub type_arity: Vec<Option<(usize, usize)>>,
    pub imports: Vec<Import<'a>>,
    pub imported_funcs: u32,
    /// Imported memories, tables and globals (rustc's output has none; a split needs none).
    pub other_imports: usize,
    /// The type of every function, imported ones first (the function index space).
    pub func_types: Vec<u32>,
    pub tables: Vec<Table<'a>>,
    pub memories: Vec<MemoryType>,
    pub globals: Vec<Global<'a>>,
    pub exports: Vec<Export<'a>>,
    pub start: Option<u32>,
    pub elements: Option<ElementSectionReader<'a>>,
    pub data_count: Option<u32>,
    pub bodies: Vec<FunctionBody<'a>>,
    pub data: Option<wasmparser::DataSectionReader<'a>>,
    /// Function index to name, from the name section (absent when it was stripped).
    pub names: BTreeMap<u32, String>,
    /// The linker's `target_features` custom section (what the code uses), if any.
    pub target_features: Option<&'a [u8]>,
}

impl<'a> Module<'a> {
    pub fn parse(bytes: &'a [u8]) -> Result<Module<'a>, Error> {
        let mut m = Module {
            types: None,
            type_arity: Vec::new(),
            imports: Vec::new(),
            imported_funcs: 0,
            other_imports: 0,
            func_types: Vec::new(),
            tables: Vec::new(),
            memories: Vec::new(),
            globals: Vec::new(),
            exports: Vec::new(),
            start: None,
            elements: None,
            data_count: None,
            bodies: Vec::new(),
            data: None,
            names: BTreeMap::new(),
            target_features: None,
        };
        let err = |e: wasmparser::BinaryReaderError| e.to_string();
        for payload in Parser::new(0).parse_all(bytes) {
            match payload.map_err(err)? {
                Payload::Version { .. } | Payload::End(_) | Payload::CodeSectionStart { .. } => {}
                Payload::TypeSection(r) => {
                    for group in r.clone() {
                        for sub in group.map_err(err)?.into_types() {
                            m.type_arity.push(match &sub.composite_type.inner {
                                CompositeInnerType::Func(f) => Some((f.params().len(), f.results().len())),
                                _ => None,
                            });
                        }
                    }
                    m.types = Some(r);
                }
                Payload::ImportSection(r) => {
                    for import in r.into_imports() {
                        let import = import.map_err(err)?;
                        match import.ty {
                            TypeRef::Func(t) => {
                                m.func_types.push(t);
                                m.imported_funcs += 1;
                            }
                            _ => m.other_imports += 1,
                        }
                        m.imports.push(import);
                    }
                }
                Payload::FunctionSection(r) => {
                    for t in r {
                        m.func_types.push(t.map_err(err)?);
                    }
                }
                Payload::TableSection(r) => {
                    for t in r {
                        m.tables.push(t.map_err(err)?);
                    }
                }
                Payload::MemorySection(r) => {
                    for t in r {
                        m.memories.push(t.map_err(err)?);
                    }
                }
                Payload::GlobalSection(r) => {
                    for g in r {
                        m.globals.push(g.map_err(err)?);
                    }
                }
                Payload::ExportSection(r) => {
                    for e in r {
                        m.exports.push(e.map_err(err)?);
                    }
                }
                Payload::StartSection { func, .. } => m.start = Some(func),
                Payload::ElementSection(r) => m.elements = Some(r),
                Payload::DataCountSection { count, .. } => m.data_count = Some(count),
                Payload::CodeSectionEntry(body) => m.bodies.push(body),
                Payload::DataSection(r) => m.data = Some(r),
                Payload::CustomSection(c) => {
                    if c.name() == "target_features" {
                        m.target_features = Some(c.data());
                    }
                    if let wasmparser::KnownCustom::Name(names) = c.as_known() {
                        for sub in names {
                            if let Ok(wasmparser::Name::Function(map)) = sub {
                                for naming in map.into_iter().flatten() {
                                    m.names.insert(naming.index, naming.name.to_string());
                                }
                            }
                        }
                    }
                }
                other => {
                    if let Some((id, _)) = other.as_section() {
                        return Err(format!("unsupported section id {id}"));
                    }
                }
            }
        }
        if m.func_types.len() != m.imported_funcs as usize + m.bodies.len() {
            return Err("function and code sections disagree".into());
        }
        Ok(m)
    }

    /// Parameter count of function `f`'s type.
    pub fn arity(&self, f: u32) -> Result<(usize, usize), Error> {
        let t = *self.func_types.get(f as usize).ok_or("function index out of range")?;
        self.type_arity
            .get(t as usize)
            .copied()
            .flatten()
            .ok_or_else(|| format!("function {f} has a non-function type"))
    }

    /// The functions a body calls directly, and whether it uses something that cannot move to
    /// another module (a data or element segment index, or a reference to a function).
    pub fn body_refs(body: &FunctionBody<'_>) -> Result<(Vec<u32>, bool), Error> {
        let mut calls = Vec::new();
        let mut pinned = false;
        let mut ops = body.get_operators_reader().map_err(|e| e.to_string())?;
        while !ops.eof() {
            match ops.read().map_err(|e| e.to_string())? {
                Operator::Call { function_index } | Operator::ReturnCall { function_index } => {
                    calls.push(function_index)
                }
                Operator::RefFunc { .. }
                | Operator::MemoryInit { .. }
                | Operator::DataDrop { .. }
                | Operator::TableInit { .. }
                | Operator::ElemDrop { .. }
                | Operator::Try { .. }
                | Operator::TryTable { .. }
                | Operator::Throw { .. }
                | Operator::Rethrow { .. } => pinned = true,
                _ => {}
            }
        }
        Ok((calls, pinned))
    }
}

/// A function's name without what changes from build to build while the code does not: the
/// crate disambiguators of v0 symbol names (`kubelab_sim[ad5118fb27412f48]::`), the hash of
/// legacy names (`::h0123456789abcdef`), LLVM's `.llvm.NNN` suffix and the `.NNN` that tells
/// apart internal copies sharing a name.
pub fn stable_name(name: &str) -> String {
    let name = name.split(".llvm.").next().unwrap_or(name);
    // LLVM numbers internal copies that share a name (`deallocate.2736`); the numbers shift
    // with any change elsewhere in the program, so every copy goes by the one name.
    let name = match name.rsplit_once('.') {
        Some((head, n)) if !head.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => head,
        _ => name,
    };
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find(']') {
            Some(j) if j > 0 && after[..j].bytes().all(|b| b.is_ascii_hexdigit()) => rest = &after[j + 1..],
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    if out.len() > 19 {
        let (head, tail) = out.split_at(out.len() - 19);
        if tail.starts_with("::h") && tail[3..].bytes().all(|b| b.is_ascii_hexdigit()) {
            return head.to_string();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::stable_name;

    #[test]
    fn stable_names_drop_the_hash() {
        assert_eq!(
            stable_name("kubelab_sim::cluster::Cluster::settle::h0123456789abcdef"),
            "kubelab_sim::cluster::Cluster::settle"
        );
        assert_eq!(stable_name("core::fmt::write::h0123456789abcdef.llvm.42"), "core::fmt::write");
        assert_eq!(stable_name("memcpy"), "memcpy");
        assert_eq!(
            stable_name("<alloc::alloc::Global>::alloc_impl_runtime.2735"),
            "<alloc::alloc::Global>::alloc_impl_runtime"
        );
        assert_eq!(stable_name("core::f64::<impl f64>::powf"), "core::f64::<impl f64>::powf");
        assert_eq!(stable_name("a::hxyz"), "a::hxyz");
        assert_eq!(
            stable_name("<kubelab_sim[ad5118fb27412f48]::cluster::Cluster as serde_core[8d849c3da1180f83]::ser::Serialize>::serialize::<[u8; 4]>"),
            "<kubelab_sim::cluster::Cluster as serde_core::ser::Serialize>::serialize::<[u8; 4]>"
        );
    }
}
