package io.hookrelay.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.store.pg.PgTestDatabase;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The server's periodic retention on PostgreSQL: finished deliveries and attempts older than {@code
 * retention.days} go, in statements of at most {@code retention.batchSize} rows (counted by a
 * statement-level trigger the test installs), and nothing pending or recent goes with them.
 */
@DisplayName("Retention on PostgreSQL")
class PgRetentionTest {

  private static final int BATCH = 3;

  @Test
  @DisplayName(
      "Finished deliveries and attempts older than retention.days are removed in bounded batches; pending and recent ones stay")
  void purgesOldInBoundedBatches() {
    JsonObject overrides =
        new JsonObject()
            .put(
                "retention",
                new JsonObject().put("days", 1).put("intervalMs", 1_000).put("batchSize", BATCH))
            .put("delivery", new JsonObject().put("maxBackoffMs", 60_000));
    try (PgTestDatabase db = PgTestDatabase.create();
        Receiver ok = Receiver.answering(200);
        Receiver busy = Receiver.answering(n -> Answer.retryAfter(503, "30"));
        TestServer server = TestServer.start(PgSettings.postgres(db.url(), overrides))) {
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

      countDeletesPerStatement(db);
      // 7 of the 9 finished deliveries, the pending one, and all their attempts and events become 2
      // days old
      db.execute(
          """
          WITH aged AS (
            (SELECT cuid, event_cuid FROM deliveries WHERE status = 'succeeded' ORDER BY id LIMIT 7)
            UNION ALL SELECT cuid, event_cuid FROM deliveries WHERE status = 'pending'
          ), d AS (
            UPDATE deliveries SET created_at = created_at - interval '2 days' WHERE cuid IN (SELECT cuid FROM aged)
          ), e AS (
            UPDATE events SET created_at = created_at - interval '2 days' WHERE cuid IN (SELECT event_cuid FROM aged)
          )
          UPDATE attempts SET created_at = created_at - interval '2 days' WHERE delivery_cuid IN (SELECT cuid FROM aged)""");

      Wait.until(
          "retention removed the old finished deliveries and the old attempts",
          Duration.ofSeconds(10),
          () ->
              db.queryLong(
                          "SELECT count(*) FROM deliveries WHERE created_at < now() - interval '1 day' AND status <> 'pending'")
                      == 0
                  && db.queryLong(
                          "SELECT count(*) FROM attempts WHERE created_at < now() - interval '1 day'")
                      == 0);

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

      for (String table : new String[] {"deliveries", "attempts"}) {
        String purged = "FROM purge_statements WHERE tbl = '" + table + "' AND n > 0";
        assertThat(db.queryLong("SELECT coalesce(max(n), 0) " + purged))
            .as("most %s one statement removed", table)
            .isLessThanOrEqualTo(BATCH);
        assertThat(db.queryLong("SELECT count(*) " + purged))
            .as("statements that removed %s", table)
            .isGreaterThanOrEqualTo(3);
      }
      assertThat(db.queryLong("SELECT sum(n) FROM purge_statements WHERE tbl = 'deliveries'"))
          .isEqualTo(7);
      assertThat(db.queryLong("SELECT sum(n) FROM purge_statements WHERE tbl = 'attempts'"))
          .isEqualTo(8);
    }
  }

  /** Records how many rows each DELETE statement on deliveries and attempts removed. */
  private static void countDeletesPerStatement(PgTestDatabase db) {
    db.execute("CREATE TABLE purge_statements (tbl text NOT NULL, n bigint NOT NULL)");
    db.execute(
        """
        CREATE FUNCTION count_purged() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO purge_statements SELECT TG_TABLE_NAME, count(*) FROM gone;
          RETURN NULL;
        END $$""");
    for (String table : new String[] {"deliveries", "attempts"}) {
      db.execute(
          "CREATE TRIGGER "
              + table
              + "_purged AFTER DELETE ON "
              + table
              + " REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION count_purged()");
    }
  }
}
