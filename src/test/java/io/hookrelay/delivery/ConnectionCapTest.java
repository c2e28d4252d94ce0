package io.hookrelay.delivery;

import static io.hookrelay.support.Hooks.create;
import static io.hookrelay.support.Hooks.event;
import static io.hookrelay.support.Hooks.send;
import static io.hookrelay.support.Hooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Hooks;
import io.hookrelay.support.HostileReceiver;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code delivery.maxConnections} caps the delivery connections of the whole process. */
@ExtendWith(VertxExtension.class)
class ConnectionCapTest {

  private static final long TIMEOUT_MS = 1500;

  private static JsonObject cap(int maxConnections) {
    return new JsonObject()
        .put(
            "delivery",
            new JsonObject()
                .put("maxConnections", maxConnections)
                .put("timeoutMs", TIMEOUT_MS)
                .put("maxRetries", 0)
                .put("instances", 2));
  }

  @Test
  @DisplayName(
      "With maxConnections 2, three receivers that never answer never hold more than two connections at once")
  void capHolds(Vertx vertx) {
    HostileReceiver.Gauge gauge = new HostileReceiver.Gauge();
    List<HostileReceiver> receivers = new ArrayList<>();
    try (TestServer server = TestServer.start(cap(2));
        TenantClients tenants = new TenantClients(server)) {
      Api api = tenants.create("Acme").api();
      List<String> hooks = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        HostileReceiver receiver = HostileReceiver.hanging(vertx, gauge);
        receivers.add(receiver);
        hooks.add(create(api, webhook(receiver.url("/hang" + i), "ReportPublished")));
      }
      assertThat(send(api, event("ReportPublished")).getInteger("deliveries")).isEqualTo(3);

      for (String hook : hooks) {
        JsonObject attempt = Hooks.finished(api, hook).get(0);
        assertThat(attempt.getString("status")).isEqualTo("failed");
        assertThat(attempt.getString("error"))
            .isEqualTo("Failed to call webhook: timeout after " + TIMEOUT_MS + " ms");
      }
      Wait.until("every connection is closed", Duration.ofSeconds(20), () -> gauge.open() == 0);
      assertThat(gauge.max()).as("connections open at once").isLessThanOrEqualTo(2);
    } finally {
      receivers.forEach(HostileReceiver::close);
    }
  }

  @Test
  @DisplayName(
      "At the cap, an idle keep-alive connection is closed to make room for a receiver that needs one")
  void idleConnectionMakesRoom(Vertx vertx) {
    HostileReceiver.Gauge gauge = new HostileReceiver.Gauge();
    try (TestServer server = TestServer.start(cap(1));
        TenantClients tenants = new TenantClients(server);
        HostileReceiver first = HostileReceiver.ok(vertx, gauge);
        HostileReceiver second = HostileReceiver.ok(vertx, gauge)) {
      Api api = tenants.create("Acme").api();
      String firstHook = create(api, webhook(first.url("/first"), "ReportPublished"));
      String secondHook = create(api, webhook(second.url("/second"), "FindingPublished"));

      send(api, event("ReportPublished"));
      assertThat(Hooks.finished(api, firstHook).get(0).getString("status")).isEqualTo("succeeded");
      assertThat(first.connections()).hasSize(1);
      assertThat(first.connections().get(0).closed()).as("kept alive").isFalse();

      send(api, event("FindingPublished"));
      assertThat(Hooks.finished(api, secondHook).get(0).getString("status")).isEqualTo("succeeded");
      Wait.until(
          "the idle connection to the first receiver is closed",
          () -> first.connections().get(0).closed());
      assertThat(gauge.max()).as("connections open at once").isEqualTo(1);
    }
  }
}
