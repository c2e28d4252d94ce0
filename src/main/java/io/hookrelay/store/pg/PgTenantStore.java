package io.hookrelay.store.pg;

import io.hookrelay.store.Page;
import io.hookrelay.store.TenantStore;
import io.hookrelay.webhook.Tenant;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;

/** Tenants and their token hashes in PostgreSQL. */
final class PgTenantStore implements TenantStore {

  private static final String COLUMNS = "cuid, name, webhooks_enabled, created_at";

  static final String INSERT = "INSERT INTO tenants (" + COLUMNS + ") VALUES ($1, $2, $3, $4)";
  static final String SELECT = "SELECT " + COLUMNS + " FROM tenants WHERE cuid = $1";
  static final String PAGE =
      "SELECT " + COLUMNS + " FROM tenants ORDER BY created_at DESC, cuid DESC LIMIT $1 OFFSET $2";
  static final String COUNT = "SELECT count(*) FROM tenants";
  static final String SET_WEBHOOKS_ENABLED =
      "UPDATE tenants SET webhooks_enabled = $2 WHERE cuid = $1 RETURNING " + COLUMNS;
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
  public Future<Page<Tenant>> list(int offset, int limit) {
    Future<List<Tenant>> page =
        pool.preparedQuery(PAGE)
            .execute(Tuple.of(limit, offset))
            .map(rows -> Sql.all(rows, PgTenantStore::tenant));
    Future<Long> total = pool.query(COUNT).execute().map(rows -> rows.iterator().next().getLong(0));
    return Future.all(page, total).map(v -> new Page<>(page.result(), total.result()));
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
