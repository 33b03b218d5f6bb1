#!/usr/bin/env bash
# shellcheck disable=SC2016  # the bash -c '...' snippets below expand their own "$1"
# Checks the image tarball Jib built (mvn -Pimage ...): format, layers, entrypoint, user, ports,
# and that Muster's classes and libraries are inside, owned by root and read-only for the
# runtime user. With --run (root only), it also unpacks the layers into a root file system and
# runs the image's own java as the image's user in a chroot. With --serve (root, and a running
# deploy/local control plane), it runs the image's entrypoint as the chart does (read-only root
# file system, writable /tmp only, user 65532, plain HTTP on loopback) against that API server
# with Muster's ServiceAccount token, and waits for GET /readyz on the ops port.
#
#   deploy/image/check-image.sh [--run|--serve] [IMAGE_TAR]   (default extender/target/jib/muster-extender-image.tar)
#
# Prints one line per check and ends with "N passed, M failed"; exits 1 if any check failed.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
run=0 serve=0
case ${1:-} in
  --run) run=1 && shift ;;
  --serve) run=1 serve=1 && shift ;;
esac
image=${1:-$repo/extender/target/jib/muster-extender-image.tar}
classes=$repo/extender/target/classes
[[ -f $image ]] || {
  echo "no image tarball at $image: build it with mvn -Pimage -pl extender -am package" >&2
  exit 2
}
command -v jq >/dev/null || {
  echo "jq is needed (apt-get install jq)" >&2
  exit 2
}

