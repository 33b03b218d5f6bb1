#!/usr/bin/env bash
# Starts a real, minimal Kubernetes control plane on 127.0.0.1 for Muster's end-to-end tests and
# quick start: etcd, kube-apiserver (RBAC on), fake Ready nodes (no kubelet), the Muster extender
# and a kube-scheduler with the `muster` profile calling that extender.
#
# Idempotent: components already running with the same settings are left alone; one whose
# settings changed (ports, binaries, config, credentials) is restarted. Run down.sh to stop.
# Knobs (environment): see README.md. Everything lives in RUN_DIR (default deploy/local/run).
set -euo pipefail

LOG_TAG=up
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NODES=${NODES:-4}
NODE_CPU=${NODE_CPU:-8}
NODE_MEMORY=${NODE_MEMORY:-32Gi}
NODE_PODS=${NODE_PODS:-110}
ZONES=${ZONES:-2}
NO_EXTENDER=${NO_EXTENDER:-0}
ETCD_WAIT=${ETCD_WAIT:-30}
APISERVER_WAIT=${APISERVER_WAIT:-120}
SCHEDULER_WAIT=${SCHEDULER_WAIT:-60}
LEASE_WAIT=${LEASE_WAIT:-60}
# Tokens for the extender and the scheduler: one year, so a long-lived RUN_DIR keeps working.
TOKEN_SECONDS=${TOKEN_SECONDS:-31536000}
FIELD_MANAGER=muster-local

[[ $NODES =~ ^[0-9]+$ && $ZONES =~ ^[1-9][0-9]*$ ]] || die "NODES must be >= 0 and ZONES >= 1 (got NODES=$NODES ZONES=$ZONES)"

# --- prerequisites --------------------------------------------------------------------------

