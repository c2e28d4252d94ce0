package io.hookrelay.api;

import io.hookrelay.store.pg.PgTestDatabase;
import io.hookrelay.support.PgSettings;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Text rules on PostgreSQL")
class PgTextRulesApiTest extends TextRulesApiTest {

  private PgTestDatabase db;

  @Override
  protected JsonObject storeConfig() {
    db = PgTestDatabase.create();
    return PgSettings.postgres(db.url());
  }

  @Override
  protected void cleanUp() {
    if (db != null) {
      db.close();
    }
  }
}
