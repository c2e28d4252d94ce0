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

  /**
   * What the steps of one test saw, by name: each step's setter records its value and hands back
   * the stores for the next step, and a chain ends with {@code .map(seen)}. Counts are boxed, so
   * one that no step recorded fails its assertion instead of reading as zero.
   */
  private final class Seen {
    Optional<Webhook> rotated;
    Optional<Webhook> read;
    Optional<Webhook> found;
    List<Webhook> all;
    Integer recoveredInWindow;
    Integer recoveredByOther;
    Integer recoveredSince;
    List<DeliveryJob> claimed;

    Stores rotated(Optional<Webhook> v) {
      rotated = v;
      return stores;
    }

    Stores read(Optional<Webhook> v) {
      read = v;
      return stores;
    }

    Stores found(Optional<Webhook> v) {
      found = v;
      return stores;
    }

    Stores all(List<Webhook> v) {
      all = v;
      return stores;
    }

    Stores recoveredInWindow(Integer v) {
      recoveredInWindow = v;
      return stores;
    }

    Stores recoveredByOther(Integer v) {
      recoveredByOther = v;
      return stores;
    }

    Stores recoveredSince(Integer v) {
      recoveredSince = v;
      return stores;
    }

    Stores claimed(List<DeliveryJob> v) {
      claimed = v;
      return stores;
    }
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
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .webhooks()
            .create(w)
            .compose(
                x -> stores.webhooks().update(tenant, w.cuid(), c -> c.rotated("new", until, now)))
            .compose(rotated -> seen.rotated(rotated).webhooks().get(tenant, w.cuid()))
            .compose(read -> seen.read(read).webhooks().find(w.cuid()))
            .compose(found -> seen.found(found).webhooks().all())
            .compose(
                all ->
                    seen.all(all).events().accept(e, StoreContract.deliveries(e, w), Instant.EPOCH))
            .compose(x -> stores.queue().claim(NODE, 10, LEASE))
            .map(jobs -> seen.claimed(jobs))
            .map(seen);
    StoreContract.expect(
        ctx,
        steps,
        r -> {
          for (Optional<Webhook> webhook : List.of(r.rotated, r.read, r.found)) {
            Webhook kept = webhook.orElseThrow();
            assertThat(kept.secret()).isEqualTo("new");
            assertThat(kept.previousSecret()).isEqualTo("old-secret");
            assertThat(kept.previousSecretExpiresAt()).isEqualTo(until);
          }
          assertThat(r.all).singleElement().isEqualTo(r.rotated.orElseThrow());
          assertThat(r.claimed).hasSize(1);
          DeliveryJob job = r.claimed.get(0);
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
    Seen seen = new Seen();
    Future<Seen> steps =
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
                        .recover(tenant, w.cuid(), t0.plusSeconds(5), t0.plusSeconds(20), 6))
            .compose(
                n ->
                    seen.recoveredInWindow(n)
                        .queue()
                        .recover(Cuid.next(), w.cuid(), t0.minusSeconds(60), null, 6))
            .compose(n -> seen.recoveredByOther(n).queue().recover(tenant, w.cuid(), t0, null, 6))
            .compose(n -> seen.recoveredSince(n).queue().claim(NODE, 100, LEASE))
            .map(jobs -> seen.claimed(jobs))
            .map(seen);
    StoreContract.expect(
        ctx,
        steps,
        r -> {
          assertThat(r.recoveredInWindow).as("[t0+5s, t0+20s)").isEqualTo(1);
          assertThat(r.recoveredByOther).as("another tenant").isZero();
          assertThat(r.recoveredSince).as("[t0, ∞) of what is still failed").isEqualTo(2);
          assertThat(r.claimed)
              .extracting(DeliveryJob::deliveryCuid)
              .containsExactlyInAnyOrder(
                  mine.get(0).cuid(), mine.get(1).cuid(), mine.get(2).cuid());
          assertThat(r.claimed).allSatisfy(j -> assertThat(j.webhookCuid()).isEqualTo(w.cuid()));
          assertThat(r.claimed).extracting(DeliveryJob::attempt).containsOnly(3);
          assertThat(r.claimed).extracting(DeliveryJob::maxAttempts).containsOnly(8);
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
}
