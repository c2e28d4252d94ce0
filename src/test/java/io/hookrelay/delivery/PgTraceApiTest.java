package io.hookrelay.delivery;

import io.hookrelay.store.pg.PgTestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Trace context from ingest to every attempt, on PostgreSQL")
class PgTraceApiTest extends TraceApiTest {

  @BeforeAll
  static void startServer(Vertx vertx) {
    PgTestDatabase db = PgTestDatabase.create();
    start(vertx, new JsonObject().put("store", db.storeConfig()), db);
  }
}
