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
  private TestServer server;
  private TenantClients tenants;

  public SharedServer() {
    this(new JsonObject());
  }

  public SharedServer(JsonObject overrides) {
    this.overrides = overrides;
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
    server.close();
  }
}
