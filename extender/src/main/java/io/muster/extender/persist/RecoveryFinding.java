package io.muster.extender.persist;

/**
 * Something recovery found inconsistent between a persisted reservation and the pods it observed,
 * already reflected in {@link RecoveredGang#restored()} where a safe repair exists. Reported as
 * values so the ledger can log, count and reconcile without double-booking.
 */
public sealed interface RecoveryFinding {
  /** Slot {@code slot} was claimed by {@code pod}, which is gone or bound elsewhere: now OPEN. */
  record SlotReleased(int slot, String node, String pod, String why) implements RecoveryFinding {}

  /**
   * {@code pod} is bound on a node that holds slots of the gang, but all of them are taken: more
   * executors there than reserved (a dynamic-allocation extra, or a repair that was not written).
   */
  record ExcessExecutorOnSlotNode(String pod, String node) implements RecoveryFinding {}

  /**
   * {@code pod} is bound on a node with no slot of the gang (a dynamic-allocation extra, or a slot
   * repair that was not written before a crash). Its room is counted by the node already.
   */
  record ExecutorOffSlot(String pod, String node) implements RecoveryFinding {}

  /** The driver was bound on another node than planned; the restored reservation says where. */
  record DriverBoundElsewhere(String planned, String actual) implements RecoveryFinding {}
}
