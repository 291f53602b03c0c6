#!/usr/bin/env bash
# Checks the console's help pages (crates/kubelab-console/src/help/*.txt) against a real
# kubectl 1.33, the release the current profile behaves like: `bash scripts/refresh-help.sh`
# lists the pages that differ (exit 1 if any); `--write` rewrites them from kubectl.
#
# The pages are kubectl's non-terminal output (`kubectl get --help | cat`), with HOME set to
# /home/student so that `--cache-dir`'s default names the lab's student. Not part of the test
# command (no test may depend on a real kubectl); run it when moving to a newer kubectl.
# KUBECTL names the binary (default: kubectl.1.33 beside the `kubectl` on PATH, as the Google
# Cloud SDK installs it, else `kubectl`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
write=false
[ "${1:-}" = "--write" ] && write=true
if [ -z "${KUBECTL:-}" ]; then
    KUBECTL=kubectl
    if found=$(command -v kubectl); then
        beside="$(dirname "$(readlink -f "$found")")/kubectl.1.33"
        [ -x "$beside" ] && KUBECTL=$beside
    fi
fi
version=$("$KUBECTL" version --client 2>/dev/null || true)
[[ $version == *v1.33.* ]] || echo "refresh-help: warning: $KUBECTL is not kubectl 1.33" >&2
dir=crates/kubelab-console/src/help
differ=0
for page in "$dir"/*.txt; do
    name=$(basename "$page" .txt)
    case "$name" in
        kubectl) args=(--help) ;;
        options) args=(options) ;;
        *) read -r -a args <<< "${name//_/ } --help" ;;
    esac
    fresh=$(HOME=/home/student "$KUBECTL" "${args[@]}" 2>&1 | cat; echo x)
    fresh=${fresh%x}
    if ! diff -q <(printf '%s' "$fresh") "$page" >/dev/null; then
        differ=$((differ + 1))
        if $write; then
            printf '%s' "$fresh" > "$page"
            echo "rewrote $page"
        else
            echo "differs: $page (kubectl ${args[*]})"
            diff <(printf '%s' "$fresh") "$page" | head -5 || true
        fi
    fi
done
pages=("$dir"/*.txt)
echo "refresh-help: ${#pages[@]} pages, $differ differ"
$write || [ "$differ" -eq 0 ]
