package io.hookrelay.store.pg;

import io.hookrelay.store.StoreChangesContractTest;
import io.hookrelay.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The contract in a database of this class's own, emptied before each test. */
@DisplayName("The PostgreSQL store keeps the contract for changes racing with delivery")
class PgStoreChangesContractTest extends StoreChangesContractTest {

  private static PgTestDatabase database;
  private static Stores shared;

  @BeforeAll
  static void createDatabase(Vertx vertx) {
    database = PgTestDatabase.create();
    shared = PgStores.create(vertx, database.config(), "changes", () -> {}).await();
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
          database.execute("TRUNCATE tenants, tokens, webhooks, deliveries, events, attempts");
          return shared;
        });
  }
}
