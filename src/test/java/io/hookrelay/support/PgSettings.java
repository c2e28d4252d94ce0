package io.hookrelay.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Config overrides and request bodies shared by the server-level PostgreSQL tests. */
public final class PgSettings {

  private PgSettings() {}

  /** {@code store.type=postgres} on the given database, with a small pool. */
  public static JsonObject postgres(String url) {
    return new JsonObject()
        .put(
            "store",
            new JsonObject()
                .put("type", "postgres")
                .put("postgres", new JsonObject().put("url", url).put("poolSize", 4)));
  }

  /** {@code overrides} on top of {@link #postgres(String)}. */
  public static JsonObject postgres(String url, JsonObject overrides) {
    return postgres(url).mergeIn(overrides, true);
  }

  public static JsonObject webhook(String url, String... events) {
    JsonArray names = new JsonArray();
    for (String e : events) {
      names.add(e);
    }
    return new JsonObject()
        .put("name", "hook")
        .put("url", url)
        .put("sslVerification", true)
        .put("events", names)
        .put("enabled", true);
  }

  public static JsonObject event(String name) {
    return new JsonObject().put("event", name).put("targetCuid", "ctarget0000000000000000000");
  }

  /**
   * A tenant made through the admin API of any server (in-process or child): its cuid and a token.
   */
  public record Tenant(String cuid, String token) {}

  public static Tenant newTenant(Api admin, String name) {
    String cuid =
        admin
            .post(
                "/api/internal/tenants",
                new JsonObject().put("name", name).put("webhooksEnabled", true))
            .expect(201)
            .json()
            .getString("cuid");
    String token =
        admin
            .post("/api/internal/tenants/" + cuid + "/tokens", new JsonObject())
            .expect(201)
            .json()
            .getString("token");
    return new Tenant(cuid, token);
  }
}
