package io.hookrelay.delivery;

import static io.hookrelay.support.Hooks.create;
import static io.hookrelay.support.Hooks.event;
import static io.hookrelay.support.Hooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Hooks;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.SharedServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The memory store's bounds on failed deliveries and idempotency keys, as a user sees them: a
 * dropped failure can no longer be retried, a dropped key counts as new, and /metrics counts both.
 */
@DisplayName("The memory store's bounds, seen through the server")
class MemoryBoundsServerTest {

  private static final String EVENTS = "/api/internal/events";

  @RegisterExtension
  static final SharedServer shared =
      new SharedServer(
          new JsonObject()
              .put(
                  "store",
                  new JsonObject()
                      .put(
                          "memory",
                          new JsonObject()
                              .put("maxFailedDeliveries", 2)
                              .put("maxIdempotencyKeys", 2)))
              .put("delivery", new JsonObject().put("maxRetries", 0)));

  @Test
  @DisplayName(
      "Past store.memory.maxFailedDeliveries the oldest failed delivery is dropped: its retry"
          + " answers 404, a newer one's 202, and /metrics counts the drop")
  void failedDeliveriesAreBounded() {
    Api api = shared.tenant("Acme").api();
    try (Receiver failing = Receiver.answering(500)) {
      String hook = create(api, webhook(failing.url("/hook"), "ReportPublished"));
      List<String> failed = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        api.post(EVENTS, event("ReportPublished")).expect(202);
        int expected = i;
        List<JsonObject> log =
            Hooks.attemptsUntil(
                api, hook, expected + " failed deliveries", l -> l.size() == expected);
        failed.add(log.get(expected - 1).getString("deliveryCuid"));
      }

      api.post("/api/internal/webhookslog/" + failed.get(0) + "/retry", null).expect(404);
      api.post("/api/internal/webhookslog/" + failed.get(2) + "/retry", null).expect(202);
      assertThat(dropped("failed_delivery")).isEqualTo(1.0);
    }
  }

  @Test
  @DisplayName(
      "Past store.memory.maxIdempotencyKeys the oldest key is dropped: its id counts as new"
          + " (202), a kept one is still replayed (200), and /metrics counts the drops")
  void idempotencyKeysAreBounded() {
    Api api = shared.tenant("Acme").api();
    double before = dropped("idempotency_key");
    for (String id : List.of("k1", "k2", "k3")) {
      api.post(EVENTS, event("FindingPublished").put("id", id)).expect(202);
    }

    api.post(EVENTS, event("FindingPublished").put("id", "k3")).expect(200);
    api.post(EVENTS, event("FindingPublished").put("id", "k1")).expect(202);
    assertThat(dropped("idempotency_key") - before).isEqualTo(2.0);
  }

  /** The value of {@code hookrelay_memory_dropped_total{kind=…}}, 0 while there is none. */
  private static double dropped(String kind) {
    Api.Response metrics = shared.server().admin().get("/metrics").expect(200);
    String prefix = "hookrelay_memory_dropped_total{kind=\"" + kind + "\"";
    return metrics
        .body()
        .lines()
        .filter(line -> line.startsWith(prefix))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(0.0);
  }
}
