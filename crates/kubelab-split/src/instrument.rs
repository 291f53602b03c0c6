//! A profiling copy of a module: every function first writes 1 into its own byte of a second
//! memory, exported as `__kubelab_profile`, so that a page load in a browser tells which
//! functions ran. Nothing else changes: same function indices, same names.

use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{CodeSection, ExportKind, Instruction, MemArg, MemoryType, Module as Out, RawSection};
use wasmparser::{Parser, Payload};

use crate::module::{Error, Module};

/// The export through which the profile is read.
pub const PROFILE_EXPORT: &str = "__kubelab_profile";

pub fn instrument(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let m = Module::parse(bytes)?;
    if m.other_imports > 0 {
        return Err("the module imports memories, tables or globals: only function imports are supported".into());
    }
    let nimp = m.imported_funcs;
    let nfuncs = m.func_types.len() as u64;
    let profile_memory = m.memories.len() as u32;
    let err = |e: wasmparser::BinaryReaderError| e.to_string();
    let enc = |e: wasm_encoder::reencode::Error<std::convert::Infallible>| format!("re-encoding: {e:?}");

    let mut out = Out::new();
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(err)?;
        match payload {
            Payload::MemorySection(r) => {
                let mut memories = wasm_encoder::MemorySection::new();
                RoundtripReencoder.parse_memory_section(&mut memories, r).map_err(enc)?;
                memories.memory(MemoryType {
                    minimum: nfuncs / 65536 + 1,
                    maximum: None,
                    memory64: false,
                    shared: false,
                    page_size_log2: None,
                });
                out.section(&memories);
            }
            Payload::ExportSection(r) => {
                let mut exports = wasm_encoder::ExportSection::new();
                RoundtripReencoder.parse_export_section(&mut exports, r).map_err(enc)?;
                exports.export(PROFILE_EXPORT, ExportKind::Memory, profile_memory);
                out.section(&exports);
            }
            Payload::CodeSectionStart { .. } => {
                let mut code = CodeSection::new();
                for (i, body) in m.bodies.iter().enumerate() {
                    let mut f = RoundtripReencoder.new_function_with_parsed_locals(body).map_err(enc)?;
                    f.instruction(&Instruction::I32Const((nimp as usize + i) as i32));
                    f.instruction(&Instruction::I32Const(1));
                    f.instruction(&Instruction::I32Store8(MemArg {
                        offset: 0,
                        align: 0,
                        memory_index: profile_memory,
                    }));
                    let mut ops = body.get_operators_reader().map_err(err)?;
                    while !ops.eof() {
                        let ins = RoundtripReencoder.parse_instruction(&mut ops).map_err(enc)?;
                        f.instruction(&ins);
                    }
                    code.function(&f);
                }
                out.section(&code);
            }
            Payload::CodeSectionEntry(_) => {}
            Payload::Version { .. } | Payload::End(_) => {}
            other => {
                if let Some((id, range)) = other.as_section() {
                    out.section(&RawSection { id, data: &bytes[range] });
                }
            }
        }
    }
    if m.memories.is_empty() {
        return Err("the module has no memory section to add the profile memory to".into());
    }
    Ok(out.finish())
}
