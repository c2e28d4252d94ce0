package io.hookrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Delivery;
import io.hookrelay.webhook.Event;
import io.hookrelay.webhook.Webhook;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The delivery queue: manual retry, cancel, reads, counts and retention, run against each store by
 * a subclass.
 */
public abstract class DeliveryQueueRetryContractTest extends StoreContract {

  protected DeliveryQueueRetryContractTest(ContractStores source) {
    super(source);
  }

  /**
   * What the steps of one test saw, by name: each step's setter records its value and hands back
   * the stores for the next step, and a chain ends with {@code .map(seen)}. Counts are boxed, so
   * one that no step recorded fails its assertion instead of reading as zero.
   */
  private final class Seen {
    ManualRetry retried;
    ManualRetry retriedByOther;
    ManualRetry retriedUnknown;
    List<DeliveryJob> claimed;
    Long pending;
    Integer cancelled;
    Integer cancelledAgain;
    Optional<Delivery> delivery;
    Optional<Delivery> unknown;
    final List<Integer> purged = new ArrayList<>();
    Optional<Delivery> oldFailed;
    Optional<Delivery> recentFailed;
    Receipt reused;

    Stores retried(ManualRetry v) {
      retried = v;
      return stores;
    }

    Stores retriedByOther(ManualRetry v) {
      retriedByOther = v;
      return stores;
    }

    Stores retriedUnknown(ManualRetry v) {
      retriedUnknown = v;
      return stores;
    }

    Stores claimed(List<DeliveryJob> v) {
      claimed = v;
      return stores;
    }

    Stores pending(Long v) {
      pending = v;
      return stores;
    }

    Stores cancelled(Integer v) {
      cancelled = v;
      return stores;
    }

    Stores cancelledAgain(Integer v) {
      cancelledAgain = v;
      return stores;
    }

    Stores delivery(Optional<Delivery> v) {
      delivery = v;
      return stores;
    }

    Stores unknown(Optional<Delivery> v) {
      unknown = v;
      return stores;
    }

    /** Adds one more purge's count. */
    Stores purged(Integer v) {
      purged.add(v);
      return stores;
    }

    Stores oldFailed(Optional<Delivery> v) {
      oldFailed = v;
      return stores;
    }

    Stores recentFailed(Optional<Delivery> v) {
      recentFailed = v;
      return stores;
    }

    Stores reused(Receipt v) {
      reused = v;
      return stores;
    }
  }

