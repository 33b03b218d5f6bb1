package io.muster.extender.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** Applies SparkApplication events, trimmed to their sizing parts. */
final class SparkAppApplier implements IndexingItemStore.Applier<GenericKubernetesResource> {
  private final ClusterIndex index;
  private final ClusterListener listener;

  SparkAppApplier(ClusterIndex index, ClusterListener listener) {
    this.index = index;
    this.listener = listener;
  }

  @Override
  public void apply(GenericKubernetesResource app) {
    SparkAppRecord record = SparkAppRecord.of(app);
    index.upsertSparkApplication(record);
    listener.sparkApplicationChanged(record);
  }

  @Override
  public void remove(String namespace, String name) {
    index.removeSparkApplication(namespace, name).ifPresent(listener::sparkApplicationDeleted);
  }
}
