package io.hookrelay.store;

import io.hookrelay.webhook.ApiToken;
import io.hookrelay.webhook.Tenant;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Tenants and their API tokens (stored only as SHA-256 hashes). */
public interface TenantStore {

  Future<Tenant> create(Tenant tenant);

  Future<Optional<Tenant>> get(String tenantCuid);

  /** Every tenant, newest first (then by cuid), one page of them and how many there are. */
  Future<Page<Tenant>> list(int offset, int limit);

  /**
   * Sets {@code webhooksEnabled}; empty when the tenant does not exist. Switching off cancels the
   * tenant's waiting deliveries, retries included, in the same step.
   */
  Future<Optional<Tenant>> setWebhooksEnabled(String tenantCuid, boolean enabled);

  /** Stores a new token of an existing tenant. */
  Future<Void> addToken(ApiToken token);

  /** The tenant's tokens, oldest first. */
  Future<List<ApiToken>> tokens(String tenantCuid);

  /**
   * Deletes one of the tenant's tokens: from then on {@link #findByTokenHash} no longer finds it.
   * False when the tenant has no token of that cuid.
   */
  Future<Boolean> deleteToken(String tenantCuid, String tokenCuid);

  /** The tenant a token (by its hash) belongs to; empty for an unknown or deleted token. */
  Future<Optional<Tenant>> findByTokenHash(String tokenHash);

  /**
   * Records that the token was used at {@code at}; {@code lastUsedAt} never moves back. Callers
   * throttle it (the API: at most once a minute per token and node).
   */
  Future<Void> tokenUsed(String tokenHash, Instant at);
}
