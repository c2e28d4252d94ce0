package io.hookrelay.store.memory;

import io.hookrelay.store.WebhookStoreContractTest;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The memory store keeps the webhook store contract")
class MemoryWebhookStoreContractTest extends WebhookStoreContractTest {
  MemoryWebhookStoreContractTest() {
    super(new MemoryContractStores());
  }
}
