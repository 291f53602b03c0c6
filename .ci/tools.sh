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

# --- Web build tools -----------------------------------------------------------------------------
# Each guarded by a version check, so a rerun with everything present takes well under a second.
# Installed outside the clone (LAB_TOOLS) so later clones on the same machine reuse them.
KUBELAB_WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen in Cargo.lock (web/Cargo.toml pins "=0.2.130")
KUBELAB_TRUNK_VERSION=0.21.14          # trunk 0.22 declares rust-version 1.96; this toolchain is 1.95
KUBELAB_BINARYEN_VERSION=132.0.0       # wasm-opt; Debian's binaryen 108 cannot parse rustc 1.95 output
LAB_TOOLS="${LAB_TOOLS:-/opt/lab-tools}"
export PATH="$LAB_TOOLS/bin:$LAB_TOOLS/npm/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

_kubelab_has() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -qF -- "$2"; }

kubelab_web_tools() {
  mkdir -p "$LAB_TOOLS"
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    echo "tools.sh: adding the wasm32-unknown-unknown target" >&2
    rustup target add wasm32-unknown-unknown >&2 || return 1
  fi
  if ! _kubelab_has wasm-bindgen "wasm-bindgen $KUBELAB_WASM_BINDGEN_VERSION"; then
    echo "tools.sh: installing wasm-bindgen-cli $KUBELAB_WASM_BINDGEN_VERSION (about 2 minutes)" >&2
    # --locked fails with this registry (the CLI's lockfile wants a newer webpki-roots), so fall back.
    cargo install -q --locked --root "$LAB_TOOLS" wasm-bindgen-cli --version "$KUBELAB_WASM_BINDGEN_VERSION" 2>/dev/null \
      || cargo install -q --root "$LAB_TOOLS" wasm-bindgen-cli --version "$KUBELAB_WASM_BINDGEN_VERSION" >&2 || return 1
  fi
  if ! _kubelab_has trunk "trunk $KUBELAB_TRUNK_VERSION"; then
    echo "tools.sh: installing trunk $KUBELAB_TRUNK_VERSION (about 5 minutes)" >&2
    cargo install -q --locked --root "$LAB_TOOLS" trunk --version "$KUBELAB_TRUNK_VERSION" >&2 || return 1
  fi
  if ! _kubelab_has wasm-opt "version ${KUBELAB_BINARYEN_VERSION%%.*}"; then
    echo "tools.sh: installing wasm-opt (npm binaryen $KUBELAB_BINARYEN_VERSION)" >&2
    npm install --prefix "$LAB_TOOLS/npm" --no-save --no-audit --no-fund --loglevel=error "binaryen@$KUBELAB_BINARYEN_VERSION" >&2 || return 1
  fi
}

# axe-core, the accessibility checker the end-to-end tests run in the page (classroom.rs).
# Its own npm prefix: installing it next to binaryen with --no-save would prune binaryen.
KUBELAB_AXE_VERSION=4.14.1
export KUBELAB_AXE="${KUBELAB_AXE:-$LAB_TOOLS/axe/node_modules/axe-core/axe.min.js}"

kubelab_axe() {
  if ! grep -qF "axe v$KUBELAB_AXE_VERSION" "$KUBELAB_AXE" 2>/dev/null; then
    echo "tools.sh: installing axe-core $KUBELAB_AXE_VERSION (npm)" >&2
    npm install --prefix "$LAB_TOOLS/axe" --no-save --no-audit --no-fund --loglevel=error "axe-core@$KUBELAB_AXE_VERSION" >&2 || return 1
  fi
}

kubelab_browser_tools() {
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    echo "tools.sh: installing Debian's chromium and chromium-driver" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null || return 1
  fi
}
