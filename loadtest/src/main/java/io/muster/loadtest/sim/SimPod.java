package io.muster.loadtest.sim;

import io.muster.placement.model.Resources;

/**
 * One pod of a simulated Spark application: pending until {@code node} is set. {@code seq} orders
 * pods by creation, as kube-scheduler's active queue does (all priorities are equal).
 */
final class SimPod {
  enum Role {
    DRIVER,
    EXECUTOR
  }

  final long seq;
  final String name;
  final AppRun app;
  final Role role;
  final Resources request;
  final long createdAt;
  String node;
  long boundAt = -1;

  /** When the pod first failed to schedule; -1 while it has not failed. */
  long pendingSince = -1;

  SimPod(long seq, String name, AppRun app, Role role, Resources request, long createdAt) {
    this.seq = seq;
    this.name = name;
    this.app = app;
    this.role = role;
    this.request = request;
    this.createdAt = createdAt;
  }

  boolean bound() {
    return node != null;
  }

  boolean driver() {
    return role == Role.DRIVER;
  }
}
