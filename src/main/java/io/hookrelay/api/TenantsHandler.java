package io.hookrelay.api;

import io.hookrelay.security.Tokens;
import io.hookrelay.store.TenantStore;
import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.FieldError;
import io.hookrelay.webhook.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Admin calls: create and list tenants, switch their webhooks, mint a token. */
final class TenantsHandler {

  private final TenantStore tenants;
  private final ChangeNotices notices;

  TenantsHandler(TenantStore tenants, ChangeNotices notices) {
    this.tenants = tenants;
    this.notices = notices;
  }

  void create(RoutingContext ctx) {
    Auth.requireAdmin(ctx);
    Map<String, Object> body = Json.object(ctx);
    List<FieldError> errors = check(body, Set.of("name", "webhooksEnabled"));
    if (!(body.get("name") instanceof String)) {
      errors.add(
          0, new FieldError("name", body.containsKey("name") ? "must be a string" : "is required"));
    }
    if (!errors.isEmpty()) {
      throw ApiError.validation(errors);
    }
    Tenant tenant =
        new Tenant(
            Cuid.next(),
            (String) body.get("name"),
            (Boolean) body.getOrDefault("webhooksEnabled", true),
            Instant.now());
    tenants
        .create(tenant)
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
    Map<String, Object> body = Json.object(ctx);
    List<FieldError> errors = check(body, Set.of("webhooksEnabled"));
    if (!body.containsKey("webhooksEnabled") && errors.isEmpty()) {
      errors.add(new FieldError("webhooksEnabled", "is required"));
    }
    if (!errors.isEmpty()) {
      throw ApiError.validation(errors);
    }
    String cuid = ctx.pathParam("tenantCuid");
    tenants
        .setWebhooksEnabled(cuid, (Boolean) body.get("webhooksEnabled"))
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

  /** Unknown fields, a name that is not a proper string, a flag that is not a boolean. */
  private static List<FieldError> check(Map<String, Object> body, Set<String> known) {
    List<FieldError> errors = new ArrayList<>();
    body.keySet().stream()
        .filter(k -> !known.contains(k))
        .sorted()
        .forEach(k -> errors.add(new FieldError(k, "is not a known field")));
    if (body.get("name") instanceof String name && (name.isBlank() || name.length() > 200)) {
      errors.add(new FieldError("name", "must be 1 to 200 characters long"));
    }
    if (body.containsKey("webhooksEnabled") && !(body.get("webhooksEnabled") instanceof Boolean)) {
      errors.add(new FieldError("webhooksEnabled", "must be a boolean"));
    }
    return errors;
  }
}
