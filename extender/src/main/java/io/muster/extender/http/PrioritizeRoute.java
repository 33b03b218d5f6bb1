package io.muster.extender.http;

import io.muster.extender.api.SchedulerVerbs;
import io.muster.extender.http.wire.ExtenderArgs;
import io.muster.extender.http.wire.HostPriority;
import io.muster.extender.metrics.ExtenderMetrics.Verb;
import io.muster.extender.metrics.ExtenderMetrics.VerbResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /prioritize}: a bare JSON array of integer scores. kube-scheduler ignores prioritize
 * errors anyway, so a failure of the scheduling logic answers {@code []} (no opinion).
 */
final class PrioritizeRoute implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(PrioritizeRoute.class);

  private final SchedulerVerbs verbs;
  private final VerbCalls calls;

  PrioritizeRoute(SchedulerVerbs verbs, VerbCalls calls) {
    this.verbs = verbs;
    this.calls = calls;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = ServerRoutes.startNanos(ctx);
    calls
        .decode(ctx.body().buffer(), ExtenderArgs.class)
        .compose(this::score)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                calls.done(Verb.PRIORITIZE, VerbResult.OK, start);
                Replies.json(ctx, 200, ar.result());
              } else if (ar.cause() instanceof BadRequest bad) {
                calls.done(Verb.PRIORITIZE, VerbResult.BAD_REQUEST, start);
                LOG.warn("prioritize refused: {}", bad.getMessage());
                Replies.error(ctx, 400, bad.getMessage());
              } else if (ar.cause() instanceof VerbFailure failure) {
                calls.done(Verb.PRIORITIZE, failure.result(), start);
                Replies.json(ctx, 200, List.of());
              } else {
                calls.done(Verb.PRIORITIZE, VerbResult.ERROR, start);
                ctx.fail(ar.cause());
              }
            });
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
