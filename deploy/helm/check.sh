#!/usr/bin/env bash
# Checks the Helm chart without a cluster (CI calls this): helm lint, helm template of every
# supported combination of values, refusal of bad values, the committed plain manifests equal a
# fresh render, the chart's policies file is policies/default.yaml (also inside a packaged chart).
# With --apply it also server-side applies every render to a running deploy/local control plane.
#
#   deploy/helm/check.sh [--apply]
#
# Helm is built from its Go module by deploy/local/build-helm.sh (cached; a few minutes cold).
# Prints one line per check and ends with "N passed, M failed"; exits 1 if any check failed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
chart=$repo/deploy/helm/muster
apply=0
[[ ${1:-} == --apply ]] && apply=1
# shellcheck source=/dev/null  # plain KEY=value pins
source "$repo/deploy/local/versions.env"

HELM_BIN=${HELM_BIN:-$("$repo/deploy/local/build-helm.sh" | sed -n 's/^HELM_BIN=//p')}
export HELM_BIN
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0 failed=0
ok() {
  echo "ok    $1"
  passed=$((passed + 1))
}
bad() {
  echo "FAIL  $1"
  [[ -n ${2:-} ]] && sed 's/^/      /' "$2" | head -20
  failed=$((failed + 1))
}
check() { # description command... (output kept for the failure report)
  local what=$1
  shift
  if "$@" >"$work/out" 2>&1; then ok "$what"; else bad "$what" "$work/out"; fi
}

# Helm reports the chart's symlink to policies/default.yaml on stderr; that is intended. (Filtered
# synchronously, so that the caller's redirect holds the whole message when helm returns.)
helm() {
  local rc=0
  "$HELM_BIN" "$@" 2>"$work/helm.err" || rc=$?
  grep -v 'found symbolic link in path' "$work/helm.err" >&2 || true
  return $rc
}
template() { # name values...
  local name=$1
  shift
  helm template muster "$chart" --namespace muster --kube-version "$K8S_VERSION" "$@" >"$work/$name.yaml"
}
contains() { grep -qF -- "$2" "$work/$1.yaml"; }
lacks() { ! grep -qF -- "$2" "$work/$1.yaml"; }

# --- lint and render every supported combination ---------------------------------------------
cat >"$work/policy-values.yaml" <<'EOF'
policies:
  document: |
    default:
      strategy: distribute-evenly
EOF
declare -A variants=(
  [default]=""
  [plain]="--set tls.mode=plain"
  [certmanager]="--set tls.source=certManager"
  [issuer]="--set tls.source=certManager --set tls.certManager.issuerRef.name=corp-ca --set tls.certManager.issuerRef.kind=ClusterIssuer"
  [shared-identity]="--set identity.separate=false"
  [options]="--set antiAffinity=soft --set topologySpread=false --set metrics.serviceMonitor.enabled=true --set networkPolicy.enabled=false --set namespace.create=true --set podDisruptionBudget.enabled=false --set priorityClassName=muster-critical --set scheduler.image.tag=v1.33.5"
  [renamed]="--set fullnameOverride=spark-gang --set schedulerName=spark-gang --set scheduler.leaderElection.leaseNamespace=muster"
  [policy]="-f $work/policy-values.yaml"
)
for v in $(printf '%s\n' "${!variants[@]}" | sort); do
  # shellcheck disable=SC2086  # the value lists are word lists on purpose
  check "helm lint --strict ($v)" helm lint --strict "$chart" --kube-version "$K8S_VERSION" ${variants[$v]}
  # shellcheck disable=SC2086
  check "helm template ($v)" template "$v" ${variants[$v]}
  # shellcheck disable=SC2016  # a literal ${
  check "no unreplaced placeholder in the scheduler config ($v)" lacks "$v" '${'
done

# --- what each combination must render ----------------------------------------------------------
check "default: mTLS URL, HTTPS, client certificate files" bash -c "
  grep -qF 'urlPrefix: \"https://127.0.0.1:8888\"' '$work/default.yaml' &&
  grep -qF 'enableHTTPS: true' '$work/default.yaml' &&
  grep -qF 'certFile: \"/etc/muster/tls/client/tls.crt\"' '$work/default.yaml' &&
  grep -qF 'caFile: \"/etc/muster/tls/client/ca.crt\"' '$work/default.yaml'"
