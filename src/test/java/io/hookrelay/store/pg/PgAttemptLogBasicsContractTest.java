package io.hookrelay.store.pg;

import io.hookrelay.store.AttemptLogBasicsContractTest;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The PostgreSQL store keeps the attempt log contract through the shared stores")
class PgAttemptLogBasicsContractTest extends AttemptLogBasicsContractTest {
  PgAttemptLogBasicsContractTest() {
    super(new PgContractStores("contract attempts"));
  }
}
