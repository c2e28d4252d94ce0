package io.hookrelay.store.memory;

import io.hookrelay.store.ContractStores;
import io.hookrelay.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** A new, empty memory store for each contract test. */
final class MemoryContractStores implements ContractStores {

  @Override
  public Future<Stores> fresh(Vertx vertx) {
    return Future.succeededFuture(MemoryStores.create(100_000));
  }

  /** The memory store drops finished deliveries at once; their attempts stay in the log. */
  @Override
  public boolean keepsFinishedDeliveries() {
    return false;
  }
}
