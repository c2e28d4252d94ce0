package io.hookrelay.api;

import io.hookrelay.security.Tokens;
import io.hookrelay.store.TenantStore;
import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Tenant;
import io.hookrelay.webhook.TenantValidator;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** Admin calls: create a tenant, switch its webhooks, mint a token. */
final class TenantsHandler {

  private final TenantStore tenants;
  private final ChangeNotices notices;

  TenantsHandler(TenantStore tenants, ChangeNotices notices) {
    this.tenants = tenants;
    this.notices = notices;
  }

  void create(RoutingContext ctx) {
    Auth.requireAdmin(ctx);
    TenantValidator.Result checked = TenantValidator.create(Json.object(ctx));
    if (!checked.ok()) {
      throw ApiError.validation(checked.errors());
    }
    Tenant tenant =
        new Tenant(
            Cuid.next(),
            checked.name(),
            checked.webhooksEnabled() == null || checked.webhooksEnabled(),
            Instant.now());
    tenants
        .create(tenant)
        .onSuccess(t -> Json.send(ctx, 201, Views.tenant(t)))
        .onFailure(ctx::fail);
  }

  void update(RoutingContext ctx) {
    Auth.requireAdmin(ctx);
    TenantValidator.Result checked = TenantValidator.update(Json.object(ctx));
    if (!checked.ok()) {
      throw ApiError.validation(checked.errors());
    }
    String cuid = ctx.pathParam("tenantCuid");
    tenants
        .setWebhooksEnabled(cuid, checked.webhooksEnabled())
        .map(t -> t.orElseThrow(() -> ApiError.notFound("tenant")))
        .compose(t -> notices.tenantChanged(t.cuid()).map(t))
        .onSuccess(t -> Json.send(ctx, 200, Views.tenant(t)))
        .onFailure(ctx::fail);
  }

  void mintToken(RoutingContext ctx) {
    Auth.requireAdmin(ctx);
    String token = Tokens.newToken();
    tenants
        .get(ctx.pathParam("tenantCuid"))
        .map(t -> t.orElseThrow(() -> ApiError.notFound("tenant")))
        .compose(t -> tenants.addToken(t.cuid(), Tokens.hash(token)))
        .onSuccess(v -> Json.send(ctx, 201, new JsonObject().put("token", token)))
        .onFailure(ctx::fail);
  }
}
