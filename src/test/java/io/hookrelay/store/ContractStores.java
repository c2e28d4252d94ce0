package io.hookrelay.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Where a store contract test gets its stores: the memory store or a PostgreSQL database of the
 * test class's own. Opened once per test class, emptied before each test, closed after the last.
 */
public interface ContractStores {

  /** Before the class's first test (on the test thread: may block). */
  default Future<Void> open(Vertx vertx) {
    return Future.succeededFuture();
  }

  /** An empty store for the next test. */
  Future<Stores> fresh(Vertx vertx);

  /**
   * Whether succeeded and cancelled deliveries stay readable (and retryable) until retention
   * removes them.
   */
  boolean keepsFinishedDeliveries();

  /** After the class's last test. */
  default void close() {}
}
