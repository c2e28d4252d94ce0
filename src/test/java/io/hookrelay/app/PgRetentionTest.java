package io.hookrelay.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.store.pg.PgTestDatabase;
import io.hookrelay.support.PgSettings;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The server's periodic retention on PostgreSQL: finished deliveries older than {@code
 * retention.days} go in statements of at most {@code retention.batchSize} rows; the delivery log
 * goes by whole days (its day partitions are dropped), and only its attempts outside any day
 * partition (in {@code attempts_default}) are deleted row by row, in bounded statements. Statements
 * are counted by statement-level triggers the test installs. Nothing pending or recent goes, and
 * the partitions of the next days are kept ready.
 */
@DisplayName("Retention on PostgreSQL")
class PgRetentionTest {

  private static final int BATCH = 3;

  @Test
  @DisplayName(
      "Old finished deliveries go in bounded batches, old days of the log as whole partitions, stray old attempts in bounded batches; pending and recent ones stay")
  void purgesOldInBoundedBatches() {
    JsonObject overrides =
        new JsonObject()
            .put(
                "retention",
                new JsonObject().put("days", 1).put("intervalMs", 1_000).put("batchSize", BATCH))
            .put("delivery", new JsonObject().put("maxBackoffMs", 60_000));
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String threeDaysAgo = partition(today.minusDays(3));
    String inThreeDays = partition(today.plusDays(3));
    try (PgTestDatabase db = PgTestDatabase.create();
        Receiver ok = Receiver.answering(200);
        Receiver busy = Receiver.answering(n -> Answer.retryAfter(503, "30"));
        TestServer server = TestServer.start(PgSettings.postgres(db.url(), overrides))) {
      for (int d = 0; d <= 3; d++) {
        assertThat(exists(db, partition(today.plusDays(d))))
            .as("partition of today + %d, made at boot", d)
            .isTrue();
      }
      TenantClient tenant = server.newTenant("Acme");
      tenant
          .api()
          .post("/api/internal/webhooks", PgSettings.webhook(ok.url("/ok"), "ReportPublished"))
          .expect(201);
      tenant
          .api()
          .post("/api/internal/webhooks", PgSettings.webhook(busy.url("/busy"), "FindingPublished"))
          .expect(201);
      for (int i = 0; i < 9; i++) {
        tenant.api().post("/api/internal/events", PgSettings.event("ReportPublished")).expect(202);
      }
      tenant.api().post("/api/internal/events", PgSettings.event("FindingPublished")).expect(202);
      Wait.until(
          "9 deliveries succeeded and 1 waits for its Retry-After",
          () ->
              db.queryLong("SELECT count(*) FROM deliveries WHERE status = 'succeeded'") == 9
                  && db.queryLong(
                          "SELECT count(*) FROM deliveries WHERE status = 'pending' AND attempts = 1")
                      == 1
                  && db.queryLong("SELECT count(*) FROM attempts") == 10);

      db.execute("DROP TABLE " + inThreeDays); // housekeeping must make it again
      countDeletesPerStatement(db);
      // In one transaction, as retention runs every second: 7 of the 9 finished deliveries, the
      // pending one, and their events become 2 days old; of their 8 attempts, 4 become 3 days old
      // and 4 two days old, both days without a partition (so into attempts_default); then the
      // partition of 3 days ago is made, which moves its 4 attempts out of attempts_default; then
      // the statements are counted.
      db.execute(
          """
          BEGIN;
          WITH aged AS (
            (SELECT cuid, event_cuid FROM deliveries WHERE status = 'succeeded' ORDER BY id LIMIT 7)
            UNION ALL SELECT cuid, event_cuid FROM deliveries WHERE status = 'pending'
          ), d AS (
            UPDATE deliveries SET created_at = created_at - interval '2 days' WHERE cuid IN (SELECT cuid FROM aged)
          ), e AS (
            UPDATE events SET created_at = created_at - interval '2 days' WHERE cuid IN (SELECT event_cuid FROM aged)
          ), a AS (
            SELECT id, row_number() OVER (ORDER BY id) AS n FROM attempts WHERE delivery_cuid IN (SELECT cuid FROM aged)
          )
          UPDATE attempts SET created_at = created_at - CASE WHEN a.n <= 4 THEN interval '3 days' ELSE interval '2 days' END
          FROM a WHERE attempts.id = a.id;
          SELECT attempts_make_days('%1$s', '%1$s');
          %2$s
          %3$s
          %4$s
          COMMIT"""
              .formatted(
                  today.minusDays(3),
                  trigger("deliveries"),
                  trigger("attempts_default"),
                  trigger(threeDaysAgo)));

      Wait.until(
          "retention removed the old finished deliveries and the old attempts, and made the partition of today + 3 again",
          Duration.ofSeconds(20),
          () ->
              db.queryLong(
                          "SELECT count(*) FROM deliveries WHERE created_at < now() - interval '1 day' AND status <> 'pending'")
                      == 0
                  && db.queryLong(
                          "SELECT count(*) FROM attempts WHERE created_at < now() - interval '1 day'")
                      == 0
                  && !exists(db, threeDaysAgo)
                  && exists(db, inThreeDays));

      assertThat(db.queryLong("SELECT count(*) FROM deliveries WHERE status = 'succeeded'"))
          .as("recent finished")
          .isEqualTo(2);
      assertThat(db.queryLong("SELECT count(*) FROM deliveries WHERE status = 'pending'"))
          .as("old but pending")
          .isEqualTo(1);
      assertThat(db.queryLong("SELECT count(*) FROM events"))
          .as("events still used by a delivery")
          .isEqualTo(3);
      assertThat(db.queryLong("SELECT count(*) FROM attempts")).as("recent attempts").isEqualTo(2);
      assertThat(
              tenant
                  .api()
                  .get("/api/internal/webhookslog")
                  .expect(200)
                  .json()
                  .getJsonObject("meta")
                  .getLong("totalResults"))
          .isEqualTo(2);

      for (String table : new String[] {"deliveries", "attempts_default"}) {
        String purged = "FROM purge_statements WHERE tbl = '" + table + "' AND n > 0";
        assertThat(db.queryLong("SELECT coalesce(max(n), 0) " + purged))
            .as("most %s one statement removed", table)
            .isLessThanOrEqualTo(BATCH);
      }
      assertThat(
              db.queryLong(
                  "SELECT count(*) FROM purge_statements WHERE tbl = 'deliveries' AND n > 0"))
          .isGreaterThanOrEqualTo(3);
      assertThat(db.queryLong("SELECT sum(n) FROM purge_statements WHERE tbl = 'deliveries'"))
          .isEqualTo(7);
      assertThat(db.queryLong("SELECT sum(n) FROM purge_statements WHERE tbl = 'attempts_default'"))
          .as("attempts deleted row by row: only those outside a day partition")
          .isEqualTo(4);
      assertThat(
              db.queryLong(
                  "SELECT count(*) FROM purge_statements WHERE tbl = '" + threeDaysAgo + "'"))
          .as("the old day went whole, without a DELETE")
          .isZero();
    }
  }

  private static String partition(LocalDate day) {
    return "attempts_p" + day.format(DateTimeFormatter.BASIC_ISO_DATE);
  }

  private static boolean exists(PgTestDatabase db, String table) {
    return db.queryLong("SELECT count(*) FROM pg_class WHERE relname = '" + table + "'") == 1;
  }

  /** The table and the trigger function that record how many rows a DELETE statement removed. */
  private static void countDeletesPerStatement(PgTestDatabase db) {
    db.execute("CREATE TABLE purge_statements (tbl text NOT NULL, n bigint NOT NULL)");
    db.execute(
        """
        CREATE FUNCTION count_purged() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO purge_statements SELECT TG_TABLE_NAME, count(*) FROM gone;
          RETURN NULL;
        END $$""");
  }

  /** Counts the rows each DELETE statement removes from {@code table}. */
  private static String trigger(String table) {
    return "CREATE TRIGGER "
        + table
        + "_purged AFTER DELETE ON "
        + table
        + " REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION count_purged();";
  }
}
