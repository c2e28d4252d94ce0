package io.hookrelay.delivery;

import static io.hookrelay.support.Hooks.create;
import static io.hookrelay.support.Hooks.event;
import static io.hookrelay.support.Hooks.gapMs;
import static io.hookrelay.support.Hooks.send;
import static io.hookrelay.support.Hooks.statuses;
import static io.hookrelay.support.Hooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Hooks;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.Receiver.Received;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Retries as a receiver sees them: how many attempts, how they are logged, how the gaps between
 * them grow, and Retry-After. Two servers: the test defaults (backoff 50 ms × 2, at most 1 s), and
 * one with 3 retries and backoff 60 ms × 3.
 */
class RetryTest {

  private static TestServer server;
  private static TestServer threeRetries;
  private static TenantClients tenants;
  private static TenantClients threeRetriesTenants;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    threeRetries =
        TestServer.start(
            new JsonObject()
                .put(
                    "delivery",
                    new JsonObject()
                        .put("maxRetries", 3)
                        .put("initialBackoffMs", 60)
                        .put("backoffMultiplier", 3)));
    tenants = new TenantClients(server);
    threeRetriesTenants = new TenantClients(threeRetries);
  }

  @AfterAll
  static void stop() {
    tenants.close();
    threeRetriesTenants.close();
    server.close();
    threeRetries.close();
  }

  @AfterEach
  void closeTenants() {
    tenants.close();
    threeRetriesTenants.close();
  }

  @Test
  @DisplayName(
      "A receiver that fails once and then answers 200 gets two attempts, logged as retrying then succeeded")
  void failThenSucceed() {
    Api api = tenants.create("Acme").api();
    try (Receiver receiver =
        Receiver.answering(
            n ->
                n == 0 ? Answer.status(500).withBody("boom") : Answer.status(200).withBody("ok"))) {
      String hook = create(api, webhook(receiver.url("/hook"), "ReportPublished"));
      send(api, event("ReportPublished"));

      List<JsonObject> log = Hooks.finished(api, hook);

      assertThat(receiver.count()).isEqualTo(2);
      assertThat(statuses(log)).containsExactly("retrying", "succeeded");
      assertThat(log).extracting(a -> a.getInteger("attempt")).containsExactly(1, 2);
      assertThat(log).extracting(a -> a.getInteger("statusCode")).containsExactly(500, 200);
      assertThat(log).extracting(a -> a.getString("responseSnippet")).containsExactly("boom", "ok");
      assertThat(log.get(0).getString("error"))
          .startsWith("Failed to call webhook:")
          .contains("500");
      assertThat(log.get(1).getString("error")).isNull();
      assertThat(log)
          .extracting(a -> a.getString("deliveryCuid"))
          .containsOnly(log.get(0).getString("deliveryCuid"));
    }
  }

  @Test
  @DisplayName(
      "With delivery.maxRetries = 3 a receiver that always answers 500 gets exactly 4 attempts; the last is logged failed")
  void exhaustRetries() {
    Api api = threeRetriesTenants.create("Acme").api();
    try (Receiver receiver = Receiver.answering(500)) {
      String hook = create(api, webhook(receiver.url("/hook"), "ReportPublished"));
      send(api, event("ReportPublished"));

      List<JsonObject> log = Hooks.finished(api, hook);

      assertThat(statuses(log)).containsExactly("retrying", "retrying", "retrying", "failed");
      assertThat(log).extracting(a -> a.getInteger("attempt")).containsExactly(1, 2, 3, 4);
      assertThat(log).extracting(a -> a.getInteger("statusCode")).containsOnly(500);
      assertThat(receiver.received())
          .extracting(r -> r.header("X-Hookrelay-Attempt"))
          .containsExactly("1", "2", "3", "4");
    }
  }

  @Test
  @DisplayName("The gaps between attempts grow by the backoff multiplier")
  void gapsGrow() {
    Api api = threeRetriesTenants.create("Acme").api();
    try (Receiver receiver = Receiver.answering(500)) {
      String hook = create(api, webhook(receiver.url("/hook"), "ReportPublished"));
      send(api, event("ReportPublished"));

      Hooks.finished(api, hook);

      List<Received> got = receiver.received();
      assertThat(got).hasSize(4);
      long first = gapMs(got.get(0), got.get(1));
      long second = gapMs(got.get(1), got.get(2));
      long third = gapMs(got.get(2), got.get(3));
      // configured: 60, 180, 540 ms (multiplier 3, no jitter). A busy machine only makes a gap
      // longer, never shorter, so each gap is at least its configured wait: a backoff that did not
      // grow (60, 60, 60) fails here however the machine is loaded.
      assertThat(first).as("first gap").isGreaterThanOrEqualTo(60);
      assertThat(second).as("second gap (first was %d ms)", first).isGreaterThanOrEqualTo(180);
      assertThat(third).as("third gap (second was %d ms)", second).isGreaterThanOrEqualTo(540);
    }
  }

  @Test
  @DisplayName(
      "Retry-After on 429 and 503 sets the wait before the next attempt; on a 500 it is ignored")
  void retryAfter() {
    Api api = tenants.create("Acme").api();
    try (Receiver receiver =
        Receiver.answering(
            n ->
                switch (n) {
                  case 0 -> Answer.retryAfter(500, "1");
                  case 1 -> Answer.retryAfter(429, "1");
                  case 2 -> Answer.retryAfter(503, "1");
                  default -> Answer.status(200);
                })) {
      String hook = create(api, webhook(receiver.url("/hook"), "ReportPublished"));
      send(api, event("ReportPublished"));

      List<JsonObject> log = Hooks.finished(api, hook);

      assertThat(statuses(log)).containsExactly("retrying", "retrying", "retrying", "succeeded");
      assertThat(log)
          .extracting(a -> a.getInteger("statusCode"))
          .containsExactly(500, 429, 503, 200);
      List<Received> got = receiver.received();
      long after500 = gapMs(got.get(0), got.get(1));
      long after429 = gapMs(got.get(1), got.get(2));
      long after503 = gapMs(got.get(2), got.get(3));
      assertThat(after429).as("gap after 429 with Retry-After: 1").isGreaterThanOrEqualTo(950);
      assertThat(after503).as("gap after 503 with Retry-After: 1").isGreaterThanOrEqualTo(950);
      assertThat(after429)
          .as("gap after 429 (%d ms) against gap after 500 (%d ms)", after429, after500)
          .isGreaterThan(4 * after500);
    }
  }

  @Test
  @DisplayName("A Retry-After longer than delivery.maxBackoffMs waits only maxBackoffMs")
  void retryAfterCapped() {
    Api api = tenants.create("Acme").api();
    try (Receiver receiver =
        Receiver.answering(n -> n == 0 ? Answer.retryAfter(503, "3600") : Answer.status(200))) {
      String hook = create(api, webhook(receiver.url("/hook"), "ReportPublished"));
      send(api, event("ReportPublished"));

      List<JsonObject> log = Hooks.finished(api, hook);

      assertThat(statuses(log)).containsExactly("retrying", "succeeded");
      assertThat(gapMs(receiver.received().get(0), receiver.received().get(1)))
          .isGreaterThanOrEqualTo(950);
    }
  }
}
