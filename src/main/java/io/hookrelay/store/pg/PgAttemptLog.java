package io.hookrelay.store.pg;

import io.hookrelay.store.AttemptLog;
import io.hookrelay.store.AttemptQuery;
import io.hookrelay.store.LogCursor;
import io.hookrelay.store.Page;
import io.hookrelay.store.WebhookCounts;
import io.hookrelay.webhook.Attempt;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The delivery log: multi-row inserts into a table partitioned by day, listings newest first by
 * keyset or offset with a bounded count, retention by dropping whole days.
 */
final class PgAttemptLog implements AttemptLog {

  static final String COLUMNS =
      "cuid, delivery_cuid, webhook_cuid, tenant_cuid, event_cuid, event, url, attempt, "
          + "status, status_code, duration_ms, error, response_snippet, created_at";

  /** The parameters of {@link #APPEND}: one array per column of {@link #COLUMNS}, in order. */
  static final Unnest<Attempt> ROWS =
      Unnest.<Attempt>of()
          .text("cuid", Attempt::cuid)
          .text("delivery_cuid", Attempt::deliveryCuid)
          .text("webhook_cuid", Attempt::webhookCuid)
          .text("tenant_cuid", Attempt::tenantCuid)
          .text("event_cuid", Attempt::eventCuid)
          .text("event", Attempt::event)
          .text("url", a -> Sql.text(a.url()))
          .integer("attempt", Attempt::attempt)
          .text("status", a -> a.status().wire())
          .integer("status_code", Attempt::statusCode)
          .bigint("duration_ms", Attempt::durationMs)
          .text("error", a -> Sql.text(a.error()))
          .text("response_snippet", a -> Sql.text(a.responseSnippet()))
          .timestamptz("created_at", a -> Sql.ts(a.createdAt()));

  static final String APPEND =
      """
      INSERT INTO attempts (%1$s)
      SELECT %1$s FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::int[], $9::text[], $10::int[], $11::bigint[], $12::text[], $13::text[],
                              $14::timestamptz[])
        WITH ORDINALITY AS a(%1$s, n)
      ORDER BY n"""
          .formatted(COLUMNS);

  /**
   * A page, newest first, one row more than asked for (it tells whether there is a next page). Each
   * filter is in the statement only when given, so that the planner picks the index that serves
   * exactly those filters (see V4__attempts_partitioned_by_day.sql).
   */
  static final String PAGE =
      "SELECT id, "
          + COLUMNS
          + " FROM attempts%s ORDER BY created_at DESC, id DESC LIMIT $%d OFFSET $%d";

  static final String COUNTS_BY_WEBHOOK =
      """
      SELECT webhook_cuid,
             count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
             count(*) FILTER (WHERE status = 'failed') AS failed,
             count(*) FILTER (WHERE status = 'retrying') AS retrying
      FROM attempts
      WHERE tenant_cuid = $1 AND created_at >= $2 AND webhook_cuid IS NOT NULL
      GROUP BY webhook_cuid ORDER BY webhook_cuid""";

  /** The matches of the filters, counted only up to a limit: never a count over everything. */
  static final String COUNT = "SELECT count(*) FROM (SELECT 1 FROM attempts%s LIMIT $%d) matches";

  /**
   * Attempts that no day partition holds: only the default partition is purged row by row; whole
   * days go with {@link #DROP_DAYS}.
   */
  static final String PURGE =
      """
      DELETE FROM attempts_default WHERE ctid = ANY (ARRAY(
        SELECT ctid FROM attempts_default WHERE created_at < $1 ORDER BY created_at LIMIT $2))""";

  static final String MAKE_DAYS = "SELECT attempts_make_days($1::date, $2::date)";
  static final String DROP_DAYS = "SELECT attempts_drop_days_before($1)";

  private final Pool pool;

  /** The delivery loop's pool: log entries commit without waiting for the disk. */
  private final Pool loop;

  PgAttemptLog(Pool pool, Pool loop) {
    this.loop = loop;
    this.pool = pool;
  }

  @Override
  public Future<Void> append(List<Attempt> attempts) {
    if (attempts.isEmpty()) {
      return Future.succeededFuture();
    }
    return loop.preparedQuery(APPEND).execute(ROWS.bind(Tuple.tuple(), attempts)).mapEmpty();
  }

