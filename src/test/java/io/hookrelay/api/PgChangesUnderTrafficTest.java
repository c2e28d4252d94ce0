package io.hookrelay.api;

import io.hookrelay.store.pg.PgTestDatabase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Changes under traffic, on PostgreSQL")
class PgChangesUnderTrafficTest extends ChangesUnderTrafficTest {

  private PgTestDatabase db;

  @Override
  protected JsonObject storeConfig() {
    db = PgTestDatabase.create();
    return new JsonObject().put("store", db.storeConfig());
  }

  @Override
  protected void cleanUp() {
    if (db != null) {
      db.close();
    }
  }
}
