package io.hookrelay.store;

import io.hookrelay.webhook.Delivery;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The deliveries waiting to be sent. Dispatchers claim due deliveries in batches under a lease; a
 * claim that is not completed before its lease runs out becomes claimable again.
 */
public interface DeliveryQueue {

  /**
   * Claims up to {@code max} pending deliveries whose next attempt is due, oldest first, for {@code
   * lease}, in the name of {@code claimer} (one delivery verticle: its node plus an instance id).
   * Deliveries whose webhook is gone or disabled, or whose tenant has its webhooks switched off,
   * are cancelled instead of returned.
   */
  Future<List<DeliveryJob>> claim(String claimer, int max, Duration lease);

  /**
   * Registers a dispatcher of this node that may be handed deliveries as they are accepted, leased
   * to it already, at most {@code capacity} waiting at a time: its {@link #claim} returns them
   * first, without asking the store, and {@code wake} (run on any thread, not blocking) tells it
   * that some wait. {@link #release} ends the registration. Stores that claim as cheaply as they
   * hand over (the memory store) ignore it.
   */
  default void register(String claimer, int capacity, Duration lease, Runnable wake) {}

  /**
   * Tells the store that deliveries for {@code claimer} may be waiting in it (a retry came due, a
   * wake-up or the poll): its next {@link #claim} asks the store even while deliveries are handed
   * to it. Without that, a claim with handed deliveries waiting takes only those. Stores that do
   * not hand over ignore it.
   */
  default void lookInStore(String claimer) {}

  /**
   * Records the outcomes of deliveries claimed by {@code claimer} in one write; outcomes for
   * deliveries that another claimer has claimed since (after the lease ran out) are ignored. Keeps
   * each webhook's streak of exhausted deliveries: a success resets it; reaching {@code
   * disableAfterFailures}, or a GONE, disables the webhook with a reason.
   *
   * @return the cuids of the webhooks this call disabled
   */
  Future<List<String>> complete(String claimer, List<Outcome> outcomes, int disableAfterFailures);

  /** Hands this claimer's unfinished claims back to the queue at once (clean shutdown). */
  Future<Integer> release(String claimer);

  /**
   * Makes a failed delivery of the tenant pending again for one fresh attempt now. Any other
   * delivery (pending, succeeded, cancelled) is left as it is: a succeeded one is never sent again.
   */
  Future<ManualRetry> retryNow(String tenantCuid, String deliveryCuid);

  /**
   * Makes every failed delivery of the tenant's webhook created in [{@code since}, {@code until})
   * ({@code until} null: no end) pending again, due now, with {@code attempts} more attempts
   * allowed (attempt numbers go on from where they stopped). Deliveries no longer kept (retention,
   * the memory store's bound) cannot be recovered.
   *
   * @return how many were queued again
   */
  Future<Integer> recover(
      String tenantCuid, String webhookCuid, Instant since, Instant until, int attempts);

  /** Cancels the webhook's pending deliveries (deleted or disabled). */
  Future<Integer> cancelForWebhook(String webhookCuid);

  Future<Optional<Delivery>> get(String deliveryCuid);

  /** Deliveries still pending, due or not. */
  Future<Long> pendingCount();

  /**
   * Removes up to {@code batch} finished deliveries (and their events when unused) created before
   * {@code cutoff}.
   */
  Future<Integer> purgeFinishedBefore(Instant cutoff, int batch);
}
