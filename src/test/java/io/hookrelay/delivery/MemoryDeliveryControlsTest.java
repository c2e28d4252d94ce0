package io.hookrelay.delivery;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Per-webhook delivery controls, on the memory store")
class MemoryDeliveryControlsTest extends DeliveryControlsTest {

  @BeforeAll
  static void startServer() {
    start(new JsonObject(), null);
  }
}
