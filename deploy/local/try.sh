#!/usr/bin/env bash
# Try Muster for real: build the extender, bring up the local control plane (etcd, kube-apiserver,
# kube-scheduler with the `muster` profile, Muster), submit a sample Spark application shaped
# exactly as Spark 4 makes it (driver pod first, its ConfigMap a moment later, executors in batches
# once the driver is placed), then print where each pod landed and what /debug/gangs says.
# Stop everything with deploy/local/down.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../../.ci/jdk.sh
source .ci/jdk.sh

if [[ ! -f extender/target/muster-extender.jar ]]; then
  echo "building the extender (first run only)..."
  mvn -B -ntp -q -pl extender -am package -DskipTests
fi
deploy/local/up.sh
set -a
# shellcheck disable=SC1091
. deploy/local/run/env
set +a

api() { curl -fsS --max-time 10 --cacert "$CA_CERT" --cert "$ADMIN_CERT" --key "$ADMIN_KEY" "$@"; }
post() { api -X POST -H 'Content-Type: application/json' "$APISERVER_URL$1" -d @- >/dev/null; }
node_of() {
  api "$APISERVER_URL/api/v1/namespaces/spark/pods/$1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["spec"].get("nodeName") or "")'
}
wait_bound() { # pod, seconds
  local i
  for ((i = 0; i < $2 * 5; i++)); do
    [[ -n $(node_of "$1") ]] && return 0
    sleep 0.2
  done
  echo "pod $1 not bound within $2 s; see deploy/local/run/logs/ and $EXTENDER_URL/explain/spark/$1" >&2
  return 1
}

hex() { od -An -N8 -tx1 /dev/urandom | tr -d ' \n'; }
app_id="spark-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
driver="wordcount-$(hex)-driver"
exec_prefix="wordcount-$(hex)"
conf="spark-drv-$(hex)-conf-map"
labels='"spark-app-name":"wordcount","spark-app-selector":"'$app_id'","spark-version":"4.0.1"'

echo "submitting Spark application $app_id: driver 1 CPU / 2g, 4 executors × 2 CPU / 4g"
post /api/v1/namespaces/spark/pods <<JSON
{"apiVersion":"v1","kind":"Pod","metadata":{"name":"$driver","namespace":"spark",
 "labels":{$labels,"spark-role":"driver"}},
 "spec":{"schedulerName":"muster","restartPolicy":"Never",
  "containers":[{"name":"spark-kubernetes-driver","image":"apache/spark:4.0.1",
   "resources":{"requests":{"cpu":"1","memory":"2432Mi"},"limits":{"memory":"2432Mi"}},
   "volumeMounts":[{"name":"spark-conf-volume-driver","mountPath":"/opt/spark/conf"}]}],
  "volumes":[{"name":"spark-conf-volume-driver","configMap":{"name":"$conf",
   "items":[{"key":"spark.properties","path":"spark.properties"}]}}]}}
JSON
sleep 0.2 # Spark writes the ConfigMap after the pod
driver_uid=$(api "$APISERVER_URL/api/v1/namespaces/spark/pods/$driver" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["metadata"]["uid"])')
props="spark.app.name=wordcount\nspark.app.id=$app_id\nspark.executor.instances=4\nspark.executor.cores=2\nspark.executor.memory=4g\nspark.driver.memory=2g\nspark.kubernetes.namespace=spark\nspark.kubernetes.scheduler.name=muster\nspark.kubernetes.memoryOverheadFactor=0.1\nspark.kubernetes.resource.type=java\nspark.submit.deployMode=cluster\n"
post /api/v1/namespaces/spark/configmaps <<JSON
{"apiVersion":"v1","kind":"ConfigMap","immutable":true,"metadata":{"name":"$conf","namespace":"spark",
 "ownerReferences":[{"apiVersion":"v1","kind":"Pod","name":"$driver","uid":"$driver_uid","controller":true}]},
 "data":{"spark.properties":"$props","spark.kubernetes.namespace":"spark"}}
JSON
wait_bound "$driver" 30

for id in 1 2 3 4; do
  post /api/v1/namespaces/spark/pods <<JSON
{"apiVersion":"v1","kind":"Pod","metadata":{"name":"$exec_prefix-exec-$id","namespace":"spark",
 "labels":{$labels,"spark-role":"executor","spark-exec-id":"$id","spark-exec-resourceprofile-id":"0"},
 "ownerReferences":[{"apiVersion":"v1","kind":"Pod","name":"$driver","uid":"$driver_uid","controller":true}]},
 "spec":{"schedulerName":"muster","restartPolicy":"Never",
  "containers":[{"name":"spark-kubernetes-executor","image":"apache/spark:4.0.1",
   "resources":{"requests":{"cpu":"2","memory":"4505Mi"},"limits":{"memory":"4505Mi"}}}]}}
JSON
  ((id % 2 == 0)) && sleep 1 # Spark creates executors in batches
done
for id in 1 2 3 4; do wait_bound "$exec_prefix-exec-$id" 30; done

echo
echo "where the pods landed:"
printf '  %-45s %s\n' "$driver" "$(node_of "$driver")"
for id in 1 2 3 4; do printf '  %-45s %s\n' "$exec_prefix-exec-$id" "$(node_of "$exec_prefix-exec-$id")"; done
echo
echo "$EXTENDER_URL/debug/gangs:"
curl -fsS --max-time 5 "$EXTENDER_URL/debug/gangs" | python3 -m json.tool
echo
echo "why is a pod where it is:  curl $EXTENDER_URL/explain/spark/$exec_prefix-exec-1"
echo "stop everything:           deploy/local/down.sh"
