package io.hookrelay.store.pg;

import io.hookrelay.store.AttemptLog;
import io.hookrelay.store.AttemptLogContractTest;
import io.hookrelay.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The log contract against a real PostgreSQL, in a database of this class's own. */
@DisplayName("The PostgreSQL delivery log keeps the log contract")
class PgAttemptLogContractTest extends AttemptLogContractTest {

  private static final PgContractStores PG = new PgContractStores("log-contract");

  @BeforeAll
  static void open(Vertx vertx) {
    PG.open(vertx).await();
  }

  @AfterAll
  static void close() {
    PG.close();
  }

  @Override
  protected Future<AttemptLog> freshLog(Vertx vertx) {
    return PG.fresh(vertx).map(Stores::attempts);
  }
}
