package io.hookrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Delivery;
import io.hookrelay.webhook.Event;
import io.hookrelay.webhook.Webhook;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The delivery queue: claiming due deliveries under a lease, run against each store by a subclass.
 */
public abstract class DeliveryQueueClaimContractTest extends StoreContract {

  protected DeliveryQueueClaimContractTest(ContractStores source) {
    super(source);
  }

  @Test
  @DisplayName(
      "A claim takes the due deliveries oldest first, at most the batch size, and never hands one out twice")
  void claimOrderAndBatch(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    List<Event> events =
        IntStream.range(0, 5)
            .mapToObj(i -> event(tenant, null, now().minusSeconds(50 - i)))
            .toList();
    List<String> oldestFirst = new ArrayList<>();
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> acceptEach(shuffled(events), w, oldestFirst, events))
            .compose(v -> claim("node-a", 3).map(jobs -> List.<Object>of(jobs)))
            .compose(r -> claim("node-b", 10).map(jobs -> plus(r, jobs)))
            .compose(r -> claim("node-c", 10).map(jobs -> plus(r, jobs)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(jobs(r.get(0)))
              .extracting(DeliveryJob::deliveryCuid)
              .containsExactlyElementsOf(oldestFirst.subList(0, 3));
          assertThat(jobs(r.get(1)))
              .extracting(DeliveryJob::deliveryCuid)
              .containsExactlyElementsOf(oldestFirst.subList(3, 5));
          assertThat(jobs(r.get(2))).isEmpty();
          assertThat(r.get(3)).as("claimed deliveries are still pending").isEqualTo(5L);
        });
  }

  @Test
  @DisplayName("Claimers racing each other never get the same delivery, and together get them all")
  void racingClaimers(VertxTestContext ctx) {
    String tenant = Cuid.next();
    List<Webhook> hooks = IntStream.range(0, 8).mapToObj(i -> webhook(tenant)).toList();
    List<Event> events =
        IntStream.range(0, 5)
            .mapToObj(i -> event(tenant, null, now().minusSeconds(10 - i)))
            .toList();
    Future<List<DeliveryJob>> all =
        createAll(hooks)
            .compose(
                v ->
                    Future.all(
                        events.stream()
                            .map(
                                e ->
                                    stores
                                        .events()
                                        .accept(
                                            e,
                                            deliveries(e, hooks.toArray(Webhook[]::new)),
                                            LONG_AGO))
                            .toList()))
            .compose(
                v ->
                    Future.all(IntStream.range(0, 8).mapToObj(i -> claim("node-" + i, 5)).toList()))
            .map(racers -> racers.<List<DeliveryJob>>list().stream().flatMap(List::stream).toList())
            .compose(raced -> claim("node-last", 100).map(rest -> plus(raced, rest)));
    expect(
        ctx,
        all,
        jobs -> {
          assertThat(jobs).hasSize(40);
          assertThat(jobs).extracting(DeliveryJob::deliveryCuid).doesNotHaveDuplicates();
        });
  }

  @Test
  @DisplayName("Deliveries whose next attempt lies in the future are not claimed yet")
  void notDueNotClaimed(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Event e = event(tenant, null, now());
    Delivery later =
        new Delivery(
            Cuid.next(),
            tenant,
            e.cuid(),
            w.cuid(),
            EVENT,
            Delivery.Status.PENDING,
            0,
            6,
            now().plusSeconds(3600),
            now());
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(later), LONG_AGO))
            .compose(x -> claim("node-a", 10).map(jobs -> List.<Object>of(jobs)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(jobs(r.get(0))).isEmpty();
          assertThat(r.get(1)).isEqualTo(1L);
        });
  }

  @Test
  @DisplayName(
      "A claim whose lease runs out passes to another node, and the first node's late outcome is ignored")
  void leaseExpiryHandOver(VertxTestContext ctx) {
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
                        .claim("node-a", 10, Duration.ofMillis(1500))
                        .map(jobs -> List.<Object>of(jobs)))
            .compose(r -> claim("node-b", 10).map(jobs -> plus(r, jobs)))
            .compose(
                r ->
                    eventually(() -> claim("node-b", 10), jobs -> !jobs.isEmpty())
                        .map(jobs -> plus(r, jobs)))
            .compose(
                r ->
                    stores
                        .queue()
                        .complete(
                            "node-a", List.of(Outcome.retry(d.cuid(), w.cuid(), 1, now())), 100)
                        .map(disabled -> plus(r, disabled)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)))
            .compose(
                r ->
                    stores
                        .queue()
                        .complete("node-b", List.of(Outcome.succeeded(d.cuid(), w.cuid(), 1)), 100)
                        .map(disabled -> plus(r, disabled)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)))
            .compose(r -> stores.queue().get(d.cuid()).map(x -> plus(r, x)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(jobs(r.get(0)))
              .extracting(DeliveryJob::deliveryCuid)
              .containsExactly(d.cuid());
          assertThat(jobs(r.get(1))).as("node-b while node-a's lease runs").isEmpty();
          assertThat(jobs(r.get(2)))
              .extracting(DeliveryJob::deliveryCuid)
              .containsExactly(d.cuid());
          assertThat(jobs(r.get(2)).get(0).attempt()).isEqualTo(1);
          assertThat(r.get(4)).as("node-a's late outcome left node-b's claim alone").isEqualTo(1L);
          assertThat(r.get(6)).as("node-b's outcome finished it").isEqualTo(0L);
          assertFinished(delivery(r.get(7)), Delivery.Status.SUCCEEDED);
        });
  }

  @Test
  @DisplayName("Releasing a node hands back only that node's claims, at once")
  void release(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    List<Event> events =
        IntStream.range(0, 3)
            .mapToObj(i -> event(tenant, null, now().minusSeconds(10 - i)))
            .toList();
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> acceptEach(events, w, new ArrayList<>(), events))
            .compose(v -> claim("node-a", 2))
            .compose(a -> claim("node-b", 2).map(b -> List.<Object>of(a, b)))
            .compose(r -> stores.queue().release("node-a").map(n -> plus(r, n)))
            .compose(r -> claim("node-c", 10).map(jobs -> plus(r, jobs)))
            .compose(r -> stores.queue().release("node-a").map(n -> plus(r, n)))
            .compose(r -> stores.queue().release("node-nobody").map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(jobs(r.get(0))).hasSize(2);
          assertThat(jobs(r.get(1))).hasSize(1);
          assertThat(r.get(2)).isEqualTo(2);
          assertThat(jobs(r.get(3)))
              .extracting(DeliveryJob::deliveryCuid)
              .containsExactlyElementsOf(
                  jobs(r.get(0)).stream().map(DeliveryJob::deliveryCuid).toList());
          assertThat(r.get(4)).isEqualTo(0);
          assertThat(r.get(5)).isEqualTo(0);
        });
  }

  @Test
  @DisplayName(
      "A claim cancels, instead of returning, deliveries whose webhook was disabled or deleted")
  void claimCancelsDeadWebhooks(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook live = webhook(tenant);
    Webhook paused = webhook(tenant);
    Webhook deleted = webhook(tenant);
    Event e = event(tenant, null, now());
    List<Delivery> ds = deliveries(e, live, paused, deleted);
    Webhook pausedNow =
        new Webhook(
            paused.cuid(),
            tenant,
            List.of(),
            paused.name(),
            paused.url(),
            true,
            paused.events(),
            false,
            null,
            "paused",
            0,
            paused.createdAt(),
            now());
    Future<List<Object>> steps =
        createAll(List.of(live, paused, deleted))
            .compose(v -> stores.events().accept(e, ds, LONG_AGO))
            .compose(x -> claim("node-a", 10))
            .compose(x -> stores.webhooks().delete(tenant, deleted.cuid()))
            .compose(x -> stores.webhooks().update(tenant, pausedNow.cuid(), x1 -> pausedNow))
            .compose(x -> stores.queue().release("node-a"))
            .compose(x -> claim("node-b", 10).map(jobs -> List.<Object>of(jobs)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)))
            .compose(r -> stores.queue().get(ds.get(1).cuid()).map(d -> plus(r, d)))
            .compose(r -> stores.queue().get(ds.get(2).cuid()).map(d -> plus(r, d)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(jobs(r.get(0)))
              .extracting(DeliveryJob::webhookCuid)
              .containsExactly(live.cuid());
          assertThat(r.get(1)).isEqualTo(1L);
          assertFinished(delivery(r.get(2)), Delivery.Status.CANCELLED);
          assertFinished(delivery(r.get(3)), Delivery.Status.CANCELLED);
        });
  }
}
