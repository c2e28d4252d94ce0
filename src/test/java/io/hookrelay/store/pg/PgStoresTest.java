package io.hookrelay.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.store.AttemptQuery;
import io.hookrelay.store.Outcome;
import io.hookrelay.store.Page;
import io.hookrelay.store.Stores;
import io.hookrelay.webhook.Attempt;
import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Delivery;
import io.hookrelay.webhook.Event;
import io.hookrelay.webhook.Webhook;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What only the PostgreSQL store does: NOTIFY wake-ups, a LISTEN connection that heals, health. */
@ExtendWith(VertxExtension.class)
@DisplayName("The PostgreSQL store's own duties")
class PgStoresTest {

  private static final long WAIT_MS = 10_000;

  private static PgTestDatabase database;
  private static Stores stores;
  private static final AtomicInteger wakeUps = new AtomicInteger();

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    database = PgTestDatabase.create();
    PgStores.create(vertx, database.config(), "notify-test", wakeUps::incrementAndGet)
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

  @Test
  @DisplayName(
      "The delivery loop's connection commits without waiting for the disk; the API's waits for it")
  void deliveryLoopCommitsLazily(Vertx vertx, VertxTestContext ctx) {
    var durable = PgStores.connectOptions(database.config(), "durability-test");
    var lazy = PgStores.withoutWaitingForDisk(durable);
    Future<String> api = setting(vertx, durable);
    Future<String> loop = setting(vertx, lazy);
    Future.all(api, loop)
        .onComplete(
            ctx.succeeding(
                v ->
                    ctx.verify(
                        () -> {
                          assertThat(api.result()).isEqualTo("on");
                          assertThat(loop.result()).isEqualTo("off");
                          assertThat(lazy.getProperties().get("application_name"))
                              .isEqualTo("durability-test delivery");
                          ctx.completeNow();
                        })));
  }

  private static Future<String> setting(Vertx vertx, io.vertx.pgclient.PgConnectOptions options) {
    return io.vertx.pgclient.PgConnection.connect(vertx, options)
        .compose(
            conn ->
                conn.query("SHOW synchronous_commit")
                    .execute()
                    .map(rows -> rows.iterator().next().getString(0))
                    .eventually(conn::close));
  }

