package io.muster.extender.persist;

import io.fabric8.kubernetes.api.model.Pod;
import io.muster.extender.cluster.MusterAnnotations;
import io.muster.extender.cluster.PodRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * The anchor pod as the caller last saw it: its resourceVersion and, at that version, its
 * reservation annotation. Lets the first write go out without a read; a stale view costs one 409
 * and a re-read.
 */
public record ObservedPod(String resourceVersion, Optional<String> reservationAnnotation) {
  public ObservedPod {
    Objects.requireNonNull(resourceVersion, "resourceVersion");
    reservationAnnotation =
        reservationAnnotation == null ? Optional.empty() : reservationAnnotation;
  }

  public static ObservedPod of(PodRecord pod) {
    return new ObservedPod(pod.resourceVersion(), pod.annotation(MusterAnnotations.RESERVATION));
  }

  /** From a full pod, e.g. the one kube-scheduler sent in the filter request. */
  public static ObservedPod of(Pod pod) {
    String rv = pod.getMetadata().getResourceVersion();
    var annotations = pod.getMetadata().getAnnotations();
    return new ObservedPod(
        rv == null ? "" : rv,
        Optional.ofNullable(
            annotations == null ? null : annotations.get(MusterAnnotations.RESERVATION)));
  }
}
