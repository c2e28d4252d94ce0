package io.hookrelay.store.pg;

import io.hookrelay.store.DeliveryQueueCompleteContractTest;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The PostgreSQL store keeps the delivery queue contract for completions")
class PgDeliveryQueueCompleteContractTest extends DeliveryQueueCompleteContractTest {
  PgDeliveryQueueCompleteContractTest() {
    super(new PgContractStores("contract completions"));
  }
}
