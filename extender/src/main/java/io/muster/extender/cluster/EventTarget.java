package io.muster.extender.cluster;

import java.util.Objects;

/** The object an Event is about (its {@code involvedObject}). */
public record EventTarget(
    String apiVersion, String kind, String namespace, String name, String uid) {
  public EventTarget {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    apiVersion = apiVersion == null ? "v1" : apiVersion;
    uid = uid == null ? "" : uid;
  }

  public static EventTarget pod(PodRef pod, String uid) {
    return new EventTarget("v1", "Pod", pod.namespace(), pod.name(), uid);
  }

  public static EventTarget configMap(String namespace, String name, String uid) {
    return new EventTarget("v1", "ConfigMap", namespace, name, uid);
  }
}
