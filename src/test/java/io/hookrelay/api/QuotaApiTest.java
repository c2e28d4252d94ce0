package io.hookrelay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookrelay.support.Api;
import io.hookrelay.support.Hooks;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The per-tenant quotas of API.md ("Quotas") through the real server, on each store (a subclass per
 * store): one tenant at its limits gets 409 / 429, the others go on as if it were not there.
 */
public abstract class QuotaApiTest {

  protected static final int MAX_WEBHOOKS = 10;
  protected static final int MAX_PENDING = 25;

  private static final String HOOKS = "/api/internal/webhooks";
  private static final String EVENTS = "/api/internal/events";

  private TenantClients tenants;

  /**
   * The quotas under test; the memory queue (the last guard) holds more than one tenant's quota; a
   * failed first attempt is retried only after ten minutes, so deliveries stay pending.
   */
  public static JsonObject overrides() {
    return new JsonObject()
        .put(
            "limits",
            new JsonObject()
                .put("maxWebhooksPerTenant", MAX_WEBHOOKS)
                .put("maxPendingDeliveriesPerTenant", MAX_PENDING))
        .put(
            "store",
            new JsonObject().put("memory", new JsonObject().put("maxPendingDeliveries", 40)))
        .put(
            "delivery",
            new JsonObject()
                .put("maxRetries", 5)
                .put("initialBackoffMs", 600_000)
                .put("maxBackoffMs", 600_000));
  }

  /** A server started with {@link #overrides()} on the subclass's store. */
  protected abstract TestServer server();

  @BeforeEach
  void newTenants() {
    tenants = new TenantClients(server());
  }

  @AfterEach
  void closeTenants() {
    tenants.close();
  }

  @Test
  @DisplayName(
      "A tenant at limits.maxWebhooksPerTenant gets 409 quota_exceeded; another tenant still"
          + " creates, and a deleted webhook frees its place")
  void webhookQuota() {
    TenantClient acme = tenants.create("Acme");
    TenantClient other = tenants.create("Other");
    List<String> created = new ArrayList<>();
    for (int i = 0; i < MAX_WEBHOOKS; i++) {
      created.add(Hooks.create(acme.api(), hook("http://127.0.0.1:9/in")));
    }

    Api.Response refused = acme.api().post(HOOKS, hook("http://127.0.0.1:9/in")).expect(409);
    assertThat(refused.json().getString("error")).isEqualTo("quota_exceeded");
    assertThat(refused.json().getInteger("status")).isEqualTo(409);
    assertThat(refused.json().getString("message")).contains(Integer.toString(MAX_WEBHOOKS));
    assertThat(
            acme.api()
                .get(HOOKS + "?page[size]=100")
                .expect(200)
                .json()
                .getJsonObject("meta")
                .getJsonObject("page")
                .getLong("totalResults"))
        .isEqualTo(MAX_WEBHOOKS);

    Hooks.create(other.api(), hook("http://127.0.0.1:9/in"));
    acme.api().delete(HOOKS + "/" + created.get(0)).expect(204);
    Hooks.create(acme.api(), hook("http://127.0.0.1:9/in"));
  }

  @Test
  @DisplayName(
      "A tenant over limits.maxPendingDeliveriesPerTenant gets 429 too_many_pending with"
          + " Retry-After (on the bus: failure code 429), while another tenant's events are"
          + " accepted")
  void pendingQuota() {
    TenantClient acme = tenants.create("Acme");
    TenantClient other = tenants.create("Other");
    try (Receiver failing = Receiver.answering(500);
        Receiver ok = Receiver.answering(200)) {
      for (int i = 0; i < MAX_WEBHOOKS; i++) {
        Hooks.create(acme.api(), hook(failing.url("/acme")));
      }
      Hooks.create(other.api(), hook(ok.url("/other")));

      // 10 deliveries per event: accepted at 0, 10 and 20 pending (under 25), refused at 30
      List<Integer> statuses = new ArrayList<>();
      Api.Response last = null;
      for (int i = 0; i < 6 && (last == null || last.status() == 202); i++) {
        last = acme.api().post(EVENTS, Hooks.event("ReportPublished"));
        statuses.add(last.status());
      }

      assertThat(statuses).containsExactly(202, 202, 202, 429);
      assertThat(last.json().getString("error")).isEqualTo("too_many_pending");
      assertThat(last.json().getInteger("status")).isEqualTo(429);
      assertThat(last.header("Retry-After")).isEqualTo("1");
      assertThat(Hooks.deliveries(other.api(), Hooks.event("ReportPublished"))).isEqualTo(1);

      var bus = server().server().vertx().eventBus();
      assertThatThrownBy(
              () ->
                  bus.request(
                          "hookrelay.events",
                          Hooks.event("ReportPublished").put("tenantCuid", acme.cuid()))
                      .await())
          .isInstanceOfSatisfying(
              ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(429));
      JsonObject reply =
          (JsonObject)
              bus.request(
                      "hookrelay.events",
                      Hooks.event("ReportPublished").put("tenantCuid", other.cuid()))
                  .await()
                  .body();
      assertThat(reply.getInteger("deliveries")).isEqualTo(1);
    }
  }

  private static JsonObject hook(String url) {
    return Hooks.webhook(url, "ReportPublished");
  }
}
