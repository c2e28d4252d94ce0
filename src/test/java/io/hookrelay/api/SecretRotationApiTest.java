package io.hookrelay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookrelay.delivery.Signer;
import io.hookrelay.support.Api;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Received;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.hookrelay.support.Wait;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/internal/webhooks/{cuid}/secret/rotate} through the real server, on each store
 * (a subclass per store): what the receiver gets during and after the grace period, checked with
 * hookrelay's {@link Signer} and with an independent Standard Webhooks verifier written here from
 * the specification; the answers, the webhook resource, and the 400s and 404s.
 */
public abstract class SecretRotationApiTest {

  private static final String HOOKS = "/api/internal/webhooks";
  private static final String EVENTS = "/api/internal/events";
  private static final String OLD = "s3cret-before-rotation";

  private TenantClients tenants;
  private Receiver receiver;

  /** A server on the subclass's store, started with {@link #overrides()}. */
  protected abstract TestServer server();

  /** The test defaults are enough: deliveries go to a receiver answering 200. */
  public static JsonObject overrides() {
    return new JsonObject();
  }

  @BeforeEach
  void setUp() {
    tenants = new TenantClients(server());
    receiver = Receiver.answering(200);
  }

  @AfterEach
  void tearDown() {
    tenants.close();
    receiver.close();
  }

  @Test
  @DisplayName(
      "Without a body the server makes a whsec_ secret of 24 random bytes, shown once; until the"
          + " grace period ends every delivery carries both signatures (new first), valid by"
          + " Signer and by an independent Standard Webhooks check; no other answer and no log"
          + " line holds a secret")
  void serverMadeSecretSignsBesideTheOldOne() throws Exception {
    ListAppender<ILoggingEvent> logs = captureLogs();
    try {
      TenantClient acme = tenants.create("Acme");
      String cuid = webhook(acme.api(), OLD);
      Instant before = Instant.now();

      Api.Response rotated =
          acme.api().send(HttpMethod.POST, HOOKS + "/" + cuid + "/secret/rotate", null).expect(200);

      assertThat(rotated.header("Cache-Control")).isEqualTo("no-store");
      JsonObject answer = rotated.json();
      assertThat(answer.fieldNames())
          .containsExactlyInAnyOrder("secret", "previousSecretExpiresAt");
      String secret = answer.getString("secret");
      assertThat(secret).matches("whsec_[A-Za-z0-9+/]{32}");
      assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(24);
      Instant expires = Instant.parse(answer.getString("previousSecretExpiresAt"));
      assertThat(expires)
          .isBetween(
              before.plusSeconds(86_400).truncatedTo(ChronoUnit.MILLIS),
              Instant.now().plusSeconds(86_400));
      JsonObject resource = acme.api().get(HOOKS + "/" + cuid).expect(200).json();
      assertThat(resource.getString("previousSecretExpiresAt"))
          .isEqualTo(answer.getString("previousSecretExpiresAt"));
      assertThat(resource.getBoolean("hasSecret")).isTrue();

      Received got = deliverOne(acme.api());

      assertSignedWith(got, secret, OLD);
      String again =
          acme.api()
              .post(HOOKS + "/" + cuid + "/secret/rotate", new JsonObject())
              .expect(200)
              .json()
              .getString("secret");
      assertThat(again).as("each rotation makes a new secret").isNotEqualTo(secret);
      for (String body :
          List.of(
              acme.api().get(HOOKS + "/" + cuid).body(),
              acme.api().get(HOOKS).body(),
              acme.api().get("/api/internal/webhookslog").body(),
              acme.api().patch(HOOKS + "/" + cuid, new JsonObject().put("name", "n")).body())) {
        assertThat(body).doesNotContain(OLD, secret, again, secret.substring(6));
      }
      assertThat(logs.list)
          .as("log lines")
          .isNotEmpty()
          .noneMatch(
              e ->
                  e.getFormattedMessage().contains(OLD)
                      || e.getFormattedMessage().contains(secret)
                      || e.getFormattedMessage().contains(again));
    } finally {
      releaseLogs(logs);
    }
  }

  @Test
  @DisplayName(
      "A typed secret is not echoed; once the grace period is over only the new secret signs,"
          + " and the resource shows previousSecretExpiresAt null")
  void typedSecretAndExpiry() throws Exception {
    TenantClient acme = tenants.create("Acme");
    String cuid = webhook(acme.api(), OLD);

    JsonObject answer =
        acme.api()
            .post(
                HOOKS + "/" + cuid + "/secret/rotate",
                new JsonObject().put("secret", "typed-new-secret").put("graceSeconds", 1))
            .expect(200)
            .json();

    assertThat(answer.fieldNames()).containsExactly("previousSecretExpiresAt");
    Instant expires = Instant.parse(answer.getString("previousSecretExpiresAt"));
    assertThat(Duration.between(Instant.now(), expires).toMillis()).isCloseTo(1000, within(600L));
    Wait.until("the grace period is over", () -> Instant.now().isAfter(expires));

    Received got = deliverOne(acme.api());

    assertSignedWith(got, "typed-new-secret", null);
    JsonObject resource = acme.api().get(HOOKS + "/" + cuid).expect(200).json();
    assertThat(resource.containsKey("previousSecretExpiresAt")).isTrue();
    assertThat(resource.getValue("previousSecretExpiresAt")).isNull();
  }

