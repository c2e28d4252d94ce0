package io.hookrelay.api;

import io.hookrelay.store.pg.PgTestDatabase;
import io.hookrelay.support.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Secret rotation, on PostgreSQL")
class PgSecretRotationApiTest extends SecretRotationApiTest {

  private static PgTestDatabase db;
  private static TestServer server;

  @BeforeAll
  static void start() {
    db = PgTestDatabase.create();
    server =
        TestServer.start(
            new JsonObject().put("store", db.storeConfig()).mergeIn(overrides(), true));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Override
  protected TestServer server() {
    return server;
  }
}
