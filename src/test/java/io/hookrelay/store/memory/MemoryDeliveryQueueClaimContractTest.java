package io.hookrelay.store.memory;

import io.hookrelay.store.DeliveryQueueClaimContractTest;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The memory store keeps the delivery queue contract for claims")
class MemoryDeliveryQueueClaimContractTest extends DeliveryQueueClaimContractTest {
  MemoryDeliveryQueueClaimContractTest() {
    super(new MemoryContractStores());
  }
}
