//! Edits to wasm-bindgen's JavaScript glue (`kubelab-web-<hash>.js`): the split primary imports
//! `__split.load`, and the page fetches the secondary in the background once the app runs.

use crate::module::Error;

/// Inserts `text` right after the first occurrence of `anchor` found after `from`.
fn insert_after(js: &str, from: &str, anchor: &str, text: &str) -> Result<String, Error> {
    let start = js.find(from).ok_or_else(|| format!("the glue has no `{from}`"))?;
    let at = js[start..]
        .find(anchor)
        .map(|i| start + i + anchor.len())
        .ok_or_else(|| format!("the glue has no `{anchor}` after `{from}`"))?;
    let mut out = String::with_capacity(js.len() + text.len());
    out.push_str(&js[..at]);
    out.push_str(text);
    out.push_str(&js[at..]);
    Ok(out)
}

/// The glue for a split build: `lazy` is the secondary's file name, beside the glue.
///
/// - `__split.load` (called by a trampoline) instantiates the secondary at once if it is not
///   there yet: a synchronous request and compile, because the caller waits for the result.
/// - Once the app has started and the page is idle (at most a second later), the secondary is
///   fetched and compiled in the background, so that normally it is there before anything
///   needs it; compiling it during start-up would slow the start down.
/// - A page that restores a saved session or opens a link (local storage holds Kubelab's
///   keys, or the address has a fragment) loads the secondary before the app starts, since
///   the restore needs it at once.
/// - `globalThis.__kubelabSplit` tells tests and measurements which of these happened, and
///   `firstNeeded` which moved function (its number in `<stem>_lazy.names`) needed the
///   secondary before it had arrived.
pub fn patch_split(js: &str, lazy: &str) -> Result<String, Error> {
    let js = insert_after(
        js,
        "function __wbg_get_imports()",
        ": import0,\n",
        "        \"__split\": { __proto__: null, load: __kubelabLoadLazy },\n",
    )?;
    let js = insert_after(
        &js,
        "function __wbg_finalize_init(",
        "wasm.__wbindgen_start();\n",
        "    __kubelabSchedulePrefetch();\n",
    )?;
    // A page that restores a saved session, or opens a link, runs the snapshot reader and the
    // replay at once: it loads the second part before the app starts instead of on first use
    // in the middle of its first render.
    let js = insert_after(
        &js,
        "async function __wbg_init_once(",
        "const { instance, module } = await __wbg_load(await module_or_path, imports);\n",
        "    if (__kubelabRestores()) await __kubelabFetchLazy(instance.exports);\n",
    )?;
    let lazy_js = lazy.replace('\\', "\\\\").replace('\'', "\\'");
    Ok(compact(&format!(
        "{js}
// Kubelab: the rest of the program (kubelab-split). See crates/kubelab-split.
const __kubelabLazyUrl = new URL('{lazy_js}', import.meta.url);
const __kubelabSplit = {{ ready: false, loadedOnUse: 0, background: 'not started', error: null, firstNeeded: null }};
globalThis.__kubelabSplit = __kubelabSplit;
let __kubelabLazy;
// `exports`: the first part's, which the second imports as `p`.
function __kubelabLazyInstantiate(module, exports) {{
    if (__kubelabLazy === undefined) {{
        __kubelabLazy = new WebAssembly.Instance(module, {{ p: exports }});
        __kubelabSplit.ready = true;
    }}
}}
function __kubelabRestores() {{
    try {{
        if (location.hash.length > 1) return true;
        for (let i = 0; i < localStorage.length; i++) {{
            if (String(localStorage.key(i)).startsWith('kubelab')) return true;
        }}
    }} catch (e) {{}}
    return false;
}}
// The one fetch, compile and instantiation of the second part, in the background: after start
// (`__kubelabSchedulePrefetch`) or, for a restore, before it (awaited in `__wbg_init_once`).
function __kubelabFetchLazy(exports) {{
    if (__kubelabSplit.background !== 'not started' || __kubelabLazy !== undefined) return Promise.resolve();
    __kubelabSplit.background = 'loading';
    return WebAssembly.compileStreaming(fetch(__kubelabLazyUrl))
        .then((module) => {{ __kubelabLazyInstantiate(module, exports); __kubelabSplit.background = 'done'; }})
        .catch((e) => {{ __kubelabSplit.background = 'failed'; __kubelabSplit.error = String(e); }});
}}
function __kubelabLoadLazy(moved) {{
    if (__kubelabLazy !== undefined) return;
    __kubelabSplit.loadedOnUse += 1;
    // The moved function that needed it (a line of `<stem>_lazy.names`).
    if (__kubelabSplit.firstNeeded === null) __kubelabSplit.firstNeeded = moved;
    const xhr = new XMLHttpRequest();
    xhr.open('GET', __kubelabLazyUrl, false);
    xhr.overrideMimeType('text/plain; charset=x-user-defined');
    xhr.send();
    if (xhr.status !== 200) throw new Error(`Kubelab could not load ${{__kubelabLazyUrl}}: HTTP ${{xhr.status}}`);
    const text = xhr.responseText;
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
    __kubelabLazyInstantiate(new WebAssembly.Module(bytes), wasm);
}}
// After the app's first frames, when the page is idle: compiling competes with starting up.
function __kubelabSchedulePrefetch() {{
    const prefetch = () => __kubelabFetchLazy(wasm);
    if (typeof requestIdleCallback === 'function') requestIdleCallback(prefetch, {{ timeout: 1000 }});
    else setTimeout(prefetch, 200);
}}
"
    )))
}

