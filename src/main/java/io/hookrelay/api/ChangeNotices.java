package io.hookrelay.api;

import io.hookrelay.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Tells the routers about a changed webhook or tenant: first this node's index, waiting until it
 * has the change (so an event sent right after the API's answer already sees it), then every node
 * of the cluster.
 */
final class ChangeNotices {

  private static final DeliveryOptions LOCAL =
      new DeliveryOptions().setLocalOnly(true).setSendTimeout(5_000);

  private final EventBus eventBus;

  ChangeNotices(EventBus eventBus) {
    this.eventBus = eventBus;
  }

  Future<Void> webhookChanged(String webhookCuid) {
    return announce(Addresses.WEBHOOK_CHANGED, new JsonObject().put("webhookCuid", webhookCuid));
  }

  Future<Void> tenantChanged(String tenantCuid) {
    return announce(Addresses.TENANT_CHANGED, new JsonObject().put("tenantCuid", tenantCuid));
  }

  private Future<Void> announce(String address, JsonObject change) {
    return eventBus
        .request(Addresses.INDEX_REFRESH, change, LOCAL)
        .otherwiseEmpty()
        .andThen(ar -> eventBus.publish(address, change))
        .mapEmpty();
  }
}
