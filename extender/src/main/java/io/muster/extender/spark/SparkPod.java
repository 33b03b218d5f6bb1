package io.muster.extender.spark;

import io.muster.placement.model.GangId;
import io.muster.placement.model.PodConstraints;
import io.muster.placement.model.Resources;
import java.util.Optional;

/** A pod as Muster sees it: a Spark driver, a Spark executor, or anything else. */
public sealed interface SparkPod {
  /** A Spark driver pod; {@code requests} is what kube-scheduler accounts for it. */
  record Driver(GangId gang, PodRef pod, Resources requests) implements SparkPod {}

  /**
   * A Spark executor pod. {@code resourceProfileId} is 0 for the default profile (the gang's
   * executors); {@code driverPod} names the owning driver pod (cluster mode, or client mode with
   * {@code spark.kubernetes.driver.pod.name}).
   */
  record Executor(
      GangId gang,
      PodRef pod,
      Optional<String> execId,
      int resourceProfileId,
      Optional<String> driverPod,
      Resources requests,
      PodConstraints constraints)
      implements SparkPod {}

  /** Not a usable Spark pod; {@code reason} says why (for logs, never an error). */
  record Other(String reason) implements SparkPod {}
}
