package io.hookrelay.api;

import static io.hookrelay.api.ApiBodies.error;
import static io.hookrelay.api.ApiBodies.invalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code GET /api/internal/tenants}: the admin's list of tenants, paged like the webhooks. */
class TenantListApiTest {

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
  @DisplayName(
      "The admin lists tenants newest first, a page at a time, with page meta like the webhooks'")
  void list() {
    long before =
        admin
            .get(TENANTS)
            .expect(200)
            .json()
            .getJsonObject("meta")
            .getJsonObject("page")
            .getLong("totalResults");
    List<TenantClient> made = new ArrayList<>();
    for (String name : List.of("One", "Two", "Three")) {
      Instant last = Instant.now();
      Wait.until(
          "the clock moves on a millisecond",
          () -> Instant.now().toEpochMilli() > last.toEpochMilli());
      made.add(server.newTenant(name));
    }

    JsonObject first = admin.get(TENANTS + "?page[size]=2&page[current]=1").expect(200).json();
    JsonObject second = admin.get(TENANTS + "?page[size]=2&page[current]=2").expect(200).json();

    assertThat(first.getJsonArray("data").getJsonObject(0).getString("name")).isEqualTo("Three");
    assertThat(first.getJsonArray("data").getJsonObject(1).getString("name")).isEqualTo("Two");
    assertThat(second.getJsonArray("data").getJsonObject(0).getString("name")).isEqualTo("One");
    assertThat(first.getJsonArray("data").getJsonObject(0).fieldNames())
        .containsExactlyInAnyOrder("cuid", "name", "webhooksEnabled", "createdAt");
    assertThat(first.getJsonArray("data").getJsonObject(0).getString("cuid"))
        .isEqualTo(made.get(2).cuid());
    assertThat(first.getJsonObject("meta").getJsonObject("page"))
        .isEqualTo(
            new JsonObject()
                .put("current", 1)
                .put("size", 2)
                .put("totalResults", before + 3)
                .put("totalPages", (before + 3 + 1) / 2));
    made.forEach(t -> t.api().close());
  }

  @Test
  @DisplayName("Bad page parameters are a 400 naming the parameter")
  void badPaging() {
    invalid(admin.get(TENANTS + "?page[size]=0"), "page[size]");
    invalid(admin.get(TENANTS + "?page[size]=101"), "page[size]");
    invalid(admin.get(TENANTS + "?page[current]=x"), "page[current]");
  }

  @Test
  @DisplayName("A tenant token may not list tenants (403), and no token is a 401")
  void adminOnly() {
    TenantClient t = server.newTenant("Nosy");
    error(t.api().get(TENANTS), 403, "forbidden");
    try (Api anonymous = server.as(null)) {
      error(anonymous.get(TENANTS), 401, "unauthorized");
    }
    t.api().close();
  }
}
