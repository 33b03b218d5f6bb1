package io.muster.extender.spark;

/** Names Spark puts on the pods and volumes it creates (Spark 2.3–4.x). */
public final class SparkLabels {
  /** {@code spark.app.id}: the gang key, on drivers and executors. */
  public static final String APP_SELECTOR = "spark-app-selector";

  /** {@code driver} or {@code executor}. */
  public static final String ROLE = "spark-role";

  public static final String ROLE_DRIVER = "driver";
  public static final String ROLE_EXECUTOR = "executor";

  /** Executor id ("1", "2", …); absent for a moment under the statefulset allocator. */
  public static final String EXEC_ID = "spark-exec-id";

  /** Stage-level resource profile of an executor; {@code 0} is the default profile. */
  public static final String RESOURCE_PROFILE_ID = "spark-exec-resourceprofile-id";

  /** Spark version, e.g. {@code 4.0.1} (3.3+). */
  public static final String SPARK_VERSION = "spark-version";

  /** Driver volume holding the driver ConfigMap with {@code spark.properties}. */
  public static final String DRIVER_CONF_VOLUME = "spark-conf-volume-driver";

  /** Data key of the resolved driver properties in that ConfigMap. */
  public static final String SPARK_PROPERTIES_KEY = "spark.properties";

  /** Driver volume holding the executor pod template, when one is used. */
  public static final String POD_TEMPLATE_VOLUME = "pod-template-volume";

  /** Data key of the executor pod template in its ConfigMap. */
  public static final String POD_TEMPLATE_KEY = "podspec-configmap-key";

  private SparkLabels() {}
}
