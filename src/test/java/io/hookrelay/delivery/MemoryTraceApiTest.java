package io.hookrelay.delivery;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Trace context from ingest to every attempt, on the memory store")
class MemoryTraceApiTest extends TraceApiTest {

  @BeforeAll
  static void startServer(Vertx vertx) {
    start(vertx, new JsonObject(), () -> {});
  }
}
