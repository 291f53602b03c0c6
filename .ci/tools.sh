# shellcheck shell=bash
# .ci/tools.sh: the tools Kubelab's build needs. Source it (`. .ci/tools.sh`); it is idempotent
# and fast when everything is present. See ../shared/docs/toolchain.md for the measured recipe.
# No `set -e` here: it would leak into an interactive shell that sources this file.

# Rust (rustup's default location; CARGO_HOME if set).
_kubelab_cargo_bin="${CARGO_HOME:-${HOME:-/root}/.cargo}/bin"
case ":$PATH:" in
  *":$_kubelab_cargo_bin:"*) ;;
  *) export PATH="$_kubelab_cargo_bin:$PATH" ;;
esac
unset _kubelab_cargo_bin
if ! command -v cargo >/dev/null 2>&1; then
  echo "tools.sh: cargo not found on PATH; install Rust with rustup first" >&2
  return 1 2>/dev/null || exit 1
fi

# --- Web build tools: TODO(next issue, the web lab) -------------------------------------------
# Not installed yet. The web lab will add, each guarded by a version check so reruns take ~0.2 s:
#   - rustup target wasm32-unknown-unknown
#   - trunk 0.21.14            (cargo install --locked; trunk 0.22 needs rustc 1.96)
#   - wasm-bindgen-cli 0.2.130 (cargo install, falling back to unlocked; must equal Cargo.lock's wasm-bindgen)
#   - wasm-opt from npm binaryen 132 (Debian's binaryen 108 cannot parse rustc 1.95 output)
#   - Debian chromium + chromium-driver (headless browser tests), CHROMEDRIVER=/usr/bin/chromedriver
# Install them outside the clone (e.g. LAB_TOOLS=/opt/lab-tools) so later clones reuse them.
# ----------------------------------------------------------------------------------------------
