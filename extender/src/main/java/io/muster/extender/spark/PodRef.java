package io.muster.extender.spark;

/** Which pod: namespace, name and uid (empty when the object carried none). */
public record PodRef(String namespace, String name, String uid) {
  public PodRef {
    namespace = namespace == null ? "" : namespace;
    name = name == null ? "" : name;
    uid = uid == null ? "" : uid;
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
