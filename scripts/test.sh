#!/usr/bin/env bash
# Kubelab's one test command (`bash scripts/test.sh`; `.ci/run` calls it). In order:
#   1. the tools (.ci/tools.sh: wasm32 target, wasm-bindgen-cli, trunk, wasm-opt, chromium);
#   2. formatting (`cargo fmt --check`) and lints (`cargo clippy -D warnings`, every target);
#   3. every native test of the workspace (the e2e crate excepted: it needs the built page);
#   4. the web app's browser tests (web/tests/*.rs, wasm-bindgen-test in headless Chromium);
#   5. the release build of the page into dist/ (trunk);
#   6. the end-to-end tests against dist/ (crates/kubelab-e2e, fantoccini + chromedriver),
#      screenshots in target/screenshots/;
#   7. the size and speed figures (`measure: ...` lines; printed, not asserted).
# Works offline after the first `cargo fetch` (package registries only).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$SECONDS
step() { printf '\n=== %s (%ds)\n' "$*" "$((SECONDS - started))" >&2; }

step "tools"
# shellcheck source=../.ci/tools.sh
. .ci/tools.sh
kubelab_web_tools
kubelab_browser_tools
kubelab_axe
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

step "cargo fetch"
cargo fetch --locked

step "format and lints"
cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked --offline -- -D warnings

step "native tests"
cargo test --workspace --locked --offline --no-fail-fast --exclude kubelab-e2e

step "browser tests of the web app (wasm-bindgen-test, headless Chromium)"
cargo test --locked --offline -p kubelab-web --target wasm32-unknown-unknown

step "release build of the page (trunk)"
trunk build --release --offline

step "end-to-end tests against dist/"
cargo test --locked --offline -p kubelab-e2e -- --test-threads=1

step "measurements"
cargo run --locked --offline -q -p kubelab-e2e --bin kubelab-measure

step "all tests passed"
