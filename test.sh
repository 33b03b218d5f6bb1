#!/usr/bin/env bash
# Runs every test: unit and component tests, integration tests against the fabric8 mock server,
# and (when the e2e profile is wired) the end-to-end suite on a real local control plane.
set -euo pipefail
cd "$(dirname "$0")"
source .ci/jdk.sh
mvn -B -ntp verify "$@"
