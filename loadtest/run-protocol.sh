#!/usr/bin/env bash
# Protocol load tools, 127.0.0.1 only, every run bounded.
#   loadtest/run-protocol.sh load --url http://127.0.0.1:8888 [--nodes 1000] [--node-cache true] ...
#   loadtest/run-protocol.sh extender --mode pass-through|one-node [--port 8889] [--max-seconds 3600]
#   loadtest/run-protocol.sh baseline   # trivial extenders × {100, 1000} nodes × both node-cache modes
#   loadtest/run-protocol.sh muster     # Muster with its view from deploy/local's API server, SIZES nodes
# `muster` knobs (environment): SIZES ("100 1000 5000"), APPS (50), EXECUTORS (19), RUN_DIR
# (/tmp/muster-protocol), OUT (loadtest/report), KEEP_UP=1, MUSTER_JAVA_OPTS, MUSTER_JAR (another
# extender jar, e.g. from loadtest/whatif/build.sh), MAX_SECONDS (300 per run), TITLE (report title),
# FILTER_RATE (callers per level of the filter-rate probe after each size, "1,2,4"), RATE_SECONDS (5).
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
  muster)
    # Muster as deploy/local starts it; the load generator plays kube-scheduler for pods that name
    # a scheduler nobody runs (muster-loadgen), created in the API server so Muster's view has them.
    export RUN_DIR=${RUN_DIR:-/tmp/muster-protocol}
    OUT=${OUT:-loadtest/report}
    mvn -q -o -pl extender -am -DskipTests package
    # A fresh etcd for every benchmark: its data grows with every run's pods and events, and past
    # etcd's 2 GiB quota the API server refuses writes ("mvcc: database space exceeded").
    deploy/local/down.sh --purge >/dev/null
    if [[ ${KEEP_UP:-0} != 1 ]]; then
      trap 'deploy/local/down.sh --purge >/dev/null 2>&1 || true' EXIT
    fi
    NODES=0 MUSTER_EXTENDER_CMD="$JAVA @$PWD/extender/jvm.options ${MUSTER_JAVA_OPTS:-} -jar ${MUSTER_JAR:-$PWD/extender/target/muster-extender.jar}" \
      deploy/local/up.sh >/dev/null 2>"$RUN_DIR.up.log" || { tail -30 "$RUN_DIR.up.log"; exit 1; }
    set -a
    # shellcheck source=/dev/null  # written by up.sh
    . "$RUN_DIR/env"
    set +a
    mkdir -p "$OUT"
    results=$OUT/protocol-muster.jsonl
    : >"$results"
    first=1
    for nodes in ${SIZES:-100 1000 5000}; do
      run io.muster.loadtest.throughput.Throughput nodes --env "$RUN_DIR/env" --count "$nodes"
      sleep 5 # Muster's node informer catches up
      if ((first)); then
        # JIT warm-up of the verbs (not recorded).
        run io.muster.loadtest.protocol.LoadGenerator --url "$EXTENDER_URL" --apiserver "$RUN_DIR/env" \
          --nodes "$nodes" --percentage 100 --bind true --apps 20 --run warmup --max-seconds 120 >/dev/null
        first=0
      fi
      echo "== Muster, $nodes nodes, nodeCacheCapable=true"
      run io.muster.loadtest.protocol.LoadGenerator --url "$EXTENDER_URL" --apiserver "$RUN_DIR/env" \
        --nodes "$nodes" --percentage 100 --bind true --apps "${APPS:-50}" --executors "${EXECUTORS:-19}" \
        --run "proto-$nodes" --max-seconds "${MAX_SECONDS:-300}" \
        --extender-pid "$EXTENDER_PID" --label "Muster, $nodes nodes" --out "$results" \
        --filter-rate "${FILTER_RATE:-1,2,4}" --rate-seconds "${RATE_SECONDS:-5}"
    done
    run io.muster.loadtest.protocol.ProtocolReport --results "$results" --out "$OUT/protocol-muster.md" \
      --title "${TITLE:-$(date -u +%Y-%m-%d)}, ${APPS:-50} × (1 + ${EXECUTORS:-19}) pods per size"
    echo "wrote $OUT/protocol-muster.md" ;;
  *) sed -n 2,8p "$0"; exit 2 ;;
esac
