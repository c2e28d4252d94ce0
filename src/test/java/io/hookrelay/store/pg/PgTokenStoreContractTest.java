package io.hookrelay.store.pg;

import io.hookrelay.store.Stores;
import io.hookrelay.store.TokenStoreContractTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The token contract against a real PostgreSQL, in a database of this class's own. */
@DisplayName("The PostgreSQL store keeps the token contract")
class PgTokenStoreContractTest extends TokenStoreContractTest {

  private static final PgContractStores PG = new PgContractStores("tokens");

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
