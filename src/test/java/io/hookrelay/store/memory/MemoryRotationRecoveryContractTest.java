package io.hookrelay.store.memory;

import io.hookrelay.store.RotationRecoveryContractTest;
import io.hookrelay.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The memory store keeps the rotation and recovery contract")
class MemoryRotationRecoveryContractTest extends RotationRecoveryContractTest {

  @Override
  protected Future<Stores> freshStores(Vertx vertx) {
    return Future.succeededFuture(MemoryStores.create(100_000));
  }
}
