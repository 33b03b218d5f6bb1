package io.muster.extender.cluster;

import io.muster.extender.spark.SparkLabels;
import io.muster.placement.model.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the cluster view keeps of one pod: identity, the labels, the annotations Muster reads
 * (filtered, see {@link PodTrimmer}), where it is bound, its phase, its resource requests as the
 * scheduler counts them, and the two ConfigMap names a Spark driver mounts. Everything else of the
 * pod (containers, env, volumes, status, managedFields) is dropped when the record is made.
 */
public record PodRecord(
    String namespace,
    String name,
    String uid,
    String resourceVersion,
    Instant createdAt,
    Optional<Instant> deletedAt,
    Map<String, String> labels,
    Map<String, String> annotations,
    Optional<String> nodeName,
    PodPhase phase,
    String schedulerName,
    int priority,
    Resources requests,
    Optional<String> sparkConfMap,
    Optional<String> podTemplateMap,
    List<Owner> owners) {

  /** An owner reference, trimmed to what links a pod to its SparkApplication or driver. */
  public record Owner(String kind, String name, String uid, boolean controller) {}

  public PodRecord {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    uid = uid == null ? "" : uid;
    resourceVersion = resourceVersion == null ? "" : resourceVersion;
    createdAt = createdAt == null ? Instant.EPOCH : createdAt;
    deletedAt = deletedAt == null ? Optional.empty() : deletedAt;
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    nodeName = nodeName == null ? Optional.empty() : nodeName;
    phase = phase == null ? PodPhase.PENDING : phase;
    schedulerName = schedulerName == null ? "" : schedulerName;
    Objects.requireNonNull(requests, "requests");
    sparkConfMap = sparkConfMap == null ? Optional.empty() : sparkConfMap;
    podTemplateMap = podTemplateMap == null ? Optional.empty() : podTemplateMap;
    owners = List.copyOf(owners);
  }

  public PodRef ref() {
    return new PodRef(namespace, name);
  }

  /** The {@code spark-app-selector} label, when the pod is a Spark pod. */
  public Optional<String> appId() {
    return Optional.ofNullable(labels.get(SparkLabels.APP_SELECTOR)).filter(s -> !s.isEmpty());
  }

  /** The {@code spark-role} label ({@code driver} or {@code executor}), when present. */
  public Optional<String> role() {
    return Optional.ofNullable(labels.get(SparkLabels.ROLE));
  }

  public boolean isDriver() {
    return SparkLabels.ROLE_DRIVER.equals(labels.get(SparkLabels.ROLE));
  }

  public boolean isExecutor() {
    return SparkLabels.ROLE_EXECUTOR.equals(labels.get(SparkLabels.ROLE));
  }

  public Optional<String> annotation(String key) {
    return Optional.ofNullable(annotations.get(key));
  }

  public boolean isBound() {
    return nodeName.isPresent();
  }

  /** Finished (Succeeded or Failed): holds no room and will not run again. */
  public boolean terminated() {
    return phase.terminal();
  }

  /** Finished, or being deleted: no longer a live member of its gang. */
  public boolean gone() {
    return terminated() || deletedAt.isPresent();
  }

  /**
   * Whether this pod's requests count against its node's room: bound and not finished. A pod that
   * is being deleted still counts, as it does for kube-scheduler, until it is gone from the API.
   */
  public boolean countsOnNode() {
    return nodeName.isPresent() && !phase.terminal();
  }
}
