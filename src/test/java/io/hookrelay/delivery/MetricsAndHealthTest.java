package io.hookrelay.delivery;

import static io.hookrelay.support.Hooks.create;
import static io.hookrelay.support.Hooks.event;
import static io.hookrelay.support.Hooks.send;
import static io.hookrelay.support.Hooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} and {@code GET /health}, without a token. */
class MetricsAndHealthTest {

  private static TestServer server;
  private static TenantClients tenants;
  private static Api anonymous;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    tenants = new TenantClients(server);
    anonymous = server.as(null);
  }

  @AfterAll
  static void stop() {
    anonymous.close();
    tenants.close();
    server.close();
  }

  @Test
  @DisplayName("/metrics counts accepted events and succeeded deliveries up")
  void countersCountUp() {
    Api api = tenants.create("Acme").api();
    try (Receiver receiver = Receiver.answering(200)) {
      create(api, webhook(receiver.url("/hook"), "ReportPublished"));
      double events = metric("hookrelay_events_accepted_total");
      double stored = metric("hookrelay_event_store_duration_seconds_count");
      double succeeded = metric("hookrelay_deliveries_total{outcome=\"succeeded\"}");

      send(api, event("ReportPublished"));
      send(api, event("ReportPublished"));

      Wait.until(
          "two more succeeded deliveries are counted",
          () -> metric("hookrelay_deliveries_total{outcome=\"succeeded\"}") == succeeded + 2);
      assertThat(metric("hookrelay_events_accepted_total")).isEqualTo(events + 2);
      assertThat(metric("hookrelay_event_store_duration_seconds_count"))
          .as("events timed from arrival to stored")
          .isEqualTo(stored + 2);
      assertThat(receiver.count()).isEqualTo(2);
    }
  }

  @Test
  @DisplayName(
      "/metrics is Prometheus text with the attempt latency, in-flight, queue and retry meters")
  void meters() {
    Api.Response response = anonymous.get("/metrics").expect(200);
    assertThat(response.contentType()).startsWith("text/plain");
    assertThat(response.body())
        .contains(
            "# TYPE hookrelay_events_accepted_total counter",
            "hookrelay_attempt_duration_seconds_bucket",
            "hookrelay_event_store_duration_seconds_bucket",
            "hookrelay_deliveries_in_flight",
            "hookrelay_queue_depth",
            "hookrelay_retries_scheduled_total");
  }

  @Test
  @DisplayName("/health is UP and lists the router and the delivery verticles as UP")
  void health() {
    JsonObject health = anonymous.get("/health").expect(200).json();
    assertThat(health.getString("status")).isEqualTo("UP");
    assertThat(health.getJsonObject("checks").getJsonObject("router").getString("status"))
        .isEqualTo("UP");
    assertThat(health.getJsonObject("checks").getJsonObject("delivery").getString("status"))
        .isEqualTo("UP");
  }

  /** The value of one sample line, e.g. {@code name{label="x"}}; 0 when it is not there yet. */
  private static double metric(String sample) {
    for (String line : anonymous.get("/metrics").expect(200).body().split("\n")) {
      if (line.startsWith(sample + " ")) {
        return Double.parseDouble(line.substring(sample.length() + 1).trim());
      }
    }
    return 0;
  }
}