  @Test
  @DisplayName(
      "Rotating again during a grace period drops the oldest secret: the current and the one"
          + " before sign, the first one no longer")
  void rotatingAgainDropsTheOldest() throws Exception {
    TenantClient acme = tenants.create("Acme");
    String cuid = webhook(acme.api(), "first-secret");
    String path = HOOKS + "/" + cuid + "/secret/rotate";
    acme.api().post(path, new JsonObject().put("secret", "second-secret")).expect(200);
    acme.api()
        .post(path, new JsonObject().put("secret", "third-secret").put("graceSeconds", 600))
        .expect(200);

    Received got = deliverOne(acme.api());

    assertSignedWith(got, "third-secret", "second-secret");
    assertThat(got.header("webhook-signature")).doesNotContain(standard("first-secret", got));
  }

  @Test
  @DisplayName(
      "A webhook without a secret gets one and no previous; graceSeconds 0 ends the old secret at"
          + " once; a secret set by PATCH replaces the old one at once")
  void noPreviousCases() throws Exception {
    TenantClient acme = tenants.create("Acme");
    String unsigned = webhook(acme.api(), null);
    JsonObject first =
        acme.api().post(HOOKS + "/" + unsigned + "/secret/rotate", null).expect(200).json();
    assertThat(first.getValue("previousSecretExpiresAt")).isNull();
    assertSignedWith(deliverOne(acme.api()), first.getString("secret"), null);
    acme.api().delete(HOOKS + "/" + unsigned).expect(204);

    String signed = webhook(acme.api(), OLD);
    JsonObject atOnce =
        acme.api()
            .post(HOOKS + "/" + signed + "/secret/rotate", new JsonObject().put("graceSeconds", 0))
            .expect(200)
            .json();
    assertThat(atOnce.getValue("previousSecretExpiresAt")).isNull();
    assertSignedWith(deliverOne(acme.api()), atOnce.getString("secret"), null);

    acme.api()
        .post(HOOKS + "/" + signed + "/secret/rotate", new JsonObject().put("secret", "rotated"))
        .expect(200);
    JsonObject patched =
        acme.api()
            .patch(HOOKS + "/" + signed, new JsonObject().put("secret", "patched"))
            .expect(200)
            .json();
    assertThat(patched.getValue("previousSecretExpiresAt")).isNull();
    assertSignedWith(deliverOne(acme.api()), "patched", null);
  }

