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
    Future<List<Object>> steps =
        createAll(List.of(signed, plain))
            .compose(
                v ->
                    stores
                        .events()
                        .accept(e, ds, LONG_AGO)
                        .map(receipt -> List.<Object>of(receipt)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)))
            .compose(r -> claim("node-a", 10).map(jobs -> plus(r, jobs)))
            .compose(r -> stores.queue().get(ds.get(1).cuid()).map(d -> plus(r, d)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(new Receipt(e.cuid(), 2, false));
          assertThat(r.get(1)).isEqualTo(2L);
          List<DeliveryJob> jobs = jobs(r.get(2));
          assertThat(jobs)
              .extracting(DeliveryJob::deliveryCuid)
              .containsExactly(ds.get(0).cuid(), ds.get(1).cuid());
          DeliveryJob first = jobs.get(0);
          assertThat(first.tenantCuid()).isEqualTo(tenant);
          assertThat(first.eventCuid()).isEqualTo(e.cuid());
          assertThat(first.webhookCuid()).isEqualTo(signed.cuid());
          assertThat(first.event()).isEqualTo(EVENT);
          assertThat(first.attempt()).isEqualTo(1);
          assertThat(first.maxAttempts()).isEqualTo(1 + MAX_RETRIES);
          assertThat(first.url()).isEqualTo("https://a.example/in");
          assertThat(first.secret()).isEqualTo("whsec_abc");
          assertThat(first.sslVerification()).isFalse();
          assertThat(first.body()).isEqualTo(e.body());
          assertThat(jobs.get(1).secret()).isNull();
          assertThat(jobs.get(1).sslVerification()).isTrue();
          assertThat(jobs.get(1).body()).isEqualTo(e.body());
          assertThat(delivery(r.get(3))).contains(ds.get(1));
        });
  }

  @Test
  @DisplayName(
      "An event no webhook wants is accepted with zero deliveries, and its key still replays")
  void acceptWithoutDeliveries(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Event first = event(tenant, "only-once", now());
    Event again = event(tenant, "only-once", now());
    Future<List<Object>> steps =
        stores
            .events()
            .accept(first, List.of(), LONG_AGO)
            .map(r -> List.<Object>of(r))
            .compose(r -> stores.events().accept(again, List.of(), LONG_AGO).map(x -> plus(r, x)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(new Receipt(first.cuid(), 0, false));
          assertThat(r.get(1)).isEqualTo(new Receipt(first.cuid(), 0, true));
          assertThat(r.get(2)).isEqualTo(0L);
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
    Future<List<Object>> steps =
        createAll(List.of(a, b))
            .compose(
                v ->
                    stores
                        .events()
                        .accept(first, deliveries(first, a, b), now().minusSeconds(3600)))
            .map(r -> List.<Object>of(r))
            .compose(
                r ->
                    stores
                        .events()
                        .accept(second, deliveries(second, a), now().minusSeconds(3600))
                        .map(x -> plus(r, x)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)))
            .compose(r -> claim("node-a", 10).map(jobs -> plus(r, jobs)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(new Receipt(first.cuid(), 2, false));
          assertThat(r.get(1)).isEqualTo(new Receipt(first.cuid(), 2, true));
          assertThat(r.get(2)).isEqualTo(2L);
          assertThat(jobs(r.get(3))).extracting(DeliveryJob::eventCuid).containsOnly(first.cuid());
        });
  }

  @Test
  @DisplayName("Idempotency keys belong to a tenant: another tenant may use the same key")
  void idempotencyPerTenant(VertxTestContext ctx) {
    Event mine = event(Cuid.next(), "shared-key", now());
    Event theirs = event(Cuid.next(), "shared-key", now());
    Future<List<Receipt>> r =
        stores
            .events()
            .accept(mine, List.of(), LONG_AGO)
            .compose(
                x -> stores.events().accept(theirs, List.of(), LONG_AGO).map(y -> List.of(x, y)));
    expect(
        ctx,
        r,
        receipts ->
            assertThat(receipts)
                .containsExactly(
                    new Receipt(mine.cuid(), 0, false), new Receipt(theirs.cuid(), 0, false)));
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
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(old, deliveries(old, w), LONG_AGO))
            .map(r -> List.<Object>of(r))
            .compose(
                r ->
                    stores
                        .events()
                        .accept(fresh, deliveries(fresh, w), windowStart)
                        .map(x -> plus(r, x)))
            .compose(
                r ->
                    stores
                        .events()
                        .accept(replay, deliveries(replay, w), windowStart)
                        .map(x -> plus(r, x)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(new Receipt(old.cuid(), 1, false));
          assertThat(r.get(1)).isEqualTo(new Receipt(fresh.cuid(), 1, false));
          assertThat(r.get(2)).isEqualTo(new Receipt(fresh.cuid(), 1, true));
          assertThat(r.get(3)).isEqualTo(2L);
        });
  }

  @Test
  @DisplayName("Events without an idempotency key are never replayed")
  void noKeyNoReplay(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Event a = event(tenant, null, now());
    Event b = event(tenant, null, now());
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(a, deliveries(a, w), LONG_AGO))
            .map(r -> List.<Object>of(r))
            .compose(
                r -> stores.events().accept(b, deliveries(b, w), LONG_AGO).map(x -> plus(r, x)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(new Receipt(a.cuid(), 1, false));
          assertThat(r.get(1)).isEqualTo(new Receipt(b.cuid(), 1, false));
          assertThat(r.get(2)).isEqualTo(2L);
        });
  }

  @Test
  @DisplayName(
      "Producers racing with one idempotency key store exactly one event and all get its receipt")
  void idempotencyRace(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    List<Event> racers = IntStream.range(0, 8).mapToObj(i -> event(tenant, "race", now())).toList();
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(
                x ->
                    Future.all(
                        racers.stream()
                            .map(e -> stores.events().accept(e, deliveries(e, w), LONG_AGO))
                            .toList()))
            .map(all -> List.<Object>of(all.<Receipt>list()))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          @SuppressWarnings("unchecked")
          List<Receipt> receipts = (List<Receipt>) r.get(0);
          assertThat(receipts).filteredOn(x -> !x.replayed()).hasSize(1);
          String winner =
              receipts.stream().filter(x -> !x.replayed()).findFirst().orElseThrow().eventCuid();
          assertThat(receipts)
              .allSatisfy(
                  x -> {
                    assertThat(x.eventCuid()).isEqualTo(winner);
                    assertThat(x.deliveries()).isEqualTo(1);
                  });
          assertThat(r.get(1)).isEqualTo(1L);
        });
  }
}
