package io.hookrelay.api;

import static io.hookrelay.api.ApiBodies.PATH;
import static io.hookrelay.api.ApiBodies.error;
import static io.hookrelay.api.ApiBodies.valid;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every error is the JSON error body — bad JSON, too big, no route, wrong method — never HTML. */
class ErrorsApiTest {

  private static final int LIMIT = 2048;

  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            new JsonObject().put("limits", new JsonObject().put("maxBodyBytes", LIMIT)));
    api = server.newTenant("Acme").api();
  }

  @AfterAll
  static void stop() {
    api.close();
    server.close();
  }

  /** A JSON error body: no HTML, no stack trace, details only for validation. */
  private static Api.Response jsonError(Api.Response response, int status, String code) {
    error(response, status, code);
    assertThat(response.body())
        .doesNotContainIgnoringCase("<html")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    if (!code.equals("validation_failed")) {
      assertThat(response.json().containsKey("details")).isFalse();
    }
    return response;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "{\"name\": ",
        "{name: 'x'}",
        "not json",
        "{\"a\":1} trailing",
        "{\"a\":1}{\"b\":2}"
      })
  @DisplayName("Malformed JSON is a 400 invalid_json")
  void malformed(String body) {
    jsonError(api.post(PATH, body), 400, "invalid_json");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"[]", "[{\"name\":\"x\"}]", "\"a string\"", "42", "null"})
  @DisplayName("JSON that is not an object is a 400 invalid_json")
  void notAnObject(String body) {
    jsonError(api.post(PATH, body), 400, "invalid_json");
  }

  @Test
  @DisplayName("A JSON array body on PATCH is a 400 too")
  void arrayOnPatch() {
    JsonObject made = ApiBodies.create(api, valid());

    jsonError(
        api.patch(ApiBodies.path(made), new JsonArray().add(new JsonObject().put("name", "x"))),
        400,
        "invalid_json");
  }

  @Test
  @DisplayName("Deeply nested JSON within the size limit is a 400 invalid_json, not a server error")
  void deeplyNested() {
    String body = "{\"name\":" + "[".repeat(1010) + "]".repeat(1010) + "}";
    assertThat(body.length()).isLessThan(LIMIT);

    jsonError(api.post(PATH, body), 400, "invalid_json");
  }

  @Test
  @DisplayName("A POST without a body is a 400 invalid_json")
  void noBody() {
    jsonError(api.send(HttpMethod.POST, PATH, null), 400, "invalid_json");
  }

  @Test
  @DisplayName("A body over limits.maxBodyBytes is a 413 with the JSON error body")
  void tooLarge() {
    JsonObject body = valid().put("name", "n".repeat(LIMIT));

    Api.Response response = api.post(PATH, body);

    jsonError(response, 413, "payload_too_large");
    assertThat(api.get(PATH).json().getJsonArray("data")).isEmpty();
  }

  @Test
  @DisplayName("A body just under the limit is read normally")
  void underTheLimit() {
    JsonObject body = valid().put("secret", "s".repeat(200));
    assertThat(body.encode().length()).isLessThan(LIMIT);

    ApiBodies.create(api, body);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/nope",
        "/api/internal/nope",
        "/api/internal/webhooks/c1/extra",
        "/api/v2/webhooks"
      })
  @DisplayName("An unknown route is a 404 JSON error")
  void unknownRoute(String path) {
    jsonError(api.get(path), 404, "not_found");
  }

  @Test
  @DisplayName("An unknown route without a token is a 404 outside /api, a 401 inside")
  void unknownRouteWithoutToken() {
    try (Api anonymous = server.as(null)) {
      jsonError(anonymous.get("/nope"), 404, "not_found");
      jsonError(anonymous.get("/api/internal/nope"), 401, "unauthorized");
    }
  }

  @Test
  @DisplayName("A wrong method on a known route is a 405 JSON error")
  void wrongMethod() {
    jsonError(api.send(HttpMethod.PUT, PATH, valid()), 405, "method_not_allowed");
    jsonError(api.send(HttpMethod.DELETE, PATH, null), 405, "method_not_allowed");
    jsonError(
        api.send(HttpMethod.POST, "/api/internal/webhookevents", new JsonObject()),
        405,
        "method_not_allowed");
    jsonError(
        api.send(HttpMethod.PUT, PATH + "/cnosuchwebhook000000000000", valid()),
        405,
        "method_not_allowed");
    jsonError(api.send(HttpMethod.POST, "/health", null), 405, "method_not_allowed");
  }

  @Test
  @DisplayName(
      "A validation error carries status, error, message and details with field and message each")
  void validationBody() {
    JsonObject body = api.post(PATH, valid().put("url", 5)).expect(400).json();

    assertThat(body.fieldNames())
        .containsExactlyInAnyOrder("status", "error", "message", "details");
    assertThat(body.getInteger("status")).isEqualTo(400);
    assertThat(body.getString("error")).isEqualTo("validation_failed");
    assertThat(body.getJsonArray("details"))
        .containsExactly(new JsonObject().put("field", "url").put("message", "must be a string"));
  }
}