  @Test
  @DisplayName("A failed delivery can be sent again: pending now, with one more attempt allowed")
  void retryNowFailed(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Seen seen = new Seen();
    Future<Seen> steps =
        claimThenComplete(w, e, d, Outcome.failed(d.cuid(), w.cuid(), 6))
            .compose(x -> stores.queue().retryNow(tenant, d.cuid()))
            .compose(retried -> seen.retried(retried).queue().claim("node-a", 10, LEASE))
            .map(jobs -> seen.claimed(jobs))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.retried).isInstanceOf(ManualRetry.Queued.class);
          Delivery again = ((ManualRetry.Queued) r.retried).delivery();
          assertThat(again.status()).isEqualTo(Delivery.Status.PENDING);
          assertThat(again.attempts()).isEqualTo(6);
          assertThat(again.maxAttempts()).isEqualTo(7);
          assertThat(again.nextAttemptAt()).isBeforeOrEqualTo(Instant.now());
          DeliveryJob job = r.claimed.get(0);
          assertThat(job.attempt()).isEqualTo(7);
          assertThat(job.maxAttempts()).isEqualTo(7);
          assertThat(job.body()).isEqualTo(e.body());
        });
  }

  @Test
  @DisplayName(
      "retryNow leaves a pending delivery as it is (not failed), and finds nothing unknown or of another tenant")
  void retryNowEdges(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
            .compose(x -> stores.queue().retryNow(tenant, d.cuid()))
            .compose(retried -> seen.retried(retried).queue().retryNow(Cuid.next(), d.cuid()))
            .compose(retried -> seen.retriedByOther(retried).queue().retryNow(tenant, Cuid.next()))
            .compose(retried -> seen.retriedUnknown(retried).queue().pendingCount())
            .map(n -> seen.pending(n))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.retried).isEqualTo(new ManualRetry.NotFailed(Delivery.Status.PENDING));
          assertThat(r.retriedByOther).as("another tenant").isEqualTo(ManualRetry.NOT_FOUND);
          assertThat(r.retriedUnknown).as("an unknown cuid").isEqualTo(ManualRetry.NOT_FOUND);
          assertThat(r.pending).isEqualTo(1);
        });
  }

  @Test
  @DisplayName("A succeeded delivery is never sent again on request: retryNow says it did not fail")
  void retryNowSucceeded(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Seen seen = new Seen();
    Future<Seen> steps =
        claimThenComplete(w, e, d, Outcome.succeeded(d.cuid(), w.cuid(), 2))
            .compose(x -> stores.queue().retryNow(tenant, d.cuid()))
            .compose(retried -> seen.retried(retried).queue().claim("node-a", 10, LEASE))
            .map(jobs -> seen.claimed(jobs))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.retried).isEqualTo(new ManualRetry.NotFailed(Delivery.Status.SUCCEEDED));
          assertThat(r.claimed).isEmpty();
        });
  }

  @Test
  @DisplayName("cancelForWebhook cancels that webhook's waiting deliveries only, and counts them")
  void cancelForWebhook(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook a = webhook(tenant);
    Webhook b = webhook(tenant);
    Event e1 = event(tenant, null, now());
    Event e2 = event(tenant, null, now());
    Seen seen = new Seen();
    Future<Seen> steps =
        createAll(List.of(a, b))
            .compose(x -> stores.events().accept(e1, deliveries(e1, a, b), LONG_AGO))
            .compose(x -> stores.events().accept(e2, deliveries(e2, a), LONG_AGO))
            .compose(x -> stores.queue().cancelForWebhook(a.cuid()))
            .compose(n -> seen.cancelled(n).queue().cancelForWebhook(a.cuid()))
            .compose(n -> seen.cancelledAgain(n).queue().pendingCount())
            .compose(n -> seen.pending(n).queue().claim("node-a", 10, LEASE))
            .map(jobs -> seen.claimed(jobs))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.cancelled).isEqualTo(2);
          assertThat(r.cancelledAgain).isZero();
          assertThat(r.pending).isEqualTo(1);
          assertThat(r.claimed).extracting(DeliveryJob::webhookCuid).containsExactly(b.cuid());
        });
  }

  @Test
  @DisplayName("get finds a stored delivery as it was accepted, and nothing for an unknown cuid")
  void getDelivery(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
            .compose(x -> stores.queue().get(d.cuid()))
            .compose(got -> seen.delivery(got).queue().get(Cuid.next()))
            .map(got -> seen.unknown(got))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.delivery).contains(d);
          assertThat(r.unknown).isEmpty();
        });
  }

  @Test
  @DisplayName(
      "Retention removes old finished deliveries in bounded batches, keeps pending and recent ones, and forgets their keys")
  void purgeFinished(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Instant old = now().minus(Duration.ofDays(10));
    List<Event> oldEvents =
        IntStream.range(0, 3).mapToObj(i -> event(tenant, "old-" + i, old.plusSeconds(i))).toList();
    Event oldPending = event(tenant, null, old);
    Event recent = event(tenant, null, now().minusSeconds(5));
    List<String> d = new ArrayList<>();
    List<Event> failing = plus(oldEvents, recent);
    Event reuse = event(tenant, "old-0", now());
    Instant cutoff = now().minus(Duration.ofDays(1));
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> acceptEach(failing, w, d, failing))
            .compose(x -> claim("node-a", 10))
            .compose(
                jobs ->
                    stores
                        .queue()
                        .complete(
                            "node-a",
                            jobs.stream()
                                .map(j -> Outcome.failed(j.deliveryCuid(), j.webhookCuid(), 6))
                                .toList(),
                            100))
            .compose(
                x ->
                    stores
                        .events()
                        .accept(oldPending, List.of(pendingLater(oldPending, w)), LONG_AGO))
            .compose(x -> stores.queue().purgeFinishedBefore(cutoff, 2))
            .compose(n -> seen.purged(n).queue().purgeFinishedBefore(cutoff, 2))
            .compose(n -> seen.purged(n).queue().purgeFinishedBefore(cutoff, 2))
            .compose(n -> seen.purged(n).queue().get(d.get(0)))
            .compose(got -> seen.oldFailed(got).queue().get(d.get(3)))
            .compose(got -> seen.recentFailed(got).queue().pendingCount())
            .compose(n -> seen.pending(n).events().accept(reuse, List.of(), LONG_AGO))
            .compose(receipt -> seen.reused(receipt).queue().retryNow(tenant, d.get(3)))
            .map(retried -> seen.retried(retried))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.purged).containsExactly(2, 1, 0);
          assertThat(r.oldFailed).isEmpty();
          assertThat(r.recentFailed.orElseThrow().status()).isEqualTo(Delivery.Status.FAILED);
          assertThat(r.pending).isEqualTo(1);
          assertThat(r.reused)
              .as("the purged event's key is free again")
              .isEqualTo(new Receipt(reuse.cuid(), 0, false));
          assertThat(r.retried).isInstanceOf(ManualRetry.Queued.class);
        });
  }
}
