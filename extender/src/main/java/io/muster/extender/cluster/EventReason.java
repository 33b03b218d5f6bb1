package io.muster.extender.cluster;

/** The Kubernetes Event reasons Muster emits; {@link #reason()} is the CamelCase API value. */
public enum EventReason {
  /** A gang was admitted; the message summarises the plan. */
  GANG_ADMITTED("GangAdmitted", false),
  /** A pod waits; the message gives the reason with numbers. */
  GANG_WAITING("GangWaiting", false),
  /** The minimum gang does not fit even the empty cluster. */
  GANG_EXCEEDS_CLUSTER("GangExceedsCluster", true),
  /** An admitted gang's reservation expired unused. */
  RESERVATION_EXPIRED("ReservationExpired", true),
  /** A {@code muster.io/*} or alias annotation is misspelled or invalid. */
  INVALID_ANNOTATION("InvalidAnnotation", true),
  /** The gang could not be learned; the driver is scheduled alone. */
  DRIVER_SCHEDULED_ALONE("DriverScheduledAlone", true),
  /** Another replica holds a newer reservation for this gang. */
  RESERVATION_CONFLICT("ReservationConflict", true),
  /** An edit of the policy ConfigMap was rejected; the last good policy stays. */
  POLICY_REJECTED("PolicyRejected", true);

  private final String reason;
  private final boolean warning;

  EventReason(String reason, boolean warning) {
    this.reason = reason;
    this.warning = warning;
  }

  public String reason() {
    return reason;
  }

  /** The Event {@code type}: {@code Warning} or {@code Normal}. */
  public String type() {
    return warning ? "Warning" : "Normal";
  }
}
