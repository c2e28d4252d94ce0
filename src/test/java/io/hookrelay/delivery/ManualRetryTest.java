package io.hookrelay.delivery;

import static io.hookrelay.support.Hooks.create;
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
 * {@code POST /api/internal/webhookslog/{deliveryCuid}/retry} on a server without automatic
 * retries.
 */
class ManualRetryTest {

  private static TestServer server;
  private static TenantClients tenants;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(new JsonObject().put("delivery", new JsonObject().put("maxRetries", 0)));
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
  @DisplayName(
      "Retrying a failed delivery answers 202 and a fresh attempt arrives with the same webhook-id")
  void retryFailedDelivery() {
    Api api = tenants.create("Acme").api();
    try (Receiver receiver = Receiver.answering(n -> Answer.status(n == 0 ? 500 : 200))) {
      String hook = create(api, webhook(receiver.url("/hook"), "ReportPublished"));
      send(api, event("ReportPublished"));
      String delivery = Hooks.finished(api, hook).get(0).getString("deliveryCuid");

      api.post("/api/internal/webhookslog/" + delivery + "/retry", null).expect(202);

      List<JsonObject> log =
          Hooks.attemptsUntil(api, hook, "the retried attempt is logged", l -> l.size() == 2);
      assertThat(statuses(log)).containsExactly("failed", "succeeded");
      assertThat(log).extracting(a -> a.getInteger("attempt")).containsExactly(1, 2);
      assertThat(receiver.count()).isEqualTo(2);
      assertThat(receiver.received())
          .extracting(r -> r.header("webhook-id"))
          .containsOnly(delivery);
      assertThat(receiver.received().get(1).header("X-Hookrelay-Attempt")).isEqualTo("2");
    }
  }

  @Test
  @DisplayName(
      "The admin can retry a tenant's delivery with ?tenantCuid=, and must name the tenant")
  void adminRetry() {
    var tenant = tenants.create("Acme");
    try (Receiver receiver = Receiver.answering(500)) {
      String hook = create(tenant.api(), webhook(receiver.url("/hook"), "ReportPublished"));
      send(tenant.api(), event("ReportPublished"));
      String delivery = Hooks.finished(tenant.api(), hook).get(0).getString("deliveryCuid");

      server.admin().post("/api/internal/webhookslog/" + delivery + "/retry", null).expect(400);
      server
          .admin()
          .post(
              "/api/internal/webhookslog/" + delivery + "/retry?tenantCuid=" + tenant.cuid(), null)
          .expect(202);

      Wait.until("the retried attempt arrived", () -> receiver.count() == 2);
    }
  }

  @Test
  @DisplayName("Retrying an unknown delivery, or another tenant's, answers 404")
  void unknownOrForeignDelivery() {
    var owner = tenants.create("Acme");
    var stranger = tenants.create("Globex");
    try (Receiver receiver = Receiver.answering(500)) {
      String hook = create(owner.api(), webhook(receiver.url("/hook"), "ReportPublished"));
      send(owner.api(), event("ReportPublished"));
      String delivery = Hooks.finished(owner.api(), hook).get(0).getString("deliveryCuid");

      JsonObject unknown =
          owner
              .api()
              .post("/api/internal/webhookslog/cunknown0000000000000000000/retry", null)
              .expect(404)
              .json();
      assertThat(unknown.getString("error")).isEqualTo("not_found");
      stranger.api().post("/api/internal/webhookslog/" + delivery + "/retry", null).expect(404);
      stranger
          .api()
          .post("/api/internal/webhookslog/" + delivery + "/retry?tenantCuid=" + owner.cuid(), null)
          .expect(404);

      // the same cuid is retryable by its owner: the 404s were about whose delivery it is
      owner.api().post("/api/internal/webhookslog/" + delivery + "/retry", null).expect(202);
      Wait.until("the owner's retry arrived", () -> receiver.count() >= 2);
    }
  }
}
