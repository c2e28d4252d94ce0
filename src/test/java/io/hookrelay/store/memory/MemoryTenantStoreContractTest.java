package io.hookrelay.store.memory;

import io.hookrelay.store.TenantStoreContractTest;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The memory store keeps the tenant store contract")
class MemoryTenantStoreContractTest extends TenantStoreContractTest {
  MemoryTenantStoreContractTest() {
    super(new MemoryContractStores());
  }
}
