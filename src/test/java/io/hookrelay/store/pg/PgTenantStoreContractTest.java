package io.hookrelay.store.pg;

import io.hookrelay.store.TenantStoreContractTest;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The PostgreSQL store keeps the tenant store contract")
class PgTenantStoreContractTest extends TenantStoreContractTest {
  PgTenantStoreContractTest() {
    super(new PgContractStores("contract tenants"));
  }
}
