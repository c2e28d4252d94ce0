package io.hookrelay.delivery;

import static io.hookrelay.support.Hooks.create;
import static io.hookrelay.support.Hooks.event;
import static io.hookrelay.support.Hooks.send;
import static io.hookrelay.support.Hooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.Receiver.Received;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One slow receiver must not hold up the others. */
class SlowReceiverTest {

  private static final long SLOW_MS = 1500;
  private static final int EVENTS = 6;

  @Test
  @DisplayName(
      "A fast receiver gets all its deliveries before a slow receiver has finished answering its first one")
  void slowDoesNotDelayFast() {
    // few connections per host, so the slow host's deliveries also queue up behind each other
    JsonObject tight =
        new JsonObject()
            .put(
                "delivery",
                new JsonObject().put("maxConnectionsPerHost", 2).put("maxInFlightPerHost", 2));
    try (TestServer server = TestServer.start(tight);
        TenantClients tenants = new TenantClients(server);
        Receiver slow = Receiver.answering(n -> Answer.delayed(200, SLOW_MS));
        Receiver fast = Receiver.answering(200)) {
      Api api = tenants.create("Acme").api();
      create(api, webhook(slow.url("/slow"), "ReportPublished"));
      create(api, webhook(fast.url("/fast"), "ReportPublished"));

      for (int i = 0; i < EVENTS; i++) {
        assertThat(send(api, event("ReportPublished")).getInteger("deliveries")).isEqualTo(2);
      }

      Wait.until(
          "the fast receiver got every event and the slow one its first",
          Duration.ofSeconds(10),
          () -> fast.count() == EVENTS && slow.count() >= 1);
      Received slowFirst = slow.received().get(0);
      long slowFirstAnswered = slowFirst.at() + TimeUnit.MILLISECONDS.toNanos(SLOW_MS);
      List<Received> fastOnes = fast.received();
      assertThat(fastOnes)
          .allSatisfy(
              r ->
                  assertThat(r.at())
                      .as("a fast delivery arrived before the slow receiver's first answer")
                      .isLessThan(slowFirstAnswered));
    }
  }
}
