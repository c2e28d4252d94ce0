package io.hookrelay.store.pg;

import io.hookrelay.store.Stores;
import io.hookrelay.store.TenantLimitsContractTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The tenant limits on a real PostgreSQL, in a database of this class's own. */
@DisplayName("The PostgreSQL store keeps tenants apart")
class PgTenantLimitsContractTest extends TenantLimitsContractTest {

  private static final PgContractStores PG = new PgContractStores("limits", QUOTAS);

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
