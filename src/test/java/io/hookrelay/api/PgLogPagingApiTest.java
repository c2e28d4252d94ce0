package io.hookrelay.api;

import io.hookrelay.store.pg.PgTestDatabase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The delivery log API at scale, on PostgreSQL")
class PgLogPagingApiTest extends LogPagingApiTest {

  @BeforeAll
  static void startServer() {
    PgTestDatabase db = PgTestDatabase.create();
    start(new JsonObject().put("store", db.storeConfig()), db);
  }
}
