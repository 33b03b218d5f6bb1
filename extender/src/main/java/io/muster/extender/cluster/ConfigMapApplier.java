package io.muster.extender.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;

/** Keeps only the ConfigMaps the selection names, trimmed to their used keys. */
final class ConfigMapApplier implements IndexingItemStore.Applier<ConfigMap> {
  private final ClusterIndex index;
  private final ConfigMapSelection selection;
  private final ClusterListener listener;

  ConfigMapApplier(ClusterIndex index, ConfigMapSelection selection, ClusterListener listener) {
    this.index = index;
    this.selection = selection;
    this.listener = listener;
  }

  @Override
  public void apply(ConfigMap cm) {
    String ns = cm.getMetadata().getNamespace();
    String name = cm.getMetadata().getName();
    if (!selection.keeps(ns, name)) {
      return;
    }
    ConfigMapRecord record =
        new ConfigMapRecord(
            ns,
            name,
            cm.getMetadata().getUid(),
            cm.getMetadata().getResourceVersion(),
            selection.trim(ns, name, cm.getData()));
    index.upsertConfigMap(record);
    listener.configMapChanged(record);
  }

  @Override
  public void remove(String namespace, String name) {
    index.removeConfigMap(namespace, name).ifPresent(listener::configMapDeleted);
  }
}
