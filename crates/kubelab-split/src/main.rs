//! `kubelab-split`: the page's WebAssembly in two parts, so that a first visit downloads only
//! what it runs before the console is ready.
//!
//! Trunk runs it after a release build (`scripts/split-wasm.sh`, a `post_build` hook in
//! `Trunk.toml`), on the staging directory:
//!
//! - `kubelab-split split DIR KEEP` keeps in `<stem>_bg.wasm` the functions named in `KEEP`
//!   (one stable name per line: rustc's hash left out) and moves the others to
//!   `<stem>_lazy.wasm`, which the page fetches in the background once it runs (`split.rs`,
//!   `glue.rs`). The name section, which the build keeps for this step, is dropped;
//!   `<stem>_lazy.names` lists the moved functions by the number the page records when one of
//!   them needs the second part before it has arrived (never fetched by the page).
//! - `kubelab-split instrument DIR` makes a profiling build instead: every function marks
//!   itself in an exported memory when it first runs, and `<stem>_bg.names` lists the names by
//!   index. `kubelab-split-profile` (in kubelab-e2e) loads it in headless Chromium and writes
//!   `KEEP` (`web/split-keep.txt`) from what ran.
//!
//! A stale `KEEP` costs speed, never correctness: a function missing from it is in the second
//! part, which is loaded (synchronously, if it has not arrived yet) when first called.

mod data;
mod glue;
mod instrument;
mod module;
mod split;
mod why;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use module::{stable_name, Error, Module};

/// The one wasm-bindgen output in `dir` (`<stem>_bg.wasm`) and its glue (`<stem>.js`).
fn find(dir: &Path) -> Result<(PathBuf, PathBuf, String), Error> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let name = entry.map_err(|e| e.to_string())?.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix("_bg.wasm") {
            found.push(stem.to_string());
        }
    }
    match found.as_slice() {
        [stem] => Ok((dir.join(format!("{stem}_bg.wasm")), dir.join(format!("{stem}.js")), stem.clone())),
        [] => Err(format!("{}: no *_bg.wasm", dir.display())),
        _ => Err(format!("{}: more than one *_bg.wasm", dir.display())),
    }
}

fn read(p: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))
}

fn write(p: &Path, bytes: &[u8]) -> Result<(), Error> {
    std::fs::write(p, bytes).map_err(|e| format!("{}: {e}", p.display()))
}

fn validate(what: &str, bytes: &[u8]) -> Result<(), Error> {
    wasmparser::Validator::new()
        .validate_all(bytes)
        .map(|_| ())
        .map_err(|e| format!("the {what} module does not validate: {e}"))
}

fn run(args: &[String]) -> Result<(), Error> {
    match args {
        [cmd, dir, keep] if cmd == "split" => {
            let (wasm, js, stem) = find(Path::new(dir))?;
            let keep_text = std::fs::read_to_string(keep).map_err(|e| format!("{keep}: {e}"))?;
            let keep: BTreeSet<String> = keep_text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect();
            let input = read(&wasm)?;
            let out = split::split(&input, &keep)?;
            validate("primary", &out.primary)?;
            let lazy = format!("{stem}_lazy.wasm");
            let glue = std::fs::read_to_string(&js).map_err(|e| format!("{}: {e}", js.display()))?;
            let glue = glue::patch_split(&glue, &lazy)?;
            write(&wasm, &out.primary)?;
            write(&Path::new(dir).join(&lazy), &out.secondary)?;
            write(&js, glue.as_bytes())?;
            // Which function needed the second part, by the number the page records.
            let names: String = out.moved_names.iter().enumerate().map(|(i, n)| format!("{i}\t{n}\n")).collect();
            write(&Path::new(dir).join(format!("{stem}_lazy.names")), names.as_bytes())?;
            eprintln!(
                "kubelab-split: {} functions kept, {} moved; data {} bytes kept, {} moved; {} bytes -> {} + {} ({})",
                out.kept,
                out.moved,
                out.kept_data,
                out.moved_data,
                input.len(),
                out.primary.len(),
                out.secondary.len(),
                lazy
            );
            Ok(())
        }
        [cmd, dir] if cmd == "instrument" => {
            let (wasm, js, stem) = find(Path::new(dir))?;
            let input = read(&wasm)?;
            let m = Module::parse(&input)?;
            let mut names = String::new();
            for (i, name) in &m.names {
                if *i >= m.imported_funcs {
                    names.push_str(&format!("{i}\t{}\n", stable_name(name)));
                }
            }
            let out = instrument::instrument(&input)?;
            validate("instrumented", &out)?;
            let glue = std::fs::read_to_string(&js).map_err(|e| format!("{}: {e}", js.display()))?;
            write(&wasm, &out)?;
            write(&Path::new(dir).join(format!("{stem}_bg.names")), names.as_bytes())?;
            write(&js, glue::patch_instrumented(&glue)?.as_bytes())?;
            eprintln!("kubelab-split: instrumented {} functions ({} named)", m.bodies.len(), m.names.len());
            Ok(())
        }
        _ => Err("usage: kubelab-split split DIR KEEP-FILE | kubelab-split instrument DIR".into()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kubelab-split: {e}");
            ExitCode::FAILURE
        }
    }
}
