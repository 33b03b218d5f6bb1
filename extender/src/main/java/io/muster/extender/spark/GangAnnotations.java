package io.muster.extender.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pod annotations that describe a gang explicitly, and their reading. Muster's own keys:
 *
 * <ul>
 *   <li>{@value #EXECUTOR_COUNT} (driver): a fixed number of executors, e.g. {@code "8"};
 *   <li>{@value #MIN_EXECUTORS} / {@value #MAX_EXECUTORS} (driver): an elastic gang (dynamic
 *       allocation): reserve min, let executors beyond it use free room up to max;
 *   <li>{@value #EXECUTOR_CPU} / {@value #EXECUTOR_MEMORY} (driver): each executor <em>pod's</em>
 *       CPU and memory requests as Kubernetes quantities ({@code "2"}, {@code "4505Mi"}), not
 *       Spark's heap size;
 *   <li>{@value #GANG_SIZE} (client-mode executors, which have no driver pod): how many executors
 *       form the gang;
 *   <li>{@value #PRIORITY} (either): an integer that overrides {@code spec.priority}.
 * </ul>
 *
 * <p>palantir/k8s-spark-scheduler's keys are accepted as aliases so its users can switch without
 * edits: {@code spark-executor-cpu}, {@code spark-executor-mem}, {@code spark-executor-count},
 * {@code spark-dynamic-allocation-enabled}, {@code spark-dynamic-allocation-min-executor-count},
 * {@code spark-dynamic-allocation-max-executor-count} (and {@code spark-executor-count} as the gang
 * size on client-mode executors). {@code spark-driver-cpu}/{@code spark-driver-mem} are checked but
 * the driver pod's own requests are what kube-scheduler accounts, so those win.
 *
 * <p>Muster's keys win over aliases. Any other {@code muster.io/} key, or a {@code spark-} key one
 * or two letters away from an alias, is reported as probably misspelled; an unusable value is an
 * error naming the annotation. Reading never throws.
 */
public final class GangAnnotations {
  public static final String PREFIX = "muster.io/";
  public static final String EXECUTOR_COUNT = "muster.io/executor-count";
  public static final String MIN_EXECUTORS = "muster.io/min-executors";
  public static final String MAX_EXECUTORS = "muster.io/max-executors";
  public static final String EXECUTOR_CPU = "muster.io/executor-cpu";
  public static final String EXECUTOR_MEMORY = "muster.io/executor-memory";
  public static final String GANG_SIZE = "muster.io/gang-size";
  public static final String PRIORITY = "muster.io/priority";

  public static final String PALANTIR_DRIVER_CPU = "spark-driver-cpu";
  public static final String PALANTIR_DRIVER_MEM = "spark-driver-mem";
  public static final String PALANTIR_EXECUTOR_CPU = "spark-executor-cpu";
  public static final String PALANTIR_EXECUTOR_MEM = "spark-executor-mem";
  public static final String PALANTIR_EXECUTOR_COUNT = "spark-executor-count";
  public static final String PALANTIR_DA_ENABLED = "spark-dynamic-allocation-enabled";
  public static final String PALANTIR_DA_MIN = "spark-dynamic-allocation-min-executor-count";
  public static final String PALANTIR_DA_MAX = "spark-dynamic-allocation-max-executor-count";

  public static final Set<String> MUSTER_KEYS =
      Set.of(
          EXECUTOR_COUNT,
          MIN_EXECUTORS,
          MAX_EXECUTORS,
          EXECUTOR_CPU,
          EXECUTOR_MEMORY,
          GANG_SIZE,
          PRIORITY);
  public static final Set<String> PALANTIR_KEYS =
      Set.of(
          PALANTIR_DRIVER_CPU,
          PALANTIR_DRIVER_MEM,
          PALANTIR_EXECUTOR_CPU,
          PALANTIR_EXECUTOR_MEM,
          PALANTIR_EXECUTOR_COUNT,
          PALANTIR_DA_ENABLED,
          PALANTIR_DA_MIN,
          PALANTIR_DA_MAX);

  /** Which pod the annotations are on. */
  enum Role {
    DRIVER,
    EXECUTOR
  }

  /** What the annotations set; empty fields were not given. */
  record Overrides(
      OptionalLong executorMilliCpu,
      OptionalLong executorMemoryBytes,
      OptionalInt executorCount,
      OptionalInt minExecutors,
      OptionalInt maxExecutors,
      OptionalInt gangSize,
      OptionalInt priority,
      OptionalLong driverMilliCpu,
      OptionalLong driverMemoryBytes,
      List<String> keys) {
    Overrides {
      keys = List.copyOf(keys);
    }

    boolean hasCount() {
      return executorCount.isPresent() || minExecutors.isPresent() || maxExecutors.isPresent();
    }

    /** Enough to describe the executors without any other source. */
    boolean complete() {
      return missing().isEmpty();
    }

    /** What is still needed for {@link #complete()}, worded for a message. */
    List<String> missing() {
      List<String> out = new ArrayList<>();
      if (executorCount.isEmpty() && (minExecutors.isEmpty() || maxExecutors.isEmpty())) {
        out.add(EXECUTOR_COUNT + " (or " + MIN_EXECUTORS + " and " + MAX_EXECUTORS + ")");
      }
      if (executorMilliCpu.isEmpty()) {
        out.add(EXECUTOR_CPU);
      }
      if (executorMemoryBytes.isEmpty()) {
        out.add(EXECUTOR_MEMORY);
      }
      return out;
    }
  }

  /** The overrides, errors (unusable values: the gang is invalid) and warnings. */
  record Reading(Overrides overrides, List<Problem> errors, List<Problem> warnings) {
    Reading {
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
    }
  }

  private GangAnnotations() {}

  /**
   * Reads gang annotations of a pod in {@code role}. {@code systemKeys} are further {@code
   * muster.io/} keys Muster itself writes (they are not reported as unknown).
   */
  static Reading read(Map<String, String> annotations, Role role, Set<String> systemKeys) {
    TreeMap<String, String> sorted = new TreeMap<>();
    if (annotations != null) {
      annotations.forEach(
          (k, v) -> {
            if (k != null) {
              sorted.put(k, v == null ? "" : v);
            }
          });
    }
    return new AnnotationReader(sorted, role, systemKeys == null ? Set.of() : systemKeys).read();
  }
}