  @Override
  public Future<Page<Attempt>> list(AttemptQuery q) {
    Where where =
        new Where()
            .equal("tenant_cuid", q.tenantCuid())
            .equal("webhook_cuid", q.webhookCuid())
            .equal("status", q.status())
            .equal("event", q.event())
            .equal("event_cuid", q.eventCuid())
            .compare("created_at >= $%d", Sql.ts(q.since()))
            .compare("created_at < $%d", Sql.ts(q.until()));
    Future<Long> total =
        pool.preparedQuery(COUNT.formatted(where.sql(), where.size() + 1))
            .execute(where.params().addInteger(COUNT_LIMIT + 1))
            .map(rows -> rows.iterator().next().getLong(0));
    if (q.after() != null) {
      where.after(Sql.ts(q.after().createdAt()), q.after().tiebreak());
    }
    Future<Page<Attempt>> page =
        pool.preparedQuery(PAGE.formatted(where.sql(), where.size() + 1, where.size() + 2))
            .execute(where.params().addInteger(q.limit() + 1).addInteger(q.offset()))
            .map(rows -> page(rows, q.limit()));
    return Future.all(page, total)
        .map(v -> new Page<>(page.result().items(), total.result(), page.result().nextCursor()));
  }

  /** The rows of a page, and the cursor of the next one when the extra row came back. */
  private static Page<Attempt> page(RowSet<Row> rows, int limit) {
    List<Attempt> items = new ArrayList<>(Math.min(rows.size(), limit));
    LogCursor last = null;
    String next = null;
    for (Row row : rows) {
      if (items.size() == limit) {
        next = last.encode();
        break;
      }
      items.add(attempt(row));
      last = new LogCursor(Sql.instant(row, "created_at"), row.getLong("id"));
    }
    return new Page<>(items, 0, next);
  }

  /** The WHERE clause of a listing and its parameters, in step. */
  private static final class Where {
    private final List<String> conditions = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    Where equal(String column, String value) {
      return compare(column + " = $%d", value);
    }

    Where compare(String condition, Object value) {
      if (value != null) {
        values.add(value);
        conditions.add(condition.formatted(values.size()));
      }
      return this;
    }

    /**
     * Keyset paging: the rows that sort after the cursor, newest first. The plain bound on
     * created_at adds nothing to the row comparison but lets PostgreSQL skip the partitions of the
     * days after the cursor.
     */
    void after(OffsetDateTime createdAt, long id) {
      values.add(createdAt);
      values.add(id);
      int at = values.size() - 1;
      conditions.add("(created_at, id) < ($%d, $%d)".formatted(at, at + 1));
      conditions.add("created_at <= $%d".formatted(at));
    }

    int size() {
      return values.size();
    }

    String sql() {
      return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** A fresh tuple of the parameters so far, to which the caller may add more. */
    Tuple params() {
      Tuple t = Tuple.tuple();
      values.forEach(t::addValue);
      return t;
    }
  }

  @Override
  public Future<List<WebhookCounts>> countsByWebhook(String tenantCuid, Instant since) {
    return pool.preparedQuery(COUNTS_BY_WEBHOOK)
        .execute(Tuple.of(tenantCuid, Sql.ts(since)))
        .map(
            rows ->
                Sql.all(
                    rows,
                    r ->
                        new WebhookCounts(
                            r.getString("webhook_cuid"),
                            r.getLong("succeeded"),
                            r.getLong("failed"),
                            r.getLong("retrying"))));
  }

  @Override
  public Future<Integer> purgeBefore(Instant cutoff, int batch) {
    return pool.preparedQuery(PURGE)
        .execute(Tuple.of(Sql.ts(cutoff), batch))
        .map(rows -> rows.rowCount());
  }

  @Override
  public Future<Void> prepareUntil(Instant until) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate last = until.atOffset(ZoneOffset.UTC).toLocalDate();
    return pool.preparedQuery(MAKE_DAYS)
        .execute(Tuple.of(today, last.isBefore(today) ? today : last))
        .mapEmpty();
  }

  @Override
  public Future<Long> dropDaysBefore(Instant cutoff) {
    return pool.preparedQuery(DROP_DAYS)
        .execute(Tuple.of(Sql.ts(cutoff)))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  private static Attempt attempt(Row row) {
    return new Attempt(
        row.getString("cuid"),
        row.getString("delivery_cuid"),
        row.getString("webhook_cuid"),
        row.getString("tenant_cuid"),
        row.getString("event_cuid"),
        row.getString("event"),
        row.getString("url"),
        row.getInteger("attempt"),
        Attempt.Status.fromWire(row.getString("status")),
        row.getInteger("status_code"),
        row.getLong("duration_ms"),
        row.getString("error"),
        row.getString("response_snippet"),
        Sql.instant(row, "created_at"));
  }
}
