package io.muster.extender.http;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.muster.extender.api.ExtenderBackend;
import io.muster.extender.config.ExtenderConfig;
import io.muster.extender.metrics.ExtenderMetrics;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the two routers: the main one (verbs, health, metrics, operator views) and the ops one
 * (health and metrics only, for probes and scrapers without client certificates). Every refusal,
 * including the router's own 404/405/413, answers JSON with an {@code Error} message.
 */
final class ServerRoutes {
  static final List<String> VERBS = List.of("filter", "prioritize", "bind", "preempt");

  private static final Logger LOG = LoggerFactory.getLogger(ServerRoutes.class);
  private static final String START = "muster.start";

  /** Kubernetes names are at most 253 characters; anything longer is cut in log lines. */
  private static final int MAX_NAME = 253;

  private ServerRoutes() {}

  static Router main(
      Vertx vertx, ExtenderConfig config, ExtenderBackend backend, ExtenderMetrics metrics) {
    Router router = Router.router(vertx);
    VerbCalls calls = new VerbCalls(vertx, metrics, config.verbTimeout());
    BodyHandler body = BodyHandler.create(false).setBodyLimit(config.maxBodyBytes());
    Set<String> prefixes = new LinkedHashSet<>(List.of("", config.urlPrefix()));
    for (String prefix : prefixes) {
      verb(router, prefix + "/filter", body, new FilterRoute(backend.verbs(), calls));
      verb(router, prefix + "/prioritize", body, new PrioritizeRoute(backend.verbs(), calls));
      verb(router, prefix + "/bind", body, new BindRoute(backend.verbs(), calls));
      verb(router, prefix + "/preempt", body, new PreemptRoute(backend.verbs(), calls));
    }
    OpsRoutes ops = new OpsRoutes(vertx, backend.inspector(), backend.readiness(), metrics);
    health(router, ops);
    router.get("/debug/gangs").handler(ops::gangs);
    router.get("/explain/:namespace/:pod").handler(ops::explain);
    errors(router, config.maxBodyBytes());
    return router;
  }

  static Router ops(Vertx vertx, ExtenderBackend backend, ExtenderMetrics metrics) {
    Router router = Router.router(vertx);
    health(router, new OpsRoutes(vertx, backend.inspector(), backend.readiness(), metrics));
    errors(router, 0);
    return router;
  }

  private static void verb(
      Router router, String path, BodyHandler body, Handler<RoutingContext> route) {
    router.post(path).handler(STAMP).handler(body).handler(route);
  }

  /**
   * Notes when a verb request arrived (before its body is read) and refuses form uploads, which
   * Vert.x would otherwise parse as form fields instead of handing over the raw JSON. A platform
   * handler, because Vert.x Web insists that the body handler precede all user handlers.
   */
  private static final PlatformHandler STAMP =
      new PlatformHandler() {
        @Override
        public void handle(RoutingContext ctx) {
          ctx.put(START, System.nanoTime());
          String type = ctx.request().getHeader("Content-Type");
          String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
          if (lower.startsWith("multipart/")
              || lower.startsWith("application/x-www-form-urlencoded")) {
            Replies.error(ctx, 415, "Content-Type must be application/json");
            return;
          }
          ctx.next();
        }
      };

  private static void health(Router router, OpsRoutes ops) {
    router.get("/healthz").handler(ops::healthz);
    router.get("/readyz").handler(ops::readyz);
    router.get("/metrics").handler(ops::metrics);
  }

  private static void errors(Router router, long maxBodyBytes) {
    router.errorHandler(404, ctx -> Replies.error(ctx, 404, "no such endpoint: " + shortPath(ctx)));
    router.errorHandler(
        405,
        ctx -> {
          boolean verb = VERBS.stream().anyMatch(v -> ctx.request().path().endsWith("/" + v));
          String allowed = verb ? "POST" : "GET";
          ctx.response().putHeader("Allow", allowed);
          Replies.error(
              ctx,
              405,
              "method "
                  + ctx.request().method()
                  + " not allowed on "
                  + shortPath(ctx)
                  + " (use "
                  + allowed
                  + ")");
        });
    router.errorHandler(
        413,
        ctx -> {
          LOG.warn("refused {}: body over {} bytes", shortPath(ctx), maxBodyBytes);
          Replies.error(
              ctx,
              413,
              "request body exceeds "
                  + maxBodyBytes
                  + " bytes ("
                  + ExtenderConfig.MAX_BODY_BYTES
                  + ")");
        });
    router.errorHandler(400, ctx -> Replies.error(ctx, 400, "bad request"));
    router.errorHandler(
        500,
        ctx -> {
          String ref = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
          LOG.error("internal error ref={} on {}", ref, shortPath(ctx), ctx.failure());
          Replies.error(ctx, 500, "muster: internal error (ref " + ref + ", see the extender log)");
        });
  }

  /** When the request arrived (before its body was read), for latency metrics. */
  static long startNanos(RoutingContext ctx) {
    Long start = ctx.get(START);
    return start != null ? start : System.nanoTime();
  }

  /** {@code pod=namespace/name} for log lines (the request's names: made one-line and short). */
  static String subject(Pod pod) {
    ObjectMeta meta = pod == null ? null : pod.getMetadata();
    return meta == null
        ? "pod=?"
        : "pod="
            + SafeText.oneLine(meta.getNamespace(), MAX_NAME)
            + "/"
            + SafeText.oneLine(meta.getName(), MAX_NAME);
  }

  private static String shortPath(RoutingContext ctx) {
    String path = ctx.request().path();
    return path == null ? "?" : path.length() > 100 ? path.substring(0, 100) + "…" : path;
  }
}
