package io.muster.extender.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.muster.extender.api.Inspector;
import io.muster.extender.api.Readiness;
import io.muster.extender.metrics.ExtenderMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health, readiness, metrics and the operator views. Anything that may take time (a scrape, the
 * inspector) runs on a worker thread, never on the event loop.
 */
final class OpsRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(OpsRoutes.class);
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  private final Vertx vertx;
  private final Inspector inspector;
  private final Readiness readiness;
  private final ExtenderMetrics metrics;

  OpsRoutes(Vertx vertx, Inspector inspector, Readiness readiness, ExtenderMetrics metrics) {
    this.vertx = vertx;
    this.inspector = inspector;
    this.readiness = readiness;
    this.metrics = metrics;
  }

  void healthz(RoutingContext ctx) {
    Replies.text(ctx, 200, "ok\n");
  }

  void readyz(RoutingContext ctx) {
    boolean ready;
    String why;
    try {
      ready = readiness.ready();
      why = ready ? "ready" : readiness.why();
    } catch (RuntimeException e) {
      LOG.error("readiness check failed", e);
      ready = false;
      why = "readiness check failed";
    }
    Replies.text(ctx, ready ? 200 : 503, ready ? "ready\n" : "not ready: " + why + "\n");
  }

  void metrics(RoutingContext ctx) {
    vertx
        .executeBlocking(metrics::scrape, false)
        .onSuccess(
            text ->
                Replies.send(ctx, 200, ExtenderMetrics.SCRAPE_CONTENT_TYPE, Buffer.buffer(text)))
        .onFailure(ctx::fail);
  }

  void gangs(RoutingContext ctx) {
    vertx
        .executeBlocking(() -> redacted(inspector.gangs()), false)
        .onSuccess(tree -> Replies.json(ctx, 200, tree))
        .onFailure(ctx::fail);
  }

  void explain(RoutingContext ctx) {
    String namespace = ctx.pathParam("namespace");
    String pod = ctx.pathParam("pod");
    if (!DNS_SUBDOMAIN.matcher(namespace).matches() || !DNS_SUBDOMAIN.matcher(pod).matches()) {
      Replies.error(ctx, 400, "not a valid namespace/pod name");
      return;
    }
    vertx
        .executeBlocking(() -> inspector.explain(namespace, pod).map(OpsRoutes::redacted), false)
        .onSuccess(
            (Optional<JsonNode> found) -> {
              if (found.isPresent()) {
                Replies.json(ctx, 200, found.get());
              } else {
                Replies.error(ctx, 404, "muster knows no pod " + namespace + "/" + pod);
              }
            })
        .onFailure(ctx::fail);
  }

  private static JsonNode redacted(Object view) {
    JsonNode tree = WireCodec.MAPPER.valueToTree(view);
    return tree == null ? NullNode.getInstance() : SecretRedactor.redact(tree);
  }
}
