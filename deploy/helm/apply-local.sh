#!/usr/bin/env bash
# Server-side applies rendered manifests (default: deploy/manifests/muster.yaml) to the running
# deploy/local control plane, with strict field validation, to prove that every object is valid
# for the real kube-apiserver (deploy/local/versions.env). Then reads each object back.
#
#   NODES=2 NO_EXTENDER=1 deploy/local/up.sh && deploy/helm/apply-local.sh [FILE...]
#
# Without a kubelet and a controller manager nothing runs: Deployments get no ReplicaSet and the
# ServiceAccount token Secret stays empty. CRD kinds (cert-manager, Prometheus Operator) are skipped
# unless their CRDs are installed.
#
# APPLY_DRY_RUN=1 validates every object in full on the server (dryRun=All) but stores nothing, so
# a running test suite's objects (e.g. a policy ConfigMap a test owns) are left alone; the RBAC
# table then checks the rules deploy/local/up.sh applied from the same file.
set -euo pipefail

LOG_TAG=apply
# shellcheck source=../local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../local/lib.sh"
FIELD_MANAGER=muster-deploy-check

[[ -f $ENV_FILE ]] || die "no running control plane ($ENV_FILE missing): run deploy/local/up.sh first"
load_ports
files=("$@")
((${#files[@]})) || files=("$REPO_DIR/deploy/manifests/muster.yaml")

kinds=(Namespace ServiceAccount Secret ConfigMap ClusterRole ClusterRoleBinding Role RoleBinding
  Service Deployment PodDisruptionBudget NetworkPolicy)
for f in "${files[@]}"; do
  apply_manifest "$f" "${kinds[@]}"
  # Read back: every applied object exists, and the kinds we could not apply are named.
  skipped=$(sed -n 's/^kind:[[:space:]]*\([A-Za-z]*\).*/\1/p' "$f" | sort -u |
    grep -vxF -f <(printf '%s\n' "${kinds[@]}") || true)
  [[ -z $skipped ]] || log "not applied (CRD kinds, no CRDs here): $(echo "$skipped" | tr '\n' ' ')"
done

# The default manifests: read back the objects that matter most.
if (($# == 0)) && [[ ${APPLY_DRY_RUN:-0} != 1 ]]; then
  api GET /apis/apps/v1/namespaces/muster/deployments/muster 200
  containers=$(grep -o '"name": *"\(kube-scheduler\|muster\)"' <<<"$API_BODY" | sort -u | wc -l)
  [[ $containers == 2 ]] || die "Deployment muster/muster does not have the kube-scheduler and muster containers"
  api GET /api/v1/namespaces/muster/configmaps/muster-scheduler-config 200
  api GET /api/v1/namespaces/muster/configmaps/muster-policies 200
  api GET /apis/policy/v1/namespaces/muster/poddisruptionbudgets/muster 200
fi
log "all objects accepted by kube-apiserver $K8S_VERSION with fieldValidation=Strict$([[ ${APPLY_DRY_RUN:-0} == 1 ]] && echo ", dryRun=All")"

# The pods meet the "restricted" Pod Security Standard that the manifests' Namespace enforces:
# PodSecurity admission warns about a workload whose pod template would be refused. Checked in a
# namespace of its own that really carries the label (a dry run stores no label on "muster").
if [[ ${files[0]} == "$REPO_DIR/deploy/manifests/muster.yaml" ]]; then
  psa_ns=muster-psa-check
  printf '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"%s","labels":{"pod-security.kubernetes.io/enforce":"restricted"}}}' \
    "$psa_ns" | APPLY_DRY_RUN=0 apply_at "/api/v1/namespaces/$psa_ns"
  deployment=$(mktemp)
  awk '/^---/ { if (p) exit; buf = ""; next } { buf = buf $0 "\n" } /^kind: Deployment/ { p = 1 }
    END { printf "%s", buf }' "${files[0]}" | sed "s/^  namespace: muster$/  namespace: $psa_ns/" >"$deployment"
  grep -q "^  namespace: $psa_ns$" "$deployment" || die "no Deployment in namespace muster in ${files[0]}"
  warnings=$(curl -sS --max-time 20 -D - -o /dev/null --cacert "$PKI_DIR/ca.crt" --cert "$PKI_DIR/admin.crt" \
    --key "$PKI_DIR/admin.key" -X PATCH -H "Content-Type: application/apply-patch+yaml" --data-binary "@$deployment" \
    "$(apiserver_url)/apis/apps/v1/namespaces/$psa_ns/deployments/muster?fieldManager=$FIELD_MANAGER&force=true&dryRun=All" |
    grep -i '^warning:' || true)
  rm -f "$deployment"
  [[ -z $warnings ]] || die "the Deployment's pods would violate Pod Security \"restricted\": $warnings"
  log "the Deployment's pods meet Pod Security \"restricted\" (no PodSecurity warning)"
fi

# What the two identities may and may not do, asked of the API server's RBAC authorizer
# (SubjectAccessReview), for the default manifests only (their names are known).
((${#files[@]} == 1)) && [[ ${files[0]} == "$REPO_DIR/deploy/manifests/muster.yaml" ]] || exit 0
may() { # expected(yes|no) user verb group resource [subresource] [namespace] [name]
  local expected=$1 user=$2 verb=$3 group=$4 resource=$5 sub=${6:-} ns=${7:-} name=${8:-} allowed
  api POST /apis/authorization.k8s.io/v1/subjectaccessreviews 201 -H "Content-Type: application/json" --data \
    "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SubjectAccessReview\",\"spec\":{\"user\":\"$user\",\"groups\":[\"system:serviceaccounts\",\"system:authenticated\"],\"resourceAttributes\":{\"verb\":\"$verb\",\"group\":\"$group\",\"resource\":\"$resource\",\"subresource\":\"$sub\",\"namespace\":\"$ns\",\"name\":\"$name\"}}}"
  allowed=no
  grep -q '"allowed": *true' <<<"$API_BODY" && allowed=yes
  local what="${user##*:} $verb ${group:+$group/}$resource${sub:+/$sub}${ns:+ in $ns}${name:+ named $name}"
  [[ $allowed == "$expected" ]] || die "RBAC: expected '$expected' for: $what"
  printf '  %-3s  %s\n' "$allowed" "$what" >&2
}
ext=system:serviceaccount:muster:muster
sched=system:serviceaccount:muster:muster-scheduler
log "RBAC as the API server decides it (SubjectAccessReview):"
may yes "$ext" watch "" pods "" "" ""
may yes "$ext" patch "" pods "" spark driver-1
may yes "$ext" create "" pods binding spark driver-1
may yes "$ext" list "" configmaps "" "" ""
may yes "$ext" watch "" nodes "" "" ""
may yes "$ext" create "" events "" spark ""
may yes "$ext" watch sparkoperator.k8s.io sparkapplications "" "" ""
may no "$ext" delete "" pods "" spark driver-1
may no "$ext" update "" pods "" spark driver-1
may no "$ext" get "" secrets "" muster muster-scheduler-token
may no "$ext" patch "" nodes "" "" node-1
may no "$ext" create "" pods "" spark ""
may no "$ext" update coordination.k8s.io leases "" kube-system muster-scheduler
may yes "$sched" update coordination.k8s.io leases "" kube-system muster-scheduler
# Known breadth of reusing system:kube-scheduler: it may also update the default scheduler's lease
# (deploy/README.md, "RBAC"). The config never names that lease.
may yes "$sched" update coordination.k8s.io leases "" kube-system kube-scheduler
may yes "$sched" delete "" pods "" spark executor-1
may yes "$sched" create "" pods binding spark executor-1
may no "$sched" get "" secrets "" muster muster-server-tls
log "RBAC as intended"
