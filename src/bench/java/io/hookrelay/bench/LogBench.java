package io.hookrelay.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The delivery log at scale ({@code --log-fill N}, PostgreSQL): fills the log of a running server
 * with N attempts spread evenly over the last 30 days (one day partition each), five tenants — one
 * of them the bench's, with 10 real webhooks — and 90 % succeeded, 5 % retrying, 5 % failed; then
 * times {@code GET /api/internal/webhookslog} as that tenant: the first page, a page filtered by
 * webhook and status, and page 100 reached by following {@code meta.nextCursor}.
 */
final class LogBench {

  static final int DAYS = 30;
  private static final int TENANTS = 5;
  private static final int WEBHOOKS = 10;
  private static final int CHUNK = 500_000;
  private static final int LIMIT = 25;
  private static final int CURSOR_PAGE = 100;
  private static final int WARMUP_REQUESTS = 20;
  private static final String LOG = "/api/internal/webhookslog?limit=" + LIMIT;

  /**
   * One chunk of the fill, made in the database (generate_series), not row by row. Row g (1..N)
   * belongs to the bench's tenant when g % 5 = 0; its webhook and status come from hashes of g, so
   * that every webhook gets every status.
   */
  private static final String FILL =
      """
      INSERT INTO attempts (cuid, delivery_cuid, webhook_cuid, tenant_cuid, event_cuid, event, url,
                            attempt, status, status_code, duration_ms, error, response_snippet, created_at)
      SELECT 'c' || lpad(to_hex(g), 24, '0'),
             'cd' || lpad(to_hex(g / 2), 23, '0'),
             CASE WHEN g % 5 = 0 THEN (?::text[])[1 + abs(hashint8extended(g, 1)) % 10]
                  ELSE 'cw' || lpad(to_hex(g % 997), 23, '0') END,
             CASE WHEN g % 5 = 0 THEN ? ELSE 'ct' || lpad(to_hex(g % 5), 23, '0') END,
             'ce' || lpad(to_hex(g / 4), 23, '0'),
             (ARRAY['ReportPublished', 'FindingPublished', 'ReportStatusChanged'])[1 + g % 3],
             'https://receiver.example/hook',
             1 + (r >= 90)::int,
             CASE WHEN r >= 95 THEN 'failed' WHEN r >= 90 THEN 'retrying' ELSE 'succeeded' END,
             CASE WHEN r >= 90 THEN 500 ELSE 200 END,
             5 + g % 50,
             CASE WHEN r >= 90 THEN 'Failed to call webhook: receiver answered 500' END,
             CASE WHEN r >= 90 THEN 'Internal Server Error' ELSE '{"ok":true}' END,
             ?::timestamptz + (g - 1) * ? * interval '1 microsecond'
      FROM generate_series(?::bigint, ?::bigint) g,
           LATERAL (SELECT abs(hashint8extended(g, 2)) % 100 AS r) h""";

  private static final String LOG_SIZE =
      """
      SELECT count(*), coalesce(sum(pg_total_relation_size(inhrelid)), 0)
      FROM pg_inherits WHERE inhparent = 'attempts'::regclass""";

  private final BenchOptions options;
  private final PrintStream out;
  private final Control control;
  private final String adminToken;

  LogBench(BenchOptions options, PrintStream out, Control control, String adminToken) {
    this.options = options;
    this.out = out;
    this.control = control;
    this.adminToken = adminToken;
  }

  /**
   * Fills the log of the server on {@code port}, whose database is {@code databaseUrl}, and times
   * its pages.
   */
  JsonObject run(int port, String databaseUrl) throws Exception {
    JsonObject tenant =
        control.expect(
            201,
            port,
            "/api/internal/tenants",
            adminToken,
            new JsonObject().put("name", "log-bench"));
    String tenantCuid = tenant.getString("cuid");
    String token =
        control
            .expect(
                201,
                port,
                "/api/internal/tenants/" + tenantCuid + "/tokens",
                adminToken,
                new JsonObject())
            .getString("token");
    List<String> webhooks = new ArrayList<>();
    for (int i = 0; i < WEBHOOKS; i++) {
      webhooks.add(
          control
              .expect(
                  201,
                  port,
                  "/api/internal/webhooks",
                  token,
                  new JsonObject()
                      .put("name", "log-bench-" + i)
                      .put("url", "http://127.0.0.1:9/log-bench/" + i)
                      .put("sslVerification", true)
                      .put("events", new JsonArray().add("ReportPublished"))
                      .put("enabled", true))
              .getString("cuid"));
    }

    JsonObject result = new JsonObject().put("logFill", options.logFill());
    try (Connection db = Postgres.connect(databaseUrl)) {
      fill(db, tenantCuid, webhooks, result);
    }

    JsonObject pages = new JsonObject();
    pages.put("first", time(port, token, LOG));
    pages.put(
        "filtered", time(port, token, LOG + "&webhookCuid=" + webhooks.get(3) + "&status=failed"));
    pages.put(
        "cursorPage" + CURSOR_PAGE,
        time(port, token, LOG + "&cursor=" + cursorOfPage(port, token)));
    return result.put("pages", pages);
  }

