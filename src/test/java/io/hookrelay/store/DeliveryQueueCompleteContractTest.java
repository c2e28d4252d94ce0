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

  @Test
  @DisplayName("A success finishes the delivery and resets the webhook's failure streak")
  void completeSucceeded(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant).withConsecutiveFailures(4);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
            .compose(x -> claim("node-a", 10))
            .compose(
                x ->
                    stores
                        .queue()
                        .complete("node-a", List.of(Outcome.succeeded(d.cuid(), w.cuid(), 1)), 100))
            .map(disabled -> List.<Object>of(disabled))
            .compose(r -> stores.webhooks().find(w.cuid()).map(x -> plus(r, x)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)))
            .compose(r -> stores.queue().get(d.cuid()).map(x -> plus(r, x)))
            .compose(r -> claim("node-a", 10).map(jobs -> plus(r, jobs)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(List.of());
          assertThat(found(r.get(1)).consecutiveFailures()).isZero();
          assertThat(found(r.get(1)).enabled()).isTrue();
          assertThat(r.get(2)).isEqualTo(0L);
          Optional<Delivery> done = delivery(r.get(3));
          assertFinished(done, Delivery.Status.SUCCEEDED);
          done.ifPresent(x -> assertThat(x.attempts()).isEqualTo(1));
          assertThat(jobs(r.get(4))).isEmpty();
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
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
            .compose(x -> claim("node-a", 10))
            .compose(
                x ->
                    stores
                        .queue()
                        .complete(
                            "node-a", List.of(Outcome.retry(d.cuid(), w.cuid(), 1, next)), 100))
            .map(disabled -> List.<Object>of(disabled))
            .compose(r -> stores.queue().get(d.cuid()).map(x -> plus(r, x)))
            .compose(r -> claim("node-a", 10).map(jobs -> plus(r, jobs)))
            .compose(
                r ->
                    eventually(() -> claim("node-b", 10), jobs -> !jobs.isEmpty())
                        .map(jobs -> plus(r, jobs)))
            .compose(r -> stores.webhooks().find(w.cuid()).map(x -> plus(r, x)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(List.of());
          Delivery pending = delivery(r.get(1)).orElseThrow();
          assertThat(pending.status()).isEqualTo(Delivery.Status.PENDING);
          assertThat(pending.attempts()).isEqualTo(1);
          assertThat(pending.nextAttemptAt()).isEqualTo(next);
          assertThat(jobs(r.get(2))).as("not due yet").isEmpty();
          DeliveryJob again = jobs(r.get(3)).get(0);
          assertThat(again.attempt()).isEqualTo(2);
          assertThat(again.maxAttempts()).isEqualTo(1 + MAX_RETRIES);
          assertThat(found(r.get(4)).consecutiveFailures())
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
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
            .compose(x -> claim("node-a", 10))
            .compose(
                x ->
                    stores
                        .queue()
                        .complete(
                            "node-a",
                            List.of(Outcome.deferred(d.cuid(), w.cuid(), 0, now().minusMillis(1))),
                            100))
            .compose(x -> claim("node-b", 10).map(jobs -> List.<Object>of(jobs)))
            .compose(r -> stores.queue().get(d.cuid()).map(x -> plus(r, x)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(jobs(r.get(0))).extracting(DeliveryJob::attempt).containsExactly(1);
          assertThat(delivery(r.get(1)).orElseThrow().attempts()).isZero();
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
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
            .compose(x -> claim("node-a", 10))
            .compose(
                x ->
                    stores
                        .queue()
                        .complete("node-a", List.of(Outcome.failed(d.cuid(), w.cuid(), 6)), 100))
            .map(disabled -> List.<Object>of(disabled))
            .compose(r -> stores.queue().get(d.cuid()).map(x -> plus(r, x)))
            .compose(r -> stores.webhooks().find(w.cuid()).map(x -> plus(r, x)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(List.of());
          Delivery failed = delivery(r.get(1)).orElseThrow();
          assertThat(failed.status()).isEqualTo(Delivery.Status.FAILED);
          assertThat(failed.attempts()).isEqualTo(6);
          assertThat(found(r.get(2)).consecutiveFailures()).isEqualTo(2);
          assertThat(found(r.get(2)).enabled()).isTrue();
          assertThat(r.get(3)).isEqualTo(0L);
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
    Future<List<Object>> steps =
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
            .map(disabled -> List.<Object>of(disabled))
            .compose(r -> stores.webhooks().find(w.cuid()).map(x -> plus(r, x)))
            .compose(r -> stores.queue().get(order.get(3)).map(x -> plus(r, x)))
            .compose(r -> claim("node-b", 10).map(jobs -> plus(r, jobs)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(List.of(w.cuid()));
          Webhook disabled = found(r.get(1));
          assertThat(disabled.enabled()).isFalse();
          assertThat(disabled.consecutiveFailures()).isEqualTo(3);
          assertThat(disabled.disabledReason())
              .isEqualTo("disabled after 3 consecutive failed deliveries");
          assertThat(disabled.updatedAt()).isAfterOrEqualTo(w.updatedAt());
          assertFinished(delivery(r.get(2)), Delivery.Status.CANCELLED);
          assertThat(jobs(r.get(3)))
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
    Future<List<Object>> steps =
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
            .compose(x -> stores.webhooks().find(w.cuid()).map(x1 -> List.<Object>of(x1)))
            .compose(
                r ->
                    stores
                        .queue()
                        .complete(
                            "node-a",
                            List.of(
                                Outcome.succeeded(d.get(2), w.cuid(), 1),
                                Outcome.failed(d.get(3), w.cuid(), 6)),
                            7)
                        .map(x -> r))
            .compose(r -> stores.webhooks().find(w.cuid()).map(x -> plus(r, x)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(found(r.get(0)).consecutiveFailures()).isZero();
          assertThat(found(r.get(1)).consecutiveFailures()).isEqualTo(1);
          assertThat(found(r.get(1)).enabled()).isTrue();
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
    Future<List<Object>> steps =
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
            .map(disabled -> List.<Object>of(disabled))
            .compose(r -> stores.webhooks().find(w.cuid()).map(x -> plus(r, x)))
            .compose(r -> stores.queue().get(d.get(0)).map(x -> plus(r, x)))
            .compose(r -> stores.queue().get(d.get(2)).map(x -> plus(r, x)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(List.of(w.cuid()));
          Webhook gone = found(r.get(1));
          assertThat(gone.enabled()).isFalse();
          assertThat(gone.disabledReason()).isEqualTo("receiver answered 410 Gone");
          assertThat(gone.consecutiveFailures())
              .as("a 410 does not count towards the streak")
              .isZero();
          Delivery failed = delivery(r.get(2)).orElseThrow();
          assertThat(failed.status()).isEqualTo(Delivery.Status.FAILED);
          assertThat(failed.attempts()).isEqualTo(1);
          assertFinished(delivery(r.get(3)), Delivery.Status.CANCELLED);
          assertThat(r.get(4)).isEqualTo(0L);
        });
  }

  @Test
  @DisplayName("Outcomes for deliveries nobody holds (never claimed, or released) change nothing")
  void completeIgnoresUnclaimed(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Future<List<Object>> steps =
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
            .map(disabled -> List.<Object>of(disabled))
            .compose(r -> claim("node-a", 10).map(x -> r))
            .compose(r -> stores.queue().release("node-a").map(x -> r))
            .compose(
                r ->
                    stores
                        .queue()
                        .complete("node-a", List.of(Outcome.failed(d.cuid(), w.cuid(), 6)), 1)
                        .map(disabled -> plus(r, disabled)))
            .compose(r -> stores.webhooks().find(w.cuid()).map(x -> plus(r, x)))
            .compose(r -> stores.queue().get(d.cuid()).map(x -> plus(r, x)))
            .compose(r -> claim("node-b", 10).map(jobs -> plus(r, jobs)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(List.of());
          assertThat(r.get(1)).isEqualTo(List.of());
          assertThat(found(r.get(2))).isEqualTo(w);
          assertThat(delivery(r.get(3))).contains(d);
          assertThat(jobs(r.get(4))).extracting(DeliveryJob::attempt).containsExactly(1);
        });
  }
}
