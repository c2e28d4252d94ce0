package io.hookrelay.api;

import io.hookrelay.Addresses;
import io.hookrelay.Version;
import io.hookrelay.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code GET /health}: the store, the router, the delivery verticles (and the cluster), each UP or
 * DOWN, and hookrelay's version.
 */
final class HealthHandler {

  private static final long TIMEOUT_MS = 2_000;
  private static final DeliveryOptions PING =
      new DeliveryOptions().setLocalOnly(true).setSendTimeout(TIMEOUT_MS);

  private final Stores stores;
  private final EventBus eventBus;
  private final Map<String, Supplier<Future<JsonObject>>> extra;

  HealthHandler(Stores stores, EventBus eventBus, Map<String, Supplier<Future<JsonObject>>> extra) {
    this.stores = stores;
    this.eventBus = eventBus;
    this.extra = extra;
  }

  void check(RoutingContext ctx) {
    Map<String, Future<JsonObject>> checks = new LinkedHashMap<>();
    checks.put("store", stores.health().check().map(v -> new JsonObject()));
    checks.put("router", ping(Addresses.FANOUT_HEALTH));
    checks.put("delivery", ping(Addresses.DELIVERY_HEALTH));
    extra.forEach((name, check) -> checks.put(name, check.get()));
    checks.replaceAll((name, f) -> f.timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS));
    Future.join(checks.values().stream().toList())
        .onComplete(
            done -> {
              JsonObject out = new JsonObject();
              boolean up = true;
              for (Map.Entry<String, Future<JsonObject>> e : checks.entrySet()) {
                Future<JsonObject> f = e.getValue();
                up &= f.succeeded();
                out.put(
                    e.getKey(),
                    f.succeeded()
                        ? new JsonObject().put("status", "UP").mergeIn(f.result())
                        : new JsonObject()
                            .put("status", "DOWN")
                            .put("error", String.valueOf(f.cause().getMessage())));
              }
              Json.send(
                  ctx,
                  up ? 200 : 503,
                  new JsonObject()
                      .put("status", up ? "UP" : "DOWN")
                      .put("version", Version.get())
                      .put("checks", out));
            });
  }

  private Future<JsonObject> ping(String address) {
    return eventBus
        .<JsonObject>request(address, null, PING)
        .map(m -> m.body() == null ? new JsonObject() : m.body());
  }
}
