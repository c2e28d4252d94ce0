package io.hookrelay.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.store.DeliveryJob;
import io.hookrelay.store.Outcome;
import io.hookrelay.store.Receipt;
import io.hookrelay.store.Stores;
import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Delivery;
import io.hookrelay.webhook.DeliveryControls;
import io.hookrelay.webhook.Event;
import io.hookrelay.webhook.Webhook;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deliveries accepted on a node go straight to a dispatcher of that node that has room, leased to
 * it in the accepting insert: no claim statement, no NOTIFY.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Handing accepted deliveries to this node's dispatchers")
class PgHandOverTest {

  private static final Duration LEASE = Duration.ofSeconds(60);

  private static PgTestDatabase database;
  private static Stores stores;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    database = PgTestDatabase.create();
    PgStores.create(vertx, database.config(), "hand-over-test", () -> {})
        .onComplete(
            ctx.succeeding(
                s -> {
                  stores = s;
                  ctx.completeNow();
                }));
  }

  @AfterAll
  static void stop() {
    if (stores != null) {
      stores.close();
    }
    if (database != null) {
      database.close();
    }
  }

  /** Each test's dispatchers stop at its end, so the next test's accepts go only to its own. */
  @AfterEach
  void releaseDispatchers(VertxTestContext ctx) {
    Future.all(registered.stream().map(c -> stores.queue().release(c)).toList())
        .onComplete(ctx.succeedingThenComplete());
    registered.clear();
  }

  private final List<String> registered = new ArrayList<>();

  private String register(int capacity, Runnable wake) {
    String claimer = "node/" + Cuid.next();
    stores.queue().register(claimer, capacity, LEASE, wake);
    registered.add(claimer);
    return claimer;
  }

  @Test
  @DisplayName(
      "A dispatcher with room is woken and its claim returns the new deliveries, leased to it by the insert, ready to send")
  void handedToRegisteredDispatcher(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger wakes = new AtomicInteger();
    String claimer = register(10, wakes::incrementAndGet);
    String tenant = Cuid.next();
    Webhook a = webhook(tenant, DeliveryControls.NONE);
    Webhook b = webhook(tenant, DeliveryControls.NONE);
    Event e = event(tenant);
    List<Delivery> deliveries = List.of(Delivery.pending(e, a, 5), Delivery.pending(e, b, 5));
    create(a, b)
        .compose(v -> accept(vertx, e, deliveries))
        .compose(
            receipt -> {
              ctx.verify(
                  () -> {
                    assertThat(receipt.handedOver()).isEqualTo(2);
                    assertThat(receipt.waiting()).isFalse();
                    assertThat(wakes.get()).isEqualTo(1);
                    assertThat(lockedBy(deliveries.get(0))).isEqualTo(claimer);
                    assertThat(lockedBy(deliveries.get(1))).isEqualTo(claimer);
                  });
              // as many as were handed: the claim has no room left to look at the table
              return stores.queue().claim(claimer, 2, LEASE);
            })
        .compose(
            jobs -> {
              ctx.verify(
                  () -> {
                    assertThat(jobs)
                        .extracting(DeliveryJob::deliveryCuid)
                        .containsExactly(deliveries.get(0).cuid(), deliveries.get(1).cuid());
                    DeliveryJob first = jobs.get(0);
                    assertThat(first.url()).isEqualTo(a.url());
                    assertThat(first.secret()).isEqualTo(a.secret());
                    assertThat(first.sslVerification()).isTrue();
                    assertThat(first.attempt()).isEqualTo(1);
                    assertThat(first.maxAttempts()).isEqualTo(6);
                    assertThat(first.event()).isEqualTo("ReportPublished");
                    assertThat(first.body()).isEqualTo(e.body());
                    assertThat(first.notBeforeMillis()).isZero();
                  });
              return stores
                  .queue()
                  .complete(
                      claimer,
                      jobs.stream()
                          .map(j -> Outcome.succeeded(j.deliveryCuid(), j.webhookCuid(), 1))
                          .toList(),
                      100);
            })
        .onComplete(
            ctx.succeeding(
                disabled ->
                    ctx.verify(
                        () -> {
                          assertThat(status(deliveries.get(0))).isEqualTo("succeeded");
                          assertThat(status(deliveries.get(1))).isEqualTo("succeeded");
                          ctx.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "Deliveries to a paced or a disabled webhook, and those beyond the dispatcher's room, stay in the table for the claims")
  void onlyWhatFitsAndIsPlain(Vertx vertx, VertxTestContext ctx) {
    String claimer = register(1, () -> {});
    String tenant = Cuid.next();
    Webhook plain1 = webhook(tenant, DeliveryControls.NONE);
    Webhook plain2 = webhook(tenant, DeliveryControls.NONE);
    Webhook paced = webhook(tenant, new DeliveryControls(5, DeliveryControls.Ordering.NONE));
    Webhook off = webhook(tenant, DeliveryControls.NONE).disabled("test", Instant.now());
    Event e = event(tenant);
    List<Delivery> deliveries =
        List.of(
            Delivery.pending(e, paced, 5),
            Delivery.pending(e, off, 5),
            Delivery.pending(e, plain1, 5),
            Delivery.pending(e, plain2, 5));
    create(plain1, plain2, paced, off)
        .compose(v -> accept(vertx, e, deliveries))
        .onComplete(
            ctx.succeeding(
                receipt ->
                    ctx.verify(
                        () -> {
                          assertThat(receipt.handedOver()).isEqualTo(1);
                          assertThat(receipt.waiting()).isTrue();
                          // the one place went to the first plain delivery in accept order
                          assertThat(lockedBy(deliveries.get(0))).isNull();
                          assertThat(lockedBy(deliveries.get(1))).isNull();
                          assertThat(lockedBy(deliveries.get(2))).isEqualTo(claimer);
                          assertThat(lockedBy(deliveries.get(3))).isNull();
                          ctx.completeNow();
                        })));
  }

  @Test
  @DisplayName("A dispatcher that released its claims (it stopped) is handed nothing more")
  void releaseEndsHandOver(Vertx vertx, VertxTestContext ctx) {
    String claimer = register(10, () -> {});
    String tenant = Cuid.next();
    Webhook w = webhook(tenant, DeliveryControls.NONE);
    Event e = event(tenant);
    Delivery d = Delivery.pending(e, w, 5);
    create(w)
        .compose(v -> stores.queue().release(claimer))
        .compose(v -> accept(vertx, e, List.of(d)))
        .compose(
            receipt -> {
              ctx.verify(
                  () -> {
                    assertThat(receipt.handedOver()).isZero();
                    assertThat(lockedBy(d)).isNull();
                  });
              return stores.queue().claim("other/" + Cuid.next(), 10, LEASE);
            })
        .onComplete(
            ctx.succeeding(
                jobs ->
                    ctx.verify(
                        () -> {
                          assertThat(jobs).extracting(DeliveryJob::deliveryCuid).contains(d.cuid());
                          ctx.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "A claim returns the handed deliveries at once while its look at the table is held up; what the table gives follows with a wake-up")
  void handedDoNotWaitForTheTable(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger wakes = new AtomicInteger();
    String claimer = register(1, wakes::incrementAndGet);
    String tenant = Cuid.next();
    Webhook a = webhook(tenant, DeliveryControls.NONE);
    Webhook b = webhook(tenant, DeliveryControls.NONE);
    Event e = event(tenant);
    Delivery handed = Delivery.pending(e, a, 5);
    Delivery stored = Delivery.pending(e, b, 5);
    PgConnectOptions options = PgConnectOptions.fromUri(database.url());
    create(a, b)
        .compose(v -> accept(vertx, e, List.of(handed, stored)))
        .compose(receipt -> PgConnection.connect(vertx, options))
        .compose(
            blocker ->
                blocker
                    .begin()
                    .compose(
                        tx ->
                            blocker
                                .query("LOCK TABLE deliveries IN EXCLUSIVE MODE")
                                .execute()
                                .compose(
                                    locked ->
                                        stores
                                            .queue()
                                            .claim(claimer, 10, LEASE)
                                            .timeout(3, TimeUnit.SECONDS))
                                .compose(
                                    first -> {
                                      ctx.verify(
                                          () ->
                                              assertThat(first)
                                                  .extracting(DeliveryJob::deliveryCuid)
                                                  .containsExactly(handed.cuid()));
                                      return tx.rollback();
                                    }))
                    .eventually(blocker::close))
        .compose(v -> untilWoken(vertx, wakes, 2))
        .compose(v -> stores.queue().claim(claimer, 10, LEASE))
        .onComplete(
            ctx.succeeding(
                later ->
                    ctx.verify(
                        () -> {
                          assertThat(later)
                              .extracting(DeliveryJob::deliveryCuid)
                              .contains(stored.cuid());
                          ctx.completeNow();
                        })));
  }

  private static Future<Void> untilWoken(Vertx vertx, AtomicInteger wakes, int times) {
    if (wakes.get() >= times) {
      return Future.succeededFuture();
    }
    return vertx.timer(20, TimeUnit.MILLISECONDS).compose(v -> untilWoken(vertx, wakes, times));
  }

  private static Future<Void> create(Webhook... webhooks) {
    Future<?> all = Future.succeededFuture();
    for (Webhook w : webhooks) {
      all = all.compose(v -> stores.webhooks().create(w));
    }
    return all.mapEmpty();
  }

  /** Accepts on an event loop, as the fan-out does, so the event goes through the batch insert. */
  private static Future<Receipt> accept(Vertx vertx, Event e, List<Delivery> deliveries) {
    return vertx
        .timer(1, TimeUnit.MILLISECONDS)
        .compose(v -> stores.events().accept(e, deliveries, Instant.EPOCH));
  }

  private static String lockedBy(Delivery d) {
    return database.queryString("SELECT locked_by FROM deliveries WHERE cuid = '" + d.cuid() + "'");
  }

  private static String status(Delivery d) {
    return database.queryString("SELECT status FROM deliveries WHERE cuid = '" + d.cuid() + "'");
  }

  private static Webhook webhook(String tenant, DeliveryControls controls) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return new Webhook(
        Cuid.next(),
        tenant,
        List.of(),
        "hook",
        "https://r.example/in/" + Cuid.next(),
        true,
        List.of("ReportPublished"),
        true,
        "whsec_" + Cuid.next(),
        null,
        0,
        now,
        now,
        null,
        null,
        controls);
  }

  private static Event event(String tenant) {
    return new Event(
        Cuid.next(),
        tenant,
        null,
        "ReportPublished",
        null,
        "{\"n\":1}".getBytes(StandardCharsets.UTF_8),
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }
}
