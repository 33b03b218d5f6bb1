package io.muster.extender.http;

import io.fabric8.kubernetes.api.model.Pod;
import io.muster.extender.api.BindRequest;
import io.muster.extender.api.BindVerdict;
import io.muster.extender.api.FilterVerdict;
import io.muster.extender.api.HostScore;
import io.muster.extender.api.PreemptRequest;
import io.muster.extender.api.PreemptVerdict;
import io.muster.extender.api.SchedulerVerbs;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;

/** A {@link SchedulerVerbs} whose answers each test sets, and which records what it was asked. */
final class StubVerbs implements SchedulerVerbs {
  record FilterCall(Pod pod, List<String> nodeNames) {}

  final List<FilterCall> filterCalls = new CopyOnWriteArrayList<>();
  final List<FilterCall> prioritizeCalls = new CopyOnWriteArrayList<>();
  final List<BindRequest> bindCalls = new CopyOnWriteArrayList<>();
  final List<PreemptRequest> preemptCalls = new CopyOnWriteArrayList<>();

  volatile BiFunction<Pod, List<String>, CompletionStage<FilterVerdict>> onFilter =
      (pod, nodes) -> done(FilterVerdict.passAll(nodes));
  volatile BiFunction<Pod, List<String>, CompletionStage<List<HostScore>>> onPrioritize =
      (pod, nodes) -> done(nodes.stream().map(n -> new HostScore(n, 5)).toList());
  volatile Function<BindRequest, CompletionStage<BindVerdict>> onBind = r -> done(BindVerdict.ok());
  volatile Function<PreemptRequest, CompletionStage<PreemptVerdict>> onPreempt =
      r -> done(PreemptVerdict.acceptAll(r));

  static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  static <T> CompletionStage<T> failed(Throwable cause) {
    return CompletableFuture.failedFuture(cause);
  }

  @Override
  public CompletionStage<FilterVerdict> filter(Pod pod, List<String> nodeNames) {
    filterCalls.add(new FilterCall(pod, nodeNames));
    return onFilter.apply(pod, nodeNames);
  }

  @Override
  public CompletionStage<List<HostScore>> prioritize(Pod pod, List<String> nodeNames) {
    prioritizeCalls.add(new FilterCall(pod, nodeNames));
    return onPrioritize.apply(pod, nodeNames);
  }

  @Override
  public CompletionStage<BindVerdict> bind(BindRequest request) {
    bindCalls.add(request);
    return onBind.apply(request);
  }

  @Override
  public CompletionStage<PreemptVerdict> preempt(PreemptRequest request) {
    preemptCalls.add(request);
    return onPreempt.apply(request);
  }
}
