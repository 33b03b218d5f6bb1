#!/usr/bin/env bash
# Runs every test: placement unit and property tests, extender component tests, integration tests
# against the fabric8 mock server, and the end-to-end suite on a real local control plane
# (etcd + kube-apiserver + kube-scheduler built from Go modules, see deploy/local/README.md).
# Developers may add -DskipE2E for a quick run; .ci/run never does.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=.ci/jdk.sh
source .ci/jdk.sh
if [[ ${MUSTER_E2E_REQUIRED:-} == 1 && " $* " == *" -DskipE2E"* ]]; then
  echo "the end-to-end suite cannot be skipped in CI" >&2
  exit 2
fi
mvn -B -ntp verify "$@"
