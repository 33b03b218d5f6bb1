package io.muster.extender.spark;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What Spark 3.3–4.x on Kubernetes requests for its driver and executor containers, and how many
 * executors it starts, computed from resolved Spark properties with Spark's defaults for keys that
 * are absent (Spark writes only what was set).
 *
 * <p>Memory (request = limit, in MiB): {@code heap + overhead + offHeap + pyspark} where
 *
 * <ul>
 *   <li>heap = {@code spark.{executor,driver}.memory} (default 1g; plain numbers are MiB);
 *   <li>overhead = {@code spark.{executor,driver}.memoryOverhead} if set (it replaces, never
 *       floors), else {@code max((int)(factor × heap), minOverhead)};
 *   <li>executor factor = {@code spark.executor.memoryOverheadFactor} if set, else {@code
 *       spark.kubernetes.memoryOverheadFactor} (which the submission client always writes: 0.1, or
 *       0.4 for Python/R), else 0.1; driver factor = {@code spark.driver.memoryOverheadFactor} if
 *       set, else {@code spark.kubernetes.memoryOverheadFactor}, else 0.4 for Python/R and 0.1 for
 *       JVM apps;
 *   <li>minOverhead = {@code spark.{executor,driver}.minMemoryOverhead} (default 384m) on Spark
 *       4.0+, the constant 384 MiB on 3.x (the key did not exist);
 *   <li>offHeap = {@code spark.memory.offHeap.size} (plain numbers are bytes) only if {@code
 *       spark.memory.offHeap.enabled=true} (executors only; it must then be &gt; 0);
 *   <li>pyspark = {@code spark.executor.pyspark.memory} only if {@code
 *       spark.kubernetes.resource.type=python} (executors only).
 * </ul>
 *
 * <p>CPU request: {@code spark.kubernetes.{executor,driver}.request.cores} (a Kubernetes quantity)
 * if set, else {@code spark.{executor,driver}.cores} (default 1). Custom resources {@code
 * spark.{executor,driver}.resource.<name>.amount} with {@code .vendor} become the limit {@code
 * <vendor>/<name>} (a vendor is required).
 *
 * <p>Executor count: dynamic allocation off → {@code spark.executor.instances} (default 2) for both
 * min and max; on → min = Spark's initial target {@code max(minExecutors, initialExecutors,
 * instances)} and max = {@code spark.dynamicAllocation.maxExecutors} (default {@code
 * Integer.MAX_VALUE}). Spark refuses to start when min &gt; max or the initial target exceeds max;
 * so does this.
 *
 * <p>Only the default resource profile is modelled: executors of other stage-level profiles carry
 * {@code spark-exec-resourceprofile-id != 0} and have their own sizes.
 */
public final class SparkExecutorSizing {
  static final long DEFAULT_MIN_OVERHEAD_MIB = 384;
  static final double DEFAULT_FACTOR = 0.1;
  static final double NON_JVM_FACTOR = 0.4;

  /**
   * One Spark-made container's resources as Spark writes them: the CPU request text Spark passes to
   * Kubernetes, its value in millicores, memory in MiB and custom resource limits by Kubernetes
   * name.
   */
  public record ContainerSize(
      String cpuRequest, long milliCpu, long memoryMiB, Map<String, Long> customResources) {
    public ContainerSize {
      customResources = Map.copyOf(customResources);
    }

    public long memoryBytes() {
      return Math.multiplyExact(memoryMiB, 1L << 20);
    }
  }

  /** How many executors Spark starts (min) and may grow to (max). */
  public record ExecutorCount(int min, int max, boolean dynamicAllocation) {}

  /** Everything Spark's settings say about the gang's shape. */
  public record Sizing(ContainerSize driver, ContainerSize executor, ExecutorCount executors) {}

  /** {@link Sized} or, when Spark itself would reject the settings, {@link Rejected}. */
  public sealed interface Result {
    /** The settings are usable. */
    record Sized(Sizing sizing) implements Result {}

    /** Every setting Spark would reject, each naming its key. */
    record Rejected(List<Problem> problems) implements Result {
      public Rejected {
        problems = List.copyOf(problems);
      }
    }
  }

