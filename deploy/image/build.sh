#!/usr/bin/env bash
# Proves the container image build here, with no registry and no Docker daemon:
#   1. deploy/image/build-local-base.sh   a base image tarball (debootstrap root fs + jlink JRE)
#   2. mvn -Pimage ... -Dmuster.image.base=tar://<that tarball>   Jib's OCI tarball of Muster
#   3. deploy/image/check-image.sh         layers, entrypoint, user, ports, contents (+ --run as root)
#   4. with --twice: a second clean build must give the same image digest (reproducible)
#
#   deploy/image/build.sh [--twice]
# The real build for a registry is documented in deploy/README.md (Image).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
twice=0
[[ ${1:-} == --twice ]] && twice=1
cd "$repo"
# shellcheck source=../../.ci/jdk.sh
source .ci/jdk.sh

base=$(deploy/image/build-local-base.sh | sed -n 's/^BASE_IMAGE_TAR=//p')
[[ -f $base ]] || { echo "no base image tarball" >&2; exit 1; }

build() {
  # Tests are the test suite's business; this proves packaging only.
  nice -n 10 mvn -B -q -ntp -Pimage -pl extender -am clean package -DskipTests \
    -Dmuster.image.base="tar://$base" -Dstyle.color=never >&2
  sed -n 's/.*"imageDigest":"\([^"]*\)".*/\1/p' extender/target/jib/image.json
}

first=$(build)
echo "image digest $first (extender/target/jib/muster-extender-image.tar)"
run=()
((EUID == 0)) && run=(--run)
deploy/image/check-image.sh "${run[@]}"
if ((twice)); then
  second=$(build)
  if [[ $first != "$second" ]]; then
    echo "FAIL  not reproducible: $first then $second" >&2
    exit 1
  fi
  echo "ok    reproducible: a second clean build gave the same digest $second"
fi
