package io.muster.extender.spark;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/** Null-safe reads of the pod fields gang inference uses. */
final class PodFields {
  private PodFields() {}

  static Map<String, String> labels(Pod pod) {
    ObjectMeta m = pod == null ? null : pod.getMetadata();
    return m == null || m.getLabels() == null ? Map.of() : m.getLabels();
  }

  static Map<String, String> annotations(Pod pod) {
    ObjectMeta m = pod == null ? null : pod.getMetadata();
    return m == null || m.getAnnotations() == null ? Map.of() : m.getAnnotations();
  }

  static PodRef ref(Pod pod) {
    ObjectMeta m = pod == null ? null : pod.getMetadata();
    return m == null
        ? new PodRef("", "", "")
        : new PodRef(m.getNamespace(), m.getName(), m.getUid());
  }

  /** RFC 3339 {@code creationTimestamp}, if present and parseable. */
  static Optional<Instant> createdAt(Pod pod) {
    ObjectMeta m = pod == null ? null : pod.getMetadata();
    if (m == null || m.getCreationTimestamp() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(m.getCreationTimestamp()).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code spec.priority}, set by admission from the priority class. */
  static Optional<Integer> priority(Pod pod) {
    return pod == null || pod.getSpec() == null
        ? Optional.empty()
        : Optional.ofNullable(pod.getSpec().getPriority());
  }
}
