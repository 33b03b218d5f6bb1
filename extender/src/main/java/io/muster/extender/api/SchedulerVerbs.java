package io.muster.extender.api;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The four kube-scheduler extender verbs as the scheduling logic answers them. Each method is
 * called on a Vert.x event loop and must return at once (hand blocking work, such as a write to the
 * API server, to another thread); the stage may complete on any thread. A failed stage, an
 * exception, a null answer or a missed deadline ({@code MUSTER_VERB_TIMEOUT}) becomes an error
 * answer (filter, bind) or no opinion (prioritize, preempt) at the HTTP edge.
 */
public interface SchedulerVerbs {

  /**
   * Decides which of the offered nodes may host {@code pod}. {@code nodeNames} is non-empty, free
   * of duplicates and in kube-scheduler's order; the edge removes anything returned that was not
   * offered and lists every dropped node that the verdict forgot.
   */
  CompletionStage<FilterVerdict> filter(Pod pod, List<String> nodeNames);

  /** Scores the offered nodes 0..10; hosts that were not offered are ignored. */
  CompletionStage<List<HostScore>> prioritize(Pod pod, List<String> nodeNames);

  /** Binds the pod to the node (through the API server) and claims its slot, idempotently. */
  CompletionStage<BindVerdict> bind(BindRequest request);

  /** Chooses, among the victims kube-scheduler proposes, those whose eviction Muster accepts. */
  CompletionStage<PreemptVerdict> preempt(PreemptRequest request);
}
