package io.hookrelay.store.memory;

import io.hookrelay.store.AttemptLogBasicsContractTest;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The memory store keeps the attempt log contract through the shared stores")
class MemoryAttemptLogBasicsContractTest extends AttemptLogBasicsContractTest {
  MemoryAttemptLogBasicsContractTest() {
    super(new MemoryContractStores());
  }
}