  /** N rows in chunks, then VACUUM ANALYZE (what autovacuum does on a log that has settled). */
  private void fill(Connection db, String tenantCuid, List<String> webhooks, JsonObject result)
      throws SQLException {
    long n = options.logFill();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Instant from = Instant.now().minus(Duration.ofDays(DAYS));
    long stepMicros = Math.max(1, Duration.ofDays(DAYS).toNanos() / 1000 / n);
    long started = System.nanoTime();
    try (Statement s = db.createStatement()) {
      s.execute("SELECT attempts_make_days('%s', '%s')".formatted(today.minusDays(DAYS), today));
    }
    try (PreparedStatement insert = db.prepareStatement(FILL)) {
      insert.setArray(1, db.createArrayOf("text", webhooks.toArray()));
      insert.setString(2, tenantCuid);
      insert.setTimestamp(3, Timestamp.from(from));
      insert.setLong(4, stepMicros);
      for (long first = 1; first <= n; first += CHUNK) {
        long last = Math.min(n, first + CHUNK - 1);
        insert.setLong(5, first);
        insert.setLong(6, last);
        insert.executeUpdate();
        out.printf("log fill: %,d of %,d attempts (%.0f s)%n", last, n, seconds(started));
      }
    }
    double fillSeconds = seconds(started);
    long vacuumStarted = System.nanoTime();
    try (Statement s = db.createStatement()) {
      s.execute("VACUUM (ANALYZE) attempts");
    }
    double vacuumSeconds = seconds(vacuumStarted);
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery(LOG_SIZE)) {
      rs.next();
      result.put("partitions", rs.getLong(1)).put("logSizeMiB", Bench.mib(rs.getLong(2)));
    }
    out.printf(
        "log fill: %,d attempts in %.0f s, VACUUM ANALYZE %.0f s, %s MiB in %d partitions%n",
        n, fillSeconds, vacuumSeconds, result.getValue("logSizeMiB"), result.getLong("partitions"));
    result
        .put("fillSeconds", fillSeconds)
        .put("fillAttemptsPerSec", n / fillSeconds)
        .put("vacuumAnalyzeSeconds", vacuumSeconds)
        .put("benchTenantAttempts", n / TENANTS)
        .put("days", DAYS);
  }

  /** Follows nextCursor from the first page to the cursor that opens page {@link #CURSOR_PAGE}. */
  private String cursorOfPage(int port, String token) throws Exception {
    String cursor = null;
    for (int page = 1; page < CURSOR_PAGE; page++) {
      cursor =
          page(port, token, LOG + (cursor == null ? "" : "&cursor=" + cursor))
              .getJsonObject("meta")
              .getString("nextCursor");
      if (cursor == null) {
        throw new IllegalStateException("the log has fewer than " + CURSOR_PAGE + " pages");
      }
    }
    return cursor;
  }

  /** {@code --log-samples} timed requests of one page, after a few untimed ones. */
  private JsonObject time(int port, String token, String path) throws Exception {
    JsonObject first = page(port, token, path);
    for (int i = 0; i < WARMUP_REQUESTS; i++) {
      page(port, token, path);
    }
    Histogram micros = new Histogram(3);
    for (int i = 0; i < options.logSamples(); i++) {
      long start = System.nanoTime();
      page(port, token, path);
      micros.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
    }
    JsonObject meta = first.getJsonObject("meta");
    JsonObject stats = Report.latency(micros);
    stats
        .put("items", first.getJsonArray("data").size())
        .put("totalResults", meta.getLong("totalResults"))
        .put("totalResultsCapped", meta.getBoolean("totalResultsCapped"));
    out.printf(
        "%-40s p50 %.2f ms, p99 %.2f ms (%d requests)%n",
        path.replaceAll("cursor=[^&]+", "cursor=…")
            .replaceAll("webhookCuid=[^&]+", "webhookCuid=…"),
        stats.getDouble("p50"),
        stats.getDouble("p99"),
        options.logSamples());
    return stats;
  }

  private JsonObject page(int port, String token, String path) throws Exception {
    Control.Answer answer = control.get(port, path, token);
    if (answer.status() != 200) {
      throw new IllegalStateException(
          "GET " + path + " answered " + answer.status() + ": " + answer.body());
    }
    return answer.json();
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }
}
