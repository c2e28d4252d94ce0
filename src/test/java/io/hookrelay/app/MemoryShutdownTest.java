package io.hookrelay.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.ChildServer;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to a server on the memory store, which keeps nothing across a restart: the shutdown says
 * how many pending deliveries it drops, rather than dropping them silently.
 */
@DisplayName("Stopping a memory-store server")
class MemoryShutdownTest {

  private static final int PENDING = 6;

  @Test
  @DisplayName("On SIGTERM the log names how many pending deliveries the memory store drops")
  void logsDroppedDeliveries() {
    try (Receiver failing = Receiver.answering(500);
        ChildServer child = ChildServer.start("memory-stop", memoryEnv())) {
      try (Api admin = new Api(child.port(), ChildServer.ADMIN)) {
        String tenant =
            admin
                .post(
                    "/api/internal/tenants",
                    new JsonObject().put("name", "Acme").put("webhooksEnabled", true))
                .expect(201)
                .json()
                .getString("cuid");
        String query = "?tenantCuid=" + tenant;
        admin
            .post(
                "/api/internal/webhooks" + query,
                new JsonObject()
                    .put("name", "failing")
                    .put("url", failing.url("/hook"))
                    .put("sslVerification", true)
                    .put("events", new JsonArray().add("ReportPublished"))
                    .put("enabled", true))
            .expect(201);
        for (int i = 0; i < PENDING; i++) {
          admin
              .post(
                  "/api/internal/events" + query,
                  new JsonObject()
                      .put("event", "ReportPublished")
                      .put("targetType", "report")
                      .put("targetCuid", "ctarget00000000000000000000"))
              .expect(202);
        }
        // each delivery failed once and now waits a minute for its retry: all of them pending
        Wait.until(
            PENDING + " first attempts failed and wait for their retry",
            Duration.ofSeconds(30),
            () ->
                admin
                        .get("/api/internal/webhookslog" + query + "&status=retrying")
                        .expect(200)
                        .json()
                        .getJsonObject("meta")
                        .getLong("totalResults")
                    == PENDING);
      }

      child.stop();

      assertThat(child.output())
          .contains("memory store: " + PENDING + " pending deliveries dropped");
    }
  }

  private static Map<String, String> memoryEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("HOOKRELAY_STORE_TYPE", "memory");
    env.put("HOOKRELAY_HTTP_HOST", "127.0.0.1");
    env.put("HOOKRELAY_HTTP_PORT", "0");
    env.put("HOOKRELAY_AUTH_ADMIN_TOKEN", ChildServer.ADMIN);
    env.put("HOOKRELAY_SECURITY_SSRF_ALLOW_PRIVATE_NETWORKS", "true");
    env.put("HOOKRELAY_DELIVERY_INSTANCES", "2");
    env.put("HOOKRELAY_DELIVERY_JITTER", "0");
    env.put("HOOKRELAY_DELIVERY_INITIAL_BACKOFF_MS", "60000");
    return env;
  }
}
