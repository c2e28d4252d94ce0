package io.hookrelay.store;

import io.hookrelay.webhook.Tenant;
import io.vertx.core.Future;
import java.util.Optional;

/** Tenants and their API tokens (stored only as SHA-256 hashes). */
public interface TenantStore {

  Future<Tenant> create(Tenant tenant);

  Future<Optional<Tenant>> get(String tenantCuid);

  /**
   * Sets {@code webhooksEnabled}; empty when the tenant does not exist. Switching off cancels the
   * tenant's waiting deliveries, retries included, in the same step.
   */
  Future<Optional<Tenant>> setWebhooksEnabled(String tenantCuid, boolean enabled);

  Future<Void> addToken(String tenantCuid, String tokenHash);

  Future<Optional<Tenant>> findByTokenHash(String tokenHash);
}
