package io.hookrelay.store.memory;

import io.hookrelay.store.Page;
import io.hookrelay.store.TenantStore;
import io.hookrelay.webhook.Tenant;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class MemoryTenantStore implements TenantStore {

  private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
  private final Map<String, String> tenantByTokenHash = new ConcurrentHashMap<>();

  @Override
  public Future<Tenant> create(Tenant tenant) {
    tenants.put(tenant.cuid(), tenant);
    return Future.succeededFuture(tenant);
  }

  @Override
  public Future<Optional<Tenant>> get(String tenantCuid) {
    return Future.succeededFuture(Optional.ofNullable(tenants.get(tenantCuid)));
  }

  @Override
  public Future<Page<Tenant>> list(int offset, int limit) {
    List<Tenant> all =
        tenants.values().stream()
            .sorted(Comparator.comparing(Tenant::createdAt).thenComparing(Tenant::cuid).reversed())
            .toList();
    int from = Math.min(offset, all.size());
    return Future.succeededFuture(
        new Page<>(all.subList(from, Math.min(all.size(), from + limit)), all.size()));
  }

  @Override
  public Future<Optional<Tenant>> setWebhooksEnabled(String tenantCuid, boolean enabled) {
    return Future.succeededFuture(
        Optional.ofNullable(
            tenants.computeIfPresent(tenantCuid, (k, t) -> t.withWebhooksEnabled(enabled))));
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
