package io.hookrelay.fanout;

import io.hookrelay.Addresses;
import io.hookrelay.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this process's {@link SubscriptionIndex} fresh from change notices: one instance per
 * process, so each notice costs one read of the store, whatever the number of routers.
 */
public final class IndexVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(IndexVerticle.class);

  private final Stores stores;
  private final SubscriptionIndex index;

  public IndexVerticle(Stores stores, SubscriptionIndex index) {
    this.stores = stores;
    this.index = index;
  }

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
    return Future.all(
        bus.<JsonObject>consumer(
                Addresses.WEBHOOK_CHANGED, m -> refreshWebhook(m.body().getString("webhookCuid")))
            .completion(),
        bus.<JsonObject>consumer(
                Addresses.TENANT_CHANGED, m -> refreshTenant(m.body().getString("tenantCuid")))
            .completion(),
        bus.<JsonObject>localConsumer(
                Addresses.INDEX_REFRESH, m -> refresh(m.body()).onComplete(ar -> m.reply(null)))
            .completion());
  }

  private Future<Void> refresh(JsonObject change) {
    String webhookCuid = change.getString("webhookCuid");
    return webhookCuid != null
        ? refreshWebhook(webhookCuid)
        : refreshTenant(change.getString("tenantCuid"));
  }

  private Future<Void> refreshWebhook(String webhookCuid) {
    long ticket = index.ticket();
    return stores
        .webhooks()
        .find(webhookCuid)
        .onSuccess(w -> index.refreshed(webhookCuid, w, ticket))
        .onFailure(e -> LOG.warn("refreshing webhook {} failed: {}", webhookCuid, e.getMessage()))
        .mapEmpty();
  }

  private Future<Void> refreshTenant(String tenantCuid) {
    return stores
        .tenants()
        .get(tenantCuid)
        .onSuccess(t -> t.ifPresent(index::putTenant))
        .onFailure(e -> LOG.warn("refreshing tenant {} failed: {}", tenantCuid, e.getMessage()))
        .mapEmpty();
  }
}
