package io.hookrelay.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The OpenAPI document and the API's responses, on the memory store")
class MemoryOpenApiTest extends OpenApiTest {

  @BeforeAll
  static void startServer(Vertx vertx) {
    start(vertx, new JsonObject(), () -> {});
  }
}
