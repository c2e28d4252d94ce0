package io.hookrelay.delivery;

import static io.hookrelay.support.Hooks.create;
import static io.hookrelay.support.Hooks.event;
import static io.hookrelay.support.Hooks.send;
import static io.hookrelay.support.Hooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Hooks;
import io.hookrelay.support.LiveTimers;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Scheduled retries cost no Vert.x timer each: a delivery verticle holds one wake-up timer. */
class RetryTimersTest {

  private static final int EVENTS = 300;
  private static final int INSTANCES = 2;

  @Test
  @DisplayName(
      "Hundreds of scheduled retries leave the server's live timers where they were, also after the webhook is deleted")
  void timersStayBounded() {
    JsonObject slowRetries =
        new JsonObject()
            .put(
                "delivery",
                new JsonObject()
                    .put("instances", INSTANCES)
                    .put("initialBackoffMs", 600_000)
                    .put("maxBackoffMs", 600_000));
    try (TestServer server = TestServer.start(slowRetries);
        TenantClients tenants = new TenantClients(server);
        Receiver failing = Receiver.answering(500)) {
      Api api = tenants.create("Acme").api();
      String hook = create(api, webhook(failing.url("/fails"), "ReportPublished"));
      Vertx vertx = server.server().vertx();
      int before = LiveTimers.count(vertx);

      for (int i = 0; i < EVENTS; i++) {
        send(api, event("ReportPublished"));
      }
      Wait.until(
          "every first attempt failed and scheduled its retry",
          Duration.ofSeconds(60),
          () -> failing.count() == EVENTS);
      Wait.until(
          "the retries are written",
          Duration.ofSeconds(30),
          () -> Hooks.attempts(api, hook).size() == EVENTS);
      int afterRetries = LiveTimers.count(vertx);

      api.delete("/api/internal/webhooks/" + hook).expect(204);
      int afterDelete = LiveTimers.count(vertx);

      assertThat(afterRetries)
          .as("live timers with %d retries scheduled (%d before)", EVENTS, before)
          .isLessThanOrEqualTo(before + INSTANCES + 5);
      assertThat(afterDelete)
          .as("live timers after the webhook was deleted (%d before)", before)
          .isLessThanOrEqualTo(before + INSTANCES + 5);
    }
  }
}
