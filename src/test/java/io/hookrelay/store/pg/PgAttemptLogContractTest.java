package io.hookrelay.store.pg;

import io.hookrelay.store.AttemptLog;
import io.hookrelay.store.AttemptLogContractTest;
import io.hookrelay.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The log contract against a real PostgreSQL, in a database of this class's own. */
@DisplayName("The PostgreSQL delivery log keeps the log contract")
class PgAttemptLogContractTest extends AttemptLogContractTest {

  private static PgTestDatabase database;
  private static Stores shared;

  @BeforeAll
  static void createDatabase(Vertx vertx, VertxTestContext ctx) {
    database = PgTestDatabase.create();
    PgStores.create(vertx, database.config(), "log-contract", () -> {})
        .onComplete(
            ctx.succeeding(
                stores -> {
                  shared = stores;
                  ctx.completeNow();
                }));
  }

  @AfterAll
  static void dropDatabase() {
    if (shared != null) {
      shared.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected Future<AttemptLog> freshLog(Vertx vertx) {
    return vertx.executeBlocking(
        () -> {
          database.execute("TRUNCATE attempts");
          return shared.attempts();
        });
  }
}
