package io.hookrelay.api;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the body of an authenticated {@code /api} request as plain bytes, whatever its {@code
 * Content-Type} says: never as a form or a multipart upload, so no field of it ever becomes a
 * request parameter ({@link Json#object} then reads it as JSON). A body over {@code
 * limits.maxBodyBytes} is refused with 413 as soon as its {@code Content-Length}, or its bytes,
 * show it, and is not read any further. Runs after {@link Auth}, which paused the request.
 */
final class BodyReader implements Handler<RoutingContext> {

  private static final String BODY = "hookrelay.body";

  private final long limit;

  BodyReader(long limit) {
    this.limit = limit;
  }

  /** The body read for this request (empty when there was none). */
  static Buffer body(RoutingContext ctx) {
    Buffer body = ctx.get(BODY);
    return body == null ? Buffer.buffer() : body;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (declaredLength(request) > limit) {
      ctx.fail(413);
      return;
    }
    if (request.isEnded()) {
      ctx.put(BODY, Buffer.buffer());
      ctx.next();
      return;
    }
    if (request.version() != HttpVersion.HTTP_1_0
        && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
      ctx.response().writeContinue();
    }
    Buffer body = Buffer.buffer();
    request.handler(
        chunk -> {
          if (ctx.failed()) {
            return;
          }
          if (body.length() + (long) chunk.length() > limit) {
            ctx.fail(413);
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(
        v -> {
          if (!ctx.failed()) {
            ctx.put(BODY, body);
            ctx.next();
          }
        });
    request.resume();
  }

  /** The {@code Content-Length} given, 0 when none (chunked or empty), beyond any limit if junk. */
  private static long declaredLength(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (header == null || header.isBlank()) {
      return 0;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
