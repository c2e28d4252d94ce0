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

  private static PgTestDatabase database;
  private static Stores shared;

  @BeforeAll
  static void createDatabase(Vertx vertx) {
    database = PgTestDatabase.create();
    shared = get(PgStores.create(vertx, database.config(), "limits", QUOTAS, () -> {}));
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
