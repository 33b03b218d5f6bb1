package io.muster.extender.cluster;

import java.util.Objects;

/** Names one pod: its namespace and name. */
public record PodRef(String namespace, String name) {
  public PodRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (namespace.isEmpty() || name.isEmpty()) {
      throw new IllegalArgumentException("pod reference needs a namespace and a name");
    }
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
