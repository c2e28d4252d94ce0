package io.hookrelay.store.memory;

import io.hookrelay.store.AttemptLog;
import io.hookrelay.store.AttemptLogContractTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The memory store's delivery log keeps the log contract")
class MemoryAttemptLogContractTest extends AttemptLogContractTest {

  @Override
  protected Future<AttemptLog> freshLog(Vertx vertx) {
    return Future.succeededFuture(new MemoryAttemptLog(100_000));
  }
}
