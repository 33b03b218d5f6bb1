#!/usr/bin/env bash
# Cluster-mode spark-submit (Spark 3.3+) scheduled by Muster. Muster learns the gang from what
# Spark writes (the driver's spark.properties ConfigMap): 1 driver + 4 executors of 2 cores / 4g are
# admitted together or not at all. No Muster-specific annotation is needed.
#
#   K8S_API=https://my-cluster:6443 IMAGE=apache/spark:3.5.3 deploy/examples/spark-submit.sh
#
# Prometheus: Spark's own PrometheusServlet (spark.ui.prometheus.enabled) serves the driver's
# metrics at :4040/metrics/prometheus/ and the executors' at :4040/metrics/executors/prometheus/;
# the prometheus.io/* annotations let an annotation-based scrape job find the driver pod.
set -euo pipefail

: "${K8S_API:?set K8S_API, e.g. https://my-cluster:6443}"
IMAGE=${IMAGE:-apache/spark:3.5.3}
NAMESPACE=${NAMESPACE:-spark}
# The examples jar inside the image (its name carries the Scala and Spark versions).
EXAMPLES_JAR=${EXAMPLES_JAR:-local:///opt/spark/examples/jars/spark-examples_2.12-3.5.3.jar}

exec "${SPARK_HOME:?set SPARK_HOME}/bin/spark-submit" \
  --master "k8s://$K8S_API" \
  --deploy-mode cluster \
  --name spark-pi \
  --class org.apache.spark.examples.SparkPi \
  --conf spark.kubernetes.namespace="$NAMESPACE" \
  --conf spark.kubernetes.container.image="$IMAGE" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName=spark \
  `# Muster schedules the driver and every executor (Spark 3.3+; both pods).` \
  --conf spark.kubernetes.scheduler.name=muster \
  `# The gang: 1 driver + 4 executors, all or nothing.` \
  --conf spark.executor.instances=4 \
  --conf spark.executor.cores=2 \
  --conf spark.executor.memory=4g \
  --conf spark.driver.cores=1 \
  --conf spark.driver.memory=2g \
  `# Optional: a policy rule can match on labels (policies/README.md).` \
  --conf spark.kubernetes.driver.label.workload=shuffle-heavy \
  `# Prometheus scraping of Spark's own metrics.` \
  --conf spark.ui.prometheus.enabled=true \
  --conf spark.executor.processTreeMetrics.enabled=true \
  --conf spark.kubernetes.driver.annotation.prometheus.io/scrape=true \
  --conf spark.kubernetes.driver.annotation.prometheus.io/path=/metrics/executors/prometheus/ \
  --conf spark.kubernetes.driver.annotation.prometheus.io/port=4040 \
  `# Returns once the driver pod exists; watch it with kubectl (see deploy/README.md).` \
  --conf spark.kubernetes.submission.waitAppCompletion=false \
  "$EXAMPLES_JAR" 1000
