package io.hookrelay.api;

import io.hookrelay.store.pg.PgTestDatabase;
import io.hookrelay.support.PgSettings;
import io.hookrelay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Per-tenant quotas on PostgreSQL")
class PgQuotaApiTest extends QuotaApiTest {

  private static PgTestDatabase db;
  private static TestServer server;

  @BeforeAll
  static void start() {
    db = PgTestDatabase.create();
    server = TestServer.start(PgSettings.postgres(db.url(), overrides()));
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
