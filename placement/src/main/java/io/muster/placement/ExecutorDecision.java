package io.muster.placement;

import java.util.List;

/** The outcome of steering one executor pod among the nodes kube-scheduler offered. */
public sealed interface ExecutorDecision {
  /** Use an unclaimed slot of the gang that sits on an offered node. */
  record UseSlot(int slot, String node) implements ExecutorDecision {}

  /**
   * No offered node holds an unclaimed slot: move slot {@code slot} to an offered node with room.
   */
  record Repair(int slot, String fromNode, String toNode) implements ExecutorDecision {}

  /**
   * An executor beyond the reserved minimum (dynamic allocation): these offered nodes have free,
   * unreserved room, best first.
   */
  record Extra(List<String> nodes) implements ExecutorDecision {
    public Extra {
      nodes = List.copyOf(nodes);
    }
  }

  /** The executor must wait; nothing changes. */
  record Wait(Reason reason, String message) implements ExecutorDecision {}
}