check "default: Muster requires client certificates (MUSTER_TLS_MODE=mtls, client CA)" bash -c "
  grep -A1 'name: MUSTER_TLS_MODE' '$work/default.yaml' | grep -qF 'value: \"mtls\"' &&
  grep -qF 'name: MUSTER_TLS_CLIENT_CA' '$work/default.yaml'"
check "default: kube-scheduler image follows the Kubernetes version ($K8S_VERSION)" \
  contains default "image: \"registry.k8s.io/kube-scheduler:$K8S_VERSION\""
check "plain: HTTP only when asked, no TLS files, no TLS volumes" bash -c "
  grep -qF 'urlPrefix: \"http://127.0.0.1:8888\"' '$work/plain.yaml' &&
  grep -qF 'enableHTTPS: false' '$work/plain.yaml' && grep -qF 'certFile: \"\"' '$work/plain.yaml' &&
  ! grep -qE 'name: (server|client)-tls' '$work/plain.yaml' &&
  grep -A1 'name: MUSTER_TLS_MODE' '$work/plain.yaml' | grep -qF 'value: \"plain\"'"
check "certManager: CA, server certificate for 127.0.0.1, client certificate, PKCS#8 keys" bash -c "
  [[ \$(grep -c '^kind: Certificate' '$work/certmanager.yaml') == 3 ]] &&
  grep -qF -- '- 127.0.0.1' '$work/certmanager.yaml' && grep -qF 'usages: [client auth' '$work/certmanager.yaml' &&
  [[ \$(grep -c 'encoding: PKCS8' '$work/certmanager.yaml') == 3 ]]"
check "certManager with issuerRef: no chart CA, certificates from the given issuer" bash -c "
  ! grep -qF 'selfSigned' '$work/issuer.yaml' && [[ \$(grep -c '^kind: Certificate' '$work/issuer.yaml') == 2 ]] &&
  grep -qF 'name: corp-ca' '$work/issuer.yaml' && grep -qF 'kind: ClusterIssuer' '$work/issuer.yaml'"
check "shared identity: one ServiceAccount, no token Secret, the scheduler bindings name it" bash -c "
  [[ \$(grep -c '^kind: ServiceAccount' '$work/shared-identity.yaml') == 1 ]] &&
  ! grep -qF 'kubernetes.io/service-account-token' '$work/shared-identity.yaml' &&
  ! grep -qF 'name: muster-scheduler\$' '$work/shared-identity.yaml'"
check "options: ServiceMonitor, Namespace (restricted), soft anti-affinity, no PDB/NetworkPolicy" bash -c "
  grep -qF 'kind: ServiceMonitor' '$work/options.yaml' && grep -qF 'kind: Namespace' '$work/options.yaml' &&
  grep -qF 'pod-security.kubernetes.io/enforce: restricted' '$work/options.yaml' &&
  grep -qF 'preferredDuringSchedulingIgnoredDuringExecution' '$work/options.yaml' &&
  ! grep -qE 'kind: (PodDisruptionBudget|NetworkPolicy)' '$work/options.yaml' &&
  grep -qF 'kube-scheduler:v1.33.5' '$work/options.yaml'"
check "renamed: scheduler name, lease and its Role follow the values" bash -c "
  grep -qF 'schedulerName: \"spark-gang\"' '$work/renamed.yaml' &&
  grep -qF 'resourceName: \"spark-gang-scheduler\"' '$work/renamed.yaml' &&
  grep -qF 'resourceNamespace: \"muster\"' '$work/renamed.yaml' &&
  grep -qF 'resourceNames: [\"spark-gang-scheduler\"]' '$work/renamed.yaml' &&
  grep -qF 'name: MUSTER_POLICY_CONFIGMAP' '$work/renamed.yaml' && grep -qF 'value: \"spark-gang-policies\"' '$work/renamed.yaml'"
check "policy: policies.document replaces the shipped file" bash -c "
  grep -qF 'strategy: distribute-evenly' '$work/policy.yaml' && ! grep -qF 'strategy: tightly-pack' '$work/policy.yaml'"

# --- values that must be refused ----------------------------------------------------------------
for bad_values in "tls.mode=none" "tls.source=vault" "schedulerName=default-scheduler" \
  "extender.opsPort=8888" "antiAffinity=maybe"; do
  if template refused --set "$bad_values" >"$work/out" 2>&1; then
    bad "refuses $bad_values" "$work/out"
  else
    ok "refuses $bad_values ($(grep -o 'execution error.*' "$work/out" | sed 's/.*): //' | head -1))"
  fi
