#!/usr/bin/env bash
# Measures Muster's failover gap on the local control plane (deploy/local/up.sh must be up).
#
# Starts a second kube-scheduler + Muster pair by hand (the deployment's second replica: same lease
# kube-system/muster-scheduler, its own extender port), puts a workload on the leading pair (gang g1
# fully bound; gang g2 admitted with its driver bound, executors still to come), shows the standby
# Muster's ledger, then kills the leading pair (SIG=9 a crash, SIG=TERM a clean stop) and times:
# the lease changing hands, a new gang's driver (g3) bound, g2's next executor bound. Then stops
# the second pair. Pair A is gone afterwards: run up.sh again. Pods g1..g3 are deleted first.
#
#   RUN_DIR=/tmp/x NODES=4 deploy/local/up.sh && RUN_DIR=/tmp/x deploy/local/failover-gap.sh
set -euo pipefail
LOG_TAG=failover
# shellcheck source=deploy/local/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
[[ -f $ENV_FILE ]] || die "no $ENV_FILE: run deploy/local/up.sh first"
set -a
# shellcheck source=/dev/null
. "$ENV_FILE"
set +a
SIG=${SIG:-9}
JAVA=$(find_java21) || die "no JDK >= 21"
JAR=$REPO_DIR/extender/target/muster-extender.jar
SCHED_BIN=${MUSTER_CACHE:-$HOME/.cache/muster}/k8s/$K8S_VERSION/bin/kube-scheduler
[[ -f $JAR && -x $SCHED_BIN ]] || die "need $JAR and $SCHED_BIN"

kapi() { curl -sS --max-time 5 --cacert "$CA_CERT" --cert "$ADMIN_CERT" --key "$ADMIN_KEY" "$@"; }
now() { date +%s.%N; }
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
json() { python3 -c "import sys,json;d=json.load(sys.stdin);print($1)"; }
lease() { kapi "$APISERVER_URL/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/muster-scheduler" | json 'd["spec"]["holderIdentity"]'; }
node_of() { kapi "$APISERVER_URL/api/v1/namespaces/spark/pods/$1" | json 'd.get("spec",{}).get("nodeName","")'; }
pod() { # name app role [executors]: 2 CPU / 2 Gi each; drivers say their gang by annotations
  local ann=""
  [[ $3 == driver ]] && ann=',"annotations":{"muster.io/executor-count":"'$4'","muster.io/executor-cpu":"2","muster.io/executor-memory":"2Gi"}'
  kapi -X POST -H 'Content-Type: application/json' "$APISERVER_URL/api/v1/namespaces/spark/pods" \
    -d '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"'"$1"'","namespace":"spark","labels":{"spark-app-selector":"'"$2"'","spark-role":"'"$3"'"}'"$ann"'},"spec":{"schedulerName":"muster","containers":[{"name":"main","image":"spark:4","resources":{"requests":{"cpu":"2","memory":"2Gi"}}}]}}' >/dev/null
}
await_bound() { # pod seconds
  local end=$(($(date +%s) + $2)) n
  while :; do
    n=$(node_of "$1")
    [[ -n $n ]] && { echo "$n"; return 0; }
    (($(date +%s) > end)) && die "$1 not bound within $2 s"
    sleep 0.1
  done
}
ledger() { # main-port url (operator views are not on the ops port)
  curl -fsS --max-time 5 "$1/debug/gangs" | python3 -c '
import sys,json; d=json.load(sys.stdin); print("  replica:", d["replica"])
for g in d["gangs"]:
    print("   ", g["gang"], g["phase"], [(s["node"], s["state"]) for s in g.get("reservation", {}).get("slots", [])])'
}

for p in g1-driver g1-exec-1 g1-exec-2 g2-driver g2-exec-1 g3-driver; do
  kapi -X DELETE "$APISERVER_URL/api/v1/namespaces/spark/pods/$p?gracePeriodSeconds=0" >/dev/null
done

