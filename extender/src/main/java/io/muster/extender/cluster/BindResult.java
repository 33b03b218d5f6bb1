package io.muster.extender.cluster;

/** The outcome of binding a pod to a node through the API. */
public sealed interface BindResult {
  /** The pod is bound to {@code node}; {@code alreadyBound} when an earlier call had done it. */
  record Bound(String node, boolean alreadyBound) implements BindResult {}

  /** The pod is already bound, to another node. */
  record BoundElsewhere(String node) implements BindResult {}

  /** The pod no longer exists (or was replaced by one with another uid). */
  record PodGone() implements BindResult {}

  /** The API refused or did not answer in time; {@code code} 0 when there was no answer. */
  record Failed(int code, String message) implements BindResult {}
}
