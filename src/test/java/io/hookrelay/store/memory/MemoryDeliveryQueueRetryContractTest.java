package io.hookrelay.store.memory;

import io.hookrelay.store.DeliveryQueueRetryContractTest;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The memory store keeps the delivery queue contract for retries, reads and retention")
class MemoryDeliveryQueueRetryContractTest extends DeliveryQueueRetryContractTest {
  MemoryDeliveryQueueRetryContractTest() {
    super(new MemoryContractStores());
  }
}
