package io.muster.extender.api;

import java.util.Objects;

/**
 * One node's extender score, within kube-scheduler's {@code
 * MinExtenderPriority..MaxExtenderPriority} (0..10); kube-scheduler multiplies it by the extender
 * weight and does not clamp it itself.
 */
public record HostScore(String host, int score) {
  public static final int MIN = 0;
  public static final int MAX = 10;

  public HostScore {
    Objects.requireNonNull(host, "host");
    if (score < MIN || score > MAX) {
      throw new IllegalArgumentException(
          "score " + score + " for " + host + " is outside " + MIN + ".." + MAX);
    }
  }
}
