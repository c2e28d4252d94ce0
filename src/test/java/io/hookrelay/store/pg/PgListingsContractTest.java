package io.hookrelay.store.pg;

import io.hookrelay.store.ListingsContractTest;
import io.hookrelay.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The listings against a real PostgreSQL, in a database of this class's own. */
@DisplayName("The PostgreSQL store lists tenants and counts attempts per webhook")
class PgListingsContractTest extends ListingsContractTest {

  private static final PgContractStores PG = new PgContractStores("listings");

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
