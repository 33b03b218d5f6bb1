#!/usr/bin/env bash
# Protocol load tools, 127.0.0.1 only, every run bounded.
#   loadtest/run-protocol.sh load --url http://127.0.0.1:8888 [--nodes 1000] [--node-cache true] ...
#   loadtest/run-protocol.sh extender --mode pass-through|one-node [--port 8889] [--max-seconds 3600]
#   loadtest/run-protocol.sh baseline   # trivial extenders × {100, 1000} nodes × both node-cache modes
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
CP="loadtest/target/classes:$(cat loadtest/target/classpath.txt)"
run() { "$JAVA" -Xmx1g -cp "$CP" "$@"; }

case "${1:-}" in
  load) shift; run io.muster.loadtest.protocol.LoadGenerator "$@" ;;
  extender) shift; run io.muster.loadtest.protocol.TrivialExtender "$@" ;;
  baseline)
    for mode in pass-through one-node; do
      port=$((18900 + RANDOM % 500))
      "$JAVA" -Xmx1g -cp "$CP" io.muster.loadtest.protocol.TrivialExtender \
        --mode "$mode" --port "$port" --max-seconds 600 &
      pid=$!  # the JVM itself, so that kill reaches it
      trap 'kill "$pid" 2>/dev/null || true' EXIT
      for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
      for nodes in 100 1000; do
        for cache in true false; do
          echo "== $mode extender, $nodes nodes, nodeCacheCapable=$cache"
          run io.muster.loadtest.protocol.LoadGenerator --url "http://127.0.0.1:$port" \
            --nodes "$nodes" --node-cache "$cache" --max-seconds 120
        done
      done
      kill "$pid"; wait "$pid" 2>/dev/null || true
      trap - EXIT
    done ;;
  *) sed -n 2,5p "$0"; exit 2 ;;
esac
