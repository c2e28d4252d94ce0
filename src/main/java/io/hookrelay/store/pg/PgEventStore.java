package io.hookrelay.store.pg;

import io.hookrelay.store.EventStore;
import io.hookrelay.store.Receipt;
import io.hookrelay.store.TooManyPendingException;
import io.hookrelay.webhook.Delivery;
import io.hookrelay.webhook.Event;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Accepts events: the event row and all its delivery rows in one statement (so one transaction and
 * one round trip); the {@link Notifier} then wakes the dispatchers of every node. The idempotency
 * key is unique per tenant in the schema, so two producers racing with the same key cannot both
 * win: the loser's insert does nothing and it answers with the winner's receipt.
 */
final class PgEventStore implements EventStore {

  /**
   * Attempts at inserting when an expired key has to be cleared first; racing producers need two at
   * most.
   */
  private static final int MAX_TRIES = 3;

  /**
   * The event (unless its key is taken, or it has deliveries and its tenant already has {@code $15}
   * or more pending) and its deliveries. {@code refused} says the tenant's quota stopped it.
   */
  static final String ACCEPT =
      """
      WITH quota AS (
        SELECT cardinality($7::text[]) > 0
               AND coalesce((SELECT sum(pending) FROM tenant_pending WHERE tenant_cuid = $2), 0) >= $15::int
               AS refused
      ), ins_event AS (
        INSERT INTO events (cuid, tenant_cuid, idempotency_key, event, client_cuid, body, deliveries, created_at,
                            traceparent)
        SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::bytea, cardinality($7::text[]), $8::timestamptz,
               $16::text
        FROM quota WHERE NOT refused
        ON CONFLICT (tenant_cuid, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
        RETURNING cuid
      ), ins_deliveries AS (
        INSERT INTO deliveries (cuid, tenant_cuid, event_cuid, webhook_cuid, event, status, attempts, max_attempts,
                                next_attempt_at, created_at, ordering_key, paced)
        SELECT d.cuid, $2, e.cuid, d.webhook_cuid, $4, d.status, d.attempts, d.max_attempts, d.next_attempt_at,
               d.created_at, d.ordering_key,
               EXISTS (SELECT 1 FROM webhook_pacing p WHERE p.webhook_cuid = d.webhook_cuid)
        FROM ins_event e,
             unnest($7::text[], $9::text[], $10::text[], $11::int[], $12::int[], $13::timestamptz[], $14::timestamptz[],
                    $17::text[])
               WITH ORDINALITY AS d(cuid, webhook_cuid, status, attempts, max_attempts, next_attempt_at, created_at,
                                    ordering_key, n)
        ORDER BY d.n
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM ins_event) AS inserted,
             (SELECT count(*) FROM ins_deliveries) AS deliveries,
             (SELECT refused FROM quota) AS refused""";

  static final String FIRST_WITH_KEY =
      "SELECT cuid, deliveries, created_at FROM events WHERE tenant_cuid = $1 AND idempotency_key = $2";

  /** A key older than the window may be used again: the old event lets go of it. */
  static final String FORGET_KEY =
      "UPDATE events SET idempotency_key = NULL WHERE cuid = $1 AND created_at < $2";

  private record First(String eventCuid, int deliveries, Instant createdAt) {}

  /** What the insert did: stored the event, or not because of its key or of the quota. */
  private enum Inserted {
    STORED,
    KEY_TAKEN,
    OVER_QUOTA
  }

  private final Pool pool;
  private final HandOver handOver;
  private final Notifier notifier;
  private final int maxPendingPerTenant;

  PgEventStore(Pool pool, HandOver handOver, Notifier notifier, int maxPendingPerTenant) {
    this.pool = pool;
    this.handOver = handOver;
    this.notifier = notifier;
    this.maxPendingPerTenant = maxPendingPerTenant;
  }

  /**
   * Events without an idempotency key are written in batches per event loop ({@link AcceptBatch});
   * a keyed event goes alone, as its key may already be taken.
   */
  @Override
  public Future<Receipt> accept(Event event, List<Delivery> deliveries, Instant idempotentSince) {
    Context context = Vertx.currentContext();
    if (event.idempotencyKey() == null && context != null) {
      return AcceptBatch.add(
          context,
          pool,
          handOver,
          notifier::deliveriesAdded,
          maxPendingPerTenant,
          event,
          deliveries);
    }
    return tryAccept(event, deliveries, idempotentSince, MAX_TRIES)
        .recover(e -> Future.failedFuture(PgErrors.isDataError(e) ? PgErrors.unstorable(e) : e));
  }

