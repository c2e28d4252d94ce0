package io.hookrelay.store.memory;

import io.hookrelay.store.ListingsContractTest;
import io.hookrelay.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The memory store lists tenants and counts attempts per webhook")
class MemoryListingsContractTest extends ListingsContractTest {

  @Override
  protected Future<Stores> freshStores(Vertx vertx) {
    return Future.succeededFuture(MemoryStores.create(100_000));
  }
}
