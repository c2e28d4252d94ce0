package io.hookrelay.store.memory;

import io.hookrelay.store.StoreContractTest;
import io.hookrelay.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The memory store keeps the store contract")
class MemoryStoreContractTest extends StoreContractTest {

  @Override
  protected Future<Stores> freshStores(Vertx vertx) {
    return Future.succeededFuture(MemoryStores.create(100_000));
  }

  @Override
  protected boolean keepsFinishedDeliveries() {
    return false;
  }
}
