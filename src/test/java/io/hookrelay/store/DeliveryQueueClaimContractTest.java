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
import java.util.Optional;
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

  /**
   * What the steps of one test saw, by name: each step's setter records its value and hands back
   * the stores for the next step, and a chain ends with {@code .map(seen)}. Counts are boxed, so
   * one that no step recorded fails its assertion instead of reading as zero.
   */
  private final class Seen {
    List<DeliveryJob> claimedByA;
    List<DeliveryJob> claimedByB;
    List<DeliveryJob> claimedByBLater;
    List<DeliveryJob> claimedByC;
    Long pending;
    Long pendingAgain;
    Integer released;
    Integer releasedAgain;
    Integer releasedByNobody;
    Optional<Delivery> delivery;
    Optional<Delivery> toPaused;
    Optional<Delivery> toDeleted;

    Stores claimedByA(List<DeliveryJob> v) {
      claimedByA = v;
      return stores;
    }

    Stores claimedByB(List<DeliveryJob> v) {
      claimedByB = v;
      return stores;
    }

    Stores claimedByBLater(List<DeliveryJob> v) {
      claimedByBLater = v;
      return stores;
    }

    Stores claimedByC(List<DeliveryJob> v) {
      claimedByC = v;
      return stores;
    }

    Stores pending(Long v) {
      pending = v;
      return stores;
    }

    Stores pendingAgain(Long v) {
      pendingAgain = v;
      return stores;
    }

    Stores released(Integer v) {
      released = v;
      return stores;
    }

    Stores releasedAgain(Integer v) {
      releasedAgain = v;
      return stores;
    }

    Stores releasedByNobody(Integer v) {
      releasedByNobody = v;
      return stores;
    }

    Stores delivery(Optional<Delivery> v) {
      delivery = v;
      return stores;
    }

    Stores toPaused(Optional<Delivery> v) {
      toPaused = v;
      return stores;
    }

    Stores toDeleted(Optional<Delivery> v) {
      toDeleted = v;
      return stores;
    }
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
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> acceptEach(shuffled(events), w, oldestFirst, events))
            .compose(v -> claim("node-a", 3))
            .compose(jobs -> seen.claimedByA(jobs).queue().claim("node-b", 10, LEASE))
            .compose(jobs -> seen.claimedByB(jobs).queue().claim("node-c", 10, LEASE))
            .compose(jobs -> seen.claimedByC(jobs).queue().pendingCount())
            .map(n -> seen.pending(n))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.claimedByA)
              .extracting(DeliveryJob::deliveryCuid)
              .containsExactlyElementsOf(oldestFirst.subList(0, 3));
          assertThat(r.claimedByB)
              .extracting(DeliveryJob::deliveryCuid)
              .containsExactlyElementsOf(oldestFirst.subList(3, 5));
          assertThat(r.claimedByC).isEmpty();
          assertThat(r.pending).as("claimed deliveries are still pending").isEqualTo(5);
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
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(later), LONG_AGO))
            .compose(x -> claim("node-a", 10))
            .compose(jobs -> seen.claimedByA(jobs).queue().pendingCount())
            .map(n -> seen.pending(n))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.claimedByA).isEmpty();
          assertThat(r.pending).isEqualTo(1);
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
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
            .compose(x -> stores.queue().claim("node-a", 10, Duration.ofMillis(1500)))
            .compose(jobs -> seen.claimedByA(jobs).queue().claim("node-b", 10, LEASE))
            .map(jobs -> seen.claimedByB(jobs))
            .compose(x -> eventually(() -> claim("node-b", 10), jobs -> !jobs.isEmpty()))
            .compose(
                jobs ->
                    seen.claimedByBLater(jobs)
                        .queue()
                        .complete(
                            "node-a", List.of(Outcome.retry(d.cuid(), w.cuid(), 1, now())), 100))
            .compose(x -> stores.queue().pendingCount())
            .compose(
                n ->
                    seen.pending(n)
                        .queue()
                        .complete("node-b", List.of(Outcome.succeeded(d.cuid(), w.cuid(), 1)), 100))
            .compose(x -> stores.queue().pendingCount())
            .compose(n -> seen.pendingAgain(n).queue().get(d.cuid()))
            .map(got -> seen.delivery(got))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.claimedByA).extracting(DeliveryJob::deliveryCuid).containsExactly(d.cuid());
          assertThat(r.claimedByB).as("node-b while node-a's lease runs").isEmpty();
          assertThat(r.claimedByBLater)
              .extracting(DeliveryJob::deliveryCuid)
              .containsExactly(d.cuid());
          assertThat(r.claimedByBLater.get(0).attempt()).isEqualTo(1);
          assertThat(r.pending).as("node-a's late outcome left node-b's claim alone").isEqualTo(1);
          assertThat(r.pendingAgain).as("node-b's outcome finished it").isZero();
          assertFinished(r.delivery, Delivery.Status.SUCCEEDED);
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
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> acceptEach(events, w, new ArrayList<>(), events))
            .compose(v -> claim("node-a", 2))
            .compose(jobs -> seen.claimedByA(jobs).queue().claim("node-b", 2, LEASE))
            .compose(jobs -> seen.claimedByB(jobs).queue().release("node-a"))
            .compose(n -> seen.released(n).queue().claim("node-c", 10, LEASE))
            .compose(jobs -> seen.claimedByC(jobs).queue().release("node-a"))
            .compose(n -> seen.releasedAgain(n).queue().release("node-nobody"))
            .map(n -> seen.releasedByNobody(n))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.claimedByA).hasSize(2);
          assertThat(r.claimedByB).hasSize(1);
          assertThat(r.released).isEqualTo(2);
          assertThat(r.claimedByC)
              .extracting(DeliveryJob::deliveryCuid)
              .containsExactlyElementsOf(
                  r.claimedByA.stream().map(DeliveryJob::deliveryCuid).toList());
          assertThat(r.releasedAgain).isZero();
          assertThat(r.releasedByNobody).isZero();
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
    Seen seen = new Seen();
    Future<Seen> steps =
        createAll(List.of(live, paused, deleted))
            .compose(v -> stores.events().accept(e, ds, LONG_AGO))
            .compose(x -> claim("node-a", 10))
            .compose(x -> stores.webhooks().delete(tenant, deleted.cuid()))
            .compose(x -> stores.webhooks().update(tenant, pausedNow.cuid(), x1 -> pausedNow))
            .compose(x -> stores.queue().release("node-a"))
            .compose(x -> claim("node-b", 10))
            .compose(jobs -> seen.claimedByB(jobs).queue().pendingCount())
            .compose(n -> seen.pending(n).queue().get(ds.get(1).cuid()))
            .compose(d -> seen.toPaused(d).queue().get(ds.get(2).cuid()))
            .map(d -> seen.toDeleted(d))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.claimedByB)
              .extracting(DeliveryJob::webhookCuid)
              .containsExactly(live.cuid());
          assertThat(r.pending).isEqualTo(1);
          assertFinished(r.toPaused, Delivery.Status.CANCELLED);
          assertFinished(r.toDeleted, Delivery.Status.CANCELLED);
        });
  }
}
