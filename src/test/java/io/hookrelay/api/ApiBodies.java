package io.hookrelay.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Webhook request bodies and error-body readers shared by the API tests. The default URL is a
 * documentation address (TEST-NET-3): valid under every SSRF setting, and never called because
 * these tests send no events to it.
 */
final class ApiBodies {

  static final String PATH = "/api/internal/webhooks";
  static final String URL = "https://203.0.113.10/hook";
  static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
  static final String CUID = "c[a-z0-9]{24}";

  private ApiBodies() {}

  /** A body that passes every rule on create. */
  static JsonObject valid() {
    return valid("hook");
  }

  static JsonObject valid(String name) {
    return new JsonObject()
        .put("name", name)
        .put("url", URL)
        .put("sslVerification", true)
        .put("events", new JsonArray().add("ReportPublished"))
        .put("enabled", true);
  }

  /** Creates a webhook (expecting 201) and returns its resource. */
  static JsonObject create(Api api, JsonObject body) {
    return api.post(PATH, body).expect(201).json();
  }

  static String path(JsonObject webhook) {
    return PATH + "/" + webhook.getString("cuid");
  }

  /** The {@code field}s of a validation error's {@code details}, in order. */
  static List<String> fields(Api.Response response) {
    return response.details().stream().map(d -> ((JsonObject) d).getString("field")).toList();
  }

  /** The message given for {@code field} in a validation error (the first, if several). */
  static String message(Api.Response response, String field) {
    return response.details().stream()
        .map(d -> (JsonObject) d)
        .filter(d -> field.equals(d.getString("field")))
        .map(d -> d.getString("message"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no detail for " + field + " in " + response.body()));
  }

  /** Asserts a JSON error body with this status and code; returns the response for more checks. */
  static Api.Response error(Api.Response response, int status, String code) {
    response.expect(status);
    assertThat(response.contentType()).startsWith("application/json");
    JsonObject body = response.json();
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("error")).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank();
    return response;
  }

  /** Asserts a 400 validation error naming exactly these fields (in any order). */
  static Api.Response invalid(Api.Response response, String... fields) {
    error(response, 400, "validation_failed");
    assertThat(fields(response)).containsExactlyInAnyOrder(fields);
    return response;
  }
}
