package io.muster.extender.cluster;

/** Labels Spark puts on every pod it creates (joined by application id, not by pod name). */
public final class SparkLabels {
  public static final String APP_SELECTOR = "spark-app-selector";
  public static final String ROLE = "spark-role";
  public static final String ROLE_DRIVER = "driver";
  public static final String ROLE_EXECUTOR = "executor";

  /** Driver volume that mounts Spark's {@code spark-drv-<hex>-conf-map}. */
  public static final String CONF_VOLUME = "spark-conf-volume-driver";

  /** Driver volume that mounts the executor pod template ConfigMap. */
  public static final String POD_TEMPLATE_VOLUME = "pod-template-volume";

  private SparkLabels() {}
}
