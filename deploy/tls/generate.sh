#!/usr/bin/env bash
# Generates the certificates for mutual TLS between kube-scheduler and Muster, with openssl:
#   ca.crt / ca.key          a private CA for this installation only
#   server.crt / server.key  Muster's serving certificate (SAN IP:127.0.0.1, DNS:localhost, + --san)
#   client.crt / client.key  kube-scheduler's client certificate (CN=muster-scheduler, clientAuth)
# Keys are RSA 2048 in PKCS#8 PEM. Files go to --out (default ./muster-tls, mode 0600 for keys).
#
# With --namespace, it also prints the two Secrets the Helm chart and deploy/manifests/muster.yaml
# mount (type kubernetes.io/tls, each with ca.crt) on stdout, so installing is one line:
#
#   deploy/tls/generate.sh --namespace muster | kubectl apply -f -
#
# Idempotent: an existing CA and existing certificates in --out are reused (re-running prints the
# same Secrets); --renew issues new server and client certificates from the same CA.
set -euo pipefail

out=./muster-tls
namespace=""
server_secret=muster-server-tls
client_secret=muster-scheduler-client-tls
client_cn=muster-scheduler
days=365
ca_days=3650
renew=0
sans=()

usage() {
  cat <<EOF
usage: $0 [--out DIR] [--namespace NS] [--server-secret NAME] [--client-secret NAME]
          [--client-cn CN] [--san DNS-or-IP]... [--days N] [--ca-days N] [--renew]

  --out DIR            where the PEM files go (default ./muster-tls)
  --namespace NS       also print the two Secrets for namespace NS on stdout (kubectl apply -f -)
  --server-secret NAME Secret with Muster's serving certificate (default muster-server-tls)
  --client-secret NAME Secret with kube-scheduler's client certificate (default muster-scheduler-client-tls)
  --client-cn CN       client certificate subject CN (default muster-scheduler)
  --san VALUE          extra subjectAltName of the server certificate (repeatable; IPs detected)
  --days N             validity of the server and client certificates (default 365)
  --ca-days N          validity of the CA (default 3650)
  --renew              issue new server and client certificates (same CA)
EOF
}

while (($#)); do
  case $1 in
    --out) out=${2:?--out needs a value}; shift 2 ;;
    --namespace) namespace=${2:?--namespace needs a value}; shift 2 ;;
    --server-secret) server_secret=${2:?--server-secret needs a value}; shift 2 ;;
    --client-secret) client_secret=${2:?--client-secret needs a value}; shift 2 ;;
    --client-cn) client_cn=${2:?--client-cn needs a value}; shift 2 ;;
    --san) sans+=("${2:?--san needs a value}"); shift 2 ;;
    --days) days=${2:?--days needs a value}; shift 2 ;;
    --ca-days) ca_days=${2:?--ca-days needs a value}; shift 2 ;;
    --renew) renew=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ $days =~ ^[1-9][0-9]*$ && $ca_days =~ ^[1-9][0-9]*$ ]] || { echo "--days and --ca-days must be positive integers" >&2; exit 2; }
command -v openssl >/dev/null || { echo "openssl is needed (apt-get install openssl)" >&2; exit 1; }

log() { printf '[tls] %s\n' "$*" >&2; }

mkdir -p "$out"
chmod 700 "$out"
cd "$out"
umask 077

if [[ ! -f ca.crt || ! -f ca.key ]]; then
  log "creating CA in $out"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca.key 2>/dev/null
  openssl req -x509 -new -key ca.key -sha256 -days "$ca_days" -subj "/CN=muster-ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out ca.crt 2>/dev/null
  rm -f server.crt client.crt # issued by another CA, if any
fi

issue() { # name subject extendedKeyUsage [subjectAltName]
  local name=$1 subj=$2 eku=$3 san=${4:-} ext
  if [[ -f $name.crt && -f $name.key && $renew == 0 ]]; then
    return 0
  fi
  log "issuing $name certificate ($subj, $eku)"
  ext=$(mktemp)
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$eku"
    [[ -n $san ]] && echo "subjectAltName=$san"
  } >"$ext"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$name.key" 2>/dev/null
  openssl req -new -key "$name.key" -subj "$subj" -out "$name.csr" 2>/dev/null
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days "$days" \
    -extfile "$ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$ext" ca.srl
}

san="IP:127.0.0.1,DNS:localhost"
for s in "${sans[@]}"; do
  if [[ $s =~ ^[0-9.]+$ || $s == *:* ]]; then san+=",IP:$s"; else san+=",DNS:$s"; fi
done
issue server "/CN=muster" serverAuth "$san"
issue client "/CN=$client_cn" clientAuth
chmod 600 ./*.key
chmod 644 ./*.crt

# Both leaf certificates must chain to the CA (a stale file from another CA is caught here).
openssl verify -CAfile ca.crt server.crt client.crt >/dev/null ||
  { echo "certificates in $out do not verify against ca.crt; delete the folder and re-run" >&2; exit 1; }
log "done: $(pwd)"

secret() { # name crt key
  cat <<EOF
---
apiVersion: v1
kind: Secret
metadata:
  name: $1
  namespace: $namespace
  labels:
    app.kubernetes.io/part-of: muster
type: kubernetes.io/tls
data:
  tls.crt: $(base64 -w0 <"$2")
  tls.key: $(base64 -w0 <"$3")
  ca.crt: $(base64 -w0 <ca.crt)
EOF
}

if [[ -n $namespace ]]; then
  secret "$server_secret" server.crt server.key
  secret "$client_secret" client.crt client.key
fi
