package io.hookrelay.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** The one place that writes error bodies: {@code {"status", "error", "message", "details"}}. */
final class Failures {

  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

  private static final Map<Integer, String> CODES = Map.of(
      400, "bad_request",
      401, "unauthorized",
      403, "forbidden",
      404, "not_found",
      405, "method_not_allowed",
      413, "payload_too_large",
      415, "unsupported_media_type",
      503, "unavailable");

  private Failures() {
  }

  static void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    Throwable failure = ctx.failure();
    if (failure instanceof ApiError e) {
      write(ctx, e.status(), e.code(), e.getMessage(), e.details() == null ? null : details(e));
      return;
    }
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (status >= 500 && status != 503) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      write(ctx, 500, "internal_error", "the server could not complete the request", null);
      return;
    }
    String code = CODES.getOrDefault(status, "error");
    write(ctx, status, code, message(ctx, status), null);
  }

  private static String message(RoutingContext ctx, int status) {
    return switch (status) {
      case 401 -> "a valid token is required (Authorization: Bearer <token>)";
      case 404 -> "no such resource: " + ctx.request().path();
      case 405 -> ctx.request().method() + " is not allowed on " + ctx.request().path();
      case 413 -> "the request body is larger than the limit";
      case 503 -> "the store is unavailable; try again shortly";
      default -> "the request cannot be served";
    };
  }

  private static JsonArray details(ApiError e) {
    JsonArray out = new JsonArray();
    e.details().forEach(d -> out.add(new JsonObject().put("field", d.field()).put("message", d.message())));
    return out;
  }

  static void write(RoutingContext ctx, int status, String code, String message, JsonArray details) {
    JsonObject body = new JsonObject().put("status", status).put("error", code).put("message", message);
    if (details != null) {
      body.put("details", details);
    }
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, Json.CONTENT_TYPE)
        .end(body.toBuffer());
  }
}
