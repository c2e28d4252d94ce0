package io.hookrelay.api;

import static io.hookrelay.api.ApiBodies.PATH;
import static io.hookrelay.api.ApiBodies.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may call what: no token, a wrong one, bare or Bearer tokens, and admin-only calls. */
class AuthApiTest {

  private static TestServer server;
  private static TenantClient tenant;
  private static Api anonymous;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    tenant = server.newTenant("Acme");
    anonymous = server.as(null);
  }

  @AfterAll
  static void stop() {
    anonymous.close();
    tenant.api().close();
    server.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/api/internal/webhooks",
        "/api/internal/webhookevents",
        "/api/internal/webhookslog",
        "/api/internal/webhooks/cnosuchwebhook000000000000"
      })
  @DisplayName("A call without a token is a 401 JSON error")
  void noToken(String path) {
    error(anonymous.get(path), 401, "unauthorized");
  }

  @Test
  @DisplayName("Admin calls without a token are a 401 too, not a 403")
  void noTokenOnAdminCall() {
    error(
        anonymous.post("/api/internal/tenants", new JsonObject().put("name", "x")),
        401,
        "unauthorized");
  }

  @ParameterizedTest(name = "Authorization: {0}")
  @ValueSource(
      strings = {
        "Bearer wrong-token",
        "wrong-token",
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "hr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
      })
  @DisplayName("A wrong or empty token is a 401")
  void wrongToken(String authorization) {
    error(anonymous.sendWithHeader(HttpMethod.GET, PATH, null, authorization), 401, "unauthorized");
  }

  @Test
  @DisplayName("A bare token (Authorization: <token>, as PlexTrac's scripts send it) works")
  void bareToken() {
    Api.Response response =
        anonymous.sendWithHeader(HttpMethod.GET, PATH, null, tenant.token()).expect(200);

    assertThat(response.json().getJsonArray("data")).isNotNull();
  }

  @Test
  @DisplayName(
      "Authorization: Bearer <token> works, for tenant and admin tokens alike, the scheme in any case")
  void bearerToken() {
    anonymous.sendWithHeader(HttpMethod.GET, PATH, null, "Bearer " + tenant.token()).expect(200);
    anonymous.sendWithHeader(HttpMethod.GET, PATH, null, "bearer " + tenant.token()).expect(200);
    anonymous
        .sendWithHeader(
            HttpMethod.GET,
            PATH + "?tenantCuid=" + tenant.cuid(),
            null,
            "Bearer " + TestServer.ADMIN)
        .expect(200);
    anonymous
        .sendWithHeader(
            HttpMethod.GET, PATH + "?tenantCuid=" + tenant.cuid(), null, TestServer.ADMIN)
        .expect(200);
  }

  @Test
  @DisplayName("The admin-only tenant calls answer 403 to a tenant token, and change nothing")
  void adminOnlyCalls() {
    Api api = tenant.api();
    String self = "/api/internal/tenants/" + tenant.cuid();

    error(
        api.post("/api/internal/tenants", new JsonObject().put("name", "Evil")), 403, "forbidden");
    error(api.patch(self, new JsonObject().put("webhooksEnabled", false)), 403, "forbidden");
    error(api.post(self + "/tokens", new JsonObject()), 403, "forbidden");

    api.get(PATH).expect(200);
  }

  @Test
  @DisplayName("/health needs no token")
  void healthIsOpen() {
    assertThat(anonymous.get("/health").expect(200).json().getString("status")).isEqualTo("UP");
  }
}
