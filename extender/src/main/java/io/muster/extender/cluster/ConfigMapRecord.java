package io.muster.extender.cluster;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A ConfigMap Muster reads, trimmed to the data keys it uses (see {@link ConfigMapSelection}). */
public record ConfigMapRecord(
    String namespace, String name, String uid, String resourceVersion, Map<String, String> data) {
  public ConfigMapRecord {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    uid = uid == null ? "" : uid;
    resourceVersion = resourceVersion == null ? "" : resourceVersion;
    data = Map.copyOf(data);
  }

  public Optional<String> value(String key) {
    return Optional.ofNullable(data.get(key));
  }
}
