package io.hookrelay.store.memory;

import io.hookrelay.store.Quotas;
import io.hookrelay.store.Stores;
import io.vertx.core.Future;
import java.util.Map;

/** The in-memory store: no setup, nothing survives a restart. */
public final class MemoryStores {

  /** What a bound may drop: the oldest failed deliveries, the oldest idempotency keys. */
  public static final String FAILED_DELIVERY = "failed_delivery";

  public static final String IDEMPOTENCY_KEY = "idempotency_key";

  static final Map<String, String> BOUND_KEYS =
      Map.of(
          FAILED_DELIVERY, "store.memory.maxFailedDeliveries",
          IDEMPOTENCY_KEY, "store.memory.maxIdempotencyKeys");

  /** Told (under the store's lock: be quick) how many entries of a kind a bound dropped. */
  @FunctionalInterface
  public interface Dropped {
    void dropped(String kind, int count);
  }

  private MemoryStores() {}

  public static Stores create(int maxLoggedAttempts) {
    return create(maxLoggedAttempts, Integer.MAX_VALUE);
  }

  /** A memory store that refuses events while {@code maxPending} deliveries wait. */
  public static Stores create(int maxLoggedAttempts, int maxPending) {
    return create(
        new MemoryBounds(maxLoggedAttempts, maxPending, Integer.MAX_VALUE, Integer.MAX_VALUE),
        Quotas.NONE,
        (kind, count) -> {});
  }

  public static Stores create(MemoryBounds bounds, Quotas quotas, Dropped dropped) {
    MemoryWebhookStore webhooks = new MemoryWebhookStore(quotas.maxWebhooksPerTenant());
    MemoryQueue queue =
        new MemoryQueue(webhooks, bounds, quotas.maxPendingDeliveriesPerTenant(), dropped);
    webhooks.attach(queue);
    MemoryTenantStore tenants = new MemoryTenantStore();
    tenants.attach(queue);
    return new Stores(
        tenants,
        webhooks,
        queue,
        queue,
        new MemoryAttemptLog(bounds.maxLoggedAttempts()),
        Future::succeededFuture,
        () -> {});
  }
}
