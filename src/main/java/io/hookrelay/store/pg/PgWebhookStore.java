package io.hookrelay.store.pg;

import io.hookrelay.store.Page;
import io.hookrelay.store.TooManyWebhooksException;
import io.hookrelay.store.WebhookStore;
import io.hookrelay.webhook.DeliveryControls;
import io.hookrelay.webhook.Webhook;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Webhooks in PostgreSQL. Deleting one cancels its pending deliveries in the same statement; an
 * update changes the row as it is when written.
 */
final class PgWebhookStore implements WebhookStore {

  static final String COLUMNS =
      "cuid, tenant_cuid, client_cuids, name, url, ssl_verification, events, enabled, "
          + "secret, disabled_reason, consecutive_failures, created_at, updated_at, "
          + "previous_secret, previous_secret_expires_at, rate_limit_per_second, ordering";

  /**
   * Serialises the creates of one tenant until the transaction ends: the count that {@link #INSERT}
   * checks is then the count its insert adds to. (Two-key advisory locks are a key space of their
   * own: Flyway's one-key lock cannot collide with it.)
   */
  static final String LOCK_TENANT =
      "SELECT pg_advisory_xact_lock(hashtext('hookrelay.webhooks'), hashtext($1))";

  /** Inserts only while the tenant has fewer than $18 webhooks. */
  static final String INSERT =
      "INSERT INTO webhooks ("
          + COLUMNS
          + ") SELECT $1::text, $2::text, $3::text[], $4::text, $5::text, $6::boolean, $7::text[],"
          + " $8::boolean, $9::text, $10::text, $11::int, $12::timestamptz, $13::timestamptz,"
          + " $14::text, $15::timestamptz, $16::int, $17::text"
          + " WHERE (SELECT count(*) FROM webhooks WHERE tenant_cuid = $2) < $18::int";

  static final String SELECT =
      "SELECT " + COLUMNS + " FROM webhooks WHERE cuid = $1 AND tenant_cuid = $2";
  static final String FIND = "SELECT " + COLUMNS + " FROM webhooks WHERE cuid = $1";

  /** The row an update changes, locked until the update's transaction ends. */
  static final String SELECT_FOR_UPDATE = SELECT + " FOR UPDATE";

  static final String PAGE =
      "SELECT "
          + COLUMNS
          + " FROM webhooks WHERE tenant_cuid = $1 ORDER BY created_at DESC, cuid DESC "
          + "LIMIT $2 OFFSET $3";
  static final String COUNT = "SELECT count(*) FROM webhooks WHERE tenant_cuid = $1";
  static final String ALL = "SELECT " + COLUMNS + " FROM webhooks";
  static final String UPDATE =
      "UPDATE webhooks SET client_cuids = $3, name = $4, url = $5, ssl_verification = $6, events = $7, enabled = $8, "
          + "secret = $9, disabled_reason = $10, consecutive_failures = $11, created_at = $12, updated_at = $13, "
          + "previous_secret = $14, previous_secret_expires_at = $15, "
          + "rate_limit_per_second = $16, ordering = $17 "
          + "WHERE cuid = $1 AND tenant_cuid = $2 RETURNING "
          + COLUMNS;

  /**
   * One statement, so one transaction: the webhook goes and its waiting deliveries are cancelled.
   */
  static final String DELETE =
      """
      WITH deleted AS (
        DELETE FROM webhooks WHERE cuid = $1 AND tenant_cuid = $2 RETURNING cuid
      ), cancelled AS (
        UPDATE deliveries SET status = 'cancelled', locked_until = NULL, locked_by = NULL
        WHERE webhook_cuid IN (SELECT cuid FROM deleted) AND status = 'pending' AND locked_by IS NULL
      )
      SELECT count(*) AS deleted FROM deleted""";

  private final Pool pool;
  private final int maxPerTenant;

  PgWebhookStore(Pool pool, int maxPerTenant) {
    this.pool = pool;
    this.maxPerTenant = maxPerTenant;
  }

