package io.muster.extender.policy;

/**
 * Told about every reload that changed something or was rejected (not about repeated delivery of
 * the same content), on the thread that called {@link PolicyLoader}, after the new state is
 * visible. The integrator emits the Kubernetes event and counts {@code
 * muster.policy.reloads{result=<outcome tag>}}. It must not block; an exception it throws is logged
 * and otherwise ignored.
 */
@FunctionalInterface
public interface PolicyReloadListener {
  PolicyReloadListener NONE = result -> {};

  void reloaded(ReloadResult result);
}