  private SparkExecutorSizing() {}

  /** Sizing for an unknown Spark version (4.x rules). */
  public static Result of(SparkProperties props) {
    return of(props, Optional.empty());
  }

  /**
   * Sizing for the given Spark version (the pods' {@code spark-version} label, e.g. {@code 4.0.1});
   * only the overhead minimum depends on it.
   */
  public static Result of(SparkProperties props, Optional<String> sparkVersion) {
    SettingReader r = new SettingReader(props == null ? SparkProperties.EMPTY : props);
    boolean minConfigurable =
        sparkVersion == null || sparkVersion.map(SparkExecutorSizing::atLeastFour).orElse(true);
    ContainerSize executor = executor(r, minConfigurable);
    ContainerSize driver = driver(r, minConfigurable);
    ExecutorCount count = count(r);
    if (!r.problems().isEmpty()) {
      return new Result.Rejected(r.problems());
    }
    return new Result.Sized(new Sizing(driver, executor, count));
  }

  private static ContainerSize executor(SettingReader r, boolean minConfigurable) {
    long heap = r.mib("spark.executor.memory", 1024);
    double factor =
        r.has("spark.executor.memoryOverheadFactor")
            ? r.factor("spark.executor.memoryOverheadFactor").orElse(DEFAULT_FACTOR)
            : r.factor("spark.kubernetes.memoryOverheadFactor").orElse(DEFAULT_FACTOR);
    long min =
        minConfigurable
            ? r.mib("spark.executor.minMemoryOverhead", DEFAULT_MIN_OVERHEAD_MIB)
            : DEFAULT_MIN_OVERHEAD_MIB;
    long overhead = r.mib("spark.executor.memoryOverhead").orElse(overhead(factor, heap, min));
    long offHeap = 0;
    if (r.bool("spark.memory.offHeap.enabled", false)) {
      long bytes = r.bytes("spark.memory.offHeap.size").orElse(0);
      if (bytes <= 0) {
        r.problem(
            "spark.memory.offHeap.size",
            "must be > 0 when spark.memory.offHeap.enabled=true (Spark refuses to start)");
      }
      offHeap = bytes >> 20;
    }
    long pyspark = 0;
    if (r.text("spark.kubernetes.resource.type").filter("python"::equals).isPresent()) {
      pyspark = r.mib("spark.executor.pyspark.memory", 0);
    }
    long total = safeSum(r, "spark.executor.memory", heap, overhead, offHeap, pyspark);
    return container(
        r, "spark.kubernetes.executor.request.cores", "spark.executor.cores", total, "executor");
  }

  private static ContainerSize driver(SettingReader r, boolean minConfigurable) {
    long heap = r.mib("spark.driver.memory", 1024);
    boolean nonJvm =
        r.text("spark.kubernetes.resource.type")
            .filter(t -> t.equals("python") || t.equals("r"))
            .isPresent();
    double fallback = nonJvm ? NON_JVM_FACTOR : DEFAULT_FACTOR;
    double factor =
        r.has("spark.driver.memoryOverheadFactor")
            ? r.factor("spark.driver.memoryOverheadFactor").orElse(DEFAULT_FACTOR)
            : r.factor("spark.kubernetes.memoryOverheadFactor").orElse(fallback);
    long min =
        minConfigurable
            ? r.mib("spark.driver.minMemoryOverhead", DEFAULT_MIN_OVERHEAD_MIB)
            : DEFAULT_MIN_OVERHEAD_MIB;
    long overhead = r.mib("spark.driver.memoryOverhead").orElse(overhead(factor, heap, min));
    long total = safeSum(r, "spark.driver.memory", heap, overhead, 0, 0);
    return container(
        r, "spark.kubernetes.driver.request.cores", "spark.driver.cores", total, "driver");
  }

  /** Spark: {@code max((factor * heapMiB).toInt, minOverhead)}; the cast truncates. */
  static long overhead(double factor, long heapMiB, long minOverheadMiB) {
    return Math.max((int) (factor * heapMiB), minOverheadMiB);
  }

