#!/usr/bin/env bash
# Proves the registry path of the image build (profile image-push) without leaving the machine:
# starts a throw-away OCI registry on 127.0.0.1 (CNCF Distribution, built from its Go module and
# cached like the Kubernetes binaries), builds with -Pimage,image-push (Jib pushes to it and writes
# the OCI tarball in the same run), reads the pushed manifest back over the registry API, and
# checks that its digest equals the tarball's and the digest Jib reported.
#
#   deploy/image/registry-check.sh
#
# The base is the local one from build-local-base.sh (no public registry is reachable here).
# Prints one line per check and ends with "N passed, M failed".
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=/dev/null  # plain KEY=value pins
source "$repo/deploy/local/versions.env"
cache=${MUSTER_CACHE:-$HOME/.cache/muster}
registry_bin=$cache/registry/$REGISTRY_VERSION/bin/registry
cd "$repo"
# shellcheck source=../../.ci/jdk.sh
source .ci/jdk.sh

log() { printf '[registry-check] %s\n' "$*" >&2; }
passed=0 failed=0
result() { # ok|FAIL description
  echo "$1$(printf '%*s' $((6 - ${#1})) '')$2"
  if [[ $1 == ok ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

if ! [[ -x $registry_bin ]]; then
  mkdir -p "$(dirname "$registry_bin")"
  tmp=$(mktemp -d "$cache/registry/$REGISTRY_VERSION/out.XXXXXX")
  log "building the registry $REGISTRY_VERSION from its Go module (once)"
  GOBIN=$tmp CGO_ENABLED=0 GOFLAGS=-trimpath nice -n 10 go install \
    "github.com/distribution/distribution/v3/cmd/registry@$REGISTRY_VERSION"
  mv "$tmp/registry" "$registry_bin"
  rmdir "$tmp"
fi
base=$(deploy/image/build-local-base.sh | sed -n 's/^BASE_IMAGE_TAR=//p')

work=$(mktemp -d)
pid=""
stop() {
  if [[ -n $pid ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT

port=""
for _ in $(seq 200); do
  p=$((20000 + RANDOM % 12768))
  (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { port=$p && break; }
done
[[ -n $port ]] || { echo "no free port" >&2; exit 1; }
cat >"$work/config.yml" <<CONF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $work/data
http:
  addr: 127.0.0.1:$port
CONF
"$registry_bin" serve "$work/config.yml" >"$work/registry.log" 2>&1 &
pid=$!
for _ in $(seq 60); do
  curl -fsS --max-time 1 "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/registry.log" >&2; exit 1; }
  sleep 0.25
done
log "registry on 127.0.0.1:$port"

image=127.0.0.1:$port/muster/muster-extender:check
if nice -n 10 mvn -B -q -ntp -Pimage,image-push -pl extender -am package -DskipTests -Dstyle.color=never \
  -Dmuster.image.base="tar://$base" -Dmuster.image="$image" -Djib.allowInsecureRegistries=true >"$work/mvn.log" 2>&1; then
  result ok "mvn -Pimage,image-push pushed $image (and wrote the OCI tarball)"
else
  result FAIL "mvn -Pimage,image-push"
  tail -20 "$work/mvn.log" | sed 's/^/      /'
  echo "$passed passed, $failed failed"
  exit 1
fi

reported=$(cat extender/target/jib/image.digest)
pushed=$(curl -fsS -o /dev/null -D - -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
  "http://127.0.0.1:$port/v2/muster/muster-extender/manifests/check" | tr -d '\r' |
  sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
mkdir -p "$work/tar"
tar -xf extender/target/jib/muster-extender-image.tar -C "$work/tar"
in_tar=$(jq -r '.manifests[0].digest' "$work/tar/index.json")
echo "      registry $pushed, Jib $reported, tarball $in_tar"
if [[ -n $pushed && $pushed == "$reported" ]]; then
  result ok "the registry serves the manifest Jib reported"
else
  result FAIL "the registry serves the manifest Jib reported"
fi
if [[ $pushed == "$in_tar" ]]; then
  result ok "the pushed image and the OCI tarball are the same image (same manifest digest)"
else
  result FAIL "the pushed image and the OCI tarball are the same image"
fi
# Every layer and the config are really stored in the registry.
missing=0
for d in $(curl -fsS -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
  "http://127.0.0.1:$port/v2/muster/muster-extender/manifests/check" | jq -r '.config.digest, .layers[].digest'); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -I "http://127.0.0.1:$port/v2/muster/muster-extender/blobs/$d")
  [[ $code == 200 ]] || missing=$((missing + 1))
done
if ((missing == 0)); then result ok "config and every layer blob are in the registry"; else result FAIL "$missing blobs missing"; fi

echo "$passed passed, $failed failed"
((failed == 0))
