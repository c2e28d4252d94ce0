package io.hookrelay.api;

import io.hookrelay.Addresses;
import io.hookrelay.store.TenantStore;
import io.hookrelay.webhook.EventValidator;
import io.hookrelay.webhook.FieldError;
import io.hookrelay.webhook.Traceparent;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/internal/events}: checks the event, hands it to the router over the event bus
 * and answers once the event and its deliveries are stored (202), or 200 for a replayed id. Its
 * {@code traceparent} header travels with it (as on the public event-bus address).
 */
final class EventsHandler {

  /**
   * To this node's own router, handing over the validated object without a copy: in a cluster the
   * public address has consumers on every node, and a request that went to a node dying under it
   * would only time out (and leave the client unsure).
   */
  private static final DeliveryOptions TO_ROUTER =
      new DeliveryOptions()
          .setSendTimeout(30_000)
          .setLocalOnly(true)
          .setCodecName(Addresses.LOCAL_CODEC);

  /**
   * When a tenant over {@code limits.maxPendingDeliveriesPerTenant} is told to try again: its
   * deliveries go out in parallel, so a second usually frees room.
   */
  static final String RETRY_AFTER_SECONDS = "1";

  private final TenantStore tenants;
  private final EventValidator validator;
  private final EventBus eventBus;

  EventsHandler(TenantStore tenants, EventValidator validator, EventBus eventBus) {
    this.tenants = tenants;
    this.validator = validator;
    this.eventBus = eventBus;
  }

  void accept(RoutingContext ctx) {
    Map<String, Object> body = Json.object(ctx);
    if (body.containsKey("tenantCuid")) {
      throw ApiError.validation(
          "tenantCuid",
          "is not a known field (the token, or ?tenantCuid= for the admin, names the tenant)");
    }
    Auth.actingTenant(ctx, tenants)
        .compose(
            tenant -> {
              Map<String, Object> event = new HashMap<>(body);
              event.put("tenantCuid", tenant.cuid());
              List<FieldError> errors = validator.validate(event);
              if (!errors.isEmpty()) {
                throw ApiError.validation(errors);
              }
              return eventBus.<JsonObject>request(
                  Addresses.EVENTS_CHECKED, new JsonObject(event), toRouter(ctx));
            })
        .onSuccess(
            reply -> {
              JsonObject receipt = reply.body().copy();
              boolean replayed = Boolean.TRUE.equals(receipt.remove("replayed"));
              Json.send(ctx, replayed ? 200 : 202, receipt);
            })
        .onFailure(e -> ctx.fail(refusal(ctx, e)));
  }

  /** The request's {@code traceparent}, if any, goes to the router as a message header. */
  private static DeliveryOptions toRouter(RoutingContext ctx) {
    String traceparent = ctx.request().getHeader(Traceparent.HEADER);
    return traceparent == null
        ? TO_ROUTER
        : new DeliveryOptions(TO_ROUTER).addHeader(Traceparent.HEADER, traceparent);
  }

  /** The router's refusal as the API's error; a tenant over its quota is told when to come back. */
  private static Throwable refusal(RoutingContext ctx, Throwable e) {
    if (!(e instanceof ReplyException r)) {
      return e;
    }
    return switch (r.failureCode()) {
      case 503 ->
          new ApiError(503, "unavailable", "events cannot be stored right now; try again shortly");
      case 429 -> {
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        yield new ApiError(429, "too_many_pending", r.getMessage());
      }
      case 400 -> new ApiError(400, "unstorable_event", r.getMessage());
      default -> e;
    };
  }
}
