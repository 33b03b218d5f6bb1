package io.muster.placement;

/**
 * Why a pod cannot be placed now; resolvable reasons may go away without the user changing
 * anything.
 */
public enum Reason {
  /** The gang fits the cluster, but not in the room that is free now. */
  INSUFFICIENT_CAPACITY("insufficient-capacity", true),
  /** The gang fits, but an older or higher-priority waiting gang goes first. */
  EARLIER_GANG_FIRST("earlier-gang-first", true),
  /** The gang's sizes are not known yet (for example, Spark has not written its ConfigMap). */
  GANG_UNKNOWN("gang-unknown", true),
  /** An executor arrived before its gang was admitted. */
  GANG_NOT_ADMITTED("gang-not-admitted", true),
  /** The minimum gang does not fit even an empty cluster: waiting cannot help. */
  GANG_EXCEEDS_CLUSTER("gang-exceeds-cluster", false),
  /** None of the offered nodes can ever host this pod (constraints, wrong node for its slot). */
  NO_ELIGIBLE_NODES("no-eligible-nodes", false),
  /** The gang description is invalid (for example, a malformed annotation). */
  INVALID_GANG_SPEC("invalid-gang-spec", false);

  private final String tag;
  private final boolean resolvable;

  Reason(String tag, boolean resolvable) {
    this.tag = tag;
    this.resolvable = resolvable;
  }

  /** Bounded, stable name for logs and metric tags. */
  public String tag() {
    return tag;
  }

  public boolean resolvable() {
    return resolvable;
  }
}
