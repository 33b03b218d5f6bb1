package io.muster.extender.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Binds a pod for the extender's {@code /bind} verb: {@code POST pods/<name>/binding}. Idempotent:
 * when the API answers 409 because the pod is already assigned (for example kube-scheduler retried
 * a bind that had succeeded after its timeout), the pod is read back and a pod bound to the same
 * node is success. Never throws; the whole call is bounded by {@code timeout}.
 */
public final class Binder {
  private final ClusterWriter writer;
  private final Duration timeout;

  public Binder(ClusterWriter writer, Duration timeout) {
    this.writer = writer;
    this.timeout = timeout;
  }

  /**
   * Binds {@code pod} to {@code node}. A non-empty {@code podUid} is sent as the binding's uid,
   * which the API server checks against the pod (a recreated pod of the same name is not bound).
   */
  public CompletionStage<BindResult> bind(PodRef pod, String podUid, String node) {
    if (!ClusterWriter.valid(node)) {
      return CompletableFuture.completedFuture(
          new BindResult.Failed(400, "not a valid node name: " + node));
    }
    String binding = BindingBody.of(pod, podUid == null ? "" : podUid, "", node, Map.of());
    return writer
        .bindPod(pod, binding)
        .thenCompose(
            r -> {
              if (r.ok()) {
                return CompletableFuture.completedFuture(
                    (BindResult) new BindResult.Bound(node, false));
              }
              if (r.code() == 404) {
                return CompletableFuture.completedFuture((BindResult) new BindResult.PodGone());
              }
              if (r.code() == 409) {
                return readBack(pod, podUid, node, r.body());
              }
              return CompletableFuture.completedFuture(
                  (BindResult) new BindResult.Failed(r.code(), PodNudger.abbreviate(r.body())));
            })
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(
            t ->
                new BindResult.Failed(
                    0,
                    t instanceof java.util.concurrent.TimeoutException
                            || t.getCause() instanceof java.util.concurrent.TimeoutException
                        ? "no answer within " + timeout
                        : t.toString()));
  }

  private CompletableFuture<BindResult> readBack(
      PodRef pod, String podUid, String node, String conflict) {
    return writer
        .getPod(pod)
        .thenApply(
            r -> {
              if (r.code() == 404) {
                return new BindResult.PodGone();
              }
              if (!r.ok()) {
                return new BindResult.Failed(409, PodNudger.abbreviate(conflict));
              }
              Pod current = writer.serialization().unmarshal(r.body(), Pod.class);
              if (podUid != null
                  && !podUid.isEmpty()
                  && !podUid.equals(current.getMetadata().getUid())) {
                return new BindResult.PodGone();
              }
              String boundTo = current.getSpec() == null ? null : current.getSpec().getNodeName();
              if (boundTo == null || boundTo.isEmpty()) {
                return new BindResult.Failed(409, PodNudger.abbreviate(conflict));
              }
              return boundTo.equals(node)
                  ? new BindResult.Bound(node, true)
                  : new BindResult.BoundElsewhere(boundTo);
            });
  }
}
