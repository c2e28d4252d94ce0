package io.hookrelay.api;

import static io.hookrelay.api.ApiBodies.CUID;
import static io.hookrelay.api.ApiBodies.ISO_MILLIS;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Admin calls on tenants and tokens, and what switching a tenant's webhooks off does. */
class TenantsApiTest {

  private static final String TENANTS = "/api/internal/tenants";

  private static TestServer server;
  private static Api admin;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @DisplayName("Creating a tenant answers 201 with cuid, name, webhooksEnabled and createdAt")
  void create() {
    Api.Response response =
        admin
            .post(TENANTS, new JsonObject().put("name", "Acme").put("webhooksEnabled", true))
            .expect(201);
    JsonObject tenant = response.json();

    assertThat(response.contentType()).isEqualTo("application/json; charset=utf-8");
    assertThat(tenant.fieldNames())
        .containsExactlyInAnyOrder("cuid", "name", "webhooksEnabled", "createdAt");
    assertThat(tenant.getString("cuid")).matches(CUID);
    assertThat(tenant.getString("name")).isEqualTo("Acme");
    assertThat(tenant.getBoolean("webhooksEnabled")).isTrue();
    assertThat(tenant.getString("createdAt")).matches(ISO_MILLIS);
  }

  @Test
  @DisplayName("A tenant can be created with webhooks switched off")
  void createDisabled() {
    JsonObject tenant =
        admin
            .post(TENANTS, new JsonObject().put("name", "Quiet").put("webhooksEnabled", false))
            .expect(201)
            .json();

    assertThat(tenant.getBoolean("webhooksEnabled")).isFalse();
  }

  @Test
  @DisplayName(
      "Creating a tenant checks its body: name required and a string, webhooksEnabled a boolean, nothing unknown")
  void createValidation() {
    invalid(admin.post(TENANTS, new JsonObject()), "name");
    invalid(admin.post(TENANTS, new JsonObject().put("name", 5)), "name");
    invalid(admin.post(TENANTS, new JsonObject().put("name", "")), "name");
    invalid(admin.post(TENANTS, new JsonObject().put("name", "x".repeat(201))), "name");
    invalid(
        admin.post(TENANTS, new JsonObject().put("name", "A").put("webhooksEnabled", "true")),
        "webhooksEnabled");
    invalid(admin.post(TENANTS, new JsonObject().put("name", "A").put("plan", "gold")), "plan");
  }

  @Test
  @DisplayName("PATCH of a tenant answers 200 with the tenant as changed")
  void patch() {
    TenantClient t = server.newTenant("Acme");
    String path = TENANTS + "/" + t.cuid();

    JsonObject off =
        admin.patch(path, new JsonObject().put("webhooksEnabled", false)).expect(200).json();
    JsonObject on =
        admin.patch(path, new JsonObject().put("webhooksEnabled", true)).expect(200).json();

    assertThat(off.getString("cuid")).isEqualTo(t.cuid());
    assertThat(off.getString("name")).isEqualTo("Acme");
    assertThat(off.getBoolean("webhooksEnabled")).isFalse();
    assertThat(on.getBoolean("webhooksEnabled")).isTrue();
    assertThat(on.getString("createdAt")).isEqualTo(off.getString("createdAt"));
    t.api().close();
  }

  @Test
  @DisplayName(
      "PATCH of a tenant refuses an empty body, a non-boolean and unknown fields; an unknown tenant is a 404")
  void patchValidation() {
    TenantClient t = server.newTenant("Acme");
    String path = TENANTS + "/" + t.cuid();

    invalid(admin.patch(path, new JsonObject()), "webhooksEnabled");
    invalid(admin.patch(path, new JsonObject().put("webhooksEnabled", "false")), "webhooksEnabled");
    invalid(
        admin.patch(path, new JsonObject().put("webhooksEnabled", false).put("name", "B")), "name");
    error(
        admin.patch(
            TENANTS + "/cnosuchtenant000000000000", new JsonObject().put("webhooksEnabled", false)),
        404,
        "not_found");
    t.api().get(PATH).expect(200);
    t.api().close();
  }

  @Test
  @DisplayName(
      "Minting a token answers 201 with an hr_ token that works; each mint gives a new one and all keep working")
  void mintTokens() {
    JsonObject tenant =
        admin
            .post(TENANTS, new JsonObject().put("name", "Acme").put("webhooksEnabled", true))
            .expect(201)
            .json();
    String path = TENANTS + "/" + tenant.getString("cuid") + "/tokens";

    Api.Response first = admin.post(path, new JsonObject()).expect(201);
    String second = admin.post(path, new JsonObject()).expect(201).json().getString("token");
    String token = first.json().getString("token");

    assertThat(first.json().fieldNames()).containsExactlyInAnyOrder("cuid", "token", "createdAt");
    assertThat(token).startsWith("hr_").hasSizeGreaterThanOrEqualTo(3 + 43);
    assertThat(second).startsWith("hr_").isNotEqualTo(token);
    try (Api one = server.as(token);
        Api two = server.as(second)) {
      JsonObject made = ApiBodies.create(one, valid());
      assertThat(made.getString("tenantCuid")).isEqualTo(tenant.getString("cuid"));
      two.get(path(made)).expect(200);
    }
  }

  @Test
  @DisplayName("Minting a token for an unknown tenant is a 404")
  void mintForUnknownTenant() {
    error(
        admin.post(TENANTS + "/cnosuchtenant000000000000/tokens", new JsonObject()),
        404,
        "not_found");
  }

  @Test
  @DisplayName(
      "A tenant with webhooks switched off gets 403 webhooks_disabled on every webhook call, admin included")
  void webhooksDisabled() {
    TenantClient t = server.newTenant("Acme");
    JsonObject hook = ApiBodies.create(t.api(), valid());
    admin
        .patch(TENANTS + "/" + t.cuid(), new JsonObject().put("webhooksEnabled", false))
        .expect(200);
    Api api = t.api();

    error(api.post(PATH, valid()), 403, "webhooks_disabled");
    error(api.get(PATH), 403, "webhooks_disabled");
    error(api.get(path(hook)), 403, "webhooks_disabled");
    error(api.patch(path(hook), new JsonObject().put("name", "x")), 403, "webhooks_disabled");
    error(api.delete(path(hook)), 403, "webhooks_disabled");
    error(admin.get(PATH + "?tenantCuid=" + t.cuid()), 403, "webhooks_disabled");

    admin
        .patch(TENANTS + "/" + t.cuid(), new JsonObject().put("webhooksEnabled", true))
        .expect(200);
    assertThat(api.get(path(hook)).expect(200).json()).isEqualTo(hook);
    api.close();
  }
}
