package io.hookrelay.store.pg;

import io.hookrelay.store.Receipt;
import io.hookrelay.webhook.Delivery;
import io.hookrelay.webhook.Event;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups the events (without idempotency key) that one event loop accepts into one statement: one
 * transaction, one commit, one WAL flush for all of them. While one statement runs, the events that
 * arrive wait for the next, so batches grow with the load and commits never queue up. Each producer
 * is still answered only after that commit. One batch per event loop (kept in the context), so no
 * locks and every answer comes back on the caller's own thread.
 */
final class AcceptBatch {

  static final int MAX_EVENTS = 128;
  private static final String KEY = AcceptBatch.class.getName();

  static final String INSERT_MANY =
      """
      WITH ins_events AS (
        INSERT INTO events (cuid, tenant_cuid, event, client_cuid, body, deliveries, created_at)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::int[], $7::timestamptz[])
        RETURNING 1
      ), ins_deliveries AS (
        INSERT INTO deliveries (cuid, tenant_cuid, event_cuid, webhook_cuid, event, status, attempts, max_attempts,
                                next_attempt_at, created_at)
        SELECT d.cuid, d.tenant_cuid, d.event_cuid, d.webhook_cuid, d.event, 'pending', 0, d.max_attempts,
               d.next_attempt_at, d.next_attempt_at
        FROM unnest($8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::int[], $14::timestamptz[])
               WITH ORDINALITY AS d(cuid, tenant_cuid, event_cuid, webhook_cuid, event, max_attempts, next_attempt_at, n)
        ORDER BY d.n
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM ins_events) AS events, (SELECT count(*) FROM ins_deliveries) AS deliveries""";

  private record Pending(Event event, List<Delivery> deliveries, Promise<Receipt> answer) {}

  private final Pool pool;
  private final Runnable onDeliveriesAdded;
  private List<Pending> pending = new ArrayList<>();

  /**
   * One statement at a time per event loop: what arrives meanwhile forms the next, larger batch.
   */
  private boolean writing;

  private AcceptBatch(Pool pool, Runnable onDeliveriesAdded) {
    this.pool = pool;
    this.onDeliveriesAdded = onDeliveriesAdded;
  }

  /** Adds the event to this event loop's batch; the batch is written once the loop is free. */
  static Future<Receipt> add(
      Context context,
      Pool pool,
      Runnable onDeliveriesAdded,
      Event event,
      List<Delivery> deliveries) {
    AcceptBatch batch = context.get(KEY);
    if (batch == null) {
      batch = new AcceptBatch(pool, onDeliveriesAdded);
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
    pool.preparedQuery(INSERT_MANY)
        .execute(params(batch))
        .onComplete(
            ar -> {
              writing = false;
              flush();
              if (ar.failed()) {
                batch.forEach(p -> p.answer().fail(ar.cause()));
                return;
              }
              boolean any = false;
              for (Pending p : batch) {
                any |= !p.deliveries().isEmpty();
                p.answer().complete(new Receipt(p.event().cuid(), p.deliveries().size(), false));
              }
              if (any) {
                onDeliveriesAdded.run();
              }
            });
  }

  private static Tuple params(List<Pending> batch) {
    int events = batch.size();
    int total = batch.stream().mapToInt(p -> p.deliveries().size()).sum();
    String[] eCuid = new String[events];
    String[] eTenant = new String[events];
    String[] eName = new String[events];
    String[] eClient = new String[events];
    Buffer[] eBody = new Buffer[events];
    Integer[] eCount = new Integer[events];
    OffsetDateTime[] eAt = new OffsetDateTime[events];
    String[] dCuid = new String[total];
    String[] dTenant = new String[total];
    String[] dEvent = new String[total];
    String[] dWebhook = new String[total];
    String[] dName = new String[total];
    Integer[] dMax = new Integer[total];
    OffsetDateTime[] dAt = new OffsetDateTime[total];
    int j = 0;
    for (int i = 0; i < events; i++) {
      Event e = batch.get(i).event();
      eCuid[i] = e.cuid();
      eTenant[i] = e.tenantCuid();
      eName[i] = e.event();
      eClient[i] = e.clientCuid();
      eBody[i] = Buffer.buffer(e.body());
      eCount[i] = batch.get(i).deliveries().size();
      eAt[i] = Sql.ts(e.createdAt());
      for (Delivery d : batch.get(i).deliveries()) {
        dCuid[j] = d.cuid();
        dTenant[j] = d.tenantCuid();
        dEvent[j] = d.eventCuid();
        dWebhook[j] = d.webhookCuid();
        dName[j] = d.event();
        dMax[j] = d.maxAttempts();
        dAt[j] = Sql.ts(d.nextAttemptAt());
        j++;
      }
    }
    return Tuple.tuple()
        .addArrayOfString(eCuid)
        .addArrayOfString(eTenant)
        .addArrayOfString(eName)
        .addArrayOfString(eClient)
        .addArrayOfBuffer(eBody)
        .addArrayOfInteger(eCount)
        .addArrayOfOffsetDateTime(eAt)
        .addArrayOfString(dCuid)
        .addArrayOfString(dTenant)
        .addArrayOfString(dEvent)
        .addArrayOfString(dWebhook)
        .addArrayOfString(dName)
        .addArrayOfInteger(dMax)
        .addArrayOfOffsetDateTime(dAt);
  }
}
