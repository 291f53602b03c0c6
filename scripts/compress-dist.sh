#!/usr/bin/env bash
# Writes precompressed copies next to the built page's files, as a static host would serve
# them: FILE.gz (gzip -9) for every .wasm, .js, .css and .html in dist/ (or the directory
# given), and FILE.br when a `brotli` command is installed. scripts/serve.py sends them with
# Content-Encoding; the e2e harness's server does the same.
set -euo pipefail
dir="${1:-$(dirname "${BASH_SOURCE[0]}")/../dist}"
shopt -s nullglob
for f in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css "$dir"/*.html; do
  gzip -9 -n -k -f "$f"
  if command -v brotli >/dev/null 2>&1; then
    brotli -q 11 -k -f "$f"
  fi
done
