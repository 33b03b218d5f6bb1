package io.muster.loadtest.trace;

import io.muster.placement.model.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generates a {@link Trace} from a seed. Deterministic on every JVM: {@link Random}'s generator is
 * specified, and only {@code nextDouble}/{@code nextInt} and {@link StrictMath} are used.
 *
 * <p>Sizes follow Spark's defaults: a driver of 1 core and 4 GiB, executors of 1, 2 or 4 cores with
 * 4 GiB per core, each plus Spark's memory overhead (10%, at least 384 MiB). A dynamic-allocation
 * application needs a quarter of its executors (at least one) to start and may grow to all of them.
 */
public final class WorkloadGenerator {
  private static final long MIB = 1024L * 1024;
  private static final double DURATION_SIGMA = 0.8;
  private static final long MAX_DURATION_SECONDS = 6 * 3600;

  private WorkloadGenerator() {}

  public static Trace generate(long seed, ClusterShape cluster, WorkloadShape shape) {
    Random random = new Random(seed);
    List<AppSpec> unscheduled = new ArrayList<>();
    for (int i = 0; i < shape.apps(); i++) {
      unscheduled.add(app(i, random, cluster, shape));
    }
    return new Trace(seed, cluster, withArrivals(unscheduled, random, cluster, shape));
  }

  private static AppSpec app(int index, Random random, ClusterShape cluster, WorkloadShape shape) {
    double u = random.nextDouble();
    int cores = pickCores(random.nextDouble());
    Resources executor = Resources.pod(cores * 1000L, withOverhead(cores * 4096L) * MIB);
    int executors;
    if (u < shape.largeShare()) {
      double share =
          shape.largeMinShare()
              + random.nextDouble() * (shape.largeMaxShare() - shape.largeMinShare());
      executors = (int) Math.max(25, share * cluster.totalMilliCpu() / executor.milliCpu());
    } else if (u < shape.largeShare() + shape.mediumShare()) {
      executors = 8 + random.nextInt(17);
    } else {
      executors = 2 + random.nextInt(5);
    }
    boolean dynamic = random.nextDouble() < shape.dynamicAllocationShare();
    int min = dynamic ? Math.max(1, executors / 4) : executors;
    double gaussian = gaussian(random);
    long duration =
        Math.round(shape.medianDurationSeconds() * StrictMath.exp(DURATION_SIGMA * gaussian));
    duration = Math.min(MAX_DURATION_SECONDS, Math.max(60, duration));
    boolean shuffle = random.nextDouble() < shape.shuffleHeavyShare();
    return new AppSpec(
        String.format(Locale.ROOT, "app-%04d", index + 1),
        0,
        Resources.pod(1000, withOverhead(4096) * MIB),
        executor,
        min,
        executors,
        duration,
        shuffle);
  }

  /**
   * Poisson arrivals, stretched so that the work of all applications over the arrival span keeps
   * {@code load} of the cluster's CPU busy.
   */
  private static List<AppSpec> withArrivals(
      List<AppSpec> apps, Random random, ClusterShape cluster, WorkloadShape shape) {
    double coreSeconds = 0;
    for (AppSpec a : apps) {
      long cpu = a.driver().milliCpu() + a.executor().milliCpu() * a.maxExecutors();
      coreSeconds += cpu / 1000.0 * a.durationSeconds();
    }
    double span = coreSeconds / (cluster.totalMilliCpu() / 1000.0 * shape.load());
    double[] cumulative = new double[apps.size()];
    double t = 0;
    for (int i = 0; i < apps.size(); i++) {
      cumulative[i] = t;
      t += -StrictMath.log(1 - random.nextDouble());
    }
    double last = cumulative[apps.size() - 1];
    List<AppSpec> out = new ArrayList<>();
    for (int i = 0; i < apps.size(); i++) {
      AppSpec a = apps.get(i);
      long arrival = last == 0 ? 0 : Math.round(span * cumulative[i] / last);
      out.add(
          new AppSpec(
              a.id(),
              arrival,
              a.driver(),
              a.executor(),
              a.minExecutors(),
              a.maxExecutors(),
              a.durationSeconds(),
              a.shuffleHeavy()));
    }
    return out;
  }

  private static int pickCores(double u) {
    return u < 0.3 ? 1 : u < 0.8 ? 2 : 4;
  }

  /** Spark's memory overhead: 10% of the heap, at least 384 MiB. */
  private static long withOverhead(long heapMiB) {
    return heapMiB + Math.max(384, heapMiB / 10);
  }

  /** Box–Muller on two uniform draws (not {@code nextGaussian}, whose algorithm may vary). */
  private static double gaussian(Random random) {
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
  }
}
