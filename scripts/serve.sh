#!/usr/bin/env bash
# Builds the lab (release) and serves it on http://127.0.0.1:8080/ (PORT=... to change),
# compressed as a static host would (precompressed .gz files, Content-Encoding: gzip).
# Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=../.ci/tools.sh
. .ci/tools.sh
kubelab_web_tools   # fast when the tools are there; installs them otherwise (about 7 minutes)
trunk build --release
bash scripts/compress-dist.sh dist
port="${PORT:-8080}"
echo "Kubelab: http://127.0.0.1:$port/  (serving dist/; Ctrl-C stops)"
if command -v python3 >/dev/null 2>&1; then
  # Sends FILE.gz with Content-Encoding: gzip, .wasm as application/wasm. exec: the server is
  # this process, so Ctrl-C or a kill of this script's PID stops it.
  exec python3 scripts/serve.py --port "$port" --bind 127.0.0.1 --directory dist
else
  exec trunk serve --release --no-autoreload --address 127.0.0.1 --port "$port"
fi
