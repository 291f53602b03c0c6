#!/usr/bin/env bash
# Trunk's post_build hook (Trunk.toml): after a release build, splits the page's WebAssembly in
# the staging directory with kubelab-split (crates/kubelab-split), so that a first visit
# downloads only the functions it runs (web/split-keep.txt) and the data only they read; the
# rest is fetched in the background once the app runs and loaded on first use if it has not
# arrived yet. Then wasm-opt optimises each part (Trunk's own wasm-opt step is off in
# web/index.html: the split needs the linker's name section and data segments).
#   KUBELAB_SPLIT=split       (default) split with web/split-keep.txt
#   KUBELAB_SPLIT=instrument  a profiling build instead (scripts/split-profile.sh uses it)
#   KUBELAB_SPLIT=off         leave the build whole (optimised, with its name section)
# Debug builds are left whole.
set -euo pipefail
[ "${TRUNK_PROFILE:-}" = release ] || exit 0
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
staging="${TRUNK_STAGING_DIR:?Trunk sets TRUNK_STAGING_DIR for its hooks}"
mode="${KUBELAB_SPLIT:-split}"
# wasm-opt (npm's binaryen) on PATH even when Trunk was started without .ci/tools.sh sourced.
# shellcheck source=../.ci/tools.sh
. "$root/.ci/tools.sh"
split() {
  # Offline first (this machine's cache has every crate); a fresh machine may fetch.
  cargo run -q --locked --offline --manifest-path "$root/Cargo.toml" -p kubelab-split -- "$@" 2>/dev/null \
    || cargo run -q --locked --manifest-path "$root/Cargo.toml" -p kubelab-split -- "$@"
}
optimize() {
  for f in "$@"; do
    # --converge on the first download only: about 1 KB less gzipped for 25 s more; the
    # background part is three times larger and gains as little.
    converge=""
    case "$f" in *_bg.wasm) converge="--converge" ;; esac
    # No --ignore-implicit-traps: it lets wasm-opt move loads out of the branches that guard
    # them, and one such load read out of bounds once a Playground held 200 pods at 10x
    # ("memory access out of bounds", the page stopped). --low-memory-unused is sound here: the
    # stack comes first in memory, and its lowest kilobyte is reached only on a stack overflow.
    wasm-opt -Oz $converge --low-memory-unused "$f" -o "$f"
  done
}
shopt -s nullglob
case "$mode" in
  split)
    split split "$staging" "$root/web/split-keep.txt"
    optimize "$staging"/*_bg.wasm "$staging"/*_lazy.wasm
    ;;
  instrument) split instrument "$staging" ;;
  off) optimize "$staging"/*_bg.wasm ;;
  *) echo "split-wasm.sh: KUBELAB_SPLIT must be split, instrument or off (not $mode)" >&2; exit 2 ;;
esac
