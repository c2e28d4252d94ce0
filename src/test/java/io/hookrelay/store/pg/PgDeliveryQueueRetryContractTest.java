package io.hookrelay.store.pg;

import io.hookrelay.store.DeliveryQueueRetryContractTest;
import org.junit.jupiter.api.DisplayName;

@DisplayName(
    "The PostgreSQL store keeps the delivery queue contract for retries, reads and retention")
class PgDeliveryQueueRetryContractTest extends DeliveryQueueRetryContractTest {
  PgDeliveryQueueRetryContractTest() {
    super(new PgContractStores("contract retries"));
  }
}
