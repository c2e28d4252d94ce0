package io.hookrelay.store.memory;

import io.hookrelay.store.TenantStore;
import io.hookrelay.webhook.Tenant;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class MemoryTenantStore implements TenantStore {

  private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
  private final Map<String, String> tenantByTokenHash = new ConcurrentHashMap<>();
  private MemoryQueue queue;

  void attach(MemoryQueue queue) {
    this.queue = queue;
  }

  @Override
  public Future<Tenant> create(Tenant tenant) {
    tenants.compute(
        tenant.cuid(),
        (k, old) -> {
          queue.switchTenant(k, tenant.webhooksEnabled());
          return tenant;
        });
    return Future.succeededFuture(tenant);
  }

  @Override
  public Future<Optional<Tenant>> get(String tenantCuid) {
    return Future.succeededFuture(Optional.ofNullable(tenants.get(tenantCuid)));
  }

  @Override
  public Future<Optional<Tenant>> setWebhooksEnabled(String tenantCuid, boolean enabled) {
    return Future.succeededFuture(
        Optional.ofNullable(
            tenants.computeIfPresent(
                tenantCuid,
                (k, t) -> {
                  // inside the compute: concurrent switches reach the queue in their order here
                  queue.switchTenant(k, enabled);
                  return t.withWebhooksEnabled(enabled);
                })));
  }

  @Override
  public Future<Void> addToken(String tenantCuid, String tokenHash) {
    tenantByTokenHash.put(tokenHash, tenantCuid);
    return Future.succeededFuture();
  }

  @Override
  public Future<Optional<Tenant>> findByTokenHash(String tokenHash) {
    String cuid = tenantByTokenHash.get(tokenHash);
    return Future.succeededFuture(
        cuid == null ? Optional.empty() : Optional.ofNullable(tenants.get(cuid)));
  }
}
