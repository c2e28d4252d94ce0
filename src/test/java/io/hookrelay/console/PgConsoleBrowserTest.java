package io.hookrelay.console;

import io.hookrelay.store.pg.PgTestDatabase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The admin console, driven in a real browser, on PostgreSQL")
class PgConsoleBrowserTest extends ConsoleBrowserTest {

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
