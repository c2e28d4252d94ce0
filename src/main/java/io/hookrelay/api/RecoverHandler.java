package io.hookrelay.api;

import io.hookrelay.Addresses;
import io.hookrelay.store.Stores;
import io.hookrelay.webhook.RecoverRequest;
import io.hookrelay.webhook.Webhook;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code POST /api/internal/webhooks/{webhookCuid}/recover} (API.md "Recovering failed
 * deliveries"): every failed delivery of the webhook created in [since, until) is queued again now,
 * with the normal number of attempts ({@code 1 + delivery.maxRetries}) on top of those it made.
 */
final class RecoverHandler {

  private final Stores stores;
  private final EventBus eventBus;
  private final int retentionDays;
  private final int attempts;

  RecoverHandler(Stores stores, EventBus eventBus, int retentionDays, int maxRetries) {
    this.stores = stores;
    this.eventBus = eventBus;
    this.retentionDays = retentionDays;
    this.attempts = 1 + maxRetries;
  }

  void recover(RoutingContext ctx) {
    Instant oldest = Instant.now().minus(Duration.ofDays(retentionDays));
    RecoverRequest.Result result = RecoverRequest.validate(Json.object(ctx), oldest);
    String cuid = ctx.pathParam("webhookCuid");
    Auth.webhookTenant(ctx, stores.tenants())
        .compose(tenant -> stores.webhooks().get(tenant.cuid(), cuid))
        .map(found -> found.orElseThrow(() -> ApiError.notFound("webhook")))
        .compose(w -> checked(result, w))
        .compose(
            w ->
                stores
                    .queue()
                    .recover(
                        w.tenantCuid(),
                        w.cuid(),
                        result.window().since(),
                        result.window().until(),
                        attempts))
        .onSuccess(
            n -> {
              if (n > 0) {
                eventBus.publish(Addresses.DELIVERIES_READY, null);
              }
              Json.send(ctx, 202, new JsonObject().put("deliveries", n));
            })
        .onFailure(ctx::fail);
  }

  /**
   * The webhook when the window is valid and the webhook enabled: deliveries queued for a disabled
   * webhook would only be cancelled, and lost as failed deliveries, at their next claim.
   */
  private static Future<Webhook> checked(RecoverRequest.Result result, Webhook w) {
    if (!result.errors().isEmpty()) {
      return Future.failedFuture(ApiError.validation(result.errors()));
    }
    if (!w.enabled()) {
      return Future.failedFuture(
          new ApiError(
              409,
              "webhook_disabled",
              "the webhook is disabled; enable it (PATCH enabled: true), then recover"));
    }
    return Future.succeededFuture(w);
  }
}
