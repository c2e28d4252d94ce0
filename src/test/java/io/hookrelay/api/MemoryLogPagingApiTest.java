package io.hookrelay.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The delivery log API at scale, on the memory store")
class MemoryLogPagingApiTest extends LogPagingApiTest {

  @BeforeAll
  static void startServer() {
    start(new JsonObject(), () -> {});
  }
}