done

# --- one source of truth --------------------------------------------------------------------------
check "deploy/manifests/muster.yaml equals a fresh render (deploy/helm/render.sh --check)" \
  "$here/render.sh" --check
check "the chart's files/policies.yaml is policies/default.yaml" \
  cmp "$chart/files/policies.yaml" "$repo/policies/default.yaml"
check "a packaged chart carries policies/default.yaml as a real file" bash -c "
  '$HELM_BIN' package '$chart' -d '$work/pkg' >/dev/null 2>&1 &&
  tar -xzOf '$work'/pkg/muster-*.tgz muster/files/policies.yaml | cmp - '$repo/policies/default.yaml' &&
  tar -xzOf '$work'/pkg/muster-*.tgz muster/files/kube-scheduler-config.yaml | cmp - '$chart/files/kube-scheduler-config.yaml'"
check "deploy/local renders the chart's scheduler config file" \
  grep -qF 'deploy/helm/muster/files/kube-scheduler-config.yaml' "$repo/deploy/local/up.sh"
check "deploy/local applies the rendered manifests' RBAC" \
  grep -qF 'deploy/manifests/muster.yaml' "$repo/deploy/local/up.sh"

# --- optional: a real API server ----------------------------------------------------------------
if ((apply)); then
  for v in $(printf '%s\n' "${!variants[@]}" | sort); do
    check "server-side apply, fieldValidation=Strict ($v)" "$here/apply-local.sh" "$work/$v.yaml"
  done
  check "server-side apply of deploy/manifests/muster.yaml" "$here/apply-local.sh"

  # A real Helm release against the local API server: install, upgrade, uninstall.
  env_file=${RUN_DIR:-$repo/deploy/local/run}/env
  kubeconfig=$(sed -n 's/^KUBECONFIG=//p' "$env_file")
  export HELM_CACHE_HOME=$work/helm/cache HELM_CONFIG_HOME=$work/helm/config HELM_DATA_HOME=$work/helm/data
  rel=(--namespace muster-helm-check --kubeconfig "$kubeconfig")
  api_get() { # path -> HTTP code, as admin
    local ca cert key url
    ca=$(sed -n 's/^CA_CERT=//p' "$env_file") cert=$(sed -n 's/^ADMIN_CERT=//p' "$env_file")
    key=$(sed -n 's/^ADMIN_KEY=//p' "$env_file") url=$(sed -n 's/^APISERVER_URL=//p' "$env_file")
    curl -s -o "$work/api.json" -w '%{http_code}' --cacert "$ca" --cert "$cert" --key "$key" "$url$1"
  }
  release_image_follows_cluster() {
    "$HELM_BIN" get manifest hc "${rel[@]}" | grep -qF "image: \"registry.k8s.io/kube-scheduler:$K8S_VERSION\""
  }
  upgraded_to_plain() {
    [[ $(api_get /apis/apps/v1/namespaces/muster-helm-check/deployments/hc-muster) == 200 ]] &&
      jq -e '.metadata.generation == 2 and ([.spec.template.spec.containers[] | select(.name == "muster")
        | .env[] | select(.name == "MUSTER_TLS_MODE") | .value] == ["plain"])' "$work/api.json"
  }
  uninstalled() {
    "$HELM_BIN" uninstall hc "${rel[@]}" &&
      [[ $(api_get /apis/rbac.authorization.k8s.io/v1/clusterroles/hc-muster-extender) == 404 ]] &&
      [[ $(api_get /apis/rbac.authorization.k8s.io/v1/namespaces/kube-system/roles/hc-muster-scheduler-lease) == 404 ]]
  }
  check "helm install (release hc, capabilities of the live API server)" \
    helm install hc "$chart" --create-namespace "${rel[@]}"
  check "the release's kube-scheduler image follows the live API server ($K8S_VERSION)" release_image_follows_cluster
  check "helm upgrade --reuse-values --set tls.mode=plain" \
    helm upgrade hc "$chart" --reuse-values --set tls.mode=plain "${rel[@]}"
  check "the upgraded Deployment runs Muster in plain mode (generation 2)" upgraded_to_plain
  check "helm uninstall removes the cluster-wide and kube-system objects" uninstalled
fi

echo "$passed passed, $failed failed"
((failed == 0))
