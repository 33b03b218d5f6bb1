package io.muster.loadtest.sim;

import io.muster.placement.policy.PackingStrategy;
import io.muster.placement.policy.PlacementPolicy;
import io.muster.placement.policy.QueueDiscipline;
import java.util.ArrayList;
import java.util.List;

/** A scheduler compared by the simulator: pod-by-pod first-fit, or Muster under one policy. */
public sealed interface Contender {
  String name();

  /** What the default scheduler does for Spark pods: first fit, one pod at a time. */
  record FirstFit() implements Contender {
    @Override
    public String name() {
      return "first-fit";
    }
  }

  /** kube-scheduler with Muster (the real {@code placement} ledger) under {@code policy}. */
  record Muster(PlacementPolicy policy) implements Contender {
    @Override
    public String name() {
      return "muster " + policy.queue().wireName() + " " + policy.strategy().wireName();
    }
  }

  /** Muster with the default policy except for the queue discipline and the packing strategy. */
  static Muster muster(QueueDiscipline queue, PackingStrategy strategy) {
    PlacementPolicy d = PlacementPolicy.DEFAULT;
    return new Muster(
        new PlacementPolicy(
            strategy,
            d.shuffleWeight(),
            queue,
            d.driverBindTimeout(),
            d.slotClaimTimeout(),
            d.dynamicExtras()));
  }

  /**
   * First-fit, Muster strict-fifo and backfill (tightly-pack), then every other packing strategy
   * under strict-fifo.
   */
  static List<Contender> standard() {
    List<Contender> all = new ArrayList<>();
    all.add(new FirstFit());
    all.add(muster(QueueDiscipline.STRICT_FIFO, PackingStrategy.TIGHTLY_PACK));
    all.add(muster(QueueDiscipline.BACKFILL, PackingStrategy.TIGHTLY_PACK));
    for (PackingStrategy s : PackingStrategy.values()) {
      if (s != PackingStrategy.TIGHTLY_PACK) {
        all.add(muster(QueueDiscipline.STRICT_FIFO, s));
      }
    }
    return List.copyOf(all);
  }
}
