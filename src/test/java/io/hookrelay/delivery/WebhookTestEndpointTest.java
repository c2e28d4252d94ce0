package io.hookrelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Hooks;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Received;
import io.hookrelay.support.SharedServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/internal/webhooks/test}: one signed TestWebhook delivery, answered
 * synchronously.
 */
class WebhookTestEndpointTest {

  private static final String TEST = "/api/internal/webhooks/test";

  @RegisterExtension static final SharedServer shared = new SharedServer();

  @Test
  @DisplayName(
      "A receiver answering 200 gives success true, its status code and a duration; it got a signed TestWebhook")
  void success() throws Exception {
    Api api = shared.tenant("Acme").api();
    try (Receiver receiver = Receiver.answering(200)) {
      JsonObject answer =
          api.post(
                  TEST,
                  new JsonObject()
                      .put("url", receiver.url("/hook"))
                      .put("secret", "s3cret")
                      .put("sslVerification", true))
              .expect(200)
              .json();

      assertThat(answer.getBoolean("success")).isTrue();
      assertThat(answer.getInteger("statusCode")).isEqualTo(200);
      assertThat(answer.getLong("durationMs")).isNotNegative();
      assertThat(answer.containsKey("error")).isTrue();
      assertThat(answer.getValue("error")).isNull();

      assertThat(receiver.count()).isEqualTo(1);
      Received r = receiver.received().get(0);
      assertThat(r.path()).isEqualTo("/hook");
      assertThat(r.header("X-Hookrelay-Event")).isEqualTo("TestWebhook");
      assertThat(r.body().toJsonObject().getString("event")).isEqualTo("TestWebhook");
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      assertThat(r.header("X-Authorization-HMAC-256"))
          .isEqualTo(HexFormat.of().formatHex(mac.doFinal(r.body().getBytes())));
      assertThat(r.header("webhook-signature")).startsWith("v1,");
    }
  }

  @Test
  @DisplayName("Without a secret the test delivery carries no signature")
  void unsigned() {
    Api api = shared.tenant("Acme").api();
    try (Receiver receiver = Receiver.answering(204)) {
      JsonObject answer =
          api.post(TEST, new JsonObject().put("url", receiver.url("/hook")).putNull("secret"))
              .expect(200)
              .json();

      assertThat(answer.getBoolean("success")).isTrue();
      assertThat(answer.getInteger("statusCode")).isEqualTo(204);
      assertThat(receiver.received().get(0).headers().contains("X-Authorization-HMAC-256"))
          .isFalse();
      assertThat(receiver.received().get(0).headers().contains("webhook-signature")).isFalse();
    }
  }

  @Test
  @DisplayName(
      "A receiver answering 500 gives success false, statusCode 500 and a 'Failed to call webhook:' error, and is tried once")
  void receiverFails() {
    Api api = shared.tenant("Acme").api();
    try (Receiver receiver = Receiver.answering(500)) {
      JsonObject answer =
          api.post(TEST, new JsonObject().put("url", receiver.url("/hook"))).expect(200).json();

      assertThat(answer.getBoolean("success")).isFalse();
      assertThat(answer.getInteger("statusCode")).isEqualTo(500);
      assertThat(answer.getString("error")).startsWith("Failed to call webhook:");
      assertThat(receiver.count()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("A closed port gives success false with statusCode null")
  void closedPort() {
    Api api = shared.tenant("Acme").api();
    JsonObject answer =
        api.post(
                TEST,
                new JsonObject().put("url", "http://127.0.0.1:" + Hooks.closedPort() + "/hook"))
            .expect(200)
            .json();

    assertThat(answer.getBoolean("success")).isFalse();
    assertThat(answer.containsKey("statusCode")).isTrue();
    assertThat(answer.getValue("statusCode")).isNull();
    assertThat(answer.getString("error")).startsWith("Failed to call webhook:");
  }

  @Test
  @DisplayName("Invalid input answers 400 listing every bad field")
  void invalidInput() {
    Api api = shared.tenant("Acme").api();
    assertThat(fields(api.post(TEST, new JsonObject()).expect(400).json())).containsExactly("url");
    assertThat(
            fields(
                api.post(TEST, new JsonObject().put("url", "ftp://example.com/x"))
                    .expect(400)
                    .json()))
        .containsExactly("url");
    assertThat(fields(api.post(TEST, new JsonObject().put("url", 42)).expect(400).json()))
        .containsExactly("url");
    JsonObject many =
        api.post(
                TEST,
                new JsonObject()
                    .put("url", "http://127.0.0.1:1/x")
                    .put("secret", "")
                    .put("sslVerification", "true")
                    .put("extra", 1))
            .expect(400)
            .json();
    assertThat(many.getString("error")).isEqualTo("validation_failed");
    assertThat(fields(many)).containsExactlyInAnyOrder("secret", "sslVerification", "extra");
    api.post(TEST, "{not json").expect(400);
  }

  @Test
  @DisplayName("Test deliveries are logged with event testWebhook in the caller's log")
  void logged() {
    var tenant = shared.tenant("Acme");
    var other = shared.tenant("Globex");
    try (Receiver receiver = Receiver.answering(500)) {
      tenant.api().post(TEST, new JsonObject().put("url", receiver.url("/hook"))).expect(200);

      JsonObject logged = Hooks.attemptsUntilEvent(tenant.api(), "testWebhook");
      assertThat(logged.getString("status")).isEqualTo("failed");
      assertThat(logged.getInteger("statusCode")).isEqualTo(500);
      assertThat(logged.getString("url")).isEqualTo(receiver.url("/hook"));
      assertThat(logged.getString("tenantCuid")).isEqualTo(tenant.cuid());
      assertThat(
              other
                  .api()
                  .get("/api/internal/webhookslog?event=testWebhook")
                  .expect(200)
                  .json()
                  .getJsonObject("meta")
                  .getLong("totalResults"))
          .isZero();
    }
  }

  private static List<String> fields(JsonObject error) {
    return error.getJsonArray("details").stream()
        .map(d -> ((JsonObject) d).getString("field"))
        .toList();
  }
}
