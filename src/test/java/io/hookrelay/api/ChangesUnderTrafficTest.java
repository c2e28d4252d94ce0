package io.hookrelay.api;

import static io.hookrelay.support.Hooks.create;
import static io.hookrelay.support.Hooks.event;
import static io.hookrelay.support.Hooks.send;
import static io.hookrelay.support.Hooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Hooks;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a user sees when webhooks, tenants and deliveries change while events flow: no event lost to
 * a change, no succeeded delivery sent again, nothing sent for a switched-off tenant. Run against
 * each store by a subclass (one server per class).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ChangesUnderTrafficTest {

  private static final String LOG = "/api/internal/webhookslog";
  private static final String REPORT = "ReportPublished";
  private static final String FINDING = "FindingPublished";

  private static final int SENDERS = 4;

  private final ExecutorService pool = Executors.newFixedThreadPool(SENDERS + 1);
  private TestServer server;
  private TenantClients tenants;

  /** The store's config overrides, e.g. {@code store.type}. */
  protected abstract JsonObject storeConfig();

  /** Called after the server stopped. */
  protected void cleanUp() {}

  @BeforeAll
  void start() {
    // Retry-After is honoured up to a minute, so a delivery can be kept waiting
    server =
        TestServer.start(
            storeConfig()
                .put(
                    "delivery", new JsonObject().put("maxRetries", 5).put("maxBackoffMs", 60_000)));
  }

  @AfterAll
  void stop() {
    pool.shutdownNow();
    if (server != null) {
      server.close();
    }
    cleanUp();
  }

  @BeforeEach
  void newTenants() {
    tenants = new TenantClients(server);
  }

  @AfterEach
  void closeTenants() {
    tenants.close();
  }

  @Test
  @DisplayName(
      "While one client renames a webhook 200 times and others send 400 events, every event is delivered")
  void patchesDuringEvents() throws Exception {
    TenantClient tenant = tenants.create("Acme");
    try (Receiver receiver = Receiver.answering(200)) {
      String hook = create(tenant.api(), webhook(receiver.url("/in"), REPORT));
      CompletableFuture<Void> patches =
          CompletableFuture.runAsync(
              () -> {
                try (Api patcher = server.as(tenant.token())) {
                  for (int i = 0; i < 200; i++) {
                    patcher
                        .patch(
                            "/api/internal/webhooks/" + hook, new JsonObject().put("name", "n" + i))
                        .expect(200);
                  }
                }
              },
              pool);
      // four senders of 100 events each, so that lookups overlap the changes more often
      List<CompletableFuture<Integer>> senders = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        senders.add(CompletableFuture.supplyAsync(() -> sendEvents(tenant, 400 / SENDERS), pool));
      }
      int deliveries = 0;
      for (CompletableFuture<Integer> sender : senders) {
        deliveries += sender.get();
      }
      patches.get();

      assertThat(deliveries).as("deliveries made for the 400 events").isEqualTo(400);
      Wait.until("400 deliveries arrived", Duration.ofSeconds(60), () -> receiver.count() >= 400);
      assertThat(receiver.received().stream().map(r -> r.header("webhook-id")).distinct())
          .hasSize(400);
    }
  }

  private int sendEvents(TenantClient tenant, int events) {
    int deliveries = 0;
    try (Api api = server.as(tenant.token())) {
      for (int i = 0; i < events; i++) {
        deliveries += send(api, event(REPORT)).getInteger("deliveries");
      }
    }
    return deliveries;
  }

  @Test
  @DisplayName(
      "Retrying a succeeded delivery answers 409 not_failed and it is not sent again; so does a pending one")
  void retryOnlyFailed() {
    TenantClient tenant = tenants.create("Acme");
    try (Receiver done = Receiver.answering(200);
        Receiver waiting = Receiver.answering(n -> Answer.retryAfter(503, "30"))) {
      String ok = create(tenant.api(), webhook(done.url("/ok"), REPORT));
      String slow = create(tenant.api(), webhook(waiting.url("/slow"), FINDING));
      send(tenant.api(), event(REPORT));
      send(tenant.api(), event(FINDING));
      String succeeded = Hooks.finished(tenant.api(), ok).get(0).getString("deliveryCuid");
      String pending =
          Hooks.attemptsUntil(tenant.api(), slow, "the first attempt is logged", l -> !l.isEmpty())
              .get(0)
              .getString("deliveryCuid");

      JsonObject refused =
          tenant.api().post(LOG + "/" + succeeded + "/retry", null).expect(409).json();
      assertThat(refused.getString("error")).isEqualTo("not_failed");
      assertThat(refused.getInteger("status")).isEqualTo(409);
      assertThat(refused.getString("message")).contains("succeeded");
      JsonObject stillPending =
          tenant.api().post(LOG + "/" + pending + "/retry", null).expect(409).json();
      assertThat(stillPending.getString("error")).isEqualTo("not_failed");
      assertThat(stillPending.getString("message")).contains("pending");

      // a later event to the same webhook arrives; the succeeded delivery did not come again, and
      // the pending one waits for its own retry
      send(tenant.api(), event(REPORT));
      Wait.until("the second event arrived", () -> done.count() >= 2);
      assertThat(done.received().stream().map(r -> r.header("webhook-id")))
          .hasSize(2)
          .doesNotHaveDuplicates();
      assertThat(waiting.count()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName(
      "Switching a tenant's webhooks off cancels its deliveries waiting for a retry: nothing more is sent")
  void tenantDisableCancels() {
    TenantClient tenant = tenants.create("Acme");
    TenantClient control = tenants.create("Control");
    // retries 3 s apart, so that on a loaded machine the three first attempts are all in before
    // the first retry is due
    try (Receiver failing = Receiver.answering(n -> Answer.retryAfter(503, "3"));
        Receiver controlReceiver =
            Receiver.answering(n -> n == 0 ? Answer.retryAfter(503, "4") : Answer.status(200))) {
      String hook = create(tenant.api(), webhook(failing.url("/in"), REPORT));
      for (int i = 0; i < 3; i++) {
        send(tenant.api(), event(REPORT));
      }
      Hooks.attemptsUntil(
          tenant.api(), hook, "three first attempts are logged", l -> l.size() >= 3);
      assertThat(failing.count()).isEqualTo(3);

      server
          .admin()
          .patch(
              "/api/internal/tenants/" + tenant.cuid(),
              new JsonObject().put("webhooksEnabled", false))
          .expect(200);

      // the control's retry is due a second after the tenant's retries would have been
      create(control.api(), webhook(controlReceiver.url("/control"), REPORT));
      send(control.api(), event(REPORT));
      Wait.until("the control's retry arrived", () -> controlReceiver.count() == 2);
      assertThat(failing.count())
          .as("attempts that reached the disabled tenant's receiver")
          .isEqualTo(3);
      assertThat(
              List.of(send(tenant.api(), event(REPORT)).getInteger("deliveries"), failing.count()))
          .containsExactly(0, 3);
    }
  }
}