passed=0 failed=0
check() { # description command...
  local what=$1
  shift
  if "$@" >/dev/null 2>&1; then
    echo "ok    $what"
    passed=$((passed + 1))
  else
    echo "FAIL  $what"
    failed=$((failed + 1))
  fi
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xf "$image" -C "$work"

# Jib writes an OCI image layout (index.json -> manifest -> config) plus a Docker-style manifest.json.
blob() { echo "$work/blobs/${1/://}"; }
check "OCI image layout (oci-layout, index.json)" test -f "$work/oci-layout" -a -f "$work/index.json"
manifest_digest=$(jq -r '.manifests[0].digest' "$work/index.json")
manifest=$(blob "$manifest_digest")
check "manifest is an OCI image manifest" \
  test "$(jq -r .mediaType "$manifest")" = application/vnd.oci.image.manifest.v1+json
config=$(blob "$(jq -r .config.digest "$manifest")")
check "every layer blob is present and its digest matches" bash -c '
  for d in $(jq -r ".layers[].digest" "$1"); do
    f=$2/blobs/${d/://}; [[ -f $f ]] || exit 1
    [[ sha256:$(sha256sum "$f" | cut -d" " -f1) == "$d" ]] || exit 1
  done' _ "$manifest" "$work"

layers=$(jq '.layers | length' "$manifest")
base_layers=$(jq '[.history[] | select(.empty_layer != true)] | length' "$config")
echo "      image $manifest_digest: $layers layers"
jq -r '.history[] | select(.empty_layer != true) | "      - " + .created_by' "$config"

entrypoint=$(jq -c '.config.Entrypoint' "$config")
echo "      entrypoint $entrypoint"
check "entrypoint runs java with the main class io.muster.extender.ExtenderMain" \
  jq -e '.config.Entrypoint[0] == "java" and (.config.Entrypoint | index("io.muster.extender.ExtenderMain") != null)' "$config"
check "entrypoint keeps the container-aware heap flag" \
  jq -e '.config.Entrypoint | index("-XX:MaxRAMPercentage=75") != null' "$config"
check "the JVM runs C1 only by default (JAVA_TOOL_OPTIONS from extender/jvm.options, replaceable per pod)" \
  jq -e --arg opts "JAVA_TOOL_OPTIONS=$(tr '\n' ' ' <"$repo/extender/jvm.options" | sed 's/ *$//')" \
  '.config.Env | index($opts) != null' "$config"
check "user is 65532:65532 (non-root)" jq -e '.config.User == "65532:65532"' "$config"
check "exposes 8888 (extender) and 8889 (ops)" \
  jq -e '.config.ExposedPorts | has("8888/tcp") and has("8889/tcp")' "$config"
check "JAVA_HOME and PATH come from the base image" \
  jq -e '[.config.Env[] | select(startswith("JAVA_HOME=") or startswith("PATH="))] | length == 2' "$config"
check "created at the epoch (reproducible)" jq -e '.created == "1970-01-01T00:00:00Z"' "$config"
check "the layer count matches the history ($base_layers)" test "$layers" = "$base_layers"

# Contents of the application layers: every file Jib added under /app.
listing=$work/listing
for d in $(jq -r '.layers[].digest' "$manifest"); do
  tar -tvzf "$(blob "$d")" 2>/dev/null || tar -tvf "$(blob "$d")"
done >"$listing"
app=$work/app-files
grep -E ' (\./)?app/' "$listing" >"$app" || true
check "Muster's libraries are in /app/libs (muster-placement, vertx-web, kubernetes-client)" bash -c '
  grep -q "app/libs/muster-placement-.*\.jar" "$1" && grep -q "app/libs/vertx-web-4.*\.jar" "$1" &&
  grep -q "app/libs/kubernetes-client-7.*\.jar" "$1"' _ "$app"
if [[ -d $classes ]]; then
  # Every compiled class of the extender module is in the image, at the same relative path.
  missing=$(cd "$classes" && find . -name '*.class' | sed 's#^\./##' | while read -r c; do
    grep -qF "app/classes/$c" "$app" || echo "$c"
  done | head -5)
  count=$(cd "$classes" && find . -name '*.class' | wc -l)
  check "all $count classes of extender/target/classes are in /app/classes" test -z "$missing"
fi
check "the native TLS crypto provider for linux-x86_64 is in /app/libs" \
  grep -q "app/libs/AmazonCorrettoCryptoProvider-.*-linux-x86_64\.jar" "$app"
check "the classpath argument file is there" grep -q 'app/jib-classpath-file' "$app"
check "application files are owned by root and not writable by others (user 65532 cannot change them)" \
  bash -c '! awk "{ print \$1, \$2 }" "$1" | grep -v "^[-d]r[-w][-x]r-[-x]r-[-x] 0/0$"' _ "$app"

mounts=()
cleanup() { # unmount in reverse order; delete the tree only when nothing is mounted in it
  local i ok=1
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount "${mounts[i]}" 2>/dev/null || ok=0; done
  ((ok)) && rm -rf "$work"
}
trap cleanup EXIT

if ((run)); then
  ((EUID == 0)) || {
    echo "--run and --serve need root (chroot, mount)" >&2
    exit 2
  }
  tree=$work/tree
  mkdir -p "$tree"
  for d in $(jq -r '.layers[].digest' "$manifest"); do
    # (GNU tar warns about libarchive's creationtime header in Jib's layers; harmless.)
    tar -xzf "$(blob "$d")" -C "$tree" 2>/dev/null || tar -xf "$(blob "$d")" -C "$tree"
  done
  # The container's view: the image read-only, a writable /tmp (the chart's emptyDir), and /proc
  # (the dynamic loader resolves java's $ORIGIN rpath through /proc/self/exe).
  rootfs=$work/rootfs
  mkdir -p "$rootfs"
  mount --bind "$tree" "$rootfs" && mounts+=("$rootfs")
  mount -o remount,bind,ro "$rootfs"
  mount -t proc proc "$rootfs/proc" && mounts+=("$rootfs/proc")
  mount -t tmpfs -o size=64m,mode=1777 tmpfs "$rootfs/tmp" && mounts+=("$rootfs/tmp")
  # The device nodes every container runtime provides (the native crypto provider seeds from
  # /dev/urandom and refuses to load without it).
  mount -t tmpfs -o size=1m,mode=755 tmpfs "$rootfs/dev" && mounts+=("$rootfs/dev")
  for node in null zero random urandom; do
    : >"$rootfs/dev/$node" && mount --bind "/dev/$node" "$rootfs/dev/$node" && mounts+=("$rootfs/dev/$node")
  done
  user=$(jq -r '.config.User' "$config")
  java_path=$(jq -r '.config.Env[] | select(startswith("PATH="))' "$config")
  mapfile -t entrypoint < <(jq -r '.config.Entrypoint[]' "$config")
  check "the root file system is read-only (even root cannot write), /tmp is writable" \
    bash -c '! chroot "$1" /bin/sh -c ": > /x" 2>/dev/null && chroot --userspec="$2" "$1" /bin/sh -c ": > /tmp/x"' _ "$rootfs" "$user"
  check "the image's java runs as $user in the image's root file system" \
    chroot --userspec="$user" "$rootfs" /usr/bin/env -i "$java_path" java -version
  if [[ -f $classes/io/muster/extender/ExtenderMain.class ]]; then
    # java --dry-run loads the main class through the image's classpath and checks its main method.
    check "the entrypoint loads io.muster.extender.ExtenderMain (java --dry-run)" \
      chroot --userspec="$user" "$rootfs" /usr/bin/env -i "$java_path" \
      "${entrypoint[0]}" --dry-run "${entrypoint[@]:1}"
  else
    echo "skip  the entrypoint (extender/target/classes has no ExtenderMain yet)"
  fi
fi

if ((serve)); then
  env_file=$repo/deploy/local/run/env
  [[ -f $env_file ]] || {
    echo "--serve needs a running control plane: deploy/local/up.sh (no $env_file)" >&2
    exit 2
  }
  token_kubeconfig=$(sed -n 's/^MUSTER_KUBECONFIG=//p' "$env_file")
  install -m 0444 "$token_kubeconfig" "$rootfs/tmp/kubeconfig"
  free_port() {
    local p
    for _ in $(seq 200); do
      p=$((20000 + RANDOM % 12768))
      (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || {
        echo "$p"
        return 0
      }
    done
    return 1
  }
  port=$(free_port) ops=$(free_port)
  setsid chroot --userspec="$user" "$rootfs" /usr/bin/env -i "$java_path" \
    MUSTER_PORT="$port" MUSTER_OPS_PORT="$ops" MUSTER_BIND_ADDRESS=127.0.0.1 MUSTER_TLS_MODE=plain \
    MUSTER_NAMESPACE=muster KUBECONFIG=/tmp/kubeconfig "${entrypoint[@]}" >"$work/serve.log" 2>&1 &
  pid=$!
  ready=0
  for _ in $(seq 180); do # at most 90 s
    if curl -fsS --max-time 2 "http://127.0.0.1:$ops/readyz" >/dev/null 2>&1; then
      ready=1
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if ((ready)); then
    ok_line="the image serves: GET /readyz on the ops port = 200 (API server $(sed -n 's/^APISERVER_URL=//p' "$env_file"), read-only root)"
    echo "ok    $ok_line"
    passed=$((passed + 1))
    check "the verbs answer on the main port (GET /debug/gangs)" \
      curl -fsS --max-time 5 "http://127.0.0.1:$port/debug/gangs"
    # Loaded from the read-only image with only /tmp writable, on the image's own JDK.
    grep -m1 "TLS crypto" "$work/serve.log" | sed 's/^/      /' || true
    check "TLS runs on the native crypto provider (muster_tls_crypto{provider=\"native\"} 1.0)" \
      bash -c 'curl -fsS --max-time 5 "$1" | grep -qF "muster_tls_crypto{provider=\"native\"} 1.0"' \
      _ "http://127.0.0.1:$ops/metrics"
  else
    echo "FAIL  the image's entrypoint did not become ready; its output:"
    tail -20 "$work/serve.log" | sed 's/^/      /'
    failed=$((failed + 1))
  fi
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 30); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
fi

echo "$passed passed, $failed failed"
((failed == 0))
