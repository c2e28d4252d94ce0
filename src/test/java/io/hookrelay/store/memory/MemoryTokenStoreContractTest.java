package io.hookrelay.store.memory;

import io.hookrelay.store.Stores;
import io.hookrelay.store.TokenStoreContractTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The memory store keeps the token contract")
class MemoryTokenStoreContractTest extends TokenStoreContractTest {

  @Override
  protected Future<Stores> freshStores(Vertx vertx) {
    return Future.succeededFuture(MemoryStores.create(1_000));
  }
}
