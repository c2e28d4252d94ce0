package io.hookrelay.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.ChildServer;
import io.hookrelay.support.PgSettings;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A node that dies holding a claim: the delivery stays with it until the lease runs out, then
 * another node on the same database takes it over and delivers it.
 */
@DisplayName("Lease hand-over between nodes on one PostgreSQL")
class PgLeaseHandOverTest {

  private static final long LEASE_MS = 3_000;

  @Test
  @DisplayName(
      "A delivery claimed by a node that was killed is sent by another node once the lease has run out, not before")
  void deadNodesClaimIsTakenOver() {
    try (PgTestDatabase db = PgTestDatabase.create();
        Receiver receiver = Receiver.answering(n -> n == 0 ? Answer.hang() : Answer.status(200))) {
      Map<String, String> env = ChildServer.postgresEnv(db.url(), LEASE_MS);
      env.put(
          "HOOKRELAY_DELIVERY_TIMEOUT_MS",
          "60000"); // the dead node would have waited long for the receiver
      PgSettings.Tenant tenant;
      String eventCuid;
      try (ChildServer doomed = ChildServer.start("doomed", env)) {
        try (Api admin = new Api(doomed.port(), ChildServer.ADMIN)) {
          tenant = PgSettings.newTenant(admin, "Acme");
        }
        try (Api api = new Api(doomed.port(), tenant.token())) {
          api.post(
                  "/api/internal/webhooks",
                  PgSettings.webhook(receiver.url("/in"), "ReportPublished"))
              .expect(201);
          eventCuid =
              api.post("/api/internal/events", PgSettings.event("ReportPublished"))
                  .expect(202)
                  .json()
                  .getString("eventCuid");
        }
        Wait.until("the doomed node sent the delivery", () -> receiver.count() == 1);
        assertThat(
                db.queryLong(
                    "SELECT count(*) FROM deliveries WHERE status = 'pending' AND locked_by IS NOT NULL "
                        + "AND locked_until > now()"))
            .as("deliveries under the doomed node's live lease")
            .isEqualTo(1);
        doomed.kill();
      }

      JsonObject fast = new JsonObject().put("delivery", new JsonObject().put("leaseMs", LEASE_MS));
      try (TestServer heir = TestServer.start(PgSettings.postgres(db.url(), fast));
          Api log = heir.as(tenant.token())) {
        Wait.until(
            "the other node sent the delivery again",
            Duration.ofSeconds(15),
            () -> receiver.count() == 2);
        Receiver.Received first = receiver.received().get(0);
        Receiver.Received again = receiver.received().get(1);
        long gapMs = TimeUnit.NANOSECONDS.toMillis(again.at() - first.at());
        assertThat(gapMs)
            .as("ms between the dead node's request and the take-over")
            .isGreaterThanOrEqualTo(LEASE_MS - 500);
        assertThat(again.header("webhook-id")).isEqualTo(first.header("webhook-id"));
        assertThat(again.header("X-Hookrelay-Attempt"))
            .as("the dead node's attempt never counted")
            .isEqualTo("1");
        assertThat(again.body().toJsonObject().getString("cuid")).isEqualTo(eventCuid);

        JsonArray attempts =
            Wait.forValue(
                "the take-over is logged",
                () -> log.get("/api/internal/webhookslog").json().getJsonArray("data"),
                a -> a.size() == 1);
        assertThat(attempts.getJsonObject(0).getString("status")).isEqualTo("succeeded");
        assertThat(attempts.getJsonObject(0).getInteger("attempt")).isEqualTo(1);
        Wait.until(
            "the delivery is finished",
            () ->
                db.queryLong(
                        "SELECT count(*) FROM deliveries WHERE status = 'succeeded' AND locked_by IS NULL")
                    == 1);
      }
    }
  }
}