PB=$(free_port) PBO=$(free_port) PS=$(free_port)
B_PIDS=()
stop_b() { if ((${#B_PIDS[@]})); then kill -9 "${B_PIDS[@]}" 2>/dev/null || true; fi; }
trap stop_b EXIT
setsid env MUSTER_PORT="$PB" MUSTER_OPS_PORT="$PBO" MUSTER_BIND_ADDRESS=127.0.0.1 \
  KUBECONFIG="$RUN_DIR/muster.kubeconfig" MUSTER_NAMESPACE=muster MUSTER_TLS_MODE=plain POD_NAME=muster-b \
  "$JAVA" @"$REPO_DIR/extender/jvm.options" -jar "$JAR" >"$LOG_DIR/extender-b.log" 2>&1 </dev/null &
B_PIDS+=($!)
for _ in $(seq 1 300); do curl -fsS "http://127.0.0.1:$PBO/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$PBO/readyz" >/dev/null || die "Muster B not ready (log $LOG_DIR/extender-b.log)"
sed "s#$EXTENDER_URL#http://127.0.0.1:$PB#" "$RUN_DIR/kube-scheduler-config.yaml" >"$RUN_DIR/kube-scheduler-config-b.yaml"
grep -q "127.0.0.1:$PB" "$RUN_DIR/kube-scheduler-config-b.yaml" || die "extender URL not found in the scheduler config"
setsid "$SCHED_BIN" --config="$RUN_DIR/kube-scheduler-config-b.yaml" --bind-address=127.0.0.1 --secure-port="$PS" \
  --tls-cert-file="$PKI_DIR/scheduler-serving.crt" --tls-private-key-file="$PKI_DIR/scheduler-serving.key" \
  --authentication-kubeconfig="$RUN_DIR/scheduler.kubeconfig" --authorization-kubeconfig="$RUN_DIR/scheduler.kubeconfig" \
  --v=2 >"$LOG_DIR/kube-scheduler-b.log" 2>&1 </dev/null &
B_PIDS+=($!)
for _ in $(seq 1 150); do curl -fsSk "https://127.0.0.1:$PS/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
LEADER=$(lease)
log "pair B up (Muster :$PB, kube-scheduler :$PS); lease held by pair A: $LEADER"

pod g1-driver g1 driver 2
log "g1-driver on $(await_bound g1-driver 60)"
pod g1-exec-1 g1 executor
pod g1-exec-2 g1 executor
log "g1 executors on $(await_bound g1-exec-1 60) $(await_bound g1-exec-2 60)"
pod g2-driver g2 driver 3
log "g2-driver on $(await_bound g2-driver 60)"
sleep 1
echo "Muster B (never called) before the kill:"
ledger "http://127.0.0.1:$PB"

T0=$(now)
kill "-$SIG" "$SCHEDULER_PID" "$EXTENDER_PID"
pod g3-driver g3 driver 1
pod g2-exec-1 g2 executor
TL="" TB=""
end=$(($(date +%s) + 120))
while [[ -z $TL || -z $TB ]]; do
  [[ -z $TL && $(lease) != "$LEADER" ]] && TL=$(now)
  [[ -z $TB && -n $(node_of g3-driver) ]] && TB=$(now)
  (($(date +%s) > end)) && die "no take-over within 120 s"
  sleep 0.1
done
await_bound g2-exec-1 30 >/dev/null
TE=$(now)
python3 - "$SIG" "$T0" "$TL" "$TB" "$TE" <<'PY'
import sys
sig = sys.argv[1]
t0, tl, tb, te = map(float, sys.argv[2:])
print(f"kill -{sig} of the leading pair ->")
print(f"  lease taken by pair B:             {tl - t0:5.1f} s")
print(f"  new gang's driver (g3) bound:      {tb - t0:5.1f} s   (lease -> bound {tb - tl:.1f} s)")
print(f"  reserved gang's executor bound:    {te - t0:5.1f} s")
PY
echo "Muster B after the take-over:"
ledger "http://127.0.0.1:$PB"
grep -E "serving:|take-over:" "$LOG_DIR/extender-b.log" | cut -c1-160
log "pair A is gone: run up.sh again before the next measurement"
