package io.muster.extender.scheduling;

import io.muster.extender.cluster.ClusterListener;
import io.muster.extender.cluster.ConfigMapRecord;
import io.muster.extender.cluster.PodRecord;
import io.muster.extender.cluster.SparkAppRecord;
import io.muster.extender.metrics.ExtenderMetrics;
import io.muster.extender.metrics.ExtenderMetrics.InformerEvent;
import io.muster.extender.metrics.ExtenderMetrics.InformerKind;
import io.muster.placement.model.NodeState;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Counts informer notifications and measures how late new pods reach Muster (creation timestamp →
 * informer event). Only pods created within {@link #FRESH} count for the lag, so a relist of old
 * pods does not look like a slow watch. Cheap: runs on informer threads.
 */
public final class InformerMetrics implements ClusterListener {
  static final Duration FRESH = Duration.ofMinutes(1);
  private final ExtenderMetrics metrics;
  private final Clock clock;

  public InformerMetrics(ExtenderMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void podChanged(Optional<PodRecord> previous, PodRecord current) {
    if (previous.isEmpty()) {
      metrics.informerEvent(InformerKind.POD, InformerEvent.ADD);
      Duration lag = Duration.between(current.createdAt(), clock.instant());
      if (!lag.isNegative() && lag.compareTo(FRESH) < 0) {
        metrics.informerLag(InformerKind.POD, lag);
      }
    } else {
      metrics.informerEvent(InformerKind.POD, InformerEvent.UPDATE);
    }
  }

  @Override
  public void podDeleted(PodRecord last) {
    metrics.informerEvent(InformerKind.POD, InformerEvent.DELETE);
  }

  @Override
  public void nodeChanged(Optional<NodeState> previous, Optional<NodeState> current) {
    metrics.informerEvent(
        InformerKind.NODE,
        previous.isEmpty()
            ? InformerEvent.ADD
            : current.isEmpty() ? InformerEvent.DELETE : InformerEvent.UPDATE);
  }

  @Override
  public void configMapChanged(ConfigMapRecord current) {
    metrics.informerEvent(InformerKind.CONFIG_MAP, InformerEvent.UPDATE);
  }

  @Override
  public void configMapDeleted(ConfigMapRecord last) {
    metrics.informerEvent(InformerKind.CONFIG_MAP, InformerEvent.DELETE);
  }

  @Override
  public void sparkApplicationChanged(SparkAppRecord current) {
    metrics.informerEvent(InformerKind.SPARK_APPLICATION, InformerEvent.UPDATE);
  }

  @Override
  public void sparkApplicationDeleted(SparkAppRecord last) {
    metrics.informerEvent(InformerKind.SPARK_APPLICATION, InformerEvent.DELETE);
  }
}
