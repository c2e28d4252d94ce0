package io.hookrelay.store.pg;

import io.hookrelay.store.WebhookStoreContractTest;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The PostgreSQL store keeps the webhook store contract")
class PgWebhookStoreContractTest extends WebhookStoreContractTest {
  PgWebhookStoreContractTest() {
    super(new PgContractStores("contract webhooks"));
  }
}
