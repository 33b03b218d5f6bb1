#!/usr/bin/env bash
# Builds the Helm CLI of the version pinned in versions.env (HELM_VERSION) from its Go module
# (helm.sh/helm/v3/cmd/helm), because release binaries cannot be downloaded here (only the Go module
# proxy is reachable). Idempotent: skipped when the cached binary runs and reports the pinned version.
#
# Output: ${MUSTER_CACHE:-$HOME/.cache/muster}/helm/<HELM_VERSION>/bin/helm, printed on stdout as
# HELM_BIN=<path> (progress on stderr), so callers can `eval "$(build-helm.sh)"`.
# Cold build: about 2-4 minutes on 2 cores; it runs under `nice` so it does not starve other work.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=/dev/null  # plain KEY=value pins
source "$here/versions.env"

cache=${MUSTER_CACHE:-$HOME/.cache/muster}
helm_dir=$cache/helm/$HELM_VERSION
helm_bin=$helm_dir/bin/helm

log() { printf '[build-helm] %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

find_go() {
  if command -v go >/dev/null 2>&1; then
    command -v go
    return
  fi
  if [[ -x /usr/local/go/bin/go ]]; then
    echo /usr/local/go/bin/go
    return
  fi
  die "no Go toolchain found (PATH or /usr/local/go/bin/go); Helm $HELM_VERSION needs the Go version its go.mod names"
}

# `helm version --short` prints e.g. v3.22.0+g<commit> or v3.22.0; captured first (see build-binaries.sh
# on pipefail and SIGPIPE).
helm_ok() {
  local out
  [[ -x $helm_bin ]] && out=$("$helm_bin" version --short 2>/dev/null) && [[ $out == "$HELM_VERSION"* ]]
}

# Helm's Makefile stamps the version and the Kubernetes version its client-go was built against
# (without the latter, `helm template` assumes Kubernetes v1.20 for .Capabilities.KubeVersion).
helm_ldflags() {
  local gomod client_go minor
  gomod=$("$GO" mod download -json "helm.sh/helm/v3@$HELM_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
  [[ -f $gomod ]] || die "could not download the go.mod of helm.sh/helm/v3@$HELM_VERSION"
  client_go=$(sed -n 's#^[[:space:]]*k8s.io/client-go \(v[0-9.]*\).*#\1#p' "$gomod")
  [[ $client_go =~ ^v0\.([0-9]+)\. ]] || die "no k8s.io/client-go version in $gomod"
  minor=${BASH_REMATCH[1]}
  local flags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
  flags+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
  local pkg
  for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
    flags+=" -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$minor"
  done
  echo "$flags"
}

main() {
  GO=$(find_go)
  mkdir -p "$helm_dir"
  exec 9>"$cache/helm-build.lock"
  flock -w 3600 9 || die "timed out after 3600s waiting for $cache/helm-build.lock"
  if helm_ok; then
    log "helm $HELM_VERSION cached in $helm_dir/bin"
  else
    local tmp start=$SECONDS
    tmp=$(mktemp -d "$helm_dir/out.XXXXXX")
    log "building helm $HELM_VERSION from helm.sh/helm/v3/cmd/helm (cold: a few minutes)"
    # `go install module/cmd@version` builds with Helm's own go.mod (it has no replace directives),
    # so the dependency versions are exactly Helm's.
    GOBIN=$tmp CGO_ENABLED=0 GOFLAGS=-trimpath nice -n 10 "$GO" install -ldflags "$(helm_ldflags)" \
      "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
    mkdir -p "$helm_dir/bin"
    mv -f "$tmp/helm" "$helm_bin"
    rmdir "$tmp"
    helm_ok || die "built helm does not report $HELM_VERSION: $("$helm_bin" version --short 2>&1 || true)"
    log "helm build took $((SECONDS - start))s"
  fi
  echo "HELM_BIN=$helm_bin"
}

main "$@"
