package io.hookrelay.delivery;

import static io.hookrelay.support.Hooks.create;
import static io.hookrelay.support.Hooks.event;
import static io.hookrelay.support.Hooks.send;
import static io.hookrelay.support.Hooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Hooks;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Deleting or disabling a webhook cancels its pending retries. Each test runs a second, marker
 * webhook that fails the same way on the same schedule: once the marker has had two retries, the
 * cancelled webhook would have had them too.
 */
class CancellationTest {

  private static TestServer server;
  private static TenantClients tenants;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            new JsonObject()
                .put(
                    "delivery",
                    new JsonObject()
                        .put("initialBackoffMs", 300)
                        .put("backoffMultiplier", 2)
                        .put("maxBackoffMs", 1000)));
    tenants = new TenantClients(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void closeTenants() {
    tenants.close();
  }

  @Test
  @DisplayName("Deleting a webhook cancels its pending retries: no further attempt arrives")
  void deleteCancels() {
    Api api = tenants.create("Acme").api();
    noMoreAttemptsAfter(api, hook -> api.delete("/api/internal/webhooks/" + hook).expect(204));
  }

  @Test
  @DisplayName(
      "Disabling a webhook with PATCH cancels its pending retries: no further attempt arrives")
  void disableCancels() {
    Api api = tenants.create("Acme").api();
    noMoreAttemptsAfter(
        api,
        hook ->
            api.patch("/api/internal/webhooks/" + hook, new JsonObject().put("enabled", false))
                .expect(200));
  }

  private static void noMoreAttemptsAfter(Api api, Consumer<String> cancel) {
    try (Receiver cancelled = Receiver.answering(500);
        Receiver marker = Receiver.answering(500)) {
      String hook = create(api, webhook(cancelled.url("/cancelled"), "ReportPublished"));
      create(api, webhook(marker.url("/marker"), "ReportPublished"));
      send(api, event("ReportPublished"));
      Wait.until(
          "both webhooks had their first attempt",
          () -> cancelled.count() == 1 && marker.count() == 1);

      cancel.accept(hook);

      Wait.until("the marker webhook had two retries", () -> marker.count() >= 3);
      assertThat(cancelled.count()).as("attempts at the cancelled webhook").isEqualTo(1);
      assertThat(Hooks.attempts(api, hook)).hasSize(1);
    }
  }
}
