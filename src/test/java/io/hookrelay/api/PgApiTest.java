package io.hookrelay.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.delivery.Signer;
import io.hookrelay.store.pg.PgTestDatabase;
import io.hookrelay.support.Api;
import io.hookrelay.support.PgSettings;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The API of API.md end to end on {@code store.type=postgres}: what a user sees must be what the
 * memory store gives. One server and one database for the class; every test makes its own tenant.
 */
@DisplayName("The API on PostgreSQL")
class PgApiTest {

  private static final String HOOKS = "/api/internal/webhooks";
  private static final String EVENTS = "/api/internal/events";
  private static final String LOG = "/api/internal/webhookslog";

  private static PgTestDatabase db;
  private static TestServer server;

  @BeforeAll
  static void start() {
    db = PgTestDatabase.create();
    // two retries, 50 ms apart; a Retry-After of up to a minute is honoured (to keep a delivery
    // waiting)
    server =
        TestServer.start(
            PgSettings.postgres(
                db.url(),
                new JsonObject()
                    .put(
                        "delivery",
                        new JsonObject().put("maxRetries", 2).put("maxBackoffMs", 60_000))));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  @DisplayName(
      "An event reaches every matching webhook byte for byte and signed, and every attempt is logged and filterable")
  void eventsReachReceivers() {
    TenantClient tenant = server.newTenant("Acme");
    try (Receiver receiver = Receiver.answering(200)) {
      String signed =
          create(
              tenant,
              PgSettings.webhook(receiver.url("/signed"), "ReportPublished")
                  .put("secret", "s3cret"));
      String clientOnly =
          create(
              tenant,
              PgSettings.webhook(receiver.url("/client"), "ReportPublished", "FindingPublished")
                  .put("clientCuids", new JsonArray().add("cclienta00000000000000000")));

      JsonObject event =
          new JsonObject()
              .put("event", "ReportPublished")
              .put("clientCuid", "cclienta00000000000000000")
              .put("actorCuid", "cactor0000000000000000000")
              .put("targetType", "report")
              .put("targetCuid", "ctarget0000000000000000000")
              .put("text", "Réport ✓ \"published\"")
              .put("data", new JsonObject().put("n", 1));
      JsonObject receipt = tenant.api().post(EVENTS, event).expect(202).json();
      assertThat(receipt.getInteger("deliveries")).isEqualTo(2);
      assertThat(
              tenant
                  .api()
                  .post(
                      EVENTS,
                      PgSettings.event("ReportPublished")
                          .put("clientCuid", "cotherclient0000000000000"))
                  .expect(202)
                  .json()
                  .getInteger("deliveries"))
          .as("the client filter holds")
          .isEqualTo(1);

      Wait.until("three deliveries arrived", () -> receiver.count() == 3);
      Receiver.Received got =
          receiver.received().stream()
              .filter(r -> r.path().equals("/signed") && r.body().toString().contains("actorCuid"))
              .findFirst()
              .orElseThrow();
      String body =
          "{\"cuid\":\""
              + receipt.getString("eventCuid")
              + "\",\"actorCuid\":\"cactor0000000000000000000\","
              + "\"event\":\"ReportPublished\",\"targetType\":\"report\",\"targetCuid\":\"ctarget0000000000000000000\","
              + "\"text\":\"Réport ✓ \\\"published\\\"\",\"clientCuid\":\"cclienta00000000000000000\",\"data\":{\"n\":1}}";
      assertThat(got.body().toString(StandardCharsets.UTF_8)).isEqualTo(body);
      assertThat(got.header("X-Authorization-HMAC-256"))
          .isEqualTo(Signer.hmacHex("s3cret", got.body().getBytes()));
      assertThat(got.header("webhook-signature")).startsWith("v1,");
      assertThat(got.header("X-Hookrelay-Event")).isEqualTo("ReportPublished");
      assertThat(got.header("X-Hookrelay-Attempt")).isEqualTo("1");
      assertThat(got.header("User-Agent")).startsWith("hookrelay/");

      JsonObject log =
          Wait.forValue(
              "three attempts are logged",
              () -> tenant.api().get(LOG).json(),
              l -> l.getJsonObject("meta").getLong("totalResults") == 3);
      assertThat(log.getJsonArray("data").stream().map(JsonObject.class::cast))
          .allSatisfy(
              a -> {
                assertThat(a.getString("status")).isEqualTo("succeeded");
                assertThat(a.getInteger("statusCode")).isEqualTo(200);
                assertThat(a.getString("tenantCuid")).isEqualTo(tenant.cuid());
              });
      assertThat(data(tenant.api().get(LOG + "?webhookCuid=" + clientOnly))).hasSize(1);
      assertThat(
              data(
                  tenant
                      .api()
                      .get(
                          LOG
                              + "?webhookCuid="
                              + signed
                              + "&status=succeeded&event=ReportPublished")))
          .hasSize(2);
      assertThat(data(tenant.api().get(LOG + "?status=failed"))).isEmpty();
      assertThat(data(server.admin().get(LOG + "?tenantCuid=" + tenant.cuid() + "&limit=1")))
          .hasSize(1);
    }
  }

  @Test
  @DisplayName(
      "A test delivery is sent and its attempt, which belongs to no webhook, is in the log")
  void testEndpointIsLogged() {
    TenantClient tenant = server.newTenant("Tester");
    try (Receiver receiver = Receiver.answering(200)) {
      JsonObject answer =
          tenant
              .api()
              .post(
                  HOOKS + "/test",
                  new JsonObject().put("url", receiver.url("/try")).put("secret", "s3cret"))
              .expect(200)
              .json();
      assertThat(answer.getBoolean("success")).isTrue();
      JsonObject logged =
          Wait.forValue(
              "the test attempt is logged",
              () -> tenant.api().get(LOG + "?event=testWebhook").expect(200).json(),
              page -> page.getJsonArray("data").size() == 1);
      assertThat(logged.getJsonArray("data").getJsonObject(0).getString("webhookCuid")).isNull();
      assertThat(logged.getJsonArray("data").getJsonObject(0).getString("status"))
          .isEqualTo("succeeded");
    }
  }

  @Test
  @DisplayName(
      "The same idempotency key again answers 200 with the first receipt and stores no new event or delivery")
  void idempotentReplay() {
    TenantClient tenant = server.newTenant("Replay");
    try (Receiver receiver = Receiver.answering(200)) {
      create(tenant, PgSettings.webhook(receiver.url("/in"), "ReportPublished"));
      JsonObject event = PgSettings.event("ReportPublished").put("id", "order-1");
      JsonObject first = tenant.api().post(EVENTS, event).expect(202).json();
      JsonObject again = tenant.api().post(EVENTS, event).expect(200).json();
      assertThat(again).isEqualTo(first);
      TenantClient other = server.newTenant("Other");
      assertThat(other.api().post(EVENTS, event).expect(202).json().getString("eventCuid"))
          .as("another tenant's key")
          .isNotEqualTo(first.getString("eventCuid"));

      assertThat(
              db.queryLong(
                  "SELECT count(*) FROM events WHERE tenant_cuid = '" + tenant.cuid() + "'"))
          .isEqualTo(1);
      assertThat(
              db.queryLong(
                  "SELECT count(*) FROM deliveries WHERE tenant_cuid = '" + tenant.cuid() + "'"))
          .isEqualTo(1);
      Wait.until("the one delivery arrived", () -> receiver.count() == 1);
    }
  }

  @Test
  @DisplayName(
      "A failed delivery is sent again on request with the same webhook-id and the attempt count going on")
  void manualRetry() {
    TenantClient tenant = server.newTenant("Retry");
    try (Receiver receiver = Receiver.answering(500)) {
      create(tenant, PgSettings.webhook(receiver.url("/in"), "ReportPublished"));
      tenant.api().post(EVENTS, PgSettings.event("ReportPublished")).expect(202);
      JsonArray failed =
          Wait.forValue(
              "the delivery failed after three attempts",
              () -> data(tenant.api().get(LOG)),
              l -> l.size() == 3 && "failed".equals(l.getJsonObject(0).getString("status")));
      assertThat(
              failed.stream()
                  .map(JsonObject.class::cast)
                  .map(a -> a.getInteger("attempt") + " " + a.getString("status")))
          .containsExactly("3 failed", "2 retrying", "1 retrying");
      String delivery = failed.getJsonObject(0).getString("deliveryCuid");

      receiver.answer(n -> Answer.status(200));
      server
          .newTenant("Stranger")
          .api()
          .post(LOG + "/" + delivery + "/retry", new JsonObject())
          .expect(404);
      tenant.api().post(LOG + "/cnosuchdelivery00000000000/retry", new JsonObject()).expect(404);
      JsonObject retried =
          tenant.api().post(LOG + "/" + delivery + "/retry", new JsonObject()).expect(202).json();
      assertThat(retried.getString("deliveryCuid")).isEqualTo(delivery);

      Wait.until("the retry arrived", () -> receiver.count() == 4);
      Receiver.Received last = receiver.received().get(3);
      assertThat(last.header("X-Hookrelay-Attempt")).isEqualTo("4");
      assertThat(last.header("webhook-id")).isEqualTo(delivery);
      Wait.until(
          "the retry is logged as a success",
          () -> {
            JsonArray log = data(tenant.api().get(LOG));
            return log.size() == 4
                && log.getJsonObject(0).getInteger("attempt") == 4
                && "succeeded".equals(log.getJsonObject(0).getString("status"));
          });
    }
  }

  @Test
  @DisplayName(
      "Deleting a webhook answers 204, cancels its waiting deliveries and stops its fan-out")
  void deleteCancels() {
    TenantClient tenant = server.newTenant("Delete");
    try (Receiver receiver = Receiver.answering(n -> Answer.retryAfter(503, "30"))) {
      String hook = create(tenant, PgSettings.webhook(receiver.url("/in"), "ReportPublished"));
      tenant.api().post(EVENTS, PgSettings.event("ReportPublished")).expect(202);
      Wait.until(
          "the first attempt is logged as retrying",
          () -> data(tenant.api().get(LOG + "?status=retrying")).size() == 1);
      String waiting =
          "SELECT count(*) FROM deliveries WHERE webhook_cuid = '" + hook + "' AND status = '%s'";
      Wait.until(
          "the delivery waits for its Retry-After",
          () -> db.queryLong(waiting.formatted("pending")) == 1);

      tenant.api().delete(HOOKS + "/" + hook).expect(204);
      assertThat(db.queryLong(waiting.formatted("pending"))).isZero();
      assertThat(db.queryLong(waiting.formatted("cancelled"))).isEqualTo(1);
      tenant.api().get(HOOKS + "/" + hook).expect(404);
      tenant.api().delete(HOOKS + "/" + hook).expect(404);
      Wait.until(
          "the router forgot the webhook",
          () ->
              tenant
                      .api()
                      .post(EVENTS, PgSettings.event("ReportPublished"))
                      .expect(202)
                      .json()
                      .getInteger("deliveries")
                  == 0);
      assertThat(receiver.count()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName(
      "Webhooks page newest first, change with PATCH (the router follows), never show their secret, and stay in their tenant")
  void webhookResource() {
    TenantClient tenant = server.newTenant("Crud");
    List<String> cuids =
        List.of(
            create(
                tenant,
                PgSettings.webhook("http://127.0.0.1:9/a", "ReportPublished")
                    .put("secret", "hidden")),
            create(tenant, PgSettings.webhook("http://127.0.0.1:9/b", "ReportPublished")),
            create(tenant, PgSettings.webhook("http://127.0.0.1:9/c", "FindingPublished")));
    JsonObject page1 = tenant.api().get(HOOKS + "?page[size]=2&page[current]=1").expect(200).json();
    JsonObject page2 = tenant.api().get(HOOKS + "?page[size]=2&page[current]=2").expect(200).json();
    assertThat(page1.getJsonObject("meta").getJsonObject("page"))
        .isEqualTo(
            new JsonObject()
                .put("current", 1)
                .put("size", 2)
                .put("totalResults", 3)
                .put("totalPages", 2));
    assertThat(ids(page1)).containsExactly(cuids.get(2), cuids.get(1));
    assertThat(ids(page2)).containsExactly(cuids.get(0));
    JsonObject secretHolder = tenant.api().get(HOOKS + "/" + cuids.get(0)).expect(200).json();
    assertThat(secretHolder.getBoolean("hasSecret")).isTrue();
    assertThat(secretHolder.encode()).doesNotContain("hidden");
    tenant.api().get(HOOKS + "?page[size]=0").expect(400);

    assertThat(
            tenant
                .api()
                .post(EVENTS, PgSettings.event("FindingPublished"))
                .expect(202)
                .json()
                .getInteger("deliveries"))
        .isEqualTo(1);
    JsonObject patched =
        tenant
            .api()
            .patch(
                HOOKS + "/" + cuids.get(2),
                new JsonObject()
                    .put("events", new JsonArray().add("ReportPublished"))
                    .put("name", "renamed"))
            .expect(200)
            .json();
    assertThat(patched.getString("name")).isEqualTo("renamed");
    Wait.until(
        "the router follows the change",
        () ->
            tenant
                    .api()
                    .post(EVENTS, PgSettings.event("FindingPublished"))
                    .expect(202)
                    .json()
                    .getInteger("deliveries")
                == 0);
    tenant
        .api()
        .patch(HOOKS + "/" + cuids.get(2), new JsonObject().put("enabled", "false"))
        .expect(400);

    TenantClient stranger = server.newTenant("Stranger");
    stranger.api().get(HOOKS + "/" + cuids.get(0)).expect(404);
    stranger.api().patch(HOOKS + "/" + cuids.get(0), new JsonObject().put("name", "x")).expect(404);
    stranger.api().delete(HOOKS + "/" + cuids.get(0)).expect(404);
    assertThat(stranger.api().get(HOOKS).expect(200).json().getJsonArray("data")).isEmpty();
  }

  @Test
  @DisplayName(
      "A tenant with webhooks switched off gets 403 on webhook calls, and its events are accepted but deliver nothing")
  void tenantSwitchedOff() {
    TenantClient tenant = server.newTenant("Off");
    create(tenant, PgSettings.webhook("http://127.0.0.1:9/in", "ReportPublished"));
    server
        .admin()
        .patch(
            "/api/internal/tenants/" + tenant.cuid(),
            new JsonObject().put("webhooksEnabled", false))
        .expect(200);
    assertThat(tenant.api().get(HOOKS).expect(403).json().getString("error"))
        .isEqualTo("webhooks_disabled");
    Wait.until(
        "the router knows the tenant is off",
        () ->
            tenant
                    .api()
                    .post(EVENTS, PgSettings.event("ReportPublished"))
                    .expect(202)
                    .json()
                    .getInteger("deliveries")
                == 0);
    try (Api nobody = server.as("hr_not_a_token")) {
      nobody.get(HOOKS).expect(401);
    }
  }

  private static String create(TenantClient tenant, JsonObject webhook) {
    return tenant.api().post(HOOKS, webhook).expect(201).json().getString("cuid");
  }

  private static JsonArray data(Api.Response response) {
    return response.expect(200).json().getJsonArray("data");
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("data").stream()
        .map(JsonObject.class::cast)
        .map(w -> w.getString("cuid"))
        .toList();
  }
}
