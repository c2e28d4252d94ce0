package io.hookrelay.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.PgSettings;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Retries are a persisted {@code next_attempt_at}: a restart between attempts resumes the schedule.
 */
@DisplayName("A restart in the middle of a retry schedule on PostgreSQL")
class PgRetryRestartTest {

  private static final long BACKOFF_MS = 800;

  @Test
  @DisplayName(
      "After a clean restart between attempts the schedule resumes when due, the attempt count goes on, and the delivery succeeds")
  void scheduleSurvivesRestart() {
    JsonObject overrides =
        new JsonObject()
            .put(
                "delivery",
                new JsonObject()
                    .put("initialBackoffMs", BACKOFF_MS)
                    .put("backoffMultiplier", 2)
                    .put("maxBackoffMs", 10_000)
                    .put("jitter", 0.0)
                    .put("maxRetries", 5));
    try (PgTestDatabase db = PgTestDatabase.create();
        Receiver receiver =
            Receiver.answering(n -> n < 2 ? Answer.status(500) : Answer.status(200))) {
      PgSettings.Tenant tenant;
      try (TestServer before = TestServer.start(PgSettings.postgres(db.url(), overrides))) {
        tenant = PgSettings.newTenant(before.admin(), "Acme");
        try (Api api = before.as(tenant.token())) {
          api.post(
                  "/api/internal/webhooks",
                  PgSettings.webhook(receiver.url("/in"), "ReportPublished"))
              .expect(201);
          api.post("/api/internal/events", PgSettings.event("ReportPublished")).expect(202);
        }
        Wait.until("the first attempt arrived", () -> receiver.count() == 1);
      }
      assertThat(receiver.count()).as("requests before the restart").isEqualTo(1);
      assertThat(
              db.queryLong(
                  "SELECT count(*) FROM deliveries WHERE status = 'pending' AND attempts = 1 "
                      + "AND locked_by IS NULL AND next_attempt_at > created_at"))
          .as("the stored schedule")
          .isEqualTo(1);
      long dueAtMs =
          db.queryLong(
              "SELECT (extract(epoch FROM next_attempt_at) * 1000)::bigint FROM deliveries");

      try (TestServer after = TestServer.start(PgSettings.postgres(db.url(), overrides));
          Api api = after.as(tenant.token())) {
        Wait.until(
            "the second and third attempts arrived",
            Duration.ofSeconds(15),
            () -> receiver.count() == 3);
        List<Receiver.Received> got = receiver.received();
        assertThat(got)
            .extracting(r -> r.header("X-Hookrelay-Attempt"))
            .containsExactly("1", "2", "3");
        assertThat(got)
            .extracting(r -> r.header("webhook-id"))
            .containsOnly(got.get(0).header("webhook-id"));
        assertThat(wallClockMs(got.get(1)))
            .as("attempt 2 not before it was due")
            .isGreaterThanOrEqualTo(dueAtMs - 50);
        assertThat(TimeUnit.NANOSECONDS.toMillis(got.get(2).at() - got.get(1).at()))
            .as("ms between attempts 2 and 3 (second backoff)")
            .isGreaterThanOrEqualTo(2 * BACKOFF_MS - 50);

        JsonArray log =
            Wait.forValue(
                "the three attempts are logged",
                () -> api.get("/api/internal/webhookslog").json().getJsonArray("data"),
                a -> a.size() == 3);
        assertThat(
                log.stream()
                    .map(JsonObject.class::cast)
                    .map(a -> a.getInteger("attempt") + " " + a.getString("status")))
            .containsExactly("3 succeeded", "2 retrying", "1 retrying");
        Wait.until(
            "the delivery is finished after 3 attempts",
            () ->
                db.queryLong(
                        "SELECT count(*) FROM deliveries WHERE status = 'succeeded' AND attempts = 3")
                    == 1);
      }
    }
  }

  /** The wall-clock time of a request, from its System.nanoTime() stamp. */
  private static long wallClockMs(Receiver.Received r) {
    return System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - r.at());
  }
}
