package io.muster.placement.model;

/** Kubernetes taint effects; only NO_SCHEDULE and NO_EXECUTE keep a pod off a node. */
public enum TaintEffect {
  NO_SCHEDULE,
  PREFER_NO_SCHEDULE,
  NO_EXECUTE;

  public boolean repels() {
    return this != PREFER_NO_SCHEDULE;
  }
}
