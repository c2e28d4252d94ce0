package io.hookrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Delivery;
import io.hookrelay.webhook.Event;
import io.hookrelay.webhook.Webhook;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The delivery queue: completing claimed deliveries, and the webhooks' streaks, run against each
 * store by a subclass.
 */
public abstract class DeliveryQueueCompleteContractTest extends StoreContract {

  protected DeliveryQueueCompleteContractTest(ContractStores source) {
    super(source);
  }

  /**
   * What the steps of one test saw, by name: each step's setter records its value and hands back
   * the stores for the next step, and a chain ends with {@code .map(seen)}. Counts are boxed, so
   * one that no step recorded fails its assertion instead of reading as zero.
   */
  private final class Seen {
    List<String> disabled;
    List<String> disabledAgain;
    Optional<Webhook> webhook;
    Optional<Webhook> webhookAgain;
    Long pending;
    Optional<Delivery> delivery;
    Optional<Delivery> waiting;
    List<DeliveryJob> claimed;
    List<DeliveryJob> claimedAgain;

    Stores disabled(List<String> v) {
      disabled = v;
      return stores;
    }

    Stores disabledAgain(List<String> v) {
      disabledAgain = v;
      return stores;
    }

    Stores webhook(Optional<Webhook> v) {
      webhook = v;
      return stores;
    }

    Stores webhookAgain(Optional<Webhook> v) {
      webhookAgain = v;
      return stores;
    }

    Stores pending(Long v) {
      pending = v;
      return stores;
    }

    Stores delivery(Optional<Delivery> v) {
      delivery = v;
      return stores;
    }

    Stores waiting(Optional<Delivery> v) {
      waiting = v;
      return stores;
    }

    Stores claimed(List<DeliveryJob> v) {
      claimed = v;
      return stores;
    }

    Stores claimedAgain(List<DeliveryJob> v) {
      claimedAgain = v;
      return stores;
    }
  }

