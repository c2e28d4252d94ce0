package io.hookrelay.api;

import io.hookrelay.Addresses;
import io.hookrelay.store.ManualRetry;
import io.hookrelay.store.Stores;
import io.hookrelay.webhook.Delivery;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/internal/webhookslog}: the attempt log, and a manual retry of one delivery. */
final class DeliveryLogHandler {

  private final Stores stores;
  private final EventBus eventBus;

  DeliveryLogHandler(Stores stores, EventBus eventBus) {
    this.stores = stores;
    this.eventBus = eventBus;
  }

  void list(RoutingContext ctx) {
    LogQuery query = LogQuery.from(ctx);
    Auth.webhookTenant(ctx, stores.tenants())
        .compose(tenant -> stores.attempts().list(query.forTenant(tenant.cuid())))
        .onSuccess(
            page -> {
              JsonArray data = new JsonArray();
              page.items().forEach(a -> data.add(Views.attempt(a)));
              Json.send(ctx, 200, new JsonObject().put("data", data).put("meta", query.meta(page)));
            })
        .onFailure(ctx::fail);
  }

  void retry(RoutingContext ctx) {
    String deliveryCuid = ctx.pathParam("deliveryCuid");
    Auth.webhookTenant(ctx, stores.tenants())
        .compose(tenant -> stores.queue().retryNow(tenant.cuid(), deliveryCuid))
        .map(DeliveryLogHandler::queued)
        .onSuccess(
            d -> {
              eventBus.publish(Addresses.DELIVERIES_READY, null);
              Json.send(
                  ctx,
                  202,
                  new JsonObject()
                      .put("deliveryCuid", d.cuid())
                      .put("status", d.status().wire())
                      .put("attempts", d.attempts()));
            })
        .onFailure(ctx::fail);
  }

  /** The queued delivery; only a failed one is sent again (409 otherwise). */
  private static Delivery queued(ManualRetry retry) {
    if (retry instanceof ManualRetry.Queued queued) {
      return queued.delivery();
    }
    if (retry instanceof ManualRetry.NotFailed notFailed) {
      throw new ApiError(
          409,
          "not_failed",
          "the delivery is "
              + notFailed.status().wire()
              + "; only a failed delivery can be retried");
    }
    throw ApiError.notFound("delivery");
  }
}
