package io.hookrelay.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** V3 on a database that already holds tokens: each keeps working and gets a cuid. */
@DisplayName("The token migration (V3)")
class PgTokenMigrationTest {

  private PgTestDatabase database;

  @BeforeEach
  void emptyDatabase() {
    database = PgTestDatabase.create();
  }

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  @Test
  @DisplayName("Tokens minted before V3 get a cuid of the usual form, no prefix and no last use")
  void existingTokens() {
    PgConnectOptions options = PgConnectOptions.fromUri(database.url());
    Flyway.configure()
        .dataSource(PgMigrations.jdbcUrl(options), options.getUser(), options.getPassword())
        .locations("classpath:db/migration")
        .target("2")
        .load()
        .migrate();
    database.execute("INSERT INTO tokens (hash, tenant_cuid) VALUES ('h1', 'ct1'), ('h2', 'ct1')");

    PgMigrations.migrate(options);

    assertThat(database.queryLong("SELECT count(*) FROM tokens WHERE cuid ~ '^c[a-z0-9]{24}$'"))
        .isEqualTo(2);
    assertThat(database.queryLong("SELECT count(DISTINCT cuid) FROM tokens")).isEqualTo(2);
    assertThat(
            database.queryLong(
                "SELECT count(*) FROM tokens WHERE prefix IS NULL AND last_used_at IS NULL"))
        .isEqualTo(2);
  }
}
