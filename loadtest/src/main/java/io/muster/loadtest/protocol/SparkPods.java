package io.muster.loadtest.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where the load generator's Spark pods come from: made up in memory ({@link #synthetic}), or
 * created in a real API server ({@link ApiServerPods}) so that an extender whose cluster view comes
 * from that API server knows them. Each method returns the pod as kube-scheduler would put it into
 * {@code ExtenderArgs}.
 */
public interface SparkPods extends AutoCloseable {
  /** Called once per application before any driver is offered to the extender. */
  ObjectNode driver(int app);

  /** Called once the driver of {@code app} is bound, as Spark's allocator creates executors. */
  ObjectNode executor(int app, int id, ObjectNode driver);

  /** Removes what this source created (nothing for in-memory pods). */
  @Override
  default void close() {}

  /** Pods that exist only in the requests: enough for extenders that keep no cluster view. */
  static SparkPods synthetic(String schedulerName, LoadProfile profile) {
    return new SparkPods() {
      @Override
      public ObjectNode driver(int app) {
        return KubeJson.driver("spark", appId(app), schedulerName, profile.driver());
      }

      @Override
      public ObjectNode executor(int app, int id, ObjectNode driver) {
        return KubeJson.executor("spark", appId(app), id, schedulerName, profile.executor());
      }
    };
  }

  private static String appId(int app) {
    return String.format(java.util.Locale.ROOT, "spark-load%04d", app);
  }
}