# Only the tools these scripts call that a minimal Debian may lack. (bash, coreutils, sed and
# grep are assumed.) Installed once; later runs find them and skip apt entirely.
ensure_packages() {
  local -A pkg_of=([openssl]=openssl [curl]=curl [setsid]=util-linux [flock]=util-linux [awk]=mawk [base64]=coreutils)
  local missing=() cmd
  for cmd in "${!pkg_of[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${pkg_of[$cmd]}")
  done
  ((${#missing[@]} == 0)) && return 0
  command -v apt-get >/dev/null 2>&1 || die "missing commands for packages: ${missing[*]} (no apt-get to install them)"
  ((EUID == 0)) || die "missing packages ${missing[*]}: run as root or install them first"
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

build_binaries() {
  local line
  while IFS= read -r line; do
    case $line in
      ETCD_BIN=* | KUBE_APISERVER_BIN=* | KUBE_SCHEDULER_BIN=*) declare -g "$line" ;;
    esac
  done < <("$LOCAL_DIR/build-binaries.sh")
  [[ -x ${ETCD_BIN:-} && -x ${KUBE_APISERVER_BIN:-} && -x ${KUBE_SCHEDULER_BIN:-} ]] ||
    die "build-binaries.sh did not report all three binaries"
}

# --- certificates -----------------------------------------------------------------------------

# One CA signs everything: the API server's serving cert, the scheduler's serving cert and the
# client certs. Files are kept across runs (tokens and kubeconfigs stay valid); --purge removes them.
gen_pki() {
  mkdir -p "$PKI_DIR"
  cd "$PKI_DIR"
  if [[ ! -f ca.crt ]]; then
    log "generating CA and certificates in $PKI_DIR"
    openssl req -x509 -new -nodes -newkey rsa:2048 -sha256 -days 3650 \
      -keyout ca.key -out ca.crt -subj "/CN=muster-local-ca" 2>/dev/null
    rm -f ./*.srl apiserver.crt scheduler-serving.crt admin.crt kube-scheduler.crt sa.key
  fi
  issue_cert apiserver "/CN=kube-apiserver" serverAuth \
    "subjectAltName=IP:127.0.0.1,DNS:localhost,IP:10.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
  issue_cert scheduler-serving "/CN=muster-scheduler" serverAuth "subjectAltName=IP:127.0.0.1,DNS:localhost"
  # O=system:masters: the admin identity that bypasses RBAC (used by these scripts and tests).
  issue_cert admin "/O=system:masters/CN=muster-local-admin" clientAuth
  # The stock scheduler identity; not used by default (the scheduler runs as ServiceAccount
  # muster/muster-scheduler), kept for comparing against the bootstrap RBAC.
  issue_cert kube-scheduler "/CN=system:kube-scheduler" clientAuth
  # Front-proxy (request-header) CA and client: without them the API server publishes no
  # requestheader CA in kube-system/extension-apiserver-authentication, and kube-scheduler's
  # delegated authentication logs an error about the missing bundle every few seconds.
  if [[ ! -f front-proxy-ca.crt ]]; then
    openssl req -x509 -new -nodes -newkey rsa:2048 -sha256 -days 3650 \
      -keyout front-proxy-ca.key -out front-proxy-ca.crt -subj "/CN=muster-local-front-proxy-ca" 2>/dev/null
    rm -f front-proxy-client.crt
  fi
  CA_NAME=front-proxy-ca issue_cert front-proxy-client "/CN=front-proxy-client" clientAuth
  # mTLS between kube-scheduler and the extender (used when EXTENDER_TLS=mtls): the production
  # generator, so the local run exercises the same certificates. Idempotent.
  "$REPO_DIR/deploy/tls/generate.sh" --out "$EXTENDER_TLS_DIR" 2>/dev/null
  if [[ ! -f sa.key ]]; then
    # Service-account token signing key pair (TokenRequest needs it).
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out sa.key 2>/dev/null
    openssl pkey -in sa.key -pubout -out sa.pub 2>/dev/null
  fi
  chmod 600 ./*.key
  cd - >/dev/null
}

issue_cert() { # name subject extendedKeyUsage [extra extension]
  local name=$1 subj=$2 eku=$3 ext=${4:-}
  [[ -f $name.crt ]] && return 0
  local extfile
  extfile=$(mktemp)
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$eku"
    [[ -n $ext ]] && echo "$ext"
  } >"$extfile"
  openssl req -new -nodes -newkey rsa:2048 -keyout "$name.key" -out "$name.csr" -subj "$subj" 2>/dev/null
  local ca=${CA_NAME:-ca}
  openssl x509 -req -in "$name.csr" -CA "$ca.crt" -CAkey "$ca.key" -CAcreateserial -sha256 -days 3650 \
    -extfile "$extfile" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$extfile"
}

# --- kubeconfigs and API calls ----------------------------------------------------------------


# write_kubeconfig FILE USER_NAME (token TOKEN | cert CERT KEY). Data is embedded so the file
# works from any working directory and for clients that ignore file references.
write_kubeconfig() {
  local file=$1 user=$2 kind=$3 tmp
  tmp=$(mktemp "$file.XXXXXX")
  {
    echo "apiVersion: v1"
    echo "kind: Config"
    echo "clusters:"
    echo "- name: muster-local"
    echo "  cluster:"
    echo "    server: $(apiserver_url)"
    echo "    certificate-authority-data: $(base64 -w0 <"$PKI_DIR/ca.crt")"
    echo "users:"
    echo "- name: $user"
    echo "  user:"
    if [[ $kind == token ]]; then
      echo "    token: $4"
    else
      echo "    client-certificate-data: $(base64 -w0 <"$4")"
      echo "    client-key-data: $(base64 -w0 <"$5")"
    fi
    echo "contexts:"
    echo "- name: muster-local"
    echo "  context:"
    echo "    cluster: muster-local"
    echo "    user: $user"
    echo "current-context: muster-local"
  } >"$tmp"
  chmod 600 "$tmp"
  mv "$tmp" "$file"
}

apply_namespaces() {
  local ns
  for ns in spark muster; do
    printf '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"%s"}}' "$ns" | apply_at "/api/v1/namespaces/$ns"
  done
}

# Fake nodes: Node objects with capacity and Ready=True, no kubelet behind them. Nothing (no
# node-lifecycle controller) ever marks them NotReady. The status is a subresource, so it is
# applied separately. node-<i>, i = 1..NODES; zone-<(i-1) mod ZONES>.
apply_nodes() {
  local i name zone now
  now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  for ((i = 1; i <= NODES; i++)); do
    name=node-$i
    zone=zone-$(((i - 1) % ZONES))
    printf '{"apiVersion":"v1","kind":"Node","metadata":{"name":"%s","labels":{"kubernetes.io/hostname":"%s","kubernetes.io/os":"linux","kubernetes.io/arch":"amd64","topology.kubernetes.io/zone":"%s","muster.local/fake-node":"true"}},"spec":{}}' \
      "$name" "$name" "$zone" | apply_at "/api/v1/nodes/$name"
    local res
    res=$(printf '{"cpu":"%s","memory":"%s","pods":"%s","ephemeral-storage":"100Gi"}' "$NODE_CPU" "$NODE_MEMORY" "$NODE_PODS")
    printf '{"apiVersion":"v1","kind":"Node","metadata":{"name":"%s"},"status":{"capacity":%s,"allocatable":%s,"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","message":"fake node (deploy/local, no kubelet)","lastHeartbeatTime":"%s","lastTransitionTime":"%s"}],"addresses":[{"type":"InternalIP","address":"127.0.0.1"},{"type":"Hostname","address":"%s"}],"nodeInfo":{"architecture":"amd64","operatingSystem":"linux","kubeletVersion":"%s","kubeProxyVersion":"","containerRuntimeVersion":"fake://1.0","kernelVersion":"","osImage":"","machineID":"","systemUUID":"","bootID":""}}}' \
      "$name" "$res" "$res" "$now" "$now" "$name" "$K8S_VERSION" | apply_at "/api/v1/nodes/$name/status"
  done
  # Fewer NODES than last time: remove the surplus fake nodes (they are numbered contiguously).
  for ((i = NODES + 1; ; i++)); do
    api DELETE "/api/v1/nodes/node-$i" "200 404"
    [[ $API_CODE == 404 ]] && break
    log "deleted surplus node node-$i"
  done
  log "$NODES nodes ready (cpu $NODE_CPU, memory $NODE_MEMORY, pods $NODE_PODS, $ZONES zones)"
}

# --- ServiceAccount tokens ----------------------------------------------------------------------

token_in() { # kubeconfig -> its bearer token, if any
  [[ -f $1 ]] && sed -n 's/^[[:space:]]*token:[[:space:]]*//p' "$1"
  return 0
}

# Is TOKEN accepted and does it belong to USER? (SelfSubjectReview: no extra RBAC needed.)
token_valid() { # token expected-username
  local out
  out=$(curl -sS --max-time 10 --cacert "$PKI_DIR/ca.crt" -H "Authorization: Bearer $1" \
    -H "Content-Type: application/json" -X POST \
    --data '{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}' \
    "$(apiserver_url)/apis/authentication.k8s.io/v1/selfsubjectreviews" 2>/dev/null) || return 1
  [[ $out == *"\"username\": \"$2\""* || $out == *"\"username\":\"$2\""* ]]
}

# ensure_sa_kubeconfig FILE NAMESPACE SA: keeps FILE if its token still works (so a running
# component is not restarted for a fresh token), else mints one with the TokenRequest API.
ensure_sa_kubeconfig() {
  local file=$1 ns=$2 sa=$3 token
  token=$(token_in "$file")
  if [[ -n $token ]] && token_valid "$token" "system:serviceaccount:$ns:$sa"; then
    # Rewrite anyway: the API server port may have changed; the token stays the same.
    write_kubeconfig "$file" "$sa" token "$token"
    return 0
  fi
  api POST "/api/v1/namespaces/$ns/serviceaccounts/$sa/token" "201" -H "Content-Type: application/json" \
    --data "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{\"expirationSeconds\":$TOKEN_SECONDS}}"
  token=$(sed -n 's/.*"token":[[:space:]]*"\([^"]*\)".*/\1/p' <<<"$API_BODY")
  [[ -n $token ]] || die "TokenRequest for $ns/$sa returned no token: $API_BODY"
  write_kubeconfig "$file" "$sa" token "$token"
  log "minted a token for ServiceAccount $ns/$sa -> ${file#"$REPO_DIR"/}"
}

# --- components ---------------------------------------------------------------------------------

# ensure_component NAME FINGERPRINT START_FUNCTION: starts NAME unless it already runs with the
# same FINGERPRINT (its command line plus the content of its config files).
ensure_component() {
  local name=$1 fp=$2 start=$3 fp_file=$PID_DIR/$1.fingerprint
  if is_running "$name"; then
    if [[ -f $fp_file && $(cat "$fp_file") == "$fp" ]]; then
      log "$name already running (pid $(pid_of "$name"))"
      return 0
    fi
    log "$name settings changed (or its last start did not finish); restarting it"
    stop_process "$name"
  fi
  # The fingerprint is written only once the component is healthy: if the start fails (and dies
  # here), the next up.sh finds no fingerprint and restarts the process instead of trusting it.
  rm -f "$fp_file"
  "$start"
  echo "$fp" >"$fp_file"
}

files_digest() { cat "$@" | sha256sum | cut -d' ' -f1; }

etcd_args() {
  local client=http://127.0.0.1:${PORTS[ETCD_CLIENT_PORT]} peer=http://127.0.0.1:${PORTS[ETCD_PEER_PORT]}
  ETCD_ARGS=("$ETCD_BIN" --name=muster-local --data-dir="$RUN_DIR/etcd-data"
    --listen-client-urls="$client" --advertise-client-urls="$client"
    --listen-peer-urls="$peer" --initial-advertise-peer-urls="$peer"
    --initial-cluster="muster-local=$peer" --initial-cluster-state=new
    # Throw-away test data: skipping fsync makes API writes much faster on slow disks.
    --unsafe-no-fsync=true
    --log-level=warn)
}
start_etcd() {
  start_process etcd "${ETCD_ARGS[@]}"
  wait_for "etcd GET http://127.0.0.1:${PORTS[ETCD_CLIENT_PORT]}/health" "$ETCD_WAIT" etcd -- \
    curl -fsS --max-time 2 "http://127.0.0.1:${PORTS[ETCD_CLIENT_PORT]}/health"
}

apiserver_args() {
  APISERVER_ARGS=("$KUBE_APISERVER_BIN"
    --etcd-servers="http://127.0.0.1:${PORTS[ETCD_CLIENT_PORT]}"
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="${PORTS[APISERVER_PORT]}"
    --tls-cert-file="$PKI_DIR/apiserver.crt" --tls-private-key-file="$PKI_DIR/apiserver.key"
    --client-ca-file="$PKI_DIR/ca.crt"
    --requestheader-client-ca-file="$PKI_DIR/front-proxy-ca.crt"
    --requestheader-allowed-names=front-proxy-client
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group
    --requestheader-extra-headers-prefix=X-Remote-Extra-
    --proxy-client-cert-file="$PKI_DIR/front-proxy-client.crt" --proxy-client-key-file="$PKI_DIR/front-proxy-client.key"
    "--authorization-mode=Node,RBAC"
    # No kube-controller-manager: nothing would create default ServiceAccounts, and nothing
    # would remove the not-ready taint TaintNodesByCondition puts on every new Node.
    "--disable-admission-plugins=ServiceAccount,TaintNodesByCondition"
    # No kubelet/kube-proxy: do not publish this process as the kubernetes Service endpoint.
    --endpoint-reconciler-type=none
    --service-account-issuer=https://kubernetes.default.svc
    --service-account-key-file="$PKI_DIR/sa.pub" --service-account-signing-key-file="$PKI_DIR/sa.key"
    --service-cluster-ip-range=10.0.0.0/24
    --profiling=false
    --v=1)
}
start_apiserver() {
  start_process kube-apiserver "${APISERVER_ARGS[@]}"
  wait_for "kube-apiserver GET $(apiserver_url)/readyz" "$APISERVER_WAIT" kube-apiserver -- \
    curl -fsS --max-time 5 --cacert "$PKI_DIR/ca.crt" --cert "$PKI_DIR/admin.crt" --key "$PKI_DIR/admin.key" \
    "$(apiserver_url)/readyz"
}

# The KubeSchedulerConfiguration is the Helm chart's file, with the placeholders filled in for this
# machine exactly as the chart fills them for a pod (templates/_helpers.tpl, muster.schedulerConfig).
# The lease is the chart's default, kube-system/muster-scheduler, which its RBAC grants.
# SCHEDULER_CONFIG_TEMPLATE: another KubeSchedulerConfiguration with the same placeholders (the
# throughput benchmark swaps in configurations without an extender or with trivial ones).
SCHEDULER_CONFIG_TEMPLATE=${SCHEDULER_CONFIG_TEMPLATE:-$REPO_DIR/deploy/helm/muster/files/kube-scheduler-config.yaml}
# shellcheck disable=SC2016  # '${...}' below are literal placeholders, not expansions
render_scheduler_config() {
  local template=$SCHEDULER_CONFIG_TEMPLATE out=$RUN_DIR/kube-scheduler-config.yaml text
  local https=false cert="" key="" ca=""
  [[ -f $template ]] || die "SCHEDULER_CONFIG_TEMPLATE $template not found"
  if [[ $(extender_tls) == mtls ]]; then
    https=true
    cert=$EXTENDER_TLS_DIR/client.crt key=$EXTENDER_TLS_DIR/client.key ca=$EXTENDER_TLS_DIR/ca.crt
  fi
  text=$(<"$template")
  text=${text//'${KUBECONFIG}'/$RUN_DIR/scheduler.kubeconfig}
  text=${text//'${SCHEDULER_NAME}'/muster}
  text=${text//'${LEASE_NAMESPACE}'/kube-system}
  text=${text//'${LEASE_NAME}'/muster-scheduler}
  text=${text//'${EXTENDER_URL}'/$(extender_url)}
  text=${text//'${ENABLE_HTTPS}'/$https}
  text=${text//'${TLS_CERT_FILE}'/$cert}
  text=${text//'${TLS_KEY_FILE}'/$key}
  text=${text//'${TLS_CA_FILE}'/$ca}
  # SCHEDULER_QPS: kube-scheduler's client QPS (burst twice that), replacing the template's values,
  # so that binding is not capped by the client rate limiter in throughput runs.
  if [[ -n ${SCHEDULER_QPS:-} ]]; then
    [[ $SCHEDULER_QPS =~ ^[1-9][0-9]*$ ]] || die "SCHEDULER_QPS must be a positive integer, got '$SCHEDULER_QPS'"
    if ! grep -q '^  qps: ' <<<"$text" || ! grep -q '^  burst: ' <<<"$text"; then
      die "SCHEDULER_QPS: $template has no clientConnection qps/burst lines to replace"
    fi
    text=$(sed -e "s/^  qps: .*/  qps: $SCHEDULER_QPS/" -e "s/^  burst: .*/  burst: $((2 * SCHEDULER_QPS))/" <<<"$text")
  fi
  # A placeholder nobody replaced would reach kube-scheduler as a literal string; refuse instead.
  if grep -v '^[[:space:]]*#' <<<"$text" | grep -q '\${'; then
    die "unreplaced placeholder in $template: $(grep -v '^[[:space:]]*#' <<<"$text" | grep '\${' | head -1)"
  fi
  printf '%s\n' "$text" >"$out.tmp"
  mv "$out.tmp" "$out"
}

scheduler_args() {
  SCHEDULER_ARGS=("$KUBE_SCHEDULER_BIN" --config="$RUN_DIR/kube-scheduler-config.yaml"
    --bind-address=127.0.0.1 --secure-port="${PORTS[SCHEDULER_PORT]}"
    --tls-cert-file="$PKI_DIR/scheduler-serving.crt" --tls-private-key-file="$PKI_DIR/scheduler-serving.key"
    # Delegated authn/authz of its own endpoint use the same ServiceAccount identity.
    --authentication-kubeconfig="$RUN_DIR/scheduler.kubeconfig"
    --authorization-kubeconfig="$RUN_DIR/scheduler.kubeconfig"
    --v="${SCHEDULER_VERBOSITY:-2}")
}

lease_holder() {
  api GET /apis/coordination.k8s.io/v1/namespaces/kube-system/leases/muster-scheduler "200 404"
  [[ $API_CODE == 200 ]] && sed -n 's/.*"holderIdentity":[[:space:]]*"\([^"]*\)".*/\1/p' <<<"$API_BODY"
  return 0
}
lease_taken_over() { # previous-holder
  local h
  h=$(lease_holder)
  [[ -n $h && $h != "$1" ]]
}
start_scheduler() {
  local before
  before=$(lease_holder)
  start_process kube-scheduler "${SCHEDULER_ARGS[@]}"
  wait_for "kube-scheduler GET https://127.0.0.1:${PORTS[SCHEDULER_PORT]}/healthz" "$SCHEDULER_WAIT" kube-scheduler -- \
    curl -fsS --max-time 2 --cacert "$PKI_DIR/ca.crt" "https://127.0.0.1:${PORTS[SCHEDULER_PORT]}/healthz"
  # A previous instance that was killed hard keeps the lease until it expires (15 s by default).
  wait_for "kube-scheduler to hold lease kube-system/muster-scheduler (previous holder '${before:-none}')" \
    "$LEASE_WAIT" kube-scheduler -- lease_taken_over "$before"
}

# --- main ---------------------------------------------------------------------------------------

main() {
  local t0=$SECONDS ext_cmd=""
  ensure_packages
  # Fail before starting anything if the extender cannot be started (no jar, no JDK >= 21).
  [[ $NO_EXTENDER == 1 ]] || ext_cmd=$(extender_command)
  build_binaries
  local t_built=$SECONDS

  umask 077
  mkdir -p "$RUN_DIR" "$PID_DIR" "$LOG_DIR"
  touch "$RUN_MARKER"
  gen_pki
  # Remember the TLS mode, so that extender.sh (and the next up.sh) use the one the scheduler has.
  local tls_mode
  tls_mode=$(extender_tls)
  echo "$tls_mode" >"$RUN_DIR/extender.tls"

  load_ports
  ensure_port ETCD_CLIENT_PORT etcd
  ensure_port ETCD_PEER_PORT etcd
  ensure_port APISERVER_PORT kube-apiserver
  ensure_port SCHEDULER_PORT kube-scheduler
  ensure_port EXTENDER_PORT extender
  ensure_port EXTENDER_OPS_PORT extender
  save_ports

  etcd_args
  ensure_component etcd "${ETCD_ARGS[*]}" start_etcd
  apiserver_args
  ensure_component kube-apiserver "${APISERVER_ARGS[*]} $(files_digest "$PKI_DIR/apiserver.crt" "$PKI_DIR/sa.pub")" start_apiserver
  write_kubeconfig "$RUN_DIR/admin.kubeconfig" muster-local-admin cert "$PKI_DIR/admin.crt" "$PKI_DIR/admin.key"
  write_kubeconfig "$RUN_DIR/kube-scheduler-cert.kubeconfig" system:kube-scheduler cert \
    "$PKI_DIR/kube-scheduler.crt" "$PKI_DIR/kube-scheduler.key"

  apply_namespaces
  apply_nodes
  # ServiceAccounts and RBAC exactly as shipped: the plain manifests rendered from the Helm chart.
  apply_manifest "$REPO_DIR/deploy/manifests/muster.yaml" ServiceAccount ClusterRole ClusterRoleBinding Role RoleBinding
  ensure_sa_kubeconfig "$RUN_DIR/muster.kubeconfig" muster muster
  ensure_sa_kubeconfig "$RUN_DIR/scheduler.kubeconfig" muster muster-scheduler

  if [[ $NO_EXTENDER == 1 ]]; then
    log "NO_EXTENDER=1: not starting the extender (start it with deploy/local/extender.sh start)"
    # Remember a command given now, so extender.sh start uses it later.
    [[ -n ${MUSTER_EXTENDER_CMD:-} ]] && echo "$MUSTER_EXTENDER_CMD" >"$RUN_DIR/extender.cmd"
  else
    ensure_component extender \
      "$ext_cmd ${PORTS[EXTENDER_PORT]} ${PORTS[EXTENDER_OPS_PORT]} $(extender_tls) $(files_digest "$RUN_DIR/muster.kubeconfig" "$EXTENDER_TLS_DIR/server.crt")" \
      start_extender
  fi

  render_scheduler_config
  scheduler_args
  ensure_component kube-scheduler \
    "${SCHEDULER_ARGS[*]} $(files_digest "$RUN_DIR/kube-scheduler-config.yaml" "$RUN_DIR/scheduler.kubeconfig" "$EXTENDER_TLS_DIR/client.crt")" start_scheduler

  write_env_file
  log "control plane up in $((SECONDS - t0))s (binaries $((t_built - t0))s)"
  cat >&2 <<EOF

  Kubernetes $K8S_VERSION (etcd $ETCD_VERSION) on 127.0.0.1
  API server     $(apiserver_url)
  extender       $(extender_url) ($(extender_tls))$([[ $NO_EXTENDER == 1 ]] && echo " (not started: NO_EXTENDER=1)")
  kube-scheduler https://127.0.0.1:${PORTS[SCHEDULER_PORT]}  (schedulerName: muster, lease kube-system/muster-scheduler: $(lease_holder))
  admin kubeconfig  $RUN_DIR/admin.kubeconfig
  env for tests     $ENV_FILE   (set -a; . $ENV_FILE; set +a)
  logs              $LOG_DIR/
  stop              deploy/local/down.sh [--purge]

EOF
}

main "$@"
