package io.hookrelay.store.pg;

import io.hookrelay.store.RotationRecoveryContractTest;
import io.hookrelay.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The rotation and recovery contract against a real PostgreSQL, in a database of its own. */
@DisplayName("The PostgreSQL store keeps the rotation and recovery contract")
class PgRotationRecoveryContractTest extends RotationRecoveryContractTest {

  private static PgTestDatabase database;
  private static Stores shared;

  @BeforeAll
  static void createDatabase(Vertx vertx, VertxTestContext ctx) {
    database = PgTestDatabase.create();
    PgStores.create(vertx, database.config(), "rotation", () -> {})
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
  protected Future<Stores> freshStores(Vertx vertx) {
    return vertx.executeBlocking(
        () -> {
          database.execute("TRUNCATE tenants, webhooks, deliveries, events, attempts");
          return shared;
        });
  }
}