  private static ContainerSize container(
      SettingReader r, String requestKey, String coresKey, long memoryMiB, String role) {
    int cores = r.integer(coresKey, 1).orElse(1);
    String cpuRequest = Integer.toString(cores);
    long milliCpu = cores * 1000L;
    if (r.has(requestKey)) {
      cpuRequest = r.text(requestKey).orElseThrow().trim();
      milliCpu = r.quantity(requestKey).map(q -> KubeQuantity.milli(q, requestKey)).orElse(0L);
    }
    return new ContainerSize(
        cpuRequest, milliCpu, memoryMiB, customResources(r, "spark." + role + ".resource."));
  }

  private static long safeSum(SettingReader r, String key, long... parts) {
    long sum = 0;
    for (long p : parts) {
      if (Long.MAX_VALUE - sum < p) {
        r.problem(key, "total container memory overflows");
        return 0;
      }
      sum += p;
    }
    return sum;
  }

  /** {@code <prefix><name>.amount} + {@code .vendor} → {@code vendor/name} = amount. */
  private static Map<String, Long> customResources(SettingReader r, String prefix) {
    SortedMap<String, Long> out = new TreeMap<>();
    for (String name : resourceNames(r, prefix)) {
      String amountKey = prefix + name + ".amount";
      String vendorKey = prefix + name + ".vendor";
      Optional<String> amount = r.text(amountKey);
      if (amount.isEmpty()) {
        r.problem(amountKey, "resource " + name + " is configured without an amount");
        continue;
      }
      long value;
      try {
        value = Long.parseLong(amount.get());
      } catch (NumberFormatException e) {
        r.invalid(amountKey, amount.get(), "not an integer");
        continue;
      }
      if (value < 0) {
        r.invalid(amountKey, amount.get(), "must not be negative");
        continue;
      }
      Optional<String> vendor = r.text(vendorKey).filter(v -> !v.isBlank());
      if (vendor.isEmpty()) {
        r.problem(vendorKey, "resource " + name + " was requested, but vendor was not specified");
        continue;
      }
      if (value > 0) {
        out.put(vendor.get().trim() + "/" + name, value);
      }
    }
    return out;
  }

  /** Spark's {@code listResourceIds}: the name is everything up to the first dot. */
  private static Set<String> resourceNames(SettingReader r, String prefix) {
    Set<String> names = new TreeSet<>();
    r.keysWithPrefix(prefix)
        .forEach(
            rest -> {
              int dot = rest.indexOf('.');
              names.add(dot < 0 ? rest : rest.substring(0, dot));
            });
    return names;
  }

  private static ExecutorCount count(SettingReader r) {
    if (!r.bool("spark.dynamicAllocation.enabled", false)) {
      int n = r.integer("spark.executor.instances", 0).orElse(2);
      return new ExecutorCount(n, n, false);
    }
    int min = r.integer("spark.dynamicAllocation.minExecutors", 0).orElse(0);
    OptionalInt initial = r.integer("spark.dynamicAllocation.initialExecutors", 0);
    int instances = r.integer("spark.executor.instances", 0).orElse(0);
    int max = r.integer("spark.dynamicAllocation.maxExecutors", 1).orElse(Integer.MAX_VALUE);
    int target = Math.max(Math.max(min, initial.orElse(min)), instances);
    if (min > max) {
      r.problem(
          "spark.dynamicAllocation.minExecutors",
          "minExecutors " + min + " exceeds maxExecutors " + max + " (Spark refuses to start)");
    } else if (target > max) {
      r.problem(
          "spark.dynamicAllocation.maxExecutors",
          "initial executor target "
              + target
              + " (max of minExecutors, initialExecutors, spark.executor.instances) exceeds"
              + " maxExecutors "
              + max
              + " (Spark refuses to start)");
    }
    return new ExecutorCount(target, Math.max(max, target), true);
  }

  private static boolean atLeastFour(String version) {
    int dot = version.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? version : version.substring(0, dot)) >= 4;
    } catch (NumberFormatException e) {
      return true;
    }
  }
}
