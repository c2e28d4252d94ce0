package io.hookrelay.store.pg;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the dispatchers of every node with one NOTIFY per short window rather than one per event:
 * NOTIFY inside each insert would serialise the inserts' commits on PostgreSQL's notify queue.
 * Dispatchers on this node are woken on the event bus at once; other nodes hear within {@link
 * #WINDOW_MS}, and their poll stays as a safety net.
 */
final class Notifier {

  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  static final long WINDOW_MS = 20;
  private static final String NOTIFY = "SELECT pg_notify('" + Sql.DELIVERIES_CHANNEL + "', '')";

  private final Vertx vertx;
  private final Pool pool;
  private volatile boolean scheduled;

  Notifier(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** New deliveries are due: make sure one NOTIFY goes out within the window. */
  void deliveriesAdded() {
    if (scheduled) {
      return;
    }
    scheduled = true;
    vertx.setTimer(
        WINDOW_MS,
        id -> {
          scheduled = false;
          pool.query(NOTIFY)
              .execute()
              .onFailure(e -> LOG.debug("NOTIFY failed: {}", e.getMessage()));
        });
  }
}
