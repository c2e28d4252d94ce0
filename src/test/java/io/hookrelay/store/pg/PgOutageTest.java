package io.hookrelay.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.PgSettings;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The database goes away and comes back, on a PostgreSQL of the test's own (the shared one is never
 * stopped): the API says 503 meanwhile, health recovers by itself, and nothing accepted is lost.
 */
@DisplayName("PostgreSQL down and back")
class PgOutageTest {

  @Test
  @DisplayName(
      "While the database is down health and the API answer 503; once it is back they recover by themselves and an event accepted before is delivered")
  void downAndBack() {
    JsonObject overrides =
        new JsonObject()
            .put(
                "delivery",
                new JsonObject()
                    .put("initialBackoffMs", 300)
                    .put("maxBackoffMs", 1000)
                    .put("maxRetries", 10)
                    .put("leaseMs", 1000));
    try (OwnPostgres pg = OwnPostgres.start();
        Receiver receiver = Receiver.answering(n -> Answer.status(500));
        TestServer server = TestServer.start(PgSettings.postgres(pg.url(), overrides))) {
      var tenant = server.newTenant("Acme");
      tenant
          .api()
          .post(
              "/api/internal/webhooks", PgSettings.webhook(receiver.url("/in"), "ReportPublished"))
          .expect(201);
      String before =
          tenant
              .api()
              .post("/api/internal/events", PgSettings.event("ReportPublished"))
              .expect(202)
              .json()
              .getString("eventCuid");
      Wait.until("the first attempt failed", () -> receiver.count() >= 1);

      pg.down();
      Api.Response health =
          Wait.forValue(
              "health reports the store down",
              () -> server.admin().get("/health"),
              r -> r.status() == 503);
      assertThat(health.json().getString("status")).isEqualTo("DOWN");
      assertThat(health.json().getJsonObject("checks").getJsonObject("store").getString("status"))
          .isEqualTo("DOWN");
      assertUnavailable(
          tenant.api().post("/api/internal/events", PgSettings.event("ReportPublished")));
      assertUnavailable(
          server
              .admin()
              .post(
                  "/api/internal/events?tenantCuid=" + tenant.cuid(),
                  PgSettings.event("ReportPublished")));
      assertUnavailable(tenant.api().get("/api/internal/webhooks"));
      receiver.answer(n -> Answer.status(200));

      pg.up();
      Wait.until(
          "health is UP again by itself",
          Duration.ofSeconds(20),
          () -> server.admin().get("/health").status() == 200);
      String after =
          tenant
              .api()
              .post("/api/internal/events", PgSettings.event("ReportPublished"))
              .expect(202)
              .json()
              .getString("eventCuid");
      Wait.until(
          "both events reached the receiver with a success",
          Duration.ofSeconds(20),
          () ->
              receiver.received().stream()
                          .map(r -> r.body().toJsonObject().getString("cuid"))
                          .distinct()
                          .count()
                      == 2
                  && tenant
                          .api()
                          .get("/api/internal/webhookslog?status=succeeded")
                          .json()
                          .getJsonArray("data")
                          .size()
                      == 2);
      assertThat(receiver.received())
          .extracting(r -> r.body().toJsonObject().getString("cuid"))
          .contains(before, after);
    }
  }

  private static void assertUnavailable(Api.Response response) {
    assertThat(response.status()).as("status, body %s", response.body()).isEqualTo(503);
    JsonObject body = response.json();
    assertThat(body.getInteger("status")).isEqualTo(503);
    assertThat(body.getString("error")).isEqualTo("unavailable");
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
