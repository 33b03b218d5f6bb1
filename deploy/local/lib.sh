# shellcheck shell=bash
# shellcheck disable=SC2034  # variables here are used by the scripts that source this file
# Helpers shared by up.sh, down.sh and extender.sh. Sourced, not executed.
#
# Process model: every component is started with setsid, so it leads its own process group and
# outlives the shell that started it; its PID (= process group id) goes to RUN_DIR/pids/<name>.pid.
# Stopping signals that group only, never anything found by name.

LOCAL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$LOCAL_DIR/../.." && pwd)
# shellcheck source=/dev/null  # plain KEY=value pins
source "$LOCAL_DIR/versions.env"
RUN_DIR=${RUN_DIR:-$LOCAL_DIR/run}
# The env file has unquoted KEY=value lines (also read by non-shell tools), so no blanks in paths.
if [[ $RUN_DIR =~ [[:space:]] ]]; then
  echo "RUN_DIR must not contain whitespace: '$RUN_DIR'" >&2
  exit 1
fi
PID_DIR=$RUN_DIR/pids
LOG_DIR=$RUN_DIR/logs
PKI_DIR=$RUN_DIR/pki
PORTS_FILE=$RUN_DIR/ports.env
ENV_FILE=$RUN_DIR/env
# down.sh --purge deletes RUN_DIR only if this marker says the directory is ours.
RUN_MARKER=$RUN_DIR/.muster-local-run-dir

