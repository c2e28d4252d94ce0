package io.hookrelay.delivery;

import static io.hookrelay.support.Hooks.create;
import static io.hookrelay.support.Hooks.event;
import static io.hookrelay.support.Hooks.send;
import static io.hookrelay.support.Hooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.Version;
import io.hookrelay.support.Api;
import io.hookrelay.support.Hooks;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.Receiver.Received;
import io.hookrelay.support.SharedServer;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a receiver gets (API.md): the body byte for byte, the headers, and both signatures verified.
 */
class ReceiverViewTest {

  @RegisterExtension static final SharedServer shared = new SharedServer();

  @Test
  @DisplayName(
      "The body is compact JSON in the documented key order, whatever order the producer used")
  void bodyBytesAndKeyOrder() {
    Api api = shared.tenant("Acme").api();
    try (Receiver receiver = Receiver.answering(200)) {
      create(api, webhook(receiver.url("/hook"), "ReportPublished"));
      String producerJson =
          "{\"data\":{\"z\":1,\"a\":{\"y\":[1,2.5,\"x\",true,null],\"b\":null},\"n\":1.0},"
              + "\"text\":\"Ünïcødé \\\"quoted\\\" </tag> 😀\",\"clientCuid\":\"cclient\",\"targetCuid\":\"ctarget\","
              + "\"targetType\":\"report\",\"event\":\"ReportPublished\",\"actorCuid\":\"cactor\",\"id\":\"order-1\"}";

      String eventCuid =
          api.post("/api/internal/events", producerJson).expect(202).json().getString("eventCuid");

      Wait.until("the delivery arrived", () -> receiver.count() == 1);
      String expected =
          "{\"cuid\":\""
              + eventCuid
              + "\",\"actorCuid\":\"cactor\",\"event\":\"ReportPublished\","
              + "\"targetType\":\"report\",\"targetCuid\":\"ctarget\",\"text\":\"Ünïcødé \\\"quoted\\\" </tag> 😀\","
              + "\"clientCuid\":\"cclient\",\"data\":{\"z\":1,\"a\":{\"y\":[1,2.5,\"x\",true,null],\"b\":null},\"n\":1}}";
      assertThat(receiver.received().get(0).body().getBytes())
          .isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  @DisplayName("Fields the producer left out are left out of the body")
  void absentFieldsLeftOut() {
    Api api = shared.tenant("Acme").api();
    try (Receiver receiver = Receiver.answering(200)) {
      create(api, webhook(receiver.url("/hook"), "FindingPublished"));

      String one = send(api, event("FindingPublished")).getString("eventCuid");
      String many =
          send(
                  api,
                  new JsonObject()
                      .put("event", "FindingPublished")
                      .put("targetCuids", List.of("c1", "c2"))
                      .put("text", ""))
              .getString("eventCuid");

      Wait.until("both deliveries arrived", () -> receiver.count() == 2);
      assertThat(receiver.received())
          .extracting(r -> r.body().toString(StandardCharsets.UTF_8))
          .containsExactlyInAnyOrder(
              "{\"cuid\":\""
                  + one
                  + "\",\"event\":\"FindingPublished\",\"targetCuid\":\""
                  + Hooks.TARGET
                  + "\"}",
              "{\"cuid\":\""
                  + many
                  + "\",\"event\":\"FindingPublished\",\"targetCuids\":[\"c1\",\"c2\"],\"text\":\"\"}");
    }
  }

  @Test
  @DisplayName("Every webhook and every retry gets the same body bytes")
  void sameBytesEverywhere() {
    Api api = shared.tenant("Acme").api();
    try (Receiver flaky = Receiver.answering(n -> Answer.status(n < 2 ? 500 : 200));
        Receiver steady = Receiver.answering(200)) {
      create(api, webhook(flaky.url("/flaky"), "ReportPublished").put("secret", "one"));
      create(api, webhook(steady.url("/steady"), "ReportPublished").put("secret", "two"));

      send(
          api,
          event("ReportPublished")
              .put("data", new JsonObject().put("score", 9.5).put("tags", List.of("a", "b"))));

      Wait.until(
          "three attempts at one receiver and one at the other",
          () -> flaky.count() == 3 && steady.count() == 1);
      byte[] first = steady.received().get(0).body().getBytes();
      assertThat(flaky.received())
          .allSatisfy(r -> assertThat(r.body().getBytes()).isEqualTo(first));
    }
  }

  @Test
  @DisplayName(
      "With a secret, a receiver can verify X-Authorization-HMAC-256 and webhook-signature over the exact body")
  void signaturesVerify() throws Exception {
    Api api = shared.tenant("Acme").api();
    String secret = "s3cret-ü-with-unicode";
    try (Receiver receiver = Receiver.answering(200)) {
      create(api, webhook(receiver.url("/hook"), "ReportPublished").put("secret", secret));
      send(api, event("ReportPublished").put("text", "résumé"));

      Wait.until("the delivery arrived", () -> receiver.count() == 1);
      Received r = receiver.received().get(0);
      byte[] key = secret.getBytes(StandardCharsets.UTF_8);
      assertThat(r.header("X-Authorization-HMAC-256"))
          .isEqualTo(HexFormat.of().formatHex(hmac(key, r.body().getBytes())));
      assertThat(r.header("webhook-signature")).isEqualTo(standardSignature(key, r));
    }
  }

  @Test
  @DisplayName(
      "A whsec_ secret signs webhook-signature with its base64-decoded key, as Standard Webhooks libraries expect")
  void whsecSecret() throws Exception {
    Api api = shared.tenant("Acme").api();
    byte[] key = new byte[24];
    new SecureRandom().nextBytes(key);
    String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
    try (Receiver receiver = Receiver.answering(200)) {
      create(api, webhook(receiver.url("/hook"), "ReportPublished").put("secret", secret));
      send(api, event("ReportPublished"));

      Wait.until("the delivery arrived", () -> receiver.count() == 1);
      Received r = receiver.received().get(0);
      assertThat(r.header("webhook-signature")).isEqualTo(standardSignature(key, r));
      byte[] whole = secret.getBytes(StandardCharsets.UTF_8);
      assertThat(r.header("X-Authorization-HMAC-256"))
          .isEqualTo(HexFormat.of().formatHex(hmac(whole, r.body().getBytes())));
    }
  }

  @Test
  @DisplayName(
      "webhook-id is the delivery cuid on every retry, X-Hookrelay-Attempt counts 1, 2, 3, and each retry is signed anew")
  void headersAcrossRetries() throws Exception {
    Api api = shared.tenant("Acme").api();
    try (Receiver receiver = Receiver.answering(n -> Answer.status(n < 2 ? 500 : 200))) {
      String hook =
          create(api, webhook(receiver.url("/hook"), "ReportPublished").put("secret", "s3cret"));
      send(api, event("ReportPublished"));

      Wait.until("three attempts arrived", () -> receiver.count() == 3);
      List<Received> got = receiver.received();
      String deliveryCuid = Hooks.finished(api, hook).get(0).getString("deliveryCuid");
      assertThat(got).extracting(r -> r.header("webhook-id")).containsOnly(deliveryCuid);
      assertThat(got)
          .extracting(r -> r.header("X-Hookrelay-Attempt"))
          .containsExactly("1", "2", "3");
      assertThat(got)
          .extracting(r -> r.header("X-Hookrelay-Event"))
          .containsOnly("ReportPublished");
      assertThat(got).extracting(r -> r.header("Content-Type")).containsOnly("application/json");
      assertThat(got)
          .extracting(r -> r.header("User-Agent"))
          .containsOnly("hookrelay/" + Version.get());
      byte[] key = "s3cret".getBytes(StandardCharsets.UTF_8);
      for (Received r : got) {
        assertThat(r.header("webhook-timestamp")).matches("\\d{10}");
        assertThat(r.header("webhook-signature")).isEqualTo(standardSignature(key, r));
      }
    }
  }

  @Test
  @DisplayName(
      "Without a secret no signature header is sent, but webhook-id and the hookrelay headers are")
  void noSecretNoSignature() {
    Api api = shared.tenant("Acme").api();
    try (Receiver receiver = Receiver.answering(200)) {
      create(api, webhook(receiver.url("/hook"), "ReportPublished"));
      send(api, event("ReportPublished"));

      Wait.until("the delivery arrived", () -> receiver.count() == 1);
      Received r = receiver.received().get(0);
      assertThat(r.headers().contains("X-Authorization-HMAC-256")).isFalse();
      assertThat(r.headers().contains("webhook-signature")).isFalse();
      assertThat(r.header("webhook-id")).matches("c[a-z0-9]{24}");
      assertThat(r.header("X-Hookrelay-Attempt")).isEqualTo("1");
      assertThat(r.header("User-Agent")).isEqualTo("hookrelay/" + Version.get());
    }
  }

  /** {@code v1,} + base64 HMAC-SHA256 over {@code id.timestamp.body}, as a receiver computes it. */
  private static String standardSignature(byte[] key, Received r) throws GeneralSecurityException {
    byte[] prefix =
        (r.header("webhook-id") + "." + r.header("webhook-timestamp") + ".")
            .getBytes(StandardCharsets.UTF_8);
    byte[] body = r.body().getBytes();
    byte[] signed = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, signed, 0, prefix.length);
    System.arraycopy(body, 0, signed, prefix.length, body.length);
    return "v1," + Base64.getEncoder().encodeToString(hmac(key, signed));
  }

  private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }
}
