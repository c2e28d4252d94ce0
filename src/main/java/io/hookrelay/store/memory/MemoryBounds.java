package io.hookrelay.store.memory;

/**
 * How much the memory store holds (config {@code store.memory.*}): the newest {@code
 * maxLoggedAttempts} log entries; at most {@code maxPendingDeliveries} pending deliveries (then
 * producers wait, and get 503); the newest {@code maxFailedDeliveries} failed deliveries, with
 * their events' bodies, for a retry until retention; the newest {@code maxIdempotencyKeys}
 * idempotency keys, each for the idempotency window at most.
 */
public record MemoryBounds(
    int maxLoggedAttempts,
    int maxPendingDeliveries,
    int maxFailedDeliveries,
    int maxIdempotencyKeys) {

  public MemoryBounds {
    if (maxLoggedAttempts < 1
        || maxPendingDeliveries < 1
        || maxFailedDeliveries < 1
        || maxIdempotencyKeys < 1) {
      throw new IllegalArgumentException("memory store bounds must be at least 1");
    }
  }
}
