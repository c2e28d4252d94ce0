package io.hookrelay.api;

import io.hookrelay.security.Tokens;
import io.hookrelay.store.TenantStore;
import io.hookrelay.webhook.Tenant;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every {@code /api} call: {@code Authorization: Bearer <token>} or a bare token. The
 * admin token acts on any tenant through {@code ?tenantCuid=}; a tenant token only on its own.
 *
 * <p>It runs as soon as the headers are in, before the body is read: the request is paused here
 * (the {@link BodyReader} resumes it), so a caller without a valid token gets its 401 without the
 * server buffering a byte of its body.
 */
final class Auth implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(Auth.class);
  private static final String PRINCIPAL = "hookrelay.principal";

  /** Who is calling: the admin, or one tenant as it was when the call came in. */
  record Principal(boolean admin, Tenant tenant) {}

  private final TenantStore tenants;
  private final String adminTokenHash;
  private final TokenUse use;

  Auth(TenantStore tenants, String adminToken, TokenUse use) {
    this.tenants = tenants;
    this.adminTokenHash = Tokens.hash(adminToken);
    this.use = use;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.request().pause();
    String token = token(ctx.request().getHeader("Authorization"));
    String hash = token == null ? null : Tokens.hash(token);
    if (hash == null) {
      ctx.fail(401);
    } else if (Tokens.sameHash(hash, adminTokenHash)) {
      ctx.put(PRINCIPAL, new Principal(true, null));
      ctx.next();
    } else {
      tenants
          .findByTokenHash(hash)
          .onSuccess(
              tenant ->
                  tenant.ifPresentOrElse(
                      t -> {
                        recordUse(hash);
                        ctx.put(PRINCIPAL, new Principal(false, t));
                        ctx.next();
                      },
                      () -> ctx.fail(401)))
          .onFailure(ctx::fail);
    }
  }

  /** Writes the token's {@code lastUsedAt} when {@link TokenUse} says it is due; never waits. */
  private void recordUse(String hash) {
    Instant now = Instant.now();
    if (use.due(hash, now.toEpochMilli())) {
      tenants
          .tokenUsed(hash, now)
          .onFailure(e -> LOG.warn("could not record a token's last use: {}", e.toString()));
    }
  }

  static String token(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.trim();
    if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      h = h.substring(7).trim();
    }
    return h.isEmpty() ? null : h;
  }

  static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  static void requireAdmin(RoutingContext ctx) {
    if (!principal(ctx).admin()) {
      throw new ApiError(403, "forbidden", "this call needs the admin token");
    }
  }

  /**
   * The tenant the call acts for. Admin: {@code ?tenantCuid=} is required. Tenant: its own, and a
   * {@code tenantCuid} naming another tenant is not found.
   */
  static Future<Tenant> actingTenant(RoutingContext ctx, TenantStore tenants) {
    Principal p = principal(ctx);
    String asked = ctx.request().getParam("tenantCuid");
    if (!p.admin()) {
      return asked == null || asked.equals(p.tenant().cuid())
          ? Future.succeededFuture(p.tenant())
          : Future.failedFuture(ApiError.notFound("tenant"));
    }
    if (asked == null || asked.isBlank()) {
      return Future.failedFuture(
          ApiError.validation("tenantCuid", "is required with the admin token"));
    }
    return tenants.get(asked).map(t -> t.orElseThrow(() -> ApiError.notFound("tenant")));
  }

  /** {@link #actingTenant}, refusing tenants whose webhooks are switched off. */
  static Future<Tenant> webhookTenant(RoutingContext ctx, TenantStore tenants) {
    return actingTenant(ctx, tenants)
        .map(
            t -> {
              if (!t.webhooksEnabled()) {
                throw new ApiError(
                    403, "webhooks_disabled", "webhooks are disabled for this tenant");
              }
              return t;
            });
  }
}
