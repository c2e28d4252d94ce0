package io.hookrelay.store.memory;

import io.hookrelay.store.DeliveryQueueCompleteContractTest;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The memory store keeps the delivery queue contract for completions")
class MemoryDeliveryQueueCompleteContractTest extends DeliveryQueueCompleteContractTest {
  MemoryDeliveryQueueCompleteContractTest() {
    super(new MemoryContractStores());
  }
}
