package io.hookrelay.store;

import io.vertx.core.Future;

/** The store chosen at boot: one object per interface, shared by every verticle of the process. */
public record Stores(
    TenantStore tenants,
    WebhookStore webhooks,
    EventStore events,
    DeliveryQueue queue,
    AttemptLog attempts,
    HealthCheck health,
    AutoCloseable closer) {

  /** Whether the store answers; {@code /health} reports it. */
  public interface HealthCheck {
    Future<Void> check();
  }

  /** The same stores with another attempt log (a decorator of this one, say). */
  public Stores withAttempts(AttemptLog log) {
    return new Stores(tenants, webhooks, events, queue, log, health, closer);
  }

  public void close() {
    try {
      closer.close();
    } catch (Exception ignored) {
      // closing at shutdown: nothing left to do with a failure
    }
  }
}
