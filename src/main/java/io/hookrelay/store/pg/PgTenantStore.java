package io.hookrelay.store.pg;

import io.hookrelay.store.Page;
import io.hookrelay.store.TenantStore;
import io.hookrelay.webhook.ApiToken;
import io.hookrelay.webhook.Tenant;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Tenants and their tokens (hashes, never the tokens) in PostgreSQL. */
final class PgTenantStore implements TenantStore {

  private static final String COLUMNS = "cuid, name, webhooks_enabled, created_at";

  static final String INSERT = "INSERT INTO tenants (" + COLUMNS + ") VALUES ($1, $2, $3, $4)";
  static final String SELECT = "SELECT " + COLUMNS + " FROM tenants WHERE cuid = $1";
  static final String PAGE =
      "SELECT " + COLUMNS + " FROM tenants ORDER BY created_at DESC, cuid DESC LIMIT $1 OFFSET $2";
  static final String COUNT = "SELECT count(*) FROM tenants";
  private static final String TOKEN_COLUMNS =
      "cuid, tenant_cuid, hash, prefix, created_at, last_used_at";

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
      "INSERT INTO tokens (" + TOKEN_COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6)";
  static final String SELECT_TOKENS =
      "SELECT " + TOKEN_COLUMNS + " FROM tokens WHERE tenant_cuid = $1 ORDER BY created_at, cuid";
  static final String DELETE_TOKEN = "DELETE FROM tokens WHERE tenant_cuid = $1 AND cuid = $2";
  static final String TOKEN_USED =
      "UPDATE tokens SET last_used_at = $2 "
          + "WHERE hash = $1 AND (last_used_at IS NULL OR last_used_at < $2)";
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
  public Future<Void> addToken(ApiToken token) {
    return pool.preparedQuery(INSERT_TOKEN)
        .execute(
            Tuple.of(
                token.cuid(),
                token.tenantCuid(),
                token.hash(),
                token.prefix(),
                Sql.ts(token.createdAt()),
                Sql.ts(token.lastUsedAt())))
        .mapEmpty();
  }

  @Override
  public Future<List<ApiToken>> tokens(String tenantCuid) {
    return pool.preparedQuery(SELECT_TOKENS)
        .execute(Tuple.of(tenantCuid))
        .map(rows -> Sql.all(rows, PgTenantStore::token));
  }

  @Override
  public Future<Boolean> deleteToken(String tenantCuid, String tokenCuid) {
    return pool.preparedQuery(DELETE_TOKEN)
        .execute(Tuple.of(tenantCuid, tokenCuid))
        .map(rows -> rows.rowCount() > 0);
  }

  @Override
  public Future<Void> tokenUsed(String tokenHash, Instant at) {
    return pool.preparedQuery(TOKEN_USED).execute(Tuple.of(tokenHash, Sql.ts(at))).mapEmpty();
  }

  @Override
  public Future<Optional<Tenant>> findByTokenHash(String tokenHash) {
    return pool.preparedQuery(SELECT_BY_TOKEN)
        .execute(Tuple.of(tokenHash))
        .map(rows -> Sql.first(rows, PgTenantStore::tenant));
  }

  private static ApiToken token(Row row) {
    return new ApiToken(
        row.getString("cuid"),
        row.getString("tenant_cuid"),
        row.getString("hash"),
        row.getString("prefix"),
        Sql.instant(row, "created_at"),
        Sql.instant(row, "last_used_at"));
  }

  private static Tenant tenant(Row row) {
    return new Tenant(
        row.getString("cuid"),
        row.getString("name"),
        row.getBoolean("webhooks_enabled"),
        Sql.instant(row, "created_at"));
  }
}
