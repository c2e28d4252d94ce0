package io.hookrelay.store.pg;

import io.hookrelay.store.DeliveryJob;
import io.hookrelay.store.Receipt;
import io.hookrelay.store.TooManyPendingException;
import io.hookrelay.webhook.Delivery;
import io.hookrelay.webhook.Event;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups the events (without idempotency key) that one event loop accepts into one statement: one
 * transaction, one commit, one WAL flush for all of them. While one statement runs, the events that
 * arrive wait for the next, so batches grow with the load and commits never queue up. Each producer
 * is still answered only after that commit. One batch per event loop (kept in the context), so no
 * locks and every answer comes back on the caller's own thread.
 */
final class AcceptBatch {

  private static final Logger LOG = LoggerFactory.getLogger(AcceptBatch.class);
  static final int MAX_EVENTS = 128;
  private static final String KEY = AcceptBatch.class.getName();

  /**
   * Inserts the batch's events and their deliveries, except the events (with deliveries) of a
   * tenant that already has {@code $17} or more pending deliveries (counted in {@code
   * tenant_pending}, plus those of its events earlier in this batch). A delivery to a webhook with
   * delivery controls ({@code webhook_pacing}, V8) is {@code paced}. The deliveries to enabled
   * webhooks without controls take the places {@code $18} holds at dispatchers of this node ({@link
   * HandOver}), one each in order while places last, and are inserted leased to that dispatcher for
   * {@code $19} ms. Returns the refused events, and the handed deliveries with what it takes to
   * send them.
   */
  static final String INSERT_MANY =
      """
      WITH batch AS (
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::int[], $7::timestamptz[], $8::text[])
          WITH ORDINALITY AS b(cuid, tenant_cuid, event, client_cuid, body, deliveries, created_at, traceparent, n)
      ), pending AS (
        SELECT tenant_cuid, sum(pending) AS pending FROM tenant_pending
        WHERE tenant_cuid IN (SELECT tenant_cuid FROM batch) GROUP BY tenant_cuid
      ), admitted AS (
        SELECT b.cuid, b.tenant_cuid, b.event, b.client_cuid, b.body, b.deliveries, b.created_at, b.traceparent
        FROM (SELECT *, sum(deliveries) OVER (PARTITION BY tenant_cuid ORDER BY n) - deliveries AS earlier
              FROM batch) b
        LEFT JOIN pending p USING (tenant_cuid)
        WHERE b.deliveries = 0 OR coalesce(p.pending, 0) + b.earlier < $17
      ), ins_events AS (
        INSERT INTO events (cuid, tenant_cuid, event, client_cuid, body, deliveries, created_at, traceparent)
        SELECT * FROM admitted
        RETURNING 1
      ), planned AS (
        SELECT d.*, x.paced, CASE WHEN y.handable
                 THEN ($18::text[])[count(*) FILTER (WHERE y.handable) OVER (ORDER BY d.n)] END AS locked_by,
               w.url, w.secret, w.ssl_verification,
               CASE WHEN w.previous_secret_expires_at > now() THEN w.previous_secret END AS previous_secret,
               CASE WHEN w.previous_secret_expires_at > now() THEN w.previous_secret_expires_at END
                 AS previous_secret_expires_at
        FROM unnest($9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::int[], $15::timestamptz[], $16::text[])
               WITH ORDINALITY AS d(cuid, tenant_cuid, event_cuid, webhook_cuid, event, max_attempts, next_attempt_at, ordering_key, n)
        LEFT JOIN webhooks w ON w.cuid = d.webhook_cuid
        CROSS JOIN LATERAL (
          SELECT EXISTS (SELECT 1 FROM webhook_pacing p WHERE p.webhook_cuid = d.webhook_cuid) AS paced) x
        CROSS JOIN LATERAL (SELECT NOT x.paced AND coalesce(w.enabled, false) AS handable) y
        WHERE d.event_cuid IN (SELECT cuid FROM admitted)
      ), ins_deliveries AS (
        INSERT INTO deliveries (cuid, tenant_cuid, event_cuid, webhook_cuid, event, status, attempts, max_attempts,
                                next_attempt_at, created_at, ordering_key, paced, locked_by, locked_until)
        SELECT cuid, tenant_cuid, event_cuid, webhook_cuid, event, 'pending', 0, max_attempts,
               next_attempt_at, next_attempt_at, ordering_key, paced, locked_by,
               CASE WHEN locked_by IS NOT NULL THEN now() + $19::bigint * interval '1 millisecond' END
        FROM planned
        ORDER BY n
        RETURNING 1
      )
      SELECT cuid, NULL AS locked_by, NULL AS url, NULL AS secret, NULL::boolean AS ssl_verification,
             NULL AS previous_secret, NULL::timestamptz AS previous_secret_expires_at
      FROM batch WHERE cuid NOT IN (SELECT cuid FROM admitted)
      UNION ALL
      SELECT cuid, locked_by, url, secret, ssl_verification, previous_secret, previous_secret_expires_at
      FROM planned WHERE locked_by IS NOT NULL""";

