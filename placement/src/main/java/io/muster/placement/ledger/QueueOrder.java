package io.muster.placement.ledger;

import io.muster.placement.model.GangSpec;
import java.util.Comparator;

/** Queue order of gangs: higher priority first, then older, then by gang id (a total order). */
final class QueueOrder {
  static final Comparator<GangSpec> ORDER =
      Comparator.comparingInt((GangSpec g) -> -g.priority())
          .thenComparing(GangSpec::createdAt)
          .thenComparing(GangSpec::id);

  private QueueOrder() {}
}
