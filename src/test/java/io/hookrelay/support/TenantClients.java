package io.hookrelay.support;

import java.util.ArrayList;
import java.util.List;

/** Tenants made for one test, whose clients are closed together when the test ends. */
public final class TenantClients implements AutoCloseable {

  private final TestServer server;
  private final List<Api> clients = new ArrayList<>();

  public TenantClients(TestServer server) {
    this.server = server;
  }

  public synchronized TestServer.TenantClient create(String name) {
    TestServer.TenantClient tenant = server.newTenant(name);
    clients.add(tenant.api());
    return tenant;
  }

  @Override
  public synchronized void close() {
    clients.forEach(Api::close);
    clients.clear();
  }
}
