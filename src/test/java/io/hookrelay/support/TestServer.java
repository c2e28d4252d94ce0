package io.hookrelay.support;

import io.hookrelay.app.Server;
import io.hookrelay.config.ConfigLoader;
import io.hookrelay.config.HookrelayConfig;
import io.vertx.core.json.JsonObject;

/**
 * A real hookrelay in this JVM on a free port, configured for tests: a known admin token, private
 * networks allowed (receivers run on 127.0.0.1), short backoffs and timeouts. Overrides are merged
 * on top, e.g. {@code new JsonObject().put("delivery", new JsonObject().put("maxRetries", 2))}.
 */
public final class TestServer implements AutoCloseable {

  public static final String ADMIN = "test-admin-token-0123456789abcdef";

  private final Server server;
  private final Api admin;

  private TestServer(Server server) {
    this.server = server;
    this.admin = new Api(server.port(), ADMIN);
  }

  public static JsonObject testDefaults() {
    return new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("auth", new JsonObject().put("adminToken", ADMIN))
        .put(
            "security",
            new JsonObject().put("ssrf", new JsonObject().put("allowPrivateNetworks", true)))
        .put(
            "delivery",
            new JsonObject()
                .put("timeoutMs", 2000)
                .put("initialBackoffMs", 50)
                .put("backoffMultiplier", 2)
                .put("maxBackoffMs", 1000)
                .put("jitter", 0.0)
                .put("instances", 2)
                .put("pollIntervalMs", 200));
  }

  public static TestServer start() {
    return start(new JsonObject());
  }

  public static TestServer start(JsonObject overrides) {
    JsonObject json =
        ConfigLoader.merge(ConfigLoader.merge(ConfigLoader.defaults(), testDefaults()), overrides);
    return start(HookrelayConfig.from(json));
  }

  public static TestServer start(HookrelayConfig config) {
    return new TestServer(Server.start(config).await());
  }

  public Server server() {
    return server;
  }

  public int port() {
    return server.port();
  }

  /** A client acting with the admin token. */
  public Api admin() {
    return admin;
  }

  /** A client acting with the given token. */
  public Api as(String token) {
    return new Api(server.port(), token);
  }

  /** Creates a tenant and mints a token for it; returns a client acting as that tenant. */
  public TenantClient newTenant(String name) {
    JsonObject tenant =
        admin
            .post(
                "/api/internal/tenants",
                new JsonObject().put("name", name).put("webhooksEnabled", true))
            .expect(201)
            .json();
    String token =
        admin
            .post("/api/internal/tenants/" + tenant.getString("cuid") + "/tokens", new JsonObject())
            .expect(201)
            .json()
            .getString("token");
    return new TenantClient(tenant.getString("cuid"), token, as(token));
  }

  /** A tenant's cuid, its token, and a client acting with that token. */
  public record TenantClient(String cuid, String token, Api api) {}

  @Override
  public void close() {
    admin.close();
    server.stop().await();
  }
}
