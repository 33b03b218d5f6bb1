#!/usr/bin/env bash
# Real kube-scheduler throughput (issue 6, "Speed"): the same Spark workload scheduled by the real
# kube-scheduler of deploy/local in four configurations, interleaved round by round:
#   a  no extender
#   b  trivial pass-through extender (filter echoes the nodes, prioritize scores 0)
#   c  trivial one-node extender (filter keeps one node: kube-scheduler skips Score)
#   d  Muster (the Helm chart's configuration: filter, prioritize, bind, preempt, over mutual TLS)
#   p  (diagnostic, not in the default CONFIGS) d over plain HTTP (EXTENDER_TLS=plain)
#   e  (diagnostic, not in the default CONFIGS) c, but listing every dropped node as failed with
#      a message, as Muster's executor answers did before it listed them only when none passes
#   f  (what-if, not in the default CONFIGS) d with another extender jar: MUSTER_ALT_JAR, e.g. a
#      patched build, and/or other JVM options: MUSTER_ALT_JAVA_OPTS (default MUSTER_JAVA_OPTS),
#      and/or other settings: MUSTER_ALT_ENV (e.g. "MUSTER_CONFIGMAP_WAIT=0s"), and/or another
#      KubeSchedulerConfiguration template: MUSTER_ALT_SCHEDULER_CONFIG (default the shipped one),
#      measured in the same interleaved rounds
# Everything runs on 127.0.0.1 in its own RUN_DIR; every run and the whole benchmark are bounded.
#
#   loadtest/run-throughput.sh                      # 3 rounds × a b c d, 1,000 nodes, 50 × (1 + 19) pods
#   ROUNDS=1 CONFIGS="c d" NODES=500 APPS=20 loadtest/run-throughput.sh
#
# How configurations are switched: deploy/local/up.sh is re-run with SCHEDULER_CONFIG_TEMPLATE
# (a, b, c: loadtest/scheduler/*.yaml; d: the shipped template) and MUSTER_EXTENDER_CMD (b, c:
# TrivialExtender; d: the Muster jar). up.sh restarts exactly the components whose command or
# configuration changed, so kube-scheduler restarts at every switch and the extender whenever it
# changes (a fresh Muster JVM in every round); the script stops the extender first (extender.sh)
# and waits until its port is free. SCHEDULER_QPS raises
# kube-scheduler's client QPS/burst in all four. Nodes are created by the Java tool (NODES=0 for
# up.sh, which would otherwise create and re-apply node-1…), named node-00000… like the protocol
# load generator's. Knobs (environment): ROUNDS, CONFIGS, NODES, NODE_CPU, NODE_MEMORY, ZONES,
# APPS, EXECUTORS, BATCH, BATCH_DELAY_MS, CONFIGMAP_DELAY_MS, WARMUP_APPS, SCHEDULER_QPS, RUN_MAX_SECONDS,
# TOTAL_SECONDS, RUN_DIR, OUT, KEEP_UP=1 (leave the control plane running), SKIP_BUILD=1,
# MUSTER_JAVA_OPTS (e.g. -XX:StartFlightRecording=...), MUSTER_ALT_JAR, MUSTER_ALT_JAVA_OPTS,
# MUSTER_ALT_ENV, MUSTER_ALT_SCHEDULER_CONFIG.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD

ROUNDS=${ROUNDS:-3}
CONFIGS=${CONFIGS:-"a b c d"}
NODES=${NODES:-1000}
NODE_CPU=${NODE_CPU:-32}
NODE_MEMORY=${NODE_MEMORY:-128Gi}
ZONES=${ZONES:-3}
APPS=${APPS:-50}
EXECUTORS=${EXECUTORS:-19}
BATCH=${BATCH:-10}
BATCH_DELAY_MS=${BATCH_DELAY_MS:-1000}
WARMUP_APPS=${WARMUP_APPS:-10}
CONFIGMAP_DELAY_MS=${CONFIGMAP_DELAY_MS:-200}
SCHEDULER_QPS=${SCHEDULER_QPS:-1000}
RUN_MAX_SECONDS=${RUN_MAX_SECONDS:-240}
TOTAL_SECONDS=${TOTAL_SECONDS:-1500}
RUN_DIR=${RUN_DIR:-/tmp/muster-throughput}
OUT=${OUT:-$REPO/loadtest/report}
export RUN_DIR

