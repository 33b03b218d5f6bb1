package io.muster.loadtest.protocol;

import io.muster.placement.model.Checks;
import io.muster.placement.model.Resources;
import java.time.Duration;

/**
 * One bounded load run: the extender's base URL (127.0.0.1 only), the simulated cluster the
 * generator filters against, {@code apps} Spark applications of one driver and {@code
 * executorsPerApp} executors, the extender mode ({@code nodeCacheCapable}, whether it binds), and
 * the bounds: at most {@code maxPods} pods and {@code maxDuration} of wall-clock time.
 */
public record LoadProfile(
    String url,
    int nodes,
    int zones,
    Resources nodeAllocatable,
    int apps,
    int executorsPerApp,
    Resources driver,
    Resources executor,
    boolean nodeCacheCapable,
    boolean bind,
    int percentageOfNodesToScore,
    int maxPods,
    Duration maxDuration) {
  public static final Resources NODE = Resources.of(32_000, 128L << 30, 110);
  public static final Resources DRIVER = Resources.pod(1000, 4505L << 20);
  public static final Resources EXECUTOR = Resources.pod(2000, 9011L << 20);

  public LoadProfile {
    Loopback.require(url);
    Checks.requireArgument(nodes >= 1 && zones >= 1, "nodes %s, zones %s", nodes, zones);
    Checks.requireArgument(apps >= 1 && executorsPerApp >= 0, "apps %s", apps);
    Checks.requireArgument(maxPods >= 1 && maxPods <= 100_000, "maxPods %s", maxPods);
    Checks.requireArgument(
        maxDuration.isPositive() && maxDuration.compareTo(Duration.ofMinutes(30)) <= 0,
        "maxDuration %s not in (0, 30 min]",
        maxDuration);
  }

  /** The throughput shape: 50 applications × (1 driver + 19 executors). */
  public static LoadProfile sparkMix(String url, int nodes, boolean nodeCacheCapable) {
    return new LoadProfile(
        url,
        nodes,
        3,
        NODE,
        50,
        19,
        DRIVER,
        EXECUTOR,
        nodeCacheCapable,
        false,
        0,
        50_000,
        Duration.ofMinutes(5));
  }
}