  record Pending(Event event, List<Delivery> deliveries, Promise<Receipt> answer) {}

  /** {@code $1}–{@code $8} of {@link #INSERT_MANY}: the batch's events. */
  static final Unnest<Pending> EVENTS =
      Unnest.<Pending>of()
          .text("cuid", p -> p.event().cuid())
          .text("tenant_cuid", p -> p.event().tenantCuid())
          .text("event", p -> p.event().event())
          .text("client_cuid", p -> p.event().clientCuid())
          .bytea("body", p -> Buffer.buffer(p.event().body()))
          .integer("deliveries", p -> p.deliveries().size())
          .timestamptz("created_at", p -> Sql.ts(p.event().createdAt()))
          .text("traceparent", p -> p.event().traceparent());

  /** {@code $9}–{@code $16} of {@link #INSERT_MANY}: their deliveries, event by event. */
  static final Unnest<Delivery> DELIVERIES =
      Unnest.<Delivery>of()
          .text("cuid", Delivery::cuid)
          .text("tenant_cuid", Delivery::tenantCuid)
          .text("event_cuid", Delivery::eventCuid)
          .text("webhook_cuid", Delivery::webhookCuid)
          .text("event", Delivery::event)
          .integer("max_attempts", Delivery::maxAttempts)
          .timestamptz("next_attempt_at", d -> Sql.ts(d.nextAttemptAt()))
          .text("ordering_key", Delivery::orderingKey);

  private final Pool pool;
  private final HandOver handOver;
  private final Runnable onDeliveriesAdded;
  private final int maxPendingPerTenant;
  private List<Pending> pending = new ArrayList<>();

  /**
   * One statement at a time per event loop: what arrives meanwhile forms the next, larger batch.
   */
  private boolean writing;

  private AcceptBatch(
      Pool pool, HandOver handOver, Runnable onDeliveriesAdded, int maxPendingPerTenant) {
    this.pool = pool;
    this.handOver = handOver;
    this.onDeliveriesAdded = onDeliveriesAdded;
    this.maxPendingPerTenant = maxPendingPerTenant;
  }

  /** Adds the event to this event loop's batch; the batch is written once the loop is free. */
  static Future<Receipt> add(
      Context context,
      Pool pool,
      HandOver handOver,
      Runnable onDeliveriesAdded,
      int maxPendingPerTenant,
      Event event,
      List<Delivery> deliveries) {
    AcceptBatch batch = context.get(KEY);
    if (batch == null) {
      batch = new AcceptBatch(pool, handOver, onDeliveriesAdded, maxPendingPerTenant);
      context.put(KEY, batch);
    }
    return batch.add(context, event, deliveries);
  }

  private Future<Receipt> add(Context context, Event event, List<Delivery> deliveries) {
    Promise<Receipt> answer = Promise.promise();
    pending.add(new Pending(event, deliveries, answer));
    if (pending.size() == 1 && !writing) {
      context.runOnContext(v -> flush());
    }
    return answer.future();
  }

  private void flush() {
    if (pending.isEmpty() || writing) {
      return;
    }
    List<Pending> batch;
    if (pending.size() <= MAX_EVENTS) {
      batch = pending;
      pending = new ArrayList<>();
    } else {
      batch = new ArrayList<>(pending.subList(0, MAX_EVENTS));
      pending = new ArrayList<>(pending.subList(MAX_EVENTS, pending.size()));
    }
    writing = true;
    write(batch)
        .eventually(
            () -> {
              writing = false;
              flush();
              return Future.succeededFuture();
            })
        .recover(
            e -> PgErrors.isDataError(e) && batch.size() > 1 ? oneByOne(batch) : failAll(batch, e));
  }

