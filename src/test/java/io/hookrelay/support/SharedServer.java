package io.hookrelay.support;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test server for a whole test class, and fresh tenants for each test:
 * {@code @RegisterExtension static final SharedServer shared = new SharedServer();}.
 */
public final class SharedServer
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  private final JsonObject overrides;
  private final Runnable afterClose;
  private TestServer server;
  private TenantClients tenants;

  public SharedServer() {
    this(new JsonObject());
  }

  public SharedServer(JsonObject overrides) {
    this(overrides, () -> {});
  }

  /** {@code afterClose} runs once the server has stopped (to drop its database, say). */
  public SharedServer(JsonObject overrides, Runnable afterClose) {
    this.overrides = overrides;
    this.afterClose = afterClose;
  }

  public TestServer server() {
    return server;
  }

  /** A new tenant with its own token and client, closed after the test. */
  public TestServer.TenantClient tenant(String name) {
    return tenants.create(name);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = TestServer.start(overrides);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    tenants = new TenantClients(server);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    tenants.close();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      server.close();
    } finally {
      afterClose.run();
    }
  }
}
