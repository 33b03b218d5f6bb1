package io.muster.extender.spark;

import java.util.Objects;

/**
 * Something wrong or surprising found while learning a gang, worded for a Kubernetes event: which
 * thing ({@code subject}, e.g. {@code annotation muster.io/executor-cout} or {@code
 * spark.properties: spark.executor.memory}) and what about it.
 */
public record Problem(Kind kind, String subject, String message) {
  /** Bounded problem kinds; {@link #tag()} is safe as an event reason suffix or metric tag. */
  public enum Kind {
    /** A {@code muster.io/} key Muster does not know (likely misspelled), or a near-miss alias. */
    UNKNOWN_ANNOTATION("unknown-annotation"),
    /** A known annotation with a value that cannot be used. */
    INVALID_ANNOTATION("invalid-annotation"),
    /** A known annotation that has no effect where it is (wrong pod role, overridden). */
    IGNORED_ANNOTATION("ignored-annotation"),
    /** Annotations that contradict each other. */
    CONFLICTING_ANNOTATIONS("conflicting-annotations"),
    /** A Spark setting Spark itself would reject. */
    INVALID_SPARK_PROPERTY("invalid-spark-property"),
    /** The driver's Spark ConfigMap is unusable (no spark.properties, unreadable). */
    INVALID_CONFIG_MAP("invalid-config-map"),
    /** The executor pod template cannot be read or parsed. */
    INVALID_POD_TEMPLATE("invalid-pod-template"),
    /** The executor pod template is not mounted from a ConfigMap Muster can read. */
    POD_TEMPLATE_UNREADABLE("pod-template-unreadable"),
    /** A scheduling constraint Muster cannot model (it is left to kube-scheduler). */
    UNSUPPORTED_CONSTRAINT("unsupported-constraint"),
    /** Executor placement constraints could not be learned yet. */
    EXECUTOR_CONSTRAINTS_UNKNOWN("executor-constraints-unknown"),
    /** Two sources disagree on a size (e.g. an annotation and what Spark will request). */
    SIZE_MISMATCH("size-mismatch"),
    /** The pod itself is malformed (missing labels, namespace, bad quantities). */
    INVALID_POD("invalid-pod"),
    /** The owning SparkApplication is unusable. */
    INVALID_SPARK_APPLICATION("invalid-spark-application");

    private final String tag;

    Kind(String tag) {
      this.tag = tag;
    }

    public String tag() {
      return tag;
    }
  }

  public Problem {
    Objects.requireNonNull(kind, "kind");
    subject = subject == null ? "" : subject;
    message = message == null ? "" : message;
  }

  /** {@code subject: message}, for events and logs. */
  public String describe() {
    return subject.isEmpty() ? message : subject + ": " + message;
  }
}
