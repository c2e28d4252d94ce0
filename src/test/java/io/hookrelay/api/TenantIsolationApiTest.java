package io.hookrelay.api;

import static io.hookrelay.api.ApiBodies.PATH;
import static io.hookrelay.api.ApiBodies.error;
import static io.hookrelay.api.ApiBodies.invalid;
import static io.hookrelay.api.ApiBodies.path;
import static io.hookrelay.api.ApiBodies.valid;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One tenant never sees or changes another's webhooks; the admin acts on one through ?tenantCuid=.
 */
class TenantIsolationApiTest {

  private static TestServer server;
  private TenantClient acme;
  private TenantClient globex;
  private JsonObject acmeHook;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void twoTenants() {
    acme = server.newTenant("Acme");
    globex = server.newTenant("Globex");
    acmeHook = ApiBodies.create(acme.api(), valid("acme's"));
    ApiBodies.create(globex.api(), valid("globex's"));
  }

  @AfterEach
  void closeClients() {
    acme.api().close();
    globex.api().close();
  }

  private Api admin() {
    return server.admin();
  }

  @Test
  @DisplayName("Another tenant's webhook is a 404 for get, patch and delete, and stays unchanged")
  void otherTenantsWebhookIsNotFound() {
    Api other = globex.api();

    error(other.get(path(acmeHook)), 404, "not_found");
    error(other.patch(path(acmeHook), new JsonObject().put("name", "stolen")), 404, "not_found");
    error(other.delete(path(acmeHook)), 404, "not_found");

    assertThat(acme.api().get(path(acmeHook)).expect(200).json()).isEqualTo(acmeHook);
  }

  @Test
  @DisplayName("A tenant's list shows only its own webhooks")
  void listShowsOnlyOwn() {
    JsonObject page = acme.api().get(PATH).expect(200).json();

    assertThat(page.getJsonArray("data")).containsExactly(acmeHook);
    assertThat(page.getJsonObject("meta").getJsonObject("page").getInteger("totalResults"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("A tenant token with another tenant's ?tenantCuid= is a 404 for every verb")
  void tenantTokenWithOtherTenantCuid() {
    String q = "?tenantCuid=" + acme.cuid();
    Api other = globex.api();

    error(other.get(PATH + q), 404, "not_found");
    error(other.post(PATH + q, valid()), 404, "not_found");
    error(other.get(path(acmeHook) + q), 404, "not_found");
    error(
        other.patch(path(acmeHook) + q, new JsonObject().put("name", "stolen")), 404, "not_found");
    error(other.delete(path(acmeHook) + q), 404, "not_found");

    assertThat(acme.api().get(PATH).json().getJsonArray("data")).containsExactly(acmeHook);
  }

  @Test
  @DisplayName("A tenant token with its own ?tenantCuid= works as without it")
  void tenantTokenWithOwnTenantCuid() {
    JsonObject page = acme.api().get(PATH + "?tenantCuid=" + acme.cuid()).expect(200).json();

    assertThat(page.getJsonArray("data")).containsExactly(acmeHook);
  }

  @Test
  @DisplayName(
      "The admin token without ?tenantCuid= is a 400 naming tenantCuid, for every webhook call")
  void adminNeedsTenantCuid() {
    invalid(admin().get(PATH), "tenantCuid");
    invalid(admin().post(PATH, valid()), "tenantCuid");
    invalid(admin().get(path(acmeHook)), "tenantCuid");
    invalid(admin().patch(path(acmeHook), new JsonObject().put("name", "x")), "tenantCuid");
    invalid(admin().delete(path(acmeHook)), "tenantCuid");
  }

  @Test
  @DisplayName(
      "The admin token with ?tenantCuid= lists, creates, gets, patches and deletes that tenant's webhooks")
  void adminActsOnOneTenant() {
    String q = "?tenantCuid=" + acme.cuid();

    assertThat(admin().get(PATH + q).expect(200).json().getJsonArray("data"))
        .containsExactly(acmeHook);
    JsonObject made = admin().post(PATH + q, valid("by admin")).expect(201).json();
    assertThat(made.getString("tenantCuid")).isEqualTo(acme.cuid());
    assertThat(acme.api().get(path(made)).expect(200).json()).isEqualTo(made);
    assertThat(admin().get(path(acmeHook) + q).expect(200).json()).isEqualTo(acmeHook);
    assertThat(
            admin()
                .patch(path(made) + q, new JsonObject().put("name", "renamed"))
                .expect(200)
                .json()
                .getString("name"))
        .isEqualTo("renamed");
    admin().delete(path(made) + q).expect(204);
    error(acme.api().get(path(made)), 404, "not_found");
  }

  @Test
  @DisplayName("The admin token with one tenant's cuid cannot reach another tenant's webhook")
  void adminWithWrongTenant() {
    String q = "?tenantCuid=" + globex.cuid();

    error(admin().get(path(acmeHook) + q), 404, "not_found");
    error(admin().patch(path(acmeHook) + q, new JsonObject().put("name", "x")), 404, "not_found");
    error(admin().delete(path(acmeHook) + q), 404, "not_found");
    assertThat(acme.api().get(path(acmeHook)).json()).isEqualTo(acmeHook);
  }

  @Test
  @DisplayName("The admin token with an unknown tenantCuid is a 404")
  void adminWithUnknownTenant() {
    error(admin().get(PATH + "?tenantCuid=cnosuchtenant000000000000"), 404, "not_found");
  }
}
