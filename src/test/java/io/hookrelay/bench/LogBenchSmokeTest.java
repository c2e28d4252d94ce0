package io.hookrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.store.pg.PgTestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the log bench ({@code --log-fill}) small: 15,000 attempts (3,000 of the bench tenant's,
 * enough for page 100 of 25), 5 timed requests per page, the server from the class path, in a
 * database of its own that the test drops. Asserts what it reports, not how fast.
 */
class LogBenchSmokeTest {

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  @DisplayName(
      "A small --log-fill run fills the log and reports the first, the filtered and the 100th page")
  void smallRun() throws Exception {
    String database =
        "hookrelay_logbench_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      JsonObject result =
          Bench.run(
              BenchOptions.parse(
                  "--store",
                  "postgres",
                  "--log-fill",
                  "15000",
                  "--log-samples",
                  "5",
                  "--server-cmd",
                  "classpath",
                  "--pg-admin-url",
                  PgTestDatabase.serverUrl(),
                  "--pg-database",
                  database,
                  "--out",
                  Path.of("target", "log-bench-smoke").toString()),
              new PrintStream(captured, true, StandardCharsets.UTF_8));

      assertThat(result.getLong("logFill")).isEqualTo(15_000);
      assertThat(result.getLong("partitions")).isGreaterThanOrEqualTo(LogBench.DAYS + 4);
      JsonObject pages = result.getJsonObject("pages");
      assertThat(pages.fieldNames()).containsExactly("first", "filtered", "cursorPage100");
      for (String name : pages.fieldNames()) {
        JsonObject page = pages.getJsonObject(name);
        assertThat(page.getLong("count")).as(name).isEqualTo(5);
        assertThat(page.getDouble("p99")).as(name).isGreaterThanOrEqualTo(page.getDouble("p50"));
        assertThat(page.getBoolean("totalResultsCapped")).as(name).isFalse();
      }
      assertThat(pages.getJsonObject("first").getLong("totalResults")).isEqualTo(3_000);
      assertThat(pages.getJsonObject("first").getInteger("items")).isEqualTo(25);
      assertThat(pages.getJsonObject("cursorPage100").getInteger("items")).isEqualTo(25);
      long filtered = pages.getJsonObject("filtered").getLong("totalResults");
      assertThat(filtered)
          .as("failed attempts of one of 10 webhooks: about 3,000 x 5 % / 10")
          .isBetween(5L, 40L);
      String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
      assertThat(new JsonObject(lines[lines.length - 1])).isEqualTo(result);
    } finally {
      try (Connection c = Postgres.connect(PgTestDatabase.serverUrl());
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      }
    }
  }
}
