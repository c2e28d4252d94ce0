package io.hookrelay.api;

import io.hookrelay.store.pg.PgTestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The OpenAPI document and the API's responses, on PostgreSQL")
class PgOpenApiTest extends OpenApiTest {

  @BeforeAll
  static void startServer(Vertx vertx) {
    PgTestDatabase db = PgTestDatabase.create();
    start(vertx, new JsonObject().put("store", db.storeConfig()), db);
  }
}
