package io.muster.extender.cluster;

import io.muster.placement.model.NodeState;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls every registered listener; one listener's exception is logged and reaches no other. */
final class ListenerFanout implements ClusterListener {
  private static final Logger LOG = LoggerFactory.getLogger(ListenerFanout.class);

  private final List<ClusterListener> listeners = new CopyOnWriteArrayList<>();

  void add(ClusterListener listener) {
    listeners.add(listener);
  }

  private void each(String what, Consumer<ClusterListener> call) {
    for (ClusterListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.error("cluster listener failed on {}", what, e);
      }
    }
  }

  @Override
  public void podChanged(Optional<PodRecord> previous, PodRecord current) {
    each("podChanged", l -> l.podChanged(previous, current));
  }

  @Override
  public void podDeleted(PodRecord last) {
    each("podDeleted", l -> l.podDeleted(last));
  }

  @Override
  public void nodeChanged(Optional<NodeState> previous, Optional<NodeState> current) {
    each("nodeChanged", l -> l.nodeChanged(previous, current));
  }

  @Override
  public void configMapChanged(ConfigMapRecord current) {
    each("configMapChanged", l -> l.configMapChanged(current));
  }

  @Override
  public void configMapDeleted(ConfigMapRecord last) {
    each("configMapDeleted", l -> l.configMapDeleted(last));
  }

  @Override
  public void sparkApplicationChanged(SparkAppRecord current) {
    each("sparkApplicationChanged", l -> l.sparkApplicationChanged(current));
  }

  @Override
  public void sparkApplicationDeleted(SparkAppRecord last) {
    each("sparkApplicationDeleted", l -> l.sparkApplicationDeleted(last));
  }

  @Override
  public void synced() {
    each("synced", ClusterListener::synced);
  }
}
