package io.hookrelay.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.store.AttemptQuery;
import io.hookrelay.store.Stores;
import io.hookrelay.webhook.Attempt;
import io.hookrelay.webhook.Cuid;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The delivery log's day partitions on PostgreSQL (V4): where attempts land, what retention drops
 * or deletes, and that every listing is read through an index in its order.
 */
@DisplayName("The PostgreSQL delivery log by day")
@ExtendWith(VertxExtension.class)
class PgAttemptPartitionsTest {

  private static PgTestDatabase db;
  private static Stores stores;
  private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

  /** A sort node of a plan (a Merge Append's "Sort Key" merges sorted inputs: not a sort). */
  private static final Pattern SORT =
      Pattern.compile("(?m)^\\s*(->\\s+)?(Incremental )?Sort\\s{2}\\(");

  @BeforeAll
  static void start(Vertx vertx) {
    db = PgTestDatabase.create();
    stores = PgStores.create(vertx, db.config(), "partitions", () -> {}).await();
  }

  @AfterAll
  static void stop() {
    if (stores != null) {
      stores.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void empty() {
    db.execute("TRUNCATE attempts");
  }

  @Test
  @DisplayName(
      "An attempt lands in its day's partition, one of a day without a partition in attempts_default, and a partition made later takes its day's attempts over")
  void routing() {
    String tenant = Cuid.next();
    Instant now = Instant.now();
    Attempt today = attempt(tenant, Cuid.next(), Attempt.Status.SUCCEEDED, now);
    Attempt tenDaysAgo = attempt(tenant, Cuid.next(), Attempt.Status.FAILED, now.minus(days(10)));
    stores.attempts().append(List.of(today, tenDaysAgo)).await();

    for (int d = 0; d <= 3; d++) {
      assertThat(exists(partition(TODAY.plusDays(d)))).as("today + %d", d).isTrue();
    }
    assertThat(where(today)).isEqualTo(partition(TODAY));
    assertThat(where(tenDaysAgo)).isEqualTo("attempts_default");

    LocalDate day = TODAY.minusDays(10);
    db.execute("SELECT attempts_make_days('" + day + "', '" + day + "')");
    assertThat(where(tenDaysAgo)).isEqualTo(partition(day));
    assertThat(db.queryLong("SELECT count(*) FROM attempts_default")).isZero();
    assertThat(
            stores
                .attempts()
                .list(new AttemptQuery(tenant, null, null, null, 25, 0))
                .await()
                .items())
        .containsExactly(today, tenDaysAgo);
  }

  @Test
  @DisplayName(
      "Retention drops the partitions of whole days before the cutoff and nothing newer; row by row it deletes only from attempts_default, a batch at a time")
  void retention() {
    String tenant = Cuid.next();
    Instant now = Instant.now();
    LocalDate fiveDaysAgo = TODAY.minusDays(5);
    LocalDate fourDaysAgo = TODAY.minusDays(4);
    db.execute("SELECT attempts_make_days('" + fiveDaysAgo + "', '" + fourDaysAgo + "')");
    List<Attempt> old = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      old.add(attempt(tenant, null, Attempt.Status.FAILED, start(fiveDaysAgo).plusSeconds(i)));
      old.add(attempt(tenant, null, Attempt.Status.FAILED, start(fourDaysAgo).plusSeconds(i)));
      old.add(attempt(tenant, null, Attempt.Status.FAILED, now.minus(days(20)).plusSeconds(i)));
    }
    Attempt recent = attempt(tenant, null, Attempt.Status.SUCCEEDED, now);
    List<Attempt> all = new ArrayList<>(old);
    all.add(recent);
    stores.attempts().append(all).await();
    // the cutoff lies inside the day of 4 days ago: that day stays whole
    Instant cutoff = start(fourDaysAgo).plus(Duration.ofHours(12));

    long dropped = stores.attempts().dropDaysBefore(cutoff).await();

    assertThat(dropped).isNotNegative();
    assertThat(exists(partition(fiveDaysAgo))).isFalse();
    assertThat(exists(partition(fourDaysAgo))).isTrue();
    assertThat(db.queryLong("SELECT count(*) FROM attempts")).isEqualTo(7);
    assertThat(stores.attempts().purgeBefore(cutoff, 2).await()).isEqualTo(2);
    assertThat(stores.attempts().purgeBefore(cutoff, 2).await()).isEqualTo(1);
    assertThat(stores.attempts().purgeBefore(cutoff, 2).await()).isZero();
    assertThat(db.queryLong("SELECT count(*) FROM attempts")).isEqualTo(4);
    assertThat(db.queryLong("SELECT count(*) FROM " + partition(fourDaysAgo))).isEqualTo(3);
    assertThat(stores.attempts().dropDaysBefore(cutoff).await()).isZero();
  }

  @Test
  @DisplayName(
      "Every listing the API makes reads an index in newest-first order: no sort, no sequential scan, and a count that stops early")
  void listingsUseIndexes() throws SQLException {
    String tenant = Cuid.next();
    String hook = Cuid.next();
    Instant now = Instant.now();
    List<Attempt> batch = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      batch.add(
          attempt(
              i % 3 == 0 ? tenant : Cuid.next(),
              i % 2 == 0 ? hook : Cuid.next(),
              i % 10 == 0 ? Attempt.Status.FAILED : Attempt.Status.SUCCEEDED,
              now.minusSeconds(i)));
    }
    stores.attempts().append(batch).await();
    db.execute("ANALYZE attempts");

    String columns = "text, text, text, text, timestamptz, timestamptz, bigint";
    List<String[]> listings =
        List.of(
            new String[] {"tenant_cuid = $1", "tenant_cuid_created_at"},
            new String[] {"tenant_cuid = $1 AND status = $3", "tenant_cuid_status"},
            new String[] {
              "tenant_cuid = $1 AND webhook_cuid = $2", "tenant_cuid_webhook_cuid_created_at"
            },
            new String[] {
              "tenant_cuid = $1 AND webhook_cuid = $2 AND status = $3",
              "tenant_cuid_webhook_cuid_status"
            },
            new String[] {"tenant_cuid = $1 AND event_cuid = $4", "tenant_cuid_event_cuid"},
            new String[] {
              "tenant_cuid = $1 AND created_at >= $5 AND created_at < $6", "tenant_cuid_created_at"
            },
            new String[] {
              "tenant_cuid = $1 AND status = $3 AND (created_at, id) < ($6, $7) AND created_at <= $6",
              "tenant_cuid_status"
            });
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("SET enable_seqscan = off");
      s.execute("SET enable_sort = off");
      for (String[] listing : listings) {
        String where = " WHERE " + listing[0];
        s.execute("DEALLOCATE ALL");
        s.execute(
            "PREPARE page(%s, int, int) AS %s"
                .formatted(columns, PgAttemptLog.PAGE.formatted(where, 8, 9)));
        s.execute(
            "PREPARE total(%s, int) AS %s"
                .formatted(columns, PgAttemptLog.COUNT.formatted(where, 8)));
        String args =
            "'%s', '%s', 'failed', '%s', now() - interval '1 hour', now(), 9223372036854775807"
                .formatted(tenant, hook, batch.get(0).eventCuid());
        String page = explain(s, "EXECUTE page(" + args + ", 26, 0)");
        String total = explain(s, "EXECUTE total(" + args + ", 10001)");
        assertThat(page)
            .as(listing[0])
            .doesNotContainPattern(SORT)
            .doesNotContain("Seq Scan")
            .contains("Index")
            .contains(listing[1]);
        assertThat(total).as("count " + listing[0]).doesNotContain("Seq Scan").contains("Limit");
      }
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static String explain(Statement s, String sql) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }

