package io.hookrelay.console;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The admin console, driven in a real browser, on the memory store")
class MemoryConsoleBrowserTest extends ConsoleBrowserTest {

  @Override
  protected JsonObject storeConfig() {
    return new JsonObject();
  }
}
