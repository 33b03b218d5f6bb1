package io.muster.placement.testing;

import io.muster.placement.model.GangSpec;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.TaintEffect;
import io.muster.placement.model.Toleration;
import io.muster.placement.policy.PackingStrategy;
import io.muster.placement.policy.PlacementPolicy;
import io.muster.placement.policy.QueueDiscipline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Random clusters, gangs and policies decoded from {@link Genes}; small enough to brute-force. */
public final class RandomScenarios {
  private RandomScenarios() {}

  /** 1..8 nodes with zones, a pool label, sometimes GPUs, a taint or a cordon, partly used. */
  public static List<NodeState> nodes(Genes g) {
    int count = 1 + g.next(8);
    List<NodeState> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long milli = 1000L * (1 + g.next(16)) + 500L * g.next(2);
      long memGi = 1 + g.next(32);
      long pods = 4 + g.next(16);
      long gpus = g.chance(30) ? 1 + g.next(4) : 0;
      Nodes.Builder b =
          Nodes.node("n" + i)
              .milliCpu(milli)
              .memGi(memGi)
              .pods(pods)
              .zone("z" + g.next(3))
              .label("pool", g.chance(50) ? "b" : "a");
      if (gpus > 0) {
        b.gpus(gpus).usedGpus(g.next((int) gpus + 1));
      }
      if (g.chance(10)) {
        b.taint("dedicated", "batch", TaintEffect.NO_SCHEDULE);
      }
      if (g.chance(5)) {
        b.cordoned();
      }
      if (g.chance(60)) {
        b.used(g.next((int) milli / 250 + 1) * 0.25, g.next((int) memGi + 1));
        b.usedPods(g.next((int) pods + 1));
      }
      nodes.add(b.build());
    }
    return nodes;
  }

  /** 2..4 identical 8 CPU / 32 GiB nodes in two zones. */
  public static List<NodeState> contendedNodes(Genes g) {
    int count = 2 + g.next(3);
    List<NodeState> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nodes.add(Nodes.node("n" + i).cpu(8).memGi(32).zone("z" + (i % 2)).build());
    }
    return nodes;
  }

  /** A driver of 1 CPU and 2..6 executors of 2 CPU: two or three of these fill a small cluster. */
  public static GangSpec contendedGang(Genes g, String name) {
    int min = 2 + g.next(5);
    return Gangs.spark("ns/" + name)
        .driver(1, 2)
        .executors(min, 2, 4)
        .max(min + g.next(3))
        .priority(g.chance(15) ? 1 : 0)
        .createdAt(g.next(100))
        .build();
  }

  /** A gang: usually with a driver, 0..6 executors (max up to 3 more), sometimes constrained. */
  public static GangSpec gang(Genes g, String name) {
    Gangs.Builder b = Gangs.spark("ns/" + name);
    boolean driver = g.chance(85);
    if (driver) {
      b.driver(0.25 * (1 + g.next(8)), 1 + g.next(4));
    }
    int min = g.next(7);
    if (!driver && min == 0) {
      min = 1;
    }
    b.executors(min, 0.25 * (1 + g.next(12)), 1 + g.next(8));
    if (g.chance(15)) {
      b.executorGpus(1);
    }
    b.max(min + g.next(3));
    b.priority(g.chance(20) ? g.next(3) : 0);
    b.createdAt(g.next(100));
    if (g.chance(10)) {
      b.nodeSelector("pool", "a");
    }
    if (g.chance(30)) {
      b.tolerate(new Toleration("dedicated", Toleration.Operator.EQUAL, "batch", Optional.empty()));
    }
    return b.build();
  }

  public static PackingStrategy strategy(Genes g) {
    return PackingStrategy.values()[g.next(PackingStrategy.values().length)];
  }

  public static PlacementPolicy policy(Genes g, QueueDiscipline queue) {
    return new PlacementPolicy(
        strategy(g),
        g.next(11),
        queue,
        Duration.ofMinutes(1 + g.next(10)),
        Duration.ofMinutes(1 + g.next(10)),
        g.chance(70));
  }

  /** A subset of the node names chosen by a bit mask; all of them when the mask is empty. */
  public static List<String> offered(Genes g, List<NodeState> nodes) {
    int mask = g.next(1 << nodes.size());
    List<String> offered = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (mask == 0 || (mask & (1 << i)) != 0) {
        offered.add(nodes.get(i).name());
      }
    }
    return offered;
  }
}