  /**
   * One statement for the batch; answers every event it stored or refused, and hands the deliveries
   * leased to dispatchers of this node over to them.
   */
  private Future<Void> write(List<Pending> batch) {
    List<Delivery> deliveries = batch.stream().flatMap(p -> p.deliveries().stream()).toList();
    HandOver.Plan plan = handOver.plan(deliveries.size());
    return pool.preparedQuery(INSERT_MANY)
        .execute(params(batch, deliveries, plan))
        .onFailure(e -> handOver.cancel(plan))
        .map(
            rows -> {
              Set<String> refused = new HashSet<>();
              Map<String, Row> handed = new HashMap<>();
              for (Row row : rows) {
                if (row.getString("locked_by") == null) {
                  refused.add(row.getString("cuid"));
                } else {
                  handed.put(row.getString("cuid"), row);
                }
              }
              handOver(plan, batch, handed);
              boolean waiting = false;
              for (Pending p : batch) {
                if (refused.contains(p.event().cuid())) {
                  p.answer().fail(new TooManyPendingException(maxPendingPerTenant));
                } else {
                  int handedOver =
                      (int)
                          p.deliveries().stream().filter(d -> handed.containsKey(d.cuid())).count();
                  waiting |= handedOver < p.deliveries().size();
                  p.answer()
                      .complete(
                          new Receipt(p.event().cuid(), p.deliveries().size(), false, handedOver));
                }
              }
              if (waiting) {
                onDeliveriesAdded.run();
              }
              return null;
            });
  }

  /** The committed deliveries leased to dispatchers wait for them now. */
  private void handOver(HandOver.Plan plan, List<Pending> batch, Map<String, Row> handed) {
    if (!plan.any()) {
      return;
    }
    Map<String, List<DeliveryJob>> byClaimer = new HashMap<>();
    for (Pending p : batch) {
      for (Delivery d : p.deliveries()) {
        Row row = handed.get(d.cuid());
        if (row != null) {
          byClaimer
              .computeIfAbsent(row.getString("locked_by"), c -> new ArrayList<>())
              .add(job(p.event(), d, row));
        }
      }
    }
    List<DeliveryJob> orphans = handOver.deliver(plan, byClaimer);
    orphans.stream()
        .map(j -> handed.get(j.deliveryCuid()).getString("locked_by"))
        .distinct()
        .forEach(claimer -> PgQueue.handBack(pool, claimer)); // it stopped during the insert
  }

  private static DeliveryJob job(Event event, Delivery d, Row row) {
    return DeliveryJob.nextAttempt(
        d,
        event,
        row.getString("url"),
        row.getString("secret"),
        row.getBoolean("ssl_verification"),
        row.getString("previous_secret"),
        Sql.instant(row, "previous_secret_expires_at"),
        0);
  }

  /**
   * A value of some event broke the batch's statement (U+0000 in a text column, say): each event
   * goes again on its own, so only the bad one fails and the others, of any tenant, are stored.
   */
  private Future<Void> oneByOne(List<Pending> batch) {
    LOG.warn(
        "a batch of {} events failed on a value of one of them; writing them one by one",
        batch.size());
    List<Future<Void>> singles = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      singles.add(write(List.of(p)).recover(e -> failAll(List.of(p), e)));
    }
    return Future.join(singles).mapEmpty();
  }

  private static Future<Void> failAll(List<Pending> batch, Throwable e) {
    Throwable cause = PgErrors.isDataError(e) ? PgErrors.unstorable(e) : e;
    batch.forEach(p -> p.answer().tryFail(cause));
    return Future.succeededFuture();
  }

  private Tuple params(List<Pending> batch, List<Delivery> deliveries, HandOver.Plan plan) {
    return DELIVERIES
        .bind(EVENTS.bind(Tuple.tuple(), batch), deliveries)
        .addInteger(maxPendingPerTenant)
        .addArrayOfString(plan.places)
        .addLong(plan.leaseMillis);
  }
}
