package io.hookrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Delivery;
import io.hookrelay.webhook.Event;
import io.hookrelay.webhook.Webhook;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every store does so that one tenant cannot starve or break the others: per-tenant quotas of
 * webhooks and of pending deliveries (API.md, "Quotas"), and an event the store cannot hold failing
 * alone. Run against each store by a subclass, with {@link #QUOTAS}.
 */
@ExtendWith(VertxExtension.class)
public abstract class TenantLimitsContractTest {

  protected static final int MAX_WEBHOOKS = 3;
  protected static final int MAX_PENDING = 4;
  protected static final Quotas QUOTAS = new Quotas(MAX_WEBHOOKS, MAX_PENDING);

  private static final String EVENT = "ReportPublished";
  private static final Duration LEASE = Duration.ofMinutes(1);
  private static final Instant LONG_AGO = Instant.EPOCH;

  protected Vertx vertx;
  protected Stores stores;

  /** An empty store enforcing {@link #QUOTAS}. */
  protected abstract Future<Stores> freshStores(Vertx vertx);

  @BeforeEach
  void startEmpty(Vertx vertx) {
    this.vertx = vertx;
    this.stores = get(freshStores(vertx));
  }

  // ---- webhooks --------------------------------------------------------------------------------

  @Test
  @DisplayName(
      "A tenant creates webhooks up to its quota, the next is refused, other tenants are not"
          + " affected, and deleting one frees its place")
  void webhookQuota() {
    String acme = Cuid.next();
    String other = Cuid.next();
    for (int i = 0; i < MAX_WEBHOOKS; i++) {
      get(stores.webhooks().create(webhook(acme)));
    }

    assertThat(failure(stores.webhooks().create(webhook(acme))))
        .isInstanceOf(TooManyWebhooksException.class)
        .hasMessageContaining(Integer.toString(MAX_WEBHOOKS));
    assertThat(get(stores.webhooks().list(acme, 0, 100)).total()).isEqualTo(MAX_WEBHOOKS);
    get(stores.webhooks().create(webhook(other)));

    Webhook first = get(stores.webhooks().list(acme, 0, 1)).items().get(0);
    assertThat(get(stores.webhooks().delete(acme, first.cuid()))).isTrue();
    get(stores.webhooks().create(webhook(acme)));
    assertThat(get(stores.webhooks().list(acme, 0, 100)).total()).isEqualTo(MAX_WEBHOOKS);
  }

  @Test
  @DisplayName(
      "Creates racing for a tenant's last free place, round after round: exactly one takes it")
  void webhookQuotaRace() {
    // every connection of a pooled store open first, so the creates really run side by side
    get(
        Future.join(
            onContext(
                () ->
                    IntStream.range(0, 8)
                        .mapToObj(i -> stores.webhooks().create(webhook(Cuid.next())))
                        .toList())));
    for (int round = 0; round < 5; round++) {
      String acme = Cuid.next();
      for (int i = 0; i < MAX_WEBHOOKS - 1; i++) {
        get(stores.webhooks().create(webhook(acme)));
      }

      List<Future<Webhook>> raced =
          onContext(
              () ->
                  IntStream.range(0, 16)
                      .mapToObj(i -> stores.webhooks().create(webhook(acme)))
                      .toList());
      get(Future.join(raced).otherwiseEmpty());

      assertThat(raced.stream().filter(Future::succeeded)).as("round %d", round).hasSize(1);
      assertThat(raced.stream().filter(Future::failed))
          .allSatisfy(f -> assertThat(f.cause()).isInstanceOf(TooManyWebhooksException.class));
      assertThat(get(stores.webhooks().list(acme, 0, 100)).total()).isEqualTo(MAX_WEBHOOKS);
    }
  }

  // ---- pending deliveries ----------------------------------------------------------------------

  @Test
  @DisplayName(
      "A tenant's events are refused once it has its quota of pending deliveries; another"
          + " tenant's, and events that make no delivery, are still accepted")
  void pendingQuota() {
    String acme = Cuid.next();
    String other = Cuid.next();
    Webhook hook = get(stores.webhooks().create(webhook(acme)));
    Webhook otherHook = get(stores.webhooks().create(webhook(other)));

    for (int i = 0; i < MAX_PENDING; i++) {
      Event e = event(acme, null);
      assertThat(get(accept(e, hook)).eventCuid()).isEqualTo(e.cuid());
    }

    assertThat(failure(accept(event(acme, null), hook)))
        .isInstanceOf(TooManyPendingException.class);
    assertThat(failure(accept(event(acme, "key-over-quota"), hook)))
        .as("a keyed event is refused too")
        .isInstanceOf(TooManyPendingException.class);
    assertThat(get(accept(event(other, null), otherHook)).deliveries()).isEqualTo(1);
    assertThat(get(accept(event(acme, null))).deliveries())
        .as("an event that matched no webhook adds nothing to the queue")
        .isZero();
  }

  @Test
  @DisplayName(
      "The event that reaches the quota is accepted whole, with all its deliveries, and a"
          + " replayed id is answered even while the tenant is over its quota")
  void pendingQuotaFanOutAndReplay() {
    String acme = Cuid.next();
    Webhook[] hooks = {
      get(stores.webhooks().create(webhook(acme))),
      get(stores.webhooks().create(webhook(acme))),
      get(stores.webhooks().create(webhook(acme)))
    };
    Event first = event(acme, "first");
    Receipt receipt = get(accept(first, hooks)); // 3 pending, under the quota of 4
    get(accept(event(acme, null), hooks)); // 3 < 4: accepted whole, 6 pending

    assertThat(failure(accept(event(acme, null), hooks[0])))
        .isInstanceOf(TooManyPendingException.class);
    Receipt replay = get(accept(event(acme, "first"), hooks));
    assertThat(replay.replayed()).isTrue();
    assertThat(replay.eventCuid()).isEqualTo(receipt.eventCuid());
    assertThat(replay.deliveries()).isEqualTo(3);
    assertThat(get(stores.queue().pendingCount())).isEqualTo(6);
  }

  @Test
  @DisplayName(
      "Deliveries that succeed, fail or are cancelled free their place in the quota, and a"
          + " manual retry takes one again")
  void pendingQuotaFollowsTheQueue() {
    String acme = Cuid.next();
    Webhook kept = get(stores.webhooks().create(webhook(acme)));
    Webhook cancelled = get(stores.webhooks().create(webhook(acme)));
    get(accept(event(acme, null), kept, cancelled));
    get(accept(event(acme, null), kept, cancelled));
    assertRefused(acme, kept);

    assertThat(get(stores.queue().cancelForWebhook(cancelled.cuid()))).isEqualTo(2);
    get(accept(event(acme, null), kept)); // 2 pending, then 3
    get(accept(event(acme, null), kept)); // 4
    assertRefused(acme, kept);

    List<String> claimed =
        get(stores.queue().claim("node-a", 10, LEASE)).stream()
            .map(DeliveryJob::deliveryCuid)
            .toList();
    assertThat(claimed).hasSize(4);
    String failed = claimed.get(1);
    get(
        stores
            .queue()
            .complete(
                "node-a",
                List.of(
                    Outcome.succeeded(claimed.get(0), kept.cuid(), 1),
                    Outcome.failed(failed, kept.cuid(), 1),
                    Outcome.retry(claimed.get(2), kept.cuid(), 1, now()),
                    Outcome.retry(claimed.get(3), kept.cuid(), 1, now())),
                100));
    get(accept(event(acme, null), kept)); // 2 pending, then 3
    get(stores.queue().retryNow(acme, failed)); // 4
    assertRefused(acme, kept);
  }

  @Test
  @DisplayName(
      "Events written together are counted against the quota one after the other: the tenant's"
          + " events past its quota are refused, other tenants' in the same write are stored")
  void pendingQuotaInOneWrite() {
    String acme = Cuid.next();
    String other = Cuid.next();
    Webhook hook = get(stores.webhooks().create(webhook(acme)));
    Webhook otherHook = get(stores.webhooks().create(webhook(other)));
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < MAX_PENDING + 2; i++) {
      events.add(event(acme, null));
    }
    Event others = event(other, null);

    // issued in one turn of one event loop: a store that batches writes takes them in one batch
    record Answers(List<Future<Receipt>> acme, Future<Receipt> other) {}
    Answers answers =
        onContext(
            () ->
                new Answers(
                    events.stream().map(e -> accept(e, hook)).toList(), accept(others, otherHook)));
    get(Future.join(Future.join(answers.acme()), answers.other()).otherwiseEmpty());

    for (int i = 0; i < events.size(); i++) {
      Future<Receipt> answer = answers.acme().get(i);
      if (i < MAX_PENDING) {
        assertThat(answer.succeeded()).as("event %d, under the quota", i).isTrue();
      } else {
        assertThat(answer.cause()).as("event %d", i).isInstanceOf(TooManyPendingException.class);
      }
    }
    assertThat(answers.other().result().deliveries()).isEqualTo(1);
    assertThat(get(stores.queue().pendingCount())).isEqualTo(MAX_PENDING + 1);
  }

  // ---- an event the store cannot hold ----------------------------------------------------------

  @Test
  @DisplayName(
      "An event with a value the store cannot hold (U+0000 in a text field) fails alone: the"
          + " other tenants' events written with it are stored and delivered")
  void unstorableEventFailsAlone() {
    Webhook hook1 = get(stores.webhooks().create(webhook(Cuid.next())));
    Webhook badHook = get(stores.webhooks().create(webhook(Cuid.next())));
    Webhook hook2 = get(stores.webhooks().create(webhook(Cuid.next())));
    Event good1 = event(hook1.tenantCuid(), null);
    Event bad =
        new Event(
            Cuid.next(),
            badHook.tenantCuid(),
            null,
            EVENT,
            "cclient\u0000",
            body(Cuid.next()),
            now());
    Event good2 = event(hook2.tenantCuid(), null);

    record Answers(Future<Receipt> good1, Future<Receipt> bad, Future<Receipt> good2) {}
    Answers answers =
        onContext(
            () -> new Answers(accept(good1, hook1), accept(bad, badHook), accept(good2, hook2)));
    get(Future.join(answers.good1(), answers.bad(), answers.good2()).otherwiseEmpty());

    assertThat(answers.good1().result().eventCuid()).isEqualTo(good1.cuid());
    assertThat(answers.good2().result().eventCuid()).isEqualTo(good2.cuid());
    if (answers.bad().failed()) {
      assertThat(answers.bad().cause())
          .isInstanceOf(UnstorableEventException.class)
          .hasMessageContaining("22021");
    }
    List<String> claimed =
        get(stores.queue().claim("node-a", 10, LEASE)).stream()
            .map(DeliveryJob::eventCuid)
            .toList();
    assertThat(claimed).contains(good1.cuid(), good2.cuid());
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private void assertRefused(String tenant, Webhook hook) {
    assertThat(failure(accept(event(tenant, null), hook)))
        .as("the tenant is at its quota")
        .isInstanceOf(TooManyPendingException.class);
  }

  private Future<Receipt> accept(Event e, Webhook... hooks) {
    return stores.events().accept(e, deliveries(e, hooks), LONG_AGO);
  }

  /** Runs {@code start} on an event loop in one go and hands back what it started. */
  private <T> T onContext(Supplier<T> start) {
    Context context = vertx.getOrCreateContext();
    Promise<T> started = Promise.promise();
    context.runOnContext(v -> started.complete(start.get()));
    return get(started.future());
  }

  protected static <T> T get(Future<T> future) {
    return future.timeout(30, TimeUnit.SECONDS).await();
  }

  protected static Throwable failure(Future<?> future) {
    return get(
        future.transform(
            ar ->
                ar.failed()
                    ? Future.succeededFuture(ar.cause())
                    : Future.failedFuture(
                        new AssertionError("expected a failure, got " + ar.result()))));
  }

  protected static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  protected static Webhook webhook(String tenant) {
    Instant at = now();
    return new Webhook(
        Cuid.next(),
        tenant,
        List.of(),
        "hook",
        "https://receiver.example/in",
        true,
        List.of(EVENT),
        true,
        null,
        null,
        0,
        at,
        at);
  }

  protected static Event event(String tenant, String idempotencyKey) {
    String cuid = Cuid.next();
    return new Event(cuid, tenant, idempotencyKey, EVENT, null, body(cuid), now());
  }

  private static byte[] body(String cuid) {
    return ("{\"cuid\":\"" + cuid + "\",\"event\":\"" + EVENT + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  protected static List<Delivery> deliveries(Event e, Webhook... hooks) {
    return Arrays.stream(hooks).map(w -> Delivery.pending(e, w, 5)).toList();
  }
}