log() { printf '[%s throughput] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

if [[ -z ${JAVA_HOME:-} ]]; then
  for jdk in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    [[ -x $jdk/bin/java ]] && export JAVA_HOME=$jdk && break
  done
fi
JAVA=$JAVA_HOME/bin/java

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  log "building loadtest and the extender jar"
  mvn -q -o -pl loadtest -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
  mvn -q -o -pl extender -am -DskipTests package
fi
CP="$REPO/loadtest/target/classes:$(cat "$REPO/loadtest/target/classpath.txt")"
tool() { "$JAVA" -Xmx512m -cp "$CP" io.muster.loadtest.throughput.Throughput "$@"; }
# The extender command runs under `bash -c "exec …"` with MUSTER_PORT set by deploy/local.
# shellcheck disable=SC2016
TRIVIAL_CMD="$JAVA -cp $CP io.muster.loadtest.protocol.TrivialExtender --port \$MUSTER_PORT --max-seconds 3600"
# Muster with the image's JVM options (extender/jvm.options); options given later win.
MUSTER_OPTS="@$REPO/extender/jvm.options"
MUSTER_CMD="$JAVA $MUSTER_OPTS ${MUSTER_JAVA_OPTS:-} -jar $REPO/extender/target/muster-extender.jar"

# up.sh's progress goes to RUN_DIR.up.log; on failure its tail is shown.
up() {
  NODES=0 SCHEDULER_QPS=$SCHEDULER_QPS "$REPO/deploy/local/up.sh" >/dev/null 2>>"$RUN_DIR.up.log" || {
    tail -30 "$RUN_DIR.up.log" >&2
    return 1
  }
}

# stop_extender: stops the running extender and waits (bounded) until its port is free again, so
# that the next one can bind it. Seen once here: up.sh's own restart found the port still taken
# right after the old extender was stopped.
stop_extender() {
  [[ -f $RUN_DIR/ports.env ]] || return 0
  "$REPO/deploy/local/extender.sh" stop >/dev/null 2>>"$RUN_DIR.up.log"
  local port
  port=$(sed -n 's/^EXTENDER_PORT=//p' "$RUN_DIR/ports.env")
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || return 0
    sleep 0.1
  done
  log "extender port $port still taken 10 s after the extender stopped"
  ss -ltnp 2>/dev/null | grep ":$port " >&2 || true
  return 1
}

# switch_to CONFIG: (re)starts kube-scheduler and the extender for CONFIG.
switch_to() {
  stop_extender
  case $1 in
    a)
      EXTENDER_TLS=plain NO_EXTENDER=1 SCHEDULER_CONFIG_TEMPLATE=$REPO/loadtest/scheduler/kube-scheduler-no-extender.yaml up
      ;;
    b)
      EXTENDER_TLS=plain MUSTER_EXTENDER_CMD="$TRIVIAL_CMD --mode pass-through" \
        SCHEDULER_CONFIG_TEMPLATE=$REPO/loadtest/scheduler/kube-scheduler-pass-through.yaml up
      ;;
    c)
      EXTENDER_TLS=plain MUSTER_EXTENDER_CMD="$TRIVIAL_CMD --mode one-node" \
        SCHEDULER_CONFIG_TEMPLATE=$REPO/loadtest/scheduler/kube-scheduler-one-node.yaml up
      ;;
    e)
      EXTENDER_TLS=plain MUSTER_EXTENDER_CMD="$TRIVIAL_CMD --mode one-node-explained" \
        SCHEDULER_CONFIG_TEMPLATE=$REPO/loadtest/scheduler/kube-scheduler-one-node-explained.yaml up
      ;;
    f)
      [[ -f ${MUSTER_ALT_JAR:-} ]] || { log "configuration f needs MUSTER_ALT_JAR"; exit 2; }
      EXTENDER_TLS=mtls MUSTER_EXTENDER_CMD="env ${MUSTER_ALT_ENV:-} $JAVA $MUSTER_OPTS ${MUSTER_ALT_JAVA_OPTS:-${MUSTER_JAVA_OPTS:-}} -jar $MUSTER_ALT_JAR" \
        SCHEDULER_CONFIG_TEMPLATE=${MUSTER_ALT_SCHEDULER_CONFIG:-$REPO/deploy/helm/muster/files/kube-scheduler-config.yaml} up
      ;;
    d)
      # The shipped KubeSchedulerConfiguration (only QPS raised) and the chart's transport: mutual
      # TLS between kube-scheduler and Muster.
      EXTENDER_TLS=mtls MUSTER_EXTENDER_CMD="$MUSTER_CMD" up
      ;;
    p)
      EXTENDER_TLS=plain MUSTER_EXTENDER_CMD="$MUSTER_CMD" up
      ;;
    *) log "unknown configuration $1"; exit 2 ;;
  esac
}

# A fresh etcd for every benchmark: its data grows with every run's pods and events (2.3 GB after a
# day of runs here), and past etcd's 2 GiB quota the API server refuses writes ("mvcc: database
# space exceeded"); a grown database also slows every write before that.
"$REPO/deploy/local/down.sh" --purge >/dev/null
if [[ ${KEEP_UP:-0} != 1 ]]; then
  trap '"$REPO/deploy/local/down.sh" --purge >/dev/null 2>&1 || true' EXIT
fi

t0=$SECONDS
log "control plane in $RUN_DIR, $NODES nodes ($NODE_CPU CPU / $NODE_MEMORY), $APPS apps × (1 + $EXECUTORS)"
switch_to a
tool nodes --env "$RUN_DIR/env" --count "$NODES" --zones "$ZONES" --cpu "$NODE_CPU" --memory "$NODE_MEMORY"
tool cleanup --env "$RUN_DIR/env"

mkdir -p "$OUT"
RESULTS=$OUT/throughput.jsonl
# Every run's own lines (results, warm-ups, timelines: when the drivers were bound and the pods bound
# per 250 ms, BindTimeline) as the tool printed them.
RUNS_LOG=$OUT/runs.txt
: >"$RESULTS"
: >"$RUNS_LOG"
for ((round = 1; round <= ROUNDS; round++)); do
  for config in $CONFIGS; do
    if ((SECONDS - t0 > TOTAL_SECONDS)); then
      log "TOTAL_SECONDS=$TOTAL_SECONDS used up; stopping before round $round config $config"
      break 2
    fi
    log "round $round: configuration $config"
    switch_to "$config"
    tool run --env "$RUN_DIR/env" --config "$config" --round "$round" --out "$RESULTS" \
      --apps "$APPS" --executors "$EXECUTORS" --batch "$BATCH" --batch-delay-ms "$BATCH_DELAY_MS" \
      --warmup-apps "$WARMUP_APPS" --configmap-delay-ms "$CONFIGMAP_DELAY_MS" \
      --max-seconds "$RUN_MAX_SECONDS" | tee -a "$RUNS_LOG"
  done
done

tool report --results "$RESULTS" --out-dir "$OUT" \
  --title "$NODES nodes, $APPS × (1 + $EXECUTORS) pods, $ROUNDS rounds"
log "done in $((SECONDS - t0)) s: $OUT/throughput.md"
