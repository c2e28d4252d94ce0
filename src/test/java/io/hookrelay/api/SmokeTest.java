package io.hookrelay.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Receiver;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SmokeTest {

  @Test
  @DisplayName("An event sent over HTTP reaches a subscribed receiver, signed, and is logged")
  void eventReachesReceiver() {
    try (TestServer server = TestServer.start();
        Receiver receiver = Receiver.answering(200)) {
      var tenant = server.newTenant("Acme");
      tenant
          .api()
          .post(
              "/api/internal/webhooks",
              new JsonObject()
                  .put("name", "hook")
                  .put("url", receiver.url("/hook"))
                  .put("sslVerification", true)
                  .put("events", new JsonArray().add("ReportPublished"))
                  .put("enabled", true)
                  .put("secret", "s3cret"))
          .expect(201);

      JsonObject receipt =
          tenant
              .api()
              .post(
                  "/api/internal/events",
                  new JsonObject().put("event", "ReportPublished").put("targetCuid", "ctarget"))
              .expect(202)
              .json();

      assertThat(receipt.getInteger("deliveries")).isEqualTo(1);
      Wait.until("the receiver got the delivery", () -> receiver.count() == 1);
      assertThat(receiver.received().get(0).header("X-Authorization-HMAC-256")).hasSize(64);
      Wait.until(
          "the attempt is logged",
          () ->
              tenant.api().get("/api/internal/webhookslog").json().getJsonArray("data").size()
                  == 1);
    }
  }
}
