package io.muster.extender.http;

import io.muster.extender.http.wire.ErrorReply;
import io.muster.extender.http.wire.ExtenderFilterResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Writes response bodies; a response whose client has gone away is skipped silently. */
final class Replies {
  static final String JSON = "application/json";
  static final String TEXT = "text/plain; charset=utf-8";

  private Replies() {}

  static void json(RoutingContext ctx, int status, Object body) {
    send(ctx, status, JSON, WireCodec.encode(body));
  }

  static void text(RoutingContext ctx, int status, String body) {
    send(ctx, status, TEXT, Buffer.buffer(body));
  }

  /**
   * An error in the shape the caller decodes: {@code ExtenderFilterResult} on {@code /filter}
   * (kube-scheduler reads its {@code Error}), {@code {"Error": ...}} everywhere else.
   */
  static void error(RoutingContext ctx, int status, String message) {
    Object body =
        ctx.request().path().endsWith("/filter")
            ? ExtenderFilterResult.error(message)
            : new ErrorReply(message);
    json(ctx, status, body);
  }

  static void send(RoutingContext ctx, int status, String contentType, Buffer body) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status).putHeader("Content-Type", contentType).end(body);
  }
}
