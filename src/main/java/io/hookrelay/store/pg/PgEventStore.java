package io.hookrelay.store.pg;

import io.hookrelay.store.EventStore;
import io.hookrelay.store.Receipt;
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

  static final String ACCEPT =
      """
      WITH ins_event AS (
        INSERT INTO events (cuid, tenant_cuid, idempotency_key, event, client_cuid, body, deliveries, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, cardinality($7::text[]), $8)
        ON CONFLICT (tenant_cuid, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
        RETURNING cuid
      ), ins_deliveries AS (
        INSERT INTO deliveries (cuid, tenant_cuid, event_cuid, webhook_cuid, event, status, attempts, max_attempts,
                                next_attempt_at, created_at)
        SELECT d.cuid, $2, e.cuid, d.webhook_cuid, $4, d.status, d.attempts, d.max_attempts, d.next_attempt_at,
               d.created_at
        FROM ins_event e,
             unnest($7::text[], $9::text[], $10::text[], $11::int[], $12::int[], $13::timestamptz[], $14::timestamptz[])
               WITH ORDINALITY AS d(cuid, webhook_cuid, status, attempts, max_attempts, next_attempt_at, created_at, n)
        ORDER BY d.n
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM ins_event) AS inserted,
             (SELECT count(*) FROM ins_deliveries) AS deliveries""";

  static final String FIRST_WITH_KEY =
      "SELECT cuid, deliveries, created_at FROM events WHERE tenant_cuid = $1 AND idempotency_key = $2";

  /** A key older than the window may be used again: the old event lets go of it. */
  static final String FORGET_KEY =
      "UPDATE events SET idempotency_key = NULL WHERE cuid = $1 AND created_at < $2";

  private record First(String eventCuid, int deliveries, Instant createdAt) {}

  private final Pool pool;
  private final Notifier notifier;

  PgEventStore(Pool pool, Notifier notifier) {
    this.pool = pool;
    this.notifier = notifier;
  }

  /**
   * Events without an idempotency key are written in batches per event loop ({@link AcceptBatch});
   * a keyed event goes alone, as its key may already be taken.
   */
  @Override
  public Future<Receipt> accept(Event event, List<Delivery> deliveries, Instant idempotentSince) {
    Context context = Vertx.currentContext();
    if (event.idempotencyKey() == null && context != null) {
      return AcceptBatch.add(context, pool, notifier::deliveriesAdded, event, deliveries);
    }
    return tryAccept(event, deliveries, idempotentSince, MAX_TRIES);
  }

  private Future<Receipt> tryAccept(
      Event event, List<Delivery> deliveries, Instant since, int triesLeft) {
    return insert(event, deliveries)
        .compose(
            inserted -> {
              if (inserted) {
                if (!deliveries.isEmpty()) {
                  notifier.deliveriesAdded();
                }
                return Future.succeededFuture(new Receipt(event.cuid(), deliveries.size(), false));
              }
              return firstWithKey(event)
                  .compose(
                      first -> {
                        if (first.isPresent() && !first.get().createdAt().isBefore(since)) {
                          return Future.succeededFuture(
                              new Receipt(first.get().eventCuid(), first.get().deliveries(), true));
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

  private Future<Boolean> insert(Event event, List<Delivery> deliveries) {
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
            .addArrayOfOffsetDateTime(createdAt);
    return pool.preparedQuery(ACCEPT)
        .execute(params)
        .map(rows -> rows.iterator().next().getLong("inserted") > 0);
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
