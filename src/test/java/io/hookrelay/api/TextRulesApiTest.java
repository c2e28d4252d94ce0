package io.hookrelay.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every string a client sends must be text PostgreSQL can store: U+0000 (and an unpaired surrogate)
 * in any string field is a 400 validation_failed naming the field, on every resource, and one
 * tenant's bad byte never fails another tenant's events. Run against each store by a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TextRulesApiTest {

  private static final String NUL = "a\u0000b";
  private static final String EVENTS = "/api/internal/events";
  private static final String TENANTS = "/api/internal/tenants";
  private static final String TEST = "/api/internal/webhooks/test";

  private TestServer server;
  private TenantClients tenants;
  private TenantClient acme;

  /** Config overrides that choose the store. */
  protected abstract JsonObject storeConfig();

  /** Called after the server has stopped. */
  protected void cleanUp() {}

  @BeforeAll
  void start() {
    server = TestServer.start(storeConfig());
    tenants = new TenantClients(server);
    acme = tenants.create("Acme");
  }

  @AfterAll
  void stop() {
    if (tenants != null) {
      tenants.close();
    }
    if (server != null) {
      server.close();
    }
    cleanUp();
  }

  private static JsonObject event() {
    return new JsonObject()
        .put("event", "ReportPublished")
        .put("targetCuid", "ctarget0000000000000");
  }

  private static Arguments field(String field, UnaryOperator<JsonObject> change) {
    return Arguments.arguments(field, change);
  }

  static Stream<Arguments> eventFields() {
    return Stream.of(
        field("id", e -> e.put("id", NUL)),
        field("event", e -> e.put("event", "ReportPublished\u0000")),
        field("clientCuid", e -> e.put("clientCuid", NUL)),
        field("actorCuid", e -> e.put("actorCuid", NUL)),
        field("targetType", e -> e.put("targetType", NUL)),
        field("targetCuid", e -> e.put("targetCuid", NUL)),
        field("text", e -> e.put("text", NUL)),
        field(
            "targetCuids",
            e -> {
              e.remove("targetCuid");
              return e.put("targetCuids", new JsonArray().add("c1").add(NUL));
            }),
        field("data", e -> e.put("data", new JsonObject().put("title", NUL))),
        field(
            "data",
            e ->
                e.put(
                    "data",
                    new JsonObject()
                        .put(
                            "deep",
                            new JsonObject().put("list", new JsonArray().add(1).add(NUL))))),
        field("data", e -> e.put("data", new JsonObject().put("key\u0000", 1))));
  }

  @ParameterizedTest(name = "U+0000 in {0}")
  @MethodSource("eventFields")
  @DisplayName("An event with U+0000 in any string, data included, is a 400 naming the field")
  void eventStrings(String field, UnaryOperator<JsonObject> change) {
    Api.Response response = acme.api().post(EVENTS, change.apply(event()));

    ApiBodies.invalid(response, field);
    assertThat(ApiBodies.message(response, field)).contains("U+0000");
  }

  static Stream<Arguments> webhookFields() {
    return Stream.of(
        field("name", w -> w.put("name", NUL)),
        field("url", w -> w.put("url", "https://203.0.113.10/a\u0000b")),
        field("secret", w -> w.put("secret", NUL)),
        field("clientCuids", w -> w.put("clientCuids", new JsonArray().add("c1").add(NUL))),
        field("events", w -> w.put("events", new JsonArray().add("ReportPublished\u0000"))));
  }

  @ParameterizedTest(name = "U+0000 in {0}")
  @MethodSource("webhookFields")
  @DisplayName("A webhook with U+0000 in any string is a 400 naming the field, on create and PATCH")
  void webhookStrings(String field, UnaryOperator<JsonObject> change) {
    ApiBodies.invalid(acme.api().post(ApiBodies.PATH, change.apply(ApiBodies.valid())), field);
    JsonObject created = ApiBodies.create(acme.api(), ApiBodies.valid());
    ApiBodies.invalid(
        acme.api().patch(ApiBodies.path(created), change.apply(new JsonObject())), field);
    assertThat(acme.api().get(ApiBodies.path(created)).json()).isEqualTo(created);
  }

  @Test
  @DisplayName("A webhook name with an unpaired surrogate is a 400 naming the field")
  void unpairedSurrogate() {
    Api.Response response = acme.api().post(ApiBodies.PATH, ApiBodies.valid("bad \ud800 name"));

    ApiBodies.invalid(response, "name");
    assertThat(ApiBodies.message(response, "name")).contains("surrogate");
  }

  @Test
  @DisplayName("A tenant name with U+0000 is a 400 naming the field")
  void tenantName() {
    ApiBodies.invalid(
        server
            .admin()
            .post(TENANTS, new JsonObject().put("name", NUL).put("webhooksEnabled", true)),
        "name");
  }

  @Test
  @DisplayName("The test endpoint refuses U+0000 in url and secret, naming both")
  void testEndpoint() {
    ApiBodies.invalid(
        acme.api()
            .post(
                TEST, new JsonObject().put("url", "http://127.0.0.1:1/a\u0000").put("secret", NUL)),
        "url",
        "secret");
  }

  @Test
  @DisplayName("U+0000 in a query parameter or a path is a 400 naming it, not a store error")
  void queryAndPath() {
    ApiBodies.invalid(server.admin().get(ApiBodies.PATH + "?tenantCuid=c%00"), "tenantCuid");
    ApiBodies.invalid(acme.api().get(ApiBodies.PATH + "/cabc%00def"), "path");
    ApiBodies.invalid(acme.api().get("/api/internal/webhookslog?webhookCuid=%00"), "webhookCuid");
  }

  @Test
  @DisplayName(
      "Events with U+0000 from one tenant, sent alongside another tenant's, are refused alone: the other's all pass")
  void oneTenantsBadByteNeverFailsAnother() throws Exception {
    TenantClient good = tenants.create("Good");
    TenantClient bad = tenants.create("Bad");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (Receiver receiver = Receiver.answering(200)) {
      ApiBodies.create(good.api(), ApiBodies.valid().put("url", receiver.url("/good")));
      List<Future<Integer>> goodAnswers = new ArrayList<>();
      List<Future<Integer>> badAnswers = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        JsonObject ok = event().put("text", "fine " + i);
        JsonObject nul = event().put("clientCuid", "cbad\u0000" + i); // a text column in PostgreSQL
        goodAnswers.add(pool.submit(() -> good.api().post(EVENTS, ok).status()));
        badAnswers.add(pool.submit(() -> bad.api().post(EVENTS, nul).status()));
      }
      for (Future<Integer> answer : goodAnswers) {
        assertThat(answer.get()).isEqualTo(202);
      }
      for (Future<Integer> answer : badAnswers) {
        assertThat(answer.get()).isEqualTo(400);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
