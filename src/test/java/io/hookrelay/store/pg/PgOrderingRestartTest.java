package io.hookrelay.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.delivery.Paced;
import io.hookrelay.support.Api;
import io.hookrelay.support.ChildServer;
import io.hookrelay.support.PgSettings;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Ordered delivery is kept in the database: the order of a key survives a restart during a retry,
 * and a node killed while it sends the first delivery of a key (its claim returns after the lease).
 */
@DisplayName("Ordered delivery across a restart and a kill -9 on PostgreSQL")
class PgOrderingRestartTest {

  private static JsonObject orderedWebhook(Receiver receiver) {
    return PgSettings.webhook(receiver.url("/in"), "ReportPublished").put("ordering", "perKey");
  }

  private static void sendKeyA(Api api) {
    for (int i = 1; i <= 3; i++) {
      api.post("/api/internal/events", Paced.event("A" + i, "ctargetA", null)).expect(202);
    }
  }

  @Test
  @DisplayName(
      "A restart while the first delivery of a key waits for its retry keeps the later ones behind it")
  void restartDuringRetry() {
    JsonObject overrides =
        new JsonObject()
            .put(
                "delivery",
                new JsonObject()
                    .put("initialBackoffMs", 1_500)
                    .put("backoffMultiplier", 1)
                    .put("jitter", 0.0)
                    .put("maxRetries", 5));
    try (PgTestDatabase db = PgTestDatabase.create();
        Receiver receiver = Receiver.answering(n -> Answer.status(n == 0 ? 500 : 200))) {
      PgSettings.Tenant tenant;
      try (TestServer before = TestServer.start(PgSettings.postgres(db.url(), overrides))) {
        tenant = PgSettings.newTenant(before.admin(), "Acme");
        try (Api api = before.as(tenant.token())) {
          api.post("/api/internal/webhooks", orderedWebhook(receiver)).expect(201);
          sendKeyA(api);
        }
        Wait.until(
            "the first attempt of A1 arrived", Duration.ofSeconds(30), () -> receiver.count() == 1);
      }
      assertThat(Paced.texts(receiver, "A")).as("before the restart").containsExactly("A1");
      assertThat(db.queryLong("SELECT count(*) FROM deliveries WHERE status = 'pending'"))
          .isEqualTo(3);

      try (TestServer after = TestServer.start(PgSettings.postgres(db.url(), overrides))) {
        Wait.until("A1 again, then A2 and A3", Duration.ofSeconds(30), () -> receiver.count() == 4);
        assertThat(Paced.texts(receiver, "A")).containsExactly("A1", "A1", "A2", "A3");
        assertThat(receiver.received().get(1).header("X-Hookrelay-Attempt")).isEqualTo("2");
      }
    }
  }

  @Test
  @DisplayName(
      "kill -9 while the first delivery of a key is on the wire: a second node sends it again after the lease, then the rest in order")
  void killDuringDelivery() {
    try (PgTestDatabase db = PgTestDatabase.create();
        Receiver receiver = Receiver.answering(n -> n == 0 ? Answer.hang() : Answer.status(200))) {
      Map<String, String> env = ChildServer.postgresEnv(db.url(), 2_000);
      PgSettings.Tenant tenant;
      try (ChildServer first = ChildServer.start("ordered-1", env)) {
        try (Api admin = new Api(first.port(), ChildServer.ADMIN)) {
          tenant = PgSettings.newTenant(admin, "Acme");
        }
        try (Api api = new Api(first.port(), tenant.token())) {
          api.post("/api/internal/webhooks", orderedWebhook(receiver)).expect(201);
          sendKeyA(api);
        }
        Wait.until("A1 is on the wire", Duration.ofSeconds(30), () -> receiver.count() == 1);
        first.kill();
      }
      assertThat(
              db.queryLong(
                  "SELECT count(*) FROM deliveries WHERE status = 'pending' AND locked_by IS NOT NULL"))
          .as("A1 is still leased to the dead node")
          .isEqualTo(1);
      try (ChildServer second = ChildServer.start("ordered-2", env)) {
        Wait.until("A1 again, then A2 and A3", Duration.ofSeconds(30), () -> receiver.count() == 4);
        assertThat(Paced.texts(receiver, "A")).containsExactly("A1", "A1", "A2", "A3");
      }
    }
  }
}
