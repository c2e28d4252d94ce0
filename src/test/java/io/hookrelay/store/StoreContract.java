package io.hookrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the store contract tests share: one {@link ContractStores} per test class (memory or
 * PostgreSQL), an empty store before each test (so claims see only the test's own deliveries), and
 * the helpers that build tenants, webhooks, events and deliveries. One abstract contract class per
 * store interface extends it, with one subclass per store.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StoreContract {

  protected static final Duration LEASE = Duration.ofMinutes(1);
  protected static final Instant LONG_AGO = Instant.EPOCH;
  protected static final String EVENT = "ReportPublished";
  protected static final int MAX_RETRIES = 5;
  private static final long WAIT_MS = 10_000;

  private final ContractStores source;
  protected Vertx vertx;
  protected Stores stores;

  protected StoreContract(ContractStores source) {
    this.source = source;
  }

  @BeforeAll
  void openStores(Vertx vertx, VertxTestContext ctx) {
    source.open(vertx).onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  void closeStores() {
    source.close();
  }

  @BeforeEach
  void startEmpty(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    source
        .fresh(vertx)
        .onComplete(
            ctx.succeeding(
                s -> {
                  stores = s;
                  ctx.completeNow();
                }));
  }

  /**
   * Whether succeeded and cancelled deliveries stay readable (and retryable) until retention
   * removes them. The memory store drops them at once; their attempts stay in the log.
   */
  protected boolean keepsFinishedDeliveries() {
    return source.keepsFinishedDeliveries();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** An assertion block that may throw. */
  protected interface Check<T> {
    void accept(T value) throws Throwable;
  }

  protected static <T> void expect(VertxTestContext ctx, Future<T> future, Check<T> check) {
    future.onComplete(
        ctx.succeeding(
            value ->
                ctx.verify(
                    () -> {
                      check.accept(value);
                      ctx.completeNow();
                    })));
  }

  /** Repeats {@code attempt} every 50 ms until its result passes {@code done}, for up to 10 s. */
  protected <T> Future<T> eventually(Supplier<Future<T>> attempt, Predicate<T> done) {
    return eventually(attempt, done, System.currentTimeMillis() + WAIT_MS);
  }

  protected <T> Future<T> eventually(
      Supplier<Future<T>> attempt, Predicate<T> done, long deadline) {
    return attempt
        .get()
        .compose(
            value -> {
              if (done.test(value)) {
                return Future.succeededFuture(value);
              }
              if (System.currentTimeMillis() > deadline) {
                return Future.failedFuture(
                    new AssertionError("still not there after " + WAIT_MS + " ms: " + value));
              }
              return vertx
                  .timer(50, TimeUnit.MILLISECONDS)
                  .compose(v -> eventually(attempt, done, deadline));
            });
  }

  protected static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  protected static Webhook webhook(String tenant) {
    return webhookAt(tenant, now());
  }

  protected static Webhook webhookAt(String tenant, Instant createdAt) {
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
        createdAt,
        createdAt);
  }

  protected static Event event(String tenant, String idempotencyKey, Instant at) {
    String cuid = Cuid.next();
    byte[] body =
        ("{\"cuid\":\"" + cuid + "\",\"event\":\"" + EVENT + "\",\"text\":\"caf\u00e9\"}")
            .getBytes(StandardCharsets.UTF_8);
    return new Event(cuid, tenant, idempotencyKey, EVENT, null, body, at);
  }

  protected static List<Delivery> deliveries(Event e, Webhook... webhooks) {
    return Arrays.stream(webhooks).map(w -> Delivery.pending(e, w, MAX_RETRIES)).toList();
  }

  protected static Delivery pendingLater(Event e, Webhook w) {
    return new Delivery(
        Cuid.next(),
        e.tenantCuid(),
        e.cuid(),
        w.cuid(),
        EVENT,
        Delivery.Status.PENDING,
        0,
        6,
        now().plusSeconds(3600),
        e.createdAt());
  }

  protected static Attempt attempt(
      String tenant, String webhook, String event, Attempt.Status status, Instant at) {
    boolean ok = status == Attempt.Status.SUCCEEDED;
    Integer statusCode =
        ok ? Integer.valueOf(200) : status == Attempt.Status.RETRYING ? null : Integer.valueOf(500);
    return new Attempt(
        Cuid.next(),
        Cuid.next(),
        webhook,
        tenant,
        Cuid.next(),
        event,
        "https://receiver.example/in",
        ok ? 1 : 2,
        status,
        statusCode,
        12,
        ok ? null : "Failed to call webhook: 500",
        ok ? "{\"ok\":true}" : "oops",
        at);
  }

  protected static AttemptQuery query(
      String tenant, String webhook, String status, String event, int limit, int offset) {
    return new AttemptQuery(tenant, webhook, status, event, limit, offset);
  }

  protected Future<List<DeliveryJob>> claim(String node, int max) {
    return stores.queue().claim(node, max, LEASE);
  }

  /**
   * Creates {@code w}, accepts {@code e} with its one delivery {@code d}, claims it on node-a and
   * completes it with {@code outcome}: the webhooks the outcome disabled.
   */
  protected Future<List<String>> claimThenComplete(
      Webhook w, Event e, Delivery d, Outcome outcome) {
    return stores
        .webhooks()
        .create(w)
        .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
        .compose(x -> claim("node-a", 10))
        .compose(x -> stores.queue().complete("node-a", List.of(outcome), 100));
  }

  protected Future<Void> createAll(List<Webhook> webhooks) {
    Future<Void> chain = Future.succeededFuture();
    for (Webhook w : webhooks) {
      chain = chain.compose(v -> stores.webhooks().create(w).mapEmpty());
    }
    return chain;
  }

  /**
   * Accepts each event (in the given order) with one delivery to {@code w}, and fills {@code
   * deliveryCuids} with the delivery cuids in the order of {@code reference}.
   */
  protected Future<Void> acceptEach(
      List<Event> events, Webhook w, List<String> deliveryCuids, List<Event> reference) {
    Map<String, String> byEvent = new HashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (Event e : events) {
      Delivery d = Delivery.pending(e, w, MAX_RETRIES);
      byEvent.put(e.cuid(), d.cuid());
      chain = chain.compose(v -> stores.events().accept(e, List.of(d), LONG_AGO).mapEmpty());
    }
    reference.forEach(e -> deliveryCuids.add(byEvent.get(e.cuid())));
    return chain;
  }

  protected void assertFinished(Optional<Delivery> delivery, Delivery.Status status) {
    if (keepsFinishedDeliveries()) {
      assertThat(delivery).map(Delivery::status).contains(status);
    } else {
      assertThat(delivery).as("dropped once " + status.wire()).isEmpty();
    }
  }

  protected static <T> List<T> plus(List<T> list, T item) {
    List<T> out = new ArrayList<>(list);
    out.add(item);
    return out;
  }

  protected static <T> List<T> plus(List<T> list, List<T> more) {
    List<T> out = new ArrayList<>(list);
    out.addAll(more);
    return out;
  }

  protected static <T> List<T> shuffled(List<T> list) {
    List<T> out = new ArrayList<>(list);
    Collections.shuffle(out);
    return out;
  }
}