  @Test
  @DisplayName("A success finishes the delivery and resets the webhook's failure streak")
  void completeSucceeded(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant).withConsecutiveFailures(4);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Seen seen = new Seen();
    Future<Seen> steps =
        claimThenComplete(w, e, d, Outcome.succeeded(d.cuid(), w.cuid(), 1))
            .compose(disabled -> seen.disabled(disabled).webhooks().find(w.cuid()))
            .compose(found -> seen.webhook(found).queue().pendingCount())
            .compose(n -> seen.pending(n).queue().get(d.cuid()))
            .compose(got -> seen.delivery(got).queue().claim("node-a", 10, LEASE))
            .map(jobs -> seen.claimed(jobs))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.disabled).isEmpty();
          assertThat(r.webhook.orElseThrow().consecutiveFailures()).isZero();
          assertThat(r.webhook.orElseThrow().enabled()).isTrue();
          assertThat(r.pending).isZero();
          assertFinished(r.delivery, Delivery.Status.SUCCEEDED);
          r.delivery.ifPresent(done -> assertThat(done.attempts()).isEqualTo(1));
          assertThat(r.claimed).isEmpty();
        });
  }

  @Test
  @DisplayName(
      "A retry keeps the delivery pending with its attempt count and hands it out again when it is due")
  void completeRetry(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant).withConsecutiveFailures(2);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Instant next = now().plusMillis(1500);
    Seen seen = new Seen();
    Future<Seen> steps =
        claimThenComplete(w, e, d, Outcome.retry(d.cuid(), w.cuid(), 1, next))
            .compose(disabled -> seen.disabled(disabled).queue().get(d.cuid()))
            .compose(got -> seen.delivery(got).queue().claim("node-a", 10, LEASE))
            .map(jobs -> seen.claimed(jobs))
            .compose(x -> eventually(() -> claim("node-b", 10), jobs -> !jobs.isEmpty()))
            .compose(jobs -> seen.claimedAgain(jobs).webhooks().find(w.cuid()))
            .map(found -> seen.webhook(found))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.disabled).isEmpty();
          Delivery pending = r.delivery.orElseThrow();
          assertThat(pending.status()).isEqualTo(Delivery.Status.PENDING);
          assertThat(pending.attempts()).isEqualTo(1);
          assertThat(pending.nextAttemptAt()).isEqualTo(next);
          assertThat(r.claimed).as("not due yet").isEmpty();
          DeliveryJob again = r.claimedAgain.get(0);
          assertThat(again.attempt()).isEqualTo(2);
          assertThat(again.maxAttempts()).isEqualTo(1 + MAX_RETRIES);
          assertThat(r.webhook.orElseThrow().consecutiveFailures())
              .as("a retry does not count")
              .isEqualTo(2);
        });
  }

  @Test
  @DisplayName("A deferred delivery goes back to the queue without counting an attempt")
  void completeDeferred(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Seen seen = new Seen();
    Future<Seen> steps =
        claimThenComplete(w, e, d, Outcome.deferred(d.cuid(), w.cuid(), 0, now().minusMillis(1)))
            .compose(x -> claim("node-b", 10))
            .compose(jobs -> seen.claimed(jobs).queue().get(d.cuid()))
            .map(got -> seen.delivery(got))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.claimed).extracting(DeliveryJob::attempt).containsExactly(1);
          assertThat(r.delivery.orElseThrow().attempts()).isZero();
        });
  }

  @Test
  @DisplayName(
      "A delivery out of attempts fails, stays for a manual retry, and extends the webhook's streak")
  void completeFailed(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant).withConsecutiveFailures(1);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Seen seen = new Seen();
    Future<Seen> steps =
        claimThenComplete(w, e, d, Outcome.failed(d.cuid(), w.cuid(), 6))
            .compose(disabled -> seen.disabled(disabled).queue().get(d.cuid()))
            .compose(got -> seen.delivery(got).webhooks().find(w.cuid()))
            .compose(found -> seen.webhook(found).queue().pendingCount())
            .map(n -> seen.pending(n))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.disabled).isEmpty();
          Delivery failed = r.delivery.orElseThrow();
          assertThat(failed.status()).isEqualTo(Delivery.Status.FAILED);
          assertThat(failed.attempts()).isEqualTo(6);
          assertThat(r.webhook.orElseThrow().consecutiveFailures()).isEqualTo(2);
          assertThat(r.webhook.orElseThrow().enabled()).isTrue();
          assertThat(r.pending).isZero();
        });
  }

  @Test
  @DisplayName(
      "Reaching the failure threshold disables the webhook, says why, and cancels its waiting deliveries")
  void autoDisable(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Webhook bystander = webhook(tenant);
    List<Event> events =
        IntStream.range(0, 4)
            .mapToObj(i -> event(tenant, null, now().minusSeconds(10 - i)))
            .toList();
    List<String> order = new ArrayList<>();
    Event other = event(tenant, null, now());
    Seen seen = new Seen();
    Future<Seen> steps =
        createAll(List.of(w, bystander))
            .compose(x -> acceptEach(events, w, order, events))
            .compose(x -> stores.events().accept(other, deliveries(other, bystander), LONG_AGO))
            .compose(x -> claim("node-a", 3))
            .compose(
                jobs ->
                    stores
                        .queue()
                        .complete(
                            "node-a",
                            jobs.stream()
                                .map(j -> Outcome.failed(j.deliveryCuid(), j.webhookCuid(), 6))
                                .toList(),
                            3))
            .compose(disabled -> seen.disabled(disabled).webhooks().find(w.cuid()))
            .compose(found -> seen.webhook(found).queue().get(order.get(3)))
            .compose(got -> seen.waiting(got).queue().claim("node-b", 10, LEASE))
            .map(jobs -> seen.claimed(jobs))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.disabled).containsExactly(w.cuid());
          Webhook disabled = r.webhook.orElseThrow();
          assertThat(disabled.enabled()).isFalse();
          assertThat(disabled.consecutiveFailures()).isEqualTo(3);
          assertThat(disabled.disabledReason())
              .isEqualTo("disabled after 3 consecutive failed deliveries");
          assertThat(disabled.updatedAt()).isAfterOrEqualTo(w.updatedAt());
          assertFinished(r.waiting, Delivery.Status.CANCELLED);
          assertThat(r.claimed)
              .extracting(DeliveryJob::webhookCuid)
              .containsExactly(bystander.cuid());
        });
  }

  @Test
  @DisplayName(
      "Outcomes count in batch order: a success after failures clears them, failures after it count")
  void streakFollowsBatchOrder(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant).withConsecutiveFailures(5);
    List<Event> events =
        IntStream.range(0, 4)
            .mapToObj(i -> event(tenant, null, now().minusSeconds(10 - i)))
            .toList();
    List<String> d = new ArrayList<>();
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> acceptEach(events, w, d, events))
            .compose(x -> claim("node-a", 10))
            .compose(
                x ->
                    stores
                        .queue()
                        .complete(
                            "node-a",
                            List.of(
                                Outcome.failed(d.get(0), w.cuid(), 6),
                                Outcome.succeeded(d.get(1), w.cuid(), 1)),
                            7))
            .compose(x -> stores.webhooks().find(w.cuid()))
            .compose(
                found ->
                    seen.webhook(found)
                        .queue()
                        .complete(
                            "node-a",
                            List.of(
                                Outcome.succeeded(d.get(2), w.cuid(), 1),
                                Outcome.failed(d.get(3), w.cuid(), 6)),
                            7))
            .compose(x -> stores.webhooks().find(w.cuid()))
            .map(found -> seen.webhookAgain(found))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.webhook.orElseThrow().consecutiveFailures())
              .as("after a failure, then a success")
              .isZero();
          assertThat(r.webhookAgain.orElseThrow().consecutiveFailures())
              .as("after a success, then a failure")
              .isEqualTo(1);
          assertThat(r.webhookAgain.orElseThrow().enabled()).isTrue();
        });
  }

  @Test
  @DisplayName(
      "410 Gone disables the webhook with its reason once, and cancels its waiting deliveries")
  void completeGone(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    List<Event> events =
        IntStream.range(0, 3)
            .mapToObj(i -> event(tenant, null, now().minusSeconds(10 - i)))
            .toList();
    List<String> d = new ArrayList<>();
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> acceptEach(events, w, d, events))
            .compose(x -> claim("node-a", 2))
            .compose(
                x ->
                    stores
                        .queue()
                        .complete(
                            "node-a",
                            List.of(
                                Outcome.gone(d.get(0), w.cuid(), 1, "receiver answered 410 Gone"),
                                Outcome.gone(d.get(1), w.cuid(), 1, "second 410")),
                            100))
            .compose(disabled -> seen.disabled(disabled).webhooks().find(w.cuid()))
            .compose(found -> seen.webhook(found).queue().get(d.get(0)))
            .compose(got -> seen.delivery(got).queue().get(d.get(2)))
            .compose(got -> seen.waiting(got).queue().pendingCount())
            .map(n -> seen.pending(n))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.disabled).containsExactly(w.cuid());
          Webhook gone = r.webhook.orElseThrow();
          assertThat(gone.enabled()).isFalse();
          assertThat(gone.disabledReason()).isEqualTo("receiver answered 410 Gone");
          assertThat(gone.consecutiveFailures())
              .as("a 410 does not count towards the streak")
              .isZero();
          Delivery failed = r.delivery.orElseThrow();
          assertThat(failed.status()).isEqualTo(Delivery.Status.FAILED);
          assertThat(failed.attempts()).isEqualTo(1);
          assertFinished(r.waiting, Delivery.Status.CANCELLED);
          assertThat(r.pending).isZero();
        });
  }

  @Test
  @DisplayName("Outcomes for deliveries nobody holds (never claimed, or released) change nothing")
  void completeIgnoresUnclaimed(VertxTestContext ctx) {
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
            .compose(
                x ->
                    stores
                        .queue()
                        .complete(
                            "node-a",
                            List.of(Outcome.gone(d.cuid(), w.cuid(), 1, "never claimed")),
                            1))
            .compose(disabled -> seen.disabled(disabled).queue().claim("node-a", 10, LEASE))
            .compose(x -> stores.queue().release("node-a"))
            .compose(
                x ->
                    stores
                        .queue()
                        .complete("node-a", List.of(Outcome.failed(d.cuid(), w.cuid(), 6)), 1))
            .compose(disabled -> seen.disabledAgain(disabled).webhooks().find(w.cuid()))
            .compose(found -> seen.webhook(found).queue().get(d.cuid()))
            .compose(got -> seen.delivery(got).queue().claim("node-b", 10, LEASE))
            .map(jobs -> seen.claimed(jobs))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.disabled).as("never claimed").isEmpty();
          assertThat(r.disabledAgain).as("released").isEmpty();
          assertThat(r.webhook).contains(w);
          assertThat(r.delivery).contains(d);
          assertThat(r.claimed).extracting(DeliveryJob::attempt).containsExactly(1);
        });
  }
}