/// The glue without indentation and whole-line `//` comments: about 1.1 KB less gzipped in the
/// first download. Left as it is if a template literal spans lines (its text would change).
fn compact(js: &str) -> String {
    if js.lines().any(|l| l.matches('`').count() % 2 == 1) {
        return js.to_string();
    }
    let mut out = String::with_capacity(js.len());
    for line in js.lines() {
        let line = line.trim_start();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The glue for a profiling build: the instance's exports on `globalThis.__kubelabWasm`.
pub fn patch_instrumented(js: &str) -> Result<String, Error> {
    insert_after(
        js,
        "function __wbg_finalize_init(",
        "wasm = instance.exports;\n",
        "    globalThis.__kubelabWasm = wasm;\n",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLUE: &str = "function __wbg_get_imports() {\n    const import0 = {};\n    return {\n        __proto__: null,\n        \"./kubelab-web_bg.js\": import0,\n    };\n}\nlet wasm;\nfunction __wbg_finalize_init(instance, module) {\n    wasm = instance.exports;\n    wasm.__wbindgen_start();\n    return wasm;\n}\nasync function __wbg_init_once(module_or_path) {\n    const { instance, module } = await __wbg_load(await module_or_path, imports);\n    return __wbg_finalize_init(instance, module);\n}\n";

    #[test]
    fn split_glue_imports_the_loader_and_prefetches_after_start() {
        let js = patch_split(GLUE, "kubelab-web-1_lazy.wasm").unwrap();
        let imports = js.find("\"__split\": { __proto__: null, load: __kubelabLoadLazy },").unwrap();
        assert!(imports > js.find("import0,").unwrap());
        let start = js.find("wasm.__wbindgen_start();").unwrap();
        assert!(js.find("__kubelabSchedulePrefetch();").unwrap() > start);
        // Compacted: no indentation, no comment lines.
        assert!(!js.lines().any(|l| l.starts_with(' ') || l.starts_with("//")), "{js}");
        assert!(js.contains("new URL('kubelab-web-1_lazy.wasm', import.meta.url)"));
    }

    #[test]
    fn unknown_glue_is_an_error_not_a_guess() {
        assert!(patch_split("export default 1;", "x.wasm").is_err());
        assert!(patch_instrumented("export default 1;").is_err());
    }

    #[test]
    fn compaction_keeps_code_and_leaves_multiline_templates_alone() {
        assert_eq!(compact("  // note\n  let a = 1; // trailing\n\n    f(a);\n"), "let a = 1; // trailing\nf(a);\n");
        let template = "const t = `line one\n   line two`;\n";
        assert_eq!(compact(template), template);
    }
}
