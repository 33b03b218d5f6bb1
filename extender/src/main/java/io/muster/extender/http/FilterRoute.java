package io.muster.extender.http;

import io.muster.extender.api.FilterVerdict;
import io.muster.extender.api.SchedulerVerbs;
import io.muster.extender.http.wire.ExtenderArgs;
import io.muster.extender.http.wire.ExtenderFilterResult;
import io.muster.extender.metrics.ExtenderMetrics.Verb;
import io.muster.extender.metrics.ExtenderMetrics.VerbResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /filter}. A bad request gets HTTP 400; a failure of the scheduling logic gets HTTP
 * 200 with {@code Error} set, which is how kube-scheduler expects an extender to report errors.
 */
final class FilterRoute implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(FilterRoute.class);

  private final SchedulerVerbs verbs;
  private final VerbCalls calls;

  FilterRoute(SchedulerVerbs verbs, VerbCalls calls) {
    this.verbs = verbs;
    this.calls = calls;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = ServerRoutes.startNanos(ctx);
    int size = ctx.body().length();
    calls
        .decode(ctx.body().buffer(), ExtenderArgs.class)
        .compose(this::decide)
        .compose(result -> calls.encode(result, size))
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                calls.done(Verb.FILTER, VerbResult.OK, start);
                Replies.send(ctx, 200, Replies.JSON, ar.result());
              } else if (ar.cause() instanceof BadRequest bad) {
                calls.done(Verb.FILTER, VerbResult.BAD_REQUEST, start);
                LOG.warn("filter refused: {}", bad.getMessage());
                Replies.json(ctx, 400, ExtenderFilterResult.error(bad.getMessage()));
              } else if (ar.cause() instanceof VerbFailure failure) {
                calls.done(Verb.FILTER, failure.result(), start);
                Replies.json(ctx, 200, ExtenderFilterResult.error(failure.getMessage()));
              } else {
                calls.done(Verb.FILTER, VerbResult.ERROR, start);
                ctx.fail(ar.cause());
              }
            });
  }

  private Future<ExtenderFilterResult> decide(ExtenderArgs args) {
    OfferedNodes offered;
    try {
      offered = OfferedNodes.of(args);
    } catch (BadRequest e) {
      return Future.failedFuture(e);
    }
    String subject = ServerRoutes.subject(args.pod());
    if (offered.isEmpty()) { // kube-scheduler never asks about zero nodes: nothing to decide
      return Future.succeededFuture(
          FilterReply.of(FilterVerdict.passAll(List.of()), offered, subject));
    }
    return calls
        .call(Verb.FILTER, subject, () -> verbs.filter(args.pod(), offered.names()))
        .map(
            verdict -> {
              ExtenderFilterResult result = FilterReply.of(verdict, offered, subject);
              if (LOG.isDebugEnabled()) {
                LOG.debug(
                    "filter {} offered={} passed={} failed={} unresolvable={}",
                    subject,
                    offered.names().size(),
                    verdict.passed().size(),
                    result.failedNodes().size(),
                    result.failedAndUnresolvableNodes().size());
              }
              return result;
            });
  }
}
