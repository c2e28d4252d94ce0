package io.hookrelay.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The Flyway migrations")
class PgMigrationTest {

  private PgTestDatabase database;

  @BeforeEach
  void emptyDatabase() {
    database = PgTestDatabase.create();
  }

  /** The files in src/main/resources/db/migration. */
  private static final int MIGRATIONS = 3;

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  @Test
  @DisplayName(
      "Migrating an empty database creates every table, and migrating it again applies nothing")
  void fromEmpty() {
    PgConnectOptions options = PgConnectOptions.fromUri(database.url());
    assertThat(tables()).isZero();

    assertThat(PgMigrations.migrate(options)).isEqualTo(MIGRATIONS);
    assertThat(tables()).isEqualTo(6);
    assertThat(database.queryLong("SELECT count(*) FROM flyway_schema_history WHERE success"))
        .isEqualTo(MIGRATIONS);

    assertThat(PgMigrations.migrate(options)).isZero();
    assertThat(database.queryLong("SELECT count(*) FROM flyway_schema_history"))
        .isEqualTo(MIGRATIONS);
  }

  @Test
  @DisplayName(
      "The store starts on an empty database, and again on the migrated one, and answers both times")
  void storeStartsTwice(Vertx vertx, VertxTestContext ctx) {
    Future<Long> migrations =
        PgStores.create(vertx, database.config(), "first", () -> {})
            .compose(stores -> stores.health().check().onComplete(x -> stores.close()))
            .compose(v -> PgStores.create(vertx, database.config(), "second", () -> {}))
            .compose(stores -> stores.health().check().onComplete(x -> stores.close()))
            .compose(
                v ->
                    vertx.executeBlocking(
                        () -> database.queryLong("SELECT count(*) FROM flyway_schema_history")));
    migrations.onComplete(
        ctx.succeeding(
            n ->
                ctx.verify(
                    () -> {
                      assertThat(n).isEqualTo(MIGRATIONS);
                      ctx.completeNow();
                    })));
  }

  private long tables() {
    return database.queryLong(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' "
            + "AND table_name IN ('tenants', 'tokens', 'webhooks', 'events', 'deliveries', 'attempts')");
  }
}
