package io.muster.extender.cluster;

/** Annotation keys Muster itself writes on pods. */
public final class MusterAnnotations {
  /** The persisted reservation of a gang, on its driver (or client-mode anchor) pod. */
  public static final String RESERVATION = "muster.io/reservation";

  /** Bumped to make kube-scheduler retry a pod it parked as unschedulable. */
  public static final String NUDGE = "muster.io/nudge";

  private MusterAnnotations() {}
}