  private static Connection connect() throws SQLException {
    PgConnectOptions options = PgConnectOptions.fromUri(db.url());
    return DriverManager.getConnection(
        PgMigrations.jdbcUrl(options), options.getUser(), options.getPassword());
  }

  /** The partition that holds the attempt. */
  private static String where(Attempt a) {
    String partition =
        a.createdAt()
            .atOffset(ZoneOffset.UTC)
            .toLocalDate()
            .format(DateTimeFormatter.BASIC_ISO_DATE);
    long inPartition =
        exists("attempts_p" + partition)
            ? db.queryLong(
                "SELECT count(*) FROM attempts_p%s WHERE cuid = '%s'"
                    .formatted(partition, a.cuid()))
            : 0;
    long inDefault =
        db.queryLong("SELECT count(*) FROM attempts_default WHERE cuid = '" + a.cuid() + "'");
    assertThat(inPartition + inDefault).as("copies of %s", a.cuid()).isEqualTo(1);
    return inDefault == 1 ? "attempts_default" : "attempts_p" + partition;
  }

  private static boolean exists(String table) {
    return db.queryLong("SELECT count(*) FROM pg_class WHERE relname = '" + table + "'") == 1;
  }

  private static String partition(LocalDate day) {
    return "attempts_p" + day.format(DateTimeFormatter.BASIC_ISO_DATE);
  }

  private static Instant start(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static Duration days(int n) {
    return Duration.ofDays(n);
  }

  private static Attempt attempt(String tenant, String webhook, Attempt.Status status, Instant at) {
    return new Attempt(
        Cuid.next(),
        Cuid.next(),
        webhook,
        tenant,
        Cuid.next(),
        "ReportPublished",
        "https://receiver.example/in",
        1,
        status,
        200,
        4,
        null,
        null,
        at.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
  }
}
