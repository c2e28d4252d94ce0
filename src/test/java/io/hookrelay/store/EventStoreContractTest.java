package io.hookrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Delivery;
import io.hookrelay.webhook.Event;
import io.hookrelay.webhook.Webhook;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The event store: accepting events with their deliveries, run against each store by a subclass.
 */
public abstract class EventStoreContractTest extends StoreContract {

  protected EventStoreContractTest(ContractStores source) {
    super(source);
  }

  /**
   * What the steps of one test saw, by name: each step's setter records its value and hands back
   * the stores for the next step, and a chain ends with {@code .map(seen)}. Counts are boxed, so
   * one that no step recorded fails its assertion instead of reading as zero.
   */
  private final class Seen {
    Receipt receipt;
    Receipt fresh;
    Receipt replayed;
    Receipt other;
    List<Receipt> raced;
    Long pending;
    List<DeliveryJob> claimed;
    Optional<Delivery> delivery;

    Stores receipt(Receipt v) {
      receipt = v;
      return stores;
    }

    Stores fresh(Receipt v) {
      fresh = v;
      return stores;
    }

    Stores replayed(Receipt v) {
      replayed = v;
      return stores;
    }

    Stores other(Receipt v) {
      other = v;
      return stores;
    }

    Stores raced(List<Receipt> v) {
      raced = v;
      return stores;
    }

    Stores pending(Long v) {
      pending = v;
      return stores;
    }

    Stores claimed(List<DeliveryJob> v) {
      claimed = v;
      return stores;
    }

    Stores delivery(Optional<Delivery> v) {
      delivery = v;
      return stores;
    }
  }

