#!/usr/bin/env bash
# The big-cluster figures in WebAssembly (issue 10): memory per pod and the slowest simulated
# second of a ramp, as a page runs them, then optionally steady seconds.
# Usage: bash scripts/wasm-memory.sh [WORKERS PODS SECS [STEADY]]
# (default 100 10000 40 0; the scalability envelope is 5000 150000 700 300). Needs Node.js and the
# tools of .ci/tools.sh (wasm32 target, wasm-bindgen); a measurement, not a test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=../.ci/tools.sh
. .ci/tools.sh
kubelab_web_tools
target="${CARGO_TARGET_DIR:-target}"
cargo build --locked --offline --release -p kubelab-wasm-memory --target wasm32-unknown-unknown
pkg="$target/wasm-memory-pkg"
wasm-bindgen --target nodejs --out-dir "$pkg" "$target/wasm32-unknown-unknown/release/kubelab_wasm_memory.wasm"
KUBELAB_WASM_MEMORY_PKG="$(cd "$pkg" && pwd)" node --max-old-space-size=4096 crates/kubelab-wasm-memory/run.js "${1:-100}" "${2:-10000}" "${3:-40}" "${4:-0}"
