package io.muster.placement.model;

/**
 * Life of one reserved executor slot. OPEN and CLAIMED slots hold room on their node; a BOUND
 * slot's pod is already counted in {@link NodeState#requested()}, so it holds nothing more.
 */
public enum SlotState {
  /** Reserved, no executor yet. */
  OPEN,
  /** An executor was steered or bound here, but the cluster view does not show it bound yet. */
  CLAIMED,
  /** The cluster view shows the executor bound on the slot's node. */
  BOUND
}
