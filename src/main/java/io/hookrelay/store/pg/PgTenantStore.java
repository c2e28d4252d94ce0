package io.hookrelay.store.pg;

import io.hookrelay.store.TenantStore;
import io.hookrelay.webhook.Tenant;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** Tenants and their token hashes in PostgreSQL. */
final class PgTenantStore implements TenantStore {

  private static final String COLUMNS = "cuid, name, webhooks_enabled, created_at";

  static final String INSERT = "INSERT INTO tenants (" + COLUMNS + ") VALUES ($1, $2, $3, $4)";
  static final String SELECT = "SELECT " + COLUMNS + " FROM tenants WHERE cuid = $1";

  /**
   * One statement: switching off also cancels the tenant's waiting deliveries (through its
   * webhooks, so the pending-by-webhook index serves). Rows under a claim are left to their
   * outcome; a retry that comes back pending is cancelled by the next claim.
   */
  static final String SET_WEBHOOKS_ENABLED =
      """
      WITH switched AS (
        UPDATE tenants SET webhooks_enabled = $2 WHERE cuid = $1 RETURNING %s
      ), cancelled AS (
        UPDATE deliveries SET status = 'cancelled', locked_until = NULL, locked_by = NULL
        WHERE webhook_cuid IN (
            SELECT w.cuid FROM webhooks w JOIN switched s ON w.tenant_cuid = s.cuid
            WHERE NOT s.webhooks_enabled)
          AND tenant_cuid = $1 AND status = 'pending' AND locked_by IS NULL
      )
      SELECT * FROM switched"""
          .formatted(COLUMNS);

  static final String INSERT_TOKEN =
      "INSERT INTO tokens (hash, tenant_cuid) VALUES ($1, $2) "
          + "ON CONFLICT (hash) DO UPDATE SET tenant_cuid = EXCLUDED.tenant_cuid";
  static final String SELECT_BY_TOKEN =
      "SELECT t.cuid, t.name, t.webhooks_enabled, t.created_at FROM tokens k JOIN tenants t ON t.cuid = k.tenant_cuid "
          + "WHERE k.hash = $1";

  private final Pool pool;

  PgTenantStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Tenant> create(Tenant tenant) {
    return pool.preparedQuery(INSERT)
        .execute(
            Tuple.of(
                tenant.cuid(), tenant.name(), tenant.webhooksEnabled(), Sql.ts(tenant.createdAt())))
        .map(tenant);
  }

  @Override
  public Future<Optional<Tenant>> get(String tenantCuid) {
    return pool.preparedQuery(SELECT)
        .execute(Tuple.of(tenantCuid))
        .map(rows -> Sql.first(rows, PgTenantStore::tenant));
  }

  @Override
  public Future<Optional<Tenant>> setWebhooksEnabled(String tenantCuid, boolean enabled) {
    return pool.preparedQuery(SET_WEBHOOKS_ENABLED)
        .execute(Tuple.of(tenantCuid, enabled))
        .map(rows -> Sql.first(rows, PgTenantStore::tenant));
  }

  @Override
  public Future<Void> addToken(String tenantCuid, String tokenHash) {
    return pool.preparedQuery(INSERT_TOKEN).execute(Tuple.of(tokenHash, tenantCuid)).mapEmpty();
  }

  @Override
  public Future<Optional<Tenant>> findByTokenHash(String tokenHash) {
    return pool.preparedQuery(SELECT_BY_TOKEN)
        .execute(Tuple.of(tokenHash))
        .map(rows -> Sql.first(rows, PgTenantStore::tenant));
  }

  private static Tenant tenant(Row row) {
    return new Tenant(
        row.getString("cuid"),
        row.getString("name"),
        row.getBoolean("webhooks_enabled"),
        Sql.instant(row, "created_at"));
  }
}
