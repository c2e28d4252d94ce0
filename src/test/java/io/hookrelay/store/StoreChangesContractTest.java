package io.hookrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Delivery;
import io.hookrelay.webhook.Event;
import io.hookrelay.webhook.Tenant;
import io.hookrelay.webhook.Webhook;
import io.hookrelay.webhook.WebhookValidator.Changes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every store must do when a change races with delivery: a manual retry touches only failed
 * deliveries, switching a tenant off stops its deliveries, and a webhook update never undoes an
 * auto-disable made since it was read. Run against each store by a subclass; each test starts from
 * an empty store. Steps run one after the other on the test thread ({@code await}).
 */
@ExtendWith(VertxExtension.class)
public abstract class StoreChangesContractTest {

  private static final Duration LEASE = Duration.ofMinutes(1);
  private static final String EVENT = "ReportPublished";
  private static final String NODE = "node-a";

  protected Stores stores;

  /** An empty store for the next test. */
  protected abstract Future<Stores> freshStores(Vertx vertx);

  @BeforeEach
  void startEmpty(Vertx vertx) {
    stores = freshStores(vertx).await();
  }

  // ---- manual retry: failed deliveries only ----------------------------------------------------

  @Test
  @DisplayName("A succeeded delivery is not retried: retryNow says so and nothing is claimable")
  void retrySucceeded() {
    Tenant tenant = tenant(true);
    Delivery d = accept(webhook(tenant), tenant);
    claimOne();
    complete(Outcome.succeeded(d.cuid(), d.webhookCuid(), 1));

    ManualRetry retry = stores.queue().retryNow(tenant.cuid(), d.cuid()).await();

    assertThat(retry).isEqualTo(new ManualRetry.NotFailed(Delivery.Status.SUCCEEDED));
    assertThat(claim()).isEmpty();
  }

  @Test
  @DisplayName("A pending delivery is not retried: retryNow says so and leaves it as it was")
  void retryPending() {
    Tenant tenant = tenant(true);
    Delivery d = accept(webhook(tenant), tenant);

    ManualRetry retry = stores.queue().retryNow(tenant.cuid(), d.cuid()).await();

    assertThat(retry).isEqualTo(new ManualRetry.NotFailed(Delivery.Status.PENDING));
    assertThat(stores.queue().get(d.cuid()).await()).contains(d);
  }

  @Test
  @DisplayName("A cancelled delivery is not retried")
  void retryCancelled() {
    Tenant tenant = tenant(true);
    Delivery d = accept(webhook(tenant), tenant);
    stores.queue().cancelForWebhook(d.webhookCuid()).await();

    assertThat(stores.queue().retryNow(tenant.cuid(), d.cuid()).await())
        .isEqualTo(new ManualRetry.NotFailed(Delivery.Status.CANCELLED));
    assertThat(claim()).isEmpty();
  }

  @Test
  @DisplayName(
      "A failed delivery is queued again once; retrying it again while pending changes nothing")
  void retryFailed() {
    Tenant tenant = tenant(true);
    Delivery d = accept(webhook(tenant), tenant);
    claimOne();
    complete(Outcome.failed(d.cuid(), d.webhookCuid(), 1));

    ManualRetry first = stores.queue().retryNow(tenant.cuid(), d.cuid()).await();
    ManualRetry second = stores.queue().retryNow(tenant.cuid(), d.cuid()).await();

    assertThat(first).isInstanceOf(ManualRetry.Queued.class);
    Delivery queued = ((ManualRetry.Queued) first).delivery();
    assertThat(queued.status()).isEqualTo(Delivery.Status.PENDING);
    assertThat(queued.maxAttempts()).isEqualTo(2);
    assertThat(second).isEqualTo(new ManualRetry.NotFailed(Delivery.Status.PENDING));
    assertThat(claim()).extracting(DeliveryJob::attempt).containsExactly(2);
  }

