package io.hookrelay.api;

import io.hookrelay.security.Tokens;
import io.hookrelay.store.TenantStore;
import io.hookrelay.webhook.ApiToken;
import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Tenant;
import io.hookrelay.webhook.TenantValidator;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Admin calls: create and list tenants, switch their webhooks, mint, list and revoke tokens. */
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
    tenants
        .create(checked.create(Cuid.next(), Instant.now()))
        .onSuccess(t -> Json.send(ctx, 201, Views.tenant(t)))
        .onFailure(ctx::fail);
  }

  /** Every tenant, newest first, paged like the webhooks. */
  void list(RoutingContext ctx) {
    Auth.requireAdmin(ctx);
    Paging paging = Paging.pages(ctx);
    tenants
        .list(paging.offset(), paging.size())
        .onSuccess(
            page -> {
              JsonArray data = new JsonArray();
              page.items().forEach(t -> data.add(Views.tenant(t)));
              Json.send(
                  ctx, 200, new JsonObject().put("data", data).put("meta", paging.meta(page)));
            })
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

  /** 201 {@code {cuid, token, createdAt}}: the only time the token is shown. */
  void mintToken(RoutingContext ctx) {
    Auth.requireAdmin(ctx);
    String token = Tokens.newToken();
    tenant(ctx)
        .map(
            t ->
                new ApiToken(
                    Cuid.next(),
                    t.cuid(),
                    Tokens.hash(token),
                    ApiToken.prefixOf(token),
                    Instant.now().truncatedTo(ChronoUnit.MILLIS),
                    null))
        .compose(minted -> tenants.addToken(minted).map(minted))
        .onSuccess(
            minted ->
                Json.send(
                    ctx,
                    201,
                    new JsonObject()
                        .put("cuid", minted.cuid())
                        .put("token", token)
                        .put("createdAt", Views.time(minted.createdAt()))))
        .onFailure(ctx::fail);
  }

  /** 200 {@code {data: [{cuid, prefix, createdAt, lastUsedAt}]}}, oldest first. */
  void listTokens(RoutingContext ctx) {
    Auth.requireAdmin(ctx);
    tenant(ctx)
        .compose(t -> tenants.tokens(t.cuid()))
        .onSuccess(
            tokens -> {
              JsonArray data = new JsonArray();
              tokens.forEach(t -> data.add(Views.token(t)));
              Json.send(ctx, 200, new JsonObject().put("data", data));
            })
        .onFailure(ctx::fail);
  }

  /** 204; the token answers 401 from then on (every node reads tokens from the store). */
  void revokeToken(RoutingContext ctx) {
    Auth.requireAdmin(ctx);
    tenant(ctx)
        .compose(t -> tenants.deleteToken(t.cuid(), ctx.pathParam("tokenCuid")))
        .compose(
            deleted ->
                deleted
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture(ApiError.notFound("token")))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private Future<Tenant> tenant(RoutingContext ctx) {
    return tenants
        .get(ctx.pathParam("tenantCuid"))
        .map(t -> t.orElseThrow(() -> ApiError.notFound("tenant")));
  }
}
