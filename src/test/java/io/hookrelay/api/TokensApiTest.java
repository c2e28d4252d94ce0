package io.hookrelay.api;

import static io.hookrelay.api.ApiBodies.CUID;
import static io.hookrelay.api.ApiBodies.ISO_MILLIS;
import static io.hookrelay.api.ApiBodies.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.SharedServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** API.md "Second round / Tokens": mint, list and revoke a tenant's tokens (admin calls). */
class TokensApiTest {

  @RegisterExtension static final SharedServer shared = new SharedServer();

  private static String tokens(String tenantCuid) {
    return "/api/internal/tenants/" + tenantCuid + "/tokens";
  }

  private static Api admin() {
    return shared.server().admin();
  }

  @Test
  @DisplayName("Minting a token answers 201 with its cuid, the token (shown once) and createdAt")
  void mint() {
    TenantClient acme = shared.tenant("Acme");

    JsonObject minted = admin().post(tokens(acme.cuid()), null).expect(201).json();

    assertThat(minted.fieldNames()).containsExactlyInAnyOrder("cuid", "token", "createdAt");
    assertThat(minted.getString("cuid")).matches(CUID);
    assertThat(minted.getString("token")).startsWith("hr_").hasSizeGreaterThan(40);
    assertThat(minted.getString("createdAt")).matches(ISO_MILLIS);
    try (Api api = shared.server().as(minted.getString("token"))) {
      api.get(ApiBodies.PATH).expect(200);
    }
  }

  @Test
  @DisplayName(
      "Listing answers every token of the tenant with cuid, prefix, createdAt and lastUsedAt, never the token")
  void list() {
    TenantClient acme = shared.tenant("Acme");
    JsonObject second = admin().post(tokens(acme.cuid()), null).expect(201).json();

    Api.Response response = admin().get(tokens(acme.cuid())).expect(200);
    JsonArray data = response.json().getJsonArray("data");

    assertThat(data).hasSize(2);
    JsonObject listed = data.getJsonObject(1);
    assertThat(listed.fieldNames())
        .containsExactlyInAnyOrder("cuid", "prefix", "createdAt", "lastUsedAt");
    assertThat(listed.getString("cuid")).isEqualTo(second.getString("cuid"));
    assertThat(listed.getString("prefix"))
        .hasSize(7)
        .isEqualTo(second.getString("token").substring(0, 7));
    assertThat(listed.getString("createdAt")).isEqualTo(second.getString("createdAt"));
    assertThat(listed.getValue("lastUsedAt")).isNull();
    assertThat(response.body())
        .doesNotContain(second.getString("token"))
        .doesNotContain(acme.token());
  }

  @Test
  @DisplayName("A token's lastUsedAt is set once it has been used")
  void lastUsed() {
    TenantClient acme = shared.tenant("Acme");
    acme.api().get(ApiBodies.PATH).expect(200);

    String lastUsed =
        Wait.forValue(
            "lastUsedAt is set",
            () ->
                admin()
                    .get(tokens(acme.cuid()))
                    .json()
                    .getJsonArray("data")
                    .getJsonObject(0)
                    .getString("lastUsedAt"),
            v -> v != null);

    assertThat(lastUsed).matches(ISO_MILLIS);
  }

  @Test
  @DisplayName("A revoked token answers 401 from then on; the tenant's other tokens still work")
  void revoke() {
    TenantClient acme = shared.tenant("Acme");
    JsonObject spare = admin().post(tokens(acme.cuid()), null).expect(201).json();
    String first =
        admin()
            .get(tokens(acme.cuid()))
            .json()
            .getJsonArray("data")
            .getJsonObject(0)
            .getString("cuid");
    acme.api().get(ApiBodies.PATH).expect(200);

    admin().delete(tokens(acme.cuid()) + "/" + first).expect(204);

    error(acme.api().get(ApiBodies.PATH), 401, "unauthorized");
    try (Api api = shared.server().as(spare.getString("token"))) {
      api.get(ApiBodies.PATH).expect(200);
    }
    assertThat(admin().get(tokens(acme.cuid())).json().getJsonArray("data"))
        .extracting(t -> ((JsonObject) t).getString("cuid"))
        .containsExactly(spare.getString("cuid"));
  }

  @Test
  @DisplayName(
      "Revoking an unknown token, or one of another tenant, is a 404 and leaves the token working")
  void revokeUnknown() {
    TenantClient acme = shared.tenant("Acme");
    TenantClient other = shared.tenant("Other");
    String acmes =
        admin()
            .get(tokens(acme.cuid()))
            .json()
            .getJsonArray("data")
            .getJsonObject(0)
            .getString("cuid");

    error(admin().delete(tokens(acme.cuid()) + "/cnosuchtoken0000000000000"), 404, "not_found");
    error(admin().delete(tokens(other.cuid()) + "/" + acmes), 404, "not_found");
    error(admin().delete(tokens("cnosuchtenant000000000000") + "/" + acmes), 404, "not_found");
    acme.api().get(ApiBodies.PATH).expect(200);
  }

  @Test
  @DisplayName(
      "Token calls need the admin token (403 for a tenant's own), and a known tenant (404)")
  void adminOnly() {
    TenantClient acme = shared.tenant("Acme");
    String mine =
        admin()
            .get(tokens(acme.cuid()))
            .json()
            .getJsonArray("data")
            .getJsonObject(0)
            .getString("cuid");

    error(acme.api().get(tokens(acme.cuid())), 403, "forbidden");
    error(acme.api().post(tokens(acme.cuid()), null), 403, "forbidden");
    error(acme.api().delete(tokens(acme.cuid()) + "/" + mine), 403, "forbidden");
    error(admin().get(tokens("cnosuchtenant000000000000")), 404, "not_found");
    error(admin().post(tokens("cnosuchtenant000000000000"), null), 404, "not_found");
    acme.api().get(ApiBodies.PATH).expect(200);
  }
}
