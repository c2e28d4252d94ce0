package io.hookrelay.store.memory;

import io.hookrelay.store.Stores;
import io.vertx.core.Future;

/** The in-memory store: no setup, nothing survives a restart. */
public final class MemoryStores {

  private MemoryStores() {
  }

  public static Stores create(int maxLoggedAttempts) {
    MemoryWebhookStore webhooks = new MemoryWebhookStore();
    MemoryQueue queue = new MemoryQueue(webhooks);
    webhooks.attach(queue);
    return new Stores(new MemoryTenantStore(), webhooks, queue, queue, new MemoryAttemptLog(maxLoggedAttempts),
        Future::succeededFuture, () -> { });
  }
}
