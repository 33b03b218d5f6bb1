package io.muster.extender.cluster;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Settings of the informer-fed cluster view.
 *
 * @param configMaps which ConfigMaps to keep and which of their keys
 * @param keepAnnotation which pod annotation keys to keep (all others are dropped)
 * @param listPageSize items per page of the informers' list calls: a relist of 50,000 pods then
 *     holds one page of full objects in memory at a time, never all of them
 * @param watchSparkApplications watch SparkApplications when their CRD exists
 */
public record ClusterCacheConfig(
    ConfigMapSelection configMaps,
    Predicate<String> keepAnnotation,
    long listPageSize,
    boolean watchSparkApplications) {
  public ClusterCacheConfig {
    Objects.requireNonNull(configMaps, "configMaps");
    Objects.requireNonNull(keepAnnotation, "keepAnnotation");
    if (listPageSize <= 0) {
      throw new IllegalArgumentException("listPageSize must be > 0, got " + listPageSize);
    }
  }

  public static ClusterCacheConfig defaults(String musterNamespace) {
    return new ClusterCacheConfig(
        ConfigMapSelection.withPolicyIn(musterNamespace),
        PodTrimmer.MUSTER_AND_SPARK_ANNOTATIONS,
        500,
        true);
  }
}
