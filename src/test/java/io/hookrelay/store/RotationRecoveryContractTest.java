package io.hookrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Delivery;
import io.hookrelay.webhook.Event;
import io.hookrelay.webhook.Webhook;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every store must do for secret rotation (the previous secret and its expiry are kept, and a
 * claim hands them to the sender while they are valid) and for recovery ({@link
 * DeliveryQueue#recover}: the failed deliveries of one webhook in a window, pending again). Every
 * test starts from an empty store; one subclass per store.
 */
@ExtendWith(VertxExtension.class)
public abstract class RotationRecoveryContractTest {

  private static final Duration LEASE = Duration.ofMinutes(1);
  private static final String NODE = "node-a";

  private Stores stores;

  /** An empty store for the next test. */
  protected abstract Future<Stores> freshStores(Vertx vertx);

  @BeforeEach
  void startEmpty(Vertx vertx, VertxTestContext ctx) {
    freshStores(vertx)
        .onComplete(
            ctx.succeeding(
                s -> {
                  stores = s;
                  ctx.completeNow();
                }));
  }

  @Test
  @DisplayName(
      "A rotated webhook keeps its previous secret and expiry through get, find and all, and a"
          + " claim hands both to the sender")
  void previousSecretKept(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Instant now = StoreContract.now();
    Instant until = now.plus(Duration.ofHours(1));
    Webhook w = withSecret(StoreContract.webhook(tenant), "old-secret");
    Event e = StoreContract.event(tenant, null, now);
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(
                x -> stores.webhooks().update(tenant, w.cuid(), c -> c.rotated("new", until, now)))
            .compose(
                rotated ->
                    Future.all(
                            stores.webhooks().get(tenant, w.cuid()),
                            stores.webhooks().find(w.cuid()),
                            stores.webhooks().all())
                        .map(
                            all ->
                                List.<Object>of(
                                    rotated, all.resultAt(0), all.resultAt(1), all.resultAt(2))))
            .compose(
                r ->
                    stores
                        .events()
                        .accept(e, StoreContract.deliveries(e, w), Instant.EPOCH)
                        .compose(x -> stores.queue().claim(NODE, 10, LEASE))
                        .map(jobs -> plus(r, jobs)));
    StoreContract.expect(
        ctx,
        steps,
        r -> {
          for (int i = 0; i < 3; i++) {
            @SuppressWarnings("unchecked")
            Webhook read = ((Optional<Webhook>) r.get(i)).orElseThrow();
            assertThat(read.secret()).isEqualTo("new");
            assertThat(read.previousSecret()).isEqualTo("old-secret");
            assertThat(read.previousSecretExpiresAt()).isEqualTo(until);
          }
          @SuppressWarnings("unchecked")
          List<Webhook> all = (List<Webhook>) r.get(3);
          assertThat(all).singleElement().isEqualTo(((Optional<?>) r.get(0)).orElseThrow());
          @SuppressWarnings("unchecked")
          DeliveryJob job = ((List<DeliveryJob>) r.get(4)).get(0);
          assertThat(job.secret()).isEqualTo("new");
          assertThat(job.previousSecret()).isEqualTo("old-secret");
          assertThat(job.previousSecretExpiresAt()).isEqualTo(until);
        });
  }

  @Test
  @DisplayName("A previous secret past its expiry is not handed to the sender")
  void expiredPreviousSecret(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Instant now = StoreContract.now();
    Webhook w =
        withPrevious(withSecret(StoreContract.webhook(tenant), "new"), "old", now.minusSeconds(1));
    Event e = StoreContract.event(tenant, null, now);
    Future<List<DeliveryJob>> claimed =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, StoreContract.deliveries(e, w), Instant.EPOCH))
            .compose(x -> stores.queue().claim(NODE, 10, LEASE));
    StoreContract.expect(
        ctx,
        claimed,
        jobs -> {
          assertThat(jobs).singleElement().extracting(DeliveryJob::secret).isEqualTo("new");
          assertThat(jobs.get(0).previousSecret()).isNull();
          assertThat(jobs.get(0).previousSecretExpiresAt()).isNull();
        });
  }

  @Test
  @DisplayName(
      "recover queues again only the failed deliveries of that webhook and tenant created in"
          + " [since, until), due now, with more attempts, the attempt count going on")
  void recoverWindow(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Instant t0 = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
    Webhook w = StoreContract.webhookAt(tenant, t0);
    Webhook neighbour = StoreContract.webhookAt(tenant, t0);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      events.add(StoreContract.event(tenant, null, t0.plusSeconds(10L * i)));
    }
    List<Delivery> mine = new ArrayList<>();
    Future<Void> chain =
        stores.webhooks().create(w).compose(x -> stores.webhooks().create(neighbour)).mapEmpty();
    for (Event e : events) {
      List<Delivery> batch = StoreContract.deliveries(e, w, neighbour);
      mine.add(batch.get(0));
      chain = chain.compose(x -> stores.events().accept(e, batch, Instant.EPOCH)).mapEmpty();
    }
    Future<List<Object>> steps =
        chain
            .compose(x -> stores.queue().claim(NODE, 100, LEASE))
            .compose(
                jobs ->
                    stores
                        .queue()
                        .complete(
                            NODE,
                            jobs.stream()
                                .map(
                                    j ->
                                        j.deliveryCuid().equals(mine.get(3).cuid())
                                            ? Outcome.succeeded(
                                                j.deliveryCuid(), j.webhookCuid(), 2)
                                            : Outcome.failed(j.deliveryCuid(), j.webhookCuid(), 2))
                                .toList(),
                            1000))
            .compose(
                x ->
                    stores
                        .queue()
                        .recover(tenant, w.cuid(), t0.plusSeconds(5), t0.plusSeconds(20), 6)
                        .map(n -> List.<Object>of(n)))
            .compose(
                r ->
                    stores
                        .queue()
                        .recover(Cuid.next(), w.cuid(), t0.minusSeconds(60), null, 6)
                        .map(n -> plus(r, n)))
            .compose(
                r -> stores.queue().recover(tenant, w.cuid(), t0, null, 6).map(n -> plus(r, n)))
            .compose(r -> stores.queue().claim(NODE, 100, LEASE).map(jobs -> plus(r, jobs)));
    StoreContract.expect(
        ctx,
        steps,
        r -> {
          assertThat(r.subList(0, 3))
              .as("[t0+5s, t0+20s), another tenant, then [t0, ∞) of what is still failed")
              .containsExactly(1, 0, 2);
          @SuppressWarnings("unchecked")
          List<DeliveryJob> jobs = new ArrayList<>((List<DeliveryJob>) r.get(3));
          jobs.sort(Comparator.comparing(DeliveryJob::deliveryCuid));
          assertThat(jobs)
              .extracting(DeliveryJob::deliveryCuid)
              .containsExactlyInAnyOrder(
                  mine.get(0).cuid(), mine.get(1).cuid(), mine.get(2).cuid());
          assertThat(jobs).allSatisfy(j -> assertThat(j.webhookCuid()).isEqualTo(w.cuid()));
          assertThat(jobs).extracting(DeliveryJob::attempt).containsOnly(3);
          assertThat(jobs).extracting(DeliveryJob::maxAttempts).containsOnly(8);
        });
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static Webhook withSecret(Webhook w, String secret) {
    return withPrevious(
        new Webhook(
            w.cuid(),
            w.tenantCuid(),
            w.clientCuids(),
            w.name(),
            w.url(),
            w.sslVerification(),
            w.events(),
            w.enabled(),
            secret,
            w.disabledReason(),
            w.consecutiveFailures(),
            w.createdAt(),
            w.updatedAt()),
        null,
        null);
  }

  private static Webhook withPrevious(Webhook w, String previous, Instant until) {
    return new Webhook(
        w.cuid(),
        w.tenantCuid(),
        w.clientCuids(),
        w.name(),
        w.url(),
        w.sslVerification(),
        w.events(),
        w.enabled(),
        w.secret(),
        w.disabledReason(),
        w.consecutiveFailures(),
        w.createdAt(),
        w.updatedAt(),
        previous,
        until,
        w.controls());
  }

  private static <T> List<T> plus(List<T> list, T item) {
    List<T> out = new ArrayList<>(list);
    out.add(item);
    return out;
  }
}
