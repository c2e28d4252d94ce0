package io.hookrelay.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Changes under traffic, on the memory store")
class MemoryChangesUnderTrafficTest extends ChangesUnderTrafficTest {

  @Override
  protected JsonObject storeConfig() {
    return new JsonObject();
  }
}