log() { printf '[%s %s] %s\n' "$(date +%H:%M:%S)" "${LOG_TAG:-local}" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# wait_for DESCRIPTION TIMEOUT_SECONDS [PID_NAME] -- COMMAND...
# Polls COMMAND until it succeeds. Fails after TIMEOUT_SECONDS naming what it waited for, and
# fails early if the process PID_NAME (a pid file name) died meanwhile, showing its log tail.
wait_for() {
  local what=$1 timeout=$2 name=""
  shift 2
  if [[ $1 != -- ]]; then
    name=$1
    shift
  fi
  shift # the --
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [[ -n $name ]] && ! is_running "$name"; then
      show_log_tail "$name"
      die "$name exited while waiting for $what"
    fi
    if ((SECONDS >= deadline)); then
      [[ -n $name ]] && show_log_tail "$name"
      die "timed out after ${timeout}s waiting for $what"
    fi
    sleep 0.3
  done
}

show_log_tail() { # name
  local f=$LOG_DIR/$1.log
  [[ -f $f ]] || return 0
  log "last lines of $f (since its last start):"
  # Only the output of the latest start: the log is appended across restarts.
  tac "$f" | sed '/^===== /q' | tac | tail -n 25 >&2 || true
}

pid_of() { # name -> prints the PID from the pid file, if any
  local f=$PID_DIR/$1.pid
  [[ -f $f ]] && cat "$f"
  return 0
}

# A pid file counts only if that process is alive and is still the one we started (the kernel
# reuses PIDs): we compare its start time with the one recorded at launch.
is_running() { # name
  local pid
  pid=$(pid_of "$1")
  [[ -n $pid ]] && proc_alive "$pid" || return 1
  [[ "$(proc_start_time "$pid")" == "$(cat "$PID_DIR/$1.start" 2>/dev/null)" ]]
}

# Alive and not a zombie. A component whose starting shell has exited is reparented to PID 1;
# if that init reaps slowly (or never, in some containers) kill -0 keeps succeeding on the corpse.
proc_alive() { # pid
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

proc_start_time() { # pid -> field 22 of /proc/<pid>/stat (start time in clock ticks)
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  # The command name (field 2) may contain spaces; cut after its closing parenthesis.
  stat=${stat##*) }
  # After the cut, field 22 is the 20th remaining field.
  awk '{print $20}' <<<"$stat"
}

# start_process NAME COMMAND... : starts COMMAND detached (own session), stdout+stderr to
# LOG_DIR/NAME.log (appended, so restarts keep history), records PID and start time.
start_process() {
  local name=$1
  shift
  mkdir -p "$PID_DIR" "$LOG_DIR"
  printf '\n===== %s starting %s: %s\n' "$(date -Is)" "$name" "$*" >>"$LOG_DIR/$name.log"
  # setsid without --fork: the background child is not a group leader, so setsid execs in place
  # and $! is the component's own PID, which is also its process group id.
  setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$PID_DIR/$name.pid"
  # /proc/<pid>/stat exists as soon as fork returned; the start time does not change on exec.
  proc_start_time "$pid" >"$PID_DIR/$name.start"
  log "started $name (pid $pid), log $LOG_DIR/$name.log"
}

# stop_process NAME [TIMEOUT [SIGNAL]] : SIGNAL (default TERM) to the process group, SIGKILL
# after TIMEOUT seconds.
stop_process() {
  local name=$1 timeout=${2:-${STOP_TIMEOUT:-15}} signal=${3:-TERM} pid
  if ! is_running "$name"; then
    rm -f "$PID_DIR/$name.pid" "$PID_DIR/$name.start" "$PID_DIR/$name.fingerprint"
    return 0
  fi
  pid=$(pid_of "$name")
  log "stopping $name (pid $pid, SIG$signal)"
  kill "-$signal" -- "-$pid" 2>/dev/null || kill "-$signal" "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + timeout))
  while proc_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      log "$name did not exit ${timeout}s after SIG$signal; sending SIGKILL"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  # Bounded: SIGKILL cannot be ignored, but the kernel may take a moment to tear the process down.
  local kill_deadline=$((SECONDS + 10))
  while proc_alive "$pid" && ((SECONDS < kill_deadline)); do sleep 0.1; done
  proc_alive "$pid" && die "$name (pid $pid) still alive 10s after SIGKILL"
  rm -f "$PID_DIR/$name.pid" "$PID_DIR/$name.start" "$PID_DIR/$name.fingerprint"
}

port_in_use() { # port
  # A successful connect means something listens. The redirection runs in a subshell so the fd
  # is closed at once.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Ports come from PORTS_FILE when it exists, so restarts reuse them (the extender keeps its URL,
# which is baked into the scheduler config). A saved port is replaced only if the component is
# down and something else took the port.
declare -A PORTS=()
load_ports() {
  PORTS=()
  [[ -f $PORTS_FILE ]] || return 0
  local k v
  while IFS='=' read -r k v; do
    [[ $k =~ ^[A-Z_]+_PORT$ ]] && PORTS[$k]=$v
  done <"$PORTS_FILE"
}

save_ports() {
  local k
  : >"$PORTS_FILE.tmp"
  for k in "${!PORTS[@]}"; do echo "$k=${PORTS[$k]}" >>"$PORTS_FILE.tmp"; done
  sort -o "$PORTS_FILE.tmp" "$PORTS_FILE.tmp"
  mv "$PORTS_FILE.tmp" "$PORTS_FILE"
}

# pick_free_port: a random port in 20000-32767 (below Linux's default ephemeral range, so
# outgoing connections do not grab it meanwhile) that nothing listens on and that we have not
# handed out already. There is a small window between probing and binding; restarts handle it.
pick_free_port() {
  local p tries=0 used
  while ((tries++ < 200)); do
    p=$((20000 + RANDOM % 12768))
    used=0
    for k in "${!PORTS[@]}"; do [[ ${PORTS[$k]} == "$p" ]] && used=1; done
    ((used == 0)) && ! port_in_use "$p" && {
      echo "$p"
      return 0
    }
  done
  die "found no free port on 127.0.0.1 after 200 tries"
}

# ensure_port KEY OWNER_NAME : keeps PORTS[KEY] if OWNER is running (it is using it) or the port
# is free; otherwise picks a new one.
ensure_port() {
  local key=$1 owner=$2
  local cur=${PORTS[$key]:-}
  if [[ -n $cur ]] && { is_running "$owner" || ! port_in_use "$cur"; }; then
    return 0
  fi
  [[ -n $cur ]] && log "port $cur ($key) is taken by another process; picking a new one"
  PORTS[$key]=$(pick_free_port)
}

# Finds a JDK >= 21: JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm.
java_major() { # java-binary -> major version number
  "$1" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p'
}
find_java21() {
  local cand best="" best_v=0 v
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
    v=$(java_major "$JAVA_HOME/bin/java")
    if [[ -n $v ]] && ((v >= 21)); then
      echo "$JAVA_HOME/bin/java"
      return 0
    fi
    log "JAVA_HOME=$JAVA_HOME is Java ${v:-?}, need >= 21; looking under /usr/lib/jvm"
  fi
  for cand in /usr/lib/jvm/*/bin/java; do
    [[ -x $cand ]] || continue
    v=$(java_major "$cand")
    [[ -n $v ]] && ((v >= 21 && v > best_v)) && {
      best=$cand
      best_v=$v
    }
  done
  [[ -n $best ]] || return 1
  echo "$best"
}

# The extender command: MUSTER_EXTENDER_CMD if set, else the one up.sh saved, else the jar.
extender_command() {
  if [[ -n ${MUSTER_EXTENDER_CMD:-} ]]; then
    echo "$MUSTER_EXTENDER_CMD"
  elif [[ -f $RUN_DIR/extender.cmd ]]; then
    cat "$RUN_DIR/extender.cmd"
  else
    local java jar=$REPO_DIR/extender/target/muster-extender.jar
    java=$(find_java21) || die "no JDK >= 21 found (JAVA_HOME or /usr/lib/jvm/*); set JAVA_HOME or MUSTER_EXTENDER_CMD"
    [[ -f $jar ]] || die "$jar not found: build it (mvn -pl extender -am package), or set MUSTER_EXTENDER_CMD, or NO_EXTENDER=1"
    # The image's JVM options (extender/jvm.options; the image sets them as JAVA_TOOL_OPTIONS).
    echo "$java @$REPO_DIR/extender/jvm.options -jar $jar"
  fi
}

# TLS between kube-scheduler and the extender: `plain` (the default here, so that tests and curl
# reach the extender without certificates) or `mtls` (what the Helm chart installs). EXTENDER_TLS
# wins; else the mode up.sh last used (RUN_DIR/extender.tls); else plain.
extender_tls() {
  local mode=${EXTENDER_TLS:-}
  [[ -z $mode && -f $RUN_DIR/extender.tls ]] && mode=$(<"$RUN_DIR/extender.tls")
  mode=${mode:-plain}
  [[ $mode == plain || $mode == mtls ]] || die "EXTENDER_TLS must be plain or mtls, got '$mode'"
  echo "$mode"
}
# ca.crt, server.{crt,key} (the extender's), client.{crt,key} (kube-scheduler's), made by
# deploy/tls/generate.sh: the same generator production installs use.
EXTENDER_TLS_DIR=$PKI_DIR/extender
extender_url() {
  local scheme=http
  [[ $(extender_tls) == mtls ]] && scheme=https
  echo "$scheme://127.0.0.1:${PORTS[EXTENDER_PORT]}"
}

# start_extender: starts the extender on PORTS[EXTENDER_PORT] (ops port PORTS[EXTENDER_OPS_PORT])
# with its own (RBAC-limited) kubeconfig and waits for /healthz on the main port.
start_extender() {
  local cmd port=${PORTS[EXTENDER_PORT]:?EXTENDER_PORT not set} mode url
  local ops_port=${PORTS[EXTENDER_OPS_PORT]:?EXTENDER_OPS_PORT not set}
  cmd=$(extender_command)
  mode=$(extender_tls)
  url=$(extender_url)
  echo "$cmd" >"$RUN_DIR/extender.cmd"
  echo "$mode" >"$RUN_DIR/extender.tls"
  # A just-killed extender's socket may outlive its process for a moment on a loaded machine.
  local port_deadline=$((SECONDS + 10))
  while port_in_use "$port" && ((SECONDS < port_deadline)); do sleep 0.2; done
  port_in_use "$port" && die "extender port $port is still in use by another process after 10 s"
  port_in_use "$ops_port" && die "extender ops port $ops_port is already in use by another process"
  local tls_env=(MUSTER_TLS_MODE=plain) curl_tls=()
  if [[ $mode == mtls ]]; then
    tls_env=(MUSTER_TLS_MODE=mtls MUSTER_TLS_CERT="$EXTENDER_TLS_DIR/server.crt"
      MUSTER_TLS_KEY="$EXTENDER_TLS_DIR/server.key" MUSTER_TLS_CLIENT_CA="$EXTENDER_TLS_DIR/ca.crt")
    curl_tls=(--cacert "$EXTENDER_TLS_DIR/ca.crt" --cert "$EXTENDER_TLS_DIR/client.crt" --key "$EXTENDER_TLS_DIR/client.key")
  fi
  # The command is a string (it may carry JVM flags), run through bash -c; `exec` keeps the PID
  # the extender's own so that signals reach it directly.
  # Plain HTTP is the explicit development opt-in (EXTENDER_TLS=plain, the local default); the ops
  # port gets its own free port so that several control planes can run side by side.
  start_process extender env \
    MUSTER_PORT="$port" MUSTER_OPS_PORT="$ops_port" MUSTER_BIND_ADDRESS=127.0.0.1 \
    KUBECONFIG="$RUN_DIR/muster.kubeconfig" MUSTER_NAMESPACE=muster "${tls_env[@]}" \
    bash -c "exec $cmd"
  # Ready, not just alive: informers synced, policy loaded, reservations recovered.
  wait_for "extender GET $url/readyz = 200" "${EXTENDER_WAIT:-90}" extender -- \
    curl -fsS --max-time 2 "${curl_tls[@]}" "$url/readyz"
  log "extender ready on $url ($mode)"
}

# write_env_file: the file tests source. Plain KEY=value, one per line.
write_env_file() {
  local tmp=$ENV_FILE.tmp
  {
    echo "# Written by deploy/local (up.sh / extender.sh). Source it: set -a; . $ENV_FILE; set +a"
    echo "RUN_DIR=$RUN_DIR"
    echo "LOG_DIR=$LOG_DIR"
    echo "K8S_VERSION=$K8S_VERSION"
    echo "ETCD_VERSION=$ETCD_VERSION"
    echo "KUBECONFIG=$RUN_DIR/admin.kubeconfig"
    echo "MUSTER_KUBECONFIG=$RUN_DIR/muster.kubeconfig"
    echo "SCHEDULER_KUBECONFIG=$RUN_DIR/scheduler.kubeconfig"
    echo "CA_CERT=$PKI_DIR/ca.crt"
    echo "ADMIN_CERT=$PKI_DIR/admin.crt"
    echo "ADMIN_KEY=$PKI_DIR/admin.key"
    echo "APISERVER_URL=https://127.0.0.1:${PORTS[APISERVER_PORT]}"
    echo "EXTENDER_URL=$(extender_url)"
    # plain or mtls; with mtls, curl needs --cacert EXTENDER_CA_CERT --cert/--key EXTENDER_CLIENT_*.
    echo "EXTENDER_TLS=$(extender_tls)"
    echo "EXTENDER_CA_CERT=$EXTENDER_TLS_DIR/ca.crt"
    echo "EXTENDER_CLIENT_CERT=$EXTENDER_TLS_DIR/client.crt"
    echo "EXTENDER_CLIENT_KEY=$EXTENDER_TLS_DIR/client.key"
    # Plain HTTP in every mode: /healthz, /readyz, /metrics only.
    echo "EXTENDER_OPS_URL=http://127.0.0.1:${PORTS[EXTENDER_OPS_PORT]}"
    echo "SCHEDULER_URL=https://127.0.0.1:${PORTS[SCHEDULER_PORT]}"
    echo "ETCD_URL=http://127.0.0.1:${PORTS[ETCD_CLIENT_PORT]}"
    echo "SCHEDULER_NAME=muster"
    local k
    for k in ETCD_CLIENT_PORT ETCD_PEER_PORT APISERVER_PORT SCHEDULER_PORT EXTENDER_PORT EXTENDER_OPS_PORT; do
      echo "$k=${PORTS[$k]}"
    done
    echo "ETCD_PID=$(pid_of etcd)"
    echo "APISERVER_PID=$(pid_of kube-apiserver)"
    echo "SCHEDULER_PID=$(pid_of kube-scheduler)"
    echo "EXTENDER_PID=$(pid_of extender)"
  } >"$tmp"
  mv "$tmp" "$ENV_FILE"
}

# --- API calls as admin (server-side apply) ----------------------------------------------------

apiserver_url() { echo "https://127.0.0.1:${PORTS[APISERVER_PORT]}"; }

# api METHOD PATH OK_CODES [curl args...]: one call as admin. Sets API_CODE and API_BODY; fails
# with the server's message unless the HTTP code is one of OK_CODES (space separated).
api() {
  local method=$1 path=$2 ok=$3 out
  shift 3
  out=$(curl -sS --max-time 20 --cacert "$PKI_DIR/ca.crt" --cert "$PKI_DIR/admin.crt" --key "$PKI_DIR/admin.key" \
    -X "$method" -w '\n%{http_code}' "$@" "$(apiserver_url)$path") || die "$method $path: curl failed"
  API_CODE=${out##*$'\n'}
  API_BODY=${out%$'\n'*}
  [[ " $ok " == *" $API_CODE "* ]] || die "$method $path: HTTP $API_CODE (wanted $ok): $API_BODY"
}

# Server-side apply of one object (YAML or JSON body from stdin) at PATH. force=true: this
# installer owns these fields, even if someone edited them by hand. fieldValidation=Strict: an
# unknown or duplicated field is an error, not a warning. APPLY_DRY_RUN=1: the API server validates
# and admits the object in full but stores nothing (dryRun=All).
apply_at() { # path [body-file]
  local dry=""
  [[ ${APPLY_DRY_RUN:-0} == 1 ]] && dry="&dryRun=All"
  api PATCH "$1?fieldManager=${FIELD_MANAGER:-muster-local}&force=true&fieldValidation=Strict$dry" "200 201" \
    -H "Content-Type: application/apply-patch+yaml" --data-binary "@${2:--}"
}

# REST path of an object. Only the kinds deploy/ uses; anything else is an error, not a guess.
object_path() { # apiVersion kind namespace name
  local base plural
  if [[ $1 == v1 ]]; then base=/api/v1; else base=/apis/$1; fi
  case $2 in
    Namespace) plural=namespaces ;;
    ServiceAccount) plural=serviceaccounts ;;
    ConfigMap) plural=configmaps ;;
    ClusterRole) plural=clusterroles ;;
    ClusterRoleBinding) plural=clusterrolebindings ;;
    Role) plural=roles ;;
    RoleBinding) plural=rolebindings ;;
    Secret) plural=secrets ;;
    Service) plural=services ;;
    Deployment) plural=deployments ;;
    PodDisruptionBudget) plural=poddisruptionbudgets ;;
    NetworkPolicy) plural=networkpolicies ;;
    *) die "object_path: kind $2 not supported by this minimal applier; add it to object_path" ;;
  esac
  if [[ -n $3 ]]; then echo "$base/namespaces/$3/$plural/$4"; else echo "$base/$plural/$4"; fi
}

# apply_manifest FILE [KIND...]: a minimal `kubectl apply --server-side` for multi-document YAML
# written in the plain style of deploy/ (top-level apiVersion/kind, metadata.name/namespace indented
# two spaces, as Helm renders it). With KINDs, only documents of those kinds are applied.
apply_manifest() {
  local file=$1 dir doc api_version kind name ns count=0
  shift
  local kinds=" $* "
  dir=$(mktemp -d)
  awk -v dir="$dir" 'BEGIN { n = 0; f = dir "/doc-0.yaml" }
    /^---/ { n++; f = dir "/doc-" n ".yaml"; next }
    { print > f }' "$file"
  for doc in "$dir"/doc-*.yaml; do
    kind=$(sed -n 's/^kind:[[:space:]]*\([A-Za-z]*\).*/\1/p' "$doc")
    [[ -z $kind ]] && continue # comment-only document
    [[ $kinds == "  " || $kinds == *" $kind "* ]] || continue
    api_version=$(sed -n 's/^apiVersion:[[:space:]]*\([^[:space:]]*\).*/\1/p' "$doc")
    name=$(awk '/^metadata:/ { m = 1; next } /^[^ #]/ { m = 0 } m && /^  name:/ { print $2; exit }' "$doc")
    ns=$(awk '/^metadata:/ { m = 1; next } /^[^ #]/ { m = 0 } m && /^  namespace:/ { print $2; exit }' "$doc")
    [[ -n $api_version && -n $name ]] || die "$file: a document without apiVersion or metadata.name"
    apply_at "$(object_path "$api_version" "$kind" "$ns" "$name")" "$doc"
    count=$((count + 1))
  done
  rm -rf "$dir"
  log "applied $count objects from ${file#"$REPO_DIR"/}"
}
