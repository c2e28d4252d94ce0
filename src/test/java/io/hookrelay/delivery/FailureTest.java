package io.hookrelay.delivery;

import static io.hookrelay.support.Hooks.create;
import static io.hookrelay.support.Hooks.deliveries;
import static io.hookrelay.support.Hooks.event;
import static io.hookrelay.support.Hooks.send;
import static io.hookrelay.support.Hooks.statuses;
import static io.hookrelay.support.Hooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Hooks;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Attempts that fail in the ways receivers fail: 410 Gone, a redirect, no answer, a closed port,
 * and a webhook that keeps failing. Two servers: the test defaults, and one without retries, a 300
 * ms timeout and auto-disable after 2 failed deliveries.
 */
class FailureTest {

  private static TestServer server;
  private static TestServer oneShot;
  private static TenantClients tenants;
  private static TenantClients oneShotTenants;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    oneShot =
        TestServer.start(
            new JsonObject()
                .put(
                    "delivery",
                    new JsonObject()
                        .put("maxRetries", 0)
                        .put("timeoutMs", 300)
                        .put("disableAfterFailures", 2)));
    tenants = new TenantClients(server);
    oneShotTenants = new TenantClients(oneShot);
  }

  @AfterAll
  static void stop() {
    server.close();
    oneShot.close();
  }

  @AfterEach
  void closeTenants() {
    tenants.close();
    oneShotTenants.close();
  }

  @Test
  @DisplayName(
      "410 Gone gets no retry and disables the webhook with a reason; later events skip it")
  void gone() {
    Api api = tenants.create("Acme").api();
    try (Receiver receiver = Receiver.answering(410)) {
      String hook = create(api, webhook(receiver.url("/hook"), "ReportPublished"));
      send(api, event("ReportPublished"));

      List<JsonObject> log = Hooks.finished(api, hook);
      assertThat(statuses(log)).containsExactly("failed");
      assertThat(log.get(0).getInteger("statusCode")).isEqualTo(410);
      JsonObject webhook =
          Wait.forValue(
              "the webhook is disabled",
              () -> api.get("/api/internal/webhooks/" + hook).expect(200).json(),
              w -> !w.getBoolean("enabled"));
      assertThat(webhook.getString("disabledReason")).contains("410");

      assertThat(deliveries(api, event("ReportPublished"))).isZero();
      assertThat(receiver.count()).isEqualTo(1);

      JsonObject enabled =
          api.patch("/api/internal/webhooks/" + hook, new JsonObject().put("enabled", true))
              .expect(200)
              .json();
      assertThat(enabled.getValue("disabledReason")).isNull();
    }
  }

  @Test
  @DisplayName(
      "A 302 is not followed: the Location is never requested and the attempt counts as a failure")
  void redirectNotFollowed() {
    Api api = tenants.create("Acme").api();
    try (Receiver receiver = Receiver.answering(200)) {
      receiver.answer(n -> n == 0 ? Answer.redirect(receiver.url("/moved")) : Answer.status(200));
      String hook = create(api, webhook(receiver.url("/hook"), "ReportPublished"));
      send(api, event("ReportPublished"));

      List<JsonObject> log = Hooks.finished(api, hook);

      assertThat(statuses(log)).containsExactly("retrying", "succeeded");
      assertThat(log.get(0).getInteger("statusCode")).isEqualTo(302);
      assertThat(log.get(0).getString("error")).startsWith("Failed to call webhook:");
      assertThat(receiver.received())
          .extracting(Receiver.Received::path)
          .containsExactly("/hook", "/hook");
    }
  }

  @Test
  @DisplayName(
      "A receiver that never answers fails with 'Failed to call webhook: timeout after 300 ms'")
  void timeout() {
    Api api = oneShotTenants.create("Acme").api();
    try (Receiver receiver = Receiver.answering(n -> Answer.hang())) {
      String hook = create(api, webhook(receiver.url("/hook"), "ReportPublished"));
      send(api, event("ReportPublished"));

      List<JsonObject> log = Hooks.finished(api, hook);

      assertThat(statuses(log)).containsExactly("failed");
      assertThat(log.get(0).getString("error"))
          .isEqualTo("Failed to call webhook: timeout after 300 ms");
      assertThat(log.get(0).getValue("statusCode")).isNull();
      assertThat(receiver.count()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName(
      "A closed port fails the attempt with no status code and the connection error in the log")
  void closedPort() {
    Api api = oneShotTenants.create("Acme").api();
    String hook =
        create(api, webhook("http://127.0.0.1:" + Hooks.closedPort() + "/hook", "ReportPublished"));
    send(api, event("ReportPublished"));

    List<JsonObject> log = Hooks.finished(api, hook);
    assertThat(statuses(log)).containsExactly("failed");
    assertThat(log.get(0).getValue("statusCode")).isNull();
    assertThat(log.get(0).getString("error"))
        .startsWith("Failed to call webhook: ")
        .containsIgnoringCase("refused");
  }

  @Test
  @DisplayName(
      "After delivery.disableAfterFailures failed deliveries in a row the webhook is disabled and says why")
  void autoDisable() {
    Api api = oneShotTenants.create("Acme").api();
    try (Receiver receiver = Receiver.answering(500)) {
      String hook = create(api, webhook(receiver.url("/hook"), "ReportPublished"));

      send(api, event("ReportPublished"));
      Hooks.finished(api, hook);
      JsonObject afterOne = api.get("/api/internal/webhooks/" + hook).expect(200).json();
      assertThat(afterOne.getBoolean("enabled")).isTrue();
      assertThat(afterOne.getValue("disabledReason")).isNull();

      send(api, event("ReportPublished"));
      JsonObject afterTwo =
          Wait.forValue(
              "the webhook is disabled",
              () -> api.get("/api/internal/webhooks/" + hook).expect(200).json(),
              w -> !w.getBoolean("enabled"));
      assertThat(afterTwo.getString("disabledReason")).contains("2 consecutive failed deliveries");
      assertThat(Hooks.attempts(api, hook)).hasSize(2);

      assertThat(deliveries(api, event("ReportPublished"))).isZero();
      assertThat(receiver.count()).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("A successful delivery resets the count of failed deliveries in a row")
  void successResetsStreak() {
    Api api = oneShotTenants.create("Acme").api();
    try (Receiver receiver = Receiver.answering(n -> Answer.status(n == 1 ? 200 : 500))) {
      String hook = create(api, webhook(receiver.url("/hook"), "ReportPublished"));

      for (int i = 1; i <= 3; i++) {
        int logged = i;
        send(api, event("ReportPublished"));
        Hooks.attemptsUntil(api, hook, logged + " attempts logged", log -> log.size() == logged);
      }

      assertThat(statuses(Hooks.attempts(api, hook)))
          .containsExactly("failed", "succeeded", "failed");
      JsonObject webhook = api.get("/api/internal/webhooks/" + hook).expect(200).json();
      assertThat(webhook.getBoolean("enabled")).isTrue();
      assertThat(webhook.getValue("disabledReason")).isNull();
    }
  }
}