  @Test
  @DisplayName("Accepting an event with deliveries wakes the dispatchers through NOTIFY")
  void acceptNotifies(Vertx vertx, VertxTestContext ctx) {
    Webhook w = webhook();
    Event e = event(w.tenantCuid());
    Future<Void> woken =
        stores
            .webhooks()
            .create(w)
            .compose(x -> vertx.timer(200, TimeUnit.MILLISECONDS))
            .map(x -> wakeUps.get())
            .compose(
                before ->
                    stores
                        .events()
                        .accept(e, List.of(Delivery.pending(e, w, 5)), Instant.EPOCH)
                        .compose(r -> until(vertx, () -> wakeUps.get() > before)));
    woken.onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("Sending a failed delivery again wakes the dispatchers through NOTIFY")
  void retryNowNotifies(Vertx vertx, VertxTestContext ctx) {
    Webhook w = webhook();
    Event e = event(w.tenantCuid());
    Delivery d = Delivery.pending(e, w, 0);
    Future<Void> woken =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), Instant.EPOCH))
            .compose(x -> stores.queue().claim("n", 100, Duration.ofMinutes(1)))
            .compose(
                x ->
                    stores
                        .queue()
                        .complete("n", List.of(Outcome.failed(d.cuid(), w.cuid(), 1)), 100))
            .compose(x -> vertx.timer(200, TimeUnit.MILLISECONDS))
            .map(x -> wakeUps.get())
            .compose(
                before ->
                    stores
                        .queue()
                        .retryNow(w.tenantCuid(), d.cuid())
                        .compose(r -> until(vertx, () -> wakeUps.get() > before)));
    woken.onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName(
      "The LISTEN connection comes back by itself after the server cut it, and wakes the dispatchers")
  void listenerReconnects(Vertx vertx, VertxTestContext ctx) {
    Webhook w = webhook();
    Event e = event(w.tenantCuid());
    int before = wakeUps.get();
    Future<Void> healed =
        vertx
            .executeBlocking(
                () ->
                    database.queryLong(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            + "WHERE datname = current_database() AND application_name = 'hookrelay listen notify-test'"))
            .compose(
                killed -> {
                  assertThat(killed).isEqualTo(1);
                  return until(vertx, () -> wakeUps.get() > before);
                })
            .compose(v -> stores.webhooks().create(w))
            .map(x -> wakeUps.get())
            .compose(
                afterReconnect ->
                    stores
                        .events()
                        .accept(e, List.of(Delivery.pending(e, w, 5)), Instant.EPOCH)
                        .compose(r -> until(vertx, () -> wakeUps.get() > afterReconnect)));
    healed.onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName(
      "Attempt texts lose NUL characters, which PostgreSQL text cannot hold, instead of failing the batch")
  void nulInAttemptText(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Attempt a =
        new Attempt(
            Cuid.next(),
            Cuid.next(),
            Cuid.next(),
            tenant,
            Cuid.next(),
            "ReportPublished",
            "https://r.example/in",
            1,
            Attempt.Status.FAILED,
            500,
            3,
            "bad\u0000error",
            "{\"a\":\"\u0000x\"}",
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
    Future<Page<Attempt>> page =
        stores
            .attempts()
            .append(List.of(a))
            .compose(
                v -> stores.attempts().list(new AttemptQuery(tenant, null, null, null, 10, 0)));
    page.onComplete(
        ctx.succeeding(
            p ->
                ctx.verify(
                    () -> {
                      assertThat(p.items())
                          .singleElement()
                          .satisfies(
                              x -> {
                                assertThat(x.error()).isEqualTo("baderror");
                                assertThat(x.responseSnippet()).isEqualTo("{\"a\":\"x\"}");
                              });
                      ctx.completeNow();
                    })));
  }

  @Test
  @DisplayName("The health check fails once the database is gone")
  void healthWhenDatabaseGone(Vertx vertx, VertxTestContext ctx) {
    PgTestDatabase doomed = PgTestDatabase.create();
    Future<Throwable> failure =
        PgStores.create(vertx, doomed.config(), "doomed", () -> {})
            .compose(
                s ->
                    s.health()
                        .check()
                        .compose(
                            v ->
                                vertx.executeBlocking(
                                    () -> {
                                      doomed.close();
                                      return null;
                                    }))
                        .compose(v -> s.health().check())
                        .transform(
                            ar -> {
                              s.close();
                              return ar.succeeded()
                                  ? Future.failedFuture(
                                      new AssertionError("health check passed without a database"))
                                  : Future.succeededFuture(ar.cause());
                            }));
    failure.onComplete(
        ctx.succeeding(
            cause ->
                ctx.verify(
                    () -> {
                      assertThat(cause).isNotNull();
                      ctx.completeNow();
                    })));
  }

  private static Future<Void> until(Vertx vertx, BooleanSupplier condition) {
    return until(vertx, condition, System.currentTimeMillis() + WAIT_MS);
  }

  private static Future<Void> until(Vertx vertx, BooleanSupplier condition, long deadline) {
    if (condition.getAsBoolean()) {
      return Future.succeededFuture();
    }
    if (System.currentTimeMillis() > deadline) {
      return Future.failedFuture(new AssertionError("not woken within " + WAIT_MS + " ms"));
    }
    return vertx.timer(25, TimeUnit.MILLISECONDS).compose(v -> until(vertx, condition, deadline));
  }

  private static Webhook webhook() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return new Webhook(
        Cuid.next(),
        Cuid.next(),
        List.of(),
        "hook",
        "https://r.example/in",
        true,
        List.of("ReportPublished"),
        true,
        null,
        null,
        0,
        now,
        now);
  }

  private static Event event(String tenant) {
    return new Event(
        Cuid.next(),
        tenant,
        null,
        "ReportPublished",
        null,
        "{}".getBytes(StandardCharsets.UTF_8),
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }
}
