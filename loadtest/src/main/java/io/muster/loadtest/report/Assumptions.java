package io.muster.loadtest.report;

import java.util.List;

/** The simulator's model, stated in the report next to its numbers. */
final class Assumptions {
  static final List<String> LINES =
      List.of(
          "Spark: the driver pod is created at submission; 5 s after it is bound it asks for"
              + " executor pods, 5 every second (spark.kubernetes.allocation.batch.size/.delay"
              + " defaults), whether or not earlier ones are still pending.",
          "A job starts only when its minimum number of executors is running (all of them without"
              + " dynamic allocation); until then its driver and executors hold their room and do"
              + " nothing. Nobody gives up: a driver that never gets its executors waits forever"
              + " (\u201cdriver up, executors never\u201d). The last section uses Spark's own"
              + " rule instead (80 % of the executors, or 30 s with at least one).",
          "Work is duration × maxExecutors executor-seconds, done at one per running executor per"
              + " second. Dynamic-allocation jobs start with a quarter of their executors and ask"
              + " for the rest once running; extras use free room only. Placement does not change"
              + " run time (no shuffle penalty is modelled): locality is reported, not charged.",
          "kube-scheduler: after every change (pod created or gone, node added) and at least every"
              + " 5 min, it tries every pending pod in creation order. Its own filter offers the"
              + " nodes where the pod fits among bound pods; first-fit binds the first of them;"
              + " with Muster the offered nodes go to the real GangLedger (admit for drivers,"
              + " steerAndClaim for executors) and the pod is bound where it says. A driver that"
              + " fits no node is never shown to the extender (as in kube-scheduler).",
          "Muster policies: default timeouts (driver bind 5 min, slot claim 10 min), shuffle"
              + " weight 5, dynamic extras allowed; only the queue discipline and packing strategy"
              + " vary.",
          "CPU, memory and pod count are all checked; charts and utilization speak of CPU.",
          "Completion time = done − arrival, over completed applications only; the tables say how"
              + " many completed. Utilization is integrated up to the last completion when all"
              + " completed, else to the end of the run (the run stops when 20 simulated minutes"
              + " pass with nothing able to change).",
          "Autoscaler: when the oldest unschedulable pod has waited 30 s and no scale-up is in"
              + " flight, it bin-packs every unschedulable pod into existing free room (its own"
              + " view: bound pods only, no extender), then first-fit-decreasing onto new nodes; a"
              + " scale-up is charged to every application with a pod on a new node.");

  private Assumptions() {}
}
