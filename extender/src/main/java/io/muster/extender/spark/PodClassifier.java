package io.muster.extender.spark;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.muster.placement.model.GangId;
import io.muster.placement.model.PodConstraints;
import io.muster.placement.model.Resources;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sorts pods into Spark drivers, Spark executors and everything else, by Spark's labels ({@code
 * spark-app-selector} is the gang key, {@code spark-role} the role) and the pod's namespace. Never
 * throws: a malformed pod is {@link SparkPod.Other} with the reason.
 */
public final class PodClassifier {
  private PodClassifier() {}

  public static SparkPod classify(Pod pod) {
    if (pod == null) {
      return new SparkPod.Other("no pod");
    }
    Map<String, String> labels = PodFields.labels(pod);
    String appId = labels.get(SparkLabels.APP_SELECTOR);
    if (appId == null) {
      return new SparkPod.Other("no " + SparkLabels.APP_SELECTOR + " label");
    }
    if (appId.isBlank()) {
      return new SparkPod.Other("empty " + SparkLabels.APP_SELECTOR + " label");
    }
    PodRef ref = PodFields.ref(pod);
    if (ref.namespace().isBlank()) {
      return new SparkPod.Other("pod " + ref.name() + " has no namespace");
    }
    String role = labels.get(SparkLabels.ROLE);
    if (role == null) {
      return new SparkPod.Other(
          SparkLabels.APP_SELECTOR + " without a " + SparkLabels.ROLE + " label");
    }
    GangId gang = new GangId(ref.namespace(), appId);
    return switch (role) {
      case SparkLabels.ROLE_DRIVER -> driver(pod, gang, ref, labels);
      case SparkLabels.ROLE_EXECUTOR -> executor(pod, gang, ref, labels);
      default ->
          new SparkPod.Other(SparkLabels.ROLE + " \"" + role + "\" is neither driver nor executor");
    };
  }

  private static SparkPod driver(Pod pod, GangId gang, PodRef ref, Map<String, String> labels) {
    if (labels.containsKey(SparkLabels.EXEC_ID)) {
      return new SparkPod.Other("driver pod carries the executor label " + SparkLabels.EXEC_ID);
    }
    try {
      return new SparkPod.Driver(gang, ref, PodRequests.of(pod.getSpec()));
    } catch (InvalidQuantityException e) {
      return new SparkPod.Other("invalid resource quantity: " + e.getMessage());
    }
  }

  private static SparkPod executor(Pod pod, GangId gang, PodRef ref, Map<String, String> labels) {
    Optional<String> execId =
        Optional.ofNullable(labels.get(SparkLabels.EXEC_ID)).filter(s -> !s.isBlank());
    String profile = labels.getOrDefault(SparkLabels.RESOURCE_PROFILE_ID, "0");
    int profileId;
    try {
      profileId = Integer.parseInt(profile);
    } catch (NumberFormatException e) {
      profileId = -1;
    }
    if (profileId < 0) {
      return new SparkPod.Other(
          SparkLabels.RESOURCE_PROFILE_ID + " \"" + profile + "\" is not a profile id");
    }
    Resources requests;
    try {
      requests = PodRequests.of(pod.getSpec());
    } catch (InvalidQuantityException e) {
      return new SparkPod.Other("invalid resource quantity: " + e.getMessage());
    }
    PodConstraints constraints = ExecutorConstraints.of(pod.getSpec());
    return new SparkPod.Executor(
        gang, ref, execId, profileId, driverPod(pod), requests, constraints);
  }

  /** The owning pod: Spark makes the driver pod the controller owner of each executor. */
  private static Optional<String> driverPod(Pod pod) {
    List<OwnerReference> owners =
        pod.getMetadata() == null ? null : pod.getMetadata().getOwnerReferences();
    if (owners == null) {
      return Optional.empty();
    }
    return owners.stream()
        .filter(o -> o != null && "Pod".equals(o.getKind()) && o.getName() != null)
        .map(OwnerReference::getName)
        .findFirst();
  }
}