  /**
   * Two statements in one transaction: the tenant's lock, then the insert, whose count sees every
   * create of the tenant committed before the lock was granted. Two creates racing for the last
   * place cannot both take it.
   */
  @Override
  public Future<Webhook> create(Webhook webhook) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(LOCK_TENANT)
                .execute(Tuple.of(webhook.tenantCuid()))
                .compose(
                    locked ->
                        conn.preparedQuery(INSERT)
                            .execute(values(webhook).addInteger(maxPerTenant)))
                .compose(
                    rows ->
                        rows.rowCount() == 1
                            ? Future.succeededFuture(webhook)
                            : Future.failedFuture(new TooManyWebhooksException(maxPerTenant))));
  }

  @Override
  public Future<Optional<Webhook>> get(String tenantCuid, String webhookCuid) {
    return pool.preparedQuery(SELECT)
        .execute(Tuple.of(webhookCuid, tenantCuid))
        .map(rows -> Sql.first(rows, PgWebhookStore::webhook));
  }

  @Override
  public Future<Optional<Webhook>> find(String webhookCuid) {
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(webhookCuid))
        .map(rows -> Sql.first(rows, PgWebhookStore::webhook));
  }

  @Override
  public Future<Page<Webhook>> list(String tenantCuid, int offset, int limit) {
    Future<List<Webhook>> page =
        pool.preparedQuery(PAGE)
            .execute(Tuple.of(tenantCuid, limit, offset))
            .map(rows -> Sql.all(rows, PgWebhookStore::webhook));
    Future<Long> total =
        pool.preparedQuery(COUNT)
            .execute(Tuple.of(tenantCuid))
            .map(rows -> rows.iterator().next().getLong(0));
    return Future.all(page, total).map(v -> new Page<>(page.result(), total.result()));
  }

  @Override
  public Future<List<Webhook>> all() {
    return pool.query(ALL).execute().map(rows -> Sql.all(rows, PgWebhookStore::webhook));
  }

  /**
   * Reads the row under a lock, applies the change to it and writes it back, in one transaction: an
   * auto-disable or streak change (which lock the row too) lands before or after, never in between
   * to be undone.
   */
  @Override
  public Future<Optional<Webhook>> update(
      String tenantCuid, String webhookCuid, UnaryOperator<Webhook> change) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(SELECT_FOR_UPDATE)
                .execute(Tuple.of(webhookCuid, tenantCuid))
                .map(rows -> Sql.first(rows, PgWebhookStore::webhook))
                .compose(
                    current ->
                        current.isEmpty()
                            ? Future.succeededFuture(current)
                            : conn.preparedQuery(UPDATE)
                                .execute(values(change.apply(current.get())))
                                .map(rows -> Sql.first(rows, PgWebhookStore::webhook))));
  }

  @Override
  public Future<Boolean> delete(String tenantCuid, String webhookCuid) {
    return pool.preparedQuery(DELETE)
        .execute(Tuple.of(webhookCuid, tenantCuid))
        .map(rows -> rows.iterator().next().getLong("deleted") > 0);
  }

  private static Tuple values(Webhook w) {
    return Tuple.tuple()
        .addString(w.cuid())
        .addString(w.tenantCuid())
        .addArrayOfString(w.clientCuids().toArray(String[]::new))
        .addString(w.name())
        .addString(w.url())
        .addBoolean(w.sslVerification())
        .addArrayOfString(w.events().toArray(String[]::new))
        .addBoolean(w.enabled())
        .addString(w.secret())
        .addString(w.disabledReason())
        .addInteger(w.consecutiveFailures())
        .addOffsetDateTime(Sql.ts(w.createdAt()))
        .addOffsetDateTime(Sql.ts(w.updatedAt()))
        .addString(w.previousSecret())
        .addOffsetDateTime(Sql.ts(w.previousSecretExpiresAt()))
        .addInteger(w.controls().rateLimitPerSecond())
        .addString(w.controls().ordering().wire());
  }

  static Webhook webhook(Row row) {
    return new Webhook(
        row.getString("cuid"),
        row.getString("tenant_cuid"),
        List.of(row.getArrayOfStrings("client_cuids")),
        row.getString("name"),
        row.getString("url"),
        row.getBoolean("ssl_verification"),
        List.of(row.getArrayOfStrings("events")),
        row.getBoolean("enabled"),
        row.getString("secret"),
        row.getString("disabled_reason"),
        row.getInteger("consecutive_failures"),
        Sql.instant(row, "created_at"),
        Sql.instant(row, "updated_at"),
        row.getString("previous_secret"),
        Sql.instant(row, "previous_secret_expires_at"),
        new DeliveryControls(
            row.getInteger("rate_limit_per_second"),
            DeliveryControls.Ordering.fromWire(row.getString("ordering"))));
  }
}
