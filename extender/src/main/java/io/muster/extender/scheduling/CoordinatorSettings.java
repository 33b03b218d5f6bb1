package io.muster.extender.scheduling;

import java.time.Duration;

/**
 * Tunables of the coordinator.
 *
 * @param writerId unique per running replica; stamped on every reservation it writes
 * @param configMapWait how long a driver's filter answer may be held for Spark's ConfigMap
 * @param maxViewAge no new gang is admitted on a cluster view whose watch broke longer ago
 * @param writeAtBind a driver's reservation is written with its binding (kube-scheduler binds
 *     through Muster), not before the filter answer
 */
public record CoordinatorSettings(
    String writerId, Duration configMapWait, Duration maxViewAge, boolean writeAtBind) {
  /** Writes every reservation before the filter answer (configurations without bindVerb). */
  public CoordinatorSettings(String writerId, Duration configMapWait, Duration maxViewAge) {
    this(writerId, configMapWait, maxViewAge, false);
  }
}
