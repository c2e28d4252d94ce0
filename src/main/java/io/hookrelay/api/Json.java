package io.hookrelay.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Map;

/** Request bodies in, JSON responses out. */
final class Json {

  static final String CONTENT_TYPE = "application/json; charset=utf-8";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /**
   * The body as plain maps and lists (so validators see real types), or 400 invalid_json when it is
   * not one JSON object.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(RoutingContext ctx) {
    Buffer body = BodyReader.body(ctx);
    if (body.length() == 0) {
      throw new ApiError(400, "invalid_json", "the request body must be a JSON object");
    }
    try {
      Object value = MAPPER.readValue(body.getBytes(), Object.class);
      if (value instanceof Map<?, ?> map) {
        return (Map<String, Object>) map;
      }
      throw new ApiError(400, "invalid_json", "the request body must be a JSON object");
    } catch (JsonProcessingException e) {
      throw new ApiError(
          400, "invalid_json", "the request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ApiError(400, "invalid_json", "the request body cannot be read");
    }
  }

  static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
        .end(body.toBuffer());
  }
}
