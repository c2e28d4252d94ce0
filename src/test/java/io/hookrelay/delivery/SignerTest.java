package io.hookrelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SignerTest {

  private static final String REFERENCE_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String REFERENCE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long REFERENCE_TIMESTAMP = 1614265330L;
  private static final byte[] REFERENCE_BODY = utf8("{\"test\": 2432232314}");

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** An independent HMAC-SHA256: a fresh Mac per call, no caching, JDK encoders. */
  private static byte[] referenceHmac(byte[] key, byte[]... parts) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    for (byte[] part : parts) {
      mac.update(part);
    }
    return mac.doFinal();
  }

  private static String referenceStandard(byte[] key, String id, long ts, byte[] body)
      throws Exception {
    return "v1,"
        + Base64.getEncoder().encodeToString(referenceHmac(key, utf8(id + "." + ts + "."), body));
  }

  @Test
  @DisplayName("The Standard Webhooks reference vector produces the published signature")
  void standardReferenceVector() {
    assertThat(
            Signer.standardSignature(
                REFERENCE_SECRET, REFERENCE_ID, REFERENCE_TIMESTAMP, REFERENCE_BODY))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  @DisplayName("The hex HMAC matches RFC 4231 test case 2 (key \"Jefe\")")
  void hexRfc4231Case2() {
    assertThat(Signer.hmacHex("Jefe", utf8("what do ya want for nothing?")))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  @DisplayName("The hex HMAC matches RFC 4231 test case 1 (twenty 0x0b key bytes)")
  void hexRfc4231Case1() {
    assertThat(Signer.hmacHex("\u000b".repeat(20), utf8("Hi There")))
        .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  }

  @Test
  @DisplayName("The hex HMAC is 64 lowercase hex digits equal to an independent computation")
  void hexMatchesIndependentComputation() throws Exception {
    byte[] body = utf8("{\"cuid\":\"c1\",\"event\":\"ReportPublished\"}");
    String hex = Signer.hmacHex("s3cret", body);
    assertThat(hex).hasSize(64).matches("[0-9a-f]{64}");
    assertThat(hex).isEqualTo(HexFormat.of().formatHex(referenceHmac(utf8("s3cret"), body)));
  }

  @Test
  @DisplayName("A multibyte secret and body are used as their exact UTF-8 bytes in both headers")
  void multibyteSecretAndBody() {
    byte[] body = utf8("{\"text\":\"naïve ☃ 😀\"}");
    assertThat(Signer.hmacHex("clé-🔑", body))
        .isEqualTo("461915b6aa76d023ff9012cf46e083608099e588c1ca3156d724e4777f9534d6");
    assertThat(Signer.standardSignature("clé-🔑", "msg_1", 1_700_000_000L, body))
        .isEqualTo("v1,165CglkF8cXpPWp9B4c/TXC527NJPfCJ1Bu8u0DLlrI=");
  }

  @Test
  @DisplayName("The hex HMAC is keyed by a whsec_ secret as written, not by its decoded bytes")
  void hexUsesWhsecSecretAsWritten() throws Exception {
    assertThat(Signer.hmacHex(REFERENCE_SECRET, REFERENCE_BODY))
        .isEqualTo(HexFormat.of().formatHex(referenceHmac(utf8(REFERENCE_SECRET), REFERENCE_BODY)));
  }

  @Test
  @DisplayName(
      "A secret without the whsec_ prefix keys the standard signature with its raw UTF-8 bytes")
  void standardWithPlainSecret() throws Exception {
    assertThat(Signer.standardSignature("plain-secret", "c123", 1614265330L, REFERENCE_BODY))
        .isEqualTo(referenceStandard(utf8("plain-secret"), "c123", 1614265330L, REFERENCE_BODY));
  }

  @Test
  @DisplayName("A whsec_ secret whose rest is not base64 signs with the whole secret's UTF-8 bytes")
  void standardWithMalformedWhsecSecret() throws Exception {
    for (String secret : List.of("whsec_not base64!", "whsec_")) {
      assertThat(Signer.standardSignature(secret, "c1", 10L, REFERENCE_BODY))
          .as(secret)
          .isEqualTo(referenceStandard(utf8(secret), "c1", 10L, REFERENCE_BODY));
    }
  }

  @Test
  @DisplayName("Body bytes are signed exactly as given, even when they are not valid UTF-8")
  void bodyBytesAreNotReencoded() throws Exception {
    byte[] body = {'{', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '}'};
    assertThat(Signer.hmacHex("k", body))
        .isEqualTo(HexFormat.of().formatHex(referenceHmac(utf8("k"), body)));
    assertThat(Signer.standardSignature("k", "c1", 1L, body))
        .isEqualTo(referenceStandard(utf8("k"), "c1", 1L, body));
  }

  @Test
  @DisplayName(
      "An empty body, a zero timestamp and a non-ASCII id still sign like an independent computation")
  void edgeInputs() throws Exception {
    byte[] empty = new byte[0];
    assertThat(Signer.hmacHex("k", empty))
        .isEqualTo(HexFormat.of().formatHex(referenceHmac(utf8("k"), empty)));
    assertThat(Signer.standardSignature("k", "c1", 0L, empty))
        .isEqualTo(referenceStandard(utf8("k"), "c1", 0L, empty));
    assertThat(Signer.standardSignature("k", "msg_ü€", 1614265330L, REFERENCE_BODY))
        .isEqualTo(referenceStandard(utf8("k"), "msg_ü€", 1614265330L, REFERENCE_BODY));
  }

  @Test
  @DisplayName("Switching between secrets on one thread never signs with a stale key")
  void alternatingSecrets() throws Exception {
    for (int round = 0; round < 3; round++) {
      for (String secret : List.of("alpha", "beta", REFERENCE_SECRET, "alpha")) {
        assertThat(Signer.hmacHex(secret, REFERENCE_BODY))
            .isEqualTo(HexFormat.of().formatHex(referenceHmac(utf8(secret), REFERENCE_BODY)));
      }
      assertThat(
              Signer.standardSignature("alpha", REFERENCE_ID, REFERENCE_TIMESTAMP, REFERENCE_BODY))
          .isEqualTo(
              referenceStandard(utf8("alpha"), REFERENCE_ID, REFERENCE_TIMESTAMP, REFERENCE_BODY));
      assertThat(
              Signer.standardSignature(
                  REFERENCE_SECRET, REFERENCE_ID, REFERENCE_TIMESTAMP, REFERENCE_BODY))
          .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
  }

  @Test
  @DisplayName(
      "An empty or missing secret is refused and leaves the thread able to sign afterwards")
  void emptySecretRefused() {
    assertThatThrownBy(() -> Signer.hmacHex("", REFERENCE_BODY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Signer.standardSignature(null, "c1", 1L, REFERENCE_BODY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Signer.standardSignature("k", "c1", 1L, null))
        .isInstanceOf(NullPointerException.class);
    assertThat(
            Signer.standardSignature(
                REFERENCE_SECRET, REFERENCE_ID, REFERENCE_TIMESTAMP, REFERENCE_BODY))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    assertThat(Signer.hmacHex("Jefe", utf8("what do ya want for nothing?")))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  @DisplayName(
      "Threads signing concurrently with different secrets and bodies each get correct results")
  void concurrentSigning() throws Exception {
    int threads = 4;
    int rounds = 5_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String secret = t % 2 == 0 ? "secret-" + t : REFERENCE_SECRET;
        byte[] body = utf8("{\"thread\":" + t + ",\"text\":\"ü😀\"}");
        String id = "msg_" + t;
        long timestamp = 1614265330L + t;
        String expectedHex = HexFormat.of().formatHex(referenceHmac(utf8(secret), body));
        String expectedStandard =
            referenceStandard(Signer.standardKey(secret), id, timestamp, body);
        Callable<Integer> job =
            () -> {
              start.await();
              int correct = 0;
              for (int i = 0; i < rounds; i++) {
                boolean hexOk = Signer.hmacHex(secret, body).equals(expectedHex);
                boolean stdOk =
                    Signer.standardSignature(secret, id, timestamp, body).equals(expectedStandard);
                correct += hexOk && stdOk ? 1 : 0;
              }
              return correct;
            };
        results.add(pool.submit(job));
      }
      start.countDown();
      for (Future<Integer> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(rounds);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("The standard key of a whsec_ secret is its base64-decoded rest")
  void standardKeyDecodesWhsec() {
    assertThat(Signer.standardKey(REFERENCE_SECRET))
        .isEqualTo(Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    assertThat(Signer.standardKey("abc")).isEqualTo(utf8("abc"));
  }
}
