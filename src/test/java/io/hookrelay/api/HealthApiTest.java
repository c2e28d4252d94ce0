package io.hookrelay.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code GET /health}: no token, {@code {"status":"UP","checks":{…}}}. */
class HealthApiTest {

  @Test
  @DisplayName(
      "/health answers 200 UP without a token, with the store, router and delivery checks each UP")
  void health() {
    try (TestServer server = TestServer.start();
        Api anonymous = server.as(null)) {
      Api.Response response = anonymous.get("/health").expect(200);
      JsonObject body = response.json();

      assertThat(response.contentType()).startsWith("application/json");
      assertThat(body.getString("status")).isEqualTo("UP");
      JsonObject checks = body.getJsonObject("checks");
      assertThat(checks.fieldNames()).contains("store", "router", "delivery");
      checks
          .fieldNames()
          .forEach(
              name ->
                  assertThat(checks.getJsonObject(name).getString("status"))
                      .as("check %s", name)
                      .isEqualTo("UP"));
    }
  }
}
