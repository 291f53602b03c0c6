#!/usr/bin/env bash
# Records what a real kubectl prints for the client-side command lines in
# tests/recorded/cases.txt (dry-run manifests of every `create` generator and `run`, the usage
# errors of every verb and subcommand) as tests/recorded/*.rec, the golden files the console's
# `recorded` test must match byte for byte; then rewrites the help pages with
# scripts/refresh-help.sh --write. Run it when moving the current profile to a newer kubectl:
#
#     bash scripts/record-kubectl.sh [--kubectl PATH]
#
# and review `git diff tests/recorded crates/kubelab-console/src/help`. No cluster is used: the
# kubeconfig names a server that refuses connections (https://127.0.0.1:1) with a fresh discovery
# cache of a few v1.33 groups (so `run` and `create role` can map types), and a line whose answer
# mentions that server needed one, so it is left out and listed in the summary. Each line
# runs in tests/recorded/files/ (the files --from-file and --cert name), with stdin closed.
# A .rec file is: `$ COMMAND LINE`, `--- exit N, stdout L bytes`, the L bytes of stdout,
# `--- stderr M bytes`, the M bytes of stderr. Not part of the test command (no test needs
# kubectl).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

kubectl=${KUBECTL:-}
while [ $# -gt 0 ]; do
    case "$1" in
        --kubectl) kubectl=${2:?--kubectl needs a path}; shift 2 ;;
        --kubectl=*) kubectl=${1#--kubectl=}; shift ;;
        -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "record-kubectl: unknown argument $1" >&2; exit 2 ;;
    esac
done
if [ -z "$kubectl" ]; then
    kubectl=kubectl
    if found=$(command -v kubectl); then
        beside="$(dirname "$(readlink -f "$found")")/kubectl.1.33"
        [ -x "$beside" ] && kubectl=$beside
    fi
fi
kubectl=$(command -v "$kubectl") || { echo "record-kubectl: no kubectl at $kubectl" >&2; exit 2; }
version=$("$kubectl" version --client 2>/dev/null || true)
echo "record-kubectl: ${version%%$'\n'*} ($kubectl)"

dir=$root/tests/recorded
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/kubeconfig" <<'EOF'
apiVersion: v1
kind: Config
clusters:
- cluster:
    server: https://127.0.0.1:1
  name: lab
contexts:
- context:
    cluster: lab
    user: student
  name: lab
current-context: lab
users:
- name: student
  user:
    token: lab
EOF
mkdir -p "$tmp/out" "$tmp/home"
# A fresh discovery cache for that server (kubectl trusts it for 6 hours), so that the commands
# that only map a type (run, create role --resource) work without one: the groups of a v1.33
# server that these command lines name.
cache=$tmp/home/.kube/cache/discovery/127.0.0.1_1
mkdir -p "$cache/v1" "$cache/apps/v1" "$cache/rbac.authorization.k8s.io/v1"
group() { printf '{"name":"%s","versions":[{"groupVersion":"%s","version":"v1"}],"preferredVersion":{"groupVersion":"%s","version":"v1"}}' "$1" "$2" "$2"; }
printf '{"kind":"APIGroupList","apiVersion":"v1","groups":[%s,%s,%s]}\n' "$(group "" v1)" "$(group apps apps/v1)" \
    "$(group rbac.authorization.k8s.io rbac.authorization.k8s.io/v1)" > "$cache/servergroups.json"
resource() { printf '{"name":"%s","singularName":"%s","namespaced":%s,"kind":"%s","verbs":["create","delete","get","list","patch","update","watch"],"shortNames":[%s]}' "$@"; }
resources() { local gv=$1; shift; printf '{"kind":"APIResourceList","apiVersion":"v1","groupVersion":"%s","resources":[%s]}\n' "$gv" "$(IFS=,; echo "$*")"; }
resources v1 "$(resource pods pod true Pod '"po"')" "$(resource services service true Service '"svc"')" \
    "$(resource configmaps configmap true ConfigMap '"cm"')" "$(resource secrets secret true Secret '')" \
    "$(resource namespaces namespace false Namespace '"ns"')" > "$cache/v1/serverresources.json"
resources apps/v1 "$(resource deployments deployment true Deployment '"deploy"')" \
    "$(resource replicasets replicaset true ReplicaSet '"rs"')" > "$cache/apps/v1/serverresources.json"
resources rbac.authorization.k8s.io/v1 "$(resource roles role true Role '')" \
    "$(resource clusterroles clusterrole false ClusterRole '')" > "$cache/rbac.authorization.k8s.io/v1/serverresources.json"

# A file name for a command line: its words in lower case, joined by dashes.
slug() {
    local s=${1#kubectl }
    s=${s//--dry-run=client/}
    s=$(printf '%s' "$s" | tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9' '-' | tr -s '-')
    s=${s#-}
    s=${s%-}
    printf '%s' "${s:0:90}"
}

recorded=0
server=()
while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '' | '#'*) continue ;; esac
    name=$(slug "$line")
    n=2
    base=$name
    while [ -e "$tmp/out/$name.rec" ]; do name=$base-$n; n=$((n + 1)); done
    set +e
    (
        cd "$dir/files" && export HOME=$tmp/home KUBECONFIG=$tmp/kubeconfig &&
            eval "timeout 20 \"\$kubectl\" ${line#kubectl }" </dev/null >"$tmp/stdout" 2>"$tmp/stderr"
    )
    code=$?
    set -e
    if grep -q '127\.0\.0\.1:1\b' "$tmp/stdout" "$tmp/stderr" || [ "$code" -eq 124 ]; then
        server+=("$line")
        continue
    fi
    if grep -qF -e "$tmp" -e "$root" "$tmp/stdout" "$tmp/stderr"; then
        echo "record-kubectl: $line prints a path of this machine; not recorded" >&2
        server+=("$line")
        continue
    fi
    {
        printf '$ %s\n' "$line"
        printf -- '--- exit %d, stdout %d bytes\n' "$code" "$(wc -c < "$tmp/stdout")"
        cat "$tmp/stdout"
        printf -- '--- stderr %d bytes\n' "$(wc -c < "$tmp/stderr")"
        cat "$tmp/stderr"
    } > "$tmp/out/$name.rec"
    recorded=$((recorded + 1))
done < "$dir/cases.txt"

rm -f "$dir"/*.rec
cp "$tmp/out"/*.rec "$dir/"
echo "record-kubectl: recorded $recorded command lines in tests/recorded/"
if [ ${#server[@]} -gt 0 ]; then
    echo "record-kubectl: left out ${#server[@]} that need a server:"
    printf '    %s\n' "${server[@]}"
fi
KUBECTL=$kubectl bash scripts/refresh-help.sh --write
