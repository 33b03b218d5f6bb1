package io.muster.extender.spark;

import java.util.List;

/**
 * Where a gang description came from: the source that supplied it ({@code basis}, with a {@code
 * detail} such as the ConfigMap name) and the annotations that overrode parts of it.
 */
public record GangSource(Basis basis, String detail, List<String> annotations) {
  /** The main source, in Muster's order of precedence. */
  public enum Basis {
    /** Explicit driver annotations alone (muster.io/* or palantir's). */
    ANNOTATIONS("annotations"),
    /** Spark's driver ConfigMap ({@code spark.properties}, executor pod template). */
    SPARK_CONF("spark-conf"),
    /** The owning SparkApplication (Spark Operator). */
    SPARK_APPLICATION("spark-application"),
    /** Annotations on a client-mode executor pod (no driver pod). */
    EXECUTOR_ANNOTATIONS("executor-annotations");

    private final String tag;

    Basis(String tag) {
      this.tag = tag;
    }

    /** Bounded name for logs and metric tags. */
    public String tag() {
      return tag;
    }
  }

  public GangSource {
    detail = detail == null ? "" : detail;
    annotations = List.copyOf(annotations);
  }

  /**
   * E.g. {@code spark.properties in ConfigMap spark-drv-…-conf-map (+ muster.io/executor-count)}.
   */
  public String describe() {
    String s = detail.isEmpty() ? basis.tag() : detail;
    return annotations.isEmpty() ? s : s + " (+ " + String.join(", ", annotations) + ")";
  }
}
