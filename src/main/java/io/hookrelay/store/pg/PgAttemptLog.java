package io.hookrelay.store.pg;

import io.hookrelay.store.AttemptLog;
import io.hookrelay.store.AttemptQuery;
import io.hookrelay.store.Page;
import io.hookrelay.store.WebhookCounts;
import io.hookrelay.webhook.Attempt;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The delivery log: multi-row inserts, listings newest first, bounded purges. */
final class PgAttemptLog implements AttemptLog {

  static final String COLUMNS =
      "cuid, delivery_cuid, webhook_cuid, tenant_cuid, event_cuid, event, url, attempt, "
          + "status, status_code, duration_ms, error, response_snippet, created_at";

  static final String APPEND =
      """
      INSERT INTO attempts (%1$s)
      SELECT %1$s FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::int[], $9::text[], $10::int[], $11::bigint[], $12::text[], $13::text[],
                              $14::timestamptz[])
        WITH ORDINALITY AS a(%1$s, n)
      ORDER BY n"""
          .formatted(COLUMNS);

  /** The filters of a listing, each used only when given so the newest-first indexes apply. */
  static final String BY_TENANT = "tenant_cuid = $%d";

  static final String BY_WEBHOOK = "webhook_cuid = $%d";
  static final String BY_STATUS = "status = $%d";
  static final String BY_EVENT = "event = $%d";
  static final String PAGE =
      "SELECT "
          + COLUMNS
          + " FROM attempts%s ORDER BY created_at DESC, id DESC LIMIT $%d OFFSET $%d";
  static final String COUNT = "SELECT count(*) FROM attempts%s";

  static final String COUNTS_BY_WEBHOOK =
      """
      SELECT webhook_cuid,
             count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
             count(*) FILTER (WHERE status = 'failed') AS failed,
             count(*) FILTER (WHERE status = 'retrying') AS retrying
      FROM attempts
      WHERE tenant_cuid = $1 AND created_at >= $2 AND webhook_cuid IS NOT NULL
      GROUP BY webhook_cuid ORDER BY webhook_cuid""";

  static final String PURGE =
      """
      DELETE FROM attempts WHERE id IN (
        SELECT id FROM attempts WHERE created_at < $1 ORDER BY created_at LIMIT $2)""";

  private final Pool pool;

  PgAttemptLog(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Void> append(List<Attempt> attempts) {
    if (attempts.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = attempts.size();
    String[][] text = new String[10][n];
    Integer[] attempt = new Integer[n];
    Integer[] statusCode = new Integer[n];
    Long[] durationMs = new Long[n];
    OffsetDateTime[] createdAt = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      Attempt a = attempts.get(i);
      text[0][i] = a.cuid();
      text[1][i] = a.deliveryCuid();
      text[2][i] = a.webhookCuid();
      text[3][i] = a.tenantCuid();
      text[4][i] = a.eventCuid();
      text[5][i] = a.event();
      text[6][i] = Sql.text(a.url());
      text[7][i] = a.status().wire();
      text[8][i] = Sql.text(a.error());
      text[9][i] = Sql.text(a.responseSnippet());
      attempt[i] = a.attempt();
      statusCode[i] = a.statusCode();
      durationMs[i] = a.durationMs();
      createdAt[i] = Sql.ts(a.createdAt());
    }
    Tuple params = Tuple.tuple();
    for (int i = 0; i < 7; i++) {
      params.addArrayOfString(text[i]);
    }
    params
        .addArrayOfInteger(attempt)
        .addArrayOfString(text[7])
        .addArrayOfInteger(statusCode)
        .addArrayOfLong(durationMs)
        .addArrayOfString(text[8])
        .addArrayOfString(text[9])
        .addArrayOfOffsetDateTime(createdAt);
    return pool.preparedQuery(APPEND).execute(params).mapEmpty();
  }

  @Override
  public Future<Page<Attempt>> list(AttemptQuery q) {
    List<String> conditions = new ArrayList<>();
    Tuple params = Tuple.tuple();
    filter(conditions, params, BY_TENANT, q.tenantCuid());
    filter(conditions, params, BY_WEBHOOK, q.webhookCuid());
    filter(conditions, params, BY_STATUS, q.status());
    filter(conditions, params, BY_EVENT, q.event());
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    int size = params.size();
    Tuple pageParams = Tuple.tuple();
    for (int i = 0; i < size; i++) {
      pageParams.addValue(params.getValue(i));
    }
    pageParams.addInteger(q.limit()).addInteger(q.offset());
    Future<List<Attempt>> page =
        pool.preparedQuery(PAGE.formatted(where, size + 1, size + 2))
            .execute(pageParams)
            .map(rows -> Sql.all(rows, PgAttemptLog::attempt));
    Future<Long> total =
        pool.preparedQuery(COUNT.formatted(where))
            .execute(params)
            .map(rows -> rows.iterator().next().getLong(0));
    return Future.all(page, total).map(v -> new Page<>(page.result(), total.result()));
  }

  private static void filter(
      List<String> conditions, Tuple params, String condition, String value) {
    if (value != null) {
      params.addString(value);
      conditions.add(condition.formatted(params.size()));
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
