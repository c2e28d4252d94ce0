package io.hookrelay.store.memory;

import io.hookrelay.store.Stores;
import io.hookrelay.store.TenantLimitsContractTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The memory store keeps tenants apart")
class MemoryTenantLimitsContractTest extends TenantLimitsContractTest {

  @Override
  protected Future<Stores> freshStores(Vertx vertx) {
    return Future.succeededFuture(
        MemoryStores.create(
            new MemoryBounds(1000, 100_000, 100_000, 100_000), QUOTAS, (kind, count) -> {}));
  }
}
