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

  private static final PgContractStores PG = new PgContractStores("changes");

  @BeforeAll
  static void open(Vertx vertx) {
    PG.open(vertx).await();
  }

  @AfterAll
  static void close() {
    PG.close();
  }

  @Override
  protected Future<Stores> freshStores(Vertx vertx) {
    return PG.fresh(vertx);
  }
}
