#!/usr/bin/env bash
# Renders deploy/manifests/muster.yaml (plain manifests for kubectl users) from the Helm chart, so
# the chart stays the single source of truth. The render is deterministic: no generated secrets,
# kube-scheduler's tag pinned to the Kubernetes version deploy/local tests (versions.env).
#
#   deploy/helm/render.sh           rewrite deploy/manifests/muster.yaml
#   deploy/helm/render.sh --check   exit 1 (with a diff) if the committed file differs from a fresh render
#   deploy/helm/render.sh --stdout  print the render, write nothing
# Helm comes from deploy/local/build-helm.sh (built from its Go module, cached), or $HELM_BIN.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=/dev/null  # plain KEY=value pins
source "$repo/deploy/local/versions.env"
out=$repo/deploy/manifests/muster.yaml
mode=${1:-write}

if [[ -z ${HELM_BIN:-} ]]; then
  HELM_BIN=$("$repo/deploy/local/build-helm.sh" | sed -n 's/^HELM_BIN=//p')
fi
[[ -x $HELM_BIN ]] || { echo "render.sh: no helm binary ($HELM_BIN)" >&2; exit 1; }

render() {
  cat <<HEADER
# Muster: plain Kubernetes manifests, rendered from the Helm chart deploy/helm/muster by
# deploy/helm/render.sh (do not edit: change the chart and re-render; CI checks they agree).
#
# Namespace muster, mutual TLS between kube-scheduler and Muster, kube-scheduler $K8S_VERSION.
# Install (see deploy/README.md; set the Muster image to the one you pushed first):
#   kubectl apply --server-side -f deploy/manifests/muster.yaml
#   deploy/tls/generate.sh --namespace muster | kubectl apply -f -   # the pods start once these exist
HEADER
  # Helm reports the chart's symlink to policies/default.yaml on stderr; that is intended.
  "$HELM_BIN" template muster "$repo/deploy/helm/muster" --namespace muster \
    --kube-version "$K8S_VERSION" --set namespace.create=true \
    2> >(grep -v 'found symbolic link in path' >&2)
}

case $mode in
  write)
    tmp=$(mktemp)
    render >"$tmp"
    mv "$tmp" "$out"
    echo "wrote ${out#"$repo"/}" >&2
    ;;
  --stdout) render ;;
  --check)
    tmp=$(mktemp)
    trap 'rm -f "$tmp"' EXIT
    render >"$tmp"
    if ! diff -u "$out" "$tmp" >&2; then
      echo "deploy/manifests/muster.yaml is stale: run deploy/helm/render.sh and commit it" >&2
      exit 1
    fi
    ;;
  *) echo "usage: $0 [--check|--stdout]" >&2; exit 2 ;;
esac
