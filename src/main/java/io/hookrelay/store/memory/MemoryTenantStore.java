package io.hookrelay.store.memory;

import io.hookrelay.store.Page;
import io.hookrelay.store.TenantStore;
import io.hookrelay.webhook.ApiToken;
import io.hookrelay.webhook.Tenant;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class MemoryTenantStore implements TenantStore {

  private static final Comparator<ApiToken> OLDEST_FIRST =
      Comparator.comparing(ApiToken::createdAt).thenComparing(ApiToken::cuid);

  private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
  private final Map<String, ApiToken> tokensByHash = new ConcurrentHashMap<>();
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
            tenants.computeIfPresent(
                tenantCuid,
                (k, t) -> {
                  // inside the compute: concurrent switches reach the queue in their order here
                  queue.switchTenant(k, enabled);
                  return t.withWebhooksEnabled(enabled);
                })));
  }

  @Override
  public Future<Void> addToken(ApiToken token) {
    tokensByHash.put(token.hash(), token);
    return Future.succeededFuture();
  }

  @Override
  public Future<List<ApiToken>> tokens(String tenantCuid) {
    return Future.succeededFuture(
        tokensByHash.values().stream()
            .filter(t -> t.tenantCuid().equals(tenantCuid))
            .sorted(OLDEST_FIRST)
            .toList());
  }

  @Override
  public Future<Boolean> deleteToken(String tenantCuid, String tokenCuid) {
    return Future.succeededFuture(
        tokensByHash
            .values()
            .removeIf(t -> t.cuid().equals(tokenCuid) && t.tenantCuid().equals(tenantCuid)));
  }

  @Override
  public Future<Optional<Tenant>> findByTokenHash(String tokenHash) {
    ApiToken token = tokensByHash.get(tokenHash);
    return Future.succeededFuture(
        token == null ? Optional.empty() : Optional.ofNullable(tenants.get(token.tenantCuid())));
  }

  @Override
  public Future<Void> tokenUsed(String tokenHash, Instant at) {
    tokensByHash.computeIfPresent(
        tokenHash,
        (k, t) ->
            t.lastUsedAt() != null && !t.lastUsedAt().isBefore(at)
                ? t
                : new ApiToken(t.cuid(), t.tenantCuid(), t.hash(), t.prefix(), t.createdAt(), at));
    return Future.succeededFuture();
  }
}
