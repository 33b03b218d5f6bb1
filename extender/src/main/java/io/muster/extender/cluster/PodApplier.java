package io.muster.extender.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/**
 * Applies pod events to the index and tells listeners; a same-name pod with a new uid is a new pod.
 */
final class PodApplier implements IndexingItemStore.Applier<Pod> {
  private final ClusterIndex index;
  private final PodTrimmer trimmer;
  private final ClusterListener listener;

  PodApplier(ClusterIndex index, PodTrimmer trimmer, ClusterListener listener) {
    this.index = index;
    this.trimmer = trimmer;
    this.listener = listener;
  }

  @Override
  public void apply(Pod pod) {
    PodRecord current = trimmer.trim(pod);
    Optional<PodRecord> previous = index.upsertPod(current).previous();
    if (previous.isPresent() && replaced(previous.get(), current)) {
      listener.podDeleted(previous.get());
      listener.podChanged(Optional.empty(), current);
    } else {
      listener.podChanged(previous, current);
    }
  }

  @Override
  public void remove(String namespace, String name) {
    index.removePod(namespace, name, "").ifPresent(listener::podDeleted);
  }

  private static boolean replaced(PodRecord previous, PodRecord current) {
    return !previous.uid().isEmpty()
        && !current.uid().isEmpty()
        && !previous.uid().equals(current.uid());
  }
}