  @Test
  @DisplayName("An unknown delivery, or another tenant's, is not found")
  void retryUnknown() {
    Tenant tenant = tenant(true);
    Delivery d = accept(webhook(tenant), tenant);
    claimOne();
    complete(Outcome.failed(d.cuid(), d.webhookCuid(), 1));

    assertThat(stores.queue().retryNow(Cuid.next(), d.cuid()).await())
        .isEqualTo(ManualRetry.NOT_FOUND);
    assertThat(stores.queue().retryNow(tenant.cuid(), Cuid.next()).await())
        .isEqualTo(ManualRetry.NOT_FOUND);
    assertThat(claim()).isEmpty();
  }

  // ---- a tenant switched off -------------------------------------------------------------------

  @Test
  @DisplayName(
      "Switching a tenant's webhooks off cancels its waiting deliveries, and only that tenant's")
  void tenantOffCancels() {
    Tenant off = tenant(true);
    Tenant other = tenant(true);
    Delivery mine = accept(webhook(off), off);
    Delivery theirs = accept(webhook(other), other);

    stores.tenants().setWebhooksEnabled(off.cuid(), false).await();

    assertThat(claim()).extracting(DeliveryJob::deliveryCuid).containsExactly(theirs.cuid());
    assertThat(stores.queue().get(mine.cuid()).await())
        .map(Delivery::status)
        .isIn(Optional.empty(), Optional.of(Delivery.Status.CANCELLED));
    assertThat(stores.queue().retryNow(off.cuid(), mine.cuid()).await())
        .isEqualTo(new ManualRetry.NotFailed(Delivery.Status.CANCELLED));
  }

  @Test
  @DisplayName(
      "A delivery on the wire when its tenant is switched off is not sent again: its retry is cancelled")
  void tenantOffCancelsRetryOfClaimed() {
    Tenant tenant = tenant(true);
    Delivery d = accept(webhook(tenant), tenant);
    claimOne();

    stores.tenants().setWebhooksEnabled(tenant.cuid(), false).await();
    complete(Outcome.retry(d.cuid(), d.webhookCuid(), 1, Instant.now().minusSeconds(1)));

    assertThat(claim()).isEmpty();
    assertThat(stores.queue().pendingCount().await()).isZero();
  }

  @Test
  @DisplayName(
      "Deliveries accepted for a switched-off tenant (a router that has not heard yet) are never handed out")
  void tenantOffClaimSkips() {
    Tenant tenant = tenant(false);
    accept(webhook(tenant), tenant);

    assertThat(claim()).isEmpty();
    assertThat(stores.queue().pendingCount().await()).isZero();

    stores.tenants().setWebhooksEnabled(tenant.cuid(), true).await();
    Delivery later = accept(webhook(tenant), tenant);
    assertThat(claim()).extracting(DeliveryJob::deliveryCuid).containsExactly(later.cuid());
  }

  // ---- webhook updates against auto-disable ----------------------------------------------------

  @Test
  @DisplayName(
      "A PATCH read before an auto-disable (410) and written after leaves the webhook disabled with its reason")
  void patchKeepsAutoDisable() {
    Tenant tenant = tenant(true);
    Webhook w = webhook(tenant);
    Delivery d = accept(w, tenant);
    Webhook readByPatch = stores.webhooks().get(tenant.cuid(), w.cuid()).await().orElseThrow();
    claimOne();
    complete(Outcome.gone(d.cuid(), w.cuid(), 1, "receiver answered 410 Gone"));

    Optional<Webhook> patched = rename(tenant, readByPatch, "renamed");

    Webhook stored = stores.webhooks().get(tenant.cuid(), w.cuid()).await().orElseThrow();
    assertThat(patched).contains(stored);
    assertThat(stored.name()).isEqualTo("renamed");
    assertThat(stored.enabled()).isFalse();
    assertThat(stored.disabledReason()).isEqualTo("receiver answered 410 Gone");
  }

