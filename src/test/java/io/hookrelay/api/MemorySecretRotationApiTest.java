package io.hookrelay.api;

import io.hookrelay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Secret rotation, on the memory store")
class MemorySecretRotationApiTest extends SecretRotationApiTest {

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(overrides());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected TestServer server() {
    return server;
  }
}