  private Future<Receipt> tryAccept(
      Event event, List<Delivery> deliveries, Instant since, int triesLeft) {
    return insert(event, deliveries)
        .compose(
            inserted -> {
              if (inserted == Inserted.STORED) {
                if (!deliveries.isEmpty()) {
                  notifier.deliveriesAdded();
                }
                return Future.succeededFuture(new Receipt(event.cuid(), deliveries.size(), false));
              }
              if (event.idempotencyKey() == null) { // refused by the quota, no key to replay
                return Future.failedFuture(new TooManyPendingException(maxPendingPerTenant));
              }
              return firstWithKey(event)
                  .compose(
                      first -> {
                        if (first.isPresent() && !first.get().createdAt().isBefore(since)) {
                          return Future.succeededFuture(
                              new Receipt(first.get().eventCuid(), first.get().deliveries(), true));
                        }
                        if (inserted == Inserted.OVER_QUOTA) {
                          return Future.failedFuture(
                              new TooManyPendingException(maxPendingPerTenant));
                        }
                        if (triesLeft <= 1) {
                          return Future.failedFuture(
                              new IllegalStateException(
                                  "idempotency key of event "
                                      + event.cuid()
                                      + " stayed contended"));
                        }
                        Future<Void> forgotten =
                            first.isPresent()
                                ? forget(first.get(), since)
                                : Future.succeededFuture();
                        return forgotten.compose(
                            v -> tryAccept(event, deliveries, since, triesLeft - 1));
                      });
            });
  }

  private Future<Inserted> insert(Event event, List<Delivery> deliveries) {
    int n = deliveries.size();
    String[] cuids = new String[n];
    String[] webhooks = new String[n];
    String[] statuses = new String[n];
    Integer[] attempts = new Integer[n];
    Integer[] maxAttempts = new Integer[n];
    OffsetDateTime[] nextAttemptAt = new OffsetDateTime[n];
    OffsetDateTime[] createdAt = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      Delivery d = deliveries.get(i);
      cuids[i] = d.cuid();
      webhooks[i] = d.webhookCuid();
      statuses[i] = d.status().wire();
      attempts[i] = d.attempts();
      maxAttempts[i] = d.maxAttempts();
      nextAttemptAt[i] = Sql.ts(d.nextAttemptAt());
      createdAt[i] = Sql.ts(d.createdAt());
    }
    Tuple params =
        Tuple.tuple()
            .addString(event.cuid())
            .addString(event.tenantCuid())
            .addString(event.idempotencyKey())
            .addString(event.event())
            .addString(event.clientCuid())
            .addBuffer(Buffer.buffer(event.body()))
            .addArrayOfString(cuids)
            .addOffsetDateTime(Sql.ts(event.createdAt()))
            .addArrayOfString(webhooks)
            .addArrayOfString(statuses)
            .addArrayOfInteger(attempts)
            .addArrayOfInteger(maxAttempts)
            .addArrayOfOffsetDateTime(nextAttemptAt)
            .addArrayOfOffsetDateTime(createdAt)
            .addInteger(maxPendingPerTenant)
            .addString(event.traceparent())
            .addArrayOfString(
                deliveries.stream().map(Delivery::orderingKey).toArray(String[]::new));
    return pool.preparedQuery(ACCEPT)
        .execute(params)
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return row.getLong("inserted") > 0
                  ? Inserted.STORED
                  : row.getBoolean("refused") ? Inserted.OVER_QUOTA : Inserted.KEY_TAKEN;
            });
  }

  private Future<Optional<First>> firstWithKey(Event event) {
    return pool.preparedQuery(FIRST_WITH_KEY)
        .execute(Tuple.of(event.tenantCuid(), event.idempotencyKey()))
        .map(rows -> Sql.first(rows, PgEventStore::first));
  }

  private Future<Void> forget(First first, Instant since) {
    return pool.preparedQuery(FORGET_KEY)
        .execute(Tuple.of(first.eventCuid(), Sql.ts(since)))
        .mapEmpty();
  }

  private static First first(Row row) {
    return new First(
        row.getString("cuid"), row.getInteger("deliveries"), Sql.instant(row, "created_at"));
  }
}
