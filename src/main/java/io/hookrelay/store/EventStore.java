package io.hookrelay.store;

import io.hookrelay.webhook.Delivery;
import io.hookrelay.webhook.Event;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/** Accepted events. */
public interface EventStore {

  /**
   * Stores the event and all its deliveries in one atomic write. When the event carries an
   * idempotency key already used by the same tenant at or after {@code idempotentSince}, nothing is
   * stored and the first receipt comes back with {@code replayed = true}.
   */
  Future<Receipt> accept(Event event, List<Delivery> deliveries, Instant idempotentSince);

  /**
   * Lets go of idempotency keys used before {@code cutoff} (the window has passed) where a store
   * keeps them apart from its events; PostgreSQL keeps them in the event rows until retention.
   */
  default Future<Void> forgetKeysBefore(Instant cutoff) {
    return Future.succeededFuture();
  }
}
