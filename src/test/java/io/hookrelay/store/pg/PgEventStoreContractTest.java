package io.hookrelay.store.pg;

import io.hookrelay.store.EventStoreContractTest;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The PostgreSQL store keeps the event store contract")
class PgEventStoreContractTest extends EventStoreContractTest {
  PgEventStoreContractTest() {
    super(new PgContractStores("contract events"));
  }
}
