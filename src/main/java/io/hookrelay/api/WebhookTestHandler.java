package io.hookrelay.api;

import io.hookrelay.Addresses;
import io.hookrelay.security.AddressResolver;
import io.hookrelay.store.TenantStore;
import io.hookrelay.webhook.FieldError;
import io.hookrelay.webhook.WebhookTestValidator;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/internal/webhooks/test}: one {@code TestWebhook} delivery, sent now by a
 * delivery verticle with the same signing, timeout and SSRF rules, no retries.
 */
final class WebhookTestHandler {

  private final TenantStore tenants;
  private final AddressResolver resolver;
  private final EventBus eventBus;
  private final DeliveryOptions toSender;

  WebhookTestHandler(
      TenantStore tenants, AddressResolver resolver, EventBus eventBus, long timeoutMs) {
    this.tenants = tenants;
    this.resolver = resolver;
    this.eventBus = eventBus;
    this.toSender = new DeliveryOptions().setLocalOnly(true).setSendTimeout(timeoutMs + 5_000);
  }

  void test(RoutingContext ctx) {
    Map<String, Object> body = Json.object(ctx);
    WebhookTestValidator.Result checked = WebhookTestValidator.validate(body);
    List<FieldError> errors = new ArrayList<>(checked.errors());
    Auth.webhookTenant(ctx, tenants)
        .compose(
            tenant ->
                urlRefusal(checked.url())
                    .compose(
                        refusal -> {
                          if (refusal != null) {
                            errors.add(new FieldError("url", refusal));
                          }
                          if (!errors.isEmpty()) {
                            throw ApiError.validation(errors);
                          }
                          return eventBus.<JsonObject>request(
                              Addresses.WEBHOOK_TEST,
                              new JsonObject(body).put("tenantCuid", tenant.cuid()),
                              toSender);
                        }))
        .onSuccess(reply -> Json.send(ctx, 200, reply.body()))
        .onFailure(ctx::fail);
  }

  private Future<String> urlRefusal(String url) {
    return url == null ? Future.succeededFuture() : resolver.urlRefusal(url);
  }
}
