package io.hookrelay.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Text rules on the memory store")
class MemoryTextRulesApiTest extends TextRulesApiTest {

  @Override
  protected JsonObject storeConfig() {
    return new JsonObject();
  }
}
