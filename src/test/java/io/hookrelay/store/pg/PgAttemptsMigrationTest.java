package io.hookrelay.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.store.AttemptQuery;
import io.hookrelay.store.Stores;
import io.hookrelay.webhook.Attempt;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * V4 turns the unpartitioned attempts table of V1/V2 into one partitioned by day, keeping every row
 * as it was.
 */
@DisplayName("The migration of the delivery log to day partitions")
@ExtendWith(VertxExtension.class)
class PgAttemptsMigrationTest {

  /** Every row of the log, each as the md5 of its text, in id order. */
  /** Every row's values, but for columns that later migrations add (null in old rows). */
  private static final String FINGERPRINT =
      "SELECT string_agg(md5((to_jsonb(a) - 'trace_id')::text), ',' ORDER BY id) FROM attempts a";

  private PgTestDatabase db;

  @BeforeEach
  void database() {
    db = PgTestDatabase.create();
  }

  @AfterEach
  void drop() {
    db.close();
  }

  @Test
  @DisplayName(
      "Existing attempts keep their ids and values, go into their day's partition (or attempts_default when older than 90 days), and new ids continue after them")
  void keepsRows(Vertx vertx) {
    PgConnectOptions options = PgConnectOptions.fromUri(db.url());
    Flyway.configure()
        .dataSource(PgMigrations.jdbcUrl(options), options.getUser(), options.getPassword())
        .locations("classpath:db/migration")
        .target("2")
        .load()
        .migrate();
    db.execute(
        """
        INSERT INTO attempts (cuid, delivery_cuid, webhook_cuid, tenant_cuid, event_cuid, event, url,
                              attempt, status, status_code, duration_ms, error, response_snippet, created_at)
        SELECT 'ca' || g, 'cd' || g, CASE WHEN g = 3 THEN NULL ELSE 'cw' || (g % 2) END, 'ctenant', 'ce' || g,
               'ReportPublished', 'https://receiver.example/in', 1 + g % 3,
               (ARRAY['succeeded', 'failed', 'retrying'])[1 + g % 3], CASE WHEN g % 3 = 0 THEN 200 END,
               g, CASE WHEN g % 3 = 1 THEN 'Failed to call webhook: receiver answered 500' END, 'body ' || g,
               now() - make_interval(days => (ARRAY[0, 0, 0, 10, 10, 200])[g]) - make_interval(secs => g)
        FROM generate_series(1, 6) g""");
    String before = db.queryString(FINGERPRINT);
    long maxId = db.queryLong("SELECT max(id) FROM attempts");

    PgMigrations.migrate(options);

    assertThat(db.queryString(FINGERPRINT)).isEqualTo(before);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate tenDaysAgo =
        LocalDate.parse(
            db.queryString(
                "SELECT (created_at AT TIME ZONE 'UTC')::date::text FROM attempts WHERE cuid = 'ca4'"));
    assertThat(db.queryLong("SELECT count(*) FROM attempts_default")).isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM " + partition(tenDaysAgo))).isEqualTo(2);
    assertThat(
            db.queryLong(
                "SELECT count(*) FROM attempts WHERE tableoid = '"
                    + partition(today)
                    + "'::regclass"))
        .isEqualTo(3);
    db.execute(
        """
        INSERT INTO attempts (cuid, delivery_cuid, webhook_cuid, tenant_cuid, event_cuid, event, url,
                              attempt, status, duration_ms, created_at)
        VALUES ('cnew', 'cd', 'cw0', 'ctenant', 'ce', 'ReportPublished', 'u', 1, 'succeeded', 1, now())""");
    assertThat(db.queryLong("SELECT id FROM attempts WHERE cuid = 'cnew'")).isGreaterThan(maxId);

    Stores stores = PgStores.create(vertx, db.config(), "migrated", () -> {}).await();
    try {
      List<Attempt> listed =
          stores
              .attempts()
              .list(new AttemptQuery("ctenant", null, null, null, 25, 0))
              .await()
              .items();
      assertThat(listed)
          .extracting(Attempt::cuid)
          .containsExactly("cnew", "ca1", "ca2", "ca3", "ca4", "ca5", "ca6");
    } finally {
      stores.close();
    }
  }

  private static String partition(LocalDate day) {
    return "attempts_p" + day.format(DateTimeFormatter.BASIC_ISO_DATE);
  }
}
