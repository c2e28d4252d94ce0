package io.hookrelay.api;

import io.hookrelay.security.AddressResolver;
import io.hookrelay.store.Page;
import io.hookrelay.store.Stores;
import io.hookrelay.store.TooManyWebhooksException;
import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.FieldError;
import io.hookrelay.webhook.Webhook;
import io.hookrelay.webhook.WebhookValidator;
import io.hookrelay.webhook.WebhookValidator.Changes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code /api/internal/webhooks}: create, list, get, patch, delete. */
final class WebhooksHandler {

  private final Stores stores;
  private final WebhookValidator validator;
  private final AddressResolver resolver;
  private final ChangeNotices notices;

  WebhooksHandler(
      Stores stores, WebhookValidator validator, AddressResolver resolver, ChangeNotices notices) {
    this.stores = stores;
    this.validator = validator;
    this.resolver = resolver;
    this.notices = notices;
  }

  void create(RoutingContext ctx) {
    WebhookValidator.Result result = validator.validate(Json.object(ctx), true);
    Auth.webhookTenant(ctx, stores.tenants())
        .compose(
            tenant ->
                checked(result)
                    .map(changes -> changes.create(Cuid.next(), tenant.cuid(), Instant.now())))
        .compose(w -> stores.webhooks().create(w).recover(WebhooksHandler::quota))
        .onSuccess(w -> respond(ctx, 201, w))
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    Paging paging = Paging.pages(ctx);
    Auth.webhookTenant(ctx, stores.tenants())
        .compose(tenant -> stores.webhooks().list(tenant.cuid(), paging.offset(), paging.size()))
        .onSuccess(page -> Json.send(ctx, 200, listing(page, paging)))
        .onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    Auth.webhookTenant(ctx, stores.tenants())
        .compose(tenant -> find(tenant.cuid(), ctx.pathParam("webhookCuid")))
        .onSuccess(w -> Json.send(ctx, 200, Views.webhook(w)))
        .onFailure(ctx::fail);
  }

  void update(RoutingContext ctx) {
    WebhookValidator.Result result = validator.validate(Json.object(ctx), false);
    String cuid = ctx.pathParam("webhookCuid");
    Auth.webhookTenant(ctx, stores.tenants())
        .compose(tenant -> find(tenant.cuid(), cuid))
        .compose(
            found ->
                checked(result)
                    .compose(
                        changes ->
                            stores
                                .webhooks()
                                .update(
                                    found.tenantCuid(),
                                    cuid,
                                    current -> changes.applyTo(current, Instant.now()))))
        .map(o -> o.orElseThrow(() -> ApiError.notFound("webhook")))
        .compose(
            w ->
                w.enabled()
                    ? Future.succeededFuture(w)
                    : stores.queue().cancelForWebhook(w.cuid()).map(w))
        .onSuccess(w -> respond(ctx, 200, w))
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    String cuid = ctx.pathParam("webhookCuid");
    Auth.webhookTenant(ctx, stores.tenants())
        .compose(tenant -> stores.webhooks().delete(tenant.cuid(), cuid))
        .compose(
            deleted ->
                deleted
                    ? notices.webhookChanged(cuid)
                    : Future.failedFuture(ApiError.notFound("webhook")))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** A tenant at {@code limits.maxWebhooksPerTenant}: 409 quota_exceeded. */
  private static Future<Webhook> quota(Throwable e) {
    return Future.failedFuture(
        e instanceof TooManyWebhooksException
            ? new ApiError(409, "quota_exceeded", e.getMessage())
            : e);
  }

  private Future<Webhook> find(String tenantCuid, String webhookCuid) {
    return stores
        .webhooks()
        .get(tenantCuid, webhookCuid)
        .map(w -> w.orElseThrow(() -> ApiError.notFound("webhook")));
  }

  /**
   * The changes when every rule holds, the URL's addresses included; otherwise a validation error
   * listing every failing field.
   */
  private Future<Changes> checked(WebhookValidator.Result result) {
    String url = result.changes().url();
    Future<String> urlProblem = url == null ? Future.succeededFuture() : resolver.urlRefusal(url);
    return urlProblem.compose(
        problem -> {
          List<FieldError> errors = new ArrayList<>(result.errors());
          if (problem != null) {
            errors.add(new FieldError("url", problem));
          }
          return errors.isEmpty()
              ? Future.succeededFuture(result.changes())
              : Future.failedFuture(ApiError.validation(errors));
        });
  }

  private void respond(RoutingContext ctx, int status, Webhook w) {
    notices.webhookChanged(w.cuid()).onComplete(v -> Json.send(ctx, status, Views.webhook(w)));
  }

  private static JsonObject listing(Page<Webhook> page, Paging paging) {
    JsonArray data = new JsonArray();
    page.items().forEach(w -> data.add(Views.webhook(w)));
    long totalPages = (page.total() + paging.size() - 1) / paging.size();
    return new JsonObject()
        .put("data", data)
        .put(
            "meta",
            new JsonObject()
                .put(
                    "page",
                    new JsonObject()
                        .put("current", paging.current())
                        .put("size", paging.size())
                        .put("totalResults", page.total())
                        .put("totalPages", totalPages)));
  }
}
