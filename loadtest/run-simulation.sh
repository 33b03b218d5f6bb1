#!/usr/bin/env bash
# Runs the trace-driven simulator and writes loadtest/report/index.html (+ PNGs, summary.md).
# Traces are read from loadtest/traces/ (generated from their seeds the first time).
# Usage: loadtest/run-simulation.sh [--seed 42] [--apps 200] [--nodes 48] [--sweep-seeds 8] ...
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" ]]; then
  for jdk in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    [[ -x "$jdk/bin/java" ]] && export JAVA_HOME="$jdk" && break
  done
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
mvn -q -pl loadtest -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec "$JAVA" -Djava.awt.headless=true -Xmx1g \
  -cp "loadtest/target/classes:$(cat loadtest/target/classpath.txt)" \
  io.muster.loadtest.report.Report "$@"
