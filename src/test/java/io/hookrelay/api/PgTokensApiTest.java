package io.hookrelay.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.store.pg.PgTestDatabase;
import io.hookrelay.support.Api;
import io.hookrelay.support.PgSettings;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Tokens on PostgreSQL with two nodes on one database: a token revoked through one node answers 401
 * on the other at once, and its last use is kept in the store.
 */
@DisplayName("Tokens on PostgreSQL, two nodes")
class PgTokensApiTest {

  private static PgTestDatabase db;
  private static TestServer one;
  private static TestServer two;

  @BeforeAll
  static void start() {
    db = PgTestDatabase.create();
    one = TestServer.start(PgSettings.postgres(db.url()));
    two = TestServer.start(PgSettings.postgres(db.url()));
  }

  @AfterAll
  static void stop() {
    if (two != null) {
      two.close();
    }
    if (one != null) {
      one.close();
    }
    if (db != null) {
      db.close();
    }
  }

  private static String tokens(String tenantCuid) {
    return "/api/internal/tenants/" + tenantCuid + "/tokens";
  }

  @Test
  @DisplayName(
      "A token minted on one node works on the other, and once revoked on one, answers 401 on both")
  void revokedEverywhere() {
    TenantClient acme = one.newTenant("Acme");
    try (Api onTwo = two.as(acme.token())) {
      onTwo.get("/api/internal/webhooks").expect(200);
      String cuid =
          one.admin()
              .get(tokens(acme.cuid()))
              .expect(200)
              .json()
              .getJsonArray("data")
              .getJsonObject(0)
              .getString("cuid");

      one.admin().delete(tokens(acme.cuid()) + "/" + cuid).expect(204);

      onTwo.get("/api/internal/webhooks").expect(401);
      acme.api().get("/api/internal/webhooks").expect(401);
      assertThat(two.admin().get(tokens(acme.cuid())).json().getJsonArray("data")).isEmpty();
    } finally {
      acme.api().close();
    }
  }

  @Test
  @DisplayName("A token's prefix and last use are stored: the other node lists them")
  void lastUsedStored() {
    TenantClient acme = one.newTenant("Acme");
    try (Api onTwo = two.as(acme.token())) {
      onTwo.get("/api/internal/webhooks").expect(200);

      JsonObject listed =
          Wait.forValue(
              "lastUsedAt is stored",
              () ->
                  one.admin().get(tokens(acme.cuid())).json().getJsonArray("data").getJsonObject(0),
              t -> t.getString("lastUsedAt") != null);

      assertThat(listed.getString("prefix")).isEqualTo(acme.token().substring(0, 7));
    } finally {
      acme.api().close();
    }
  }
}