  @Test
  @DisplayName(
      "An accepted event's deliveries are claimed with the event body and the webhook's target and secret")
  void acceptThenClaim(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook signed =
        new Webhook(
            Cuid.next(),
            tenant,
            List.of(),
            "signed",
            "https://a.example/in",
            false,
            List.of(EVENT),
            true,
            "whsec_abc",
            null,
            0,
            now(),
            now());
    Webhook plain = webhook(tenant);
    Event e = event(tenant, null, now().minusMillis(5));
    List<Delivery> ds = deliveries(e, signed, plain);
    Seen seen = new Seen();
    Future<Seen> steps =
        createAll(List.of(signed, plain))
            .compose(v -> stores.events().accept(e, ds, LONG_AGO))
            .compose(receipt -> seen.receipt(receipt).queue().pendingCount())
            .compose(n -> seen.pending(n).queue().claim("node-a", 10, LEASE))
            .compose(jobs -> seen.claimed(jobs).queue().get(ds.get(1).cuid()))
            .map(d -> seen.delivery(d))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.receipt).isEqualTo(new Receipt(e.cuid(), 2, false));
          assertThat(r.pending).isEqualTo(2);
          assertThat(r.claimed)
              .extracting(DeliveryJob::deliveryCuid)
              .containsExactly(ds.get(0).cuid(), ds.get(1).cuid());
          DeliveryJob toSigned = r.claimed.get(0);
          assertThat(toSigned.tenantCuid()).isEqualTo(tenant);
          assertThat(toSigned.eventCuid()).isEqualTo(e.cuid());
          assertThat(toSigned.webhookCuid()).isEqualTo(signed.cuid());
          assertThat(toSigned.event()).isEqualTo(EVENT);
          assertThat(toSigned.attempt()).isEqualTo(1);
          assertThat(toSigned.maxAttempts()).isEqualTo(1 + MAX_RETRIES);
          assertThat(toSigned.url()).isEqualTo("https://a.example/in");
          assertThat(toSigned.secret()).isEqualTo("whsec_abc");
          assertThat(toSigned.sslVerification()).isFalse();
          assertThat(toSigned.body()).isEqualTo(e.body());
          DeliveryJob toPlain = r.claimed.get(1);
          assertThat(toPlain.secret()).isNull();
          assertThat(toPlain.sslVerification()).isTrue();
          assertThat(toPlain.body()).isEqualTo(e.body());
          assertThat(r.delivery).contains(ds.get(1));
        });
  }

  @Test
  @DisplayName(
      "An event no webhook wants is accepted with zero deliveries, and its key still replays")
  void acceptWithoutDeliveries(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Event first = event(tenant, "only-once", now());
    Event again = event(tenant, "only-once", now());
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .events()
            .accept(first, List.of(), LONG_AGO)
            .compose(receipt -> seen.receipt(receipt).events().accept(again, List.of(), LONG_AGO))
            .compose(replayed -> seen.replayed(replayed).queue().pendingCount())
            .map(n -> seen.pending(n))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.receipt).isEqualTo(new Receipt(first.cuid(), 0, false));
          assertThat(r.replayed).isEqualTo(new Receipt(first.cuid(), 0, true));
          assertThat(r.pending).isZero();
        });
  }

  @Test
  @DisplayName(
      "The same idempotency key within the window answers with the first receipt and stores nothing new")
  void idempotentReplay(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook a = webhook(tenant);
    Webhook b = webhook(tenant);
    Event first = event(tenant, "evt-1", now().minusSeconds(30));
    Event second = event(tenant, "evt-1", now());
    Seen seen = new Seen();
    Future<Seen> steps =
        createAll(List.of(a, b))
            .compose(
                v ->
                    stores
                        .events()
                        .accept(first, deliveries(first, a, b), now().minusSeconds(3600)))
            .compose(
                receipt ->
                    seen.receipt(receipt)
                        .events()
                        .accept(second, deliveries(second, a), now().minusSeconds(3600)))
            .compose(replayed -> seen.replayed(replayed).queue().pendingCount())
            .compose(n -> seen.pending(n).queue().claim("node-a", 10, LEASE))
            .map(jobs -> seen.claimed(jobs))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.receipt).isEqualTo(new Receipt(first.cuid(), 2, false));
          assertThat(r.replayed).isEqualTo(new Receipt(first.cuid(), 2, true));
          assertThat(r.pending).isEqualTo(2);
          assertThat(r.claimed).extracting(DeliveryJob::eventCuid).containsOnly(first.cuid());
        });
  }

  @Test
  @DisplayName("Idempotency keys belong to a tenant: another tenant may use the same key")
  void idempotencyPerTenant(VertxTestContext ctx) {
    Event mine = event(Cuid.next(), "shared-key", now());
    Event theirs = event(Cuid.next(), "shared-key", now());
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .events()
            .accept(mine, List.of(), LONG_AGO)
            .compose(receipt -> seen.receipt(receipt).events().accept(theirs, List.of(), LONG_AGO))
            .map(receipt -> seen.other(receipt))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.receipt).isEqualTo(new Receipt(mine.cuid(), 0, false));
          assertThat(r.other).isEqualTo(new Receipt(theirs.cuid(), 0, false));
        });
  }

  @Test
  @DisplayName(
      "A key first used before the window opened is a new event, which the key then replays")
  void idempotencyWindow(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Instant windowStart = now().minusSeconds(3600);
    Event old = event(tenant, "k", now().minusSeconds(7200));
    Event fresh = event(tenant, "k", now().minusSeconds(10));
    Event replay = event(tenant, "k", now());
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(old, deliveries(old, w), LONG_AGO))
            .compose(
                receipt ->
                    seen.receipt(receipt).events().accept(fresh, deliveries(fresh, w), windowStart))
            .compose(
                receipt ->
                    seen.fresh(receipt).events().accept(replay, deliveries(replay, w), windowStart))
            .compose(replayed -> seen.replayed(replayed).queue().pendingCount())
            .map(n -> seen.pending(n))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.receipt).isEqualTo(new Receipt(old.cuid(), 1, false));
          assertThat(r.fresh).isEqualTo(new Receipt(fresh.cuid(), 1, false));
          assertThat(r.replayed).isEqualTo(new Receipt(fresh.cuid(), 1, true));
          assertThat(r.pending).isEqualTo(2);
        });
  }

  @Test
  @DisplayName("Events without an idempotency key are never replayed")
  void noKeyNoReplay(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Event a = event(tenant, null, now());
    Event b = event(tenant, null, now());
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(a, deliveries(a, w), LONG_AGO))
            .compose(
                receipt -> seen.receipt(receipt).events().accept(b, deliveries(b, w), LONG_AGO))
            .compose(receipt -> seen.other(receipt).queue().pendingCount())
            .map(n -> seen.pending(n))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.receipt).isEqualTo(new Receipt(a.cuid(), 1, false));
          assertThat(r.other).isEqualTo(new Receipt(b.cuid(), 1, false));
          assertThat(r.pending).isEqualTo(2);
        });
  }

  @Test
  @DisplayName(
      "Producers racing with one idempotency key store exactly one event and all get its receipt")
  void idempotencyRace(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    List<Event> racers = IntStream.range(0, 8).mapToObj(i -> event(tenant, "race", now())).toList();
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .webhooks()
            .create(w)
            .compose(
                x ->
                    Future.all(
                        racers.stream()
                            .map(e -> stores.events().accept(e, deliveries(e, w), LONG_AGO))
                            .toList()))
            .compose(all -> seen.raced(all.list()).queue().pendingCount())
            .map(n -> seen.pending(n))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.raced).filteredOn(x -> !x.replayed()).hasSize(1);
          String winner =
              r.raced.stream().filter(x -> !x.replayed()).findFirst().orElseThrow().eventCuid();
          assertThat(r.raced)
              .allSatisfy(
                  x -> {
                    assertThat(x.eventCuid()).isEqualTo(winner);
                    assertThat(x.deliveries()).isEqualTo(1);
                  });
          assertThat(r.pending).isEqualTo(1);
        });
  }
}
