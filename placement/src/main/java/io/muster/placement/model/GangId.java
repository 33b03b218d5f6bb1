package io.muster.placement.model;

/** Identity of a Spark application's gang: its namespace and {@code spark-app-selector} value. */
public record GangId(String namespace, String appId) implements Comparable<GangId> {
  public GangId {
    Checks.requireArgument(namespace != null && !namespace.isBlank(), "gang namespace is blank");
    Checks.requireArgument(appId != null && !appId.isBlank(), "gang app id is blank");
  }

  @Override
  public int compareTo(GangId o) {
    int c = namespace.compareTo(o.namespace);
    return c != 0 ? c : appId.compareTo(o.appId);
  }

  @Override
  public String toString() {
    return namespace + "/" + appId;
  }
}
