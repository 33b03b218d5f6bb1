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

  /** Keys and sizes only: Spark properties can hold credentials, which must not reach logs. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ConfigMapRecord[").append(namespace).append('/');
    sb.append(name).append(" rv=").append(resourceVersion).append(" data={");
    new java.util.TreeMap<>(data)
        .forEach((k, v) -> sb.append(k).append(": ").append(v.length()).append(" chars, "));
    return sb.append("}]").toString();
  }
}
