package io.muster.placement.model;

import java.util.Optional;

/**
 * One executor's reserved room on a concrete node; {@code pod} names the executor that claimed it.
 */
public record Slot(int index, String node, SlotState state, Optional<String> pod) {
  public Slot {
    Checks.requireArgument(index >= 0, "slot index %s < 0", index);
    Checks.requireArgument(node != null && !node.isEmpty(), "slot %s has no node", index);
    pod = pod == null ? Optional.empty() : pod;
    Checks.requireArgument(
        (state == SlotState.OPEN) == pod.isEmpty(),
        "slot %s: state %s with pod %s",
        index,
        state,
        pod);
  }

  public static Slot open(int index, String node) {
    return new Slot(index, node, SlotState.OPEN, Optional.empty());
  }

  public boolean holdsRoom() {
    return state != SlotState.BOUND;
  }
}
