package io.hookrelay.store.pg;

import io.hookrelay.store.DeliveryQueueClaimContractTest;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The PostgreSQL store keeps the delivery queue contract for claims")
class PgDeliveryQueueClaimContractTest extends DeliveryQueueClaimContractTest {
  PgDeliveryQueueClaimContractTest() {
    super(new PgContractStores("contract claims"));
  }
}
