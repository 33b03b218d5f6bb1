package io.muster.extender.http;

import io.muster.extender.api.SchedulerVerbs;
import io.muster.extender.http.wire.ExtenderArgs;
import io.muster.extender.http.wire.HostPriority;
import io.muster.extender.metrics.ExtenderMetrics.Verb;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code POST /prioritize}: a bare JSON array of integer scores. kube-scheduler ignores prioritize
 * errors anyway, so a failure of the scheduling logic answers {@code []} (no opinion).
 */
final class PrioritizeRoute implements Handler<RoutingContext> {

  private final SchedulerVerbs verbs;
  private final VerbCalls calls;

  PrioritizeRoute(SchedulerVerbs verbs, VerbCalls calls) {
    this.verbs = verbs;
    this.calls = calls;
  }

  @Override
  public void handle(RoutingContext ctx) {
    calls.serve(ctx, Verb.PRIORITIZE, ExtenderArgs.class, this::score, failure -> List.of());
  }

  private Future<List<HostPriority>> score(ExtenderArgs args) {
    OfferedNodes offered;
    try {
      offered = OfferedNodes.of(args);
    } catch (BadRequest e) {
      return Future.failedFuture(e);
    }
    if (offered.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String subject = ServerRoutes.subject(args.pod());
    return calls
        .call(Verb.PRIORITIZE, subject, () -> verbs.prioritize(args.pod(), offered.names()))
        .map(scores -> PrioritizeReply.of(scores, offered, subject));
  }
}
