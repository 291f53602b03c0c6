#!/usr/bin/env bash
# Kubelab's one test command (`bash scripts/test.sh`; `.ci/run` calls it). In order:
#   1. the tools (.ci/tools.sh: wasm32 target, wasm-bindgen-cli, trunk, wasm-opt, chromium);
#   2. every native test of the workspace (the e2e crate excepted: it needs the built page);
#   3. the web app's browser tests (web/tests/*.rs, wasm-bindgen-test in headless Chromium);
#   4. the release build of the page into dist/ (trunk);
#   5. the end-to-end tests against dist/ (crates/kubelab-e2e, fantoccini + chromedriver),
#      screenshots in target/screenshots/;
#   6. the size and speed figures (`measure: ...` lines; printed, not asserted).
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
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

step "cargo fetch"
cargo fetch --locked

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