  @Test
  @DisplayName(
      "Bad input answers 400 naming each field; another tenant's or an unknown webhook 404; the"
          + " secret stays as it was")
  void badInputAndTenancy() throws Exception {
    TenantClient acme = tenants.create("Acme");
    TenantClient other = tenants.create("Other");
    String cuid = webhook(acme.api(), OLD);
    String path = HOOKS + "/" + cuid + "/secret/rotate";

    ApiBodies.invalid(
        acme.api().post(path, new JsonObject().put("graceSeconds", -1)), "graceSeconds");
    ApiBodies.invalid(
        acme.api().post(path, new JsonObject().put("graceSeconds", 604_801)), "graceSeconds");
    ApiBodies.invalid(
        acme.api().post(path, new JsonObject().put("graceSeconds", "60")), "graceSeconds");
    ApiBodies.invalid(
        acme.api().post(path, new JsonObject().put("graceSeconds", 1.5)), "graceSeconds");
    ApiBodies.invalid(acme.api().post(path, new JsonObject().put("secret", "")), "secret");
    ApiBodies.invalid(acme.api().post(path, new JsonObject().put("secret", 42)), "secret");
    ApiBodies.invalid(
        acme.api().post(path, new JsonObject().put("secret", "x".repeat(257))), "secret");
    ApiBodies.invalid(
        acme.api().post(path, new JsonObject().put("secret", "ok").put("grace", 5)), "grace");
    assertThat(
            ApiBodies.message(
                acme.api().post(path, new JsonObject().put("graceSeconds", -1)), "graceSeconds"))
        .isEqualTo("must be a whole number from 0 to 604800");
    ApiBodies.error(acme.api().post(path, "{\"secret\":"), 400, "invalid_json");
    ApiBodies.error(acme.api().post(path, "[]"), 400, "invalid_json");
    ApiBodies.error(other.api().post(path, new JsonObject()), 404, "not_found");
    ApiBodies.error(
        acme.api().post(HOOKS + "/cnotawebhook0000000000000/secret/rotate", new JsonObject()),
        404,
        "not_found");
    ApiBodies.error(server().admin().post(path, new JsonObject()), 400, "validation_failed");

    assertThat(acme.api().get(HOOKS + "/" + cuid).json().getValue("previousSecretExpiresAt"))
        .isNull();
    assertSignedWith(deliverOne(acme.api()), OLD, null);

    JsonObject byAdmin =
        server()
            .admin()
            .post(path + "?tenantCuid=" + acme.cuid(), new JsonObject().put("graceSeconds", 60))
            .expect(200)
            .json();
    assertThat(byAdmin.getString("secret")).startsWith("whsec_");
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private String webhook(Api api, String secret) {
    JsonObject body =
        new JsonObject()
            .put("name", "rotating")
            .put("url", receiver.url("/in"))
            .put("sslVerification", true)
            .put("events", new JsonArray().add("ReportPublished"))
            .put("enabled", true);
    if (secret != null) {
      body.put("secret", secret);
    }
    return api.post(HOOKS, body).expect(201).json().getString("cuid");
  }

  /** Sends one event to the tenant's webhooks and returns what the receiver got for it. */
  private Received deliverOne(Api api) {
    int before = receiver.count();
    api.post(
            EVENTS,
            new JsonObject()
                .put("event", "ReportPublished")
                .put("targetType", "report")
                .put("targetCuid", "crep1"))
        .expect(202);
    Wait.until("the delivery arrives", () -> receiver.count() == before + 1);
    return receiver.received().get(before);
  }

  /**
   * Asserts the signatures of a delivery: {@code secret} alone, or {@code secret} and {@code
   * previous} (a rotation's grace period). Each value is checked twice: against hookrelay's {@link
   * Signer} and against {@link #standard} / {@link #hex}, written here from the specifications.
   */
  private static void assertSignedWith(Received got, String secret, String previous)
      throws Exception {
    byte[] body = got.body().getBytes();
    String id = got.header("webhook-id");
    long timestamp = Long.parseLong(got.header("webhook-timestamp"));
    String[] entries = got.header("webhook-signature").split(" ");

    assertThat(got.header("X-Authorization-HMAC-256"))
        .isEqualTo(hex(secret, body))
        .isEqualTo(Signer.hmacHex(secret, body));
    assertThat(entries[0])
        .isEqualTo(standard(secret, got))
        .isEqualTo(Signer.standardSignature(secret, id, timestamp, body));
    if (previous == null) {
      assertThat(entries).hasSize(1);
      assertThat(got.headers().contains("X-Authorization-HMAC-256-Previous")).isFalse();
    } else {
      assertThat(entries).hasSize(2);
      assertThat(entries[1])
          .isEqualTo(standard(previous, got))
          .isEqualTo(Signer.standardSignature(previous, id, timestamp, body));
      assertThat(got.header("X-Authorization-HMAC-256-Previous"))
          .isEqualTo(hex(previous, body))
          .isEqualTo(Signer.hmacHex(previous, body));
    }
  }

  /**
   * Standard Webhooks, from the specification: {@code v1,} + base64 of HMAC-SHA256 over {@code
   * msg_id.timestamp.payload}, keyed by the base64-decoded part after {@code whsec_} (other secrets
   * by their UTF-8 bytes, as API.md says).
   */
  private static String standard(String secret, Received got) throws Exception {
    byte[] key =
        secret.startsWith("whsec_")
            ? Base64.getDecoder().decode(secret.substring("whsec_".length()))
            : secret.getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    String signed =
        got.header("webhook-id")
            + "."
            + got.header("webhook-timestamp")
            + "."
            + got.body().toString(StandardCharsets.UTF_8);
    return "v1,"
        + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
  }

  /** PlexTrac's header: lowercase hex HMAC-SHA256 keyed by the secret's UTF-8 bytes. */
  private static String hex(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  /** Every log event of hookrelay (debug and up) while the test runs. */
  private static ListAppender<ILoggingEvent> captureLogs() {
    Logger hookrelay = (Logger) LoggerFactory.getLogger("io.hookrelay");
    hookrelay.setLevel(Level.DEBUG);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    hookrelay.addAppender(appender);
    return appender;
  }

  private static void releaseLogs(ListAppender<ILoggingEvent> appender) {
    Logger hookrelay = (Logger) LoggerFactory.getLogger("io.hookrelay");
    hookrelay.detachAppender(appender);
    hookrelay.setLevel(Level.INFO);
    appender.stop();
  }
}