  @Test
  @DisplayName(
      "A PATCH read before a failure streak moved and written after keeps the streak and its auto-disable")
  void patchKeepsStreak() {
    Tenant tenant = tenant(true);
    Webhook w = webhook(tenant);
    Delivery d = accept(w, tenant);
    Webhook readByPatch = stores.webhooks().get(tenant.cuid(), w.cuid()).await().orElseThrow();
    claimOne();
    stores.queue().complete(NODE, List.of(Outcome.failed(d.cuid(), w.cuid(), 1)), 1).await();

    rename(tenant, readByPatch, "renamed");

    Webhook stored = stores.webhooks().get(tenant.cuid(), w.cuid()).await().orElseThrow();
    assertThat(stored.consecutiveFailures()).isEqualTo(1);
    assertThat(stored.enabled()).isFalse();
    assertThat(stored.disabledReason()).isEqualTo("disabled after 1 consecutive failed deliveries");
  }

  @Test
  @DisplayName(
      "A PATCH that names enabled: true re-enables an auto-disabled webhook and clears its reason")
  void patchReEnables() {
    Tenant tenant = tenant(true);
    Webhook w = webhook(tenant);
    Delivery d = accept(w, tenant);
    claimOne();
    complete(Outcome.gone(d.cuid(), w.cuid(), 1, "receiver answered 410 Gone"));

    Changes enable = new Changes(null, null, null, null, null, true, false, null);
    stores.webhooks().update(tenant.cuid(), w.cuid(), x -> enable.applyTo(x, now())).await();

    Webhook stored = stores.webhooks().get(tenant.cuid(), w.cuid()).await().orElseThrow();
    assertThat(stored.enabled()).isTrue();
    assertThat(stored.disabledReason()).isNull();
    assertThat(stored.consecutiveFailures()).isZero();
  }

  @Test
  @DisplayName("An update of an unknown webhook, or of another tenant's, changes nothing")
  void updateUnknown() {
    Tenant tenant = tenant(true);
    Tenant stranger = tenant(true);
    Webhook w = webhook(tenant);
    stores.webhooks().create(w).await();

    assertThat(rename(stranger, w, "hijacked")).isEmpty();
    assertThat(stores.webhooks().update(tenant.cuid(), Cuid.next(), x -> x).await()).isEmpty();
    assertThat(stores.webhooks().get(tenant.cuid(), w.cuid()).await()).contains(w);
  }

  // ---- helpers
  // -----------------------------------------------------------------------------------

  /**
   * A PATCH of the name as the API makes it: the changes are applied to the webhook as it is when
   * written, not as {@code read} saw it.
   */
  private Optional<Webhook> rename(Tenant tenant, Webhook read, String name) {
    Changes changes = new Changes(null, name, null, null, null, null, false, null);
    return stores
        .webhooks()
        .update(tenant.cuid(), read.cuid(), current -> changes.applyTo(current, now()))
        .await();
  }

  private Tenant tenant(boolean webhooksEnabled) {
    return stores.tenants().create(new Tenant(Cuid.next(), "Acme", webhooksEnabled, now())).await();
  }

  private Webhook webhook(Tenant tenant) {
    Instant at = now();
    return new Webhook(
        Cuid.next(),
        tenant.cuid(),
        List.of(),
        "hook",
        "https://receiver.example/in",
        true,
        List.of(EVENT),
        true,
        null,
        null,
        0,
        at,
        at);
  }

  /** Creates the webhook unless it exists, and accepts one event with one delivery to it. */
  private Delivery accept(Webhook w, Tenant tenant) {
    if (stores.webhooks().find(w.cuid()).await().isEmpty()) {
      stores.webhooks().create(w).await();
    }
    String cuid = Cuid.next();
    byte[] body = ("{\"cuid\":\"" + cuid + "\"}").getBytes(StandardCharsets.UTF_8);
    Event e = new Event(cuid, tenant.cuid(), null, EVENT, null, body, now());
    Delivery d = Delivery.pending(e, w, 0);
    stores.events().accept(e, List.of(d), Instant.EPOCH).await();
    return d;
  }

  private List<DeliveryJob> claim() {
    return stores.queue().claim(NODE, 10, LEASE).await();
  }

  private DeliveryJob claimOne() {
    List<DeliveryJob> jobs = claim();
    assertThat(jobs).hasSize(1);
    return jobs.get(0);
  }

  private void complete(Outcome outcome) {
    stores.queue().complete(NODE, List.of(outcome), 100).await();
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
