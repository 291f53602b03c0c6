#!/usr/bin/env bash
# Writes web/split-keep.txt: which functions a first visit runs (page load, the console's first
# commands, a reload), recorded in headless Chromium from a profiling build. kubelab-split keeps
# them in the part of the page's WebAssembly that is downloaded first. Run it after changing
# what the page does at startup; the e2e test `split_` fails while the list is stale (a first
# visit would wait for the second part). Takes a release build (about 3 minutes).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=../.ci/tools.sh
. .ci/tools.sh
kubelab_web_tools
kubelab_browser_tools
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
KUBELAB_SPLIT=instrument trunk build --release --offline --dist "$out/dist"
cargo run -q --locked --offline -p kubelab-e2e --bin kubelab-split-profile -- "$out/dist" web/split-keep.txt
