package io.hookrelay.api;

import io.hookrelay.store.StoreUnavailableException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that writes error bodies: {@code {"status", "error", "message", "details"}}. */
final class Failures {

  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

  private static final Map<Integer, String> CODES =
      Map.of(
          400, "bad_request",
          401, "unauthorized",
          403, "forbidden",
          404, "not_found",
          405, "method_not_allowed",
          408, "request_timeout",
          413, "payload_too_large",
          415, "unsupported_media_type",
          503, "unavailable");

  /** At most this much of an unread body is read and dropped after an early answer. */
  static final long MAX_DISCARD_BYTES = 1 << 20;

  private Failures() {}

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
    int status = storeUnavailable(failure) ? 503 : ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (status == 503 && failure != null) {
      LOG.warn(
          "{} {} answered 503: {}",
          ctx.request().method(),
          ctx.request().path(),
          failure.toString());
    }
    if (status >= 500 && status != 503) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      write(ctx, 500, "internal_error", "the server could not complete the request", null);
      return;
    }
    String code = CODES.getOrDefault(status, "error");
    write(ctx, status, code, message(ctx, status), null);
  }

  /**
   * A request the HTTP decoder refused before any route saw it: a request line over 4 KiB (414), a
   * header block over 8 KiB (431), or not HTTP at all (400) — the same error body as every other
   * error, then the connection is closed (what follows on it cannot be parsed).
   */
  static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String code;
    String message;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      code = "uri_too_long";
      message = "the request line is longer than 4096 bytes";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      code = "header_fields_too_large";
      message = "the request headers are larger than 8192 bytes";
    } else {
      status = 400;
      code = "bad_request";
      message = "the request is not valid HTTP";
    }
    HttpServerResponse response = request.response().putHeader(HttpHeaders.CONNECTION, "close");
    writeRaw(response, status, code, message).onComplete(v -> request.connection().close());
  }

  /**
   * Whether a failure says the store cannot be reached right now rather than that the request or
   * the code is wrong (the store decides: {@link StoreUnavailableException}). The client may try
   * again shortly: 503.
   */
  static boolean storeUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StoreUnavailableException) {
        return true;
      }
    }
    return false;
  }

  private static String message(RoutingContext ctx, int status) {
    return switch (status) {
      case 401 -> "a valid token is required (Authorization: Bearer <token>)";
      case 408 -> "the request did not arrive in time";
      case 404 -> "no such resource: " + ctx.request().path();
      case 405 -> ctx.request().method() + " is not allowed on " + ctx.request().path();
      case 413 -> "the request body is larger than the limit";
      case 503 -> "the store is unavailable; try again shortly";
      default -> "the request cannot be served";
    };
  }

  private static JsonArray details(ApiError e) {
    JsonArray out = new JsonArray();
    e.details()
        .forEach(
            d -> out.add(new JsonObject().put("field", d.field()).put("message", d.message())));
    return out;
  }

  static void write(
      RoutingContext ctx, int status, String code, String message, JsonArray details) {
    HttpServerRequest request = ctx.request();
    boolean unread = !request.isEnded() && hasBody(request);
    if (unread) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    }
    Future<Void> written = writeRaw(ctx.response(), status, code, message, details);
    if (unread) {
      written.onComplete(v -> dropThenClose(request));
    } else if (!request.isEnded()) {
      request.resume(); // paused by Auth, nothing to read but its end
    }
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return (length != null && !length.trim().equals("0"))
        || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }

  static Future<Void> writeRaw(
      HttpServerResponse response, int status, String code, String message) {
    return writeRaw(response, status, code, message, null);
  }

  private static Future<Void> writeRaw(
      HttpServerResponse response, int status, String code, String message, JsonArray details) {
    JsonObject body =
        new JsonObject().put("status", status).put("error", code).put("message", message);
    if (details != null) {
      body.put("details", details);
    }
    return response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, Json.CONTENT_TYPE)
        .end(body.toBuffer());
  }

  /**
   * After an answer given before the body was read (401, 413): the connection cannot carry another
   * request, so it is closed — but only once the client has stopped sending (or {@link
   * #MAX_DISCARD_BYTES} more have been dropped), since closing a socket with unread bytes resets it
   * and can destroy the answer before the client reads it. Nothing is buffered meanwhile, and
   * {@code http.requestTimeoutMs} still bounds the time.
   */
  private static void dropThenClose(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    long[] dropped = {0};
    request.handler(
        chunk -> {
          dropped[0] += chunk.length();
          if (dropped[0] > MAX_DISCARD_BYTES) {
            connection.close();
          }
        });
    request.endHandler(v -> connection.close());
    request.exceptionHandler(e -> connection.close());
    request.resume();
  }
}
