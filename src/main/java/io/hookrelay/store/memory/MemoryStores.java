package io.hookrelay.store.memory;

import io.hookrelay.store.Stores;
import io.vertx.core.Future;

/** The in-memory store: no setup, nothing survives a restart. */
public final class MemoryStores {

  private MemoryStores() {}

  public static Stores create(int maxLoggedAttempts) {
    return create(maxLoggedAttempts, Integer.MAX_VALUE);
  }

  /** A memory store that refuses events while {@code maxPending} deliveries wait. */
  public static Stores create(int maxLoggedAttempts, int maxPending) {
    MemoryWebhookStore webhooks = new MemoryWebhookStore();
    MemoryQueue queue = new MemoryQueue(webhooks, maxPending);
    webhooks.attach(queue);
    MemoryTenantStore tenants = new MemoryTenantStore();
    tenants.attach(queue);
    return new Stores(
        tenants,
        webhooks,
        queue,
        queue,
        new MemoryAttemptLog(maxLoggedAttempts),
        Future::succeededFuture,
        () -> {});
  }
}
