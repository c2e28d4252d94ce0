package io.hookrelay.api;

import static io.hookrelay.api.ApiBodies.PATH;
import static io.hookrelay.api.ApiBodies.invalid;
import static io.hookrelay.api.ApiBodies.message;
import static io.hookrelay.api.ApiBodies.path;
import static io.hookrelay.api.ApiBodies.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.hookrelay.support.Api;
import io.hookrelay.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of API.md's webhook resource, one case per rule, on create and on PATCH. */
class WebhookValidationApiTest {

  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.newTenant("Validators").api();
  }

  @AfterAll
  static void stop() {
    api.close();
    server.close();
  }

  private static Arguments rule(
      String rule, String field, String messagePart, UnaryOperator<JsonObject> change) {
    return arguments(rule, field, messagePart, change);
  }

  /** Each breaks exactly one rule of a valid body; the field and a part of its message follow. */
  static Stream<Arguments> createRules() {
    return Stream.of(
        rule("name is required", "name", "required", b -> without(b, "name")),
        rule("url is required", "url", "required", b -> without(b, "url")),
        rule(
            "sslVerification is required",
            "sslVerification",
            "required",
            b -> without(b, "sslVerification")),
        rule("events is required", "events", "required", b -> without(b, "events")),
        rule("enabled is required", "enabled", "required", b -> without(b, "enabled")),
        rule("name must be a string, not a number", "name", "string", b -> b.put("name", 123)),
        rule("name must be a string, not null", "name", "string", b -> b.putNull("name")),
        rule("name must not be empty", "name", "empty", b -> b.put("name", "")),
        rule("name must not be blank", "name", "empty", b -> b.put("name", "   ")),
        rule(
            "name must be at most 200 characters",
            "name",
            "200",
            b -> b.put("name", "n".repeat(201))),
        rule("url must be a string", "url", "string", b -> b.put("url", 42)),
        rule("url must be absolute", "url", "absolute", b -> b.put("url", "/relative/hook")),
        rule(
            "url must be http or https, not ftp",
            "url",
            "http",
            b -> b.put("url", "ftp://203.0.113.10/x")),
        rule("url must be a valid URL", "url", "URL", b -> b.put("url", "http://203.0.113.10/a b")),
        rule("url must name a host", "url", "host", b -> b.put("url", "http:///path-only")),
        rule(
            "url must have a port no higher than 65535",
            "url",
            "port",
            b -> b.put("url", "http://203.0.113.10:99999/")),
        rule(
            "url must not have port 0", "url", "port", b -> b.put("url", "http://203.0.113.10:0/")),
        rule(
            "url must be at most 2048 characters", "url", "2048", b -> b.put("url", longUrl(2049))),
        rule("secret must be a string", "secret", "string", b -> b.put("secret", 123)),
        rule("secret must not be empty", "secret", "empty", b -> b.put("secret", "")),
        rule(
            "secret must be at most 256 characters",
            "secret",
            "256",
            b -> b.put("secret", "s".repeat(257))),
        rule(
            "sslVerification must be a boolean, not the string \"true\"",
            "sslVerification",
            "boolean",
            b -> b.put("sslVerification", "true")),
        rule(
            "sslVerification must be a boolean, not 1",
            "sslVerification",
            "boolean",
            b -> b.put("sslVerification", 1)),
        rule("events must be an array", "events", "array", b -> b.put("events", "ReportPublished")),
        rule(
            "events must hold at least one event",
            "events",
            "at least one",
            b -> b.put("events", new JsonArray())),
        rule(
            "events must hold strings",
            "events",
            "string",
            b -> b.put("events", new JsonArray().add(1))),
        rule(
            "events must be in the catalog",
            "events",
            "NoSuchEvent",
            b -> b.put("events", new JsonArray().add("ReportPublished").add("NoSuchEvent"))),
        rule(
            "events must be case-exact catalog names",
            "events",
            "reportpublished",
            b -> b.put("events", new JsonArray().add("reportpublished"))),
        rule(
            "events must not repeat an event",
            "events",
            "twice",
            b -> b.put("events", new JsonArray().add("ReportPublished").add("ReportPublished"))),
        rule(
            "enabled must be a boolean, not the string \"true\"",
            "enabled",
            "boolean",
            b -> b.put("enabled", "true")),
        rule(
            "enabled must be a boolean, not null", "enabled", "boolean", b -> b.putNull("enabled")),
        rule(
            "clientCuids must be an array",
            "clientCuids",
            "array",
            b -> b.put("clientCuids", "cclient")),
        rule(
            "clientCuids must hold strings",
            "clientCuids",
            "string",
            b -> b.put("clientCuids", new JsonArray().add(7))),
        rule(
            "clientCuids must hold at most 100 entries",
            "clientCuids",
            "at most 100",
            b -> b.put("clientCuids", cuids(101))),
        rule(
            "clientCuids must hold strings of at most 200 characters",
            "clientCuids",
            "200",
            b -> b.put("clientCuids", new JsonArray().add("c".repeat(201)))),
        rule(
            "events must hold at most as many entries as the catalog has events",
            "events",
            "at most 5",
            b ->
                b.put(
                    "events",
                    new JsonArray()
                        .add("ReportPublished")
                        .add("FindingPublished")
                        .add("AssessmentSubmitted")
                        .add("SchedulerEngagementSubmitted")
                        .add("ReportStatusChanged")
                        .add("ReportPublished"))),
        rule(
            "unknown fields are refused",
            "color",
            "not a known field",
            b -> b.put("color", "blue")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("createRules")
  @DisplayName("Create refuses a body that breaks one rule, with a 400 naming that field only")
  void createRule(String rule, String field, String messagePart, UnaryOperator<JsonObject> change) {
    Api.Response response = api.post(PATH, change.apply(valid()));

    invalid(response, field);
    assertThat(message(response, field)).containsIgnoringCase(messagePart);
  }

  static Stream<Arguments> patchRules() {
    return createRules().filter(a -> !a.get()[2].equals("required"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patchRules")
  @DisplayName(
      "PATCH applies the same rules to the fields it names, and changes nothing on failure")
  void patchRule(String rule, String field, String messagePart, UnaryOperator<JsonObject> change) {
    JsonObject created = ApiBodies.create(api, valid());
    Api.Response response = api.patch(path(created), change.apply(new JsonObject()));

    invalid(response, field);
    assertThat(api.get(path(created)).json()).isEqualTo(created);
  }

  private static JsonArray cuids(int n) {
    JsonArray cuids = new JsonArray();
    for (int i = 0; i < n; i++) {
      cuids.add(String.format("cclient%018d", i));
    }
    return cuids;
  }

  private static Arguments edge(String what, String field, UnaryOperator<JsonObject> change) {
    return arguments(what, field, change);
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        edge("a name of exactly 200 characters", "name", b -> b.put("name", "n".repeat(200))),
        edge("a url of exactly 2048 characters", "url", b -> b.put("url", longUrl(2048))),
        edge("a secret of 1 character", "hasSecret", b -> b.put("secret", "s")),
        edge(
            "a secret of exactly 256 characters",
            "hasSecret",
            b -> b.put("secret", "s".repeat(256))),
        edge("an empty clientCuids", "clientCuids", b -> b.put("clientCuids", new JsonArray())),
        edge("100 clientCuids", "clientCuids", b -> b.put("clientCuids", cuids(100))),
        edge(
            "every catalog event",
            "events",
            b ->
                b.put(
                    "events",
                    new JsonArray()
                        .add("ReportPublished")
                        .add("FindingPublished")
                        .add("AssessmentSubmitted")
                        .add("SchedulerEngagementSubmitted")
                        .add("ReportStatusChanged"))),
        edge(
            "an http URL with a port, path and query",
            "url",
            b -> b.put("url", "http://203.0.113.10:8080/a/b?c=d")),
        edge("an upper-case scheme", "url", b -> b.put("url", "HTTPS://203.0.113.10/hook")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  @DisplayName("Create accepts values on the edge of each rule")
  void createAccepts(String what, String field, UnaryOperator<JsonObject> change) {
    JsonObject body = change.apply(valid());

    JsonObject created = ApiBodies.create(api, body);

    assertThat(created.getValue(field))
        .isEqualTo(field.equals("hasSecret") ? Boolean.TRUE : body.getValue(field));
  }

  @Test
  @DisplayName("A body that breaks a rule in every field gets a 400 listing every one of them")
  void everyFieldWrong() {
    JsonObject body =
        new JsonObject()
            .put("clientCuids", "not-a-list")
            .put("name", "")
            .put("url", "ftp://203.0.113.10/")
            .put("secret", 5)
            .put("sslVerification", "yes")
            .put("events", new JsonArray().add("Nope"))
            .put("enabled", 0)
            .put("extra", true);

    Api.Response response = api.post(PATH, body);

    invalid(
        response,
        "clientCuids",
        "name",
        "url",
        "secret",
        "sslVerification",
        "events",
        "enabled",
        "extra");
    assertThat(response.json().getString("message")).contains("8");
  }

  @Test
  @DisplayName("An empty object on create lists every required field")
  void emptyCreate() {
    invalid(
        api.post(PATH, new JsonObject()), "name", "url", "sslVerification", "events", "enabled");
  }

  @Test
  @DisplayName("Several bad fields on PATCH are all listed too")
  void severalOnPatch() {
    JsonObject created = ApiBodies.create(api, valid());

    invalid(
        api.patch(
            path(created),
            new JsonObject().put("name", 1).put("events", new JsonArray()).put("enabled", "no")),
        "name",
        "events",
        "enabled");
  }

  private static JsonObject without(JsonObject body, String field) {
    body.remove(field);
    return body;
  }

  private static String longUrl(int length) {
    String start = "https://203.0.113.10/";
    return start + "p".repeat(length - start.length());
  }
}
