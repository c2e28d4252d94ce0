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

  @Test
  @DisplayName("A failed delivery can be sent again: pending now, with one more attempt allowed")
  void retryNowFailed(VertxTestContext ctx) {
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
                        .complete("node-a", List.of(Outcome.failed(d.cuid(), w.cuid(), 6)), 100))
            .compose(x -> stores.queue().retryNow(tenant, d.cuid()).map(x1 -> List.<Object>of(x1)))
            .compose(r -> claim("node-a", 10).map(jobs -> plus(r, jobs)));
    expect(
        ctx,
        steps,
        r -> {
          Delivery again = ((ManualRetry.Queued) r.get(0)).delivery();
          assertThat(again.status()).isEqualTo(Delivery.Status.PENDING);
          assertThat(again.attempts()).isEqualTo(6);
          assertThat(again.maxAttempts()).isEqualTo(7);
          assertThat(again.nextAttemptAt()).isBeforeOrEqualTo(Instant.now());
          DeliveryJob job = jobs(r.get(1)).get(0);
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
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
            .compose(x -> stores.queue().retryNow(tenant, d.cuid()).map(x1 -> List.<Object>of(x1)))
            .compose(r -> stores.queue().retryNow(Cuid.next(), d.cuid()).map(x -> plus(r, x)))
            .compose(r -> stores.queue().retryNow(tenant, Cuid.next()).map(x -> plus(r, x)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(new ManualRetry.NotFailed(Delivery.Status.PENDING));
          assertThat(r.get(1)).isEqualTo(ManualRetry.NOT_FOUND);
          assertThat(r.get(2)).isEqualTo(ManualRetry.NOT_FOUND);
          assertThat(r.get(3)).isEqualTo(1L);
        });
  }

  @Test
  @DisplayName("A succeeded delivery is never sent again on request: retryNow says it did not fail")
  void retryNowSucceeded(VertxTestContext ctx) {
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
                        .complete("node-a", List.of(Outcome.succeeded(d.cuid(), w.cuid(), 2)), 100))
            .compose(x -> stores.queue().retryNow(tenant, d.cuid()).map(x1 -> List.<Object>of(x1)))
            .compose(r -> claim("node-a", 10).map(jobs -> plus(r, jobs)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(new ManualRetry.NotFailed(Delivery.Status.SUCCEEDED));
          assertThat(jobs(r.get(1))).isEmpty();
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
    Future<List<Object>> steps =
        createAll(List.of(a, b))
            .compose(x -> stores.events().accept(e1, deliveries(e1, a, b), LONG_AGO))
            .compose(x -> stores.events().accept(e2, deliveries(e2, a), LONG_AGO))
            .compose(x -> stores.queue().cancelForWebhook(a.cuid()).map(n -> List.<Object>of(n)))
            .compose(r -> stores.queue().cancelForWebhook(a.cuid()).map(n -> plus(r, n)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)))
            .compose(r -> claim("node-a", 10).map(jobs -> plus(r, jobs)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(2);
          assertThat(r.get(1)).isEqualTo(0);
          assertThat(r.get(2)).isEqualTo(1L);
          assertThat(jobs(r.get(3))).extracting(DeliveryJob::webhookCuid).containsExactly(b.cuid());
        });
  }

  @Test
  @DisplayName("get finds a stored delivery as it was accepted, and nothing for an unknown cuid")
  void getDelivery(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Future<List<Optional<Delivery>>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
            .compose(x -> both(stores.queue().get(d.cuid()), stores.queue().get(Cuid.next())));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).contains(d);
          assertThat(r.get(1)).isEmpty();
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
    Future<List<Object>> steps =
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
            .compose(x -> stores.queue().purgeFinishedBefore(now().minus(Duration.ofDays(1)), 2))
            .map(n -> List.<Object>of(n))
            .compose(
                r ->
                    stores
                        .queue()
                        .purgeFinishedBefore(now().minus(Duration.ofDays(1)), 2)
                        .map(n -> plus(r, n)))
            .compose(
                r ->
                    stores
                        .queue()
                        .purgeFinishedBefore(now().minus(Duration.ofDays(1)), 2)
                        .map(n -> plus(r, n)))
            .compose(r -> stores.queue().get(d.get(0)).map(x -> plus(r, x)))
            .compose(r -> stores.queue().get(d.get(3)).map(x -> plus(r, x)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)))
            .compose(r -> stores.events().accept(reuse, List.of(), LONG_AGO).map(x -> plus(r, x)))
            .compose(r -> stores.queue().retryNow(tenant, d.get(3)).map(x -> plus(r, x)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.subList(0, 3)).containsExactly(2, 1, 0);
          assertThat(delivery(r.get(3))).isEmpty();
          assertThat(delivery(r.get(4)).orElseThrow().status()).isEqualTo(Delivery.Status.FAILED);
          assertThat(r.get(5)).isEqualTo(1L);
          assertThat(r.get(6))
              .as("the purged event's key is free again")
              .isEqualTo(new Receipt(reuse.cuid(), 0, false));
          assertThat(r.get(7)).isInstanceOf(ManualRetry.Queued.class);
        });
  }
}
