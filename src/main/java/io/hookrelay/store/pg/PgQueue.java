package io.hookrelay.store.pg;

import io.hookrelay.store.DeliveryJob;
import io.hookrelay.store.DeliveryQueue;
import io.hookrelay.store.ManualRetry;
import io.hookrelay.store.Outcome;
import io.hookrelay.webhook.Delivery;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery queue as a table. Dispatchers claim due rows with {@code FOR UPDATE SKIP LOCKED}
 * under a lease ({@code locked_by}, {@code locked_until}); a claim whose lease ran out is due
 * again. Outcomes come back in batches, one statement per batch, or one short transaction when a
 * batch holds failures that move a webhook's streak.
 *
 * <p>Deliveries to webhooks with delivery controls (rate limit, per-key ordering) are {@code paced}
 * rows: the plain claim leaves them to {@code claim_paced()} (migration V8), which a claim calls
 * first, except for a short while after it found nothing to claim ({@link #PACED_IDLE_NANOS}), so
 * that a queue without paced deliveries costs the plain claim nothing more.
 */
final class PgQueue implements DeliveryQueue {

  private static final Logger LOG = LoggerFactory.getLogger(PgQueue.class);

  static final String DELIVERY_COLUMNS =
      "cuid, tenant_cuid, event_cuid, webhook_cuid, event, status, attempts, "
          + "max_attempts, next_attempt_at, created_at";

  /**
   * Locks the oldest due rows nobody holds, cancels those whose webhook is gone or disabled or
   * whose tenant has its webhooks switched off, leases the rest to the claimer and returns them
   * with what it takes to send them.
   */
  static final String CLAIM =
      """
      WITH due AS MATERIALIZED (
        SELECT id FROM deliveries
        WHERE status = 'pending' AND NOT paced AND next_attempt_at <= now()
          AND (locked_until IS NULL OR locked_until < now())
        ORDER BY next_attempt_at, id
        LIMIT $2
        FOR UPDATE SKIP LOCKED
      ), live AS (
        SELECT d.id, w.url, w.secret, w.ssl_verification,
               CASE WHEN w.previous_secret_expires_at > now() THEN w.previous_secret END AS previous_secret,
               CASE WHEN w.previous_secret_expires_at > now() THEN w.previous_secret_expires_at END
                 AS previous_secret_expires_at
        FROM due JOIN deliveries d USING (id) JOIN webhooks w ON w.cuid = d.webhook_cuid AND w.enabled
        WHERE NOT EXISTS (SELECT 1 FROM tenants t WHERE t.cuid = d.tenant_cuid AND NOT t.webhooks_enabled)
      ), cancelled AS (
        UPDATE deliveries SET status = 'cancelled', locked_until = NULL, locked_by = NULL
        WHERE id IN (SELECT id FROM due EXCEPT SELECT id FROM live)
      ), claimed AS (
        UPDATE deliveries d SET locked_until = now() + $3::bigint * interval '1 millisecond', locked_by = $1
        FROM live WHERE d.id = live.id
        RETURNING d.id, d.cuid, d.tenant_cuid, d.event_cuid, d.webhook_cuid, d.event, d.attempts, d.max_attempts,
                  d.next_attempt_at, live.url, live.secret, live.ssl_verification,
                  live.previous_secret, live.previous_secret_expires_at
      )
      SELECT c.*, e.body, e.traceparent FROM claimed c JOIN events e ON e.cuid = c.event_cuid
      ORDER BY c.next_attempt_at, c.id""";

  /** Claims due paced deliveries: rate-limit slots and per-key turns (migration V8). */
  static final String CLAIM_PACED = "SELECT * FROM claim_paced($1, $2, $3)";

  /** How long claims skip the paced claim after it found nothing (unless a paced one finished). */
  static final long PACED_IDLE_NANOS = 50_000_000L;

  private static final int MAX_PACED_TRACKED = 100_000;

  /** Writes a batch of outcomes onto the rows still claimed; returns which outcomes took effect. */
  static final String FINISH =
      """
      UPDATE deliveries d SET
        status = CASE o.kind WHEN 'SUCCEEDED' THEN 'succeeded' WHEN 'RETRY' THEN 'pending'
                             WHEN 'DEFERRED' THEN 'pending' ELSE 'failed' END,
        attempts = o.attempts,
        next_attempt_at = coalesce(o.next_attempt_at, d.next_attempt_at),
        locked_until = NULL,
        locked_by = NULL
      FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[])
             WITH ORDINALITY AS o(cuid, kind, attempts, next_attempt_at, n)
      WHERE d.cuid = o.cuid AND d.status = 'pending' AND d.locked_by = $5
      RETURNING o.n, d.webhook_cuid, o.kind""";

  /**
   * A batch without failures: the outcomes, and the streak reset of the webhooks that succeeded.
   */
  static final String FINISH_AND_RESET =
      "WITH done AS (\n"
          + FINISH
          + """

      ), reset AS (
        UPDATE webhooks SET consecutive_failures = 0
        WHERE cuid IN (SELECT webhook_cuid FROM done WHERE kind = 'SUCCEEDED') AND consecutive_failures <> 0
      )
      SELECT n FROM done""";

  /**
   * The webhooks whose streak a batch with failures moves, locked in one order against deadlocks.
   */
  static final String LOCK_WEBHOOKS =
      "SELECT cuid, enabled, consecutive_failures FROM webhooks WHERE cuid = ANY($1::text[]) ORDER BY cuid FOR UPDATE";

  /**
   * New streaks; disabled webhooks also lose their waiting deliveries. Returns the disabled cuids.
   */
  static final String WRITE_STREAKS =
      """
      WITH u AS (
        SELECT * FROM unnest($1::text[], $2::int[], $3::boolean[], $4::text[]) AS u(cuid, failures, disable, reason)
      ), changed AS (
        UPDATE webhooks w SET
          consecutive_failures = u.failures,
          enabled = w.enabled AND NOT u.disable,
          disabled_reason = CASE WHEN u.disable THEN u.reason ELSE w.disabled_reason END,
          updated_at = CASE WHEN u.disable THEN now() ELSE w.updated_at END
        FROM u
        WHERE w.cuid = u.cuid AND (w.consecutive_failures <> u.failures OR u.disable)
        RETURNING w.cuid, u.disable
      ), cancelled AS (
        UPDATE deliveries SET status = 'cancelled', locked_until = NULL, locked_by = NULL
        WHERE webhook_cuid IN (SELECT cuid FROM changed WHERE disable) AND status = 'pending' AND locked_by IS NULL
      )
      SELECT cuid FROM changed WHERE disable""";

  static final String RELEASE =
      """
      WITH released AS (
        UPDATE deliveries SET locked_until = NULL, locked_by = NULL
        WHERE status = 'pending' AND locked_by = $1
        RETURNING 1
      ), notify AS (
        SELECT pg_notify('%s', '') WHERE EXISTS (SELECT 1 FROM released)
      )
      SELECT (SELECT count(*) FROM released) AS released, (SELECT count(*) FROM notify) AS notified"""
          .formatted(Sql.DELIVERIES_CHANNEL);

  /**
   * Queues the tenant's delivery again only if it failed; one row when the delivery exists, with
   * what it was ({@code found_status}) and, when it was queued, its new state.
   */
  static final String RETRY_NOW =
      """
      WITH found AS (
        SELECT id AS found_id, status AS found_status FROM deliveries
        WHERE cuid = $1 AND tenant_cuid = $2
        FOR UPDATE
      ), retried AS (
        UPDATE deliveries SET status = 'pending', max_attempts = attempts + 1, next_attempt_at = now(),
                              locked_until = NULL, locked_by = NULL
        FROM found WHERE id = found_id AND found_status = 'failed'
        RETURNING %s
      ), notify AS (
        SELECT pg_notify('%s', '') FROM retried
      )
      SELECT found.found_status, retried.*, (SELECT count(*) FROM notify) AS notified
      FROM found LEFT JOIN retried ON true"""
          .formatted(DELIVERY_COLUMNS, Sql.DELIVERIES_CHANNEL);

  static final String SELECT = "SELECT " + DELIVERY_COLUMNS + " FROM deliveries WHERE cuid = $1";

  /**
   * Queues again, due now, the tenant's failed deliveries of one webhook created in [$3, $4) ($4
   * null: no end), each allowed $5 more attempts; counts them and wakes the dispatchers.
   */
  static final String RECOVER =
      """
      WITH recovered AS (
        UPDATE deliveries SET status = 'pending', max_attempts = attempts + $5, next_attempt_at = now(),
                              locked_until = NULL, locked_by = NULL
        WHERE webhook_cuid = $1 AND tenant_cuid = $2 AND status = 'failed'
          AND created_at >= $3 AND ($4::timestamptz IS NULL OR created_at < $4::timestamptz)
        RETURNING 1
      ), notify AS (
        SELECT pg_notify('%s', '') WHERE EXISTS (SELECT 1 FROM recovered)
      )
      SELECT (SELECT count(*) FROM recovered) AS recovered, (SELECT count(*) FROM notify) AS notified"""
          .formatted(Sql.DELIVERIES_CHANNEL);

  /**
   * Cancels the waiting deliveries, as do webhook delete and auto-disable. Rows under a claim are
   * left to their outcome (a retry comes back pending and the next claim cancels it), as in the
   * memory store; it also keeps these statements off the rows a completing batch holds, so locks
   * are always taken webhook first, delivery second.
   */
  static final String CANCEL_FOR_WEBHOOK =
      """
      UPDATE deliveries SET status = 'cancelled', locked_until = NULL, locked_by = NULL
      WHERE webhook_cuid = $1 AND status = 'pending' AND locked_by IS NULL""";

  static final String PENDING_COUNT = "SELECT count(*) FROM deliveries WHERE status = 'pending'";

  /** A bounded batch of old finished deliveries, and the events no delivery needs any more. */
  static final String PURGE_FINISHED =
      """
      WITH gone AS (
        DELETE FROM deliveries WHERE id IN (
          SELECT id FROM deliveries WHERE status <> 'pending' AND created_at < $1 ORDER BY created_at LIMIT $2)
        RETURNING id, event_cuid
      ), unused AS (
        DELETE FROM events e
        WHERE e.cuid IN (SELECT event_cuid FROM gone)
          AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_cuid = e.cuid AND d.id NOT IN (SELECT id FROM gone))
      )
      SELECT count(*) AS purged FROM gone""";

  /** Old events that never had a delivery (no webhook matched) only hold an idempotency key. */
  static final String PURGE_UNUSED_EVENTS =
      """
      DELETE FROM events WHERE cuid IN (
        SELECT e.cuid FROM events e
        WHERE e.created_at < $1 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_cuid = e.cuid)
        LIMIT $2)""";

  /**
   * Folds each tenant's pending counts (one row per database backend that changed them, V5) into
   * one row, backend 0, so rows of closed connections do not pile up; tenants with nothing pending
   * lose their row. Backends only ever write their own rows, so this is the one statement that
   * waits on them.
   */
  static final String FOLD_PENDING =
      """
      WITH folded AS (DELETE FROM tenant_pending RETURNING tenant_cuid, pending)
      INSERT INTO tenant_pending (tenant_cuid, backend, pending)
      SELECT tenant_cuid, 0, sum(pending) FROM folded
      GROUP BY tenant_cuid HAVING sum(pending) <> 0 ORDER BY tenant_cuid
      ON CONFLICT (tenant_cuid, backend) DO UPDATE SET pending = tenant_pending.pending + excluded.pending""";

  private final Pool pool;

  /** {@link System#nanoTime()} until which claims skip the paced claim. */
  private final AtomicLong pacedIdleUntil = new AtomicLong(System.nanoTime());

  /** Paced deliveries this node has claimed: their outcome may open a key's next turn. */
  private final Set<String> pacedClaimed = ConcurrentHashMap.newKeySet();

  /**
   * The delivery loop's pool: claims, outcomes and releases commit without waiting for the disk.
   */
  private final Pool loop;

  /** The dispatchers of this node that take deliveries as they are accepted. */
  private final HandOver handOver;

  PgQueue(Pool pool, Pool loop, HandOver handOver) {
    this.pool = pool;
    this.loop = loop;
    this.handOver = handOver;
  }

  @Override
  public void register(String claimer, int capacity, Duration lease, Runnable wake) {
    handOver.register(claimer, capacity, lease, wake);
  }

  @Override
  public void lookInStore(String claimer) {
    handOver.lookInStore(claimer);
  }

  /**
   * The deliveries handed to the claimer as they were accepted come first, without a statement. The
   * table is asked too when they are fewer than {@code max} and there were none, or the last claim
   * there found a full batch, or the dispatcher was told to look ({@link #lookInStore}); handed
   * deliveries do not wait for that answer: what the table gives follows through the hand-over,
   * with a wake-up.
   */
  @Override
  public Future<List<DeliveryJob>> claim(String claimer, int max, Duration lease) {
    HandOver.Taken taken = handOver.take(claimer, max);
    if (!taken.askStore()) {
      return Future.succeededFuture(taken.jobs());
    }
    int rest = max - taken.jobs().size();
    Future<List<DeliveryJob>> stored =
        claimStored(claimer, rest, lease)
            .onSuccess(jobs -> handOver.storeClaimed(claimer, jobs.size() == rest));
    if (taken.jobs().isEmpty()) {
      return stored;
    }
    stored
        .onSuccess(jobs -> handBackIfStopped(claimer, handOver.follow(claimer, jobs)))
        .onFailure(e -> LOG.warn("claiming deliveries failed: {}", e.getMessage()));
    return Future.succeededFuture(taken.jobs());
  }

  /** Claims that reached a claimer after it stopped go back to the queue at once. */
  private void handBackIfStopped(String claimer, List<DeliveryJob> orphans) {
    if (!orphans.isEmpty()) {
      handBack(loop, claimer);
    }
  }

  /**
   * Hands back the leases of a dispatcher that stopped while deliveries were on their way to it
   * ({@link #RELEASE}, which also wakes the dispatchers of every node); a failure only delays them
   * until their lease ends.
   */
  static void handBack(SqlClient client, String claimer) {
    client
        .preparedQuery(RELEASE)
        .execute(Tuple.of(claimer))
        .onFailure(
            e ->
                LOG.warn(
                    "handing back the deliveries of stopped dispatcher {} failed (they are sent once their lease ends): {}",
                    claimer,
                    e.getMessage()));
  }

  private Future<List<DeliveryJob>> claimStored(String claimer, int max, Duration lease) {
    if (System.nanoTime() - pacedIdleUntil.get() < 0) {
      return claimPlain(claimer, max, lease);
    }
    return loop.preparedQuery(CLAIM_PACED)
        .execute(Tuple.of(claimer, max, lease.toMillis()))
        .map(rows -> Sql.all(rows, PgQueue::pacedJob))
        .compose(
            paced -> {
              if (paced.isEmpty()) {
                pacedIdleUntil.set(System.nanoTime() + PACED_IDLE_NANOS);
                return claimPlain(claimer, max, lease);
              }
              if (pacedClaimed.size() > MAX_PACED_TRACKED) {
                pacedClaimed.clear(); // outcomes lost with their leases: only a hint is lost
              }
              paced.forEach(j -> pacedClaimed.add(j.deliveryCuid()));
              int rest = max - paced.size();
              return rest <= 0
                  ? Future.succeededFuture(paced)
                  : claimPlain(claimer, rest, lease)
                      .map(
                          plain -> {
                            List<DeliveryJob> all = new ArrayList<>(paced);
                            all.addAll(plain);
                            return all;
                          });
            });
  }

  private Future<List<DeliveryJob>> claimPlain(String claimer, int max, Duration lease) {
    return loop.preparedQuery(CLAIM)
        .execute(Tuple.of(claimer, max, lease.toMillis()))
        .map(rows -> Sql.all(rows, PgQueue::job));
  }

  /** A paced delivery finished here: the next claim looks for paced work again at once. */
  private void pacedOutcomes(String claimer, List<Outcome> outcomes) {
    boolean any = false;
    for (Outcome o : outcomes) {
      any |= pacedClaimed.remove(o.deliveryCuid());
    }
    if (any) {
      pacedIdleUntil.set(System.nanoTime());
      handOver.lookInStore(claimer);
    }
  }

  @Override
  public Future<List<String>> complete(
      String claimer, List<Outcome> outcomes, int disableAfterFailures) {
    if (outcomes.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    TreeSet<String> streaksMoved =
        outcomes.stream()
            .filter(Streaks::needsWebhook)
            .map(Outcome::webhookCuid)
            .collect(Collectors.toCollection(TreeSet::new));
    if (streaksMoved.isEmpty()) {
      return loop.preparedQuery(FINISH_AND_RESET)
          .execute(outcomeValues(claimer, outcomes))
          .map(rows -> List.<String>of())
          .onSuccess(v -> pacedOutcomes(claimer, outcomes));
    }
    return loop.<List<String>>withTransaction(
            conn ->
                lockWebhooks(conn, streaksMoved)
                    .compose(
                        locked ->
                            finish(conn, claimer, outcomes)
                                .map(
                                    applied ->
                                        Streaks.apply(applied, locked, disableAfterFailures)))
                    .compose(changes -> writeStreaks(conn, changes)))
        .onSuccess(v -> pacedOutcomes(claimer, outcomes));
  }

  private Future<Map<String, Streaks.Webhook>> lockWebhooks(
      SqlConnection conn, TreeSet<String> cuids) {
    return conn.preparedQuery(LOCK_WEBHOOKS)
        .execute(Tuple.tuple().addArrayOfString(cuids.toArray(String[]::new)))
        .map(
            rows ->
                Sql.all(
                        rows,
                        row ->
                            new Streaks.Webhook(
                                row.getString("cuid"),
                                row.getBoolean("enabled"),
                                row.getInteger("consecutive_failures")))
                    .stream()
                    .collect(Collectors.toMap(Streaks.Webhook::cuid, Function.identity())));
  }

  /** The outcomes that took effect, in batch order. */
  private Future<List<Outcome>> finish(SqlConnection conn, String claimer, List<Outcome> outcomes) {
    return conn.preparedQuery(FINISH)
        .execute(outcomeValues(claimer, outcomes))
        .map(
            rows ->
                Sql.all(rows, row -> row.getLong("n").intValue()).stream()
                    .sorted()
                    .map(n -> outcomes.get(n - 1))
                    .toList());
  }

  private Future<List<String>> writeStreaks(SqlConnection conn, List<Streaks.Change> changes) {
    if (changes.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Tuple params =
        Tuple.tuple()
            .addArrayOfString(changes.stream().map(Streaks.Change::cuid).toArray(String[]::new))
            .addArrayOfInteger(
                changes.stream().map(Streaks.Change::failures).toArray(Integer[]::new))
            .addArrayOfBoolean(
                changes.stream().map(Streaks.Change::disable).toArray(Boolean[]::new))
            .addArrayOfString(changes.stream().map(Streaks.Change::reason).toArray(String[]::new));
    return conn.preparedQuery(WRITE_STREAKS)
        .execute(params)
        .map(rows -> Sql.all(rows, row -> row.getString("cuid")));
  }

  private static Tuple outcomeValues(String claimer, List<Outcome> outcomes) {
    return Tuple.tuple()
        .addArrayOfString(outcomes.stream().map(Outcome::deliveryCuid).toArray(String[]::new))
        .addArrayOfString(outcomes.stream().map(o -> o.kind().name()).toArray(String[]::new))
        .addArrayOfInteger(outcomes.stream().map(Outcome::attempts).toArray(Integer[]::new))
        .addArrayOfOffsetDateTime(
            outcomes.stream().map(o -> Sql.ts(o.nextAttemptAt())).toArray(OffsetDateTime[]::new))
        .addString(claimer);
  }

  @Override
  public Future<Integer> release(String claimer) {
    handOver.unregister(claimer);
    return loop.preparedQuery(RELEASE)
        .execute(Tuple.of(claimer))
        .map(rows -> rows.iterator().next().getLong("released").intValue());
  }

  @Override
  public Future<ManualRetry> retryNow(String tenantCuid, String deliveryCuid) {
    return pool.preparedQuery(RETRY_NOW)
        .execute(Tuple.of(deliveryCuid, tenantCuid))
        .map(
            rows ->
                Sql.first(rows, PgQueue::manualRetry).orElse((ManualRetry) ManualRetry.NOT_FOUND));
  }

  private static ManualRetry manualRetry(Row row) {
    return row.getString("cuid") != null
        ? new ManualRetry.Queued(delivery(row))
        : new ManualRetry.NotFailed(status(row.getString("found_status")));
  }

  @Override
  public Future<Integer> recover(
      String tenantCuid, String webhookCuid, Instant since, Instant until, int attempts) {
    Tuple params =
        Tuple.tuple()
            .addString(webhookCuid)
            .addString(tenantCuid)
            .addOffsetDateTime(Sql.ts(since))
            .addOffsetDateTime(Sql.ts(until))
            .addInteger(attempts);
    return pool.preparedQuery(RECOVER)
        .execute(params)
        .map(rows -> rows.iterator().next().getLong("recovered").intValue());
  }

  @Override
  public Future<Integer> cancelForWebhook(String webhookCuid) {
    return pool.preparedQuery(CANCEL_FOR_WEBHOOK)
        .execute(Tuple.of(webhookCuid))
        .map(rows -> rows.rowCount());
  }

  @Override
  public Future<Optional<Delivery>> get(String deliveryCuid) {
    return pool.preparedQuery(SELECT)
        .execute(Tuple.of(deliveryCuid))
        .map(rows -> Sql.first(rows, PgQueue::delivery));
  }

  @Override
  public Future<Long> pendingCount() {
    return pool.query(PENDING_COUNT).execute().map(rows -> rows.iterator().next().getLong(0));
  }

  @Override
  public Future<Integer> purgeFinishedBefore(Instant cutoff, int batch) {
    Tuple params = Tuple.of(Sql.ts(cutoff), batch);
    return pool.query(FOLD_PENDING)
        .execute()
        .compose(folded -> pool.preparedQuery(PURGE_FINISHED).execute(params))
        .map(rows -> rows.iterator().next().getLong("purged").intValue())
        .compose(purged -> pool.preparedQuery(PURGE_UNUSED_EVENTS).execute(params).map(purged));
  }

  private static DeliveryJob job(Row row) {
    return new DeliveryJob(
        row.getString("cuid"),
        row.getString("tenant_cuid"),
        row.getString("event_cuid"),
        row.getString("webhook_cuid"),
        row.getString("event"),
        row.getInteger("attempts") + 1,
        row.getInteger("max_attempts"),
        row.getString("url"),
        row.getString("secret"),
        row.getBoolean("ssl_verification"),
        row.getBuffer("body").getBytes(),
        row.getString("previous_secret"),
        Sql.instant(row, "previous_secret_expires_at"),
        row.getString("traceparent"),
        0);
  }

  /** A paced delivery: not to start before its rate-limit slot (rounded up to the millisecond). */
  private static DeliveryJob pacedJob(Row row) {
    DeliveryJob j = job(row);
    Instant notBefore = Sql.instant(row, "not_before");
    long ms = notBefore.toEpochMilli() + (notBefore.getNano() % 1_000_000 == 0 ? 0 : 1);
    return new DeliveryJob(
        j.deliveryCuid(),
        j.tenantCuid(),
        j.eventCuid(),
        j.webhookCuid(),
        j.event(),
        j.attempt(),
        j.maxAttempts(),
        j.url(),
        j.secret(),
        j.sslVerification(),
        j.body(),
        j.previousSecret(),
        j.previousSecretExpiresAt(),
        j.traceparent(),
        Math.max(1, ms));
  }

  private static Delivery.Status status(String wire) {
    return Delivery.Status.valueOf(wire.toUpperCase(Locale.ROOT));
  }

  static Delivery delivery(Row row) {
    return new Delivery(
        row.getString("cuid"),
        row.getString("tenant_cuid"),
        row.getString("event_cuid"),
        row.getString("webhook_cuid"),
        row.getString("event"),
        status(row.getString("status")),
        row.getInteger("attempts"),
        row.getInteger("max_attempts"),
        Sql.instant(row, "next_attempt_at"),
        Sql.instant(row, "created_at"));
  }
}
