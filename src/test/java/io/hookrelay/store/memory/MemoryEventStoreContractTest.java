package io.hookrelay.store.memory;

import io.hookrelay.store.EventStoreContractTest;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The memory store keeps the event store contract")
class MemoryEventStoreContractTest extends EventStoreContractTest {
  MemoryEventStoreContractTest() {
    super(new MemoryContractStores());
  }
}
